/**
 * Size of what a site downloads (issue 6), measured on the built files: minified, then gzip level 9,
 * 1 KB = 1,000 bytes. Nothing is left out of a measurement: every module a file imports is in it.
 *
 * - the script-tag file `dist/cdn/snr-auth.iife.js` (all elements, landings, store, client,
 *   tracker, English strings, lit): budget 25 KB; and its `<script type="module">` twin;
 * - the headless subpath `snr-auth/session` (dist/session/index.js bundled with all it imports):
 *   budget 7 KB;
 * - each element subpath alone (`snr-auth/snr-signin`, …) with the store and lit: reported.
 *
 * - time to first render of `<snr-signin>` (its form in the DOM) in Chromium from a cold page load:
 *   a fresh browser context each time (empty cache), the script-tag file from a local HTTP server,
 *   measured from the start of navigation; median of 20.
 *
 * `runSizeBench()` builds first (`npm run build:types`, `npm run build:cdn`) unless told not to,
 * and returns the figures; `node --import tsx bench/size.ts` prints them. The largest modules of
 * the full bundle are listed too, to show where the bytes are.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import { LANGUAGES } from '../src/i18n/languages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const BUDGETS = { full: 25_000, headless: 7_000 } as const;
export const ELEMENTS = ['snr-signin', 'snr-register', 'snr-account', 'snr-change-password', 'snr-landing', 'snr-facebook-button', 'snr-session'] as const;

export interface Size {
  name: string;
  /** Minified bytes. */
  min: number;
  /** Minified, then gzip -9. */
  gzip: number;
  budget?: number;
}

