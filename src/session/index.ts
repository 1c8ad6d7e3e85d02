export { isSnrError, SnrError } from '../api/errors.js';
export type {
  AccountCacheMode,
  AuthenticationContext,
  CallOptions,
  ClientOptions,
  ConditionalResult,
  ConditionalSignInOptions,
  PasskeyProof,
  PasskeySignInOptions,
  RegisterContext,
  SignOutOptions,
  TokenInfo,
  UpdateAccountContext,
  UpdateBasicInformationContext,
} from './client.js';
export { Client, createClient } from './client.js';
export type { ClientMethods, ClientParts } from './methods.js';
export { type PasskeyClientParts, type PasskeyModule, type PasskeyModuleLoader, providePasskeys } from './passkeys.js';
export type { StorageKind } from './storage.js';
export type { SessionChange, SessionChangeType, SessionEndReason, SessionListener, SessionState, SessionStatus } from './store.js';
export { type LegacySessionEndReason, SESSION_END_REASONS, toSessionEndReason } from './store.js';
