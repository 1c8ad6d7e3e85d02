// Google and Apple sign-in: the server checks the provider's ID token itself, against a local
// stand-in issuer (demo/providers/id-token-issuer.ts) that publishes OpenID discovery and a JWKS
// and signs real RS256/ES256 tokens with jose. Run on SQLite, and on PostgreSQL when
// SNR_TEST_PG_URL is set.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { IdTokenIssuer, type IdTokenPerson } from '../../demo/providers/id-token-issuer.js';
import { API_KEY, type Dialect, makeServer, PG_URL, type TestServer, testClock } from './support/server.js';

const LOGIN = '/sauth/v3/auth/login/client';
const CONDITIONAL = '/sauth/v3/auth/login/client/conditional';
const GOOGLE_CLIENT = '1234567890-snrtest.apps.googleusercontent.com';
const APPLE_CLIENT = 'com.example.shop.web';
const dialects: Dialect[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

const nonce = () => randomBytes(24).toString('base64url');

function login(s: TestServer, provider: 'GOOGLE' | 'APPLE', token: string, n: string | undefined, extra: Record<string, unknown> = {}, path = LOGIN) {
  return s.call('POST', path, {
    body: { apiKey: API_KEY, uuid: randomUUID(), identityProvider: provider, identityProviderToken: token, ...(n === undefined ? {} : { nonce: n }), ...extra },
  });
}

async function linksOf(s: TestServer, provider: string, person: IdTokenPerson): Promise<number[]> {
  const rows = await s.ctx.db.selectFrom('client_identities').select('client_id').where('provider', '=', provider).where('subject', '=', person.sub).execute();
  return rows.map((r) => r.client_id);
}

for (const dialect of dialects) {
  describe(`Google and Apple ID tokens against stand-in issuers (${dialect})`, () => {
    const google = new IdTokenIssuer({ kind: 'google', clientId: GOOGLE_CLIENT, alg: 'RS256' });
    const apple = new IdTokenIssuer({ kind: 'apple', clientId: APPLE_CLIENT, alg: 'ES256' });
    const clock = testClock();
    let s: TestServer;

    before(async () => {
      await Promise.all([google.start(), apple.start()]);
      s = await makeServer(
        { SNR_GOOGLE_CLIENT_ID: GOOGLE_CLIENT, SNR_GOOGLE_ISSUER: google.url, SNR_APPLE_CLIENT_ID: APPLE_CLIENT, SNR_APPLE_ISSUER: apple.url },
        { dialect, clock },
      );
    });
    after(async () => {
      await s?.close();
      await Promise.all([google.stop(), apple.stop()]);
    });

    it('/snr/config names the client ids of the providers that are on', async () => {
      const res = await s.call('GET', '/snr/config');
      assert.equal(res.body.googleClientId, GOOGLE_CLIENT);
      assert.equal(res.body.appleClientId, APPLE_CLIENT);
    });

    it('a valid Google ID token (RS256) signs a new customer in with its verified email and names, and again into the same one', async () => {
      const person = google.person({ email: `Gina.${randomUUID()}@Example.com`, email_verified: true, given_name: 'Gina', family_name: 'Googler' });
      const n = nonce();
      const anon = await s.anonymous();
      const res = await s.call('POST', LOGIN, {
        body: {
          apiKey: API_KEY,
          uuid: anon.uuid,
          identityProvider: 'GOOGLE',
          identityProviderToken: await google.idToken(person, { nonce: n }),
          nonce: n,
          agreements: { email: true },
        },
        token: anon.token, // the visitor's anonymous token: its profile becomes the customer
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.origin, 'GOOGLE');
      assert.equal(res.body.uuid, anon.uuid);
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
      assert.equal(row.email, person.email!.toLowerCase());
      assert.equal(row.email_confirmed, 1);
      assert.equal(row.first_name, 'Gina');
      assert.equal(row.last_name, 'Googler');
      assert.deepEqual(JSON.parse(row.agreements), { email: true });
      assert.deepEqual(await linksOf(s, 'GOOGLE', person), [res.body.clientId]);

      const n2 = nonce();
      const again = await login(s, 'GOOGLE', await google.idToken(person, { nonce: n2 }), n2, {}, CONDITIONAL);
      assert.equal(again.body.status, 'SUCCESS', JSON.stringify(again.body));
      assert.equal(again.body.token.clientId, res.body.clientId);
    });

    it('Google tokens whose iss is the host without the scheme are Google’s too only for accounts.google.com; here the configured issuer alone counts', async () => {
      const person = google.person({ email: `h-${randomUUID()}@example.com` });
      const n = nonce();
      const res = await login(s, 'GOOGLE', await google.idToken(person, { nonce: n, iss: google.url.replace(/^http:\/\//, '') }), n);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'PROVIDER_REJECTED');
    });

    it('a valid Apple ID token (ES256, email_verified "true") signs in; no name comes from the token', async () => {
      const person = apple.person({ email: `x${randomUUID().slice(0, 8)}@privaterelay.appleid.com`, email_verified: true });
      const n = nonce();
      const token = await apple.idToken(person, { nonce: n });
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
      assert.equal(payload.email_verified, 'true', 'the stand-in sends it as Apple does');
      const res = await login(s, 'APPLE', token, n);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.origin, 'APPLE');
      const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', res.body.clientId).executeTakeFirstOrThrow();
      assert.equal(row.email, person.email);
      assert.equal(row.email_confirmed, 1);
      assert.equal(row.first_name, null);
      assert.deepEqual(await linksOf(s, 'APPLE', person), [res.body.clientId]);
    });

    it('refuses, with 401 PROVIDER_REJECTED and nothing stored: another audience, another issuer, expired, a wrong or missing nonce, another key', async () => {
      for (const [issuer, provider] of [
        [google, 'GOOGLE'],
        [apple, 'APPLE'],
      ] as const) {
        const person = issuer.person({ email: `bad-${randomUUID()}@example.com` });
        const n = nonce();
        const now = Math.floor(clock.now() / 1000);
        const cases: Array<[string, string, string | undefined]> = [
          ['another audience', await issuer.idToken(person, { nonce: n, aud: 'someone-else' }), n],
          ['another issuer', await issuer.idToken(person, { nonce: n, iss: 'https://evil.example' }), n],
          ['expired', await issuer.idToken(person, { nonce: n, iat: now - 7200, exp: now - 3600 }), n],
          ['issued in the future', await issuer.idToken(person, { nonce: n, iat: now + 3600, exp: now + 7200 }), n],
          ['a wrong nonce', await issuer.idToken(person, { nonce: nonce() }), n],
          ['no nonce in the token', await issuer.idToken(person), n],
          ['another key', await issuer.idToken(person, { nonce: n, foreignKey: true }), n],
          ['not a JWT', 'eyJhbGciOiJub25lIn0.e30.', n],
        ];
        for (const [what, token, sent] of cases) {
          const res = await login(s, provider, token, sent);
          assert.equal(res.status, 401, `${provider}, ${what}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.code, 'PROVIDER_REJECTED', `${provider}, ${what}`);
        }
        const missing = await login(s, provider, await issuer.idToken(person, { nonce: n }), undefined);
        assert.equal(missing.status, 400, `${provider}: no nonce in the request`);
        assert.equal(missing.body.code, 'VALIDATION_FAILED');
        assert.deepEqual(await linksOf(s, provider, person), []);
        assert.equal(await s.ctx.db.selectFrom('clients').select('id').where('email', '=', person.email!).executeTakeFirst(), undefined);
      }
    });

    it('expiry is read from the server’s clock', async () => {
      const person = google.person({ email: `clock-${randomUUID()}@example.com` });
      const n = nonce();
      const token = await google.idToken(person, { nonce: n, iat: Math.floor(clock.now() / 1000), exp: Math.floor(clock.now() / 1000) + 120 });
      clock.advance(200_000); // past exp plus the 60 s leeway
      const res = await login(s, 'GOOGLE', token, n);
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'PROVIDER_REJECTED');
      assert.match(res.body.message, /expired/);
    });

    it('an unverified email does not claim an existing account (409 EMAIL_TAKEN); a verified one links to it', async () => {
      const email = `owner-${randomUUID()}@example.com`;
      const customer = await s.customer(email);
      for (const [issuer, provider] of [
        [google, 'GOOGLE'],
        [apple, 'APPLE'],
      ] as const) {
        const stranger = issuer.person({ email, email_verified: false });
        const n = nonce();
        const res = await login(s, provider, await issuer.idToken(stranger, { nonce: n }), n);
        assert.equal(res.status, 409, `${provider}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'EMAIL_TAKEN');
        assert.deepEqual(await linksOf(s, provider, stranger), []);
      }
      const owner = google.person({ email, email_verified: true });
      const n = nonce();
      const res = await login(s, 'GOOGLE', await google.idToken(owner, { nonce: n }), n);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.clientId, customer.clientId);
    });

    it('keeps the issuer’s keys: no discovery or key set fetch again for more sign-ins', async () => {
      const discoveries = google.discoveryRequests;
      const fetches = google.jwksRequests;
      for (let i = 0; i < 3; i++) {
        const n = nonce();
        const res = await login(s, 'GOOGLE', await google.idToken(google.person({ email: `k${i}-${randomUUID()}@example.com` }), { nonce: n }), n);
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      assert.equal(google.discoveryRequests, discoveries);
      assert.equal(google.jwksRequests, fetches);
    });

    it('a conditional sign-in of an unknown person answers REGISTRATION_REQUIRED and stores nothing', async () => {
      const person = apple.person({ email: `cond-${randomUUID()}@example.com` });
      const n = nonce();
      const res = await login(s, 'APPLE', await apple.idToken(person, { nonce: n }), n, {}, CONDITIONAL);
      assert.deepEqual(res.body, { status: 'REGISTRATION_REQUIRED', conditions: [{ type: 'REGISTRATION' }] });
      assert.deepEqual(await linksOf(s, 'APPLE', person), []);
    });
  });
}

describe('Google and Apple sign-in switched off, or their issuer down', () => {
  it('unset client ids: PROVIDER_DISABLED, and /snr/config names neither', async () => {
    const s = await makeServer();
    try {
      const config = await s.call('GET', '/snr/config');
      assert.equal(config.body.googleClientId, undefined);
      assert.equal(config.body.appleClientId, undefined);
      for (const provider of ['GOOGLE', 'APPLE'] as const) {
        const res = await login(s, provider, 'x.y.z', nonce());
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'PROVIDER_DISABLED');
      }
    } finally {
      await s.close();
    }
  });

  it('an issuer whose discovery or keys cannot be had: 502 PROVIDER_UNAVAILABLE, not a refusal of the customer', async () => {
    const issuer = new IdTokenIssuer({ kind: 'google', clientId: GOOGLE_CLIENT });
    await issuer.start();
    issuer.keysDown = true;
    const s = await makeServer({
      SNR_GOOGLE_CLIENT_ID: GOOGLE_CLIENT,
      SNR_GOOGLE_ISSUER: issuer.url,
      SNR_APPLE_CLIENT_ID: APPLE_CLIENT,
      SNR_APPLE_ISSUER: 'http://127.0.0.1:9',
    });
    try {
      const n = nonce();
      const res = await login(s, 'GOOGLE', await issuer.idToken(issuer.person({ email: 'down@example.com' }), { nonce: n }), n);
      assert.equal(res.status, 502, JSON.stringify(res.body));
      assert.equal(res.body.code, 'PROVIDER_UNAVAILABLE');
      const apple = await login(s, 'APPLE', await issuer.idToken(issuer.person(), { nonce: n }), n);
      assert.equal(apple.status, 502, JSON.stringify(apple.body));
      assert.equal(apple.body.code, 'PROVIDER_UNAVAILABLE');
    } finally {
      await s.close();
      await issuer.stop();
    }
  });
});
