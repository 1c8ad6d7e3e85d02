import type {
  PasskeyAccountRegistrationResponse,
  PasskeyCreationOptions,
  PasskeyRegistrationCredential,
  PasskeyRegistrationOptionsRequest,
} from 'snr-auth/contract';
import { forbidden } from '../errors.js';
import { customIdInUse, findClientByEmail } from '../store/clients.js';
import { insertPasskey } from '../store/passkeys.js';
import { openCustomerSession } from './customer-session.js';
import type { IdentityDeps } from './deps.js';
import type { Visitor } from './merge-anonymous.js';
import {
  creationOptions,
  defaultPasskeyName,
  issueChallenge,
  passkeyTaken,
  randomHandle,
  takeCeremony,
  verifyNewPasskey,
  webauthnOf,
} from './passkey-ceremony.js';
import { customIdTaken, emailTaken, openAccount, registrationAnswer } from './register.js';

type Fields = Omit<PasskeyRegistrationOptionsRequest, 'apiKey' | 'uuid'>;
interface Pending {
  fields: Fields;
  userId: string;
}

function allowed(deps: Pick<IdentityDeps, 'config'>) {
  const webauthn = webauthnOf(deps);
  if (!webauthn.registration) throw forbidden('PASSKEYS_DISABLED', 'Registration with a passkey is off on this server (SNR_PASSKEY_REGISTRATION)');
  return webauthn;
}

/**
 * A newcomer registers with a passkey and no password, where the site allows it
 * (`SNR_PASSKEY_REGISTRATION`). First the options: the registration's fields are checked (a taken
 * email or customId answers at once, as a password registration does) and kept with the challenge,
 * so nothing is stored before the passkey is made.
 */
export async function passkeyAccountRegistrationOptions(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter'>,
  input: { fields: Fields; apiKey: string; address: string; now: number },
): Promise<PasskeyCreationOptions> {
  const webauthn = allowed(deps);
  await deps.limiter.registration(input.address, input.now);
  if (await findClientByEmail(deps.db, input.fields.email)) throw emailTaken();
  if (input.fields.customId && (await customIdInUse(deps.db, input.fields.customId))) throw customIdTaken();
  const pending: Pending = { fields: input.fields, userId: randomHandle() };
  const challenge = await issueChallenge(deps, { purpose: 'account-registration', apiKey: input.apiKey, clientId: null, data: pending, now: input.now });
  const displayName = [input.fields.firstName, input.fields.lastName].filter(Boolean).join(' ') || input.fields.email;
  return creationOptions(webauthn, { challenge, userId: pending.userId, userName: input.fields.email, displayName, exclude: [] });
}

/**
 * Then the new passkey: verified, and in one transaction the account is made as the registration
 * mode says (an activation link or code is still mailed, an approval still waited for) and the
 * passkey stored. When the mode lets the newcomer in at once, they are signed in (origin
 * `PASSKEY`): the passkey they just made, with user verification, proved them.
 */
export async function registerWithPasskey(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'sessions' | 'mailer' | 'publicUrl'>,
  input: {
    credential: PasskeyRegistrationCredential;
    name: string | undefined;
    apiKey: string;
    visitor: Visitor;
    now: number;
    /** The request's User-Agent, kept with the session for the customer's list of devices. */
    userAgent?: string | undefined;
  },
): Promise<PasskeyAccountRegistrationResponse> {
  const webauthn = allowed(deps);
  const ceremony = await takeCeremony(deps, input.credential, {
    purpose: 'account-registration',
    apiKey: input.apiKey,
    clientId: null,
    now: input.now,
    status: 400,
  });
  const pending = ceremony.data as Pending;
  const made = await verifyNewPasskey(webauthn, input.credential, ceremony);
  const { customer, session } = await deps.db
    .transaction()
    .execute(async (trx) => {
      const customer = await openAccount(deps, trx, {
        fields: pending.fields,
        passwordHash: null,
        visitor: input.visitor,
        now: input.now,
        webauthnUserId: pending.userId,
      });
      await insertPasskey(trx, {
        ...made,
        client_id: customer.id,
        name: input.name ?? defaultPasskeyName(made.aaguid),
        created_at: input.now,
        last_used_at: input.now,
      });
      const session =
        customer.status === 'active'
          ? await openCustomerSession(deps, trx, customer, {
              apiKey: input.apiKey,
              visitor: { uuid: customer.uuid, holdsToken: false },
              origin: 'PASSKEY',
              now: input.now,
              userAgent: input.userAgent,
            })
          : undefined;
      return { customer, session };
    })
    .catch((err) => {
      throw passkeyTaken(err);
    });
  deps.mailer.flushSoon();
  const answer = registrationAnswer(deps, customer);
  return session ? { ...answer, token: await deps.sessions.issue(session, customer, input.now) } : answer;
}
