import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { LOCAL_API_KEY } from './config.js';
import type { ServerContext } from './context.js';
import { escapeHtml } from './html.js';
import { backLink, siteUrl } from './pages.js';

/**
 * The page emailed links open when nobody named another: `<snr-landing>` on the server's own
 * origin, with the script-tag file served beside it. It makes the links of a first try work (the
 * README's blank-page quick start runs the server without the demo), and exists only in local mode
 * without `SNR_LANDING_URL`: there the development key is allowed from the server's own origin. A
 * site in production sets `SNR_LANDING_URL` to a page of its own with `<snr-landing>`.
 *
 * `cdnRoot` is `dist/cdn` (made by `npm run build`, shipped in the package).
 */
export function landingRoutes(ctx: ServerContext, cdnRoot: string): Hono {
  const app = new Hono();
  if (!ctx.config.localMode || ctx.config.landingUrl) return app;
  const bundle = join(cdnRoot, 'snr-auth.iife.js');
  let code: Buffer | undefined;

  app.get('/snr/cdn/snr-auth.iife.js', (c) => {
    if (!existsSync(bundle)) return c.json({ error: 'Not Found', status: 404, code: 'NOT_FOUND', message: 'dist/cdn is not built: run npm run build' }, 404);
    code ??= readFileSync(bundle);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(new Uint8Array(code), 200);
  });

  // Browsers ask for it on every page; a 404 would be the only error in the console.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/landing', (c) => {
    const api = ctx.publicUrl;
    // The link's token is in this page's address: no referrer carries it anywhere, and the page runs
    // nothing but the kit's own file.
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        `connect-src 'self' ${api}`,
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    const built = existsSync(bundle);
    const back = backLink(siteUrl(ctx, c));
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your account</title>
<link rel="stylesheet" href="/snr/page.css">
${built ? '<script src="/snr/cdn/snr-auth.iife.js" defer></script>' : ''}
</head>
<body>
<main>
${
  built
    ? `<snr-session api-base="${escapeHtml(api)}" api-key="${escapeHtml(LOCAL_API_KEY)}"><snr-landing heading-level="1"></snr-landing></snr-session>`
    : '<div class="card"><h1>Almost there</h1><p>This link needs the kit’s script-tag file: run <code>npm run build</code>, then open the link again.</p></div>'
}
${back}
</main>
</body>
</html>
`);
  });
  return app;
}
