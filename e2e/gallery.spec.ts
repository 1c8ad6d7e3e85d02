import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, keepScreenshot } from './support.js';

/** Where the gallery screenshots are kept for people to look at (test-results/ is the artifact folder). */
const SHOTS = join('test-results', 'screenshots');

/** The gallery's elements, each checked on its own page (`/gallery?element=<tag>`): the whole gallery at once is too slow for one test. */
const ELEMENTS = ['snr-register', 'snr-signin', 'snr-account', 'snr-change-password', 'snr-facebook-button', 'snr-provider-button', 'snr-landing'] as const;

test.use({ viewport: { width: 1920, height: 1080 } });

test('the gallery lists every element this spec checks', async ({ page }) => {
  await page.goto('/gallery');
  const index = () => page.getByRole('navigation', { name: 'Elements in the gallery' }).getByRole('link');
  await expect(index()).toHaveText(ELEMENTS.map((tag) => `<${tag}>`));
  // One element alone: its section only, its link marked, and a way back to all of them.
  await page.goto('/gallery?element=snr-signin');
  await expect(page.locator('.gallery-group')).toHaveCount(1);
  await expect(page.locator('#gallery-snr-signin')).toBeVisible();
  await expect(index().filter({ hasText: '<snr-signin>' })).toHaveAttribute('aria-current', 'page');
  await expect(index().filter({ hasText: 'All elements' })).toHaveAttribute('href', '/gallery');
});

for (const scheme of ['light', 'dark'] as const) {
  for (const tag of ELEMENTS) {
    test(`gallery <${tag}> in ${scheme}: every state renders, screenshots, axe`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(`/gallery?element=${tag}`);
      await expect(page.getByRole('heading', { level: 1, name: 'Gallery' })).toBeVisible();

      // Every cell's element was brought to its state against a preview Client, and rendered something.
      await expect(page.locator('demo-gallery[data-ready]')).toBeAttached({ timeout: 60_000 });
      const counts = await page.evaluate(async () => {
        const previews = [...document.querySelectorAll<HTMLElement>('.gallery-cell > demo-preview')];
        const elements = previews.map((p) => p.firstElementChild) as (HTMLElement & { updateComplete?: Promise<unknown> })[];
        await Promise.all(elements.map((e) => customElements.whenDefined(e.localName).then(() => e.updateComplete)));
        await document.fonts.ready;
        const name = (p: HTMLElement) => `${p.firstElementChild?.localName}[${p.dataset.state}]`;
        const empty = previews.filter((_p, i) => !(elements[i]!.childElementCount > 0 || (elements[i]!.shadowRoot?.childElementCount ?? 0) > 0)).map(name);
        const unreached = previews.filter((p) => p.dataset.reached !== 'true').map(name);
        const tags = [...new Set(elements.map((e) => e.localName))];
        return {
          total: elements.length,
          cells: document.querySelectorAll('.gallery-cell').length,
          states: document.querySelectorAll('.gallery-state').length,
          empty,
          unreached,
          tags,
        };
      });
      expect(counts.empty, 'gallery cells that rendered nothing').toEqual([]);
      expect(counts.unreached, 'gallery cells whose state never showed').toEqual([]);
      expect(counts.tags, 'only the element asked for').toEqual([tag]);
      expect(counts.total, 'one element per cell').toBe(counts.cells);
      expect(counts.total, 'each state in light and dark').toBe(counts.states * 2);
      expect(counts.states).toBeGreaterThan(2);

      mkdirSync(SHOTS, { recursive: true });
      const shot = await keepScreenshot(page, testInfo, `gallery-${scheme}-${tag}`);
      copyFileSync(shot, join(SHOTS, `gallery-${scheme}-${tag}.png`));

      if (tag === 'snr-signin') {
        // The previews follow the page's language like any element (through their own session hub).
        const firstSignin = page.locator('#gallery-snr-signin demo-preview snr-signin').first();
        await expect(firstSignin.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
        await page.getByLabel('Language').selectOption('pl');
        await expect(firstSignin.getByRole('button', { name: 'Zaloguj się', exact: true })).toBeVisible();
        await page.getByLabel('Język').selectOption('en');
        await expect(firstSignin.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
      }

      // The cells force their own scheme, so they look the same on either page scheme: axe checks
      // them once (light page), and the page around them in both.
      if (scheme === 'light') await expectAccessible(page, `/gallery?element=${tag} (light)`);
      else await expectAccessible(page, `/gallery?element=${tag} (dark, page chrome)`, ['.gallery-grid']);
    });
  }
}
