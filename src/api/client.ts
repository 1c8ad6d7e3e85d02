import { type Descriptor, parse } from '../contract/compact.js';
import { BROWSER_ROUTES, type BrowserRouteName, ERROR_BODY } from '../contract/compiled.js';
import type { ErrorBody } from '../contract/errors.js';
import type {
  AccountInformation,
  Agreements,
  ConditionalLoginResponse,
  EventBatchResponse,
  IdentityProvider,
  PublicConfig,
  RegisterRequest,
  TokenResponse,
  TrackedEvent,
  UpdateAccountRequest,
  UpdateBasicInformationRequest,
} from '../contract/schemas.js';
import { SnrError } from './errors.js';

export interface ApiClientOptions {
  /** Where the identity server answers, e.g. `https://id.shop.example`. */
  baseUrl: string;
  /** The Profile API key, sent in JSON bodies (never in a URL except for public config). */
  apiKey: string;
  fetch?: typeof fetch;
  /** Milliseconds before a request gives up with `TIMEOUT`; default 15 000. */
  timeout?: number;
}

export interface RequestOptions {
  /** Bearer token of the session, when the route takes one. */
  token?: string | undefined;
  /** Survive the page going away (event flush on `pagehide`). */
  keepalive?: boolean;
  signal?: AbortSignal;
}

/** Credentials for `POST /sauth/v3/auth/login/client` and its conditional twin, without the API key. */
export interface LoginBody {
  uuid: string;
  deviceId?: string;
  identityProvider?: IdentityProvider;
  email?: string;
  password?: string;
  identityProviderToken?: string;
  /** Google and Apple: the nonce the provider's ID token must carry. */
  nonce?: string;
  agreements?: Agreements;
  attributes?: Record<string, unknown>;
  /** The version of the terms the customer has just accepted (after `TERMS_ACCEPTANCE_REQUIRED`). */
  acceptedTermsVersion?: string;
}

export type RegisterBody = Omit<RegisterRequest, 'apiKey'>;
/** A sign-in with an emailed code, without the API key. */
export interface CodeLoginBody {
  uuid: string;
  deviceId?: string;
  email: string;
  code: string;
  acceptedTermsVersion?: string;
}
export type UpdateAccountBody = Omit<UpdateAccountRequest, 'apiKey'>;
export type UpdateBasicInformationBody = Omit<UpdateBasicInformationRequest, 'apiKey'>;
/** A second factor: a code of the authenticator app, or one recovery code. */
export type SecondFactorProofBody = { code: string } | { recoveryCode: string };
export type EmailChangeBody = { email: string; password?: string; externalToken?: string; identityProvider?: IdentityProvider };

/**
 * The typed HTTP client: one function per route every page calls, answers checked by the
 * contract's schemas (compiled out of zod for the browser: `src/contract/compiled.ts`). The rarer
 * routes go through `request()` with the compiled table of the capability that calls them
 * (src/capabilities/client-methods/routes.compiled.ts, account-methods', the passkeys' own), which ships with it.
 */
export interface ApiClient {
  readonly baseUrl: string;
  readonly apiKey: string;
  anonymousLogin(uuid: string, deviceId?: string, options?: RequestOptions): Promise<TokenResponse>;
  login(body: LoginBody, options?: RequestOptions): Promise<TokenResponse>;
  loginConditionally(body: LoginBody, options?: RequestOptions): Promise<ConditionalLoginResponse>;
  refreshToken(token: string, options?: RequestOptions): Promise<TokenResponse>;
  signOut(token: string, body?: { fromAllDevices?: boolean }, options?: RequestOptions): Promise<void>;
  requestPasswordReset(email: string, options?: RequestOptions): Promise<{ status: 'ACCEPTED' }>;
  getAccount(options: RequestOptions): Promise<AccountInformation>;
  trackEvents(events: readonly TrackedEvent[], options: RequestOptions): Promise<EventBatchResponse>;
  publicConfig(options?: RequestOptions): Promise<PublicConfig>;
  health(options?: RequestOptions): Promise<{ status: 'ok' | 'unavailable' }>;
  /**
   * Any route of a compiled table by its descriptor (method, path, status, answer), its answer
   * checked: how a capability calls the routes whose descriptors ship with it (the passkeys').
   * `id` fills the path's `{…}` parameter.
   */
  request<T>(route: CompiledRoute, body: unknown, options?: RequestOptions & { id?: string }): Promise<T>;
}

/** A route as the contract compiler writes it (src/contract/compiled.ts and the capabilities' own tables). */
export interface CompiledRoute {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly answer?: Descriptor;
}

