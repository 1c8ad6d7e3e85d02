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
import { type Lifecycle, Tracker, type TrackerOptions } from '../../src/session/tracker.js';
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
  options: { answers?: Answer[]; random?: number } & Partial<Pick<TrackerOptions, 'batchSize' | 'flushInterval' | 'maxRetryDelay'>> = {},
) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  t.mock.method(Math, 'random', () => options.random ?? 1);
  const answers = [...(options.answers ?? [accepted])];
  const sent: TrackedEvent[][] = [];
  const server = fakeServer({
    [EVENTS]: (request) => {
      sent.push(request.body as TrackedEvent[]);
      return (answers.length > 1 ? answers.shift()! : answers[0]!)();
    },
  });
  const api = createApiClient({ baseUrl: API_BASE, apiKey: API_KEY, fetch: server.fetch });
  const online = new Set<() => void>();
  const lifecycle: Lifecycle = {
    onPageHide: () => () => {},
    onOnline: (listener) => (online.add(listener), () => online.delete(listener)),
  };
  const errors: SnrError[] = [];
  const tabs = pageCoordinator();
  const tracker = new Tracker({
    queue: memoryQueue(),
    send: async (events) => void (await api.trackEvents(events, { token: 'token' })),
    sendBeacon: () => false,
    exclusive: (name, task) => tabs.exclusive(name, task),
    uuid: () => UUID,
    activity: () => {},
    lifecycle,
    monotonic: () => Date.now(), // the faked clock
    onError: (error) => errors.push(error),
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
  return { tracker, sent, errors, advance, track, goOnline: () => online.forEach((listener) => listener()) };
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
