import * as z from 'zod/mini';
import type { PasswordPolicy } from './password-policy.js';
import { AGREEMENT_NAMES, COUNTRY_CODE_LENGTH, MAX_EVENTS_PER_BATCH, SEX_VALUES } from './values.js';

export { AGREEMENT_NAMES, type AgreementName, MAX_EVENTS_PER_BATCH, SEX_VALUES, SIGN_IN_CODE_LENGTH, SIGN_IN_METHODS, type SignInMethod } from './values.js';

/**
 * One zod schema per request and answer of DESIGN.md §4. Written with `zod/mini` so the browser
 * bundle carries only what it uses; the server validates with the very same objects.
 */

/** The password policy a server enforces and publishes through `/snr/config`. */
export const passwordPolicySchema = z.object({
  minLength: z.int().check(z.minimum(1), z.maximum(1024)),
  maxLength: z.int().check(z.minimum(1), z.maximum(1024)),
  requireUpper: z.boolean(),
  requireLower: z.boolean(),
  requireDigit: z.boolean(),
  requireSymbol: z.boolean(),
}) satisfies z.ZodMiniType<PasswordPolicy>;

const text = (max: number) => z.string().check(z.maxLength(max));
/**
 * A profile column is UTF-8 text, which cannot hold a UTF-16 surrogate without its pair (it would be
 * stored as U+FFFD): refused, naming the field, rather than changed. (Event labels, params and
 * attributes keep them: DESIGN.md §8.)
 */
const wellFormed = z.regex(/^\P{Cs}*$/u, 'Must be text without an unpaired surrogate (U+D800–U+DFFF)');
/**
 * A profile field the customer types on one line. Control characters (line breaks, tabs, escapes)
 * are refused: these fields end up in emails, logs and the site's own pages, where a line break of
 * the customer's own would let a name write lines that look like the sender's.
 */
const line = (max: number) => z.string().check(z.maxLength(max), z.regex(/^\P{Cc}*$/u, 'Must be one line of text, without control characters'), wellFormed);
const name = line(200);

export const uuidSchema = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Must be a UUID'));
export const emailSchema = z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254), z.email('Must be an email address'));
export const apiKeySchema = z.string().check(z.minLength(1), z.maxLength(200));
export const deviceIdSchema = z.optional(text(200));

/** Length is bounded here only to cap hashing cost; the policy is checked separately. */
export const passwordSchema = z.string().check(z.minLength(1, 'Password is required'), z.maxLength(4096));

export const agreementsSchema = z.strictObject({
  email: z.optional(z.boolean()),
  sms: z.optional(z.boolean()),
  push: z.optional(z.boolean()),
  bluetooth: z.optional(z.boolean()),
  rfid: z.optional(z.boolean()),
  wifi: z.optional(z.boolean()),
});
export type Agreements = z.infer<typeof agreementsSchema>;

/** Attribute keys that name profile fields or system data, refused in free attributes. */
export const RESERVED_ATTRIBUTE_KEYS = [
  'clientId',
  'uuid',
  'email',
  'password',
  'status',
  'anonymous',
  'customId',
  'firstName',
  'lastName',
  'displayName',
  'phone',
  'sex',
  'birthDate',
  'company',
  'address',
  'city',
  'province',
  'zipCode',
  'countryCode',
  'agreements',
  'tags',
  'createdAt',
  'lastActivityDate',
  'avatarUrl',
  'snrs_email_confirmed',
] as const;
const RESERVED = new Set<string>(RESERVED_ATTRIBUTE_KEYS.map((k) => k.toLowerCase()));

const jsonValue: z.ZodMiniType<unknown> = z.unknown();
export const attributesSchema = z.record(z.string().check(z.minLength(1), z.maxLength(100)), jsonValue).check(
  z.refine((attrs) => Object.keys(attrs).length <= 100, 'At most 100 attributes'),
  z.superRefine((attrs, ctx) => {
    for (const key of Object.keys(attrs)) {
      if (RESERVED.has(key.toLowerCase()) || key.toLowerCase().startsWith('snrs_')) {
        ctx.issues.push({ code: 'custom', message: `"${key}" is a reserved attribute key`, input: key, path: [key] });
      }
    }
  }),
);
export const tagsSchema = z.array(text(100)).check(z.maxLength(100));

