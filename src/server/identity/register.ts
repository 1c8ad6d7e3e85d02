import type { RegisterRequest, RegisterResponse, RegistrationStatus } from '../../contract/index.js';
import { conflict, isUniqueViolation } from '../errors.js';
import { acceptNewPassword } from '../passwords.js';
import { becomeCustomer, type ClientRow, customIdInUse, findClientByEmail, profileChanges } from '../store/clients.js';
import type { ClientStatus } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';
import { issueEmailLink } from './email-links.js';
import { uuidForNewCustomer, type Visitor } from './merge-anonymous.js';

const emailTaken = () =>
  conflict('EMAIL_TAKEN', 'An account with this email already exists', [
    { field: 'email', code: 'taken', message: 'An account with this email already exists' },
  ]);
export const customIdTaken = () =>
  conflict('CUSTOM_ID_TAKEN', 'This customId belongs to another customer', [
    { field: 'customId', code: 'taken', message: 'This customId belongs to another customer' },
  ]);

/**
 * Registers a customer with a password, as the server's registration mode says: at once
 * (`automatic`), able to sign in with the email to be confirmed (`confirmation`), or only after the
 * emailed activation link (`activation`). The visitor's anonymous profile becomes the customer when
 * they hold its token; a UUID of someone else's is not taken (the customer gets a fresh one).
 */
export async function register(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer' | 'publicUrl'>,
  input: { body: Omit<RegisterRequest, 'apiKey'>; visitor: Visitor; address: string; now: () => number },
): Promise<RegisterResponse> {
  const { body } = input;
  await deps.limiter.registration(input.address, input.now());
  const passwordHash = await acceptNewPassword(deps, body.password);
  const mode = deps.config.registrationMode;
  const status: ClientStatus = mode === 'activation' ? 'pending_activation' : 'active';
  const answer: RegistrationStatus = mode === 'automatic' ? 'REGISTERED' : mode === 'confirmation' ? 'CONFIRMATION_REQUIRED' : 'ACTIVATION_REQUIRED';
  const now = input.now();
  let customer: ClientRow;
  try {
    customer = await deps.db.transaction().execute(async (trx) => {
      if (await findClientByEmail(trx, body.email)) throw emailTaken();
      if (body.customId && (await customIdInUse(trx, body.customId))) throw customIdTaken();
      const fields = {
        ...profileChanges(body),
        email: body.email,
        password_hash: passwordHash,
        status,
        email_confirmed: 0,
        updated_at: now,
        last_activity_at: now,
      };
      const row = await becomeCustomer(trx, await uuidForNewCustomer(trx, input.visitor), fields, now);
      if (mode !== 'automatic') await issueEmailLink(deps, trx, row, mode === 'activation' ? 'activation' : 'confirmation', now);
      return row;
    });
  } catch (err) {
    // Two registrations racing for one email or customId: the loser gets the same answer.
    if (isUniqueViolation(err)) throw /custom_id/.test(String((err as Error).message)) ? customIdTaken() : emailTaken();
    throw err;
  }
  deps.mailer.flushSoon();
  return { status: answer, registrationMode: mode, clientId: customer.id, uuid: customer.uuid, canSignIn: mode !== 'activation' };
}
