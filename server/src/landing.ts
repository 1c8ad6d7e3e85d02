import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { LOCAL_API_KEY } from './config.js';
import type { ServerContext } from './context.js';
import { escapeHtml, strictCsp } from './html.js';
import { backLink, siteUrl } from './pages.js';

/**
 * The page emailed links open when nobody named another: `<snr-landing>` on the server's own
 * origin, with the forms file of `/snr/kit/` (kit.ts). It makes the links of a first try work (the
 * README's blank-page quick start runs the server without the demo), and exists only in local mode
 * without `SNR_LANDING_URL`: there the development key is allowed from the server's own origin. A
 * site in production sets `SNR_LANDING_URL` to a page of its own with `<snr-landing>`.
 *
 * `cdnRoot` is the browser package's `dist/cdn` (made by its `npm run build`, shipped in it).
 */
export function landingRoutes(ctx: ServerContext, cdnRoot: string): Hono {
  const app = new Hono();
  if (!ctx.config.localMode || ctx.config.landingUrl) return app;
  // The page's script is the forms file the server hands out under /snr/kit/ (kit.ts).
  const bundle = join(cdnRoot, 'snr-auth.forms.js');

  // Browsers ask for it on every page; a 404 would be the only error in the console.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.get('/landing', (c) => {
    const api = ctx.publicUrl;
    // The link's token is in this page's address: no referrer carries it anywhere, and the page runs
    // nothing but the kit's own file.
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', strictCsp({ connect: [api] }));
    const built = existsSync(bundle);
    const back = backLink(siteUrl(ctx, c));
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your account</title>
<link rel="stylesheet" href="/snr/page.css">
${built ? '<script src="/snr/kit/snr-auth.forms.js" defer></script>' : ''}
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
