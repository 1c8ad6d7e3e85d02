/**
 * `node --conditions=snr-auth-source --import tsx bench/ab-hot-paths.ts <old checkout> [blocks] [per block]`: what a change
 * costs on the two hottest paths — anonymous login (a new UUID each) and event batches (20 small
 * events, over 300 anonymous sessions) — in CPU per request, old build against this one, in ONE
 * process. Both builds are loaded side by side (each its own module graph, its own SQLite file in
 * a temporary directory, rate limits as `AB_OLD_RATE_LIMIT` / `AB_NEW_RATE_LIMIT` say, default:
 * the defaults), and requests are sent in-process (`app.request`, no sockets) in small blocks that
 * alternate old, new, old, new…, so the neighbours' load on a shared machine falls on both alike;
 * CPU is this process's (`process.cpuUsage()`, the libuv pool included). In-process requests skip
 * HTTP parsing, so the relative difference reads larger than over HTTP, not smaller. Prints the
 * median over blocks of CPU per request for each build and path, and the difference.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [oldDir, blocksArg, perBlockArg] = process.argv.slice(2);
if (!oldDir) throw new Error('usage: bench/ab-hot-paths.ts <old checkout> [blocks] [per block]');
const BLOCKS = Number(blocksArg ?? '20');
const PER_BLOCK = Number(perBlockArg ?? '300');
const SESSIONS = 300;
const EVENTS_PER_BATCH = 20;
const API_KEY = 'snr-local-dev-key';

interface App {
  request(path: string, init: RequestInit, env: object): Promise<Response> | Response;
}

/** What @hono/node-server hands a request over a socket, as far as the client's address (`getConnInfo`); its body is read from the Request (`readableDidRead`). */
const socketEnv = (remoteAddress: string) => ({ incoming: { readableDidRead: true, socket: { remoteAddress, remotePort: 50_000, remoteFamily: 'IPv4' } } });
const SOCKET_ENV = socketEnv('127.0.0.1');
/** Anonymous logins come each from an address of its own, as visitors do (`AB_ONE_ADDRESS=1`: all from one). */
let visitor = 0;
const visitorEnv = () => (process.env.AB_ONE_ADDRESS ? SOCKET_ENV : socketEnv(`10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor++ & 255}`));

interface Build {
  name: string;
  app: App;
  close(): Promise<void>;
  sessions: Array<{ token: string; uuid: string }>;
}

async function open(name: string, checkout: string, rateLimit: string): Promise<Build> {
  const from = (file: string) => import(pathToFileURL(join(resolve(checkout), file)).href);
  // The server's sources: server/src since it is its own package (issue 15), src/server before.
  const server = existsSync(join(resolve(checkout), 'server/src/config.ts')) ? 'server/src' : 'src/server';
  const { loadConfig } = await from(`${server}/config.ts`);
  const { createContext, closeContext, silentLogger } = await from(`${server}/context.ts`);
  const { createApp } = await from(`${server}/app.ts`);
  const dir = mkdtempSync(join(tmpdir(), `snr-ab-${name}-`));
  const config = loadConfig({
    DATABASE_URL: join(dir, 'ab.sqlite'),
    SNR_RATE_LIMIT: rateLimit,
    SNR_REGISTRATION_MODE: 'automatic',
    SNR_PBKDF2_ITERATIONS: '1000',
  });
  const ctx = await createContext(config, { log: silentLogger });
  const app = createApp(ctx) as App;
  const sessions = [];
  for (let i = 0; i < SESSIONS; i++) {
    const uuid = randomUUID();
    sessions.push({ uuid, token: ((await (await anonymous(app, uuid, SOCKET_ENV)).json()) as { token: string }).token });
  }
  return {
    name,
    app,
    sessions,
    async close() {
      await closeContext(ctx);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const json = { 'content-type': 'application/json' };
const anonymous = (app: App, uuid = randomUUID(), env: object = visitorEnv()) =>
  app.request('/sauth/v3/auth/login/client/anonymous', { method: 'POST', headers: json, body: JSON.stringify({ apiKey: API_KEY, uuid }) }, env);

let batchSeq = 0;
function batch(build: Build) {
  const { token, uuid } = build.sessions[batchSeq++ % build.sessions.length]!;
  const time = new Date().toISOString();
  const body = Array.from({ length: EVENTS_PER_BATCH }, () => ({
    action: 'page.visit',
    label: 'Home',
    time,
    params: { path: '/products/42', referrer: 'https://example.com/' },
    eventSalt: randomUUID(),
    client: { uuid },
  }));
  return build.app.request(
    '/v4/events/batch',
    { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify(body) },
    SOCKET_ENV,
  );
}

/** CPU µs per request of one block; the bodies are made before the clock starts, the answers must be 2xx. */
async function block(build: Build, send: (build: Build) => Promise<Response> | Response): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < PER_BLOCK; i++) {
    const res = await send(build);
    if (res.status >= 300) throw new Error(`${build.name}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / PER_BLOCK;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const builds = [await open('old', oldDir, process.env.AB_OLD_RATE_LIMIT ?? ''), await open('new', process.cwd(), process.env.AB_NEW_RATE_LIMIT ?? '')];
const paths: Array<[string, (b: Build) => Promise<Response> | Response]> = [
  ['anonymous login', (b) => anonymous(b.app)],
  [`event batch (${EVENTS_PER_BATCH})`, batch],
];
try {
  // Warm-up: one block of each, unmeasured.
  for (const [, send] of paths) for (const b of builds) await block(b, send);
  const results = new Map<string, number[]>();
  for (let i = 0; i < BLOCKS; i++) {
    for (const [path, send] of paths) {
      // Alternate which build goes first, so neither always runs after the other's garbage.
      for (const b of i % 2 ? [...builds].reverse() : builds) {
        const key = `${path} ${b.name}`;
        results.set(key, [...(results.get(key) ?? []), await block(b, send)]);
      }
    }
  }
  for (const [path] of paths) {
    const olds = results.get(`${path} old`)!;
    const news = results.get(`${path} new`)!;
    const old = median(olds);
    const now = median(news);
    // Each block's new against the old block next to it: the neighbours' swings cancel within a pair.
    const paired = median(news.map((n, i) => n / olds[i]!));
    console.log(
      `${path}: old ${old.toFixed(0)} µs CPU/req, new ${now.toFixed(0)} µs CPU/req (${(((now - old) / old) * 100).toFixed(1)} %; ` +
        `median pair ratio ${((paired - 1) * 100).toFixed(1)} %), ${BLOCKS} blocks of ${PER_BLOCK} each`,
    );
  }
} finally {
  for (const b of builds) await b.close();
}
