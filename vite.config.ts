import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { litHooksPlugin } from './scripts/lit-hooks.js';
import { minifyLiteralsPlugin } from './scripts/minify-literals.js';
import { privateNamesPlugin } from './scripts/private-names.js';
import { pageNames, pruneEnglishPlugin, pruneTable, reachableSources, usedNames } from './scripts/prune-english.js';
import { staticPropertiesPlugin } from './scripts/static-properties.js';
import { en } from './src/i18n/en.js';
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
    privateNamesPlugin(),
    staticPropertiesPlugin(),
    minifyLiteralsPlugin(),
    litHooksPlugin(),
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
    // Lib mode leaves ES output unminified (for the user's bundler); this one is served as is. One
    // file each: the capabilities' dynamic imports stay inline, as in the IIFE.
    rolldownOptions: { output: { minify: true, codeSplitting: false } },
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
      privateNamesPlugin(),
      staticPropertiesPlugin(),
      minifyLiteralsPlugin(),
      litHooksPlugin(),
      pageCapabilitiesPlugin(),
      // English for the page's own code; each add-on brings the English only it names.
      pruneEnglishPlugin(fileURLToPath(new URL(PAGES[name], import.meta.url)), (file) => file.startsWith(CAPABILITIES_DIR)),
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

const CAPABILITIES_DIR = fileURLToPath(new URL('src/capabilities/', import.meta.url));
const CAPABILITIES_FILE = fileURLToPath(new URL('src/elements/shared/capabilities.ts', import.meta.url));
/** The Client's rarely called methods (src/session/methods.ts): loaded like the elements' capabilities. */
const SESSION_CAPABILITIES_FILE = fileURLToPath(new URL('src/session/methods.ts', import.meta.url));
const ADDON_LOADER_FILE = fileURLToPath(new URL('src/elements/shared/addon-loader.ts', import.meta.url));

/** The capability an add-on carries (its `own` is `src/capabilities/<name>/`), or undefined for an element add-on. */
export function capabilityOf(addon: AddonName): string | undefined {
  const own = ADDONS[addon]?.own.find((path) => /^src\/capabilities\/[\w-]+\/$/.test(path));
  return own?.split('/')[2];
}

/**
 * In the page files, each capability's dynamic import (src/elements/shared/capabilities.ts) becomes
 * `loadAddon('<name>')` (src/elements/shared/addon-loader.ts): the add-on `snr-auth.<name>.js`, loaded
 * from the page file's folder on intent, instead of the capability inlined into the page file. Fails
 * the build for a capability without its add-on in `ADDONS`.
 */
