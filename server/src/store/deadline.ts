import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/** A query, or the wait for a pooled connection, ran past the store's deadline (`SNR_DB_TIMEOUT_MS`): answered 503. */
export class StoreTimeout extends Error {
  override name = 'StoreTimeout';
  readonly code = 'SNR_STORE_TIMEOUT';
}

/**
 * The pool Kysely sees: every query has `ms` to answer. A frozen server (SIGSTOP) or a connection
 * that stops answering would otherwise hold the request, and its pooled connection, for as long as
 * the freeze lasts. A query past its deadline fails with `StoreTimeout`; its connection is broken
 * for good (later queries on it fail at once, a transaction's rollback included) and, when Kysely
 * releases it, the pool destroys it instead of taking it back: a late answer cannot reach the next
 * query. The next checkout connects afresh, so the store serves again once the server answers.
 */
export function poolWithDeadline(pool: pg.Pool, ms: number): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let guarded = wrapped.get(client);
      if (!guarded) {
        guarded = guard(client, ms);
        wrapped.set(client, guarded);
      }
      return guarded;
    },
    end: () => pool.end(),
  };
}

function guard(client: pg.PoolClient, ms: number): PostgresPoolClient {
  let broken: StoreTimeout | undefined;
  const query = <R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> => {
    if (broken) return Promise.reject(broken);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        broken = new StoreTimeout(`the database did not answer within ${ms} ms`);
        reject(broken);
      }, ms);
      // After the deadline the query's own outcome (the answer, or the error when the pool ends
      // the connection) has nobody waiting for it: settled here so it is never unhandled.
      client.query(sql, parameters as unknown[]).then(
        (result) => {
          clearTimeout(timer);
          resolve(result as unknown as PostgresQueryResult<R>);
        },
        (err) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  };
  return {
    query: query as PostgresPoolClient['query'],
    // An error makes the pool end the client (with a query still on the wire pg destroys the socket).
    release: (destroy?: boolean) => client.release(broken ?? destroy),
  };
}
