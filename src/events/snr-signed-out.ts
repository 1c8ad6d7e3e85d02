import type { SessionEndReason } from '../session/index.js';

export interface SnrSignedOutDetail {
  /**
   * One of Synerise's eight reasons (`SessionEndReason`): `USER_SIGN_OUT` (asked for), `SESSION_DESTROYED`,
   * `SESSION_EXPIRATION`, `SYSTEM_SIGN_OUT` (ended by the server: elsewhere, a password or email change),
   * `SECURITY_EXCEPTION`, `CLIENT_REJECTED`, `USER_ACCOUNT_DELETED` or `NOT_SPECIFIED`. In 0.1 the
   * names were `SIGN_OUT` (now `USER_SIGN_OUT`) and `SESSION_REVOKED` (now `SYSTEM_SIGN_OUT`).
   */
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
