/**
 * The server under load, run by bench/server.ts in a process of its own so the load generator never
 * shares its event loop. Configured by environment (DESIGN.md §8); answers a few questions over IPC.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createLogger } from '../server/src/log.js';
import { startServer } from '../server/src/main.js';

if (!process.send) throw new Error('bench/server-entry.ts is started by bench/server.ts (it needs an IPC channel)');

const server = await startServer({
  env: process.env,
  port: 0,
  host: '127.0.0.1',
  // Errors only (a 500 under load must show); per-request info lines would measure the log sink.
  log: createLogger({ level: process.env.SNR_LOG_LEVEL ?? 'error' }),
});

const TABLES = new Set(['events', 'sessions', 'clients']);

process.on('message', async (m: { id: number; type: string; table?: string }) => {
  try {
    if (m.type === 'count' && m.table && TABLES.has(m.table)) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(m.table)}`.execute(server.ctx.db);
      process.send!({ id: m.id, type: 'count', count: Number(rows[0]!.n) });
    } else if (m.type === 'elu') {
      // Event-loop utilisation since start (bench/load.ts diffs two readings): how busy the one JS thread is.
      process.send!({ id: m.id, type: 'elu', elu: performance.eventLoopUtilization() });
    } else if (m.type === 'memory') {
      const before = process.memoryUsage();
      (globalThis as { gc?: () => void }).gc?.();
      process.send!({ id: m.id, type: 'memory', usage: before, afterGc: process.memoryUsage() });
    } else if (m.type === 'close') {
      await server.close();
      process.send!({ id: m.id, type: 'closed', maxRss: process.resourceUsage().maxRSS * 1024 }, () => process.exit(0));
    } else {
      process.send!({ id: m.id, type: 'error', message: `unknown request ${m.type}` });
    }
  } catch (err) {
    process.send!({ id: m.id, type: 'error', message: String(err) });
  }
});

// The bench process went away without closing us: do not linger as an orphan holding a port.
process.on('disconnect', () => process.exit(1));

process.send({ type: 'ready', url: server.url, pid: process.pid });
