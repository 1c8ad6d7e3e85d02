/**
 * The fault run of issue 12: 200 simulated customers keep working while the run injects the faults
 * a deployment meets, and the figures say what the customers lost.
 *
 * - PostgreSQL part: two instances (bench/server-entry.ts, each its own process) on one throwaway
 *   cluster, behind a client-side balancer (round-robin; an instance that refused or dropped a
 *   connection is skipped for a second, as a balancer's passive health check does). Faults, one
 *   after the other: instance A killed with SIGKILL (and started again, as a supervisor would),
 *   then the whole cluster frozen with SIGSTOP for 10 s and thawed with SIGCONT.
 * - SQLite part (root only: it mounts a tmpfs): one instance on a SQLite file on a 64 MB tmpfs; the
 *   run fills the file system with a file of its own for 5 s, then deletes it.
 * - Poison: one customer in ten puts an event with NUL and unpaired surrogates (label, params key
 *   and value) in every batch, in both parts.
 *
 * Each customer (starting spread over 10 s): anonymous login → register → sign in → batches of 10
 * events, one every 5 s (± 20 %), each
 * batch retried (same `eventSalt`s) until it is acknowledged with 202, as the tracker does; any
 * failed step is retried after 0.5 s (Retry-After says 5 s: the bench retries sooner so that
 * recovery is measured to the half second). Figures:
 *
 * - lost: events acknowledged (in a 202) that are not in the `events` table at the end;
 * - doubled: rows beyond one per acknowledged `eventSalt`;
 * - hung: requests that took longer than the store's deadline allows (2 × SNR_DB_TIMEOUT_MS, a
 *   pooled-connection wait and a query, + 1 s), or got no answer at all within 30 s;
 * - recovery, per fault: from the moment the fault was cleared (the kill: the moment of the kill;
 *   the freeze: SIGCONT; the full disk: the filler deleted) to the end of the last failed request
 *   (5xx or network error) that started before the next fault; 0 when nothing failed after it.
 *
 * `npm run bench -- faults` runs it alone (and writes its section of BENCHMARKS.md);
 * `node --conditions=snr-auth-source --import tsx bench/faults.ts` prints it without writing.
 */

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
// @ts-expect-error: a plain ESM script without types
import { findPostgresBin, startPostgres } from '../scripts/postgres.mjs';
import { DEFAULT_DB_TIMEOUT_MS } from '../server/src/store/db.js';
import { ms, percentiles, SCALE, ServerProcess, seconds } from './lib.js';

const API_KEY = 'snr-local-dev-key';
const PASSWORD = 'Secret1!';
const CUSTOMERS = Number(process.env.BENCH_FAULT_CUSTOMERS ?? 200);
const PER_BATCH = 10;
/** Between two batches of a customer (± 20 %): the tracker's cadence, not a flood; 200 customers offer ~40 batches/s. */
const THINK_MS = 5000;
/** Customers start spread over this long, as visitors arrive (not 400 PBKDF2 hashes in the same second). */
const RAMP_MS = 10_000;
const RETRY_MS = 500;
const REQUEST_TIMEOUT_MS = 30_000;
const HUNG_MS = 2 * DEFAULT_DB_TIMEOUT_MS + 1000;
const FREEZE_S = 10;
const DISK_FULL_S = 5;
const POISON_LABEL = 'poison \u0000 nul, lone \ud800 and \udfff';

type Pg = { url: string; version: string; freezeSync(): void; thawSync(): void; stop(): Promise<void> };

interface Answer {
  started: number;
  ended: number;
  status: number;
  path: string;
}

export interface FaultFigures {
  name: string;
  /** Failed requests (5xx or network error) attributed to this fault, by status (0: no answer). */
  failures: Record<string, number>;
  /** ms from clearing the fault to the end of its last failed request (0: none after). */
  recoveryMs: number;
  /** Health answers while the fault was on, by status. */
  health: Record<string, number>;
  /** Requests started from the fault until the next one that took longer than HUNG_MS; and the slowest of them. */
  hung: number;
  slowestMs: number;
  note: string;
}

export interface FaultPart {
  name: string;
  seconds: number;
  requests: number;
  statuses: Record<string, number>;
  acknowledged: number;
  lost: number;
  doubled: number;
  hung: number;
  maxLatencyMs: number;
  p99Ms: number;
  /** p99 latency before the first fault: what the machine gives without one. */
  baselineP99Ms: number;
  /** Where the hung requests were: path and seconds since the part began, first and last. */
  hungWhere: string[];
  poison: { acknowledged: number; storedExactly: number };
  faults: FaultFigures[];
}

