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

  /**
   * Counts a second-factor code (authenticator or recovery) tried for the account `clientId`, before
   * it is checked; 429 past `secondFactorPerAccount` in the window, whatever the address (the
   * password is already known to whoever is guessing). A right code clears the count.
   */
  async secondFactorAttempt(clientId: number, now: number): Promise<SignInAttempt> {
    const config = this.config;
    if (!config) return NO_LIMIT;
    const key = `mfa:account:${clientId}`;
    await this.take([{ key, limit: config.secondFactorPerAccount }], now);
    return { succeeded: () => clearCounters(this.db, [key]), refused: () => {} };
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
   * A sign-in code asked for `email` from `address`: at most one per `signInCodeResendSeconds` for
   * an email (else 429 with the seconds left), then counted as an email request (per email and
   * per address). Alike whether or not the email has an account, so neither tells anything.
   */
  async signInCodeRequest(email: string, address: string, now: number): Promise<void> {
    const config = this.config;
    if (!config) return;
    const key = `code:resend:${email}`;
    const spacing = config.signInCodeResendSeconds * 1000;
    const seen = await readDelay(this.db, key);
    if (seen && seen.nextAt > now) throw rateLimited((seen.nextAt - now) / 1000, 'A code was sent a moment ago; wait before asking for another');
    // Of two requests racing past the check, one sets the wait and the other is refused.
    if (!(await replaceDelay(this.db, key, seen, { count: 1, lastAt: now, nextAt: now + spacing })))
      throw rateLimited(spacing / 1000, 'A code was sent a moment ago; wait before asking for another');
    await this.emailRequest(email, address, now);
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

/** What this instance may still admit of one counter's window, and what it admitted that the store has not counted yet. */
interface Lease extends Amount {
  windowEnd: number;
  /** Admitted from the free first slice and not yet reported to the store. */
  unreported: Amount;
  /** Reserved in the store at least once this window (its free slice reported). */
  inStore: boolean;
  /** The window's limit has no room for another request: refused here until `windowEnd`. */
  full: boolean;
}

/** Leases kept past this many are swept of ended windows; past it still, all are dropped (what the store counted stays counted). */
const MAX_LEASES = 50_000;

/** A fiftieth of a limit: an instance's free first slice, and what it reserves at a time. Small limits (under 50) are exact. */
const sliceOf = (limit: number) => (Number.isFinite(limit) ? Math.floor(limit / 50) : 0);

/**
 * Fixed-window quotas for the hot paths (anonymous logins, events) without a store round trip per
 * request. An instance admits the first fiftieth of a key's limit from memory (most visitors send
 * no more, and cost the store nothing); past it, it reports what it admitted and reserves the next
 * fiftieth (or what the request needs, if more) in one atomic statement, and serves from what it
 * holds. Near the limit it reserves only what the request lacks; a request that does not fit is
 * refused (429, until the window ends), takes its reservation back, and the instance refuses that
 * key from memory until the window ends. So one instance admits exactly the limit; N instances at
 * most the limit plus a fiftieth each (what an instance admitted from its free slice but never
 * reported), and what an instance reserved and did not use is lost to that window.
 */
class Leases {
  private readonly held = new Map<string, Lease>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly windowMs: number,
  ) {}

  async take(key: string, need: Amount, limit: Amount, now: number): Promise<void> {
    let lease = this.held.get(key);
    if (!lease || lease.windowEnd <= now) {
      lease = {
        windowEnd: now + this.windowMs,
        count: sliceOf(limit.count),
        bytes: Number.isFinite(limit.bytes) ? sliceOf(limit.bytes) : Infinity,
        unreported: { count: 0, bytes: 0 },
        inStore: false,
        full: false,
      };
      this.keep(key, lease, now);
    }
    if (lease.full) throw rateLimited((lease.windowEnd - now) / 1000, 'Too many requests; try again later');
    if (lease.count >= need.count && lease.bytes >= need.bytes) {
      lease.count -= need.count;
      lease.bytes -= need.bytes;
      // On the free slice: the store hears of it with the first reservation.
      if (!lease.inStore) addTo(lease.unreported, need);
      return;
    }
    const report = lease.unreported;
    if (!lease.inStore) {
      // Leaving the free slice: what is left of it is dropped, the request is reserved whole.
      lease.count = 0;
      lease.bytes = Number.isFinite(limit.bytes) ? 0 : Infinity;
    }
    // What the request lacks, or a slice if more: one reservation serves the next requests too.
    const lacking = { count: Math.max(0, need.count - lease.count), bytes: Number.isFinite(lease.bytes) ? Math.max(0, need.bytes - lease.bytes) : 0 };
    const extra = {
      count: lacking.count ? Math.max(lacking.count, sliceOf(limit.count)) : 0,
      bytes: lacking.bytes ? Math.max(lacking.bytes, sliceOf(limit.bytes)) : 0,
    };
    let total = await addToCounter(this.db, key, { count: report.count + extra.count, bytes: report.bytes + extra.bytes }, now, this.windowMs);
    lease.unreported = { count: 0, bytes: 0 };
    lease.inStore = true;
    const over = () => total.count > limit.count || total.bytes > limit.bytes;
    let granted = extra;
    if (over() && (extra.count > lacking.count || extra.bytes > lacking.bytes)) {
      // Near the limit: keep only what this request lacks, if that fits.
      const excess = { count: extra.count - lacking.count, bytes: extra.bytes - lacking.bytes };
      await subtractFromCounter(this.db, key, excess, total.windowStart);
      total = { ...total, count: total.count - excess.count, bytes: total.bytes - excess.bytes };
      granted = lacking;
    }
    // The store's window from here on (a fresh row starts it now; the free slice's was local).
    lease.windowEnd = total.windowStart + this.windowMs;
    if (over()) {
      await subtractFromCounter(this.db, key, granted, total.windowStart);
      Object.assign(lease, { count: 0, bytes: 0, full: true });
      throw rateLimited((lease.windowEnd - now) / 1000, 'Too many requests; try again later');
    }
    lease.count += granted.count - need.count;
    lease.bytes += granted.bytes - need.bytes;
  }

  /** Returns what a request took when a later check refused it. */
  giveBack(key: string, amount: Amount): void {
    const lease = this.held.get(key);
    if (!lease || lease.full) return;
    lease.count += amount.count;
    lease.bytes += amount.bytes;
    if (!lease.inStore) addTo(lease.unreported, { count: -amount.count, bytes: -amount.bytes });
  }

  private keep(key: string, lease: Lease, now: number): void {
    this.held.set(key, lease);
    if (this.held.size <= MAX_LEASES) return;
    for (const [k, l] of this.held) if (l.windowEnd <= now) this.held.delete(k);
    if (this.held.size > MAX_LEASES) this.held.clear();
  }
}

function addTo(into: Amount, amount: Amount): void {
  into.count += amount.count;
  into.bytes += amount.bytes;
}
