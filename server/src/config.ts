import { isIP } from 'node:net';
import {
  AGREEMENT_NAMES,
  DEFAULT_PASSWORD_POLICY,
  type PasswordPolicy,
  passwordPolicySchema,
  policyProblems,
  REGISTRATION_MODES,
  type RegistrationMode,
  SIGN_IN_METHODS,
  type SignInMethod,
} from 'snr-auth/contract';
import { z } from 'zod';
import { BREACHED_PASSWORDS_TIMEOUT_MS } from './breached-passwords.js';
import { isLoopbackBind } from './loopback.js';

/** The local development key that `npm start` prints and the demo uses. */
export const LOCAL_API_KEY = 'snr-local-dev-key';

export interface RateLimitConfig {
  /**
   * Failed sign-ins of one account (email), from any address, after which each further attempt
   * waits a growing delay (429 with Retry-After: 1 s, 2 s, 4 s… up to `signInMaxDelaySeconds`).
   */
  signInPerAccount: number;
  /** Failed sign-ins from one client address, across accounts, after which it waits the same growing delay. */
  signInPerAddress: number;
  /** Registrations per client address inside the window. */
  registrationsPerAddress: number;
  /** Activation and password-reset emails asked for one address inside the window. */
  emailRequestsPerEmail: number;
  /** Activation and password-reset requests per client address inside the window. */
  emailRequestsPerAddress: number;
  /** The window: fixed for the counts, and for the growing delays the quiet time after which they are forgotten. */
  windowSeconds: number;
  /** Failed sign-ins of one account from one address inside the window before that address is refused (429) for it. */
  signInPerAccountAndAddress: number;
  /** The longest delay between attempts once `signInPerAccount` or `signInPerAddress` is reached. */
  signInMaxDelaySeconds: number;
  /** Anonymous logins from one client address inside the window. */
  anonymousPerAddress: number;
  /** Events one session may send inside the window. */
  eventsPerSession: number;
  /** Bytes of events (action, label and parameters, as stored) one session may send inside the window. */
  eventBytesPerSession: number;
  /** Events stored on one profile (all its sessions) inside the window. */
  eventsPerProfile: number;
  /** Bytes of events stored on one profile inside the window. */
  eventBytesPerProfile: number;
  /** Second-factor codes (authenticator or recovery) tried for one account inside the window before it is refused (429); a right one clears the count. */
  secondFactorPerAccount: number;
  /** Seconds before another sign-in code may be mailed to the same address (any address alike, an account or not). */
  signInCodeResendSeconds: number;
}

/** Customer fields an OAuth claim may fill (the keys of `SNR_OAUTH_CLAIMS`). */
export const OAUTH_CLAIM_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'displayName',
  'phone',
  'customId',
  'city',
  'countryCode',
  'zipCode',
  'company',
  'avatarUrl',
] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DEFAULT_RATE_LIMIT: RateLimitConfig = Object.freeze({
  signInPerAccount: 20,
  signInPerAddress: 100,
  registrationsPerAddress: 30,
  emailRequestsPerEmail: 5,
  emailRequestsPerAddress: 30,
  windowSeconds: 900,
  signInPerAccountAndAddress: 10,
  signInMaxDelaySeconds: 60,
  anonymousPerAddress: 600,
  eventsPerSession: 5000,
  eventBytesPerSession: 5 * 1024 * 1024,
  eventsPerProfile: 20_000,
  eventBytesPerProfile: 20 * 1024 * 1024,
  secondFactorPerAccount: 5,
  signInCodeResendSeconds: 30,
});

const DEFAULT_OAUTH_CLAIMS: Record<string, string> = { email: 'email', firstName: 'given_name', lastName: 'family_name' };

/** One environment variable the server reads. */
export interface ConfigVariable {
  /** What it sets (markdown). */
  readonly meaning: string;
  /** The value taken when the variable is unset or blank. */
  readonly default?: string;
  /** What leaving it unset means, when the default alone does not say (markdown). */
  readonly unset?: string;
}

const code = (text: string | number) => `\`${text}\``;
const oneOf = (values: readonly string[]) => `${values.slice(0, -1).map(code).join(', ')} or ${code(values.at(-1)!)}`;

/**
 * Every variable of the configuration, declared once: loadConfig reads only these (and takes their
 * defaults from here), and the tables of README.md and DESIGN.md are generated from them
 * (`npm run docs`, scripts/gen-config-docs.ts; server/test/config-docs.test.ts checks both).
 */
