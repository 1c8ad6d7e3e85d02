/**
 * The load test of issue 7: 200 concurrent virtual customers, each looping through a whole visit
 * (anonymous login → register → sign in → 50 events in batches → refresh → sign out), against two
 * server instances on one PostgreSQL database and then against one, for the throughput ratio.
 *
 * - PostgreSQL: a throwaway cluster (scripts/postgres.mjs), one database for every instance.
 * - Instances: bench/server-entry.ts, each in its own process, `SNR_RATE_LIMIT=off`,
 *   `SNR_REGISTRATION_MODE=automatic`, `SNR_PBKDF2_ITERATIONS=10000` (see ITERATIONS).
 * - Load: bench/load-client.ts in a process of its own, requests spread round-robin over the
 *   instances (each request to the next one, so a visit hops between them as behind a balancer).
 * - The single-instance run sends everything to instance A while B stays up, idle. To share the
 *   neighbours' noise, the measured segments alternate 2, 1, 1, 2 (after a warm-up on both).
 * - Lost events: per segment, the events acknowledged as new in 202 answers against the rows the
 *   `events` table gained (every loop under way at the deadline is finished first).
 *
 * `runLoadBench()` returns the figures; `loadSection()` renders them for BENCHMARKS.md.
 * `node --conditions=snr-auth-source --import tsx bench/load.ts` runs it alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
// @ts-expect-error: a plain ESM script without types
import { findPostgresBin, startPostgres } from '../scripts/postgres.mjs';
import { benchFile, CpuLedger, MemoryProbe, mb, ms, num, percentiles, processCpuMs, processTreeCpuMs, SCALE, ServerProcess, seconds, waitIdle } from './lib.js';
import { type LoadSegment, STEPS, type Step } from './load-client.js';

/** 200 in issue 7; `BENCH_LOAD_CUSTOMERS` changes it for experiments (the figures in BENCHMARKS.md use 200). */
const CUSTOMERS = Number(process.env.BENCH_LOAD_CUSTOMERS ?? 200);
/** Each configuration is measured for 2 × SEGMENT_S seconds (scaled), in segments 2, 1, 1, 2. */
const SEGMENT_S = 30;
const WARMUP_S = 6;
/** Before each segment's window: every customer starts at once, and a visit takes seconds under load. */
const RAMP_S = 5;
/**
 * At the default 600,000 iterations a visit's two hashes (registration, sign-in) cost ~270 ms of
 * CPU: hashing would be all that is measured, and it already runs on every core through libuv's
 * pool with one instance, so one and two instances would measure the same. The load test measures
 * everything else; sign-in at the full cost is bench/server.ts's and bench/enumeration.ts's.
 */
const ITERATIONS = 10_000;
const BATCHES = 2;
const PER_BATCH = 25;
const TARGET_RATIO = 1.6;

type Pg = { url: string; dir: string; version: string; stop(): Promise<void> };

const STEP_NAMES: Record<Step, string> = {
  anonymous: 'Anonymous login',
  register: 'Register (automatic)',
  signIn: 'Sign in',
  track: `Track (batch of ${PER_BATCH})`,
  refresh: 'Refresh',
  signOut: 'Sign out',
};

