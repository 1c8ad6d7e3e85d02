/**
 * `npm run build:cdn`, second half: every language of `LANGUAGES` as its script-tag file
 * (`vite build --mode lib-<tag>` each, in one process). Run after `vite build --mode lib`, which
 * empties `dist/cdn`.
 */
import { build } from 'vite';
import { LANGUAGES } from '../src/i18n/languages.js';

for (const tag of LANGUAGES) {
  await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, mode: `lib-${tag}` });
}
console.log(`dist/cdn: snr-auth.{${LANGUAGES.join(',')}}.js`);
