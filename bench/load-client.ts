/**
 * The load generator of bench/load.ts, in a process of its own so that neither the bench's event
 * loop nor a server's shares its CPU: N virtual customers, each looping through a whole visit —
 * anonymous login → register → sign in → track events (in batches) → refresh → sign out — with
 * every request sent to the next server instance in turn (round-robin over keep-alive agents, one
 * per instance, as a load balancer in front of them would spread them).
 *
 * Started with an IPC channel; stays up and runs one segment per
 * `{ type: 'run', id, urls, customers, rampMs, durationMs, batches, perBatch }` message, answering
 * a `LoadSegment`. Rates count what completes inside the window (after the ramp, before the
 * deadline): all customers start together, so without a ramp the first visits would all end at
 * once, seconds in. At the deadline no new loop starts; loops under way finish (their events
 * count towards the lost-events check).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type HttpAnswer, JsonClient } from './http.js';

const API_KEY = 'snr-local-dev-key';
const PASSWORD = 'Secret1!';

export const STEPS = ['anonymous', 'register', 'signIn', 'track', 'refresh', 'signOut'] as const;
export type Step = (typeof STEPS)[number];

export interface StepStats {
  /** Latency of every answered request of this step, ms (answers of any status). */
  latencies: number[];
  statuses: Record<string, number>;
  /** Network errors and time-outs. */
  errors: number;
}

export interface LoadSegment {
  customers: number;
  instances: number;
  /** The measurement window, ms: from the end of the ramp to the deadline. */
  windowMs: number;
  /** The ramp before the window, ms: every customer starts at once, so the first visits all end together. */
  rampMs: number;
  /** From the first request until the last loop under way at the deadline finished, ms. */
  drainMs: number;
  loopsInWindow: number;
  loopsTotal: number;
  /** Loops abandoned after an unexpected answer or a network error. */
  loopsFailed: number;
  requestsInWindow: number;
  requestsTotal: number;
  loopLatencies: number[];
  steps: Record<Step, StepStats>;
  /** Sum over 202 answers of (received − duplicates): events the servers said they stored anew. */
  eventsAcknowledged: number;
  eventsSent: number;
  /** Loops completed in each second of the window. */
  perSecond: number[];
  /** The generator's own CPU during the segment, ms. */
  cpuMs: number;
  /** First few unexpected answers, for the notes. */
  samples: string[];
}

const EXPECTED: Record<Step, number> = { anonymous: 200, register: 201, signIn: 200, track: 202, refresh: 200, signOut: 204 };

class Unexpected extends Error {}

interface RunMessage {
  id: number;
  type: string;
  urls: string[];
  customers: number;
  rampMs: number;
  durationMs: number;
  batches: number;
  perBatch: number;
}

async function segment(m: RunMessage): Promise<LoadSegment> {
  const clients = m.urls.map((u) => new JsonClient(u, m.customers + 8));
  const steps = Object.fromEntries(STEPS.map((s) => [s, { latencies: [], statuses: {}, errors: 0 } satisfies StepStats])) as unknown as Record<Step, StepStats>;
  const runId = randomBytes(4).toString('hex');
  const time = new Date().toISOString();
  let rr = 0;
  let requestsInWindow = 0;
  let requestsTotal = 0;
  let loopsInWindow = 0;
  let loopsTotal = 0;
  let loopsFailed = 0;
  let eventsAcknowledged = 0;
  let eventsSent = 0;
  const loopLatencies: number[] = [];
  const perSecond: number[] = new Array(Math.ceil(m.durationMs / 1000)).fill(0);
  const samples: string[] = [];

  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const windowStart = start + m.rampMs;
  const deadline = windowStart + m.durationMs;
  const inWindow = (t: number) => t >= windowStart && t <= deadline;

  const send = async (step: Step, path: string, body: unknown, token?: string): Promise<HttpAnswer> => {
    const client = clients[rr++ % clients.length]!;
    let answer: HttpAnswer;
    try {
      answer = await client.post(path, body, token);
    } catch (err) {
      steps[step].errors++;
      if (samples.length < 8) samples.push(`${step}: ${(err as Error).message}`);
      throw new Unexpected();
    }
    const stats = steps[step];
    stats.latencies.push(answer.ms);
    stats.statuses[answer.status] = (stats.statuses[answer.status] ?? 0) + 1;
    requestsTotal++;
    if (inWindow(performance.now())) requestsInWindow++;
    if (answer.status !== EXPECTED[step]) {
      if (samples.length < 8) samples.push(`${step}: ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 160)}`);
      throw new Unexpected();
    }
    return answer;
  };

  const visit = async (customer: number, n: number): Promise<void> => {
    const uuid = randomUUID();
    const anon = await send('anonymous', '/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid });
    const email = `load-${runId}-${customer}-${n}@example.com`;
    await send('register', '/sauth/clients/registered', { apiKey: API_KEY, email, password: PASSWORD }, anon.body.token);
    const signedIn = await send('signIn', '/sauth/v3/auth/login/client', { apiKey: API_KEY, email, password: PASSWORD, uuid });
    const token = signedIn.body.token as string;
    const customerUuid = signedIn.body.uuid as string;
    for (let b = 0; b < m.batches; b++) {
      const batch = Array.from({ length: m.perBatch }, (_, i) => ({
        action: 'page.visit',
        label: 'Product page',
        time,
        params: { url: `https://shop.example/p/${i}`, position: i },
        eventSalt: `${runId}-${customer}-${n}-${b}-${i}`,
        client: { uuid: customerUuid },
      }));
      eventsSent += batch.length;
      const answer = await send('track', '/v4/events/batch', batch, token);
      eventsAcknowledged += Number(answer.body.received) - Number(answer.body.duplicates);
    }
    const refreshed = await send('refresh', '/sauth/v3/auth/refresh/client', { apiKey: API_KEY }, token);
    await send('signOut', '/sauth/v3/auth/logout/client', {}, refreshed.body.token);
  };

  await Promise.all(
    Array.from({ length: m.customers }, async (_, customer) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t = performance.now();
        try {
          await visit(customer, n);
        } catch (err) {
          if (!(err instanceof Unexpected)) throw err;
          loopsFailed++;
          continue;
        }
        const done = performance.now();
        loopsTotal++;
        loopLatencies.push(done - t);
        if (inWindow(done)) {
          loopsInWindow++;
          perSecond[Math.min(perSecond.length - 1, Math.floor((done - windowStart) / 1000))]!++;
        }
      }
    }),
  );
  const drainMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  for (const c of clients) c.close();
  return {
    customers: m.customers,
    instances: m.urls.length,
    windowMs: m.durationMs,
    rampMs: m.rampMs,
    drainMs,
    loopsInWindow,
    loopsTotal,
    loopsFailed,
    requestsInWindow,
    requestsTotal,
    loopLatencies,
    steps,
    eventsAcknowledged,
    eventsSent,
    perSecond,
    cpuMs: (cpu.user + cpu.system) / 1000,
    samples,
  };
}

// Runs only as the started child; bench/load.ts imports this module for its types and STEPS.
if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  if (!process.send) throw new Error('bench/load-client.ts is started by bench/load.ts (it needs an IPC channel)');
  process.on('message', async (m: RunMessage) => {
    if (m.type === 'run') {
      try {
        process.send!({ id: m.id, type: 'segment', result: await segment(m) });
      } catch (err) {
        process.send!({ id: m.id, type: 'error', message: String((err as Error)?.stack ?? err) });
      }
    } else if (m.type === 'close') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' });
}
