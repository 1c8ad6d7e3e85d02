import type { ServerConfig } from '../config.js';
import { fetchProviderJson, type ProviderIdentity, rejected } from './identity.js';

/**
 * Verifies an OAuth access token by asking the site's verification endpoint (an OpenID Connect
 * userinfo endpoint fits), then maps its JSON claims to customer fields.
 */
export async function verifyOAuthToken(config: NonNullable<ServerConfig['oauth']>, token: string): Promise<ProviderIdentity> {
  const claims = await fetchProviderJson(
    config.verifyUrl,
    { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
    'The OAuth verification endpoint',
  );
  const subject = claims.sub;
  if (typeof subject !== 'string' && typeof subject !== 'number') throw rejected('The verification endpoint named no subject (sub)');
  const profile: Record<string, string> = {};
  // The fields were checked at start (OAUTH_CLAIM_FIELDS); the values are checked as a customer's input.
  for (const [field, claim] of Object.entries(config.claims)) {
    const value = claims[claim];
    if ((typeof value === 'string' || typeof value === 'number') && String(value).trim() !== '') profile[field] = String(value).trim();
  }
  const email = profile.email?.toLowerCase();
  delete profile.email;
  // A verified email links to the account that has it, so silence is not proof: only OpenID
  // Connect's `email_verified`, or the site's word that its endpoint vouches for every email.
  const emailVerified = email !== undefined && (config.trustEmail || claims.email_verified === true || claims.email_verified === 'true');
  return { provider: 'OAUTH', subject: String(subject), email, emailVerified, profile };
}
