import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AgreementName } from '../../contract/schemas.js';
import { SnrError } from '../../session/index.js';
import { ConfigController } from '../shared/config-controller.js';
import { ApiAttributesController, SharedAttributesMixin } from '../shared/element-attributes.js';
import { asSnrError } from '../shared/errors.js';
import { LocaleController } from '../shared/locale-controller.js';
import { parseAgreements } from '../shared/profile-fields.js';
import { ProviderSignInController } from '../shared/provider-sign-in.js';
import { SessionController } from '../shared/session-controller.js';
import { ThemeController } from '../shared/theme-controller.js';
import { FacebookController } from '../snr-facebook-button/facebook-controller.js';
import { appleIdToken, googleIdToken, loadApple, loadedApple, loadedGoogle, loadGoogle, newNonce } from './provider-scripts.js';
import { providerButtonStyles } from './snr-provider-button.styles.js';

export type ButtonProvider = 'google' | 'apple' | 'facebook';
const PROVIDERS: readonly ButtonProvider[] = ['google', 'apple', 'facebook'];

/** Where each provider's own script is loaded from, unless `script-url` says otherwise. */
export const PROVIDER_SCRIPTS: Record<ButtonProvider, string> = {
  google: 'https://accounts.google.com/gsi/client',
  apple: 'https://appleid.cdn-apple.com/appleauth/static/jsapi/appleid/1/en_US/appleid.auth.js',
  facebook: 'https://connect.facebook.net/en_US/sdk.js',
};

/** Google's four-colour "G", as Google's sign-in button draws it. */
const GOOGLE_LOGO = html`<svg part="icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
  <path fill="#EA4335" d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z" />
  <path fill="#4285F4" d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z" />
  <path fill="#FBBC05" d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z" />
  <path fill="#34A853" d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z" />
</svg>`;

/** Apple's logo, in the label's colour (white on black, black on white). */
const APPLE_LOGO = html`<svg part="icon" viewBox="0 0 814 1000" aria-hidden="true" focusable="false">
  <path
    fill="currentColor"
    d="M788.1 340.9c-5.8 4.5-108.2 62.2-108.2 190.5 0 148.4 130.3 200.9 134.2 202.2-.6 3.2-20.7 71.9-68.7 141.9-42.8 61.6-87.5 123.1-155.5 123.1s-85.5-39.5-164-39.5c-76.5 0-103.7 40.8-165.9 40.8s-105.6-57-155.5-127C46.7 790.7 0 663 0 541.8c0-194.4 126.4-297.5 250.8-297.5 66.1 0 121.2 43.4 162.7 43.4 39.5 0 101.1-46 176.3-46 28.5 0 130.9 2.6 198.3 99.2zm-234-181.5c31.1-36.9 53.1-88.1 53.1-139.3 0-7.1-.6-14.3-1.9-20.1-50.6 1.9-110.8 33.7-147.1 75.8-28.5 32.4-55.1 83.6-55.1 135.5 0 7.8 1.3 15.6 1.9 18.1 3.2.6 8.4 1.3 13.6 1.3 45.4 0 102.5-30.4 135.5-71.3z"
  />
</svg>`;

/** Facebook's "f" logo (white, the blue showing through). */
const FACEBOOK_LOGO = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    fill="#ffffff"
    d="M24 12.073C24 5.405 18.627 0 12 0S0 5.405 0 12.073C0 18.1 4.388 23.094 10.125 24v-8.437H7.078v-3.49h3.047V9.413c0-3.026 1.792-4.697 4.533-4.697 1.312 0 2.686.236 2.686.236v2.971H15.83c-1.49 0-1.955.93-1.955 1.886v2.264h3.328l-.532 3.49h-2.796V24C19.612 23.094 24 18.1 24 12.073z"
  />
