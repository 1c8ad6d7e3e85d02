// Mail through real SMTP: the server sends to a local `smtp-server` sink; the tests read the
// emailed link out of the received message (MIME, quoted-printable) and follow it.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { closeContext, createContext, silentLogger } from '../src/context.js';
import { API_KEY, type Dialect, makeServer, PG_URL, type TestServer } from './support/server.js';

const LANDING_URL = 'https://shop.example/account/landing';
const MAIL_FROM = 'Shop <no-reply@shop.example>';
const NEW_PASSWORD = 'Fresh-Secret2';

const NO_PG_REASON =
  '!!! NO POSTGRESQL: SNR_TEST_PG_URL is not set, so the mail suite on PostgreSQL is SKIPPED. ' +
  'Run `npm test` (it starts a throwaway cluster) or `node scripts/postgres.mjs start` and export the printed variable.';
const DIALECTS: Array<{ dialect: Dialect; skip: string | false }> = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: PG_URL ? false : NO_PG_REASON },
];

// ---- a tiny MIME reader ---------------------------------------------------------------------------

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? /^[0-9A-Fa-f]{2}$/.exec(soft.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

/** RFC 2047 encoded words (`=?utf-8?Q?...?=`), as a subject may carry them. */
function decodeHeader(value: string): string {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

/** The decoded text/plain body of a message, looking inside multipart containers. */
function plainText(part: Part): string | undefined {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = part.body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const found = plainText(splitPart(section.replace(/^\r?\n/, '')));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return /^text\/plain\b/i.test(type) ? decodeBody(part) : undefined;
}

interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  /** The one link in the text that carries a token. */
  link: URL;
}

function readMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const message = splitPart(raw);
  const text = plainText(message);
  assert.ok(text !== undefined, `no text/plain part in:\n${raw}`);
  const links = text.match(/https?:\/\/\S+/g) ?? [];
  const withToken = links.map((l) => new URL(l)).filter((u) => u.searchParams.has('token'));
  assert.equal(withToken.length, 1, `expected one link with a token in:\n${text}`);
  return {
    envelopeFrom: envelope.from,
    envelopeTo: envelope.to,
    from: decodeHeader(message.headers.get('from') ?? ''),
    to: decodeHeader(message.headers.get('to') ?? ''),
    subject: decodeHeader(message.headers.get('subject') ?? ''),
    text,
    link: withToken[0]!,
  };
}

// ---- the SMTP sink --------------------------------------------------------------------------------

