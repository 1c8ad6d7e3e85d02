// Sessions and devices (issue 14, item 4): the customer's signed-in sessions, read from the session
// rows, signed out one by one or all but this one. On SQLite, and on PostgreSQL when
// SNR_TEST_PG_URL is set.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { USER_AGENT_MAX } from '../src/devices.js';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const NO_PG = '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the sessions suite on PostgreSQL is SKIPPED.';
const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : NO_PG },
];
if (!PG_URL) console.warn(NO_PG);

const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const MAC_FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0';

const sidOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sid;

for (const { dialect, skip } of DIALECTS) {
  describe(`sessions and devices, store on ${dialect}`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      // Each instance trusts a session row for a second: the sign-out must still reach the other device at once.
      s = await makeServer({ SNR_REVOCATION_CACHE_MS: '1000' }, { dialect, clock });
    });
    after(() => s.close());

    /** A sign-in from a browser of its own. */
    async function device(email: string, userAgent: string): Promise<string> {
      const res = await s.call('POST', '/sauth/v3/auth/login/client', {
        body: { apiKey: API_KEY, uuid: randomUUID(), email, password: PASSWORD },
        headers: { 'user-agent': userAgent },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.token;
    }
    const list = (token: string) => s.call('GET', '/v4/my-account/sessions', { token });
    const refresh = (token: string) => s.call('POST', '/sauth/v3/auth/refresh/client', { token, body: { apiKey: API_KEY } });

    async function newCustomer(): Promise<string> {
      const email = `devices-${randomUUID()}@example.com`;
      assert.equal((await s.register(email)).status, 201);
      return email;
    }

    it("lists the customer's sessions: this one marked, device and browser read from the user agent, opaque ids", async () => {
      const email = await newCustomer();
      const laptop = await device(email, WINDOWS_CHROME);
      clock.advance(5_000);
      const phone = await device(email, IPHONE_SAFARI);
      const res = await list(laptop);
      assert.equal(res.status, 200);
      const { sessions } = res.body;
      assert.equal(sessions.length, 2);
      // Newest activity first.
      const [first, second] = sessions;
      assert.deepEqual(
        { current: first.current, browser: first.browser, os: first.os, device: first.device, deviceType: first.deviceType },
        { current: false, browser: 'Mobile Safari 17', os: 'iOS', device: 'Apple iPhone', deviceType: 'mobile' },
      );
      assert.deepEqual(
        { current: second.current, browser: second.browser, os: second.os, device: second.device, deviceType: second.deviceType },
        { current: true, browser: 'Chrome 131', os: 'Windows', device: null, deviceType: 'desktop' },
      );
      assert.equal(second.createdAt, first.createdAt - 5_000);
      for (const session of sessions) {
        assert.match(session.id, /^[A-Za-z0-9_-]{22}$/);
        assert.ok(![sidOf(laptop), sidOf(phone)].includes(session.id), 'the id is not the token sid');
      }
      // The other device sees the same two, itself current.
      const fromPhone = (await list(phone)).body.sessions;
      assert.deepEqual(
        fromPhone.map((x: { id: string; current: boolean }) => [x.id, x.current]),
        [
          [first.id, true],
          [second.id, false],
        ],
      );
    });

    it('an anonymous token may not list sessions', async () => {
      const anon = await s.anonymous();
      const res = await list(anon.token);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'FORBIDDEN_FOR_ANONYMOUS');
    });

    it('signs out one device: its refresh and calls fail with SESSION_REVOKED at once, the caller stays', async () => {
      const email = await newCustomer();
      const laptop = await device(email, WINDOWS_CHROME);
      const phone = await device(email, IPHONE_SAFARI);
      // The phone's session row is now in this instance's verification cache.
      assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: phone })).status, 200);
      const phoneId = (await list(laptop)).body.sessions.find((x: { current: boolean }) => !x.current).id;
      const out = await s.call('DELETE', `/v4/my-account/sessions/${phoneId}`, { token: laptop });
      assert.equal(out.status, 204);
      const refused = await refresh(phone);
      assert.equal(refused.status, 401);
      assert.equal(refused.body.code, 'SESSION_REVOKED');
      const call = await s.call('GET', '/v4/my-account/personal-information', { token: phone });
      assert.equal(call.body.code, 'SESSION_REVOKED');
      const row = await s.ctx.db.selectFrom('sessions').select(['revoked_reason']).where('id', '=', sidOf(phone)).executeTakeFirstOrThrow();
      assert.equal(row.revoked_reason, 'signed-out-elsewhere');
      assert.equal((await refresh(laptop)).status, 200);
      const left = (await list(laptop)).body.sessions;
      assert.deepEqual(
        left.map((x: { current: boolean }) => x.current),
        [true],
      );
      // Gone already: the same answer as an unknown id.
      const again = await s.call('DELETE', `/v4/my-account/sessions/${phoneId}`, { token: laptop });
      assert.equal(again.status, 404);
      assert.equal(again.body.code, 'NOT_FOUND');
    });

    it("another customer's session id answers as unknown (404) and that session lives on", async () => {
      const mine = await device(await newCustomer(), WINDOWS_CHROME);
      const theirs = await device(await newCustomer(), MAC_FIREFOX);
      const theirId = (await list(theirs)).body.sessions[0].id;
      const res = await s.call('DELETE', `/v4/my-account/sessions/${theirId}`, { token: mine });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'NOT_FOUND');
      const madeUp = await s.call('DELETE', `/v4/my-account/sessions/${'A'.repeat(22)}`, { token: mine });
      assert.deepEqual([madeUp.status, madeUp.body.code, madeUp.body.message], [404, 'NOT_FOUND', res.body.message], 'the same answer');
      // Nor does the token's own sid name a session.
      assert.equal((await s.call('DELETE', `/v4/my-account/sessions/${sidOf(theirs)}`, { token: mine })).status, 404);
      assert.equal((await refresh(theirs)).status, 200);
      assert.equal((await list(theirs)).body.sessions.length, 1);
    });

    it('signs out every other device, answering how many; this one stays', async () => {
      const email = await newCustomer();
      const here = await device(email, MAC_FIREFOX);
      const others = [await device(email, WINDOWS_CHROME), await device(email, IPHONE_SAFARI)];
      const stranger = await device(await newCustomer(), WINDOWS_CHROME);
      const res = await s.call('POST', '/v4/my-account/sessions/sign-out-others', { token: here, body: { apiKey: API_KEY } });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'OK', signedOut: 2 });
      for (const token of others) assert.equal((await refresh(token)).body.code, 'SESSION_REVOKED');
      assert.equal((await refresh(here)).status, 200);
      assert.equal((await refresh(stranger)).status, 200, "another customer's sessions are untouched");
      const again = await s.call('POST', '/v4/my-account/sessions/sign-out-others', { token: here, body: { apiKey: API_KEY } });
      assert.deepEqual(again.body, { status: 'OK', signedOut: 0 });
    });

    it('last activity: a customer call writes it at most once a minute; a refresh writes it', async () => {
      const email = await newCustomer();
      const token = await device(email, WINDOWS_CHROME);
      const opened = clock.now();
      const activeAt = async () =>
        (await s.ctx.db.selectFrom('sessions').select('last_active_at').where('id', '=', sidOf(token)).executeTakeFirstOrThrow()).last_active_at;
      assert.equal(await activeAt(), opened);
      clock.advance(30_000);
      await s.call('GET', '/v4/my-account/personal-information', { token });
      assert.equal(await activeAt(), opened, 'within the minute: no write');
      clock.advance(31_000);
      await s.call('GET', '/v4/my-account/personal-information', { token });
      const noted = clock.now();
      assert.equal(await activeAt(), noted, 'past the minute: written');
      clock.advance(2_000);
      await s.call('GET', '/v4/my-account/personal-information', { token });
      assert.equal(await activeAt(), noted, 'written once');
      assert.equal((await list(token)).body.sessions[0].lastActiveAt, noted);
      clock.advance(5_000);
      assert.equal((await refresh(token)).status, 200);
      assert.equal(await activeAt(), clock.now(), 'a refresh is activity');
    });

    it('a device idle past its token lifetime (it cannot refresh) and merged anonymous sessions are not listed', async () => {
      const email = await newCustomer();
      await device(email, IPHONE_SAFARI);
      clock.advance(s.ctx.config.tokenTtl * 1000 + 1_000);
      // This visitor's anonymous session merges into the customer at sign-in.
      const visitor = await s.anonymous();
      const res = await s.signIn(email, PASSWORD, visitor);
      assert.equal(res.status, 200);
      const sessions = (await list(res.body.token)).body.sessions;
      assert.equal(sessions.length, 1);
      assert.equal(sessions[0].current, true);
    });

    it('keeps the user agent on one line, cut to a sensible length; a sign-in without one is an unknown device', async () => {
      const email = await newCustomer();
      const long = `${WINDOWS_CHROME}\r\n${'x'.repeat(2000)}`;
      const res = await s.call('POST', '/sauth/v3/auth/login/client', {
        body: { apiKey: API_KEY, uuid: randomUUID(), email, password: PASSWORD },
        headers: { 'user-agent': long.replace(/\r\n/, ' ') },
      });
      const row = await s.ctx.db.selectFrom('sessions').select('user_agent').where('id', '=', sidOf(res.body.token)).executeTakeFirstOrThrow();
      assert.equal(row.user_agent?.length, USER_AGENT_MAX);
      assert.ok(row.user_agent?.startsWith(WINDOWS_CHROME));
      const bare = (await s.signIn(email)).body.token;
      const listed = (await list(bare)).body.sessions.find((x: { current: boolean }) => x.current);
      assert.deepEqual([listed.browser, listed.os, listed.device, listed.deviceType], [null, null, null, 'other']);
    });
  });
}
