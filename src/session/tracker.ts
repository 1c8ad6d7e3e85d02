import { isTransient } from '../api/errors.js';
import type { TrackedEvent } from '../contract/schemas.js';
import { MAX_EVENTS_PER_BATCH } from '../contract/values.js';
import type { EventQueue, QueuedEvent } from './event-queue.js';
import { SnrError } from './index.js';
import type { SessionStore } from './store.js';
import type { TabCoordinator } from './tabs.js';
import { trackedEvent } from './tracked-event.js';

/** Page lifecycle signals the tracker listens to; the browser's come from `browserLifecycle()`. */
export interface Lifecycle {
  onPageHide(listener: () => void): () => void;
  /** The page is shown again (back from the back-forward cache). */
  onPageShow?(listener: () => void): () => void;
  onOnline(listener: () => void): () => void;
}

export interface TrackerOptions {
  queue: EventQueue;
  /** Sends one batch with the token valid now; rejects with an `SnrError`. */
  send(events: readonly TrackedEvent[]): Promise<void>;
  /** Sends without waiting for anything, surviving the page (a `keepalive` fetch); false when it cannot. */
  sendBeacon(events: readonly TrackedEvent[]): boolean;
  /** Runs `task` while no other tab flushes the same queue. */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** The UUID the events are about, at the time they happen. */
  uuid(): string;
  /** Tracking is activity: the session store may refresh. */
  activity(): void;
  lifecycle?: Lifecycle;
  /** Flush when this many events wait (at most 100). Default 50. */
  batchSize?: number;
  /** Flush this many ms after the first waiting event. Default 2000. */
  flushInterval?: number;
  /** Longest wait between retries, ms. Default 60 000. */
  maxRetryDelay?: number;
  /** Events the server refused for good, after they were dropped from the queue. */
  onDropped?(events: readonly TrackedEvent[], error: SnrError): void;
  onError?(error: SnrError): void;
  /**
   * The other tabs of the origin that drain the same queue: this tracker tells them which events the
   * server acknowledged, and hears theirs, so a page going away never spends its keepalive budget
   * on events another tab already delivered.
   */
  peers?: {
    post(eventSalts: readonly string[]): void;
    subscribe(listener: (eventSalts: readonly string[]) => void): () => void;
  };
  /** A monotonic clock, ms (`performance.now()` by default): how long to honour a `Retry-After`. */
  monotonic?: () => number;
  /** Do Not Track is on: events are neither kept nor sent. */
  suspended?(): boolean;
}

/** About 64 KiB may be in flight in keepalive requests at once; stay under it. */
const KEEPALIVE_BYTES = 60_000;
/** How many of this page's unacknowledged events are mirrored in memory for the page-hide flush. */
const MIRROR_LIMIT = 1000;
/**
 * An event that fails alone with a server error this many times, after the server has accepted
 * other events since it first failed, is taken for a poison event and dropped.
 */
export const POISON_TRIES = 3;
/** Events failing alone, one after another, before any other is accepted, that mean the server fails on everything. */
const SUSPECTS_BEFORE_VERDICT = 3;
/** After that verdict, rounds of plain retries before the tracker looks for a poison event again. */
const QUIET_ROUNDS = 3;

/** A 5xx that may be about the batch itself; 502, 503 and 504 say the server is unavailable. */
function serverFault(error: SnrError): boolean {
  return error.status >= 500 && error.status !== 502 && error.status !== 503 && error.status !== 504;
}

/** An event that failed alone with a server fault: `tries` so far, `since` the acknowledgements counted then. */
interface Suspect {
  tries: number;
  since: number;
}

/**
 * The event tracker of DESIGN.md §3. `track()` only appends to memory; the events reach the
 * IndexedDB queue in one transaction per task, and leave it only when the server has answered.
 * The server ingests each `eventSalt` once, so sending an event twice (a reload mid-flush, a
 * page-hide beacon) is harmless, while dropping one never happens short of a refusal.
 */
/** What `Tracker.forSession` takes besides the session store and the tabs: the rest comes from them. */
export type SessionTrackerOptions = Omit<TrackerOptions, 'exclusive' | 'uuid' | 'activity' | 'onError' | 'onDropped' | 'peers' | 'monotonic'>;

