/**
 * `dist/cdn` for the specs that load the script-tag files (package, landing, kit, email-code):
 * built from today's sources once, whichever of them starts first. In `npm test` the build step
 * has just built it and every spec finds it fresh; run alone, the first spec's `beforeAll` builds
 * it while the others wait on a lock (flock(1), released even when its holder dies), then find it
 * fresh. Never two builds at once: each empties the folder (`emptyOutDir`) the other writes, and
 * a spec reading it would lose its files mid-test. Not a project dependency: Playwright runs a
 * project's dependents only once every project before them has finished, which left one worker
 * idle at that barrier and these specs' serial groups at the end of the run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';
import { builtFromCurrentSources, CDN_OUTPUTS } from '../test/support/fresh-build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK = join(ROOT, 'node_modules', '.cache', 'snr-test', 'e2e-cdn.lock');
const BUILD_TIMEOUT_MS = 300_000;
/** CDN_OUTPUTS and the add-on kit.spec.ts loads on intent. */
const OUTPUTS = [...CDN_OUTPUTS, 'dist/cdn/snr-auth.signin-conditions.js'];

/** Returns once `dist/cdn` is built from the current sources (building it under the lock when it is not). */
export function ensureCdnBuilt(): void {
  if (builtFromCurrentSources(OUTPUTS)) return;
  // The hook's own work keeps its budget; the build (or the wait for another spec's) gets one of its own.
  test.setTimeout(test.info().timeout + BUILD_TIMEOUT_MS);
  mkdirSync(dirname(LOCK), { recursive: true });
  execFileSync('flock', [LOCK, process.execPath, '--conditions=snr-auth-source', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: BUILD_TIMEOUT_MS,
  });
  if (!builtFromCurrentSources(OUTPUTS)) throw new Error(`dist/cdn: ${OUTPUTS.join(', ')} still older than a source after building`);
}

// Run as a script (under the lock): build unless another spec has just built it.
if (process.argv[1] === fileURLToPath(import.meta.url) && !builtFromCurrentSources(OUTPUTS)) {
  execFileSync('npm', ['run', '--silent', 'build:cdn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
