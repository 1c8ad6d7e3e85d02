import type { PasskeyAssertion, PasskeyRequestOptions } from 'snr-auth/contract';
import { forbidden, notFound } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { deletePasskey, findPasskey, listPasskeys } from '../store/passkeys.js';
import type { IdentityDeps } from './deps.js';
import { assertionOptions, issueChallenge, takeCeremony, verifyAssertion, webauthnOf } from './passkey-ceremony.js';
import { proveCustomer } from './prove-customer.js';
import { signedInCustomer } from './signed-in-customer.js';

/** The options of a fresh assertion that proves the customer again before a removal: one of their own passkeys, verified. */
export async function passkeyReauthenticationOptions(
  deps: Pick<IdentityDeps, 'db' | 'config'>,
  input: { token: VerifiedToken; apiKey: string; now: number },
): Promise<PasskeyRequestOptions> {
  const webauthn = webauthnOf(deps);
  const customer = await signedInCustomer(deps, input.token);
  const passkeys = await listPasskeys(deps.db, customer.id);
  if (passkeys.length === 0) throw notFound('NOT_FOUND', 'This account has no passkey to prove it with: use the password');
  const challenge = await issueChallenge(deps, { purpose: 'reauthentication', apiKey: input.apiKey, clientId: customer.id, now: input.now });
  return assertionOptions(webauthn, challenge, passkeys);
}

const wrong = () => forbidden('INVALID_CREDENTIALS', 'The password or the passkey does not prove this account');

/**
 * Removes one of the signed-in customer's passkeys, once they proved it is them again: the password
 * (counted as a sign-in attempt), or a fresh assertion of one of their passkeys made for this
 * (`passkeyReauthenticationOptions`). A stolen session alone cannot take a way in away.
 */
export async function removePasskey(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'now'>,
  input: { token: VerifiedToken; apiKey: string; id: string; proof: { password: string } | { assertion: PasskeyAssertion }; address: string; now: number },
): Promise<void> {
  webauthnOf(deps);
  const customer = await signedInCustomer(deps, input.token);
  if ('password' in input.proof) {
    await proveCustomer(deps, customer, { password: input.proof.password }, input.address, input.now, input.token.session.id);
  } else {
    const assertion = input.proof.assertion;
    const ceremony = await takeCeremony(deps, assertion, {
      purpose: 'reauthentication',
      apiKey: input.apiKey,
      clientId: customer.id,
      now: input.now,
      status: 400,
    });
    const passkey = await findPasskey(deps.db, assertion.id);
    if (!passkey || passkey.client_id !== customer.id) throw wrong();
    await verifyAssertion(deps, passkey, assertion, ceremony, { now: input.now, status: 400 }).catch(() => {
      throw wrong();
    });
  }
  if (!(await deletePasskey(deps.db, customer.id, input.id))) throw notFound('NOT_FOUND', 'No passkey of this account has that id');
}
