import type { TokenResponse } from 'snr-auth/contract';
import { hashPassword, needsRehash, verifyPassword } from '../crypto/password.js';
import type { SessionRow } from '../sessions.js';
import { findClientByEmail, isCustomer, recordTermsAcceptance, upgradePasswordHash } from '../store/clients.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import type { Visitor } from './merge-anonymous.js';
import { type SecondFactorGate, secondFactorChallenge } from './second-factor.js';

export type PasswordSignIn =
  | { status: 'SUCCESS'; token: TokenResponse }
  | { status: 'UNAUTHORIZED' }
  | { status: 'ACTIVATION_REQUIRED' }
  | { status: 'APPROVAL_REQUIRED' }
  | { status: 'TERMS_ACCEPTANCE_REQUIRED'; terms: { version: string; url: string } }
  | ({ status: 'MFA_REQUIRED' } & SecondFactorGate);

/**
 * Checks email and password and, when they match an active customer who has accepted the site's
 * current terms (`SNR_TERMS_VERSION`; accepted on the way when `acceptedTermsVersion` names them),
 * opens a session (the visitor's anonymous profile merged in). An account waiting for activation or
 * approval, or for the terms, answers what it waits for, and only to the right password. An unknown email is checked against a dummy hash, so it costs the
 * time a wrong password costs. The attempt is counted before the hash runs (parallel guesses are
 * each counted); a success takes it back. A hash made with fewer iterations than configured is
 * upgraded on the way. An account with a second factor gets no session yet: `MFA_REQUIRED` and a
 * challenge the second factor completes (`secondFactorChallenge`; terms accepted on the way are
 * recorded already: accepting is the customer's word, not a way in).
 */
export async function signInWithPassword(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'limiter' | 'config' | 'dummyHash'>,
  input: {
    email: string;
    password: string;
    visitor: Visitor;
    apiKey: string;
    address: string;
    now: number;
    acceptedTermsVersion?: string | undefined;
    /** The request's User-Agent, kept with the session for the customer's list of devices. */
    userAgent?: string | undefined;
  },
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
  if (client.status === 'pending_approval') return { status: 'APPROVAL_REQUIRED' };
  const terms = deps.config.terms;
  const acceptsTermsNow = terms !== undefined && client.terms_version !== terms.version && input.acceptedTermsVersion === terms.version;
  if (terms && client.terms_version !== terms.version && !acceptsTermsNow) return { status: 'TERMS_ACCEPTANCE_REQUIRED', terms };
  if (needsRehash(client.password_hash, deps.config.pbkdf2Iterations)) {
    await upgradePasswordHash(deps.db, client.id, client.password_hash, await hashPassword(password, deps.config.pbkdf2Iterations));
  }
  const outcome = await deps.db.transaction().execute(async (trx): Promise<{ gate: SecondFactorGate } | { session: SessionRow }> => {
    if (acceptsTermsNow) await recordTermsAcceptance(trx, client.id, terms.version, now);
    const opening = { apiKey: input.apiKey, visitor: input.visitor, origin: 'SYNERISE', now, userAgent: input.userAgent } as const;
    const gate = await secondFactorChallenge(deps, trx, client, opening);
    if (gate) return { gate };
    return { session: await openCustomerSession(deps, trx, client, opening) };
  });
  if ('gate' in outcome) return { status: 'MFA_REQUIRED', ...outcome.gate };
  return { status: 'SUCCESS', token: await deps.sessions.issue(outcome.session, client, now) };
}
