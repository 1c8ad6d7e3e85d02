import { type Context, Hono } from 'hono';
import {
  type AuthCondition,
  type ConditionalLoginResponse,
  type LoginRequest,
  ROUTES,
  type SignInWithCodeRequest,
  type TokenResponse,
} from 'snr-auth/contract';
import type { ServerContext } from '../context.js';
import { ApiError, forbidden, unauthorized } from '../errors.js';
import { answerSent, bearerToken } from '../http.js';
import { signInAnonymously } from '../identity/anonymous-session.js';
import { completeSecondFactorSignIn } from '../identity/complete-second-factor-sign-in.js';
import type { Visitor } from '../identity/merge-anonymous.js';
import { refreshSession } from '../identity/refresh.js';
import { requestSignInCode, requireSignInMethod } from '../identity/request-sign-in-code.js';
import { proofOf, type SecondFactorGate } from '../identity/second-factor.js';
import { type CodeSignIn, signInWithCode } from '../identity/sign-in-with-code.js';
import { type PasswordSignIn, signInWithPassword } from '../identity/sign-in-with-password.js';
import { type ProviderSignIn, signInWithProvider } from '../identity/sign-in-with-provider.js';
import { signOut } from '../identity/sign-out.js';
import { verifyProviderToken } from '../providers/verify.js';
import { mount } from '../route.js';

/** A provider sign-in: the provider vouches for the token first. Conditional sign-ins never register. */
async function viaProvider(
  ctx: ServerContext,
  c: Context,
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
    userAgent: c.req.header('user-agent'),
  });
}

/** A password sign-in of the visitor whose anonymous UUID the body carries. */
function viaPassword(
  ctx: ServerContext,
  c: Context,
  body: Exclude<LoginRequest, { identityProviderToken: string }>,
  apiKey: string,
  visitor: Visitor,
  address: string,
) {
  requireSignInMethod(ctx.config, 'password');
  return signInWithPassword(ctx, {
    email: body.email,
    password: body.password,
    visitor,
    apiKey,
    address,
    now: ctx.now(),
    acceptedTermsVersion: body.acceptedTermsVersion,
    userAgent: c.req.header('user-agent'),
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

/** The condition of a sign-in waiting for its second factor: the methods that complete it, and its challenge. */
const mfaCondition = (gate: SecondFactorGate): AuthCondition => ({ type: 'MFA', methods: gate.methods, challenge: gate.challenge });

/** A sign-in's outcome (password, emailed code or provider) as Synerise's conditional answer: a token, or the conditions that stand before one. */
function conditionalAnswer(ctx: ServerContext, result: PasswordSignIn | CodeSignIn | ProviderSignIn): ConditionalLoginResponse {
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
    case 'MFA_REQUIRED':
      return { status: 'MFA_REQUIRED', conditions: [mfaCondition(result)] };
  }
}

/**
 * A plain (not conditional) sign-in's answer: the token, or each condition that stands before one
 * as its coded 403 (the MFA challenge in the error body's `conditions`). The caller refuses
 * `UNAUTHORIZED` itself: each way in words it its own way.
 */
function tokenOrRefusal(result: Exclude<PasswordSignIn | CodeSignIn | ProviderSignIn, { status: 'UNAUTHORIZED' | 'REGISTRATION_REQUIRED' }>): TokenResponse {
  switch (result.status) {
    case 'SUCCESS':
      return result.token;
    case 'ACTIVATION_REQUIRED':
      throw forbidden('ACTIVATION_REQUIRED', 'The account is not activated yet: follow the link in the activation email');
    case 'APPROVAL_REQUIRED':
      throw forbidden('APPROVAL_REQUIRED', 'The account waits for the approval of the site');
    case 'TERMS_ACCEPTANCE_REQUIRED':
      throw forbidden('TERMS_ACCEPTANCE_REQUIRED', `The terms (version ${result.terms.version}) must be accepted first: sign in conditionally`);
    case 'MFA_REQUIRED':
      throw new ApiError(403, 'MFA_REQUIRED', 'The account has a second factor: complete the sign-in with its code and the challenge', undefined, undefined, [
        mfaCondition(result),
      ]);
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
        ? await viaProvider(ctx, c, body, caller.apiKey, visitor, true)
        : await viaPassword(ctx, c, body, caller.apiKey, visitor, address());
    if (result.status === 'REGISTRATION_REQUIRED') throw new Error('a provider sign-in that may register never answers REGISTRATION_REQUIRED');
    if (result.status === 'UNAUTHORIZED') throw unauthorized('INVALID_CREDENTIALS', 'Wrong email or password');
    return tokenOrRefusal(result);
  });

  mount(app, ctx, ROUTES.loginConditionally, async ({ c, body, caller, address }): Promise<ConditionalLoginResponse> => {
    const visitor = await visitorOf(ctx, c, body.uuid, caller.apiKey);
    // Conditional: a provider identity never registers here; an unknown one answers REGISTRATION_REQUIRED.
    const result =
      'identityProviderToken' in body
        ? await viaProvider(ctx, c, body, caller.apiKey, visitor, false)
        : await viaPassword(ctx, c, body, caller.apiKey, visitor, address());
    return conditionalAnswer(ctx, result);
  });

  mount(app, ctx, ROUTES.completeSignInWithSecondFactor, ({ c, body, caller }) =>
    completeSecondFactorSignIn(ctx, {
      challenge: body.challenge,
      proof: proofOf(body),
      apiKey: caller.apiKey,
      now: ctx.now(),
      userAgent: c.req.header('user-agent'),
    }),
  );

  // Passwordless: a code mailed to the address. The same 202 (and body) for every address.
  mount(app, ctx, ROUTES.requestSignInCode, ({ c, body, address }) =>
    requestSignInCode(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) }),
  );

  const viaCode = async (c: Context, body: SignInWithCodeRequest, apiKey: string, address: string) =>
    signInWithCode(ctx, {
      email: body.email,
      code: body.code,
      visitor: await visitorOf(ctx, c, body.uuid, apiKey),
      apiKey,
      address,
      now: ctx.now(),
      acceptedTermsVersion: body.acceptedTermsVersion,
      userAgent: c.req.header('user-agent'),
    });

  // The plain route answers the conditions as coded errors, as the password login does.
  mount(app, ctx, ROUTES.signInWithCode, async ({ c, body, caller, address }) => {
    const result = await viaCode(c, body, caller.apiKey, address());
    if (result.status === 'UNAUTHORIZED')
      throw new ApiError(401, 'SIGN_IN_CODE_INVALID', 'This code is wrong or no longer valid: check the newest email, or ask for a new code', [
        { field: 'code', code: 'invalid', message: 'This code is wrong or no longer valid' },
      ]);
    return tokenOrRefusal(result);
  });

  mount(app, ctx, ROUTES.signInWithCodeConditionally, async ({ c, body, caller, address }) =>
    conditionalAnswer(ctx, await viaCode(c, body, caller.apiKey, address())),
  );

  // The session is read afresh (not from the verification cache): a revocation is never outrun here.
  mount(app, ctx, ROUTES.refreshToken, ({ caller }) => refreshSession(ctx, { token: caller.token, now: ctx.now() }), { optionalBody: true, fresh: true });

  mount(app, ctx, ROUTES.signOut, ({ body, caller }) => signOut(ctx, { token: caller.token, fromAllDevices: body.fromAllDevices === true, now: ctx.now() }), {
    optionalBody: true,
  });

  return app;
}
