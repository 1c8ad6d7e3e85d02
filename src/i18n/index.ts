import type { ErrorCode } from '../contract/errors.js';
import { en } from './en.js';
import { matchLanguage, merge, registry } from './registry.js';
import type { Translation, TranslationOverrides } from './translation.js';

export { en } from './en.js';
export { matchLanguage, onTranslationsChange, registerTranslation, setTranslations, textDirection } from './registry.js';
export type { ProfileFieldName, Translation, TranslationOverrides } from './translation.js';

// English is built in; other languages are their own modules (`snr-auth/i18n/pl`, or the
// script-tag file `snr-auth.pl.js`) that register themselves when loaded.

/** The table for a language tag with the site's overrides, and an element's own on top. */
export function translation(tag: string | null | undefined, local?: TranslationOverrides): Translation {
  const r = registry();
  const lang = matchLanguage(tag);
  let table = r.merged.get(lang);
  if (!table) {
    // English under another language: a string whose part has not loaded yet (or failed to) reads in English.
    const own = r.tables.get(lang);
    table = merge(merge(own ? merge(en, own) : en, r.overrides.get('*') ?? {}), r.overrides.get(lang) ?? {}) as Translation;
    r.merged.set(lang, table);
  }
  return local ? (merge(table, local) as Translation) : table;
}

/** The customer-facing text for an error code (an unknown code reads as an internal error). */
export function errorMessage(t: Translation, code: ErrorCode | string): string {
  return (t.errors as Record<string, string>)[code] ?? t.errors.INTERNAL_ERROR;
}
