import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints, off the request path. By default the connection that commits the
 * 1000th page of the write-ahead log copies it back into the database file then and there, with
 * an fsync, on the event loop: one request in a thousand pages waits for the disk, and on this
 * machine that was more than half of SQLite's share of an anonymous login (271 µs per login with
 * automatic checkpoints, 105 µs without; bench notes in BENCHMARKS.md).
 *
 * Here the server's connection never checkpoints (`wal_autocheckpoint = 0`); a worker thread with a
 * connection of its own runs a PASSIVE checkpoint every `intervalMs` (PASSIVE never blocks a writer
 * or a reader). Durability is unchanged: commits reach the WAL either way (`synchronous = NORMAL`).
 * If the worker fails, the connection goes back to checkpointing by itself, so the WAL never grows
 * without bound.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

// CommonJS, run with `eval`, so it needs no file of its own next to the compiled server or tsx.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try { db.pragma('wal_checkpoint(' + mode + ')'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, options: { intervalMs?: number; onFailure: (error: Error) => void }): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 100 } });
  // Never keeps the process alive on its own.
  worker.unref();
  let failed = false;
  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    options.onFailure(error);
  };
  worker.on('message', (message: { error?: string }) => {
    if (message?.error) fail(new Error(`WAL checkpoint failed: ${message.error}`));
  });
  worker.on('error', fail);
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping) fail(new Error(`the WAL checkpoint worker exited (${code})`));
      resolve();
    }),
  );
  return {
    async stop() {
      stopping = true;
      if (failed) {
        await worker.terminate();
        return;
      }
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
