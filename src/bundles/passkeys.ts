/**
 * `dist/cdn/snr-auth.passkeys.js`, an add-on: the `passkeys` capability (the WebAuthn ceremony and
 * `<snr-account>`'s passkeys section, with @simplewebauthn/browser) for a page that loads a main
 * file before it. lit, the session and the form kit come from that file (`snrAuth.kit`). Its
 * exports are the capability module `loadCapability('passkeys')` answers.
 */
export * from '../capabilities/passkeys/index.js';
