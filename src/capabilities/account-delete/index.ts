import { html, nothing, type TemplateResult } from 'lit';
import { buttonContent, heading } from '../../elements/shared/kit.js';
import { type AccountStepHost, ProvenStep, proofKind } from '../account-proof/index.js';

export type { AccountStep, AccountStepHost } from '../account-proof/index.js';

type Values = { password?: string };

/**
 * `<snr-account>`'s deletion step: what is lost, and the proof (the password, or the account's
 * provider for an account without one) on the confirming button.
 */
export class DeleteAccountStep extends ProvenStep<Values> {
  constructor(
    host: AccountStepHost,
    /** The account is gone: the element shows the signed-out view saying so. */
    private readonly deleted: () => void,
  ) {
    super(host, { action: 'delete-account', busy: (t) => t.deleteAccountBusy });
  }

  render(): TemplateResult {
    const t = this.host.t();
    const f = this.form;
    const id = f.id;
    const byPassword = proofKind(this.host.account()).kind === 'password';
    return html`<form novalidate aria-labelledby=${this.headingId} aria-describedby=${`${id}-warning`} aria-busy=${f.busy ? 'true' : 'false'} @submit=${f.onSubmit}>
      ${heading(this.headingId, this.host.headingLevel(), t.deleteAccountHeading)}
      <div id=${`${id}-warning`}>
        <p part="warning">${t.deleteAccountWarning}</p>
        <ul part="consequences">
          <li>${t.deleteAccountLosesData}</li>
          <li>${t.deleteAccountLosesSignIn}</li>
          <li>${t.deleteAccountLosesSessions}</li>
        </ul>
      </div>
      ${this.proof.render(t.deleteAccountPasswordHint)}
      ${f.summaryRegion()}
      <div part="actions">
        ${
          byPassword
            ? html`<button part="button danger delete-confirm" type="submit" aria-disabled=${f.busy ? 'true' : nothing}>${buttonContent(t.deleteAccountSubmit, t.deleteAccountBusy, f.busy)}</button>`
            : nothing
        }
        ${this.host.backButton(f.busy)}
      </div>
    </form>`;
  }

  protected async submit(values: Values): Promise<void> {
    const proven = this.proven(values);
    if (!proven) return;
    const { client, factor } = proven;
    if ('password' in factor) await client.deleteAccount(factor.password, 'SYNERISE', { cause: this.host.element });
    else await client.deleteAccount(factor.externalToken, factor.provider, { cause: this.host.element });
    this.reset();
    this.deleted();
  }
}
