import type { LitElement, ReactiveController } from 'lit';
import { property } from 'lit/decorators.js';
import type { TranslationOverrides } from '../../i18n/index.js';
import type { Theme } from '../../page/session-hub.js';
import type { SessionController, SessionHost } from './session-controller.js';

/** The attributes every element of the kit takes, light DOM or shadow DOM (documented on the mixin's class). */
export interface SharedAttributes {
  apiBase: string | undefined;
  apiKey: string | undefined;
  theme: Theme | undefined;
  headingLevel: number;
  translations: TranslationOverrides | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: TypeScript's rule for mixins: the base's constructor takes `...args: any[]`.
type Constructor<T> = new (...args: any[]) => T;

/**
 * Declares the shared attributes (`api-base`, `api-key`, `theme`, `heading-level`,
 * `translations`) on an element class, whatever its render root. What they do lives in
 * controllers: `ApiAttributesController` (the session), `ThemeController`, `LocaleController`.
 */
export function SharedAttributesMixin<T extends Constructor<LitElement>>(Base: T) {
  class WithSharedAttributes extends Base implements SharedAttributes {
    /** Server to use when the page has no `<snr-session>` and no `configure()`. */
    @property({ attribute: 'api-base' }) apiBase: string | undefined;
    /** Profile API key to use with `api-base`. */
    @property({ attribute: 'api-key' }) apiKey: string | undefined;
    /** `dark` or `light` forces a scheme; `auto` (default) follows the page-wide theme, then the system. */
    @property({ reflect: true }) theme: Theme | undefined;
    /** Level of the headings (1–6), to fit the page's outline. */
    @property({ attribute: 'heading-level', type: Number }) headingLevel = 2;
    /** Overrides of any string, for this element only. */
    @property({ attribute: false }) translations: TranslationOverrides | undefined;
  }
  return WithSharedAttributes as Constructor<SharedAttributes> & T;
}

/**
 * An element given `api-base` and `api-key` configures the page's session with them when nothing
 * else has: when it is connected, and when they change.
 */
export class ApiAttributesController implements ReactiveController {
  private readonly host: SessionHost & Pick<SharedAttributes, 'apiBase' | 'apiKey'>;
  private readonly session: SessionController;
  /** The `api-base` and `api-key` the last update saw. */
  private seen: string | undefined;

  constructor(host: SessionHost & Pick<SharedAttributes, 'apiBase' | 'apiKey'>, session: SessionController) {
    this.host = host;
    this.session = session;
    host.addController(this);
  }

  hostConnected(): void {
    this.session.configureIfAlone(this.host.apiBase, this.host.apiKey);
  }

  hostUpdate(): void {
    const { apiBase, apiKey } = this.host;
    const seen = `${apiBase}\n${apiKey}`;
    if (seen === this.seen) return;
    this.seen = seen;
    this.session.configureIfAlone(apiBase, apiKey);
  }
}
