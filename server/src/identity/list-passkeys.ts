import type { Passkey } from 'snr-auth/contract';
import type { VerifiedToken } from '../sessions.js';
import { listPasskeys as listRows } from '../store/passkeys.js';
import type { IdentityDeps } from './deps.js';
import { toPasskey, webauthnOf } from './passkey-ceremony.js';
import { signedInCustomer } from './signed-in-customer.js';

/** The signed-in customer's passkeys, oldest first. */
export async function listPasskeys(deps: Pick<IdentityDeps, 'db' | 'config'>, input: { token: VerifiedToken }): Promise<Passkey[]> {
  webauthnOf(deps);
  const customer = await signedInCustomer(deps, input.token);
  return (await listRows(deps.db, customer.id)).map(toPasskey);
}
