// The event tracker's timing (src/session/tracker.ts) on faked timers, with the in-memory queue and
// the identity server as a fake fetch: when a batch leaves, the retry backoff and its cap, the
// server's Retry-After, and what cuts a wait short. The same tracker runs against the real server,
// through outages and restarts, in test/browser/session/tracker.test.ts.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createApiClient } from '../../src/api/client.js';
import type { SnrError } from '../../src/api/errors.js';
import type { TrackedEvent } from '../../src/contract/schemas.js';
import { memoryQueue } from '../../src/session/event-queue.js';
import { pageCoordinator } from '../../src/session/tabs.js';
import { type Lifecycle, POISON_TRIES, Tracker, type TrackerOptions } from '../../src/session/tracker.js';
import { API_BASE, API_KEY, errorAnswer, fakeServer, json, settle, UUID } from './support.js';

const EVENTS = '/v4/events/batch';

type Answer = () => Response | Promise<Response>;
const accepted: Answer = () => json(202, { status: 'ACCEPTED', received: 1, duplicates: 0 });
const unavailable: Answer = () => errorAnswer(503, 'UNAVAILABLE');
const offline: Answer = () => Promise.reject(new TypeError('fetch failed'));

/**
 * A tracker on faked timers whose server answers with `answers` in turn (the last one repeats).
 * `random` is what Math.random gives the backoff's jitter: 1 waits the full backoff, 0 half of it.
 */
function setup(
  t: TestContext,
  options: {
    answers?: Answer[];
    /** Answers by what the batch holds, instead of `answers`. */
    serve?: (events: TrackedEvent[]) => Response | Promise<Response>;
    random?: number;
  } & Partial<Pick<TrackerOptions, 'batchSize' | 'flushInterval' | 'maxRetryDelay'>> = {},
) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  t.mock.method(Math, 'random', () => options.random ?? 1);
  const answers = [...(options.answers ?? [accepted])];
  const sent: TrackedEvent[][] = [];
  const server = fakeServer({
    [EVENTS]: (request) => {
      sent.push(request.body as TrackedEvent[]);
      if (options.serve) return options.serve(request.body as TrackedEvent[]);
      return (answers.length > 1 ? answers.shift()! : answers[0]!)();
    },
  });
  const api = createApiClient({ baseUrl: API_BASE, apiKey: API_KEY, fetch: server.fetch });
  const online = new Set<() => void>();
  const hide = new Set<() => void>();
  const lifecycle: Lifecycle = {
    onPageHide: (listener) => (hide.add(listener), () => hide.delete(listener)),
    onOnline: (listener) => (online.add(listener), () => online.delete(listener)),
  };
  const errors: SnrError[] = [];
  const dropped: { events: TrackedEvent[]; error: SnrError }[] = [];
  const beacons: TrackedEvent[][] = [];
  /** Another tab's acknowledgements, as the tab coordinator delivers them. */
  const peers = new Set<(salts: readonly string[]) => void>();
  const posted: string[][] = [];
  const tabs = pageCoordinator();
  const queue = memoryQueue();
  const tracker = new Tracker({
    queue,
    send: async (events) => void (await api.trackEvents(events, { token: 'token' })),
    sendBeacon: (events) => (beacons.push([...events]), true),
    exclusive: (name, task) => tabs.exclusive(name, task),
    uuid: () => UUID,
    activity: () => {},
    lifecycle,
    monotonic: () => Date.now(), // the faked clock
    onError: (error) => errors.push(error),
    onDropped: (events, error) => dropped.push({ events: [...events], error }),
    peers: {
      post: (salts) => posted.push([...salts]),
      subscribe: (listener) => (peers.add(listener), () => peers.delete(listener)),
    },
    batchSize: options.batchSize,
    flushInterval: options.flushInterval,
    maxRetryDelay: options.maxRetryDelay,
  });
  t.after(() => tracker.close());
  /** Moves the faked timers and lets what they started run to its end. */
  const advance = async (ms: number) => {
    t.mock.timers.tick(ms);
    await settle();
  };
  const track = async (count: number) => {
    for (let i = 0; i < count; i++) tracker.track('page.visit', { n: i });
    await settle();
  };
  return {
    tracker,
    queue,
    sent,
    errors,
    dropped,
    beacons,
    posted,
    advance,
    track,
    goOnline: () => online.forEach((listener) => listener()),
    pageHide: () => hide.forEach((listener) => listener()),
    peerSent: (salts: readonly string[]) => peers.forEach((listener) => listener(salts)),
  };
}

