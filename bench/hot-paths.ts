/**
 * `node --conditions=snr-auth-source --import tsx bench/hot-paths.ts [rounds]`: only the HTTP figures of the hottest paths,
 * anonymous login (a new UUID each), refresh (300 anonymous sessions cycled) and event batches (20
 * small events each, over the same 300 sessions), with the server's CPU per request — the part of
 * bench/server.ts to run when a change to the request path must not make them dearer (issue 11:
 * within 5 %). Same server set-up as bench/server.ts (SQLite file, rate limits off unless
 * `HOT_RATE_LIMIT` gives `SNR_RATE_LIMIT`: set it to measure what the limits cost); each round starts
 * a fresh server and runs the phases; the median of the rounds is printed. Nothing is written to
 * BENCHMARKS.md. Run it in two checkouts back to back to compare them.
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
  // A refused request (a 429 of a limit set too low) costs less than a served one: it must not hide in the figure.
  if (result.failed) throw new Error(`${result.failed} answers were not 2xx`);
  return { rate: result.rate, cpuPerOp: (processMs * 1000) / (result.ok + result.unanswered), otherCores: otherCores ?? NaN };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const anonymousRuns: number[] = [];
const refreshRuns: number[] = [];
const eventRuns: number[] = [];
const EVENTS_PER_BATCH = 20;

for (let round = 0; round < rounds; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'snr-hot-'));
  const server = await ServerProcess.start({
    DATABASE_URL: join(dir, 'bench.sqlite'),
    SNR_RATE_LIMIT: process.env.HOT_RATE_LIMIT ?? 'off',
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
    const uuids: string[] = [];
    for (let i = 0; i < REFRESH_SESSIONS; i++) {
      const uuid = randomUUID();
      const res = await fetch(`${server.url}/sauth/v3/auth/login/client/anonymous`, {
        method: 'POST',
        headers: jsonHeaders,
        body: json({ apiKey: API_KEY, uuid }),
      });
      tokens.push(((await res.json()) as { token: string }).token);
      uuids.push(uuid);
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
    // Refreshing replaced the tokens: take the current ones for the events.
    for (let i = 0; i < REFRESH_SESSIONS; i++) {
      const res = await fetch(`${server.url}/sauth/v3/auth/login/client/anonymous`, {
        method: 'POST',
        headers: jsonHeaders,
        body: json({ apiKey: API_KEY, uuid: uuids[i] }),
      });
      tokens[i] = ((await res.json()) as { token: string }).token;
    }
    let batch = 0;
    const events = await phase(server, [
      {
        method: 'POST',
        path: '/v4/events/batch',
        setupRequest: (req) => {
          const i = batch++ % tokens.length;
          const time = new Date().toISOString();
          const body = Array.from({ length: EVENTS_PER_BATCH }, () => ({
            action: 'page.visit',
            label: 'Home',
            time,
            params: { path: '/products/42', referrer: 'https://example.com/' },
            eventSalt: randomUUID(),
            client: { uuid: uuids[i] },
          }));
          return { ...req, headers: { ...jsonHeaders, authorization: `Bearer ${tokens[i]}` }, body: json(body) };
        },
      },
    ]);
    anonymousRuns.push(anon.cpuPerOp);
    refreshRuns.push(refresh.cpuPerOp);
    eventRuns.push(events.cpuPerOp);
    console.log(
      `round ${round + 1}: anonymous login ${anon.cpuPerOp.toFixed(0)} µs CPU/req (${anon.rate.toFixed(0)}/s, others ${anon.otherCores.toFixed(2)} cores); ` +
        `refresh ${refresh.cpuPerOp.toFixed(0)} µs CPU/req (${refresh.rate.toFixed(0)}/s, others ${refresh.otherCores.toFixed(2)} cores); ` +
        `events ${events.cpuPerOp.toFixed(0)} µs CPU/batch of ${EVENTS_PER_BATCH} (${events.rate.toFixed(0)}/s, others ${events.otherCores.toFixed(2)} cores)`,
    );
  } finally {
    await server.stop().catch(() => server.kill());
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  `median of ${rounds}: anonymous login ${median(anonymousRuns).toFixed(0)} µs CPU/req; refresh ${median(refreshRuns).toFixed(0)} µs CPU/req; ` +
    `events ${median(eventRuns).toFixed(0)} µs CPU/batch`,
);
