import type { SecondFactorProofBody, UpdateBasicInformationBody } from '../../api/client.js';
import type {
  ConditionalLoginResponse,
  CustomerSession,
  IdentityProvider,
  ReauthenticationNonce,
  RecoveryCodes,
  SecondFactorStatus,
  SignInCodeRequestResponse,
  TokenResponse,
  TotpEnrollment,
} from '../../contract/schemas.js';
import type { CallOptions, ClientParts, ConditionalResult, ConditionalSignInOptions } from '../../session/index.js';
import { CLIENT_METHOD_ROUTES as R } from './routes.compiled.js';

/**
 * The logic of the Client's rarely called methods (src/session/client.ts keeps their names and
 * signatures, each a one-line call into this module, loaded on the first such call): the second
 * factor, the signed-in devices, the email change, the account's deletion, the emailed sign-in
 * codes, the activation PIN and the basic information. Their routes' answers are checked by the
 * descriptors of ./routes.compiled.ts, which ship with this module.
 *
 * Add a method: its function here (the Client's parts first, then the method's own arguments), and
 * its name on `Client` (`CLIENT_METHODS` in src/session/client.ts, with its signature and TSDoc in
 * the interface beside it).
 */

type Parts = ClientParts;

/** An emailed code or an authenticator's code as typed or pasted: its digits only ("123 456", "123-456"). */
const digits = (code: string) => code.replace(/[\s-]/g, '');
const noSpaces = (code: string) => code.replace(/\s/g, '');
const cleanProof = (proof: SecondFactorProofBody): SecondFactorProofBody =>
  'code' in proof ? { code: noSpaces(proof.code) } : { recoveryCode: proof.recoveryCode.trim() };

// ---- sign-in ----------------------------------------------------------------------------------------

export async function completeSignInWithSecondFactor(c: Parts, challenge: string, proof: SecondFactorProofBody, options: CallOptions = {}): Promise<void> {
  c.refuseWhileSignedIn();
  const sent = c.mark();
  const answer = await c.api.request<TokenResponse>(R.completeSignInWithSecondFactor, { challenge, ...cleanProof(proof) });
  await c.adopt(answer, options.cause, sent);
}

export async function requestSignInCode(c: Parts, email: string): Promise<{ expiresIn: number; resendAfter: number }> {
  c.touch();
  const { expiresIn, resendAfter } = await c.api.request<SignInCodeRequestResponse>(R.requestSignInCode, { email });
  return { expiresIn, resendAfter };
}

export async function signInWithCode(c: Parts, email: string, code: string, options: CallOptions = {}): Promise<void> {
  c.refuseWhileSignedIn();
  const body = { email, code: digits(code), uuid: c.uuid(), ...c.device() };
  await c.signIn(() => c.api.request<TokenResponse>(R.signInWithCode, body, c.holder()), options.cause);
}

export function signInWithCodeConditionally(c: Parts, email: string, code: string, options: ConditionalSignInOptions = {}): Promise<ConditionalResult> {
  c.refuseWhileSignedIn();
  const { acceptedTermsVersion } = options;
  const body = {
    email,
    code: digits(code),
    uuid: c.uuid(),
    ...c.device(),
    ...(acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion }),
  };
  return c.signIn(() => c.api.request<ConditionalLoginResponse>(R.signInWithCodeConditionally, body, c.holder()), options.cause);
}

// ---- registration ----------------------------------------------------------------------------------

export function requestAccountActivationByPin(c: Parts, email: string): Promise<void> {
  return c.keyed(() => c.api.request(R.requestAccountActivationByPin, { email }));
}

export function confirmAccountActivationByPin(c: Parts, pin: string, email: string): Promise<void> {
  return c.keyed(() => c.api.request(R.confirmAccountActivationByPin, { email, pinCode: digits(pin) }));
}

// ---- my account ------------------------------------------------------------------------------------

export async function updateAccountBasicInformation(c: Parts, context: UpdateBasicInformationBody, options: CallOptions = {}): Promise<void> {
  await c.withToken((token) => c.api.request(R.updateAccountBasicInformation, context, { token }), options.cause);
  c.clearCache();
}

