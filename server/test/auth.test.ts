import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { tokenResponseSchema } from 'snr-auth/contract';
import { API_KEY, makeServer, PASSWORD, type TestClock, type TestServer, testClock } from './support/server.js';

describe('anonymous login', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());

  it('answers a token response for a new UUID and creates an anonymous profile', async () => {
    const uuid = randomUUID();
    const before = Date.now();
    const res = await s.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid } });
    assert.equal(res.status, 200);
    assert.ok(tokenResponseSchema.safeParse(res.body).success);
    assert.equal(res.body.realm, 'anonymous_client');
    assert.equal(res.body.origin, 'ANONYMOUS');
    assert.equal(res.body.uuid, uuid);
    assert.ok(res.body.created >= before && res.body.created <= Date.now());
    assert.equal(res.body.expiration, Math.floor(res.body.created / 1000) + 3600);
    const claims = decodeJwt(res.body.token);
    assert.equal(claims.rlm, 'anonymous_client');
    assert.equal(claims.uuid, uuid);
    assert.equal(claims.aud, API_KEY);
    assert.equal(claims.clientId, undefined);
    assert.equal(typeof claims.sid, 'string');
    const row = await s.ctx.db.selectFrom('clients').selectAll().where('uuid', '=', uuid).executeTakeFirstOrThrow();
    assert.equal(row.status, 'anonymous');
    assert.equal(row.email, null);
  });

  it('reuses the profile for a known UUID, also when called at the same time', async () => {
    const uuid = randomUUID();
    const results = await Promise.all([1, 2, 3, 4].map(() => s.anonymous(uuid)));
    assert.equal(new Set(results.map((r) => decodeJwt(r.token).sid)).size, 4);
    const rows = await s.ctx.db.selectFrom('client_uuids').selectAll().where('uuid', '=', uuid).execute();
    assert.equal(rows.length, 1);
  });

  it('signs with ES256 and a kid that /.well-known/jwks.json publishes', async () => {
    const { token } = await s.anonymous();
    const header = decodeProtectedHeader(token);
    assert.equal(header.alg, 'ES256');
    const jwks = await s.call('GET', '/.well-known/jwks.json');
    const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === header.kid);
    assert.ok(jwk, 'kid is published');
    assert.equal(jwk.d, undefined, 'no private part');
    const { payload } = await jwtVerify(token, await importJWK(jwk, 'ES256'), { issuer: 'snr-auth', audience: API_KEY });
    assert.equal(payload.rlm, 'anonymous_client');
    const pem = await s.call('GET', '/v4/public.pem');
    assert.equal(pem.status, 200);
    assert.match(pem.body, /^-----BEGIN PUBLIC KEY-----/);
  });

  it('refuses an unknown API key, a bad UUID and unknown fields', async () => {
    let res = await s.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: 'nope', uuid: randomUUID() } });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'UNKNOWN_API_KEY');
    res = await s.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid: 'not-a-uuid' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      ['uuid'],
    );
    res = await s.call('POST', '/sauth/v3/auth/login/client/anonymous', { body: { apiKey: API_KEY, uuid: randomUUID(), admin: true } });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].field, 'admin');
  });
});

