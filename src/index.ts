/**
 * snr-auth, the browser bundle: the page-wide session, then every element.
 *
 *   import { configure, ready } from 'snr-auth';
 *   configure({ apiBase: 'https://id.shop.example', apiKey: '…' });
 *   const client = await ready;
 *
 * Importing it defines the elements (once, even when two copies load) and provides the session
 * to them. Nothing here touches `window` at import time, so server-side rendering can import it.
 * The script-tag build (`global.ts`) also puts these names on `window.snrAuth`.
 */

export type { AuthCondition, ConditionalStatus } from './contract/schemas.js';
export { SnrAccount } from './elements/snr-account/snr-account.js';
export { SnrAuth } from './elements/snr-auth/snr-auth.js';
export { SnrChangePassword } from './elements/snr-change-password/snr-change-password.js';
export { SnrFacebookButton } from './elements/snr-facebook-button/snr-facebook-button.js';
export { LANDING_ACTIONS, type LandingAction, SnrLanding } from './elements/snr-landing/snr-landing.js';
export { SnrProviderButton } from './elements/snr-provider-button/snr-provider-button.js';
export { SnrRegister } from './elements/snr-register/snr-register.js';
export { SnrSession } from './elements/snr-session/snr-session.js';
export { SnrSignin } from './elements/snr-signin/snr-signin.js';
export { registerSignInStep, type SignInStep, type SignInStepFactory, type SignInStepHost } from './elements/snr-signin/steps.js';
export * from './page/api.js';
export type { ConditionalResult, ConditionalSignInOptions } from './session/index.js';
