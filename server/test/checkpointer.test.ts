/**
 * SQLite's WAL checkpoints run in a worker thread (server/src/store/checkpointer.ts), not in the
 * request that commits the 1000th page: the server's connection never checkpoints, the worker
 * copies the log back into the database file, and a worker that dies hands checkpointing back.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startCheckpointer } from '../src/store/checkpointer.js';
import { openStore } from '../src/store/db.js';

const dir = mkdtempSync(join(tmpdir(), 'snr-checkpoint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('slow: WAL checkpoints off the request path (SQLite)', () => {
  it('the server connection never checkpoints; the worker copies the log into the database file', async () => {
    const file = join(dir, 'a.sqlite');
    const store = await openStore(file);
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(store.db);
      assert.equal(rows[0]!.wal_autocheckpoint, 0, 'the connection that serves requests does not checkpoint');
      const before = statSync(file).size;
      // About 3 MB of rows: far more than the 1000 pages (4 MB) rule would leave in the log, and
      // nothing here checkpoints but the worker.
      const now = Date.now();
      for (let batch = 0; batch < 30; batch++) {
        await store.db
          .insertInto('clients')
          .values(
            Array.from({ length: 100 }, () => ({
              uuid: randomUUID(),
              status: 'anonymous',
              email_confirmed: 0,
              agreements: '{}',
              attributes: JSON.stringify({ pad: 'x'.repeat(900) }),
              tags: '[]',
              created_at: now,
              updated_at: now,
            })),
          )
          .execute();
      }
      await until(() => statSync(file).size > before + 2_000_000, 'the database file to receive the logged pages');
    } finally {
      await store.close();
    }
  });

  it('a worker that cannot checkpoint hands the job back', async () => {
    let failure: Error | undefined;
    const checkpointer = startCheckpointer(join(dir, 'missing', 'nothing.sqlite'), { onFailure: (error) => (failure = error) });
    await until(() => failure !== undefined, 'the failure to be reported');
    assert.match(failure!.message, /exited|unable to open|directory does not exist|SQLITE_CANTOPEN/i);
    await checkpointer.stop();
  });
});