/** The next try leaves exactly `ms` after the last one: not a millisecond sooner, and then. */
async function expectTriesAfter(advance: (ms: number) => Promise<void>, sent: unknown[], waits: number[]): Promise<void> {
  for (const ms of waits) {
    const before = sent.length;
    await advance(ms - 1);
    assert.equal(sent.length, before, `no try ${ms - 1} ms after the last one`);
    await advance(1);
    assert.equal(sent.length, before + 1, `a try ${ms} ms after the last one`);
  }
}

describe('the tracker’s timing (tracker.ts), on faked timers', () => {
  it('sends a batch flushInterval ms after the first waiting event, not before', async (t) => {
    const { sent, advance, track } = setup(t, { flushInterval: 2000 });
    await track(3);
    await advance(1999);
    assert.equal(sent.length, 0);
    await track(2); // later events join the batch without moving its time
    await advance(1);
    assert.deepEqual(
      sent.map((batch) => batch.length),
      [5],
    );
  });

  it('close() lets the batch on its way finish and leave the queue, sends no further batch, and resolves after', async (t) => {
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const { tracker, queue, sent, advance, track } = setup(t, {
      batchSize: 4,
      flushInterval: 60_000,
      serve: async () => (await held, accepted()),
    });
    await track(10);
    await advance(0);
    assert.equal(sent.length, 1, 'the first batch is on its way');
    let closed = false;
    const closing = tracker.close().then(() => (closed = true));
    await advance(0);
    assert.equal(closed, false, 'close waits for the batch on its way');
    answer();
    await closing;
    await advance(60_000);
    assert.deepEqual(
      sent.map((batch) => batch.length),
      [4],
    );
    assert.equal((await queue.peek(100)).length, 6, 'the sent batch left the queue; the rest waits for the next page');
  });

  it('sends at once when batchSize events wait, in batches of that size', async (t) => {
    const { sent, advance, track } = setup(t, { batchSize: 4, flushInterval: 60_000 });
    await track(10);
    await advance(0);
    assert.deepEqual(
      sent.map((batch) => batch.length),
      [4, 4, 2],
    );
  });

  it('retries a batch the server could not take after 1, 2, 4, 8 s… up to maxRetryDelay, then every maxRetryDelay', async (t) => {
    const { sent, errors, advance, track } = setup(t, {
      answers: [unavailable, unavailable, unavailable, unavailable, unavailable, unavailable, accepted],
      flushInterval: 100,
      maxRetryDelay: 10_000,
    });
    await track(1);
    await advance(100);
    assert.equal(sent.length, 1);
    await expectTriesAfter(advance, sent, [1000, 2000, 4000, 8000, 10_000, 10_000]);
    assert.equal(errors.length, 6, 'each failure is reported');
    assert.ok(errors.every((e) => e.code === 'UNAVAILABLE'));
    // The seventh try went through: nothing more is sent.
    await advance(60_000);
    assert.equal(sent.length, 7);
  });

  it('spreads retries with jitter: between half and all of the backoff', async (t) => {
    const { sent, advance, track } = setup(t, { answers: [offline, offline, offline, accepted], flushInterval: 100, random: 0 });
    await track(1);
    await advance(100);
    await expectTriesAfter(advance, sent, [500, 1000, 2000]);
  });

  it('waits as long as the server’s Retry-After when that is longer than the backoff', async (t) => {
    const { sent, advance, track } = setup(t, { answers: [() => errorAnswer(429, 'RATE_LIMITED', { retryAfter: 30 }), accepted], flushInterval: 100 });
    await track(1);
    await advance(100);
    await expectTriesAfter(advance, sent, [30_000]);
  });

  it('while it waits to retry, new events do not cut the wait short; coming back online does', async (t) => {
    const { sent, advance, track, goOnline } = setup(t, { answers: [offline, offline, accepted], flushInterval: 100, batchSize: 2 });
    await track(1);
    await advance(100);
    assert.equal(sent.length, 1);
    await track(5); // a full batch and more, during the 1 s wait
    await advance(999);
    assert.equal(sent.length, 1, 'the wait holds');
    await advance(1);
    assert.equal(sent.length, 2, 'retried on time (and failed again: the next wait is 2 s)');
    await advance(500);
    goOnline();
    await advance(0);
    assert.deepEqual(
      sent.slice(2).map((batch) => batch.length),
      [2, 2, 2],
      'back online: the six waiting events go at once, two by two',
    );
  });

  it('a success resets the backoff: the next failure waits 1 s again', async (t) => {
    const { sent, advance, track } = setup(t, { answers: [unavailable, unavailable, accepted, unavailable, accepted], flushInterval: 100 });
    await track(1);
    await advance(100);
    await expectTriesAfter(advance, sent, [1000, 2000]);
    await track(1);
    await advance(100);
    assert.equal(sent.length, 4);
    await expectTriesAfter(advance, sent, [1000]);
  });
});

