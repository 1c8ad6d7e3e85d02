import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { DemoPage } from '../state.js';

@customElement('demo-gallery')
export class DemoGallery extends DemoPage {
  protected override render() {
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${this.t.galleryTitle}</h1>
        <p class="lead">${this.t.galleryLead}</p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-gallery': DemoGallery;
  }
}
