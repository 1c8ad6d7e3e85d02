// Issue 12, items 2 and 3, on SQLite and PostgreSQL, on an injected clock (no sleeps): quotas on
// anonymous logins and on events (number and bytes, per session and per profile), the purge of
// anonymous profiles that never tracked an event, and sign-in limits that keep guessing slow
// without locking the owner out (OWASP ASVS 2.2.1; docs/DESIGN.md, "Guessing passwords").
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { purgeExpired } from '../src/store/retention.js';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestServer, testClock } from './support/server.js';

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : 'SNR_TEST_PG_URL is not set' },
];
const DAY = 24 * 60 * 60 * 1000;

/** A server behind one trusted proxy, so a test can speak from any address (`X-Forwarded-For`), on a clock of its own. */
async function serverOn(dialect: Dialect, rateLimit: string, extra: Record<string, string> = {}) {
  const clock = testClock();
  const s = await makeServer({ SNR_TRUST_PROXY: 'true', SNR_RATE_LIMIT: rateLimit, ...extra }, { dialect, clock });
  return { s, clock };
}

const signInFrom = (s: TestServer, address: string, email: string, password = PASSWORD) =>
  s.call('POST', '/sauth/v3/auth/login/client', { headers: { 'x-forwarded-for': address }, body: { apiKey: API_KEY, uuid: randomUUID(), email, password } });

const anonymousFrom = (s: TestServer, address: string, uuid = randomUUID()) =>
  s.call('POST', '/sauth/v3/auth/login/client/anonymous', { headers: { 'x-forwarded-for': address }, body: { apiKey: API_KEY, uuid } });

const event = (uuid: string, paramsBytes = 0) => ({
  action: 'page.visit',
  time: new Date().toISOString(),
  eventSalt: randomUUID(),
  client: { uuid },
  ...(paramsBytes ? { params: { blob: 'x'.repeat(paramsBytes) } } : {}),
});

const track = (s: TestServer, token: string, uuid: string, n: number, paramsBytes = 0) =>
  s.call('POST', '/v4/events/batch', { token, body: Array.from({ length: n }, () => event(uuid, paramsBytes)) });

/** A 429 as every rate limit answers it: coded, with Retry-After in the header and the body alike. */
function assertRateLimited(res: { status: number; body: any; headers: Headers }, what: string): number {
  assert.equal(res.status, 429, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, 'RATE_LIMITED');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `${what}: Retry-After ${res.headers.get('retry-after')}`);
  assert.equal(res.body.retryAfter, retryAfter, `${what}: the body's retryAfter is the header's`);
  return retryAfter;
}

const countRows = async (s: TestServer, table: 'events' | 'clients' | 'sessions', where?: { column: 'client_id' | 'uuid'; value: number | string }) => {
  let q = s.ctx.db.selectFrom(table as 'events').select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where.column as 'client_id', '=', where.value as number);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

