import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { asSnrError, errorText, type Message, notConfigured, raise } from '../../elements/shared/errors.js';
import { FormController } from '../../elements/shared/form-controller.js';
import { buttonContent, heading } from '../../elements/shared/kit.js';
import { backButton, type SignInStepFactory } from '../../elements/snr-signin/steps.js';
import type { Translation } from '../../i18n/index.js';
import type { Client } from '../../session/index.js';

/** An activation code: six digits. */
const PIN = /^[0-9]{6}$/;

export interface PinEntryOptions {
  host: ReactiveControllerHost & HTMLElement;
  client: () => Client | null;
  t: () => Translation;
  headingLevel: () => number;
  /** The address the code goes to. */
  email: () => string;
  /** Seconds before "Send a new code" can be used again after a code was sent. */
  cooldown: () => number;
  /** A code was sent just now (the step opens after a registration): "Send a new code" waits its cooldown first. */
  justSent: boolean;
  /** After the right code: the account is active (sign the customer in, say so). Its error shows in the form. */
  confirmed: () => Promise<void>;
  /** More buttons beside "Activate account" and "Send a new code" (a way back). */
  actions?: () => TemplateResult | typeof nothing;
  /** The heading's id, when the element chooses it. */
  headingId?: string;
}

/**
 * The code-entry step of the `pin` registration mode, for `<snr-register>` (after registering) and
 * `<snr-signin>` (a sign-in answered `ACTIVATION_REQUIRED` with a `PIN_ACTIVATION` condition): a
 * one-time-code input (`autocomplete="one-time-code"`, `inputmode="numeric"`; a pasted "123 456" or
 * "123-456" keeps its digits), "Activate account", and "Send a new code"
 * (`requestAccountActivationByPin`) with a cooldown shown as a countdown.
 */
export class PinEntry {
  readonly form: FormController<{ pinCode: string }>;
  private resendAt: number;
  private resendBusy = false;
  private resendMessage: { text: Message; tone: 'success' | 'error' } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly o: PinEntryOptions) {
    this.form = new FormController<{ pinCode: string }>(o.host, {
      t: o.t,
      action: 'confirm-email',
      busy: (t) => t.pinBusy,
      fieldFor: { ACTIVATION_PIN_INVALID: 'pinCode' },
      validate: (name, value) => (name === 'pinCode' && !PIN.test(value) ? (t) => t.pinInvalid : null),
      submit: (values) => this.confirm(values.pinCode),
    });
    this.resendAt = o.justSent ? Date.now() + o.cooldown() * 1000 : 0;
    this.tick();
  }

  /** The heading's id (focus it when the step opens). */
  get headingId(): string {
    return this.o.headingId ?? `${this.form.id}-heading`;
  }

  /** Stops the countdown (the step closed). */
  dispose(): void {
    clearTimeout(this.timer);
  }

  render(): TemplateResult {
    const t = this.o.t();
    const f = this.form;
    const id = f.id;
    const wait = Math.max(0, Math.ceil((this.resendAt - Date.now()) / 1000));
    const unavailable = this.resendBusy || wait > 0;
    return html`<form
      novalidate
      part="pin"
      data-step="pin"
      aria-labelledby=${this.headingId}
      aria-describedby=${`${id}-intro`}
      aria-busy=${f.busy ? 'true' : 'false'}
      @submit=${f.onSubmit}
      @input=${{ handleEvent: this.normalize, capture: true }}
    >
      ${heading(this.headingId, this.o.headingLevel(), t.pinHeading)}
      <p part="intro pin-intro" id=${`${id}-intro`}>${t.pinIntro(this.o.email())}</p>
      ${f.field({
        name: 'pinCode',
        label: t.pinLabel,
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        required: true,
        hint: t.pinHint,
        pattern: { source: '[0-9]{6}', message: (tr) => tr.pinInvalid },
      })}
      ${f.summaryRegion()}
      <div part="actions">
        ${f.submitButton(t.pinSubmit, t.pinBusy)}
        <button part="button secondary resend" type="button" aria-disabled=${unavailable ? 'true' : nothing} aria-describedby=${wait > 0 ? `${id}-wait` : nothing} @click=${this.resend}>
          ${buttonContent(t.pinResend, t.resending, this.resendBusy)}
        </button>
        ${this.o.actions?.() ?? nothing}
      </div>
      <p part="resend-wait" id=${`${id}-wait`} ?hidden=${wait === 0}>${wait > 0 ? t.pinResendWait(wait) : nothing}</p>
      <p part="resend-status" role="status" data-tone=${this.resendMessage ? this.resendMessage.tone : nothing}>${this.resendMessage?.text(t) ?? nothing}</p>
    </form>`;
  }

  /** A pasted or typed code keeps its digits only (a mail's "123 456" or "123-456" pastes whole). */
  private readonly normalize = (e: Event) => {
    const input = e.target as HTMLInputElement;
    if (input.name !== 'pinCode') return;
    const digits = input.value.replace(/\D/g, '').slice(0, 6);
    if (digits !== input.value) input.value = digits;
  };

  private client(): Client {
    const client = this.o.client();
    if (!client) throw notConfigured(this.o.host);
    return client;
  }

  private async confirm(code: string): Promise<void> {
    await this.client().confirmAccountActivationByPin(code, this.o.email());
    this.dispose();
    await this.o.confirmed();
  }

  /** Re-renders each second while "Send a new code" waits, so the countdown and the button stay true. */
  private tick(): void {
    clearTimeout(this.timer);
    const left = this.resendAt - Date.now();
    if (left <= 0) return;
    this.timer = setTimeout(
      () => {
        this.o.host.requestUpdate();
        this.tick();
      },
      Math.min(1000, left),
    );
  }

  private readonly resend = async () => {
    if (this.resendBusy || this.resendAt > Date.now()) return;
    const email = this.o.email();
    this.resendBusy = true;
    this.resendMessage = null;
    this.o.host.requestUpdate();
    try {
      await this.client().requestAccountActivationByPin(email);
      this.resendAt = Date.now() + this.o.cooldown() * 1000;
      this.resendMessage = { text: (t) => t.pinResent(email), tone: 'success' };
      this.tick();
    } catch (err) {
      const error = asSnrError(err);
      this.resendMessage = { text: errorText(error), tone: 'error' };
      raise(this.o.host, error, 'resend-email', this.o.t());
    } finally {
      this.resendBusy = false;
      this.o.host.requestUpdate();
    }
  };
}

/** Seconds before `<snr-signin>`'s "Send a new code" can be used again after a code was sent. */
const SIGN_IN_RESEND_COOLDOWN_S = 30;

/**
 * `<snr-signin>`'s step for an account of the `pin` mode that is not active yet: the code from the
 * mail (or a new one, sent by "Send a new code"), then the sign-in sent again: the customer is in.
 */
export const pinActivationStep: SignInStepFactory = (host) => {
  const entry = new PinEntry({
    host: host.element,
    client: () => host.client(),
    t: () => host.t,
    headingLevel: () => host.headingLevel,
    email: () => host.email,
    cooldown: () => SIGN_IN_RESEND_COOLDOWN_S,
    justSent: false,
    confirmed: () => host.continueSignIn({}),
    actions: () => backButton(host),
    headingId: host.headingId,
  });
  return { render: () => entry.render() };
};
