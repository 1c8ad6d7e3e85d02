import { type AuthCondition, type ErrorCode, type FieldError, STATUS_TEXT } from 'snr-auth/contract';

/**
 * The client stopped sending before its request arrived: Node's request time-out cut it (and
 * answered a bare 408 itself), or the client went away. Nobody is left to answer: not our failure.
 */
export class ClientAborted extends Error {
  override name = 'ClientAborted';
}

/** A failure with a status and a code from the shared union; the error handler turns it into the error body. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly retryAfter?: number,
    /** What stands before a token (the plain sign-in's `MFA_REQUIRED`), carried in the error body. */
    readonly conditions?: AuthCondition[],
  ) {
    super(message);
  }

  get statusText(): string {
    return STATUS_TEXT[this.status] ?? 'Error';
  }
}

export const badRequest = (code: ErrorCode, message: string, errors?: FieldError[]) => new ApiError(400, code, message, errors);
export const unauthorized = (code: ErrorCode, message: string) => new ApiError(401, code, message);
export const forbidden = (code: ErrorCode, message: string) => new ApiError(403, code, message);
export const notFound = (code: ErrorCode, message: string) => new ApiError(404, code, message);
export const conflict = (code: ErrorCode, message: string, errors?: FieldError[]) => new ApiError(409, code, message, errors);

/** True for a unique-constraint violation, on SQLite and on PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** True when the store itself is out of reach (not a bad query): answered with 503. */
export function isStoreUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    // PostgreSQL classes 08 (connection exception), 53 (insufficient resources), 57P (shutdown, crash).
    /^(08|53|57P)/.test(code) ||
    // A query or a pooled connection past SNR_DB_TIMEOUT_MS (store/deadline.ts).
    code === 'SNR_STORE_TIMEOUT' ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code) ||
    // SQLite's extended codes too (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT…).
    /^SQLITE_(BUSY|CANTOPEN|IOERR|READONLY|FULL)(_|$)/.test(code) ||
    /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|The database connection is not open|driver has already been destroyed|the database system is (shutting down|starting up)/i.test(
      message,
    )
  );
}
