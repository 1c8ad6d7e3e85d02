// Breached passwords (issue 14, item 5): every new password (registration, change, reset) is asked
// of a k-anonymity range API, here a local stand-in of Pwned Passwords that records what it is sent.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type RangeStandIn, startRangeStandIn } from '../../test/support/breached-passwords.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { API_KEY, makeServer, PASSWORD, type TestServer } from './support/server.js';

const BREACHED = 'Breached-pass-1';
const FRESH = `Fresh-${randomUUID().slice(0, 8)}-9!`;
const sha1 = (p: string) => createHash('sha1').update(p).digest('hex').toUpperCase();

/** A logger whose records the test reads. */
function capturedLog() {
  const records: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write: (chunk, _enc, done) => {
      for (const line of String(chunk).trim().split('\n')) records.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger({ level: 'info', destination: sink }), records };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('breached passwords', () => {
  let range: RangeStandIn;
  let s: TestServer;
  let logged: ReturnType<typeof capturedLog>;
  before(async () => {
    range = await startRangeStandIn({ [BREACHED]: 52 });
    logged = capturedLog();
    s = await makeServer({ SNR_BREACHED_PASSWORDS_URL: range.url }, { log: logged.log });
  });
  after(async () => {
    await s.close();
    await range.close();
  });

  const register = (email: string, password: string) => s.register(email, { password });

  it('a listed password is refused at registration: 400 PASSWORD_BREACHED on the field, nothing stored', async () => {
    range.mode = 'answer';
    const email = `breach-${randomUUID()}@example.com`;
    const res = await register(email, BREACHED);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'PASSWORD_BREACHED');
    assert.deepEqual(
      res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]),
      [['password', 'breached']],
    );
    assert.ok(!JSON.stringify(res.body).includes(BREACHED), 'the password is never echoed');
    const row = await s.ctx.db.selectFrom('clients').select('id').where('email', '=', email).executeTakeFirst();
    assert.equal(row, undefined, 'no account was made');
    // The same address registers with a password no breach lists.
    assert.equal((await register(email, FRESH)).status, 201);
  });

  it('only the first 5 hex digits of the SHA-1 leave the server, upper case, with Add-Padding', async () => {
    range.requests.length = 0;
    range.mode = 'answer';
    await register(`prefix-${randomUUID()}@example.com`, BREACHED);
    await register(`prefix-${randomUUID()}@example.com`, FRESH);
    assert.equal(range.requests.length, 2);
    for (const [request, password] of range.requests.map((r, i) => [r, [BREACHED, FRESH][i]!] as const)) {
      const hash = sha1(password);
      assert.equal(request.method, 'GET');
      assert.equal(request.url, `/range/${hash.slice(0, 5)}`);
      assert.match(request.url, /^\/range\/[0-9A-F]{5}$/);
      assert.equal(request.headers['add-padding'], 'true');
      assert.equal(request.body, '');
      const sent = JSON.stringify(request);
      for (const secret of [password, hash, hash.slice(5), hash.slice(5, 15), hash.toLowerCase().slice(0, 10)])
        assert.ok(!sent.includes(secret), `the request carried more than the prefix: ${secret.slice(0, 8)}…`);
    }
  });

  it('a password whose suffix is only a padding line (count 0) is allowed; so is one no line names', async () => {
    range.mode = 'answer';
    const padded = `Padded-${randomUUID().slice(0, 8)}-1!`;
    range.padWith(padded);
    assert.equal((await register(`pad-${randomUUID()}@example.com`, padded)).status, 201);
    assert.equal((await register(`miss-${randomUUID()}@example.com`, FRESH)).status, 201);
  });

  it('no answer in time: the password is allowed and the miss logged (time-out injected: 100 ms)', async () => {
    const quick = await makeServer(
      { SNR_BREACHED_PASSWORDS_URL: range.url },
      { log: logged.log, configure: (c) => ({ ...c, breachedPasswords: { url: range.url, timeoutMs: 100 } }) },
    );
    try {
      range.mode = 'hang';
      logged.records.length = 0;
      // The stand-in never answers: the registration ends only through the time-out, and the log
      // names the injected 100 ms (not the default 1,000), so no wall-clock bound is asserted here.
      const res = await quick.register(`hang-${randomUUID()}@example.com`, { password: BREACHED });
      range.mode = 'answer';
      assert.equal(res.status, 201);
      const miss = logged.records.find((r) => /breached-password check skipped/.test(String(r.msg)));
      assert.ok(miss, 'the miss was logged');
      assert.equal(miss.level, 40, 'as a warning');
      assert.match(String(miss.msg), /no answer within 100 ms/);
      assert.ok(!JSON.stringify(logged.records).includes(BREACHED), 'never the password');
    } finally {
      range.mode = 'answer';
      await quick.close();
    }
  });

  it('the service failing (503) or down (connection refused): allowed, logged', async () => {
    range.mode = 'fail';
    logged.records.length = 0;
    assert.equal((await register(`fail-${randomUUID()}@example.com`, BREACHED)).status, 201);
    range.mode = 'answer';
    assert.match(String(logged.records.find((r) => /check skipped/.test(String(r.msg)))?.msg), /answered 503/);

    const port = await closedPort();
    const down = await makeServer({ SNR_BREACHED_PASSWORDS_URL: `http://127.0.0.1:${port}` }, { log: logged.log });
    try {
      logged.records.length = 0;
      const res = await down.register(`down-${randomUUID()}@example.com`, { password: BREACHED });
      assert.equal(res.status, 201);
      assert.match(String(logged.records.find((r) => /check skipped/.test(String(r.msg)))?.msg), /could not be reached/);
    } finally {
      await down.close();
    }
  });

  it('a password change to a listed password is refused before anything changes', async () => {
    range.mode = 'answer';
    const customer = await s.customer();
    const res = await s.call('POST', '/v4/my-account/change-password', { token: customer.token, body: { oldPassword: PASSWORD, password: BREACHED } });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'PASSWORD_BREACHED');
    assert.equal((await s.signIn(customer.email, PASSWORD)).status, 200, 'the old password still works');
    const ok = await s.call('POST', '/v4/my-account/change-password', { token: customer.token, body: { oldPassword: PASSWORD, password: FRESH } });
    assert.equal(ok.status, 200);
  });

  it('a reset to a listed password is refused and the link stays usable', async () => {
    range.mode = 'answer';
    const customer = await s.customer();
    assert.equal((await s.call('POST', '/v4/clients/password-reset/request', { body: { apiKey: API_KEY, email: customer.email } })).status, 202);
    const token = await s.linkToken(customer.email);
    const refused = await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: BREACHED } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'PASSWORD_BREACHED');
    assert.equal((await s.signIn(customer.email, PASSWORD)).status, 200, 'nothing changed: sessions and password stay');
    const done = await s.call('POST', '/v4/clients/password-reset/confirmation', { body: { apiKey: API_KEY, token, password: FRESH } });
    assert.equal(done.status, 200);
  });

  it('a sign-in with a listed password is not checked (only new passwords are)', async () => {
    range.requests.length = 0;
    const customer = await s.customer();
    const before = range.requests.length;
    assert.equal((await s.signIn(customer.email, PASSWORD)).status, 200);
    assert.equal(range.requests.length, before);
  });
});

