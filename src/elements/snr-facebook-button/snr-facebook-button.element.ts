import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AgreementName } from '../../contract/schemas.js';
import { SnrError, type Client } from '../../session/index.js';
import { ConfigController } from '../shared/config-controller.js';
import { ApiAttributesController, SharedAttributesMixin } from '../shared/element-attributes.js';
import { asSnrError, errorText, notConfigured, raise, type Message } from '../shared/errors.js';
import { LocaleController } from '../shared/locale-controller.js';
import { parseAgreements } from '../shared/profile-fields.js';
import { SessionController } from '../shared/session-controller.js';
import { ThemeController } from '../shared/theme-controller.js';
import {
  loadedFacebookSdk,
  loadFacebookSdk,
  type FacebookLoginResponse,
  type FacebookSdk,
} from './facebook-sdk.js';
import { facebookButtonStyles } from './snr-facebook-button.styles.js';

/** States a designer can show without a server or Facebook (`preview` attribute). */
export type FacebookButtonPreview = 'idle' | 'busy' | 'agreements' | 'error' | 'unavailable';

/** The permissions asked of Facebook: the server needs the email to find or make the account. */
export const FACEBOOK_SCOPE = 'email,public_profile';

/**
 * With no answer from `FB.login` and no sign of its window (the page never lost focus, nothing
 * else in the page took it) this long after the call, the pop-up was blocked.
 */
export const POPUP_GRACE_MS = 1500;

type Step = 'idle' | 'busy' | 'agreements';

interface Notice {
  tone: 'error' | 'success';
  text: Message;
}

/** Facebook's "f" logo (white, the blue showing through), as its brand resources draw it. */
const LOGO = html`<svg part="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
  <path
    fill="#ffffff"
    d="M24 12.073C24 5.405 18.627 0 12 0S0 5.405 0 12.073C0 18.1 4.388 23.094 10.125 24v-8.437H7.078v-3.49h3.047V9.413c0-3.026 1.792-4.697 4.533-4.697 1.312 0 2.686.236 2.686.236v2.971H15.83c-1.49 0-1.955.93-1.955 1.886v2.264h3.328l-.532 3.49h-2.796V24C19.612 23.094 24 18.1 24 12.073z"
  />
</svg>`;

/**
 * Watches for the log-in window `FB.login` opens: a pop-up takes the focus from the page (or hides
 * it, on phones); an in-page dialog takes the focus from the button.
 */
