import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { accountInformationSchema } from 'snr-auth/contract';
import { renderMail } from '../src/mail/templates.js';
import { API_KEY, makeServer, PASSWORD, type TestServer } from './support/server.js';

const ACCOUNT = '/v4/my-account/personal-information';

describe('registration', () => {
  const modes = [
    ['automatic', 'REGISTERED', true, 0],
    ['confirmation', 'CONFIRMATION_REQUIRED', true, 1],
    ['activation', 'ACTIVATION_REQUIRED', false, 1],
  ] as const;
  for (const [mode, status, canSignIn, mails] of modes) {
    it(`in ${mode} mode answers ${status}, sends ${mails} mail, sign-in ${canSignIn ? 'works' : 'waits for activation'}`, async () => {
      const s = await makeServer({ SNR_REGISTRATION_MODE: mode });
      try {
        const email = `new-${randomUUID()}@example.com`;
        const res = await s.register(email, { firstName: 'Ann', agreements: { email: true }, attributes: { favouriteColour: 'teal' }, tags: ['vip'] });
        assert.equal(res.status, 201);
        assert.equal(res.body.status, status);
        assert.equal(res.body.registrationMode, mode);
        assert.equal(res.body.canSignIn, canSignIn);
        assert.equal((await s.mails(email)).length, mails);
        const signIn = await s.signIn(email);
        if (canSignIn) {
          assert.equal(signIn.status, 200);
          const account = await s.call('GET', ACCOUNT, { token: signIn.body.token });
          assert.equal(account.body.attributes.snrs_email_confirmed, false);
          assert.equal(account.body.attributes.favouriteColour, 'teal');
          assert.equal(account.body.agreements.email, true);
          assert.equal(account.body.agreements.sms, false);
          assert.deepEqual(account.body.tags, ['vip']);
        } else {
          assert.equal(signIn.status, 403);
          assert.equal(signIn.body.code, 'ACTIVATION_REQUIRED');
        }
      } finally {
        await s.close();
      }
    });
  }

  describe('with one server', () => {
    let s: TestServer;
    before(async () => (s = await makeServer()));
    after(() => s.close());

    it('turns the caller’s anonymous profile into the customer: same UUID, clientId and events', async () => {
      const anon = await s.anonymous();
      await s.call('POST', '/v4/events/batch', {
        token: anon.token,
        body: [{ action: 'cart.add', time: new Date().toISOString(), eventSalt: `s-${randomUUID()}`, client: { uuid: anon.uuid } }],
      });
      const before = await s.ctx.db.selectFrom('clients').select('id').where('uuid', '=', anon.uuid).executeTakeFirstOrThrow();
      const res = await s.call('POST', '/sauth/clients/registered', {
        token: anon.token,
        body: { email: `m-${randomUUID()}@example.com`, password: PASSWORD },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.uuid, anon.uuid);
      assert.equal(res.body.clientId, before.id);
      const events = await s.ctx.db.selectFrom('events').select('client_id').where('uuid', '=', anon.uuid).execute();
      assert.deepEqual(
        events.map((e) => e.client_id),
        [before.id],
      );
    });

    it('works on the /v4 alias and with the API key in the body instead of a token', async () => {
      const res = await s.call('POST', '/v4/clients/registered', { body: { apiKey: API_KEY, email: `k-${randomUUID()}@example.com`, password: PASSWORD } });
      assert.equal(res.status, 201);
    });

    it('refuses a duplicate email in any case with 409 EMAIL_TAKEN, and a taken customId', async () => {
      const email = `dup-${randomUUID()}@example.com`;
      assert.equal((await s.register(email, { customId: `dup-${email}` })).status, 201);
      const again = await s.register(email.toUpperCase());
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'EMAIL_TAKEN');
      assert.equal(again.body.errors[0].field, 'email');
      const id = await s.register(`other-${randomUUID()}@example.com`, { customId: `dup-${email}` });
      assert.equal(id.status, 409);
      assert.equal(id.body.code, 'CUSTOM_ID_TAKEN');
    });

    it('lists every failed password rule, stores nothing, never echoes the password', async () => {
      const email = `weak-${randomUUID()}@example.com`;
      const res = await s.register(email, { password: 'abc' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'PASSWORD_POLICY');
      assert.deepEqual(
        res.body.errors.map((e: { code: string }) => e.code),
        ['minLength', 'upper', 'digit', 'symbol'],
      );
      assert.ok(res.body.errors.every((e: { field: string; rejectedValue?: unknown }) => e.field === 'password' && e.rejectedValue === undefined));
      assert.ok(!JSON.stringify(res.body).includes('"abc"'));
      assert.equal(await s.ctx.db.selectFrom('clients').select('id').where('email', '=', email).executeTakeFirst(), undefined);
    });

    it('refuses reserved attribute keys and bad field types, naming the field', async () => {
      let res = await s.register(`r-${randomUUID()}@example.com`, { attributes: { snrs_email_confirmed: true } });
      assert.equal(res.status, 400);
      assert.equal(res.body.errors[0].field, 'attributes.snrs_email_confirmed');
      res = await s.register(`r-${randomUUID()}@example.com`, { attributes: { clientId: 1 } });
      assert.equal(res.body.errors[0].field, 'attributes.clientId');
      res = await s.register(`r-${randomUUID()}@example.com`, { birthDate: '31/12/1990', sex: 'X', agreements: { email: 'yes' } });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field).sort(), ['agreements.email', 'birthDate', 'sex']);
    });

    it('refuses line breaks and other control characters in one-line fields, naming them, storing nothing', async () => {
      const email = `lines-${randomUUID()}@example.com`;
      const res = await s.register(email, { firstName: 'there,\r\n\r\nYour account was compromised. Go to https://evil.example', city: 'Kraków\tx' });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.deepEqual(res.body.errors.map((e: { field: string }) => e.field).sort(), ['city', 'firstName']);
      assert.equal((await s.mails(email)).length, 0);
      const fine = await s.register(email, { firstName: 'Zoë-Anne O’Brien', city: 'Kraków' });
      assert.equal(fine.status, 201, 'letters of any script, apostrophes and hyphens are fine');
    });

    it('writes a name stored before that rule on one line in the mail', () => {
      const mail = renderMail('password_reset', 'https://shop.example/landing?token=t', 'there,\r\nYour account was compromised');
      assert.equal(mail.text.split('\n')[0], 'Hello there, Your account was compromised,');
    });

    it('uses the policy the server is configured with', async () => {
      const strict = await makeServer({ SNR_PASSWORD_POLICY: '{"minLength":12,"requireSymbol":false}' });
      try {
        const res = await strict.register(`p-${randomUUID()}@example.com`, { password: 'Abcdefgh1' });
        assert.equal(res.status, 400);
        assert.deepEqual(
          res.body.errors.map((e: { code: string }) => e.code),
          ['minLength'],
        );
        assert.equal((await strict.register(`p-${randomUUID()}@example.com`, { password: 'Abcdefghijk1' })).status, 201);
        const config = await strict.call('GET', '/snr/config');
        assert.equal(config.body.passwordPolicy.minLength, 12);
        assert.equal(config.body.passwordPolicy.requireSymbol, false);
      } finally {
        await strict.close();
      }
    });
  });
});

