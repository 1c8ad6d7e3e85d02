import type { Kysely, Transaction } from 'kysely';
import type { Database, EmailTokenPurpose } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertEmailToken(
  db: Db,
  row: { tokenHash: string; clientId: number; purpose: EmailTokenPurpose; now: number; expiresAt: number; newEmail?: string },
): Promise<void> {
  await db
    .insertInto('email_tokens')
    .values({
      token_hash: row.tokenHash,
      client_id: row.clientId,
      purpose: row.purpose,
      created_at: row.now,
      expires_at: row.expiresAt,
      used_at: null,
      ...(row.newEmail === undefined ? {} : { new_email: row.newEmail }),
    })
    .execute();
}

/** Marks a profile's unused tokens of these purposes used: their links stop working. */
export async function markEmailTokensUsed(db: Db, clientId: number, purposes: readonly EmailTokenPurpose[], now: number): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('client_id', '=', clientId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .execute();
}

/** Deletes every token of a profile (merged away or erased). */
export async function deleteEmailTokens(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('email_tokens').where('client_id', '=', clientId).execute();
}

/** An activation or confirmation token, with the state of its account. */
export async function findConfirmationToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('email_tokens')
    .innerJoin('clients', 'clients.id', 'email_tokens.client_id')
    .select([
      'email_tokens.token_hash',
      'email_tokens.used_at',
      'email_tokens.expires_at',
      'clients.id as client_id',
      'clients.email_confirmed',
      'clients.status',
    ])
    .where('email_tokens.token_hash', '=', tokenHash)
    .where('email_tokens.purpose', 'in', ['activation', 'confirmation'])
    .executeTakeFirst();
}

export async function findPasswordResetToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('email_tokens')
    .select(['client_id', 'used_at', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'password_reset')
    .executeTakeFirst();
}

/** Marks one token used; false when it already was (of two racing uses, only one wins). */
export async function useEmailToken(db: Db, tokenHash: string, now: number): Promise<boolean> {
  const claimed = await db
    .updateTable('email_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/** An email-change token: whose account, the address it moves to, and whether it is still good. */
export async function findEmailChangeToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('email_tokens')
    .select(['client_id', 'new_email', 'used_at', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'email_change')
    .executeTakeFirst();
}
