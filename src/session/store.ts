import type { ApiClient } from '../api/client.js';
import { SnrError } from '../api/errors.js';
import type { TokenOrigin, TokenResponse } from '../contract/schemas.js';
import { type Clock, type Sent, ServerTime, systemClock } from './clock.js';
import { expiryMargin, type StoredToken, storedToken, tokenPhase, tokenSpan } from './refresh.js';
import type { KeyValueStorage } from './storage.js';
import type { TabCoordinator } from './tabs.js';

export type SessionStatus = 'starting' | 'anonymous' | 'signed-in';

/**
 * Why a signed-in session ended: Synerise's eight `ClientSessionEndReason`s.
 * - `NOT_SPECIFIED`: no reason was recorded (another tab's copy without one);
 * - `SESSION_EXPIRATION`: the token or the session reached its end;
 * - `SECURITY_EXCEPTION`: the server refused the token as not valid (signature, issuer, unknown session);
 * - `USER_SIGN_OUT`: `signOut()` on this device;
 * - `SYSTEM_SIGN_OUT`: the server ended the session (signed out elsewhere, password or email changed, erased by the site);
 * - `SESSION_DESTROYED`: `destroySession()` (or `signOut({ mode: 'destroy-session' })`);
 * - `CLIENT_REJECTED`: the server refused this site's API key for the token (unknown key, another key's token);
 * - `USER_ACCOUNT_DELETED`: `deleteAccount()`.
 */
