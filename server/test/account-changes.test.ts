// A customer's own changes to the account's identity: moving it to a new email address (request →
// link to the new address, notice to the old one → confirmation) and deleting it. On SQLite, and
// on PostgreSQL when SNR_TEST_PG_URL is set. Provider proof runs against the Facebook Graph
// stand-in (demo/providers/facebook.ts), which signs in as the Graph API does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { GraphStandIn } from '../../demo/providers/facebook.js';
import { API_KEY, type Dialect, makeServer, PASSWORD, PG_URL, type TestClock, type TestServer, testClock } from './support/server.js';

const REQUEST = '/v4/my-account/email-change/request';
const CONFIRM = '/v4/my-account/email-change/confirmation';
const DELETE = '/v4/my-account/delete-account';
const ACCOUNT = '/v4/my-account/personal-information';
const RESET = '/v4/clients/password-reset/request';
const RESET_CONFIRM = '/v4/clients/password-reset/confirmation';
const APP_ID = '5151515151';
const APP_SECRET = 'fb-app-secret-account-changes-0123';

const NO_PG = '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the account-change suite on PostgreSQL is SKIPPED.';
const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : NO_PG },
];

const fresh = (tag: string) => `${tag}-${randomUUID()}@example.com`;

for (const { dialect, skip } of DIALECTS) {
  describe(`email change and account deletion, store on ${dialect}`, { skip }, () => {
    const graph = new GraphStandIn({ appId: APP_ID, appSecret: APP_SECRET });
    let s: TestServer;
    let clock: TestClock;

    before(async () => {
      await graph.start();
      clock = testClock();
      s = await makeServer({ SNR_FACEBOOK_APP_ID: APP_ID, SNR_FACEBOOK_APP_SECRET: APP_SECRET, SNR_FACEBOOK_GRAPH_URL: graph.url }, { dialect, clock });
    });
    after(async () => {
      await s?.close();
      await graph.stop();
    });

    // Links are written after the answer (Mailer.afterAnswer): wait for that work first.
    const changeTokens = async (clientId: number) =>
      (await s.ctx.mailer.settle(), s.ctx.db)
        .selectFrom('email_tokens')
        .selectAll()
        .where('client_id', '=', clientId)
        .where('purpose', '=', 'email_change')
        .execute();

    describe('requestEmailChange', () => {
      it('sends a link to the new address and a notice to the old one; the address stays until the link is followed', async () => {
        const c = await s.customer(fresh('old'));
        const to = fresh('new');
        const res = await s.call('POST', REQUEST, { token: c.token, body: { email: to.toUpperCase(), password: PASSWORD } });
        assert.equal(res.status, 202, JSON.stringify(res.body));
        assert.deepEqual(res.body, { status: 'ACCEPTED' });

        const [link] = await s.mails(to);
        assert.equal(link?.subject, 'Confirm your new email address');
        assert.match(link!.text, /[?&]action=confirm-email-change&token=[A-Za-z0-9_-]{43}/);
        const [notice] = await s.mails(c.email);
        assert.equal(notice?.subject, 'Your email address is about to change');
        assert.ok(notice!.text.includes(to), 'the notice names the new address');
        assert.doesNotMatch(notice!.text, /token=/, 'the notice to the old address carries no link');

        const account = await s.call('GET', ACCOUNT, { token: c.token });
        assert.equal(account.body.email, c.email);
        assert.equal((await s.signIn(c.email)).status, 200);
        const [row] = await changeTokens(c.clientId);
        assert.equal(row?.new_email, to, 'stored lower-cased, as every email');
      });

      it('refuses a wrong password (403 INVALID_CREDENTIALS), a missing one (400) and the current address (400); nothing is mailed', async () => {
        const c = await s.customer(fresh('pw'));
        const to = fresh('never');
        const wrong = await s.call('POST', REQUEST, { token: c.token, body: { email: to, password: 'Wrong1!x' } });
        assert.equal(wrong.status, 403);
        assert.equal(wrong.body.code, 'INVALID_CREDENTIALS');
        const missing = await s.call('POST', REQUEST, { token: c.token, body: { email: to } });
        assert.equal(missing.status, 400);
        assert.equal(missing.body.code, 'VALIDATION_FAILED');
        const same = await s.call('POST', REQUEST, { token: c.token, body: { email: c.email, password: PASSWORD } });
        assert.equal(same.status, 400);
        assert.equal(same.body.errors[0].field, 'email');
        assert.equal((await s.mails(to)).length, 0);
        assert.equal((await changeTokens(c.clientId)).length, 0);
      });

      it('is for customers only: an anonymous token gets 403 FORBIDDEN_FOR_ANONYMOUS', async () => {
        const anon = await s.anonymous();
        const res = await s.call('POST', REQUEST, { token: anon.token, body: { email: fresh('x'), password: PASSWORD } });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'FORBIDDEN_FOR_ANONYMOUS');
      });

      it('answers a taken address exactly as a free one; the taken address is told someone tried (no link), the old one gets the same notice', async () => {
        const owner = await s.customer(fresh('owner'));
        const c = await s.customer(fresh('mover'));
        const free = await s.call('POST', REQUEST, { token: c.token, body: { email: fresh('free'), password: PASSWORD } });
        const taken = await s.call('POST', REQUEST, { token: c.token, body: { email: owner.email, password: PASSWORD } });
        assert.equal(taken.status, free.status);
        assert.deepEqual(taken.body, free.body);
        assert.deepEqual(
          [...taken.headers.keys()].filter((k) => k !== 'date'),
          [...free.headers.keys()].filter((k) => k !== 'date'),
        );

        const [tried] = await s.mails(owner.email);
        assert.equal(tried?.subject, 'Someone tried to use your email address');
        assert.doesNotMatch(tried!.text, /token=/);
        const notices = await s.mails(c.email);
        assert.equal(notices.length, 2);
        assert.deepEqual(
          notices.map((m) => m.subject),
          ['Your email address is about to change', 'Your email address is about to change'],
        );
        // Only the free address's request left a token; the owner's account is untouched.
        const tokens = await changeTokens(c.clientId);
        assert.equal(tokens.length, 1);
        assert.notEqual(tokens[0]!.new_email, owner.email);
        assert.equal((await s.signIn(owner.email)).status, 200);
      });

      it('accepts a token of a linked provider for an account without a password; another person’s token is refused', async () => {
        const user = graph.user({ email: fresh('fb'), first_name: 'Fay' });
        const anon = await s.anonymous();
        const login = await s.call('POST', '/sauth/v3/auth/login/client', {
          body: { apiKey: API_KEY, uuid: anon.uuid, identityProvider: 'FACEBOOK', identityProviderToken: graph.token(user) },
        });
        assert.equal(login.status, 200, JSON.stringify(login.body));
        const someoneElse = graph.token(graph.user({ email: fresh('fb-other') }));
        const refused = await s.call('POST', REQUEST, { token: login.body.token, body: { email: fresh('fb-new'), externalToken: someoneElse } });
        assert.equal(refused.status, 403);
        assert.equal(refused.body.code, 'INVALID_CREDENTIALS');
        const noPassword = await s.call('POST', REQUEST, { token: login.body.token, body: { email: fresh('fb-new'), password: PASSWORD } });
        assert.equal(noPassword.status, 403, 'an account without a password cannot be proven with one');

        const to = fresh('fb-new');
        const ok = await s.call('POST', REQUEST, {
          token: login.body.token,
          body: { email: to, externalToken: graph.token(user), identityProvider: 'FACEBOOK' },
        });
        assert.equal(ok.status, 202, JSON.stringify(ok.body));
        assert.equal((await s.mails(to)).length, 1);
      });
    });

    describe('confirmEmailChange', () => {
      it('switches the address (confirmed), ends the other sessions but not the caller’s, and voids reset and older change links', async () => {
        const c = await s.customer(fresh('sw'));
        const other = await s.signIn(c.email);
        assert.equal((await s.call('POST', RESET, { body: { apiKey: API_KEY, email: c.email } })).status, 202);
        const resetToken = await s.linkToken(c.email);

        await s.call('POST', REQUEST, { token: c.token, body: { email: fresh('first'), password: PASSWORD } });
        const firstLinks = await changeTokens(c.clientId);
        const to = fresh('second');
        await s.call('POST', REQUEST, { token: c.token, body: { email: to, password: PASSWORD } });
        const older = (await s.mails(firstLinks[0]!.new_email!))[0]!.text.match(/token=([A-Za-z0-9_-]+)/)![1]!;
        const token = await s.linkToken(to);

        const stale = await s.call('POST', CONFIRM, { body: { apiKey: API_KEY, token: older } });
        assert.equal(stale.status, 404, 'a newer request voids the older link');
        assert.equal(stale.body.code, 'EMAIL_TOKEN_INVALID');

        const res = await s.call('POST', CONFIRM, { token: c.token, body: { token, newsletterAgreement: true } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.deepEqual(res.body, { status: 'OK' });

        const account = await s.call('GET', ACCOUNT, { token: c.token });
        assert.equal(account.status, 200, 'the confirming session stays');
        assert.equal(account.body.email, to);
        assert.equal(account.body.attributes.snrs_email_confirmed, true);
        assert.equal(account.body.agreements.email, true);
        const ended = await s.call('GET', ACCOUNT, { token: other.body.token });
        assert.equal(ended.status, 401);
        assert.equal(ended.body.code, 'SESSION_REVOKED');
        const revoked = await s.ctx.db
          .selectFrom('sessions')
          .select('revoked_reason')
          .where('client_id', '=', c.clientId)
          .where('revoked_at', 'is not', null)
          .execute();
        assert.ok(revoked.some((r) => r.revoked_reason === 'email-changed'));

        assert.equal((await s.signIn(c.email)).status, 401, 'the old address no longer signs in');
        assert.equal((await s.signIn(to)).status, 200);
        const reset = await s.call('POST', RESET_CONFIRM, { body: { apiKey: API_KEY, token: resetToken, password: 'Another1!' } });
        assert.equal(reset.status, 404, 'a reset link mailed to the old address is void');
        const again = await s.call('POST', CONFIRM, { body: { apiKey: API_KEY, token } });
        assert.equal(again.status, 404, 'single use');
      });

      it('with the API key alone (another browser) ends every session of the account', async () => {
        const c = await s.customer(fresh('key'));
        const to = fresh('key-new');
        await s.call('POST', REQUEST, { token: c.token, body: { email: to, password: PASSWORD } });
        const res = await s.call('POST', CONFIRM, { body: { apiKey: API_KEY, token: await s.linkToken(to) } });
        assert.equal(res.status, 200);
        assert.equal((await s.call('GET', ACCOUNT, { token: c.token })).status, 401);
        const row = await s.ctx.db.selectFrom('clients').select(['email', 'email_confirmed']).where('id', '=', c.clientId).executeTakeFirstOrThrow();
        assert.deepEqual(row, { email: to, email_confirmed: 1 });
      });

      it('expires with the password-reset lifetime (1 hour)', async () => {
        const c = await s.customer(fresh('exp'));
        const to = fresh('exp-new');
        await s.call('POST', REQUEST, { token: c.token, body: { email: to, password: PASSWORD } });
        const token = await s.linkToken(to);
        clock.advance(3600_000 + 1);
        const res = await s.call('POST', CONFIRM, { body: { apiKey: API_KEY, token } });
        assert.equal(res.status, 404);
        assert.equal(res.body.code, 'EMAIL_TOKEN_INVALID');
      });

      it('answers 409 EMAIL_TAKEN when the address got an account after the request; the account keeps its address', async () => {
        const c = await s.customer(fresh('race'));
        const to = fresh('race-new');
        await s.call('POST', REQUEST, { token: c.token, body: { email: to, password: PASSWORD } });
        const token = await s.linkToken(to);
        assert.equal((await s.register(to)).status, 201);
        const res = await s.call('POST', CONFIRM, { body: { apiKey: API_KEY, token } });
        assert.equal(res.status, 409);
        assert.equal(res.body.code, 'EMAIL_TAKEN');
        assert.equal((await s.signIn(c.email)).status, 200);
      });
    });

    describe('deleteAccount', () => {
      it('refuses a wrong password with 403 INVALID_CREDENTIALS and keeps everything', async () => {
        const c = await s.customer(fresh('del-wrong'));
        const res = await s.call('POST', DELETE, { token: c.token, body: { clientAuthFactor: 'Wrong1!x' } });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'INVALID_CREDENTIALS');
        assert.equal((await s.call('GET', ACCOUNT, { token: c.token })).status, 200);
      });

      it('erases the data as the backend deletion does and ends every session with reason account-deleted', async () => {
        const c = await s.customer(fresh('del'));
        const second = await s.signIn(c.email);
        await s.call('POST', RESET, { body: { apiKey: API_KEY, email: c.email } });
        await s.mails(c.email);

        const res = await s.call('POST', DELETE, { token: c.token, body: { clientAuthFactor: PASSWORD, identityProvider: 'SYNERISE' } });
        assert.equal(res.status, 204, JSON.stringify(res.body));

        const row = await s.ctx.db.selectFrom('clients').selectAll().where('id', '=', c.clientId).executeTakeFirstOrThrow();
        assert.equal(row.status, 'anonymous');
        assert.equal(row.email, null);
        assert.equal(row.password_hash, null);
        assert.equal(row.first_name, null);
        assert.equal(row.agreements, '{}');
        const sessions = await s.ctx.db.selectFrom('sessions').select(['revoked_at', 'revoked_reason']).where('client_id', '=', c.clientId).execute();
        assert.ok(sessions.length >= 2);
        for (const session of sessions) assert.equal(session.revoked_reason, 'account-deleted');
        assert.equal((await s.ctx.db.selectFrom('email_tokens').select('token_hash').where('client_id', '=', c.clientId).execute()).length, 0);
        for (const token of [c.token, second.body.token]) {
          const after = await s.call('GET', ACCOUNT, { token });
          assert.equal(after.status, 401);
          assert.equal(after.body.code, 'SESSION_REVOKED');
        }
        assert.equal((await s.signIn(c.email)).status, 401);
        assert.equal((await s.register(c.email)).status, 201, 'the address is free again');
      });

      it('takes a linked provider’s token for an account without a password, and unlinks it', async () => {
        const user = graph.user({ email: fresh('fb-del') });
        const anon = await s.anonymous();
        const login = await s.call('POST', '/sauth/v3/auth/login/client', {
          body: { apiKey: API_KEY, uuid: anon.uuid, identityProvider: 'FACEBOOK', identityProviderToken: graph.token(user) },
        });
        assert.equal(login.status, 200);
        const withPassword = await s.call('POST', DELETE, { token: login.body.token, body: { clientAuthFactor: PASSWORD } });
        assert.equal(withPassword.status, 403);
        const res = await s.call('POST', DELETE, {
          token: login.body.token,
          body: { clientAuthFactor: graph.token(user), identityProvider: 'FACEBOOK' },
        });
        assert.equal(res.status, 204, JSON.stringify(res.body));
        const links = await s.ctx.db.selectFrom('client_identities').select('client_id').where('subject', '=', user.id).execute();
        assert.equal(links.length, 0);
        // The same Facebook person signing in again is a new customer, not the erased one.
        const anon2 = await s.anonymous();
        const again = await s.call('POST', '/sauth/v3/auth/login/client', {
          body: { apiKey: API_KEY, uuid: anon2.uuid, identityProvider: 'FACEBOOK', identityProviderToken: graph.token(user) },
        });
        assert.equal(again.status, 200);
        assert.notEqual(again.body.clientId, login.body.clientId);
      });

      it('is for customers only: an anonymous token gets 403 FORBIDDEN_FOR_ANONYMOUS', async () => {
        const anon = await s.anonymous();
        const res = await s.call('POST', DELETE, { token: anon.token, body: { clientAuthFactor: PASSWORD } });
        assert.equal(res.status, 403);
        assert.equal(res.body.code, 'FORBIDDEN_FOR_ANONYMOUS');
      });
    });
  });
}
