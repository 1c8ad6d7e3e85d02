import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ELEMENT_PAGES } from '../catalogue.js';
import { fill } from '../i18n.js';
import { fetchPublicConfig, type SessionSummary, watchSession } from '../session.js';
import { DemoPage, settings } from '../state.js';

/** The overview: where this browser stands, the server's mode, and the way to every page. */
@customElement('demo-home')
export class DemoHome extends DemoPage {
  @state() private session: SessionSummary = { kind: 'starting' };
  @state() private mode: string | null = null;
  private unwatch?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unwatch = watchSession((s) => (this.session = s));
    fetchPublicConfig().then(
      (c) => (this.mode = c.registrationMode),
      () => {},
    );
  }

  override disconnectedCallback(): void {
    this.unwatch?.();
    super.disconnectedCallback();
  }

  private sessionText(): { text: string; dot: string } {
    const t = this.t;
    switch (this.session.kind) {
      case 'starting':
        return { text: t.sessionStarting, dot: '' };
      case 'offline':
        return { text: t.sessionOffline, dot: 'bad' };
      case 'anonymous':
        return { text: t.sessionAnonymous, dot: 'ok' };
      case 'signed-in':
        return { text: fill(t.sessionSignedIn, { id: this.session.clientId ?? '?' }), dot: 'ok' };
    }
  }

  protected override render() {
    const t = this.t;
    const lang = settings.lang;
    const s = this.sessionText();
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${t.homeTitle}</h1>
        <p class="lead">${t.homeLead}</p>
      </div>
      <p class="session-line" role="status">
        <span class="dot ${s.dot}" aria-hidden="true"></span>
        <strong>${t.homeSession}:</strong> <span>${s.text}</span>
        ${this.mode ? html`<span class="muted">· ${fill(t.serverMode, { mode: this.mode })}</span>` : ''}
      </p>
      <ul class="tiles">
        <li class="card tile"><a href="/gallery">${t.navGallery}</a><p>${t.homeGalleryText}</p></li>
        <li class="card tile"><a href="/theme">${t.themeTitle}</a><p>${t.homeThemeText}</p></li>
        <li class="card tile"><a href="/mailbox">${t.navMailbox}</a><p>${t.homeMailboxText}</p></li>
      </ul>
      <h2 class="section-title">${t.navElements}</h2>
      <ul class="tiles">
        ${ELEMENT_PAGES.map(
          (p) => html`<li class="card tile">
            <a href="/elements/${p.slug}">${p.title[lang]}</a>
            <p><code class="tag">&lt;${p.tag}&gt;</code></p>
            <p>${p.summary[lang]}</p>
          </li>`,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-home': DemoHome;
  }
}
