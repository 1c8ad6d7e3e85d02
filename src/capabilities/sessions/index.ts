/**
 * The sessions capability: `<snr-account>`'s list of the customer's signed-in devices, loaded with
 * `loadCapability('sessions')` when the customer opens it (src/elements/shared/capabilities.ts).
 * One controller, `SessionsPanel`, that the account element adds once loaded and renders in its
 * "devices" step: the list (this device marked; browser, system and device as the server read them;
 * when each signed in and was last active, in relative time), signing out one device after a
 * confirmation, and signing out every other one.
 */
export { relativeTime, SessionsPanel, type SessionsPanelOptions, sessionName } from './sessions-panel.js';
