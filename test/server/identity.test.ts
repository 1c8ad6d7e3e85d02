// The identity layer's pieces on their own: the rate limiter's sign-in attempt handle (on an
// injected time, no sleeps), the precompiled queries, and the route table mounting every route.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { honoPath, ROUTES } from '../../src/contract/index.js';
import { RateLimiter } from '../../src/server/rate-limit.js';
import { createAnonymousClient, findClientById, findClientByUuid } from '../../src/server/store/clients.js';
import { makeServer, type TestServer } from '../support/server.js';

describe('identity layer', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());

  const count = async (key: string) => (await s.ctx.db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirst())?.count;

  it('a sign-in attempt is counted at once; succeeded() clears the account and takes the attempt back from the address; refused() keeps both', async () => {
    const limiter = new RateLimiter(s.ctx.db, {
      signInPerAccount: 2,
      signInPerAddress: 10,
      registrationsPerAddress: 10,
      emailRequestsPerEmail: 10,
      emailRequestsPerAddress: 10,
      windowSeconds: 60,
    });
    const email = `a-${randomUUID()}@example.com`;
    const address = `198.51.100.${Math.floor(Math.random() * 200)}`;
    const now = 1_700_000_000_000;
    const first = await limiter.signInAttempt(email, address, now);
    assert.deepEqual([await count(`signin:account:${email}`), await count(`signin:address:${address}`)], [1, 1]);
    first.refused();
    const second = await limiter.signInAttempt(email, address, now + 1000);
    assert.deepEqual([await count(`signin:account:${email}`), await count(`signin:address:${address}`)], [2, 2]);
    await second.succeeded();
    assert.deepEqual([await count(`signin:account:${email}`), await count(`signin:address:${address}`)], [undefined, 1]);
    // Past the account's limit inside the window: refused with the seconds left, nothing counted.
    (await limiter.signInAttempt(email, address, now + 2000)).refused();
    (await limiter.signInAttempt(email, address, now + 3000)).refused();
    await assert.rejects(
      limiter.signInAttempt(email, address, now + 4000),
      (err: { code?: string; retryAfter?: number }) => err.code === 'RATE_LIMITED' && err.retryAfter === 58,
    );
    assert.equal(await count(`signin:account:${email}`), 2);
    // A new window starts afresh.
    (await limiter.signInAttempt(email, address, now + 2000 + 60_000)).refused();
    assert.equal(await count(`signin:account:${email}`), 1);
  });

  it('without limits configured, attempts cost nothing and are never refused', async () => {
    const limiter = new RateLimiter(s.ctx.db, undefined);
    const email = `b-${randomUUID()}@example.com`;
    for (let i = 0; i < 20; i++) (await limiter.signInAttempt(email, '203.0.113.1', Date.now())).refused();
    assert.equal(await count(`signin:account:${email}`), undefined);
  });

  it('precompiled queries take fresh values on every call, in a transaction as outside one', async () => {
    const uuids = [randomUUID(), randomUUID()];
    const made = await s.ctx.db.transaction().execute(async (trx) => Promise.all(uuids.map((uuid, i) => createAnonymousClient(trx, uuid, 1_000 + i))));
    for (const [i, uuid] of uuids.entries()) {
      const row = await findClientByUuid(s.ctx.db, uuid);
      assert.equal(row?.id, made[i]!.id);
      assert.equal(row?.created_at, 1_000 + i);
      assert.equal((await findClientById(s.ctx.db, made[i]!.id))?.uuid, uuid);
    }
    assert.equal(await findClientByUuid(s.ctx.db, randomUUID()), undefined);
  });

  it('mounts every route of the table with its method (no 404 or 405 for any of them)', async () => {
    for (const [name, route] of Object.entries(ROUTES)) {
      const path = honoPath(route.path).replace(/:(\w+)/g, '1');
      const res = await s.call(route.method, path, route.method === 'GET' ? {} : { body: {} });
      assert.ok(!(res.status === 404 && /^No route for/.test(res.body?.message)), `${name}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.notEqual(res.status, 405, name);
    }
  });
});
