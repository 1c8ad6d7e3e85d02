import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, EventsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores events, each `event_salt` once per profile and API key; returns how many were new. */
export async function insertEvents(db: Db, rows: Insertable<EventsTable>[]): Promise<number> {
  const inserted = await db
    .insertInto('events')
    .values(rows)
    .onConflict((oc) => oc.columns(['client_id', 'api_key', 'event_salt']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/**
 * A merged anonymous profile's events follow it into the customer; one the customer already has
 * (the same salt under the same key: the same event, sent twice) stays once.
 */
export async function moveEvents(db: Db, fromClientId: number, toClientId: number): Promise<void> {
  await db
    .deleteFrom('events')
    .where('client_id', '=', fromClientId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('events as kept')
          .select('kept.id')
          .where('kept.client_id', '=', toClientId)
          .whereRef('kept.api_key', '=', 'events.api_key')
          .whereRef('kept.event_salt', '=', 'events.event_salt'),
      ),
    )
    .execute();
  await db.updateTable('events').set({ client_id: toClientId }).where('client_id', '=', fromClientId).execute();
}
