import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { type AccountInformation, AGREEMENT_NAMES, type Agreements, type RegisterRequest, type UpdateAccountRequest } from 'snr-auth/contract';
import { deleteEmailTokens } from './email-tokens.js';
import { moveEvents } from './events.js';
import { precompiled } from './precompiled.js';
import type { ClientStatus, ClientsTable, Database } from './schema.js';
import { moveSessions } from './sessions.js';

export type ClientRow = Selectable<ClientsTable>;
type Db = Kysely<Database> | Transaction<Database>;

const byUuid = precompiled(
  (db, uuid: string) =>
    db.selectFrom('client_uuids').innerJoin('clients', 'clients.id', 'client_uuids.client_id').selectAll('clients').where('client_uuids.uuid', '=', uuid),
  1,
);

export async function findClientByUuid(db: Db, uuid: string): Promise<ClientRow | undefined> {
  return (await byUuid(db, uuid))[0];
}

const byId = precompiled((db, id: number) => db.selectFrom('clients').selectAll().where('id', '=', id), 1);

export async function findClientById(db: Db, id: number): Promise<ClientRow | undefined> {
  return (await byId(db, id))[0];
}

/** Emails are stored lower-cased, so this lookup is case-insensitive. */
export async function findClientByEmail(db: Db, email: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

/** Whoever holds a customId, whether the site's backend set it or not (`custom_id_verified`). */
export async function findClientByCustomId(db: Db, customId: string): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('custom_id', '=', customId).executeTakeFirst();
}

/**
 * What the email routes need to know of an address before they answer, and no more: a found row
 * should cost what a miss costs (a full row took measurably longer to fetch and parse).
 */
