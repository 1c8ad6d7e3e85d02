import { type CSSResult, html, nothing, type ReactiveController, svg, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { ErrorCode } from '../../contract/errors.js';
import type { SnrAction } from '../../events/snr-error.js';
import type { Translation } from '../../i18n/index.js';
import { asSnrError, errorText, fieldErrorText, type Message, raise } from './errors.js';
import { buttonContent } from './kit.js';
import { LightStylesController, uniqueId } from './light-dom.js';
import type { SessionHost } from './session-controller.js';

export type Tone = 'error' | 'success' | 'info';
export interface Summary {
  tone: Tone;
  message: Message;
  /** The error it reports, when it reports one (its actions follow it). */
  code?: ErrorCode;
}

/** Eye and crossed eye: the password visibility toggle's icon. */
const eye = svg`<path d="M1.5 10s3-6 8.5-6 8.5 6 8.5 6-3 6-8.5 6-8.5-6-8.5-6z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><circle cx="10" cy="10" r="2.75" fill="none" stroke="currentColor" stroke-width="1.6"/>`;
const eyeOff = svg`${eye}<path d="M3 17L17 3" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>`;

/**
 * What a form sends, as its element declares it: every value a string (as `FormData` gives it),
 * a field that may be left out (an optional field not shown) marked optional.
 */
export type FormValues = { readonly [name: string]: string | undefined };
/** The names of a form's fields. */
export type FieldName<V> = Extract<keyof V, string>;

export interface FieldOptions<Name extends string = string> {
  name: Name;
  label: string;
  autocomplete: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'date' | 'url';
  required?: boolean;
  /** The value the field starts with (and is reset to when the host re-renders a new one). */
  value?: string;
  hint?: unknown;
  /** Id of more text that describes the field (a password's rule list). */
  describedBy?: string;
  /** Rendered under the input (a password's rule list). */
  after?: unknown;
  inputmode?: string;
  minlength?: number;
  maxlength?: number;
  passwordrules?: string;
  /** A native `pattern`, and the message shown when the value does not match it. */
  pattern?: { source: string; message: Message };
}

export interface SelectOptions<Name extends string = string> {
  name: Name;
  label: string;
  autocomplete: string;
  options: { value: string; label: string }[];
  value?: string;
  required?: boolean;
}

export interface FormControllerOptions<V extends FormValues> {
  /** The language in effect (messages are made when shown). */
  t: () => Translation;
  /** Checks beyond the native constraints; a message, or null when the value is fine. */
  validate?: (name: string, value: string, form: HTMLFormElement) => Message | null;
  /** Runs when every field is valid; a rejection is shown through `fail()`. */
  submit: (values: V, form: HTMLFormElement) => Promise<void>;
  /** What the form does, for `snr-error` events. */
  action: SnrAction | (() => SnrAction);
  /** Announced while the form is sent (the button shows it too). */
  busy?: Message;
  /** Texts for error codes that mean something more precise in this form. */
  messages?: Partial<Record<ErrorCode, Message>>;
  /** Error codes that belong to one field (EMAIL_TAKEN → email). */
  fieldFor?: Partial<Record<ErrorCode, FieldName<V>>>;
  /** What the customer can do about an error, shown after the summary (EMAIL_TAKEN → "Sign in", "Reset password"). */
  actions?: Partial<Record<ErrorCode, (t: Translation) => TemplateResult>>;
}

type Control = HTMLInputElement | HTMLSelectElement;

function nativeMessage(control: Control): Message | null {
  const v = control.validity;
  if (v.valid || v.customError) return null;
  if (v.valueMissing) return (t) => t.valueMissing;
  if (v.typeMismatch) return control.type === 'email' ? (t) => t.emailInvalid : control.type === 'url' ? (t) => t.urlInvalid : (t) => t.valueInvalid;
  if (v.badInput) return control.type === 'date' ? (t) => t.dateInvalid : (t) => t.valueInvalid;
  // Too short: the form's own check names the rule (a password's minimum length); see check().
  if (v.tooShort) return null;
  if (v.tooLong) {
    const max = (control as HTMLInputElement).maxLength;
    return (t) => t.tooLong(max);
  }
  return (t) => t.valueInvalid;
}

/**
 * One native `<form>` in light DOM: fields with labels, hints and errors tied by
 * `aria-describedby`; errors shown once a field was touched (changed and left) or the form sent;
 * a summary in a live region; focus to the first invalid field once the host has rendered its
 * errors; one submission at a time. `V` is what the form sends (its fields by name).
 */
export class FormController<V extends FormValues = FormValues> implements ReactiveController {
  busy = false;
  summary: Summary | null = null;
  /** Password inputs show their text. */
  revealed = false;
  readonly id: string;
  private readonly host: SessionHost;
  private readonly options: FormControllerOptions<V>;
  /** Each field's error now (shown once the field was touched or the form sent). */
  private readonly faults = new Map<string, Message>();
  private readonly touched = new Set<string>();
  private readonly server = new Map<string, { message: Message; value: string }>();
  /** Fields whose error is the summary's own text: marked and pointed at the summary, not worded twice. */
  private readonly echoed = new Set<string>();
  /** What was typed so far, for what the host renders from it (a password's rule list). */
  private readonly typed = new Map<string, string>();
  /** What a field with a `pattern` says when its value does not match. */
  private readonly patternMessages = new Map<string, Message>();
  /** Focused once the host has rendered (the first field at fault). */
  private focusAfterUpdate: Control | null = null;
  private submitted = false;

  constructor(host: SessionHost, options: FormControllerOptions<V>) {
    this.host = host;
    this.options = options;
    this.id = uniqueId(host.localName);
    host.addController(this);
  }

  /** Styles a part of the form brings (a password's rule list), adopted with the host's own. */
  adopt(styles: CSSResult): void {
    new LightStylesController(this.host, [styles]);
  }

  hostUpdated(): void {
    const control = this.focusAfterUpdate;
    this.focusAfterUpdate = null;
    control?.focus();
  }

  ids(name: string) {
    const control = `${this.id}-${name}`;
    return { control, hint: `${control}-hint`, error: `${control}-error` };
  }

  get summaryId(): string {
    return `${this.id}-summary`;
  }

  /** What is typed in a field now ('' before anything is). */
  value(name: FieldName<V>): string {
    return this.typed.get(name) ?? '';
  }

  /** The error shown for a field now, if any. */
  error(name: string): Message | null {
    if (!this.submitted && !this.touched.has(name)) return null;
    return this.faults.get(name) ?? null;
  }

  /** Forget what was typed and shown (after a success, or when the form is shown anew). */
  reset(): void {
    this.faults.clear();
    this.touched.clear();
    this.server.clear();
    this.echoed.clear();
    this.typed.clear();
    this.submitted = false;
    this.summary = null;
    this.busy = false;
    this.revealed = false;
  }

  /** Shows an outcome that came from elsewhere than this form's own submit (e.g. a resend's answer). */
  show(summary: Summary | null, fields: Record<string, Message> = {}): void {
    this.summary = summary;
    for (const [name, message] of Object.entries(fields)) {
      this.faults.set(name, message);
      this.touched.add(name);
    }
    this.host.requestUpdate();
  }

  // ---- rendering ------------------------------------------------------------------------------------

  field(o: FieldOptions<FieldName<V>>): TemplateResult {
    const t = this.options.t();
    const ids = this.ids(o.name);
    const error = this.error(o.name);
    // An error the summary words already (the server's answer about this field): said once, there.
    const echoed = !!error && this.echoed.has(o.name);
    const describedBy = [o.hint ? ids.hint : '', o.describedBy ?? '', error ? (echoed ? this.summaryId : ids.error) : ''].filter(Boolean).join(' ');
    const type = o.type === 'password' && this.revealed ? 'text' : (o.type ?? 'text');
    const plain = o.type === 'email' || o.type === 'password' || o.type === 'url';
    if (o.pattern) this.patternMessages.set(o.name, o.pattern.message);
    const input = html`<input
        part="input"
        id=${ids.control}
        name=${o.name}
        type=${type}
        autocomplete=${o.autocomplete}
        .value=${o.value ?? ''}
        ?required=${o.required ?? false}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        inputmode=${ifDefined(o.inputmode)}
        minlength=${ifDefined(o.minlength)}
        maxlength=${ifDefined(o.maxlength)}
        passwordrules=${ifDefined(o.passwordrules)}
        pattern=${ifDefined(o.pattern?.source)}
        autocapitalize=${plain ? 'none' : nothing}
        spellcheck=${plain ? 'false' : nothing}
        @input=${this.onInput}
        @change=${this.onChange}
      />`;
    return html`<div part="field" data-field=${o.name}>
      ${this.label(o)}
      ${o.hint ? html`<div part="hint" id=${ids.hint}>${o.hint}</div>` : nothing}
      ${o.type === 'password' ? html`<div part="input-wrap">${input}${this.revealButton(ids.control)}</div>` : input}
      ${o.after ?? nothing}
      <div part="error" id=${ids.error} ?hidden=${!error || echoed}>${error && !echoed ? error(t) : nothing}</div>
    </div>`;
  }

  /** A field's label, "(optional)" after it unless the field is required (also profile-fields.ts's select). */
  label(o: { name: string; label: string; required?: boolean | undefined }): TemplateResult {
    return html`<label part="label" for=${this.ids(o.name).control}>${o.label}${o.required ? nothing : html` <span part="optional">${this.options.t().optional}</span>`}</label>`;
  }

  /**
   * The password visibility toggle inside the field: a button with \`aria-pressed\` (its name stays
   * "Show password"), one state for every password input of the form.
   */
  private revealButton(control: string): TemplateResult {
    const t = this.options.t();
    return html`<button
      part="reveal"
      type="button"
      aria-pressed=${this.revealed ? 'true' : 'false'}
      aria-label=${t.showPassword}
      aria-controls=${control}
      title=${t.showPassword}
      @click=${() => {
        this.revealed = !this.revealed;
        this.host.requestUpdate();
      }}
    ><svg part="reveal-icon" viewBox="0 0 20 20" aria-hidden="true">${this.revealed ? eyeOff : eye}</svg></button>`;
  }

  checkbox(name: string, label: string, checked: boolean): TemplateResult {
    return html`<label part="checkbox"><input type="checkbox" name=${name} .checked=${checked} @change=${this.onChange} /> <span>${label}</span></label>`;
  }

  /**
   * The live region: busy, errors and successes are announced from here. While the form is sent
   * again, the last outcome stays in place (marked `data-stale`) until the new one replaces it, so
   * nothing below it moves twice.
   */
  summaryRegion(extra: unknown = nothing): TemplateResult {
    const t = this.options.t();
    const s = this.summary;
    const busy = this.busy && this.options.busy;
    const actions = s?.code && !this.busy ? this.options.actions?.[s.code] : undefined;
    return html`<div part="summary" id=${this.summaryId} role="status" aria-live="polite" aria-atomic="true" tabindex="-1" data-tone=${s ? s.tone : nothing} ?data-stale=${!!s && this.busy}>${s ? html`<span aria-hidden=${busy ? 'true' : nothing}>${s.message(t)}</span>` : nothing}${busy ? html`<span class="snr-sr-only">${this.options.busy!(t)}</span>` : nothing}${extra}</div>${actions ? html`<div part="actions error-actions">${actions(t)}</div>` : nothing}`;
  }

  /** The submit button: stays focusable while busy (aria-disabled), so focus is never lost. */
  submitButton(label: string, busyLabel: string): TemplateResult {
    return html`<button part="button submit" type="submit" aria-disabled=${this.busy ? 'true' : nothing}>
      ${buttonContent(label, busyLabel, this.busy)}
    </button>`;
  }

  // ---- behaviour ------------------------------------------------------------------------------------

  private readonly onInput = (e: Event) => {
    const control = e.target as Control;
    this.server.delete(control.name);
    this.echoed.delete(control.name);
    this.typed.set(control.name, control.value);
    this.check(control);
    this.host.requestUpdate();
  };

  /** A control's change listener (the form's own controls: `field`, `checkbox`, profile-fields.ts's select). */
  readonly onChange = (e: Event) => {
    const control = e.target as Control;
    if (control.type !== 'checkbox') this.touched.add(control.name);
    this.check(control);
    // A confirmation field depends on the field it repeats.
    const form = control.form;
    if (form) for (const other of this.controls(form)) if (other !== control && this.touched.has(other.name)) this.check(other);
    this.host.requestUpdate();
  };

  /** The form's submit listener. */
  readonly onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (this.busy) return;
    const form = e.currentTarget as HTMLFormElement;
    this.submitted = true;
    const invalid = this.controls(form).filter((control) => !this.check(control));
    if (invalid.length) {
      const n = invalid.length;
      this.summary = { tone: 'error', message: (t) => t.formInvalid(n) };
      this.focusAfterUpdate = invalid[0]!;
      this.host.requestUpdate();
      return;
    }
    // The form's own inputs: the names and types its element declared in `V`.
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
    this.busy = true;
    // The last outcome stays until the answer replaces it (no reflow while busy).
    const last = this.summary;
    this.host.requestUpdate();
    try {
      await this.options.submit(values as unknown as V, form);
      if (this.summary === last) this.summary = null;
    } catch (err) {
      // Not busy any more before anyone hears of the failure: a listener may send again at once.
      this.busy = false;
      this.fail(err, form);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  };

  /**
   * Shows a failure: per field when the server named fields, in the summary always, and as an
   * `snr-error` event. Focus goes to the first field at fault.
   */
  fail(err: unknown, form: HTMLFormElement | null = null): void {
    const error = asSnrError(err);
    const t = this.options.t();
    const fields = form ? this.controls(form) : [];
    const byName = new Map(fields.map((c) => [c.name, c]));
    const at: Control[] = [];
    const text = this.options.messages?.[error.code] ?? errorText(error);
    const own: string | undefined = this.options.fieldFor?.[error.code];
    const named = error.errors.map((fe) => ({ name: fe.field, message: fieldErrorText(fe, error.code) }));
    if (own) named.unshift({ name: own, message: text });
    for (const { name, message } of named) {
      const control = byName.get(name);
      if (!control || this.server.has(name)) continue;
      this.server.set(name, { message, value: control.value });
      if (message === text) this.echoed.add(name);
      this.faults.set(name, message);
      control.setCustomValidity(message(t));
      at.push(control);
    }
    this.summary = { tone: 'error', message: text, code: error.code };
    const action = this.options.action;
    raise(this.host, error, typeof action === 'function' ? action() : action, t, text);
    if (at.length) this.focusAfterUpdate = at[0]!;
    this.host.requestUpdate();
  }

  private controls(form: HTMLFormElement): Control[] {
    return [...form.elements].filter(
      (c): c is Control =>
        ((c instanceof HTMLInputElement && c.type !== 'checkbox' && c.type !== 'hidden') || c instanceof HTMLSelectElement) && !!c.name && !c.hidden,
    );
  }

  /** Validates one control, records its message and sets its native validity; true when valid. */
  private check(control: Control): boolean {
    const t = this.options.t();
    const server = this.server.get(control.name);
    control.setCustomValidity('');
    let message: Message | null = control.validity.patternMismatch ? (this.patternMessages.get(control.name) ?? null) : null;
    message ??= nativeMessage(control);
    if (!message && server && server.value === control.value) message = server.message;
    if (!message && control.form) message = this.options.validate?.(control.name, control.value, control.form) ?? null;
    if (!message && control.validity.tooShort) {
      const min = (control as HTMLInputElement).minLength;
      message = (t) => t.passwordNeeds(t.rules.minLength(min));
    }
    if (message) {
      if (control.validity.valid) control.setCustomValidity(message(t));
      this.faults.set(control.name, message);
      return false;
    }
    this.faults.delete(control.name);
    return true;
  }
}
