import { define } from '../shared/define.js';
import { SnrAccount } from './snr-account.element.js';

export { SnrAccount } from './snr-account.element.js';

define('snr-account', SnrAccount);

declare global {
  interface HTMLElementTagNameMap {
    'snr-account': SnrAccount;
  }
}
