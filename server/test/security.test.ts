import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { ROUTES } from 'snr-auth/contract';
import { createApp } from '../src/app.js';
import { ConfigError, configWarnings, loadConfig } from '../src/config.js';
import { demoRoutes } from '../src/demo.js';
import { createLogger } from '../src/log.js';
import { startServer } from '../src/main.js';
import { API_KEY, freshDatabase, makeServer, type TestServer } from './support/server.js';

const POST_ROUTES = Object.values(ROUTES).filter((r) => r.method === 'POST');

const BACKEND_KEY = 'backend-secret-0123456789abcdef';

describe('bad input on every route', () => {
  let s: TestServer;
  before(async () => (s = await makeServer({ SNR_BACKEND_KEY: BACKEND_KEY })));
  /** The credential each route's auth kind takes. */
  const credential = (auth: string, token: string) => (auth === 'apiKey' ? undefined : auth === 'backend' ? BACKEND_KEY : token);
  after(() => s.close());

  it('malformed JSON → 400 MALFORMED_JSON with the error body, on every POST route', async () => {
    const anon = await s.anonymous();
    for (const route of POST_ROUTES) {
      const res = await s.call('POST', route.path, { raw: '{"apiKey": ', token: credential(route.auth, anon.token) });
      assert.equal(res.status, 400, route.path);
      assert.equal(res.body.code, 'MALFORMED_JSON', route.path);
      assert.equal(res.body.error, 'Bad Request');
      assert.equal(res.body.status, 400);
      assert.equal(res.body.path, route.path);
      assert.ok(!Number.isNaN(Date.parse(res.body.timestamp)));
    }
  });

  it('wrong types → 400 VALIDATION_FAILED naming the field, on every POST route with a body schema', async () => {
    const customer = await s.customer();
    for (const route of POST_ROUTES) {
      const res = await s.call('POST', route.path, {
        body: route.path === ROUTES.trackEvents.path ? [{ action: 42 }] : { apiKey: API_KEY, email: 42, uuid: 7, token: 5, password: 3 },
        token: credential(route.auth, customer.token),
      });
      assert.equal(res.status, 400, route.path);
      assert.equal(res.body.code, 'VALIDATION_FAILED', route.path);
      assert.ok(res.body.errors.length > 0, route.path);
      assert.ok(
        res.body.errors.every((e: { field: string }) => typeof e.field === 'string' && e.field !== ''),
        route.path,
      );
    }
  });

  it('a body of garbage bytes and a JSON scalar never give a 500', async () => {
    const garbage = String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    for (const route of POST_ROUTES) {
      for (const raw of [garbage, '42', 'null', '"x"', '[]', '{}']) {
        const res = await s.call('POST', route.path, { raw });
        assert.ok(res.status >= 400 && res.status < 500, `${route.path} ${JSON.stringify(raw.slice(0, 10))} → ${res.status}`);
        assert.equal(typeof res.body.code, 'string');
      }
    }
  });

  it('another content type → 415', async () => {
    const res = await s.call('POST', ROUTES.anonymousLogin.path, { raw: 'apiKey=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 415);
    assert.equal(res.body.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('unknown paths → 404 NOT_FOUND, a known path with another method → 405', async () => {
    let res = await s.call('GET', '/v4/nope');
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NOT_FOUND');
    res = await s.call('GET', ROUTES.anonymousLogin.path);
    assert.equal(res.status, 405);
    assert.equal(res.body.code, 'METHOD_NOT_ALLOWED');
  });
});

describe('tokens that must be refused', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());
  const account = (token: string) => s.call('GET', ROUTES.getAccount.path, { token });

  it('alg: none', async () => {
    const c = await s.customer();
    const claims = decodeJwt(c.token);
    const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims))}.`;
    const res = await account(none);
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'TOKEN_INVALID');
  });

  it('HS256 signed with the server’s public key as the secret', async () => {
    const c = await s.customer();
    const pem = (await s.call('GET', ROUTES.publicPem.path)).body as string;
    const kid = decodeProtectedHeader(c.token).kid!;
    const forged = await new SignJWT(decodeJwt(c.token)).setProtectedHeader({ alg: 'HS256', kid }).sign(new TextEncoder().encode(pem));
    assert.equal((await account(forged)).body.code, 'TOKEN_INVALID');
  });

  it('ES256 signed by another key, with the server’s kid', async () => {
    const c = await s.customer();
    const { privateKey } = await generateKeyPair('ES256');
    const kid = decodeProtectedHeader(c.token).kid!;
    const forged = await new SignJWT(decodeJwt(c.token)).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    assert.equal((await account(forged)).body.code, 'TOKEN_INVALID');
    const other = await new SignJWT(decodeJwt(c.token)).setProtectedHeader({ alg: 'ES256', kid: 'other' }).sign(privateKey);
    assert.equal((await account(other)).body.code, 'TOKEN_INVALID');
  });

  it('a tampered payload, a truncated token, a non-JWT, a wrong scheme', async () => {
    const c = await s.customer();
    const [h, p, sig] = c.token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, clientId: claims.clientId + 1 }))}.${sig}`;
    for (const token of [tampered, c.token.slice(0, -5), 'hello', `${h}.${p}`]) {
      const res = await account(token);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'TOKEN_INVALID');
    }
    const basic = await s.call('GET', ROUTES.getAccount.path, { headers: { authorization: `Basic ${c.token}` } });
    assert.equal(basic.body.code, 'TOKEN_MISSING');
  });

  it('a token of another server (other issuer)', async () => {
    const other = await makeServer({ SNR_ISSUER: 'someone-else' });
    try {
      const c = await other.customer();
      assert.equal((await account(c.token)).body.code, 'TOKEN_INVALID');
    } finally {
      await other.close();
    }
  });

  it('a token whose API key has been removed from the configuration', async () => {
    const db = await freshDatabase('sqlite');
    const keys = JSON.stringify({ 'key-a': ['*'], 'key-b': ['*'] });
    const first = await startServer({ env: { DATABASE_URL: db.url, SNR_API_KEYS: keys, SNR_PBKDF2_ITERATIONS: '1000' }, port: 0, log: 'silent' });
    const anon = await (
      await fetch(`${first.url}${ROUTES.anonymousLogin.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: 'key-b', uuid: randomUUID() }),
      })
    ).json();
    await first.close();
    const second = await startServer({
      env: { DATABASE_URL: db.url, SNR_API_KEYS: JSON.stringify({ 'key-a': ['*'] }), SNR_PBKDF2_ITERATIONS: '1000' },
      port: 0,
      log: 'silent',
    });
    try {
      const res = await fetch(`${second.url}${ROUTES.refreshToken.path}`, { method: 'POST', headers: { authorization: `Bearer ${anon.token}` } });
      assert.equal(res.status, 403);
      assert.equal((await res.json()).code, 'UNKNOWN_API_KEY');
    } finally {
      await second.close();
      await db.drop();
    }
  });
});

describe('over real HTTP', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  before(async () => {
    db = await freshDatabase('sqlite');
    server = await startServer({
      env: {
        DATABASE_URL: db.url,
        SNR_API_KEYS: JSON.stringify({ 'shop-key': ['https://shop.example'], 'dev-key': ['local'] }),
        SNR_PBKDF2_ITERATIONS: '1000',
      },
      port: 0,
      log: 'silent',
    });
  });
  after(async () => {
    await server.close();
    await db.drop();
  });

  it('a 10 MB body → 413 PAYLOAD_TOO_LARGE, also without Content-Length', async () => {
    const big = JSON.stringify({ apiKey: 'shop-key', uuid: randomUUID(), pad: 'x'.repeat(10 * 1024 * 1024) });
    let res = await fetch(`${server.url}${ROUTES.anonymousLogin.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).code, 'PAYLOAD_TOO_LARGE');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    res = await fetch(`${server.url}${ROUTES.anonymousLogin.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal((await res.json()).code, 'PAYLOAD_TOO_LARGE');
  });

  it('CORS: the key’s origins get the headers; another origin is refused', async () => {
    const path = `${server.url}${ROUTES.anonymousLogin.path}`;
    const preflight = (origin: string) =>
      fetch(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    assert.equal((await preflight('https://shop.example')).headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal((await preflight('http://localhost:5173')).headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
    const call = (apiKey: string, origin: string) =>
      fetch(path, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ apiKey, uuid: randomUUID() }) });
    let res = await call('shop-key', 'https://shop.example');
    assert.equal(res.status, 200);
    res = await call('shop-key', 'http://localhost:5173');
    assert.equal(res.status, 403);
    assert.equal((await res.json()).code, 'ORIGIN_NOT_ALLOWED');
    res = await call('dev-key', 'https://evil.example');
    assert.equal(res.status, 403);
  });

  it('health answers 200 while the store answers, and 503 with UNAVAILABLE once it is gone', async () => {
    const db2 = await freshDatabase('sqlite');
    const s2 = await startServer({ env: { DATABASE_URL: db2.url, SNR_PBKDF2_ITERATIONS: '1000' }, port: 0, log: 'silent' });
    try {
      assert.equal((await fetch(`${s2.url}/snr/health`)).status, 200);
      await s2.ctx.store.close();
      const health = await fetch(`${s2.url}/snr/health`);
      assert.equal(health.status, 503);
      const res = await fetch(`${s2.url}${ROUTES.anonymousLogin.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: API_KEY, uuid: randomUUID() }),
      });
      assert.equal(res.status, 503);
      const body = await res.json();
      assert.equal(body.code, 'UNAVAILABLE');
      assert.ok(!/sqlite|select|insert|at .*\.ts/i.test(JSON.stringify(body)), 'no SQL or stack in the answer');
    } finally {
      await s2.close().catch(() => {});
      await db2.drop();
    }
  });
});

