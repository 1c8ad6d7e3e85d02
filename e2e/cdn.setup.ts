/**
 * The `cdn` project, which the projects that load the script-tag files (package, landing, kit,
 * email-code) depend on: `dist/cdn` built from today's sources, once, before any of them starts.
 * In `npm test` the build step has just built it and this finds it fresh; run alone, it builds it
 * here. One build in one place: two at once would empty each other's folder (`emptyOutDir`), and a
 * build while a project's server serves the folder would take its files away mid-test.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { builtFromCurrentSources, CDN_OUTPUTS } from '../test/support/fresh-build.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** CDN_OUTPUTS and the add-on kit.spec.ts loads on intent. */
const OUTPUTS = [...CDN_OUTPUTS, 'dist/cdn/snr-auth.signin-conditions.js'];

test('dist/cdn is built from the current sources', () => {
  test.setTimeout(300_000);
  if (!builtFromCurrentSources(OUTPUTS)) execFileSync('npm', ['run', '--silent', 'build:cdn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  expect(builtFromCurrentSources(OUTPUTS), `${OUTPUTS.join(', ')} newer than every source`).toBe(true);
});
