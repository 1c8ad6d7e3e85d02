// Issue 13's gaps for provider sign-ins, on SQLite and PostgreSQL, against the stand-ins that sign
// real tokens (demo/providers: Google's and Apple's issuers, Facebook's Graph API):
// - the site's terms (SNR_TERMS_VERSION) stand before a provider sign-in as before a password one;
// - in the approval mode a new provider account waits for the backend's approval;
// - an ID token's nonce is single use (a replayed token is refused);
// - Google and Apple ID tokens prove the customer again (email change, deletion) with a nonce the
//   server issued to the session;
// - a provider proves one factor, as a password does: an account with an authenticator finishes a
//   provider sign-in with its code (`MFA_REQUIRED`).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { GraphStandIn } from '../../demo/providers/facebook.js';
import { IdTokenIssuer } from '../../demo/providers/id-token-issuer.js';
import { purgeExpired } from '../src/store/retention.js';
import { API_KEY, type Dialect, makeServer, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const LOGIN = '/sauth/v3/auth/login/client';
const CONDITIONAL = '/sauth/v3/auth/login/client/conditional';
const NONCE_ROUTE = '/v4/my-account/reauthentication-nonce';
const REQUEST_CHANGE = '/v4/my-account/email-change/request';
const DELETE = '/v4/my-account/delete-account';
const ACCOUNT = '/v4/my-account/personal-information';
const GOOGLE_CLIENT = '1234567890-parity.apps.googleusercontent.com';
const APPLE_CLIENT = 'com.example.shop.parity';
const APP_ID = '6161616161';
const APP_SECRET = 'fb-app-secret-parity-0123456789';
const BACKEND_KEY = 'backend-key-for-parity-0123456789';
const TERMS = { SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: 'https://shop.example/terms' };

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the provider-conditions suite on PostgreSQL is SKIPPED' },
];

const nonce = () => randomBytes(24).toString('base64url');
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
type Provider = 'GOOGLE' | 'APPLE' | 'FACEBOOK';

/** The providers of a test server: each mints a fresh person's credential (token and, for ID tokens, nonce). */
class Providers {
  readonly google = new IdTokenIssuer({ kind: 'google', clientId: GOOGLE_CLIENT, alg: 'RS256' });
  readonly apple = new IdTokenIssuer({ kind: 'apple', clientId: APPLE_CLIENT, alg: 'ES256' });
  readonly graph = new GraphStandIn({ appId: APP_ID, appSecret: APP_SECRET });
  /** The server's clock, which the issuers date their tokens by. */
  clock: TestClock = testClock();

  start = () => Promise.all([this.google.start(), this.apple.start(), this.graph.start()]);
  stop = () => Promise.all([this.google.stop(), this.apple.stop(), this.graph.stop()]);
  env(): Record<string, string> {
    return {
      SNR_GOOGLE_CLIENT_ID: GOOGLE_CLIENT,
      SNR_GOOGLE_ISSUER: this.google.url,
      SNR_APPLE_CLIENT_ID: APPLE_CLIENT,
      SNR_APPLE_ISSUER: this.apple.url,
      SNR_FACEBOOK_APP_ID: APP_ID,
      SNR_FACEBOOK_APP_SECRET: APP_SECRET,
      SNR_FACEBOOK_GRAPH_URL: this.graph.url,
    };
  }

  /** A new person of the provider, and a function minting a credential of theirs (an ID token for `withNonce`). */
  person(provider: Provider): { address: string; credential(withNonce?: string): Promise<{ token: string; nonce?: string }> } {
    const address = email(provider.toLowerCase());
    if (provider === 'FACEBOOK') {
      const user = this.graph.user({ email: address, first_name: 'Fay' });
      return { address, credential: async () => ({ token: this.graph.token(user) }) };
    }
    const issuer = provider === 'GOOGLE' ? this.google : this.apple;
    const person = issuer.person({ email: address, email_verified: true });
    return {
      address,
      credential: async (withNonce = nonce()) => {
        const iat = Math.floor(this.clock.now() / 1000);
        return { token: await issuer.idToken(person, { nonce: withNonce, iat, exp: iat + 3600 }), nonce: withNonce };
      },
    };
  }
}

function login(s: TestServer, provider: Provider, credential: { token: string; nonce?: string }, extra: Record<string, unknown> = {}, path = LOGIN) {
  return s.call('POST', path, {
    body: {
      apiKey: API_KEY,
      uuid: randomUUID(),
      identityProvider: provider,
      identityProviderToken: credential.token,
      ...(credential.nonce === undefined ? {} : { nonce: credential.nonce }),
      ...extra,
    },
  });
}

