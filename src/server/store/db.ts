import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A one-line description for the start-up banner, without credentials. */
  describe: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

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
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is a
 * good part of a small query's cost. Keyed by SQL text (the values are parameters), bounded.
 */
function cachingStatements(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        statement = sqlite.prepare(sql);
        cache.set(sql, statement);
      }
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/** Opens (and migrates) the store: PostgreSQL for a `postgres://` URL, else a SQLite file. */
export async function openStore(databaseUrl: string, options: { poolSize?: number } = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrateToLatest(db, 'postgres');
    } catch (err) {
      await db.destroy();
      throw err;
    }
    const url = new URL(databaseUrl);
    return { db, dialect: 'postgres', describe: `PostgreSQL ${url.host}${url.pathname}`, close: () => db.destroy() };
  }

  const file = databaseUrl.replace(/^sqlite:(\/\/)?/i, '');
  if (file !== ':memory:') makeDataFolder(dirname(file));
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  await migrateToLatest(db, 'sqlite');
  if (file === ':memory:') return { db, dialect: 'sqlite', describe: `SQLite ${file}`, close: () => db.destroy() };
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
