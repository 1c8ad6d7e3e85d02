import { Hono } from 'hono';
import { ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { answerSent } from '../http.js';
import { changePassword } from '../identity/change-password.js';
import { confirmEmailChange } from '../identity/confirm-email-change.js';
import { deleteAccount } from '../identity/delete-account.js';
import { issueReauthenticationNonce, proofsOf } from '../identity/prove-customer.js';
import { requestEmailChange } from '../identity/request-email-change.js';
import { signedInCustomer } from '../identity/signed-in-customer.js';
import { updateAccount } from '../identity/update-account.js';
import { updateBasicInformation } from '../identity/update-basic-information.js';
import { mount } from '../route.js';
import { toAccountInformation } from '../store/clients.js';

export function accountRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.getAccount, async ({ caller }) => {
    const row = await signedInCustomer(ctx, caller.token);
    return { ...toAccountInformation(row), identityProviders: await proofsOf(ctx, row) };
  });

  mount(app, ctx, ROUTES.updateAccount, async ({ body, caller }) => {
    const { apiKey: _, ...changes } = body;
    const account = await updateAccount(ctx, { token: caller.token, changes, now: ctx.now() });
    return { ...account, identityProviders: await proofsOf(ctx, await signedInCustomer(ctx, caller.token)) };
  });

  // A nonce for the Google or Apple ID token that proves the customer again (email change, deletion).
  mount(
    app,
    ctx,
    ROUTES.getReauthenticationNonce,
    async ({ caller }) => {
      await signedInCustomer(ctx, caller.token);
      return issueReauthenticationNonce(ctx, caller.token.session.id, ctx.now());
    },
    { optionalBody: true },
  );

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

  // The same 202 whether or not the new address is free: the answer tells nobody who has an account.
  mount(app, ctx, ROUTES.requestEmailChange, async ({ c, body, caller, address }) => {
    await requestEmailChange(ctx, {
      token: caller.token,
      email: body.email,
      ...(body.password === undefined ? {} : { password: body.password }),
      ...(body.externalToken === undefined ? {} : { externalToken: body.externalToken }),
      ...(body.identityProvider === undefined ? {} : { identityProvider: body.identityProvider }),
      address: address(),
      now: ctx.now(),
      answered: answerSent(c),
    });
    return { status: 'ACCEPTED' } as const;
  });

  // Opened from a mailed link, maybe in another browser: the API key is enough, a token is not needed.
  mount(app, ctx, ROUTES.confirmEmailChange, async ({ body, caller }) => {
    await confirmEmailChange(ctx, {
      token: body.token,
      ...(body.newsletterAgreement === undefined ? {} : { newsletterAgreement: body.newsletterAgreement }),
      ...('token' in caller ? { caller: caller.token } : {}),
      now: ctx.now,
    });
    return { status: 'OK' } as const;
  });

  mount(app, ctx, ROUTES.deleteAccount, async ({ body, caller, address }) => {
    await deleteAccount(ctx, {
      token: caller.token,
      clientAuthFactor: body.clientAuthFactor,
      identityProvider: body.identityProvider ?? 'SYNERISE',
      address: address(),
      now: ctx.now,
    });
  });

  return app;
}
