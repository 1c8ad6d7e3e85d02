/**
 * The build-only transforms of the script-tag files (issue 15): what each keeps and what it drops,
 * on small sources written here.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the sources under test are TypeScript text with template expressions in it
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dropLitHooks } from '../../scripts/lit-hooks.js';
import { minifyCss, minifyHtml, minifyLiterals } from '../../scripts/minify-literals.js';
import { privateNames } from '../../scripts/private-names.js';
import { OWNED_ERRORS, pruneTable, usedNames } from '../../scripts/prune-english.js';
import { staticProperties } from '../../scripts/static-properties.js';

describe('minify-literals', () => {
  it('collapses layout whitespace in html`` and css(``), not in the expressions or other strings', () => {
    const source = [
      'const s = css(`',
      ':host {',
      '  display: block; /* a comment */',
      '  ${TOKENS}',
      '}',
      '`);',
      'const t = html`',
      '  <p>',
      '    ${a ? html`<b>  x  </b>` : "  kept  "}',
      '  </p>',
      '`;',
      'const u = `',
      '  untouched',
      '`;',
    ].join('\n');
    const out = minifyLiterals(source, '/x/src/elements/a.ts')!.code;
    assert.ok(out.includes('css(`:host{display:block;${TOKENS}}`)'), out);
    assert.ok(out.includes('html` <p> ${a ? html`<b>  x  </b>` : "  kept  "} </p> `'), out);
    assert.ok(out.includes('const u = `\n  untouched\n`'), out);
  });
  it('treats every template of a .styles.ts file as CSS', () => {
    const out = minifyLiterals('export const A = `\n  a {\n    color: red;\n  }\n`;', '/x/src/elements/b.styles.ts')!.code;
    assert.equal(out, 'export const A = `a{color:red;}`;');
  });
  it('keeps one space beside an expression, none beside braces and semicolons', () => {
    assert.equal(minifyCss('  a  {  b: c ;  }  ', true, true), 'a{b:c;}');
    assert.equal(minifyCss('  a  ', false, false), ' a ');
    assert.equal(minifyHtml('<a>\n   x\n</a>'), '<a> x </a>');
  });
  it("drops the spaces CSS does not need: after colons, around > and calc()'s * and /, before !important; shortens numbers and colours", () => {
    assert.equal(
      minifyCss('a > :where(b:focus) { margin: 0.5rem -0.5rem 10.5px; width: calc(var(--x) * 0.25 + 1px / 2); color: #ffffff !important; }', true, true),
      'a>:where(b:focus){margin:.5rem -0.5rem 10.5px;width:calc(var(--x)*.25 + 1px/2);color:#fff!important;}',
    );
    // A descendant combinator before a pseudo-class keeps its space; a colour with alpha stays whole.
    assert.equal(minifyCss('a :where(b) { background: #aabbcc80; }', true, true), 'a :where(b){background:#aabbcc80;}');
    assert.equal(minifyCss('@media (forced-colors: active) { a { b: c } }', true, true), '@media (forced-colors:active){a{b:c}}');
  });
});

describe('static-properties', () => {
  it('turns @property/@state into static properties and drops the decorators import', () => {
    const source = [
      "import { property, state } from 'lit/decorators.js';",
      'class A extends LitElement {',
      "  @property({ attribute: 'api-base' }) apiBase: string | undefined;",
      '  @property() mode = "x";',
      '  @state() private open = false;',
      '}',
    ].join('\n');
    const out = staticProperties(source, 'a.ts')!.code;
    assert.ok(!out.includes('@property') && !out.includes('@state') && !out.includes('lit/decorators'), out);
    assert.ok(out.includes("static properties = { apiBase: { attribute: 'api-base' }, mode: {}, open: { state: true } };"), out);
    assert.ok(out.includes('mode = "x";') && out.includes('private open = false;'), out);
  });
  it('leaves a class with its own static properties, and other decorators, as written', () => {
    const own = 'class A {\n  static properties = {};\n  @property() a = 1;\n}';
    assert.equal(staticProperties(own, 'a.ts'), null);
    const other = "import { property } from 'lit/decorators.js';\nclass B {\n  @custom() b = 1;\n  @property() c = 2;\n}";
    const out = staticProperties(other, 'b.ts')!.code;
    assert.ok(out.includes('@custom() b = 1;') && out.includes('static properties = { c: {} };'), out);
    assert.ok(out.includes("from 'lit/decorators.js'"), 'the import stays while a decorator is left');
  });
});

