// The headless session's time logic (src/session/refresh.ts and store.ts), on a clock of the
// test's: the refresh window, expiry and its margin, the wait after a failed refresh, and the timer
// that ends an idle session. The identity server is a fake fetch answering canned Responses.
// The same policy runs against the real server, in real time, in test/browser/session/refresh.test.ts.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createApiClient } from '../../src/api/client.js';
import { expiryMargin, storedToken, tokenPhase } from '../../src/session/refresh.js';
import { memoryStorage } from '../../src/session/storage.js';
import { SESSION_END_REASONS, type SessionChange, type SessionState, SessionStore } from '../../src/session/store.js';
import { pageCoordinator } from '../../src/session/tabs.js';
import { API_BASE, API_KEY, CUSTOMER_UUID, errorAnswer, fakeServer, json, settle, tokenAnswer, UUID } from './support.js';

const T0 = Date.UTC(2030, 0, 1);
const HOUR = 3_600_000;
const ANONYMOUS = '/sauth/v3/auth/login/client/anonymous';
const REFRESH = '/sauth/v3/auth/refresh/client';

describe('token lifetime and phase (refresh.ts)', () => {
  it('counts the lifetime the server gives from when the request left, whatever the server’s clock says', () => {
    // The server's clock is a day ahead of this machine's: only the difference of its two figures counts.
    const answer = tokenAnswer('t', T0 + 24 * HOUR, 3600);
    const token = storedToken(answer, T0);
    assert.equal(token.issuedAt, T0);
    assert.equal(token.expiresAt, T0 + HOUR);
    // A lifetime that would be negative (a broken answer) is none, never a long one.
    assert.equal(storedToken({ ...answer, expiration: answer.expiration - 7200 }, T0).expiresAt, T0);
  });

  it('keeps back a twentieth of the lifetime for the request’s trip, at most 2 s', () => {
    assert.equal(expiryMargin(storedToken(tokenAnswer('t', T0, 3600), T0)), 2000);
    assert.equal(expiryMargin(storedToken(tokenAnswer('t', T0, 20), T0)), 1000);
  });

  it('is fresh until the window opens, refresh inside it, expired once only the margin is left', () => {
    const token = storedToken(tokenAnswer('t', T0, 3600), T0);
    const end = T0 + HOUR;
    assert.equal(tokenPhase(token, T0, 0.5), 'fresh');
    assert.equal(tokenPhase(token, end - HOUR / 2 - 1, 0.5), 'fresh');
    assert.equal(tokenPhase(token, end - HOUR / 2, 0.5), 'refresh');
    assert.equal(tokenPhase(token, end - 2001, 0.5), 'refresh');
    assert.equal(tokenPhase(token, end - 2000, 0.5), 'expired');
    assert.equal(tokenPhase(token, end + 1, 0.5), 'expired');
    // A narrow window opens later.
    assert.equal(tokenPhase(token, end - HOUR / 10 - 1, 0.1), 'fresh');
    assert.equal(tokenPhase(token, end - HOUR / 10, 0.1), 'refresh');
  });
});

/** The store on a faked clock: `Date.now()` and `setTimeout` move only when the test says. */
function setup(t: TestContext, options: { ttl?: number; refresh?: () => Response | Promise<Response>; refreshWindow?: number } = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: T0 });
  const ttl = options.ttl ?? 3600;
  let issued = 0;
  const server = fakeServer({
    // The anonymous profile of the UUID asked for, as the server does.
    [ANONYMOUS]: (request) => json(200, tokenAnswer(`anonymous-${++issued}`, Date.now(), ttl, false, (request.body as { uuid: string }).uuid)),
    [REFRESH]: options.refresh ?? (() => json(200, tokenAnswer(`customer-${++issued}`, Date.now(), ttl, true))),
  });
  const store = new SessionStore({
    api: createApiClient({ baseUrl: API_BASE, apiKey: API_KEY, fetch: server.fetch }),
    storage: memoryStorage(),
    tabs: pageCoordinator(),
    namespace: 'unit:',
    now: () => Date.now(),
    randomUUID: () => UUID,
    ...(options.refreshWindow ? { refreshWindow: options.refreshWindow } : {}),
  });
  const changes: Array<{ state: SessionState; change: SessionChange }> = [];
  store.subscribe((state, change) => changes.push({ state, change }));
  t.after(() => store.close());
  const signIn = () => store.signedIn(tokenAnswer('customer-0', Date.now(), ttl, true), store.mark());
  return { store, server, changes, signIn, advance: (ms: number) => t.mock.timers.tick(ms) };
}

