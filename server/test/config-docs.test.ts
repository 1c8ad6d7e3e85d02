/**
 * The server's configuration is declared once (CONFIG_VARIABLES in server/src/config.ts): loadConfig
 * reads exactly those variables and takes their defaults from there, and the tables of README.md
 * and docs/DESIGN.md are what scripts/gen-config-docs.ts writes from it (`npm run docs`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BEGIN, END, FILES, rewriteConfigSection } from '../../scripts/gen-config-docs.js';
import { CONFIG_VARIABLES, loadConfig } from '../src/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('configuration declared once', () => {
  for (const file of FILES) {
    it(`${file}: the configuration table is generated from CONFIG_VARIABLES`, () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      assert.equal(text.split(BEGIN).length, 2, `${file} has one ${BEGIN}`);
      assert.equal(text.split(END).length, 2, `${file} has one ${END}`);
      assert.equal(text, rewriteConfigSection(text, file), `${file}'s configuration table is out of date: run \`npm run docs\``);
      for (const name of Object.keys(CONFIG_VARIABLES)) assert.ok(text.includes(`| \`${name}\` |`), `${file} lists ${name}`);
    });
  }

  it('loadConfig reads exactly the declared variables', () => {
    const read = new Set<string>();
    const env = new Proxy({} as Record<string, string | undefined>, {
      get(_, name) {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    });
    loadConfig(env);
    assert.deepEqual([...read].sort(), Object.keys(CONFIG_VARIABLES).sort());
  });

  it('each declared default is what loadConfig takes when the variable is unset', () => {
    const explicit = Object.fromEntries(Object.entries(CONFIG_VARIABLES).flatMap(([name, v]) => ('default' in v ? [[name, v.default]] : [])));
    assert.ok(Object.keys(explicit).length >= 15);
    assert.deepEqual(loadConfig(explicit), loadConfig({}));
    // and a default is not a no-op: a different value changes the configuration
    assert.notDeepEqual(loadConfig({ SNR_TOKEN_TTL: '60' }), loadConfig({}));
  });

  it('fails on a stale table, naming the command', () => {
    const file = 'README.md';
    const text = readFileSync(join(ROOT, file), 'utf8').replace('| `SNR_TOKEN_TTL` | token lifetime, seconds |', '| `SNR_TOKEN_TTL` | token lifetime |');
    assert.notEqual(text, rewriteConfigSection(text, file));
    assert.throws(() => rewriteConfigSection('no markers', 'X.md'), /X\.md has no configuration markers/);
  });
});
