import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeContext, createContext } from '../src/context.js';
import { createLogger } from '../src/log.js';
import { API_KEY, freshDatabase, PASSWORD } from './support/server.js';

describe('structured logs', () => {
  it('one JSON line per failed request, with a request id; no password, token or body ever', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).trim().split('\n')), done()) });
    const db = await freshDatabase('sqlite');
    const ctx = await createContext(
      loadConfig({ DATABASE_URL: db.url, SNR_PBKDF2_ITERATIONS: '1000', SNR_REGISTRATION_MODE: 'automatic', SNR_LOG_LEVEL: 'info' }),
      { log: createLogger({ level: 'debug', destination: sink }) },
    );
    const app = createApp(ctx);
    try {
      const json = (body: unknown, headers: Record<string, string> = {}) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const anon = await (await app.request('/sauth/v3/auth/login/client/anonymous', json({ apiKey: API_KEY, uuid: randomUUID() }))).json();
      const email = `log-${randomUUID()}@example.com`;
      await app.request('/sauth/clients/registered', json({ email, password: PASSWORD }, { authorization: `Bearer ${anon.token}` }));
      const wrong = await app.request(
        '/sauth/v3/auth/login/client',
        json({ apiKey: API_KEY, uuid: randomUUID(), email, password: 'Wrong-Secret-42!' }, { 'x-request-id': 'req-123' }),
      );
      assert.equal(wrong.status, 401);
      assert.equal(wrong.headers.get('x-request-id'), 'req-123');
      const records = lines.map((l) => JSON.parse(l));
      const failed = records.find((r) => r.reqId === 'req-123');
      assert.deepEqual(
        { method: failed.method, path: failed.path, status: failed.status, service: failed.service },
        { method: 'POST', path: '/sauth/v3/auth/login/client', status: 401, service: 'snr-auth' },
      );
      assert.equal(typeof failed.ms, 'number');
      const all = lines.join('\n');
      for (const secret of [PASSWORD, 'Wrong-Secret-42!', anon.token, anon.token.split('.')[2]])
        assert.ok(!all.includes(secret), `a secret was logged: ${secret.slice(0, 12)}…`);
    } finally {
      await closeContext(ctx);
      await db.drop();
    }
  });

  it('redacts secret fields wherever a record carries them', () => {
    const lines: string[] = [];
    const log = createLogger({ destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
    log.info({ password: 'p1', body: { token: 't1', oldPassword: 'p2', apiKey: 'k1' }, req: { headers: { authorization: 'Bearer x' } } }, 'x');
    const record = JSON.parse(lines[0]!);
    assert.equal(record.password, '[redacted]');
    assert.equal(record.body.token, '[redacted]');
    assert.equal(record.body.oldPassword, '[redacted]');
    assert.equal(record.body.apiKey, '[redacted]');
    assert.equal(record.req.headers.authorization, '[redacted]');
  });
});
