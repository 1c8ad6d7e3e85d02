/**
 * The `passkeys` capability (loaded with `loadCapability('passkeys')`): the logic of the Client's
 * passkey methods with the WebAuthn ceremony (@simplewebauthn/browser), and `<snr-account>`'s
 * passkeys section. A page that never shows a passkey never downloads any of it.
 */
export { AccountPasskeys, type AccountPasskeysOptions } from './account-passkeys.js';
export { type PasskeyAutofillOptions, passkeyAutofill } from './autofill.js';
export { ceremony, type PasskeyCeremony } from './ceremony.js';
export { isCeremonyAbort, type SignInPasskeys, signInPasskeys } from './signin.js';
export { getPasskeys, registerAccountWithPasskey, registerPasskey, removePasskey, renamePasskey, signInWithPasskey } from './work.js';
