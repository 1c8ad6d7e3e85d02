import { expect, test } from '@playwright/test';
import { expectAccessible, followMailLink, NEW_PASSWORD, PASSWORD, RESET_PASSWORD, register, signIn, stage, uniqueEmail } from './support.js';

// Server in `confirmation` mode (the default of `npm start`).
test.describe.configure({ mode: 'serial' });

test('confirmation mode: register, confirm the email, edit the account, change the password, sign out, reset a forgotten password', async ({ page }) => {
  const email = uniqueEmail('confirm');

  await test.step('register: signed in at once, asked to confirm the email', async () => {
    await register(page, email);
    await expect(stage(page).getByText(`We have sent a link to ${email}`)).toBeVisible();
    await expectAccessible(page, '/elements/register (registered)');
  });

  await test.step('confirm the email from the mailbox', async () => {
    await followMailLink(page, email, 'Confirm email');
    await expect(page.getByText('Your email address is confirmed.')).toBeVisible();
    await expectAccessible(page, '/landing (confirmed)');
  });

  await test.step('the account shows the details; edit and save them', async () => {
    await page.goto('/elements/account');
    const account = stage(page);
    await expect(account.getByLabel('First name')).toHaveValue('Ada');
    // The email is shown, not editable.
    await expect(account.getByText(email)).toBeVisible();
    await expect(account.getByRole('textbox', { name: 'Email' })).toHaveCount(0);
    await account.getByLabel('First name').fill('Augusta');
    await account.getByLabel('City').fill('London');
    await expectAccessible(page, '/elements/account (editing)');
    await account.getByRole('button', { name: 'Save changes' }).click();
    await expect(account.getByText('Your changes are saved.')).toBeVisible();
    await page.reload();
    await expect(stage(page).getByLabel('First name')).toHaveValue('Augusta');
    await expect(stage(page).getByLabel('City')).toHaveValue('London');
  });

  await test.step('change the password', async () => {
    await page.goto('/elements/change-password');
    const form = stage(page);
    await form.getByLabel('Current password', { exact: true }).fill(PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByText('Your password is changed.')).toBeVisible();
    await expectAccessible(page, '/elements/change-password (changed)');
  });

  await test.step('sign out', async () => {
    await page.goto('/elements/account');
    await stage(page).getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(stage(page).getByText('You are not signed in.')).toBeVisible();
    await expectAccessible(page, '/elements/account (signed out)');
  });

  await test.step('the old password is refused, the new one works', async () => {
    await signIn(page, email, PASSWORD);
    await expect(stage(page).getByRole('status').filter({ hasText: 'The email address or password is not right.' })).toBeVisible();
    await expectAccessible(page, '/elements/signin (wrong password)');
    await signIn(page, email, NEW_PASSWORD);
    await expect(stage(page).getByText('You are signed in.')).toBeVisible();
    await page.goto('/elements/account');
    await stage(page).getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(stage(page).getByText('You are not signed in.')).toBeVisible();
  });

  await test.step('forgot the password: ask for a link', async () => {
    await page.goto('/elements/signin');
    const form = stage(page);
    await form
      .getByRole('button', { name: 'Forgot your password?' })
      .or(form.getByRole('link', { name: 'Forgot your password?' }))
      .click();
    await form.getByLabel('Email', { exact: true }).fill(email);
    await expectAccessible(page, '/elements/signin (forgot password)');
    await form.getByRole('button', { name: 'Send the link' }).click();
    await expect(form.getByText(`If ${email} has an account, we have sent it a link`)).toBeVisible();
  });

  await test.step('set a new password from the emailed link', async () => {
    await followMailLink(page, email, 'Choose a new password');
    await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill(RESET_PASSWORD);
    await page.getByLabel('Repeat the password').fill(RESET_PASSWORD);
    await expectAccessible(page, '/landing (reset password)');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect(page.getByText('Your new password is set')).toBeVisible();
    await expectAccessible(page, '/landing (password reset)');
  });

  await test.step('sign in with the reset password', async () => {
    await signIn(page, email, RESET_PASSWORD);
    await expect(stage(page).getByText('You are signed in.')).toBeVisible();
  });
});
