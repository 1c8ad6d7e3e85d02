import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Uses up a sign-in's nonce: true when this call recorded it, false when a sign-in (or a proof)
 * had it already. Kept until `keepUntil` (the ID token's expiry and the clock leeway), after which
 * the token carrying it is refused anyway.
 */
export async function spendSignInNonce(db: Db, nonce: string, keepUntil: number, now: number): Promise<boolean> {
  const result = await db
    .insertInto('id_token_nonces')
    .values({ nonce, session_id: null, created_at: now, expires_at: keepUntil, used_at: now })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** Stores a re-authentication nonce issued to a session, voiding the ones it had that were not used. */
export async function issueProofNonce(db: Db, row: { nonce: string; sessionId: string; now: number; expiresAt: number }): Promise<void> {
  await db.deleteFrom('id_token_nonces').where('session_id', '=', row.sessionId).where('used_at', 'is', null).execute();
  await db
    .insertInto('id_token_nonces')
    .values({ nonce: row.nonce, session_id: row.sessionId, created_at: row.now, expires_at: row.expiresAt, used_at: null })
    .execute();
}

/** The session's live re-authentication nonce (issued, unused, not expired), if any. */
export async function liveProofNonce(db: Db, sessionId: string, now: number): Promise<{ nonce: string; created_at: number } | undefined> {
  return db
    .selectFrom('id_token_nonces')
    .select(['nonce', 'created_at'])
    .where('session_id', '=', sessionId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Uses up a session's re-authentication nonce: true when this call did (of two racing proofs, one wins). */
export async function consumeProofNonce(db: Db, nonce: string, sessionId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('id_token_nonces')
    .set({ used_at: now })
    .where('nonce', '=', nonce)
    .where('session_id', '=', sessionId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes the nonces past their keeping time (purge). */
export async function purgeIdTokenNonces(db: Db, now: number): Promise<number> {
  const result = await db.deleteFrom('id_token_nonces').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