function watchLoginWindow(): { seen: () => boolean; stop: () => void } {
  let seen = false;
  const mark = () => (seen = true);
  const onBlur = (e: Event) => e.target === window && mark();
  const onVisibility = () => document.hidden && mark();
  window.addEventListener('blur', onBlur);
  document.addEventListener('focusin', mark, true);
  document.addEventListener('visibilitychange', onVisibility);
  return {
    seen: () => seen,
    stop: () => {
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('focusin', mark, true);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

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
  /** Shows a state without a server or Facebook, for design reviews. */
  @property() preview: FacebookButtonPreview | undefined;
  /** Set by the element when no Facebook app is configured. */
  @property({ type: Boolean, reflect: true }) unavailable = false;

  @state() private step: Step = 'idle';
  @state() private notice: Notice | null = null;
  /** The new-customer step's request is under way. */
  @state() private creating = false;

  private readonly session = new SessionController(this);
  private readonly locale = new LocaleController(this, this.session);
  private readonly config = new ConfigController(this, this.session);
  /** The Facebook token between the conditional sign-in and the agreements step; never leaves the element. */
  private pendingToken: string | null = null;
  /** What `FB.getLoginStatus` said when the SDK was fetched early: a connected person needs no pop-up. */
  private knownLogin: { token: string; until: number } | null = null;
  private attempt = 0;
  private focusNext: string | null = null;

  constructor() {
    super();
    new ThemeController(this, this.session);
    new ApiAttributesController(this, this.session);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.attempt++;
    this.pendingToken = null;
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('preview')) this.applyPreview();
    if (this.preview) this.unavailable = this.preview === 'unavailable';
    else if (this.config.config || this.appId) this.unavailable = !this.configuredAppId;
  }

  protected override updated(): void {
    if (this.focusNext) {
      this.renderRoot.querySelector<HTMLElement>(`#${this.focusNext}`)?.focus();
      this.focusNext = null;
    }
  }

  protected override render() {
    const t = this.t;
    const lang = this.locale.markedLang ?? nothing;
    const notice = this.notice;
    const message = html`<p part="message" id="message" role="status" lang=${lang} data-tone=${notice?.tone ?? nothing}>${notice?.text(t) ?? nothing}</p>`;
    if (this.step === 'agreements') return html`${this.renderAgreements()}${message}`;
    const busy = this.step === 'busy';
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
        ${LOGO}${busy
          ? html`<span part="label" data-busy aria-hidden="true">${t.facebookContinue}<span part="spinner"></span></span><span class="sr-only">${t.facebookBusy}</span>`
          : html`<span part="label">${t.facebookContinue}</span>`}
      </button>
      ${message}`;
  }

  private renderAgreements() {
    const t = this.t;
    const names = this.agreementNames;
    const level = Math.min(6, Math.max(1, Math.round(this.headingLevel) || 2));
    const creating = this.creating;
    return html`<form part="agreements" lang=${this.locale.markedLang ?? nothing} aria-labelledby="new-heading" aria-describedby="new-intro" @submit=${this.onCreate}>
      <div part="heading" id="new-heading" role="heading" aria-level=${level} tabindex="-1">${t.facebookNewHeading}</div>
      <p part="intro" id="new-intro">${t.facebookNewIntro}</p>
      ${names.length
        ? html`<fieldset part="agreement-list">
            <legend>${t.agreementsLegend} <span part="optional">${t.optional}</span></legend>
            ${names.map(
              (name) => html`<label part="checkbox"><input type="checkbox" name=${`agreement-${name}`} /> <span>${t.agreements[name]}</span></label>`,
            )}
          </fieldset>`
        : nothing}
      <div part="actions">
        <button part="confirm" type="submit" aria-disabled=${creating ? 'true' : nothing}>
          ${creating
            ? html`<span data-busy aria-hidden="true">${t.facebookCreate}<span part="spinner"></span></span><span class="sr-only">${t.facebookCreating}</span>`
            : t.facebookCreate}
        </button>
        <button part="cancel" type="button" @click=${this.onCancel}>${t.cancel}</button>
      </div>
    </form>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  /** Fetches the SDK when a press is likely (pointer over, focus), so the press can open the pop-up at once. */
  private readonly prepare = () => {
    if (this.preview) return;
    const appId = this.configuredAppId;
    if (!appId) return;
    loadFacebookSdk(this.sdkUrl, appId, this.sdkVersion).then(
      (sdk) => this.learnLoginStatus(sdk),
      () => undefined, // a press will say so
    );
  };

  private learnLoginStatus(sdk: FacebookSdk): void {
    try {
      sdk.getLoginStatus((response) => {
        const auth = response?.status === 'connected' ? response.authResponse : null;
        this.knownLogin = auth?.accessToken ? { token: auth.accessToken, until: Date.now() + Math.max(0, (auth.expiresIn ?? 0) - 60) * 1000 } : null;
      });
    } catch {
      this.knownLogin = null;
    }
  }

  private readonly onClick = () => {
    if (this.preview || this.step !== 'idle') return;
    const client = this.session.client;
    if (!client) return this.fail(notConfigured(this));
    if (client.isSignedIn()) return this.fail(new SnrError('SIGNED_IN', 'A customer is already signed in'));
    const attempt = ++this.attempt;
    this.notice = null;
    this.step = 'busy';
    const appId = this.configuredAppId;
    const sdk = appId ? loadedFacebookSdk() : null;
    // Everything at hand: open Facebook's window inside the click, where pop-up blockers allow it.
    if (sdk) return void this.logIn(sdk, client, attempt);
    void this.loadThenLogIn(client, attempt);
  };

  private async loadThenLogIn(client: Client, attempt: number): Promise<void> {
    let sdk: FacebookSdk;
    try {
      const appId = this.appId || (await client.getPublicConfig()).facebookAppId;
      if (!appId) {
        this.unavailable = true;
        return this.fail(new SnrError('PROVIDER_UNAVAILABLE', 'No Facebook app is configured'), (t) => t.facebookUnavailable, attempt);
      }
      sdk = await loadFacebookSdk(this.sdkUrl, appId, this.sdkVersion);
    } catch (err) {
      const error = asSnrError(err);
      return this.fail(error, error.code === 'PROVIDER_UNAVAILABLE' ? (t) => t.facebookSdkFailed : undefined, attempt);
    }
    if (attempt !== this.attempt) return;
    await this.logIn(sdk, client, attempt);
  }

  /** Asks Facebook who the person is (its pop-up), then signs in with the token it gives. */
  private async logIn(sdk: FacebookSdk, client: Client, attempt: number): Promise<void> {
    const known = this.knownLogin;
    if (known && known.until > Date.now()) {
      this.knownLogin = null;
      return this.signIn(client, known.token, attempt);
    }
    const startedAt = Date.now();
    const watch = watchLoginWindow();
    let answered = false;
    const answer = await new Promise<FacebookLoginResponse | null>((resolve) => {
      const grace = setTimeout(() => {
        if (!answered && !watch.seen()) resolve(null);
      }, POPUP_GRACE_MS);
      try {
        sdk.login(
          (response) => {
            answered = true;
            clearTimeout(grace);
            resolve(response ?? { status: 'unknown', authResponse: null });
            // A pop-up the browser let through after all answers late: use its token if nothing else began.
            const late = attempt !== this.attempt && this.isConnected && !this.preview && this.step === 'idle';
            if (late && response?.authResponse?.accessToken && !client.isSignedIn()) {
              const retry = ++this.attempt;
              this.notice = null;
              this.step = 'busy';
              void this.signIn(client, response.authResponse.accessToken, retry);
            }
          },
          { scope: FACEBOOK_SCOPE, return_scopes: true },
        );
      } catch (err) {
        clearTimeout(grace);
        resolve({ status: 'error', authResponse: null });
        console.error('snr-facebook-button: FB.login failed', err);
      }
    });
    watch.stop();
    if (attempt !== this.attempt) return;
    const token = answer?.authResponse?.accessToken;
    if (token) return this.signIn(client, token, attempt);
    if (answer?.status === 'error') return this.fail(new SnrError('PROVIDER_UNAVAILABLE', 'FB.login failed'), (t) => t.facebookSdkFailed, attempt);
    const blocked = answer === null || (!watch.seen() && Date.now() - startedAt < POPUP_GRACE_MS);
    if (blocked) {
      // Done waiting: a late answer is still taken (above), so this attempt is over.
      this.attempt++;
      return this.fail(new SnrError('POPUP_BLOCKED', 'Facebook\'s log-in window did not open (a pop-up blocker?)'), undefined, this.attempt);
    }
    this.fail(new SnrError('PROVIDER_CANCELLED', 'The Facebook log-in was closed without signing in'), undefined, attempt);
  }

  /** The conditional sign-in: a known customer is signed in; a new one gets the agreements step. */
  private async signIn(client: Client, token: string, attempt: number): Promise<void> {
    try {
      const { status } = await client.authenticateByFacebookRegistered(token, { cause: this });
      if (attempt !== this.attempt) return;
      switch (status) {
        case 'SUCCESS':
          return this.done();
        case 'REGISTRATION_REQUIRED':
          this.pendingToken = token;
          this.step = 'agreements';
          this.focusNext = 'new-heading';
          return;
        case 'ACTIVATION_REQUIRED':
          return this.fail(new SnrError('ACTIVATION_REQUIRED', 'The account is not activated yet'), undefined, attempt);
        default:
          return this.fail(new SnrError('PROVIDER_REJECTED', `The server answered ${status}`), undefined, attempt);
      }
    } catch (err) {
      if (attempt === this.attempt) this.fail(asSnrError(err), undefined, attempt);
    }
  }

  private readonly onCreate = async (e: SubmitEvent) => {
    e.preventDefault();
    const token = this.pendingToken;
    const client = this.session.client;
    if (!token || !client || this.creating) return;
    const form = e.currentTarget as HTMLFormElement;
    const agreements = Object.fromEntries(
      this.agreementNames.map((name) => [name, (form.elements.namedItem(`agreement-${name}`) as HTMLInputElement | null)?.checked ?? false]),
    );
    const attempt = this.attempt;
    this.creating = true;
    this.notice = null;
    try {
      await client.authenticateByFacebook(token, this.agreementNames.length ? { agreements } : {}, { cause: this });
      if (attempt !== this.attempt) return;
      this.done();
    } catch (err) {
      if (attempt !== this.attempt) return;
      // The step stays: the customer may try again or cancel.
      const error = asSnrError(err);
      this.notice = { tone: 'error', text: errorText(error) };
      raise(this, error, 'facebook', this.t);
    } finally {
      this.creating = false;
    }
  };

  private readonly onCancel = () => {
    this.attempt++;
    this.pendingToken = null;
    this.notice = null;
    this.step = 'idle';
    this.focusNext = 'button';
  };

  private done(): void {
    this.pendingToken = null;
    this.notice = { tone: 'success', text: (t) => t.signedIn };
    if (this.step === 'agreements') this.focusNext = 'button';
    this.step = 'idle';
  }

  /** Shows why, and tells the site (`snr-error`). */
  private fail(error: SnrError, text: Message = errorText(error), attempt = this.attempt): void {
    if (attempt !== this.attempt) return;
    this.pendingToken = null;
    this.step = 'idle';
    this.notice = { tone: 'error', text };
    raise(this, error, 'facebook', this.t, text);
  }

  private applyPreview(): void {
    this.attempt++;
    this.pendingToken = null;
    this.creating = false;
    this.notice = null;
    this.step = 'idle';
    switch (this.preview) {
      case 'busy':
        this.step = 'busy';
        break;
      case 'agreements':
        this.step = 'agreements';
        break;
      case 'error':
        this.notice = { tone: 'error', text: errorText(new SnrError('POPUP_BLOCKED', '')) };
        break;
      case 'unavailable':
        this.notice = { tone: 'error', text: (t) => t.facebookUnavailable };
        break;
    }
  }
}
