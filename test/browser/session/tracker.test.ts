import { expect } from 'chai';
import { type Client, createClient } from '../../../src/session/index.js';
import { EVENTS, forgetEverything, PASSWORD, queuedEvents, sleep, Tab, TestServer, uniqueEmail, waitFor } from './helpers.js';

const PATH = EVENTS[1];

async function storedSalts(server: TestServer, salts: string[]): Promise<Map<string, number>> {
  const rows = await server.query<{ event_salt: string; n: number }>('SELECT event_salt, count(*) AS n FROM events GROUP BY event_salt');
  const wanted = new Set(salts);
  return new Map(rows.filter((r) => wanted.has(r.event_salt)).map((r) => [r.event_salt, r.n]));
}

describe('event tracker (DESIGN.md §3) against the real server', function () {
  this.timeout(60_000);
  let server: TestServer;
  const closers: (() => void)[] = [];

  before(async () => {
    server = await TestServer.start({}, { own: 'process' }); // its tests crash it (SIGKILL)
  });
  beforeEach(forgetEverything);
  afterEach(async () => {
    closers.splice(0).forEach((close) => close());
    await server.restart(); // a test that stopped it and failed leaves it running for the next
    await server.delay(PATH, 0);
  });
  after(() => server.close());

  it('1,000 events tracked while the server is down, then restarted, then the page reloaded mid-flush: each eventSalt stored exactly once', async () => {
    const tab = await Tab.open(server.options({ batchSize: 100, flushInterval: 200, maxRetryDelay: 1500 }));
    closers.push(() => tab.close());
    await tab.client.ready;

    await server.stop(true); // a crash, not a goodbye
    const salts: string[] = [];
    for (let i = 0; i < 1000; i++) salts.push(tab.client.track('fault.test', { i }));
    expect(new Set(salts).size).to.equal(1000);
    await waitFor(async () => (await queuedEvents(server)) === 1000, 'the 1,000 events in IndexedDB');
    await waitFor(() => tab.client.state.lastError?.code === 'NETWORK_ERROR', 'a failed flush');

    // Back up, but each answer is held 250 ms after the server has stored the batch: a reload then
    // catches a batch stored and not yet acknowledged.
    await server.restart();
    await server.delay(PATH, 250);
    await server.requests(true);
    void tab.client.flushEvents().catch(() => undefined);
    await waitFor(async () => (await server.count(...EVENTS)) >= 3, 'the flush to be under way', 10_000, 5);
    await tab.reload();
    expect(await queuedEvents(server), 'events left for the new page').to.be.greaterThan(0);

    await server.delay(PATH, 0);
    await waitFor(async () => (await queuedEvents(server)) === 0, 'the new page to flush the rest', 20_000, 100);
    const stored = await storedSalts(server, salts);
    expect(stored.size, 'eventSalts stored').to.equal(1000);
    expect(
      [...stored.values()].every((n) => n === 1),
      'an eventSalt stored twice',
    ).to.equal(true);
    const [{ n }] = await server.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE action = ?', ['fault.test']);
    expect(n).to.equal(1000);
  });

  it('kill -9 of the server in the middle of a 1,000-event flush: after the restart each eventSalt is stored exactly once', async () => {
    const tab = await Tab.open(server.options({ batchSize: 100, flushInterval: 100, maxRetryDelay: 1000 }));
    closers.push(() => tab.close());
    await tab.client.ready;
    // Each answer is held after the batch is stored: the crash then lands between storing and acknowledging.
    await server.delay(PATH, 150);
    await server.requests(true);
    const salts: string[] = [];
    for (let i = 0; i < 1000; i++) salts.push(tab.client.track('kill.test', { i }));
    await waitFor(async () => (await server.count(...EVENTS)) >= 3, 'some batches under way', 10_000, 5);
    await server.stop(true); // SIGKILL while batches are in flight
    expect(await queuedEvents(server), 'events still queued in IndexedDB').to.be.greaterThan(0);
    await server.restart();
    await server.delay(PATH, 0);
    await waitFor(async () => (await queuedEvents(server)) === 0, 'the queue to drain after the restart', 20_000, 100);
    const stored = await storedSalts(server, salts);
    expect(stored.size, 'eventSalts stored').to.equal(1000);
    expect(
      [...stored.values()].every((n) => n === 1),
      'an eventSalt stored twice',
    ).to.equal(true);
  });

  it('drops only the events the server refuses, and keeps sending the rest', async () => {
    const client = createClient(server.options({ batchSize: 100, flushInterval: 60_000 }));
    closers.push(() => client.close());
    await client.ready;
    const good = [client.track('ok.one'), client.track('ok.two')];
    const bad = client.track('not allowed!'); // the contract's action pattern refuses it
    good.push(client.track('ok.three'));
    const huge = client.track('ok.huge', { blob: 'x'.repeat(300 * 1024) }); // past the body limit alone
    good.push(client.track('ok.four'));
    await client.flushEvents();
    const stored = await storedSalts(server, [...good, bad, huge]);
    expect([...stored.keys()].sort()).to.deep.equal([...good].sort());
    expect(await queuedEvents(server)).to.equal(0);
  });

  it('sends in batches of the configured size, at most 100', async () => {
    const client = createClient(server.options({ batchSize: 500, flushInterval: 60_000 }));
    closers.push(() => client.close());
    await client.ready;
    await server.requests(true);
    const salts = Array.from({ length: 250 }, (_, i) => client.track('batch.test', { i }));
    await waitFor(async () => (await storedSalts(server, salts)).size === 250, 'the batches');
    expect(await server.count(...EVENTS)).to.equal(3);
  });

  it('flushes after the interval when the batch is not full', async () => {
    const client = createClient(server.options({ batchSize: 50, flushInterval: 300 }));
    closers.push(() => client.close());
    await client.ready;
    const salt = client.track('interval.test');
    await sleep(100);
    expect((await storedSalts(server, [salt])).size, 'sent before the interval').to.equal(0);
    await waitFor(async () => (await storedSalts(server, [salt])).size === 1, 'the interval flush', 2000);
  });

  it('sends what a page tracked with keepalive when it goes away, and the next page sends nothing twice', async () => {
    const options = server.options({ flushInterval: 60_000 });
    const tab = await Tab.open(options);
    await tab.client.ready;
    const salts = Array.from({ length: 10 }, (_, i) => tab.client.track('leaving', { i }));
    await waitFor(async () => (await queuedEvents(server)) === 10, 'the events in IndexedDB');
    await server.requests(true);
    tab.frame.remove(); // pagehide
    await waitFor(async () => (await storedSalts(server, salts)).size === 10, 'the keepalive flush', 3000);
    expect(await server.count(...EVENTS)).to.equal(1);

    // Nobody heard the answer, so the queue still holds them: the next page sends them again and
    // the server keeps one of each.
    const next = await Tab.open(options);
    closers.push(() => next.close());
    await waitFor(async () => (await queuedEvents(server)) === 0, 'the next page to empty the queue');
    const stored = await storedSalts(server, salts);
    expect([...stored.values()]).to.deep.equal(Array(10).fill(1));
  });

  it('events tracked before a sign-out stay with that customer, not the next one to sign in on the page', async () => {
    const client = createClient(server.options({ flushInterval: 60_000 }));
    closers.push(() => client.close());
    await client.ready;
    const [alice, bella] = [uniqueEmail('alice'), uniqueEmail('bella')];
    const other = createClient(server.options({ storage: 'memory' }));
    await other.registerAccount({ email: bella, password: PASSWORD });
    other.close();
    await client.registerAccount({ email: alice, password: PASSWORD });
    await client.signIn(alice, PASSWORD);
    const aliceId = client.state.clientId!;
    const viewed = client.track('product.view', { sku: 'ALICE-ONLY' });
    await client.signOut({ mode: 'destroy-session' }); // a shared computer: the next visitor is a stranger
    const stranger = client.track('page.view');
    await client.signIn(bella, PASSWORD);
    const bellaId = client.state.clientId!;
    await client.flushEvents();
    const owner = async (salt: string) =>
      (await server.query<{ client_id: number }>('SELECT client_id FROM events WHERE event_salt = ?', [salt]))[0]?.client_id;
    expect(await owner(viewed), "Alice's event").to.equal(aliceId);
    const logouts = await server.query<{ client_id: number }>("SELECT client_id FROM events WHERE action = 'client.logout' AND client_id IN (?, ?)", [
      aliceId,
      bellaId,
    ]);
    expect(
      logouts.map((r) => r.client_id),
      'her sign-out too',
    ).to.deep.equal([aliceId]);
    const strangerOwner = await owner(stranger);
    expect(strangerOwner, "the stranger's event went before Bella signed in: to the stranger's profile, merged into hers").to.equal(bellaId);
  });

  it("an event tracked in the page's own pagehide listener, after the tracker's, still leaves", async () => {
    const tab = await Tab.open(server.options({ flushInterval: 60_000 }));
    await tab.client.ready;
    let salt = '';
    tab.frame.contentWindow!.addEventListener('pagehide', () => (salt = tab.client.track('page.leave')));
    tab.frame.remove(); // pagehide
    await waitFor(async () => salt !== '' && (await storedSalts(server, [salt])).size === 1, 'the event tracked while leaving', 3000);
  });

  it('keeps events through an outage and retries with backoff until the server is back', async () => {
    const client: Client = createClient(server.options({ flushInterval: 50, maxRetryDelay: 400 }));
    closers.push(() => client.close());
    await client.ready;
    await server.stop();
    const salts = Array.from({ length: 20 }, (_, i) => client.track('outage', { i }));
    await waitFor(() => client.state.lastError?.code === 'NETWORK_ERROR', 'a failed flush');
    await sleep(1000);
    await server.restart();
    await waitFor(async () => (await storedSalts(server, salts)).size === 20, 'the retry after the outage', 5000);
    await waitFor(async () => (await queuedEvents(server)) === 0, 'the acknowledged events to leave the queue');
  });
});
