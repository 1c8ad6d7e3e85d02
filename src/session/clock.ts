/**
 * The two clocks the session reads. `wall` is the device's calendar time (`Date.now()`), which the
 * customer or the network may set to anything at any moment; `monotonic` (`performance.now()`)
 * only moves forward, at a steady rate, from when the page started. Durations (refresh windows,
 * retry waits, backoff) are measured on the monotonic clock; the wall clock only names moments
 * shared with other pages (a record's revision, an event's time).
 */
export interface Clock {
  wall(): number;
  monotonic(): number;
}

export const systemClock: Clock = {
  wall: () => Date.now(),
  monotonic: () => performance.now(),
};

/** When a request left, on both clocks. */
export interface Sent {
  wall: number;
  monotonic: number;
}

/**
 * This page's reading of the server's clock, on which token lifetimes are counted. Learned at each
 * token answer (the answer's `created`, in server ms, taken as the moment its request left: the
 * token cannot have been made earlier, so the reading is never behind the server) and carried on
 * by the monotonic clock, so a change of the device's clock changes nothing. A page that has had
 * no answer yet starts from the offset (server minus wall) that the page which wrote the stored
 * session measured when it wrote it.
 */
export class ServerTime {
  #anchor: { server: number; monotonic: number; learned: boolean } | null = null;

  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  now(): number {
    return this.#anchor ? this.#anchor.server + (this.#clock.monotonic() - this.#anchor.monotonic) : this.#clock.wall();
  }

  /** A token made at `created` (server ms) answered a request that left at `sent`. */
  learn(created: number, sent: Sent): void {
    this.#anchor = { server: created, monotonic: sent.monotonic, learned: true };
  }

  /** Another page's offset, taken until this page learns its own. */
  adopt(offset: number | undefined): void {
    if (typeof offset !== 'number' || !Number.isFinite(offset) || this.#anchor?.learned) return;
    this.#anchor = { server: this.#clock.wall() + offset, monotonic: this.#clock.monotonic(), learned: false };
  }

  /** Server time minus the device's wall time, now. */
  offset(): number {
    return this.now() - this.#clock.wall();
  }
}
