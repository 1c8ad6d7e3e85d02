import type { TokenResponse } from '../../contract/index.js';
import { isUniqueViolation } from '../errors.js';
import { createAnonymousClient, findClientByUuid } from '../store/clients.js';
import type { IdentityDeps } from './deps.js';

/**
 * An anonymous session for a UUID, its profile made on first sight, all in one transaction. Two
 * first visits racing with one UUID agree: the loser's insert fails and it retries, finding the row.
 * Counted per address first (`anonymousPerAddress`): past the limit, 429 and nothing made.
 */
export async function signInAnonymously(
  deps: Pick<IdentityDeps, 'db' | 'sessions' | 'limiter'>,
  input: { uuid: string; apiKey: string; address: string; now: number },
): Promise<TokenResponse> {
  const { uuid, apiKey, now } = input;
  await deps.limiter.anonymousLogin(input.address, now);
  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      const client = (await findClientByUuid(trx, uuid)) ?? (await createAnonymousClient(trx, uuid, now));
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
