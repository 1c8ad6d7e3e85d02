import { notFound } from '../errors.js';
import { approveClient as approve } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';

/**
 * The site's backend approves an account registered in the `approval` mode: from now on it signs
 * in. Approving an account that needs no approval (any more) changes nothing and answers the same,
 * so a backend may retry; 404 when no customer has the id.
 */
export async function approveClient(deps: Pick<IdentityDeps, 'db'>, input: { clientId: number; now: number }): Promise<void> {
  const row = await approve(deps.db, input.clientId, input.now);
  if (!row) throw notFound('NOT_FOUND', 'No such customer');
}
