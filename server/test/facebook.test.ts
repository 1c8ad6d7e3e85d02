// Facebook sign-in against a local stand-in of the two Graph API endpoints the server uses
// (`debug_token` and `me`): the one test double allowed, since Facebook cannot be reached from here.
// The stand-in answers as the Graph API does, including its error bodies.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type FacebookUser, GraphStandIn as SharedGraphStandIn } from '../../demo/providers/facebook.js';
import { API_KEY, makeServer, PASSWORD, type TestServer } from './support/server.js';

const LOGIN = '/sauth/v3/auth/login/client';
const CONDITIONAL = '/sauth/v3/auth/login/client/conditional';
const APP_ID = '4242424242';
const APP_SECRET = 'fb-app-secret-0123456789abcdef';
const OTHER_APP_ID = '9999999999';

// ---- the Graph stand-in (demo/providers/facebook.ts, shared with the demo) -----------------------

class GraphStandIn extends SharedGraphStandIn {
  constructor() {
    super({ appId: APP_ID, appSecret: APP_SECRET });
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/** A Facebook sign-in from a visitor: a bare UUID, or an anonymous visitor's UUID with its token (whose history merges). */
function facebookLogin(s: TestServer, token: string, visitor: string | { uuid: string; token: string }, extra: Record<string, unknown> = {}, path = LOGIN) {
  const { uuid, token: held } = typeof visitor === 'string' ? { uuid: visitor, token: undefined } : visitor;
  return s.call('POST', path, {
    body: { apiKey: API_KEY, uuid, identityProvider: 'FACEBOOK', identityProviderToken: token, ...extra },
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

async function linksOf(s: TestServer, user: FacebookUser): Promise<number[]> {
  const rows = await s.ctx.db.selectFrom('client_identities').select('client_id').where('provider', '=', 'FACEBOOK').where('subject', '=', user.id).execute();
  return rows.map((r) => r.client_id);
}

async function track(s: TestServer, anon: { token: string; uuid: string }, action: string): Promise<string> {
  const eventSalt = `salt-${randomUUID()}`;
  const res = await s.call('POST', '/v4/events/batch', {
    token: anon.token,
    body: [{ action, time: new Date().toISOString(), eventSalt, client: { uuid: anon.uuid } }],
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return eventSalt;
}

const facebookEnv = (graphUrl: string, extra: Record<string, string> = {}) => ({
  SNR_FACEBOOK_APP_ID: APP_ID,
  SNR_FACEBOOK_APP_SECRET: APP_SECRET,
  SNR_FACEBOOK_GRAPH_URL: graphUrl,
  ...extra,
});

// ---- tests --------------------------------------------------------------------------------------

describe('Facebook sign-in against a Graph API stand-in', () => {
  const graph = new GraphStandIn();
  let s: TestServer;

  before(async () => {
    await graph.start();
    s = await makeServer(facebookEnv(graph.url));
  });
  after(async () => {
    await s?.close();
    await graph.stop();
  });

  let fiona: { user: FacebookUser; clientId: number };

  it('creates the customer from a valid token: first and last name, email, the context’s agreements and attributes', async () => {
    const user = graph.user({ email: `Fiona.${randomUUID()}@Example.com`, first_name: 'Fiona', last_name: 'Graph' });
    const token = graph.token(user);
    const anon = await s.anonymous();
    const before = await clientCount(s);
    const seen = graph.requests.length;

    const res = await facebookLogin(s, token, anon, { agreements: { email: true }, attributes: { source: 'fb' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.origin, 'FACEBOOK');
    assert.equal(res.body.realm, 'client');
    assert.equal(res.body.uuid, anon.uuid);
    assert.equal(await clientCount(s), before, 'the anonymous profile became the customer');

    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
    assert.equal(row.email, user.email!.toLowerCase());
    assert.equal(row.first_name, 'Fiona');
    assert.equal(row.last_name, 'Graph');
    assert.equal(row.status, 'active');
    assert.equal(row.email_confirmed, 1);
    assert.equal(row.password_hash, null);
    assert.deepEqual(JSON.parse(row.agreements), { email: true });
    assert.deepEqual(JSON.parse(row.attributes), { source: 'fb' });
    assert.deepEqual(await linksOf(s, user), [res.body.clientId]);

    // What the server asked the Graph API: the token checked with the app's token, then the profile.
    const [debug, me, ...rest] = graph.requests.slice(seen);
    assert.equal(rest.length, 0);
    assert.equal(debug!.pathname, '/debug_token');
    assert.equal(debug!.searchParams.get('input_token'), token);
    assert.equal(debug!.searchParams.get('access_token'), `${APP_ID}|${APP_SECRET}`);
    assert.equal(me!.pathname, '/me');
    assert.equal(me!.searchParams.get('fields'), 'id,email,first_name,last_name');
    assert.equal(me!.searchParams.get('access_token'), token);

    const account = await s.call('GET', '/v4/my-account/personal-information', { token: res.body.token });
    assert.equal(account.status, 200);
    assert.equal(account.body.lastName, 'Graph');
    fiona = { user, clientId: res.body.clientId };
  });

  it('signs the same Facebook user into the same customer again', async () => {
    assert.ok(fiona, 'needs the first test');
    for (const path of [LOGIN, CONDITIONAL]) {
      const res = await facebookLogin(s, graph.token(fiona.user), randomUUID(), {}, path);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const token = path === LOGIN ? res.body : res.body.token;
      if (path === CONDITIONAL) assert.equal(res.body.status, 'SUCCESS');
      assert.equal(token.clientId, fiona.clientId);
      assert.equal(token.origin, 'FACEBOOK');
    }
    assert.deepEqual(await linksOf(s, fiona.user), [fiona.clientId]);
    assert.equal((await s.ctx.db.selectFrom('clients').select('id').where('email', '=', fiona.user.email!.toLowerCase()).execute()).length, 1);
  });

  it('refuses a token issued for another app: 401 PROVIDER_REJECTED, profile never read', async () => {
    const user = graph.user({ email: `other-${randomUUID()}@example.com`, first_name: 'Otto' });
    const before = await clientCount(s);
    const seen = graph.requests.length;
    const res = await facebookLogin(s, graph.token(user, { appId: OTHER_APP_ID }), randomUUID());
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'PROVIDER_REJECTED');
    assert.deepEqual(
      graph.requests.slice(seen).map((u) => u.pathname),
      ['/debug_token'],
    );
    assert.equal(await clientCount(s), before);
    assert.deepEqual(await linksOf(s, user), []);
  });

  it('refuses a token debug_token calls invalid, and one Facebook never issued: 401 PROVIDER_REJECTED', async () => {
    const user = graph.user({ email: `expired-${randomUUID()}@example.com` });
    for (const token of [graph.token(user, { isValid: false }), `EAA${randomUUID()}`]) {
      const res = await facebookLogin(s, token, randomUUID());
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.equal(res.body.code, 'PROVIDER_REJECTED');
    }
    assert.deepEqual(await linksOf(s, user), []);
  });

  it('without the email permission: the customer is created without an email; conditional for a new user is REGISTRATION_REQUIRED', async () => {
    const newcomer = graph.user({ email: `hidden-${randomUUID()}@example.com`, first_name: 'Noemi', last_name: 'Mail' });
    const anon = await s.anonymous();
    const before = await clientCount(s);
    const conditional = await facebookLogin(s, graph.token(newcomer, { scopes: ['public_profile'] }), anon, {}, CONDITIONAL);
    assert.equal(conditional.status, 200);
    assert.deepEqual(conditional.body, { status: 'REGISTRATION_REQUIRED', conditions: [{ type: 'REGISTRATION' }] });
    assert.equal(await clientCount(s), before);
    assert.deepEqual(await linksOf(s, newcomer), []);
    assert.equal((await s.ctx.db.selectFrom('clients').select('status').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow()).status, 'anonymous');

    const res = await facebookLogin(s, graph.token(newcomer, { scopes: ['public_profile'] }), anon, { agreements: { sms: true } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
    assert.equal(row.email, null);
    assert.equal(row.email_confirmed, 0);
    assert.equal(row.first_name, 'Noemi');
    assert.equal(row.last_name, 'Mail');
    assert.deepEqual(JSON.parse(row.agreements), { sms: true });
    assert.deepEqual(await linksOf(s, newcomer), [res.body.clientId]);
    const again = await facebookLogin(s, graph.token(newcomer, { scopes: ['public_profile'] }), randomUUID(), {}, CONDITIONAL);
    assert.equal(again.body.status, 'SUCCESS');
    assert.equal(again.body.token.clientId, res.body.clientId);
  });

  it('turns Graph errors (500 with {error:{message}}) into 401 PROVIDER_REJECTED', async () => {
    const user = graph.user({ email: `err-${randomUUID()}@example.com` });
    const before = await clientCount(s);
    for (const fail of ['debug_token', 'me'] as const) {
      const res = await facebookLogin(s, graph.token(user, { fail }), randomUUID());
      assert.equal(res.status, 401, `${fail}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'PROVIDER_REJECTED');
    }
    assert.equal(await clientCount(s), before);
    assert.deepEqual(await linksOf(s, user), []);
  });

  it('links a registered password customer (email confirmed) with the same email instead of duplicating it', async () => {
    const email = `pat-${randomUUID()}@example.com`;
    const customer = await s.customer(email);
    await s.ctx.db.updateTable('clients').set({ email_confirmed: 1 }).where('id', '=', customer.clientId).execute();
    const user = graph.user({ email: email.toUpperCase(), first_name: 'Pat', last_name: 'Linked' });
    const res = await facebookLogin(s, graph.token(user), randomUUID());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, customer.clientId);
    assert.equal(res.body.uuid, customer.uuid);
    assert.deepEqual(await linksOf(s, user), [customer.clientId]);
    assert.equal((await s.ctx.db.selectFrom('clients').select('id').where('email', '=', email).execute()).length, 1);
    const password = await s.signIn(email, PASSWORD);
    assert.equal(password.status, 200);
    assert.equal(password.body.clientId, customer.clientId);
  });

  it('takes an unconfirmed account back for the email’s owner: the password and its sessions stop working (pre-hijacking)', async () => {
    const email = `squat-${randomUUID()}@example.com`;
    const squatter = await s.customer(email);
    const user = graph.user({ email, first_name: 'Owner' });
    const res = await facebookLogin(s, graph.token(user), randomUUID());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, squatter.clientId);
    const password = await s.signIn(email, PASSWORD);
    assert.equal(password.status, 401);
    assert.equal(password.body.code, 'INVALID_CREDENTIALS');
    const old = await s.call('GET', '/v4/my-account/personal-information', { token: squatter.token });
    assert.equal(old.status, 401);
    assert.equal(old.body.code, 'SESSION_REVOKED');
    const mine = await s.call('GET', '/v4/my-account/personal-information', { token: res.body.token });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.attributes.snrs_email_confirmed, true);
  });

  it('makes the anonymous profile’s events follow the customer, on first and on later sign-ins', async () => {
    const user = graph.user({ email: `ev-${randomUUID()}@example.com`, first_name: 'Eve' });
    // First sign-in: the anonymous profile becomes the customer.
    const first = await s.anonymous();
    const firstSalt = await track(s, first, 'page.visit');
    const res1 = await facebookLogin(s, graph.token(user), first);
    assert.equal(res1.status, 200);
    // A later sign-in from another device: that anonymous profile is merged into the customer.
    const second = await s.anonymous();
    const secondSalts = [await track(s, second, 'cart.add'), await track(s, second, 'cart.view')];
    const secondRow = await s.ctx.db.selectFrom('clients').select('id').where('uuid', '=', second.uuid).executeTakeFirstOrThrow();
    const res2 = await facebookLogin(s, graph.token(user), second);
    assert.equal(res2.status, 200);
    assert.equal(res2.body.clientId, res1.body.clientId);

    const events = await s.ctx.db
      .selectFrom('events')
      .select(['event_salt', 'client_id', 'uuid'])
      .where('event_salt', 'in', [firstSalt, ...secondSalts])
      .execute();
    assert.equal(events.length, 3);
    for (const e of events) assert.equal(e.client_id, res1.body.clientId, `event ${e.event_salt}`);
    assert.equal(events.find((e) => e.event_salt === secondSalts[0])!.uuid, second.uuid, 'the UUID sent with the event is kept');
    assert.equal(await s.ctx.db.selectFrom('clients').select('id').where('id', '=', secondRow.id).executeTakeFirst(), undefined, 'the anonymous row is gone');
    const uuids = await s.ctx.db.selectFrom('client_uuids').select('uuid').where('client_id', '=', res1.body.clientId).execute();
    assert.deepEqual(uuids.map((u) => u.uuid).sort(), [first.uuid, second.uuid].sort());
  });

  it('makes one customer when the first two sign-ins of a new user arrive at once', async () => {
    const user = graph.user({ email: `race-${randomUUID()}@example.com`, first_name: 'Rae' });
    const before = await clientCount(s);
    const [a, b] = await Promise.all([facebookLogin(s, graph.token(user), randomUUID()), facebookLogin(s, graph.token(user), randomUUID())]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.equal(a.body.clientId, b.body.clientId);
    assert.deepEqual(await linksOf(s, user), [a.body.clientId]);
    assert.equal(await clientCount(s), before + 1);
  });

  it('publishes the app id in /snr/config', async () => {
    const res = await s.call('GET', `/snr/config?apiKey=${API_KEY}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.facebookAppId, APP_ID);
  });
});

describe('Facebook sign-in, other configurations', () => {
  it('activates a pending-activation customer with the same email (activation mode)', async () => {
    const graph = new GraphStandIn();
    await graph.start();
    const s = await makeServer(facebookEnv(graph.url, { SNR_REGISTRATION_MODE: 'activation' })).catch(async (err) => {
      await graph.stop();
      throw err;
    });
    try {
      const email = `pending-${randomUUID()}@example.com`;
      const reg = await s.register(email);
      assert.equal(reg.status, 201);
      assert.equal(reg.body.status, 'ACTIVATION_REQUIRED');
      assert.equal((await s.signIn(email)).body.code, 'ACTIVATION_REQUIRED');
      const res = await facebookLogin(s, graph.token(graph.user({ email, first_name: 'Pia' })), randomUUID());
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.clientId, reg.body.clientId);
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', reg.body.clientId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'active');
      assert.equal(row.email_confirmed, 1);
      // The password was set by whoever registered, never proven to be the owner's: it goes (a
      // password reset gives the owner one).
      assert.equal((await s.signIn(email)).status, 401, 'the unproven password no longer works');
    } finally {
      await s.close();
      await graph.stop();
    }
  });

  it('gives 502 PROVIDER_UNAVAILABLE when the Graph API cannot be reached', async () => {
    const graph = new GraphStandIn();
    const token = graph.token(graph.user({ email: `gone-${randomUUID()}@example.com` }));
    await graph.start();
    await graph.stop(); // nothing listens on its port any more
    const s = await makeServer(facebookEnv(graph.url));
    try {
      const started = Date.now();
      const res = await facebookLogin(s, token, randomUUID());
      assert.equal(res.status, 502, JSON.stringify(res.body));
      assert.equal(res.body.code, 'PROVIDER_UNAVAILABLE');
      assert.ok(Date.now() - started < 2000);
    } finally {
      await s.close();
    }
  });

  it('answers 400 PROVIDER_DISABLED when no app id is configured, and publishes none', async () => {
    const s = await makeServer();
    try {
      for (const path of [LOGIN, CONDITIONAL]) {
        const res = await facebookLogin(s, 'EAA-some-token', randomUUID(), {}, path);
        assert.equal(res.status, 400, path);
        assert.equal(res.body.code, 'PROVIDER_DISABLED');
      }
      const config = await s.call('GET', `/snr/config?apiKey=${API_KEY}`);
      assert.equal(config.status, 200);
      assert.equal('facebookAppId' in config.body, false);
    } finally {
      await s.close();
    }
  });
});
