import { isSnrError, SnrError } from '../../api/errors.js';
import { loadTranslationParts } from '../../i18n/registry.js';
import { providePasskeys } from '../../session/index.js';

/**
 * Code an element needs only when it shows something most pages never show (passkeys, one-time
 * codes, the second factor, the sessions list, rarely taken account steps): loaded on intent, so a
 * page that does not show it does not download it.
 *
 * Each entry of `CAPABILITIES` is one dynamic import of one module under `src/capabilities/<name>/`.
 * In the ESM package that is its own chunk. The script-tag page files (`snr-auth.signin.js`,
 * `snr-auth.forms.js`) load the capability as the add-on `snr-auth.<name>.js` from the folder the
 * page file came from (vite.config.ts rewrites each import below into `loadAddon('<name>')`,
 * ./addon-loader.ts), and the add-on shares lit, the session and the form kit through `snrAuth.kit`
 * (src/bundles/kit.ts). The everything file (`snr-auth.iife.js`) keeps them inline.
 *
 * Add a capability: one line here, its module under `src/capabilities/<name>/`, and an `ADDONS`
 * entry in vite.config.ts whose `own` is that folder.
 */
const CAPABILITIES = {
  'second-factor': () => import('../../capabilities/second-factor/index.js'),
  passkeys: () => import('../../capabilities/passkeys/index.js'),
  /** `<snr-account>`'s list of signed-in devices (SessionsPanel). */
  sessions: () => import('../../capabilities/sessions/index.js'),
  'email-code': () => import('../../capabilities/email-code/index.js'),
  // <snr-signin>'s approval and terms steps (conditional sign-in): src/capabilities/signin-conditions/.
  'signin-conditions': () => import('../../capabilities/signin-conditions/index.js'),
  /** The activation code step of the `pin` mode (`<snr-register>`, `<snr-signin>`). */
  pin: () => import('../../capabilities/pin/index.js'),
  /** `<snr-account>`'s email-change step, with the proof (password, or the account's provider button). */
  'account-email': () => import('../../capabilities/account-email/index.js'),
  /** `<snr-account>`'s deletion step, with the same proof. */
  'account-delete': () => import('../../capabilities/account-delete/index.js'),
  /** `<snr-provider-button>` for the account steps' proof of an account without a password (never loaded for one with a password). */
  'provider-button': () => import('../../capabilities/provider-button/index.js'),
} satisfies Record<string, () => Promise<unknown>>;

export type CapabilityName = keyof typeof CAPABILITIES;
export type Capability<K extends CapabilityName> = Awaited<ReturnType<(typeof CAPABILITIES)[K]>>;

// The Client's passkey methods are the capability's (src/session/passkeys.ts).
providePasskeys(() => loadCapability('passkeys'));

const loading = new Map<CapabilityName, Promise<unknown>>();

/**
 * The capability's module, loaded once per page. A failed load (offline, a missing add-on file)
 * rejects with a `NETWORK_ERROR` and is forgotten, so the next intent tries again; the element shows the error as it
 * shows a network error.
 */
export function loadCapability<K extends CapabilityName>(name: K): Promise<Capability<K>> {
  let promise = loading.get(name);
  if (!promise) {
    // With its strings in the page's languages that left them out (the script-tag language files).
    promise = Promise.all([(CAPABILITIES[name] as () => Promise<unknown>)(), loadTranslationParts(name)]).then(
      ([module]) => module,
      (err: unknown) => {
        loading.delete(name);
        throw isSnrError(err) ? err : new SnrError('NETWORK_ERROR', `The capability ${name} did not load`, { cause: err });
      },
    );
    loading.set(name, promise);
  }
  return promise as Promise<Capability<K>>;
}
