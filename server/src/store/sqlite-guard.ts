import { readdirSync, readlinkSync, type Stats, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import type { Pino } from '../log.js';

const STATEMENT_CACHE_SIZE = 500;
/** How often the file's identity is checked while nothing writes (the health route checks on every call). */
const WATCH_INTERVAL_MS = 5_000;
/** Free space, beyond what was left when a write met a full disk, that counts as the disk having room again. */
const FREED_BYTES = 256 * 1024;

/** SQLite's own code for "the database file has been moved since it was opened": answered 503 (errors.ts). */
const GONE_CODE = 'SQLITE_READONLY_DBMOVED';

type Statement = Pick<SqliteDatabase.Statement, 'reader' | 'all' | 'run' | 'iterate'>;

/**
 * What Kysely's SQLite dialect is given instead of the bare database: prepared statements reused,
 * and the two faults a file on disk has that a query does not see.
 *
 * - The file deleted (or replaced) under the running server: SQLite goes on writing into the
 *   unlinked inode, and every write it acknowledges is lost at the next start. The path's
 *   device and inode are compared with the ones opened after every commit (a `stat`, a few µs, only
 *   for writes), on every health check and every 5 s; once they differ every statement fails with
 *   `SQLITE_READONLY_DBMOVED` (503) for good, and the log says so loudly, with where the lost
 *   file can still be copied from while this process lives.
 * - A full disk: SQLite rolls the transaction back itself on `SQLITE_FULL`, so Kysely's own
 *   `rollback` failed ("no transaction is active") and that error, a 500, hid the real one. A
 *   rollback with no transaction open is a no-op here, so `SQLITE_FULL` reaches the error handler
 *   (503 with Retry-After); health answers 503 until a write succeeds or the disk has room again.
 */
export function guardSqlite(sqlite: SqliteDatabase.Database, file: string, log: Pino) {
  const cache = new Map<string, Statement>();
  /** `:memory:` has no file to lose, nor a disk. */
  const opened = file === ':memory:' ? undefined : statSync(file);
  let gone: Error | undefined;
  /** Free bytes when a write last met a full disk; undefined when the last write went through. */
  let fullAt: number | undefined;

  const freeBytes = () => {
    if (!opened) return Number.POSITIVE_INFINITY;
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize;
  };

  const checkFile = (): void => {
    if (gone) throw gone;
    if (!opened) return;
    const now: Stats | undefined = statSync(file, { throwIfNoEntry: false });
    if (now && now.ino === opened.ino && now.dev === opened.dev) return;
    gone = Object.assign(new Error(`the database file ${file} was ${now ? 'replaced' : 'deleted'} while the server was running`), { code: GONE_CODE });
    log.fatal(
      { file, stillOpenAt: orphanPaths(file) },
      `THE DATABASE FILE ${file} WAS ${now ? 'REPLACED' : 'DELETED'} UNDER THE RUNNING SERVER: every request that needs the store now answers 503 and health is 503. Nothing is lost yet: while this process runs, its data can be copied back from the paths in stillOpenAt (stop traffic, copy them to ${file} and its -wal, then restart). A restart without the file starts an empty store: every customer and the signing keys would be gone.`,
    );
    throw gone;
  };

  const guarded = (statement: SqliteDatabase.Statement, sql: string): Statement => {
    if (statement.reader) {
      return {
        reader: true,
        all: (...params: unknown[]) => {
          checkGone();
          return statement.all(...params);
        },
        iterate: (...params: unknown[]) => {
          checkGone();
          return statement.iterate(...params);
        },
        run: (...params: unknown[]) => statement.run(...params),
      } as Statement;
    }
    const isRollback = /^\s*rollback\s*$/i.test(sql);
    return {
      reader: false,
      all: (...params: unknown[]) => statement.all(...params),
      iterate: (...params: unknown[]) => statement.iterate(...params),
      run: (...params: unknown[]) => {
        if (isRollback) {
          // SQLite already rolled back (SQLITE_FULL, SQLITE_IOERR…): nothing to undo, and the failure that did it stays the one reported.
          if (!sqlite.inTransaction) return { changes: 0, lastInsertRowid: 0 };
          return statement.run(...params);
        }
        checkGone();
        let result: SqliteDatabase.RunResult;
        try {
          result = statement.run(...params);
        } catch (err) {
          if (/^SQLITE_FULL/.test(String((err as { code?: unknown }).code))) {
            if (fullAt === undefined) log.error({ file, free: freeBytes() }, `the disk holding ${file} is full: writes answer 503 until it has room`);
            fullAt = freeBytes();
          }
          throw err;
        }
        // A write is acknowledged once it is committed: only if it is in the file the next start opens.
        if (!sqlite.inTransaction) {
          checkFile();
          if (fullAt !== undefined) log.info({ file }, 'the disk has room again: writes go through');
          fullAt = undefined;
        }
        return result;
      },
    } as Statement;
  };
  const checkGone = () => {
    if (gone) throw gone;
  };

  const timer = setInterval(() => {
    if (!opened) return;
    try {
      checkFile();
    } catch {
      clearInterval(timer);
    }
  }, WATCH_INTERVAL_MS);
  timer.unref();

  return {
    /** Kysely's `database`: `prepare` with a bounded cache keyed by SQL text (the values are parameters). */
    database: {
      prepare(sql: string) {
        let statement = cache.get(sql);
        if (!statement) {
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
          statement = guarded(sqlite.prepare(sql), sql);
          cache.set(sql, statement);
        }
        return statement;
      },
      close() {
        clearInterval(timer);
        cache.clear();
        sqlite.close();
      },
    },
    /** For health: throws (a 503 error) when the file is gone or the disk was full and still has no room. */
    check(): void {
      checkFile();
      if (fullAt !== undefined) {
        if (freeBytes() < fullAt + FREED_BYTES) throw Object.assign(new Error(`the disk holding ${file} is full`), { code: 'SQLITE_FULL' });
        fullAt = undefined;
      }
    },
  };
}

/** Where this process still holds the deleted file open (Linux): the data can be copied back from there. */
function orphanPaths(file: string): string[] {
  const path = resolve(file);
  try {
    return readdirSync('/proc/self/fd')
      .map((fd) => `/proc/${process.pid}/fd/${fd}`)
      .filter((fd) => {
        try {
          return readlinkSync(fd).startsWith(path);
        } catch {
          return false;
        }
      });
  } catch {
    return [];
  }
}
