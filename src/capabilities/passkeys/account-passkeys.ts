import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { Passkey } from '../../contract/schemas.js';
import { asSnrError, errorText, type Message, raise } from '../../elements/shared/errors.js';
import { FormController } from '../../elements/shared/form-controller.js';
import { buttonContent, heading } from '../../elements/shared/kit.js';
import type { SessionHost } from '../../elements/shared/session-controller.js';
import type { Translation } from '../../i18n/index.js';
import type { Client } from '../../session/index.js';

export interface AccountPasskeysOptions {
  t: () => Translation;
  client: () => Client | null;
  headingLevel: () => number;
  /** Where the focus goes when the customer closes the section (the button that opened it). */
  close: () => void;
}

type Status = { tone: 'success' | 'error' | 'info'; message: Message } | null;

/**
 * The passkeys section of `<snr-account>`, loaded when the customer opens it: the list (name,
 * created, last used, synced or on this device), "Add a passkey" (the browser's dialog), rename
 * (inline form) and remove (inline form: the password, or "Confirm with a passkey"). Every action
 * reports in one live region; the focus moves to what appeared (the rename field, the removal
 * form's heading) and back to the passkey's row after.
 */
export class AccountPasskeys implements ReactiveController {
  passkeys: Passkey[] | null = null;
  private loadError: Message | null = null;
  private adding = false;
  private status: Status = null;
  private renaming: string | null = null;
  private removing: string | null = null;
  private removingWithPasskey = false;
  private focusNext: string | null = null;
  private readonly host: SessionHost;
  private readonly o: AccountPasskeysOptions;
  readonly renameForm: FormController<{ name: string }>;
  readonly removeForm: FormController<{ password: string }>;

  constructor(host: SessionHost, options: AccountPasskeysOptions) {
    this.host = host;
    this.o = options;
    this.renameForm = new FormController(host, {
      t: options.t,
      action: 'passkey',
      busy: (t) => t.saving,
      submit: (values) => this.rename(values.name),
    });
    this.removeForm = new FormController(host, {
      t: options.t,
      action: 'passkey',
      busy: (t) => t.passkeyRemoveBusy,
      fieldFor: { INVALID_CREDENTIALS: 'password' },
      messages: { INVALID_CREDENTIALS: (t) => t.currentPasswordWrong },
      submit: (values) => this.remove({ password: values.password }),
    });
    host.addController(this);
    this.load();
  }

  private get id(): string {
    return this.renameForm.id;
  }

  hostUpdated(): void {
    if (!this.focusNext) return;
    (this.host.querySelector(`#${this.focusNext}`) as HTMLElement | null)?.focus();
    this.focusNext = null;
  }

  private client(): Client {
    const client = this.o.client();
    if (!client) throw asSnrError({ code: 'UNAVAILABLE', message: 'snr-auth is not configured, or nobody is signed in' });
    return client;
  }

  readonly load = async (): Promise<void> => {
    this.loadError = null;
    this.host.requestUpdate();
    try {
      this.passkeys = await this.client().getPasskeys({ cause: this.host });
    } catch (err) {
      const error = asSnrError(err);
      this.loadError = errorText(error);
      raise(this.host, error, 'passkey', this.o.t());
    }
    this.host.requestUpdate();
  };

  private report(err: unknown): void {
    const error = asSnrError(err);
    this.status = { tone: 'error', message: errorText(error) };
    raise(this.host, error, 'passkey', this.o.t());
  }

  private readonly add = async () => {
    if (this.adding) return;
    this.adding = true;
    this.status = { tone: 'info', message: (t) => t.passkeyAddBusy };
    this.host.requestUpdate();
    try {
      const added = await this.client().registerPasskey(undefined, { cause: this.host });
      this.passkeys = [...(this.passkeys ?? []), added];
      this.status = { tone: 'success', message: (t) => t.passkeyAdded(added.name) };
    } catch (err) {
      this.report(err);
    } finally {
      this.adding = false;
      this.host.requestUpdate();
    }
  };

  private open(kind: 'rename' | 'remove', id: string): void {
    this.renameForm.reset();
    this.removeForm.reset();
    this.status = null;
    this.renaming = kind === 'rename' ? id : null;
    this.removing = kind === 'remove' ? id : null;
    this.focusNext = kind === 'rename' ? this.renameForm.ids('name').control : `${this.id}-remove-heading`;
    this.host.requestUpdate();
  }

  private cancel(id: string): void {
    if (this.renameForm.busy || this.removeForm.busy || this.removingWithPasskey) return;
    this.renaming = null;
    this.removing = null;
    this.focusNext = `${this.id}-${id}-name`;
    this.host.requestUpdate();
  }

  private async rename(name: string): Promise<void> {
    const id = this.renaming;
    if (!id) return;
    const renamed = await this.client().renamePasskey(id, name.trim(), { cause: this.host });
    this.passkeys = (this.passkeys ?? []).map((p) => (p.id === id ? renamed : p));
    this.renaming = null;
    this.status = { tone: 'success', message: (t) => t.passkeyRenamed(renamed.name) };
    this.focusNext = `${this.id}-${id}-name`;
  }