/** The load generator (bench/load-client.ts) in a process of its own, one segment per call. */
class LoadGenerator {
  private nextId = 1;
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LoadGenerator> {
    const child = spawn(process.execPath, ['--conditions=snr-auth-source', '--import', 'tsx', benchFile('./load-client.ts')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`load-client exited with ${code} before it was ready`)));
      child.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
    });
    child.removeAllListeners('exit');
    return new LoadGenerator(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  run(urls: string[], rampMs: number, durationMs: number): Promise<LoadSegment> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load-client exited with ${code}`));
      this.child.once('exit', onExit);
      const onMessage = (m: { id: number; type: string; result?: LoadSegment; message?: string }) => {
        if (m.id !== id) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (m.type === 'error') reject(new Error(m.message));
        else resolve(m.result!);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'run', id, urls, customers: CUSTOMERS, rampMs, durationMs, batches: BATCHES, perBatch: PER_BATCH });
    });
  }

  close(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/**
 * The scheduler's account of one thread (the main thread by default: tid = pid, where the event
 * loop runs), from /proc/<pid>/task/<tid>/schedstat: ms on a CPU and ms runnable but waiting for
 * one (run-queue delay: the cost of sharing the cores with everybody else).
 */
function threadSched(pid: number, tid = pid): { runMs: number; waitMs: number } | undefined {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { runMs: run! / 1e6, waitMs: wait! / 1e6 };
  } catch {
    return undefined;
  }
}

/** Linux pressure stall information: µs during which some runnable task waited for a CPU. */
function cpuPressureUs(): number | undefined {
  try {
    const m = /^some .*total=(\d+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const eluBetween = (a: EventLoopUtilization, b: EventLoopUtilization) => {
  const active = b.active - a.active;
  const total = active + (b.idle - a.idle);
  return total > 0 ? active / total : 0;
};

interface SegmentRun {
  label: string;
  instances: number;
  load: LoadSegment;
  stored: number;
  peakRss: number[];
  cpu: ReturnType<CpuLedger['stop']>;
  /** Event-loop utilisation of each instance; its main thread's share of the wall time on a CPU and waiting for one. */
  elu: number[];
  mainThreadCores: number[];
  mainThreadWait: number[];
  /** Share of the wall time during which some task on the machine waited for a CPU (PSI). */
  pressure: number | undefined;
}

export interface LoadConfigFigures {
  label: string;
  instances: number;
  seconds: number;
  customersPerSecond: number;
  requestsPerSecond: number;
  segments: number[];
  steps: Record<Step | 'loop', { p50: number; p99: number; n: number }>;
  fiveXX: number;
  otherFailures: Record<string, number>;
  networkErrors: number;
  loopsFailed: number;
  eventsAcknowledged: number;
  eventsStored: number;
  peakRss: number[];
  /** CPU ms per completed visit, by group. */
  cpuPerLoop: Record<string, number | undefined>;
  /** Average cores used during the segments, by group (`others`: everything else on the machine). */
  cores: Record<string, number | undefined>;
  elu: number[];
  mainThreadCores: number[];
  mainThreadWait: number[];
  /** Main-thread CPU per completed visit, ms, per instance used. */
  mainThreadMsPerLoop: number[];
  pressure: number | undefined;
}

export interface LoadBenchResult {
  skipped?: string;
  configs: LoadConfigFigures[];
  ratio: number;
  warmup?: { acknowledged: number; stored: number; fiveXX: number };
  notes: string[];
}

function aggregate(label: string, instances: number, runs: SegmentRun[]): LoadConfigFigures {
  const sum = (f: (r: SegmentRun) => number) => runs.reduce((a, r) => a + f(r), 0);
  const windowS = sum((r) => r.load.windowMs) / 1000;
  const wallMs = sum((r) => r.cpu.wallMs);
  const steps = {} as LoadConfigFigures['steps'];
  for (const step of STEPS) {
    const lat = runs.flatMap((r) => r.load.steps[step].latencies);
    steps[step] = { ...percentiles(lat), n: lat.length };
  }
  const loopLat = runs.flatMap((r) => r.load.loopLatencies);
  steps.loop = { ...percentiles(loopLat), n: loopLat.length };
  let fiveXX = 0;
  let networkErrors = 0;
  const otherFailures: Record<string, number> = {};
  const expected: Record<Step, string> = { anonymous: '200', register: '201', signIn: '200', track: '202', refresh: '200', signOut: '204' };
  for (const r of runs)
    for (const step of STEPS) {
      networkErrors += r.load.steps[step].errors;
      for (const [status, n] of Object.entries(r.load.steps[step].statuses)) {
        if (status.startsWith('5')) fiveXX += n;
        else if (status !== expected[step]) otherFailures[`${status} on ${step}`] = (otherFailures[`${status} on ${step}`] ?? 0) + n;
      }
    }
  const loops = sum((r) => r.load.loopsTotal);
  const groups = Object.keys(runs[0]!.cpu.ms);
  const cpuPerLoop: Record<string, number | undefined> = {};
  const cores: Record<string, number | undefined> = {};
  for (const g of [...groups, 'others']) {
    const values = runs.map((r) => (g === 'others' ? r.cpu.othersMs : r.cpu.ms[g]));
    const total = values.every((v) => v !== undefined) ? (values as number[]).reduce((a, b) => a + b, 0) : undefined;
    cpuPerLoop[g] = total === undefined || loops === 0 ? undefined : total / loops;
    cores[g] = total === undefined ? undefined : total / wallMs;
  }
  const used = Array.from({ length: instances }, (_, i) => i);
  return {
    label,
    instances,
    seconds: windowS,
    customersPerSecond: sum((r) => r.load.loopsInWindow) / windowS,
    requestsPerSecond: sum((r) => r.load.requestsInWindow) / windowS,
    segments: runs.map((r) => r.load.loopsInWindow / (r.load.windowMs / 1000)),
    steps,
    fiveXX,
    otherFailures,
    networkErrors,
    loopsFailed: sum((r) => r.load.loopsFailed),
    eventsAcknowledged: sum((r) => r.load.eventsAcknowledged),
    eventsStored: sum((r) => r.stored),
    peakRss: used.map((i) => Math.max(...runs.map((r) => r.peakRss[i]!))),
    cpuPerLoop,
    cores,
    elu: used.map((i) => runs.reduce((a, r) => a + r.elu[i]! * r.cpu.wallMs, 0) / wallMs),
    mainThreadCores: used.map((i) => runs.reduce((a, r) => a + r.mainThreadCores[i]! * r.cpu.wallMs, 0) / wallMs),
    mainThreadWait: used.map((i) => runs.reduce((a, r) => a + r.mainThreadWait[i]! * r.cpu.wallMs, 0) / wallMs),
    mainThreadMsPerLoop: used.map((i) => runs.reduce((a, r) => a + r.mainThreadCores[i]! * r.cpu.wallMs, 0) / loops),
    pressure: runs.every((r) => r.pressure !== undefined) ? runs.reduce((a, r) => a + r.pressure! * r.cpu.wallMs, 0) / wallMs : undefined,
  };
}

export async function runLoadBench(log: (line: string) => void = console.log): Promise<LoadBenchResult> {
  if (!findPostgresBin())
    return { skipped: 'no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)', configs: [], ratio: Number.NaN, notes: [] };
  const pg: Pg = await startPostgres({ port: 0 });
  const notes: string[] = [];
  let servers: ServerProcess[] = [];
  let generator: LoadGenerator | undefined;
  try {
    const postmaster = Number(readFileSync(`${pg.dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
    const env = {
      DATABASE_URL: pg.url,
      SNR_PBKDF2_ITERATIONS: String(ITERATIONS),
      SNR_RATE_LIMIT: 'off',
      SNR_REGISTRATION_MODE: 'automatic',
      SNR_TOKEN_TTL: '3600',
    };
    // Both at once: migrations and the first signing key are made under locks (DESIGN.md §11).
    servers = await Promise.all([ServerProcess.start(env), ServerProcess.start(env)]);
    const [a, b] = servers as [ServerProcess, ServerProcess];
    generator = await LoadGenerator.start();
    const gen = generator;
    log(
      `  PostgreSQL ${pg.version} (throwaway cluster), instances A ${a.url} and B ${b.url}, load generator pid ${gen.pid}; ${CUSTOMERS} customers, ${ITERATIONS.toLocaleString('en-US')} PBKDF2 iterations`,
    );
    const memory = servers.map((s) => new MemoryProbe(s.pid));
    const ledger = new CpuLedger({
      instanceA: () => processCpuMs(a.pid),
      instanceB: () => processCpuMs(b.pid),
      postgres: () => processTreeCpuMs(postmaster),
      generator: () => processCpuMs(gen.pid),
    });

    const segment = async (label: string, targets: ServerProcess[], rampS: number, durationS: number): Promise<SegmentRun> => {
      await Promise.all(servers.map((s) => waitIdle(s.pid)));
      const before = await a.count('events');
      const elu0 = await Promise.all(servers.map((s) => s.eventLoop()));
      const main0 = servers.map((s) => threadSched(s.pid));
      const psi0 = cpuPressureUs();
      for (const m of memory) m.start();
      ledger.start();
      const load = await gen.run(
        targets.map((t) => t.url),
        rampS * 1000,
        durationS * 1000,
      );
      // The instances finish what is still in flight; their CPU counts until they are idle.
      await Promise.all(servers.map((s) => waitIdle(s.pid)));
      const cpu = ledger.stop();
      const peakRss = memory.map((m) => m.stop());
      const elu1 = await Promise.all(servers.map((s) => s.eventLoop()));
      const main1 = servers.map((s) => threadSched(s.pid));
      const psi1 = cpuPressureUs();
      const stored = (await a.count('events')) - before;
      const run: SegmentRun = {
        label,
        instances: targets.length,
        load,
        stored,
        peakRss,
        cpu,
        elu: servers.map((_, i) => eluBetween(elu0[i]!, elu1[i]!)),
        mainThreadCores: servers.map((_, i) => (main0[i] && main1[i] ? (main1[i]!.runMs - main0[i]!.runMs) / cpu.wallMs : Number.NaN)),
        mainThreadWait: servers.map((_, i) => (main0[i] && main1[i] ? (main1[i]!.waitMs - main0[i]!.waitMs) / cpu.wallMs : Number.NaN)),
        pressure: psi0 !== undefined && psi1 !== undefined ? (psi1 - psi0) / 1000 / cpu.wallMs : undefined,
      };
      const c = (k: string) => cpu.cores[k]?.toFixed(2) ?? '?';
      const failures = Object.values(load.steps).reduce(
        (n, s) =>
          n +
          Object.entries(s.statuses)
            .filter(([k]) => !k.startsWith('2'))
            .reduce((m, [, v]) => m + v, 0) +
          s.errors,
        0,
      );
      log(
        `  ${label}: ${(load.loopsInWindow / (load.windowMs / 1000)).toFixed(1)} customers/s, ${(load.requestsInWindow / (load.windowMs / 1000)).toFixed(0)} req/s, ${load.loopsFailed} failed loops, ${failures} non-2xx/errors, events ${load.eventsAcknowledged} acknowledged / ${stored} stored; cores: A ${c('instanceA')} (main thread ${run.mainThreadCores[0]!.toFixed(2)} on CPU, ${run.mainThreadWait[0]!.toFixed(2)} waiting; loop busy ${run.elu[0]!.toFixed(2)}), B ${c('instanceB')} (${run.mainThreadCores[1]!.toFixed(2)}, ${run.mainThreadWait[1]!.toFixed(2)}; ${run.elu[1]!.toFixed(2)}), PostgreSQL ${c('postgres')}, generator ${c('generator')}, others ${cpu.otherCores?.toFixed(2) ?? '?'}; CPU pressure ${run.pressure === undefined ? '?' : `${(run.pressure * 100).toFixed(0)} %`}`,
      );
      for (const s of load.samples.slice(0, 3)) log(`    e.g. ${s}`);
      return run;
    };

    const both = [a, b];
    const one = [a];
    const seg = seconds(SEGMENT_S);
    const ramp = seconds(RAMP_S);
    const warm = await segment('warm-up, 2 instances', both, 0, seconds(WARMUP_S));
    const order: Array<[string, ServerProcess[]]> = [
      ['2 instances (1/2)', both],
      ['1 instance (1/2)', one],
      ['1 instance (2/2)', one],
      ['2 instances (2/2)', both],
    ];
    const runs: SegmentRun[] = [];
    for (const [label, targets] of order) runs.push(await segment(label, targets, ramp, seg));
    const two = aggregate(
      '2 instances',
      2,
      runs.filter((r) => r.instances === 2),
    );
    const single = aggregate(
      '1 instance',
      1,
      runs.filter((r) => r.instances === 1),
    );
    const ratio = two.customersPerSecond / single.customersPerSecond;
    log(`  2 ÷ 1 instances: ${ratio.toFixed(2)}× (${two.customersPerSecond.toFixed(1)} vs ${single.customersPerSecond.toFixed(1)} customers/s)`);

    const warmFive = Object.values(warm.load.steps).reduce(
      (n, s) =>
        n +
        Object.entries(s.statuses)
          .filter(([k]) => k.startsWith('5'))
          .reduce((m, [, v]) => m + v, 0),
      0,
    );
    const lifetime = await Promise.all(servers.map((s) => s.stop()));
    notes.push(`Lifetime peak RSS of the instances (warm-up and every segment): A ${mb(lifetime[0]!)}, B ${mb(lifetime[1]!)}.`);
    return { configs: [two, single], ratio, warmup: { acknowledged: warm.load.eventsAcknowledged, stored: warm.stored, fiveXX: warmFive }, notes };
  } finally {
    generator?.close();
    for (const s of servers) s.kill();
    await pg.stop();
  }
}

