import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { createLogger, type Pino } from '../log.js';
import { startCheckpointer } from './checkpointer.js';
import { poolWithDeadline } from './deadline.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';
import { guardSqlite } from './sqlite-guard.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A one-line description for the start-up banner, without credentials. */
  describe: string;
  /** For health: resolves when the store answers and can keep what it acknowledges; throws (a 503 error) when not. */
  check(): Promise<void>;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** The default of `SNR_DB_TIMEOUT_MS`. */
export const DEFAULT_DB_TIMEOUT_MS = 3_000;

/**
 * Makes the SQLite file's folder. A folder the server creates (`.data/` by default: customers and
 * signing keys) gets a `.gitignore` of its own holding `*`, so an app that starts the server in its
 * repository never commits it, whatever the app's own `.gitignore` says. A folder that already
 * exists is the site's: left as it is.
 */
export function makeDataFolder(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/.gitignore`, '# Made by snr-auth: customers and signing keys, never to be committed.\n*\n');
}

/**
 * Opens (and migrates) the store: PostgreSQL for a `postgres://` URL, else a SQLite file.
 * `timeoutMs` (PostgreSQL): the deadline of each query and of each wait for a pooled connection.
 * `log`: where a store fault the operator must act on is reported (SQLite file deleted, disk full).
 */
export async function openStore(databaseUrl: string, options: { poolSize?: number; timeoutMs?: number; log?: Pino } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: timeoutMs,
      // Timestamps are bigint columns holding epoch milliseconds: safe as JS numbers.
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
      },
    });
    // A connection lost while idle in the pool, or while held between two statements of a
    // transaction, emits 'error' on its client: without a listener that would crash the process
    // during a database outage. The query under way fails on its own (answered 503), the pool
    // drops the broken client, and the next query connects afresh.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolWithDeadline(pool, timeoutMs) }) });
    try {
      await migrateToLatest(db, 'postgres');
    } catch (err) {
      await db.destroy();
      throw err;
    }
    const url = new URL(databaseUrl);
    return { db, dialect: 'postgres', describe: `PostgreSQL ${url.host}${url.pathname}`, check: () => ping(db), close: () => db.destroy() };
  }

  const file = databaseUrl.replace(/^sqlite:(\/\/)?/i, '');
  if (file !== ':memory:') makeDataFolder(dirname(file));
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const guard = guardSqlite(sqlite, file, options.log ?? createLogger({ level: 'error' }));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: guard.database }) });
  await migrateToLatest(db, 'sqlite');
  const check = async () => {
    guard.check();
    await ping(db);
  };
  if (file === ':memory:') return { db, dialect: 'sqlite', describe: `SQLite ${file}`, check, close: () => db.destroy() };
  // Checkpoints in a worker thread, not in whichever request commits the 1000th WAL page.
  sqlite.pragma('journal_size_limit = 67108864');
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(file, {
    onFailure: () => {
      if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
    },
  });
  return {
    db,
    dialect: 'sqlite',
    describe: `SQLite ${file}`,
    check,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/** Whether the store answers at all (the health route). */
export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
