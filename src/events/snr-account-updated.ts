import type { AccountInformation } from '../contract/schemas.js';

export interface SnrAccountUpdatedDetail {
  /** The account as the server holds it after the change. */
  account: AccountInformation;
  /** The profile fields that were sent (`firstName`, `agreements`, …). */
  changed: string[];
}

/** The customer saved changes to their account. */
export class SnrAccountUpdatedEvent extends CustomEvent<SnrAccountUpdatedDetail> {
  static readonly eventName = 'snr-account-updated';
  constructor(detail: SnrAccountUpdatedDetail) {
    super(SnrAccountUpdatedEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-account-updated': SnrAccountUpdatedEvent;
  }
}
