import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { sessionContext } from '../../page/context.js';
import type { HubChange, SessionHub } from '../../page/session-hub.js';
import type { Client, SessionState } from '../../session/index.js';

export type SessionHost = ReactiveControllerHost & HTMLElement;

/** Where the page's session stands, as an element shows it. */
export type SessionView = 'unconfigured' | 'starting' | 'anonymous' | 'signed-in';

const noop = () => {};

/**
 * Finds the page's session through context and re-renders its host on every change of it. The
 * context value is one stable object; changes reach the host through this subscription.
 */
export class SessionController implements ReactiveController {
  hub: SessionHub | undefined;
  private readonly host: SessionHost;
  /** The host's `onChange` (named apart from the option, so the build can make it an ES private name). */
  private readonly notify: ((change: HubChange) => void) | undefined;
  private unsubscribe = noop;

  constructor(host: SessionHost, options: { onChange?: (change: HubChange) => void } = {}) {
    this.host = host;
    this.notify = options.onChange;
    host.addController(this);
    new ContextConsumer(host, { context: sessionContext, subscribe: true, callback: (hub) => this.attach(hub) });
  }

  get client(): Client | null {
    return this.hub?.client ?? null;
  }

  get state(): SessionState | null {
    return this.client?.state ?? null;
  }

  get view(): SessionView {
    const state = this.state;
    return state ? state.status : 'unconfigured';
  }

  /** An element given `api-base` and `api-key` itself configures the page when nothing else has. */
  configureIfAlone(apiBase: string | null | undefined, apiKey: string | null | undefined): void {
    if (this.hub && apiBase && apiKey && !this.hub.client) this.hub.configure({ apiBase, apiKey });
  }

  hostConnected(): void {
    if (this.hub) this.listen(this.hub);
  }

  hostDisconnected(): void {
    this.unsubscribe();
    this.unsubscribe = noop;
  }

  private attach(hub: SessionHub): void {
    if (hub === this.hub && this.unsubscribe !== noop) return;
    this.hub = hub;
    this.listen(hub);
    this.notify?.({ type: 'configured' });
    this.host.requestUpdate();
  }

  private listen(hub: SessionHub): void {
    this.unsubscribe();
    this.unsubscribe = hub.subscribe((change) => {
      this.notify?.(change);
      this.host.requestUpdate();
    });
  }
}
