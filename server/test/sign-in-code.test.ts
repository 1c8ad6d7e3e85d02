// Issue 14, item 3 on the real app, on SQLite and PostgreSQL: signing in with a 6-digit code mailed
// to the address (passwordless). Same answer for every address, codes hashed, 10 minutes on the
// injected clock, single use, 5 tries, replaced by a new request, resend throttled, per-mode mail
// to unknown addresses, the conditional statuses of a password sign-in, and `SNR_SIGN_IN_METHODS`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : 'SNR_TEST_PG_URL is not set' },
];
const CODE_ON = { SNR_SIGN_IN_METHODS: 'password,code' };
const newEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

const requestCode = (s: TestServer, email: string) => s.call('POST', '/sauth/v3/auth/login/client/code/request', { body: { apiKey: API_KEY, email } });
const withCode = (s: TestServer, email: string, code: string, extra: Record<string, unknown> = {}) =>
  s.call('POST', '/sauth/v3/auth/login/client/code', { body: { apiKey: API_KEY, uuid: randomUUID(), email, code, ...extra } });
const withCodeConditionally = (s: TestServer, email: string, code: string, extra: Record<string, unknown> = {}) =>
  s.call('POST', '/sauth/v3/auth/login/client/code/conditional', { body: { apiKey: API_KEY, uuid: randomUUID(), email, code, ...extra } });

/** The code in the newest mail to an address. */
async function mailedCode(s: TestServer, email: string): Promise<string> {
  const [mail] = await s.mails(email);
  const match = mail && /^(\d{6})$/m.exec(mail.text);
  if (!match) throw new Error(`no sign-in code mailed to ${email}: ${JSON.stringify(mail)}`);
  return match[1]!;
}
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const codeRow = (s: TestServer, clientId: number) => s.ctx.db.selectFrom('sign_in_codes').selectAll().where('client_id', '=', clientId).executeTakeFirst();

