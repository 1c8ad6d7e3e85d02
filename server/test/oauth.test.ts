// OAuth sign-in end to end against a real OpenID Connect provider (the `oidc-provider` package) run
// in this process on 127.0.0.1: access tokens come from its authorization-code flow, driven over
// HTTP through its development login and consent pages, and snr-auth checks them at its userinfo
// endpoint (SNR_OAUTH_VERIFY_URL), as a site's backend would be checked.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type Endpoints, startOidcProvider } from '../../demo/providers/oidc.js';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestServer } from './support/server.js';

const LOGIN = '/sauth/v3/auth/login/client';
const CONDITIONAL = '/sauth/v3/auth/login/client/conditional';
const CLIENT_ID = 'snr-site';
const CLIENT_SECRET = 'snr-site-secret-0123456789';
const REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
const BACKEND_KEY = 'backend-secret-0123456789abcdef';

// ---- the OpenID Connect provider ----------------------------------------------------------------

/** The claims each test account has at the provider (shared by every provider instance). */
const accounts = new Map<string, Record<string, unknown>>();
/** Accounts whose access tokens live 2 s instead of 10 minutes. */
const shortLived = new Set<string>();

interface RunningProvider {
  issuer: string;
  endpoints: Endpoints;
  /** A fresh access token for the account, through the authorization-code flow. */
  issueToken(accountId: string): Promise<string>;
  revoke(token: string): Promise<void>;
  stop(): Promise<void>;
}

/** A provider (demo/providers/oidc.ts) with its development login and consent pages. */
async function startProvider(): Promise<RunningProvider> {
  const op = await startOidcProvider({
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT_URI] }],
    findAccount: (id) => accounts.get(id),
    interactions: 'dev',
    accessTokenTtl: (accountId) => (accountId && shortLived.has(accountId) ? 2 : 600),
  });
  const { issuer, endpoints } = op;
  const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;

  return {
    issuer,
    endpoints,
    async issueToken(accountId) {
      const jar = new Map<string, string>();
      const verifier = randomBytes(32).toString('base64url');
      const state = randomUUID();
      let url = `${endpoints.authorization_endpoint}?${new URLSearchParams({
        client_id: CLIENT_ID,
        response_type: 'code',
        scope: 'openid email profile',
        redirect_uri: REDIRECT_URI,
        state,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      })}`;
      let form: URLSearchParams | undefined;
      let code: string | undefined;
      for (let hop = 0; hop < 12 && !code; hop++) {
        const res = await fetch(url, {
          method: form ? 'POST' : 'GET',
          redirect: 'manual',
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          body: form,
        });
        for (const cookie of res.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const eq = pair!.indexOf('=');
          jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
        form = undefined;
        if (res.status >= 300 && res.status < 400) {
          const next = new URL(res.headers.get('location')!, url);
          await res.arrayBuffer();
          if (next.href.startsWith(REDIRECT_URI)) {
            assert.equal(next.searchParams.get('state'), state);
            code = next.searchParams.get('code') ?? undefined;
            assert.ok(code, `no code in ${next.href}`);
          }
          url = next.href;
          continue;
        }
        const html = await res.text();
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        if (res.status !== 200 || !prompt || !action) throw new Error(`unexpected ${res.status} from ${url}: ${html.slice(0, 500)}`);
        // The development pages: a login form (any login and password) and a consent form.
        form = new URLSearchParams(prompt === 'login' ? { prompt, login: accountId, password: 'anything' } : { prompt });
        url = new URL(action, url).href;
      }
      assert.ok(code, 'the authorization-code flow did not reach the redirect URI');
      const res = await fetch(endpoints.token_endpoint, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
      });
      const body = (await res.json()) as { access_token?: string; token_type?: string };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.token_type, 'Bearer');
      assert.ok(body.access_token);
      return body.access_token;
    },
    async revoke(token) {
      const res = await fetch(endpoints.revocation_endpoint, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      });
      assert.equal(res.status, 200, await res.text());
    },
    stop: () => op.stop(),
  };
}

