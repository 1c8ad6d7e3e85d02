/**
 * The script-tag build's entry: everything the module exports, on `window.snrAuth`
 * (`snrAuth.configure(…)`, `snrAuth.ready`, `snrAuth.client`). A second copy of the bundle on
 * the page keeps the first one's object.
 */

import { expose } from './bundles/expose.js';
import type { kit } from './bundles/kit.js';
import type { AddonRegistry } from './elements/shared/addon-loader.js';
// biome-ignore lint/style/useImportType: used as a value below; the global declaration shadows the name for the linter
import * as snrAuth from './index.js';
import type { Client } from './session/index.js';

/**
 * What the script-tag file puts on `window.snrAuth`: the module's exports, `client` a getter, and
 * `kit`, the modules the add-on files share (src/bundles/kit.ts), and `capabilities`. The smaller files (`snr-auth.signin.js`,
 * `snr-auth.forms.js`) put the same minus the elements they leave out.
 */
export type SnrAuthGlobal = Omit<typeof snrAuth, 'client'> & {
  readonly client: Client | undefined;
  readonly kit: typeof kit;
  /** The capabilities the page's add-ons have handed over, by name (src/elements/shared/addon-loader.ts). */
  readonly capabilities: AddonRegistry;
};

declare global {
  interface Window {
    snrAuth?: SnrAuthGlobal;
  }
  /** `snrAuth.ready` in a page's own script, once the script-tag file has run (as the README writes it). */
  // biome-ignore lint/suspicious/noRedeclare: declares the script-tag global on globalThis
  var snrAuth: SnrAuthGlobal;
}

expose(snrAuth);
