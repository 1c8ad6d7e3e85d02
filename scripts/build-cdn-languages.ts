/**
 * `npm run build:cdn`, second half: every language of `LANGUAGES` as its script-tag file
 * (`vite build --mode lib-<tag>` each, in one process). Run after `vite build --mode lib`, which
 * empties `dist/cdn`.
 */
import { build } from 'vite';
import { LANGUAGES } from '../src/i18n/languages.js';
import { ADDONS, languageParts, PAGES } from '../vite.config.js';

const configFile = new URL('../vite.config.ts', import.meta.url).pathname;
for (const name of Object.keys(PAGES)) await build({ configFile, mode: `page-${name}` });
for (const name of Object.keys(ADDONS)) await build({ configFile, mode: `addon-${name}` });
console.log(`dist/cdn: snr-auth.{${[...Object.keys(PAGES), ...Object.keys(ADDONS)].join(',')}}.js`);
// Each language, and beside it the strings of each capability in it (`snr-auth.<capability>.<tag>.js`).
const parts = [...languageParts()].filter(([, keys]) => keys.size).map(([name]) => name);
for (const tag of LANGUAGES) {
  await build({ configFile, mode: `lib-${tag}` });
  for (const capability of parts) await build({ configFile, mode: `lib-${tag}+${capability}` });
}
console.log(`dist/cdn: snr-auth.{${LANGUAGES.join(',')}}.js, snr-auth.{${parts.join(',')}}.{${LANGUAGES.join(',')}}.js`);
