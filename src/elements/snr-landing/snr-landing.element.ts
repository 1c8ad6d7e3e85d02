import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import * as accountMethods from '../../capabilities/account-methods/index.js';
import { SnrPasswordChangedEvent } from '../../events/snr-password-changed.js';
import { SnrError } from '../../session/index.js';
import { provideAccountMethods } from '../../session/methods.js';
import { ConfigController } from '../shared/config-controller.js';
import { asSnrError, errorText, notConfigured, raise } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { NewPasswordFields } from '../shared/password.js';
import { landingStyles } from './snr-landing.styles.js';

// This form submits the Client's account methods: with the element, so its submit never waits for a download.
provideAccountMethods(accountMethods);

export const LANDING_ACTIONS = ['activate', 'confirm-email', 'reset-password', 'confirm-email-change'] as const;
export type LandingAction = (typeof LANDING_ACTIONS)[number];

/** What the reset form sends. */
type ResetValues = { password: string; confirmPassword: string };

type Phase = 'idle' | 'working' | 'done' | 'already' | 'invalid-link' | 'new-link-sent' | 'error';

/**
 * A token the server refuses as malformed (cut short by a mail client, half copied) is a broken
 * link like any other: the customer gets the "send a new link" form, not "check the highlighted
 * fields" with nothing highlighted.
 */
function linkError(error: SnrError): SnrError {
  if (error.code !== 'VALIDATION_FAILED' || !error.errors.some((e) => e.field === 'token')) return error;
  return new SnrError('EMAIL_TOKEN_INVALID', "The link's token is malformed", { status: error.status, cause: error });
}

/**
 * @tagname snr-landing
 * @summary The page emailed links open: activates an account, confirms an email, sets a new password, or moves the account to a new email.
 *
 * Reads `?action=activate|confirm-email|reset-password|confirm-email-change&token=…` from the
 * address (or its `action` and `token` attributes). Activation, confirmation and an email change run
 * at once; a reset shows a native new-password form in light DOM with the policy checked live. A
 * link that is no longer valid offers to send a new one (an email change is asked for again from
 * the account page). Once a link is used, its token is taken out of the address bar.
 *
 * Light DOM: style inner pieces with `snr-landing [part~="name"]`; every rule of the kit has zero
 * specificity, so yours win.
 *
 * @slot done - Shown once the link has done its work (a child with `slot="done"`), e.g. a link to the sign-in page.
 *
 * @event snr-password-changed - A new password was set from a reset link. `detail: { via: 'reset' }`.
 * @event snr-error - The link failed (`EMAIL_TOKEN_INVALID` when expired, used or replaced).
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
 * @csspart intro - The text above the new-link form.
 * @csspart retry - "Try again" after a failure (also `button secondary`).
 * @csspart spinner - Progress shown in a busy button (over its label, which keeps its place).
 * @csspart button-label - The text of a button.
 * @csspart working - The progress shown while a link is being checked.
 * @csspart panel - A view without a form (checking, done, failed, incomplete link).
 */
export class SnrLanding extends LightElement {
  /** `activate`, `confirm-email`, `reset-password` or `confirm-email-change`; read from `?action=` when not set. */
  @property() action: string | undefined;
  /** The emailed token; read from `?token=` when not set. */
  @property() token: string | undefined;

  @state() private phase: Phase = 'idle';
  @state() private error: SnrError | null = null;
  @state() private sentTo = '';

  protected readonly kit = lightElementKit(this, [landingStyles]);
  private readonly config = new ConfigController(this, this.kit.session);
  private readonly resetForm = new FormController<ResetValues>(this, {
    t: () => this.t,
    action: 'reset-password',
    busy: (t) => t.resetBusy,
    fieldFor: { PASSWORD_POLICY: 'password', PASSWORD_BREACHED: 'password' },
    validate: (name, value, form) => this.newPassword.check(name, value, form) ?? null,
    submit: (values) => this.reset(values),
  });
  private readonly newPassword: NewPasswordFields<ResetValues> = new NewPasswordFields({
    form: this.resetForm,
    config: this.config,
    name: 'password',
    label: (t) => t.newPassword,
  });
  private readonly newLinkForm = new FormController<{ email: string }>(this, {
    t: () => this.t,
    action: () => (this.currentAction === 'reset-password' ? 'request-password-reset' : 'resend-email'),
    busy: (t) => t.forgotBusy,
    submit: (values) => this.requestNewLink(values),
  });
  /** Read from the address, so it can be taken out once used. */
  private fromAddress = false;
  private focusNext: string | null = null;