describe('activation, confirmation and password reset by emailed link', () => {
  let s: TestServer;
  before(async () => (s = await makeServer({ SNR_REGISTRATION_MODE: 'activation' })));
  after(() => s.close());
  const post = (path: string, body: object) => s.call('POST', path, { body: { apiKey: API_KEY, ...body } });

  it('activates once; a second use is ALREADY_CONFIRMED; an unknown token is 404', async () => {
    const email = `act-${randomUUID()}@example.com`;
    await s.register(email);
    const mail = (await s.mails(email))[0]!;
    assert.match(mail.text, /\/landing\?action=activate&token=/);
    const token = await s.linkToken(email);
    assert.equal((await post('/v4/clients/activation/confirmation', { token })).status, 200);
    const again = await post('/v4/clients/activation/confirmation', { token });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'ALREADY_CONFIRMED');
    const unknown = await post('/v4/clients/activation/confirmation', { token: 'x'.repeat(43) });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'EMAIL_TOKEN_INVALID');
    const signIn = await s.signIn(email);
    assert.equal(signIn.status, 200);
    const account = await s.call('GET', ACCOUNT, { token: signIn.body.token });
    assert.equal(account.body.attributes.snrs_email_confirmed, true);
  });

  it('resends: a new link works, the old one is replaced; the answer is the same for unknown emails', async () => {
    const email = `resend-${randomUUID()}@example.com`;
    await s.register(email);
    const first = await s.linkToken(email);
    const known = await post('/v4/clients/activation/request', { email });
    const ghost = `ghost-${randomUUID()}@example.com`;
    const unknown = await post('/v4/clients/activation/request', { email: ghost });
    assert.equal(known.status, 202);
    assert.deepEqual(unknown, { ...unknown, status: 202 });
    assert.deepEqual(known.body, unknown.body);
    assert.equal((await s.mails(email)).length, 2);
    // The unknown address got the same work, committed, with its mail taken out again: nothing kept.
    assert.equal((await s.mails(ghost)).length, 0);
    const second = await s.linkToken(email);
    assert.notEqual(first, second);
    assert.equal((await post('/v4/clients/activation/confirmation', { token: first })).body.code, 'EMAIL_TOKEN_INVALID');
    assert.equal((await post('/v4/clients/activation/confirmation', { token: second })).status, 200);
  });

  it('resets a password: old sessions end, the new password works, the link works once', async () => {
    const automatic = await makeServer();
    try {
      const c = await automatic.customer();
      const req = (email: string) => automatic.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } });
      const known = await req(c.email);
      const unknown = await req(`ghost-${randomUUID()}@example.com`);
      assert.equal(known.status, 202);
      assert.deepEqual(known.body, unknown.body);
      const token = await automatic.linkToken(c.email);
      const weak = await automatic.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'weak' } });
      assert.equal(weak.body.code, 'PASSWORD_POLICY');
      const ok = await automatic.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Changed2@' } });
      assert.equal(ok.status, 200);
      assert.equal((await automatic.call('GET', ACCOUNT, { token: c.token })).body.code, 'SESSION_REVOKED');
      assert.equal((await automatic.signIn(c.email)).status, 401);
      assert.equal((await automatic.signIn(c.email, 'Changed2@')).status, 200);
      const reused = await automatic.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Another3#' } });
      assert.equal(reused.status, 404);
      assert.equal(reused.body.code, 'EMAIL_TOKEN_INVALID');
    } finally {
      await automatic.close();
    }
  });
});

