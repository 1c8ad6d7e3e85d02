import { LitElement, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { type DemoLang, type DemoStrings, LANGS, strings } from './i18n.js';

export type Scheme = 'system' | 'light' | 'dark';

const LANG_KEY = 'snr-demo:lang';
const SCHEME_KEY = 'snr-demo:scheme';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

function initialLang(): DemoLang {
  const stored = read(LANG_KEY);
  if (stored && (LANGS as readonly string[]).includes(stored)) return stored as DemoLang;
  return navigator.language.toLowerCase().startsWith('pl') ? 'pl' : 'en';
}

function initialScheme(): Scheme {
  const stored = read(SCHEME_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/**
 * The demo's own settings: language and colour scheme. Both are applied to `<html>` (`lang`,
 * `data-scheme`, `color-scheme`), where the elements read them too.
 */
class DemoSettings extends EventTarget {
  lang: DemoLang = initialLang();
  scheme: Scheme = initialScheme();

  get t(): DemoStrings {
    return strings(this.lang);
  }

  apply(): void {
    const root = document.documentElement;
    root.lang = this.lang;
    root.dataset.scheme = this.scheme;
    root.style.colorScheme = this.scheme === 'system' ? 'light dark' : this.scheme;
  }

  setLang(lang: DemoLang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    write(LANG_KEY, lang);
    this.apply();
    this.dispatchEvent(new Event('change'));
  }

  setScheme(scheme: Scheme): void {
    if (scheme === this.scheme) return;
    this.scheme = scheme;
    write(SCHEME_KEY, scheme);
    this.apply();
    this.dispatchEvent(new Event('change'));
  }
}

export const settings = new DemoSettings();

/** Re-renders its host when the language or the scheme changes. */
export class SettingsController implements ReactiveController {
  private readonly onChange = () => this.host.requestUpdate();
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    settings.addEventListener('change', this.onChange);
  }
  hostDisconnected(): void {
    settings.removeEventListener('change', this.onChange);
  }
}

let navigated = false;

/** `<h1> · snr-auth demo`. */
export function updateTitle(): void {
  const h1 = document.querySelector('main h1');
  const name = h1?.textContent?.replace(/\s+/g, ' ').trim();
  document.title = name ? `${name} · snr-auth demo` : 'snr-auth demo';
}

/**
 * A demo page: rendered in light DOM so the page's stylesheet and the elements' light-DOM forms
 * (STYLE.md §6) behave exactly as on a customer's site.
 */
export class DemoPage extends LitElement {
  protected readonly settingsController = new SettingsController(this);

  protected get t(): DemoStrings {
    return settings.t;
  }

  /**
   * Called by the router once this page is in the document: the page's name goes into the title,
   * and, after a navigation (not on the first load), focus moves to the page's heading.
   */
  onAfterEnter(): void {
    const moveFocus = navigated;
    navigated = true;
    void this.updateComplete.then(() => {
      updateTitle();
      if (!moveFocus) return;
      this.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
    });
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
