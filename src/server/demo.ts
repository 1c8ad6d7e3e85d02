import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { ServerContext } from './context.js';

/**
 * Serves the built demo (`dist/demo`) from the server's own origin, so `npm start` is one
 * process on one port. Unknown paths fall back to the demo's index.html (client-side routes).
 */
export function demoRoutes(ctx: ServerContext, root: string): Hono {
  const app = new Hono();
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (c) => c.html(statusPage(ctx)));
    return app;
  }
  const rel = relative(process.cwd(), root) || '.';
  app.use('/*', serveStatic({ root: rel }));
  app.get('/*', serveStatic({ path: relative(process.cwd(), index) }));
  return app;
}

function statusPage(ctx: ServerContext): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snr-auth server</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font:16px/1.5 system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem">
<h1>snr-auth reference server</h1>
<p>The server is running. Storage: ${ctx.store.describe}. Mail: ${ctx.mailer.mode}.</p>
<ul><li><a href="/snr/health">Health</a></li><li><a href="/snr/config">Public configuration</a></li>
<li><a href="/.well-known/jwks.json">Signing keys (JWKS)</a></li>${ctx.config.localMode && ctx.mailer.mode === 'outbox' ? '<li><a href="/snr/dev/outbox">Outbox (mailbox)</a></li>' : ''}</ul>
<p>The demo pages are not built: run <code>npm run build</code>.</p></body></html>`;
}
