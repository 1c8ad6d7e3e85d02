/**
 * The script-tag build's entry: everything the module exports, on `window.snrAuth`
 * (`snrAuth.configure(…)`, `snrAuth.ready`, `snrAuth.client`). A second copy of the bundle on
 * the page keeps the first one's object.
 */
// biome-ignore lint/style/useImportType: used as a value below; the global declaration shadows the name for the linter
import * as snrAuth from './index.js';
import type { Client } from './session/index.js';

/** What the script-tag file puts on `window.snrAuth`: the module's exports, `client` a getter. */
export type SnrAuthGlobal = Omit<typeof snrAuth, 'client'> & { readonly client: Client | undefined };

declare global {
  interface Window {
    snrAuth?: SnrAuthGlobal;
  }
  /** `snrAuth.ready` in a page's own script, once the script-tag file has run (as the README writes it). */
  // biome-ignore lint/suspicious/noRedeclare: declares the script-tag global on globalThis
  var snrAuth: SnrAuthGlobal;
}

function expose(): void {
  if (typeof window === 'undefined') return;
  if (window.snrAuth) return;
  const api: Record<string, unknown> = { ...snrAuth };
  Object.defineProperty(api, 'client', { enumerable: true, get: () => snrAuth.session.client ?? undefined });
  window.snrAuth = Object.freeze(api) as SnrAuthGlobal;
}

expose();
