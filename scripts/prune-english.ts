/**
 * Build plugin for the page-shaped script-tag files (`snr-auth.signin.js`, `snr-auth.forms.js`):
 * English is the one language those files carry, and the table holds every element's strings. This
 * keeps only the top-level keys of `en` whose name occurs anywhere in the source of the modules the
 * file is built from (a name, a property, a string: any occurrence keeps it), so a sign-in page does
 * not download the registration and account strings. Groups (`errors`, `fields`, …) are kept whole:
 * their keys are looked up by code. The everything file (`snr-auth.iife.js`) and the npm modules
 * keep the full table.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

/**
 * The `.ts` files an entry reaches through relative imports (type-only ones too: over, never under),
 * leaving out those `skip` names (and what only they reach).
 */
export function reachableSources(entry: string, skip: (file: string) => boolean = () => false): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || skip(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, from] of code.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = resolve(dirname(file), from!).replace(/\.js$/, '.ts');
      if (!seen.has(target)) queue.push(target);
    }
  }
  return seen;
}

const TABLE_FILE = /[\\/]src[\\/]i18n[\\/]en\.ts$/;

/**
 * Code that never reads a string table: the headless session, the API client, the contract and the
 * events import nothing from src/i18n, so their names (a Client method `deleteAccount`, a schema's
 * `agreements`) keep no English.
 */
const NO_STRINGS = /[\\/]src[\\/](session|api|contract|events)[\\/]/;

/** Names used by the sources besides the string tables themselves. */
export function usedNames(sources: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const file of sources) {
    if (/[\\/]src[\\/]i18n[\\/](?!index|registry|plural|languages)[\w-]+\.ts$/.test(file) || NO_STRINGS.test(file)) continue;
    for (const [word] of readFileSync(file, 'utf8').matchAll(/[A-Za-z_$][\w$]*/g)) names.add(word);
  }
  return names;
}

/** `en.ts` without the top-level keys not in `keep`; null when nothing goes. */
export function pruneTable(code: string, id: string, keep: Set<string>): { code: string; map: ReturnType<MagicString['generateMap']> } | null {
  const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const s = new MagicString(code);
  let removed = 0;
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!declaration.initializer || !ts.isObjectLiteralExpression(declaration.initializer)) continue;
      const properties = declaration.initializer.properties;
      properties.forEach((property, i) => {
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
        if (!name || name === 'lang' || keep.has(name)) return;
        // Up to the next property; the last one with its trailing comma.
        const end =
          i + 1 < properties.length ? properties[i + 1]!.getStart(source) : property.getEnd() + (/^\s*,/.exec(code.slice(property.getEnd()))?.[0].length ?? 0);
        s.remove(property.getStart(source), end);
        removed++;
      });
    }
  }
  if (!removed) return null;
  return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
}

/**
 * `entry`: the page file's entry. `skip`: sources the page file does not carry (the capabilities).
 * Add-ons bring the English only they name (vite.config.ts, `addonLib`), so none is kept for them.
 */
export function pruneEnglishPlugin(entry: string, skip?: (file: string) => boolean): Plugin {
  let keep: Set<string> | undefined;
  return {
    name: 'snr-prune-english',
    enforce: 'pre',
    buildStart() {
      keep = usedNames(reachableSources(entry, skip));
    },
    transform(code, id) {
      if (!TABLE_FILE.test(id)) return null;
      return pruneTable(code, id, keep!);
    },
  };
}
