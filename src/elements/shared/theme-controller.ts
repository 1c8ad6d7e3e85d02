import type { ReactiveController } from 'lit';
import type { Theme } from '../../page/session-hub.js';
import type { SessionController, SessionHost } from './session-controller.js';

/**
 * Puts the host in the `dark` or `light` custom state when its `theme` attribute, or the
 * page-wide theme, forces one; styles read `:state(dark)`. With neither, the element follows
 * the system (`prefers-color-scheme`) or `--snr-color-scheme`.
 */
export class ThemeController implements ReactiveController {
  /** The host (named apart from `ShadowRoot.host` and `ElementInternals.states`, so the build can make these ES private names). */
  private readonly element: SessionHost & { theme?: Theme | undefined };
  private readonly session: SessionController;
  private readonly customStates: CustomStateSet | null;

  constructor(host: SessionHost & { theme?: Theme | undefined }, session: SessionController) {
    this.element = host;
    this.session = session;
    let states: CustomStateSet | null = null;
    try {
      states = host.attachInternals().states;
    } catch {
      // No ElementInternals (an old browser): the theme attribute selectors still work.
    }
    this.customStates = states;
    host.addController(this);
  }

  get theme(): Theme {
    const own = this.element.theme;
    return own === 'dark' || own === 'light' ? own : (this.session.hub?.theme ?? 'auto');
  }

  hostConnected(): void {
    this.checkFont();
    // A stylesheet of the page that loads after the element: look again once it has.
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => this.checkFont());
  }

  /**
   * The `system-font` state: the page sets no font of its own, so the host would inherit the
   * browser's default (a serif). Found by comparing the font the host inherits with the
   * `font-family: initial` of a probe in the same document: the same string in every browser
   * (Chromium "Times New Roman", Firefox serif, Safari Times), whatever it is. Then the kit's
   * stack applies (still under `--snr-font-family`); any font the page sets is inherited instead.
   */
  private checkFont(): void {
    if (!this.customStates || !this.element.isConnected) return;
    const parent = this.element.parentElement ?? ((this.element.getRootNode() as ShadowRoot).host as HTMLElement | undefined);
    if (!parent) return;
    if (pageSetsNoFont(parent)) this.customStates.add('system-font');
    else this.customStates.delete('system-font');
  }

  hostUpdate(): void {
    if (!this.customStates) return;
    const theme = this.theme;
    for (const scheme of ['dark', 'light'] as const) {
      if (theme === scheme) this.customStates.add(scheme);
      else this.customStates.delete(scheme);
    }
  }
}

const initialFont = new WeakMap<Document, string>();

/** Whether an element inherits the browser's default font (the page set none on it or above it). */
export function pageSetsNoFont(element: Element): boolean {
  const doc = element.ownerDocument;
  let initial = initialFont.get(doc);
  if (initial === undefined) {
    const probe = doc.createElement('span');
    probe.style.fontFamily = 'initial';
    (doc.body ?? doc.documentElement).appendChild(probe);
    initial = getComputedStyle(probe).fontFamily;
    probe.remove();
    initialFont.set(doc, initial);
  }
  return getComputedStyle(element).fontFamily === initial;
}
