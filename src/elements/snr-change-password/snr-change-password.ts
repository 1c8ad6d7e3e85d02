import { define } from '../shared/define.js';
import { SnrChangePassword } from './snr-change-password.element.js';

export { SnrChangePassword } from './snr-change-password.element.js';

define('snr-change-password', SnrChangePassword);

declare global {
  interface HTMLElementTagNameMap {
    'snr-change-password': SnrChangePassword;
  }
}
