import { type Context, Hono } from 'hono';
import { type ConditionalLoginResponse, type LoginRequest, ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { forbidden, unauthorized } from '../errors.js';
import { bearerToken } from '../http.js';
import { signInAnonymously } from '../identity/anonymous-session.js';
import type { Visitor } from '../identity/merge-anonymous.js';
import { refreshSession } from '../identity/refresh.js';
import { type PasswordSignIn, signInWithPassword } from '../identity/sign-in-with-password.js';
import { type ProviderSignIn, signInWithProvider } from '../identity/sign-in-with-provider.js';
import { signOut } from '../identity/sign-out.js';
import { verifyProviderToken } from '../providers/verify.js';
import { mount } from '../route.js';

/** A provider sign-in: the provider vouches for the token first. Conditional sign-ins never register. */
async function viaProvider(
  ctx: ServerContext,
  body: Extract<LoginRequest, { identityProviderToken: string }>,
  apiKey: string,
  visitor: Visitor,
  mayRegister: boolean,
): Promise<ProviderSignIn> {
  const identity = await verifyProviderToken(ctx.config, body.identityProvider, body.identityProviderToken, { nonce: body.nonce, now: ctx.now() });
  return signInWithProvider(ctx, {
    identity,
    visitor,
    agreements: body.agreements,
    attributes: body.attributes,
    acceptedTermsVersion: body.acceptedTermsVersion,
    apiKey,
    mayRegister,
    now: ctx.now(),
  });
}

/** A password sign-in of the visitor whose anonymous UUID the body carries. */
function viaPassword(ctx: ServerContext, body: Exclude<LoginRequest, { identityProviderToken: string }>, apiKey: string, visitor: Visitor, address: string) {
  return signInWithPassword(ctx, {
    email: body.email,
    password: body.password,
    visitor,
    apiKey,
    address,
    now: ctx.now(),
    acceptedTermsVersion: body.acceptedTermsVersion,
  });
}

/**
 * The visitor of a sign-in: the body's UUID, held when the request carries (as its bearer) a token
 * this server issued for that UUID's anonymous session and this API key. Without one, the sign-in
 * still succeeds; it just merges no anonymous history.
 */
async function visitorOf(ctx: ServerContext, c: Context, uuid: string, apiKey: string): Promise<Visitor> {
  return { uuid, holdsToken: (await ctx.sessions.anonymousUuidOf(bearerToken(c), apiKey)) === uuid };
}

/** A sign-in's outcome as Synerise's conditional answer: a token, or the conditions that stand before one. */
function conditionalAnswer(ctx: ServerContext, result: PasswordSignIn | ProviderSignIn): ConditionalLoginResponse {
  switch (result.status) {
    case 'SUCCESS':
      return { status: 'SUCCESS', conditions: [], token: result.token };
    case 'UNAUTHORIZED':
      return { status: 'UNAUTHORIZED', conditions: [] };
    case 'ACTIVATION_REQUIRED':
      return { status: 'ACTIVATION_REQUIRED', conditions: [{ type: ctx.config.registrationMode === 'pin' ? 'PIN_ACTIVATION' : 'EMAIL_ACTIVATION' }] };
    case 'REGISTRATION_REQUIRED':
      return { status: 'REGISTRATION_REQUIRED', conditions: [{ type: 'REGISTRATION' }] };
    case 'APPROVAL_REQUIRED':
      return { status: 'APPROVAL_REQUIRED', conditions: [{ type: 'APPROVAL' }] };
    case 'TERMS_ACCEPTANCE_REQUIRED':
      return {
        status: 'TERMS_ACCEPTANCE_REQUIRED',
        conditions: [{ type: 'TERMS_ACCEPTANCE', termsVersion: result.terms.version, termsUrl: result.terms.url }],
      };
  }
}

export function authRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  mount(app, ctx, ROUTES.anonymousLogin, ({ c, body, caller, address }) =>
    signInAnonymously(ctx, { uuid: body.uuid, heldToken: bearerToken(c), apiKey: caller.apiKey, address: address(), now: ctx.now() }),
  );

  mount(app, ctx, ROUTES.login, async ({ c, body, caller, address }) => {
    const visitor = await visitorOf(ctx, c, body.uuid, caller.apiKey);
    // The union's members differ by their fields (a password login's `identityProvider` is optional,
    // so TypeScript cannot narrow on it in an else branch).
    const result =
      'identityProviderToken' in body
        ? await viaProvider(ctx, body, caller.apiKey, visitor, true)
        : await viaPassword(ctx, body, caller.apiKey, visitor, address());
    if (result.status === 'REGISTRATION_REQUIRED') throw new Error('a provider sign-in that may register never answers REGISTRATION_REQUIRED');
    if (result.status === 'ACTIVATION_REQUIRED')
      throw forbidden('ACTIVATION_REQUIRED', 'The account is not activated yet: follow the link in the activation email');
    if (result.status === 'UNAUTHORIZED') throw unauthorized('INVALID_CREDENTIALS', 'Wrong email or password');
    if (result.status === 'APPROVAL_REQUIRED') throw forbidden('APPROVAL_REQUIRED', 'The account waits for the approval of the site');
    if (result.status === 'TERMS_ACCEPTANCE_REQUIRED')
      throw forbidden('TERMS_ACCEPTANCE_REQUIRED', `The terms (version ${result.terms.version}) must be accepted first: sign in conditionally`);
    return result.token;
  });

  mount(app, ctx, ROUTES.loginConditionally, async ({ c, body, caller, address }): Promise<ConditionalLoginResponse> => {
    const visitor = await visitorOf(ctx, c, body.uuid, caller.apiKey);
    // Conditional: a provider identity never registers here; an unknown one answers REGISTRATION_REQUIRED.
    const result =
      'identityProviderToken' in body
        ? await viaProvider(ctx, body, caller.apiKey, visitor, false)
        : await viaPassword(ctx, body, caller.apiKey, visitor, address());
    return conditionalAnswer(ctx, result);
  });

  // The session is read afresh (not from the verification cache): a revocation is never outrun here.
  mount(app, ctx, ROUTES.refreshToken, ({ caller }) => refreshSession(ctx, { token: caller.token, now: ctx.now() }), { optionalBody: true, fresh: true });

  mount(app, ctx, ROUTES.signOut, ({ body, caller }) => signOut(ctx, { token: caller.token, fromAllDevices: body.fromAllDevices === true, now: ctx.now() }), {
    optionalBody: true,
  });

  return app;
}