describe('the session store’s refresh policy (store.ts), on a faked clock', () => {
  it('an active customer refreshes once the window opens, not a millisecond before, and then uses the new token', async (t) => {
    const { store, server, changes, signIn, advance } = setup(t);
    await signIn();
    advance(HOUR / 2 - 1);
    assert.equal((await store.token()).token, 'customer-0');
    assert.deepEqual(server.paths(), []);
    advance(1);
    const refreshed = await store.token();
    assert.equal(refreshed.token, 'customer-1');
    assert.deepEqual(
      server.requests.map((r) => [r.path, r.token]),
      [[REFRESH, 'customer-0']],
    );
    assert.equal(refreshed.expiresAt, T0 + HOUR / 2 + HOUR, 'a full lifetime from when the refresh left');
    assert.equal(changes.at(-1)!.change.type, 'refreshed');
    assert.equal((await store.token()).token, 'customer-1');
    assert.equal(server.requests.length, 1, 'one refresh per token');
  });

  it('calls that are not activity use the token in its window as it is; tracked activity (touch) refreshes', async (t) => {
    const { store, server, signIn, advance } = setup(t);
    await signIn();
    advance(HOUR / 2);
    assert.equal((await store.token(false)).token, 'customer-0');
    assert.equal(store.tokenNow()?.token, 'customer-0');
    assert.deepEqual(server.paths(), []);
    store.touch();
    await settle();
    assert.deepEqual(server.paths(), [REFRESH]);
    assert.equal(store.tokenNow()?.token, 'customer-1');
  });

  it('never sends or refreshes a token inside its expiry margin: the customer is signed out (SESSION_EXPIRATION), same UUID', async (t) => {
    const { store, server, changes, signIn, advance } = setup(t);
    await signIn();
    advance(HOUR - 2001);
    assert.equal(store.tokenNow()?.token, 'customer-0', 'usable 2001 ms before its end');
    advance(1);
    assert.equal(store.tokenNow(), null, 'not worth sending 2 s before its end');
    const token = await store.token();
    assert.deepEqual(server.paths(), [ANONYMOUS], 'no refresh with a token that may arrive expired');
    assert.equal(token.realm, 'anonymous_client');
    const signedOut = changes.find((c) => c.change.type === 'signed-out')!;
    assert.equal(signedOut.change.reason, 'SESSION_EXPIRATION');
    assert.equal(store.state.status, 'anonymous');
    assert.equal(store.state.endReason, 'SESSION_EXPIRATION');
    assert.equal(store.state.uuid, CUSTOMER_UUID, 'the customer’s UUID stays with the browser');
    assert.equal((server.requests[0]!.body as { uuid: string }).uuid, CUSTOMER_UUID);
  });

  it('an explicit refresh() refuses to extend an expired token: the caller gets an anonymous one', async (t) => {
    const { store, server, signIn, advance } = setup(t);
    await signIn();
    advance(HOUR);
    const token = await store.refresh();
    assert.equal(token.realm, 'anonymous_client');
    assert.deepEqual(server.paths(), [ANONYMOUS]);
  });

  it('after a refresh the server could not answer, keeps the token and lets activity try again 5 s later, not sooner', async (t) => {
    let down = true;
    let issued = 0;
    const { store, server, signIn, advance } = setup(t, {
      refresh: () => (down ? errorAnswer(503, 'UNAVAILABLE') : json(200, tokenAnswer(`customer-${++issued}`, Date.now(), 3600, true))),
    });
    await signIn();
    advance(HOUR / 2);
    assert.equal((await store.token()).token, 'customer-0', 'the token is still good: the call goes on with it');
    assert.equal(store.state.lastError?.code, 'UNAVAILABLE');
    down = false;
    advance(4999);
    assert.equal((await store.token()).token, 'customer-0');
    store.touch();
    await settle();
    assert.equal(server.requests.length, 1, 'no second try within 5 s');
    advance(1);
    assert.equal((await store.token()).token, 'customer-1');
    assert.deepEqual(server.paths(), [REFRESH, REFRESH]);
  });

  it('with little time left, waits a quarter of it instead', async (t) => {
    const { store, server, signIn, advance } = setup(t, { ttl: 40, refresh: () => Promise.reject(new TypeError('fetch failed')) });
    await signIn();
    advance(36_000); // 4 s left: the next try waits 1 s
    assert.equal((await store.token()).token, 'customer-0');
    assert.equal(store.state.lastError?.code, 'NETWORK_ERROR');
    advance(999);
    await store.token();
    assert.equal(server.requests.length, 1);
    advance(1);
    await store.token();
    assert.equal(server.requests.length, 2);
  });

  it('an explicit refresh() during an outage rejects with the cause, the token stays', async (t) => {
    const { store, signIn, advance } = setup(t, { refresh: () => errorAnswer(503, 'UNAVAILABLE', { retryAfter: 5 }) });
    await signIn();
    advance(HOUR / 2);
    await assert.rejects(store.refresh(), (err: { code: string; retryAfter: number }) => err.code === 'UNAVAILABLE' && err.retryAfter === 5);
    assert.equal(store.tokenNow()?.token, 'customer-0');
  });

  it('an idle signed-in session ends on time by itself: the page hears of it 5 ms after the margin begins', async (t) => {
    const { store, server, changes, signIn, advance } = setup(t);
    await signIn();
    advance(HOUR - 2000 + 4);
    await settle();
    assert.equal(store.state.status, 'signed-in');
    assert.deepEqual(server.paths(), []);
    advance(1);
    await settle();
    assert.equal(store.state.status, 'anonymous');
    assert.equal(changes.find((c) => c.change.type === 'signed-out')?.change.reason, 'SESSION_EXPIRATION');
    assert.deepEqual(server.paths(), [ANONYMOUS]);
  });

  it('an anonymous token in its window is refreshed too, keeping the UUID', async (t) => {
    const { store, server, advance } = setup(t, {
      refresh: () => json(200, tokenAnswer('anonymous-refreshed', Date.now(), 3600)),
    });
    assert.equal((await store.token()).token, 'anonymous-1');
    advance(HOUR / 2);
    const token = await store.token();
    assert.equal(token.token, 'anonymous-refreshed');
    assert.equal(token.uuid, UUID);
    assert.deepEqual(server.paths(), [ANONYMOUS, REFRESH]);
  });
});

