import { define } from '../shared/define.js';
import { SnrSignin } from './snr-signin.element.js';

export { SnrSignin } from './snr-signin.element.js';

define('snr-signin', SnrSignin);

declare global {
  interface HTMLElementTagNameMap {
    'snr-signin': SnrSignin;
  }
}
