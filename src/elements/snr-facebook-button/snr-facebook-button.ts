import { define } from '../shared/define.js';
import { SnrFacebookButton } from './snr-facebook-button.element.js';

export { SnrFacebookButton } from './snr-facebook-button.element.js';

define('snr-facebook-button', SnrFacebookButton);

declare global {
  interface HTMLElementTagNameMap {
    'snr-facebook-button': SnrFacebookButton;
  }
}
