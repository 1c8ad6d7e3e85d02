import {
  type ApiClient,
  createApiClient,
  type LoginBody,
  type RegisterBody,
  type SecondFactorProofBody,
  type UpdateAccountBody,
  type UpdateBasicInformationBody,
} from '../api/client.js';
import { isTransient, SnrError } from '../api/errors.js';
import type {
  AccountInformation,
  Agreements,
  AuthCondition,
  ConditionalLoginResponse,
  ConditionalStatus,
  CustomerSession,
  IdentityProvider,
  Passkey,
  PublicConfig,
  RecoveryCodes,
  RegisterResponse,
  SecondFactorStatus,
  TokenResponse,
  TotpEnrollment,
  TrackedEvent,
} from '../contract/schemas.js';
import { AccountCache } from './cache.js';
import type { Clock, Sent } from './clock.js';
import { browserLifecycle } from './lifecycle.js';
import {
  type AccountMethods,
  type ClientMethods,
  type ClientParts,
  type IdentityMethods,
  loadAccountMethods,
  loadClientMethods,
  loadEvents,
  loadIdentity,
} from './methods.js';
import { loadPasskeys, type PasskeyModule, type PasskeyModuleLoader } from './passkeys.js';
import type { StoredToken } from './refresh.js';
import { createStorage, type KeyValueStorage, type StorageKind, storageNamespace } from './storage.js';
import { refusalReason, type SessionListener, type SessionState, SessionStore } from './store.js';
import { pageCoordinator, type TabCoordinator, tabCoordinator } from './tabs.js';
import { trackedEvent } from './tracked-event.js';
import type { Lifecycle, Tracker } from './tracker.js';

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
  /**
   * The device's clocks: `wall` (`Date.now()`) and `monotonic` (`performance.now()`). Durations are
   * measured on the monotonic one, so changing the device's clock changes nothing; tests move both.
   */
  clock?: Clock;
  /**
   * Do Not Track: `true` turns it on, `false` lifts it, for this browser (kept in the storage);
   * unset keeps what was set before. While on, no profile is made for a visitor and no event is sent.
   */
  doNotTrack?: boolean;
  /**
   * Loads the passkeys capability (`src/capabilities/passkeys`: the passkey methods' logic and the
   * WebAuthn ceremony); by default the one the page's elements provide, on the first passkey call.
   */
  passkeys?: PasskeyModuleLoader;
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

/** What `authenticate` and its siblings send besides the provider's token (Synerise's `ClientAuthContext`). */
export interface AuthenticationContext {
  agreements?: Agreements;
  attributes?: Record<string, unknown>;
  /**
   * Synerise's `authId`: the sign-in is made for the UUID `getUUIDForAuthentication(authId)` instead
   * of this visitor's, so a customer new to the site gets the same UUID on every device.
   */
  authId?: string;
  /** Google and Apple: the nonce given to the provider's script for this attempt; its ID token must carry it. */
  nonce?: string;
  /** The version of the site's terms the customer has just accepted (after `TERMS_ACCEPTANCE_REQUIRED`). */
  acceptedTermsVersion?: string;
}

export type UpdateBasicInformationContext = UpdateBasicInformationBody;

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

/** What `signInWithPasskey` takes. */
export interface PasskeySignInOptions extends CallOptions {
  /** The account's email, when the customer typed it: only its passkeys are offered. */
  email?: string;
  /** `conditional`: wait for the customer to pick a passkey from the browser's autofill (the email field has `autocomplete="username webauthn"`). */
  mediation?: 'conditional';
  /** Ends a waiting ceremony (an autofill that is no longer wanted). */
  signal?: AbortSignal;
  /** As for `signInConditionally`: the terms' version the customer has just accepted. */
  acceptedTermsVersion?: string;
}

/** How the customer proves it is them before a passkey is removed: the password, or one of their passkeys now. */
export type PasskeyProof = { password: string } | 'passkey';

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
type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longest wait for the queued events to leave under the old identity before it changes. */
const EVENT_HANDOVER_MS = 3000;

/**
 * The Client's rarely called methods: their logic is the `client-methods` capability's
 * (src/capabilities/client-methods/), loaded on the first such call.
 */
const CLIENT_METHODS = [
  'completeSignInWithSecondFactor',
  'requestAccountActivationByPin',
  'confirmAccountActivationByPin',
  'requestSignInCode',
  'signInWithCode',
  'signInWithCodeConditionally',
  'updateAccountBasicInformation',
  'requestEmailChange',
  'confirmEmailChange',
  'deleteAccount',
  'getSecondFactor',
  'enrollTotp',
  'confirmTotpEnrollment',
  'disableTotp',
  'regenerateRecoveryCodes',
  'getSessions',
  'signOutSession',
  'signOutOtherSessions',
  'getReauthenticationNonce',
] as const satisfies readonly (keyof ClientMethods)[];

