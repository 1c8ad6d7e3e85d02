import { verifyPassword } from '../crypto/password.js';
import { forbidden } from '../errors.js';
import { acceptNewPassword } from '../passwords.js';
import type { VerifiedToken } from '../sessions.js';
import { updateClient } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';
import { invalidateEmailLinks } from './email-links.js';
import { signedInCustomer } from './signed-in-customer.js';

/**
 * Changes a signed-in customer's password. Guesses of the current password count as failed
 * sign-ins of the account: a stolen session must not become a way to find the password by trying
 * (nor to keep the server hashing). Everyone else holding this account's session is signed out;
 * this device stays in; a reset link mailed before stops working.
 */
export async function changePassword(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions' | 'limiter' | 'breachedPasswords'>,
  input: { token: VerifiedToken; oldPassword: string; password: string; address: string; now: () => number },
): Promise<void> {
  const row = await signedInCustomer(deps, input.token);
  const attempt = row.email ? await deps.limiter.signInAttempt(row.email, input.address, input.now()) : undefined;
  if (!row.password_hash || !(await verifyPassword(input.oldPassword, row.password_hash))) {
    attempt?.refused();
    throw forbidden('INVALID_CREDENTIALS', 'The current password is wrong');
  }
  await attempt?.succeeded();
  const passwordHash = await acceptNewPassword(deps, input.password);
  const now = input.now();
  await deps.db.transaction().execute(async (trx) => {
    await updateClient(trx, row.id, { password_hash: passwordHash, updated_at: now });
    await deps.sessions.revokeClientSessions(trx, row.id, 'password-changed', now, input.token.session.id);
    await invalidateEmailLinks(trx, row.id, ['password_reset'], now);
  });
}
