import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import type { IdTokenProviderConfig } from '../config.js';
import { ApiError } from '../errors.js';
import { fetchProviderJson, PROVIDER_TIMEOUT_MS, rejected } from './identity.js';

/** How long an issuer's discovery document is kept before it is asked again. */
export const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** The signing algorithms Google and Apple use; a token in any other is refused (never `none` or HMAC). */
const ALGORITHMS = ['RS256', 'ES256'];
/** Leeway for the clocks of the provider and this server. */
const CLOCK_TOLERANCE_S = 60;

interface Issuer {
  /** When the discovery document was read (this server's clock). */
  readAt: number;
  keys: ReturnType<typeof createRemoteJWKSet>;
}

/**
 * The keys of each issuer, by its URL: the discovery document names the JWKS, which jose fetches
 * and keeps (re-fetched when a token names a key it has not seen, at most every 30 s, so a key
 * rotation is picked up and a flood of made-up key ids costs one request per 30 s).
 */
const issuers = new Map<string, Promise<Issuer>>();

async function discover(issuer: string, name: string, now: number): Promise<Issuer> {
  const cached = issuers.get(issuer);
  if (cached) {
    const found = await cached.catch(() => undefined);
    if (found && now - found.readAt < DISCOVERY_TTL_MS) return found;
    if (issuers.get(issuer) === cached) issuers.delete(issuer);
  }
  let pending = issuers.get(issuer);
  if (!pending) {
    pending = (async () => {
      const doc = await fetchProviderJson(`${issuer}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } }, name).catch((err) => {
        // The issuer's own metadata missing is the issuer being down, not the customer's token being bad.
        throw err instanceof ApiError && err.code === 'PROVIDER_REJECTED'
          ? new ApiError(502, 'PROVIDER_UNAVAILABLE', `${name} published no OpenID discovery document`)
          : err;
      });
      if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) {
        throw new ApiError(502, 'PROVIDER_UNAVAILABLE', `${name}'s discovery document names no jwks_uri`);
      }
      return {
        readAt: now,
        keys: createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: PROVIDER_TIMEOUT_MS, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 }),
      };
    })();
    issuers.set(issuer, pending);
    pending.catch(() => {
      if (issuers.get(issuer) === pending) issuers.delete(issuer);
    });
  }
  return pending;
}

/** Equal in constant time; the nonce's SHA-256 (hex) counts too, as Apple's and Firebase's native flows send it hashed. */
function nonceMatches(claim: unknown, nonce: string): boolean {
  if (typeof claim !== 'string') return false;
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return same(claim, nonce) || same(claim, createHash('sha256').update(nonce).digest('hex'));
}

export interface IdTokenCheck {
  config: IdTokenProviderConfig;
  /** For messages: "Google", "Apple". */
  name: string;
  /** Values of `iss` accepted besides the configured issuer (Google also signs `accounts.google.com`). */
  alsoIssuers?: string[];
  token: string;
  nonce: string;
  now: number;
}

/**
 * Verifies an OpenID Connect ID token: the signature against the issuer's published keys, `iss`,
 * `aud` (the configured client id), `exp`/`iat`/`nbf` against this server's clock, a `sub`, and the
 * `nonce` of this sign-in attempt. Any failure of the token is `PROVIDER_REJECTED`; an issuer that
 * cannot be asked for its keys is `PROVIDER_UNAVAILABLE` or `PROVIDER_TIMEOUT`.
 */
export async function verifyIdToken(check: IdTokenCheck): Promise<JWTPayload & { sub: string }> {
  const { config, name, token, nonce, now } = check;
  const issuer = await discover(config.issuer, name, now);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, issuer.keys, {
      issuer: [config.issuer, ...(check.alsoIssuers ?? [])],
      audience: config.clientId,
      algorithms: ALGORITHMS,
      currentDate: new Date(now),
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'iat', 'exp'],
    }));
  } catch (err) {
    if (err instanceof errors.JWKSTimeout) throw new ApiError(504, 'PROVIDER_TIMEOUT', `${name} did not hand out its keys in time`);
    if (err instanceof errors.JWTExpired) throw rejected(`The ${name} ID token has expired`);
    if (err instanceof errors.JWTClaimValidationFailed) throw rejected(`The ${name} ID token's "${err.claim}" claim is not right for this site`);
    if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
      throw rejected(`The ${name} ID token is not signed by ${name}'s published keys`);
    }
    if (err instanceof errors.JOSEError && err.code !== 'ERR_JOSE_GENERIC' && err.code !== 'ERR_JWKS_INVALID')
      throw rejected(`The ${name} ID token is not valid`);
    // The key set could not be fetched or read.
    throw new ApiError(502, 'PROVIDER_UNAVAILABLE', `${name}'s keys could not be fetched`);
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') throw rejected(`The ${name} ID token names no subject`);
  // jose checks `iat` only with a maximum age: a token dated in the future was not issued now.
  if (typeof payload.iat !== 'number' || payload.iat > now / 1000 + CLOCK_TOLERANCE_S) throw rejected(`The ${name} ID token is dated in the future`);
  // With several audiences, the token must have been issued to us (OpenID Connect Core 3.1.3.7).
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== config.clientId)
    throw rejected(`The ${name} ID token was issued to another party`);
  if (!nonceMatches(payload.nonce, nonce)) throw rejected(`The ${name} ID token was not issued for this sign-in attempt (nonce)`);
  return payload as JWTPayload & { sub: string };
}

/** What a verified ID token tells besides its claims: the nonce it was bound to and its times (epoch ms). */
export function idTokenFacts(claims: JWTPayload, nonce: string): { nonce: string; issuedAt: number; expiresAt: number } {
  return { nonce, issuedAt: Number(claims.iat) * 1000, expiresAt: (Number(claims.exp) + CLOCK_TOLERANCE_S) * 1000 };
}

/** `email_verified` as OpenID Connect says (a boolean), or as Apple sends it (the string "true"). */
export const isTrue = (value: unknown) => value === true || value === 'true';

/** A usable, lower-cased email from a claim, or undefined. */
export function emailClaim(value: unknown): string | undefined {
  return typeof value === 'string' && /^[^\s@]+@[^\s@]+$/.test(value) && value.length <= 254 ? value.toLowerCase() : undefined;
}
