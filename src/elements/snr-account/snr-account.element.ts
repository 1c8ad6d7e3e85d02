import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AccountStep, AccountStepHost } from '../../capabilities/account-email/index.js';
import * as accountMethods from '../../capabilities/account-methods/index.js';
import type { AccountPasskeys } from '../../capabilities/passkeys/index.js';
import type { AccountInformation, AgreementName } from '../../contract/schemas.js';
import { SnrAccountUpdatedEvent } from '../../events/snr-account-updated.js';
import type { ProfileFieldName } from '../../i18n/index.js';
import { SnrError, type UpdateAccountContext } from '../../session/index.js';
import { provideAccountMethods } from '../../session/methods.js';
import { type CapabilityName, loadCapability } from '../shared/capabilities.js';
import { ConfigController } from '../shared/config-controller.js';
import { asSnrError, errorText, raise } from '../shared/errors.js';
import { FormController } from '../shared/form-controller.js';
import { buttonContent, dispatch, heading, lightElementKit, lightSlot } from '../shared/kit.js';
import { LightElement } from '../shared/light-element.js';
import { checkProfileField, normalize, type ProfileValues, parseAgreements, parseFields, profileField } from '../shared/profile-fields.js';
import { accountStyles } from './snr-account.styles.js';

// This form submits the Client's account methods: with the element, so its submit never waits for a download.
provideAccountMethods(accountMethods);

/** The steps beyond the details, each from its capability, loaded when first opened. */
type StepName = 'change-email' | 'delete' | 'second-factor' | 'sessions';
const CAPABILITY: Record<StepName, CapabilityName> = {
  'change-email': 'account-email',
  delete: 'account-delete',
  'second-factor': 'second-factor',
  sessions: 'sessions',
};

