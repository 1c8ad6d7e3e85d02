import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { DemoPage } from '../state.js';

@customElement('demo-theme')
export class DemoTheme extends DemoPage {
  protected override render() {
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${this.t.themeTitle}</h1>
        <p class="lead">${this.t.themeLead}</p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-theme': DemoTheme;
  }
}
