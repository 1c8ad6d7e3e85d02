import type { RouterLocation } from '@vaadin/router';
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { elementPage } from '../catalogue.js';
import { type DemoProviders, demoProviders } from '../demo-providers.js';
import { EventLogController } from '../event-log.js';
import { fill } from '../i18n.js';
import { DemoPage, settings } from '../state.js';
import './not-found.js';

/** A page per element: the element live, what to try, its markup and the events it raises. */
@customElement('demo-element-page')
export class DemoElementPage extends DemoPage {
  /** Set by the router. */
  @property({ attribute: false }) location?: RouterLocation;

  private readonly log = new EventLogController(this);
  /** What the server runs for Facebook sign-in (the stand-in, when no Facebook app is configured). */
  @state() private facebook: DemoProviders['facebook'] | null = null;
  @state() private idProviders: Pick<DemoProviders, 'google' | 'apple'> = {};
  @state() private providersKnown = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void demoProviders().then(({ facebook, google, apple }) => {
      this.facebook = facebook ?? null;
      this.idProviders = { google, apple };
      this.providersKnown = true;
    });
  }

  protected override updated(): void {
    // No Facebook app: the live button loads the stand-in's SDK in place of Facebook's.
    const facebook = this.facebook;
    const button = this.querySelector('.frame snr-facebook-button');
    if (button && facebook?.kind === 'stand-in' && button.getAttribute('sdk-url') !== facebook.sdkUrl) button.setAttribute('sdk-url', facebook.sdkUrl);
    // No Google / Apple client id: the provider buttons load the stand-ins' page scripts.
    for (const el of this.querySelectorAll('.frame snr-provider-button')) {
      const provider = el.getAttribute('provider');
      const info = provider === 'google' || provider === 'apple' ? this.idProviders[provider] : provider === 'facebook' ? facebook : undefined;
      const url = info?.kind === 'stand-in' ? ('scriptUrl' in info ? info.scriptUrl : info.sdkUrl) : undefined;
      if (url && el.getAttribute('script-url') !== url) el.setAttribute('script-url', url);
    }
  }

  /** Says plainly that the Facebook on this page is a stand-in, not Facebook. */
  private standInNotice(tag: string) {
    const facebook = this.facebook;
    if (tag !== 'snr-facebook-button' || facebook?.kind !== 'stand-in') return nothing;
    const t = this.t;
    return html`<div class="notice stand-in" role="note" aria-labelledby="stand-in-label">
      <p><strong id="stand-in-label">${t.facebookStandInTitle}</strong></p>
      <p>${fill(t.facebookStandInText, { app: facebook.appId })}</p>
      <p class="muted">SDK: <code>${facebook.sdkUrl}</code></p>
    </div>`;
  }

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
          ${this.standInNotice(page.tag)}
          <div class="frame">${(page.tag === 'snr-facebook-button' || page.tag === 'snr-provider-button') && !this.providersKnown ? nothing : unsafeHTML(page.markup)}</div>
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
              ${
                this.log.events.length
                  ? html`<button type="button" class="button secondary small" @click=${() => this.log.clear()}>${t.clearEvents}</button>`
                  : nothing
              }
            </div>
            ${
              this.log.events.length
                ? html`<ol class="event-log" tabindex="0" aria-labelledby="events-label">
                  ${this.log.events.map(
                    (e) => html`<li>
                      <span class="name ${e.type === 'snr-error' ? 'error' : ''}">${e.type}</span>
                      <span class="muted"> · ${e.time.toLocaleTimeString(lang)}</span>
                      ${e.payload ? html`<pre>${e.payload}</pre>` : nothing}
                    </li>`,
                  )}
                </ol>`
                : html`<p class="muted">${t.eventsEmpty}</p>`
            }
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
