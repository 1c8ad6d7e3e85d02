import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { expectAccessible, PASSWORD, signIn, stage, uniqueEmail } from './support.js';

// Issue 14, item 4: the customer's signed-in devices across two browsers (two contexts, each its
// own storage), against the real server in `automatic` mode. A lists both, signs B out; B's
// session is refused by the server and its page falls back to "not signed in".

/** The token a page's session holds (the store's record in localStorage). */
function heldToken(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (!key.startsWith('snr:') || !key.endsWith(':session')) continue;
      const rec = JSON.parse(localStorage.getItem(key)!) as { token: { token: string; realm: string } | null };
      if (rec.token?.realm === 'client') return rec.token.token;
    }
    return null;
  });
}

test('two browsers of one customer: A lists both and signs B out; B falls back', async ({ browser }) => {
  const email = uniqueEmail('devices');
  const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
  try {
    const [a, b] = await Promise.all(contexts.map((c) => c.newPage()));
    const registered = await a!.request.post('/sauth/clients/registered', { data: { apiKey: 'snr-local-dev-key', email, password: PASSWORD } });
    expect(registered.status()).toBe(201);
    for (const page of [a!, b!]) {
      await signIn(page, email, PASSWORD);
      await expect(stage(page).getByText('You are signed in.')).toBeVisible();
    }
    const bToken = await heldToken(b!);
    expect(bToken).not.toBeNull();

    // A: the account page, then its signed-in devices (the capability loads on intent).
    await a!.goto('/elements/account');
    await expect(stage(a!).getByText(email)).toBeVisible();
    await stage(a!).getByRole('button', { name: 'Show signed-in devices' }).click();
    const list = stage(a!).getByRole('list');
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await expect(stage(a!).getByRole('heading', { name: 'Signed-in devices' })).toBeFocused();
    const mine = list.getByRole('listitem').filter({ hasText: 'This device' });
    await expect(mine).toHaveCount(1);
    await expect(mine).toHaveAttribute('aria-current', 'true');
    await expect(mine).toContainText(/Chrome.* on Linux/);
    await expect(mine).toContainText('Last active now');
    await expectAccessible(a!, '/elements/account (signed-in devices)');

    // Sign B out, keyboard only: the question, then "Yes, sign out".
    const other = list.getByRole('listitem').filter({ hasNotText: 'This device' });
    await other.getByRole('button', { name: 'Sign out' }).focus();
    await a!.keyboard.press('Enter');
    const yes = other.getByRole('button', { name: 'Yes, sign out' });
    await expect(yes).toBeFocused();
    await expect(other).toContainText('It will have to sign in again.');
    await expectAccessible(a!, '/elements/account (sign out a device?)');
    await a!.keyboard.press('Enter');
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await expect(stage(a!).getByRole('status').filter({ hasText: 'is signed out.' })).toBeVisible();

    // B: its token is refused by the server, refresh included…
    const refresh = await b!.request.post('/sauth/v3/auth/refresh/client', {
      data: { apiKey: 'snr-local-dev-key' },
      headers: { authorization: `Bearer ${bToken}` },
    });
    expect(refresh.status()).toBe(401);
    expect((await refresh.json()).code).toBe('SESSION_REVOKED');
    // …and its page falls back to a visitor at its next call.
    await b!.goto('/elements/account');
    await expect(stage(b!).getByText('You are not signed in.')).toBeVisible();
    expect(await heldToken(b!)).toBeNull();

    // A is still signed in.
    await a!.reload();
    await expect(stage(a!).getByText(email)).toBeVisible();
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
