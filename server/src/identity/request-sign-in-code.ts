import { createHash, randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { SignInCodeRequestResponse, SignInMethod } from 'snr-auth/contract';
import type { ServerConfig } from '../config.js';
import { badRequest } from '../errors.js';
import { renderSignInCodeActivationMail, renderSignInCodeMail, renderSignInCodeNoAccountMail } from '../mail/templates.js';
import { type ClientRow, findEmailRecipient, isCustomer } from '../store/clients.js';
import type { Database } from '../store/schema.js';
import { replaceSignInCode } from '../store/sign-in-codes.js';
import type { IdentityDeps } from './deps.js';
import { issueEmailLink } from './email-links.js';

type Db = Transaction<Database> | Kysely<Database>;

/**
 * Only a hash is stored, salted with the account: a leaked table does not hand out live codes at a
 * glance. (Six digits are few, so the real guards are the code's short life, its 5 tries and the
 * sign-in limits of the account.)
 */
export const hashSignInCode = (clientId: number, code: string) => createHash('sha256').update(`snr-sign-in-code:${clientId}:${code}`).digest('base64url');

/** Six digits from the CSPRNG, leading zeros kept. */
const newCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** `400 SIGN_IN_METHOD_DISABLED` unless `SNR_SIGN_IN_METHODS` has the method on. */
export function requireSignInMethod(config: Pick<ServerConfig, 'signInMethods'>, method: SignInMethod): void {
  if (!config.signInMethods.includes(method))
    throw badRequest('SIGN_IN_METHOD_DISABLED', `Signing in with ${method === 'code' ? 'an emailed code' : `a ${method}`} is not enabled on this server`);
}

/**
 * What an address with no account gets, by registration mode: an offer to register where anyone
 * may (every mode but `approval`); nothing in `approval`, where the site admits each customer
 * itself and an unasked invitation would promise what it may not grant.
 */
export function offersRegistration(config: Pick<ServerConfig, 'registrationMode'>): boolean {
  return config.registrationMode !== 'approval';
}

/** Makes a new sign-in code for an account (the old one dies) and writes its mail, in the caller's transaction. */
async function issueSignInCode(
  deps: Pick<IdentityDeps, 'config' | 'mailer'>,
  trx: Db,
  client: Pick<ClientRow, 'id' | 'email' | 'first_name' | 'email_confirmed'>,
  now: number,
): Promise<void> {
  const code = newCode();
  const { ttl } = deps.config.signInCode;
  await replaceSignInCode(trx, { clientId: client.id, codeHash: hashSignInCode(client.id, code), now, expiresAt: now + ttl * 1000 });
  const name = client.email_confirmed === 1 ? client.first_name : null;
  await deps.mailer.enqueue(trx, client.email!, renderSignInCodeMail(code, Math.round(ttl / 60), name), now);
}

/**
 * Asks for a sign-in code by email. The answer is the same for every address, and comes at the
 * same moment: the request is limited alike (one per `signInCodeResendSeconds` for an email, then
 * counted as an email request), the email is looked up once, and the mail is made only after the
 * answer has gone (`answered`). What is mailed:
 * - an account that may sign in (active, or waiting for approval: the code then answers
 *   `APPROVAL_REQUIRED`, as the password does): a 6-digit code, `signInCode.ttl` (10 minutes);
 * - an account waiting for activation: no code, how to finish the activation, with a fresh link;
 * - no account: an offer to register, or nothing (`offersRegistration`).
 */
export async function requestSignInCode(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer' | 'publicUrl'>,
  input: { email: string; address: string; now: number; answered: Promise<void> },
): Promise<SignInCodeRequestResponse> {
  const { email, now } = input;
  requireSignInMethod(deps.config, 'code');
  await deps.limiter.signInCodeRequest(email, input.address, now);
  const client = await findEmailRecipient(deps.db, email);
  const later = (task: (trx: Transaction<Database>) => Promise<void>) => deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute(task));
  if (client && isCustomer(client)) {
    if (client.status === 'pending_activation') later((trx) => issueEmailLink(deps, trx, client, 'activation', now, renderSignInCodeActivationMail));
    else later((trx) => issueSignInCode(deps, trx, client, now));
  } else if (offersRegistration(deps.config)) {
    later((trx) => deps.mailer.enqueue(trx, email, renderSignInCodeNoAccountMail(deps.config.siteUrl), now));
  }
  return { status: 'ACCEPTED', expiresIn: deps.config.signInCode.ttl, resendAfter: deps.config.rateLimit?.signInCodeResendSeconds ?? 0 };
}
