import { createHash } from 'node:crypto';
import type { CustomerSession, DeviceType } from 'snr-auth/contract';
import { UAParser } from 'ua-parser-js';
import type { SessionRow } from './store/sessions.js';

/** Longer user agents are cut: real ones stay well under it, and a client may send anything. */
export const USER_AGENT_MAX = 512;

/** The user agent as kept in a session row: one line (control characters out), at most `USER_AGENT_MAX` characters; null when none was sent. */
export function keptUserAgent(userAgent: string | undefined): string | null {
  const line = userAgent?.replace(/\p{Cc}+/gu, ' ').trim();
  return line ? line.slice(0, USER_AGENT_MAX) : null;
}

/**
 * What a customer recognises a device by, read from its user agent with ua-parser-js (1.x, MIT):
 * the browser with its major version ("Chrome 131"), the system ("macOS", "Android"), and the device
 * when the user agent names one ("Apple iPhone", "Samsung SM-S911B").
 */
export function describeDevice(userAgent: string | null): Pick<CustomerSession, 'browser' | 'os' | 'device' | 'deviceType'> {
  if (!userAgent) return { browser: null, os: null, device: null, deviceType: 'other' };
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const name = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' ') || null;
  return {
    browser: browser.name ? name(browser.name, browser.major) : null,
    os: os.name ? (SYSTEM_NAMES[os.name] ?? os.name) : null,
    device: device.model ? name(device.vendor, device.model) : null,
    deviceType: deviceTypeOf(device.type, os.name),
  };
}

/** ua-parser-js 1.x's names where the maker's own differ. */
const SYSTEM_NAMES: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'ChromeOS' };

function deviceTypeOf(type: string | undefined, os: string | undefined): DeviceType {
  if (type === 'mobile' || type === 'tablet') return type;
  if (type === undefined && os && /^(Windows|Mac OS|macOS|Linux|Ubuntu|Debian|Fedora|Chromium OS|Chrome OS)/i.test(os)) return 'desktop';
  return 'other';
}

/**
 * The id a session is shown under: derived from its `sid`, which it does not reveal. The `sid`
 * travels in tokens and logs; the list hands the customer names for their sessions, not those.
 */
export function publicSessionId(sid: string): string {
  return createHash('sha256').update(`snr-session:${sid}`).digest('base64url').slice(0, 22);
}

/** A session row as the customer's list shows it. */
export function toCustomerSession(row: SessionRow, currentSid: string): CustomerSession {
  return {
    id: publicSessionId(row.id),
    current: row.id === currentSid,
    createdAt: row.created_at,
    lastActiveAt: Math.max(row.last_active_at ?? 0, row.refreshed_at ?? 0, row.created_at),
    ...describeDevice(row.user_agent),
  };
}
