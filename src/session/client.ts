import { type ApiClient, createApiClient, type LoginBody, type RegisterBody, type UpdateAccountBody } from '../api/client.js';
import { isTransient, SnrError } from '../api/errors.js';
import type {
  AccountInformation,
  Agreements,
  AuthCondition,
  ConditionalStatus,
  IdentityProvider,
  PublicConfig,
  RegisterResponse,
  TokenResponse,
  TrackedEvent,
} from '../contract/schemas.js';
import { AccountCache } from './cache.js';
import { type EventQueue, indexedDbQueue, memoryQueue } from './event-queue.js';
import { browserLifecycle } from './lifecycle.js';
import type { StoredToken } from './refresh.js';
import { createStorage, type KeyValueStorage, type StorageKind, storageNamespace } from './storage.js';
import { refusalReason, type SessionListener, type SessionState, SessionStore } from './store.js';
import { pageCoordinator, type TabCoordinator, tabCoordinator } from './tabs.js';
import { type Lifecycle, Tracker } from './tracker.js';

export interface ClientOptions {
  /** Where the identity server answers, e.g. `https://id.shop.example`. */
  apiBase: string;
  /** The Profile API key. */
  apiKey: string;
  /** `local` (default: survives reloads, shared by tabs), `session` (this tab) or `memory` (this page). */
  storage?: StorageKind;
  /** Fraction of a token's lifetime, before its end, in which activity refreshes it. Default 0.5. */
  refreshWindow?: number;
  /** Request timeout, ms. Default 15 000. */
  timeout?: number;
  /** Events per batch (at most 100). Default 50. */
  batchSize?: number;
  /** Longest wait before queued events are sent, ms. Default 2000. */
  flushInterval?: number;
  /** Longest wait between retries of a failed flush, ms. Default 60 000. */
  maxRetryDelay?: number;
  deviceId?: string;
  fetch?: typeof fetch;
  /** Page lifecycle signals; the browser's by default. */
  lifecycle?: Lifecycle;
}

/** What every call that may change the session takes besides its own arguments. */
export interface CallOptions {
  /**
   * Who is asking, given back as `change.cause` on the session changes the call makes (a sign-in,
   * a sign-out, a refresh or a refused token on its way). The elements pass themselves, so the
   * events of their own actions are dispatched on them, and nobody else's.
   */
  cause?: unknown;
}

export interface SignOutOptions extends CallOptions {
  /** Revoke every session of the customer, on every device. */
  fromAllDevices?: boolean;
  /** `destroy-session` also forgets the UUID, so the next visitor starts as a new anonymous profile. */
  mode?: 'sign-out' | 'destroy-session';
}

/** What `authenticate` and its siblings send besides the provider's token. */
export interface AuthenticationContext {
  agreements?: Agreements;
  attributes?: Record<string, unknown>;
}

export type RegisterContext = Omit<RegisterBody, 'uuid'>;
export type UpdateAccountContext = UpdateAccountBody;

/**
 * A conditional sign-in's outcome: `SUCCESS` (signed in), or a status naming what stands before a
 * token, with its conditions (objects: `type`, and details such as the terms' version and page).
 */
export interface ConditionalResult {
  status: ConditionalStatus;
  conditions: AuthCondition[];
}

/** What `signInConditionally` takes besides the credentials. */
export interface ConditionalSignInOptions extends CallOptions {
  /**
   * The version of the terms the customer has just accepted, as the `TERMS_ACCEPTANCE` condition of
   * the previous answer named it (`termsVersion`): the server records it and signs the customer in.
   */
  acceptedTermsVersion?: string;
}

/** The current token, as `retrieveToken()` hands it out. */
export interface TokenInfo {
  token: string;
  realm: StoredToken['realm'];
  origin: StoredToken['origin'];
  uuid: string;
  clientId: number | null;
  customId: string | null;
  /** Epoch ms (this machine's clock) at which the token stops working. */
  expiresAt: number;
}

export type AccountCacheMode = 'prefer' | 'network' | 'only';

