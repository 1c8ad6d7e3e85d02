import type { IdTokenProviderConfig } from '../config.js';
import { emailClaim, idTokenFacts, isTrue, verifyIdToken } from './id-token.js';
import type { ProviderIdentity } from './identity.js';

/**
 * Checks a Sign in with Apple ID token (`authorization.id_token` of AppleID.auth.signIn) itself:
 * signed by Apple's published keys, issued by Apple to this site's Services ID, not expired, for
 * this attempt's nonce. Apple sends `email_verified` as a string ("true") and puts no name in the
 * token (the name comes once, to the page, and is not trusted here). A private relay address
 * (`is_private_email`) is a working, verified address like any other.
 */
export async function verifyAppleToken(config: IdTokenProviderConfig, token: string, nonce: string, now: number): Promise<ProviderIdentity> {
  const claims = await verifyIdToken({ config, name: 'Apple', token, nonce, now });
  const email = emailClaim(claims.email);
  return {
    provider: 'APPLE',
    subject: claims.sub,
    email,
    emailVerified: email !== undefined && isTrue(claims.email_verified),
    profile: {},
    idToken: idTokenFacts(claims, nonce),
  };
}
