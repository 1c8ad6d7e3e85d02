import type {
  Passkey,
  PasskeyAccountRegistrationResponse,
  PasskeyAssertion,
  PasskeyCreationOptions,
  PasskeyRequestOptions,
  RegisterResponse,
  TokenResponse,
} from '../../contract/schemas.js';
import type { CallOptions, PasskeyClientParts, PasskeyProof, PasskeySignInOptions, RegisterContext } from '../../session/index.js';
import { ceremony } from './ceremony.js';
import { PASSKEY_ROUTES as R } from './routes.compiled.js';

/**
 * The Client's passkey methods (src/session/client.ts delegates each one here): the server's
 * routes, answers checked by their compiled descriptors (routes.compiled.ts), and the browser's
 * ceremony between the options and the answer.
 */

type Parts = PasskeyClientParts;

export async function signInWithPasskey(c: Parts, options: PasskeySignInOptions): Promise<void> {
  c.touch();
  const request = await c.api.request<PasskeyRequestOptions>(R.passkeySignInOptions, options.email ? { email: options.email } : {});
  const credential = await ceremony.get(request, options.mediation === 'conditional', options.signal);
  c.refuseWhileSignedIn();
  const { acceptedTermsVersion } = options;
  const body = { uuid: c.uuid(), credential, ...c.device(), ...(acceptedTermsVersion ? { acceptedTermsVersion } : {}) };
  await c.signIn(() => c.api.request<TokenResponse>(R.signInWithPasskey, body, c.holder()), options.cause);
}

export async function registerPasskey(c: Parts, name: string | undefined, options: CallOptions): Promise<Passkey> {
  const creation = await c.asCustomer((token) => c.api.request<PasskeyCreationOptions>(R.passkeyRegistrationOptions, {}, { token }), options.cause);
  const credential = await ceremony.create(creation);
  return c.asCustomer((token) => c.api.request<Passkey>(R.registerPasskey, name ? { credential, name } : { credential }, { token }), options.cause);
}

export function getPasskeys(c: Parts, options: CallOptions): Promise<Passkey[]> {
  return c.asCustomer((token) => c.api.request<Passkey[]>(R.getPasskeys, undefined, { token }), options.cause);
}

export function renamePasskey(c: Parts, id: string, name: string, options: CallOptions): Promise<Passkey> {
  return c.asCustomer((token) => c.api.request<Passkey>(R.renamePasskey, { name }, { token, id }), options.cause);
}

export async function removePasskey(c: Parts, id: string, proof: PasskeyProof, options: CallOptions): Promise<void> {
  let body: { password: string } | { assertion: PasskeyAssertion };
  if (proof === 'passkey') {
    const request = await c.asCustomer((token) => c.api.request<PasskeyRequestOptions>(R.passkeyReauthenticationOptions, {}, { token }), options.cause);
    body = { assertion: await ceremony.get(request, false) };
  } else body = { password: proof.password };
  await c.asCustomer((token) => c.api.request<void>(R.removePasskey, body, { token, id }), options.cause);
}

export async function registerAccountWithPasskey(
  c: Parts,
  context: Omit<RegisterContext, 'password'>,
  options: { name?: string } & CallOptions,
): Promise<RegisterResponse> {
  const uuid = c.uuid();
  const creation = await c.withToken(
    (token) => c.api.request<PasskeyCreationOptions>(R.passkeyAccountRegistrationOptions, { ...context, uuid }, { token }),
    options.cause,
  );
  const credential = await ceremony.create(creation);
  const body = { uuid, credential, ...(options.name ? { name: options.name } : {}) };
  const { token, ...answer } = await c.withToken(
    (bearer) => c.api.request<PasskeyAccountRegistrationResponse>(R.registerAccountWithPasskey, body, { token: bearer }),
    options.cause,
  );
  c.track('client.register', { status: answer.status });
  if (token) await c.adopt(token, options.cause);
  return answer;
}
