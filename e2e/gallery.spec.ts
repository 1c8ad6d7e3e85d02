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

    // Every cell's element is defined and rendered something.
    const counts = await page.evaluate(async () => {
      const elements = [...document.querySelectorAll('.gallery-cell > :last-child')] as (HTMLElement & { updateComplete?: Promise<unknown> })[];
      await Promise.all(elements.map((e) => customElements.whenDefined(e.localName).then(() => e.updateComplete)));
      await document.fonts.ready;
      const empty = elements.filter((e) => !(e.childElementCount > 0 || (e.shadowRoot?.childElementCount ?? 0) > 0)).map((e) => `${e.localName}[preview=${e.getAttribute('preview')}]`);
      return { total: elements.length, empty };
    });
    expect(counts.empty, 'gallery cells that rendered nothing').toEqual([]);
    expect(counts.total).toBeGreaterThan(40);

    mkdirSync(SHOTS, { recursive: true });
    const whole = await keepScreenshot(page, testInfo, `gallery-${scheme}`);
    copyFileSync(whole, join(SHOTS, `gallery-${scheme}.png`));
    // One picture per element as well: the whole gallery is too tall to read at once.
    await page.addStyleTag({ content: '.topbar { position: static !important; }' });
    const groups = await page.locator('.gallery-group').evaluateAll((sections) =>
      sections.map((s) => {
        const r = s.getBoundingClientRect();
        return { id: s.id.replace(/^gallery-/, ''), clip: { x: Math.max(0, r.x + scrollX - 8), y: Math.max(0, r.y + scrollY - 8), width: r.width + 16, height: r.height + 16 } };
      }),
    );
    for (const { id, clip } of groups) {
      const path = testInfo.outputPath(`gallery-${scheme}-${id}.png`);
      await page.screenshot({ path, clip, fullPage: true, animations: 'disabled' });
      copyFileSync(path, join(SHOTS, `gallery-${scheme}-${id}.png`));
    }

    // The cells force their own scheme, so they look the same on either page scheme: axe checks
    // them once (light page), and the page around them in both.
    if (scheme === 'light') await expectAccessible(page, '/gallery (light)');
    else await expectAccessible(page, '/gallery (dark, page chrome)', ['.gallery-grid']);
  });
}
