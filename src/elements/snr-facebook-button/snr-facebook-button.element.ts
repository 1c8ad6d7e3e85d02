import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SnrErrorEvent } from '../../events/snr-error.js';
import type { TranslationOverrides } from '../../i18n/index.js';
import type { Theme } from '../snr-session/session-hub.js';
import { ConfigController } from '../shared/config-controller.js';
import { asSnrError, errorText, raise, type Message } from '../shared/errors.js';
import { LocaleController } from '../shared/locale-controller.js';
import { SessionController } from '../shared/session-controller.js';
import { ThemeController } from '../shared/theme-controller.js';
import { facebookButtonStyles } from './snr-facebook-button.styles.js';

/** Facebook's "f" logo (white, the blue showing through), as its brand resources draw it. */
const LOGO = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    fill="#ffffff"
    d="M24 12.073C24 5.405 18.627 0 12 0S0 5.405 0 12.073C0 18.1 4.388 23.094 10.125 24v-8.437H7.078v-3.49h3.047V9.413c0-3.026 1.792-4.697 4.533-4.697 1.312 0 2.686.236 2.686.236v2.971H15.83c-1.49 0-1.955.93-1.955 1.886v2.264h3.328l-.532 3.49h-2.796V24C19.612 23.094 24 18.1 24 12.073z"
  />
</svg>`;

/**
 * @tagname snr-facebook-button
 * @summary "Continue with Facebook": a button that follows Facebook's brand rules.
 *
 * The server's public configuration says whether a Facebook app is set up. Without one, the
 * element gets the `unavailable` attribute (hide it with `snr-facebook-button[unavailable]
 * { display: none }`), and pressing it says so and raises `snr-error` with code
 * `PROVIDER_UNAVAILABLE`. The Facebook flow itself (SDK, conditional sign-in, agreements) is
 * not built yet: with an app configured, pressing it raises the same error for now.
 *
 * @event snr-error - Facebook sign-in is not available: `detail.code` is `PROVIDER_UNAVAILABLE`, `detail.action` is `facebook`.
 *
 * @csspart button - The button (keep Facebook's blue and white: brand rules).
 * @csspart icon - The "f" logo.
 * @csspart label - The button's text.
 * @csspart message - Why the button did nothing (a live region).
 *
 * @cssproperty --snr-font-family - Font of the label (default: Helvetica, Arial, system font).
 * @cssproperty --snr-font-size - Base font size (default `1rem`).
 * @cssproperty --snr-radius - Corner radius of the button.
 * @cssproperty --snr-color-focus - Focus ring (default: Facebook blue, visible on light and dark pages).
 * @cssproperty --snr-focus-ring-width - Width of the focus ring (default `3px`).
 * @cssproperty --snr-color-danger - The message's text.
 * @cssproperty --snr-color-background - The message's background.
 * @cssproperty --snr-color-scheme - `light dark` (default: follow the system), `light` or `dark`: colours of the focus ring and message.
 */
export class SnrFacebookButton extends LitElement {
  static override styles = facebookButtonStyles;

  /** Server to use when the page has no `<snr-session>` and no `configure()`. */
  @property({ attribute: 'api-base' }) apiBase: string | undefined;
  /** Profile API key to use with `api-base`. */
  @property({ attribute: 'api-key' }) apiKey: string | undefined;
  /** `dark` or `light` forces a scheme; `auto` (default) follows the page-wide theme, then the system. */
  @property({ reflect: true }) theme: Theme | undefined;
  /** Overrides of any string, for this element only. */
  @property({ attribute: false }) translations: TranslationOverrides | undefined;
  /** Set by the element when the server has no Facebook app configured. */
  @property({ type: Boolean, reflect: true }) unavailable = false;

  @state() private message: Message | null = null;

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this, this.session);
  private readonly config = new ConfigController(this, this.session);

  constructor() {
    super();
    new ThemeController(this, this.session);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.session.configureIfAlone(this.apiBase, this.apiKey);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('apiBase') || changed.has('apiKey')) this.session.configureIfAlone(this.apiBase, this.apiKey);
    const config = this.config.config;
    if (config) this.unavailable = !config.facebookAppId;
  }

  protected override render() {
    const t = this.locale.t;
    const lang = this.locale.markedLang ?? nothing;
    return html`<button part="button" type="button" lang=${lang} aria-describedby=${this.message ? 'message' : nothing} @click=${this.onClick}>
        ${LOGO}<span part="label">${t.facebookContinue}</span>
      </button>
      <p part="message" id="message" role="status" lang=${lang}>${this.message?.(t) ?? nothing}</p>`;
  }

  private readonly onClick = async () => {
    const t = this.locale.t;
    const client = this.session.client;
    let config = this.config.config;
    try {
      config ??= client ? await client.getPublicConfig() : null;
    } catch (err) {
      const error = asSnrError(err);
      this.message = errorText(error);
      raise(this, error, 'facebook', t);
      return;
    }
    const configured = !!config?.facebookAppId;
    this.unavailable = !configured;
    this.message = configured ? (tt) => tt.errors.PROVIDER_UNAVAILABLE : (tt) => tt.facebookUnavailable;
    if (configured) console.warn('snr-facebook-button: the Facebook sign-in flow is not built yet');
    this.dispatchEvent(new SnrErrorEvent({ code: 'PROVIDER_UNAVAILABLE', message: this.message(t), action: 'facebook', status: 0 }));
  };
}
