#!/usr/bin/env node
// A throwaway PostgreSQL cluster for tests: the one place that knows how to start and stop it.
//
//   import { startPostgres } from './postgres.mjs';
//   const pg = await startPostgres();   // { url, dir, port, version, stop() }
//   ...; await pg.stop();
//
//   node scripts/postgres.mjs start      prints `export SNR_TEST_PG_URL=…` and `export SNR_TEST_PG_DIR=…`
//   node scripts/postgres.mjs stop DIR   stops the cluster in DIR and removes DIR
//   node scripts/postgres.mjs bin        prints the bin folder it would use (exit 1 when none)
//
// Node only, no dependencies. initdb refuses to run as root, so as root every PostgreSQL command
// runs as the `postgres` user (runuser, else su). The data lives in a fresh temp folder, with
// fsync off, trust auth, TCP on 127.0.0.1 only and the Unix socket inside that folder, so it never
// touches a system cluster.

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFERRED_PORT = 55432;
const START_TIMEOUT_S = 60;

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql (or $SNR_PG_BIN), or null. */
export function findPostgresBin() {
  const override = process.env.SNR_PG_BIN;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  let versions;
  try {
    versions = readdirSync(root);
  } catch {
    return null;
  }
  const candidates = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return candidates.length ? join(root, candidates[0], 'bin') : null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Runs a command, as the postgres user when we are root. Returns spawnSync's result. */
function runAsOwner(cmd, args, { cwd } = {}) {
  const opts = { cwd: cwd ?? tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } };
  if (!isRoot()) return spawnSync(cmd, args, opts);
  if (hasCommand('runuser')) return spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], opts);
  const line = [cmd, ...args].map(shellQuote).join(' ');
  return spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', line], opts);
}

