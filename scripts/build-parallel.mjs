#!/usr/bin/env node
// `npm test`'s build step: the given npm scripts side by side (`node scripts/build-parallel.mjs
// build:types build:cdn build:manifest build:demo`), each one's output printed whole when it ends,
// under its name. Exits non-zero when one fails. The scripts must write to different places: tsc
// writes dist/**/*.js and .d.ts, the CDN build empties and fills dist/cdn, the manifest is
// dist/custom-elements.json and the demo dist/demo. `npm run build` runs the first three one after
// another; side by side they take the time of the longest (tsc, one thread) instead of the sum.
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
const started = Date.now();
const results = await Promise.all(
  scripts.map(
    (script) =>
      new Promise((resolve) => {
        const t = Date.now();
        const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => {
          output += chunk;
        });
        child.stderr.on('data', (chunk) => {
          output += chunk;
        });
        child.on('error', (err) => {
          output += `${err.message}\n`;
        });
        child.on('close', (code, signal) => {
          const ok = code === 0;
          process.stdout.write(`── ${script}: ${ok ? 'ok' : `FAILED (${signal ?? `exit ${code}`})`} in ${((Date.now() - t) / 1000).toFixed(1)}s\n${output}`);
          resolve(ok);
        });
      }),
  ),
);
process.stdout.write(`built ${scripts.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
process.exit(results.every(Boolean) ? 0 : 1);
