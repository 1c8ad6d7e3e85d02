import { configure, session } from '../src/index.js';
// The demo speaks English and Polish: Polish is an opt-in module (`snr-auth/i18n/pl`).
import '../src/i18n/pl.js';

/** The Profile API key the server accepts in local mode (README: "Running the server"). */
export const API_KEY = 'snr-local-dev-key';

/**
 * The demo calls the API on its own origin: the server's `--demo` mode serves both, and `vite`
 * dev proxies the API paths to the server (vite.config.ts).
 */
export const API_BASE = location.origin;

/**
 * Configures the page's session. The elements follow `<html lang>` by themselves, so the demo
 * passes no language; the colour scheme is the page-wide `theme` (calling `configure()` again with
 * the same server and key keeps the session and only changes the theme). The gallery and the theme
 * page do not use it: their elements run against preview Clients of their own (demo/preview.ts).
 */
export function configureSession(scheme: 'system' | 'light' | 'dark'): void {
  configure({ apiBase: API_BASE, apiKey: API_KEY, theme: scheme === 'system' ? 'auto' : scheme });
}

export type SessionSummary = { kind: 'starting' } | { kind: 'offline' } | { kind: 'anonymous' } | { kind: 'signed-in'; clientId: number | null };

function summarize(): SessionSummary {
  const s = session.client?.state;
  if (!s || s.status === 'starting') return { kind: 'starting' };
  return s.status === 'signed-in' ? { kind: 'signed-in', clientId: s.clientId } : { kind: 'anonymous' };
}

/** Calls `listener` with where the page's session stands, now and on every change. */
export function watchSession(listener: (s: SessionSummary) => void): () => void {
  let offline = false;
  const report = () => listener(offline && summarize().kind === 'starting' ? { kind: 'offline' } : summarize());
  report();
  // The Client keeps retrying while the server is down; the health check says so sooner.
  fetch('/snr/health', { cache: 'no-store' }).then(
    (r) => {
      offline = !r.ok;
      report();
    },
    () => {
      offline = true;
      report();
    },
  );
  return session.subscribe(report);
}

export interface PublicConfig {
  registrationMode: 'automatic' | 'confirmation' | 'activation';
  agreements?: string[];
  [key: string]: unknown;
}

export async function fetchPublicConfig(): Promise<PublicConfig> {
  const res = await fetch(`/snr/config?apiKey=${encodeURIComponent(API_KEY)}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET /snr/config: ${res.status}`);
  return (await res.json()) as PublicConfig;
}
