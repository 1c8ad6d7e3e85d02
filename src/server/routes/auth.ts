import { Hono } from 'hono';
import { type ConditionalLoginResponse, type LoginRequest, ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { forbidden, unauthorized } from '../errors.js';
import { signInAnonymously } from '../identity/anonymous-session.js';
import { refreshSession } from '../identity/refresh.js';
import { signInWithPassword } from '../identity/sign-in-with-password.js';
import { type ProviderSignIn, signInWithProvider } from '../identity/sign-in-with-provider.js';
import { signOut } from '../identity/sign-out.js';
import { verifyProviderToken } from '../providers/verify.js';
import { mount } from '../route.js';

/** A provider sign-in: the provider vouches for the token first. Conditional sign-ins never register. */
async function viaProvider(
  ctx: ServerContext,
  body: Extract<LoginRequest, { identityProviderToken: string }>,
  apiKey: string,
  mayRegister: boolean,
): Promise<ProviderSignIn> {
  const identity = await verifyProviderToken(ctx.config, body.identityProvider, body.identityProviderToken);
  return signInWithProvider(ctx, {
    identity,
    visitorUuid: body.uuid,
    agreements: body.agreements,
    attributes: body.attributes,
    apiKey,
    mayRegister,
    now: ctx.now(),
  });
}

/** A password sign-in of the visitor whose anonymous UUID the body carries. */
function viaPassword(ctx: ServerContext, body: Exclude<LoginRequest, { identityProviderToken: string }>, apiKey: string, address: string) {
  return signInWithPassword(ctx, { email: body.email, password: body.password, visitorUuid: body.uuid, apiKey, address, now: ctx.now() });
}

export function authRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.anonymousLogin, ({ body, caller, address }) =>
    signInAnonymously(ctx, { uuid: body.uuid, apiKey: caller.apiKey, address: address(), now: ctx.now() }),
  );

  mount(app, ctx, ROUTES.login, async ({ body, caller, address }) => {
    // The union's members differ by their fields (a password login's `identityProvider` is optional,
    // so TypeScript cannot narrow on it in an else branch).
    if ('identityProviderToken' in body) {
      const result = await viaProvider(ctx, body, caller.apiKey, true);
      if (result.status !== 'SUCCESS') throw new Error('a provider sign-in that may register always succeeds');
      return result.token;
    }
    const result = await viaPassword(ctx, body, caller.apiKey, address());
    if (result.status === 'ACTIVATION_REQUIRED')
      throw forbidden('ACTIVATION_REQUIRED', 'The account is not activated yet: follow the link in the activation email');
    if (result.status === 'UNAUTHORIZED') throw unauthorized('INVALID_CREDENTIALS', 'Wrong email or password');
    return result.token;
  });

  mount(app, ctx, ROUTES.loginConditionally, async ({ body, caller, address }): Promise<ConditionalLoginResponse> => {
    if ('identityProviderToken' in body) {
      // Conditional: never registers; an unknown identity answers REGISTRATION_REQUIRED.
      const result = await viaProvider(ctx, body, caller.apiKey, false);
      return result.status === 'SUCCESS'
        ? { status: 'SUCCESS', conditions: [], token: result.token }
        : { status: 'REGISTRATION_REQUIRED', conditions: ['REGISTRATION'] };
    }
    const result = await viaPassword(ctx, body, caller.apiKey, address());
    if (result.status === 'SUCCESS') return { status: 'SUCCESS', conditions: [], token: result.token };
    return { status: result.status, conditions: result.status === 'ACTIVATION_REQUIRED' ? ['EMAIL_ACTIVATION'] : [] };
  });

  // The session is read afresh (not from the verification cache): a revocation is never outrun here.
  mount(app, ctx, ROUTES.refreshToken, ({ caller }) => refreshSession(ctx, { token: caller.token, now: ctx.now() }), { optionalBody: true, fresh: true });

  mount(app, ctx, ROUTES.signOut, ({ body, caller }) => signOut(ctx, { token: caller.token, fromAllDevices: body.fromAllDevices === true, now: ctx.now() }), {
    optionalBody: true,
  });

  return app;
}
