/**
 * The kit as sites use it (issue 6), each page served from another origin than the identity
 * server, which allows that origin for its API key (SNR_API_KEYS) and nothing else:
 * - the script-tag file under a strict Content-Security-Policy (no inline script or style, no eval)
 *   signs a customer in;
 * - the bundle loaded twice (two classic copies and the ES module): no error, one set of elements;
 * - Polish from its own script-tag file (`snr-auth.pl.js`), loaded before the bundle; Arabic
 *   (`snr-auth.ar.js`) after it, laid out right to left;
 * - the React example (`snr-auth/react`, events as props) and the Vue example sign in.
 * The pages: demo/examples/ (plain HTML as is; React and Vue built by `vite build --mode examples`).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { ensureCdnBuilt } from './cdn.js';
import { PASSWORD, startBin, uniqueEmail } from './support.js';

test.describe.configure({ mode: 'serial' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// The examples carry the local key's name; here it is configured for the site's origin alone.
const API_KEY = 'snr-local-dev-key';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.map': 'application/json',
};

let site: http.Server;
let siteOrigin: string;
let server: ChildProcess;
let apiBase: string;

/** The strict policy of the script-tag page: only files from the site, calls only to the server. */
const csp = () =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${apiBase}`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

/** Site pages: /cdn → dist/cdn, /examples/plain → demo/examples/plain, /examples → dist/examples. */
function file(pathname: string): string | null {
  const clean = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  const mounts: Array<[string, string]> = [
    ['/cdn/', 'dist/cdn/'],
    ['/examples/plain/', 'demo/examples/plain/'],
    ['/examples/', 'dist/examples/'],
  ];
  for (const [prefix, dir] of mounts) {
    if (!clean.startsWith(prefix)) continue;
    let path = join(ROOT, dir, clean.slice(prefix.length));
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    return existsSync(path) ? path : null;
  }
  return null;
}

test.beforeAll(async () => {
  ensureCdnBuilt();
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--mode', 'examples', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  site = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const path = file(url.pathname);
    if (!path) return void res.writeHead(404).end();
    let body: Buffer | string = readFileSync(path);
    // The examples name the embedded server's default address; point them at this run's server.
    if (path.endsWith('.html')) body = body.toString('utf8').replaceAll('http://127.0.0.1:8787', apiBase);
    const headers: Record<string, string> = { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
    if (!url.pathname.startsWith('/examples/react/') && !url.pathname.startsWith('/examples/vue/') && !url.pathname.startsWith('/examples/assets/'))
      headers['Content-Security-Policy'] = csp();
    res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  // `localhost` and `127.0.0.1` are different origins: the pages are cross-origin to the server.
  siteOrigin = `http://localhost:${(site.address() as AddressInfo).port}`;

  ({ server, url: apiBase } = await startBin('package', { SNR_API_KEYS: JSON.stringify({ [API_KEY]: [siteOrigin] }), SNR_REGISTRATION_MODE: 'automatic' }));
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
});

