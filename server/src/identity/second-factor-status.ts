import type { SecondFactorStatus } from 'snr-auth/contract';
import type { VerifiedToken } from '../sessions.js';
import { countUnusedRecoveryCodes, findTotpFactor } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';
import { signedInCustomer } from './signed-in-customer.js';

/** Whether the signed-in customer's authenticator is on (or waits for its first code), and how many recovery codes are left. Never the secret. */
export async function secondFactorStatus(deps: Pick<IdentityDeps, 'db'>, input: { token: VerifiedToken }): Promise<SecondFactorStatus> {
  const client = await signedInCustomer(deps, input.token);
  const factor = await findTotpFactor(deps.db, client.id);
  const totp = !factor ? 'NONE' : factor.confirmed_at === null ? 'PENDING' : 'ACTIVE';
  return { totp, recoveryCodesLeft: totp === 'ACTIVE' ? await countUnusedRecoveryCodes(deps.db, client.id) : 0 };
}
