#!/usr/bin/env node
// `npm test`: every check of the project, with one closing line `N passed, N failed, N skipped`.
//
//   npm test                    build, typecheck, lint, server, slow, browser, e2e
//   npm test -- server          only the named runners (build | typecheck | lint | server | slow | browser | e2e)
//
// - build:     what npm run build makes (types, the CDN files, the manifest) and the demo, into
//              dist/, once, side by side, for the steps that read it: the package and size tests
//              (slow) and e2e (its servers serve dist/demo and dist/cdn) use it when it is newer
//              than every source (test/support/fresh-build.ts) and build for themselves when they
//              run without it
// - typecheck: tsc -p . (incremental outside CI: its state in node_modules/.cache/snr-test/tsc)
// - lint:      biome ci . (formatting and lint rules of biome.json; `npm run format` fixes most)
// - server:    node:test on server/test/*.test.ts, test/package/*.test.ts and test/shared/*.test.ts
//              (the shared contract suite must exist; an empty server/test is fine), except the
//              files tagged slow
// - slow:      node:test on the files tagged slow (SLOW below: builds, packing, real processes and
//              outages that take seconds by design); `npm test` runs them too
// - browser:   web-test-runner (web-test-runner.config.mjs) when there are browser test files
// - e2e:       playwright test, when playwright.config.ts exists
//
// Steps run side by side, SNR_TEST_JOBS at a time (default: 2, or 1 on a one-core machine), the
// longest first; a step waits for the steps it needs (AFTER). One step at a time writes to the
// terminal as it runs; the others keep their output and print it whole when their turn comes.
// The node:test steps run many files in one process (scripts/test-shards.mjs: loading tsx and the
// server's modules costs ~2 s of CPU per process): the server step deals its files out to
// SNR_TEST_SERVER_CONCURRENCY processes (default 2) that run side by side, each file's tests one
// after another as in a process of its own; the slow step runs its files in one process, one after
// another. The files of ISOLATED below, and every file under SNR_TEST_ISOLATE=1, get a process of
// their own as `node --test` gives them.
//
// PostgreSQL: the runners get SNR_TEST_PG_URL. When it is not set, a throwaway cluster is started
// through scripts/postgres.mjs and stopped at the end. When none can be had, the storage tests skip
// (with a loud warning), except under CI=true, where that is a failure.
//
// A step fails when its command exits non-zero, when its output has no test counts, or when it
// counts failures. A failed step that counted no failures (tsc errors, a crash) adds 1 to `failed`,
// so the closing line never reads `0 failed` on a red run.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPostgresBin, startPostgres } from './postgres.mjs';
import { ensureSystemPackages } from './system-deps.mjs';
import { dealFiles, saveDurations, writeShards } from './test-shards.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNERS = ['build', 'typecheck', 'lint', 'server', 'slow', 'browser', 'e2e'];
/**
 * Which step starts first when several may. In a CI run on 2 cores (2026-12-02, 372 s) e2e waited
 * for the whole slow step (110 s), only because the package test built dist/ inside it: slow → e2e
 * (262 s) was the critical path while the other lane (browser 153 s, server, typecheck, lint) ran
 * out early. Now the build is a step of its own that slow and e2e both wait for: build and browser
 * start together, e2e (the longest) takes the build's lane as soon as it ends, and slow, server,
 * typecheck and lint follow browser in the other.
 */
const START_ORDER = ['build', 'browser', 'e2e', 'slow', 'server', 'typecheck', 'lint'];
/**
 * Steps that must finish before a step starts: the package and size tests (slow) read dist/, and
 * e2e's servers serve dist/cdn (a build while they run would empty it). A step whose need is not
 * selected (`npm test -- e2e`) starts at once and builds what it needs itself.
 */
const AFTER = { slow: ['build'], e2e: ['build'] };
const JOBS = Math.max(1, Number(process.env.SNR_TEST_JOBS ?? Math.min(2, availableParallelism())) || 1);
/** Test files the server step runs at once (node:test's --test-concurrency). */
const SERVER_CONCURRENCY = Math.max(1, Number(process.env.SNR_TEST_SERVER_CONCURRENCY ?? 2) || 1);

