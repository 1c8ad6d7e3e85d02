import { expect, test } from '@playwright/test';
import { expectAccessible } from './support.js';

test('theme playground: edits apply live, the contrast check reacts, the CSS is printed', async ({ page }) => {
  await page.goto('/theme');
  const css = page.getByRole('region', { name: 'CSS to copy' });
  await expect(css).toContainText('No changes yet');

  const preview = page.getByRole('region', { name: 'Preview' });
  const lightButton = preview.locator('[data-scheme="light"]').getByRole('button', { name: 'Sign in', exact: true });
  await expect(lightButton).toHaveCSS('background-color', 'rgb(11, 92, 213)');

  await page.getByLabel('Primary (buttons, links), light').fill('#7a1fa2');
  await expect(lightButton).toHaveCSS('background-color', 'rgb(122, 31, 162)');
  await expect(css).toContainText('--snr-color-primary: light-dark(#7a1fa2, #5aa2ff);');

  await page.getByLabel('Corner radius').fill('1');
  await expect(css).toContainText('--snr-radius: 1rem;');
  await expect(lightButton).toHaveCSS('border-top-left-radius', '16px');

  await expectAccessible(page, '/theme (edited)');

  // A pick that is hard to read is called out (and axe would fail it too).
  await page.getByLabel('Text on primary, light').fill('#c9a3d9');
  const buttonText = page.getByRole('row', { name: /Button text/ });
  await expect(buttonText.getByRole('cell').first()).toContainText('too low');

  // The preview can show other elements, in one scheme only.
  await page.getByLabel('Element to preview').selectOption('register');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(preview.locator('snr-register[theme="dark"]')).toBeVisible();
  await expect(preview.locator('[data-scheme="light"]')).toHaveCount(0);

  // The work survives a reload, and Reset clears it.
  await page.reload();
  await expect(css).toContainText('--snr-color-primary: light-dark(#7a1fa2, #5aa2ff);');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(css).toContainText('No changes yet');
});
