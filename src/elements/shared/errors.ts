import type { ErrorCode, FieldError } from '../../contract/errors.js';
import { type SnrAction, SnrErrorEvent } from '../../events/snr-error.js';
import { errorMessage, type Translation } from '../../i18n/index.js';
import { SnrError } from '../../session/index.js';

/** A piece of text, made in whatever language is in effect when it is shown. */
export type Message = (t: Translation) => string;

/** Anything thrown, as a coded error: what is not an SnrError is an internal error. */
export function asSnrError(err: unknown): SnrError {
  if (err instanceof SnrError) return err;
  // A second copy of the bundle has its own SnrError class: trust the shape.
  const e = err as { code?: unknown; message?: unknown; status?: unknown } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    return new SnrError(e.code as ErrorCode, e.message, { status: typeof e.status === 'number' ? e.status : 0, cause: err });
  }
  return new SnrError('INTERNAL_ERROR', err instanceof Error ? err.message : String(err), { cause: err });
}

/** "in 5 minutes" and "14:32" for a moment, in the table's language. */
function when(t: Translation, at: number): [string, string] {
  const seconds = Math.max(1, Math.round((at - Date.now()) / 1000));
  const relative = new Intl.RelativeTimeFormat(t.lang, { numeric: 'auto' });
  const text = seconds < 90 ? relative.format(seconds, 'second') : relative.format(Math.ceil(seconds / 60), 'minute');
  const time = new Intl.DateTimeFormat(t.lang, { hour: 'numeric', minute: '2-digit' }).format(at);
  return [text, time];
}

/** What the customer reads for an error, with when to try again when the server said so. */
export function errorText(err: SnrError): Message {
  if (err.code === 'RATE_LIMITED' && err.retryAfter) {
    const at = Date.now() + err.retryAfter * 1000;
    return (t) => `${errorMessage(t, err.code)} ${t.retryAt(...when(t, at))}`;
  }
  return (t) => errorMessage(t, err.code);
}

/** The text for one field the server refused. */
export function fieldErrorText(error: FieldError, code: ErrorCode): Message {
  if (error.code === 'taken') return (t) => t.valueTaken;
  if (code === 'PASSWORD_POLICY' || /password/i.test(error.field)) return (t) => t.passwordWeak;
  if (error.field === 'email') return (t) => t.emailInvalid;
  return (t) => t.valueInvalid;
}

/** Tells the site: an `snr-error` on the element (it bubbles to the document). */
export function raise(host: HTMLElement, err: SnrError, action: SnrAction, t: Translation, text: Message = errorText(err)): void {
  const event = new SnrErrorEvent({
    code: err.code,
    message: text(t),
    action,
    status: err.status,
    ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
  });
  (host.isConnected ? host : document).dispatchEvent(event);
}

/**
 * An element with no session to use (no `<snr-session>`, no `configure()`, no `api-base`): the
 * customer reads "not available", the site's developer reads in the console what to add.
 */
export function notConfigured(host: HTMLElement): SnrError {
  console.error(
    `<${host.localName}>: snr-auth is not configured. Put the elements inside <snr-session api-base="…" api-key="…">, give this element api-base and api-key, or call snrAuth.configure({ apiBase, apiKey }).`,
  );
  return new SnrError('UNAVAILABLE', 'snr-auth is not configured: add <snr-session> or call configure()');
}