describe('the dev outbox (local mode, no SMTP)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  before(async () => {
    db = await freshDatabase('sqlite');
    server = await startServer({ env: { DATABASE_URL: db.url, SNR_PBKDF2_ITERATIONS: '1000' }, port: 0, host: '127.0.0.1', log: 'silent' });
  });
  after(async () => {
    await server.close();
    await db.drop();
  });

  /** GET over a real socket from 127.0.0.1, with the Host header and request target given. */
  const get = (host: string, target = '/snr/dev/outbox') =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: target, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.once('error', reject);
      req.end();
    });

  it('answers a loopback peer that names a loopback host', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, 'LOCALHOST', `[::1]:${server.port}`]) {
      const res = await get(host);
      assert.equal(res.status, 200, host);
      assert.ok(Array.isArray(JSON.parse(res.body)), host);
    }
  });

  it('is an unknown route for any other Host (DNS rebinding), also behind an absolute request target', async () => {
    const unknown = await get(`127.0.0.1:${server.port}`, '/snr/dev/no-such-route');
    for (const [host, target] of [
      ['rebind.attacker.example', undefined],
      [`rebind.attacker.example:${server.port}`, undefined],
      ['127.0.0.1.nip.io', undefined],
      ['rebind.attacker.example', `http://127.0.0.1:${server.port}/snr/dev/outbox`],
      [`127.0.0.1:${server.port}`, 'http://rebind.attacker.example/snr/dev/outbox'],
    ] as const) {
      const res = await get(host, target);
      assert.equal(res.status, 404, `${host} ${target ?? ''}`);
      assert.equal(JSON.parse(res.body).code, 'NOT_FOUND');
      assert.equal(JSON.parse(res.body).error, JSON.parse(unknown.body).error);
    }
  });

  it('is an unknown route for a peer that is not loopback, whatever Host it names', async () => {
    const from = (remoteAddress: string | undefined) =>
      server.app.request('http://localhost/snr/dev/outbox', { headers: { host: 'localhost' } }, { incoming: { socket: { remoteAddress } } });
    assert.equal((await from('::ffff:127.0.0.1')).status, 200);
    assert.equal((await from('192.0.2.7')).status, 404);
    assert.equal((await from('::ffff:192.0.2.7')).status, 404);
    assert.equal((await server.app.request('http://localhost/snr/dev/outbox')).status, 404, 'no socket to tell');
  });
});