/** Profile fields a customer may set at registration and change later (never email or password). */
export const profileFields = {
  firstName: z.optional(name),
  lastName: z.optional(name),
  displayName: z.optional(name),
  phone: z.optional(line(40)),
  customId: z.optional(line(200)),
  sex: z.optional(z.enum(SEX_VALUES)),
  birthDate: z.optional(z.iso.date('Must be a date (YYYY-MM-DD)')),
  company: z.optional(name),
  address: z.optional(line(500)),
  city: z.optional(name),
  province: z.optional(name),
  zipCode: z.optional(line(20)),
  countryCode: z.optional(z.string().check(z.regex(new RegExp(`^[A-Z]{${COUNTRY_CODE_LENGTH}}$`), 'Must be a two-letter country code'))),
  avatarUrl: z.optional(z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL' }).check(z.maxLength(2000))),
  agreements: z.optional(agreementsSchema),
  attributes: z.optional(attributesSchema),
  tags: z.optional(tagsSchema),
};

// ---- auth -------------------------------------------------------------------------------------

export const anonymousLoginRequestSchema = z.strictObject({
  apiKey: apiKeySchema,
  uuid: uuidSchema,
  deviceId: deviceIdSchema,
});
export type AnonymousLoginRequest = z.infer<typeof anonymousLoginRequestSchema>;

export const IDENTITY_PROVIDERS = ['SYNERISE', 'OAUTH', 'FACEBOOK', 'GOOGLE', 'APPLE'] as const;
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number];
/** Providers whose token is an OpenID Connect ID token the server verifies itself (bound to a `nonce`). */
export const ID_TOKEN_PROVIDERS = ['GOOGLE', 'APPLE'] as const;
export type IdTokenProvider = (typeof ID_TOKEN_PROVIDERS)[number];
/** A nonce the browser made for one sign-in attempt, which the provider's ID token must carry. */
export const nonceSchema = z.string().check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only'));

/**
 * A version of the site's terms (`SNR_TERMS_VERSION`). A conditional sign-in answered
 * `TERMS_ACCEPTANCE_REQUIRED` is sent again with `acceptedTermsVersion` set to the version its
 * condition names, once the customer has accepted them.
 */
export const termsVersionSchema = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^\P{Cc}*$/u, 'Must be one line of text'));

const loginFields = z
  .strictObject({
    apiKey: apiKeySchema,
    uuid: uuidSchema,
    deviceId: deviceIdSchema,
    identityProvider: z.optional(z.enum(IDENTITY_PROVIDERS)),
    email: z.optional(emailSchema),
    password: z.optional(passwordSchema),
    identityProviderToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
    nonce: z.optional(nonceSchema),
    agreements: z.optional(agreementsSchema),
    attributes: z.optional(attributesSchema),
    acceptedTermsVersion: z.optional(termsVersionSchema),
  })
  .check(
    z.superRefine((body, ctx) => {
      const provider = body.identityProvider ?? 'SYNERISE';
      if (provider === 'SYNERISE') {
        if (body.email === undefined) ctx.issues.push({ code: 'custom', message: 'Email is required', input: body, path: ['email'] });
        if (body.password === undefined) ctx.issues.push({ code: 'custom', message: 'Password is required', input: body, path: ['password'] });
      } else if (body.identityProviderToken === undefined) {
        ctx.issues.push({ code: 'custom', message: 'identityProviderToken is required', input: body, path: ['identityProviderToken'] });
      }
      if ((provider === 'GOOGLE' || provider === 'APPLE') && body.nonce === undefined) {
        ctx.issues.push({ code: 'custom', message: `nonce is required with ${provider}`, input: body, path: ['nonce'] });
      }
    }),
  );
type LoginFields = z.infer<typeof loginFields>;
type LoginCommon = Pick<LoginFields, 'apiKey' | 'uuid' | 'deviceId' | 'agreements' | 'attributes' | 'nonce' | 'acceptedTermsVersion'>;

/** A login by email and password (`identityProvider` absent or `SYNERISE`). */
export type PasswordLoginRequest = LoginCommon & { identityProvider?: 'SYNERISE'; email: string; password: string };
/** A login by a provider's token, which the server checks with the provider. */
export type ProviderLoginRequest = LoginCommon & { identityProvider: Exclude<IdentityProvider, 'SYNERISE'>; identityProviderToken: string };
export type LoginRequest = PasswordLoginRequest | ProviderLoginRequest;

/**
 * `POST /sauth/v3/auth/login/client`: by password, or by a provider's token. The fields are checked
 * as one object (so a missing field is named as such); the answer is the union, discriminated by
 * `identityProvider`, that the server's handlers switch on.
 */
