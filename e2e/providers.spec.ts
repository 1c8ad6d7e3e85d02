// The demo's identity providers, as `npm start` runs them (scripts/start-demo.mjs): a real OpenID
// Connect provider (`oidc-provider`) and the Facebook stand-in (Graph API + JS SDK), on loopback
// ports next to the server. Runs against the `providers` web server of playwright.config.ts.
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, stage } from './support.js';

interface Providers {
  oauth?: { kind: string; issuer?: string };
  facebook?: { kind: string; appId?: string; sdkUrl?: string };
}

async function providers(page: Page): Promise<Providers> {
  const res = await page.request.get('/snr/dev/providers');
  expect(res.ok()).toBe(true);
  return (await res.json()) as Providers;
}

let counter = 0;
/** A login name the provider has never seen, and what it makes of it. */
function newcomer(): { login: string; email: string; name: string } {
  const tag = `t${Date.now().toString(36)}${process.pid.toString(36)}${++counter}`;
  return { login: `kim.${tag}`, email: `kim.${tag}@example.com`, name: `Kim ${tag.charAt(0).toUpperCase()}${tag.slice(1)}` };
}

/** On the provider's sign-in page: checks it, then signs in as `login` with the keyboard. */
async function signInAtProvider(page: Page, issuer: string, login: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${issuer.replace(/[.:/]/g, '\\$&')}/interaction/`));
  await expect(page.getByText('Local OpenID Connect provider (demo)')).toBeVisible();
  const field = page.getByLabel('Login name');
  await expect(field).toBeFocused();
  await field.fill(login);
  await page.keyboard.press('Enter');
}

test.describe('OAuth sign-in through the local OpenID Connect provider', () => {
  test('signs a new customer in with the provider’s email and name; the same login later signs into the same customer', async ({ page }) => {
    const { oauth } = await providers(page);
    expect(oauth?.kind).toBe('local');
    const issuer = oauth!.issuer!;
    const person = newcomer();

    await page.goto('/oauth');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in with OAuth' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'local OpenID Connect provider (demo)' })).toBeVisible();
    await expect(page.getByText(`Running at ${issuer}`)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in with OAuth' })).toHaveAttribute('aria-current', 'page');
    await expectAccessible(page, '/oauth (ready, light)');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible(page, '/oauth (ready, dark)');
    await page.emulateMedia({ colorScheme: 'light' });

    // Keyboard only: tick an agreement, then the button.
    const email = page.getByRole('checkbox', { name: 'By email' });
    await email.focus();
    await page.keyboard.press('Space');
    await expect(email).toBeChecked();
    await page.getByRole('button', { name: 'Sign in with the local provider' }).focus();
    await page.keyboard.press('Enter');

    await signInAtProvider(page, issuer, person.login);
    await expect(page).toHaveURL(/\/oauth$/); // the one-time code is gone from the address bar
    const status = page.getByRole('status').filter({ hasText: 'Signed in as' });
    await expect(status).toContainText(`Signed in as ${person.name} (${person.email})`);
    await expect(status).toContainText('signed in with OAUTH');
    await expectAccessible(page, '/oauth (signed in)');
    const customer = /Customer #(\d+)/.exec((await status.textContent()) ?? '')?.[1];
    expect(customer).toBeTruthy();

    // What the server stored, through another element: the provider's names, the agreement.
    await page.getByRole('link', { name: '<snr-account>' }).click();
    const account = stage(page);
    await expect(account.getByLabel('First name')).toHaveValue('Kim');
    await expect(account.getByLabel('Last name')).toHaveValue(person.name.slice('Kim '.length));
    await expect(account.getByText(person.email)).toBeVisible();
    await expect(account.getByRole('checkbox', { name: 'By email' })).toBeChecked();

    // Signed out and back in with the same login: the same customer, no second registration.
    await page.getByRole('link', { name: 'Sign in with OAuth' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with the local provider' }).click();
    await signInAtProvider(page, issuer, person.login);
    await expect(status).toContainText(`Signed in as ${person.name} (${person.email})`);
    await expect(status).toContainText(`Customer #${customer},`);
  });

  test('cancelling at the provider comes back with its error code, and nothing signed in', async ({ page }) => {
    const { oauth } = await providers(page);
    await page.goto('/oauth');
    await page.getByRole('button', { name: 'Sign in with the local provider' }).click();
    await expect(page).toHaveURL(new RegExp(`^${oauth!.issuer!.replace(/[.:/]/g, '\\$&')}/interaction/`));
    await expectAccessible(page, 'the local provider’s sign-in page');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/oauth$/);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Sign-in failed');
    await expect(alert.locator('code')).toHaveText('access_denied');
    await expect(page.getByRole('button', { name: 'Sign in with the local provider' })).toBeVisible();
    await expectAccessible(page, '/oauth (error)');
  });

  test('a code from another attempt is refused (state mismatch), with its own code', async ({ page }) => {
    await page.goto('/oauth?code=forged&state=not-mine');
    await expect(page.getByRole('alert').locator('code')).toHaveText('STATE_MISMATCH');
    await expect(page).toHaveURL(/\/oauth$/);
  });

  test('fits a phone: nothing scrolls sideways at 390 px', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto('/oauth');
    await expect(page.getByRole('button', { name: 'Sign in with the local provider' })).toBeVisible();
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
  });
});