describe('configuration', () => {
  const bad: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SNR_API_KEYS: '{not json' }, 'SNR_API_KEYS'],
    [{ SNR_API_KEYS: '{"k":["https://shop.example/path"]}' }, 'SNR_API_KEYS'],
    [{ SNR_REGISTRATION_MODE: 'magic' }, 'SNR_REGISTRATION_MODE'],
    [{ SNR_TOKEN_TTL: '-5' }, 'SNR_TOKEN_TTL'],
    [{ SNR_PBKDF2_ITERATIONS: '10' }, 'SNR_PBKDF2_ITERATIONS'],
    [{ SNR_PASSWORD_POLICY: '{"minLength":10,"maxLength":5}' }, 'SNR_PASSWORD_POLICY'],
    [{ SNR_PASSWORD_POLICY: '{"minLenght":10}' }, 'SNR_PASSWORD_POLICY'],
    [{ SNR_SMTP_URL: 'mail.example.com' }, 'SNR_SMTP_URL'],
    [{ SNR_FACEBOOK_APP_ID: '123' }, 'SNR_FACEBOOK_APP_SECRET'],
    [{ SNR_BACKEND_KEY: 'short' }, 'SNR_BACKEND_KEY'],
    [{ SNR_LANDING_URL: 'ftp://x' }, 'SNR_LANDING_URL'],
    [{ HOST: 'not a host!!' }, 'HOST'],
    [{ SNR_LOG_LEVEL: 'verbose' }, 'SNR_LOG_LEVEL'],
    [{ SNR_MAIL_FROM: 'Shop <nope>' }, 'SNR_MAIL_FROM'],
    [{ SNR_OAUTH_CLAIMS: '{"first_name":"given_name"}' }, 'SNR_OAUTH_CLAIMS'],
    [{ SNR_OAUTH_TRUST_EMAIL: 'yes' }, 'SNR_OAUTH_TRUST_EMAIL'],
  ];
  for (const [env, variable] of bad) {
    it(`${JSON.stringify(env)} stops the server naming ${variable}`, () => {
      assert.throws(
        () => loadConfig(env),
        (err: unknown) => err instanceof ConfigError && err.variable === variable && err.message.startsWith(variable),
      );
    });
  }

  it('defaults follow DESIGN.md §8', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8787);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.databaseUrl, '.data/snr-auth.sqlite');
    assert.deepEqual([...c.apiKeys.keys()], ['snr-local-dev-key']);
    assert.equal(c.registrationMode, 'confirmation');
    assert.equal(c.tokenTtl, 3600);
    assert.equal(c.pbkdf2Iterations, 600000);
    assert.equal(c.passwordPolicy.minLength, 6);
    assert.equal(c.smtpUrl, undefined);
    assert.equal(c.facebook, undefined);
    assert.equal(c.oauth, undefined);
    assert.equal(c.logLevel, 'info');
    assert.equal(c.mailFrom, 'snr-auth <no-reply@localhost>');
    assert.equal(loadConfig({ SNR_OAUTH_VERIFY_URL: 'https://shop.example/userinfo' }).oauth?.trustEmail, false);
  });

  it('warns, without refusing, when local mode listens beyond loopback', () => {
    const warnings = (env: Record<string, string>) => configWarnings(loadConfig(env), { demo: false });
    assert.match(warnings({ HOST: '0.0.0.0' }).join('\n'), /local mode \(no SNR_API_KEYS\).*listens on 0\.0\.0\.0/);
    assert.equal(warnings({ HOST: '192.0.2.7' }).length, 1);
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) assert.deepEqual(warnings({ HOST: host }), [], host);
    assert.deepEqual(
      warnings({
        HOST: '0.0.0.0',
        SNR_API_KEYS: '{"k":["https://shop.example"]}',
        SNR_SMTP_URL: 'smtp://mail.example:587',
        SNR_LANDING_URL: 'https://shop.example/a',
      }),
      [],
    );
  });

  it('warns when SMTP sends links to <server>/landing, which only --demo or local mode serves', () => {
    const smtp = { SNR_SMTP_URL: 'smtp://mail.example:587', SNR_API_KEYS: JSON.stringify({ 'shop-key': ['https://shop.example'] }) };
    assert.match(configWarnings(loadConfig(smtp), { demo: false }).join('\n'), /SNR_LANDING_URL/);
    assert.deepEqual(configWarnings(loadConfig(smtp), { demo: true }), []);
    assert.deepEqual(configWarnings(loadConfig({ ...smtp, SNR_LANDING_URL: 'https://shop.example/account' }), { demo: false }), []);
    assert.deepEqual(
      configWarnings(loadConfig({ SNR_SMTP_URL: smtp.SNR_SMTP_URL }), { demo: false }),
      [],
      'local mode: the bin serves a landing page of its own',
    );
    assert.deepEqual(configWarnings(loadConfig({}), { demo: false }), [], 'the outbox shows the links anyway');
  });
});

