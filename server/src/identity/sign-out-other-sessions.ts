import type { VerifiedToken } from '../sessions.js';
import type { IdentityDeps } from './deps.js';
import { SIGNED_OUT_ELSEWHERE } from './sign-out-session.js';

/** Signs out every session of the customer but the caller's; answers how many ended. */
export async function signOutOtherSessions(deps: Pick<IdentityDeps, 'db' | 'sessions'>, input: { token: VerifiedToken; now: number }): Promise<number> {
  const { session } = input.token;
  return deps.sessions.revokeOtherCustomerSessions(deps.db, session.client_id, session.id, SIGNED_OUT_ELSEWHERE, input.now);
}