const cores = (v: number | undefined) => (v === undefined ? '?' : v.toFixed(2));
const cpuMs = (v: number | undefined) => (v === undefined ? '?' : v.toFixed(1));
/** "low–high" of two figures (scaled), or "?" when one is unknown. */
const range = (values: Array<number | undefined>, scale: number, digits = 2) => {
  if (values.some((v) => v === undefined)) return '?';
  const xs = (values as number[]).map((v) => v * scale);
  return `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
};

/** The load test's part of BENCHMARKS.md. */
export function loadSection(r: LoadBenchResult): string[] {
  if (r.skipped) return [`_Load test skipped: ${r.skipped}._`];
  const [two, one] = r.configs as [LoadConfigFigures, LoadConfigFigures];
  const fiveXX = two.fiveXX + one.fiveXX + (r.warmup?.fiveXX ?? 0);
  const acknowledged = two.eventsAcknowledged + one.eventsAcknowledged + (r.warmup?.acknowledged ?? 0);
  const stored = two.eventsStored + one.eventsStored + (r.warmup?.stored ?? 0);
  const lost = Math.max(0, acknowledged - stored);
  const pass = (ok: boolean) => `**${ok ? 'PASS' : 'MISS'}**`;
  const failures = (c: LoadConfigFigures) => {
    const parts = Object.entries(c.otherFailures).map(([k, n]) => `${n}× ${k}`);
    if (c.networkErrors) parts.push(`${c.networkErrors} network errors/time-outs`);
    return parts.length ? parts.join(', ') : 'none';
  };
  const cpuLoop = (c: LoadConfigFigures) => {
    const inst = (c.cpuPerLoop.instanceA ?? 0) + (c.cpuPerLoop.instanceB ?? 0);
    const ours = inst + (c.cpuPerLoop.postgres ?? 0) + (c.cpuPerLoop.generator ?? 0);
    return `${ours.toFixed(1)} ms = ${inst.toFixed(1)} instances + ${cpuMs(c.cpuPerLoop.postgres)} PostgreSQL + ${cpuMs(c.cpuPerLoop.generator)} generator`;
  };
  const coresUsed = (c: LoadConfigFigures) =>
    `${cores(c.cores.instanceA)}${c.instances === 2 ? ` + ${cores(c.cores.instanceB)}` : ''} / ${cores(c.cores.postgres)} / ${cores(c.cores.generator)} / **${cores(c.cores.others)}**`;
  const mainThread = (c: LoadConfigFigures) =>
    c.mainThreadCores.map((on, i) => `${'AB'[i]} ${on.toFixed(2)} / ${c.mainThreadWait[i]!.toFixed(2)} / ${c.elu[i]!.toFixed(2)}`).join(', ');
  const ours = (c: LoadConfigFigures) =>
    (c.cpuPerLoop.instanceA ?? 0) + (c.cpuPerLoop.instanceB ?? 0) + (c.cpuPerLoop.postgres ?? 0) + (c.cpuPerLoop.generator ?? 0) + (c.cpuPerLoop.bench ?? 0);
  // Capacity model: a visit needs `ours` ms of CPU somewhere on the machine and `main` ms on one
  // instance's event loop; the machine gives at most `cores` cores, minus what the neighbours take.
  const machineCores = availableParallelism();
  // Instance i spends m_i ms of its event loop per visit (of all visits), so it saturates at 1000 / m_i visits/s.
  const ceiling = (c: LoadConfigFigures, coresLeft: number) => Math.min((1000 * coresLeft) / ours(c), ...c.mainThreadMsPerLoop.map((m) => 1000 / m));
  const mainPerVisit = (c: LoadConfigFigures) => c.mainThreadMsPerLoop.reduce((a, b) => a + b, 0);
  const instPerVisit = (c: LoadConfigFigures) => (c.cpuPerLoop.instanceA ?? 0) + (c.cpuPerLoop.instanceB ?? 0);
  const idle2 = ceiling(two, machineCores);
  const idle1 = ceiling(one, machineCores);
  const left = (c: LoadConfigFigures) => machineCores - (c.cores.others ?? 0);
  return [
    `${CUSTOMERS} concurrent virtual customers, each looping: anonymous login → register (automatic mode) → sign in → track ${BATCHES * PER_BATCH} events (${BATCHES} batches of ${PER_BATCH}) → refresh → sign out (7 requests). Two server instances (bench/server-entry.ts, each its own process, \`SNR_RATE_LIMIT=off\`) on one PostgreSQL database (a throwaway cluster: fsync off), the load generator (bench/load-client.ts, node:http keep-alive agents, one per instance) in a process of its own sending each request to the next instance in turn. **PBKDF2 at ${ITERATIONS.toLocaleString('en-US')} iterations here, not the default 600,000**: at 600,000 the two hashes of a visit (~270 ms CPU) would be all that is measured, and with one instance they already run on both cores through libuv's pool, so one and two instances would measure the same; sign-in at full cost is measured above and in the enumeration test below. The one-instance run sends everything to instance A (B idle); the ${two.seconds + one.seconds} s are measured in segments 2, 1, 1, 2 instances (${seconds(SEGMENT_S)} s each, after a ${seconds(WARMUP_S)} s warm-up) so the neighbours' load falls on both alike. Customers/s counts visits completed inside the window; at the deadline no visit starts, those under way finish and their events count for the lost-events check.`,
    '',
    '| Figure | Measured | Target | Result |',
    '|---|---:|---|---|',
    `| Customers/s (full visits), 2 instances | ${num(two.customersPerSecond)} | | |`,
    `| Customers/s (full visits), 1 instance | ${num(one.customersPerSecond)} | | |`,
    `| Throughput, 2 ÷ 1 instances | ${r.ratio.toFixed(2)} × | ≥ ${TARGET_RATIO} × | ${pass(r.ratio >= TARGET_RATIO)} |`,
    `| 5xx answers (warm-up and all segments) | ${fiveXX} | 0 | ${pass(fiveXX === 0)} |`,
    `| Lost events (acknowledged as new − rows in \`events\`) | ${lost} of ${acknowledged.toLocaleString('en-US')} | 0 | ${pass(lost === 0)} |`,
    '',
    '| Configuration | Customers/s (per segment) | Requests/s | Failed visits (other non-2xx) | Peak RSS per instance | CPU per visit | Cores: instances / PostgreSQL / generator / **others** | Instance main thread: on a CPU / waiting for one / event loop busy | CPU pressure |',
    '|---|---:|---:|---|---:|---|---|---|---:|',
    ...[two, one].map(
      (c) =>
        `| ${c.label} | ${num(c.customersPerSecond)} (${c.segments.map((s) => s.toFixed(1)).join(', ')}) | ${num(c.requestsPerSecond)} | ${c.loopsFailed} (${failures(c)}) | ${c.peakRss.map((p, i) => `${'AB'[i]} ${mb(p)}`).join(', ')} | ${cpuLoop(c)} | ${coresUsed(c)} | ${mainThread(c)} | ${c.pressure === undefined ? 'n/a' : `${(c.pressure * 100).toFixed(0)} %`} |`,
    ),
    '',
    '| Step (latency, ms) | 2 instances p50 | p99 | 1 instance p50 | p99 |',
    '|---|---:|---:|---:|---:|',
    ...[...STEPS, 'loop' as const].map(
      (s) =>
        `| ${s === 'loop' ? 'Whole visit' : STEP_NAMES[s]} | ${ms(two.steps[s].p50)} | ${ms(two.steps[s].p99)} | ${ms(one.steps[s].p50)} | ${ms(one.steps[s].p99)} |`,
    ),
    '',
    `- Columns: CPU per visit is the CPU time (all threads) of the instances, of the whole PostgreSQL cluster (postmaster and backends, from /proc) and of the load generator, from the start of a segment until the instances are idle after it, divided by the visits completed. Others is every other process on the machine (the neighbours). Main thread (the instance's event loop, /proc/<pid>/task/<pid>/schedstat): share of the wall time it ran on a CPU and share it was runnable but waiting for a CPU; event loop busy is Node's event-loop utilisation (waiting for a CPU counts as busy there). CPU pressure is Linux PSI \`some\`: the share of the time some task on the machine waited for a CPU.`,
    `- Capacity model, from the measured CPU per visit: a visit needs ${ours(one).toFixed(1)} ms (1 instance) or ${ours(two).toFixed(1)} ms (2 instances) of CPU on the machine, and ${one.mainThreadMsPerLoop[0]!.toFixed(1)} ms on one instance's event loop (2 instances: ${two.mainThreadMsPerLoop.map((m) => m.toFixed(1)).join(' + ')} ms). With all ${machineCores} cores to ourselves the ceilings are ${idle1.toFixed(0)} visits/s with 1 instance (${(1000 * machineCores) / ours(one) <= 1000 / one.mainThreadMsPerLoop[0]! ? 'the cores run out before its one event loop does' : 'its one event loop runs out first'}) and ${idle2.toFixed(0)} with 2: a ratio of at most ${(idle2 / idle1).toFixed(2)} × on this machine even without neighbours. With the cores the neighbours left (${left(two).toFixed(2)} and ${left(one).toFixed(2)} on average), the CPU bound is ${((1000 * left(two)) / ours(two)).toFixed(0)} and ${((1000 * left(one)) / ours(one)).toFixed(0)} visits/s; measured ${two.customersPerSecond.toFixed(0)} and ${one.customersPerSecond.toFixed(0)}.`,
    `- Why ${r.ratio >= TARGET_RATIO ? 'the ratio is what it is' : `the ${TARGET_RATIO} × target is missed`}: the target assumes the instances are the bottleneck and each gets a core of its own. Here one machine of ${machineCores} cores also runs PostgreSQL and the load generator (together ${((one.cpuPerLoop.postgres ?? 0) + (one.cpuPerLoop.generator ?? 0)).toFixed(1)} ms of every visit's ${ours(one).toFixed(1)} ms), and its neighbours kept ${range([two.cores.others, one.cores.others], 1)} cores busy; CPU pressure was ${range([two.pressure, one.pressure], 100, 0)} % and the instances' event loops spent most of their time runnable but waiting for a CPU, not running. One instance is therefore never event-loop bound (its loop would carry ${(1000 / one.mainThreadMsPerLoop[0]!).toFixed(0)} visits/s on a core of its own), and a second instance has no idle core to use. It also costs more CPU per visit: ${instPerVisit(two).toFixed(1)} ms in the instances instead of ${instPerVisit(one).toFixed(1)} (+${((instPerVisit(two) / instPerVisit(one) - 1) * 100).toFixed(0)} %; event loops ${mainPerVisit(two).toFixed(1)} ms instead of ${mainPerVisit(one).toFixed(1)}), PostgreSQL ${cpuMs(two.cpuPerLoop.postgres)} instead of ${cpuMs(one.cpuPerLoop.postgres)} (twice the connections). A V8 CPU profile of the instances (\`--cpu-prof\`, 40 customers, one run per configuration, taken while this bench was written) showed the same functions in both configurations (ES256 sign/verify, kysely and pg, socket writes, zod, GC), each taking about 2–2.5 times the sampled time per visit with two instances (sampled time includes waiting for a CPU; ES256 job dispatch 3.4 times): no extra queries or new hot spot, so the extra cost is two processes (each with its own V8 heap, JIT and libuv pool) contending for two cores, not extra work per request. On this machine two instances cannot beat one; the ratio needs a core per instance with the database and the load elsewhere.`,
    "- The generator's agents honour the servers' `Keep-Alive: timeout=5` hint (an idle connection is dropped a second before the server would drop it, as Node's global agent and undici do). A trial run with agents that keep idle connections (as a balancer with a longer idle timeout does) lost 27 visits to `socket hang up` / `ECONNRESET`, all with 2 instances (fewer requests per connection, so more connections sit idle for the 5 s): the server closes idle keep-alive connections after Node's default 5 s and has no setting for it.",
  ];
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const result = await runLoadBench();
  console.log(loadSection(result).join('\n'));
  for (const n of result.notes) console.log(`- ${n}`);
  if (SCALE !== 1) console.log(`(BENCH_SCALE=${SCALE})`);
}