describe('sign-in by email and password', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());

  it('signs in, with the email in any case, and answers the customer token', async () => {
    const email = `ann-${randomUUID()}@example.com`;
    assert.equal((await s.register(email, { customId: `cid-${email}` })).status, 201);
    const res = await s.signIn(email.toUpperCase());
    assert.equal(res.status, 200);
    assert.equal(res.body.realm, 'client');
    assert.equal(res.body.origin, 'SYNERISE');
    assert.equal(res.body.customId, `cid-${email}`);
    const claims = decodeJwt(res.body.token);
    assert.equal(claims.rlm, 'client');
    assert.equal(claims.clientId, res.body.clientId);
    assert.equal(claims.sub, String(res.body.clientId));
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const { email } = await s.customer();
    const wrong = await s.signIn(email, 'Wrong1!x');
    const unknown = await s.signIn(`nobody-${randomUUID()}@example.com`);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
    assert.equal(unknown.body.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.body.message, unknown.body.message);
    assert.ok(!JSON.stringify(wrong.body).includes('Wrong1!x'), 'password never echoed');
  });

  it('merges the anonymous profile and its events into the customer and answers the customer UUID', async () => {
    const { email, uuid: customerUuid, clientId } = await s.customer();
    const anon = await s.anonymous();
    const track = await s.call('POST', '/v4/events/batch', {
      token: anon.token,
      body: [{ action: 'page.visit', time: new Date().toISOString(), eventSalt: `salt-${randomUUID()}`, client: { uuid: anon.uuid } }],
    });
    assert.equal(track.status, 202);
    const res = await s.signIn(email, PASSWORD, anon);
    assert.equal(res.status, 200);
    assert.equal(res.body.uuid, customerUuid);
    assert.notEqual(res.body.uuid, anon.uuid);
    const events = await s.ctx.db.selectFrom('events').select('client_id').where('uuid', '=', anon.uuid).execute();
    assert.deepEqual(
      events.map((e) => e.client_id),
      [clientId],
    );
    const uuids = await s.ctx.db.selectFrom('client_uuids').select('uuid').where('client_id', '=', clientId).execute();
    assert.deepEqual(uuids.map((u) => u.uuid).sort(), [customerUuid, anon.uuid].sort());
  });

  it('never merges another customer into the one signing in', async () => {
    const a = await s.customer();
    const b = await s.customer();
    const res = await s.signIn(b.email, PASSWORD, a.uuid);
    assert.equal(res.status, 200);
    assert.equal(res.body.uuid, b.uuid);
    const owner = await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', a.uuid).executeTakeFirstOrThrow();
    assert.equal(owner.client_id, a.clientId);
  });

  it('validates the body: missing password, bad email', async () => {
    let res = await s.call('POST', '/sauth/v3/auth/login/client', { body: { apiKey: API_KEY, uuid: randomUUID(), email: 'a@example.com' } });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      ['password'],
    );
    res = await s.call('POST', '/sauth/v3/auth/login/client', { body: { apiKey: API_KEY, uuid: randomUUID(), email: 'not-an-email', password: 'x' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].field, 'email');
    assert.equal(res.body.errors[0].rejectedValue, 'not-an-email');
  });

  it('refuses OAuth and Facebook while they are not configured', async () => {
    const res = await s.call('POST', '/sauth/v3/auth/login/client', {
      body: { apiKey: API_KEY, uuid: randomUUID(), identityProvider: 'OAUTH', identityProviderToken: 'abc' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'PROVIDER_DISABLED');
  });

  it('upgrades a hash made with other iterations at the next sign-in', async () => {
    const { email, clientId } = await s.customer();
    const { hashPassword } = await import('../src/crypto/password.js');
    await s.ctx.db
      .updateTable('clients')
      .set({ password_hash: await hashPassword(PASSWORD, 2000) })
      .where('id', '=', clientId)
      .execute();
    assert.equal((await s.signIn(email)).status, 200);
    const row = await s.ctx.db.selectFrom('clients').select('password_hash').where('id', '=', clientId).executeTakeFirstOrThrow();
    assert.match(row.password_hash!, /^\$pbkdf2-sha256\$i=1000\$/);
    assert.equal((await s.signIn(email)).status, 200);
  });
});

describe('conditional sign-in', () => {
  let s: TestServer;
  before(async () => (s = await makeServer({ SNR_REGISTRATION_MODE: 'activation' })));
  after(() => s.close());

  const conditional = (email: string, password = PASSWORD) =>
    s.call('POST', '/sauth/v3/auth/login/client/conditional', { body: { apiKey: API_KEY, uuid: randomUUID(), email, password } });

  it('answers ACTIVATION_REQUIRED, UNAUTHORIZED and SUCCESS with a token', async () => {
    const email = `cond-${randomUUID()}@example.com`;
    assert.equal((await s.register(email)).status, 201);
    let res = await conditional(email);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ACTIVATION_REQUIRED');
    assert.equal(res.body.token, undefined);
    res = await conditional(email, 'Wrong1!x');
    assert.equal(res.body.status, 'UNAUTHORIZED');
    const token = await s.linkToken(email);
    assert.equal((await s.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token } })).status, 200);
    res = await conditional(email);
    assert.equal(res.body.status, 'SUCCESS');
    assert.equal(res.body.token.realm, 'client');
  });
});

