import type { TokenResponse } from 'snr-auth/contract';
import { unauthorized } from '../errors.js';
import type { VerifiedToken } from '../sessions.js';
import { findClientById, touchClient } from '../store/clients.js';
import { markSessionRefreshed } from '../store/sessions.js';
import type { IdentityDeps } from './deps.js';

/** A new token for a live session (verified afresh by the caller, never from the cache). */
export async function refreshSession(deps: Pick<IdentityDeps, 'db' | 'sessions'>, input: { token: VerifiedToken; now: number }): Promise<TokenResponse> {
  const { session } = input.token;
  const { now } = input;
  const client = await deps.db.transaction().execute(async (trx) => {
    const row = await findClientById(trx, session.client_id);
    if (!row) return undefined;
    await markSessionRefreshed(trx, session.id, now);
    if (session.realm === 'client') await touchClient(trx, row.id, now);
    return row;
  });
  if (!client) throw unauthorized('SESSION_REVOKED', 'The session has ended');
  return deps.sessions.issue(session, client, now);
}
