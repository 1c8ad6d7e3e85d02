import type { Passkey, PasskeyCreationOptions, PasskeyRegistrationCredential } from 'snr-auth/contract';
import type { VerifiedToken } from '../sessions.js';
import { ensureWebauthnUserId, insertPasskey, listPasskeys } from '../store/passkeys.js';
import type { IdentityDeps } from './deps.js';
import {
  creationOptions,
  defaultPasskeyName,
  issueChallenge,
  passkeyTaken,
  randomHandle,
  takeCeremony,
  toPasskey,
  verifyNewPasskey,
  webauthnOf,
} from './passkey-ceremony.js';
import { signedInCustomer } from './signed-in-customer.js';

/**
 * A signed-in customer adds a passkey, in two steps: the options for the browser's
 * `navigator.credentials.create()` (a challenge kept for this customer; their passkeys excluded, so
 * one authenticator is not registered twice), then the new credential, verified and stored with
 * its counter, backup state, device type and transports.
 */
export async function passkeyRegistrationOptions(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions'>,
  input: { token: VerifiedToken; apiKey: string; now: number },
): Promise<PasskeyCreationOptions> {
  const webauthn = webauthnOf(deps);
  const customer = await signedInCustomer(deps, input.token);
  const userId = await ensureWebauthnUserId(deps.db, customer.id, randomHandle());
  const challenge = await issueChallenge(deps, { purpose: 'registration', apiKey: input.apiKey, clientId: customer.id, now: input.now });
  const name = customer.email ?? customer.uuid;
  const displayName = [customer.first_name, customer.last_name].filter(Boolean).join(' ') || name;
  return creationOptions(webauthn, { challenge, userId, userName: name, displayName, exclude: await listPasskeys(deps.db, customer.id) });
}

export async function registerPasskey(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions'>,
  input: { token: VerifiedToken; apiKey: string; credential: PasskeyRegistrationCredential; name: string | undefined; now: number },
): Promise<Passkey> {
  const webauthn = webauthnOf(deps);
  const customer = await signedInCustomer(deps, input.token);
  const ceremony = await takeCeremony(deps, input.credential, {
    purpose: 'registration',
    apiKey: input.apiKey,
    clientId: customer.id,
    now: input.now,
    status: 400,
  });
  const made = await verifyNewPasskey(webauthn, input.credential, ceremony);
  const row = { ...made, client_id: customer.id, name: input.name ?? defaultPasskeyName(made.aaguid), created_at: input.now, last_used_at: null };
  await insertPasskey(deps.db, row).catch((err) => {
    throw passkeyTaken(err);
  });
  return toPasskey(row);
}
