import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { SnrError } from '../../api/errors.js';
import type { AuthCondition } from '../../contract/schemas.js';
import { SnrViewChangeEvent } from '../../events/snr-view-change.js';
import type { ConditionalSignInOptions } from '../../session/index.js';
import { type Capability, loadCapability } from '../shared/capabilities.js';
import { ConfigController } from '../shared/config-controller.js';
import { asSnrError, errorText, notConfigured, raise } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { buttonContent, dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { signinStyles } from './snr-signin.styles.js';
import { type SignInHost, type SignInStep, type SignInStepFactory, signInStepFor } from './steps.js';

type View = 'sign-in' | 'forgot' | 'forgot-sent' | 'code';
type EmailCodeFlow = ReturnType<Capability<'email-code'>['emailCodeFlow']>;
type PasskeyPart = ReturnType<Capability<'passkeys'>['signInPasskeys']>;

/**
 * @tagname snr-signin
 * @summary Sign-in with email and password, and the "forgot your password?" path.
 *
 * Renders a native form in light DOM (password managers fill it): `autocomplete="username"` and
 * `current-password`. Wrong credentials, an account not yet activated (with a resend button) and
 * too many attempts (with when to try again) each get their own message. The reset request always
 * answers the same way, whether or not the email has an account.
 *
 * Signs in conditionally: when the server answers that something stands before a token, the step
 * registered for that status is shown (`registerSignInStep`): the site's updated terms to accept
 * (`TERMS_ACCEPTANCE_REQUIRED`, then the sign-in is sent again with the accepted version), an
 * account awaiting the site's approval (`APPROVAL_REQUIRED`), the second factor (`MFA_REQUIRED`: a
 * code of the customer's authenticator app, `autocomplete="one-time-code"`, or a recovery code; its
 * code loads with the step, from the `second-factor` capability), and, for a status without a step
 * of its own, a plain message with the way back.
 *
 * Passkeys: with `methods` naming `passkey` and the server's passkeys on (`/snr/config`), the form
 * offers "Sign in with a passkey" (the browser's passkey dialog; the typed email, if any, narrows it
 * to that account's passkeys) and passkey autofill: the email field is `autocomplete="username
 * webauthn"` and a conditional request waits for the customer to pick a passkey from the browser's
 * suggestions. The button, the autofill and the WebAuthn code load only then (the `passkeys`
 * capability): the button shows once they have.
 *
 * `methods` chooses the ways in it offers, among those the server has on (`/snr/config`): with
 * `code`, "Email me a code" mails a 6-digit code and shows the code step (`autocomplete="one-time-code"`,
 * a whole code pasted is sent at once, "Send a new code" after the server's wait, "Use my password
 * instead"); a form without `password` asks for the email alone. The code steps are a capability
 * (`src/capabilities/email-code/`), loaded when first shown.
 *
 * Light DOM: style inner pieces with `snr-signin [part~="name"]`; every rule of the kit has zero
 * specificity, so yours win.
 *
 * @slot signed-in - Shown instead of the form while a customer is signed in (a child with `slot="signed-in"`). Default: a short note and a sign-out button.
 *
 * @event snr-signed-in - A customer signed in. `detail: { clientId, uuid, origin, remote }`.
 * @event snr-signed-out - The customer signed out with the button shown while signed in.
 * @event snr-error - A request failed. `detail: { code, message, action, status, retryAfter? }`.
 * @event snr-view-change - Another step is shown (`sign-in`, `forgot`, `forgot-sent`, `code`). `detail: { from, to }`.
 *
 * @csspart heading - The title of each view.
 * @csspart intro - The text under the title of the reset view.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's label.
 * @csspart input - Text inputs.
 * @csspart error - A field's error message.
 * @csspart reveal - The password visibility toggle inside the field (`aria-pressed`; `reveal-icon` its icon; `input-wrap` holds it with the input).
 * @csspart summary - The live region with the form's outcome (`data-tone="error|success|info"`).
 * @csspart actions - The row of buttons.
 * @csspart button - Buttons (`submit` the main one, `secondary` the others).
 * @csspart link - Buttons that look like links ("forgot your password?", "back").
 * @csspart forgot - "Forgot your password?" (also `link`).
 * @csspart back - "Back to sign in" (also `link`).
 * @csspart resend - "Send the activation email again", shown after a sign-in refused for a pending account (also `button secondary`).
 * @csspart panel - A view without a form (signed in, reset link sent).
 * @csspart spinner - Progress shown in a busy button (over its label, which keeps its place).
 * @csspart button-label - The text of a button.
 * @csspart step - A step after the credentials (`data-step="terms|approval|mfa|unsupported"`; also `panel` when it has no form).
 * @csspart mode - The second-factor step's switch between the app's code and a recovery code (also `link`).
 * @csspart terms-link - The link to the site's terms in the terms step (opens a new tab; also `link`).
 * @csspart terms-accept - The "I accept the terms" checkbox of the terms step (also `checkbox`).
 * @csspart passkey - "Sign in with a passkey" (also `button secondary`).
 * @csspart code-request - "Email me a code" under the password form (also `button secondary`).
 * @csspart code - The code step (also `step`, `data-step="code"`); `code-intro` its text naming the address.
 * @csspart use-password - "Use my password instead" in the code steps (also `link`).
 * @csspart resend-wait - The countdown before "Send a new code" can be used again.
 * @csspart resend-status - The live region of "Send a new code".
 */
export class SnrSignin extends LightElement {
  /**
   * The ways to sign in this form offers, space-separated: `password`, `code` (an emailed one-time
   * code), `passkey`. Only those the server has on (`/snr/config` `signInMethods`) are offered; unset,
   * all of them; none left, `password`.
   */
  @property() methods: string | undefined;
  @state() private view: View = 'sign-in';
  /**
   * The passkey button and autofill once their capability has loaded (none meanwhile: the password
   * form works); `passkeyLoad` while it loads, or `failed`: tried again when the form shows anew.
   */
  @state() private passkey: PasskeyPart | null = null;
  private passkeyLoad: 'busy' | 'failed' | null = null;
  /** The email the customer typed last: carried between views. */
  @state() private email = '';
  /** Set when the server said the account awaits activation: offers to resend the email. */
  @state() private pendingActivation: string | null = null;
  /** The step a conditional answer asked for, while it is shown. */
  @state() private pending: { status: string; conditions: AuthCondition[]; factory: SignInStepFactory } | null = null;
  /** Kept only while a step is open: sends the sign-in again (same credentials) with the step's answer. */
  private resume: ((options: Omit<ConditionalSignInOptions, 'cause'>) => Promise<void>) | null = null;
  /** The email-code flow once its capability has loaded; `codeLoad` while it loads, or why it did not. */
  private code: EmailCodeFlow | null = null;
  @state() private codeLoad: 'busy' | SnrError | null = null;
  private readonly steps = new Map<string, SignInStep>();

  protected readonly kit = lightElementKit(this, [signinStyles]);
  private readonly config = new ConfigController(this, this.kit.session);
  private readonly signInForm = new FormController<{ email: string; password: string }>(this, {
    t: () => this.t,
    action: 'sign-in',
    busy: (t) => t.signInBusy,
    fieldFor: { INVALID_CREDENTIALS: 'password' },
    submit: (values) => this.signIn(values),
  });
  private readonly forgotForm = new FormController<{ email: string }>(this, {
    t: () => this.t,
    action: 'request-password-reset',
    busy: (t) => t.forgotBusy,
    submit: (values) => this.requestReset(values),
  });
  private resendBusy = false;
  private focusNext: string | null = null;
  /** What the steps and the ways in that are capabilities (passkeys, the emailed code) get of the element: one for all. */
  private readonly signInHost: SignInHost = (() => {
    const self = this;
    return {
      element: this,
      get t() {
        return self.t;
      },
      get headingLevel() {
        return self.headingLevel;
      },
      get headingId() {
        return self.stepHeadingId;
      },
      get email() {
        return self.email;
      },
      form: this.signInForm,
      get offersPassword() {
        return self.has('password');
      },
      client: () => this.client(),
      settle: (result, email, wrong, resume) => {
        this.email = email;
        return this.settle(result, email, wrong, resume);
      },
      signedIn: () => {
        this.signInForm.reset();
        this.focusNext = `${this.signInForm.id}-done`;
      },
      continueSignIn: (options) => (this.resume ? this.resume(options) : Promise.resolve(this.backFromStep())),
      back: () => this.backFromStep(),
      done: () => {
        this.closeStep();
        this.signInHost.signedIn();
      },
      backToPassword: (email) => {
        this.email = email;
        this.show('sign-in');
      },
      focus: (id) => {
        this.focusNext = id;
      },
    };
  })();

  private has(method: string): boolean {
    return this.offeredMethods.includes(method);
  }

  /** Codes without a password: the form is the code flow's (its email form first). */
  private get codeFirst(): boolean {
    return !this.has('password') && this.has('code');
  }

  /** Passkeys are offered: asked for by `methods`, and on at the server. */
  private get passkeys(): boolean {
    return this.has('passkey') && this.config.config?.passkeys === true;
  }

  /** The ways in offered: those `methods` names (default: the server's) that the server has on. */
  get offeredMethods(): string[] {
    const on = this.config.config?.signInMethods;
    const named = this.methods?.split(/\s+/).filter(Boolean);
    // Unset: the server's methods, but a passkey only when named (its autofill loads the WebAuthn code at once).
    const asked = named?.length ? named : (on ?? ['password']).filter((m) => m !== 'passkey');
    const both = on ? asked.filter((m) => on.includes(m)) : asked;
    return both.length ? both : ['password'];
  }

  private get signedIn(): boolean {
    return this.kit.session.view === 'signed-in';
  }

  /** The step shown: `sign-in`, `forgot` (the reset request) or `forgot-sent`; set it to open one (as `<snr-auth>` does). */
  get step(): View {
    return this.view;
  }
  set step(step: View) {
    if (step !== this.view && (step === 'sign-in' || step === 'forgot' || step === 'forgot-sent')) this.show(step);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.passkey?.autofill(null);
    this.code?.close();
  }

  protected override updated(): void {
    lightSlot(this, 'signed-in', this.signedIn);
    // Passkeys are opt-in (`methods`): their button and autofill load as the form shows.
    if (this.passkeys && !this.passkey && !this.passkeyLoad && this.isConnected) {
      this.passkeyLoad = 'busy';
      loadCapability('passkeys').then(
        (m) => {
          this.passkey = m.signInPasskeys(this.signInHost);
          this.passkeyLoad = null;
        },
        () => (this.passkeyLoad = 'failed'),
      );
    }
    this.passkey?.autofill(this.passkeys && !this.signedIn && this.view === 'sign-in' && !this.pending && this.isConnected ? this.kit.session.client : null);
    // A form with codes and without a password shows the code flow's email form first: load it now.
    if (!this.code && this.codeLoad === null && !this.signedIn && this.view === 'sign-in' && this.codeFirst) void this.openCode(null);
    // Kept until its target shows: the code flow names its heading before the element switches view.
    const target = this.focusNext && (this.querySelector(`#${this.focusNext}`) as HTMLElement | null);
    if (target) {
      target.focus();
      this.focusNext = null;
    }
  }

  protected override render() {
    const t = this.t;
    const id = this.signInForm.id;
    if (this.signedIn) {
      if (lightSlot(this, 'signed-in', true)) return nothing;
      return html`<div part="panel">
        <p part="summary" data-tone="success" role="status" id=${`${id}-done`} tabindex="-1">${t.signedIn}</p>
        <div part="actions"><button part="button secondary" type="button" @click=${this.signOut}>${t.signOut}</button></div>
      </div>`;
    }
    if (this.view === 'forgot-sent') {
      return html`<div part="panel">
        ${heading(`${id}-sent`, this.headingLevel, t.forgotHeading)}
        <div part="summary" role="status" data-tone="success">${t.forgotSent(this.email)}</div>
        <div part="actions"><button part="link back" type="button" @click=${() => this.show('sign-in')}>${t.backToSignIn}</button></div>
      </div>`;
    }
    if (this.pending) return this.stepFor(this.pending.status, this.pending.factory).render(this.pending.conditions);
    if (this.view === 'forgot') return this.renderForgot();
    const offered = this.offeredMethods;
    if (this.view === 'code' || this.codeFirst) return this.renderCode();
    const f = this.signInForm;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-heading`, this.headingLevel, t.signInHeading)}
      ${f.field({ name: 'email', type: 'email', label: t.email, autocomplete: this.passkeys ? 'username webauthn' : 'username', required: true, value: this.email })}
      ${this.has('password') ? f.field({ name: 'password', type: 'password', label: t.password, autocomplete: 'current-password', required: true }) : nothing}
      ${f.summaryRegion()}
      ${
        this.pendingActivation
          ? html`<div part="actions">
            <button part="button secondary resend" type="button" aria-disabled=${this.resendBusy ? 'true' : nothing} @click=${this.resendActivation}>
              ${t.resendActivation}
            </button>
          </div>`
          : nothing
      }
      ${
        this.has('password')
          ? html`<div part="actions">
            ${f.submitButton(t.signInSubmit, t.signInBusy)}
            <button part="link forgot" type="button" @click=${this.openForgot}>${t.forgotPassword}</button>
          </div>`
          : nothing
      }
      ${this.passkeys ? this.passkey?.render() : nothing}
      ${
        offered.includes('code')
          ? html`<div part="actions"><button part="button secondary code-request" type="button" aria-disabled=${this.codeLoad === 'busy' ? 'true' : nothing} @click=${this.emailMeACode}>
              ${buttonContent(t.codeRequest, t.codeLoading, this.codeLoad === 'busy')}
            </button></div>`
          : nothing
      }
    </form>`;
  }

  /** The email-code steps (the capability), or its loading state, or why it did not load with a way to try again. */
  private renderCode() {
    if (this.code) return this.code.render();
    const t = this.t;
    const failed = this.codeLoad instanceof SnrError ? this.codeLoad : null;
    return html`<div part="panel">
      <p part="summary" role="status" data-tone=${failed ? 'error' : 'info'}>${failed ? errorText(failed)(t) : t.codeLoading}</p>
      ${failed ? html`<div part="actions"><button part="button secondary" type="button" @click=${() => this.openCode(null)}>${t.retry}</button></div>` : nothing}
    </div>`;
  }

  private renderForgot() {
    const t = this.t;
    const f = this.forgotForm;
    const id = f.id;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-describedby=${`${id}-intro`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-heading`, this.headingLevel, t.forgotHeading)}
      <p part="intro" id=${`${id}-intro`}>${t.forgotIntro}</p>
      ${f.field({ name: 'email', type: 'email', label: t.email, autocomplete: 'username', required: true, value: this.email })}
      ${f.summaryRegion()}
      <div part="actions">
        ${f.submitButton(t.forgotSubmit, t.forgotBusy)}
        <button part="link back" type="button" @click=${() => this.show('sign-in')}>${t.backToSignIn}</button>
      </div>
    </form>`;
  }

  // ---- actions --------------------------------------------------------------------------------------

  private client() {
    const client = this.kit.session.client;
    if (!client) throw notConfigured(this);
    return client;
  }

  private signIn({ email, password }: { email: string; password: string }): Promise<void> {
    return this.attempt(email, password, {});
  }

  /**
   * One conditional sign-in: a token ends the flow; wrong credentials and a pending activation are
   * errors of the form (as before); any other status opens its step, which may send it again.
   */
  private async attempt(email: string, password: string, extra: Omit<ConditionalSignInOptions, 'cause'>): Promise<void> {
    const client = this.client();
    this.email = email;
    this.pendingActivation = null;
    let result: Awaited<ReturnType<typeof client.signInConditionally>>;
    try {
      result = await client.signInConditionally(email, password, { ...extra, cause: this });
    } catch (err) {
      if (asSnrError(err).code === 'ACTIVATION_REQUIRED') this.pendingActivation = email;
      throw err;
    }
    await this.settle(result, email, 'INVALID_CREDENTIALS', (options) => this.attempt(email, password, options));
  }

  /** A conditional answer: a token ends the flow; a refusal is the form's error; any other status opens its step, which may `resume`. */
  private async settle(...[result, email, wrong, resume]: Parameters<SignInHost['settle']>): Promise<void> {
    switch (result.status) {
      case 'SUCCESS':
        this.closeStep();
        this.signInForm.reset();
        this.code?.close();
        this.view = 'sign-in';
        this.focusNext = `${this.signInForm.id}-done`;
        return;
      case 'UNAUTHORIZED':
        this.closeStep();
        throw new SnrError(wrong, 'Wrong credentials', { status: 401 });
      case 'ACTIVATION_REQUIRED':
        // The `pin` mode: the code from the activation mail, as a step (then the sign-in is sent again).
        if (result.conditions.some((c) => c.type === 'PIN_ACTIVATION')) return this.openStep('PIN_ACTIVATION', result.conditions, resume);
        this.closeStep();
        this.pendingActivation = email;
        throw new SnrError('ACTIVATION_REQUIRED', 'The account is not activated yet', { status: 403 });
      default:
        return this.openStep(result.status, result.conditions, resume);
    }
  }

  /**
   * Opens the step for a status (or `PIN_ACTIVATION`, see steps.ts). Its code may load now (a
   * capability): the form stays busy meanwhile, and a failed load is the form's error (sending
   * again retries it).
   */
  private async openStep(status: string, conditions: AuthCondition[], resume: NonNullable<SnrSignin['resume']>): Promise<void> {
    const factory = await signInStepFor(status);
    this.resume = resume;
    this.pending = { status, conditions, factory };
    this.focusNext = this.stepHeadingId;
  }

  /** "Email me a code": with a valid email typed, the code is sent at once; otherwise the email form of the code flow opens. */
  private readonly emailMeACode = () => {
    const input = this.querySelector('input[name="email"]') as HTMLInputElement | null;
    const email = input?.value.trim() ?? '';
    void this.openCode(email && input?.checkValidity() ? email : null, email);
  };

  /** Loads the capability once, then sends a code to `sendTo` (its step follows) or shows the email form. */
  private async openCode(sendTo: string | null, typed = this.email): Promise<void> {
    if (this.codeLoad === 'busy') return;
    if (!this.code) {
      this.codeLoad = 'busy';
      try {
        const { emailCodeFlow } = await loadCapability('email-code');
        this.code = emailCodeFlow(this.signInHost);
        this.codeLoad = null;
      } catch (err) {
        const error = new SnrError('NETWORK_ERROR', `The email-code step did not load: ${err}`, { cause: err });
        // Said where the customer asked: the code-only form's panel (with "Try again"), else the password form ("Email me a code" tries again).
        this.codeLoad = this.codeFirst ? error : null;
        if (!this.codeFirst) this.signInForm.fail(error);
        return;
      }
    }
    if (sendTo === null) this.code.ask(typed);
    else {
      this.codeLoad = 'busy';
      try {
        await this.code.send(sendTo);
      } catch (err) {
        this.signInForm.fail(err);
        return;
      } finally {
        this.codeLoad = null;
      }
    }
    this.show('code', false);
  }

  private get stepHeadingId(): string {
    return `${this.signInForm.id}-step-heading`;
  }

  private stepFor(status: string, factory: SignInStepFactory): SignInStep {
    let step = this.steps.get(status);
    if (!step) {
      step = factory(this.signInHost);
      this.steps.set(status, step);
    }
    return step;
  }

  private closeStep(): void {
    this.pending = null;
    this.resume = null;
    // The code step starts afresh next time (its resend countdown, its field).
    this.steps.delete('PIN_ACTIVATION');
  }

  private backFromStep(): void {
    this.closeStep();
    this.show('sign-in');
  }

  private readonly resendActivation = async () => {
    const email = this.pendingActivation;
    if (!email || this.resendBusy) return;
    this.resendBusy = true;
    this.requestUpdate();
    try {
      await this.client().requestAccountActivation(email);
      this.signInForm.show({ tone: 'success', message: (t) => t.activationResent(email) });
      this.pendingActivation = null;
    } catch (err) {
      const error = asSnrError(err);
      this.signInForm.show({ tone: 'error', message: errorText(error) });
      raise(this, error, 'resend-email', this.t);
    } finally {
      this.resendBusy = false;
      this.requestUpdate();
    }
  };

  private readonly openForgot = () => {
    const typed = (this.querySelector('input[name="email"]') as HTMLInputElement | null)?.value;
    if (typed !== undefined) this.email = typed;
    this.show('forgot');
  };

  private async requestReset({ email }: { email: string }): Promise<void> {
    await this.client().requestPasswordReset(email);
    this.email = email;
    this.forgotForm.reset();
    this.show('forgot-sent');
  }

  private readonly signOut = async () => {
    const client = this.kit.session.client;
    if (!client) return;
    try {
      await client.signOut({ cause: this });
    } catch (err) {
      raise(this, asSnrError(err), 'sign-out', this.t);
    }
  };

  /** `focus`: move focus to the view's heading (the code flow says where focus goes itself). */
  private show(view: View, focus = true): void {
    const from = this.view;
    this.view = view;
    if (this.passkeyLoad === 'failed') this.passkeyLoad = null;
    if (from !== view) dispatch(this, new SnrViewChangeEvent({ from, to: view }));
    this.pendingActivation = null;
    this.signInForm.summary = null;
    if (view !== 'code') this.code?.close();
    if (!focus) return;
    const form = view === 'forgot' ? this.forgotForm : this.signInForm;
    this.focusNext = view === 'forgot-sent' ? `${this.signInForm.id}-sent` : `${form.id}-heading`;
  }
}
