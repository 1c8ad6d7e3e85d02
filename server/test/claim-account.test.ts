// One rule, two paths (DESIGN.md §1): an account registered under an email and never confirmed is
// taken back for the email's owner as soon as someone proves the address — a provider that verified
// it (sign-in) or the site's backend (recognition). Both paths run server/src/identity/claim-account.ts
// and remove every way in the squatter had: the password, EVERY provider link, every session.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GraphStandIn } from '../../demo/providers/facebook.js';
import { API_KEY, makeServer, type TestServer } from './support/server.js';

const APP_ID = '4242424242';
const APP_SECRET = 'fb-app-secret-0123456789abcdef';
const BACKEND_KEY = 'backend-secret-0123456789abcdef';
const ACCOUNT = '/v4/my-account/personal-information';

describe('an unconfirmed account is claimed for its email owner, the same on every path', () => {
  const graph = new GraphStandIn({ appId: APP_ID, appSecret: APP_SECRET });
  let s: TestServer;

  before(async () => {
    await graph.start();
    s = await makeServer({ SNR_FACEBOOK_APP_ID: APP_ID, SNR_FACEBOOK_APP_SECRET: APP_SECRET, SNR_FACEBOOK_GRAPH_URL: graph.url, SNR_BACKEND_KEY: BACKEND_KEY });
  });
  after(async () => {
    await s?.close();
    await graph.stop();
  });

  /** A squatter: registered under someone else's email (never confirmed), signed in, and holding an OAuth link of its own. */
  async function squatter() {
    const email = `owner-${randomUUID()}@example.com`;
    const account = await s.customer(email);
    await s.ctx.db
      .insertInto('client_identities')
      .values({ provider: 'OAUTH', subject: `squatter-${randomUUID()}`, client_id: account.clientId, created_at: Date.now() })
      .execute();
    const row = await s.ctx.db.selectFrom('clients').select('email_confirmed').where('id', '=', account.clientId).executeTakeFirstOrThrow();
    assert.equal(row.email_confirmed, 0, 'the squatter never confirmed the email');
    return account;
  }

  const links = async (clientId: number) =>
    (await s.ctx.db.selectFrom('client_identities').select('provider').where('client_id', '=', clientId).execute()).map((r) => r.provider).sort();

  async function assertTakenBack(account: { token: string; clientId: number; email: string }) {
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', account.clientId).executeTakeFirstOrThrow();
    assert.deepEqual([row.password_hash, row.email_confirmed, row.status], [null, 1, 'active']);
    const old = await s.call('GET', ACCOUNT, { token: account.token });
    assert.equal(old.status, 401);
    assert.equal(old.body.code, 'SESSION_REVOKED');
  }

  it('at a provider sign-in with the verified email: the squatter’s other provider links go too', async () => {
    const account = await squatter();
    const owner = graph.user({ email: account.email, first_name: 'Owner' });
    const res = await s.call('POST', '/sauth/v3/auth/login/client', {
      body: { apiKey: API_KEY, uuid: randomUUID(), identityProvider: 'FACEBOOK', identityProviderToken: graph.token(owner) },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, account.clientId);
    assert.deepEqual(await links(account.clientId), ['FACEBOOK'], 'only the owner’s own link is left');
    await assertTakenBack(account);
  });

  it('at recognition by the site’s backend: the squatter’s provider links go', async () => {
    const account = await squatter();
    const res = await s.call('POST', '/v4/clients', {
      body: { uuid: randomUUID(), email: account.email },
      headers: { authorization: `Bearer ${BACKEND_KEY}` },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.clientId, account.clientId);
    assert.deepEqual(await links(account.clientId), []);
    await assertTakenBack(account);
  });

  it('leaves a confirmed account’s password and links alone on both paths', async () => {
    const account = await squatter();
    await s.ctx.db.updateTable('clients').set({ email_confirmed: 1 }).where('id', '=', account.clientId).execute();
    const owner = graph.user({ email: account.email });
    const signIn = await s.call('POST', '/sauth/v3/auth/login/client', {
      body: { apiKey: API_KEY, uuid: randomUUID(), identityProvider: 'FACEBOOK', identityProviderToken: graph.token(owner) },
    });
    assert.equal(signIn.status, 200);
    const recognized = await s.call('POST', '/v4/clients', {
      body: { uuid: randomUUID(), email: account.email },
      headers: { authorization: `Bearer ${BACKEND_KEY}` },
    });
    assert.equal(recognized.status, 200);
    assert.deepEqual(await links(account.clientId), ['FACEBOOK', 'OAUTH']);
    const row = await s.ctx.db.selectFrom('clients').select('password_hash').where('id', '=', account.clientId).executeTakeFirstOrThrow();
    assert.notEqual(row.password_hash, null);
    assert.equal((await s.call('GET', ACCOUNT, { token: account.token })).status, 200);
  });
});
