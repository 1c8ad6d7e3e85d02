/**
 * What every entry of the kit exposes besides its elements: the page-wide session, `configure()`,
 * `ready`, the events, the language functions. `index.ts` (the npm module) and each script-tag file
 * (`src/bundles/`) re-export it, so a page that loads only the sign-in file gets the same API.
 */

import type { Client } from '../session/index.js';
import { pageSession, type SessionOptions } from './session-hub.js';

export * from '../events/index.js';
export { en, registerTranslation, setTranslations, type Translation, type TranslationOverrides } from '../i18n/index.js';
export { type Client, isSnrError, type SessionChange, type SessionState, SnrError, type StorageKind } from '../session/index.js';
export { sessionContext } from './context.js';
export { SessionHub, type SessionOptions, type Theme } from './session-hub.js';

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
