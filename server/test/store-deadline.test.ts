import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
// @ts-expect-error: a plain ESM script without types
import { findPostgresBin, startPostgres } from '../../scripts/postgres.mjs';
import { createLogger } from '../src/log.js';
import { startServer } from '../src/main.js';
import { API_KEY, PASSWORD } from './support/server.js';

/**
 * Issue 12 item 8: a PostgreSQL that stops answering (frozen by SIGSTOP, or one connection gone
 * silent) costs a request at most the store's deadline, answered 503 with Retry-After; the silent
 * connection is thrown away, never handed to the next query; and the server serves again, without a
 * restart, once the database answers.
 */

type Pg = { url: string; port: number; freezeSync(): void; thawSync(): void; stop(): Promise<void> };
const noPostgres = findPostgresBin() ? false : '!!! NO POSTGRESQL BINARIES: the frozen-database tests cannot run (apt-get install postgresql)';
const DEADLINE_MS = 1000;
/**
 * A request waits for a pooled connection (one deadline), then for its query (another); the rest is
 * slack for a loaded machine (CI shares its cores). Without deadlines a request waits until the
 * freeze ends: 8 s here.
 */
const BOUND_MS = 2 * DEADLINE_MS + 3000;

/**
 * A TCP relay between the server and PostgreSQL. `silenceExisting()` makes every connection open at
 * that moment go silent (bytes held in both directions, sockets left open); `replay()` delivers
 * what was held (a late answer). Connections made afterwards pass through.
 */
