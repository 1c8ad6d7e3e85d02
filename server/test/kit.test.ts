/**
 * The server hands out the browser files (issue 15, item 4): `/snr/kit/<name>` from the built
 * folder, entry names short-cached, content-hashed names immutable, `text/javascript`, compressed
 * when accepted, CORS for the origins the API keys allow, 404 for anything else and no way out of
 * the folder. The folder here is a temporary one with files of the test's own.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Hono } from 'hono';
import { createApp } from '../src/app.js';
import { DEFAULT_KIT_ROOT, KIT_PATH } from '../src/kit.js';
import { makeServer, type TestServer } from './support/server.js';

const SHOP = 'https://shop.example';
const SIGNIN = `/* signin */ customElements.define('x-signin', class extends HTMLElement {}); ${'x'.repeat(2000)}`;
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

let server: TestServer;
let app: Hono;
let root: string;
let parent: string;

before(async () => {
  parent = mkdtempSync(join(tmpdir(), 'snr-kit-'));
  root = join(parent, 'cdn');
  mkdirSync(root);
  writeFileSync(join(root, 'snr-auth.signin.js'), SIGNIN);
  writeFileSync(join(root, 'snr-auth.pl.js'), '/* pl */');
  writeFileSync(join(root, 'snr-auth.signin.js.map'), '{"version":3}');
  writeFileSync(join(root, 'snr-auth.signin.d.ts'), 'export {};');
  writeFileSync(join(parent, 'secret.js'), 'the server key');
  server = await makeServer({ SNR_API_KEYS: JSON.stringify({ 'shop-key': [SHOP] }) });
  app = createApp(server.ctx, { kitRoot: root });
});

after(async () => {
  await server.close();
  rmSync(parent, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe('GET /snr/kit/<name>', () => {
  it('serves an entry name as JavaScript, cached for minutes, with its hashed twin cached for a year', async () => {
    const res = await get(`${KIT_PATH}/snr-auth.signin.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=300\b/);
    assert.equal(await res.text(), SIGNIN);

    const hashed = await get(`${KIT_PATH}/snr-auth.signin.${hash(SIGNIN)}.js`);
    assert.equal(hashed.status, 200);
    assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(hashed.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await hashed.text(), SIGNIN);
    assert.equal(hashed.headers.get('etag'), res.headers.get('etag'));
  });

  it('lists entry → hashed name at /snr/kit/manifest.json', async () => {
    const res = await get(`${KIT_PATH}/manifest.json`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      'snr-auth.pl.js': `snr-auth.pl.${hash('/* pl */')}.js`,
      'snr-auth.signin.js': `snr-auth.signin.${hash(SIGNIN)}.js`,
    });
  });

  it('compresses with brotli or gzip when the browser accepts it, and answers 304 to its ETag', async () => {
    const br = await get(`${KIT_PATH}/snr-auth.signin.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('vary') ?? '', /Accept-Encoding/);
    assert.equal(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString(), SIGNIN);
    const gz = await get(`${KIT_PATH}/snr-auth.signin.js`, { 'Accept-Encoding': 'gzip' });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString(), SIGNIN);
    const again = await get(`${KIT_PATH}/snr-auth.signin.js`, { 'If-None-Match': br.headers.get('etag')! });
    assert.equal(again.status, 304);
  });

  it('allows the origins of the API keys (for type="module" and crossorigin), and no other', async () => {
    const shop = await get(`${KIT_PATH}/snr-auth.signin.js`, { Origin: SHOP });
    assert.equal(shop.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(shop.headers.get('cross-origin-resource-policy'), 'cross-origin');
    const other = await get(`${KIT_PATH}/snr-auth.signin.js`, { Origin: 'https://evil.example' });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  it('answers 404 for every other name: maps, type declarations, a wrong hash, other folders', async () => {
    for (const name of ['snr-auth.signin.js.map', 'snr-auth.signin.d.ts', 'snr-auth.signin.0000000000.js', 'nothing.js', '', 'sub/snr-auth.signin.js']) {
      const res = await get(`${KIT_PATH}/${name}`);
      assert.equal(res.status, 404, name);
      assert.equal((await res.json()).code, 'NOT_FOUND', name);
    }
  });

  it('never leaves its folder, however the path is written', async () => {
    for (const path of [
      `${KIT_PATH}/../secret.js`,
      `${KIT_PATH}/..%2fsecret.js`,
      `${KIT_PATH}/%2e%2e%2fsecret.js`,
      `${KIT_PATH}/..%5csecret.js`,
      `${KIT_PATH}/%2e%2e/secret.js`,
      `${KIT_PATH}/cdn/..%2f..%2fsecret.js`,
      `${KIT_PATH}/snr-auth.signin.js%00.map`,
    ]) {
      const res = await app.request(`http://server${path}`);
      const body = await res.text();
      assert.ok(!body.includes('the server key'), `${path} → ${res.status} ${body.slice(0, 80)}`);
      assert.notEqual(res.status, 200, path);
    }
  });

  it('picks up a rebuild while it runs', async () => {
    writeFileSync(join(root, 'snr-auth.facebook.js'), '/* facebook */');
    utimesSync(root, new Date(), new Date(Date.now() + 5_000));
    const res = await get(`${KIT_PATH}/snr-auth.facebook.js`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '/* facebook */');
  });

  it('says how to build the files when the folder does not exist', async () => {
    const bare = createApp(server.ctx, { kitRoot: join(parent, 'not-built') });
    const res = await bare.request(`${KIT_PATH}/snr-auth.signin.js`);
    assert.equal(res.status, 404);
    assert.match((await res.json()).message, /npm run build:cdn/);
  });

  it('by default serves dist/cdn of the browser package snr-auth, found as Node finds it (here: the repository root)', () => {
    // Installed beside a published snr-auth, test/package/package.test.ts runs the bin against it.
    assert.equal(DEFAULT_KIT_ROOT, join(realpathSync(fileURLToPath(new URL('../..', import.meta.url))), 'dist', 'cdn'));
  });
});