/**
 * The store on two clocks of the test's (issue 12, item 12): `monotonic` moves only as time
 * passes; the device's wall clock moves with it and, on `jump`, by itself, as when the customer
 * or the network sets the clock. The faked `Date` and timers keep the true time, as a browser's
 * timers do; the server's clock is the true time too. The wall clock is also given as `now`, the
 * one clock older stores read.
 */
function clockSetup(t: TestContext, { ttl = 3600, down = () => false }: { ttl?: number; down?: () => boolean } = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: T0 });
  let elapsed = 0;
  let jumped = 0;
  const serverNow = () => T0 + elapsed;
  const wall = () => Date.now() + jumped;
  let issued = 0;
  const server = fakeServer({
    [ANONYMOUS]: (request) => json(200, tokenAnswer(`anonymous-${++issued}`, serverNow(), ttl, false, (request.body as { uuid: string }).uuid)),
    [REFRESH]: () => (down() ? errorAnswer(503, 'UNAVAILABLE') : json(200, tokenAnswer(`customer-${++issued}`, serverNow(), ttl, true))),
  });
  const store = new SessionStore({
    api: createApiClient({ baseUrl: API_BASE, apiKey: API_KEY, fetch: server.fetch }),
    storage: memoryStorage(),
    tabs: pageCoordinator(),
    namespace: 'unit:',
    clock: { wall, monotonic: () => 5000 + elapsed },
    now: wall,
    randomUUID: () => UUID,
  });
  const changes: Array<{ state: SessionState; change: SessionChange }> = [];
  store.subscribe((state, change) => changes.push({ state, change }));
  t.after(() => store.close());
  return {
    store,
    server,
    changes,
    signIn: () => store.signedIn(tokenAnswer('customer-0', serverNow(), ttl, true), store.mark()),
    /** Time passes: both clocks move, and the timers due run. */
    advance: async (ms: number) => {
      elapsed += ms;
      t.mock.timers.tick(ms);
      await settle();
    },
    /** The device's clock is set `ms` forward (or back): no time passes. */
    jump: (ms: number) => {
      jumped += ms;
    },
  };
}

const MINUTE = 60_000;

