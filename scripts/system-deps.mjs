// The two things npm cannot install: Debian's Chromium (browser and end-to-end tests; Playwright
// cannot download a browser here) and PostgreSQL (storage tests). `npm test` calls this first, so a
// fresh Debian machine needs nothing but `npm install && npm test`. As root it installs what is
// missing with apt-get; otherwise it says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findPostgresBin } from './postgres.mjs';

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function missingSystemPackages() {
  const missing = [];
  if (!existsSync(chromiumPath())) missing.push('chromium');
  if (!findPostgresBin()) missing.push('postgresql');
  return missing;
}

/** Returns null when everything is there (or was installed), else a message. */
export function ensureSystemPackages(log = (m) => process.stdout.write(`${m}\n`)) {
  const missing = missingSystemPackages();
  if (missing.length === 0) return null;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt || process.env.SNR_NO_APT === '1') {
    return `missing system packages: ${missing.join(', ')}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}), or set CHROMIUM_PATH / SNR_TEST_PG_URL.`;
  }
  log(`system packages: installing ${missing.join(', ')} with apt-get (once)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing.flatMap((m) => (m === 'chromium' ? ['chromium', 'chromium-driver'] : [m]))],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) return `apt-get ${args[0]} failed (exit ${r.status}); install ${missing.join(', ')} by hand.`;
  }
  const still = missingSystemPackages();
  return still.length ? `still missing after apt-get: ${still.join(', ')}` : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = ensureSystemPackages();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log('system packages: chromium and postgresql are present');
}