describe('email routes answer before they write the link', () => {
  it('a known and an unknown email get the same 202; the link is written after it, and the mail follows', async () => {
    const t = await makeServer({ SNR_REGISTRATION_MODE: 'automatic' });
    try {
      const c = await t.customer();
      const ghost = `ghost-${randomUUID()}@example.com`;
      const req = (email: string) => t.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } });
      const [known, unknown] = [await req(c.email), await req(ghost)];
      assert.deepEqual([known.status, known.body], [unknown.status, unknown.body]);
      await t.ctx.mailer.settle();
      assert.equal((await t.mails(c.email)).length, 1);
      assert.equal((await t.mails(ghost)).length, 0);
    } finally {
      await t.close();
    }
  });

  it('work after the answer that fails is logged and stored nowhere; the server goes on', async () => {
    const t = await makeServer({ SNR_REGISTRATION_MODE: 'automatic' });
    try {
      const c = await t.customer();
      const errors: string[] = [];
      const log = (t.ctx.mailer as unknown as { log: { error(record: object, message: string): void } }).log;
      const original = log.error;
      log.error = (_record, message) => void errors.push(message);
      t.ctx.mailer.afterAnswer(Promise.resolve(), async () => {
        await t.ctx.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('outbox')
            .values({
              to_address: c.email,
              subject: 'half',
              text_body: 'half',
              html_body: 'half',
              created_at: Date.now(),
              sent_at: null,
              attempts: 0,
              last_error: null,
              claimed_until: null,
            })
            .execute();
          throw new Error('the database went away');
        });
      });
      await t.ctx.mailer.settle();
      log.error = original;
      assert.deepEqual(errors, ['an emailed link could not be made']);
      assert.equal((await t.mails(c.email)).length, 0, 'nothing of the failed work is stored');
      const next = await t.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: c.email } });
      assert.equal(next.status, 202);
      assert.equal((await t.mails(c.email)).length, 1);
    } finally {
      await t.close();
    }
  });

  it('closing the server first finishes the work its answers promised', async () => {
    const t = await makeServer();
    let done = false;
    t.ctx.mailer.afterAnswer(Promise.resolve(), async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = true;
    });
    await t.close();
    assert.equal(done, true);
  });
});

