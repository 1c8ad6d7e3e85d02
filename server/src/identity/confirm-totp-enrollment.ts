import type { RecoveryCodes } from 'snr-auth/contract';
import { ApiError } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { activateTotp, findTotpFactor, replaceRecoveryCodes, takeTotpStep } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';
import { wrongCode } from './second-factor.js';
import { signedInCustomer } from './signed-in-customer.js';
import { newRecoveryCodes, openSecret, recoveryCodeHash, totpStepOf } from './totp.js';

/**
 * Confirms an enrolment with the first code the customer's app shows: the authenticator is on from
 * now (that code's step is taken: it signs nothing in), and ten recovery codes are made, stored
 * hashed and answered this once. Tries count against the account as sign-in codes do.
 */
export async function confirmTotpEnrollment(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter'>,
  input: { token: VerifiedToken; code: string; now: number },
): Promise<RecoveryCodes> {
  const client = await signedInCustomer(deps, input.token);
  const attempt = await deps.limiter.secondFactorAttempt(client.id, input.now);
  const factor = await findTotpFactor(deps.db, client.id);
  if (!factor) throw new ApiError(409, 'MFA_NOT_ENABLED', 'No enrolment waits for a code: start one first');
  if (factor.confirmed_at !== null) throw new ApiError(409, 'MFA_ALREADY_ENABLED', 'The authenticator is already on');
  const step = totpStepOf(openSecret(factor.secret, deps.config.totp.encryptionKey), input.code, input.now);
  if (step === null) {
    attempt.refused();
    throw wrongCode();
  }
  const codes = newRecoveryCodes();
  const activated = await deps.db.transaction().execute(async (trx) => {
    if (!(await activateTotp(trx, client.id, input.now))) return false;
    await takeTotpStep(trx, client.id, step);
    await replaceRecoveryCodes(trx, client.id, codes.map(recoveryCodeHash), input.now);
    return true;
  });
  if (!activated) throw new ApiError(409, 'MFA_ALREADY_ENABLED', 'The authenticator is already on');
  await attempt.succeeded();
  return { recoveryCodes: codes };
}