const row = (s: TestServer, address: string) => s.ctx.db.selectFrom('clients').selectAll().where('email', '=', address).executeTakeFirst();

for (const { dialect, skip } of DIALECTS) {
  describe(`provider sign-ins and the site's terms (${dialect})`, { skip }, () => {
    const providers = new Providers();
    let s: TestServer;
    before(async () => {
      await providers.start();
      s = await makeServer({ ...providers.env(), ...TERMS }, { dialect });
    });
    after(async () => {
      await s?.close();
      await providers.stop();
    });

    for (const provider of ['GOOGLE', 'APPLE', 'FACEBOOK'] as const) {
      it(`${provider}: a customer who accepted an older version (or none) is asked before any token, then signs in accepting them`, async () => {
        const person = providers.person(provider);
        // Made by a sign-in that accepted the terms of the time: now older than the site's.
        assert.equal((await login(s, provider, await person.credential(), { acceptedTermsVersion: '2026-12' })).status, 200);
        await s.ctx.db.updateTable('clients').set({ terms_version: '2025-01' }).where('email', '=', person.address).execute();

        const conditional = await login(s, provider, await person.credential(), {}, CONDITIONAL);
        assert.deepEqual(conditional.body, {
          status: 'TERMS_ACCEPTANCE_REQUIRED',
          conditions: [{ type: 'TERMS_ACCEPTANCE', termsVersion: '2026-12', termsUrl: 'https://shop.example/terms' }],
        });
        const plain = await login(s, provider, await person.credential());
        assert.deepEqual([plain.status, plain.body.code], [403, 'TERMS_ACCEPTANCE_REQUIRED']);
        // An older version named is no acceptance of the current one.
        assert.equal(
          (await login(s, provider, await person.credential(), { acceptedTermsVersion: '2025-01' }, CONDITIONAL)).body.status,
          'TERMS_ACCEPTANCE_REQUIRED',
        );
        assert.equal((await row(s, person.address))!.terms_version, '2025-01');

        const accepted = await login(s, provider, await person.credential(), { acceptedTermsVersion: '2026-12' }, CONDITIONAL);
        assert.equal(accepted.body.status, 'SUCCESS', JSON.stringify(accepted.body));
        assert.equal((await row(s, person.address))!.terms_version, '2026-12');
        assert.equal((await login(s, provider, await person.credential())).status, 200, 'accepted once: nothing more to do');
      });

      it(`${provider}: a newcomer's account records the terms only when they accepted them; without, it is made but not signed in`, async () => {
        const accepting = providers.person(provider);
        const made = await login(s, provider, await accepting.credential(), { acceptedTermsVersion: '2026-12', agreements: { email: true } });
        assert.equal(made.status, 200, JSON.stringify(made.body));
        const accepted = (await row(s, accepting.address))!;
        assert.equal(accepted.terms_version, '2026-12');
        assert.ok(Number(accepted.terms_accepted_at) > 0);

        const silent = providers.person(provider);
        const credential = await silent.credential();
        assert.deepEqual((await login(s, provider, credential, {}, CONDITIONAL)).body, {
          status: 'REGISTRATION_REQUIRED',
          conditions: [{ type: 'REGISTRATION' }],
        });
        const refused = await login(s, provider, credential, { agreements: { email: true } });
        assert.deepEqual([refused.status, refused.body.code], [403, 'TERMS_ACCEPTANCE_REQUIRED']);
        const unaccepted = (await row(s, silent.address))!;
        assert.equal(unaccepted.status, 'active');
        assert.equal(unaccepted.terms_version, null);
        assert.deepEqual(JSON.parse(unaccepted.agreements), { email: true });
        assert.equal((await s.ctx.db.selectFrom('sessions').select('id').where('client_id', '=', unaccepted.id).execute()).length, 0, 'no session opened');
        // The same credential, once the terms are accepted, signs the account made in.
        const after = await login(s, provider, credential, { acceptedTermsVersion: '2026-12' }, CONDITIONAL);
        assert.equal(after.body.status, 'SUCCESS', JSON.stringify(after.body));
        assert.equal(after.body.token.clientId, unaccepted.id);
      });
    }
  });

  describe(`provider sign-ins in the approval mode (${dialect})`, { skip }, () => {
    const providers = new Providers();
    let s: TestServer;
    before(async () => {
      await providers.start();
      s = await makeServer({ ...providers.env(), SNR_REGISTRATION_MODE: 'approval', SNR_BACKEND_KEY: BACKEND_KEY }, { dialect });
    });
    after(async () => {
      await s?.close();
      await providers.stop();
    });

    for (const provider of ['GOOGLE', 'APPLE', 'FACEBOOK'] as const) {
      it(`${provider}: a new account waits for approval (APPROVAL_REQUIRED, no token) until POST /v4/clients/{id}/approve`, async () => {
        const person = providers.person(provider);
        const first = await login(s, provider, await person.credential(), { agreements: { email: true } });
        assert.deepEqual([first.status, first.body.code], [403, 'APPROVAL_REQUIRED']);
        const waiting = (await row(s, person.address))!;
        assert.equal(waiting.status, 'pending_approval');
        assert.equal((await s.ctx.db.selectFrom('sessions').select('id').where('client_id', '=', waiting.id).execute()).length, 0);
        assert.deepEqual((await login(s, provider, await person.credential(), {}, CONDITIONAL)).body, {
          status: 'APPROVAL_REQUIRED',
          conditions: [{ type: 'APPROVAL' }],
        });

        const approved = await s.call('POST', `/v4/clients/${waiting.id}/approve`, { headers: { authorization: `Bearer ${BACKEND_KEY}` } });
        assert.equal(approved.status, 200);
        const after = await login(s, provider, await person.credential(), {}, CONDITIONAL);
        assert.equal(after.body.status, 'SUCCESS', JSON.stringify(after.body));
        assert.equal(after.body.token.clientId, waiting.id);
      });
    }
  });

  describe(`a provider sign-in to an account with an authenticator stops at the second factor (${dialect})`, { skip }, () => {
    const providers = new Providers();
    let s: TestServer;
    let clock: TestClock;
    const MFA = '/sauth/v3/auth/login/client/mfa';
    const codeAt = (secret: string, at: number) =>
      new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
    before(async () => {
      await providers.start();
      clock = providers.clock;
      s = await makeServer({ ...providers.env(), SNR_TOTP_ISSUER: 'Shop', SNR_TOTP_ENCRYPTION_KEY: 'cd'.repeat(32) }, { dialect, clock });
    });
    after(async () => {
      await s?.close();
      await providers.stop();
    });

    /** A provider customer who turned an authenticator on: the person and the authenticator's secret. */
    async function withAuthenticator(provider: Provider) {
      const person = providers.person(provider);
      const first = await login(s, provider, await person.credential(), { agreements: { email: true } });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      const started = await s.call('POST', '/v4/my-account/second-factor/totp', { token: first.body.token });
      assert.equal(started.status, 200, JSON.stringify(started.body));
      const confirmed = await s.call('POST', '/v4/my-account/second-factor/totp/confirmation', {
        token: first.body.token,
        body: { code: codeAt(started.body.secret, clock.now()) },
      });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      clock.advance(30_000); // past the step the confirmation used
      return { person, secret: started.body.secret as string, clientId: first.body.clientId as number };
    }

    for (const provider of ['GOOGLE', 'APPLE', 'FACEBOOK'] as const) {
      it(`${provider}: no token before the code (conditional and plain routes); the code completes it with a ${provider} session`, async () => {
        const { person, secret, clientId } = await withAuthenticator(provider);
        const sessions = () => s.ctx.db.selectFrom('sessions').select('id').where('client_id', '=', clientId).where('revoked_at', 'is', null).execute();
        const before = (await sessions()).length;

        const conditional = await login(s, provider, await person.credential(), {}, CONDITIONAL);
        assert.equal(conditional.status, 200);
        assert.equal(conditional.body.status, 'MFA_REQUIRED', JSON.stringify(conditional.body));
        assert.equal(conditional.body.token, undefined);
        const [condition] = conditional.body.conditions;
        assert.equal(condition.type, 'MFA');
        assert.deepEqual(condition.methods, ['TOTP', 'RECOVERY_CODE']);

        const plain = await login(s, provider, await person.credential());
        assert.deepEqual([plain.status, plain.body.code], [403, 'MFA_REQUIRED']);
        assert.equal(plain.body.token, undefined);
        assert.equal((await sessions()).length, before, 'no session before the second factor');

        const wrong = await s.call('POST', MFA, {
          body: { apiKey: API_KEY, challenge: condition.challenge, code: '000000' === codeAt(secret, clock.now()) ? '111111' : '000000' },
        });
        assert.deepEqual([wrong.status, wrong.body.code], [403, 'MFA_CODE_INVALID']);
        const done = await s.call('POST', MFA, { body: { apiKey: API_KEY, challenge: condition.challenge, code: codeAt(secret, clock.now()) } });
        assert.equal(done.status, 200, JSON.stringify(done.body));
        assert.equal(done.body.clientId, clientId);
        assert.equal(done.body.origin, provider);
        assert.equal((await sessions()).length, before + 1);
      });
    }

    it('GOOGLE: the ID token that reached the second factor is used up: sent again, it is refused', async () => {
      const { person } = await withAuthenticator('GOOGLE');
      const credential = await person.credential();
      assert.equal((await login(s, 'GOOGLE', credential, {}, CONDITIONAL)).body.status, 'MFA_REQUIRED');
      const again = await login(s, 'GOOGLE', credential, {}, CONDITIONAL);
      assert.deepEqual([again.status, again.body.code], [401, 'PROVIDER_REJECTED']);
    });
  });

  describe(`ID-token nonces are single use (${dialect})`, { skip }, () => {
    const providers = new Providers();
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      await providers.start();
      clock = providers.clock;
      s = await makeServer(providers.env(), { dialect, clock });
    });
    after(async () => {
      await s?.close();
      await providers.stop();
    });

    for (const provider of ['GOOGLE', 'APPLE'] as const) {
      it(`${provider}: the same ID token twice: the second sign-in is refused (401 PROVIDER_REJECTED), on either route`, async () => {
        const person = providers.person(provider);
        const credential = await person.credential();
        const first = await login(s, provider, credential);
        assert.equal(first.status, 200, JSON.stringify(first.body));
        for (const path of [LOGIN, CONDITIONAL]) {
          const again = await login(s, provider, credential, {}, path);
          assert.deepEqual([again.status, again.body.code], [401, 'PROVIDER_REJECTED'], path);
        }
        // A fresh token (a fresh nonce) of the same person signs in.
        assert.equal((await login(s, provider, await person.credential())).status, 200);
      });

      it(`${provider}: answers that give no token leave the nonce for the steps after them (registration required → register)`, async () => {
        const credential = await providers.person(provider).credential();
        assert.equal((await login(s, provider, credential, {}, CONDITIONAL)).body.status, 'REGISTRATION_REQUIRED');
        assert.equal((await login(s, provider, credential)).status, 200);
        assert.equal((await login(s, provider, credential)).status, 401);
      });
    }

    it('two sign-ins racing with one ID token: one token is issued', async () => {
      const person = providers.person('GOOGLE');
      assert.equal((await login(s, 'GOOGLE', await person.credential())).status, 200);
      const credential = await person.credential();
      const results = await Promise.all([1, 2, 3].map(() => login(s, 'GOOGLE', credential)));
      assert.equal(results.filter((r) => r.status === 200).length, 1, JSON.stringify(results.map((r) => r.status)));
    });

    it('used nonces are kept until the token could not be accepted anyway, then purged', async () => {
      const credential = await providers.person('APPLE').credential();
      assert.equal((await login(s, 'APPLE', credential)).status, 200);
      const stored = await s.ctx.db.selectFrom('id_token_nonces').selectAll().where('nonce', '=', credential.nonce!).executeTakeFirstOrThrow();
      assert.ok(stored.expires_at > clock.now() + 59 * 60_000, 'kept for the token’s hour');
      assert.equal((await purgeExpired(s.ctx.db, clock.now(), 60_000)).idTokenNonces, 0);
      clock.advance(stored.expires_at - clock.now() + 1);
      assert.ok((await purgeExpired(s.ctx.db, clock.now(), 60_000)).idTokenNonces >= 1);
      assert.equal((await s.ctx.db.selectFrom('id_token_nonces').select('nonce').where('nonce', '=', credential.nonce!).execute()).length, 0);
    });
  });

  describe(`Google and Apple ID tokens prove the customer again, with a nonce the server issued (${dialect})`, { skip }, () => {
    const providers = new Providers();
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      await providers.start();
      clock = providers.clock;
      s = await makeServer(providers.env(), { dialect, clock });
    });
    after(async () => {
      await s?.close();
      await providers.stop();
    });

    async function signedIn(provider: 'GOOGLE' | 'APPLE') {
      const person = providers.person(provider);
      const res = await login(s, provider, await person.credential());
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return { person, token: res.body.token as string, clientId: res.body.clientId as number };
    }
    const issue = async (token: string) => {
      const res = await s.call('POST', NONCE_ROUTE, { token, body: { apiKey: API_KEY } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { nonce: string; expiration: number };
    };

    it('the account answer names the proofs the account can give: its linked providers, SYNERISE only with a password', async () => {
      const { token } = await signedIn('GOOGLE');
      assert.deepEqual((await s.call('GET', ACCOUNT, { token })).body.identityProviders, ['GOOGLE']);
      const customer = await s.customer(email('pw'));
      assert.deepEqual((await s.call('GET', ACCOUNT, { token: customer.token })).body.identityProviders, ['SYNERISE']);
    });

    for (const provider of ['GOOGLE', 'APPLE'] as const) {
      it(`${provider}: an email change is proven by an ID token carrying the session's nonce, once`, async () => {
        const { person, token } = await signedIn(provider);
        const issued = await issue(token);
        assert.ok(issued.expiration * 1000 > clock.now() && issued.expiration * 1000 <= clock.now() + 5 * 60_000);
        const proof = (await person.credential(issued.nonce)).token;
        const ok = await s.call('POST', REQUEST_CHANGE, { token, body: { email: email('moved'), externalToken: proof, identityProvider: provider } });
        assert.equal(ok.status, 202, JSON.stringify(ok.body));
        const again = await s.call('POST', REQUEST_CHANGE, { token, body: { email: email('moved2'), externalToken: proof, identityProvider: provider } });
        assert.deepEqual([again.status, again.body.code], [401, 'PROVIDER_REJECTED'], 'single use');
      });

      it(`${provider}: refused: no nonce issued, a nonce of the client's own, another session's nonce, an expired one, another person`, async () => {
        const { person, token } = await signedIn(provider);
        const change = (externalToken: string) =>
          s.call('POST', REQUEST_CHANGE, { token, body: { email: email('x'), externalToken, identityProvider: provider } });
        assert.equal((await change((await person.credential()).token)).body.code, 'PROVIDER_REJECTED', 'no nonce was issued');
        await issue(token);
        assert.equal((await change((await person.credential()).token)).body.code, 'PROVIDER_REJECTED', 'a nonce the page made up');

        const other = await s.call('POST', LOGIN, {
          body: {
            apiKey: API_KEY,
            uuid: randomUUID(),
            identityProvider: provider,
            ...(await person.credential().then((c) => ({ identityProviderToken: c.token, nonce: c.nonce }))),
          },
        });
        const othersNonce = await issue(other.body.token);
        assert.equal((await change((await person.credential(othersNonce.nonce)).token)).body.code, 'PROVIDER_REJECTED', 'another session’s nonce');

        const late = await issue(token);
        clock.advance(5 * 60_000);
        assert.equal((await change((await person.credential(late.nonce)).token)).body.code, 'PROVIDER_REJECTED', 'expired');

        const stranger = providers.person(provider);
        const mine = await issue(token);
        const res = await change((await stranger.credential(mine.nonce)).token);
        assert.deepEqual([res.status, res.body.code], [403, 'INVALID_CREDENTIALS'], 'another person');
        // A newer nonce voids the older one.
        const older = await issue(token);
        const newer = await issue(token);
        assert.equal((await change((await person.credential(older.nonce)).token)).body.code, 'PROVIDER_REJECTED');
        assert.equal((await change((await person.credential(newer.nonce)).token)).status, 202);
      });

      it(`${provider}: deletes an account without a password`, async () => {
        const { person, token, clientId } = await signedIn(provider);
        const refused = await s.call('POST', DELETE, { token, body: { clientAuthFactor: (await person.credential()).token, identityProvider: provider } });
        assert.equal(refused.body.code, 'PROVIDER_REJECTED');
        const { nonce: n } = await issue(token);
        const res = await s.call('POST', DELETE, { token, body: { clientAuthFactor: (await person.credential(n)).token, identityProvider: provider } });
        assert.equal(res.status, 204, JSON.stringify(res.body));
        const gone = await s.ctx.db.selectFrom('clients').select('status').where('id', '=', clientId).executeTakeFirst();
        assert.notEqual(gone?.status, 'active');
      });
    }

    it('the nonce route is for customers: an anonymous token gets 403', async () => {
      const anon = await s.anonymous();
      assert.equal((await s.call('POST', NONCE_ROUTE, { token: anon.token, body: {} })).body.code, 'FORBIDDEN_FOR_ANONYMOUS');
    });
  });
}
