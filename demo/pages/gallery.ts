import { html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { GALLERY, type GalleryElement, type GalleryState } from '../gallery-states.js';
import { isolateSession } from '../session.js';
import { DemoPage, settings } from '../state.js';

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The markup of one element in one state and scheme (our own constants, never user input). */
function markup(el: GalleryElement, state: GalleryState, scheme: 'light' | 'dark'): string {
  const attrs: Record<string, string> = { ...el.attrs, ...state.attrs, theme: scheme, 'heading-level': '4' };
  if (state.preview) attrs.preview = state.preview;
  const text = Object.entries(attrs)
    .map(([k, v]) => `${k}="${escapeAttr(v)}"`)
    .join(' ');
  return `<${el.tag} ${text}></${el.tag}>`;
}

/** Every element in every state, light and dark side by side. */
@customElement('demo-gallery')
export class DemoGallery extends DemoPage {
  private restoreSession?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.restoreSession = isolateSession();
  }

  override disconnectedCallback(): void {
    this.restoreSession?.();
    super.disconnectedCallback();
  }

  protected override render() {
    const t = this.t;
    const lang = settings.lang;
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${t.galleryTitle}</h1>
        <p class="lead">${t.galleryLead}</p>
      </div>
      <nav class="toolbar gallery-index" aria-label=${t.galleryJump}>
        <ul>
          ${GALLERY.map((el) => html`<li><a href="#gallery-${el.tag}" router-ignore><code>&lt;${el.tag}&gt;</code></a></li>`)}
        </ul>
      </nav>
      ${GALLERY.map(
        (el) => html`<section class="gallery-group" id="gallery-${el.tag}" aria-labelledby="gallery-${el.tag}-title">
          <h2 id="gallery-${el.tag}-title"><code>&lt;${el.tag}&gt;</code></h2>
          <ul class="gallery-grid">
            ${el.states.map(
              (state) => html`<li class="gallery-state">
                <h3 class="state-name">${state.name[lang]}</h3>
                <div class="gallery-pair">
                  ${(['light', 'dark'] as const).map(
                    (scheme) => html`<div class="gallery-cell" data-scheme=${scheme}>
                      <p class="scheme-name">${scheme === 'light' ? t.galleryLight : t.galleryDark}</p>
                      ${unsafeHTML(markup(el, state, scheme))}
                    </div>`,
                  )}
                </div>
              </li>`,
            )}
          </ul>
        </section>`,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'demo-gallery': DemoGallery;
  }
}
