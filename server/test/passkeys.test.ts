// Passkeys (WebAuthn) end to end through the HTTP API, on SQLite and on PostgreSQL when
// SNR_TEST_PG_URL is set. The device is a software authenticator (test/support/authenticator.ts):
// real P-256 keys, "none" attestation, signatures made with node:crypto, verified by the server with
// @simplewebauthn/server as a phone's would be.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SoftAuthenticator } from '../../test/support/authenticator.js';
import { loadConfig } from '../src/config.js';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const ORIGIN = 'http://localhost:5173';
const P = '/v4/my-account/passkeys';
const SIGN_IN = '/sauth/v3/auth/login/client/passkey';
const REGISTER = '/sauth/clients/registered/passkey';

const NO_PG = '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the passkey suite on PostgreSQL is SKIPPED.';
const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : NO_PG },
];
const fresh = (tag: string) => `${tag}-${randomUUID()}@example.com`;

describe('passkey configuration', () => {
  it('local mode: relying party localhost, any http://localhost origin, registration with a passkey off by default', () => {
    const config = loadConfig({});
    assert.deepEqual(
      { rpId: config.webauthn?.rpId, origins: config.webauthn?.origins, local: config.webauthn?.localhostOrigins, registration: config.webauthn?.registration },
      { rpId: 'localhost', origins: [], local: true, registration: false },
    );
  });
  it("with API keys: the relying party from SNR_SITE_URL and the keys' origins under it; off without either", () => {
    const keys = JSON.stringify({ k: ['https://www.shop.example', 'https://other.example', 'http://shop.example'] });
    const config = loadConfig({ SNR_API_KEYS: keys, SNR_SITE_URL: 'https://shop.example/' });
    assert.equal(config.webauthn?.rpId, 'shop.example');
    assert.deepEqual(config.webauthn?.origins, ['https://www.shop.example'], 'another site and plain http are not passkey origins');
    assert.equal(loadConfig({ SNR_API_KEYS: keys }).webauthn, undefined);
    assert.equal(loadConfig({ SNR_WEBAUTHN_RP_ID: 'off' }).webauthn, undefined);
  });
  it('refuses origins off the relying party, plain http off localhost, and an RP id that is no domain', () => {
    assert.throws(() => loadConfig({ SNR_WEBAUTHN_RP_ID: 'shop.example', SNR_WEBAUTHN_ORIGINS: 'https://evil.example' }), /SNR_WEBAUTHN_ORIGINS/);
    assert.throws(() => loadConfig({ SNR_WEBAUTHN_RP_ID: 'shop.example', SNR_WEBAUTHN_ORIGINS: 'http://shop.example' }), /https/);
    assert.throws(() => loadConfig({ SNR_WEBAUTHN_RP_ID: 'https://shop.example' }), /SNR_WEBAUTHN_RP_ID/);
    assert.throws(() => loadConfig({ SNR_PASSKEY_REGISTRATION: 'yes' }), /SNR_PASSKEY_REGISTRATION/);
  });
});

