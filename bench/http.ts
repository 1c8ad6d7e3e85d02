/**
 * A small JSON-over-HTTP client on node:http with keep-alive agents, for the benchmarks that drive
 * whole customer journeys (bench/load-client.ts) or time single requests (bench/enumeration.ts).
 * node:http costs the load generator less CPU per request than fetch, and an agent per server keeps
 * one pool of reused connections per instance, as a browser keeps one per origin.
 */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  /** Parsed JSON body; undefined when empty (204) or not JSON. */
  body: any;
  /** Time from sending to the end of the body, ms. */
  ms: number;
}

export class JsonClient {
  readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly url: string,
    maxSockets = 256,
  ) {
    const u = new URL(url);
    this.host = u.hostname;
    this.port = Number(u.port);
    // With a timeout set, the agent honours the server's `Keep-Alive: timeout=5` hint and drops an
    // idle connection a second before the server would (as Node's global agent and undici do);
    // without one it keeps idle sockets for ever and races the server's close (ECONNRESET).
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo', timeout: 60_000 });
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown, token?: string, timeoutMs = 60_000): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = {};
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
        res.on('error', reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  post(path: string, body: unknown, token?: string): Promise<HttpAnswer> {
    return this.request('POST', path, body, token);
  }

  close(): void {
    this.agent.destroy();
  }
}
