import { randomUUID } from 'node:crypto';
import type { TokenResponse } from 'snr-auth/contract';
import { isUniqueViolation } from '../errors.js';
import { createAnonymousClient, findClientByUuid } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';

/**
 * An anonymous session for a UUID, its profile made on first sight, all in one transaction. A UUID
 * is no credential (it travels in every event; anyone may type one), so a profile already made gets
 * a session only for a visitor who shows a token issued for that UUID (`heldToken`, expired or
 * not); anyone else, and anyone naming a customer's UUID, gets a fresh anonymous profile under a new
 * UUID, which the answer carries. Two first visits racing with one UUID: the loser's insert fails
 * and it retries, finding the row (and, holding no token for it, gets a fresh profile). Counted per
 * address first (`anonymousPerAddress`): past the limit, 429 and nothing made.
 */
export async function signInAnonymously(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'limiter'>,
  input: { uuid: string; heldToken: string | undefined; apiKey: string; address: string; now: number },
): Promise<TokenResponse> {
  const { uuid, apiKey, now } = input;
  await deps.limiter.anonymousLogin(input.address, now);
  const holds = (await deps.sessions.anonymousUuidOf(input.heldToken, apiKey)) === uuid;
  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      const known = await findClientByUuid(trx, uuid);
      const client = !known
        ? await createAnonymousClient(trx, uuid, now)
        : known.status === 'anonymous' && holds
          ? known
          : await createAnonymousClient(trx, randomUUID(), now);
      const session = await deps.sessions.create(trx, { clientId: client.id, apiKey, realm: 'anonymous_client', origin: 'ANONYMOUS', now });
      return { client, session };
    });
  let opened;
  try {
    opened = await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    opened = await run();
  }
  return deps.sessions.issue(opened.session, opened.client, now);
}