function pageCapabilitiesPlugin(): Plugin {
  return {
    name: 'snr-page-capabilities',
    enforce: 'pre',
    transform(code, id) {
      if (id !== CAPABILITIES_FILE && id !== SESSION_CAPABILITIES_FILE) return null;
      const addons = new Set(Object.keys(ADDONS).filter((addon) => capabilityOf(addon) === addon));
      const s = new MagicString(code);
      for (const m of code.matchAll(/import\(\s*'(?:\.\.\/)+capabilities\/([\w-]+)\/index\.js'\s*\)/g)) {
        const name = m[1]!;
        // The session's capabilities without an add-on stay inline.
        if (!addons.has(name) && id === SESSION_CAPABILITIES_FILE) continue;
        if (!addons.has(name))
          throw new Error(
            `capability ${name}: add \`'${name}': { entry: 'src/capabilities/${name}/index.ts', own: ['src/capabilities/${name}/'] }\` to ADDONS in vite.config.ts`,
          );
        s.overwrite(m.index, m.index + m[0].length, `loadAddon(${JSON.stringify(name)})`);
      }
      if (id === CAPABILITIES_FILE && /import\(/.test(s.toString()))
        throw new Error("src/elements/shared/capabilities.ts: a capability is imported otherwise than `import('../../capabilities/<name>/index.js')`");
      if (!s.hasChanged()) return null;
      s.prepend(`import { loadAddon } from ${JSON.stringify(ADDON_LOADER_FILE)};\n`);
      return { code: s.toString(), map: s.generateMap({ hires: true, source: id }) };
    },
  };
}

/** The names whose English a page file keeps (scripts/prune-english.ts): its own code's, capabilities left out. */
function pageEnglish(name: PageName): Set<string> {
  return pageNames(fileURLToPath(new URL(PAGES[name], import.meta.url)), (file) => file.startsWith(CAPABILITIES_DIR));
}

/** The `.ts` sources under `dirs` (tests left out). */
function sourcesUnder(dirs: readonly string[]): string[] {
  const files: string[] = [];
  for (const dir of dirs) {
    const path = fileURLToPath(new URL(dir, import.meta.url));
    if (!dir.endsWith('/')) files.push(path);
    else
      for (const entry of readdirSync(path, { withFileTypes: true, recursive: true }))
        if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(resolve(entry.parentPath, entry.name));
  }
  return files;
}

/**
 * What the account steps' add-ons carry besides their own folder: the proof. The provider button an
 * account without a password proves itself with is the `provider-button` add-on, loaded only then.
 */
const ACCOUNT_PROOF = ['src/capabilities/account-proof/'];

/**
 * Add-ons (`vite build --mode addon-<name>`): an element a page loads as its own script tag after a
 * main file (`snr-auth.signin.js`, `.forms.js` or `.iife.js`), `dist/cdn/snr-auth.<name>.js`. Every
 * import that is not the add-on's own (its element's folder) must be one of the modules the main
 * files share on `snrAuth.kit` (src/bundles/kit.ts) and becomes a read of it: the add-on carries no
 * second lit, session or form kit. An import that is neither fails the build.
 */
export const ADDONS: Record<string, { entry: string; own: readonly string[]; packages?: readonly string[] }> = {
  // <snr-facebook-button>, on the provider buttons' shared flow (the condition steps come from the kit).
  facebook: { entry: 'src/bundles/facebook.ts', own: ['src/elements/snr-facebook-button/', 'src/elements/shared/provider-sign-in.ts'] },
  // Google, Apple (and Facebook through the same button): the button, its provider-neutral flow and
  // the Facebook SDK controller it reuses for provider="facebook".
  providers: {
    entry: 'src/bundles/providers.ts',
    own: ['src/elements/snr-provider-button/', 'src/elements/shared/provider-sign-in.ts', 'src/elements/snr-facebook-button/'],
  },
  // The second factor (issue 14): <snr-signin>'s code step and <snr-account>'s authenticator view.
  'second-factor': { entry: 'src/bundles/second-factor.ts', own: ['src/capabilities/second-factor/'] },
  // Passkeys (WebAuthn): the capability `loadCapability('passkeys')` loads, with @simplewebauthn/browser bundled in.
  passkeys: {
    entry: 'src/bundles/passkeys.ts',
    own: ['src/capabilities/passkeys/', 'node_modules/@simplewebauthn/browser/'],
    packages: ['@simplewebauthn/browser'],
  },
  // <snr-account>'s list of signed-in devices, loaded with loadCapability('sessions') when it opens.
  sessions: { entry: 'src/capabilities/sessions/index.ts', own: ['src/capabilities/sessions/'] },
  // `<snr-signin methods="… code">`: the email-code steps (loadCapability('email-code')).
  'email-code': { entry: 'src/capabilities/email-code/index.ts', own: ['src/capabilities/email-code/'] },
  // Capabilities (src/elements/shared/capabilities.ts): the page files load these on intent.
  'signin-conditions': { entry: 'src/capabilities/signin-conditions/index.ts', own: ['src/capabilities/signin-conditions/'] },
  // The `pin` mode's code step (<snr-register>, and <snr-signin> after ACTIVATION_REQUIRED with PIN_ACTIVATION).
  pin: { entry: 'src/capabilities/pin/index.ts', own: ['src/capabilities/pin/'] },
  // The account's rarely taken steps; an account without a password proves itself with its provider's button (the add-on below).
  'account-email': { entry: 'src/capabilities/account-email/index.ts', own: ['src/capabilities/account-email/', ...ACCOUNT_PROOF] },
  'account-delete': { entry: 'src/capabilities/account-delete/index.ts', own: ['src/capabilities/account-delete/', ...ACCOUNT_PROOF] },
  // <snr-provider-button> for the account steps' proof, loaded only for an account without a password
  // (the condition steps of the provider flow come from the kit).
  'provider-button': {
    entry: 'src/capabilities/provider-button/index.ts',
    own: [
      'src/capabilities/provider-button/',
      'src/elements/snr-provider-button/',
      'src/elements/shared/provider-sign-in.ts',
      'src/elements/snr-facebook-button/',
    ],
  },
  // The Client's rarely called methods with their routes' answer checks (src/session/methods.ts).
  'client-methods': { entry: 'src/capabilities/client-methods/index.ts', own: ['src/capabilities/client-methods/'] },
  // The Client's account methods with their routes' answer checks (src/session/methods.ts): the forms
  // file carries them (src/capabilities/account-methods/provide.ts); the sign-in file loads this on the first call.
  'account-methods': { entry: 'src/capabilities/account-methods/index.ts', own: ['src/capabilities/account-methods/'] },
  // The Client's name-based UUIDs (regenerateUUID, getUUIDForAuthentication): loaded on the first call.
  identity: { entry: 'src/capabilities/identity/index.ts', own: ['src/capabilities/identity/'] },
  // The event tracker and its queue (src/session/methods.ts `loadEvents`): loaded on the first event, a
  // hand-over of events, or at start when an earlier page left events unsent.
  events: {
    entry: 'src/capabilities/events/index.ts',
    own: ['src/capabilities/events/', 'src/session/tracker.ts', 'src/session/event-queue.ts', 'src/session/tracked-event.ts', 'src/contract/values.ts'],
  },
};
export type AddonName = string;

/** The entry of an add-on (`capabilityEntry` in `addonLib`), and the module that adds its English first. */
const CAPABILITY_ENTRY = 'virtual:snr-capability-addon';
const ENGLISH_FIRST = 'virtual:snr-addon-english';

/**
 * The kit's table, read from src/bundles/kit.ts: resolved file (or package name) → the names it lends. Fails when a name imported there is not listed in `kit` (flat: `snrAuth.kit.<name>`),
 * or when two modules lend the same name.
 */
export function kitTable(): Map<string, { names: Set<string> }> {
  const kitFile = fileURLToPath(new URL('src/bundles/kit.ts', import.meta.url));
  const text = readFileSync(kitFile, 'utf8');
  const body = /^export const kit = \{([^}]*)\};$/m.exec(text)?.[1];
  if (body === undefined) throw new Error('src/bundles/kit.ts: `export const kit = { … };` lists the names it lends, flat');
  const listed = new Set(
    body
      .replace(/\/\/.*$/gm, '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  );
  const table = new Map<string, { names: Set<string> }>();
  const lent = new Set<string>();
  for (const [, list, from] of text.matchAll(/^import \{([^}]+)\} from '([^']+)';$/gm)) {
    const names = new Set(
      list!
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    for (const n of names) {
      if (!listed.has(n)) throw new Error(`src/bundles/kit.ts: \`${n}\`, imported from '${from}', must be listed in \`kit\` (flat, as \`${n},\`)`);
      if (lent.has(n)) throw new Error(`src/bundles/kit.ts: two modules lend \`${n}\`: \`snrAuth.kit\` is flat, a name can be lent once`);
      lent.add(n);
    }
    const key = from!.startsWith('.') ? resolve(dirname(kitFile), from!).replace(/\.js$/, '.ts') : from!;
    table.set(key, { names });
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
  // The English its own code names, less what every page file carries anyway.
  const inPages = Object.keys(PAGES).map((page) => pageEnglish(page as PageName));
  const keepEnglish = new Set([...usedNames(sourcesUnder(addon.own))].filter((key) => !inPages.every((keys) => keys.has(key))));
  const isOwn = (id: string) => owned.some((path) => id.startsWith(path));
  const capability = capabilityOf(name);
  const entry = CAPABILITY_ENTRY;
  // An add-on carries the English only its own code names (the page files leave it out).
  const english = [fileURLToPath(new URL('src/i18n/en.ts', import.meta.url)), fileURLToPath(new URL('src/i18n/plural.ts', import.meta.url))];
  owned.push(...english);
  if (!capability) owned.push(fileURLToPath(new URL(addon.entry, import.meta.url)));
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
      if (key === entry || isOwn(key) || addon.packages?.includes(source)) return null;
      const lent = kit.get(key);
      // One external for the whole kit: the add-on reads every name off `snrAuth.kit`.
      if (lent) return { id: 'snr-kit', external: true };
      throw new Error(
        `add-on ${name}: ${relative(root, importer)} imports ${source}, which is neither the add-on's own (${addon.own.join(', ')}) nor on snrAuth.kit: add it to src/bundles/kit.ts`,
      );
    },
  };
  /**
   * A capability's add-on: its module handed over to the page file that loads it (`provideAddon`,
   * lent on `snrAuth.kit`), with the English its code names.
   */
  const capabilityEntry: Plugin = {
    name: 'snr-capability-entry',
    enforce: 'pre',
    resolveId(source) {
      if (source.endsWith(CAPABILITY_ENTRY)) return `\0${CAPABILITY_ENTRY}`;
      if (source === ENGLISH_FIRST) return `\0${ENGLISH_FIRST}`;
      // The element add-on's entry file: imported for what it defines, never dropped.
      if (!capability && source === fileURLToPath(new URL(addon.entry, import.meta.url))) return { id: source, moduleSideEffects: true };
      return null;
    },
    load(id) {
      const at = (path: string) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));
      if (id === `\0${ENGLISH_FIRST}`)
        return [
          `import { provideEnglish } from ${at('src/elements/shared/addon-loader.ts')};`,
          `import { en } from ${at('src/i18n/en.ts')};`,
          'provideEnglish(en);',
        ].join('\n');
      if (id !== `\0${CAPABILITY_ENTRY}`) return null;
      // An element add-on: its English first, then its module (which defines the element).
      if (!capability) return [`import ${JSON.stringify(ENGLISH_FIRST)};`, `import ${at(addon.entry)};`].join('\n');
      return [
        `import * as capability from ${at(`src/capabilities/${capability}/index.ts`)};`,
        `import { provideAddon } from ${at('src/elements/shared/addon-loader.ts')};`,
        `import { en } from ${at('src/i18n/en.ts')};`,
        `provideAddon(${JSON.stringify(capability)}, capability, en);`,
      ].join('\n');
    },
    transform(code, id) {
      return id === english[0] ? pruneTable(code, id, keepEnglish) : null;
    },
  };
  return {
    root,
    plugins: [
      capabilityEntry,
      shared,
      privateNamesPlugin(),
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
      lib: { entry, name: `snrAuthAddon_${name.replace(/\W/g, '_')}`, formats: ['iife'], fileName: () => `snr-auth.${name}.js` },
      rolldownOptions: {
        output: {
          globals: { 'snr-kit': 'snrAuth.kit' },
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
 *
 * It leaves out the strings only capabilities name (`languageParts`): those travel with their
 * capability as `dist/cdn/snr-auth.<capability>.<tag>.js` (`vite build --mode lib-<tag>+<capability>`),
 * which the page loads with the capability (src/i18n/parts.ts).
 */
function languageLib(tag: LanguageTag, capability?: string): UserConfig {
  const file = fileURLToPath(new URL(`src/i18n/${tag}.ts`, import.meta.url));
  const parts = languageParts();
  const keep = capability ? parts.get(capability)! : new Set(Object.keys(en).filter((key) => ![...parts.values()].some((keys) => keys.has(key))));
  const entry = capability ? 'virtual:snr-language-part' : file;
  const name = capability ? `${capability}.${tag}` : tag;
  return {
    root,
    plugins: [
      {
        name: 'snr-cdn-language',
        enforce: 'pre',
        resolveId: (source) => (capability && source.endsWith(entry) ? `\0${entry}` : null),
        load(id) {
          if (id !== `\0${entry}`) return null;
          const at = (path: string) => JSON.stringify(fileURLToPath(new URL(path, import.meta.url)));
          const table = /^export const (\w+): Translation/m.exec(readFileSync(file, 'utf8'))![1];
          return [
            `import { ${table} } from ${JSON.stringify(file)};`,
            `import { addTranslationPart } from ${at('src/i18n/registry.ts')};`,
            `addTranslationPart(${table}.lang, ${table});`,
          ].join('\n');
        },
        transform(code, id) {
          if (id !== file) return null;
          const pruned = pruneTable(code, id, keep)?.code ?? code;
          const map = { mappings: '' };
          if (capability) return { code: pruned.replace(/^registerTranslation\(\w+\);$/m, ''), map };
          const named = [...parts].filter(([, keys]) => keys.size).map(([name]) => name);
          const register = `registerTranslationParts(${JSON.stringify(tag)}, ${JSON.stringify(named)});`;
          return { code: `import { registerTranslationParts } from './parts.js';\n${pruned}\n${register}\n`, map };
        },
        generateBundle() {
          if (capability) return;
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
        entry,
        name: `snrAuthLang_${name.replace(/\W/g, '_')}`,
        formats: ['iife'],
        fileName: () => `snr-auth.${name}.js`,
      },
    },
  };
}

/** The keys every code but the capabilities' names (src/global.ts reaches it all): a language file keeps these. */
function languageBase(): Set<string> {
  return usedNames(reachableSources(fileURLToPath(new URL('src/global.ts', import.meta.url)), (file) => file.startsWith(CAPABILITIES_DIR)));
}

/**
 * Per capability add-on, the keys only it names: they travel in `snr-auth.<capability>.<tag>.js`.
 * Read once per process (`npm run build:cdn` loads this config for each of its many builds).
 */
export function languageParts(): Map<string, Set<string>> {
  const cache = globalThis as { [PARTS]?: Map<string, Set<string>> };
  return (cache[PARTS] ??= readLanguageParts());
}
const PARTS = Symbol.for('snr-auth.build.language-parts');

function readLanguageParts(): Map<string, Set<string>> {
  const base = languageBase();
  const parts = new Map<string, Set<string>>();
  for (const addon of Object.keys(ADDONS))
    if (capabilityOf(addon)) parts.set(addon, new Set([...usedNames(sourcesUnder(ADDONS[addon]!.own))].filter((key) => key in en && !base.has(key))));
  return parts;
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
    const [language, capability] = mode.split('+');
    const tag = LANGUAGES.find((l) => `lib-${l}` === language);
    if (!tag) throw new Error(`vite --mode ${mode}: no such language; the languages are ${LANGUAGES.join(', ')}`);
    if (capability !== undefined && !languageParts().has(capability)) throw new Error(`vite --mode ${mode}: no capability add-on named ${capability}`);
    return languageLib(tag, capability);
  }
  return demo;
});
