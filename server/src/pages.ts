import { readFileSync } from 'node:fs';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ServerContext } from './context.js';
import { escapeHtml } from './html.js';
import { originAllowedForAnyKey } from './http.js';

/** The server package's version (`snr-auth-server`: src/ and dist/ both sit under it), read once (the `/` page says which server runs). */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();

export const README_URL = 'https://www.npmjs.com/package/snr-auth#readme';

/**
 * The look of the server's own pages (`/` and `/landing`): the kit's tokens (same colours, light and
 * dark, and a system font stack) on a centred card. Served as a file: their CSP allows no inline style.
 */
export const PAGE_CSS = `:root {
  color-scheme: light dark;
  --bg: light-dark(#f6f8fa, #0d1014); --card: light-dark(#ffffff, #16191d);
  --text: light-dark(#1f2328, #e6edf3); --muted: light-dark(#59636e, #9ba6b2);
  --border: light-dark(#d0d7de, #3d444d); --primary: light-dark(#0b5cd5, #5aa2ff);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5;
}
body { margin: 0; min-height: 100vh; background: var(--bg); color: var(--text); display: grid; place-items: start center; }
main { box-sizing: border-box; width: min(100% - 2rem, 32rem); margin: 2rem 0; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 0.75rem; padding: 1.5rem; }
h1 { font-size: 1.375rem; line-height: 1.25; margin: 0 0 0.5rem; }
p { margin: 0 0 1rem; }
.muted { color: var(--muted); }
a { color: var(--primary); text-underline-offset: 0.2em; }
a:focus-visible { outline: 3px solid var(--primary); outline-offset: 2px; }
ul { padding-inline-start: 1.25rem; margin: 0 0 1rem; }
li { margin-block: 0.25rem; }
code { font-size: 0.9em; }
.back { margin-block-start: 1rem; text-align: center; }
snr-landing { --snr-font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin-inline: auto; }
@media (forced-colors: active) { .card { border-color: CanvasText; } }
`;

/** The strict policy of a page that runs no script and loads only its own stylesheet. */
export const STATIC_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Where a server page links back to: `SNR_SITE_URL`, else the origin of the page that sent the
 * visitor here when an API key allows that origin (a site's own page, never an unknown one); else none.
 */
export function siteUrl(ctx: ServerContext, c: Context): string | undefined {
  if (ctx.config.siteUrl) return ctx.config.siteUrl;
  const referer = c.req.header('referer');
  if (!referer) return undefined;
  let origin: string;
  try {
    origin = new URL(referer).origin;
  } catch {
    return undefined;
  }
  if (origin === new URL(ctx.publicUrl).origin || origin === new URL(c.req.url).origin) return undefined;
  return originAllowedForAnyKey(ctx, origin) ? `${origin}/` : undefined;
}

/** "Back to shop.example": the link to the site, or nothing. */
export function backLink(url: string | undefined): string {
  if (!url) return '';
  return `<p class="back"><a href="${escapeHtml(url)}">Back to ${escapeHtml(new URL(url).host)}</a></p>`;
}

/**
 * The server's `/` (and `/snr/about`): what runs here (name, version, storage, mail), with links to health, JWKS, the
 * public configuration, the demo when it is served, and the README. HTML with a strict CSP.
 */
export function pageRoutes(ctx: ServerContext, options: { demo: boolean }): Hono {
  const app = new Hono();
  app.get('/snr/page.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(PAGE_CSS, 200);
  });
  // `/` when the demo does not take it (with `--demo`, `/` is the demo); `/snr/about` always.
  const about = (c: Context) => {
    c.header('Content-Security-Policy', STATIC_PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    const outbox = ctx.config.localMode && ctx.mailer.mode === 'outbox';
    const links = [
      ['/snr/health', 'Health'],
      ['/.well-known/jwks.json', 'Signing keys (JWKS)'],
      ['/snr/config', 'Public configuration'],
      ...(outbox ? [['/snr/dev/outbox', 'Outbox (the mailbox in local mode)']] : []),
      ...(options.demo ? [['/', 'Demo']] : []),
      [README_URL, 'README (npm)'],
    ];
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>snr-auth server ${escapeHtml(VERSION)}</title>
<link rel="stylesheet" href="/snr/page.css">
</head>
<body>
<main class="card">
<h1>snr-auth server</h1>
<p class="muted">Version ${escapeHtml(VERSION)}${ctx.config.localMode ? ' · local mode' : ''}</p>
<p>This is the snr-auth reference identity server: the sign-in API the snr-auth elements talk to. It has no pages for customers; put the elements on your site.</p>
<ul>
${links.map(([href, text]) => `<li><a href="${escapeHtml(href!)}">${escapeHtml(text!)}</a></li>`).join('\n')}
</ul>
<p class="muted">Storage: ${escapeHtml(ctx.store.describe)}. Mail: ${ctx.mailer.mode === 'smtp' ? 'SMTP' : 'outbox'}. Registration: ${escapeHtml(ctx.config.registrationMode)}.</p>
</main>
</body>
</html>
`);
  };
  app.get('/', about);
  app.get('/snr/about', about);
  return app;
}