  private async remove(proof: { password: string } | 'passkey'): Promise<void> {
    const id = this.removing;
    if (!id) return;
    const gone = this.passkeys?.find((p) => p.id === id);
    await this.client().removePasskey(id, proof, { cause: this.host });
    this.passkeys = (this.passkeys ?? []).filter((p) => p.id !== id);
    this.removing = null;
    this.removeForm.reset();
    this.status = { tone: 'success', message: (t) => t.passkeyRemoved(gone?.name ?? '') };
    this.focusNext = `${this.id}-heading`;
  }

  private readonly removeWithPasskey = async () => {
    if (this.removingWithPasskey || this.removeForm.busy) return;
    this.removingWithPasskey = true;
    this.removeForm.show({ tone: 'info', message: (t) => t.passkeyRemoveBusy });
    this.host.requestUpdate();
    try {
      await this.remove('passkey');
    } catch (err) {
      const error = asSnrError(err);
      this.removeForm.show({ tone: 'error', message: errorText(error) });
      raise(this.host, error, 'passkey', this.o.t());
    } finally {
      this.removingWithPasskey = false;
      this.host.requestUpdate();
    }
  };

  render(): TemplateResult {
    const t = this.o.t();
    const id = this.id;
    const list = this.passkeys;
    return html`<section part="passkeys" aria-labelledby=${`${id}-heading`}>
      ${heading(`${id}-heading`, this.o.headingLevel(), t.passkeysHeading)}
      <p part="hint">${t.passkeysIntro}</p>
      ${
        list === null
          ? html`<p part="summary" role="status" data-tone=${this.loadError ? 'error' : 'info'}>${this.loadError ? this.loadError(t) : t.passkeysLoading}</p>
            ${this.loadError ? html`<div part="actions"><button part="button secondary retry" type="button" @click=${this.load}>${t.retry}</button></div>` : nothing}`
          : list.length === 0
            ? html`<p part="passkeys-empty">${t.passkeysEmpty}</p>`
            : html`<ul part="passkey-list">${list.map((p) => this.renderPasskey(p, t))}</ul>`
      }
      <p part="summary" role="status" aria-live="polite" data-tone=${this.status?.tone ?? nothing}>${this.status?.message(t) ?? nothing}</p>
      <div part="actions">
        <button part="button secondary passkey-add" type="button" aria-disabled=${this.adding ? 'true' : nothing} @click=${this.add}>
          ${buttonContent(t.passkeyAdd, t.passkeyAddBusy, this.adding)}
        </button>
        <button part="link back" type="button" @click=${this.o.close}>${t.passkeysClose}</button>
      </div>
    </section>`;
  }

  private renderPasskey(p: Passkey, t: Translation) {
    const id = this.id;
    const date = (iso: string) => new Intl.DateTimeFormat(t.lang, { dateStyle: 'medium' }).format(new Date(iso));
    const nameId = `${id}-${p.id}-name`;
    return html`<li part="passkey" aria-labelledby=${nameId}>
      <span part="passkey-name" id=${nameId} tabindex="-1">${p.name}</span>
      <span part="passkey-meta hint">
        ${t.passkeyCreated(date(p.createdAt))} · ${p.lastUsedAt ? t.passkeyLastUsed(date(p.lastUsedAt)) : t.passkeyNeverUsed} ·
        ${p.backedUp ? t.passkeySynced : t.passkeyThisDevice}
      </span>
      ${
        this.renaming === p.id
          ? this.renderRename(p, t)
          : this.removing === p.id
            ? this.renderRemove(p, t)
            : html`<div part="actions">
              <button part="button secondary passkey-rename" type="button" aria-describedby=${nameId} @click=${() => this.open('rename', p.id)}>${t.passkeyRename}</button>
              <button part="button secondary passkey-remove" type="button" aria-describedby=${nameId} @click=${() => this.open('remove', p.id)}>${t.passkeyRemove}</button>
            </div>`
      }
    </li>`;
  }

  private renderRename(p: Passkey, t: Translation) {
    const f = this.renameForm;
    return html`<form novalidate part="passkey-rename-form" aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${f.field({ name: 'name', label: t.passkeyName, autocomplete: 'off', required: true, value: p.name, maxlength: 64 })}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.save, t.saving)} <button part="button secondary" type="button" @click=${() => this.cancel(p.id)}>${t.cancel}</button></div>
    </form>`;
  }

  private renderRemove(p: Passkey, t: Translation) {
    const f = this.removeForm;
    const id = this.id;
    const busy = f.busy || this.removingWithPasskey;
    return html`<form novalidate part="passkey-remove-form" aria-labelledby=${`${id}-remove-heading`} aria-busy=${busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-remove-heading`, this.o.headingLevel() + 1, t.passkeyRemoveHeading(p.name))}
      <p part="intro">${t.passkeyRemoveIntro}</p>
      ${f.field({ name: 'password', type: 'password', label: t.password, autocomplete: 'current-password', required: true })}
      ${f.summaryRegion()}
      <div part="actions">
        <button part="button danger passkey-remove-confirm" type="submit" aria-disabled=${busy ? 'true' : nothing}>${buttonContent(t.passkeyRemove, t.passkeyRemoveBusy, f.busy)}</button>
        <button part="button secondary passkey-remove-with-passkey" type="button" aria-disabled=${busy ? 'true' : nothing} @click=${this.removeWithPasskey}>
          ${buttonContent(t.passkeyRemoveWithPasskey, t.passkeyRemoveBusy, this.removingWithPasskey)}
        </button>
        <button part="button secondary" type="button" @click=${() => this.cancel(p.id)}>${t.cancel}</button>
      </div>
    </form>`;
  }
}