describe('slow: configuration at the command line (a process of its own)', () => {
  it('the command line exits 1 with a message naming the bad variable', () => {
    const run = spawnSync(process.execPath, ['server/bin/snr-auth-server.js'], {
      env: { ...process.env, SNR_TOKEN_TTL: 'soon' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /bad configuration: SNR_TOKEN_TTL/);
  });
});

describe('slow: clients too slow to send their request', () => {
  it('a request whose body never finishes is cut after SNR_REQUEST_TIMEOUT_MS', async () => {
    const { connect } = await import('node:net');
    const db = await freshDatabase('sqlite');
    const lines: Array<{ level: number; msg: string; status?: number }> = [];
    const log = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const server = await startServer({
      env: { DATABASE_URL: db.url, SNR_REQUEST_TIMEOUT_MS: '1500', SNR_PBKDF2_ITERATIONS: '1000' },
      port: 0,
      log,
      shutdownGraceMs: 100,
    });
    try {
      const socket = connect(server.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write(`POST ${ROUTES.anonymousLogin.path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"apiKey":`);
      const started = Date.now();
      const answer = await new Promise<string>((resolve) => {
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.once('close', () => resolve(data));
      });
      const waited = Date.now() - started;
      assert.ok(waited < 10_000, `connection closed after ${waited} ms`);
      assert.match(answer, /^HTTP\/1\.1 408/);
      await new Promise((r) => setTimeout(r, 200));
      const logged = lines.filter((l) => l.status !== undefined || l.level >= 50);
      assert.deepEqual(
        logged.map((l) => [l.level, l.msg, l.status]),
        [[30, 'request', 408]],
        'logged as the 408 it is: no unexpected error, no 5xx',
      );
    } finally {
      await server.close();
      await db.drop();
    }
  });
});

describe('keep-alive', () => {
  it('keeps idle connections for SNR_KEEP_ALIVE_TIMEOUT_MS (65 s by default), above load balancers’ idle timeouts', async () => {
    const db = await freshDatabase('sqlite');
    const server = await startServer({ env: { DATABASE_URL: db.url, SNR_PBKDF2_ITERATIONS: '1000' }, port: 0, log: 'silent' });
    try {
      const res = await fetch(`${server.url}/snr/health`);
      await res.text();
      assert.match(res.headers.get('keep-alive') ?? '', /timeout=65/);
    } finally {
      await server.close();
      await db.drop();
    }
  });
});

describe('caches, CSP, canonical ids, a production mail warning (issue 12)', () => {
  let s: TestServer;
  before(async () => {
    s = await makeServer({ SNR_BACKEND_KEY: BACKEND_KEY, SNR_REGISTRATION_MODE: 'confirmation' });
  });
  after(() => s?.close());
  const backend = (method: string, path: string, body?: unknown) => s.call(method, path, { body, headers: { authorization: `Bearer ${BACKEND_KEY}` } });

  it('Cache-Control: no-store on every answer with a token or personal data; public answers keep their caching', async () => {
    const anon = await s.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid: randomUUID() } });
    const email = `nostore-${randomUUID()}@example.com`;
    const registered = await s.call('POST', '/sauth/clients/registered', { token: anon.body.token, body: { email, password: 'Secret1!', firstName: 'Ann' } });
    const login = await s.signIn(email);
    const token = login.body.token;
    const answers = {
      anonymous: anon,
      registered,
      login,
      conditional: await s.call('POST', '/sauth/v3/auth/login/client/conditional', {
        body: { apiKey: API_KEY, uuid: randomUUID(), email, password: 'Secret1!' },
      }),
      refresh: await s.call('POST', '/sauth/v3/auth/refresh/client', { token, body: {} }),
      account: await s.call('GET', '/v4/my-account/personal-information', { token }),
      update: await s.call('POST', '/v4/my-account/personal-information', { token, body: { lastName: 'Lee' } }),
      recognize: await backend('POST', '/v4/clients', { uuid: randomUUID(), email: `r-${randomUUID()}@example.com` }),
    };
    for (const [name, res] of Object.entries(answers)) {
      assert.ok(res.status < 300, `${name}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.headers.get('cache-control'), 'no-store', name);
    }
    assert.equal((await s.call('GET', `/snr/config?apiKey=${API_KEY}`)).headers.get('cache-control'), 'public, max-age=60');
    assert.equal((await s.call('GET', '/.well-known/jwks.json')).headers.get('cache-control'), 'public, max-age=300');
  });

  it('the dev outbox answers with Cache-Control: no-store', async () => {
    const res = await s.app.request(
      'http://localhost/snr/dev/outbox',
      { headers: { host: 'localhost' } },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  it('the --demo status page has a strict CSP that allows its own style by hash and nothing inline', async () => {
    const app = createApp(s.ctx, { extra: demoRoutes(s.ctx, join(tmpdir(), `no-demo-${randomUUID()}`)) });
    const res = await app.request('/');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /snr-auth reference server/);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /\sstyle="/, 'an inline style attribute would be refused');
    const css = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(css).digest('base64')}'`), 'the page’s <style> is allowed by its hash');
  });

  it('the built demo’s pages get a CSP allowing their one inline script by hash, no other inline script', async () => {
    const root = mkdtempSync(join(tmpdir(), 'snr-demo-'));
    try {
      const inline = "document.documentElement.dataset.scheme = 'dark';";
      writeFileSync(
        join(root, 'index.html'),
        `<!doctype html><html><head><script>${inline}</script><script type="module" src="/assets/x.js"></script></head><body></body></html>`,
      );
      const app = createApp(s.ctx, { extra: demoRoutes(s.ctx, root) });
      for (const path of ['/', '/elements/signin']) {
        const res = await app.request(path);
        assert.equal(res.status, 200, path);
        const csp = res.headers.get('content-security-policy') ?? '';
        assert.ok(csp.includes(`'sha256-${createHash('sha256').update(inline).digest('base64')}'`), `${path}: ${csp}`);
        assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline|unsafe-eval/);
        assert.match(csp, /object-src 'none'/);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('DELETE /v4/clients/{clientId} takes the canonical decimal id only: 400 for any other spelling, nothing deleted', async () => {
    const c = await s.customer();
    for (const spelling of [
      `${c.clientId}.0`,
      `0${c.clientId}`,
      `${c.clientId}e0`,
      `%20${c.clientId}`,
      `${c.clientId}%20`,
      `+${c.clientId}`,
      `0x${c.clientId.toString(16)}`,
    ]) {
      const res = await backend('DELETE', `/v4/clients/${spelling}`);
      assert.equal(res.status, 400, `${spelling}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: c.token })).status, 200, `${spelling} deleted the customer`);
    }
    assert.equal((await backend('DELETE', `/v4/clients/${c.clientId}`)).status, 204);
    assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: c.token })).status, 401);
  });

  it('warns at start when API keys are set without SMTP: the live links would go to the log', () => {
    const keys = { SNR_API_KEYS: JSON.stringify({ 'shop-key': ['https://shop.example'] }) };
    assert.match(configWarnings(loadConfig(keys), { demo: false }).join('\n'), /SNR_API_KEYS is set but SNR_SMTP_URL is not/);
    assert.match(configWarnings(loadConfig(keys), { demo: true }).join('\n'), /SNR_SMTP_URL is not/, 'the demo flag changes nothing about the log');
    assert.deepEqual(
      configWarnings(loadConfig({ ...keys, SNR_SMTP_URL: 'smtp://mail.example:587', SNR_LANDING_URL: 'https://shop.example/a' }), { demo: false }),
      [],
    );
    assert.deepEqual(configWarnings(loadConfig({}), { demo: false }), [], 'local mode: the outbox is the developer’s mailbox');
  });
});