export interface FaultRunResult {
  skipped?: string;
  parts: FaultPart[];
  notes: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 200 customers behind a client-side balancer; every answer kept with its timing. */
class Fleet {
  readonly answers: Answer[] = [];
  /** eventSalt → whether the event carried the poison label. */
  readonly acknowledged = new Map<string, boolean>();
  private stopping = false;
  /** When the run ended: retries stop 60 s later (a store that never came back). */
  private stoppedAt = Number.POSITIVE_INFINITY;
  private next = 0;
  private readonly downUntil = new Map<string, number>();
  private loops: Promise<void>[] = [];
  private signedIn = 0;

  constructor(public urls: string[]) {}

  private pick(): string {
    const now = performance.now();
    for (let i = 0; i < this.urls.length; i++) {
      const url = this.urls[this.next++ % this.urls.length]!;
      if ((this.downUntil.get(url) ?? 0) <= now) return url;
    }
    return this.urls[this.next++ % this.urls.length]!;
  }

  /** Connections refused (nothing sent) that the balancer passed on to the other instance. */
  refusedAndPassedOn = 0;

  private async call(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
    const started = performance.now();
    let status = 0;
    let parsed: unknown;
    for (let attempt = 0; attempt < this.urls.length; attempt++) {
      const url = this.pick();
      try {
        const res = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        status = res.status;
        const text = await res.text();
        parsed = text ? JSON.parse(text) : undefined;
        break;
      } catch (err) {
        // Refused or dropped (a killed instance): the balancer skips it for a second. A refused
        // connection carried nothing, so the balancer tries the next instance (as nginx's
        // proxy_next_upstream does); a request dropped mid-way is the customer's to retry.
        this.downUntil.set(url, performance.now() + 1000);
        if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') break;
        this.refusedAndPassedOn++;
      }
    }
    this.answers.push({ started, ended: performance.now(), status, path });
    return { status, body: parsed };
  }

  /** Until it answers one of `ok` (or the run has been over for 60 s). */
  private async until(ok: number[], send: () => Promise<{ status: number; body: any }>) {
    for (;;) {
      const answer = await send();
      if (ok.includes(answer.status)) return answer;
      if (performance.now() > this.stoppedAt + 60_000) return undefined;
      await sleep(RETRY_MS);
    }
  }