export class Tracker {
  /**
   * The Client's tracker: the session store gives it the UUID, the activity, the clock and where
   * failures are told (a refused event's eventSalt with them), and the tabs the lock of the queue
   * and the acknowledgements the other tabs hear.
   */
  static forSession(store: SessionStore, tabs: TabCoordinator, options: SessionTrackerOptions): Tracker {
    return new Tracker({
      ...options,
      exclusive: (name, task) => tabs.exclusive(name, task),
      uuid: () => store.state.uuid,
      activity: () => store.touch(),
      onError: (error) => store.fail(error),
      onDropped: (events, error) =>
        store.fail(
          error,
          undefined,
          events.map((event) => event.eventSalt),
        ),
      peers: {
        post: (eventSalts) => tabs.post({ type: 'events-sent', eventSalts }),
        subscribe: (listener) =>
          tabs.onMessage((message) => {
            if (message.type === 'events-sent' && Array.isArray(message.eventSalts)) listener(message.eventSalts as string[]);
          }),
      },
      monotonic: () => store.clock.monotonic(),
    });
  }

  private readonly o: TrackerOptions;
  private readonly batchSize: number;
  private buffer: TrackedEvent[] = [];
  private persisting: Promise<void> = Promise.resolve();
  private persistQueued = false;
  private readonly mirror = new Map<string, TrackedEvent>();
  private waiting = 0;
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Closed: events still go into the kept queue (the next page sends them), nothing is sent from here. */
  private closed = false;
  private failures = 0;
  /** Shrinks while the server refuses a batch without saying which events, to find them. */
  private limit: number;
  private readonly stops: (() => void)[] = [];
  /** Between `pagehide` and a `pageshow`: a queue write may never commit, so events go as beacons too. */
  private hidden = false;
  /** Events tracked here whose queue write has not committed yet. */
  private readonly unwritten = new Map<string, TrackedEvent>();
  /** Events that failed alone with a server fault (by eventSalt): the others go without them. */
  private readonly suspects = new Map<string, Suspect>();
  /** Batches the server acknowledged so far, to tell a poison event from a failing server. */
  private acks = 0;
  /** `acks` when the current run of server faults began; null outside one. */
  private faultsSince: number | null = null;
  /** Rounds left in which a server fault is retried as it is, not searched for a poison event. */
  private quiet = 0;
  /** Monotonic ms before which nothing is sent: the server said `429` with a `Retry-After`. */
  private notBefore = 0;
  private rateLimited: SnrError | null = null;
  private readonly monotonic: () => number;

  constructor(options: TrackerOptions) {
    this.o = options;
    this.batchSize = Math.min(MAX_EVENTS_PER_BATCH, Math.max(1, options.batchSize ?? 50));
    this.limit = this.batchSize;
    this.monotonic = options.monotonic ?? (() => performance.now());
    if (options.lifecycle) {
      this.stops.push(options.lifecycle.onPageHide(() => this.pageHidden()));
      if (options.lifecycle.onPageShow) this.stops.push(options.lifecycle.onPageShow(() => this.pageShown()));
      this.stops.push(options.lifecycle.onOnline(() => this.flushSoon(0, true)));
    }
    if (options.peers) this.stops.push(options.peers.subscribe((salts) => salts.forEach((salt) => this.mirror.delete(salt))));
    const arrival = options.queue.onArrival?.(() => this.flushSoon(0));
    if (arrival) this.stops.push(arrival);
    // Whatever an earlier page left behind goes out soon.
    void options.queue.isEmpty().then(
      (empty) => !empty && this.flushSoon(0, true),
      () => undefined,
    );
  }

  /** Queues an event and answers its `eventSalt`. Costs a few microseconds: no I/O happens here. */
  track(action: string, params?: Record<string, unknown>, label?: string): string {
    const event = trackedEvent(action, this.o.uuid(), params, label);
    if (this.o.suspended?.()) return event.eventSalt;
    this.add([event]);
    this.o.activity();
    return event.eventSalt;
  }

  /** Queues events made before, in order (tracked on the page while this tracker loaded). */
  add(events: readonly TrackedEvent[]): void {
    for (const event of events) {
      this.buffer.push(event);
      this.unwritten.set(event.eventSalt, event);
      if (this.mirror.size < MIRROR_LIMIT) this.mirror.set(event.eventSalt, event);
      // Tracked while the page goes away (a site's own pagehide listener, after ours): the queue
      // write may never commit, so the event leaves now too. The server keeps each eventSalt once.
      if (this.hidden) this.o.sendBeacon([event]);
    }
    if (!this.persistQueued) {
      this.persistQueued = true;
      queueMicrotask(() => this.persistQueued && this.persist());
    }
  }

