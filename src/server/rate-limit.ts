import { type Kysely, sql } from 'kysely';
import type { RateLimitConfig } from './config.js';
import { ApiError } from './errors.js';
import type { Database } from './store/schema.js';

/**
 * Fixed-window counters of failed sign-ins, kept in the store so every instance sees the same
 * counts. A key over its limit is refused before the password is even checked, so a correct
 * password does not unlock it inside the window.
 */
export class SignInLimiter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: RateLimitConfig | undefined,
  ) {}

  private keys(email: string, address: string): Array<[string, number]> {
    if (!this.config) return [];
    return [
      [`signin:account:${email}`, this.config.signInPerAccount],
      [`signin:address:${address}`, this.config.signInPerAddress],
    ];
  }

  /** Throws 429 `RATE_LIMITED` with the seconds until the window ends. */
  async assertAllowed(email: string, address: string, now: number): Promise<void> {
    if (!this.config) return;
    const windowMs = this.config.windowSeconds * 1000;
    const keys = this.keys(email, address);
    const rows = await this.db.selectFrom('rate_limits').selectAll().where('key', 'in', keys.map(([k]) => k)).execute();
    for (const [key, limit] of keys) {
      const row = rows.find((r) => r.key === key);
      if (row && row.window_start > now - windowMs && row.count >= limit) {
        const retryAfter = Math.max(1, Math.ceil((row.window_start + windowMs - now) / 1000));
        throw new ApiError(429, 'RATE_LIMITED', 'Too many failed sign-in attempts; try again later', undefined, retryAfter);
      }
    }
  }

  async recordFailure(email: string, address: string, now: number): Promise<void> {
    if (!this.config) return;
    const expired = now - this.config.windowSeconds * 1000;
    for (const [key] of this.keys(email, address)) {
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

  /** A successful sign-in clears the account's count (not the address's). */
  async recordSuccess(email: string): Promise<void> {
    if (!this.config) return;
    await this.db.deleteFrom('rate_limits').where('key', '=', `signin:account:${email}`).execute();
  }
}