export const CONFIG_VARIABLES = {
  PORT: { meaning: 'port the server listens on (`--port` overrides it)', default: '8787' },
  HOST: { meaning: 'address the server listens on (`--host` overrides it)', default: '127.0.0.1' },
  DATABASE_URL: { meaning: '`postgres://…` selects PostgreSQL; anything else is a SQLite file path', default: '.data/snr-auth.sqlite' },
  SNR_DB_TIMEOUT_MS: {
    meaning:
      'PostgreSQL: the deadline of each query and of each wait for a pooled connection; past it the request answers `503` with `Retry-After` and the connection is discarded',
    default: '3000',
  },
  SNR_API_KEYS: {
    meaning: 'JSON object: Profile API key → allowed browser origins (`"*"` any, `"local"` localhost origins and the server\'s own)',
    unset: `local mode: key ${code(LOCAL_API_KEY)}, allowed from the server's own origin and any \`http://localhost:*\` / \`http://127.0.0.1:*\` origin; printed at start`,
  },
  SNR_BACKEND_KEY: {
    meaning: 'secret of the site backend for the server-to-server routes (recognize, deletion), sent as `Authorization: Bearer …`; at least 24 characters',
    unset: 'unset: those routes answer 403 with a clear code',
  },
  SNR_REGISTRATION_MODE: { meaning: oneOf(REGISTRATION_MODES), default: 'confirmation' },
  SNR_TOKEN_TTL: { meaning: 'token lifetime, seconds', default: '3600' },
  SNR_SESSION_MAX_AGE: { meaning: 'absolute session cap, seconds (at least `SNR_TOKEN_TTL`)', default: String(30 * 86400), unset: '(30 days)' },
  SNR_REVOCATION_CACHE_MS: { meaning: 'how long an instance may trust a session row it read', default: '1000' },
  SNR_PBKDF2_ITERATIONS: { meaning: 'PBKDF2-HMAC-SHA256 iterations for new hashes (old ones upgrade at sign-in)', default: '600000' },
  SNR_PASSWORD_POLICY: {
    meaning: `JSON: ${Object.keys(DEFAULT_PASSWORD_POLICY).map(code).join(', ')}`,
    unset: `${DEFAULT_PASSWORD_POLICY.minLength}, ${DEFAULT_PASSWORD_POLICY.maxLength}, all true`,
  },
  SNR_RATE_LIMIT: {
    meaning:
      'JSON object setting any of the limits of the default column, or `off`; counts per `windowSeconds`: ' +
      'a sign-in is refused (`429` with `Retry-After`) past `signInPerAccountAndAddress` failures of one account from one address; ' +
      'past `signInPerAccount` failures of an account (any address) or `signInPerAddress` failures from an address (any account), each further attempt waits 1 s, 2 s, 4 s… up to `signInMaxDelaySeconds`, forgotten after a quiet window; ' +
      'a success clears its account, a completed password reset lifts every limit on the account; ' +
      '`anonymousPerAddress` anonymous logins per address; `eventsPerSession`/`eventBytesPerSession` and `eventsPerProfile`/`eventBytesPerProfile` events and bytes (action, label, parameters) per session and per profile; ' +
      '`secondFactorPerAccount` second-factor codes (authenticator or recovery) tried for one account, a right one clearing the count; ' +
      '`signInCodeResendSeconds` the wait before another sign-in code is mailed to the same address (a code request also counts as an email request, a code tried as a sign-in)',
    unset: Object.entries(DEFAULT_RATE_LIMIT)
      .map(([name, value]) => `\`${name}\` ${value}`)
      .join(', '),
  },
  SNR_ANONYMOUS_RETENTION_DAYS: {
    meaning: 'anonymous profiles that never tracked an event and had no session for this many days are purged, with their sessions',
    default: '30',
  },
  SNR_SMTP_URL: {
    meaning: 'SMTP server (`smtp://user:pass@host:587`)',
    unset: 'outbox mode: mail is kept in the database and logged at `info`, links included, even with `SNR_API_KEYS` set',
  },
  SNR_MAIL_FROM: { meaning: 'sender, `a@b` or `Name <a@b>`', default: 'snr-auth <no-reply@localhost>' },
  SNR_LANDING_URL: {
    meaning: 'page the emailed links open (`?action=…&token=…`): a page of the site with `<snr-landing>`',
    unset:
      "`<server>/landing`: the demo's page with `--demo`, in local mode a page of the server's own, otherwise no page (with SMTP the start logs a warning): set it in production",
  },
  SNR_SITE_URL: {
    meaning: "the site's address: the server's own pages (`/landing`, `/`) link back to it",
    unset: 'the origin of the referring page when an API key allows it, else no link',
  },
  SNR_AGREEMENTS: { meaning: `agreements the forms offer and \`/snr/config\` lists (\`${AGREEMENT_NAMES.join(',')}\`)`, default: 'email,sms' },
  SNR_BODY_LIMIT: { meaning: 'largest request body, bytes (larger ones get `413`)', default: String(256 * 1024) },
  SNR_REQUEST_TIMEOUT_MS: {
    meaning: "a request (headers and body) must arrive within this, else Node's bare `408` (no error body: the one failure that does not carry it)",
    default: '30000',
  },
  SNR_KEEP_ALIVE_TIMEOUT_MS: { meaning: "idle keep-alive connections are kept this long (longer than the load balancer's idle timeout)", default: '65000' },
  SNR_TRUST_PROXY: {
    meaning: '`true` to take the client address from the last `X-Forwarded-For` hop (one proxy in front, which appends the address it saw)',
    default: 'false',
  },
  SNR_ISSUER: { meaning: "the tokens' `iss`", default: 'snr-auth' },
  SNR_LOG_LEVEL: {
    meaning: `${oneOf(LOG_LEVELS)} (pino): JSON logs on stdout, one line per failed request (every request at \`debug\`), passwords and tokens redacted`,
    default: 'info',
  },
  SNR_FACEBOOK_APP_ID: { meaning: 'Facebook app for Facebook sign-in (with `SNR_FACEBOOK_APP_SECRET`)', unset: 'unset: Facebook disabled' },
  SNR_FACEBOOK_APP_SECRET: { meaning: "the Facebook app's secret (with `SNR_FACEBOOK_APP_ID`)", unset: 'unset: Facebook disabled' },
  SNR_FACEBOOK_GRAPH_URL: { meaning: 'Graph API base', default: 'https://graph.facebook.com' },
  SNR_OAUTH_VERIFY_URL: { meaning: "the site backend's token verification endpoint, for OAuth sign-in", unset: 'unset: OAuth disabled' },
  SNR_OAUTH_CLAIMS: {
    meaning: `JSON object: customer field → claim name; the subject is \`sub\`; a field other than ${OAUTH_CLAIM_FIELDS.map(code).join(', ')} stops the server`,
    default: JSON.stringify(DEFAULT_OAUTH_CLAIMS),
  },
  SNR_OAUTH_TRUST_EMAIL: {
    meaning:
      "`true` counts every email the OAuth endpoint returns as verified, even without `email_verified: true`; only for the site's own endpoint that vouches for each email",
    default: 'false',
  },
  SNR_GOOGLE_CLIENT_ID: {
    meaning: "Google sign-in: the OAuth client id of the site's Google Cloud project; an ID token's `aud` must be this",
    unset: 'unset: Google disabled',
  },
  SNR_GOOGLE_ISSUER: {
    meaning: "Google's issuer: its OpenID discovery (`/.well-known/openid-configuration`) names the keys ID tokens are checked with",
    default: 'https://accounts.google.com',
  },
  SNR_APPLE_CLIENT_ID: {
    meaning: "Sign in with Apple: the site's Services ID (e.g. `com.shop.web`); an ID token's `aud` must be this",
    unset: 'unset: Apple disabled',
  },
  SNR_APPLE_ISSUER: {
    meaning: "Apple's issuer: its OpenID discovery names the keys ID tokens are checked with",
    default: 'https://appleid.apple.com',
  },
  SNR_ACTIVATION_PIN_TTL: {
    meaning:
      'in the `pin` registration mode, how long an emailed activation code works, seconds (a code also dies after 5 wrong tries, or when a new one is sent)',
    default: '900',
  },
  SNR_TERMS_VERSION: {
    meaning:
      'the version of the terms every customer must have accepted (any text, e.g. `2026-12`): a customer who accepted none or another one is asked at the next sign-in (`TERMS_ACCEPTANCE_REQUIRED`)',
    unset: 'unset: no terms are asked for',
  },
  SNR_TERMS_URL: { meaning: 'the page with the terms of `SNR_TERMS_VERSION` (required with it)', unset: 'unset: only allowed without `SNR_TERMS_VERSION`' },
  SNR_TOTP_ISSUER: {
    meaning: 'the name authenticator apps show beside the account (the `issuer` of the `otpauth://` URI of a second-factor enrolment)',
    unset: 'the host of `SNR_SITE_URL`, else `snr-auth`',
  },
  SNR_TOTP_ENCRYPTION_KEY: {
    meaning: "32 bytes (64 hex digits or base64) sealing the authenticators' secrets in the store (AES-256-GCM); keep it apart from the database",
    unset: 'secrets are stored unsealed: never answered after enrolment, but readable by whoever reads the database; set it in production',
  },
  SNR_WEBAUTHN_RP_ID: {
    meaning:
      "passkeys: the relying party id, the site's domain the passkeys belong to (e.g. `shop.example`: good for `www.shop.example` too); `off` turns passkeys off",
    unset: 'local mode: `localhost`; otherwise the host of `SNR_SITE_URL`; with neither, passkeys are off',
  },
  SNR_WEBAUTHN_ORIGINS: {
    meaning:
      'passkeys: the comma-separated origins a passkey may be made or used on (`https://shop.example,https://www.shop.example`); each must be the relying party id or under it',
    unset:
      'the origins of `SNR_API_KEYS` on the relying party id or under it (`https`, or `http` for `localhost`); in local mode any `http://localhost:<port>` origin',
  },
  SNR_WEBAUTHN_RP_NAME: { meaning: "passkeys: the site's name, as the browser's passkey dialog shows it", unset: 'the relying party id' },
  SNR_PASSKEY_REGISTRATION: {
    meaning:
      '`true` lets a newcomer register with a passkey and no password (the registration mode still applies: an activation or approval comes before the first sign-in)',
    default: 'false',
  },
  SNR_BREACHED_PASSWORDS_URL: {
    meaning:
      "a k-anonymity range API in the format of Have I Been Pwned's Pwned Passwords (`GET <url>/range/<5 hex digits>`, `Add-Padding: true`): a new password (registration, change, reset) listed there is refused with `400 PASSWORD_BREACHED`; only the first 5 hex digits of its SHA-1 leave the server; no answer within a second, or a failure, lets the password through and logs a warning; `off` turns the check off",
    default: 'https://api.pwnedpasswords.com',
  },
  SNR_SIGN_IN_METHODS: {
    meaning: `comma-separated ways to sign in that are on, of ${oneOf(SIGN_IN_METHODS)} (\`code\`: a 6-digit code mailed to the address, 10 minutes, single use); \`/snr/config\` lists them as \`signInMethods\` and \`<snr-signin>\` offers only those. A method that is off answers \`400 SIGN_IN_METHOD_DISABLED\`. \`passkey\` is on whenever passkeys are (\`SNR_WEBAUTHN_RP_ID\`), listed here or not`,
    default: 'password',
  },
} as const satisfies Record<string, ConfigVariable>;