export const SESSION_END_REASONS = [
  'NOT_SPECIFIED',
  'SESSION_EXPIRATION',
  'SECURITY_EXCEPTION',
  'USER_SIGN_OUT',
  'SYSTEM_SIGN_OUT',
  'SESSION_DESTROYED',
  'CLIENT_REJECTED',
  'USER_ACCOUNT_DELETED',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** The three reasons before Synerise's eight (0.1): still read from storage another version wrote. */
export type LegacySessionEndReason = 'SIGN_OUT' | 'SESSION_EXPIRATION' | 'SESSION_REVOKED';

const LEGACY_REASONS: Record<string, SessionEndReason> = { SIGN_OUT: 'USER_SIGN_OUT', SESSION_REVOKED: 'SYSTEM_SIGN_OUT' };

/** A reason as one of the eight: an old name maps to its successor, anything else unknown to `NOT_SPECIFIED`. */
export function toSessionEndReason(reason: unknown): SessionEndReason | null {
  if (reason === null || reason === undefined) return null;
  if ((SESSION_END_REASONS as readonly unknown[]).includes(reason)) return reason as SessionEndReason;
  return (typeof reason === 'string' && LEGACY_REASONS[reason]) || 'NOT_SPECIFIED';
}

export interface SessionState {
  /** `starting` only until the very first token of this browser is in hand. */
  readonly status: SessionStatus;
  readonly uuid: string;
  readonly clientId: number | null;
  readonly customId: string | null;
  readonly origin: TokenOrigin | null;
  /** Local epoch ms at which the current token ends. */
  readonly expiresAt: number | null;
  readonly lastError: SnrError | null;
  /** Why the last signed-in session ended; cleared by the next sign-in. */
  readonly endReason: SessionEndReason | null;
}

export type SessionChangeType = 'started' | 'signed-in' | 'signed-out' | 'refreshed' | 'uuid-changed' | 'error';

export interface SessionChange {
  type: SessionChangeType;
  reason?: SessionEndReason;
  /** On `signed-out`: the sign-out asked the server to end every session of the customer (this tab's or another's asking). */
  fromAllDevices?: boolean;
  /** Another tab made the change; this one follows it. */
  remote?: boolean;
  /** The `cause` given to the Client call that made the change (absent when none was, or nobody called). */
  cause?: unknown;
  /** On `error`: the eventSalts of the tracked events the server refused for good (dropped from the queue). */
  dropped?: readonly string[];
}

export type SessionListener = (state: SessionState, change: SessionChange) => void;

export interface SessionStoreOptions {
  api: ApiClient;
  storage: KeyValueStorage;
  tabs: TabCoordinator;
  /** Prefix of every key, from `storageNamespace()`. */
  namespace: string;
  /** Fraction of a token's lifetime, before its end, in which activity refreshes it. Default 0.5. */
  refreshWindow?: number;
  deviceId?: string;
  /** The device's clocks (clock.ts); `Date.now()` and `performance.now()` by default. */
  clock?: Clock;
  /** Older option: one function read as both clocks (tests that move time themselves). */
  now?: () => number;
  randomUUID?: () => string;
  /** Do Not Track: no anonymous profile is asked for unless a call needs a token (see `setDormant`). */
  dormant?: boolean;
}

/** What the store writes: one key, so a write is atomic for the other tabs. */
interface Persisted {
  uuid: string;
  token: StoredToken | null;
  endReason: SessionEndReason | null;
  /** The last sign-out ended every session of the customer (so other tabs can say so). */
  fromAllDevices?: boolean;
  /** Grows with every write; the newer of two copies wins. */
  rev: number;
  /** The server's time minus the writer's wall clock when it wrote (clock.ts), for pages that had no answer yet. */
  offset?: number;
}

type Upkeep = 'auto' | 'refresh' | 'refused';

const noop = () => {};

/** Token failures that end a session, as opposed to failures of the network or of the server. */
export function refusalReason(err: unknown): 'SESSION_EXPIRATION' | 'SECURITY_EXCEPTION' | 'SYSTEM_SIGN_OUT' | 'CLIENT_REJECTED' | null {
  if (!(err instanceof SnrError)) return null;
  if (err.status === 403) return err.code === 'UNKNOWN_API_KEY' || err.code === 'API_KEY_MISMATCH' ? 'CLIENT_REJECTED' : null;
  if (err.status !== 401) return null;
  if (err.code === 'TOKEN_EXPIRED') return 'SESSION_EXPIRATION';
  if (err.code === 'SESSION_REVOKED') return 'SYSTEM_SIGN_OUT';
  return err.code === 'TOKEN_INVALID' ? 'SECURITY_EXCEPTION' : null;
}

/**
 * The session store: the UUID, the current token and the refresh policy of DESIGN.md §2. No DOM:
 * storage, tab coordination and the clock come in through options.
 *
 * Every change of the stored session happens inside `tabs.exclusive('session')`, after adopting
 * whatever another tab wrote, so one tab refreshes and the others pick up its token.
 */
export class SessionStore {
  readonly #o: SessionStoreOptions;
  readonly #key: string;
  readonly #window: number;
  /** The device's clocks, as given. */
  readonly clock: Clock;
  readonly #server: ServerTime;
  #rec: Persisted;
  #current: SessionState;
  readonly #listeners = new Set<SessionListener>();
  #inflight: Promise<StoredToken> | null = null;
  #retryRefreshAt = 0;
  #hadToken = false;
  #dormant: boolean;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #stopMessages: () => void;

  constructor(options: SessionStoreOptions) {
    this.#o = options;
    this.#key = `${options.namespace}session`;
    this.#window = options.refreshWindow ?? 0.5;
    if (!(this.#window > 0 && this.#window < 1)) throw new RangeError('refreshWindow must be between 0 and 1');
    const now = options.now;
    this.clock = options.clock ?? (now ? { wall: now, monotonic: now } : systemClock);
    this.#server = new ServerTime(this.clock);
    this.#dormant = options.dormant ?? false;
    this.#rec = this.#read() ?? { uuid: this.#newUuid(), token: null, endReason: null, rev: 0 };
    this.#server.adopt(this.#rec.offset);
    this.#current = this.#derive(null);
    this.#stopMessages = options.tabs.onMessage((message) => {
      if (message.type === 'session') {
        const record = message.record as Persisted;
        this.#sync(record && { ...record, endReason: toSessionEndReason(record.endReason) });
      }
    });
    this.#scheduleExpiry();
  }

  get state(): SessionState {
    return this.#current;
  }

  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The token to send, following the refresh policy; `activity: false` never refreshes. `cause`
   * (here and below) tags the changes the call makes, for whoever listens.
   */
  token(activity = true, cause?: unknown): Promise<StoredToken> {
    const token = this.#rec.token;
    if (token) {
      const phase = tokenPhase(token, this.#server.now(), this.#window);
      if (phase === 'fresh' || (phase === 'refresh' && (!activity || this.clock.monotonic() < this.#retryRefreshAt))) {
        return Promise.resolve(token);
      }
    }
    return this.#rec.rev === 0 && !this.#inflight ? this.#firstStart(cause) : this.#upkeep(token, 'auto', undefined, cause);
  }

  /** Activity without a request of its own (an event tracked): refresh now if the window is open. */
  touch(): void {
    const token = this.#rec.token;
    if (!token || this.#inflight || this.clock.monotonic() < this.#retryRefreshAt) return;
    if (tokenPhase(token, this.#server.now(), this.#window) !== 'fresh') this.#upkeep(token, 'auto').catch(noop);
  }

  /** The current token if it is still worth sending, without waiting for anything (page hide). */
  tokenNow(): StoredToken | null {
    const token = this.#rec.token;
    return token && tokenPhase(token, this.#server.now(), this.#window) !== 'expired' ? token : null;
  }

  /** Now on the server's clock, as this page reads it (clock.ts). */
  serverNow(): number {
    return this.#server.now();
  }

  /**
   * The anonymous token this visitor holds for its UUID, expired or not: the server's proof that the
   * UUID is ours (its anonymous history merges into a sign-in, its profile is given back to us).
   */
  anonymousToken(): string | undefined {
    const token = this.#rec.token;
    return token?.realm === 'anonymous_client' && token.uuid === this.#rec.uuid ? token.token : undefined;
  }

  /** Refresh whatever the window says; a token another tab just refreshed counts. */
  refresh(cause?: unknown): Promise<StoredToken> {
    return this.#upkeep(this.#rec.token, 'refresh', undefined, cause);
  }

  /**
   * A call made with `used` was refused with `err`. When the refusal is about the token, the
   * session ends (or the newer token of another tab is taken) and the caller may try once more.
   */
  async recover(err: unknown, used: StoredToken, cause?: unknown): Promise<boolean> {
    const reason = refusalReason(err);
    if (!reason) return false;
    await this.#upkeep(used, 'refused', reason, cause);
    return true;
  }

  /** Now, on both clocks: note it before a request whose answer is a token (`signedIn`). */
  mark(): Sent {
    return { wall: this.clock.wall(), monotonic: this.clock.monotonic() };
  }

  /** A sign-in answered: adopt the customer's token and UUID. `sent`: `mark()` before the request left. */
  signedIn(answer: TokenResponse, sent: Sent, cause?: unknown): Promise<void> {
    return this.#o.tabs.exclusive('session', async () => {
      this.#sync();
      this.#commit({ uuid: answer.uuid, token: this.#received(answer, sent), endReason: null, fromAllDevices: false }, { type: 'signed-in' }, cause);
    });
  }

  /**
   * End the session here and start an anonymous one, for the same UUID or, with `newUuid`, a fresh
   * one. `first` (telling the server) runs under the same lock, so no tab meanwhile takes the
   * server's revocation for a revocation from elsewhere.
   */
  reset(
    reason: SessionEndReason,
    newUuid: boolean | string,
    first?: (token: StoredToken | null) => Promise<void>,
    { fromAllDevices = false, cause }: { fromAllDevices?: boolean; cause?: unknown } = {},
  ): Promise<StoredToken | null> {
    return this.#o.tabs.exclusive('session', async () => {
      this.#sync();
      await first?.(this.tokenNow());
      const signedIn = this.#rec.token?.realm === 'client';
      const uuid = typeof newUuid === 'string' ? newUuid : newUuid ? this.#newUuid() : this.#rec.uuid;
      this.#commit(
        signedIn
          ? { uuid, token: null, endReason: reason, fromAllDevices }
          : { uuid, token: null, endReason: this.#rec.endReason, fromAllDevices: this.#rec.fromAllDevices ?? false },
        signedIn ? { type: 'signed-out', reason, fromAllDevices } : { type: 'uuid-changed' },
        cause,
      );
      return this.#dormant ? null : this.#anonymous(cause);
    });
  }

  /** Record a failure in the state, for whoever shows it; `dropped`: the eventSalts of events it cost. */
  fail(error: SnrError, cause?: unknown, dropped?: readonly string[]): void {
    this.#apply(dropped ? { type: 'error', dropped } : { type: 'error' }, error, cause);
  }

  /**
   * Do Not Track on: a visitor without a token counts as anonymous without asking the server for
   * a profile, and a sign-out or new UUID does not ask for one either. A call that needs a token
   * (registering, say) still gets one: the visitor asked for it.
   */
  setDormant(on: boolean): void {
    if (on === this.#dormant) return;
    this.#dormant = on;
    this.#apply({ type: 'refreshed' }, null);
  }

  get hasToken(): boolean {
    return this.#rec.token !== null;
  }

  close(): void {
    clearTimeout(this.#expiryTimer);
    this.#stopMessages();
    this.#listeners.clear();
  }

  // ---- upkeep: start, refresh, expiry, refusal ---------------------------------------------------

  /** One upkeep at a time: a caller that finds one in flight shares it, and its changes carry the cause of the call that started it. */
  #upkeep(seen: StoredToken | null, mode: Upkeep, reason?: SessionEndReason, cause?: unknown): Promise<StoredToken> {
    return this.#inflight ?? this.#single(this.#o.tabs.exclusive('session', () => this.#upkeepLocked(seen, mode, reason, cause)));
  }

  /**
   * A first visit asks for its anonymous token while it waits for the lock, not after: the lock
   * only decides whose UUID the tabs keep when several start at once (the others' answers are
   * dropped, and their anonymous profiles stay empty).
   */
  #firstStart(cause: unknown): Promise<StoredToken> {
    const { uuid } = this.#rec;
    const sent = this.mark();
    const asked = this.#askAnonymous();
    asked.catch(noop);
    return this.#single(
      this.#o.tabs.exclusive('session', async () => {
        this.#sync();
        const token = this.#rec.token;
        if (token && tokenPhase(token, this.#server.now(), this.#window) !== 'expired') return token;
        if (this.#rec.uuid !== uuid) return this.#anonymous(cause);
        let answer: TokenResponse;
        try {
          answer = await asked;
        } catch (err) {
          if (err instanceof SnrError) this.fail(err, cause);
          throw err;
        }
        return this.#commit({ ...this.#rec, uuid: answer.uuid, token: this.#received(answer, sent) }, { type: 'started' }, cause)!;
      }),
    );
  }

  /** One upkeep in flight per page: callers meanwhile share its outcome. */
  #single(run: Promise<StoredToken>): Promise<StoredToken> {
    this.#inflight = run;
    run.then(
      () => (this.#inflight = null),
      () => (this.#inflight = null),
    );
    return run;
  }

  async #upkeepLocked(seen: StoredToken | null, mode: Upkeep, reason: SessionEndReason | undefined, cause: unknown): Promise<StoredToken> {
    this.#sync();
    if (this.#rev() === 0) this.#write(); // first start: the UUID is settled before anything is asked
    const token = this.#rec.token;
    if (token) {
      const phase = tokenPhase(token, this.#server.now(), this.#window);
      if (phase !== 'expired' && (token.token !== seen?.token || (mode === 'auto' && phase === 'fresh'))) return token;
      if (phase !== 'expired' && mode !== 'refused') {
        const sent = this.mark();
        try {
          const answer = await this.#o.api.refreshToken(token.token);
          return this.#commit({ ...this.#rec, token: this.#received(answer, sent) }, { type: 'refreshed' }, cause)!;
        } catch (err) {
          reason = refusalReason(err) ?? undefined;
          if (!reason) {
            // The token is still good: keep it, say why, and let activity try again a little later.
            this.#retryRefreshAt = this.clock.monotonic() + Math.min(5000, (tokenSpan(token).to - this.#server.now()) / 4);
            if (err instanceof SnrError) this.fail(err, cause);
            if (mode === 'refresh') throw err;
            return token;
          }
        }
      }
      if (token.realm === 'client') {
        const why = reason ?? 'SESSION_EXPIRATION';
        this.#commit({ ...this.#rec, token: null, endReason: why, fromAllDevices: false }, { type: 'signed-out', reason: why, fromAllDevices: false }, cause);
      }
    }
    return this.#anonymous(cause);
  }

  /** An anonymous token for the UUID, showing the one held for it (if any): without it the server makes a fresh profile. */
  #askAnonymous(): Promise<TokenResponse> {
    const held = this.anonymousToken();
    return this.#o.api.anonymousLogin(this.#rec.uuid, this.#o.deviceId, held === undefined ? undefined : { token: held });
  }

  async #anonymous(cause: unknown): Promise<StoredToken> {
    const sent = this.mark();
    let answer: TokenResponse;
    try {
      answer = await this.#askAnonymous();
    } catch (err) {
      if (err instanceof SnrError) this.fail(err, cause);
      throw err;
    }
    const first = !this.#hadToken;
    return this.#commit({ ...this.#rec, uuid: answer.uuid, token: this.#received(answer, sent) }, { type: first ? 'started' : 'refreshed' }, cause)!;
  }

  /** A token answer: what the store keeps of it, and the server's time it tells. */
  #received(answer: TokenResponse, sent: Sent): StoredToken {
    this.#server.learn(answer.created, sent);
    return storedToken(answer, sent.wall);
  }

  // ---- persistence and the other tabs ------------------------------------------------------------

  #read(): Persisted | null {
    try {
      const value = JSON.parse(this.#o.storage.get(this.#key) ?? 'null') as Persisted | null;
      return value && typeof value.uuid === 'string' && typeof value.rev === 'number' ? { ...value, endReason: toSessionEndReason(value.endReason) } : null;
    } catch {
      return null;
    }
  }

  #rev(): number {
    return this.#rec.rev;
  }

  #write(): void {
    this.#rec = { ...this.#rec, rev: Math.max(this.#rec.rev + 1, this.clock.wall()), offset: this.#server.offset() };
    this.#o.storage.set(this.#key, JSON.stringify(this.#rec));
    this.#o.tabs.post({ type: 'session', record: this.#rec });
  }

  #commit(next: Omit<Persisted, 'rev'>, change: SessionChange, cause?: unknown): StoredToken | null {
    this.#rec = { ...next, rev: this.#rec.rev };
    this.#write();
    this.#apply(change, null, cause);
    return this.#rec.token;
  }

  /** Take a copy another tab wrote (from its message, or from storage) when it is newer than ours. */
  #sync(incoming?: Persisted): void {
    const other = incoming ?? this.#read();
    if (!other || other.rev <= this.#rec.rev) return;
    const before = this.#rec;
    this.#rec = other;
    this.#server.adopt(other.offset);
    const was = before.token;
    const now = other.token;
    const change: SessionChange =
      now?.realm === 'client' && (was?.realm !== 'client' || was.clientId !== now.clientId)
        ? { type: 'signed-in' }
        : was?.realm === 'client' && now?.realm !== 'client'
          ? { type: 'signed-out', reason: other.endReason ?? 'NOT_SPECIFIED', fromAllDevices: other.fromAllDevices ?? false }
          : before.uuid !== other.uuid
            ? { type: 'uuid-changed' }
            : { type: this.#hadToken ? 'refreshed' : 'started' };
    this.#apply({ ...change, remote: true }, null);
  }

  #apply(change: SessionChange, error: SnrError | null, cause?: unknown): void {
    this.#current = this.#derive(error);
    this.#scheduleExpiry();
    if (cause !== undefined) change = { ...change, cause };
    for (const listener of this.#listeners) {
      try {
        listener(this.#current, change);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  #derive(error: SnrError | null): SessionState {
    const token = this.#rec.token;
    if (token) this.#hadToken = true;
    return {
      status: token?.realm === 'client' ? 'signed-in' : this.#hadToken || this.#dormant ? 'anonymous' : 'starting',
      uuid: this.#rec.uuid,
      clientId: token?.realm === 'client' ? token.clientId : null,
      customId: token?.customId ?? null,
      origin: token?.origin ?? null,
      expiresAt: token?.expiresAt ?? null,
      lastError: error,
      endReason: this.#rec.endReason,
    };
  }

  /** A signed-in session that sits idle still ends on time, and the page hears of it. */
  #scheduleExpiry(): void {
    clearTimeout(this.#expiryTimer);
    const token = this.#rec.token;
    if (token?.realm !== 'client') return;
    const delay = Math.min(2 ** 31 - 1, Math.max(0, tokenSpan(token).to - expiryMargin(token) - this.#server.now()) + 5);
    this.#expiryTimer = setTimeout(() => this.#upkeep(token, 'auto').catch(noop), delay);
  }

  #newUuid(): string {
    return (this.#o.randomUUID ?? (() => crypto.randomUUID()))();
  }
}
