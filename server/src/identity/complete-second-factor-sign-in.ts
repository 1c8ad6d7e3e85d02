import type { TokenOrigin, TokenResponse } from 'snr-auth/contract';
import { unauthorized } from '../errors.js';
import { findClientById, isCustomer } from '../store/clients.js';
import { consumeMfaChallenge, findMfaChallenge } from '../store/second-factor.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import { challengeHash, proveSecondFactor, type SecondFactorProof } from './second-factor.js';

const challengeInvalid = () => unauthorized('MFA_CHALLENGE_INVALID', 'The sign-in waiting for its second factor has ended: sign in again');

/**
 * Completes a sign-in stopped by `secondFactorChallenge`: the challenge (alive, of the API key it
 * was made for) and a second factor of its account open the session the first factor would have
 * opened (its visitor merged in, its origin). A wrong code leaves the challenge for another try
 * (tries are limited per account); a right one uses the challenge up, so it completes one sign-in.
 */
export async function completeSecondFactorSignIn(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'limiter' | 'config'>,
  input: { challenge: string; proof: SecondFactorProof; apiKey: string; now: number; userAgent?: string | undefined },
): Promise<TokenResponse> {
  const idHash = challengeHash(input.challenge);
  const challenge = await findMfaChallenge(deps.db, idHash, input.now);
  if (!challenge || challenge.api_key !== input.apiKey) throw challengeInvalid();
  await proveSecondFactor(deps, challenge.client_id, input.proof, input.now);
  const opened = await deps.db.transaction().execute(async (trx) => {
    if (!(await consumeMfaChallenge(trx, idHash))) return null;
    const client = await findClientById(trx, challenge.client_id);
    if (!client || !isCustomer(client) || client.status !== 'active') return null;
    const visitor = { uuid: challenge.visitor_uuid ?? undefined, holdsToken: challenge.holds_token === 1 };
    const session = await openCustomerSession(deps, trx, client, {
      apiKey: challenge.api_key,
      visitor,
      origin: challenge.origin as TokenOrigin,
      now: input.now,
      // The device that completes the sign-in is the one the session lives on.
      userAgent: input.userAgent,
    });
    return { session, client };
  });
  if (!opened) throw challengeInvalid();
  return deps.sessions.issue(opened.session, opened.client, input.now);
}