export type ConfigVariableName = keyof typeof CONFIG_VARIABLES;
type WithDefault = { [K in ConfigVariableName]: (typeof CONFIG_VARIABLES)[K] extends { default: string } ? K : never }[ConfigVariableName];

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  databaseUrl: string;
  /** SNR_DB_TIMEOUT_MS. */
  dbTimeoutMs: number;
  /** API key → allowed browser origins; `*` allows any; `local` allows localhost origins and the server's own. */
  apiKeys: Map<string, string[]>;
  localMode: boolean;
  backendKey: string | undefined;
  registrationMode: RegistrationMode;
  tokenTtl: number;
  sessionMaxAge: number;
  revocationCacheMs: number;
  pbkdf2Iterations: number;
  passwordPolicy: PasswordPolicy;
  smtpUrl: string | undefined;
  mailFrom: string;
  landingUrl: string | undefined;
  /** `SNR_SITE_URL`: where the server's own pages link back to. */
  siteUrl: string | undefined;
  issuer: string;
  facebook: { appId: string; appSecret: string; graphUrl: string } | undefined;
  /** `trustEmail`: the endpoint's emails count as verified without `email_verified` (SNR_OAUTH_TRUST_EMAIL). */
  oauth: { verifyUrl: string; claims: Record<string, string>; trustEmail: boolean } | undefined;
  /** Google and Apple sign-in by ID token (SNR_GOOGLE_*, SNR_APPLE_*); undefined: disabled. */
  google: IdTokenProviderConfig | undefined;
  apple: IdTokenProviderConfig | undefined;
  rateLimit: RateLimitConfig | undefined;
  /** Anonymous profiles without events and without a session for this long are purged (ms). */
  anonymousRetentionMs: number;
  bodyLimit: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  trustProxy: boolean;
  agreements: (typeof AGREEMENT_NAMES)[number][];
  emailTokenTtl: { activation: number; passwordReset: number };
  /** The `pin` mode's codes: lifetime (seconds) and wrong tries before a code is void. */
  activationPin: { ttl: number; maxTries: number };
  /** The terms every customer must have accepted (`SNR_TERMS_VERSION`, `SNR_TERMS_URL`). */
  terms: { version: string; url: string } | undefined;
  /** Second factor: the issuer authenticator apps show, and the key sealing the secrets (`SNR_TOTP_*`). */
  totp: { issuer: string; encryptionKey: Buffer | undefined };
  /** Passkeys (`SNR_WEBAUTHN_*`, `SNR_PASSKEY_REGISTRATION`); undefined: off. */
  webauthn: WebauthnConfig | undefined;
  /** `SNR_BREACHED_PASSWORDS_URL` (no trailing slash) and how long a check waits; undefined: `off`. */
  breachedPasswords: { url: string; timeoutMs: number } | undefined;
  /** `SNR_SIGN_IN_METHODS`: the ways to sign in that are on. */
  signInMethods: SignInMethod[];
  /** Emailed sign-in codes: lifetime (seconds) and wrong tries before a code is void. */
  signInCode: { ttl: number; maxTries: number };
}

