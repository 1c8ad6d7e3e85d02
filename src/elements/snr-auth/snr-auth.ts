import '../snr-account/snr-account.js';
import '../snr-change-password/snr-change-password.js';
import '../snr-register/snr-register.js';
import '../snr-signin/snr-signin.js';
import { define } from '../shared/define.js';
import { SnrAuth } from './snr-auth.element.js';

export { SnrAuth } from './snr-auth.element.js';

define('snr-auth', SnrAuth);

declare global {
  interface HTMLElementTagNameMap {
    'snr-auth': SnrAuth;
  }
}
