import { ContextProvider } from '@lit/context';
import { html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { sessionContext } from '../../page/context.js';
import { pageSession, type Theme } from '../../page/session-hub.js';
import type { StorageKind } from '../../session/index.js';
import { sessionStyles } from './snr-session.styles.js';

/**
 * @tagname snr-session
 * @summary The page-wide session: configures snr-auth from HTML, with no JavaScript.
 *
 * Put it around the other elements or anywhere before them: every snr-* element on the page
 * shares the one session it configures (elements outside it find the same session). Its
 * `lang` and `theme` become the page-wide defaults of the elements.
 *
 * @slot - Any content; typically the page's snr-* elements.
 *
 * @event snr-session-change - Any change of the session. `detail: { type, status, uuid, clientId, reason, remote }`.
 * @event snr-signed-in - A customer signed in, here or in another tab.
 * @event snr-signed-out - The session ended: signed out, expired or revoked elsewhere (`detail.reason`).
 * @event snr-error - The session itself failed (e.g. the server is unreachable): `detail.action` is `session`; or the event tracker dropped events the server refused for good (a poison event): `detail.action` is `track` and `detail.events` their eventSalts.
 */
export class SnrSession extends LitElement {
  static override styles = sessionStyles;

  /** Where the identity server answers, e.g. `https://id.shop.example`. */
  @property({ attribute: 'api-base' }) apiBase: string | undefined;
  /** The Profile API key. */
  @property({ attribute: 'api-key' }) apiKey: string | undefined;
  /** `local` (default: survives reloads, shared by tabs), `session` (this tab) or `memory` (this page). */
  @property() storage: StorageKind | undefined;
  /** Page-wide theme of the elements: `dark`, `light`, or `auto` (follow the system). */
  @property({ reflect: true }) theme: Theme | undefined;
  /**
   * Do Not Track for this browser (kept across visits): present (or `true`) turns it on, `"false"`
   * lifts it, absent leaves it as it was. While on, no profile is made for the visitor and no event is sent.
   */
  @property({ attribute: 'do-not-track', converter: { fromAttribute: (value: string | null) => (value === null ? undefined : value !== 'false') } })
  doNotTrack: boolean | undefined;

  private readonly hub = pageSession();

  constructor() {
    super();
    // The same stable object the page provides from <html>: nearer for elements inside.
    new ContextProvider(this, { context: sessionContext, initialValue: this.hub });
  }

  static override get observedAttributes(): string[] {
    // biome-ignore lint/complexity/noThisInStatic: super's getter finalizes this class's properties first
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.hub.setSettings({ lang: value ?? undefined });
  }

  private detach = () => {};

  override connectedCallback(): void {
    super.connectedCallback();
    this.detach = this.hub.attachHost(this);
    this.apply();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A theme taken away (a site's dark-mode switch removing the attribute) goes back to automatic.
    const themeRemoved = changed.has('theme') && !!changed.get('theme') && !this.theme;
    if (changed.has('apiBase') || changed.has('apiKey') || changed.has('storage') || changed.has('theme') || changed.has('doNotTrack'))
      this.apply(themeRemoved);
  }

  private apply(themeRemoved = false): void {
    const lang = this.getAttribute('lang');
    const settings = { ...(lang ? { lang } : {}), ...(this.theme || themeRemoved ? { theme: this.theme || undefined } : {}) };
    if (this.apiBase && this.apiKey) {
      try {
        this.hub.configure({
          apiBase: this.apiBase,
          apiKey: this.apiKey,
          ...(this.storage ? { storage: this.storage } : {}),
          ...(this.doNotTrack === undefined ? {} : { doNotTrack: this.doNotTrack }),
          ...settings,
        });
      } catch (err) {
        console.error('<snr-session>: cannot configure snr-auth:', err);
      }
    } else {
      this.hub.setSettings(settings);
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
