import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { API_KEY, makeServer, PASSWORD, type TestServer, testClock } from './support/server.js';

describe('sign-in rate limit', () => {
  let s: TestServer;
  // The server's clock stands still: a growing delay (1 s first) does not run out between two requests of a slow run.
  before(async () => (s = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":3,"signInPerAddress":8,"windowSeconds":60}' }, { clock: testClock() })));
  after(() => s.close());

  it('past an account’s failures, even the right password waits the delay, with Retry-After', async () => {
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

  it('counts parallel guesses one by one: a burst gets no more tries than the limit', async () => {
    const fresh = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":3,"signInPerAddress":100,"windowSeconds":60}' }, { clock: testClock() });
    try {
      const c = await fresh.customer();
      // All sent before any is answered: each would otherwise be checked while the others hash.
      const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => fresh.signIn(c.email, `Wrong1!x${i}`)));
      const statuses = burst.map((r) => r.status).sort();
      assert.deepEqual(statuses, [401, 401, 401, ...Array(9).fill(429)], 'three evaluated, the rest refused unheard');
      assert.equal((await fresh.signIn(c.email)).status, 429, 'the right password too, inside the delay');
    } finally {
      await fresh.close();
    }
  });

  it('a successful sign-in takes back its attempt from the address: only failures use up its limit', async () => {
    const fresh = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":100,"signInPerAddress":3,"windowSeconds":60}' }, { clock: testClock() });
    try {
      const c = await fresh.customer();
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fresh.signIn(c.email)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200], 'successes use up nothing');
      for (let i = 0; i < 3; i++) assert.equal((await fresh.signIn(c.email, 'Wrong1!x')).status, 401);
      assert.equal((await fresh.signIn(c.email)).status, 429, 'three failures use up the address');
    } finally {
      await fresh.close();
    }
  });

  it('counts wrong current passwords at a password change as failed sign-ins of the account', async () => {
    const fresh = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":3,"signInPerAddress":100,"windowSeconds":60}' }, { clock: testClock() });
    try {
      const c = await fresh.customer();
      const change = (oldPassword: string) =>
        fresh.call('POST', '/v4/my-account/change-password', { token: c.token, body: { oldPassword, password: 'Newpass1!' } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await change(`Wrong1!x${i}`)).status);
      assert.deepEqual(statuses, [403, 403, 403, 429]);
      assert.equal((await change(PASSWORD)).status, 429, 'the right one too, inside the delay');
      assert.equal((await fresh.signIn(c.email)).status, 429, 'and sign-in: the same account count');
    } finally {
      await fresh.close();
    }
  });

  it('counts unknown emails too, per address, so guessing many accounts is limited', async () => {
    const fresh = await makeServer({ SNR_RATE_LIMIT: '{"signInPerAccount":100,"signInPerAddress":4,"windowSeconds":60}' }, { clock: testClock() });
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await fresh.signIn(`guess-${randomUUID()}@example.com`, PASSWORD)).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    } finally {
      await fresh.close();
    }
  });
});

describe('flood limits on registration and emailed links', () => {
  let s: TestServer;
  before(
    async () =>
      (s = await makeServer({ SNR_RATE_LIMIT: '{"registrationsPerAddress":3,"emailRequestsPerEmail":2,"emailRequestsPerAddress":5,"windowSeconds":60}' })),
  );
  after(() => s.close());
  const request = (path: string, email: string) => s.call('POST', path, { body: { apiKey: 'snr-local-dev-key', email } });

  it('refuses the registrations of one address past the limit, storing nothing', async () => {
    const statuses = [];
    const emails = Array.from({ length: 4 }, () => `flood-${randomUUID()}@example.com`);
    for (const email of emails) statuses.push((await s.register(email)).status);
    assert.deepEqual(statuses, [201, 201, 201, 429]);
    assert.equal(await s.ctx.db.selectFrom('clients').select('id').where('email', '=', emails[3]!).executeTakeFirst(), undefined);
  });

  it('limits reset requests per email alike for known and unknown emails, and per address', async () => {
    const known = (await s.ctx.db.selectFrom('clients').select('email').where('email', 'is not', null).executeTakeFirstOrThrow()).email!;
    const unknown = `ghost-${randomUUID()}@example.com`;
    const answers = [];
    for (const email of [known, known, known, unknown, unknown, unknown]) {
      const res = await request('/v4/clients/password-reset/request', email);
      answers.push(res.status);
    }
    assert.deepEqual(answers, [202, 202, 429, 202, 202, 429], 'the same pattern: the limit tells nothing');
    assert.equal((await s.mails(known)).filter((m) => /Reset/.test(m.subject)).length, 2, 'two mails, then no more');
    const other = await request('/v4/clients/activation/request', `third-${randomUUID()}@example.com`);
    assert.equal(other.status, 202, 'the address has one request left');
    const over = await request('/v4/clients/activation/request', `fourth-${randomUUID()}@example.com`);
    assert.equal(over.status, 429);
    assert.equal(over.body.code, 'RATE_LIMITED');
  });
});

describe('behind a trusted proxy', () => {
  it('counts by the hop the proxy appended, not by hops the client wrote before it', async () => {
    const s = await makeServer({ SNR_TRUST_PROXY: 'true', SNR_RATE_LIMIT: '{"registrationsPerAddress":2,"windowSeconds":60}' });
    try {
      const register = (forwardedFor: string) =>
        s.call('POST', '/v4/clients/registered', {
          headers: { 'x-forwarded-for': forwardedFor },
          body: { apiKey: API_KEY, email: `proxy-${randomUUID()}@example.com`, password: PASSWORD },
        });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await register(`198.51.100.${i}, 203.0.113.7`)).status);
      assert.deepEqual(statuses, [201, 201, 429, 429], 'made-up first hops do not make new addresses');
      assert.equal((await register('203.0.113.8')).status, 201, 'another client behind the proxy has its own count');
    } finally {
      await s.close();
    }
  });
});

describe('30 wrong passwords in a row, default limits', () => {
  it('the first 10 are 401, the rest 429, and then the right password from that address is 429 too', async () => {
    const s = await makeServer({ SNR_RATE_LIMIT: '' });
    try {
      const c = await s.customer();
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await s.signIn(c.email, `Wrong${i}!x`)).status);
      assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(20).fill(429)]);
      assert.equal((await s.signIn(c.email)).status, 429);
      const other = await s.customer();
      assert.equal((await s.signIn(other.email)).status, 200, 'other accounts are unaffected');
    } finally {
      await s.close();
    }
  });
});
