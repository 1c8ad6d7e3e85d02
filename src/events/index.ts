export { type SnrAccountUpdatedDetail, SnrAccountUpdatedEvent } from './snr-account-updated.js';
export { type SnrAction, type SnrErrorDetail, SnrErrorEvent } from './snr-error.js';
export { type SnrPasswordChangedDetail, SnrPasswordChangedEvent } from './snr-password-changed.js';
export { type SnrRegisteredDetail, SnrRegisteredEvent } from './snr-registered.js';
export { type SnrSessionChangeDetail, SnrSessionChangeEvent } from './snr-session-change.js';
export { type SnrSignedInDetail, SnrSignedInEvent } from './snr-signed-in.js';
export { type SnrSignedOutDetail, SnrSignedOutEvent } from './snr-signed-out.js';
export { type SnrActionDetail, SnrActionEvent, type SnrActionName, type SnrAuthView, type SnrViewChangeDetail, SnrViewChangeEvent } from './snr-view-change.js';
