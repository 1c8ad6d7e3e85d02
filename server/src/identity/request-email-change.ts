import type { IdentityProvider } from 'snr-auth/contract';
import { badRequest } from '../errors.js';
import { renderNotice } from '../mail/templates.js';
import type { VerifiedToken } from '../sessions.js';
import { findEmailRecipient } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';
import { issueEmailChangeLink } from './email-links.js';
import { type CustomerProof, proveCustomer } from './prove-customer.js';
import { signedInCustomer } from './signed-in-customer.js';

/**
 * A signed-in customer asks to move the account to a new address, proving it is them. The answer
 * is the same whether or not the new address is free, and comes first; after it, a link goes to
 * the new address (or, when that address has an account already, a notice that someone tried, with
 * no link), and a notice to the current address. Nothing changes until the link is followed.
 */
export async function requestEmailChange(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer' | 'publicUrl' | 'now'>,
  input: {
    token: VerifiedToken;
    email: string;
    password?: string;
    externalToken?: string;
    identityProvider?: IdentityProvider;
    address: string;
    now: number;
    answered: Promise<void>;
  },
): Promise<void> {
  const { now } = input;
  const row = await signedInCustomer(deps, input.token);
  const proof: CustomerProof =
    input.password !== undefined
      ? { password: input.password }
      : {
          externalToken: input.externalToken ?? '',
          ...(input.identityProvider && input.identityProvider !== 'SYNERISE' ? { provider: input.identityProvider } : {}),
        };
  await proveCustomer(deps, row, proof, input.address, now, input.token.session.id);
  const newEmail = input.email.toLowerCase();
  if (newEmail === row.email) {
    throw badRequest('VALIDATION_FAILED', 'This is the account’s address already', [
      { field: 'email', code: 'unchanged', message: 'This is the account’s address already' },
    ]);
  }
  await deps.limiter.emailRequest(newEmail, input.address, now);
  const holder = await findEmailRecipient(deps.db, newEmail);
  deps.mailer.afterAnswer(input.answered, () =>
    deps.db.transaction().execute(async (trx) => {
      if (holder)
        await deps.mailer.enqueue(trx, newEmail, renderNotice('email_change_taken', newEmail, holder.email_confirmed === 1 ? holder.first_name : null), now);
      else await issueEmailChangeLink(deps, trx, row, newEmail, now);
      if (row.email)
        await deps.mailer.enqueue(trx, row.email, renderNotice('email_change_requested', newEmail, row.email_confirmed === 1 ? row.first_name : null), now);
    }),
  );
}
