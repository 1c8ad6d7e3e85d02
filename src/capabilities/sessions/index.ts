/**
 * The sessions capability: `<snr-account>`'s list of the customer's signed-in devices, loaded with
 * `loadCapability('sessions')` when the customer opens it (src/elements/shared/capabilities.ts).
 * One controller, `SessionsPanel`, that the account element adds once loaded and renders in its
 * "devices" step: the list (this device marked; browser, system and device as the server read them;
 * when each signed in and was last active, in relative time), signing out one device after a
 * confirmation, and signing out every other one.
 */
import type { AccountStep, AccountStepHost } from '../account-proof/index.js';
import { SessionsPanel } from './sessions-panel.js';

export { relativeTime, SessionsPanel, type SessionsPanelOptions, sessionName } from './sessions-panel.js';

/** The list as a step of `<snr-account>`: read anew each time it opens. */
export function accountStep(host: AccountStepHost, headingId: string): AccountStep {
  const panel = new SessionsPanel(host.element, { client: host.client, t: host.t, headingLevel: host.headingLevel, headingId, back: host.back });
  return { headingId, open: () => panel.load(), render: () => panel.render() };
}