const POISON = 'bad\u0000label';
/** A server that cannot store a NUL in a label (PostgreSQL on main): 500 for any batch holding one. */
const poisoned = (events: TrackedEvent[]) =>
  events.some((event) => event.label === POISON)
    ? errorAnswer(500, 'INTERNAL_ERROR')
    : json(202, { status: 'ACCEPTED', received: events.length, duplicates: 0 });
const numbers = (batches: TrackedEvent[][]) => batches.flat().map((event) => (event.params as { n: number }).n);

describe('a batch that keeps failing never blocks the queue (issue 12, item 9)', () => {
  it('isolates a poison event by halving its batch: the other events arrive in order, it is dropped and reported after POISON_TRIES tries alone', async (t) => {
    const accepted: TrackedEvent[][] = [];
    const { tracker, sent, dropped, advance } = setup(t, {
      flushInterval: 100,
      serve: (events) => {
        const answer = poisoned(events);
        if (answer.status === 202) accepted.push(events);
        return answer;
      },
    });
    for (let n = 0; n < 10; n++) tracker.track('page.visit', { n }, n === 4 ? POISON : undefined);
    await settle();
    await advance(100);
    assert.deepEqual(numbers(accepted), [0, 1, 2, 3, 5, 6, 7, 8, 9], 'every other event, in order, in the first flush');
    assert.equal(dropped.length, 0, 'not dropped after one failure alone');
    const lone = () => sent.filter((batch) => batch.length === 1 && batch[0]!.label === POISON).length;
    assert.equal(lone(), 2);
    await advance(1000); // the third try alone, after the backoff
    assert.equal(lone(), POISON_TRIES);
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0]!.events[0]!.label, POISON);
    assert.equal(dropped[0]!.error.status, 500);
    const before = sent.length;
    assert.ok(before <= 16, `found with ${before} requests`);
    tracker.track('page.visit', { n: 10 });
    await settle();
    await advance(100);
    assert.deepEqual(numbers(accepted), [0, 1, 2, 3, 5, 6, 7, 8, 9, 10], 'later events flow');
    await advance(120_000);
    assert.equal(sent.length, before + 1, 'the poison is never sent again');
  });

  it('a poison event at the head of the queue, alone, does not hold back the events tracked after it', async (t) => {
    const accepted: TrackedEvent[][] = [];
    const { tracker, dropped, advance } = setup(t, {
      flushInterval: 100,
      serve: (events) => {
        const answer = poisoned(events);
        if (answer.status === 202) accepted.push(events);
        return answer;
      },
    });
    tracker.track('page.visit', { n: 0 }, POISON);
    await settle();
    await advance(100);
    await advance(1000);
    await advance(2000);
    assert.equal(dropped.length, 0, 'alone, with nothing else taken by the server, it is not judged yet');
    for (let n = 1; n <= 3; n++) tracker.track('page.visit', { n });
    await settle();
    await advance(4000); // the next try: the others go first, without it
    assert.deepEqual(numbers(accepted), [1, 2, 3]);
    assert.equal(dropped.length, 1, 'then, the server having taken others, it is dropped');
  });

  it('two poison events in one batch: both found, everything else arrives in order', async (t) => {
    const accepted: TrackedEvent[][] = [];
    const { tracker, dropped, advance } = setup(t, {
      flushInterval: 100,
      serve: (events) => {
        const answer = poisoned(events);
        if (answer.status === 202) accepted.push(events);
        return answer;
      },
    });
    for (let n = 0; n < 20; n++) tracker.track('page.visit', { n }, n === 0 || n === 13 ? POISON : undefined);
    await settle();
    await advance(100);
    for (let i = 0; i < 6; i++) await advance(60_000);
    assert.deepEqual(
      numbers(accepted),
      Array.from({ length: 20 }, (_, n) => n).filter((n) => n !== 0 && n !== 13),
    );
    assert.deepEqual(dropped.flatMap((d) => d.events.map((e) => (e.params as { n: number }).n)).sort(), [0, 13]);
  });

  it('a server failing every batch with 500 loses nothing: retried with backoff, delivered whole and in order once it recovers', async (t) => {
    let broken = true;
    const accepted: TrackedEvent[][] = [];
    const { tracker, sent, dropped, advance } = setup(t, {
      flushInterval: 100,
      maxRetryDelay: 10_000,
      serve: (events) => {
        if (broken) return errorAnswer(500, 'INTERNAL_ERROR');
        accepted.push(events);
        return json(202, { status: 'ACCEPTED', received: events.length, duplicates: 0 });
      },
    });
    for (let n = 0; n < 30; n++) tracker.track('page.visit', { n });
    await settle();
    for (let i = 0; i < 12; i++) await advance(10_000); // two minutes of 500s
    assert.equal(dropped.length, 0, 'nothing dropped while the server fails on everything');
    assert.equal(accepted.length, 0);
    assert.ok(sent.length < 80, `${sent.length} requests in two minutes`);
    broken = false;
    await advance(10_000);
    assert.deepEqual(
      numbers(accepted),
      Array.from({ length: 30 }, (_, n) => n),
    );
  });

  it('a 503 or 502 (unavailable) is never searched for a poison event: the batch waits whole', async (t) => {
    const { tracker, sent, dropped, advance } = setup(t, {
      flushInterval: 100,
      answers: [unavailable, () => errorAnswer(502, 'UNAVAILABLE'), unavailable, accepted],
    });
    for (let n = 0; n < 8; n++) tracker.track('page.visit', { n });
    await settle();
    await advance(100);
    await expectTriesAfter(advance, sent, [1000, 2000, 4000]);
    assert.deepEqual(
      sent.map((batch) => batch.length),
      [8, 8, 8, 8],
    );
    assert.equal(dropped.length, 0);
  });

  it('a 400 naming the poison event’s field drops only that event, at once', async (t) => {
    const accepted: TrackedEvent[][] = [];
    const { tracker, sent, dropped, advance } = setup(t, {
      flushInterval: 100,
      serve: (events) => {
        const at = events.findIndex((event) => event.label === POISON);
        if (at < 0) {
          accepted.push(events);
          return json(202, { status: 'ACCEPTED', received: events.length, duplicates: 0 });
        }
        return json(400, {
          error: 'Bad Request',
          status: 400,
          code: 'VALIDATION_FAILED',
          message: 'invalid',
          path: '/v4/events/batch',
          timestamp: new Date(0).toISOString(),
          errors: [{ field: `events[${at}].label`, code: 'invalid_string', message: 'must not contain U+0000' }],
        });
      },
    });
    for (let n = 0; n < 6; n++) tracker.track('page.visit', { n }, n === 2 ? POISON : undefined);
    await settle();
    await advance(100);
    assert.equal(sent.length, 2);
    assert.deepEqual(numbers(accepted), [0, 1, 3, 4, 5]);
    assert.equal(dropped[0]?.error.code, 'VALIDATION_FAILED');
  });
});

