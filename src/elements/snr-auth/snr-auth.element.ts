import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SnrRegisteredEvent } from '../../events/snr-registered.js';
import { type SnrActionEvent, type SnrAuthView, type SnrViewChangeEvent, SnrViewChangeEvent as ViewChange } from '../../events/snr-view-change.js';
import type { HubChange } from '../../page/session-hub.js';
import { dispatch, heading, lightElementKit } from '../shared/kit.js';
import { uniqueId } from '../shared/light-dom.js';
import { LightElement } from '../shared/light-element.js';
import type { SnrSignin } from '../snr-signin/snr-signin.element.js';
import { authStyles } from './snr-auth.styles.js';

const VIEWS: readonly SnrAuthView[] = ['signin', 'register', 'forgot', 'account'];
const isView = (v: unknown): v is SnrAuthView => typeof v === 'string' && (VIEWS as readonly string[]).includes(v);
/** What `history.state` carries for a view of the card. */
const HISTORY_KEY = 'snrAuthView';

/**
 * @tagname snr-auth
 * @summary One card for the whole flow: sign in ↔ create account ↔ forgot password, then the signed-in view (who, the account, change password, sign out).
 *
 * Composes the kit's own elements, never a copy of their forms: `<snr-signin>` (sign-in and the
 * reset request), `<snr-register>`, `<snr-account>` and `<snr-change-password>`. Every step those
 * show for a condition (activation code, terms…) appears inside them. Views change without a page
 * load, from the links under each form ("No account? Create one", "Already have an account? Sign
 * in", "Forgot your password?"), from the actions of an error (EMAIL_TAKEN's "Sign in" / "Reset
 * password") and from the session (signed in: the account; signed out: sign-in). Focus moves to the
 * new view's heading. With `history`, each view is a browser history entry: Back returns to the
 * view before.
 *
 * Light DOM, like the elements it holds (password managers see the forms). Style inner pieces with
 * `snr-auth [part~="name"]`; every rule of the kit has zero specificity, so yours win.
 *
 * @slot brand - Children with `slot="brand"` (a logo, the site's name) sit at the top of the card.
 *
 * @event snr-view-change - Another view is shown. `detail: { from, to }` (`signin`, `register`, `forgot`, `account`; `from` is `null` for the first).
 * @event snr-signed-in - From the sign-in or registration inside (see `<snr-signin>`).
 * @event snr-signed-out - From the account inside (see `<snr-account>`).
 * @event snr-registered - From the registration inside (see `<snr-register>`).
 * @event snr-error - From any element inside.
 *
 * @csspart view - The current view (`data-view` names it).
 * @csspart switch - The line under a form with the link to another view.
 * @csspart switch-link - The link in it (also `link`).
 * @csspart account - The signed-in view.
 * @csspart heading - The signed-in view's title ("Signed in as …").
 * @csspart summary - The signed-in view's notice (the email to confirm).
 * @csspart panel - Shown while the session starts.
 */
export class SnrAuth extends LightElement {
  /** The first view: `signin` (default), `register`, `forgot` or `account` (shown once someone is signed in; `signin` until then). */
  @property({ reflect: false }) view: SnrAuthView = 'signin';
  /** Each view is a browser history entry (`pushState`), so Back returns to the one before. Off by default: the site owns its history. */
  @property({ type: Boolean }) history = false;
  /** Passed to the registration inside (see `<snr-register>`): more profile fields to ask for. */
  @property({ attribute: 'optional-fields' }) optionalFields = '';
  /** Passed to the registration inside: fields that must be filled, e.g. `firstName lastName`. */
  @property({ attribute: 'required-fields' }) requiredFields = '';
  /** Passed to the registration inside: the agreement checkboxes to show; default: those the server lists. */
  @property() agreements: string | undefined;

  /** The view shown now (`null` before the first). */
  @state() private shown: SnrAuthView | null = null;
  /** The signed-in customer's email, for the heading. */
  @state() private email: string | null = null;
  /** A notice carried into the signed-in view (the email to confirm after registering). */
  @state() private notice: string | null = null;

