/**
 * The kit loaded from the identity server itself (issue 15, item 4), as the README's quick start
 * does: a plain HTML page on another origin (a site server on `localhost`, the identity server on
 * `127.0.0.1`) with `<script src="<server>/snr/kit/…">` and nothing built or copied by the site.
 * - the sign-in file and the Facebook add-on beside it: the form renders, a customer signs in, the
 *   add-on's element is defined on the main file's lit (no second copy);
 * - the forms file by its hashed name from `/snr/kit/manifest.json`, as an ES module with
 *   `crossorigin` (CORS of the API key's origin): registration and account on one page;
 * - the sign-in file alone at start: nothing else is fetched; the first event brings the tracker's
 *   add-on (`snr-auth.events.js`), which delivers it;
 * - the add-on alone, without a main file: it says which file to load first;
 * - a capability (the terms step of a conditional sign-in) is not in the sign-in file: the file
 *   loads its add-on from its own folder only when the step is about to show, the form busy
 *   meanwhile; a failed load is the form's error, and sending again retries it;
 * - in Polish, the language file leaves the capability's strings out: they load with the add-on,
 *   from beside the language file (`snr-auth.signin-conditions.pl.js`), and the step speaks Polish.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { type KitSite, startKitSite } from './kit-site.js';
import { PASSWORD, startBin, uniqueEmail } from './support.js';

test.describe.configure({ mode: 'serial' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_KEY = 'kit-e2e-key';

let site: KitSite;
let siteOrigin: string;
let apiBase: string;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  site = await startKitSite('kit', { apiKey: API_KEY, pages });
  ({ siteOrigin, apiBase } = site);
});

test.afterAll(() => site?.close());

const html = (head: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kit</title>
${head}
</head><body>
<snr-session api-base="${apiBase}" api-key="${API_KEY}">
${body}
</snr-session></body></html>`;

const customer = () => site.customer('kit');

function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

test('the sign-in file and the Facebook add-on from the server sign a customer in on another origin', async ({ page }) => {
  pages.set(
    '/signin.html',
    html(
      `<script src="${apiBase}/snr/kit/snr-auth.signin.js" defer></script>\n<script src="${apiBase}/snr/kit/snr-auth.facebook.js" defer></script>`,
      '<snr-signin></snr-signin><snr-facebook-button></snr-facebook-button>',
    ),
  );
  const email = await customer();
  const problems = watch(page);
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/snr/kit/')) scripts.push(`${r.status()} ${r.headers()['content-type']} ${new URL(r.url()).pathname}`);
  });
  await page.goto(`${siteOrigin}/signin.html`);
  const form = page.locator('snr-signin');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(form).toContainText('You are signed in.');
  const facts = await page.evaluate(() => {
    const snr = window.snrAuth!;
    const button = customElements.get('snr-facebook-button');
    return {
      status: snr.client?.state.status,
      register: !!customElements.get('snr-register'),
      facebook: !!button && button.prototype instanceof snr.kit.LitElement,
    };
  });
  expect(facts).toEqual({ status: 'signed-in', register: false, facebook: true });
  // Its English came with the add-on (the sign-in file carries none of it).
  await expect(page.locator('snr-facebook-button')).toContainText('Facebook');
  await expect(page.locator('snr-facebook-button')).not.toContainText('undefined');
  // The sign-in tracked its event: the tracker came as its add-on, once.
  await expect.poll(() => scripts.length).toBe(3);
  expect(scripts.sort()).toEqual([
    '200 text/javascript; charset=utf-8 /snr/kit/snr-auth.events.js',
    '200 text/javascript; charset=utf-8 /snr/kit/snr-auth.facebook.js',
    '200 text/javascript; charset=utf-8 /snr/kit/snr-auth.signin.js',
  ]);
  expect(problems).toEqual([]);
});

test('the sign-in file fetches nothing but itself at start; the tracker comes as the add-on snr-auth.events.js with the first event, which it then delivers', async ({
  page,
}) => {
  const signinFile = readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin.js'), 'utf8');
  expect(signinFile).not.toContain('IndexedDB unavailable');
  expect(readFileSync(join(ROOT, 'dist/cdn/snr-auth.events.js'), 'utf8')).toContain('IndexedDB unavailable');
  pages.set('/lazy-events.html', html(`<script src="${apiBase}/snr/kit/snr-auth.signin.js"></script>`, '<snr-signin></snr-signin>'));
  const problems = watch(page);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/snr/kit/')) scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(`${siteOrigin}/lazy-events.html`);
  await expect(page.locator('snr-signin').getByLabel('Email')).toBeVisible();
  await page.evaluate(() => window.snrAuth!.client!.ready.then(() => undefined));
  expect(scripts).toEqual(['/snr/kit/snr-auth.signin.js']);
  // An event tracked before the tracker is here waits in the Client, and leaves once it has come.
  const delivered = page.waitForResponse((r) => r.url().endsWith('/v4/events/batch') && (r.request().postData() ?? '').includes('lazy.e2e'));
  const salt = await page.evaluate(() => window.snrAuth!.client!.track('lazy.e2e', { n: 1 }));
  const response = await delivered;
  expect(response.ok()).toBe(true);
  expect(response.request().postData()).toContain(salt);
  expect(scripts).toEqual(['/snr/kit/snr-auth.signin.js', '/snr/kit/snr-auth.events.js']);
  expect(await page.evaluate(() => Object.keys(window.snrAuth!.capabilities))).toEqual(['events']);
  expect(problems).toEqual([]);
});

test('the forms file by its hashed name, as a crossorigin module: register, then the account', async ({ page }) => {
  const manifest = (await (await fetch(`${apiBase}/snr/kit/manifest.json`)).json()) as Record<string, string>;
  const hashed = manifest['snr-auth.forms.js'];
  expect(hashed).toMatch(/^snr-auth\.forms\.[0-9a-f]{10}\.js$/);
  pages.set(
    '/forms.html',
    html(`<script type="module" crossorigin src="${apiBase}/snr/kit/${hashed}"></script>`, '<snr-register></snr-register><snr-account></snr-account>'),
  );
  const problems = watch(page);
  const responses: Array<{ cache: string | undefined; cors: string | undefined }> = [];
  page.on('response', (r) => {
    if (r.url().endsWith(hashed!)) responses.push({ cache: r.headers()['cache-control'], cors: r.headers()['access-control-allow-origin'] });
  });
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/snr/kit/')) scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(`${siteOrigin}/forms.html`);
  const form = page.locator('snr-register');
  const email = uniqueEmail('kit-forms');
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByLabel('Repeat the password').fill(PASSWORD);
  await form.getByRole('button', { name: /create account|register|sign up/i }).click();
  await expect(page.locator('snr-account')).toContainText(email);
  // The forms file carries the account methods (registration…): the submit loaded no add-on for them.
  expect(scripts.filter((path) => path.includes('account-methods'))).toEqual([]);
  expect(await page.evaluate(() => Object.keys(window.snrAuth!.capabilities))).not.toContain('account-methods');
  expect(responses).toEqual([{ cache: 'public, max-age=31536000, immutable', cors: siteOrigin }]);
  expect(problems).toEqual([]);
});

test('the add-on alone says which file to load before it', async ({ page }) => {
  pages.set('/addon-alone.html', html(`<script src="${apiBase}/snr/kit/snr-auth.facebook.js"></script>`, '<snr-facebook-button></snr-facebook-button>'));
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${siteOrigin}/addon-alone.html`);
  await expect.poll(() => errors).toEqual(['snr-auth.facebook.js is an add-on: load snr-auth.signin.js, snr-auth.forms.js or snr-auth.iife.js before it']);
});

/** A server whose terms (version 2026-12) its one customer, registered before them, has not accepted yet. */
async function termsServer(name: string) {
  const terms = await startBin(name, {
    SNR_API_KEYS: JSON.stringify({ [API_KEY]: [siteOrigin] }),
    SNR_REGISTRATION_MODE: 'automatic',
    SNR_TERMS_VERSION: '2026-12',
    SNR_TERMS_URL: 'https://shop.example/terms',
  });
  const email = uniqueEmail(name);
  const res = await fetch(`${terms.url}/sauth/clients/registered`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
    body: JSON.stringify({ apiKey: API_KEY, email, password: PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { terms, email };
}

test('the sign-in file loads the terms step, a capability, from beside it only when the step shows; a failed load is retried', async ({ page }) => {
  const signinFile = readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin.js'), 'utf8');
  for (const text of ['data-step="terms"', 'I have read and accept the terms']) expect(signinFile).not.toContain(text);
  expect(readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin-conditions.js'), 'utf8')).toContain('I have read and accept the terms');
  const { terms, email } = await termsServer('kit-terms');
  try {
    pages.set(
      '/terms.html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>kit</title>
<script src="${terms.url}/snr/kit/snr-auth.signin.js"></script></head><body>
<snr-session api-base="${terms.url}" api-key="${API_KEY}"><snr-signin></snr-signin></snr-session></body></html>`,
    );
    const problems = watch(page);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/snr/kit/')) scripts.push(new URL(r.url()).pathname);
    });
    // The first try of the add-on fails (offline for that file).
    let failNext = true;
    await page.route('**/snr/kit/snr-auth.signin-conditions.js', (route) => {
      if (!failNext) return route.continue();
      failNext = false;
      return route.abort('internetdisconnected');
    });
    await page.goto(`${siteOrigin}/terms.html`);
    const form = page.locator('snr-signin');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    expect(scripts).toEqual(['/snr/kit/snr-auth.signin.js']);
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(form.locator('[part~="summary"][data-tone="error"]')).toContainText('We could not reach the server');
    await expect(form.locator('[data-step]')).toHaveCount(0);
    // Sending again loads the add-on and shows its step.
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    const step = form.locator('[data-step="terms"]');
    await expect(step).toBeVisible();
    await expect(step.getByRole('heading')).toHaveText('Updated terms');
    await expect(step.getByRole('link')).toHaveAttribute('href', 'https://shop.example/terms');
    expect(scripts).toEqual(['/snr/kit/snr-auth.signin.js', '/snr/kit/snr-auth.signin-conditions.js', '/snr/kit/snr-auth.signin-conditions.js']);
    expect(await page.evaluate(() => Object.keys(window.snrAuth!.capabilities))).toEqual(['signin-conditions']);
    await step.getByLabel('I have read and accept the terms').check();
    await step.getByRole('button', { name: 'Accept and sign in' }).click();
    await expect(form).toContainText('You are signed in.');
    expect(problems.filter((p) => !p.includes('snr-auth.signin-conditions.js') && !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  } finally {
    terms.server.kill('SIGTERM');
  }
});

test('a Polish page loads the Polish of the terms step with its add-on, not before; the language file leaves it out', async ({ page }) => {
  const polish = readFileSync(join(ROOT, 'dist/cdn/snr-auth.pl.js'), 'utf8');
  expect(polish).toContain('Zaloguj się');
  expect(polish).not.toContain('Zaktualizowany regulamin');
  expect(readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin-conditions.pl.js'), 'utf8')).toContain('Zaktualizowany regulamin');
  const { terms, email } = await termsServer('kit-terms-pl');
  try {
    pages.set(
      '/terms-pl.html',
      `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>kit</title>
<script src="${terms.url}/snr/kit/snr-auth.signin.js"></script>
<script src="${terms.url}/snr/kit/snr-auth.pl.js"></script></head><body>
<snr-session api-base="${terms.url}" api-key="${API_KEY}"><snr-signin></snr-signin></snr-session></body></html>`,
    );
    const problems = watch(page);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/snr/kit/')) scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(`${siteOrigin}/terms-pl.html`);
    const form = page.locator('snr-signin');
    await form.getByLabel('E-mail').fill(email);
    await form.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
    expect(scripts).toEqual(['/snr/kit/snr-auth.signin.js', '/snr/kit/snr-auth.pl.js']);
    await form.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
    const step = form.locator('[data-step="terms"]');
    await expect(step).toBeVisible();
    // Its strings in Polish came with the add-on (the capability resolves once both have run).
    await expect(step.getByRole('heading')).toHaveText('Zaktualizowany regulamin');
    expect(scripts.sort()).toEqual(
      ['/snr/kit/snr-auth.pl.js', '/snr/kit/snr-auth.signin-conditions.js', '/snr/kit/snr-auth.signin-conditions.pl.js', '/snr/kit/snr-auth.signin.js'].sort(),
    );
    await step.getByLabel('Przeczytałem(-am) i akceptuję regulamin').check();
    await step.getByRole('button', { name: 'Akceptuję i loguję się' }).click();
    await expect(form).toContainText('Jesteś zalogowany.');
    expect(problems).toEqual([]);
  } finally {
    terms.server.kill('SIGTERM');
  }
});