describe('429: the tracker keeps every event and waits as long as the server says (issue 12, item 2)', () => {
  const limited = () =>
    json(
      429,
      { error: 'Too Many Requests', status: 429, code: 'RATE_LIMITED', message: 'slow down', path: '/', timestamp: new Date(0).toISOString() },
      { 'Retry-After': '30' },
    );

  it('the Retry-After header holds even when the browser comes back online or the page asks to flush; then every event goes', async (t) => {
    const { tracker, sent, dropped, errors, advance, track, goOnline } = setup(t, { answers: [limited, accepted], flushInterval: 100 });
    await track(5);
    await advance(100);
    assert.equal(sent.length, 1);
    assert.equal(errors[0]?.retryAfter, 30);
    goOnline();
    await advance(0);
    await assert.rejects(tracker.flush(), (err: SnrError) => err.code === 'RATE_LIMITED' && err.retryAfter === 30);
    await track(3);
    await advance(29_999);
    assert.equal(sent.length, 1, 'nothing before the 30 s are over');
    await advance(1);
    assert.equal(sent.length, 2);
    assert.deepEqual(
      sent[1]!.map((event) => (event.params as { n: number }).n),
      [0, 1, 2, 3, 4, 0, 1, 2],
      'all eight, none dropped',
    );
    assert.equal(dropped.length, 0);
  });

  it('a Retry-After given as an HTTP date is honoured too', async (t) => {
    const until = () =>
      json(
        429,
        { error: 'Too Many Requests', status: 429, code: 'RATE_LIMITED', message: 'slow down', path: '/', timestamp: new Date(0).toISOString() },
        {
          'Retry-After': new Date(Date.now() + 45_000).toUTCString(),
        },
      );
    const { sent, advance, track } = setup(t, { answers: [until, accepted], flushInterval: 100 });
    await track(2);
    await advance(100);
    await expectTriesAfter(advance, sent, [45_000]);
  });

  it('429 after 429: each pause honoured, nothing dropped', async (t) => {
    const { sent, dropped, advance, track } = setup(t, { answers: [limited, limited, limited, accepted], flushInterval: 100 });
    await track(4);
    await advance(100);
    await expectTriesAfter(advance, sent, [30_000, 30_000, 30_000]);
    assert.equal(dropped.length, 0);
    assert.equal(sent.at(-1)!.length, 4);
  });
});

