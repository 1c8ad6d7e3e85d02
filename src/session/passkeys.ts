import { SnrError } from '../api/errors.js';
import type { Passkey, RegisterResponse } from '../contract/schemas.js';
import type { CallOptions, PasskeyProof, PasskeySignInOptions, RegisterContext } from './client.js';
import type { ClientParts } from './methods.js';

/**
 * What the passkey methods of the Client need of it (./methods.ts): lent to the `passkeys`
 * capability (src/capabilities/passkeys/), which holds their logic and the WebAuthn ceremony, so a
 * page that never shows a passkey never downloads either.
 */
export type PasskeyClientParts = ClientParts;

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
