import type { Kysely, Selectable, Transaction } from 'kysely';
import { precompiled } from './precompiled.js';
import type { Database, SessionsTable } from './schema.js';

export type SessionRow = Selectable<SessionsTable>;
type Db = Kysely<Database> | Transaction<Database>;

const insert = precompiled(
  (db, id: string, clientId: number, apiKey: string, realm: string, origin: string, createdAt: number, expiresAt: number) =>
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
    }),
  7,
);

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await insert(db, s.id, s.client_id, s.api_key, s.realm, s.origin, s.created_at, s.expires_at);
}

const byId = precompiled((db, sid: string) => db.selectFrom('sessions').selectAll().where('id', '=', sid), 1);

/** Read on every token verification. */
export async function findSession(db: Db, sid: string): Promise<SessionRow | undefined> {
  return (await byId(db, sid))[0];
}

const refreshed = precompiled((db, sid: string, now: number) => db.updateTable('sessions').set({ refreshed_at: now }).where('id', '=', sid), 2);

export async function markSessionRefreshed(db: Db, sid: string, now: number): Promise<void> {
  await refreshed(db, sid, now);
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

/** A merged anonymous profile's sessions follow it into the customer. */
export async function moveSessions(db: Db, fromClientId: number, toClientId: number): Promise<void> {
  await db.updateTable('sessions').set({ client_id: toClientId }).where('client_id', '=', fromClientId).execute();
}
