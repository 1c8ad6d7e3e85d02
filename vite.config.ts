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
 * `vite build --mode lib`: room for the publishable bundle (ES module + IIFE for a script tag),
 * kept apart from the demo so neither build ships the other's files.
 */
const lib: UserConfig = {
  root,
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist/lib',
    emptyOutDir: true,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('src/index.ts', import.meta.url)),
      name: 'snrAuth',
      formats: ['es', 'iife'],
      fileName: (format) => `snr-auth.${format === 'es' ? 'js' : `${format}.js`}`,
    },
  },
};

export default defineConfig(({ mode }) => (mode === 'lib' ? lib : demo));
