import { expect } from 'chai';
import { type Client, createClient, type SessionChange } from '../../../src/session/index.js';
import { ANONYMOUS, forgetEverything, PASSWORD, REFRESH, type RefreshLog, rejection, sleep, TestServer, uniqueEmail, waitFor } from './helpers.js';

const TTL = 3; // seconds: three lifetimes fit in a test

async function signedInClient(server: TestServer, extra: Parameters<TestServer['options']>[0] = {}): Promise<Client> {
  const client = createClient(server.options({ flushInterval: 200, ...extra }));
  await client.ready;
  const email = uniqueEmail('refresh');
  await client.registerAccount({ email, password: PASSWORD });
  await client.signIn(email, PASSWORD);
  return client;
}

const tail = (token: string) => token.slice(-16);

/** No refresh ever reached the server with a token past its `exp`. */
function expectNoExpiredRefresh(refreshes: RefreshLog[]): void {
  for (const r of refreshes) {
    expect(r.exp, 'a refresh carried a token').to.be.a('number');
    expect(r.at, `refresh at ${r.at} with a token that expired at ${r.exp! * 1000}`).to.be.below(r.exp! * 1000);
    expect(r.status, 'refresh answered').to.equal(200);
  }
}

describe('refresh policy (DESIGN.md §2) against the real server', function () {
  this.timeout(30_000);
  let server: TestServer;
  const clients: Client[] = [];

  before(async () => {
    server = await TestServer.start({ SNR_TOKEN_TTL: String(TTL) });
  });
  beforeEach(forgetEverything);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  after(async () => {
    expectNoExpiredRefresh((await server.requests()).refreshes);
    await server.close();
  });

  it('keeps an active customer in one session over 3 token lifetimes, each token refreshed exactly once', async () => {
    const client = await signedInClient(server);
    clients.push(client);
    const first = await client.retrieveToken();
    const { clientId, uuid } = client.state;
    await server.requests(true);

    const start = Date.now();
    while (Date.now() - start < 3 * TTL * 1000 + 500) {
      client.track('activity.tick');
      await sleep(100);
    }
    await client.flushEvents();

    const { refreshes } = await server.requests();
    // Each token (one lifetime) was refreshed once, by the token that refresh had issued before it.
    expect(refreshes.length, 'refreshes over 3 lifetimes').to.be.at.least(3);
    expect(refreshes[0]!.tokenTail).to.equal(tail(first.token));
    for (let i = 1; i < refreshes.length; i++) expect(refreshes[i]!.tokenTail, `refresh ${i}`).to.equal(refreshes[i - 1]!.issuedTail);
    expect(new Set(refreshes.map((r) => r.tokenTail)).size, 'a token refreshed twice').to.equal(refreshes.length);
    // One session throughout, and no refresh before the window (half the lifetime) opened.
    expect(new Set(refreshes.map((r) => r.sid)).size).to.equal(1);
    for (const r of refreshes) expect(r.at - r.iat! * 1000, 'refreshed before half its life').to.be.at.least(((r.exp! - r.iat!) * 1000) / 2 - 1000);
    // With a half-lifetime window a token is refreshed no sooner than half its life: the server's
    // lifetimes are TTL minus the sub-second part of the issue time, so at least (TTL - 1) s.
    expect(refreshes.length).to.be.at.most(Math.floor((3 * TTL * 1000 + 500) / (((TTL - 1) * 1000) / 2)) + 1);
    expectNoExpiredRefresh(refreshes);

    expect(client.state.status).to.equal('signed-in');
    expect(client.state.clientId).to.equal(clientId);
    expect(client.state.uuid).to.equal(uuid);
    expect(tail((await client.retrieveToken()).token)).to.equal(refreshes.at(-1)!.issuedTail);
  });

  it('lets an idle customer expire, then falls back to an anonymous token under a fresh UUID (the customer’s stays the customer’s)', async () => {
    const client = await signedInClient(server);
    clients.push(client);
    const { uuid } = client.state;
    const changes: SessionChange[] = [];
    client.subscribe((_, change) => changes.push(change));
    await sleep(300); // the client.login event goes out
    await server.requests(true);

    await waitFor(() => client.state.status === 'anonymous', 'the session to expire', TTL * 1000 + 2000);
    await waitFor(() => client.state.expiresAt !== null, 'the anonymous token');
    expect(changes[0]).to.deep.include({ type: 'signed-out', reason: 'SESSION_EXPIRATION' });
    expect(client.state.endReason).to.equal('SESSION_EXPIRATION');
    expect(client.state.uuid).to.not.equal(uuid);
    expect(client.isSignedIn()).to.equal(false);
    const { counts } = await server.requests();
    expect(counts[REFRESH.join(' ')] ?? 0, 'an idle customer is never refreshed').to.equal(0);
    expect(counts[ANONYMOUS.join(' ')]).to.equal(1);
    const token = await client.retrieveToken();
    expect(token.realm).to.equal('anonymous_client');
    expect(token.uuid).to.equal(client.state.uuid);
  });

  it('never refreshes an expired token: a page that slept through the expiry starts anonymous, and refreshToken() rejects', async () => {
    // The pages' clocks (issue 11: no waiting out the lifetime): `slept` moves both of them on by
    // a lifetime, as a page frozen that long finds them when it wakes.
    let slept = 0;
    const clock = { wall: () => Date.now() + slept, monotonic: () => performance.now() + slept };
    const sleeper = await signedInClient(server, { flushInterval: 60_000 });
    const { uuid } = sleeper.state;
    const explicit = await signedInClient(server, { flushInterval: 60_000, storage: 'memory', clock });
    sleeper.close(); // frozen pages: no timer runs
    explicit.close();
    slept = TTL * 1000 + 200;
    await server.requests(true);

    // The next page of the origin, opened a lifetime later by its clock.
    const after = createClient(server.options({ clock }));
    clients.push(after);
    expect(after.state.status, 'read from storage').to.equal('signed-in');
    const changes: SessionChange[] = [];
    after.subscribe((_, change) => changes.push(change));
    after.track('woke.up'); // activity with an expired token
    await after.ready;
    await waitFor(() => after.state.status === 'anonymous' && after.state.expiresAt, 'the anonymous fallback');
    expect(changes.map((c) => c.type)).to.include('signed-out');
    expect(after.state.endReason).to.equal('SESSION_EXPIRATION');
    expect(after.state.uuid).to.not.equal(uuid);

    const err = await rejection(explicit.refreshToken());
    expect(err.code).to.equal('SESSION_EXPIRATION');
    expect(explicit.state.status).to.equal('anonymous');
    expect(await server.count(...REFRESH)).to.equal(0);
  });

  it('refreshes only inside the window and never at the edge of expiry, with a narrow window', async () => {
    // Window = last 10% of the life (~400 ms); the store keeps back ~200 ms for the trip.
    const client = await signedInClient(server, { refreshWindow: 0.1 });
    clients.push(client);
    await server.requests(true);
    const start = Date.now();
    while (Date.now() - start < 1.5 * TTL * 1000) {
      client.track('busy');
      await sleep(15);
    }
    await client.retrieveToken(); // a refresh under way has its answer before the log is read
    const { refreshes } = await server.requests();
    expect(refreshes.length).to.be.at.least(1);
    expectNoExpiredRefresh(refreshes);
    for (const r of refreshes) expect(r.exp! * 1000 - r.at, 'refreshed before the window').to.be.at.most(((r.exp! - r.iat!) * 1000) / 10 + 1000);
    expect(client.state.status).to.equal('signed-in');
  });
});
