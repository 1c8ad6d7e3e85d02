/**
 * The script-tag build's entry: everything the module exports, on `window.snrAuth`
 * (`snrAuth.configure(…)`, `snrAuth.ready`, `snrAuth.client`). A second copy of the bundle on
 * the page keeps the first one's object.
 */
import * as snrAuth from './index.js';

function expose(): void {
  if (typeof window === 'undefined') return;
  const w = window as unknown as { snrAuth?: unknown };
  if (w.snrAuth) return;
  const api: Record<string, unknown> = { ...snrAuth };
  Object.defineProperty(api, 'client', { enumerable: true, get: () => snrAuth.session.client ?? undefined });
  w.snrAuth = Object.freeze(api);
}

expose();
