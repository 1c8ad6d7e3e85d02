// Time on the server's clock (ServerContext.now, a test clock here): emailed links end with their
// lifetime and a rate-limit window ends on time, checked to the millisecond without waiting.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { API_KEY, makeServer, type TestServer, testClock } from './support/server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('emailed links end with their lifetime', () => {
  let s: TestServer;
  const clock = testClock();
  before(async () => (s = await makeServer({ SNR_REGISTRATION_MODE: 'activation' }, { clock })));
  after(() => s.close());

  const confirm = (token: string) => s.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token } });
  const reset = (token: string) => s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Changed2@' } });

  it('an activation link works up to 7 days after it was sent, and not a millisecond longer', async () => {
    const early = `act-early-${randomUUID()}@example.com`;
    const late = `act-late-${randomUUID()}@example.com`;
    assert.equal((await s.register(early)).status, 201);
    assert.equal((await s.register(late)).status, 201);
    const [earlyToken, lateToken] = [await s.linkToken(early), await s.linkToken(late)];
    clock.advance(7 * DAY - 1);
    assert.equal((await confirm(earlyToken)).status, 200, 'the last millisecond of its life');
    clock.advance(1);
    const expired = await confirm(lateToken);
    assert.equal(expired.status, 404);
    assert.equal(expired.body.code, 'EMAIL_TOKEN_INVALID');
    assert.equal((await s.signIn(late)).body.code, 'ACTIVATION_REQUIRED', 'the account stays inactive');
  });

  it('a password-reset link works for an hour, and not a millisecond longer', async () => {
    const activeIn = async (tag: string) => {
      const email = `${tag}-${randomUUID()}@example.com`;
      await s.register(email);
      assert.equal((await confirm(await s.linkToken(email))).status, 200);
      assert.equal((await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } })).status, 202);
      return { email, token: await s.linkToken(email) };
    };
    const early = await activeIn('reset-early');
    const late = await activeIn('reset-late');
    clock.advance(HOUR - 1);
    assert.equal((await reset(early.token)).status, 200, 'the last millisecond of its life');
    assert.equal((await s.signIn(early.email, 'Changed2@')).status, 200);
    clock.advance(1);
    const expired = await reset(late.token);
    assert.equal(expired.status, 404);
    assert.equal(expired.body.code, 'EMAIL_TOKEN_INVALID');
    assert.equal((await s.signIn(late.email, 'Changed2@')).status, 401, 'the password is unchanged');
  });
});

describe('rate-limit windows end on time', () => {
  let s: TestServer;
  const clock = testClock();
  before(async () => (s = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccountAndAddress":3,"signInPerAddress":100,"windowSeconds":60}' }, { clock })));
  after(() => s.close());

  it('an account locked for an address stays locked for the whole window, Retry-After counting down, and opens when it ends', async () => {
    const c = await s.customer();
    for (let i = 0; i < 3; i++) assert.equal((await s.signIn(c.email, 'Wrong1!x')).status, 401);
    let locked = await s.signIn(c.email);
    assert.equal(locked.status, 429);
    assert.equal(locked.body.retryAfter, 60);
    clock.advance(45_000);
    locked = await s.signIn(c.email);
    assert.equal(locked.status, 429, 'still inside the window');
    assert.equal(locked.headers.get('retry-after'), '15');
    assert.equal(locked.body.retryAfter, 15);
    clock.advance(14_999);
    assert.equal((await s.signIn(c.email)).status, 429, 'the window’s last millisecond');
    clock.advance(1);
    assert.equal((await s.signIn(c.email)).status, 200, 'a new window: the right password works');
  });
});
