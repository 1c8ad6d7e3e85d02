import type { ErrorCode } from 'snr-auth/contract';
import { ApiError } from '../errors.js';

/** What a provider vouches for, after its token checked out. */
export interface ProviderIdentity {
  provider: 'OAUTH' | 'FACEBOOK' | 'GOOGLE' | 'APPLE';
  subject: string;
  email?: string;
  /** Only a verified email may link to an existing account. */
  emailVerified: boolean;
  profile: Record<string, string>;
  /** Google and Apple: the ID token's nonce (as the request named it) and times (epoch ms), for single use and freshness. */
  idToken?: { nonce: string; issuedAt: number; expiresAt: number };
}

export const PROVIDER_TIMEOUT_MS = 5000;

const providerError = (status: number, code: ErrorCode, message: string) => new ApiError(status, code, message);

/**
 * GET a provider's JSON with a time limit. Non-2xx → `PROVIDER_REJECTED`; time-out →
 * `PROVIDER_TIMEOUT`; unreachable or not JSON → `PROVIDER_UNAVAILABLE`. Never hangs the request.
 */
export async function fetchProviderJson(url: string, init: RequestInit, name: string, timeoutMs = PROVIDER_TIMEOUT_MS): Promise<Record<string, unknown>> {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = () => providerError(504, 'PROVIDER_TIMEOUT', `${name} did not answer in time`);
  let res: Response;
  try {
    // A redirect is an answer like any other non-2xx (a login page): not followed, refused below.
    res = await fetch(url, { ...init, redirect: 'manual', signal });
  } catch (_err) {
    throw signal.aborted ? timedOut() : providerError(502, 'PROVIDER_UNAVAILABLE', `${name} could not be reached`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    // The time limit covers the whole answer: a body that stalls half-way is a time-out too.
    if (signal.aborted) throw timedOut();
    body = undefined;
  }
  // DESIGN.md §7: only a 2xx with a JSON object of claims is a yes; anything else is a refusal.
  if (!res.ok || typeof body !== 'object' || body === null || Array.isArray(body)) throw providerError(401, 'PROVIDER_REJECTED', `${name} refused the token`);
  return body as Record<string, unknown>;
}

export const rejected = (message: string) => providerError(401, 'PROVIDER_REJECTED', message);
