import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { builtFromCurrentSources, DEMO_INPUTS, DEMO_OUTPUTS, SERVER_INPUTS, SERVER_OUTPUTS } from './test/support/fresh-build.js';

/**
 * End-to-end against the real server, started the way `npm start` starts it (`--demo`, serving
 * the built demo from its own origin): one server per registration mode, each on its own port
 * and its own throwaway SQLite file. The first one builds the demo, so the others (started after
 * it is up) find `dist/demo`; not when `dist/demo` is newer than every source (`npm test`'s build
 * step has just built it, or nothing changed since the last run).
 */
const MODES = ['confirmation', 'automatic', 'activation', 'pin'] as const;
export type Mode = (typeof MODES)[number];
const BASE_PORT = Number(process.env.SNR_E2E_PORT ?? 8790);
export const PORTS: Record<Mode, number> = { confirmation: BASE_PORT, automatic: BASE_PORT + 1, activation: BASE_PORT + 2, pin: BASE_PORT + 4 };
/** More settings of a mode's server: the `pin` one also asks for the site's terms (e2e/pin.spec.ts). */
const MODE_ENV: Partial<Record<Mode, Record<string, string>>> = {
  pin: { SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: 'https://shop.example/terms' },
};

/**
 * `npm start`'s demo mode (scripts/start-demo.mjs): the server plus, on loopback ports of their
 * own, the local OpenID Connect provider and the Facebook stand-in (e2e/providers.spec.ts).
 */
export const PROVIDERS_PORT = BASE_PORT + 3;

// One name per run: workers load this file too, but only the runner starts servers.
const RUN = process.env.SNR_E2E_RUN ?? (process.env.SNR_E2E_RUN = `${Date.now()}-${process.pid}`);

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const buildDemo = !builtFromCurrentSources(DEMO_OUTPUTS, DEMO_INPUTS);

/**
 * The servers (these and the specs' own, e2e/support.ts `startBin`) run the compiled server, as the
 * published bin does, when server/dist is newer than every source (`npm test`'s build step has just
 * built it): it starts on half the CPU of the sources through tsx (≈ 1.2 against 2.5 s a process).
 * Otherwise (a change to server/src since the last build) the bin runs the sources.
 */
if (!process.env.SNR_SERVER_FROM && builtFromCurrentSources(SERVER_OUTPUTS, SERVER_INPUTS)) process.env.SNR_SERVER_FROM = 'dist';

const webServer: PlaywrightTestConfig['webServer'] = MODES.map((mode, i) => ({
  command: `${i === 0 && buildDemo ? 'npm run build:demo && ' : ''}node server/bin/snr-auth-server.js --demo --port ${PORTS[mode]} --host 127.0.0.1`,
  url: `http://127.0.0.1:${PORTS[mode]}/snr/health`,
  env: {
    DATABASE_URL: join(tmpdir(), `snr-e2e-${RUN}-${mode}.sqlite`),
    SNR_REGISTRATION_MODE: mode,
    SNR_PBKDF2_ITERATIONS: '1000',
    SNR_RATE_LIMIT: 'off',
    // The test passwords are in real breach lists (and CI may have no network): the server tests check breaches.
    SNR_BREACHED_PASSWORDS_URL: 'off',
    ...MODE_ENV[mode],
  },
  reuseExistingServer: process.env.SNR_E2E_REUSE === '1',
  timeout: 90_000,
  stdout: 'ignore',
  stderr: 'pipe',
}));
webServer.push({
  command: `node scripts/start-demo.mjs --port ${PROVIDERS_PORT} --host 127.0.0.1`,
  url: `http://127.0.0.1:${PROVIDERS_PORT}/snr/health`,
  env: {
    DATABASE_URL: join(tmpdir(), `snr-e2e-${RUN}-providers.sqlite`),
    SNR_PBKDF2_ITERATIONS: '1000',
    SNR_RATE_LIMIT: 'off',
    SNR_BREACHED_PASSWORDS_URL: 'off',
    // Empty counts as unset: the script starts its own providers even when the shell has real ones.
    SNR_OAUTH_VERIFY_URL: '',
    SNR_FACEBOOK_APP_ID: '',
    SNR_FACEBOOK_APP_SECRET: '',
    SNR_FACEBOOK_GRAPH_URL: '',
    SNR_GOOGLE_CLIENT_ID: '',
    SNR_GOOGLE_ISSUER: '',
    SNR_APPLE_CLIENT_ID: '',
    SNR_APPLE_ISSUER: '',
  },
  reuseExistingServer: process.env.SNR_E2E_REUSE === '1',
  timeout: 90_000,
  stdout: 'ignore',
  stderr: 'pipe',
});

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: process.env.SNR_E2E_WORKERS ? Number(process.env.SNR_E2E_WORKERS) : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalTeardown: './e2e/teardown.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    // First the specs with servers of their own, whose tests run one after another in one worker
    // (the longest groups first); each builds dist/cdn when it is stale (e2e/cdn.ts).
    // Starts its own server and a site on another origin (script tag under CSP, React, Vue).
    { name: 'package', testMatch: /package\.spec\.ts$/ },
    // The kit loaded from the server's /snr/kit/ by a page on another origin (its own server).
    { name: 'kit', testMatch: /kit\.spec\.ts$/ },
    // Passwordless sign-in with the code read from a real SMTP sink (its own server); reads dist/cdn.
    { name: 'email-code', testMatch: /email-code\.spec\.ts$/ },
    // The server run alone, as the README's quick start runs it.
    { name: 'landing', testMatch: /landing\.spec\.ts$/ },
    ...MODES.map((mode) => ({
      name: mode,
      testMatch:
        mode === 'confirmation' ? /(confirmation|pages|gallery|theme|account-changes|auth-card|second-factor)\.spec\.ts$/ : new RegExp(`${mode}\\.spec\\.ts$`),
      use: { baseURL: `http://127.0.0.1:${PORTS[mode]}` },
      // The confirmation server's specs are whole journeys (a dozen axe scans and mail round trips
      // each: 30–36 s on a quiet machine), which a loaded CI machine can stretch past 60 s.
      ...(mode === 'confirmation' ? { timeout: 120_000 } : {}),
    })),
    { name: 'providers', testMatch: /providers\.spec\.ts$/, use: { baseURL: `http://127.0.0.1:${PROVIDERS_PORT}` } },
  ],
  webServer,
});
