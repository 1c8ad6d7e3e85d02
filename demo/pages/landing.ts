import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { DemoPage } from '../state.js';

/**
 * `/landing`: where the server's emailed links point (`?action=activate|confirm-email|reset-password&token=…`).
 * `<snr-landing>` reads the action and the token from the address itself.
 */
@customElement('demo-landing')
export class DemoLanding extends DemoPage {
  protected override render() {
    return html`
      <div class="landing">
        <div class="page-head">
          <h1 tabindex="-1">${this.t.landingTitle}</h1>
          <p class="lead">${this.t.landingLead}</p>
        </div>
        <snr-landing heading-level="2"></snr-landing>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-landing': DemoLanding;
  }
}
