/**
 * The `second-factor` capability: everything the browser shows of a second factor, loaded only
 * when it shows (`loadCapability('second-factor')`): the code step of `<snr-signin>` after a
 * password sign-in answered `MFA_REQUIRED`, and the authenticator's view of `<snr-account>`
 * (enrolment with the server's QR code and the key as text, the first code, the recovery codes
 * shown once, new codes, turning it off). Both render into their element's light DOM with the
 * form kit, so they look, validate and announce as the element's own forms do.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { RecoveryCodes, SecondFactorStatus, TotpEnrollment } from '../../contract/schemas.js';
import { asSnrError, errorText, type Message } from '../../elements/shared/errors.js';
import { FormController } from '../../elements/shared/form-controller.js';
import { heading } from '../../elements/shared/kit.js';
import type { SessionHost } from '../../elements/shared/session-controller.js';
import { css } from '../../elements/shared/tokens.js';
import type { SignInStep, SignInStepHost } from '../../elements/snr-signin/steps.js';
import type { Translation } from '../../i18n/index.js';
import type { Client } from '../../session/index.js';

const CODE = /^[0-9]{6}$/;
const RECOVERY = /^[A-Za-z0-9]{5}[- ]?[A-Za-z0-9]{5}$/;
/** A code as typed or pasted: "123 456" is six digits. */
const digits = (value: string) => value.replace(/\s/g, '');
const codeMessage = (value: string): Message | null => (!value || CODE.test(digits(value)) ? null : (t) => t.mfaCodeInvalid);
const recoveryMessage = (value: string): Message | null => (!value || RECOVERY.test(value.trim()) ? null : (t) => t.mfaRecoveryInvalid);

const styles = css(`
:where(snr-signin, snr-account) :where([part~=qr]) { display: flex; }
:where(snr-signin, snr-account) :where([part~=qr]) svg { inline-size: 11rem; block-size: auto; border-radius: var(--_snr-radius); }
:where(snr-signin, snr-account) :where([part~=totp-key]) { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; letter-spacing: 0.05em; }
:where(snr-signin, snr-account) :where([part~=key-row]) { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
:where(snr-signin, snr-account) :where([part~=recovery-codes]) { margin: 0; padding-inline-start: 2rem; display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.25rem 1.5rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
`);