const noop = () => {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longest wait for the queued events to leave under the old identity before it changes. */
const EVENT_HANDOVER_MS = 3000;

/**
 * The Client: the Synerise SDK's method names and argument orders over the session store, the
 * typed API client, the event tracker and the account cache. Every method that talks to the
 * server counts as activity for the refresh policy, and rejects with an `SnrError`.
 */
export class Client {
  readonly api: ApiClient;
  /** Resolves once a token (stored or new) is in hand; retries while the server is unreachable. */
  readonly ready: Promise<Client>;
  private readonly store: SessionStore;
  private readonly tracker: Tracker;
  private readonly cache: AccountCache;
  private readonly tabs: TabCoordinator;
  private readonly deviceId: string | undefined;
  private config: Promise<PublicConfig> | null = null;
  private closed = false;

  constructor(options: ClientOptions) {
    this.deviceId = options.deviceId;
    this.api = createApiClient({ baseUrl: options.apiBase, apiKey: options.apiKey, fetch: options.fetch, timeout: options.timeout });
    const namespace = storageNamespace(this.api.baseUrl, options.apiKey);
    const storage = createStorage(options.storage ?? 'local');
    this.tabs = storage.shared ? tabCoordinator(namespace, storage) : pageCoordinator();
    this.store = new SessionStore({
      api: this.api,
      storage,
      tabs: this.tabs,
      namespace,
      refreshWindow: options.refreshWindow,
      deviceId: options.deviceId,
    });
    this.cache = new AccountCache(storage, namespace);
    this.store.subscribe((state, change) => {
      if (change.type === 'signed-out' || change.type === 'uuid-changed') this.cache.clear();
      else if (change.type === 'signed-in' && this.cache.get(state.clientId) === null) this.cache.clear();
    });
    this.tracker = new Tracker({
      queue: eventQueue(storage, namespace),
      send: (events) => this.sendEvents(events),
      sendBeacon: (events) => this.beacon(events),
      exclusive: (name, task) => this.tabs.exclusive(name, task),
      uuid: () => this.store.state.uuid,
      activity: () => this.store.touch(),
      lifecycle: options.lifecycle ?? browserLifecycle(),
      batchSize: options.batchSize,
      flushInterval: options.flushInterval,
      maxRetryDelay: options.maxRetryDelay,
      onError: (error) => this.store.fail(error),
    });
    this.ready = this.start();
    this.ready.catch(noop);
  }

  // ---- state ------------------------------------------------------------------------------------

  get state(): SessionState {
    return this.store.state;
  }

  /** Called on every change of the session (sign-in, sign-out, refresh, expiry, UUID, error). */
  subscribe(listener: SessionListener): () => void {
    return this.store.subscribe(listener);
  }

  getUUID(): string {
    return this.store.state.uuid;
  }

  isSignedIn(): boolean {
    return this.store.state.status === 'signed-in';
  }

  /** A token valid now, refreshed first when the refresh window is open. */
  async retrieveToken(options: CallOptions = {}): Promise<TokenInfo> {
    const { token, realm, origin, uuid, clientId, customId, expiresAt } = await this.store.token(true, options.cause);
    return { token, realm, origin, uuid, clientId, customId, expiresAt };
  }

  /** Refreshes now, whatever the window says; an expired session cannot be refreshed. */
  async refreshToken(options: CallOptions = {}): Promise<TokenInfo> {
    const signedIn = this.isSignedIn();
    await this.store.refresh(options.cause);
    if (signedIn && !this.isSignedIn()) throw this.sessionEnded();
    return this.retrieveToken(options);
  }

  /**
   * The server's public configuration (registration mode, password policy, agreements, providers):
   * asked once per Client and shared by every caller; a failure is not kept, so the next call asks again.
   */
  getPublicConfig(): Promise<PublicConfig> {
    if (!this.config) {
      const pending = this.api.publicConfig();
      this.config = pending;
      pending.catch(() => {
        if (this.config === pending) this.config = null;
      });
    }
    return this.config;
  }

  // ---- sign-in ----------------------------------------------------------------------------------

  async signIn(email: string, password: string, options: CallOptions = {}): Promise<void> {
    await this.logIn({ email, password }, options.cause);
  }

  /**
   * Signs in when nothing stands in the way; otherwise answers what does (`ACTIVATION_REQUIRED`,
   * `APPROVAL_REQUIRED`, `TERMS_ACCEPTANCE_REQUIRED`, `MFA_REQUIRED`…) instead of failing. Wrong
   * credentials answer `UNAUTHORIZED`.
   */
  async signInConditionally(email: string, password: string, options: ConditionalSignInOptions = {}): Promise<ConditionalResult> {
    const { acceptedTermsVersion } = options;
    return this.logInConditionally({ email, password, ...(acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion }) }, options.cause);
  }

  async authenticate(
    token: string,
    provider: Exclude<IdentityProvider, 'SYNERISE'>,
    context: AuthenticationContext = {},
    options: CallOptions = {},
  ): Promise<void> {
    await this.logIn({ identityProvider: provider, identityProviderToken: token, ...context }, options.cause);
  }

  authenticateConditionally(
    token: string,
    provider: Exclude<IdentityProvider, 'SYNERISE'>,
    context: AuthenticationContext = {},
    options: CallOptions = {},
  ): Promise<ConditionalResult> {
    return this.logInConditionally({ identityProvider: provider, identityProviderToken: token, ...context }, options.cause);
  }

  authenticateByFacebook(fbToken: string, context: AuthenticationContext = {}, options: CallOptions = {}): Promise<void> {
    return this.authenticate(fbToken, 'FACEBOOK', context, options);
  }

  /** Signs in only a customer Facebook already knows; `REGISTRATION_REQUIRED` otherwise. */
  authenticateByFacebookRegistered(fbToken: string, options: CallOptions = {}): Promise<ConditionalResult> {
    return this.authenticateConditionally(fbToken, 'FACEBOOK', {}, options);
  }

  /**
   * Ends the session here and on the server. The local sign-out always happens; when the server
   * could not be told, the promise rejects afterwards with why (the token may live until it ends).
   */
  async signOut(options: SignOutOptions = {}): Promise<void> {
    const destroy = options.mode === 'destroy-session';
    if (!this.isSignedIn() && !destroy) return;
    let failure: unknown;
    if (this.isSignedIn()) this.tracker.track('client.logout');
    await this.handOverEvents();
    if (destroy) this.cache.clear();
    await this.store.reset(
      'SIGN_OUT',
      destroy,
      async (token) => {
        if (!token) return;
        try {
          await this.api.signOut(token.token, options.fromAllDevices === undefined ? {} : { fromAllDevices: options.fromAllDevices });
        } catch (err) {
          if (!refusalReason(err)) failure = err;
        }
      },
      { fromAllDevices: options.fromAllDevices ?? false, cause: options.cause },
    );
    if (failure) throw failure;
  }

  /** Forgets the session and the UUID on this device (and tells the server, if it answers). */
  async destroySession(options: CallOptions = {}): Promise<void> {
    await this.handOverEvents();
    this.cache.clear();
    await this.store.reset(
      'SIGN_OUT',
      true,
      async (token) => {
        if (token) await this.api.signOut(token.token).catch(noop);
      },
      { cause: options.cause },
    );
  }

  /** A new UUID and anonymous profile; refused (`SIGNED_IN`) while a customer is signed in. */
  async regenerateUUID(options: CallOptions = {}): Promise<string> {
    if (this.isSignedIn()) throw new SnrError('SIGNED_IN', 'regenerateUUID() is not allowed while signed in');
    await this.handOverEvents();
    await this.store.reset('SIGN_OUT', true, undefined, { cause: options.cause });
    return this.getUUID();
  }

  // ---- registration and email links ---------------------------------------------------------------

  async registerAccount(context: RegisterContext, options: CallOptions = {}): Promise<RegisterResponse> {
    const answer = await this.withToken((token) => this.api.registerAccount({ ...context, uuid: this.getUUID() }, { token }), options.cause);
    this.tracker.track('client.register', { status: answer.status });
    return answer;
  }

  requestAccountActivation(email: string): Promise<void> {
    return this.keyed(() => this.api.requestAccountActivation(email));
  }

  confirmAccountActivation(token: string): Promise<void> {
    return this.keyed(() => this.api.confirmAccountActivation(token));
  }

  /** Mails a new 6-digit activation code (`pin` registration mode); the previous code stops working. Resolves alike whether or not the email has an account. */
  requestAccountActivationByPin(email: string): Promise<void> {
    return this.keyed(() => this.api.requestAccountActivationByPin(email));
  }

  /** Activates the account with the emailed code; `ACTIVATION_PIN_INVALID` when it is wrong, expired, used or replaced. */
  confirmAccountActivationByPin(pin: string, email: string): Promise<void> {
    return this.keyed(() => this.api.confirmAccountActivationByPin(pin.replace(/[\s-]/g, ''), email));
  }

  requestPasswordReset(email: string): Promise<void> {
    return this.keyed(() => this.api.requestPasswordReset(email));
  }

  /** Sets the new password; the server ends every session of that customer. */
  confirmPasswordReset(token: string, password: string): Promise<void> {
    return this.keyed(() => this.api.confirmPasswordReset(token, password));
  }

  // ---- my account ------------------------------------------------------------------------------------

  /** The customer's account information: `network` (default) asks the server; `prefer` answers from
   *  the cache when it can; `only` never asks (`NOT_FOUND` when nothing is cached). */
  async getAccount(options: { cache?: AccountCacheMode } & CallOptions = {}): Promise<AccountInformation> {
    const mode = options.cache ?? 'network';
    if (mode !== 'network') {
      const cached = this.getCachedAccount();
      if (cached) return cached;
      if (mode === 'only') throw new SnrError('NOT_FOUND', 'No account information is cached');
    }
    return this.remember(await this.asCustomer((token) => this.api.getAccount({ token }), options.cause));
  }

  /** The cached account information of the signed-in customer, without waiting. */
  getCachedAccount(): AccountInformation | null {
    return this.cache.get(this.store.state.clientId);
  }

  async updateAccount(context: UpdateAccountContext, options: CallOptions = {}): Promise<AccountInformation> {
    return this.remember(await this.asCustomer((token) => this.api.updateAccount(context, { token }), options.cause));
  }

  /** Changes the password; the server ends the customer's other sessions, this one stays. */
  async changePassword(oldPassword: string, password: string, options: CallOptions = {}): Promise<void> {
    await this.asCustomer((token) => this.api.changePassword(oldPassword, password, { token }), options.cause);
  }

  // ---- events ------------------------------------------------------------------------------------------

  /** Queues an event (sent in batches, kept until the server has it); answers its `eventSalt`. */
  track(action: string, params?: Record<string, unknown>, label?: string): string {
    return this.tracker.track(action, params, label);
  }

  /** Sends every queued event now; rejects with the error that stopped it (a retry is scheduled). */
  flushEvents(): Promise<void> {
    return this.tracker.flush();
  }

  /** Stops timers and listeners (for tests and single-page apps that tear the client down). */
  close(): void {
    this.closed = true;
    this.tracker.close();
    this.store.close();
    this.tabs.close();
  }

  // ---- plumbing -------------------------------------------------------------------------------------------

  private async start(): Promise<Client> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.token(false);
        return this;
      } catch (err) {
        if (!isTransient(err) || this.closed) throw err;
        await sleep(Math.min(30_000, 500 * 2 ** attempt));
      }
    }
  }

  private async logIn(body: Omit<LoginBody, 'uuid'>, cause: unknown): Promise<void> {
    this.refuseWhileSignedIn();
    const requestedAt = Date.now();
    const handover = this.handOverEvents();
    const answer = await this.api.login({ ...body, uuid: this.getUUID(), ...this.device() });
    await handover;
    await this.adopt(answer, requestedAt, cause);
  }

  private async logInConditionally(body: Omit<LoginBody, 'uuid'>, cause: unknown): Promise<ConditionalResult> {
    this.refuseWhileSignedIn();
    const requestedAt = Date.now();
    const handover = this.handOverEvents();
    const answer = await this.api.loginConditionally({ ...body, uuid: this.getUUID(), ...this.device() });
    await handover;
    if (answer.status === 'SUCCESS' && answer.token) await this.adopt(answer.token, requestedAt, cause);
    return { status: answer.status, conditions: answer.conditions };
  }

  private async adopt(answer: TokenResponse, requestedAt: number, cause: unknown): Promise<void> {
    if (answer.realm !== 'client') throw new SnrError('INVALID_RESPONSE', 'Sign-in answered an anonymous token');
    await this.store.signedIn(answer, requestedAt, cause);
    this.tracker.track('client.login', { origin: answer.origin });
  }

  /**
   * The server files events under the session of the token they are sent with. Before the session
   * changes hands (sign-in, sign-out, a new UUID), what was tracked so far is sent under the token
   * it was tracked with, so one customer's events never land on the next one's profile. Bounded:
   * offline, they stay queued and go later (under whoever is then signed in).
   */
  private async handOverEvents(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, EVENT_HANDOVER_MS)));
    await Promise.race([this.tracker.flush().catch(noop), bound]);
    clearTimeout(timer);
  }

  private refuseWhileSignedIn(): void {
    if (this.isSignedIn()) throw new SnrError('SIGNED_IN', 'A customer is already signed in; sign out first');
  }

  private device(): { deviceId?: string } {
    return this.deviceId === undefined ? {} : { deviceId: this.deviceId };
  }

  /** Routes that take the API key alone: no token needed, but still activity. */
  private async keyed(call: () => Promise<unknown>): Promise<void> {
    this.store.touch();
    await call();
  }

  /** A call with the session's token; a refused token ends the session and the call is made again. */
  private async withToken<T>(call: (token: string) => Promise<T>, cause?: unknown): Promise<T> {
    const used = await this.store.token(true, cause);
    try {
      return await call(used.token);
    } catch (err) {
      if (!(await this.store.recover(err, used, cause))) throw err;
      return call((await this.store.token(true, cause)).token);
    }
  }

  /** A call only a signed-in customer may make: when the session ends on the way, it says so. */
  private async asCustomer<T>(call: (token: string) => Promise<T>, cause: unknown): Promise<T> {
    const signedIn = this.isSignedIn();
    const used = await this.store.token(true, cause);
    if (signedIn && used.realm !== 'client') throw this.sessionEnded();
    try {
      return await call(used.token);
    } catch (err) {
      if (err instanceof SnrError && err.code === 'NOT_FOUND') this.cache.clear();
      if (!(await this.store.recover(err, used, cause))) throw err;
      const next = await this.store.token(true, cause);
      if (next.realm !== 'client') throw signedIn ? this.sessionEnded() : err;
      return call(next.token);
    }
  }

  private sessionEnded(): SnrError {
    const reason = this.store.state.endReason;
    return reason === 'SESSION_REVOKED'
      ? new SnrError('SESSION_REVOKED', 'The session was ended elsewhere', { status: 401 })
      : new SnrError('SESSION_EXPIRATION', 'The session expired');
  }

  private remember(account: AccountInformation): AccountInformation {
    if (account.clientId === this.store.state.clientId) this.cache.set(account);
    return account;
  }

  private sendEvents(events: readonly TrackedEvent[]): Promise<void> {
    return this.withToken((token) => this.api.trackEvents(events, { token })).then(noop);
  }

  private beacon(events: readonly TrackedEvent[]): boolean {
    const token = this.store.tokenNow();
    if (!token) return false;
    this.api.trackEvents(events, { token: token.token, keepalive: true }).catch(noop);
    return true;
  }
}

function eventQueue(storage: KeyValueStorage, namespace: string): EventQueue {
  if (storage.kind === 'memory') return memoryQueue();
  if (storage.kind === 'local') return indexedDbQueue(`${namespace}events`);
  // A tab's own session: its own queue, found again after a reload of the tab.
  let tab = storage.get(`${namespace}tab`);
  if (!tab) storage.set(`${namespace}tab`, (tab = crypto.randomUUID()));
  return indexedDbQueue(`${namespace}events:${tab}`);
}

export function createClient(options: ClientOptions): Client {
  return new Client(options);
}
