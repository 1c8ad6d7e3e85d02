import { randomBytes } from 'node:crypto';
import { errors as joseErrors } from 'jose';
import type { Kysely, Transaction } from 'kysely';
import { type Realm, type TokenClaims, type TokenOrigin, type TokenResponse, tokenClaimsSchema } from 'snr-auth/contract';
import type { ServerConfig } from './config.js';
import type { KeyRing } from './crypto/keys.js';
import { keptUserAgent } from './devices.js';
import { unauthorized } from './errors.js';
import type { ClientRow } from './store/clients.js';
import type { Database } from './store/schema.js';
import {
  findSession,
  insertSession,
  markSessionActive,
  revokeClientSessionRows,
  revokeOtherCustomerSessionRows,
  revokeSessionRow,
  type SessionRow,
} from './store/sessions.js';

export type { SessionRow };

type Db = Kysely<Database> | Transaction<Database>;

export interface VerifiedToken {
  claims: TokenClaims;
  session: SessionRow;
}

/** A session's last activity is written at most this often (the customer's list shows it as "5 minutes ago"). */
export const ACTIVITY_RESOLUTION_MS = 60_000;

interface CachedSession {
  session: SessionRow;
  until: number;
}

/**
 * Sessions and the tokens issued for them. A token is valid while its signature, issuer and expiry
 * check out AND its session is neither revoked nor past its absolute cap. Session rows are cached
 * for at most `revocationCacheMs`; a revocation made by this instance drops its cache entries at
 * once, so the staleness bound only concerns revocations made by another instance.
 */
