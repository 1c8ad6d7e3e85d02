import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectAccessible, keepScreenshot } from './support.js';

/** Where the gallery screenshots are kept for people to look at (test-results/ is the artifact folder). */
const SHOTS = join('test-results', 'screenshots');

test.use({ viewport: { width: 1920, height: 1080 } });

for (const scheme of ['light', 'dark'] as const) {
  test(`gallery in ${scheme}: every state renders, screenshots, axe`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto('/gallery');
    await expect(page.getByRole('heading', { level: 1, name: 'Gallery' })).toBeVisible();

    // Every cell's element was brought to its state against a preview Client, and rendered something.
    await expect(page.locator('demo-gallery[data-ready]')).toBeAttached({ timeout: 30_000 });
    const counts = await page.evaluate(async () => {
      const previews = [...document.querySelectorAll<HTMLElement>('.gallery-cell > demo-preview')];
      const elements = previews.map((p) => p.firstElementChild) as (HTMLElement & { updateComplete?: Promise<unknown> })[];
      await Promise.all(elements.map((e) => customElements.whenDefined(e.localName).then(() => e.updateComplete)));
      await document.fonts.ready;
      const name = (p: HTMLElement) => `${p.firstElementChild?.localName}[${p.dataset.state}]`;
      const empty = previews.filter((_p, i) => !(elements[i]!.childElementCount > 0 || (elements[i]!.shadowRoot?.childElementCount ?? 0) > 0)).map(name);
      const unreached = previews.filter((p) => p.dataset.reached !== 'true').map(name);
      const cells = document.querySelectorAll('.gallery-cell').length;
      return { total: elements.length, cells, empty, unreached };
    });
    expect(counts.empty, 'gallery cells that rendered nothing').toEqual([]);
    expect(counts.unreached, 'gallery cells whose state never showed').toEqual([]);
    expect(counts.total, 'one element per cell').toBe(counts.cells);
    expect(counts.total).toBeGreaterThan(40);

    mkdirSync(SHOTS, { recursive: true });
    const whole = await keepScreenshot(page, testInfo, `gallery-${scheme}`);
    copyFileSync(whole, join(SHOTS, `gallery-${scheme}.png`));
    // One picture per element as well: the whole gallery is too tall to read at once.
    await page.addStyleTag({ content: '.topbar { position: static !important; }' });
    const groups = await page.locator('.gallery-group').evaluateAll((sections) =>
      sections.map((s) => {
        const r = s.getBoundingClientRect();
        return {
          id: s.id.replace(/^gallery-/, ''),
          clip: { x: Math.max(0, r.x + scrollX - 8), y: Math.max(0, r.y + scrollY - 8), width: r.width + 16, height: r.height + 16 },
        };
      }),
    );
    for (const { id, clip } of groups) {
      const path = testInfo.outputPath(`gallery-${scheme}-${id}.png`);
      await page.screenshot({ path, clip, fullPage: true, animations: 'disabled' });
      copyFileSync(path, join(SHOTS, `gallery-${scheme}-${id}.png`));
    }

    // The previews follow the page's language like any element (through their own session hub).
    const firstSignin = page.locator('#gallery-snr-signin demo-preview snr-signin').first();
    await expect(firstSignin.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await page.getByLabel('Language').selectOption('pl');
    await expect(firstSignin.getByRole('button', { name: 'Zaloguj się', exact: true })).toBeVisible();
    await page.getByLabel('Język').selectOption('en');
    await expect(firstSignin.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

    // The cells force their own scheme, so they look the same on either page scheme: axe checks
    // them once (light page), and the page around them in both.
    if (scheme === 'light') await expectAccessible(page, '/gallery (light)');
    else await expectAccessible(page, '/gallery (dark, page chrome)', ['.gallery-grid']);
  });
}
