import type { UpdateAccountBody } from '../../api/client.js';
import type { AccountInformation, RegisterResponse } from '../../contract/schemas.js';
import type { CallOptions, ClientParts, RegisterContext } from '../../session/index.js';
import { ACCOUNT_METHOD_ROUTES as R } from './routes.compiled.js';

/**
 * The logic of the Client's account methods: registration, the activation and reset links, the
 * password change and the account update. src/session/client.ts keeps their names and signatures,
 * each a call into this module. The forms file carries it (src/bundles/forms.ts: `provideAccountMethods`),
 * so its submits never wait for a download; the sign-in file and the headless entry load it on the
 * first such call. Their routes' answers
 * are checked by the descriptors of ./routes.compiled.ts, which ship with this module.
 *
 * Add a method: its function here (the Client's parts first, then the method's own arguments), and
 * its name on `Client` (`ACCOUNT_METHODS` in src/session/client.ts, with its signature and TSDoc in
 * the interface beside it).
 */

type Parts = ClientParts;

// ---- registration and email links ---------------------------------------------------------------

export async function registerAccount(c: Parts, context: RegisterContext, options: CallOptions = {}): Promise<RegisterResponse> {
  const answer = await c.withToken((token) => c.api.request<RegisterResponse>(R.registerAccount, { ...context, uuid: c.uuid() }, { token }), options.cause);
  c.track('client.register', { status: answer.status });
  return answer;
}

export function requestAccountActivation(c: Parts, email: string): Promise<void> {
  return c.keyed(() => c.api.request(R.requestAccountActivation, { email }));
}

export function confirmAccountActivation(c: Parts, token: string): Promise<void> {
  return c.keyed(() => c.api.request(R.confirmAccountActivation, { token }));
}

export function confirmPasswordReset(c: Parts, token: string, password: string): Promise<void> {
  return c.keyed(() => c.api.request(R.confirmPasswordReset, { token, password }));
}

// ---- my account ------------------------------------------------------------------------------------

export async function updateAccount(c: Parts, context: UpdateAccountBody, options: CallOptions = {}): Promise<AccountInformation> {
  return c.remember(await c.asCustomer((token) => c.api.request<AccountInformation>(R.updateAccount, context, { token }), options.cause));
}

export async function changePassword(c: Parts, oldPassword: string, password: string, options: CallOptions = {}): Promise<void> {
  await c.asCustomer((token) => c.api.request(R.changePassword, { oldPassword, password }, { token }), options.cause);
}