/**
 * Node test files that are slow by design, and why: the `slow` step runs them, beside the others.
 * A new file that takes seconds whatever one does belongs here.
 */
const SLOW = {
  'test/package/package.test.ts':
    'packs both packages (built by the build step, or by itself), runs publint and arethetypeswrong, installs snr-auth into a fresh app from the registry',
  'test/package/size.test.ts': 'bundles (and builds, unless the build step just has) to measure the size budgets',
  'server/test/cli.test.ts': 'starts the bin as a process, many times',
  'server/test/faults.test.ts': 'takes the database away and brings it back',
  'server/test/sqlite-faults.test.ts': 'deletes the SQLite file under a running server and fills a tmpfs it mounts',
  'server/test/store-deadline.test.ts': 'freezes a PostgreSQL cluster of its own (SIGSTOP) and silences its connections',
};
/**
 * Node test files that need a process of their own (scripts/test-shards.mjs says what files in
 * one process share), and why. Files under test/unit (fake timers) share a process only with
 * each other, never with a server file's open servers and their timers.
 */
const ISOLATED = {};
/** SNR_TEST_ISOLATE=1: every node:test file in a process of its own, as `node --test` runs them. */
const ISOLATE_ALL = /^(1|true|yes)$/i.test(process.env.SNR_TEST_ISOLATE ?? '');
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const STEP_TIMEOUT_MS = Number(process.env.SNR_TEST_STEP_TIMEOUT_S ?? 1200) * 1000;

// ---- arguments ---------------------------------------------------------------------------------

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) {
  console.log(`usage: npm test [-- ${RUNNERS.join('|')} ...]`);
  process.exit(0);
}
const unknown = args.filter((a) => !RUNNERS.includes(a));
if (unknown.length) {
  console.error(`scripts/test.mjs: unknown runner ${unknown.map((a) => JSON.stringify(a)).join(', ')}; choose from ${RUNNERS.join(', ')}`);
  process.exit(2);
}
// slow and e2e together need the build step: without it the package test would build dist/ while
// e2e's servers serve from it.
const wanted = args.includes('slow') && args.includes('e2e') ? [...args, 'build'] : args;
const selected = args.length ? RUNNERS.filter((r) => wanted.includes(r)) : RUNNERS;

// ---- helpers -----------------------------------------------------------------------------------

const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const rel = (p) => relative(ROOT, p).split(sep).join('/');
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what it strips
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');

/** Files under `dir` (recursively or not) whose name ends with `suffix`, sorted, skipping node_modules. */
function findFiles(dir, suffix, { recursive = true, exclude = [] } = {}) {
  const abs = join(ROOT, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) return [];
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) {
        if (recursive && entry.name !== 'node_modules' && !entry.name.startsWith('.') && !exclude.includes(rel(p))) walk(p);
      } else if (entry.name.endsWith(suffix)) out.push(rel(p));
    }
  };
  walk(abs);
  return out.sort();
}

function banner(text) {
  const line = '━'.repeat(Math.max(0, 78 - text.length - 4));
  process.stdout.write(`\n━━ ${text} ${line}\n`);
}

const children = new Set(); // the running children, to forward signals to

/**
 * Where a step's output goes. One step at a time has the terminal and writes live; the others
 * hold their output, and each prints it whole, under its banner, when it is its turn (in the
 * order the steps started).
 */
const terminal = {
  owner: null,
  waiting: [],
  open(name) {
    const out = {
      name,
      held: [],
      live: false,
      done: false,
      write(stream, text) {
        if (out.live) stream.write(text);
        else out.held.push([stream, text]);
      },
      close() {
        out.done = true;
        if (terminal.owner === out) {
          terminal.owner = null;
          terminal.next();
        }
      },
    };
    terminal.waiting.push(out);
    terminal.next();
    return out;
  },
  next() {
    while (!terminal.owner && terminal.waiting.length) {
      const out = terminal.waiting.shift();
      banner(!out.held.length ? out.name : out.done ? `${out.name} (ran alongside)` : `${out.name} (running alongside; its output so far)`);
      for (const [stream, text] of out.held.splice(0)) stream.write(text);
      if (!out.done) {
        out.live = true;
        terminal.owner = out;
      }
    }
  },
};

