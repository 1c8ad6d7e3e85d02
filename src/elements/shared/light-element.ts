import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { TranslationOverrides } from '../../i18n/index.js';
import type { Theme } from '../../page/session-hub.js';
import type { ElementKit } from './kit.js';

/**
 * What the light-DOM form elements (`<snr-signin>`, `<snr-register>`, `<snr-account>`,
 * `<snr-change-password>`, `<snr-landing>`) share: the attributes that configure them without a
 * page-wide session, their theme, heading level and strings; rendering into
 * light DOM (password managers see the forms); and configuring the page's session from `api-base`
 * and `api-key` when nothing else has. Each element makes its `kit` (`lightElementKit`) with its
 * own styles, and declares its own `preview` states.
 */
export abstract class LightElement extends LitElement {
  /** Server to use when the page has no `<snr-session>` and no `configure()`. */
  @property({ attribute: 'api-base' }) apiBase: string | undefined;
  /** Profile API key to use with `api-base`. */
  @property({ attribute: 'api-key' }) apiKey: string | undefined;
  /** `dark` or `light` forces a scheme; `auto` (default) follows the page-wide theme, then the system. */
  @property({ reflect: true }) theme: Theme | undefined;
  /** Level of the headings (1–6), to fit the page's outline. */
  @property({ attribute: 'heading-level', type: Number }) headingLevel = 2;
  /** Overrides of any string, for this element only. */
  @property({ attribute: false }) translations: TranslationOverrides | undefined;

  protected abstract readonly kit: ElementKit;

  /** The strings in effect for this element. */
  protected get t() {
    return this.kit.locale.t;
  }

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.kit.session.configureIfAlone(this.apiBase, this.apiKey);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase') || changed.has('apiKey')) this.kit.session.configureIfAlone(this.apiBase, this.apiKey);
  }
}
