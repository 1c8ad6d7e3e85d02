import type { Transaction } from 'kysely';
import { notFound } from '../errors.js';
import { deleteActivationPin } from '../store/activation-pins.js';
import { type ClientRow, eraseClientData, findClientByCustomId, findClientByEmail, findClientById, isCustomer } from '../store/clients.js';
import { deleteEmailTokens } from '../store/email-tokens.js';
import { unlinkAllProviders } from '../store/identities.js';
import { deleteAllPasskeys } from '../store/passkeys.js';
import type { Database } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';

/** Who the site's backend names for deletion: by clientId, email, or a customId it set itself. */
export type DeletionTarget = { clientId: number } | { email: string } | { customId: string };

async function find(deps: Pick<IdentityDeps, 'db'>, target: DeletionTarget): Promise<ClientRow | undefined> {
  if ('clientId' in target) return findClientById(deps.db, target.clientId);
  if ('email' in target) return findClientByEmail(deps.db, target.email);
  // Only a customId this backend set names its customer; one a customer typed is nobody's.
  const holder = await findClientByCustomId(deps.db, target.customId);
  return holder?.custom_id_verified === 1 ? holder : undefined;
}

/**
 * Erases a customer's personal data; the profile stays as an anonymous one with its events. Every
 * session ends, every provider link and emailed link goes. 404 when no customer is named.
 */
export async function deleteClient(deps: Pick<IdentityDeps, 'db' | 'sessions'>, input: { target: DeletionTarget; now: () => number }): Promise<void> {
  const client = await find(deps, input.target);
  if (!client || !isCustomer(client)) throw notFound('NOT_FOUND', 'No such customer');
  const now = input.now();
  await deps.db.transaction().execute((trx) => eraseCustomer(deps, trx, client, 'deleted', now));
}

/**
 * The erasure itself, shared by the backend's deletion and the customer's own (delete-account.ts):
 * every session ends (with `reason`), every provider link and emailed link goes, the personal data
 * goes; the profile stays as an anonymous one with its events.
 */
export async function eraseCustomer(
  deps: Pick<IdentityDeps, 'sessions'>,
  trx: Transaction<Database>,
  client: ClientRow,
  reason: string,
  now: number,
): Promise<void> {
  await deps.sessions.revokeClientSessions(trx, client.id, reason, now);
  await unlinkAllProviders(trx, client.id);
  await deleteEmailTokens(trx, client.id);
  await deleteActivationPin(trx, client.id);
  await deleteAllPasskeys(trx, client.id);
  await eraseClientData(trx, client, now);
}