for (const { dialect, skip } of DIALECTS) {
  describe(`sign-in with an emailed code (${dialect})`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      s = await makeServer({ ...CODE_ON, SNR_REGISTRATION_MODE: 'automatic' }, { dialect, clock });
    });
    after(() => s?.close());

    it('/snr/config lists the methods that are on', async () => {
      const res = await s.call('GET', `/snr/config?apiKey=${API_KEY}`);
      // The test server is in local mode, where passkeys are on (relying party `localhost`): listed too.
      assert.deepEqual(res.body.signInMethods, ['password', 'code', 'passkey']);
      const noPasskeys = await makeServer({ ...CODE_ON, SNR_WEBAUTHN_RP_ID: 'off' }, { dialect, clock });
      try {
        assert.deepEqual((await noPasskeys.call('GET', `/snr/config?apiKey=${API_KEY}`)).body.signInMethods, ['password', 'code']);
      } finally {
        await noPasskeys.close();
      }
    });

    it('answers the same for an account and for no account, and makes the code and its mail only after answering', async () => {
      const known = newEmail('known');
      await s.register(known);
      const unknown = newEmail('unknown');
      // Hold the work that runs after the answer: what exists when the answer is made was done before it.
      const held: Array<() => Promise<void>> = [];
      const original = s.ctx.mailer.afterAnswer.bind(s.ctx.mailer);
      s.ctx.mailer.afterAnswer = (_sent, task) => void held.push(task);
      let answers: Array<{ status: number; body: unknown }>;
      try {
        answers = [];
        for (const email of [known, unknown]) {
          const res = await requestCode(s, email);
          answers.push({ status: res.status, body: res.body });
          assert.equal((await s.mails(email)).length, 0, 'no mail before the answer');
        }
        assert.equal(await s.ctx.db.selectFrom('sign_in_codes').select('client_id').executeTakeFirst(), undefined, 'no code before the answer');
      } finally {
        s.ctx.mailer.afterAnswer = original;
      }
      assert.deepEqual(answers[0], answers[1]);
      assert.deepEqual(answers[0], { status: 202, body: { status: 'ACCEPTED', expiresIn: 600, resendAfter: 0 } });
      assert.equal(held.length, 2, 'both addresses get their mail written after the answer');
      for (const task of held) await task();
      assert.match((await s.mails(known))[0]!.subject, /^\d{6} is your sign-in code$/);
      assert.equal((await s.mails(unknown))[0]!.subject, 'No account uses this email address');
    });

    it('signs in once with the mailed code (origin EMAIL_CODE); the code is stored only hashed, and a second use fails', async () => {
      const email = newEmail('once');
      const reg = await s.register(email);
      assert.equal((await requestCode(s, email)).status, 202);
      const code = await mailedCode(s, email);
      const row = await codeRow(s, reg.body.clientId);
      assert.ok(row);
      assert.ok(!row.code_hash.includes(code));
      assert.equal(Number(row.expires_at) - Number(row.created_at), 600_000);
      const ok = await withCode(s, email, code);
      assert.equal(ok.status, 200);
      assert.equal(ok.body.origin, 'EMAIL_CODE');
      assert.equal(ok.body.clientId, reg.body.clientId);
      const again = await withCode(s, email, code);
      assert.equal(again.status, 401);
      assert.equal(again.body.code, 'SIGN_IN_CODE_INVALID');
      assert.equal(again.body.errors[0].field, 'code');
    });

    it('a code works for 10 minutes on the server clock, not a millisecond more', async () => {
      const email = newEmail('ttl');
      await s.register(email);
      await requestCode(s, email);
      const first = await mailedCode(s, email);
      clock.advance(600_000);
      assert.equal((await withCode(s, email, first)).status, 401);
      await requestCode(s, email);
      const second = await mailedCode(s, email);
      clock.advance(599_999);
      assert.equal((await withCode(s, email, second)).status, 200);
    });

    it('a new request voids the previous code', async () => {
      const email = newEmail('void');
      await s.register(email);
      await requestCode(s, email);
      const first = await mailedCode(s, email);
      await requestCode(s, email);
      const second = await mailedCode(s, email);
      if (second === first) return; // one in a million: the same digits twice
      assert.equal((await withCode(s, email, first)).status, 401);
      assert.equal((await withCode(s, email, second)).status, 200);
    });

    it('five tries per code: after four wrong ones the fifth may be right; after five wrong ones the right one fails too', async () => {
      const email = newEmail('tries');
      await s.register(email);
      await requestCode(s, email);
      let code = await mailedCode(s, email);
      for (let i = 0; i < 4; i++) assert.equal((await withCode(s, email, wrong(code))).status, 401);
      assert.equal((await withCode(s, email, code)).status, 200);
      await requestCode(s, email);
      code = await mailedCode(s, email);
      for (let i = 0; i < 5; i++) assert.equal((await withCode(s, email, wrong(code))).status, 401);
      const late = await withCode(s, email, code);
      assert.equal(late.status, 401);
      assert.equal(late.body.code, 'SIGN_IN_CODE_INVALID');
    });

    it('an unknown address and an account without a code get the same refusal', async () => {
      const withoutCode = newEmail('nocode');
      await s.register(withoutCode);
      const a = await withCode(s, newEmail('nobody'), '123456');
      const b = await withCode(s, withoutCode, '123456');
      assert.deepEqual([a.status, a.body.code, a.body.message], [b.status, b.body.code, b.body.message]);
      const c = await withCodeConditionally(s, newEmail('nobody'), '123456');
      assert.deepEqual(c.body, { status: 'UNAUTHORIZED', conditions: [] });
    });

    it('proves the address: an unconfirmed account is taken back for its owner (its password goes) and confirmed', async () => {
      const email = newEmail('claim');
      const reg = await s.register(email);
      assert.equal((await s.signIn(email)).status, 200, 'the password works before');
      await requestCode(s, email);
      const res = await withCode(s, email, await mailedCode(s, email));
      assert.equal(res.status, 200);
      const row = await s.ctx.db
        .selectFrom('clients')
        .select(['email_confirmed', 'password_hash'])
        .where('id', '=', reg.body.clientId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.email_confirmed), 1);
      assert.equal(row.password_hash, null);
      assert.equal((await s.signIn(email)).status, 401, 'whoever set the password before the address was proved is out');
    });

    it('greets by name only once the address is confirmed, and only a plain name', async () => {
      const email = newEmail('name');
      await s.register(email, { firstName: 'Ada' });
      await requestCode(s, email);
      const code = await mailedCode(s, email);
      assert.match((await s.mails(email))[0]!.text, /^Hello,$/m, 'unconfirmed: no name');
      await withCode(s, email, code); // confirms the address
      await requestCode(s, email);
      assert.match((await s.mails(email))[0]!.text, /^Hello Ada,$/m);
    });
  });

  describe(`sign-in codes: limits (${dialect})`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      s = await makeServer(
        { ...CODE_ON, SNR_RATE_LIMIT: JSON.stringify({ signInCodeResendSeconds: 30, signInPerAccountAndAddress: 7, emailRequestsPerEmail: 50 }) },
        { dialect, clock },
      );
    });
    after(() => s?.close());

    it('throttles a resend for any address alike: 429 with Retry-After until the wait is over', async () => {
      const known = newEmail('resend');
      await s.register(known);
      const unknown = newEmail('resend-nobody');
      const answers = [];
      for (const email of [known, unknown]) {
        assert.equal((await requestCode(s, email)).status, 202);
        clock.advance(10_000);
        const early = await requestCode(s, email);
        assert.equal(early.status, 429);
        assert.equal(early.headers.get('retry-after'), '20');
        answers.push([early.status, early.body.code, early.body.retryAfter]);
        clock.advance(20_000);
        const later = await requestCode(s, email);
        assert.deepEqual([later.status, later.body.resendAfter], [202, 30]);
        clock.advance(30_000);
      }
      assert.deepEqual(answers[0], answers[1]);
    });

    it('wrong codes count as failed sign-ins of the account: past the limit the address is refused, right code or not', async () => {
      const email = newEmail('guess');
      await s.register(email);
      for (let round = 0; round < 2; round++) {
        await requestCode(s, email);
        const code = await mailedCode(s, email);
        // Three wrong tries per code (under its own limit of five), three codes: seven failures, then refusal.
        const tries = round === 0 ? 4 : 3;
        for (let i = 0; i < tries; i++) assert.equal((await withCode(s, email, wrong(code))).status, 401);
        clock.advance(30_000);
      }
      await requestCode(s, email);
      const right = await withCode(s, email, await mailedCode(s, email));
      assert.equal(right.status, 429);
      assert.equal(right.body.code, 'RATE_LIMITED');
    });
  });

  describe(`sign-in codes by registration mode (${dialect})`, { skip }, () => {
    const servers: TestServer[] = [];
    after(() => Promise.all(servers.map((t) => t.close())));
    const server = async (env: Record<string, string>) => {
      const t = await makeServer({ ...CODE_ON, ...env }, { dialect, clock: testClock() });
      servers.push(t);
      return t;
    };

    it('approval mode: nothing to an unknown address; an account waiting for approval is told so with the right code', async () => {
      const t = await server({ SNR_REGISTRATION_MODE: 'approval' });
      const nobody = newEmail('approval-nobody');
      assert.equal((await requestCode(t, nobody)).status, 202);
      assert.deepEqual(await t.mails(nobody), []);
      const email = newEmail('approval');
      await t.register(email);
      await requestCode(t, email);
      const code = await mailedCode(t, email);
      assert.equal((await withCodeConditionally(t, email, wrong(code))).body.status, 'UNAUTHORIZED');
      const res = await withCodeConditionally(t, email, code);
      assert.deepEqual(res.body, { status: 'APPROVAL_REQUIRED', conditions: [{ type: 'APPROVAL' }] });
      const plain = await withCode(t, email, code);
      assert.equal(plain.status, 401, 'the code was used');
    });

    it('activation mode: an unknown address is offered registration; a pending account gets how to activate (a link), no code', async () => {
      const t = await server({ SNR_REGISTRATION_MODE: 'activation' });
      const nobody = newEmail('activation-nobody');
      await requestCode(t, nobody);
      const [offer] = await t.mails(nobody);
      assert.equal(offer!.subject, 'No account uses this email address');
      assert.match(offer!.text, /create one|Create an account/);
      assert.doesNotMatch(offer!.text, /^\d{6}$/m);

      const email = newEmail('pending');
      await t.register(email, { firstName: 'http://evil.example' });
      await requestCode(t, email);
      const [mail] = await t.mails(email);
      assert.equal(mail!.subject, 'Activate your account to sign in');
      assert.doesNotMatch(mail!.text, /^\d{6}$/m);
      assert.doesNotMatch(mail!.text, /evil/);
      const confirmed = await t.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token: await t.linkToken(email) } });
      assert.equal(confirmed.status, 200);
      assert.equal((await t.signIn(email)).status, 200);
    });

    it('terms: the right code answers TERMS_ACCEPTANCE_REQUIRED and stays live; sent again with the version, it signs in', async () => {
      const t = await server({ SNR_REGISTRATION_MODE: 'automatic', SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: 'https://shop.example/terms' });
      const email = newEmail('terms');
      await t.register(email);
      await requestCode(t, email);
      const code = await mailedCode(t, email);
      const first = await withCodeConditionally(t, email, code);
      assert.deepEqual(first.body, {
        status: 'TERMS_ACCEPTANCE_REQUIRED',
        conditions: [{ type: 'TERMS_ACCEPTANCE', termsVersion: '2026-12', termsUrl: 'https://shop.example/terms' }],
      });
      const plain = await withCode(t, email, code);
      assert.deepEqual([plain.status, plain.body.code], [403, 'TERMS_ACCEPTANCE_REQUIRED']);
      const accepted = await withCodeConditionally(t, email, code, { acceptedTermsVersion: '2026-12' });
      assert.equal(accepted.body.status, 'SUCCESS');
      assert.equal(accepted.body.token.origin, 'EMAIL_CODE');
      assert.equal((await t.signIn(email, PASSWORD)).status, 401, 'the address is proved: the earlier password went');
    });

    it('a method that is off: code routes and (with only `code` on) the password login answer 400 SIGN_IN_METHOD_DISABLED', async () => {
      const off = await server({ SNR_SIGN_IN_METHODS: '' });
      assert.deepEqual((await off.call('GET', '/snr/config')).body.signInMethods, ['password', 'passkey']);
      const req = await requestCode(off, newEmail('off'));
      assert.deepEqual([req.status, req.body.code], [400, 'SIGN_IN_METHOD_DISABLED']);
      assert.equal((await withCode(off, newEmail('off'), '123456')).body.code, 'SIGN_IN_METHOD_DISABLED');
      const codeOnly = await server({ SNR_SIGN_IN_METHODS: 'code' });
      const email = newEmail('code-only');
      await codeOnly.register(email);
      const pw = await codeOnly.signIn(email);
      assert.deepEqual([pw.status, pw.body.code], [400, 'SIGN_IN_METHOD_DISABLED']);
      await requestCode(codeOnly, email);
      assert.equal((await withCode(codeOnly, email, await mailedCode(codeOnly, email))).status, 200);
    });
  });
}
