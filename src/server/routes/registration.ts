import { type Context, Hono } from 'hono';
import { type RegistrationStatus, ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { hashEmailToken, sendEmailLink } from '../email-links.js';
import { badRequest, conflict, isUniqueViolation, notFound } from '../errors.js';
import { answerSent, clientAddress, identify, readBody } from '../http.js';
import { acceptNewPassword } from '../passwords.js';
import { becomeCustomer, type ClientRow, findClientByEmail, findEmailRecipient, isCustomer, profileChanges } from '../store/clients.js';
import type { ClientStatus, EmailTokenPurpose } from '../store/schema.js';

const emailTaken = () => conflict('EMAIL_TAKEN', 'An account with this email already exists', [{ field: 'email', code: 'taken', message: 'An account with this email already exists' }]);
const customIdTaken = () => conflict('CUSTOM_ID_TAKEN', 'This customId belongs to another customer', [{ field: 'customId', code: 'taken', message: 'This customId belongs to another customer' }]);
const ACCEPTED = { status: 'ACCEPTED' } as const;

export function registrationRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  const register = async (c: Context) => {
    const body = await readBody(c, ROUTES.registerAccount.request);
    const caller = await identify(ctx, c, 'keyOrToken', body.apiKey);
    await ctx.limiter.take(ctx.limiter.registration(clientAddress(c, ctx.config.trustProxy)), ctx.now());
    const passwordHash = await acceptNewPassword(ctx, body.password);
    const mode = ctx.config.registrationMode;
    const status: ClientStatus = mode === 'activation' ? 'pending_activation' : 'active';
    const answer: RegistrationStatus = mode === 'automatic' ? 'REGISTERED' : mode === 'confirmation' ? 'CONFIRMATION_REQUIRED' : 'ACTIVATION_REQUIRED';
    const anonymousUuid = caller.token?.claims.uuid ?? body.uuid;
    const now = ctx.now();
    let customer: ClientRow;
    try {
      customer = await ctx.db.transaction().execute(async (trx) => {
        if (await findClientByEmail(trx, body.email)) throw emailTaken();
        if (body.customId && (await trx.selectFrom('clients').select('id').where('custom_id', '=', body.customId).executeTakeFirst())) throw customIdTaken();
        const fields = {
          ...profileChanges(body),
          email: body.email,
          password_hash: passwordHash,
          status,
          email_confirmed: 0,
          updated_at: now,
          last_activity_at: now,
        };
        const row = await becomeCustomer(trx, anonymousUuid, fields, now);
        if (mode !== 'automatic') await sendEmailLink(ctx, trx, row, mode === 'activation' ? 'activation' : 'confirmation', now);
        return row;
      });
    } catch (err) {
      // Two registrations racing for one email or customId: the loser gets the same answer.
      if (isUniqueViolation(err)) throw /custom_id/.test(String((err as Error).message)) ? customIdTaken() : emailTaken();
      throw err;
    }
    ctx.mailer.flushSoon();
    return c.json({ status: answer, registrationMode: mode, clientId: customer.id, uuid: customer.uuid, canSignIn: mode !== 'activation' }, 201);
  };
  app.post(ROUTES.registerAccount.path, register);
  app.post(ROUTES.registerAccountV4.path, register);

  // The same 202 whether or not the email exists, so the answer tells nobody who has an account.
  app.post(ROUTES.requestAccountActivation.path, async (c) => {
    const body = await readBody(c, ROUTES.requestAccountActivation.request);
    await identify(ctx, c, 'keyOrToken', body.apiKey);
    const now = ctx.now();
    await ctx.limiter.take(ctx.limiter.emailRequest(body.email, clientAddress(c, ctx.config.trustProxy)), now);
    const client = await findEmailRecipient(ctx.db, body.email);
    const purpose: EmailTokenPurpose | undefined =
      client?.status === 'pending_activation' ? 'activation' : client?.status === 'active' && client.email_confirmed === 0 ? 'confirmation' : undefined;
    // The answer goes out before the link is made: known and unknown emails get the same 202 at the
    // same moment (no enumeration by timing).
    if (client && purpose) ctx.mailer.afterAnswer(answerSent(c), () => ctx.db.transaction().execute((trx) => sendEmailLink(ctx, trx, client, purpose, now)));
    return c.json(ACCEPTED, 202);
  });

  app.post(ROUTES.confirmAccountActivation.path, async (c) => {
    const body = await readBody(c, ROUTES.confirmAccountActivation.request);
    await identify(ctx, c, 'keyOrToken', body.apiKey);
    const now = ctx.now();
    await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('email_tokens')
        .innerJoin('clients', 'clients.id', 'email_tokens.client_id')
        .select(['email_tokens.token_hash', 'email_tokens.used_at', 'email_tokens.expires_at', 'clients.id as client_id', 'clients.email_confirmed', 'clients.status'])
        .where('email_tokens.token_hash', '=', hashEmailToken(body.token))
        .where('email_tokens.purpose', 'in', ['activation', 'confirmation'])
        .executeTakeFirst();
      if (!row) throw notFound('EMAIL_TOKEN_INVALID', 'This link is not valid');
      if (row.email_confirmed === 1 && row.status === 'active') throw badRequest('ALREADY_CONFIRMED', 'This account is already confirmed');
      if (row.used_at !== null || row.expires_at <= now) throw notFound('EMAIL_TOKEN_INVALID', 'This link has expired or was replaced by a newer one');
      await trx.updateTable('email_tokens').set({ used_at: now }).where('token_hash', '=', row.token_hash).execute();
      await trx.updateTable('clients').set({ status: 'active', email_confirmed: 1, updated_at: now }).where('id', '=', row.client_id).execute();
    });
    return c.json({ status: 'OK' } as const, 200);
  });

  app.post(ROUTES.requestPasswordReset.path, async (c) => {
    const body = await readBody(c, ROUTES.requestPasswordReset.request);
    await identify(ctx, c, 'keyOrToken', body.apiKey);
    const now = ctx.now();
    await ctx.limiter.take(ctx.limiter.emailRequest(body.email, clientAddress(c, ctx.config.trustProxy)), now);
    const client = await findEmailRecipient(ctx.db, body.email);
    // As for activation: the answer first, the link (for a customer only) after it.
    if (client && isCustomer(client)) ctx.mailer.afterAnswer(answerSent(c), () => ctx.db.transaction().execute((trx) => sendEmailLink(ctx, trx, client, 'password_reset', now)));
    return c.json(ACCEPTED, 202);
  });

  app.post(ROUTES.confirmPasswordReset.path, async (c) => {
    const body = await readBody(c, ROUTES.confirmPasswordReset.request);
    await identify(ctx, c, 'keyOrToken', body.apiKey);
    const tokenHash = hashEmailToken(body.token);
    const live = await ctx.db.selectFrom('email_tokens').select(['client_id', 'used_at', 'expires_at']).where('token_hash', '=', tokenHash).where('purpose', '=', 'password_reset').executeTakeFirst();
    const now = ctx.now();
    if (!live || live.used_at !== null || live.expires_at <= now) throw notFound('EMAIL_TOKEN_INVALID', 'This password reset link is not valid or has expired');
    const passwordHash = await acceptNewPassword(ctx, body.password);
    await ctx.db.transaction().execute(async (trx) => {
      // Claim the token inside the transaction: of two racing confirmations only one wins.
      const claimed = await trx.updateTable('email_tokens').set({ used_at: now }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw notFound('EMAIL_TOKEN_INVALID', 'This password reset link was already used');
      // Following the emailed link proves the address: a pending account becomes active.
      await trx.updateTable('clients').set({ password_hash: passwordHash, status: 'active', email_confirmed: 1, updated_at: now }).where('id', '=', live.client_id).execute();
      await ctx.sessions.revokeClientSessions(trx, live.client_id, 'password-reset', now);
    });
    return c.json({ status: 'OK' } as const, 200);
  });

  return app;
}

