import type { Updateable } from 'kysely';
import type { Agreements } from 'snr-auth/contract';
import { conflict, isUniqueViolation, notFound } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { findClientById, isCustomer, updateClient } from '../store/clients.js';
import { findEmailChangeToken, useEmailToken } from '../store/email-tokens.js';
import type { ClientsTable } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';
import { hashEmailToken, invalidateEmailLinks } from './email-links.js';

const invalid = (why: string) => notFound('EMAIL_TOKEN_INVALID', `This email change link ${why}`);
const taken = () =>
  conflict('EMAIL_TAKEN', 'This address has an account already', [{ field: 'email', code: 'taken', message: 'This address has an account already' }]);

/**
 * Follows an email-change link: the account's address becomes the new one, confirmed (following the
 * link proves it). Every other session of the account ends (the caller's stays when it is the
 * account's own), and the links mailed before (reset, activation, older email changes) stop working.
 * `newsletterAgreement`, when given, sets the account's email agreement for the new address.
 */
export async function confirmEmailChange(
  deps: Pick<IdentityDeps, 'db' | 'sessions'>,
  input: { token: string; newsletterAgreement?: boolean; caller?: VerifiedToken; now: () => number },
): Promise<void> {
  const tokenHash = hashEmailToken(input.token);
  const live = await findEmailChangeToken(deps.db, tokenHash);
  const now = input.now();
  if (!live || live.new_email === null || live.used_at !== null || live.expires_at <= now) throw invalid('is not valid or has expired');
  const newEmail = live.new_email;
  try {
    await deps.db.transaction().execute(async (trx) => {
      // Claimed inside the transaction: of two racing confirmations only one wins.
      if (!(await useEmailToken(trx, tokenHash, now))) throw invalid('was already used');
      const client = await findClientById(trx, live.client_id);
      if (!client || !isCustomer(client)) throw invalid('is not valid or has expired');
      const changes: Updateable<ClientsTable> = { email: newEmail, email_confirmed: 1, status: 'active', updated_at: now };
      if (input.newsletterAgreement !== undefined) {
        changes.agreements = JSON.stringify({ ...(JSON.parse(client.agreements) as Agreements), email: input.newsletterAgreement });
      }
      await updateClient(trx, client.id, changes);
      const keep = input.caller?.session.client_id === client.id ? input.caller.session.id : undefined;
      await deps.sessions.revokeClientSessions(trx, client.id, 'email-changed', now, keep);
      await invalidateEmailLinks(trx, client.id, ['password_reset', 'email_change', 'activation', 'confirmation'], now);
    });
  } catch (err) {
    // The address got an account between the request and now: its owner is the one following the link.
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}