describe('SNR_BREACHED_PASSWORDS_URL', () => {
  it('defaults to the real range API; `off` turns the check off; anything else must be an http(s) URL', () => {
    assert.deepEqual(loadConfig({}).breachedPasswords, { url: 'https://api.pwnedpasswords.com', timeoutMs: 1000 });
    assert.equal(loadConfig({ SNR_BREACHED_PASSWORDS_URL: 'off' }).breachedPasswords, undefined);
    assert.equal(loadConfig({ SNR_BREACHED_PASSWORDS_URL: 'http://127.0.0.1:9/' }).breachedPasswords?.url, 'http://127.0.0.1:9');
    assert.throws(
      () => loadConfig({ SNR_BREACHED_PASSWORDS_URL: 'ftp://x' }),
      (err) => err instanceof ConfigError && err.variable === 'SNR_BREACHED_PASSWORDS_URL',
    );
  });

  it('off: no request is made and any password the policy allows is taken', async () => {
    const range = await startRangeStandIn({ [BREACHED]: 5 });
    const s = await makeServer({ SNR_BREACHED_PASSWORDS_URL: 'off' });
    try {
      assert.equal((await s.register(`off-${randomUUID()}@example.com`, { password: BREACHED })).status, 201);
      assert.equal(range.requests.length, 0);
    } finally {
      await s.close();
      await range.close();
    }
  });
});