export interface SizeReport {
  full: Size;
  fullModule: Size;
  /** Each opt-in language for script-tag pages (`dist/cdn/snr-auth.<tag>.js`), loaded beside the full file by sites that want it. */
  languages: Size[];
  headless: Size;
  elements: Size[];
  /** Largest parts of the full bundle: minified bytes each contributes, grouped by package or folder. */
  largest: Array<{ part: string; min: number }>;
  /** lit and @lit/context, only the parts the kit imports, bundled and minified alike: the yardstick. */
  litAlone: Size;
  /** What each form element adds to the full bundle: its gzip bytes minus those of the bundle without it. */
  marginal: Array<{ tag: string; gzip: number }>;
  /** Every element and the page session (dist/index.js) bundled the same way as the element figures. */
  allElements: Size;
  /** gzip bytes the contract's answer checks (compiled descriptors and their parser) add to the headless subpath. */
  answerChecks: number;
  /** ms from navigation start to `<snr-signin>`'s form in the DOM, cold page loads. */
  firstRender?: { median: number; min: number; max: number; runs: number };
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first render</title>
<script src="/snr-auth.iife.js"></script></head><body>
<snr-session api-base="http://127.0.0.1:1" api-key="k"><snr-signin></snr-signin></snr-session></body></html>`;

/** Cold loads of a page with the script-tag file and one \`<snr-signin>\`: ms to its form in the DOM. */
async function firstRender(runs = 20): Promise<SizeReport['firstRender']> {
  const bundle = readFileSync(at('dist/cdn/snr-auth.iife.js'));
  const server = http.createServer((req, res) => {
    if (req.url === '/snr-auth.iife.js') res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(bundle);
    else if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Nothing answers at api-base: the form must not wait for the server.
      // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
      await page.addInitScript(`new MutationObserver((_, o) => {
        if (document.querySelector('snr-signin form')) { window.__rendered = performance.now(); o.disconnect(); }
      }).observe(document, { childList: true, subtree: true });`);
      await page.goto(url);
      await page.waitForFunction('window.__rendered !== undefined');
      times.push((await page.evaluate('window.__rendered')) as number);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor((sorted.length - 1) / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs };
}

const gzip = (code: Uint8Array | string) => gzipSync(code, { level: 9 }).length;

function sizeOfFile(name: string, path: string, budget?: number): Size {
  const code = readFileSync(at(path));
  return { name, min: code.length, gzip: gzip(code), ...(budget ? { budget } : {}) };
}

/** A built npm module bundled with everything it imports, as a site's bundler would, minified. */
async function bundled(
  name: string,
  entry: string | { contents: string; resolveDir: string },
  budget?: number,
  plugins: Plugin[] = [],
): Promise<Size & { metafile: Metafile }> {
  const result = await build({
    plugins,
    ...(typeof entry === 'string' ? { entryPoints: [at(entry)] } : { stdin: { ...entry, loader: 'js' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  const code = result.outputFiles[0]!.contents;
  return { name, min: code.length, gzip: gzip(code), ...(budget ? { budget } : {}), metafile: result.metafile };
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
  const unchecked: Plugin = {
    name: 'unchecked-answers',
    setup(b) {
      b.onLoad({ filter: /dist[\\/]contract[\\/]compiled\.js$/ }, () => ({
        contents: `export const BROWSER_ROUTES = ${JSON.stringify(routes)}; export const ERROR_BODY = 'u'; export const FIELDS = {};`,
        loader: 'js',
      }));
      b.onLoad({ filter: /dist[\\/]contract[\\/]compact\.js$/ }, () => ({
        contents: 'export function parse(_descriptor, data) { return { success: true, data }; }',
        loader: 'js',
      }));
    },
  };
  const without = await bundled('headless without answer checks', 'dist/session/index.js', undefined, [unchecked]);
  return headless - without.gzip;
}

function largestParts(metafile: Metafile, count = 12): Array<{ part: string; min: number }> {
  const parts = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const part = file
        .replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, '$1 (package)')
        .replace(/^dist\/elements\/shared\/.*$/, 'elements/shared')
        .replace(/^dist\/(elements\/[^/]+)\/.*$/, '$1')
        .replace(/^dist\/(i18n\/[^/]+)\.js$/, '$1')
        .replace(/^dist\/([^/]+)\/.*$/, '$1')
        .replace(/^dist\//, '');
      parts.set(part, (parts.get(part) ?? 0) + bytesInOutput);
    }
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
  const full = sizeOfFile('script-tag file (dist/cdn/snr-auth.iife.js)', 'dist/cdn/snr-auth.iife.js', BUDGETS.full);
  const fullModule = sizeOfFile('the same as an ES module (dist/cdn/snr-auth.js)', 'dist/cdn/snr-auth.js');
  const languages = LANGUAGES.map((tag) => sizeOfFile(`language ${tag}, opt-in (dist/cdn/snr-auth.${tag}.js)`, `dist/cdn/snr-auth.${tag}.js`));
  const { metafile: _h, ...headless } = await bundled('headless `snr-auth/session`', 'dist/session/index.js', BUDGETS.headless);
  const elements: Size[] = [];
  for (const tag of ELEMENTS) {
    const { metafile: _e, ...size } = await bundled(`\`snr-auth/${tag}\` alone`, `dist/elements/${tag}/${tag}.js`);
    elements.push(size);
  }
  const whole = await bundled('dist/global.js', 'dist/global.js');
  const { metafile: _l, ...litAlone } = await bundled('lit + @lit/context alone (the parts the kit imports)', { contents: LIT_ALONE, resolveDir: ROOT });
  const { metafile: _i, ...allElements } = await bundled('dist/index.js', 'dist/index.js');
  const marginal = await marginalCosts(allElements.gzip);
  const answerChecks = await answerChecksCost(headless.gzip);
  let render: SizeReport['firstRender'];
  if (options.render !== false)
    try {
      log('first render of <snr-signin>: 20 cold loads in Chromium');
      render = await firstRender();
    } catch (err) {
      log(`first render not measured: ${(err as Error).message.split('\n')[0]}`);
    }
  return {
    full,
    fullModule,
    languages,
    headless,
    elements,
    largest: largestParts(whole.metafile),
    litAlone,
    marginal,
    allElements,
    answerChecks,
    ...(render ? { firstRender: render } : {}),
  };
}

