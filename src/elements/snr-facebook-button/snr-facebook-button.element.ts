import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { AgreementName } from '../../contract/schemas.js';
import { SnrError } from '../../session/index.js';
import { ConfigController } from '../shared/config-controller.js';
import { ApiAttributesController, SharedAttributesMixin } from '../shared/element-attributes.js';
import { LocaleController } from '../shared/locale-controller.js';
import { parseAgreements } from '../shared/profile-fields.js';
import { ProviderSignInController } from '../shared/provider-sign-in.js';
import { SessionController } from '../shared/session-controller.js';
import { ThemeController } from '../shared/theme-controller.js';
import { FacebookController } from './facebook-controller.js';
import { facebookButtonStyles } from './snr-facebook-button.styles.js';

export { FACEBOOK_SCOPE, POPUP_GRACE_MS } from './facebook-controller.js';

/** Facebook's "f" logo (white, the blue showing through), as its brand resources draw it. */
const LOGO = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    fill="#ffffff"
    d="M24 12.073C24 5.405 18.627 0 12 0S0 5.405 0 12.073C0 18.1 4.388 23.094 10.125 24v-8.437H7.078v-3.49h3.047V9.413c0-3.026 1.792-4.697 4.533-4.697 1.312 0 2.686.236 2.686.236v2.971H15.83c-1.49 0-1.955.93-1.955 1.886v2.264h3.328l-.532 3.49h-2.796V24C19.612 23.094 24 18.1 24 12.073z"
  />
