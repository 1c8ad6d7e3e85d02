import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { AgreementName, AuthCondition, IdentityProvider } from '../../contract/schemas.js';
import type { SnrAction } from '../../events/snr-error.js';
import type { Translation } from '../../i18n/index.js';
import { type Client, type ConditionalResult, SnrError } from '../../session/index.js';
import { type SignInStep, type SignInStepHost, signInStepFor } from '../snr-signin/steps.js';
import { asSnrError, errorText, type Message, notConfigured, raise } from './errors.js';
import type { SessionController } from './session-controller.js';

/** `condition`: a step for what stands before the token (the site's terms, its approval…), as `<snr-signin>` shows it. */
export type ProviderStep = 'idle' | 'busy' | 'agreements' | 'condition';

/** The id of a condition step's heading (focused when it opens). */
export const CONDITION_HEADING_ID = 'step-heading';

/** What a provider handed over for one attempt: its token, and the nonce it was bound to (ID tokens). */
export interface ProviderCredential {
  token: string;
  nonce?: string;
}

export interface ProviderNotice {
  tone: 'error' | 'success';
  text: Message;
}

export interface ProviderSignInOptions {
  session: SessionController;
  provider: () => Exclude<IdentityProvider, 'SYNERISE'>;
  /** `detail.action` of the `snr-error` events. */
  action: () => SnrAction;
  agreementNames: () => AgreementName[];
  t: () => Translation;
  /** The provider is switched off (as opposed to its script failing): says so instead. */
  unavailable: () => boolean;
  /** The level of the steps' headings. */
  headingLevel: () => number;
  /** What to say when the provider is switched off, and when its script did not load (default: the provider buttons' words). */
  unavailableText?: Message;
  scriptFailedText?: Message;
}

/**
 * The part of a provider button that does not depend on the provider: after the provider handed
 * over its token, the conditional sign-in (`authenticateConditionally`); a newcomer's agreements
 * step and registration (`authenticate` with the agreements); the step of a condition standing
 * before the token (`<snr-signin>`'s: the site's terms, sent again with the accepted version; the
 * site's approval; any `registerSignInStep` adds); the busy, error and success states;
 * attempts that a newer one, a cancel or the element leaving the page make stale. The host renders
 * `step`, `notice` and `creating`, and moves the focus to `focusNext`.
 */