describe('refresh and sign-out', () => {
  let s: TestServer;
  const clock = testClock();
  before(async () => (s = await makeServer({}, { clock })));
  after(() => s.close());

  it('refreshes a valid token into a new one for the same session', async () => {
    const c = await s.customer();
    clock.advance(1100);
    const res = await s.call('POST', '/sauth/v3/auth/refresh/client', { token: c.token, body: { apiKey: API_KEY } });
    assert.equal(res.status, 200);
    assert.notEqual(res.body.token, c.token);
    assert.equal(decodeJwt(res.body.token).sid, decodeJwt(c.token).sid);
    assert.ok(res.body.expiration > (decodeJwt(c.token).exp as number));
    // Without a body, as the SDK may send it.
    assert.equal((await s.call('POST', '/sauth/v3/auth/refresh/client', { token: res.body.token })).status, 200);
  });

  it('refreshes anonymous tokens too', async () => {
    const anon = await s.anonymous();
    const res = await s.call('POST', '/sauth/v3/auth/refresh/client', { token: anon.token, body: {} });
    assert.equal(res.status, 200);
    assert.equal(res.body.realm, 'anonymous_client');
  });

  it('refuses a refresh without a token, and with another key than the token’s', async () => {
    let res = await s.call('POST', '/sauth/v3/auth/refresh/client', { body: {} });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'TOKEN_MISSING');
    const c = await s.customer();
    res = await s.call('POST', '/sauth/v3/auth/refresh/client', { token: c.token, body: { apiKey: 'other-key' } });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'API_KEY_MISMATCH');
  });

  it('sign-out ends the session: every token of it fails at once, refresh included', async () => {
    const c = await s.customer();
    const refreshed = await s.call('POST', '/sauth/v3/auth/refresh/client', { token: c.token });
    const out = await s.call('POST', '/sauth/v3/auth/logout/client', { token: c.token, body: {} });
    assert.equal(out.status, 204);
    for (const token of [c.token, refreshed.body.token]) {
      const res = await s.call('GET', '/v4/my-account/personal-information', { token });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'SESSION_REVOKED');
    }
    const again = await s.call('POST', '/sauth/v3/auth/refresh/client', { token: refreshed.body.token });
    assert.equal(again.status, 401);
    assert.equal(again.body.code, 'SESSION_REVOKED');
  });

  it('sign-out from all devices ends every session of the customer, and only theirs', async () => {
    const c = await s.customer();
    const other = await s.signIn(c.email);
    const bystander = await s.customer();
    assert.equal((await s.call('POST', '/sauth/v3/auth/logout/client', { token: c.token, body: { fromAllDevices: true } })).status, 204);
    assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: other.body.token })).status, 401);
    assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: bystander.token })).status, 200);
  });
});

describe('token expiry', () => {
  let s: TestServer;
  let clock: TestClock;
  before(async () => (s = await makeServer({ SNR_TOKEN_TTL: '1', SNR_SESSION_MAX_AGE: '2' }, { clock: (clock = testClock()) })));
  after(() => s.close());

  const assertExpired = async (token: string) => {
    for (const [method, path] of [
      ['POST', '/sauth/v3/auth/refresh/client'],
      ['GET', '/v4/my-account/personal-information'],
    ] as const) {
      const res = await s.call(method, path, { token, body: method === 'POST' ? {} : undefined });
      assert.equal(res.status, 401, path);
      assert.equal(res.body.code, 'TOKEN_EXPIRED', path);
    }
  };

  it('refuses an expired token on refresh and elsewhere (401 TOKEN_EXPIRED)', async () => {
    const c = await s.customer();
    clock.advance(2100);
    await assertExpired(c.token);
  });

  it('refuses a token past its own expiry while its session still runs (the signature’s exp, on the server’s clock)', async () => {
    const c = await s.customer();
    assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: c.token })).status, 200, 'valid when issued');
    // exp is the issuing second plus 1 s: a full second later it has passed, the 2 s session has not.
    clock.advance(1000);
    await assertExpired(c.token);
  });
});

describe('session cap', () => {
  let s: TestServer;
  const clock = testClock();
  before(async () => (s = await makeServer({ SNR_TOKEN_TTL: '3', SNR_SESSION_MAX_AGE: '4' }, { clock })));
  after(() => s.close());

  it('never issues a token past the session cap', async () => {
    const c = await s.customer();
    clock.advance(2000);
    const res = await s.call('POST', '/sauth/v3/auth/refresh/client', { token: c.token });
    assert.equal(res.status, 200);
    const session = await s.ctx.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('id', '=', decodeJwt(c.token).sid as string)
      .executeTakeFirstOrThrow();
    assert.equal(res.body.expiration, Math.floor(session.expires_at / 1000));
    assert.ok(res.body.expiration < Math.floor(res.body.created / 1000) + 3, 'capped below a full lifetime');
  });
});
