/**
 * Server benchmarks of issue 2, over real HTTP on 127.0.0.1: the server runs in a process of its own
 * (bench/server-entry.ts), autocannon drives it from this process, and the raw PBKDF2 yardstick
 * runs in a third process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuProbe, type LoadRequest, type LoadResult, load, MemoryProbe, percentiles, RawHasher, SCALE, ServerProcess, seconds, waitIdle } from './lib.js';
import type { RawSegment } from './pbkdf2-raw.js';

const API_KEY = 'snr-local-dev-key';
const PASSWORD = 'Secret1!';
const ITERATIONS = 600_000;

/** Sign-ins in flight (autocannon connections) and PBKDF2 calls in flight in the raw run. */
const SIGNIN_CONCURRENCY = 8;
const SIGNIN_ACCOUNTS = 16;
/** Sign-in segments, each between two raw PBKDF2 segments, of this many operations each. */
const SIGNIN_ROUNDS = 4;
const SEGMENT_OPS = 24;
/** After this long (ms, scaled by BENCH_SCALE) no further sign-in round starts (at least two run). */
const SIGNIN_BUDGET_MS = 60_000;
const HTTP_CONNECTIONS = 32;
const REFRESH_SESSIONS = 300;
const EVENT_SESSIONS = 32;
const EVENTS_PER_BATCH = 100;

export interface Figure {
  name: string;
  /** Successful operations per second. */
  rate: number;
  unit: string;
  p50: number;
  p99: number;
  /** Peak RSS of the server process (or of the raw PBKDF2 process) during the phase, bytes. */
  peakRss: number;
  /** Server CPU time per successful request (the raw process's per hash), µs. */
  cpuPerOp?: number;
  /** Cores kept busy by other processes on the machine during the phase. */
  otherCores?: number;
  ratio?: { value: number; against: string };
  target?: { kind: 'rate' | 'ratio'; min: number };
  notes: string[];
}

export interface ServerBenchResult {
  figures: Figure[];
  notes: string[];
}

export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (!f.target) return '';
  const value = f.target.kind === 'ratio' ? f.ratio?.value : f.rate;
  return value !== undefined && value >= f.target.min ? 'PASS' : 'MISS';
}

interface Account {
  email: string;
}

interface Session {
  token: string;
  uuid: string;
}

const json = (body: unknown) => JSON.stringify(body);
const jsonHeaders = { 'content-type': 'application/json' };

