import type { Transaction } from 'kysely';
import type { RegisterRequest, RegisterResponse, RegistrationMode, RegistrationStatus } from 'snr-auth/contract';
import { conflict, isUniqueViolation } from '../errors.js';
import { acceptNewPassword } from '../passwords.js';
import { becomeCustomer, type ClientRow, customIdInUse, findClientByEmail, profileChanges } from '../store/clients.js';
import type { ClientStatus, Database } from '../store/schema.js';
import { issueActivationPin } from './activation-pin.js';
import type { IdentityDeps } from './deps.js';
import { issueEmailLink } from './email-links.js';
import { uuidForNewCustomer, type Visitor } from './merge-anonymous.js';

export const emailTaken = () =>
  conflict('EMAIL_TAKEN', 'An account with this email already exists', [
    { field: 'email', code: 'taken', message: 'An account with this email already exists' },
  ]);
export const customIdTaken = () =>
  conflict('CUSTOM_ID_TAKEN', 'This customId belongs to another customer', [
    { field: 'customId', code: 'taken', message: 'This customId belongs to another customer' },
  ]);

/** What each registration mode makes of a new account, and how it answers. */
const MODES: Record<RegistrationMode, { status: ClientStatus; answer: RegistrationStatus }> = {
  automatic: { status: 'active', answer: 'REGISTERED' },
  confirmation: { status: 'active', answer: 'CONFIRMATION_REQUIRED' },
  activation: { status: 'pending_activation', answer: 'ACTIVATION_REQUIRED' },
  pin: { status: 'pending_activation', answer: 'ACTIVATION_REQUIRED' },
  approval: { status: 'pending_approval', answer: 'APPROVAL_REQUIRED' },
};

/**
 * Registers a customer with a password, as the server's registration mode says: at once
 * (`automatic`), able to sign in with the email to be confirmed (`confirmation`), only after the
 * emailed activation link (`activation`) or code (`pin`), or only once the site's backend approves
 * the account (`approval`). The visitor's anonymous profile becomes the customer when they hold its
 * token; a UUID of someone else's is not taken (the customer gets a fresh one).
 */
export async function register(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer' | 'publicUrl' | 'breachedPasswords'>,
  input: { body: Omit<RegisterRequest, 'apiKey'>; visitor: Visitor; address: string; now: () => number },
): Promise<RegisterResponse> {
  const { body } = input;
  await deps.limiter.registration(input.address, input.now());
  const passwordHash = await acceptNewPassword(deps, body.password);
  const { password: _, ...fields } = body;
  const customer = await deps.db.transaction().execute((trx) => openAccount(deps, trx, { fields, passwordHash, visitor: input.visitor, now: input.now() }));
  deps.mailer.flushSoon();
  return registrationAnswer(deps, customer);
}

/** A registration's answer: what the mode made of the new account. */
export function registrationAnswer(deps: Pick<IdentityDeps, 'config'>, customer: ClientRow): RegisterResponse {
  const mode = deps.config.registrationMode;
  const { status, answer } = MODES[mode];
  return { status: answer, registrationMode: mode, clientId: customer.id, uuid: customer.uuid, canSignIn: status === 'active' };
}

/**
 * Makes the new customer inside the caller's transaction, as the registration mode says (status,
 * emailed link or code): the email and customId free, the visitor's profile converted when theirs.
 * Shared by the password registration and the passkey one (register-with-passkey.ts). A race for
 * one email or customId meets the same answer as the loser's check.
 */
export async function openAccount(
  deps: Pick<IdentityDeps, 'config' | 'publicUrl' | 'mailer'>,
  trx: Transaction<Database>,
  input: { fields: Omit<RegisterRequest, 'apiKey' | 'password'>; passwordHash: string | null; visitor: Visitor; now: number; webauthnUserId?: string },
): Promise<ClientRow> {
  const { fields: body, now } = input;
  const mode = deps.config.registrationMode;
  const { status } = MODES[mode];
  try {
    if (await findClientByEmail(trx, body.email)) throw emailTaken();
    if (body.customId && (await customIdInUse(trx, body.customId))) throw customIdTaken();
    const fields = {
      ...profileChanges(body),
      email: body.email,
      password_hash: input.passwordHash,
      status,
      email_confirmed: 0,
      updated_at: now,
      last_activity_at: now,
      ...(input.webauthnUserId === undefined ? {} : { webauthn_user_id: input.webauthnUserId }),
    };
    const row = await becomeCustomer(trx, await uuidForNewCustomer(trx, input.visitor), fields, now);
    if (mode === 'confirmation' || mode === 'activation') await issueEmailLink(deps, trx, row, mode, now);
    else if (mode === 'pin') await issueActivationPin(deps, trx, row, now);
    return row;
  } catch (err) {
    // Two registrations racing for one email or customId: the loser gets the same answer.
    if (isUniqueViolation(err)) throw /custom_id/.test(String((err as Error).message)) ? customIdTaken() : emailTaken();
    throw err;
  }
}
