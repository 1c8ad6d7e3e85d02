import { SnrErrorEvent } from '../events/snr-error.js';
import { SnrSessionChangeEvent } from '../events/snr-session-change.js';
import { SnrSignedInEvent } from '../events/snr-signed-in.js';
import { SnrSignedOutEvent } from '../events/snr-signed-out.js';
import { errorMessage, translation } from '../i18n/index.js';
import { type Client, type ClientOptions, createClient, type SessionChange, type SessionState, type StorageKind } from '../session/index.js';

export type Theme = 'light' | 'dark' | 'auto';

/** What `configure()` takes: where the server is, the Profile API key, and page-wide choices. */
export interface SessionOptions {
  apiBase: string;
  apiKey: string;
  /** `local` (default), `session` or `memory`. */
  storage?: StorageKind;
  /** Language of every element that has no `lang` of its own (else the document's). */
  lang?: string;
  /** `dark`, `light`, or `auto` (follow the system). */
  theme?: Theme;
  /** Do Not Track for this browser: `true` on, `false` lifted, unset: as it was (see `ClientOptions.doNotTrack`). */
  doNotTrack?: boolean;
}

/** What changed in the hub: a new Client, the session, or the page-wide choices. */
export type HubChange = { type: 'configured' } | { type: 'session'; state: SessionState; change: SessionChange } | { type: 'settings' };
export type HubListener = (change: HubChange) => void;

const noop = () => {};

/**
 * The page's one session: the stable object every element gets through context. It holds the
 * Client (made by `configure()`, replaced only when the server or key changes), the public
 * configuration, the page-wide language and theme, and turns session changes into DOM events.
 *
 * An element acting on the session passes itself to the Client call (`{ cause: this }`); the
 * change comes back carrying it (`change.cause`), and its events are dispatched on that element.
 * Nothing here remembers who is acting, so two elements acting at once never get each other's events.
 */
export class SessionHub {
  /** Resolves with the first configured Client once it holds a token. */
  readonly ready: Promise<Client>;
  private resolveReady!: (client: Client) => void;
  private rejectReady!: (err: unknown) => void;
  private current: Client | null = null;
  private connection = '';
  private unsubscribe = noop;
  private readonly listeners = new Set<HubListener>();
  private readonly hosts = new Set<HTMLElement>();
  lang: string | undefined;
  theme: Theme | undefined;

  /** `makeClient`: how `configure()` makes its Client (a demo's design review gives a scripted one). */
  constructor(private readonly makeClient: (options: ClientOptions) => Client = createClient) {
    this.ready = new Promise<Client>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(noop);
  }

  /** The page's Client, or null before `configure()`. */
  get client(): Client | null {
    return this.current;
  }

  /**
   * Sets the page up. Calling it again with the same server and key keeps the Client (and only
   * updates `lang` and `theme`); a different server, key or storage closes it and makes a new one.
   */
  configure(options: SessionOptions): Client {
    if (!options || typeof options.apiBase !== 'string' || typeof options.apiKey !== 'string' || !options.apiBase || !options.apiKey) {
      throw new TypeError('configure() needs { apiBase, apiKey }');
    }
    // A relative base (`/`, `/auth`) is the page's own server.
    const apiBase = (typeof location === 'undefined' ? options.apiBase : new URL(options.apiBase, location.href).href).replace(/\/+$/, '');
    const settingsChanged = this.applySettings(options);
    const connection = JSON.stringify([apiBase, options.apiKey, options.storage ?? 'local']);
    if (this.current && connection === this.connection) {
      if (settingsChanged) this.notify({ type: 'settings' });
      if (options.doNotTrack !== undefined && options.doNotTrack !== this.current.doNotTrack) {
        this.current.setDoNotTrack(options.doNotTrack).catch((err) => console.error('snr-auth: cannot change Do Not Track:', err));
      }
      return this.current;
    }
    const first = !this.current;
    this.unsubscribe();
    this.current?.close();
    const client = this.makeClient({
      apiBase,
      apiKey: options.apiKey,
      storage: options.storage,
      ...(options.doNotTrack === undefined ? {} : { doNotTrack: options.doNotTrack }),
    });
    this.current = client;
    this.connection = connection;
    this.unsubscribe = client.subscribe((state, change) => this.onSession(client, state, change));
    if (first) client.ready.then(this.resolveReady, this.rejectReady);
    this.notify({ type: 'configured' });
    this.emit(
      new SnrSessionChangeEvent({
        type: 'configured',
        status: client.state.status,
        uuid: client.state.uuid,
        clientId: client.state.clientId,
        reason: null,
        remote: false,
      }),
      null,
    );
    return client;
  }

