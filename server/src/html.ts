import { createHash } from 'node:crypto';

/** Text made safe for HTML content and quoted attribute values. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The CSP source of an inline `<style>` element's text, so the page needs no `'unsafe-inline'`. */
export const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/**
 * The strict Content-Security-Policy of every HTML page the server makes itself (the landing, the
 * status page): nothing but the server's own files, no inline script, no plugin, no base, no form
 * posting elsewhere, no framing. `connect` adds origins the page may call; `styles` inline styles by hash.
 */
export function strictCsp(options: { connect?: readonly string[]; styles?: readonly string[] } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${options.styles?.length ? ` ${options.styles.join(' ')}` : ''}`,
    "img-src 'self' data:",
    `connect-src 'self'${options.connect?.length ? ` ${options.connect.join(' ')}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