/** What the provider's userinfo endpoint itself says about a token. */
async function userinfo(op: RunningProvider, token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(op.endpoints.userinfo_endpoint, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A new account at the provider; returns its subject. */
function account(claims: Record<string, unknown>): string {
  const sub = `user-${randomUUID()}`;
  accounts.set(sub, claims);
  return sub;
}

// ---- helpers ------------------------------------------------------------------------------------

/** An OAuth sign-in from a visitor: a bare UUID, or an anonymous visitor's UUID with its token (whose history merges). */
function oauthLogin(s: TestServer, token: string, visitor: string | { uuid: string; token: string }, extra: Record<string, unknown> = {}, path = LOGIN) {
  const { uuid, token: held } = typeof visitor === 'string' ? { uuid: visitor, token: undefined } : visitor;
  return s.call('POST', path, {
    body: { apiKey: API_KEY, uuid, identityProvider: 'OAUTH', identityProviderToken: token, ...extra },
    ...(held ? { token: held } : {}),
  });
}

async function clientCount(s: TestServer): Promise<number> {
  const row = await s.ctx.db
    .selectFrom('clients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function identitiesOf(s: TestServer, subject: string) {
  return s.ctx.db.selectFrom('client_identities').selectAll().where('provider', '=', 'OAUTH').where('subject', '=', subject).execute();
}

// ---- tests --------------------------------------------------------------------------------------

describe('OAuth sign-in against a local OpenID Connect provider', () => {
  let op: RunningProvider;
  let other: RunningProvider;
  let s: TestServer;

  before(async () => {
    [op, other] = await Promise.all([startProvider(), startProvider()]);
    s = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, SNR_BACKEND_KEY: BACKEND_KEY });
  });
  after(async () => {
    await s?.close();
    await Promise.all([op?.stop(), other?.stop()]);
  });

  let ann: { sub: string; email: string; clientId: number };

  it('accepts a token it issued, maps the claims and registers the customer on first use with the context’s agreements and attributes', async () => {
    const email = `Ann.${randomUUID()}@Example.com`;
    const sub = account({ email, email_verified: true, given_name: 'Ann', family_name: 'Oauthson', name: 'Ann O.' });
    const token = await op.issueToken(sub);
    assert.equal((await userinfo(op, token)).body.sub, sub);
    const anon = await s.anonymous();
    const before = await clientCount(s);

    const res = await oauthLogin(s, token, anon, { agreements: { email: true, sms: false }, attributes: { plan: 'gold', visits: 3 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.origin, 'OAUTH');
    assert.equal(res.body.realm, 'client');
    assert.equal(res.body.uuid, anon.uuid, 'the anonymous profile becomes the customer');
    assert.equal(typeof res.body.clientId, 'number');
    assert.equal(await clientCount(s), before, 'the anonymous row was converted, no second row made');

    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
    assert.equal(row.email, email.toLowerCase());
    assert.equal(row.first_name, 'Ann');
    assert.equal(row.last_name, 'Oauthson');
    assert.equal(row.display_name, null, 'name is not mapped by the default SNR_OAUTH_CLAIMS');
    assert.equal(row.status, 'active');
    assert.equal(row.email_confirmed, 1);
    assert.equal(row.password_hash, null);
    assert.equal(row.uuid, anon.uuid);
    assert.deepEqual(JSON.parse(row.agreements), { email: true, sms: false });
    assert.deepEqual(JSON.parse(row.attributes), { plan: 'gold', visits: 3 });
    const links = await identitiesOf(s, sub);
    assert.deepEqual(
      links.map((l) => l.client_id),
      [res.body.clientId],
    );

    const me = await s.call('GET', '/v4/my-account/personal-information', { token: res.body.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.email, email.toLowerCase());
    assert.equal(me.body.firstName, 'Ann');
    assert.equal(me.body.attributes.snrs_email_confirmed, true);
    assert.equal(me.body.agreements.email, true);
    ann = { sub, email: email.toLowerCase(), clientId: res.body.clientId };
  });

  it('signs a second token of the same subject into the same customer', async () => {
    assert.ok(ann, 'needs the first test');
    const token = await op.issueToken(ann.sub);
    const anon = await s.anonymous();
    const res = await oauthLogin(s, token, anon, { agreements: { email: false }, attributes: { plan: 'silver' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, ann.clientId);
    assert.notEqual(res.body.uuid, anon.uuid, 'the customer keeps its own UUID');
    assert.equal((await s.ctx.db.selectFrom('clients').select('id').where('email', '=', ann.email).execute()).length, 1);
    assert.equal((await identitiesOf(s, ann.sub)).length, 1);
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', ann.clientId).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(row.attributes), { plan: 'gold', visits: 3 }, 'a sign-in is no registration: the context does not overwrite');
    // The new anonymous profile was merged: its UUID is now one of the customer's.
    const merged = await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
    assert.equal(merged.client_id, ann.clientId);
    assert.equal(await s.ctx.db.selectFrom('clients').select('id').where('uuid', '=', anon.uuid).executeTakeFirst(), undefined);
  });

  it('conditional: REGISTRATION_REQUIRED for an unknown subject, nothing created; SUCCESS for a known one', async () => {
    const sub = account({ email: `new-${randomUUID()}@example.com`, email_verified: true, given_name: 'Nora' });
    const token = await op.issueToken(sub);
    const anon = await s.anonymous();
    const before = await clientCount(s);
    const res = await oauthLogin(s, token, anon, { agreements: { email: true } }, CONDITIONAL);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { status: 'REGISTRATION_REQUIRED', conditions: [{ type: 'REGISTRATION' }] });
    assert.equal(await clientCount(s), before);
    assert.deepEqual(await identitiesOf(s, sub), []);
    const anonRow = await s.ctx.db.selectFrom('clients').selectAll().where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
    assert.equal(anonRow.status, 'anonymous');
    assert.equal(anonRow.email, null);

    assert.ok(ann, 'needs the first test');
    const known = await oauthLogin(s, await op.issueToken(ann.sub), anon, {}, CONDITIONAL);
    assert.equal(known.status, 200);
    assert.equal(known.body.status, 'SUCCESS');
    assert.equal(known.body.token.clientId, ann.clientId);
    assert.equal(known.body.token.origin, 'OAUTH');
  });

  it('refuses a token the provider revoked: 401 PROVIDER_REJECTED', async () => {
    const sub = account({ email: `rev-${randomUUID()}@example.com`, email_verified: true });
    const token = await op.issueToken(sub);
    const first = await oauthLogin(s, token, randomUUID());
    assert.equal(first.status, 200, 'accepted before revocation');
    await op.revoke(token);
    assert.equal((await userinfo(op, token)).status, 401);
    const res = await oauthLogin(s, token, randomUUID());
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'PROVIDER_REJECTED');
    assert.equal(res.body.status, 401);
  });

  // Slow: the provider judges expiry on its own clock, which this test cannot move.
  it('slow: refuses an expired token: 401 PROVIDER_REJECTED', async () => {
    const sub = account({ email: `exp-${randomUUID()}@example.com`, email_verified: true });
    shortLived.add(sub);
    const token = await op.issueToken(sub);
    // Read after issuance: under load issuing takes a while, and iat is the moment it finished.
    const issuedAt = Date.now();
    const first = await oauthLogin(s, token, randomUUID());
    assert.equal(first.status, 200, 'accepted while fresh');
    // exp = floor(iat) + 2: expired for sure 2 s after issuance.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, issuedAt + 2100 - Date.now())));
    const res = await oauthLogin(s, token, randomUUID());
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'PROVIDER_REJECTED');
  });

  it('refuses a foreign token: a random string, and a token of another provider instance for a known subject', async () => {
    const before = await clientCount(s);
    let res = await oauthLogin(s, randomBytes(32).toString('base64url'), randomUUID());
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'PROVIDER_REJECTED');

    assert.ok(ann, 'needs the first test');
    const foreign = await other.issueToken(ann.sub);
    const atIssuer = await userinfo(other, foreign);
    assert.equal(atIssuer.status, 200, 'valid where it was issued');
    assert.equal(atIssuer.body.sub, ann.sub);
    res = await oauthLogin(s, foreign, randomUUID());
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'PROVIDER_REJECTED');
    assert.equal(await clientCount(s), before);
  });

  it('links an existing password customer (email confirmed) with the same verified email: same clientId, password still works', async () => {
    const email = `pw-${randomUUID()}@example.com`;
    const customer = await s.customer(email);
    await s.ctx.db.updateTable('clients').set({ email_confirmed: 1 }).where('id', '=', customer.clientId).execute();
    const sub = account({ email: email.toUpperCase(), email_verified: true, given_name: 'Pat' });
    const anon = await s.anonymous();
    const res = await oauthLogin(s, await op.issueToken(sub), anon);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, customer.clientId);
    assert.equal(res.body.uuid, customer.uuid);
    assert.deepEqual(
      (await identitiesOf(s, sub)).map((l) => l.client_id),
      [customer.clientId],
    );
    assert.equal((await s.ctx.db.selectFrom('clients').select('id').where('email', '=', email).execute()).length, 1);
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', customer.clientId).executeTakeFirstOrThrow();
    assert.equal(row.email_confirmed, 1, 'the provider verified the address');
    assert.equal(
      (await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow()).client_id,
      customer.clientId,
    );

    const password = await s.signIn(email, PASSWORD);
    assert.equal(password.status, 200);
    assert.equal(password.body.clientId, customer.clientId);
    assert.equal(password.body.origin, 'SYNERISE');
  });

  it('never lets an unverified email take over an existing account: 409 EMAIL_TAKEN, no link, nothing changed', async () => {
    const email = `victim-${randomUUID()}@example.com`;
    const customer = await s.customer(email);
    const before = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', customer.clientId).executeTakeFirstOrThrow();
    const sub = account({ email, email_verified: false, given_name: 'Mallory' });
    const token = await op.issueToken(sub);
    assert.equal((await userinfo(op, token)).body.email_verified, false, 'the provider says so');
    const anon = await s.anonymous();
    const count = await clientCount(s);

    for (const path of [LOGIN, CONDITIONAL]) {
      const res = await oauthLogin(s, token, anon, {}, path);
      assert.equal(res.status, 409, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'EMAIL_TAKEN');
    }
    assert.deepEqual(await identitiesOf(s, sub), []);
    assert.equal(await clientCount(s), count);
    assert.deepEqual(await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', customer.clientId).executeTakeFirstOrThrow(), before);
    assert.equal((await s.ctx.db.selectFrom('clients').select('status').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow()).status, 'anonymous');
    assert.equal((await s.signIn(email)).body.clientId, customer.clientId);
  });

  it('takes back a customer an unverified email made once the site’s backend recognizes that email: the provider link and its sessions go', async () => {
    const email = `unverified-${randomUUID()}@example.com`;
    const sub = account({ email, email_verified: false, given_name: 'Mallory' });
    const made = await oauthLogin(s, await op.issueToken(sub), randomUUID());
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', made.body.clientId).executeTakeFirstOrThrow();
    assert.deepEqual([row.email, row.email_confirmed, row.password_hash], [email, 0, null], 'no password, yet the provider gets in');
    const res = await s.call('POST', '/v4/clients', {
      body: { uuid: randomUUID(), email, firstName: 'Kim', attributes: { loyalty: 'gold' } },
      headers: { authorization: `Bearer ${BACKEND_KEY}` },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, made.body.clientId);
    const old = await s.call('GET', '/v4/my-account/personal-information', { token: made.body.token });
    assert.equal(old.status, 401, 'the provider account reads none of it');
    assert.equal(old.body.code, 'SESSION_REVOKED');
    assert.deepEqual(await identitiesOf(s, sub), []);
    const again = await oauthLogin(s, await op.issueToken(sub), randomUUID());
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.code, 'EMAIL_TAKEN');
  });

  it('takes an email without an email_verified claim as unverified: 409 EMAIL_TAKEN, no link, the owner’s password still works', async () => {
    const email = `silent-${randomUUID()}@example.com`;
    const customer = await s.customer(email);
    const sub = account({ email, given_name: 'Mallory' });
    const token = await op.issueToken(sub);
    const claims = (await userinfo(op, token)).body;
    assert.equal(claims.email, email);
    assert.equal('email_verified' in claims, false, 'the provider says nothing about the address');

    const res = await oauthLogin(s, token, await s.anonymous());
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.code, 'EMAIL_TAKEN');
    assert.deepEqual(await identitiesOf(s, sub), []);
    const password = await s.signIn(email, PASSWORD);
    assert.equal(password.status, 200, 'the password was not cleared');
    assert.equal(password.body.clientId, customer.clientId);
  });

  it('in the approval mode, a verified email does not get past the approval: 403 APPROVAL_REQUIRED, the account still waiting', async () => {
    const approving = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, SNR_REGISTRATION_MODE: 'approval' });
    try {
      const email = `waiting-${randomUUID()}@example.com`;
      const reg = await approving.register(email);
      assert.equal(reg.body.status, 'APPROVAL_REQUIRED');
      const sub = account({ email, email_verified: true, given_name: 'Wes' });
      const res = await oauthLogin(approving, await op.issueToken(sub), (await approving.anonymous()).uuid);
      assert.deepEqual([res.status, res.body.code], [403, 'APPROVAL_REQUIRED']);
      const row = await approving.ctx.db.selectFrom('clients').select('status').where('id', '=', reg.body.clientId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending_approval');
    } finally {
      await approving.close();
    }
  });

  it('with SNR_OAUTH_TRUST_EMAIL=true, links an email without an email_verified claim', async () => {
    const trusting = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, SNR_OAUTH_TRUST_EMAIL: 'true' });
    try {
      const email = `vouched-${randomUUID()}@example.com`;
      const customer = await trusting.customer(email);
      const sub = account({ email, given_name: 'Val' });
      const res = await oauthLogin(trusting, await op.issueToken(sub), await trusting.anonymous());
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.clientId, customer.clientId);
      const links = await trusting.ctx.db
        .selectFrom('client_identities')
        .select('client_id')
        .where('provider', '=', 'OAUTH')
        .where('subject', '=', sub)
        .execute();
      assert.deepEqual(
        links.map((l) => l.client_id),
        [customer.clientId],
      );
    } finally {
      await trusting.close();
    }
  });

  it('maps the claims SNR_OAUTH_CLAIMS names, and only those', async () => {
    const custom = await makeServer({
      SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint,
      SNR_OAUTH_CLAIMS: JSON.stringify({ email: 'email', displayName: 'name' }),
    });
    try {
      const email = `map-${randomUUID()}@example.com`;
      const sub = account({ email, email_verified: true, given_name: 'Gina', family_name: 'Mapped', name: 'Gina M.' });
      const res = await oauthLogin(custom, await op.issueToken(sub), randomUUID());
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const row = await custom.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
      assert.equal(row.email, email);
      assert.equal(row.display_name, 'Gina M.');
      assert.equal(row.first_name, null);
      assert.equal(row.last_name, null);
    } finally {
      await custom.close();
    }
  });
});

