import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, PASSWORD, stage, uniqueEmail } from './support.js';

// Passkeys against the real server (`automatic` mode) and the built demo, in Chromium with a virtual
// authenticator (the DevTools protocol's WebAuthn domain). The pages are opened on `localhost`, not
// 127.0.0.1: an IP address cannot be a relying party, and in local mode the server's relying party is
// `localhost` (any http://localhost:<port> origin).

/** A platform authenticator for this page: resident keys, user verification done. */
async function virtualAuthenticator(
  page: Page,
): Promise<{ credentials(): Promise<Array<{ rpId?: string; signCount: number }>>; presence(enabled: boolean): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    // Off: the authenticator waits for a touch, so the autofill cannot sign in before the form is looked at.
    presence: async (enabled) => {
      await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled });
    },
  };
}

function storedOrigin(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.endsWith('session')) return JSON.parse(localStorage.getItem(key)!)?.token?.origin ?? null;
    }
    return null;
  });
}

test('add a passkey in <snr-account>, sign out, sign in with the passkey', async ({ page, baseURL }) => {
  const base = baseURL!.replace('127.0.0.1', 'localhost');
  const authenticator = await virtualAuthenticator(page);
  const email = uniqueEmail('passkey');

  await test.step('register with a password (signed in at once)', async () => {
    await page.goto(`${base}/elements/register`);
    const form = stage(page);
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByLabel('Repeat the password').fill(PASSWORD);
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Lovelace');
    await form.getByRole('button', { name: 'Create account' }).click();
    await expect(form.getByText('You are signed in', { exact: false }).first()).toBeVisible();
  });

  await test.step('add a passkey in the account, with the keyboard', async () => {
    await page.goto(`${base}/elements/account`);
    const account = stage(page);
    await expect(account.getByLabel('First name')).toHaveValue('Ada');
    await account.getByRole('button', { name: 'Manage passkeys' }).focus();
    await page.keyboard.press('Enter');
    await expect(account.getByRole('heading', { name: 'Passkeys' })).toBeFocused();
    await expect(account.getByText('You have no passkeys yet.')).toBeVisible();
    await account.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(account.getByRole('listitem')).toHaveCount(1);
    await expect(account.getByText(/never used/)).toBeVisible();
    expect((await authenticator.credentials()).map((c) => c.rpId)).toEqual(['localhost']);
    await expectAccessible(page, '/elements/account (a passkey added)');
  });

  await test.step('sign out', async () => {
    await stage(page).getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(stage(page).getByText('You are not signed in.')).toBeVisible();
  });

  await test.step('sign in with the passkey', async () => {
    await authenticator.presence(false);
    await page.goto(`${base}/elements/signin`);
    // The demo's form offers passwords only; a site asks for passkeys with `methods`.
    await page.locator('snr-signin').evaluate((el) => el.setAttribute('methods', 'password passkey'));
    const form = stage(page);
    await expect(form.getByLabel('Email', { exact: true })).toHaveAttribute('autocomplete', 'username webauthn');
    const button = form.getByRole('button', { name: 'Sign in with a passkey' });
    await expectAccessible(page, '/elements/signin (with passkeys)');
    await authenticator.presence(true);
    // The autofill (a conditional request) may already be answering; the button asks in any case.
    if (await button.isVisible()) await button.click().catch(() => undefined);
    await expect(form.getByText('You are signed in.')).toBeVisible();
    expect(await storedOrigin(page)).toBe('PASSKEY');
    await page.goto(`${base}/elements/account`);
    await expect(stage(page).getByText(email)).toBeVisible();
  });
});