for (const { dialect, skip } of DIALECTS) {
  describe(`anonymous and event quotas on ${dialect}`, { skip }, () => {
    it('with the default limits, one address makes 600 anonymous profiles a window, then 429 with Retry-After and nothing made; other addresses are unaffected', async () => {
      const { s, clock } = await serverOn(dialect, '');
      try {
        for (let i = 0; i < 600; i++) {
          const res = await anonymousFrom(s, '203.0.113.50');
          if (res.status !== 200) assert.fail(`login ${i + 1}: ${res.status}`);
        }
        const before = await countRows(s, 'clients');
        const uuid = randomUUID();
        const refused = await anonymousFrom(s, '203.0.113.50', uuid);
        const retryAfter = assertRateLimited(refused, 'the 601st');
        assert.ok(retryAfter <= 900, `Retry-After ${retryAfter} is at most the window`);
        assert.equal(await countRows(s, 'clients'), before, 'no profile made');
        assert.equal(await s.ctx.db.selectFrom('client_uuids').select('uuid').where('uuid', '=', uuid).executeTakeFirst(), undefined);
        assert.equal((await anonymousFrom(s, '203.0.113.51')).status, 200, 'another address has its own count');
        clock.advance(retryAfter * 1000);
        assert.equal((await anonymousFrom(s, '203.0.113.50')).status, 200, 'the next window starts afresh');
      } finally {
        await s.close();
      }
    });

    it('anonymousPerAddress sets the limit; a returning visitor (same UUID) counts too', async () => {
      const { s } = await serverOn(dialect, '{"anonymousPerAddress":3,"windowSeconds":60}');
      try {
        const uuid = randomUUID();
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await anonymousFrom(s, '198.51.100.9', uuid)).status);
        assert.deepEqual(statuses, [200, 200, 200, 429]);
      } finally {
        await s.close();
      }
    });

    it('with the default limits, one session cannot store 126 MB: past 5 MB of events in a window, 429 and nothing stored', async () => {
      const { s, clock } = await serverOn(dialect, '');
      try {
        const anon = await s.anonymous();
        // 100 events of ~2.4 kB parameters a batch (~240 kB, under the body limit).
        let accepted = 0;
        let refused: Awaited<ReturnType<typeof track>> | undefined;
        for (let i = 0; i < 30 && !refused; i++) {
          const res = await track(s, anon.token, anon.uuid, 100, 2400);
          if (res.status === 202) accepted++;
          else refused = res;
        }
        assert.ok(refused, 'refused within 30 batches (7 MB)');
        assert.equal(accepted, 21, '21 batches (~5.0 MB) accepted, the 22nd would pass 5 MB');
        const retryAfter = assertRateLimited(refused, 'the batch past 5 MB');
        assert.equal(await countRows(s, 'events', { column: 'uuid', value: anon.uuid }), 2100, 'the refused batch stored nothing');
        clock.advance(retryAfter * 1000);
        assert.equal((await track(s, anon.token, anon.uuid, 100, 2400)).status, 202, 'accepted again in the next window');
      } finally {
        await s.close();
      }
    });

    it('counts events and bytes per session and per profile; a refused batch counts nothing and is accepted whole later', async () => {
      const { s, clock } = await serverOn(
        dialect,
        '{"eventsPerSession":10,"eventBytesPerSession":3000,"eventsPerProfile":15,"eventBytesPerProfile":100000,"windowSeconds":60}',
      );
      try {
        const first = await s.anonymous();
        assert.equal((await track(s, first.token, first.uuid, 10)).status, 202);
        const overSession = await track(s, first.token, first.uuid, 1);
        assert.ok(assertRateLimited(overSession, 'the 11th event of a session') <= 60);

        // A second session of the same profile (the same UUID): its own 10, but the profile's 15.
        const second = await s.anonymous(first.uuid, first.token);
        assert.equal((await track(s, second.token, first.uuid, 5)).status, 202);
        assertRateLimited(await track(s, second.token, first.uuid, 1), 'the 16th event of the profile');
        assert.equal(await countRows(s, 'events', { column: 'uuid', value: first.uuid }), 15);

        // Bytes: another profile's session, few events but large ones.
        const other = await s.anonymous();
        assert.equal((await track(s, other.token, other.uuid, 1, 2000)).status, 202);
        const tooBig = await track(s, other.token, other.uuid, 1, 2000);
        assertRateLimited(tooBig, 'past 3000 bytes of a session');
        assert.equal(await countRows(s, 'events', { column: 'uuid', value: other.uuid }), 1, 'the refused batch stored nothing');

        // The refused batch, sent again once the window has ended, is stored whole.
        clock.advance(60_000);
        const again = await s.call('POST', '/v4/events/batch', {
          token: other.token,
          body: [event(other.uuid, 2000)],
        });
        assert.equal(again.status, 202);
        assert.equal(again.body.duplicates, 0);
      } finally {
        await s.close();
      }
    });

    it('a signed-in customer is counted per session and per profile the same way', async () => {
      const { s } = await serverOn(dialect, '{"eventsPerSession":4,"windowSeconds":60}');
      try {
        const c = await s.customer();
        assert.equal((await track(s, c.token, c.uuid, 4)).status, 202);
        assertRateLimited(await track(s, c.token, c.uuid, 1), 'the 5th event of the session');
      } finally {
        await s.close();
      }
    });

    it('purges anonymous profiles that never tracked an event and had no session since the retention, with their sessions and UUIDs; keeps the rest', async () => {
      const { s, clock } = await serverOn(dialect, 'off', { SNR_ANONYMOUS_RETENTION_DAYS: '30' });
      try {
        assert.equal(s.ctx.config.anonymousRetentionMs, 30 * DAY);
        const idle = await s.anonymous();
        const tracked = await s.anonymous();
        assert.equal((await track(s, tracked.token, tracked.uuid, 1)).status, 202);
        const customer = await s.customer();
        const returning = await s.anonymous();
        clock.advance(20 * DAY);
        // It came back (a new session) 20 days later: not idle for 30 days yet.
        await s.anonymous(returning.uuid, returning.token);
        clock.advance(11 * DAY);
        const fresh = await s.anonymous();

        const idleId = (await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', idle.uuid).executeTakeFirstOrThrow()).client_id;
        const counts = await purgeExpired(s.ctx.db, clock.now(), 60_000, s.ctx.config.anonymousRetentionMs);
        assert.equal(counts.anonymousProfiles, 1);
        const uuidsLeft = (
          await s.ctx.db
            .selectFrom('client_uuids')
            .select('uuid')
            .where('uuid', 'in', [idle.uuid, tracked.uuid, customer.uuid, returning.uuid, fresh.uuid])
            .execute()
        ).map((r) => r.uuid);
        assert.deepEqual(new Set(uuidsLeft), new Set([tracked.uuid, customer.uuid, returning.uuid, fresh.uuid]));
        assert.equal(await countRows(s, 'sessions', { column: 'client_id', value: Number(idleId) }), 0, 'its sessions went with it');
        assert.equal((await track(s, idle.token, idle.uuid, 1)).status, 401, "its token is dead: the session's row is gone");
        assert.equal((await s.anonymous(idle.uuid)).uuid, idle.uuid, 'coming back with the UUID makes a fresh profile');
        assert.equal((await purgeExpired(s.ctx.db, clock.now(), 60_000, s.ctx.config.anonymousRetentionMs)).anonymousProfiles, 0);
      } finally {
        await s.close();
      }
    });
  });

  describe(`guessing passwords on ${dialect} (ASVS 2.2.1: slow, never locking the owner out)`, { skip }, () => {
    it('default limits: an address hammering an account is refused after 10 failures, while the owner from another address gets in with the right password', async () => {
      const { s } = await serverOn(dialect, '');
      try {
        const c = await s.customer();
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await signInFrom(s, '203.0.113.66', c.email, `Wrong${i}!x`)).status);
        assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(20).fill(429)]);
        assertRateLimited(await signInFrom(s, '203.0.113.66', c.email), 'the right password from the hammering address');
        assert.equal((await signInFrom(s, '198.51.100.7', c.email)).status, 200, 'the owner, from another address');
        assert.equal((await signInFrom(s, '203.0.113.67', (await s.customer()).email)).status, 200, 'other accounts are unaffected');
      } finally {
        await s.close();
      }
    });

    it('default limits: guesses from many addresses meet a delay doubling from 1 s to a 60 s cap, and the owner who waits it out gets in', async () => {
      const { s, clock } = await serverOn(dialect, '');
      try {
        const c = await s.customer();
        // 20 addresses, one failure each: the account's limit.
        for (let i = 0; i < 20; i++) assert.equal((await signInFrom(s, `10.0.0.${i}`, c.email, `Wrong${i}!x`)).status, 401);
        const delays: number[] = [];
        for (let i = 0; i < 9; i++) {
          const retryAfter = assertRateLimited(await signInFrom(s, `10.0.1.${i}`, c.email, `Again${i}!x`), `guess ${i}`);
          delays.push(retryAfter);
          clock.advance(retryAfter * 1000);
          assert.equal((await signInFrom(s, `10.0.2.${i}`, c.email, `Later${i}!x`)).status, 401, 'after the delay a guess is heard');
        }
        assert.deepEqual(delays, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
        const owner = assertRateLimited(await signInFrom(s, '192.0.2.1', c.email), 'the owner inside the delay');
        assert.equal(owner, 60);
        clock.advance(owner * 1000);
        assert.equal((await signInFrom(s, '192.0.2.1', c.email)).status, 200, 'the owner after the delay');
        assert.equal((await signInFrom(s, '10.0.3.1', c.email, 'Wrong!x1')).status, 401, 'a success starts the account afresh');
      } finally {
        await s.close();
      }
    });

    it('default limits: a completed password reset lifts every limit on the account', async () => {
      const { s } = await serverOn(dialect, '');
      try {
        const c = await s.customer();
        // The hammering address past its 10, and ten more addresses: the account's 20 reached.
        for (let i = 0; i < 11; i++) await signInFrom(s, '203.0.113.80', c.email, `Wrong${i}!x`);
        for (let i = 0; i < 10; i++) await signInFrom(s, `203.0.113.${90 + i}`, c.email, `Wrong${i}!x`);
        assertRateLimited(await signInFrom(s, '203.0.113.80', c.email), 'the hammering address');
        assertRateLimited(await signInFrom(s, '198.51.100.1', c.email), 'any address, inside the delay');
        assert.equal((await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: c.email } })).status, 202);
        const token = await s.linkToken(c.email);
        assert.equal(
          (await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Brandnew1!' } })).status,
          200,
        );
        assert.equal((await signInFrom(s, '203.0.113.80', c.email, 'Brandnew1!')).status, 200, 'from the address that hammered');
        for (let i = 0; i < 3; i++) assert.equal((await signInFrom(s, '203.0.113.80', c.email, `Wrong${i}!x`)).status, 401, 'counts start afresh');
      } finally {
        await s.close();
      }
    });

    it('default limits: an address guessing across accounts is slowed (Retry-After at most 60 s), never locked for the window, so an owner behind it gets in', async () => {
      const { s, clock } = await serverOn(dialect, '');
      try {
        const c = await s.customer();
        for (let i = 0; i < 100; i++) {
          const res = await signInFrom(s, '203.0.113.99', `stuffed-${i}-${randomUUID()}@example.com`);
          if (res.status !== 401) assert.fail(`guess ${i + 1}: ${res.status}`);
        }
        let retryAfter = 0;
        for (let i = 0; i < 8; i++) {
          retryAfter = assertRateLimited(await signInFrom(s, '203.0.113.99', `stuffed-x${i}@example.com`), `stuffing ${i}`);
          assert.ok(retryAfter <= 60, `Retry-After ${retryAfter} is at most the cap, not the 900 s window`);
          clock.advance(retryAfter * 1000);
          assert.equal((await signInFrom(s, '203.0.113.99', `stuffed-y${i}@example.com`)).status, 401);
        }
        assert.equal(retryAfter, 60);
        const owner = assertRateLimited(await signInFrom(s, '203.0.113.99', c.email), 'the owner behind the address, inside the delay');
        clock.advance(owner * 1000);
        assert.equal((await signInFrom(s, '203.0.113.99', c.email)).status, 200, 'the owner behind the address, after it');
      } finally {
        await s.close();
      }
    });

    it('parallel guesses from many addresses past the account limit: one per delay is heard, the rest refused unheard', async () => {
      const { s } = await serverOn(dialect, '{"signInPerAccount":3,"windowSeconds":60}');
      try {
        const c = await s.customer();
        const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => signInFrom(s, `10.9.0.${i}`, c.email, `Wrong${i}!x`)));
        assert.deepEqual(burst.map((r) => r.status).sort(), [401, 401, 401, ...Array(9).fill(429)]);
      } finally {
        await s.close();
      }
    });
  });
}

