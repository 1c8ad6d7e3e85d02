import { configure, ready } from '../src/index.js';
import type { Client } from '../src/session/index.js';

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
 * the same server and key keeps the session and only changes the theme).
 */
export function configureSession(scheme: 'system' | 'light' | 'dark'): void {
  configure({ apiBase: API_BASE, apiKey: API_KEY, theme: scheme === 'system' ? 'auto' : scheme });
}

export type SessionSummary =
  | { kind: 'starting' }
  | { kind: 'offline' }
  | { kind: 'anonymous' }
  | { kind: 'signed-in'; clientId: number | null };

function summarize(client: Client): SessionSummary {
  const s = client.state;
  if (s.status === 'signed-in') return { kind: 'signed-in', clientId: s.clientId };
  return s.status === 'anonymous' ? { kind: 'anonymous' } : { kind: 'starting' };
}

/** Calls `listener` with where the page's session stands, now and on every change. */
export function watchSession(listener: (s: SessionSummary) => void): () => void {
  let stopped = false;
  let unsubscribe = () => {};
  listener({ kind: 'starting' });
  // `ready` keeps retrying while the server is down; the health check says so sooner.
  fetch('/snr/health', { cache: 'no-store' }).then(
    (r) => !r.ok && !stopped && listener({ kind: 'offline' }),
    () => !stopped && listener({ kind: 'offline' }),
  );
  void ready.then((client) => {
    if (stopped) return;
    listener(summarize(client));
    unsubscribe = client.subscribe(() => listener(summarize(client)));
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
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
