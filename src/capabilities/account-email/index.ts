import { html, type TemplateResult } from 'lit';
import { heading } from '../../elements/shared/kit.js';
import { type AccountStepHost, ProvenStep } from '../account-proof/index.js';

export type { AccountStep, AccountStepHost } from '../account-proof/index.js';

type Values = { email: string; password?: string };

/**
 * `<snr-account>`'s email-change step: the new address and the proof (the password, or the
 * account's provider for an account without one); the link goes to the new address.
 */
export class EmailChangeStep extends ProvenStep<Values> {
  /** The address the link went to: the step says "check your inbox" until it is left. */
  private sentTo: string | null = null;

  constructor(
    host: AccountStepHost,
    /** The request was accepted: the step shows "check your inbox"; the element moves the focus to `headingId`. */
    private readonly sent: (headingId: string) => void,
  ) {
    super(host, { action: 'change-email', busy: (t) => t.changeEmailBusy });
  }

  override reset(): void {
    super.reset();
    this.sentTo = null;
  }

  render(): TemplateResult {
    const t = this.host.t();
    const f = this.form;
    const account = this.host.account();
    if (this.sentTo !== null)
      return html`<div part="panel">
        ${heading(this.sentHeadingId, this.host.headingLevel(), t.changeEmailSentHeading)}
        <p part="summary" role="status" data-tone="success">${t.changeEmailSent(this.sentTo)}</p>
        <div part="actions">${this.host.backButton(false)}</div>
      </div>`;
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
    this.sentTo = email;
    this.sent(this.sentHeadingId);
  }

  /** The "check your inbox" heading. */
  private get sentHeadingId(): string {
    return `${this.form.id}-sent-heading`;
  }
}
