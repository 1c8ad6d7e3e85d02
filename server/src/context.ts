import type { Kysely } from 'kysely';
import { BreachedPasswords } from './breached-passwords.js';
import type { ServerConfig } from './config.js';
import { KeyRing } from './crypto/keys.js';
import { hashPassword } from './crypto/password.js';
import { createLogger, type Pino } from './log.js';
import { Mailer } from './mail/mailer.js';
import { RateLimiter } from './rate-limit.js';
import { Sessions } from './sessions.js';
import { openStore, type Store } from './store/db.js';
import { schedulePurge } from './store/retention.js';
import type { Database } from './store/schema.js';

/** Everything a route needs, made once per server instance. */
export interface ServerContext {
  config: ServerConfig;
  store: Store;
  db: Kysely<Database>;
  keys: KeyRing;
  sessions: Sessions;
  mailer: Mailer;
  limiter: RateLimiter;
  /** Verified against when an email is unknown, so that costs what a wrong password costs. */
  dummyHash: string;
  /** The server's own origin, known once it listens. */
  publicUrl: string;
  log: Pino;
  /** The breach list new passwords are checked against (`SNR_BREACHED_PASSWORDS_URL`). */
  breachedPasswords: BreachedPasswords;
  now(): number;
  /** The hourly purge of expired rows (server/src/store/retention.ts). */
  purge: { stop(): void };
}

export const silentLogger: Pino = createLogger({ level: 'silent' });

/** `now`: the clock every expiry, window and cap is read from (tests pass a fake one). */
export async function createContext(
  config: ServerConfig,
  options: { log?: Pino; store?: Store; now?: () => number; printMail?: (text: string) => void } = {},
): Promise<ServerContext> {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const store = options.store ?? (await openStore(config.databaseUrl, { timeoutMs: config.dbTimeoutMs, log }));
  const now = options.now ?? (() => Date.now());
  const keys = await KeyRing.open(store.db, store.dialect, { now });
  keys.watch();
  return {
    config,
    store,
    db: store.db,
    keys,
    sessions: new Sessions(store.db, keys, config),
    mailer: new Mailer(store.db, config, log, options.printMail ?? (process.stdout.isTTY ? (text) => process.stdout.write(text) : undefined)),
    limiter: new RateLimiter(store.db, config.rateLimit),
    dummyHash: await hashPassword('snr-auth-dummy-password', config.pbkdf2Iterations),
    publicUrl: `http://${config.host}:${config.port}`,
    log,
    breachedPasswords: new BreachedPasswords({ url: config.breachedPasswords?.url, timeoutMs: config.breachedPasswords?.timeoutMs, log }),
    now,
    purge: schedulePurge(store.db, {
      rateLimitWindowMs: (config.rateLimit?.windowSeconds ?? 900) * 1000,
      anonymousRetentionMs: config.anonymousRetentionMs,
      log,
      now,
    }),
  };
}

export async function closeContext(ctx: ServerContext): Promise<void> {
  // Links promised by answers already sent are written before the store closes.
  await ctx.mailer.settle();
  ctx.purge.stop();
  ctx.keys.close();
  ctx.mailer.close();
  await ctx.mailer.idle();
  await ctx.store.close();
}