describe('my account', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());

  it('reads the account information in the contract’s shape', async () => {
    const c = await s.customer();
    const res = await s.call('GET', ACCOUNT, { token: c.token });
    assert.equal(res.status, 200);
    assert.ok(accountInformationSchema.safeParse(res.body).success, JSON.stringify(accountInformationSchema.safeParse(res.body).error));
    assert.equal(res.body.email, c.email);
    assert.equal(res.body.clientId, c.clientId);
    assert.equal(res.body.anonymous, false);
  });

  it('updates part of the profile; attributes and agreements merge; null removes an attribute', async () => {
    const c = await s.customer();
    let res = await s.call('POST', ACCOUNT, {
      token: c.token,
      body: { firstName: 'Zoë', city: 'Kraków', agreements: { sms: true }, attributes: { a: 1, b: 2 } },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.firstName, 'Zoë');
    res = await s.call('POST', ACCOUNT, { token: c.token, body: { lastName: 'Nowak', agreements: { email: true }, attributes: { a: null, c: 'x' } } });
    assert.equal(res.body.firstName, 'Zoë');
    assert.equal(res.body.lastName, 'Nowak');
    assert.deepEqual(res.body.agreements, { email: true, sms: true, push: false, bluetooth: false, rfid: false, wifi: false });
    assert.deepEqual(res.body.attributes, { b: 2, c: 'x', snrs_email_confirmed: false });
    const read = await s.call('GET', ACCOUNT, { token: c.token });
    assert.deepEqual(read.body, res.body);
  });

  it('keeps the email immutable and refuses reserved keys, changing nothing', async () => {
    const c = await s.customer();
    let res = await s.call('POST', ACCOUNT, { token: c.token, body: { email: 'new@example.com', firstName: 'X' } });
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      ['email'],
    );
    res = await s.call('POST', ACCOUNT, { token: c.token, body: { firstName: 'X', attributes: { uuid: 'x' } } });
    assert.equal(res.status, 400);
    const read = await s.call('GET', ACCOUNT, { token: c.token });
    assert.equal(read.body.email, c.email);
    assert.equal(read.body.firstName, null);
  });

  it('changes the password: wrong current password refused; other sessions end, this one stays', async () => {
    const c = await s.customer();
    const other = await s.signIn(c.email);
    const path = '/v4/my-account/change-password';
    let res = await s.call('POST', path, { token: c.token, body: { oldPassword: 'Wrong1!x', password: 'Newpass1!' } });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'INVALID_CREDENTIALS');
    res = await s.call('POST', path, { token: c.token, body: { oldPassword: PASSWORD, password: 'short' } });
    assert.equal(res.body.code, 'PASSWORD_POLICY');
    res = await s.call('POST', path, { token: c.token, body: { oldPassword: PASSWORD, password: 'Newpass1!' } });
    assert.equal(res.status, 200);
    assert.equal((await s.call('GET', ACCOUNT, { token: c.token })).status, 200);
    assert.equal((await s.call('GET', ACCOUNT, { token: other.body.token })).body.code, 'SESSION_REVOKED');
    assert.equal((await s.signIn(c.email, 'Newpass1!')).status, 200);
  });

  it('a password change ends the reset links mailed before it', async () => {
    const c = await s.customer();
    await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: c.email } });
    const link = await s.linkToken(c.email);
    const changed = await s.call('POST', '/v4/my-account/change-password', { token: c.token, body: { oldPassword: PASSWORD, password: 'Newpass1!' } });
    assert.equal(changed.status, 200);
    const reset = await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token: link, password: 'Taken2@over' } });
    assert.equal(reset.status, 404);
    assert.equal(reset.body.code, 'EMAIL_TOKEN_INVALID');
    assert.equal((await s.call('GET', ACCOUNT, { token: c.token })).status, 200, 'the session that changed the password stays');
    assert.equal((await s.signIn(c.email, 'Newpass1!')).status, 200);
  });

  it('refuses anonymous tokens with 403 FORBIDDEN_FOR_ANONYMOUS on every customer route', async () => {
    const anon = await s.anonymous();
    for (const [method, path, body] of [
      ['GET', ACCOUNT, undefined],
      ['POST', ACCOUNT, { firstName: 'x' }],
      ['POST', '/v4/my-account/change-password', { oldPassword: 'a', password: 'b' }],
    ] as const) {
      const res = await s.call(method, path, { token: anon.token, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.code, 'FORBIDDEN_FOR_ANONYMOUS');
    }
  });
});

