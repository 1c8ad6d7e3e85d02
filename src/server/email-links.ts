import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ServerContext } from './context.js';
import { type MailKind, renderMail } from './mail/templates.js';
import type { ClientRow } from './store/clients.js';
import type { Database, EmailTokenPurpose } from './store/schema.js';

/** Only a hash of an emailed token is stored: a leaked database does not hand out live links. */
export const hashEmailToken = (token: string) => createHash('sha256').update(token).digest('base64url');

const ACTIONS: Record<EmailTokenPurpose, string> = {
  activation: 'activate',
  confirmation: 'confirm-email',
  password_reset: 'reset-password',
};

/** Where an emailed link lands: `SNR_LANDING_URL` (or the server's own demo) with `action` and `token`. */
export function landingLink(ctx: ServerContext, purpose: EmailTokenPurpose, token: string): string {
  const url = new URL(ctx.config.landingUrl ?? `${ctx.publicUrl}/landing`);
  url.searchParams.set('action', ACTIONS[purpose]);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Makes a single-use token for a customer and writes its email to the outbox, in the caller's
 * transaction. Earlier unused tokens of the same purpose stop working.
 */
export async function sendEmailLink(
  ctx: ServerContext,
  trx: Transaction<Database> | Kysely<Database>,
  client: Pick<ClientRow, 'id' | 'email' | 'first_name'>,
  purpose: EmailTokenPurpose,
  now: number,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const ttl = purpose === 'password_reset' ? ctx.config.emailTokenTtl.passwordReset : ctx.config.emailTokenTtl.activation;
  await trx.updateTable('email_tokens').set({ used_at: now }).where('client_id', '=', client.id).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await trx
    .insertInto('email_tokens')
    .values({ token_hash: hashEmailToken(token), client_id: client.id, purpose, created_at: now, expires_at: now + ttl * 1000, used_at: null })
    .execute();
  await ctx.mailer.enqueue(trx, client.email!, renderMail(purpose as MailKind, landingLink(ctx, purpose, token), client.first_name), now);
}
