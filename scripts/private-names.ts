/**
 * Build plugin for the script-tag files: a class's TypeScript `private` members become ES private
 * members (`private store` → `#store`), whose names the minifier shortens (a property name it must
 * keep: `this.store` stays `this.store` in the output, `this.#store` becomes `this.#a`). The sources
 * keep their `private` members (what the npm modules, tsc's output, carry).
 *
 * Only where nothing can tell the difference: an instance member (not static, not optional, not a
 * constructor parameter, no decorator: Lit's reactive `@state()` fields stay properties), every use
 * of whose name in the class is `this.<name>` with `this` the class's own (not inside a nested
 * `function` or class), and whose name the file never writes as a string (`obj['name']`). TypeScript
 * already refuses any use from outside the class. Must run before `staticPropertiesPlugin`, which
 * removes the decorators this plugin leaves alone.
 */
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

type Member = ts.PropertyDeclaration | ts.MethodDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

const isMember = (node: ts.Node): node is Member =>
  ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);

function renamable(member: Member): boolean {
  const modifiers = ts.getModifiers(member) ?? [];
  return (
    ts.isIdentifier(member.name) &&
    modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) &&
    !modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword || m.kind === ts.SyntaxKind.AbstractKeyword || m.kind === ts.SyntaxKind.DeclareKeyword) &&
    !(ts.getDecorators(member) ?? []).length &&
    !member.questionToken
  );
}

/** The class whose `this` a `this` keyword is: none when a nested `function` rebinds it first. */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (ts.isFunctionDeclaration(at) || ts.isFunctionExpression(at)) return undefined;
    // An object literal's own methods and accessors rebind it too.
    if ((ts.isMethodDeclaration(at) || ts.isGetAccessorDeclaration(at) || ts.isSetAccessorDeclaration(at)) && ts.isObjectLiteralExpression(at.parent))
      return undefined;
    if (ts.isClassDeclaration(at) || ts.isClassExpression(at)) return at;
  }
  return undefined;
}

export function privateNames(code: string, id: string): { code: string; map: ReturnType<MagicString['generateMap']> } | null {
  if (!/\bprivate\s/.test(code)) return null;
  const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // Names the file writes as strings: left alone (`obj['name']`, `'name' in obj`).
  const strings = new Set<string>();
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node)) strings.add(node.text);
    ts.forEachChild(node, collect);
  };
  collect(source);
  const s = new MagicString(code);
  let changed = false;
  const visitClass = (cls: ts.ClassLikeDeclaration) => {
    const candidates = new Map<string, Member[]>();
    for (const member of cls.members)
      if (isMember(member) && renamable(member) && !strings.has((member.name as ts.Identifier).text)) {
        const name = (member.name as ts.Identifier).text;
        candidates.set(name, [...(candidates.get(name) ?? []), member]);
      }
    // A name also used by a public member or a parameter property (`constructor(private x)`) of the
    // class is left alone; a plain constructor parameter of the same name (`constructor(host)` with
    // `this.host = host`) is only a local name.
    for (const member of cls.members) {
      if (isMember(member) && !renamable(member) && member.name && ts.isIdentifier(member.name)) candidates.delete(member.name.text);
      if (ts.isConstructorDeclaration(member))
        for (const p of member.parameters) if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length) candidates.delete(p.name.text);
    }
    if (!candidates.size) return;
    const uses = new Map<string, ts.Node[]>();
    const unsafe = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && candidates.has(node.name.text)) {
        const name = node.name.text;
        if (node.expression.kind === ts.SyntaxKind.ThisKeyword && thisClass(node.expression) === cls) uses.set(name, [...(uses.get(name) ?? []), node.name]);
        else unsafe.add(name);
      }
      // Destructuring `const { store } = this`, shorthand `{ store }`: not a `this.<name>` use.
      if ((ts.isBindingElement(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name) && candidates.has(node.name.text))
        unsafe.add(node.name.text);
      if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName) && candidates.has(node.propertyName.text))
        unsafe.add(node.propertyName.text);
      ts.forEachChild(node, visit);
    };
    for (const member of cls.members) visit(member);
    for (const [name, members] of candidates) {
      if (unsafe.has(name)) continue;
      for (const member of members) {
        const modifier = (ts.getModifiers(member) ?? []).find((m) => m.kind === ts.SyntaxKind.PrivateKeyword)!;
        s.remove(modifier.getStart(source), modifier.getEnd() + (code[modifier.getEnd()] === ' ' ? 1 : 0));
        s.overwrite(member.name.getStart(source), member.name.getEnd(), `#${name}`);
      }
      for (const use of uses.get(name) ?? []) s.overwrite(use.getStart(source), use.getEnd(), `#${name}`);
      changed = true;
    }
  };
  const walk = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) visitClass(node);
    ts.forEachChild(node, walk);
  };
  walk(source);
  if (!changed) return null;
  return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
}

/** The plugin: the kit's own `.ts` sources only. Put it before `staticPropertiesPlugin()`. */
export function privateNamesPlugin(): Plugin {
  return {
    name: 'snr-private-names',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || id.includes('node_modules')) return null;
      return privateNames(code, id);
    },
  };
}