/** Runs a command, its output to `out`; resolves to { code, output } (output: stdout+stderr, ANSI stripped). */
function run(cmd, cmdArgs, env, out) {
  return new Promise((resolveRun) => {
    out.write(process.stdout, `$ ${[cmd === process.execPath ? 'node' : rel(cmd), ...cmdArgs].join(' ')}\n`);
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    const take = (stream) => (chunk) => {
      out.write(stream, chunk);
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    const timer = setTimeout(() => {
      out.write(process.stderr, `\nscripts/test.mjs: step still running after ${seconds(STEP_TIMEOUT_MS)}; stopping it\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    }, STEP_TIMEOUT_MS);
    child.on('error', (err) => {
      output += `\n${err.message}\n`;
      out.write(process.stderr, `scripts/test.mjs: could not run ${cmd}: ${err.message}\n`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolveRun({ code: code ?? (signal ? 128 : 1), output: stripAnsi(output) });
    });
  });
}

// ---- count parsers -----------------------------------------------------------------------------

/** node:test, TAP (`# pass 3`) or spec (`ℹ pass 3`) closing lines; the last value of each wins. */
function parseNode(output) {
  const found = {};
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*(?:#|ℹ)\s*(tests|pass|fail|cancelled|skipped|todo)\s+(\d+)\s*$/.exec(line);
    if (m) found[m[1]] = Number(m[2]);
  }
  if (found.pass === undefined || found.fail === undefined) return null;
  return { passed: found.pass, failed: found.fail + (found.cancelled ?? 0), skipped: (found.skipped ?? 0) + (found.todo ?? 0) };
}

/** web-test-runner: `Chromium: |███| 1/1 test files | 44 passed, 0 failed, 4 skipped`; the last one wins. */
function parseWtr(output) {
  const all = [...output.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)];
  const m = all.at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) } : null;
}

/** Playwright's closing block: `  2 passed (6.1s)`, `  1 failed`, `  1 flaky`, `  3 skipped`, `  1 did not run`. */
function parsePlaywright(output) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  let seen = false;
  for (const line of output.split(/\r?\n/)) {
    const m = /^\s*(\d+) (passed|failed|flaky|skipped|did not run|interrupted)\b/.exec(line);
    if (!m) continue;
    seen = true;
    const n = Number(m[1]);
    if (m[2] === 'passed' || m[2] === 'flaky') counts.passed += n;
    else if (m[2] === 'failed' || m[2] === 'interrupted') counts.failed += n;
    else counts.skipped += n;
  }
  return seen ? counts : null;
}

/**
 * The failing tests named in a runner's output, each with the first lines of its error, so the
 * closing summary (the part of a CI log people see) says what failed: web-test-runner's `❌ name`
 * under a `file.test.ts:` line, node:test's `✖ name`, Playwright's `✘ … › name`.
 */
function failures(output, max = 15) {
  const lines = output.split(/\r?\n/);
  const found = [];
  const seen = new Set();
  let file = '';
  for (let i = 0; i < lines.length && found.length < max; i++) {
    const line = lines[i];
    const f = /^\s*(\S+\.(?:test|spec)\.ts):\s*$/.exec(line);
    if (f) file = f[1];
    const at = /^\s*test at (\S+?):\d+:\d+\s*$/.exec(line); // node:test's failing-tests list
    if (at) file = at[1];
    const m = /^\s*(?:❌|✖|✘)\s+(.+?)\s*$/.exec(line);
    // node:test lists todo tests among the ✖ lines, with `# reason` after the duration: not failures.
    if (!m || /^failing tests:?$/.test(m[1]) || /\)\s+#\s/.test(m[1])) continue;
    const name = `${m[1].includes('.ts') ? '' : file ? `${file} › ` : ''}${m[1]}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const detail = [];
    for (let j = i + 1; j < lines.length && detail.length < 4; j++) {
      const d = lines[j].trim();
      if (/^(?:❌|✖|✘|✓|✔)/.test(d) || /\.(?:test|spec)\.ts:$/.test(d)) break;
      if (d && !/^at\s/.test(d) && !/^[{}]$/.test(d)) detail.push(d.slice(0, 200));
    }
    found.push({ name, detail });
  }
  return found;
}

// ---- steps -------------------------------------------------------------------------------------

/** The node:test files of the server step (`slow` false) or of the slow step (`slow` true). */
function nodeTests(slow) {
  const shared = findFiles('test/shared', '.test.ts', { recursive: false });
  if (!shared.length) return { error: 'test/shared/*.test.ts: the shared contract suite is missing' };
  const all = [
    ...findFiles('server/test', '.test.ts', { recursive: false }),
    ...findFiles('test/unit', '.test.ts', { recursive: false }),
    ...findFiles('test/package', '.test.ts', { recursive: false }),
    ...shared,
  ];
  const files = all.filter((f) => f in SLOW === slow);
  if (!files.length) return { skip: slow ? 'no test file is tagged slow' : 'every node test file is tagged slow' };
  // Shards (scripts/test-shards.mjs): the server files dealt out to SERVER_CONCURRENCY processes,
  // test/unit's in one of their own; the slow files in one process, in the order above (the
  // package test builds dist/ unless the build step just has, and the size test then measures it).
  const alone = files.filter((f) => ISOLATE_ALL || f in ISOLATED);
  const together = files.filter((f) => !alone.includes(f));
  const unit = together.filter((f) => f.startsWith('test/unit/'));
  const rest = together.filter((f) => !unit.includes(f));
  const name = slow ? 'slow' : 'server';
  // test/unit's shard first: it takes seconds, then leaves its place to the second server shard.
  const shards = [...dealFiles(ROOT, unit, 1), ...dealFiles(ROOT, rest, slow ? 1 : SERVER_CONCURRENCY)];
  const entries = writeShards(ROOT, shards, name);
  const report = join(mkdtempSync(join(tmpdir(), `snr-${name}-durations-`)), 'durations.json');
  return {
    cmd: process.execPath,
    // The server shards run side by side (the tests mostly wait on PostgreSQL, SMTP and timers);
    // the slow step's one at a time, as both package tests may build dist/.
    args: [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${slow ? 1 : SERVER_CONCURRENCY}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${join(ROOT, 'scripts', 'test-durations.mjs')}`,
      `--test-reporter-destination=${report}`,
      ...entries.paths,
      ...alone,
    ],
    parse: parseNode,
    describe: () =>
      `${files.length} files in ${shards.length + alone.length} processes (${[...shards.map((s) => s.length), ...alone.map(() => 1)].join(' + ')} files)`,
    done() {
      entries.remove();
      try {
        saveDurations(ROOT, JSON.parse(readFileSync(report, 'utf8')));
      } catch {
        /* no figures from a crashed run */
      }
      rmSync(join(report, '..'), { recursive: true, force: true });
    },
  };
}

/** Each returns { skip: reason } or { cmd, args, parse }; parse null means "exit code only" (typecheck). */
const STEPS = {
  // Incremental outside CI, its state in node_modules/.cache: a second run rechecks only what
  // changed (~9 s of CPU instead of ~25 s on the 2-core machine). CI starts from a fresh clone,
  // where writing the state would only cost time.
  typecheck: () => ({
    cmd: bin('tsc'),
    args: ['-p', '.', ...(CI ? [] : ['--incremental', '--tsBuildInfoFile', join(ROOT, 'node_modules', '.cache', 'snr-test', 'tsc', 'tsconfig.tsbuildinfo')])],
    parse: null,
  }),
  lint: () => ({ cmd: bin('biome'), args: ['ci', '--colors=off', '.'], parse: null }),
  // What `npm pack` would build for both packages (the server's types after the browser package's)
  // and the demo e2e serves, the four side by side (scripts/build-parallel.mjs); exit code only,
  // as typecheck.
  build: () => ({
    cmd: process.execPath,
    args: [join(ROOT, 'scripts', 'build-parallel.mjs'), 'build:packages', 'build:cdn', 'build:manifest', 'build:demo'],
    parse: null,
  }),
  server: () => nodeTests(false),
  slow: () => nodeTests(true),
  browser: () => {
    // Keep in step with `files` in web-test-runner.config.mjs.
    const files = [...findFiles('test/browser', '.test.ts'), ...findFiles('src', '.test.ts')];
    if (!files.length) return { skip: 'no test/browser/**/*.test.ts or src/**/*.test.ts files' };
    return { cmd: bin('web-test-runner'), args: [], parse: parseWtr };
  },
  e2e: () => {
    if (!existsSync(join(ROOT, 'playwright.config.ts'))) return { skip: 'no playwright.config.ts' };
    return { cmd: bin('playwright'), args: ['test'], parse: parsePlaywright };
  },
};

// ---- PostgreSQL ----------------------------------------------------------------------------------

let pg = null;

function warnNoPostgres(reason) {
  const lines = [
    '',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '!!  WARNING: no PostgreSQL for the tests.',
    `!!  ${reason}`,
    '!!  The PostgreSQL storage tests will be SKIPPED; only SQLite is tested.',
    '!!  Install PostgreSQL (apt-get install postgresql) or set SNR_TEST_PG_URL.',
    '!!  Under CI=true this is a failure.',
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '',
  ];
  process.stderr.write(lines.join('\n'));
}

/** Sets SNR_TEST_PG_URL in env, or removes it. Returns an error message when that must fail the run. */
async function providePostgres(env) {
  if (process.env.SNR_TEST_PG_URL) {
    process.stdout.write(`PostgreSQL: using SNR_TEST_PG_URL from the environment\n`);
    return null;
  }
  delete env.SNR_TEST_PG_URL;
  let reason;
  if (!findPostgresBin()) {
    reason = 'SNR_TEST_PG_URL is not set and no PostgreSQL binaries were found under /usr/lib/postgresql/*/bin.';
  } else {
    try {
      pg = await startPostgres({ log: (m) => process.stdout.write(`PostgreSQL: ${m}\n`) });
      env.SNR_TEST_PG_URL = pg.url;
      return null;
    } catch (err) {
      reason = `Starting a throwaway PostgreSQL cluster failed: ${err.message}`;
    }
  }
  if (CI) {
    process.stderr.write(`\nERROR (CI=true): PostgreSQL is required in CI. ${reason}\n`);
    return reason;
  }
  warnNoPostgres(reason);
  return null;
}

function cleanup() {
  if (pg) {
    try {
      pg.stopSync();
      process.stdout.write('PostgreSQL: stopped\n');
    } catch (err) {
      process.stderr.write(`PostgreSQL: stopping failed: ${err.message}\n`);
    }
    pg = null;
  }
}

process.on('exit', cleanup);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    process.stderr.write(`\nscripts/test.mjs: ${signal}; stopping\n`);
    for (const child of children) child.kill(signal);
    cleanup();
    process.exit(code);
  });
}

