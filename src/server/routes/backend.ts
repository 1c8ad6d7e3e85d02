import { createHash, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Transaction } from 'kysely';
import { honoPath, ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { ApiError, conflict, forbidden, isUniqueViolation, notFound } from '../errors.js';
import { bearerToken, readBody } from '../http.js';
import { becomeCustomer, type ClientRow, findClientByCustomId, findClientByEmail, findClientById, findClientByUuid, isCustomer, mergeAnonymousInto, profileChanges } from '../store/clients.js';
import type { Database } from '../store/schema.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Server-to-server routes of the site's backend, guarded by `SNR_BACKEND_KEY`. Browser tokens and
 * Profile API keys are refused: these routes can name any customer.
 */
export function backendRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  const expected = ctx.config.backendKey ? digest(ctx.config.backendKey) : undefined;

  const requireBackend = (c: Context) => {
    if (!expected) throw forbidden('BACKEND_NOT_CONFIGURED', 'Site-backend routes are off: set SNR_BACKEND_KEY on the server');
    const given = bearerToken(c);
    // Digests of equal length, compared in constant time.
    if (!given || !timingSafeEqual(digest(given), expected)) {
      throw forbidden('BACKEND_KEY_REQUIRED', 'This route needs the site backend key (Authorization: Bearer <SNR_BACKEND_KEY>); never call it from a browser');
    }
  };

  /**
   * An account found by email whose email was never confirmed may have been registered by someone
   * else in the owner's name (pre-hijacking). The backend vouches for the address, so, as at
   * provider sign-in, the owner gets the account: confirmed, and every way in that never proved the
   * address (password, provider links, sessions) goes. One nobody can get into (made by
   * recognition, or already taken back) is used as it is.
   */
  const claimForEmailOwner = async (trx: Transaction<Database>, client: ClientRow, now: number): Promise<ClientRow> => {
    if (client.email_confirmed === 1) return client;
    const linked = await trx.selectFrom('client_identities').select('client_id').where('client_id', '=', client.id).executeTakeFirst();
    if (client.password_hash === null && !linked) return client;
    await trx.deleteFrom('client_identities').where('client_id', '=', client.id).execute();
    await ctx.sessions.revokeClientSessions(trx, client.id, 'recognized-unconfirmed-account', now);
    return trx.updateTable('clients').set({ status: 'active', email_confirmed: 1, password_hash: null, updated_at: now }).where('id', '=', client.id).returningAll().executeTakeFirstOrThrow();
  };

  app.post(ROUTES.recognizeClient.path, async (c) => {
    requireBackend(c);
    const body = await readBody(c, ROUTES.recognizeClient.request);
    const now = ctx.now();
    const run = () =>
      ctx.db.transaction().execute(async (trx) => {
        // A customId matches only when this backend set it: anyone can type one into their account.
        const holder = body.customId ? await findClientByCustomId(trx, body.customId) : undefined;
        const byCustomId = holder?.custom_id_verified === 1 ? holder : undefined;
        const byEmail = body.email ? await findClientByEmail(trx, body.email) : undefined;
        if (byEmail && byCustomId && byEmail.id !== byCustomId.id) {
          throw conflict('CUSTOM_ID_TAKEN', 'The email and the customId belong to two different customers', [{ field: 'customId', code: 'taken', message: 'belongs to another customer' }]);
        }
        // The backend's word beats a customer's: whoever typed this customId loses it, so the
        // customer the backend means can have it (the unique index would refuse them otherwise).
        if (holder && !byCustomId) await trx.updateTable('clients').set({ custom_id: null, custom_id_verified: 0, updated_at: now }).where('id', '=', holder.id).execute();
        let customer: ClientRow | undefined = byEmail ?? byCustomId;
        if (customer && !isCustomer(customer)) customer = undefined;
        if (customer && customer === byEmail) customer = await claimForEmailOwner(trx, customer, now);
        const changes = { ...profileChanges(body, customer), ...(body.customId ? { custom_id_verified: 1 } : {}), updated_at: now, last_activity_at: now };
        let created = false;
        if (customer) {
          customer = await trx.updateTable('clients').set({ ...changes, ...(body.email && !customer.email ? { email: body.email } : {}) }).where('id', '=', customer.id).returningAll().executeTakeFirstOrThrow();
        } else {
          created = true;
          customer = await becomeCustomer(trx, body.uuid, { ...changes, email: body.email ?? null, status: 'active', email_confirmed: 0 }, now);
        }
        const anonymous = await findClientByUuid(trx, body.uuid);
        if (anonymous) await mergeAnonymousInto(trx, anonymous, customer.id);
        return { clientId: customer.id, uuid: customer.uuid, created };
      });
    try {
      return c.json(await run(), 200);
    } catch (err) {
      if (isUniqueViolation(err)) return c.json(await run(), 200);
      throw err;
    }
  });

  /** Erases a customer's personal data; the profile stays as an anonymous one with its events. */
  const erase = async (client: ClientRow | undefined) => {
    if (!client || !isCustomer(client)) throw notFound('NOT_FOUND', 'No such customer');
    const now = ctx.now();
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.sessions.revokeClientSessions(trx, client.id, 'deleted', now);
      await trx.deleteFrom('client_identities').where('client_id', '=', client.id).execute();
      await trx.deleteFrom('email_tokens').where('client_id', '=', client.id).execute();
      // Only the current UUID stays with the events: the links to other devices are personal data.
      await trx.deleteFrom('client_uuids').where('client_id', '=', client.id).where('uuid', '!=', client.uuid).execute();
      await trx
        .updateTable('clients')
        .set({
          email: null, password_hash: null, status: 'anonymous', email_confirmed: 0, first_name: null, last_name: null, display_name: null, phone: null,
          custom_id: null, custom_id_verified: 0, sex: null, birth_date: null, company: null, address: null, city: null, province: null, zip_code: null, country_code: null,
          avatar_url: null, agreements: '{}', attributes: '{}', tags: '[]', updated_at: now,
        })
        .where('id', '=', client.id)
        .execute();
    });
  };

  app.delete(honoPath(ROUTES.deleteClientByEmail.path), async (c) => {
    requireBackend(c);
    await erase(await findClientByEmail(ctx.db, (c.req.param('email') ?? '').trim()));
    return c.body(null, 204);
  });
  app.delete(honoPath(ROUTES.deleteClientByCustomId.path), async (c) => {
    requireBackend(c);
    // Only a customId this backend set names its customer; one a customer typed is nobody's: 404.
    const holder = await findClientByCustomId(ctx.db, c.req.param('customId') ?? '');
    await erase(holder?.custom_id_verified === 1 ? holder : undefined);
    return c.body(null, 204);
  });
  app.delete(honoPath(ROUTES.deleteClient.path), async (c) => {
    requireBackend(c);
    const id = Number(c.req.param('clientId'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'VALIDATION_FAILED', 'clientId must be a positive integer', [{ field: 'clientId', code: 'invalid_type', message: 'Must be a positive integer' }]);
    await erase(await findClientById(ctx.db, id));
    return c.body(null, 204);
  });

  return app;
}
