export { SnrAccountUpdatedEvent, type SnrAccountUpdatedDetail } from './snr-account-updated.js';
export { SnrErrorEvent, type SnrAction, type SnrErrorDetail } from './snr-error.js';
export { SnrPasswordChangedEvent, type SnrPasswordChangedDetail } from './snr-password-changed.js';
export { SnrRegisteredEvent, type SnrRegisteredDetail } from './snr-registered.js';
export { SnrSessionChangeEvent, type SnrSessionChangeDetail } from './snr-session-change.js';
export { SnrSignedInEvent, type SnrSignedInDetail } from './snr-signed-in.js';
export { SnrSignedOutEvent, type SnrSignedOutDetail } from './snr-signed-out.js';
