import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { ConfigError } from './config.js';
import type { ServerContext } from './context.js';
import { escapeHtml, strictCsp, styleHash } from './html.js';

/**
 * Serves the built demo (`dist/demo`) from the server's own origin, so `npm start` is one
 * process on one port. Unknown paths fall back to the demo's index.html (client-side routes).
 */
export function demoRoutes(ctx: ServerContext, root: string): Hono {
  const app = new Hono();
  const providers = demoProviders();
  app.get('/snr/dev/providers', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(providers, 200);
  });
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (c) => {
      c.header('Content-Security-Policy', strictCsp({ styles: [styleHash(STATUS_CSS)] }));
      c.header('Cache-Control', 'no-store');
      return c.html(statusPage(ctx));
    });
    return app;
  }
  const rel = relative(process.cwd(), root) || '.';
  const csp = demoCsp(readFileSync(index, 'utf8'), providers);
  app.use('/*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) c.res.headers.set('Content-Security-Policy', csp);
  });
  app.use('/*', serveStatic({ root: rel }));
  app.get('/*', serveStatic({ path: relative(process.cwd(), index) }));
  return app;
}

/**
 * What `npm start` (scripts/start-demo.mjs) runs next to the server for the demo: the local
 * OpenID Connect provider and the Facebook stand-in, handed over as JSON in `SNR_DEMO_PROVIDERS`
 * and published at `/snr/dev/providers` for the demo's pages. `{}` when the server runs alone.
 */
function demoProviders(): Record<string, unknown> {
  const raw = process.env.SNR_DEMO_PROVIDERS;
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ConfigError('SNR_DEMO_PROVIDERS', 'expected a JSON object (scripts/start-demo.mjs sets it)');
}

/**
 * The built demo's CSP, strict for scripts: its own files, its one inline script (the colour scheme
 * before the first paint) by hash, and the providers it is configured with (the Facebook SDK or its
 * stand-in, the local OpenID Connect provider it exchanges a code with, Google's and Apple's page
 * scripts or their stand-ins), no eval; no plugin, no base,
 * no framing by others. Inline styles are allowed (the theme editor and previews set them).
 */
function demoCsp(indexHtml: string, providers: Record<string, unknown>): string {
  const inline = [...indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  const origin = (url: unknown) => {
    try {
      return typeof url === 'string' ? new URL(url).origin : undefined;
    } catch {
      return undefined;
    }
  };
  const facebook = providers.facebook as { kind?: string; sdkUrl?: string; graphUrl?: string } | undefined;
  const oauth = providers.oauth as { kind?: string; issuer?: string } | undefined;
  const facebookScripts = facebook?.kind === 'stand-in' ? [origin(facebook.sdkUrl)] : ['https://connect.facebook.net'];
  const facebookFrames = facebook?.kind === 'stand-in' ? [origin(facebook.sdkUrl), origin(facebook.graphUrl)] : ['https://*.facebook.com'];
  // Google and Apple: their page scripts (or the stand-ins', which fetch their tokens from the stand-in issuer).
  const idProviders = (['google', 'apple'] as const).map((kind) => providers[kind] as { kind?: string; issuer?: string; scriptUrl?: string } | undefined);
  const idScripts = idProviders.flatMap((p) => (p?.kind === 'stand-in' ? [origin(p.scriptUrl)] : []));
  const idConnect = idProviders.flatMap((p) => (p?.kind === 'stand-in' ? [origin(p.issuer), origin(p.scriptUrl)] : []));
  const realId = ['https://accounts.google.com', 'https://appleid.cdn-apple.com', 'https://appleid.apple.com'];
  const connect = [
    ...idConnect,
    ...realId,
    origin(oauth?.issuer),
    ...(facebook?.kind === 'stand-in' ? [origin(facebook.graphUrl), origin(facebook.sdkUrl)] : ['https://*.facebook.com']),
  ];
  const list = (xs: Array<string | undefined>) => [...new Set(xs.filter((x): x is string => x !== undefined))].join(' ');
  return [
    "default-src 'self'",
    `script-src 'self' ${list([...inline, ...facebookScripts, ...idScripts, ...realId])}`,
    // The demo is a design tool: its theme editor and previews set inline styles. Scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    `connect-src 'self' ${list(connect)}`,
    `frame-src 'self' ${list([...facebookFrames, ...idScripts, ...realId])}`,
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${list([origin(oauth?.issuer)])}`,
    "frame-ancestors 'self'",
  ]
    .map((d) => d.trim())
    .join('; ');
}

/** The status page's one style, allowed by its hash (no inline style attribute: the CSP refuses those). */
const STATUS_CSS = 'body{font:16px/1.5 system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}';

function statusPage(ctx: ServerContext): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snr-auth server</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${STATUS_CSS}</style></head>
<body>
<h1>snr-auth reference server</h1>
<p>The server is running. Storage: ${escapeHtml(ctx.store.describe)}. Mail: ${ctx.mailer.mode}.</p>
<ul><li><a href="/snr/health">Health</a></li><li><a href="/snr/config">Public configuration</a></li>
<li><a href="/.well-known/jwks.json">Signing keys (JWKS)</a></li>${ctx.config.localMode && ctx.mailer.mode === 'outbox' ? '<li><a href="/snr/dev/outbox">Outbox (mailbox)</a></li>' : ''}</ul>
<p>The demo pages are not built: run <code>npm run build</code>.</p></body></html>`;
}
