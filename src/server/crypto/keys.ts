import {
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

const ALG = 'ES256';
const RELOAD_INTERVAL_MS = 1000;

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey?: CryptoKey;
  retiredAt: number | null;
}

/**
 * The signing keys, kept in the store so every instance signs and verifies alike. The newest
 * unretired key signs; every key still listed verifies (a retired key stays listed until the
 * tokens it signed have expired).
 */
export class KeyRing {
  private keys = new Map<string, LoadedKey>();
  private signing!: LoadedKey;
  private lastReload = 0;

  private constructor(private readonly db: Kysely<Database>) {}

  static async open(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<KeyRing> {
    const ring = new KeyRing(db);
    await ring.reload();
    if (!ring.signing) {
      // The first key is made under a lock, so instances that start together on a fresh database
      // agree on one key instead of each making its own (SQLite: one writer at a time anyway).
      await db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7316002)`.execute(trx);
        const existing = await trx.selectFrom('signing_keys').select('kid').where('retired_at', 'is', null).executeTakeFirst();
        if (!existing) await KeyRing.insertKey(trx, Date.now());
      });
      await ring.reload();
    }
    return ring;
  }

  /** Makes a new signing key; the previous one keeps verifying. */
  async createKey(now = Date.now()): Promise<string> {
    return KeyRing.insertKey(this.db, now);
  }

  private static async insertKey(db: Kysely<Database> | Transaction<Database>, now: number): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    await db
      .insertInto('signing_keys')
      .values({
        kid,
        alg: ALG,
        private_jwk: JSON.stringify(await exportJWK(privateKey)),
        public_jwk: JSON.stringify({ ...publicJwk, kid, alg: ALG, use: 'sig' }),
        created_at: now,
        retired_at: null,
      })
      .onConflict((oc) => oc.column('kid').doNothing())
      .execute();
    return kid;
  }

  async reload(): Promise<void> {
    this.lastReload = Date.now();
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    const keys = new Map<string, LoadedKey>();
    let signing: LoadedKey | undefined;
    for (const row of rows) {
      const known = this.keys.get(row.kid);
      const publicJwk = JSON.parse(row.public_jwk) as JWK;
      const key: LoadedKey = known
        ? { ...known, retiredAt: row.retired_at }
        : { kid: row.kid, publicJwk, publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey, retiredAt: row.retired_at };
      if (!signing && row.retired_at === null) {
        key.privateKey ??= (await importJWK(JSON.parse(row.private_jwk) as JWK, ALG)) as CryptoKey;
        signing = key;
      }
      keys.set(row.kid, key);
    }
    this.keys = keys;
    if (signing) this.signing = signing;
  }

  async sign(claims: JWTPayload): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: ALG, kid: this.signing.kid, typ: 'JWT' }).sign(this.signing.privateKey!);
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws jose's coded errors. */
  async verify(token: string, options: { issuer: string; audience?: string }) {
    return jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
      algorithms: [ALG],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: 0,
    });
  }

  private async keyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
    let key = header.kid ? this.keys.get(header.kid) : undefined;
    // Another instance may have rotated the key: look again, at most once a second.
    if (!key && header.kid && Date.now() - this.lastReload > RELOAD_INTERVAL_MS) {
      await this.reload();
      key = this.keys.get(header.kid);
    }
    if (!key) throw Object.assign(new Error('Unknown signing key'), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    return key.publicKey;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }

  async pem(): Promise<string> {
    const parts = await Promise.all([...this.keys.values()].map((k) => exportSPKI(k.publicKey)));
    return parts.join('');
  }

  get currentKid(): string {
    return this.signing.kid;
  }
}
