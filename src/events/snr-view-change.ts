/** The views of `<snr-auth>`; `<snr-signin>` reports its own steps with the same event (`sign-in`, `forgot`, `forgot-sent`). */
export type SnrAuthView = 'signin' | 'register' | 'forgot' | 'account';

export interface SnrViewChangeDetail {
  /** The view shown before (`null` for the first one). */
  from: string | null;
  /** The view shown now. */
  to: string;
}

/** An element of the kit shows another view (`<snr-auth>` between its views, `<snr-signin>` between its steps). */
export class SnrViewChangeEvent extends CustomEvent<SnrViewChangeDetail> {
  static readonly eventName = 'snr-view-change';
  constructor(detail: SnrViewChangeDetail) {
    super(SnrViewChangeEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

/** What a customer chose from an error's actions (EMAIL_TAKEN: sign in, or reset the password). */
export type SnrActionName = 'sign-in' | 'reset-password';

export interface SnrActionDetail {
  action: SnrActionName;
  /** The email the customer typed, for the next form. */
  email: string;
}

/**
 * A customer chose an action an error offered (`<snr-register>`'s "Sign in" / "Reset password" after
 * EMAIL_TAKEN). Inside `<snr-auth>` it switches views; alone, the site decides where to go.
 */
export class SnrActionEvent extends CustomEvent<SnrActionDetail> {
  static readonly eventName = 'snr-action';
  constructor(detail: SnrActionDetail) {
    super(SnrActionEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-view-change': SnrViewChangeEvent;
    'snr-action': SnrActionEvent;
  }
}