describe('a page going away spends its keepalive budget well (issue 12, item 12)', () => {
  const big = (n: number) => ({ n, blob: 'x'.repeat(200) });

  it('sends the newest of its events that fit in 60 KB, oldest of those first', async (t) => {
    const { tracker, beacons, advance, pageHide } = setup(t, { answers: [offline], batchSize: 100, flushInterval: 60_000 });
    for (let n = 0; n < 300; n++) tracker.track('page.visit', big(n));
    await settle();
    await advance(0);
    pageHide();
    const sentNumbers = numbers(beacons);
    const bytes = beacons.reduce((sum, batch) => sum + JSON.stringify(batch).length, 0);
    assert.ok(bytes <= 60_000 + beacons.length * 2, `${bytes} bytes in keepalive requests`);
    assert.ok(sentNumbers.length > 100, `${sentNumbers.length} events`);
    assert.equal(sentNumbers.at(-1), 299, 'the newest event goes');
    assert.deepEqual(
      sentNumbers,
      Array.from({ length: sentNumbers.length }, (_, i) => 300 - sentNumbers.length + i),
      'the newest ones, in order',
    );
    assert.ok(beacons.every((batch) => batch.length <= 100));
  });

  it('leaves out what another tab has delivered, and tells the other tabs what it delivered itself', async (t) => {
    const { tracker, beacons, posted, advance, pageHide, peerSent } = setup(t, { answers: [accepted], batchSize: 100, flushInterval: 60_000 });
    const mine = Array.from({ length: 5 }, (_, n) => tracker.track('page.visit', { n }));
    await settle();
    await tracker.flush();
    assert.deepEqual(posted, [mine], 'its acknowledged events, told to the other tabs');
    const salts = Array.from({ length: 10 }, (_, n) => tracker.track('page.visit', { n: 100 + n }));
    await settle();
    peerSent(salts.slice(0, 6)); // another tab drained the shared queue and delivered these
    await advance(0);
    pageHide();
    assert.deepEqual(numbers(beacons), [106, 107, 108, 109]);
  });
});
