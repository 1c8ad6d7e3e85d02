/**
 * Build plugin for the script-tag files: leaves out what lit's production modules keep for other
 * set-ups than a script-tag file of this kit:
 *
 * - the polyfill hooks (`litHtmlPolyfillSupport`, `reactiveElementPolyfillSupport`,
 *   `litElementPolyfillSupport`): lit calls them when a page loaded the ShadyDOM/ShadyCSS
 *   polyfill-support script for browsers without native shadow DOM, which the kit's styles
 *   (`light-dark()`, `:state()`, nesting) do not support anyway;
 * - the server-side rendering hook (`litElementHydrateSupport`): a script-tag file is never
 *   hydrated from server-rendered markup;
 * - the version stamps (`litHtmlVersions`, …: `window.litHtmlVersions.push("3.3.3")`), which
 *   only lit's development build of another copy on the page reads (to warn about two copies).
 *
 * Each is read off `globalThis` (into a local, or called at once) or pushed to; the read becomes
 * `(void 0)` and the minifier drops the call. Fails the build when one of lit's three modules no longer has
 * what it expects (a new lit), so nothing is left out silently wrong.
 */
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

const HOOKS = /\b\w+\.(?:litHtmlPolyfillSupport|reactiveElementPolyfillSupport|litElementPolyfillSupport|litElementHydrateSupport)\b/g;
const STAMPS = /\(\w+\.(?:litHtmlVersions|reactiveElementVersions|litElementVersions)\?\?=\[\]\)\.push\("[^"]*"\)/g;

/** The lit module a file is (its production build), or null. */
function litModule(id: string): 'lit-html' | 'reactive-element' | 'lit-element' | null {
  const m = /[\\/]node_modules[\\/](lit-html[\\/]lit-html|@lit[\\/]reactive-element[\\/]reactive-element|lit-element[\\/]lit-element)\.js$/.exec(id);
  if (!m) return null;
  return m[1]!.startsWith('lit-html') ? 'lit-html' : m[1]!.includes('reactive-element') ? 'reactive-element' : 'lit-element';
}

/** What each module must have: its hooks and its one version stamp. */
const EXPECTED = { 'lit-html': 1, 'reactive-element': 1, 'lit-element': 2 } as const;

export function dropLitHooks(code: string, id: string): { code: string; map: ReturnType<MagicString['generateMap']> } | null {
  const module = litModule(id);
  if (!module) return null;
  const s = new MagicString(code);
  let hooks = 0;
  let stamps = 0;
  // In parentheses: `void 0?.(x)` would be `void (0?.(x))`, a call of 0.
  for (const m of code.matchAll(HOOKS)) {
    s.overwrite(m.index, m.index + m[0].length, '(void 0)');
    hooks++;
  }
  for (const m of code.matchAll(STAMPS)) {
    s.overwrite(m.index, m.index + m[0].length, 'void 0');
    stamps++;
  }
  if (hooks !== EXPECTED[module] || stamps !== 1)
    throw new Error(
      `scripts/lit-hooks.ts: ${id} has ${hooks} polyfill/hydration hooks and ${stamps} version stamps, expected ${EXPECTED[module]} and 1 (a new lit?)`,
    );
  return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
}

/** The plugin: lit's three production modules only. */
export function litHooksPlugin(): Plugin {
  return {
    name: 'snr-lit-hooks',
    transform(code, id) {
      return dropLitHooks(code, id);
    },
  };
}
