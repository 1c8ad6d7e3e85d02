import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = '$pbkdf2-sha256$';

/**
 * PBKDF2-HMAC-SHA256 in a self-describing string, `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`
 * (base64url), so iterations can be raised and old hashes upgraded at the next sign-in.
 * `crypto.pbkdf2` runs on libuv's thread pool: hashing never blocks the event loop.
 */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await pbkdf2Async(password.normalize('NFC'), salt, iterations, KEY_LENGTH, 'sha256');
  return `${PREFIX}i=${iterations}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export interface ParsedHash {
  iterations: number;
  salt: Buffer;
  hash: Buffer;
}

export function parseHash(stored: string): ParsedHash | undefined {
  const match = /^\$pbkdf2-sha256\$i=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!match) return undefined;
  return { iterations: Number(match[1]), salt: Buffer.from(match[2]!, 'base64url'), hash: Buffer.from(match[3]!, 'base64url') };
}

/** Constant-time comparison; an unparsable hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await pbkdf2Async(password.normalize('NFC'), parsed.salt, parsed.iterations, parsed.hash.length, 'sha256');
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/** True when a stored hash was made with other parameters than today's and should be redone. */
export function needsRehash(stored: string, iterations: number): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.iterations !== iterations || parsed.hash.length !== KEY_LENGTH;
}
