/**
 * Size of what a site downloads (issues 6 and 15), measured on the built files as the build leaves
 * them (its own minifier), then gzip level 9 and brotli quality 11; 1 KB = 1,000 bytes. Nothing is
 * left out of a measurement: every module a file imports is in it.
 *
 * Budgets (issue 15), each a test in test/package/size.test.ts:
 * - a page with `<snr-session><snr-signin>`: `dist/cdn/snr-auth.signin.js`, all it downloads,
 *   ≤ 26 KB gzip / ≤ 23 KB brotli;
 * - the five forms and the landing, no provider buttons, `dist/cdn/snr-auth.forms.js`:
 *   ≤ 32 KB gzip / ≤ 28 KB brotli;
 * - the headless subpath `snr-auth/session` with its answer checks (dist/session/index.js bundled
 *   by the build's own bundler and minifier, vite/rolldown): ≤ 9 KB gzip;
 * - every other file of dist/cdn (the everything file, the add-ons, the languages): reported.
 * Each element subpath alone (`snr-auth/snr-signin`, …) bundled as a site's bundler would, by the
 * kit's own bundler and minifier (vite, rolldown), and where the bytes go (the built files' source
 * maps): reported, to explain the figures.
 *
 * - time to first render of `<snr-signin>` (its form in the DOM) in Chromium from a cold page load:
 *   a fresh browser context each time (empty cache), the file from a local HTTP server that
 *   compresses as the kit's server does (brotli or gzip, as the browser accepts), measured from the
 *   start of navigation; the sign-in file, the forms file and the single file of before this issue
 *   (built from {@link BASELINE_COMMIT} into a temporary folder) in turn, load after load, on three
 *   network profiles emulated through CDP: plain loopback, 40 ms round trip, and a mobile profile
 *   (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up).
 *
 * `runSizeBench()` builds first (`npm run build:types`, `npm run build:cdn`) unless told not to,
 * and returns the figures; `node --conditions=snr-auth-source --import tsx bench/size.ts` prints them. The largest modules of
 * the full bundle are listed too, to show where the bytes are.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { decode } from '@jridgewell/sourcemap-codec';
import { chromium } from 'playwright-core';
import type { Plugin as VitePlugin } from 'vite';
import { LANGUAGES } from '../src/i18n/languages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** Issue 15's budgets, bytes: gzip -9 and brotli 11 of the file as the build leaves it. */
export const BUDGETS = {
  signin: { gzip: 26_000, brotli: 23_000 },
  forms: { gzip: 32_000, brotli: 28_000 },
  headless: { gzip: 9_000 },
} as const;

/** main before issue 15: its single script-tag file is the yardstick of the first-render times. */
export const BASELINE_COMMIT = process.env.SNR_SIZE_BASELINE ?? '4521bfa9cdfdaeddc48d8a78a7cca964d92d2876';
/** main when the page files began loading capabilities on intent: its everything file, the second yardstick. */
export const MAIN_COMMIT = process.env.SNR_SIZE_MAIN ?? 'c70a7d56ee5d5c4334cb577ab77af585b0659e3b';
export const ELEMENTS = ['snr-signin', 'snr-register', 'snr-account', 'snr-change-password', 'snr-landing', 'snr-facebook-button', 'snr-session'] as const;

export interface Size {
  name: string;
  /** Minified bytes. */
  min: number;
  /** Minified, then gzip -9. */
  gzip: number;
  /** Minified, then brotli 11 (the built files only). */
  brotli?: number;
  budget?: { gzip: number; brotli?: number };
}

/** A network profile of the first-render measurement (CDP `Network.emulateNetworkConditions`). */
export interface NetworkProfile {
  name: string;
  /** Added to every request, ms. */
  latency: number;
  /** Bytes per second; -1 for no limit. */
  download: number;
  upload: number;
}

export const PROFILES: NetworkProfile[] = [
  { name: 'loopback', latency: 0, download: -1, upload: -1 },
  { name: '40 ms RTT', latency: 40, download: -1, upload: -1 },
  { name: 'mobile (150 ms RTT, 1.6 Mbit/s)', latency: 150, download: 1_600_000 / 8, upload: 750_000 / 8 },
];

