import type { ApiClient } from '../api/client.js';
import { SnrError } from '../api/errors.js';
import type { Passkey, RegisterResponse, TokenResponse } from '../contract/schemas.js';
import type { CallOptions, PasskeyProof, PasskeySignInOptions, RegisterContext } from './client.js';

/**
 * What the passkey methods of the Client need of it: lent to the `passkeys` capability
 * (src/capabilities/passkeys/), which holds their logic and the WebAuthn ceremony, so a page that
 * never shows a passkey never downloads either.
 */
export interface PasskeyClientParts {
  readonly api: ApiClient;
  uuid(): string;
  /** `deviceId`, when the Client has one. */
  device(): { deviceId?: string };
  /** The anonymous token as the bearer of a sign-in: the visitor's history merges. */
  holder(): { token?: string };
  refuseWhileSignedIn(): void;
  touch(): void;
  asCustomer<T>(call: (token: string) => Promise<T>, cause: unknown): Promise<T>;
  withToken<T>(call: (token: string) => Promise<T>, cause?: unknown): Promise<T>;
  /** A sign-in as every sign-in goes: the queued events handed over, then the answer adopted. */
  signIn(request: () => Promise<TokenResponse>, cause: unknown): Promise<void>;
  /** Adopts a token answered with another request (a registration that signs in). */
  adopt(answer: TokenResponse, cause: unknown): Promise<void>;
  track(action: string, params: Record<string, unknown>): void;
}

/** The capability module as the Client uses it. */
export interface PasskeyModule {
  signInWithPasskey(client: PasskeyClientParts, options: PasskeySignInOptions): Promise<void>;
  registerPasskey(client: PasskeyClientParts, name: string | undefined, options: CallOptions): Promise<Passkey>;
  getPasskeys(client: PasskeyClientParts, options: CallOptions): Promise<Passkey[]>;
  renamePasskey(client: PasskeyClientParts, id: string, name: string, options: CallOptions): Promise<Passkey>;
  removePasskey(client: PasskeyClientParts, id: string, proof: PasskeyProof, options: CallOptions): Promise<void>;
  registerAccountWithPasskey(
    client: PasskeyClientParts,
    context: Omit<RegisterContext, 'password'>,
    options: { name?: string } & CallOptions,
  ): Promise<RegisterResponse>;
}

export type PasskeyModuleLoader = () => Promise<PasskeyModule>;

let pageLoader: PasskeyModuleLoader | undefined;

/**
 * Names the page's loader of the passkeys capability: the elements' kit provides
 * `loadCapability('passkeys')` (a chunk, or the `snr-auth.passkeys.js` add-on of a script-tag
 * page). A Client made with `ClientOptions.passkeys` uses its own.
 */
export function providePasskeys(loader: PasskeyModuleLoader): void {
  pageLoader = loader;
}

export async function loadPasskeys(own: PasskeyModuleLoader | undefined): Promise<PasskeyModule> {
  const loader = own ?? pageLoader;
  if (!loader) throw new SnrError('PASSKEYS_UNSUPPORTED', 'Passkeys are not loaded on this page: pass ClientOptions.passkeys, or load the snr-auth elements');
  return loader();
}
