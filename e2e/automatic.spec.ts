import { expect, test } from '@playwright/test';
import { expectAccessible, PASSWORD, register, signIn, stage, uniqueEmail } from './support.js';

// Server in `automatic` mode: no email, signed in right after registering.
test('automatic mode: register and be signed in, sign out, sign in again', async ({ page }) => {
  const email = uniqueEmail('auto');
  await register(page, email);
  await expect(stage(page).getByText('Your account is ready and you are signed in.')).toBeVisible();
  await expectAccessible(page, '/elements/register (registered, automatic)');

  await page.goto('/elements/account');
  await expect(stage(page).getByText(email)).toBeVisible();
  await stage(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(stage(page).getByText('You are not signed in.')).toBeVisible();

  await signIn(page, email, PASSWORD);
  await expect(stage(page).getByText('You are signed in.')).toBeVisible();

  // No mail in this mode.
  await page.goto('/mailbox');
  await page.getByLabel('Only mail to').fill(email);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('No mail yet.')).toBeVisible();
});

// Issue 12: a UUID is merged into an account only by whoever holds its anonymous token; the
// browser sends it with the sign-in, so its own history still follows the customer.
test('the browser’s own anonymous history merges into the customer it signs in as', async ({ page }) => {
  const email = uniqueEmail('merge');
  const registered = await page.request.post('/sauth/clients/registered', { data: { apiKey: 'snr-local-dev-key', email, password: PASSWORD } });
  expect(registered.status()).toBe(201);
  await page.goto('/elements/signin');
  /** The visitor's stored session: its UUID and anonymous token. */
  const held = () =>
    page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i)!;
        if (!key.startsWith('snr:') || !key.endsWith(':session')) continue;
        const rec = JSON.parse(localStorage.getItem(key)!) as { uuid: string; token: { token: string; realm: string } | null };
        if (rec.token?.realm === 'anonymous_client') return { uuid: rec.uuid, token: rec.token.token };
      }
      return null;
    });
  await expect.poll(held).not.toBeNull();
  const visitor = (await held())!;
  // Holding the token, the visitor gets its anonymous profile back: the UUID is still a visitor's.
  const reopen = () =>
    page.request.post('/sauth/v3/auth/login/client/anonymous', {
      data: { apiKey: 'snr-local-dev-key', uuid: visitor.uuid },
      headers: { authorization: `Bearer ${visitor.token}` },
    });
  expect((await (await reopen()).json()).uuid).toBe(visitor.uuid);

  await signIn(page, email, PASSWORD);
  await expect(stage(page).getByText('You are signed in.')).toBeVisible();
  // Merged: the UUID is now the customer's, so the same token no longer opens an anonymous profile of it.
  expect((await (await reopen()).json()).uuid).not.toBe(visitor.uuid);
});
