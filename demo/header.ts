import { html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ELEMENT_PAGES } from './catalogue.js';
import { type DemoLang, LANGS } from './i18n.js';
import { OAUTH_PATH, oauthNavLabel } from './pages/oauth.js';
import { DemoPage, type Scheme, settings } from './state.js';

const LANG_NAMES: Record<DemoLang, string> = { en: 'English', pl: 'Polski' };

/** The demo's header: brand, navigation (current page marked), language and colour scheme. */
@customElement('demo-header')
export class DemoHeader extends DemoPage {
  @state() private path = location.pathname;

  private readonly onLocation = () => {
    this.path = location.pathname;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('vaadin-router-location-changed', this.onLocation);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('vaadin-router-location-changed', this.onLocation);
    super.disconnectedCallback();
  }

  private link(href: string, label: string, exact = false) {
    const current = exact ? this.path === href : this.path === href || this.path.startsWith(`${href}/`);
    return html`<li><a href=${href} aria-current=${current ? 'page' : 'false'}>${label}</a></li>`;
  }

  protected override render() {
    const t = this.t;
    return html`
      <a class="skip-link" href="#main" router-ignore @click=${this.skip}>${t.skip}</a>
      <header class="topbar">
        <a class="brand" href="/">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
            <rect width="32" height="32" rx="8" fill="currentColor" />
            <path d="M11 14v-3a5 5 0 0 1 10 0v3" stroke="var(--demo-on-accent)" stroke-width="2.5" fill="none" />
            <rect x="8" y="14" width="16" height="11" rx="2.5" fill="var(--demo-on-accent)" />
          </svg>
          <span>${t.brand}</span><span class="brand-tag">${t.brandTag}</span>
        </a>
        <div class="header-tools">
          <label>
            <span>${t.language}</span>
            <select @change=${(e: Event) => settings.setLang((e.target as HTMLSelectElement).value as DemoLang)}>
              ${LANGS.map((l) => html`<option value=${l} lang=${l} ?selected=${l === settings.lang}>${LANG_NAMES[l]}</option>`)}
            </select>
          </label>
          <label>
            <span>${t.theme}</span>
            <select @change=${(e: Event) => settings.setScheme((e.target as HTMLSelectElement).value as Scheme)}>
              <option value="system" ?selected=${settings.scheme === 'system'}>${t.themeSystem}</option>
              <option value="light" ?selected=${settings.scheme === 'light'}>${t.themeLight}</option>
              <option value="dark" ?selected=${settings.scheme === 'dark'}>${t.themeDark}</option>
            </select>
          </label>
        </div>
      </header>
      <nav class="sidebar" aria-label=${t.nav}><div class="sidebar-inner">
        <p class="nav-heading" id="nav-pages">${t.nav}</p>
        <ul aria-labelledby="nav-pages">
          ${this.link('/', t.navHome, true)}
          ${this.link('/gallery', t.navGallery)}
          ${this.link('/theme', t.navTheme)}
          ${this.link('/mailbox', t.navMailbox)}
          ${this.link(OAUTH_PATH, oauthNavLabel(settings.lang))}
        </ul>
        <p class="nav-heading" id="nav-elements">${t.navElements}</p>
        <ul aria-labelledby="nav-elements" class="nav-tags">
          ${ELEMENT_PAGES.map((p) => this.link(`/elements/${p.slug}`, `<${p.tag}>`))}
        </ul>
      </div></nav>
    `;
  }

  private skip(e: Event) {
    e.preventDefault();
    document.getElementById('main')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-header': DemoHeader;
  }
}