// ---- scheduling ---------------------------------------------------------------------------------

/** Runs one step, its output to the terminal when its turn comes; resolves to its result row. */
async function runStep(name, env) {
  const step = STEPS[name]();
  const out = terminal.open(step.skip ? `${name}: skipped` : name);
  try {
    if (step.skip) {
      out.write(process.stdout, `${step.skip}\n`);
      return { name, status: 'skipped', ms: 0, note: step.skip, counts: null };
    }
    if (step.error) {
      out.write(process.stderr, `ERROR: ${step.error}\n`);
      return { name, status: 'FAIL', ms: 0, note: step.error, counts: { passed: 0, failed: 1, skipped: 0 } };
    }
    const t = Date.now();
    const about = step.describe?.();
    if (about) out.write(process.stdout, `${about}\n`);
    const { code, output } = await run(step.cmd, step.args, env, out).finally(() => step.done?.());
    const ms = Date.now() - t;
    let counts = step.parse ? step.parse(output) : null;
    let note = `exit ${code}`;
    let failed = code !== 0;
    if (step.parse && !counts) {
      failed = true;
      note += ', printed no test counts';
    }
    if (counts && counts.failed > 0) failed = true;
    if (failed && (!counts || counts.failed === 0)) counts = { ...(counts ?? { passed: 0, skipped: 0 }), failed: 1 };
    out.write(
      process.stdout,
      `── ${name}: ${failed ? 'FAILED' : 'ok'} in ${seconds(ms)}${counts ? ` (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)` : ''}\n`,
    );
    return { name, status: failed ? 'FAIL' : 'ok', ms, note, counts, failures: failed ? failures(output) : [] };
  } finally {
    out.close();
  }
}

