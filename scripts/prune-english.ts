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

/** Where an identifier names a property (`t.email`, `{ email }`, `{ email: … }`), not a variable of its own. */
function namesProperty(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    ts.isPropertyAssignment(parent) ||
    ts.isShorthandPropertyAssignment(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isGetAccessor(parent) ||
    (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent)) ||
    ts.isQualifiedName(parent)
  );
}

/**
 * The property names a source's code says: names after a dot or as an object's key (a binding
 * pattern's too), and strings that are one name whole (`'email'`); its comments, variable names
 * and the words of its messages left out (a parameter `fields`, "not activated yet" keep nothing).
 */
function namesOf(file: string, only?: ReadonlySet<string>): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && (namesProperty(node) || only)) names.add(node.text);
    else if ((ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) && /^[A-Za-z_$][\w$]*$/.test(node.text)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  if (!only) {
    visit(source);
    return names;
  }
  // Only the declarations named in `only`, and the module's own declarations they name (transitively).
  const declarations = new Map<string, ts.Node>();
  for (const statement of source.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) declarations.set(statement.name.text, statement);
    else if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) declarations.set(d.name.text, statement);
  }
  const queue = [...only];
  const done = new Set<string>();
  while (queue.length) {
    const name = queue.pop()!;
    const node = declarations.get(name);
    if (done.has(name) || !node) continue;
    done.add(name);
    const before = new Set(names);
    visit(node);
    for (const n of names) if (!before.has(n) && declarations.has(n)) queue.push(n);
  }
  return names;
}

/**
 * Names used by the sources besides the string tables themselves. `lentOnly`: sources a file
 * reaches only through src/bundles/kit.ts, with the names it lends from each (only what those
 * declarations say counts: the rest of the module is not in the file).
 */
export function usedNames(sources: Iterable<string>, lentOnly: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Set<string> {
  const names = new Set<string>();
  for (const file of sources) {
    if (/[\\/]src[\\/]i18n[\\/](?!index|registry|plural|languages)[\w-]+\.ts$/.test(file) || NO_STRINGS.test(file)) continue;
    for (const name of namesOf(file, lentOnly.get(file))) names.add(name);
  }
  return names;
}

const KIT_FILE = /[\\/]src[\\/]bundles[\\/]kit\.ts$/;

/**
 * The sources a page file is built from (`reachableSources`), and among them those it reaches only
 * because src/bundles/kit.ts lends something of them to the add-ons, with the names it lends.
 */
export function pageSources(entry: string, skip: (file: string) => boolean = () => false): { sources: Set<string>; lentOnly: Map<string, Set<string>> } {
  const sources = reachableSources(entry, skip);
  const withoutKit = reachableSources(entry, (file) => skip(file) || KIT_FILE.test(file));
  const lentOnly = new Map<string, Set<string>>();
  const kitFile = [...sources].find((file) => KIT_FILE.test(file));
  if (kitFile)
    for (const [, list, from] of readFileSync(kitFile, 'utf8').matchAll(/^import \{([^}]+)\} from '(\.[^']+)';$/gm)) {
      const file = resolve(dirname(kitFile), from!).replace(/\.js$/, '.ts');
      if (sources.has(file) && !withoutKit.has(file) && !KIT_FILE.test(file))
        lentOnly.set(
          file,
          new Set(
            list!
              .split(',')
              .map((n) => n.trim())
              .filter(Boolean),
          ),
        );
    }
  return { sources, lentOnly };
}

/** The names a page file's code says: `usedNames` of `pageSources`. */
export function pageNames(entry: string, skip?: (file: string) => boolean): Set<string> {
  const { sources, lentOnly } = pageSources(entry, skip);
  return usedNames(sources, lentOnly);
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
      keep = pageNames(entry, skip);
    },
    transform(code, id) {
      if (!TABLE_FILE.test(id)) return null;
      return pruneTable(code, id, keep!);
    },
  };
}
