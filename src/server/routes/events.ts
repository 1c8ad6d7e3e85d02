import { Hono } from 'hono';
import { ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { identify, readBody } from '../http.js';

/**
 * Event ingestion: a batch is validated whole (a bad event fails the batch with its index in
 * `errors[].field`, nothing stored, so the tracker can drop just that event and resend the rest);
 * each `eventSalt` is stored once, whatever number of times it arrives. Events belong to the
 * profile behind the token's session.
 */
export function eventRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  app.post(ROUTES.trackEvents.path, async (c) => {
    const { token } = await identify(ctx, c, 'token');
    const events = await readBody(c, ROUTES.trackEvents.request);
    const now = ctx.now();
    const sid = token!.session.id;
    const rows = (clientId: number) => events.map((e) => ({
      event_salt: e.eventSalt,
      client_id: clientId,
      uuid: e.client.uuid,
      action: e.action,
      label: e.label ?? null,
      event_time: Date.parse(e.time),
      params: JSON.stringify(e.params ?? {}),
      received_at: now,
    }));
    const result = await ctx.db.transaction().execute(async (trx) => {
      // The session's profile read afresh, not from the verification cache: a sign-in may have just
      // merged this anonymous session into a customer.
      const { client_id: clientId } = await trx.selectFrom('sessions').select('client_id').where('id', '=', sid).executeTakeFirstOrThrow();
      const inserted = await trx.insertInto('events').values(rows(clientId)).onConflict((oc) => oc.column('event_salt').doNothing()).executeTakeFirst();
      if (token!.claims.rlm === 'client') await trx.updateTable('clients').set({ last_activity_at: now }).where('id', '=', clientId).execute();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0);
    });
    return c.json({ status: 'ACCEPTED', received: events.length, duplicates: events.length - result } as const, 202);
  });

  return app;
}
