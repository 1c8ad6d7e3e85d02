import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';
import { pruneEnglishPlugin } from './scripts/prune-english.js';
import { staticPropertiesPlugin } from './scripts/static-properties.js';
import { LANGUAGES, type LanguageTag } from './src/i18n/languages.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Where `vite` (dev) sends the API calls of the demo: the server `npm start` runs. */
const API_TARGET = process.env.SNR_API_TARGET ?? 'http://127.0.0.1:8787';
const API_PATHS = ['/sauth', '/v4', '/snr', '/.well-known'];

/**
 * The demo for designers: `index.html` plus `demo/`, built to `dist/demo`, which the server's
 * `--demo` mode serves from its own origin (so the demo calls the API on `location.origin`).
 * In `vite` dev the same calls are proxied to the server `npm start` runs.
 */
const demo: UserConfig = {
  root,
  base: '/',
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist/demo',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: { input: { index: fileURLToPath(new URL('index.html', import.meta.url)) } },
  },
  server: {
    host: '127.0.0.1',
    proxy: Object.fromEntries(API_PATHS.map((p) => [p, { target: API_TARGET, changeOrigin: false }])),
  },
};

/**
 * `vite build --mode lib`: the script-tag bundle, self-contained (lit included) and minified, from
 * `src/global.ts` (every element, `window.snrAuth`): `dist/snr-auth.iife.js` for a classic
 * `<script src>`, `dist/snr-auth.js` for `<script type="module">`. The npm modules beside them
 * come from `tsc -p tsconfig.build.json` (unbundled, lit as a dependency).
 */
const lib: UserConfig = {
  root,
  plugins: [
    staticPropertiesPlugin(),
    minifyLiteralsPlugin(),
    {
      // Types of the script-tag files: `window.snrAuth` (declared by dist/global.d.ts, from tsc).
      name: 'snr-cdn-types',
      generateBundle() {
        const source = "export type { SnrAuthGlobal } from '../global.js';\n";
        for (const fileName of ['snr-auth.d.ts', 'snr-auth.iife.d.ts']) this.emitFile({ type: 'asset', fileName, source });
      },
    },
  ],
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist/cdn',
    emptyOutDir: true,
    copyPublicDir: false,
    minify: true,
    sourcemap: true,
    // Lib mode leaves ES output unminified (for the user's bundler); this one is served as is.
    rolldownOptions: { output: { minify: true } },
    lib: {
      entry: fileURLToPath(new URL('src/global.ts', import.meta.url)),
      name: 'snrAuthBundle',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'snr-auth.js' : `snr-auth.${format}.js`),
    },
  },
};

/**
 * The script-tag files shaped by pages (`vite build --mode page-<name>`), each a classic script
 * with `<snr-session>` and the page API on `window.snrAuth` (src/bundles/expose.ts):
 * `dist/cdn/snr-auth.signin.js` (`<snr-signin>` only: the most common page) and
 * `dist/cdn/snr-auth.forms.js` (the five forms and the landing, no provider buttons). Beside
 * `snr-auth.iife.js`, which keeps everything in one file. `npm run build:cdn` builds them all.
 */
export const PAGES = { signin: 'src/bundles/signin.ts', forms: 'src/bundles/forms.ts' } as const;
export type PageName = keyof typeof PAGES;

function pageLib(name: PageName): UserConfig {
  return {
    root,
    plugins: [
      staticPropertiesPlugin(),
      minifyLiteralsPlugin(),
      pruneEnglishPlugin(
        fileURLToPath(new URL(PAGES[name], import.meta.url)),
        ...Object.values(ADDONS).map((addon) => fileURLToPath(new URL(addon.entry, import.meta.url))),
      ),
      {
        name: 'snr-cdn-page-types',
        generateBundle() {
          const source = "export type { SnrAuthGlobal } from '../global.js';\n";
          this.emitFile({ type: 'asset', fileName: `snr-auth.${name}.d.ts`, source });
        },
      },
    ],
    publicDir: false,
    logLevel: 'warn',
    build: {
      target: 'es2022',
      outDir: 'dist/cdn',
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      sourcemap: true,
      lib: {
        entry: fileURLToPath(new URL(PAGES[name], import.meta.url)),
        name: `snrAuthPage_${name}`,
        formats: ['iife'],
        fileName: () => `snr-auth.${name}.js`,
      },
    },
  };
}

