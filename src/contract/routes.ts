import type * as z from 'zod/mini';
import * as s from './schemas.js';

/**
 * Who may call a route:
 * - `none`: anyone (public data);
 * - `apiKey`: the Profile API key in the JSON body, no token;
 * - `keyOrToken`: a browser token of either realm, or the Profile API key in the body;
 * - `token`: a browser token of either realm;
 * - `customer`: a signed-in customer's token (anonymous tokens get 403 `FORBIDDEN_FOR_ANONYMOUS`);
 * - `backend`: the site backend's secret key; browser tokens and API keys are refused.
 */
export type RouteAuth = 'none' | 'apiKey' | 'keyOrToken' | 'token' | 'customer' | 'backend';

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  auth: RouteAuth;
  /** Success status. */
  status: 200 | 201 | 202 | 204;
  request?: z.ZodMiniType;
  response?: z.ZodMiniType;
}

const route = <const R extends RouteDef>(r: R): R => r;

/** The route table of DESIGN.md §4, keyed by the Client method (or role) that calls it. */
export const ROUTES = {
  anonymousLogin: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/anonymous',
    auth: 'apiKey',
    status: 200,
    request: s.anonymousLoginRequestSchema,
    response: s.tokenResponseSchema,
  }),
  login: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client',
    auth: 'apiKey',
    status: 200,
    request: s.loginRequestSchema,
    response: s.tokenResponseSchema,
  }),
  loginConditionally: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/conditional',
    auth: 'apiKey',
    status: 200,
    request: s.loginRequestSchema,
    response: s.conditionalLoginResponseSchema,
  }),
  // Sign-in with an emailed one-time code (DESIGN.md §4, "Passwordless").
  requestSignInCode: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/code/request',
    auth: 'keyOrToken',
    status: 202,
    request: s.signInCodeRequestSchema,
    response: s.signInCodeRequestResponseSchema,
  }),
  signInWithCode: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/code',
    auth: 'apiKey',
    status: 200,
    request: s.signInWithCodeRequestSchema,
    response: s.tokenResponseSchema,
  }),
  signInWithCodeConditionally: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/code/conditional',
    auth: 'apiKey',
    status: 200,
    request: s.signInWithCodeRequestSchema,
    response: s.conditionalLoginResponseSchema,
  }),
  refreshToken: route({
    method: 'POST',
    path: '/sauth/v3/auth/refresh/client',
    auth: 'token',
    status: 200,
    request: s.refreshRequestSchema,
    response: s.tokenResponseSchema,
  }),
  signOut: route({ method: 'POST', path: '/sauth/v3/auth/logout/client', auth: 'token', status: 204, request: s.logoutRequestSchema }),
  registerAccount: route({
    method: 'POST',
    path: '/sauth/clients/registered',
    auth: 'keyOrToken',
    status: 201,
    request: s.registerRequestSchema,
    response: s.registerResponseSchema,
  }),
  registerAccountV4: route({
    method: 'POST',
    path: '/v4/clients/registered',
    auth: 'keyOrToken',
    status: 201,
    request: s.registerRequestSchema,
    response: s.registerResponseSchema,
  }),
  requestAccountActivation: route({
    method: 'POST',
    path: '/v4/clients/activation/request',
    auth: 'keyOrToken',
    status: 202,
    request: s.emailRequestSchema,
    response: s.acceptedResponseSchema,
  }),
  confirmAccountActivation: route({
    method: 'POST',
    path: '/v4/clients/activation/confirmation',
    auth: 'keyOrToken',
    status: 200,
    request: s.confirmationRequestSchema,
    response: s.okResponseSchema,
  }),
  requestAccountActivationByPin: route({
    method: 'POST',
    path: '/v4/clients/activation/pin/request',
    auth: 'keyOrToken',
    status: 202,
    request: s.emailRequestSchema,
    response: s.acceptedResponseSchema,
  }),
  confirmAccountActivationByPin: route({
    method: 'POST',
    path: '/v4/clients/activation/pin/confirmation',
    auth: 'keyOrToken',
    status: 200,
    request: s.pinConfirmationRequestSchema,
    response: s.okResponseSchema,
  }),
  requestPasswordReset: route({
    method: 'POST',
    path: '/v4/clients/password-reset/request',
    auth: 'keyOrToken',
    status: 202,
    request: s.emailRequestSchema,
    response: s.acceptedResponseSchema,
  }),
  confirmPasswordReset: route({
    method: 'POST',
    path: '/v4/clients/password-reset/confirmation',
    auth: 'keyOrToken',
    status: 200,
    request: s.passwordResetConfirmationSchema,
    response: s.okResponseSchema,
  }),
  changePassword: route({
    method: 'POST',
    path: '/v4/my-account/change-password',
    auth: 'customer',
    status: 200,
    request: s.changePasswordRequestSchema,
    response: s.okResponseSchema,
  }),
  requestEmailChange: route({
    method: 'POST',
    path: '/v4/my-account/email-change/request',
    auth: 'customer',
    status: 202,
    request: s.emailChangeRequestSchema,
    response: s.acceptedResponseSchema,
  }),
  confirmEmailChange: route({
    method: 'POST',
    path: '/v4/my-account/email-change/confirmation',
    auth: 'keyOrToken',
    status: 200,
    request: s.emailChangeConfirmationSchema,
    response: s.okResponseSchema,
  }),
  deleteAccount: route({ method: 'POST', path: '/v4/my-account/delete-account', auth: 'customer', status: 204, request: s.deleteAccountRequestSchema }),
  getReauthenticationNonce: route({
    method: 'POST',
    path: '/v4/my-account/reauthentication-nonce',
    auth: 'customer',
    status: 200,
    request: s.reauthenticationNonceRequestSchema,
    response: s.reauthenticationNonceResponseSchema,
  }),
  getAccount: route({ method: 'GET', path: '/v4/my-account/personal-information', auth: 'customer', status: 200, response: s.accountInformationSchema }),
  updateAccount: route({
    method: 'POST',
    path: '/v4/my-account/personal-information',
    auth: 'customer',
    status: 200,
    request: s.updateAccountRequestSchema,
    response: s.accountInformationSchema,
  }),
  updateAccountBasicInformation: route({
    method: 'POST',
    path: '/v4/my-account/basic-information',
    auth: 'token',
    status: 200,
    request: s.updateBasicInformationRequestSchema,
    response: s.okResponseSchema,
  }),
  getSessions: route({ method: 'GET', path: '/v4/my-account/sessions', auth: 'customer', status: 200, response: s.customerSessionsResponseSchema }),
  signOutSession: route({ method: 'DELETE', path: '/v4/my-account/sessions/{sessionId}', auth: 'customer', status: 204 }),
  signOutOtherSessions: route({
    method: 'POST',
    path: '/v4/my-account/sessions/sign-out-others',
    auth: 'customer',
    status: 200,
    request: s.signOutOtherSessionsRequestSchema,
    response: s.signOutOtherSessionsResponseSchema,
  }),
  trackEvents: route({
    method: 'POST',
    path: '/v4/events/batch',
    auth: 'token',
    status: 202,
    request: s.eventBatchSchema,
    response: s.eventBatchResponseSchema,
  }),
  recognizeClient: route({
    method: 'POST',
    path: '/v4/clients',
    auth: 'backend',
    status: 200,
    request: s.recognizeRequestSchema,
    response: s.recognizeResponseSchema,
  }),
  approveClient: route({
    method: 'POST',
    path: '/v4/clients/{clientId}/approve',
    auth: 'backend',
    status: 200,
    request: s.approveRequestSchema,
    response: s.okResponseSchema,
  }),
  deleteClient: route({ method: 'DELETE', path: '/v4/clients/{clientId}', auth: 'backend', status: 204 }),
  deleteClientByEmail: route({ method: 'DELETE', path: '/v4/clients/by-email/{email}', auth: 'backend', status: 204 }),
  deleteClientByCustomId: route({ method: 'DELETE', path: '/v4/clients/by-customId/{customId}', auth: 'backend', status: 204 }),
  completeSignInWithSecondFactor: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/mfa',
    auth: 'apiKey',
    status: 200,
    request: s.secondFactorSignInRequestSchema,
    response: s.tokenResponseSchema,
  }),
  getSecondFactor: route({ method: 'GET', path: '/v4/my-account/second-factor', auth: 'customer', status: 200, response: s.secondFactorStatusSchema }),
  enrollTotp: route({
    method: 'POST',
    path: '/v4/my-account/second-factor/totp',
    auth: 'customer',
    status: 200,
    request: s.enrollTotpRequestSchema,
    response: s.totpEnrollmentSchema,
  }),
  confirmTotpEnrollment: route({
    method: 'POST',
    path: '/v4/my-account/second-factor/totp/confirmation',
    auth: 'customer',
    status: 200,
    request: s.totpCodeRequestSchema,
    response: s.recoveryCodesSchema,
  }),
  disableTotp: route({ method: 'POST', path: '/v4/my-account/second-factor/totp/disable', auth: 'customer', status: 204, request: s.disableTotpRequestSchema }),
  regenerateRecoveryCodes: route({
    method: 'POST',
    path: '/v4/my-account/second-factor/recovery-codes',
    auth: 'customer',
    status: 200,
    request: s.totpCodeRequestSchema,
    response: s.recoveryCodesSchema,
  }),
  // ---- passkeys (WebAuthn): the customer's own, and sign-in and registration with one ----
  passkeyRegistrationOptions: route({
    method: 'POST',
    path: '/v4/my-account/passkeys/registration/options',
    auth: 'customer',
    status: 200,
    request: s.customerOnlyRequestSchema,
    response: s.passkeyCreationOptionsSchema,
  }),
  registerPasskey: route({
    method: 'POST',
    path: '/v4/my-account/passkeys/registration',
    auth: 'customer',
    status: 201,
    request: s.passkeyRegistrationRequestSchema,
    response: s.passkeySchema,
  }),
  getPasskeys: route({ method: 'GET', path: '/v4/my-account/passkeys', auth: 'customer', status: 200, response: s.passkeyListSchema }),
  renamePasskey: route({
    method: 'POST',
    path: '/v4/my-account/passkeys/{passkeyId}/rename',
    auth: 'customer',
    status: 200,
    request: s.passkeyRenameRequestSchema,
    response: s.passkeySchema,
  }),
  passkeyReauthenticationOptions: route({
    method: 'POST',
    path: '/v4/my-account/passkeys/reauthentication/options',
    auth: 'customer',
    status: 200,
    request: s.customerOnlyRequestSchema,
    response: s.passkeyRequestOptionsSchema,
  }),
  removePasskey: route({
    method: 'POST',
    path: '/v4/my-account/passkeys/{passkeyId}/remove',
    auth: 'customer',
    status: 204,
    request: s.passkeyRemovalRequestSchema,
  }),
  passkeySignInOptions: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/passkey/options',
    auth: 'apiKey',
    status: 200,
    request: s.passkeySignInOptionsRequestSchema,
    response: s.passkeyRequestOptionsSchema,
  }),
  signInWithPasskey: route({
    method: 'POST',
    path: '/sauth/v3/auth/login/client/passkey',
    auth: 'apiKey',
    status: 200,
    request: s.passkeySignInRequestSchema,
    response: s.tokenResponseSchema,
  }),
  passkeyAccountRegistrationOptions: route({
    method: 'POST',
    path: '/sauth/clients/registered/passkey/options',
    auth: 'keyOrToken',
    status: 200,
    request: s.passkeyRegistrationOptionsRequestSchema,
    response: s.passkeyCreationOptionsSchema,
  }),
  registerAccountWithPasskey: route({
    method: 'POST',
    path: '/sauth/clients/registered/passkey',
    auth: 'keyOrToken',
    status: 201,
    request: s.passkeyAccountRegistrationRequestSchema,
    response: s.passkeyAccountRegistrationResponseSchema,
  }),
  publicConfig: route({ method: 'GET', path: '/snr/config', auth: 'none', status: 200, response: s.publicConfigSchema }),
  jwks: route({ method: 'GET', path: '/.well-known/jwks.json', auth: 'none', status: 200 }),
  publicPem: route({ method: 'GET', path: '/v4/public.pem', auth: 'none', status: 200 }),
  health: route({ method: 'GET', path: '/snr/health', auth: 'none', status: 200, response: s.healthResponseSchema }),
} as const;

export type RouteName = keyof typeof ROUTES;

/** A route path in Hono's form: `{param}` → `:param`. */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
