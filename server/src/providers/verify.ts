import type { ServerConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { verifyAppleToken } from './apple.js';
import { verifyFacebookToken } from './facebook.js';
import { verifyGoogleToken } from './google.js';
import type { ProviderIdentity } from './identity.js';
import { verifyOAuthToken } from './oauth.js';

export function providerDisabled(provider: string): ApiError {
  return new ApiError(400, 'PROVIDER_DISABLED', `Sign-in with ${provider} is not enabled on this server`);
}

/** Asks the provider whether the token is good and whose it is (Google and Apple: checked here, by their published keys). */
export async function verifyProviderToken(
  config: Pick<ServerConfig, 'oauth' | 'facebook' | 'google' | 'apple'>,
  provider: 'OAUTH' | 'FACEBOOK' | 'GOOGLE' | 'APPLE',
  token: string,
  attempt: { nonce?: string; now: number },
): Promise<ProviderIdentity> {
  switch (provider) {
    case 'OAUTH':
      if (!config.oauth) throw providerDisabled('OAuth');
      return verifyOAuthToken(config.oauth, token);
    case 'FACEBOOK':
      if (!config.facebook) throw providerDisabled('Facebook');
      return verifyFacebookToken(config.facebook, token);
    case 'GOOGLE':
      if (!config.google) throw providerDisabled('Google');
      return verifyGoogleToken(config.google, token, requireNonce(attempt.nonce), attempt.now);
    case 'APPLE':
      if (!config.apple) throw providerDisabled('Apple');
      return verifyAppleToken(config.apple, token, requireNonce(attempt.nonce), attempt.now);
  }
}

function requireNonce(nonce: string | undefined): string {
  // The request schema requires it already; kept so no caller verifies an ID token without one.
  if (nonce === undefined) throw new ApiError(400, 'VALIDATION_FAILED', 'nonce is required');
  return nonce;
}