  /** Sends everything waiting now; rejects with the error that stopped it (a retry is scheduled). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = (this.flushing ??= this.drain().finally(() => (this.flushing = null)));
    return run;
  }

  /**
   * Stops timers and listeners; resolves once the writes and the send under way have ended (a
   * batch on its way is still taken off the queue when its answer comes; no further batch goes).
   */
  close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stops.splice(0).forEach((stop) => stop());
    if (this.persistQueued) this.persist();
    return Promise.allSettled([this.persisting, this.flushing]).then(() => undefined);
  }

  private persist(): void {
    this.persistQueued = false;
    const events = this.buffer;
    this.buffer = [];
    this.persisting = this.persisting
      .then(() => this.o.queue.add(events))
      .then(
        () => {
          for (const event of events) this.unwritten.delete(event.eventSalt);
          this.waiting += events.length;
          this.flushSoon(this.waiting >= this.batchSize ? 0 : (this.o.flushInterval ?? 2000));
        },
        () => this.flushSoon(0), // the queue refused them: they live in the mirror, sent on page hide
      );
  }

  /**
   * While retrying after a failure, only `force` (back online, a new page) cuts the wait short, and
   * nothing cuts a `Retry-After` short: coming back online does not lift a quota.
   */
  private flushSoon(delay: number, force = false): void {
    if (this.closed) return;
    if (this.timer !== undefined && (delay > 0 || (this.failures > 0 && !force))) return;
    if (this.timer !== undefined && this.monotonic() < this.notBefore) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, delay);
  }

  /** Forgets every event not sent yet (Do Not Track turned on: what waits is not sent later). */
  async discard(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
    this.persistQueued = false;
    this.mirror.clear();
    await this.persisting;
    await this.o.exclusive('events', async () => {
      this.waiting = 0;
      for (let items = await this.o.queue.peek(MAX_EVENTS_PER_BATCH); items.length > 0; items = await this.o.queue.peek(MAX_EVENTS_PER_BATCH)) {
        await this.o.queue.remove(items);
      }
    });
  }

  private async drain(): Promise<void> {
    if (this.o.suspended?.()) return;
    if (this.persistQueued) this.persist();
    await this.persisting;
    const wait = this.notBefore - this.monotonic();
    if (wait > 0 && this.rateLimited) {
      // The server asked for a pause: keep it, and send when it ends.
      if (this.timer === undefined) this.retryIn(wait);
      throw new SnrError(this.rateLimited.code, this.rateLimited.message, {
        status: this.rateLimited.status,
        retryAfter: Math.ceil(wait / 1000),
      });
    }
    await this.o.exclusive('events', async () => {
      this.waiting = 0;
      for (;;) {
        if (this.closed) return;
        const items = await this.next();
        if (items.length === 0) {
          this.suspects.clear();
          this.faultsSince = null;
          this.limit = this.batchSize;
          return;
        }
        const events = items.map((item) => item.event);
        try {
          await this.o.send(events);
        } catch (err) {
          const error = err instanceof SnrError ? err : new SnrError('NETWORK_ERROR', String(err), { cause: err });
          if (serverFault(error)) {
            const dropped = this.isolate(items);
            if (dropped === null) {
              this.retryLater(error);
              throw error;
            }
            if (dropped.length > 0) await this.drop(dropped, error);
            continue;
          }
          const refused = this.refused(error, items.length);
          if (!refused) {
            this.retryLater(error);
            throw error;
          }
          if (refused.length === 0) continue; // narrowed the batch; try the smaller one
          await this.drop(
            refused.map((i) => items[i]!),
            error,
          );
          continue;
        }
        await this.o.queue.remove(items);
        this.forget(events);
        this.o.peers?.post(events.map((event) => event.eventSalt));
        for (const event of events) this.suspects.delete(event.eventSalt);
        this.acks++;
        this.failures = 0;
        this.quiet = 0;
        // While a poison event is searched for, the next batch is the same size: the other half.
        if (this.faultsSince === null) this.limit = this.batchSize;
      }
    });
  }

  /**
   * The next batch: up to `limit` of the oldest events, leaving out those under suspicion; when
   * only those are left, the oldest of them alone.
   */
  private async next(): Promise<QueuedEvent[]> {
    if (this.suspects.size === 0) return this.o.queue.peek(this.limit);
    const items = await this.o.queue.peek(this.limit + this.suspects.size);
    const clean = items.filter((item) => !this.suspects.has(item.event.eventSalt)).slice(0, this.limit);
    if (clean.length > 0) return clean;
    return items.length > 0 ? [items[0]!] : [];
  }

  /**
   * A batch failed with a server fault (a 5xx other than 502/503/504). It may hold an event the
   * server cannot take (a poison event), so the batch is halved until the culprit is alone; an event
   * failing alone is set aside while the others go on, in order. It is dropped (answered) once it
   * has failed alone POISON_TRIES times and the server has meanwhile accepted other events;
   * `null`: retry later (the suspect's next try, or the server fails on every event, so nothing is
   * to blame but the server).
   */
  private isolate(items: readonly QueuedEvent[]): QueuedEvent[] | null {
    if (this.quiet > 0) {
      this.quiet--;
      return null;
    }
    this.faultsSince ??= this.acks;
    if (items.length > 1) {
      // Halve; but while the events set aside are all the server has refused so far, the next
      // one alone says at once whether it is the server or another poison event.
      this.limit = this.suspects.size > 0 && this.acks === this.faultsSince ? 1 : Math.ceil(items.length / 2);
      return [];
    }
    const item = items[0]!;
    const suspect = this.suspects.get(item.event.eventSalt);
    if (suspect) {
      suspect.tries++;
      return suspect.tries >= POISON_TRIES && this.acks > suspect.since ? [item] : null;
    }
    if (this.suspects.size >= SUSPECTS_BEFORE_VERDICT && this.acks === this.faultsSince) {
      // One event after another fails alone and the server has taken nothing since the faults
      // began: it is the server, not the events. Back to plain retries, in order, for a while.
      this.suspects.clear();
      this.faultsSince = null;
      this.limit = this.batchSize;
      this.quiet = QUIET_ROUNDS;
      return null;
    }
    this.suspects.set(item.event.eventSalt, { tries: 1, since: this.faultsSince });
    this.limit = this.batchSize;
    return [];
  }

  private async drop(items: readonly QueuedEvent[], error: SnrError): Promise<void> {
    await this.o.queue.remove(items);
    const events = items.map((item) => item.event);
    this.forget(events);
    for (const event of events) this.suspects.delete(event.eventSalt);
    this.o.onDropped?.(events, error);
  }

  /**
   * Which events of a refused batch to drop: the ones the server's field errors point at
   * (`[3].action`); when it does not say, halve the batch until the culprit is alone. `null`:
   * not a refusal of the events at all (offline, server trouble, session trouble): retry later.
   */
  private refused(error: SnrError, size: number): number[] | null {
    if (isTransient(error) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'PAYLOAD_TOO_LARGE' && error.code !== 'MALFORMED_JSON')) {
      return null;
    }
    const named = new Set<number>();
    for (const fieldError of error.errors) {
      // `[3].label`, also as `events[3].label` or `3.label`.
      const match = /^(?:[A-Za-z_$][\w$]*)?\[(\d+)\]|^(\d+)(?:\.|$)/.exec(fieldError.field);
      const index = match ? Number(match[1] ?? match[2]) : -1;
      if (index >= 0 && index < size) named.add(index);
    }
    if (named.size > 0) return [...named];
    if (size === 1) return [0];
    this.limit = Math.ceil(size / 2);
    return [];
  }

  private retryLater(error: SnrError): void {
    this.failures++;
    this.o.onError?.(error);
    const backoff = Math.min(this.o.maxRetryDelay ?? 60_000, 1000 * 2 ** Math.min(this.failures - 1, 16));
    const pause = (error.retryAfter ?? 0) * 1000;
    if (error.status === 429 && pause > 0) {
      this.notBefore = this.monotonic() + pause;
      this.rateLimited = error;
    }
    this.retryIn(Math.max(backoff * (0.5 + Math.random() / 2), pause));
  }

  private retryIn(delay: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, delay);
  }

  private forget(events: readonly TrackedEvent[]): void {
    for (const event of events) this.mirror.delete(event.eventSalt);
  }

  /**
   * The page is going away: send what this page tracked and nobody has an answer for, as beacons,
   * newest first (the oldest are the likeliest to be on their way from another tab, or in the
   * queue for the next page), and tell the queue the page is leaving.
   */
  private pageHidden(): void {
    this.hidden = true;
    if (this.o.suspended?.()) return;
    if (this.persistQueued) this.persist();
    this.o.queue.strand?.([...this.unwritten.values()]);
    // The newest events that fit the keepalive budget, then sent oldest first, in batches.
    const chosen: TrackedEvent[] = [];
    let bytes = 0;
    for (const event of [...this.mirror.values()].reverse()) {
      const size = JSON.stringify(event).length + 1;
      if (bytes + size > KEEPALIVE_BYTES) break;
      chosen.push(event);
      bytes += size;
    }
    chosen.reverse();
    for (let i = 0; i < chosen.length; i += MAX_EVENTS_PER_BATCH) {
      if (!this.o.sendBeacon(chosen.slice(i, i + MAX_EVENTS_PER_BATCH))) return;
    }
  }

  /** Back from the back-forward cache: the page goes on, and so does its queue. */
  private pageShown(): void {
    this.hidden = false;
    this.o.queue.reclaim?.();
  }
}
