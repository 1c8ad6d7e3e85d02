import type { Kysely } from 'kysely';
import type { RateLimitConfig } from './config.js';
import { ApiError } from './errors.js';
import {
  addToCounter,
  clearCounters,
  clearCountersStartingWith,
  countAttempt,
  type DelayState,
  readDelay,
  replaceDelay,
  subtractFromCounter,
  uncountAttempt,
} from './store/rate-limits.js';
import type { Database } from './store/schema.js';

/** A counter: which limit it counts against, and whose. */
interface Counter {
  key: string;
  limit: number;
}

/**
 * A sign-in attempt, counted before any work was done. Once the answer is known: `succeeded()`
 * clears the account's counts and takes the attempt back from the address's; `refused()` leaves
 * them counted (a failed guess).
 */
export interface SignInAttempt {
  succeeded(): Promise<void>;
  refused(): void;
}

const NO_LIMIT: SignInAttempt = { succeeded: async () => {}, refused: () => {} };

const rateLimited = (retryAfter: number, message = 'Too many attempts; try again later') =>
  new ApiError(429, 'RATE_LIMITED', message, undefined, Math.max(1, Math.ceil(retryAfter)));

/** The counters of an account's sign-ins: the account's own, and one per address it is tried from. */
const accountKey = (email: string) => `signin:account:${email}`;
/** Emails have no spaces (the contract's email check), so `signin:pair:<email> from ` is the account's prefix alone. */
const pairPrefix = (email: string) => `signin:pair:${email} from `;

/**
 * Counters kept in the store, so every instance sees the same counts. An attempt is counted before
 * any work is done, so a burst of parallel guesses gets no more tries than a patient guesser.
 *
 * Sign-in (docs/DESIGN.md, "Guessing passwords"; OWASP ASVS 2.2.1): one account from one address
 * has a fixed-window limit and is then refused; an account across all addresses, and an address
 * across all accounts, get a growing delay past their limits (each attempt must come 1 s, 2 s,
 * 4 s… up to `signInMaxDelaySeconds` after the one before), so guessing stays slow while the owner
 * is never refused for longer than that delay. A success clears the account's counts; a completed
 * password reset lifts every limit on the account.
 *
 * Floods: registrations per address, email requests (activation and reset) per address and per
 * email — the last counted alike whether or not the email has an account, so the limit tells
 * nothing — anonymous logins per address, and events (number and bytes) per session and per
 * profile.
 */