/**
 * Add-ons (`vite build --mode addon-<name>`): an element a page loads as its own script tag after a
 * main file (`snr-auth.signin.js`, `.forms.js` or `.iife.js`), `dist/cdn/snr-auth.<name>.js`. Every
 * import that is not the add-on's own (its element's folder) must be one of the modules the main
 * files share on `snrAuth.kit` (src/bundles/kit.ts) and becomes a read of it: the add-on carries no
 * second lit, session or form kit. An import that is neither fails the build.
 */
/** What the account steps' add-ons carry besides their own folder: the proof and the provider button it shows. */
const ACCOUNT_PROOF = [
  'src/capabilities/account-proof/',
  'src/elements/snr-provider-button/',
  'src/elements/shared/provider-sign-in.ts',
  'src/elements/snr-facebook-button/',
  'src/elements/snr-signin/steps.ts',
];

export const ADDONS: Record<string, { entry: string; own: readonly string[] }> = {
  facebook: {
    entry: 'src/bundles/facebook.ts',
    own: ['src/elements/snr-facebook-button/', 'src/elements/shared/provider-sign-in.ts', 'src/elements/snr-signin/steps.ts'],
  },
  // Google, Apple (and Facebook through the same button): the button, its provider-neutral flow and
  // the Facebook SDK controller it reuses for provider="facebook".
  providers: {
    entry: 'src/bundles/providers.ts',
    own: [
      'src/elements/snr-provider-button/',
      'src/elements/shared/provider-sign-in.ts',
      'src/elements/snr-facebook-button/',
      'src/elements/snr-signin/steps.ts',
    ],
  },
  // Capabilities (src/elements/shared/capabilities.ts): loaded when their step is about to show.
  pin: { entry: 'src/capabilities/pin/index.ts', own: ['src/capabilities/pin/'] },
  // The account's rarely taken steps; an account without a password proves itself with its provider's button, which they bring.
  'account-email': { entry: 'src/capabilities/account-email/index.ts', own: ['src/capabilities/account-email/', ...ACCOUNT_PROOF] },
  'account-delete': { entry: 'src/capabilities/account-delete/index.ts', own: ['src/capabilities/account-delete/', ...ACCOUNT_PROOF] },
};
export type AddonName = string;

