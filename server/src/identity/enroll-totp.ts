import type { TotpEnrollment } from 'snr-auth/contract';
import { ApiError } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { findTotpFactor, replacePendingTotp } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';
import { signedInCustomer } from './signed-in-customer.js';
import { newTotpSecret, sealSecret, totpEnrollmentOf } from './totp.js';

/**
 * Starts an authenticator's enrolment for the signed-in customer: a new secret, made and kept here
 * (sealed), answered this once as an `otpauth://` URI, as text and as a QR code (SVG). Starting
 * again replaces an enrolment still waiting for its first code; an account whose authenticator is
 * on must turn it off first (409 `MFA_ALREADY_ENABLED`), so a stolen session cannot swap it.
 */
export async function enrollTotp(deps: Pick<IdentityDeps, 'db' | 'config'>, input: { token: VerifiedToken; now: number }): Promise<TotpEnrollment> {
  const client = await signedInCustomer(deps, input.token);
  const secret = newTotpSecret();
  await deps.db.transaction().execute(async (trx) => {
    const factor = await findTotpFactor(trx, client.id);
    if (factor?.confirmed_at != null) throw new ApiError(409, 'MFA_ALREADY_ENABLED', 'The authenticator is on: turn it off first to enrol another');
    await replacePendingTotp(trx, { clientId: client.id, secret: sealSecret(secret, deps.config.totp.encryptionKey), now: input.now });
  });
  return { ...totpEnrollmentOf(secret, deps.config.totp.issuer, client.email ?? `client-${client.id}`), secret };
}
