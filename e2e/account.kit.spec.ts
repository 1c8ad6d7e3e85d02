/**
 * `<snr-account>` from the forms file (`snr-auth.forms.js`) served by the identity server, on a page
 * of another origin (issue 15): its rarely opened steps are add-ons loaded on intent.
 * - at first view the page fetches the forms file and no step's add-on;
 * - pointing at "Change email address" fetches `snr-auth.account-email.js` before the click, and the
 *   step of an account with a password never fetches the provider button
 *   (`snr-auth.provider-button.js`);
 * - a step whose add-on does not load says so (busy first, then the network error and "Try again"),
 *   and trying again loads it and shows the step.
 */
import { expect, test } from '@playwright/test';
import { failFirst, type KitSite, kitRequests, startKitSite } from './kit-site.js';
import { PASSWORD } from './support.js';

test.describe.configure({ mode: 'serial' });

const API_KEY = 'account-kit-e2e-key';

let site: KitSite;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  site = await startKitSite('account-kit', { apiKey: API_KEY, pages });
  pages.set(
    '/account.html',
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>account</title>
<script src="${site.apiBase}/snr/kit/snr-auth.forms.js"></script>
</head><body>
<snr-session api-base="${site.apiBase}" api-key="${API_KEY}"><snr-signin></snr-signin><snr-account></snr-account></snr-session>
</body></html>`,
  );
});

test.afterAll(() => site?.close());

test("the account's steps load on intent from beside the forms file; a failed load shows busy, then the error and a retry that works", async ({ page }) => {
  const email = await site.customer('account-kit');

  const scripts = kitRequests(page);
  const steps = () => scripts.filter((s) => /account|provider|sessions|second-factor/.test(s));
  // The deletion step's add-on: the first try is held until the test has seen the busy step, then
  // fails (offline for that file).
  const offline = await failFirst(page, 'snr-auth.account-delete.js');

  await page.goto(`${site.siteOrigin}/account.html`);
  const signin = page.locator('snr-signin');
  await signin.getByLabel('Email').fill(email);
  await signin.getByLabel('Password', { exact: true }).fill(PASSWORD);
  // From the keyboard: the pointer stays off the page, so it points at no step's button.
  await signin.getByLabel('Password', { exact: true }).press('Enter');
  const account = page.locator('snr-account');
  await expect(account.locator('[part~="email-value"]')).toHaveText(email);
  expect(steps(), 'the first view fetches no step').toEqual([]);

  // Pointing at the button starts loading its step.
  await account.getByRole('button', { name: 'Change email address' }).hover();
  await expect.poll(steps).toEqual(['snr-auth.account-email.js']);
  await account.getByRole('button', { name: 'Change email address' }).click();
  await expect(account.getByRole('heading', { name: 'Change your email address' })).toBeFocused();
  await expect(account.getByLabel('Password', { exact: true })).toBeVisible();
  await account.getByRole('button', { name: 'Back to your account' }).press('Enter');

  await account.getByRole('button', { name: 'Delete my account' }).click();
  const loading = account.locator('[part~="panel"]');
  await expect(loading).toHaveAttribute('aria-busy', 'true');
  await expect(loading.getByRole('status')).toHaveText('Please wait…');
  await expect(loading.getByRole('heading', { name: 'Delete your account' })).toBeFocused();
  offline.release();
  await expect(loading.getByRole('status')).toContainText('We could not reach the server');
  await expect(loading).toHaveAttribute('aria-busy', 'false');
  await account.getByRole('button', { name: 'Try again' }).click();
  await expect(account.locator('[part~="consequences"]')).toBeVisible();
  await expect(account.getByRole('heading', { name: 'Delete your account' })).toBeFocused();
  await expect(account.getByLabel('Password', { exact: true })).toBeVisible();

  // Each step's add-on once (the failed one twice); an account with a password never needs the provider button.
  expect(steps().filter((s) => s.includes('account-'))).toEqual(['snr-auth.account-email.js', 'snr-auth.account-delete.js', 'snr-auth.account-delete.js']);
  expect(steps().filter((s) => s.includes('provider'))).toEqual([]);
  const loaded = await page.evaluate(() => Object.keys(window.snrAuth!.capabilities));
  expect(loaded.filter((name) => /account|provider/.test(name)).sort()).toEqual(['account-delete', 'account-email']);
});
