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
 * Error codes only some flows can produce, with the sources (paths under `src/`) that run those
 * flows: a page file keeps the English of such a code only when it carries one of them, and the
 * add-on that carries one brings it (`errors` merged into the page's English on load). A code not
 * listed can come from any request and every page keeps it. A code whose English is not loaded
 * reads as the generic message (`errorMessage`).
 */
export const ERROR_OWNERS: Readonly<Record<string, readonly string[]>> = {
  PASSWORD_POLICY: ['elements/snr-register/', 'elements/snr-change-password/', 'elements/snr-landing/'],
  PASSWORD_BREACHED: ['elements/snr-register/', 'elements/snr-change-password/', 'elements/snr-landing/'],
  EMAIL_TAKEN: [
    'elements/snr-register/',
    'elements/snr-account/',
    'elements/snr-auth/',
    'capabilities/account-email/',
    'capabilities/passkeys/',
    'elements/shared/provider-sign-in.ts',
  ],
  CUSTOM_ID_TAKEN: ['elements/snr-register/', 'elements/snr-account/'],
  ALREADY_CONFIRMED: ['elements/snr-landing/'],
  EMAIL_TOKEN_INVALID: ['elements/snr-landing/'],
  REGISTRATION_REQUIRED: ['elements/shared/provider-sign-in.ts'],
  ACTIVATION_PIN_INVALID: ['capabilities/pin/'],
  // A plain sign-in stopped by a condition (after a registration, a provider's): <snr-signin> shows steps instead.
  APPROVAL_REQUIRED: ['elements/snr-register/', 'elements/shared/provider-sign-in.ts', 'capabilities/signin-conditions/', 'capabilities/passkeys/'],
  TERMS_ACCEPTANCE_REQUIRED: ['elements/snr-register/', 'elements/shared/provider-sign-in.ts', 'capabilities/signin-conditions/', 'capabilities/passkeys/'],
  MFA_REQUIRED: ['elements/snr-register/', 'elements/shared/provider-sign-in.ts', 'capabilities/second-factor/', 'capabilities/passkeys/'],
  MFA_CODE_INVALID: ['capabilities/second-factor/'],
  MFA_CHALLENGE_INVALID: ['capabilities/second-factor/'],
  MFA_ALREADY_ENABLED: ['capabilities/second-factor/'],
  MFA_NOT_ENABLED: ['capabilities/second-factor/'],
  SIGN_IN_CODE_INVALID: ['capabilities/email-code/'],
  SIGN_IN_METHOD_DISABLED: ['capabilities/email-code/', 'capabilities/passkeys/'],
  PROVIDER_DISABLED: ['elements/shared/provider-sign-in.ts'],
  PROVIDER_REJECTED: ['elements/shared/provider-sign-in.ts'],
  PROVIDER_TIMEOUT: ['elements/shared/provider-sign-in.ts'],
  PROVIDER_UNAVAILABLE: ['elements/shared/provider-sign-in.ts'],
  PROVIDER_CANCELLED: ['elements/shared/provider-sign-in.ts'],
  POPUP_BLOCKED: ['elements/shared/provider-sign-in.ts'],
  PASSKEYS_DISABLED: ['capabilities/passkeys/'],
  PASSKEY_CHALLENGE_INVALID: ['capabilities/passkeys/'],
  PASSKEY_REJECTED: ['capabilities/passkeys/'],
  PASSKEY_UNKNOWN: ['capabilities/passkeys/'],
  PASSKEY_CANCELLED: ['capabilities/passkeys/'],
  PASSKEYS_UNSUPPORTED: ['capabilities/passkeys/'],
};

/** The group of `en` whose entries `ERROR_OWNERS` decides. */
const ERRORS = 'errors';
/**
 * In a set of kept names: the owned error codes go by their `errors.<CODE>` names (the page files'
 * sets have it). Without it (a language file's set of top-level keys) the group is kept whole.
 */
export const OWNED_ERRORS = 'errors.*';

/** `errors.<CODE>` for each owned code whose owner is among `sources`, and `OWNED_ERRORS`. */
function ownedErrorNames(sources: Iterable<string>): Set<string> {
  const paths = [...sources].map((file) => file.replaceAll('\\', '/'));
  const names = new Set([OWNED_ERRORS]);
  for (const [code, owners] of Object.entries(ERROR_OWNERS))
    if (owners.some((owner) => paths.some((file) => file.includes(`/src/${owner}`)))) names.add(`${ERRORS}.${code}`);
  return names;
}

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
  const read: string[] = [];
  for (const file of sources) {
    if (/[\\/]src[\\/]i18n[\\/](?!index|registry|plural|languages)[\w-]+\.ts$/.test(file) || NO_STRINGS.test(file)) continue;
    for (const name of namesOf(file, lentOnly.get(file))) names.add(name);
    if (!lentOnly.has(file)) read.push(file);
  }
  for (const name of ownedErrorNames(read)) names.add(name);
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
      const remove = (list: ts.NodeArray<ts.ObjectLiteralElementLike>, i: number) => {
        const property = list[i]!;
        // Up to the next property; the last one with its trailing comma.
        const end = i + 1 < list.length ? list[i + 1]!.getStart(source) : property.getEnd() + (/^\s*,/.exec(code.slice(property.getEnd()))?.[0].length ?? 0);
        s.remove(property.getStart(source), end);
        removed++;
      };
      properties.forEach((property, i) => {
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
        if (name === ERRORS && ts.isPropertyAssignment(property) && ts.isObjectLiteralExpression(property.initializer)) {
          // The owned codes go by their own names (a page, an add-on); a set without them keeps the group whole (a language).
          const codes = property.initializer.properties;
          const named = (c: ts.ObjectLiteralElementLike) => (c.name && ts.isIdentifier(c.name) ? c.name.text : '');
          const whole = keep.has(ERRORS) && !keep.has(OWNED_ERRORS);
          const kept = codes.filter((c) => whole || keep.has(`${ERRORS}.${named(c)}`) || (keep.has(ERRORS) && !(named(c) in ERROR_OWNERS)));
          if (!kept.length) return remove(properties, i);
          if (kept.length < codes.length) for (let j = codes.length - 1; j >= 0; j--) if (!kept.includes(codes[j]!)) remove(codes, j);
          return;
        }
        if (!name || name === 'lang' || keep.has(name)) return;
        remove(properties, i);
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