/**
 * @tagname snr-account
 * @summary The signed-in customer's details: shown at once from the cache, refreshed from the server, edited and saved; email change, two-step verification (an authenticator app and recovery codes), signed-in devices, sign-out, account deletion.
 *
 * Paints the last known details immediately (the session's cache), then the server's. The
 * profile fields chosen by `fields` and the agreements are edited in a native form in light DOM;
 * only what changed is sent. The email is shown, not edited in place: "Change email address" opens a
 * step (new address + password) that mails a link to the new address, then says to check the inbox;
 * the link opens `<snr-landing>`, which makes the change. Two sign-out buttons: this device, or every
 * device. "Show signed-in devices" opens the customer's sessions (loaded on intent, the `sessions`
 * capability): each device's browser and system, when it signed in and was last active, this one
 * marked; any other one is signed out after a confirmation, or all others at once. Apart from them, a danger zone: "Delete my account" opens a step that names what is lost
 * and asks for the password; once done, the page goes on as a new anonymous visitor. Each step's
 * heading takes the focus when it opens, and its outcome is announced.
 *
 * Each step beyond the details (email change, deletion, two-step verification, signed-in devices)
 * is a capability: its code loads when the step first opens, starting as soon as the pointer or the
 * focus reaches its button, with a busy note meanwhile and, if it does not load, the error and
 * "Try again". An account without a password proves itself with its provider's button, which loads
 * only for such an account.
 *
 * Light DOM: style inner pieces with `snr-account [part~="name"]`; every rule of the kit has
 * zero specificity, so yours win.
 *
 * @slot signed-out - Shown while nobody is signed in (a child with `slot="signed-out"`). Default: a short note.
 *
 * @event snr-account-updated - Changes were saved. `detail: { account, changed }`.
 * @event snr-signed-out - The customer signed out, or deleted the account. `detail: { reason: 'USER_SIGN_OUT' | 'USER_ACCOUNT_DELETED', fromAllDevices, remote: false }`.
 * @event snr-error - Loading, saving, signing out, changing the email, the second factor or deleting failed. `detail.action` says which (`change-email`, `second-factor`, `delete-account`…).
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
 * @csspart second-factor-zone - The section with the button (`second-factor`) that opens the second factor's view.
 * @csspart second-factor - The second factor's view (`data-view="status|enrol|codes|regenerate|disable"`), loaded on intent from the `second-factor` capability.
 * @csspart qr - The enrolment's QR code (an SVG made by the server, `qr-image`).
 * @csspart totp-key - The enrolment's key as text (in `key-row`, with the `copy-key` button).
 * @csspart recovery-codes - The list of recovery codes, shown once (`copy-codes`, `download-codes`, `codes-saved` its buttons).
 * @csspart passkeys - The passkeys section (when the server has passkeys on): `passkeys-open` opens it (its code loads then), `passkey-list` lists each `passkey` (`passkey-name`, `passkey-meta`), `passkey-add`, `passkey-rename`, `passkey-remove` (`passkey-remove-form`: the password or `passkey-remove-with-passkey`).
 * @csspart devices - The section that opens the signed-in devices (`sessions-open` its button).
 * @csspart sessions - The signed-in devices step (also `panel`), loaded when opened.
 * @csspart session-list - The list of signed-in devices; each is a `session` (`aria-current` on this device's).
 * @csspart session-name - A device's name (browser on system, and the device when known); `current-device` marks this one.
 * @csspart session-times - When a device signed in and was last active (also `hint`).
 * @csspart question - The confirmation asked before a device is signed out.
 * @csspart sign-out-session - A device's "Sign out"; `sign-out-confirm` confirms it, `cancel` does not.
 * @csspart sign-out-others - The row that signs out every other device (`sign-out-others-open`, `sign-out-others-confirm`).
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
  /**
   * The step shown instead of the details (the email change and its "check your inbox", the
   * deletion, the second factor, the signed-in devices): `step` once its capability has loaded,
   * `error` when the load failed (offline, a missing add-on file).
   */
  @state() private opened: { name: StepName; step?: AccountStep; error?: SnrError } | null = null;
  /** The account was just deleted here: the signed-out view says so. */
  @state() private deleted = false;
  /** The passkeys section: closed, its code loading (or failed to load), or open. */
  @state() private passkeys: AccountPasskeys | 'loading' | SnrError | null = null;

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
  /** The steps opened so far, kept for the next time. */
  private made: Partial<Record<StepName, AccountStep>> = {};
  private readonly stepHost: AccountStepHost = {
    element: this,
    t: () => this.t,
    headingLevel: () => this.headingLevel,
    client: () => this.kit.session.client,
    account: () => this.account,
    backButton: (busy) => this.backButton(busy),
    back: () => this.back(),
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
    const opened = this.opened;
    if (account && opened) return opened.step ? opened.step.render() : this.renderStepLoad(opened);
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
          <div part="actions"><button part="button secondary change-email" type="button" @click=${() => this.open('change-email')} @pointerenter=${() => this.prefetch('change-email')} @focus=${() => this.prefetch('change-email')}>${t.changeEmail}</button></div>
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
      ${this.config.config?.passkeys ? this.renderPasskeys() : nothing}
      ${this.renderSignOut()}
      <section part="second-factor-zone" aria-labelledby=${`${id}-mfa`}>
        ${heading(`${id}-mfa`, this.headingLevel + 1, t.mfaHeading)}
        <div part="actions"><button part="button secondary second-factor" type="button" @click=${() => this.open('second-factor')} @pointerenter=${() => this.prefetch('second-factor')} @focus=${() => this.prefetch('second-factor')}>${t.mfaManage}</button></div>
      </section>
      <section part="devices" aria-labelledby=${`${id}-devices`}>
        ${heading(`${id}-devices`, this.headingLevel + 1, t.sessionsHeading)}
        <div part="actions"><button part="button secondary sessions-open" type="button" @click=${() => this.open('sessions')} @pointerenter=${() => this.prefetch('sessions')} @focus=${() => this.prefetch('sessions')}>${t.sessionsOpen}</button></div>
      </section>
      <section part="danger-zone" aria-labelledby=${`${id}-danger`}>
        ${heading(`${id}-danger`, this.headingLevel + 1, t.deleteAccountHeading)}
        <p part="hint">${t.deleteAccountIntro}</p>
        <div part="actions"><button part="button danger delete-account" type="button" @click=${() => this.open('delete')} @pointerenter=${() => this.prefetch('delete')} @focus=${() => this.prefetch('delete')}>${t.deleteAccount}</button></div>
      </section>`;
  }

  /** A step on its way (its code loads on intent), or its load failed: say so, offer to try again. */
  private renderStepLoad({ name, error }: { name: StepName; error?: SnrError }) {
    const t = this.t;
    const title = { 'change-email': t.changeEmailHeading, delete: t.deleteAccountHeading, 'second-factor': t.mfaHeading, sessions: t.sessionsHeading }[name];
    return html`<div part=${name === 'second-factor' || name === 'sessions' ? `panel ${name}` : 'panel'} aria-busy=${error ? 'false' : 'true'}>
      ${heading(`${this.form.id}-${name}-heading`, this.headingLevel, title)}
      <p part="summary" role="status" data-tone=${error ? 'error' : 'info'}>${error ? errorText(error)(t) : name === 'sessions' ? t.sessionsLoading : t.busy}</p>
      <div part="actions">
        ${error ? html`<button part="button secondary retry" type="button" @click=${() => this.open(name)}>${t.retry}</button>` : nothing}
        ${this.backButton(false)}
      </div>
    </div>`;
  }

  /** Closed: a heading and "Manage passkeys"; open: the section the `passkeys` capability renders. */
  private renderPasskeys() {
    const t = this.t;
    const section = this.passkeys;
    if (section !== null && section !== 'loading' && !(section instanceof SnrError)) return section.render();
    const id = `${this.form.id}-passkeys`;
    return html`<section part="passkeys" aria-labelledby=${id}>
      ${heading(id, this.headingLevel + 1, t.passkeysHeading)}
      <p part="hint">${t.passkeysIntro}</p>
      ${section instanceof SnrError ? html`<p part="summary" role="status" data-tone="error">${errorText(section)(t)}</p>` : nothing}
      <div part="actions">
        <button part="button secondary passkeys-open" type="button" aria-expanded="false" aria-disabled=${section === 'loading' ? 'true' : nothing} @click=${this.openPasskeys}>
          ${buttonContent(t.passkeysManage, t.passkeysLoading, section === 'loading')}
        </button>
      </div>
    </section>`;
  }

  /** Loads the passkeys section on intent; a failed load says so, and the button tries again. */
  private readonly openPasskeys = async () => {
    if (this.passkeys === 'loading') return;
    this.passkeys = 'loading';
    try {
      const { AccountPasskeys } = await loadCapability('passkeys');
      const section = new AccountPasskeys(this, {
        t: () => this.t,
        client: () => this.kit.session.client,
        headingLevel: () => this.headingLevel + 1,
        close: this.closePasskeys,
      });
      this.passkeys = section;
      this.focusNext = `${section.renameForm.id}-heading`;
    } catch (err) {
      // A chunk or add-on that did not load is the network's doing.
      const error = err instanceof SnrError ? err : new SnrError('NETWORK_ERROR', `The passkeys section could not be loaded: ${String(err)}`, { cause: err });
      this.passkeys = error;
      raise(this, error, 'passkey', this.t);
    }
  };

  private readonly closePasskeys = () => {
    const section = this.passkeys;
    if (section && typeof section === 'object' && !(section instanceof SnrError)) this.removeController(section);
    this.passkeys = null;
    this.focusNext = `${this.form.id}-passkeys`;
  };

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

  /** Starts loading a step's code when the customer points at or tabs to its button (a failure is the click's to tell). */
  private prefetch(name: StepName): void {
    loadCapability(CAPABILITY[name]).catch(() => {});
  }

  /** Opens a step, its capability loaded the first time (busy meanwhile, an error and retry if it fails); its heading takes the focus. */
  private async open(name: StepName): Promise<void> {
    const clientId = this.loadedFor;
    this.opened = { name };
    this.focusNext = `${this.form.id}-${name}-heading`;
    try {
      const step = (this.made[name] ??= await this.make(name));
      await step.open();
      // Backed out, or someone else signed in, while it loaded.
      if (this.opened?.name !== name || this.loadedFor !== clientId) return;
      this.opened = { name, step };
      this.focusNext = step.headingId;
    } catch (err) {
      const error = asSnrError(err);
      if (this.opened?.name === name) this.opened = { name, error };
      raise(this, error, name === 'sessions' ? 'load-sessions' : name === 'delete' ? 'delete-account' : name, this.t);
    }
  }

  private async make(name: StepName): Promise<AccountStep> {
    const host = this.stepHost;
    const headingId = `${this.form.id}-${name}-heading`;
    if (name === 'change-email') return new (await loadCapability('account-email')).EmailChangeStep(host, (id) => this.onEmailSent(id));
    if (name === 'delete') return new (await loadCapability('account-delete')).DeleteAccountStep(host, () => this.onDeleted());
    if (name === 'sessions') return (await loadCapability('sessions')).accountStep(host, headingId);
    const { secondFactorPanel } = await loadCapability('second-factor');
    const self = this;
    const panel = secondFactorPanel({
      element: this,
      get t() {
        return self.t;
      },
      get headingLevel() {
        return self.headingLevel;
      },
      headingId,
      client: () => {
        const client = this.kit.session.client;
        if (!client) throw new SnrError('UNAVAILABLE', 'snr-auth is not configured, or nobody is signed in');
        return client;
      },
      back: this.back,
    });
    // It reads the state as it is made; each later opening reads it anew.
    let fresh = true;
    return { headingId, open: () => (fresh ? (fresh = false) : panel.reload()), render: () => panel.render() };
  }

  private readonly back = () => {
    const from = this.opened;
    if (from?.step?.busy) return;
    this.opened = null;
    from?.step?.reset?.();
    const to: Partial<Record<StepName, string>> = { delete: 'danger', 'second-factor': 'mfa', sessions: 'devices' };
    this.focusNext = `${this.form.id}-${(from && to[from.name]) ?? 'heading'}`;
  };

  /** The email step says "check your inbox": its heading takes the focus. */
  private onEmailSent(headingId: string): void {
    this.focusNext = headingId;
    this.requestUpdate();
  }

  private onDeleted(): void {
    this.deleted = true;
    this.opened = null;
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
    for (const step of Object.values(this.made)) step.reset?.();
    // The second factor's view is made anew for whoever signs in.
    delete this.made['second-factor'];
    this.opened = null;
    if (this.passkeys !== null) this.closePasskeys();
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
