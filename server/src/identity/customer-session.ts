import type { Transaction } from 'kysely';
import type { TokenOrigin } from 'snr-auth/contract';
import type { SessionRow } from '../sessions.js';
import { type ClientRow, touchClient } from '../store/clients.js';
import type { Database } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';
import { mergeAnonymousProfile, type Visitor } from './merge-anonymous.js';

/** What every sign-in does once it knows the customer: merge the visitor's anonymous profile (when they hold its token), note the activity, open a session. */
export async function openCustomerSession(
  deps: Pick<IdentityDeps, 'sessions'>,
  trx: Transaction<Database>,
  customer: Pick<ClientRow, 'id'>,
  input: { apiKey: string; visitor: Visitor; origin: TokenOrigin; now: number; userAgent?: string | undefined },
): Promise<SessionRow> {
  await mergeAnonymousProfile(trx, input.visitor, customer.id);
  await touchClient(trx, customer.id, input.now);
  return deps.sessions.create(trx, {
    clientId: customer.id,
    apiKey: input.apiKey,
    realm: 'client',
    origin: input.origin,
    now: input.now,
    userAgent: input.userAgent,
  });
}
