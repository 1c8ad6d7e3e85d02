/**
 * `node --import tsx bench/hot-paths.ts [rounds]`: only the HTTP figures of the two hottest paths,
 * anonymous login (a new UUID each) and refresh (300 anonymous sessions cycled), with the server's
 * CPU per request — the part of bench/server.ts to run when a change to the request path must not
 * make them dearer (issue 11: within 5 %). Same server set-up as bench/server.ts (SQLite file,
 * rate limits off); each round starts a fresh server and runs both phases; the median of the
 * rounds is printed. Nothing is written to BENCHMARKS.md. Run it in two checkouts back to back to
 * compare them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuProbe, type LoadRequest, load, ServerProcess, seconds, waitIdle } from './lib.js';

const API_KEY = 'snr-local-dev-key';
const CONNECTIONS = 32;
const REFRESH_SESSIONS = 300;
const rounds = Number(process.argv[2] ?? '3');
const json = (body: unknown) => JSON.stringify(body);
const jsonHeaders = { 'content-type': 'application/json' };

async function phase(server: ServerProcess, requests: LoadRequest[]): Promise<{ rate: number; cpuPerOp: number; otherCores: number }> {
  await load({ url: server.url, connections: CONNECTIONS, duration: seconds(2), requests });
  await waitIdle(server.pid);
  const cpu = new CpuProbe(server.pid);
  cpu.start();
  const result = await load({ url: server.url, connections: CONNECTIONS, duration: seconds(10), requests });
  await waitIdle(server.pid);
  const { processMs, otherCores } = cpu.stop();
  if (processMs === undefined || result.ok === 0) throw new Error('no CPU reading or no answers');
  return { rate: result.rate, cpuPerOp: (processMs * 1000) / (result.ok + result.unanswered), otherCores: otherCores ?? NaN };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const anonymousRuns: number[] = [];
const refreshRuns: number[] = [];

for (let round = 0; round < rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'snr-hot-'));
  const server = await ServerProcess.start({
    DATABASE_URL: join(dir, 'bench.sqlite'),
    SNR_RATE_LIMIT: 'off',
    SNR_REGISTRATION_MODE: 'automatic',
    SNR_TOKEN_TTL: '3600',
  });
  try {
    const anon = await phase(server, [
      {
        method: 'POST',
        path: '/sauth/v3/auth/login/client/anonymous',
        headers: jsonHeaders,
        setupRequest: (req) => ({ ...req, body: json({ apiKey: API_KEY, uuid: randomUUID() }) }),
      },
    ]);
    const tokens: string[] = [];
    for (let i = 0; i < REFRESH_SESSIONS; i++) {
      const res = await fetch(`${server.url}/sauth/v3/auth/login/client/anonymous`, {
        method: 'POST',
        headers: jsonHeaders,
        body: json({ apiKey: API_KEY, uuid: randomUUID() }),
      });
      tokens.push(((await res.json()) as { token: string }).token);
    }
    let seq = 0;
    const refresh = await phase(server, [
      {
        method: 'POST',
        path: '/sauth/v3/auth/refresh/client',
        body: json({ apiKey: API_KEY }),
        setupRequest: (req) => ({ ...req, headers: { ...jsonHeaders, authorization: `Bearer ${tokens[seq++ % tokens.length]}` } }),
      },
    ]);
    anonymousRuns.push(anon.cpuPerOp);
    refreshRuns.push(refresh.cpuPerOp);
    console.log(
      `round ${round + 1}: anonymous login ${anon.cpuPerOp.toFixed(0)} µs CPU/req (${anon.rate.toFixed(0)}/s, others ${anon.otherCores.toFixed(2)} cores); ` +
        `refresh ${refresh.cpuPerOp.toFixed(0)} µs CPU/req (${refresh.rate.toFixed(0)}/s, others ${refresh.otherCores.toFixed(2)} cores)`,
    );
  } finally {
    await server.stop().catch(() => server.kill());
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`median of ${rounds}: anonymous login ${median(anonymousRuns).toFixed(0)} µs CPU/req; refresh ${median(refreshRuns).toFixed(0)} µs CPU/req`);
