import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AgreementName, IdentityProvider } from '../../contract/schemas.js';
import type { SnrAction } from '../../events/snr-error.js';
import type { Translation } from '../../i18n/index.js';
import { type Client, SnrError } from '../../session/index.js';
import { asSnrError, errorText, type Message, notConfigured, raise } from './errors.js';
import type { SessionController } from './session-controller.js';

export type ProviderStep = 'idle' | 'busy' | 'agreements';

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
}

/**
 * The part of a provider button that does not depend on the provider: after the provider handed
 * over its token, the conditional sign-in (`authenticateConditionally`); a newcomer's agreements
 * step and registration (`authenticate` with the agreements); the busy, error and success states;
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
  private pending: ProviderCredential | null = null;
  private attempt = 0;

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
        const unavailable: Message = this.options.unavailable() ? (t) => t.providerUnavailable : (t) => t.providerScriptFailed;
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
      // The step stays: the customer may try again or cancel.
      const error = asSnrError(err);
      this.set({ notice: { tone: 'error', text: errorText(error) } });
      raise(this.host, error, this.options.action(), this.options.t());
    } finally {
      this.set({ creating: false });
    }
  }

  cancel(): void {
    this.attempt++;
    this.pending = null;
    this.set({ notice: null, step: 'idle', focusNext: 'button' });
  }

  /** Shows why, and tells the site (`snr-error`). */
  fail(error: SnrError, text: Message = errorText(error), attempt = this.attempt): void {
    if (!this.current(attempt)) return;
    this.pending = null;
    this.set({ step: 'idle', notice: { tone: 'error', text } });
    raise(this.host, error, this.options.action(), this.options.t(), text);
  }

  private nonce(credential: ProviderCredential): { nonce?: string } {
    return credential.nonce === undefined ? {} : { nonce: credential.nonce };
  }

  /** The conditional sign-in: a known customer is signed in; a new one gets the agreements step. */
  private async signIn(client: Client, credential: ProviderCredential, attempt: number): Promise<void> {
    try {
      const { status } = await client.authenticateConditionally(credential.token, this.options.provider(), this.nonce(credential), { cause: this.host });
      if (!this.current(attempt)) return;
      switch (status) {
        case 'SUCCESS':
          return this.done();
        case 'REGISTRATION_REQUIRED':
          this.pending = credential;
          return this.set({ step: 'agreements', focusNext: 'new-heading' });
        case 'ACTIVATION_REQUIRED':
          return this.fail(new SnrError('ACTIVATION_REQUIRED', 'The account is not activated yet'), undefined, attempt);
        default:
          return this.fail(new SnrError('PROVIDER_REJECTED', `The server answered ${status}`), undefined, attempt);
      }
    } catch (err) {
      if (this.current(attempt)) this.fail(asSnrError(err), undefined, attempt);
    }
  }

  private done(): void {
    this.pending = null;
    this.set({ notice: { tone: 'success', text: (t) => t.signedIn }, ...(this.step === 'agreements' ? { focusNext: 'button' } : {}), step: 'idle' });
  }

  private set(changes: Partial<Pick<ProviderSignInController, 'step' | 'notice' | 'creating' | 'focusNext'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }
}
