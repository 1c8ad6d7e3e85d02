import { type Agreements, profileFields, type TokenResponse } from 'snr-auth/contract';
import { conflict, isUniqueViolation } from '../errors.js';
import type { ProviderIdentity } from '../providers/identity.js';
import { rejected } from '../providers/identity.js';
import type { SessionRow } from '../sessions.js';
import {
  becomeCustomer,
  type ClientRow,
  findClientByEmail,
  findClientById,
  isCustomer,
  profileChanges,
  recordTermsAcceptance,
  statusOnceEmailProved,
  updateClient,
} from '../store/clients.js';
import { spendSignInNonce } from '../store/id-token-nonces.js';
import { findLinkedClientId, linkIdentity } from '../store/identities.js';
import { claimAccountForEmailOwner } from './claim-account.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import { uuidForNewCustomer, type Visitor } from './merge-anonymous.js';
import { type SecondFactorGate, secondFactorChallenge } from './second-factor.js';

/** Provider data passes the same field rules as a customer's own input; what fails is dropped. */
function acceptedProfile(profile: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(profile)) {
    const schema = (profileFields as Record<string, { safeParse(v: unknown): { success: boolean } }>)[field];
    if (schema?.safeParse(value).success) out[field] = value;
  }
  return out;
}

export type ProviderSignIn =
  | { status: 'SUCCESS'; token: TokenResponse }
  | { status: 'REGISTRATION_REQUIRED' }
  | { status: 'APPROVAL_REQUIRED' }
  | { status: 'TERMS_ACCEPTANCE_REQUIRED'; terms: { version: string; url: string } }
  | ({ status: 'MFA_REQUIRED' } & SecondFactorGate);

type Outcome =
  | { status: 'SUCCESS'; customer: ClientRow; session: SessionRow }
  | ({ status: 'MFA_REQUIRED' } & SecondFactorGate)
  | { status: 'REGISTRATION_REQUIRED' }
  | { status: 'APPROVAL_REQUIRED' }
  | { status: 'TERMS_ACCEPTANCE_REQUIRED'; terms: { version: string; url: string } };

/**
 * Signs a customer in through a provider identity (its token already verified): the linked
 * account; else the account with the same email, linked now, but only when the provider verified
 * that email (an unverified one never takes an account over) — an account never confirmed is first
 * taken back for the email's owner (claim-account.ts); else, when `mayRegister`, a new customer made
 * from the provider's profile plus the request's agreements and attributes (waiting for the site's
 * approval in the `approval` mode; the site's terms recorded only when `acceptedTermsVersion` names
 * the current ones). Then, as a password sign-in: an account waiting for approval answers
 * `APPROVAL_REQUIRED`, one that has not accepted the current terms (`SNR_TERMS_VERSION`)
 * `TERMS_ACCEPTANCE_REQUIRED` unless `acceptedTermsVersion` accepts them now — in both cases the
 * identity is linked, so the next attempt finds the account. An account with an authenticator gets
 * no session yet: `MFA_REQUIRED` and a challenge its second factor completes, as after a password
 * (the provider proves one factor). Only a sign-in that opens a session or reaches the second
 * factor uses up an ID token's nonce: the same token is refused after that. The visitor's anonymous
 * profile is merged as at any sign-in (only for a visitor holding its token).
 */
export async function signInWithProvider(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'config'>,
  input: {
    identity: ProviderIdentity;
    visitor: Visitor;
    agreements?: Partial<Agreements>;
    attributes?: Record<string, unknown>;
    acceptedTermsVersion?: string | undefined;
    apiKey: string;
    mayRegister: boolean;
    now: number;
    /** The request's User-Agent, kept with the session for the customer's list of devices. */
    userAgent?: string | undefined;
  },
): Promise<ProviderSignIn> {
  const { identity, now } = input;
  const terms = deps.config.terms;
  const accepts = terms !== undefined && input.acceptedTermsVersion === terms.version;
  const run = () =>
    deps.db.transaction().execute(async (trx): Promise<Outcome> => {
      const linkedId = await findLinkedClientId(trx, identity.provider, identity.subject);
      let customer: ClientRow | undefined = linkedId === undefined ? undefined : await findClientById(trx, linkedId);
      if (customer && !isCustomer(customer)) customer = undefined;

      if (!customer && identity.email) {
        const existing = await findClientByEmail(trx, identity.email);
        if (existing && isCustomer(existing)) {
          if (!identity.emailVerified) {
            throw conflict('EMAIL_TAKEN', 'An account with this email exists: sign in with your password first', [
              { field: 'email', code: 'taken', message: 'An account with this email exists' },
            ]);
          }
          // The provider proved the address: the owner gets the account, and a pending one is thereby activated.
          const claimed = await claimAccountForEmailOwner(deps, trx, existing, { proof: 'verified-provider', now });
          customer =
            claimed !== existing
              ? claimed
              : await updateClient(trx, existing.id, { status: statusOnceEmailProved(existing), email_confirmed: 1, updated_at: now });
        }
      }

      if (!customer) {
        if (!input.mayRegister) return { status: 'REGISTRATION_REQUIRED' };
        const fields = {
          ...profileChanges({ ...acceptedProfile(identity.profile), agreements: input.agreements, attributes: input.attributes }),
          email: identity.email ?? null,
          password_hash: null,
          // A provider proves who someone is, not that the site wants them: approval waits here too.
          status: deps.config.registrationMode === 'approval' ? ('pending_approval' as const) : ('active' as const),
          email_confirmed: identity.emailVerified ? 1 : 0,
          // As a registration: the terms are on record only when the newcomer accepted the current ones.
          ...(accepts && terms ? { terms_version: terms.version, terms_accepted_at: now } : {}),
          updated_at: now,
          last_activity_at: now,
        };
        customer = await becomeCustomer(trx, await uuidForNewCustomer(trx, input.visitor), fields, now);
      }

      if (linkedId !== customer.id) await linkIdentity(trx, identity.provider, identity.subject, customer.id, now);
      // Proving an address through a provider does not stand in for the site's approval.
      if (customer.status === 'pending_approval') return { status: 'APPROVAL_REQUIRED' };
      const acceptsNow = accepts && terms !== undefined && customer.terms_version !== terms.version;
      if (terms && customer.terms_version !== terms.version && !acceptsNow) return { status: 'TERMS_ACCEPTANCE_REQUIRED', terms };
      if (identity.idToken && !(await spendSignInNonce(trx, identity.idToken.nonce, identity.idToken.expiresAt, now))) {
        throw rejected('This ID token (its nonce) was used for a sign-in already: ask the provider for a new one');
      }
      if (acceptsNow) await recordTermsAcceptance(trx, customer.id, terms.version, now);
      const opening = { apiKey: input.apiKey, visitor: input.visitor, origin: identity.provider, now, userAgent: input.userAgent } as const;
      // A provider proves one factor, as a password does: an account with an authenticator completes the sign-in with it.
      const gate = await secondFactorChallenge(deps, trx, customer, opening);
      if (gate) return { status: 'MFA_REQUIRED', ...gate };
      return { status: 'SUCCESS', customer, session: await openCustomerSession(deps, trx, customer, opening) };
    });

  let result: Outcome;
  try {
    result = await run();
  } catch (err) {
    // Two first sign-ins of one new identity at once: the loser finds the winner's link.
    if (!isUniqueViolation(err)) throw err;
    result = await run();
  }
  if (result.status !== 'SUCCESS') return result;
  return { status: 'SUCCESS', token: await deps.sessions.issue(result.session, result.customer, now) };
}
