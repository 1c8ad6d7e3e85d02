import { expect, test } from '@playwright/test';
import { expectAccessible, PASSWORD, register, signIn, stage, uniqueEmail } from './support.js';

// Server in the `pin` mode, with terms of version 2026-12 every customer must accept: the
// activation mail carries a 6-digit code, read here from the demo's mailbox (the server's outbox).

/** The newest code mailed to an address, as the mailbox shows it; axe runs on the first look only. */
async function mailedCode(page: import('@playwright/test').Page, email: string, check = true): Promise<string> {
  await page.goto('/mailbox');
  await page.getByLabel('Only mail to').fill(email);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const code = page
    .locator('.mail-body p')
    .filter({ hasText: /^\s*\d{6}\s*$/ })
    .first();
  await expect(code).toBeVisible();
  if (check) await expectAccessible(page, '/mailbox (activation code)');
  return (await code.textContent())!.trim();
}

test('pin mode: register, the code from the mail, a wrong code refused, activate, then the terms step before signing in', async ({ page, context }) => {
  const email = uniqueEmail('pin');
  await register(page, email);
  const form = stage(page);
  await expect(form.getByRole('heading', { name: 'Enter your activation code' })).toBeFocused();
  await expect(form.getByText(`We have sent a 6-digit code to ${email}.`)).toBeVisible();
  const input = form.getByRole('textbox', { name: 'Activation code' });
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(input).toHaveAttribute('inputmode', 'numeric');
  await expect(form.getByRole('button', { name: 'Send a new code' })).toHaveAttribute('aria-disabled', 'true');
  await expectAccessible(page, '/elements/register (code step)');

  // The code, read from the mail in another tab; the registration page keeps its step.
  const mailbox = await context.newPage();
  const code = await mailedCode(mailbox, email);
  await mailbox.close();

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await input.fill(wrong);
  await input.press('Enter');
  await expect(form.getByText('This code is wrong or no longer valid.').first()).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, '/elements/register (wrong code)');

  // Pasted as a mail shows it, with a space: taken whole.
  await input.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(input).toHaveValue(code);
  await input.press('Enter');
  // Active now; the site's terms are still to be accepted, so the automatic sign-in waits for them.
  await expect(form.getByText('Your account is active. You can sign in now.')).toBeVisible();

  await signIn(page, email, PASSWORD);
  const signin = stage(page);
  await expect(signin.getByRole('heading', { name: 'Updated terms' })).toBeFocused();
  await expect(signin.getByRole('link', { name: 'Read the terms (opens in a new tab)' })).toHaveAttribute('href', 'https://shop.example/terms');
  await expectAccessible(page, '/elements/signin (terms step)');
  await signin.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(signin.getByText('Please accept the terms to continue.').first()).toBeVisible();
  await expect(signin.getByRole('checkbox', { name: 'I have read and accept the terms' })).toBeFocused();
  await page.keyboard.press('Space');
  await signin.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(signin.getByText('You are signed in.')).toBeVisible();
});

test('pin mode: a new code replaces the old one, and five wrong tries void a code', async ({ page, request }) => {
  const email = uniqueEmail('pin-resend');
  await register(page, email);
  // The registration has been answered (leaving the page sooner would cancel its request).
  await expect(stage(page).getByRole('heading', { name: 'Enter your activation code' })).toBeFocused();
  const first = await mailedCode(page, email);
  const api = (path: string, data: object) => request.post(path, { data: { apiKey: 'snr-local-dev-key', ...data } });
  expect((await api('/v4/clients/activation/pin/request', { email })).status()).toBe(202);
  await expect.poll(() => mailedCode(page, email, false)).not.toBe(first);
  expect((await api('/v4/clients/activation/pin/confirmation', { email, pinCode: first })).status()).toBe(400);
  const second = await mailedCode(page, email);
  const wrong = String((Number(second) + 1) % 1_000_000).padStart(6, '0');
  for (let i = 0; i < 4; i++) expect((await api('/v4/clients/activation/pin/confirmation', { email, pinCode: wrong })).status()).toBe(400);
  expect((await api('/v4/clients/activation/pin/confirmation', { email, pinCode: second })).status()).toBe(400);
});

test('pin mode: a sign-in before activation leads to the code step; "Send a new code" mails a new one, which activates and signs in', async ({
  page,
  context,
  request,
}) => {
  const email = uniqueEmail('pin-signin');
  const made = await request.post('/v4/clients/registered', { data: { apiKey: 'snr-local-dev-key', email, password: PASSWORD } });
  expect(made.status()).toBe(201);
  const mailbox = await context.newPage();
  const first = await mailedCode(mailbox, email);

  await signIn(page, email, PASSWORD);
  const form = stage(page);
  await expect(form.getByRole('heading', { name: 'Enter your activation code' })).toBeFocused();
  const input = form.getByRole('textbox', { name: 'Activation code' });
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(input).toHaveAttribute('inputmode', 'numeric');
  await expectAccessible(page, '/elements/signin (code step)');

  await form.getByRole('button', { name: 'Send a new code' }).click();
  await expect(form.getByText(`We have sent a new code to ${email}.`)).toBeVisible();
  await expect.poll(() => mailedCode(mailbox, email, false)).not.toBe(first);
  const second = await mailedCode(mailbox, email);
  await mailbox.close();

  await input.fill(`${second.slice(0, 3)} ${second.slice(3)}`);
  await expect(input).toHaveValue(second);
  await input.press('Enter');
  // Active now; this server's terms come next, inside the same flow.
  await expect(form.getByRole('heading', { name: 'Updated terms' })).toBeFocused();
  await form.getByRole('checkbox', { name: 'I have read and accept the terms' }).check();
  await form.getByRole('button', { name: 'Accept and sign in' }).click();
  await expect(form.getByText('You are signed in.')).toBeVisible();
});
