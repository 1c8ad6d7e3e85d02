import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores an account's new sign-in code, replacing (voiding) the one it had. */
export async function replaceSignInCode(db: Db, row: { clientId: number; codeHash: string; now: number; expiresAt: number }): Promise<void> {
  await db.deleteFrom('sign_in_codes').where('client_id', '=', row.clientId).execute();
  await db
    .insertInto('sign_in_codes')
    .values({ client_id: row.clientId, code_hash: row.codeHash, created_at: row.now, expires_at: row.expiresAt, attempts: 0 })
    .execute();
}

/**
 * Takes one try of an account's live sign-in code: counts it first, in one statement, and answers
 * the code's hash and the tries so far, or nothing when there is no live code (none, expired, or
 * its tries used up). Counting before comparing keeps racing guesses within the limit.
 */
export async function takeSignInCodeTry(db: Db, clientId: number, maxTries: number, now: number): Promise<{ code_hash: string; attempts: number } | undefined> {
  return db
    .updateTable('sign_in_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('client_id', '=', clientId)
    .where('attempts', '<', maxTries)
    .where('expires_at', '>', now)
    .returning(['code_hash', 'attempts'])
    .executeTakeFirst();
}

/** Uses up a code: true when this call removed it (of two racing right answers, one wins). */
export async function consumeSignInCode(db: Db, clientId: number, codeHash: string): Promise<boolean> {
  const result = await db.deleteFrom('sign_in_codes').where('client_id', '=', clientId).where('code_hash', '=', codeHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteSignInCode(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('sign_in_codes').where('client_id', '=', clientId).execute();
}