/** The capability's few rules, adopted once into the element's root (light DOM: the element's own sheet cannot hold them). */
function adoptStyles(element: HTMLElement): void {
  const root = element.getRootNode() as Document | ShadowRoot;
  const sheet = styles.styleSheet;
  if (sheet && 'adoptedStyleSheets' in root && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** Moves the focus to an element's new view heading once it has rendered. */
async function focusAfterUpdate(element: SessionHost, id: string): Promise<void> {
  element.requestUpdate();
  await element.updateComplete;
  (element.querySelector(`#${id}`) as HTMLElement | null)?.focus();
}

/** The text field of a code: the app's six digits (the browser may offer the code it holds), or a recovery code. */
function codeField(form: FormController<{ code: string }>, t: Translation, kind: 'app' | 'recovery' | 'either'): TemplateResult {
  return form.field({
    name: 'code',
    label: kind === 'recovery' ? t.mfaRecoveryLabel : t.mfaCodeLabel,
    autocomplete: kind === 'recovery' ? 'off' : 'one-time-code',
    ...(kind === 'app' ? { inputmode: 'numeric' } : {}),
    required: true,
  });
}

/** A whole code pasted into the app-code field sends the form at once (as the one-time-code fields of the big sites do). */
function submitOnPaste(e: ClipboardEvent): void {
  const input = e.target as HTMLInputElement;
  const pasted = digits(e.clipboardData?.getData('text') ?? '');
  if (input.name !== 'code' || input.inputMode !== 'numeric' || !CODE.test(pasted)) return;
  e.preventDefault();
  input.value = pasted;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.form?.requestSubmit();
}

// ---- <snr-signin>: the code step -------------------------------------------------------------------

/**
 * `MFA_REQUIRED`: a code of the customer's authenticator app (or, when the condition offers
 * `RECOVERY_CODE`, one recovery code) completes the sign-in with the condition's challenge. A
 * wrong code is the field's error (try again: tries are limited per account); an ended challenge
 * says to sign in again, with the way back.
 */
export function secondFactorStep(host: SignInStepHost): SignInStep {
  adoptStyles(host.element);
  let recovery = false;
  let challenge = '';
  const form = new FormController<{ code: string }>(host.element, {
    t: () => host.t,
    action: 'sign-in',
    busy: (t) => t.mfaBusy,
    fieldFor: { MFA_CODE_INVALID: 'code' },
    validate: (_name, value) => (recovery ? recoveryMessage(value) : codeMessage(value)),
    submit: async ({ code }) => {
      const proof = recovery ? { recoveryCode: code.trim() } : { code: digits(code) };
      await host.client().completeSignInWithSecondFactor(challenge, proof, { cause: host.element });
      host.done();
    },
  });
  const toggle = async () => {
    recovery = !recovery;
    form.reset();
    const input = host.element.querySelector<HTMLInputElement>(`#${form.ids('code').control}`);
    if (input) input.value = '';
    await focusAfterUpdate(host.element, form.ids('code').control);
  };
  return {
    render(conditions) {
      const t = host.t;
      const mfa = conditions.find((c) => c.type === 'MFA');
      challenge = mfa?.challenge ?? '';
      const offersRecovery = recovery || (mfa?.methods ?? []).includes('RECOVERY_CODE');
      const introId = `${form.id}-intro`;
      return html`<form novalidate part="step" data-step="mfa" aria-labelledby=${host.headingId} aria-describedby=${introId} aria-busy=${form.busy ? 'true' : 'false'} @submit=${form.onSubmit} @paste=${submitOnPaste}>
        ${heading(host.headingId, host.headingLevel, t.mfaHeading)}
        <p part="intro" id=${introId}>${recovery ? t.mfaRecoveryIntro : t.mfaIntro}</p>
        ${codeField(form, t, recovery ? 'recovery' : 'app')}
        ${form.summaryRegion()}
        <div part="actions">
          ${form.submitButton(t.mfaSubmit, t.mfaBusy)}
          ${offersRecovery ? html`<button part="link mode" type="button" @click=${toggle}>${recovery ? t.mfaUseApp : t.mfaUseRecovery}</button>` : nothing}
          <button part="link back" type="button" @click=${() => host.back()}>${t.backToSignIn}</button>
        </div>
      </form>`;
    },
  };
}

// ---- <snr-account>: the authenticator's view -------------------------------------------------------------

/** What `<snr-account>` hands the panel: the element, its strings, the heading to use, the Client, the way back. */
export interface AccountPanelHost {
  readonly element: SessionHost;
  readonly t: Translation;
  readonly headingLevel: number;
  /** The id of the panel's heading (each of its views has one; focus goes there on a change). */
  readonly headingId: string;
  client(): Client;
  /** Back to the account's details. */
  back(): void;
}

export interface AccountPanel {
  render(): TemplateResult;
  /** Opens the panel again: its state read afresh from the server. */
  reload(): void;
}

type PanelView = 'loading' | 'failed' | 'status' | 'enrol' | 'codes' | 'regenerate' | 'disable';

/** The key as an app shows it, in groups of four: easier to type and to check. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The QR code the server made, as an SVG element. The server's SVG holds only `svg`, `rect` and
 * `path` (uqr's); anything else is not shown (the key as text still is).
 */
function qrElement(svg: string, label: string): Element | null {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.localName !== 'svg' || [...root.querySelectorAll('*')].some((el) => el.localName !== 'rect' && el.localName !== 'path')) return null;
  for (const el of [root, ...root.querySelectorAll('*')])
    for (const attr of [...el.attributes]) if (attr.name.startsWith('on') || attr.name.includes('href')) return null;
  const node = document.importNode(root, true);
  node.setAttribute('role', 'img');
  node.setAttribute('aria-label', label);
  node.setAttribute('part', 'qr-image');
  return node;
}

/** Saves the recovery codes as a text file. */
function download(codes: readonly string[], host: string): void {
  const url = URL.createObjectURL(new Blob([`${codes.join('\n')}\n`], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${host || 'recovery'}-recovery-codes.txt`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The second factor in `<snr-account>`: whether it is on (and how many recovery codes are left);
 * enrolment (the server's QR code, the key as text with copy, the first code turning it on); the
 * ten recovery codes shown once (copy, download); new codes and turning it off, each proven by a
 * current code. Every change is a native form of the kit: errors on the field and in the summary,
 * busy buttons, the focus on each new view's heading.
 */
export function secondFactorPanel(host: AccountPanelHost): AccountPanel {
  adoptStyles(host.element);
  let view: PanelView = 'loading';
  let status: SecondFactorStatus | null = null;
  let enrolment: TotpEnrollment | null = null;
  let qr: Element | null = null;
  let codes: readonly string[] = [];
  let notice: Message | null = null;
  let copied: 'key' | 'codes' | null = null;
  let loadError: Message | null = null;

  const go = (next: PanelView, options: { focus?: boolean } = {}) => {
    view = next;
    copied = null;
    if (options.focus !== false) void focusAfterUpdate(host.element, host.headingId);
    else host.element.requestUpdate();
  };
  const showCodes = (answer: RecoveryCodes) => {
    codes = answer.recoveryCodes;
    status = { totp: 'ACTIVE', recoveryCodesLeft: codes.length };
    go('codes');
  };
  const options = (busy: Message, submit: (code: string) => Promise<void>) => ({
    t: () => host.t,
    action: 'second-factor' as const,
    busy,
    fieldFor: { MFA_CODE_INVALID: 'code' as const },
    submit: ({ code }: { code: string }) => submit(code),
  });
  const startForm = new FormController<Record<string, never>>(host.element, {
    t: () => host.t,
    action: 'second-factor',
    busy: (t) => t.busy,
    submit: async () => {
      enrolment = await host.client().enrollTotp({ cause: host.element });
      qr = qrElement(enrolment.qrSvg, host.t.mfaQrLabel);
      confirmForm.reset();
      go('enrol');
    },
  });
  const confirmForm = new FormController<{ code: string }>(host.element, {
    ...options(
      (t) => t.mfaBusy,
      async (code) => showCodes(await host.client().confirmTotpEnrollment(digits(code), { cause: host.element })),
    ),
    validate: (_name, value) => codeMessage(value),
  });
  const regenerateForm = new FormController<{ code: string }>(host.element, {
    ...options(
      (t) => t.mfaBusy,
      async (code) => showCodes(await host.client().regenerateRecoveryCodes(digits(code), { cause: host.element })),
    ),
    validate: (_name, value) => codeMessage(value),
  });
  const disableForm = new FormController<{ code: string }>(host.element, {
    ...options(
      (t) => t.mfaBusy,
      async (code) => {
        const proof = CODE.test(digits(code)) ? { code: digits(code) } : { recoveryCode: code.trim() };
        await host.client().disableTotp(proof, { cause: host.element });
        status = { totp: 'NONE', recoveryCodesLeft: 0 };
        notice = (t) => t.mfaDisabled;
        go('status');
      },
    ),
    validate: (_name, value) => (codeMessage(value) === null || recoveryMessage(value) === null ? null : (t) => t.mfaCodeInvalid),
  });

  const load = async () => {
    view = 'loading';
    loadError = null;
    host.element.requestUpdate();
    try {
      status = await host.client().getSecondFactor({ cause: host.element });
      view = 'status';
    } catch (err) {
      loadError = errorText(asSnrError(err));
      view = 'failed';
    }
    await focusAfterUpdate(host.element, host.headingId);
  };
  void load();

  const copy = async (what: 'key' | 'codes', text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      copied = what;
    } catch {
      copied = null;
    }
    host.element.requestUpdate();
  };
  const back = (label: string, to: () => void, busy = false) =>
    html`<button part="button secondary back" type="button" aria-disabled=${busy ? 'true' : nothing} @click=${() => !busy && to()}>${label}</button>`;
  const toStatus = () => {
    notice = null;
    go('status');
  };
  const open = (next: 'regenerate' | 'disable') => {
    notice = null;
    (next === 'regenerate' ? regenerateForm : disableForm).reset();
    go(next);
  };

  const renderStatus = (t: Translation, s: SecondFactorStatus) => {
    const on = s.totp === 'ACTIVE';
    return html`<form novalidate part="second-factor" data-view="status" aria-labelledby=${host.headingId} aria-busy=${startForm.busy ? 'true' : 'false'} @submit=${startForm.onSubmit}>
      ${heading(host.headingId, host.headingLevel, t.mfaHeading)}
      ${notice ? html`<p part="summary" role="status" data-tone="success">${notice(t)}</p>` : nothing}
      <p part="intro" data-state=${on ? 'on' : 'off'}>${on ? t.mfaOn : t.mfaOff}</p>
      ${on ? html`<p part="hint codes-left">${t.mfaCodesLeft(s.recoveryCodesLeft)}</p>` : startForm.summaryRegion()}
      <div part="actions">
        ${
          on
            ? html`<button part="button secondary regenerate" type="button" @click=${() => open('regenerate')}>${t.mfaRegenerate}</button>
              <button part="button danger disable" type="button" @click=${() => open('disable')}>${t.mfaDisable}</button>`
            : startForm.submitButton(t.mfaEnable, t.busy)
        }
        ${back(t.backToAccount, () => host.back(), startForm.busy)}
      </div>
    </form>`;
  };

  const renderEnrol = (t: Translation, e: TotpEnrollment) => {
    const f = confirmForm;
    const keyId = `${f.id}-key`;
    return html`<form novalidate part="second-factor" data-view="enrol" aria-labelledby=${host.headingId} aria-describedby=${`${f.id}-intro`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit} @paste=${submitOnPaste}>
      ${heading(host.headingId, host.headingLevel, t.mfaEnrollHeading)}
      <p part="intro" id=${`${f.id}-intro`}>${t.mfaScanIntro}</p>
      ${qr ? html`<div part="qr">${qr}</div>` : nothing}
      <div part="key-row">
        <span part="label" id=${keyId}>${t.mfaKeyLabel}</span>
        <code part="totp-key" aria-labelledby=${keyId}>${grouped(e.secret)}</code>
        <button part="button secondary copy-key" type="button" @click=${() => copy('key', e.secret)}>${copied === 'key' ? t.mfaCopied : t.mfaCopy}</button>
        <span class="snr-sr-only" role="status">${copied === 'key' ? t.mfaCopied : ''}</span>
      </div>
      ${codeField(f, t, 'app')}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.mfaConfirmSubmit, t.mfaBusy)} ${back(t.backToAccount, toStatus, f.busy)}</div>
    </form>`;
  };

  const renderCodes = (t: Translation) => html`<div part="panel second-factor" data-view="codes">
      ${heading(host.headingId, host.headingLevel, t.mfaRecoveryHeading)}
      <p part="intro" id=${`${host.headingId}-intro`}>${t.mfaRecoveryCodesIntro}</p>
      <ol part="recovery-codes" aria-describedby=${`${host.headingId}-intro`}>
        ${codes.map((code) => html`<li><code>${code}</code></li>`)}
      </ol>
      <span class="snr-sr-only" role="status">${copied === 'codes' ? t.mfaCopied : ''}</span>
      <div part="actions">
        <button part="button secondary copy-codes" type="button" @click=${() => copy('codes', codes.join('\n'))}>${copied === 'codes' ? t.mfaCopied : t.mfaCopy}</button>
        <button part="button secondary download-codes" type="button" @click=${() => download(codes, location.hostname)}>${t.mfaDownload}</button>
        <button part="button submit codes-saved" type="button" @click=${() => {
          codes = [];
          notice = (tt) => tt.mfaEnabled;
          go('status');
        }}>${t.mfaDone}</button>
      </div>
    </div>`;

  const renderProof = (t: Translation, which: 'regenerate' | 'disable') => {
    const f = which === 'regenerate' ? regenerateForm : disableForm;
    const introId = `${f.id}-intro`;
    return html`<form novalidate part="second-factor" data-view=${which} aria-labelledby=${host.headingId} aria-describedby=${introId} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit} @paste=${submitOnPaste}>
      ${heading(host.headingId, host.headingLevel, which === 'regenerate' ? t.mfaRegenerate : t.mfaDisable)}
      <p part="intro" id=${introId}>${which === 'regenerate' ? t.mfaRegenerateIntro : t.mfaDisableIntro}</p>
      ${codeField(f, t, which === 'regenerate' ? 'app' : 'either')}
      ${f.summaryRegion()}
      <div part="actions">
        ${which === 'regenerate' ? f.submitButton(t.mfaRegenerate, t.mfaBusy) : f.submitButton(t.mfaDisable, t.mfaBusy)}
        ${back(t.backToAccount, toStatus, f.busy)}
      </div>
    </form>`;
  };

  return {
    reload() {
      notice = null;
      enrolment = null;
      codes = [];
      void load();
    },
    render() {
      const t = host.t;
      if (view === 'status' && status) return renderStatus(t, status);
      if (view === 'enrol' && enrolment) return renderEnrol(t, enrolment);
      if (view === 'codes') return renderCodes(t);
      if (view === 'regenerate' || view === 'disable') return renderProof(t, view);
      const failed = view === 'failed';
      return html`<div part="panel second-factor" data-view=${view} aria-busy=${failed ? 'false' : 'true'}>
        ${heading(host.headingId, host.headingLevel, t.mfaHeading)}
        <p part="summary" role="status" data-tone=${failed ? 'error' : 'info'}>${failed && loadError ? loadError(t) : t.busy}</p>
        <div part="actions">
          ${failed ? html`<button part="button secondary retry" type="button" @click=${() => void load()}>${t.retry}</button>` : nothing}
          ${back(t.backToAccount, () => host.back())}
        </div>
      </div>`;
    },
  };
}