// ---- pre-hijacking: the owner's proof of the address ends every way in they did not make ----------

const PROOF_DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the pre-hijacking suite on PostgreSQL is SKIPPED' },
];

for (const { dialect, skip } of PROOF_DIALECTS) {
  describe(`OAuth pre-hijacking: the owner proves the address, the squatter is out (${dialect})`, { skip }, () => {
    const OWNER_PASSWORD = 'Owner-Secret9';
    let op: RunningProvider;
    let s: TestServer;

    before(async () => {
      op = await startProvider();
      s = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, SNR_REGISTRATION_MODE: 'confirmation' }, { dialect });
    });
    after(async () => {
      await s?.close();
      await op?.stop();
    });

    /** The attack: an OAuth identity of the attacker's, claiming the victim's address (unverified), makes an account under it. */
    async function squat() {
      const email = `victim-${randomUUID()}@example.com`;
      const sub = account({ email, email_verified: false, given_name: 'Mallory' });
      const made = await oauthLogin(s, await op.issueToken(sub), randomUUID());
      assert.equal(made.status, 200, JSON.stringify(made.body));
      // The owner cannot register: the address is taken.
      const owner = await s.register(email, { password: OWNER_PASSWORD });
      assert.equal(owner.status, 409);
      assert.equal(owner.body.code, 'EMAIL_TAKEN');
      return { email, sub, clientId: made.body.clientId as number, token: made.body.token as string };
    }

    /** After the owner's proof: the squatter's session is dead and its next OAuth sign-in lands nowhere near the owner's account. */
    async function assertSquatterOut(squatter: { sub: string; clientId: number; token: string }) {
      const old = await s.call('GET', '/v4/my-account/personal-information', { token: squatter.token });
      assert.equal(old.status, 401, `the squatter's session still reads the account: ${JSON.stringify(old.body)}`);
      assert.equal(old.body.code, 'SESSION_REVOKED');
      assert.deepEqual(await identitiesOf(s, squatter.sub), [], 'the squatter’s link is gone');
      const again = await oauthLogin(s, await op.issueToken(squatter.sub), randomUUID());
      assert.notEqual(again.body.clientId, squatter.clientId, `the squatter's next OAuth sign-in lands in the owner's account: ${JSON.stringify(again.body)}`);
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.code, 'EMAIL_TAKEN');
    }

    it('a completed password reset: the squatter’s provider link and sessions go, the owner’s new password stays', async () => {
      const squatter = await squat();
      assert.equal((await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: squatter.email } })).status, 202);
      const reset = await s.call('POST', '/v4/clients/password-reset/confirmation', {
        body: { apiKey: API_KEY, token: await s.linkToken(squatter.email), password: OWNER_PASSWORD },
      });
      assert.equal(reset.status, 200, JSON.stringify(reset.body));
      const owner = await s.signIn(squatter.email, OWNER_PASSWORD);
      assert.equal(owner.status, 200, JSON.stringify(owner.body));
      assert.equal(owner.body.clientId, squatter.clientId);
      await assertSquatterOut(squatter);
      assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: owner.body.token })).status, 200, 'the owner’s session lives');
    });

    it('a followed confirmation link: the squatter’s provider link and sessions go', async () => {
      const squatter = await squat();
      assert.equal((await s.call('POST', '/v4/clients/activation/request', { body: { apiKey: API_KEY, email: squatter.email } })).status, 202);
      const confirmed = await s.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token: await s.linkToken(squatter.email) } });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', squatter.clientId).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.email_confirmed, row.password_hash], ['active', 1, null]);
      await assertSquatterOut(squatter);
    });

    it('a confirmation link of a password registration keeps that password and its session (nothing else got in)', async () => {
      const email = `own-${randomUUID()}@example.com`;
      const customer = await s.customer(email);
      const confirmed = await s.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token: await s.linkToken(email) } });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: customer.token })).status, 200);
      assert.equal((await s.signIn(email)).status, 200);
    });

    it('a sign-in with the owner’s own verified identity: the squatter’s link and sessions go, the owner’s link stays', async () => {
      const squatter = await squat();
      const ownerSub = account({ email: squatter.email, email_verified: true, given_name: 'Olive' });
      const owner = await oauthLogin(s, await op.issueToken(ownerSub), randomUUID());
      assert.equal(owner.status, 200, JSON.stringify(owner.body));
      assert.equal(owner.body.clientId, squatter.clientId, 'the owner gets the account');
      await assertSquatterOut(squatter);
      assert.deepEqual(
        (await identitiesOf(s, ownerSub)).map((l) => l.client_id),
        [squatter.clientId],
      );
    });

    it('a recognition of the address by the site’s backend: the squatter’s link and sessions go', async () => {
      const backendKey = 'backend-secret-0123456789abcdef';
      const backend = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, SNR_BACKEND_KEY: backendKey }, { dialect });
      const outer = s;
      s = backend;
      try {
        const email = `victim-${randomUUID()}@example.com`;
        const sub = account({ email, email_verified: false });
        const made = await oauthLogin(s, await op.issueToken(sub), randomUUID());
        assert.equal(made.status, 200);
        const res = await s.call('POST', '/v4/clients', { body: { uuid: randomUUID(), email }, headers: { authorization: `Bearer ${backendKey}` } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.clientId, made.body.clientId);
        await assertSquatterOut({ sub, clientId: made.body.clientId, token: made.body.token });
      } finally {
        s = outer;
        await backend.close();
      }
    });
  });
}