export interface RenderTimes {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface SizeReport {
  /** Every script file of dist/cdn as the build leaves it. */
  files: Size[];
  /** `snr-auth.signin.js`: all a `<snr-session><snr-signin>` page downloads. */
  signin: Size;
  /** `snr-auth.forms.js`: the five forms and the landing. */
  forms: Size;
  /** The sign-in file and the Facebook add-on together, as a sign-in page with the button downloads them. */
  signinFacebook: Size;
  /** The single file with everything, `snr-auth.iife.js`. */
  full: Size;
  fullModule: Size;
  /** Each opt-in language for script-tag pages (`dist/cdn/snr-auth.<tag>.js`), loaded beside the full file by sites that want it. */
  languages: Size[];
  headless: Size;
  /** The headless entry's code (minified), to check what it leaves to its lazily loaded chunks. */
  headlessCode: string;
  /** Chunks the headless entry loads on a first call only, each alone. */
  headlessLazy: Size[];
  elements: Size[];
  /** Largest parts of the page files and the everything file (their source maps): minified bytes each contributes, grouped by package or folder. */
  largest: Record<string, Array<{ part: string; min: number }>>;
  /** lit and @lit/context, only the parts the kit imports, bundled and minified alike: the yardstick. */
  litAlone: Size;
  /** What each form element adds to the full bundle: its gzip bytes minus those of the bundle without it. */
  marginal: Array<{ tag: string; gzip: number }>;
  /** Every element and the page session (dist/index.js) bundled the same way as the element figures. */
  allElements: Size;
  /** gzip bytes the contract's answer checks (compiled descriptors and their parser) add to the headless subpath. */
  answerChecks: number;
  /** ms from navigation start to `<snr-signin>`'s form in the DOM, cold page loads, per profile and file. */
  firstRender?: { files: string[]; profiles: Array<{ profile: NetworkProfile; times: Record<string, RenderTimes> }>; encoding: string };
}

const page = (file: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first render</title>
<script src="/${file}"></script></head><body>
<snr-session api-base="http://127.0.0.1:1" api-key="k"><snr-signin></snr-signin></snr-session></body></html>`;

/**
 * The single script-tag file of {@link BASELINE_COMMIT}: its sources (`git archive`) built with
 * this checkout's node_modules into <tmp>/snr-size-baseline/<commit>/, once (not under
 * node_modules: vite would take the sources for a package's and leave their decorators as written).
 */
export function baselineFile(commit: string): string {
  const dir = join(tmpdir(), 'snr-size-baseline', commit);
  const file = join(dir, 'dist/cdn/snr-auth.iife.js');
  if (existsSync(file)) return file;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  symlinkSync(at('node_modules'), join(dir, 'node_modules'));
  execFileSync(at('node_modules/.bin/vite'), ['build', '--mode', 'lib', '--logLevel', 'error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return file;
}

/**
 * Cold loads of a page with one script file and one `<snr-signin>`: ms to its form in the DOM.
 * Files are loaded in turn (one load of each, then again), so a busy moment of the machine falls
 * on all of them alike.
 */
export async function firstRender(files: Record<string, string>, runs = 15): Promise<SizeReport['firstRender']> {
  const bodies = new Map(Object.entries(files).map(([name, path]) => [name, readFileSync(path)]));
  const compressed = new Map<string, { br: Buffer; gzip: Buffer }>();
  for (const [name, body] of bodies)
    compressed.set(name, { br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), gzip: gzipSync(body, { level: 9 }) });
  const encodings = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bench');
    const name = decodeURIComponent(url.pathname.slice(1));
    if (url.pathname === '/' && bodies.has(url.searchParams.get('file') ?? '')) {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' }).end(page(url.searchParams.get('file')!));
    } else if (compressed.has(name)) {
      const accepts = req.headers['accept-encoding'] ?? '';
      const encoding = /\bbr\b/.test(String(accepts)) ? 'br' : 'gzip';
      encodings.add(encoding);
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store', 'Content-Encoding': encoding }).end(compressed.get(name)![encoding]);
    } else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const profiles: NonNullable<SizeReport['firstRender']>['profiles'] = [];
  try {
    for (const profile of PROFILES) {
      const times = new Map<string, number[]>([...bodies.keys()].map((name) => [name, []]));
      for (let i = 0; i < runs; i++) {
        for (const name of bodies.keys()) {
          const context = await browser.newContext();
          const tab = await context.newPage();
          const cdp = await context.newCDPSession(tab);
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: profile.latency,
            downloadThroughput: profile.download,
            uploadThroughput: profile.upload,
          });
          // Nothing answers at api-base: the form must not wait for the server.
          // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
          await tab.addInitScript(`new MutationObserver((_, o) => {
            if (document.querySelector('snr-signin form')) { window.__rendered = performance.now(); o.disconnect(); }
          }).observe(document, { childList: true, subtree: true });`);
          await tab.goto(`${origin}/?file=${encodeURIComponent(name)}`);
          await tab.waitForFunction('window.__rendered !== undefined').catch((err: Error) => {
            throw new Error(`${name}, ${profile.name}, load ${i + 1}: ${err.message.split('\n')[0]}`);
          });
          times.get(name)!.push((await tab.evaluate('window.__rendered')) as number);
          await context.close();
        }
      }
      profiles.push({ profile, times: Object.fromEntries([...times].map(([name, list]) => [name, summary(list)])) });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { files: [...bodies.keys()], profiles, encoding: [...encodings].join(', ') };
}

function summary(times: number[]): RenderTimes {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs: times.length };
}

const gzip = (code: Uint8Array | string) => gzipSync(code, { level: 9 }).length;
const brotli = (code: Uint8Array | string) => brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

function sizeOfFile(name: string, path: string | string[], budget?: Size['budget']): Size {
  const code = Buffer.concat((Array.isArray(path) ? path : [path]).map((p) => readFileSync(at(p))));
  // Files downloaded together are compressed one by one, as a browser receives them.
  const parts = (Array.isArray(path) ? path : [path]).map((p) => readFileSync(at(p)));
  return {
    name,
    min: code.length,
    gzip: parts.reduce((n, p) => n + gzip(p), 0),
    brotli: parts.reduce((n, p) => n + brotli(p), 0),
    ...(budget ? { budget } : {}),
  };
}

/**
 * The headless subpath as a site's build would ship it, with the kit's own bundler and minifier
 * (vite, rolldown): dist/session/index.js and all it imports, minified, as ES modules. The budget is
 * that of what loads with the import (the entry chunk and the chunks it imports statically, as one
 * text); `lazy`: each chunk loaded later, measured alone: the Client's rarely called methods with
 * their answer checks (on the first such call), the tracker and its queue (as the Client starts,
 * beside its first token; the page files keep them inline).
 */
async function headlessBuilt(): Promise<Size & { code: string; lazy: Size[] }> {
  const { build: viteBuild } = await import('vite');
  const output = (await viteBuild({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry: at('dist/session/index.js'), formats: ['es'], fileName: () => 'session.js' },
      rolldownOptions: { output: { minify: true } },
    },
  })) as
    | Array<{ output: Array<{ type: string; code?: string; isEntry?: boolean; fileName: string; imports?: string[] }> }>
    | { output: Array<{ type: string; code?: string; isEntry?: boolean; fileName: string; imports?: string[] }> };
  const chunks = (Array.isArray(output) ? output[0]! : output).output.filter((o) => o.type === 'chunk');
  // What loads with the import: the entry chunk and every chunk it imports statically, in one text.
  const withImport = new Set<string>();
  const visit = (name: string) => {
    if (withImport.has(name)) return;
    withImport.add(name);
    for (const dep of chunks.find((o) => o.fileName === name)?.imports ?? []) visit(dep);
  };
  visit(chunks.find((o) => o.isEntry)!.fileName);
  const code = chunks
    .filter((o) => withImport.has(o.fileName))
    .map((o) => o.code!)
    .join('\n');
  const lazy = chunks
    .filter((o) => !withImport.has(o.fileName))
    .map((o) => ({
      name: `headless, loaded later: ${o.fileName.replace(/-[\w-]{8}\.js$/, '.js')}`,
      min: o.code!.length,
      gzip: gzip(o.code!),
      brotli: brotli(o.code!),
    }));
  return {
    name: 'headless `snr-auth/session` with answer checks (vite build, its minifier)',
    min: code.length,
    gzip: gzip(code),
    brotli: brotli(code),
    budget: BUDGETS.headless,
    code,
    lazy,
  };
}

/**
 * A built npm module bundled with everything it imports, as a site's bundler would, with the kit's
 * own bundler and minifier (vite, rolldown), one ES module; `parts`: minified bytes per source
 * (read from the source map).
 */
async function bundled(
  name: string,
  entry: string | { contents: string; resolveDir: string },
  budget?: Size['budget'],
  plugins: VitePlugin[] = [],
): Promise<Size & { parts: Map<string, number> }> {
  const { build: viteBuild } = await import('vite');
  const VIRTUAL = 'virtual-bench-entry.js';
  const stdin: VitePlugin[] =
    typeof entry === 'string'
      ? []
      : [
          {
            name: 'bench-entry',
            enforce: 'pre',
            resolveId: (source) => (source.endsWith(VIRTUAL) ? join(entry.resolveDir, VIRTUAL) : null),
            load: (id) => (id === join(entry.resolveDir, VIRTUAL) ? entry.contents : null),
          },
        ];
  const output = (await viteBuild({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    plugins: [...stdin, ...plugins],
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      lib: { entry: typeof entry === 'string' ? at(entry) : join(entry.resolveDir, VIRTUAL), formats: ['es'], fileName: () => 'bundle.js' },
      rolldownOptions: { output: { minify: true, codeSplitting: false } },
    },
  })) as unknown as
    | Array<{ output: Array<{ type: string; code?: string; map?: { sources: string[]; mappings: string } }> }>
    | { output: Array<{ type: string; code?: string; map?: { sources: string[]; mappings: string } }> };
  const chunk = (Array.isArray(output) ? output[0]! : output).output.find((o) => o.type === 'chunk')!;
  const code = chunk.code!;
  return { name, min: code.length, gzip: gzip(code), brotli: brotli(code), ...(budget ? { budget } : {}), parts: bytesPerSource(code, chunk.map!) };
}

/** Minified bytes per source file of a chunk, from its source map (what no source maps to: `(none)`). */
function bytesPerSource(code: string, map: { sources: string[]; mappings: string }): Map<string, number> {
  const parts = new Map<string, number>();
  const lines = code.split('\n');
  decode(map.mappings).forEach((segments, i) => {
    const line = lines[i] ?? '';
    segments.forEach((segment, j) => {
      const end = j + 1 < segments.length ? segments[j + 1]![0] : line.length;
      const source = segment.length > 1 ? map.sources[segment[1]!]! : '(none)';
      parts.set(source, (parts.get(source) ?? 0) + end - segment[0]);
    });
  });
  return parts;
}

/** Everything the kit imports from lit and @lit/context (grep `from 'lit` in src/), and nothing of ours. */
const LIT_ALONE = `export { LitElement, html, svg, css, unsafeCSS, nothing } from 'lit';
export { property, state } from 'lit/decorators.js';
export { ifDefined } from 'lit/directives/if-defined.js';
export { ContextProvider, ContextConsumer, ContextRoot, createContext } from '@lit/context';`;

/** The form elements of the full bundle, each left out in turn to measure what it adds. */
export const FORM_ELEMENTS = ELEMENTS.filter((tag) => tag !== 'snr-session');

/**
 * What each element adds to the whole (dist/index.js, every element): gzip of the whole minus
 * gzip of the whole without that element's export line (its module, and whatever only it imports).
 */
async function marginalCosts(whole: number): Promise<SizeReport['marginal']> {
  const index = readFileSync(at('dist/index.js'), 'utf8');
  const costs: SizeReport['marginal'] = [];
  for (const tag of FORM_ELEMENTS) {
    const contents = index
      .split('\n')
      .filter((line) => !line.includes(`/${tag}/`))
      .join('\n');
    const without = await bundled(tag, { contents, resolveDir: at('dist') });
    costs.push({ tag, gzip: whole - without.gzip });
  }
  return costs;
}

/**
 * The headless subpath as it would be without checking answers: the routes keep their method, path
 * and status, `parse()` passes every body through. Only for measuring what the checks cost.
 */
async function answerChecksCost(headless: number): Promise<number> {
  const { BROWSER_ROUTES } = (await import(pathToFileURL(at('dist/contract/compiled.js')).href)) as {
    BROWSER_ROUTES: Record<string, { method: string; path: string; status: number }>;
  };
  const routes = Object.fromEntries(Object.entries(BROWSER_ROUTES).map(([name, r]) => [name, { method: r.method, path: r.path, status: r.status }]));
  const unchecked: VitePlugin = {
    name: 'unchecked-answers',
    enforce: 'pre',
    load(id) {
      if (/dist[\\/]contract[\\/]compiled\.js$/.test(id))
        return `export const BROWSER_ROUTES = ${JSON.stringify(routes)}; export const ERROR_BODY = 'u'; export const FIELDS = {};`;
      if (/dist[\\/]contract[\\/]compact\.js$/.test(id)) return 'export function parse(_descriptor, data) { return { success: true, data }; }';
      return null;
    },
  };
  const without = await bundled('headless without answer checks', 'dist/session/index.js', undefined, [unchecked]);
  return headless - without.gzip;
}

function largestParts(sources: Map<string, number>, count = 12): Array<{ part: string; min: number }> {
  const parts = new Map<string, number>();
  for (const [file, bytes] of sources) {
    const part = file
      .replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1 (package)')
      .replace(/^(\.\.\/)*/, '')
      .replace(/^(dist|src)\/elements\/shared\/.*$/, 'elements/shared')
      .replace(/^(dist|src)\/(elements\/[^/]+)\/.*$/, '$2')
      .replace(/^(dist|src)\/(i18n\/[^/]+)\.(js|ts)$/, '$2')
      .replace(/^(dist|src)\/([^/]+)\/.*$/, '$2')
      .replace(/^(dist|src)\//, '');
    parts.set(part, (parts.get(part) ?? 0) + bytes);
  }
  return [...parts]
    .map(([part, min]) => ({ part, min }))
    .sort((a, b) => b.min - a.min)
    .slice(0, count);
}

export async function runSizeBench(options: { build?: boolean; render?: boolean; log?: (line: string) => void } = {}): Promise<SizeReport> {
  const log = options.log ?? (() => {});
  if (options.build !== false) {
    log('building: npm run build:types && npm run build:cdn');
    for (const script of ['build:types', 'build:cdn']) execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const signin = sizeOfFile('sign-in page: `<snr-session><snr-signin>` (snr-auth.signin.js)', 'dist/cdn/snr-auth.signin.js', BUDGETS.signin);
  const forms = sizeOfFile('five forms and the landing (snr-auth.forms.js)', 'dist/cdn/snr-auth.forms.js', BUDGETS.forms);
  const signinFacebook = sizeOfFile('sign-in page with the Facebook button (snr-auth.signin.js + snr-auth.facebook.js)', [
    'dist/cdn/snr-auth.signin.js',
    'dist/cdn/snr-auth.facebook.js',
  ]);
  const full = sizeOfFile('everything in one file (snr-auth.iife.js)', 'dist/cdn/snr-auth.iife.js');
  const fullModule = sizeOfFile('the same as an ES module (dist/cdn/snr-auth.js)', 'dist/cdn/snr-auth.js');
  const languages = LANGUAGES.map((tag) => sizeOfFile(`language ${tag}, opt-in (dist/cdn/snr-auth.${tag}.js)`, `dist/cdn/snr-auth.${tag}.js`));
  const files = readdirSync(at('dist/cdn'))
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => sizeOfFile(f, `dist/cdn/${f}`));
  const { code: headlessCode, lazy: headlessLazy, ...headless } = await headlessBuilt();
  const elements: Size[] = [];
  for (const tag of ELEMENTS) {
    const { parts: _e, ...size } = await bundled(`\`snr-auth/${tag}\` alone`, `dist/elements/${tag}/${tag}.js`);
    elements.push(size);
  }
  const { parts: _l, ...litAlone } = await bundled('lit + @lit/context alone (the parts the kit imports)', { contents: LIT_ALONE, resolveDir: ROOT });
  const { parts: _i, ...allElements } = await bundled('dist/index.js', 'dist/index.js');
  const marginal = await marginalCosts(allElements.gzip);
  const { parts: _h, ...headlessBundled } = await bundled('headless `snr-auth/session`', 'dist/session/index.js');
  const answerChecks = await answerChecksCost(headlessBundled.gzip);
  let render: SizeReport['firstRender'];
  if (options.render !== false)
    try {
      log(`first render of <snr-signin>: building the single files of ${BASELINE_COMMIT.slice(0, 7)} and ${MAIN_COMMIT.slice(0, 7)} (once)`);
      const before = baselineFile(BASELINE_COMMIT);
      const main = baselineFile(MAIN_COMMIT);
      log(`first render of <snr-signin>: cold loads in Chromium, ${PROFILES.length} network profiles`);
      render = await firstRender({
        [`snr-auth.iife.js of ${BASELINE_COMMIT.slice(0, 7)} (before)`]: before,
        [`snr-auth.iife.js of ${MAIN_COMMIT.slice(0, 7)} (main today)`]: main,
        'snr-auth.signin.js': at('dist/cdn/snr-auth.signin.js'),
        'snr-auth.forms.js': at('dist/cdn/snr-auth.forms.js'),
        'snr-auth.iife.js (everything, now)': at('dist/cdn/snr-auth.iife.js'),
      });
    } catch (err) {
      log(`first render not measured: ${(err as Error).message.split('\n')[0]}`);
    }
  return {
    files,
    signin,
    forms,
    signinFacebook,
    full,
    fullModule,
    languages,
    headless,
    headlessCode,
    headlessLazy,
    elements,
    largest: Object.fromEntries(
      ['snr-auth.signin.js', 'snr-auth.forms.js', 'snr-auth.iife.js'].map((f) => [
        f,
        largestParts(bytesPerSource(readFileSync(at(`dist/cdn/${f}`), 'utf8'), JSON.parse(readFileSync(at(`dist/cdn/${f}.map`), 'utf8')))),
      ]),
    ),
    litAlone,
    marginal,
    allElements,
    answerChecks,
    ...(render ? { firstRender: render } : {}),
  };
}

/** Why the budgets hold or not, from this run's figures. */
function budgetAnalysis(report: SizeReport): string[] {
  const session = sessionAlone(report).gzip;
  const signinAlone = report.elements.find((e) => e.name.includes('snr-signin'))!.gzip;
  return [
    `Where the sign-in page's bytes go (the npm modules bundled by the kit's own bundler and minifier): the page session with no form at all (lit and @lit/context ${kb(report.litAlone.gzip)}, the store, the client with every method, the tracker, the answer checks, the English strings) is ${kb(session)}; \`<snr-signin>\` with the form kit it needs brings it to ${kb(signinAlone)}. What each form element adds to the whole: ${report.marginal.map((m) => `${m.tag} ${kb(m.gzip)}`).join(', ')}.`,
    `Where the headless budget goes: checking every answer against the contract (compiled descriptors and their parser) is ${kb(report.answerChecks)} of the subpath.`,
  ];
}

const sessionAlone = (report: SizeReport) => report.elements.find((e) => e.name.includes('snr-session'))!;

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** `met` or the miss, for one figure against its limit. */
const verdictOf = (value: number | undefined, limit: number | undefined) =>
  value === undefined || limit === undefined ? '' : value <= limit ? 'met' : `**MISS** (+${kb(value - limit)})`;

/** The markers around README.md's "Which script file for which page" table, which `npm run bench -- size` writes. */
export const README_TABLE_START = '<!-- size table: written by `npm run bench -- size` (bench/size.ts, readmeSizeTable) -->';
export const README_TABLE_END = '<!-- /size table -->';

/** README.md's table of the script files a page pastes, with this run's figures (KB, one decimal). */
export function readmeSizeTable(report: SizeReport): string[] {
  const file = (name: string) => {
    const found = report.files.find((f) => f.name === name);
    if (!found) throw new Error(`dist/cdn has no ${name}`);
    return found;
  };
  const k = (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 1000).toFixed(1)} KB`);
  const row = (shows: string, paste: string, name: string, plus = false) => {
    const f = file(name);
    const sign = plus ? '+' : '';
    return `| ${shows} | ${paste} | ${sign}${k(f.gzip)} | ${f.brotli === undefined ? '—' : `${sign}${k(f.brotli)}`} |`;
  };
  const range = (sizes: Size[], key: 'gzip' | 'brotli') => {
    const values = sizes.map((s) => s[key]!).sort((a, b) => a - b);
    return `+${(values[0]! / 1000).toFixed(1)}–${(values.at(-1)! / 1000).toFixed(1)} KB`;
  };
  return [
    '| The page shows | Paste | gzip | brotli |',
    '|---|---|---:|---:|',
    row('a sign-in form (`<snr-session>` + `<snr-signin>`)', '`/snr/kit/snr-auth.signin.js`', 'snr-auth.signin.js'),
    row('the usual forms: sign-in, registration, account, password change, the emailed-link landing', '`/snr/kit/snr-auth.forms.js`', 'snr-auth.forms.js'),
    row('…and the Facebook button (add-on, after a main file)', '`+ /snr/kit/snr-auth.facebook.js`', 'snr-auth.facebook.js', true),
    row(
      '…and the Google / Apple / Facebook button `<snr-provider-button>` (add-on, after a main file)',
      '`+ /snr/kit/snr-auth.providers.js`',
      'snr-auth.providers.js',
      true,
    ),
    row(
      '…and passkeys (`methods="passkey"`, `<snr-account>`\'s passkeys): loaded by the page on intent, the `passkeys` capability',
      '`snr-auth.passkeys.js`',
      'snr-auth.passkeys.js',
      true,
    ),
    (() => {
      const [email, deletion, button] = ['snr-auth.account-email.js', 'snr-auth.account-delete.js', 'snr-auth.provider-button.js'].map(file);
      return `| …and \`<snr-account>\`'s email change or deletion: loaded by the page on intent (the provider button only for an account without a password, \`snr-auth.provider-button.js\` +${k(button!.gzip)}) | \`snr-auth.account-email.js\`, \`snr-auth.account-delete.js\` | +${k(email!.gzip)}, +${k(deletion!.gzip)} | +${k(email!.brotli)}, +${k(deletion!.brotli)} |`;
    })(),
    `| …in another language (add-on, before or after) | \`+ /snr/kit/snr-auth.pl.js\` (\`de\`, \`fr\`, … \`ar\`) | ${range(report.languages, 'gzip')} | ${report.languages.every((l) => l.brotli !== undefined) ? range(report.languages, 'brotli') : '—'} |`,
    row('everything, in one file', '`/snr/kit/snr-auth.iife.js`', 'snr-auth.iife.js'),
  ];
}

