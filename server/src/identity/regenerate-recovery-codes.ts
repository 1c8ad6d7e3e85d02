import type { RecoveryCodes } from 'snr-auth/contract';
import type { VerifiedToken } from '../sessions.js';
import { replaceRecoveryCodes } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';
import { proveSecondFactor } from './second-factor.js';
import { signedInCustomer } from './signed-in-customer.js';
import { newRecoveryCodes, recoveryCodeHash } from './totp.js';

/**
 * Ten new recovery codes for the signed-in customer, answered once; every older one stops working.
 * It takes a current code of the authenticator, so a stolen session cannot mint a way in.
 */
export async function regenerateRecoveryCodes(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter'>,
  input: { token: VerifiedToken; code: string; now: number },
): Promise<RecoveryCodes> {
  const client = await signedInCustomer(deps, input.token);
  await proveSecondFactor(deps, client.id, { code: input.code }, input.now);
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(deps.db, client.id, codes.map(recoveryCodeHash), input.now);
  return { recoveryCodes: codes };
}
