// The server's own pages and what it leaves on the developer's machine: `/`, the landing page's
// way back to the site, the console mail in outbox mode, and the data folder's .gitignore.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeContext, createContext, silentLogger } from '../src/context.js';
import { landingRoutes } from '../src/landing.js';
import { consoleMail } from '../src/mail/mailer.js';
import { openStore } from '../src/store/db.js';
import { makeServer } from './support/server.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the server page at /', () => {
  it('is HTML with a strict CSP saying what runs here, with links to health, JWKS and the README', async () => {
    const s = await makeServer();
    after(() => s.close());
    const res = await s.app.request('/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|script-src/);
    const html = await res.text();
    assert.match(html, /<h1>snr-auth server<\/h1>/);
    assert.ok(html.includes(`Version ${pkg.version}`), 'names the version');
    for (const href of ['/snr/health', '/.well-known/jwks.json', 'https://www.npmjs.com/package/snr-auth#readme'])
      assert.ok(html.includes(`href="${href}"`), href);
    assert.doesNotMatch(html, /style=|<script/, 'nothing the CSP would block');
    assert.doesNotMatch(html, />Demo</, 'no demo link without --demo');
    const css = await s.app.request('/snr/page.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  });

  it('links to the demo when it is served, and answers at /snr/about too', async () => {
    const s = await makeServer();
    after(() => s.close());
    const app = createApp(s.ctx, { demo: true });
    const html = await (await app.request('/snr/about')).text();
    assert.match(html, /<a href="\/">Demo<\/a>/);
  });
});

describe('the landing page', () => {
  const cdn = mkdtempSync(join(tmpdir(), 'snr-cdn-'));
  after(() => rmSync(cdn, { recursive: true, force: true }));

  it('uses the kit look and links back to SNR_SITE_URL', async () => {
    const s = await makeServer({ SNR_SITE_URL: 'https://shop.example/' });
    after(() => s.close());
    const app = createApp(s.ctx, { extra: landingRoutes(s.ctx, cdn) });
    const html = await (await app.request('/landing?action=activate&token=x')).text();
    assert.match(html, /<link rel="stylesheet" href="\/snr\/page.css">/);
    assert.match(html, /<a href="https:\/\/shop.example\/">Back to shop.example<\/a>/);
  });

  it('links back to the referring origin only when an API key allows it', async () => {
    const s = await makeServer();
    after(() => s.close());
    const app = createApp(s.ctx, { extra: landingRoutes(s.ctx, cdn) });
    const allowed = await (await app.request('/landing', { headers: { referer: 'http://localhost:5173/shop/cart' } })).text();
    assert.match(allowed, /<a href="http:\/\/localhost:5173\/">Back to localhost:5173<\/a>/);
    const foreign = await (await app.request('/landing', { headers: { referer: 'https://evil.example/' } })).text();
    assert.doesNotMatch(foreign, /Back to/);
  });

  it('SNR_SITE_URL must be an http(s) address', () => {
    assert.throws(() => loadConfig({ SNR_SITE_URL: 'javascript:alert(1)' }), /SNR_SITE_URL/);
  });
});

describe('the console mail in outbox mode', () => {
  it('prints a readable block, the link on a line of its own', () => {
    const text = consoleMail({
      to: 'ada@example.com',
      subject: 'Confirm your email',
      text: 'Hello,\n\nOpen this link: https://shop.example/landing?action=confirm&token=abc to confirm.\nThanks',
    });
    const lines = text.split('\n');
    assert.ok(lines.includes('│ https://shop.example/landing?action=confirm&token=abc'), text);
    assert.ok(lines.some((l) => l.includes('Subject: Confirm your email')));
    assert.ok(lines.some((l) => l.includes('ada@example.com')));
    assert.doesNotMatch(text, /\\n/);
    assert.ok(lines.length > 6);
  });

  it('goes to the printer on a terminal instead of a JSON line with escapes', async () => {
    const printed: string[] = [];
    const config = loadConfig({ SNR_PBKDF2_ITERATIONS: '1000', SNR_RATE_LIMIT: 'off', DATABASE_URL: ':memory:' });
    const ctx = await createContext(config, { log: silentLogger, printMail: (t) => printed.push(t) });
    after(() => closeContext(ctx));
    await ctx.mailer.enqueue(ctx.db, 'ada@example.com', { subject: 'Hi', text: 'Open https://x.example/landing?token=t\nBye', html: '<p>Hi</p>' }, Date.now());
    await ctx.mailer.flush();
    assert.equal(printed.length, 1);
    assert.match(printed[0]!, /\n│ https:\/\/x.example\/landing\?token=t\n/);
  });
});

describe('the data folder', () => {
  it('gets a .gitignore holding * when the server creates it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'snr-data-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const store = await openStore(join(root, '.data', 'snr-auth.sqlite'));
    await store.close();
    const ignore = readFileSync(join(root, '.data', '.gitignore'), 'utf8');
    assert.match(ignore, /^\*$/m);
  });

  it('leaves a folder the site made alone', async () => {
    const root = mkdtempSync(join(tmpdir(), 'snr-data-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, 'db'));
    const store = await openStore(join(root, 'db', 'snr-auth.sqlite'));
    await store.close();
    assert.equal(existsSync(join(root, 'db', '.gitignore')), false);
  });
});