  private async customer(i: number): Promise<void> {
    await sleep((RAMP_MS * i) / CUSTOMERS);
    const uuid = randomUUID();
    const email = `fault-${i}-${randomUUID().slice(0, 8)}@example.com`;
    const poisoned = i % 10 === 0;
    const anon = await this.until([200], () => this.call('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid }));
    if (!anon) return;
    await this.until([201, 409], () => this.call('/sauth/clients/registered', { email, password: PASSWORD }, anon.body.token));
    const signIn = await this.until([200], () => this.call('/sauth/v3/auth/login/client', { apiKey: API_KEY, uuid, email, password: PASSWORD }));
    if (!signIn) return;
    const token: string = signIn.body.token;
    this.signedIn++;
    for (let n = 0; !this.stopping; n++) {
      const batch = Array.from({ length: PER_BATCH }, (_, j) => ({
        action: 'page.visit',
        time: new Date().toISOString(),
        eventSalt: `fr-${i}-${n}-${j}-${randomUUID().slice(0, 8)}`,
        client: { uuid },
        ...(poisoned && j === 0 ? { label: POISON_LABEL, params: { [POISON_LABEL]: POISON_LABEL } } : {}),
      }));
      // Retried as it is until acknowledged (after the run's end, for at most 60 s).
      const answer = await this.until([202], () => this.call('/v4/events/batch', batch, token));
      if (answer) for (const e of batch) this.acknowledged.set(e.eventSalt, 'label' in e);
      await sleep(THINK_MS * (0.8 + 0.4 * Math.random()));
    }
  }

  start(): void {
    this.loops = Array.from({ length: CUSTOMERS }, (_, i) => this.customer(i));
  }

  async ready(maxMs: number): Promise<void> {
    const until = performance.now() + maxMs;
    while (this.signedIn < CUSTOMERS && performance.now() < until) await sleep(200);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stoppedAt = performance.now();
    await Promise.all(this.loops);
  }
}

/** Health of every instance, every 250 ms, between two calls. */
function healthProbe(urls: () => string[]) {
  const seen: Record<string, number> = {};
  let on = true;
  const loop = (async () => {
    while (on) {
      for (const url of urls()) {
        const status = await fetch(`${url}/snr/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
          .then((r) => r.status)
          .catch(() => 0);
        seen[status] = (seen[status] ?? 0) + 1;
      }
      await sleep(250);
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return seen;
    },
  };
}

/** The part's figures from the fleet's answers and the rows the store holds. */
function figures(
  name: string,
  fleet: Fleet,
  rows: Map<string, { n: number; label: string | null; params: string }>,
  faults: Array<{ name: string; start: number; cleared: number; health: Record<string, number>; note: string }>,
  startedAt: number,
): FaultPart {
  const statuses: Record<string, number> = {};
  for (const a of fleet.answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  let lost = 0;
  let doubled = 0;
  let poisonStored = 0;
  let poisonAcknowledged = 0;
  for (const [salt, poisoned] of fleet.acknowledged) {
    const row = rows.get(salt);
    if (!row) lost++;
    else doubled += row.n - 1;
    if (poisoned) {
      poisonAcknowledged++;
      const label = row?.label?.startsWith('"') ? JSON.parse(row.label) : row?.label;
      if (label === POISON_LABEL && JSON.parse(row?.params ?? '{}')[POISON_LABEL] === POISON_LABEL) poisonStored++;
    }
  }
  const latencies = fleet.answers.map((a) => a.ended - a.started);
  const failed = fleet.answers.filter((a) => a.status === 0 || a.status >= 500);
  return {
    name,
    seconds: (performance.now() - startedAt) / 1000,
    requests: fleet.answers.length,
    statuses,
    acknowledged: fleet.acknowledged.size,
    lost,
    doubled,
    hung: latencies.filter((l) => l > HUNG_MS).length,
    maxLatencyMs: Math.max(...latencies),
    p99Ms: percentiles(latencies).p99,
    hungWhere: [...new Set(fleet.answers.map((a) => a.path))].flatMap((path) => {
      const at = fleet.answers.filter((a) => a.path === path && a.ended - a.started > HUNG_MS).map((a) => (a.started - startedAt) / 1000);
      return at.length ? [`${at.length}× ${path} (started ${Math.min(...at).toFixed(0)}–${Math.max(...at).toFixed(0)} s into the part)`] : [];
    }),
    baselineP99Ms: percentiles(fleet.answers.filter((a) => a.started < (faults[0]?.start ?? Number.POSITIVE_INFINITY)).map((a) => a.ended - a.started)).p99,
    poison: { acknowledged: poisonAcknowledged, storedExactly: poisonStored },
    faults: faults.map((f, i) => {
      const until = faults[i + 1]?.start ?? Number.POSITIVE_INFINITY;
      const mine = failed.filter((a) => a.started >= f.start - 1000 && a.started < until);
      const byStatus: Record<string, number> = {};
      for (const a of mine) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      const last = Math.max(f.cleared, ...mine.map((a) => a.ended));
      const during = fleet.answers.filter((a) => a.started >= f.start - 1000 && a.started < until).map((a) => a.ended - a.started);
      return {
        name: f.name,
        failures: byStatus,
        recoveryMs: last - f.cleared,
        health: f.health,
        hung: during.filter((l) => l > HUNG_MS).length,
        slowestMs: Math.max(0, ...during),
        note: f.note,
      };
    }),
  };
}

async function postgresPart(log: (line: string) => void): Promise<FaultPart | string> {
  if (!findPostgresBin()) return 'no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)';
  const cluster: Pg = await startPostgres({ port: 0 });
  const env = { DATABASE_URL: cluster.url, SNR_PBKDF2_ITERATIONS: '10000', SNR_RATE_LIMIT: 'off', SNR_REGISTRATION_MODE: 'automatic' };
  let servers: ServerProcess[] = [];
  try {
    servers = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    const fleet = new Fleet(servers.map((s) => s.url));
    const startedAt = performance.now();
    log(`  PostgreSQL ${cluster.version}, instances ${fleet.urls.join(' and ')}, ${CUSTOMERS} customers`);
    fleet.start();
    await fleet.ready(60_000);
    await sleep(seconds(8) * 1000);
    const faults: Parameters<typeof figures>[3] = [];

    // 1. kill -9 instance A; a supervisor starts it again (a new process, a new port the balancer learns).
    let probe = healthProbe(() => fleet.urls);
    const killedAt = performance.now();
    servers[0]!.kill();
    log('  instance A killed (SIGKILL)');
    const restarted = await ServerProcess.start(env);
    servers[0] = restarted;
    const backAt = performance.now();
    fleet.urls = [restarted.url, servers[1]!.url];
    await sleep(seconds(10) * 1000);
    faults.push({
      name: 'Instance A killed (SIGKILL), B serving',
      start: killedAt,
      cleared: killedAt,
      health: await probe.stop(),
      note: `A started again and ready ${((backAt - killedAt) / 1000).toFixed(1)} s after the kill (a new process: tsx, keys, pool); ${fleet.refusedAndPassedOn} connections refused by the dead A passed on to B by the balancer`,
    });

    // 2. PostgreSQL frozen for 10 s.
    probe = healthProbe(() => fleet.urls);
    const frozenAt = performance.now();
    cluster.freezeSync();
    log(`  PostgreSQL frozen (SIGSTOP) for ${FREEZE_S} s`);
    try {
      await sleep(FREEZE_S * 1000);
    } finally {
      cluster.thawSync();
    }
    const thawedAt = performance.now();
    const freezeHealth = await probe.stop();
    log('  PostgreSQL thawed (SIGCONT)');
    await sleep(seconds(15) * 1000);
    faults.push({
      name: `PostgreSQL frozen (SIGSTOP) for ${FREEZE_S} s`,
      start: frozenAt,
      cleared: thawedAt,
      health: freezeHealth,
      note: 'cleared at SIGCONT',
    });

    await fleet.stop();
    const rows = new Map<string, { n: number; label: string | null; params: string }>();
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const { rows: found } = await client.query<{ event_salt: string; n: string; label: string | null; params: string }>(
      'select event_salt, count(*) as n, min(label) as label, min(params) as params from events where event_salt = any($1) group by event_salt',
      [[...fleet.acknowledged.keys()]],
    );
    await client.end();
    for (const r of found) rows.set(r.event_salt, { n: Number(r.n), label: r.label, params: r.params });
    return figures('PostgreSQL, 2 instances', fleet, rows, faults, startedAt);
  } finally {
    for (const s of servers) s.kill();
    await cluster.stop();
  }
}

async function sqlitePart(log: (line: string) => void): Promise<FaultPart | string> {
  if (process.getuid?.() !== 0) return 'not root: the full-disk part mounts a tmpfs (run the bench as root, as CI does)';
  const dir = mkdtempSync(join(tmpdir(), 'snr-fault-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${mounted.stderr.trim()}`;
  }
  const file = join(dir, 'store.sqlite');
  let server: ServerProcess | undefined;
  try {
    server = await ServerProcess.start({ DATABASE_URL: file, SNR_PBKDF2_ITERATIONS: '10000', SNR_RATE_LIMIT: 'off', SNR_REGISTRATION_MODE: 'automatic' });
    const fleet = new Fleet([server.url]);
    const startedAt = performance.now();
    log(`  SQLite on a 64 MB tmpfs, one instance ${server.url}, ${CUSTOMERS} customers`);
    fleet.start();
    await fleet.ready(60_000);
    await sleep(seconds(5) * 1000);

    const probe = healthProbe(() => fleet.urls);
    const filledAt = performance.now();
    const filler = join(dir, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(1 << 16, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      closeSync(fd);
    }
    log(`  disk full for ${DISK_FULL_S} s`);
    await sleep(DISK_FULL_S * 1000);
    unlinkSync(filler);
    const freedAt = performance.now();
    const health = await probe.stop();
    log('  disk freed');
    await sleep(seconds(10) * 1000);
    await fleet.stop();
    await server.stop();
    server = undefined;

    const db = new SqliteDatabase(file, { readonly: true });
    const rows = new Map<string, { n: number; label: string | null; params: string }>();
    const select = db.prepare('select count(*) as n, min(label) as label, min(params) as params from events where event_salt = ?');
    for (const salt of fleet.acknowledged.keys()) {
      const r = select.get(salt) as { n: number; label: string | null; params: string };
      if (r.n > 0) rows.set(salt, r);
    }
    db.close();
    return figures(
      'SQLite, 1 instance',
      fleet,
      rows,
      [{ name: `Disk full for ${DISK_FULL_S} s`, start: filledAt, cleared: freedAt, health, note: 'cleared when the filler was deleted' }],
      startedAt,
    );
  } finally {
    server?.kill();
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runFaultBench(log: (line: string) => void = console.log): Promise<FaultRunResult> {
  const parts: FaultPart[] = [];
  const notes: string[] = [];
  for (const [name, run] of [
    ['PostgreSQL', postgresPart],
    ['SQLite', sqlitePart],
  ] as const) {
    log(` ${name} part`);
    const part = await run(log);
    if (typeof part === 'string') notes.push(`${name} part skipped: ${part}.`);
    else parts.push(part);
  }
  return { parts, notes };
}

const count = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, n]) => `${n}× ${k === '0' ? 'no answer' : k}`)
    .join(', ') || 'none';
const pass = (ok: boolean) => `**${ok ? 'PASS' : 'MISS'}**`;

/** The fault run's part of BENCHMARKS.md. */
export function faultSection(r: FaultRunResult): string[] {
  const lines = [
    `${CUSTOMERS} simulated customers per part, each: anonymous login → register → sign in → a batch of ${PER_BATCH} events every ${THINK_MS / 1000} s (± 20 %; the customers start spread over ${RAMP_MS / 1000} s), each batch retried as it is (same \`eventSalt\`s) until acknowledged with 202; any failed request retried after ${RETRY_MS / 1000} s. One customer in ten puts a poison event in every batch (label, params key and value \`${JSON.stringify(POISON_LABEL).slice(1, -1)}\`: NUL and unpaired surrogates). PostgreSQL part: two instances on one throwaway cluster behind a client-side round-robin balancer (an instance that refused or dropped a connection skipped for 1 s); instance A killed with SIGKILL and started again at once, then the cluster frozen (SIGSTOP of the postmaster and every backend) for ${FREEZE_S} s. SQLite part: one instance on a file on a 64 MB tmpfs, filled by a file of the bench's for ${DISK_FULL_S} s. Default \`SNR_DB_TIMEOUT_MS\` (${DEFAULT_DB_TIMEOUT_MS} ms): a request that took longer than ${HUNG_MS / 1000} s (a pooled-connection wait and a query, + 1 s) counts as hung. Recovery: from clearing the fault (the kill: its moment; the freeze: SIGCONT; the disk: the filler deleted) to the end of the last failed request (5xx or no answer) that started after the fault began.`,
    '',
    '| Part | Duration | Requests | Acknowledged events | Lost (target 0) | Doubled (target 0) | Hung past the deadline (target 0) | Slowest request | p99 | p99 before the first fault | Poison events acknowledged / stored exactly |',
    '|---|---:|---:|---:|---|---|---|---:|---:|---:|---|',
    ...r.parts.map(
      (p) =>
        `| ${p.name} | ${p.seconds.toFixed(0)} s | ${p.requests.toLocaleString('en-US')} | ${p.acknowledged.toLocaleString('en-US')} | ${p.lost} ${pass(p.lost === 0)} | ${p.doubled} ${pass(p.doubled === 0)} | ${p.hung} ${pass(p.hung === 0)} | ${ms(p.maxLatencyMs)} ms | ${ms(p.p99Ms)} ms | ${ms(p.baselineP99Ms)} ms | ${p.poison.acknowledged} / ${p.poison.storedExactly} ${pass(p.poison.acknowledged === p.poison.storedExactly)} |`,
    ),
    '',
    '| Fault | Failed requests (by status) | Hung past the deadline (slowest) | Health while it lasted | Time to recover | Note |',
    '|---|---|---|---|---:|---|',
    ...r.parts.flatMap((p) =>
      p.faults.map(
        (f) =>
          `| ${p.name}: ${f.name} | ${count(f.failures)} | ${f.hung} (${ms(f.slowestMs)} ms) | ${count(f.health)} | ${(f.recoveryMs / 1000).toFixed(1)} s | ${f.note} |`,
      ),
    ),
    '',
    ...r.parts.map((p) => `- ${p.name}, every answer: ${count(p.statuses)}.${p.hungWhere.length ? ` Hung: ${p.hungWhere.join(', ')}.` : ''}`),
    ...r.notes.map((n) => `- ${n}`),
  ];
  return lines;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const result = await runFaultBench();
  console.log(faultSection(result).join('\n'));
  if (SCALE !== 1) console.log(`(BENCH_SCALE=${SCALE})`);
}
