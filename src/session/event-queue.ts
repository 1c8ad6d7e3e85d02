import type { TrackedEvent } from '../contract/schemas.js';

export interface QueuedEvent {
  seq: number;
  event: TrackedEvent;
}

/** Events waiting for the server's acknowledgement, oldest first. */
export interface EventQueue {
  add(events: readonly TrackedEvent[]): Promise<void>;
  peek(limit: number): Promise<QueuedEvent[]>;
  remove(seqs: readonly number[]): Promise<void>;
  count(): Promise<number>;
}

export function memoryQueue(): EventQueue {
  let items: QueuedEvent[] = [];
  let seq = 0;
  return {
    add: async (events) => void events.forEach((event) => items.push({ seq: ++seq, event })),
    peek: async (limit) => items.slice(0, limit),
    remove: async (seqs) => {
      const gone = new Set(seqs);
      items = items.filter((item) => !gone.has(item.seq));
    },
    count: async () => items.length,
  };
}

const STORE = 'events';

/**
 * A queue in IndexedDB, shared by the tabs of the origin and surviving reloads and crashes. Falls
 * back to memory where IndexedDB is missing or refuses to open (some private modes).
 */
export function indexedDbQueue(name: string): EventQueue {
  if (typeof indexedDB === 'undefined') return memoryQueue();
  let fallback: EventQueue | undefined;
  let opening: Promise<IDBDatabase | null> | undefined;

  const open = () =>
    (opening ??= new Promise<IDBDatabase | null>((resolve) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => db.close();
        resolve(db);
      };
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    }));

  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
    const db = await open();
    if (!db) throw new Error('IndexedDB unavailable');
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request?.result as T);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  const withFallback =
    <A extends unknown[], R>(primary: (...args: A) => Promise<R>, secondary: (q: EventQueue) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!fallback) {
        try {
          return await primary(...args);
        } catch {
          fallback = memoryQueue();
        }
      }
      return secondary(fallback)(...args);
    };

  return {
    add: withFallback(
      (events) => run('readwrite', (store) => void events.forEach((event) => store.add({ event }))),
      (q) => q.add,
    ),
    peek: withFallback(
      (limit) => run<QueuedEvent[]>('readonly', (store) => store.getAll(null, limit)),
      (q) => q.peek,
    ),
    remove: withFallback(
      (seqs) => run('readwrite', (store) => void seqs.forEach((seq) => store.delete(seq))),
      (q) => q.remove,
    ),
    count: withFallback(
      () => run<number>('readonly', (store) => store.count()),
      (q) => q.count,
    ),
  };
}
