import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';

/**
 * The pieces of the second factor that are plain computation: TOTP (RFC 6238: SHA-1, 6 digits,
 * 30-second steps, as every authenticator app reads an `otpauth://` URI), the secret's seal in the
 * store, the QR code (an SVG made here, so no QR code ships to browsers) and the recovery codes.
 */

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side of the server's: a phone's clock a little off, or a code typed as it turned. */
const WINDOW = 1;

function totpOf(secret: string, issuer: string, label: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** A new secret: 20 random bytes (RFC 4226's recommended 160 bits), as base32 text. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** What an enrolment shows: the `otpauth://` URI, and the same as a QR code (SVG). */
export function totpEnrollmentOf(secret: string, issuer: string, email: string): { uri: string; qrSvg: string } {
  const uri = totpOf(secret, issuer, email).toString();
  return { uri, qrSvg: renderSVG(uri, { ecc: 'M', border: 2 }) };
}

/**
 * The time step whose code `code` is, among the server's step at `now` and the one either side; null
 * when it is none of them. The caller still refuses a step taken before (replay).
 */
export function totpStepOf(secret: string, code: string, now: number): number | null {
  const delta = totpOf(secret, 'snr-auth', 'account').validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
}

// ---- the secret's seal -----------------------------------------------------------------------------

/**
 * Seals a secret for the store: AES-256-GCM under `SNR_TOTP_ENCRYPTION_KEY` (`v1:<iv>:<tag>:<data>`,
 * base64url), or `plain:<secret>` when no key is configured.
 */
export function sealSecret(secret: string, key: Buffer | undefined): string {
  if (!key) return `plain:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
}

/** The secret a sealed value holds; throws when it was sealed under another key (a configuration error, not the customer's). */
export function openSecret(sealed: string, key: Buffer | undefined): string {
  if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
  const [version, iv, tag, data] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('an authenticator secret in an unknown format');
  if (!key) throw new Error('an authenticator secret is sealed, but SNR_TOTP_ENCRYPTION_KEY is not set');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

// ---- recovery codes ----------------------------------------------------------------------------------

export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: a code copied onto paper is read back without doubt. 31 symbols, 10 of them: ~49 bits. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten new recovery codes, as shown (`xxxxx-xxxxx`). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/**
 * A recovery code's hash as stored: SHA-256 of the code without its dash, lower case. The codes are
 * random (~49 bits) and tries are rate limited, so a fast hash is enough (as for email tokens).
 */
export function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(code.replace(/[- ]/g, '').toLowerCase()).digest('base64url');
}
