// The demo's provider-button page as `npm start` serves it with no Google or Apple client id: the
// buttons load the stand-ins' page scripts (Google Identity Services, Sign in with Apple JS), whose
// ID tokens the server checks against the stand-in issuers' keys (scripts/start-demo.mjs). Runs
// against the `providers` web server.
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, stage } from './support.js';

async function recordEvents(page: Page): Promise<string[]> {
  const events: string[] = [];
  await page.exposeFunction('recordSnrEvent', (text: string) => events.push(text));
  await page.addInitScript(() => {
    for (const type of ['snr-error', 'snr-signed-in']) {
      document.addEventListener(type, (e) => (window as any).recordSnrEvent(`${type} ${JSON.stringify((e as CustomEvent).detail)}`));
    }
  });
  return events;
}

for (const [provider, name, label] of [
  ['google', 'Google', 'Sign in with Google'],
  ['apple', 'Apple', 'Sign in with Apple'],
] as const) {
  test(`${name}: a new person registers through the provider button after the agreements step and is signed in`, async ({ page }) => {
    const events = await recordEvents(page);
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto('/elements/provider-button');
    const live = stage(page);
    const host = live.locator(`snr-provider-button[provider="${provider}"]`);
    await expect(host).toHaveAttribute('script-url', /^http:\/\/127\.0\.0\.1:\d+\//);
    await expect(host).not.toHaveAttribute('unavailable', '');
    const scriptUrl = (await host.getAttribute('script-url'))!;
    expect(scripts, 'no provider script before intent').not.toContain(scriptUrl);
    await expectAccessible(page, `/elements/provider-button (${name})`);

    // Keyboard: focus (the script loads), Enter.
    const button = live.getByRole('button', { name: label });
    await button.focus();
    await expect.poll(() => scripts.includes(scriptUrl)).toBe(true);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `${name} stand-in (demo)` });
    await dialog.getByRole('radio', { name: new RegExp(`A new ${name} user`) }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();

    await expect(live.getByRole('heading', { name: 'Create your account', level: 3 })).toBeFocused();
    await expect(live.getByText('No account here uses this profile yet')).toBeVisible();
    await expectAccessible(page, `/elements/provider-button (${name}, agreements step)`);
    await live.getByRole('checkbox', { name: 'By email' }).check();
    await live.getByRole('button', { name: 'Create my account' }).click();
    await expect(live.getByRole('status').filter({ hasText: 'You are signed in.' })).toBeVisible();
    await expect.poll(() => events.find((e) => e.startsWith('snr-signed-in'))).toContain(`"origin":"${provider.toUpperCase()}"`);
    expect(events.filter((e) => e.startsWith('snr-error'))).toEqual([]);
  });
}

test('a token for another client id is refused by the server (PROVIDER_REJECTED), shown in the button', async ({ page }) => {
  const events = await recordEvents(page);
  await page.goto('/elements/provider-button');
  const host = stage(page).locator('snr-provider-button[provider="google"]');
  await expect(host).toHaveAttribute('script-url', /^http:/);
  await host.evaluate((el) => el.setAttribute('client-id', 'someone-else.apps.googleusercontent.com'));
  await stage(page).getByRole('button', { name: 'Sign in with Google' }).click();
  const dialog = page.getByRole('dialog', { name: 'Google stand-in (demo)' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => events.find((e) => e.startsWith('snr-error'))).toContain('"code":"PROVIDER_REJECTED"');
  await expect(stage(page).getByRole('status').first()).not.toBeEmpty();
});
