import type { IdentityProvider } from 'snr-auth/contract';
import { unauthorized } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { findClientById, isCustomer } from '../store/clients.js';
import { eraseCustomer } from './delete-client.js';
import type { IdentityDeps } from './deps.js';
import { proveCustomer } from './prove-customer.js';
import { signedInCustomer } from './signed-in-customer.js';

/**
 * A customer deletes their own account, proving it is them (the password, or a token of a provider
 * linked to the account; Google's and Apple's ID tokens with this session's re-authentication
 * nonce). The data goes as the backend's deletion erases it (delete-client.ts), and
 * every session of the account ends, this one too.
 */
export async function deleteAccount(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions' | 'limiter' | 'now'>,
  input: { token: VerifiedToken; clientAuthFactor: string; identityProvider: IdentityProvider; address: string; now: () => number },
): Promise<void> {
  const row = await signedInCustomer(deps, input.token);
  const proof =
    input.identityProvider === 'SYNERISE' ? { password: input.clientAuthFactor } : { externalToken: input.clientAuthFactor, provider: input.identityProvider };
  await proveCustomer(deps, row, proof, input.address, input.now(), input.token.session.id);
  const now = input.now();
  await deps.db.transaction().execute(async (trx) => {
    // Read again inside the transaction: a deletion racing this one (or the backend's) erases once.
    const current = await findClientById(trx, row.id);
    if (!current || !isCustomer(current)) throw unauthorized('SESSION_REVOKED', 'The session has ended');
    await eraseCustomer(deps, trx, current, 'account-deleted', now);
  });
}
