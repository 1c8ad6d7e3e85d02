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
 * `runSizeBench()` builds first (`npm run build:types`, `npm run build:cdn`) unless told not to,
 * and returns the figures; `node --import tsx bench/size.ts` prints them. The largest modules of
 * the full bundle are listed too, to show where the bytes are.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

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
  headless: Size;
  elements: Size[];
  /** Largest parts of the full bundle: minified bytes each contributes, grouped by package or folder. */
  largest: Array<{ part: string; min: number }>;
}

const gzip = (code: Uint8Array | string) => gzipSync(code, { level: 9 }).length;

function sizeOfFile(name: string, path: string, budget?: number): Size {
  const code = readFileSync(at(path));
  return { name, min: code.length, gzip: gzip(code), ...(budget ? { budget } : {}) };
}

/** A built npm module bundled with everything it imports, as a site's bundler would, minified. */
async function bundled(name: string, entry: string, budget?: number): Promise<Size & { metafile: Metafile }> {
  const result = await build({
    entryPoints: [at(entry)],
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
  return [...parts].map(([part, min]) => ({ part, min })).sort((a, b) => b.min - a.min).slice(0, count);
}

export async function runSizeBench(options: { build?: boolean; log?: (line: string) => void } = {}): Promise<SizeReport> {
  const log = options.log ?? (() => {});
  if (options.build !== false) {
    log('building: npm run build:types && npm run build:cdn');
    for (const script of ['build:types', 'build:cdn']) execFileSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const full = sizeOfFile('script-tag file (dist/cdn/snr-auth.iife.js)', 'dist/cdn/snr-auth.iife.js', BUDGETS.full);
  const fullModule = sizeOfFile('the same as an ES module (dist/cdn/snr-auth.js)', 'dist/cdn/snr-auth.js');
  const { metafile: _h, ...headless } = await bundled('headless `snr-auth/session`', 'dist/session/index.js', BUDGETS.headless);
  const elements: Size[] = [];
  for (const tag of ELEMENTS) {
    const { metafile: _e, ...size } = await bundled(`\`snr-auth/${tag}\` alone`, `dist/elements/${tag}/${tag}.js`);
    elements.push(size);
  }
  const whole = await bundled('dist/global.js', 'dist/global.js');
  return { full, fullModule, headless, elements, largest: largestParts(whole.metafile) };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** BENCHMARKS.md lines for a report. */
export function sizeSection(report: SizeReport): string[] {
  const row = (s: Size) => `| ${s.name} | ${kb(s.min)} | ${kb(s.gzip)} | ${s.budget ? `≤ ${kb(s.budget)}` : ''} | ${s.budget ? (s.gzip <= s.budget ? 'met' : `**MISS** (+${kb(s.gzip - s.budget)})`) : ''} |`;
  return [
    'Built files, minified, gzip level 9, 1 KB = 1,000 bytes. Element and headless figures bundle the published module (dist/) with everything it imports (lit, the store, the contract), as a site\'s bundler would.',
    '',
    '| File | Minified | Min + gzip | Budget | Result |',
    '|---|---:|---:|---|---|',
    row(report.full),
    row(report.fullModule),
    row(report.headless),
    ...report.elements.map(row),
    '',
    `Largest parts of the full bundle (minified bytes before gzip): ${report.largest.map((p) => `${p.part} ${kb(p.min)}`).join(', ')}.`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await runSizeBench({ log: console.log });
  console.log(sizeSection(report).join('\n'));
}
