import type { MiddlewareHandler } from 'hono';

/**
 * Security headers and CORS in one step, written for the hot path: every request pays for it, so it
 * only sets headers on the context before the handler runs (no Response rebuilt afterwards).
 * Preflights carry no API key: they are answered for origins that some key allows; each request
 * then checks the origin against its own key (`identify`).
 */
export function edgeHeaders(options: { originAllowed: (origin: string) => boolean; maxAge?: number }): MiddlewareHandler {
  if (typeof options?.originAllowed !== 'function') throw new Error('edgeHeaders needs originAllowed(origin)');
  const maxAge = String(options.maxAge ?? 600);
  return async (c, next) => {
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && options.originAllowed(origin);
    if (origin !== undefined) c.header('Vary', 'Origin');
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    }
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      if (allowed) {
        c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
        c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization, Api-Version, X-Request-Id');
        c.header('Access-Control-Max-Age', maxAge);
      }
      return c.body(null, 204);
    }
    await next();
  };
}