export class Sessions {
  private cache = new Map<string, CachedSession>();
  /** When this instance last wrote each session's activity: the row in the cache may be older. */
  private noted = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly keys: KeyRing,
    private readonly config: ServerConfig,
  ) {}

  /** `userAgent`: the opening request's `User-Agent`, kept (cut, one line) for the customer's list of devices. */
  async create(
    db: Db,
    input: { clientId: number; apiKey: string; realm: Realm; origin: TokenOrigin; now: number; userAgent?: string | undefined },
  ): Promise<SessionRow> {
    const session: SessionRow = {
      id: randomBytes(16).toString('base64url'),
      client_id: input.clientId,
      api_key: input.apiKey,
      realm: input.realm,
      origin: input.origin,
      created_at: input.now,
      expires_at: input.now + this.config.sessionMaxAge * 1000,
      refreshed_at: null,
      revoked_at: null,
      revoked_reason: null,
      user_agent: keptUserAgent(input.userAgent),
      last_active_at: input.now,
    };
    await insertSession(db, session);
    return session;
  }

  /** Signs a token for a session; its lifetime never passes the session's cap. */
  async issue(session: SessionRow, client: Pick<ClientRow, 'id' | 'uuid' | 'custom_id'>, now: number): Promise<TokenResponse> {
    const iat = Math.floor(now / 1000);
    const exp = Math.min(iat + this.config.tokenTtl, Math.floor(session.expires_at / 1000));
    const realm = session.realm as Realm;
    const customer = realm === 'client';
    const claims: TokenClaims = {
      iss: this.config.issuer,
      aud: session.api_key,
      sub: customer ? String(client.id) : client.uuid,
      uuid: client.uuid,
      ...(customer ? { clientId: client.id } : {}),
      rlm: realm,
      origin: session.origin as TokenOrigin,
      sid: session.id,
      iat,
      exp,
    };
    const token = await this.keys.sign(claims);
    return {
      token,
      expiration: exp,
      created: now,
      origin: claims.origin,
      realm,
      uuid: client.uuid,
      ...(customer ? { clientId: client.id, customId: client.custom_id } : {}),
    };
  }

  /** Verifies a bearer token and its session; throws 401 with the precise code. */
  async verify(token: string, now = Date.now(), options: { fresh?: boolean } = {}): Promise<VerifiedToken> {
    let payload: unknown;
    try {
      ({ payload } = await this.keys.verify(token, { issuer: this.config.issuer }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('TOKEN_EXPIRED', 'The token has expired');
      throw unauthorized('TOKEN_INVALID', 'The token is not valid');
    }
    const parsed = tokenClaimsSchema.safeParse(payload);
    if (!parsed.success) throw unauthorized('TOKEN_INVALID', 'The token is not valid');
    const session = options.fresh ? await this.loadFresh(parsed.data.sid) : await this.load(parsed.data.sid, now);
    if (!session) throw unauthorized('TOKEN_INVALID', 'The token is not valid');
    if (session.revoked_at !== null) throw unauthorized('SESSION_REVOKED', 'The session has ended');
    if (session.expires_at <= now) throw unauthorized('TOKEN_EXPIRED', 'The session has expired');
    if (session.api_key !== parsed.data.aud) throw unauthorized('TOKEN_INVALID', 'The token is not valid');
    return { claims: parsed.data, session };
  }

  /**
   * The anonymous UUID a token was issued for, when it is one of this server's (signature, issuer)
   * for `apiKey`: proof that whoever sends it was handed that UUID's anonymous session. Expiry and
   * the session's later fate do not matter (an idle visitor's token expires; a merge moves it on).
   * Anything else, a customer's token included, proves nothing: undefined.
   */
  async anonymousUuidOf(token: string | undefined, apiKey: string): Promise<string | undefined> {
    if (!token) return undefined;
    let payload: unknown;
    try {
      ({ payload } = await this.keys.verify(token, { issuer: this.config.issuer }));
    } catch (err) {
      // The signature was checked before the expiry.
      if (!(err instanceof joseErrors.JWTExpired)) return undefined;
      payload = err.payload;
    }
    const parsed = tokenClaimsSchema.safeParse(payload);
    if (!parsed.success) return undefined;
    const claims = parsed.data;
    return claims.iss === this.config.issuer && claims.rlm === 'anonymous_client' && claims.aud === apiKey ? claims.uuid : undefined;
  }

  private async load(sid: string, now: number): Promise<SessionRow | undefined> {
    const cached = this.cache.get(sid);
    if (cached && cached.until > now) return cached.session;
    const session = await findSession(this.db, sid);
    if (session && this.config.revocationCacheMs > 0) {
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(sid, { session, until: now + this.config.revocationCacheMs });
    }
    return session;
  }

  /** Fresh from the store, bypassing the cache: refresh must never extend a revoked session. */
  async loadFresh(sid: string): Promise<SessionRow | undefined> {
    return findSession(this.db, sid);
  }

  /**
   * Notes that a customer used the session (a call of theirs), for their list of devices: one write
   * a minute per session at most, skipped while the row (or this instance's last write) is fresher.
   */
  async noteActivity(session: SessionRow, now: number): Promise<void> {
    const last = Math.max(session.last_active_at ?? 0, session.refreshed_at ?? 0, session.created_at, this.noted.get(session.id) ?? 0);
    if (now - last < ACTIVITY_RESOLUTION_MS) return;
    if (this.noted.size > 50_000) this.noted.clear();
    this.noted.set(session.id, now);
    await markSessionActive(this.db, session.id, now, now - ACTIVITY_RESOLUTION_MS);
  }

  async revokeSession(db: Db, sid: string, reason: string, now: number): Promise<void> {
    await revokeSessionRow(db, sid, reason, now);
    this.cache.delete(sid);
  }

  /** Revokes every live session of a customer, except `keep` when given. */
  async revokeClientSessions(db: Db, clientId: number, reason: string, now: number, keep?: string): Promise<void> {
    await revokeClientSessionRows(db, clientId, reason, now, keep);
    for (const [sid, entry] of this.cache) if (entry.session.client_id === clientId && sid !== keep) this.cache.delete(sid);
  }

  /** Revokes the customer's other signed-in sessions (their list of devices' "sign out all others"); answers how many ended. */
  async revokeOtherCustomerSessions(db: Db, clientId: number, keep: string, reason: string, now: number): Promise<number> {
    const count = await revokeOtherCustomerSessionRows(db, clientId, keep, reason, now);
    for (const [sid, entry] of this.cache) if (entry.session.client_id === clientId && sid !== keep) this.cache.delete(sid);
    return count;
  }

  forget(): void {
    this.cache.clear();
    this.noted.clear();
  }
}
