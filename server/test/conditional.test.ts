// Issue 13, items 3 and 4 on the real app, on SQLite and PostgreSQL: the `pin` registration mode
// (codes mailed, hashed, expiring, single use, 5 tries, replaced on resend, silent about who exists),
// the `approval` mode with its backend route, the terms a customer must have accepted, and the
// conditional sign-in's seven statuses with their condition objects.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { conditionalLoginResponseSchema } from 'snr-auth/contract';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : 'SNR_TEST_PG_URL is not set' },
];
const BACKEND_KEY = 'backend-key-for-tests-0123456789';
const newEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

const conditional = (s: TestServer, email: string, extra: Record<string, unknown> = {}, password = PASSWORD) =>
  s.call('POST', '/sauth/v3/auth/login/client/conditional', { body: { apiKey: API_KEY, uuid: randomUUID(), email, password, ...extra } });

/** The code in the newest activation mail to an address. */
async function mailedPin(s: TestServer, email: string): Promise<string> {
  const [mail] = await s.mails(email);
  const match = mail && /^(\d{6})$/m.exec(mail.text);
  if (!match) throw new Error(`no activation code mailed to ${email}: ${JSON.stringify(mail)}`);
  return match[1]!;
}
const confirmPin = (s: TestServer, email: string, pinCode: string) =>
  s.call('POST', '/v4/clients/activation/pin/confirmation', { body: { apiKey: API_KEY, email, pinCode } });
const requestPin = (s: TestServer, email: string) => s.call('POST', '/v4/clients/activation/pin/request', { body: { apiKey: API_KEY, email } });
const wrong = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0');

