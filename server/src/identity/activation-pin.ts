import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { badRequest } from '../errors.js';
import { renderPinMail } from '../mail/templates.js';
import { consumeActivationPin, deleteActivationPin, replaceActivationPin, takePinTry } from '../store/activation-pins.js';
import { type ClientRow, findClientByEmail, findEmailRecipient, statusOnceEmailProved, updateClient } from '../store/clients.js';
import { markEmailTokensUsed } from '../store/email-tokens.js';
import type { Database } from '../store/schema.js';
import type { IdentityDeps } from './deps.js';

type Db = Transaction<Database> | Kysely<Database>;

/**
 * Only a hash is stored, salted with the account: a leaked table does not hand out live codes at a
 * glance. (Six digits are few, so the real guard is the code's short life and its 5 tries.)
 */
const hashPin = (clientId: number, pin: string) => createHash('sha256').update(`snr-activation-pin:${clientId}:${pin}`).digest('base64url');

/** Six digits from the CSPRNG, leading zeros kept. */
const newPin = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** One answer for every failed code: wrong, expired, used up, replaced, or no such account. */
const pinInvalid = () =>
  badRequest('ACTIVATION_PIN_INVALID', 'This code is wrong or no longer valid: check the newest email, or ask for a new code', [
    { field: 'pinCode', code: 'invalid', message: 'This code is wrong or no longer valid' },
  ]);

/** Makes a new code for an account waiting in the `pin` mode (the old one dies) and writes its mail, in the caller's transaction. */
export async function issueActivationPin(
  deps: Pick<IdentityDeps, 'config' | 'mailer'>,
  trx: Db,
  client: Pick<ClientRow, 'id' | 'email' | 'first_name'>,
  now: number,
): Promise<void> {
  const pin = newPin();
  const { ttl } = deps.config.activationPin;
  await replaceActivationPin(trx, { clientId: client.id, pinHash: hashPin(client.id, pin), now, expiresAt: now + ttl * 1000 });
  await deps.mailer.enqueue(trx, client.email!, renderPinMail(pin, Math.round(ttl / 60)), now);
}

/**
 * Asks for a new activation code. As for links, the caller answers 202 whatever happens here: the
 * request is counted alike for every email and the code is made after the answer has gone.
 */
export async function requestActivationPin(
  deps: Pick<IdentityDeps, 'db' | 'config' | 'limiter' | 'mailer'>,
  input: { email: string; address: string; now: number; answered: Promise<void> },
): Promise<void> {
  const { now } = input;
  await deps.limiter.emailRequest(input.email, input.address, now);
  const client = await findEmailRecipient(deps.db, input.email);
  if (client?.status === 'pending_activation') {
    deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute((trx) => issueActivationPin(deps, trx, client, now)));
  }
}

/**
 * Activates an account with the emailed code. Each try is counted against the code before it is
 * compared; after the last allowed wrong try the code is void. An unknown email, an active account,
 * a wrong, expired, used or replaced code all get the same `ACTIVATION_PIN_INVALID`.
 */
export async function confirmActivationPin(deps: Pick<IdentityDeps, 'db' | 'config'>, input: { email: string; pin: string; now: number }): Promise<void> {
  const { now } = input;
  const { maxTries } = deps.config.activationPin;
  await deps.db
    .transaction()
    .execute(async (trx) => {
      const client = await findClientByEmail(trx, input.email);
      if (client?.status !== 'pending_activation') throw pinInvalid();
      const live = await takePinTry(trx, client.id, maxTries, now);
      if (!live) throw pinInvalid();
      const given = Buffer.from(hashPin(client.id, input.pin));
      if (!timingSafeEqual(given, Buffer.from(live.pin_hash))) {
        if (live.attempts >= maxTries) await deleteActivationPin(trx, client.id);
        // The counted try must stay counted: commit it, then refuse.
        return 'wrong' as const;
      }
      if (!(await consumeActivationPin(trx, client.id, live.pin_hash))) throw pinInvalid();
      await updateClient(trx, client.id, { status: statusOnceEmailProved(client), email_confirmed: 1, updated_at: now });
      await markEmailTokensUsed(trx, client.id, ['activation', 'confirmation'], now);
      return 'ok' as const;
    })
    .then((outcome) => {
      if (outcome === 'wrong') throw pinInvalid();
    });
}
