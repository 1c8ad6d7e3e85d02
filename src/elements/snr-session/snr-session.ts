import { define } from '../shared/define.js';
import { SnrSession } from './snr-session.element.js';

export { sessionContext } from '../../page/context.js';
export { pageSession, SessionHub, type SessionOptions, type Theme } from '../../page/session-hub.js';
export { SnrSession } from './snr-session.element.js';

define('snr-session', SnrSession);

declare global {
  interface HTMLElementTagNameMap {
    'snr-session': SnrSession;
  }
}
