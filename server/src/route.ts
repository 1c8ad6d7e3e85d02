import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Handler, Hono, MiddlewareHandler } from 'hono';
import { honoPath, type RouteAuth, type RouteDef } from 'snr-auth/contract';
import type * as z from 'zod/mini';
import type { ServerContext } from './context.js';
import { forbidden } from './errors.js';
import { bearerToken, clientAddress, identifyByApiKey, identifyByKeyOrToken, identifyByToken, type KeyCaller, readBody, type TokenCaller } from './http.js';

/** Who called, as the route's auth kind establishes it: a token route's handler always has its token. */
export type CallerOf<A extends RouteAuth> = {
  none: object;
  apiKey: KeyCaller;
  keyOrToken: KeyCaller | TokenCaller;
  token: TokenCaller;
  customer: TokenCaller;
  backend: object;
}[A];

/** The validated body of a route with a request schema (its output: trimmed, lower-cased…). */
export type RouteBody<R extends RouteDef> = R extends { request: infer S extends z.ZodMiniType } ? z.output<S> : undefined;

/** What a handler answers: the input of the route's response schema; nothing for a 204. */
// biome-ignore lint/suspicious/noConfusingVoidType: a 204 handler returns nothing
export type RouteAnswer<R extends RouteDef> = R extends { status: 204 } ? void : R extends { response: infer S extends z.ZodMiniType } ? z.input<S> : never;

/** What the route's middleware leave on the request's context for its handler. */
type RouteEnv<R extends RouteDef> = { Variables: { body: RouteBody<R>; caller: CallerOf<R['auth']> } };

export interface RouteCall<R extends RouteDef> {
  c: Context<RouteEnv<R>>;
  caller: CallerOf<R['auth']>;
  body: RouteBody<R>;
  /** The client's address (for rate limits), as the proxy settings say. */
  address(): string;
}

/** A handler may answer with a Response of its own (a PEM, a 503) instead of the table's JSON answer. */
export type RouteHandler<R extends RouteDef> = (call: RouteCall<R>) => Promise<RouteAnswer<R> | Response> | RouteAnswer<R> | Response;

export interface MountOptions {
  /** The body may be absent (refresh and sign-out, as the Synerise SDK sends them). */
  optionalBody?: boolean;
  /** Verify the token against the store, not the verification cache (refresh). */
  fresh?: boolean;
}

const digest = (s: string) => createHash('sha256').update(s).digest();
const backendKeyDigests = new WeakMap<ServerContext, Buffer>();

/**
 * The site backend's secret key (`SNR_BACKEND_KEY`) as a bearer token, compared in constant time.
 * Browser tokens and Profile API keys are refused: these routes can name any customer.
 */
function authoriseBackend(ctx: ServerContext, c: Context): object {
  if (!ctx.config.backendKey) throw forbidden('BACKEND_NOT_CONFIGURED', 'Site-backend routes are off: set SNR_BACKEND_KEY on the server');
  let expected = backendKeyDigests.get(ctx);
  if (!expected) backendKeyDigests.set(ctx, (expected = digest(ctx.config.backendKey)));
  const given = bearerToken(c);
  // Digests of equal length, compared in constant time.
  if (!given || !timingSafeEqual(digest(given), expected)) {
    throw forbidden('BACKEND_KEY_REQUIRED', 'This route needs the site backend key (Authorization: Bearer <SNR_BACKEND_KEY>); never call it from a browser');
  }
  return {};
}

type Authorise<A extends RouteAuth> = (
  ctx: ServerContext,
  c: Context,
  bodyApiKey: string | undefined,
  options: MountOptions,
) => CallerOf<A> | Promise<CallerOf<A>>;

/** One authoriser per auth kind of the route table. */
const AUTHORISE: { [A in RouteAuth]: Authorise<A> } = {
  none: () => ({}),
  apiKey: (ctx, c, key) => identifyByApiKey(ctx, c, key),
  keyOrToken: (ctx, c, key) => identifyByKeyOrToken(ctx, c, key),
  token: (ctx, c, key, options) => identifyByToken(ctx, c, 'token', key, options),
  customer: (ctx, c, key) => identifyByToken(ctx, c, 'customer', key),
  backend: (ctx, c) => authoriseBackend(ctx, c),
};

/** The API key a body names, when it has one (an event batch is an array and has none). */
function apiKeyOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('apiKey' in body)) return undefined;
  return typeof body.apiKey === 'string' ? body.apiKey : undefined;
}

/**
 * Mounts one route of the table (`ROUTES.x`, src/contract/routes.ts) on `app`, as hono's
 * `validator()` and `bearerAuth()` would, but from the table's data: the method and path; a
 * middleware that parses the body with the route's request schema (a coded 400/413/415 otherwise);
 * a middleware that establishes the caller for the route's auth kind; then the handler, which gets
 * both typed (a token route's caller always has its token), and whose answer, typed by the route's
 * response schema, is sent with the route's status and `Cache-Control: no-store` (unless the handler
 * names a cache policy of its own). A body that may carry the API key is read first
 * (the key is in it); a backend route, and one whose body has no key (an event batch), check the
 * caller first, before reading anything.
 */
export function mount<const R extends RouteDef>(app: Hono, ctx: ServerContext, route: R, handler: RouteHandler<R>, options: MountOptions = {}): void {
  type Env = RouteEnv<R>;
  const authorise: Authorise<R['auth']> = AUTHORISE[route.auth];
  const schema = route.request;
  const callerFirst = route.auth === 'backend' || (schema !== undefined && schema._zod.def.type === 'array');

  /** Validation, as hono's `validator('json', schema)`: the body parsed with the route's request schema. */
  const validate: MiddlewareHandler<Env> = async (c, next) => {
    // TypeScript does not narrow `RouteBody<R>` from a check of `route.request`: the one assertion
    // that ties a route's schema to its handler's body type, for every route at once.
    const body = (
      schema === undefined ? undefined : await readBody(c, schema, { limit: ctx.config.bodyLimit, optional: options.optionalBody })
    ) as RouteBody<R>;
    c.set('body', body);
    await next();
  };
  /** Authorisation, as hono's `bearerAuth()`: the route's auth kind; the key in a body already read. */
  const authorised: MiddlewareHandler<Env> = async (c, next) => {
    c.set('caller', await authorise(ctx, c, apiKeyOf(c.get('body')), options));
    await next();
  };
  const answer: Handler<Env> = async (c) => {
    // Answers carry tokens and personal data: no cache keeps them. A public answer (config, keys) says so itself.
    c.header('Cache-Control', 'no-store');
    const result = await handler({ c, caller: c.get('caller'), body: c.get('body'), address: () => clientAddress(c, ctx.config.trustProxy) });
    if (result instanceof Response) return result;
    if (route.status === 204) return c.body(null, 204);
    return c.json(result ?? null, route.status);
  };

  if (callerFirst) app.on(route.method, honoPath(route.path), authorised, validate, answer);
  else app.on(route.method, honoPath(route.path), validate, authorised, answer);
}