export class RateLimiter {
  private readonly leases: Leases;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: RateLimitConfig | undefined,
  ) {
    this.leases = new Leases(db, (config?.windowSeconds ?? 0) * 1000);
  }

  private get windowMs(): number {
    return (this.config?.windowSeconds ?? 0) * 1000;
  }

  /** Counts a sign-in (or a guess of the current password) of `email` from `address`; 429 past a limit. */
  async signInAttempt(email: string, address: string, now: number): Promise<SignInAttempt> {
    const config = this.config;
    if (!config) return NO_LIMIT;
    const pair = { key: `${pairPrefix(email)}${address}`, limit: config.signInPerAccountAndAddress };
    const account = accountKey(email);
    const from = `signin:address:${address}`;
    await this.take([pair], now);
    try {
      await this.delay(from, config.signInPerAddress, now);
    } catch (err) {
      await uncountAttempt(this.db, pair.key);
      throw err;
    }
    try {
      await this.delay(account, config.signInPerAccount, now);
    } catch (err) {
      await uncountAttempt(this.db, pair.key);
      await uncountAttempt(this.db, from);
      throw err;
    }
    return {
      succeeded: async () => {
        await clearCounters(this.db, [pair.key, account]);
        await uncountAttempt(this.db, from);
      },
      refused: () => {},
    };
  }

  /** A completed password reset: every sign-in limit on the account (its own, and each address's for it) is lifted. */
  async liftAccountLimits(email: string): Promise<void> {
    if (!this.config) return;
    await clearCounters(this.db, [accountKey(email)]);
    await clearCountersStartingWith(this.db, pairPrefix(email));
  }

  /** Counts a registration from `address`; 429 past the limit. */
  async registration(address: string, now: number): Promise<void> {
    await this.take([this.config && { key: `register:address:${address}`, limit: this.config.registrationsPerAddress }], now);
  }

  /** Counts an anonymous login from `address` (from this instance's lease, see `Leases`); 429 past the limit. */
  async anonymousLogin(address: string, now: number): Promise<void> {
    const config = this.config;
    if (!config) return;
    await this.leases.take(`anonymous:address:${address}`, { count: 1, bytes: 0 }, { count: config.anonymousPerAddress, bytes: Infinity }, now);
  }

  /** Counts an emailed-link request (activation, reset) for `email` from `address`; 429 past a limit. */
  async emailRequest(email: string, address: string, now: number): Promise<void> {
    await this.take(
      [
        this.config && { key: `email:account:${email}`, limit: this.config.emailRequestsPerEmail },
        this.config && { key: `email:address:${address}`, limit: this.config.emailRequestsPerAddress },
      ],
      now,
    );
  }

  /**
   * Counts a batch of events (`count` of them, `bytes` as stored) against its session and its
   * profile (from this instance's leases, see `Leases`), before anything is stored: a refused batch
   * (429, the seconds until the window ends) stores and uses up nothing, and may be sent again.
   */
  async events(owner: { sessionId: string; clientId: number }, amount: { count: number; bytes: number }, now: number): Promise<void> {
    const config = this.config;
    if (!config) return;
    const session = `events:session:${owner.sessionId}`;
    await this.leases.take(session, amount, { count: config.eventsPerSession, bytes: config.eventBytesPerSession }, now);
    try {
      await this.leases.take(`events:profile:${owner.clientId}`, amount, { count: config.eventsPerProfile, bytes: config.eventBytesPerProfile }, now);
    } catch (err) {
      this.leases.giveBack(session, amount);
      throw err;
    }
  }

  /**
   * Counts this attempt against every counter and refuses it (429 `RATE_LIMITED`, with the
   * seconds until the window ends) when one is past its limit. Each counter is raised and read in
   * one statement, so requests racing in parallel are counted one by one: no more of them get
   * through than the limit allows, however many arrive before the first is answered.
   */
  private async take(maybe: Array<Counter | undefined>, now: number): Promise<void> {
    const counters = maybe.filter((c): c is Counter => c !== undefined);
    let refusal: { windowStart: number } | null = null;
    for (const { key, limit } of counters) {
      const { count, windowStart } = await countAttempt(this.db, key, now, this.windowMs);
      if (count > limit) refusal ??= { windowStart };
    }
    if (refusal) {
      // A refused attempt does no work, so it uses up nothing (the window does not move either).
      for (const { key } of counters) await uncountAttempt(this.db, key);
      throw rateLimited((refusal.windowStart + this.windowMs - now) / 1000);
    }
  }

  /**
   * A growing delay: the first `limit` attempts go through at once; from the `limit`-th on, each
   * sets the earliest time of the next one 1 s, 2 s, 4 s… later (at most `signInMaxDelaySeconds`),
   * and one that comes before that is refused (429, the seconds left) and counts nothing. A quiet
   * window forgets it all. Attempts racing on one counter are settled by compare-and-set: each
   * winner is counted, a loser reads again (and is refused when a winner set a delay).
   */
  private async delay(key: string, limit: number, now: number): Promise<void> {
    const maxDelayMs = (this.config?.signInMaxDelaySeconds ?? 0) * 1000;
    for (let tries = 0; tries < 8; tries++) {
      const seen = await readDelay(this.db, key);
      const forgotten = !seen || seen.lastAt <= now - this.windowMs;
      if (!forgotten && seen.nextAt > now) throw rateLimited((seen.nextAt - now) / 1000);
      const count = (forgotten ? 0 : seen.count) + 1;
      const next: DelayState = { count, lastAt: now, nextAt: count >= limit ? now + Math.min(maxDelayMs, 1000 * 2 ** Math.min(count - limit, 30)) : 0 };
      if (await replaceDelay(this.db, key, seen, next)) return;
    }
    // Lost every race: as busy as that, the attempt can wait a second.
    throw rateLimited(1);
  }
}

