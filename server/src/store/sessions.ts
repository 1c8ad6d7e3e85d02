import type { Kysely, Selectable, Transaction } from 'kysely';
import { precompiled } from './precompiled.js';
import type { Database, SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable>;
type Db = Kysely<Database> | Transaction<Database>;

const insert = precompiled(
  (db, id: string, clientId: number, apiKey: string, realm: string, origin: string, createdAt: number, expiresAt: number, userAgent: string | null) =>
    db.insertInto('sessions').values({
      id,
      client_id: clientId,
      api_key: apiKey,
      realm,
      origin,
      created_at: createdAt,
      expires_at: expiresAt,
      refreshed_at: null,
      revoked_at: null,
      revoked_reason: null,
      user_agent: userAgent,
      last_active_at: createdAt,
    }),
  8,
);

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await insert(db, s.id, s.client_id, s.api_key, s.realm, s.origin, s.created_at, s.expires_at, s.user_agent);
}

const byId = precompiled((db, sid: string) => db.selectFrom('sessions').selectAll().where('id', '=', sid), 1);

/** Read on every token verification. */
export async function findSession(db: Db, sid: string): Promise<SessionRow | undefined> {
  return (await byId(db, sid))[0];
}

const refreshed = precompiled(
  (db, sid: string, now: number, activeAt: number) => db.updateTable('sessions').set({ refreshed_at: now, last_active_at: activeAt }).where('id', '=', sid),
  3,
);

/** A refresh is activity too. */
export async function markSessionRefreshed(db: Db, sid: string, now: number): Promise<void> {
  await refreshed(db, sid, now, now);
}

/**
 * Notes a session's activity unless it was noted since `since` (one write a minute per session at
 * most, however many calls it makes); true when the row was written.
 */
export async function markSessionActive(db: Db, sid: string, now: number, since: number): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ last_active_at: now })
    .where('id', '=', sid)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', since)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A customer's sessions that can still be used: signed in (not an anonymous session merged into
 * the customer), neither revoked nor past their cap, and with a token that may still be alive
 * (issued, at the last refresh or the opening, after `issuedAfter`). Newest activity first.
 */
export async function liveCustomerSessions(db: Db, clientId: number, now: number, issuedAfter: number): Promise<SessionRow[]> {
  const rows = await db
    .selectFrom('sessions')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('realm', '=', 'client')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb.or([eb('refreshed_at', '>', issuedAfter), eb.and([eb('refreshed_at', 'is', null), eb('created_at', '>', issuedAfter)])]))
    .execute();
  const lastActive = (r: SessionRow) => r.last_active_at ?? r.refreshed_at ?? r.created_at;
  return rows.sort((a, b) => lastActive(b) - lastActive(a) || b.created_at - a.created_at);
}

/** The profile a session belongs to now (a sign-in may have merged its anonymous profile into a customer). */
export async function sessionClientId(db: Db, sid: string): Promise<number> {
  const row = await db.selectFrom('sessions').select('client_id').where('id', '=', sid).executeTakeFirstOrThrow();
  return row.client_id;
}

export async function revokeSessionRow(db: Db, sid: string, reason: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', sid).where('revoked_at', 'is', null).execute();
}

/** Revokes every live session of a profile, except `keep` when given. */
export async function revokeClientSessionRows(db: Db, clientId: number, reason: string, now: number, keep?: string): Promise<void> {
  let query = db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('client_id', '=', clientId).where('revoked_at', 'is', null);
  if (keep) query = query.where('id', '!=', keep);
  await query.execute();
}

/** Revokes the customer's signed-in sessions other than `keep` (merged anonymous sessions are left to expire); answers how many. */
export async function revokeOtherCustomerSessionRows(db: Db, clientId: number, keep: string, reason: string, now: number): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('client_id', '=', clientId)
    .where('realm', '=', 'client')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('id', '!=', keep)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A merged anonymous profile's sessions follow it into the customer. */
export async function moveSessions(db: Db, fromClientId: number, toClientId: number): Promise<void> {
  await db.updateTable('sessions').set({ client_id: toClientId }).where('client_id', '=', fromClientId).execute();
}