export const loginRequestSchema = z.pipe(
  loginFields,
  z.transform((body: LoginFields, ctx): LoginRequest => {
    const { identityProvider, email, password, identityProviderToken, ...common } = body;
    if (identityProvider !== undefined && identityProvider !== 'SYNERISE') {
      if (identityProviderToken !== undefined) return { ...common, identityProvider, identityProviderToken };
    } else if (email !== undefined && password !== undefined) {
      return { ...common, ...(identityProvider ? { identityProvider } : {}), email, password };
    }
    // Not reached: the check above refused such a body already.
    ctx.issues.push({ code: 'custom', message: 'The login is neither by password nor by a provider token', input: body });
    return z.NEVER;
  }),
);

export const REALMS = ['anonymous_client', 'client'] as const;
export type Realm = (typeof REALMS)[number];
export const TOKEN_ORIGINS = ['ANONYMOUS', 'SYNERISE', 'OAUTH', 'FACEBOOK', 'GOOGLE', 'APPLE', 'PASSKEY', 'EMAIL_CODE'] as const;
export type TokenOrigin = (typeof TOKEN_ORIGINS)[number];

export const tokenResponseSchema = z.object({
  token: z.string(),
  /** Epoch seconds. */
  expiration: z.number(),
  /** Epoch milliseconds. */
  created: z.number(),
  origin: z.enum(TOKEN_ORIGINS),
  realm: z.enum(REALMS),
  customId: z.optional(z.nullable(z.string())),
  uuid: uuidSchema,
  clientId: z.optional(z.number()),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/**
 * The seven answers of a conditional sign-in (Synerise's `ConditionalAuthStatus`): `SUCCESS` carries
 * a token; every other one says what stands between the customer and a token.
 */
export const CONDITIONAL_STATUSES = [
  'SUCCESS',
  'UNAUTHORIZED',
  'ACTIVATION_REQUIRED',
  'REGISTRATION_REQUIRED',
  'APPROVAL_REQUIRED',
  'TERMS_ACCEPTANCE_REQUIRED',
  'MFA_REQUIRED',
] as const;
export type ConditionalStatus = (typeof CONDITIONAL_STATUSES)[number];

/**
 * The kinds of condition this server names. `type` is read as any string, so a browser older than
 * the server shows its fallback step for a kind it does not know instead of refusing the answer.
 */
export const AUTH_CONDITION_TYPES = ['EMAIL_ACTIVATION', 'PIN_ACTIVATION', 'REGISTRATION', 'APPROVAL', 'TERMS_ACCEPTANCE', 'MFA'] as const;
export type AuthConditionType = (typeof AUTH_CONDITION_TYPES)[number];

/**
 * One condition of a conditional answer: an object, as in Synerise's `conditions: List<Object>`.
 * `type` names it; the other fields are its details: the terms to accept (`termsVersion`, `termsUrl`),
 * and, for later kinds, whatever they need (`methods`: the second factors a customer may use, and
 * `challenge`: what the second factor completes).
 */
export const authConditionSchema = z.object({
  type: z.string().check(z.minLength(1), z.maxLength(100)),
  termsVersion: z.optional(z.string()),
  termsUrl: z.optional(z.string()),
  methods: z.optional(z.array(z.string())),
  /** `MFA`: the short-lived, single-use challenge the second factor completes (`completeSignInWithSecondFactor`). */
  challenge: z.optional(z.string()),
});
export type AuthCondition = z.infer<typeof authConditionSchema>;

export const conditionalLoginResponseSchema = z.object({
  status: z.enum(CONDITIONAL_STATUSES),
  conditions: z.array(authConditionSchema),
  token: z.optional(tokenResponseSchema),
});
export type ConditionalLoginResponse = z.infer<typeof conditionalLoginResponseSchema>;

export const refreshRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema) });
export const logoutRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  fromAllDevices: z.optional(z.boolean()),
});
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;

// ---- registration and email links --------------------------------------------------------------

export const registerRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  email: emailSchema,
  password: passwordSchema,
  uuid: z.optional(uuidSchema),
  ...profileFields,
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

/**
 * `automatic`: signed in at once; `confirmation`: signed in, the email to be confirmed by link;
 * `activation`: no sign-in before the emailed link; `pin`: no sign-in before the emailed 6-digit
 * code; `approval`: no sign-in before the site's backend approves the account.
 */