/** A real SMTP server on 127.0.0.1 that keeps what it receives; stop and start it again on its port. */
class MailSink {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private waiters: Array<() => void> = [];
  port = 0;

  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          };
          try {
            this.received.push(readMail(Buffer.concat(chunks).toString('utf8'), envelope));
            callback();
          } catch (err) {
            callback(err as Error);
          }
          for (const wake of this.waiters.splice(0)) wake();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
  }

  /** Waits until `count` mails to an address have arrived; fails after `timeoutMs`. */
  async waitFor(address: string, count = 1, timeoutMs = 5000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`expected ${count} mail(s) to ${address} within ${timeoutMs} ms, got ${this.to(address).length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.to(address);
  }
}

// ---- helpers --------------------------------------------------------------------------------------

const newEmail = (tag: string) => `${tag}-${randomUUID()}@example.com`;

function assertError(res: { status: number; body: any }, status: number, code: string): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body?.code, code);
}

function smtpServer(sink: MailSink, mode: 'automatic' | 'confirmation' | 'activation', dialect: Dialect): Promise<TestServer> {
  return makeServer({ SNR_REGISTRATION_MODE: mode, SNR_SMTP_URL: sink.url, SNR_MAIL_FROM: MAIL_FROM, SNR_LANDING_URL: LANDING_URL }, { dialect });
}

/** Lets the mailer finish what the last request handed it. */
const delivered = (server: TestServer) => server.ctx.mailer.idle();

const confirm = (server: TestServer, token: string) => server.call('POST', '/v4/clients/activation/confirmation', { body: { apiKey: API_KEY, token } });
const account = (server: TestServer, token: string) => server.call('GET', '/v4/my-account/personal-information', { token });

async function outboxRow(server: TestServer, email: string) {
  const rows = await server.ctx.db.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('id', 'desc').execute();
  assert.ok(rows.length > 0, `no outbox row for ${email}`);
  return rows[0]!;
}

function assertLink(mail: ReceivedMail, action: string): string {
  assert.equal(`${mail.link.origin}${mail.link.pathname}`, LANDING_URL);
  assert.equal(mail.link.searchParams.get('action'), action);
  const token = mail.link.searchParams.get('token');
  assert.ok(token && /^[A-Za-z0-9_-]{32,}$/.test(token), `token ${token}`);
  return token;
}

// ---- the tests ------------------------------------------------------------------------------------

it('the test reader decodes quoted-printable soft breaks and escapes', () => {
  assert.equal(decodeQuotedPrintable('a=3Db&token=3D=\r\nabc=C5=BC'), 'a=b&token=abcż');
});

for (const { dialect, skip } of DIALECTS) {
  // A skipped test (not a skipped suite) so the runner counts it and prints the reason.
  if (skip) {
    it(`mail over SMTP, store on ${dialect}`, { skip }, () => {});
    continue;
  }
  describe(`mail over SMTP, store on ${dialect}`, () => {
    const sink = new MailSink();
    before(() => sink.start(0));
    after(() => sink.stop());

    describe('registration mode automatic', () => {
      let server: TestServer;
      before(async () => {
        server = await smtpServer(sink, 'automatic', dialect);
      });
      after(() => server?.close());

      it('sends no mail; the customer signs in at once, email not confirmed', async () => {
        assert.equal(server.ctx.mailer.mode, 'smtp');
        const email = newEmail('auto');
        const reg = await server.register(email);
        assert.equal(reg.status, 201);
        assert.equal(reg.body.status, 'REGISTERED');
        await delivered(server);
        assert.deepEqual(await server.mails(email), []);
        const signedIn = await server.signIn(email);
        assert.equal(signedIn.status, 200);
        const info = await account(server, signedIn.body.token);
        assert.equal(info.status, 200);
        assert.equal(info.body.attributes.snrs_email_confirmed, false);
        // Nothing turned up late either.
        await new Promise((r) => setTimeout(r, 100));
        assert.deepEqual(sink.to(email), []);
      });
    });

    describe('registration mode confirmation', () => {
      let server: TestServer;
      before(async () => {
        server = await smtpServer(sink, 'confirmation', dialect);
      });
      after(() => server?.close());

      it('signs in before confirming, mails a link that confirms once, then 400 ALREADY_CONFIRMED', async () => {
        const email = newEmail('confirm');
        const reg = await server.register(email);
        assert.equal(reg.status, 201);
        assert.equal(reg.body.status, 'CONFIRMATION_REQUIRED');
        assert.equal(reg.body.canSignIn, true);

        const signedIn = await server.signIn(email);
        assert.equal(signedIn.status, 200);
        assert.equal((await account(server, signedIn.body.token)).body.attributes.snrs_email_confirmed, false);

        await delivered(server);
        const [mail] = await sink.waitFor(email);
        assert.equal(mail!.subject, 'Confirm your email address');
        assert.deepEqual(mail!.envelopeTo, [email]);
        assert.equal(mail!.envelopeFrom, 'no-reply@shop.example');
        assert.match(mail!.from, /no-reply@shop\.example/);
        const token = assertLink(mail!, 'confirm-email');
        const row = await outboxRow(server, email);
        assert.equal(typeof row.sent_at, 'number');
        assert.equal(row.attempts, 1);
        assert.equal(row.last_error, null);

        assertError(await confirm(server, 'not-a-real-token-at-all-0000000000000'), 404, 'EMAIL_TOKEN_INVALID');
        const confirmed = await confirm(server, token);
        assert.equal(confirmed.status, 200);
        assert.deepEqual(confirmed.body, { status: 'OK' });
        const info = await account(server, signedIn.body.token);
        assert.equal(info.status, 200);
        assert.equal(info.body.attributes.snrs_email_confirmed, true);
        assertError(await confirm(server, token), 400, 'ALREADY_CONFIRMED');

        // A confirmed customer asking again gets the same 202 and no mail.
        const again = await server.call('POST', '/v4/clients/activation/request', { body: { apiKey: API_KEY, email } });
        assert.equal(again.status, 202);
        await delivered(server);
        assert.equal(sink.to(email).length, 1);
      });
    });

    describe('text a registrant typed, in our mail', () => {
      let server: TestServer;
      let activation: TestServer;
      const LURE = 'Claim your prize at evil.example';
      before(async () => {
        server = await smtpServer(sink, 'confirmation', dialect);
        activation = await smtpServer(sink, 'activation', dialect);
      });
      after(async () => {
        await server?.close();
        await activation?.close();
      });

      /** What a mail says, in every form it has: the received text and the stored HTML. */
      async function everything(on: TestServer, email: string, count: number): Promise<string> {
        await delivered(on);
        const mails = await sink.waitFor(email, count);
        return `${mails[count - 1]!.subject}\n${mails[count - 1]!.text}\n${(await outboxRow(on, email)).html_body}`;
      }
      const resetMail = async (on: TestServer, email: string, count: number) => {
        assert.equal((await on.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email } })).status, 202);
        return everything(on, email, count);
      };

      it('mail to an address not yet confirmed carries nothing the registrant typed: confirmation, activation, reset', async () => {
        const email = newEmail('lure');
        assert.equal((await server.register(email, { firstName: LURE, lastName: 'https://evil.example/x' })).status, 201);
        const confirmation = await everything(server, email, 1);
        assert.match(confirmation, /^Hello,$/m);
        assert.doesNotMatch(confirmation, /prize|evil/);
        const reset = await resetMail(server, email, 2);
        assert.match(reset, /^Hello,$/m);
        assert.doesNotMatch(reset, /prize|evil/, 'a reset mail to an unconfirmed address names nobody either');

        const pending = newEmail('lure-activate');
        assert.equal((await activation.register(pending, { firstName: 'Mallory' })).status, 201);
        const activate = await everything(activation, pending, 1);
        assert.match(activate, /^Hello,$/m);
        assert.doesNotMatch(activate, /Mallory/);
      });

      it('once the address is confirmed, a reset mail greets a plain short name, and leaves out a URL or a long text whole', async () => {
        const email = newEmail('named');
        assert.equal((await server.register(email, { firstName: 'Zoë-Anne' })).status, 201);
        await delivered(server);
        const [confirmation] = await sink.waitFor(email, 1);
        assert.equal((await confirm(server, assertLink(confirmation!, 'confirm-email'))).status, 200);
        assert.match(await resetMail(server, email, 2), /^Hello Zoë-Anne,$/m);

        const { token } = (await server.signIn(email)).body;
        let count = 2;
        for (const firstName of [LURE, 'Ann https://evil.example', 'Ann www.evil', 'ann@evil.example', 'Ann\u202Eelpmaxe.live', 'A'.repeat(41)]) {
          assert.equal((await server.call('POST', '/v4/my-account/personal-information', { token, body: { firstName } })).status, 200, firstName);
          const mail = await resetMail(server, email, ++count);
          assert.match(mail, /^Hello,$/m, firstName);
          assert.doesNotMatch(mail, /evil|prize|AAAA|elpmaxe/, firstName);
        }
      });
    });

    describe('registration mode activation', () => {
      let server: TestServer;
      before(async () => {
        server = await smtpServer(sink, 'activation', dialect);
      });
      after(() => server?.close());

      it('refuses sign-in until activated; a resend mails a new link and the old one stops working', async () => {
        const email = newEmail('activate');
        const reg = await server.register(email);
        assert.equal(reg.status, 201);
        assert.equal(reg.body.status, 'ACTIVATION_REQUIRED');
        assert.equal(reg.body.canSignIn, false);
        assertError(await server.signIn(email), 403, 'ACTIVATION_REQUIRED');

        await delivered(server);
        const [first] = await sink.waitFor(email, 1);
        assert.equal(first!.subject, 'Activate your account');
        const oldToken = assertLink(first!, 'activate');

        const resend = await server.call('POST', '/v4/clients/activation/request', { body: { apiKey: API_KEY, email } });
        assert.equal(resend.status, 202);
        assert.deepEqual(resend.body, { status: 'ACCEPTED' });
        await delivered(server);
        const mails = await sink.waitFor(email, 2);
        assert.equal(mails.length, 2);
        const newToken = assertLink(mails[1]!, 'activate');
        assert.notEqual(newToken, oldToken);

        assertError(await confirm(server, oldToken), 404, 'EMAIL_TOKEN_INVALID');
        assertError(await server.signIn(email), 403, 'ACTIVATION_REQUIRED');

        const activated = await confirm(server, newToken);
        assert.equal(activated.status, 200);
        const signedIn = await server.signIn(email);
        assert.equal(signedIn.status, 200);
        assert.equal((await account(server, signedIn.body.token)).body.attributes.snrs_email_confirmed, true);
        assertError(await confirm(server, newToken), 400, 'ALREADY_CONFIRMED');
      });

      it('answers an activation request for an unknown email with the same 202 and sends nothing', async () => {
        const known = newEmail('known');
        assert.equal((await server.register(known)).status, 201);
        await delivered(server);
        await sink.waitFor(known, 1);
        const forKnown = await server.call('POST', '/v4/clients/activation/request', { body: { apiKey: API_KEY, email: known } });
        const unknown = newEmail('nobody');
        const forUnknown = await server.call('POST', '/v4/clients/activation/request', { body: { apiKey: API_KEY, email: unknown } });
        assert.equal(forUnknown.status, 202);
        assert.equal(forKnown.status, 202);
        assert.deepEqual(forUnknown.body, forKnown.body);
        await delivered(server);
        await sink.waitFor(known, 2);
        assert.deepEqual(sink.to(unknown), []);
        assert.deepEqual(await server.mails(unknown), []);
      });
    });

    describe('password reset', () => {
      let server: TestServer;
      before(async () => {
        server = await smtpServer(sink, 'automatic', dialect);
      });
      after(() => server?.close());

      it('mails a link; confirming sets the new password, ends every session, and the link works once', async () => {
        const customer = await server.customer(newEmail('reset'));
        const otherDevice = await server.signIn(customer.email);
        assert.equal(otherDevice.status, 200);

        const requested = await server.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: customer.email } });
        assert.equal(requested.status, 202);
        await delivered(server);
        const [mail] = await sink.waitFor(customer.email);
        assert.equal(mail!.subject, 'Reset your password');
        const token = assertLink(mail!, 'reset-password');
        const kept = await server.ctx.db.selectFrom('outbox').select(['text_body', 'html_body', 'sent_at']).where('to_address', '=', customer.email).execute();
        assert.ok(kept.length > 0 && kept.every((row) => row.sent_at !== null));
        assert.ok(!kept.some((row) => row.text_body.includes(token) || row.html_body.includes(token)), 'the delivered copy keeps no live token');

        // A password failing the policy is refused and leaves the link usable.
        const weak = await server.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'weak' } });
        assertError(weak, 400, 'PASSWORD_POLICY');
        assert.equal((await account(server, customer.token)).status, 200);

        const reset = await server.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: NEW_PASSWORD } });
        assert.equal(reset.status, 200);
        assert.deepEqual(reset.body, { status: 'OK' });

        for (const old of [customer.token, otherDevice.body.token]) {
          assertError(await account(server, old), 401, 'SESSION_REVOKED');
          assertError(await server.call('POST', '/sauth/v3/auth/refresh/client', { token: old, body: {} }), 401, 'SESSION_REVOKED');
        }
        assertError(await server.signIn(customer.email), 401, 'INVALID_CREDENTIALS');
        const fresh = await server.signIn(customer.email, NEW_PASSWORD);
        assert.equal(fresh.status, 200);
        assert.equal((await account(server, fresh.body.token)).status, 200);

        const twice = await server.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: 'Another-Secret3' } });
        assertError(twice, 404, 'EMAIL_TOKEN_INVALID');
        assert.equal((await server.signIn(customer.email, NEW_PASSWORD)).status, 200, 'the second use changed nothing');
      });

      it('a newer reset request makes the older link stop working', async () => {
        const customer = await server.customer(newEmail('reset-twice'));
        for (let i = 0; i < 2; i++) {
          assert.equal((await server.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: customer.email } })).status, 202);
          await delivered(server);
        }
        const [older, newer] = await sink.waitFor(customer.email, 2);
        const olderToken = assertLink(older!, 'reset-password');
        const newerToken = assertLink(newer!, 'reset-password');
        assertError(
          await server.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token: olderToken, password: NEW_PASSWORD } }),
          404,
          'EMAIL_TOKEN_INVALID',
        );
        assert.equal(
          (await server.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token: newerToken, password: NEW_PASSWORD } }))
            .status,
          200,
        );
      });

      it('answers an unknown email with the same 202 body and sends no mail', async () => {
        const customer = await server.customer(newEmail('reset-known'));
        const known = await server.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: customer.email } });
        const unknownEmail = newEmail('reset-nobody');
        const unknown = await server.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: unknownEmail } });
        assert.equal(known.status, 202);
        assert.equal(unknown.status, 202);
        assert.deepEqual(unknown.body, known.body);
        assert.deepEqual(unknown.body, { status: 'ACCEPTED' });
        await delivered(server);
        await sink.waitFor(customer.email, 1);
        assert.deepEqual(sink.to(unknownEmail), []);
        assert.deepEqual(await server.mails(unknownEmail), []);
      });
    });

    describe('SMTP server down', () => {
      const downSink = new MailSink();
      let server: TestServer;
      before(async () => {
        // Learn a free port, then close it: the server's SMTP URL points at nothing.
        await downSink.start(0);
        await downSink.stop();
        server = await smtpServer(downSink, 'confirmation', dialect);
      });
      after(async () => {
        await server?.close();
        await downSink.stop();
      });

      it('registration still answers 201; the mail waits in the outbox and is delivered by a later flush', async () => {
        const email = newEmail('outage');
        const reg = await server.register(email);
        assert.equal(reg.status, 201);
        assert.equal(reg.body.status, 'CONFIRMATION_REQUIRED');
        await delivered(server);

        const waiting = await outboxRow(server, email);
        assert.equal(waiting.sent_at, null);
        assert.equal(waiting.attempts, 1);
        assert.ok(waiting.last_error && waiting.last_error.length > 0, 'the failure is recorded');
        assert.equal((await server.signIn(email)).status, 200, 'confirmation mode lets the customer in meanwhile');

        await downSink.start();
        await server.ctx.mailer.flush();
        const [mail] = await downSink.waitFor(email, 1);
        const sent = await outboxRow(server, email);
        assert.equal(sent.id, waiting.id);
        assert.equal(typeof sent.sent_at, 'number');
        assert.equal(sent.attempts, 2);
        assert.equal(sent.last_error, null);

        const token = assertLink(mail!, 'confirm-email');
        assert.equal((await confirm(server, token)).status, 200);

        // Delivered mail is not sent again.
        await server.ctx.mailer.flush();
        assert.equal(downSink.to(email).length, 1);
      });

      it('two instances retrying the outbox at once deliver each mail once', async () => {
        await downSink.stop();
        const email = newEmail('retry-twice');
        assert.equal((await server.register(email)).status, 201);
        await delivered(server);
        assert.equal((await outboxRow(server, email)).sent_at, null);
        // A second instance on the same database, as behind a load balancer.
        const other = await createContext(server.ctx.config, { log: silentLogger });
        try {
          await downSink.start();
          await Promise.all([server.ctx.mailer.flush(), other.mailer.flush()]);
          await new Promise((r) => setTimeout(r, 100));
          assert.equal(downSink.to(email).length, 1, `delivered ${downSink.to(email).length} times`);
        } finally {
          await closeContext(other);
        }
      });
    });
  });
}
