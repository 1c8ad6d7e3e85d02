import type { RecognizeRequest, RecognizeResponse } from 'snr-auth/contract';
import { conflict, isUniqueViolation } from '../errors.js';
import { becomeCustomer, type ClientRow, findClientByCustomId, findClientByEmail, isCustomer, profileChanges, updateClient } from '../store/clients.js';
import { claimAccountForEmailOwner } from './claim-account.js';
import type { IdentityDeps } from './deps.js';
import { mergeAnonymousProfile } from './merge-anonymous.js';

/**
 * The site's backend links a visitor's UUID to a customer it knows, by email or by a customId it
 * set, with extra data; a customer it names and nobody has yet is made. The backend vouches for the
 * email, so an account registered under it and never confirmed is taken back for the owner
 * (claim-account.ts). Its word beats a customer's: whoever typed the customId loses it.
 */
export async function recognize(deps: Pick<IdentityDeps, 'db' | 'sessions'>, input: { body: RecognizeRequest; now: number }): Promise<RecognizeResponse> {
  const { body, now } = input;
  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      // A customId matches only when this backend set it: anyone can type one into their account.
      const holder = body.customId ? await findClientByCustomId(trx, body.customId) : undefined;
      const byCustomId = holder?.custom_id_verified === 1 ? holder : undefined;
      const byEmail = body.email ? await findClientByEmail(trx, body.email) : undefined;
      if (byEmail && byCustomId && byEmail.id !== byCustomId.id) {
        throw conflict('CUSTOM_ID_TAKEN', 'The email and the customId belong to two different customers', [
          { field: 'customId', code: 'taken', message: 'belongs to another customer' },
        ]);
      }
      // The unique index would refuse the customer the backend means otherwise.
      if (holder && !byCustomId) await updateClient(trx, holder.id, { custom_id: null, custom_id_verified: 0, updated_at: now });
      let customer: ClientRow | undefined = byEmail ?? byCustomId;
      if (customer && !isCustomer(customer)) customer = undefined;
      if (customer && customer === byEmail) customer = await claimAccountForEmailOwner(deps, trx, customer, { proof: 'backend-recognition', now });
      const changes = { ...profileChanges(body, customer), ...(body.customId ? { custom_id_verified: 1 } : {}), updated_at: now, last_activity_at: now };
      let created = false;
      if (customer) {
        customer = await updateClient(trx, customer.id, { ...changes, ...(body.email && !customer.email ? { email: body.email } : {}) });
      } else {
        created = true;
        customer = await becomeCustomer(trx, body.uuid, { ...changes, email: body.email ?? null, status: 'active', email_confirmed: 0 }, now);
      }
      await mergeAnonymousProfile(trx, { uuid: body.uuid, holdsToken: true }, customer.id);
      return { clientId: customer.id, uuid: customer.uuid, created };
    });
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) return run();
    throw err;
  }
}
