import type { AccountInformation, UpdateAccountRequest } from 'snr-auth/contract';
import { isUniqueViolation, unauthorized } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { findClientById, profileChanges, toAccountInformation, updateClient } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';
import { customIdTaken } from './register.js';

/** Applies a customer's edit of their profile (the email stays; agreements and attributes merge). */
export async function updateAccount(
  deps: Pick<IdentityDeps, 'db'>,
  input: { token: VerifiedToken; changes: Omit<UpdateAccountRequest, 'apiKey'>; now: number },
): Promise<AccountInformation> {
  try {
    const updated = await deps.db.transaction().execute(async (trx) => {
      const current = await findClientById(trx, input.token.session.client_id);
      if (!current || current.status === 'anonymous') throw unauthorized('SESSION_REVOKED', 'The session has ended');
      return updateClient(trx, current.id, { ...profileChanges(input.changes, current), updated_at: input.now });
    });
    return toAccountInformation(updated);
  } catch (err) {
    if (isUniqueViolation(err)) throw customIdTaken();
    throw err;
  }
}
