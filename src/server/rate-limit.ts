import { type Kysely, sql } from 'kysely';
import type { RateLimitConfig } from './config.js';
import { ApiError } from './errors.js';
import type { Database } from './store/schema.js';

/** A counter: which limit it counts against, and whose. */
type Counter = [key: string, limit: number];

/**
 * Fixed-window counters kept in the store, so every instance sees the same counts. An attempt is
 * counted before any work is done and refused when that takes a counter past its limit: a locked
 * account is not unlocked by the right password inside the window, and a burst of parallel guesses
 * gets no more tries than a patient guesser. Counted: failed sign-ins (per account and per address;
 * a success takes its attempt back),
 * registrations per address, email requests (activation and reset) per address and per email —
 * the last counted alike whether or not the email has an account, so the limit tells nothing.
 */
export class RateLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: RateLimitConfig | undefined,
  ) {}

  private get windowMs(): number {
    return (this.config?.windowSeconds ?? 0) * 1000;
  }

  signIn(email: string, address: string): Counter[] {
    if (!this.config) return [];
    return [
      [`signin:account:${email}`, this.config.signInPerAccount],
      [`signin:address:${address}`, this.config.signInPerAddress],
    ];
  }

  registration(address: string): Counter[] {
    return this.config ? [[`register:address:${address}`, this.config.registrationsPerAddress]] : [];
  }

  emailRequest(email: string, address: string): Counter[] {
    if (!this.config) return [];
    return [
      [`email:account:${email}`, this.config.emailRequestsPerEmail],
      [`email:address:${address}`, this.config.emailRequestsPerAddress],
    ];
  }

  /**
   * Counts this attempt against every counter and refuses it (429 `RATE_LIMITED`, with the
   * seconds until the window ends) when one is past its limit. Each counter is raised and read in
   * one statement, so requests racing in parallel are counted one by one: no more of them get
   * through than the limit allows, however many arrive before the first is answered.
   */
  async take(counters: Counter[], now: number): Promise<void> {
    const expired = now - this.windowMs;
    let refusal: { windowStart: number } | null = null;
    for (const [key, limit] of counters) {
      const row = await this.db
        .insertInto('rate_limits')
        .values({ key, window_start: now, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.count + 1 end`,
            window_start: sql`case when rate_limits.window_start <= ${expired} then ${now} else rate_limits.window_start end`,
          }),
        )
        .returning(['count', 'window_start'])
        .executeTakeFirstOrThrow();
      if (Number(row.count) > limit) refusal ??= { windowStart: Number(row.window_start) };
    }
    if (refusal) {
      // A refused attempt does no work, so it uses up nothing (the window does not move either).
      await this.release(counters);
      const retryAfter = Math.max(1, Math.ceil((refusal.windowStart + this.windowMs - now) / 1000));
      throw new ApiError(429, 'RATE_LIMITED', 'Too many attempts; try again later', undefined, retryAfter);
    }
  }

  /** Takes back one attempt counted by `take()` (one refused, or a sign-in that succeeded). */
  async release(counters: Counter[]): Promise<void> {
    for (const [key] of counters) {
      await this.db.updateTable('rate_limits').set({ count: sql`count - 1` }).where('key', '=', key).where('count', '>', 0).execute();
    }
  }

  async clear(counters: Counter[]): Promise<void> {
    if (counters.length) await this.db.deleteFrom('rate_limits').where('key', 'in', counters.map(([k]) => k)).execute();
  }
}