export async function findEmailRecipient(
  db: Db,
  email: string,
): Promise<Pick<ClientRow, 'id' | 'email' | 'first_name' | 'status' | 'email_confirmed'> | undefined> {
  return db
    .selectFrom('clients')
    .select(['id', 'email', 'first_name', 'status', 'email_confirmed'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

const insertAnonymous = precompiled(
  (db, uuid: string, now: number) =>
    db
      .insertInto('clients')
      .values({
        uuid,
        status: 'anonymous',
        email_confirmed: 0,
        agreements: '{}',
        attributes: '{}',
        tags: '[]',
        created_at: now,
        updated_at: now,
        last_activity_at: now,
      })
      .returningAll(),
  2,
);
const insertUuid = precompiled(
  (db, uuid: string, clientId: number, now: number) => db.insertInto('client_uuids').values({ uuid, client_id: clientId, created_at: now }),
  3,
);

/** A profile with a UUID and no personal data. */
export async function createAnonymousClient(db: Db, uuid: string, now: number): Promise<ClientRow> {
  const [row] = await insertAnonymous(db, uuid, now);
  if (!row) throw new Error('the insert returned no row');
  await insertUuid(db, uuid, row.id, now);
  return row;
}

const touch = precompiled((db, id: number, now: number) => db.updateTable('clients').set({ last_activity_at: now }).where('id', '=', id), 2);

/** Records that a customer was active (a sign-in, a refresh, an event). */
export async function touchClient(db: Db, id: number, now: number): Promise<void> {
  await touch(db, id, now);
}

/**
 * Folds an anonymous profile into a customer: its UUIDs become the customer's historical UUIDs,
 * its events and sessions follow, and the anonymous row goes. Only anonymous profiles are merged:
 * another customer's data never moves.
 */
export async function mergeAnonymousInto(trx: Transaction<Database>, anonymous: ClientRow, customerId: number): Promise<void> {
  if (anonymous.status !== 'anonymous' || anonymous.id === customerId) return;
  await trx.updateTable('client_uuids').set({ client_id: customerId }).where('client_id', '=', anonymous.id).execute();
  await moveEvents(trx, anonymous.id, customerId);
  await moveSessions(trx, anonymous.id, customerId);
  await deleteEmailTokens(trx, anonymous.id);
  await trx.deleteFrom('clients').where('id', '=', anonymous.id).execute();
}

/** Applies column changes and returns the row as it now is. */
export async function updateClient(db: Db, id: number, changes: Updateable<ClientsTable>): Promise<ClientRow> {
  return db.updateTable('clients').set(changes).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** A stronger hash for the same password, unless another request changed the password meanwhile. */
export async function upgradePasswordHash(db: Db, id: number, from: string, to: string): Promise<void> {
  await db.updateTable('clients').set({ password_hash: to }).where('id', '=', id).where('password_hash', '=', from).execute();
}

export async function customIdInUse(db: Db, customId: string): Promise<boolean> {
  return (await db.selectFrom('clients').select('id').where('custom_id', '=', customId).executeTakeFirst()) !== undefined;
}

/**
 * Erases a customer's personal data: the profile stays as an anonymous one with its events and its
 * current UUID; the links to its other devices (UUIDs) are personal data and go.
 */
export async function eraseClientData(db: Db, client: Pick<ClientRow, 'id' | 'uuid'>, now: number): Promise<void> {
  await db.deleteFrom('client_uuids').where('client_id', '=', client.id).where('uuid', '!=', client.uuid).execute();
  await db
    .updateTable('clients')
    .set({
      email: null,
      password_hash: null,
      status: 'anonymous',
      email_confirmed: 0,
      first_name: null,
      last_name: null,
      display_name: null,
      phone: null,
      custom_id: null,
      custom_id_verified: 0,
      sex: null,
      birth_date: null,
      company: null,
      address: null,
      city: null,
      province: null,
      zip_code: null,
      country_code: null,
      avatar_url: null,
      agreements: '{}',
      attributes: '{}',
      tags: '[]',
      updated_at: now,
    })
    .where('id', '=', client.id)
    .execute();
}

type CustomerFields = Omit<Updateable<ClientsTable>, 'id' | 'uuid' | 'created_at'> & { status: ClientStatus; updated_at: number };

/**
 * Makes a customer for a visitor: their anonymous profile (by UUID) becomes the customer, keeping
 * clientId, UUID and events; a UUID that is unknown is taken as the customer's; one that belongs to
 * a customer already gets a fresh UUID. The status condition makes a second call racing through the
 * same UUID miss the row (PostgreSQL re-checks it after the first commits) and make its own customer.
 */
export async function becomeCustomer(trx: Transaction<Database>, visitorUuid: string | undefined, fields: CustomerFields, now: number): Promise<ClientRow> {
  const anonymous = visitorUuid ? await findClientByUuid(trx, visitorUuid) : undefined;
  if (anonymous?.status === 'anonymous') {
    const converted = await trx
      .updateTable('clients')
      .set(fields)
      .where('id', '=', anonymous.id)
      .where('status', '=', 'anonymous')
      .returningAll()
      .executeTakeFirst();
    if (converted) return converted;
  }
  const uuid = visitorUuid && !anonymous ? visitorUuid : randomUUID();
  const row = await trx
    .insertInto('clients')
    .values({ agreements: '{}', attributes: '{}', tags: '[]', email_confirmed: 0, ...fields, uuid, created_at: now } as Insertable<ClientsTable>)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.insertInto('client_uuids').values({ uuid, client_id: row.id, created_at: now }).execute();
  return row;
}

const FIELD_COLUMNS = {
  firstName: 'first_name',
  lastName: 'last_name',
  displayName: 'display_name',
  phone: 'phone',
  customId: 'custom_id',
  sex: 'sex',
  birthDate: 'birth_date',
  company: 'company',
  address: 'address',
  city: 'city',
  province: 'province',
  zipCode: 'zip_code',
  countryCode: 'country_code',
  avatarUrl: 'avatar_url',
} as const satisfies Record<string, keyof ClientsTable>;

type ProfileInput = Omit<UpdateAccountRequest, 'apiKey'> | Omit<RegisterRequest, 'apiKey' | 'email' | 'password' | 'uuid'>;

/**
 * The column changes for a (partial) profile: plain fields replace, agreements and attributes
 * merge key by key (an attribute set to null is removed), tags replace.
 */
export function profileChanges(input: ProfileInput, current?: ClientRow): Updateable<ClientsTable> {
  const changes: Updateable<ClientsTable> = {};
  for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) (changes as Record<string, unknown>)[column] = value === '' ? null : value;
  }
  // A customId from the customer (or a provider) is only their claim; recognition, which alone
  // verifies one, sets the flag after this. Sending the same value again changes nothing.
  if (changes.custom_id !== undefined && changes.custom_id !== current?.custom_id) changes.custom_id_verified = 0;
  if (input.agreements) {
    const merged = { ...(current ? (JSON.parse(current.agreements) as Agreements) : {}), ...input.agreements };
    changes.agreements = JSON.stringify(merged);
  }
  if (input.attributes) {
    const merged: Record<string, unknown> = current ? JSON.parse(current.attributes) : {};
    for (const [key, value] of Object.entries(input.attributes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    changes.attributes = JSON.stringify(merged);
  }
  if (input.tags) changes.tags = JSON.stringify([...new Set(input.tags)]);
  return changes;
}

export function toAccountInformation(row: ClientRow): AccountInformation {
  const agreements = JSON.parse(row.agreements) as Agreements;
  const attributes = JSON.parse(row.attributes) as Record<string, unknown>;
  return {
    clientId: row.id,
    uuid: row.uuid,
    email: row.email ?? '',
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    phone: row.phone,
    customId: row.custom_id,
    sex: row.sex as AccountInformation['sex'],
    birthDate: row.birth_date,
    company: row.company,
    address: row.address,
    city: row.city,
    province: row.province,
    zipCode: row.zip_code,
    countryCode: row.country_code,
    avatarUrl: row.avatar_url,
    agreements: Object.fromEntries(AGREEMENT_NAMES.map((n) => [n, agreements[n] === true])) as AccountInformation['agreements'],
    attributes: { ...attributes, snrs_email_confirmed: row.email_confirmed === 1 },
    tags: JSON.parse(row.tags) as string[],
    anonymous: row.status === 'anonymous',
    createdAt: new Date(row.created_at).toISOString(),
    lastActivityDate: row.last_activity_at === null ? null : new Date(row.last_activity_at).toISOString(),
  };
}

export function isCustomer(row: Pick<ClientRow, 'status'>): boolean {
  return row.status === 'active' || row.status === 'pending_activation' || row.status === 'pending_approval';
}

/**
 * The status an account takes once its email is proved (a link, a code, a password reset, a
 * provider): active, except an account that waits for the site's approval, which proving an
 * address does not give.
 */
export function statusOnceEmailProved(row: Pick<ClientRow, 'status'>): ClientStatus {
  return row.status === 'pending_approval' ? 'pending_approval' : 'active';
}

/** Records the version of the terms a customer accepted. */
export async function recordTermsAcceptance(db: Db, id: number, version: string, now: number): Promise<void> {
  await db.updateTable('clients').set({ terms_version: version, terms_accepted_at: now }).where('id', '=', id).execute();
}

/** Approves an account waiting in the `approval` mode; false when there is no such customer. */
export async function approveClient(db: Db, id: number, now: number): Promise<ClientRow | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !isCustomer(row)) return undefined;
  if (row.status !== 'pending_approval') return row;
  return db.updateTable('clients').set({ status: 'active', updated_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export type { ClientStatus };
