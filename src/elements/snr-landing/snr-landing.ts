import { define } from '../shared/define.js';
import { SnrLanding } from './snr-landing.element.js';

export { LANDING_ACTIONS, SnrLanding, type LandingAction } from './snr-landing.element.js';

define('snr-landing', SnrLanding);

declare global {
  interface HTMLElementTagNameMap {
    'snr-landing': SnrLanding;
  }
}