interface Amount {
  count: number;
  bytes: number;
}

/** What this instance has reserved of one counter's window and not used yet. */
interface Lease extends Amount {
  windowEnd: number;
  /** The window's limit has no room for another request: refused here until `windowEnd`. */
  full: boolean;
}

/** Leases kept past this many are swept of ended windows; past it still, all are dropped (safe: what they held stays counted). */
const MAX_LEASES = 50_000;

/**
 * Fixed-window quotas for the hot paths (anonymous logins, events) that cost no store round trip
 * per request. An instance reserves a slice of a counter's limit at a time (a fiftieth, or what the
 * request needs if more) with one atomic statement, and serves requests from what it holds until
 * the slice is used up or the window ends. Reservations are counted in the store at once, so all
 * instances together never admit more than the limit; what an instance reserved and did not use is
 * lost to that window (at most a slice per instance and counter). Near the limit an instance
 * reserves only what the request needs; a request that does not fit is refused (429, until the
 * window ends) and takes its reservation back, and the instance refuses that counter from memory
 * until the window ends.
 */
class Leases {
  private readonly held = new Map<string, Lease>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowMs: number,
  ) {}

  async take(key: string, need: Amount, limit: Amount, now: number): Promise<void> {
    let lease = this.held.get(key);
    if (lease && lease.windowEnd <= now) lease = undefined;
    if (lease?.full) throw rateLimited((lease.windowEnd - now) / 1000, 'Too many requests; try again later');
    if (lease && lease.count >= need.count && lease.bytes >= need.bytes) {
      lease.count -= need.count;
      lease.bytes -= need.bytes;
      return;
    }
    const held = lease ?? { count: 0, bytes: 0 };
    const slice = (dimension: keyof Amount) =>
      held[dimension] >= need[dimension]
        ? 0
        : Math.max(need[dimension] - held[dimension], Number.isFinite(limit[dimension]) ? Math.floor(limit[dimension] / 50) : 0);
    const ask = { count: slice('count'), bytes: slice('bytes') };
    let total = await addToCounter(this.db, key, ask, now, this.windowMs);
    const over = () => total.count > limit.count || total.bytes > limit.bytes;
    let granted = ask;
    if (over()) {
      // Near the limit: keep only what this request lacks, if that fits.
      const lacking = { count: Math.max(0, need.count - held.count), bytes: Math.max(0, need.bytes - held.bytes) };
      const excess = { count: ask.count - lacking.count, bytes: ask.bytes - lacking.bytes };
      if (excess.count || excess.bytes) {
        await subtractFromCounter(this.db, key, excess, total.windowStart);
        total = { ...total, count: total.count - excess.count, bytes: total.bytes - excess.bytes };
        granted = lacking;
      }
      if (over()) {
        await subtractFromCounter(this.db, key, granted, total.windowStart);
        const windowEnd = total.windowStart + this.windowMs;
        this.keep(key, { windowEnd, count: 0, bytes: 0, full: true }, now);
        throw rateLimited((windowEnd - now) / 1000, 'Too many requests; try again later');
      }
    }
    const windowEnd = total.windowStart + this.windowMs;
    // What was held belongs to the same window only if the store's window is the lease's.
    const kept = lease && lease.windowEnd === windowEnd ? lease : { count: 0, bytes: 0 };
    this.keep(key, { windowEnd, count: kept.count + granted.count - need.count, bytes: kept.bytes + granted.bytes - need.bytes, full: false }, now);
  }

  /** Returns what a request took when a later check refused it. */
  giveBack(key: string, amount: Amount): void {
    const lease = this.held.get(key);
    if (!lease || lease.full) return;
    lease.count += amount.count;
    lease.bytes += amount.bytes;
  }

  private keep(key: string, lease: Lease, now: number): void {
    this.held.set(key, lease);
    if (this.held.size <= MAX_LEASES) return;
    for (const [k, l] of this.held) if (l.windowEnd <= now) this.held.delete(k);
    if (this.held.size > MAX_LEASES) this.held.clear();
  }
}
