// A web-test-runner plugin that runs real reference servers (server/src/main.ts) for browser tests,
// each behind a small counting proxy. Tests drive it with `executeServerCommand(name, payload)` from
// @web/test-runner-commands:
//
//   snr-server-start   { env?, own? }      → { id, url }   url is the proxy's; it stays the same across restarts
//   snr-server-stop    { id, kill? }       → true          graceful stop, or SIGKILL (a crash: `own: 'process'` only)
//   snr-server-restart { id }              → true          same port, same SQLite file, same env
//   snr-server-close   { id }              → true          give it back to the pool, or stop it and delete its files
//   snr-server-requests { id, reset? }     → { counts: { "POST /path": n }, refreshes: [...] }
//   snr-server-delay   { id, path, ms }    → true          hold answers to requests to that path that
//                                                          reach the proxy from now on (0 to stop)
//   snr-server-fault   { id, path, status, code, match?, retryAfter?, times?, method? } → true
//                                                          the proxy answers POSTs to that path itself, with
//                                                          the contract's error body and status (and a
//                                                          Retry-After header), when the body holds `match`
//                                                          (any body without), `times` times (for ever
//                                                          without); status 0 removes the fault
//   snr-server-query   { id, sql, params? } → rows         read-only SQL on the server's SQLite file, once the
//                                                          server has written what its answers promised
//   snr-server-http    { id, method, path, headers?, body? } → { status, body }   a request from Node
//                                                          (the site backend's routes)
//   snr-provider-env   {}                  → env           variables pointing a server at local OAuth and
//                                                          Facebook stand-ins (see providerStub below)
//   snr-breached-passwords {}              → env           a stand-in of the Pwned Passwords range API
//                                                          (test/support/breached-passwords.ts) listing
//                                                          BREACHED_PASSWORDS, and the variable naming it
//   snr-id-issuers     {}                  → { env, google, apple }   stand-in Google and Apple issuers
//                                                          (demo/providers/id-token-issuer.ts): the server's
//                                                          env, and each one's { issuer, clientId, scriptUrl }
//
// Servers run in this process (the server code is loaded once, through tsx) and are shared: a test
// file asking for a server with the same env as one another file has given back gets that one, with
// its request counts, refresh log and delays reset (its data stays: tests name their customers with
// unique emails, so they cannot see each other's). Two servers held by one file at once are two
// servers. `own: 'server'` gives a file a server nobody else gets (for tests that stop it);
// `own: 'process'` one in a child process, the only kind SIGKILL can crash.
//
// Every refresh request is logged with the claims of the token it carried (sid, iat, exp), the time
// it reached the proxy, the answer's status and the tail of the token it got back, so tests can show
// that no expired token was sent and that each token was refreshed once, in one unbroken chain.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./browser-server-child.ts', import.meta.url));
const REFRESH_PATH = '/sauth/v3/auth/refresh/client';

/** Test defaults: cheap hashing, no sign-in rate limit, sign-in right after registering. */
const DEFAULT_ENV = {
  SNR_PBKDF2_ITERATIONS: '1000',
  SNR_RATE_LIMIT: 'off',
  SNR_REGISTRATION_MODE: 'automatic',
  SNR_REVOCATION_CACHE_MS: '0',
  // Test passwords are in real breach lists: a test names the stand-in (snr-breached-passwords) to check.
  SNR_BREACHED_PASSWORDS_URL: 'off',
};

/** Passwords the breach stand-in lists (browser tests type them to see the refusal). */
const BREACHED_PASSWORDS = ['Password1!', 'Breached-pass-1'];

function claimsOf(authorization) {
  const token = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
  if (!token) return null;
  try {
    const { sid, iat, exp, rlm } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    return { sid, iat, exp, rlm, token };
  } catch {
    return null;
  }
}

/**
 * The server code, loaded into this process once (tsx compiles it; the child processes share its cache).
 * It imports `snr-auth/contract`, which resolves to the sources only under the `snr-auth-source`
 * export condition: this process was not started with `--conditions=snr-auth-source`, so the
 * server package's hook adds it (to every resolution after it; only the two snr-auth packages use it).
 */
