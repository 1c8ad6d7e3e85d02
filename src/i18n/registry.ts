import type { Translation, TranslationOverrides } from './translation.js';

/**
 * The page's languages and the site's overrides, with no table of its own: English comes with
 * `./index.ts`, other languages register themselves when their module loads (`./pl.ts`), so a
 * language costs bytes only to the sites that import it.
 */
interface Registry {
  tables: Map<string, Translation>;
  /** Site overrides per language; `*` applies to every language. */
  overrides: Map<string, TranslationOverrides>;
  merged: Map<string, Translation>;
  listeners: Set<() => void>;
  /**
   * The script-tag language files (`snr-auth.pl.js`) leave out the strings of the capabilities
   * (passkeys, codes, second factor, sessions…): each registers here, by its tag, what loads the
   * strings of one capability in it (./parts.ts). Absent until such a file has run.
   */
  parts?: Map<string, (capability: string) => Promise<void>>;
  /** The capabilities the page has loaded (or is loading): a language file run later loads their strings at once. */
  asked?: Set<string>;
}

// Kept on globalThis so two copies of the bundle on one page, and a language loaded by its own
// script tag before or after the bundle, share one registry.
const REGISTRY = Symbol.for('snr-auth.i18n');
export function registry(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry };
  return (g[REGISTRY] ??= { tables: new Map(), overrides: new Map(), merged: new Map(), listeners: new Set() });
}

function changed(): void {
  const r = registry();
  r.merged.clear();
  for (const listener of r.listeners) listener();
}

/** Adds a language (a complete table), or replaces one. */
export function registerTranslation(table: Translation): void {
  registry().tables.set(table.lang.toLowerCase(), table);
  changed();
}

/**
 * The strings of a capability in each language registered without them (the script-tag language
 * files, ./parts.ts): resolves once they have run, or failed to (those strings then read in English).
 * Nothing to do with the npm language modules, which are whole.
 */
export function loadTranslationParts(capability: string): Promise<unknown> {
  const r = registry();
  (r.asked ??= new Set()).add(capability);
  return Promise.all([...(r.parts?.values() ?? [])].map((load) => load(capability)));
}

/** Adds the strings of one capability to a registered language (`snr-auth.<capability>.<tag>.js` calls it). */
export function addTranslationPart(lang: string, strings: Partial<Translation>): void {
  const table = registry().tables.get(lang.toLowerCase());
  if (!table) return;
  Object.assign(table, strings);
  changed();
}

/**
 * Overrides strings of one language (`'en'`), or of every language (`'*'`), page-wide.
 * Later calls merge into earlier ones. Elements re-render with the new text.
 */
export function setTranslations(lang: string, overrides: TranslationOverrides): void {
  const r = registry();
  const key = lang === '*' ? '*' : lang.toLowerCase();
  r.overrides.set(key, merge(r.overrides.get(key) ?? {}, overrides));
  changed();
}

/** Called after any change of the tables or overrides; returns an unsubscribe. */
export function onTranslationsChange(listener: () => void): () => void {
  const r = registry();
  r.listeners.add(listener);
  return () => r.listeners.delete(listener);
}

/**
 * The registered language that best fits a BCP 47 tag (lower-cased): `pl-PL` → `pl`; a language
 * with no table of its own takes a regional table of it (`pt` and `pt-PT` → `pt-br`); `en` when
 * none fits.
 */
export function matchLanguage(tag: string | null | undefined): string {
  const { tables } = registry();
  let candidate = (tag ?? '').toLowerCase();
  const primary = candidate.split('-')[0];
  while (candidate) {
    if (tables.has(candidate)) return candidate;
    candidate = candidate.includes('-') ? candidate.slice(0, candidate.lastIndexOf('-')) : '';
  }
  if (primary) for (const key of tables.keys()) if (key.startsWith(`${primary}-`)) return key;
  return 'en';
}

/** Languages written right to left (primary subtags): Arabic, Hebrew, Persian, Urdu and others. */
const RTL = /^(ar|arc|ckb|dv|fa|he|iw|ks|ku-arab|pa-arab|ps|sd|ug|ur|yi)(-|$)/i;

/** The direction a language is written in: `rtl` for `ar`, `he-IL`…, else `ltr`. */
export function textDirection(tag: string | null | undefined): 'ltr' | 'rtl' {
  return RTL.test(tag ?? '') ? 'rtl' : 'ltr';
}

/** Two levels deep: top-level keys, and the keys of grouped strings (`errors`, `fields`, …). */
export function merge<T extends object>(base: T, over: object): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = value && typeof value === 'object' && current && typeof current === 'object' ? { ...current, ...value } : value;
  }
  return out as T;
}
