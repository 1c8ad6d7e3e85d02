import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { GALLERY, type GalleryElement, type GalleryState } from '../gallery-states.js';
import { type PreviewSpec, settlePreviews } from '../preview.js';
import { DemoPage, settings } from '../state.js';

/** One element in one state and scheme. */
function spec(el: GalleryElement, state: GalleryState, scheme: 'light' | 'dark'): PreviewSpec {
  return { tag: el.tag, attrs: { ...el.attrs, theme: scheme, 'heading-level': '4' }, key: state.key, state };
}

/** The element `?element=<tag>` asks for alone, if the gallery has it. */
function onlyElement(): GalleryElement | undefined {
  const tag = new URLSearchParams(location.search).get('element');
  return GALLERY.find((el) => el.tag === tag);
}

/**
 * Every element in every state, light and dark side by side: each the real element against a
 * preview Client, brought to its state as a customer would bring it (`<demo-preview>`).
 * `?element=<tag>` shows that element alone (quicker to open, and what the e2e checks one by one).
 * `data-ready` is set once every state has been reached or given up on.
 */
@customElement('demo-gallery')
export class DemoGallery extends DemoPage {
  protected override firstUpdated(): void {
    void settlePreviews(this).then(() => this.toggleAttribute('data-ready', true));
  }

  protected override render() {
    const t = this.t;
    const lang = settings.lang;
    const only = onlyElement();
    return html`
      <div class="page-head">
        <h1 tabindex="-1">${t.galleryTitle}</h1>
        <p class="lead">${t.galleryLead}</p>
      </div>
      <nav class="toolbar gallery-index" aria-label=${t.galleryJump}>
        <ul>
          ${
            only
              ? html`<li><a href="/gallery" router-ignore>${t.galleryAll}</a></li>
                  ${GALLERY.map(
                    (el) =>
                      html`<li><a href="/gallery?element=${el.tag}" router-ignore aria-current=${el === only ? 'page' : nothing}><code>&lt;${el.tag}&gt;</code></a></li>`,
                  )}`
              : GALLERY.map((el) => html`<li><a href="#gallery-${el.tag}" router-ignore><code>&lt;${el.tag}&gt;</code></a></li>`)
          }
        </ul>
      </nav>
      ${(only ? [only] : GALLERY).map(
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
                      <demo-preview data-state=${state.key} .preview=${spec(el, state, scheme)}></demo-preview>
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
