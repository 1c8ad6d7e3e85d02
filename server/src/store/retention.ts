import type { Kysely } from 'kysely';
import type { Pino } from '../log.js';
import { purgeIdTokenNonces } from './id-token-nonces.js';
import type { Database } from './schema.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long rows that nothing needs any more are kept before `purgeExpired()` deletes them. */
export const RETENTION = {
  /** Sessions past their cap or revoked: a day, so a token issued before still meets its row (its `exp` is at most the token lifetime away). */
  deadSessionsMs: DAY_MS,
  /** Emailed-link tokens past their expiry: a day, so a late click still hears "not valid any more" rather than nothing. */
  expiredEmailTokensMs: DAY_MS,
  /** Mail delivered (or shown, in outbox mode) a week ago. */
  sentMailMs: 7 * DAY_MS,
  /** Anonymous profiles that never tracked an event, unless `SNR_ANONYMOUS_RETENTION_DAYS` says otherwise. */
  idleAnonymousMs: 30 * DAY_MS,
} as const;

/** Anonymous profiles are deleted this many at a time, so no one statement holds the store for long. */
const ANONYMOUS_BATCH = 500;

export interface PurgeCounts {
  sessions: number;
  emailTokens: number;
  rateLimits: number;
  outbox: number;
  anonymousProfiles: number;
  /** Passkey ceremony challenges past their end (minutes old: nobody can answer them any more). */
  webauthnChallenges: number;
  idTokenNonces: number;
}

/**
 * Deletes what no request can need any more, so the store does not grow with every visit: dead
 * sessions, expired email tokens, rate-limit windows that have ended, sent mail, ID-token nonces
 * past their keeping time, and anonymous
 * profiles that never tracked an event and have had no session for `anonymousRetentionMs` (with
 * their sessions and UUIDs: a visitor coming back with that UUID gets a fresh profile). Customers
 * and events are data, never purged here. Safe to run from every instance at once.
 */
export async function purgeExpired(
  db: Kysely<Database>,
  now: number,
  rateLimitWindowMs: number,
  anonymousRetentionMs: number = RETENTION.idleAnonymousMs,
): Promise<PurgeCounts> {
  const deadBefore = now - RETENTION.deadSessionsMs;
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', deadBefore), eb('revoked_at', '<', deadBefore)]))
    .executeTakeFirst();
  const emailTokens = await db
    .deleteFrom('email_tokens')
    .where('expires_at', '<', now - RETENTION.expiredEmailTokensMs)
    .executeTakeFirst();
  const rateLimits = await db
    .deleteFrom('rate_limits')
    .where('window_start', '<=', now - rateLimitWindowMs)
    .executeTakeFirst();
  const outbox = await db
    .deleteFrom('outbox')
    .where('sent_at', '<', now - RETENTION.sentMailMs)
    .executeTakeFirst();
  const anonymousProfiles = await purgeIdleAnonymous(db, now - anonymousRetentionMs);
  const webauthnChallenges = await db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).executeTakeFirst();
  // A nonce past its keeping time guards nothing: the ID token that carried it has expired too.
  const idTokenNonces = await purgeIdTokenNonces(db, now);
  return {
    sessions: Number(sessions.numDeletedRows),
    emailTokens: Number(emailTokens.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    outbox: Number(outbox.numDeletedRows),
    anonymousProfiles,
    webauthnChallenges: Number(webauthnChallenges.numDeletedRows),
    idTokenNonces,
  };
}

/**
 * Anonymous profiles made before `before` with no event and no session made or refreshed since,
 * deleted with their sessions and UUIDs, a batch per transaction. Each batch is chosen again inside
 * its transaction, so a profile that tracked an event or opened a session meanwhile stays.
 */
async function purgeIdleAnonymous(db: Kysely<Database>, before: number): Promise<number> {
  let purged = 0;
  for (;;) {
    const deleted = await db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom('clients')
          .select('id')
          .where('status', '=', 'anonymous')
          .where('created_at', '<', before)
          .where(({ exists, not, selectFrom }) => not(exists(selectFrom('events').select('events.id').whereRef('events.client_id', '=', 'clients.id'))))
          .where(({ exists, not, selectFrom }) =>
            not(
              exists(
                selectFrom('sessions')
                  .select('sessions.id')
                  .whereRef('sessions.client_id', '=', 'clients.id')
                  .where((s) => s.or([s('sessions.created_at', '>=', before), s('sessions.refreshed_at', '>=', before)])),
              ),
            ),
          )
          .limit(ANONYMOUS_BATCH)
          .execute()
      ).map((r) => r.id);
      if (!ids.length) return 0;
      await trx.deleteFrom('sessions').where('client_id', 'in', ids).execute();
      await trx.deleteFrom('client_uuids').where('client_id', 'in', ids).execute();
      await trx.deleteFrom('email_tokens').where('client_id', 'in', ids).execute();
      const gone = await trx.deleteFrom('clients').where('id', 'in', ids).where('status', '=', 'anonymous').executeTakeFirst();
      return Number(gone.numDeletedRows);
    });
    purged += deleted;
    if (deleted < ANONYMOUS_BATCH) return purged;
  }
}

/** Purges once a minute after start, then every hour; failures (the store away) are logged and tried again next time. */
export function schedulePurge(
  db: Kysely<Database>,
  options: { rateLimitWindowMs: number; anonymousRetentionMs?: number; log: Pino; now?: () => number },
): { stop(): void } {
  const now = options.now ?? Date.now;
  const run = () => {
    purgeExpired(db, now(), options.rateLimitWindowMs, options.anonymousRetentionMs).then(
      (counts) => options.log.debug({ purged: counts }, 'expired rows purged'),
      (err: unknown) => options.log.warn({ reason: (err as Error).message }, 'purging expired rows failed; trying again later'),
    );
  };
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, 60 * 60 * 1000);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
