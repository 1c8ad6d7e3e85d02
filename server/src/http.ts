import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { type FieldError, issuesToFieldErrors } from 'snr-auth/contract';
import type * as z from 'zod/mini';
import type { ServerContext } from './context.js';
import { ApiError, badRequest, ClientAborted, forbidden, unauthorized } from './errors.js';
import type { VerifiedToken } from './sessions.js';

/**
 * The body as text, refused with 413 past `max` bytes: at once from Content-Length when given,
 * else while it streams in, so a huge chunked body is never held whole.
 */
async function readLimited(c: Context, max: number): Promise<string> {
  const tooLarge = () => new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${max} bytes`);
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > max) throw tooLarge();
  // Under @hono/node-server, straight from Node's request stream: `c.req.raw.body` would first
  // build a full WHATWG Request (AbortController, web stream), a good part of a small request's cost.
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  if (incoming && !incoming.readableDidRead) {
    return new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        incoming.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size <= max) return void chunks.push(chunk);
        done();
        incoming.resume(); // the rest is read and dropped, never held; the request time-out bounds it
        reject(tooLarge());
      };
      const onEnd = () => {
        done();
        resolve(Buffer.concat(chunks, size).toString('utf8'));
      };
      const onError = (err: Error) => {
        done();
        reject(err);
      };
      const onAborted = () => onError(new ClientAborted('the client stopped sending its request'));
      incoming.on('data', onData).once('end', onEnd).once('error', onError).once('aborted', onAborted);
    });
  }
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/**
 * Resolves once this request's answer has left the server (its bytes handed to the socket), for
 * work that must not delay it; without Node's response object (`app.request()` in tests), on the
 * turn of the event loop after the answer is made.
 */
export function answerSent(c: Context): Promise<void> {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  return new Promise<void>((resolve) => {
    if (!outgoing) return void setImmediate(resolve);
    if (outgoing.writableFinished || outgoing.destroyed) return void setImmediate(resolve);
    outgoing.once('finish', () => resolve());
    outgoing.once('close', () => resolve());
  });
}

/** Parses and validates a JSON body with a contract schema; every failure is a coded 400/413/415. */
export async function readBody<S extends z.ZodMiniType>(c: Context, schema: S, options: { limit: number; optional?: boolean }): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  // text/plain is accepted so `fetch(..., { keepalive: true })` on pagehide can skip a preflight.
  if (type && !/^(application\/json|text\/plain)\b/i.test(type)) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be JSON (Content-Type: application/json)');
  }
  const text = await readLimited(c, options.limit);
  // Refresh and sign-out may come without a body, as the Synerise SDK sends them.
  if (options.optional && text.trim() === '') return schema.parse({}) as z.infer<S>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest('MALFORMED_JSON', text.trim() === '' ? 'The request body is empty' : 'The request body is not valid JSON');
  }
  if (tooDeep(json)) {
    throw badRequest('VALIDATION_FAILED', `The body nests deeper than ${MAX_JSON_DEPTH} levels`, [
      { field: 'body', code: 'too_deep', message: `Nests deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  }
  const result = schema.safeParse(json, { reportInput: true });
  if (!result.success) throw validationError(result.error.issues);
  return result.data as z.infer<S>;
}

/** Deeper than any profile attribute or event parameter needs; deep enough nesting would overflow the stack of whatever walks it later (JSON.stringify). */
const MAX_JSON_DEPTH = 64;