/** A kit module's name on `snrAuth.kit`: `lit/decorators.js` → `lit_decorators`, `../elements/shared/errors.js` → `shared_errors`. */
export function kitName(specifier: string): string {
  return specifier
    .replace(/^(\.\.\/)+/, '')
    .replace(/^elements\//, '')
    .replace(/\/index\.js$|\.js$/, '')
    .replace(/^@/, '')
    .replace(/[^A-Za-z0-9]+/g, '_');
}

/**
 * The kit's table, read from src/bundles/kit.ts: resolved file (or package name) → its kit name and the
 * names it lends. Fails when an import line and its entry in `kit` do not list the same names.
 */
export function kitTable(): Map<string, { name: string; names: Set<string> }> {
  const kitFile = fileURLToPath(new URL('src/bundles/kit.ts', import.meta.url));
  const text = readFileSync(kitFile, 'utf8');
  const table = new Map<string, { name: string; names: Set<string> }>();
  for (const [, list, from] of text.matchAll(/^import \{([^}]+)\} from '([^']+)';$/gm)) {
    const names = new Set(
      list!
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    const name = kitName(from!);
    const entry = new RegExp(`^  ${name}: \\{([^}]*)\\},$`, 'm').exec(text);
    const listed = new Set(
      (entry?.[1] ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    if (!entry || [...names].some((n) => !listed.has(n)) || listed.size !== names.size)
      throw new Error(`src/bundles/kit.ts: the entry \`${name}\` of \`kit\` must list exactly what is imported from '${from}' (${[...names].join(', ')})`);
    const key = from!.startsWith('.') ? resolve(dirname(kitFile), from!).replace(/\.js$/, '.ts') : from!;
    table.set(key, { name, names });
  }
  return table;
}

/** The value names an ES module imports, per module specifier (type-only imports left out). */
function importedNames(code: string): Array<{ from: string; names: string[] }> {
  const found: Array<{ from: string; names: string[] }> = [];
  for (const [, list, from] of code.matchAll(/^import (?!type )\{([^}]+)\} from '([^']+)';?$/gm)) {
    const names = list!
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '))
      .map((n) => n.split(/\s+as\s+/)[0]!);
    found.push({ from: from!, names });
  }
  for (const [, from] of code.matchAll(/^import \* as \w+ from '([^']+)';?$/gm)) found.push({ from: from!, names: ['*'] });
  return found;
}

function addonLib(name: AddonName): UserConfig {
  const addon = ADDONS[name];
  if (!addon) throw new Error(`no add-on named ${name}`);
  const owned = addon.own.map((path) => fileURLToPath(new URL(path, import.meta.url)));
  const isOwn = (id: string) => owned.some((path) => id.startsWith(path));
  const entry = fileURLToPath(new URL(addon.entry, import.meta.url));
  const kit = kitTable();
  const shared: Plugin = {
    name: 'snr-addon-kit',
    enforce: 'pre',
    transform(code, id) {
      if (!isOwn(id)) return null;
      for (const { from, names } of importedNames(code)) {
        const key = from.startsWith('.') ? resolve(dirname(id), from).replace(/\.js$/, '.ts') : from;
        const lent = kit.get(key);
        if (!lent) continue; // the add-on's own module, or resolveId below reports it
        const missing = names.filter((n) => !lent.names.has(n));
        if (missing.length)
          throw new Error(
            `add-on ${name}: ${relative(root, id)} imports ${missing.join(', ')} from ${from}, which snrAuth.kit does not lend: add it to src/bundles/kit.ts`,
          );
      }
      return null;
    },
    resolveId(source, importer) {
      if (!importer) return null;
      const key = source.startsWith('.') ? resolve(dirname(importer), source).replace(/\.js$/, '.ts') : source;
      if (key === entry || isOwn(key)) return null;
      const lent = kit.get(key);
      if (lent) return { id: `snr-kit:${lent.name}`, external: true };
      throw new Error(
        `add-on ${name}: ${relative(root, importer)} imports ${source}, which is neither the add-on's own (${addon.own.join(', ')}) nor on snrAuth.kit: add it to src/bundles/kit.ts`,
      );
    },
  };
  return {
    root,
    plugins: [
      shared,
      staticPropertiesPlugin(),
      minifyLiteralsPlugin(),
      {
        name: 'snr-cdn-addon-types',
        generateBundle() {
          const source = `// Defines the add-on's element page-wide when loaded after a main file; exports nothing.\nexport {};\n`;
          this.emitFile({ type: 'asset', fileName: `snr-auth.${name}.d.ts`, source });
        },
      },
    ],
    publicDir: false,
    logLevel: 'warn',
    build: {
      target: 'es2022',
      outDir: 'dist/cdn',
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      sourcemap: true,
      lib: { entry, name: `snrAuthAddon_${name}`, formats: ['iife'], fileName: () => `snr-auth.${name}.js` },
      rolldownOptions: {
        output: {
          globals: (id: string) => `snrAuth.kit.${id.replace(/^snr-kit:/, '')}`,
          banner: `if(!(window.snrAuth&&window.snrAuth.kit))throw new Error("snr-auth.${name}.js is an add-on: load snr-auth.signin.js, snr-auth.forms.js or snr-auth.iife.js before it");`,
        },
      },
    },
  };
}