export class ProviderSignInController implements ReactiveController {
  step: ProviderStep = 'idle';
  notice: ProviderNotice | null = null;
  /** The agreements step's request is under way. */
  creating = false;
  /** The id of the element to focus after the next render. */
  focusNext: string | null = null;
  /** The conditional answer whose step is shown (`step === 'condition'`). */
  condition: { status: string; conditions: AuthCondition[] } | null = null;
  private pending: ProviderCredential | null = null;
  private attempt = 0;
  private readonly steps = new Map<string, SignInStep>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ProviderSignInOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.attempt++;
    this.pending = null;
  }

  /** Whether `attempt` is still the one under way. */
  current(attempt: number): boolean {
    return attempt === this.attempt;
  }

  /**
   * A press: `credential` asks the provider (synchronously up to its window where it can: pop-up
   * blockers), then the server is asked. Answers the attempt number.
   */
  start(credential: (client: Client, attempt: number) => Promise<ProviderCredential>): void {
    if (this.step !== 'idle') return;
    const client = this.options.session.client;
    if (!client) {
      this.fail(notConfigured(this.host));
      return;
    }
    if (client.isSignedIn()) {
      this.fail(new SnrError('SIGNED_IN', 'A customer is already signed in'));
      return;
    }
    const attempt = ++this.attempt;
    this.set({ notice: null, step: 'busy' });
    void (async () => {
      let got: ProviderCredential;
      try {
        got = await credential(client, attempt);
      } catch (err) {
        const error = asSnrError(err);
        const unavailable: Message = this.options.unavailable()
          ? (this.options.unavailableText ?? ((t) => t.providerUnavailable))
          : (this.options.scriptFailedText ?? ((t) => t.providerScriptFailed));
        return this.fail(error, error.code === 'PROVIDER_UNAVAILABLE' ? unavailable : undefined, attempt);
      }
      if (this.current(attempt)) await this.signIn(client, got, attempt);
    })();
  }

  /** A credential that arrived outside a press (a pop-up reported blocked answered after all). */
  late(credential: ProviderCredential): void {
    const client = this.options.session.client;
    if (!this.host.isConnected || this.step !== 'idle' || !client || client.isSignedIn()) return;
    const attempt = ++this.attempt;
    this.set({ notice: null, step: 'busy' });
    void this.signIn(client, credential, attempt);
  }

  /** The agreements step was sent: registers the newcomer with what they ticked. */
  async create(form: HTMLFormElement): Promise<void> {
    const credential = this.pending;
    const client = this.options.session.client;
    if (!credential || !client || this.creating) return;
    const names = this.options.agreementNames();
    const agreements = Object.fromEntries(
      names.map((name) => [name, (form.elements.namedItem(`agreement-${name}`) as HTMLInputElement | null)?.checked ?? false]),
    );
    const attempt = this.attempt;
    this.set({ creating: true, notice: null });
    try {
      await client.authenticate(
        credential.token,
        this.options.provider(),
        { ...this.nonce(credential), ...(names.length ? { agreements } : {}) },
        { cause: this.host },
      );
      if (this.current(attempt)) this.done();
    } catch (err) {
      if (!this.current(attempt)) return;
      const error = asSnrError(err);
      // The account is made and waits for something: the conditional answer names it, with its details (the terms' version and page).
      if (error.code === 'TERMS_ACCEPTANCE_REQUIRED' || error.code === 'APPROVAL_REQUIRED') {
        this.set({ creating: false });
        return this.signIn(client, credential, attempt);
      }
      // The step stays: the customer may try again or cancel.
      this.set({ notice: { tone: 'error', text: errorText(error) } });
      raise(this.host, error, this.options.action(), this.options.t());
    } finally {
      this.set({ creating: false });
    }
  }

  cancel(): void {
    this.attempt++;
    this.pending = null;
    this.set({ notice: null, step: 'idle', condition: null, focusNext: 'button' });
  }

  /** The shown condition's step (terms, approval…: the steps of `<snr-signin>`, `registerSignInStep` included). */
  renderCondition(): TemplateResult | null {
    const shown = this.condition;
    const step = shown && this.steps.get(shown.status);
    return shown && step ? step.render(shown.conditions) : null;
  }

  /**
   * Makes the step for a status, once per status: `<snr-signin>`'s registry (steps.ts, from the kit
   * in an add-on) gives its factory, whose code may load now (a capability). Rejects when it does not load.
   */
  private async makeStep(status: string): Promise<void> {
    if (this.steps.has(status)) return;
    const factory = await signInStepFor(status);
    if (this.steps.has(status)) return;
    const self = this;
    const host: SignInStepHost = {
      element: this.host,
      get t() {
        return self.options.t();
      },
      get headingLevel() {
        return self.options.headingLevel();
      },
      headingId: CONDITION_HEADING_ID,
      email: '',
      // The step's answer goes with the same provider token (its nonce is spent only by a sign-in that succeeds).
      continueSignIn: async (options) => {
        const credential = this.pending;
        const client = this.options.session.client;
        if (!credential || !client) return this.cancel();
        const attempt = this.attempt;
        const result = await client.authenticateConditionally(
          credential.token,
          this.options.provider(),
          { ...this.nonce(credential), ...(options.acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion: options.acceptedTermsVersion }) },
          { cause: this.host },
        );
        if (this.current(attempt)) await this.answer(result, credential, attempt);
      },
      back: () => this.cancel(),
      client: () => {
        const client = this.options.session.client;
        if (!client) throw notConfigured(this.host);
        return client;
      },
      done: () => this.done(),
    };
    this.steps.set(status, factory(host));
  }

  /** Shows why, and tells the site (`snr-error`). */
  fail(error: SnrError, text: Message = errorText(error), attempt = this.attempt): void {
    if (!this.current(attempt)) return;
    this.pending = null;
    this.set({ step: 'idle', condition: null, notice: { tone: 'error', text } });
    raise(this.host, error, this.options.action(), this.options.t(), text);
  }

  private nonce(credential: ProviderCredential): { nonce?: string } {
    return credential.nonce === undefined ? {} : { nonce: credential.nonce };
  }

  /** The conditional sign-in: a known customer is signed in; a new one gets the agreements step. */
  private async signIn(client: Client, credential: ProviderCredential, attempt: number): Promise<void> {
    try {
      const result = await client.authenticateConditionally(credential.token, this.options.provider(), this.nonce(credential), { cause: this.host });
      if (this.current(attempt)) await this.answer(result, credential, attempt);
    } catch (err) {
      if (this.current(attempt)) this.fail(asSnrError(err), undefined, attempt);
    }
  }

  /** A conditional answer: signed in, the agreements step of a newcomer, or the step of what stands before the token. */
  private async answer({ status, conditions }: ConditionalResult, credential: ProviderCredential, attempt: number): Promise<void> {
    switch (status) {
      case 'SUCCESS':
        this.done();
        return;
      case 'REGISTRATION_REQUIRED':
        this.pending = credential;
        this.set({ step: 'agreements', condition: null, focusNext: 'new-heading' });
        return;
      case 'ACTIVATION_REQUIRED':
        this.fail(new SnrError('ACTIVATION_REQUIRED', 'The account is not activated yet'), undefined, attempt);
        return;
      case 'UNAUTHORIZED':
        this.fail(new SnrError('PROVIDER_REJECTED', `The server answered ${status}`), undefined, attempt);
        return;
      default:
        // The step's code may load now: the button stays busy meanwhile; a failed load is this attempt's error.
        try {
          await this.makeStep(status);
        } catch (err) {
          this.fail(asSnrError(err), undefined, attempt);
          return;
        }
        if (!this.current(attempt)) return;
        this.pending = credential;
        this.set({ step: 'condition', condition: { status, conditions }, focusNext: CONDITION_HEADING_ID });
    }
  }

  private done(): void {
    this.pending = null;
    this.set({
      notice: { tone: 'success', text: (t) => t.signedIn },
      ...(this.step === 'agreements' || this.step === 'condition' ? { focusNext: 'button' } : {}),
      step: 'idle',
      condition: null,
    });
  }

  private set(changes: Partial<Pick<ProviderSignInController, 'step' | 'notice' | 'creating' | 'focusNext' | 'condition'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }
}
