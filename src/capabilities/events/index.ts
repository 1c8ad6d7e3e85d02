import { type EventQueue, indexedDbQueue, memoryQueue, tabQueue } from '../../session/event-queue.js';
import type { KeyValueStorage } from '../../session/storage.js';

/**
 * The event tracker and its queue (src/session/tracker.ts, event-queue.ts): the Client loads them
 * as it starts, beside its first token (src/session/methods.ts), so the headless import does not
 * carry them (the script-tag page files keep them inline).
 */
export { Tracker } from '../../session/tracker.js';

/** The queue for the storage kind: memory, IndexedDB, or a tab's own (`session`). */
export function eventQueue(storage: KeyValueStorage, namespace: string, local: () => KeyValueStorage): EventQueue {
  if (storage.kind === 'memory') return memoryQueue();
  if (storage.kind === 'local') return indexedDbQueue(`${namespace}events`);
  // A tab's own session: its own queue, found again after a reload of the tab, and adopted by the
  // next tab of the origin when this one went away with events left.
  return tabQueue(namespace, storage, local());
}
