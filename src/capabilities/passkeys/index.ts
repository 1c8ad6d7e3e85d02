/**
 * The `passkeys` capability (loaded with `loadCapability('passkeys')`): the WebAuthn ceremony the
 * Client's passkey methods use, and `<snr-account>`'s passkeys section. A page that never shows a
 * passkey never downloads this (nor @simplewebauthn/browser).
 */
export { AccountPasskeys, type AccountPasskeysOptions } from './account-passkeys.js';
export { ceremony } from './ceremony.js';
