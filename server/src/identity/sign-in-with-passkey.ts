import type { PasskeyAssertion, PasskeyRequestOptions, TokenResponse } from 'snr-auth/contract';
import { forbidden, unauthorized } from '../errors.js';
import { findClientByEmail, findClientById, isCustomer, recordTermsAcceptance } from '../store/clients.js';
import { listPasskeys, webauthnUserId } from '../store/passkeys.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import type { Visitor } from './merge-anonymous.js';
import { assertionOptions, issueChallenge, passkeyOf, takeCeremony, verifyAssertion, webauthnOf } from './passkey-ceremony.js';

/**
 * The options of a passkey sign-in: a challenge (single use, a few minutes) and, when the customer
 * typed an email, that account's passkeys; without one (or for an address with none) any passkey
 * of the site may answer (discoverable credentials, the browser's autofill). User verification is
 * required: the passkey alone is both factors.
 */
export async function passkeySignInOptions(
  deps: Pick<IdentityDeps, 'db' | 'config'>,
  input: { apiKey: string; email: string | undefined; now: number },
): Promise<PasskeyRequestOptions> {
  const webauthn = webauthnOf(deps);
  const customer = input.email === undefined ? undefined : await findClientByEmail(deps.db, input.email);
  const passkeys = customer && isCustomer(customer) ? await listPasskeys(deps.db, customer.id) : [];
  const challenge = await issueChallenge(deps, { purpose: 'authentication', apiKey: input.apiKey, clientId: null, now: input.now });
  return assertionOptions(webauthn, challenge, passkeys);
}

/**
 * Signs in with a passkey's assertion: the challenge is taken (once), the passkey looked up by its
 * credential id (a discoverable one's user handle must be its owner's), the signature and counter
 * checked, and a session opened with origin `PASSKEY` as every sign-in opens one (the visitor's
 * anonymous profile merged in). An account waiting for activation or approval, or for the site's
 * terms, is refused as the password sign-in refuses it. A passkey with user verification is
 * possession and a PIN or biometric at once: no second factor is asked.
 */
export async function signInWithPasskey(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions'>,
  input: {
    apiKey: string;
    assertion: PasskeyAssertion;
    visitor: Visitor;
    now: number;
    acceptedTermsVersion?: string | undefined;
    /** The request's User-Agent, kept with the session for the customer's list of devices. */
    userAgent?: string | undefined;
  },
): Promise<TokenResponse> {
  const ceremony = await takeCeremony(deps, input.assertion, { purpose: 'authentication', apiKey: input.apiKey, clientId: null, now: input.now, status: 401 });
  const passkey = await passkeyOf(deps, input.assertion);
  const handle = input.assertion.response.userHandle;
  if (handle !== undefined && handle !== (await webauthnUserId(deps.db, passkey.client_id))) {
    throw unauthorized('PASSKEY_REJECTED', 'The passkey answered for another account');
  }
  await verifyAssertion(deps, passkey, input.assertion, ceremony, { now: input.now, status: 401 });
  const client = await findClientById(deps.db, passkey.client_id);
  if (!client || !isCustomer(client)) throw unauthorized('PASSKEY_UNKNOWN', 'This passkey is not registered with this site');
  if (client.status === 'pending_activation')
    throw forbidden('ACTIVATION_REQUIRED', 'The account is not activated yet: follow the link in the activation email');
  if (client.status === 'pending_approval') throw forbidden('APPROVAL_REQUIRED', 'The account waits for the approval of the site');
  const terms = deps.config.terms;
  const acceptsTermsNow = terms !== undefined && client.terms_version !== terms.version && input.acceptedTermsVersion === terms.version;
  if (terms && client.terms_version !== terms.version && !acceptsTermsNow) {
    throw forbidden('TERMS_ACCEPTANCE_REQUIRED', `The terms (version ${terms.version}) must be accepted first: send acceptedTermsVersion`);
  }
  const session = await deps.db.transaction().execute(async (trx) => {
    if (acceptsTermsNow) await recordTermsAcceptance(trx, client.id, terms.version, input.now);
    return openCustomerSession(deps, trx, client, {
      apiKey: input.apiKey,
      visitor: input.visitor,
      origin: 'PASSKEY',
      now: input.now,
      userAgent: input.userAgent,
    });
  });
  return deps.sessions.issue(session, client, input.now);
}
