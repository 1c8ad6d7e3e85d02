/** What `snr-auth.signin.js` puts on `window.snrAuth`. */
export { SnrSession } from '../elements/snr-session/snr-session.js';
export { SnrSignin } from '../elements/snr-signin/snr-signin.js';
export * from '../page/api.js';
