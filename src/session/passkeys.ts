import { SnrError } from '../api/errors.js';
import type { PasskeyAssertion, PasskeyCreationOptions, PasskeyRegistrationCredential, PasskeyRequestOptions } from '../contract/schemas.js';

/**
 * The browser's half of a passkey call: `navigator.credentials.create()` / `.get()` with the
 * server's options, answering WebAuthn's JSON (and coded errors: `PASSKEY_CANCELLED`,
 * `PASSKEYS_UNSUPPORTED`). It lives in the `passkeys` capability (src/capabilities/passkeys/), so a
 * page that never shows a passkey never downloads it; the Client gets it through a loader.
 */
export interface PasskeyCeremony {
  create(options: PasskeyCreationOptions): Promise<PasskeyRegistrationCredential>;
  /** `conditional`: the browser's autofill offers the passkeys (conditional mediation); `signal` ends the wait. */
  get(options: PasskeyRequestOptions, conditional: boolean, signal?: AbortSignal): Promise<PasskeyAssertion>;
}

export type PasskeyCeremonyLoader = () => Promise<PasskeyCeremony>;

let pageLoader: PasskeyCeremonyLoader | undefined;

/**
 * Names the page's loader of the ceremony: the elements' kit provides `loadCapability('passkeys')`
 * (a chunk, or the `snr-auth.passkeys.js` add-on of a script-tag page). A Client made with
 * `ClientOptions.passkeys` uses its own.
 */
export function providePasskeyCeremony(loader: PasskeyCeremonyLoader): void {
  pageLoader = loader;
}

export function passkeyCeremonyLoader(own: PasskeyCeremonyLoader | undefined): PasskeyCeremony | Promise<PasskeyCeremony> {
  const loader = own ?? pageLoader;
  if (!loader)
    throw new SnrError('PASSKEYS_UNSUPPORTED', 'No passkey ceremony is loaded on this page: pass ClientOptions.passkeys, or load the snr-auth elements');
  return loader();
}