describe('prune-english', () => {
  it('keeps the keys some module names, lang, and whole groups; drops the rest', () => {
    const table = "export const en: Translation = {\n  lang: 'en',\n  signIn: 'Sign in',\n  register: 'Register',\n  errors: { A: 'a', B: 'b' },\n};\n";
    const out = pruneTable(table, 'en.ts', new Set(['signIn', 'errors']))!.code;
    assert.equal(out, "export const en: Translation = {\n  lang: 'en',\n  signIn: 'Sign in',\n  errors: { A: 'a', B: 'b' },\n};\n");
    assert.equal(pruneTable(table, 'en.ts', new Set(['signIn', 'register', 'errors'])), null);
  });
  it('drops the last keys with their trailing comma (a capability add-on keeps only a few)', () => {
    const table = "export const en: Translation = {\n  lang: 'en',\n  signIn: 'Sign in',\n  register: 'Register',\n  errors: { A: 'a' },\n};\n";
    const out = pruneTable(table, 'en.ts', new Set(['signIn']))!.code;
    assert.equal(out, "export const en: Translation = {\n  lang: 'en',\n  signIn: 'Sign in',\n  \n};\n");
    assert.doesNotThrow(() => new Function(out.replace('export const en: Translation =', 'return')));
  });
  it("keeps the messages of errors only some flows produce where their flow is: a page's sources, an add-on's own; a language keeps them all", () => {
    const table =
      "export const en: Translation = {\n  lang: 'en',\n  signIn: 'Sign in',\n  errors: { NETWORK_ERROR: 'n', PASSKEY_REJECTED: 'p', EMAIL_TAKEN: 't', MFA_CODE_INVALID: 'm' },\n};\n";
    const run = (keep: Iterable<string>) => new Function(`return ${pruneTable(table, 'en.ts', new Set(keep))?.code.split('=')[1] ?? table.split('=')[1]}`)();
    const at = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
    // A page with the sign-in form only: the errors any request may answer, none of the flows'.
    const page = usedNames([at('elements/shared/errors.ts'), at('i18n/index.ts')]);
    assert.ok(page.has(OWNED_ERRORS) && !page.has('errors.PASSKEY_REJECTED'));
    assert.deepEqual(run([...page, 'signIn', 'errors']).errors, { NETWORK_ERROR: 'n' });
    // A page with the registration: its own (EMAIL_TAKEN), still not the passkeys'.
    assert.deepEqual(run([...usedNames([at('elements/snr-register/snr-register.element.ts')]), 'errors']).errors, { NETWORK_ERROR: 'n', EMAIL_TAKEN: 't' });
    // The passkeys' add-on: only its flows' (the set less what every page has, as vite.config.ts filters it).
    const addon = [...usedNames([at('capabilities/passkeys/signin.ts')])].filter((name) => !page.has(name));
    assert.deepEqual(run(addon).errors, { PASSKEY_REJECTED: 'p', EMAIL_TAKEN: 't' });
    // A language file's set (top-level keys alone): every message.
    assert.deepEqual(run(['signIn', 'errors']).errors, { NETWORK_ERROR: 'n', PASSKEY_REJECTED: 'p', EMAIL_TAKEN: 't', MFA_CODE_INVALID: 'm' });
  });
});

