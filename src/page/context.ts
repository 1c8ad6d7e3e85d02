import { createContext } from '@lit/context';
import type { SessionHub } from './session-hub.js';

/**
 * The page's session, provided to every snr-* element. A string key, so two copies of the bundle
 * on one page still find each other's provider.
 */
export const sessionContext = createContext<SessionHub>('snr-auth:session');
