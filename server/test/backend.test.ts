import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { API_KEY, makeServer, PASSWORD, type TestServer } from './support/server.js';

const BACKEND_KEY = 'backend-secret-0123456789abcdef';
const ACCOUNT = '/v4/my-account/personal-information';

describe('site backend: recognition and deletion sync', () => {
  let s: TestServer;
  before(async () => (s = await makeServer({ SNR_BACKEND_KEY: BACKEND_KEY })));
  after(() => s.close());
  const backend = (method: string, path: string, body?: unknown, key = BACKEND_KEY) =>
    s.call(method, path, { body, headers: { authorization: `Bearer ${key}` } });
  const event = (uuid: string) => ({ action: 'product.view', time: new Date().toISOString(), eventSalt: `r-${randomUUID()}`, client: { uuid } });
  /** A signed-in customer whose email is confirmed (this server registers in automatic mode, unconfirmed). */
  const confirmedCustomer = async () => {
    const c = await s.customer();
    await s.ctx.db.updateTable('clients').set({ email_confirmed: 1 }).where('id', '=', c.clientId).execute();
    return c;
  };
  const clientRow = (id: number) => s.ctx.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const uuidOwner = async (uuid: string) =>
    (await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', uuid).executeTakeFirstOrThrow()).client_id;

  it('recognizes a UUID as a new customer: anonymous events follow, attributes kept', async () => {
    const anon = await s.anonymous();
    await s.call('POST', '/v4/events/batch', { token: anon.token, body: [event(anon.uuid), event(anon.uuid)] });
    const email = `known-${randomUUID()}@example.com`;
    const res = await backend('POST', '/v4/clients', { uuid: anon.uuid, email, firstName: 'Kim', attributes: { loyalty: 'gold' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.created, true);
    assert.equal(res.body.uuid, anon.uuid);
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
    assert.equal(row.email, email);
    assert.equal(row.first_name, 'Kim');
    assert.equal(JSON.parse(row.attributes).loyalty, 'gold');
    const events = await s.ctx.db.selectFrom('events').select('client_id').where('uuid', '=', anon.uuid).execute();
    assert.deepEqual(
      events.map((e) => e.client_id),
      [res.body.clientId, res.body.clientId],
    );
  });

  it('recognizes a second device of a known customer (email confirmed): merges that UUID and updates attributes', async () => {
    const c = await confirmedCustomer();
    const anon = await s.anonymous();
    await s.call('POST', '/v4/events/batch', { token: anon.token, body: [event(anon.uuid)] });
    const res = await backend('POST', '/v4/clients', { uuid: anon.uuid, email: c.email.toUpperCase(), attributes: { tier: 2 } });
    assert.equal(res.status, 200);
    assert.equal(res.body.created, false);
    assert.equal(res.body.clientId, c.clientId);
    assert.equal(res.body.uuid, c.uuid);
    const owner = await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
    assert.equal(owner.client_id, c.clientId);
    const account = await s.call('GET', ACCOUNT, { token: c.token });
    assert.equal(account.body.attributes.tier, 2);
    assert.equal((await s.signIn(c.email)).status, 200, 'the password still works');
  });

  it('refuses browser tokens, API keys, a wrong key and no key (403), and bad bodies (400)', async () => {
    const c = await s.customer();
    const anon = await s.anonymous();
    for (const key of [c.token, anon.token, 'snr-local-dev-key', 'wrong']) {
      const res = await backend('POST', '/v4/clients', { uuid: anon.uuid, email: 'x@example.com' }, key);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'BACKEND_KEY_REQUIRED');
    }
    const none = await s.call('DELETE', `/v4/clients/${c.clientId}`);
    assert.equal(none.body.code, 'BACKEND_KEY_REQUIRED');
    const res = await backend('POST', '/v4/clients', { uuid: anon.uuid });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].field, 'email');
    assert.equal((await s.call('GET', ACCOUNT, { token: c.token })).status, 200, 'nothing happened to the customer');
  });

  for (const how of ['clientId', 'email', 'customId'] as const) {
    it(`deletes by ${how}: live token fails at once, data erased, events stay with the anonymous UUID`, async () => {
      const customId = `cid-${randomUUID()}`;
      const c = await confirmedCustomer();
      await s.call('POST', ACCOUNT, { token: c.token, body: { firstName: 'Del', phone: '+48123' } });
      // Deletion by customId names only a customId the backend set.
      assert.equal((await backend('POST', '/v4/clients', { uuid: c.uuid, email: c.email, customId })).status, 200);
      await s.call('POST', '/v4/events/batch', { token: c.token, body: [event(c.uuid)] });
      const path =
        how === 'clientId'
          ? `/v4/clients/${c.clientId}`
          : how === 'email'
            ? `/v4/clients/by-email/${encodeURIComponent(c.email)}`
            : `/v4/clients/by-customId/${customId}`;
      const res = await backend('DELETE', path);
      assert.equal(res.status, 204);
      const after = await s.call('GET', ACCOUNT, { token: c.token });
      assert.equal(after.status, 401);
      assert.equal(after.body.code, 'SESSION_REVOKED');
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', c.clientId).executeTakeFirstOrThrow();
      assert.equal(row.status, 'anonymous');
      for (const column of ['email', 'password_hash', 'first_name', 'phone', 'custom_id'] as const) assert.equal(row[column], null, column);
      const events = await s.ctx.db.selectFrom('events').select(['client_id', 'uuid']).where('client_id', '=', c.clientId).execute();
      assert.ok(events.length >= 1 && events.every((e) => e.uuid === c.uuid));
      assert.equal((await s.signIn(c.email)).status, 401, 'cannot sign in any more');
      assert.equal((await backend('DELETE', path)).status, 404, 'a second deletion finds nobody');
      const again = await s.register(c.email);
      assert.equal(again.status, 201, 'the email is free again');
    });
  }

  it('never matches a customId a customer typed: the backend’s customer gets it with the data and the UUID, the squatter keeps nothing', async () => {
    const customId = `C-${randomUUID()}`;
    const squatter = await confirmedCustomer();
    assert.equal((await s.call('POST', ACCOUNT, { token: squatter.token, body: { customId, firstName: 'Mallory' } })).status, 200);
    const visitor = await s.anonymous();
    await s.call('POST', '/v4/events/batch', { token: visitor.token, body: [event(visitor.uuid)] });
    const res = await backend('POST', '/v4/clients', {
      uuid: visitor.uuid,
      customId,
      firstName: 'Kim',
      phone: '+48600100200',
      attributes: { loyalty: 'gold' },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.created, true);
    assert.notEqual(res.body.clientId, squatter.clientId);
    assert.equal(res.body.uuid, visitor.uuid);
    const mine = await s.call('GET', ACCOUNT, { token: squatter.token });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.customId, null, 'the squatter’s customId is cleared');
    assert.equal(mine.body.firstName, 'Mallory');
    assert.equal(mine.body.phone, null);
    assert.equal(mine.body.attributes.loyalty, undefined);
    assert.equal(await uuidOwner(visitor.uuid), res.body.clientId);
    const events = await s.ctx.db.selectFrom('events').select('client_id').where('uuid', '=', visitor.uuid).execute();
    assert.deepEqual(
      events.map((e) => e.client_id),
      [res.body.clientId],
    );
    const kim = await clientRow(res.body.clientId);
    assert.deepEqual([kim.custom_id, kim.custom_id_verified, kim.first_name], [customId, 1, 'Kim']);
    const retake = await s.call('POST', ACCOUNT, { token: squatter.token, body: { customId } });
    assert.equal(retake.status, 409);
    assert.equal(retake.body.code, 'CUSTOM_ID_TAKEN');
    const later = await backend('POST', '/v4/clients', { uuid: randomUUID(), customId, attributes: { tier: 3 } });
    assert.deepEqual([later.body.clientId, later.body.created], [res.body.clientId, false], 'a customId the backend set matches from then on');
  });

  it('recognizes by email with a customId another customer typed: the customer with that email gets it (no 409)', async () => {
    const customId = `C-${randomUUID()}`;
    const squatter = await confirmedCustomer();
    await s.call('POST', ACCOUNT, { token: squatter.token, body: { customId } });
    const owner = await confirmedCustomer();
    const res = await backend('POST', '/v4/clients', { uuid: owner.uuid, email: owner.email, customId, firstName: 'Kim' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.clientId, res.body.created], [owner.clientId, false]);
    assert.equal((await s.call('GET', ACCOUNT, { token: owner.token })).body.customId, customId);
    const squatted = await s.call('GET', ACCOUNT, { token: squatter.token });
    assert.deepEqual([squatted.body.customId, squatted.body.firstName], [null, null]);
  });

  it('a customer who changes a customId the backend set loses the verification: the new value matches nobody, re-sending the old one keeps it', async () => {
    const [verified, typed] = [`C-${randomUUID()}`, `C-${randomUUID()}`];
    const c = await confirmedCustomer();
    assert.equal((await backend('POST', '/v4/clients', { uuid: c.uuid, email: c.email, customId: verified })).status, 200);
    assert.equal((await s.call('POST', ACCOUNT, { token: c.token, body: { customId: verified, firstName: 'Same' } })).status, 200);
    const again = await backend('POST', '/v4/clients', { uuid: randomUUID(), customId: verified });
    assert.deepEqual([again.body.clientId, again.body.created], [c.clientId, false], 'the same value sent again is still verified');
    assert.equal((await s.call('POST', ACCOUNT, { token: c.token, body: { customId: typed } })).status, 200);
    const other = await backend('POST', '/v4/clients', { uuid: randomUUID(), customId: typed, firstName: 'Other' });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.equal(other.body.created, true);
    assert.notEqual(other.body.clientId, c.clientId);
    const account = await s.call('GET', ACCOUNT, { token: c.token });
    assert.deepEqual([account.body.customId, account.body.firstName], [null, 'Same']);
  });

  it('deletes by customId only one the backend set: a customId a customer typed answers 404 and erases nothing', async () => {
    const customId = `C-${randomUUID()}`;
    const c = await confirmedCustomer();
    await s.call('POST', ACCOUNT, { token: c.token, body: { customId } });
    const res = await backend('DELETE', `/v4/clients/by-customId/${customId}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'NOT_FOUND');
    const account = await s.call('GET', ACCOUNT, { token: c.token });
    assert.equal(account.status, 200);
    assert.equal(account.body.customId, customId);
  });

  it('takes back an unconfirmed account registered under the customer’s email (confirmation mode): the data goes to the owner, the squatter’s password and sessions stop working', async () => {
    const t = await makeServer({ SNR_BACKEND_KEY: BACKEND_KEY, SNR_REGISTRATION_MODE: 'confirmation' });
    try {
      const email = `kim-${randomUUID()}@example.com`;
      assert.equal((await t.register(email, { firstName: 'Mallory' })).status, 201);
      const squatter = await t.signIn(email);
      assert.equal(squatter.status, 200, 'confirmation mode signs in before the email is confirmed');
      const visitor = await t.anonymous();
      await t.call('POST', '/v4/events/batch', { token: visitor.token, body: [event(visitor.uuid)] });
      const res = await t.call('POST', '/v4/clients', {
        body: { uuid: visitor.uuid, email, firstName: 'Kim', phone: '+48600100200', attributes: { loyalty: 'gold' } },
        headers: { authorization: `Bearer ${BACKEND_KEY}` },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual([res.body.clientId, res.body.created], [squatter.body.clientId, false]);
      const old = await t.call('GET', ACCOUNT, { token: squatter.body.token });
      assert.equal(old.status, 401, 'the squatter reads none of it');
      assert.equal(old.body.code, 'SESSION_REVOKED');
      const refresh = await t.call('POST', '/sauth/v3/auth/refresh/client', { token: squatter.body.token, body: { apiKey: API_KEY } });
      assert.equal(refresh.status, 401);
      const password = await t.signIn(email);
      assert.equal(password.status, 401);
      assert.equal(password.body.code, 'INVALID_CREDENTIALS');
      const kim = await t.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
      assert.deepEqual([kim.password_hash, kim.email_confirmed, kim.status, kim.first_name], [null, 1, 'active', 'Kim']);
      const owner = await t.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', visitor.uuid).executeTakeFirstOrThrow();
      assert.equal(owner.client_id, res.body.clientId);
      // The owner gets in through the emailed reset link, to the backend's data.
      await t.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } });
      const reset = await t.call('POST', '/v4/clients/password-reset/confirmation', {
        body: { apiKey: API_KEY, token: await t.linkToken(email), password: 'Owner2@pw' },
      });
      assert.equal(reset.status, 200);
      const signedIn = await t.signIn(email, 'Owner2@pw');
      const account = await t.call('GET', ACCOUNT, { token: signedIn.body.token });
      assert.deepEqual([account.body.firstName, account.body.phone, account.body.attributes.loyalty], ['Kim', '+48600100200', 'gold']);
    } finally {
      await t.close();
    }
  });

  it('answers 403 BACKEND_NOT_CONFIGURED when no backend key is set', async () => {
    const plain = await makeServer();
    try {
      const res = await plain.call('POST', '/v4/clients', {
        body: { uuid: randomUUID(), email: 'a@example.com' },
        headers: { authorization: 'Bearer whatever' },
      });
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'BACKEND_NOT_CONFIGURED');
    } finally {
      await plain.close();
    }
  });

  it('a recognized customer without a password cannot be signed into by password', async () => {
    const email = `nopw-${randomUUID()}@example.com`;
    const res = await backend('POST', '/v4/clients', { uuid: randomUUID(), email });
    assert.equal(res.body.created, true);
    const signIn = await s.signIn(email, PASSWORD);
    assert.equal(signIn.status, 401);
    assert.equal(signIn.body.code, 'INVALID_CREDENTIALS');
  });
});
