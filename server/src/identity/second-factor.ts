import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { SecondFactorMethod, TokenOrigin } from 'snr-auth/contract';
import { ApiError, forbidden } from '../errors.js';
import type { ClientRow } from '../store/clients.js';
import type { Database } from '../store/schema.js';
import { countUnusedRecoveryCodes, findTotpFactor, insertMfaChallenge, spendRecoveryCode, takeTotpStep } from '../store/second-factor.js';
import type { IdentityDeps } from './deps.js';
import type { Visitor } from './merge-anonymous.js';
import { openSecret, recoveryCodeHash, totpStepOf } from './totp.js';

/** How long a sign-in waits for its second factor: enough to open an app and type six digits. */
export const MFA_CHALLENGE_TTL_MS = 5 * 60_000;

/** A sign-in stopped before its token: the second factors that complete it, and the challenge to send back with one. */
export interface SecondFactorGate {
  methods: SecondFactorMethod[];
  challenge: string;
  expiresAt: number;
}

/** A challenge as stored: its SHA-256 (a stolen copy of the table completes nothing). */
export const challengeHash = (challenge: string) => createHash('sha256').update(challenge).digest('base64url');

/**
 * The gate every sign-in method that proves one factor passes where it would issue the token: for
 * an account with an active authenticator, no session is opened; a short-lived, single-use
 * challenge is stored (with what the session will need: the API key, the visitor, the origin) and
 * the methods that complete it are answered. Null when the account has no second factor: the
 * caller opens the session as before. A passkey sign-in proves two factors and does not call it.
 */
export async function secondFactorChallenge(
  _deps: Pick<IdentityDeps, 'config'>,
  trx: Transaction<Database>,
  client: Pick<ClientRow, 'id'>,
  input: { apiKey: string; visitor: Visitor; origin: TokenOrigin; now: number },
): Promise<SecondFactorGate | null> {
  const factor = await findTotpFactor(trx, client.id);
  if (!factor || factor.confirmed_at === null) return null;
  const methods: SecondFactorMethod[] = ['TOTP'];
  if ((await countUnusedRecoveryCodes(trx, client.id)) > 0) methods.push('RECOVERY_CODE');
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = input.now + MFA_CHALLENGE_TTL_MS;
  await insertMfaChallenge(trx, {
    id_hash: challengeHash(challenge),
    client_id: client.id,
    api_key: input.apiKey,
    visitor_uuid: input.visitor.uuid ?? null,
    holds_token: input.visitor.holdsToken ? 1 : 0,
    origin: input.origin,
    created_at: input.now,
    expires_at: expiresAt,
  });
  return { methods, challenge, expiresAt };
}

/** A second factor as a customer gives it: a code of the authenticator, or one recovery code. */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

export const wrongCode = () => forbidden('MFA_CODE_INVALID', 'The code is wrong, was used before, or has expired');

/**
 * Checks a second factor of an account with an active authenticator, and uses it up: an
 * authenticator code is taken once (its time step, and every earlier one, is refused from then on:
 * RFC 6238 §5.2), a recovery code once. Every try is counted against the account first
 * (`secondFactorPerAccount`, 429 past it); a right one clears the count. A wrong, replayed or
 * used-up code is 403 `MFA_CODE_INVALID`.
 */
export async function proveSecondFactor(
  deps: Pick<IdentityDeps, 'db' | 'limiter' | 'config'>,
  clientId: number,
  proof: SecondFactorProof,
  now: number,
): Promise<void> {
  const attempt = await deps.limiter.secondFactorAttempt(clientId, now);
  const factor = await findTotpFactor(deps.db, clientId);
  if (!factor || factor.confirmed_at === null) throw new ApiError(409, 'MFA_NOT_ENABLED', 'This account has no second factor');
  let accepted: boolean;
  if ('code' in proof) {
    const step = totpStepOf(openSecret(factor.secret, deps.config.totp.encryptionKey), proof.code, now);
    accepted = step !== null && (await takeTotpStep(deps.db, clientId, step));
  } else {
    accepted = await spendRecoveryCode(deps.db, clientId, recoveryCodeHash(proof.recoveryCode), now);
  }
  if (!accepted) {
    attempt.refused();
    throw wrongCode();
  }
  await attempt.succeeded();
}

/** The proof a request body carries (the contract lets exactly one through). */
export function proofOf(body: { code?: string | undefined; recoveryCode?: string | undefined }): SecondFactorProof {
  return body.code !== undefined ? { code: body.code } : { recoveryCode: body.recoveryCode ?? '' };
}