test.describe('Facebook through the stand-in (no Facebook app configured)', () => {
  /** Loads the stand-in SDK into the page, as the button would, and calls FB.init. */
  async function loadSdk(page: Page, sdkUrl: string, appId: string): Promise<void> {
    await page.evaluate(
      ([src, id]) =>
        new Promise<void>((resolve, reject) => {
          (window as any).fbAsyncInit = () => {
            (window as any).FB.init({ appId: id, version: 'v19.0' });
            resolve();
          };
          const script = document.createElement('script');
          script.src = src!;
          script.onerror = () => reject(new Error(`could not load ${src}`));
          document.head.append(script);
        }),
      [sdkUrl, appId],
    );
  }

  test('the server publishes the stand-in’s app; FB.login shows the labelled stand-in dialog; a new user is asked for agreements, then signed in', async ({
    page,
  }) => {
    const { facebook } = await providers(page);
    expect(facebook?.kind).toBe('stand-in');
    await page.goto('/');
    const config = await (await page.request.get('/snr/config')).json();
    expect(config.facebookAppId).toBe(facebook!.appId);
    await loadSdk(page, facebook!.sdkUrl!, facebook!.appId!);

    // Cancel (and Escape) answer as Facebook does when its pop-up is closed.
    let answer = page.evaluate(() => new Promise<any>((resolve) => (window as any).FB.login(resolve, { scope: 'email,public_profile' })));
    const dialog = page.getByRole('dialog', { name: 'Facebook stand-in: log in' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('This is not Facebook');
    await expectAccessible(page, 'the Facebook stand-in dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await answer).toEqual({ status: 'unknown', authResponse: null });
    answer = page.evaluate(() => new Promise<any>((resolve) => (window as any).FB.login(resolve, { scope: 'email,public_profile' })));
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    expect((await answer).status).toBe('unknown');
    await expect(dialog).toHaveCount(0);

    // A new Facebook user, with the keyboard: the radio, then Continue.
    answer = page.evaluate(() => new Promise<any>((resolve) => (window as any).FB.login(resolve, { scope: 'email,public_profile', return_scopes: true })));
    const fresh = dialog.getByRole('radio', { name: /A new Facebook user/ });
    await fresh.focus();
    await page.keyboard.press('Space');
    await expect(fresh).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'Share my email address' })).toBeChecked();
    await dialog.getByRole('button', { name: 'Continue' }).press('Enter');
    const login = await answer;
    expect(login.status).toBe('connected');
    expect(login.authResponse.grantedScopes).toBe('email,public_profile');
    expect(await page.evaluate(() => new Promise<any>((resolve) => (window as any).FB.getLoginStatus(resolve)))).toMatchObject({ status: 'connected' });
    const me = await page.evaluate(() => new Promise<any>((resolve) => (window as any).FB.api('/me', { fields: 'name,email' }, resolve)));
    expect(me.email).toMatch(/@example\.com$/);

    // The flow the button runs: the conditional call first, then, for a new user, agreements.
    const result = await page.evaluate(
      async ([token]) => {
        const client = (globalThis as any)[Symbol.for('snr-auth.session')].client;
        const first = await client.authenticateByFacebookRegistered(token);
        await client.authenticateByFacebook(token, { agreements: { email: true, sms: false } });
        const account = await client.getAccount();
        return { first, signedIn: client.isSignedIn(), origin: client.state.origin, account };
      },
      [login.authResponse.accessToken],
    );
    expect(result.first.status).toBe('REGISTRATION_REQUIRED');
    expect(result.signedIn).toBe(true);
    expect(result.origin).toBe('FACEBOOK');
    expect(result.account.email).toBe(me.email);
    expect(`${result.account.firstName} ${result.account.lastName}`).toBe(me.name);
    expect(result.account.agreements).toMatchObject({ email: true, sms: false });
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: 'Signed in' })).toContainText(/Signed in \(customer #\d+\)/);
  });

  test('<snr-facebook-button> with the stand-in SDK signs a new user in after the agreements step', async ({ page }) => {
    const { facebook } = await providers(page);
    await page.goto('/elements/facebook-button');
    const button = stage(page).locator('snr-facebook-button');
    await expect(button).toBeVisible();
    expect(await button.evaluate((el) => 'sdkUrl' in el), 'the button takes an SDK URL').toBe(true);
    await button.evaluate((el, url) => ((el as any).sdkUrl = url), facebook!.sdkUrl!);

    await button.getByRole('button', { name: /Facebook/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Facebook stand-in: log in' });
    await dialog.getByRole('radio', { name: /A new Facebook user/ }).check();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    // REGISTRATION_REQUIRED: the button asks for agreements before registering.
    const agreements = button.getByRole('group', { name: 'Keep me informed' });
    await expect(agreements).toBeVisible();
    await expectAccessible(page, '<snr-facebook-button> agreements step');
    await agreements.getByRole('checkbox', { name: 'By email' }).check();
    await button.getByRole('button', { name: 'Create my account' }).click();
    await expect(button.getByRole('status')).toHaveText('You are signed in.');
    await page.goto('/');
    await expect(page.getByRole('status').filter({ hasText: 'Signed in' })).toContainText(/Signed in \(customer #\d+\)/);
  });
});
