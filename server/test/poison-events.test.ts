// Issue 12 item 9 (server): any JSON string the contract accepts is stored, on SQLite and on
// PostgreSQL: NUL (PostgreSQL text cannot hold it: a 500, and a tracker retrying the batch for
// ever) and unpaired surrogates (UTF-8 cannot: they came back as U+FFFD).

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeLabel } from '../src/store/events.js';
import { type Dialect, makeServer, PG_URL, type TestServer } from './support/server.js';

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, the PostgreSQL half is SKIPPED' },
];

const POISON = [
  'nul\u0000inside',
  '\u0000',
  'lone high \ud800',
  'lone low \udc00 here',
  '\udfff\ud800',
  'pair 😀 then \ud83d',
  '"starts with a quote"',
  '"',
  'plain',
];

for (const { dialect, skip } of DIALECTS) {
  describe(`poison strings are stored as sent (${dialect})`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await makeServer({}, { dialect });
    });
    after(() => server?.close());

    it('event labels, params keys and values with NUL and unpaired surrogates: 202, stored and read back exactly', async () => {
      const anon = await server.anonymous();
      const batch = POISON.map((label, i) => ({
        action: 'page.visit',
        label,
        time: new Date().toISOString(),
        eventSalt: `poison-${i}-${randomUUID()}`,
        client: { uuid: anon.uuid },
        params: { [label]: label, [`k${i}\u0000\ud800`]: [label, { nested: `\ud800${label}\u0000` }] },
      }));
      const res = await server.call('POST', '/v4/events/batch', { token: anon.token, body: batch });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.received, batch.length);
      const rows = await server.ctx.db
        .selectFrom('events')
        .select(['event_salt', 'label', 'params'])
        .where(
          'event_salt',
          'in',
          batch.map((e) => e.eventSalt),
        )
        .execute();
      assert.equal(rows.length, batch.length);
      for (const sent of batch) {
        const row = rows.find((r) => r.event_salt === sent.eventSalt);
        assert.equal(decodeLabel(row?.label ?? ''), sent.label, `label ${JSON.stringify(sent.label)}`);
        assert.deepEqual(JSON.parse(row?.params ?? 'null'), sent.params, `params of ${JSON.stringify(sent.label)}`);
      }
      // A label text holds as it is stays readable as it is in the column.
      assert.equal(rows.find((r) => decodeLabel(r.label ?? '') === 'plain')?.label, 'plain');
    });

    it('profile attributes with NUL and unpaired surrogates in keys and values: stored and answered exactly', async () => {
      const customer = await server.customer();
      const attributes = Object.fromEntries(POISON.map((s, i) => [`a${i}${s}`, { value: s, list: [s, `\u0000${i}`] }]));
      const update = await server.call('POST', '/v4/my-account/personal-information', { token: customer.token, body: { attributes } });
      assert.equal(update.status, 200, JSON.stringify(update.body));
      const account = await server.call('GET', '/v4/my-account/personal-information', { token: customer.token });
      assert.equal(account.status, 200);
      for (const [key, value] of Object.entries(attributes)) assert.deepEqual(account.body.attributes[key], value, `attribute ${JSON.stringify(key)}`);
    });
  });
}

describe('a profile field typed on one line refuses NUL and an unpaired surrogate, naming the field', () => {
  let server: TestServer;
  before(async () => {
    server = await makeServer();
  });
  after(() => server?.close());

  it('400 VALIDATION_FAILED with the field, at registration and on update; nothing changed', async () => {
    const customer = await server.customer();
    for (const [field, value] of [
      ['firstName', 'Ann\ud800'],
      ['lastName', '\udc00'],
      ['city', 'x\u0000y'],
      ['customId', 'id-\udfff'],
    ] as const) {
      const update = await server.call('POST', '/v4/my-account/personal-information', { token: customer.token, body: { [field]: value } });
      assert.equal(update.status, 400, `${field} ${JSON.stringify(value)}: ${update.status}`);
      assert.equal(update.body.code, 'VALIDATION_FAILED');
      assert.ok(
        update.body.errors.some((e: { field: string }) => e.field === field),
        JSON.stringify(update.body.errors),
      );
      const registered = await server.register(`p-${randomUUID()}@example.com`, { [field]: value });
      assert.equal(registered.status, 400);
    }
    const account = await server.call('GET', '/v4/my-account/personal-information', { token: customer.token });
    assert.equal(account.body.firstName ?? null, null, 'nothing stored');
    // A pair (an emoji) is text like any other.
    assert.equal((await server.call('POST', '/v4/my-account/personal-information', { token: customer.token, body: { firstName: 'Ann 😀' } })).status, 200);
  });
});
