import { define } from '../shared/define.js';
import { SnrProviderButton } from './snr-provider-button.element.js';

export { SnrProviderButton } from './snr-provider-button.element.js';

define('snr-provider-button', SnrProviderButton);

declare global {
  interface HTMLElementTagNameMap {
    'snr-provider-button': SnrProviderButton;
  }
}
