import { createHash } from 'node:crypto';
import type { Pino } from './log.js';

/** How long a new password waits for the range API before it is let through (the miss is logged). */
export const BREACHED_PASSWORDS_TIMEOUT_MS = 1000;

export interface BreachedPasswordsOptions {
  /** The range API's base (`SNR_BREACHED_PASSWORDS_URL`), without a trailing slash; undefined: no check. */
  url: string | undefined;
  timeoutMs?: number;
  log: Pino;
  fetch?: typeof fetch;
}

/** What the range API said of a password: in a breach, in none, or nothing in time (then it is allowed). */
export type BreachVerdict = 'breached' | 'clear' | 'unknown';

/**
 * Asks a k-anonymity range API in the format of Have I Been Pwned's Pwned Passwords whether a
 * password is known from a breach: `GET {url}/range/{first 5 hex digits of its SHA-1, upper case}`
 * answers lines `SUFFIX:COUNT` (the other 35 digits, and how often it was seen). Only those five
 * digits leave the server, one of 16^5 buckets each shared by hundreds of passwords; with
 * `Add-Padding: true` every answer is padded to a similar size with lines of count 0, so its
 * length does not tell an observer the bucket either. A padding line is no hit. A service that
 * does not answer within `timeoutMs`, or fails, lets the password through: a breach list is a
 * second line of defence, and the owner of a new account must not be locked out by someone else's
 * outage. Each such miss is logged (`warn`), without the password or its hash.
 */
export class BreachedPasswords {
  private readonly url: string | undefined;
  private readonly timeoutMs: number;
  private readonly log: Pino;
  private readonly fetch: typeof fetch;

  constructor(options: BreachedPasswordsOptions) {
    this.url = options.url?.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? BREACHED_PASSWORDS_TIMEOUT_MS;
    this.log = options.log;
    this.fetch = options.fetch ?? fetch;
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  async check(password: string): Promise<BreachVerdict> {
    if (this.url === undefined) return 'clear';
    const sha1 = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
    const prefix = sha1.slice(0, 5);
    const suffix = sha1.slice(5);
    const started = Date.now();
    try {
      const response = await this.fetch(`${this.url}/range/${prefix}`, {
        headers: { 'Add-Padding': 'true', Accept: 'text/plain', 'User-Agent': 'snr-auth' },
        // The body too must come within the time: the signal aborts a slow read as well.
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        return this.miss(`the range API answered ${response.status}`, started);
      }
      return isListed(await response.text(), suffix) ? 'breached' : 'clear';
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      return this.miss(timedOut ? `no answer within ${this.timeoutMs} ms` : `the range API could not be reached (${(err as Error).message})`, started);
    }
  }

  private miss(why: string, started: number): 'unknown' {
    this.log.warn({ breachedPasswords: this.url, ms: Date.now() - started }, `breached-password check skipped, the password was allowed: ${why}`);
    return 'unknown';
  }
}

/** Whether a range answer lists `suffix` as seen at least once (padding lines say 0). */
export function isListed(body: string, suffix: string): boolean {
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (line.slice(0, colon).trim().toUpperCase() !== suffix) continue;
    const count = Number.parseInt(line.slice(colon + 1).trim(), 10);
    return Number.isFinite(count) && count > 0;
  }
  return false;
}
