import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as accountMethods from '../../capabilities/account-methods/index.js';
import type { PinEntry } from '../../capabilities/pin/index.js';
import { parse } from '../../contract/compact.js';
import { FIELDS } from '../../contract/compiled.js';
import type { AgreementName, RegistrationStatus } from '../../contract/schemas.js';
import { SnrRegisteredEvent } from '../../events/snr-registered.js';
import { SnrActionEvent } from '../../events/snr-view-change.js';
import type { ProfileFieldName, Translation } from '../../i18n/index.js';
import type { HubChange } from '../../page/session-hub.js';
import type { RegisterContext } from '../../session/index.js';
import { provideAccountMethods } from '../../session/methods.js';
import { type Capability, loadCapability } from '../shared/capabilities.js';
import { ConfigController } from '../shared/config-controller.js';
import { asSnrError, errorText, type Message, notConfigured, raise } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { buttonContent, dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { NewPasswordFields } from '../shared/password.js';
import { checkProfileField, normalize, type ProfileValues, parseAgreements, parseFields, profileField } from '../shared/profile-fields.js';
import { registerStyles } from './snr-register.styles.js';

// This form submits the Client's account methods: with the element, so its submit never waits for a download.
provideAccountMethods(accountMethods);

interface Outcome {
  status: RegistrationStatus;
  email: string;
  /** The sign-in that follows registration failed (the account exists). */
  signInFailed: boolean;
  /** Said instead of the status's own notice (after activation by code). */
  notice?: Message;
}

/** What the form sends (an agreement's checkbox, `agreement-<name>`, is read from the form). */
type RegisterValues = ProfileValues & { email: string; password: string; confirmPassword: string };

const NAMES: ProfileFieldName[] = ['firstName', 'lastName'];

/**
 * @tagname snr-register
 * @summary Registration: email, password with the policy checked live, names, chosen optional fields and agreements.
 *
 * Renders a native form in light DOM (`autocomplete="username"`, `new-password`). The password
 * policy comes from the server (`/snr/config`): each rule is ticked off as the customer types,
 * and the input carries `minlength` and `passwordrules` for password managers. After sending,
 * it shows what the server's registration mode means: signed in (`automatic`), signed in with a
 * "confirm your email" notice (`confirmation`), or "check your inbox" (`activation`), the last
 * two with a button to send the email again; "waiting for approval" (`approval`). In the `pin`
 * mode it moves straight to a code-entry step: one input for the emailed 6-digit code
 * (`autocomplete="one-time-code"`, numeric keyboard, a pasted code with spaces or dashes taken
 * whole), "Send a new code" after a cooldown, and once the code is right, the customer is signed in.
 *
 * Light DOM: style inner pieces with `snr-register [part~="name"]`; every rule of the kit has
 * zero specificity, so yours win.
 *
 * @slot signed-in - Shown instead of the form while a customer is already signed in (a child with `slot="signed-in"`).
 *
 * @event snr-registered - The account was created. `detail: { status, registrationMode, clientId, uuid, email }`.
 * @event snr-signed-in - The new customer was signed in (automatic and confirmation modes; the pin mode once the code is right).
 * @event snr-error - A request failed. `detail: { code, message, action, status }`.
 * @event snr-action - The customer chose an action of EMAIL_TAKEN. `detail: { action: 'sign-in' | 'reset-password', email }`.
 *
 * @csspart heading - The title of each view.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's label.
 * @csspart optional - The "(optional)" mark of a label.
 * @csspart input - Text inputs and selects.
 * @csspart hint - Help under a label or input.
 * @csspart error - A field's error message.
 * @csspart password-rules - The live list of password rules (`rules` the list, `rule` an item with `data-ok` when met, `rule-icon` its mark, `rule-text` its text).
 * @csspart checkbox - A checkbox with its label ("show password", agreements).
 * @csspart reveal - The password visibility toggle inside the field (`aria-pressed`; `reveal-icon` its icon; `input-wrap` holds it with the input).
 * @csspart error-actions - The actions after an error (EMAIL_TAKEN: `email-taken-sign-in`, `email-taken-reset`).
 * @csspart summary - The live region with the form's outcome (`data-tone="error|success|info"`).
 * @csspart actions - A row of buttons.
 * @csspart button - Buttons (`submit` the main one, `secondary` the others).
 * @csspart link - Buttons that look like links.
 * @csspart spinner - Progress shown in a busy button (over its label, which keeps its place).
 * @csspart button-label - The text of a button.
 * @csspart names - The row holding first and last name.
 * @csspart agreements - The group of agreement checkboxes.
 * @csspart resend - "Send the email again" (also `button secondary`).
 * @csspart resend-status - The live region of the "send again" button.
 * @csspart panel - A view without a form (the outcome, with `data-status`).
 * @csspart pin - The code-entry step of the `pin` mode (a form).
 * @csspart pin-intro - The text under the code step's title (names the address the code went to).
 * @csspart resend-wait - The countdown before "Send a new code" can be used again.
 * @csspart passkey-toggle - "Register with a passkey instead" / "Use a password instead", shown when the server allows registering with a passkey (also `link`).
 * @csspart passkey-intro - What registering with a passkey means, in place of the password fields (also `hint`).
 */
export class SnrRegister extends LightElement {
  /** More profile fields to ask for, after the names: `phone customId displayName sex birthDate company address city province zipCode countryCode avatarUrl`. */
  @property({ attribute: 'optional-fields' }) optionalFields = '';
  /** Fields (of the names and `optional-fields`) that must be filled, e.g. `firstName lastName`. */
  @property({ attribute: 'required-fields' }) requiredFields = '';
  /** Agreement checkboxes to show (`email sms push bluetooth rfid wifi`); default: those the server lists. */
  @property() agreements: string | undefined;
  /** Free attributes the site adds to the new profile (reserved keys are refused by the server). */
  @property({ attribute: false }) profileAttributes: Record<string, unknown> | undefined;
  /** Seconds before "Send a new code" (the `pin` mode) can be used after a code was sent. */
  @property({ attribute: 'pin-resend-cooldown', type: Number }) pinResendCooldown = 30;

  @state() private outcome: Outcome | null = null;
  @state() private resend: { busy: boolean; message: Message | null; tone: 'success' | 'error' } = { busy: false, message: null, tone: 'success' };
  /** The code-entry step of the `pin` mode (its capability loaded when the step opens). */
  @state() private pin: PinEntry | null = null;
  /** Registering with a passkey instead of a password (offered when the server allows it). */
  @state() private withPasskey = false;
  /** Kept only while the code step is open: the customer is signed in with it once the code is right. */
  private pendingPassword: string | null = null;

  protected readonly kit = lightElementKit(this, [registerStyles], (change) => this.onSession(change));
  private readonly config = new ConfigController(this, this.kit.session);
  private readonly form = new FormController<RegisterValues>(this, {
    t: () => this.t,
    action: 'register',
    busy: (t) => t.registerBusy,
    fieldFor: { EMAIL_TAKEN: 'email', PASSWORD_POLICY: 'password', CUSTOM_ID_TAKEN: 'customId', PASSWORD_BREACHED: 'password' },
    messages: { EMAIL_TAKEN: (t) => t.emailTaken },
    actions: { EMAIL_TAKEN: (t) => this.emailTakenActions(t) },
    validate: (name, value, form) => this.validate(name, value, form),
    submit: (values, form) => this.register(values, form),
  });
  private readonly newPassword = new NewPasswordFields({ form: this.form, config: this.config, name: 'password', label: (t) => t.password });
  private focusNext: string | null = null;

  private get fields(): ProfileFieldName[] {
    return [...new Set([...NAMES, ...parseFields(this.optionalFields)])];
  }

  private get agreementNames(): AgreementName[] {
    return this.agreements !== undefined ? parseAgreements(this.agreements) : (this.config.config?.agreements ?? []);
  }

  protected override updated(): void {
    lightSlot(this, 'signed-in', !this.outcome && this.signedIn);
    if (this.focusNext) {
      (this.querySelector(`#${this.focusNext}`) as HTMLElement | null)?.focus();
      this.focusNext = null;
    }
  }

  private get signedIn(): boolean {
    return this.kit.session.view === 'signed-in';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pin?.dispose();
  }

  protected override render() {
    const t = this.t;
    if (this.pin) return this.pin.render();
    if (this.outcome) return this.renderOutcome(this.outcome);
    if (this.signedIn) {
      if (lightSlot(this, 'signed-in', true)) return nothing;
      return html`<p part="summary" data-tone="info" role="status">${t.signedIn}</p>`;
    }
    const f = this.form;
    const id = f.id;
    const required = new Set(parseFields(this.requiredFields));
    const [first, last, ...more] = this.fields;
    const agreements = this.agreementNames;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-heading`, this.headingLevel, t.registerHeading)}
      ${f.field({ name: 'email', type: 'email', label: t.email, autocomplete: 'username', required: true })}
      ${this.passkeyRegistration && this.withPasskey ? html`<p part="hint passkey-intro">${t.passkeyRegisterIntro}</p>` : this.newPassword.render(t)}
      <div part="names">${profileField(f, t, first!, '', required.has(first!))} ${profileField(f, t, last!, '', required.has(last!))}</div>
      ${more.map((name) => profileField(f, t, name, '', required.has(name)))}
      ${
        agreements.length
          ? html`<fieldset part="agreements">
            <legend>${t.agreementsLegend} <span part="optional">${t.optional}</span></legend>
            ${agreements.map((name) => f.checkbox(`agreement-${name}`, t.agreements[name], false))}
          </fieldset>`
          : nothing
      }
      ${f.summaryRegion()}
      <div part="actions">${
        this.passkeyRegistration && this.withPasskey
          ? f.submitButton(t.passkeyRegisterSubmit, t.registerBusy)
          : f.submitButton(t.registerSubmit, t.registerBusy)
      }</div>
      ${
        this.passkeyRegistration
          ? html`<div part="actions"><button part="link passkey-toggle" type="button" @click=${this.togglePasskey}>
              ${this.withPasskey ? t.passkeyRegisterPassword : t.passkeyRegister}
            </button></div>`
          : nothing
      }
    </form>`;
  }

  /** The server lets a newcomer register with a passkey and no password. */
  private get passkeyRegistration(): boolean {
    return this.config.config?.passkeyRegistration === true;
  }

  private readonly togglePasskey = () => {
    if (this.form.busy) return;
    this.withPasskey = !this.withPasskey;
    this.form.show(null);
  };

  private renderOutcome(outcome: Outcome) {
    const t = this.t;
    const id = this.form.id;
    const notice = outcome.notice
      ? outcome.notice(t)
      : outcome.signInFailed
        ? t.registeredSignInFailed
        : outcome.status === 'REGISTERED'
          ? t.registeredSignedIn
          : outcome.status === 'CONFIRMATION_REQUIRED'
            ? t.confirmEmailNotice(outcome.email)
            : outcome.status === 'APPROVAL_REQUIRED'
              ? t.registeredAwaitingApproval
              : t.activationNotice(outcome.email);
    const canResend = outcome.status === 'CONFIRMATION_REQUIRED' || outcome.status === 'ACTIVATION_REQUIRED';
    return html`<div part="panel" data-status=${outcome.status}>
      ${outcome.status === 'ACTIVATION_REQUIRED' ? heading(`${id}-done-heading`, this.headingLevel, t.activationHeading) : nothing}
      <p part="summary" role="status" id=${`${id}-done`} tabindex="-1" data-tone=${outcome.signInFailed ? 'info' : 'success'}>${notice}</p>
      ${
        canResend
          ? html`<div part="actions">
              <button part="button secondary resend" type="button" aria-disabled=${this.resend.busy ? 'true' : nothing} @click=${this.resendEmail}>
                ${buttonContent(t.resendEmail, t.resending, this.resend.busy)}
              </button>
            </div>
            <p part="resend-status" role="status" data-tone=${this.resend.message ? this.resend.tone : nothing}>${this.resend.message?.(t) ?? nothing}</p>`
          : nothing
      }
    </div>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  /** The code step (its capability loaded now); when it cannot load, the customer is told to check the inbox, as in the link modes. */
  private async openPinStep(email: string, password: string): Promise<void> {
    let capability: Capability<'pin'>;
    try {
      capability = await loadCapability('pin');
    } catch (err) {
      raise(this, asSnrError(err), 'register', this.t);
      this.outcome = { status: 'ACTIVATION_REQUIRED', email, signInFailed: false };
      this.focusNext = `${this.form.id}-done-heading`;
      return;
    }
    this.pendingPassword = password;
    this.pin = new capability.PinEntry({
      host: this,
      client: () => this.kit.session.client,
      t: () => this.t,
      headingLevel: () => this.headingLevel,
      email: () => email,
      cooldown: () => this.pinResendCooldown,
      justSent: true,
      confirmed: () => this.pinConfirmed(email),
    });
    this.focusNext = this.pin.headingId;
  }

  /** The right code: the account is active; the customer is signed in with the password they chose. */
  private async pinConfirmed(email: string): Promise<void> {
    const client = this.kit.session.client;
    const password = this.pendingPassword;
    this.pendingPassword = null;
    let signedIn = false;
    if (client && password !== null) {
      try {
        await client.signIn(email, password, { cause: this });
        signedIn = true;
      } catch (err) {
        raise(this, asSnrError(err), 'sign-in', this.t);
      }
    }
    this.pin = null;
    this.outcome = {
      status: 'REGISTERED',
      email,
      signInFailed: false,
      notice: signedIn ? (t) => t.pinActivatedSignedIn : (t) => t.pinActivated,
    };
    this.focusNext = `${this.form.id}-done`;
  }

  /**
   * "Your account is ready and you are signed in" stops being true when the customer signs out (here,
   * in another element or another tab): the form comes back. "Check your inbox" stays: it never
   * depended on a session.
   */
  private onSession(change: HubChange): void {
    if (change.type !== 'session' || change.change.type !== 'signed-out') return;
    if (!this.outcome || this.outcome.status === 'ACTIVATION_REQUIRED') return;
    this.outcome = null;
    this.resend = { busy: false, message: null, tone: 'success' };
  }

  /** EMAIL_TAKEN's ways out: inside `<snr-auth>` they switch views; alone, the site hears `snr-action`. */
  private emailTakenActions(t: Translation) {
    const email = () => (this.querySelector('input[name="email"]') as HTMLInputElement | null)?.value.trim() ?? '';
    return html`<button part="button secondary email-taken-sign-in" type="button" @click=${() => dispatch(this, new SnrActionEvent({ action: 'sign-in', email: email() }))}>${t.emailTakenSignIn}</button>
      <button part="link email-taken-reset" type="button" @click=${() => dispatch(this, new SnrActionEvent({ action: 'reset-password', email: email() }))}>${t.emailTakenReset}</button>`;
  }

  private validate(name: string, value: string, form: HTMLFormElement): Message | null {
    if (name === 'email') return parse(FIELDS.email!, value).success ? null : (t) => t.emailInvalid;
    const password = this.newPassword.check(name, value, form);
    if (password !== undefined) return password;
    return checkProfileField(name, value);
  }

  private async register(values: RegisterValues, form: HTMLFormElement): Promise<void> {
    const client = this.kit.session.client;
    if (!client) throw notConfigured(this);
    // The `pin` mode's code step is loaded before the account is made: a page that cannot load it says so while nothing is stored yet.
    if (this.config.config?.registrationMode === 'pin') await loadCapability('pin');
    const email = values.email.trim();
    const withPasskey = this.passkeyRegistration && this.withPasskey;
    const password = withPasskey ? '' : values.password;
    const context: RegisterContext = { email, password };
    const profile = context as Record<string, unknown>;
    for (const name of this.fields) {
      const value = normalize(name, values[name] ?? '');
      if (value) profile[name] = value;
    }
    const agreements = this.agreementNames;
    if (agreements.length) {
      context.agreements = Object.fromEntries(agreements.map((name) => [name, (form.elements.namedItem(`agreement-${name}`) as HTMLInputElement).checked]));
    }
    if (this.profileAttributes) context.attributes = this.profileAttributes;

    let answer: Awaited<ReturnType<typeof client.registerAccount>>;
    if (withPasskey) {
      // The passkey proves the newcomer: when the mode lets them in, the Client has signed them in already.
      const { password: _, ...withoutPassword } = context;
      answer = await client.registerAccountWithPasskey(withoutPassword, { cause: this });
    } else answer = await client.registerAccount(context, { cause: this });
    dispatch(
      this,
      new SnrRegisteredEvent({ status: answer.status, registrationMode: answer.registrationMode, clientId: answer.clientId, uuid: answer.uuid, email }),
    );
    let signInFailed = false;
    if (answer.canSignIn && !withPasskey) {
      try {
        await client.signIn(email, password, { cause: this });
      } catch (err) {
        signInFailed = true;
        raise(this, asSnrError(err), 'sign-in', this.t);
      }
    }
    this.form.reset();
    if (answer.registrationMode === 'pin' && !answer.canSignIn) {
      await this.openPinStep(email, password);
      if (withPasskey) this.pendingPassword = null;
      return;
    }
    this.outcome = { status: answer.status, email, signInFailed };
    this.focusNext = answer.status === 'ACTIVATION_REQUIRED' ? `${this.form.id}-done-heading` : `${this.form.id}-done`;
  }

  private readonly resendEmail = async () => {
    const outcome = this.outcome;
    if (!outcome || this.resend.busy) return;
    this.resend = { busy: true, message: null, tone: 'success' };
    try {
      const client = this.kit.session.client;
      if (!client) throw notConfigured(this);
      await client.requestAccountActivation(outcome.email);
      this.resend = { busy: false, message: (t) => t.emailResent(outcome.email), tone: 'success' };
    } catch (err) {
      const error = asSnrError(err);
      this.resend = { busy: false, message: errorText(error), tone: 'error' };
      raise(this, error, 'resend-email', this.t);
    }
  };
}
