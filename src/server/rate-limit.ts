import { type Kysely, sql } from 'kysely';
import type { RateLimitConfig } from './config.js';
import { ApiError } from './errors.js';
import type { Database } from './store/schema.js';

/** A counter: which limit it counts against, and whose. */
type Counter = [key: string, limit: number];

/**
 * Fixed-window counters kept in the store, so every instance sees the same counts. A counter over
 * its limit is refused before any work is done: a locked account is not unlocked by the right
 * password inside the window. Counted: failed sign-ins (per account and per address),
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

  /** Throws 429 `RATE_LIMITED` with the seconds until the window ends. */
  async assertAllowed(counters: Counter[], now: number): Promise<void> {
    if (counters.length === 0) return;
    const rows = await this.db.selectFrom('rate_limits').selectAll().where('key', 'in', counters.map(([k]) => k)).execute();
    for (const [key, limit] of counters) {
      const row = rows.find((r) => r.key === key);
      if (row && row.window_start > now - this.windowMs && row.count >= limit) {
        const retryAfter = Math.max(1, Math.ceil((row.window_start + this.windowMs - now) / 1000));
        throw new ApiError(429, 'RATE_LIMITED', 'Too many attempts; try again later', undefined, retryAfter);
      }
    }
  }

  async hit(counters: Counter[], now: number): Promise<void> {
    const expired = now - this.windowMs;
    for (const [key] of counters) {
      await this.db
        .insertInto('rate_limits')
        .values({ key, window_start: now, count: 1 })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.count + 1 end`,
            window_start: sql`case when rate_limits.window_start <= ${expired} then ${now} else rate_limits.window_start end`,
          }),
        )
        .execute();
    }
  }

  /** Checks, then counts this attempt: for requests counted whatever their outcome. */
  async take(counters: Counter[], now: number): Promise<void> {
    await this.assertAllowed(counters, now);
    await this.hit(counters, now);
  }

  async clear(counters: Counter[]): Promise<void> {
    if (counters.length) await this.db.deleteFrom('rate_limits').where('key', 'in', counters.map(([k]) => k)).execute();
  }
}