describe('events', () => {
  let s: TestServer;
  before(async () => (s = await makeServer()));
  after(() => s.close());
  const event = (uuid: string, extra: object = {}) => ({
    action: 'page.visit',
    time: new Date().toISOString(),
    eventSalt: `e-${randomUUID()}`,
    client: { uuid },
    ...extra,
  });

  it('ingests a batch once per eventSalt and attaches it to the token’s profile', async () => {
    const anon = await s.anonymous();
    const batch = [event(anon.uuid, { label: 'Home', params: { url: '/' } }), event(anon.uuid)];
    let res = await s.call('POST', '/v4/events/batch', { token: anon.token, body: batch });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'ACCEPTED', received: 2, duplicates: 0 });
    res = await s.call('POST', '/v4/events/batch', { token: anon.token, body: [...batch, batch[0]] });
    assert.deepEqual(res.body, { status: 'ACCEPTED', received: 3, duplicates: 3 });
    const rows = await s.ctx.db.selectFrom('events').selectAll().where('uuid', '=', anon.uuid).execute();
    assert.equal(rows.length, 2);
    assert.equal(rows.find((r) => r.label === 'Home')?.params, '{"url":"/"}');
  });

  it('refuses a batch with a bad event, naming its index, and stores none of it', async () => {
    const anon = await s.anonymous();
    const good = event(anon.uuid);
    const res = await s.call('POST', '/v4/events/batch', {
      token: anon.token,
      body: [good, event(anon.uuid, { action: '' }), event(anon.uuid, { time: 'yesterday' })],
    });
    assert.equal(res.status, 400);
    assert.deepEqual([...new Set(res.body.errors.map((e: { field: string }) => e.field))], ['[1].action', '[2].time']);
    assert.equal(await s.ctx.db.selectFrom('events').select('id').where('event_salt', '=', good.eventSalt).executeTakeFirst(), undefined);
  });

  it('refuses more than 100 events, an empty batch, and calls without a token', async () => {
    const anon = await s.anonymous();
    const many = Array.from({ length: 101 }, () => event(anon.uuid));
    assert.equal((await s.call('POST', '/v4/events/batch', { token: anon.token, body: many })).status, 400);
    assert.equal((await s.call('POST', '/v4/events/batch', { token: anon.token, body: [] })).status, 400);
    const none = await s.call('POST', '/v4/events/batch', { body: [event(anon.uuid)] });
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'TOKEN_MISSING');
  });

  it('accepts text/plain bodies, as a keepalive flush sends them', async () => {
    const anon = await s.anonymous();
    const res = await s.call('POST', '/v4/events/batch', {
      token: anon.token,
      raw: JSON.stringify([event(anon.uuid)]),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    assert.equal(res.status, 202);
  });
});
