import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** Scales every load phase's duration (`BENCH_SCALE=0.2 npm run bench` for a quick smoke run). */
export const SCALE = Number(process.env.BENCH_SCALE ?? '1') > 0 ? Number(process.env.BENCH_SCALE ?? '1') : 1;
export const seconds = (s: number): number => Math.max(1, Math.round(s * SCALE));

export const benchFile = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export interface Percentiles {
  p50: number;
  p99: number;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: Number.NaN, p99: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** The q-quantile (0..1) of `values`, nearest rank, as `percentiles` computes p50 and p99. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface LoadResult {
  /** Successful (2xx) answers per second over the measured duration. */
  rate: number;
  ok: number;
  failed: number;
  /** Requests sent but not answered when the run ended (the server still finishes them). */
  unanswered: number;
  errors: number;
  duration: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
}

export type LoadRequest = autocannon.Request;

/**
 * One autocannon run over real HTTP, for `duration` seconds or `amount` requests; only 2xx answers
 * count towards the rate.
 */
export async function load(options: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  requests: LoadRequest[];
  timeout?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    pipelining: 1,
    timeout: options.timeout ?? 30,
    requests: options.requests,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stat as { count: number }).count;
  const ok = result['2xx'];
  return {
    rate: ok / result.duration,
    ok,
    failed: result.non2xx,
    unanswered: Math.max(0, result.requests.sent - ok - result.non2xx - result.errors - result.timeouts),
    errors: result.errors + result.timeouts,
    duration: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCodes,
  };
}

/**
 * Peak resident memory of another process during a phase: Linux keeps the high-water mark in
 * VmHWM, and writing 5 to clear_refs resets it to the current RSS, so each phase gets its own peak.
 * Where that is not possible, RSS is sampled every 50 ms instead.
 */
export class MemoryProbe {
  private sampled = 0;
  private timer: NodeJS.Timeout | undefined;
  private resettable = false;

  constructor(private readonly pid: number) {}

  private status(field: 'VmHWM' | 'VmRSS'): number | undefined {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  start(): void {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      this.resettable = true;
    } catch {
      this.resettable = false;
    }
    this.sampled = this.status('VmRSS') ?? 0;
    this.timer = setInterval(() => {
      this.sampled = Math.max(this.sampled, this.status('VmRSS') ?? 0);
    }, 50);
    this.timer.unref();
  }

  /** Peak RSS in bytes since `start()`. */
  stop(): number {
    clearInterval(this.timer);
    const sampled = Math.max(this.sampled, this.status('VmRSS') ?? 0);
    const hwm = this.resettable ? this.status('VmHWM') : undefined;
    return Math.max(sampled, hwm ?? 0);
  }
}

/** Busy CPU time of the whole machine (all cores) and of one process, from /proc, in ms. */
export function machineBusyMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) * 10;
  } catch {
    return undefined;
  }
}

export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * CPU ms of a process and its descendants: their own time, plus the time of children they have
 * already reaped (cutime/cstime). For PostgreSQL's postmaster this is the whole cluster: backends
 * that exit during a phase move from the live sum into the postmaster's cutime, so a difference of
 * two readings counts them once.
 */
export function processTreeCpuMs(root: number): number | undefined {
  const stats = new Map<number, { ppid: number; own: number; reaped: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        own: (Number(fields[11]) + Number(fields[12])) * 10,
        reaped: (Number(fields[13]) + Number(fields[14])) * 10,
      });
    } catch {
      /* gone meanwhile */
    }
  }
  if (!stats.has(root)) return undefined;
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    const s = stats.get(pid);
    if (!s) continue;
    total += s.own + s.reaped;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * CPU of several named groups of processes during a phase, and of everybody else on the machine
 * (the bench process's own time is its own group, `bench`), in ms and in average cores.
 */
export class CpuLedger {
  private t0 = 0;
  private busy0: number | undefined;
  private start0: Record<string, number | undefined> = {};
  private self0 = process.cpuUsage();

  constructor(private readonly groups: Record<string, () => number | undefined>) {}

  start(): void {
    this.t0 = performance.now();
    this.busy0 = machineBusyMs();
    this.start0 = Object.fromEntries(Object.entries(this.groups).map(([k, f]) => [k, f()]));
    this.self0 = process.cpuUsage();
  }

  stop(): {
    wallMs: number;
    ms: Record<string, number | undefined>;
    othersMs: number | undefined;
    cores: Record<string, number | undefined>;
    otherCores: number | undefined;
  } {
    const wallMs = performance.now() - this.t0;
    const busy1 = machineBusyMs();
    const self = process.cpuUsage(this.self0);
    const ms: Record<string, number | undefined> = {};
    for (const [k, f] of Object.entries(this.groups)) {
      const now = f();
      const before = this.start0[k];
      ms[k] = now !== undefined && before !== undefined ? Math.max(0, now - before) : undefined;
    }
    ms.bench = (self.user + self.system) / 1000;
    const known = Object.values(ms).every((v) => v !== undefined);
    const mine = Object.values(ms).reduce<number>((a, b) => a + (b ?? 0), 0);
    const othersMs = busy1 !== undefined && this.busy0 !== undefined && known ? Math.max(0, busy1 - this.busy0 - mine) : undefined;
    const cores = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, v === undefined ? undefined : v / wallMs]));
    return { wallMs, ms, othersMs, cores, otherCores: othersMs === undefined ? undefined : othersMs / wallMs };
  }
}