let serverModule;
const loadServer = () => {
  if (!serverModule) {
    register('../../server/bin/source-condition.mjs', import.meta.url);
    serverModule = tsImport('../../server/src/main.ts', import.meta.url);
  }
  return serverModule;
};

/**
 * A child process that has loaded the server code and waits for its options on stdin. Taking one
 * starts the next, so a server in a child process (re)starts in milliseconds, not in the seconds
 * that loading the code through tsx takes.
 */
let spare = null;
const spawnChild = () =>
  spawn(process.execPath, ['--conditions=snr-auth-source', '--import', 'tsx', CHILD], { cwd: ROOT, env: process.env, stdio: ['pipe', 'pipe', 'inherit'] });
function takeChild() {
  const child = spare && spare.exitCode === null && spare.signalCode === null ? spare : spawnChild();
  spare = spawnChild();
  return child;
}
function dropSpare() {
  spare?.stdin.end(); // it exits when its stdin closes
  spare = null;
}

class ManagedServer {
  /** `inProcess`: run in this process; otherwise in a child process (which SIGKILL can crash). */
  constructor(id, env, { inProcess = true } = {}) {
    this.id = id;
    this.inProcess = inProcess;
    this.dir = mkdtempSync(join(tmpdir(), 'snr-browser-'));
    this.env = { ...DEFAULT_ENV, ...env, DATABASE_URL: join(this.dir, 'snr.sqlite') };
    this.port = 0;
    this.child = null; // a child process
    this.running = null; // or an in-process server
    this.counts = {};
    this.refreshes = [];
    this.delays = new Map();
    this.faults = new Map(); // path → { status, code, match, retryAfter, times }
  }

  get up() {
    return Boolean(this.child || this.running);
  }

  /** What one test file did to it, forgotten before another file gets it. */
  reset() {
    this.counts = {};
    this.refreshes = [];
    this.delays.clear();
    this.faults.clear();
  }

  async start() {
    if (this.up) return;
    const t = Date.now();
    try {
      if (this.inProcess) {
        const { startServer } = await loadServer();
        this.running = await startServer({ env: this.env, port: this.port, host: '127.0.0.1', log: 'silent', shutdownGraceMs: 2000 });
        this.port = this.running.port;
      } else {
        await this.spawn();
      }
    } finally {
      if (Date.now() - t > 3000) process.stderr.write(`[test server ${this.id}] starting took ${Date.now() - t} ms\n`);
    }
  }

  async spawn() {
    const child = takeChild();
    child.stdin.write(`${JSON.stringify({ env: this.env, port: this.port })}\n`);
    this.child = child;
    const address = await new Promise((resolve, reject) => {
      let out = '';
      const onData = (chunk) => {
        out += chunk;
        const line = out.split('\n')[0];
        if (out.includes('\n')) {
          child.stdout.off('data', onData);
          try {
            resolve(JSON.parse(line));
          } catch {
            reject(new Error(`server ${this.id} said: ${line}`));
          }
        }
      };
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', onData);
      child.once('exit', (code, signal) => reject(new Error(`server ${this.id} exited at start (${code ?? signal})`)));
    });
    child.stdout.resume();
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.port = address.port;
  }

  async stop(kill = false) {
    if (this.running) {
      if (kill) throw new Error(`server ${this.id} runs in the test runner's process: start it with { own: 'process' } to crash it`);
      const running = this.running;
      this.running = null; // the proxy drops connections from now on, as for a stopped process
      await running.close();
      return;
    }
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(kill ? 'SIGKILL' : 'SIGTERM');
    await exited;
    this.child = null;
  }