const DEFAULT_TIMEOUT = 15_000;

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const { apiKey } = options;
  if (!/^https?:\/\//.test(baseUrl)) throw new TypeError(`baseUrl must be an http(s) URL, got "${options.baseUrl}"`);
  if (!apiKey) throw new TypeError('apiKey is required');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;

  // Without a token, a JSON body sent as text/plain makes a "simple" cross-origin request: no CORS
  // preflight, one round trip less for the first token of a visit. A server that refuses it (415)
  // gets application/json from then on.
  let plainBodies = true;

  const call = <T>(name: BrowserRouteName, body: unknown, req: RequestOptions = {}, query = ''): Promise<T> => send<T>(BROWSER_ROUTES[name], body, req, query);

  /** `id` fills the path's `{…}` parameter. */
  async function send<T>(route: CompiledRoute, body: unknown, req: RequestOptions = {}, query = '', id = ''): Promise<T> {
    const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(id));
    const headers: Record<string, string> = { Accept: 'application/json' };
    const plain = plainBodies && !req.token;
    if (body !== undefined && !plain) headers['Content-Type'] = 'application/json';
    if (req.token) headers.Authorization = `Bearer ${req.token}`;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    const outer = req.signal;
    const relay = () => controller.abort();
    outer?.addEventListener('abort', relay);
    let response: Response;
    let text: string;
    try {
      response = await (options.fetch ?? fetch)(baseUrl + path + query, {
        method: route.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        keepalive: req.keepalive,
        signal: controller.signal,
        credentials: 'omit',
      });
      text = await response.text();
    } catch (cause) {
      if (controller.signal.aborted && !outer?.aborted) {
        throw new SnrError('TIMEOUT', `${route.method} ${route.path} took longer than ${timeout} ms`, { cause });
      }
      if (outer?.aborted) throw outer.reason ?? cause;
      throw new SnrError('NETWORK_ERROR', `${route.method} ${route.path} failed: no answer from ${baseUrl}`, { cause });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', relay);
    }

    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }

    if (response.status === 415 && plain && body !== undefined) {
      plainBodies = false;
      return send(route, body, req, query, id);
    }
    if (!response.ok) throw errorFrom(response, json, route.path);
    if (response.status !== route.status && !(route.path.includes('/clients/registered') && response.status === 200)) {
      throw new SnrError('INVALID_RESPONSE', `${route.path} answered ${response.status}, expected ${route.status}`, { status: response.status });
    }
    const answer = route.answer;
    if (!answer) return json as T;
    const parsed = parse<T>(answer, json);
    if (!parsed.success) {
      throw new SnrError('INVALID_RESPONSE', `${route.path} answered a body the contract does not allow`, { status: response.status });
    }
    return parsed.data;
  }

  const withKey = <B extends object>(body: B) => ({ apiKey, ...body });

  return {
    baseUrl,
    apiKey,
    anonymousLogin: (uuid, deviceId, req) => call('anonymousLogin', withKey(deviceId === undefined ? { uuid } : { uuid, deviceId }), req),
    login: (body, req) => call('login', withKey(body), req),
    loginConditionally: (body, req) => call('loginConditionally', withKey(body), req),
    refreshToken: (token, req) => call('refreshToken', { apiKey }, { ...req, token }),
    signOut: (token, body = {}, req) => call('signOut', withKey(body), { ...req, token }),
    requestPasswordReset: (email, req) => call('requestPasswordReset', { apiKey, email }, req),
    getAccount: (req) => call('getAccount', undefined, req),
    trackEvents: (events, req) => call('trackEvents', events, req),
    publicConfig: (req) => call('publicConfig', undefined, req, `?apiKey=${encodeURIComponent(apiKey)}`),
    health: (req) => call('health', undefined, req),
    request: <T>(route: CompiledRoute, body: unknown, req: RequestOptions & { id?: string } = {}) =>
      send<T>(route, body === undefined ? undefined : withKey(body as object), req, '', req.id),
  };
}

/** The server's error body rebuilt as a coded error; anything else by its status. */
function errorFrom(response: Response, json: unknown, path: string): SnrError {
  const parsed = parse<ErrorBody>(ERROR_BODY, json);
  if (parsed.success) {
    const body = parsed.data;
    return new SnrError(body.code, body.message, {
      status: response.status,
      errors: body.errors,
      retryAfter: body.retryAfter ?? retryAfterHeader(response),
      ...(body.conditions ? { conditions: body.conditions } : {}),
    });
  }
  // A proxy or load balancer answered, or a server newer than this client: judge by the status.
  const status = response.status;
  const code = status === 429 ? 'RATE_LIMITED' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'UNAVAILABLE' : 'INVALID_RESPONSE';
  return new SnrError(code, `${path} answered ${status} without the contract's error body`, {
    status,
    retryAfter: retryAfterHeader(response),
  });
}

/** `Retry-After` in seconds: a number of seconds, or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterHeader(response: Response): number | undefined {
  const raw = response.headers.get('Retry-After')?.trim();
  if (!raw) return undefined;
  const seconds = /^\d+$/.test(raw) ? Number(raw) : Math.ceil((Date.parse(raw) - Date.now()) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
