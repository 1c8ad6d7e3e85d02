import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, EventsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores events, each `event_salt` once; returns how many were new. */
export async function insertEvents(db: Db, rows: Insertable<EventsTable>[]): Promise<number> {
  const inserted = await db
    .insertInto('events')
    .values(rows)
    .onConflict((oc) => oc.column('event_salt').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/** A merged anonymous profile's events follow it into the customer. */
export async function moveEvents(db: Db, fromClientId: number, toClientId: number): Promise<void> {
  await db.updateTable('events').set({ client_id: toClientId }).where('client_id', '=', fromClientId).execute();
}