/** Passkeys: who the relying party is and where its ceremonies may run. */
export interface WebauthnConfig {
  rpId: string;
  rpName: string;
  /** Origins a ceremony may come from, exactly. */
  origins: string[];
  /** Any `http://localhost:<port>` origin too (local mode). */
  localhostOrigins: boolean;
  /** A newcomer may register with a passkey and no password. */
  registration: boolean;
  /** How long a ceremony's challenge can be answered, ms. */
  challengeTtlMs: number;
}

/** How long a passkey ceremony may take: the browser's dialog times out at the same moment. */
export const WEBAUTHN_CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** An OpenID Connect provider whose ID tokens the server checks itself. */
export interface IdTokenProviderConfig {
  clientId: string;
  /** Without a trailing slash; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
}
/** Wrong tries of one activation code before it is void and a new one must be asked for. */
export const ACTIVATION_PIN_MAX_TRIES = 5;
/** An emailed sign-in code: it works this long (seconds) and for this many tries. */
export const SIGN_IN_CODE_TTL = 600;
export const SIGN_IN_CODE_MAX_TRIES = 5;

/** A configuration problem, naming the variable, that stops the server at start. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function json(variable: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(variable, 'is not valid JSON');
  }
}

function check<T>(variable: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? ` (at ${first.path.join('.')})` : '';
    throw new ConfigError(variable, `${first?.message ?? 'is invalid'}${where}; got ${JSON.stringify(value)}`);
  }
  return result.data;
}

const positiveInt = (max: number) => z.coerce.number().int().positive().max(max);
const portNumber = z
  .string()
  .regex(/^\d+$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(0).max(65535, 'must be a port number (0–65535)'));
const hostLabel = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const hostName = new RegExp(`^(?=.{1,253}\\.?$)${hostLabel}(\\.${hostLabel})*\\.?$`, 'i');
const listenHost = z.string().refine((h) => isIP(h) !== 0 || hostName.test(h), 'must be an IP address (IPv6 without brackets) or a host name');
// Lenient: `a@b` or `Name <a@b>`; the SMTP server has the last word.
const mailbox = z.string().regex(/^([^<>]*<\s*[^\s<>@]+@[^\s<>@]+\s*>|[^\s<>@]+@[^\s<>@]+)$/, 'must be an address, a@b or Name <a@b>');

/** A port given on the command line or to startServer, checked as `PORT` is; ConfigError names `source`. */
export function checkPort(source: string, value: string | number): number {
  return check(source, portNumber, String(value));
}

/** A listening address given on the command line or to startServer, checked as `HOST` is. */
export function checkHost(source: string, value: string): string {
  return check(source, listenHost, value);
}
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/** Reads the configuration of DESIGN.md §8 from environment variables; throws ConfigError on any bad value. */
export function loadConfig(env: Env = process.env): ServerConfig {
  const get = (name: ConfigVariableName) => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const getOrDefault = (name: WithDefault): string => get(name) ?? CONFIG_VARIABLES[name].default;

  const port = checkPort('PORT', getOrDefault('PORT'));
  const host = checkHost('HOST', getOrDefault('HOST'));
  const logLevel = check('SNR_LOG_LEVEL', z.enum(LOG_LEVELS), getOrDefault('SNR_LOG_LEVEL'));

  let apiKeys = new Map<string, string[]>();
  let localMode = false;
  const keysRaw = get('SNR_API_KEYS');
  if (keysRaw === undefined) {
    localMode = true;
    apiKeys.set(LOCAL_API_KEY, ['local']);
  } else {
    const parsed = check(
      'SNR_API_KEYS',
      z.record(
        z.string().min(1).max(200),
        z.array(z.union([z.literal('*'), z.literal('local'), z.string().regex(/^https?:\/\/[^/\s]+$/, 'an origin is scheme://host[:port], without a path')])),
      ),
      json('SNR_API_KEYS', keysRaw),
    );
    if (Object.keys(parsed).length === 0) throw new ConfigError('SNR_API_KEYS', 'names no API key');
    apiKeys = new Map(Object.entries(parsed));
  }

  const backendKey = get('SNR_BACKEND_KEY');
  if (backendKey !== undefined && backendKey.length < 24) {
    throw new ConfigError('SNR_BACKEND_KEY', 'must be at least 24 characters (it guards server-to-server routes)');
  }

  const registrationMode = check('SNR_REGISTRATION_MODE', z.enum(REGISTRATION_MODES), getOrDefault('SNR_REGISTRATION_MODE'));
  const tokenTtl = check('SNR_TOKEN_TTL', positiveInt(30 * 86400), getOrDefault('SNR_TOKEN_TTL'));
  const sessionMaxAge = check('SNR_SESSION_MAX_AGE', positiveInt(366 * 86400), getOrDefault('SNR_SESSION_MAX_AGE'));
  if (sessionMaxAge < tokenTtl) throw new ConfigError('SNR_SESSION_MAX_AGE', `must be at least SNR_TOKEN_TTL (${tokenTtl})`);
  const revocationCacheMs = check('SNR_REVOCATION_CACHE_MS', z.coerce.number().int().min(0).max(60_000), getOrDefault('SNR_REVOCATION_CACHE_MS'));
  const pbkdf2Iterations = check('SNR_PBKDF2_ITERATIONS', z.coerce.number().int().min(1000).max(10_000_000), getOrDefault('SNR_PBKDF2_ITERATIONS'));

  let passwordPolicy: PasswordPolicy = { ...DEFAULT_PASSWORD_POLICY };
  const policyRaw = get('SNR_PASSWORD_POLICY');
  if (policyRaw !== undefined) {
    const partial = check('SNR_PASSWORD_POLICY', z.object(passwordPolicySchema.def.shape).partial().strict(), json('SNR_PASSWORD_POLICY', policyRaw));
    passwordPolicy = { ...passwordPolicy, ...partial };
    const problems = policyProblems(passwordPolicy);
    if (problems.length) throw new ConfigError('SNR_PASSWORD_POLICY', problems.join('; '));
  }

  const smtpUrl = get('SNR_SMTP_URL');
  if (smtpUrl !== undefined) check('SNR_SMTP_URL', z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://'), smtpUrl);
  const mailFrom = check('SNR_MAIL_FROM', mailbox, getOrDefault('SNR_MAIL_FROM'));
  const landingUrl = get('SNR_LANDING_URL');
  if (landingUrl !== undefined) check('SNR_LANDING_URL', httpUrl, landingUrl);
  const siteUrl = get('SNR_SITE_URL');
  if (siteUrl !== undefined) check('SNR_SITE_URL', httpUrl, siteUrl);

  const fbId = get('SNR_FACEBOOK_APP_ID');
  const fbSecret = get('SNR_FACEBOOK_APP_SECRET');
  if ((fbId === undefined) !== (fbSecret === undefined)) {
    throw new ConfigError(
      fbId === undefined ? 'SNR_FACEBOOK_APP_ID' : 'SNR_FACEBOOK_APP_SECRET',
      'Facebook needs both SNR_FACEBOOK_APP_ID and SNR_FACEBOOK_APP_SECRET',
    );
  }
  const graphUrl = check('SNR_FACEBOOK_GRAPH_URL', httpUrl, getOrDefault('SNR_FACEBOOK_GRAPH_URL'));
  const facebook = fbId && fbSecret ? { appId: fbId, appSecret: fbSecret, graphUrl: graphUrl.replace(/\/$/, '') } : undefined;

  const verifyUrl = get('SNR_OAUTH_VERIFY_URL');
  if (verifyUrl !== undefined) check('SNR_OAUTH_VERIFY_URL', httpUrl, verifyUrl);
  const claimsRaw = get('SNR_OAUTH_CLAIMS');
  const claims = claimsRaw
    ? check('SNR_OAUTH_CLAIMS', z.record(z.string(), z.string().min(1)), json('SNR_OAUTH_CLAIMS', claimsRaw))
    : { ...DEFAULT_OAUTH_CLAIMS };
  // A misspelt field would silently map nothing.
  const unknownFields = Object.keys(claims).filter((f) => !(OAUTH_CLAIM_FIELDS as readonly string[]).includes(f));
  if (unknownFields.length) {
    throw new ConfigError(
      'SNR_OAUTH_CLAIMS',
      `unknown field ${unknownFields.map((f) => JSON.stringify(f)).join(', ')}; the fields are ${OAUTH_CLAIM_FIELDS.join(', ')}`,
    );
  }
  // Only for an endpoint of the site's own backend, which vouches for every email it returns: an
  // email counted as verified links to (and takes over) the account that has it.
  const trustEmail = check('SNR_OAUTH_TRUST_EMAIL', z.enum(['true', 'false']), getOrDefault('SNR_OAUTH_TRUST_EMAIL')) === 'true';
  const oauth = verifyUrl ? { verifyUrl, claims, trustEmail } : undefined;

  const idTokenProvider = (clientIdVar: 'SNR_GOOGLE_CLIENT_ID' | 'SNR_APPLE_CLIENT_ID', issuerVar: 'SNR_GOOGLE_ISSUER' | 'SNR_APPLE_ISSUER') => {
    const issuer = check(issuerVar, httpUrl, getOrDefault(issuerVar)).replace(/\/+$/, '');
    const clientId = get(clientIdVar);
    if (clientId !== undefined)
      check(
        clientIdVar,
        z
          .string()
          .max(500)
          .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
        clientId,
      );
    return clientId ? { clientId, issuer } : undefined;
  };
  const google = idTokenProvider('SNR_GOOGLE_CLIENT_ID', 'SNR_GOOGLE_ISSUER');
  const apple = idTokenProvider('SNR_APPLE_CLIENT_ID', 'SNR_APPLE_ISSUER');

  let rateLimit: RateLimitConfig | undefined = { ...DEFAULT_RATE_LIMIT };
  const rateRaw = get('SNR_RATE_LIMIT');
  if (rateRaw === 'off') rateLimit = undefined;
  else if (rateRaw !== undefined) {
    const count = z.number().int().positive();
    rateLimit = {
      ...rateLimit,
      ...check(
        'SNR_RATE_LIMIT',
        z
          .object({
            signInPerAccount: count,
            signInPerAddress: count,
            registrationsPerAddress: count,
            emailRequestsPerEmail: count,
            emailRequestsPerAddress: count,
            windowSeconds: count,
            signInPerAccountAndAddress: count,
            signInMaxDelaySeconds: count,
            anonymousPerAddress: count,
            eventsPerSession: count,
            eventBytesPerSession: count,
            eventsPerProfile: count,
            eventBytesPerProfile: count,
            secondFactorPerAccount: count,
            signInCodeResendSeconds: count,
          })
          .partial()
          .strict(),
        json('SNR_RATE_LIMIT', rateRaw),
      ),
    };
  }

  const anonymousRetentionMs = check('SNR_ANONYMOUS_RETENTION_DAYS', positiveInt(3650), getOrDefault('SNR_ANONYMOUS_RETENTION_DAYS')) * 24 * 60 * 60 * 1000;

  const bodyLimit = check('SNR_BODY_LIMIT', positiveInt(10 * 1024 * 1024), getOrDefault('SNR_BODY_LIMIT'));
  const requestTimeoutMs = check('SNR_REQUEST_TIMEOUT_MS', z.coerce.number().int().min(1000).max(600_000), getOrDefault('SNR_REQUEST_TIMEOUT_MS'));
  const keepAliveTimeoutMs = check('SNR_KEEP_ALIVE_TIMEOUT_MS', z.coerce.number().int().min(1000).max(600_000), getOrDefault('SNR_KEEP_ALIVE_TIMEOUT_MS'));
  const dbTimeoutMs = check('SNR_DB_TIMEOUT_MS', z.coerce.number().int().min(100).max(600_000), getOrDefault('SNR_DB_TIMEOUT_MS'));
  const trustProxy = check('SNR_TRUST_PROXY', z.enum(['true', 'false']), getOrDefault('SNR_TRUST_PROXY')) === 'true';
  const agreements = check(
    'SNR_AGREEMENTS',
    z.array(z.enum(AGREEMENT_NAMES)),
    getOrDefault('SNR_AGREEMENTS')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

  const activationPinTtl = check('SNR_ACTIVATION_PIN_TTL', z.coerce.number().int().min(60).max(86400), getOrDefault('SNR_ACTIVATION_PIN_TTL'));
  const termsVersion = get('SNR_TERMS_VERSION');
  const termsUrl = get('SNR_TERMS_URL');
  if (termsVersion !== undefined)
    check(
      'SNR_TERMS_VERSION',
      z
        .string()
        .max(100)
        .regex(/^\P{Cc}*$/u, 'must be one line of text'),
      termsVersion,
    );
  if (termsVersion !== undefined && termsUrl === undefined)
    throw new ConfigError('SNR_TERMS_URL', 'is required with SNR_TERMS_VERSION: customers are shown the terms they accept');
  if (termsUrl !== undefined && termsVersion === undefined) throw new ConfigError('SNR_TERMS_VERSION', 'is required with SNR_TERMS_URL');
  if (termsUrl !== undefined) check('SNR_TERMS_URL', httpUrl, termsUrl);
  const terms = termsVersion !== undefined && termsUrl !== undefined ? { version: termsVersion, url: termsUrl } : undefined;
  const webauthn = webauthnConfig(get, apiKeys, localMode, siteUrl);

  const totpIssuer = get('SNR_TOTP_ISSUER') ?? (siteUrl === undefined ? 'snr-auth' : new URL(siteUrl).host);
  check(
    'SNR_TOTP_ISSUER',
    z
      .string()
      .min(1)
      .max(100)
      .regex(/^[^:]+$/, 'must not hold a colon'),
    totpIssuer,
  );
  const totpKeyRaw = get('SNR_TOTP_ENCRYPTION_KEY');
  let totpKey: Buffer | undefined;
  if (totpKeyRaw !== undefined) {
    totpKey = /^[0-9a-fA-F]{64}$/.test(totpKeyRaw) ? Buffer.from(totpKeyRaw, 'hex') : Buffer.from(totpKeyRaw, 'base64');
    if (totpKey.length !== 32) throw new ConfigError('SNR_TOTP_ENCRYPTION_KEY', 'must be 32 bytes: 64 hex digits or 44 characters of base64');
  }

  const breachedRaw = getOrDefault('SNR_BREACHED_PASSWORDS_URL');
  const breachedPasswords =
    breachedRaw === 'off'
      ? undefined
      : { url: check('SNR_BREACHED_PASSWORDS_URL', httpUrl, breachedRaw).replace(/\/+$/, ''), timeoutMs: BREACHED_PASSWORDS_TIMEOUT_MS };

  const signInMethods = check(
    'SNR_SIGN_IN_METHODS',
    z
      .array(z.enum(SIGN_IN_METHODS))
      .min(1, 'must name at least one way to sign in')
      .transform((methods) => [...new Set(methods)]),
    getOrDefault('SNR_SIGN_IN_METHODS')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

  return {
    port,
    host,
    logLevel,
    databaseUrl: getOrDefault('DATABASE_URL'),
    dbTimeoutMs,
    apiKeys,
    localMode,
    backendKey,
    registrationMode,
    tokenTtl,
    sessionMaxAge,
    revocationCacheMs,
    pbkdf2Iterations,
    passwordPolicy,
    smtpUrl,
    mailFrom,
    landingUrl,
    siteUrl,
    issuer: getOrDefault('SNR_ISSUER'),
    facebook,
    oauth,
    google,
    apple,
    rateLimit,
    anonymousRetentionMs,
    bodyLimit,
    requestTimeoutMs,
    keepAliveTimeoutMs,
    trustProxy,
    agreements,
    emailTokenTtl: { activation: 7 * 86400, passwordReset: 3600 },
    activationPin: { ttl: activationPinTtl, maxTries: ACTIVATION_PIN_MAX_TRIES },
    terms,
    totp: { issuer: totpIssuer, encryptionKey: totpKey },
    webauthn,
    breachedPasswords,
    signInMethods,
    signInCode: { ttl: SIGN_IN_CODE_TTL, maxTries: SIGN_IN_CODE_MAX_TRIES },
  };
}

const originPattern = /^https?:\/\/[^/\s]+$/;

/** Passkeys' relying party, from `SNR_WEBAUTHN_*` and what the rest of the configuration says about the site. */
function webauthnConfig(
  get: (name: ConfigVariableName) => string | undefined,
  apiKeys: Map<string, string[]>,
  localMode: boolean,
  siteUrl: string | undefined,
): WebauthnConfig | undefined {
  const registration = check('SNR_PASSKEY_REGISTRATION', z.enum(['true', 'false']), get('SNR_PASSKEY_REGISTRATION') ?? 'false') === 'true';
  const explicit = get('SNR_WEBAUTHN_RP_ID');
  if (explicit === 'off') return undefined;
  if (explicit !== undefined && !hostName.test(explicit))
    throw new ConfigError('SNR_WEBAUTHN_RP_ID', `must be a domain name (no scheme, port or path); got ${JSON.stringify(explicit)}`);
  const rpId = (explicit ?? (localMode ? 'localhost' : siteUrl ? new URL(siteUrl).hostname : undefined))?.toLowerCase().replace(/\.$/, '');
  if (rpId === undefined) return undefined;
  // Derived from the site's address: an IP address cannot be a relying party, so passkeys stay off.
  if (isIP(rpId) !== 0) return undefined;
  const underRp = (origin: string) => {
    const host = new URL(origin).hostname;
    return host === rpId || host.endsWith(`.${rpId}`);
  };
  const secure = (origin: string) => origin.startsWith('https://') || new URL(origin).hostname === 'localhost';
  const originsRaw = get('SNR_WEBAUTHN_ORIGINS');
  let origins: string[];
  if (originsRaw !== undefined) {
    origins = originsRaw
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean);
    for (const origin of origins) {
      if (!originPattern.test(origin)) throw new ConfigError('SNR_WEBAUTHN_ORIGINS', `${JSON.stringify(origin)} is not an origin (scheme://host[:port])`);
      if (!underRp(origin)) throw new ConfigError('SNR_WEBAUTHN_ORIGINS', `${origin} is not on the relying party id ${rpId} or under it`);
      if (!secure(origin)) throw new ConfigError('SNR_WEBAUTHN_ORIGINS', `${origin}: passkeys need https (http only on localhost)`);
    }
  } else {
    origins = [...new Set([...apiKeys.values()].flat().filter((o) => originPattern.test(o) && underRp(o) && secure(o)))];
  }
  const localhostOrigins = originsRaw === undefined && rpId === 'localhost' && (localMode || [...apiKeys.values()].some((list) => list.includes('local')));
  if (origins.length === 0 && !localhostOrigins) {
    // Only a relying party asked for by name is a mistake to report; a derived one just stays off.
    if (explicit === undefined) return undefined;
    throw new ConfigError('SNR_WEBAUTHN_ORIGINS', `no origin on the relying party id ${rpId} is known: set SNR_WEBAUTHN_ORIGINS (or SNR_WEBAUTHN_RP_ID=off)`);
  }
  const rpName = get('SNR_WEBAUTHN_RP_NAME') ?? rpId;
  return { rpId, rpName, origins, localhostOrigins, registration, challengeTtlMs: WEBAUTHN_CHALLENGE_TTL_MS };
}

/** What is allowed but probably a mistake in this configuration: the server starts, and says so. */
export function configWarnings(config: ServerConfig, options: { demo: boolean }): string[] {
  const warnings: string[] = [];
  if (config.localMode && !isLoopbackBind(config.host)) {
    warnings.push(
      `local mode (no SNR_API_KEYS) is for a developer's machine, but the server listens on ${config.host}, reachable from other machines: set SNR_API_KEYS, or listen on 127.0.0.1 (HOST or --host)`,
    );
  }
  // In local mode the bin serves a landing page of its own (server/src/landing.ts).
  if (config.smtpUrl !== undefined && config.landingUrl === undefined && !options.demo && !config.localMode) {
    warnings.push(
      'emailed links point at <server>/landing, which only --demo (or local mode) serves, so they would be dead: set SNR_LANDING_URL to a page of the site with <snr-landing>',
    );
  }
  // Production keys without SMTP: every activation and reset link is written to the log in clear.
  if (!config.localMode && config.smtpUrl === undefined) {
    warnings.push(
      'SNR_API_KEYS is set but SNR_SMTP_URL is not: mail is not sent, and live activation and password reset links are written to the log; set SNR_SMTP_URL',
    );
  }
  return warnings;
}
