import type { TrackedEvent } from '../contract/schemas.js';

/** An event as `track()` makes it: its `eventSalt`, now, and the UUID it is about. */
export function trackedEvent(action: string, uuid: string, params?: Record<string, unknown>, label?: string): TrackedEvent {
  const event: TrackedEvent = { action, time: new Date().toISOString(), eventSalt: crypto.randomUUID(), client: { uuid } };
  if (params !== undefined) event.params = params;
  if (label !== undefined) event.label = label;
  return event;
}
