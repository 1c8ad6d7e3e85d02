import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { makeServer, PASSWORD, type TestServer } from '../support/server.js';

describe('sign-in rate limit', () => {
  let s: TestServer;
  before(async () => (s = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":3,"signInPerAddress":8,"windowSeconds":60}' })));
  after(() => s.close());

  it('locks an account after its failures, even against the right password, with Retry-After', async () => {
    const c = await s.customer();
    for (let i = 0; i < 3; i++) assert.equal((await s.signIn(c.email, 'Wrong1!x')).status, 401);
    const locked = await s.signIn(c.email);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'RATE_LIMITED');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(locked.body.retryAfter, retryAfter);
  });

  it('leaves other accounts alone, and a success clears the account’s count', async () => {
    const a = await s.customer();
    const b = await s.customer();
    for (let i = 0; i < 2; i++) await s.signIn(a.email, 'Wrong1!x');
    assert.equal((await s.signIn(b.email)).status, 200);
    assert.equal((await s.signIn(a.email)).status, 200);
    for (let i = 0; i < 2; i++) await s.signIn(a.email, 'Wrong1!x');
    assert.equal((await s.signIn(a.email)).status, 200, 'count started afresh after the success');
  });

  it('counts unknown emails too, per address, so guessing many accounts is limited', async () => {
    const fresh = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":100,"signInPerAddress":4,"windowSeconds":60}' });
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await fresh.signIn(`guess-${randomUUID()}@example.com`, PASSWORD)).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    } finally {
      await fresh.close();
    }
  });
});