</svg>`;

const LOGOS = { google: GOOGLE_LOGO, apple: APPLE_LOGO, facebook: FACEBOOK_LOGO };

/**
 * @tagname snr-provider-button
 * @summary "Sign in with Google / Apple / Facebook": one button per identity provider, in its branding, with the new-customer agreements step.
 *
 * `provider="google"`: a white button with Google's "G" and "Sign in with Google"; pressed, it
 * loads Google Identity Services (`https://accounts.google.com/gsi/client`, only then), initialises
 * it with the server's Google client id and a nonce made for this attempt, and shows Google's
 * prompt; Google's ID token goes to the server, which checks it itself.
 * `provider="apple"`: a black "Sign in with Apple" button with Apple's logo (white in the dark
 * theme); pressed, it loads Sign in with Apple JS and opens Apple's pop-up the same way.
 * `provider="facebook"`: Facebook's button, as `<snr-facebook-button>`.
 *
 * The sign-in is conditional (`authenticateConditionally`): a known customer is signed in; a
 * newcomer gets an agreements step (`agreements`) and is registered with `authenticate`. The
 * provider's script is fetched early when the pointer or focus comes to the button (never before),
 * so the press can open the provider's window at once.
 *
 * When the server has the provider switched off (its client id is not in `/snr/config`) and no
 * `client-id` is given, the element gets the `unavailable` attribute (hide it with
 * `snr-provider-button[unavailable] { display: none }`); pressing it says so.
 *
 * @event snr-signed-in - Signed in through the provider (from the page's session): `detail.origin` is `GOOGLE`, `APPLE` or `FACEBOOK`.
 * @event snr-error - The sign-in failed. `detail.action` is the provider (`google`, `apple`, `facebook`); `detail.code` is `PROVIDER_UNAVAILABLE` (switched off, or its script did not load), `PROVIDER_CANCELLED`, `POPUP_BLOCKED`, or a server's code (`PROVIDER_REJECTED`, `EMAIL_TAKEN`, …).
 *
 * @csspart button - The provider's button (keep its colours: brand rules).
 * @csspart icon - The provider's logo.
 * @csspart label - The button's text.
 * @csspart spinner - Progress shown in the busy button (over its label, which keeps its place).
 * @csspart message - What happened (a live region, `data-tone="error|success"`).
 * @event snr-provider-token - With `purpose="reauthenticate"`: the provider proved the signed-in customer again; `detail` is `{ provider, token }` (Google and Apple: an ID token carrying the server's re-authentication nonce).
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
export class SnrProviderButton extends SharedAttributesMixin(LitElement) {
  static override styles = providerButtonStyles;

  /** `google`, `apple` or `facebook`. */
  @property({ reflect: true }) provider: ButtonProvider = 'google';
  /** The provider's client id (Google client id, Apple Services ID, Facebook app id); default: the one the server publishes. */
  @property({ attribute: 'client-id' }) clientId: string | undefined;
  /** Where the provider's script is loaded from (a stand-in of the same interface, in tests and demos). */
  @property({ attribute: 'script-url' }) scriptUrl: string | undefined;
  /** Apple: the redirect URI registered for the Services ID; default: this page's address without query. */
  @property({ attribute: 'redirect-uri' }) redirectUri: string | undefined;
  /** Agreement checkboxes of the new-customer step (`email sms push bluetooth rfid wifi`); default: those the server lists. */
  @property() agreements: string | undefined;
  /** Set by the element when the provider is not configured. */
  @property({ type: Boolean, reflect: true }) unavailable = false;
  /**
   * `sign-in` (default), or `reauthenticate`: for a signed-in customer, the provider proves it is
   * them again (Google and Apple with a nonce the server issued, `getReauthenticationNonce`) and the
   * element hands the token over in `snr-provider-token` instead of signing in (`<snr-account>` uses
   * it before an email change or a deletion of an account without a password).
   */
  @property() purpose: 'sign-in' | 'reauthenticate' = 'sign-in';
  @state() private reauthenticating = false;

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this, this.session);
  private readonly config = new ConfigController(this, this.session);
  private readonly flow = new ProviderSignInController(this, {
    session: this.session,
    provider: () => this.kind.toUpperCase() as 'GOOGLE' | 'APPLE' | 'FACEBOOK',
    action: () => this.kind,
    agreementNames: () => this.agreementNames,
    t: () => this.t,
    unavailable: () => this.unavailable,
    headingLevel: () => this.headingLevel,
  });
  private readonly facebook = new FacebookController(this, {
    sdkUrl: () => this.script,
    version: () => 'v23.0',
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

  /** The provider, an unknown value read as Google. */
  private get kind(): ButtonProvider {
    return PROVIDERS.includes(this.provider) ? this.provider : 'google';
  }

  private get script(): string {
    return this.scriptUrl || PROVIDER_SCRIPTS[this.kind];
  }

  private get configuredClientId(): string | null {
    const config = this.config.config;
    const published = this.kind === 'google' ? config?.googleClientId : this.kind === 'apple' ? config?.appleClientId : config?.facebookAppId;
    return this.clientId || published || null;
  }

  private get agreementNames(): AgreementName[] {
    return this.agreements !== undefined ? parseAgreements(this.agreements) : (this.config.config?.agreements ?? []);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    if (this.config.config || this.clientId) this.unavailable = !this.configuredClientId;
  }

  protected override updated(): void {
    if (this.flow.focusNext) {
      this.renderRoot.querySelector<HTMLElement>(`#${this.flow.focusNext}`)?.focus();
      this.flow.focusNext = null;
    }
  }

  private labels(): { idle: string; busy: string } {
    const t = this.t;
    if (this.kind === 'apple') return { idle: t.providerApple, busy: t.providerAppleBusy };
    if (this.kind === 'facebook') return { idle: t.facebookContinue, busy: t.facebookBusy };
    return { idle: t.providerGoogle, busy: t.providerGoogleBusy };
  }

  protected override render() {
    const lang = this.locale.markedLang ?? nothing;
    const notice = this.flow.notice;
    const message = html`<p part="message" id="message" role="status" lang=${lang} data-tone=${notice?.tone ?? nothing}>${notice?.text(this.t) ?? nothing}</p>`;
    if (this.flow.step === 'agreements') return html`${this.renderAgreements()}${message}`;
    if (this.flow.step === 'condition') return html`<div lang=${lang}>${this.flow.renderCondition()}</div>${message}`;
    const busy = this.flow.step === 'busy' || this.reauthenticating;
    const label = this.labels();
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
        ${LOGOS[this.kind]}${
          busy
            ? html`<span part="label" data-busy aria-hidden="true">${label.idle}<span part="spinner"></span></span><span class="sr-only">${label.busy}</span>`
            : html`<span part="label">${label.idle}</span>`
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
      <p part="intro" id="new-intro">${this.kind === 'facebook' ? t.facebookNewIntro : t.providerNewIntro}</p>
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

  /** Fetches the provider's script when a press is likely (pointer over, focus): never before, so a visitor who does not mean to sign in never loads it. */
  private readonly prepare = () => {
    const clientId = this.configuredClientId;
    if (!clientId) return;
    if (this.kind === 'facebook') this.facebook.prepare(clientId);
    else (this.kind === 'google' ? loadGoogle(this.script) : loadApple(this.script)).catch(() => undefined); // a press will say so
  };

  private readonly onClick = () => {
    if (this.purpose === 'reauthenticate') {
      void this.reauthenticate();
      return;
    }
    this.flow.start(async (client) => {
      const clientId = this.configuredClientId ?? this.publishedId(await client.getPublicConfig());
      if (!clientId) {
        this.unavailable = true;
        throw new SnrError('PROVIDER_UNAVAILABLE', `Sign-in with ${this.kind} is not configured`);
      }
      if (this.kind === 'facebook') return { token: await this.facebook.logIn(clientId) };
      const nonce = newNonce();
      if (this.kind === 'google') {
        const google = loadedGoogle() ?? (await loadGoogle(this.script));
        return { token: await googleIdToken(google, clientId, nonce), nonce };
      }
      // Apple's pop-up opens from within the press when the script is at hand (pop-up blockers).
      const apple = loadedApple() ?? (await loadApple(this.script));
      return { token: await appleIdToken(apple, clientId, nonce, this.redirectUri || location.origin + location.pathname), nonce };
    });
  };

  /** The provider's token for the signed-in customer, handed to the page (`snr-provider-token`); nobody is signed in by it. */
  private async reauthenticate(): Promise<void> {
    if (this.reauthenticating) return;
    const client = this.session.client;
    if (!client?.isSignedIn()) {
      this.flow.fail(new SnrError('FORBIDDEN_FOR_ANONYMOUS', 'Nobody is signed in'));
      return;
    }
    this.reauthenticating = true;
    this.flow.notice = null;
    try {
      const clientId = this.configuredClientId ?? this.publishedId(await client.getPublicConfig());
      if (!clientId) {
        this.unavailable = true;
        throw new SnrError('PROVIDER_UNAVAILABLE', `Sign-in with ${this.kind} is not configured`);
      }
      let token: string;
      if (this.kind === 'facebook') token = await this.facebook.logIn(clientId);
      else {
        const nonce = await client.getReauthenticationNonce({ cause: this });
        token =
          this.kind === 'google'
            ? await googleIdToken(loadedGoogle() ?? (await loadGoogle(this.script)), clientId, nonce)
            : await appleIdToken(loadedApple() ?? (await loadApple(this.script)), clientId, nonce, this.redirectUri || location.origin + location.pathname);
      }
      const provider = this.kind.toUpperCase() as 'GOOGLE' | 'APPLE' | 'FACEBOOK';
      this.dispatchEvent(new CustomEvent('snr-provider-token', { detail: { provider, token }, bubbles: true, composed: true }));
    } catch (err) {
      const error = asSnrError(err);
      this.flow.fail(error, error.code === 'PROVIDER_UNAVAILABLE' ? (t) => (this.unavailable ? t.providerUnavailable : t.providerScriptFailed) : undefined);
    } finally {
      this.reauthenticating = false;
    }
  }

  private publishedId(config: { googleClientId?: string; appleClientId?: string; facebookAppId?: string }): string | undefined {
    return this.kind === 'google' ? config.googleClientId : this.kind === 'apple' ? config.appleClientId : config.facebookAppId;
  }

  private readonly onCreate = (e: SubmitEvent) => {
    e.preventDefault();
    void this.flow.create(e.currentTarget as HTMLFormElement);
  };
}

/** `snr-provider-token`'s detail: the provider that proved the signed-in customer again, and its token. */
export interface SnrProviderTokenDetail {
  provider: 'GOOGLE' | 'APPLE' | 'FACEBOOK';
  token: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'snr-provider-token': CustomEvent<SnrProviderTokenDetail>;
  }
}
