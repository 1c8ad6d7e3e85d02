import type { KeyValueStorage } from './storage.js';

/**
 * Coordination between the tabs of an origin that share one session: a lock so only one of them
 * refreshes (or starts, or signs out) at a time, and a channel to tell the others that the stored
 * session changed. Web Locks and BroadcastChannel where the browser has them; otherwise a lease
 * and notes kept in the shared storage, which other tabs see through the `storage` event.
 */
export interface TabCoordinator {
  /** Runs `task` while no other task of the same name runs, in this page or another tab. */
  exclusive<T>(name: string, task: () => Promise<T>): Promise<T>;
  post(message: TabMessage): void;
  onMessage(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

export interface TabMessage {
  type: string;
  [key: string]: unknown;
}

/** One page on its own: a mutex per name, nobody to tell. */
export function pageCoordinator(): TabCoordinator {
  const tails = new Map<string, Promise<unknown>>();
  return {
    exclusive(name, task) {
      const run = (tails.get(name) ?? Promise.resolve()).then(task, task);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      void tail.then(() => tails.get(name) === tail && tails.delete(name));
      return run;
    },
    post() {},
    onMessage: () => () => {},
    close() {},
  };
}

const LEASE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The tabs of the origin that share `storage`, under `namespace`. */
export function tabCoordinator(namespace: string, storage: KeyValueStorage): TabCoordinator {
  const local = pageCoordinator();
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const listeners = new Set<(message: TabMessage) => void>();
  const deliver = (message: TabMessage) => listeners.forEach((listener) => listener(message));
  const busKey = `${namespace}bus`;
  const me = Math.random().toString(36).slice(2);
  let closed = false;

  let channel: BroadcastChannel | undefined;
  let stopStorage: (() => void) | undefined;
  if (typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(namespace);
    channel.onmessage = (event: MessageEvent<TabMessage>) => deliver(event.data);
  } else {
    stopStorage = storage.onExternalChange?.((key) => {
      if (key !== busKey) return;
      const raw = storage.get(busKey);
      if (raw) deliver((JSON.parse(raw) as { message: TabMessage }).message);
    });
  }

  async function lease<T>(name: string, task: () => Promise<T>): Promise<T> {
    const key = `${namespace}lock:${name}`;
    for (;;) {
      const held = JSON.parse(storage.get(key) ?? 'null') as { id: string; until: number } | null;
      const now = Date.now();
      // A lease ending further ahead than any lease lasts was written before the device's clock
      // was set back: it would hold every tab off for as long as the clock moved.
      if (!held || held.until < now || held.until > now + LEASE_MS) {
        storage.set(key, JSON.stringify({ id: me, until: Date.now() + LEASE_MS }));
        await sleep(25); // a tab that wrote at the same moment wins or loses here, not later
        if ((JSON.parse(storage.get(key) ?? 'null') as { id: string } | null)?.id === me) break;
      } else {
        await sleep(40);
      }
    }
    try {
      return await task();
    } finally {
      if ((JSON.parse(storage.get(key) ?? 'null') as { id: string } | null)?.id === me) storage.remove(key);
    }
  }

  return {
    exclusive: (name, task) =>
      locks ? (locks.request(`${namespace}${name}`, task) as Promise<Awaited<ReturnType<typeof task>>>) : local.exclusive(name, () => lease(name, task)),
    post(message) {
      if (closed) return;
      if (channel) channel.postMessage(message);
      else storage.set(busKey, JSON.stringify({ message, nonce: Math.random() }));
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      channel?.close();
      stopStorage?.();
      listeners.clear();
    },
  };
}
