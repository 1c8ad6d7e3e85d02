import { unauthorized } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { type ClientRow, findClientById } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';

/** The customer behind a customer token, read afresh: an erased account's token reads as ended. */
export async function signedInCustomer(deps: Pick<IdentityDeps, 'db'>, token: VerifiedToken): Promise<ClientRow> {
  const row = await findClientById(deps.db, token.session.client_id);
  if (!row || row.status === 'anonymous') throw unauthorized('SESSION_REVOKED', 'The session has ended');
  return row;
}
