import { expect, test } from '@playwright/test';
import { expectAccessible, followMailLink, PASSWORD, register, signIn, stage, uniqueEmail } from './support.js';

// Server in `activation` mode: no sign-in until the emailed link is opened.
test('activation mode: register, refused until activated, activate from the mailbox, sign in', async ({ page }) => {
  const email = uniqueEmail('activate');
  await register(page, email);
  await expect(stage(page).getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await expect(stage(page).getByText(`We have sent a link to ${email}.`)).toBeVisible();
  await expectAccessible(page, '/elements/register (activation required)');

  await signIn(page, email, PASSWORD);
  await expect(stage(page).getByText('Your account is not active yet.')).toBeVisible();
  await expect(stage(page).getByRole('button', { name: 'Send the activation email again' })).toBeVisible();
  await expectAccessible(page, '/elements/signin (activation required)');

  await followMailLink(page, email, 'Activate account');
  await expect(page.getByText('Your account is active. You can sign in now.')).toBeVisible();
  await expectAccessible(page, '/landing (activated)');

  await signIn(page, email, PASSWORD);
  await expect(stage(page).getByText('You are signed in.')).toBeVisible();
});
