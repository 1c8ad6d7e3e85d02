import { define } from '../shared/define.js';
import { SnrRegister } from './snr-register.element.js';

export { SnrRegister } from './snr-register.element.js';

define('snr-register', SnrRegister);

declare global {
  interface HTMLElementTagNameMap {
    'snr-register': SnrRegister;
  }
}
