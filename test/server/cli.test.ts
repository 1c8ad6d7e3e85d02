import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('snr-auth-server (the package bin, what npm start runs)', () => {
  it('starts with the embedded defaults, serves the API and a page, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snr-cli-'));
    const child = spawn(process.execPath, ['bin/snr-auth-server.js', '--demo', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), SNR_PBKDF2_ITERATIONS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start banner: ${out}`)), 30_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      await new Promise((r) => setTimeout(r, 100));
      assert.match(out, /Profile API key "snr-local-dev-key"/);
      assert.match(out, /storage: SQLite/);
      assert.equal((await fetch(`${url}/snr/health`)).status, 200);
      const page = await fetch(`${url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /snr-auth/);
      const config = await (await fetch(`${url}/snr/config`)).json();
      assert.equal(config.registrationMode, 'confirmation');
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on SIGTERM finishes the requests under way before it exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snr-cli-'));
    // Slow hashing on purpose: the sign-in is still hashing when the signal comes.
    const child = spawn(process.execPath, ['bin/snr-auth-server.js', '--port', '0'], {
      env: { ...process.env, DATABASE_URL: join(dir, 'cli.sqlite'), SNR_PBKDF2_ITERATIONS: '2000000', SNR_REGISTRATION_MODE: 'automatic' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start banner: ${out}`)), 60_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const email = `term-${Date.now()}@example.com`;
      assert.equal((await post('/sauth/clients/registered', { apiKey: 'snr-local-dev-key', email, password: 'Secret1!' })).status, 201);
      const inFlight = post('/sauth/v3/auth/login/client', { apiKey: 'snr-local-dev-key', uuid: crypto.randomUUID(), email, password: 'Secret1!' });
      await new Promise((r) => setTimeout(r, 100));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const res = await inFlight;
      assert.equal(res.status, 200, 'the sign-in under way got its answer');
      assert.equal((await res.json()).realm, 'client');
      assert.equal(await exited, 0);
      await assert.rejects(fetch(`${url}/snr/health`), 'no new connections after shutdown');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
