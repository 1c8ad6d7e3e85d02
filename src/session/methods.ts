import type { ApiClient } from '../api/client.js';
import { isSnrError, SnrError } from '../api/errors.js';
import type * as Account from '../capabilities/account-methods/index.js';
import type * as Methods from '../capabilities/client-methods/index.js';
import type * as Events from '../capabilities/events/index.js';
import type * as Identity from '../capabilities/identity/index.js';
import type { AccountInformation, ConditionalLoginResponse, TokenResponse } from '../contract/schemas.js';
import type { ConditionalResult } from './client.js';
import type { Sent } from './clock.js';
import type { SessionEndReason } from './store.js';

/**
 * What the Client lends the modules that hold the logic of its rarely called methods: the
 * `client-methods` capability (src/capabilities/client-methods/: second factor, signed-in devices,
 * email change, deletion, sign-in codes, activation PIN, basic information), the `account-methods`
 * one (src/capabilities/account-methods/: registration, email links, password change, account
 * update, name-based UUIDs) and the `passkeys` one.
 * The Client keeps each method's name and signature as a one-line call into the module, which loads
 * on the first such call, so the page files and the headless entry carry neither.
 */
export interface ClientParts {
  readonly api: ApiClient;
  uuid(): string;
  isSignedIn(): boolean;
  /** `deviceId`, when the Client has one. */
  device(): { deviceId?: string };
  /** The anonymous token as the bearer of a sign-in: the visitor's history merges. */
  holder(): { token?: string };
  refuseWhileSignedIn(): void;
  touch(): void;
  /** A route that takes the API key alone: no token needed, but still activity. */
  keyed(call: () => Promise<unknown>): Promise<void>;
  asCustomer<T>(call: (token: string) => Promise<T>, cause: unknown): Promise<T>;
  withToken<T>(call: (token: string) => Promise<T>, cause?: unknown): Promise<T>;
  /**
   * A sign-in as every sign-in goes: the queued events handed over, then the answer's token adopted
   * (a conditional answer's, when it is `SUCCESS`); answers the status and conditions of a conditional one.
   */
  signIn(request: () => Promise<TokenResponse | ConditionalLoginResponse>, cause: unknown): Promise<ConditionalResult>;
  /** Marks the moment a sign-in request leaves (for `adopt`). */
  mark(): Sent;
  /** Adopts a token answered with another request (a registration that signs in, a second factor). */
  adopt(answer: TokenResponse, cause: unknown, sent?: Sent): Promise<void>;
  track(action: string, params: Record<string, unknown>): void;
  /** Sends what was tracked so far under the token it was tracked with, before the session changes hands. */
  handOver(): Promise<void>;
  clearCache(): void;
  /** Keeps the signed-in customer's account information in the cache; answers it. */
  remember(account: AccountInformation): AccountInformation;
  /** Ends the session here (`uuid`: a new UUID too, this one when it is a string). */
  reset(reason: SessionEndReason, uuid: boolean | string, cause: unknown): Promise<void>;
}

/** The `client-methods` capability, as the Client calls it: each method takes the Client's parts first. */
export type ClientMethods = typeof Methods;

/** The `account-methods` capability, as the Client calls it: each method takes the Client's parts first. */
export type AccountMethods = typeof Account;

/** The `identity` capability (name-based UUIDs), as the Client calls it. */
export type IdentityMethods = typeof Identity;

/** The `events` capability: the tracker and its queue. */
export type EventsModule = typeof Events;

/** A module loaded once; a failed load is forgotten (the next call tries again) and rejects with `NETWORK_ERROR`. */
function once<T>(load: () => Promise<T>, what: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw isSnrError(err) ? err : new SnrError('NETWORK_ERROR', `${what} did not load`, { cause: err });
    }));
}

/**
 * The `client-methods` capability. In the npm modules and the headless entry it is a chunk of its
 * own; the script-tag page files load it as the add-on `snr-auth.client-methods.js` (the build turns
 * the import below into `loadAddon('client-methods')`, as for the elements' capabilities); the
 * everything file carries it inline.
 */
export const loadClientMethods = once(() => import('../capabilities/client-methods/index.js'), 'The Client methods');

/**
 * The `identity` capability (src/capabilities/identity/: `regenerateUUID`, `getUUIDForAuthentication`,
 * `uuidV5`), loaded on the first such call: a chunk of its own, the add-on `snr-auth.identity.js`
 * beside the page files.
 */
export const loadIdentity = once(() => import('../capabilities/identity/index.js'), 'The identity methods');

let providedAccountMethods: AccountMethods | undefined;

/**
 * Hands the Client the `account-methods` capability up front: what the forms file does
 * (src/bundles/forms.ts), whose main forms submit account methods, so a submit never waits for a
 * download. The add-on of a script-tag file that does not carry it (the sign-in file) is loaded on
 * the first such call.
 */
export function provideAccountMethods(module: AccountMethods): void {
  providedAccountMethods = module;
}

/**
 * The `account-methods` capability: the one provided up front, or else loaded on the first such
 * call (a chunk of its own in the npm modules and the headless entry; the add-on
 * `snr-auth.account-methods.js` beside the sign-in page file, as for `client-methods`).
 */
export const loadAccountMethods = once(async () => providedAccountMethods ?? import('../capabilities/account-methods/index.js'), 'The account methods');

/**
 * The `events` capability (src/capabilities/events/: the tracker and its queue), loaded when it has
 * work: the first `track()` or `flushEvents()`, a hand-over of events at a sign-in or sign-out, or
 * at start when an earlier page left events unsent; what is tracked meanwhile waits in the Client
 * and leaves with the page. A chunk of its own for the headless entry and the npm modules; the page
 * files load it as the add-on `snr-auth.events.js` (so a page fetches nothing but itself at start).
 */
export const loadEvents = once(() => import('../capabilities/events/index.js'), 'The event tracker');
