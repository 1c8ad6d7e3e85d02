import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { AccountInformation, IdentityProvider } from '../../contract/schemas.js';
import { loadCapability } from '../../elements/shared/capabilities.js';
import { type FieldName, FormController, type FormControllerOptions } from '../../elements/shared/form-controller.js';
import type { Translation } from '../../i18n/index.js';
import { type Client, SnrError } from '../../session/index.js';

/** What `<snr-account>` lends its rarely shown steps (email change, deletion). */
export interface AccountStepHost {
  element: ReactiveControllerHost & HTMLElement;
  t(): Translation;
  headingLevel(): number;
  client(): Client | null;
  account(): AccountInformation | null;
  /** "Back to my account" (inert while `busy`). */
  backButton(busy: boolean): TemplateResult;
  /** Back to the account's details. */
  back(): void;
}

/**
 * A step of `<snr-account>` beyond its details (the email change, the deletion, the signed-in
 * devices, the second factor), as its capability gives it to the element: loaded when first
 * opened, then kept.
 */
export interface AccountStep {
  /** Its heading: focused once it shows. */
  readonly headingId: string;
  /** Shows it anew (a blank form, the list read again); may load more first (a provider's button). */
  open(): unknown;
  render(): TemplateResult;
  /** A request is on its way: the step cannot be left. */
  readonly busy?: boolean;
  /** Forgets what was typed (the step was left, or someone else signed in). */
  reset?(): void;
}

/** Providers whose button can prove the customer again in the page. */
const BUTTONS = ['GOOGLE', 'APPLE', 'FACEBOOK'] as const;
type ButtonProvider = (typeof BUTTONS)[number];
const NAMES: Record<ButtonProvider, string> = { GOOGLE: 'Google', APPLE: 'Apple', FACEBOOK: 'Facebook' };

/** How the customer proves it is them: what the account answer says it can give (`identityProviders`). */
export type ProofKind = { kind: 'password' } | { kind: 'provider'; provider: ButtonProvider } | { kind: 'none' };

export function proofKind(account: AccountInformation | null): ProofKind {
  const proofs: readonly IdentityProvider[] = account?.identityProviders ?? ['SYNERISE'];
  if (proofs.includes('SYNERISE')) return { kind: 'password' };
  const provider = BUTTONS.find((p) => proofs.includes(p));
  return provider ? { kind: 'provider', provider } : { kind: 'none' };
}

/** What the step sends as proof: the password, or the provider's token. */
export type ProofFactor = { password: string } | { externalToken: string; provider: ButtonProvider };

/**
 * The proof part of a step: the current password for an account that has one; otherwise its
 * provider's button (`<snr-provider-button purpose="reauthenticate">`, Google and Apple with the
 * server's re-authentication nonce), whose token is kept for the step's request and sends it.
 */
export class AccountProof<V extends { password?: string }> {
  private token: { provider: ButtonProvider; token: string } | null = null;

  constructor(
    private readonly host: AccountStepHost,
    private readonly form: FormController<V>,
  ) {}

  reset(): void {
    this.token = null;
  }

  render(passwordHint?: string): TemplateResult {
    const t = this.host.t();
    const proof = proofKind(this.host.account());
    if (proof.kind === 'password') {
      return html`<input type="email" name="username" autocomplete="username" .value=${this.host.account()?.email ?? ''} hidden readonly />
        ${this.form.field({ name: 'password' as Extract<keyof V, string>, type: 'password', label: t.password, autocomplete: 'current-password', required: true, ...(passwordHint ? { hint: passwordHint } : {}) })}`;
    }
    if (proof.kind === 'none') return html`<p part="hint proof-unavailable">${t.accountProofUnavailable}</p>`;
    return html`<div part="proof" data-provider=${proof.provider}>
      <p part="hint proof-intro">${t.accountProofIntro(NAMES[proof.provider])}</p>
      <snr-provider-button
        provider=${proof.provider.toLowerCase()}
        purpose="reauthenticate"
        heading-level=${this.host.headingLevel() + 1}
        @snr-provider-token=${this.onToken}
      ></snr-provider-button>
      ${this.token ? html`<p part="proof-done" role="status">${t.accountProofDone(NAMES[this.token.provider])}</p>` : nothing}
    </div>`;
  }

  /** The proof for the request, or null when the provider has not given its token yet (the form says so). */
  factor(values: { password?: string }): ProofFactor | null {
    const proof = proofKind(this.host.account());
    if (proof.kind === 'password') return { password: values.password ?? '' };
    const token = this.token;
    if (!token) {
      this.form.show({ tone: 'error', message: (t) => t.accountProofMissing });
      return null;
    }
    // A token proves once (its nonce is spent): a failed request needs a new one.
    this.token = null;
    return { externalToken: token.token, provider: token.provider };
  }

  private readonly onToken = (e: Event) => {
    const detail = (e as CustomEvent<{ provider: ButtonProvider; token: string }>).detail;
    this.token = detail;
    this.host.element.requestUpdate();
    // The press was the customer's "go": the step's request follows at once.
    (e.target as HTMLElement).closest('form')?.requestSubmit();
  };
}

/**
 * A step of `<snr-account>` the customer proves it is them for (the email change, the deletion):
 * its form (a wrong password is the password field's error), the proof and the step's heading.
 */
export abstract class ProvenStep<V extends { readonly email?: string; readonly password?: string }> implements AccountStep {
  readonly form: FormController<V>;
  protected readonly proof: AccountProof<V>;

  constructor(
    protected readonly host: AccountStepHost,
    form: Pick<FormControllerOptions<V>, 'action' | 'busy'>,
  ) {
    this.form = new FormController<V>(host.element, {
      ...form,
      t: () => host.t(),
      fieldFor: { INVALID_CREDENTIALS: 'password' as FieldName<V> },
      messages: { INVALID_CREDENTIALS: (t) => t.currentPasswordWrong },
      submit: (values) => this.submit(values),
    });
    this.proof = new AccountProof(host, this.form);
  }

  get headingId(): string {
    return `${this.form.id}-heading`;
  }

  get busy(): boolean {
    return this.form.busy;
  }

  /**
   * A blank form, and what the step needs before it shows: for an account without a password, its
   * provider's button (the `provider-button` capability; an account with a password never loads
   * it). Rejects with `NETWORK_ERROR` when it does not load: the element offers to try again.
   */
  async open(): Promise<void> {
    this.reset();
    if (proofKind(this.host.account()).kind === 'provider') await loadCapability('provider-button');
  }

  abstract render(): TemplateResult;

  reset(): void {
    this.form.reset();
    this.proof.reset();
  }

  /** The signed-in Client and the proof to send; null while the provider has not given its token (the form says so). */
  protected proven(values: V): { client: Client; factor: ProofFactor } | null {
    const client = this.host.client();
    if (!client) throw new SnrError('UNAVAILABLE', 'snr-auth is not configured, or nobody is signed in');
    const factor = this.proof.factor(values);
    return factor ? { client, factor } : null;
  }

  protected abstract submit(values: V): Promise<void>;
}
