import type { Passkey } from 'snr-auth/contract';
import { notFound } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { renamePasskey as renameRow } from '../store/passkeys.js';
import type { IdentityDeps } from './deps.js';
import { toPasskey, webauthnOf } from './passkey-ceremony.js';
import { signedInCustomer } from './signed-in-customer.js';

/** Renames one of the signed-in customer's passkeys; another customer's, or none, is 404. */
export async function renamePasskey(deps: Pick<IdentityDeps, 'db' | 'config'>, input: { token: VerifiedToken; id: string; name: string }): Promise<Passkey> {
  webauthnOf(deps);
  const customer = await signedInCustomer(deps, input.token);
  const row = await renameRow(deps.db, customer.id, input.id, input.name);
  if (!row) throw notFound('NOT_FOUND', 'No passkey of this account has that id');
  return toPasskey(row);
}
