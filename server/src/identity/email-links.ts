import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { type MailContent, type MailKind, renderMail } from '../mail/templates.js';
import type { ClientRow } from '../store/clients.js';
import { insertEmailToken, markEmailTokensUsed } from '../store/email-tokens.js';
import type { Database, EmailTokenPurpose } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';

type Db = Transaction<Database> | Kysely<Database>;

/** Only a hash of an emailed token is stored: a leaked database does not hand out live links. */
export const hashEmailToken = (token: string) => createHash('sha256').update(token).digest('base64url');

const ACTIONS: Record<EmailTokenPurpose, string> = {
  activation: 'activate',
  confirmation: 'confirm-email',
  password_reset: 'reset-password',
  email_change: 'confirm-email-change',
};

/** Where an emailed link lands: `SNR_LANDING_URL` (or the server's own demo) with `action` and `token`. */
export function landingLink(deps: Pick<IdentityDeps, 'config' | 'publicUrl'>, purpose: EmailTokenPurpose, token: string): string {
  const url = new URL(deps.config.landingUrl ?? `${deps.publicUrl}/landing`);
  url.searchParams.set('action', ACTIONS[purpose]);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * The one place where emailed links stop working before their time: a newer link of the same
 * purpose replaces them, and a changed password makes a reset link pointless (it would undo the
 * change, and end the session that made it).
 */
export async function invalidateEmailLinks(db: Db, clientId: number, purposes: readonly EmailTokenPurpose[], now: number): Promise<void> {
  await markEmailTokensUsed(db, clientId, purposes, now);
}

/**
 * Makes a single-use token for a customer and writes its email to the outbox, in the caller's
 * transaction. Earlier unused tokens of the same purpose stop working. The customer's name goes in
 * only once the address is confirmed: until then the mail may reach someone who never registered.
 */
export async function issueEmailLink(
  deps: Pick<IdentityDeps, 'config' | 'publicUrl' | 'mailer'>,
  trx: Db,
  client: Pick<ClientRow, 'id' | 'email' | 'first_name' | 'email_confirmed'>,
  purpose: EmailTokenPurpose,
  now: number,
  /** The mail the link goes in, when not the purpose's own (a sign-in code asked for a pending account). */
  mail?: (link: string) => MailContent,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const ttl = purpose === 'password_reset' || purpose === 'email_change' ? deps.config.emailTokenTtl.passwordReset : deps.config.emailTokenTtl.activation;
  await invalidateEmailLinks(trx, client.id, [purpose], now);
  await insertEmailToken(trx, { tokenHash: hashEmailToken(token), clientId: client.id, purpose, now, expiresAt: now + ttl * 1000 });
  const link = landingLink(deps, purpose, token);
  await deps.mailer.enqueue(
    trx,
    client.email!,
    mail ? mail(link) : renderMail(purpose as MailKind, link, client.email_confirmed === 1 ? client.first_name : null),
    now,
  );
}

/**
 * Makes a single-use email-change token for a customer and mails its link to the NEW address, in
 * the caller's transaction. An earlier email-change link stops working.
 */
export async function issueEmailChangeLink(
  deps: Pick<IdentityDeps, 'config' | 'publicUrl' | 'mailer'>,
  trx: Db,
  client: Pick<ClientRow, 'id' | 'first_name'>,
  newEmail: string,
  now: number,
): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await invalidateEmailLinks(trx, client.id, ['email_change'], now);
  const expiresAt = now + deps.config.emailTokenTtl.passwordReset * 1000;
  await insertEmailToken(trx, { tokenHash: hashEmailToken(token), clientId: client.id, purpose: 'email_change', now, expiresAt, newEmail });
  await deps.mailer.enqueue(trx, newEmail, renderMail('email_change', landingLink(deps, 'email_change', token), client.first_name), now);
}
