import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Raises a fixed-window counter and reads it in one statement (a window that ended starts afresh
 * at `now`), so requests racing in parallel are counted one by one.
 */
export async function countAttempt(db: Kysely<Database>, key: string, now: number, windowMs: number): Promise<{ count: number; windowStart: number }> {
  const expired = now - windowMs;
  const row = await db
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
  return { count: Number(row.count), windowStart: Number(row.window_start) };
}

/** Takes one attempt back from a counter. */
export async function uncountAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db.updateTable('rate_limits').set({ count: sql`count - 1` }).where('key', '=', key).where('count', '>', 0).execute();
}

export async function clearCounters(db: Kysely<Database>, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('rate_limits').where('key', 'in', keys).execute();
}
