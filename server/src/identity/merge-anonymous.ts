import type { Transaction } from 'kysely';
import { findClientByUuid, mergeAnonymousInto } from '../store/clients.js';
import type { Database } from '../store/schema.js';

/**
 * The visitor a sign-in or registration comes from: the UUID they sent, and whether they proved it
 * is theirs by holding a token of its anonymous session (a UUID alone is no credential: it travels
 * in every event, and anyone may type one). The site's backend vouches for the UUIDs it recognizes.
 */
export interface Visitor {
  uuid: string | undefined;
  holdsToken: boolean;
}

/**
 * Folds the visitor's anonymous profile (found by the UUID they sent) into a customer: its events,
 * UUIDs and sessions follow; only for a visitor holding that profile's token. A UUID that is the
 * customer's own, or another customer's, moves nothing.
 */
export async function mergeAnonymousProfile(trx: Transaction<Database>, visitor: Visitor, customerId: number): Promise<void> {
  if (!visitor.uuid || !visitor.holdsToken) return;
  const anonymous = await findClientByUuid(trx, visitor.uuid);
  if (anonymous) await mergeAnonymousInto(trx, anonymous, customerId);
}

/**
 * The UUID a new customer is made from (`becomeCustomer`): the visitor's, when they hold its token
 * (their anonymous profile becomes the customer) or nobody has it yet; otherwise none (a fresh UUID),
 * so naming another visitor's UUID takes over nothing.
 */
export async function uuidForNewCustomer(trx: Transaction<Database>, visitor: Visitor): Promise<string | undefined> {
  if (!visitor.uuid || visitor.holdsToken) return visitor.uuid;
  return (await findClientByUuid(trx, visitor.uuid)) ? undefined : visitor.uuid;
}