describe('OAuth verification endpoint failures', () => {
  it('gives 502 PROVIDER_UNAVAILABLE, at once, when the provider is down', async () => {
    const op = await startProvider();
    let s: TestServer | undefined;
    try {
      s = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint });
      const sub = account({ email: `down-${randomUUID()}@example.com`, email_verified: true });
      const token = await op.issueToken(sub);
      assert.equal((await oauthLogin(s, token, randomUUID())).status, 200, 'accepted while the provider is up');
      await op.stop();
      // Refused at once: a time-out would answer 504 PROVIDER_TIMEOUT, after 5 s (below).
      const res = await oauthLogin(s, token, randomUUID());
      assert.equal(res.status, 502);
      assert.equal(res.body.code, 'PROVIDER_UNAVAILABLE');
    } finally {
      await s?.close();
      await op.stop().catch(() => {});
    }
  });

  it('treats a redirect from the endpoint (non-2xx) as 401 PROVIDER_REJECTED, not as unreachable', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: '/login' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    let s: TestServer | undefined;
    try {
      s = await makeServer({ SNR_OAUTH_VERIFY_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/userinfo` });
      const res = await oauthLogin(s, 'some-token', randomUUID());
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.equal(res.body.code, 'PROVIDER_REJECTED');
    } finally {
      server.closeAllConnections();
      server.close();
      await s?.close();
    }
  });

  describe('slow: an endpoint that stops answering (the 5 s timeout, on real sockets)', { concurrency: true }, () => {
    /** A local HTTP server that accepts and then hangs: before the headers, or mid-body. */
    async function hanging(mode: 'silent' | 'mid-body') {
      const server = createServer((_req, res) => {
        if (mode === 'mid-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"sub":"');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/userinfo`, server };
    }

    async function expectTimeout(mode: 'silent' | 'mid-body') {
      const endpoint = await hanging(mode);
      let s: TestServer | undefined;
      try {
        s = await makeServer({ SNR_OAUTH_VERIFY_URL: endpoint.url });
        const started = Date.now();
        const res = await oauthLogin(s, 'some-token', randomUUID());
        const took = Date.now() - started;
        assert.equal(res.status, 504, JSON.stringify(res.body));
        assert.equal(res.body.code, 'PROVIDER_TIMEOUT');
        // Time is the subject here (the 5 s time-out on real sockets): at least the time-out, and
        // well short of a socket's own limits, with room for a loaded machine.
        assert.ok(took >= 4500 && took < 20_000, `took ${took} ms`);
      } finally {
        endpoint.server.closeAllConnections();
        endpoint.server.close();
        await s?.close();
      }
    }

    it('gives 504 PROVIDER_TIMEOUT within ~6 s when no answer comes', () => expectTimeout('silent'));
    it('gives 504 PROVIDER_TIMEOUT within ~6 s when the answer stalls mid-body', () => expectTimeout('mid-body'));
  });
});

