import { executeServerCommand } from '@web/test-runner-commands';
import type { Client, ClientOptions, SnrError } from '../../../src/session/index.js';

export const API_KEY = 'snr-local-dev-key';
export const PASSWORD = 'Secret1!';

export interface RefreshLog {
  at: number;
  sid?: string;
  iat?: number;
  exp?: number;
  rlm?: string;
  status?: number;
  /** Last 16 characters of the token sent / of the token answered. */
  tokenTail?: string;
  issuedTail?: string;
}

export interface IdIssuer {
  issuer: string;
  clientId: string;
  scriptUrl: string;
}
export interface IdIssuers {
  env: Record<string, string>;
  google: IdIssuer;
  apple: IdIssuer;
}

/**
 * An ID token from a stand-in issuer, as its page script gets one: for a new person (with the given
 * claims) or a known `sub`, for `clientId` and `nonce`.
 */
export async function standInIdToken(
  issuer: IdIssuer,
  options: { nonce?: string; clientId?: string; person?: string; fields?: Record<string, unknown> } = {},
): Promise<{ id_token: string; sub: string; email?: string }> {
  const res = await fetch(`${issuer.issuer}/standin/id-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: options.clientId ?? issuer.clientId, nonce: options.nonce, person: options.person ?? 'new', fields: options.fields }),
  });
  if (!res.ok) throw new Error(`the stand-in issuer answered ${res.status}`);
  return res.json();
}

/** A real reference server run by the test runner (test/support/wtr-server-plugin.mjs), behind a counting proxy. */
export class TestServer {
  constructor(
    readonly id: number,
    readonly url: string,
  ) {}

  /** Variables that point a server at local stand-ins for the OAuth endpoint and Facebook's Graph API. */
  static providers(): Promise<Record<string, string>> {
    return executeServerCommand('snr-provider-env', {});
  }

  /** Stand-in Google and Apple issuers (demo/providers/id-token-issuer.ts): the server's env and each one's URLs. */
  static idIssuers(): Promise<IdIssuers> {
    return executeServerCommand('snr-id-issuers', {});
  }

  /**
   * A server with this env, shared with other test files (one at a time) unless `own` says:
   * `'server'` for one nobody else gets (a test that stops it), `'process'` for one in a child
   * process (a test that crashes it with SIGKILL). `close()` gives a shared one back.
   */
  static async start(env: Record<string, string> = {}, { own }: { own?: 'server' | 'process' } = {}): Promise<TestServer> {
    const { id, url } = await executeServerCommand<{ id: number; url: string }, unknown>('snr-server-start', { env, own });
    return new TestServer(id, url);
  }

  /** `kill`: SIGKILL, a crash (a server started with `own: 'process'`). */
  stop(kill = false): Promise<unknown> {
    return executeServerCommand('snr-server-stop', { id: this.id, kill });
  }

  restart(): Promise<unknown> {
    return executeServerCommand('snr-server-restart', { id: this.id });
  }

  close(): Promise<unknown> {
    return executeServerCommand('snr-server-close', { id: this.id });
  }

  requests(reset = false): Promise<{ counts: Record<string, number>; refreshes: RefreshLog[] }> {
    return executeServerCommand('snr-server-requests', { id: this.id, reset });
  }

  async count(method: string, path: string): Promise<number> {
    return (await this.requests()).counts[`${method} ${path}`] ?? 0;
  }

  delay(path: string, ms: number): Promise<unknown> {
    return executeServerCommand('snr-server-delay', { id: this.id, path, ms });
  }

  /**
   * The proxy answers POSTs to `path` itself with `status` and the contract's error body (`code`),
   * as a failing server would: only for bodies holding `match` when given, `times` times when
   * given; `Retry-After: retryAfter` when given; `method: 'GET'` for a GET route. `fault(path, 0)` removes it.
   */
  fault(
    path: string,
    status: number,
    options: { code?: string; match?: string; retryAfter?: number; times?: number; method?: 'GET' | 'POST' | 'DELETE' } = {},
  ): Promise<unknown> {
    return executeServerCommand('snr-server-fault', { id: this.id, path, status, code: options.code ?? 'INTERNAL_ERROR', ...options });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return executeServerCommand('snr-server-query', { id: this.id, sql, params });
  }

  /** A request from Node, as the site's backend makes it (not from the page's origin). */
  http(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
    return executeServerCommand('snr-server-http', { id: this.id, method, path, ...options });
  }

  /** The token of the newest emailed link to an address (the server's outbox). */
  async linkToken(to: string): Promise<string> {
    const [mail] = await this.query<{ text_body: string }>('SELECT text_body FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [to.toLowerCase()]);
    const match = mail && /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text_body);
    if (!match) throw new Error(`no emailed link for ${to}`);
    return match[1]!;
  }

  options(extra: Partial<ClientOptions> = {}): ClientOptions {
    return { apiBase: this.url, apiKey: API_KEY, ...extra };
  }
}

export const REFRESH = ['POST', '/sauth/v3/auth/refresh/client'] as const;
export const ANONYMOUS = ['POST', '/sauth/v3/auth/login/client/anonymous'] as const;
export const EVENTS = ['POST', '/v4/events/batch'] as const;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeout = 5000, every = 25): Promise<NonNullable<T>> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

export const uniqueEmail = (tag = 'c') => `${tag}-${crypto.randomUUID().slice(0, 12)}@example.com`;

/** A rejection's value, or a failure when the promise resolved. */
export async function rejection(promise: Promise<unknown>): Promise<SnrError> {
  try {
    await promise;
  } catch (err) {
    return err as SnrError;
  }
  throw new Error('expected a rejection, got a success');
}

/**
 * A page of its own (a same-origin iframe) with its own Client, as a browser tab would have: it
 * shares localStorage, IndexedDB, BroadcastChannel and Web Locks with the test page and the
 * other frames, and nothing else.
 */
export class Tab {
  private constructor(
    readonly frame: HTMLIFrameElement,
    private readonly src: string,
  ) {}

  /** `legacy`: the tab's browser has neither Web Locks nor BroadcastChannel. */
  static async open(options: ClientOptions, { legacy = false } = {}): Promise<Tab> {
    const frame = document.createElement('iframe');
    const src = new URL('./fixtures/tab.html', import.meta.url);
    src.searchParams.set('options', JSON.stringify(options));
    if (legacy) src.searchParams.set('legacy', '');
    frame.src = src.href;
    document.body.append(frame);
    const tab = new Tab(frame, src.href);
    await tab.loaded();
    return tab;
  }

  get client(): Client {
    return (this.frame.contentWindow as unknown as { snrClient: Client }).snrClient;
  }

  private async loaded(): Promise<void> {
    await waitFor(() => (this.frame.contentWindow as unknown as { snrClient?: Client } | null)?.snrClient, 'the tab to load', 10_000);
  }

  /** Reloads the frame at once, whatever it was doing. */
  async reload(): Promise<void> {
    const old = this.frame.contentWindow;
    this.frame.src = `${this.src}&reload=${Date.now()}`;
    await waitFor(() => this.frame.contentWindow !== old || !(old as unknown as { snrClient?: Client }).snrClient, 'the old page to go');
    await waitFor(
      () => {
        const win = this.frame.contentWindow as unknown as { snrClient?: Client; document: Document } | null;
        return !!(win?.snrClient && win.document.readyState === 'complete');
      },
      'the tab to reload',
      10_000,
    );
  }

  close(): void {
    this.client?.close();
    this.frame.remove();
  }
}

/** Every localStorage key and IndexedDB database of the origin, gone: each test starts as a new visitor. */
export async function forgetEverything(): Promise<void> {
  localStorage.clear();
  sessionStorage.clear();
  for (const db of await indexedDB.databases()) {
    if (!db.name) continue;
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(db.name!);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  }
}

/** How many events wait in the IndexedDB queue of a deployment (0 when there is no queue yet). */
export async function queuedEvents(server: TestServer): Promise<number> {
  const name = `snr:${server.url}|${API_KEY}:events`;
  if (!(await indexedDB.databases()).some((db) => db.name === name)) return 0;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains('events')) return 0;
    // One record per batch of tracked events: count the events inside.
    return await new Promise<number>((resolve, reject) => {
      const request = db.transaction('events').objectStore('events').getAll();
      request.onsuccess = () => resolve((request.result as { events: unknown[] }[]).reduce((n, r) => n + r.events.length, 0));
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}
