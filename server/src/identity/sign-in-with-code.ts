import { timingSafeEqual } from 'node:crypto';
import type { TokenResponse } from 'snr-auth/contract';
import { type ClientRow, findClientByEmail, isCustomer, recordTermsAcceptance, updateClient } from '../store/clients.js';
import { consumeSignInCode, deleteSignInCode, takeSignInCodeTry } from '../store/sign-in-codes.js';
import { claimAccountForEmailOwner } from './claim-account.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import type { Visitor } from './merge-anonymous.js';
import { hashSignInCode, requireSignInMethod } from './request-sign-in-code.js';
import { type SecondFactorGate, secondFactorChallenge } from './second-factor.js';
import type { PasswordSignIn } from './sign-in-with-password.js';

/** The answers of a code sign-in: those of a password sign-in, `UNAUTHORIZED` for any code that does not work. */
export type CodeSignIn = PasswordSignIn;

/**
 * Signs in with the code emailed by `requestSignInCode`. The try is counted as a sign-in of the
 * account (the limiter's `signInAttempt`: per account and address, per account, per address) and
 * against the code (at most `signInCode.maxTries`, counted before the comparison, so racing guesses
 * stay within it; after the last the code is void). A wrong, expired, used or replaced code, an
 * unknown email and an account without a code all answer `UNAUTHORIZED`, after the same statements.
 *
 * The right code answers what a right password answers: an account waiting for approval is told so
 * (the code is used up); one whose terms are out of date gets `TERMS_ACCEPTANCE_REQUIRED` and keeps
 * its code for the second call carrying `acceptedTermsVersion`. Otherwise the code is used up, the
 * address counts as proved (an unconfirmed account is first taken back for the address's owner,
 * `claimAccountForEmailOwner` with `email-code`: its password, provider links and sessions go), and
 * a session with origin `EMAIL_CODE` is opened.
 */
export async function signInWithCode(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'limiter' | 'config'>,
  input: {
    email: string;
    code: string;
    visitor: Visitor;
    apiKey: string;
    address: string;
    now: number;
    acceptedTermsVersion?: string | undefined;
    /** The request's User-Agent, kept with the session for the customer's list of devices. */
    userAgent?: string | undefined;
  },
): Promise<CodeSignIn> {
  const { email, now } = input;
  requireSignInMethod(deps.config, 'code');
  const attempt = await deps.limiter.signInAttempt(email, input.address, now);
  const { maxTries } = deps.config.signInCode;
  const terms = deps.config.terms;
  const outcome = await deps.db.transaction().execute(async (trx): Promise<CodeSignIn | { status: 'RIGHT'; client: ClientRow; acceptsTermsNow: boolean }> => {
    const found = await findClientByEmail(trx, email);
    const client = found && isCustomer(found) ? found : undefined;
    // An unknown email runs the same statement (on no row), so it costs what a wrong code costs.
    const live = await takeSignInCodeTry(trx, client?.id ?? 0, maxTries, now);
    if (!client || !live) return { status: 'UNAUTHORIZED' };
    const given = Buffer.from(hashSignInCode(client.id, input.code));
    if (!timingSafeEqual(given, Buffer.from(live.code_hash))) {
      if (live.attempts >= maxTries) await deleteSignInCode(trx, client.id);
      // The counted try must stay counted: this transaction commits, then the caller refuses.
      return { status: 'UNAUTHORIZED' };
    }
    if (client.status === 'pending_activation') return { status: 'ACTIVATION_REQUIRED' };
    if (client.status === 'pending_approval') {
      await consumeSignInCode(trx, client.id, live.code_hash);
      return { status: 'APPROVAL_REQUIRED' };
    }
    const acceptsTermsNow = terms !== undefined && client.terms_version !== terms.version && input.acceptedTermsVersion === terms.version;
    // The code stays live: the customer sends it again with the terms accepted.
    if (terms && client.terms_version !== terms.version && !acceptsTermsNow) return { status: 'TERMS_ACCEPTANCE_REQUIRED', terms };
    if (!(await consumeSignInCode(trx, client.id, live.code_hash))) return { status: 'UNAUTHORIZED' };
    return { status: 'RIGHT', client, acceptsTermsNow };
  });
  if (outcome.status === 'UNAUTHORIZED') {
    attempt.refused();
    return outcome;
  }
  await attempt.succeeded();
  if (outcome.status !== 'RIGHT') return outcome;
  // The single place a code sign-in succeeds; an account with a second factor gets its challenge instead.
  const opened = await openCodeSession(deps, outcome.client, { ...input, acceptsTermsNow: outcome.acceptsTermsNow });
  return 'gate' in opened ? { status: 'MFA_REQUIRED', ...opened.gate } : { status: 'SUCCESS', token: opened.token };
}

/**
 * The one place a code sign-in becomes a session: the address is proved (an unconfirmed account is
 * taken back for its owner first, and confirmed), the terms accepted on the way are recorded, and
 * the session opened — unless the account has a second factor: then its challenge (`MFA_REQUIRED`),
 * which the second factor completes (the code is spent either way: it proved the address).
 */
async function openCodeSession(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'config'>,
  client: ClientRow,
  input: { visitor: Visitor; apiKey: string; now: number; acceptsTermsNow: boolean; acceptedTermsVersion?: string | undefined; userAgent?: string | undefined },
): Promise<{ token: TokenResponse } | { gate: SecondFactorGate }> {
  const { now } = input;
  const session = await deps.db.transaction().execute(async (trx) => {
    let account = await claimAccountForEmailOwner(deps, trx, client, { proof: 'email-code', now });
    if (account.email_confirmed !== 1) account = await updateClient(trx, account.id, { email_confirmed: 1, updated_at: now });
    if (input.acceptsTermsNow && input.acceptedTermsVersion) await recordTermsAcceptance(trx, account.id, input.acceptedTermsVersion, now);
    const opening = { apiKey: input.apiKey, visitor: input.visitor, origin: 'EMAIL_CODE', now, userAgent: input.userAgent } as const;
    const gate = await secondFactorChallenge(deps, trx, account, opening);
    if (gate) return { gate };
    return { session: await openCustomerSession(deps, trx, account, opening) };
  });
  if (session.gate) return { gate: session.gate };
  return { token: await deps.sessions.issue(session.session, client, now) };
}
