import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Runs axe on the page as it is now; fails with the violations listed one per line. */
export async function expectAccessible(page: Page, what: string, exclude: string[] = []): Promise<void> {
  // Only violations come back in full (the passes of a big page are megabytes), and the page has
  // no frames, so the one-pass legacy run gives the same answer several times faster.
  let builder = new AxeBuilder({ page }).options({ runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] }).setLegacyMode(true);
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const lines = results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`),
  );
  expect(lines, `axe WCAG 2.2 A/AA violations on ${what}`).toEqual([]);
}

let counter = 0;
/** A fresh address per call, unique across runs and workers. */
export function uniqueEmail(tag: string): string {
  return `${tag}.${Date.now().toString(36)}.${process.pid}.${++counter}@example.com`;
}

export const PASSWORD = 'Correct-horse-1';
export const NEW_PASSWORD = 'Battery-staple-2';
export const RESET_PASSWORD = 'Paper-clip-3';

/** The live element on an element page, by its visible "Live <tag>" region. */
export function stage(page: Page): Locator {
  return page.getByRole('region', { name: /<snr-/ });
}

/**
 * Opens the demo's mailbox, shows only mail to `email`, and follows the link named `link` in
 * the newest message that has one.
 */
export async function followMailLink(page: Page, email: string, link: string | RegExp): Promise<void> {
  await page.goto('/mailbox');
  await page.getByLabel('Only mail to').fill(email);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const anchor = page.getByRole('link', { name: link }).first();
  await expect(anchor).toBeVisible();
  await expectAccessible(page, '/mailbox');
  await anchor.click();
  await expect(page).toHaveURL(/\/landing\?action=/);
}

/** Fills the registration form the way a person would. */
export async function register(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/elements/register');
  const form = stage(page);
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByLabel('Repeat the password').fill(password);
  await form.getByLabel('First name').fill('Ada');
  await form.getByLabel('Last name').fill('Lovelace');
  await expectAccessible(page, '/elements/register (filled in)');
  await form.getByRole('button', { name: 'Create account' }).click();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/elements/signin');
  const form = stage(page);
  await form.getByLabel('Email', { exact: true }).fill(email);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** A screenshot kept as a test artifact (under test-results/) and attached to the report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/**
 * The package bin on a free port of 127.0.0.1, as a site runs it, with a throwaway SQLite file
 * (`name` in its file name); resolves with its URL once it prints its start banner.
 */
export async function startBin(name: string, env: Record<string, string>): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(process.execPath, ['server/bin/snr-auth-server.js', '--port', '0', '--host', '127.0.0.1'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: {
      ...process.env,
      DATABASE_URL: join(tmpdir(), `snr-e2e-${name}-${Date.now()}-${process.pid}.sqlite`),
      SNR_PBKDF2_ITERATIONS: '1000',
      SNR_RATE_LIMIT: 'off',
      SNR_BREACHED_PASSWORDS_URL: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    server.stdout!.on('data', take);
    server.stderr!.on('data', take);
    server.once('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)));
  });
  return { server, url };
}
