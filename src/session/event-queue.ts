import type { TrackedEvent } from '../contract/schemas.js';
import { MAX_EVENTS_PER_BATCH } from '../contract/values.js';

/** An event waiting in the queue, with the record it is stored in. */
export interface QueuedEvent {
  seq: number;
  event: TrackedEvent;
}

/** Events waiting for the server's acknowledgement, oldest first. */
export interface EventQueue {
  /** Stores the events together (one record: one write however many events a task tracked). */
  add(events: readonly TrackedEvent[]): Promise<void>;
  peek(limit: number): Promise<QueuedEvent[]>;
  remove(items: readonly QueuedEvent[]): Promise<void>;
  isEmpty(): Promise<boolean>;
}

interface StoredBatch {
  seq: number;
  events: TrackedEvent[];
}

function take(batches: readonly StoredBatch[], limit: number): QueuedEvent[] {
  const out: QueuedEvent[] = [];
  for (const { seq, events } of batches) {
    for (const event of events) {
      if (out.length === limit) return out;
      out.push({ seq, event });
    }
  }
  return out;
}

/** What is left of each touched record once `items` are gone; an empty record is deleted. */
function leftovers(items: readonly QueuedEvent[]): Map<number, Set<string>> {
  const gone = new Map<number, Set<string>>();
  for (const { seq, event } of items) {
    let salts = gone.get(seq);
    if (!salts) gone.set(seq, (salts = new Set()));
    salts.add(event.eventSalt);
  }
  return gone;
}

export function memoryQueue(): EventQueue {
  let batches: StoredBatch[] = [];
  let seq = 0;
  return {
    add: async (events) => void batches.push({ seq: ++seq, events: [...events] }),
    peek: async (limit) => take(batches, limit),
    remove: async (items) => {
      const gone = leftovers(items);
      batches = batches
        .map((batch) => (gone.has(batch.seq) ? { seq: batch.seq, events: batch.events.filter((e) => !gone.get(batch.seq)!.has(e.eventSalt)) } : batch))
        .filter((batch) => batch.events.length > 0);
    },
    isEmpty: async () => batches.length === 0,
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

  async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore, done: (value: T) => void) => void): Promise<T> {
    const db = await open();
    if (!db) throw new Error('IndexedDB unavailable');
    return new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      let result: T;
      work(tx.objectStore(STORE), (value) => (result = value));
      tx.oncomplete = () => resolve(result);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }

  const primary: EventQueue = {
    add: (events) =>
      run<void>('readwrite', (store) => {
        // Records of at most one batch, so an acknowledged batch is mostly whole records to delete.
        for (let i = 0; i < events.length; i += MAX_EVENTS_PER_BATCH) store.add({ events: events.slice(i, i + MAX_EVENTS_PER_BATCH) });
      }),
    peek: (limit) =>
      run('readonly', (store, done: (value: QueuedEvent[]) => void) => {
        const batches: StoredBatch[] = [];
        let count = 0;
        const cursor = store.openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (at) {
            const batch = at.value as StoredBatch;
            batches.push(batch);
            count += batch.events.length;
            if (count < limit) return at.continue();
          }
          done(take(batches, limit));
        };
      }),
    remove: (items) =>
      run<void>('readwrite', (store) => {
        for (const [seq, salts] of leftovers(items)) {
          const request = store.get(seq);
          request.onsuccess = () => {
            const batch = request.result as StoredBatch | undefined;
            if (!batch) return;
            const events = batch.events.filter((e) => !salts.has(e.eventSalt));
            if (events.length === 0) store.delete(seq);
            else store.put({ seq, events });
          };
        }
      }),
    isEmpty: () =>
      run('readonly', (store, done: (value: boolean) => void) => {
        const request = store.count();
        request.onsuccess = () => done(request.result === 0);
      }),
  };

  const guarded = <K extends keyof EventQueue>(key: K): EventQueue[K] =>
    (async (...args: unknown[]) => {
      if (!fallback) {
        try {
          return await (primary[key] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch {
          fallback = memoryQueue();
        }
      }
      return (fallback[key] as (...a: unknown[]) => Promise<unknown>)(...args);
    }) as EventQueue[K];

  return { add: guarded('add'), peek: guarded('peek'), remove: guarded('remove'), isEmpty: guarded('isEmpty') };
}
