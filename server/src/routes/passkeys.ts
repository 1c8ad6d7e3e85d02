import { type Context, Hono } from 'hono';
import { ROUTES } from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { bearerToken } from '../http.js';
import { listPasskeys } from '../identity/list-passkeys.js';
import type { Visitor } from '../identity/merge-anonymous.js';
import { passkeyRegistrationOptions, registerPasskey } from '../identity/register-passkey.js';
import { passkeyAccountRegistrationOptions, registerWithPasskey } from '../identity/register-with-passkey.js';
import { passkeyReauthenticationOptions, removePasskey } from '../identity/remove-passkey.js';
import { renamePasskey } from '../identity/rename-passkey.js';
import { passkeySignInOptions, signInWithPasskey } from '../identity/sign-in-with-passkey.js';
import { mount } from '../route.js';

/** As at a password sign-in: the body's UUID is held when the bearer is that UUID's anonymous token. */
async function visitorOf(ctx: ServerContext, c: Context, uuid: string, apiKey: string): Promise<Visitor> {
  return { uuid, holdsToken: (await ctx.sessions.anonymousUuidOf(bearerToken(c), apiKey)) === uuid };
}

/** Passkeys (WebAuthn): the customer's own (add, list, rename, remove), sign-in with one, and registration with one. */
export function passkeyRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.passkeyRegistrationOptions, ({ caller }) =>
    passkeyRegistrationOptions(ctx, { token: caller.token, apiKey: caller.apiKey, now: ctx.now() }),
  );
  mount(app, ctx, ROUTES.registerPasskey, ({ body, caller }) =>
    registerPasskey(ctx, { token: caller.token, apiKey: caller.apiKey, credential: body.credential, name: body.name, now: ctx.now() }),
  );
  mount(app, ctx, ROUTES.getPasskeys, ({ caller }) => listPasskeys(ctx, { token: caller.token }));
  mount(app, ctx, ROUTES.renamePasskey, ({ c, body, caller }) =>
    renamePasskey(ctx, { token: caller.token, id: c.req.param('passkeyId') ?? '', name: body.name }),
  );
  mount(app, ctx, ROUTES.passkeyReauthenticationOptions, ({ caller }) =>
    passkeyReauthenticationOptions(ctx, { token: caller.token, apiKey: caller.apiKey, now: ctx.now() }),
  );
  mount(app, ctx, ROUTES.removePasskey, async ({ c, body, caller, address }) => {
    const proof = body.assertion ? { assertion: body.assertion } : { password: body.password ?? '' };
    await removePasskey(ctx, { token: caller.token, apiKey: caller.apiKey, id: c.req.param('passkeyId') ?? '', proof, address: address(), now: ctx.now() });
  });

  mount(app, ctx, ROUTES.passkeySignInOptions, ({ body, caller }) => passkeySignInOptions(ctx, { apiKey: caller.apiKey, email: body.email, now: ctx.now() }));
  mount(app, ctx, ROUTES.signInWithPasskey, async ({ c, body, caller }) =>
    signInWithPasskey(ctx, {
      apiKey: caller.apiKey,
      assertion: body.credential,
      visitor: await visitorOf(ctx, c, body.uuid, caller.apiKey),
      acceptedTermsVersion: body.acceptedTermsVersion,
      now: ctx.now(),
      userAgent: c.req.header('user-agent'),
    }),
  );

  mount(app, ctx, ROUTES.passkeyAccountRegistrationOptions, ({ body, caller, address }) => {
    const { apiKey: _, uuid: __, ...fields } = body;
    return passkeyAccountRegistrationOptions(ctx, { fields, apiKey: caller.apiKey, address: address(), now: ctx.now() });
  });
  mount(app, ctx, ROUTES.registerAccountWithPasskey, ({ c, body, caller }) => {
    // As the password registration: a browser token's visitor (who holds it), else the body's UUID (unproven).
    const visitor = 'token' in caller ? { uuid: caller.token.claims.uuid, holdsToken: true } : { uuid: body.uuid, holdsToken: false };
    return registerWithPasskey(ctx, {
      credential: body.credential,
      name: body.name,
      apiKey: caller.apiKey,
      visitor,
      now: ctx.now(),
      userAgent: c.req.header('user-agent'),
    });
  });

  return app;
}
