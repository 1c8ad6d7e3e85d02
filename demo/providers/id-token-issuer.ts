// Node side (never bundled into the demo pages): a stand-in of Google's or Apple's OpenID Connect
// issuer on a loopback port, since neither can be reached from the tests nor sign for a laptop.
//
// - What the server asks: the discovery document (`/.well-known/openid-configuration`) and the
//   key set it names (Google: `/oauth2/v3/certs`, Apple: `/auth/keys`).
// - ID tokens signed with jose by a real key of that set (RS256 or ES256), with the claims each
//   provider puts in (Apple: `email_verified` as the string "true", no names). Tests make them with
//   `idToken()`, including wrong ones (another audience, issuer, expired, other nonce, other key).
// - With `sdk: true` (demo, browser and e2e tests): a stand-in of the provider's page script
//   (Google Identity Services `/gsi/client`, Apple's `/appleauth.js`), same interface as the real
//   one, which shows a labelled "stand-in" dialog and gets its ID token from `POST /standin/id-token`.
import { randomInt, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export type IssuerKind = 'google' | 'apple';
type Alg = 'RS256' | 'ES256';

export interface IdTokenPerson {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
}

export interface IdTokenOptions {
  nonce?: string;
  /** Defaults: this issuer's client id, its URL, issued now for an hour. */
  aud?: string | string[];
  iss?: string;
  iat?: number;
  exp?: number;
  azp?: string;
  /** Sign with a key the key set does not publish (under the same key id). */
  foreignKey?: boolean;
  /** Extra or replaced claims. */
  claims?: Record<string, unknown>;
}

export interface IdTokenIssuerOptions {
  kind: IssuerKind;
  clientId: string;
  alg?: Alg;
  /** Also serve the page-script stand-in and its token endpoint. */
  sdk?: boolean;
  host?: string;
  port?: number;
}

interface SigningKey {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  jwk: JWK;
}

const SCRIPT = { google: new URL('./google-gsi.js', import.meta.url), apple: new URL('./apple-auth.js', import.meta.url) };
const DIALOG = new URL('./standin-dialog.js', import.meta.url);
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** People the page-script stand-ins offer besides "a new person". */
export const DEMO_ID_PEOPLE: Record<IssuerKind, IdTokenPerson[]> = {
  google: [{ sub: '104000000000000000001', email: 'gina.gmail@example.com', email_verified: true, given_name: 'Gina', family_name: 'Googler' }],
  apple: [{ sub: '001234.0a1b2c3d4e5f.0101', email: 'abel.apple@example.com', email_verified: true }],
};

async function makeKey(alg: Alg): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID().replace(/-/g, '').slice(0, 20);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export class IdTokenIssuer {
  url = '';
  /** Requests for the key set (to show it is cached). */
  jwksRequests = 0;
  discoveryRequests = 0;
  /** Answer 503 to the key set (an outage). */
  keysDown = false;
  private keys: SigningKey[] = [];
  private foreign: SigningKey | undefined;
  private readonly server: Server;
  private readonly people = new Map<string, IdTokenPerson>();

  constructor(readonly options: IdTokenIssuerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'server_error', error_description: String(err) }));
      });
    });
    for (const p of DEMO_ID_PEOPLE[options.kind]) this.people.set(p.sub, p);
  }

  get kind(): IssuerKind {
    return this.options.kind;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get jwksPath(): string {
    return this.options.kind === 'google' ? '/oauth2/v3/certs' : '/auth/keys';
  }

  /** Where the page-script stand-in is served (with `sdk: true`). */
  get scriptUrl(): string {
    return this.options.kind === 'google' ? `${this.url}/gsi/client` : `${this.url}/appleauth.js`;
  }

  async start(): Promise<void> {
    this.keys = [await makeKey(this.options.alg ?? 'RS256')];
    this.foreign = await makeKey(this.options.alg ?? 'RS256');
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

  /** A new signing key, published next to the old one (as providers rotate), used from now on. */
  async rotate(): Promise<void> {
    this.keys = [await makeKey(this.options.alg ?? 'RS256'), ...this.keys].slice(0, 2);
  }

  /** A person the issuer knows, with a fresh subject. */
  person(fields: Omit<IdTokenPerson, 'sub'> = {}): IdTokenPerson {
    const sub =
      this.options.kind === 'google'
        ? `10${randomInt(10 ** 12, 10 ** 13)}${randomInt(10 ** 6, 10 ** 7)}`
        : `00${randomInt(10 ** 5, 10 ** 6)}.${randomUUID().replace(/-/g, '')}.${randomInt(1000, 9999)}`;
    const person = { sub, ...fields };
    this.people.set(sub, person);
    return person;
  }

  /** An ID token for `person`, as the provider would sign it (or, by the options, as it would not). */
  async idToken(person: IdTokenPerson, options: IdTokenOptions = {}): Promise<string> {
    const key = options.foreignKey ? { ...this.foreign!, kid: this.keys[0]!.kid } : this.keys[0]!;
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = { sub: person.sub };
    if (person.email !== undefined) {
      claims.email = person.email;
      // Apple sends the string "true"/"false"; Google a boolean.
      const verified = person.email_verified ?? true;
      claims.email_verified = this.options.kind === 'apple' ? String(verified) : verified;
      if (this.options.kind === 'apple') claims.is_private_email = String(person.email.endsWith('@privaterelay.appleid.com'));
    }
    if (this.options.kind === 'google') {
      if (person.given_name) claims.given_name = person.given_name;
      if (person.family_name) claims.family_name = person.family_name;
      if (person.given_name || person.family_name) claims.name = [person.given_name, person.family_name].filter(Boolean).join(' ');
      claims.azp = options.azp ?? this.options.clientId;
    } else {
      claims.auth_time = now;
      claims.nonce_supported = true;
    }
    if (options.nonce !== undefined) claims.nonce = options.nonce;
    Object.assign(claims, options.claims);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(options.iss ?? this.url)
      .setAudience(options.aud ?? this.options.clientId)
      .setIssuedAt(options.iat ?? now)
      .setExpirationTime(options.exp ?? (options.iat ?? now) + 3600)
      .sign(key.privateKey);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://issuer.local');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const origin = req.headers.origin;
    if (origin && LOOPBACK.test(origin)) res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');

    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      this.discoveryRequests++;
      return send(
        200,
        {
          issuer: this.url,
          authorization_endpoint: this.options.kind === 'google' ? `${this.url}/o/oauth2/v2/auth` : `${this.url}/auth/authorize`,
          token_endpoint: this.options.kind === 'google' ? `${this.url}/token` : `${this.url}/auth/token`,
          jwks_uri: `${this.url}${this.jwksPath}`,
          response_types_supported: ['code', 'id_token', 'code id_token'],
          subject_types_supported: ['public', 'pairwise'],
          id_token_signing_alg_values_supported: [this.options.alg ?? 'RS256'],
          scopes_supported: ['openid', 'email', this.options.kind === 'google' ? 'profile' : 'name'],
          claims_supported: ['aud', 'email', 'email_verified', 'exp', 'iat', 'iss', 'nonce', 'sub'],
        },
        { 'cache-control': 'public, max-age=3600' },
      );
    }
    if (req.method === 'GET' && url.pathname === this.jwksPath) {
      this.jwksRequests++;
      if (this.keysDown) return send(503, { error: 'temporarily_unavailable' });
      return send(200, { keys: this.keys.map((k) => k.jwk) }, { 'cache-control': 'public, max-age=21600' });
    }
    if (this.options.sdk) {
      if (req.method === 'GET' && url.pathname === new URL(this.scriptUrl).pathname) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'cross-origin-resource-policy': 'cross-origin' });
        return void res.end(await readFile(SCRIPT[this.options.kind]));
      }
      if (req.method === 'GET' && url.pathname === '/standin/dialog.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'cross-origin-resource-policy': 'cross-origin' });
        return void res.end(await readFile(DIALOG));
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'content-type', 'access-control-max-age': '600' });
        return void res.end();
      }
      if (req.method === 'GET' && url.pathname === '/standin/people') {
        return send(
          200,
          [...DEMO_ID_PEOPLE[this.options.kind]].map((p) => ({ sub: p.sub, email: p.email, name: [p.given_name, p.family_name].filter(Boolean).join(' ') })),
        );
      }
      if (req.method === 'POST' && url.pathname === '/standin/id-token') return this.standInToken(req, origin, send);
    }
    send(404, { error: 'not_found' });
  }

  /** The page-script stand-in's sign-in: a person (known, or "new" with the given fields) → an ID token for the client id and nonce. */
  private async standInToken(req: IncomingMessage, origin: string | undefined, send: (status: number, body: unknown) => void): Promise<void> {
    if (!origin || !LOOPBACK.test(origin)) return send(403, { error: 'Only pages on this machine may use the stand-in.' });
    let body: { clientId?: unknown; nonce?: unknown; person?: unknown; fields?: Partial<IdTokenPerson> };
    try {
      let text = '';
      for await (const chunk of req) {
        text += chunk;
        if (text.length > 10_000) throw new Error('too large');
      }
      body = JSON.parse(text) as typeof body;
    } catch {
      return send(400, { error: 'Expected a JSON body' });
    }
    if (typeof body.clientId !== 'string' || !body.clientId) return send(400, { error: 'The script was not initialised with a client id' });
    let person: IdTokenPerson | undefined;
    if (body.person === 'new') {
      const n = randomInt(1000, 10000);
      const f = body.fields ?? {};
      const given = typeof f.given_name === 'string' ? f.given_name : ['Nova', 'Iris', 'Theo', 'Lena'][randomInt(4)]!;
      const family = typeof f.family_name === 'string' ? f.family_name : `Newman ${n}`;
      person = this.person({
        email: typeof f.email === 'string' ? f.email : `${given}.${n}@example.com`.toLowerCase(),
        email_verified: f.email_verified !== false,
        ...(this.options.kind === 'google' ? { given_name: given, family_name: family } : {}),
      });
    } else if (typeof body.person === 'string') person = this.people.get(body.person);
    if (!person) return send(404, { error: 'No such person at the stand-in' });
    const nonce = typeof body.nonce === 'string' && body.nonce ? body.nonce : undefined;
    const idToken = await this.idToken(person, { nonce, aud: body.clientId });
    send(200, { id_token: idToken, sub: person.sub, email: person.email });
  }
}
