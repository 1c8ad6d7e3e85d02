import { html, nothing, type TemplateResult } from 'lit';
import type { AuthCondition, ConditionalStatus } from '../../contract/schemas.js';
import type { Translation } from '../../i18n/index.js';
import type { Client, ConditionalSignInOptions } from '../../session/index.js';
import { FormController } from '../shared/form-controller.js';
import { heading } from '../shared/kit.js';
import type { SessionHost } from '../shared/session-controller.js';
import { secondFactorStep } from './second-factor-step.js';

/**
 * What `<snr-signin>` hands a step: the element (to attach controllers to), its strings, the
 * customer's email, and the two ways out — signing in again with what the step gathered, or back to
 * the form.
 */
export interface SignInStepHost {
  readonly element: SessionHost;
  readonly t: Translation;
  readonly headingLevel: number;
  /** The id the step gives its heading: the element moves focus there when the step opens. */
  readonly headingId: string;
  readonly email: string;
  /** Sends the conditional sign-in again, same credentials, plus `options`; the flow shows what follows (a token, or the next step). */
  continueSignIn(options: Omit<ConditionalSignInOptions, 'cause'>): Promise<void>;
  /** Back to the sign-in form. */
  back(): void;
  /** The page's Client, for a step that calls routes of its own (the second factor's completion). */
  client(): Client;
  /** The step signed the customer in by itself: the flow ends as a sign-in's `SUCCESS` ends it. */
  done(): void;
}

/** One step of the sign-in flow, shown for a conditional answer's status. */
export interface SignInStep {
  render(conditions: readonly AuthCondition[]): TemplateResult;
}

/** Makes a step for one element (once, when its status first comes). */
export type SignInStepFactory = (host: SignInStepHost) => SignInStep;

/**
 * Registers the step `<snr-signin>` shows for a conditional status (`MFA_REQUIRED` plugs in here:
 * `secondFactorStep`, which loads the `second-factor` capability). A status without a step gets the fallback: a short message
 * and the way back.
 */
export function registerSignInStep(status: ConditionalStatus, factory: SignInStepFactory): void {
  STEPS.set(status, factory);
}

/** The step registered for a status, else the fallback. */
export function signInStepFor(status: string): SignInStepFactory {
  return STEPS.get(status) ?? fallbackStep;
}

const backButton = (host: SignInStepHost) => html`<button part="link back" type="button" @click=${() => host.back()}>${host.t.backToSignIn}</button>`;

/** A status this page has no step for: says so, plainly, and offers the way back. */
export const fallbackStep: SignInStepFactory = (host) => ({
  render: () => html`<div part="panel step" data-step="unsupported">
    ${heading(host.headingId, host.headingLevel, host.t.stepHeading)}
    <p part="summary" data-tone="info">${host.t.stepUnsupported}</p>
    <div part="actions">${backButton(host)}</div>
  </div>`,
});

/** `APPROVAL_REQUIRED`: the account exists and waits for the site; nothing to do here but wait. */
export const approvalStep: SignInStepFactory = (host) => ({
  render: () => html`<div part="panel step" data-step="approval">
    ${heading(host.headingId, host.headingLevel, host.t.approvalHeading)}
    <p part="summary" data-tone="info">${host.t.approvalNotice}</p>
    <div part="actions">${backButton(host)}</div>
  </div>`,
});

/**
 * `TERMS_ACCEPTANCE_REQUIRED`: the terms' page (from the condition), one checkbox, and the sign-in
 * sent again carrying the accepted version.
 */
export const termsStep: SignInStepFactory = (host) => {
  let refused = false;
  let version = '';
  const form = new FormController<Record<string, never>>(host.element, {
    t: () => host.t,
    action: 'sign-in',
    busy: (t) => t.signInBusy,
    submit: async (_values, element) => {
      const box = element.elements.namedItem('acceptTerms') as HTMLInputElement;
      if (!box.checked) {
        refused = true;
        form.show({ tone: 'error', message: (t) => t.termsRequired });
        box.focus();
        return;
      }
      await host.continueSignIn({ acceptedTermsVersion: version });
    },
  });
  return {
    render(conditions) {
      const t = host.t;
      const terms = conditions.find((c) => c.type === 'TERMS_ACCEPTANCE');
      version = terms?.termsVersion ?? '';
      const errorId = `${form.id}-accept-error`;
      const introId = `${form.id}-intro`;
      return html`<form novalidate part="step" data-step="terms" aria-labelledby=${host.headingId} aria-describedby=${introId} aria-busy=${form.busy ? 'true' : 'false'} @submit=${form.onSubmit}>
        ${heading(host.headingId, host.headingLevel, t.termsHeading)}
        <p part="intro" id=${introId}>${t.termsIntro}</p>
        ${terms?.termsUrl ? html`<p><a part="terms-link" href=${terms.termsUrl} target="_blank" rel="noopener noreferrer">${t.termsLink}</a></p>` : nothing}
        <label part="checkbox terms-accept"
          ><input
            type="checkbox"
            name="acceptTerms"
            required
            aria-invalid=${refused ? 'true' : 'false'}
            aria-describedby=${refused ? errorId : nothing}
            @change=${(e: Event) => {
              if ((e.target as HTMLInputElement).checked && refused) {
                refused = false;
                form.summary = null;
                host.element.requestUpdate();
              }
            }}
          />
          <span>${t.termsAccept}</span></label
        >
        <div part="error" id=${errorId} ?hidden=${!refused}>${refused ? t.termsRequired : nothing}</div>
        ${form.summaryRegion()}
        <div part="actions">${form.submitButton(t.termsSubmit, t.signInBusy)} ${backButton(host)}</div>
      </form>`;
    },
  };
};

/** The steps this kit ships; `registerSignInStep` adds or replaces one. */
const STEPS = new Map<string, SignInStepFactory>([
  ['APPROVAL_REQUIRED', approvalStep],
  ['TERMS_ACCEPTANCE_REQUIRED', termsStep],
  ['MFA_REQUIRED', secondFactorStep],
]);
