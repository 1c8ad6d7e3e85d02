import { define } from '../shared/define.js';
import { SnrSession } from './snr-session.element.js';

export { SnrSession } from './snr-session.element.js';
export { pageSession, SessionHub, type SessionOptions, type Theme } from './session-hub.js';
export { sessionContext } from './session-context.js';

define('snr-session', SnrSession);

declare global {
  interface HTMLElementTagNameMap {
    'snr-session': SnrSession;
  }
}
