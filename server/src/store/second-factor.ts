import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MfaChallengesTable, TotpFactorsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

// ---- authenticators ------------------------------------------------------------------------------

export async function findTotpFactor(db: Db, clientId: number): Promise<Selectable<TotpFactorsTable> | undefined> {
  return db.selectFrom('totp_factors').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

/** A new enrolment, waiting for its first code; it replaces one still waiting (never an active one: the caller checks). */
export async function replacePendingTotp(db: Db, row: { clientId: number; secret: string; now: number }): Promise<void> {
  await db.deleteFrom('totp_factors').where('client_id', '=', row.clientId).where('confirmed_at', 'is', null).execute();
  await db.insertInto('totp_factors').values({ client_id: row.clientId, secret: row.secret, created_at: row.now, confirmed_at: null, last_step: 0 }).execute();
}

/**
 * Takes the code of time step `step` for the account's authenticator: true when this call moved the
 * last accepted step forward to it, false when that step (or a later one) was accepted before — a
 * replay — or a racing request took it first. One statement, so two requests with one code cannot
 * both pass.
 */
export async function takeTotpStep(db: Db, clientId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('totp_factors')
    .set({ last_step: step })
    .where('client_id', '=', clientId)
    .where('last_step', '<', step)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The enrolment's first code was right: the authenticator is on. True when this call turned it on. */
export async function activateTotp(db: Db, clientId: number, now: number): Promise<boolean> {
  const result = await db
    .updateTable('totp_factors')
    .set({ confirmed_at: now })
    .where('client_id', '=', clientId)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Everything of an account's second factor: its authenticator, its recovery codes, its sign-ins waiting for it. */
export async function deleteSecondFactor(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('mfa_challenges').where('client_id', '=', clientId).execute();
  await db.deleteFrom('recovery_codes').where('client_id', '=', clientId).execute();
  await db.deleteFrom('totp_factors').where('client_id', '=', clientId).execute();
}

// ---- recovery codes ------------------------------------------------------------------------------

/** The account's recovery codes become these (hashes): every older one stops working. */
export async function replaceRecoveryCodes(db: Db, clientId: number, hashes: readonly string[], now: number): Promise<void> {
  await db.deleteFrom('recovery_codes').where('client_id', '=', clientId).execute();
  if (hashes.length)
    await db
      .insertInto('recovery_codes')
      .values(hashes.map((code_hash) => ({ client_id: clientId, code_hash, created_at: now, used_at: null })))
      .execute();
}

/** Uses up one recovery code: true when this call marked it used (of two racing requests, one wins). */
export async function spendRecoveryCode(db: Db, clientId: number, hash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('client_id', '=', clientId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, clientId: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('client_id', '=', clientId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---- sign-ins waiting for the second factor --------------------------------------------------------

export async function insertMfaChallenge(db: Db, row: MfaChallengesTable): Promise<void> {
  // Ended challenges are of no use to anyone: swept as new ones come.
  await db.deleteFrom('mfa_challenges').where('expires_at', '<=', row.created_at).execute();
  await db.insertInto('mfa_challenges').values(row).execute();
}

/** A challenge still alive at `now`, by its hash. */
export async function findMfaChallenge(db: Db, idHash: string, now: number): Promise<MfaChallengesTable | undefined> {
  return db.selectFrom('mfa_challenges').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
}

/** Uses up a challenge: true when this call removed it (of two racing completions, one wins). */
export async function consumeMfaChallenge(db: Db, idHash: string): Promise<boolean> {
  const result = await db.deleteFrom('mfa_challenges').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
