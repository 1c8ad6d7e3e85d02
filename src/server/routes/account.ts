import { Hono } from 'hono';
import { ROUTES } from '../../contract/index.js';
import type { ServerContext } from '../context.js';
import { verifyPassword } from '../crypto/password.js';
import { forbidden, isUniqueViolation, conflict, unauthorized } from '../errors.js';
import { clientAddress, identify, readBody } from '../http.js';
import { acceptNewPassword } from '../passwords.js';
import { findClientById, profileChanges, toAccountInformation } from '../store/clients.js';

export function accountRoutes(ctx: ServerContext): Hono {
  const app = new Hono();

  const customer = async (clientId: number) => {
    const row = await findClientById(ctx.db, clientId);
    if (!row || row.status === 'anonymous') throw unauthorized('SESSION_REVOKED', 'The session has ended');
    return row;
  };

  app.get(ROUTES.getAccount.path, async (c) => {
    const { token } = await identify(ctx, c, 'customer');
    return c.json(toAccountInformation(await customer(token!.session.client_id)), 200);
  });

  app.post(ROUTES.updateAccount.path, async (c) => {
    const body = await readBody(c, ROUTES.updateAccount.request);
    const { token } = await identify(ctx, c, 'customer', body.apiKey);
    const now = ctx.now();
    try {
      const updated = await ctx.db.transaction().execute(async (trx) => {
        const current = await findClientById(trx, token!.session.client_id);
        if (!current || current.status === 'anonymous') throw unauthorized('SESSION_REVOKED', 'The session has ended');
        return trx.updateTable('clients').set({ ...profileChanges(body, current), updated_at: now }).where('id', '=', current.id).returningAll().executeTakeFirstOrThrow();
      });
      return c.json(toAccountInformation(updated), 200);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw conflict('CUSTOM_ID_TAKEN', 'This customId belongs to another customer', [{ field: 'customId', code: 'taken', message: 'This customId belongs to another customer' }]);
      }
      throw err;
    }
  });

  app.post(ROUTES.changePassword.path, async (c) => {
    const body = await readBody(c, ROUTES.changePassword.request);
    const { token } = await identify(ctx, c, 'customer', body.apiKey);
    const row = await customer(token!.session.client_id);
    // Guesses of the current password count as failed sign-ins of the account: a stolen session
    // must not become a way to find the password by trying (nor to keep the server hashing).
    const counters = row.email ? ctx.limiter.signIn(row.email, clientAddress(c, ctx.config.trustProxy)) : [];
    await ctx.limiter.take(counters, ctx.now());
    if (!row.password_hash || !(await verifyPassword(body.oldPassword, row.password_hash))) {
      throw forbidden('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    // As a sign-in that succeeds: the account's count starts afresh, the address's attempt is taken back.
    await ctx.limiter.clear(counters.slice(0, 1));
    await ctx.limiter.release(counters.slice(1));
    const passwordHash = await acceptNewPassword(ctx, body.password);
    const now = ctx.now();
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('clients').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', row.id).execute();
      // Everyone else holding this account's session is signed out; this device stays in.
      await ctx.sessions.revokeClientSessions(trx, row.id, 'password-changed', now, token!.session.id);
      // A reset link mailed before stops working: it would undo this change, and end this session.
      await trx.updateTable('email_tokens').set({ used_at: now }).where('client_id', '=', row.id).where('purpose', '=', 'password_reset').where('used_at', 'is', null).execute();
    });
    return c.json({ status: 'OK' } as const, 200);
  });

  return app;
}
