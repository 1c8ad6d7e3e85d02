import type { VerifiedToken } from '../sessions.js';
import { deleteSecondFactor } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';
import { proveSecondFactor, type SecondFactorProof } from './second-factor.js';
import { signedInCustomer } from './signed-in-customer.js';

/**
 * Turns the signed-in customer's second factor off: it takes a current code of the authenticator
 * (or a recovery code, for a customer who lost the device and signed in with one), so a stolen
 * session alone cannot. The authenticator, its recovery codes and any sign-in waiting for it go.
 */
export async function disableTotp(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter'>,
  input: { token: VerifiedToken; proof: SecondFactorProof; now: number },
): Promise<void> {
  const client = await signedInCustomer(deps, input.token);
  await proveSecondFactor(deps, client.id, input.proof, input.now);
  await deps.db.transaction().execute((trx) => deleteSecondFactor(trx, client.id));
}
