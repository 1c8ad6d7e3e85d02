// Node side (never bundled into the demo pages): a real OpenID Connect provider, the npm package
// `oidc-provider`, on a loopback port. `npm start` runs one for the demo (scripts/start-demo.mjs)
// and the server tests run their own (server/test/oauth.test.ts).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// oidc-provider ships no types; this is the part of it used here.
export interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ uid: string; prompt: { name: string }; params: Record<string, unknown> }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (init: { clientId: string; accountId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
}
type OidcProviderClass = new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
const OIDC_PROVIDER = 'oidc-provider';
let providerClass: OidcProviderClass | undefined;
async function loadProvider(): Promise<OidcProviderClass> {
  providerClass ??= ((await import(OIDC_PROVIDER)) as { default: OidcProviderClass }).default;
  return providerClass;
}

/** The claims of an account at the provider, without `sub` (the account id is the subject). */
export type Claims = Record<string, unknown>;

export interface ProviderClient {
  client_id: string;
  /** Without one the client is public (a page doing PKCE): `token_endpoint_auth_method: none`. */
  client_secret?: string;
  redirect_uris: string[];
}

export interface OidcProviderOptions {
  clients: ProviderClient[];
  /** The claims of an account id, or undefined when there is no such account. */
  findAccount(id: string): Claims | undefined;
  /**
   * `dev`: oidc-provider's own development login and consent pages (any login and password).
   * `demo`: this module's login page, labelled as the demo's, with the demo accounts listed, and
   * consent taken as given (the demo client is first-party).
   */
  interactions: 'dev' | 'demo';
  /** Browser origins allowed to call the token endpoint (a page doing PKCE); none by default. */
  corsOrigins?: readonly string[];
  /** Access token lifetime for an account, seconds (default 600). */
  accessTokenTtl?(accountId: string | undefined): number;
  /** For the demo login page: accounts to offer, `[login, description]`. */
  suggestions?: ReadonlyArray<readonly [string, string]>;
  host?: string;
  port?: number;
}

export interface Endpoints {
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  revocation_endpoint: string;
}

export interface RunningOidcProvider {
  issuer: string;
  endpoints: Endpoints;
  stop(): Promise<void>;
}

/**
 * An adapter of the provider's own: oidc-provider's built-in memory adapter keeps one store for the
 * whole process, so a second instance would find (and honour) the first one's tokens.
 */
export function isolatedMemoryAdapter() {
  const store = new Map<string, Record<string, unknown>>();
  const byGrant = new Map<string, string[]>();
  return class IsolatedMemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Record<string, unknown>) {
      store.set(this.key(id), payload);
      if (typeof payload.grantId === 'string') byGrant.set(payload.grantId, [...(byGrant.get(payload.grantId) ?? []), this.key(id)]);
    }
    async find(id: string) {
      return store.get(this.key(id));
    }
    async findByUid(uid: string) {
      return [...store.entries()].find(([key, p]) => key.startsWith(`${this.model}:`) && p.uid === uid)?.[1];
    }
    async findByUserCode(userCode: string) {
      return [...store.entries()].find(([key, p]) => key.startsWith(`${this.model}:`) && p.userCode === userCode)?.[1];
    }
    async consume(id: string) {
      const payload = store.get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const key of byGrant.get(grantId) ?? []) store.delete(key);
      byGrant.delete(grantId);
    }
  };
}

