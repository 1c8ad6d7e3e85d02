import type { ServerConfig } from '../config.js';
import { fetchProviderJson, type ProviderIdentity, rejected } from './identity.js';

/**
 * Checks a Facebook user access token with the Graph API: `debug_token` with the app's token proves
 * it was issued for this app and is valid, then `me` gives the profile. Facebook only returns
 * confirmed email addresses, so a returned email counts as verified.
 */
export async function verifyFacebookToken(config: NonNullable<ServerConfig['facebook']>, token: string): Promise<ProviderIdentity> {
  const appToken = `${config.appId}|${config.appSecret}`;
  const debug = await fetchProviderJson(
    `${config.graphUrl}/debug_token?${new URLSearchParams({ input_token: token, access_token: appToken })}`,
    { headers: { accept: 'application/json' } },
    'Facebook',
  );
  const data = (debug.data ?? {}) as Record<string, unknown>;
  if (data.is_valid !== true) throw rejected('Facebook says the token is not valid');
  if (String(data.app_id) !== config.appId) throw rejected('The Facebook token was issued for another app');
  const me = await fetchProviderJson(
    `${config.graphUrl}/me?${new URLSearchParams({ fields: 'id,email,first_name,last_name', access_token: token })}`,
    { headers: { accept: 'application/json' } },
    'Facebook',
  );
  const id = me.id ?? data.user_id;
  if (typeof id !== 'string' && typeof id !== 'number') throw rejected('Facebook named no user');
  if (data.user_id !== undefined && String(data.user_id) !== String(id)) throw rejected('The Facebook token belongs to another user');
  const profile: Record<string, string> = {};
  if (typeof me.first_name === 'string') profile.firstName = me.first_name;
  if (typeof me.last_name === 'string') profile.lastName = me.last_name;
  const email = typeof me.email === 'string' && me.email.includes('@') ? me.email.toLowerCase() : undefined;
  return { provider: 'FACEBOOK', subject: String(id), email, emailVerified: email !== undefined, profile };
}
