import type { RegistrationMode, RegistrationStatus } from '../contract/schemas.js';

export interface SnrRegisteredDetail {
  /** `REGISTERED`, `CONFIRMATION_REQUIRED` (signed in, email to confirm) or `ACTIVATION_REQUIRED` (not signed in). */
  status: RegistrationStatus;
  registrationMode: RegistrationMode;
  clientId: number;
  uuid: string;
  email: string;
}

/** An account was created. A sign-in, when the mode allows one, follows as `snr-signed-in`. */
export class SnrRegisteredEvent extends CustomEvent<SnrRegisteredDetail> {
  static readonly eventName = 'snr-registered';
  constructor(detail: SnrRegisteredDetail) {
    super(SnrRegisteredEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-registered': SnrRegisteredEvent;
  }
}
