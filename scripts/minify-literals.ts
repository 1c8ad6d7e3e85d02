/**
 * Build plugin for the script-tag files: takes the layout whitespace out of the kit's templates
 * before the minifier sees them, which cannot (to a minifier a template is an opaque string).
 *
 * - `html`/`svg` tagged templates: each run of whitespace with a line break becomes one space (HTML
 *   collapses whitespace anyway; no template of the kit uses `<pre>`, `<textarea>` or
 *   `white-space: pre`).
 * - CSS, the templates passed to `css(…)` and every template literal of a `*.styles.ts` file or of
 *   `tokens.ts`: comments go, whitespace runs become one space, and none is left beside `{ } ; , >`,
 *   after a colon, before `!important` or around `*` and `/` in `calc()`; `0.5` becomes `.5` and
 *   `#ffffff` `#fff`.
 *   A part next to a `${…}` keeps one space on that side (unless it is beside one of `{ } ; ,`),
 *   so no token is glued to what the expression yields.
 *
 * Only the literal text between expressions changes; the expressions are left as written.
 */
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

export function minifyHtml(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

export function minifyCss(text: string, atStart: boolean, atEnd: boolean): string {
  let out = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    // After a colon (a declaration's, a media feature's) a space never counts: selectors write none.
    .replace(/: /g, ':')
    .replace(/ !important/g, '!important')
    // 0.5rem → .5rem; #ffffff → #fff.
    .replace(/(^|[^\w.#-])0\.(\d)/g, '$1.$2')
    .replace(/#([\da-f])\1([\da-f])\2([\da-f])\3\b/gi, '#$1$2$3')
    // Multiplication and division in calc() need no spaces (addition and subtraction do).
    .replace(/calc\((?:[^()]|\([^()]*\))*\)/g, (calc) => calc.replace(/ ?([*/]) ?/g, '$1'));
  if (atStart) out = out.replace(/^ /, '');
  if (atEnd) out = out.replace(/ $/, '');
  return out;
}

type Kind = 'html' | 'css';

function literalParts(node: ts.TemplateLiteral): ts.Node[] {
  return ts.isNoSubstitutionTemplateLiteral(node) ? [node] : [node.head, ...node.templateSpans.map((s) => s.literal)];
}

/** Rewrites the templates of one TypeScript source; returns null when nothing changed. */
export function minifyLiterals(code: string, id: string): { code: string; map: ReturnType<MagicString['generateMap']> } | null {
  const stylesFile = /(\.styles|[\\/]tokens)\.ts$/.test(id);
  if (!stylesFile && !/\b(html|svg)`|\bcss\(`/.test(code)) return null;
  const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const s = new MagicString(code);
  let changed = false;
  const rewrite = (literal: ts.TemplateLiteral, kind: Kind) => {
    const parts = literalParts(literal);
    parts.forEach((part, i) => {
      const start = part.getStart(source);
      const end = part.getEnd();
      const raw = code.slice(start, end);
      // Delimiters: ` or } before, ` or ${ after.
      const open = 1;
      const close = raw.endsWith('${') ? 2 : 1;
      const text = raw.slice(open, raw.length - close);
      const min = kind === 'html' ? minifyHtml(text) : minifyCss(text, i === 0, i === parts.length - 1);
      if (min !== text) {
        if (min === '') s.remove(start + open, end - close);
        else s.overwrite(start + open, end - close, min);
        changed = true;
      }
    });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'html' || node.tag.text === 'svg')) {
      rewrite(node.template, 'html');
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'css') {
      const arg = node.arguments[0];
      if (arg && (ts.isTemplateExpression(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) rewrite(arg, 'css');
    } else if (stylesFile && (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !ts.isTaggedTemplateExpression(node.parent)) {
      if (!(ts.isCallExpression(node.parent) && ts.isIdentifier(node.parent.expression) && node.parent.expression.text === 'css')) rewrite(node, 'css');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!changed) return null;
  return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
}

/** The plugin: the kit's own `.ts` sources only (lit's templates are lit's). */
export function minifyLiteralsPlugin(): Plugin {
  return {
    name: 'snr-minify-literals',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || id.includes('node_modules')) return null;
      return minifyLiterals(code, id);
    },
  };
}
