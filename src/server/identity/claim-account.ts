import type { Transaction } from 'kysely';
import { type ClientRow, statusOnceEmailProved, updateClient } from '../store/clients.js';
import { hasProviderLinks, unlinkAllProviders } from '../store/identities.js';
import type { Database } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';

/**
 * Takes an account back for the owner of its email, once someone has proved that address (a
 * provider that verified it, the site's backend that vouches for it). An account whose email was
 * never confirmed may have been registered by someone else in the owner's name (pre-hijacking), so
 * every way in that never proved the address goes: the password, every provider link, every session.
 * The account is then confirmed, and active unless it waits for the site's approval. A confirmed account, and one nobody can get into (made
 * by recognition, or already taken back), are returned as they are.
 *
 * The one implementation of DESIGN.md §1's rule: provider sign-in and recognition both call it.
 */
export async function claimAccountForEmailOwner(
  deps: Pick<IdentityDeps, 'sessions'>,
  trx: Transaction<Database>,
  account: ClientRow,
  input: { reason: 'linked-unconfirmed-account' | 'recognized-unconfirmed-account'; now: number },
): Promise<ClientRow> {
  if (account.email_confirmed === 1) return account;
  if (account.password_hash === null && !(await hasProviderLinks(trx, account.id))) return account;
  await unlinkAllProviders(trx, account.id);
  await deps.sessions.revokeClientSessions(trx, account.id, input.reason, input.now);
  return updateClient(trx, account.id, { status: statusOnceEmailProved(account), email_confirmed: 1, password_hash: null, updated_at: input.now });
}