describe('private-names', () => {
  it('makes a private member an ES private one only where every use is this.<name> of its own class', () => {
    const code = `class A extends B {
  @state() private view = 'x';
  private store = 1;
  private other = 2;
  private readonly fn = () => this.store;
  private named = 3;
  private get size() { return this.store; }
  constructor(private readonly api: Api) { super(); }
  get v() { return this.store + this.other + this.size + this.named; }
  m(x: A) { return x.other + this.fn(); }
  o() { return { get t() { return this.named; } }; }
  s() { return this['q']; }
}`;
    const out = privateNames(code, 'a.ts')!.code;
    assert.ok(out.includes('#store = 1;') && out.includes('this.#store + this.other + this.#size'), out);
    assert.ok(out.includes('readonly #fn = () => this.#store;') && out.includes('get #size()') && out.includes('this.#fn()'), out);
    // Used on another instance, or where an object literal rebinds `this`: left as written.
    assert.ok(out.includes('private other = 2;') && out.includes('x.other') && out.includes('private named = 3;'), out);
    // A decorated (reactive) field and a constructor parameter property stay properties.
    assert.ok(out.includes("@state() private view = 'x';") && out.includes('private readonly api: Api'), out);
    assert.equal(privateNames('class C { x = 1; }', 'c.ts'), null);
  });
  it('renames a private member that a plain constructor parameter shares its name with', () => {
    const code = `class C {
  private readonly host: H;
  private readonly api: Api;
  constructor(host: H, private readonly api2: Api) { this.host = host; this.api = api2; host.add(this); }
  get h() { return this.host; }
}`;
    const out = privateNames(code, 'c.ts')!.code;
    assert.ok(out.includes('readonly #host: H;') && out.includes('this.#host = host; this.#api = api2; host.add(this);'), out);
    assert.ok(out.includes('return this.#host;') && out.includes('private readonly api2: Api'), out);
  });
});

describe('lit-hooks', () => {
  // The production modules the build bundles (the browser's, not the `node` condition's).
  const litFile = (name: string) => fileURLToPath(new URL(`../../node_modules/${name}`, import.meta.url));
  it("leaves out lit's polyfill and hydration hooks and version stamps, and nothing else runs differently", () => {
    const id = '/x/node_modules/lit-element/lit-element.js';
    const code =
      'const s=globalThis;i.finalized=!0,s.litElementHydrateSupport?.({LitElement:i});const o=s.litElementPolyfillSupport;o?.({LitElement:i});(s.litElementVersions??=[]).push("4.2.2");export{i as LitElement};';
    const out = dropLitHooks(code, id)!.code;
    assert.equal(out, 'const s=globalThis;i.finalized=!0,(void 0)?.({LitElement:i});const o=(void 0);o?.({LitElement:i});void 0;export{i as LitElement};');
    // What is left runs without calling anything, whatever the page put on globalThis.
    const calls: string[] = [];
    const g = { litElementHydrateSupport: () => calls.push('hydrate'), litElementPolyfillSupport: () => calls.push('polyfill') };
    const i = { finalized: false };
    new Function('globalThis', 'i', out.replace(/export\{[^}]*\};$/, ''))(g, i);
    assert.deepEqual(calls, []);
    assert.equal(i.finalized, true);
    assert.equal(dropLitHooks(code, '/x/src/elements/a.ts'), null);
  });
  it('matches the lit installed (lit-html, reactive-element, lit-element), and fails the build on a lit it does not know', () => {
    for (const name of ['lit-html/lit-html.js', '@lit/reactive-element/reactive-element.js', 'lit-element/lit-element.js']) {
      const path = litFile(name);
      const out = dropLitHooks(readFileSync(path, 'utf8'), path)!.code;
      assert.ok(!/PolyfillSupport|HydrateSupport|Versions\?\?=/.test(out), name);
    }
    assert.throws(() => dropLitHooks('export const x = 1;', '/x/node_modules/lit-html/lit-html.js'), /a new lit/);
  });
});
