// Issue 14, item 2 on the real app, on SQLite and PostgreSQL: an authenticator (TOTP, RFC 6238)
// enrolled, confirmed and turned off by a signed-in customer; a password sign-in to such an account
// stopped at `MFA_REQUIRED` and completed with a code or a recovery code; replays, wrong codes,
// ended and used challenges refused. Codes are computed here from the enrolled secret at the
// server's (injected) time.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : 'SNR_TEST_PG_URL is not set' },
];
const STEP = 30_000;
const newEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

/** The code an authenticator app shows for `secret` at `at` (epoch ms). */
const codeAt = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const conditional = (s: TestServer, email: string, uuid = randomUUID()) =>
  s.call('POST', '/sauth/v3/auth/login/client/conditional', { body: { apiKey: API_KEY, uuid, email, password: PASSWORD } });
const complete = (s: TestServer, challenge: string, proof: { code: string } | { recoveryCode: string }) =>
  s.call('POST', '/sauth/v3/auth/login/client/mfa', { body: { apiKey: API_KEY, challenge, ...proof } });
const status = (s: TestServer, token: string) => s.call('GET', '/v4/my-account/second-factor', { token });
const start = (s: TestServer, token: string) => s.call('POST', '/v4/my-account/second-factor/totp', { token });
const confirm = (s: TestServer, token: string, code: string) => s.call('POST', '/v4/my-account/second-factor/totp/confirmation', { token, body: { code } });
const disable = (s: TestServer, token: string, proof: Record<string, string>) =>
  s.call('POST', '/v4/my-account/second-factor/totp/disable', { token, body: proof });
const regenerate = (s: TestServer, token: string, code: string) => s.call('POST', '/v4/my-account/second-factor/recovery-codes', { token, body: { code } });

