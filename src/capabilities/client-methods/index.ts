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
import { SnrError } from '../../session/index.js';
import { CLIENT_METHOD_ROUTES as R } from './routes.compiled.js';

/**
 * The logic of the Client's rarely called methods (src/session/client.ts keeps their names and
 * signatures, each a one-line call into this module, loaded on the first such call): the second
 * factor, the signed-in devices, the email change, the account's deletion, the emailed sign-in
 * codes, the activation PIN, the basic information and the name-based UUIDs (`regenerateUUID`,
 * `getUUIDForAuthentication`). Their routes' answers are checked by the
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

export async function deleteAccount(c: Parts, clientAuthFactor: string, identityProvider: IdentityProvider = 'SYNERISE', options: CallOptions = {}): Promise<void> {
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

/** RFC 4122's URL namespace: the site's own namespace is derived from it and the Profile API key. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

// ---- identity ------------------------------------------------------------------------------------------

/** This site's namespace for name-based UUIDs: derived from the Profile API key. */
const siteNamespace = (c: Parts) => uuidV5(URL_NAMESPACE, `snr-auth:${c.api.apiKey}`);

export async function getUUIDForAuthentication(c: Parts, authID: string): Promise<string> {
  if (typeof authID !== 'string' || authID === '') throw new TypeError('getUUIDForAuthentication() needs a non-empty authID');
  return uuidV5(await siteNamespace(c), `auth:${authID}`);
}

export async function regenerateUUID(c: Parts, clientIdentifier?: string, options: CallOptions = {}): Promise<string> {
  if (c.isSignedIn()) throw new SnrError('SIGNED_IN', 'regenerateUUID() is not allowed while signed in');
  if (clientIdentifier !== undefined && (typeof clientIdentifier !== 'string' || clientIdentifier === '')) {
    throw new TypeError('regenerateUUID() takes a non-empty clientIdentifier, or none');
  }
  const seeded = clientIdentifier === undefined ? true : await uuidV5(await siteNamespace(c), `client:${clientIdentifier}`);
  await c.handOver();
  await c.reset('SESSION_DESTROYED', seeded, options.cause);
  return c.uuid();
}

/** A name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of the namespace's bytes and the name's UTF-8). */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  const ns = namespace.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(ns)) throw new TypeError(`not a UUID: ${namespace}`);
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(16 + nameBytes.length);
  for (let i = 0; i < 16; i++) input[i] = Number.parseInt(ns.slice(i * 2, i * 2 + 2), 16);
  input.set(nameBytes, 16);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
