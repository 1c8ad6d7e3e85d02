/**
 * snr-auth, the browser bundle: the page-wide session, then every element.
 *
 *   import { configure, ready } from 'snr-auth';
 *   configure({ apiBase: 'https://id.shop.example', apiKey: '…' });
 *   const client = await ready;
 *
 * Importing it defines the elements (once, even when two copies load) and provides the session
 * to them. Nothing here touches `window` at import time, so server-side rendering can import it.
 * The script-tag build (`global.ts`) also puts these names on `window.snrAuth`.
 */

import { pageSession, type SessionOptions } from './page/session-hub.js';
import type { Client } from './session/index.js';

export { SnrAccount } from './elements/snr-account/snr-account.js';
export { SnrAuth } from './elements/snr-auth/snr-auth.js';
export { SnrChangePassword } from './elements/snr-change-password/snr-change-password.js';
export { SnrFacebookButton } from './elements/snr-facebook-button/snr-facebook-button.js';
export { LANDING_ACTIONS, type LandingAction, SnrLanding } from './elements/snr-landing/snr-landing.js';
export { SnrRegister } from './elements/snr-register/snr-register.js';
export { SnrSession } from './elements/snr-session/snr-session.js';
export { SnrSignin } from './elements/snr-signin/snr-signin.js';
export * from './events/index.js';
export { en, registerTranslation, setTranslations, type Translation, type TranslationOverrides } from './i18n/index.js';
export { sessionContext } from './page/context.js';
export { SessionHub, type SessionOptions, type Theme } from './page/session-hub.js';
export { type Client, isSnrError, type SessionChange, type SessionState, SnrError, type StorageKind } from './session/index.js';

/** The page's session: the one object every element gets through context. */
export const session = pageSession();

/** The page's Client once configured (a live binding: it follows `configure()`). */
export let client: Client | undefined = session.client ?? undefined;
session.subscribe(() => {
  client = session.client ?? undefined;
});

/** Resolves with the page's first Client once it holds a token (anonymous or stored). */
export const ready: Promise<Client> = session.ready;

/**
 * Sets snr-auth up from script, as `<snr-session>` does from HTML. Again with the same server and
 * key: only `lang` and `theme` change; with another server, key or storage: a new Client.
 */
export function configure(options: SessionOptions): Client {
  return session.configure(options);
}