export const REGISTRATION_MODES = ['automatic', 'confirmation', 'activation', 'pin', 'approval'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];
export const REGISTRATION_STATUSES = ['REGISTERED', 'CONFIRMATION_REQUIRED', 'ACTIVATION_REQUIRED', 'APPROVAL_REQUIRED'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const registerResponseSchema = z.object({
  status: z.enum(REGISTRATION_STATUSES),
  registrationMode: z.enum(REGISTRATION_MODES),
  clientId: z.number(),
  uuid: uuidSchema,
  /** True when the customer may sign in right away (automatic and confirmation modes). */
  canSignIn: z.boolean(),
});
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

export const emailRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), email: emailSchema });
export type EmailRequest = z.infer<typeof emailRequestSchema>;
export const emailTokenSchema = z.string().check(z.minLength(16), z.maxLength(200));
export const confirmationRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), token: emailTokenSchema });
export const passwordResetConfirmationSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  token: emailTokenSchema,
  password: passwordSchema,
});
export type PasswordResetConfirmation = z.infer<typeof passwordResetConfirmationSchema>;
export const acceptedResponseSchema = z.object({ status: z.literal('ACCEPTED') });

/** An emailed activation code: six digits (spaces and dashes a customer pasted are taken out first). */
export const activationPinSchema = z.string().check(z.regex(/^[0-9]{6}$/, 'Must be the 6-digit code from the email'));
/** `POST /v4/clients/activation/pin/confirmation`: the code and the email it was sent to (`pinCode` as the Synerise SDK names it). */
export const pinConfirmationRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), email: emailSchema, pinCode: activationPinSchema });
export type PinConfirmationRequest = z.infer<typeof pinConfirmationRequestSchema>;
export const okResponseSchema = z.object({ status: z.literal('OK') });

// ---- sign-in with an emailed code (passwordless) ------------------------------------------------

/** An emailed sign-in code: six digits (spaces and dashes a customer pasted are taken out by the Client first). */
export const signInCodeSchema = z.string().check(z.regex(/^[0-9]{6}$/, 'Must be the 6-digit code from the email'));
/** `POST /sauth/v3/auth/login/client/code/request`: mail a sign-in code to this address. */
export const signInCodeRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), email: emailSchema });
/**
 * The same answer for every address (an account or not): when the code (if one was sent) stops
 * working, and when a new one may be asked for, both in seconds.
 */
export const signInCodeRequestResponseSchema = z.object({ status: z.literal('ACCEPTED'), expiresIn: z.number(), resendAfter: z.number() });
export type SignInCodeRequestResponse = z.infer<typeof signInCodeRequestResponseSchema>;
/** `POST /sauth/v3/auth/login/client/code` (and `…/conditional`): the emailed code signs in, as a password does. */
export const signInWithCodeRequestSchema = z.strictObject({
  apiKey: apiKeySchema,
  uuid: uuidSchema,
  deviceId: deviceIdSchema,
  email: emailSchema,
  code: signInCodeSchema,
  acceptedTermsVersion: z.optional(termsVersionSchema),
});
export type SignInWithCodeRequest = z.infer<typeof signInWithCodeRequestSchema>;

// ---- my account ----------------------------------------------------------------------------------

export const changePasswordRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  oldPassword: passwordSchema,
  password: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** Asks to move the account to a new address: proven by the password or by a linked provider's token. */
export const emailChangeRequestSchema = z
  .strictObject({
    apiKey: z.optional(apiKeySchema),
    email: emailSchema,
    password: z.optional(passwordSchema),
    externalToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
    identityProvider: z.optional(z.enum(IDENTITY_PROVIDERS)),
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.password === undefined && body.externalToken === undefined)
        ctx.issues.push({ code: 'custom', message: 'The password (or a provider token) is required', input: body, path: ['password'] });
    }),
  );
export type EmailChangeRequest = z.infer<typeof emailChangeRequestSchema>;
export const emailChangeConfirmationSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  token: emailTokenSchema,
  /** The newsletter agreement for the new address (`agreements.email`); unchanged when absent. */
  newsletterAgreement: z.optional(z.boolean()),
});
export type EmailChangeConfirmation = z.infer<typeof emailChangeConfirmationSchema>;
/** Deletes the caller's own account: `clientAuthFactor` is the password (`SYNERISE`) or the provider's token. */
export const deleteAccountRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  clientAuthFactor: z.string().check(z.minLength(1, 'The password is required'), z.maxLength(8192)),
  identityProvider: z.optional(z.enum(IDENTITY_PROVIDERS)),
});
export type DeleteAccountRequest = z.infer<typeof deleteAccountRequestSchema>;

