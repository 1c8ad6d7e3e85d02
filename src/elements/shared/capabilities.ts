/**
 * Code an element needs only when it shows something most pages never show (passkeys, one-time
 * codes, the second factor, the sessions list, rarely taken account steps): loaded on intent, so a
 * page that does not show it does not download it.
 *
 * Each entry of `CAPABILITIES` is one dynamic import of one module under `src/capabilities/<name>/`.
 * In the ESM package that is its own chunk. The script-tag page files (vite.config.ts) load the
 * capability as the add-on `snr-auth.<name>.js` from the folder the page file came from, and the
 * add-on shares lit, the session and the form kit through `snrAuth.kit` (src/bundles/kit.ts).
 *
 * Add a capability: one line here, its module under `src/capabilities/<name>/`, and an `ADDONS`
 * entry in vite.config.ts whose `own` is that folder.
 */
const CAPABILITIES = {
  /** The activation code step of the `pin` mode (`<snr-register>`, `<snr-signin>`). */
  pin: () => import('../../capabilities/pin/index.js'),
  /** `<snr-account>`'s email-change step, with the proof (password, or the account's provider button). */
  'account-email': () => import('../../capabilities/account-email/index.js'),
  /** `<snr-account>`'s deletion step, with the same proof. */
  'account-delete': () => import('../../capabilities/account-delete/index.js'),
} satisfies Record<string, () => Promise<unknown>>;

export type CapabilityName = keyof typeof CAPABILITIES;
export type Capability<K extends CapabilityName> = Awaited<ReturnType<(typeof CAPABILITIES)[K]>>;

const loading = new Map<CapabilityName, Promise<unknown>>();

/**
 * The capability's module, loaded once per page. A failed load (offline, a missing add-on file)
 * rejects and is forgotten, so the next intent tries again; the element shows the error as it
 * shows a network error.
 */
export function loadCapability<K extends CapabilityName>(name: K): Promise<Capability<K>> {
  let promise = loading.get(name);
  if (!promise) {
    promise = (CAPABILITIES[name] as () => Promise<unknown>)();
    promise.catch(() => loading.delete(name));
    loading.set(name, promise);
  }
  return promise as Promise<Capability<K>>;
}
