import type { Transaction } from 'kysely';
import { type ClientRow, statusOnceEmailProved, updateClient } from '../store/clients.js';
import { hasProviderLinks, unlinkAllProviders } from '../store/identities.js';
import { deleteAllPasskeys, hasPasskeys } from '../store/passkeys.js';
import type { Database } from '../store/schema.js';
import { deleteSecondFactor } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';

/**
 * How the email's owner proved the address, which decides what of the account they made:
 * - `verified-provider`: a provider vouched for the address at sign-in; the caller links that
 *   identity next, and nothing else in the account is the owner's.
 * - `backend-recognition`: the site's backend vouches for the address; nothing in the account is
 *   the owner's (the backend's own data comes after).
 * - `password-reset`: a reset link was followed; the new password (set by the caller) is the
 *   owner's, nothing older is.
 * - `email-link`: an activation or confirmation link was followed. The link was minted for the
 *   registration that set the password (a provider sign-up sets none and mails no link), so the
 *   password stays; the provider links, made with an address their provider never verified, go.
 * - `email-code`: an emailed sign-in code was entered (sign-in-with-code.ts); like a verified
 *   provider it vouches for nothing already in the account (anyone could have set its password).
 */
export type EmailProof = 'verified-provider' | 'backend-recognition' | 'password-reset' | 'email-link' | 'email-code';

const REASONS: Record<EmailProof, string> = {
  'verified-provider': 'linked-unconfirmed-account',
  'backend-recognition': 'recognized-unconfirmed-account',
  'password-reset': 'password-reset-claimed-account',
  'email-link': 'confirmed-claimed-account',
  'email-code': 'code-sign-in-claimed-account',
};

/**
 * Takes an account back for the owner of its email, once someone has proved that address (see
 * `EmailProof`). An account whose email was never confirmed may have been made by someone else in
 * the owner's name (pre-hijacking: a password or passkey registration, or a provider sign-in with an
 * address the provider did not verify), so every way in that the proof does not vouch for goes: every
 * provider link, every session, a second factor, and the password and passkeys unless the proof vouches for them. The account is
 * then confirmed, and active unless it waits for the site's approval. A confirmed account (its owner proved the address before any link
 * could be added), and one nobody can get into (made by recognition, or already taken back: its
 * sessions are the ones the site's backend recognized, tracking only), are returned as they are.
 *
 * The one implementation of DESIGN.md §12's rule: provider sign-in, recognition, password reset and
 * activation/confirmation links all call it.
 */
export async function claimAccountForEmailOwner(
  deps: Pick<IdentityDeps, 'sessions'>,
  trx: Transaction<Database>,
  account: ClientRow,
  input: { proof: EmailProof; now: number },
): Promise<ClientRow> {
  if (account.email_confirmed === 1) return account;
  const linked = await hasProviderLinks(trx, account.id);
  if (account.password_hash === null && !linked && !(await hasPasskeys(trx, account.id))) return account;
  // An email link vouches for the password (or passkey) its registration set; with no provider link, nobody else got in.
  if (input.proof === 'email-link' && !linked) return account;
  const keepPassword = input.proof === 'email-link';
  await unlinkAllProviders(trx, account.id);
  // An authenticator enrolled by whoever made the account would lock the owner out: it goes too.
  await deleteSecondFactor(trx, account.id);
  // Passkeys are ways in like the password: an email link vouches for them as for it, no other proof does.
  if (!keepPassword) await deleteAllPasskeys(trx, account.id);
  await deps.sessions.revokeClientSessions(trx, account.id, REASONS[input.proof], input.now);
  return updateClient(trx, account.id, {
    status: statusOnceEmailProved(account),
    email_confirmed: 1,
    ...(keepPassword ? {} : { password_hash: null }),
    updated_at: input.now,
  });
}
