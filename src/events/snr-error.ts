import type { ErrorCode } from '../contract/errors.js';

/** What the element was doing when it failed. */
export type SnrAction =
  | 'session'
  | 'sign-in'
  | 'register'
  | 'resend-email'
  | 'request-password-reset'
  | 'confirm-email'
  | 'reset-password'
  | 'load-account'
  | 'update-account'
  | 'change-password'
  | 'sign-out'
  | 'facebook'
  /** The event tracker dropped events the server refused for good (`events` names them). */
  | 'track'
  | 'google'
  | 'apple'
  | 'change-email'
  | 'confirm-email-change'
  | 'delete-account'
  /** `<snr-account>`: the authenticator's enrolment, its recovery codes, turning it off. */
  | 'second-factor'
  /** Adding, listing, renaming or removing a passkey (`<snr-account>`), or registering with one. */
  | 'passkey'
  | 'load-sessions'
  | 'sign-out-session'
  | 'sign-out-other-sessions'
  | 'request-sign-in-code';

export interface SnrErrorDetail {
  /** One of the contract's error codes: switch on it, never on `message`. */
  code: ErrorCode;
  /** The text shown to the customer, in the element's language. */
  message: string;
  action: SnrAction;
  /** HTTP status, or 0 when no answer came. */
  status: number;
  /** Seconds until a retry may succeed (`RATE_LIMITED`). */
  retryAfter?: number;
  /** With action `track`: the eventSalts of the events dropped (a poison event, a refused one). */
  events?: string[];
}

/** Something failed. The element shows it too; this is for the site's own logging and logic. */
export class SnrErrorEvent extends CustomEvent<SnrErrorDetail> {
  static readonly eventName = 'snr-error';
  constructor(detail: SnrErrorDetail) {
    super(SnrErrorEvent.eventName, { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-error': SnrErrorEvent;
  }
}