describe('SNR_RATE_LIMIT and SNR_ANONYMOUS_RETENTION_DAYS', () => {
  it('reads the new limits, keeps the defaults for the rest, and `off`', () => {
    const config = loadConfig({ SNR_RATE_LIMIT: '{"anonymousPerAddress":7,"eventBytesPerProfile":1000,"signInMaxDelaySeconds":30}' });
    assert.equal(config.rateLimit?.anonymousPerAddress, 7);
    assert.equal(config.rateLimit?.eventBytesPerProfile, 1000);
    assert.equal(config.rateLimit?.signInMaxDelaySeconds, 30);
    assert.equal(config.rateLimit?.signInPerAccountAndAddress, 10);
    assert.equal(config.rateLimit?.eventsPerSession, 5000);
    assert.equal(loadConfig({ SNR_RATE_LIMIT: 'off' }).rateLimit, undefined);
    assert.throws(() => loadConfig({ SNR_RATE_LIMIT: '{"eventsPerSession":0}' }), /SNR_RATE_LIMIT/);
    assert.equal(loadConfig({}).anonymousRetentionMs, 30 * DAY);
    assert.equal(loadConfig({ SNR_ANONYMOUS_RETENTION_DAYS: '7' }).anonymousRetentionMs, 7 * DAY);
    assert.throws(() => loadConfig({ SNR_ANONYMOUS_RETENTION_DAYS: '0' }), /SNR_ANONYMOUS_RETENTION_DAYS/);
  });
});