  /** The proxy in front of the server: counts, logs refreshes, may hold answers, drops when down. */
  async listen() {
    this.proxy = http.createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const key = `${req.method} ${path}`;
      if (req.method !== 'OPTIONS') this.counts[key] = (this.counts[key] ?? 0) + 1;
      // The hold is the one set when the request arrived (when it is counted), so a test that saw it
      // counted may set another for the next request without changing this one's.
      const delay = req.method === 'OPTIONS' ? 0 : (this.delays.get(path) ?? 0);
      const entry = req.method === 'POST' && path === REFRESH_PATH ? { at: Date.now(), ...claimsOf(req.headers.authorization) } : null;
      if (entry) this.refreshes.push(entry);
      if (!this.up) {
        // As a stopped server looks to a browser: the connection just fails.
        req.resume();
        req.socket.destroy();
        return;
      }
      const forward = (buffered) => {
        const upstream = http.request({ host: '127.0.0.1', port: this.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          const chunks = [];
          answer.on('data', (chunk) => chunks.push(chunk));
          answer.on('end', () => {
            const body = Buffer.concat(chunks);
            if (entry) {
              entry.status = answer.statusCode;
              try {
                entry.issuedTail = JSON.parse(body.toString('utf8')).token?.slice(-16);
              } catch {
                /* an error body */
              }
            }
            setTimeout(() => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(body);
            }, delay);
          });
        });
        upstream.on('error', () => req.socket.destroy());
        if (buffered) upstream.end(buffered);
        else req.pipe(upstream);
      };
      const candidate = this.faults.get(path);
      const fault = candidate && req.method === (candidate.method ?? 'POST') ? candidate : undefined;
      if (fault) {
        // A server fault stood in for by the proxy: read the body, answer for the server when it matches.
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          if ((fault.match === undefined || body.toString('utf8').includes(fault.match)) && fault.times !== 0) {
            if (fault.times !== undefined) fault.times--;
            const headers = { 'content-type': 'application/json', 'access-control-allow-origin': req.headers.origin ?? '*' };
            if (fault.retryAfter !== undefined) {
              headers['retry-after'] = String(fault.retryAfter);
              headers['access-control-expose-headers'] = 'Retry-After';
            }
            res.writeHead(fault.status, headers);
            res.end(
              JSON.stringify({
                error: 'Fault',
                status: fault.status,
                code: fault.code,
                message: `injected ${fault.status}`,
                path,
                timestamp: new Date().toISOString(),
              }),
            );
            return;
          }
          forward(body);
        });
        return;
      }
      forward();
    });
    await new Promise((resolve) => this.proxy.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${this.proxy.address().port}`;
  }

  /** Waits until the server has done the work its answers promised (see browser-server-child.ts). */
  async settle() {
    if (this.running) return await this.running.ctx.mailer.settle();
    const child = this.child;
    if (!child) return;
    await new Promise((resolve) => {
      let seen = '';
      const onData = (chunk) => {
        seen += chunk;
        if (!seen.includes('settled\n')) return;
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = () => {
        child.stdout.off('data', onData);
        resolve();
      };
      child.stdout.on('data', onData);
      child.once('exit', onExit);
      child.stdin.write('settle\n');
    });
  }

  async query(sql, params = []) {
    await this.settle();
    const db = new Database(this.env.DATABASE_URL, { readonly: true, fileMustExist: true });
    try {
      const statement = db.prepare(sql);
      return statement.reader ? statement.all(...params) : (statement.run(...params), []);
    } finally {
      db.close();
    }
  }

  async close() {
    const t = Date.now();
    // Teardown, not a test of graceful shutdown (that is `stop()`): a child gets SIGTERM, and
    // SIGKILL if it still waits on a request after 2 s (an in-process server cuts its connections
    // after 2 s), so a root `after` hook never runs out of time.
    const child = this.child;
    const kill = setTimeout(() => child?.kill('SIGKILL'), 2000);
    await this.stop();
    clearTimeout(kill);
    // The pages' keep-alive connections to the proxy would hold close() open until the browser
    // drops them (a root `after` hook then timed out): cut them as soon as closing starts.
    const closed = new Promise((resolve) => (this.proxy ? this.proxy.close(() => resolve()) : resolve()));
    this.proxy?.closeAllConnections();
    await closed;
    if (Date.now() - t > 2000) process.stderr.write(`[test server ${this.id}] closing took ${Date.now() - t} ms\n`);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Stand-ins for the identity providers the server asks (DESIGN.md §7), on one local port:
 * - OAuth verification endpoint `GET /oauth/userinfo`: `Bearer good:<sub>:<email>` → 200 claims;
 *   `Bearer garbage` → 200 with a body that is not JSON; `Bearer hangup` → the connection drops;
 *   anything else → 401.
 * - Facebook Graph API `GET /graph/debug_token` and `GET /graph/me` for app `test-app`: user tokens
 *   `fb:<id>:<email>` are valid, any other is not.
 */
async function providerStub() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/oauth/userinfo') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (token === 'hangup') return req.socket.destroy();
      if (token === 'garbage') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>oops</html>');
      }
      const [kind, sub, email] = token.split(':');
      if (kind !== 'good' || !sub) return json(401, { error: 'invalid_token' });
      return json(200, { sub, email, email_verified: true, given_name: 'Oauth', family_name: 'User' });
    }
    if (url.pathname === '/graph/debug_token') {
      if (url.searchParams.get('access_token') !== 'test-app|test-secret') return json(400, { error: { message: 'bad app token' } });
      const [kind, id] = (url.searchParams.get('input_token') ?? '').split(':');
      return json(200, { data: kind === 'fb' && id ? { is_valid: true, app_id: 'test-app', user_id: id } : { is_valid: false } });
    }
    if (url.pathname === '/graph/me') {
      const [kind, id, email] = (url.searchParams.get('access_token') ?? '').split(':');
      if (kind !== 'fb' || !id) return json(400, { error: { message: 'bad token' } });
      return json(200, { id, email, first_name: 'Face', last_name: 'Book' });
    }
    json(404, { error: 'not found' });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    env: {
      SNR_OAUTH_VERIFY_URL: `${base}/oauth/userinfo`,
      SNR_FACEBOOK_APP_ID: 'test-app',
      SNR_FACEBOOK_APP_SECRET: 'test-secret',
      SNR_FACEBOOK_GRAPH_URL: `${base}/graph`,
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Stand-in Google (RS256) and Apple (ES256) issuers with their page-script stand-ins, for the provider button. */
async function idIssuers() {
  const { IdTokenIssuer } = await tsImport('../../demo/providers/id-token-issuer.ts', import.meta.url);
  const google = new IdTokenIssuer({ kind: 'google', clientId: 'snr-test.apps.googleusercontent.com', alg: 'RS256', sdk: true });
  const apple = new IdTokenIssuer({ kind: 'apple', clientId: 'com.example.snr-test.web', alg: 'ES256', sdk: true });
  await Promise.all([google.start(), apple.start()]);
  const about = (i) => ({ issuer: i.url, clientId: i.clientId, scriptUrl: i.scriptUrl });
  return {
    info: {
      env: { SNR_GOOGLE_CLIENT_ID: google.clientId, SNR_GOOGLE_ISSUER: google.url, SNR_APPLE_CLIENT_ID: apple.clientId, SNR_APPLE_ISSUER: apple.url },
      google: about(google),
      apple: about(apple),
    },
    close: () => Promise.all([google.stop(), apple.stop()]),
  };
}

/** Same env, same key: the env a server was asked for, in a canonical order. */
const poolKey = (env) => JSON.stringify(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function snrServerPlugin() {
  const servers = new Map(); // id → ManagedServer
  const holders = new Map(); // id → test session holding it
  const pool = new Map(); // pool key → shared ManagedServers
  let next = 1;
  let providers;
  let issuers;
  let rangeStandIn;
  const get = (id) => {
    const server = servers.get(id);
    if (!server) throw new Error(`no test server ${id}`);
    return server;
  };
  const stats = { started: 0, children: 0, reused: 0, ms: 0 };
  const create = async (env, options) => {
    const t = Date.now();
    const server = new ManagedServer(next++, env, options);
    await server.listen();
    await server.start();
    servers.set(server.id, server);
    stats.started++;
    if (!server.inProcess) stats.children++;
    stats.ms += Date.now() - t;
    return server;
  };

  return {
    name: 'snr-reference-server',
    serverStart() {
      // Compiling the server code overlaps the browser's launch; a failure shows at the first start.
      loadServer().catch(() => {});
    },
    async executeCommand({ command, payload = {}, session }) {
      switch (command) {
        case 'snr-server-start': {
          const env = payload.env ?? {};
          const holder = session?.id ?? 'unknown';
          if (payload.own) {
            const server = await create(env, { inProcess: payload.own !== 'process' });
            holders.set(server.id, holder);
            return { id: server.id, url: server.url };
          }
          const key = poolKey(env);
          if (!pool.has(key)) pool.set(key, []);
          const shared = pool.get(key);
          const free = shared.find((s) => !holders.has(s.id));
          if (free) {
            holders.set(free.id, holder); // before any await: a second start from the same file gets another
            stats.reused++;
            free.reset();
            await free.start(); // in case the last holder left it stopped
            return { id: free.id, url: free.url };
          }
          const server = await create(env);
          holders.set(server.id, holder);
          shared.push(server);
          return { id: server.id, url: server.url };
        }
        case 'snr-server-stop':
          await get(payload.id).stop(Boolean(payload.kill));
          return true;
        case 'snr-server-restart':
          await get(payload.id).start();
          return true;
        case 'snr-server-close': {
          const server = servers.get(payload.id);
          holders.delete(payload.id);
          if (server && [...pool.values()].some((shared) => shared.includes(server))) {
            server.reset(); // back to the pool, running, for the next file with the same env
            return true;
          }
          servers.delete(payload.id);
          await server?.close();
          return true;
        }
        case 'snr-server-requests': {
          const server = get(payload.id);
          const answer = { counts: { ...server.counts }, refreshes: server.refreshes.map(({ token, ...rest }) => ({ ...rest, tokenTail: token?.slice(-16) })) };
          if (payload.reset) {
            server.counts = {};
            server.refreshes = [];
          }
          return answer;
        }
        case 'snr-server-fault': {
          const { id, path, status, ...rest } = payload;
          if (status) get(id).faults.set(path, { status, ...rest });
          else get(id).faults.delete(path);
          return true;
        }
        case 'snr-server-delay':
          get(payload.id).delays.set(payload.path, payload.ms ?? 0);
          return true;
        case 'snr-server-query':
          return await get(payload.id).query(payload.sql, payload.params);
        case 'snr-server-http': {
          // As the site's backend would call it: from Node, not from the page's origin.
          const server = get(payload.id);
          const res = await fetch(`http://127.0.0.1:${server.port}${payload.path}`, {
            method: payload.method ?? 'GET',
            headers: { 'content-type': 'application/json', ...payload.headers },
            body: payload.body === undefined ? undefined : JSON.stringify(payload.body),
          });
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : null };
        }
        case 'snr-provider-env':
          providers ??= await providerStub();
          return providers.env;
        case 'snr-breached-passwords':
          rangeStandIn ??= tsImport('./breached-passwords.ts', import.meta.url).then((m) =>
            m.startRangeStandIn(Object.fromEntries(BREACHED_PASSWORDS.map((p) => [p, 1000]))),
          );
          return { SNR_BREACHED_PASSWORDS_URL: (await rangeStandIn).url };
        case 'snr-id-issuers':
          issuers ??= idIssuers();
          return (await issuers).info;
        default:
          return undefined;
      }
    },
    async serverStop() {
      if (stats.started)
        process.stdout.write(
          `Reference servers: ${stats.started} started (${stats.children} in child processes) in ${(stats.ms / 1000).toFixed(1)} s, ${stats.reused} handed to another file\n`,
        );
      await Promise.all([...servers.values()].map((server) => server.close().catch(() => undefined)));
      servers.clear();
      await providers?.close();
      await (await rangeStandIn)?.close();
      await (await issuers)?.close();
      dropSpare();
    },
  };
}
