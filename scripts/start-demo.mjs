#!/usr/bin/env node
// `npm start` (after `vite build` of the demo): the server with the demo pages, plus, on loopback
// ports, the identity providers a designer needs to try Facebook and OAuth sign-in with no real
// Facebook app and no real OAuth provider:
//
// - a real OpenID Connect provider (`oidc-provider`, demo/providers/oidc.ts) with a public demo
//   client (the /oauth page, authorization code + PKCE) and demo accounts (any login name works);
//   the server checks its access tokens at its userinfo endpoint (SNR_OAUTH_VERIFY_URL);
// - a Facebook stand-in (demo/providers/facebook.ts): the Graph API endpoints the server calls
//   (SNR_FACEBOOK_GRAPH_URL, with a demo app id and secret) and a stand-in of the JS SDK at /sdk.js.
//
// - Google and Apple stand-in issuers (demo/providers/id-token-issuer.ts): OpenID discovery and
//   JWKS the server checks ID tokens against (SNR_GOOGLE_ISSUER, SNR_APPLE_ISSUER), and stand-ins
//   of Google Identity Services and Sign in with Apple JS that sign real ID tokens.
//
// Each is started only when its variables are not set: SNR_OAUTH_VERIFY_URL set → OAuth goes to
// your endpoint; any of SNR_FACEBOOK_APP_ID/SECRET/GRAPH_URL set → the real Facebook (your app).
// The demo pages learn what runs where from the server's /snr/dev/providers (SNR_DEMO_PROVIDERS).
//
//   node scripts/start-demo.mjs [--port N] [--host H]     (defaults: PORT or 8787, HOST or 127.0.0.1)
//
// SIGINT / SIGTERM stop the server (which finishes requests under way), then the providers.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const { startOidcProvider, demoAccount, DEMO_ACCOUNTS } = await import('../demo/providers/oidc.ts');
const { GraphStandIn } = await import('../demo/providers/facebook.ts');
const { IdTokenIssuer } = await import('../demo/providers/id-token-issuer.ts');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const set = (name) => (process.env[name] ?? '').trim() !== '';
const port = Number(values.port ?? process.env.PORT ?? 8787);
const host = values.host ?? process.env.HOST ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`start-demo: --port must be a port number (got ${values.port ?? process.env.PORT})`);
  process.exit(2);
}

/** The OAuth page's address, as each name of this machine (and vite dev, on 5173) would show it. */
const OAUTH_PATH = '/oauth';
const VITE_DEV_PORT = 5173;
const pageOrigins = [...new Set([host, '127.0.0.1', 'localhost'].filter((h) => !['0.0.0.0', '::'].includes(h)))]
  .map((h) => (h.includes(':') ? `[${h}]` : h))
  .flatMap((h) => [`http://${h}:${port}`, `http://${h}:${VITE_DEV_PORT}`]);

const env = { ...process.env };
const providers = {};
const banner = [];
let oidc;
let graph;
const issuers = [];

async function stopProviders() {
  await Promise.allSettled([oidc?.stop(), graph?.stop(), ...issuers.map((i) => i.stop())]);
}

