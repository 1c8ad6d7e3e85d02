import type { EventBatchResponse, TrackedEvent } from 'snr-auth/contract';
import type { VerifiedToken } from '../sessions.js';
import { touchClient } from '../store/clients.js';
import { encodeLabel, insertEvents } from '../store/events.js';
import { sessionClientId } from '../store/sessions.js';
import type { IdentityDeps } from './deps.js';

/**
 * Stores a batch of events (already validated whole) on the profile behind the token's session;
 * each `eventSalt` is stored once per profile and API key, whatever number of times it arrives (a
 * salt another visitor used suppresses nothing here). The batch is counted (events and bytes of
 * action, label and parameters) against the session's and the profile's limits before anything is
 * stored: a refused batch (429) stores nothing and uses up nothing.
 */
export async function recordEvents(
  deps: Pick<IdentityDeps, 'db' | 'limiter'>,
  input: { token: VerifiedToken; events: TrackedEvent[]; now: number },
): Promise<EventBatchResponse> {
  const { token, events, now } = input;
  let bytes = 0;
  const rows = events.map((e) => {
    const params = JSON.stringify(e.params ?? {});
    const label = e.label === undefined ? null : encodeLabel(e.label);
    bytes += Buffer.byteLength(params) + Buffer.byteLength(e.action) + (label === null ? 0 : Buffer.byteLength(label));
    return {
      event_salt: e.eventSalt,
      client_id: 0,
      uuid: e.client.uuid,
      action: e.action,
      label,
      event_time: Date.parse(e.time),
      params,
      received_at: now,
      api_key: token.claims.aud,
    };
  });
  // The profile as the token's verification saw it (a merge a moment ago may still count against the
  // anonymous profile it folded in: a quota, not a ledger).
  await deps.limiter.events({ sessionId: token.session.id, clientId: token.session.client_id }, { count: events.length, bytes }, now);
  const stored = await deps.db.transaction().execute(async (trx) => {
    // The session's profile read afresh, not from the verification cache: a sign-in may have just
    // merged this anonymous session into a customer.
    const clientId = await sessionClientId(trx, token.session.id);
    for (const row of rows) row.client_id = clientId;
    const inserted = await insertEvents(trx, rows);
    if (token.claims.rlm === 'client') await touchClient(trx, clientId, now);
    return inserted;
  });
  return { status: 'ACCEPTED', received: events.length, duplicates: events.length - stored };
}
