import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ERROR_CODES, ROUTES } from 'snr-auth/contract';
import { API_KEY, makeServer, type TestServer } from './support/server.js';

const BACKEND_KEY = 'backend-secret-0123456789abcdef';
const POST_ROUTES = Object.values(ROUTES).filter((r) => r.method === 'POST');
const CODES = new Set<string>(ERROR_CODES);

/** Bodies near the real ones (right keys, wrong values) and far from them (any JSON). */
const fieldValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('', ' ', 'Secret1!', 'a@b.co', '<script>alert(1)</script>', "' OR 1=1 --", '\u0000', '1990-02-30', 'PL', 'FEMALE'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);
const KEYS = [
  'apiKey',
  'uuid',
  'email',
  'password',
  'oldPassword',
  'token',
  'identityProvider',
  'identityProviderToken',
  'firstName',
  'birthDate',
  'sex',
  'countryCode',
  'agreements',
  'attributes',
  'tags',
  'customId',
  'fromAllDevices',
  'deviceId',
  'avatarUrl',
  '__proto__',
  'constructor',
];
const nearBody = fc.dictionary(fc.constantFrom(...KEYS), fieldValue, { maxKeys: 8 });
const nearEvent = fc.record(
  {
    action: fieldValue,
    time: fc.oneof(
      fieldValue,
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
    eventSalt: fieldValue,
    client: fc.oneof(fieldValue, fc.record({ uuid: fieldValue })),
    params: fieldValue,
    label: fieldValue,
  },
  { requiredKeys: [] },
);
const anyBody = fc.oneof(nearBody, fc.array(nearEvent, { maxLength: 5 }), fc.jsonValue({ maxDepth: 6 }));

describe('fuzzing every route’s body (fast-check)', () => {
  let s: TestServer;
  before(async () => {
    s = await makeServer({ SNR_BACKEND_KEY: BACKEND_KEY, SNR_RATE_LIMIT: 'off' });
  });
  after(() => s.close());

  for (const route of POST_ROUTES) {
    it(`${route.path}: never a 500, always the error body with a known code`, async () => {
      // A customer of its own: sign-out and password changes must not end the session other routes use.
      const customer = await s.customer();
      await fc.assert(
        fc.asyncProperty(anyBody, fc.boolean(), async (body, withKey) => {
          const payload = withKey && body && typeof body === 'object' && !Array.isArray(body) ? { apiKey: API_KEY, ...body } : body;
          const token = route.auth === 'backend' ? BACKEND_KEY : route.auth === 'apiKey' ? undefined : customer.token;
          const res = await s.call('POST', route.path, { body: payload, token });
          assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(payload).slice(0, 300)}`);
          if (res.status >= 400) {
            assert.ok(CODES.has(res.body?.code), `unknown code ${JSON.stringify(res.body)}`);
            assert.equal(res.body.status, res.status);
          }
        }),
        { numRuns: 60, seed: 20261126 },
      );
    });
  }

  it('deeply nested JSON (10,000 levels) is refused, not a crash', async () => {
    const customer = await s.customer();
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const path of [ROUTES.trackEvents.path, ROUTES.updateAccount.path]) {
      const res = await s.call('POST', path, { raw: deep, token: customer.token });
      assert.equal(res.status, 400);
    }
    const nested = `{"apiKey":"${API_KEY}","uuid":"${randomUUID()}","attributes":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const res = await s.call('POST', ROUTES.updateAccount.path, { raw: nested, token: customer.token });
    assert.ok(res.status === 400 || res.status === 413, String(res.status));
  });

  it('deep nesting inside otherwise valid bodies (event params, profile attributes) is a 400 naming it, never a 500', async () => {
    const customer = await s.customer();
    // As text: JSON.stringify itself cannot write 5,000 levels.
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const event = (params: string) =>
      `[{"action":"deep.test","time":"${new Date().toISOString()}","eventSalt":"${randomUUID()}","client":{"uuid":"${customer.uuid}"},"params":${params}}]`;
    for (const [path, raw] of [
      [ROUTES.trackEvents.path, event(deep(5000))],
      [ROUTES.updateAccount.path, `{"attributes":{"x":${deep(5000)}}}`],
    ] as const) {
      const res = await s.call('POST', path, { raw, token: customer.token });
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body).slice(0, 200)}`);
      assert.equal(res.body.errors[0].code, 'too_deep');
    }
    const fine = await s.call('POST', ROUTES.trackEvents.path, { raw: event(deep(40)), token: customer.token });
    assert.equal(fine.status, 202, 'a few dozen levels are fine');
  });

  it('stores SQL and HTML verbatim and answers them as data', async () => {
    const customer = await s.customer();
    const evil = `Robert'); DROP TABLE clients;-- <img src=x onerror=alert(1)>`;
    const res = await s.call('POST', ROUTES.updateAccount.path, {
      token: customer.token,
      body: { firstName: evil, city: '" OR ""="', attributes: { note: evil } },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.firstName, evil);
    assert.equal(res.body.city, '" OR ""="');
    assert.equal(res.body.attributes.note, evil);
    assert.equal(res.headers.get('content-type')?.startsWith('application/json'), true);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok((await s.ctx.db.selectFrom('clients').select('id').execute()).length > 0, 'the table is still there');
  });
});
