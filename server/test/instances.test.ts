import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startServer } from '../src/main.js';
import { API_KEY, freshDatabase, PASSWORD, PG_URL, testClock } from './support/server.js';

const skip = PG_URL ? false : '!!! NO POSTGRESQL (SNR_TEST_PG_URL unset): the two-instance tests cannot run';

describe('two server instances on one PostgreSQL, over HTTP', { skip }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let a: Awaited<ReturnType<typeof startServer>>;
  let b: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    db = await freshDatabase('postgres');
    const env = { DATABASE_URL: db.url, SNR_PBKDF2_ITERATIONS: '1000', SNR_REGISTRATION_MODE: 'automatic', SNR_RATE_LIMIT: 'off' };
    // Started together, as behind a load balancer after a deploy: migrations and the first key under locks.
    [a, b] = await Promise.all([startServer({ env, port: 0, log: 'silent' }), startServer({ env, port: 0, log: 'silent' })]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  const post = (server: typeof a, path: string, body: unknown, token?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('signs in through one, refreshes and signs out through the other: the token is refused on both', async (t) => {
    // A reads time from a clock of the test's, so its revocation cache goes stale without a sleep.
    const clock = testClock();
    const systemNow = a.ctx.now;
    a.ctx.now = clock.now;
    t.after(() => (a.ctx.now = systemNow));
    const email = `two-${randomUUID()}@example.com`;
    const anon = await (await post(a, '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).json();
    assert.equal((await post(b, '/sauth/clients/registered', { email, password: PASSWORD }, anon.token)).status, 201);
    const signIn = await (await post(a, '/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: anon.uuid, email, password: PASSWORD })).json();
    const account = (server: typeof a, token: string) =>
      fetch(`${server.url}/v4/my-account/personal-information`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal((await account(a, signIn.token)).status, 200);
    const refreshed = await (await post(b, '/sauth/v3/auth/refresh/client', {}, signIn.token)).json();
    assert.equal((await account(a, refreshed.token)).status, 200);
    assert.equal((await post(b, '/sauth/v3/auth/logout/client', {}, refreshed.token)).status, 204);
    // Refresh reads the session afresh: refused on both instances at once.
    for (const server of [a, b]) {
      const res = await post(server, '/sauth/v3/auth/refresh/client', {}, signIn.token);
      assert.equal(res.status, 401);
      assert.equal((await res.json()).code, 'SESSION_REVOKED');
    }
    // Other calls: at once on B (it revoked), on A within SNR_REVOCATION_CACHE_MS (1 s by default).
    assert.equal((await account(b, signIn.token)).status, 401);
    assert.equal(a.ctx.config.revocationCacheMs, 1000);
    clock.advance(a.ctx.config.revocationCacheMs);
    for (const token of [signIn.token, refreshed.token]) {
      const res = await account(a, token);
      assert.equal(res.status, 401);
      assert.equal((await res.json()).code, 'SESSION_REVOKED');
    }
  });

  it('one email registered on both at once makes exactly one account', async () => {
    const email = `race-${randomUUID()}@example.com`;
    const attempts = await Promise.all(
      [a, b, a, b, a, b].map(async (server) => {
        const anon = await (await post(server, '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).json();
        const res = await post(server, '/sauth/clients/registered', { email, password: PASSWORD }, anon.token);
        return { status: res.status, code: (await res.json()).code as string | undefined };
      }),
    );
    assert.equal(attempts.filter((r) => r.status === 201).length, 1, JSON.stringify(attempts));
    assert.deepEqual(
      attempts.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.code}`),
      Array(5).fill('409 EMAIL_TAKEN'),
    );
    const rows = await a.ctx.db.selectFrom('clients').select('id').where('email', '=', email).execute();
    assert.equal(rows.length, 1);
  });

  it('both sign with the one key made at start, and rate limits are shared', async () => {
    assert.equal(a.ctx.keys.currentKid, b.ctx.keys.currentKid);
    const env = { DATABASE_URL: db.url, SNR_PBKDF2_ITERATIONS: '1000', SNR_RATE_LIMIT: '{"signInPerAccountAndAddress":2}' };
    const [c, d] = await Promise.all([startServer({ env, port: 0, log: 'silent' }), startServer({ env, port: 0, log: 'silent' })]);
    try {
      const email = `limit-${randomUUID()}@example.com`;
      const wrong = (server: typeof a) => post(server, '/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid: randomUUID(), email, password: 'Wrong1!x' });
      assert.equal((await wrong(c)).status, 401);
      assert.equal((await wrong(d)).status, 401);
      const third = await wrong(c);
      assert.equal(third.status, 429, 'the two failures on two instances count together');
    } finally {
      await c.close();
      await d.close();
    }
  });
});
