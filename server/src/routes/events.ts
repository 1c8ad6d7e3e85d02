import { Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { recordEvents } from '../identity/record-events.js';
import { mount } from '../route.js';

/**
 * Event ingestion: a batch is validated whole (a bad event fails the batch with its index in
 * `errors[].field`, nothing stored, so the tracker can drop just that event and resend the rest);
 * each `eventSalt` is stored once, whatever number of times it arrives. Events belong to the
 * profile behind the token's session.
 */
export function eventRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  mount(app, ctx, ROUTES.trackEvents, ({ body, caller }) => recordEvents(ctx, { token: caller.token, events: body, now: ctx.now() }));
  return app;
}