export interface CpuReport {
  /** CPU ms the watched process used during the phase. */
  processMs: number | undefined;
  /** Average cores kept busy by everything else on the machine (neighbours), bench process excluded. */
  otherCores: number | undefined;
}

/**
 * CPU used during a phase by the watched process (this one when no pid is given), and by everybody
 * else: the machine is shared, so each figure says how busy the neighbours were while it was taken.
 */
export class CpuProbe {
  private t0 = 0;
  private busy0: number | undefined;
  private proc0: number | undefined;
  private self0 = process.cpuUsage();

  constructor(private readonly pid?: number) {}

  start(): void {
    this.t0 = performance.now();
    this.busy0 = machineBusyMs();
    this.proc0 = this.pid === undefined ? undefined : processCpuMs(this.pid);
    this.self0 = process.cpuUsage();
  }

  stop(): CpuReport {
    const wall = performance.now() - this.t0;
    const busy1 = machineBusyMs();
    const selfUsage = process.cpuUsage(this.self0);
    const self = (selfUsage.user + selfUsage.system) / 1000;
    let used: number | undefined = self;
    if (this.pid !== undefined) {
      const proc1 = processCpuMs(this.pid);
      used = proc1 !== undefined && this.proc0 !== undefined ? proc1 - this.proc0 : undefined;
    }
    const mine = this.pid === undefined ? self : (used ?? 0) + self;
    const others = busy1 !== undefined && this.busy0 !== undefined && used !== undefined ? busy1 - this.busy0 - mine : undefined;
    return { processMs: used, otherCores: others === undefined ? undefined : Math.max(0, others) / wall };
  }
}

/** Waits until a process has been (nearly) idle for a moment, so one phase's tail does not eat into the next. */
export async function waitIdle(pid: number, maxMs = 5000): Promise<void> {
  const until = Date.now() + maxMs;
  let last = processCpuMs(pid);
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    const now = processCpuMs(pid);
    if (now === undefined || last === undefined || now - last <= 25) return;
    last = now;
  }
}

type Message = { type: string; [key: string]: unknown };

/** The server under load, in its own process (bench/server-entry.ts), talked to over IPC. */
export class ServerProcess {
  private nextId = 1;
  private pending = new Map<number, (m: Message) => void>();
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (m: Message) => {
      const id = m.id as number | undefined;
      if (id !== undefined) {
        this.pending.get(id)?.(m);
        this.pending.delete(id);
      }
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(env: Record<string, string>): Promise<ServerProcess> {
    // --expose-gc only so the end-of-run report can tell live heap from garbage.
    const child = spawn(process.execPath, ['--expose-gc', '--conditions=snr-auth-source', '--import', 'tsx', benchFile('./server-entry.ts')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before it was ready`)));
      child.on('message', (m: Message) => {
        if (m.type === 'ready') resolve(m.url as string);
      });
    });
    return new ServerProcess(child, url);
  }

  request(message: Message): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) => (m.type === 'error' ? reject(new Error(String(m.message))) : resolve(m)));
      this.child.send({ ...message, id });
    });
  }

  async count(table: 'events' | 'sessions' | 'clients'): Promise<number> {
    return (await this.request({ type: 'count', table })).count as number;
  }

  /** The server's event-loop utilisation since it started (diff two with `performance.eventLoopUtilization(a, b)`). */
  async eventLoop(): Promise<EventLoopUtilization> {
    return (await this.request({ type: 'elu' })).elu as EventLoopUtilization;
  }

  /** Memory now, and after a full GC (live heap). */
  async memory(): Promise<{ usage: NodeJS.MemoryUsage; afterGc: NodeJS.MemoryUsage }> {
    const answer = await this.request({ type: 'memory' });
    return { usage: answer.usage as NodeJS.MemoryUsage, afterGc: answer.afterGc as NodeJS.MemoryUsage };
  }

  /** Closes the server gracefully; answers its lifetime peak RSS (bytes). */
  async stop(): Promise<number> {
    const answer = await this.request({ type: 'close' });
    await this.exited;
    return answer.maxRss as number;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** The raw PBKDF2 yardstick (bench/pbkdf2-raw.ts) in a process of its own, one segment per call. */
export class RawHasher {
  private nextId = 1;

  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<RawHasher> {
    const child = spawn(process.execPath, ['--conditions=snr-auth-source', '--import', 'tsx', benchFile('./pbkdf2-raw.ts')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`pbkdf2-raw exited with ${code} before it was ready`)));
      child.on('message', (m: Message) => m.type === 'ready' && resolve());
    });
    child.removeAllListeners('exit');
    return new RawHasher(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  run<T>(iterations: number, concurrency: number, count: number): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`pbkdf2-raw exited with ${code}`));
      this.child.once('exit', onExit);
      const onMessage = (m: Message) => {
        if (m.id !== id) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(m.result as T);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'run', id, iterations, concurrency, count });
    });
  }

  close(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

export const mb = (bytes: number): string => (Number.isFinite(bytes) && bytes > 0 ? `${(bytes / 1024 / 1024).toFixed(0)} MB` : 'n/a');
export const ms = (v: number): string => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : 'n/a');
export const num = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