// ---- the site's terms and its approval stand before an OAuth sign-in as before a password one -----

for (const { dialect, skip } of PROOF_DIALECTS) {
  describe(`OAuth sign-ins: the site's terms and the approval mode (${dialect})`, { skip }, () => {
    const TERMS = { SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: 'https://shop.example/terms' };
    let op: RunningProvider;
    let terms: TestServer;
    let approval: TestServer;

    before(async () => {
      op = await startProvider();
      terms = await makeServer({ SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, ...TERMS }, { dialect });
      approval = await makeServer(
        { SNR_OAUTH_VERIFY_URL: op.endpoints.userinfo_endpoint, SNR_REGISTRATION_MODE: 'approval', SNR_BACKEND_KEY: BACKEND_KEY },
        { dialect },
      );
    });
    after(async () => {
      await Promise.all([terms?.close(), approval?.close()]);
      await op?.stop();
    });

    it('a customer who accepted no or an older version is asked (TERMS_ACCEPTANCE_REQUIRED), and signs in accepting them', async () => {
      const email = `terms-${randomUUID()}@example.com`;
      const token = await op.issueToken(account({ email, email_verified: true }));
      const made = await oauthLogin(terms, token, randomUUID(), { agreements: { email: true } });
      assert.deepEqual([made.status, made.body.code], [403, 'TERMS_ACCEPTANCE_REQUIRED']);
      const row = await terms.ctx.db.selectFrom('clients').select(['id', 'terms_version']).where('email', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.terms_version, null, 'not accepted: not recorded');
      const conditional = await oauthLogin(terms, token, randomUUID(), {}, CONDITIONAL);
      assert.deepEqual(conditional.body, {
        status: 'TERMS_ACCEPTANCE_REQUIRED',
        conditions: [{ type: 'TERMS_ACCEPTANCE', termsVersion: '2026-12', termsUrl: 'https://shop.example/terms' }],
      });
      const accepted = await oauthLogin(terms, token, randomUUID(), { acceptedTermsVersion: '2026-12' }, CONDITIONAL);
      assert.equal(accepted.body.status, 'SUCCESS', JSON.stringify(accepted.body));
      assert.equal(accepted.body.token.clientId, row.id);
      const after = await terms.ctx.db.selectFrom('clients').select('terms_version').where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.terms_version, '2026-12');
      assert.equal((await oauthLogin(terms, token, randomUUID())).status, 200);
    });

    it('a newcomer accepting the terms on the way is recorded and signed in at once', async () => {
      const email = `terms-new-${randomUUID()}@example.com`;
      const res = await oauthLogin(terms, await op.issueToken(account({ email, email_verified: true })), randomUUID(), { acceptedTermsVersion: '2026-12' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const row = await terms.ctx.db.selectFrom('clients').select('terms_version').where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
      assert.equal(row.terms_version, '2026-12');
    });

    it('in the approval mode a new OAuth account waits (APPROVAL_REQUIRED) until the backend approves it', async () => {
      const email = `approve-${randomUUID()}@example.com`;
      const token = await op.issueToken(account({ email, email_verified: true }));
      const first = await oauthLogin(approval, token, randomUUID());
      assert.deepEqual([first.status, first.body.code], [403, 'APPROVAL_REQUIRED']);
      const row = await approval.ctx.db.selectFrom('clients').select(['id', 'status']).where('email', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.status, 'pending_approval');
      assert.deepEqual((await oauthLogin(approval, token, randomUUID(), {}, CONDITIONAL)).body, {
        status: 'APPROVAL_REQUIRED',
        conditions: [{ type: 'APPROVAL' }],
      });
      const ok = await approval.call('POST', `/v4/clients/${row.id}/approve`, { headers: { authorization: `Bearer ${BACKEND_KEY}` } });
      assert.equal(ok.status, 200);
      const after = await oauthLogin(approval, token, randomUUID(), {}, CONDITIONAL);
      assert.equal(after.body.status, 'SUCCESS', JSON.stringify(after.body));
      assert.equal(after.body.token.clientId, row.id);
    });
  });
}
