/**
 * Whether dist/ holds a build of today's sources, so a test that needs the built files can use
 * them instead of building them again: in `npm test` the build step runs `npm run build` (types,
 * the CDN files, the manifest) before the slow step and e2e start, and one build then serves the
 * package test, the size test and e2e. Every output must be newer than every input (src/, the build
 * scripts and configs); anything older, or missing, and the test builds for itself.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What the build reads besides src/. */
const BUILD_INPUTS = [
  'vite.config.ts',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/minify-literals.ts',
  'scripts/prune-english.ts',
  'scripts/static-properties.ts',
  'scripts/private-names.ts',
  'scripts/build-cdn-languages.ts',
];

/** The files `npm run build:cdn` writes that the tests read (languages, page files, add-ons, the whole kit). */
export const CDN_OUTPUTS = ['iife', 'signin', 'forms', 'facebook', 'providers', 'pl', 'ar'].map((f) => `dist/cdn/snr-auth.${f}.js`);

/** Newest modification time of the files below `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * `outputs`: paths relative to the repository root; `alsoReads`: files and folders the build reads
 * besides src/ and BUILD_INPUTS (the demo's `demo/` and `index.html`).
 */
export function builtFromCurrentSources(outputs: string[], alsoReads: string[] = []): boolean {
  const files = outputs.map((f) => join(ROOT, f));
  if (!files.every((f) => existsSync(f))) return false;
  const built = Math.min(...files.map((f) => statSync(f).mtimeMs));
  const inputs = Math.max(
    newest(join(ROOT, 'src')),
    ...[...BUILD_INPUTS, ...alsoReads]
      .map((f) => join(ROOT, f))
      .filter((f) => existsSync(f))
      .map((f) => (statSync(f).isDirectory() ? newest(f) : statSync(f).mtimeMs)),
  );
  return built > inputs;
}

/** The demo (`npm run build:demo`, dist/demo) that e2e's servers serve, and what it is built from besides src/. */
export const DEMO_OUTPUTS = ['dist/demo/index.html'];
export const DEMO_INPUTS = ['demo', 'index.html'];

/**
 * The compiled server of the workspace `server/` (`npm run build:server`, after the browser
 * package's types: it imports `snr-auth/contract` from dist/), and what it is built from besides
 * src/ (the browser package's contract).
 */
export const SERVER_OUTPUTS = ['server/dist/cli.js', 'server/dist/index.js'];
export const SERVER_INPUTS = ['server/src', 'server/package.json', 'server/tsconfig.json', 'server/tsconfig.build.json'];