/**
 * `POST /v4/my-account/reauthentication-nonce`: a nonce for the Google or Apple ID token that proves
 * the customer again (email change, deletion). Single use, bound to the session, `expiration` in
 * epoch seconds; a newer one voids the older.
 */
export const reauthenticationNonceRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema) });
export const reauthenticationNonceResponseSchema = z.object({ nonce: nonceSchema, expiration: z.number() });
export type ReauthenticationNonce = z.infer<typeof reauthenticationNonceResponseSchema>;

export const updateAccountRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), ...profileFields });
export type UpdateAccountRequest = z.infer<typeof updateAccountRequestSchema>;

/**
 * `POST /v4/my-account/basic-information` (Synerise's `updateAccountBasicInformation`): what any
 * profile, an anonymous visitor's too, may say about itself. Never the email, the password, the
 * customId (the site's identifier) or tags.
 */
export const updateBasicInformationRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  firstName: profileFields.firstName,
  lastName: profileFields.lastName,
  displayName: profileFields.displayName,
  phone: profileFields.phone,
  sex: profileFields.sex,
  birthDate: profileFields.birthDate,
  company: profileFields.company,
  address: profileFields.address,
  city: profileFields.city,
  province: profileFields.province,
  zipCode: profileFields.zipCode,
  countryCode: profileFields.countryCode,
  agreements: profileFields.agreements,
  attributes: profileFields.attributes,
});
export type UpdateBasicInformationRequest = z.infer<typeof updateBasicInformationRequestSchema>;

const nullableText = z.nullable(z.string());
export const accountInformationSchema = z.object({
  clientId: z.number(),
  uuid: uuidSchema,
  email: z.string(),
  firstName: nullableText,
  lastName: nullableText,
  displayName: nullableText,
  phone: nullableText,
  customId: nullableText,
  sex: z.nullable(z.enum(SEX_VALUES)),
  birthDate: nullableText,
  company: nullableText,
  address: nullableText,
  city: nullableText,
  province: nullableText,
  zipCode: nullableText,
  countryCode: nullableText,
  avatarUrl: nullableText,
  agreements: z.object({
    email: z.boolean(),
    sms: z.boolean(),
    push: z.boolean(),
    bluetooth: z.boolean(),
    rfid: z.boolean(),
    wifi: z.boolean(),
  }),
  attributes: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  anonymous: z.boolean(),
  createdAt: z.string(),
  lastActivityDate: z.nullable(z.string()),
  /**
   * How this customer can prove it is them before an email change or a deletion: `SYNERISE` (the
   * password) and each provider linked to the account that is switched on. Absent from older servers.
   */
  identityProviders: z.optional(z.array(z.enum(IDENTITY_PROVIDERS))),
});
export type AccountInformation = z.infer<typeof accountInformationSchema>;

// ---- second factor (TOTP and recovery codes) -----------------------------------------------------