async function call(url: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { ...jsonHeaders, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function anonymous(url: string, uuid = randomUUID()): Promise<Session> {
  const res = await call(url, '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid });
  if (res.status !== 200) throw new Error(`anonymous login failed: ${res.status} ${json(res.body)}`);
  return { token: res.body.token, uuid };
}

/** Runs `task` for 0..n-1 with at most `limit` in flight. */
async function pool<T>(n: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

function describeFailures(r: LoadResult): string[] {
  const notes: string[] = [];
  const bad = Object.entries(r.statusCodes).filter(([code]) => !code.startsWith('2'));
  if (bad.length) notes.push(`non-2xx answers: ${bad.map(([c, n]) => `${n}× ${c}`).join(', ')}`);
  if (r.errors) notes.push(`${r.errors} connection errors/timeouts`);
  return notes;
}

export async function runServerBench(log: (line: string) => void = console.log): Promise<ServerBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'snr-bench-'));
  const figures: Figure[] = [];
  const notes: string[] = [];
  const server = await ServerProcess.start({
    DATABASE_URL: join(dir, 'bench.sqlite'),
    SNR_PBKDF2_ITERATIONS: String(ITERATIONS),
    SNR_RATE_LIMIT: 'off',
    SNR_REGISTRATION_MODE: 'automatic',
    SNR_TOKEN_TTL: '3600',
  }).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const { url } = server;
  const memory = new MemoryProbe(server.pid);
  const cpu = new CpuProbe(server.pid);

  /** One measured autocannon phase with the server's peak RSS around it; optional short warm-up first. */
  const phase = async (name: string, requests: LoadRequest[], options: { duration?: number; amount?: number; connections: number; warmup?: number }) => {
    if (options.warmup) await load({ url, connections: options.connections, duration: options.warmup, requests });
    await waitIdle(server.pid);
    log(`  ${name}: ${options.amount ? `${options.amount} requests` : `${options.duration} s`}, ${options.connections} connections`);
    memory.start();
    cpu.start();
    const startedAt = performance.now();
    const result = await load({ url, connections: options.connections, duration: options.duration, amount: options.amount, requests });
    // The server finishes the requests still in flight when the run ends: their CPU is counted
    // until it is idle, and so are they (matters for sign-ins, where a few 0.3 s hashes are in flight).
    await waitIdle(server.pid);
    const peakRss = memory.stop();
    const { processMs, otherCores } = cpu.stop();
    const cpuPerOp = processMs !== undefined && result.ok > 0 ? (processMs * 1000) / (result.ok + result.unanswered) : undefined;
    log(
      `    ${result.rate.toFixed(1)}/s ok, p50 ${result.p50} ms, p99 ${result.p99} ms, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB, server CPU ${cpuPerOp?.toFixed(0) ?? '?'} µs/req, others busy ${otherCores?.toFixed(2) ?? '?'} cores${result.failed || result.errors ? `, ${result.failed} non-2xx, ${result.errors} errors` : ''}`,
    );
    return { result, peakRss, cpuPerOp, otherCores, startedAt };
  };

  try {
    // ---- accounts, registered through the server itself at the default iterations ----------------
    log(`  registering ${SIGNIN_ACCOUNTS} accounts at ${ITERATIONS.toLocaleString('en-US')} PBKDF2 iterations`);
    const runId = randomBytes(4).toString('hex');
    const accounts: Account[] = await pool(SIGNIN_ACCOUNTS, 4, async (i) => {
      const email = `bench-${runId}-${i}@example.com`;
      const anon = await anonymous(url);
      const res = await call(url, '/sauth/clients/registered', { email, password: PASSWORD }, anon.token);
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${json(res.body)}`);
      return { email };
    });

    // ---- 1. sign-ins against raw PBKDF2 ------------------------------------------------------------
    // The machine is shared and its neighbours come and go within seconds: short raw and sign-in
    // segments alternate (raw, sign-in, raw, ..., raw) so that their load falls on both sides alike.
    // A segment is a fixed number of operations (not a time window), so it is measured whole even
    // when a loaded machine stretches a hash to seconds.
    const hasher = await RawHasher.start();
    const raw = async (): Promise<RawSegment> => {
      await waitIdle(server.pid);
      const r = await hasher.run<RawSegment>(ITERATIONS, SIGNIN_CONCURRENCY, SEGMENT_OPS);
      log(
        `  raw PBKDF2 (${SEGMENT_OPS} hashes, ${SIGNIN_CONCURRENCY} in flight, own process): ${r.rate.toFixed(2)}/s in ${r.seconds.toFixed(1)} s, others busy ${r.otherCores?.toFixed(2) ?? '?'} cores`,
      );
      return r;
    };

    const customerTokens: Session[] = [];
    let signInDone: number[] = [];
    let signInSeq = 0;
    const signInLatencies: number[] = [];
    const signInRequest: LoadRequest = {
      method: 'POST',
      path: '/sauth/v3/auth/login/client',
      headers: jsonHeaders,
      // Each sign-in comes from a new visitor (fresh UUID), cycling over the accounts.
      setupRequest: (req, context) => {
        (context as { sent?: number }).sent = performance.now();
        return { ...req, body: json({ apiKey: API_KEY, uuid: randomUUID(), email: accounts[signInSeq++ % accounts.length]!.email, password: PASSWORD }) };
      },
      onResponse: (status, body, context) => {
        if (status !== 200) return;
        const now = performance.now();
        signInDone.push(now);
        const sent = (context as { sent?: number }).sent;
        if (sent !== undefined) signInLatencies.push(now - sent);
        const parsed = JSON.parse(body) as { token: string; uuid: string };
        customerTokens.push({ token: parsed.token, uuid: parsed.uuid });
      },
    };
    const raws: RawSegment[] = [];
    const signIns: Array<Awaited<ReturnType<typeof phase>> & { done: number; effective: number }> = [];
    const signInPhaseStart = performance.now();
    try {
      raws.push(await raw());
      for (let i = 0; i < SIGNIN_ROUNDS; i++) {
        // On a badly loaded machine, stop after two rounds rather than blow the time budget.
        if (i >= 2 && performance.now() - signInPhaseStart > SIGNIN_BUDGET_MS * SCALE) break;
        signInDone = [];
        const segment = await phase('sign-in', [signInRequest], { amount: SEGMENT_OPS, connections: SIGNIN_CONCURRENCY });
        // Same estimator as the raw segments: sign-ins / time from start to the last one.
        signIns.push({
          ...segment,
          done: signInDone.length,
          effective: signInDone.length ? (signInDone.at(-1)! - segment.startedAt) / 1000 : segment.result.duration,
        });
        raws.push(await raw());
      }
    } finally {
      hasher.close();
    }
    const rawRate = raws.reduce((n, r) => n + r.ops, 0) / raws.reduce((t, r) => t + r.seconds, 0);
    const rawLatency = percentiles(raws.flatMap((r) => r.latencies));
    const rawCpu = raws.every((r) => r.cpuMs !== undefined) ? (raws.reduce((t, r) => t + r.cpuMs!, 0) * 1000) / raws.reduce((n, r) => n + r.ops, 0) : undefined;
    const signInRate = signIns.reduce((n, s) => n + s.done, 0) / signIns.reduce((t, s) => t + s.effective, 0);
    const signInOk = signIns.reduce((n, s) => n + s.result.ok, 0);
    const served = (s: (typeof signIns)[number]) => s.result.ok + s.result.unanswered;
    const signInCpu = signIns.every((s) => s.cpuPerOp !== undefined)
      ? signIns.reduce((t, s) => t + s.cpuPerOp! * served(s), 0) / signIns.reduce((n, s) => n + served(s), 0)
      : undefined;
    const signInLatency = percentiles(signInLatencies);
    const mean = (xs: Array<number | undefined>) => (xs.every((x) => x !== undefined) ? (xs as number[]).reduce((a, b) => a + b, 0) / xs.length : undefined);
    figures.push(
      {
        name: `Raw PBKDF2 (${ITERATIONS.toLocaleString('en-US')} it., ${SIGNIN_CONCURRENCY} in flight, no HTTP)`,
        rate: rawRate,
        unit: 'hashes/s',
        p50: rawLatency.p50,
        p99: rawLatency.p99,
        peakRss: Math.max(...raws.map((r) => r.maxRss)),
        cpuPerOp: rawCpu,
        otherCores: mean(raws.map((r) => r.otherCores)),
        notes: [
          `${raws.length} segments of ${SEGMENT_OPS} hashes around the sign-in segments: ${raws.map((r) => r.rate.toFixed(1)).join(', ')} hashes/s; peak RSS and CPU are the raw process's`,
        ],
      },
      {
        name: `Sign-ins (${ITERATIONS.toLocaleString('en-US')} it., ${SIGNIN_CONCURRENCY} connections, ${accounts.length} accounts)`,
        rate: signInRate,
        unit: 'sign-ins/s',
        p50: signInLatency.p50,
        p99: signInLatency.p99,
        peakRss: Math.max(...signIns.map((s) => s.peakRss)),
        cpuPerOp: signInCpu,
        otherCores: mean(signIns.map((s) => s.otherCores)),
        ratio: { value: signInRate / rawRate, against: 'raw PBKDF2' },
        target: { kind: 'ratio', min: 0.85 },
        notes: [
          `${signInOk} sign-ins in ${signIns.length} segments of ${SEGMENT_OPS}: ${signIns.map((s) => (s.done / s.effective).toFixed(1)).join(', ')} sign-ins/s`,
          ...signIns.flatMap((s) => describeFailures(s.result)),
        ],
      },
    );

    // ---- 2. bare routes, anonymous logins, refreshes --------------------------------------------
    const http = { duration: seconds(10), connections: HTTP_CONNECTIONS, warmup: seconds(2) };
    const bareConfig = await phase('GET /snr/config', [{ method: 'GET', path: `/snr/config?apiKey=${API_KEY}` }], http);
    const bareHealth = await phase('GET /snr/health', [{ method: 'GET', path: '/snr/health' }], http);
    figures.push(
      {
        name: 'Bare route GET /snr/config (no store)',
        rate: bareConfig.result.rate,
        unit: 'req/s',
        p50: bareConfig.result.p50,
        p99: bareConfig.result.p99,
        peakRss: bareConfig.peakRss,
        cpuPerOp: bareConfig.cpuPerOp,
        otherCores: bareConfig.otherCores,
        notes: describeFailures(bareConfig.result),
      },
      {
        name: 'Bare route GET /snr/health (`select 1`)',
        rate: bareHealth.result.rate,
        unit: 'req/s',
        p50: bareHealth.result.p50,
        p99: bareHealth.result.p99,
        peakRss: bareHealth.peakRss,
        cpuPerOp: bareHealth.cpuPerOp,
        otherCores: bareHealth.otherCores,
        notes: describeFailures(bareHealth.result),
      },
    );
    const bare = bareConfig.result.rate;

    const anon = await phase(
      'anonymous login',
      [
        {
          method: 'POST',
          path: '/sauth/v3/auth/login/client/anonymous',
          headers: jsonHeaders,
          // First visits: a new UUID each time, so each login creates a profile and a session.
          setupRequest: (req) => ({ ...req, body: json({ apiKey: API_KEY, uuid: randomUUID() }) }),
        },
      ],
      http,
    );
    figures.push({
      name: 'Anonymous logins (new UUID each)',
      rate: anon.result.rate,
      unit: 'logins/s',
      p50: anon.result.p50,
      p99: anon.result.p99,
      peakRss: anon.peakRss,
      cpuPerOp: anon.cpuPerOp,
      otherCores: anon.otherCores,
      ratio: { value: anon.result.rate / bare, against: 'GET /snr/config' },
      target: { kind: 'rate', min: 3000 },
      notes: describeFailures(anon.result),
    });

    const anonSessions = await pool(REFRESH_SESSIONS, 16, () => anonymous(url));
    const refreshRequests = (sessions: Session[]): LoadRequest[] => {
      let seq = 0;
      return [
        {
          method: 'POST',
          path: '/sauth/v3/auth/refresh/client',
          body: json({ apiKey: API_KEY }),
          // A token stays valid across refreshes, so the pool is cycled.
          setupRequest: (req) => ({ ...req, headers: { ...jsonHeaders, authorization: `Bearer ${sessions[seq++ % sessions.length]!.token}` } }),
        },
      ];
    };
    const refreshAnon = await phase(`refresh (${anonSessions.length} anonymous sessions)`, refreshRequests(anonSessions), http);
    figures.push({
      name: `Refreshes, anonymous sessions (${anonSessions.length} cycled)`,
      rate: refreshAnon.result.rate,
      unit: 'refreshes/s',
      p50: refreshAnon.result.p50,
      p99: refreshAnon.result.p99,
      peakRss: refreshAnon.peakRss,
      cpuPerOp: refreshAnon.cpuPerOp,
      otherCores: refreshAnon.otherCores,
      ratio: { value: refreshAnon.result.rate / bare, against: 'GET /snr/config' },
      target: { kind: 'rate', min: 3000 },
      notes: describeFailures(refreshAnon.result),
    });
    if (customerTokens.length >= 10) {
      const refreshCustomer = await phase(`refresh (${customerTokens.length} customer sessions)`, refreshRequests(customerTokens), http);
      figures.push({
        name: `Refreshes, customer sessions (${customerTokens.length} cycled, from the sign-in phase)`,
        rate: refreshCustomer.result.rate,
        unit: 'refreshes/s',
        p50: refreshCustomer.result.p50,
        p99: refreshCustomer.result.p99,
        peakRss: refreshCustomer.peakRss,
        cpuPerOp: refreshCustomer.cpuPerOp,
        otherCores: refreshCustomer.otherCores,
        ratio: { value: refreshCustomer.result.rate / bare, against: 'GET /snr/config' },
        target: { kind: 'rate', min: 3000 },
        notes: describeFailures(refreshCustomer.result),
      });
    } else notes.push(`Customer refresh skipped: only ${customerTokens.length} customer sessions came out of the sign-in phase.`);

    // ---- 3. events in batches of 100, counted in the database afterwards -------------------------
    const eventSessions = anonSessions.slice(0, EVENT_SESSIONS);
    const time = new Date().toISOString();
    // Bodies are pre-built per session with a salt placeholder, so the load generator spends its
    // CPU on sending, not on JSON.stringify of 100 events per request.
    const templates = eventSessions.map((s) =>
      json(
        Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
          action: 'page.visit',
          label: 'Product page',
          time,
          params: { url: `https://shop.example/p/${i}`, position: i },
          eventSalt: `@@-${i}`,
          client: { uuid: s.uuid },
        })),
      ).split('@@'),
    );
    let batchSeq = 0;
    let acknowledged = 0;
    const salt = randomBytes(4).toString('hex');
    const eventRequests: LoadRequest[] = [
      {
        method: 'POST',
        path: '/v4/events/batch',
        setupRequest: (req) => {
          const n = batchSeq++;
          const k = n % eventSessions.length;
          return { ...req, headers: { ...jsonHeaders, authorization: `Bearer ${eventSessions[k]!.token}` }, body: templates[k]!.join(`${salt}-${n}`) };
        },
        onResponse: (status, body) => {
          if (status !== 202) return;
          const answer = JSON.parse(body) as { received: number; duplicates: number };
          acknowledged += answer.received - answer.duplicates;
        },
      },
    ];
    await load({ url, connections: HTTP_CONNECTIONS, duration: seconds(2), requests: eventRequests });
    const settled = async () => {
      let last = -1;
      for (;;) {
        const n = await server.count('events');
        if (n === last) return n;
        last = n;
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    const eventsBefore = await settled();
    acknowledged = 0;
    const events = await phase(`events (batches of ${EVENTS_PER_BATCH})`, eventRequests, { duration: seconds(10), connections: HTTP_CONNECTIONS });
    const eventsAfter = await settled();
    const stored = eventsAfter - eventsBefore;
    const ingested = Math.min(stored, acknowledged);
    const eventRate = ingested / events.result.duration;
    log(`    ${acknowledged} events acknowledged as new, ${stored} new rows in the events table → ${eventRate.toFixed(0)}/s`);
    figures.push({
      name: `Events ingested, batches of ${EVENTS_PER_BATCH} (SQLite, ${eventSessions.length} sessions)`,
      rate: eventRate,
      unit: 'events/s',
      p50: events.result.p50,
      p99: events.result.p99,
      peakRss: events.peakRss,
      cpuPerOp: events.cpuPerOp,
      otherCores: events.otherCores,
      target: { kind: 'rate', min: 50_000 },
      notes: [
        `${stored.toLocaleString('en-US')} new rows counted in the database, ${acknowledged.toLocaleString('en-US')} acknowledged as new in 202 answers; the figure uses the smaller`,
        ...(stored < acknowledged ? ['MISMATCH: fewer rows stored than acknowledged'] : []),
        ...describeFailures(events.result),
      ],
    });

    const { usage, afterGc } = await server.memory();
    const lifetimePeak = await server.stop();
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
    notes.push(
      `Server process lifetime peak RSS: ${mib(lifetimePeak)} (per-figure peaks reset /proc/<pid>/clear_refs before each phase); after the last phase: RSS ${mib(usage.rss)}, V8 heap used ${mib(usage.heapUsed)} of ${mib(usage.heapTotal)} (${mib(afterGc.heapUsed)} live after a full GC), external ${mib(usage.external)}.`,
    );
  } finally {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return { figures, notes };
}
