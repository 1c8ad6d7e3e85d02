import { isTransient, SnrError } from '../api/errors.js';
import type { TrackedEvent } from '../contract/schemas.js';
import { MAX_EVENTS_PER_BATCH } from '../contract/values.js';
import type { EventQueue } from './event-queue.js';

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
  /** Do Not Track is on: events are neither kept nor sent. */
  suspended?(): boolean;
}

/** About 64 KiB may be in flight in keepalive requests at once; stay under it. */
const KEEPALIVE_BYTES = 60_000;
/** How many of this page's unacknowledged events are mirrored in memory for the page-hide flush. */
const MIRROR_LIMIT = 1000;

/**
 * The event tracker of DESIGN.md §3. `track()` only appends to memory; the events reach the
 * IndexedDB queue in one transaction per task, and leave it only when the server has answered.
 * The server ingests each `eventSalt` once, so sending an event twice (a reload mid-flush, a
 * page-hide beacon) is harmless, while dropping one never happens short of a refusal.
 */
export class Tracker {
  private readonly o: TrackerOptions;
  private readonly batchSize: number;
  private buffer: TrackedEvent[] = [];
  private persisting: Promise<void> = Promise.resolve();
  private persistQueued = false;
  private readonly mirror = new Map<string, TrackedEvent>();
  private waiting = 0;
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  /** Shrinks while the server refuses a batch without saying which events, to find them. */
  private limit: number;
  private readonly stops: (() => void)[] = [];
  /** Between `pagehide` and a `pageshow`: a queue write may never commit, so events go as beacons too. */
  private hidden = false;

  constructor(options: TrackerOptions) {
    this.o = options;
    this.batchSize = Math.min(MAX_EVENTS_PER_BATCH, Math.max(1, options.batchSize ?? 50));
    this.limit = this.batchSize;
    if (options.lifecycle) {
      this.stops.push(options.lifecycle.onPageHide(() => this.pageHidden()));
      if (options.lifecycle.onPageShow) this.stops.push(options.lifecycle.onPageShow(() => (this.hidden = false)));
      this.stops.push(options.lifecycle.onOnline(() => this.flushSoon(0, true)));
    }
    // Whatever an earlier page left behind goes out soon.
    void options.queue.isEmpty().then(
      (empty) => !empty && this.flushSoon(0, true),
      () => undefined,
    );
  }

  /** Queues an event and answers its `eventSalt`. Costs a few microseconds: no I/O happens here. */
  track(action: string, params?: Record<string, unknown>, label?: string): string {
    const eventSalt = crypto.randomUUID();
    if (this.o.suspended?.()) return eventSalt;
    const event: TrackedEvent = { action, time: new Date().toISOString(), eventSalt, client: { uuid: this.o.uuid() } };
    if (params !== undefined) event.params = params;
    if (label !== undefined) event.label = label;
    this.buffer.push(event);
    if (this.mirror.size < MIRROR_LIMIT) this.mirror.set(eventSalt, event);
    if (!this.persistQueued) {
      this.persistQueued = true;
      queueMicrotask(() => this.persist());
    }
    // Tracked while the page goes away (a site's own pagehide listener, after ours): the queue
    // write may never commit, so the event leaves now too. The server keeps each eventSalt once.
    if (this.hidden) this.o.sendBeacon([event]);
    this.o.activity();
    return eventSalt;
  }

  /** Sends everything waiting now; rejects with the error that stopped it (a retry is scheduled). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = (this.flushing ??= this.drain().finally(() => (this.flushing = null)));
    return run;
  }

  close(): void {
    clearTimeout(this.timer);
    this.stops.forEach((stop) => stop());
  }

  private persist(): void {
    this.persistQueued = false;
    const events = this.buffer;
    this.buffer = [];
    this.persisting = this.persisting
      .then(() => this.o.queue.add(events))
      .then(
        () => {
          this.waiting += events.length;
          this.flushSoon(this.waiting >= this.batchSize ? 0 : (this.o.flushInterval ?? 2000));
        },
        () => this.flushSoon(0), // the queue refused them: they live in the mirror, sent on page hide
      );
  }

  /** While retrying after a failure, only `force` (back online, a new page) cuts the wait short. */
  private flushSoon(delay: number, force = false): void {
    if (this.timer !== undefined && (delay > 0 || (this.failures > 0 && !force))) return;
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
    await this.o.exclusive('events', async () => {
      this.waiting = 0;
      for (;;) {
        const items = await this.o.queue.peek(this.limit);
        if (items.length === 0) return;
        const events = items.map((item) => item.event);
        try {
          await this.o.send(events);
        } catch (err) {
          const error = err instanceof SnrError ? err : new SnrError('NETWORK_ERROR', String(err), { cause: err });
          const refused = this.refused(error, items.length);
          if (!refused) {
            this.retryLater(error);
            throw error;
          }
          if (refused.length === 0) continue; // narrowed the batch; try the smaller one
          const dropped = refused.map((i) => items[i]!);
          await this.o.queue.remove(dropped);
          this.forget(dropped.map((item) => item.event));
          this.o.onDropped?.(
            dropped.map((item) => item.event),
            error,
          );
          continue;
        }
        await this.o.queue.remove(items);
        this.forget(events);
        this.failures = 0;
        this.limit = this.batchSize;
      }
    });
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
      const match = /^\[(\d+)\]/.exec(fieldError.field);
      if (match && Number(match[1]) < size) named.add(Number(match[1]));
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
    const delay = Math.max(backoff * (0.5 + Math.random() / 2), (error.retryAfter ?? 0) * 1000);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, delay);
  }

  private forget(events: readonly TrackedEvent[]): void {
    for (const event of events) this.mirror.delete(event.eventSalt);
  }

  /** The page is going away: send what this page tracked and has no answer for, as beacons. */
  private pageHidden(): void {
    this.hidden = true;
    if (this.o.suspended?.()) return;
    if (this.persistQueued) this.persist();
    let budget = KEEPALIVE_BYTES;
    let batch: TrackedEvent[] = [];
    let bytes = 0;
    const send = () => batch.length > 0 && this.o.sendBeacon(batch);
    for (const event of this.mirror.values()) {
      const size = JSON.stringify(event).length + 1;
      if (batch.length === MAX_EVENTS_PER_BATCH || bytes + size > budget) {
        if (!send()) return;
        budget -= bytes;
        batch = [];
        bytes = 0;
        if (size > budget) return; // the rest waits in the queue for the next page
      }
      batch.push(event);
      bytes += size;
    }
    send();
  }
}
