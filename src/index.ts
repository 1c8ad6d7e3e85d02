/**
 * snr-auth, the browser bundle: the page-wide session, then every element.
 *
 *   import { configure, ready } from 'snr-auth';
 *   configure({ apiBase: 'https://id.shop.example', apiKey: '…' });
 *   const client = await ready;
 *
 * Importing it defines the elements (once, even when two copies load) and provides the session
 * to them. Nothing here touches `window` at import time, so server-side rendering can import it.
 */
import type { Client } from './session/index.js';
import { pageSession, type SessionOptions } from './elements/snr-session/snr-session.js';

import './elements/snr-signin/snr-signin.js';

export { SnrSession, SessionHub, sessionContext, type SessionOptions, type Theme } from './elements/snr-session/snr-session.js';
export { SnrSignin, type SigninPreview } from './elements/snr-signin/snr-signin.js';
export * from './events/index.js';
export { en, pl, registerTranslation, setTranslations, type Translation, type TranslationOverrides } from './i18n/index.js';
export { SnrError, isSnrError, type Client, type SessionState } from './session/index.js';

/** The page's Client, once configured (a live binding: read it again after `configure()`). */
export let client: Client | undefined;

/** Resolves with the page's Client once it holds a token (anonymous or stored). */
export const ready: Promise<Client> = pageSession().ready;

/**
 * Sets snr-auth up from script, as `<snr-session>` does from HTML. Again with the same server and
 * key: only `lang` and `theme` change; with another server or key: a new Client.
 */
export function configure(options: SessionOptions): Client {
  return pageSession().configure(options);
}

/** The page's session (the object the elements get through context). */
export const session = pageSession();
client = session.client ?? undefined;
session.subscribe(() => {
  client = session.client ?? undefined;
});
