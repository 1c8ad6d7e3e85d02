import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DeleteAccountStep } from '../../capabilities/account-delete/index.js';
import type { AccountStepHost, EmailChangeStep } from '../../capabilities/account-email/index.js';
import type { AccountInformation, AgreementName } from '../../contract/schemas.js';
import { SnrAccountUpdatedEvent } from '../../events/snr-account-updated.js';
import type { ProfileFieldName } from '../../i18n/index.js';
import { SnrError, type UpdateAccountContext } from '../../session/index.js';
import { loadCapability } from '../shared/capabilities.js';
import { ConfigController } from '../shared/config-controller.js';
import { asSnrError, errorText, raise } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { buttonContent, dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { checkProfileField, normalize, type ProfileValues, parseAgreements, parseFields, profileField } from '../shared/profile-fields.js';
import { accountStyles } from './snr-account.styles.js';

/**
 * @tagname snr-account
 * @summary The signed-in customer's details: shown at once from the cache, refreshed from the server, edited and saved; email change, sign-out, account deletion.
 *
 * Paints the last known details immediately (the session's cache), then the server's. The
 * profile fields chosen by `fields` and the agreements are edited in a native form in light DOM;
 * only what changed is sent. The email is shown, not edited in place: "Change email address" opens a
 * step (new address + password) that mails a link to the new address, then says to check the inbox;
 * the link opens `<snr-landing>`, which makes the change. Two sign-out buttons: this device, or every
 * device. Apart from them, a danger zone: "Delete my account" opens a step that names what is lost
 * and asks for the password; once done, the page goes on as a new anonymous visitor. Each step's
 * heading takes the focus when it opens, and its outcome is announced.
 *
 * Light DOM: style inner pieces with `snr-account [part~="name"]`; every rule of the kit has
 * zero specificity, so yours win.
 *
 * @slot signed-out - Shown while nobody is signed in (a child with `slot="signed-out"`). Default: a short note.
 *
 * @event snr-account-updated - Changes were saved. `detail: { account, changed }`.
 * @event snr-signed-out - The customer signed out, or deleted the account. `detail: { reason: 'USER_SIGN_OUT' | 'USER_ACCOUNT_DELETED', fromAllDevices, remote: false }`.
 * @event snr-error - Loading, saving, signing out, changing the email or deleting failed. `detail.action` says which (`change-email`, `delete-account`…).
 *
 * @csspart heading - The title of each view.
 * @csspart field - A label, its input, hint and error.
 * @csspart label - A field's label.
 * @csspart optional - The "(optional)" mark of a label.
 * @csspart input - Text inputs and selects.
 * @csspart hint - Help under a label or input.
 * @csspart stale - The note that the details shown may be out of date (also `hint`).
 * @csspart retry - "Try again" after a failed load (also `button secondary`).
 * @csspart error - A field's error message.
 * @csspart checkbox - An agreement checkbox with its label.
 * @csspart summary - The live region with the form's outcome (`data-tone="error|success|info"`).
 * @csspart actions - A row of buttons.
 * @csspart button - Buttons (`submit` the main one, `secondary` the others).
 * @csspart spinner - Progress shown in a busy button (over its label, which keeps its place).
 * @csspart button-label - The text of a button.
 * @csspart email - The email, shown but not editable (`email-value` its text).
 * @csspart agreements - The group of agreement checkboxes.
 * @csspart panel - The view while the account loads, or when it failed to load.
 * @csspart sign-out - The row of sign-out buttons (each button also has `sign-out-this` or `sign-out-all`).
 * @csspart change-email - The button that opens the email-change step (also `button secondary`).
 * @csspart intro - The text under a step's heading.
 * @csspart back - The button back to the details from a step (also `button secondary`).
 * @csspart danger-zone - The separated section with "Delete my account".
 * @csspart danger - The deletion buttons (also `button`; `delete-account` opens the step, `delete-confirm` deletes).
 * @csspart warning - What deleting the account does, above the list of `consequences`.
 * @csspart consequences - The list of what is lost.
 */
export class SnrAccount extends LightElement {
  /** Profile fields to show and edit: `firstName lastName displayName phone customId sex birthDate company address city province zipCode countryCode avatarUrl`. */
  @property() fields = 'firstName lastName phone';
  /** Agreement checkboxes to show (`email sms push bluetooth rfid wifi`); default: those the server lists. */
  @property() agreements: string | undefined;

  @state() private account: AccountInformation | null = null;
  /** The fresh details could not be loaded (what is shown came from the cache, if anything). */
  @state() private loadError: SnrError | null = null;
  @state() private refreshing = false;
  @state() private signingOut: 'this' | 'all' | null = null;
  /** The step shown: the details, the email change (and its "check your inbox"), or the deletion. */
  @state() private step: 'details' | 'change-email' | 'email-sent' | 'delete' = 'details';
  @state() private pendingEmail = '';
  /** The account was just deleted here: the signed-out view says so. */
  @state() private deleted = false;

  protected readonly kit = lightElementKit(this, [accountStyles]);
  private readonly config = new ConfigController(this, this.kit.session);
  private readonly form = new FormController<ProfileValues>(this, {
    t: () => this.t,
    action: 'update-account',
    busy: (t) => t.saving,
    fieldFor: { CUSTOM_ID_TAKEN: 'customId' },
    validate: (name, value) => checkProfileField(name, value),
    submit: (values, form) => this.save(values, form),
  });
  /** The email-change and deletion steps, each its own capability, loaded when the customer opens it. */
  @state() private emailStep: EmailChangeStep | null = null;
  @state() private deleteStep: DeleteAccountStep | null = null;
  /** A step's capability being loaded, or failing to. */
  @state() private stepLoad: { step: 'change-email' | 'delete'; error: SnrError | null } | null = null;
  private readonly stepHost: AccountStepHost = {
    element: this,
    t: () => this.t,
    headingLevel: () => this.headingLevel,
    client: () => this.kit.session.client,
    account: () => this.account,
    backButton: (busy) => this.backButton(busy),
  };
  /** The values the inputs were given; a field the customer edited keeps its own. */
  private shown: Record<string, string> = {};
  private shownAgreements: Partial<Record<AgreementName, boolean>> = {};
  private readonly dirty = new Set<string>();
  private loadedFor: number | null = null;
  private focusNext: string | null = null;

  private get fieldNames(): ProfileFieldName[] {
    return parseFields(this.fields);
  }

  private get agreementNames(): AgreementName[] {
    return this.agreements !== undefined ? parseAgreements(this.agreements) : (this.config.config?.agreements ?? []);
  }

  private get signedIn(): boolean {
    return this.kit.session.view === 'signed-in';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.follow();
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
    const id = this.form.id;
    if (!this.signedIn) {
      if (this.deleted) return html`<p part="summary" data-tone="success" role="status" id=${`${id}-signed-out`} tabindex="-1">${t.accountDeleted}</p>`;
      if (lightSlot(this, 'signed-out', true)) return nothing;
      return html`<p part="summary" data-tone="info" role="status" id=${`${id}-signed-out`} tabindex="-1">${t.signedOut}</p>`;
    }
    const account = this.account;
    if (account && this.stepLoad) return this.renderStepLoad(this.stepLoad);
    if (account && this.step === 'change-email' && this.emailStep) return this.emailStep.render();
    if (account && this.step === 'email-sent') return this.renderEmailSent();
    if (account && this.step === 'delete' && this.deleteStep) return this.deleteStep.render();
    if (!account) {
      const error = this.loadError;
      return html`${heading(`${id}-heading`, this.headingLevel, t.accountHeading)}
        <div part="panel">
          <p part="summary" role="status" data-tone=${error ? 'error' : 'info'}>${error ? errorText(error)(t) : t.accountLoading}</p>
          <div part="actions">
            ${error ? html`<button part="button secondary retry" type="button" @click=${this.reload}>${t.retry}</button>` : nothing}
          </div>
          ${this.renderSignOut()}
        </div>`;
    }
    const f = this.form;
    const agreements = this.agreementNames;
    return html`<form novalidate aria-labelledby=${`${id}-heading`} aria-busy=${f.busy || this.refreshing ? 'true' : 'false'} @submit=${f.onSubmit} @input=${this.markDirty} @change=${this.markDirty}>
        ${heading(`${id}-heading`, this.headingLevel, t.accountHeading)}
        ${this.loadError ? html`<p part="hint stale">${t.accountStale}</p>` : nothing}
        <div part="field email">
          <span part="label">${t.email}</span><span part="email-value">${account.email}</span>
          <div part="actions"><button part="button secondary change-email" type="button" @click=${() => this.open('change-email')}>${t.changeEmail}</button></div>
        </div>
        ${this.fieldNames.map((name) => profileField(f, t, name, this.shown[name] ?? '', false))}
        ${
          agreements.length
            ? html`<fieldset part="agreements">
              <legend>${t.agreementsLegend}</legend>
              ${agreements.map((name) => f.checkbox(`agreement-${name}`, t.agreements[name], this.shownAgreements[name] ?? false))}
            </fieldset>`
            : nothing
        }
        ${f.summaryRegion()}
        <div part="actions">${f.submitButton(t.save, t.saving)}</div>
      </form>
      ${this.renderSignOut()}
      <section part="danger-zone" aria-labelledby=${`${id}-danger`}>
        ${heading(`${id}-danger`, this.headingLevel + 1, t.deleteAccountHeading)}
        <p part="hint">${t.deleteAccountIntro}</p>
        <div part="actions"><button part="button danger delete-account" type="button" @click=${() => this.open('delete')}>${t.deleteAccount}</button></div>
      </section>`;
  }

  /** A step on its way (its code loads on intent), or its load failed: say so, offer to try again. */
  private renderStepLoad(load: { step: 'change-email' | 'delete'; error: SnrError | null }) {
    const t = this.t;
    const id = `${this.form.id}-step-load`;
    return html`<div part="panel" aria-busy=${load.error ? 'false' : 'true'}>
      ${heading(id, this.headingLevel, load.step === 'delete' ? t.deleteAccountHeading : t.changeEmailHeading)}
      <p part="summary" role="status" data-tone=${load.error ? 'error' : 'info'}>${load.error ? errorText(load.error)(t) : t.accountLoading}</p>
      <div part="actions">
        ${load.error ? html`<button part="button secondary retry" type="button" @click=${() => this.open(load.step)}>${t.retry}</button>` : nothing}
        ${this.backButton(false)}
      </div>
    </div>`;
  }

  private renderEmailSent() {
    const t = this.t;
    const id = `${this.form.id}-email-sent`;
    return html`<div part="panel">
      ${heading(`${id}-heading`, this.headingLevel, t.changeEmailSentHeading)}
      <p part="summary" role="status" data-tone="success">${t.changeEmailSent(this.pendingEmail)}</p>
      <div part="actions">${this.backButton(false)}</div>
    </div>`;
  }

  private backButton(busy: boolean) {
    return html`<button part="button secondary back" type="button" aria-disabled=${busy ? 'true' : nothing} @click=${this.back}>${this.t.backToAccount}</button>`;
  }

  private renderSignOut() {
    const t = this.t;
    const button = (which: 'this' | 'all', label: string) =>
      html`<button part=${`button secondary sign-out-${which}`} type="button" aria-disabled=${this.signingOut ? 'true' : nothing} @click=${() => this.signOut(which === 'all')}>
        ${buttonContent(label, t.signingOut, this.signingOut === which)}
      </button>`;
    return html`<div part="actions sign-out">${button('this', t.signOut)} ${button('all', t.signOutAll)}</div>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  /** Opens a step (its capability loaded first); its heading takes the focus. */
  private async open(step: 'change-email' | 'delete'): Promise<void> {
    const clientId = this.loadedFor;
    this.stepLoad = { step, error: null };
    let headingId: string;
    try {
      if (step === 'delete') {
        const { DeleteAccountStep } = await loadCapability('account-delete');
        this.deleteStep ??= new DeleteAccountStep(this.stepHost, () => this.onDeleted());
        this.deleteStep.reset();
        headingId = this.deleteStep.headingId;
      } else {
        const { EmailChangeStep } = await loadCapability('account-email');
        this.emailStep ??= new EmailChangeStep(this.stepHost, (email) => this.onEmailSent(email));
        this.emailStep.reset();
        headingId = this.emailStep.headingId;
      }
    } catch (err) {
      if (this.stepLoad?.step === step) this.stepLoad = { step, error: asSnrError(err) };
      return;
    }
    // Backed out, or someone else signed in, while it loaded.
    if (this.stepLoad?.step !== step || this.loadedFor !== clientId) return;
    this.stepLoad = null;
    this.step = step;
    this.focusNext = headingId;
  }

  private readonly back = () => {
    if (this.emailStep?.form.busy || this.deleteStep?.form.busy) return;
    const from = this.stepLoad?.step ?? this.step;
    this.stepLoad = null;
    this.step = 'details';
    this.emailStep?.reset();
    this.deleteStep?.reset();
    this.focusNext = from === 'delete' ? `${this.form.id}-danger` : `${this.form.id}-heading`;
  };

  private onEmailSent(email: string): void {
    this.pendingEmail = email;
    this.step = 'email-sent';
    this.focusNext = `${this.form.id}-email-sent`;
  }

  private onDeleted(): void {
    this.deleted = true;
    this.step = 'details';
    this.focusNext = `${this.form.id}-signed-out`;
  }

  /** Loads the details for whoever is signed in: from the cache at once, then from the server. */
  private follow(): void {
    const client = this.kit.session.client;
    const clientId = client && client.state.status === 'signed-in' ? client.state.clientId : null;
    if (clientId === this.loadedFor) return;
    this.loadedFor = clientId;
    this.dirty.clear();
    this.form.reset();
    this.emailStep?.reset();
    this.deleteStep?.reset();
    this.stepLoad = null;
    this.step = 'details';
    if (clientId !== null) this.deleted = false;
    this.loadError = null;
    this.account = null;
    this.shown = {};
    this.shownAgreements = {};
    if (clientId === null || !client) return;
    const cached = client.getCachedAccount();
    if (cached) this.show(cached);
    this.fetchFresh();
  }

  private fetchFresh(): void {
    const client = this.kit.session.client;
    const clientId = this.loadedFor;
    if (!client || clientId === null) return;
    this.refreshing = true;
    this.loadError = null;
    client.getAccount().then(
      (account) => {
        if (this.loadedFor !== clientId) return;
        this.refreshing = false;
        this.show(account);
      },
      (err) => {
        if (this.loadedFor !== clientId) return;
        this.refreshing = false;
        this.loadError = asSnrError(err);
        raise(this, this.loadError, 'load-account', this.t);
      },
    );
  }

  private readonly reload = () => this.fetchFresh();

  private show(account: AccountInformation): void {
    this.account = account;
    const shown = { ...this.shown };
    for (const name of this.fieldNames) if (!this.dirty.has(name)) shown[name] = account[name] ?? '';
    this.shown = shown;
    const agreements = { ...this.shownAgreements };
    for (const name of Object.keys(account.agreements) as AgreementName[]) {
      if (!this.dirty.has(`agreement-${name}`)) agreements[name] = account.agreements[name];
    }
    this.shownAgreements = agreements;
  }

  private readonly markDirty = (e: Event) => {
    const name = (e.target as HTMLInputElement).name;
    if (name) this.dirty.add(name);
  };

  private async save(values: ProfileValues, form: HTMLFormElement): Promise<void> {
    const client = this.kit.session.client;
    const account = this.account;
    if (!client || !account) throw new SnrError('UNAVAILABLE', 'snr-auth is not configured, or nobody is signed in');
    const changes: UpdateAccountContext = {};
    const profile = changes as Record<string, unknown>;
    for (const name of this.fieldNames) {
      const value = normalize(name, values[name] ?? '');
      if (value !== (account[name] ?? '')) profile[name] = value;
    }
    for (const name of this.agreementNames) {
      const checked = (form.elements.namedItem(`agreement-${name}`) as HTMLInputElement).checked;
      if (checked !== account.agreements[name]) changes.agreements = { ...changes.agreements, [name]: checked };
    }
    const changed = Object.keys(changes);
    if (!changed.length) {
      this.form.summary = { tone: 'info', message: (t) => t.nothingToSave };
      return;
    }
    const updated = await client.updateAccount(changes, { cause: this });
    this.dirty.clear();
    this.shown = {};
    this.show(updated);
    this.form.summary = { tone: 'success', message: (t) => t.saved };
    dispatch(this, new SnrAccountUpdatedEvent({ account: updated, changed }));
  }

  private async signOut(fromAllDevices: boolean): Promise<void> {
    const client = this.kit.session.client;
    if (!client || this.signingOut) return;
    this.signingOut = fromAllDevices ? 'all' : 'this';
    try {
      await client.signOut({ fromAllDevices, cause: this });
    } catch (err) {
      // Signed out here anyway; the server may not have heard of it.
      raise(this, asSnrError(err), 'sign-out', this.t);
    } finally {
      this.signingOut = null;
      this.focusNext = `${this.form.id}-signed-out`;
    }
  }
}
