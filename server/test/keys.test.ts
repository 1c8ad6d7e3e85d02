import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { closeContext, createContext, silentLogger } from '../src/context.js';
import { API_KEY, freshDatabase, type TestClock, testClock } from './support/server.js';

async function instance(url: string, clock?: TestClock) {
  const ctx = await createContext(loadConfig({ DATABASE_URL: url, SNR_PBKDF2_ITERATIONS: '1000', SNR_TOKEN_TTL: '600' }), {
    log: silentLogger,
    ...(clock ? { now: clock.now } : {}),
  });
  const app = createApp(ctx);
  const anonymous = async () =>
    (await (
      await app.request('/sauth/v3/auth/login/client/anonymous', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiKey: API_KEY, uuid: randomUUID() }),
      })
    ).json()) as { token: string };
  const refresh = (token: string) => app.request('/sauth/v3/auth/refresh/client', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { ctx, app, anonymous, refresh };
}

describe('signing key rotation', () => {
  it('rotates without signing anyone out: old tokens verify on every instance, new ones use the new key', async () => {
    const db = await freshDatabase('sqlite');
    const a = await instance(db.url);
    const bClock = testClock();
    const b = await instance(db.url, bClock);
    try {
      const before = await a.anonymous();
      const oldKid = decodeProtectedHeader(before.token).kid;
      const newKid = await a.ctx.keys.rotate({ tokenTtlSeconds: 600 });
      assert.notEqual(newKid, oldKid);
      const after = await a.anonymous();
      assert.equal(decodeProtectedHeader(after.token).kid, newKid);
      // B has not reloaded yet: it meets the new kid and looks it up (at most once a second, on its
      // clock); it still verifies the old one.
      bClock.advance(1100);
      assert.equal((await b.refresh(after.token)).status, 200);
      assert.equal((await b.refresh(before.token)).status, 200);
      assert.equal((await a.refresh(before.token)).status, 200);
      const jwks = (await (await a.app.request('/.well-known/jwks.json')).json()) as { keys: Array<{ kid: string }> };
      assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [oldKid, newKid].sort());
      // B signs with the new key once it has re-read the table.
      await b.ctx.keys.reload();
      assert.equal(decodeProtectedHeader((await b.anonymous()).token).kid, newKid);
    } finally {
      await closeContext(a.ctx);
      await closeContext(b.ctx);
      await db.drop();
    }
  });

  it('/v4/public.pem serves one key after a rotation: the current one, or the one `?kid=` names', async () => {
    const db = await freshDatabase('sqlite');
    const a = await instance(db.url);
    try {
      const before = await a.anonymous();
      const oldKid = decodeProtectedHeader(before.token).kid!;
      await a.ctx.keys.rotate({ tokenTtlSeconds: 600 });
      const after = await a.anonymous();
      const pemOf = async (query = '') => {
        const res = await a.app.request(`/v4/public.pem${query}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/x-pem-file');
        const pem = await res.text();
        assert.equal(pem.match(/-----BEGIN PUBLIC KEY-----/g)?.length, 1, pem);
        return importSPKI(pem, 'ES256');
      };
      const verifies = (token: string, key: CryptoKey) =>
        jwtVerify(token, key, { issuer: 'snr-auth', audience: API_KEY }).then(
          () => true,
          () => false,
        );

      const current = await pemOf();
      assert.equal(await verifies(after.token, current), true, 'the new token verifies with the PEM');
      assert.equal(await verifies(before.token, current), false);
      const old = await pemOf(`?kid=${encodeURIComponent(oldKid)}`);
      assert.equal(await verifies(before.token, old), true, 'the old token verifies with ?kid=old');
      assert.equal(await verifies(after.token, await pemOf(`?kid=${a.ctx.keys.currentKid}`)), true);

      const unknown = await a.app.request('/v4/public.pem?kid=no-such-kid');
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { code: string }).code, 'NOT_FOUND');
    } finally {
      await closeContext(a.ctx);
      await db.drop();
    }
  });

  it('removes a retired key once no token it signed can be alive; its tokens then fail', async () => {
    const db = await freshDatabase('sqlite');
    const a = await instance(db.url);
    try {
      const old = await a.anonymous();
      await a.ctx.keys.rotate({ tokenTtlSeconds: 600 });
      // Eleven minutes and more later, a second rotation prunes the first key.
      await a.ctx.keys.rotate({ tokenTtlSeconds: 600, now: Date.now() + 13 * 60_000 });
      const res = await a.refresh(old.token);
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: string }).code, 'TOKEN_INVALID');
      assert.equal((await a.ctx.db.selectFrom('signing_keys').select('kid').execute()).length, 2);
    } finally {
      await closeContext(a.ctx);
      await db.drop();
    }
  });
});

describe('slow: signing key rotation from the command line (a process of its own)', () => {
  it('`snr-auth-server rotate-keys` rotates the keys of the configured store', async () => {
    const db = await freshDatabase('sqlite');
    const a = await instance(db.url);
    const kid = a.ctx.keys.currentKid;
    await closeContext(a.ctx);
    try {
      const run = spawnSync(process.execPath, ['server/bin/snr-auth-server.js', 'rotate-keys'], {
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /new signing key/);
      const b = await instance(db.url);
      assert.notEqual(b.ctx.keys.currentKid, kid);
      await closeContext(b.ctx);
    } finally {
      await db.drop();
    }
  });
});