/** The second factors a sign-in may be completed with, as an `MFA` condition names them. */
export const SECOND_FACTOR_METHODS = ['TOTP', 'RECOVERY_CODE'] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];
/** A code of an authenticator app: six digits (spaces a customer pasted are taken out first). */
export const totpCodeSchema = z.string().check(z.regex(/^[0-9]{6}$/, 'Must be the 6-digit code from the authenticator app'));
/** A recovery code as shown (`xxxxx-xxxxx`); case, spaces and the dash are forgiven. */
export const recoveryCodeSchema = z.string().check(z.regex(/^[A-Za-z0-9]{5}[- ]?[A-Za-z0-9]{5}$/, 'Must be one of the recovery codes'));
/** The proof a second-factor route takes: an authenticator code, or (where allowed) a recovery code. */
const secondFactorProof = {
  code: z.optional(totpCodeSchema),
  recoveryCode: z.optional(recoveryCodeSchema),
};
const oneProof = z.superRefine((body: { code?: string | undefined; recoveryCode?: string | undefined }, ctx) => {
  if ((body.code === undefined) === (body.recoveryCode === undefined))
    ctx.issues.push({ code: 'custom', message: 'Give the code from the authenticator app, or one recovery code', input: body, path: ['code'] });
});
/** `GET /v4/my-account/second-factor`: whether the account has an authenticator, and how many recovery codes are left. */
export const secondFactorStatusSchema = z.object({
  totp: z.enum(['NONE', 'PENDING', 'ACTIVE']),
  recoveryCodesLeft: z.number(),
});
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;
/** Starts (or starts again) an authenticator's enrolment: the secret, as a URI, as text, and as a QR code. */
export const totpEnrollmentSchema = z.object({
  /** `otpauth://totp/…`, what the QR code holds. */
  uri: z.string(),
  /** The key as text (base32), for apps that take it typed. */
  secret: z.string(),
  /** The QR code as an SVG document, made by the server. */
  qrSvg: z.string(),
});
export type TotpEnrollment = z.infer<typeof totpEnrollmentSchema>;
/** Starting an enrolment takes nothing but the caller's token (and, as every body may, the API key). */
export const enrollTotpRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema) });
export const totpCodeRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), code: totpCodeSchema });
export type TotpCodeRequest = z.infer<typeof totpCodeRequestSchema>;
/** Turning the factor off: a current code, or a recovery code (for a customer who lost the device). */
export const disableTotpRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), ...secondFactorProof }).check(oneProof);
/** Ten single-use recovery codes, shown once. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
/** `POST /sauth/v3/auth/login/client/mfa`: the challenge of an `MFA_REQUIRED` answer and its second factor. */
export const secondFactorSignInRequestSchema = z
  .strictObject({ apiKey: z.optional(apiKeySchema), challenge: z.string().check(z.minLength(16), z.maxLength(200)), ...secondFactorProof })
  .check(oneProof);
export type SecondFactorSignInRequest = z.infer<typeof secondFactorSignInRequestSchema>;

// ---- my sessions (signed-in devices) ---------------------------------------------------------------

/** How the server reads a session's device from its user agent. */
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet', 'other'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
/**
 * One of the customer's signed-in sessions (`GET /v4/my-account/sessions`). `id` is opaque (not the
 * token's `sid`); names come from the user agent the session was opened with, read by the server
 * (null when it did not say); times are epoch ms on the server's clock, `lastActiveAt` at most a few
 * minutes stale.
 */
export const customerSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.number(),
  lastActiveAt: z.number(),
  browser: nullableText,
  os: nullableText,
  device: nullableText,
  deviceType: z.enum(DEVICE_TYPES),
});
export type CustomerSession = z.infer<typeof customerSessionSchema>;
export const customerSessionsResponseSchema = z.object({ sessions: z.array(customerSessionSchema) });
export type CustomerSessionsResponse = z.infer<typeof customerSessionsResponseSchema>;
export const signOutOtherSessionsRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema) });
/** `signedOut`: how many sessions ended. */
export const signOutOtherSessionsResponseSchema = z.object({ status: z.literal('OK'), signedOut: z.number() });

// ---- events --------------------------------------------------------------------------------------

export const eventSchema = z.strictObject({
  action: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[A-Za-z0-9_.:\-/]+$/, 'Letters, digits and _ . : - / only')),
  label: z.optional(text(500)),
  time: z.iso.datetime({ offset: true }),
  params: z.optional(z.record(z.string().check(z.maxLength(100)), jsonValue)),
  eventSalt: z.string().check(z.minLength(8), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only')),
  client: z.strictObject({ uuid: uuidSchema }),
});
export type TrackedEvent = z.infer<typeof eventSchema>;
export const eventBatchSchema = z
  .array(eventSchema)
  .check(z.minLength(1, 'At least one event'), z.maxLength(MAX_EVENTS_PER_BATCH, `At most ${MAX_EVENTS_PER_BATCH} events per batch`));
export const eventBatchResponseSchema = z.object({
  status: z.literal('ACCEPTED'),
  received: z.number(),
  duplicates: z.number(),
});
export type EventBatchResponse = z.infer<typeof eventBatchResponseSchema>;

// ---- site backend (server to server, never the browser) ------------------------------------------

/** `POST /v4/clients`: the site's backend links a UUID to a customer it knows. */
export const recognizeRequestSchema = z
  .strictObject({
    uuid: uuidSchema,
    email: z.optional(emailSchema),
    ...profileFields,
  })
  .check(
    z.superRefine((body, ctx) => {
      if (body.email === undefined && body.customId === undefined) {
        ctx.issues.push({ code: 'custom', message: 'email or customId is required', input: body, path: ['email'] });
      }
    }),
  );
