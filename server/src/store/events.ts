import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database, EventsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (UTF-8 cannot: it would become U+FFFD). */
const UNSTORABLE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The `label` column's text for an event label. A label that text cannot hold as it is (NUL, an
 * unpaired surrogate: JSON strings the contract accepts) is stored as its JSON string literal, with
 * `\u0000`-style escapes, so that it is kept on both dialects instead of failing the batch (500)
 * or losing characters; a label that starts with `"` is stored the same way, so that what is stored
 * reads back unambiguously (`decodeLabel`). Any other label is stored as it is. (`params`, and a
 * profile's attributes, are JSON text already: `JSON.stringify` escapes the same characters.)
 */
export function encodeLabel(label: string): string {
  return label.startsWith('"') || UNSTORABLE_TEXT.test(label) ? JSON.stringify(label) : label;
}

/** The label `encodeLabel` stored. */
export function decodeLabel(stored: string): string {
  if (!stored.startsWith('"')) return stored;
  try {
    const label: unknown = JSON.parse(stored);
    return typeof label === 'string' ? label : stored;
  } catch {
    return stored;
  }
}

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
