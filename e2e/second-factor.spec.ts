import { expect, test } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectAccessible, PASSWORD, register, signIn, stage, uniqueEmail } from './support.js';

// Issue 14, item 2 end to end in the demo (server in `confirmation` mode: signed in right after
// registering): an authenticator enrolled in <snr-account>, sign-out, then a password sign-in that
// <snr-signin> completes with the app's code. Codes are computed here from the key the page showed.

const codeAt = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });

test('two-step verification: enrol in the account, sign out, sign in with the password and the code', async ({ page }) => {
  const email = uniqueEmail('mfa');
  await register(page, email);
  await expect(stage(page).getByText(`We have sent a link to ${email}`)).toBeVisible();

  let secret = '';
  await test.step('enrol: the QR code and key from the server, the first code, the recovery codes shown once', async () => {
    await page.goto('/elements/account');
    const account = stage(page);
    await expect(account.getByLabel('First name')).toHaveValue('Ada');
    await account.getByRole('button', { name: 'Manage two-step verification' }).focus();
    await page.keyboard.press('Enter');
    await expect(account.getByRole('heading', { name: 'Two-step verification' })).toBeFocused();
    await expect(account.getByText('Add a second step to signing in')).toBeVisible();
    await account.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await expect(account.getByRole('heading', { name: 'Set up your authenticator app' })).toBeFocused();
    await expect(account.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
    secret = (await account.locator('[part~="totp-key"]').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page, '/elements/account (second factor: enrolment)');
    await account.getByLabel('Authentication code').fill(codeAt(secret, Date.now()));
    await account.getByRole('button', { name: 'Turn on' }).click();
    await expect(account.getByRole('heading', { name: 'Save your recovery codes' })).toBeFocused();
    await expect(account.locator('[part~="recovery-codes"] li')).toHaveCount(10);
    await expectAccessible(page, '/elements/account (second factor: recovery codes)');
    await account.getByRole('button', { name: 'I have saved them' }).click();
    await expect(account.getByText('Two-step verification is on. Keep your recovery codes safe.')).toBeVisible();
    await expect(account.getByText('Recovery codes left: 10')).toBeVisible();
  });

  await test.step('sign out', async () => {
    await stage(page).getByRole('button', { name: 'Back to your account' }).click();
    await stage(page).getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(stage(page).getByText('You are not signed in.')).toBeVisible();
  });

  await test.step('the password alone is not enough: the code step, then the code signs in', async () => {
    await signIn(page, email, PASSWORD);
    const form = stage(page);
    await expect(form.getByRole('heading', { name: 'Two-step verification' })).toBeFocused();
    const code = form.getByLabel('Authentication code');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await expectAccessible(page, '/elements/signin (second factor)');
    // The next step's code: the enrolment took this step's.
    await code.fill(codeAt(secret, Date.now() + 30_000));
    await page.keyboard.press('Enter');
    await expect(form.getByText('You are signed in.')).toBeVisible();
  });
});
