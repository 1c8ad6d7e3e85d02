import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import pino, { type DestinationStream, type Logger as Pino } from 'pino';

export type { Pino };

/** Anything that could carry a secret, wherever it appears in a log record. */
export const REDACTED_PATHS = [
  'password',
  'oldPassword',
  'token',
  'identityProviderToken',
  'authorization',
  'apiKey',
  '*.password',
  '*.oldPassword',
  '*.token',
  '*.identityProviderToken',
  '*.authorization',
  '*.apiKey',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Structured JSON logs (pino) with secrets redacted; the level is `SNR_LOG_LEVEL`'s, checked by loadConfig. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Pino {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'snr-auth' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/**
 * One line per request: method, path (never the query: it may hold a token), status, time, and a
 * request id (`X-Request-Id`, taken from the proxy when it sends one). Bodies are never logged.
 */
export function requestLog(log: Pino): MiddlewareHandler {
  if (!log) throw new Error('requestLog needs a logger');
  const debug = log.isLevelEnabled('debug');
  return async (c, next) => {
    const started = performance.now();
    const id = c.req.header('x-request-id')?.slice(0, 100) || randomUUID();
    // Set before the handler, so no finished Response is rebuilt to add it.
    c.header('X-Request-Id', id);
    await next();
    const status = c.res.status;
    if (status < 400 && !debug) return;
    const record = { reqId: id, method: c.req.method, path: c.req.path, status, ms: Math.round((performance.now() - started) * 10) / 10 };
    // 503 is the store being away (logged once, with its reason, by the error handler): a warning.
    if (status >= 500 && status !== 503) log.error(record, 'request failed');
    else if (status === 503) log.warn(record, 'request refused: service unavailable');
    else log.info(record, 'request');
  };
}
