import { Hono } from 'hono';
import {
  type ConditionalLoginResponse,
  type LoginRequest,
  ROUTES,
  type TokenResponse,
} from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { hashPassword, needsRehash, verifyPassword } from '../crypto/password.js';
import { forbidden, isUniqueViolation, unauthorized } from '../errors.js';
import { signInWithProvider, verifyProviderToken } from '../providers/sign-in.js';
import { clientAddress, identify, readBody } from '../http.js';
import { type ClientRow, createAnonymousClient, findClientByEmail, findClientById, findClientByUuid, isCustomer, mergeAnonymousInto } from '../store/clients.js';

/**
 * An anonymous session for a UUID, its profile made on first sight, all in one transaction. Two
 * first visits racing with one UUID agree: the loser's insert fails and it retries, finding the row.
 */
async function anonymousSession(ctx: ServerContext, uuid: string, apiKey: string, now: number) {
  const run = () =>
    ctx.db.transaction().execute(async (trx) => {
      const client = (await findClientByUuid(trx, uuid)) ?? (await createAnonymousClient(trx, uuid, now));
      const session = await ctx.sessions.create(trx, { clientId: client.id, apiKey, realm: 'anonymous_client', origin: 'ANONYMOUS', now });
      return { client, session };
    });
  try {
    return await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return run();
  }
}

type PasswordOutcome =
  | { ok: true; client: ClientRow }
  | { ok: false; reason: 'UNAUTHORIZED' | 'ACTIVATION_REQUIRED'; client?: ClientRow };

/**
 * Checks email and password. An unknown email is checked against a dummy hash, so it costs the
 * time a wrong password costs. The attempt is counted before the hash runs (parallel guesses are
 * each counted); a success takes it back.
 */
async function checkPasswordLogin(ctx: ServerContext, body: LoginRequest, address: string, now: number): Promise<PasswordOutcome> {
  const email = body.email!;
  const counters = ctx.limiter.signIn(email, address);
  await ctx.limiter.take(counters, now);
  const client = await findClientByEmail(ctx.db, email);
  const hash = client?.password_hash ?? ctx.dummyHash;
  const matches = await verifyPassword(body.password!, hash);
  if (!client || !client.password_hash || !matches || !isCustomer(client)) return { ok: false, reason: 'UNAUTHORIZED' };
  // A success clears the account's count, and takes its attempt back from the address's.
  await ctx.limiter.clear(counters.slice(0, 1));
  await ctx.limiter.release(counters.slice(1));
  if (client.status === 'pending_activation') return { ok: false, reason: 'ACTIVATION_REQUIRED', client };
  if (needsRehash(client.password_hash, ctx.config.pbkdf2Iterations)) {
    const upgraded = await hashPassword(body.password!, ctx.config.pbkdf2Iterations);
    await ctx.db.updateTable('clients').set({ password_hash: upgraded }).where('id', '=', client.id).where('password_hash', '=', client.password_hash).execute();
  }
  return { ok: true, client };
}

/** Merges the caller's anonymous profile into the customer, opens a session, signs its first token. */
async function openCustomerSession(ctx: ServerContext, customer: ClientRow, apiKey: string, anonymousUuid: string, now: number): Promise<TokenResponse> {
  const session = await ctx.db.transaction().execute(async (trx) => {
    const anonymous = await findClientByUuid(trx, anonymousUuid);
    if (anonymous) await mergeAnonymousInto(trx, anonymous, customer.id);
    await trx.updateTable('clients').set({ last_activity_at: now }).where('id', '=', customer.id).execute();
    return ctx.sessions.create(trx, { clientId: customer.id, apiKey, realm: 'client', origin: 'SYNERISE', now });
  });
  return ctx.sessions.issue(session, customer, now);
}

