import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, checkHost, checkPort, configWarnings, LOCAL_API_KEY, loadConfig } from './config.js';
import { KEY_REFRESH_MS, KeyRing } from './crypto/keys.js';
import { demoRoutes } from './demo.js';
import { browserPackageDir, DEFAULT_KIT_ROOT } from './kit.js';
import { landingRoutes } from './landing.js';
import { startServer } from './main.js';
import { openStore } from './store/db.js';

const HELP = `snr-auth-server — the snr-auth reference identity server

Usage: snr-auth-server [--demo] [--port N] [--host H]
       snr-auth-server rotate-keys

  rotate-keys   make a new signing key; tokens signed by the old one stay valid until they expire

  --demo        also serve the demo pages from the same origin
  --port N      port to listen on (default: PORT or 8787)
  --host H      address to listen on (default: HOST or 127.0.0.1)

Configuration comes from environment variables (DATABASE_URL, SNR_API_KEYS, SNR_BACKEND_KEY,
SNR_REGISTRATION_MODE, SNR_TOKEN_TTL, SNR_PBKDF2_ITERATIONS, SNR_PASSWORD_POLICY, SNR_SMTP_URL, ...):
see the README.`;

async function rotateKeys(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`snr-auth: bad configuration: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const store = await openStore(config.databaseUrl, { timeoutMs: config.dbTimeoutMs });
  try {
    const keys = await KeyRing.open(store.db, store.dialect);
    const kid = await keys.rotate({ tokenTtlSeconds: config.tokenTtl });
    console.log(
      `snr-auth: new signing key ${kid}; running instances switch to it within ${KEY_REFRESH_MS / 1000} s, and tokens signed before stay valid until they expire`,
    );
  } finally {
    await store.close();
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { demo: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (positionals[0] === 'rotate-keys') return rotateKeys();
  if (positionals.length) {
    console.error(`snr-auth: unknown command ${positionals[0]}\n\n${HELP}`);
    process.exit(2);
  }
  // The browser package's built files: its demo pages (a build of the repository: `npm run build:demo`)
  // and its script-tag files.
  const demoRoot = join(browserPackageDir(), 'dist', 'demo');
  const cdnRoot = DEFAULT_KIT_ROOT;
  let server;
  try {
    server = await startServer({
      port: values.port === undefined ? undefined : checkPort('--port', values.port),
      host: values.host === undefined ? undefined : checkHost('--host', values.host),
      extra: values.demo ? (ctx) => demoRoutes(ctx, demoRoot) : (ctx) => landingRoutes(ctx, cdnRoot),
      demo: values.demo === true,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`snr-auth: bad configuration: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const { config, ctx, url } = server;
  console.log(`snr-auth server listening on ${url}`);
  console.log(`  storage: ${ctx.store.describe}`);
  console.log(`  mail: ${ctx.mailer.mode === 'smtp' ? 'SMTP' : `outbox (printed here${config.localMode ? `, and at ${url}/snr/dev/outbox)` : ')'}`}`);
  console.log(`  registration mode: ${config.registrationMode}; token lifetime: ${config.tokenTtl} s`);
  if (config.localMode) console.log(`  local mode: Profile API key "${LOCAL_API_KEY}", allowed from this server and http://localhost:* origins`);
  if (values.demo) console.log(`  demo: ${url}/`);
  else if (config.localMode && !config.landingUrl) console.log(`  emailed links open: ${url}/landing`);
  for (const warning of configWarnings(config, { demo: values.demo === true })) ctx.log.warn(warning);

  const stop = (signal: string) => {
    console.log(`snr-auth: ${signal}, finishing requests under way…`);
    // The server cuts what is left after its 10 s grace and closes the store; this is only the
    // backstop if that close itself hangs, so it must come well after the grace, not with it.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