/** Whether a parsed body nests deeper than `MAX_JSON_DEPTH`, found without recursion. */
function tooDeep(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

export function validationError(issues: Parameters<typeof issuesToFieldErrors>[0]): ApiError {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // One entry per unknown key, so "email" in an account update is named as the field.
      for (const key of issue.keys) {
        const field = [...issue.path, key].map(String).join('.');
        errors.push({ field, code: 'unrecognized_key', message: key === 'email' ? 'Email cannot be changed here' : `Unknown field "${key}"` });
      }
    } else errors.push(...issuesToFieldErrors([issue]));
  }
  const first = errors[0];
  return badRequest('VALIDATION_FAILED', first ? `${first.field}: ${first.message}` : 'The request is not valid', errors);
}

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * The client's address: the socket's, or, when the proxy in front is trusted, the last
 * X-Forwarded-For hop, the one that proxy appended. Earlier hops are whatever the client sent
 * (nginx's `$proxy_add_x_forwarded_for` and load balancers append to the header they received), so
 * trusting the first would let a client pick a fresh address for every request past the rate limits.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export function originAllowedForKey(ctx: ServerContext, apiKey: string, origin: string | undefined): boolean {
  // No Origin header: not a browser cross-origin request (curl, a server, a same-origin GET).
  if (!origin) return true;
  const allowed = ctx.config.apiKeys.get(apiKey);
  if (!allowed) return false;
  return allowed.some((a) => a === '*' || a === origin || (a === 'local' && (LOCAL_ORIGIN.test(origin) || origin === ctx.publicUrl)));
}

/** For CORS preflights, which carry no key: an origin allowed for any configured key. */
export function originAllowedForAnyKey(ctx: ServerContext, origin: string): boolean {
  for (const key of ctx.config.apiKeys.keys()) if (originAllowedForKey(ctx, key, origin)) return true;
  return false;
}

/** A caller known by the Profile API key in the body. */
export interface KeyCaller {
  apiKey: string;
}

/** A caller known by a browser token (its API key is the token's audience). */
export interface TokenCaller {
  apiKey: string;
  token: VerifiedToken;
}

function checkApiKey(ctx: ServerContext, c: Context, apiKey: string): void {
  if (!ctx.config.apiKeys.has(apiKey)) throw forbidden('UNKNOWN_API_KEY', 'Unknown API key');
  if (!originAllowedForKey(ctx, apiKey, c.req.header('origin'))) {
    throw forbidden('ORIGIN_NOT_ALLOWED', 'This origin is not allowed for this API key');
  }
}

/** The Profile API key in the body: configured, and allowed for the request's origin. */
export function identifyByApiKey(ctx: ServerContext, c: Context, bodyApiKey: string | undefined): KeyCaller {
  if (bodyApiKey === undefined) {
    throw badRequest('VALIDATION_FAILED', 'apiKey: API key is required', [{ field: 'apiKey', code: 'required', message: 'API key is required' }]);
  }
  checkApiKey(ctx, c, bodyApiKey);
  return { apiKey: bodyApiKey };
}

/**
 * A browser token: its session alive, its key still configured, the origin allowed; for
 * `customer`, a signed-in customer's (anonymous tokens get 403 `FORBIDDEN_FOR_ANONYMOUS`).
 */
export async function identifyByToken(
  ctx: ServerContext,
  c: Context,
  auth: 'token' | 'customer' | 'keyOrToken',
  bodyApiKey?: string,
  options: { fresh?: boolean } = {},
): Promise<TokenCaller> {
  const raw = bearerToken(c);
  if (raw === undefined) throw unauthorized('TOKEN_MISSING', 'A bearer token is required');
  const token = await ctx.sessions.verify(raw, ctx.now(), options);
  const apiKey = token.claims.aud;
  if (bodyApiKey !== undefined && bodyApiKey !== apiKey) throw forbidden('API_KEY_MISMATCH', 'The token was issued for another API key');
  checkApiKey(ctx, c, apiKey);
  if (auth === 'customer' && token.claims.rlm !== 'client') {
    throw forbidden('FORBIDDEN_FOR_ANONYMOUS', 'Sign in to use this');
  }
  // The customer's list of devices says when each was last used: a customer call counts (throttled).
  if (auth === 'customer') await ctx.sessions.noteActivity(token.session, ctx.now());
  return { apiKey, token };
}

/** `keyOrToken`: a browser token of either realm when one is sent, else the Profile API key in the body. */
export async function identifyByKeyOrToken(ctx: ServerContext, c: Context, bodyApiKey: string | undefined): Promise<KeyCaller | TokenCaller> {
  return bearerToken(c) === undefined ? identifyByApiKey(ctx, c, bodyApiKey) : identifyByToken(ctx, c, 'keyOrToken', bodyApiKey);
}
