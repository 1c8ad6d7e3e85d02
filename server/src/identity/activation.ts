import { badRequest, notFound } from '../errors.js';
import { deleteActivationPin } from '../store/activation-pins.js';
import { findClientById, findEmailRecipient, updateClient } from '../store/clients.js';
import { findConfirmationToken, useEmailToken } from '../store/email-tokens.js';
import type { EmailTokenPurpose } from '../store/schema.js';
import { claimAccountForEmailOwner } from './claim-account.js';
import type { IdentityDeps } from './deps.js';
import { hashEmailToken, issueEmailLink } from './email-links.js';

/**
 * Asks for a new activation (or email confirmation) link. The caller answers 202 whatever happens
 * here, so nobody learns who has an account: the request is counted alike for every email, and the
 * link is made only after the answer has gone (`answered`), so known and unknown emails get the same
 * answer at the same moment.
 */
export async function requestActivationLink(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer' | 'publicUrl'>,
  input: { email: string; address: string; now: number; answered: Promise<void> },
): Promise<void> {
  const { now } = input;
  await deps.limiter.emailRequest(input.email, input.address, now);
  const client = await findEmailRecipient(deps.db, input.email);
  const purpose: EmailTokenPurpose | undefined =
    client?.status === 'pending_activation' ? 'activation' : client?.status === 'active' && client.email_confirmed === 0 ? 'confirmation' : undefined;
  if (client && purpose) deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute((trx) => issueEmailLink(deps, trx, client, purpose, now)));
}

/**
 * Follows an activation or confirmation link: the account is active and its email confirmed. The
 * link proves the address, so an account never confirmed is first taken back for the email's owner
 * (claim-account.ts: provider links made with an unverified address go, and their sessions).
 */
export async function confirmActivation(deps: Pick<IdentityDeps, 'db' | 'sessions'>, input: { token: string; now: number }): Promise<void> {
  const { now } = input;
  await deps.db.transaction().execute(async (trx) => {
    const row = await findConfirmationToken(trx, hashEmailToken(input.token));
    if (!row) throw notFound('EMAIL_TOKEN_INVALID', 'This link is not valid');
    if (row.email_confirmed === 1 && row.status === 'active') throw badRequest('ALREADY_CONFIRMED', 'This account is already confirmed');
    if (row.used_at !== null || row.expires_at <= now) throw notFound('EMAIL_TOKEN_INVALID', 'This link has expired or was replaced by a newer one');
    await useEmailToken(trx, row.token_hash, now);
    const account = await findClientById(trx, row.client_id);
    if (account) await claimAccountForEmailOwner(deps, trx, account, { proof: 'email-link', now });
    await updateClient(trx, row.client_id, { status: 'active', email_confirmed: 1, updated_at: now });
    await deleteActivationPin(trx, row.client_id);
  });
}