/** A customer registered straight through the API, as the site's origin. */
async function customer(): Promise<string> {
  const email = uniqueEmail('package');
  const res = await fetch(`${apiBase}/sauth/clients/registered`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
    body: JSON.stringify({ apiKey: API_KEY, email, password: PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return email;
}

/** Page errors, console errors and CSP violations, collected from the first script on. */
async function watch(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  await page.exposeFunction('__reportViolation', (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation(t: string): void }).__reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return problems;
}

async function signIn(page: Page, email: string): Promise<void> {
  const form = page.locator('snr-signin');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('the script-tag file under a strict CSP, on another origin, signs a customer in', async ({ page }) => {
  const email = await customer();
  const problems = await watch(page);
  const response = await page.goto(`${siteOrigin}/examples/plain/`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.locator('snr-signin form')).toBeVisible();
  await signIn(page, email);
  await expect(page.locator('#who')).toHaveText(/^Signed in as customer \d+$/);
  await expect(page.locator('snr-signin')).toContainText('You are signed in.');
  // The token came from the server on the other origin, through CORS.
  const status = await page.evaluate(() => window.snrAuth?.client?.state.status);
  expect(status).toBe('signed-in');
  expect(problems).toEqual([]);
});

test('the bundle loaded twice (two classic copies and the ES module): no error, one set of elements', async ({ page }) => {
  const problems = await watch(page);
  await page.goto(`${siteOrigin}/examples/plain/twice.html`);
  await expect(page.locator('snr-signin form')).toBeVisible();
  await page.waitForLoadState('load');
  const facts = await page.evaluate(async () => {
    await new Promise((r) => setTimeout(r, 200));
    const snr = window.snrAuth!;
    return {
      frozen: Object.isFrozen(snr),
      defined: ['snr-session', 'snr-signin', 'snr-register', 'snr-account', 'snr-change-password', 'snr-landing', 'snr-facebook-button'].map(
        (t) => !!customElements.get(t),
      ),
      forms: document.querySelectorAll('snr-signin form').length,
      sameClass: customElements.get('snr-signin') === document.querySelector('snr-signin')!.constructor,
      ready: (await snr.ready) === snr.client,
    };
  });
  expect(facts).toEqual({ frozen: true, defined: Array(7).fill(true), forms: 1, sameClass: true, ready: true });
  expect(problems).toEqual([]);
});

test('Polish from its own script-tag file, loaded before the bundle, under the strict CSP', async ({ page }) => {
  const problems = await watch(page);
  await page.goto(`${siteOrigin}/examples/plain/polish.html`);
  const [polish, english] = [page.locator('snr-signin').first(), page.locator('snr-signin[lang="en"]')];
  await expect(polish.locator('[part~="heading"]')).toHaveText('Zaloguj się');
  await expect(polish.getByLabel('Hasło', { exact: true })).toBeVisible();
  await expect(english.locator('[part~="heading"]')).toHaveText('Sign in');
  expect(problems).toEqual([]);
});

test('Arabic from its own script-tag file, loaded after the bundle: right to left, English beside it left to right', async ({ page }) => {
  const problems = await watch(page);
  await page.setViewportSize({ width: 480, height: 900 });
  await page.goto(`${siteOrigin}/examples/plain/arabic.html`);
  const [arabic, english] = [page.locator('snr-signin').first(), page.locator('snr-signin[lang="en"]')];
  await expect(arabic.locator('[part~="heading"]')).toHaveText('تسجيل الدخول');
  await expect(english.locator('[part~="heading"]')).toHaveText('Sign in');
  const input = arabic.getByLabel('كلمة المرور', { exact: true });
  await expect(input).toBeVisible();
  // The label's text ends where the input ends on the right; in English it starts where it starts on the left.
  const edges = (el: Element) => {
    const range = document.createRange();
    range.selectNodeContents(el.querySelector('label[part~="label"]')!);
    const label = range.getBoundingClientRect();
    const field = el.querySelector('input[part~="input"]')!.getBoundingClientRect();
    return { labelLeft: label.left, labelRight: label.right, inputLeft: field.left, inputRight: field.right };
  };
  const rtl = await arabic.evaluate(edges);
  expect(Math.abs(rtl.labelRight - rtl.inputRight)).toBeLessThan(1.5);
  expect(rtl.labelLeft).toBeGreaterThan(rtl.inputLeft + 50);
  const ltr = await english.evaluate(edges);
  expect(Math.abs(ltr.labelLeft - ltr.inputLeft)).toBeLessThan(1.5);
  await expect(english.locator('form')).toHaveAttribute('dir', 'ltr');
  await page.screenshot({ path: test.info().outputPath('arabic.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('React: the wrapped elements render and sign in; events arrive as props', async ({ page }) => {
  const email = await customer();
  const problems = await watch(page);
  await page.goto(`${siteOrigin}/examples/react/?api=${encodeURIComponent(apiBase)}`);
  await expect(page.locator('#who')).toHaveText('Nobody yet');
  await expect(page.locator('snr-signin form')).toBeVisible();
  await signIn(page, email);
  await expect(page.locator('#who')).toHaveText(/^Signed in as customer \d+$/);
  await page.locator('snr-signin').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.locator('#who')).toHaveText('Signed out');
  expect(problems).toEqual([]);
});

test('Vue: the elements render and sign in; events reach the component', async ({ page }) => {
  const email = await customer();
  const problems = await watch(page);
  await page.goto(`${siteOrigin}/examples/vue/?api=${encodeURIComponent(apiBase)}`);
  await expect(page.locator('snr-signin form')).toBeVisible();
  await signIn(page, email);
  await expect(page.locator('#who')).toHaveText(/^Signed in as customer \d+$/);
  expect(problems).toEqual([]);
});