describe('the device clock changed mid-session (store.ts on an injected clock)', () => {
  it('set 40 min forward: an active customer stays signed in and refreshes when half the real lifetime has passed', async (t) => {
    const { store, server, changes, signIn, advance, jump } = clockSetup(t);
    await signIn();
    await advance(20 * MINUTE);
    jump(40 * MINUTE); // the device now says an hour has passed
    assert.equal((await store.token()).token, 'customer-0', 'the token is 20 min old, not 60');
    assert.equal(store.tokenNow()?.token, 'customer-0');
    assert.deepEqual(server.paths(), []);
    assert.equal(store.state.status, 'signed-in');
    await advance(10 * MINUTE - 1);
    assert.equal((await store.token()).token, 'customer-0');
    assert.deepEqual(server.paths(), []);
    await advance(1);
    assert.equal((await store.token()).token, 'customer-1');
    assert.deepEqual(server.paths(), [REFRESH]);
    assert.equal(
      changes.some((c) => c.change.type === 'signed-out'),
      false,
    );
  });

  it('set 40 min back: the refresh still comes at half the lifetime, not 40 min late with an expired token', async (t) => {
    const { store, server, signIn, advance, jump } = clockSetup(t);
    await signIn();
    await advance(20 * MINUTE);
    jump(-40 * MINUTE); // the device now says the token was made 20 min in the future
    await advance(10 * MINUTE - 1);
    assert.equal((await store.token()).token, 'customer-0');
    assert.deepEqual(server.paths(), []);
    await advance(1);
    assert.equal((await store.token()).token, 'customer-1');
    assert.deepEqual(server.paths(), [REFRESH]);
  });

  it('set 40 min back: an idle session still ends when the server ends it, and the page hears of it on time', async (t) => {
    const { store, changes, signIn, advance, jump } = clockSetup(t);
    await signIn();
    await advance(5 * MINUTE);
    jump(-40 * MINUTE);
    await advance(HOUR - 5 * MINUTE - 2000 + 4);
    assert.equal(store.state.status, 'signed-in');
    await advance(1);
    assert.equal(store.state.status, 'anonymous');
    assert.equal(changes.find((c) => c.change.type === 'signed-out')?.change.reason, 'SESSION_EXPIRATION');
    assert.equal(store.tokenNow()?.realm, 'anonymous_client', 'never an expired customer token sent');
  });

  it('a refresh that failed is tried again 5 s later by the monotonic clock, whatever the device clock does', async (t) => {
    let down = true;
    const { store, server, signIn, advance, jump } = clockSetup(t, { down: () => down });
    await signIn();
    await advance(HOUR / 2);
    assert.equal((await store.token()).token, 'customer-0');
    assert.equal(store.state.lastError?.code, 'UNAVAILABLE');
    down = false;
    jump(-40 * MINUTE); // back: a wait measured on the wall clock would last 40 min more
    await advance(4999);
    assert.equal((await store.token()).token, 'customer-0');
    await advance(1);
    assert.equal((await store.token()).token, 'customer-1');
    assert.deepEqual(server.paths(), [REFRESH, REFRESH]);
  });
});

describe('why a session ended: Synerise’s eight reasons (store.ts)', () => {
  const refusals = [
    [401, 'SESSION_REVOKED', 'SYSTEM_SIGN_OUT'],
    [401, 'TOKEN_INVALID', 'SECURITY_EXCEPTION'],
    [401, 'TOKEN_EXPIRED', 'SESSION_EXPIRATION'],
    [403, 'UNKNOWN_API_KEY', 'CLIENT_REJECTED'],
    [403, 'API_KEY_MISMATCH', 'CLIENT_REJECTED'],
  ] as const;
  for (const [status, code, reason] of refusals) {
    it(`a refresh refused with ${status} ${code} ends the session with ${reason}`, async (t) => {
      const { store, changes, signIn, advance } = setup(t, { refresh: () => errorAnswer(status, code) });
      await signIn();
      advance(HOUR / 2);
      const token = await store.token();
      assert.equal(token.realm, 'anonymous_client');
      assert.equal(changes.find((c) => c.change.type === 'signed-out')?.change.reason, reason);
      assert.equal(store.state.endReason, reason);
    });
  }

  it('a refusal that is not about the token (403 FORBIDDEN_FOR_ANONYMOUS) ends nothing', async (t) => {
    const { store, signIn, advance } = setup(t, { refresh: () => errorAnswer(403, 'FORBIDDEN_FOR_ANONYMOUS') });
    await signIn();
    advance(HOUR / 2);
    assert.equal((await store.token()).token, 'customer-0');
    assert.equal(store.state.status, 'signed-in');
  });

  it('reads the old names another version stored: SIGN_OUT → USER_SIGN_OUT, SESSION_REVOKED → SYSTEM_SIGN_OUT, unknown → NOT_SPECIFIED', () => {
    assert.deepEqual(SESSION_END_REASONS, [
      'NOT_SPECIFIED',
      'SESSION_EXPIRATION',
      'SECURITY_EXCEPTION',
      'USER_SIGN_OUT',
      'SYSTEM_SIGN_OUT',
      'SESSION_DESTROYED',
      'CLIENT_REJECTED',
      'USER_ACCOUNT_DELETED',
    ]);
    for (const [stored, read] of [
      ['SIGN_OUT', 'USER_SIGN_OUT'],
      ['SESSION_REVOKED', 'SYSTEM_SIGN_OUT'],
      ['SESSION_EXPIRATION', 'SESSION_EXPIRATION'],
      ['GONE_FISHING', 'NOT_SPECIFIED'],
      [null, null],
    ] as const) {
      const storage = memoryStorage();
      storage.set('unit:session', JSON.stringify({ uuid: UUID, token: null, endReason: stored, rev: 5 }));
      const store = new SessionStore({
        api: createApiClient({ baseUrl: API_BASE, apiKey: API_KEY, fetch: fakeServer({}).fetch }),
        storage,
        tabs: pageCoordinator(),
        namespace: 'unit:',
      });
      assert.equal(store.state.endReason, read, `${stored}`);
      store.close();
    }
  });
});
