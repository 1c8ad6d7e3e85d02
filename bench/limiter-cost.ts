/**
 * `node --conditions=snr-auth-source --import tsx bench/limiter-cost.ts`: what the hot-path quotas cost by themselves, in CPU µs
 * per call of the limiter (default limits, a SQLite file): an event batch (20 events, 300 sessions
 * and profiles cycled, so leases are reserved a slice at a time) and an anonymous login (each from
 * an address of its own, as visitors come: the free first slice). Compare with the CPU of the whole
 * request (bench/hot-paths.ts, bench/ab-hot-paths.ts). Three rounds, each in a fresh window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { RateLimiter } from '../server/src/rate-limit.js';
import { openStore } from '../server/src/store/db.js';

const dir = mkdtempSync(join(tmpdir(), 'snr-limiter-'));
const store = await openStore(join(dir, 'limiter.sqlite'));
const limiter = new RateLimiter(store.db, loadConfig({}).rateLimit!);
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const N = 50_000;
try {
  for (let round = 0; round < 3; round++) {
    const now = 1_000_000 + round * 10_000_000;
    let start = cpu();
    for (let i = 0; i < N; i++) {
      await limiter.events({ sessionId: `s${i % 300}-${round}`, clientId: (i % 300) + round * 1000 }, { count: 20, bytes: 1400 }, now);
    }
    const events = (cpu() - start) / N;
    start = cpu();
    for (let i = 0; i < N; i++) await limiter.anonymousLogin(`10.${round}.${(i >> 8) & 255}.${i & 255}`, now);
    const anonymous = (cpu() - start) / N;
    console.log(`round ${round + 1}: event batch ${events.toFixed(1)} µs CPU; anonymous login ${anonymous.toFixed(1)} µs CPU`);
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
