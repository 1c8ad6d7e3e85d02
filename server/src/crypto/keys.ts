import { createPrivateKey, type KeyObject, sign as signBytes } from 'node:crypto';
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
} from 'jose';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';

const ALG = 'ES256';
/** An unknown `kid` makes an instance re-read the key table at most this often. */
const RELOAD_INTERVAL_MS = 1000;
/** Every instance re-reads the key table this often, so a rotation reaches them all. */
export const KEY_REFRESH_MS = 60_000;

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  /** The signing key as node:crypto holds it, with the encoded protected header it signs under. */
  signer?: { key: KeyObject; header: string };
  retiredAt: number | null;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/**
 * The signing keys, kept in the store so every instance signs and verifies alike. The newest
 * unretired key signs; every key still listed verifies (a retired key stays listed until the
 * tokens it signed have expired).
 */
export class KeyRing {
  private keys = new Map<string, LoadedKey>();
  private signing!: LoadedKey;
  private lastReload = 0;
  private timer: NodeJS.Timeout | undefined;

  /** `now`: the server's clock, which token expiry and the reload interval are read from. */
  private constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  static async open(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', options: { now?: () => number } = {}): Promise<KeyRing> {
    const ring = new KeyRing(db, options.now ?? (() => Date.now()));
    await ring.reload();
    if (!ring.signing) {
      // The first key is made under a lock, so instances that start together on a fresh database
      // agree on one key instead of each making its own (SQLite: one writer at a time anyway).
      await db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(7316002)`.execute(trx);
        const existing = await trx.selectFrom('signing_keys').select('kid').where('retired_at', 'is', null).executeTakeFirst();
        if (!existing) await KeyRing.insertKey(trx, ring.now());
      });
      await ring.reload();
    }
    return ring;
  }

  /**
   * Rotation without signing anyone out: a new key signs from now on; the old ones are retired but
   * keep verifying until no token they signed can still be alive (`tokenTtl` after retirement, plus
   * the time other instances may take to notice), then they are removed.
   */
  async rotate(options: { tokenTtlSeconds: number; now?: number }): Promise<string> {
    const now = options.now ?? this.now();
    const kid = await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('signing_keys').set({ retired_at: now }).where('retired_at', 'is', null).execute();
      return KeyRing.insertKey(trx, now);
    });
    await this.prune(options.tokenTtlSeconds, now);
    await this.reload();
    return kid;
  }

  /** Removes retired keys that can no longer have live tokens. */
  async prune(tokenTtlSeconds: number, now = this.now()): Promise<void> {
    const keepAfter = now - tokenTtlSeconds * 1000 - 2 * KEY_REFRESH_MS;
    await this.db.deleteFrom('signing_keys').where('retired_at', 'is not', null).where('retired_at', '<', keepAfter).execute();
  }

  /** Re-reads the key table on a timer (a rotation made by another instance); stopped by `close()`. */
  watch(): void {
    this.timer ??= setInterval(() => void this.reload().catch(() => {}), KEY_REFRESH_MS);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
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
    this.lastReload = this.now();
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
        key.signer ??= {
          key: createPrivateKey({ key: JSON.parse(row.private_jwk) as JWK & { kty: string }, format: 'jwk' }),
          header: base64url(JSON.stringify({ alg: ALG, kid: row.kid, typ: 'JWT' })),
        };
        signing = key;
      }
      keys.set(row.kid, key);
    }
    this.keys = keys;
    if (signing) this.signing = signing;
  }

  /**
   * A compact JWS (RFC 7515 §7.1) with ES256 (RFC 7518 §3.4: the signature is R ‖ S, 64 bytes),
   * signed synchronously by node:crypto. jose's `SignJWT` makes the same token through WebCrypto,
   * whose asynchronous hand-off cost more main-thread time per token than the signature itself
   * (bench notes in BENCHMARKS.md); verification stays with jose. A test verifies these tokens
   * with jose against the published JWKS.
   */
  async sign(claims: JWTPayload): Promise<string> {
    const { signer } = this.signing;
    const input = `${signer!.header}.${base64url(JSON.stringify(claims))}`;
    const signature = signBytes('sha256', Buffer.from(input), { key: signer!.key, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Verifies signature, algorithm, issuer, audience and expiry; throws jose's coded errors. */
  async verify(token: string, options: { issuer: string; audience?: string }) {
    return jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
      algorithms: [ALG],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: 0,
      currentDate: new Date(this.now()),
    });
  }

  private async keyFor(header: JWTHeaderParameters): Promise<CryptoKey> {
    const key = header.kid ? await this.find(header.kid) : undefined;
    if (!key) throw Object.assign(new Error('Unknown signing key'), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    return key.publicKey;
  }

  private async find(kid: string): Promise<LoadedKey | undefined> {
    const key = this.keys.get(kid);
    if (key || this.now() - this.lastReload <= RELOAD_INTERVAL_MS) return key;
    // Another instance may have rotated the key: look again, at most once a second.
    await this.reload();
    return this.keys.get(kid);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }

  /**
   * One public key as SPKI PEM: the signing key, or the listed key `kid`; undefined for an unknown
   * kid. One key only, since PEM readers (jose's importSPKI, node:crypto) take the first block or
   * fail on several; verifying across a rotation is the JWKS's job.
   */
  async pem(kid?: string): Promise<string | undefined> {
    const key = kid === undefined ? this.signing : await this.find(kid);
    return key && exportSPKI(key.publicKey);
  }

  get currentKid(): string {
    return this.signing.kid;
  }
}
