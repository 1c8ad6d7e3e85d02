import type { IdTokenProviderConfig } from '../config.js';
import { emailClaim, idTokenFacts, isTrue, verifyIdToken } from './id-token.js';
import type { ProviderIdentity } from './identity.js';

/**
 * Checks a Google ID token (Google Identity Services' `credential`) itself: signed by Google's
 * published keys, issued by Google to this site's client id, not expired, for this attempt's nonce.
 * Google signs `iss` with and without the scheme. Its profile claims fill the customer's names.
 */
export async function verifyGoogleToken(config: IdTokenProviderConfig, token: string, nonce: string, now: number): Promise<ProviderIdentity> {
  const host = config.issuer.replace(/^https:\/\//, '');
  const claims = await verifyIdToken({ config, name: 'Google', alsoIssuers: host !== config.issuer ? [host] : [], token, nonce, now });
  const email = emailClaim(claims.email);
  const profile: Record<string, string> = {};
  if (typeof claims.given_name === 'string') profile.firstName = claims.given_name.trim();
  if (typeof claims.family_name === 'string') profile.lastName = claims.family_name.trim();
  if (typeof claims.picture === 'string') profile.avatarUrl = claims.picture;
  return {
    provider: 'GOOGLE',
    subject: claims.sub,
    email,
    emailVerified: email !== undefined && isTrue(claims.email_verified),
    profile,
    idToken: idTokenFacts(claims, nonce),
  };
}
