// Browser tests: system Chromium (Debian's /usr/bin/chromium) through Playwright, headless.
// No browser is downloaded: `npx playwright install` does not work on our machines.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

export default {
  // scripts/test.mjs discovers the same files to decide whether this runner has anything to run;
  // keep the two in step. Node-only code in src/server is tested by node:test, not here.
  files: ['test/browser/**/*.test.ts', 'src/**/*.test.ts', '!src/server/**'],
  nodeResolve: { exportConditions: ['production'] }, // silences "Lit is in dev mode"
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }),

    // ---- Reference server for browser tests ---------------------------------------------------
    // A later engineer adds here a plugin that starts the reference server before the tests run
    // and stops it afterwards, e.g.
    //
    //   import { startServer } from './src/server/main.ts';   (through tsx, or a built copy)
    //   { name: 'snr-reference-server',
    //     async serverStart() { server = await startServer({ port: 0, ... }); },
    //     async serverStop() { await server?.close(); } }
    //
    // scripts/test.mjs passes SNR_TEST_PG_URL (when PostgreSQL is available) to this process.
    // ---------------------------------------------------------------------------------------------
    (await import('./test/support/wtr-server-plugin.mjs')).snrServerPlugin(), // real servers for tests: see that file
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
};
