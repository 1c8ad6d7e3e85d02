import { type Agreements, profileFields, type TokenResponse } from '../../contract/index.js';
import { conflict, forbidden, isUniqueViolation } from '../errors.js';
import type { ProviderIdentity } from '../providers/identity.js';
import {
  becomeCustomer,
  type ClientRow,
  findClientByEmail,
  findClientById,
  isCustomer,
  profileChanges,
  statusOnceEmailProved,
  updateClient,
} from '../store/clients.js';
import { findLinkedClientId, linkIdentity } from '../store/identities.js';
import { claimAccountForEmailOwner } from './claim-account.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import { uuidForNewCustomer, type Visitor } from './merge-anonymous.js';

/** Provider data passes the same field rules as a customer's own input; what fails is dropped. */
function acceptedProfile(profile: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(profile)) {
    const schema = (profileFields as Record<string, { safeParse(v: unknown): { success: boolean } }>)[field];
    if (schema?.safeParse(value).success) out[field] = value;
  }
  return out;
}

export type ProviderSignIn = { status: 'SUCCESS'; token: TokenResponse } | { status: 'REGISTRATION_REQUIRED' };

/**
 * Signs a customer in through a provider identity (its token already verified): the linked
 * account; else the account with the same email, linked now, but only when the provider verified
 * that email (an unverified one never takes an account over) — an account never confirmed is first
 * taken back for the email's owner (claim-account.ts); else, when `mayRegister`, a new customer made
 * from the provider's profile plus the request's agreements and attributes. The visitor's anonymous
 * profile is merged as at any sign-in (only for a visitor holding its token).
 */
export async function signInWithProvider(
  deps: Pick<IdentityDeps, 'db' | 'sessions'>,
  input: {
    identity: ProviderIdentity;
    visitor: Visitor;
    agreements?: Partial<Agreements>;
    attributes?: Record<string, unknown>;
    apiKey: string;
    mayRegister: boolean;
    now: number;
    /** The request's User-Agent, kept with the session for the customer's list of devices. */
    userAgent?: string | undefined;
  },
): Promise<ProviderSignIn> {
  const { identity, now } = input;
  const run = () =>
    deps.db.transaction().execute(async (trx) => {
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
        if (!input.mayRegister) return null;
        const fields = {
          ...profileChanges({ ...acceptedProfile(identity.profile), agreements: input.agreements, attributes: input.attributes }),
          email: identity.email ?? null,
          password_hash: null,
          status: 'active' as const,
          email_confirmed: identity.emailVerified ? 1 : 0,
          updated_at: now,
          last_activity_at: now,
        };
        customer = await becomeCustomer(trx, await uuidForNewCustomer(trx, input.visitor), fields, now);
      }

      // Proving an address through a provider does not stand in for the site's approval.
      if (customer.status === 'pending_approval') throw forbidden('APPROVAL_REQUIRED', 'The account waits for the approval of the site');
      if (linkedId !== customer.id) await linkIdentity(trx, identity.provider, identity.subject, customer.id, now);
      const session = await openCustomerSession(deps, trx, customer, {
        apiKey: input.apiKey,
        visitor: input.visitor,
        origin: identity.provider,
        now,
        userAgent: input.userAgent,
      });
      return { customer, session };
    });

  let result;
  try {
    result = await run();
  } catch (err) {
    // Two first sign-ins of one new identity at once: the loser finds the winner's link.
    if (!isUniqueViolation(err)) throw err;
    result = await run();
  }
  if (!result) return { status: 'REGISTRATION_REQUIRED' };
  return { status: 'SUCCESS', token: await deps.sessions.issue(result.session, result.customer, now) };
}
