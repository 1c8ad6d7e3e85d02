export interface SnrPasswordChangedDetail {
  /** `change` (signed in, current password given) or `reset` (from an emailed link). */
  via: 'change' | 'reset';
}

/** The customer's password changed; the server ended their other sessions. Carries no password. */
export class SnrPasswordChangedEvent extends CustomEvent<SnrPasswordChangedDetail> {
  static readonly eventName = 'snr-password-changed';
  constructor(detail: SnrPasswordChangedDetail) {
    super(SnrPasswordChangedEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-password-changed': SnrPasswordChangedEvent;
  }
}
