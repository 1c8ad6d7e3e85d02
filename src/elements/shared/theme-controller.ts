import type { ReactiveController } from 'lit';
import type { Theme } from '../../page/session-hub.js';
import type { SessionController, SessionHost } from './session-controller.js';

/**
 * Puts the host in the `dark` or `light` custom state when its `theme` attribute, or the
 * page-wide theme, forces one; styles read `:state(dark)`. With neither, the element follows
 * the system (`prefers-color-scheme`) or `--snr-color-scheme`.
 */
export class ThemeController implements ReactiveController {
  private readonly host: SessionHost & { theme?: Theme | undefined };
  private readonly session: SessionController;
  private readonly states: CustomStateSet | null;

  constructor(host: SessionHost & { theme?: Theme | undefined }, session: SessionController) {
    this.host = host;
    this.session = session;
    let states: CustomStateSet | null = null;
    try {
      states = host.attachInternals().states;
    } catch {
      // No ElementInternals (an old browser): the theme attribute selectors still work.
    }
    this.states = states;
    host.addController(this);
  }

  get theme(): Theme {
    const own = this.host.theme;
    return own === 'dark' || own === 'light' ? own : (this.session.hub?.theme ?? 'auto');
  }

  hostUpdate(): void {
    if (!this.states) return;
    const theme = this.theme;
    for (const scheme of ['dark', 'light'] as const) {
      if (theme === scheme) this.states.add(scheme);
      else this.states.delete(scheme);
    }
  }
}
