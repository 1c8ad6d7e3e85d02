import { type EventQueue, indexedDbQueue, memoryQueue, tabQueue } from '../../session/event-queue.js';
import type { KeyValueStorage } from '../../session/storage.js';

/**
 * The event tracker and its queue (src/session/tracker.ts, event-queue.ts): the Client loads them
 * only when they have work (src/session/methods.ts): the first `track()` or `flushEvents()`, a
 * hand-over of events, or at start when an earlier page left events unsent (`unsent` below). The
 * headless import loads them as a chunk of their own, the script-tag page files as the add-on
 * `snr-auth.events.js`.
 */
export { Tracker } from '../../session/tracker.js';

/**
 * The queue for the storage kind: memory, IndexedDB, or a tab's own (`session`). While a kept queue
 * may hold events, the storage's key `unsent` says so (set before a write, removed once the queue is
 * found empty after an acknowledgement): the next page's Client reads it to load the tracker at start.
 */
export function eventQueue(storage: KeyValueStorage, namespace: string, local: () => KeyValueStorage, unsent: string): EventQueue {
  if (storage.kind === 'memory') return memoryQueue();
  // A tab's own session: its own queue, found again after a reload of the tab, and adopted by the
  // next tab of the origin when this one went away with events left.
  const queue = storage.kind === 'local' ? indexedDbQueue(`${namespace}events`) : tabQueue(namespace, storage, local());
  return {
    ...queue,
    add: async (events) => {
      storage.set(unsent, '1');
      await queue.add(events);
    },
    // Events found there (adopted from a tab that went away, left by an older page) are flagged too.
    peek: async (limit) => {
      const items = await queue.peek(limit);
      if (items.length > 0) storage.set(unsent, '1');
      return items;
    },
    remove: async (items) => {
      await queue.remove(items);
      if (await queue.isEmpty()) storage.remove(unsent);
    },
  };
}
