// Helpers for the headless session's unit tests: a server stand-in answering through a fake fetch
// with canned Responses in the contract's shapes, and a way to let queued promise work settle.
import type { ErrorCode } from '../../src/contract/errors.js';
import type { TokenResponse } from '../../src/contract/schemas.js';

export const API_BASE = 'https://id.example';
export const API_KEY = 'unit-key';

export const UUID = '6f1e0f43-2b1e-4d7a-9a55-8f1f1c1e2d3a';
export const CUSTOMER_UUID = '0b7f5f2c-9a0e-4a53-8f0b-2d1c3e4f5a6b';

/** Lets promise chains and queued microtasks run (setImmediate is never faked by these tests). */
export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function errorAnswer(status: number, code: ErrorCode, extra: { retryAfter?: number } = {}): Response {
  return json(status, { error: 'Error', status, code, message: code, path: '/', timestamp: new Date(0).toISOString(), ...extra });
}

export interface Request {
  path: string;
  token: string | null;
  body: unknown;
}

/**
 * What the identity server answers, route by route; a handler may return a Response or throw (no
 * answer: the network failed). Every request is logged in order.
 */
export function fakeServer(routes: Record<string, (request: Request) => Response | Promise<Response>>) {
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const auth = new Headers(init.headers).get('authorization');
    const request: Request = { path: url.pathname, token: auth?.replace(/^Bearer /, '') ?? null, body: init.body ? JSON.parse(String(init.body)) : undefined };
    requests.push(request);
    const route = routes[url.pathname];
    if (!route) return errorAnswer(404, 'NOT_FOUND');
    return route(request);
  }) as typeof globalThis.fetch;
  return { fetch, requests, paths: () => requests.map((r) => r.path) };
}

/** A token answer made at `created` (ms) on the server's clock, living `ttl` seconds. */
export function tokenAnswer(name: string, created: number, ttl: number, customer = false, uuid = customer ? CUSTOMER_UUID : UUID): TokenResponse {
  return {
    token: name,
    created,
    expiration: Math.floor(created / 1000) + ttl,
    origin: customer ? 'SYNERISE' : 'ANONYMOUS',
    realm: customer ? 'client' : 'anonymous_client',
    uuid,
    ...(customer ? { clientId: 7, customId: null } : {}),
  } as TokenResponse;
}
