import { Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { answerSent } from '../http.js';
import { changePassword } from '../identity/change-password.js';
import { confirmEmailChange } from '../identity/confirm-email-change.js';
import { confirmTotpEnrollment } from '../identity/confirm-totp-enrollment.js';
import { deleteAccount } from '../identity/delete-account.js';
import { disableTotp } from '../identity/disable-totp.js';
import { enrollTotp } from '../identity/enroll-totp.js';
import { listSessions } from '../identity/list-sessions.js';
import { issueReauthenticationNonce, proofsOf } from '../identity/prove-customer.js';
import { regenerateRecoveryCodes } from '../identity/regenerate-recovery-codes.js';
import { requestEmailChange } from '../identity/request-email-change.js';
import { proofOf } from '../identity/second-factor.js';
import { secondFactorStatus } from '../identity/second-factor-status.js';
import { signOutOtherSessions } from '../identity/sign-out-other-sessions.js';
import { signOutSession } from '../identity/sign-out-session.js';
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

  // The second factor: enrolment, its recovery codes, turning it off (each change proven by a current code).
  mount(app, ctx, ROUTES.getSecondFactor, ({ caller }) => secondFactorStatus(ctx, { token: caller.token }));
  mount(app, ctx, ROUTES.enrollTotp, ({ caller }) => enrollTotp(ctx, { token: caller.token, now: ctx.now() }), { optionalBody: true });
  mount(app, ctx, ROUTES.confirmTotpEnrollment, ({ body, caller }) => confirmTotpEnrollment(ctx, { token: caller.token, code: body.code, now: ctx.now() }));
  mount(app, ctx, ROUTES.disableTotp, ({ body, caller }) => disableTotp(ctx, { token: caller.token, proof: proofOf(body), now: ctx.now() }));
  mount(app, ctx, ROUTES.regenerateRecoveryCodes, ({ body, caller }) => regenerateRecoveryCodes(ctx, { token: caller.token, code: body.code, now: ctx.now() }));

  // The customer's signed-in devices (the session rows): the list, sign out one, sign out all others.
  mount(app, ctx, ROUTES.getSessions, async ({ caller }) => ({ sessions: await listSessions(ctx, { token: caller.token, now: ctx.now() }) }));
  mount(app, ctx, ROUTES.signOutSession, ({ c, caller }) =>
    signOutSession(ctx, { token: caller.token, sessionId: c.req.param('sessionId') ?? '', now: ctx.now() }),
  );
  mount(app, ctx, ROUTES.signOutOtherSessions, async ({ caller }) => ({
    status: 'OK' as const,
    signedOut: await signOutOtherSessions(ctx, { token: caller.token, now: ctx.now() }),
  }));

  return app;
}
