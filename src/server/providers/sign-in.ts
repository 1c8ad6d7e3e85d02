import { type LoginRequest, profileFields, type TokenOrigin, type TokenResponse } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { ApiError, conflict, isUniqueViolation } from '../errors.js';
import { becomeCustomer, type ClientRow, findClientById, findClientByEmail, findClientByUuid, isCustomer, mergeAnonymousInto, profileChanges } from '../store/clients.js';
import { verifyFacebookToken } from './facebook.js';
import type { ProviderIdentity } from './identity.js';
import { verifyOAuthToken } from './oauth.js';

export function providerDisabled(provider: string): ApiError {
  return new ApiError(400, 'PROVIDER_DISABLED', `Sign-in with ${provider} is not enabled on this server`);
}

/** Asks the provider whether the token is good and whose it is. */
export async function verifyProviderToken(ctx: ServerContext, provider: 'OAUTH' | 'FACEBOOK', token: string): Promise<ProviderIdentity> {
  if (provider === 'OAUTH') {
    if (!ctx.config.oauth) throw providerDisabled('OAuth');
    return verifyOAuthToken(ctx.config.oauth, token);
  }
  if (!ctx.config.facebook) throw providerDisabled('Facebook');
  return verifyFacebookToken(ctx.config.facebook, token);
}

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
 * Signs a customer in through a provider identity: the linked account; else the account with the
 * same email, linked now, but only when the provider verified that email (an unverified one never
 * takes an account over); else, when allowed, a new customer made from the provider's profile plus
 * the context's agreements and attributes. The caller's anonymous profile is merged as at sign-in.
 */
export async function signInWithProvider(
  ctx: ServerContext,
  identity: ProviderIdentity,
  body: LoginRequest,
  apiKey: string,
  options: { mayRegister: boolean },
): Promise<ProviderSignIn> {
  const now = ctx.now();
  const run = () =>
    ctx.db.transaction().execute(async (trx) => {
      const linked = await trx.selectFrom('client_identities').select('client_id').where('provider', '=', identity.provider).where('subject', '=', identity.subject).executeTakeFirst();
      let customer: ClientRow | undefined = linked ? await findClientById(trx, linked.client_id) : undefined;
      if (customer && !isCustomer(customer)) customer = undefined;

      if (!customer && identity.email) {
        const existing = await findClientByEmail(trx, identity.email);
        if (existing && isCustomer(existing)) {
          if (!identity.emailVerified) {
            throw conflict('EMAIL_TAKEN', 'An account with this email exists: sign in with your password first', [{ field: 'email', code: 'taken', message: 'An account with this email exists' }]);
          }
          // The provider proved the address: link, and a pending account is thereby activated. An
          // account whose email was never confirmed may have been registered by someone else in
          // the owner's name (pre-hijacking): its password and sessions go, the owner keeps it.
          const unproven = existing.email_confirmed !== 1;
          await trx
            .updateTable('clients')
            .set({ status: 'active', email_confirmed: 1, updated_at: now, ...(unproven ? { password_hash: null } : {}) })
            .where('id', '=', existing.id)
            .execute();
          if (unproven) await ctx.sessions.revokeClientSessions(trx, existing.id, 'linked-unconfirmed-account', now);
          customer = { ...existing, status: 'active', email_confirmed: 1, password_hash: unproven ? null : existing.password_hash };
        }
      }

      if (!customer) {
        if (!options.mayRegister) return null;
        const fields = {
          ...profileChanges({ ...acceptedProfile(identity.profile), agreements: body.agreements, attributes: body.attributes }),
          email: identity.email ?? null,
          password_hash: null,
          status: 'active' as const,
          email_confirmed: identity.emailVerified ? 1 : 0,
          updated_at: now,
          last_activity_at: now,
        };
        customer = await becomeCustomer(trx, body.uuid, fields, now);
      }

      if (!linked || linked.client_id !== customer.id) {
        await trx.deleteFrom('client_identities').where('provider', '=', identity.provider).where('subject', '=', identity.subject).execute();
        await trx.insertInto('client_identities').values({ provider: identity.provider, subject: identity.subject, client_id: customer.id, created_at: now }).execute();
      }
      const anonymous = await findClientByUuid(trx, body.uuid);
      if (anonymous) await mergeAnonymousInto(trx, anonymous, customer.id);
      await trx.updateTable('clients').set({ last_activity_at: now }).where('id', '=', customer.id).execute();
      const session = await ctx.sessions.create(trx, { clientId: customer.id, apiKey, realm: 'client', origin: identity.provider as TokenOrigin, now });
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
  return { status: 'SUCCESS', token: await ctx.sessions.issue(result.session, result.customer, now) };
}