/** README.md with its size table replaced by `table`. */
export function withReadmeSizeTable(readme: string, table: string[]): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start === -1 || end < start) throw new Error(`README.md has no size table between ${README_TABLE_START} and ${README_TABLE_END}`);
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${table.join('\n')}\n${readme.slice(end)}`;
}

/** BENCHMARKS.md lines for a report. */
/** `snr-auth.<capability>.<tag>.js`: the strings of a capability in one language (vite.config.ts, `languageLib`). */
function languagePart(file: string): { capability: string; tag: string } | undefined {
  const m = /^snr-auth\.([\w-]+)\.([\w-]+)\.js$/.exec(file);
  return m && (LANGUAGES as readonly string[]).includes(m[2]!) ? { capability: m[1]!, tag: m[2]! } : undefined;
}

/** Each language file, and beside it what each capability's strings in it add when the capability loads. */
function languageTable(report: SizeReport): string[] {
  const parts = report.files.map((f) => ({ size: f, part: languagePart(f.name) })).filter((p) => p.part);
  const capabilities = [...new Set(parts.map((p) => p.part!.capability))].sort();
  if (!capabilities.length) return [];
  const cell = (s: Size | undefined) => (s ? `${kb(s.gzip)} / ${s.brotli === undefined ? '' : kb(s.brotli)}` : '');
  return [
    'Languages (gzip / brotli): each file alone, and the strings of each capability in it, `snr-auth.<capability>.<tag>.js`, which load with the capability on a page in that language:',
    '',
    `| Language | snr-auth.<tag>.js | ${capabilities.join(' | ')} |`,
    `|---|---:|${capabilities.map(() => '---:').join('|')}|`,
    ...LANGUAGES.map(
      (tag) =>
        `| ${tag} | ${cell(report.files.find((f) => f.name === `snr-auth.${tag}.js`))} | ${capabilities
          .map((c) => cell(parts.find((p) => p.part!.capability === c && p.part!.tag === tag)?.size))
          .join(' | ')} |`,
    ),
  ];
}

export function sizeSection(report: SizeReport): string[] {
  const budgetRow = (s: Size) =>
    `| ${s.name} | ${kb(s.min)} | ${kb(s.gzip)} | ${s.brotli === undefined ? '' : kb(s.brotli)} | ${s.budget ? `≤ ${kb(s.budget.gzip)}${s.budget.brotli ? ` / ≤ ${kb(s.budget.brotli)}` : ''}` : ''} | ${s.budget ? [verdictOf(s.gzip, s.budget.gzip), s.budget.brotli ? verdictOf(s.brotli, s.budget.brotli) : ''].filter(Boolean).join(' / ') : ''} |`;
  const fileRow = (s: Size) => `| ${s.name} | ${kb(s.min)} | ${kb(s.gzip)} | ${s.brotli === undefined ? '' : kb(s.brotli)} |`;
  const moduleRow = (s: Size) => `| ${s.name} | ${kb(s.min)} | ${kb(s.gzip)} | ${s.brotli === undefined ? '' : kb(s.brotli)} |`;
  const render = report.firstRender;
  const before = render?.files[0];
  return [
    'Built files as the build leaves them (its own minifier), gzip level 9 and brotli quality 11, 1 KB = 1,000 bytes. Files a page downloads together are compressed one by one, as the browser receives them.',
    '',
    '| Budget (issue 15) | Minified | gzip | brotli | Budget gzip / br | Result |',
    '|---|---:|---:|---:|---|---|',
    budgetRow(report.signin),
    budgetRow(report.forms),
    budgetRow(report.headless),
    ...report.headlessLazy.map((s) => fileRow(s).replace(/ \|$/, ' | | |')),
    fileRow(report.signinFacebook).replace(/ \|$/, ' | | |'),
    '',
    'Every script file of dist/cdn (what the server hands out under `/snr/kit/`), the strings of a capability in a language aside (below):',
    '',
    '| File | Minified | gzip | brotli |',
    '|---|---:|---:|---:|',
    ...report.files.filter((f) => !languagePart(f.name)).map(fileRow),
    '',
    ...languageTable(report),
    '',
    "The npm modules bundled as a site's bundler would, with the kit's own (vite, rolldown and its minifier), each element subpath alone with the store and lit:",
    '',
    '| Module | Minified | gzip | brotli |',
    '|---|---:|---:|---:|',
    ...report.elements.map(moduleRow),
    '',
    ...Object.entries(report.largest).map(
      ([file, parts]) =>
        `Largest parts of ${file} (its source map, minified bytes before compression): ${parts.map((p) => `${p.part} ${kb(p.min)}`).join(', ')}.`,
    ),
    '',
    ...budgetAnalysis(report),
    '',
    ...(render && before
      ? [
          `Time to first render of \`<snr-signin>\` (its form in the DOM, from navigation start), ms, median of ${render.profiles[0]?.times[before]?.runs} cold loads each (fresh browser context, files served ${render.encoding}-compressed from a local HTTP server, Chromium headless, network emulated through CDP; the files loaded in turn):`,
          '',
          `| Profile | ${render.files.join(' | ')} |`,
          `|---|${render.files.map(() => '---:').join('|')}|`,
          ...render.profiles.map(
            ({ profile, times }) =>
              `| ${profile.name} | ${render.files.map((f) => `${times[f]!.median.toFixed(0)} (${times[f]!.min.toFixed(0)}–${times[f]!.max.toFixed(0)})`).join(' | ')} |`,
          ),
          '',
          ...render.profiles.map(({ profile, times }) => {
            const base = times[before]!.median;
            return `- ${profile.name}: ${render.files
              .slice(1)
              .map(
                (f) =>
                  `${f} ${times[f]!.median <= base ? `${(base - times[f]!.median).toFixed(0)} ms faster` : `**${(times[f]!.median - base).toFixed(0)} ms slower**`} (fastest loads ${times[f]!.min.toFixed(0)} vs ${times[before]!.min.toFixed(0)} ms)`,
              )
              .join(', ')} than the single file before, by the median.`;
          }),
        ]
      : ['Time to first render: not measured (no Chromium).']),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runSizeBench({ log: console.log });
  console.log(sizeSection(report).join('\n'));
}
