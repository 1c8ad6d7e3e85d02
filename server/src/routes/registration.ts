import { Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { answerSent } from '../http.js';
import { confirmActivation, requestActivationLink } from '../identity/activation.js';
import { confirmActivationPin, requestActivationPin } from '../identity/activation-pin.js';
import { register } from '../identity/register.js';
import { requestPasswordReset, resetPassword } from '../identity/reset-password.js';
import { mount } from '../route.js';

export function registrationRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  // The same route under its Synerise path and its v4 path.
  for (const route of [ROUTES.registerAccount, ROUTES.registerAccountV4]) {
    mount(app, ctx, route, ({ body, caller, address }) => {
      const { apiKey: _, ...fields } = body;
      // A browser token's visitor (who holds it, verified), else the UUID in the body (unproven).
      const visitor = 'token' in caller ? { uuid: caller.token.claims.uuid, holdsToken: true } : { uuid: body.uuid, holdsToken: false };
      return register(ctx, { body: fields, visitor, address: address(), now: ctx.now });
    });
  }

  // The same 202 whether or not the email exists, so the answer tells nobody who has an account.
  mount(app, ctx, ROUTES.requestAccountActivation, async ({ c, body, address }) => {
    await requestActivationLink(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) });
    return { status: 'ACCEPTED' } as const;
  });

  mount(app, ctx, ROUTES.confirmAccountActivation, async ({ body }) => {
    await confirmActivation(ctx, { token: body.token, now: ctx.now() });
    return { status: 'OK' } as const;
  });

  // As for links: the same 202 whether or not the email waits for a code.
  mount(app, ctx, ROUTES.requestAccountActivationByPin, async ({ c, body, address }) => {
    await requestActivationPin(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) });
    return { status: 'ACCEPTED' } as const;
  });

  mount(app, ctx, ROUTES.confirmAccountActivationByPin, async ({ body }) => {
    await confirmActivationPin(ctx, { email: body.email, pin: body.pinCode, now: ctx.now() });
    return { status: 'OK' } as const;
  });

  mount(app, ctx, ROUTES.requestPasswordReset, async ({ c, body, address }) => {
    await requestPasswordReset(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) });
    return { status: 'ACCEPTED' } as const;
  });

  mount(app, ctx, ROUTES.confirmPasswordReset, async ({ body }) => {
    await resetPassword(ctx, { token: body.token, password: body.password, now: ctx.now });
    return { status: 'OK' } as const;
  });

  return app;
}
