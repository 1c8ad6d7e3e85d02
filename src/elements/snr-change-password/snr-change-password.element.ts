import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import * as accountMethods from '../../capabilities/account-methods/index.js';
import { SnrPasswordChangedEvent } from '../../events/snr-password-changed.js';
import { provideAccountMethods } from '../../session/methods.js';
import { ConfigController } from '../shared/config-controller.js';
import { notConfigured } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { NewPasswordFields } from '../shared/password.js';
import { changePasswordStyles } from './snr-change-password.styles.js';

// This form submits the Client's account methods: with the element, so its submit never waits for a download.
provideAccountMethods(accountMethods);

/** What the form sends (`username`, the account's email, is there for password managers). */
type ChangePasswordValues = { username?: string; currentPassword: string; newPassword: string; confirmPassword: string };

/**
 * @tagname snr-change-password
 * @summary Change the signed-in customer's password: current, new (policy checked live) and repeated.
 *
 * Renders a native form in light DOM with `current-password` and `new-password` inputs (and the
 * account's email as a hidden `username`, so password managers update the right entry). The new
 * password is checked rule by rule against the server's published policy. On success the server
 * signs out the customer's other devices; this one stays signed in.
 *
 * Light DOM: style inner pieces with `snr-change-password [part~="name"]`; every rule of the kit
 * has zero specificity, so yours win.
 *
 * @slot signed-out - Shown while nobody is signed in (a child with `slot="signed-out"`). Default: a short note.
 *
 * @event snr-password-changed - The password was changed. `detail: { via: 'change' }`.
 * @event snr-error - A request failed (`INVALID_CREDENTIALS` when the current password is wrong).
 *
 * @csspart heading - The title of each view.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's label.
 * @csspart optional - The "(optional)" mark of a label.
 * @csspart input - Text inputs and selects.
 * @csspart hint - Help under a label or input.
 * @csspart error - A field's error message.
 * @csspart password-rules - The live list of password rules (`rules` the list, `rule` an item with `data-ok` when met, `rule-icon` its mark, `rule-text` its text).
 * @csspart reveal - The password visibility toggle inside the field (`aria-pressed`; `reveal-icon` its icon; `input-wrap` holds it with the input).
 * @csspart summary - The live region with the form's outcome (`data-tone="error|success|info"`).
 * @csspart actions - A row of buttons.
 * @csspart button - Buttons (`submit` the main one, `secondary` the others).
 * @csspart spinner - Progress shown in a busy button (over its label, which keeps its place).
 * @csspart button-label - The text of a button.
 * @csspart panel - The view after the password is changed.
 */
export class SnrChangePassword extends LightElement {
  @state() private done = false;
  @state() private email = '';

  protected readonly kit = lightElementKit(this, [changePasswordStyles], (change) => {
    if (change.type === 'session' && change.change.type === 'signed-out') this.done = false;
  });
  private readonly config = new ConfigController(this, this.kit.session);
  private readonly form = new FormController<ChangePasswordValues>(this, {
    t: () => this.t,
    action: 'change-password',
    busy: (t) => t.changePasswordBusy,
    fieldFor: { INVALID_CREDENTIALS: 'currentPassword', PASSWORD_POLICY: 'newPassword', PASSWORD_BREACHED: 'newPassword' },
    messages: { INVALID_CREDENTIALS: (t) => t.currentPasswordWrong },
    validate: (name, value, form) => this.newPassword.check(name, value, form) ?? null,
    submit: (values) => this.change(values),
  });
  private readonly newPassword: NewPasswordFields<ChangePasswordValues> = new NewPasswordFields({
    form: this.form,
    config: this.config,
    name: 'newPassword',
    label: (t) => t.newPassword,
  });
  private emailFor: number | null = null;
  private focusNext: string | null = null;

  private get signedIn(): boolean {
    return this.kit.session.view === 'signed-in';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.findEmail();
  }

  protected override updated(): void {
    lightSlot(this, 'signed-out', !this.signedIn);
    if (this.focusNext) {
      (this.querySelector(`#${this.focusNext}`) as HTMLElement | null)?.focus();
      this.focusNext = null;
    }
  }

  protected override render() {
    const t = this.t;
    if (!this.signedIn) {
      if (lightSlot(this, 'signed-out', true)) return nothing;
      return html`<p part="summary" data-tone="info" role="status">${t.signedOut}</p>`;
    }
    const f = this.form;
    const id = f.id;
    if (this.done) {
      return html`<div part="panel">
        ${heading(`${id}-heading`, this.headingLevel, t.changePasswordHeading)}
        <p part="summary" role="status" data-tone="success" id=${`${id}-done`} tabindex="-1">${t.passwordChanged}</p>
      </div>`;
    }
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-heading`, this.headingLevel, t.changePasswordHeading)}
      ${this.email ? html`<input type="email" name="username" autocomplete="username" .value=${this.email} hidden readonly />` : nothing}
      ${f.field({ name: 'currentPassword', type: 'password', label: t.currentPassword, autocomplete: 'current-password', required: true })}
      ${this.newPassword.render(t)}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.changePasswordSubmit, t.changePasswordBusy)}</div>
    </form>`;
  }

  private async change({ currentPassword, newPassword }: ChangePasswordValues): Promise<void> {
    const client = this.kit.session.client;
    if (!client) throw notConfigured(this);
    await client.changePassword(currentPassword, newPassword, { cause: this });
    this.form.reset();
    this.done = true;
    this.focusNext = `${this.form.id}-done`;
    dispatch(this, new SnrPasswordChangedEvent({ via: 'change' }));
  }

  /** The account's email, for the hidden username: from the cache, else asked once. */
  private findEmail(): void {
    const client = this.kit.session.client;
    const clientId = client?.state.clientId ?? null;
    if (!client || clientId === null || clientId === this.emailFor) return;
    this.emailFor = clientId;
    this.email = client.getCachedAccount()?.email ?? '';
    if (!this.email) {
      client.getAccount({ cache: 'prefer' }).then(
        (account) => {
          if (this.emailFor === account.clientId) this.email = account.email;
        },
        () => undefined,
      );
    }
  }
}
