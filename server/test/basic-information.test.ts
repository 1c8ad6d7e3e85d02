// POST /v4/my-account/basic-information (Synerise's updateAccountBasicInformation): any profile,
// an anonymous visitor's too, may set its names, agreements and attributes; never email or password.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Dialect, makeServer, PG_URL, type TestServer } from './support/server.js';

const PATH = '/v4/my-account/basic-information';
const dialects: Dialect[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

for (const dialect of dialects) {
  describe(`updateAccountBasicInformation (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await makeServer({}, { dialect });
    });
    after(() => s?.close());

    it('an anonymous visitor’s profile takes names, agreements and attributes (merged), and stays anonymous', async () => {
      const anon = await s.anonymous();
      const first = await s.call('POST', PATH, { token: anon.token, body: { firstName: 'Ann', agreements: { email: true }, attributes: { size: 'M' } } });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body, { status: 'OK' });
      await s.call('POST', PATH, { token: anon.token, body: { lastName: 'Onymous', agreements: { sms: true }, attributes: { size: null, colour: 'red' } } });
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
      assert.equal(row.first_name, 'Ann');
      assert.equal(row.last_name, 'Onymous');
      assert.equal(row.status, 'anonymous');
      assert.equal(row.email, null);
      assert.deepEqual(JSON.parse(row.agreements), { email: true, sms: true });
      assert.deepEqual(JSON.parse(row.attributes), { colour: 'red' });
    });

    it('a customer’s account shows the change', async () => {
      const c = await s.customer();
      const res = await s.call('POST', PATH, { token: c.token, body: { displayName: 'C. Basic', countryCode: 'PL' } });
      assert.equal(res.status, 200);
      const account = await s.call('GET', '/v4/my-account/personal-information', { token: c.token });
      assert.equal(account.body.displayName, 'C. Basic');
      assert.equal(account.body.countryCode, 'PL');
      assert.equal(account.body.email, c.email);
    });

    it('refuses email, password, customId and tags (400 VALIDATION_FAILED) and a bad field value; nothing changes', async () => {
      const anon = await s.anonymous();
      for (const body of [
        { email: 'x@example.com' },
        { password: 'Secret1!' },
        { customId: 'mine' },
        { tags: ['vip'] },
        { firstName: 'a\nb', lastName: 'Kept' },
      ]) {
        const res = await s.call('POST', PATH, { token: anon.token, body });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.code, 'VALIDATION_FAILED');
      }
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
      assert.equal(row.last_name, null);
      assert.equal(row.email, null);
    });

    it('needs a token (401 TOKEN_MISSING)', async () => {
      const res = await s.call('POST', PATH, { body: { firstName: 'X' } });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'TOKEN_MISSING');
    });
  });
}
