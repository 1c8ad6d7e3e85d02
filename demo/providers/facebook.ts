// Node side (never bundled into the demo pages): a stand-in of Facebook on a loopback port, since
// Facebook cannot be reached from a designer's laptop without a real app, nor from the tests.
//
// - The two Graph API endpoints the server uses (`debug_token` and `me`), answering as the Graph
//   API does, error bodies included (server/test/facebook.test.ts runs its own).
// - For the demo (`sdk: true`): a stand-in of Facebook's JS SDK at `/sdk.js` (same interface as
//   `window.FB`: init, login, getLoginStatus, …; it shows a labelled "Facebook stand-in" dialog in
//   the page) and `POST /standin/login`, where that dialog gets a user access token this Graph
//   stand-in then accepts.
import { randomInt, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FacebookUser {
  id: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}

export interface IssuedToken {
  appId: string;
  userId: string;
  isValid: boolean;
  scopes: string[];
  /** Make one of the endpoints answer 500 for this token. */
  fail?: 'debug_token' | 'me';
}

export interface GraphStandInOptions {
  appId: string;
  appSecret: string;
  /** Also serve the JS SDK stand-in and its login endpoint (the demo). */
  sdk?: boolean;
  host?: string;
  port?: number;
}

/** The people the SDK stand-in's dialog offers besides "a new Facebook user". */
export const DEMO_FACEBOOK_PEOPLE: ReadonlyArray<Omit<FacebookUser, 'id'> & { id: string }> = [
  { id: '100000000000001', email: 'fay.bookman@example.com', first_name: 'Fay', last_name: 'Bookman' },
  { id: '100000000000002', email: 'sam.socialson@example.com', first_name: 'Sam', last_name: 'Socialson' },
];

const NEW_FIRST = ['Nova', 'Felix', 'Iris', 'Oskar', 'Lena', 'Milo', 'Zofia', 'Theo'];
const NEW_LAST = ['Newman', 'Nowak', 'Fresh', 'Novak', 'Neumann', 'First'];
const SDK_FILE = new URL('./facebook-sdk.js', import.meta.url);
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

export class GraphStandIn {
  readonly users = new Map<string, FacebookUser>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly requests: URL[] = [];
  url = '';
  private readonly server: Server;

  constructor(private readonly options: GraphStandInOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err), type: 'OAuthException', code: 1 } }));
      });
    });
    if (options.sdk) for (const person of DEMO_FACEBOOK_PEOPLE) this.users.set(person.id, { ...person });
  }

  get appId(): string {
    return this.options.appId;
  }

  /** Where the JS SDK stand-in is served (with `sdk: true`). */
  get sdkUrl(): string {
    return `${this.url}/sdk.js`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A Facebook user; `email: undefined` for one without an address. */
  user(fields: Omit<FacebookUser, 'id'> = {}): FacebookUser {
    const user = { id: `10${randomInt(10 ** 12, 10 ** 13)}`, ...fields };
    this.users.set(user.id, user);
    return user;
  }

  /** A user access token as the JS SDK would hand over after FB.login. */
  token(user: FacebookUser, options: Partial<Omit<IssuedToken, 'userId'>> = {}): string {
    const token = `EAA${randomUUID().replace(/-/g, '')}`;
    this.tokens.set(token, { appId: this.options.appId, isValid: true, scopes: ['email', 'public_profile'], ...options, userId: user.id });
    return token;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://graph.local');
    this.requests.push(url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    const oauthError = (message: string, code = 190) => send(400, { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf' } });
    const q = url.searchParams;
    const { appId, appSecret } = this.options;

    if (this.options.sdk) {
      // Pages on this machine may call it, as pages may call graph.facebook.com (FB.api).
      const origin = req.headers.origin;
      if (origin && LOOPBACK.test(origin)) res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
      if (url.pathname.startsWith('/standin/') || url.pathname === '/sdk.js' || req.method === 'OPTIONS') return this.handleSdk(req, res, url);
    }

    if (req.method === 'GET' && url.pathname === '/debug_token') {
      if (q.get('access_token') !== `${appId}|${appSecret}`) return oauthError('Invalid OAuth access token signature.');
      const issued = this.tokens.get(q.get('input_token') ?? '');
      if (issued?.fail === 'debug_token')
        return send(500, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2 } });
      if (!issued) return send(200, { data: { error: { code: 190, message: 'Invalid OAuth access token.' }, is_valid: false, scopes: [] } });
      return send(200, {
        data: {
          app_id: issued.appId,
          type: 'USER',
          application: issued.appId === appId ? 'snr-auth test app' : 'another app',
          data_access_expires_at: Math.floor(Date.now() / 1000) + 7776000,
          expires_at: Math.floor(Date.now() / 1000) + 5184000,
          is_valid: issued.isValid,
          scopes: issued.scopes,
          user_id: issued.userId,
        },
      });
    }
    if (req.method === 'GET' && url.pathname === '/me') {
      const issued = this.tokens.get(q.get('access_token') ?? '');
      if (!issued?.isValid) return oauthError('Invalid OAuth access token data.');
      if (issued.fail === 'me') return send(500, { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1 } });
      const user = this.users.get(issued.userId)!;
      const out: Record<string, string> = { id: user.id };
      for (const field of (q.get('fields') ?? 'id,name').split(',')) {
        if (field === 'email' && !issued.scopes.includes('email')) continue; // no permission, no field
        const value = field === 'name' ? [user.first_name, user.last_name].filter(Boolean).join(' ') || undefined : user[field as keyof FacebookUser];
        if (value !== undefined) out[field] = value;
      }
      return send(200, out);
    }
    send(404, { error: { message: `Unknown path components: ${url.pathname}`, type: 'OAuthException', code: 2500 } });
  }

  /** The JS SDK stand-in and the endpoints its dialog calls (CORS: loopback pages only). */
  private async handleSdk(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const origin = req.headers.origin;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
      return void res.end();
    }
    if (req.method === 'GET' && url.pathname === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'cross-origin-resource-policy': 'cross-origin' });
      return void res.end(await readFile(SDK_FILE));
    }
    if (req.method === 'GET' && url.pathname === '/standin/people') {
      return send(
        200,
        DEMO_FACEBOOK_PEOPLE.map((p) => ({ id: p.id, name: `${p.first_name} ${p.last_name}`, email: p.email })),
      );
    }
    if (req.method === 'POST' && url.pathname === '/standin/login') {
      if (!origin || !LOOPBACK.test(origin)) return send(403, { error: { message: 'Only pages on this machine may use the stand-in.' } });
      let body: { appId?: unknown; person?: unknown; shareEmail?: unknown };
      try {
        let text = '';
        for await (const chunk of req) {
          text += chunk;
          if (text.length > 10_000) throw new Error('too large');
        }
        body = JSON.parse(text) as typeof body;
      } catch {
        return send(400, { error: { message: 'Expected a JSON body' } });
      }
      if (typeof body.appId !== 'string' || !body.appId) return send(400, { error: { message: 'FB.init() was not called with an appId' } });
      let user: FacebookUser | undefined;
      if (body.person === 'new') {
        const n = randomInt(1000, 10000);
        const first = NEW_FIRST[randomInt(NEW_FIRST.length)]!;
        const last = NEW_LAST[randomInt(NEW_LAST.length)]!;
        user = this.user({ email: `${first}.${last}.${n}@example.com`.toLowerCase(), first_name: first, last_name: `${last} ${n}` });
      } else if (typeof body.person === 'string') user = this.users.get(body.person);
      if (!user) return send(404, { error: { message: 'No such person at the stand-in' } });
      const scopes = body.shareEmail === false ? ['public_profile'] : ['email', 'public_profile'];
      const accessToken = this.token(user, { appId: body.appId, scopes });
      return send(200, {
        accessToken,
        userID: user.id,
        expiresIn: 5183999,
        grantedScopes: scopes.join(','),
        name: [user.first_name, user.last_name].filter(Boolean).join(' '),
        email: scopes.includes('email') ? user.email : undefined,
      });
    }
    send(404, { error: { message: `Unknown stand-in path ${url.pathname}` } });
  }
}
