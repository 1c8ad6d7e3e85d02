/**
 * Browser-side figures of issue 3, measured in headless Chromium (Debian's /usr/bin/chromium via
 * playwright-core) against a real reference server on this machine:
 *
 * - time from module start to an anonymous token in hand (median of 20 page loads), for a first
 *   visit (a fresh browser context: new UUID, CORS preflight, anonymous login) and for a repeat
 *   visit (the stored token is reused);
 * - the main-thread cost of `track()` per call (median over batches of 1,000), alone and with its
 *   share of the microtasks that write the batch to IndexedDB (measured up to a zero timer: an
 *   upper bound);
 * - a 100-event flush (IndexedDB read, POST, server insert, IndexedDB delete), median of 10;
 * - minified + gzipped size of store + client + tracker alone, with their share of zod and the
 *   contract, built with esbuild (and the same entry with rolldown, which Vite 8 uses).
 *
 * `runStoreBench()` returns the figures; `node --conditions=snr-auth-source --import tsx bench/store.ts` prints them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startServer } from '../server/src/main.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../src/session/index.ts', import.meta.url));
const API_KEY = 'snr-local-dev-key';

export interface StoreBenchFigures {
  startToToken: { firstVisitMs: number; repeatVisitMs: number; loads: number; targetMs: number };
  track: { perCallUs: number; withPersistUs: number; targetUs: number };
  flush100: { medianMs: number; rounds: number };
  size: {
    esbuild: { minified: number; gzip: number };
    rolldown: { minified: number; gzip: number };
    /** gzip of each part when bundled without the others (they compress better together). */
    parts: { ours: number; contract: number; zod: number };
    targetGzip: number;
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const gz = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

async function esbuildBundle(external: RegExp | null): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    absWorkingDir: ROOT,
    logLevel: 'silent',
    plugins: external ? [{ name: 'external', setup: (b) => b.onResolve({ filter: external }, (a) => ({ path: a.path, external: true })) }] : [],
  });
  return result.outputFiles[0]!.text;
}

async function rolldownBundle(): Promise<string> {
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({ input: ENTRY, cwd: ROOT, logLevel: 'silent' });
  const { output } = await bundle.generate({ format: 'esm', minify: true });
  await bundle.close();
  return output[0].code;
}

async function measureSize(): Promise<StoreBenchFigures['size']> {
  const full = await esbuildBundle(null);
  const withoutZod = await esbuildBundle(/^zod/);
  const oursOnly = await esbuildBundle(/^zod|contract\//);
  const rolled = await rolldownBundle();
  return {
    esbuild: { minified: full.length, gzip: gz(full) },
    rolldown: { minified: rolled.length, gzip: gz(rolled) },
    parts: { ours: gz(oursOnly), contract: gz(withoutZod) - gz(oursOnly), zod: gz(full) - gz(withoutZod) },
    targetGzip: 7 * 1024,
  };
}

/** Serves the bundle and the benchmark page on an origin of its own (so the API is cross-origin, as on a real site). */
async function pageServer(bundle: string, apiBase: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><meta charset="utf-8"><title>store bench</title>
<script type="module">
  import { createClient } from '/snr-client.js';
  const t0 = performance.now();
  const client = createClient({ apiBase: ${JSON.stringify(apiBase)}, apiKey: ${JSON.stringify(API_KEY)}, flushInterval: 3600000, batchSize: 100 });
  await client.ready;
  window.__startMs = performance.now() - t0;
  window.__client = client;
</script>`;
  const server = http.createServer((req, res) => {
    if (req.url === '/snr-client.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'max-age=3600' });
      res.end(bundle);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(page);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function runStoreBench(options: { loads?: number } = {}): Promise<StoreBenchFigures> {
  const loads = options.loads ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'snr-store-bench-'));
  const api = await startServer({
    env: { DATABASE_URL: join(dir, 'bench.sqlite'), SNR_PBKDF2_ITERATIONS: '1000', SNR_RATE_LIMIT: 'off', SNR_REGISTRATION_MODE: 'automatic' },
    port: 0,
    host: '127.0.0.1',
    log: 'silent',
  });
  const bundle = await esbuildBundle(null);
  const site = await pageServer(bundle, api.url);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // Warm-up: the first load of a browser pays for its own start-up.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url);
      await page.waitForFunction(() => (window as unknown as { __startMs?: number }).__startMs !== undefined);
      await context.close();
    }

    const first: number[] = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(site.url);
      first.push(await page.waitForFunction(() => (window as unknown as { __startMs?: number }).__startMs).then((h) => h.jsonValue() as Promise<number>));
      await context.close();
    }

    const context = await browser.newContext();
    const page = await context.newPage();
    const repeat: number[] = [];
    for (let i = 0; i <= loads; i++) {
      await page.goto(site.url);
      const value = await page.waitForFunction(() => (window as unknown as { __startMs?: number }).__startMs).then((h) => h.jsonValue() as Promise<number>);
      if (i > 0) repeat.push(value); // load 0 is a first visit
    }

    const track = await page.evaluate(async () => {
      type C = { track(a: string, p?: Record<string, unknown>): string; flushEvents(): Promise<void> };
      const client = (window as unknown as { __client: C }).__client;
      const perCall: number[] = [];
      const withPersist: number[] = [];
      const N = 1000;
      for (let round = 0; round < 30; round++) {
        const t0 = performance.now();
        for (let i = 0; i < N; i++) client.track('bench.track', { i, sku: 'SKU-123', price: 19.99 });
        const t1 = performance.now();
        // The batch goes to IndexedDB in microtasks; a zero timer runs after them (an upper bound).
        await new Promise((resolve) => setTimeout(resolve, 0));
        const t2 = performance.now();
        perCall.push(((t1 - t0) * 1000) / N);
        withPersist.push(((t2 - t0) * 1000) / N);
        await client.flushEvents();
      }
      // From the 100th track() to the server's acknowledgement: the IndexedDB write and read, the
      // POST, the server's insert, the IndexedDB delete.
      const flush: number[] = [];
      for (let round = 0; round < 10; round++) {
        for (let i = 0; i < 100; i++) client.track('bench.flush', { i, round });
        const t0 = performance.now();
        await client.flushEvents();
        flush.push(performance.now() - t0);
      }
      return { perCall, withPersist, flush };
    });

    const stored = await api.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'bench.flush')
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== 1000) throw new Error(`the flush benchmark stored ${stored.n} of 1000 events`);

    return {
      startToToken: { firstVisitMs: median(first), repeatVisitMs: median(repeat), loads, targetMs: 50 },
      track: { perCallUs: median(track.perCall), withPersistUs: median(track.withPersist), targetUs: 20 },
      flush100: { medianMs: median(track.flush), rounds: track.flush.length },
      size: await measureSize(),
    };
  } finally {
    await browser.close();
    await site.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await runStoreBench(), null, 2));
}
