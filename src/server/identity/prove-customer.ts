import type { IdentityProvider } from '../../contract/index.js';
import { verifyPassword } from '../crypto/password.js';
import { badRequest, forbidden } from '../errors.js';
import { verifyProviderToken } from '../providers/verify.js';
import type { ClientRow } from '../store/clients.js';
import { findClientIdentities } from '../store/identities.js';
import type { IdentityDeps } from './deps.js';

/** What a signed-in customer shows again before a change a stolen session must not make alone. */
export type CustomerProof =
  | { password: string }
  /** A token from an identity provider linked to the account; `provider` when the customer names it. */
  | { externalToken: string; provider?: Exclude<IdentityProvider, 'SYNERISE'> };

type ProviderName = Parameters<typeof verifyProviderToken>[1];

const wrong = () => forbidden('INVALID_CREDENTIALS', 'The password or the provider token does not prove this account');

/**
 * Checks that the person behind a customer session is the customer: their password (guesses count
 * as failed sign-ins of the account, as for a password change), or a provider token whose subject is
 * linked to this account (the provider is the one named, else each one the account is linked to).
 */
export async function proveCustomer(
  deps: Pick<IdentityDeps, 'config' | 'db' | 'limiter' | 'now'>,
  row: ClientRow,
  proof: CustomerProof,
  address: string,
  now: number,
): Promise<void> {
  if ('password' in proof) {
    const attempt = row.email ? await deps.limiter.signInAttempt(row.email, address, now) : undefined;
    if (!row.password_hash || !(await verifyPassword(proof.password, row.password_hash))) {
      attempt?.refused();
      throw wrong();
    }
    await attempt?.succeeded();
    return;
  }
  const links = await findClientIdentities(deps.db, row.id);
  const providers = [...new Set(links.map((l) => l.provider))].filter((p) => proof.provider === undefined || p === proof.provider);
  if (providers.length === 0) {
    throw badRequest('VALIDATION_FAILED', 'This account is not linked to that identity provider: prove it with the password', [
      { field: 'externalToken', code: 'not_linked', message: 'No identity provider of this account' },
    ]);
  }
  let lastError: unknown;
  for (const provider of providers) {
    try {
      // No nonce rides on a proof, so Google's and Apple's ID tokens (which need one) are refused here.
      const identity = await verifyProviderToken(deps.config, provider as ProviderName, proof.externalToken, { now: deps.now() });
      if (links.some((l) => l.provider === identity.provider && l.subject === identity.subject)) return;
      lastError = wrong();
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
