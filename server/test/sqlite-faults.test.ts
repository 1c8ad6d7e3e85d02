import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import { startServer } from '../src/main.js';
import { API_KEY, PASSWORD } from './support/server.js';

/**
 * Issue 12 items 10 and 11: the SQLite file's two faults a query does not see. A write the store
 * cannot keep is never acknowledged; health tells; the answer is 503 with Retry-After.
 */

const env = { SNR_PBKDF2_ITERATIONS: '1000', SNR_REGISTRATION_MODE: 'automatic', SNR_RATE_LIMIT: 'off' };

/** A server on DATABASE_URL=file, its log lines kept. */
async function serverOn(file: string) {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
  const server = await startServer({ env: { ...env, DATABASE_URL: file }, port: 0, log: createLogger({ level: 'info', destination: sink }) });
  const call = async (path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
  };
  return { server, lines, call };
}

const events = (uuid: string, n: number, size = 0) =>
  Array.from({ length: n }, () => ({
    action: 'page.visit',
    time: new Date().toISOString(),
    eventSalt: `s-${randomUUID()}`,
    client: { uuid },
    ...(size
      ? {
          params: {
            blob: randomUUID()
              .repeat(Math.ceil(size / 36))
              .slice(0, size),
          },
        }
      : {}),
  }));

describe('the SQLite file deleted under the running server', () => {
  let dir: string;
  let running: Awaited<ReturnType<typeof serverOn>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snr-deleted-'));
    running = await serverOn(join(dir, 'store.sqlite'));
  });
  after(async () => {
    await running?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no write is acknowledged into the unlinked file: writes and health answer 503, the log says so loudly', async () => {
    const { call, lines } = running;
    const anon = (await call('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).body;
    assert.equal((await call('/v4/events/batch', events(anon.uuid, 3), anon.token)).status, 202);
    assert.equal((await call('/snr/health')).status, 200);

    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `store.sqlite${suffix}`), { force: true });

    for (const answer of [
      await call('/v4/events/batch', events(anon.uuid, 3), anon.token),
      await call('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() }),
      await call('/sauth/clients/registered', { apiKey: API_KEY, email: `gone-${randomUUID()}@example.com`, password: PASSWORD }),
    ]) {
      assert.equal(answer.status, 503, `a write into a deleted file is not acknowledged: ${answer.status} ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.code, 'UNAVAILABLE');
      assert.equal(answer.retryAfter, '5');
    }
    const health = await call('/snr/health');
    assert.equal(health.status, 503);
    assert.equal(health.body.status, 'unavailable');
    const fatal = lines.find((l) => l.includes('"level":60'));
    assert.ok(fatal?.includes('WAS DELETED UNDER THE RUNNING SERVER'), `a fatal log line names the fault:\n${lines.join('')}`);
    assert.match(fatal ?? '', /\/proc\/\d+\/fd\/\d+/, 'and where the data can still be copied from');
    // It stays refused: the file does not come back by itself.
    assert.equal((await call('/v4/events/batch', events(anon.uuid, 1), anon.token)).status, 503);
  });
});

const root = process.getuid?.() === 0;
const noTmpfs = root ? false : '!!! NOT ROOT: the full-disk test needs `mount -t tmpfs` (CI runs as root); skipped';

describe('slow: the disk under the SQLite file is full', { skip: noTmpfs }, () => {
  let dir: string;
  let running: Awaited<ReturnType<typeof serverOn>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snr-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { encoding: 'utf8' });
    assert.equal(mounted.status, 0, `mount a 2 MB tmpfs: ${mounted.stderr}`);
    running = await serverOn(join(dir, 'store.sqlite'));
  });
  after(async () => {
    await running?.server.close();
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Fills the file system with a file of its own; returns its path. */
  const fill = () => {
    const filler = join(dir, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(4096, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (err) {
      assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
    } finally {
      closeSync(fd);
    }
    return filler;
  };

  it('writes answer 503 UNAVAILABLE with Retry-After, health 503; both recover when space frees; nothing half-stored', async () => {
    const { call } = running;
    const anon = (await call('/sauth/v3/auth/login/client/anonymous', { apiKey: API_KEY, uuid: randomUUID() })).body;
    assert.equal((await call('/v4/events/batch', events(anon.uuid, 5), anon.token)).status, 202);
    const filler = fill();

    // What is already allocated (WAL pages) may take a batch or two; then the disk is the limit.
    let refused: Awaited<ReturnType<typeof call>> | undefined;
    const refusedBatches: ReturnType<typeof events>[] = [];
    for (let i = 0; i < 40 && !refused; i++) {
      const batch = events(anon.uuid, 20, 2000);
      const answer = await call('/v4/events/batch', batch, anon.token);
      if (answer.status !== 202) {
        refused = answer;
        refusedBatches.push(batch);
      }
    }
    assert.ok(refused, 'the full disk refuses a write');
    assert.equal(refused.status, 503, `503, not ${refused.status} ${JSON.stringify(refused.body)}`);
    assert.equal(refused.body.code, 'UNAVAILABLE');
    assert.equal(refused.retryAfter, '5');
    const health = await call('/snr/health');
    assert.equal(health.status, 503, 'health sees the full disk');
    assert.equal(health.retryAfter, '5');

    unlinkSync(filler);
    assert.equal((await call('/snr/health')).status, 200, 'health is 200 once there is room');
    const batch = refusedBatches[0] ?? [];
    assert.equal((await call('/v4/events/batch', batch, anon.token)).status, 202, 'the retried batch goes through');
    const stored = await running.server.ctx.db
      .selectFrom('events')
      .select('event_salt')
      .where(
        'event_salt',
        'in',
        batch.map((e) => e.eventSalt),
      )
      .execute();
    assert.equal(stored.length, batch.length, 'the refused batch was not half stored, and the retry stored all of it once');
  });
});