for (const { dialect, skip } of DIALECTS) {
  describe(`passkeys, store on ${dialect}`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;

    before(async () => {
      clock = testClock();
      s = await makeServer({ SNR_PASSKEY_REGISTRATION: 'true' }, { dialect, clock });
    });
    after(() => s?.close());

    /** A signed-in customer with a passkey made on `device`. */
    async function customerWithPasskey(device = new SoftAuthenticator(), o: { counting?: boolean } = {}) {
      const c = await s.customer(fresh('pk'));
      const options = await s.call('POST', `${P}/registration/options`, { token: c.token, body: {} });
      assert.equal(options.status, 200, JSON.stringify(options.body));
      const credential = device.create(options.body, { origin: ORIGIN, ...o });
      const added = await s.call('POST', `${P}/registration`, { token: c.token, body: { credential } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      return { ...c, device, passkey: added.body, credential };
    }

    const signInOptions = async (email?: string) => {
      const res = await s.call('POST', `${SIGN_IN}/options`, { body: { apiKey: API_KEY, ...(email ? { email } : {}) } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const signIn = (credential: unknown, extra: { token?: string; uuid?: string } = {}) =>
      s.call('POST', SIGN_IN, { body: { apiKey: API_KEY, uuid: extra.uuid ?? randomUUID(), credential }, ...(extra.token ? { token: extra.token } : {}) });

    it('/snr/config says passkeys are on, and whether a newcomer may register with one', async () => {
      const res = await s.call('GET', '/snr/config');
      assert.equal(res.body.passkeys, true);
      assert.equal(res.body.passkeyRegistration, true);
    });

    it('adds a passkey: options for a discoverable credential with user verification required; stored with counter, backup state, device type and transports', async () => {
      const c = await s.customer(fresh('add'));
      const options = await s.call('POST', `${P}/registration/options`, { token: c.token, body: {} });
      assert.equal(options.body.rp.id, 'localhost');
      assert.equal(options.body.user.name, c.email);
      assert.deepEqual(options.body.authenticatorSelection, { residentKey: 'required', userVerification: 'required', requireResidentKey: true });
      const device = new SoftAuthenticator();
      const credential = device.create(options.body, { origin: ORIGIN });
      const added = await s.call('POST', `${P}/registration`, { token: c.token, body: { credential, name: 'My laptop' } });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal(added.body.name, 'My laptop');
      assert.equal(added.body.deviceType, 'multiDevice');
      assert.equal(added.body.backedUp, true);
      assert.deepEqual(added.body.transports, ['internal', 'hybrid']);
      assert.equal(added.body.lastUsedAt, null);
      const list = await s.call('GET', P, { token: c.token });
      assert.deepEqual(list.body, [added.body]);
      const again = await s.call('POST', `${P}/registration/options`, { token: c.token, body: {} });
      assert.deepEqual(
        again.body.excludeCredentials.map((x: { id: string }) => x.id),
        [credential.id],
        'the same authenticator is not registered twice',
      );
      assert.equal(again.body.user.id, options.body.user.id, 'one user handle per customer, so a device replaces its own passkey');
    });

    it('a new passkey without user verification, from another origin or for another RP id is refused, and nothing is stored', async () => {
      const c = await s.customer(fresh('bad'));
      const device = new SoftAuthenticator();
      for (const [o, why] of [
        [{ origin: ORIGIN, userVerified: false }, /user.*verif/i],
        [{ origin: 'https://evil.example' }, /evil\.example/],
        [{ origin: ORIGIN, rpId: 'evil.example' }, /RP ID/i],
      ] as const) {
        const options = await s.call('POST', `${P}/registration/options`, { token: c.token, body: {} });
        const res = await s.call('POST', `${P}/registration`, { token: c.token, body: { credential: device.create(options.body, o) } });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.code, 'PASSKEY_REJECTED');
        assert.match(res.body.message, why);
      }
      assert.deepEqual((await s.call('GET', P, { token: c.token })).body, []);
    });

    it('signs in with a discoverable passkey: a token of origin PASSKEY for the customer, the visitor merged, the use recorded', async () => {
      const c = await customerWithPasskey();
      const options = await signInOptions();
      assert.equal(options.allowCredentials.length, 0, 'no email: any passkey of the site may answer');
      assert.equal(options.userVerification, 'required');
      const visitor = await s.anonymous();
      await s.call('POST', '/v4/events/batch', {
        token: visitor.token,
        body: [{ action: 'page.visit', time: new Date().toISOString(), eventSalt: randomUUID(), client: { uuid: visitor.uuid } }],
      });
      clock.advance(1000);
      const res = await signIn(c.device.get(options, { origin: ORIGIN }), { uuid: visitor.uuid, token: visitor.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.origin, 'PASSKEY');
      assert.equal(res.body.clientId, c.clientId);
      assert.equal(res.body.uuid, c.uuid);
      const events = await s.ctx.db.selectFrom('events').select('action').where('client_id', '=', c.clientId).execute();
      assert.ok(
        events.some((e) => e.action === 'page.visit'),
        "the visitor's anonymous events follow into the customer",
      );
      const [listed] = (await s.call('GET', P, { token: res.body.token })).body;
      assert.equal(listed.lastUsedAt, new Date(clock.now()).toISOString());
    });

    it("with an email, the options name that account's passkeys", async () => {
      const c = await customerWithPasskey();
      const options = await signInOptions(c.email.toUpperCase());
      assert.deepEqual(
        options.allowCredentials.map((x: { id: string }) => x.id),
        [c.credential.id],
      );
      assert.equal((await signIn(c.device.get(options, { origin: ORIGIN }))).status, 200);
    });

    it('a challenge is used once: the same assertion again is refused', async () => {
      const c = await customerWithPasskey();
      const assertion = c.device.get(await signInOptions(), { origin: ORIGIN });
      assert.equal((await signIn(assertion)).status, 200);
      const again = await signIn(assertion);
      assert.equal(again.status, 400);
      assert.equal(again.body.code, 'PASSKEY_CHALLENGE_INVALID');
    });

    it('a challenge expires after five minutes', async () => {
      const c = await customerWithPasskey();
      const late = c.device.get(await signInOptions(), { origin: ORIGIN });
      const inTime = c.device.get(await signInOptions(), { origin: ORIGIN });
      clock.advance(5 * 60 * 1000 - 1);
      assert.equal((await signIn(inTime)).status, 200);
      clock.advance(1);
      const res = await signIn(late);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'PASSKEY_CHALLENGE_INVALID');
    });

    it('an assertion from another origin, for another RP id, without user verification, or with a bad signature is refused', async () => {
      const c = await customerWithPasskey();
      const cases: Array<[Parameters<SoftAuthenticator['get']>[1], RegExp]> = [
        [{ origin: 'https://evil.example' }, /evil\.example/],
        [{ origin: 'http://127.0.0.1:5173' }, /127\.0\.0\.1/],
        [{ origin: ORIGIN, rpId: 'evil.example' }, /RP ID/i],
        [{ origin: ORIGIN, userVerified: false }, /user.*verif/i],
        [{ origin: ORIGIN, type: 'webauthn.create' }, /type/i],
      ];
      for (const [o, why] of cases) {
        const res = await signIn(c.device.get(await signInOptions(), { ...o, credentialId: c.credential.id }));
        assert.equal(res.status, 401, `${JSON.stringify(o)}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'PASSKEY_REJECTED');
        assert.match(res.body.message, why);
      }
      const forged = c.device.get(await signInOptions(), { origin: ORIGIN });
      const other = c.device.get(await signInOptions(), { origin: ORIGIN });
      const res = await signIn({ ...forged, response: { ...forged.response, signature: other.response.signature } });
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'PASSKEY_REJECTED');
    });

    it('a user handle of another account is refused', async () => {
      const a = await customerWithPasskey();
      const b = await customerWithPasskey();
      const options = await signInOptions();
      const res = await signIn(a.device.get(options, { origin: ORIGIN, userHandle: b.device.get(options, { origin: ORIGIN }).response.userHandle! }));
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'PASSKEY_REJECTED');
    });

    it('a signature counter that does not move forward is refused (a cloned authenticator) and the stored counter stays', async () => {
      const c = await customerWithPasskey(new SoftAuthenticator(), { counting: true });
      assert.equal((await signIn(c.device.get(await signInOptions(), { origin: ORIGIN }))).status, 200); // counter 2
      const stored = async () => (await s.ctx.db.selectFrom('passkeys').select('counter').where('id', '=', c.credential.id).executeTakeFirstOrThrow()).counter;
      assert.equal(await stored(), 2);
      for (const counter of [2, 1]) {
        const res = await signIn(c.device.get(await signInOptions(), { origin: ORIGIN, counter }));
        assert.equal(res.status, 401, `counter ${counter}`);
        assert.equal(res.body.code, 'PASSKEY_REJECTED');
        assert.match(res.body.message, /counter/i);
      }
      assert.equal(await stored(), 2);
      const ok = await signIn(c.device.get(await signInOptions(), { origin: ORIGIN, counter: 7 }));
      assert.equal(ok.status, 200);
      assert.equal(await stored(), 7);
    });

    it('an authenticator without a counter (always 0) signs in again and again', async () => {
      const c = await customerWithPasskey();
      for (let i = 0; i < 2; i++) assert.equal((await signIn(c.device.get(await signInOptions(), { origin: ORIGIN }))).status, 200);
    });

    it("renames a passkey; a blank name is refused, another customer's passkey is 404", async () => {
      const c = await customerWithPasskey();
      const other = await s.customer(fresh('other'));
      const path = `${P}/${c.passkey.id}/rename`;
      const res = await s.call('POST', path, { token: c.token, body: { name: '  Work phone ' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.name, 'Work phone');
      assert.equal((await s.call('POST', path, { token: c.token, body: { name: '  ' } })).status, 400);
      assert.equal((await s.call('POST', path, { token: other.token, body: { name: 'Mine' } })).status, 404);
      assert.equal((await s.call('GET', P, { token: c.token })).body[0].name, 'Work phone');
    });

    it('removal needs the password or a fresh passkey assertion; afterwards the passkey signs nobody in', async () => {
      const c = await customerWithPasskey();
      const path = `${P}/${c.passkey.id}/remove`;
      const none = await s.call('POST', path, { token: c.token, body: {} });
      assert.equal(none.status, 400);
      const wrong = await s.call('POST', path, { token: c.token, body: { password: 'Wrong1!x' } });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
      // Another customer's assertion proves nothing here.
      const stranger = await customerWithPasskey();
      const foreignOptions = await s.call('POST', `${P}/reauthentication/options`, { token: c.token, body: {} });
      const foreign = stranger.device.get(foreignOptions.body, { origin: ORIGIN, credentialId: stranger.credential.id });
      assert.equal((await s.call('POST', path, { token: c.token, body: { assertion: foreign } })).status, 403);

      const options = await s.call('POST', `${P}/reauthentication/options`, { token: c.token, body: {} });
      assert.deepEqual(
        options.body.allowCredentials.map((x: { id: string }) => x.id),
        [c.credential.id],
      );
      const assertion = c.device.get(options.body, { origin: ORIGIN });
      const removed = await s.call('POST', path, { token: c.token, body: { assertion } });
      assert.equal(removed.status, 204, JSON.stringify(removed.body));
      assert.deepEqual((await s.call('GET', P, { token: c.token })).body, []);
      const res = await signIn(c.device.get(await signInOptions(), { origin: ORIGIN }));
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'PASSKEY_UNKNOWN');

      const d = await customerWithPasskey();
      assert.equal((await s.call('POST', `${P}/${d.passkey.id}/remove`, { token: d.token, body: { password: PASSWORD } })).status, 204);
    });

    it('registers a newcomer with a passkey and no password: signed in at once (automatic mode); no password works', async () => {
      const email = fresh('new');
      const visitor = await s.anonymous();
      const options = await s.call('POST', `${REGISTER}/options`, { token: visitor.token, body: { email, firstName: 'Ada' } });
      assert.equal(options.status, 200, JSON.stringify(options.body));
      assert.equal(options.body.user.displayName, 'Ada');
      const device = new SoftAuthenticator();
      const res = await s.call('POST', REGISTER, { token: visitor.token, body: { credential: device.create(options.body, { origin: ORIGIN }) } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'REGISTERED');
      assert.equal(res.body.uuid, visitor.uuid, "the visitor's profile becomes the customer");
      assert.equal(res.body.token.origin, 'PASSKEY');
      assert.equal((await s.signIn(email, PASSWORD)).status, 401);
      assert.equal((await signIn(device.get(await signInOptions(email), { origin: ORIGIN }))).status, 200);
      const taken = await s.call('POST', `${REGISTER}/options`, { body: { apiKey: API_KEY, email } });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.code, 'EMAIL_TAKEN');
    });

    it('a passkey sign-in and a registration with a passkey are refused with PASSKEYS_DISABLED where passkeys are off', async () => {
      const off = await makeServer({ SNR_WEBAUTHN_RP_ID: 'off' }, { dialect });
      try {
        assert.equal((await off.call('GET', '/snr/config')).body.passkeys, false);
        const res = await off.call('POST', `${SIGN_IN}/options`, { body: { apiKey: API_KEY } });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'PASSKEYS_DISABLED');
        const c = await off.customer();
        assert.equal((await off.call('POST', `${P}/registration/options`, { token: c.token, body: {} })).body.code, 'PASSKEYS_DISABLED');
      } finally {
        await off.close();
      }
    });
  });

  describe(`passkey registration and the registration modes, store on ${dialect}`, { skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await makeServer({ SNR_PASSKEY_REGISTRATION: 'true', SNR_REGISTRATION_MODE: 'activation' }, { dialect });
    });
    after(() => s?.close());

    it('activation mode: no token, the passkey signs in only after the emailed link', async () => {
      const email = fresh('act');
      const options = await s.call('POST', `${REGISTER}/options`, { body: { apiKey: API_KEY, email } });
      const device = new SoftAuthenticator();
      const res = await s.call('POST', REGISTER, { body: { apiKey: API_KEY, credential: device.create(options.body, { origin: ORIGIN }) } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'ACTIVATION_REQUIRED');
      assert.equal(res.body.token, undefined);
      const signIn = async () => {
        const o = await s.call('POST', `${SIGN_IN}/options`, { body: { apiKey: API_KEY } });
        return s.call('POST', SIGN_IN, { body: { apiKey: API_KEY, uuid: randomUUID(), credential: device.get(o.body, { origin: ORIGIN }) } });
      };
      const early = await signIn();
      assert.equal(early.status, 403);
      assert.equal(early.body.code, 'ACTIVATION_REQUIRED');
      const token = await s.linkToken(email);
      assert.equal((await s.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token } })).status, 200);
      const late = await signIn();
      assert.equal(late.status, 200);
      assert.equal(late.body.origin, 'PASSKEY');
    });

    it('without SNR_PASSKEY_REGISTRATION a registration with a passkey is refused', async () => {
      const plain = await makeServer({}, { dialect });
      try {
        const res = await plain.call('POST', `${REGISTER}/options`, { body: { apiKey: API_KEY, email: fresh('no') } });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'PASSKEYS_DISABLED');
        assert.equal((await plain.call('GET', '/snr/config')).body.passkeyRegistration, false);
      } finally {
        await plain.close();
      }
    });
  });

  describe(`passkeys and taking an account back, store on ${dialect}`, { skip }, () => {
    let s: TestServer;
    before(async () => {
      s = await makeServer({ SNR_PASSKEY_REGISTRATION: 'true', SNR_REGISTRATION_MODE: 'confirmation' }, { dialect });
    });
    after(() => s?.close());

    it("someone registers the owner's address with a passkey; the owner's password reset takes the account back and the passkey goes", async () => {
      const email = fresh('owner');
      const options = await s.call('POST', `${REGISTER}/options`, { body: { apiKey: API_KEY, email } });
      const attacker = new SoftAuthenticator();
      const res = await s.call('POST', REGISTER, { body: { apiKey: API_KEY, credential: attacker.create(options.body, { origin: ORIGIN }) } });
      assert.equal(res.status, 201);
      assert.ok(res.body.token, 'confirmation mode: signed in at once, the address not confirmed');
      await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } });
      const token = await s.linkToken(email);
      assert.equal((await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: PASSWORD } })).status, 200);
      const o = await s.call('POST', `${SIGN_IN}/options`, { body: { apiKey: API_KEY } });
      const again = await s.call('POST', SIGN_IN, { body: { apiKey: API_KEY, uuid: randomUUID(), credential: attacker.get(o.body, { origin: ORIGIN }) } });
      assert.equal(again.status, 401);
      assert.equal(again.body.code, 'PASSKEY_UNKNOWN');
      assert.equal((await s.signIn(email)).status, 200);
    });

    it('deleting the account erases its passkeys', async () => {
      const c = await s.customer(fresh('del'));
      const options = await s.call('POST', `${P}/registration/options`, { token: c.token, body: {} });
      const device = new SoftAuthenticator();
      assert.equal(
        (await s.call('POST', `${P}/registration`, { token: c.token, body: { credential: device.create(options.body, { origin: ORIGIN }) } })).status,
        201,
      );
      assert.equal((await s.call('POST', '/v4/my-account/delete-account', { token: c.token, body: { clientAuthFactor: PASSWORD } })).status, 204);
      const rows = await s.ctx.db.selectFrom('passkeys').select('id').where('client_id', '=', c.clientId).execute();
      assert.deepEqual(rows, []);
    });
  });
}
