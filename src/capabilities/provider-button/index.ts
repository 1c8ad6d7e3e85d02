/**
 * The provider-button capability: `<snr-provider-button>` for a step that shows it only to some
 * customers, loaded with `loadCapability('provider-button')` when that step is about to show
 * (src/elements/shared/capabilities.ts). `<snr-account>`'s email-change and deletion steps prove an
 * account without a password with its provider's button; an account with a password (most of
 * them) never downloads the button. Importing it defines the element (once a page: `define()`
 * leaves a tag `snr-auth.providers.js` has already taken).
 */
export { SnrProviderButton } from '../../elements/snr-provider-button/snr-provider-button.js';
