import { html, type TemplateResult } from 'lit';
import { FormController } from '../../elements/shared/form-controller.js';
import { heading } from '../../elements/shared/kit.js';
import { SnrError } from '../../session/index.js';
import { AccountProof, type AccountStepHost } from '../account-proof/index.js';

export type { AccountStepHost } from '../account-proof/index.js';

type Values = { email: string; password?: string };

/**
 * `<snr-account>`'s email-change step: the new address and the proof (the password, or the
 * account's provider for an account without one); the link goes to the new address.
 */
export class EmailChangeStep {
  readonly form: FormController<Values>;
  private readonly proof: AccountProof<Values>;

  constructor(
    private readonly host: AccountStepHost,
    /** The request was accepted: the element shows "check your inbox" for `email`. */
    private readonly sent: (email: string) => void,
  ) {
    this.form = new FormController<Values>(host.element, {
      t: () => host.t(),
      action: 'change-email',
      busy: (t) => t.changeEmailBusy,
      fieldFor: { INVALID_CREDENTIALS: 'password' },
      messages: { INVALID_CREDENTIALS: (t) => t.currentPasswordWrong },
      submit: (values) => this.submit(values),
    });
    this.proof = new AccountProof(host, this.form);
  }

  get headingId(): string {
    return `${this.form.id}-heading`;
  }

  reset(): void {
    this.form.reset();
    this.proof.reset();
  }

  render(): TemplateResult {
    const t = this.host.t();
    const f = this.form;
    const account = this.host.account();
    return html`<form novalidate aria-labelledby=${this.headingId} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(this.headingId, this.host.headingLevel(), t.changeEmailHeading)}
      <p part="intro">${t.changeEmailIntro(account?.email ?? '')}</p>
      ${f.field({ name: 'email', type: 'email', label: t.newEmail, autocomplete: 'email', required: true })}
      ${this.proof.render()}
      ${f.summaryRegion()}
      <div part="actions">${f.submitButton(t.changeEmailSubmit, t.changeEmailBusy)} ${this.host.backButton(f.busy)}</div>
    </form>`;
  }

  private async submit(values: Values): Promise<void> {
    const client = this.host.client();
    if (!client) throw new SnrError('UNAVAILABLE', 'snr-auth is not configured, or nobody is signed in');
    const factor = this.proof.factor(values);
    if (!factor) return;
    const email = values.email.trim();
    if ('password' in factor) await client.requestEmailChange(email, factor.password, null, { cause: this.host.element });
    else await client.requestEmailChange(email, null, factor.externalToken, { identityProvider: factor.provider, cause: this.host.element });
    this.reset();
    this.sent(email);
  }
}
