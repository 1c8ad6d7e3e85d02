import { Hono } from 'hono';
import { ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { changePassword } from '../identity/change-password.js';
import { signedInCustomer } from '../identity/signed-in-customer.js';
import { updateAccount } from '../identity/update-account.js';
import { updateBasicInformation } from '../identity/update-basic-information.js';
import { mount } from '../route.js';
import { toAccountInformation } from '../store/clients.js';

export function accountRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.getAccount, async ({ caller }) => toAccountInformation(await signedInCustomer(ctx, caller.token)));

  mount(app, ctx, ROUTES.updateAccount, ({ body, caller }) => {
    const { apiKey: _, ...changes } = body;
    return updateAccount(ctx, { token: caller.token, changes, now: ctx.now() });
  });

  // Either realm: an anonymous visitor's profile may carry names, agreements and attributes too.
  mount(app, ctx, ROUTES.updateAccountBasicInformation, async ({ body, caller }) => {
    const { apiKey: _, ...changes } = body;
    await updateBasicInformation(ctx, { token: caller.token, changes, now: ctx.now() });
    return { status: 'OK' } as const;
  });

  mount(app, ctx, ROUTES.changePassword, async ({ body, caller, address }) => {
    await changePassword(ctx, { token: caller.token, oldPassword: body.oldPassword, password: body.password, address: address(), now: ctx.now });
    return { status: 'OK' } as const;
  });

  return app;
}
