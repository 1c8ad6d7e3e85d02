import { html, type TemplateResult } from 'lit';
import type { AuthCondition, ConditionalStatus } from '../../contract/schemas.js';
import type { Translation } from '../../i18n/index.js';
import type { Client, ConditionalResult, ConditionalSignInOptions } from '../../session/index.js';
import { loadCapability } from '../shared/capabilities.js';
import type { FormController } from '../shared/form-controller.js';
import type { SessionHost } from '../shared/session-controller.js';

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

/**
 * What `<snr-signin>` lends the ways in that are capabilities (the passkey button and autofill,
 * `src/capabilities/passkeys/`; the emailed code, `src/capabilities/email-code/`), and its steps
 * too: the element keeps only when to load them and where they show.
 */
export interface SignInHost extends SignInStepHost {
  /** The password form (its outcome, its busy state). */
  readonly form: FormController<{ email: string; password: string }>;
  /** The form offers a password too. */
  readonly offersPassword: boolean;
  /**
   * A conditional sign-in's answer: a token ends the flow; `UNAUTHORIZED` is thrown as `wrong`;
   * any other status opens its step, which may send it again (`resume`, with the step's answer).
   */
  settle(
    result: ConditionalResult,
    email: string,
    wrong: 'INVALID_CREDENTIALS' | 'SIGN_IN_CODE_INVALID',
    resume: (options: Omit<ConditionalSignInOptions, 'cause'>) => Promise<void>,
  ): Promise<void>;
  /** Signed in another way (a passkey): the flow ends as a token ends it. */
  signedIn(): void;
  /** Back to the password form, carrying the email. */
  backToPassword(email: string): void;
  /** Moves focus to the element with this id once it has rendered. */
  focus(id: string): void;
}

/** One step of the sign-in flow, shown for a conditional answer's status. */
export interface SignInStep {
  render(conditions: readonly AuthCondition[]): TemplateResult;
}

/** Makes a step for one element (once, when its status first comes). */
export type SignInStepFactory = (host: SignInStepHost) => SignInStep;

/**
 * Registers the step `<snr-signin>` shows for a conditional status, in place of the one this kit
 * ships (the second factor's, the terms'…). A status without a step gets the fallback: a short
 * message and the way back.
 */
export function registerSignInStep(status: ConditionalStatus, factory: SignInStepFactory): void {
  STEPS.set(status, factory);
}

/**
 * The step for a status: the one registered, else the one this kit ships (its code loaded now, as a
 * capability: most pages never show it), else the fallback (with the conditions' steps). Rejects
 * when the capability does not load (offline); the next sign-in attempt tries again.
 */
export async function signInStepFor(status: string): Promise<SignInStepFactory> {
  return STEPS.get(status) ?? (await (SHIPPED[status] ?? SHIPPED.fallback)!());
}

/** A button back to the sign-in form, for a step's actions. */
export const backButton = (host: SignInStepHost) => html`<button part="link back" type="button" @click=${() => host.back()}>${host.t.backToSignIn}</button>`;

/** Steps registered by `registerSignInStep`: they take the place of the shipped ones. */
const STEPS = new Map<string, SignInStepFactory>();

/**
 * The steps this kit ships, per status: each in a capability, loaded when its status first comes.
 * `PIN_ACTIVATION` is a condition, not a status: the step of an `ACTIVATION_REQUIRED` answer in the
 * `pin` registration mode (the code from the activation mail), where the `EMAIL_ACTIVATION` one
 * stays the form's error with its "send the email again".
 */
const SHIPPED: Partial<Record<string, () => Promise<SignInStepFactory>>> = {
  APPROVAL_REQUIRED: async () => (await loadCapability('signin-conditions')).approvalStep,
  TERMS_ACCEPTANCE_REQUIRED: async () => (await loadCapability('signin-conditions')).termsStep,
  PIN_ACTIVATION: async () => (await loadCapability('pin')).pinActivationStep,
  MFA_REQUIRED: async () => (await loadCapability('second-factor')).secondFactorStep,
  // A status this page has no step for (the conditions' capability says so).
  fallback: async () => (await loadCapability('signin-conditions')).fallbackStep,
};