/** The Client's identity methods: their logic is the `identity` capability's (src/capabilities/identity/), loaded on the first such call. */
const IDENTITY_METHODS = ['getUUIDForAuthentication', 'regenerateUUID'] as const satisfies readonly (keyof IdentityMethods)[];

/**
 * The Client's account methods: their logic is the `account-methods` capability's
 * (src/capabilities/account-methods/), which the forms file provides up front; loaded on the first
 * such call elsewhere.
 */
const ACCOUNT_METHODS = [
  'registerAccount',
  'requestAccountActivation',
  'confirmAccountActivation',
  'confirmPasswordReset',
  'updateAccount',
  'changePassword',
] as const satisfies readonly (keyof AccountMethods)[];

/**
 * The Client: the Synerise SDK's method names and argument orders over the session store, the
 * typed API client, the event tracker and the account cache. Every method that talks to the
 * server counts as activity for the refresh policy, and rejects with an `SnrError`.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface Client below declares the methods its static block defines on the prototype
export class Client {
  readonly api: ApiClient;
  /** Resolves once a token (stored or new) is in hand; retries while the server is unreachable. */
  readonly ready: Promise<Client>;
  private readonly store: SessionStore;
  /** The event tracker, once loaded (`events()`); until then `early` keeps what is tracked. */
  #tracker: Tracker | undefined;
  #trackerLoad: Promise<Tracker> | undefined;
  #early: TrackedEvent[] = [];
  /** The page went away before the tracker loaded: what is tracked now leaves at once. */
  #leaving = false;
  readonly #lifecycle: Lifecycle;
  readonly #stopEarly: () => void;
  readonly #namespace: string;
  readonly #batching: Pick<ClientOptions, 'batchSize' | 'flushInterval' | 'maxRetryDelay'>;
  readonly #cache: AccountCache;
  readonly #tabs: TabCoordinator;
  readonly #deviceId: string | undefined;
  readonly #storage: KeyValueStorage;
  readonly #dntKey: string;
  /** Set while the kept event queue may hold events (src/capabilities/events/). */
  readonly #unsentKey: string;
  #dnt: boolean;
  #config: Promise<PublicConfig> | null = null;
  #closed = false;
  readonly #passkeyLoader: PasskeyModuleLoader | undefined;

  static {
    // Each method of `CLIENT_METHODS`, `ACCOUNT_METHODS` and `IDENTITY_METHODS` (signatures in the interface below) calls
    // its capability's function of the same name with the Client's parts and its own arguments.
    const forward = (names: readonly string[], load: () => Promise<object>) => {
      for (const name of names)
        (Client.prototype as unknown as Record<string, unknown>)[name] = async function (this: Client, ...args: unknown[]) {
          return ((await load()) as Record<string, (parts: ClientParts, ...rest: unknown[]) => unknown>)[name]!(this.#parts(), ...args);
        };
    };
    forward(CLIENT_METHODS, loadClientMethods);
    forward(ACCOUNT_METHODS, loadAccountMethods);
    forward(IDENTITY_METHODS, loadIdentity);
  }

  constructor(options: ClientOptions) {
    this.#deviceId = options.deviceId;
    this.#passkeyLoader = options.passkeys;
    this.api = createApiClient({ baseUrl: options.apiBase, apiKey: options.apiKey, fetch: options.fetch, timeout: options.timeout });
    const namespace = storageNamespace(this.api.baseUrl, options.apiKey);
    const storage = createStorage(options.storage ?? 'local');
    this.#storage = storage;
    this.#dntKey = `${namespace}doNotTrack`;
    this.#unsentKey = `${namespace}unsent`;
    if (options.doNotTrack !== undefined) this.#persistDoNotTrack(options.doNotTrack);
    this.#dnt = storage.get(this.#dntKey) === '1';
    this.#tabs = storage.shared ? tabCoordinator(namespace, storage) : pageCoordinator();
    this.store = new SessionStore({
      api: this.api,
      storage,
      tabs: this.#tabs,
      namespace,
      refreshWindow: options.refreshWindow,
      deviceId: options.deviceId,
      ...(options.clock ? { clock: options.clock } : {}),
      dormant: this.#dnt,
    });
    this.#cache = new AccountCache(storage, namespace);
    this.store.subscribe((state, change) => {
      if (change.type === 'signed-out' || change.type === 'uuid-changed') this.#cache.clear();
      else if (change.type === 'signed-in' && this.#cache.get(state.clientId) === null) this.#cache.clear();
    });
    this.#namespace = namespace;
    this.#lifecycle = options.lifecycle ?? browserLifecycle();
    this.#batching = options;
    // Until the tracker loads: what was tracked leaves with the page (the tracker does it from then on).
    const stops = [
      this.#lifecycle.onPageHide(() => {
        this.#leaving = true;
        if (this.#early.length > 0 && !this.#dnt) this.#beacon(this.#early);
      }),
      this.#lifecycle.onPageShow?.(() => (this.#leaving = false)),
      // A tab's own session: a tab of the origin that goes away leaves its events to adopt now.
      storage.kind === 'session'
        ? createStorage('local').onExternalChange?.((key) => key === `${namespace}stranded` && void this.#events().catch(noop))
        : undefined,
    ];
    this.#stopEarly = () => stops.forEach((stop) => stop?.());
    this.ready = this.#start();
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
    if (signedIn && !this.isSignedIn()) throw this.#sessionEnded();
    return this.retrieveToken(options);
  }

  /**
   * The server's public configuration (registration mode, password policy, agreements, providers):
   * asked once per Client and shared by every caller; a failure is not kept, so the next call asks again.
   */
  getPublicConfig(): Promise<PublicConfig> {
    if (!this.#config) {
      const pending = this.api.publicConfig();
      this.#config = pending;
      pending.catch(() => {
        if (this.#config === pending) this.#config = null;
      });
    }
    return this.#config;
  }

  // ---- sign-in ----------------------------------------------------------------------------------

  async signIn(email: string, password: string, options: CallOptions = {}): Promise<void> {
    await this.#logIn({ email, password }, options.cause);
  }

  /**
   * Signs in when nothing stands in the way; otherwise answers what does (`ACTIVATION_REQUIRED`,
   * `APPROVAL_REQUIRED`, `TERMS_ACCEPTANCE_REQUIRED`, `MFA_REQUIRED`…) instead of failing. Wrong
   * credentials answer `UNAUTHORIZED`.
   */
  async signInConditionally(email: string, password: string, options: ConditionalSignInOptions = {}): Promise<ConditionalResult> {
    const { acceptedTermsVersion } = options;
    return this.#logInConditionally({ email, password, ...(acceptedTermsVersion === undefined ? {} : { acceptedTermsVersion }) }, options.cause);
  }

  /**
   * Signs in (registering a newcomer) with an identity provider's token: `OAUTH` (the site's
   * endpoint checks it), `FACEBOOK` (a user access token), `GOOGLE` and `APPLE` (an ID token, with
   * `context.nonce`). The main door of Synerise's SDKs; the provider-named methods call it.
   */
  async authenticate(
    token: string,
    provider: Exclude<IdentityProvider, 'SYNERISE'>,
    context: AuthenticationContext = {},
    options: CallOptions = {},
  ): Promise<void> {
    await this.#logIn(await this.#providerBody(token, provider, context), options.cause);
  }

  /** As `authenticate`, but only for a customer the provider's identity already has: `REGISTRATION_REQUIRED` otherwise. */
  async authenticateConditionally(
    token: string,
    provider: Exclude<IdentityProvider, 'SYNERISE'>,
    context: AuthenticationContext = {},
    options: CallOptions = {},
  ): Promise<ConditionalResult> {
    return this.#logInConditionally(await this.#providerBody(token, provider, context), options.cause);
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
    if (this.isSignedIn()) this.track('client.logout');
    await this.#handOverEvents();
    if (destroy) this.#cache.clear();
    await this.store.reset(
      destroy ? 'SESSION_DESTROYED' : 'USER_SIGN_OUT',
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
    await this.#handOverEvents();
    this.#cache.clear();
    await this.store.reset(
      'SESSION_DESTROYED',
      true,
      async (token) => {
        if (token) await this.api.signOut(token.token).catch(noop);
      },
      { cause: options.cause },
    );
  }

  // ---- Do Not Track ----------------------------------------------------------------------------------

  /** Whether Do Not Track is on in this browser. */
  get doNotTrack(): boolean {
    return this.#dnt;
  }

  /**
   * Turns Do Not Track on or off for this browser (kept in the storage). On: no anonymous profile
   * is made for the visitor (a sign-in, a registration still work: the visitor asked), and the
   * tracker keeps and sends nothing; events waiting to be sent are dropped. Off: the visitor gets
   * an anonymous profile, and tracking starts again.
   */
  async setDoNotTrack(on: boolean): Promise<void> {
    this.#persistDoNotTrack(on);
    if (on === this.#dnt) return;
    this.#dnt = on;
    this.store.setDormant(on);
    if (on) {
      this.#early = [];
      if (this.#trackerLoad || this.#unsentLeft()) await (await this.#events()).discard();
    } else if (!this.store.hasToken) await this.store.token(false);
  }

  // ---- registration and email links ---------------------------------------------------------------

  // ---- sign-in with an emailed code (passwordless) -------------------------------------------------

  requestPasswordReset(email: string): Promise<void> {
    return this.#keyed(() => this.api.requestPasswordReset(email));
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
    return this.#remember(await this.#asCustomer((token) => this.api.getAccount({ token }), options.cause));
  }

  /** The cached account information of the signed-in customer, without waiting. */
  getCachedAccount(): AccountInformation | null {
    return this.#cache.get(this.store.state.clientId);
  }

  // ---- second factor (an authenticator app, and recovery codes) -----------------------------------

  // ---- passkeys -----------------------------------------------------------------------------------------

  /**
   * Signs in with a passkey: the server's options (a challenge; with `email`, that account's
   * passkeys), the browser's passkey dialog (or, with `mediation: 'conditional'`, its autofill),
   * then the signed answer. The session's origin is `PASSKEY`; no second factor is asked.
   */
  signInWithPasskey(options: PasskeySignInOptions = {}): Promise<void> {
    this.#refuseWhileSignedIn();
    return this.#passkey('signInWithPasskey', options);
  }

  /** Adds a passkey to the signed-in customer's account (the browser's dialog makes it); `name` as the list shows it. */
  registerPasskey(name?: string, options: CallOptions = {}): Promise<Passkey> {
    return this.#passkey('registerPasskey', name, options);
  }

  /** The signed-in customer's passkeys: name, created, last used, device type and backup state. */
  getPasskeys(options: CallOptions = {}): Promise<Passkey[]> {
    return this.#passkey('getPasskeys', options);
  }

  renamePasskey(id: string, name: string, options: CallOptions = {}): Promise<Passkey> {
    return this.#passkey('renamePasskey', id, name, options);
  }

  /** Removes one of the customer's passkeys, proven again by the password or by one of their passkeys (`'passkey'`: the browser's dialog). */
  removePasskey(id: string, proof: PasskeyProof, options: CallOptions = {}): Promise<void> {
    return this.#passkey('removePasskey', id, proof, options);
  }

  /**
   * Registers a newcomer with a passkey and no password, where the site allows it
   * (`passkeyRegistration` in the public config). The registration mode applies; when it lets the
   * newcomer in at once, they are signed in (the passkey proved them).
   */
  registerAccountWithPasskey(context: Omit<RegisterContext, 'password'>, options: { name?: string } & CallOptions = {}): Promise<RegisterResponse> {
    return this.#passkey('registerAccountWithPasskey', context, options);
  }

  // ---- signed-in devices --------------------------------------------------------------------------------

  /** Now (epoch ms) on the server's clock as this page reads it, not the device's: what the times of `getSessions()` compare with. */
  serverTime(): number {
    return this.store.serverNow();
  }

  // ---- events ------------------------------------------------------------------------------------------

  /** Queues an event (sent in batches, kept until the server has it); answers its `eventSalt`. */
  track(action: string, params?: Record<string, unknown>, label?: string): string {
    if (this.#tracker) return this.#tracker.track(action, params, label);
    const event = trackedEvent(action, this.getUUID(), params, label);
    if (this.#dnt) return event.eventSalt;
    this.#early.push(event);
    if (this.#leaving) this.#beacon([event]);
    this.store.touch();
    this.#events().catch(noop);
    return event.eventSalt;
  }

  /** Sends every queued event now; rejects with the error that stopped it (a retry is scheduled). */
  flushEvents(): Promise<void> {
    return this.#events().then((tracker) => tracker.flush());
  }

  /**
   * Stops timers and listeners (for tests and single-page apps that tear the client down);
   * resolves once the event tracker's writes and the batch on its way have ended.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#stopEarly();
    this.store.close();
    this.#tabs.close();
    const tracker = this.#tracker ? Promise.resolve(this.#tracker) : this.#trackerLoad;
    return tracker ? tracker.then((t) => t.close(), noop) : Promise.resolve();
  }

  // ---- plumbing -------------------------------------------------------------------------------------------

  async #start(): Promise<Client> {
    // The tracker loads when it has work: here only when an earlier page left events unsent (it
    // sends them once there is a token; `ready` waits for both); else on the first `track()`.
    const tracking = this.#unsentLeft() ? this.#events().catch(noop) : undefined;
    // Do Not Track: a visitor without a session gets no profile; one already signed in keeps theirs.
    if (this.#dnt && !this.store.hasToken) {
      await tracking;
      return this;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.token(false);
        await tracking;
        return this;
      } catch (err) {
        if (!isTransient(err) || this.#closed) throw err;
        // Backoff, or as long as the server asks (a quota on anonymous logins answers 429).
        await sleep(Math.max(Math.min(30_000, 500 * 2 ** attempt), ((err as SnrError).retryAfter ?? 0) * 1000));
      }
    }
  }

  /** A provider login's body: with `authId`, for the UUID derived from it. */
  async #providerBody(token: string, provider: Exclude<IdentityProvider, 'SYNERISE'>, context: AuthenticationContext): Promise<LoginBody> {
    const { authId, ...rest } = context;
    const uuid = authId === undefined ? this.getUUID() : await this.getUUIDForAuthentication(authId);
    return { identityProvider: provider, identityProviderToken: token, ...rest, uuid };
  }

  /** A passkey method: the capability's (its logic and the WebAuthn ceremony), loaded on the first passkey call. */
  async #passkey<K extends keyof PasskeyModule>(name: K, ...args: Tail<Parameters<PasskeyModule[K]>>): Promise<Awaited<ReturnType<PasskeyModule[K]>>> {
    const module = await loadPasskeys(this.#passkeyLoader);
    return (module[name] as (parts: ClientParts, ...rest: unknown[]) => Promise<Awaited<ReturnType<PasskeyModule[K]>>>)(this.#parts(), ...args);
  }

  /** What the capabilities that hold the Client's rarer methods may use of it. */
  #parts(): ClientParts {
    return {
      api: this.api,
      uuid: () => this.getUUID(),
      isSignedIn: () => this.isSignedIn(),
      device: () => this.#device(),
      holder: () => this.#holder(),
      refuseWhileSignedIn: () => this.#refuseWhileSignedIn(),
      touch: () => this.store.touch(),
      keyed: (call) => this.#keyed(call),
      asCustomer: (call, cause) => this.#asCustomer(call, cause),
      withToken: (call, cause) => this.#withToken(call, cause),
      signIn: (request, cause) => this.#exchange(request, cause),
      mark: () => this.store.mark(),
      adopt: (answer, cause, sent) => this.#adopt(answer, sent ?? this.store.mark(), cause),
      track: (action, params) => this.track(action, params),
      handOver: () => this.#handOverEvents(),
      clearCache: () => this.#cache.clear(),
      remember: (account) => this.#remember(account),
      reset: async (reason, uuid, cause) => {
        await this.store.reset(reason, uuid, undefined, { cause });
      },
    };
  }

  /**
   * The tracker (the `events` capability), loaded once: what was tracked before it loaded goes into
   * its queue first. A failed load is tried again on the next call.
   */
  #events(): Promise<Tracker> {
    this.#trackerLoad ??= loadEvents().then(
      ({ Tracker, eventQueue }) => {
        const tracker = Tracker.forSession(this.store, this.#tabs, {
          queue: eventQueue(this.#storage, this.#namespace, () => createStorage('local'), this.#unsentKey),
          send: (events) => this.#sendEvents(events),
          sendBeacon: (events) => this.#beacon(events),
          lifecycle: this.#lifecycle,
          batchSize: this.#batching.batchSize,
          flushInterval: this.#batching.flushInterval,
          maxRetryDelay: this.#batching.maxRetryDelay,
          suspended: () => this.#dnt,
        });
        this.#stopEarly();
        this.#tracker = tracker;
        if (this.#closed) void tracker.close();
        tracker.add(this.#early);
        this.#early = [];
        return tracker;
      },
      (err: unknown) => {
        this.#trackerLoad = undefined;
        throw err;
      },
    );
    return this.#trackerLoad;
  }

  /**
   * Whether a kept queue may hold events an earlier page left (the queue flags them in the storage,
   * src/capabilities/events/), or, for a tab's own session, a tab that went away left some to adopt.
   */
  #unsentLeft(): boolean {
    if (this.#storage.get(this.#unsentKey) !== null) return true;
    return this.#storage.kind === 'session' && createStorage('local').get(`${this.#namespace}stranded`) !== null;
  }

  #persistDoNotTrack(on: boolean): void {
    if (on) this.#storage.set(this.#dntKey, '1');
    else this.#storage.remove(this.#dntKey);
  }

  async #logIn(body: Omit<LoginBody, 'uuid'> & { uuid?: string }, cause: unknown): Promise<void> {
    this.#refuseWhileSignedIn();
    // The anonymous token goes along: only its holder's anonymous history merges into the customer.
    await this.#exchange(() => this.api.login({ ...body, uuid: body.uuid ?? this.getUUID(), ...this.#device() }, this.#holder()), cause);
  }

  #logInConditionally(body: Omit<LoginBody, 'uuid'> & { uuid?: string }, cause: unknown): Promise<ConditionalResult> {
    this.#refuseWhileSignedIn();
    return this.#exchange(() => this.api.loginConditionally({ ...body, uuid: body.uuid ?? this.getUUID(), ...this.#device() }, this.#holder()), cause);
  }

  /**
   * A sign-in request, as every sign-in goes: the queued events handed over while it is under way,
   * then its token adopted (a conditional answer's when it is `SUCCESS`); answers a conditional
   * answer's status and conditions.
   */
  async #exchange(request: () => Promise<TokenResponse | ConditionalLoginResponse>, cause: unknown): Promise<ConditionalResult> {
    const sent = this.store.mark();
    const handover = this.#handOverEvents();
    const answer = await request();
    await handover;
    const token = 'status' in answer ? (answer.status === 'SUCCESS' ? answer.token : undefined) : answer;
    if (token) await this.#adopt(token, sent, cause);
    return 'status' in answer ? { status: answer.status, conditions: answer.conditions } : { status: 'SUCCESS', conditions: [] };
  }

  async #adopt(answer: TokenResponse, sent: Sent, cause: unknown): Promise<void> {
    if (answer.realm !== 'client') throw new SnrError('INVALID_RESPONSE', 'Sign-in answered an anonymous token');
    await this.store.signedIn(answer, sent, cause);
    this.track('client.login', { origin: answer.origin });
  }

  /**
   * The server files events under the session of the token they are sent with. Before the session
   * changes hands (sign-in, sign-out, a new UUID), what was tracked so far is sent under the token
   * it was tracked with, so one customer's events never land on the next one's profile. Bounded:
   * offline, they stay queued and go later (under whoever is then signed in).
   */
  async #handOverEvents(): Promise<void> {
    // Nothing tracked on this page and nothing left by an earlier one: nothing to hand over.
    if (!this.#trackerLoad && !this.#unsentLeft()) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, EVENT_HANDOVER_MS)));
    await Promise.race([this.flushEvents().catch(noop), bound]);
    clearTimeout(timer);
  }

  /** The anonymous token as the bearer of a sign-in: proof that the UUID sent is this visitor's. */
  #holder(): { token?: string } {
    const token = this.store.anonymousToken();
    return token === undefined ? {} : { token };
  }

  #refuseWhileSignedIn(): void {
    if (this.isSignedIn()) throw new SnrError('SIGNED_IN', 'A customer is already signed in; sign out first');
  }

  #device(): { deviceId?: string } {
    return this.#deviceId === undefined ? {} : { deviceId: this.#deviceId };
  }

  /** Routes that take the API key alone: no token needed, but still activity. */
  async #keyed(call: () => Promise<unknown>): Promise<void> {
    this.store.touch();
    await call();
  }

  /** A call with the session's token; a refused token ends the session and the call is made again. */
  async #withToken<T>(call: (token: string) => Promise<T>, cause?: unknown): Promise<T> {
    const used = await this.store.token(true, cause);
    try {
      return await call(used.token);
    } catch (err) {
      if (!(await this.store.recover(err, used, cause))) throw err;
      return call((await this.store.token(true, cause)).token);
    }
  }

  /** A call only a signed-in customer may make: when the session ends on the way, it says so. */
  async #asCustomer<T>(call: (token: string) => Promise<T>, cause: unknown): Promise<T> {
    const signedIn = this.isSignedIn();
    const used = await this.store.token(true, cause);
    if (signedIn && used.realm !== 'client') throw this.#sessionEnded();
    try {
      return await call(used.token);
    } catch (err) {
      if (err instanceof SnrError && err.code === 'NOT_FOUND') this.#cache.clear();
      if (!(await this.store.recover(err, used, cause))) throw err;
      const next = await this.store.token(true, cause);
      if (next.realm !== 'client') throw signedIn ? this.#sessionEnded() : err;
      return call(next.token);
    }
  }

  #sessionEnded(): SnrError {
    const reason = this.store.state.endReason;
    return reason !== null && reason !== 'SESSION_EXPIRATION'
      ? new SnrError('SESSION_REVOKED', 'The session was ended elsewhere', { status: 401 })
      : new SnrError('SESSION_EXPIRATION', 'The session expired');
  }

  #remember(account: AccountInformation): AccountInformation {
    if (account.clientId === this.store.state.clientId) this.#cache.set(account);
    return account;
  }

  #sendEvents(events: readonly TrackedEvent[]): Promise<void> {
    return this.#withToken((token) => this.api.trackEvents(events, { token })).then(noop);
  }

  #beacon(events: readonly TrackedEvent[]): boolean {
    const token = this.store.tokenNow();
    if (!token) return false;
    this.api.trackEvents(events, { token: token.token, keepalive: true }).catch(noop);
    return true;
  }
}

