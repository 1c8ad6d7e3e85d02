/**
 * What a script-tag add-on (`snr-auth.facebook.js`; later the other provider buttons and the rarely
 * shown capabilities) takes from the main file it is loaded beside instead of bringing its own copy
 * of lit, the session and the form kit: the main file puts this object on `snrAuth.kit`, and the
 * add-on's build (vite.config.ts, `addonLib`) turns each of its imports of these modules into a read
 * of `snrAuth.kit.<name>`.
 *
 * The table is read by the build: one `import { … } from '…'` line per module, and each imported
 * name once in `kit`, flat (every page pays for the object's keys: no key per module). The build
 * fails when an add-on imports a module or a name that is not here, when an imported name is not
 * in `kit`, or when two modules lend the same name. Only named bindings, not whole modules: a
 * module's other exports stay out of the main files.
 */

import { ContextConsumer, createContext } from '@lit/context';
import { html, LitElement, nothing } from 'lit';
import { isTransient } from '../api/errors.js';
import { BROWSER_ROUTES } from '../contract/compiled.js';
import { provideAddon, provideEnglish } from '../elements/shared/addon-loader.js';
import { loadCapability } from '../elements/shared/capabilities.js';
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
  ContextConsumer,
  createContext,
  html,
  LitElement,
  nothing,
  isTransient,
  BROWSER_ROUTES,
  provideAddon,
  provideEnglish,
  loadCapability,
  ConfigController,
  define,
  ApiAttributesController,
  SharedAttributesMixin,
  asSnrError,
  errorText,
  notConfigured,
  raise,
  FormController,
  buttonContent,
  heading,
  LocaleController,
  parseAgreements,
  SessionController,
  ThemeController,
  css,
  TOKENS,
  SnrError,
  backButton,
  signInStepFor,
};
