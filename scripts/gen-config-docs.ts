#!/usr/bin/env node
// Writes the server's configuration table (its environment variables) into README.md and
// docs/DESIGN.md, between the markers below (text outside them is kept), from their one declaration:
// CONFIG_VARIABLES in server/src/config.ts. `npm run docs` runs it; server/test/config-docs.test.ts
// fails when a file is out of date.
//
//   node --conditions=snr-auth-source --import tsx scripts/gen-config-docs.ts [file.md …]     (defaults: README.md docs/DESIGN.md)

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_VARIABLES, type ConfigVariable } from '../server/src/config.js';

export const BEGIN = '<!-- BEGIN CONFIGURATION: generated from CONFIG_VARIABLES in server/src/config.ts by `npm run docs` -->';
export const END = '<!-- END CONFIGURATION -->';
export const FILES = ['README.md', 'docs/DESIGN.md'];

const cell = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

/** The markdown table, one row per variable, in the order declared. */
export function renderConfigTable(): string {
  const rows = (Object.entries(CONFIG_VARIABLES) as [string, ConfigVariable][]).map(([name, v]) => {
    const byDefault = [v.default === undefined ? '' : `\`${v.default}\``, v.unset ?? ''].filter(Boolean).join(' ');
    return `| \`${name}\` | ${cell(v.meaning)} | ${cell(byDefault || 'unset')} |`;
  });
  return ['| variable | meaning | default |', '|---|---|---|', ...rows].join('\n');
}

/** `text` with the marked section replaced, indented as the BEGIN marker is; throws when the markers are missing. */
export function rewriteConfigSection(text: string, file = 'the file'): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`${file} has no configuration markers (${BEGIN} … ${END})`);
  const indent = /[ \t]*$/.exec(text.slice(0, start))![0];
  const table = renderConfigTable()
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
  return `${text.slice(0, start)}${BEGIN}\n${table}\n${indent}${END}${text.slice(end + END.length)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const file of process.argv.length > 2 ? process.argv.slice(2) : FILES.map((f) => root + f)) {
    const before = readFileSync(file, 'utf8');
    const after = rewriteConfigSection(before, file);
    if (after !== before) writeFileSync(file, after);
    console.log(`${file}: configuration table ${after === before ? 'already up to date' : 'rewritten'} (${Object.keys(CONFIG_VARIABLES).length} variables)`);
  }
}
