import { Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { ApiError } from '../errors.js';
import { approveClient } from '../identity/approve-client.js';
import { deleteClient } from '../identity/delete-client.js';
import { recognize } from '../identity/recognize.js';
import { mount } from '../route.js';

/**
 * Server-to-server routes of the site's backend, guarded by `SNR_BACKEND_KEY` (the `backend` auth
 * kind, server/src/route.ts). Browser tokens and Profile API keys are refused: these routes can name
 * any customer.
 */
function clientIdParam(param: string | undefined): number {
  // Canonical decimal only: `1.0`, `01`, `1e0`, ` 1` or `0x1` is not customer 1 (Number() would say it is).
  const raw = param ?? '';
  const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new ApiError(400, 'VALIDATION_FAILED', 'clientId must be a positive integer', [
      { field: 'clientId', code: 'invalid_type', message: 'Must be a positive integer' },
    ]);
  return id;
}

export function backendRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.recognizeClient, ({ body }) => recognize(ctx, { body, now: ctx.now() }));

  mount(
    app,
    ctx,
    ROUTES.approveClient,
    async ({ c }) => {
      await approveClient(ctx, { clientId: clientIdParam(c.req.param('clientId')), now: ctx.now() });
      return { status: 'OK' } as const;
    },
    { optionalBody: true },
  );

  mount(app, ctx, ROUTES.deleteClientByEmail, ({ c }) => deleteClient(ctx, { target: { email: (c.req.param('email') ?? '').trim() }, now: ctx.now }));
  mount(app, ctx, ROUTES.deleteClientByCustomId, ({ c }) => deleteClient(ctx, { target: { customId: c.req.param('customId') ?? '' }, now: ctx.now }));
  mount(app, ctx, ROUTES.deleteClient, ({ c }) => deleteClient(ctx, { target: { clientId: clientIdParam(c.req.param('clientId')) }, now: ctx.now }));

  return app;
}
