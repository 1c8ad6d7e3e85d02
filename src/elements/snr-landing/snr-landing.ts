import { define } from '../shared/define.js';
import { SnrLanding } from './snr-landing.element.js';

export { LANDING_ACTIONS, type LandingAction, SnrLanding } from './snr-landing.element.js';

define('snr-landing', SnrLanding);

declare global {
  interface HTMLElementTagNameMap {
    'snr-landing': SnrLanding;
  }
}
