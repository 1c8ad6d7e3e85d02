import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores an account's new activation code, replacing (voiding) the one it had. */
export async function replaceActivationPin(db: Db, row: { clientId: number; pinHash: string; now: number; expiresAt: number }): Promise<void> {
  await db.deleteFrom('activation_pins').where('client_id', '=', row.clientId).execute();
  await db
    .insertInto('activation_pins')
    .values({ client_id: row.clientId, pin_hash: row.pinHash, created_at: row.now, expires_at: row.expiresAt, attempts: 0 })
    .execute();
}

/**
 * Takes one try of an account's live code: counts it first, in one statement, and answers the
 * code's hash and the tries so far — or nothing when there is no live code (none, expired, or its
 * tries used up). Counting before comparing keeps racing guesses within the limit.
 */
export async function takePinTry(db: Db, clientId: number, maxTries: number, now: number): Promise<{ pin_hash: string; attempts: number } | undefined> {
  return db
    .updateTable('activation_pins')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('client_id', '=', clientId)
    .where('attempts', '<', maxTries)
    .where('expires_at', '>', now)
    .returning(['pin_hash', 'attempts'])
    .executeTakeFirst();
}

/** Uses up a code: true when this call removed it (of two racing right answers, one wins). */
export async function consumeActivationPin(db: Db, clientId: number, pinHash: string): Promise<boolean> {
  const result = await db.deleteFrom('activation_pins').where('client_id', '=', clientId).where('pin_hash', '=', pinHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteActivationPin(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('activation_pins').where('client_id', '=', clientId).execute();
}
