/**
 * The languages that ship beside built-in English, each an opt-in module that registers itself:
 * `snr-auth/i18n/<tag>` (`src/i18n/<tag>.ts`) and the script-tag file `dist/cdn/snr-auth.<tag>.js`.
 * The build (`vite.config.ts`, `scripts/build-cdn-languages.ts`), package.json and the tests
 * read this list; the kit's bundle does not import it.
 */
export const LANGUAGES = ['pl', 'de', 'fr', 'es', 'it', 'pt-BR', 'nl', 'cs', 'sk', 'ro', 'hu', 'uk', 'tr', 'ar'] as const;
export type LanguageTag = (typeof LANGUAGES)[number];