try {
  if (set('SNR_OAUTH_VERIFY_URL')) {
    providers.oauth = { kind: 'configured' };
    banner.push(`OAuth: SNR_OAUTH_VERIFY_URL is set (${process.env.SNR_OAUTH_VERIFY_URL}): tokens go to your endpoint; no local provider started`);
  } else {
    const clientId = 'snr-auth-demo';
    oidc = await startOidcProvider({
      clients: [{ client_id: clientId, redirect_uris: pageOrigins.map((o) => `${o}${OAUTH_PATH}`) }],
      findAccount: demoAccount,
      interactions: 'demo',
      corsOrigins: pageOrigins,
      suggestions: Object.entries(DEMO_ACCOUNTS).map(([login, claims]) => [login, String(claims.name)]),
      accessTokenTtl: () => 600,
    });
    env.SNR_OAUTH_VERIFY_URL = oidc.endpoints.userinfo_endpoint;
    providers.oauth = { kind: 'local', issuer: oidc.issuer, clientId, scope: 'openid email profile', redirectPath: OAUTH_PATH };
    banner.push(
      `OAuth: local OpenID Connect provider (demo) at ${oidc.issuer}; sign in on the demo's /oauth page with any login name`,
      `       (${Object.keys(DEMO_ACCOUNTS).join(', ')} or anything else); set SNR_OAUTH_VERIFY_URL to use your own endpoint instead`,
    );
  }

  if (set('SNR_FACEBOOK_APP_ID') || set('SNR_FACEBOOK_APP_SECRET') || set('SNR_FACEBOOK_GRAPH_URL')) {
    providers.facebook = { kind: 'configured', appId: process.env.SNR_FACEBOOK_APP_ID?.trim() || null };
    banner.push(`Facebook: your app ${process.env.SNR_FACEBOOK_APP_ID?.trim() || '(SNR_FACEBOOK_APP_ID unset)'}: the real Facebook and its SDK, no stand-in`);
  } else {
    const appId = '100000000000042';
    const appSecret = randomBytes(16).toString('hex');
    graph = new GraphStandIn({ appId, appSecret, sdk: true });
    await graph.start();
    env.SNR_FACEBOOK_APP_ID = appId;
    env.SNR_FACEBOOK_APP_SECRET = appSecret;
    env.SNR_FACEBOOK_GRAPH_URL = graph.url;
    providers.facebook = { kind: 'stand-in', appId, sdkUrl: graph.sdkUrl, graphUrl: graph.url };
    banner.push(
      `Facebook: STAND-IN (no SNR_FACEBOOK_APP_ID set): Graph API and JS SDK stand-in at ${graph.url}, demo app ${appId}`,
      `          set SNR_FACEBOOK_APP_ID and SNR_FACEBOOK_APP_SECRET to use your real Facebook app instead`,
    );
  }

  for (const [kind, name, clientId] of [
    ['google', 'GOOGLE', 'snr-auth-demo.apps.googleusercontent.com'],
    ['apple', 'APPLE', 'com.example.snr-auth-demo.web'],
  ]) {
    if (set(`SNR_${name}_CLIENT_ID`) || set(`SNR_${name}_ISSUER`)) {
      providers[kind] = { kind: 'configured', clientId: process.env[`SNR_${name}_CLIENT_ID`]?.trim() || null };
      banner.push(
        `${kind === 'google' ? 'Google' : 'Apple'}: your client id ${process.env[`SNR_${name}_CLIENT_ID`]?.trim() || '(unset)'}: the real provider, no stand-in`,
      );
      continue;
    }
    const issuer = new IdTokenIssuer({ kind, clientId, alg: kind === 'apple' ? 'ES256' : 'RS256', sdk: true });
    await issuer.start();
    issuers.push(issuer);
    env[`SNR_${name}_CLIENT_ID`] = clientId;
    env[`SNR_${name}_ISSUER`] = issuer.url;
    providers[kind] = { kind: 'stand-in', clientId, issuer: issuer.url, scriptUrl: issuer.scriptUrl };
    banner.push(`${kind === 'google' ? 'Google' : 'Apple'}: STAND-IN issuer and page script at ${issuer.url} (set SNR_${name}_CLIENT_ID for the real one)`);
  }
} catch (err) {
  console.error(`start-demo: could not start the demo providers: ${err instanceof Error ? err.message : err}`);
  await stopProviders();
  process.exit(1);
}
env.SNR_DEMO_PROVIDERS = JSON.stringify(providers);

const child = spawn(process.execPath, ['server/bin/snr-auth-server.js', '--demo', '--port', String(port), '--host', host], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});

let signalled = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    signalled++;
    // A terminal's Ctrl-C reaches the server too; SIGTERM makes sure (the server's close() is
    // idempotent). A second signal does not wait any more.
    if (child.exitCode === null && child.signalCode === null) child.kill(signalled > 1 ? 'SIGKILL' : 'SIGTERM');
  });
}
child.on('error', async (err) => {
  console.error(`start-demo: could not start the server: ${err.message}`);
  await stopProviders();
  process.exit(1);
});
child.on('exit', async (code, signal) => {
  await stopProviders();
  process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
});

// The banner once the server answers, so it is the last thing on screen.
const base = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
for (let i = 0; i < 240 && child.exitCode === null && !signalled; i++) {
  // Ours, not another server already on the port (this one would then fail to start).
  const ok = await fetch(`${base}/snr/dev/providers`).then(
    async (r) => r.ok && JSON.stringify(await r.json()) === env.SNR_DEMO_PROVIDERS,
    () => false,
  );
  if (ok) {
    console.log(
      `\nsnr-auth demo identity providers (loopback only, for trying the flows):\n  ${banner.join('\n  ')}\n  Try them: ${base}${OAUTH_PATH} and ${base}/elements/facebook-button\n`,
    );
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