export type RecognizeRequest = z.infer<typeof recognizeRequestSchema>;
export const recognizeResponseSchema = z.object({
  clientId: z.number(),
  uuid: uuidSchema,
  /** True when the customer was created by this call. */
  created: z.boolean(),
});
export type RecognizeResponse = z.infer<typeof recognizeResponseSchema>;

/** `POST /v4/clients/{clientId}/approve`: no fields (the body may be left out). */
export const approveRequestSchema = z.strictObject({});

// ---- public ----------------------------------------------------------------------------------------

export const publicConfigSchema = z.object({
  registrationMode: z.enum(REGISTRATION_MODES),
  passwordPolicy: passwordPolicySchema,
  tokenLifetime: z.number(),
  facebookAppId: z.optional(z.string()),
  oauthEnabled: z.boolean(),
  agreements: z.array(z.enum(AGREEMENT_NAMES)),
  /** Google and Apple sign-in: the client id the browser's provider script is initialised with (absent: disabled). */
  googleClientId: z.optional(z.string()),
  appleClientId: z.optional(z.string()),
  /** Passkeys (WebAuthn) are on: customers may add them and sign in with them (absent: an older server, off). */
  passkeys: z.optional(z.boolean()),
  /** A newcomer may register with a passkey and no password (`SNR_PASSKEY_REGISTRATION`). */
  passkeyRegistration: z.optional(z.boolean()),
  /**
   * The ways to sign in that are on (`SNR_SIGN_IN_METHODS`): `password`, `code`, `passkey`. Read as
   * any string, so a browser older than the server ignores a method it does not know; absent (an
   * older server): `password` only.
   */
  signInMethods: z.optional(z.array(z.string().check(z.maxLength(40)))),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export const healthResponseSchema = z.object({ status: z.enum(['ok', 'unavailable']) });

/** The claims of every token the server signs. */
export const tokenClaimsSchema = z.object({
  iss: z.string(),
  aud: z.string(),
  sub: z.string(),
  uuid: uuidSchema,
  clientId: z.optional(z.number()),
  rlm: z.enum(REALMS),
  origin: z.enum(TOKEN_ORIGINS),
  sid: z.string(),
  iat: z.number(),
  exp: z.number(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

// ---- passkeys (WebAuthn) ----------------------------------------------------------------------------

/** Base64url text (WebAuthn's JSON encoding of bytes), bounded. */
const base64url = (max: number) => z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+$/, 'Must be base64url'));
const credentialDescriptorSchema = z.object({
  id: base64url(1400),
  type: z.literal('public-key'),
  transports: z.optional(z.array(z.string())),
});
const extensionsSchema = z.record(z.string(), z.unknown());

/** What `navigator.credentials.create()` is given, in WebAuthn's JSON form (`PublicKeyCredentialCreationOptionsJSON`). */
export const passkeyCreationOptionsSchema = z.object({
  challenge: base64url(200),
  rp: z.object({ name: z.string(), id: z.optional(z.string()) }),
  user: z.object({ id: base64url(200), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
  timeout: z.optional(z.number()),
  excludeCredentials: z.optional(z.array(credentialDescriptorSchema)),
  authenticatorSelection: z.optional(
    z.object({
      authenticatorAttachment: z.optional(z.string()),
      residentKey: z.optional(z.string()),
      requireResidentKey: z.optional(z.boolean()),
      userVerification: z.optional(z.string()),
    }),
  ),
  hints: z.optional(z.array(z.string())),
  attestation: z.optional(z.string()),
  extensions: z.optional(extensionsSchema),
});
export type PasskeyCreationOptions = z.infer<typeof passkeyCreationOptionsSchema>;

/** What `navigator.credentials.get()` is given (`PublicKeyCredentialRequestOptionsJSON`). */
export const passkeyRequestOptionsSchema = z.object({
  challenge: base64url(200),
  timeout: z.optional(z.number()),
  rpId: z.optional(z.string()),
  allowCredentials: z.optional(z.array(credentialDescriptorSchema)),
  userVerification: z.optional(z.string()),
  hints: z.optional(z.array(z.string())),
  extensions: z.optional(extensionsSchema),
});
export type PasskeyRequestOptions = z.infer<typeof passkeyRequestOptionsSchema>;

/** A new credential as the browser answers it (`RegistrationResponseJSON`). */
export const passkeyRegistrationCredentialSchema = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    attestationObject: base64url(65536),
    authenticatorData: z.optional(base64url(65536)),
    transports: z.optional(z.array(z.string().check(z.maxLength(32))).check(z.maxLength(10))),
    publicKeyAlgorithm: z.optional(z.number()),
    publicKey: z.optional(base64url(8192)),
  }),
  authenticatorAttachment: z.optional(z.string().check(z.maxLength(32))),
  clientExtensionResults: z.optional(extensionsSchema),
});
export type PasskeyRegistrationCredential = z.infer<typeof passkeyRegistrationCredentialSchema>;

/** A signed assertion as the browser answers it (`AuthenticationResponseJSON`). */
export const passkeyAssertionSchema = z.object({
  id: base64url(1400),
  rawId: base64url(1400),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url(8192),
    authenticatorData: base64url(65536),
    signature: base64url(8192),
    userHandle: z.optional(base64url(200)),
  }),
  authenticatorAttachment: z.optional(z.string().check(z.maxLength(32))),
  clientExtensionResults: z.optional(extensionsSchema),
});
export type PasskeyAssertion = z.infer<typeof passkeyAssertionSchema>;