/** Runs the selected steps, JOBS at a time, in START_ORDER, each after the steps it needs; a Map of results. */
function runSteps(env) {
  const results = new Map();
  const pending = START_ORDER.filter((name) => selected.includes(name));
  let running = 0;
  return new Promise((resolveAll) => {
    const pump = () => {
      while (running < JOBS) {
        const i = pending.findIndex((name) => (AFTER[name] ?? []).every((need) => results.has(need) || !selected.includes(need)));
        if (i < 0) break;
        const [name] = pending.splice(i, 1);
        running++;
        runStep(name, env).then((result) => {
          results.set(name, result);
          running--;
          pump();
        });
      }
      if (!running && !pending.length) resolveAll(results);
    };
    pump();
  });
}

// ---- main --------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const env = { ...process.env };
  if (process.stdout.isTTY && !env.NO_COLOR) env.FORCE_COLOR ??= '1';
  const results = [];

  if (selected.some((r) => !['build', 'typecheck', 'lint'].includes(r))) {
    const problem = ensureSystemPackages();
    if (problem) process.stderr.write(`\nWARNING: ${problem}\n`);
  }

  if (selected.some((r) => !['build', 'typecheck', 'lint'].includes(r))) {
    const t = Date.now();
    banner('postgres');
    const error = await providePostgres(env);
    results.push({
      name: 'postgres',
      status: error ? 'FAIL' : 'ok',
      ms: Date.now() - t,
      note: error ?? (env.SNR_TEST_PG_URL ? env.SNR_TEST_PG_URL : 'none: storage tests skip'),
      counts: error ? { passed: 0, failed: 1, skipped: 0 } : null,
    });
  }

  const stepResults = await runSteps(env);
  results.push(...selected.map((name) => stepResults.get(name)));

  cleanup();

  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) for (const k of Object.keys(total)) total[k] += r.counts?.[k] ?? 0;
  const ok = results.every((r) => r.status !== 'FAIL');

  banner('summary');
  for (const r of results) {
    const c = r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped` : '';
    process.stdout.write(`${r.status.padEnd(8)} ${r.name.padEnd(10)} ${seconds(r.ms).padStart(7)}  ${c}${c && r.note ? ' — ' : ''}${r.note ?? ''}\n`);
  }
  for (const r of results) {
    if (!r.failures?.length) continue;
    process.stdout.write(`\nfailed in ${r.name}:\n`);
    for (const f of r.failures) process.stdout.write(`  ✗ ${f.name}\n${f.detail.map((d) => `      ${d}\n`).join('')}`);
  }
  process.stdout.write(`total time ${seconds(Date.now() - started)}; ${ok ? 'all steps passed' : 'SOME STEPS FAILED'}\n\n`);
  process.stdout.write(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`scripts/test.mjs: ${err.stack ?? err}\n`);
    cleanup();
    process.stdout.write('0 passed, 1 failed, 0 skipped\n');
    process.exit(1);
  },
);
