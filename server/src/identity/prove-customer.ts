import { randomBytes } from 'node:crypto';
import { ID_TOKEN_PROVIDERS, type IdentityProvider } from 'snr-auth/contract';
import { verifyPassword } from '../crypto/password.js';
import { badRequest, forbidden } from '../errors.js';
import { rejected } from '../providers/identity.js';
import { verifyProviderToken } from '../providers/verify.js';
import type { ClientRow } from '../store/clients.js';
import { consumeProofNonce, issueProofNonce, liveProofNonce } from '../store/id-token-nonces.js';
import { findClientIdentities } from '../store/identities.js';
import type { IdentityDeps } from './deps.js';

/** What a signed-in customer shows again before a change a stolen session must not make alone. */
export type CustomerProof =
  | { password: string }
  /** A token from an identity provider linked to the account; `provider` when the customer names it. */
  | { externalToken: string; provider?: Exclude<IdentityProvider, 'SYNERISE'> };

type ProviderName = Parameters<typeof verifyProviderToken>[1];

const wrong = () => forbidden('INVALID_CREDENTIALS', 'The password or the provider token does not prove this account');

/** How long a re-authentication nonce lives: the time to press the provider's button and come back. */
export const REAUTHENTICATION_NONCE_TTL_MS = 5 * 60_000;

/** Which providers are switched on in this server's configuration. */
function enabled(config: IdentityDeps['config'], provider: string): boolean {
  switch (provider) {
    case 'OAUTH':
      return config.oauth !== undefined;
    case 'FACEBOOK':
      return config.facebook !== undefined;
    case 'GOOGLE':
      return config.google !== undefined;
    case 'APPLE':
      return config.apple !== undefined;
    default:
      return false;
  }
}

/** How a customer can prove it is them: `SYNERISE` (their password) and every linked provider that is switched on. */
export async function proofsOf(deps: Pick<IdentityDeps, 'config' | 'db'>, row: ClientRow): Promise<IdentityProvider[]> {
  const links = await findClientIdentities(deps.db, row.id);
  const providers = [...new Set(links.map((l) => l.provider))].filter((p) => enabled(deps.config, p)).sort() as IdentityProvider[];
  return row.password_hash ? ['SYNERISE', ...providers] : providers;
}

/** Issues the nonce a Google or Apple ID token must carry to prove the customer of this session again. */
export async function issueReauthenticationNonce(
  deps: Pick<IdentityDeps, 'db'>,
  sessionId: string,
  now: number,
): Promise<{ nonce: string; expiration: number }> {
  const nonce = randomBytes(24).toString('base64url');
  const expiresAt = now + REAUTHENTICATION_NONCE_TTL_MS;
  await issueProofNonce(deps.db, { nonce, sessionId, now, expiresAt });
  return { nonce, expiration: Math.floor(expiresAt / 1000) };
}

/**
 * Checks that the person behind a customer session is the customer: their password (guesses count
 * as failed sign-ins of the account, as for a password change), or a provider token whose subject is
 * linked to this account (the provider is the one named, else each one the account is linked to).
 * A Google or Apple ID token proves only with the nonce this session was issued
 * (`issueReauthenticationNonce`): fresh, unused, and used up by this proof.
 */
export async function proveCustomer(
  deps: Pick<IdentityDeps, 'config' | 'db' | 'limiter' | 'now'>,
  row: ClientRow,
  proof: CustomerProof,
  address: string,
  now: number,
  sessionId: string,
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
  const issued = await liveProofNonce(deps.db, sessionId, now);
  let lastError: unknown;
  for (const provider of providers) {
    try {
      const idToken = (ID_TOKEN_PROVIDERS as readonly string[]).includes(provider);
      if (idToken && !issued) throw rejected('Ask for a re-authentication nonce first: the ID token must carry it');
      const identity = await verifyProviderToken(deps.config, provider as ProviderName, proof.externalToken, {
        ...(idToken && issued ? { nonce: issued.nonce } : {}),
        now: deps.now(),
      });
      if (!links.some((l) => l.provider === identity.provider && l.subject === identity.subject)) {
        lastError = wrong();
        continue;
      }
      if (identity.idToken && issued) {
        // Made after the nonce was: a token from an earlier sign-in cannot carry it anyway; checked all the same.
        if (identity.idToken.issuedAt < issued.created_at - 60_000) throw rejected('The ID token is older than the re-authentication it answers');
        if (!(await consumeProofNonce(deps.db, issued.nonce, sessionId, now))) throw rejected('The re-authentication nonce was used already');
      }
      return;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