function check(result, what) {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${what} exited with ${result.status ?? result.signal}\n${(result.stdout ?? '') + (result.stderr ?? '')}`.trim());
  }
  return result;
}

function postgresIds() {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but there is no `postgres` user to run initdb as (install the postgresql package)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function portIsFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => res(true)));
  });
}

async function freePort(preferred) {
  if (preferred && (await portIsFree(preferred))) return preferred;
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function tcpAccepts(port) {
  return new Promise((res) => {
    const sock = connect({ port, host: '127.0.0.1' });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      res(false);
    });
    sock.once('error', () => res(false));
  });
}

/** Waits until the server answers a real connection attempt (pg_isready), not just listens. */
async function waitReady(bin, port, dir) {
  const deadline = Date.now() + START_TIMEOUT_S * 1000;
  const isready = join(bin, 'pg_isready');
  for (;;) {
    const ok = existsSync(isready)
      ? spawnSync(isready, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '2'], { stdio: 'ignore' }).status === 0
      : await tcpAccepts(port);
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL on port ${port} did not accept connections within ${START_TIMEOUT_S}s; log: ${join(dir, 'postgres.log')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The cluster folder for DIR, which may name the cluster folder itself or its `data` folder. */
function clusterDir(dir) {
  const abs = resolve(dir);
  return basename(abs) === 'data' && !existsSync(join(abs, 'data')) ? resolve(abs, '..') : abs;
}

/** The postmaster of the cluster's data folder and every process it started (backends, checkpointer…). */
function clusterPids(data) {
  const pidFile = join(data, 'postmaster.pid');
  if (!existsSync(pidFile)) return [];
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(postmaster > 0)) return [];
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent; the name (field 2) is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster) pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

/** Sends SIGNAL to the postmaster and all its processes (SIGSTOP freezes the cluster, SIGCONT thaws it). */
function signalCluster(data, signal) {
  for (const pid of clusterPids(data)) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone meanwhile */
    }
  }
}

/** Stops the cluster in DIR (fast shutdown, then SIGKILL if needed) and removes DIR. Synchronous, idempotent. */
export function stopPostgresSync(dir, { bin = findPostgresBin(), keep = false } = {}) {
  const root = clusterDir(dir);
  const data = join(root, 'data');
  const pidFile = join(data, 'postmaster.pid');
  if (existsSync(pidFile)) {
    // A cluster a test froze (SIGSTOP) would never answer the shutdown request.
    signalCluster(data, 'SIGCONT');
    let stopped = false;
    if (bin) stopped = runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop'], { cwd: root }).status === 0;
    if (!stopped && existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          /* already gone */
        }
        // Give it a moment, then make sure.
        spawnSync('sleep', ['1']);
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  }
  if (!keep) rmSync(root, { recursive: true, force: true });
}

/**
 * Starts a throwaway cluster. Resolves to `{ url, dir, port, version, stop() }`; `stop()` (a promise,
 * safe to call twice) shuts it down and removes its folder.
 * Throws when no PostgreSQL binaries are installed (`err.code === 'NO_POSTGRES'`) or it fails to start.
 */
export async function startPostgres({ port: preferredPort = PREFERRED_PORT, log = () => {} } = {}) {
  const bin = findPostgresBin();
  if (!bin) {
    const err = new Error('no PostgreSQL found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
    err.code = 'NO_POSTGRES';
    throw err;
  }
  const version = basename(resolve(bin, '..'));
  const dir = mkdtempSync(join(tmpdir(), 'snr-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  try {
    check(runAsOwner(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], { cwd: dir }), 'initdb');
    let lastError;
    // The port is free when picked but could be taken before postgres binds it; try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort(attempt === 0 ? preferredPort : 0);
      const options = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
      ].join(' ');
      const started = runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), '-o', options, 'start'], { cwd: dir });
      if (started.status === 0) {
        await waitReady(bin, port, dir);
        const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        log(`PostgreSQL ${version} listening on 127.0.0.1:${port} (data in ${dir})`);
        let stopped = false;
        return {
          url,
          dir,
          port,
          version,
          stopSync() {
            if (stopped) return;
            stopped = true;
            stopPostgresSync(dir, { bin });
          },
          async stop() {
            this.stopSync();
          },
          /** Stops the server but keeps its data (fault tests: the database goes away). */
          pauseSync() {
            stopPostgresSync(dir, { bin, keep: true });
          },
          /**
           * Freezes the server and every backend (SIGSTOP): connections stay open and nothing answers,
           * as with a host that hangs. Linux only (reads /proc).
           */
          freezeSync() {
            signalCluster(data, 'SIGSTOP');
          },
          /** Thaws what `freezeSync` froze (SIGCONT). */
          thawSync() {
            signalCluster(data, 'SIGCONT');
          },
          /** Starts it again on the same port with the same data. */
          async resume() {
            check(
              runAsOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), '-o', options, 'start'], { cwd: dir }),
              'pg_ctl start',
            );
            await waitReady(bin, port, dir);
          },
        };
      }
      let tail = '';
      try {
        tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        /* no log yet */
      }
      lastError = new Error(`pg_ctl start failed on port ${port}: ${(started.stdout ?? '') + (started.stderr ?? '')}\n${tail}`.trim());
      stopPostgresSync(dir, { bin, keep: true });
    }
    throw lastError;
  } catch (err) {
    stopPostgresSync(dir, { bin });
    throw err;
  }
}

async function cli(argv) {
  const [cmd, arg] = argv;
  const log = (msg) => process.stderr.write(`[postgres] ${msg}\n`);
  if (cmd === 'start') {
    const pg = await startPostgres({ port: arg ? Number(arg) : PREFERRED_PORT, log });
    process.stdout.write(`export SNR_TEST_PG_URL=${pg.url}\nexport SNR_TEST_PG_DIR=${pg.dir}\n`);
    return 0;
  }
  if (cmd === 'stop') {
    if (!arg) throw new Error('usage: node scripts/postgres.mjs stop DIR');
    stopPostgresSync(arg);
    log(`stopped and removed ${clusterDir(arg)}`);
    return 0;
  }
  if (cmd === 'bin') {
    const bin = findPostgresBin();
    if (bin) process.stdout.write(`${bin}\n`);
    return bin ? 0 : 1;
  }
  process.stderr.write('usage: node scripts/postgres.mjs start [PORT] | stop DIR | bin\n');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`[postgres] ${err.message}\n`);
      process.exit(1);
    },
  );
}