export function authRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  app.post(ROUTES.anonymousLogin.path, async (c) => {
    const body = await readBody(c, ROUTES.anonymousLogin.request);
    const { apiKey } = await identify(ctx, c, 'apiKey', body.apiKey);
    const now = ctx.now();
    const { client, session } = await anonymousSession(ctx, body.uuid, apiKey, now);
    return c.json(await ctx.sessions.issue(session, client, now), 200);
  });

  app.post(ROUTES.login.path, async (c) => {
    const body = await readBody(c, ROUTES.login.request);
    const { apiKey } = await identify(ctx, c, 'apiKey', body.apiKey);
    const provider = body.identityProvider ?? 'SYNERISE';
    if (provider !== 'SYNERISE') {
      const identity = await verifyProviderToken(ctx, provider, body.identityProviderToken!);
      const result = await signInWithProvider(ctx, identity, body, apiKey, { mayRegister: true });
      if (result.status !== 'SUCCESS') throw new Error('a provider sign-in that may register always succeeds');
      return c.json(result.token, 200);
    }
    const now = ctx.now();
    const outcome = await checkPasswordLogin(ctx, body, clientAddress(c, ctx.config.trustProxy), now);
    if (!outcome.ok) {
      if (outcome.reason === 'ACTIVATION_REQUIRED') throw forbidden('ACTIVATION_REQUIRED', 'The account is not activated yet: follow the link in the activation email');
      throw unauthorized('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    return c.json(await openCustomerSession(ctx, outcome.client, apiKey, body.uuid, now), 200);
  });

  app.post(ROUTES.loginConditionally.path, async (c) => {
    const body = await readBody(c, ROUTES.loginConditionally.request);
    const { apiKey } = await identify(ctx, c, 'apiKey', body.apiKey);
    const provider = body.identityProvider ?? 'SYNERISE';
    if (provider !== 'SYNERISE') {
      // Conditional: never registers; an unknown identity answers REGISTRATION_REQUIRED.
      const identity = await verifyProviderToken(ctx, provider, body.identityProviderToken!);
      const result = await signInWithProvider(ctx, identity, body, apiKey, { mayRegister: false });
      const answer: ConditionalLoginResponse = result.status === 'SUCCESS' ? { status: 'SUCCESS', conditions: [], token: result.token } : { status: 'REGISTRATION_REQUIRED', conditions: ['REGISTRATION'] };
      return c.json(answer, 200);
    }
    const now = ctx.now();
    const outcome = await checkPasswordLogin(ctx, body, clientAddress(c, ctx.config.trustProxy), now);
    const answer: ConditionalLoginResponse = outcome.ok
      ? { status: 'SUCCESS', conditions: [], token: await openCustomerSession(ctx, outcome.client, apiKey, body.uuid, now) }
      : { status: outcome.reason, conditions: outcome.reason === 'ACTIVATION_REQUIRED' ? ['EMAIL_ACTIVATION'] : [] };
    return c.json(answer, 200);
  });

  app.post(ROUTES.refreshToken.path, async (c) => {
    const body = await readBody(c, ROUTES.refreshToken.request, { optional: true });
    // The session is read afresh (not from the verification cache): a revocation is never outrun here.
    const { token } = await identify(ctx, c, 'token', body.apiKey, { fresh: true });
    const now = ctx.now();
    const session = token!.session;
    const client = await ctx.db.transaction().execute(async (trx) => {
      const row = await findClientById(trx, session.client_id);
      if (!row) return undefined;
      await trx.updateTable('sessions').set({ refreshed_at: now }).where('id', '=', session.id).execute();
      if (session.realm === 'client') await trx.updateTable('clients').set({ last_activity_at: now }).where('id', '=', row.id).execute();
      return row;
    });
    if (!client) throw unauthorized('SESSION_REVOKED', 'The session has ended');
    return c.json(await ctx.sessions.issue(session, client, now), 200);
  });

  app.post(ROUTES.signOut.path, async (c) => {
    const body = await readBody(c, ROUTES.signOut.request, { optional: true });
    const { token } = await identify(ctx, c, 'token', body.apiKey);
    const now = ctx.now();
    const { session, claims } = token!;
    if (body.fromAllDevices && claims.rlm === 'client') {
      await ctx.sessions.revokeClientSessions(ctx.db, session.client_id, 'signed-out-everywhere', now);
    } else {
      await ctx.sessions.revokeSession(ctx.db, session.id, 'signed-out', now);
    }
    return c.body(null, 204);
  });

  return app;
}
