import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { SnrError } from '../../api/errors.js';
import type { AuthCondition } from '../../contract/schemas.js';
import { SnrViewChangeEvent } from '../../events/snr-view-change.js';
import type { ConditionalSignInOptions } from '../../session/index.js';
import { loadCapability } from '../shared/capabilities.js';
import { asSnrError, errorText, notConfigured, raise } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { signinStyles } from './snr-signin.styles.js';
import { type SignInStep, type SignInStepFactory, type SignInStepHost, signInStepFor } from './steps.js';

/** Seconds before "Send a new code" can be used again after a code was sent. */
const PIN_RESEND_COOLDOWN_S = 30;

type View = 'sign-in' | 'forgot' | 'forgot-sent';

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
 * account awaiting the site's approval (`APPROVAL_REQUIRED`), and, for a status without a step of
 * its own (`MFA_REQUIRED` until its step exists), a plain message with the way back.
 *
 * Light DOM: style inner pieces with `snr-signin [part~="name"]`; every rule of the kit has zero
 * specificity, so yours win.
 *
 * @slot signed-in - Shown instead of the form while a customer is signed in (a child with `slot="signed-in"`). Default: a short note and a sign-out button.
 *
 * @event snr-signed-in - A customer signed in. `detail: { clientId, uuid, origin, remote }`.
 * @event snr-signed-out - The customer signed out with the button shown while signed in.
 * @event snr-error - A request failed. `detail: { code, message, action, status, retryAfter? }`.
 * @event snr-view-change - Another step is shown (`sign-in`, `forgot`, `forgot-sent`). `detail: { from, to }`.
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
 * @csspart step - A step after the credentials (`data-step="terms|approval|unsupported"`; also `panel` when it has no form).
 * @csspart terms-link - The link to the site's terms in the terms step (opens a new tab).
 * @csspart terms-accept - The "I accept the terms" checkbox of the terms step (also `checkbox`).
 */
export class SnrSignin extends LightElement {
  @state() private view: View = 'sign-in';
  /** The email the customer typed last: carried between views. */
  @state() private email = '';
  /** Set when the server said the account awaits activation: offers to resend the email. */
  @state() private pendingActivation: string | null = null;
  /** The step a conditional answer asked for, while it is shown. */
  @state() private pending: { status: string; conditions: AuthCondition[] } | null = null;
  /** Kept only while a step is open: the step's answer is sent with them again. */
  private credentials: { email: string; password: string } | null = null;
  private readonly steps = new Map<string, SignInStep>();
  /** The `pin` mode's code step, once its capability is loaded. */
  private pinStep: SignInStepFactory | undefined;

  protected readonly kit = lightElementKit(this, [signinStyles]);
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

  protected override updated(): void {
    lightSlot(this, 'signed-in', this.signedIn);
    if (this.focusNext) {
      (this.querySelector(`#${this.focusNext}`) as HTMLElement | null)?.focus();
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
    if (this.pending) return this.stepFor(this.pending.status).render(this.pending.conditions);
    if (this.view === 'forgot') return this.renderForgot();
    const f = this.signInForm;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-heading`, this.headingLevel, t.signInHeading)}
      ${f.field({ name: 'email', type: 'email', label: t.email, autocomplete: 'username', required: true, value: this.email })}
      ${f.field({ name: 'password', type: 'password', label: t.password, autocomplete: 'current-password', required: true })}
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
      <div part="actions">
        ${f.submitButton(t.signInSubmit, t.signInBusy)}
        <button part="link forgot" type="button" @click=${this.openForgot}>${t.forgotPassword}</button>
      </div>
    </form>`;
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
    switch (result.status) {
      case 'SUCCESS':
        this.closeStep();
        this.signInForm.reset();
        this.focusNext = `${this.signInForm.id}-done`;
        return;
      case 'UNAUTHORIZED':
        this.closeStep();
        throw new SnrError('INVALID_CREDENTIALS', 'Wrong email or password', { status: 401 });
      case 'ACTIVATION_REQUIRED':
        if (result.conditions.some((c) => c.type === 'PIN_ACTIVATION')) {
          // The `pin` mode: the code step (loaded now; a failed load is the form's error, and sending again retries it).
          const { pinActivationStep } = await loadCapability('pin');
          this.pinStep ??= pinActivationStep(
            () => this.kit.session.client,
            () => PIN_RESEND_COOLDOWN_S,
          );
          this.credentials = { email, password };
          this.pending = { status: 'PIN_ACTIVATION', conditions: result.conditions };
          this.focusNext = this.stepHeadingId;
          return;
        }
        this.closeStep();
        this.pendingActivation = email;
        throw new SnrError('ACTIVATION_REQUIRED', 'The account is not activated yet', { status: 403 });
      default:
        this.credentials = { email, password };
        this.pending = { status: result.status, conditions: result.conditions };
        this.focusNext = this.stepHeadingId;
    }
  }

  private get stepHeadingId(): string {
    return `${this.signInForm.id}-step-heading`;
  }

  private stepFor(status: string): SignInStep {
    let step = this.steps.get(status);
    if (!step) {
      const self = this;
      const host: SignInStepHost = {
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
        continueSignIn: (options) => {
          const credentials = this.credentials;
          if (!credentials) return Promise.resolve(this.backFromStep());
          return this.attempt(credentials.email, credentials.password, options);
        },
        back: () => this.backFromStep(),
      };
      step = (status === 'PIN_ACTIVATION' && this.pinStep ? this.pinStep : signInStepFor(status))(host);
      this.steps.set(status, step);
    }
    return step;
  }

  private closeStep(): void {
    this.pending = null;
    this.credentials = null;
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

  private show(view: View): void {
    const from = this.view;
    this.view = view;
    if (from !== view) dispatch(this, new SnrViewChangeEvent({ from, to: view }));
    this.pendingActivation = null;
    this.signInForm.summary = null;
    const form = view === 'forgot' ? this.forgotForm : this.signInForm;
    this.focusNext = view === 'forgot-sent' ? `${this.signInForm.id}-sent` : `${form.id}-heading`;
  }
}
