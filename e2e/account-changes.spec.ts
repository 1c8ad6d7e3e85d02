import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, followMailLink, PASSWORD, register, signIn, stage, uniqueEmail } from './support.js';

// Server in `confirmation` mode: a customer is signed in right after registering. Mail is read from
// the demo's mailbox (the server's outbox), as every e2e spec reads it.

/** What the page's session store keeps (one key per namespace, `…session`). */
function storedSession(page: Page): Promise<{ uuid: string; token: { realm: string } | null } | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.endsWith('session')) return JSON.parse(localStorage.getItem(key)!);
    }
    return null;
  });
}
const storedUuid = async (page: Page) => (await storedSession(page))?.uuid ?? null;
const storedRealm = async (page: Page) => (await storedSession(page))?.token?.realm ?? null;

test('email change: ask in <snr-account> with the password, follow the link mailed to the new address, sign in with it', async ({ page }) => {
  const email = uniqueEmail('old');
  const moved = uniqueEmail('moved');
  await register(page, email);
  await expect(stage(page).getByText(`We have sent a link to ${email}`)).toBeVisible();

  await test.step('the change-email step, reached with the keyboard', async () => {
    await page.goto('/elements/account');
    const account = stage(page);
    await expect(account.getByLabel('First name')).toHaveValue('Ada');
    await account.getByRole('button', { name: 'Change email address' }).focus();
    await page.keyboard.press('Enter');
    await expect(account.getByRole('heading', { name: 'Change your email address' })).toBeFocused();
    await account.getByLabel('New email address').fill(moved);
    await account.getByLabel('Password', { exact: true }).fill('Not-the-password-1');
    await account.getByRole('button', { name: 'Send the link' }).click();
    await expect(account.getByRole('status').filter({ hasText: 'Your current password is not right.' })).toBeVisible();
    await expectAccessible(page, '/elements/account (change email, wrong password)');
    await account.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await account.getByRole('button', { name: 'Send the link' }).click();
    await expect(account.getByRole('heading', { name: 'Check your inbox' })).toBeFocused();
    await expect(account.getByText(moved)).toBeVisible();
    await expectAccessible(page, '/elements/account (check your inbox)');
  });

  await test.step('the old address is told, without a link', async () => {
    await page.goto('/mailbox');
    await page.getByLabel('Only mail to').fill(email);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByText('Your email address is about to change').first()).toBeVisible();
  });

  await test.step('the link in the new address’s mail changes it', async () => {
    await followMailLink(page, moved, 'Confirm the new address');
    await expect(page.getByText('Your email address is changed')).toBeVisible();
    await expectAccessible(page, '/landing (email changed)');
    await page.goto('/elements/account');
    await expect(stage(page).getByText(moved)).toBeVisible();
  });

  await test.step('the new address signs in, the old one does not', async () => {
    await page.goto('/elements/account');
    await stage(page).getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(stage(page).getByText('You are not signed in.')).toBeVisible();
    await signIn(page, email, PASSWORD);
    await expect(stage(page).getByRole('status').filter({ hasText: 'The email address or password is not right.' })).toBeVisible();
    await signIn(page, moved, PASSWORD);
    await expect(stage(page).getByText('You are signed in.')).toBeVisible();
  });
});

test('account deletion: the danger zone, the password, and the page goes on as a new anonymous visitor', async ({ page }) => {
  const email = uniqueEmail('gone');
  await register(page, email);
  await expect(stage(page).getByText(`We have sent a link to ${email}`)).toBeVisible();
  await page.goto('/elements/account');
  const account = stage(page);
  await expect(account.getByLabel('First name')).toHaveValue('Ada');
  const uuidBefore = await storedUuid(page);
  expect(uuidBefore).toMatch(/^[0-9a-f-]{36}$/);

  await account.getByRole('region', { name: 'Delete your account' }).getByRole('button', { name: 'Delete my account' }).click();
  await expect(account.getByRole('heading', { name: 'Delete your account' })).toBeFocused();
  await expect(account.getByText('This cannot be undone.')).toBeVisible();
  await expect(account.getByText('you are signed out on every device.')).toBeVisible();
  await expectAccessible(page, '/elements/account (delete step)');
  await account.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await account.getByRole('button', { name: 'Delete my account for good' }).click();
  await expect(account.getByText('Your account has been deleted')).toBeFocused();
  await expectAccessible(page, '/elements/account (deleted)');
  // A new visitor: a new UUID, with an anonymous token.
  await expect.poll(() => storedUuid(page)).not.toBe(uuidBefore);
  expect(await storedRealm(page)).toBe('anonymous_client');

  await signIn(page, email, PASSWORD);
  await expect(stage(page).getByRole('status').filter({ hasText: 'The email address or password is not right.' })).toBeVisible();
});
