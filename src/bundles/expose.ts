import { addonRegistry } from '../elements/shared/addon-loader.js';
import type { Client } from '../session/index.js';
import { kit } from './kit.js';

/**
 * Puts a script-tag file's exports on `window.snrAuth` (`snrAuth.configure(…)`, `snrAuth.ready`,
 * `snrAuth.client` a getter) with `snrAuth.kit`, the modules add-on files share, and
 * `snrAuth.capabilities`, the capabilities add-ons have handed over (src/elements/shared/addon-loader.ts). A second file on
 * the page (an everything file after the sign-in file, say) keeps the first one's object.
 */
export function expose(api: { session: { client: Client | null } }): void {
  if (typeof window === 'undefined') return;
  if (window.snrAuth) return;
  const exported: Record<string, unknown> = { ...api, kit, capabilities: addonRegistry() };
  Object.defineProperty(exported, 'client', { enumerable: true, get: () => api.session.client ?? undefined });
  window.snrAuth = Object.freeze(exported) as unknown as NonNullable<Window['snrAuth']>;
}
