import type { ErrorCode } from '../../contract/index.js';
import { ApiError } from '../errors.js';

/** What a provider vouches for, after its token checked out. */
export interface ProviderIdentity {
  provider: 'OAUTH' | 'FACEBOOK';
  subject: string;
  email?: string;
  /** Only a verified email may link to an existing account. */
  emailVerified: boolean;
  profile: Record<string, string>;
}

export const PROVIDER_TIMEOUT_MS = 5000;

const providerError = (status: number, code: ErrorCode, message: string) => new ApiError(status, code, message);

/**
 * GET a provider's JSON with a time limit. Non-2xx → `PROVIDER_REJECTED`; time-out →
 * `PROVIDER_TIMEOUT`; unreachable or not JSON → `PROVIDER_UNAVAILABLE`. Never hangs the request.
 */
export async function fetchProviderJson(url: string, init: RequestInit, name: string, timeoutMs = PROVIDER_TIMEOUT_MS): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timedOut = (err as Error)?.name === 'TimeoutError';
    throw timedOut
      ? providerError(504, 'PROVIDER_TIMEOUT', `${name} did not answer in time`)
      : providerError(502, 'PROVIDER_UNAVAILABLE', `${name} could not be reached`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    if (!res.ok) throw providerError(401, 'PROVIDER_REJECTED', `${name} refused the token`);
    throw providerError(502, 'PROVIDER_UNAVAILABLE', `${name} answered something that is not JSON`);
  }
  if (!res.ok) throw providerError(401, 'PROVIDER_REJECTED', `${name} refused the token`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw providerError(502, 'PROVIDER_UNAVAILABLE', `${name} answered an unexpected body`);
  return body as Record<string, unknown>;
}

export const rejected = (message: string) => providerError(401, 'PROVIDER_REJECTED', message);
