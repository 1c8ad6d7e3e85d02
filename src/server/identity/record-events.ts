import type { EventBatchResponse, TrackedEvent } from '../../contract/index.js';
import type { VerifiedToken } from '../sessions.js';
import { touchClient } from '../store/clients.js';
import { encodeLabel, insertEvents } from '../store/events.js';
import { sessionClientId } from '../store/sessions.js';
import type { IdentityDeps } from './deps.js';

/**
 * Stores a batch of events (already validated whole) on the profile behind the token's session;
 * each `eventSalt` is stored once per profile and API key, whatever number of times it arrives (a
 * salt another visitor used suppresses nothing here).
 */
export async function recordEvents(
  deps: Pick<IdentityDeps, 'db'>,
  input: { token: VerifiedToken; events: TrackedEvent[]; now: number },
): Promise<EventBatchResponse> {
  const { token, events, now } = input;
  const stored = await deps.db.transaction().execute(async (trx) => {
    // The session's profile read afresh, not from the verification cache: a sign-in may have just
    // merged this anonymous session into a customer.
    const clientId = await sessionClientId(trx, token.session.id);
    const inserted = await insertEvents(
      trx,
      events.map((e) => ({
        event_salt: e.eventSalt,
        client_id: clientId,
        uuid: e.client.uuid,
        action: e.action,
        label: e.label === undefined ? null : encodeLabel(e.label),
        event_time: Date.parse(e.time),
        params: JSON.stringify(e.params ?? {}),
        received_at: now,
        api_key: token.claims.aud,
      })),
    );
    if (token.claims.rlm === 'client') await touchClient(trx, clientId, now);
    return inserted;
  });
  return { status: 'ACCEPTED', received: events.length, duplicates: events.length - stored };
}
