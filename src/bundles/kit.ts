/**
 * What a script-tag add-on (`snr-auth.facebook.js`; later the other provider buttons and the rarely
 * shown capabilities) takes from the main file it is loaded beside instead of bringing its own copy
 * of lit, the session and the form kit: the main file puts this object on `snrAuth.kit`, and the
 * add-on's build (vite.config.ts, `addonLib`) turns each of its imports of these modules into a read
 * of `snrAuth.kit.<module>.<name>`.
 *
 * The table is read by the build: one `import { … } from '…'` line per module, and an entry of the
 * same names under the module's kit name (`kitName()` in vite.config.ts: `lit/decorators.js` →
 * `lit_decorators`, `../elements/shared/errors.js` → `shared_errors`). The build fails when an
 * add-on imports a module or a name that is not here, or when the two halves disagree. Only named
 * bindings, not whole modules: a module's other exports stay out of the main files.
 */

import { ContextConsumer, createContext } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { isTransient } from '../api/errors.js';
import { BROWSER_ROUTES } from '../contract/compiled.js';
import { provideAddon, provideEnglish } from '../elements/shared/addon-loader.js';
import { ConfigController } from '../elements/shared/config-controller.js';
import { define } from '../elements/shared/define.js';
import { ApiAttributesController, SharedAttributesMixin } from '../elements/shared/element-attributes.js';
import { asSnrError, errorText, notConfigured, raise } from '../elements/shared/errors.js';
import { FormController } from '../elements/shared/form-controller.js';
import { buttonContent, heading } from '../elements/shared/kit.js';
import { LocaleController } from '../elements/shared/locale-controller.js';
import { parseAgreements } from '../elements/shared/profile-fields.js';
import { SessionController } from '../elements/shared/session-controller.js';
import { ThemeController } from '../elements/shared/theme-controller.js';
import { css, TOKENS } from '../elements/shared/tokens.js';
import { backButton, signInStepFor } from '../elements/snr-signin/steps.js';
import { SnrError } from '../session/index.js';

export const kit = {
  lit_context: { ContextConsumer, createContext },
  lit: { html, LitElement, nothing },
  api_errors: { isTransient },
  contract_compiled: { BROWSER_ROUTES },
  shared_addon_loader: { provideAddon, provideEnglish },
  shared_config_controller: { ConfigController },
  shared_define: { define },
  shared_element_attributes: { ApiAttributesController, SharedAttributesMixin },
  shared_errors: { asSnrError, errorText, notConfigured, raise },
  shared_form_controller: { FormController },
  shared_kit: { buttonContent, heading },
  shared_locale_controller: { LocaleController },
  shared_profile_fields: { parseAgreements },
  shared_session_controller: { SessionController },
  shared_theme_controller: { ThemeController },
  shared_tokens: { css, TOKENS },
  session: { SnrError },
  snr_signin_steps: { backButton, signInStepFor },
};
