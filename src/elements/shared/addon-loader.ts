import { SnrError } from '../../api/errors.js';
import { en } from '../../i18n/en.js';
import { registry } from '../../i18n/registry.js';
import type { Translation } from '../../i18n/translation.js';

/**
 * How the script-tag page files (`snr-auth.signin.js`, `snr-auth.forms.js`) load a capability
 * (./capabilities.ts): the add-on `snr-auth.<name>.js`, from the folder the running page file came
 * from, as one more classic script; the add-on hands its module over with `provideAddon()` (lent to
 * it on `snrAuth.kit`) as it runs, and the loader resolves with it once the script has run. Nothing
 * is fetched before the first intent: a page that never shows the capability never asks for it.
 *
 * The build puts this in place of the capabilities' dynamic imports in the page files only
 * (vite.config.ts, `pageLib`); the npm modules import the capability, and the everything file
 * carries it inline.
 */

/** Capabilities handed over by add-ons, page-wide (two page files on one page share them), by name. */
export type AddonRegistry = Record<string, unknown>;

const REGISTRY = Symbol.for('snr-auth.capabilities');

/** The page's add-on registry (also `snrAuth.capabilities` in the page files). */
export function addonRegistry(): AddonRegistry {
  const g = globalThis as { [REGISTRY]?: AddonRegistry };
  return (g[REGISTRY] ??= {});
}

/**
 * The page file this code runs in, remembered while it runs (`document.currentScript` is set only
 * then): add-ons are loaded from its folder, with its nonce and `crossorigin`. Loaded as
 * `type="module"` there is no current script; the page's script whose name is a page file's is taken.
 */
const self: HTMLScriptElement | null =
  typeof document === 'undefined'
    ? null
    : ((document.currentScript as HTMLScriptElement | null) ??
      [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => /\/snr-auth\.(signin|forms)(\.[0-9a-f]+)?\.js(\?|#|$)/.test(s.src)) ??
      null);

let base: string | undefined;

/**
 * Where the add-ons are, for a page whose page file is not beside them (copied into a site's own
 * bundle, say): a folder URL, relative to the page. Unset: the page file's own folder.
 */
export function setKitBase(url: string | undefined): void {
  base = url === undefined ? undefined : new URL(url.endsWith('/') ? url : `${url}/`, document.baseURI).href;
}

/** The URL of the add-on `snr-auth.<name>.js`. */
export function addonUrl(name: string): string {
  return new URL(`snr-auth.${name}.js`, base ?? (self?.src || document.baseURI)).href;
}

const pending = new Map<string, Promise<unknown>>();

/**
 * The capability `name` from its add-on: at once when an add-on has already handed it over, else
 * after loading `snr-auth.<name>.js` (once; a failure is forgotten, so the next call tries again).
 * Rejects with `NETWORK_ERROR` when the file does not load or does not hand the capability over.
 */
export function loadAddon(name: string): Promise<unknown> {
  const known = addonRegistry()[name];
  if (known) return Promise.resolve(known);
  let promise = pending.get(name);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = addonUrl(name);
      script.async = true;
      if (self?.nonce) script.nonce = self.nonce;
      if (self?.crossOrigin !== null && self?.crossOrigin !== undefined) script.crossOrigin = self.crossOrigin;
      const done = (error?: string) => {
        script.remove();
        pending.delete(name);
        const module = addonRegistry()[name];
        if (module && !error) resolve(module);
        else reject(new SnrError('NETWORK_ERROR', `${script.src} ${error ?? 'did not hand over the capability'}`));
      };
      script.onload = () => done();
      script.onerror = () => done('did not load');
      document.head.append(script);
    });
    pending.set(name, promise);
  }
  return promise;
}

/**
 * Called by an add-on as it runs: hands over its capability, and the English strings it names that
 * the page file left out (the page files carry only the English their own code names); other
 * languages have full tables of their own.
 */
export function provideAddon(name: string, module: unknown, english: Partial<Translation> = {}): void {
  provideEnglish(english);
  addonRegistry()[name] = module;
}

/**
 * The English strings an add-on names that the page file left out, added to the page's English
 * (never over a string it has). Element add-ons (`snr-auth.facebook.js`) call it first thing, before
 * their element is defined.
 */
export function provideEnglish(english: Partial<Translation>): void {
  const table = en as unknown as Record<string, unknown>;
  for (const [key, text] of Object.entries(english))
    if (!(key in table)) table[key] = text;
    // A group the page has in part (the error messages of the add-on's flows): the entries it lacks.
    else if (text && typeof text === 'object') table[key] = { ...text, ...(table[key] as object) };
  registry().merged.clear();
}
