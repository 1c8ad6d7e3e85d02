import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
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
  if (mode.startsWith('lib-')) {
    const tag = LANGUAGES.find((l) => `lib-${l}` === mode);
    if (!tag) throw new Error(`vite --mode ${mode}: no such language; the languages are ${LANGUAGES.join(', ')}`);
    return languageLib(tag);
  }
  return demo;
});
