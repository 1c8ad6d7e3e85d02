/**
 * The raw PBKDF2 rate, the yardstick for sign-ins: node's async crypto.pbkdf2 (libuv's thread pool,
 * as the server uses it) with the server's parameters, `concurrency` calls in flight, no HTTP.
 *
 * Started by bench/server.ts with an IPC channel, it stays up and runs one segment per
 * `{ type: 'run', iterations, concurrency, count }` message, so segments can alternate with the
 * sign-in segments without paying a process start each time. Standalone:
 *   node --conditions=snr-auth-source --import tsx bench/pbkdf2-raw.ts <iterations> <concurrency> <count>
 * Each segment answers { ops, seconds, rate, latencies (ms), maxRss, cpuMs, otherCores }.
 *
 * A segment is a fixed number of hashes, and its rate is hashes / time to the last one, exactly as
 * the sign-in segments are measured (a fixed number of sign-ins): with a few 0.3–3 s operations in
 * lockstep on the thread pool, a fixed time window would be off by up to a whole batch.
 */
import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { CpuProbe } from './lib.js';

const pbkdf2Async = promisify(pbkdf2);

export interface RawSegment {
  ops: number;
  seconds: number;
  rate: number;
  latencies: number[];
  maxRss: number;
  cpuMs?: number;
  otherCores?: number;
}

async function segment(iterations: number, concurrency: number, count: number): Promise<RawSegment> {
  const cpu = new CpuProbe();
  cpu.start();
  const start = performance.now();
  const latencies: number[] = [];
  let started = 0;
  let lastDone = start;
  const worker = async () => {
    while (started < count) {
      started++;
      const t = performance.now();
      // Same shape as the server's verifyPassword: NFC password, 16-byte salt, 32-byte key, SHA-256.
      await pbkdf2Async('Secret1!'.normalize('NFC'), randomBytes(16), iterations, 32, 'sha256');
      lastDone = performance.now();
      latencies.push(lastDone - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const { processMs, otherCores } = cpu.stop();
  const seconds = (lastDone - start) / 1000;
  return {
    ops: latencies.length,
    seconds,
    rate: seconds > 0 ? latencies.length / seconds : 0,
    latencies,
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMs: processMs,
    otherCores,
  };
}

if (process.send) {
  process.on('message', async (m: { id: number; type: string; iterations: number; concurrency: number; count: number }) => {
    if (m.type === 'run') process.send!({ id: m.id, type: 'segment', result: await segment(m.iterations, m.concurrency, m.count) });
    else if (m.type === 'close') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' });
} else {
  const [iterations, concurrency, count] = process.argv.slice(2).map(Number);
  if (!iterations || !concurrency || !count) throw new Error('usage: pbkdf2-raw.ts <iterations> <concurrency> <count>');
  console.log(JSON.stringify(await segment(iterations, concurrency, count)));
}
