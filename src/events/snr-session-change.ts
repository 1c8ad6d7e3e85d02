import type { SessionChangeType, SessionEndReason, SessionStatus } from '../session/index.js';

export interface SnrSessionChangeDetail {
  /** What happened: `started`, `signed-in`, `signed-out`, `refreshed`, `uuid-changed`, `error`, or `configured` (a new Client). */
  type: SessionChangeType | 'configured';
  status: SessionStatus;
  uuid: string;
  clientId: number | null;
  reason: SessionEndReason | null;
  remote: boolean;
}

/** Any change of the page's session. Carries no token. */
export class SnrSessionChangeEvent extends CustomEvent<SnrSessionChangeDetail> {
  static readonly eventName = 'snr-session-change';
  constructor(detail: SnrSessionChangeDetail) {
    super(SnrSessionChangeEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-session-change': SnrSessionChangeEvent;
  }
}
