import type { ServerConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { verifyFacebookToken } from './facebook.js';
import type { ProviderIdentity } from './identity.js';
import { verifyOAuthToken } from './oauth.js';

export function providerDisabled(provider: string): ApiError {
  return new ApiError(400, 'PROVIDER_DISABLED', `Sign-in with ${provider} is not enabled on this server`);
}

/** Asks the provider whether the token is good and whose it is. */
export async function verifyProviderToken(
  config: Pick<ServerConfig, 'oauth' | 'facebook'>,
  provider: 'OAUTH' | 'FACEBOOK',
  token: string,
): Promise<ProviderIdentity> {
  if (provider === 'OAUTH') {
    if (!config.oauth) throw providerDisabled('OAuth');
    return verifyOAuthToken(config.oauth, token);
  }
  if (!config.facebook) throw providerDisabled('Facebook');
  return verifyFacebookToken(config.facebook, token);
}