async function relay(port: number) {
  type Pair = { client: Socket; upstream: Socket; silent: boolean; held: { to: Socket; data: Buffer }[] };
  const pairs = new Set<Pair>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    const pair: Pair = { client, upstream, silent: false, held: [] };
    pairs.add(pair);
    const pipe = (from: Socket, to: Socket) => from.on('data', (data) => (pair.silent ? pair.held.push({ to, data }) : to.write(data)));
    pipe(client, upstream);
    pipe(upstream, client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    open: () => pairs.size,
    silenceExisting() {
      for (const pair of pairs) pair.silent = true;
    },
    replay() {
      for (const pair of pairs) {
        pair.silent = false;
        for (const { to, data } of pair.held.splice(0)) to.write(data);
      }
    },
    close: () => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('slow: PostgreSQL frozen (SIGSTOP) or a connection that stops answering', { skip: noPostgres }, () => {
  let pg: Pg;
  let proxy: Awaited<ReturnType<typeof relay>>;
  let direct: Awaited<ReturnType<typeof startServer>>;
  let relayed: Awaited<ReturnType<typeof startServer>>;
  const unexpected: string[] = [];
  before(async () => {
    // A cluster of its own: this test freezes it (never the shared one).
    pg = await startPostgres({ port: 0 });
    proxy = await relay(pg.port);
    const sink = new Writable({
      write: (chunk, _e, done) => (String(chunk).includes('unexpected error') && unexpected.push(String(chunk).slice(0, 2000)), done()),
    });
    const env = {
      SNR_DB_TIMEOUT_MS: String(DEADLINE_MS),
      SNR_PBKDF2_ITERATIONS: '1000',
      SNR_REGISTRATION_MODE: 'automatic',
      SNR_RATE_LIMIT: 'off',
    };
    const log = createLogger({ level: 'error', destination: sink });
    direct = await startServer({ env: { ...env, DATABASE_URL: pg.url }, port: 0, log });
    relayed = await startServer({ env: { ...env, DATABASE_URL: pg.url.replace(`:${pg.port}/`, `:${proxy.port}/`) }, port: 0, log });
  });
  after(async () => {
    pg?.thawSync();
    // The relay first: a connection it keeps silent would hold the relayed server's shutdown.
    await proxy?.close();
    await direct?.close();
    await relayed?.close();
    await pg?.stop();
  });

  /** The answer and how long it took; a request still waiting after 8 s counts as hung (status 0). */
  const timed = async (url: string, path: string, body?: unknown, token?: string) => {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(8000),
    }).catch(() => undefined);
    const text = res ? await res.text() : '';
    return {
      status: res?.status ?? 0,
      ms: performance.now() - started,
      retryAfter: res?.headers.get('retry-after'),
      body: text ? JSON.parse(text) : undefined,
    };
  };
  const events = (uuid: string, salts: string[]) =>
    salts.map((eventSalt) => ({ action: 'page.visit', time: new Date().toISOString(), eventSalt, client: { uuid } }));

  it('frozen: requests holding or wanting a connection answer 503 with Retry-After within the deadline; after SIGCONT the same server serves, every retried event once', async () => {
    const url = direct.url;
    const email = `frozen-${randomUUID()}@example.com`;
    const anon = (await timed(url, '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).body;
    assert.equal((await timed(url, '/sauth/clients/registered', { email, password: PASSWORD }, anon.token)).status, 201);
    const salts = Array.from({ length: 30 }, () => `f-${randomUUID()}`);
    // Several connections in the pool, idle when the freeze comes.
    await Promise.all([0, 10].map((from) => timed(url, '/v4/events/batch', events(anon.uuid, salts.slice(from, from + 10)), anon.token)));

    pg.freezeSync();
    let answers: Awaited<ReturnType<typeof timed>>[];
    try {
      answers = await Promise.all([
        timed(url, '/snr/health'),
        timed(url, '/v4/events/batch', events(anon.uuid, salts.slice(20, 30)), anon.token),
        timed(url, '/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email, password: PASSWORD }),
        timed(url, '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() }),
        ...Array.from({ length: 12 }, () => timed(url, '/v4/events/batch', events(anon.uuid, [`x-${randomUUID()}`]), anon.token)),
      ]);
    } finally {
      pg.thawSync();
    }
    for (const a of answers) {
      assert.equal(a.status, 503, `503 while frozen, not ${a.status} (${Math.round(a.ms)} ms)\n${unexpected.join('\n')}`);
      assert.ok(a.ms < BOUND_MS, `answered within the deadline: ${Math.round(a.ms)} ms`);
      assert.equal(a.retryAfter, '5');
    }
    assert.equal(answers[0]?.body.status, 'unavailable');
    assert.equal(answers[1]?.body.code, 'UNAVAILABLE');

    // Thawed: no restart, the pool connects afresh.
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await timed(url, '/snr/health')).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(health, 200, 'health is 200 again after SIGCONT');
    assert.equal((await timed(url, '/v4/events/batch', events(anon.uuid, salts.slice(20, 30)), anon.token)).status, 202, 'the retry goes through');
    assert.equal((await timed(url, '/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email, password: PASSWORD })).status, 200);
    const rows = await direct.ctx.db.selectFrom('events').select('event_salt').where('event_salt', 'in', salts).execute();
    assert.equal(rows.length, salts.length, 'every event exactly once');
  });

  it('a pooled connection that stops answering is discarded after the deadline (503), never reused; its late answer reaches nobody', async () => {
    const url = relayed.url;
    const customers = await Promise.all(
      [0, 1].map(async (i) => {
        const email = `silent-${i}-${randomUUID()}@example.com`;
        const anon = (await timed(url, '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).body;
        const reg = await timed(url, '/sauth/clients/registered', { email, password: PASSWORD, firstName: `Customer${i}` }, anon.token);
        assert.equal(reg.status, 201);
        return { email };
      }),
    );
    assert.ok(proxy.open() > 0, 'the pool holds connections through the relay');
    const silenced = proxy.open();
    proxy.silenceExisting();

    // Each request meets at most one silent connection; each such connection is thrown away.
    const first = await timed(url, '/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email: customers[0]?.email, password: PASSWORD });
    assert.equal(first.status, 503, `a silent connection gives 503, not ${first.status} after ${Math.round(first.ms)} ms`);
    assert.ok(first.ms < BOUND_MS, `within the deadline: ${Math.round(first.ms)} ms`);
    assert.equal(first.retryAfter, '5');
    // The held answers arrive late: on a connection back in the pool they would answer the next query.
    proxy.replay();

    let served: Awaited<ReturnType<typeof timed>> | undefined;
    for (let i = 0; i <= silenced && served?.status !== 200; i++) {
      served = await timed(url, '/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email: customers[1]?.email, password: PASSWORD });
      assert.ok(served.status === 200 || served.status === 503, `200 or 503, not ${served.status}`);
      assert.ok(served.ms < BOUND_MS, `within the deadline: ${Math.round(served.ms)} ms`);
    }
    assert.equal(served?.status, 200, 'serves again once the silent connections are gone');
    const account = await timed(url, '/v4/my-account/personal-information', undefined, served?.body.token);
    assert.equal(account.status, 200);
    assert.equal(account.body.email, customers[1]?.email, 'the answer is the second customer’s, not the late answer of the first query');
    assert.equal(account.body.firstName, 'Customer1');
  });
});
