import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type ErrorBody, type ErrorCode, type FieldError, STATUS_TEXT } from 'snr-auth/contract';
import { ApiError, ClientAborted, isStoreUnavailable } from '../errors.js';
import type { Pino } from '../log.js';

export function errorBody(
  c: Context,
  status: number,
  code: ErrorCode,
  message: string,
  errors?: FieldError[],
  retryAfter?: number,
  conditions?: ErrorBody['conditions'],
): ErrorBody {
  return {
    error: STATUS_TEXT[status] ?? 'Error',
    status,
    code,
    message,
    path: c.req.path,
    timestamp: new Date().toISOString(),
    ...(errors?.length ? { errors } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(conditions ? { conditions } : {}),
  };
}

export function sendError(
  c: Context,
  status: number,
  code: ErrorCode,
  message: string,
  errors?: FieldError[],
  retryAfter?: number,
  conditions?: ErrorBody['conditions'],
): Response {
  if (retryAfter !== undefined) c.header('Retry-After', String(retryAfter));
  c.header('Cache-Control', 'no-store');
  return c.json(errorBody(c, status, code, message, errors, retryAfter, conditions), status as 400);
}

/**
 * The one place a failure becomes an answer: coded errors as they are; a store out of reach as
 * 503; anything else as a bare 500 (details go to the log, never to the client).
 */
export function errorHandler(options: { log: Pino }): ErrorHandler {
  if (!options?.log) throw new Error('errorHandler needs a logger');
  return (err, c) => {
    if (err instanceof ApiError) return sendError(c, err.status, err.code, err.message, err.errors, err.retryAfter, err.conditions);
    if (err instanceof HTTPException && err.status === 413) return sendError(c, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
    // Logged by the request log as the 408 it is (Node sent it, or the client left): no 5xx of ours.
    if (err instanceof ClientAborted) return sendError(c, 408, 'TIMEOUT', 'The request did not arrive in time');
    if (isStoreUnavailable(err)) {
      options.log.warn({ method: c.req.method, path: c.req.path, reason: (err as Error).message }, 'store unavailable');
      return sendError(c, 503, 'UNAVAILABLE', 'The service is temporarily unavailable; try again shortly', undefined, 5);
    }
    options.log.error({ method: c.req.method, path: c.req.path, err }, 'unexpected error');
    return sendError(c, 500, 'INTERNAL_ERROR', 'Something went wrong on our side');
  };
}