/**
 * `vite build --mode lib-<tag>` (`lib-pl`, `lib-pt-BR`…, one per entry of `LANGUAGES`): that
 * language for the script tag, `dist/cdn/snr-auth.<tag>.js`, a classic script (works as
 * `type="module"` too) that registers the language page-wide, whether it loads before or after
 * `snr-auth.iife.js`. Kept out of the main file so English-only sites do not pay for it.
 * `npm run build:cdn` builds every language (`scripts/build-cdn-languages.ts`).
 */
function languageLib(tag: LanguageTag): UserConfig {
  return {
    root,
    plugins: [
      {
        name: 'snr-cdn-language-types',
        generateBundle() {
          const source = `// Registers the language ${tag} page-wide when loaded; exports nothing.\nexport {};\n`;
          this.emitFile({ type: 'asset', fileName: `snr-auth.${tag}.d.ts`, source });
        },
      },
    ],
    publicDir: false,
    logLevel: 'warn',
    build: {
      target: 'es2022',
      outDir: 'dist/cdn',
      emptyOutDir: false,
      copyPublicDir: false,
      minify: true,
      sourcemap: true,
      lib: {
        entry: fileURLToPath(new URL(`src/i18n/${tag}.ts`, import.meta.url)),
        name: `snrAuthLang_${tag.replace('-', '_')}`,
        formats: ['iife'],
        fileName: () => `snr-auth.${tag}.js`,
      },
    },
  };
}

/**
 * `vite build --mode examples`: the framework examples of `demo/examples/` (React, Vue) to
 * `dist/examples`, importing the kit by its package names (`snr-auth`, `snr-auth/react`) as a site
 * would; here the names point at the sources. `demo/examples/plain` needs no build.
 */
const examples: UserConfig = {
  root: fileURLToPath(new URL('demo/examples', import.meta.url)),
  base: './',
  publicDir: false,
  resolve: {
    alias: [
      { find: /^snr-auth\/react$/, replacement: fileURLToPath(new URL('src/react/index.ts', import.meta.url)) },
      { find: /^snr-auth$/, replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)) },
      // Vue's full build: the example's template is compiled in the browser.
      { find: /^vue$/, replacement: 'vue/dist/vue.esm-bundler.js' },
    ],
  },
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  build: {
    target: 'es2022',
    outDir: fileURLToPath(new URL('dist/examples', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        react: fileURLToPath(new URL('demo/examples/react/index.html', import.meta.url)),
        vue: fileURLToPath(new URL('demo/examples/vue/index.html', import.meta.url)),
      },
    },
  },
};

export default defineConfig(({ mode }) => {
  if (mode === 'lib') return lib;
  if (mode === 'examples') return examples;
  if (mode.startsWith('page-')) {
    const name = mode.slice('page-'.length);
    if (!(name in PAGES)) throw new Error(`vite --mode ${mode}: no such page file; the pages are ${Object.keys(PAGES).join(', ')}`);
    return pageLib(name as PageName);
  }
  if (mode.startsWith('addon-')) {
    const name = mode.slice('addon-'.length);
    if (!(name in ADDONS)) throw new Error(`vite --mode ${mode}: no such add-on; the add-ons are ${Object.keys(ADDONS).join(', ')}`);
    return addonLib(name as AddonName);
  }
  if (mode.startsWith('lib-')) {
    const tag = LANGUAGES.find((l) => `lib-${l}` === mode);
    if (!tag) throw new Error(`vite --mode ${mode}: no such language; the languages are ${LANGUAGES.join(', ')}`);
    return languageLib(tag);
  }
  return demo;
});
