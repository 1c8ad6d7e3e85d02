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