  protected readonly kit = lightElementKit(this, [authStyles], (change) => this.onSession(change));
  private readonly cardId = uniqueId('snr-auth');
  private focusNext = false;

  /** The view shown now. */
  get currentView(): SnrAuthView | null {
    return this.shown;
  }

  /** Shows a view, as its link does (a history entry with `history`; focus to its heading). */
  show(view: SnrAuthView): void {
    if (!isView(view)) return;
    this.go(this.allowed(view), { history: 'push', focus: true });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('snr-view-change', this.onInnerView);
    this.addEventListener('snr-action', this.onAction);
    this.addEventListener('snr-registered', this.onRegistered);
    window.addEventListener('popstate', this.onPopState);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('snr-view-change', this.onInnerView);
    this.removeEventListener('snr-action', this.onAction);
    this.removeEventListener('snr-registered', this.onRegistered);
    window.removeEventListener('popstate', this.onPopState);
  }

  private get signedIn(): boolean {
    return this.kit.session.view === 'signed-in';
  }

  private get settled(): boolean {
    const v = this.kit.session.view;
    return v === 'signed-in' || v === 'anonymous';
  }

  /** A view the session allows: the account only while signed in, and only the account then. */
  private allowed(view: SnrAuthView): SnrAuthView {
    if (this.signedIn) return 'account';
    return view === 'account' ? 'signin' : view;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.shown === null) {
      if (this.settled) this.go(this.allowed(this.view), { history: 'replace', focus: false });
    } else if (changed.has('view') && changed.get('view') !== undefined) {
      this.go(this.allowed(this.view), { history: 'push', focus: true });
    }
  }

  protected override async updated(): Promise<void> {
    this.syncSignin();
    if (!this.focusNext) return;
    this.focusNext = false;
    const view = this.shown;
    const holder = view === 'register' ? this.querySelector('snr-register') : view === 'account' ? null : this.querySelector('snr-signin');
    if (holder) await (holder as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const target =
      view === 'account'
        ? this.querySelector<HTMLElement>(`#${this.cardId}-heading`)
        : (holder?.querySelector<HTMLElement>('[part~="heading"]:not([hidden])') ?? holder?.querySelector<HTMLElement>('[tabindex="-1"]'));
    target?.focus();
  }

  protected override render() {
    const t = this.t;
    const view = this.shown;
    if (view === null) {
      return html`<div part="panel" role="status" aria-live="polite">${t.busy}</div>`;
    }
    const level = this.headingLevel;
    const theme = this.theme ?? nothing;
    return html`<div part="view" data-view=${view}>
      <snr-signin ?hidden=${view !== 'signin' && view !== 'forgot'} heading-level=${level} theme=${theme} .translations=${this.translations}></snr-signin>
      <snr-register
        ?hidden=${view !== 'register'}
        heading-level=${level}
        theme=${theme}
        optional-fields=${this.optionalFields}
        required-fields=${this.requiredFields}
        .agreements=${this.agreements}
        .translations=${this.translations}
      ></snr-register>
      ${view === 'account' ? this.renderAccount() : nothing}
      ${
        view === 'signin'
          ? this.switchLine(t.authNoAccount, t.authCreateAccount, 'register')
          : view === 'register'
            ? this.switchLine(t.authHaveAccount, t.authSignIn, 'signin')
            : nothing
      }
    </div>`;
  }

  private renderAccount() {
    const t = this.t;
    const level = this.headingLevel;
    const theme = this.theme ?? nothing;
    return html`<section part="account" aria-labelledby=${`${this.cardId}-heading`}>
      ${heading(`${this.cardId}-heading`, level, this.email ? t.authSignedInAs(this.email) : t.signedIn)}
      ${this.notice ? html`<p part="summary" data-tone="info" role="status">${this.notice}</p>` : nothing}
      <snr-account heading-level=${level + 1} theme=${theme} .translations=${this.translations}></snr-account>
      <snr-change-password heading-level=${level + 1} theme=${theme} .translations=${this.translations}></snr-change-password>
    </section>`;
  }

  private switchLine(question: string, link: string, to: SnrAuthView) {
    return html`<p part="switch">${question} <button part="link switch-link" type="button" data-to=${to} @click=${() => this.show(to)}>${link}</button></p>`;
  }

  // ---- transitions ------------------------------------------------------------------------------

  private go(to: SnrAuthView, how: { history: 'push' | 'replace' | 'none'; focus: boolean }): void {
    const from = this.shown;
    if (from === to) return;
    this.shown = to;
    this.syncSignin();
    if (to === 'account') this.loadEmail();
    else {
      this.email = null;
      this.notice = null;
    }
    if (this.history && how.history !== 'none') {
      const entry = { ...(typeof window.history.state === 'object' ? window.history.state : {}), [HISTORY_KEY]: to };
      if (how.history === 'push' && from !== null) window.history.pushState(entry, '');
      else window.history.replaceState(entry, '');
    }
    if (how.focus) this.focusNext = true;
    dispatch(this, new ViewChange({ from, to }));
  }

  /** The sign-in element holds both sign-in and the reset request: its step follows the card's view. */
  private syncSignin(): void {
    const signin = this.querySelector<SnrSignin>('snr-signin');
    if (!signin) return;
    if (this.shown === 'forgot' && signin.step === 'sign-in') signin.step = 'forgot';
    if (this.shown === 'signin' && signin.step !== 'sign-in') signin.step = 'sign-in';
  }

  private loadEmail(): void {
    const client = this.kit.session.client;
    if (!client) return;
    client.getAccount().then(
      (account) => {
        if (this.shown === 'account') this.email = account.email;
      },
      () => {
        // The heading says "You are signed in." instead; <snr-account> shows the failure.
      },
    );
  }

  /** Signed in (here, by registering, or in another tab): the account; signed out: sign-in. */
  private onSession(change: HubChange): void {
    if (change.type !== 'session' || this.shown === null) return;
    const kind = change.change.type;
    const remote = change.change.remote === true;
    if (kind === 'signed-in') this.go('account', { history: 'replace', focus: !remote });
    else if (kind === 'signed-out') this.go('signin', { history: 'replace', focus: !remote });
  }

  /** `<snr-signin>` moved between its steps by its own links: the card follows (and reports it as its own view). */
  private readonly onInnerView = (e: SnrViewChangeEvent) => {
    if (e.target === this) return;
    e.stopPropagation();
    if (!(e.target as Element).matches('snr-signin')) return;
    const to: SnrAuthView = e.detail.to === 'sign-in' ? 'signin' : 'forgot';
    // The element moves focus to its own heading.
    this.go(this.allowed(to), { history: 'push', focus: false });
  };

  /** EMAIL_TAKEN's actions: to sign-in or to the reset request, with the email carried over. */
  private readonly onAction = async (e: SnrActionEvent) => {
    e.stopPropagation();
    const { action, email } = e.detail;
    this.show(action === 'sign-in' ? 'signin' : 'forgot');
    await this.updateComplete;
    const signin = this.querySelector<SnrSignin>('snr-signin');
    if (!signin) return;
    await signin.updateComplete;
    const input = signin.querySelector<HTMLInputElement>('input[name="email"]');
    if (input && !input.value) input.value = email;
  };

  private readonly onRegistered = (e: SnrRegisteredEvent) => {
    const { status, email } = e.detail;
    // Carried into the signed-in view the sign-in that follows opens.
    this.notice = status === 'CONFIRMATION_REQUIRED' ? this.t.confirmEmailNotice(email) : null;
  };

  private readonly onPopState = (e: PopStateEvent) => {
    if (!this.history || this.shown === null) return;
    const to = (e.state as Record<string, unknown> | null)?.[HISTORY_KEY];
    if (!isView(to)) return;
    this.go(this.allowed(to), { history: 'none', focus: true });
  };
}

// Re-exported for the type of `detail.to`.
export type { SnrAuthView };
