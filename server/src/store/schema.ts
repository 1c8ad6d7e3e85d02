import type { Generated } from 'kysely';

/** Timestamps are epoch milliseconds in every table, so SQLite and PostgreSQL read them alike. */
export interface ClientsTable {
  id: Generated<number>;
  uuid: string;
  email: string | null;
  password_hash: string | null;
  status: ClientStatus;
  email_confirmed: number;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  phone: string | null;
  custom_id: string | null;
  /** 1 when the site's backend set `custom_id` (recognition), 0 when a customer or provider did. */
  custom_id_verified: Generated<number>;
  sex: string | null;
  birth_date: string | null;
  company: string | null;
  address: string | null;
  city: string | null;
  province: string | null;
  zip_code: string | null;
  country_code: string | null;
  avatar_url: string | null;
  /** JSON text. */
  agreements: string;
  /** JSON text. */
  attributes: string;
  /** JSON text. */
  tags: string;
  created_at: number;
  updated_at: number;
  last_activity_at: number | null;
  /** The version of the site's terms the customer accepted last (`SNR_TERMS_VERSION`), if any. */
  terms_version: string | null;
  terms_accepted_at: number | null;
  /** The WebAuthn user handle (base64url, random) given to this customer's passkeys; null until the first one. */
  webauthn_user_id: Generated<string | null>;
}
/** `pending_approval`: registered in the `approval` mode, waiting for the site's backend. */
export type ClientStatus = 'anonymous' | 'active' | 'pending_activation' | 'pending_approval';

/** The live activation code of an account in the `pin` mode (one per account; a new one replaces it). */
export interface ActivationPinsTable {
  client_id: number;
  pin_hash: string;
  created_at: number;
  expires_at: number;
  /** Wrong codes tried against this one. */
  attempts: number;
}

/** The live emailed sign-in code of an account (one per account; a new one replaces it). */
export interface SignInCodesTable {
  client_id: number;
  code_hash: string;
  created_at: number;
  expires_at: number;
  /** Tries counted against this code, right or wrong. */
  attempts: number;
}

/**
 * A Google or Apple ID token's nonce: one a sign-in used (`session_id` null, `used_at` set), or one
 * issued to a session for re-proving the customer (`used_at` set once it served).
 */
export interface IdTokenNoncesTable {
  nonce: string;
  session_id: string | null;
  created_at: number;
  /** Kept until then; purged after. */
  expires_at: number;
  used_at: number | null;
}

export interface ClientUuidsTable {
  uuid: string;
  client_id: number;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  client_id: number;
  api_key: string;
  realm: string;
  origin: string;
  created_at: number;
  /** The absolute cap: no token of this session lives past it. */
  expires_at: number;
  refreshed_at: number | null;
  revoked_at: number | null;
  revoked_reason: string | null;
  /** The User-Agent of the request that opened the session (cut to `USER_AGENT_MAX` characters), or null. */
  user_agent: string | null;
  /** When the session was last used (opened, refreshed, a customer call), at most a minute stale; null on rows older than migration 0009. */
  last_active_at: number | null;
}

export interface EmailTokensTable {
  token_hash: string;
  client_id: number;
  purpose: EmailTokenPurpose;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** An email-change token: the address the account moves to once the link is followed. */
  new_email: string | null;
}
export type EmailTokenPurpose = 'activation' | 'confirmation' | 'password_reset' | 'email_change';

export interface EventsTable {
  id: Generated<number>;
  event_salt: string;
  client_id: number;
  uuid: string;
  action: string;
  label: string | null;
  event_time: number;
  /** JSON text. */
  params: string;
  received_at: number;
  /** The Profile API key of the token the event came with ('' for events stored before migration 0006). */
  api_key: Generated<string>;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface OutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: number;
  sent_at: number | null;
  attempts: number;
  last_error: string | null;
  /** While in the future, one instance is sending this mail. */
  claimed_until: number | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
  /** Bytes counted beside `count` (event limits). */
  bytes: Generated<number>;
  /** A growing delay's: no attempt before this time (0: none). */
  next_at: Generated<number>;
}

export interface ClientIdentitiesTable {
  provider: string;
  subject: string;
  client_id: number;
  created_at: number;
}

/** An account's authenticator (TOTP, RFC 6238): pending until a first code confirms it. */
export interface TotpFactorsTable {
  client_id: number;
  /** The shared secret, sealed (`server/src/identity/totp.ts`): never answered after enrolment. */
  secret: string;
  created_at: number;
  /** Null while the enrolment waits for its first code. */
  confirmed_at: number | null;
  /** The last time step whose code was accepted: a code of that step or an older one is refused (replay). */
  last_step: Generated<number>;
}

/** One single-use recovery code of an account, stored hashed. */
export interface RecoveryCodesTable {
  client_id: number;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/** A password sign-in waiting for its second factor: short-lived, single use, stored hashed. */
export interface MfaChallengesTable {
  id_hash: string;
  client_id: number;
  api_key: string;
  /** The visitor of the sign-in (whose anonymous profile merges in once it completes). */
  visitor_uuid: string | null;
  holds_token: number;
  origin: string;
  created_at: number;
  expires_at: number;
}

/** A customer's passkey (WebAuthn credential). */
export interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  client_id: number;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The signature counter last seen (0 for authenticators that keep none). */
  counter: number;
  /** JSON array of transports (`internal`, `hybrid`, `usb`…). */
  transports: string;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: number;
  aaguid: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

export type WebauthnChallengePurpose = 'registration' | 'authentication' | 'reauthentication' | 'account-registration';

/** A WebAuthn ceremony's challenge, taken once. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: WebauthnChallengePurpose;
  /** The customer it was made for (registration, re-authentication); null for sign-in and account registration. */
  client_id: number | null;
  api_key: string;
  /** JSON text: an account registration's fields. */
  data: string | null;
  created_at: number;
  expires_at: number;
}

export interface Database {
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  activation_pins: ActivationPinsTable;
  client_identities: ClientIdentitiesTable;
  clients: ClientsTable;
  client_uuids: ClientUuidsTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  events: EventsTable;
  signing_keys: SigningKeysTable;
  outbox: OutboxTable;
  rate_limits: RateLimitsTable;
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  mfa_challenges: MfaChallengesTable;
  sign_in_codes: SignInCodesTable;
  id_token_nonces: IdTokenNoncesTable;
}
