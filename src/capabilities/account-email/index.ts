import { html, type TemplateResult } from 'lit';
import { heading } from '../../elements/shared/kit.js';
import { type AccountStepHost, ProvenStep } from '../account-proof/index.js';

export type { AccountStepHost } from '../account-proof/index.js';

type Values = { email: string; password?: string };

/**
 * `<snr-account>`'s email-change step: the new address and the proof (the password, or the
 * account's provider for an account without one); the link goes to the new address.
 */
export class EmailChangeStep extends ProvenStep<Values> {
  constructor(
    host: AccountStepHost,
    /** The request was accepted: the element shows "check your inbox" for `email`. */
    private readonly sent: (email: string) => void,
  ) {
    super(host, { action: 'change-email', busy: (t) => t.changeEmailBusy });
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

  protected async submit(values: Values): Promise<void> {
    const proven = this.proven(values);
    if (!proven) return;
    const { client, factor } = proven;
    const email = values.email.trim();
    if ('password' in factor) await client.requestEmailChange(email, factor.password, null, { cause: this.host.element });
    else await client.requestEmailChange(email, null, factor.externalToken, { identityProvider: factor.provider, cause: this.host.element });
    this.reset();
    this.sent(email);
  }
}