</svg>`;

/**
 * @tagname snr-facebook-button
 * @summary "Continue with Facebook": signs a customer in with Facebook, registering a new one after an agreements step.
 *
 * Pressed, it loads Facebook's JS SDK (once per page; `sdk-url`), asks Facebook for `email` and
 * `public_profile`, and signs in with `authenticateByFacebookRegistered`. A Facebook profile with
 * no account yet gets an agreements step (`agreements`) and is registered with
 * `authenticateByFacebook`. The SDK is fetched early when the pointer or focus comes to the button,
 * so that the click itself opens Facebook's pop-up (browsers block pop-ups opened later).
 *
 * Facebook's pop-up gives no sign of being blocked: when `FB.login` neither answers nor shows a
 * window (the page keeps its focus) within 1.5 s, or answers "not connected" at once, the element
 * reports `POPUP_BLOCKED`; an answer without a token after the window showed is `PROVIDER_CANCELLED`.
 *
 * Without a Facebook app (no `app-id` and none in the server's public configuration) the element
 * gets the `unavailable` attribute (hide it with `snr-facebook-button[unavailable] { display: none }`),
 * and pressing it says so and raises `snr-error` with `PROVIDER_UNAVAILABLE`, as does an SDK that
 * does not load.
 *
 * @event snr-signed-in - Signed in through Facebook (from the page's session): `detail.origin` is `FACEBOOK`.
 * @event snr-error - Facebook sign-in failed. `detail.action` is `facebook`; `detail.code` is `PROVIDER_UNAVAILABLE` (no app, or the SDK did not load), `POPUP_BLOCKED`, `PROVIDER_CANCELLED`, or a server's code (`PROVIDER_REJECTED`, `EMAIL_TAKEN`, …).
 *
 * @csspart button - The Facebook button (keep Facebook's blue and white: brand rules).
 * @csspart icon - The "f" logo.
 * @csspart label - The button's text.
 * @csspart spinner - Progress shown in the busy button (over its label, which keeps its place).
 * @csspart message - What happened (a live region, `data-tone="error|success"`).
 * @csspart agreements - The step shown to a new customer: a form.
 * @csspart step - A step for what stands before the token, as `<snr-signin>` shows it: the site's terms to accept (`data-step="terms"`, a form sent again with the accepted version) or the site's approval to wait for (`data-step="approval"`).
 * @csspart heading - The step's title.
 * @csspart intro - The step's text.
 * @csspart agreement-list - The agreement checkboxes (a fieldset).
 * @csspart optional - The "(optional)" mark of the agreements' legend.
 * @csspart checkbox - One agreement: its label and checkbox.
 * @csspart actions - The step's buttons.
 * @csspart confirm - "Create my account".
 * @csspart cancel - "Cancel".
 */
export class SnrFacebookButton extends SharedAttributesMixin(LitElement) {
  static override styles = facebookButtonStyles;

  /** The Facebook app; default: the one the server publishes (`facebookAppId` of its public configuration). */
  @property({ attribute: 'app-id' }) appId: string | undefined;
  /** Where Facebook's JS SDK is loaded from (a stand-in of the same interface, in tests and demos). */
  @property({ attribute: 'sdk-url' }) sdkUrl: string = 'https://connect.facebook.net/en_US/sdk.js';
  /** The Graph API version given to `FB.init`. */
  @property({ attribute: 'sdk-version' }) sdkVersion: string = 'v23.0';
  /** Agreement checkboxes of the new-customer step (`email sms push bluetooth rfid wifi`); default: those the server lists. */
  @property() agreements: string | undefined;
  /** Set by the element when no Facebook app is configured. */
  @property({ type: Boolean, reflect: true }) unavailable = false;

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this, this.session);
  private readonly config = new ConfigController(this, this.session);
  private readonly flow = new ProviderSignInController(this, {
    session: this.session,
    provider: () => 'FACEBOOK',
    action: () => 'facebook',
    agreementNames: () => this.agreementNames,
    t: () => this.t,
    unavailable: () => this.unavailable,
    headingLevel: () => this.headingLevel,
    unavailableText: (t) => t.facebookUnavailable,
    scriptFailedText: (t) => t.facebookSdkFailed,
  });
  private readonly facebook = new FacebookController(this, {
    sdkUrl: () => this.sdkUrl,
    version: () => this.sdkVersion,
    onLateLogin: (token) => this.flow.late({ token }),
  });

  constructor() {
    super();
    new ThemeController(this, this.session);
    new ApiAttributesController(this, this.session);
  }

  private get t() {
    return this.locale.t;
  }

  private get configuredAppId(): string | null {
    return this.appId || this.config.config?.facebookAppId || null;
  }

  private get agreementNames(): AgreementName[] {
    return this.agreements !== undefined ? parseAgreements(this.agreements) : (this.config.config?.agreements ?? []);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (this.config.config || this.appId) this.unavailable = !this.configuredAppId;
  }

  protected override updated(): void {
    if (this.flow.focusNext) {
      this.renderRoot.querySelector<HTMLElement>(`#${this.flow.focusNext}`)?.focus();
      this.flow.focusNext = null;
    }
  }

  protected override render() {
    const t = this.t;
    const lang = this.locale.markedLang ?? nothing;
    const notice = this.flow.notice;
    const message = html`<p part="message" id="message" role="status" lang=${lang} data-tone=${notice?.tone ?? nothing}>${notice?.text(t) ?? nothing}</p>`;
    if (this.flow.step === 'agreements') return html`${this.renderAgreements()}${message}`;
    if (this.flow.step === 'condition') return html`<div lang=${lang}>${this.flow.renderCondition()}</div>${message}`;
    const busy = this.flow.step === 'busy';
    return html`<button
        part="button"
        id="button"
        type="button"
        lang=${lang}
        aria-disabled=${busy ? 'true' : nothing}
        aria-describedby=${notice ? 'message' : nothing}
        @click=${this.onClick}
        @pointerenter=${this.prepare}
        @focus=${this.prepare}
      >
        ${LOGO}${
          busy
            ? html`<span part="label" data-busy aria-hidden="true">${t.facebookContinue}<span part="spinner"></span></span><span class="sr-only">${t.facebookBusy}</span>`
            : html`<span part="label">${t.facebookContinue}</span>`
        }
      </button>
      ${message}`;
  }

  private renderAgreements() {
    const t = this.t;
    const names = this.agreementNames;
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    const creating = this.flow.creating;
    return html`<form part="agreements" lang=${this.locale.markedLang ?? nothing} aria-labelledby="new-heading" aria-describedby="new-intro" @submit=${this.onCreate}>
      <div part="heading" id="new-heading" role="heading" aria-level=${level} tabindex="-1">${t.facebookNewHeading}</div>
      <p part="intro" id="new-intro">${t.facebookNewIntro}</p>
      ${
        names.length
          ? html`<fieldset part="agreement-list">
            <legend>${t.agreementsLegend} <span part="optional">${t.optional}</span></legend>
            ${names.map(
              (name) => html`<label part="checkbox"><input type="checkbox" name=${`agreement-${name}`} /> <span>${t.agreements[name]}</span></label>`,
            )}
          </fieldset>`
          : nothing
      }
      <div part="actions">
        <button part="confirm" type="submit" aria-disabled=${creating ? 'true' : nothing}>
          ${
            creating
              ? html`<span data-busy aria-hidden="true">${t.facebookCreate}<span part="spinner"></span></span><span class="sr-only">${t.facebookCreating}</span>`
              : t.facebookCreate
          }
        </button>
        <button part="cancel" type="button" @click=${() => this.flow.cancel()}>${t.cancel}</button>
      </div>
    </form>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  /** Fetches the SDK when a press is likely (pointer over, focus), so the press can open the pop-up at once. */
  private readonly prepare = () => {
    const appId = this.configuredAppId;
    if (appId) this.facebook.prepare(appId);
  };

  private readonly onClick = () => {
    // Synchronous up to `FB.login` when all is at hand (pop-up blockers).
    this.flow.start(async (client) => {
      const appId = this.configuredAppId ?? (await client.getPublicConfig()).facebookAppId;
      if (!appId) {
        this.unavailable = true;
        throw new SnrError('PROVIDER_UNAVAILABLE', 'No Facebook app is configured');
      }
      return { token: await this.facebook.logIn(appId) };
    });
  };

  private readonly onCreate = (e: SubmitEvent) => {
    e.preventDefault();
    void this.flow.create(e.currentTarget as HTMLFormElement);
  };
}
