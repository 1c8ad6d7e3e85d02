import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hashEmailToken } from '../src/identity/email-links.js';
import type { Pino } from '../src/log.js';
import { purgeExpired, RETENTION, schedulePurge } from '../src/store/retention.js';
import { API_KEY, makeServer, type TestServer, testClock } from './support/server.js';

const HOUR = 60 * 60 * 1000;

describe('purging expired rows, so the store does not grow with every visit', () => {
  let s: TestServer;
  before(async () => (s = await makeServer({ SNR_RATE_LIMIT: '{"emailRequestsPerEmail":5,"windowSeconds":60}' })));
  after(() => s.close());

  it('deletes dead sessions, expired email tokens, ended rate-limit windows and week-old sent mail; keeps the rest, and profiles and events', async () => {
    const db = s.ctx.db;
    const now = Date.now();
    const customer = await s.customer();
    await s.call('POST', '/v4/events/batch', {
      token: customer.token,
      body: [{ action: 'kept.event', time: new Date(now).toISOString(), eventSalt: randomUUID(), client: { uuid: customer.uuid } }],
    });
    await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: customer.email } });
    const old = now - RETENTION.deadSessionsMs - HOUR;
    const session = (id: string, fields: { expires_at: number; revoked_at: number | null }) => ({
      id,
      client_id: customer.clientId,
      api_key: API_KEY,
      realm: 'client',
      origin: 'SYNERISE',
      created_at: old - HOUR,
      refreshed_at: null,
      revoked_reason: fields.revoked_at ? 'test' : null,
      ...fields,
    });
    await db
      .insertInto('sessions')
      .values([
        session('purge-expired', { expires_at: old, revoked_at: null }),
        session('purge-revoked', { expires_at: now + HOUR, revoked_at: old }),
        session('keep-revoked-lately', { expires_at: now + HOUR, revoked_at: now - HOUR }),
      ])
      .execute();
    await db
      .insertInto('email_tokens')
      .values([
        {
          token_hash: hashEmailToken('purge'),
          client_id: customer.clientId,
          purpose: 'password_reset',
          created_at: old,
          expires_at: now - RETENTION.expiredEmailTokensMs - HOUR,
          used_at: null,
        },
        {
          token_hash: hashEmailToken('keep'),
          client_id: customer.clientId,
          purpose: 'password_reset',
          created_at: now - 2 * HOUR,
          expires_at: now - HOUR,
          used_at: null,
        },
      ])
      .execute();
    await db
      .insertInto('rate_limits')
      .values([
        { key: 'purge:ended', window_start: now - 61_000, count: 3 },
        { key: 'keep:current', window_start: now - 1000, count: 3 },
      ])
      .execute();
    await db
      .insertInto('outbox')
      .values([
        {
          to_address: 'old@example.com',
          subject: 'old',
          text_body: 'x',
          html_body: 'x',
          created_at: now - RETENTION.sentMailMs - HOUR,
          sent_at: now - RETENTION.sentMailMs - HOUR,
          attempts: 1,
          last_error: null,
          claimed_until: null,
        },
        {
          to_address: 'unsent@example.com',
          subject: 'unsent',
          text_body: 'x',
          html_body: 'x',
          created_at: now - RETENTION.sentMailMs - HOUR,
          sent_at: null,
          attempts: 10,
          last_error: 'down',
          claimed_until: null,
        },
      ])
      .execute();

    const counts = await purgeExpired(db, now, 60_000);
    assert.deepEqual(counts, { sessions: 2, emailTokens: 1, rateLimits: 1, outbox: 1, anonymousProfiles: 0, webauthnChallenges: 0, idTokenNonces: 0 });
    const ids = (await db.selectFrom('sessions').select('id').where('id', 'like', '%revoked%').execute()).map((r) => r.id);
    assert.deepEqual(ids, ['keep-revoked-lately'], 'a token issued an hour ago still meets its revoked row');
    assert.equal((await db.selectFrom('email_tokens').select('token_hash').where('token_hash', '=', hashEmailToken('keep')).execute()).length, 1);
    assert.deepEqual(
      (await db.selectFrom('rate_limits').select('key').where('key', 'in', ['purge:ended', 'keep:current']).execute()).map((r) => r.key),
      ['keep:current'],
    );
    assert.deepEqual(
      (await db.selectFrom('outbox').select('to_address').where('to_address', 'in', ['old@example.com', 'unsent@example.com']).execute()).map(
        (r) => r.to_address,
      ),
      ['unsent@example.com'],
      'unsent mail stays',
    );
    assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: customer.token })).status, 200, 'live sessions untouched');
    assert.equal((await db.selectFrom('events').select('id').where('client_id', '=', customer.clientId).execute()).length >= 1, true, 'events are data: kept');
    assert.equal((await s.signIn(customer.email)).status, 200);
  });

  it('runs a minute after start, then every hour, each time judging by the server’s clock', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const clock = testClock();
    const runs: Array<{ rateLimits: number }> = [];
    let ran: () => void = () => {};
    const log = {
      debug: (record: { purged: { rateLimits: number } }) => (runs.push(record.purged), ran()),
      warn: () => assert.fail('the purge failed'),
    } as unknown as Pino;
    const purged = () => new Promise<void>((resolve) => (ran = resolve));
    const key = `window-${randomUUID()}`;
    await s.ctx.db.insertInto('rate_limits').values({ key, window_start: clock.now(), count: 1 }).execute();
    const schedule = schedulePurge(s.ctx.db, { rateLimitWindowMs: 60_000, log, now: clock.now });
    t.after(() => schedule.stop());

    t.mock.timers.tick(59_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(runs, [], 'not before a minute has passed');
    let next = purged();
    t.mock.timers.tick(1);
    await next;
    assert.equal(runs.length, 1);
    assert.equal(
      (await s.ctx.db.selectFrom('rate_limits').select('key').where('key', '=', key).execute()).length,
      1,
      'its window has not ended on the server’s clock',
    );

    clock.advance(60_000);
    t.mock.timers.tick(60 * 60 * 1000 - 60_001);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runs.length, 1, 'the hourly run comes an hour after start');
    next = purged();
    t.mock.timers.tick(1);
    await next;
    assert.equal(runs.length, 2);
    assert.equal((await s.ctx.db.selectFrom('rate_limits').select('key').where('key', '=', key).execute()).length, 0, 'its window ended on the server’s clock');
  });
});
