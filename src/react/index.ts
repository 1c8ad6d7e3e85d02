/**
 * React wrappers (`snr-auth/react`), made with `@lit/react`: each element as a typed component,
 * its properties as props and its events as `on…` props.
 *
 *   import { SnrSignin } from 'snr-auth/react';
 *   <SnrSignin onSignedIn={(e) => console.log(e.detail.clientId)} />
 *
 * Importing this module defines the elements (as `snr-auth` does); it never touches `window` at
 * import, so server-side rendering can import it (the elements render on the client).
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { SnrAccount } from '../elements/snr-account/snr-account.js';
import { SnrChangePassword } from '../elements/snr-change-password/snr-change-password.js';
import { SnrFacebookButton } from '../elements/snr-facebook-button/snr-facebook-button.js';
import { SnrLanding } from '../elements/snr-landing/snr-landing.js';
import { SnrRegister } from '../elements/snr-register/snr-register.js';
import { SnrSession } from '../elements/snr-session/snr-session.js';
import { SnrSignin } from '../elements/snr-signin/snr-signin.js';
import type {
  SnrAccountUpdatedEvent,
  SnrErrorEvent,
  SnrPasswordChangedEvent,
  SnrRegisteredEvent,
  SnrSessionChangeEvent,
  SnrSignedInEvent,
  SnrSignedOutEvent,
} from '../events/index.js';

/** React prop name → DOM event name, for every event the kit dispatches. */
export const EVENT_PROPS = {
  onSignedIn: 'snr-signed-in' as EventName<SnrSignedInEvent>,
  onSignedOut: 'snr-signed-out' as EventName<SnrSignedOutEvent>,
  onRegistered: 'snr-registered' as EventName<SnrRegisteredEvent>,
  onAccountUpdated: 'snr-account-updated' as EventName<SnrAccountUpdatedEvent>,
  onPasswordChanged: 'snr-password-changed' as EventName<SnrPasswordChangedEvent>,
  onSessionChange: 'snr-session-change' as EventName<SnrSessionChangeEvent>,
  onError: 'snr-error' as EventName<SnrErrorEvent>,
};
const { onSignedIn, onSignedOut, onRegistered, onAccountUpdated, onPasswordChanged, onSessionChange, onError } = EVENT_PROPS;

export const SnrSessionComponent = createComponent({
  react: React,
  tagName: 'snr-session',
  elementClass: SnrSession,
  events: { onSessionChange, onSignedIn, onSignedOut, onError },
  displayName: 'SnrSession',
});

export const SnrSigninComponent = createComponent({
  react: React,
  tagName: 'snr-signin',
  elementClass: SnrSignin,
  events: { onSignedIn, onSignedOut, onError },
  displayName: 'SnrSignin',
});

export const SnrRegisterComponent = createComponent({
  react: React,
  tagName: 'snr-register',
  elementClass: SnrRegister,
  events: { onRegistered, onSignedIn, onError },
  displayName: 'SnrRegister',
});

export const SnrAccountComponent = createComponent({
  react: React,
  tagName: 'snr-account',
  elementClass: SnrAccount,
  events: { onAccountUpdated, onSignedOut, onError },
  displayName: 'SnrAccount',
});

export const SnrChangePasswordComponent = createComponent({
  react: React,
  tagName: 'snr-change-password',
  elementClass: SnrChangePassword,
  events: { onPasswordChanged, onError },
  displayName: 'SnrChangePassword',
});

export const SnrFacebookButtonComponent = createComponent({
  react: React,
  tagName: 'snr-facebook-button',
  elementClass: SnrFacebookButton,
  events: { onError },
  displayName: 'SnrFacebookButton',
});

export const SnrLandingComponent = createComponent({
  react: React,
  tagName: 'snr-landing',
  elementClass: SnrLanding,
  events: { onPasswordChanged, onError },
  displayName: 'SnrLanding',
});

export {
  SnrSessionComponent as SnrSession,
  SnrSigninComponent as SnrSignin,
  SnrRegisterComponent as SnrRegister,
  SnrAccountComponent as SnrAccount,
  SnrChangePasswordComponent as SnrChangePassword,
  SnrFacebookButtonComponent as SnrFacebookButton,
  SnrLandingComponent as SnrLanding,
};
export { configure, ready, session } from '../index.js';
