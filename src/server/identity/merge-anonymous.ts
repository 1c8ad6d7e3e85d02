import type { Transaction } from 'kysely';
import { findClientByUuid, mergeAnonymousInto } from '../store/clients.js';
import type { Database } from '../store/schema.js';

/**
 * Folds the visitor's anonymous profile (found by the UUID they sent) into a customer: its events,
 * UUIDs and sessions follow. A UUID that is the customer's own, or another customer's, moves nothing.
 */
export async function mergeAnonymousProfile(trx: Transaction<Database>, visitorUuid: string, customerId: number): Promise<void> {
  const anonymous = await findClientByUuid(trx, visitorUuid);
  if (anonymous) await mergeAnonymousInto(trx, anonymous, customerId);
}