  /** Page-wide language and theme, without touching the Client. */
  setSettings(settings: { lang?: string | undefined; theme?: Theme | undefined }): void {
    if (this.applySettings(settings)) this.notify({ type: 'settings' });
  }

  /** Tells the elements to look again at the language and theme (`<html lang>` changed). */
  settingsChanged(): void {
    this.notify({ type: 'settings' });
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `<snr-session>` elements on the page: they hear the session's events that no element caused. */
  attachHost(host: HTMLElement): () => void {
    this.hosts.add(host);
    return () => this.hosts.delete(host);
  }

  /**
   * Dispatches on `cause`, the element that caused the change, when it is in a document; else on
   * the page's `<snr-session>` (a change from the Client API, another tab, a failed refresh: its
   * `on…` props in React hear them too); else on the document. Each bubbles to the document once.
   */
  private emit(event: Event, cause: unknown): void {
    if (typeof document === 'undefined') return;
    const host = [...this.hosts].find((h) => h.isConnected);
    const on = cause instanceof Node && cause.isConnected ? cause : (host ?? document);
    on.dispatchEvent(event);
  }

  private applySettings(settings: { lang?: string | undefined; theme?: Theme | undefined }): boolean {
    let changed = false;
    if ('lang' in settings && settings.lang !== this.lang) {
      this.lang = settings.lang || undefined;
      changed = true;
    }
    if ('theme' in settings && settings.theme !== this.theme) {
      this.theme = settings.theme;
      changed = true;
    }
    return changed;
  }

  private onSession(client: Client, state: SessionState, change: SessionChange): void {
    if (client !== this.current) return;
    const { cause, remote = false } = change;
    this.emit(
      new SnrSessionChangeEvent({ type: change.type, status: state.status, uuid: state.uuid, clientId: state.clientId, reason: change.reason ?? null, remote }),
      cause,
    );
    if (change.type === 'signed-in') {
      this.emit(new SnrSignedInEvent({ clientId: state.clientId, uuid: state.uuid, origin: state.origin, remote }), cause);
    } else if (change.type === 'signed-out') {
      this.emit(new SnrSignedOutEvent({ reason: change.reason ?? 'NOT_SPECIFIED', fromAllDevices: change.fromAllDevices ?? false, remote }), cause);
    } else if (change.type === 'error' && state.lastError) {
      const err = state.lastError;
      const lang = this.lang ?? (typeof document === 'undefined' ? undefined : document.documentElement.lang);
      this.emit(
        new SnrErrorEvent({
          code: err.code,
          message: errorMessage(translation(lang), err.code),
          action: change.dropped ? 'track' : 'session',
          status: err.status,
          ...(err.retryAfter === undefined ? {} : { retryAfter: err.retryAfter }),
          ...(change.dropped ? { events: [...change.dropped] } : {}),
        }),
        null,
      );
    }
    this.notify({ type: 'session', state, change });
  }

  private notify(change: HubChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

// On globalThis, so a second copy of the bundle on the page finds the same session.
const PAGE_SESSION = Symbol.for('snr-auth.session');

/** The page's session hub, made on first use. */
export function pageSession(): SessionHub {
  const g = globalThis as { [PAGE_SESSION]?: SessionHub };
  return (g[PAGE_SESSION] ??= new SessionHub());
}
