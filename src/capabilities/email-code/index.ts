/**
 * Sign-in with an emailed code (issue 14, item 3): the steps `<snr-signin>` shows when it offers
 * `code` — "send me a code" (the email) and the code itself — loaded with `loadCapability('email-code')`
 * when the customer first asks for a code (or at once on a form that offers no password), so a
 * password-only page never downloads it.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { asSnrError, errorText, type Message, raise } from '../../elements/shared/errors.js';
import { FormController } from '../../elements/shared/form-controller.js';
import { buttonContent, heading } from '../../elements/shared/kit.js';
import type { SignInHost } from '../../elements/snr-signin/steps.js';
import type { ConditionalSignInOptions } from '../../session/index.js';

export interface EmailCodeFlow {
  /** Mails a code to `email` and shows the code step; rejects (nothing shown) when the request fails. */
  send(email: string): Promise<void>;
  /** Shows the email form ("send me a code"), holding `email`. */
  ask(email: string): void;
  render(): TemplateResult;
  /** Leaves the flow (signed in, another view, the element removed): the countdown stops, the next start is the email form. */
  close(): void;
}

const DIGITS = /^[0-9]{6}$/;

/** The flow, on what `<snr-signin>` lends it. */
export function emailCodeFlow(host: SignInHost): EmailCodeFlow {
  let stage: 'ask' | 'code' = 'ask';
  let email = '';
  /** When "Send a new code" may be used again, on the monotonic clock. */
  let resendAt = 0;
  let resendBusy = false;
  let resendNote: { text: Message; tone: 'success' | 'error' } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => host.element.requestUpdate();

  const askForm = new FormController<{ email: string }>(host.element, {
    t: () => host.t,
    action: 'request-sign-in-code',
    busy: (t) => t.codeRequestBusy,
    submit: (values) => send(values.email),
  });
  const codeForm = new FormController<{ code: string }>(host.element, {
    t: () => host.t,
    action: 'sign-in',
    busy: (t) => t.signInBusy,
    fieldFor: { SIGN_IN_CODE_INVALID: 'code' },
    validate: (name, value) => (name === 'code' && !DIGITS.test(value) ? (t) => t.codeInvalid : null),
    submit: (values) => signIn(email, values.code),
  });

  /** A code sign-in, conditional as the password one: the element takes the outcome (a token, a step such as the terms, or the code refused). */
  async function signIn(to: string, code: string, extra: Omit<ConditionalSignInOptions, 'cause'> = {}): Promise<void> {
    const result = await host.client().signInWithCodeConditionally(to, code, { ...extra, cause: host.element });
    await host.settle(result, to, 'SIGN_IN_CODE_INVALID', (options) => signIn(to, code, options));
  }

  /** Re-renders each second while "Send a new code" waits, so the countdown and the button stay true. */
  function tick(): void {
    clearTimeout(timer);
    const left = resendAt - performance.now();
    if (left <= 0) return;
    timer = setTimeout(
      () => {
        update();
        tick();
      },
      Math.min(1000, left),
    );
  }

  async function send(to: string): Promise<void> {
    const { resendAfter } = await host.client().requestSignInCode(to);
    email = to;
    stage = 'code';
    resendAt = performance.now() + resendAfter * 1000;
    resendNote = null;
    codeForm.reset();
    askForm.reset();
    host.focus(`${codeForm.id}-heading`);
    tick();
    update();
  }

  const resend = async () => {
    if (resendBusy || resendAt > performance.now()) return;
    resendBusy = true;
    resendNote = null;
    update();
    try {
      const { resendAfter } = await host.client().requestSignInCode(email);
      resendAt = performance.now() + resendAfter * 1000;
      resendNote = { text: (t) => t.codeResent(email), tone: 'success' };
      codeForm.reset();
      tick();
    } catch (err) {
      const error = asSnrError(err);
      // Asked too soon (another tab, a reload): wait as long as the server says.
      if (error.retryAfter) resendAt = performance.now() + error.retryAfter * 1000;
      resendNote = { text: errorText(error), tone: 'error' };
      raise(host.element, error, 'request-sign-in-code', host.t);
      tick();
    } finally {
      resendBusy = false;
      update();
    }
  };

  /** Digits only ("123 456" and "123-456" paste whole); a whole code pasted or filled in by the browser is sent at once. */
  const normalize = (e: InputEvent) => {
    const input = e.target as HTMLInputElement;
    if (input.name !== 'code') return;
    const digits = input.value.replace(/\D/g, '').slice(0, 6);
    if (digits !== input.value) input.value = digits;
    const whole = e.inputType === 'insertFromPaste' || e.inputType === 'insertReplacementText' || e.inputType === undefined;
    if (whole && DIGITS.test(digits) && !codeForm.busy) queueMicrotask(() => input.form?.requestSubmit());
  };

  const passwordButton = (typed?: string) => html`<button part="link use-password" type="button" @click=${() => leave(typed ?? email)}>
    ${host.t.codeUsePassword}
  </button>`;

  function leave(to: string): void {
    flow.close();
    host.backToPassword(to);
  }

  function renderAsk(): TemplateResult {
    const t = host.t;
    const f = askForm;
    const id = f.id;
    return html`<form novalidate part="step code-request" data-step="code-request" aria-labelledby=${`${id}-heading`} aria-describedby=${`${id}-intro`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(`${id}-heading`, host.headingLevel, t.codeRequestHeading)}
      <p part="intro" id=${`${id}-intro`}>${t.codeRequestIntro}</p>
      ${f.field({ name: 'email', type: 'email', label: t.email, autocomplete: 'username', required: true, value: email })}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.codeRequest, t.codeRequestBusy)} ${host.offersPassword ? passwordButton(f.value('email') || email) : nothing}</div>
    </form>`;
  }

  function renderCode(): TemplateResult {
    const t = host.t;
    const f = codeForm;
    const id = f.id;
    const wait = Math.max(0, Math.ceil((resendAt - performance.now()) / 1000));
    const unavailable = resendBusy || wait > 0;
    return html`<form
      novalidate
      part="step code"
      data-step="code"
      aria-labelledby=${`${id}-heading`}
      aria-describedby=${`${id}-intro`}
      aria-busy=${f.busy ? 'true' : 'false'}
      @submit=${f.onSubmit}
      @input=${{ handleEvent: normalize, capture: true }}
    >
      ${heading(`${id}-heading`, host.headingLevel, t.codeHeading)}
      <p part="intro code-intro" id=${`${id}-intro`}>${t.codeIntro(email)}</p>
      ${f.field({
        name: 'code',
        label: t.codeLabel,
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        required: true,
        hint: t.codeHint,
        pattern: { source: '[0-9]{6}', message: (tr) => tr.codeInvalid },
      })}
      ${f.summaryRegion()}
      <div part="actions">
        ${f.submitButton(t.signInSubmit, t.signInBusy)}
        <button part="button secondary resend" type="button" aria-disabled=${unavailable ? 'true' : nothing} aria-describedby=${wait > 0 ? `${id}-wait` : nothing} @click=${resend}>
          ${buttonContent(t.pinResend, t.resending, resendBusy)}
        </button>
      </div>
      <p part="resend-wait" id=${`${id}-wait`} ?hidden=${wait === 0}>${wait > 0 ? t.pinResendWait(wait) : nothing}</p>
      <p part="resend-status" role="status" data-tone=${resendNote ? resendNote.tone : nothing}>${resendNote?.text(t) ?? nothing}</p>
      <div part="actions">
        ${host.offersPassword ? passwordButton() : html`<button part="link back" type="button" @click=${() => flow.ask(email)}>${t.codeOtherEmail}</button>`}
      </div>
    </form>`;
  }

  const flow: EmailCodeFlow = {
    send,
    ask(to) {
      clearTimeout(timer);
      email = to;
      stage = 'ask';
      askForm.reset();
      host.focus(`${askForm.id}-heading`);
      update();
    },
    render: () => (stage === 'code' ? renderCode() : renderAsk()),
    close() {
      clearTimeout(timer);
      stage = 'ask';
    },
  };
  return flow;
}
