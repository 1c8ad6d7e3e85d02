import type { TokenOrigin } from '../contract/schemas.js';

export interface SnrSignedInDetail {
  clientId: number | null;
  uuid: string;
  /** How the customer proved who they are: `SYNERISE` (password), `OAUTH` or `FACEBOOK`. */
  origin: TokenOrigin | null;
  /** Another tab of this site signed in; this page follows it. */
  remote: boolean;
}

/** A customer signed in (here, or in another tab). Carries no token. */
export class SnrSignedInEvent extends CustomEvent<SnrSignedInDetail> {
  static readonly eventName = 'snr-signed-in';
  constructor(detail: SnrSignedInDetail) {
    super(SnrSignedInEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-signed-in': SnrSignedInEvent;
  }
}
