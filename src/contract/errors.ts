import * as z from 'zod/mini';
import { authConditionSchema } from './schemas.js';

/**
 * The one union of error codes, shared by the server (which answers with them) and the browser
 * (which switches on them and looks up translated text by them).
 */
export const ERROR_CODES = [
  // request shape
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'PASSWORD_POLICY',
  'PASSWORD_BREACHED',
  // who is calling
  'UNKNOWN_API_KEY',
  'ORIGIN_NOT_ALLOWED',
  'TOKEN_MISSING',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'SESSION_REVOKED',
  'API_KEY_MISMATCH',
  'FORBIDDEN_FOR_ANONYMOUS',
  'BACKEND_KEY_REQUIRED',
  'BACKEND_NOT_CONFIGURED',
  // accounts
  'INVALID_CREDENTIALS',
  'ACTIVATION_REQUIRED',
  'REGISTRATION_REQUIRED',
  'EMAIL_TAKEN',
  'CUSTOM_ID_TAKEN',
  'ALREADY_CONFIRMED',
  'EMAIL_TOKEN_INVALID',
  'SIGNED_IN',
  'ACTIVATION_PIN_INVALID',
  'APPROVAL_REQUIRED',
  'TERMS_ACCEPTANCE_REQUIRED',
  // second factor
  'MFA_REQUIRED',
  'MFA_CODE_INVALID',
  'MFA_CHALLENGE_INVALID',
  'MFA_ALREADY_ENABLED',
  'MFA_NOT_ENABLED',
  // passkeys (WebAuthn)
  'PASSKEYS_DISABLED',
  'PASSKEY_CHALLENGE_INVALID',
  'PASSKEY_REJECTED',
  'PASSKEY_UNKNOWN',
  // sign-in by emailed code
  'SIGN_IN_CODE_INVALID',
  'SIGN_IN_METHOD_DISABLED',
  // providers
  'PROVIDER_DISABLED',
  'PROVIDER_REJECTED',
  'PROVIDER_TIMEOUT',
  'PROVIDER_UNAVAILABLE',
  // server state
  'RATE_LIMITED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNAVAILABLE',
  'INTERNAL_ERROR',
  // browser only: the request never got an answer from the server
  'NETWORK_ERROR',
  'TIMEOUT',
  'INVALID_RESPONSE',
  'SESSION_EXPIRATION',
  // browser only: an identity provider's own window (Facebook's log-in pop-up)
  'PROVIDER_CANCELLED',
  'POPUP_BLOCKED',
  // browser only: the browser's passkey dialog
  'PASSKEY_CANCELLED',
  'PASSKEYS_UNSUPPORTED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorCodeSchema = z.enum(ERROR_CODES);

export const fieldErrorSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
  rejectedValue: z.optional(z.unknown()),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** Spring-style error body, as Synerise answers, with a stable `code` added. */
export const errorBodySchema = z.object({
  error: z.string(),
  status: z.number(),
  code: errorCodeSchema,
  message: z.string(),
  path: z.string(),
  timestamp: z.string(),
  errors: z.optional(z.array(fieldErrorSchema)),
  retryAfter: z.optional(z.number()),
  /** What stands before a token, as a conditional sign-in names it (`MFA_REQUIRED`: the methods and the challenge). */
  conditions: z.optional(z.array(authConditionSchema)),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Reason phrases for the statuses the API uses, for the `error` field. */
export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
