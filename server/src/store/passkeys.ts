import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, PasskeysTable, WebauthnChallengePurpose } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type PasskeyRow = Selectable<PasskeysTable>;

// ---- passkeys ------------------------------------------------------------------------------------

export async function insertPasskey(db: Db, row: PasskeyRow): Promise<void> {
  await db.insertInto('passkeys').values(row).execute();
}

export function findPasskey(db: Db, id: string): Promise<PasskeyRow | undefined> {
  return db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The customer's passkeys, oldest first. */
export function listPasskeys(db: Db, clientId: number): Promise<PasskeyRow[]> {
  return db.selectFrom('passkeys').selectAll().where('client_id', '=', clientId).orderBy('created_at').orderBy('id').execute();
}

export async function hasPasskeys(db: Db, clientId: number): Promise<boolean> {
  return (await db.selectFrom('passkeys').select('id').where('client_id', '=', clientId).limit(1).executeTakeFirst()) !== undefined;
}

/** Renames one of the customer's passkeys; undefined when the customer has no passkey of that id. */
export function renamePasskey(db: Db, clientId: number, id: string, name: string): Promise<PasskeyRow | undefined> {
  return db.updateTable('passkeys').set({ name }).where('id', '=', id).where('client_id', '=', clientId).returningAll().executeTakeFirst();
}

/** Removes one of the customer's passkeys: true when it was theirs and is gone. */
export async function deletePasskey(db: Db, clientId: number, id: string): Promise<boolean> {
  const result = await db.deleteFrom('passkeys').where('id', '=', id).where('client_id', '=', clientId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteAllPasskeys(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('passkeys').where('client_id', '=', clientId).execute();
}

/**
 * Records a use: the new counter, the backup state the authenticator reports now, the time. The
 * counter only moves forward (`counter <= new`, or both 0): of two racing uses of one signature
 * counter value, one wins.
 */
export async function recordPasskeyUse(
  db: Db,
  id: string,
  use: { counter: number; previous: number; backedUp: boolean; deviceType: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('passkeys')
    .set({ counter: use.counter, backed_up: use.backedUp ? 1 : 0, device_type: use.deviceType as PasskeyRow['device_type'], last_used_at: use.now })
    .where('id', '=', id)
    .where('counter', '=', use.previous)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- the customer's WebAuthn user handle ------------------------------------------------------------------

export async function webauthnUserId(db: Db, clientId: number): Promise<string | null> {
  const row = await db.selectFrom('clients').select('webauthn_user_id').where('id', '=', clientId).executeTakeFirst();
  return row?.webauthn_user_id ?? null;
}

/** Gives the customer a user handle when they have none; answers the one they have. */
export async function ensureWebauthnUserId(db: Db, clientId: number, fresh: string): Promise<string> {
  await db.updateTable('clients').set({ webauthn_user_id: fresh }).where('id', '=', clientId).where('webauthn_user_id', 'is', null).execute();
  const id = await webauthnUserId(db, clientId);
  if (id === null) throw new Error(`no customer ${clientId}`);
  return id;
}

export function findClientIdByWebauthnUserId(db: Db, userId: string): Promise<number | undefined> {
  return db
    .selectFrom('clients')
    .select('id')
    .where('webauthn_user_id', '=', userId)
    .executeTakeFirst()
    .then((r) => r?.id);
}

// ---- challenges ------------------------------------------------------------------------------------------

export async function insertChallenge(
  db: Db,
  row: { challenge: string; purpose: WebauthnChallengePurpose; clientId: number | null; apiKey: string; data?: unknown; now: number; expiresAt: number },
): Promise<void> {
  await db
    .insertInto('webauthn_challenges')
    .values({
      challenge: row.challenge,
      purpose: row.purpose,
      client_id: row.clientId,
      api_key: row.apiKey,
      data: row.data === undefined ? null : JSON.stringify(row.data),
      created_at: row.now,
      expires_at: row.expiresAt,
    })
    .execute();
}

/**
 * Takes a challenge: deletes it and answers it when it was live and made for this purpose, API key
 * and customer. One statement, so a challenge is used once even by racing requests; a used,
 * expired, foreign or unknown one answers undefined.
 */
export async function takeChallenge(
  db: Db,
  challenge: string,
  want: { purpose: WebauthnChallengePurpose; apiKey: string; clientId: number | null; now: number },
): Promise<{ data: unknown } | undefined> {
  let query = db
    .deleteFrom('webauthn_challenges')
    .where('challenge', '=', challenge)
    .where('purpose', '=', want.purpose)
    .where('api_key', '=', want.apiKey)
    .where('expires_at', '>', want.now);
  query = want.clientId === null ? query.where('client_id', 'is', null) : query.where('client_id', '=', want.clientId);
  const row = await query.returning(['data']).executeTakeFirst();
  return row ? { data: row.data === null ? undefined : JSON.parse(row.data) } : undefined;
}