  private get currentAction(): LandingAction | null {
    return (LANDING_ACTIONS as readonly string[]).includes(this.action ?? '') ? (this.action as LandingAction) : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.action === undefined && this.token === undefined && typeof location !== 'undefined') {
      const query = new URLSearchParams(location.search);
      this.action = query.get('action') ?? undefined;
      this.token = query.get('token') ?? undefined;
      this.fromAddress = this.token !== undefined;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('action') || changed.has('token')) {
      this.phase = 'idle';
      this.error = null;
      this.resetForm.reset();
      this.newLinkForm.reset();
    }
  }

  protected override updated(): void {
    lightSlot(this, 'done', this.phase === 'done' || this.phase === 'already');
    const action = this.currentAction;
    if (this.phase === 'idle' && this.token && action !== null && action !== 'reset-password' && this.kit.session.client) {
      void this.confirm();
    }
    if (this.focusNext) {
      (this.querySelector(`#${this.focusNext}`) as HTMLElement | null)?.focus();
      this.focusNext = null;
    }
  }

  protected override render() {
    const t = this.t;
    const action = this.currentAction;
    const id = this.resetForm.id;
    const title =
      action === 'activate'
        ? t.activateHeading
        : action === 'confirm-email'
          ? t.confirmHeading
          : action === 'reset-password'
            ? t.resetHeading
            : action === 'confirm-email-change'
              ? t.emailChangeLinkHeading
              : t.linkHeading;
    const top = heading(`${id}-heading`, this.headingLevel, title);
    const status = (tone: 'success' | 'error' | 'info', text: string) =>
      html`<p part="summary" role="status" data-tone=${tone} id=${`${id}-status`} tabindex="-1">${text}</p>`;

    if (!action || !this.token) return html`<div part="panel">${top}${status('error', t.linkIncomplete)}</div>`;
    switch (this.phase) {
      case 'working':
        return html`<div part="panel" aria-busy="true">
          ${top}
          <p part="summary working" role="status" data-tone="info"><span part="spinner" aria-hidden="true"></span>${action === 'activate' ? t.activating : action === 'confirm-email-change' ? t.emailChanging : t.confirming}</p>
        </div>`;
      case 'done':
        return html`<div part="panel">
          ${top}${status('success', action === 'activate' ? t.activated : action === 'confirm-email' ? t.confirmed : action === 'confirm-email-change' ? t.emailChanged : t.resetDone)}
        </div>`;
      case 'already':
        return html`<div part="panel">${top}${status('info', t.alreadyConfirmed)}</div>`;
      case 'error':
        return html`<div part="panel">
          ${top}${status('error', errorText(this.error ?? new SnrError('INTERNAL_ERROR', ''))(t))}
          <div part="actions"><button part="button secondary retry" type="button" @click=${this.retry}>${t.retry}</button></div>
        </div>`;
      case 'new-link-sent':
        return html`<div part="panel">${top}${status('success', t.newLinkSent(this.sentTo))}</div>`;
      case 'invalid-link':
        if (action === 'confirm-email-change') {
          // A new email-change link is asked for from the account page, signed in: no form here.
          return html`<div part="panel">
            ${top}${status('error', errorText(this.error ?? new SnrError('EMAIL_TOKEN_INVALID', ''))(t))}
            <p part="intro">${t.emailChangeLinkAgain}</p>
          </div>`;
        }
        return this.renderNewLink(top);
    }
    if (action !== 'reset-password') {
      // Waiting for the session before checking the link.
      return html`<div part="panel" aria-busy="true">${top}<p part="summary working" role="status" data-tone="info"><span part="spinner" aria-hidden="true"></span>${t.busy}</p></div>`;
    }
    const f = this.resetForm;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${top}
      ${this.newPassword.render(t)}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.resetSubmit, t.resetBusy)}</div>
    </form>`;
  }

  private renderNewLink(top: unknown) {
    const t = this.t;
    const f = this.newLinkForm;
    const id = this.resetForm.id;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${top}
      <p part="summary" role="status" data-tone="error" id=${`${id}-status`} tabindex="-1">${errorText(this.error ?? new SnrError('EMAIL_TOKEN_INVALID', ''))(t)}</p>
      <p part="intro">${t.newLinkIntro}</p>
      ${f.field({ name: 'email', type: 'email', label: t.email, autocomplete: 'email', required: true })}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.newLinkSubmit, t.forgotBusy)}</div>
    </form>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  private client() {
    const client = this.kit.session.client;
    if (!client) throw notConfigured(this);
    return client;
  }

  private async confirm(): Promise<void> {
    const token = this.token!;
    const emailChange = this.currentAction === 'confirm-email-change';
    this.phase = 'working';
    try {
      if (emailChange) await this.client().confirmEmailChange(token);
      else await this.client().confirmAccountActivation(token);
      this.settle('done');
    } catch (err) {
      const error = linkError(asSnrError(err));
      if (error.code === 'ALREADY_CONFIRMED') return this.settle('already');
      this.error = error;
      raise(this, error, emailChange ? 'confirm-email-change' : 'confirm-email', this.t);
      this.settle(error.code === 'EMAIL_TOKEN_INVALID' ? 'invalid-link' : 'error');
    }
  }

  private async reset({ password }: ResetValues): Promise<void> {
    try {
      await this.client().confirmPasswordReset(this.token!, password);
    } catch (err) {
      const error = linkError(asSnrError(err));
      if (error.code !== 'EMAIL_TOKEN_INVALID') throw err;
      this.error = error;
      raise(this, error, 'reset-password', this.t);
      this.settle('invalid-link');
      return;
    }
    this.resetForm.reset();
    this.settle('done');
    dispatch(this, new SnrPasswordChangedEvent({ via: 'reset' }));
  }

  private async requestNewLink({ email }: { email: string }): Promise<void> {
    const client = this.client();
    if (this.currentAction === 'reset-password') await client.requestPasswordReset(email);
    else await client.requestAccountActivation(email);
    this.sentTo = email;
    this.newLinkForm.reset();
    this.settle('new-link-sent');
  }

  private readonly retry = () => {
    this.error = null;
    this.phase = 'idle';
  };

  /** A final state: announce it, focus it, and take the spent token out of the address. */
  private settle(phase: Phase): void {
    this.phase = phase;
    this.focusNext = `${this.resetForm.id}-status`;
    if (this.fromAddress && phase !== 'error' && typeof history !== 'undefined') {
      const url = new URL(location.href);
      url.searchParams.delete('token');
      history.replaceState(history.state, '', url);
      this.fromAddress = false;
    }
  }
}
