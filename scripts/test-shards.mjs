// Shards for the node:test steps of scripts/test.mjs: many test files in one Node process.
//
// `node --test` starts one process per file, and each of those loads tsx and, through its loader
// thread, the ~630 modules of the server (kysely, zod, jose, hono, pg, nodemailer, src/): about
// 2 s of CPU before the file's first test, measured on the 2-core machine, for some 40 files.
// Here the files are dealt out to a few shard files, each of which imports its test files one
// after the other in one process, each once the tests of the one before have ended (see
// writeShards): the tests of a file run as they would in a process of its own, and are reported
// under their own file names. What files in one shard share: the process (module instances,
// globals, the event loop, anything a file leaves running). A file that cannot live with that
// goes in ISOLATED (scripts/test.mjs) and gets a process of its own.
//
// Each file's share of the run is written to node_modules/.cache/snr-test/durations.json by the
// reporter below (scripts/test-durations.mjs); the next run deals the files out by it, the longest
// first, each to the shard with the least so far. A file not measured yet counts by its size.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the per-file durations of the last runs are kept (a cache: deleting it only costs balance). */
export function durationsFile(root) {
  return join(root, 'node_modules', '.cache', 'snr-test', 'durations.json');
}

function readDurations(root) {
  try {
    return JSON.parse(readFileSync(durationsFile(root), 'utf8'));
  } catch {
    return {};
  }
}

/**
 * Deals `files` (paths relative to `root`) out to at most `count` shards, longest first, each to
 * the shard with the least work so far. Returns arrays of files, each in the order given.
 */
export function dealFiles(root, files, count) {
  const known = readDurations(root);
  // Unmeasured files: ~1 ms of test per 4 bytes of test file, a rough figure from the server files.
  const weight = (f) => known[f] ?? Math.max(200, statSync(join(root, f)).size / 4);
  const shards = Array.from({ length: Math.max(1, Math.min(count, files.length)) }, () => ({ files: [], load: 0 }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a))) {
    const least = shards.reduce((a, b) => (b.load < a.load ? b : a));
    least.files.push(f);
    least.load += weight(f);
  }
  const order = new Map(files.map((f, i) => [f, i]));
  return shards.filter((s) => s.files.length).map((s) => s.files.sort((a, b) => order.get(a) - order.get(b)));
}

/**
 * Writes one entry file per shard into a fresh temporary folder; returns their paths and a
 * `remove()` for the folder. A shard of one file is that file itself.
 *
 * A shard imports its next file only once the tests of the one before have ended (an empty suite
 * registered after each file marks its end; node:test runs the top-level tests in order): so a
 * file's top-level code runs right before its tests, as in a process of its own (a clock or a
 * deadline taken at import time is still fresh when the tests run), and its top-level `after`
 * hooks run before the next file starts. A file that fails to import counts as a failed test
 * named after it; the shard goes on with the next file.
 */
export function writeShards(root, shards, name) {
  const dir = mkdtempSync(join(tmpdir(), `snr-${name}-shards-`));
  const paths = shards.map((files, i) => {
    if (files.length === 1) return join(root, files[0]);
    const path = join(dir, `${name}-${i + 1}-of-${shards.length}.mjs`);
    const list = files.map((f) => [f, pathToFileURL(join(root, f)).href]);
    writeFileSync(
      path,
      `// ${name} shard ${i + 1} of ${shards.length}, written by scripts/test-shards.mjs
import { describe, test } from 'node:test';
for (const [file, url] of ${JSON.stringify(list, null, 1)}) {
  try {
    await import(url);
  } catch (error) {
    test(\`\${file} could not be loaded\`, () => {
      throw error;
    });
  }
  await describe(\`(\${file} done)\`, () => {});
}
`,
    );
    return path;
  });
  return {
    paths,
    remove: () => {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Merges one run's measured durations into the cache (files not run keep their old figure). */
export function saveDurations(root, measured) {
  if (!Object.keys(measured).length) return;
  const file = durationsFile(root);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...readDurations(root), ...measured }, null, 1)}\n`);
}