for (const { dialect, skip } of DIALECTS) {
  describe(`pin registration mode (${dialect})`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      s = await makeServer({ SNR_REGISTRATION_MODE: 'pin', SNR_ACTIVATION_PIN_TTL: '600' }, { dialect, clock });
    });
    after(() => s?.close());

    it('registers a pending account and mails a 6-digit code, no link; the code stored only hashed', async () => {
      const email = newEmail('pin');
      const reg = await s.register(email);
      assert.equal(reg.status, 201);
      assert.deepEqual([reg.body.status, reg.body.registrationMode, reg.body.canSignIn], ['ACTIVATION_REQUIRED', 'pin', false]);
      const pin = await mailedPin(s, email);
      const [mail] = await s.mails(email);
      assert.doesNotMatch(mail!.text, /token=|https?:\/\//);
      assert.match(mail!.subject, new RegExp(pin));
      const row = await s.ctx.db.selectFrom('activation_pins').selectAll().where('client_id', '=', reg.body.clientId).executeTakeFirstOrThrow();
      assert.notEqual(row.pin_hash, pin);
      assert.ok(!row.pin_hash.includes(pin));
      assert.equal(row.expires_at - row.created_at, 600_000);
      const before = await conditional(s, email);
      assert.deepEqual(before.body, { status: 'ACTIVATION_REQUIRED', conditions: [{ type: 'PIN_ACTIVATION' }] });
    });

    it('the right code activates once: the customer signs in, the same code then fails', async () => {
      const email = newEmail('pin-ok');
      await s.register(email);
      const pin = await mailedPin(s, email);
      const ok = await confirmPin(s, email, pin);
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.body, { status: 'OK' });
      assert.equal((await s.signIn(email)).status, 200);
      const again = await confirmPin(s, email, pin);
      assert.equal(again.status, 400);
      assert.equal(again.body.code, 'ACTIVATION_PIN_INVALID');
    });

    it('five wrong tries void the code: the right one then fails too, and a new one works', async () => {
      const email = newEmail('pin-tries');
      await s.register(email);
      const pin = await mailedPin(s, email);
      for (let i = 0; i < 5; i++) {
        const res = await confirmPin(s, email, wrong(pin));
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'ACTIVATION_PIN_INVALID');
        assert.equal(res.body.errors[0].field, 'pinCode');
      }
      assert.equal((await confirmPin(s, email, pin)).body.code, 'ACTIVATION_PIN_INVALID');
      assert.equal((await s.signIn(email)).body.code, 'ACTIVATION_REQUIRED');
      assert.equal((await requestPin(s, email)).status, 202);
      const fresh = await mailedPin(s, email);
      assert.equal((await confirmPin(s, email, fresh)).status, 200);
    });

    it('four wrong tries leave the code working', async () => {
      const email = newEmail('pin-four');
      await s.register(email);
      const pin = await mailedPin(s, email);
      for (let i = 0; i < 4; i++) assert.equal((await confirmPin(s, email, wrong(pin))).status, 400);
      assert.equal((await confirmPin(s, email, pin)).status, 200);
    });

    it('a code expires: refused after its lifetime, a fresh one works', async () => {
      const email = newEmail('pin-expiry');
      await s.register(email);
      const pin = await mailedPin(s, email);
      clock.advance(600_000);
      assert.equal((await confirmPin(s, email, pin)).body.code, 'ACTIVATION_PIN_INVALID');
      await requestPin(s, email);
      const fresh = await mailedPin(s, email);
      clock.advance(599_000);
      assert.equal((await confirmPin(s, email, fresh)).status, 200);
    });

    it('a resend voids the previous code', async () => {
      const email = newEmail('pin-resend');
      await s.register(email);
      const first = await mailedPin(s, email);
      assert.equal((await requestPin(s, email)).status, 202);
      const second = await mailedPin(s, email);
      if (second === first) return; // one chance in a million: nothing to tell apart
      assert.equal((await confirmPin(s, email, first)).body.code, 'ACTIVATION_PIN_INVALID');
      assert.equal((await confirmPin(s, email, second)).status, 200);
    });

    it('says nothing about who exists: unknown and active addresses get the same answers, and no mail', async () => {
      const unknown = newEmail('nobody');
      const active = newEmail('active');
      await s.register(active);
      assert.equal((await confirmPin(s, active, await mailedPin(s, active))).status, 200);
      const mailsBefore = (await s.mails(active)).length;
      for (const email of [unknown, active]) {
        const req = await requestPin(s, email);
        assert.deepEqual([req.status, req.body], [202, { status: 'ACCEPTED' }]);
        const conf = await confirmPin(s, email, '123456');
        assert.deepEqual(
          [conf.status, conf.body.code, conf.body.message],
          [400, 'ACTIVATION_PIN_INVALID', (await confirmPin(s, unknown, '123456')).body.message],
        );
      }
      assert.equal((await s.mails(unknown)).length, 0);
      assert.equal((await s.mails(active)).length, mailsBefore);
    });

    it('refuses a code that is not six digits before looking anything up', async () => {
      for (const pinCode of ['12345', '1234567', '12a456', '']) {
        const res = await s.call('POST', '/v4/clients/activation/pin/confirmation', { body: { apiKey: API_KEY, email: newEmail('x'), pinCode } });
        assert.equal(res.status, 400);
        assert.equal(res.body.code, 'VALIDATION_FAILED');
      }
    });

    it('racing right answers: one wins, the account is active once', async () => {
      const email = newEmail('pin-race');
      await s.register(email);
      const pin = await mailedPin(s, email);
      const results = await Promise.all([1, 2, 3].map(() => confirmPin(s, email, pin)));
      assert.equal(results.filter((r) => r.status === 200).length, 1);
    });
  });

  describe(`approval mode (${dialect})`, { skip }, () => {
    let s: TestServer;
    before(async () => (s = await makeServer({ SNR_REGISTRATION_MODE: 'approval', SNR_BACKEND_KEY: BACKEND_KEY }, { dialect })));
    after(() => s?.close());
    const approve = (id: number | string, key = BACKEND_KEY) => s.call('POST', `/v4/clients/${id}/approve`, { headers: { authorization: `Bearer ${key}` } });

    it('a new account waits: APPROVAL_REQUIRED to the right password only, until the backend approves it', async () => {
      const email = newEmail('approve');
      const reg = await s.register(email);
      assert.deepEqual([reg.body.status, reg.body.registrationMode, reg.body.canSignIn], ['APPROVAL_REQUIRED', 'approval', false]);
      assert.equal((await s.mails(email)).length, 0);
      assert.deepEqual((await conditional(s, email)).body, { status: 'APPROVAL_REQUIRED', conditions: [{ type: 'APPROVAL' }] });
      assert.deepEqual((await conditional(s, email, {}, 'Wrong1!x')).body, { status: 'UNAUTHORIZED', conditions: [] });
      const plain = await s.signIn(email);
      assert.deepEqual([plain.status, plain.body.code], [403, 'APPROVAL_REQUIRED']);

      const ok = await approve(reg.body.clientId);
      assert.deepEqual([ok.status, ok.body], [200, { status: 'OK' }]);
      const after = await conditional(s, email);
      assert.equal(after.body.status, 'SUCCESS');
      assert.equal(after.body.token.clientId, reg.body.clientId);
      // Approving again changes nothing and answers the same (a backend may retry).
      assert.equal((await approve(reg.body.clientId)).status, 200);
    });

    it('a password reset proves the address but does not approve', async () => {
      const email = newEmail('approve-reset');
      await s.register(email);
      await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } });
      const token = await s.linkToken(email);
      assert.equal((await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Another1!' } })).status, 200);
      assert.equal((await conditional(s, email, {}, 'Another1!')).body.status, 'APPROVAL_REQUIRED');
    });

    it('the approve route takes only the backend key, and 404s for no customer', async () => {
      const reg = await s.register(newEmail('approve-auth'));
      const anon = await s.anonymous();
      assert.equal((await approve(reg.body.clientId, 'not-the-backend-key-0123456789')).body.code, 'BACKEND_KEY_REQUIRED');
      assert.equal((await s.call('POST', `/v4/clients/${reg.body.clientId}/approve`, { token: anon.token })).body.code, 'BACKEND_KEY_REQUIRED');
      assert.equal(
        (await conditional(s, (await s.ctx.db.selectFrom('clients').select('email').where('id', '=', reg.body.clientId).executeTakeFirstOrThrow()).email!)).body
          .status,
        'APPROVAL_REQUIRED',
      );
      assert.equal((await approve(999_999_999)).status, 404);
      const anonRow = await s.ctx.db.selectFrom('clients').select('id').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
      assert.equal((await approve(anonRow.id)).status, 404);
      assert.equal((await approve('abc')).status, 400);
    });
  });

  describe(`terms acceptance (${dialect})`, { skip }, () => {
    let s: TestServer;
    before(async () => (s = await makeServer({ SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: 'https://shop.example/terms' }, { dialect })));
    after(() => s?.close());

    it('asks a customer who accepted no or an older version, with the version and the page, before any token', async () => {
      const email = newEmail('terms');
      await s.register(email);
      const first = await conditional(s, email);
      assert.deepEqual(first.body, {
        status: 'TERMS_ACCEPTANCE_REQUIRED',
        conditions: [{ type: 'TERMS_ACCEPTANCE', termsVersion: '2026-12', termsUrl: 'https://shop.example/terms' }],
      });
      const plain = await s.signIn(email);
      assert.deepEqual([plain.status, plain.body.code], [403, 'TERMS_ACCEPTANCE_REQUIRED']);
      // An older version named is not an acceptance of the current one.
      assert.equal((await conditional(s, email, { acceptedTermsVersion: '2025-01' })).body.status, 'TERMS_ACCEPTANCE_REQUIRED');
      // A wrong password never learns about the terms.
      assert.equal((await conditional(s, email, { acceptedTermsVersion: '2026-12' }, 'Wrong1!x')).body.status, 'UNAUTHORIZED');

      const accepted = await conditional(s, email, { acceptedTermsVersion: '2026-12' });
      assert.equal(accepted.body.status, 'SUCCESS');
      const row = await s.ctx.db.selectFrom('clients').select(['terms_version', 'terms_accepted_at']).where('email', '=', email).executeTakeFirstOrThrow();
      assert.equal(row.terms_version, '2026-12');
      assert.ok(Number(row.terms_accepted_at) > 0);
      // Accepted once: the next sign-ins need nothing.
      assert.equal((await conditional(s, email)).body.status, 'SUCCESS');
      assert.equal((await s.signIn(email)).status, 200);
    });

    it('a raised version asks again', async () => {
      const email = newEmail('terms-raise');
      await s.register(email);
      await s.ctx.db.updateTable('clients').set({ terms_version: '2025-01' }).where('email', '=', email).execute();
      assert.equal((await conditional(s, email)).body.status, 'TERMS_ACCEPTANCE_REQUIRED');
    });
  });
}

describe('conditional answers', () => {
  it('the contract accepts all seven statuses with condition objects, and refuses string conditions', () => {
    for (const status of [
      'SUCCESS',
      'UNAUTHORIZED',
      'ACTIVATION_REQUIRED',
      'REGISTRATION_REQUIRED',
      'APPROVAL_REQUIRED',
      'TERMS_ACCEPTANCE_REQUIRED',
      'MFA_REQUIRED',
    ]) {
      assert.ok(conditionalLoginResponseSchema.safeParse({ status, conditions: [{ type: 'X' }] }).success, status);
    }
    assert.equal(conditionalLoginResponseSchema.safeParse({ status: 'SUCCESS', conditions: ['EMAIL_ACTIVATION'] }).success, false);
  });

  it('without terms configured nobody is asked; the terms need their page', async () => {
    const s = await makeServer();
    try {
      const { email } = await s.customer();
      assert.equal((await conditional(s, email)).body.status, 'SUCCESS');
    } finally {
      await s.close();
    }
    await assert.rejects(makeServer({ SNR_TERMS_VERSION: '1' }), /SNR_TERMS_URL/);
  });
});
