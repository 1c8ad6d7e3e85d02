/**
 * Build plugin for the script-tag files: Lit's `@property()` / `@state()` decorators become the
 * class's `static properties`, as Lit's documentation writes them without decorators. Same
 * behaviour (Lit reads `static properties` when it finalizes the class, the decorators call the same
 * `createProperty` earlier), fewer bytes: no decorator helper, no `__decorate([...], C.prototype,
 * "name")` call per field, and lit/decorators.js is left out of the files.
 *
 * Its import of `lit/decorators.js` goes with them. The sources keep their decorators (what the npm modules, tsc's output, carry). A class that
 * already has `static properties`, or a field with any other decorator, is left as written.
 */
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

const LIT_DECORATORS = new Set(['property', 'state']);

function litDecorator(decorator: ts.Decorator): { kind: string; options: ts.Expression | undefined } | null {
  const call = decorator.expression;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !LIT_DECORATORS.has(call.expression.text) || call.arguments.length > 1) return null;
  return { kind: call.expression.text, options: call.arguments[0] };
}

export function staticProperties(code: string, id: string): { code: string; map: ReturnType<MagicString['generateMap']> } | null {
  if (!/@(property|state)\(/.test(code)) return null;
  const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const s = new MagicString(code);
  let changed = false;
  let left = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const hasStatic = node.members.some(
        (m) => ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) && m.name.getText(source) === 'properties',
      );
      const entries: string[] = [];
      const edits: Array<[number, number]> = [];
      if (!hasStatic)
        for (const member of node.members) {
          if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
          const decorators = ts.getDecorators(member) ?? [];
          if (decorators.length !== 1) continue;
          const lit = litDecorator(decorators[0]!);
          if (!lit) {
            left++;
            continue;
          }
          const options = lit.options?.getText(source);
          entries.push(`${member.name.text}: ${lit.kind === 'state' ? (options ? `{ ...${options}, state: true }` : '{ state: true }') : (options ?? '{}')}`);
          edits.push([decorators[0]!.getStart(source), decorators[0]!.getEnd()]);
        }
      if (entries.length) {
        for (const [start, end] of edits) s.remove(start, end);
        s.appendLeft(node.members.end, `\n  static properties = { ${entries.join(', ')} };\n`);
        changed = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!changed) return null;
  // With every decorator gone, `import { property, state } from 'lit/decorators.js'` goes too.
  if (!left && !/@(property|state)\(/.test(s.toString()))
    for (const statement of source.statements)
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'lit/decorators.js') {
        const bindings = statement.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings) && bindings.elements.every((e) => LIT_DECORATORS.has(e.name.text)))
          s.remove(statement.getStart(source), statement.getEnd());
      }
  return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
}

export function staticPropertiesPlugin(): Plugin {
  return {
    name: 'snr-static-properties',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || id.includes('node_modules')) return null;
      return staticProperties(code, id);
    },
  };
}
