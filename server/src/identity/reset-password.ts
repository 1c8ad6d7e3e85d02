import { notFound } from '../errors.js';
import { acceptNewPassword } from '../passwords.js';
import { deleteActivationPin } from '../store/activation-pins.js';
import { findClientById, findEmailRecipient, isCustomer, statusOnceEmailProved, updateClient } from '../store/clients.js';
import { findPasswordResetToken, useEmailToken } from '../store/email-tokens.js';
import { claimAccountForEmailOwner } from './claim-account.js';
import type { IdentityDeps } from './deps.js';
import { hashEmailToken, issueEmailLink } from './email-links.js';

/** Asks for a password reset link; as for activation, the answer first, the link (for a customer only) after it. */
export async function requestPasswordReset(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer' | 'publicUrl'>,
  input: { email: string; address: string; now: number; answered: Promise<void> },
): Promise<void> {
  const { now } = input;
  await deps.limiter.emailRequest(input.email, input.address, now);
  const client = await findEmailRecipient(deps.db, input.email);
  if (client && isCustomer(client))
    deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute((trx) => issueEmailLink(deps, trx, client, 'password_reset', now)));
}

/**
 * Sets a new password through an emailed reset link. Following the link proves the address, so an
 * account pending activation becomes active (one waiting for approval keeps waiting), and one never
 * confirmed is first taken back for the email's owner (claim-account.ts: its provider links go);
 * every session of the account ends, and every sign-in limit on the account is lifted (the owner
 * proved the address: whatever guessing went on, it does not hold them back).
 */
export async function resetPassword(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions' | 'limiter' | 'breachedPasswords'>,
  input: { token: string; password: string; now: () => number },
): Promise<void> {
  const tokenHash = hashEmailToken(input.token);
  const live = await findPasswordResetToken(deps.db, tokenHash);
  const now = input.now();
  if (!live || live.used_at !== null || live.expires_at <= now) throw notFound('EMAIL_TOKEN_INVALID', 'This password reset link is not valid or has expired');
  const passwordHash = await acceptNewPassword(deps, input.password);
  const client = await deps.db.transaction().execute(async (trx) => {
    // Claim the token inside the transaction: of two racing confirmations only one wins.
    if (!(await useEmailToken(trx, tokenHash, now))) throw notFound('EMAIL_TOKEN_INVALID', 'This password reset link was already used');
    const account = await findClientById(trx, live.client_id);
    const claimed = account ? await claimAccountForEmailOwner(deps, trx, account, { proof: 'password-reset', now }) : undefined;
    const status = claimed ? statusOnceEmailProved(claimed) : 'active';
    const updated = await updateClient(trx, live.client_id, { password_hash: passwordHash, status, email_confirmed: 1, updated_at: now });
    await deleteActivationPin(trx, live.client_id);
    await deps.sessions.revokeClientSessions(trx, live.client_id, 'password-reset', now);
    return updated;
  });
  if (client.email) await deps.limiter.liftAccountLimits(client.email);
}