/** A passkey's name, as the customer gives it. */
export const passkeyNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'The name is required'), z.maxLength(64), z.regex(/^\P{Cc}*$/u, 'Must be one line of text, without control characters'));

/** One passkey of the signed-in customer, as the list shows it. */
export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  /** `multiDevice`: synced (e.g. by a password manager); `singleDevice`: bound to one authenticator. */
  deviceType: z.enum(['singleDevice', 'multiDevice']),
  backedUp: z.boolean(),
  transports: z.array(z.string()),
});
export type Passkey = z.infer<typeof passkeySchema>;
export const passkeyListSchema = z.array(passkeySchema);

export const passkeyRegistrationRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  credential: passkeyRegistrationCredentialSchema,
  name: z.optional(passkeyNameSchema),
});
export const passkeyRenameRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema), name: passkeyNameSchema });
/** Removing a passkey is proven again: the password, or a fresh assertion of one of the account's passkeys. */
export const passkeyRemovalRequestSchema = z
  .strictObject({ apiKey: z.optional(apiKeySchema), password: z.optional(passwordSchema), assertion: z.optional(passkeyAssertionSchema) })
  .check(
    z.refine((b) => (b.password === undefined) !== (b.assertion === undefined), {
      message: 'Prove it is you: the password or a passkey (one of them)',
      path: ['password'],
    }),
  );
export type PasskeyRemovalRequest = z.infer<typeof passkeyRemovalRequestSchema>;
export const customerOnlyRequestSchema = z.strictObject({ apiKey: z.optional(apiKeySchema) });

/** `POST …/passkey/options` of sign-in: with an email, its passkeys are named; without, any passkey of the site may answer. */
export const passkeySignInOptionsRequestSchema = z.strictObject({ apiKey: apiKeySchema, email: z.optional(emailSchema) });
export const passkeySignInRequestSchema = z.strictObject({
  apiKey: apiKeySchema,
  uuid: uuidSchema,
  deviceId: deviceIdSchema,
  credential: passkeyAssertionSchema,
  /** As with a password: the terms' version the customer has just accepted, after a `TERMS_ACCEPTANCE_REQUIRED`. */
  acceptedTermsVersion: z.optional(termsVersionSchema),
});
export type PasskeySignInRequest = z.infer<typeof passkeySignInRequestSchema>;

/** Registration with a passkey and no password: the registration's fields, less the password. */
export const passkeyRegistrationOptionsRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  email: emailSchema,
  uuid: z.optional(uuidSchema),
  ...profileFields,
});
export type PasskeyRegistrationOptionsRequest = z.infer<typeof passkeyRegistrationOptionsRequestSchema>;
export const passkeyAccountRegistrationRequestSchema = z.strictObject({
  apiKey: z.optional(apiKeySchema),
  uuid: z.optional(uuidSchema),
  credential: passkeyRegistrationCredentialSchema,
  name: z.optional(passkeyNameSchema),
});
/** The registration's answer; with `token` when the registration mode lets the newcomer in at once (the passkey proved them). */
export const passkeyAccountRegistrationResponseSchema = z.object({
  status: z.enum(REGISTRATION_STATUSES),
  registrationMode: z.enum(REGISTRATION_MODES),
  clientId: z.number(),
  uuid: uuidSchema,
  canSignIn: z.boolean(),
  token: z.optional(tokenResponseSchema),
});
export type PasskeyAccountRegistrationResponse = z.infer<typeof passkeyAccountRegistrationResponseSchema>;
