import { expect, type Page, test } from '@playwright/test';
import { expectAccessible, PASSWORD, stage, uniqueEmail } from './support.js';

const PAGES = [
  '/',
  // '/gallery' is checked in gallery.spec.ts, with its screenshots.
  '/theme',
  '/mailbox',
  '/elements/register',
  '/elements/signin',
  '/elements/account',
  '/elements/change-password',
  '/elements/facebook-button',
  '/elements/landing',
  '/elements/auth',
  '/oauth', // without the demo providers: says how to start them
  '/landing?action=confirm-email&token=not-a-real-token',
  '/no-such-page',
];

for (const path of PAGES) {
  test(`axe WCAG 2.2 A/AA, light and dark: ${path}`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, `${path} (light)`);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(15, 18, 23)');
    await expectAccessible(page, `${path} (dark)`);
  });
}

test('keyboard: skip link, navigation and the language switch', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Navigate with the keyboard only: focus the sign-in link and follow it.
  const link = page.getByRole('link', { name: '<snr-signin>' });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/elements\/signin$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByRole('link', { name: '<snr-signin>' })).toHaveAttribute('aria-current', 'page');

  // Polish, everywhere: the demo's words and the element's, and the tab's title.
  await page.getByLabel('Language').selectOption('pl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page).toHaveTitle('Formularz logowania <snr-signin> · snr-auth demo');
  await expect(stage(page).getByRole('button', { name: 'Zaloguj się' })).toBeVisible();
  await expect(page.getByLabel('Język')).toBeVisible();
  await expectAccessible(page, '/elements/signin (pl)');
  await page.getByLabel('Język').selectOption('en');
  await expect(stage(page).getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveTitle('Sign-in form <snr-signin> · snr-auth demo');
});

test('the colour scheme switch forces dark and light', async ({ page }) => {
  await page.goto('/elements/signin');
  await page.getByLabel('Colour scheme').selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe('rgb(15, 18, 23)');
  await expectAccessible(page, '/elements/signin (forced dark)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-scheme', 'dark');
  await page.getByLabel('Colour scheme').selectOption('system');
});

/**
 * No page scrolls sideways, from a 320px phone (WCAG 1.4.10) to a desktop: one test per width (and
 * one for Polish, whose words are longer), so the widths run side by side on the workers. A long
 * address in the mailbox has to break rather than widen the page.
 */
async function expectNoSidewaysScroll(page: Page, email: string, path: string, what: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  if (path === '/mailbox') await expect(page.getByText(email)).toBeVisible();
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, `${path} at ${what} is ${scroll}px wide`).toBeLessThanOrEqual(client);
}

/** A customer whose address is long enough to break on a phone, so the mailbox lists it. */
async function longAddress(page: Page): Promise<string> {
  const email = uniqueEmail('an-address-long-enough-to-break-on-a-phone');
  const registered = await page.request.post('/sauth/clients/registered', { data: { apiKey: 'snr-local-dev-key', email, password: PASSWORD } });
  expect(registered.status(), await registered.text()).toBe(201);
  return email;
}

for (const width of [320, 390, 1280]) {
  test(`no page scrolls sideways at ${width}px (WCAG 1.4.10 from a 320px phone to a desktop)`, async ({ page }) => {
    test.setTimeout(120_000);
    const email = await longAddress(page);
    await page.setViewportSize({ width, height: 900 });
    for (const path of [...PAGES, '/gallery']) await expectNoSidewaysScroll(page, email, path, `${width}px`);
  });
}

test('no page scrolls sideways at 320px in Polish (longer words)', async ({ page }) => {
  const email = await longAddress(page);
  await page.goto('/theme');
  await page.getByLabel('Language').selectOption('pl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await page.setViewportSize({ width: 320, height: 900 });
  for (const path of ['/theme', '/mailbox']) await expectNoSidewaysScroll(page, email, path, '320px in Polish');
});

test('every demo page runs under the server’s CSP (no inline script but its hashed one, no eval; inline styles allowed) without a violation', async ({
  page,
}) => {
  const violations: string[] = [];
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportCspViolation(t: string): void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`),
    ),
  );
  for (const path of PAGES) {
    const res = await page.goto(path);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp, path).toContain("script-src 'self' 'sha256-");
    expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline|unsafe-eval/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  }
  expect(violations).toEqual([]);
});
