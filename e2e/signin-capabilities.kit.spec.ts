/**
 * The sign-in file's ways in that are capabilities (issue 15: a page pays only for what it shows),
 * from the identity server on another origin as a site loads them:
 * - the second factor's step is not in `snr-auth.signin.js`: its add-on loads when a sign-in is
 *   answered `MFA_REQUIRED`, the form busy meanwhile; a failed load is the form's error, and
 *   sending again loads it and shows the step, whose code signs in;
 * - the passkey button is not in the file either: a form whose `methods` names `passkey` loads
 *   the add-on as it shows, and the button appears with it; a failed load leaves the password form
 *   as it is, and the form shown anew tries again;
 * - the emailed code's steps load on "Email me a code", its button busy meanwhile; a failed load
 *   says so with "Try again", which loads them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { failFirst, type KitSite, kitRequests, startKitSite } from './kit-site.js';
import { PASSWORD } from './support.js';

test.describe.configure({ mode: 'serial' });

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_KEY = 'signin-capabilities-key';

let site: KitSite;
let siteOrigin: string;
let apiBase: string;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  site = await startKitSite('signin-capabilities', { apiKey: API_KEY, pages, env: { SNR_WEBAUTHN_RP_ID: 'localhost', SNR_SIGN_IN_METHODS: 'password,code' } });
  ({ siteOrigin, apiBase } = site);
});

test.afterAll(() => site?.close());

function page(path: string, signin: string): string {
  pages.set(
    path,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sign-in</title>
<script src="${apiBase}/snr/kit/snr-auth.signin.js"></script></head><body>
<snr-session api-base="${apiBase}" api-key="${API_KEY}">${signin}</snr-session></body></html>`,
  );
  return `${siteOrigin}${path}`;
}

const customer = () => site.customer('signin-capabilities');

const codeAt = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });

test('the second factor: its step loads on the MFA_REQUIRED answer, the form busy meanwhile; a failed load is said and sending again retries it', async ({
  page: p,
}) => {
  const signinFile = readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin.js'), 'utf8');
  for (const text of ['data-step="mfa"', 'Use a recovery code']) expect(signinFile).not.toContain(text);
  const email = await customer();
  const url = page('/mfa.html', '<snr-signin></snr-signin>');
  const scripts = kitRequests(p);
  await p.goto(url);
  // The customer turns on an authenticator (through the page's Client), then signs out.
  const secret = await p.evaluate(
    async ([email, password]) => {
      const client = await window.snrAuth!.ready;
      await client.signIn(email!, password!);
      return (await client.enrollTotp()).secret;
    },
    [email, PASSWORD],
  );
  await p.evaluate(
    async (code) => {
      const client = await window.snrAuth!.ready;
      await client.confirmTotpEnrollment(code);
      await client.signOut();
    },
    codeAt(secret, Date.now()),
  );
  const form = p.locator('snr-signin');
  await expect(form.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  expect(scripts).not.toContain('snr-auth.second-factor.js');

  const offline = await failFirst(p, 'snr-auth.second-factor.js');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await offline.asked;
  // Busy while the step's code loads: the form says so, its button too.
  await expect(form.locator('form')).toHaveAttribute('aria-busy', 'true');
  await expect(form.getByRole('button', { name: 'Signing in…' })).toBeVisible();
  offline.release();
  await expect(form.locator('[part~="summary"][data-tone="error"]')).toContainText('We could not reach the server');
  await expect(form.locator('[data-step]')).toHaveCount(0);
  await expect(form.locator('form')).toHaveAttribute('aria-busy', 'false');

  // Sending again loads the add-on and shows its step, heading focused.
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  const step = form.locator('[data-step="mfa"]');
  await expect(step.getByRole('heading', { name: 'Two-step verification' })).toBeFocused();
  expect(scripts.filter((s) => s === 'snr-auth.second-factor.js')).toHaveLength(2);
  await step.getByLabel('Authentication code').fill(codeAt(secret, Date.now() + 30_000));
  await p.keyboard.press('Enter');
  await expect(form).toContainText('You are signed in.');
});

test('passkeys: a form that names them loads their add-on as it shows, and the button comes with it; a failed load leaves the password form, and the form shown anew tries again', async ({
  page: p,
}) => {
  const signinFile = readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin.js'), 'utf8');
  expect(signinFile).not.toContain('Sign in with a passkey');
  const scripts = kitRequests(p);
  // A form that does not name them loads nothing of them.
  await p.goto(page('/password.html', '<snr-signin></snr-signin>'));
  const form = p.locator('snr-signin');
  await expect(form.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveAttribute('autocomplete', 'username');
  expect(scripts).not.toContain('snr-auth.passkeys.js');

  const offline = await failFirst(p, 'snr-auth.passkeys.js');
  await p.goto(page('/passkeys.html', '<snr-signin methods="password passkey"></snr-signin>'));
  await offline.asked;
  await expect(form.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  await expect(form.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
  offline.release();
  // Not loaded: the password form is all there is, and it works as ever.
  await expect.poll(() => scripts.filter((s) => s === 'snr-auth.passkeys.js').length).toBe(1);
  await expect(form.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  await expect(form.getByRole('button', { name: 'Sign in with a passkey' })).toHaveCount(0);
  // Shown anew (back from the reset view): loaded this time, the button with it.
  await form.getByRole('button', { name: 'Forgot your password?' }).click();
  await form.getByRole('button', { name: 'Back to sign in' }).click();
  await expect(form.getByRole('button', { name: 'Sign in with a passkey' })).toBeVisible();
  expect(scripts.filter((s) => s === 'snr-auth.passkeys.js')).toHaveLength(2);
  expect(await p.evaluate(() => Object.keys(window.snrAuth!.capabilities))).toContain('passkeys');
});

test('the emailed code: its steps load on "Email me a code", the button busy meanwhile; a failed load is said, and "Try again" loads them', async ({
  page: p,
}) => {
  const signinFile = readFileSync(join(ROOT, 'dist/cdn/snr-auth.signin.js'), 'utf8');
  expect(signinFile).not.toContain('Sign in with a code');
  const scripts = kitRequests(p);
  await p.goto(page('/code.html', '<snr-signin></snr-signin>'));
  const form = p.locator('snr-signin');
  const request = form.getByRole('button', { name: 'Email me a code' });
  await expect(request).toBeVisible();
  expect(scripts).not.toContain('snr-auth.email-code.js');
  const offline = await failFirst(p, 'snr-auth.email-code.js');
  // No email typed: the code flow's own email form is what opens.
  await request.click();
  await offline.asked;
  await expect(form.locator('[part~="code-request"]')).toHaveAttribute('aria-disabled', 'true');
  await expect(form.locator('[part~="code-request"]')).toContainText('Loading…');
  offline.release();
  // Said on the form it was asked from; the button asks again.
  await expect(form.locator('[part~="summary"][data-tone="error"]')).toContainText('We could not reach the server');
  await expect(form.locator('[part~="code-request"]')).not.toHaveAttribute('aria-disabled', 'true');
  await request.click();
  await expect(form.getByRole('heading', { name: 'Sign in with a code' })).toBeFocused();
  expect(scripts.filter((s) => s === 'snr-auth.email-code.js')).toHaveLength(2);
  // Its English came with it; the way back to the password form too.
  await form.getByRole('button', { name: 'Use my password instead' }).click();
  await expect(form.getByRole('heading', { name: 'Sign in' })).toBeFocused();

  // A code-only form loads them at once: busy meanwhile, and a failed load says so with "Try again".
  const fresh = await p.context().newPage();
  const freshScripts = kitRequests(fresh);
  const retried = await failFirst(fresh, 'snr-auth.email-code.js');
  // Not waiting for `load`: the held add-on holds it back.
  await fresh.goto(page('/code-only.html', '<snr-signin methods="code"></snr-signin>'), { waitUntil: 'domcontentloaded' });
  await retried.asked;
  const only = fresh.locator('snr-signin');
  await expect(only.locator('[part~="summary"][data-tone="info"]')).toHaveText('Loading…');
  retried.release();
  await expect(only.locator('[part~="summary"][data-tone="error"]')).toContainText('We could not reach the server');
  await only.getByRole('button', { name: 'Try again' }).click();
  await expect(only.getByRole('heading', { name: 'Sign in with a code' })).toBeVisible();
  expect(freshScripts.filter((s) => s === 'snr-auth.email-code.js')).toHaveLength(2);
  await fresh.close();
});
