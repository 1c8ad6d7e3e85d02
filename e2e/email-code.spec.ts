/**
 * Passwordless sign-in (issue 14, item 3) end to end: the package bin with SMTP configured sends to
 * a real SMTP sink (`smtp-server`) in this process; a page on another origin loads the sign-in file
 * from the server (`/snr/kit/snr-auth.signin.js`) with `<snr-signin methods="password code">`; the
 * code is read out of the mail the sink received.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import { ensureCdnBuilt } from './cdn.js';
import { expectAccessible, PASSWORD, startBin, uniqueEmail } from './support.js';

test.describe.configure({ mode: 'serial' });

const API_KEY = 'email-code-e2e-key';

/** What the sink received: envelope recipients and the raw message. */
const received: Array<{ to: string[]; raw: string }> = [];
let sink: SMTPServer;
let site: http.Server;
let siteOrigin: string;
let server: ChildProcess;
let apiBase: string;

test.beforeAll(async () => {
  ensureCdnBuilt();
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const smtpPort = (sink.server.address() as AddressInfo).port;

  site = http.createServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://site').pathname !== '/signin.html') return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in</title>
<script src="${apiBase}/snr/kit/snr-auth.signin.js" defer></script>
</head><body><main>
<snr-session api-base="${apiBase}" api-key="${API_KEY}"><snr-signin methods="password code"></snr-signin></snr-session>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteOrigin = `http://localhost:${(site.address() as AddressInfo).port}`;
  ({ server, url: apiBase } = await startBin('email-code', {
    SNR_API_KEYS: JSON.stringify({ [API_KEY]: [siteOrigin] }),
    SNR_REGISTRATION_MODE: 'confirmation',
    SNR_SIGN_IN_METHODS: 'password,code',
    // The limits on (startBin turns them off): "Send a new code" waits the server's 30 s.
    SNR_RATE_LIMIT: JSON.stringify({ signInCodeResendSeconds: 30 }),
    SNR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SNR_MAIL_FROM: 'Shop <no-reply@shop.example>',
  }));
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await new Promise((resolve) => (sink ? sink.close(() => resolve(undefined)) : resolve(undefined)));
});

/** The raw messages the sink received for an address, oldest first (waits for `count`). */
async function mailsTo(email: string, count: number): Promise<string[]> {
  await expect.poll(() => received.filter((m) => m.to.includes(email)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return received.filter((m) => m.to.includes(email)).map((m) => m.raw);
}

/** The code of the newest sign-in mail to an address, from its subject line. */
async function codeFor(email: string, count: number): Promise<string> {
  const mails = await mailsTo(email, count);
  const subject = /^Subject: (\d{6}) is your sign-in code$/m.exec(mails.at(-1)!);
  expect(subject, mails.at(-1)).not.toBeNull();
  return subject![1]!;
}

test('a customer signs in with the code mailed through SMTP; a wrong code is refused first', async ({ page }) => {
  const email = uniqueEmail('email-code');
  const res = await fetch(`${apiBase}/sauth/clients/registered`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: siteOrigin },
    body: JSON.stringify({ apiKey: API_KEY, email, password: PASSWORD }),
  });
  expect(res.status).toBe(201);
  await mailsTo(email, 1); // the confirmation link of the registration

  await page.goto(`${siteOrigin}/signin.html`);
  const form = page.locator('snr-signin');
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Email me a code' }).click();
  await expect(form.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  await expect(form.getByText(`If ${email} has an account, we have sent it a 6-digit code.`)).toBeVisible();
  const input = form.getByRole('textbox', { name: 'Sign-in code' });
  await expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(input).toHaveAttribute('inputmode', 'numeric');
  await expect(form.getByRole('button', { name: 'Send a new code' })).toHaveAttribute('aria-disabled', 'true');
  await expectAccessible(page, 'email code step');

  const code = await codeFor(email, 2);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await input.fill(wrong);
  await input.press('Enter');
  await expect(form.getByText('This code is wrong or no longer valid.').first()).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'email code step (wrong code)');

  await input.fill(code);
  await input.press('Enter');
  await expect(form.getByText('You are signed in.')).toBeVisible();
  const origin = await page.evaluate(() => window.snrAuth!.client?.state.origin);
  expect(origin).toBe('EMAIL_CODE');
});

test('an address without an account: the same step on the page, and a mail offering to register (no code)', async ({ page }) => {
  const email = uniqueEmail('email-code-nobody');
  await page.goto(`${siteOrigin}/signin.html`);
  const form = page.locator('snr-signin');
  await form.getByLabel('Email').fill(email);
  await form.getByRole('button', { name: 'Email me a code' }).click();
  await expect(form.getByRole('heading', { name: 'Check your email' })).toBeFocused();
  await expect(form.getByText(`If ${email} has an account, we have sent it a 6-digit code.`)).toBeVisible();
  const [mail] = await mailsTo(email, 1);
  expect(mail).toMatch(/^Subject: No account uses this email address$/m);
  expect(mail).not.toMatch(/^\d{6}$/m);
  await form.getByRole('button', { name: 'Use my password instead' }).click();
  await expect(form.getByLabel('Password', { exact: true })).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveValue(email);
});
