#!/usr/bin/env node
// The reference identity server's command. In the published package it runs the compiled server
// (this package's dist/); in a clone of the repository, where the TypeScript sources sit beside it,
// it runs them through tsx's loader, so a change to server/src needs no build step. From source,
// `snr-auth/contract` must resolve to the browser package's sources too: source-condition.mjs
// adds the `snr-auth-source` export condition.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';

const source = new URL('../src/cli.ts', import.meta.url);
let main;
if (existsSync(source) && process.env.SNR_SERVER_FROM !== 'dist') {
  registerHooks('./source-condition.mjs', import.meta.url);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli.js'));
}
await main();
