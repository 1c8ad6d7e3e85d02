import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The events the elements raise on `document` (DESIGN.md §10). */
export const SNR_EVENTS = [
  'snr-session-change',
  'snr-registered',
  'snr-signed-in',
  'snr-signed-out',
  'snr-account-updated',
  'snr-password-changed',
  'snr-error',
] as const;

export interface LoggedEvent {
  id: number;
  type: string;
  time: Date;
  /** The event's payload as JSON (events carry no tokens). */
  payload: string;
}

const SKIP = new Set(['isTrusted']);

/** What an event carries: `detail` for a CustomEvent, else its own fields (typed event classes). */
export function describeEvent(event: Event): string {
  const data: Record<string, unknown> = {};
  if (event instanceof CustomEvent && event.detail !== undefined && event.detail !== null) data.detail = event.detail;
  for (const key of Object.keys(event)) if (!SKIP.has(key)) data[key] = (event as unknown as Record<string, unknown>)[key];
  let text: string;
  try {
    text = JSON.stringify(data, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, ...(v as object) } : v), 2);
  } catch {
    text = '{}';
  }
  return text === '{}' ? '' : text;
}

/** Keeps the newest snr-* events seen on `document` while its host is connected. */
export class EventLogController implements ReactiveController {
  events: LoggedEvent[] = [];
  private seq = 0;
  private readonly onEvent = (event: Event) => {
    this.events = [{ id: ++this.seq, type: event.type, time: new Date(), payload: describeEvent(event) }, ...this.events].slice(0, 50);
    this.host.requestUpdate();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  clear(): void {
    this.events = [];
    this.host.requestUpdate();
  }

  hostConnected(): void {
    for (const type of SNR_EVENTS) document.addEventListener(type, this.onEvent);
  }

  hostDisconnected(): void {
    for (const type of SNR_EVENTS) document.removeEventListener(type, this.onEvent);
  }
}
