import type { TrackedEvent } from '../contract/schemas.js';
import { MAX_EVENTS_PER_BATCH } from '../contract/values.js';
import type { KeyValueStorage } from './storage.js';

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
  /**
   * The page is going away (`pagehide`), perhaps with events nobody has acknowledged; `unwritten`
   * are those whose write may not have committed. A queue only this page reads makes sure the next
   * page of the origin finds them.
   */
  strand?(unwritten: readonly TrackedEvent[]): void;
  /** The page came back (back-forward cache): it reads its queue again itself. */
  reclaim?(): void;
  /** Events came in from elsewhere (a tab that went away): time to flush. Returns an unsubscribe. */
  onArrival?(listener: () => void): () => void;
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
        db.onversionchange = () => {
          db.close();
          opening = undefined; // deleted (adopted by another tab): the next use makes it anew
        };
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

/** What a tab that went away left: its queue's id, and the events whose write may not have committed. */
type Stranded = Record<string, { events: TrackedEvent[] }>;

/**
 * The queue of a tab whose session lives in `sessionStorage` (`storage: 'session'`): its own
 * IndexedDB queue, found again when the tab reloads (the tab's id is in `tabStorage`). A tab that
 * goes away notes its id, and the events whose write may not have committed, in `shared`
 * (localStorage); the next tab of the origin to start adopts what such tabs left (moves it into
 * its own queue, then deletes theirs), so a tab closed while the server was down strands nothing;
 * a tab already open adopts it as soon as the note is written (the `storage` event). A tab that
 * comes back (a reload, the back-forward cache) takes its note back first.
 */
export function tabQueue(namespace: string, tabStorage: KeyValueStorage, shared: KeyValueStorage): EventQueue {
  let tab = tabStorage.get(`${namespace}tab`);
  if (!tab) tabStorage.set(`${namespace}tab`, (tab = crypto.randomUUID()));
  const me = tab;
  const key = `${namespace}stranded`;
  const own = indexedDbQueue(`${namespace}events:${me}`);
  const read = (): Stranded => {
    try {
      const value = JSON.parse(shared.get(key) ?? '{}') as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Stranded) : {};
    } catch {
      return {};
    }
  };
  const write = (notes: Stranded) => (Object.keys(notes).length === 0 ? shared.remove(key) : shared.set(key, JSON.stringify(notes)));
  /** Takes this tab's note and the notes of the tabs that went away, and forgets them in one write. */
  const take = (everyone: boolean): Stranded => {
    const notes = read();
    const taken: Stranded = {};
    for (const id of Object.keys(notes)) {
      if (everyone || id === me) {
        taken[id] = notes[id]!;
        delete notes[id];
      }
    }
    if (Object.keys(taken).length > 0) write(notes);
    return taken;
  };

  async function adopt(notes: Stranded): Promise<void> {
    for (const [id, note] of Object.entries(notes)) {
      if (Array.isArray(note?.events) && note.events.length > 0) await own.add(note.events);
      if (id === me) continue;
      const name = `${namespace}events:${id}`;
      if (typeof indexedDB === 'undefined' || !(await indexedDB.databases?.())?.some((db) => db.name === name)) continue;
      const theirs = indexedDbQueue(name);
      for (;;) {
        const items = await theirs.peek(MAX_EVENTS_PER_BATCH);
        if (items.length === 0) break;
        await own.add(items.map((item) => item.event)); // ours first: a crash between the two doubles, never loses
        await theirs.remove(items);
      }
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
    }
  }

  const arrivals = new Set<() => void>();
  const adoptAll = () => {
    const notes = take(true);
    if (Object.keys(notes).length === 0) return;
    ready = ready
      .then(() => adopt(notes))
      .catch(() => undefined)
      .then(() => arrivals.forEach((listener) => listener()));
  };
  let ready: Promise<void> = adopt(take(true)).catch(() => undefined);
  // A tab going away while this one lives: take its queue over now, not at the next tab's start.
  shared.onExternalChange?.((changed) => changed === key && adoptAll());
  const after =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await ready;
      return work(...args);
    };
  return {
    add: after(own.add),
    peek: after(own.peek),
    remove: after(own.remove),
    isEmpty: after(own.isEmpty),
    strand(unwritten) {
      const notes = read();
      notes[me] = { events: [...unwritten] };
      write(notes);
    },
    reclaim() {
      ready = ready.then(() => adopt(take(false))).catch(() => undefined);
    },
    onArrival(listener) {
      arrivals.add(listener);
      return () => arrivals.delete(listener);
    },
  };
}
