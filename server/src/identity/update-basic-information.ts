import type { UpdateBasicInformationRequest } from 'snr-auth/contract';
import { unauthorized } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { findClientById, profileChanges, updateClient } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';

/**
 * Applies what a profile says about itself (Synerise's `updateAccountBasicInformation`): names,
 * contact and address fields, agreements and attributes (both merged), for a signed-in customer
 * and an anonymous visitor alike. The request schema has no email, password, customId or tags.
 */
export async function updateBasicInformation(
  deps: Pick<IdentityDeps, 'db'>,
  input: { token: VerifiedToken; changes: Omit<UpdateBasicInformationRequest, 'apiKey'>; now: number },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const current = await findClientById(trx, input.token.session.client_id);
    if (!current) throw unauthorized('SESSION_REVOKED', 'The session has ended');
    const changes = profileChanges(input.changes, current);
    if (Object.keys(changes).length === 0) return;
    await updateClient(trx, current.id, { ...changes, updated_at: input.now });
  });
}
