import type { ReactiveController } from 'lit';
import { matchLanguage, onTranslationsChange, type Translation, type TranslationOverrides, textDirection, translation } from '../../i18n/index.js';
import type { SessionController, SessionHost } from './session-controller.js';

/** The nearest `lang` attribute, looking through shadow roots, but not `<html>`'s. */
function ownLanguage(element: Element): string | null {
  let node: Element | null = element;
  while (node && node !== document.documentElement) {
    const lang = node.getAttribute('lang');
    if (lang) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return null;
}

/**
 * The host's strings: its `lang` (or an ancestor's), else the page-wide language of the session,
 * else `<html lang>`; the site's overrides and the host's own `translations` on top.
 */
export class LocaleController implements ReactiveController {
  private readonly host: SessionHost & { translations?: TranslationOverrides | undefined };
  private readonly session: SessionController;
  private readonly observer: MutationObserver | null;
  private stop = () => {};

  constructor(host: SessionHost & { translations?: TranslationOverrides | undefined }, session: SessionController) {
    this.host = host;
    this.session = session;
    this.observer = typeof MutationObserver === 'undefined' ? null : new MutationObserver(() => host.requestUpdate());
    host.addController(this);
  }

  /** The language tag in effect, e.g. `pl-PL`. */
  get lang(): string {
    return ownLanguage(this.host) ?? this.session.hub?.lang ?? (document.documentElement.lang || 'en');
  }

  get t(): Translation {
    return translation(this.lang, this.host.translations);
  }

  /**
   * The table's language when it is not the one the page around the element declares (a `de`
   * page has no German table and gets English; `configure({ lang })` may differ from `<html>`):
   * what the element's own content must carry as `lang`, so screen readers pronounce it right.
   */
  get markedLang(): string | undefined {
    const table = this.t.lang;
    const around = ownLanguage(this.host) ?? document.documentElement.lang;
    const key = table.toLowerCase();
    return around && matchLanguage(around) === key && around.toLowerCase().startsWith(key) ? undefined : table;
  }

  /**
   * The direction the content must carry when its table's differs from the one the element sits in:
   * `rtl` for Arabic on a left-to-right page, `ltr` for English inside a `dir="rtl"` page; else none
   * (the content inherits the page's).
   */
  get dir(): 'ltr' | 'rtl' | undefined {
    const table = textDirection(this.t.lang);
    const around = getComputedStyle(this.host).direction === 'rtl' ? 'rtl' : 'ltr';
    return table === around ? undefined : table;
  }

  /**
   * Marks the element's own top-level content (forms and parts, not the site's slotted children)
   * with `lang` and `dir`; in a shadow root, the top-level elements with `dir` (their `lang` is bound
   * in the template).
   */
  hostUpdated(): void {
    const dir = this.dir;
    if (this.host.shadowRoot) {
      for (const child of this.host.shadowRoot.children) mark(child, 'dir', dir);
      return;
    }
    const lang = this.markedLang;
    for (const child of this.host.querySelectorAll(':scope > form, :scope > [part]')) {
      if (child.hasAttribute('slot')) continue;
      mark(child, 'lang', lang);
      mark(child, 'dir', dir);
    }
  }

  hostConnected(): void {
    this.observer?.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.stop = onTranslationsChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.stop();
  }
}

/** Sets or removes an attribute, touching the DOM only on a real change (the page watches every `lang`). */
function mark(element: Element, name: string, value: string | undefined): void {
  if (value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  } else if (element.hasAttribute(name)) element.removeAttribute(name);
}
