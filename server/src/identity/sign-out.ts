import type { VerifiedToken } from '../sessions.js';
import type { IdentityDeps } from './deps.js';

/** Ends the caller's session, or, for a customer who asks, every session of the account. */
export async function signOut(
  deps: Pick<IdentityDeps, 'db' | 'sessions'>,
  input: { token: VerifiedToken; fromAllDevices: boolean; now: number },
): Promise<void> {
  const { session, claims } = input.token;
  if (input.fromAllDevices && claims.rlm === 'client') await deps.sessions.revokeClientSessions(deps.db, session.client_id, 'signed-out-everywhere', input.now);
  else await deps.sessions.revokeSession(deps.db, session.id, 'signed-out', input.now);
}
