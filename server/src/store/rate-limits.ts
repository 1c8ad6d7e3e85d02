import { type Kysely, sql, type Transaction } from 'kysely';
import { precompiled } from './precompiled.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const raise = precompiled(
  (db, key: string, now: number, expired: number) =>
    db
      .insertInto('rate_limits')
      .values({ key, window_start: now, count: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.count + 1 end`,
          window_start: sql`case when rate_limits.window_start <= ${expired} then ${now} else rate_limits.window_start end`,
        }),
      )
      .returning(['count', 'window_start']),
  3,
);

/**
 * Raises a fixed-window counter and reads it in one statement (a window that ended starts afresh
 * at `now`), so requests racing in parallel are counted one by one. Built once (it is on the path of
 * every anonymous login).
 */
export async function countAttempt(db: Db, key: string, now: number, windowMs: number): Promise<{ count: number; windowStart: number }> {
  const [row] = await raise(db, key, now, now - windowMs);
  if (!row) throw new Error('the upsert returned no row');
  return { count: Number(row.count), windowStart: Number(row.window_start) };
}

const raiseBy = precompiled(
  (db, key: string, now: number, count: number, bytes: number, expired: number) =>
    db
      .insertInto('rate_limits')
      .values({ key, window_start: now, count, bytes })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql`case when rate_limits.window_start <= ${expired} then excluded.count else rate_limits.count + excluded.count end`,
          bytes: sql`case when rate_limits.window_start <= ${expired} then excluded.bytes else rate_limits.bytes + excluded.bytes end`,
          window_start: sql`case when rate_limits.window_start <= ${expired} then excluded.window_start else rate_limits.window_start end`,
        }),
      )
      .returning(['count', 'bytes', 'window_start']),
  5,
);

export interface AmountCount {
  count: number;
  bytes: number;
  windowStart: number;
}

/**
 * Adds `count` and `bytes` to a fixed-window counter and reads the totals back, in one statement
 * (a window that ended starts afresh with them), so instances reserving at once are counted one by one.
 */
export async function addToCounter(db: Db, key: string, amount: { count: number; bytes: number }, now: number, windowMs: number): Promise<AmountCount> {
  const [row] = await raiseBy(db, key, now, amount.count, amount.bytes, now - windowMs);
  if (!row) throw new Error('the upsert returned no row');
  return { count: Number(row.count), bytes: Number(row.bytes), windowStart: Number(row.window_start) };
}

/** Takes an amount back from a counter (a reservation that was refused), unless its window has started afresh since. */
export async function subtractFromCounter(db: Db, key: string, amount: { count: number; bytes: number }, windowStart: number): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ count: sql`count - ${amount.count}`, bytes: sql`bytes - ${amount.bytes}` })
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .execute();
}

/** Takes one attempt back from a counter. */
export async function uncountAttempt(db: Db, key: string): Promise<void> {
  await db.updateTable('rate_limits').set({ count: sql`count - 1` }).where('key', '=', key).where('count', '>', 0).execute();
}

export async function clearCounters(db: Db, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('rate_limits').where('key', 'in', keys).execute();
}

/** Deletes every counter whose key starts with `prefix` (taken literally: `%` and `_` are escaped). */
export async function clearCountersStartingWith(db: Db, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  await db.deleteFrom('rate_limits').where(sql<boolean>`key like ${pattern} escape '\\'`).execute();
}

/** A growing delay's state: failures counted, when the last attempt came, and the earliest time of the next. */
export interface DelayState {
  count: number;
  lastAt: number;
  nextAt: number;
}

export async function readDelay(db: Db, key: string): Promise<DelayState | undefined> {
  const row = await db.selectFrom('rate_limits').select(['count', 'window_start', 'next_at']).where('key', '=', key).executeTakeFirst();
  return row && { count: Number(row.count), lastAt: Number(row.window_start), nextAt: Number(row.next_at) };
}

/**
 * Writes a delay's new state only if it is still `seen` (compare-and-set: of attempts racing on one
 * account, one wins and the others read again). Whether it was written.
 */
export async function replaceDelay(db: Db, key: string, seen: DelayState | undefined, next: DelayState): Promise<boolean> {
  const values = { count: next.count, window_start: next.lastAt, next_at: next.nextAt };
  if (!seen) {
    const inserted = await db
      .insertInto('rate_limits')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const updated = await db
    .updateTable('rate_limits')
    .set(values)
    .where('key', '=', key)
    .where('count', '=', seen.count)
    .where('window_start', '=', seen.lastAt)
    .where('next_at', '=', seen.nextAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}
