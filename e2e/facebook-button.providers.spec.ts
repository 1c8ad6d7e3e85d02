// The demo's Facebook button page as `npm start` serves it with no Facebook app configured: the
// page says plainly that the Facebook on it is a stand-in, and the button works against it (the
// stand-in's JS SDK and Graph API, scripts/start-demo.mjs). Runs against the `providers` web server.
import { expect, test } from '@playwright/test';
import { expectAccessible, stage } from './support.js';

test.describe('the Facebook button page, against the stand-in', () => {
  test('is labelled as a stand-in; a new person registers after the agreements step, then signs straight in; cancelling says so', async ({ page }) => {
    const events: string[] = [];
    await page.exposeFunction('recordSnrEvent', (text: string) => events.push(text));
    await page.addInitScript(() => {
      for (const type of ['snr-error', 'snr-signed-in']) {
        document.addEventListener(type, (e) => (window as any).recordSnrEvent(`${type} ${JSON.stringify((e as CustomEvent).detail)}`));
      }
    });
    await page.goto('/elements/facebook-button');
    const note = page.getByRole('note', { name: 'Facebook stand-in, not Facebook' });
    await expect(note).toBeVisible();
    await expect(note).toContainText('Nothing goes to Facebook');
    const live = stage(page);
    const host = live.locator('snr-facebook-button');
    await expect(host).toHaveAttribute('sdk-url', /\/sdk\.js$/);
    await expect(host).not.toHaveAttribute('unavailable', '');
    await expectAccessible(page, '/elements/facebook-button with the stand-in');

    // Cancel in the stand-in's log-in dialog: the button says so.
    const button = live.getByRole('button', { name: 'Continue with Facebook' });
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Facebook stand-in: log in' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(live.getByRole('status')).toHaveText('Signing in was cancelled. Press the button to try again.');
    await expect.poll(() => events.some((e) => e.startsWith('snr-error') && e.includes('"code":"PROVIDER_CANCELLED"'))).toBe(true);

    // A new Facebook user: the agreements step, then signed in.
    await button.click();
    await dialog.getByRole('radio', { name: /A new Facebook user/ }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const agreements = live.getByRole('group', { name: /Keep me informed/ });
    await expect(agreements).toBeVisible();
    await expect(live.getByRole('heading', { name: 'Create your account', level: 3 })).toBeFocused();
    await expectAccessible(page, 'the agreements step');
    await agreements.getByRole('checkbox', { name: 'By email' }).check();
    await live.getByRole('button', { name: 'Create my account' }).click();
    await expect(live.getByRole('status')).toHaveText('You are signed in.');
    await expect.poll(() => events.some((e) => e.startsWith('snr-signed-in') && e.includes('"origin":"FACEBOOK"'))).toBe(true);

    // A person listed by the stand-in: registered now if new on this server, then, signed out and
    // back, signed straight in with no agreements step.
    const signOutAndReload = async () => {
      await page.evaluate(() => (globalThis as any)[Symbol.for('snr-auth.session')].client.signOut());
      await page.reload();
    };
    const asFay = async () => {
      await live.getByRole('button', { name: 'Continue with Facebook' }).click();
      await dialog.getByRole('radio', { name: /Fay Bookman/ }).check();
      await dialog.getByRole('button', { name: 'Continue' }).click();
      await expect(dialog).toHaveCount(0);
    };
    const signedIn = live.getByRole('status').filter({ hasText: 'You are signed in.' });
    await signOutAndReload();
    await asFay();
    await expect(agreements.or(signedIn)).toBeVisible();
    if (await agreements.isVisible()) await live.getByRole('button', { name: 'Create my account' }).click();
    await expect(signedIn).toBeVisible();
    await signOutAndReload();
    await asFay();
    await expect(signedIn).toBeVisible();
    await expect(agreements).toHaveCount(0);
  });
});
