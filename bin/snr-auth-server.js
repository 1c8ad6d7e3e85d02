#!/usr/bin/env node
// Runs the TypeScript sources through tsx's loader, so the server needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/server/cli.ts');
await main();