/** A customer with an authenticator turned on: its secret, its recovery codes, and the step its confirmation took. */
async function enrolled(s: TestServer, clock: TestClock, tag = 'mfa') {
  const customer = await s.customer(newEmail(tag));
  const started = await start(s, customer.token);
  assert.equal(started.status, 200);
  const confirmed = await confirm(s, customer.token, codeAt(started.body.secret, clock.now()));
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  // Past the step the confirmation took: the next code is a fresh one.
  clock.advance(STEP);
  return { ...customer, secret: started.body.secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

/** The challenge of an `MFA_REQUIRED` answer. */
async function challengeFor(s: TestServer, email: string): Promise<string> {
  const res = await conditional(s, email);
  assert.equal(res.body.status, 'MFA_REQUIRED', JSON.stringify(res.body));
  return res.body.conditions[0].challenge;
}

for (const { dialect, skip } of DIALECTS) {
  describe(`second factor (${dialect})`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      s = await makeServer({ SNR_TOTP_ISSUER: 'Shop', SNR_TOTP_ENCRYPTION_KEY: 'ab'.repeat(32) }, { dialect, clock });
    });
    after(() => s?.close());

    it('enrolment answers the secret as a URI, as text and as an SVG QR code; the store holds it sealed, and never answers it again', async () => {
      const customer = await s.customer(newEmail('enrol'));
      assert.deepEqual((await status(s, customer.token)).body, { totp: 'NONE', recoveryCodesLeft: 0 });
      const res = await start(s, customer.token);
      assert.equal(res.status, 200);
      const { uri, secret, qrSvg } = res.body;
      assert.match(secret, /^[A-Z2-7]{32}$/);
      const url = new URL(uri);
      assert.equal(url.protocol, 'otpauth:');
      assert.equal(url.searchParams.get('secret'), secret);
      assert.equal(url.searchParams.get('issuer'), 'Shop');
      assert.match(decodeURIComponent(url.pathname), new RegExp(`Shop:${customer.email}`));
      assert.match(qrSvg, /^<svg [^>]*viewBox=/);
      const row = await s.ctx.db.selectFrom('totp_factors').selectAll().where('client_id', '=', customer.clientId).executeTakeFirstOrThrow();
      assert.ok(row.secret.startsWith('v1:'));
      assert.ok(!row.secret.includes(secret));
      assert.equal(row.confirmed_at, null);
      const after = await status(s, customer.token);
      assert.deepEqual(after.body, { totp: 'PENDING', recoveryCodesLeft: 0 });
      assert.doesNotMatch(JSON.stringify(after.body), new RegExp(secret));
      // Not on until a first code: the password alone still signs in.
      assert.equal((await s.signIn(customer.email)).status, 200);
    });

    it('the first code turns it on and answers ten recovery codes, stored hashed; a wrong first code does not', async () => {
      const customer = await s.customer(newEmail('confirm'));
      const { secret } = (await start(s, customer.token)).body;
      const wrong = await confirm(s, customer.token, wrongCode(codeAt(secret, clock.now())));
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.code, 'MFA_CODE_INVALID');
      assert.equal((await status(s, customer.token)).body.totp, 'PENDING');
      const ok = await confirm(s, customer.token, codeAt(secret, clock.now()));
      assert.equal(ok.status, 200);
      const codes: string[] = ok.body.recoveryCodes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      for (const code of codes) assert.match(code, /^[a-z2-9]{5}-[a-z2-9]{5}$/);
      const rows = await s.ctx.db.selectFrom('recovery_codes').selectAll().where('client_id', '=', customer.clientId).execute();
      assert.equal(rows.length, 10);
      for (const row of rows) assert.ok(!codes.some((c) => row.code_hash.includes(c) || row.code_hash.includes(c.replace('-', ''))));
      assert.deepEqual((await status(s, customer.token)).body, { totp: 'ACTIVE', recoveryCodesLeft: 10 });
      // On: enrolling another needs turning this one off first.
      const again = await start(s, customer.token);
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'MFA_ALREADY_ENABLED');
    });

    it('a password sign-in answers MFA_REQUIRED with the methods and a challenge; the code completes it with a token', async () => {
      const c = await enrolled(s, clock, 'signin');
      const anon = await s.anonymous();
      const res = await s.call('POST', '/sauth/v3/auth/login/client/conditional', {
        token: anon.token,
        body: { apiKey: API_KEY, uuid: anon.uuid, email: c.email, password: PASSWORD },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'MFA_REQUIRED');
      assert.equal(res.body.token, undefined);
      const [condition] = res.body.conditions;
      assert.deepEqual(condition.type, 'MFA');
      assert.deepEqual(condition.methods, ['TOTP', 'RECOVERY_CODE']);
      assert.match(condition.challenge, /^[A-Za-z0-9_-]{43}$/);
      const sessionsBefore = await s.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('client_id', '=', c.clientId)
        .where('realm', '=', 'client')
        .where('revoked_at', 'is', null)
        .execute();
      const done = await complete(s, condition.challenge, { code: codeAt(c.secret, clock.now()) });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.realm, 'client');
      assert.equal(done.body.origin, 'SYNERISE');
      assert.equal(done.body.clientId, c.clientId);
      const sessionsAfter = await s.ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('client_id', '=', c.clientId)
        .where('realm', '=', 'client')
        .where('revoked_at', 'is', null)
        .execute();
      assert.equal(sessionsAfter.length, sessionsBefore.length + 1);
      // The token works for the customer's routes; the anonymous visitor's UUID was merged (held token).
      assert.equal((await s.call('GET', '/v4/my-account/personal-information', { token: done.body.token })).status, 200);
      const merged = await s.ctx.db.selectFrom('client_uuids').select('client_id').where('uuid', '=', anon.uuid).executeTakeFirst();
      assert.equal(merged?.client_id, c.clientId);
    });

    it('the plain sign-in route answers 403 MFA_REQUIRED carrying the same condition', async () => {
      const c = await enrolled(s, clock, 'plain');
      const res = await s.signIn(c.email);
      assert.equal(res.status, 403);
      assert.equal(res.body.code, 'MFA_REQUIRED');
      assert.equal(res.body.conditions.length, 1);
      assert.equal(res.body.conditions[0].type, 'MFA');
      assert.deepEqual(res.body.conditions[0].methods, ['TOTP', 'RECOVERY_CODE']);
      const done = await complete(s, res.body.conditions[0].challenge, { code: codeAt(c.secret, clock.now()) });
      assert.equal(done.status, 200);
      // A wrong password still says nothing of a second factor.
      const wrong = await s.signIn(c.email, 'Wrong-password1!');
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
      assert.equal(wrong.body.conditions, undefined);
    });

    it('a code is accepted once: the same code (its time step) is refused the second time, an older one too', async () => {
      const c = await enrolled(s, clock, 'replay');
      const code = codeAt(c.secret, clock.now());
      assert.equal((await complete(s, await challengeFor(s, c.email), { code })).status, 200);
      const replay = await complete(s, await challengeFor(s, c.email), { code });
      assert.equal(replay.status, 403);
      assert.equal(replay.body.code, 'MFA_CODE_INVALID');
      const older = await complete(s, await challengeFor(s, c.email), { code: codeAt(c.secret, clock.now() - STEP) });
      assert.equal(older.status, 403);
      // The next step's code is fresh.
      clock.advance(STEP);
      assert.equal((await complete(s, await challengeFor(s, c.email), { code: codeAt(c.secret, clock.now()) })).status, 200);
    });

    it('a code one step either side is taken (a phone clock a little off); two steps away is not', async () => {
      const c = await enrolled(s, clock, 'window');
      const far = await complete(s, await challengeFor(s, c.email), { code: codeAt(c.secret, clock.now() + 2 * STEP) });
      assert.equal(far.status, 403);
      assert.equal((await complete(s, await challengeFor(s, c.email), { code: codeAt(c.secret, clock.now() + STEP) })).status, 200);
    });

    it('a recovery code completes a sign-in once; RECOVERY_CODE leaves the methods when none is left', async () => {
      const c = await enrolled(s, clock, 'recovery');
      const [first, second] = c.recoveryCodes as [string, string];
      const ok = await complete(s, await challengeFor(s, c.email), { recoveryCode: first.toUpperCase().replace('-', ' ') });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const reused = await complete(s, await challengeFor(s, c.email), { recoveryCode: first });
      assert.equal(reused.status, 403);
      assert.equal(reused.body.code, 'MFA_CODE_INVALID');
      assert.equal((await status(s, ok.body.token)).body.recoveryCodesLeft, 9);
      assert.equal((await complete(s, await challengeFor(s, c.email), { recoveryCode: second })).status, 200);
      for (const code of c.recoveryCodes.slice(2)) assert.equal((await complete(s, await challengeFor(s, c.email), { recoveryCode: code })).status, 200);
      const none = await conditional(s, c.email);
      assert.deepEqual(none.body.conditions[0].methods, ['TOTP']);
    });

    it('a challenge completes one sign-in, dies after five minutes, works only with its API key, and a wrong code leaves it', async () => {
      const c = await enrolled(s, clock, 'challenge');
      const challenge = await challengeFor(s, c.email);
      const wrong = await complete(s, challenge, { code: wrongCode(codeAt(c.secret, clock.now())) });
      assert.equal(wrong.status, 403);
      assert.equal((await complete(s, challenge, { code: codeAt(c.secret, clock.now()) })).status, 200);
      clock.advance(STEP);
      const used = await complete(s, challenge, { code: codeAt(c.secret, clock.now()) });
      assert.equal(used.status, 401);
      assert.equal(used.body.code, 'MFA_CHALLENGE_INVALID');

      const late = await challengeFor(s, c.email);
      clock.advance(5 * 60_000);
      const expired = await complete(s, late, { code: codeAt(c.secret, clock.now()) });
      assert.equal(expired.status, 401);
      assert.equal(expired.body.code, 'MFA_CHALLENGE_INVALID');
      const stored = await s.ctx.db.selectFrom('mfa_challenges').select('id_hash').execute();
      assert.ok(
        stored.every((row) => row.id_hash !== late),
        'stored hashed',
      );

      const made = await challengeFor(s, c.email);
      const unknown = await complete(s, `${made.slice(0, -2)}xx`, { code: codeAt(c.secret, clock.now()) });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.code, 'MFA_CHALLENGE_INVALID');
      const bothProofs = await s.call('POST', '/sauth/v3/auth/login/client/mfa', {
        body: { apiKey: API_KEY, challenge: made, code: '123456', recoveryCode: c.recoveryCodes[0] },
      });
      assert.equal(bothProofs.status, 400);
      assert.equal(bothProofs.body.code, 'VALIDATION_FAILED');
    });

    it('turning it off needs a current code (or a recovery code); then the password alone signs in again', async () => {
      const c = await enrolled(s, clock, 'disable');
      const none = await s.call('POST', '/v4/my-account/second-factor/totp/disable', { token: c.token, body: {} });
      assert.equal(none.status, 400);
      const wrong = await disable(s, c.token, { code: wrongCode(codeAt(c.secret, clock.now())) });
      assert.equal(wrong.status, 403);
      assert.equal(wrong.body.code, 'MFA_CODE_INVALID');
      assert.equal((await status(s, c.token)).body.totp, 'ACTIVE');
      assert.equal((await disable(s, c.token, { code: codeAt(c.secret, clock.now()) })).status, 204);
      assert.deepEqual((await status(s, c.token)).body, { totp: 'NONE', recoveryCodesLeft: 0 });
      assert.equal((await s.ctx.db.selectFrom('recovery_codes').select('code_hash').where('client_id', '=', c.clientId).execute()).length, 0);
      assert.equal((await s.signIn(c.email)).status, 200);
      const again = await disable(s, c.token, { code: codeAt(c.secret, clock.now()) });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'MFA_NOT_ENABLED');

      const lost = await enrolled(s, clock, 'disable-lost');
      assert.equal((await disable(s, lost.token, { recoveryCode: lost.recoveryCodes[3]! })).status, 204);
    });

    it('new recovery codes need a current code, and void the old ones', async () => {
      const c = await enrolled(s, clock, 'regen');
      const wrong = await regenerate(s, c.token, wrongCode(codeAt(c.secret, clock.now())));
      assert.equal(wrong.status, 403);
      const res = await regenerate(s, c.token, codeAt(c.secret, clock.now()));
      assert.equal(res.status, 200);
      assert.equal(res.body.recoveryCodes.length, 10);
      assert.notDeepEqual(res.body.recoveryCodes, c.recoveryCodes);
      assert.equal((await complete(s, await challengeFor(s, c.email), { recoveryCode: c.recoveryCodes[0]! })).status, 403);
      assert.equal((await complete(s, await challengeFor(s, c.email), { recoveryCode: res.body.recoveryCodes[0] })).status, 200);
    });

    it('an unconfirmed account taken back by the email owner (password reset) loses an authenticator its maker enrolled', async () => {
      const c = await enrolled(s, clock, 'claimed');
      assert.equal((await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: c.email } })).status, 202);
      const token = await s.linkToken(c.email);
      const reset = await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Owner-password-1' } });
      assert.equal(reset.status, 200);
      assert.equal((await s.ctx.db.selectFrom('totp_factors').select('client_id').where('client_id', '=', c.clientId).execute()).length, 0);
      assert.equal((await s.ctx.db.selectFrom('recovery_codes').select('client_id').where('client_id', '=', c.clientId).execute()).length, 0);
      const res = await s.signIn(c.email, 'Owner-password-1');
      assert.equal(res.status, 200, JSON.stringify(res.body));
    });

    it('the customer routes need a customer token', async () => {
      const anon = await s.anonymous();
      assert.equal((await start(s, anon.token)).status, 403);
      assert.equal((await s.call('POST', '/v4/my-account/second-factor/totp')).status, 401);
    });
  });

  describe(`second factor: wrong codes limited per account (${dialect})`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      s = await makeServer({ SNR_RATE_LIMIT: JSON.stringify({ secondFactorPerAccount: 3, windowSeconds: 600 }) }, { dialect, clock });
    });
    after(() => s?.close());

    it('past the limit even the right code is refused (429) until the window ends; a right code clears the count', async () => {
      const c = await enrolled(s, clock, 'limit');
      const challenge = await challengeFor(s, c.email);
      const bad = () => complete(s, challenge, { code: wrongCode(codeAt(c.secret, clock.now())) });
      assert.equal((await bad()).status, 403);
      assert.equal((await bad()).status, 403);
      // A right one before the limit clears the count…
      assert.equal((await complete(s, challenge, { code: codeAt(c.secret, clock.now()) })).status, 200);
      clock.advance(STEP);
      const next = await challengeFor(s, c.email);
      for (let i = 0; i < 3; i++) assert.equal((await complete(s, next, { code: wrongCode(codeAt(c.secret, clock.now())) })).status, 403);
      // …and past it, a new challenge (a new password sign-in) does not help, nor a right code or a recovery code.
      const fresh = await challengeFor(s, c.email);
      const limited = await complete(s, fresh, { code: codeAt(c.secret, clock.now()) });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal((await complete(s, fresh, { recoveryCode: c.recoveryCodes[0]! })).status, 429);
      assert.equal((await disable(s, c.token, { code: codeAt(c.secret, clock.now()) })).status, 429);
      // Another account is not affected.
      const other = await enrolled(s, clock, 'limit-other');
      assert.equal((await complete(s, await challengeFor(s, other.email), { code: codeAt(other.secret, clock.now()) })).status, 200);
      clock.advance(600_000);
      const after = await complete(s, await challengeFor(s, c.email), { code: codeAt(c.secret, clock.now()) });
      assert.equal(after.status, 200);
    });
  });

  describe(`second factor: an emailed code is one factor too (${dialect})`, { skip }, () => {
    let s: TestServer;
    let clock: TestClock;
    before(async () => {
      clock = testClock();
      s = await makeServer({ SNR_SIGN_IN_METHODS: 'password,code' }, { dialect, clock });
    });
    after(() => s?.close());

    it('a code sign-in to an account with an authenticator stops at MFA_REQUIRED and completes with its code (origin EMAIL_CODE)', async () => {
      const c = await enrolled(s, clock, 'code-mfa');
      // A confirmed address, as its confirmation link leaves it (an unconfirmed one is taken back by the code, factor and all).
      await s.ctx.db.updateTable('clients').set({ email_confirmed: 1 }).where('id', '=', c.clientId).execute();
      const mailedCode = async () => {
        const request = await s.call('POST', '/sauth/v3/auth/login/client/code/request', { body: { apiKey: API_KEY, email: c.email } });
        assert.equal(request.status, 202);
        const [mail] = await s.mails(c.email);
        const match = mail && /^(\d{6})$/m.exec(mail.text);
        assert.ok(match, 'a code was mailed');
        return match[1]!;
      };
      const plain = await s.call('POST', '/sauth/v3/auth/login/client/code', {
        body: { apiKey: API_KEY, uuid: randomUUID(), email: c.email, code: await mailedCode() },
      });
      assert.equal(plain.status, 403);
      assert.equal(plain.body.code, 'MFA_REQUIRED');
      assert.equal(plain.body.conditions[0].type, 'MFA');
      clock.advance(31_000);
      const res = await s.call('POST', '/sauth/v3/auth/login/client/code/conditional', {
        body: { apiKey: API_KEY, uuid: randomUUID(), email: c.email, code: await mailedCode() },
      });
      assert.equal(res.body.status, 'MFA_REQUIRED', JSON.stringify(res.body));
      assert.equal(res.body.token, undefined);
      const phone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
      const done = await s.call('POST', '/sauth/v3/auth/login/client/mfa', {
        body: { apiKey: API_KEY, challenge: res.body.conditions[0].challenge, code: codeAt(c.secret, clock.now()) },
        headers: { 'user-agent': phone },
      });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      assert.equal(done.body.origin, 'EMAIL_CODE');
      // The session lives on the device that completed the sign-in: the customer's list of devices names it.
      const sid = JSON.parse(Buffer.from(done.body.token.split('.')[1], 'base64url').toString('utf8')).sid;
      const row = await s.ctx.db.selectFrom('sessions').select('user_agent').where('id', '=', sid).executeTakeFirstOrThrow();
      assert.equal(row.user_agent, phone);
    });
  });
}
