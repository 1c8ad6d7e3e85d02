import type { SessionEndReason } from '../session/index.js';

export interface SnrSignedOutDetail {
  /** `SIGN_OUT` (asked for), `SESSION_EXPIRATION` (idle past the token's end) or `SESSION_REVOKED` (ended elsewhere). */
  reason: SessionEndReason;
  /** Every device was signed out, when this page asked for it. */
  fromAllDevices: boolean;
  /** Another tab made the change; this page follows it. */
  remote: boolean;
}

/** The signed-in session ended; the page is anonymous again. */
export class SnrSignedOutEvent extends CustomEvent<SnrSignedOutDetail> {
  static readonly eventName = 'snr-signed-out';
  constructor(detail: SnrSignedOutDetail) {
    super(SnrSignedOutEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-signed-out': SnrSignedOutEvent;
  }
}
