/**
 * The README's blank-page quick start runs the server alone (`node server/bin/snr-auth-server.js`: local
 * mode, no demo, no SNR_LANDING_URL). The link of its confirmation mail must still work: the server
 * serves its own `/landing` page with `<snr-landing>` and the script-tag file, under a strict policy.
 */
import type { ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { ensureCdnBuilt } from './cdn.js';
import { PASSWORD, startBin, uniqueEmail } from './support.js';

let server: ChildProcess;
let apiBase: string;

test.beforeAll(async () => {
  ensureCdnBuilt();
  ({ server, url: apiBase } = await startBin('landing', {}));
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

test('the confirmation link of a server run alone opens its own landing page, which confirms the email', async ({ page }) => {
  const email = uniqueEmail('landing');
  const registered = await fetch(`${apiBase}/sauth/clients/registered`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8000' },
    body: JSON.stringify({ apiKey: 'snr-local-dev-key', email, password: PASSWORD }),
  });
  expect(registered.status, await registered.clone().text()).toBe(201);
  const mail = (await (await fetch(`${apiBase}/snr/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as Array<{ text: string }>;
  const link = /(http:\/\/\S+\/landing\?\S+)/.exec(mail[0]!.text)?.[1];
  expect(link, mail[0]?.text).toBeTruthy();

  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`csp: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`));
  });
  const response = await page.goto(link!);
  expect(response!.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.getByText('Your email address is confirmed. Thank you!')).toBeVisible();
  expect(new URL(page.url()).searchParams.has('token'), 'the token leaves the address bar').toBe(false);
  expect(problems).toEqual([]);
});
