import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Hono } from 'hono';
import pg from 'pg';
import { errorBodySchema, ROUTES, type RouteDef } from 'snr-auth/contract';
import { createApp } from '../../src/app.js';
import { loadConfig, type ServerConfig } from '../../src/config.js';
import { closeContext, createContext, type ServerContext, silentLogger } from '../../src/context.js';
import { openStore } from '../../src/store/db.js';

export const API_KEY = 'snr-local-dev-key';
export const PASSWORD = 'Secret1!';

/** The PostgreSQL server `npm test` and `.ci/run` provide; unset when none could be had. */
export const PG_URL = process.env.SNR_TEST_PG_URL;

export type Dialect = 'sqlite' | 'postgres';

/**
 * A database of its own for one test server: a temp SQLite file, or a fresh PostgreSQL database.
 * `migrated` (PostgreSQL): a copy of a database the server's migrations have already run on
 * (`CREATE DATABASE … TEMPLATE`, see migratedTemplate), instead of an empty one the server then
 * migrates: the server still checks its migrations at start, it just finds them all applied.
 * Without it (tests of the migrations themselves), the database is empty.
 */
export async function freshDatabase(dialect: Dialect, options: { migrated?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'snr-test-'));
    return { url: join(dir, 'test.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_URL) throw new Error('SNR_TEST_PG_URL is not set: no PostgreSQL for this test');
  const template = options.migrated ? await migratedTemplate() : undefined;
  const name = `snr_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

let template: Promise<string> | undefined;

/**
 * The name of a PostgreSQL database the server's migrations have run on, made once per cluster
 * and schema: its name carries a hash of the migration code, so a branch that adds a migration
 * gets a template of its own, and processes that ask at once make it once (an advisory lock).
 * It is built under another name and renamed when complete, so a copy is never taken of half a
 * schema. Nothing connects to it after that, which `CREATE DATABASE … TEMPLATE` requires.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const hash = createHash('sha256');
    for (const file of ['migrations.ts', 'db.ts']) hash.update(readFileSync(new URL(`../../src/store/${file}`, import.meta.url)));
    const name = `snr_test_template_${hash.digest('hex').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query('SELECT pg_advisory_lock(7316002)');
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!found.rowCount) {
        const building = `${name}_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
        await admin.query(`CREATE DATABASE ${building}`);
        const store = await openStore(databaseUrl(building));
        await store.close();
        await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await admin.end(); // ends the session, and with it the advisory lock
    }
    return name;
  })();
  template.catch(() => {
    template = undefined;
  });
  return template;
}

/**
 * A clock that moves only when told: handed to the server as its `now`, it makes a token expire, a
 * window close or a cache entry go stale in a millisecond instead of a sleep.
 */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let at = start;
  return {
    now: () => at,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`a clock only moves forward, not by ${ms} ms`);
      at += ms;
    },
  };
}

/** The route of the table a request reaches, or undefined for a path outside it (landing, outbox…). */
const ROUTE_PATTERNS = Object.entries(ROUTES as Record<string, RouteDef>).map(([name, route]) => ({
  name,
  route,
  pattern: new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
}));

export function routeFor(method: string, path: string): { name: string; route: RouteDef } | undefined {
  const pathname = path.split('?')[0]!;
  return ROUTE_PATTERNS.find((r) => r.route.method === method && r.pattern.test(pathname));
}

/**
 * Checks an answer against the contract, so drift between server and contract fails the test that
 * met it: a success has the route's status and exactly the shape of `ROUTES.x.response` (no field
 * missing, none extra: the parsed answer equals the answer), or no body where the route has no
 * response schema and answers 204; an error is the one error body, its `status` the HTTP status.
 */
export function checkAnswer(method: string, path: string, status: number, body: unknown): void {
  const where = `${method} ${path} answered ${status}`;
  if (status >= 400) {
    const parsed = errorBodySchema.safeParse(body);
    if (!parsed.success)
      throw new Error(`contract drift: ${where} with a body that is not the error body: ${JSON.stringify(body)?.slice(0, 500)}\n${parsed.error.message}`);
    if (parsed.data.status !== status) throw new Error(`contract drift: ${where} with an error body saying status ${parsed.data.status}`);
    return;
  }
  const match = routeFor(method, path);
  if (!match || status < 200 || status >= 300) return;
  const { name, route } = match;
  if (status !== route.status) throw new Error(`contract drift: ${where}; ROUTES.${name}.status is ${route.status}`);
  if (!route.response) {
    if (route.status === 204 && body !== undefined)
      throw new Error(`contract drift: ${where} with a body, where ROUTES.${name} has none: ${JSON.stringify(body).slice(0, 500)}`);
    return;
  }
  const parsed = route.response.safeParse(body);
  if (!parsed.success)
    throw new Error(`contract drift: ${where}; ROUTES.${name}.response refuses it: ${JSON.stringify(body)?.slice(0, 500)}\n${parsed.error.message}`);
  if (!isDeepStrictEqual(parsed.data, body)) {
    throw new Error(
      `contract drift: ${where} with fields ROUTES.${name}.response does not declare: ${JSON.stringify(body).slice(0, 500)}\nparsed: ${JSON.stringify(parsed.data).slice(0, 500)}`,
    );
  }
}

export interface TestServer {
  app: Hono;
  ctx: ServerContext;
  /** The server's clock, when the test asked for one (`makeServer(env, { clock })`). */
  clock?: TestClock;
  databaseUrl: string;
  /** Calls the app in-process (no port); JSON in, parsed JSON out. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** An anonymous session; `heldToken`: the token held for `uuid`, the proof that its profile is ours. */
  anonymous(uuid?: string, heldToken?: string): Promise<{ token: string; uuid: string }>;
  register(email: string, extra?: Record<string, unknown>): Promise<{ status: number; body: any; headers: Headers }>;
  /** `visitor`: a bare UUID, or an anonymous visitor (UUID and token) whose history the sign-in merges. */
  signIn(email: string, password?: string, visitor?: string | { uuid: string; token: string }): Promise<{ status: number; body: any; headers: Headers }>;
  /** Registers (automatic activation regardless of mode is NOT assumed) and signs in. */
  customer(email?: string): Promise<{ token: string; uuid: string; clientId: number; email: string }>;
  /** Mail written to the outbox for an address, newest first. */
  mails(to: string): Promise<Array<{ subject: string; text: string }>>;
  /** The token from the newest emailed link to an address. */
  linkToken(to: string): Promise<string>;
  close(): Promise<void>;
}

/** Calls an app in-process (no port): JSON in, parsed JSON out, checked against the contract (`checkAnswer`). */
export function callerFor(app: Hono): TestServer['call'] {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] ??= 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await app.request(path, { method, headers, body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    checkAnswer(method, path, res.status, body);
    return { status: res.status, body, headers: res.headers };
  };
}

/**
 * `clock`: the server reads time from it instead of the system clock (see `testClock`). `configure`:
 * changes the loaded configuration where no variable reaches (a time-out). `log`: a logger to read.
 * The breach check is off unless `SNR_BREACHED_PASSWORDS_URL` names a stand-in (test passwords are
 * in real breach lists).
 */
export async function makeServer(
  env: Record<string, string> = {},
  options: { dialect?: Dialect; clock?: TestClock; configure?: (config: ServerConfig) => ServerConfig; log?: ServerContext['log'] } = {},
): Promise<TestServer> {
  const database = await freshDatabase(options.dialect ?? 'sqlite', { migrated: true });
  const loaded = loadConfig({
    SNR_PBKDF2_ITERATIONS: '1000',
    SNR_RATE_LIMIT: 'off',
    SNR_REGISTRATION_MODE: 'automatic',
    SNR_BREACHED_PASSWORDS_URL: 'off',
    ...env,
    DATABASE_URL: database.url,
  });
  const config = options.configure ? options.configure(loaded) : loaded;
  const ctx = await createContext(config, { log: options.log ?? silentLogger, ...(options.clock ? { now: options.clock.now } : {}) });
  const app = createApp(ctx);

  const call = callerFor(app);

  const anonymous: TestServer['anonymous'] = async (uuid = randomUUID(), heldToken) => {
    const res = await call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid }, ...(heldToken ? { token: heldToken } : {}) });
    if (res.status !== 200) throw new Error(`anonymous login failed: ${res.status} ${JSON.stringify(res.body)}`);
    // A UUID is no credential: without the token held for it, an existing profile's UUID gets a fresh one.
    return { token: res.body.token, uuid: res.body.uuid ?? uuid };
  };

  const register: TestServer['register'] = async (email, extra = {}) => {
    const anon = await anonymous();
    return call('POST', '/sauth/clients/registered', { token: anon.token, body: { email, password: PASSWORD, ...extra } });
  };

  const signIn: TestServer['signIn'] = async (email, password = PASSWORD, visitor = randomUUID()) => {
    const { uuid, token } = typeof visitor === 'string' ? { uuid: visitor, token: undefined } : visitor;
    return call('POST', '/sauth/v3/auth/login/client', { body: { apiKey: API_KEY, uuid, email, password }, ...(token ? { token } : {}) });
  };

  const mails: TestServer['mails'] = async (to) => {
    // Email routes answer before they write the link (Mailer.afterAnswer): let that work finish.
    await ctx.mailer.settle();
    const rows = await ctx.db.selectFrom('outbox').select(['subject', 'text_body']).where('to_address', '=', to.toLowerCase()).orderBy('id', 'desc').execute();
    return rows.map((r) => ({ subject: r.subject, text: r.text_body }));
  };

  return {
    app,
    ctx,
    ...(options.clock ? { clock: options.clock } : {}),
    databaseUrl: database.url,
    call,
    anonymous,
    register,
    signIn,
    async customer(email = `c-${randomUUID()}@example.com`) {
      const reg = await register(email);
      if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
      const res = await signIn(email);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: res.body.token, uuid: res.body.uuid, clientId: res.body.clientId, email };
    },
    mails,
    async linkToken(to) {
      const [mail] = await mails(to);
      const match = mail && /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
      if (!match) throw new Error(`no emailed link for ${to}`);
      return match[1]!;
    },
    async close() {
      await closeContext(ctx);
      await database.drop();
    },
  };
}
