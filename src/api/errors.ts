import type { ErrorCode, FieldError } from '../contract/errors.js';
import type { AuthCondition } from '../contract/schemas.js';

/**
 * Every failure the API client and the session store report. `code` is one of the contract's
 * codes, so `switch (err.code)` narrows and UI text is looked up by code, never by message.
 * `status` is the HTTP status, or 0 when no answer came (NETWORK_ERROR, TIMEOUT) or the store
 * decided on its own (SESSION_EXPIRATION, SIGNED_IN).
 */
export class SnrError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'SnrError';
  readonly code: C;
  readonly status: number;
  /** Per-field problems, as the server's error body lists them. */
  readonly errors: readonly FieldError[];
  /** Seconds to wait before trying again, when the server says so (RATE_LIMITED). */
  readonly retryAfter: number | undefined;
  /** What stands before a token, when a plain sign-in was stopped (`MFA_REQUIRED`: the methods and the challenge). */
  readonly conditions: readonly AuthCondition[];

  constructor(
    code: C,
    message: string,
    options: { status?: number; errors?: readonly FieldError[]; retryAfter?: number; conditions?: readonly AuthCondition[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.errors = options.errors ?? [];
    this.retryAfter = options.retryAfter;
    this.conditions = options.conditions ?? [];
  }
}

export function isSnrError(value: unknown): value is SnrError {
  return value instanceof SnrError;
}

/** Failures worth retrying later unchanged: nothing came back, or the server was unwell. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof SnrError)) return false;
  return err.status === 0 ? err.code === 'NETWORK_ERROR' || err.code === 'TIMEOUT' : err.status >= 500 || err.status === 429 || err.status === 408;
}
