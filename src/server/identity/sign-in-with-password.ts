import type { TokenResponse } from '../../contract/index.js';
import { hashPassword, needsRehash, verifyPassword } from '../crypto/password.js';
import { findClientByEmail, isCustomer, upgradePasswordHash } from '../store/clients.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import type { Visitor } from './merge-anonymous.js';

export type PasswordSignIn = { status: 'SUCCESS'; token: TokenResponse } | { status: 'UNAUTHORIZED' } | { status: 'ACTIVATION_REQUIRED' };

/**
 * Checks email and password and, when they match an active customer, opens a session (the visitor's
 * anonymous profile merged in). An unknown email is checked against a dummy hash, so it costs the
 * time a wrong password costs. The attempt is counted before the hash runs (parallel guesses are
 * each counted); a success takes it back. A hash made with fewer iterations than configured is
 * upgraded on the way.
 */
export async function signInWithPassword(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'limiter' | 'config' | 'dummyHash'>,
  input: { email: string; password: string; visitor: Visitor; apiKey: string; address: string; now: number },
): Promise<PasswordSignIn> {
  const { email, password, now } = input;
  const attempt = await deps.limiter.signInAttempt(email, input.address, now);
  const client = await findClientByEmail(deps.db, email);
  const matches = await verifyPassword(password, client?.password_hash ?? deps.dummyHash);
  if (!client?.password_hash || !matches || !isCustomer(client)) {
    attempt.refused();
    return { status: 'UNAUTHORIZED' };
  }
  await attempt.succeeded();
  if (client.status === 'pending_activation') return { status: 'ACTIVATION_REQUIRED' };
  if (needsRehash(client.password_hash, deps.config.pbkdf2Iterations)) {
    await upgradePasswordHash(deps.db, client.id, client.password_hash, await hashPassword(password, deps.config.pbkdf2Iterations));
  }
  const session = await deps.db
    .transaction()
    .execute((trx) => openCustomerSession(deps, trx, client, { apiKey: input.apiKey, visitor: input.visitor, origin: 'SYNERISE', now }));
  return { status: 'SUCCESS', token: await deps.sessions.issue(session, client, now) };
}