/** Starts a provider on `host:port` (default 127.0.0.1 and any free port). */
export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const Provider = await loadProvider();
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const issuer = `http://${host}:${address.port}`;
  const demo = options.interactions === 'demo';
  const cors = new Set(options.corsOrigins ?? []);
  const ttl = options.accessTokenTtl ?? (() => 600);

  const provider = new Provider(issuer, {
    adapter: isolatedMemoryAdapter(),
    // A signing key of its own (oidc-provider's built-in one is a shared development key).
    jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' }] },
    clients: options.clients.map((c) => ({
      ...c,
      ...(c.client_secret ? {} : { token_endpoint_auth_method: 'none' }),
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    async findAccount(_ctx: unknown, id: string) {
      const claims = options.findAccount(id);
      return claims && { accountId: id, claims: async () => ({ ...claims, sub: id }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'] },
    features: { devInteractions: { enabled: !demo }, revocation: { enabled: true } },
    ...(demo
      ? {
          interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
          // The demo's client is first-party: what it asks for is granted without a consent page.
          // biome-ignore lint/suspicious/noExplicitAny: oidc-provider types this hook's context loosely
          async loadExistingGrant(ctx: any) {
            const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
            if (grantId) return ctx.oidc.provider.Grant.find(grantId);
            if (!ctx.oidc.session.accountId) return undefined;
            const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
            grant.addOIDCScope('openid email profile');
            await grant.save();
            return grant;
          },
        }
      : {}),
    clientBasedCORS: (_ctx: unknown, origin: string) => cors.has(origin),
    pkce: { required: () => true },
    clockTolerance: 0,
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: {
      AccessToken: (_ctx: unknown, token: { accountId?: string }) => ttl(token.accountId),
      AuthorizationCode: 60,
      Grant: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
    },
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (demo && req.url?.startsWith('/interaction/')) {
      demoInteraction(provider, options, req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Sign-in failed', `<p>${escapeHtml(err instanceof Error ? err.message : String(err))}</p><p>Go back to the demo and start again.</p>`));
      });
      return;
    }
    callback(req, res);
  });

  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (discovery.status !== 200) throw new Error(`the OpenID Connect provider's discovery answered ${discovery.status}`);
  const endpoints = (await discovery.json()) as Endpoints;
  return {
    issuer,
    endpoints,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- the demo's login page ----------------------------------------------------------------------

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${escapeHtml(title)} · local OpenID Connect provider (demo)</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:CanvasText;background:Canvas}
.badge{display:inline-block;font-size:.8rem;font-weight:600;letter-spacing:.02em;padding:.15rem .5rem;border:1px solid;border-radius:999px}
label{display:block;font-weight:600;margin-top:1rem}input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem}
.hint{font-size:.9rem;margin:.25rem 0 0}.actions{display:flex;gap:.75rem;margin-top:1.25rem;flex-wrap:wrap}
button{font:inherit;padding:.55rem 1.1rem;border-radius:6px;border:1px solid;cursor:pointer}button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}
:focus-visible{outline:3px solid #2563eb;outline-offset:2px}ul{padding-left:1.25rem}code{font-size:.95em}
</style></head><body><main><p class="badge">Local OpenID Connect provider (demo)</p><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

async function demoInteraction(provider: OidcProvider, options: OidcProviderOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://provider.local');
  const [, , uid, action] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('This sign-in has expired.');
  res.setHeader('cache-control', 'no-store');

  if (req.method === 'POST' && action === 'abort') {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The person cancelled the sign-in' },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const login = (await readForm(req)).get('login')?.trim().toLowerCase() ?? '';
    if (login && options.findAccount(login)) {
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
    return renderLogin(res, uid!, details.params, options.suggestions, 'Enter a login name.');
  }
  if (req.method === 'GET' && !action) {
    if (details.prompt.name !== 'login') throw new Error(`The provider asked for "${details.prompt.name}", which this demo does not handle.`);
    return renderLogin(res, uid!, details.params, options.suggestions);
  }
  res.writeHead(405).end();
}

function renderLogin(res: ServerResponse, uid: string, params: Record<string, unknown>, suggestions: OidcProviderOptions['suggestions'], error?: string): void {
  const examples = (suggestions ?? []).map(([login, who]) => `<code>${escapeHtml(login)}</code> (${escapeHtml(who)})`);
  const client = escapeHtml(String(params.client_id ?? ''));
  const hint = typeof params.login_hint === 'string' ? escapeHtml(params.login_hint) : '';
  res.writeHead(error ? 400 : 200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    page(
      'Sign in',
      `<p>The demo page (client <code>${client}</code>) asks who you are. This provider runs on your machine for the demo: any login name works, and there is no password.</p>
<form method="post" action="/interaction/${uid}/login" novalidate>
<label for="login">Login name</label>
<input id="login" name="login" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${hint}" aria-describedby="login-hint${error ? ' login-error' : ''}"${error ? ' aria-invalid="true"' : ''}>
${error ? `<p class="hint" id="login-error" role="alert"><strong>${escapeHtml(error)}</strong></p>` : ''}
<p class="hint" id="login-hint">${examples.length ? `For example ${examples.join(' or ')}. ` : ''}Any other name makes an account <code>name@example.com</code>.</p>
<div class="actions"><button class="primary" type="submit">Sign in</button>
<button type="submit" formaction="/interaction/${uid}/abort" formnovalidate>Cancel</button></div>
</form>`,
    ),
  );
}

// ---- the demo's accounts ------------------------------------------------------------------------

/** The accounts the demo provider knows by name; any other login name gets one made up. */
export const DEMO_ACCOUNTS: Readonly<Record<string, Claims>> = {
  ada: { email: 'ada.lovelace@example.com', email_verified: true, given_name: 'Ada', family_name: 'Lovelace', name: 'Ada Lovelace' },
  grace: { email: 'grace.hopper@example.com', email_verified: true, given_name: 'Grace', family_name: 'Hopper', name: 'Grace Hopper' },
};

const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The demo provider's account for a login name: one of DEMO_ACCOUNTS, or one made up from the
 * name (`kim.tester` → Kim Tester, kim.tester@example.com; an email address is taken as is), with
 * the email verified.
 */
export function demoAccount(login: string): Claims | undefined {
  const id = login.trim();
  if (!id || id.length > 100) return undefined;
  const known = DEMO_ACCOUNTS[id.toLowerCase()];
  if (known) return known;
  const local = id.includes('@') ? id.slice(0, id.lastIndexOf('@')) : id;
  const words = local
    .split(/[\s._+-]+/)
    .filter(Boolean)
    .map((w) => capital(w.toLowerCase()));
  const slug =
    local
      .toLowerCase()
      .replace(/[^a-z0-9._+-]+/g, '.')
      .replace(/^\.+|\.+$/g, '') || 'someone';
  const email = id.includes('@') ? id.toLowerCase() : `${slug}@example.com`;
  const given = words[0] ?? 'Someone';
  const family = words.slice(1).join(' ') || 'Demo';
  return { email, email_verified: true, given_name: given, family_name: family, name: `${given} ${family}` };
}
