import type { Realm, TokenOrigin, TokenResponse } from '../contract/schemas.js';

/** A token as the store keeps it: the server's answer, when it ends on the server's clock, and on this machine's. */
export interface StoredToken {
  token: string;
  realm: Realm;
  origin: TokenOrigin;
  uuid: string;
  clientId: number | null;
  customId: string | null;
  /** Local epoch ms at which the request for it left: its life cannot have started earlier. */
  issuedAt: number;
  /** Local epoch ms at which the server stops accepting it, as the page that got it saw it (for display). */
  expiresAt: number;
  /** Server epoch ms at which the server made it (the answer's `created`); absent in records of older versions. */
  serverIssuedAt?: number;
  /** Server epoch ms at which the server stops accepting it: what the refresh policy goes by. */
  serverExpiresAt?: number;
}

/**
 * The lifetime comes from the answer's body (`expiration` in s minus `created` in ms, both on the
 * server's clock). The policy counts it on the server's clock as the store reads it (clock.ts:
 * from when the request left, carried on by the monotonic clock), so a skewed or changed local
 * clock does not matter and the store never believes a token lives longer than it does.
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
    serverIssuedAt: answer.created,
    serverExpiresAt: answer.created + lifetime,
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

/** Start and end of a token's life on the server's clock (a record of an older version: its local times, read with no offset). */
export function tokenSpan(token: StoredToken): { from: number; to: number } {
  return typeof token.serverIssuedAt === 'number' && typeof token.serverExpiresAt === 'number'
    ? { from: token.serverIssuedAt, to: token.serverExpiresAt }
    : { from: token.issuedAt, to: token.expiresAt };
}

/** The part of a lifetime kept back for the request's trip (at most 2 s). */
export function expiryMargin(token: StoredToken): number {
  const { from, to } = tokenSpan(token);
  return Math.min(2000, (to - from) / 20);
}

/** `serverNow`: the server's time as the store reads it; `window`: the refresh window as a fraction of the lifetime (DESIGN.md §2: half). */
export function tokenPhase(token: StoredToken, serverNow: number, window: number): TokenPhase {
  const { from, to } = tokenSpan(token);
  const lifetime = to - from;
  const left = to - serverNow;
  if (left <= expiryMargin(token)) return 'expired';
  return left <= lifetime * window ? 'refresh' : 'fresh';
}
