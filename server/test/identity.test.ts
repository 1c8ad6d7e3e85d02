// The identity layer's pieces on their own: the rate limiter's sign-in attempt handle (on an
// injected time, no sleeps), the precompiled queries, and the route table mounting every route.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { honoPath, ROUTES } from 'snr-auth/contract';
import { loadConfig } from '../src/config.js';
import { RateLimiter } from '../src/rate-limit.js';
import { createAnonymousClient, findClientById, findClientByUuid } from '../src/store/clients.js';
import { makeServer, type TestServer } from './support/server.js';

describe('identity layer', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());

  const count = async (key: string) => (await s.ctx.db.selectFrom('rate_limits').select('count').where('key', '=', key).executeTakeFirst())?.count;

  it('a sign-in attempt is counted at once; succeeded() clears the account (and its address pair) and takes the attempt back from the address; refused() keeps them', async () => {
    const limiter = new RateLimiter(s.ctx.db, {
      ...loadConfig({}).rateLimit!,
      signInPerAccount: 2,
      signInPerAddress: 10,
      signInPerAccountAndAddress: 6,
      signInMaxDelaySeconds: 3,
      windowSeconds: 60,
    });
    const email = `a-${randomUUID()}@example.com`;
    const address = `198.51.100.${Math.floor(Math.random() * 200)}`;
    const pair = `signin:pair:${email} from ${address}`;
    const counts = async () => [await count(`signin:account:${email}`), await count(`signin:address:${address}`), await count(pair)];
    const now = 1_700_000_000_000;
    const first = await limiter.signInAttempt(email, address, now);
    assert.deepEqual(await counts(), [1, 1, 1]);
    first.refused();
    const second = await limiter.signInAttempt(email, address, now + 1000);
    assert.deepEqual(await counts(), [2, 2, 2]);
    await second.succeeded();
    assert.deepEqual(await counts(), [undefined, 1, undefined]);
    // Past the account's limit, each attempt must wait 1 s, 2 s, then the 3 s cap after the one before; a refused one counts nothing.
    (await limiter.signInAttempt(email, address, now + 2000)).refused();
    (await limiter.signInAttempt(email, address, now + 3000)).refused();
    const refusedWithin = async (at: number, retryAfter: number) =>
      assert.rejects(limiter.signInAttempt(email, address, at), (err: { code?: string; retryAfter?: number }) => {
        assert.equal(err.code, 'RATE_LIMITED');
        assert.equal(err.retryAfter, retryAfter);
        return true;
      });
    await refusedWithin(now + 3500, 1);
    assert.deepEqual(await counts(), [2, 3, 2]);
    (await limiter.signInAttempt(email, address, now + 4000)).refused();
    await refusedWithin(now + 4000, 2);
    (await limiter.signInAttempt(email, address, now + 6000)).refused();
    await refusedWithin(now + 6000, 3);
    (await limiter.signInAttempt(email, address, now + 9000)).refused();
    await refusedWithin(now + 9000, 3);
    assert.deepEqual(await counts(), [5, 6, 5]);
    // The pair's fixed window: its 6 used up, refused until the window (started at +2 s) ends.
    (await limiter.signInAttempt(email, address, now + 12_000)).refused();
    await refusedWithin(now + 15_000, 47);
    // A quiet window forgets the delays; the pair's window starts afresh.
    (await limiter.signInAttempt(email, address, now + 12_000 + 60_000)).refused();
    assert.deepEqual(await counts(), [1, 1, 1]);
    // A completed password reset lifts the account's limits, pairs included (other accounts' stay).
    const other = `b-${randomUUID()}@example.com`;
    (await limiter.signInAttempt(other, address, now + 80_000)).refused();
    await limiter.liftAccountLimits(email);
    assert.deepEqual(await counts(), [undefined, 2, undefined]);
    assert.equal(await count(`signin:pair:${other} from ${address}`), 1);
  });

  it('hot-path quotas: a free first slice, then leased a slice at a time; two instances on one store together admit no more than the limit, and lose at most a slice each', async () => {
    const config = { ...loadConfig({}).rateLimit!, anonymousPerAddress: 100, windowSeconds: 60 };
    const [a, b] = [new RateLimiter(s.ctx.db, config), new RateLimiter(s.ctx.db, config)];
    const address = `203.0.113.${Math.floor(Math.random() * 200)}`;
    const now = 1_800_000_000_000;
    const admitted = { a: 0, b: 0 };
    let refusal: { retryAfter?: number } | undefined;
    for (let i = 0; i < 150; i++) {
      const [name, limiter] = i % 3 ? (['a', a] as const) : (['b', b] as const);
      try {
        await limiter.anonymousLogin(address, now + i);
        admitted[name]++;
      } catch (err) {
        refusal = err as { retryAfter?: number };
      }
    }
    const total = admitted.a + admitted.b;
    assert.ok(total <= 100, `${total} admitted`);
    assert.ok(total >= 100 - 2 * 2, `${total} admitted: at most a slice (2) lost per instance`);
    // Both left their free slice (2 each) and reported it: together exact.
    assert.ok(refusal?.retryAfter && refusal.retryAfter <= 60, `Retry-After ${refusal?.retryAfter}`);
    // The store counted reservations, never more than the limit; one statement per slice, not per request.
    assert.ok((await count(`anonymous:address:${address}`))! <= 100);
    // A visitor inside the free slice (12 of 600) costs the store nothing.
    const visitor = `192.0.2.${Math.floor(Math.random() * 200)}`;
    const defaults = new RateLimiter(s.ctx.db, loadConfig({}).rateLimit!);
    for (let i = 0; i < 12; i++) await defaults.anonymousLogin(visitor, now);
    assert.equal(await count(`anonymous:address:${visitor}`), undefined, 'no row for 12 logins');
    await defaults.anonymousLogin(visitor, now);
    assert.equal(await count(`anonymous:address:${visitor}`), 24, 'the 13th reports the 12 and reserves 12 more');
    // The next window (the store's started with the first reservation, after the free slices): both admit again.
    await a.anonymousLogin(address, now + 120_000);
    await b.anonymousLogin(address, now + 120_000);
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
