/** What `snr-auth.forms.js` puts on `window.snrAuth`. */
export { SnrAccount } from '../elements/snr-account/snr-account.js';
export { SnrAuth } from '../elements/snr-auth/snr-auth.js';
export { SnrChangePassword } from '../elements/snr-change-password/snr-change-password.js';
export { LANDING_ACTIONS, type LandingAction, SnrLanding } from '../elements/snr-landing/snr-landing.js';
export { SnrRegister } from '../elements/snr-register/snr-register.js';
export { SnrSession } from '../elements/snr-session/snr-session.js';
export { SnrSignin } from '../elements/snr-signin/snr-signin.js';
export * from '../page/api.js';
