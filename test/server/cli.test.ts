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
});
