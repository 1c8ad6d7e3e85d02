import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { DemoPage } from '../state.js';

@customElement('demo-not-found')
export class DemoNotFound extends DemoPage {
  protected override render() {
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${this.t.notFoundTitle}</h1>
        <p class="lead">${this.t.notFoundText}</p>
      </div>
      <p><a href="/">${this.t.backHome}</a></p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-not-found': DemoNotFound;
  }
}
