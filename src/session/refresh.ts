import type { Realm, TokenOrigin, TokenResponse } from '../contract/schemas.js';

/** A token as the store keeps it: the server's answer plus when it ends on this machine's clock. */
export interface StoredToken {
  token: string;
  realm: Realm;
  origin: TokenOrigin;
  uuid: string;
  clientId: number | null;
  customId: string | null;
  /** Local epoch ms at which the request for it left: its life cannot have started earlier. */
  issuedAt: number;
  /** Local epoch ms at which the server stops accepting it. */
  expiresAt: number;
}

/**
 * The lifetime comes from the answer's body (`expiration` in s minus `created` in ms, both on the
 * server's clock), counted from when the request left, so a skewed local clock does not matter
 * and the store never believes a token lives longer than it does.
 */
export function storedToken(answer: TokenResponse, requestedAt: number): StoredToken {
  const lifetime = Math.max(0, answer.expiration * 1000 - answer.created);
  return {
    token: answer.token,
    realm: answer.realm,
    origin: answer.origin,
    uuid: answer.uuid,
    clientId: answer.clientId ?? claimedClientId(answer.token),
    customId: answer.customId ?? null,
    issuedAt: requestedAt,
    expiresAt: requestedAt + lifetime,
  };
}

/** Identity only, never trusted for time: an older server may leave `clientId` out of the body. */
function claimedClientId(token: string): number | null {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const clientId = (JSON.parse(atob(payload)) as { clientId?: unknown }).clientId;
    return typeof clientId === 'number' ? clientId : null;
  } catch {
    return null;
  }
}

/**
 * - `fresh`: use it as it is;
 * - `refresh`: still valid but inside the refresh window: an active customer refreshes it first;
 * - `expired`: past its end, or too close to it for a request to arrive in time: never sent again.
 */
export type TokenPhase = 'fresh' | 'refresh' | 'expired';

/** The part of a lifetime kept back for the request's trip (at most 2 s). */
export function expiryMargin(token: StoredToken): number {
  return Math.min(2000, (token.expiresAt - token.issuedAt) / 20);
}

/** `window` is the refresh window as a fraction of the lifetime (DESIGN.md §2: half). */
export function tokenPhase(token: StoredToken, now: number, window: number): TokenPhase {
  const lifetime = token.expiresAt - token.issuedAt;
  const left = token.expiresAt - now;
  if (left <= expiryMargin(token)) return 'expired';
  return left <= lifetime * window ? 'refresh' : 'fresh';
}