/** Why the budgets hold or not, from this run's figures (the same esbuild bundling throughout). */
function budgetAnalysis(report: SizeReport): string[] {
  const session = sessionAlone(report).gzip;
  const elements = report.marginal.reduce((sum, m) => sum + m.gzip, 0);
  const kit = report.allElements.gzip - session - elements;
  const room = BUDGETS.full - session;
  return [
    `Where the script-tag budget goes: the page session with no form at all (lit, the store, the client, the tracker, the contract, the English strings) is ${kb(session)}, which leaves ${kb(room)} of the ${kb(BUDGETS.full)} budget for the six form elements (${kb(elements)} together, above) and the form kit they share (form controller, field and password rules, styles, heading and button helpers: ${kb(kit)}, the rest of ${kb(report.allElements.gzip)} for everything bundled this way).`,
    `Where the headless budget goes: checking every answer against the contract (compiled descriptors and their parser) is ${kb(report.answerChecks)} of the ${kb(report.headless.gzip)}; without it the subpath would be ${kb(report.headless.gzip - report.answerChecks)} against a budget of ${kb(BUDGETS.headless)}.`,
  ];
}

const sessionAlone = (report: SizeReport) => report.elements.find((e) => e.name.includes('snr-session'))!;

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** BENCHMARKS.md lines for a report. */
export function sizeSection(report: SizeReport): string[] {
  const row = (s: Size) =>
    `| ${s.name} | ${kb(s.min)} | ${kb(s.gzip)} | ${s.budget ? `≤ ${kb(s.budget)}` : ''} | ${s.budget ? (s.gzip <= s.budget ? 'met' : `**MISS** (+${kb(s.gzip - s.budget)})`) : ''} |`;
  return [
    "Built files, minified, gzip level 9, 1 KB = 1,000 bytes. Element and headless figures bundle the published module (dist/) with everything it imports (lit, the store, the contract), as a site's bundler would.",
    '',
    '| File | Minified | Min + gzip | Budget | Result |',
    '|---|---:|---:|---|---|',
    row(report.full),
    row(report.fullModule),
    ...report.languages.map(row),
    row(report.headless),
    ...report.elements.map(row),
    '',
    `Largest parts of the full bundle (minified bytes before gzip): ${report.largest.map((p) => `${p.part} ${kb(p.min)}`).join(', ')}.`,
    '',
    `Against lit alone (${report.litAlone.name}: ${kb(report.litAlone.min)} min, ${kb(report.litAlone.gzip)} min+gzip, measured in this run): the script-tag file is ${(report.full.gzip / report.litAlone.gzip).toFixed(2)}× lit, the headless subpath ${(report.headless.gzip / report.litAlone.gzip).toFixed(2)}×, the page session alone (\`snr-auth/snr-session\`: lit, the store, the client, the tracker, the English strings, no form) ${(sessionAlone(report).gzip / report.litAlone.gzip).toFixed(2)}× (${kb(sessionAlone(report).gzip)}).`,
    '',
    `What each form element adds to the whole (gzip of all elements minus gzip without it; the shared form kit and styles stay): ${report.marginal.map((m) => `${m.tag} ${kb(m.gzip)}`).join(', ')}; together ${kb(report.marginal.reduce((sum, m) => sum + m.gzip, 0))}.`,
    '',
    ...budgetAnalysis(report),
    '',
    report.firstRender
      ? `Time to first render of \`<snr-signin>\` (its form in the DOM, from navigation start; cold loads, fresh browser context each, script-tag file over local HTTP, Chromium headless): median ${report.firstRender.median.toFixed(0)} ms over ${report.firstRender.runs} loads (min ${report.firstRender.min.toFixed(0)}, max ${report.firstRender.max.toFixed(0)}).`
      : 'Time to first render: not measured (no Chromium).',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runSizeBench({ log: console.log });
  console.log(sizeSection(report).join('\n'));
}
