import type { RouterLocation } from '@vaadin/router';
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { elementPage } from '../catalogue.js';
import { EventLogController } from '../event-log.js';
import { DemoPage, settings } from '../state.js';
import './not-found.js';

/** A page per element: the element live, what to try, its markup and the events it raises. */
@customElement('demo-element-page')
export class DemoElementPage extends DemoPage {
  /** Set by the router. */
  @property({ attribute: false }) location?: RouterLocation;

  private readonly log = new EventLogController(this);

  protected override render() {
    const slug = String(this.location?.params.name ?? '');
    const page = elementPage(slug);
    if (!page) return html`<demo-not-found></demo-not-found>`;
    const t = this.t;
    const lang = settings.lang;
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${page.title[lang]} <code class="tag">&lt;${page.tag}&gt;</code></h1>
        <p class="lead">${page.summary[lang]}</p>
      </div>
      <div class="element-layout">
        <section class="card stage" aria-labelledby="stage-label">
          <h2 class="stage-label" id="stage-label"><span class="caps">${t.live}</span> <code>&lt;${page.tag}&gt;</code></h2>
          <div class="frame">${unsafeHTML(page.markup)}</div>
        </section>
        <div class="side">
          <section class="card" aria-labelledby="try-label">
            <h2 id="try-label">${t.tryIt}</h2>
            <ul class="hints">
              ${page.hints[lang].map((h) => html`<li>${h}</li>`)}
            </ul>
          </section>
          <section class="card" aria-labelledby="markup-label">
            <h2 id="markup-label">${t.markup}</h2>
            <pre class="code" tabindex="0" aria-labelledby="markup-label"><code>${page.markup}</code></pre>
          </section>
          <section class="card" aria-labelledby="events-label">
            <div class="row-between">
              <h2 id="events-label">${t.events}</h2>
              ${this.log.events.length
                ? html`<button type="button" class="button secondary small" @click=${() => this.log.clear()}>${t.clearEvents}</button>`
                : nothing}
            </div>
            ${this.log.events.length
              ? html`<ol class="event-log" tabindex="0" aria-labelledby="events-label">
                  ${this.log.events.map(
                    (e) => html`<li>
                      <span class="name ${e.type === 'snr-error' ? 'error' : ''}">${e.type}</span>
                      <span class="muted"> · ${e.time.toLocaleTimeString(lang)}</span>
                      ${e.payload ? html`<pre>${e.payload}</pre>` : nothing}
                    </li>`,
                  )}
                </ol>`
              : html`<p class="muted">${t.eventsEmpty}</p>`}
          </section>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-element-page': DemoElementPage;
  }
}