/**
 * The methods of `CLIENT_METHODS`, `ACCOUNT_METHODS` and `IDENTITY_METHODS`: on `Client.prototype`, each a call into its
 * capability (the class's static block).
 */
export interface Client {
  /**
   * Completes a sign-in stopped at `MFA_REQUIRED` (conditional answer, or the plain sign-in's coded
   * error): `challenge` is the `MFA` condition's, `proof` a code of the authenticator app
   * (`{ code }`, six digits; spaces are taken out) or one recovery code (`{ recoveryCode }`).
   * Signs the customer in; `MFA_CODE_INVALID` for a wrong or used code (try again),
   * `MFA_CHALLENGE_INVALID` once the challenge has ended (sign in again).
   */
  completeSignInWithSecondFactor(challenge: string, proof: SecondFactorProofBody, options?: CallOptions): Promise<void>;
  /**
   * The UUID a sign-in with `authId` is made for (Synerise's `getUUIDForAuthentication`): a
   * name-based UUID (version 5) of the authId in this site's namespace (derived from the Profile
   * API key), so it is the same on every device and differs between sites.
   */
  getUUIDForAuthentication(authID: string): Promise<string>;
  /**
   * A new UUID and anonymous profile; refused (`SIGNED_IN`) while a customer is signed in. With a
   * `clientIdentifier` the UUID is seeded by it (name-based, version 5, in this site's namespace):
   * the same identifier always asks for the same UUID. The server hands a profile already made under
   * it only to the holder of its token (a UUID is no credential), so elsewhere the answer's fresh UUID
   * is adopted and returned.
   */
  regenerateUUID(clientIdentifier?: string, options?: CallOptions): Promise<string>;
  /** Mails a new 6-digit activation code (`pin` registration mode); the previous code stops working. Resolves alike whether or not the email has an account. */
  requestAccountActivationByPin(email: string): Promise<void>;
  /** Activates the account with the emailed code; `ACTIVATION_PIN_INVALID` when it is wrong, expired, used or replaced. */
  confirmAccountActivationByPin(pin: string, email: string): Promise<void>;
  /**
   * Mails a 6-digit sign-in code to the address (the previous code stops working). Resolves alike
   * whether or not the address has an account, with when the code stops working (`expiresIn`) and
   * when another may be asked for (`resendAfter`), in seconds; `RATE_LIMITED` (with `retryAfter`) when
   * asked again too soon; `SIGN_IN_METHOD_DISABLED` when the server has the method off.
   */
  requestSignInCode(email: string): Promise<{ expiresIn: number; resendAfter: number }>;
  /**
   * Signs in with the emailed code (spaces and dashes pasted with it are taken out); the token's
   * origin is `EMAIL_CODE`. `SIGN_IN_CODE_INVALID` for a wrong, expired, used or replaced code, and
   * the conditions of a password sign-in as errors (`TERMS_ACCEPTANCE_REQUIRED`…).
   */
  signInWithCode(email: string, code: string, options?: CallOptions): Promise<void>;
  /** As `signInWithCode`, answering what stands before a token (`TERMS_ACCEPTANCE_REQUIRED`…) instead of failing; a code that does not work answers `UNAUTHORIZED`. */
  signInWithCodeConditionally(email: string, code: string, options?: ConditionalSignInOptions): Promise<ConditionalResult>;
  /**
   * Names, contact and address fields, agreements and attributes of the current profile (Synerise's
   * `updateAccountBasicInformation`): a signed-in customer's, or an anonymous visitor's. Never the
   * email or the password (the answer's schema has neither).
   */
  updateAccountBasicInformation(context: UpdateBasicInformationContext, options?: CallOptions): Promise<void>;
  /**
   * Asks to move the account to `email`, proven by the password or, for an account without one, by
   * `externalToken` from an identity provider linked to it (`identityProvider` names it; by default
   * the account's own). A link goes to the new address and a notice to the current one; the answer is
   * the same whether or not the new address is free. Nothing changes until the link is followed.
   */
  requestEmailChange(
    email: string,
    password?: string | null,
    externalToken?: string | null,
    options?: { identityProvider?: Exclude<IdentityProvider, 'SYNERISE'> } & CallOptions,
  ): Promise<void>;
  /**
   * Follows an email-change link: the account moves to the new address (confirmed), its other
   * sessions end, reset links mailed before stop working. `newsletterAgreement` sets the email
   * agreement for the new address. Works signed in (this session stays) or not (another browser).
   */
  confirmEmailChange(token: string, newsletterAgreement?: boolean, options?: CallOptions): Promise<void>;
  /**
   * Deletes the signed-in customer's account, as Synerise's `deleteAccount(clientAuthFactor,
   * identityProvider)`: `clientAuthFactor` is the password (`SYNERISE`, the default) or the token of
   * the identity provider named. The data is erased, every session ends (here with the reason
   * `USER_ACCOUNT_DELETED`), and this page goes on as a new anonymous visitor (a new UUID).
   */
  deleteAccount(clientAuthFactor: string, identityProvider?: IdentityProvider, options?: CallOptions): Promise<void>;
  /** Whether the signed-in customer's authenticator is on (`ACTIVE`), waits for its first code (`PENDING`) or is absent (`NONE`), and how many recovery codes are left. */
  getSecondFactor(options?: CallOptions): Promise<SecondFactorStatus>;
  /**
   * Starts an authenticator's enrolment: the server makes the secret and answers it once, as an
   * `otpauth://` URI, as text and as a QR code (SVG). Starting again replaces an enrolment not yet
   * confirmed; `MFA_ALREADY_ENABLED` while one is on.
   */
  enrollTotp(options?: CallOptions): Promise<TotpEnrollment>;
  /** Turns the authenticator on with the first code its app shows; answers the ten recovery codes, shown once. */
  confirmTotpEnrollment(code: string, options?: CallOptions): Promise<RecoveryCodes>;
  /** Turns the second factor off, proven by a current code of the app (`{ code }`) or a recovery code (`{ recoveryCode }`). */
  disableTotp(proof: SecondFactorProofBody, options?: CallOptions): Promise<void>;
  /** Ten new recovery codes (the old ones stop working), proven by a current code of the app; shown once. */
  regenerateRecoveryCodes(code: string, options?: CallOptions): Promise<RecoveryCodes>;
  /**
   * The customer's signed-in sessions (their devices), newest activity first, this one `current`:
   * browser, system and device as the server reads them from each session's user agent; `createdAt`
   * and `lastActiveAt` (a few minutes stale at most) on the server's clock, which `serverTime()` reads.
   */
  getSessions(options?: CallOptions): Promise<CustomerSession[]>;
  /**
   * Signs one of the customer's devices out, by the `id` `getSessions()` gave it: its next call or
   * refresh fails and its session ends with `SYSTEM_SIGN_OUT`. `NOT_FOUND` for an id that is not one
   * of the customer's live sessions (signed out already, or never theirs). To sign out here, `signOut()`.
   */
  signOutSession(sessionId: string, options?: CallOptions): Promise<void>;
  /** Signs out every device of the customer but this one; answers how many were signed out. */
  signOutOtherSessions(options?: CallOptions): Promise<number>;
  /**
   * A nonce for proving the signed-in customer again with Google or Apple (before
   * `requestEmailChange` or `deleteAccount` of an account without a password): hand it to the
   * provider's script; the ID token it gives back carries it and proves the customer once, within
   * five minutes. A newer nonce voids the older one.
   */
  getReauthenticationNonce(options?: CallOptions): Promise<string>;
  registerAccount(context: RegisterContext, options?: CallOptions): Promise<RegisterResponse>;
  requestAccountActivation(email: string): Promise<void>;
  confirmAccountActivation(token: string): Promise<void>;
  /** Sets the new password; the server ends every session of that customer. */
  confirmPasswordReset(token: string, password: string): Promise<void>;
  updateAccount(context: UpdateAccountContext, options?: CallOptions): Promise<AccountInformation>;
  /** Changes the password; the server ends the customer's other sessions, this one stays. */
  changePassword(oldPassword: string, password: string, options?: CallOptions): Promise<void>;
}

/**
 * A name-based UUID, version 5 (RFC 9562 §5.5: SHA-1 of the namespace's bytes and the name's UTF-8);
 * its logic is the `identity` capability's, loaded on the first call.
 */
export async function uuidV5(namespace: string, name: string): Promise<string> {
  return (await loadIdentity()).uuidV5(namespace, name);
}

export function createClient(options: ClientOptions): Client {
  return new Client(options);
}
