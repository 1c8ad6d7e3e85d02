import type { Kysely } from 'kysely';
import type { Pino } from '../log.js';
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
} as const;

export interface PurgeCounts {
  sessions: number;
  emailTokens: number;
  rateLimits: number;
  outbox: number;
}

/**
 * Deletes what no request can need any more, so the store does not grow with every visit: dead
 * sessions, expired email tokens, rate-limit windows that have ended, and sent mail. Profiles and
 * events are data, never purged here. Safe to run from every instance at once.
 */
export async function purgeExpired(db: Kysely<Database>, now: number, rateLimitWindowMs: number): Promise<PurgeCounts> {
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
  return {
    sessions: Number(sessions.numDeletedRows),
    emailTokens: Number(emailTokens.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    outbox: Number(outbox.numDeletedRows),
  };
}

/** Purges once a minute after start, then every hour; failures (the store away) are logged and tried again next time. */
export function schedulePurge(db: Kysely<Database>, options: { rateLimitWindowMs: number; log: Pino; now?: () => number }): { stop(): void } {
  const now = options.now ?? Date.now;
  const run = () => {
    purgeExpired(db, now(), options.rateLimitWindowMs).then(
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
