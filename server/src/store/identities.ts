import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Provider links: which customer a provider's subject signs in as. */
export async function findLinkedClientId(db: Db, provider: string, subject: string): Promise<number | undefined> {
  const row = await db.selectFrom('client_identities').select('client_id').where('provider', '=', provider).where('subject', '=', subject).executeTakeFirst();
  return row?.client_id;
}

/** Links a provider's subject to a customer, moving it from whoever held it. */
export async function linkIdentity(db: Db, provider: string, subject: string, clientId: number, now: number): Promise<void> {
  await db.deleteFrom('client_identities').where('provider', '=', provider).where('subject', '=', subject).execute();
  await db.insertInto('client_identities').values({ provider, subject, client_id: clientId, created_at: now }).execute();
}

export async function hasProviderLinks(db: Db, clientId: number): Promise<boolean> {
  return (await db.selectFrom('client_identities').select('client_id').where('client_id', '=', clientId).executeTakeFirst()) !== undefined;
}

/** The provider identities linked to a customer (which provider, which subject). */
export async function findClientIdentities(db: Db, clientId: number): Promise<Array<{ provider: string; subject: string }>> {
  return db.selectFrom('client_identities').select(['provider', 'subject']).where('client_id', '=', clientId).execute();
}

export async function unlinkAllProviders(db: Db, clientId: number): Promise<void> {
  await db.deleteFrom('client_identities').where('client_id', '=', clientId).execute();
}
