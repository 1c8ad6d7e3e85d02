// Browser tests: system Chromium (Debian's /usr/bin/chromium) through Playwright, headless.
// No browser is downloaded: `npx playwright install` does not work on our machines.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileTimesReporter } from './test/support/wtr-file-times.mjs';

export default {
  // scripts/test.mjs discovers the same files to decide whether this runner has anything to run;
  // keep the two in step. Node-only code in server/src is tested by node:test, not here.
  files: ['test/browser/**/*.test.ts', 'src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] }, // silences "Lit is in dev mode"
  // One file at a time: the refresh and tab tests wait on the server's real clock, and two pages
  // at once made a file miss the run's deadline on a loaded machine.
  concurrency: 1,
  // A file's whole run (the default is 120 s): npm test runs this step beside another, and on a loaded
  // 2-core machine the account suite (11 tests, ~10 s alone) was seen passing the default.
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 10000 } },
  // The framework, then a root hook that makes every failure sendable to the runner (a DOM node as
  // a failure's `expected` or `actual` used to hang the file until the 300 s limit).
  testRunnerHtml: (framework) =>
    `<!doctype html><html><body><script type="module" src="${framework}"></script><script type="module" src="/test/browser/support/sendable-failures.ts"></script></body></html>`,
  // The default output, then each file's time (test/support/wtr-file-times.mjs).
  reporters: [defaultReporter(), fileTimesReporter()],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }),

    // Reference servers for the tests (in this process, shared between files by env; see that file).
    // scripts/test.mjs passes SNR_TEST_PG_URL (when PostgreSQL is available) to this process.
    (await import('./test/support/wtr-server-plugin.mjs')).snrServerPlugin(),
    // A virtual WebAuthn authenticator in the page (the passkey tests).
    (await import('./test/support/webauthn-plugin.mjs')).webauthnPlugin(),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
};
