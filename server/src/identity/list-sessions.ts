import type { CustomerSession } from 'snr-auth/contract';
import { toCustomerSession } from '../devices.js';
import type { VerifiedToken } from '../sessions.js';
import { liveCustomerSessions } from '../store/sessions.js';
import type { IdentityDeps } from './deps.js';

/**
 * The signed-in customer's sessions that can still be used, the caller's marked `current`: not
 * revoked, not past their cap, and with a token that may still be alive (one issued within the
 * token lifetime: an idle device whose token expired cannot refresh, so it is signed out already).
 * Anonymous sessions merged into the customer at sign-in are not theirs to list.
 */
export async function listSessions(deps: Pick<IdentityDeps, 'db' | 'config'>, input: { token: VerifiedToken; now: number }): Promise<CustomerSession[]> {
  const { session } = input.token;
  const rows = await liveCustomerSessions(deps.db, session.client_id, input.now, input.now - deps.config.tokenTtl * 1000);
  return rows.map((row) => toCustomerSession(row, session.id));
}
