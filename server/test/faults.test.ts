import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
// @ts-expect-error: a plain ESM script without types
import { findPostgresBin, startPostgres } from '../../scripts/postgres.mjs';
import { createLogger } from '../src/log.js';
import { startServer } from '../src/main.js';
import { API_KEY, PASSWORD } from './support/server.js';

type Pg = { url: string; pauseSync(): void; resume(): Promise<void>; stop(): Promise<void> };
const noPostgres = findPostgresBin() ? false : '!!! NO POSTGRESQL BINARIES: the database-outage test cannot run (apt-get install postgresql)';

describe('slow: the database goes away and comes back', { skip: noPostgres }, () => {
  let pg: Pg;
  let server: Awaited<ReturnType<typeof startServer>>;
  /** What the server logged as unexpected: shown when an assertion about 5xx fails. */
  const unexpected: string[] = [];
  before(async () => {
    // A cluster of its own: this test stops it.
    pg = await startPostgres({ port: 0 });
    const sink = new Writable({
      write: (chunk, _e, done) => (String(chunk).includes('unexpected error') && unexpected.push(String(chunk).slice(0, 2000)), done()),
    });
    server = await startServer({
      env: { DATABASE_URL: pg.url, SNR_PBKDF2_ITERATIONS: '1000', SNR_REGISTRATION_MODE: 'automatic', SNR_RATE_LIMIT: 'off' },
      port: 0,
      log: createLogger({ level: 'error', destination: sink }),
    });
  });
  after(async () => {
    await server?.close();
    await pg?.stop();
  });

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('answers 503 UNAVAILABLE (health too) while it is down, and recovers without a restart; nothing is lost', async () => {
    const email = `outage-${randomUUID()}@example.com`;
    const anon = await (await post('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).json();
    assert.equal((await post('/sauth/clients/registered', { email, password: PASSWORD }, anon.token)).status, 201);
    const salts = Array.from({ length: 20 }, () => `o-${randomUUID()}`);
    const batch = (from: number, to: number) =>
      salts.slice(from, to).map((eventSalt) => ({ action: 'page.visit', time: new Date().toISOString(), eventSalt, client: { uuid: anon.uuid } }));
    assert.equal((await post('/v4/events/batch', batch(0, 10), anon.token)).status, 202);

    pg.pauseSync();
    const health = await fetch(`${server.url}/snr/health`);
    assert.equal(health.status, 503);
    for (const res of [
      await post('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() }),
      await post('/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email, password: PASSWORD }),
      await post('/v4/events/batch', batch(10, 20), anon.token),
    ]) {
      assert.equal(res.status, 503, unexpected.join('\n'));
      const body = await res.json();
      assert.equal(body.code, 'UNAVAILABLE');
      assert.equal(res.headers.get('retry-after'), '5');
      assert.ok(!/postgres|ECONN|select|insert/i.test(JSON.stringify(body)), 'no internals in the answer');
    }

    await pg.resume();
    // The pool reconnects on its own: the same server answers again.
    let recovered = 0;
    for (let i = 0; i < 50 && recovered === 0; i++) {
      if ((await fetch(`${server.url}/snr/health`)).status === 200) recovered = i + 1;
      else await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(recovered > 0, 'health is 200 again');
    assert.equal((await post('/v4/events/batch', batch(10, 20), anon.token)).status, 202, 'the tracker’s retry goes through');
    const signIn = await post('/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email, password: PASSWORD });
    assert.equal(signIn.status, 200, 'the account registered before the outage is there');
    const rows = await server.ctx.db.selectFrom('events').select('event_salt').where('event_salt', 'in', salts).execute();
    assert.equal(rows.length, 20, 'every event exactly once');
  });

  it('under steady traffic, a 10 s outage gives 503s, then full recovery; every event and account a client retried is there once', async () => {
    const anon = await (await post('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).json();
    const sent = new Set<string>();
    const registered = new Set<string>();
    const statuses = new Map<number, number>();
    let stop = false;
    // Two clients that keep working through the outage and retry what failed, as the tracker and a form would.
    const tracker = (async () => {
      for (let i = 0; !stop; i++) {
        const batch = Array.from({ length: 10 }, (_, j) => ({
          action: 'page.visit',
          time: new Date().toISOString(),
          eventSalt: `t-${i}-${j}-${randomUUID().slice(0, 8)}`,
          client: { uuid: anon.uuid },
        }));
        for (;;) {
          const res = await post('/v4/events/batch', batch, anon.token).catch(() => undefined);
          statuses.set(res?.status ?? 0, (statuses.get(res?.status ?? 0) ?? 0) + 1);
          if (res?.status === 202) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        batch.forEach((e) => sent.add(e.eventSalt));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const registrar = (async () => {
      for (let i = 0; !stop; i++) {
        const email = `steady-${i}-${randomUUID().slice(0, 8)}@example.com`;
        for (;;) {
          const res = await post('/sauth/clients/registered', { apiKey: API_KEY, email, password: PASSWORD }).catch(() => undefined);
          if (res?.status === 201 || res?.status === 409) break; // 409: an earlier try went through
          await new Promise((r) => setTimeout(r, 200));
        }
        registered.add(email);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));
    pg.pauseSync();
    await new Promise((r) => setTimeout(r, 10_000));
    await pg.resume();
    await new Promise((r) => setTimeout(r, 2000));
    stop = true;
    await Promise.all([tracker, registrar]);
    assert.ok((statuses.get(503) ?? 0) > 0, `503s during the outage: ${JSON.stringify([...statuses])}`);
    assert.ok(![...statuses.keys()].some((st) => st >= 500 && st !== 503), `only 503s: ${JSON.stringify([...statuses])}\n${unexpected.join('\n')}`);
    const events = await server.ctx.db
      .selectFrom('events')
      .select('event_salt')
      .where('event_salt', 'in', [...sent])
      .execute();
    assert.equal(events.length, sent.size, 'every acknowledged event is stored, once');
    const accounts = await server.ctx.db
      .selectFrom('clients')
      .select('email')
      .where('email', 'in', [...registered])
      .execute();
    assert.equal(accounts.length, registered.size, 'every registered account is there');
  });
});

describe('what counts as the store being away (503), not a bad query (500)', () => {
  it("SQLite's primary and extended codes of I/O, busy, read-only, full and cannot-open; connection failures", async () => {
    const { isStoreUnavailable } = await import('../src/errors.js');
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_IOERR',
      'SQLITE_IOERR_WRITE',
      'SQLITE_IOERR_FSYNC',
      'SQLITE_READONLY',
      'SQLITE_READONLY_DBMOVED',
      'SQLITE_FULL',
      'SQLITE_CANTOPEN',
      'ECONNREFUSED',
      '08006',
      '57P01',
    ]) {
      assert.equal(isStoreUnavailable(Object.assign(new Error('x'), { code })), true, code);
    }
    for (const code of ['SQLITE_ERROR', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSYNESS', '23505', '42P01']) {
      assert.equal(isStoreUnavailable(Object.assign(new Error('x'), { code })), false, code);
    }
  });
});
