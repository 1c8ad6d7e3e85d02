import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

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

export default defineConfig(({ mode }) => (mode === 'lib' ? lib : demo));
