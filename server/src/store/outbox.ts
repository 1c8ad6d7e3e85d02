import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The newest mail in the outbox, for the demo's mailbox. */
export async function listOutbox(db: Kysely<Database>, to: string | undefined) {
  let query = db.selectFrom('outbox').select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'created_at']).orderBy('id', 'desc').limit(100);
  if (to) query = query.where('to_address', '=', to.toLowerCase());
  return query.execute();
}
