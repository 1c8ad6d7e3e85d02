import { registry } from './registry.js';

/**
 * For the script-tag language files only (vite.config.ts, `languageLib`): `snr-auth.pl.js` carries
 * the strings of every element, and those only a capability names (passkeys, codes, second factor,
 * sessions, sign-in conditions) are their own files beside it, `snr-auth.<capability>.<tag>.js`.
 * This registers what loads them: when the page loads a capability (`loadTranslationParts`), or at
 * once for those it has loaded already. A Polish page pays only for the strings of what it shows;
 * an English page pays nothing for this.
 */
export function registerTranslationParts(tag: string, capabilities: readonly string[]): void {
  // This language file's own script (or, loaded as a module, the page's script of that name): its parts are beside it.
  const self =
    typeof document === 'undefined'
      ? null
      : ((document.currentScript as HTMLScriptElement | null) ??
        [...document.querySelectorAll<HTMLScriptElement>('script[src]')].find((s) => s.src.includes(`/snr-auth.${tag}.`)) ??
        null);
  const loaded = new Map<string, Promise<void>>();
  const load = (capability: string): Promise<void> => {
    if (!capabilities.includes(capability)) return Promise.resolve();
    let part = loaded.get(capability);
    if (!part) {
      part = new Promise((resolve) => {
        const script = document.createElement('script');
        script.src = new URL(`snr-auth.${capability}.${tag}.js`, self?.src || document.baseURI).href;
        script.async = true;
        if (self?.nonce) script.nonce = self.nonce;
        if (self?.crossOrigin != null) script.crossOrigin = self.crossOrigin;
        script.onload = script.onerror = (event) => {
          script.remove();
          // Not loaded: its strings read in English; the next intent tries again.
          if ((event as Event).type === 'error') loaded.delete(capability);
          resolve();
        };
        document.head.append(script);
      });
      loaded.set(capability, part);
    }
    return part;
  };
  const r = registry();
  (r.parts ??= new Map()).set(tag, load);
  for (const capability of r.asked ?? []) void load(capability);
}
