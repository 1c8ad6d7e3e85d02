import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support.js';

/** Where the gallery screenshots are kept for people to look at (test-results/ is the artifact folder). */
const SHOTS = join('test-results', 'screenshots');

for (const scheme of ['light', 'dark'] as const) {
  test(`gallery screenshot, ${scheme}`, async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    await page.goto('/gallery');
    await expect(page.getByRole('heading', { level: 1, name: 'Gallery' })).toBeVisible();
    // Every cell's element is defined and rendered.
    const rendered = await page.evaluate(async () => {
      const elements = [...document.querySelectorAll('.gallery-cell > :last-child')] as (HTMLElement & { updateComplete?: Promise<unknown> })[];
      await Promise.all(elements.map((e) => customElements.whenDefined(e.localName).then(() => e.updateComplete)));
      await document.fonts.ready;
      return elements.filter((e) => e.childElementCount > 0 || e.shadowRoot?.childElementCount).length;
    });
    expect(rendered).toBe(await page.locator('.gallery-cell').count());
    expect(rendered).toBeGreaterThan(10);
    const path = await keepScreenshot(page, testInfo, `gallery-${scheme}`);
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(path, join(SHOTS, `gallery-${scheme}.png`));
  });
}
