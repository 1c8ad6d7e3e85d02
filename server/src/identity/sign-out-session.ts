import { publicSessionId } from '../devices.js';
import { notFound } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { liveCustomerSessions } from '../store/sessions.js';
import type { IdentityDeps } from './deps.js';

/** Why a session another of the customer's devices signed out ended (its next call or refresh: 401 `SESSION_REVOKED`). */
export const SIGNED_OUT_ELSEWHERE = 'signed-out-elsewhere';

/**
 * Signs one of the customer's sessions out, named by the id their list shows. Only the customer's
 * own live sessions can be named: any other id (another customer's, an ended one, made up) is the
 * same `404 NOT_FOUND`, so the answer tells nothing about sessions that are not theirs. Naming the
 * caller's own session signs the caller out.
 */
export async function signOutSession(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions'>,
  input: { token: VerifiedToken; sessionId: string; now: number },
): Promise<void> {
  const { session } = input.token;
  const rows = await liveCustomerSessions(deps.db, session.client_id, input.now, input.now - deps.config.tokenTtl * 1000);
  const target = rows.find((row) => publicSessionId(row.id) === input.sessionId);
  if (!target) throw notFound('NOT_FOUND', 'No such session among yours');
  await deps.sessions.revokeSession(deps.db, target.id, target.id === session.id ? 'signed-out' : SIGNED_OUT_ELSEWHERE, input.now);
}