export async function requestEmailChange(
  c: Parts,
  email: string,
  password: string | null | undefined,
  externalToken: string | null | undefined,
  options: { identityProvider?: Exclude<IdentityProvider, 'SYNERISE'> } & CallOptions = {},
): Promise<void> {
  const body = {
    email,
    ...(password ? { password } : {}),
    ...(externalToken ? { externalToken } : {}),
    ...(options.identityProvider ? { identityProvider: options.identityProvider } : {}),
  };
  await c.asCustomer((token) => c.api.request(R.requestEmailChange, body, { token }), options.cause);
}

export async function confirmEmailChange(c: Parts, token: string, newsletterAgreement: boolean | undefined, options: CallOptions = {}): Promise<void> {
  const body = newsletterAgreement === undefined ? { token } : { token, newsletterAgreement };
  if (c.isSignedIn()) await c.withToken((bearer) => c.api.request(R.confirmEmailChange, body, { token: bearer }), options.cause);
  else await c.keyed(() => c.api.request(R.confirmEmailChange, body));
  c.clearCache();
}

export async function deleteAccount(
  c: Parts,
  clientAuthFactor: string,
  identityProvider: IdentityProvider = 'SYNERISE',
  options: CallOptions = {},
): Promise<void> {
  await c.handOver();
  const body = identityProvider === 'SYNERISE' ? { clientAuthFactor } : { clientAuthFactor, identityProvider };
  await c.asCustomer((token) => c.api.request(R.deleteAccount, body, { token }), options.cause);
  c.clearCache();
  await c.reset('USER_ACCOUNT_DELETED', true, options.cause);
}

/** A nonce for proving the customer again with Google or Apple (the ID token carries it). */
export async function getReauthenticationNonce(c: Parts, options: CallOptions = {}): Promise<string> {
  return (await c.asCustomer((token) => c.api.request<ReauthenticationNonce>(R.getReauthenticationNonce, {}, { token }), options.cause)).nonce;
}

// ---- second factor -----------------------------------------------------------------------------------

export function getSecondFactor(c: Parts, options: CallOptions = {}): Promise<SecondFactorStatus> {
  return c.asCustomer((token) => c.api.request<SecondFactorStatus>(R.getSecondFactor, undefined, { token }), options.cause);
}

export function enrollTotp(c: Parts, options: CallOptions = {}): Promise<TotpEnrollment> {
  return c.asCustomer((token) => c.api.request<TotpEnrollment>(R.enrollTotp, {}, { token }), options.cause);
}

export function confirmTotpEnrollment(c: Parts, code: string, options: CallOptions = {}): Promise<RecoveryCodes> {
  return c.asCustomer((token) => c.api.request<RecoveryCodes>(R.confirmTotpEnrollment, { code: noSpaces(code) }, { token }), options.cause);
}

export async function disableTotp(c: Parts, proof: SecondFactorProofBody, options: CallOptions = {}): Promise<void> {
  const cleaned = cleanProof(proof);
  await c.asCustomer((token) => c.api.request(R.disableTotp, cleaned, { token }), options.cause);
}

export function regenerateRecoveryCodes(c: Parts, code: string, options: CallOptions = {}): Promise<RecoveryCodes> {
  return c.asCustomer((token) => c.api.request<RecoveryCodes>(R.regenerateRecoveryCodes, { code: noSpaces(code) }, { token }), options.cause);
}

// ---- signed-in devices ----------------------------------------------------------------------------------

export async function getSessions(c: Parts, options: CallOptions = {}): Promise<CustomerSession[]> {
  return (await c.asCustomer((token) => c.api.request<{ sessions: CustomerSession[] }>(R.getSessions, undefined, { token }), options.cause)).sessions;
}

export async function signOutSession(c: Parts, sessionId: string, options: CallOptions = {}): Promise<void> {
  await c.asCustomer((token) => c.api.request(R.signOutSession, undefined, { token, id: sessionId }), options.cause);
}

export async function signOutOtherSessions(c: Parts, options: CallOptions = {}): Promise<number> {
  return (await c.asCustomer((token) => c.api.request<{ signedOut: number }>(R.signOutOtherSessions, {}, { token }), options.cause)).signedOut;
}
