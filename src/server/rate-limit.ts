import type { Kysely } from 'kysely';
import type { RateLimitConfig } from './config.js';
import { ApiError } from './errors.js';
import { clearCounters, countAttempt, uncountAttempt } from './store/rate-limits.js';
import type { Database } from './store/schema.js';

/** A counter: which limit it counts against, and whose. */
interface Counter {
  key: string;
  limit: number;
}

/**
 * A sign-in attempt, counted against the account and the address before any work was done. Once
 * the answer is known: `succeeded()` starts the account's count afresh and takes the attempt back
 * from the address's; `refused()` leaves both counted (a failed guess).
 */
export interface SignInAttempt {
  succeeded(): Promise<void>;
  refused(): void;
}

/**
 * Fixed-window counters kept in the store, so every instance sees the same counts. An attempt is
 * counted before any work is done and refused when that takes a counter past its limit: a locked
 * account is not unlocked by the right password inside the window, and a burst of parallel guesses
 * gets no more tries than a patient guesser. Counted: failed sign-ins (per account and per address;
 * a success takes its attempt back), registrations per address, email requests (activation and
 * reset) per address and per email — the last counted alike whether or not the email has an
 * account, so the limit tells nothing.
 */
export class RateLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: RateLimitConfig | undefined,
  ) {}

  private get windowMs(): number {
    return (this.config?.windowSeconds ?? 0) * 1000;
  }

  /** Counts a sign-in (or a guess of the current password) of `email` from `address`; 429 past a limit. */
  async signInAttempt(email: string, address: string, now: number): Promise<SignInAttempt> {
    const account = this.config ? { key: `signin:account:${email}`, limit: this.config.signInPerAccount } : undefined;
    const from = this.config ? { key: `signin:address:${address}`, limit: this.config.signInPerAddress } : undefined;
    await this.take([account, from], now);
    return {
      succeeded: async () => {
        if (account) await clearCounters(this.db, [account.key]);
        if (from) await uncountAttempt(this.db, from.key);
      },
      refused: () => {},
    };
  }

  /** Counts a registration from `address`; 429 past the limit. */
  async registration(address: string, now: number): Promise<void> {
    await this.take([this.config && { key: `register:address:${address}`, limit: this.config.registrationsPerAddress }], now);
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
      const retryAfter = Math.max(1, Math.ceil((refusal.windowStart + this.windowMs - now) / 1000));
      throw new ApiError(429, 'RATE_LIMITED', 'Too many attempts; try again later', undefined, retryAfter);
    }
  }
}
