// test/support/server.ts
import { randomUUID as randomUUID4 } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";
import { isDeepStrictEqual } from "node:util";
import pg2 from "pg";

// src/contract/errors.ts
import * as z from "zod/mini";
var ERROR_CODES = [
  // request shape
  "VALIDATION_FAILED",
  "MALFORMED_JSON",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "PASSWORD_POLICY",
  // who is calling
  "UNKNOWN_API_KEY",
  "ORIGIN_NOT_ALLOWED",
  "TOKEN_MISSING",
  "TOKEN_INVALID",
  "TOKEN_EXPIRED",
  "SESSION_REVOKED",
  "API_KEY_MISMATCH",
  "FORBIDDEN_FOR_ANONYMOUS",
  "BACKEND_KEY_REQUIRED",
  "BACKEND_NOT_CONFIGURED",
  // accounts
  "INVALID_CREDENTIALS",
  "ACTIVATION_REQUIRED",
  "REGISTRATION_REQUIRED",
  "EMAIL_TAKEN",
  "CUSTOM_ID_TAKEN",
  "ALREADY_CONFIRMED",
  "EMAIL_TOKEN_INVALID",
  "SIGNED_IN",
  "ACTIVATION_PIN_INVALID",
  "APPROVAL_REQUIRED",
  "TERMS_ACCEPTANCE_REQUIRED",
  // providers
  "PROVIDER_DISABLED",
  "PROVIDER_REJECTED",
  "PROVIDER_TIMEOUT",
  "PROVIDER_UNAVAILABLE",
  // server state
  "RATE_LIMITED",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "UNAVAILABLE",
  "INTERNAL_ERROR",
  // browser only: the request never got an answer from the server
  "NETWORK_ERROR",
  "TIMEOUT",
  "INVALID_RESPONSE",
  "SESSION_EXPIRATION",
  // browser only: an identity provider's own window (Facebook's log-in pop-up)
  "PROVIDER_CANCELLED",
  "POPUP_BLOCKED"
];
var errorCodeSchema = z.enum(ERROR_CODES);
var fieldErrorSchema = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
  rejectedValue: z.optional(z.unknown())
});
var errorBodySchema = z.object({
  error: z.string(),
  status: z.number(),
  code: errorCodeSchema,
  message: z.string(),
  path: z.string(),
  timestamp: z.string(),
  errors: z.optional(z.array(fieldErrorSchema)),
  retryAfter: z.optional(z.number())
});
var STATUS_TEXT = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
};

// src/contract/schemas.ts
import * as z2 from "zod/mini";

// src/contract/values.ts
var AGREEMENT_NAMES = ["email", "sms", "push", "bluetooth", "rfid", "wifi"];
var SEX_VALUES = ["FEMALE", "MALE", "OTHER", "NOT_SPECIFIED"];
var MAX_EVENTS_PER_BATCH = 100;
var COUNTRY_CODE_LENGTH = 2;

// src/contract/schemas.ts
var passwordPolicySchema = z2.object({
  minLength: z2.int().check(z2.minimum(1), z2.maximum(1024)),
  maxLength: z2.int().check(z2.minimum(1), z2.maximum(1024)),
  requireUpper: z2.boolean(),
  requireLower: z2.boolean(),
  requireDigit: z2.boolean(),
  requireSymbol: z2.boolean()
});
var text = (max) => z2.string().check(z2.maxLength(max));
var wellFormed = z2.regex(/^\P{Cs}*$/u, "Must be text without an unpaired surrogate (U+D800\u2013U+DFFF)");
var line = (max) => z2.string().check(z2.maxLength(max), z2.regex(/^\P{Cc}*$/u, "Must be one line of text, without control characters"), wellFormed);
var name = line(200);
var uuidSchema = z2.string().check(z2.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "Must be a UUID"));
var emailSchema = z2.string().check(z2.trim(), z2.toLowerCase(), z2.maxLength(254), z2.email("Must be an email address"));
var apiKeySchema = z2.string().check(z2.minLength(1), z2.maxLength(200));
var deviceIdSchema = z2.optional(text(200));
var passwordSchema = z2.string().check(z2.minLength(1, "Password is required"), z2.maxLength(4096));
var agreementsSchema = z2.strictObject({
  email: z2.optional(z2.boolean()),
  sms: z2.optional(z2.boolean()),
  push: z2.optional(z2.boolean()),
  bluetooth: z2.optional(z2.boolean()),
  rfid: z2.optional(z2.boolean()),
  wifi: z2.optional(z2.boolean())
});
var RESERVED_ATTRIBUTE_KEYS = [
  "clientId",
  "uuid",
  "email",
  "password",
  "status",
  "anonymous",
  "customId",
  "firstName",
  "lastName",
  "displayName",
  "phone",
  "sex",
  "birthDate",
  "company",
  "address",
  "city",
  "province",
  "zipCode",
  "countryCode",
  "agreements",
  "tags",
  "createdAt",
  "lastActivityDate",
  "avatarUrl",
  "snrs_email_confirmed"
];
var RESERVED = new Set(RESERVED_ATTRIBUTE_KEYS.map((k) => k.toLowerCase()));
var jsonValue = z2.unknown();
var attributesSchema = z2.record(z2.string().check(z2.minLength(1), z2.maxLength(100)), jsonValue).check(
  z2.refine((attrs) => Object.keys(attrs).length <= 100, "At most 100 attributes"),
  z2.superRefine((attrs, ctx) => {
    for (const key of Object.keys(attrs)) {
      if (RESERVED.has(key.toLowerCase()) || key.toLowerCase().startsWith("snrs_")) {
        ctx.issues.push({ code: "custom", message: `"${key}" is a reserved attribute key`, input: key, path: [key] });
      }
    }
  })
);
var tagsSchema = z2.array(text(100)).check(z2.maxLength(100));
var profileFields = {
  firstName: z2.optional(name),
  lastName: z2.optional(name),
  displayName: z2.optional(name),
  phone: z2.optional(line(40)),
  customId: z2.optional(line(200)),
  sex: z2.optional(z2.enum(SEX_VALUES)),
  birthDate: z2.optional(z2.iso.date("Must be a date (YYYY-MM-DD)")),
  company: z2.optional(name),
  address: z2.optional(line(500)),
  city: z2.optional(name),
  province: z2.optional(name),
  zipCode: z2.optional(line(20)),
  countryCode: z2.optional(z2.string().check(z2.regex(new RegExp(`^[A-Z]{${COUNTRY_CODE_LENGTH}}$`), "Must be a two-letter country code"))),
  avatarUrl: z2.optional(z2.url({ protocol: /^https?$/, error: "Must be an http(s) URL" }).check(z2.maxLength(2e3))),
  agreements: z2.optional(agreementsSchema),
  attributes: z2.optional(attributesSchema),
  tags: z2.optional(tagsSchema)
};
var anonymousLoginRequestSchema = z2.strictObject({
  apiKey: apiKeySchema,
  uuid: uuidSchema,
  deviceId: deviceIdSchema
});
var IDENTITY_PROVIDERS = ["SYNERISE", "OAUTH", "FACEBOOK", "GOOGLE", "APPLE"];
var nonceSchema = z2.string().check(z2.minLength(16), z2.maxLength(128), z2.regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, _ and - only"));
var termsVersionSchema = z2.string().check(z2.minLength(1), z2.maxLength(100), z2.regex(/^\P{Cc}*$/u, "Must be one line of text"));
var loginFields = z2.strictObject({
  apiKey: apiKeySchema,
  uuid: uuidSchema,
  deviceId: deviceIdSchema,
  identityProvider: z2.optional(z2.enum(IDENTITY_PROVIDERS)),
  email: z2.optional(emailSchema),
  password: z2.optional(passwordSchema),
  identityProviderToken: z2.optional(z2.string().check(z2.minLength(1), z2.maxLength(8192))),
  nonce: z2.optional(nonceSchema),
  agreements: z2.optional(agreementsSchema),
  attributes: z2.optional(attributesSchema),
  acceptedTermsVersion: z2.optional(termsVersionSchema)
}).check(
  z2.superRefine((body, ctx) => {
    const provider = body.identityProvider ?? "SYNERISE";
    if (provider === "SYNERISE") {
      if (body.email === void 0) ctx.issues.push({ code: "custom", message: "Email is required", input: body, path: ["email"] });
      if (body.password === void 0) ctx.issues.push({ code: "custom", message: "Password is required", input: body, path: ["password"] });
    } else if (body.identityProviderToken === void 0) {
      ctx.issues.push({ code: "custom", message: "identityProviderToken is required", input: body, path: ["identityProviderToken"] });
    }
    if ((provider === "GOOGLE" || provider === "APPLE") && body.nonce === void 0) {
      ctx.issues.push({ code: "custom", message: `nonce is required with ${provider}`, input: body, path: ["nonce"] });
    }
  })
);
var loginRequestSchema = z2.pipe(
  loginFields,
  z2.transform((body, ctx) => {
    const { identityProvider, email: email2, password, identityProviderToken, ...common } = body;
    if (identityProvider !== void 0 && identityProvider !== "SYNERISE") {
      if (identityProviderToken !== void 0) return { ...common, identityProvider, identityProviderToken };
    } else if (email2 !== void 0 && password !== void 0) {
      return { ...common, ...identityProvider ? { identityProvider } : {}, email: email2, password };
    }
    ctx.issues.push({ code: "custom", message: "The login is neither by password nor by a provider token", input: body });
    return z2.NEVER;
  })
);
var REALMS = ["anonymous_client", "client"];
var TOKEN_ORIGINS = ["ANONYMOUS", "SYNERISE", "OAUTH", "FACEBOOK", "GOOGLE", "APPLE"];
var tokenResponseSchema = z2.object({
  token: z2.string(),
  /** Epoch seconds. */
  expiration: z2.number(),
  /** Epoch milliseconds. */
  created: z2.number(),
  origin: z2.enum(TOKEN_ORIGINS),
  realm: z2.enum(REALMS),
  customId: z2.optional(z2.nullable(z2.string())),
  uuid: uuidSchema,
  clientId: z2.optional(z2.number())
});
var CONDITIONAL_STATUSES = [
  "SUCCESS",
  "UNAUTHORIZED",
  "ACTIVATION_REQUIRED",
  "REGISTRATION_REQUIRED",
  "APPROVAL_REQUIRED",
  "TERMS_ACCEPTANCE_REQUIRED",
  "MFA_REQUIRED"
];
var authConditionSchema = z2.object({
  type: z2.string().check(z2.minLength(1), z2.maxLength(100)),
  termsVersion: z2.optional(z2.string()),
  termsUrl: z2.optional(z2.string()),
  methods: z2.optional(z2.array(z2.string()))
});
var conditionalLoginResponseSchema = z2.object({
  status: z2.enum(CONDITIONAL_STATUSES),
  conditions: z2.array(authConditionSchema),
  token: z2.optional(tokenResponseSchema)
});
var refreshRequestSchema = z2.strictObject({ apiKey: z2.optional(apiKeySchema) });
var logoutRequestSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  fromAllDevices: z2.optional(z2.boolean())
});
var registerRequestSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  email: emailSchema,
  password: passwordSchema,
  uuid: z2.optional(uuidSchema),
  ...profileFields
});
var REGISTRATION_MODES = ["automatic", "confirmation", "activation", "pin", "approval"];
var REGISTRATION_STATUSES = ["REGISTERED", "CONFIRMATION_REQUIRED", "ACTIVATION_REQUIRED", "APPROVAL_REQUIRED"];
var registerResponseSchema = z2.object({
  status: z2.enum(REGISTRATION_STATUSES),
  registrationMode: z2.enum(REGISTRATION_MODES),
  clientId: z2.number(),
  uuid: uuidSchema,
  /** True when the customer may sign in right away (automatic and confirmation modes). */
  canSignIn: z2.boolean()
});
var emailRequestSchema = z2.strictObject({ apiKey: z2.optional(apiKeySchema), email: emailSchema });
var emailTokenSchema = z2.string().check(z2.minLength(16), z2.maxLength(200));
var confirmationRequestSchema = z2.strictObject({ apiKey: z2.optional(apiKeySchema), token: emailTokenSchema });
var passwordResetConfirmationSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  token: emailTokenSchema,
  password: passwordSchema
});
var acceptedResponseSchema = z2.object({ status: z2.literal("ACCEPTED") });
var activationPinSchema = z2.string().check(z2.regex(/^[0-9]{6}$/, "Must be the 6-digit code from the email"));
var pinConfirmationRequestSchema = z2.strictObject({ apiKey: z2.optional(apiKeySchema), email: emailSchema, pinCode: activationPinSchema });
var okResponseSchema = z2.object({ status: z2.literal("OK") });
var changePasswordRequestSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  oldPassword: passwordSchema,
  password: passwordSchema
});
var emailChangeRequestSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  email: emailSchema,
  password: z2.optional(passwordSchema),
  externalToken: z2.optional(z2.string().check(z2.minLength(1), z2.maxLength(8192))),
  identityProvider: z2.optional(z2.enum(IDENTITY_PROVIDERS))
}).check(
  z2.superRefine((body, ctx) => {
    if (body.password === void 0 && body.externalToken === void 0)
      ctx.issues.push({ code: "custom", message: "The password (or a provider token) is required", input: body, path: ["password"] });
  })
);
var emailChangeConfirmationSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  token: emailTokenSchema,
  /** The newsletter agreement for the new address (`agreements.email`); unchanged when absent. */
  newsletterAgreement: z2.optional(z2.boolean())
});
var deleteAccountRequestSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
  clientAuthFactor: z2.string().check(z2.minLength(1, "The password is required"), z2.maxLength(8192)),
  identityProvider: z2.optional(z2.enum(IDENTITY_PROVIDERS))
});
var updateAccountRequestSchema = z2.strictObject({ apiKey: z2.optional(apiKeySchema), ...profileFields });
var updateBasicInformationRequestSchema = z2.strictObject({
  apiKey: z2.optional(apiKeySchema),
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
  attributes: profileFields.attributes
});
var nullableText = z2.nullable(z2.string());
var accountInformationSchema = z2.object({
  clientId: z2.number(),
  uuid: uuidSchema,
  email: z2.string(),
  firstName: nullableText,
  lastName: nullableText,
  displayName: nullableText,
  phone: nullableText,
  customId: nullableText,
  sex: z2.nullable(z2.enum(SEX_VALUES)),
  birthDate: nullableText,
  company: nullableText,
  address: nullableText,
  city: nullableText,
  province: nullableText,
  zipCode: nullableText,
  countryCode: nullableText,
  avatarUrl: nullableText,
  agreements: z2.object({
    email: z2.boolean(),
    sms: z2.boolean(),
    push: z2.boolean(),
    bluetooth: z2.boolean(),
    rfid: z2.boolean(),
    wifi: z2.boolean()
  }),
  attributes: z2.record(z2.string(), z2.unknown()),
  tags: z2.array(z2.string()),
  anonymous: z2.boolean(),
  createdAt: z2.string(),
  lastActivityDate: z2.nullable(z2.string())
});
var eventSchema = z2.strictObject({
  action: z2.string().check(z2.minLength(1), z2.maxLength(100), z2.regex(/^[A-Za-z0-9_.:\-/]+$/, "Letters, digits and _ . : - / only")),
  label: z2.optional(text(500)),
  time: z2.iso.datetime({ offset: true }),
  params: z2.optional(z2.record(z2.string().check(z2.maxLength(100)), jsonValue)),
  eventSalt: z2.string().check(z2.minLength(8), z2.maxLength(64), z2.regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, _ and - only")),
  client: z2.strictObject({ uuid: uuidSchema })
});
var eventBatchSchema = z2.array(eventSchema).check(z2.minLength(1, "At least one event"), z2.maxLength(MAX_EVENTS_PER_BATCH, `At most ${MAX_EVENTS_PER_BATCH} events per batch`));
var eventBatchResponseSchema = z2.object({
  status: z2.literal("ACCEPTED"),
  received: z2.number(),
  duplicates: z2.number()
});
var recognizeRequestSchema = z2.strictObject({
  uuid: uuidSchema,
  email: z2.optional(emailSchema),
  ...profileFields
}).check(
  z2.superRefine((body, ctx) => {
    if (body.email === void 0 && body.customId === void 0) {
      ctx.issues.push({ code: "custom", message: "email or customId is required", input: body, path: ["email"] });
    }
  })
);
var recognizeResponseSchema = z2.object({
  clientId: z2.number(),
  uuid: uuidSchema,
  /** True when the customer was created by this call. */
  created: z2.boolean()
});
var approveRequestSchema = z2.strictObject({});
var publicConfigSchema = z2.object({
  registrationMode: z2.enum(REGISTRATION_MODES),
  passwordPolicy: passwordPolicySchema,
  tokenLifetime: z2.number(),
  facebookAppId: z2.optional(z2.string()),
  oauthEnabled: z2.boolean(),
  agreements: z2.array(z2.enum(AGREEMENT_NAMES)),
  /** Google and Apple sign-in: the client id the browser's provider script is initialised with (absent: disabled). */
  googleClientId: z2.optional(z2.string()),
  appleClientId: z2.optional(z2.string())
});
var healthResponseSchema = z2.object({ status: z2.enum(["ok", "unavailable"]) });
var tokenClaimsSchema = z2.object({
  iss: z2.string(),
  aud: z2.string(),
  sub: z2.string(),
  uuid: uuidSchema,
  clientId: z2.optional(z2.number()),
  rlm: z2.enum(REALMS),
  origin: z2.enum(TOKEN_ORIGINS),
  sid: z2.string(),
  iat: z2.number(),
  exp: z2.number()
});

// src/contract/routes.ts
var route = (r) => r;
var ROUTES = {
  anonymousLogin: route({
    method: "POST",
    path: "/sauth/v3/auth/login/client/anonymous",
    auth: "apiKey",
    status: 200,
    request: anonymousLoginRequestSchema,
    response: tokenResponseSchema
  }),
  login: route({
    method: "POST",
    path: "/sauth/v3/auth/login/client",
    auth: "apiKey",
    status: 200,
    request: loginRequestSchema,
    response: tokenResponseSchema
  }),
  loginConditionally: route({
    method: "POST",
    path: "/sauth/v3/auth/login/client/conditional",
    auth: "apiKey",
    status: 200,
    request: loginRequestSchema,
    response: conditionalLoginResponseSchema
  }),
  refreshToken: route({
    method: "POST",
    path: "/sauth/v3/auth/refresh/client",
    auth: "token",
    status: 200,
    request: refreshRequestSchema,
    response: tokenResponseSchema
  }),
  signOut: route({ method: "POST", path: "/sauth/v3/auth/logout/client", auth: "token", status: 204, request: logoutRequestSchema }),
  registerAccount: route({
    method: "POST",
    path: "/sauth/clients/registered",
    auth: "keyOrToken",
    status: 201,
    request: registerRequestSchema,
    response: registerResponseSchema
  }),
  registerAccountV4: route({
    method: "POST",
    path: "/v4/clients/registered",
    auth: "keyOrToken",
    status: 201,
    request: registerRequestSchema,
    response: registerResponseSchema
  }),
  requestAccountActivation: route({
    method: "POST",
    path: "/v4/clients/activation/request",
    auth: "keyOrToken",
    status: 202,
    request: emailRequestSchema,
    response: acceptedResponseSchema
  }),
  confirmAccountActivation: route({
    method: "POST",
    path: "/v4/clients/activation/confirmation",
    auth: "keyOrToken",
    status: 200,
    request: confirmationRequestSchema,
    response: okResponseSchema
  }),
  requestAccountActivationByPin: route({
    method: "POST",
    path: "/v4/clients/activation/pin/request",
    auth: "keyOrToken",
    status: 202,
    request: emailRequestSchema,
    response: acceptedResponseSchema
  }),
  confirmAccountActivationByPin: route({
    method: "POST",
    path: "/v4/clients/activation/pin/confirmation",
    auth: "keyOrToken",
    status: 200,
    request: pinConfirmationRequestSchema,
    response: okResponseSchema
  }),
  requestPasswordReset: route({
    method: "POST",
    path: "/v4/clients/password-reset/request",
    auth: "keyOrToken",
    status: 202,
    request: emailRequestSchema,
    response: acceptedResponseSchema
  }),
  confirmPasswordReset: route({
    method: "POST",
    path: "/v4/clients/password-reset/confirmation",
    auth: "keyOrToken",
    status: 200,
    request: passwordResetConfirmationSchema,
    response: okResponseSchema
  }),
  changePassword: route({
    method: "POST",
    path: "/v4/my-account/change-password",
    auth: "customer",
    status: 200,
    request: changePasswordRequestSchema,
    response: okResponseSchema
  }),
  requestEmailChange: route({
    method: "POST",
    path: "/v4/my-account/email-change/request",
    auth: "customer",
    status: 202,
    request: emailChangeRequestSchema,
    response: acceptedResponseSchema
  }),
  confirmEmailChange: route({
    method: "POST",
    path: "/v4/my-account/email-change/confirmation",
    auth: "keyOrToken",
    status: 200,
    request: emailChangeConfirmationSchema,
    response: okResponseSchema
  }),
  deleteAccount: route({ method: "POST", path: "/v4/my-account/delete-account", auth: "customer", status: 204, request: deleteAccountRequestSchema }),
  getAccount: route({ method: "GET", path: "/v4/my-account/personal-information", auth: "customer", status: 200, response: accountInformationSchema }),
  updateAccount: route({
    method: "POST",
    path: "/v4/my-account/personal-information",
    auth: "customer",
    status: 200,
    request: updateAccountRequestSchema,
    response: accountInformationSchema
  }),
  updateAccountBasicInformation: route({
    method: "POST",
    path: "/v4/my-account/basic-information",
    auth: "token",
    status: 200,
    request: updateBasicInformationRequestSchema,
    response: okResponseSchema
  }),
  trackEvents: route({
    method: "POST",
    path: "/v4/events/batch",
    auth: "token",
    status: 202,
    request: eventBatchSchema,
    response: eventBatchResponseSchema
  }),
  recognizeClient: route({
    method: "POST",
    path: "/v4/clients",
    auth: "backend",
    status: 200,
    request: recognizeRequestSchema,
    response: recognizeResponseSchema
  }),
  approveClient: route({
    method: "POST",
    path: "/v4/clients/{clientId}/approve",
    auth: "backend",
    status: 200,
    request: approveRequestSchema,
    response: okResponseSchema
  }),
  deleteClient: route({ method: "DELETE", path: "/v4/clients/{clientId}", auth: "backend", status: 204 }),
  deleteClientByEmail: route({ method: "DELETE", path: "/v4/clients/by-email/{email}", auth: "backend", status: 204 }),
  deleteClientByCustomId: route({ method: "DELETE", path: "/v4/clients/by-customId/{customId}", auth: "backend", status: 204 }),
  publicConfig: route({ method: "GET", path: "/snr/config", auth: "none", status: 200, response: publicConfigSchema }),
  jwks: route({ method: "GET", path: "/.well-known/jwks.json", auth: "none", status: 200 }),
  publicPem: route({ method: "GET", path: "/v4/public.pem", auth: "none", status: 200 }),
  health: route({ method: "GET", path: "/snr/health", auth: "none", status: 200, response: healthResponseSchema })
};
var honoPath = (path) => path.replace(/\{(\w+)\}/g, ":$1");

// src/server/app.ts
import { Hono as Hono9 } from "hono";

// src/contract/issues.ts
function fieldPath(path) {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
var SECRET_FIELD = /password|token|secret/i;
function issuesToFieldErrors(issues) {
  return issues.map((issue) => {
    const field = fieldPath(issue.path) || "(body)";
    const error = { field, code: issue.code, message: issue.message };
    const input = issue.input;
    const echoable = typeof input === "number" || typeof input === "boolean" || typeof input === "string" && input.length <= 200;
    if (echoable && !SECRET_FIELD.test(field)) error.rejectedValue = input;
    return error;
  });
}

// src/contract/password-policy.ts
var DEFAULT_PASSWORD_POLICY = Object.freeze({
  minLength: 6,
  maxLength: 128,
  requireUpper: true,
  requireLower: true,
  requireDigit: true,
  requireSymbol: true
});
var UPPER = /\p{Lu}/u;
var LOWER = /\p{Ll}/u;
var DIGIT = /\p{Nd}/u;
var SYMBOL = /[^\p{L}\p{N}]/u;
var graphemes = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(void 0, { granularity: "grapheme" }) : void 0;
function passwordLength(password) {
  const text2 = password.normalize("NFC");
  if (graphemes) {
    let n2 = 0;
    for (const _ of graphemes.segment(text2)) n2++;
    return n2;
  }
  let n = 0;
  for (const _ of text2) n++;
  return n;
}
function checkPassword(input, policy = DEFAULT_PASSWORD_POLICY) {
  const password = input.normalize("NFC");
  const length = passwordLength(password);
  const rules = [
    { rule: "minLength", ok: length >= policy.minLength, value: policy.minLength },
    { rule: "maxLength", ok: length <= policy.maxLength, value: policy.maxLength }
  ];
  if (policy.requireUpper) rules.push({ rule: "upper", ok: UPPER.test(password) });
  if (policy.requireLower) rules.push({ rule: "lower", ok: LOWER.test(password) });
  if (policy.requireDigit) rules.push({ rule: "digit", ok: DIGIT.test(password) });
  if (policy.requireSymbol) rules.push({ rule: "symbol", ok: SYMBOL.test(password) });
  const failed = rules.filter((r) => !r.ok).map((r) => r.rule);
  return { ok: failed.length === 0, rules, failed };
}
function policyProblems(policy) {
  const problems = [];
  if (policy.minLength > policy.maxLength) problems.push("minLength is greater than maxLength");
  const required = [policy.requireUpper, policy.requireLower, policy.requireDigit, policy.requireSymbol].filter(Boolean).length;
  if (required > policy.maxLength) problems.push("maxLength is too short for the required character classes");
  return problems;
}

// src/server/http.ts
import { getConnInfo } from "@hono/node-server/conninfo";

// src/server/errors.ts
var ClientAborted = class extends Error {
  constructor() {
    super(...arguments);
    this.name = "ClientAborted";
  }
};
var ApiError = class extends Error {
  constructor(status, code2, message, errors2, retryAfter) {
    super(message);
    this.status = status;
    this.code = code2;
    this.errors = errors2;
    this.retryAfter = retryAfter;
    this.name = "ApiError";
  }
  get statusText() {
    return STATUS_TEXT[this.status] ?? "Error";
  }
};
var badRequest = (code2, message, errors2) => new ApiError(400, code2, message, errors2);
var unauthorized = (code2, message) => new ApiError(401, code2, message);
var forbidden = (code2, message) => new ApiError(403, code2, message);
var notFound = (code2, message) => new ApiError(404, code2, message);
var conflict = (code2, message, errors2) => new ApiError(409, code2, message, errors2);
function isUniqueViolation(err) {
  const code2 = err?.code;
  return code2 === "SQLITE_CONSTRAINT_UNIQUE" || code2 === "SQLITE_CONSTRAINT_PRIMARYKEY" || code2 === "23505";
}
function isStoreUnavailable(err) {
  const e = err;
  const code2 = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : "";
  return (
    // PostgreSQL classes 08 (connection exception), 53 (insufficient resources), 57P (shutdown, crash).
    /^(08|53|57P)/.test(code2) || // A query or a pooled connection past SNR_DB_TIMEOUT_MS (store/deadline.ts).
    code2 === "SNR_STORE_TIMEOUT" || ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"].includes(code2) || // SQLite's extended codes too (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT…).
    /^SQLITE_(BUSY|CANTOPEN|IOERR|READONLY|FULL)(_|$)/.test(code2) || /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|The database connection is not open|driver has already been destroyed|the database system is (shutting down|starting up)/i.test(
      message
    )
  );
}

// src/server/http.ts
async function readLimited(c, max) {
  const tooLarge = () => new ApiError(413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${max} bytes`);
  const declared = c.req.header("content-length");
  if (declared !== void 0 && Number(declared) > max) throw tooLarge();
  const incoming = c.env?.incoming;
  if (incoming && !incoming.readableDidRead) {
    return new Promise((resolve2, reject) => {
      const chunks2 = [];
      let size2 = 0;
      const done = () => {
        incoming.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
      };
      const onData = (chunk) => {
        size2 += chunk.byteLength;
        if (size2 <= max) return void chunks2.push(chunk);
        done();
        incoming.resume();
        reject(tooLarge());
      };
      const onEnd = () => {
        done();
        resolve2(Buffer.concat(chunks2, size2).toString("utf8"));
      };
      const onError = (err) => {
        done();
        reject(err);
      };
      const onAborted = () => onError(new ClientAborted("the client stopped sending its request"));
      incoming.on("data", onData).once("end", onEnd).once("error", onError).once("aborted", onAborted);
    });
  }
  const body = c.req.raw.body;
  if (!body) return "";
  const reader = body.getReader();
  const chunks = [];
  let size = 0;
  for (; ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {
      });
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
function answerSent(c) {
  const outgoing = c.env?.outgoing;
  return new Promise((resolve2) => {
    if (!outgoing) return void setImmediate(resolve2);
    if (outgoing.writableFinished || outgoing.destroyed) return void setImmediate(resolve2);
    outgoing.once("finish", () => resolve2());
    outgoing.once("close", () => resolve2());
  });
}
async function readBody(c, schema, options) {
  const type = c.req.header("content-type") ?? "";
  if (type && !/^(application\/json|text\/plain)\b/i.test(type)) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "The body must be JSON (Content-Type: application/json)");
  }
  const text2 = await readLimited(c, options.limit);
  if (options.optional && text2.trim() === "") return schema.parse({});
  let json2;
  try {
    json2 = JSON.parse(text2);
  } catch {
    throw badRequest("MALFORMED_JSON", text2.trim() === "" ? "The request body is empty" : "The request body is not valid JSON");
  }
  if (tooDeep(json2)) {
    throw badRequest("VALIDATION_FAILED", `The body nests deeper than ${MAX_JSON_DEPTH} levels`, [
      { field: "body", code: "too_deep", message: `Nests deeper than ${MAX_JSON_DEPTH} levels` }
    ]);
  }
  const result = schema.safeParse(json2, { reportInput: true });
  if (!result.success) throw validationError(result.error.issues);
  return result.data;
}
var MAX_JSON_DEPTH = 64;
function tooDeep(value) {
  const stack = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}
function validationError(issues) {
  const errors2 = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const field = [...issue.path, key].map(String).join(".");
        errors2.push({ field, code: "unrecognized_key", message: key === "email" ? "Email cannot be changed here" : `Unknown field "${key}"` });
      }
    } else errors2.push(...issuesToFieldErrors([issue]));
  }
  const first = errors2[0];
  return badRequest("VALIDATION_FAILED", first ? `${first.field}: ${first.message}` : "The request is not valid", errors2);
}
function bearerToken(c) {
  const header = c.req.header("authorization");
  if (!header) return void 0;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
function clientAddress(c, trustProxy) {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}
var LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
function originAllowedForKey(ctx, apiKey, origin) {
  if (!origin) return true;
  const allowed = ctx.config.apiKeys.get(apiKey);
  if (!allowed) return false;
  return allowed.some((a) => a === "*" || a === origin || a === "local" && (LOCAL_ORIGIN.test(origin) || origin === ctx.publicUrl));
}
function originAllowedForAnyKey(ctx, origin) {
  for (const key of ctx.config.apiKeys.keys()) if (originAllowedForKey(ctx, key, origin)) return true;
  return false;
}
function checkApiKey(ctx, c, apiKey) {
  if (!ctx.config.apiKeys.has(apiKey)) throw forbidden("UNKNOWN_API_KEY", "Unknown API key");
  if (!originAllowedForKey(ctx, apiKey, c.req.header("origin"))) {
    throw forbidden("ORIGIN_NOT_ALLOWED", "This origin is not allowed for this API key");
  }
}
function identifyByApiKey(ctx, c, bodyApiKey) {
  if (bodyApiKey === void 0) {
    throw badRequest("VALIDATION_FAILED", "apiKey: API key is required", [{ field: "apiKey", code: "required", message: "API key is required" }]);
  }
  checkApiKey(ctx, c, bodyApiKey);
  return { apiKey: bodyApiKey };
}
async function identifyByToken(ctx, c, auth, bodyApiKey, options = {}) {
  const raw = bearerToken(c);
  if (raw === void 0) throw unauthorized("TOKEN_MISSING", "A bearer token is required");
  const token = await ctx.sessions.verify(raw, ctx.now(), options);
  const apiKey = token.claims.aud;
  if (bodyApiKey !== void 0 && bodyApiKey !== apiKey) throw forbidden("API_KEY_MISMATCH", "The token was issued for another API key");
  checkApiKey(ctx, c, apiKey);
  if (auth === "customer" && token.claims.rlm !== "client") {
    throw forbidden("FORBIDDEN_FOR_ANONYMOUS", "Sign in to use this");
  }
  return { apiKey, token };
}
async function identifyByKeyOrToken(ctx, c, bodyApiKey) {
  return bearerToken(c) === void 0 ? identifyByApiKey(ctx, c, bodyApiKey) : identifyByToken(ctx, c, "keyOrToken", bodyApiKey);
}

// src/server/kit.ts
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { Hono } from "hono";

// src/server/middleware/error-handler.ts
import { HTTPException } from "hono/http-exception";
function errorBody(c, status, code2, message, errors2, retryAfter) {
  return {
    error: STATUS_TEXT[status] ?? "Error",
    status,
    code: code2,
    message,
    path: c.req.path,
    timestamp: (/* @__PURE__ */ new Date()).toISOString(),
    ...errors2?.length ? { errors: errors2 } : {},
    ...retryAfter !== void 0 ? { retryAfter } : {}
  };
}
function sendError(c, status, code2, message, errors2, retryAfter) {
  if (retryAfter !== void 0) c.header("Retry-After", String(retryAfter));
  c.header("Cache-Control", "no-store");
  return c.json(errorBody(c, status, code2, message, errors2, retryAfter), status);
}
function errorHandler(options) {
  if (!options?.log) throw new Error("errorHandler needs a logger");
  return (err, c) => {
    if (err instanceof ApiError) return sendError(c, err.status, err.code, err.message, err.errors, err.retryAfter);
    if (err instanceof HTTPException && err.status === 413) return sendError(c, 413, "PAYLOAD_TOO_LARGE", "The request body is too large");
    if (err instanceof ClientAborted) return sendError(c, 408, "TIMEOUT", "The request did not arrive in time");
    if (isStoreUnavailable(err)) {
      options.log.warn({ method: c.req.method, path: c.req.path, reason: err.message }, "store unavailable");
      return sendError(c, 503, "UNAVAILABLE", "The service is temporarily unavailable; try again shortly", void 0, 5);
    }
    options.log.error({ method: c.req.method, path: c.req.path, err }, "unexpected error");
    return sendError(c, 500, "INTERNAL_ERROR", "Something went wrong on our side");
  };
}

// src/server/kit.ts
var KIT_PATH = "/snr/kit";
var DEFAULT_KIT_ROOT = fileURLToPath(new URL("../../dist/cdn", import.meta.url));
var ENTRY_CACHE = "public, max-age=300, stale-while-revalidate=86400";
var HASHED_CACHE = "public, max-age=31536000, immutable";
var brotli = promisify(brotliCompress);
var gzipped = promisify(gzip);
var digest = (body) => createHash("sha256").update(body).digest("hex").slice(0, 10);
function hashedName(name2, body) {
  return name2.replace(/\.js$/, `.${digest(body)}.js`);
}
function readKit(root, stamp) {
  const files = /* @__PURE__ */ new Map();
  const manifest = {};
  for (const name2 of readdirSync(root).sort()) {
    if (!/^[\w.-]+\.js$/.test(name2)) continue;
    const body = readFileSync(join(root, name2));
    const hashed = hashedName(name2, body);
    const content = { body, etag: `"${digest(body)}"` };
    files.set(name2, { content, immutable: false });
    files.set(hashed, { content, immutable: true });
    manifest[name2] = hashed;
  }
  return { files, manifest, stamp };
}
function kitRoutes(root = DEFAULT_KIT_ROOT) {
  const app = new Hono();
  let kit;
  const current = () => {
    if (!existsSync(root)) return void 0;
    const stamp = statSync(root).mtimeMs;
    if (!kit || kit.stamp !== stamp) kit = readKit(root, stamp);
    return kit;
  };
  const notBuilt = (c) => sendError(c, 404, "NOT_FOUND", `The browser files are not built (${root}): run npm run build:cdn`);
  app.get(`${KIT_PATH}/manifest.json`, (c) => {
    const k = current();
    if (!k) return notBuilt(c);
    c.header("Cache-Control", ENTRY_CACHE);
    return c.json(k.manifest);
  });
  app.on(["GET", "HEAD"], `${KIT_PATH}/:name`, async (c) => {
    const k = current();
    if (!k) return notBuilt(c);
    const name2 = c.req.param("name");
    const file = k.files.get(name2);
    if (!file) return sendError(c, 404, "NOT_FOUND", `No file ${name2} in ${KIT_PATH}/ (the names are in ${KIT_PATH}/manifest.json)`);
    c.header("Content-Type", "text/javascript; charset=utf-8");
    c.header("Cache-Control", file.immutable ? HASHED_CACHE : ENTRY_CACHE);
    const { content } = file;
    c.header("ETag", content.etag);
    c.header("Vary", c.res.headers.get("Vary") ? `${c.res.headers.get("Vary")}, Accept-Encoding` : "Accept-Encoding");
    if (c.req.header("if-none-match") === content.etag) return c.body(null, 304);
    const accepts = c.req.header("accept-encoding") ?? "";
    let body = content.body;
    if (/\bbr\b/.test(accepts)) {
      content.br ??= brotli(content.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.body.length } });
      body = await content.br;
      c.header("Content-Encoding", "br");
    } else if (/\bgzip\b/.test(accepts)) {
      content.gzip ??= gzipped(content.body, { level: 9 });
      body = await content.gzip;
      c.header("Content-Encoding", "gzip");
    }
    c.header("Content-Length", String(body.length));
    if (c.req.method === "HEAD") return c.body(null, 200);
    return c.body(new Uint8Array(body), 200);
  });
  app.all(`${KIT_PATH}/*`, (c) => sendError(c, 404, "NOT_FOUND", `No file ${c.req.path}`));
  return app;
}

// src/server/log.ts
import { randomUUID } from "node:crypto";
import pino from "pino";
var REDACTED_PATHS = [
  "password",
  "oldPassword",
  "token",
  "identityProviderToken",
  "authorization",
  "apiKey",
  "*.password",
  "*.oldPassword",
  "*.token",
  "*.identityProviderToken",
  "*.authorization",
  "*.apiKey",
  "req.headers.authorization",
  "req.headers.cookie"
];
function createLogger(options = {}) {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "snr-auth" },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime
    },
    options.destination
  );
}
function requestLog(log) {
  if (!log) throw new Error("requestLog needs a logger");
  const debug = log.isLevelEnabled("debug");
  return async (c, next) => {
    const started = performance.now();
    const id = c.req.header("x-request-id")?.slice(0, 100) || randomUUID();
    c.header("X-Request-Id", id);
    await next();
    const status = c.res.status;
    if (status < 400 && !debug) return;
    const record2 = { reqId: id, method: c.req.method, path: c.req.path, status, ms: Math.round((performance.now() - started) * 10) / 10 };
    if (status >= 500 && status !== 503) log.error(record2, "request failed");
    else if (status === 503) log.warn(record2, "request refused: service unavailable");
    else log.info(record2, "request");
  };
}

// src/server/middleware/edge.ts
function edgeHeaders(options) {
  if (typeof options?.originAllowed !== "function") throw new Error("edgeHeaders needs originAllowed(origin)");
  const maxAge = String(options.maxAge ?? 600);
  return async (c, next) => {
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Frame-Options", "SAMEORIGIN");
    c.header("Cross-Origin-Resource-Policy", "cross-origin");
    const origin = c.req.header("origin");
    const allowed = origin !== void 0 && options.originAllowed(origin);
    if (origin !== void 0) c.header("Vary", "Origin");
    if (allowed) {
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Expose-Headers", "Retry-After, X-Request-Id");
    }
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      if (allowed) {
        c.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        c.header("Access-Control-Allow-Headers", "Content-Type, Authorization, Api-Version, X-Request-Id");
        c.header("Access-Control-Max-Age", maxAge);
      }
      return c.body(null, 204);
    }
    await next();
  };
}

// src/server/pages.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { Hono as Hono2 } from "hono";

// src/server/html.ts
var escapeHtml = (s) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]);

// src/server/pages.ts
var VERSION = (() => {
  try {
    const pkg = JSON.parse(readFileSync2(new URL("../../package.json", import.meta.url), "utf8"));
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
})();
var README_URL = "https://www.npmjs.com/package/snr-auth#readme";
var PAGE_CSS = `:root {
  color-scheme: light dark;
  --bg: light-dark(#f6f8fa, #0d1014); --card: light-dark(#ffffff, #16191d);
  --text: light-dark(#1f2328, #e6edf3); --muted: light-dark(#59636e, #9ba6b2);
  --border: light-dark(#d0d7de, #3d444d); --primary: light-dark(#0b5cd5, #5aa2ff);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5;
}
body { margin: 0; min-height: 100vh; background: var(--bg); color: var(--text); display: grid; place-items: start center; }
main { box-sizing: border-box; width: min(100% - 2rem, 32rem); margin: 2rem 0; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 0.75rem; padding: 1.5rem; }
h1 { font-size: 1.375rem; line-height: 1.25; margin: 0 0 0.5rem; }
p { margin: 0 0 1rem; }
.muted { color: var(--muted); }
a { color: var(--primary); text-underline-offset: 0.2em; }
a:focus-visible { outline: 3px solid var(--primary); outline-offset: 2px; }
ul { padding-inline-start: 1.25rem; margin: 0 0 1rem; }
li { margin-block: 0.25rem; }
code { font-size: 0.9em; }
.back { margin-block-start: 1rem; text-align: center; }
snr-landing { --snr-font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin-inline: auto; }
@media (forced-colors: active) { .card { border-color: CanvasText; } }
`;
var STATIC_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join("; ");
function pageRoutes(ctx, options) {
  const app = new Hono2();
  app.get("/snr/page.css", (c) => {
    c.header("Content-Type", "text/css; charset=utf-8");
    c.header("Cache-Control", "public, max-age=300");
    return c.body(PAGE_CSS, 200);
  });
  const about = (c) => {
    c.header("Content-Security-Policy", STATIC_PAGE_CSP);
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    const outbox = ctx.config.localMode && ctx.mailer.mode === "outbox";
    const links = [
      ["/snr/health", "Health"],
      ["/.well-known/jwks.json", "Signing keys (JWKS)"],
      ["/snr/config", "Public configuration"],
      ...outbox ? [["/snr/dev/outbox", "Outbox (the mailbox in local mode)"]] : [],
      ...options.demo ? [["/", "Demo"]] : [],
      [README_URL, "README (npm)"]
    ];
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>snr-auth server ${escapeHtml(VERSION)}</title>
<link rel="stylesheet" href="/snr/page.css">
</head>
<body>
<main class="card">
<h1>snr-auth server</h1>
<p class="muted">Version ${escapeHtml(VERSION)}${ctx.config.localMode ? " \xB7 local mode" : ""}</p>
<p>This is the snr-auth reference identity server: the sign-in API the snr-auth elements talk to. It has no pages for customers; put the elements on your site.</p>
<ul>
${links.map(([href, text2]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(text2)}</a></li>`).join("\n")}
</ul>
<p class="muted">Storage: ${escapeHtml(ctx.store.describe)}. Mail: ${ctx.mailer.mode === "smtp" ? "SMTP" : "outbox"}. Registration: ${escapeHtml(ctx.config.registrationMode)}.</p>
</main>
</body>
</html>
`);
  };
  app.get("/", about);
  app.get("/snr/about", about);
  return app;
}

// src/server/routes/account.ts
import { Hono as Hono3 } from "hono";

// src/server/crypto/password.ts
import { pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify as promisify2 } from "node:util";
var pbkdf2Async = promisify2(pbkdf2);
var KEY_LENGTH = 32;
var SALT_LENGTH = 16;
var PREFIX = "$pbkdf2-sha256$";
async function hashPassword(password, iterations) {
  const salt = randomBytes(SALT_LENGTH);
  const hash = await pbkdf2Async(password.normalize("NFC"), salt, iterations, KEY_LENGTH, "sha256");
  return `${PREFIX}i=${iterations}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}
function parseHash(stored) {
  const match = /^\$pbkdf2-sha256\$i=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
  if (!match) return void 0;
  return { iterations: Number(match[1]), salt: Buffer.from(match[2], "base64url"), hash: Buffer.from(match[3], "base64url") };
}
async function verifyPassword(password, stored) {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const candidate = await pbkdf2Async(password.normalize("NFC"), parsed.salt, parsed.iterations, parsed.hash.length, "sha256");
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}
function needsRehash(stored, iterations) {
  const parsed = parseHash(stored);
  return !parsed || parsed.iterations !== iterations || parsed.hash.length !== KEY_LENGTH;
}

// src/server/passwords.ts
var RULE_TEXT = {
  minLength: (n) => `At least ${n} characters`,
  maxLength: (n) => `At most ${n} characters`,
  upper: () => "An uppercase letter",
  lower: () => "A lowercase letter",
  digit: () => "A digit",
  symbol: () => "A character that is not a letter or a digit"
};
async function acceptNewPassword(ctx, password, field = "password") {
  const result = checkPassword(password, ctx.config.passwordPolicy);
  if (!result.ok) {
    const errors2 = result.rules.filter((r) => !r.ok).map((r) => ({ field, code: r.rule, message: RULE_TEXT[r.rule](r.value) }));
    throw badRequest("PASSWORD_POLICY", `The password does not meet the policy: ${errors2.map((e) => e.message.toLowerCase()).join(", ")}`, errors2);
  }
  return hashPassword(password, ctx.config.pbkdf2Iterations);
}

// src/server/store/clients.ts
import { randomUUID as randomUUID2 } from "node:crypto";

// src/server/store/email-tokens.ts
async function insertEmailToken(db, row) {
  await db.insertInto("email_tokens").values({
    token_hash: row.tokenHash,
    client_id: row.clientId,
    purpose: row.purpose,
    created_at: row.now,
    expires_at: row.expiresAt,
    used_at: null,
    ...row.newEmail === void 0 ? {} : { new_email: row.newEmail }
  }).execute();
}
async function markEmailTokensUsed(db, clientId, purposes, now) {
  await db.updateTable("email_tokens").set({ used_at: now }).where("client_id", "=", clientId).where("purpose", "in", purposes).where("used_at", "is", null).execute();
}
async function deleteEmailTokens(db, clientId) {
  await db.deleteFrom("email_tokens").where("client_id", "=", clientId).execute();
}
async function findConfirmationToken(db, tokenHash) {
  return db.selectFrom("email_tokens").innerJoin("clients", "clients.id", "email_tokens.client_id").select([
    "email_tokens.token_hash",
    "email_tokens.used_at",
    "email_tokens.expires_at",
    "clients.id as client_id",
    "clients.email_confirmed",
    "clients.status"
  ]).where("email_tokens.token_hash", "=", tokenHash).where("email_tokens.purpose", "in", ["activation", "confirmation"]).executeTakeFirst();
}
async function findPasswordResetToken(db, tokenHash) {
  return db.selectFrom("email_tokens").select(["client_id", "used_at", "expires_at"]).where("token_hash", "=", tokenHash).where("purpose", "=", "password_reset").executeTakeFirst();
}
async function useEmailToken(db, tokenHash, now) {
  const claimed = await db.updateTable("email_tokens").set({ used_at: now }).where("token_hash", "=", tokenHash).where("used_at", "is", null).executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}
async function findEmailChangeToken(db, tokenHash) {
  return db.selectFrom("email_tokens").select(["client_id", "new_email", "used_at", "expires_at"]).where("token_hash", "=", tokenHash).where("purpose", "=", "email_change").executeTakeFirst();
}

// src/server/store/events.ts
var UNSTORABLE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function encodeLabel(label) {
  return label.startsWith('"') || UNSTORABLE_TEXT.test(label) ? JSON.stringify(label) : label;
}
async function insertEvents(db, rows) {
  const inserted = await db.insertInto("events").values(rows).onConflict((oc) => oc.columns(["client_id", "api_key", "event_salt"]).doNothing()).executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}
async function moveEvents(db, fromClientId, toClientId) {
  await db.deleteFrom("events").where("client_id", "=", fromClientId).where(
    ({ exists, selectFrom }) => exists(
      selectFrom("events as kept").select("kept.id").where("kept.client_id", "=", toClientId).whereRef("kept.api_key", "=", "events.api_key").whereRef("kept.event_salt", "=", "events.event_salt")
    )
  ).execute();
  await db.updateTable("events").set({ client_id: toClientId }).where("client_id", "=", fromClientId).execute();
}

// src/server/store/precompiled.ts
var Slot = class {
  constructor(index) {
    this.index = index;
  }
};
function precompiled(build, arity) {
  const byAdapter = /* @__PURE__ */ new WeakMap();
  const compile = (db) => {
    const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
    const query = build(db, ...slots).compile();
    const params = query.parameters.map((p) => p instanceof Slot ? p : { constant: p });
    const used = new Set(params.filter((p) => p instanceof Slot).map((p) => p.index));
    if (used.size !== arity) throw new Error(`precompiled: ${arity - used.size} argument(s) not bound as plain values in ${query.sql}`);
    return { query, params };
  };
  return async (db, ...args) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) byAdapter.set(adapter, compiled = compile(db));
    const parameters = compiled.params.map((p) => p instanceof Slot ? args[p.index] : p.constant);
    const result = await db.executeQuery({ ...compiled.query, parameters });
    return result.rows;
  };
}

// src/server/store/sessions.ts
var insert = precompiled(
  (db, id, clientId, apiKey, realm, origin, createdAt, expiresAt) => db.insertInto("sessions").values({
    id,
    client_id: clientId,
    api_key: apiKey,
    realm,
    origin,
    created_at: createdAt,
    expires_at: expiresAt,
    refreshed_at: null,
    revoked_at: null,
    revoked_reason: null
  }),
  7
);
async function insertSession(db, s) {
  await insert(db, s.id, s.client_id, s.api_key, s.realm, s.origin, s.created_at, s.expires_at);
}
var byId = precompiled((db, sid) => db.selectFrom("sessions").selectAll().where("id", "=", sid), 1);
async function findSession(db, sid) {
  return (await byId(db, sid))[0];
}
var refreshed = precompiled((db, sid, now) => db.updateTable("sessions").set({ refreshed_at: now }).where("id", "=", sid), 2);
async function markSessionRefreshed(db, sid, now) {
  await refreshed(db, sid, now);
}
async function sessionClientId(db, sid) {
  const row = await db.selectFrom("sessions").select("client_id").where("id", "=", sid).executeTakeFirstOrThrow();
  return row.client_id;
}
async function revokeSessionRow(db, sid, reason, now) {
  await db.updateTable("sessions").set({ revoked_at: now, revoked_reason: reason }).where("id", "=", sid).where("revoked_at", "is", null).execute();
}
async function revokeClientSessionRows(db, clientId, reason, now, keep) {
  let query = db.updateTable("sessions").set({ revoked_at: now, revoked_reason: reason }).where("client_id", "=", clientId).where("revoked_at", "is", null);
  if (keep) query = query.where("id", "!=", keep);
  await query.execute();
}
async function moveSessions(db, fromClientId, toClientId) {
  await db.updateTable("sessions").set({ client_id: toClientId }).where("client_id", "=", fromClientId).execute();
}

// src/server/store/clients.ts
var byUuid = precompiled(
  (db, uuid) => db.selectFrom("client_uuids").innerJoin("clients", "clients.id", "client_uuids.client_id").selectAll("clients").where("client_uuids.uuid", "=", uuid),
  1
);
async function findClientByUuid(db, uuid) {
  return (await byUuid(db, uuid))[0];
}
var byId2 = precompiled((db, id) => db.selectFrom("clients").selectAll().where("id", "=", id), 1);
async function findClientById(db, id) {
  return (await byId2(db, id))[0];
}
async function findClientByEmail(db, email2) {
  return db.selectFrom("clients").selectAll().where("email", "=", email2.toLowerCase()).executeTakeFirst();
}
async function findClientByCustomId(db, customId) {
  return db.selectFrom("clients").selectAll().where("custom_id", "=", customId).executeTakeFirst();
}
async function findEmailRecipient(db, email2) {
  return db.selectFrom("clients").select(["id", "email", "first_name", "status", "email_confirmed"]).where("email", "=", email2.toLowerCase()).executeTakeFirst();
}
var insertAnonymous = precompiled(
  (db, uuid, now) => db.insertInto("clients").values({
    uuid,
    status: "anonymous",
    email_confirmed: 0,
    agreements: "{}",
    attributes: "{}",
    tags: "[]",
    created_at: now,
    updated_at: now,
    last_activity_at: now
  }).returningAll(),
  2
);
var insertUuid = precompiled(
  (db, uuid, clientId, now) => db.insertInto("client_uuids").values({ uuid, client_id: clientId, created_at: now }),
  3
);
async function createAnonymousClient(db, uuid, now) {
  const [row] = await insertAnonymous(db, uuid, now);
  if (!row) throw new Error("the insert returned no row");
  await insertUuid(db, uuid, row.id, now);
  return row;
}
var touch = precompiled((db, id, now) => db.updateTable("clients").set({ last_activity_at: now }).where("id", "=", id), 2);
async function touchClient(db, id, now) {
  await touch(db, id, now);
}
async function mergeAnonymousInto(trx, anonymous, customerId) {
  if (anonymous.status !== "anonymous" || anonymous.id === customerId) return;
  await trx.updateTable("client_uuids").set({ client_id: customerId }).where("client_id", "=", anonymous.id).execute();
  await moveEvents(trx, anonymous.id, customerId);
  await moveSessions(trx, anonymous.id, customerId);
  await deleteEmailTokens(trx, anonymous.id);
  await trx.deleteFrom("clients").where("id", "=", anonymous.id).execute();
}
async function updateClient(db, id, changes) {
  return db.updateTable("clients").set(changes).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}
async function upgradePasswordHash(db, id, from, to) {
  await db.updateTable("clients").set({ password_hash: to }).where("id", "=", id).where("password_hash", "=", from).execute();
}
async function customIdInUse(db, customId) {
  return await db.selectFrom("clients").select("id").where("custom_id", "=", customId).executeTakeFirst() !== void 0;
}
async function eraseClientData(db, client, now) {
  await db.deleteFrom("client_uuids").where("client_id", "=", client.id).where("uuid", "!=", client.uuid).execute();
  await db.updateTable("clients").set({
    email: null,
    password_hash: null,
    status: "anonymous",
    email_confirmed: 0,
    first_name: null,
    last_name: null,
    display_name: null,
    phone: null,
    custom_id: null,
    custom_id_verified: 0,
    sex: null,
    birth_date: null,
    company: null,
    address: null,
    city: null,
    province: null,
    zip_code: null,
    country_code: null,
    avatar_url: null,
    agreements: "{}",
    attributes: "{}",
    tags: "[]",
    updated_at: now
  }).where("id", "=", client.id).execute();
}
async function becomeCustomer(trx, visitorUuid, fields, now) {
  const anonymous = visitorUuid ? await findClientByUuid(trx, visitorUuid) : void 0;
  if (anonymous?.status === "anonymous") {
    const converted = await trx.updateTable("clients").set(fields).where("id", "=", anonymous.id).where("status", "=", "anonymous").returningAll().executeTakeFirst();
    if (converted) return converted;
  }
  const uuid = visitorUuid && !anonymous ? visitorUuid : randomUUID2();
  const row = await trx.insertInto("clients").values({ agreements: "{}", attributes: "{}", tags: "[]", email_confirmed: 0, ...fields, uuid, created_at: now }).returningAll().executeTakeFirstOrThrow();
  await trx.insertInto("client_uuids").values({ uuid, client_id: row.id, created_at: now }).execute();
  return row;
}
var FIELD_COLUMNS = {
  firstName: "first_name",
  lastName: "last_name",
  displayName: "display_name",
  phone: "phone",
  customId: "custom_id",
  sex: "sex",
  birthDate: "birth_date",
  company: "company",
  address: "address",
  city: "city",
  province: "province",
  zipCode: "zip_code",
  countryCode: "country_code",
  avatarUrl: "avatar_url"
};
function profileChanges(input, current) {
  const changes = {};
  for (const [field, column] of Object.entries(FIELD_COLUMNS)) {
    const value = input[field];
    if (value !== void 0) changes[column] = value === "" ? null : value;
  }
  if (changes.custom_id !== void 0 && changes.custom_id !== current?.custom_id) changes.custom_id_verified = 0;
  if (input.agreements) {
    const merged = { ...current ? JSON.parse(current.agreements) : {}, ...input.agreements };
    changes.agreements = JSON.stringify(merged);
  }
  if (input.attributes) {
    const merged = current ? JSON.parse(current.attributes) : {};
    for (const [key, value] of Object.entries(input.attributes)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    changes.attributes = JSON.stringify(merged);
  }
  if (input.tags) changes.tags = JSON.stringify([...new Set(input.tags)]);
  return changes;
}
function toAccountInformation(row) {
  const agreements = JSON.parse(row.agreements);
  const attributes = JSON.parse(row.attributes);
  return {
    clientId: row.id,
    uuid: row.uuid,
    email: row.email ?? "",
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    phone: row.phone,
    customId: row.custom_id,
    sex: row.sex,
    birthDate: row.birth_date,
    company: row.company,
    address: row.address,
    city: row.city,
    province: row.province,
    zipCode: row.zip_code,
    countryCode: row.country_code,
    avatarUrl: row.avatar_url,
    agreements: Object.fromEntries(AGREEMENT_NAMES.map((n) => [n, agreements[n] === true])),
    attributes: { ...attributes, snrs_email_confirmed: row.email_confirmed === 1 },
    tags: JSON.parse(row.tags),
    anonymous: row.status === "anonymous",
    createdAt: new Date(row.created_at).toISOString(),
    lastActivityDate: row.last_activity_at === null ? null : new Date(row.last_activity_at).toISOString()
  };
}
function isCustomer(row) {
  return row.status === "active" || row.status === "pending_activation" || row.status === "pending_approval";
}
function statusOnceEmailProved(row) {
  return row.status === "pending_approval" ? "pending_approval" : "active";
}
async function recordTermsAcceptance(db, id, version, now) {
  await db.updateTable("clients").set({ terms_version: version, terms_accepted_at: now }).where("id", "=", id).execute();
}
async function approveClient(db, id, now) {
  const row = await db.selectFrom("clients").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row || !isCustomer(row)) return void 0;
  if (row.status !== "pending_approval") return row;
  return db.updateTable("clients").set({ status: "active", updated_at: now }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

// src/server/identity/email-links.ts
import { createHash as createHash2, randomBytes as randomBytes2 } from "node:crypto";

// src/server/mail/templates.ts
var COPY = {
  activation: {
    subject: "Activate your account",
    lead: "Thanks for signing up. Activate your account to sign in:",
    action: "Activate account",
    after: "The link works for 7 days. If you did not sign up, ignore this email."
  },
  confirmation: {
    subject: "Confirm your email address",
    lead: "Thanks for signing up. Please confirm your email address:",
    action: "Confirm email",
    after: "The link works for 7 days. If you did not sign up, ignore this email."
  },
  password_reset: {
    subject: "Reset your password",
    lead: "Someone asked to reset the password of your account. To choose a new password, follow this link:",
    action: "Choose a new password",
    after: "The link works for 1 hour and only once. If you did not ask for it, ignore this email: your password stays as it is."
  },
  email_change: {
    subject: "Confirm your new email address",
    lead: "Someone asked to move their account to this email address. To confirm the change, follow this link:",
    action: "Confirm the new address",
    after: "The link works for 1 hour and only once. If you did not ask for it, ignore this email: no account moves to this address."
  }
};
var MAIL_NAME_MAX = 40;
function plainName(name2) {
  const oneLine = name2?.normalize("NFKC").replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, " ").replace(/\s+/g, " ").trim();
  if (!oneLine) return void 0;
  if ([...oneLine].length > MAIL_NAME_MAX) return void 0;
  if (/[:/\\@<>]|www\.|\S\.\p{L}{2,}/iu.test(oneLine)) return void 0;
  return oneLine;
}
function renderMail(kind, link, name2) {
  const copy = COPY[kind];
  const shown = kind === "password_reset" ? plainName(name2) : void 0;
  const greeting = shown ? `Hello ${shown},` : "Hello,";
  return {
    subject: copy.subject,
    text: `${greeting}

${copy.lead}

${link}

${copy.after}
`,
    html: `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(copy.lead)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(copy.action)}</a></p><p style="color:#555">${escapeHtml(copy.after)}</p>`
  };
}
var NOTICES = {
  // To the account's current address: the change is not made until the new address confirms it.
  email_change_requested: {
    subject: "Your email address is about to change",
    lines: (newEmail) => [
      `Someone signed in to your account asked to change its email address to ${newEmail}.`,
      "Nothing changes until the link sent to that address is followed.",
      "If this was not you, change your password now: that ends the request and signs everyone else out."
    ]
  },
  // To an address that already has an account: nothing moves, and the requester is not told.
  email_change_taken: {
    subject: "Someone tried to use your email address",
    lines: () => [
      "Someone asked to move another account to this email address. This address already has an account, so nothing was changed.",
      "If it was you, sign in to the account this address already has (or reset its password). If it was not, ignore this email."
    ]
  }
};
function renderNotice(kind, detail, name2) {
  const copy = NOTICES[kind];
  const shown = plainName(name2);
  const greeting = shown ? `Hello ${shown},` : "Hello,";
  const lines = copy.lines(detail);
  return {
    subject: copy.subject,
    text: `${greeting}

${lines.join("\n\n")}
`,
    html: `<p>${escapeHtml(greeting)}</p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}`
  };
}
function renderPinMail(code2, minutes) {
  const greeting = "Hello,";
  const lead = "Thanks for signing up. To activate your account, enter this code on the page where you signed up:";
  const after = `The code works for ${minutes} minutes and only once. A newer code replaces it. If you did not sign up, ignore this email.`;
  return {
    subject: `${code2} is your activation code`,
    text: `${greeting}

${lead}

${code2}

${after}
`,
    html: `<p>${escapeHtml(greeting)}</p><p>${escapeHtml(lead)}</p><p style="font-size:1.5em;font-weight:bold;letter-spacing:0.2em">${escapeHtml(code2)}</p><p style="color:#555">${escapeHtml(after)}</p>`
  };
}

// src/server/identity/email-links.ts
var hashEmailToken = (token) => createHash2("sha256").update(token).digest("base64url");
var ACTIONS = {
  activation: "activate",
  confirmation: "confirm-email",
  password_reset: "reset-password",
  email_change: "confirm-email-change"
};
function landingLink(deps, purpose, token) {
  const url2 = new URL(deps.config.landingUrl ?? `${deps.publicUrl}/landing`);
  url2.searchParams.set("action", ACTIONS[purpose]);
  url2.searchParams.set("token", token);
  return url2.toString();
}
async function invalidateEmailLinks(db, clientId, purposes, now) {
  await markEmailTokensUsed(db, clientId, purposes, now);
}
async function issueEmailLink(deps, trx, client, purpose, now) {
  const token = randomBytes2(32).toString("base64url");
  const ttl = purpose === "password_reset" || purpose === "email_change" ? deps.config.emailTokenTtl.passwordReset : deps.config.emailTokenTtl.activation;
  await invalidateEmailLinks(trx, client.id, [purpose], now);
  await insertEmailToken(trx, { tokenHash: hashEmailToken(token), clientId: client.id, purpose, now, expiresAt: now + ttl * 1e3 });
  await deps.mailer.enqueue(
    trx,
    client.email,
    renderMail(purpose, landingLink(deps, purpose, token), client.email_confirmed === 1 ? client.first_name : null),
    now
  );
}
async function issueEmailChangeLink(deps, trx, client, newEmail, now) {
  const token = randomBytes2(32).toString("base64url");
  await invalidateEmailLinks(trx, client.id, ["email_change"], now);
  const expiresAt = now + deps.config.emailTokenTtl.passwordReset * 1e3;
  await insertEmailToken(trx, { tokenHash: hashEmailToken(token), clientId: client.id, purpose: "email_change", now, expiresAt, newEmail });
  await deps.mailer.enqueue(trx, newEmail, renderMail("email_change", landingLink(deps, "email_change", token), client.first_name), now);
}

// src/server/identity/signed-in-customer.ts
async function signedInCustomer(deps, token) {
  const row = await findClientById(deps.db, token.session.client_id);
  if (!row || row.status === "anonymous") throw unauthorized("SESSION_REVOKED", "The session has ended");
  return row;
}

// src/server/identity/change-password.ts
async function changePassword(deps, input) {
  const row = await signedInCustomer(deps, input.token);
  const attempt = row.email ? await deps.limiter.signInAttempt(row.email, input.address, input.now()) : void 0;
  if (!row.password_hash || !await verifyPassword(input.oldPassword, row.password_hash)) {
    attempt?.refused();
    throw forbidden("INVALID_CREDENTIALS", "The current password is wrong");
  }
  await attempt?.succeeded();
  const passwordHash = await acceptNewPassword(deps, input.password);
  const now = input.now();
  await deps.db.transaction().execute(async (trx) => {
    await updateClient(trx, row.id, { password_hash: passwordHash, updated_at: now });
    await deps.sessions.revokeClientSessions(trx, row.id, "password-changed", now, input.token.session.id);
    await invalidateEmailLinks(trx, row.id, ["password_reset"], now);
  });
}

// src/server/identity/confirm-email-change.ts
var invalid = (why) => notFound("EMAIL_TOKEN_INVALID", `This email change link ${why}`);
var taken = () => conflict("EMAIL_TAKEN", "This address has an account already", [{ field: "email", code: "taken", message: "This address has an account already" }]);
async function confirmEmailChange(deps, input) {
  const tokenHash = hashEmailToken(input.token);
  const live = await findEmailChangeToken(deps.db, tokenHash);
  const now = input.now();
  if (!live || live.new_email === null || live.used_at !== null || live.expires_at <= now) throw invalid("is not valid or has expired");
  const newEmail = live.new_email;
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (!await useEmailToken(trx, tokenHash, now)) throw invalid("was already used");
      const client = await findClientById(trx, live.client_id);
      if (!client || !isCustomer(client)) throw invalid("is not valid or has expired");
      const changes = { email: newEmail, email_confirmed: 1, status: "active", updated_at: now };
      if (input.newsletterAgreement !== void 0) {
        changes.agreements = JSON.stringify({ ...JSON.parse(client.agreements), email: input.newsletterAgreement });
      }
      await updateClient(trx, client.id, changes);
      const keep = input.caller?.session.client_id === client.id ? input.caller.session.id : void 0;
      await deps.sessions.revokeClientSessions(trx, client.id, "email-changed", now, keep);
      await invalidateEmailLinks(trx, client.id, ["password_reset", "email_change", "activation", "confirmation"], now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

// src/server/store/activation-pins.ts
async function replaceActivationPin(db, row) {
  await db.deleteFrom("activation_pins").where("client_id", "=", row.clientId).execute();
  await db.insertInto("activation_pins").values({ client_id: row.clientId, pin_hash: row.pinHash, created_at: row.now, expires_at: row.expiresAt, attempts: 0 }).execute();
}
async function takePinTry(db, clientId, maxTries, now) {
  return db.updateTable("activation_pins").set((eb) => ({ attempts: eb("attempts", "+", 1) })).where("client_id", "=", clientId).where("attempts", "<", maxTries).where("expires_at", ">", now).returning(["pin_hash", "attempts"]).executeTakeFirst();
}
async function consumeActivationPin(db, clientId, pinHash) {
  const result = await db.deleteFrom("activation_pins").where("client_id", "=", clientId).where("pin_hash", "=", pinHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
async function deleteActivationPin(db, clientId) {
  await db.deleteFrom("activation_pins").where("client_id", "=", clientId).execute();
}

// src/server/store/identities.ts
async function findLinkedClientId(db, provider, subject) {
  const row = await db.selectFrom("client_identities").select("client_id").where("provider", "=", provider).where("subject", "=", subject).executeTakeFirst();
  return row?.client_id;
}
async function linkIdentity(db, provider, subject, clientId, now) {
  await db.deleteFrom("client_identities").where("provider", "=", provider).where("subject", "=", subject).execute();
  await db.insertInto("client_identities").values({ provider, subject, client_id: clientId, created_at: now }).execute();
}
async function hasProviderLinks(db, clientId) {
  return await db.selectFrom("client_identities").select("client_id").where("client_id", "=", clientId).executeTakeFirst() !== void 0;
}
async function findClientIdentities(db, clientId) {
  return db.selectFrom("client_identities").select(["provider", "subject"]).where("client_id", "=", clientId).execute();
}
async function unlinkAllProviders(db, clientId) {
  await db.deleteFrom("client_identities").where("client_id", "=", clientId).execute();
}

// src/server/identity/delete-client.ts
async function find(deps, target) {
  if ("clientId" in target) return findClientById(deps.db, target.clientId);
  if ("email" in target) return findClientByEmail(deps.db, target.email);
  const holder = await findClientByCustomId(deps.db, target.customId);
  return holder?.custom_id_verified === 1 ? holder : void 0;
}
async function deleteClient(deps, input) {
  const client = await find(deps, input.target);
  if (!client || !isCustomer(client)) throw notFound("NOT_FOUND", "No such customer");
  const now = input.now();
  await deps.db.transaction().execute((trx) => eraseCustomer(deps, trx, client, "deleted", now));
}
async function eraseCustomer(deps, trx, client, reason, now) {
  await deps.sessions.revokeClientSessions(trx, client.id, reason, now);
  await unlinkAllProviders(trx, client.id);
  await deleteEmailTokens(trx, client.id);
  await deleteActivationPin(trx, client.id);
  await eraseClientData(trx, client, now);
}

// src/server/providers/id-token.ts
import { createHash as createHash3, timingSafeEqual as timingSafeEqual2 } from "node:crypto";
import { createRemoteJWKSet, errors, jwtVerify } from "jose";

// src/server/providers/identity.ts
var PROVIDER_TIMEOUT_MS = 5e3;
var providerError = (status, code2, message) => new ApiError(status, code2, message);
async function fetchProviderJson(url2, init, name2, timeoutMs = PROVIDER_TIMEOUT_MS) {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = () => providerError(504, "PROVIDER_TIMEOUT", `${name2} did not answer in time`);
  let res;
  try {
    res = await fetch(url2, { ...init, redirect: "manual", signal });
  } catch (_err) {
    throw signal.aborted ? timedOut() : providerError(502, "PROVIDER_UNAVAILABLE", `${name2} could not be reached`);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    if (signal.aborted) throw timedOut();
    body = void 0;
  }
  if (!res.ok || typeof body !== "object" || body === null || Array.isArray(body)) throw providerError(401, "PROVIDER_REJECTED", `${name2} refused the token`);
  return body;
}
var rejected = (message) => providerError(401, "PROVIDER_REJECTED", message);

// src/server/providers/id-token.ts
var DISCOVERY_TTL_MS = 60 * 60 * 1e3;
var ALGORITHMS = ["RS256", "ES256"];
var CLOCK_TOLERANCE_S = 60;
var issuers = /* @__PURE__ */ new Map();
async function discover(issuer, name2, now) {
  const cached = issuers.get(issuer);
  if (cached) {
    const found = await cached.catch(() => void 0);
    if (found && now - found.readAt < DISCOVERY_TTL_MS) return found;
    if (issuers.get(issuer) === cached) issuers.delete(issuer);
  }
  let pending = issuers.get(issuer);
  if (!pending) {
    pending = (async () => {
      const doc = await fetchProviderJson(`${issuer}/.well-known/openid-configuration`, { headers: { accept: "application/json" } }, name2).catch((err) => {
        throw err instanceof ApiError && err.code === "PROVIDER_REJECTED" ? new ApiError(502, "PROVIDER_UNAVAILABLE", `${name2} published no OpenID discovery document`) : err;
      });
      if (typeof doc.jwks_uri !== "string" || !/^https?:\/\//.test(doc.jwks_uri)) {
        throw new ApiError(502, "PROVIDER_UNAVAILABLE", `${name2}'s discovery document names no jwks_uri`);
      }
      return {
        readAt: now,
        keys: createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: PROVIDER_TIMEOUT_MS, cooldownDuration: 3e4, cacheMaxAge: 10 * 6e4 })
      };
    })();
    issuers.set(issuer, pending);
    pending.catch(() => {
      if (issuers.get(issuer) === pending) issuers.delete(issuer);
    });
  }
  return pending;
}
function nonceMatches(claim, nonce) {
  if (typeof claim !== "string") return false;
  const same = (a, b) => a.length === b.length && timingSafeEqual2(Buffer.from(a), Buffer.from(b));
  return same(claim, nonce) || same(claim, createHash3("sha256").update(nonce).digest("hex"));
}
async function verifyIdToken(check2) {
  const { config, name: name2, token, nonce, now } = check2;
  const issuer = await discover(config.issuer, name2, now);
  let payload;
  try {
    ({ payload } = await jwtVerify(token, issuer.keys, {
      issuer: [config.issuer, ...check2.alsoIssuers ?? []],
      audience: config.clientId,
      algorithms: ALGORITHMS,
      currentDate: new Date(now),
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["sub", "iat", "exp"]
    }));
  } catch (err) {
    if (err instanceof errors.JWKSTimeout) throw new ApiError(504, "PROVIDER_TIMEOUT", `${name2} did not hand out its keys in time`);
    if (err instanceof errors.JWTExpired) throw rejected(`The ${name2} ID token has expired`);
    if (err instanceof errors.JWTClaimValidationFailed) throw rejected(`The ${name2} ID token's "${err.claim}" claim is not right for this site`);
    if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWSSignatureVerificationFailed) {
      throw rejected(`The ${name2} ID token is not signed by ${name2}'s published keys`);
    }
    if (err instanceof errors.JOSEError && err.code !== "ERR_JOSE_GENERIC" && err.code !== "ERR_JWKS_INVALID")
      throw rejected(`The ${name2} ID token is not valid`);
    throw new ApiError(502, "PROVIDER_UNAVAILABLE", `${name2}'s keys could not be fetched`);
  }
  if (typeof payload.sub !== "string" || payload.sub === "") throw rejected(`The ${name2} ID token names no subject`);
  if (typeof payload.iat !== "number" || payload.iat > now / 1e3 + CLOCK_TOLERANCE_S) throw rejected(`The ${name2} ID token is dated in the future`);
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== config.clientId)
    throw rejected(`The ${name2} ID token was issued to another party`);
  if (!nonceMatches(payload.nonce, nonce)) throw rejected(`The ${name2} ID token was not issued for this sign-in attempt (nonce)`);
  return payload;
}
var isTrue = (value) => value === true || value === "true";
function emailClaim(value) {
  return typeof value === "string" && /^[^\s@]+@[^\s@]+$/.test(value) && value.length <= 254 ? value.toLowerCase() : void 0;
}

// src/server/providers/apple.ts
async function verifyAppleToken(config, token, nonce, now) {
  const claims = await verifyIdToken({ config, name: "Apple", token, nonce, now });
  const email2 = emailClaim(claims.email);
  return { provider: "APPLE", subject: claims.sub, email: email2, emailVerified: email2 !== void 0 && isTrue(claims.email_verified), profile: {} };
}

// src/server/providers/facebook.ts
async function verifyFacebookToken(config, token) {
  const appToken = `${config.appId}|${config.appSecret}`;
  const debug = await fetchProviderJson(
    `${config.graphUrl}/debug_token?${new URLSearchParams({ input_token: token, access_token: appToken })}`,
    { headers: { accept: "application/json" } },
    "Facebook"
  );
  const data = debug.data ?? {};
  if (data.is_valid !== true) throw rejected("Facebook says the token is not valid");
  if (String(data.app_id) !== config.appId) throw rejected("The Facebook token was issued for another app");
  const me = await fetchProviderJson(
    `${config.graphUrl}/me?${new URLSearchParams({ fields: "id,email,first_name,last_name", access_token: token })}`,
    { headers: { accept: "application/json" } },
    "Facebook"
  );
  const id = me.id ?? data.user_id;
  if (typeof id !== "string" && typeof id !== "number") throw rejected("Facebook named no user");
  if (data.user_id !== void 0 && String(data.user_id) !== String(id)) throw rejected("The Facebook token belongs to another user");
  const profile = {};
  if (typeof me.first_name === "string") profile.firstName = me.first_name;
  if (typeof me.last_name === "string") profile.lastName = me.last_name;
  const email2 = typeof me.email === "string" && me.email.includes("@") ? me.email.toLowerCase() : void 0;
  return { provider: "FACEBOOK", subject: String(id), email: email2, emailVerified: email2 !== void 0, profile };
}

// src/server/providers/google.ts
async function verifyGoogleToken(config, token, nonce, now) {
  const host = config.issuer.replace(/^https:\/\//, "");
  const claims = await verifyIdToken({ config, name: "Google", alsoIssuers: host !== config.issuer ? [host] : [], token, nonce, now });
  const email2 = emailClaim(claims.email);
  const profile = {};
  if (typeof claims.given_name === "string") profile.firstName = claims.given_name.trim();
  if (typeof claims.family_name === "string") profile.lastName = claims.family_name.trim();
  if (typeof claims.picture === "string") profile.avatarUrl = claims.picture;
  return { provider: "GOOGLE", subject: claims.sub, email: email2, emailVerified: email2 !== void 0 && isTrue(claims.email_verified), profile };
}

// src/server/providers/oauth.ts
async function verifyOAuthToken(config, token) {
  const claims = await fetchProviderJson(
    config.verifyUrl,
    { headers: { authorization: `Bearer ${token}`, accept: "application/json" } },
    "The OAuth verification endpoint"
  );
  const subject = claims.sub;
  if (typeof subject !== "string" && typeof subject !== "number") throw rejected("The verification endpoint named no subject (sub)");
  const profile = {};
  for (const [field, claim] of Object.entries(config.claims)) {
    const value = claims[claim];
    if ((typeof value === "string" || typeof value === "number") && String(value).trim() !== "") profile[field] = String(value).trim();
  }
  const email2 = profile.email?.toLowerCase();
  delete profile.email;
  const emailVerified = email2 !== void 0 && (config.trustEmail || claims.email_verified === true || claims.email_verified === "true");
  return { provider: "OAUTH", subject: String(subject), email: email2, emailVerified, profile };
}

// src/server/providers/verify.ts
function providerDisabled(provider) {
  return new ApiError(400, "PROVIDER_DISABLED", `Sign-in with ${provider} is not enabled on this server`);
}
async function verifyProviderToken(config, provider, token, attempt) {
  switch (provider) {
    case "OAUTH":
      if (!config.oauth) throw providerDisabled("OAuth");
      return verifyOAuthToken(config.oauth, token);
    case "FACEBOOK":
      if (!config.facebook) throw providerDisabled("Facebook");
      return verifyFacebookToken(config.facebook, token);
    case "GOOGLE":
      if (!config.google) throw providerDisabled("Google");
      return verifyGoogleToken(config.google, token, requireNonce(attempt.nonce), attempt.now);
    case "APPLE":
      if (!config.apple) throw providerDisabled("Apple");
      return verifyAppleToken(config.apple, token, requireNonce(attempt.nonce), attempt.now);
  }
}
function requireNonce(nonce) {
  if (nonce === void 0) throw new ApiError(400, "VALIDATION_FAILED", "nonce is required");
  return nonce;
}

// src/server/identity/prove-customer.ts
var wrong = () => forbidden("INVALID_CREDENTIALS", "The password or the provider token does not prove this account");
async function proveCustomer(deps, row, proof, address, now) {
  if ("password" in proof) {
    const attempt = row.email ? await deps.limiter.signInAttempt(row.email, address, now) : void 0;
    if (!row.password_hash || !await verifyPassword(proof.password, row.password_hash)) {
      attempt?.refused();
      throw wrong();
    }
    await attempt?.succeeded();
    return;
  }
  const links = await findClientIdentities(deps.db, row.id);
  const providers = [...new Set(links.map((l) => l.provider))].filter((p) => proof.provider === void 0 || p === proof.provider);
  if (providers.length === 0) {
    throw badRequest("VALIDATION_FAILED", "This account is not linked to that identity provider: prove it with the password", [
      { field: "externalToken", code: "not_linked", message: "No identity provider of this account" }
    ]);
  }
  let lastError;
  for (const provider of providers) {
    try {
      const identity = await verifyProviderToken(deps.config, provider, proof.externalToken, { now: deps.now() });
      if (links.some((l) => l.provider === identity.provider && l.subject === identity.subject)) return;
      lastError = wrong();
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

// src/server/identity/delete-account.ts
async function deleteAccount(deps, input) {
  const row = await signedInCustomer(deps, input.token);
  const proof = input.identityProvider === "SYNERISE" ? { password: input.clientAuthFactor } : { externalToken: input.clientAuthFactor, provider: input.identityProvider };
  await proveCustomer(deps, row, proof, input.address, input.now());
  const now = input.now();
  await deps.db.transaction().execute(async (trx) => {
    const current = await findClientById(trx, row.id);
    if (!current || !isCustomer(current)) throw unauthorized("SESSION_REVOKED", "The session has ended");
    await eraseCustomer(deps, trx, current, "account-deleted", now);
  });
}

// src/server/identity/request-email-change.ts
async function requestEmailChange(deps, input) {
  const { now } = input;
  const row = await signedInCustomer(deps, input.token);
  const proof = input.password !== void 0 ? { password: input.password } : {
    externalToken: input.externalToken ?? "",
    ...input.identityProvider && input.identityProvider !== "SYNERISE" ? { provider: input.identityProvider } : {}
  };
  await proveCustomer(deps, row, proof, input.address, now);
  const newEmail = input.email.toLowerCase();
  if (newEmail === row.email) {
    throw badRequest("VALIDATION_FAILED", "This is the account\u2019s address already", [
      { field: "email", code: "unchanged", message: "This is the account\u2019s address already" }
    ]);
  }
  await deps.limiter.emailRequest(newEmail, input.address, now);
  const holder = await findEmailRecipient(deps.db, newEmail);
  deps.mailer.afterAnswer(
    input.answered,
    () => deps.db.transaction().execute(async (trx) => {
      if (holder)
        await deps.mailer.enqueue(trx, newEmail, renderNotice("email_change_taken", newEmail, holder.email_confirmed === 1 ? holder.first_name : null), now);
      else await issueEmailChangeLink(deps, trx, row, newEmail, now);
      if (row.email)
        await deps.mailer.enqueue(trx, row.email, renderNotice("email_change_requested", newEmail, row.email_confirmed === 1 ? row.first_name : null), now);
    })
  );
}

// src/server/identity/activation-pin.ts
import { createHash as createHash4, randomInt, timingSafeEqual as timingSafeEqual3 } from "node:crypto";
var hashPin = (clientId, pin) => createHash4("sha256").update(`snr-activation-pin:${clientId}:${pin}`).digest("base64url");
var newPin = () => String(randomInt(0, 1e6)).padStart(6, "0");
var pinInvalid = () => badRequest("ACTIVATION_PIN_INVALID", "This code is wrong or no longer valid: check the newest email, or ask for a new code", [
  { field: "pinCode", code: "invalid", message: "This code is wrong or no longer valid" }
]);
async function issueActivationPin(deps, trx, client, now) {
  const pin = newPin();
  const { ttl } = deps.config.activationPin;
  await replaceActivationPin(trx, { clientId: client.id, pinHash: hashPin(client.id, pin), now, expiresAt: now + ttl * 1e3 });
  await deps.mailer.enqueue(trx, client.email, renderPinMail(pin, Math.round(ttl / 60)), now);
}
async function requestActivationPin(deps, input) {
  const { now } = input;
  await deps.limiter.emailRequest(input.email, input.address, now);
  const client = await findEmailRecipient(deps.db, input.email);
  if (client?.status === "pending_activation") {
    deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute((trx) => issueActivationPin(deps, trx, client, now)));
  }
}
async function confirmActivationPin(deps, input) {
  const { now } = input;
  const { maxTries } = deps.config.activationPin;
  await deps.db.transaction().execute(async (trx) => {
    const client = await findClientByEmail(trx, input.email);
    if (client?.status !== "pending_activation") throw pinInvalid();
    const live = await takePinTry(trx, client.id, maxTries, now);
    if (!live) throw pinInvalid();
    const given = Buffer.from(hashPin(client.id, input.pin));
    if (!timingSafeEqual3(given, Buffer.from(live.pin_hash))) {
      if (live.attempts >= maxTries) await deleteActivationPin(trx, client.id);
      return "wrong";
    }
    if (!await consumeActivationPin(trx, client.id, live.pin_hash)) throw pinInvalid();
    await updateClient(trx, client.id, { status: statusOnceEmailProved(client), email_confirmed: 1, updated_at: now });
    await markEmailTokensUsed(trx, client.id, ["activation", "confirmation"], now);
    return "ok";
  }).then((outcome) => {
    if (outcome === "wrong") throw pinInvalid();
  });
}

// src/server/identity/merge-anonymous.ts
async function mergeAnonymousProfile(trx, visitor, customerId) {
  if (!visitor.uuid || !visitor.holdsToken) return;
  const anonymous = await findClientByUuid(trx, visitor.uuid);
  if (anonymous) await mergeAnonymousInto(trx, anonymous, customerId);
}
async function uuidForNewCustomer(trx, visitor) {
  if (!visitor.uuid || visitor.holdsToken) return visitor.uuid;
  return await findClientByUuid(trx, visitor.uuid) ? void 0 : visitor.uuid;
}

// src/server/identity/register.ts
var emailTaken = () => conflict("EMAIL_TAKEN", "An account with this email already exists", [
  { field: "email", code: "taken", message: "An account with this email already exists" }
]);
var customIdTaken = () => conflict("CUSTOM_ID_TAKEN", "This customId belongs to another customer", [
  { field: "customId", code: "taken", message: "This customId belongs to another customer" }
]);
var MODES = {
  automatic: { status: "active", answer: "REGISTERED" },
  confirmation: { status: "active", answer: "CONFIRMATION_REQUIRED" },
  activation: { status: "pending_activation", answer: "ACTIVATION_REQUIRED" },
  pin: { status: "pending_activation", answer: "ACTIVATION_REQUIRED" },
  approval: { status: "pending_approval", answer: "APPROVAL_REQUIRED" }
};
async function register(deps, input) {
  const { body } = input;
  await deps.limiter.registration(input.address, input.now());
  const passwordHash = await acceptNewPassword(deps, body.password);
  const mode = deps.config.registrationMode;
  const { status, answer } = MODES[mode];
  const now = input.now();
  let customer;
  try {
    customer = await deps.db.transaction().execute(async (trx) => {
      if (await findClientByEmail(trx, body.email)) throw emailTaken();
      if (body.customId && await customIdInUse(trx, body.customId)) throw customIdTaken();
      const fields = {
        ...profileChanges(body),
        email: body.email,
        password_hash: passwordHash,
        status,
        email_confirmed: 0,
        updated_at: now,
        last_activity_at: now
      };
      const row = await becomeCustomer(trx, await uuidForNewCustomer(trx, input.visitor), fields, now);
      if (mode === "confirmation" || mode === "activation") await issueEmailLink(deps, trx, row, mode, now);
      else if (mode === "pin") await issueActivationPin(deps, trx, row, now);
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw /custom_id/.test(String(err.message)) ? customIdTaken() : emailTaken();
    throw err;
  }
  deps.mailer.flushSoon();
  return { status: answer, registrationMode: mode, clientId: customer.id, uuid: customer.uuid, canSignIn: status === "active" };
}

// src/server/identity/update-account.ts
async function updateAccount(deps, input) {
  try {
    const updated = await deps.db.transaction().execute(async (trx) => {
      const current = await findClientById(trx, input.token.session.client_id);
      if (!current || current.status === "anonymous") throw unauthorized("SESSION_REVOKED", "The session has ended");
      return updateClient(trx, current.id, { ...profileChanges(input.changes, current), updated_at: input.now });
    });
    return toAccountInformation(updated);
  } catch (err) {
    if (isUniqueViolation(err)) throw customIdTaken();
    throw err;
  }
}

// src/server/identity/update-basic-information.ts
async function updateBasicInformation(deps, input) {
  await deps.db.transaction().execute(async (trx) => {
    const current = await findClientById(trx, input.token.session.client_id);
    if (!current) throw unauthorized("SESSION_REVOKED", "The session has ended");
    const changes = profileChanges(input.changes, current);
    if (Object.keys(changes).length === 0) return;
    await updateClient(trx, current.id, { ...changes, updated_at: input.now });
  });
}

// src/server/route.ts
import { createHash as createHash5, timingSafeEqual as timingSafeEqual4 } from "node:crypto";
var digest2 = (s) => createHash5("sha256").update(s).digest();
var backendKeyDigests = /* @__PURE__ */ new WeakMap();
function authoriseBackend(ctx, c) {
  if (!ctx.config.backendKey) throw forbidden("BACKEND_NOT_CONFIGURED", "Site-backend routes are off: set SNR_BACKEND_KEY on the server");
  let expected = backendKeyDigests.get(ctx);
  if (!expected) backendKeyDigests.set(ctx, expected = digest2(ctx.config.backendKey));
  const given = bearerToken(c);
  if (!given || !timingSafeEqual4(digest2(given), expected)) {
    throw forbidden("BACKEND_KEY_REQUIRED", "This route needs the site backend key (Authorization: Bearer <SNR_BACKEND_KEY>); never call it from a browser");
  }
  return {};
}
var AUTHORISE = {
  none: () => ({}),
  apiKey: (ctx, c, key) => identifyByApiKey(ctx, c, key),
  keyOrToken: (ctx, c, key) => identifyByKeyOrToken(ctx, c, key),
  token: (ctx, c, key, options) => identifyByToken(ctx, c, "token", key, options),
  customer: (ctx, c, key) => identifyByToken(ctx, c, "customer", key),
  backend: (ctx, c) => authoriseBackend(ctx, c)
};
function apiKeyOf(body) {
  if (typeof body !== "object" || body === null || !("apiKey" in body)) return void 0;
  return typeof body.apiKey === "string" ? body.apiKey : void 0;
}
function mount(app, ctx, route2, handler, options = {}) {
  const authorise = AUTHORISE[route2.auth];
  const schema = route2.request;
  const callerFirst = route2.auth === "backend" || schema !== void 0 && schema._zod.def.type === "array";
  const validate = async (c, next) => {
    const body = schema === void 0 ? void 0 : await readBody(c, schema, { limit: ctx.config.bodyLimit, optional: options.optionalBody });
    c.set("body", body);
    await next();
  };
  const authorised = async (c, next) => {
    c.set("caller", await authorise(ctx, c, apiKeyOf(c.get("body")), options));
    await next();
  };
  const answer = async (c) => {
    c.header("Cache-Control", "no-store");
    const result = await handler({ c, caller: c.get("caller"), body: c.get("body"), address: () => clientAddress(c, ctx.config.trustProxy) });
    if (result instanceof Response) return result;
    if (route2.status === 204) return c.body(null, 204);
    return c.json(result ?? null, route2.status);
  };
  if (callerFirst) app.on(route2.method, honoPath(route2.path), authorised, validate, answer);
  else app.on(route2.method, honoPath(route2.path), validate, authorised, answer);
}

// src/server/routes/account.ts
function accountRoutes(ctx) {
  const app = new Hono3();
  mount(app, ctx, ROUTES.getAccount, async ({ caller }) => toAccountInformation(await signedInCustomer(ctx, caller.token)));
  mount(app, ctx, ROUTES.updateAccount, ({ body, caller }) => {
    const { apiKey: _, ...changes } = body;
    return updateAccount(ctx, { token: caller.token, changes, now: ctx.now() });
  });
  mount(app, ctx, ROUTES.updateAccountBasicInformation, async ({ body, caller }) => {
    const { apiKey: _, ...changes } = body;
    await updateBasicInformation(ctx, { token: caller.token, changes, now: ctx.now() });
    return { status: "OK" };
  });
  mount(app, ctx, ROUTES.changePassword, async ({ body, caller, address }) => {
    await changePassword(ctx, { token: caller.token, oldPassword: body.oldPassword, password: body.password, address: address(), now: ctx.now });
    return { status: "OK" };
  });
  mount(app, ctx, ROUTES.requestEmailChange, async ({ c, body, caller, address }) => {
    await requestEmailChange(ctx, {
      token: caller.token,
      email: body.email,
      ...body.password === void 0 ? {} : { password: body.password },
      ...body.externalToken === void 0 ? {} : { externalToken: body.externalToken },
      ...body.identityProvider === void 0 ? {} : { identityProvider: body.identityProvider },
      address: address(),
      now: ctx.now(),
      answered: answerSent(c)
    });
    return { status: "ACCEPTED" };
  });
  mount(app, ctx, ROUTES.confirmEmailChange, async ({ body, caller }) => {
    await confirmEmailChange(ctx, {
      token: body.token,
      ...body.newsletterAgreement === void 0 ? {} : { newsletterAgreement: body.newsletterAgreement },
      ..."token" in caller ? { caller: caller.token } : {},
      now: ctx.now
    });
    return { status: "OK" };
  });
  mount(app, ctx, ROUTES.deleteAccount, async ({ body, caller, address }) => {
    await deleteAccount(ctx, {
      token: caller.token,
      clientAuthFactor: body.clientAuthFactor,
      identityProvider: body.identityProvider ?? "SYNERISE",
      address: address(),
      now: ctx.now
    });
  });
  return app;
}

// src/server/routes/auth.ts
import { Hono as Hono4 } from "hono";

// src/server/identity/anonymous-session.ts
import { randomUUID as randomUUID3 } from "node:crypto";
async function signInAnonymously(deps, input) {
  const { uuid, apiKey, now } = input;
  await deps.limiter.anonymousLogin(input.address, now);
  const holds = await deps.sessions.anonymousUuidOf(input.heldToken, apiKey) === uuid;
  const run = () => deps.db.transaction().execute(async (trx) => {
    const known = await findClientByUuid(trx, uuid);
    const client = !known ? await createAnonymousClient(trx, uuid, now) : known.status === "anonymous" && holds ? known : await createAnonymousClient(trx, randomUUID3(), now);
    const session = await deps.sessions.create(trx, { clientId: client.id, apiKey, realm: "anonymous_client", origin: "ANONYMOUS", now });
    return { client, session };
  });
  let opened;
  try {
    opened = await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    opened = await run();
  }
  return deps.sessions.issue(opened.session, opened.client, now);
}

// src/server/identity/refresh.ts
async function refreshSession(deps, input) {
  const { session } = input.token;
  const { now } = input;
  const client = await deps.db.transaction().execute(async (trx) => {
    const row = await findClientById(trx, session.client_id);
    if (!row) return void 0;
    await markSessionRefreshed(trx, session.id, now);
    if (session.realm === "client") await touchClient(trx, row.id, now);
    return row;
  });
  if (!client) throw unauthorized("SESSION_REVOKED", "The session has ended");
  return deps.sessions.issue(session, client, now);
}

// src/server/identity/customer-session.ts
async function openCustomerSession(deps, trx, customer, input) {
  await mergeAnonymousProfile(trx, input.visitor, customer.id);
  await touchClient(trx, customer.id, input.now);
  return deps.sessions.create(trx, { clientId: customer.id, apiKey: input.apiKey, realm: "client", origin: input.origin, now: input.now });
}

// src/server/identity/sign-in-with-password.ts
async function signInWithPassword(deps, input) {
  const { email: email2, password, now } = input;
  const attempt = await deps.limiter.signInAttempt(email2, input.address, now);
  const client = await findClientByEmail(deps.db, email2);
  const matches = await verifyPassword(password, client?.password_hash ?? deps.dummyHash);
  if (!client?.password_hash || !matches || !isCustomer(client)) {
    attempt.refused();
    return { status: "UNAUTHORIZED" };
  }
  await attempt.succeeded();
  if (client.status === "pending_activation") return { status: "ACTIVATION_REQUIRED" };
  if (client.status === "pending_approval") return { status: "APPROVAL_REQUIRED" };
  const terms = deps.config.terms;
  const acceptsTermsNow = terms !== void 0 && client.terms_version !== terms.version && input.acceptedTermsVersion === terms.version;
  if (terms && client.terms_version !== terms.version && !acceptsTermsNow) return { status: "TERMS_ACCEPTANCE_REQUIRED", terms };
  if (needsRehash(client.password_hash, deps.config.pbkdf2Iterations)) {
    await upgradePasswordHash(deps.db, client.id, client.password_hash, await hashPassword(password, deps.config.pbkdf2Iterations));
  }
  const session = await deps.db.transaction().execute(async (trx) => {
    if (acceptsTermsNow) await recordTermsAcceptance(trx, client.id, terms.version, now);
    return openCustomerSession(deps, trx, client, { apiKey: input.apiKey, visitor: input.visitor, origin: "SYNERISE", now });
  });
  return { status: "SUCCESS", token: await deps.sessions.issue(session, client, now) };
}

// src/server/identity/claim-account.ts
var REASONS = {
  "verified-provider": "linked-unconfirmed-account",
  "backend-recognition": "recognized-unconfirmed-account",
  "password-reset": "password-reset-claimed-account",
  "email-link": "confirmed-claimed-account"
};
async function claimAccountForEmailOwner(deps, trx, account, input) {
  if (account.email_confirmed === 1) return account;
  const linked = await hasProviderLinks(trx, account.id);
  if (account.password_hash === null && !linked) return account;
  if (input.proof === "email-link" && !linked) return account;
  const keepPassword = input.proof === "email-link";
  await unlinkAllProviders(trx, account.id);
  await deps.sessions.revokeClientSessions(trx, account.id, REASONS[input.proof], input.now);
  return updateClient(trx, account.id, {
    status: statusOnceEmailProved(account),
    email_confirmed: 1,
    ...keepPassword ? {} : { password_hash: null },
    updated_at: input.now
  });
}

// src/server/identity/sign-in-with-provider.ts
function acceptedProfile(profile) {
  const out = {};
  for (const [field, value] of Object.entries(profile)) {
    const schema = profileFields[field];
    if (schema?.safeParse(value).success) out[field] = value;
  }
  return out;
}
async function signInWithProvider(deps, input) {
  const { identity, now } = input;
  const run = () => deps.db.transaction().execute(async (trx) => {
    const linkedId = await findLinkedClientId(trx, identity.provider, identity.subject);
    let customer = linkedId === void 0 ? void 0 : await findClientById(trx, linkedId);
    if (customer && !isCustomer(customer)) customer = void 0;
    if (!customer && identity.email) {
      const existing = await findClientByEmail(trx, identity.email);
      if (existing && isCustomer(existing)) {
        if (!identity.emailVerified) {
          throw conflict("EMAIL_TAKEN", "An account with this email exists: sign in with your password first", [
            { field: "email", code: "taken", message: "An account with this email exists" }
          ]);
        }
        const claimed = await claimAccountForEmailOwner(deps, trx, existing, { proof: "verified-provider", now });
        customer = claimed !== existing ? claimed : await updateClient(trx, existing.id, { status: statusOnceEmailProved(existing), email_confirmed: 1, updated_at: now });
      }
    }
    if (!customer) {
      if (!input.mayRegister) return null;
      const fields = {
        ...profileChanges({ ...acceptedProfile(identity.profile), agreements: input.agreements, attributes: input.attributes }),
        email: identity.email ?? null,
        password_hash: null,
        status: "active",
        email_confirmed: identity.emailVerified ? 1 : 0,
        updated_at: now,
        last_activity_at: now
      };
      customer = await becomeCustomer(trx, await uuidForNewCustomer(trx, input.visitor), fields, now);
    }
    if (customer.status === "pending_approval") throw forbidden("APPROVAL_REQUIRED", "The account waits for the approval of the site");
    if (linkedId !== customer.id) await linkIdentity(trx, identity.provider, identity.subject, customer.id, now);
    const session = await openCustomerSession(deps, trx, customer, { apiKey: input.apiKey, visitor: input.visitor, origin: identity.provider, now });
    return { customer, session };
  });
  let result;
  try {
    result = await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    result = await run();
  }
  if (!result) return { status: "REGISTRATION_REQUIRED" };
  return { status: "SUCCESS", token: await deps.sessions.issue(result.session, result.customer, now) };
}

// src/server/identity/sign-out.ts
async function signOut(deps, input) {
  const { session, claims } = input.token;
  if (input.fromAllDevices && claims.rlm === "client") await deps.sessions.revokeClientSessions(deps.db, session.client_id, "signed-out-everywhere", input.now);
  else await deps.sessions.revokeSession(deps.db, session.id, "signed-out", input.now);
}

// src/server/routes/auth.ts
async function viaProvider(ctx, body, apiKey, visitor, mayRegister) {
  const identity = await verifyProviderToken(ctx.config, body.identityProvider, body.identityProviderToken, { nonce: body.nonce, now: ctx.now() });
  return signInWithProvider(ctx, {
    identity,
    visitor,
    agreements: body.agreements,
    attributes: body.attributes,
    apiKey,
    mayRegister,
    now: ctx.now()
  });
}
function viaPassword(ctx, body, apiKey, visitor, address) {
  return signInWithPassword(ctx, {
    email: body.email,
    password: body.password,
    visitor,
    apiKey,
    address,
    now: ctx.now(),
    acceptedTermsVersion: body.acceptedTermsVersion
  });
}
async function visitorOf(ctx, c, uuid, apiKey) {
  return { uuid, holdsToken: await ctx.sessions.anonymousUuidOf(bearerToken(c), apiKey) === uuid };
}
function conditionalAnswer(ctx, result) {
  switch (result.status) {
    case "SUCCESS":
      return { status: "SUCCESS", conditions: [], token: result.token };
    case "UNAUTHORIZED":
      return { status: "UNAUTHORIZED", conditions: [] };
    case "ACTIVATION_REQUIRED":
      return { status: "ACTIVATION_REQUIRED", conditions: [{ type: ctx.config.registrationMode === "pin" ? "PIN_ACTIVATION" : "EMAIL_ACTIVATION" }] };
    case "APPROVAL_REQUIRED":
      return { status: "APPROVAL_REQUIRED", conditions: [{ type: "APPROVAL" }] };
    case "TERMS_ACCEPTANCE_REQUIRED":
      return {
        status: "TERMS_ACCEPTANCE_REQUIRED",
        conditions: [{ type: "TERMS_ACCEPTANCE", termsVersion: result.terms.version, termsUrl: result.terms.url }]
      };
  }
}
function authRoutes(ctx) {
  const app = new Hono4();
  mount(
    app,
    ctx,
    ROUTES.anonymousLogin,
    ({ c, body, caller, address }) => signInAnonymously(ctx, { uuid: body.uuid, heldToken: bearerToken(c), apiKey: caller.apiKey, address: address(), now: ctx.now() })
  );
  mount(app, ctx, ROUTES.login, async ({ c, body, caller, address }) => {
    const visitor = await visitorOf(ctx, c, body.uuid, caller.apiKey);
    if ("identityProviderToken" in body) {
      const result2 = await viaProvider(ctx, body, caller.apiKey, visitor, true);
      if (result2.status !== "SUCCESS") throw new Error("a provider sign-in that may register always succeeds");
      return result2.token;
    }
    const result = await viaPassword(ctx, body, caller.apiKey, visitor, address());
    if (result.status === "ACTIVATION_REQUIRED")
      throw forbidden("ACTIVATION_REQUIRED", "The account is not activated yet: follow the link in the activation email");
    if (result.status === "UNAUTHORIZED") throw unauthorized("INVALID_CREDENTIALS", "Wrong email or password");
    if (result.status === "APPROVAL_REQUIRED") throw forbidden("APPROVAL_REQUIRED", "The account waits for the approval of the site");
    if (result.status === "TERMS_ACCEPTANCE_REQUIRED")
      throw forbidden("TERMS_ACCEPTANCE_REQUIRED", `The terms (version ${result.terms.version}) must be accepted first: sign in conditionally`);
    return result.token;
  });
  mount(app, ctx, ROUTES.loginConditionally, async ({ c, body, caller, address }) => {
    const visitor = await visitorOf(ctx, c, body.uuid, caller.apiKey);
    if ("identityProviderToken" in body) {
      const result2 = await viaProvider(ctx, body, caller.apiKey, visitor, false);
      return result2.status === "SUCCESS" ? { status: "SUCCESS", conditions: [], token: result2.token } : { status: "REGISTRATION_REQUIRED", conditions: [{ type: "REGISTRATION" }] };
    }
    const result = await viaPassword(ctx, body, caller.apiKey, visitor, address());
    return conditionalAnswer(ctx, result);
  });
  mount(app, ctx, ROUTES.refreshToken, ({ caller }) => refreshSession(ctx, { token: caller.token, now: ctx.now() }), { optionalBody: true, fresh: true });
  mount(app, ctx, ROUTES.signOut, ({ body, caller }) => signOut(ctx, { token: caller.token, fromAllDevices: body.fromAllDevices === true, now: ctx.now() }), {
    optionalBody: true
  });
  return app;
}

// src/server/routes/backend.ts
import { Hono as Hono5 } from "hono";

// src/server/identity/approve-client.ts
async function approveClient2(deps, input) {
  const row = await approveClient(deps.db, input.clientId, input.now);
  if (!row) throw notFound("NOT_FOUND", "No such customer");
}

// src/server/identity/recognize.ts
async function recognize(deps, input) {
  const { body, now } = input;
  const run = () => deps.db.transaction().execute(async (trx) => {
    const holder = body.customId ? await findClientByCustomId(trx, body.customId) : void 0;
    const byCustomId = holder?.custom_id_verified === 1 ? holder : void 0;
    const byEmail = body.email ? await findClientByEmail(trx, body.email) : void 0;
    if (byEmail && byCustomId && byEmail.id !== byCustomId.id) {
      throw conflict("CUSTOM_ID_TAKEN", "The email and the customId belong to two different customers", [
        { field: "customId", code: "taken", message: "belongs to another customer" }
      ]);
    }
    if (holder && !byCustomId) await updateClient(trx, holder.id, { custom_id: null, custom_id_verified: 0, updated_at: now });
    let customer = byEmail ?? byCustomId;
    if (customer && !isCustomer(customer)) customer = void 0;
    if (customer && customer === byEmail) customer = await claimAccountForEmailOwner(deps, trx, customer, { proof: "backend-recognition", now });
    const changes = { ...profileChanges(body, customer), ...body.customId ? { custom_id_verified: 1 } : {}, updated_at: now, last_activity_at: now };
    let created = false;
    if (customer) {
      customer = await updateClient(trx, customer.id, { ...changes, ...body.email && !customer.email ? { email: body.email } : {} });
    } else {
      created = true;
      customer = await becomeCustomer(trx, body.uuid, { ...changes, email: body.email ?? null, status: "active", email_confirmed: 0 }, now);
    }
    await mergeAnonymousProfile(trx, { uuid: body.uuid, holdsToken: true }, customer.id);
    return { clientId: customer.id, uuid: customer.uuid, created };
  });
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) return run();
    throw err;
  }
}

// src/server/routes/backend.ts
function clientIdParam(param) {
  const raw = param ?? "";
  const id = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new ApiError(400, "VALIDATION_FAILED", "clientId must be a positive integer", [
      { field: "clientId", code: "invalid_type", message: "Must be a positive integer" }
    ]);
  return id;
}
function backendRoutes(ctx) {
  const app = new Hono5();
  mount(app, ctx, ROUTES.recognizeClient, ({ body }) => recognize(ctx, { body, now: ctx.now() }));
  mount(
    app,
    ctx,
    ROUTES.approveClient,
    async ({ c }) => {
      await approveClient2(ctx, { clientId: clientIdParam(c.req.param("clientId")), now: ctx.now() });
      return { status: "OK" };
    },
    { optionalBody: true }
  );
  mount(app, ctx, ROUTES.deleteClientByEmail, ({ c }) => deleteClient(ctx, { target: { email: (c.req.param("email") ?? "").trim() }, now: ctx.now }));
  mount(app, ctx, ROUTES.deleteClientByCustomId, ({ c }) => deleteClient(ctx, { target: { customId: c.req.param("customId") ?? "" }, now: ctx.now }));
  mount(app, ctx, ROUTES.deleteClient, ({ c }) => deleteClient(ctx, { target: { clientId: clientIdParam(c.req.param("clientId")) }, now: ctx.now }));
  return app;
}

// src/server/routes/events.ts
import { Hono as Hono6 } from "hono";

// src/server/identity/record-events.ts
async function recordEvents(deps, input) {
  const { token, events, now } = input;
  let bytes = 0;
  const rows = events.map((e) => {
    const params = JSON.stringify(e.params ?? {});
    const label = e.label === void 0 ? null : encodeLabel(e.label);
    bytes += Buffer.byteLength(params) + Buffer.byteLength(e.action) + (label === null ? 0 : Buffer.byteLength(label));
    return {
      event_salt: e.eventSalt,
      client_id: 0,
      uuid: e.client.uuid,
      action: e.action,
      label,
      event_time: Date.parse(e.time),
      params,
      received_at: now,
      api_key: token.claims.aud
    };
  });
  await deps.limiter.events({ sessionId: token.session.id, clientId: token.session.client_id }, { count: events.length, bytes }, now);
  const stored = await deps.db.transaction().execute(async (trx) => {
    const clientId = await sessionClientId(trx, token.session.id);
    for (const row of rows) row.client_id = clientId;
    const inserted = await insertEvents(trx, rows);
    if (token.claims.rlm === "client") await touchClient(trx, clientId, now);
    return inserted;
  });
  return { status: "ACCEPTED", received: events.length, duplicates: events.length - stored };
}

// src/server/routes/events.ts
function eventRoutes(ctx) {
  const app = new Hono6();
  mount(app, ctx, ROUTES.trackEvents, ({ body, caller }) => recordEvents(ctx, { token: caller.token, events: body, now: ctx.now() }));
  return app;
}

// src/server/routes/public.ts
import { Hono as Hono7 } from "hono";

// src/server/loopback.ts
function isLoopbackAddress(address) {
  return address !== void 0 && /^(::ffff:)?127(\.\d{1,3}){3}$|^::1$/i.test(address);
}
function isLoopbackHost(host) {
  return host !== void 0 && /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(host);
}

// src/server/store/outbox.ts
async function listOutbox(db, to) {
  let query = db.selectFrom("outbox").select(["id", "to_address", "subject", "text_body", "html_body", "created_at"]).orderBy("id", "desc").limit(100);
  if (to) query = query.where("to_address", "=", to.toLowerCase());
  return query.execute();
}

// src/server/routes/public.ts
function publicRoutes(ctx) {
  const app = new Hono7();
  mount(app, ctx, ROUTES.publicConfig, ({ c }) => {
    const apiKey = c.req.query("apiKey");
    if (apiKey !== void 0 && !ctx.config.apiKeys.has(apiKey)) throw forbidden("UNKNOWN_API_KEY", "Unknown API key");
    c.header("Cache-Control", "public, max-age=60");
    return {
      registrationMode: ctx.config.registrationMode,
      passwordPolicy: ctx.config.passwordPolicy,
      tokenLifetime: ctx.config.tokenTtl,
      ...ctx.config.facebook ? { facebookAppId: ctx.config.facebook.appId } : {},
      oauthEnabled: ctx.config.oauth !== void 0,
      agreements: ctx.config.agreements,
      ...ctx.config.google ? { googleClientId: ctx.config.google.clientId } : {},
      ...ctx.config.apple ? { appleClientId: ctx.config.apple.clientId } : {}
    };
  });
  mount(app, ctx, ROUTES.jwks, ({ c }) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(ctx.keys.jwks(), 200);
  });
  mount(app, ctx, ROUTES.publicPem, async ({ c }) => {
    const pem = await ctx.keys.pem(c.req.query("kid"));
    if (pem === void 0) throw notFound("NOT_FOUND", "No signing key has this kid");
    c.header("Content-Type", "application/x-pem-file");
    c.header("Cache-Control", "public, max-age=300");
    return c.body(pem, 200);
  });
  mount(app, ctx, ROUTES.health, async ({ c }) => {
    try {
      await ctx.store.check();
      return { status: "ok" };
    } catch {
      c.header("Retry-After", "5");
      return c.json({ status: "unavailable" }, 503);
    }
  });
  return app;
}
function devMailboxRoutes(ctx) {
  const app = new Hono7();
  app.get("/snr/dev/outbox", async (c) => {
    const hostHeader = c.req.header("host");
    const local = (hostHeader === void 0 || isLoopbackHost(hostHeader)) && isLoopbackHost(new URL(c.req.url).host) && isLoopbackAddress(clientAddress(c, false));
    if (!local) return c.notFound();
    const rows = await listOutbox(ctx.db, c.req.query("to"));
    c.header("Cache-Control", "no-store");
    return c.json(
      rows.map((r) => ({
        id: r.id,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        createdAt: new Date(r.created_at).toISOString()
      })),
      200
    );
  });
  return app;
}

// src/server/routes/registration.ts
import { Hono as Hono8 } from "hono";

// src/server/identity/activation.ts
async function requestActivationLink(deps, input) {
  const { now } = input;
  await deps.limiter.emailRequest(input.email, input.address, now);
  const client = await findEmailRecipient(deps.db, input.email);
  const purpose = client?.status === "pending_activation" ? "activation" : client?.status === "active" && client.email_confirmed === 0 ? "confirmation" : void 0;
  if (client && purpose) deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute((trx) => issueEmailLink(deps, trx, client, purpose, now)));
}
async function confirmActivation(deps, input) {
  const { now } = input;
  await deps.db.transaction().execute(async (trx) => {
    const row = await findConfirmationToken(trx, hashEmailToken(input.token));
    if (!row) throw notFound("EMAIL_TOKEN_INVALID", "This link is not valid");
    if (row.email_confirmed === 1 && row.status === "active") throw badRequest("ALREADY_CONFIRMED", "This account is already confirmed");
    if (row.used_at !== null || row.expires_at <= now) throw notFound("EMAIL_TOKEN_INVALID", "This link has expired or was replaced by a newer one");
    await useEmailToken(trx, row.token_hash, now);
    const account = await findClientById(trx, row.client_id);
    if (account) await claimAccountForEmailOwner(deps, trx, account, { proof: "email-link", now });
    await updateClient(trx, row.client_id, { status: "active", email_confirmed: 1, updated_at: now });
    await deleteActivationPin(trx, row.client_id);
  });
}

// src/server/identity/reset-password.ts
async function requestPasswordReset(deps, input) {
  const { now } = input;
  await deps.limiter.emailRequest(input.email, input.address, now);
  const client = await findEmailRecipient(deps.db, input.email);
  if (client && isCustomer(client))
    deps.mailer.afterAnswer(input.answered, () => deps.db.transaction().execute((trx) => issueEmailLink(deps, trx, client, "password_reset", now)));
}
async function resetPassword(deps, input) {
  const tokenHash = hashEmailToken(input.token);
  const live = await findPasswordResetToken(deps.db, tokenHash);
  const now = input.now();
  if (!live || live.used_at !== null || live.expires_at <= now) throw notFound("EMAIL_TOKEN_INVALID", "This password reset link is not valid or has expired");
  const passwordHash = await acceptNewPassword(deps, input.password);
  const client = await deps.db.transaction().execute(async (trx) => {
    if (!await useEmailToken(trx, tokenHash, now)) throw notFound("EMAIL_TOKEN_INVALID", "This password reset link was already used");
    const account = await findClientById(trx, live.client_id);
    const claimed = account ? await claimAccountForEmailOwner(deps, trx, account, { proof: "password-reset", now }) : void 0;
    const status = claimed ? statusOnceEmailProved(claimed) : "active";
    const updated = await updateClient(trx, live.client_id, { password_hash: passwordHash, status, email_confirmed: 1, updated_at: now });
    await deleteActivationPin(trx, live.client_id);
    await deps.sessions.revokeClientSessions(trx, live.client_id, "password-reset", now);
    return updated;
  });
  if (client.email) await deps.limiter.liftAccountLimits(client.email);
}

// src/server/routes/registration.ts
function registrationRoutes(ctx) {
  const app = new Hono8();
  for (const route2 of [ROUTES.registerAccount, ROUTES.registerAccountV4]) {
    mount(app, ctx, route2, ({ body, caller, address }) => {
      const { apiKey: _, ...fields } = body;
      const visitor = "token" in caller ? { uuid: caller.token.claims.uuid, holdsToken: true } : { uuid: body.uuid, holdsToken: false };
      return register(ctx, { body: fields, visitor, address: address(), now: ctx.now });
    });
  }
  mount(app, ctx, ROUTES.requestAccountActivation, async ({ c, body, address }) => {
    await requestActivationLink(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) });
    return { status: "ACCEPTED" };
  });
  mount(app, ctx, ROUTES.confirmAccountActivation, async ({ body }) => {
    await confirmActivation(ctx, { token: body.token, now: ctx.now() });
    return { status: "OK" };
  });
  mount(app, ctx, ROUTES.requestAccountActivationByPin, async ({ c, body, address }) => {
    await requestActivationPin(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) });
    return { status: "ACCEPTED" };
  });
  mount(app, ctx, ROUTES.confirmAccountActivationByPin, async ({ body }) => {
    await confirmActivationPin(ctx, { email: body.email, pin: body.pinCode, now: ctx.now() });
    return { status: "OK" };
  });
  mount(app, ctx, ROUTES.requestPasswordReset, async ({ c, body, address }) => {
    await requestPasswordReset(ctx, { email: body.email, address: address(), now: ctx.now(), answered: answerSent(c) });
    return { status: "ACCEPTED" };
  });
  mount(app, ctx, ROUTES.confirmPasswordReset, async ({ body }) => {
    await resetPassword(ctx, { token: body.token, password: body.password, now: ctx.now });
    return { status: "OK" };
  });
  return app;
}

// src/server/app.ts
var ROUTE_PATHS = new Set(Object.values(ROUTES).map((r) => r.path));
function createApp(ctx, options = {}) {
  const app = new Hono9();
  app.use(requestLog(ctx.log));
  app.use(edgeHeaders({ originAllowed: (origin) => originAllowedForAnyKey(ctx, origin) }));
  app.route("/", publicRoutes(ctx));
  app.route("/", authRoutes(ctx));
  app.route("/", registrationRoutes(ctx));
  app.route("/", accountRoutes(ctx));
  app.route("/", eventRoutes(ctx));
  app.route("/", backendRoutes(ctx));
  if (ctx.config.localMode && ctx.mailer.mode === "outbox") app.route("/", devMailboxRoutes(ctx));
  app.route("/", kitRoutes(options.kitRoot));
  if (options.extra) app.route("/", options.extra);
  app.route("/", pageRoutes(ctx, { demo: options.demo ?? false }));
  app.notFound(
    (c) => ROUTE_PATHS.has(c.req.path) ? sendError(c, 405, "METHOD_NOT_ALLOWED", `${c.req.method} is not allowed on ${c.req.path}`) : sendError(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`)
  );
  app.onError(errorHandler({ log: ctx.log }));
  return app;
}

// src/server/config.ts
import { isIP } from "node:net";
import { z as z3 } from "zod";
var LOCAL_API_KEY = "snr-local-dev-key";
var OAUTH_CLAIM_FIELDS = [
  "email",
  "firstName",
  "lastName",
  "displayName",
  "phone",
  "customId",
  "city",
  "countryCode",
  "zipCode",
  "company",
  "avatarUrl"
];
var LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
var DEFAULT_RATE_LIMIT = Object.freeze({
  signInPerAccount: 20,
  signInPerAddress: 100,
  registrationsPerAddress: 30,
  emailRequestsPerEmail: 5,
  emailRequestsPerAddress: 30,
  windowSeconds: 900,
  signInPerAccountAndAddress: 10,
  signInMaxDelaySeconds: 60,
  anonymousPerAddress: 600,
  eventsPerSession: 5e3,
  eventBytesPerSession: 5 * 1024 * 1024,
  eventsPerProfile: 2e4,
  eventBytesPerProfile: 20 * 1024 * 1024
});
var DEFAULT_OAUTH_CLAIMS = { email: "email", firstName: "given_name", lastName: "family_name" };
var code = (text2) => `\`${text2}\``;
var oneOf = (values) => `${values.slice(0, -1).map(code).join(", ")} or ${code(values.at(-1))}`;
var CONFIG_VARIABLES = {
  PORT: { meaning: "port the server listens on (`--port` overrides it)", default: "8787" },
  HOST: { meaning: "address the server listens on (`--host` overrides it)", default: "127.0.0.1" },
  DATABASE_URL: { meaning: "`postgres://\u2026` selects PostgreSQL; anything else is a SQLite file path", default: ".data/snr-auth.sqlite" },
  SNR_DB_TIMEOUT_MS: {
    meaning: "PostgreSQL: the deadline of each query and of each wait for a pooled connection; past it the request answers `503` with `Retry-After` and the connection is discarded",
    default: "3000"
  },
  SNR_API_KEYS: {
    meaning: 'JSON object: Profile API key \u2192 allowed browser origins (`"*"` any, `"local"` localhost origins and the server\'s own)',
    unset: `local mode: key ${code(LOCAL_API_KEY)}, allowed from the server's own origin and any \`http://localhost:*\` / \`http://127.0.0.1:*\` origin; printed at start`
  },
  SNR_BACKEND_KEY: {
    meaning: "secret of the site backend for the server-to-server routes (recognize, deletion), sent as `Authorization: Bearer \u2026`; at least 24 characters",
    unset: "unset: those routes answer 403 with a clear code"
  },
  SNR_REGISTRATION_MODE: { meaning: oneOf(REGISTRATION_MODES), default: "confirmation" },
  SNR_TOKEN_TTL: { meaning: "token lifetime, seconds", default: "3600" },
  SNR_SESSION_MAX_AGE: { meaning: "absolute session cap, seconds (at least `SNR_TOKEN_TTL`)", default: String(30 * 86400), unset: "(30 days)" },
  SNR_REVOCATION_CACHE_MS: { meaning: "how long an instance may trust a session row it read", default: "1000" },
  SNR_PBKDF2_ITERATIONS: { meaning: "PBKDF2-HMAC-SHA256 iterations for new hashes (old ones upgrade at sign-in)", default: "600000" },
  SNR_PASSWORD_POLICY: {
    meaning: `JSON: ${Object.keys(DEFAULT_PASSWORD_POLICY).map(code).join(", ")}`,
    unset: `${DEFAULT_PASSWORD_POLICY.minLength}, ${DEFAULT_PASSWORD_POLICY.maxLength}, all true`
  },
  SNR_RATE_LIMIT: {
    meaning: "JSON object setting any of the limits of the default column, or `off`; counts per `windowSeconds`: a sign-in is refused (`429` with `Retry-After`) past `signInPerAccountAndAddress` failures of one account from one address; past `signInPerAccount` failures of an account (any address) or `signInPerAddress` failures from an address (any account), each further attempt waits 1 s, 2 s, 4 s\u2026 up to `signInMaxDelaySeconds`, forgotten after a quiet window; a success clears its account, a completed password reset lifts every limit on the account; `anonymousPerAddress` anonymous logins per address; `eventsPerSession`/`eventBytesPerSession` and `eventsPerProfile`/`eventBytesPerProfile` events and bytes (action, label, parameters) per session and per profile",
    unset: Object.entries(DEFAULT_RATE_LIMIT).map(([name2, value]) => `\`${name2}\` ${value}`).join(", ")
  },
  SNR_ANONYMOUS_RETENTION_DAYS: {
    meaning: "anonymous profiles that never tracked an event and had no session for this many days are purged, with their sessions",
    default: "30"
  },
  SNR_SMTP_URL: {
    meaning: "SMTP server (`smtp://user:pass@host:587`)",
    unset: "outbox mode: mail is kept in the database and logged at `info`, links included, even with `SNR_API_KEYS` set"
  },
  SNR_MAIL_FROM: { meaning: "sender, `a@b` or `Name <a@b>`", default: "snr-auth <no-reply@localhost>" },
  SNR_LANDING_URL: {
    meaning: "page the emailed links open (`?action=\u2026&token=\u2026`): a page of the site with `<snr-landing>`",
    unset: "`<server>/landing`: the demo's page with `--demo`, in local mode a page of the server's own, otherwise no page (with SMTP the start logs a warning): set it in production"
  },
  SNR_SITE_URL: {
    meaning: "the site's address: the server's own pages (`/landing`, `/`) link back to it",
    unset: "the origin of the referring page when an API key allows it, else no link"
  },
  SNR_AGREEMENTS: { meaning: `agreements the forms offer and \`/snr/config\` lists (\`${AGREEMENT_NAMES.join(",")}\`)`, default: "email,sms" },
  SNR_BODY_LIMIT: { meaning: "largest request body, bytes (larger ones get `413`)", default: String(256 * 1024) },
  SNR_REQUEST_TIMEOUT_MS: {
    meaning: "a request (headers and body) must arrive within this, else Node's bare `408` (no error body: the one failure that does not carry it)",
    default: "30000"
  },
  SNR_KEEP_ALIVE_TIMEOUT_MS: { meaning: "idle keep-alive connections are kept this long (longer than the load balancer's idle timeout)", default: "65000" },
  SNR_TRUST_PROXY: {
    meaning: "`true` to take the client address from the last `X-Forwarded-For` hop (one proxy in front, which appends the address it saw)",
    default: "false"
  },
  SNR_ISSUER: { meaning: "the tokens' `iss`", default: "snr-auth" },
  SNR_LOG_LEVEL: {
    meaning: `${oneOf(LOG_LEVELS)} (pino): JSON logs on stdout, one line per failed request (every request at \`debug\`), passwords and tokens redacted`,
    default: "info"
  },
  SNR_FACEBOOK_APP_ID: { meaning: "Facebook app for Facebook sign-in (with `SNR_FACEBOOK_APP_SECRET`)", unset: "unset: Facebook disabled" },
  SNR_FACEBOOK_APP_SECRET: { meaning: "the Facebook app's secret (with `SNR_FACEBOOK_APP_ID`)", unset: "unset: Facebook disabled" },
  SNR_FACEBOOK_GRAPH_URL: { meaning: "Graph API base", default: "https://graph.facebook.com" },
  SNR_OAUTH_VERIFY_URL: { meaning: "the site backend's token verification endpoint, for OAuth sign-in", unset: "unset: OAuth disabled" },
  SNR_OAUTH_CLAIMS: {
    meaning: `JSON object: customer field \u2192 claim name; the subject is \`sub\`; a field other than ${OAUTH_CLAIM_FIELDS.map(code).join(", ")} stops the server`,
    default: JSON.stringify(DEFAULT_OAUTH_CLAIMS)
  },
  SNR_OAUTH_TRUST_EMAIL: {
    meaning: "`true` counts every email the OAuth endpoint returns as verified, even without `email_verified: true`; only for the site's own endpoint that vouches for each email",
    default: "false"
  },
  SNR_GOOGLE_CLIENT_ID: {
    meaning: "Google sign-in: the OAuth client id of the site's Google Cloud project; an ID token's `aud` must be this",
    unset: "unset: Google disabled"
  },
  SNR_GOOGLE_ISSUER: {
    meaning: "Google's issuer: its OpenID discovery (`/.well-known/openid-configuration`) names the keys ID tokens are checked with",
    default: "https://accounts.google.com"
  },
  SNR_APPLE_CLIENT_ID: {
    meaning: "Sign in with Apple: the site's Services ID (e.g. `com.shop.web`); an ID token's `aud` must be this",
    unset: "unset: Apple disabled"
  },
  SNR_APPLE_ISSUER: {
    meaning: "Apple's issuer: its OpenID discovery names the keys ID tokens are checked with",
    default: "https://appleid.apple.com"
  },
  SNR_ACTIVATION_PIN_TTL: {
    meaning: "in the `pin` registration mode, how long an emailed activation code works, seconds (a code also dies after 5 wrong tries, or when a new one is sent)",
    default: "900"
  },
  SNR_TERMS_VERSION: {
    meaning: "the version of the terms every customer must have accepted (any text, e.g. `2026-12`): a customer who accepted none or another one is asked at the next sign-in (`TERMS_ACCEPTANCE_REQUIRED`)",
    unset: "unset: no terms are asked for"
  },
  SNR_TERMS_URL: { meaning: "the page with the terms of `SNR_TERMS_VERSION` (required with it)", unset: "unset: only allowed without `SNR_TERMS_VERSION`" }
};
var ACTIVATION_PIN_MAX_TRIES = 5;
var ConfigError = class extends Error {
  constructor(variable, message) {
    super(`${variable}: ${message}`);
    this.variable = variable;
    this.name = "ConfigError";
  }
};
function json(variable, value) {
  try {
    return JSON.parse(value);
  } catch {
    throw new ConfigError(variable, "is not valid JSON");
  }
}
function check(variable, schema, value) {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? ` (at ${first.path.join(".")})` : "";
    throw new ConfigError(variable, `${first?.message ?? "is invalid"}${where}; got ${JSON.stringify(value)}`);
  }
  return result.data;
}
var positiveInt = (max) => z3.coerce.number().int().positive().max(max);
var portNumber = z3.string().regex(/^\d+$/, "must be a port number").transform(Number).pipe(z3.number().int().min(0).max(65535, "must be a port number (0\u201365535)"));
var hostLabel = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
var hostName = new RegExp(`^(?=.{1,253}\\.?$)${hostLabel}(\\.${hostLabel})*\\.?$`, "i");
var listenHost = z3.string().refine((h) => isIP(h) !== 0 || hostName.test(h), "must be an IP address (IPv6 without brackets) or a host name");
var mailbox = z3.string().regex(/^([^<>]*<\s*[^\s<>@]+@[^\s<>@]+\s*>|[^\s<>@]+@[^\s<>@]+)$/, "must be an address, a@b or Name <a@b>");
function checkPort(source, value) {
  return check(source, portNumber, String(value));
}
function checkHost(source, value) {
  return check(source, listenHost, value);
}
var httpUrl = z3.string().url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");
function loadConfig(env = process.env) {
  const get = (name2) => {
    const value = env[name2];
    return value === void 0 || value.trim() === "" ? void 0 : value.trim();
  };
  const getOrDefault = (name2) => get(name2) ?? CONFIG_VARIABLES[name2].default;
  const port = checkPort("PORT", getOrDefault("PORT"));
  const host = checkHost("HOST", getOrDefault("HOST"));
  const logLevel = check("SNR_LOG_LEVEL", z3.enum(LOG_LEVELS), getOrDefault("SNR_LOG_LEVEL"));
  let apiKeys = /* @__PURE__ */ new Map();
  let localMode = false;
  const keysRaw = get("SNR_API_KEYS");
  if (keysRaw === void 0) {
    localMode = true;
    apiKeys.set(LOCAL_API_KEY, ["local"]);
  } else {
    const parsed = check(
      "SNR_API_KEYS",
      z3.record(
        z3.string().min(1).max(200),
        z3.array(z3.union([z3.literal("*"), z3.literal("local"), z3.string().regex(/^https?:\/\/[^/\s]+$/, "an origin is scheme://host[:port], without a path")]))
      ),
      json("SNR_API_KEYS", keysRaw)
    );
    if (Object.keys(parsed).length === 0) throw new ConfigError("SNR_API_KEYS", "names no API key");
    apiKeys = new Map(Object.entries(parsed));
  }
  const backendKey = get("SNR_BACKEND_KEY");
  if (backendKey !== void 0 && backendKey.length < 24) {
    throw new ConfigError("SNR_BACKEND_KEY", "must be at least 24 characters (it guards server-to-server routes)");
  }
  const registrationMode = check("SNR_REGISTRATION_MODE", z3.enum(REGISTRATION_MODES), getOrDefault("SNR_REGISTRATION_MODE"));
  const tokenTtl = check("SNR_TOKEN_TTL", positiveInt(30 * 86400), getOrDefault("SNR_TOKEN_TTL"));
  const sessionMaxAge = check("SNR_SESSION_MAX_AGE", positiveInt(366 * 86400), getOrDefault("SNR_SESSION_MAX_AGE"));
  if (sessionMaxAge < tokenTtl) throw new ConfigError("SNR_SESSION_MAX_AGE", `must be at least SNR_TOKEN_TTL (${tokenTtl})`);
  const revocationCacheMs = check("SNR_REVOCATION_CACHE_MS", z3.coerce.number().int().min(0).max(6e4), getOrDefault("SNR_REVOCATION_CACHE_MS"));
  const pbkdf2Iterations = check("SNR_PBKDF2_ITERATIONS", z3.coerce.number().int().min(1e3).max(1e7), getOrDefault("SNR_PBKDF2_ITERATIONS"));
  let passwordPolicy = { ...DEFAULT_PASSWORD_POLICY };
  const policyRaw = get("SNR_PASSWORD_POLICY");
  if (policyRaw !== void 0) {
    const partial = check("SNR_PASSWORD_POLICY", z3.object(passwordPolicySchema.def.shape).partial().strict(), json("SNR_PASSWORD_POLICY", policyRaw));
    passwordPolicy = { ...passwordPolicy, ...partial };
    const problems = policyProblems(passwordPolicy);
    if (problems.length) throw new ConfigError("SNR_PASSWORD_POLICY", problems.join("; "));
  }
  const smtpUrl = get("SNR_SMTP_URL");
  if (smtpUrl !== void 0) check("SNR_SMTP_URL", z3.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://"), smtpUrl);
  const mailFrom = check("SNR_MAIL_FROM", mailbox, getOrDefault("SNR_MAIL_FROM"));
  const landingUrl = get("SNR_LANDING_URL");
  if (landingUrl !== void 0) check("SNR_LANDING_URL", httpUrl, landingUrl);
  const siteUrl = get("SNR_SITE_URL");
  if (siteUrl !== void 0) check("SNR_SITE_URL", httpUrl, siteUrl);
  const fbId = get("SNR_FACEBOOK_APP_ID");
  const fbSecret = get("SNR_FACEBOOK_APP_SECRET");
  if (fbId === void 0 !== (fbSecret === void 0)) {
    throw new ConfigError(
      fbId === void 0 ? "SNR_FACEBOOK_APP_ID" : "SNR_FACEBOOK_APP_SECRET",
      "Facebook needs both SNR_FACEBOOK_APP_ID and SNR_FACEBOOK_APP_SECRET"
    );
  }
  const graphUrl = check("SNR_FACEBOOK_GRAPH_URL", httpUrl, getOrDefault("SNR_FACEBOOK_GRAPH_URL"));
  const facebook = fbId && fbSecret ? { appId: fbId, appSecret: fbSecret, graphUrl: graphUrl.replace(/\/$/, "") } : void 0;
  const verifyUrl = get("SNR_OAUTH_VERIFY_URL");
  if (verifyUrl !== void 0) check("SNR_OAUTH_VERIFY_URL", httpUrl, verifyUrl);
  const claimsRaw = get("SNR_OAUTH_CLAIMS");
  const claims = claimsRaw ? check("SNR_OAUTH_CLAIMS", z3.record(z3.string(), z3.string().min(1)), json("SNR_OAUTH_CLAIMS", claimsRaw)) : { ...DEFAULT_OAUTH_CLAIMS };
  const unknownFields = Object.keys(claims).filter((f) => !OAUTH_CLAIM_FIELDS.includes(f));
  if (unknownFields.length) {
    throw new ConfigError(
      "SNR_OAUTH_CLAIMS",
      `unknown field ${unknownFields.map((f) => JSON.stringify(f)).join(", ")}; the fields are ${OAUTH_CLAIM_FIELDS.join(", ")}`
    );
  }
  const trustEmail = check("SNR_OAUTH_TRUST_EMAIL", z3.enum(["true", "false"]), getOrDefault("SNR_OAUTH_TRUST_EMAIL")) === "true";
  const oauth = verifyUrl ? { verifyUrl, claims, trustEmail } : void 0;
  const idTokenProvider = (clientIdVar, issuerVar) => {
    const issuer = check(issuerVar, httpUrl, getOrDefault(issuerVar)).replace(/\/+$/, "");
    const clientId = get(clientIdVar);
    if (clientId !== void 0)
      check(
        clientIdVar,
        z3.string().max(500).regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces"),
        clientId
      );
    return clientId ? { clientId, issuer } : void 0;
  };
  const google = idTokenProvider("SNR_GOOGLE_CLIENT_ID", "SNR_GOOGLE_ISSUER");
  const apple = idTokenProvider("SNR_APPLE_CLIENT_ID", "SNR_APPLE_ISSUER");
  let rateLimit = { ...DEFAULT_RATE_LIMIT };
  const rateRaw = get("SNR_RATE_LIMIT");
  if (rateRaw === "off") rateLimit = void 0;
  else if (rateRaw !== void 0) {
    const count = z3.number().int().positive();
    rateLimit = {
      ...rateLimit,
      ...check(
        "SNR_RATE_LIMIT",
        z3.object({
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
          eventBytesPerProfile: count
        }).partial().strict(),
        json("SNR_RATE_LIMIT", rateRaw)
      )
    };
  }
  const anonymousRetentionMs = check("SNR_ANONYMOUS_RETENTION_DAYS", positiveInt(3650), getOrDefault("SNR_ANONYMOUS_RETENTION_DAYS")) * 24 * 60 * 60 * 1e3;
  const bodyLimit = check("SNR_BODY_LIMIT", positiveInt(10 * 1024 * 1024), getOrDefault("SNR_BODY_LIMIT"));
  const requestTimeoutMs = check("SNR_REQUEST_TIMEOUT_MS", z3.coerce.number().int().min(1e3).max(6e5), getOrDefault("SNR_REQUEST_TIMEOUT_MS"));
  const keepAliveTimeoutMs = check("SNR_KEEP_ALIVE_TIMEOUT_MS", z3.coerce.number().int().min(1e3).max(6e5), getOrDefault("SNR_KEEP_ALIVE_TIMEOUT_MS"));
  const dbTimeoutMs = check("SNR_DB_TIMEOUT_MS", z3.coerce.number().int().min(100).max(6e5), getOrDefault("SNR_DB_TIMEOUT_MS"));
  const trustProxy = check("SNR_TRUST_PROXY", z3.enum(["true", "false"]), getOrDefault("SNR_TRUST_PROXY")) === "true";
  const agreements = check(
    "SNR_AGREEMENTS",
    z3.array(z3.enum(AGREEMENT_NAMES)),
    getOrDefault("SNR_AGREEMENTS").split(",").map((s) => s.trim()).filter(Boolean)
  );
  const activationPinTtl = check("SNR_ACTIVATION_PIN_TTL", z3.coerce.number().int().min(60).max(86400), getOrDefault("SNR_ACTIVATION_PIN_TTL"));
  const termsVersion = get("SNR_TERMS_VERSION");
  const termsUrl = get("SNR_TERMS_URL");
  if (termsVersion !== void 0)
    check(
      "SNR_TERMS_VERSION",
      z3.string().max(100).regex(/^\P{Cc}*$/u, "must be one line of text"),
      termsVersion
    );
  if (termsVersion !== void 0 && termsUrl === void 0)
    throw new ConfigError("SNR_TERMS_URL", "is required with SNR_TERMS_VERSION: customers are shown the terms they accept");
  if (termsUrl !== void 0 && termsVersion === void 0) throw new ConfigError("SNR_TERMS_VERSION", "is required with SNR_TERMS_URL");
  if (termsUrl !== void 0) check("SNR_TERMS_URL", httpUrl, termsUrl);
  const terms = termsVersion !== void 0 && termsUrl !== void 0 ? { version: termsVersion, url: termsUrl } : void 0;
  return {
    port,
    host,
    logLevel,
    databaseUrl: getOrDefault("DATABASE_URL"),
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
    issuer: getOrDefault("SNR_ISSUER"),
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
    terms
  };
}

// src/server/crypto/keys.ts
import { createPrivateKey, sign as signBytes } from "node:crypto";
import {
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  jwtVerify as jwtVerify2
} from "jose";
import { sql } from "kysely";
var ALG = "ES256";
var RELOAD_INTERVAL_MS = 1e3;
var KEY_REFRESH_MS = 6e4;
var base64url = (text2) => Buffer.from(text2).toString("base64url");
var KeyRing = class _KeyRing {
  /** `now`: the server's clock, which token expiry and the reload interval are read from. */
  constructor(db, now) {
    this.db = db;
    this.now = now;
    this.keys = /* @__PURE__ */ new Map();
    this.lastReload = 0;
  }
  static async open(db, dialect, options = {}) {
    const ring = new _KeyRing(db, options.now ?? (() => Date.now()));
    await ring.reload();
    if (!ring.signing) {
      await db.transaction().execute(async (trx) => {
        if (dialect === "postgres") await sql`select pg_advisory_xact_lock(7316002)`.execute(trx);
        const existing = await trx.selectFrom("signing_keys").select("kid").where("retired_at", "is", null).executeTakeFirst();
        if (!existing) await _KeyRing.insertKey(trx, ring.now());
      });
      await ring.reload();
    }
    return ring;
  }
  /**
   * Rotation without signing anyone out: a new key signs from now on; the old ones are retired but
   * keep verifying until no token they signed can still be alive (`tokenTtl` after retirement, plus
   * the time other instances may take to notice), then they are removed.
   */
  async rotate(options) {
    const now = options.now ?? this.now();
    const kid = await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("signing_keys").set({ retired_at: now }).where("retired_at", "is", null).execute();
      return _KeyRing.insertKey(trx, now);
    });
    await this.prune(options.tokenTtlSeconds, now);
    await this.reload();
    return kid;
  }
  /** Removes retired keys that can no longer have live tokens. */
  async prune(tokenTtlSeconds, now = this.now()) {
    const keepAfter = now - tokenTtlSeconds * 1e3 - 2 * KEY_REFRESH_MS;
    await this.db.deleteFrom("signing_keys").where("retired_at", "is not", null).where("retired_at", "<", keepAfter).execute();
  }
  /** Re-reads the key table on a timer (a rotation made by another instance); stopped by `close()`. */
  watch() {
    this.timer ??= setInterval(() => void this.reload().catch(() => {
    }), KEY_REFRESH_MS);
    this.timer.unref();
  }
  close() {
    if (this.timer) clearInterval(this.timer);
    this.timer = void 0;
  }
  static async insertKey(db, now) {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    await db.insertInto("signing_keys").values({
      kid,
      alg: ALG,
      private_jwk: JSON.stringify(await exportJWK(privateKey)),
      public_jwk: JSON.stringify({ ...publicJwk, kid, alg: ALG, use: "sig" }),
      created_at: now,
      retired_at: null
    }).onConflict((oc) => oc.column("kid").doNothing()).execute();
    return kid;
  }
  async reload() {
    this.lastReload = this.now();
    const rows = await this.db.selectFrom("signing_keys").selectAll().orderBy("created_at", "desc").execute();
    const keys = /* @__PURE__ */ new Map();
    let signing;
    for (const row of rows) {
      const known = this.keys.get(row.kid);
      const publicJwk = JSON.parse(row.public_jwk);
      const key = known ? { ...known, retiredAt: row.retired_at } : { kid: row.kid, publicJwk, publicKey: await importJWK(publicJwk, ALG), retiredAt: row.retired_at };
      if (!signing && row.retired_at === null) {
        key.signer ??= {
          key: createPrivateKey({ key: JSON.parse(row.private_jwk), format: "jwk" }),
          header: base64url(JSON.stringify({ alg: ALG, kid: row.kid, typ: "JWT" }))
        };
        signing = key;
      }
      keys.set(row.kid, key);
    }
    this.keys = keys;
    if (signing) this.signing = signing;
  }
  /**
   * A compact JWS (RFC 7515 §7.1) with ES256 (RFC 7518 §3.4: the signature is R ‖ S, 64 bytes),
   * signed synchronously by node:crypto. jose's `SignJWT` makes the same token through WebCrypto,
   * whose asynchronous hand-off cost more main-thread time per token than the signature itself
   * (bench notes in BENCHMARKS.md); verification stays with jose. A test verifies these tokens
   * with jose against the published JWKS.
   */
  async sign(claims) {
    const { signer } = this.signing;
    const input = `${signer.header}.${base64url(JSON.stringify(claims))}`;
    const signature = signBytes("sha256", Buffer.from(input), { key: signer.key, dsaEncoding: "ieee-p1363" });
    return `${input}.${signature.toString("base64url")}`;
  }
  /** Verifies signature, algorithm, issuer, audience and expiry; throws jose's coded errors. */
  async verify(token, options) {
    return jwtVerify2(token, (header) => this.keyFor(header), {
      algorithms: [ALG],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: 0,
      currentDate: new Date(this.now())
    });
  }
  async keyFor(header) {
    const key = header.kid ? await this.find(header.kid) : void 0;
    if (!key) throw Object.assign(new Error("Unknown signing key"), { code: "ERR_JWKS_NO_MATCHING_KEY" });
    return key.publicKey;
  }
  async find(kid) {
    const key = this.keys.get(kid);
    if (key || this.now() - this.lastReload <= RELOAD_INTERVAL_MS) return key;
    await this.reload();
    return this.keys.get(kid);
  }
  jwks() {
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }
  /**
   * One public key as SPKI PEM: the signing key, or the listed key `kid`; undefined for an unknown
   * kid. One key only, since PEM readers (jose's importSPKI, node:crypto) take the first block or
   * fail on several; verifying across a rotation is the JWKS's job.
   */
  async pem(kid) {
    const key = kid === void 0 ? this.signing : await this.find(kid);
    return key && exportSPKI(key.publicKey);
  }
  get currentKid() {
    return this.signing.kid;
  }
};

// src/server/mail/mailer.ts
import nodemailer from "nodemailer";
var MAX_ATTEMPTS = 10;
var RETRY_INTERVAL_MS = 3e4;
var CLAIM_MS = 12e4;
var Mailer = class {
  constructor(db, config, log, print) {
    this.db = db;
    this.config = config;
    this.log = log;
    this.print = print;
    this.pending = Promise.resolve();
    /** Work started by `afterAnswer` and not finished yet; `idle()` waits for it. */
    this.later = /* @__PURE__ */ new Set();
    if (config.smtpUrl) {
      this.transport = nodemailer.createTransport(config.smtpUrl);
      this.timer = setInterval(() => void this.flush(), RETRY_INTERVAL_MS);
      this.timer.unref();
    }
  }
  get mode() {
    return this.transport ? "smtp" : "outbox";
  }
  async enqueue(trx, to, content, now) {
    await trx.insertInto("outbox").values({
      to_address: to,
      subject: content.subject,
      text_body: content.text,
      html_body: content.html,
      created_at: now,
      sent_at: null,
      attempts: 0,
      last_error: null,
      claimed_until: null
    }).execute();
  }
  /**
   * Delivers once the current answer has gone out (a request that enqueued mail, or a request that
   * did the same work for show, is not slowed down by it, so both take the same time).
   */
  flushSoon() {
    this.pending = this.pending.then(() => new Promise((resolve2) => setImmediate(resolve2))).then(() => this.deliver()).catch((err) => this.log.error({ reason: String(err) }, "mail delivery stopped"));
  }
  /** Delivers what the outbox holds; called after each commit that enqueued mail. One flush at a time. */
  flush() {
    this.pending = this.pending.then(() => this.deliver()).catch((err) => this.log.error({ reason: String(err) }, "mail delivery stopped"));
    return this.pending;
  }
  async deliver() {
    const rows = await this.db.selectFrom("outbox").selectAll().where("sent_at", "is", null).where("attempts", "<", MAX_ATTEMPTS).orderBy("id").limit(100).execute();
    for (const row of rows) {
      const now = Date.now();
      const claim = await this.db.updateTable("outbox").set({ claimed_until: now + CLAIM_MS }).where("id", "=", row.id).where("sent_at", "is", null).where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)])).executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      if (!this.transport) {
        if (this.print) this.print(consoleMail({ to: row.to_address, subject: row.subject, text: row.text_body }));
        else this.log.info({ mail: { to: row.to_address, subject: row.subject }, text: row.text_body }, "mail kept in the outbox");
        await this.db.updateTable("outbox").set({ sent_at: Date.now(), attempts: row.attempts + 1 }).where("id", "=", row.id).execute();
        continue;
      }
      try {
        await this.transport.sendMail({ from: this.config.mailFrom, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body });
        await this.db.updateTable("outbox").set({
          sent_at: Date.now(),
          attempts: row.attempts + 1,
          last_error: null,
          text_body: withoutTokens(row.text_body),
          html_body: withoutTokens(row.html_body)
        }).where("id", "=", row.id).execute();
      } catch (err) {
        await this.db.updateTable("outbox").set({ attempts: row.attempts + 1, last_error: String(err.message ?? err).slice(0, 500), claimed_until: null }).where("id", "=", row.id).execute();
        this.log.error(
          { mail: { id: row.id, subject: row.subject }, attempt: row.attempts + 1, reason: err.message },
          "mail delivery failed, will retry"
        );
      }
    }
  }
  /**
   * Runs `task` (the writes that make a mail) once the answer has gone out (`sent`, see
   * `answerSent()` in http.ts), then delivers.
   * For requests whose answer must not depend on what the task finds to do: an email route answers
   * 202 at the same moment whether the address has an account (a link is made and mailed) or not
   * (nothing is). A failure is logged: the answer has gone already. `idle()` waits for the task.
   */
  afterAnswer(sent, task) {
    const run = sent.then(task).then(
      () => this.flushSoon(),
      (err) => this.log.error({ reason: String(err) }, "an emailed link could not be made")
    ).finally(() => this.later.delete(run));
    this.later.add(run);
  }
  /** Resolves once the work started by `afterAnswer` is done (its mail in the outbox). */
  async settle() {
    while (this.later.size) await Promise.all([...this.later]);
  }
  /** Resolves once the work started by `afterAnswer` and the deliveries under way are done. */
  async idle() {
    await this.settle();
    await this.pending;
  }
  close() {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }
};
function withoutTokens(body) {
  return body.replace(/([?&](?:amp;)?token=)[A-Za-z0-9_-]+/g, "$1(sent)");
}
function consoleMail(mail) {
  const rule = "\u2500".repeat(72);
  const lines = [];
  for (const line2 of mail.text.replace(/\r\n?/g, "\n").split("\n")) {
    const parts = line2.split(/(https?:\/\/\S+)/).filter((part) => part.trim() !== "");
    if (parts.length <= 1) lines.push(line2);
    else for (const part of parts) lines.push(part.trim());
  }
  return [
    `\u250C${rule}`,
    `\u2502 Mail to ${mail.to} (outbox mode: not sent)`,
    `\u2502 Subject: ${mail.subject}`,
    `\u251C${rule}`,
    ...lines.map((l) => l ? `\u2502 ${l}` : "\u2502"),
    `\u2514${rule}`,
    ""
  ].join("\n");
}

// src/server/store/rate-limits.ts
import { sql as sql2 } from "kysely";
var raise = precompiled(
  (db, key, now, expired) => db.insertInto("rate_limits").values({ key, window_start: now, count: 1 }).onConflict(
    (oc) => oc.column("key").doUpdateSet({
      count: sql2`case when rate_limits.window_start <= ${expired} then 1 else rate_limits.count + 1 end`,
      window_start: sql2`case when rate_limits.window_start <= ${expired} then ${now} else rate_limits.window_start end`
    })
  ).returning(["count", "window_start"]),
  3
);
async function countAttempt(db, key, now, windowMs) {
  const [row] = await raise(db, key, now, now - windowMs);
  if (!row) throw new Error("the upsert returned no row");
  return { count: Number(row.count), windowStart: Number(row.window_start) };
}
var raiseBy = precompiled(
  (db, key, now, count, bytes, expired) => db.insertInto("rate_limits").values({ key, window_start: now, count, bytes }).onConflict(
    (oc) => oc.column("key").doUpdateSet({
      count: sql2`case when rate_limits.window_start <= ${expired} then excluded.count else rate_limits.count + excluded.count end`,
      bytes: sql2`case when rate_limits.window_start <= ${expired} then excluded.bytes else rate_limits.bytes + excluded.bytes end`,
      window_start: sql2`case when rate_limits.window_start <= ${expired} then excluded.window_start else rate_limits.window_start end`
    })
  ).returning(["count", "bytes", "window_start"]),
  5
);
async function addToCounter(db, key, amount, now, windowMs) {
  const [row] = await raiseBy(db, key, now, amount.count, amount.bytes, now - windowMs);
  if (!row) throw new Error("the upsert returned no row");
  return { count: Number(row.count), bytes: Number(row.bytes), windowStart: Number(row.window_start) };
}
async function subtractFromCounter(db, key, amount, windowStart) {
  await db.updateTable("rate_limits").set({ count: sql2`count - ${amount.count}`, bytes: sql2`bytes - ${amount.bytes}` }).where("key", "=", key).where("window_start", "=", windowStart).execute();
}
async function uncountAttempt(db, key) {
  await db.updateTable("rate_limits").set({ count: sql2`count - 1` }).where("key", "=", key).where("count", ">", 0).execute();
}
async function clearCounters(db, keys) {
  if (keys.length) await db.deleteFrom("rate_limits").where("key", "in", keys).execute();
}
async function clearCountersStartingWith(db, prefix) {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  await db.deleteFrom("rate_limits").where(sql2`key like ${pattern} escape '\\'`).execute();
}
async function readDelay(db, key) {
  const row = await db.selectFrom("rate_limits").select(["count", "window_start", "next_at"]).where("key", "=", key).executeTakeFirst();
  return row && { count: Number(row.count), lastAt: Number(row.window_start), nextAt: Number(row.next_at) };
}
async function replaceDelay(db, key, seen, next) {
  const values = { count: next.count, window_start: next.lastAt, next_at: next.nextAt };
  if (!seen) {
    const inserted = await db.insertInto("rate_limits").values({ key, ...values }).onConflict((oc) => oc.column("key").doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const updated = await db.updateTable("rate_limits").set(values).where("key", "=", key).where("count", "=", seen.count).where("window_start", "=", seen.lastAt).where("next_at", "=", seen.nextAt).executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

// src/server/rate-limit.ts
var NO_LIMIT = { succeeded: async () => {
}, refused: () => {
} };
var rateLimited = (retryAfter, message = "Too many attempts; try again later") => new ApiError(429, "RATE_LIMITED", message, void 0, Math.max(1, Math.ceil(retryAfter)));
var accountKey = (email2) => `signin:account:${email2}`;
var pairPrefix = (email2) => `signin:pair:${email2} from `;
var RateLimiter = class {
  constructor(db, config) {
    this.db = db;
    this.config = config;
    this.leases = new Leases(db, (config?.windowSeconds ?? 0) * 1e3);
  }
  get windowMs() {
    return (this.config?.windowSeconds ?? 0) * 1e3;
  }
  /** Counts a sign-in (or a guess of the current password) of `email` from `address`; 429 past a limit. */
  async signInAttempt(email2, address, now) {
    const config = this.config;
    if (!config) return NO_LIMIT;
    const pair = { key: `${pairPrefix(email2)}${address}`, limit: config.signInPerAccountAndAddress };
    const account = accountKey(email2);
    const from = `signin:address:${address}`;
    await this.take([pair], now);
    try {
      await this.delay(from, config.signInPerAddress, now);
    } catch (err) {
      await uncountAttempt(this.db, pair.key);
      throw err;
    }
    try {
      await this.delay(account, config.signInPerAccount, now);
    } catch (err) {
      await uncountAttempt(this.db, pair.key);
      await uncountAttempt(this.db, from);
      throw err;
    }
    return {
      succeeded: async () => {
        await clearCounters(this.db, [pair.key, account]);
        await uncountAttempt(this.db, from);
      },
      refused: () => {
      }
    };
  }
  /** A completed password reset: every sign-in limit on the account (its own, and each address's for it) is lifted. */
  async liftAccountLimits(email2) {
    if (!this.config) return;
    await clearCounters(this.db, [accountKey(email2)]);
    await clearCountersStartingWith(this.db, pairPrefix(email2));
  }
  /** Counts a registration from `address`; 429 past the limit. */
  async registration(address, now) {
    await this.take([this.config && { key: `register:address:${address}`, limit: this.config.registrationsPerAddress }], now);
  }
  /** Counts an anonymous login from `address` (from this instance's lease, see `Leases`); 429 past the limit. */
  async anonymousLogin(address, now) {
    const config = this.config;
    if (!config) return;
    await this.leases.take(`anonymous:address:${address}`, { count: 1, bytes: 0 }, { count: config.anonymousPerAddress, bytes: Infinity }, now);
  }
  /** Counts an emailed-link request (activation, reset) for `email` from `address`; 429 past a limit. */
  async emailRequest(email2, address, now) {
    await this.take(
      [
        this.config && { key: `email:account:${email2}`, limit: this.config.emailRequestsPerEmail },
        this.config && { key: `email:address:${address}`, limit: this.config.emailRequestsPerAddress }
      ],
      now
    );
  }
  /**
   * Counts a batch of events (`count` of them, `bytes` as stored) against its session and its
   * profile (from this instance's leases, see `Leases`), before anything is stored: a refused batch
   * (429, the seconds until the window ends) stores and uses up nothing, and may be sent again.
   */
  async events(owner, amount, now) {
    const config = this.config;
    if (!config) return;
    const session = `events:session:${owner.sessionId}`;
    await this.leases.take(session, amount, { count: config.eventsPerSession, bytes: config.eventBytesPerSession }, now);
    try {
      await this.leases.take(`events:profile:${owner.clientId}`, amount, { count: config.eventsPerProfile, bytes: config.eventBytesPerProfile }, now);
    } catch (err) {
      this.leases.giveBack(session, amount);
      throw err;
    }
  }
  /**
   * Counts this attempt against every counter and refuses it (429 `RATE_LIMITED`, with the
   * seconds until the window ends) when one is past its limit. Each counter is raised and read in
   * one statement, so requests racing in parallel are counted one by one: no more of them get
   * through than the limit allows, however many arrive before the first is answered.
   */
  async take(maybe, now) {
    const counters = maybe.filter((c) => c !== void 0);
    let refusal = null;
    for (const { key, limit } of counters) {
      const { count, windowStart } = await countAttempt(this.db, key, now, this.windowMs);
      if (count > limit) refusal ??= { windowStart };
    }
    if (refusal) {
      for (const { key } of counters) await uncountAttempt(this.db, key);
      throw rateLimited((refusal.windowStart + this.windowMs - now) / 1e3);
    }
  }
  /**
   * A growing delay: the first `limit` attempts go through at once; from the `limit`-th on, each
   * sets the earliest time of the next one 1 s, 2 s, 4 s… later (at most `signInMaxDelaySeconds`),
   * and one that comes before that is refused (429, the seconds left) and counts nothing. A quiet
   * window forgets it all. Attempts racing on one counter are settled by compare-and-set: each
   * winner is counted, a loser reads again (and is refused when a winner set a delay).
   */
  async delay(key, limit, now) {
    const maxDelayMs = (this.config?.signInMaxDelaySeconds ?? 0) * 1e3;
    for (let tries = 0; tries < 8; tries++) {
      const seen = await readDelay(this.db, key);
      const forgotten = !seen || seen.lastAt <= now - this.windowMs;
      if (!forgotten && seen.nextAt > now) throw rateLimited((seen.nextAt - now) / 1e3);
      const count = (forgotten ? 0 : seen.count) + 1;
      const next = { count, lastAt: now, nextAt: count >= limit ? now + Math.min(maxDelayMs, 1e3 * 2 ** Math.min(count - limit, 30)) : 0 };
      if (await replaceDelay(this.db, key, seen, next)) return;
    }
    throw rateLimited(1);
  }
};
var MAX_LEASES = 5e4;
var sliceOf = (limit) => Number.isFinite(limit) ? Math.floor(limit / 50) : 0;
var Leases = class {
  constructor(db, windowMs) {
    this.db = db;
    this.windowMs = windowMs;
    this.held = /* @__PURE__ */ new Map();
  }
  async take(key, need, limit, now) {
    let lease = this.held.get(key);
    if (!lease || lease.windowEnd <= now) {
      lease = {
        windowEnd: now + this.windowMs,
        count: sliceOf(limit.count),
        bytes: Number.isFinite(limit.bytes) ? sliceOf(limit.bytes) : Infinity,
        unreported: { count: 0, bytes: 0 },
        inStore: false,
        full: false
      };
      this.keep(key, lease, now);
    }
    if (lease.full) throw rateLimited((lease.windowEnd - now) / 1e3, "Too many requests; try again later");
    if (lease.count >= need.count && lease.bytes >= need.bytes) {
      lease.count -= need.count;
      lease.bytes -= need.bytes;
      if (!lease.inStore) addTo(lease.unreported, need);
      return;
    }
    const report = lease.unreported;
    if (!lease.inStore) {
      lease.count = 0;
      lease.bytes = Number.isFinite(limit.bytes) ? 0 : Infinity;
    }
    const lacking = { count: Math.max(0, need.count - lease.count), bytes: Number.isFinite(lease.bytes) ? Math.max(0, need.bytes - lease.bytes) : 0 };
    const extra = {
      count: lacking.count ? Math.max(lacking.count, sliceOf(limit.count)) : 0,
      bytes: lacking.bytes ? Math.max(lacking.bytes, sliceOf(limit.bytes)) : 0
    };
    let total = await addToCounter(this.db, key, { count: report.count + extra.count, bytes: report.bytes + extra.bytes }, now, this.windowMs);
    lease.unreported = { count: 0, bytes: 0 };
    lease.inStore = true;
    const over = () => total.count > limit.count || total.bytes > limit.bytes;
    let granted = extra;
    if (over() && (extra.count > lacking.count || extra.bytes > lacking.bytes)) {
      const excess = { count: extra.count - lacking.count, bytes: extra.bytes - lacking.bytes };
      await subtractFromCounter(this.db, key, excess, total.windowStart);
      total = { ...total, count: total.count - excess.count, bytes: total.bytes - excess.bytes };
      granted = lacking;
    }
    lease.windowEnd = total.windowStart + this.windowMs;
    if (over()) {
      await subtractFromCounter(this.db, key, granted, total.windowStart);
      Object.assign(lease, { count: 0, bytes: 0, full: true });
      throw rateLimited((lease.windowEnd - now) / 1e3, "Too many requests; try again later");
    }
    lease.count += granted.count - need.count;
    lease.bytes += granted.bytes - need.bytes;
  }
  /** Returns what a request took when a later check refused it. */
  giveBack(key, amount) {
    const lease = this.held.get(key);
    if (!lease || lease.full) return;
    lease.count += amount.count;
    lease.bytes += amount.bytes;
    if (!lease.inStore) addTo(lease.unreported, { count: -amount.count, bytes: -amount.bytes });
  }
  keep(key, lease, now) {
    this.held.set(key, lease);
    if (this.held.size <= MAX_LEASES) return;
    for (const [k, l] of this.held) if (l.windowEnd <= now) this.held.delete(k);
    if (this.held.size > MAX_LEASES) this.held.clear();
  }
};
function addTo(into, amount) {
  into.count += amount.count;
  into.bytes += amount.bytes;
}

// src/server/sessions.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { errors as joseErrors } from "jose";
var Sessions = class {
  constructor(db, keys, config) {
    this.db = db;
    this.keys = keys;
    this.config = config;
    this.cache = /* @__PURE__ */ new Map();
  }
  async create(db, input) {
    const session = {
      id: randomBytes3(16).toString("base64url"),
      client_id: input.clientId,
      api_key: input.apiKey,
      realm: input.realm,
      origin: input.origin,
      created_at: input.now,
      expires_at: input.now + this.config.sessionMaxAge * 1e3,
      refreshed_at: null,
      revoked_at: null,
      revoked_reason: null
    };
    await insertSession(db, session);
    return session;
  }
  /** Signs a token for a session; its lifetime never passes the session's cap. */
  async issue(session, client, now) {
    const iat = Math.floor(now / 1e3);
    const exp = Math.min(iat + this.config.tokenTtl, Math.floor(session.expires_at / 1e3));
    const realm = session.realm;
    const customer = realm === "client";
    const claims = {
      iss: this.config.issuer,
      aud: session.api_key,
      sub: customer ? String(client.id) : client.uuid,
      uuid: client.uuid,
      ...customer ? { clientId: client.id } : {},
      rlm: realm,
      origin: session.origin,
      sid: session.id,
      iat,
      exp
    };
    const token = await this.keys.sign(claims);
    return {
      token,
      expiration: exp,
      created: now,
      origin: claims.origin,
      realm,
      uuid: client.uuid,
      ...customer ? { clientId: client.id, customId: client.custom_id } : {}
    };
  }
  /** Verifies a bearer token and its session; throws 401 with the precise code. */
  async verify(token, now = Date.now(), options = {}) {
    let payload;
    try {
      ({ payload } = await this.keys.verify(token, { issuer: this.config.issuer }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthorized("TOKEN_EXPIRED", "The token has expired");
      throw unauthorized("TOKEN_INVALID", "The token is not valid");
    }
    const parsed = tokenClaimsSchema.safeParse(payload);
    if (!parsed.success) throw unauthorized("TOKEN_INVALID", "The token is not valid");
    const session = options.fresh ? await this.loadFresh(parsed.data.sid) : await this.load(parsed.data.sid, now);
    if (!session) throw unauthorized("TOKEN_INVALID", "The token is not valid");
    if (session.revoked_at !== null) throw unauthorized("SESSION_REVOKED", "The session has ended");
    if (session.expires_at <= now) throw unauthorized("TOKEN_EXPIRED", "The session has expired");
    if (session.api_key !== parsed.data.aud) throw unauthorized("TOKEN_INVALID", "The token is not valid");
    return { claims: parsed.data, session };
  }
  /**
   * The anonymous UUID a token was issued for, when it is one of this server's (signature, issuer)
   * for `apiKey`: proof that whoever sends it was handed that UUID's anonymous session. Expiry and
   * the session's later fate do not matter (an idle visitor's token expires; a merge moves it on).
   * Anything else, a customer's token included, proves nothing: undefined.
   */
  async anonymousUuidOf(token, apiKey) {
    if (!token) return void 0;
    let payload;
    try {
      ({ payload } = await this.keys.verify(token, { issuer: this.config.issuer }));
    } catch (err) {
      if (!(err instanceof joseErrors.JWTExpired)) return void 0;
      payload = err.payload;
    }
    const parsed = tokenClaimsSchema.safeParse(payload);
    if (!parsed.success) return void 0;
    const claims = parsed.data;
    return claims.iss === this.config.issuer && claims.rlm === "anonymous_client" && claims.aud === apiKey ? claims.uuid : void 0;
  }
  async load(sid, now) {
    const cached = this.cache.get(sid);
    if (cached && cached.until > now) return cached.session;
    const session = await findSession(this.db, sid);
    if (session && this.config.revocationCacheMs > 0) {
      if (this.cache.size > 5e4) this.cache.clear();
      this.cache.set(sid, { session, until: now + this.config.revocationCacheMs });
    }
    return session;
  }
  /** Fresh from the store, bypassing the cache: refresh must never extend a revoked session. */
  async loadFresh(sid) {
    return findSession(this.db, sid);
  }
  async revokeSession(db, sid, reason, now) {
    await revokeSessionRow(db, sid, reason, now);
    this.cache.delete(sid);
  }
  /** Revokes every live session of a customer, except `keep` when given. */
  async revokeClientSessions(db, clientId, reason, now, keep) {
    await revokeClientSessionRows(db, clientId, reason, now, keep);
    for (const [sid, entry] of this.cache) if (entry.session.client_id === clientId && sid !== keep) this.cache.delete(sid);
  }
  forget() {
    this.cache.clear();
  }
};

// src/server/store/db.ts
import { existsSync as existsSync2, mkdirSync, writeFileSync } from "node:fs";
import { dirname as dirname2 } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, sql as sql4 } from "kysely";
import pg from "pg";

// src/server/store/checkpointer.ts
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
var WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = (mode) => {
  try { db.pragma('wal_checkpoint(' + mode + ')'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint('PASSIVE');
  db.close();
  parentPort.close();
});
`;
function startCheckpointer(file, options) {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 100 } });
  worker.unref();
  let failed = false;
  const fail = (error) => {
    if (failed) return;
    failed = true;
    options.onFailure(error);
  };
  worker.on("message", (message) => {
    if (message?.error) fail(new Error(`WAL checkpoint failed: ${message.error}`));
  });
  worker.on("error", fail);
  let stopping = false;
  const exited = new Promise(
    (resolve2) => worker.once("exit", (code2) => {
      if (!stopping) fail(new Error(`the WAL checkpoint worker exited (${code2})`));
      resolve2();
    })
  );
  return {
    async stop() {
      stopping = true;
      if (failed) {
        await worker.terminate();
        return;
      }
      worker.postMessage("stop");
      const timeout = setTimeout(() => void worker.terminate(), 5e3);
      await exited;
      clearTimeout(timeout);
    }
  };
}

// src/server/store/deadline.ts
var StoreTimeout = class extends Error {
  constructor() {
    super(...arguments);
    this.name = "StoreTimeout";
    this.code = "SNR_STORE_TIMEOUT";
  }
};
function poolWithDeadline(pool, ms) {
  const wrapped = /* @__PURE__ */ new WeakMap();
  return {
    async connect() {
      const client = await pool.connect();
      let guarded = wrapped.get(client);
      if (!guarded) {
        guarded = guard(client, ms);
        wrapped.set(client, guarded);
      }
      return guarded;
    },
    end: () => pool.end()
  };
}
function guard(client, ms) {
  let broken;
  const query = (sql5, parameters) => {
    if (broken) return Promise.reject(broken);
    return new Promise((resolve2, reject) => {
      const timer = setTimeout(() => {
        broken = new StoreTimeout(`the database did not answer within ${ms} ms`);
        reject(broken);
      }, ms);
      client.query(sql5, parameters).then(
        (result) => {
          clearTimeout(timer);
          resolve2(result);
        },
        (err) => {
          clearTimeout(timer);
          reject(err);
        }
      );
    });
  };
  return {
    query,
    // An error makes the pool end the client (with a query still on the wire pg destroys the socket).
    release: (destroy) => client.release(broken ?? destroy)
  };
}

// src/server/store/migrations.ts
import { Migrator, sql as sql3 } from "kysely";
function migrations(dialect) {
  const ms = "bigint";
  const serialKey = dialect === "postgres" ? "bigserial" : "integer";
  return {
    "0001_initial": {
      async up(db) {
        await db.schema.createTable("clients").addColumn("id", serialKey, (c) => dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()).addColumn("uuid", "text", (c) => c.notNull().unique()).addColumn("email", "text", (c) => c.unique()).addColumn("password_hash", "text").addColumn("status", "text", (c) => c.notNull()).addColumn("email_confirmed", "integer", (c) => c.notNull().defaultTo(0)).addColumn("first_name", "text").addColumn("last_name", "text").addColumn("display_name", "text").addColumn("phone", "text").addColumn("custom_id", "text", (c) => c.unique()).addColumn("sex", "text").addColumn("birth_date", "text").addColumn("company", "text").addColumn("address", "text").addColumn("city", "text").addColumn("province", "text").addColumn("zip_code", "text").addColumn("country_code", "text").addColumn("avatar_url", "text").addColumn("agreements", "text", (c) => c.notNull().defaultTo("{}")).addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}")).addColumn("tags", "text", (c) => c.notNull().defaultTo("[]")).addColumn("created_at", ms, (c) => c.notNull()).addColumn("updated_at", ms, (c) => c.notNull()).addColumn("last_activity_at", ms).execute();
        await db.schema.createTable("client_uuids").addColumn("uuid", "text", (c) => c.primaryKey()).addColumn("client_id", ms, (c) => c.notNull().references("clients.id").onDelete("cascade")).addColumn("created_at", ms, (c) => c.notNull()).execute();
        await db.schema.createIndex("client_uuids_client").on("client_uuids").column("client_id").execute();
        await db.schema.createTable("sessions").addColumn("id", "text", (c) => c.primaryKey()).addColumn("client_id", ms, (c) => c.notNull().references("clients.id").onDelete("cascade")).addColumn("api_key", "text", (c) => c.notNull()).addColumn("realm", "text", (c) => c.notNull()).addColumn("origin", "text", (c) => c.notNull()).addColumn("created_at", ms, (c) => c.notNull()).addColumn("expires_at", ms, (c) => c.notNull()).addColumn("refreshed_at", ms).addColumn("revoked_at", ms).addColumn("revoked_reason", "text").execute();
        await db.schema.createIndex("sessions_client").on("sessions").column("client_id").execute();
        await db.schema.createTable("email_tokens").addColumn("token_hash", "text", (c) => c.primaryKey()).addColumn("client_id", ms, (c) => c.notNull().references("clients.id").onDelete("cascade")).addColumn("purpose", "text", (c) => c.notNull()).addColumn("created_at", ms, (c) => c.notNull()).addColumn("expires_at", ms, (c) => c.notNull()).addColumn("used_at", ms).execute();
        await db.schema.createIndex("email_tokens_client").on("email_tokens").column("client_id").execute();
        await db.schema.createTable("events").addColumn("id", serialKey, (c) => dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()).addColumn("event_salt", "text", (c) => c.notNull().unique()).addColumn("client_id", ms, (c) => c.notNull()).addColumn("uuid", "text", (c) => c.notNull()).addColumn("action", "text", (c) => c.notNull()).addColumn("label", "text").addColumn("event_time", ms, (c) => c.notNull()).addColumn("params", "text", (c) => c.notNull()).addColumn("received_at", ms, (c) => c.notNull()).execute();
        await db.schema.createIndex("events_client").on("events").column("client_id").execute();
        await db.schema.createTable("signing_keys").addColumn("kid", "text", (c) => c.primaryKey()).addColumn("alg", "text", (c) => c.notNull()).addColumn("private_jwk", "text", (c) => c.notNull()).addColumn("public_jwk", "text", (c) => c.notNull()).addColumn("created_at", ms, (c) => c.notNull()).addColumn("retired_at", ms).execute();
        await db.schema.createTable("outbox").addColumn("id", serialKey, (c) => dialect === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()).addColumn("to_address", "text", (c) => c.notNull()).addColumn("subject", "text", (c) => c.notNull()).addColumn("text_body", "text", (c) => c.notNull()).addColumn("html_body", "text", (c) => c.notNull()).addColumn("created_at", ms, (c) => c.notNull()).addColumn("sent_at", ms).addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0)).addColumn("last_error", "text").execute();
        await db.schema.createTable("rate_limits").addColumn("key", "text", (c) => c.primaryKey()).addColumn("window_start", ms, (c) => c.notNull()).addColumn("count", "integer", (c) => c.notNull()).execute();
      }
    },
    "0002_identities": {
      async up(db) {
        await db.schema.createTable("client_identities").addColumn("provider", "text", (c) => c.notNull()).addColumn("subject", "text", (c) => c.notNull()).addColumn("client_id", ms, (c) => c.notNull().references("clients.id").onDelete("cascade")).addColumn("created_at", ms, (c) => c.notNull()).addPrimaryKeyConstraint("client_identities_pk", ["provider", "subject"]).execute();
        await db.schema.createIndex("client_identities_client").on("client_identities").column("client_id").execute();
      }
    },
    "0003_outbox_claims": {
      async up(db) {
        await db.schema.alterTable("outbox").addColumn("claimed_until", ms).execute();
      }
    },
    "0004_custom_id_verified": {
      async up(db) {
        await db.schema.alterTable("clients").addColumn("custom_id_verified", "integer", (c) => c.notNull().defaultTo(0)).execute();
        await db.updateTable("clients").set({ custom_id_verified: 1 }).where("custom_id", "is not", null).where("password_hash", "is", null).where(
          ({ exists, not, selectFrom }) => not(exists(selectFrom("client_identities").select("client_id").whereRef("client_identities.client_id", "=", "clients.id")))
        ).execute();
      }
    },
    "0005_email_change": {
      async up(db) {
        await db.schema.alterTable("email_tokens").addColumn("new_email", "text").execute();
      }
    },
    "0006_event_salt_per_profile": {
      async up(db) {
        if (dialect === "postgres") {
          await db.schema.alterTable("events").addColumn("api_key", "text", (c) => c.notNull().defaultTo("")).execute();
          await sql3`alter table events drop constraint if exists events_event_salt_key`.execute(db);
        } else {
          await db.schema.createTable("events_0005").addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()).addColumn("event_salt", "text", (c) => c.notNull()).addColumn("client_id", ms, (c) => c.notNull()).addColumn("uuid", "text", (c) => c.notNull()).addColumn("action", "text", (c) => c.notNull()).addColumn("label", "text").addColumn("event_time", ms, (c) => c.notNull()).addColumn("params", "text", (c) => c.notNull()).addColumn("received_at", ms, (c) => c.notNull()).addColumn("api_key", "text", (c) => c.notNull().defaultTo("")).execute();
          await sql3`insert into events_0005 (id, event_salt, client_id, uuid, action, label, event_time, params, received_at)
            select id, event_salt, client_id, uuid, action, label, event_time, params, received_at from events`.execute(db);
          await db.schema.dropTable("events").execute();
          await db.schema.alterTable("events_0005").renameTo("events").execute();
          await db.schema.createIndex("events_client").on("events").column("client_id").execute();
        }
        await db.schema.createIndex("events_salt_per_profile").on("events").columns(["client_id", "api_key", "event_salt"]).unique().execute();
      }
    },
    "0007_activation_pins_and_terms": {
      async up(db) {
        await db.schema.createTable("activation_pins").addColumn("client_id", ms, (c) => c.primaryKey().references("clients.id").onDelete("cascade")).addColumn("pin_hash", "text", (c) => c.notNull()).addColumn("created_at", ms, (c) => c.notNull()).addColumn("expires_at", ms, (c) => c.notNull()).addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable("clients").addColumn("terms_version", "text").execute();
        await db.schema.alterTable("clients").addColumn("terms_accepted_at", ms).execute();
      }
    },
    "0008_rate_limit_amounts": {
      async up(db) {
        await db.schema.alterTable("rate_limits").addColumn("bytes", ms, (c) => c.notNull().defaultTo(0)).execute();
        await db.schema.alterTable("rate_limits").addColumn("next_at", ms, (c) => c.notNull().defaultTo(0)).execute();
      }
    }
  };
}
var InCodeProvider = class {
  constructor(dialect, upTo) {
    this.dialect = dialect;
    this.upTo = upTo;
  }
  async getMigrations() {
    const all = migrations(this.dialect);
    const { upTo } = this;
    return upTo === void 0 ? all : Object.fromEntries(Object.entries(all).filter(([name2]) => name2 <= upTo));
  }
};
async function runMigrator(db, dialect, upTo) {
  const { error, results } = await new Migrator({ db, provider: new InCodeProvider(dialect, upTo) }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? "unknown error");
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed: ${reason}`);
  }
}
async function migrateToLatest(db, dialect, upTo) {
  if (dialect !== "postgres") return runMigrator(db, dialect, upTo);
  await db.connection().execute(async (conn) => {
    await sql3`select pg_advisory_lock(7316001)`.execute(conn);
    try {
      await runMigrator(conn, dialect, upTo);
    } finally {
      await sql3`select pg_advisory_unlock(7316001)`.execute(conn);
    }
  });
}

// src/server/store/sqlite-guard.ts
import { readdirSync as readdirSync2, readlinkSync, statfsSync, statSync as statSync2 } from "node:fs";
import { dirname, resolve } from "node:path";
var STATEMENT_CACHE_SIZE = 500;
var WATCH_INTERVAL_MS = 5e3;
var FREED_BYTES = 256 * 1024;
var GONE_CODE = "SQLITE_READONLY_DBMOVED";
function guardSqlite(sqlite, file, log) {
  const cache = /* @__PURE__ */ new Map();
  const opened = file === ":memory:" ? void 0 : statSync2(file);
  let gone;
  let fullAt;
  const freeBytes = () => {
    if (!opened) return Number.POSITIVE_INFINITY;
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize;
  };
  const checkFile = () => {
    if (gone) throw gone;
    if (!opened) return;
    const now = statSync2(file, { throwIfNoEntry: false });
    if (now && now.ino === opened.ino && now.dev === opened.dev) return;
    gone = Object.assign(new Error(`the database file ${file} was ${now ? "replaced" : "deleted"} while the server was running`), { code: GONE_CODE });
    log.fatal(
      { file, stillOpenAt: orphanPaths(file) },
      `THE DATABASE FILE ${file} WAS ${now ? "REPLACED" : "DELETED"} UNDER THE RUNNING SERVER: every request that needs the store now answers 503 and health is 503. Nothing is lost yet: while this process runs, its data can be copied back from the paths in stillOpenAt (stop traffic, copy them to ${file} and its -wal, then restart). A restart without the file starts an empty store: every customer and the signing keys would be gone.`
    );
    throw gone;
  };
  const guarded = (statement, sql5) => {
    if (statement.reader) {
      return {
        reader: true,
        all: (...params) => {
          checkGone();
          return statement.all(...params);
        },
        iterate: (...params) => {
          checkGone();
          return statement.iterate(...params);
        },
        run: (...params) => statement.run(...params)
      };
    }
    const isRollback = /^\s*rollback\s*$/i.test(sql5);
    return {
      reader: false,
      all: (...params) => statement.all(...params),
      iterate: (...params) => statement.iterate(...params),
      run: (...params) => {
        if (isRollback) {
          if (!sqlite.inTransaction) return { changes: 0, lastInsertRowid: 0 };
          return statement.run(...params);
        }
        checkGone();
        let result;
        try {
          result = statement.run(...params);
        } catch (err) {
          if (/^SQLITE_FULL/.test(String(err.code))) {
            if (fullAt === void 0) log.error({ file, free: freeBytes() }, `the disk holding ${file} is full: writes answer 503 until it has room`);
            fullAt = freeBytes();
          }
          throw err;
        }
        if (!sqlite.inTransaction) {
          checkFile();
          if (fullAt !== void 0) log.info({ file }, "the disk has room again: writes go through");
          fullAt = void 0;
        }
        return result;
      }
    };
  };
  const checkGone = () => {
    if (gone) throw gone;
  };
  const timer = setInterval(() => {
    if (!opened) return;
    try {
      checkFile();
    } catch {
      clearInterval(timer);
    }
  }, WATCH_INTERVAL_MS);
  timer.unref();
  return {
    /** Kysely's `database`: `prepare` with a bounded cache keyed by SQL text (the values are parameters). */
    database: {
      prepare(sql5) {
        let statement = cache.get(sql5);
        if (!statement) {
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value);
          statement = guarded(sqlite.prepare(sql5), sql5);
          cache.set(sql5, statement);
        }
        return statement;
      },
      close() {
        clearInterval(timer);
        cache.clear();
        sqlite.close();
      }
    },
    /** For health: throws (a 503 error) when the file is gone or the disk was full and still has no room. */
    check() {
      checkFile();
      if (fullAt !== void 0) {
        if (freeBytes() < fullAt + FREED_BYTES) throw Object.assign(new Error(`the disk holding ${file} is full`), { code: "SQLITE_FULL" });
        fullAt = void 0;
      }
    }
  };
}
function orphanPaths(file) {
  const path = resolve(file);
  try {
    return readdirSync2("/proc/self/fd").map((fd) => `/proc/${process.pid}/fd/${fd}`).filter((fd) => {
      try {
        return readlinkSync(fd).startsWith(path);
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

// src/server/store/db.ts
var INT8_OID = 20;
var DEFAULT_DB_TIMEOUT_MS = 3e3;
function makeDataFolder(dir) {
  if (existsSync2(dir)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/.gitignore`, "# Made by snr-auth: customers and signing keys, never to be committed.\n*\n");
}
async function openStore(databaseUrl, options = {}) {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: timeoutMs,
      // Timestamps are bigint columns holding epoch milliseconds: safe as JS numbers.
      types: {
        getTypeParser: ((oid, format) => oid === INT8_OID ? (v) => Number(v) : pg.types.getTypeParser(oid, format))
      }
    });
    pool.on("error", () => {
    });
    pool.on("connect", (client) => client.on("error", () => {
    }));
    const db2 = new Kysely({ dialect: new PostgresDialect({ pool: poolWithDeadline(pool, timeoutMs) }) });
    try {
      await migrateToLatest(db2, "postgres");
    } catch (err) {
      await db2.destroy();
      throw err;
    }
    const url2 = new URL(databaseUrl);
    return { db: db2, dialect: "postgres", describe: `PostgreSQL ${url2.host}${url2.pathname}`, check: () => ping(db2), close: () => db2.destroy() };
  }
  const file = databaseUrl.replace(/^sqlite:(\/\/)?/i, "");
  if (file !== ":memory:") makeDataFolder(dirname2(file));
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const guard2 = guardSqlite(sqlite, file, options.log ?? createLogger({ level: "error" }));
  const db = new Kysely({ dialect: new SqliteDialect({ database: guard2.database }) });
  await migrateToLatest(db, "sqlite");
  const check2 = async () => {
    guard2.check();
    await ping(db);
  };
  if (file === ":memory:") return { db, dialect: "sqlite", describe: `SQLite ${file}`, check: check2, close: () => db.destroy() };
  sqlite.pragma("journal_size_limit = 67108864");
  sqlite.pragma("wal_autocheckpoint = 0");
  const checkpointer = startCheckpointer(file, {
    onFailure: () => {
      if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
    }
  });
  return {
    db,
    dialect: "sqlite",
    describe: `SQLite ${file}`,
    check: check2,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    }
  };
}
async function ping(db) {
  await sql4`select 1`.execute(db);
}

// src/server/store/retention.ts
var DAY_MS = 24 * 60 * 60 * 1e3;
var RETENTION = {
  /** Sessions past their cap or revoked: a day, so a token issued before still meets its row (its `exp` is at most the token lifetime away). */
  deadSessionsMs: DAY_MS,
  /** Emailed-link tokens past their expiry: a day, so a late click still hears "not valid any more" rather than nothing. */
  expiredEmailTokensMs: DAY_MS,
  /** Mail delivered (or shown, in outbox mode) a week ago. */
  sentMailMs: 7 * DAY_MS,
  /** Anonymous profiles that never tracked an event, unless `SNR_ANONYMOUS_RETENTION_DAYS` says otherwise. */
  idleAnonymousMs: 30 * DAY_MS
};
var ANONYMOUS_BATCH = 500;
async function purgeExpired(db, now, rateLimitWindowMs, anonymousRetentionMs = RETENTION.idleAnonymousMs) {
  const deadBefore = now - RETENTION.deadSessionsMs;
  const sessions = await db.deleteFrom("sessions").where((eb) => eb.or([eb("expires_at", "<", deadBefore), eb("revoked_at", "<", deadBefore)])).executeTakeFirst();
  const emailTokens = await db.deleteFrom("email_tokens").where("expires_at", "<", now - RETENTION.expiredEmailTokensMs).executeTakeFirst();
  const rateLimits = await db.deleteFrom("rate_limits").where("window_start", "<=", now - rateLimitWindowMs).executeTakeFirst();
  const outbox = await db.deleteFrom("outbox").where("sent_at", "<", now - RETENTION.sentMailMs).executeTakeFirst();
  const anonymousProfiles = await purgeIdleAnonymous(db, now - anonymousRetentionMs);
  return {
    sessions: Number(sessions.numDeletedRows),
    emailTokens: Number(emailTokens.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    outbox: Number(outbox.numDeletedRows),
    anonymousProfiles
  };
}
async function purgeIdleAnonymous(db, before) {
  let purged = 0;
  for (; ; ) {
    const deleted = await db.transaction().execute(async (trx) => {
      const ids = (await trx.selectFrom("clients").select("id").where("status", "=", "anonymous").where("created_at", "<", before).where(({ exists, not, selectFrom }) => not(exists(selectFrom("events").select("events.id").whereRef("events.client_id", "=", "clients.id")))).where(
        ({ exists, not, selectFrom }) => not(
          exists(
            selectFrom("sessions").select("sessions.id").whereRef("sessions.client_id", "=", "clients.id").where((s) => s.or([s("sessions.created_at", ">=", before), s("sessions.refreshed_at", ">=", before)]))
          )
        )
      ).limit(ANONYMOUS_BATCH).execute()).map((r) => r.id);
      if (!ids.length) return 0;
      await trx.deleteFrom("sessions").where("client_id", "in", ids).execute();
      await trx.deleteFrom("client_uuids").where("client_id", "in", ids).execute();
      await trx.deleteFrom("email_tokens").where("client_id", "in", ids).execute();
      const gone = await trx.deleteFrom("clients").where("id", "in", ids).where("status", "=", "anonymous").executeTakeFirst();
      return Number(gone.numDeletedRows);
    });
    purged += deleted;
    if (deleted < ANONYMOUS_BATCH) return purged;
  }
}
function schedulePurge(db, options) {
  const now = options.now ?? Date.now;
  const run = () => {
    purgeExpired(db, now(), options.rateLimitWindowMs, options.anonymousRetentionMs).then(
      (counts) => options.log.debug({ purged: counts }, "expired rows purged"),
      (err) => options.log.warn({ reason: err.message }, "purging expired rows failed; trying again later")
    );
  };
  const first = setTimeout(run, 6e4);
  const every = setInterval(run, 60 * 60 * 1e3);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    }
  };
}

// src/server/context.ts
var silentLogger = createLogger({ level: "silent" });
async function createContext(config, options = {}) {
  const log = options.log ?? createLogger({ level: config.logLevel });
  const store = options.store ?? await openStore(config.databaseUrl, { timeoutMs: config.dbTimeoutMs, log });
  const now = options.now ?? (() => Date.now());
  const keys = await KeyRing.open(store.db, store.dialect, { now });
  keys.watch();
  return {
    config,
    store,
    db: store.db,
    keys,
    sessions: new Sessions(store.db, keys, config),
    mailer: new Mailer(store.db, config, log, options.printMail ?? (process.stdout.isTTY ? (text2) => process.stdout.write(text2) : void 0)),
    limiter: new RateLimiter(store.db, config.rateLimit),
    dummyHash: await hashPassword("snr-auth-dummy-password", config.pbkdf2Iterations),
    publicUrl: `http://${config.host}:${config.port}`,
    log,
    now,
    purge: schedulePurge(store.db, {
      rateLimitWindowMs: (config.rateLimit?.windowSeconds ?? 900) * 1e3,
      anonymousRetentionMs: config.anonymousRetentionMs,
      log,
      now
    })
  };
}
async function closeContext(ctx) {
  await ctx.mailer.settle();
  ctx.purge.stop();
  ctx.keys.close();
  ctx.mailer.close();
  await ctx.mailer.idle();
  await ctx.store.close();
}

// test/support/server.ts
var API_KEY = "snr-local-dev-key";
var PASSWORD = "Secret1!";
var PG_URL = process.env.SNR_TEST_PG_URL;
async function freshDatabase(dialect) {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join2(tmpdir(), "snr-test-"));
    return { url: join2(dir, "test.sqlite"), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!PG_URL) throw new Error("SNR_TEST_PG_URL is not set: no PostgreSQL for this test");
  const name2 = `snr_test_${randomUUID4().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg2.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name2}`);
  await admin.end();
  const url2 = new URL(PG_URL);
  url2.pathname = `/${name2}`;
  return {
    url: url2.toString(),
    drop: async () => {
      const c = new pg2.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name2} WITH (FORCE)`);
      await c.end();
    }
  };
}
function testClock(start = Date.now()) {
  let at = start;
  return {
    now: () => at,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`a clock only moves forward, not by ${ms} ms`);
      at += ms;
    }
  };
}
var ROUTE_PATTERNS = Object.entries(ROUTES).map(([name2, route2]) => ({
  name: name2,
  route: route2,
  pattern: new RegExp(`^${route2.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+")}$`)
}));
function routeFor(method, path) {
  const pathname = path.split("?")[0];
  return ROUTE_PATTERNS.find((r) => r.route.method === method && r.pattern.test(pathname));
}
function checkAnswer(method, path, status, body) {
  const where = `${method} ${path} answered ${status}`;
  if (status >= 400) {
    const parsed2 = errorBodySchema.safeParse(body);
    if (!parsed2.success)
      throw new Error(`contract drift: ${where} with a body that is not the error body: ${JSON.stringify(body)?.slice(0, 500)}
${parsed2.error.message}`);
    if (parsed2.data.status !== status) throw new Error(`contract drift: ${where} with an error body saying status ${parsed2.data.status}`);
    return;
  }
  const match = routeFor(method, path);
  if (!match || status < 200 || status >= 300) return;
  const { name: name2, route: route2 } = match;
  if (status !== route2.status) throw new Error(`contract drift: ${where}; ROUTES.${name2}.status is ${route2.status}`);
  if (!route2.response) {
    if (route2.status === 204 && body !== void 0)
      throw new Error(`contract drift: ${where} with a body, where ROUTES.${name2} has none: ${JSON.stringify(body).slice(0, 500)}`);
    return;
  }
  const parsed = route2.response.safeParse(body);
  if (!parsed.success)
    throw new Error(`contract drift: ${where}; ROUTES.${name2}.response refuses it: ${JSON.stringify(body)?.slice(0, 500)}
${parsed.error.message}`);
  if (!isDeepStrictEqual(parsed.data, body)) {
    throw new Error(
      `contract drift: ${where} with fields ROUTES.${name2}.response does not declare: ${JSON.stringify(body).slice(0, 500)}
parsed: ${JSON.stringify(parsed.data).slice(0, 500)}`
    );
  }
}
function callerFor(app) {
  return async (method, path, opts = {}) => {
    const headers = { ...opts.headers };
    if (opts.body !== void 0 || opts.raw !== void 0) headers["content-type"] ??= "application/json";
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await app.request(path, { method, headers, body: opts.raw ?? (opts.body === void 0 ? void 0 : JSON.stringify(opts.body)) });
    const text2 = await res.text();
    let body = text2;
    try {
      body = text2 ? JSON.parse(text2) : void 0;
    } catch {
    }
    checkAnswer(method, path, res.status, body);
    return { status: res.status, body, headers: res.headers };
  };
}
async function makeServer(env = {}, options = {}) {
  const database = await freshDatabase(options.dialect ?? "sqlite");
  const config = loadConfig({ SNR_PBKDF2_ITERATIONS: "1000", SNR_RATE_LIMIT: "off", SNR_REGISTRATION_MODE: "automatic", ...env, DATABASE_URL: database.url });
  const ctx = await createContext(config, { log: silentLogger, ...options.clock ? { now: options.clock.now } : {} });
  const app = createApp(ctx);
  const call = callerFor(app);
  const anonymous = async (uuid = randomUUID4(), heldToken) => {
    const res = await call("POST", "/sauth/v3/auth/login/client/anonymous", { body: { apiKey: API_KEY, uuid }, ...heldToken ? { token: heldToken } : {} });
    if (res.status !== 200) throw new Error(`anonymous login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { token: res.body.token, uuid: res.body.uuid ?? uuid };
  };
  const register2 = async (email2, extra = {}) => {
    const anon = await anonymous();
    return call("POST", "/sauth/clients/registered", { token: anon.token, body: { email: email2, password: PASSWORD, ...extra } });
  };
  const signIn = async (email2, password = PASSWORD, visitor = randomUUID4()) => {
    const { uuid, token } = typeof visitor === "string" ? { uuid: visitor, token: void 0 } : visitor;
    return call("POST", "/sauth/v3/auth/login/client", { body: { apiKey: API_KEY, uuid, email: email2, password }, ...token ? { token } : {} });
  };
  const mails = async (to) => {
    await ctx.mailer.settle();
    const rows = await ctx.db.selectFrom("outbox").select(["subject", "text_body"]).where("to_address", "=", to.toLowerCase()).orderBy("id", "desc").execute();
    return rows.map((r) => ({ subject: r.subject, text: r.text_body }));
  };
  return {
    app,
    ctx,
    ...options.clock ? { clock: options.clock } : {},
    databaseUrl: database.url,
    call,
    anonymous,
    register: register2,
    signIn,
    async customer(email2 = `c-${randomUUID4()}@example.com`) {
      const reg = await register2(email2);
      if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
      const res = await signIn(email2);
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { token: res.body.token, uuid: res.body.uuid, clientId: res.body.clientId, email: email2 };
    },
    mails,
    async linkToken(to) {
      const [mail] = await mails(to);
      const match = mail && /[?&]token=([A-Za-z0-9_-]+)/.exec(mail.text);
      if (!match) throw new Error(`no emailed link for ${to}`);
      return match[1];
    },
    async close() {
      await closeContext(ctx);
      await database.drop();
    }
  };
}
export {
  API_KEY,
  PASSWORD,
  PG_URL,
  callerFor,
  checkAnswer,
  freshDatabase,
  makeServer,
  routeFor,
  testClock
};
//# sourceMappingURL=data:application/json;base64,ewogICJ2ZXJzaW9uIjogMywKICAic291cmNlcyI6IFsiLi4vLi4vdGVzdC9zdXBwb3J0L3NlcnZlci50cyIsICIuLi8uLi9zcmMvY29udHJhY3QvZXJyb3JzLnRzIiwgIi4uLy4uL3NyYy9jb250cmFjdC9zY2hlbWFzLnRzIiwgIi4uLy4uL3NyYy9jb250cmFjdC92YWx1ZXMudHMiLCAiLi4vLi4vc3JjL2NvbnRyYWN0L3JvdXRlcy50cyIsICIuLi8uLi9zcmMvc2VydmVyL2FwcC50cyIsICIuLi8uLi9zcmMvY29udHJhY3QvaXNzdWVzLnRzIiwgIi4uLy4uL3NyYy9jb250cmFjdC9wYXNzd29yZC1wb2xpY3kudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9odHRwLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvZXJyb3JzLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIva2l0LnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvbWlkZGxld2FyZS9lcnJvci1oYW5kbGVyLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvbG9nLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvbWlkZGxld2FyZS9lZGdlLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcGFnZXMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9odG1sLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcm91dGVzL2FjY291bnQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9jcnlwdG8vcGFzc3dvcmQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9wYXNzd29yZHMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9zdG9yZS9jbGllbnRzLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvc3RvcmUvZW1haWwtdG9rZW5zLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvc3RvcmUvZXZlbnRzLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvc3RvcmUvcHJlY29tcGlsZWQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9zdG9yZS9zZXNzaW9ucy50cyIsICIuLi8uLi9zcmMvc2VydmVyL2lkZW50aXR5L2VtYWlsLWxpbmtzLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvbWFpbC90ZW1wbGF0ZXMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9zaWduZWQtaW4tY3VzdG9tZXIudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9jaGFuZ2UtcGFzc3dvcmQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9jb25maXJtLWVtYWlsLWNoYW5nZS50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL2FjdGl2YXRpb24tcGlucy50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL2lkZW50aXRpZXMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9kZWxldGUtY2xpZW50LnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcHJvdmlkZXJzL2lkLXRva2VuLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcHJvdmlkZXJzL2lkZW50aXR5LnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcHJvdmlkZXJzL2FwcGxlLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcHJvdmlkZXJzL2ZhY2Vib29rLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvcHJvdmlkZXJzL2dvb2dsZS50cyIsICIuLi8uLi9zcmMvc2VydmVyL3Byb3ZpZGVycy9vYXV0aC50cyIsICIuLi8uLi9zcmMvc2VydmVyL3Byb3ZpZGVycy92ZXJpZnkudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9wcm92ZS1jdXN0b21lci50cyIsICIuLi8uLi9zcmMvc2VydmVyL2lkZW50aXR5L2RlbGV0ZS1hY2NvdW50LnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvcmVxdWVzdC1lbWFpbC1jaGFuZ2UudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9hY3RpdmF0aW9uLXBpbi50cyIsICIuLi8uLi9zcmMvc2VydmVyL2lkZW50aXR5L21lcmdlLWFub255bW91cy50cyIsICIuLi8uLi9zcmMvc2VydmVyL2lkZW50aXR5L3JlZ2lzdGVyLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvdXBkYXRlLWFjY291bnQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS91cGRhdGUtYmFzaWMtaW5mb3JtYXRpb24udHMiLCAiLi4vLi4vc3JjL3NlcnZlci9yb3V0ZS50cyIsICIuLi8uLi9zcmMvc2VydmVyL3JvdXRlcy9hdXRoLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvYW5vbnltb3VzLXNlc3Npb24udHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9yZWZyZXNoLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvY3VzdG9tZXItc2Vzc2lvbi50cyIsICIuLi8uLi9zcmMvc2VydmVyL2lkZW50aXR5L3NpZ24taW4td2l0aC1wYXNzd29yZC50cyIsICIuLi8uLi9zcmMvc2VydmVyL2lkZW50aXR5L2NsYWltLWFjY291bnQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9zaWduLWluLXdpdGgtcHJvdmlkZXIudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9zaWduLW91dC50cyIsICIuLi8uLi9zcmMvc2VydmVyL3JvdXRlcy9iYWNrZW5kLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvYXBwcm92ZS1jbGllbnQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9yZWNvZ25pemUudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9yb3V0ZXMvZXZlbnRzLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvcmVjb3JkLWV2ZW50cy50cyIsICIuLi8uLi9zcmMvc2VydmVyL3JvdXRlcy9wdWJsaWMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9sb29wYmFjay50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL291dGJveC50cyIsICIuLi8uLi9zcmMvc2VydmVyL3JvdXRlcy9yZWdpc3RyYXRpb24udHMiLCAiLi4vLi4vc3JjL3NlcnZlci9pZGVudGl0eS9hY3RpdmF0aW9uLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvaWRlbnRpdHkvcmVzZXQtcGFzc3dvcmQudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9jb25maWcudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9jcnlwdG8va2V5cy50cyIsICIuLi8uLi9zcmMvc2VydmVyL21haWwvbWFpbGVyLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvc3RvcmUvcmF0ZS1saW1pdHMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9yYXRlLWxpbWl0LnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvc2Vzc2lvbnMudHMiLCAiLi4vLi4vc3JjL3NlcnZlci9zdG9yZS9kYi50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL2NoZWNrcG9pbnRlci50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL2RlYWRsaW5lLnRzIiwgIi4uLy4uL3NyYy9zZXJ2ZXIvc3RvcmUvbWlncmF0aW9ucy50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL3NxbGl0ZS1ndWFyZC50cyIsICIuLi8uLi9zcmMvc2VydmVyL3N0b3JlL3JldGVudGlvbi50cyIsICIuLi8uLi9zcmMvc2VydmVyL2NvbnRleHQudHMiXSwKICAic291cmNlc0NvbnRlbnQiOiBbImltcG9ydCB7IHJhbmRvbVVVSUQgfSBmcm9tICdub2RlOmNyeXB0byc7XG5pbXBvcnQgeyBta2R0ZW1wU3luYywgcm1TeW5jIH0gZnJvbSAnbm9kZTpmcyc7XG5pbXBvcnQgeyB0bXBkaXIgfSBmcm9tICdub2RlOm9zJztcbmltcG9ydCB7IGpvaW4gfSBmcm9tICdub2RlOnBhdGgnO1xuaW1wb3J0IHsgaXNEZWVwU3RyaWN0RXF1YWwgfSBmcm9tICdub2RlOnV0aWwnO1xuaW1wb3J0IHR5cGUgeyBIb25vIH0gZnJvbSAnaG9ubyc7XG5pbXBvcnQgcGcgZnJvbSAncGcnO1xuaW1wb3J0IHsgZXJyb3JCb2R5U2NoZW1hIH0gZnJvbSAnLi4vLi4vc3JjL2NvbnRyYWN0L2Vycm9ycy5qcyc7XG5pbXBvcnQgeyBST1VURVMsIHR5cGUgUm91dGVEZWYgfSBmcm9tICcuLi8uLi9zcmMvY29udHJhY3Qvcm91dGVzLmpzJztcbmltcG9ydCB7IGNyZWF0ZUFwcCB9IGZyb20gJy4uLy4uL3NyYy9zZXJ2ZXIvYXBwLmpzJztcbmltcG9ydCB7IGxvYWRDb25maWcgfSBmcm9tICcuLi8uLi9zcmMvc2VydmVyL2NvbmZpZy5qcyc7XG5pbXBvcnQgeyBjbG9zZUNvbnRleHQsIGNyZWF0ZUNvbnRleHQsIHR5cGUgU2VydmVyQ29udGV4dCwgc2lsZW50TG9nZ2VyIH0gZnJvbSAnLi4vLi4vc3JjL3NlcnZlci9jb250ZXh0LmpzJztcblxuZXhwb3J0IGNvbnN0IEFQSV9LRVkgPSAnc25yLWxvY2FsLWRldi1rZXknO1xuZXhwb3J0IGNvbnN0IFBBU1NXT1JEID0gJ1NlY3JldDEhJztcblxuLyoqIFRoZSBQb3N0Z3JlU1FMIHNlcnZlciBgbnBtIHRlc3RgIGFuZCBgLmNpL3J1bmAgcHJvdmlkZTsgdW5zZXQgd2hlbiBub25lIGNvdWxkIGJlIGhhZC4gKi9cbmV4cG9ydCBjb25zdCBQR19VUkwgPSBwcm9jZXNzLmVudi5TTlJfVEVTVF9QR19VUkw7XG5cbmV4cG9ydCB0eXBlIERpYWxlY3QgPSAnc3FsaXRlJyB8ICdwb3N0Z3Jlcyc7XG5cbi8qKiBBIGRhdGFiYXNlIG9mIGl0cyBvd24gZm9yIG9uZSB0ZXN0IHNlcnZlcjogYSB0ZW1wIFNRTGl0ZSBmaWxlLCBvciBhIGZyZXNoIFBvc3RncmVTUUwgZGF0YWJhc2UuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZnJlc2hEYXRhYmFzZShkaWFsZWN0OiBEaWFsZWN0KTogUHJvbWlzZTx7IHVybDogc3RyaW5nOyBkcm9wKCk6IFByb21pc2U8dm9pZD4gfT4ge1xuICBpZiAoZGlhbGVjdCA9PT0gJ3NxbGl0ZScpIHtcbiAgICBjb25zdCBkaXIgPSBta2R0ZW1wU3luYyhqb2luKHRtcGRpcigpLCAnc25yLXRlc3QtJykpO1xuICAgIHJldHVybiB7IHVybDogam9pbihkaXIsICd0ZXN0LnNxbGl0ZScpLCBkcm9wOiBhc3luYyAoKSA9PiBybVN5bmMoZGlyLCB7IHJlY3Vyc2l2ZTogdHJ1ZSwgZm9yY2U6IHRydWUgfSkgfTtcbiAgfVxuICBpZiAoIVBHX1VSTCkgdGhyb3cgbmV3IEVycm9yKCdTTlJfVEVTVF9QR19VUkwgaXMgbm90IHNldDogbm8gUG9zdGdyZVNRTCBmb3IgdGhpcyB0ZXN0Jyk7XG4gIGNvbnN0IG5hbWUgPSBgc25yX3Rlc3RfJHtyYW5kb21VVUlEKCkucmVwbGFjZSgvLS9nLCAnJykuc2xpY2UoMCwgMTYpfWA7XG4gIGNvbnN0IGFkbWluID0gbmV3IHBnLkNsaWVudCh7IGNvbm5lY3Rpb25TdHJpbmc6IFBHX1VSTCB9KTtcbiAgYXdhaXQgYWRtaW4uY29ubmVjdCgpO1xuICBhd2FpdCBhZG1pbi5xdWVyeShgQ1JFQVRFIERBVEFCQVNFICR7bmFtZX1gKTtcbiAgYXdhaXQgYWRtaW4uZW5kKCk7XG4gIGNvbnN0IHVybCA9IG5ldyBVUkwoUEdfVVJMKTtcbiAgdXJsLnBhdGhuYW1lID0gYC8ke25hbWV9YDtcbiAgcmV0dXJuIHtcbiAgICB1cmw6IHVybC50b1N0cmluZygpLFxuICAgIGRyb3A6IGFzeW5jICgpID0+IHtcbiAgICAgIGNvbnN0IGMgPSBuZXcgcGcuQ2xpZW50KHsgY29ubmVjdGlvblN0cmluZzogUEdfVVJMIH0pO1xuICAgICAgYXdhaXQgYy5jb25uZWN0KCk7XG4gICAgICBhd2FpdCBjLnF1ZXJ5KGBEUk9QIERBVEFCQVNFIElGIEVYSVNUUyAke25hbWV9IFdJVEggKEZPUkNFKWApO1xuICAgICAgYXdhaXQgYy5lbmQoKTtcbiAgICB9LFxuICB9O1xufVxuXG4vKipcbiAqIEEgY2xvY2sgdGhhdCBtb3ZlcyBvbmx5IHdoZW4gdG9sZDogaGFuZGVkIHRvIHRoZSBzZXJ2ZXIgYXMgaXRzIGBub3dgLCBpdCBtYWtlcyBhIHRva2VuIGV4cGlyZSwgYVxuICogd2luZG93IGNsb3NlIG9yIGEgY2FjaGUgZW50cnkgZ28gc3RhbGUgaW4gYSBtaWxsaXNlY29uZCBpbnN0ZWFkIG9mIGEgc2xlZXAuXG4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgVGVzdENsb2NrIHtcbiAgbm93KCk6IG51bWJlcjtcbiAgYWR2YW5jZShtczogbnVtYmVyKTogdm9pZDtcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIHRlc3RDbG9jayhzdGFydCA9IERhdGUubm93KCkpOiBUZXN0Q2xvY2sge1xuICBsZXQgYXQgPSBzdGFydDtcbiAgcmV0dXJuIHtcbiAgICBub3c6ICgpID0+IGF0LFxuICAgIGFkdmFuY2UobXMpIHtcbiAgICAgIGlmICghKG1zID49IDApKSB0aHJvdyBuZXcgUmFuZ2VFcnJvcihgYSBjbG9jayBvbmx5IG1vdmVzIGZvcndhcmQsIG5vdCBieSAke21zfSBtc2ApO1xuICAgICAgYXQgKz0gbXM7XG4gICAgfSxcbiAgfTtcbn1cblxuLyoqIFRoZSByb3V0ZSBvZiB0aGUgdGFibGUgYSByZXF1ZXN0IHJlYWNoZXMsIG9yIHVuZGVmaW5lZCBmb3IgYSBwYXRoIG91dHNpZGUgaXQgKGxhbmRpbmcsIG91dGJveFx1MjAyNikuICovXG5jb25zdCBST1VURV9QQVRURVJOUyA9IE9iamVjdC5lbnRyaWVzKFJPVVRFUyBhcyBSZWNvcmQ8c3RyaW5nLCBSb3V0ZURlZj4pLm1hcCgoW25hbWUsIHJvdXRlXSkgPT4gKHtcbiAgbmFtZSxcbiAgcm91dGUsXG4gIHBhdHRlcm46IG5ldyBSZWdFeHAoYF4ke3JvdXRlLnBhdGgucmVwbGFjZSgvWy4qKz9eJCgpfFtcXF1cXFxcXS9nLCAnXFxcXCQmJykucmVwbGFjZSgvXFx7XFx3K1xcfS9nLCAnW14vXSsnKX0kYCksXG59KSk7XG5cbmV4cG9ydCBmdW5jdGlvbiByb3V0ZUZvcihtZXRob2Q6IHN0cmluZywgcGF0aDogc3RyaW5nKTogeyBuYW1lOiBzdHJpbmc7IHJvdXRlOiBSb3V0ZURlZiB9IHwgdW5kZWZpbmVkIHtcbiAgY29uc3QgcGF0aG5hbWUgPSBwYXRoLnNwbGl0KCc/JylbMF0hO1xuICByZXR1cm4gUk9VVEVfUEFUVEVSTlMuZmluZCgocikgPT4gci5yb3V0ZS5tZXRob2QgPT09IG1ldGhvZCAmJiByLnBhdHRlcm4udGVzdChwYXRobmFtZSkpO1xufVxuXG4vKipcbiAqIENoZWNrcyBhbiBhbnN3ZXIgYWdhaW5zdCB0aGUgY29udHJhY3QsIHNvIGRyaWZ0IGJldHdlZW4gc2VydmVyIGFuZCBjb250cmFjdCBmYWlscyB0aGUgdGVzdCB0aGF0XG4gKiBtZXQgaXQ6IGEgc3VjY2VzcyBoYXMgdGhlIHJvdXRlJ3Mgc3RhdHVzIGFuZCBleGFjdGx5IHRoZSBzaGFwZSBvZiBgUk9VVEVTLngucmVzcG9uc2VgIChubyBmaWVsZFxuICogbWlzc2luZywgbm9uZSBleHRyYTogdGhlIHBhcnNlZCBhbnN3ZXIgZXF1YWxzIHRoZSBhbnN3ZXIpLCBvciBubyBib2R5IHdoZXJlIHRoZSByb3V0ZSBoYXMgbm9cbiAqIHJlc3BvbnNlIHNjaGVtYSBhbmQgYW5zd2VycyAyMDQ7IGFuIGVycm9yIGlzIHRoZSBvbmUgZXJyb3IgYm9keSwgaXRzIGBzdGF0dXNgIHRoZSBIVFRQIHN0YXR1cy5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGNoZWNrQW5zd2VyKG1ldGhvZDogc3RyaW5nLCBwYXRoOiBzdHJpbmcsIHN0YXR1czogbnVtYmVyLCBib2R5OiB1bmtub3duKTogdm9pZCB7XG4gIGNvbnN0IHdoZXJlID0gYCR7bWV0aG9kfSAke3BhdGh9IGFuc3dlcmVkICR7c3RhdHVzfWA7XG4gIGlmIChzdGF0dXMgPj0gNDAwKSB7XG4gICAgY29uc3QgcGFyc2VkID0gZXJyb3JCb2R5U2NoZW1hLnNhZmVQYXJzZShib2R5KTtcbiAgICBpZiAoIXBhcnNlZC5zdWNjZXNzKVxuICAgICAgdGhyb3cgbmV3IEVycm9yKGBjb250cmFjdCBkcmlmdDogJHt3aGVyZX0gd2l0aCBhIGJvZHkgdGhhdCBpcyBub3QgdGhlIGVycm9yIGJvZHk6ICR7SlNPTi5zdHJpbmdpZnkoYm9keSk/LnNsaWNlKDAsIDUwMCl9XFxuJHtwYXJzZWQuZXJyb3IubWVzc2FnZX1gKTtcbiAgICBpZiAocGFyc2VkLmRhdGEuc3RhdHVzICE9PSBzdGF0dXMpIHRocm93IG5ldyBFcnJvcihgY29udHJhY3QgZHJpZnQ6ICR7d2hlcmV9IHdpdGggYW4gZXJyb3IgYm9keSBzYXlpbmcgc3RhdHVzICR7cGFyc2VkLmRhdGEuc3RhdHVzfWApO1xuICAgIHJldHVybjtcbiAgfVxuICBjb25zdCBtYXRjaCA9IHJvdXRlRm9yKG1ldGhvZCwgcGF0aCk7XG4gIGlmICghbWF0Y2ggfHwgc3RhdHVzIDwgMjAwIHx8IHN0YXR1cyA+PSAzMDApIHJldHVybjtcbiAgY29uc3QgeyBuYW1lLCByb3V0ZSB9ID0gbWF0Y2g7XG4gIGlmIChzdGF0dXMgIT09IHJvdXRlLnN0YXR1cykgdGhyb3cgbmV3IEVycm9yKGBjb250cmFjdCBkcmlmdDogJHt3aGVyZX07IFJPVVRFUy4ke25hbWV9LnN0YXR1cyBpcyAke3JvdXRlLnN0YXR1c31gKTtcbiAgaWYgKCFyb3V0ZS5yZXNwb25zZSkge1xuICAgIGlmIChyb3V0ZS5zdGF0dXMgPT09IDIwNCAmJiBib2R5ICE9PSB1bmRlZmluZWQpXG4gICAgICB0aHJvdyBuZXcgRXJyb3IoYGNvbnRyYWN0IGRyaWZ0OiAke3doZXJlfSB3aXRoIGEgYm9keSwgd2hlcmUgUk9VVEVTLiR7bmFtZX0gaGFzIG5vbmU6ICR7SlNPTi5zdHJpbmdpZnkoYm9keSkuc2xpY2UoMCwgNTAwKX1gKTtcbiAgICByZXR1cm47XG4gIH1cbiAgY29uc3QgcGFyc2VkID0gcm91dGUucmVzcG9uc2Uuc2FmZVBhcnNlKGJvZHkpO1xuICBpZiAoIXBhcnNlZC5zdWNjZXNzKVxuICAgIHRocm93IG5ldyBFcnJvcihgY29udHJhY3QgZHJpZnQ6ICR7d2hlcmV9OyBST1VURVMuJHtuYW1lfS5yZXNwb25zZSByZWZ1c2VzIGl0OiAke0pTT04uc3RyaW5naWZ5KGJvZHkpPy5zbGljZSgwLCA1MDApfVxcbiR7cGFyc2VkLmVycm9yLm1lc3NhZ2V9YCk7XG4gIGlmICghaXNEZWVwU3RyaWN0RXF1YWwocGFyc2VkLmRhdGEsIGJvZHkpKSB7XG4gICAgdGhyb3cgbmV3IEVycm9yKFxuICAgICAgYGNvbnRyYWN0IGRyaWZ0OiAke3doZXJlfSB3aXRoIGZpZWxkcyBST1VURVMuJHtuYW1lfS5yZXNwb25zZSBkb2VzIG5vdCBkZWNsYXJlOiAke0pTT04uc3RyaW5naWZ5KGJvZHkpLnNsaWNlKDAsIDUwMCl9XFxucGFyc2VkOiAke0pTT04uc3RyaW5naWZ5KHBhcnNlZC5kYXRhKS5zbGljZSgwLCA1MDApfWAsXG4gICAgKTtcbiAgfVxufVxuXG5leHBvcnQgaW50ZXJmYWNlIFRlc3RTZXJ2ZXIge1xuICBhcHA6IEhvbm87XG4gIGN0eDogU2VydmVyQ29udGV4dDtcbiAgLyoqIFRoZSBzZXJ2ZXIncyBjbG9jaywgd2hlbiB0aGUgdGVzdCBhc2tlZCBmb3Igb25lIChgbWFrZVNlcnZlcihlbnYsIHsgY2xvY2sgfSlgKS4gKi9cbiAgY2xvY2s/OiBUZXN0Q2xvY2s7XG4gIGRhdGFiYXNlVXJsOiBzdHJpbmc7XG4gIC8qKiBDYWxscyB0aGUgYXBwIGluLXByb2Nlc3MgKG5vIHBvcnQpOyBKU09OIGluLCBwYXJzZWQgSlNPTiBvdXQuICovXG4gIGNhbGwoXG4gICAgbWV0aG9kOiBzdHJpbmcsXG4gICAgcGF0aDogc3RyaW5nLFxuICAgIG9wdGlvbnM/OiB7IGJvZHk/OiB1bmtub3duOyByYXc/OiBzdHJpbmc7IHRva2VuPzogc3RyaW5nOyBoZWFkZXJzPzogUmVjb3JkPHN0cmluZywgc3RyaW5nPiB9LFxuICApOiBQcm9taXNlPHsgc3RhdHVzOiBudW1iZXI7IGJvZHk6IGFueTsgaGVhZGVyczogSGVhZGVycyB9PjtcbiAgLyoqIEFuIGFub255bW91cyBzZXNzaW9uOyBgaGVsZFRva2VuYDogdGhlIHRva2VuIGhlbGQgZm9yIGB1dWlkYCwgdGhlIHByb29mIHRoYXQgaXRzIHByb2ZpbGUgaXMgb3Vycy4gKi9cbiAgYW5vbnltb3VzKHV1aWQ/OiBzdHJpbmcsIGhlbGRUb2tlbj86IHN0cmluZyk6IFByb21pc2U8eyB0b2tlbjogc3RyaW5nOyB1dWlkOiBzdHJpbmcgfT47XG4gIHJlZ2lzdGVyKGVtYWlsOiBzdHJpbmcsIGV4dHJhPzogUmVjb3JkPHN0cmluZywgdW5rbm93bj4pOiBQcm9taXNlPHsgc3RhdHVzOiBudW1iZXI7IGJvZHk6IGFueTsgaGVhZGVyczogSGVhZGVycyB9PjtcbiAgLyoqIGB2aXNpdG9yYDogYSBiYXJlIFVVSUQsIG9yIGFuIGFub255bW91cyB2aXNpdG9yIChVVUlEIGFuZCB0b2tlbikgd2hvc2UgaGlzdG9yeSB0aGUgc2lnbi1pbiBtZXJnZXMuICovXG4gIHNpZ25JbihlbWFpbDogc3RyaW5nLCBwYXNzd29yZD86IHN0cmluZywgdmlzaXRvcj86IHN0cmluZyB8IHsgdXVpZDogc3RyaW5nOyB0b2tlbjogc3RyaW5nIH0pOiBQcm9taXNlPHsgc3RhdHVzOiBudW1iZXI7IGJvZHk6IGFueTsgaGVhZGVyczogSGVhZGVycyB9PjtcbiAgLyoqIFJlZ2lzdGVycyAoYXV0b21hdGljIGFjdGl2YXRpb24gcmVnYXJkbGVzcyBvZiBtb2RlIGlzIE5PVCBhc3N1bWVkKSBhbmQgc2lnbnMgaW4uICovXG4gIGN1c3RvbWVyKGVtYWlsPzogc3RyaW5nKTogUHJvbWlzZTx7IHRva2VuOiBzdHJpbmc7IHV1aWQ6IHN0cmluZzsgY2xpZW50SWQ6IG51bWJlcjsgZW1haWw6IHN0cmluZyB9PjtcbiAgLyoqIE1haWwgd3JpdHRlbiB0byB0aGUgb3V0Ym94IGZvciBhbiBhZGRyZXNzLCBuZXdlc3QgZmlyc3QuICovXG4gIG1haWxzKHRvOiBzdHJpbmcpOiBQcm9taXNlPEFycmF5PHsgc3ViamVjdDogc3RyaW5nOyB0ZXh0OiBzdHJpbmcgfT4+O1xuICAvKiogVGhlIHRva2VuIGZyb20gdGhlIG5ld2VzdCBlbWFpbGVkIGxpbmsgdG8gYW4gYWRkcmVzcy4gKi9cbiAgbGlua1Rva2VuKHRvOiBzdHJpbmcpOiBQcm9taXNlPHN0cmluZz47XG4gIGNsb3NlKCk6IFByb21pc2U8dm9pZD47XG59XG5cbi8qKiBDYWxscyBhbiBhcHAgaW4tcHJvY2VzcyAobm8gcG9ydCk6IEpTT04gaW4sIHBhcnNlZCBKU09OIG91dCwgY2hlY2tlZCBhZ2FpbnN0IHRoZSBjb250cmFjdCAoYGNoZWNrQW5zd2VyYCkuICovXG5leHBvcnQgZnVuY3Rpb24gY2FsbGVyRm9yKGFwcDogSG9ubyk6IFRlc3RTZXJ2ZXJbJ2NhbGwnXSB7XG4gIHJldHVybiBhc3luYyAobWV0aG9kLCBwYXRoLCBvcHRzID0ge30pID0+IHtcbiAgICBjb25zdCBoZWFkZXJzOiBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+ID0geyAuLi5vcHRzLmhlYWRlcnMgfTtcbiAgICBpZiAob3B0cy5ib2R5ICE9PSB1bmRlZmluZWQgfHwgb3B0cy5yYXcgIT09IHVuZGVmaW5lZCkgaGVhZGVyc1snY29udGVudC10eXBlJ10gPz89ICdhcHBsaWNhdGlvbi9qc29uJztcbiAgICBpZiAob3B0cy50b2tlbikgaGVhZGVycy5hdXRob3JpemF0aW9uID0gYEJlYXJlciAke29wdHMudG9rZW59YDtcbiAgICBjb25zdCByZXMgPSBhd2FpdCBhcHAucmVxdWVzdChwYXRoLCB7IG1ldGhvZCwgaGVhZGVycywgYm9keTogb3B0cy5yYXcgPz8gKG9wdHMuYm9keSA9PT0gdW5kZWZpbmVkID8gdW5kZWZpbmVkIDogSlNPTi5zdHJpbmdpZnkob3B0cy5ib2R5KSkgfSk7XG4gICAgY29uc3QgdGV4dCA9IGF3YWl0IHJlcy50ZXh0KCk7XG4gICAgbGV0IGJvZHk6IHVua25vd24gPSB0ZXh0O1xuICAgIHRyeSB7XG4gICAgICBib2R5ID0gdGV4dCA/IEpTT04ucGFyc2UodGV4dCkgOiB1bmRlZmluZWQ7XG4gICAgfSBjYXRjaCB7XG4gICAgICAvKiBub3QgSlNPTiAqL1xuICAgIH1cbiAgICBjaGVja0Fuc3dlcihtZXRob2QsIHBhdGgsIHJlcy5zdGF0dXMsIGJvZHkpO1xuICAgIHJldHVybiB7IHN0YXR1czogcmVzLnN0YXR1cywgYm9keSwgaGVhZGVyczogcmVzLmhlYWRlcnMgfTtcbiAgfTtcbn1cblxuLyoqIGBjbG9ja2A6IHRoZSBzZXJ2ZXIgcmVhZHMgdGltZSBmcm9tIGl0IGluc3RlYWQgb2YgdGhlIHN5c3RlbSBjbG9jayAoc2VlIGB0ZXN0Q2xvY2tgKS4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBtYWtlU2VydmVyKGVudjogUmVjb3JkPHN0cmluZywgc3RyaW5nPiA9IHt9LCBvcHRpb25zOiB7IGRpYWxlY3Q/OiBEaWFsZWN0OyBjbG9jaz86IFRlc3RDbG9jayB9ID0ge30pOiBQcm9taXNlPFRlc3RTZXJ2ZXI+IHtcbiAgY29uc3QgZGF0YWJhc2UgPSBhd2FpdCBmcmVzaERhdGFiYXNlKG9wdGlvbnMuZGlhbGVjdCA/PyAnc3FsaXRlJyk7XG4gIGNvbnN0IGNvbmZpZyA9IGxvYWRDb25maWcoeyBTTlJfUEJLREYyX0lURVJBVElPTlM6ICcxMDAwJywgU05SX1JBVEVfTElNSVQ6ICdvZmYnLCBTTlJfUkVHSVNUUkFUSU9OX01PREU6ICdhdXRvbWF0aWMnLCAuLi5lbnYsIERBVEFCQVNFX1VSTDogZGF0YWJhc2UudXJsIH0pO1xuICBjb25zdCBjdHggPSBhd2FpdCBjcmVhdGVDb250ZXh0KGNvbmZpZywgeyBsb2c6IHNpbGVudExvZ2dlciwgLi4uKG9wdGlvbnMuY2xvY2sgPyB7IG5vdzogb3B0aW9ucy5jbG9jay5ub3cgfSA6IHt9KSB9KTtcbiAgY29uc3QgYXBwID0gY3JlYXRlQXBwKGN0eCk7XG5cbiAgY29uc3QgY2FsbCA9IGNhbGxlckZvcihhcHApO1xuXG4gIGNvbnN0IGFub255bW91czogVGVzdFNlcnZlclsnYW5vbnltb3VzJ10gPSBhc3luYyAodXVpZCA9IHJhbmRvbVVVSUQoKSwgaGVsZFRva2VuKSA9PiB7XG4gICAgY29uc3QgcmVzID0gYXdhaXQgY2FsbCgnUE9TVCcsICcvc2F1dGgvdjMvYXV0aC9sb2dpbi9jbGllbnQvYW5vbnltb3VzJywgeyBib2R5OiB7IGFwaUtleTogQVBJX0tFWSwgdXVpZCB9LCAuLi4oaGVsZFRva2VuID8geyB0b2tlbjogaGVsZFRva2VuIH0gOiB7fSkgfSk7XG4gICAgaWYgKHJlcy5zdGF0dXMgIT09IDIwMCkgdGhyb3cgbmV3IEVycm9yKGBhbm9ueW1vdXMgbG9naW4gZmFpbGVkOiAke3Jlcy5zdGF0dXN9ICR7SlNPTi5zdHJpbmdpZnkocmVzLmJvZHkpfWApO1xuICAgIC8vIEEgVVVJRCBpcyBubyBjcmVkZW50aWFsOiB3aXRob3V0IHRoZSB0b2tlbiBoZWxkIGZvciBpdCwgYW4gZXhpc3RpbmcgcHJvZmlsZSdzIFVVSUQgZ2V0cyBhIGZyZXNoIG9uZS5cbiAgICByZXR1cm4geyB0b2tlbjogcmVzLmJvZHkudG9rZW4sIHV1aWQ6IHJlcy5ib2R5LnV1aWQgPz8gdXVpZCB9O1xuICB9O1xuXG4gIGNvbnN0IHJlZ2lzdGVyOiBUZXN0U2VydmVyWydyZWdpc3RlciddID0gYXN5bmMgKGVtYWlsLCBleHRyYSA9IHt9KSA9PiB7XG4gICAgY29uc3QgYW5vbiA9IGF3YWl0IGFub255bW91cygpO1xuICAgIHJldHVybiBjYWxsKCdQT1NUJywgJy9zYXV0aC9jbGllbnRzL3JlZ2lzdGVyZWQnLCB7IHRva2VuOiBhbm9uLnRva2VuLCBib2R5OiB7IGVtYWlsLCBwYXNzd29yZDogUEFTU1dPUkQsIC4uLmV4dHJhIH0gfSk7XG4gIH07XG5cbiAgY29uc3Qgc2lnbkluOiBUZXN0U2VydmVyWydzaWduSW4nXSA9IGFzeW5jIChlbWFpbCwgcGFzc3dvcmQgPSBQQVNTV09SRCwgdmlzaXRvciA9IHJhbmRvbVVVSUQoKSkgPT4ge1xuICAgIGNvbnN0IHsgdXVpZCwgdG9rZW4gfSA9IHR5cGVvZiB2aXNpdG9yID09PSAnc3RyaW5nJyA/IHsgdXVpZDogdmlzaXRvciwgdG9rZW46IHVuZGVmaW5lZCB9IDogdmlzaXRvcjtcbiAgICByZXR1cm4gY2FsbCgnUE9TVCcsICcvc2F1dGgvdjMvYXV0aC9sb2dpbi9jbGllbnQnLCB7IGJvZHk6IHsgYXBpS2V5OiBBUElfS0VZLCB1dWlkLCBlbWFpbCwgcGFzc3dvcmQgfSwgLi4uKHRva2VuID8geyB0b2tlbiB9IDoge30pIH0pO1xuICB9O1xuXG4gIGNvbnN0IG1haWxzOiBUZXN0U2VydmVyWydtYWlscyddID0gYXN5bmMgKHRvKSA9PiB7XG4gICAgLy8gRW1haWwgcm91dGVzIGFuc3dlciBiZWZvcmUgdGhleSB3cml0ZSB0aGUgbGluayAoTWFpbGVyLmFmdGVyQW5zd2VyKTogbGV0IHRoYXQgd29yayBmaW5pc2guXG4gICAgYXdhaXQgY3R4Lm1haWxlci5zZXR0bGUoKTtcbiAgICBjb25zdCByb3dzID0gYXdhaXQgY3R4LmRiLnNlbGVjdEZyb20oJ291dGJveCcpLnNlbGVjdChbJ3N1YmplY3QnLCAndGV4dF9ib2R5J10pLndoZXJlKCd0b19hZGRyZXNzJywgJz0nLCB0by50b0xvd2VyQ2FzZSgpKS5vcmRlckJ5KCdpZCcsICdkZXNjJykuZXhlY3V0ZSgpO1xuICAgIHJldHVybiByb3dzLm1hcCgocikgPT4gKHsgc3ViamVjdDogci5zdWJqZWN0LCB0ZXh0OiByLnRleHRfYm9keSB9KSk7XG4gIH07XG5cbiAgcmV0dXJuIHtcbiAgICBhcHAsXG4gICAgY3R4LFxuICAgIC4uLihvcHRpb25zLmNsb2NrID8geyBjbG9jazogb3B0aW9ucy5jbG9jayB9IDoge30pLFxuICAgIGRhdGFiYXNlVXJsOiBkYXRhYmFzZS51cmwsXG4gICAgY2FsbCxcbiAgICBhbm9ueW1vdXMsXG4gICAgcmVnaXN0ZXIsXG4gICAgc2lnbkluLFxuICAgIGFzeW5jIGN1c3RvbWVyKGVtYWlsID0gYGMtJHtyYW5kb21VVUlEKCl9QGV4YW1wbGUuY29tYCkge1xuICAgICAgY29uc3QgcmVnID0gYXdhaXQgcmVnaXN0ZXIoZW1haWwpO1xuICAgICAgaWYgKHJlZy5zdGF0dXMgIT09IDIwMSkgdGhyb3cgbmV3IEVycm9yKGByZWdpc3RlciBmYWlsZWQ6ICR7cmVnLnN0YXR1c30gJHtKU09OLnN0cmluZ2lmeShyZWcuYm9keSl9YCk7XG4gICAgICBjb25zdCByZXMgPSBhd2FpdCBzaWduSW4oZW1haWwpO1xuICAgICAgaWYgKHJlcy5zdGF0dXMgIT09IDIwMCkgdGhyb3cgbmV3IEVycm9yKGBzaWduLWluIGZhaWxlZDogJHtyZXMuc3RhdHVzfSAke0pTT04uc3RyaW5naWZ5KHJlcy5ib2R5KX1gKTtcbiAgICAgIHJldHVybiB7IHRva2VuOiByZXMuYm9keS50b2tlbiwgdXVpZDogcmVzLmJvZHkudXVpZCwgY2xpZW50SWQ6IHJlcy5ib2R5LmNsaWVudElkLCBlbWFpbCB9O1xuICAgIH0sXG4gICAgbWFpbHMsXG4gICAgYXN5bmMgbGlua1Rva2VuKHRvKSB7XG4gICAgICBjb25zdCBbbWFpbF0gPSBhd2FpdCBtYWlscyh0byk7XG4gICAgICBjb25zdCBtYXRjaCA9IG1haWwgJiYgL1s/Jl10b2tlbj0oW0EtWmEtejAtOV8tXSspLy5leGVjKG1haWwudGV4dCk7XG4gICAgICBpZiAoIW1hdGNoKSB0aHJvdyBuZXcgRXJyb3IoYG5vIGVtYWlsZWQgbGluayBmb3IgJHt0b31gKTtcbiAgICAgIHJldHVybiBtYXRjaFsxXSE7XG4gICAgfSxcbiAgICBhc3luYyBjbG9zZSgpIHtcbiAgICAgIGF3YWl0IGNsb3NlQ29udGV4dChjdHgpO1xuICAgICAgYXdhaXQgZGF0YWJhc2UuZHJvcCgpO1xuICAgIH0sXG4gIH07XG59XG4iLCAiaW1wb3J0ICogYXMgeiBmcm9tICd6b2QvbWluaSc7XG5cbi8qKlxuICogVGhlIG9uZSB1bmlvbiBvZiBlcnJvciBjb2Rlcywgc2hhcmVkIGJ5IHRoZSBzZXJ2ZXIgKHdoaWNoIGFuc3dlcnMgd2l0aCB0aGVtKSBhbmQgdGhlIGJyb3dzZXJcbiAqICh3aGljaCBzd2l0Y2hlcyBvbiB0aGVtIGFuZCBsb29rcyB1cCB0cmFuc2xhdGVkIHRleHQgYnkgdGhlbSkuXG4gKi9cbmV4cG9ydCBjb25zdCBFUlJPUl9DT0RFUyA9IFtcbiAgLy8gcmVxdWVzdCBzaGFwZVxuICAnVkFMSURBVElPTl9GQUlMRUQnLFxuICAnTUFMRk9STUVEX0pTT04nLFxuICAnVU5TVVBQT1JURURfTUVESUFfVFlQRScsXG4gICdQQVlMT0FEX1RPT19MQVJHRScsXG4gICdQQVNTV09SRF9QT0xJQ1knLFxuICAvLyB3aG8gaXMgY2FsbGluZ1xuICAnVU5LTk9XTl9BUElfS0VZJyxcbiAgJ09SSUdJTl9OT1RfQUxMT1dFRCcsXG4gICdUT0tFTl9NSVNTSU5HJyxcbiAgJ1RPS0VOX0lOVkFMSUQnLFxuICAnVE9LRU5fRVhQSVJFRCcsXG4gICdTRVNTSU9OX1JFVk9LRUQnLFxuICAnQVBJX0tFWV9NSVNNQVRDSCcsXG4gICdGT1JCSURERU5fRk9SX0FOT05ZTU9VUycsXG4gICdCQUNLRU5EX0tFWV9SRVFVSVJFRCcsXG4gICdCQUNLRU5EX05PVF9DT05GSUdVUkVEJyxcbiAgLy8gYWNjb3VudHNcbiAgJ0lOVkFMSURfQ1JFREVOVElBTFMnLFxuICAnQUNUSVZBVElPTl9SRVFVSVJFRCcsXG4gICdSRUdJU1RSQVRJT05fUkVRVUlSRUQnLFxuICAnRU1BSUxfVEFLRU4nLFxuICAnQ1VTVE9NX0lEX1RBS0VOJyxcbiAgJ0FMUkVBRFlfQ09ORklSTUVEJyxcbiAgJ0VNQUlMX1RPS0VOX0lOVkFMSUQnLFxuICAnU0lHTkVEX0lOJyxcbiAgJ0FDVElWQVRJT05fUElOX0lOVkFMSUQnLFxuICAnQVBQUk9WQUxfUkVRVUlSRUQnLFxuICAnVEVSTVNfQUNDRVBUQU5DRV9SRVFVSVJFRCcsXG4gIC8vIHByb3ZpZGVyc1xuICAnUFJPVklERVJfRElTQUJMRUQnLFxuICAnUFJPVklERVJfUkVKRUNURUQnLFxuICAnUFJPVklERVJfVElNRU9VVCcsXG4gICdQUk9WSURFUl9VTkFWQUlMQUJMRScsXG4gIC8vIHNlcnZlciBzdGF0ZVxuICAnUkFURV9MSU1JVEVEJyxcbiAgJ05PVF9GT1VORCcsXG4gICdNRVRIT0RfTk9UX0FMTE9XRUQnLFxuICAnVU5BVkFJTEFCTEUnLFxuICAnSU5URVJOQUxfRVJST1InLFxuICAvLyBicm93c2VyIG9ubHk6IHRoZSByZXF1ZXN0IG5ldmVyIGdvdCBhbiBhbnN3ZXIgZnJvbSB0aGUgc2VydmVyXG4gICdORVRXT1JLX0VSUk9SJyxcbiAgJ1RJTUVPVVQnLFxuICAnSU5WQUxJRF9SRVNQT05TRScsXG4gICdTRVNTSU9OX0VYUElSQVRJT04nLFxuICAvLyBicm93c2VyIG9ubHk6IGFuIGlkZW50aXR5IHByb3ZpZGVyJ3Mgb3duIHdpbmRvdyAoRmFjZWJvb2sncyBsb2ctaW4gcG9wLXVwKVxuICAnUFJPVklERVJfQ0FOQ0VMTEVEJyxcbiAgJ1BPUFVQX0JMT0NLRUQnLFxuXSBhcyBjb25zdDtcblxuZXhwb3J0IHR5cGUgRXJyb3JDb2RlID0gKHR5cGVvZiBFUlJPUl9DT0RFUylbbnVtYmVyXTtcblxuZXhwb3J0IGNvbnN0IGVycm9yQ29kZVNjaGVtYSA9IHouZW51bShFUlJPUl9DT0RFUyk7XG5cbmV4cG9ydCBjb25zdCBmaWVsZEVycm9yU2NoZW1hID0gei5vYmplY3Qoe1xuICBmaWVsZDogei5zdHJpbmcoKSxcbiAgY29kZTogei5zdHJpbmcoKSxcbiAgbWVzc2FnZTogei5zdHJpbmcoKSxcbiAgcmVqZWN0ZWRWYWx1ZTogei5vcHRpb25hbCh6LnVua25vd24oKSksXG59KTtcbmV4cG9ydCB0eXBlIEZpZWxkRXJyb3IgPSB6LmluZmVyPHR5cGVvZiBmaWVsZEVycm9yU2NoZW1hPjtcblxuLyoqIFNwcmluZy1zdHlsZSBlcnJvciBib2R5LCBhcyBTeW5lcmlzZSBhbnN3ZXJzLCB3aXRoIGEgc3RhYmxlIGBjb2RlYCBhZGRlZC4gKi9cbmV4cG9ydCBjb25zdCBlcnJvckJvZHlTY2hlbWEgPSB6Lm9iamVjdCh7XG4gIGVycm9yOiB6LnN0cmluZygpLFxuICBzdGF0dXM6IHoubnVtYmVyKCksXG4gIGNvZGU6IGVycm9yQ29kZVNjaGVtYSxcbiAgbWVzc2FnZTogei5zdHJpbmcoKSxcbiAgcGF0aDogei5zdHJpbmcoKSxcbiAgdGltZXN0YW1wOiB6LnN0cmluZygpLFxuICBlcnJvcnM6IHoub3B0aW9uYWwoei5hcnJheShmaWVsZEVycm9yU2NoZW1hKSksXG4gIHJldHJ5QWZ0ZXI6IHoub3B0aW9uYWwoei5udW1iZXIoKSksXG59KTtcbmV4cG9ydCB0eXBlIEVycm9yQm9keSA9IHouaW5mZXI8dHlwZW9mIGVycm9yQm9keVNjaGVtYT47XG5cbi8qKiBSZWFzb24gcGhyYXNlcyBmb3IgdGhlIHN0YXR1c2VzIHRoZSBBUEkgdXNlcywgZm9yIHRoZSBgZXJyb3JgIGZpZWxkLiAqL1xuZXhwb3J0IGNvbnN0IFNUQVRVU19URVhUOiBSZWNvcmQ8bnVtYmVyLCBzdHJpbmc+ID0ge1xuICA0MDA6ICdCYWQgUmVxdWVzdCcsXG4gIDQwMTogJ1VuYXV0aG9yaXplZCcsXG4gIDQwMzogJ0ZvcmJpZGRlbicsXG4gIDQwNDogJ05vdCBGb3VuZCcsXG4gIDQwNTogJ01ldGhvZCBOb3QgQWxsb3dlZCcsXG4gIDQwODogJ1JlcXVlc3QgVGltZW91dCcsXG4gIDQwOTogJ0NvbmZsaWN0JyxcbiAgNDEzOiAnUGF5bG9hZCBUb28gTGFyZ2UnLFxuICA0MTU6ICdVbnN1cHBvcnRlZCBNZWRpYSBUeXBlJyxcbiAgNDI5OiAnVG9vIE1hbnkgUmVxdWVzdHMnLFxuICA1MDA6ICdJbnRlcm5hbCBTZXJ2ZXIgRXJyb3InLFxuICA1MDI6ICdCYWQgR2F0ZXdheScsXG4gIDUwMzogJ1NlcnZpY2UgVW5hdmFpbGFibGUnLFxuICA1MDQ6ICdHYXRld2F5IFRpbWVvdXQnLFxufTtcbiIsICJpbXBvcnQgKiBhcyB6IGZyb20gJ3pvZC9taW5pJztcbmltcG9ydCB0eXBlIHsgUGFzc3dvcmRQb2xpY3kgfSBmcm9tICcuL3Bhc3N3b3JkLXBvbGljeS5qcyc7XG5pbXBvcnQgeyBBR1JFRU1FTlRfTkFNRVMsIENPVU5UUllfQ09ERV9MRU5HVEgsIE1BWF9FVkVOVFNfUEVSX0JBVENILCBTRVhfVkFMVUVTIH0gZnJvbSAnLi92YWx1ZXMuanMnO1xuXG5leHBvcnQgeyBBR1JFRU1FTlRfTkFNRVMsIHR5cGUgQWdyZWVtZW50TmFtZSwgTUFYX0VWRU5UU19QRVJfQkFUQ0gsIFNFWF9WQUxVRVMgfSBmcm9tICcuL3ZhbHVlcy5qcyc7XG5cbi8qKlxuICogT25lIHpvZCBzY2hlbWEgcGVyIHJlcXVlc3QgYW5kIGFuc3dlciBvZiBERVNJR04ubWQgXHUwMEE3NC4gV3JpdHRlbiB3aXRoIGB6b2QvbWluaWAgc28gdGhlIGJyb3dzZXJcbiAqIGJ1bmRsZSBjYXJyaWVzIG9ubHkgd2hhdCBpdCB1c2VzOyB0aGUgc2VydmVyIHZhbGlkYXRlcyB3aXRoIHRoZSB2ZXJ5IHNhbWUgb2JqZWN0cy5cbiAqL1xuXG4vKiogVGhlIHBhc3N3b3JkIHBvbGljeSBhIHNlcnZlciBlbmZvcmNlcyBhbmQgcHVibGlzaGVzIHRocm91Z2ggYC9zbnIvY29uZmlnYC4gKi9cbmV4cG9ydCBjb25zdCBwYXNzd29yZFBvbGljeVNjaGVtYSA9IHoub2JqZWN0KHtcbiAgbWluTGVuZ3RoOiB6LmludCgpLmNoZWNrKHoubWluaW11bSgxKSwgei5tYXhpbXVtKDEwMjQpKSxcbiAgbWF4TGVuZ3RoOiB6LmludCgpLmNoZWNrKHoubWluaW11bSgxKSwgei5tYXhpbXVtKDEwMjQpKSxcbiAgcmVxdWlyZVVwcGVyOiB6LmJvb2xlYW4oKSxcbiAgcmVxdWlyZUxvd2VyOiB6LmJvb2xlYW4oKSxcbiAgcmVxdWlyZURpZ2l0OiB6LmJvb2xlYW4oKSxcbiAgcmVxdWlyZVN5bWJvbDogei5ib29sZWFuKCksXG59KSBzYXRpc2ZpZXMgei5ab2RNaW5pVHlwZTxQYXNzd29yZFBvbGljeT47XG5cbmNvbnN0IHRleHQgPSAobWF4OiBudW1iZXIpID0+IHouc3RyaW5nKCkuY2hlY2soei5tYXhMZW5ndGgobWF4KSk7XG4vKipcbiAqIEEgcHJvZmlsZSBjb2x1bW4gaXMgVVRGLTggdGV4dCwgd2hpY2ggY2Fubm90IGhvbGQgYSBVVEYtMTYgc3Vycm9nYXRlIHdpdGhvdXQgaXRzIHBhaXIgKGl0IHdvdWxkIGJlXG4gKiBzdG9yZWQgYXMgVStGRkZEKTogcmVmdXNlZCwgbmFtaW5nIHRoZSBmaWVsZCwgcmF0aGVyIHRoYW4gY2hhbmdlZC4gKEV2ZW50IGxhYmVscywgcGFyYW1zIGFuZFxuICogYXR0cmlidXRlcyBrZWVwIHRoZW06IERFU0lHTi5tZCBcdTAwQTc4LilcbiAqL1xuY29uc3Qgd2VsbEZvcm1lZCA9IHoucmVnZXgoL15cXFB7Q3N9KiQvdSwgJ011c3QgYmUgdGV4dCB3aXRob3V0IGFuIHVucGFpcmVkIHN1cnJvZ2F0ZSAoVStEODAwXHUyMDEzVStERkZGKScpO1xuLyoqXG4gKiBBIHByb2ZpbGUgZmllbGQgdGhlIGN1c3RvbWVyIHR5cGVzIG9uIG9uZSBsaW5lLiBDb250cm9sIGNoYXJhY3RlcnMgKGxpbmUgYnJlYWtzLCB0YWJzLCBlc2NhcGVzKVxuICogYXJlIHJlZnVzZWQ6IHRoZXNlIGZpZWxkcyBlbmQgdXAgaW4gZW1haWxzLCBsb2dzIGFuZCB0aGUgc2l0ZSdzIG93biBwYWdlcywgd2hlcmUgYSBsaW5lIGJyZWFrIG9mXG4gKiB0aGUgY3VzdG9tZXIncyBvd24gd291bGQgbGV0IGEgbmFtZSB3cml0ZSBsaW5lcyB0aGF0IGxvb2sgbGlrZSB0aGUgc2VuZGVyJ3MuXG4gKi9cbmNvbnN0IGxpbmUgPSAobWF4OiBudW1iZXIpID0+IHouc3RyaW5nKCkuY2hlY2soei5tYXhMZW5ndGgobWF4KSwgei5yZWdleCgvXlxcUHtDY30qJC91LCAnTXVzdCBiZSBvbmUgbGluZSBvZiB0ZXh0LCB3aXRob3V0IGNvbnRyb2wgY2hhcmFjdGVycycpLCB3ZWxsRm9ybWVkKTtcbmNvbnN0IG5hbWUgPSBsaW5lKDIwMCk7XG5cbmV4cG9ydCBjb25zdCB1dWlkU2NoZW1hID0gei5zdHJpbmcoKS5jaGVjayh6LnJlZ2V4KC9eWzAtOWEtZl17OH0tWzAtOWEtZl17NH0tWzAtOWEtZl17NH0tWzAtOWEtZl17NH0tWzAtOWEtZl17MTJ9JC9pLCAnTXVzdCBiZSBhIFVVSUQnKSk7XG5leHBvcnQgY29uc3QgZW1haWxTY2hlbWEgPSB6LnN0cmluZygpLmNoZWNrKHoudHJpbSgpLCB6LnRvTG93ZXJDYXNlKCksIHoubWF4TGVuZ3RoKDI1NCksIHouZW1haWwoJ011c3QgYmUgYW4gZW1haWwgYWRkcmVzcycpKTtcbmV4cG9ydCBjb25zdCBhcGlLZXlTY2hlbWEgPSB6LnN0cmluZygpLmNoZWNrKHoubWluTGVuZ3RoKDEpLCB6Lm1heExlbmd0aCgyMDApKTtcbmV4cG9ydCBjb25zdCBkZXZpY2VJZFNjaGVtYSA9IHoub3B0aW9uYWwodGV4dCgyMDApKTtcblxuLyoqIExlbmd0aCBpcyBib3VuZGVkIGhlcmUgb25seSB0byBjYXAgaGFzaGluZyBjb3N0OyB0aGUgcG9saWN5IGlzIGNoZWNrZWQgc2VwYXJhdGVseS4gKi9cbmV4cG9ydCBjb25zdCBwYXNzd29yZFNjaGVtYSA9IHouc3RyaW5nKCkuY2hlY2soei5taW5MZW5ndGgoMSwgJ1Bhc3N3b3JkIGlzIHJlcXVpcmVkJyksIHoubWF4TGVuZ3RoKDQwOTYpKTtcblxuZXhwb3J0IGNvbnN0IGFncmVlbWVudHNTY2hlbWEgPSB6LnN0cmljdE9iamVjdCh7XG4gIGVtYWlsOiB6Lm9wdGlvbmFsKHouYm9vbGVhbigpKSxcbiAgc21zOiB6Lm9wdGlvbmFsKHouYm9vbGVhbigpKSxcbiAgcHVzaDogei5vcHRpb25hbCh6LmJvb2xlYW4oKSksXG4gIGJsdWV0b290aDogei5vcHRpb25hbCh6LmJvb2xlYW4oKSksXG4gIHJmaWQ6IHoub3B0aW9uYWwoei5ib29sZWFuKCkpLFxuICB3aWZpOiB6Lm9wdGlvbmFsKHouYm9vbGVhbigpKSxcbn0pO1xuZXhwb3J0IHR5cGUgQWdyZWVtZW50cyA9IHouaW5mZXI8dHlwZW9mIGFncmVlbWVudHNTY2hlbWE+O1xuXG4vKiogQXR0cmlidXRlIGtleXMgdGhhdCBuYW1lIHByb2ZpbGUgZmllbGRzIG9yIHN5c3RlbSBkYXRhLCByZWZ1c2VkIGluIGZyZWUgYXR0cmlidXRlcy4gKi9cbmV4cG9ydCBjb25zdCBSRVNFUlZFRF9BVFRSSUJVVEVfS0VZUyA9IFtcbiAgJ2NsaWVudElkJyxcbiAgJ3V1aWQnLFxuICAnZW1haWwnLFxuICAncGFzc3dvcmQnLFxuICAnc3RhdHVzJyxcbiAgJ2Fub255bW91cycsXG4gICdjdXN0b21JZCcsXG4gICdmaXJzdE5hbWUnLFxuICAnbGFzdE5hbWUnLFxuICAnZGlzcGxheU5hbWUnLFxuICAncGhvbmUnLFxuICAnc2V4JyxcbiAgJ2JpcnRoRGF0ZScsXG4gICdjb21wYW55JyxcbiAgJ2FkZHJlc3MnLFxuICAnY2l0eScsXG4gICdwcm92aW5jZScsXG4gICd6aXBDb2RlJyxcbiAgJ2NvdW50cnlDb2RlJyxcbiAgJ2FncmVlbWVudHMnLFxuICAndGFncycsXG4gICdjcmVhdGVkQXQnLFxuICAnbGFzdEFjdGl2aXR5RGF0ZScsXG4gICdhdmF0YXJVcmwnLFxuICAnc25yc19lbWFpbF9jb25maXJtZWQnLFxuXSBhcyBjb25zdDtcbmNvbnN0IFJFU0VSVkVEID0gbmV3IFNldDxzdHJpbmc+KFJFU0VSVkVEX0FUVFJJQlVURV9LRVlTLm1hcCgoaykgPT4gay50b0xvd2VyQ2FzZSgpKSk7XG5cbmNvbnN0IGpzb25WYWx1ZTogei5ab2RNaW5pVHlwZTx1bmtub3duPiA9IHoudW5rbm93bigpO1xuZXhwb3J0IGNvbnN0IGF0dHJpYnV0ZXNTY2hlbWEgPSB6LnJlY29yZCh6LnN0cmluZygpLmNoZWNrKHoubWluTGVuZ3RoKDEpLCB6Lm1heExlbmd0aCgxMDApKSwganNvblZhbHVlKS5jaGVjayhcbiAgei5yZWZpbmUoKGF0dHJzKSA9PiBPYmplY3Qua2V5cyhhdHRycykubGVuZ3RoIDw9IDEwMCwgJ0F0IG1vc3QgMTAwIGF0dHJpYnV0ZXMnKSxcbiAgei5zdXBlclJlZmluZSgoYXR0cnMsIGN0eCkgPT4ge1xuICAgIGZvciAoY29uc3Qga2V5IG9mIE9iamVjdC5rZXlzKGF0dHJzKSkge1xuICAgICAgaWYgKFJFU0VSVkVELmhhcyhrZXkudG9Mb3dlckNhc2UoKSkgfHwga2V5LnRvTG93ZXJDYXNlKCkuc3RhcnRzV2l0aCgnc25yc18nKSkge1xuICAgICAgICBjdHguaXNzdWVzLnB1c2goeyBjb2RlOiAnY3VzdG9tJywgbWVzc2FnZTogYFwiJHtrZXl9XCIgaXMgYSByZXNlcnZlZCBhdHRyaWJ1dGUga2V5YCwgaW5wdXQ6IGtleSwgcGF0aDogW2tleV0gfSk7XG4gICAgICB9XG4gICAgfVxuICB9KSxcbik7XG5leHBvcnQgY29uc3QgdGFnc1NjaGVtYSA9IHouYXJyYXkodGV4dCgxMDApKS5jaGVjayh6Lm1heExlbmd0aCgxMDApKTtcblxuLyoqIFByb2ZpbGUgZmllbGRzIGEgY3VzdG9tZXIgbWF5IHNldCBhdCByZWdpc3RyYXRpb24gYW5kIGNoYW5nZSBsYXRlciAobmV2ZXIgZW1haWwgb3IgcGFzc3dvcmQpLiAqL1xuZXhwb3J0IGNvbnN0IHByb2ZpbGVGaWVsZHMgPSB7XG4gIGZpcnN0TmFtZTogei5vcHRpb25hbChuYW1lKSxcbiAgbGFzdE5hbWU6IHoub3B0aW9uYWwobmFtZSksXG4gIGRpc3BsYXlOYW1lOiB6Lm9wdGlvbmFsKG5hbWUpLFxuICBwaG9uZTogei5vcHRpb25hbChsaW5lKDQwKSksXG4gIGN1c3RvbUlkOiB6Lm9wdGlvbmFsKGxpbmUoMjAwKSksXG4gIHNleDogei5vcHRpb25hbCh6LmVudW0oU0VYX1ZBTFVFUykpLFxuICBiaXJ0aERhdGU6IHoub3B0aW9uYWwoei5pc28uZGF0ZSgnTXVzdCBiZSBhIGRhdGUgKFlZWVktTU0tREQpJykpLFxuICBjb21wYW55OiB6Lm9wdGlvbmFsKG5hbWUpLFxuICBhZGRyZXNzOiB6Lm9wdGlvbmFsKGxpbmUoNTAwKSksXG4gIGNpdHk6IHoub3B0aW9uYWwobmFtZSksXG4gIHByb3ZpbmNlOiB6Lm9wdGlvbmFsKG5hbWUpLFxuICB6aXBDb2RlOiB6Lm9wdGlvbmFsKGxpbmUoMjApKSxcbiAgY291bnRyeUNvZGU6IHoub3B0aW9uYWwoei5zdHJpbmcoKS5jaGVjayh6LnJlZ2V4KG5ldyBSZWdFeHAoYF5bQS1aXXske0NPVU5UUllfQ09ERV9MRU5HVEh9fSRgKSwgJ011c3QgYmUgYSB0d28tbGV0dGVyIGNvdW50cnkgY29kZScpKSksXG4gIGF2YXRhclVybDogei5vcHRpb25hbCh6LnVybCh7IHByb3RvY29sOiAvXmh0dHBzPyQvLCBlcnJvcjogJ011c3QgYmUgYW4gaHR0cChzKSBVUkwnIH0pLmNoZWNrKHoubWF4TGVuZ3RoKDIwMDApKSksXG4gIGFncmVlbWVudHM6IHoub3B0aW9uYWwoYWdyZWVtZW50c1NjaGVtYSksXG4gIGF0dHJpYnV0ZXM6IHoub3B0aW9uYWwoYXR0cmlidXRlc1NjaGVtYSksXG4gIHRhZ3M6IHoub3B0aW9uYWwodGFnc1NjaGVtYSksXG59O1xuXG4vLyAtLS0tIGF1dGggLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLVxuXG5leHBvcnQgY29uc3QgYW5vbnltb3VzTG9naW5SZXF1ZXN0U2NoZW1hID0gei5zdHJpY3RPYmplY3Qoe1xuICBhcGlLZXk6IGFwaUtleVNjaGVtYSxcbiAgdXVpZDogdXVpZFNjaGVtYSxcbiAgZGV2aWNlSWQ6IGRldmljZUlkU2NoZW1hLFxufSk7XG5leHBvcnQgdHlwZSBBbm9ueW1vdXNMb2dpblJlcXVlc3QgPSB6LmluZmVyPHR5cGVvZiBhbm9ueW1vdXNMb2dpblJlcXVlc3RTY2hlbWE+O1xuXG5leHBvcnQgY29uc3QgSURFTlRJVFlfUFJPVklERVJTID0gWydTWU5FUklTRScsICdPQVVUSCcsICdGQUNFQk9PSycsICdHT09HTEUnLCAnQVBQTEUnXSBhcyBjb25zdDtcbmV4cG9ydCB0eXBlIElkZW50aXR5UHJvdmlkZXIgPSAodHlwZW9mIElERU5USVRZX1BST1ZJREVSUylbbnVtYmVyXTtcbi8qKiBQcm92aWRlcnMgd2hvc2UgdG9rZW4gaXMgYW4gT3BlbklEIENvbm5lY3QgSUQgdG9rZW4gdGhlIHNlcnZlciB2ZXJpZmllcyBpdHNlbGYgKGJvdW5kIHRvIGEgYG5vbmNlYCkuICovXG5leHBvcnQgY29uc3QgSURfVE9LRU5fUFJPVklERVJTID0gWydHT09HTEUnLCAnQVBQTEUnXSBhcyBjb25zdDtcbmV4cG9ydCB0eXBlIElkVG9rZW5Qcm92aWRlciA9ICh0eXBlb2YgSURfVE9LRU5fUFJPVklERVJTKVtudW1iZXJdO1xuLyoqIEEgbm9uY2UgdGhlIGJyb3dzZXIgbWFkZSBmb3Igb25lIHNpZ24taW4gYXR0ZW1wdCwgd2hpY2ggdGhlIHByb3ZpZGVyJ3MgSUQgdG9rZW4gbXVzdCBjYXJyeS4gKi9cbmV4cG9ydCBjb25zdCBub25jZVNjaGVtYSA9IHouc3RyaW5nKCkuY2hlY2soei5taW5MZW5ndGgoMTYpLCB6Lm1heExlbmd0aCgxMjgpLCB6LnJlZ2V4KC9eW0EtWmEtejAtOV8tXSskLywgJ0xldHRlcnMsIGRpZ2l0cywgXyBhbmQgLSBvbmx5JykpO1xuXG4vKipcbiAqIEEgdmVyc2lvbiBvZiB0aGUgc2l0ZSdzIHRlcm1zIChgU05SX1RFUk1TX1ZFUlNJT05gKS4gQSBjb25kaXRpb25hbCBzaWduLWluIGFuc3dlcmVkXG4gKiBgVEVSTVNfQUNDRVBUQU5DRV9SRVFVSVJFRGAgaXMgc2VudCBhZ2FpbiB3aXRoIGBhY2NlcHRlZFRlcm1zVmVyc2lvbmAgc2V0IHRvIHRoZSB2ZXJzaW9uIGl0c1xuICogY29uZGl0aW9uIG5hbWVzLCBvbmNlIHRoZSBjdXN0b21lciBoYXMgYWNjZXB0ZWQgdGhlbS5cbiAqL1xuZXhwb3J0IGNvbnN0IHRlcm1zVmVyc2lvblNjaGVtYSA9IHouc3RyaW5nKCkuY2hlY2soei5taW5MZW5ndGgoMSksIHoubWF4TGVuZ3RoKDEwMCksIHoucmVnZXgoL15cXFB7Q2N9KiQvdSwgJ011c3QgYmUgb25lIGxpbmUgb2YgdGV4dCcpKTtcblxuY29uc3QgbG9naW5GaWVsZHMgPSB6XG4gIC5zdHJpY3RPYmplY3Qoe1xuICAgIGFwaUtleTogYXBpS2V5U2NoZW1hLFxuICAgIHV1aWQ6IHV1aWRTY2hlbWEsXG4gICAgZGV2aWNlSWQ6IGRldmljZUlkU2NoZW1hLFxuICAgIGlkZW50aXR5UHJvdmlkZXI6IHoub3B0aW9uYWwoei5lbnVtKElERU5USVRZX1BST1ZJREVSUykpLFxuICAgIGVtYWlsOiB6Lm9wdGlvbmFsKGVtYWlsU2NoZW1hKSxcbiAgICBwYXNzd29yZDogei5vcHRpb25hbChwYXNzd29yZFNjaGVtYSksXG4gICAgaWRlbnRpdHlQcm92aWRlclRva2VuOiB6Lm9wdGlvbmFsKHouc3RyaW5nKCkuY2hlY2soei5taW5MZW5ndGgoMSksIHoubWF4TGVuZ3RoKDgxOTIpKSksXG4gICAgbm9uY2U6IHoub3B0aW9uYWwobm9uY2VTY2hlbWEpLFxuICAgIGFncmVlbWVudHM6IHoub3B0aW9uYWwoYWdyZWVtZW50c1NjaGVtYSksXG4gICAgYXR0cmlidXRlczogei5vcHRpb25hbChhdHRyaWJ1dGVzU2NoZW1hKSxcbiAgICBhY2NlcHRlZFRlcm1zVmVyc2lvbjogei5vcHRpb25hbCh0ZXJtc1ZlcnNpb25TY2hlbWEpLFxuICB9KVxuICAuY2hlY2soXG4gICAgei5zdXBlclJlZmluZSgoYm9keSwgY3R4KSA9PiB7XG4gICAgICBjb25zdCBwcm92aWRlciA9IGJvZHkuaWRlbnRpdHlQcm92aWRlciA/PyAnU1lORVJJU0UnO1xuICAgICAgaWYgKHByb3ZpZGVyID09PSAnU1lORVJJU0UnKSB7XG4gICAgICAgIGlmIChib2R5LmVtYWlsID09PSB1bmRlZmluZWQpIGN0eC5pc3N1ZXMucHVzaCh7IGNvZGU6ICdjdXN0b20nLCBtZXNzYWdlOiAnRW1haWwgaXMgcmVxdWlyZWQnLCBpbnB1dDogYm9keSwgcGF0aDogWydlbWFpbCddIH0pO1xuICAgICAgICBpZiAoYm9keS5wYXNzd29yZCA9PT0gdW5kZWZpbmVkKSBjdHguaXNzdWVzLnB1c2goeyBjb2RlOiAnY3VzdG9tJywgbWVzc2FnZTogJ1Bhc3N3b3JkIGlzIHJlcXVpcmVkJywgaW5wdXQ6IGJvZHksIHBhdGg6IFsncGFzc3dvcmQnXSB9KTtcbiAgICAgIH0gZWxzZSBpZiAoYm9keS5pZGVudGl0eVByb3ZpZGVyVG9rZW4gPT09IHVuZGVmaW5lZCkge1xuICAgICAgICBjdHguaXNzdWVzLnB1c2goeyBjb2RlOiAnY3VzdG9tJywgbWVzc2FnZTogJ2lkZW50aXR5UHJvdmlkZXJUb2tlbiBpcyByZXF1aXJlZCcsIGlucHV0OiBib2R5LCBwYXRoOiBbJ2lkZW50aXR5UHJvdmlkZXJUb2tlbiddIH0pO1xuICAgICAgfVxuICAgICAgaWYgKChwcm92aWRlciA9PT0gJ0dPT0dMRScgfHwgcHJvdmlkZXIgPT09ICdBUFBMRScpICYmIGJvZHkubm9uY2UgPT09IHVuZGVmaW5lZCkge1xuICAgICAgICBjdHguaXNzdWVzLnB1c2goeyBjb2RlOiAnY3VzdG9tJywgbWVzc2FnZTogYG5vbmNlIGlzIHJlcXVpcmVkIHdpdGggJHtwcm92aWRlcn1gLCBpbnB1dDogYm9keSwgcGF0aDogWydub25jZSddIH0pO1xuICAgICAgfVxuICAgIH0pLFxuICApO1xudHlwZSBMb2dpbkZpZWxkcyA9IHouaW5mZXI8dHlwZW9mIGxvZ2luRmllbGRzPjtcbnR5cGUgTG9naW5Db21tb24gPSBQaWNrPExvZ2luRmllbGRzLCAnYXBpS2V5JyB8ICd1dWlkJyB8ICdkZXZpY2VJZCcgfCAnYWdyZWVtZW50cycgfCAnYXR0cmlidXRlcycgfCAnbm9uY2UnIHwgJ2FjY2VwdGVkVGVybXNWZXJzaW9uJz47XG5cbi8qKiBBIGxvZ2luIGJ5IGVtYWlsIGFuZCBwYXNzd29yZCAoYGlkZW50aXR5UHJvdmlkZXJgIGFic2VudCBvciBgU1lORVJJU0VgKS4gKi9cbmV4cG9ydCB0eXBlIFBhc3N3b3JkTG9naW5SZXF1ZXN0ID0gTG9naW5Db21tb24gJiB7IGlkZW50aXR5UHJvdmlkZXI/OiAnU1lORVJJU0UnOyBlbWFpbDogc3RyaW5nOyBwYXNzd29yZDogc3RyaW5nIH07XG4vKiogQSBsb2dpbiBieSBhIHByb3ZpZGVyJ3MgdG9rZW4sIHdoaWNoIHRoZSBzZXJ2ZXIgY2hlY2tzIHdpdGggdGhlIHByb3ZpZGVyLiAqL1xuZXhwb3J0IHR5cGUgUHJvdmlkZXJMb2dpblJlcXVlc3QgPSBMb2dpbkNvbW1vbiAmIHsgaWRlbnRpdHlQcm92aWRlcjogRXhjbHVkZTxJZGVudGl0eVByb3ZpZGVyLCAnU1lORVJJU0UnPjsgaWRlbnRpdHlQcm92aWRlclRva2VuOiBzdHJpbmcgfTtcbmV4cG9ydCB0eXBlIExvZ2luUmVxdWVzdCA9IFBhc3N3b3JkTG9naW5SZXF1ZXN0IHwgUHJvdmlkZXJMb2dpblJlcXVlc3Q7XG5cbi8qKlxuICogYFBPU1QgL3NhdXRoL3YzL2F1dGgvbG9naW4vY2xpZW50YDogYnkgcGFzc3dvcmQsIG9yIGJ5IGEgcHJvdmlkZXIncyB0b2tlbi4gVGhlIGZpZWxkcyBhcmUgY2hlY2tlZFxuICogYXMgb25lIG9iamVjdCAoc28gYSBtaXNzaW5nIGZpZWxkIGlzIG5hbWVkIGFzIHN1Y2gpOyB0aGUgYW5zd2VyIGlzIHRoZSB1bmlvbiwgZGlzY3JpbWluYXRlZCBieVxuICogYGlkZW50aXR5UHJvdmlkZXJgLCB0aGF0IHRoZSBzZXJ2ZXIncyBoYW5kbGVycyBzd2l0Y2ggb24uXG4gKi9cbmV4cG9ydCBjb25zdCBsb2dpblJlcXVlc3RTY2hlbWEgPSB6LnBpcGUoXG4gIGxvZ2luRmllbGRzLFxuICB6LnRyYW5zZm9ybSgoYm9keTogTG9naW5GaWVsZHMsIGN0eCk6IExvZ2luUmVxdWVzdCA9PiB7XG4gICAgY29uc3QgeyBpZGVudGl0eVByb3ZpZGVyLCBlbWFpbCwgcGFzc3dvcmQsIGlkZW50aXR5UHJvdmlkZXJUb2tlbiwgLi4uY29tbW9uIH0gPSBib2R5O1xuICAgIGlmIChpZGVudGl0eVByb3ZpZGVyICE9PSB1bmRlZmluZWQgJiYgaWRlbnRpdHlQcm92aWRlciAhPT0gJ1NZTkVSSVNFJykge1xuICAgICAgaWYgKGlkZW50aXR5UHJvdmlkZXJUb2tlbiAhPT0gdW5kZWZpbmVkKSByZXR1cm4geyAuLi5jb21tb24sIGlkZW50aXR5UHJvdmlkZXIsIGlkZW50aXR5UHJvdmlkZXJUb2tlbiB9O1xuICAgIH0gZWxzZSBpZiAoZW1haWwgIT09IHVuZGVmaW5lZCAmJiBwYXNzd29yZCAhPT0gdW5kZWZpbmVkKSB7XG4gICAgICByZXR1cm4geyAuLi5jb21tb24sIC4uLihpZGVudGl0eVByb3ZpZGVyID8geyBpZGVudGl0eVByb3ZpZGVyIH0gOiB7fSksIGVtYWlsLCBwYXNzd29yZCB9O1xuICAgIH1cbiAgICAvLyBOb3QgcmVhY2hlZDogdGhlIGNoZWNrIGFib3ZlIHJlZnVzZWQgc3VjaCBhIGJvZHkgYWxyZWFkeS5cbiAgICBjdHguaXNzdWVzLnB1c2goeyBjb2RlOiAnY3VzdG9tJywgbWVzc2FnZTogJ1RoZSBsb2dpbiBpcyBuZWl0aGVyIGJ5IHBhc3N3b3JkIG5vciBieSBhIHByb3ZpZGVyIHRva2VuJywgaW5wdXQ6IGJvZHkgfSk7XG4gICAgcmV0dXJuIHouTkVWRVI7XG4gIH0pLFxuKTtcblxuZXhwb3J0IGNvbnN0IFJFQUxNUyA9IFsnYW5vbnltb3VzX2NsaWVudCcsICdjbGllbnQnXSBhcyBjb25zdDtcbmV4cG9ydCB0eXBlIFJlYWxtID0gKHR5cGVvZiBSRUFMTVMpW251bWJlcl07XG5leHBvcnQgY29uc3QgVE9LRU5fT1JJR0lOUyA9IFsnQU5PTllNT1VTJywgJ1NZTkVSSVNFJywgJ09BVVRIJywgJ0ZBQ0VCT09LJywgJ0dPT0dMRScsICdBUFBMRSddIGFzIGNvbnN0O1xuZXhwb3J0IHR5cGUgVG9rZW5PcmlnaW4gPSAodHlwZW9mIFRPS0VOX09SSUdJTlMpW251bWJlcl07XG5cbmV4cG9ydCBjb25zdCB0b2tlblJlc3BvbnNlU2NoZW1hID0gei5vYmplY3Qoe1xuICB0b2tlbjogei5zdHJpbmcoKSxcbiAgLyoqIEVwb2NoIHNlY29uZHMuICovXG4gIGV4cGlyYXRpb246IHoubnVtYmVyKCksXG4gIC8qKiBFcG9jaCBtaWxsaXNlY29uZHMuICovXG4gIGNyZWF0ZWQ6IHoubnVtYmVyKCksXG4gIG9yaWdpbjogei5lbnVtKFRPS0VOX09SSUdJTlMpLFxuICByZWFsbTogei5lbnVtKFJFQUxNUyksXG4gIGN1c3RvbUlkOiB6Lm9wdGlvbmFsKHoubnVsbGFibGUoei5zdHJpbmcoKSkpLFxuICB1dWlkOiB1dWlkU2NoZW1hLFxuICBjbGllbnRJZDogei5vcHRpb25hbCh6Lm51bWJlcigpKSxcbn0pO1xuZXhwb3J0IHR5cGUgVG9rZW5SZXNwb25zZSA9IHouaW5mZXI8dHlwZW9mIHRva2VuUmVzcG9uc2VTY2hlbWE+O1xuXG4vKipcbiAqIFRoZSBzZXZlbiBhbnN3ZXJzIG9mIGEgY29uZGl0aW9uYWwgc2lnbi1pbiAoU3luZXJpc2UncyBgQ29uZGl0aW9uYWxBdXRoU3RhdHVzYCk6IGBTVUNDRVNTYCBjYXJyaWVzXG4gKiBhIHRva2VuOyBldmVyeSBvdGhlciBvbmUgc2F5cyB3aGF0IHN0YW5kcyBiZXR3ZWVuIHRoZSBjdXN0b21lciBhbmQgYSB0b2tlbi5cbiAqL1xuZXhwb3J0IGNvbnN0IENPTkRJVElPTkFMX1NUQVRVU0VTID0gW1xuICAnU1VDQ0VTUycsXG4gICdVTkFVVEhPUklaRUQnLFxuICAnQUNUSVZBVElPTl9SRVFVSVJFRCcsXG4gICdSRUdJU1RSQVRJT05fUkVRVUlSRUQnLFxuICAnQVBQUk9WQUxfUkVRVUlSRUQnLFxuICAnVEVSTVNfQUNDRVBUQU5DRV9SRVFVSVJFRCcsXG4gICdNRkFfUkVRVUlSRUQnLFxuXSBhcyBjb25zdDtcbmV4cG9ydCB0eXBlIENvbmRpdGlvbmFsU3RhdHVzID0gKHR5cGVvZiBDT05ESVRJT05BTF9TVEFUVVNFUylbbnVtYmVyXTtcblxuLyoqXG4gKiBUaGUga2luZHMgb2YgY29uZGl0aW9uIHRoaXMgc2VydmVyIG5hbWVzLiBgdHlwZWAgaXMgcmVhZCBhcyBhbnkgc3RyaW5nLCBzbyBhIGJyb3dzZXIgb2xkZXIgdGhhblxuICogdGhlIHNlcnZlciBzaG93cyBpdHMgZmFsbGJhY2sgc3RlcCBmb3IgYSBraW5kIGl0IGRvZXMgbm90IGtub3cgaW5zdGVhZCBvZiByZWZ1c2luZyB0aGUgYW5zd2VyLlxuICovXG5leHBvcnQgY29uc3QgQVVUSF9DT05ESVRJT05fVFlQRVMgPSBbJ0VNQUlMX0FDVElWQVRJT04nLCAnUElOX0FDVElWQVRJT04nLCAnUkVHSVNUUkFUSU9OJywgJ0FQUFJPVkFMJywgJ1RFUk1TX0FDQ0VQVEFOQ0UnLCAnTUZBJ10gYXMgY29uc3Q7XG5leHBvcnQgdHlwZSBBdXRoQ29uZGl0aW9uVHlwZSA9ICh0eXBlb2YgQVVUSF9DT05ESVRJT05fVFlQRVMpW251bWJlcl07XG5cbi8qKlxuICogT25lIGNvbmRpdGlvbiBvZiBhIGNvbmRpdGlvbmFsIGFuc3dlcjogYW4gb2JqZWN0LCBhcyBpbiBTeW5lcmlzZSdzIGBjb25kaXRpb25zOiBMaXN0PE9iamVjdD5gLlxuICogYHR5cGVgIG5hbWVzIGl0OyB0aGUgb3RoZXIgZmllbGRzIGFyZSBpdHMgZGV0YWlsczogdGhlIHRlcm1zIHRvIGFjY2VwdCAoYHRlcm1zVmVyc2lvbmAsIGB0ZXJtc1VybGApLFxuICogYW5kLCBmb3IgbGF0ZXIga2luZHMsIHdoYXRldmVyIHRoZXkgbmVlZCAoYG1ldGhvZHNgOiB0aGUgc2Vjb25kIGZhY3RvcnMgYSBjdXN0b21lciBtYXkgdXNlKS5cbiAqL1xuZXhwb3J0IGNvbnN0IGF1dGhDb25kaXRpb25TY2hlbWEgPSB6Lm9iamVjdCh7XG4gIHR5cGU6IHouc3RyaW5nKCkuY2hlY2soei5taW5MZW5ndGgoMSksIHoubWF4TGVuZ3RoKDEwMCkpLFxuICB0ZXJtc1ZlcnNpb246IHoub3B0aW9uYWwoei5zdHJpbmcoKSksXG4gIHRlcm1zVXJsOiB6Lm9wdGlvbmFsKHouc3RyaW5nKCkpLFxuICBtZXRob2RzOiB6Lm9wdGlvbmFsKHouYXJyYXkoei5zdHJpbmcoKSkpLFxufSk7XG5leHBvcnQgdHlwZSBBdXRoQ29uZGl0aW9uID0gei5pbmZlcjx0eXBlb2YgYXV0aENvbmRpdGlvblNjaGVtYT47XG5cbmV4cG9ydCBjb25zdCBjb25kaXRpb25hbExvZ2luUmVzcG9uc2VTY2hlbWEgPSB6Lm9iamVjdCh7XG4gIHN0YXR1czogei5lbnVtKENPTkRJVElPTkFMX1NUQVRVU0VTKSxcbiAgY29uZGl0aW9uczogei5hcnJheShhdXRoQ29uZGl0aW9uU2NoZW1hKSxcbiAgdG9rZW46IHoub3B0aW9uYWwodG9rZW5SZXNwb25zZVNjaGVtYSksXG59KTtcbmV4cG9ydCB0eXBlIENvbmRpdGlvbmFsTG9naW5SZXNwb25zZSA9IHouaW5mZXI8dHlwZW9mIGNvbmRpdGlvbmFsTG9naW5SZXNwb25zZVNjaGVtYT47XG5cbmV4cG9ydCBjb25zdCByZWZyZXNoUmVxdWVzdFNjaGVtYSA9IHouc3RyaWN0T2JqZWN0KHsgYXBpS2V5OiB6Lm9wdGlvbmFsKGFwaUtleVNjaGVtYSkgfSk7XG5leHBvcnQgY29uc3QgbG9nb3V0UmVxdWVzdFNjaGVtYSA9IHouc3RyaWN0T2JqZWN0KHtcbiAgYXBpS2V5OiB6Lm9wdGlvbmFsKGFwaUtleVNjaGVtYSksXG4gIGZyb21BbGxEZXZpY2VzOiB6Lm9wdGlvbmFsKHouYm9vbGVhbigpKSxcbn0pO1xuZXhwb3J0IHR5cGUgTG9nb3V0UmVxdWVzdCA9IHouaW5mZXI8dHlwZW9mIGxvZ291dFJlcXVlc3RTY2hlbWE+O1xuXG4vLyAtLS0tIHJlZ2lzdHJhdGlvbiBhbmQgZW1haWwgbGlua3MgLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS1cblxuZXhwb3J0IGNvbnN0IHJlZ2lzdGVyUmVxdWVzdFNjaGVtYSA9IHouc3RyaWN0T2JqZWN0KHtcbiAgYXBpS2V5OiB6Lm9wdGlvbmFsKGFwaUtleVNjaGVtYSksXG4gIGVtYWlsOiBlbWFpbFNjaGVtYSxcbiAgcGFzc3dvcmQ6IHBhc3N3b3JkU2NoZW1hLFxuICB1dWlkOiB6Lm9wdGlvbmFsKHV1aWRTY2hlbWEpLFxuICAuLi5wcm9maWxlRmllbGRzLFxufSk7XG5leHBvcnQgdHlwZSBSZWdpc3RlclJlcXVlc3QgPSB6LmluZmVyPHR5cGVvZiByZWdpc3RlclJlcXVlc3RTY2hlbWE+O1xuXG4vKipcbiAqIGBhdXRvbWF0aWNgOiBzaWduZWQgaW4gYXQgb25jZTsgYGNvbmZpcm1hdGlvbmA6IHNpZ25lZCBpbiwgdGhlIGVtYWlsIHRvIGJlIGNvbmZpcm1lZCBieSBsaW5rO1xuICogYGFjdGl2YXRpb25gOiBubyBzaWduLWluIGJlZm9yZSB0aGUgZW1haWxlZCBsaW5rOyBgcGluYDogbm8gc2lnbi1pbiBiZWZvcmUgdGhlIGVtYWlsZWQgNi1kaWdpdFxuICogY29kZTsgYGFwcHJvdmFsYDogbm8gc2lnbi1pbiBiZWZvcmUgdGhlIHNpdGUncyBiYWNrZW5kIGFwcHJvdmVzIHRoZSBhY2NvdW50LlxuICovXG5leHBvcnQgY29uc3QgUkVHSVNUUkFUSU9OX01PREVTID0gWydhdXRvbWF0aWMnLCAnY29uZmlybWF0aW9uJywgJ2FjdGl2YXRpb24nLCAncGluJywgJ2FwcHJvdmFsJ10gYXMgY29uc3Q7XG5leHBvcnQgdHlwZSBSZWdpc3RyYXRpb25Nb2RlID0gKHR5cGVvZiBSRUdJU1RSQVRJT05fTU9ERVMpW251bWJlcl07XG5leHBvcnQgY29uc3QgUkVHSVNUUkFUSU9OX1NUQVRVU0VTID0gWydSRUdJU1RFUkVEJywgJ0NPTkZJUk1BVElPTl9SRVFVSVJFRCcsICdBQ1RJVkFUSU9OX1JFUVVJUkVEJywgJ0FQUFJPVkFMX1JFUVVJUkVEJ10gYXMgY29uc3Q7XG5leHBvcnQgdHlwZSBSZWdpc3RyYXRpb25TdGF0dXMgPSAodHlwZW9mIFJFR0lTVFJBVElPTl9TVEFUVVNFUylbbnVtYmVyXTtcbmV4cG9ydCBjb25zdCByZWdpc3RlclJlc3BvbnNlU2NoZW1hID0gei5vYmplY3Qoe1xuICBzdGF0dXM6IHouZW51bShSRUdJU1RSQVRJT05fU1RBVFVTRVMpLFxuICByZWdpc3RyYXRpb25Nb2RlOiB6LmVudW0oUkVHSVNUUkFUSU9OX01PREVTKSxcbiAgY2xpZW50SWQ6IHoubnVtYmVyKCksXG4gIHV1aWQ6IHV1aWRTY2hlbWEsXG4gIC8qKiBUcnVlIHdoZW4gdGhlIGN1c3RvbWVyIG1heSBzaWduIGluIHJpZ2h0IGF3YXkgKGF1dG9tYXRpYyBhbmQgY29uZmlybWF0aW9uIG1vZGVzKS4gKi9cbiAgY2FuU2lnbkluOiB6LmJvb2xlYW4oKSxcbn0pO1xuZXhwb3J0IHR5cGUgUmVnaXN0ZXJSZXNwb25zZSA9IHouaW5mZXI8dHlwZW9mIHJlZ2lzdGVyUmVzcG9uc2VTY2hlbWE+O1xuXG5leHBvcnQgY29uc3QgZW1haWxSZXF1ZXN0U2NoZW1hID0gei5zdHJpY3RPYmplY3QoeyBhcGlLZXk6IHoub3B0aW9uYWwoYXBpS2V5U2NoZW1hKSwgZW1haWw6IGVtYWlsU2NoZW1hIH0pO1xuZXhwb3J0IHR5cGUgRW1haWxSZXF1ZXN0ID0gei5pbmZlcjx0eXBlb2YgZW1haWxSZXF1ZXN0U2NoZW1hPjtcbmV4cG9ydCBjb25zdCBlbWFpbFRva2VuU2NoZW1hID0gei5zdHJpbmcoKS5jaGVjayh6Lm1pbkxlbmd0aCgxNiksIHoubWF4TGVuZ3RoKDIwMCkpO1xuZXhwb3J0IGNvbnN0IGNvbmZpcm1hdGlvblJlcXVlc3RTY2hlbWEgPSB6LnN0cmljdE9iamVjdCh7IGFwaUtleTogei5vcHRpb25hbChhcGlLZXlTY2hlbWEpLCB0b2tlbjogZW1haWxUb2tlblNjaGVtYSB9KTtcbmV4cG9ydCBjb25zdCBwYXNzd29yZFJlc2V0Q29uZmlybWF0aW9uU2NoZW1hID0gei5zdHJpY3RPYmplY3Qoe1xuICBhcGlLZXk6IHoub3B0aW9uYWwoYXBpS2V5U2NoZW1hKSxcbiAgdG9rZW46IGVtYWlsVG9rZW5TY2hlbWEsXG4gIHBhc3N3b3JkOiBwYXNzd29yZFNjaGVtYSxcbn0pO1xuZXhwb3J0IHR5cGUgUGFzc3dvcmRSZXNldENvbmZpcm1hdGlvbiA9IHouaW5mZXI8dHlwZW9mIHBhc3N3b3JkUmVzZXRDb25maXJtYXRpb25TY2hlbWE+O1xuZXhwb3J0IGNvbnN0IGFjY2VwdGVkUmVzcG9uc2VTY2hlbWEgPSB6Lm9iamVjdCh7IHN0YXR1czogei5saXRlcmFsKCdBQ0NFUFRFRCcpIH0pO1xuXG4vKiogQW4gZW1haWxlZCBhY3RpdmF0aW9uIGNvZGU6IHNpeCBkaWdpdHMgKHNwYWNlcyBhbmQgZGFzaGVzIGEgY3VzdG9tZXIgcGFzdGVkIGFyZSB0YWtlbiBvdXQgZmlyc3QpLiAqL1xuZXhwb3J0IGNvbnN0IGFjdGl2YXRpb25QaW5TY2hlbWEgPSB6LnN0cmluZygpLmNoZWNrKHoucmVnZXgoL15bMC05XXs2fSQvLCAnTXVzdCBiZSB0aGUgNi1kaWdpdCBjb2RlIGZyb20gdGhlIGVtYWlsJykpO1xuLyoqIGBQT1NUIC92NC9jbGllbnRzL2FjdGl2YXRpb24vcGluL2NvbmZpcm1hdGlvbmA6IHRoZSBjb2RlIGFuZCB0aGUgZW1haWwgaXQgd2FzIHNlbnQgdG8gKGBwaW5Db2RlYCBhcyB0aGUgU3luZXJpc2UgU0RLIG5hbWVzIGl0KS4gKi9cbmV4cG9ydCBjb25zdCBwaW5Db25maXJtYXRpb25SZXF1ZXN0U2NoZW1hID0gei5zdHJpY3RPYmplY3QoeyBhcGlLZXk6IHoub3B0aW9uYWwoYXBpS2V5U2NoZW1hKSwgZW1haWw6IGVtYWlsU2NoZW1hLCBwaW5Db2RlOiBhY3RpdmF0aW9uUGluU2NoZW1hIH0pO1xuZXhwb3J0IHR5cGUgUGluQ29uZmlybWF0aW9uUmVxdWVzdCA9IHouaW5mZXI8dHlwZW9mIHBpbkNvbmZpcm1hdGlvblJlcXVlc3RTY2hlbWE+O1xuZXhwb3J0IGNvbnN0IG9rUmVzcG9uc2VTY2hlbWEgPSB6Lm9iamVjdCh7IHN0YXR1czogei5saXRlcmFsKCdPSycpIH0pO1xuXG4vLyAtLS0tIG15IGFjY291bnQgLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLVxuXG5leHBvcnQgY29uc3QgY2hhbmdlUGFzc3dvcmRSZXF1ZXN0U2NoZW1hID0gei5zdHJpY3RPYmplY3Qoe1xuICBhcGlLZXk6IHoub3B0aW9uYWwoYXBpS2V5U2NoZW1hKSxcbiAgb2xkUGFzc3dvcmQ6IHBhc3N3b3JkU2NoZW1hLFxuICBwYXNzd29yZDogcGFzc3dvcmRTY2hlbWEsXG59KTtcbmV4cG9ydCB0eXBlIENoYW5nZVBhc3N3b3JkUmVxdWVzdCA9IHouaW5mZXI8dHlwZW9mIGNoYW5nZVBhc3N3b3JkUmVxdWVzdFNjaGVtYT47XG5cbi8qKiBBc2tzIHRvIG1vdmUgdGhlIGFjY291bnQgdG8gYSBuZXcgYWRkcmVzczogcHJvdmVuIGJ5IHRoZSBwYXNzd29yZCBvciBieSBhIGxpbmtlZCBwcm92aWRlcidzIHRva2VuLiAqL1xuZXhwb3J0IGNvbnN0IGVtYWlsQ2hhbmdlUmVxdWVzdFNjaGVtYSA9IHpcbiAgLnN0cmljdE9iamVjdCh7XG4gICAgYXBpS2V5OiB6Lm9wdGlvbmFsKGFwaUtleVNjaGVtYSksXG4gICAgZW1haWw6IGVtYWlsU2NoZW1hLFxuICAgIHBhc3N3b3JkOiB6Lm9wdGlvbmFsKHBhc3N3b3JkU2NoZW1hKSxcbiAgICBleHRlcm5hbFRva2VuOiB6Lm9wdGlvbmFsKHouc3RyaW5nKCkuY2hlY2soei5taW5MZW5ndGgoMSksIHoubWF4TGVuZ3RoKDgxOTIpKSksXG4gICAgaWRlbnRpdHlQcm92aWRlcjogei5vcHRpb25hbCh6LmVudW0oSURFTlRJVFlfUFJPVklERVJTKSksXG4gIH0pXG4gIC5jaGVjayhcbiAgICB6LnN1cGVyUmVmaW5lKChib2R5LCBjdHgpID0+IHtcbiAgICAgIGlmIChib2R5LnBhc3N3b3JkID09PSB1bmRlZmluZWQgJiYgYm9keS5leHRlcm5hbFRva2VuID09PSB1bmRlZmluZWQpXG4gICAgICAgIGN0eC5pc3N1ZXMucHVzaCh7IGNvZGU6ICdjdXN0b20nLCBtZXNzYWdlOiAnVGhlIHBhc3N3b3JkIChvciBhIHByb3ZpZGVyIHRva2VuKSBpcyByZXF1aXJlZCcsIGlucHV0OiBib2R5LCBwYXRoOiBbJ3Bhc3N3b3JkJ10gfSk7XG4gICAgfSksXG4gICk7XG5leHBvcnQgdHlwZSBFbWFpbENoYW5nZVJlcXVlc3QgPSB6LmluZmVyPHR5cGVvZiBlbWFpbENoYW5nZVJlcXVlc3RTY2hlbWE+O1xuZXhwb3J0IGNvbnN0IGVtYWlsQ2hhbmdlQ29uZmlybWF0aW9uU2NoZW1hID0gei5zdHJpY3RPYmplY3Qoe1xuICBhcGlLZXk6IHoub3B0aW9uYWwoYXBpS2V5U2NoZW1hKSxcbiAgdG9rZW46IGVtYWlsVG9rZW5TY2hlbWEsXG4gIC8qKiBUaGUgbmV3c2xldHRlciBhZ3JlZW1lbnQgZm9yIHRoZSBuZXcgYWRkcmVzcyAoYGFncmVlbWVudHMuZW1haWxgKTsgdW5jaGFuZ2VkIHdoZW4gYWJzZW50LiAqL1xuICBuZXdzbGV0dGVyQWdyZWVtZW50OiB6Lm9wdGlvbmFsKHouYm9vbGVhbigpKSxcbn0pO1xuZXhwb3J0IHR5cGUgRW1haWxDaGFuZ2VDb25maXJtYXRpb24gPSB6LmluZmVyPHR5cGVvZiBlbWFpbENoYW5nZUNvbmZpcm1hdGlvblNjaGVtYT47XG4vKiogRGVsZXRlcyB0aGUgY2FsbGVyJ3Mgb3duIGFjY291bnQ6IGBjbGllbnRBdXRoRmFjdG9yYCBpcyB0aGUgcGFzc3dvcmQgKGBTWU5FUklTRWApIG9yIHRoZSBwcm92aWRlcidzIHRva2VuLiAqL1xuZXhwb3J0IGNvbnN0IGRlbGV0ZUFjY291bnRSZXF1ZXN0U2NoZW1hID0gei5zdHJpY3RPYmplY3Qoe1xuICBhcGlLZXk6IHoub3B0aW9uYWwoYXBpS2V5U2NoZW1hKSxcbiAgY2xpZW50QXV0aEZhY3Rvcjogei5zdHJpbmcoKS5jaGVjayh6Lm1pbkxlbmd0aCgxLCAnVGhlIHBhc3N3b3JkIGlzIHJlcXVpcmVkJyksIHoubWF4TGVuZ3RoKDgxOTIpKSxcbiAgaWRlbnRpdHlQcm92aWRlcjogei5vcHRpb25hbCh6LmVudW0oSURFTlRJVFlfUFJPVklERVJTKSksXG59KTtcbmV4cG9ydCB0eXBlIERlbGV0ZUFjY291bnRSZXF1ZXN0ID0gei5pbmZlcjx0eXBlb2YgZGVsZXRlQWNjb3VudFJlcXVlc3RTY2hlbWE+O1xuXG5leHBvcnQgY29uc3QgdXBkYXRlQWNjb3VudFJlcXVlc3RTY2hlbWEgPSB6LnN0cmljdE9iamVjdCh7IGFwaUtleTogei5vcHRpb25hbChhcGlLZXlTY2hlbWEpLCAuLi5wcm9maWxlRmllbGRzIH0pO1xuZXhwb3J0IHR5cGUgVXBkYXRlQWNjb3VudFJlcXVlc3QgPSB6LmluZmVyPHR5cGVvZiB1cGRhdGVBY2NvdW50UmVxdWVzdFNjaGVtYT47XG5cbi8qKlxuICogYFBPU1QgL3Y0L215LWFjY291bnQvYmFzaWMtaW5mb3JtYXRpb25gIChTeW5lcmlzZSdzIGB1cGRhdGVBY2NvdW50QmFzaWNJbmZvcm1hdGlvbmApOiB3aGF0IGFueVxuICogcHJvZmlsZSwgYW4gYW5vbnltb3VzIHZpc2l0b3IncyB0b28sIG1heSBzYXkgYWJvdXQgaXRzZWxmLiBOZXZlciB0aGUgZW1haWwsIHRoZSBwYXNzd29yZCwgdGhlXG4gKiBjdXN0b21JZCAodGhlIHNpdGUncyBpZGVudGlmaWVyKSBvciB0YWdzLlxuICovXG5leHBvcnQgY29uc3QgdXBkYXRlQmFzaWNJbmZvcm1hdGlvblJlcXVlc3RTY2hlbWEgPSB6LnN0cmljdE9iamVjdCh7XG4gIGFwaUtleTogei5vcHRpb25hbChhcGlLZXlTY2hlbWEpLFxuICBmaXJzdE5hbWU6IHByb2ZpbGVGaWVsZHMuZmlyc3ROYW1lLFxuICBsYXN0TmFtZTogcHJvZmlsZUZpZWxkcy5sYXN0TmFtZSxcbiAgZGlzcGxheU5hbWU6IHByb2ZpbGVGaWVsZHMuZGlzcGxheU5hbWUsXG4gIHBob25lOiBwcm9maWxlRmllbGRzLnBob25lLFxuICBzZXg6IHByb2ZpbGVGaWVsZHMuc2V4LFxuICBiaXJ0aERhdGU6IHByb2ZpbGVGaWVsZHMuYmlydGhEYXRlLFxuICBjb21wYW55OiBwcm9maWxlRmllbGRzLmNvbXBhbnksXG4gIGFkZHJlc3M6IHByb2ZpbGVGaWVsZHMuYWRkcmVzcyxcbiAgY2l0eTogcHJvZmlsZUZpZWxkcy5jaXR5LFxuICBwcm92aW5jZTogcHJvZmlsZUZpZWxkcy5wcm92aW5jZSxcbiAgemlwQ29kZTogcHJvZmlsZUZpZWxkcy56aXBDb2RlLFxuICBjb3VudHJ5Q29kZTogcHJvZmlsZUZpZWxkcy5jb3VudHJ5Q29kZSxcbiAgYWdyZWVtZW50czogcHJvZmlsZUZpZWxkcy5hZ3JlZW1lbnRzLFxuICBhdHRyaWJ1dGVzOiBwcm9maWxlRmllbGRzLmF0dHJpYnV0ZXMsXG59KTtcbmV4cG9ydCB0eXBlIFVwZGF0ZUJhc2ljSW5mb3JtYXRpb25SZXF1ZXN0ID0gei5pbmZlcjx0eXBlb2YgdXBkYXRlQmFzaWNJbmZvcm1hdGlvblJlcXVlc3RTY2hlbWE+O1xuXG5jb25zdCBudWxsYWJsZVRleHQgPSB6Lm51bGxhYmxlKHouc3RyaW5nKCkpO1xuZXhwb3J0IGNvbnN0IGFjY291bnRJbmZvcm1hdGlvblNjaGVtYSA9IHoub2JqZWN0KHtcbiAgY2xpZW50SWQ6IHoubnVtYmVyKCksXG4gIHV1aWQ6IHV1aWRTY2hlbWEsXG4gIGVtYWlsOiB6LnN0cmluZygpLFxuICBmaXJzdE5hbWU6IG51bGxhYmxlVGV4dCxcbiAgbGFzdE5hbWU6IG51bGxhYmxlVGV4dCxcbiAgZGlzcGxheU5hbWU6IG51bGxhYmxlVGV4dCxcbiAgcGhvbmU6IG51bGxhYmxlVGV4dCxcbiAgY3VzdG9tSWQ6IG51bGxhYmxlVGV4dCxcbiAgc2V4OiB6Lm51bGxhYmxlKHouZW51bShTRVhfVkFMVUVTKSksXG4gIGJpcnRoRGF0ZTogbnVsbGFibGVUZXh0LFxuICBjb21wYW55OiBudWxsYWJsZVRleHQsXG4gIGFkZHJlc3M6IG51bGxhYmxlVGV4dCxcbiAgY2l0eTogbnVsbGFibGVUZXh0LFxuICBwcm92aW5jZTogbnVsbGFibGVUZXh0LFxuICB6aXBDb2RlOiBudWxsYWJsZVRleHQsXG4gIGNvdW50cnlDb2RlOiBudWxsYWJsZVRleHQsXG4gIGF2YXRhclVybDogbnVsbGFibGVUZXh0LFxuICBhZ3JlZW1lbnRzOiB6Lm9iamVjdCh7XG4gICAgZW1haWw6IHouYm9vbGVhbigpLFxuICAgIHNtczogei5ib29sZWFuKCksXG4gICAgcHVzaDogei5ib29sZWFuKCksXG4gICAgYmx1ZXRvb3RoOiB6LmJvb2xlYW4oKSxcbiAgICByZmlkOiB6LmJvb2xlYW4oKSxcbiAgICB3aWZpOiB6LmJvb2xlYW4oKSxcbiAgfSksXG4gIGF0dHJpYnV0ZXM6IHoucmVjb3JkKHouc3RyaW5nKCksIHoudW5rbm93bigpKSxcbiAgdGFnczogei5hcnJheSh6LnN0cmluZygpKSxcbiAgYW5vbnltb3VzOiB6LmJvb2xlYW4oKSxcbiAgY3JlYXRlZEF0OiB6LnN0cmluZygpLFxuICBsYXN0QWN0aXZpdHlEYXRlOiB6Lm51bGxhYmxlKHouc3RyaW5nKCkpLFxufSk7XG5leHBvcnQgdHlwZSBBY2NvdW50SW5mb3JtYXRpb24gPSB6LmluZmVyPHR5cGVvZiBhY2NvdW50SW5mb3JtYXRpb25TY2hlbWE+O1xuXG4vLyAtLS0tIGV2ZW50cyAtLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLVxuXG5leHBvcnQgY29uc3QgZXZlbnRTY2hlbWEgPSB6LnN0cmljdE9iamVjdCh7XG4gIGFjdGlvbjogei5zdHJpbmcoKS5jaGVjayh6Lm1pbkxlbmd0aCgxKSwgei5tYXhMZW5ndGgoMTAwKSwgei5yZWdleCgvXltBLVphLXowLTlfLjpcXC0vXSskLywgJ0xldHRlcnMsIGRpZ2l0cyBhbmQgXyAuIDogLSAvIG9ubHknKSksXG4gIGxhYmVsOiB6Lm9wdGlvbmFsKHRleHQoNTAwKSksXG4gIHRpbWU6IHouaXNvLmRhdGV0aW1lKHsgb2Zmc2V0OiB0cnVlIH0pLFxuICBwYXJhbXM6IHoub3B0aW9uYWwoei5yZWNvcmQoei5zdHJpbmcoKS5jaGVjayh6Lm1heExlbmd0aCgxMDApKSwganNvblZhbHVlKSksXG4gIGV2ZW50U2FsdDogei5zdHJpbmcoKS5jaGVjayh6Lm1pbkxlbmd0aCg4KSwgei5tYXhMZW5ndGgoNjQpLCB6LnJlZ2V4KC9eW0EtWmEtejAtOV8tXSskLywgJ0xldHRlcnMsIGRpZ2l0cywgXyBhbmQgLSBvbmx5JykpLFxuICBjbGllbnQ6IHouc3RyaWN0T2JqZWN0KHsgdXVpZDogdXVpZFNjaGVtYSB9KSxcbn0pO1xuZXhwb3J0IHR5cGUgVHJhY2tlZEV2ZW50ID0gei5pbmZlcjx0eXBlb2YgZXZlbnRTY2hlbWE+O1xuZXhwb3J0IGNvbnN0IGV2ZW50QmF0Y2hTY2hlbWEgPSB6XG4gIC5hcnJheShldmVudFNjaGVtYSlcbiAgLmNoZWNrKHoubWluTGVuZ3RoKDEsICdBdCBsZWFzdCBvbmUgZXZlbnQnKSwgei5tYXhMZW5ndGgoTUFYX0VWRU5UU19QRVJfQkFUQ0gsIGBBdCBtb3N0ICR7TUFYX0VWRU5UU19QRVJfQkFUQ0h9IGV2ZW50cyBwZXIgYmF0Y2hgKSk7XG5leHBvcnQgY29uc3QgZXZlbnRCYXRjaFJlc3BvbnNlU2NoZW1hID0gei5vYmplY3Qoe1xuICBzdGF0dXM6IHoubGl0ZXJhbCgnQUNDRVBURUQnKSxcbiAgcmVjZWl2ZWQ6IHoubnVtYmVyKCksXG4gIGR1cGxpY2F0ZXM6IHoubnVtYmVyKCksXG59KTtcbmV4cG9ydCB0eXBlIEV2ZW50QmF0Y2hSZXNwb25zZSA9IHouaW5mZXI8dHlwZW9mIGV2ZW50QmF0Y2hSZXNwb25zZVNjaGVtYT47XG5cbi8vIC0tLS0gc2l0ZSBiYWNrZW5kIChzZXJ2ZXIgdG8gc2VydmVyLCBuZXZlciB0aGUgYnJvd3NlcikgLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tXG5cbi8qKiBgUE9TVCAvdjQvY2xpZW50c2A6IHRoZSBzaXRlJ3MgYmFja2VuZCBsaW5rcyBhIFVVSUQgdG8gYSBjdXN0b21lciBpdCBrbm93cy4gKi9cbmV4cG9ydCBjb25zdCByZWNvZ25pemVSZXF1ZXN0U2NoZW1hID0gelxuICAuc3RyaWN0T2JqZWN0KHtcbiAgICB1dWlkOiB1dWlkU2NoZW1hLFxuICAgIGVtYWlsOiB6Lm9wdGlvbmFsKGVtYWlsU2NoZW1hKSxcbiAgICAuLi5wcm9maWxlRmllbGRzLFxuICB9KVxuICAuY2hlY2soXG4gICAgei5zdXBlclJlZmluZSgoYm9keSwgY3R4KSA9PiB7XG4gICAgICBpZiAoYm9keS5lbWFpbCA9PT0gdW5kZWZpbmVkICYmIGJvZHkuY3VzdG9tSWQgPT09IHVuZGVmaW5lZCkge1xuICAgICAgICBjdHguaXNzdWVzLnB1c2goeyBjb2RlOiAnY3VzdG9tJywgbWVzc2FnZTogJ2VtYWlsIG9yIGN1c3RvbUlkIGlzIHJlcXVpcmVkJywgaW5wdXQ6IGJvZHksIHBhdGg6IFsnZW1haWwnXSB9KTtcbiAgICAgIH1cbiAgICB9KSxcbiAgKTtcbmV4cG9ydCB0eXBlIFJlY29nbml6ZVJlcXVlc3QgPSB6LmluZmVyPHR5cGVvZiByZWNvZ25pemVSZXF1ZXN0U2NoZW1hPjtcbmV4cG9ydCBjb25zdCByZWNvZ25pemVSZXNwb25zZVNjaGVtYSA9IHoub2JqZWN0KHtcbiAgY2xpZW50SWQ6IHoubnVtYmVyKCksXG4gIHV1aWQ6IHV1aWRTY2hlbWEsXG4gIC8qKiBUcnVlIHdoZW4gdGhlIGN1c3RvbWVyIHdhcyBjcmVhdGVkIGJ5IHRoaXMgY2FsbC4gKi9cbiAgY3JlYXRlZDogei5ib29sZWFuKCksXG59KTtcbmV4cG9ydCB0eXBlIFJlY29nbml6ZVJlc3BvbnNlID0gei5pbmZlcjx0eXBlb2YgcmVjb2duaXplUmVzcG9uc2VTY2hlbWE+O1xuXG4vKiogYFBPU1QgL3Y0L2NsaWVudHMve2NsaWVudElkfS9hcHByb3ZlYDogbm8gZmllbGRzICh0aGUgYm9keSBtYXkgYmUgbGVmdCBvdXQpLiAqL1xuZXhwb3J0IGNvbnN0IGFwcHJvdmVSZXF1ZXN0U2NoZW1hID0gei5zdHJpY3RPYmplY3Qoe30pO1xuXG4vLyAtLS0tIHB1YmxpYyAtLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tLS0tXG5cbmV4cG9ydCBjb25zdCBwdWJsaWNDb25maWdTY2hlbWEgPSB6Lm9iamVjdCh7XG4gIHJlZ2lzdHJhdGlvbk1vZGU6IHouZW51bShSRUdJU1RSQVRJT05fTU9ERVMpLFxuICBwYXNzd29yZFBvbGljeTogcGFzc3dvcmRQb2xpY3lTY2hlbWEsXG4gIHRva2VuTGlmZXRpbWU6IHoubnVtYmVyKCksXG4gIGZhY2Vib29rQXBwSWQ6IHoub3B0aW9uYWwoei5zdHJpbmcoKSksXG4gIG9hdXRoRW5hYmxlZDogei5ib29sZWFuKCksXG4gIGFncmVlbWVudHM6IHouYXJyYXkoei5lbnVtKEFHUkVFTUVOVF9OQU1FUykpLFxuICAvKiogR29vZ2xlIGFuZCBBcHBsZSBzaWduLWluOiB0aGUgY2xpZW50IGlkIHRoZSBicm93c2VyJ3MgcHJvdmlkZXIgc2NyaXB0IGlzIGluaXRpYWxpc2VkIHdpdGggKGFic2VudDogZGlzYWJsZWQpLiAqL1xuICBnb29nbGVDbGllbnRJZDogei5vcHRpb25hbCh6LnN0cmluZygpKSxcbiAgYXBwbGVDbGllbnRJZDogei5vcHRpb25hbCh6LnN0cmluZygpKSxcbn0pO1xuZXhwb3J0IHR5cGUgUHVibGljQ29uZmlnID0gei5pbmZlcjx0eXBlb2YgcHVibGljQ29uZmlnU2NoZW1hPjtcblxuZXhwb3J0IGNvbnN0IGhlYWx0aFJlc3BvbnNlU2NoZW1hID0gei5vYmplY3QoeyBzdGF0dXM6IHouZW51bShbJ29rJywgJ3VuYXZhaWxhYmxlJ10pIH0pO1xuXG4vKiogVGhlIGNsYWltcyBvZiBldmVyeSB0b2tlbiB0aGUgc2VydmVyIHNpZ25zLiAqL1xuZXhwb3J0IGNvbnN0IHRva2VuQ2xhaW1zU2NoZW1hID0gei5vYmplY3Qoe1xuICBpc3M6IHouc3RyaW5nKCksXG4gIGF1ZDogei5zdHJpbmcoKSxcbiAgc3ViOiB6LnN0cmluZygpLFxuICB1dWlkOiB1dWlkU2NoZW1hLFxuICBjbGllbnRJZDogei5vcHRpb25hbCh6Lm51bWJlcigpKSxcbiAgcmxtOiB6LmVudW0oUkVBTE1TKSxcbiAgb3JpZ2luOiB6LmVudW0oVE9LRU5fT1JJR0lOUyksXG4gIHNpZDogei5zdHJpbmcoKSxcbiAgaWF0OiB6Lm51bWJlcigpLFxuICBleHA6IHoubnVtYmVyKCksXG59KTtcbmV4cG9ydCB0eXBlIFRva2VuQ2xhaW1zID0gei5pbmZlcjx0eXBlb2YgdG9rZW5DbGFpbXNTY2hlbWE+O1xuIiwgIi8qKlxuICogUGxhaW4gdmFsdWVzIG9mIHRoZSBjb250cmFjdCwgaW4gYSBtb2R1bGUgd2l0aG91dCB6b2QsIHNvIGJyb3dzZXIgY29kZSBjYW4gaW1wb3J0IHRoZW0gd2l0aG91dFxuICogYnJpbmdpbmcgdGhlIHNjaGVtYXMgYWxvbmcgKGBzY2hlbWFzLnRzYCByZS1leHBvcnRzIHRoZW0pLlxuICovXG5leHBvcnQgY29uc3QgQUdSRUVNRU5UX05BTUVTID0gWydlbWFpbCcsICdzbXMnLCAncHVzaCcsICdibHVldG9vdGgnLCAncmZpZCcsICd3aWZpJ10gYXMgY29uc3Q7XG5leHBvcnQgdHlwZSBBZ3JlZW1lbnROYW1lID0gKHR5cGVvZiBBR1JFRU1FTlRfTkFNRVMpW251bWJlcl07XG5cbmV4cG9ydCBjb25zdCBTRVhfVkFMVUVTID0gWydGRU1BTEUnLCAnTUFMRScsICdPVEhFUicsICdOT1RfU1BFQ0lGSUVEJ10gYXMgY29uc3Q7XG5cbmV4cG9ydCBjb25zdCBNQVhfRVZFTlRTX1BFUl9CQVRDSCA9IDEwMDtcblxuLyoqIEEgY291bnRyeSBjb2RlIGlzIHRoaXMgbWFueSBjYXBpdGFsIGxldHRlcnMgKElTTyAzMTY2LTEgYWxwaGEtMikuICovXG5leHBvcnQgY29uc3QgQ09VTlRSWV9DT0RFX0xFTkdUSCA9IDI7XG4iLCAiaW1wb3J0IHR5cGUgKiBhcyB6IGZyb20gJ3pvZC9taW5pJztcbmltcG9ydCAqIGFzIHMgZnJvbSAnLi9zY2hlbWFzLmpzJztcblxuLyoqXG4gKiBXaG8gbWF5IGNhbGwgYSByb3V0ZTpcbiAqIC0gYG5vbmVgOiBhbnlvbmUgKHB1YmxpYyBkYXRhKTtcbiAqIC0gYGFwaUtleWA6IHRoZSBQcm9maWxlIEFQSSBrZXkgaW4gdGhlIEpTT04gYm9keSwgbm8gdG9rZW47XG4gKiAtIGBrZXlPclRva2VuYDogYSBicm93c2VyIHRva2VuIG9mIGVpdGhlciByZWFsbSwgb3IgdGhlIFByb2ZpbGUgQVBJIGtleSBpbiB0aGUgYm9keTtcbiAqIC0gYHRva2VuYDogYSBicm93c2VyIHRva2VuIG9mIGVpdGhlciByZWFsbTtcbiAqIC0gYGN1c3RvbWVyYDogYSBzaWduZWQtaW4gY3VzdG9tZXIncyB0b2tlbiAoYW5vbnltb3VzIHRva2VucyBnZXQgNDAzIGBGT1JCSURERU5fRk9SX0FOT05ZTU9VU2ApO1xuICogLSBgYmFja2VuZGA6IHRoZSBzaXRlIGJhY2tlbmQncyBzZWNyZXQga2V5OyBicm93c2VyIHRva2VucyBhbmQgQVBJIGtleXMgYXJlIHJlZnVzZWQuXG4gKi9cbmV4cG9ydCB0eXBlIFJvdXRlQXV0aCA9ICdub25lJyB8ICdhcGlLZXknIHwgJ2tleU9yVG9rZW4nIHwgJ3Rva2VuJyB8ICdjdXN0b21lcicgfCAnYmFja2VuZCc7XG5cbmV4cG9ydCBpbnRlcmZhY2UgUm91dGVEZWYge1xuICBtZXRob2Q6ICdHRVQnIHwgJ1BPU1QnIHwgJ0RFTEVURSc7XG4gIHBhdGg6IHN0cmluZztcbiAgYXV0aDogUm91dGVBdXRoO1xuICAvKiogU3VjY2VzcyBzdGF0dXMuICovXG4gIHN0YXR1czogMjAwIHwgMjAxIHwgMjAyIHwgMjA0O1xuICByZXF1ZXN0Pzogei5ab2RNaW5pVHlwZTtcbiAgcmVzcG9uc2U/OiB6LlpvZE1pbmlUeXBlO1xufVxuXG5jb25zdCByb3V0ZSA9IDxjb25zdCBSIGV4dGVuZHMgUm91dGVEZWY+KHI6IFIpOiBSID0+IHI7XG5cbi8qKiBUaGUgcm91dGUgdGFibGUgb2YgREVTSUdOLm1kIFx1MDBBNzQsIGtleWVkIGJ5IHRoZSBDbGllbnQgbWV0aG9kIChvciByb2xlKSB0aGF0IGNhbGxzIGl0LiAqL1xuZXhwb3J0IGNvbnN0IFJPVVRFUyA9IHtcbiAgYW5vbnltb3VzTG9naW46IHJvdXRlKHtcbiAgICBtZXRob2Q6ICdQT1NUJyxcbiAgICBwYXRoOiAnL3NhdXRoL3YzL2F1dGgvbG9naW4vY2xpZW50L2Fub255bW91cycsXG4gICAgYXV0aDogJ2FwaUtleScsXG4gICAgc3RhdHVzOiAyMDAsXG4gICAgcmVxdWVzdDogcy5hbm9ueW1vdXNMb2dpblJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMudG9rZW5SZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIGxvZ2luOiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy9zYXV0aC92My9hdXRoL2xvZ2luL2NsaWVudCcsXG4gICAgYXV0aDogJ2FwaUtleScsXG4gICAgc3RhdHVzOiAyMDAsXG4gICAgcmVxdWVzdDogcy5sb2dpblJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMudG9rZW5SZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIGxvZ2luQ29uZGl0aW9uYWxseTogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvc2F1dGgvdjMvYXV0aC9sb2dpbi9jbGllbnQvY29uZGl0aW9uYWwnLFxuICAgIGF1dGg6ICdhcGlLZXknLFxuICAgIHN0YXR1czogMjAwLFxuICAgIHJlcXVlc3Q6IHMubG9naW5SZXF1ZXN0U2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLmNvbmRpdGlvbmFsTG9naW5SZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIHJlZnJlc2hUb2tlbjogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvc2F1dGgvdjMvYXV0aC9yZWZyZXNoL2NsaWVudCcsXG4gICAgYXV0aDogJ3Rva2VuJyxcbiAgICBzdGF0dXM6IDIwMCxcbiAgICByZXF1ZXN0OiBzLnJlZnJlc2hSZXF1ZXN0U2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLnRva2VuUmVzcG9uc2VTY2hlbWEsXG4gIH0pLFxuICBzaWduT3V0OiByb3V0ZSh7IG1ldGhvZDogJ1BPU1QnLCBwYXRoOiAnL3NhdXRoL3YzL2F1dGgvbG9nb3V0L2NsaWVudCcsIGF1dGg6ICd0b2tlbicsIHN0YXR1czogMjA0LCByZXF1ZXN0OiBzLmxvZ291dFJlcXVlc3RTY2hlbWEgfSksXG4gIHJlZ2lzdGVyQWNjb3VudDogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvc2F1dGgvY2xpZW50cy9yZWdpc3RlcmVkJyxcbiAgICBhdXRoOiAna2V5T3JUb2tlbicsXG4gICAgc3RhdHVzOiAyMDEsXG4gICAgcmVxdWVzdDogcy5yZWdpc3RlclJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMucmVnaXN0ZXJSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIHJlZ2lzdGVyQWNjb3VudFY0OiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy92NC9jbGllbnRzL3JlZ2lzdGVyZWQnLFxuICAgIGF1dGg6ICdrZXlPclRva2VuJyxcbiAgICBzdGF0dXM6IDIwMSxcbiAgICByZXF1ZXN0OiBzLnJlZ2lzdGVyUmVxdWVzdFNjaGVtYSxcbiAgICByZXNwb25zZTogcy5yZWdpc3RlclJlc3BvbnNlU2NoZW1hLFxuICB9KSxcbiAgcmVxdWVzdEFjY291bnRBY3RpdmF0aW9uOiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy92NC9jbGllbnRzL2FjdGl2YXRpb24vcmVxdWVzdCcsXG4gICAgYXV0aDogJ2tleU9yVG9rZW4nLFxuICAgIHN0YXR1czogMjAyLFxuICAgIHJlcXVlc3Q6IHMuZW1haWxSZXF1ZXN0U2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLmFjY2VwdGVkUmVzcG9uc2VTY2hlbWEsXG4gIH0pLFxuICBjb25maXJtQWNjb3VudEFjdGl2YXRpb246IHJvdXRlKHtcbiAgICBtZXRob2Q6ICdQT1NUJyxcbiAgICBwYXRoOiAnL3Y0L2NsaWVudHMvYWN0aXZhdGlvbi9jb25maXJtYXRpb24nLFxuICAgIGF1dGg6ICdrZXlPclRva2VuJyxcbiAgICBzdGF0dXM6IDIwMCxcbiAgICByZXF1ZXN0OiBzLmNvbmZpcm1hdGlvblJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMub2tSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIHJlcXVlc3RBY2NvdW50QWN0aXZhdGlvbkJ5UGluOiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy92NC9jbGllbnRzL2FjdGl2YXRpb24vcGluL3JlcXVlc3QnLFxuICAgIGF1dGg6ICdrZXlPclRva2VuJyxcbiAgICBzdGF0dXM6IDIwMixcbiAgICByZXF1ZXN0OiBzLmVtYWlsUmVxdWVzdFNjaGVtYSxcbiAgICByZXNwb25zZTogcy5hY2NlcHRlZFJlc3BvbnNlU2NoZW1hLFxuICB9KSxcbiAgY29uZmlybUFjY291bnRBY3RpdmF0aW9uQnlQaW46IHJvdXRlKHtcbiAgICBtZXRob2Q6ICdQT1NUJyxcbiAgICBwYXRoOiAnL3Y0L2NsaWVudHMvYWN0aXZhdGlvbi9waW4vY29uZmlybWF0aW9uJyxcbiAgICBhdXRoOiAna2V5T3JUb2tlbicsXG4gICAgc3RhdHVzOiAyMDAsXG4gICAgcmVxdWVzdDogcy5waW5Db25maXJtYXRpb25SZXF1ZXN0U2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLm9rUmVzcG9uc2VTY2hlbWEsXG4gIH0pLFxuICByZXF1ZXN0UGFzc3dvcmRSZXNldDogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvdjQvY2xpZW50cy9wYXNzd29yZC1yZXNldC9yZXF1ZXN0JyxcbiAgICBhdXRoOiAna2V5T3JUb2tlbicsXG4gICAgc3RhdHVzOiAyMDIsXG4gICAgcmVxdWVzdDogcy5lbWFpbFJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMuYWNjZXB0ZWRSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIGNvbmZpcm1QYXNzd29yZFJlc2V0OiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy92NC9jbGllbnRzL3Bhc3N3b3JkLXJlc2V0L2NvbmZpcm1hdGlvbicsXG4gICAgYXV0aDogJ2tleU9yVG9rZW4nLFxuICAgIHN0YXR1czogMjAwLFxuICAgIHJlcXVlc3Q6IHMucGFzc3dvcmRSZXNldENvbmZpcm1hdGlvblNjaGVtYSxcbiAgICByZXNwb25zZTogcy5va1Jlc3BvbnNlU2NoZW1hLFxuICB9KSxcbiAgY2hhbmdlUGFzc3dvcmQ6IHJvdXRlKHtcbiAgICBtZXRob2Q6ICdQT1NUJyxcbiAgICBwYXRoOiAnL3Y0L215LWFjY291bnQvY2hhbmdlLXBhc3N3b3JkJyxcbiAgICBhdXRoOiAnY3VzdG9tZXInLFxuICAgIHN0YXR1czogMjAwLFxuICAgIHJlcXVlc3Q6IHMuY2hhbmdlUGFzc3dvcmRSZXF1ZXN0U2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLm9rUmVzcG9uc2VTY2hlbWEsXG4gIH0pLFxuICByZXF1ZXN0RW1haWxDaGFuZ2U6IHJvdXRlKHtcbiAgICBtZXRob2Q6ICdQT1NUJyxcbiAgICBwYXRoOiAnL3Y0L215LWFjY291bnQvZW1haWwtY2hhbmdlL3JlcXVlc3QnLFxuICAgIGF1dGg6ICdjdXN0b21lcicsXG4gICAgc3RhdHVzOiAyMDIsXG4gICAgcmVxdWVzdDogcy5lbWFpbENoYW5nZVJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMuYWNjZXB0ZWRSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIGNvbmZpcm1FbWFpbENoYW5nZTogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvdjQvbXktYWNjb3VudC9lbWFpbC1jaGFuZ2UvY29uZmlybWF0aW9uJyxcbiAgICBhdXRoOiAna2V5T3JUb2tlbicsXG4gICAgc3RhdHVzOiAyMDAsXG4gICAgcmVxdWVzdDogcy5lbWFpbENoYW5nZUNvbmZpcm1hdGlvblNjaGVtYSxcbiAgICByZXNwb25zZTogcy5va1Jlc3BvbnNlU2NoZW1hLFxuICB9KSxcbiAgZGVsZXRlQWNjb3VudDogcm91dGUoeyBtZXRob2Q6ICdQT1NUJywgcGF0aDogJy92NC9teS1hY2NvdW50L2RlbGV0ZS1hY2NvdW50JywgYXV0aDogJ2N1c3RvbWVyJywgc3RhdHVzOiAyMDQsIHJlcXVlc3Q6IHMuZGVsZXRlQWNjb3VudFJlcXVlc3RTY2hlbWEgfSksXG4gIGdldEFjY291bnQ6IHJvdXRlKHsgbWV0aG9kOiAnR0VUJywgcGF0aDogJy92NC9teS1hY2NvdW50L3BlcnNvbmFsLWluZm9ybWF0aW9uJywgYXV0aDogJ2N1c3RvbWVyJywgc3RhdHVzOiAyMDAsIHJlc3BvbnNlOiBzLmFjY291bnRJbmZvcm1hdGlvblNjaGVtYSB9KSxcbiAgdXBkYXRlQWNjb3VudDogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvdjQvbXktYWNjb3VudC9wZXJzb25hbC1pbmZvcm1hdGlvbicsXG4gICAgYXV0aDogJ2N1c3RvbWVyJyxcbiAgICBzdGF0dXM6IDIwMCxcbiAgICByZXF1ZXN0OiBzLnVwZGF0ZUFjY291bnRSZXF1ZXN0U2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLmFjY291bnRJbmZvcm1hdGlvblNjaGVtYSxcbiAgfSksXG4gIHVwZGF0ZUFjY291bnRCYXNpY0luZm9ybWF0aW9uOiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy92NC9teS1hY2NvdW50L2Jhc2ljLWluZm9ybWF0aW9uJyxcbiAgICBhdXRoOiAndG9rZW4nLFxuICAgIHN0YXR1czogMjAwLFxuICAgIHJlcXVlc3Q6IHMudXBkYXRlQmFzaWNJbmZvcm1hdGlvblJlcXVlc3RTY2hlbWEsXG4gICAgcmVzcG9uc2U6IHMub2tSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIHRyYWNrRXZlbnRzOiByb3V0ZSh7XG4gICAgbWV0aG9kOiAnUE9TVCcsXG4gICAgcGF0aDogJy92NC9ldmVudHMvYmF0Y2gnLFxuICAgIGF1dGg6ICd0b2tlbicsXG4gICAgc3RhdHVzOiAyMDIsXG4gICAgcmVxdWVzdDogcy5ldmVudEJhdGNoU2NoZW1hLFxuICAgIHJlc3BvbnNlOiBzLmV2ZW50QmF0Y2hSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIHJlY29nbml6ZUNsaWVudDogcm91dGUoe1xuICAgIG1ldGhvZDogJ1BPU1QnLFxuICAgIHBhdGg6ICcvdjQvY2xpZW50cycsXG4gICAgYXV0aDogJ2JhY2tlbmQnLFxuICAgIHN0YXR1czogMjAwLFxuICAgIHJlcXVlc3Q6IHMucmVjb2duaXplUmVxdWVzdFNjaGVtYSxcbiAgICByZXNwb25zZTogcy5yZWNvZ25pemVSZXNwb25zZVNjaGVtYSxcbiAgfSksXG4gIGFwcHJvdmVDbGllbnQ6IHJvdXRlKHtcbiAgICBtZXRob2Q6ICdQT1NUJyxcbiAgICBwYXRoOiAnL3Y0L2NsaWVudHMve2NsaWVudElkfS9hcHByb3ZlJyxcbiAgICBhdXRoOiAnYmFja2VuZCcsXG4gICAgc3RhdHVzOiAyMDAsXG4gICAgcmVxdWVzdDogcy5hcHByb3ZlUmVxdWVzdFNjaGVtYSxcbiAgICByZXNwb25zZTogcy5va1Jlc3BvbnNlU2NoZW1hLFxuICB9KSxcbiAgZGVsZXRlQ2xpZW50OiByb3V0ZSh7IG1ldGhvZDogJ0RFTEVURScsIHBhdGg6ICcvdjQvY2xpZW50cy97Y2xpZW50SWR9JywgYXV0aDogJ2JhY2tlbmQnLCBzdGF0dXM6IDIwNCB9KSxcbiAgZGVsZXRlQ2xpZW50QnlFbWFpbDogcm91dGUoeyBtZXRob2Q6ICdERUxFVEUnLCBwYXRoOiAnL3Y0L2NsaWVudHMvYnktZW1haWwve2VtYWlsfScsIGF1dGg6ICdiYWNrZW5kJywgc3RhdHVzOiAyMDQgfSksXG4gIGRlbGV0ZUNsaWVudEJ5Q3VzdG9tSWQ6IHJvdXRlKHsgbWV0aG9kOiAnREVMRVRFJywgcGF0aDogJy92NC9jbGllbnRzL2J5LWN1c3RvbUlkL3tjdXN0b21JZH0nLCBhdXRoOiAnYmFja2VuZCcsIHN0YXR1czogMjA0IH0pLFxuICBwdWJsaWNDb25maWc6IHJvdXRlKHsgbWV0aG9kOiAnR0VUJywgcGF0aDogJy9zbnIvY29uZmlnJywgYXV0aDogJ25vbmUnLCBzdGF0dXM6IDIwMCwgcmVzcG9uc2U6IHMucHVibGljQ29uZmlnU2NoZW1hIH0pLFxuICBqd2tzOiByb3V0ZSh7IG1ldGhvZDogJ0dFVCcsIHBhdGg6ICcvLndlbGwta25vd24vandrcy5qc29uJywgYXV0aDogJ25vbmUnLCBzdGF0dXM6IDIwMCB9KSxcbiAgcHVibGljUGVtOiByb3V0ZSh7IG1ldGhvZDogJ0dFVCcsIHBhdGg6ICcvdjQvcHVibGljLnBlbScsIGF1dGg6ICdub25lJywgc3RhdHVzOiAyMDAgfSksXG4gIGhlYWx0aDogcm91dGUoeyBtZXRob2Q6ICdHRVQnLCBwYXRoOiAnL3Nuci9oZWFsdGgnLCBhdXRoOiAnbm9uZScsIHN0YXR1czogMjAwLCByZXNwb25zZTogcy5oZWFsdGhSZXNwb25zZVNjaGVtYSB9KSxcbn0gYXMgY29uc3Q7XG5cbmV4cG9ydCB0eXBlIFJvdXRlTmFtZSA9IGtleW9mIHR5cGVvZiBST1VURVM7XG5cbi8qKiBBIHJvdXRlIHBhdGggaW4gSG9ubydzIGZvcm06IGB7cGFyYW19YCBcdTIxOTIgYDpwYXJhbWAuICovXG5leHBvcnQgY29uc3QgaG9ub1BhdGggPSAocGF0aDogc3RyaW5nKSA9PiBwYXRoLnJlcGxhY2UoL1xceyhcXHcrKVxcfS9nLCAnOiQxJyk7XG4iLCAiaW1wb3J0IHsgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgUk9VVEVTIH0gZnJvbSAnLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi9jb250ZXh0LmpzJztcbmltcG9ydCB7IG9yaWdpbkFsbG93ZWRGb3JBbnlLZXkgfSBmcm9tICcuL2h0dHAuanMnO1xuaW1wb3J0IHsga2l0Um91dGVzIH0gZnJvbSAnLi9raXQuanMnO1xuaW1wb3J0IHsgcmVxdWVzdExvZyB9IGZyb20gJy4vbG9nLmpzJztcbmltcG9ydCB7IGVkZ2VIZWFkZXJzIH0gZnJvbSAnLi9taWRkbGV3YXJlL2VkZ2UuanMnO1xuaW1wb3J0IHsgZXJyb3JIYW5kbGVyLCBzZW5kRXJyb3IgfSBmcm9tICcuL21pZGRsZXdhcmUvZXJyb3ItaGFuZGxlci5qcyc7XG5pbXBvcnQgeyBwYWdlUm91dGVzIH0gZnJvbSAnLi9wYWdlcy5qcyc7XG5pbXBvcnQgeyBhY2NvdW50Um91dGVzIH0gZnJvbSAnLi9yb3V0ZXMvYWNjb3VudC5qcyc7XG5pbXBvcnQgeyBhdXRoUm91dGVzIH0gZnJvbSAnLi9yb3V0ZXMvYXV0aC5qcyc7XG5pbXBvcnQgeyBiYWNrZW5kUm91dGVzIH0gZnJvbSAnLi9yb3V0ZXMvYmFja2VuZC5qcyc7XG5pbXBvcnQgeyBldmVudFJvdXRlcyB9IGZyb20gJy4vcm91dGVzL2V2ZW50cy5qcyc7XG5pbXBvcnQgeyBkZXZNYWlsYm94Um91dGVzLCBwdWJsaWNSb3V0ZXMgfSBmcm9tICcuL3JvdXRlcy9wdWJsaWMuanMnO1xuaW1wb3J0IHsgcmVnaXN0cmF0aW9uUm91dGVzIH0gZnJvbSAnLi9yb3V0ZXMvcmVnaXN0cmF0aW9uLmpzJztcblxuZXhwb3J0IGludGVyZmFjZSBBcHBPcHRpb25zIHtcbiAgLyoqIEV4dHJhIHJvdXRlcyBzZXJ2ZWQgYWZ0ZXIgdGhlIEFQSSAodGhlIGRlbW8ncyBzdGF0aWMgZmlsZXMpLiAqL1xuICBleHRyYT86IEhvbm87XG4gIC8qKiBGb2xkZXIgb2YgdGhlIGJyb3dzZXIgZmlsZXMgc2VydmVkIHVuZGVyIGAvc25yL2tpdC9gIChkZWZhdWx0OiB0aGUgcGFja2FnZSdzIGBkaXN0L2NkbmApLiAqL1xuICBraXRSb290Pzogc3RyaW5nO1xuICAvKiogVGhlIGRlbW8gaXMgc2VydmVkIChgLS1kZW1vYCk6IHRoZSBzZXJ2ZXIncyBvd24gcGFnZSBsaW5rcyB0byBpdC4gKi9cbiAgZGVtbz86IGJvb2xlYW47XG59XG5cbmNvbnN0IFJPVVRFX1BBVEhTID0gbmV3IFNldDxzdHJpbmc+KE9iamVjdC52YWx1ZXMoUk9VVEVTKS5tYXAoKHIpID0+IHIucGF0aCkpO1xuXG4vKiogVGhlIEhUVFAgQVBJIG9mIERFU0lHTi5tZCBcdTAwQTc0IGFzIGEgSG9ubyBhcHA7IGBhcHAucmVxdWVzdCgpYCBydW5zIGl0IHdpdGhvdXQgYSBwb3J0LiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGNyZWF0ZUFwcChjdHg6IFNlcnZlckNvbnRleHQsIG9wdGlvbnM6IEFwcE9wdGlvbnMgPSB7fSk6IEhvbm8ge1xuICBjb25zdCBhcHAgPSBuZXcgSG9ubygpO1xuXG4gIGFwcC51c2UocmVxdWVzdExvZyhjdHgubG9nKSk7XG4gIGFwcC51c2UoZWRnZUhlYWRlcnMoeyBvcmlnaW5BbGxvd2VkOiAob3JpZ2luKSA9PiBvcmlnaW5BbGxvd2VkRm9yQW55S2V5KGN0eCwgb3JpZ2luKSB9KSk7XG5cbiAgYXBwLnJvdXRlKCcvJywgcHVibGljUm91dGVzKGN0eCkpO1xuICBhcHAucm91dGUoJy8nLCBhdXRoUm91dGVzKGN0eCkpO1xuICBhcHAucm91dGUoJy8nLCByZWdpc3RyYXRpb25Sb3V0ZXMoY3R4KSk7XG4gIGFwcC5yb3V0ZSgnLycsIGFjY291bnRSb3V0ZXMoY3R4KSk7XG4gIGFwcC5yb3V0ZSgnLycsIGV2ZW50Um91dGVzKGN0eCkpO1xuICBhcHAucm91dGUoJy8nLCBiYWNrZW5kUm91dGVzKGN0eCkpO1xuICBpZiAoY3R4LmNvbmZpZy5sb2NhbE1vZGUgJiYgY3R4Lm1haWxlci5tb2RlID09PSAnb3V0Ym94JykgYXBwLnJvdXRlKCcvJywgZGV2TWFpbGJveFJvdXRlcyhjdHgpKTtcbiAgYXBwLnJvdXRlKCcvJywga2l0Um91dGVzKG9wdGlvbnMua2l0Um9vdCkpO1xuICBpZiAob3B0aW9ucy5leHRyYSkgYXBwLnJvdXRlKCcvJywgb3B0aW9ucy5leHRyYSk7XG4gIGFwcC5yb3V0ZSgnLycsIHBhZ2VSb3V0ZXMoY3R4LCB7IGRlbW86IG9wdGlvbnMuZGVtbyA/PyBmYWxzZSB9KSk7XG5cbiAgYXBwLm5vdEZvdW5kKChjKSA9PlxuICAgIFJPVVRFX1BBVEhTLmhhcyhjLnJlcS5wYXRoKVxuICAgICAgPyBzZW5kRXJyb3IoYywgNDA1LCAnTUVUSE9EX05PVF9BTExPV0VEJywgYCR7Yy5yZXEubWV0aG9kfSBpcyBub3QgYWxsb3dlZCBvbiAke2MucmVxLnBhdGh9YClcbiAgICAgIDogc2VuZEVycm9yKGMsIDQwNCwgJ05PVF9GT1VORCcsIGBObyByb3V0ZSBmb3IgJHtjLnJlcS5tZXRob2R9ICR7Yy5yZXEucGF0aH1gKSxcbiAgKTtcbiAgYXBwLm9uRXJyb3IoZXJyb3JIYW5kbGVyKHsgbG9nOiBjdHgubG9nIH0pKTtcbiAgcmV0dXJuIGFwcDtcbn1cbiIsICJpbXBvcnQgdHlwZSB7ICRab2RJc3N1ZSB9IGZyb20gJ3pvZC92NC9jb3JlJztcbmltcG9ydCB0eXBlIHsgRmllbGRFcnJvciB9IGZyb20gJy4vZXJyb3JzLmpzJztcblxuLyoqIGBhLmJbMl0uY2AgZnJvbSBhIHpvZCBwYXRoLCB0aGUgZm9ybSB0aGUgZXJyb3IgYm9keSdzIGBmaWVsZGAgdXNlcy4gKi9cbmV4cG9ydCBmdW5jdGlvbiBmaWVsZFBhdGgocGF0aDogcmVhZG9ubHkgUHJvcGVydHlLZXlbXSk6IHN0cmluZyB7XG4gIGxldCBvdXQgPSAnJztcbiAgZm9yIChjb25zdCBwYXJ0IG9mIHBhdGgpIHtcbiAgICBpZiAodHlwZW9mIHBhcnQgPT09ICdudW1iZXInKSBvdXQgKz0gYFske3BhcnR9XWA7XG4gICAgZWxzZSBvdXQgKz0gb3V0ID09PSAnJyA/IFN0cmluZyhwYXJ0KSA6IGAuJHtTdHJpbmcocGFydCl9YDtcbiAgfVxuICByZXR1cm4gb3V0O1xufVxuXG5jb25zdCBTRUNSRVRfRklFTEQgPSAvcGFzc3dvcmR8dG9rZW58c2VjcmV0L2k7XG5cbi8qKiB6b2QgaXNzdWVzIGFzIHRoZSBlcnJvciBib2R5J3MgYGVycm9yc2A7IGEgcmVqZWN0ZWQgdmFsdWUgaXMgZWNob2VkIG9ubHkgd2hlbiBzaG9ydCBhbmQgbm90IGEgc2VjcmV0LiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGlzc3Vlc1RvRmllbGRFcnJvcnMoaXNzdWVzOiByZWFkb25seSAkWm9kSXNzdWVbXSk6IEZpZWxkRXJyb3JbXSB7XG4gIHJldHVybiBpc3N1ZXMubWFwKChpc3N1ZSkgPT4ge1xuICAgIGNvbnN0IGZpZWxkID0gZmllbGRQYXRoKGlzc3VlLnBhdGgpIHx8ICcoYm9keSknO1xuICAgIGNvbnN0IGVycm9yOiBGaWVsZEVycm9yID0geyBmaWVsZCwgY29kZTogaXNzdWUuY29kZSwgbWVzc2FnZTogaXNzdWUubWVzc2FnZSB9O1xuICAgIGNvbnN0IGlucHV0ID0gKGlzc3VlIGFzIHsgaW5wdXQ/OiB1bmtub3duIH0pLmlucHV0O1xuICAgIGNvbnN0IGVjaG9hYmxlID0gdHlwZW9mIGlucHV0ID09PSAnbnVtYmVyJyB8fCB0eXBlb2YgaW5wdXQgPT09ICdib29sZWFuJyB8fCAodHlwZW9mIGlucHV0ID09PSAnc3RyaW5nJyAmJiBpbnB1dC5sZW5ndGggPD0gMjAwKTtcbiAgICBpZiAoZWNob2FibGUgJiYgIVNFQ1JFVF9GSUVMRC50ZXN0KGZpZWxkKSkgZXJyb3IucmVqZWN0ZWRWYWx1ZSA9IGlucHV0O1xuICAgIHJldHVybiBlcnJvcjtcbiAgfSk7XG59XG4iLCAiLyoqXG4gKiBUaGUgcGFzc3dvcmQgcG9saWN5IGEgc2VydmVyIGVuZm9yY2VzIGFuZCBwdWJsaXNoZXMgdGhyb3VnaCBgL3Nuci9jb25maWdgIChpdHMgc2NoZW1hLFxuICogYHBhc3N3b3JkUG9saWN5U2NoZW1hYCwgaXMgaW4gYHNjaGVtYXMudHNgOiB0aGlzIG1vZHVsZSBoYXMgbm8gem9kLCB0aGUgYnJvd3NlciBjaGVja3Mgd2l0aCBpdCkuXG4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgUGFzc3dvcmRQb2xpY3kge1xuICBtaW5MZW5ndGg6IG51bWJlcjtcbiAgbWF4TGVuZ3RoOiBudW1iZXI7XG4gIHJlcXVpcmVVcHBlcjogYm9vbGVhbjtcbiAgcmVxdWlyZUxvd2VyOiBib29sZWFuO1xuICByZXF1aXJlRGlnaXQ6IGJvb2xlYW47XG4gIHJlcXVpcmVTeW1ib2w6IGJvb2xlYW47XG59XG5cbmV4cG9ydCBjb25zdCBERUZBVUxUX1BBU1NXT1JEX1BPTElDWTogUGFzc3dvcmRQb2xpY3kgPSBPYmplY3QuZnJlZXplKHtcbiAgbWluTGVuZ3RoOiA2LFxuICBtYXhMZW5ndGg6IDEyOCxcbiAgcmVxdWlyZVVwcGVyOiB0cnVlLFxuICByZXF1aXJlTG93ZXI6IHRydWUsXG4gIHJlcXVpcmVEaWdpdDogdHJ1ZSxcbiAgcmVxdWlyZVN5bWJvbDogdHJ1ZSxcbn0pO1xuXG5leHBvcnQgY29uc3QgUEFTU1dPUkRfUlVMRVMgPSBbJ21pbkxlbmd0aCcsICdtYXhMZW5ndGgnLCAndXBwZXInLCAnbG93ZXInLCAnZGlnaXQnLCAnc3ltYm9sJ10gYXMgY29uc3Q7XG5leHBvcnQgdHlwZSBQYXNzd29yZFJ1bGUgPSAodHlwZW9mIFBBU1NXT1JEX1JVTEVTKVtudW1iZXJdO1xuXG5leHBvcnQgaW50ZXJmYWNlIFBhc3N3b3JkUnVsZVJlc3VsdCB7XG4gIHJ1bGU6IFBhc3N3b3JkUnVsZTtcbiAgb2s6IGJvb2xlYW47XG4gIC8qKiBUaGUgbnVtYmVyIHRoZSBydWxlIGlzIGFib3V0IChhIGxlbmd0aCksIHdoZW4gaXQgaGFzIG9uZS4gKi9cbiAgdmFsdWU/OiBudW1iZXI7XG59XG5cbmV4cG9ydCBpbnRlcmZhY2UgUGFzc3dvcmRDaGVjayB7XG4gIG9rOiBib29sZWFuO1xuICAvKiogRXZlcnkgcnVsZSB0aGUgcG9saWN5IGVuYWJsZXMsIGluIGEgc3RhYmxlIG9yZGVyLCBwYXNzZWQgb3Igbm90OiB3aGF0IGEgbGl2ZSBjaGVja2xpc3Qgc2hvd3MuICovXG4gIHJ1bGVzOiBQYXNzd29yZFJ1bGVSZXN1bHRbXTtcbiAgZmFpbGVkOiBQYXNzd29yZFJ1bGVbXTtcbn1cblxuY29uc3QgVVBQRVIgPSAvXFxwe0x1fS91O1xuY29uc3QgTE9XRVIgPSAvXFxwe0xsfS91O1xuY29uc3QgRElHSVQgPSAvXFxwe05kfS91O1xuY29uc3QgU1lNQk9MID0gL1teXFxwe0x9XFxwe059XS91O1xuXG5jb25zdCBncmFwaGVtZXMgPSB0eXBlb2YgSW50bCAhPT0gJ3VuZGVmaW5lZCcgJiYgJ1NlZ21lbnRlcicgaW4gSW50bCA/IG5ldyBJbnRsLlNlZ21lbnRlcih1bmRlZmluZWQsIHsgZ3JhbnVsYXJpdHk6ICdncmFwaGVtZScgfSkgOiB1bmRlZmluZWQ7XG5cbi8qKlxuICogTGVuZ3RoIGluIGNoYXJhY3RlcnMgYXMgdGhlIGN1c3RvbWVyIHNlZXMgdGhlbSAoZ3JhcGhlbWUgY2x1c3RlcnMpOiBhbiBlbW9qaSB3aXRoIGEgc2tpbiB0b25lLFxuICogYSBmbGFnIG9yIGFuIGFjY2VudGVkIGxldHRlciB0eXBlZCBhcyB0d28gY29kZSBwb2ludHMgZWFjaCBjb3VudCBhcyBvbmUuXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBwYXNzd29yZExlbmd0aChwYXNzd29yZDogc3RyaW5nKTogbnVtYmVyIHtcbiAgY29uc3QgdGV4dCA9IHBhc3N3b3JkLm5vcm1hbGl6ZSgnTkZDJyk7XG4gIGlmIChncmFwaGVtZXMpIHtcbiAgICBsZXQgbiA9IDA7XG4gICAgZm9yIChjb25zdCBfIG9mIGdyYXBoZW1lcy5zZWdtZW50KHRleHQpKSBuKys7XG4gICAgcmV0dXJuIG47XG4gIH1cbiAgbGV0IG4gPSAwO1xuICBmb3IgKGNvbnN0IF8gb2YgdGV4dCkgbisrO1xuICByZXR1cm4gbjtcbn1cblxuLyoqIENoZWNrcyBhIHBhc3N3b3JkIHJ1bGUgYnkgcnVsZS4gVGhlIGJyb3dzZXIgcnVucyBpdCBsaXZlOyB0aGUgc2VydmVyIHJ1bnMgaXQgYXV0aG9yaXRhdGl2ZWx5LiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGNoZWNrUGFzc3dvcmQoaW5wdXQ6IHN0cmluZywgcG9saWN5OiBQYXNzd29yZFBvbGljeSA9IERFRkFVTFRfUEFTU1dPUkRfUE9MSUNZKTogUGFzc3dvcmRDaGVjayB7XG4gIC8vIE5GQyBmaXJzdCAoTklTVCBTUCA4MDAtNjNCIDUuMS4xLjIpLCBhcyB0aGUgc2VydmVyIGhhc2hlcyBpdDogJ1x1MDBFOScgdHlwZWQgYXMgZSArIFUrMDMwMSBpcyBvbmUgbGV0dGVyLlxuICBjb25zdCBwYXNzd29yZCA9IGlucHV0Lm5vcm1hbGl6ZSgnTkZDJyk7XG4gIGNvbnN0IGxlbmd0aCA9IHBhc3N3b3JkTGVuZ3RoKHBhc3N3b3JkKTtcbiAgY29uc3QgcnVsZXM6IFBhc3N3b3JkUnVsZVJlc3VsdFtdID0gW1xuICAgIHsgcnVsZTogJ21pbkxlbmd0aCcsIG9rOiBsZW5ndGggPj0gcG9saWN5Lm1pbkxlbmd0aCwgdmFsdWU6IHBvbGljeS5taW5MZW5ndGggfSxcbiAgICB7IHJ1bGU6ICdtYXhMZW5ndGgnLCBvazogbGVuZ3RoIDw9IHBvbGljeS5tYXhMZW5ndGgsIHZhbHVlOiBwb2xpY3kubWF4TGVuZ3RoIH0sXG4gIF07XG4gIGlmIChwb2xpY3kucmVxdWlyZVVwcGVyKSBydWxlcy5wdXNoKHsgcnVsZTogJ3VwcGVyJywgb2s6IFVQUEVSLnRlc3QocGFzc3dvcmQpIH0pO1xuICBpZiAocG9saWN5LnJlcXVpcmVMb3dlcikgcnVsZXMucHVzaCh7IHJ1bGU6ICdsb3dlcicsIG9rOiBMT1dFUi50ZXN0KHBhc3N3b3JkKSB9KTtcbiAgaWYgKHBvbGljeS5yZXF1aXJlRGlnaXQpIHJ1bGVzLnB1c2goeyBydWxlOiAnZGlnaXQnLCBvazogRElHSVQudGVzdChwYXNzd29yZCkgfSk7XG4gIGlmIChwb2xpY3kucmVxdWlyZVN5bWJvbCkgcnVsZXMucHVzaCh7IHJ1bGU6ICdzeW1ib2wnLCBvazogU1lNQk9MLnRlc3QocGFzc3dvcmQpIH0pO1xuICBjb25zdCBmYWlsZWQgPSBydWxlcy5maWx0ZXIoKHIpID0+ICFyLm9rKS5tYXAoKHIpID0+IHIucnVsZSk7XG4gIHJldHVybiB7IG9rOiBmYWlsZWQubGVuZ3RoID09PSAwLCBydWxlcywgZmFpbGVkIH07XG59XG5cbi8qKlxuICogVGhlIHZhbHVlIG9mIHRoZSBgcGFzc3dvcmRydWxlc2AgYXR0cmlidXRlIChBcHBsZSdzIHBhc3N3b3JkIHJ1bGVzIG1hcmt1cCkgZm9yIGEgcG9saWN5LCBzb1xuICogcGFzc3dvcmQgbWFuYWdlcnMgZ2VuZXJhdGUgYSBwYXNzd29yZCB0aGUgc2VydmVyIGFjY2VwdHMuXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBwYXNzd29yZFJ1bGVzQXR0cmlidXRlKHBvbGljeTogUGFzc3dvcmRQb2xpY3kpOiBzdHJpbmcge1xuICBjb25zdCBwYXJ0cyA9IFtgbWlubGVuZ3RoOiAke3BvbGljeS5taW5MZW5ndGh9YCwgYG1heGxlbmd0aDogJHtwb2xpY3kubWF4TGVuZ3RofWBdO1xuICBpZiAocG9saWN5LnJlcXVpcmVVcHBlcikgcGFydHMucHVzaCgncmVxdWlyZWQ6IHVwcGVyJyk7XG4gIGlmIChwb2xpY3kucmVxdWlyZUxvd2VyKSBwYXJ0cy5wdXNoKCdyZXF1aXJlZDogbG93ZXInKTtcbiAgaWYgKHBvbGljeS5yZXF1aXJlRGlnaXQpIHBhcnRzLnB1c2goJ3JlcXVpcmVkOiBkaWdpdCcpO1xuICBpZiAocG9saWN5LnJlcXVpcmVTeW1ib2wpIHBhcnRzLnB1c2goJ3JlcXVpcmVkOiBzcGVjaWFsJyk7XG4gIHBhcnRzLnB1c2goJ2FsbG93ZWQ6IHVwcGVyLCBsb3dlciwgZGlnaXQsIHNwZWNpYWwnKTtcbiAgcmV0dXJuIGAke3BhcnRzLmpvaW4oJzsgJyl9O2A7XG59XG5cbi8qKiBUaGUgY29uc3RyYWludCBhdHRyaWJ1dGVzIGZvciBhIG5ldy1wYXNzd29yZCBgPGlucHV0PmAuICovXG5leHBvcnQgZnVuY3Rpb24gcGFzc3dvcmRJbnB1dEF0dHJpYnV0ZXMocG9saWN5OiBQYXNzd29yZFBvbGljeSk6IHtcbiAgbWlubGVuZ3RoOiBudW1iZXI7XG4gIG1heGxlbmd0aDogbnVtYmVyO1xuICBwYXNzd29yZHJ1bGVzOiBzdHJpbmc7XG59IHtcbiAgcmV0dXJuIHsgbWlubGVuZ3RoOiBwb2xpY3kubWluTGVuZ3RoLCBtYXhsZW5ndGg6IHBvbGljeS5tYXhMZW5ndGgsIHBhc3N3b3JkcnVsZXM6IHBhc3N3b3JkUnVsZXNBdHRyaWJ1dGUocG9saWN5KSB9O1xufVxuXG4vKiogQSBwb2xpY3kgbXVzdCBiZSBzYXRpc2ZpYWJsZTogY2hlY2tlZCB3aGVyZSBhIHNlcnZlciByZWFkcyBpdHMgY29uZmlndXJhdGlvbi4gKi9cbmV4cG9ydCBmdW5jdGlvbiBwb2xpY3lQcm9ibGVtcyhwb2xpY3k6IFBhc3N3b3JkUG9saWN5KTogc3RyaW5nW10ge1xuICBjb25zdCBwcm9ibGVtczogc3RyaW5nW10gPSBbXTtcbiAgaWYgKHBvbGljeS5taW5MZW5ndGggPiBwb2xpY3kubWF4TGVuZ3RoKSBwcm9ibGVtcy5wdXNoKCdtaW5MZW5ndGggaXMgZ3JlYXRlciB0aGFuIG1heExlbmd0aCcpO1xuICBjb25zdCByZXF1aXJlZCA9IFtwb2xpY3kucmVxdWlyZVVwcGVyLCBwb2xpY3kucmVxdWlyZUxvd2VyLCBwb2xpY3kucmVxdWlyZURpZ2l0LCBwb2xpY3kucmVxdWlyZVN5bWJvbF0uZmlsdGVyKEJvb2xlYW4pLmxlbmd0aDtcbiAgaWYgKHJlcXVpcmVkID4gcG9saWN5Lm1heExlbmd0aCkgcHJvYmxlbXMucHVzaCgnbWF4TGVuZ3RoIGlzIHRvbyBzaG9ydCBmb3IgdGhlIHJlcXVpcmVkIGNoYXJhY3RlciBjbGFzc2VzJyk7XG4gIHJldHVybiBwcm9ibGVtcztcbn1cbiIsICJpbXBvcnQgdHlwZSB7IEh0dHBCaW5kaW5ncyB9IGZyb20gJ0Bob25vL25vZGUtc2VydmVyJztcbmltcG9ydCB7IGdldENvbm5JbmZvIH0gZnJvbSAnQGhvbm8vbm9kZS1zZXJ2ZXIvY29ubmluZm8nO1xuaW1wb3J0IHR5cGUgeyBDb250ZXh0IH0gZnJvbSAnaG9ubyc7XG5pbXBvcnQgdHlwZSAqIGFzIHogZnJvbSAnem9kL21pbmknO1xuaW1wb3J0IHsgdHlwZSBGaWVsZEVycm9yLCBpc3N1ZXNUb0ZpZWxkRXJyb3JzIH0gZnJvbSAnLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi9jb250ZXh0LmpzJztcbmltcG9ydCB7IEFwaUVycm9yLCBiYWRSZXF1ZXN0LCBDbGllbnRBYm9ydGVkLCBmb3JiaWRkZW4sIHVuYXV0aG9yaXplZCB9IGZyb20gJy4vZXJyb3JzLmpzJztcbmltcG9ydCB0eXBlIHsgVmVyaWZpZWRUb2tlbiB9IGZyb20gJy4vc2Vzc2lvbnMuanMnO1xuXG4vKipcbiAqIFRoZSBib2R5IGFzIHRleHQsIHJlZnVzZWQgd2l0aCA0MTMgcGFzdCBgbWF4YCBieXRlczogYXQgb25jZSBmcm9tIENvbnRlbnQtTGVuZ3RoIHdoZW4gZ2l2ZW4sXG4gKiBlbHNlIHdoaWxlIGl0IHN0cmVhbXMgaW4sIHNvIGEgaHVnZSBjaHVua2VkIGJvZHkgaXMgbmV2ZXIgaGVsZCB3aG9sZS5cbiAqL1xuYXN5bmMgZnVuY3Rpb24gcmVhZExpbWl0ZWQoYzogQ29udGV4dCwgbWF4OiBudW1iZXIpOiBQcm9taXNlPHN0cmluZz4ge1xuICBjb25zdCB0b29MYXJnZSA9ICgpID0+IG5ldyBBcGlFcnJvcig0MTMsICdQQVlMT0FEX1RPT19MQVJHRScsIGBUaGUgcmVxdWVzdCBib2R5IGlzIGxhcmdlciB0aGFuICR7bWF4fSBieXRlc2ApO1xuICBjb25zdCBkZWNsYXJlZCA9IGMucmVxLmhlYWRlcignY29udGVudC1sZW5ndGgnKTtcbiAgaWYgKGRlY2xhcmVkICE9PSB1bmRlZmluZWQgJiYgTnVtYmVyKGRlY2xhcmVkKSA+IG1heCkgdGhyb3cgdG9vTGFyZ2UoKTtcbiAgLy8gVW5kZXIgQGhvbm8vbm9kZS1zZXJ2ZXIsIHN0cmFpZ2h0IGZyb20gTm9kZSdzIHJlcXVlc3Qgc3RyZWFtOiBgYy5yZXEucmF3LmJvZHlgIHdvdWxkIGZpcnN0XG4gIC8vIGJ1aWxkIGEgZnVsbCBXSEFUV0cgUmVxdWVzdCAoQWJvcnRDb250cm9sbGVyLCB3ZWIgc3RyZWFtKSwgYSBnb29kIHBhcnQgb2YgYSBzbWFsbCByZXF1ZXN0J3MgY29zdC5cbiAgY29uc3QgaW5jb21pbmcgPSAoYy5lbnYgYXMgUGFydGlhbDxIdHRwQmluZGluZ3M+IHwgdW5kZWZpbmVkKT8uaW5jb21pbmc7XG4gIGlmIChpbmNvbWluZyAmJiAhaW5jb21pbmcucmVhZGFibGVEaWRSZWFkKSB7XG4gICAgcmV0dXJuIG5ldyBQcm9taXNlPHN0cmluZz4oKHJlc29sdmUsIHJlamVjdCkgPT4ge1xuICAgICAgY29uc3QgY2h1bmtzOiBCdWZmZXJbXSA9IFtdO1xuICAgICAgbGV0IHNpemUgPSAwO1xuICAgICAgY29uc3QgZG9uZSA9ICgpID0+IHtcbiAgICAgICAgaW5jb21pbmcub2ZmKCdkYXRhJywgb25EYXRhKS5vZmYoJ2VuZCcsIG9uRW5kKS5vZmYoJ2Vycm9yJywgb25FcnJvcikub2ZmKCdhYm9ydGVkJywgb25BYm9ydGVkKTtcbiAgICAgIH07XG4gICAgICBjb25zdCBvbkRhdGEgPSAoY2h1bms6IEJ1ZmZlcikgPT4ge1xuICAgICAgICBzaXplICs9IGNodW5rLmJ5dGVMZW5ndGg7XG4gICAgICAgIGlmIChzaXplIDw9IG1heCkgcmV0dXJuIHZvaWQgY2h1bmtzLnB1c2goY2h1bmspO1xuICAgICAgICBkb25lKCk7XG4gICAgICAgIGluY29taW5nLnJlc3VtZSgpOyAvLyB0aGUgcmVzdCBpcyByZWFkIGFuZCBkcm9wcGVkLCBuZXZlciBoZWxkOyB0aGUgcmVxdWVzdCB0aW1lLW91dCBib3VuZHMgaXRcbiAgICAgICAgcmVqZWN0KHRvb0xhcmdlKCkpO1xuICAgICAgfTtcbiAgICAgIGNvbnN0IG9uRW5kID0gKCkgPT4ge1xuICAgICAgICBkb25lKCk7XG4gICAgICAgIHJlc29sdmUoQnVmZmVyLmNvbmNhdChjaHVua3MsIHNpemUpLnRvU3RyaW5nKCd1dGY4JykpO1xuICAgICAgfTtcbiAgICAgIGNvbnN0IG9uRXJyb3IgPSAoZXJyOiBFcnJvcikgPT4ge1xuICAgICAgICBkb25lKCk7XG4gICAgICAgIHJlamVjdChlcnIpO1xuICAgICAgfTtcbiAgICAgIGNvbnN0IG9uQWJvcnRlZCA9ICgpID0+IG9uRXJyb3IobmV3IENsaWVudEFib3J0ZWQoJ3RoZSBjbGllbnQgc3RvcHBlZCBzZW5kaW5nIGl0cyByZXF1ZXN0JykpO1xuICAgICAgaW5jb21pbmcub24oJ2RhdGEnLCBvbkRhdGEpLm9uY2UoJ2VuZCcsIG9uRW5kKS5vbmNlKCdlcnJvcicsIG9uRXJyb3IpLm9uY2UoJ2Fib3J0ZWQnLCBvbkFib3J0ZWQpO1xuICAgIH0pO1xuICB9XG4gIGNvbnN0IGJvZHkgPSBjLnJlcS5yYXcuYm9keTtcbiAgaWYgKCFib2R5KSByZXR1cm4gJyc7XG4gIGNvbnN0IHJlYWRlciA9IGJvZHkuZ2V0UmVhZGVyKCk7XG4gIGNvbnN0IGNodW5rczogVWludDhBcnJheVtdID0gW107XG4gIGxldCBzaXplID0gMDtcbiAgZm9yICg7Oykge1xuICAgIGNvbnN0IHsgZG9uZSwgdmFsdWUgfSA9IGF3YWl0IHJlYWRlci5yZWFkKCk7XG4gICAgaWYgKGRvbmUpIGJyZWFrO1xuICAgIHNpemUgKz0gdmFsdWUuYnl0ZUxlbmd0aDtcbiAgICBpZiAoc2l6ZSA+IG1heCkge1xuICAgICAgYXdhaXQgcmVhZGVyLmNhbmNlbCgpLmNhdGNoKCgpID0+IHt9KTtcbiAgICAgIHRocm93IHRvb0xhcmdlKCk7XG4gICAgfVxuICAgIGNodW5rcy5wdXNoKHZhbHVlKTtcbiAgfVxuICByZXR1cm4gQnVmZmVyLmNvbmNhdChjaHVua3MsIHNpemUpLnRvU3RyaW5nKCd1dGY4Jyk7XG59XG5cbi8qKlxuICogUmVzb2x2ZXMgb25jZSB0aGlzIHJlcXVlc3QncyBhbnN3ZXIgaGFzIGxlZnQgdGhlIHNlcnZlciAoaXRzIGJ5dGVzIGhhbmRlZCB0byB0aGUgc29ja2V0KSwgZm9yXG4gKiB3b3JrIHRoYXQgbXVzdCBub3QgZGVsYXkgaXQ7IHdpdGhvdXQgTm9kZSdzIHJlc3BvbnNlIG9iamVjdCAoYGFwcC5yZXF1ZXN0KClgIGluIHRlc3RzKSwgb24gdGhlXG4gKiB0dXJuIG9mIHRoZSBldmVudCBsb29wIGFmdGVyIHRoZSBhbnN3ZXIgaXMgbWFkZS5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGFuc3dlclNlbnQoYzogQ29udGV4dCk6IFByb21pc2U8dm9pZD4ge1xuICBjb25zdCBvdXRnb2luZyA9IChjLmVudiBhcyBQYXJ0aWFsPEh0dHBCaW5kaW5ncz4gfCB1bmRlZmluZWQpPy5vdXRnb2luZztcbiAgcmV0dXJuIG5ldyBQcm9taXNlPHZvaWQ+KChyZXNvbHZlKSA9PiB7XG4gICAgaWYgKCFvdXRnb2luZykgcmV0dXJuIHZvaWQgc2V0SW1tZWRpYXRlKHJlc29sdmUpO1xuICAgIGlmIChvdXRnb2luZy53cml0YWJsZUZpbmlzaGVkIHx8IG91dGdvaW5nLmRlc3Ryb3llZCkgcmV0dXJuIHZvaWQgc2V0SW1tZWRpYXRlKHJlc29sdmUpO1xuICAgIG91dGdvaW5nLm9uY2UoJ2ZpbmlzaCcsICgpID0+IHJlc29sdmUoKSk7XG4gICAgb3V0Z29pbmcub25jZSgnY2xvc2UnLCAoKSA9PiByZXNvbHZlKCkpO1xuICB9KTtcbn1cblxuLyoqIFBhcnNlcyBhbmQgdmFsaWRhdGVzIGEgSlNPTiBib2R5IHdpdGggYSBjb250cmFjdCBzY2hlbWE7IGV2ZXJ5IGZhaWx1cmUgaXMgYSBjb2RlZCA0MDAvNDEzLzQxNS4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZWFkQm9keTxTIGV4dGVuZHMgei5ab2RNaW5pVHlwZT4oYzogQ29udGV4dCwgc2NoZW1hOiBTLCBvcHRpb25zOiB7IGxpbWl0OiBudW1iZXI7IG9wdGlvbmFsPzogYm9vbGVhbiB9KTogUHJvbWlzZTx6LmluZmVyPFM+PiB7XG4gIGNvbnN0IHR5cGUgPSBjLnJlcS5oZWFkZXIoJ2NvbnRlbnQtdHlwZScpID8/ICcnO1xuICAvLyB0ZXh0L3BsYWluIGlzIGFjY2VwdGVkIHNvIGBmZXRjaCguLi4sIHsga2VlcGFsaXZlOiB0cnVlIH0pYCBvbiBwYWdlaGlkZSBjYW4gc2tpcCBhIHByZWZsaWdodC5cbiAgaWYgKHR5cGUgJiYgIS9eKGFwcGxpY2F0aW9uXFwvanNvbnx0ZXh0XFwvcGxhaW4pXFxiL2kudGVzdCh0eXBlKSkge1xuICAgIHRocm93IG5ldyBBcGlFcnJvcig0MTUsICdVTlNVUFBPUlRFRF9NRURJQV9UWVBFJywgJ1RoZSBib2R5IG11c3QgYmUgSlNPTiAoQ29udGVudC1UeXBlOiBhcHBsaWNhdGlvbi9qc29uKScpO1xuICB9XG4gIGNvbnN0IHRleHQgPSBhd2FpdCByZWFkTGltaXRlZChjLCBvcHRpb25zLmxpbWl0KTtcbiAgLy8gUmVmcmVzaCBhbmQgc2lnbi1vdXQgbWF5IGNvbWUgd2l0aG91dCBhIGJvZHksIGFzIHRoZSBTeW5lcmlzZSBTREsgc2VuZHMgdGhlbS5cbiAgaWYgKG9wdGlvbnMub3B0aW9uYWwgJiYgdGV4dC50cmltKCkgPT09ICcnKSByZXR1cm4gc2NoZW1hLnBhcnNlKHt9KSBhcyB6LmluZmVyPFM+O1xuICBsZXQganNvbjogdW5rbm93bjtcbiAgdHJ5IHtcbiAgICBqc29uID0gSlNPTi5wYXJzZSh0ZXh0KTtcbiAgfSBjYXRjaCB7XG4gICAgdGhyb3cgYmFkUmVxdWVzdCgnTUFMRk9STUVEX0pTT04nLCB0ZXh0LnRyaW0oKSA9PT0gJycgPyAnVGhlIHJlcXVlc3QgYm9keSBpcyBlbXB0eScgOiAnVGhlIHJlcXVlc3QgYm9keSBpcyBub3QgdmFsaWQgSlNPTicpO1xuICB9XG4gIGlmICh0b29EZWVwKGpzb24pKSB7XG4gICAgdGhyb3cgYmFkUmVxdWVzdCgnVkFMSURBVElPTl9GQUlMRUQnLCBgVGhlIGJvZHkgbmVzdHMgZGVlcGVyIHRoYW4gJHtNQVhfSlNPTl9ERVBUSH0gbGV2ZWxzYCwgW1xuICAgICAgeyBmaWVsZDogJ2JvZHknLCBjb2RlOiAndG9vX2RlZXAnLCBtZXNzYWdlOiBgTmVzdHMgZGVlcGVyIHRoYW4gJHtNQVhfSlNPTl9ERVBUSH0gbGV2ZWxzYCB9LFxuICAgIF0pO1xuICB9XG4gIGNvbnN0IHJlc3VsdCA9IHNjaGVtYS5zYWZlUGFyc2UoanNvbiwgeyByZXBvcnRJbnB1dDogdHJ1ZSB9KTtcbiAgaWYgKCFyZXN1bHQuc3VjY2VzcykgdGhyb3cgdmFsaWRhdGlvbkVycm9yKHJlc3VsdC5lcnJvci5pc3N1ZXMpO1xuICByZXR1cm4gcmVzdWx0LmRhdGEgYXMgei5pbmZlcjxTPjtcbn1cblxuLyoqIERlZXBlciB0aGFuIGFueSBwcm9maWxlIGF0dHJpYnV0ZSBvciBldmVudCBwYXJhbWV0ZXIgbmVlZHM7IGRlZXAgZW5vdWdoIG5lc3Rpbmcgd291bGQgb3ZlcmZsb3cgdGhlIHN0YWNrIG9mIHdoYXRldmVyIHdhbGtzIGl0IGxhdGVyIChKU09OLnN0cmluZ2lmeSkuICovXG5jb25zdCBNQVhfSlNPTl9ERVBUSCA9IDY0O1xuXG4vKiogV2hldGhlciBhIHBhcnNlZCBib2R5IG5lc3RzIGRlZXBlciB0aGFuIGBNQVhfSlNPTl9ERVBUSGAsIGZvdW5kIHdpdGhvdXQgcmVjdXJzaW9uLiAqL1xuZnVuY3Rpb24gdG9vRGVlcCh2YWx1ZTogdW5rbm93bik6IGJvb2xlYW4ge1xuICBjb25zdCBzdGFjazogQXJyYXk8W3Vua25vd24sIG51bWJlcl0+ID0gW1t2YWx1ZSwgMF1dO1xuICB3aGlsZSAoc3RhY2subGVuZ3RoKSB7XG4gICAgY29uc3QgW25vZGUsIGRlcHRoXSA9IHN0YWNrLnBvcCgpITtcbiAgICBpZiAobm9kZSA9PT0gbnVsbCB8fCB0eXBlb2Ygbm9kZSAhPT0gJ29iamVjdCcpIGNvbnRpbnVlO1xuICAgIGlmIChkZXB0aCA+PSBNQVhfSlNPTl9ERVBUSCkgcmV0dXJuIHRydWU7XG4gICAgZm9yIChjb25zdCBjaGlsZCBvZiBPYmplY3QudmFsdWVzKG5vZGUpKSBpZiAoY2hpbGQgIT09IG51bGwgJiYgdHlwZW9mIGNoaWxkID09PSAnb2JqZWN0Jykgc3RhY2sucHVzaChbY2hpbGQsIGRlcHRoICsgMV0pO1xuICB9XG4gIHJldHVybiBmYWxzZTtcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIHZhbGlkYXRpb25FcnJvcihpc3N1ZXM6IFBhcmFtZXRlcnM8dHlwZW9mIGlzc3Vlc1RvRmllbGRFcnJvcnM+WzBdKTogQXBpRXJyb3Ige1xuICBjb25zdCBlcnJvcnM6IEZpZWxkRXJyb3JbXSA9IFtdO1xuICBmb3IgKGNvbnN0IGlzc3VlIG9mIGlzc3Vlcykge1xuICAgIGlmIChpc3N1ZS5jb2RlID09PSAndW5yZWNvZ25pemVkX2tleXMnKSB7XG4gICAgICAvLyBPbmUgZW50cnkgcGVyIHVua25vd24ga2V5LCBzbyBcImVtYWlsXCIgaW4gYW4gYWNjb3VudCB1cGRhdGUgaXMgbmFtZWQgYXMgdGhlIGZpZWxkLlxuICAgICAgZm9yIChjb25zdCBrZXkgb2YgaXNzdWUua2V5cykge1xuICAgICAgICBjb25zdCBmaWVsZCA9IFsuLi5pc3N1ZS5wYXRoLCBrZXldLm1hcChTdHJpbmcpLmpvaW4oJy4nKTtcbiAgICAgICAgZXJyb3JzLnB1c2goeyBmaWVsZCwgY29kZTogJ3VucmVjb2duaXplZF9rZXknLCBtZXNzYWdlOiBrZXkgPT09ICdlbWFpbCcgPyAnRW1haWwgY2Fubm90IGJlIGNoYW5nZWQgaGVyZScgOiBgVW5rbm93biBmaWVsZCBcIiR7a2V5fVwiYCB9KTtcbiAgICAgIH1cbiAgICB9IGVsc2UgZXJyb3JzLnB1c2goLi4uaXNzdWVzVG9GaWVsZEVycm9ycyhbaXNzdWVdKSk7XG4gIH1cbiAgY29uc3QgZmlyc3QgPSBlcnJvcnNbMF07XG4gIHJldHVybiBiYWRSZXF1ZXN0KCdWQUxJREFUSU9OX0ZBSUxFRCcsIGZpcnN0ID8gYCR7Zmlyc3QuZmllbGR9OiAke2ZpcnN0Lm1lc3NhZ2V9YCA6ICdUaGUgcmVxdWVzdCBpcyBub3QgdmFsaWQnLCBlcnJvcnMpO1xufVxuXG5leHBvcnQgZnVuY3Rpb24gYmVhcmVyVG9rZW4oYzogQ29udGV4dCk6IHN0cmluZyB8IHVuZGVmaW5lZCB7XG4gIGNvbnN0IGhlYWRlciA9IGMucmVxLmhlYWRlcignYXV0aG9yaXphdGlvbicpO1xuICBpZiAoIWhlYWRlcikgcmV0dXJuIHVuZGVmaW5lZDtcbiAgY29uc3QgbWF0Y2ggPSAvXkJlYXJlclxccysoXFxTKylcXHMqJC9pLmV4ZWMoaGVhZGVyKTtcbiAgcmV0dXJuIG1hdGNoPy5bMV07XG59XG5cbi8qKlxuICogVGhlIGNsaWVudCdzIGFkZHJlc3M6IHRoZSBzb2NrZXQncywgb3IsIHdoZW4gdGhlIHByb3h5IGluIGZyb250IGlzIHRydXN0ZWQsIHRoZSBsYXN0XG4gKiBYLUZvcndhcmRlZC1Gb3IgaG9wLCB0aGUgb25lIHRoYXQgcHJveHkgYXBwZW5kZWQuIEVhcmxpZXIgaG9wcyBhcmUgd2hhdGV2ZXIgdGhlIGNsaWVudCBzZW50XG4gKiAobmdpbngncyBgJHByb3h5X2FkZF94X2ZvcndhcmRlZF9mb3JgIGFuZCBsb2FkIGJhbGFuY2VycyBhcHBlbmQgdG8gdGhlIGhlYWRlciB0aGV5IHJlY2VpdmVkKSwgc29cbiAqIHRydXN0aW5nIHRoZSBmaXJzdCB3b3VsZCBsZXQgYSBjbGllbnQgcGljayBhIGZyZXNoIGFkZHJlc3MgZm9yIGV2ZXJ5IHJlcXVlc3QgcGFzdCB0aGUgcmF0ZSBsaW1pdHMuXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBjbGllbnRBZGRyZXNzKGM6IENvbnRleHQsIHRydXN0UHJveHk6IGJvb2xlYW4pOiBzdHJpbmcge1xuICBpZiAodHJ1c3RQcm94eSkge1xuICAgIGNvbnN0IGZvcndhcmRlZCA9IGMucmVxLmhlYWRlcigneC1mb3J3YXJkZWQtZm9yJyk/LnNwbGl0KCcsJykuYXQoLTEpPy50cmltKCk7XG4gICAgaWYgKGZvcndhcmRlZCkgcmV0dXJuIGZvcndhcmRlZDtcbiAgfVxuICB0cnkge1xuICAgIHJldHVybiBnZXRDb25uSW5mbyhjKS5yZW1vdGUuYWRkcmVzcyA/PyAndW5rbm93bic7XG4gIH0gY2F0Y2gge1xuICAgIHJldHVybiAndW5rbm93bic7XG4gIH1cbn1cblxuY29uc3QgTE9DQUxfT1JJR0lOID0gL15odHRwcz86XFwvXFwvKGxvY2FsaG9zdHwxMjdcXC4wXFwuMFxcLjF8XFxbOjoxXFxdKSg6XFxkKyk/JC87XG5cbmV4cG9ydCBmdW5jdGlvbiBvcmlnaW5BbGxvd2VkRm9yS2V5KGN0eDogU2VydmVyQ29udGV4dCwgYXBpS2V5OiBzdHJpbmcsIG9yaWdpbjogc3RyaW5nIHwgdW5kZWZpbmVkKTogYm9vbGVhbiB7XG4gIC8vIE5vIE9yaWdpbiBoZWFkZXI6IG5vdCBhIGJyb3dzZXIgY3Jvc3Mtb3JpZ2luIHJlcXVlc3QgKGN1cmwsIGEgc2VydmVyLCBhIHNhbWUtb3JpZ2luIEdFVCkuXG4gIGlmICghb3JpZ2luKSByZXR1cm4gdHJ1ZTtcbiAgY29uc3QgYWxsb3dlZCA9IGN0eC5jb25maWcuYXBpS2V5cy5nZXQoYXBpS2V5KTtcbiAgaWYgKCFhbGxvd2VkKSByZXR1cm4gZmFsc2U7XG4gIHJldHVybiBhbGxvd2VkLnNvbWUoKGEpID0+IGEgPT09ICcqJyB8fCBhID09PSBvcmlnaW4gfHwgKGEgPT09ICdsb2NhbCcgJiYgKExPQ0FMX09SSUdJTi50ZXN0KG9yaWdpbikgfHwgb3JpZ2luID09PSBjdHgucHVibGljVXJsKSkpO1xufVxuXG4vKiogRm9yIENPUlMgcHJlZmxpZ2h0cywgd2hpY2ggY2Fycnkgbm8ga2V5OiBhbiBvcmlnaW4gYWxsb3dlZCBmb3IgYW55IGNvbmZpZ3VyZWQga2V5LiAqL1xuZXhwb3J0IGZ1bmN0aW9uIG9yaWdpbkFsbG93ZWRGb3JBbnlLZXkoY3R4OiBTZXJ2ZXJDb250ZXh0LCBvcmlnaW46IHN0cmluZyk6IGJvb2xlYW4ge1xuICBmb3IgKGNvbnN0IGtleSBvZiBjdHguY29uZmlnLmFwaUtleXMua2V5cygpKSBpZiAob3JpZ2luQWxsb3dlZEZvcktleShjdHgsIGtleSwgb3JpZ2luKSkgcmV0dXJuIHRydWU7XG4gIHJldHVybiBmYWxzZTtcbn1cblxuLyoqIEEgY2FsbGVyIGtub3duIGJ5IHRoZSBQcm9maWxlIEFQSSBrZXkgaW4gdGhlIGJvZHkuICovXG5leHBvcnQgaW50ZXJmYWNlIEtleUNhbGxlciB7XG4gIGFwaUtleTogc3RyaW5nO1xufVxuXG4vKiogQSBjYWxsZXIga25vd24gYnkgYSBicm93c2VyIHRva2VuIChpdHMgQVBJIGtleSBpcyB0aGUgdG9rZW4ncyBhdWRpZW5jZSkuICovXG5leHBvcnQgaW50ZXJmYWNlIFRva2VuQ2FsbGVyIHtcbiAgYXBpS2V5OiBzdHJpbmc7XG4gIHRva2VuOiBWZXJpZmllZFRva2VuO1xufVxuXG5mdW5jdGlvbiBjaGVja0FwaUtleShjdHg6IFNlcnZlckNvbnRleHQsIGM6IENvbnRleHQsIGFwaUtleTogc3RyaW5nKTogdm9pZCB7XG4gIGlmICghY3R4LmNvbmZpZy5hcGlLZXlzLmhhcyhhcGlLZXkpKSB0aHJvdyBmb3JiaWRkZW4oJ1VOS05PV05fQVBJX0tFWScsICdVbmtub3duIEFQSSBrZXknKTtcbiAgaWYgKCFvcmlnaW5BbGxvd2VkRm9yS2V5KGN0eCwgYXBpS2V5LCBjLnJlcS5oZWFkZXIoJ29yaWdpbicpKSkge1xuICAgIHRocm93IGZvcmJpZGRlbignT1JJR0lOX05PVF9BTExPV0VEJywgJ1RoaXMgb3JpZ2luIGlzIG5vdCBhbGxvd2VkIGZvciB0aGlzIEFQSSBrZXknKTtcbiAgfVxufVxuXG4vKiogVGhlIFByb2ZpbGUgQVBJIGtleSBpbiB0aGUgYm9keTogY29uZmlndXJlZCwgYW5kIGFsbG93ZWQgZm9yIHRoZSByZXF1ZXN0J3Mgb3JpZ2luLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGlkZW50aWZ5QnlBcGlLZXkoY3R4OiBTZXJ2ZXJDb250ZXh0LCBjOiBDb250ZXh0LCBib2R5QXBpS2V5OiBzdHJpbmcgfCB1bmRlZmluZWQpOiBLZXlDYWxsZXIge1xuICBpZiAoYm9keUFwaUtleSA9PT0gdW5kZWZpbmVkKSB7XG4gICAgdGhyb3cgYmFkUmVxdWVzdCgnVkFMSURBVElPTl9GQUlMRUQnLCAnYXBpS2V5OiBBUEkga2V5IGlzIHJlcXVpcmVkJywgW3sgZmllbGQ6ICdhcGlLZXknLCBjb2RlOiAncmVxdWlyZWQnLCBtZXNzYWdlOiAnQVBJIGtleSBpcyByZXF1aXJlZCcgfV0pO1xuICB9XG4gIGNoZWNrQXBpS2V5KGN0eCwgYywgYm9keUFwaUtleSk7XG4gIHJldHVybiB7IGFwaUtleTogYm9keUFwaUtleSB9O1xufVxuXG4vKipcbiAqIEEgYnJvd3NlciB0b2tlbjogaXRzIHNlc3Npb24gYWxpdmUsIGl0cyBrZXkgc3RpbGwgY29uZmlndXJlZCwgdGhlIG9yaWdpbiBhbGxvd2VkOyBmb3JcbiAqIGBjdXN0b21lcmAsIGEgc2lnbmVkLWluIGN1c3RvbWVyJ3MgKGFub255bW91cyB0b2tlbnMgZ2V0IDQwMyBgRk9SQklEREVOX0ZPUl9BTk9OWU1PVVNgKS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGlkZW50aWZ5QnlUb2tlbihcbiAgY3R4OiBTZXJ2ZXJDb250ZXh0LFxuICBjOiBDb250ZXh0LFxuICBhdXRoOiAndG9rZW4nIHwgJ2N1c3RvbWVyJyB8ICdrZXlPclRva2VuJyxcbiAgYm9keUFwaUtleT86IHN0cmluZyxcbiAgb3B0aW9uczogeyBmcmVzaD86IGJvb2xlYW4gfSA9IHt9LFxuKTogUHJvbWlzZTxUb2tlbkNhbGxlcj4ge1xuICBjb25zdCByYXcgPSBiZWFyZXJUb2tlbihjKTtcbiAgaWYgKHJhdyA9PT0gdW5kZWZpbmVkKSB0aHJvdyB1bmF1dGhvcml6ZWQoJ1RPS0VOX01JU1NJTkcnLCAnQSBiZWFyZXIgdG9rZW4gaXMgcmVxdWlyZWQnKTtcbiAgY29uc3QgdG9rZW4gPSBhd2FpdCBjdHguc2Vzc2lvbnMudmVyaWZ5KHJhdywgY3R4Lm5vdygpLCBvcHRpb25zKTtcbiAgY29uc3QgYXBpS2V5ID0gdG9rZW4uY2xhaW1zLmF1ZDtcbiAgaWYgKGJvZHlBcGlLZXkgIT09IHVuZGVmaW5lZCAmJiBib2R5QXBpS2V5ICE9PSBhcGlLZXkpIHRocm93IGZvcmJpZGRlbignQVBJX0tFWV9NSVNNQVRDSCcsICdUaGUgdG9rZW4gd2FzIGlzc3VlZCBmb3IgYW5vdGhlciBBUEkga2V5Jyk7XG4gIGNoZWNrQXBpS2V5KGN0eCwgYywgYXBpS2V5KTtcbiAgaWYgKGF1dGggPT09ICdjdXN0b21lcicgJiYgdG9rZW4uY2xhaW1zLnJsbSAhPT0gJ2NsaWVudCcpIHtcbiAgICB0aHJvdyBmb3JiaWRkZW4oJ0ZPUkJJRERFTl9GT1JfQU5PTllNT1VTJywgJ1NpZ24gaW4gdG8gdXNlIHRoaXMnKTtcbiAgfVxuICByZXR1cm4geyBhcGlLZXksIHRva2VuIH07XG59XG5cbi8qKiBga2V5T3JUb2tlbmA6IGEgYnJvd3NlciB0b2tlbiBvZiBlaXRoZXIgcmVhbG0gd2hlbiBvbmUgaXMgc2VudCwgZWxzZSB0aGUgUHJvZmlsZSBBUEkga2V5IGluIHRoZSBib2R5LiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGlkZW50aWZ5QnlLZXlPclRva2VuKGN0eDogU2VydmVyQ29udGV4dCwgYzogQ29udGV4dCwgYm9keUFwaUtleTogc3RyaW5nIHwgdW5kZWZpbmVkKTogUHJvbWlzZTxLZXlDYWxsZXIgfCBUb2tlbkNhbGxlcj4ge1xuICByZXR1cm4gYmVhcmVyVG9rZW4oYykgPT09IHVuZGVmaW5lZCA/IGlkZW50aWZ5QnlBcGlLZXkoY3R4LCBjLCBib2R5QXBpS2V5KSA6IGlkZW50aWZ5QnlUb2tlbihjdHgsIGMsICdrZXlPclRva2VuJywgYm9keUFwaUtleSk7XG59XG4iLCAiaW1wb3J0IHsgdHlwZSBFcnJvckNvZGUsIHR5cGUgRmllbGRFcnJvciwgU1RBVFVTX1RFWFQgfSBmcm9tICcuLi9jb250cmFjdC9pbmRleC5qcyc7XG5cbi8qKlxuICogVGhlIGNsaWVudCBzdG9wcGVkIHNlbmRpbmcgYmVmb3JlIGl0cyByZXF1ZXN0IGFycml2ZWQ6IE5vZGUncyByZXF1ZXN0IHRpbWUtb3V0IGN1dCBpdCAoYW5kXG4gKiBhbnN3ZXJlZCBhIGJhcmUgNDA4IGl0c2VsZiksIG9yIHRoZSBjbGllbnQgd2VudCBhd2F5LiBOb2JvZHkgaXMgbGVmdCB0byBhbnN3ZXI6IG5vdCBvdXIgZmFpbHVyZS5cbiAqL1xuZXhwb3J0IGNsYXNzIENsaWVudEFib3J0ZWQgZXh0ZW5kcyBFcnJvciB7XG4gIG92ZXJyaWRlIG5hbWUgPSAnQ2xpZW50QWJvcnRlZCc7XG59XG5cbi8qKiBBIGZhaWx1cmUgd2l0aCBhIHN0YXR1cyBhbmQgYSBjb2RlIGZyb20gdGhlIHNoYXJlZCB1bmlvbjsgdGhlIGVycm9yIGhhbmRsZXIgdHVybnMgaXQgaW50byB0aGUgZXJyb3IgYm9keS4gKi9cbmV4cG9ydCBjbGFzcyBBcGlFcnJvciBleHRlbmRzIEVycm9yIHtcbiAgb3ZlcnJpZGUgbmFtZSA9ICdBcGlFcnJvcic7XG4gIGNvbnN0cnVjdG9yKFxuICAgIHJlYWRvbmx5IHN0YXR1czogbnVtYmVyLFxuICAgIHJlYWRvbmx5IGNvZGU6IEVycm9yQ29kZSxcbiAgICBtZXNzYWdlOiBzdHJpbmcsXG4gICAgcmVhZG9ubHkgZXJyb3JzPzogRmllbGRFcnJvcltdLFxuICAgIHJlYWRvbmx5IHJldHJ5QWZ0ZXI/OiBudW1iZXIsXG4gICkge1xuICAgIHN1cGVyKG1lc3NhZ2UpO1xuICB9XG5cbiAgZ2V0IHN0YXR1c1RleHQoKTogc3RyaW5nIHtcbiAgICByZXR1cm4gU1RBVFVTX1RFWFRbdGhpcy5zdGF0dXNdID8/ICdFcnJvcic7XG4gIH1cbn1cblxuZXhwb3J0IGNvbnN0IGJhZFJlcXVlc3QgPSAoY29kZTogRXJyb3JDb2RlLCBtZXNzYWdlOiBzdHJpbmcsIGVycm9ycz86IEZpZWxkRXJyb3JbXSkgPT4gbmV3IEFwaUVycm9yKDQwMCwgY29kZSwgbWVzc2FnZSwgZXJyb3JzKTtcbmV4cG9ydCBjb25zdCB1bmF1dGhvcml6ZWQgPSAoY29kZTogRXJyb3JDb2RlLCBtZXNzYWdlOiBzdHJpbmcpID0+IG5ldyBBcGlFcnJvcig0MDEsIGNvZGUsIG1lc3NhZ2UpO1xuZXhwb3J0IGNvbnN0IGZvcmJpZGRlbiA9IChjb2RlOiBFcnJvckNvZGUsIG1lc3NhZ2U6IHN0cmluZykgPT4gbmV3IEFwaUVycm9yKDQwMywgY29kZSwgbWVzc2FnZSk7XG5leHBvcnQgY29uc3Qgbm90Rm91bmQgPSAoY29kZTogRXJyb3JDb2RlLCBtZXNzYWdlOiBzdHJpbmcpID0+IG5ldyBBcGlFcnJvcig0MDQsIGNvZGUsIG1lc3NhZ2UpO1xuZXhwb3J0IGNvbnN0IGNvbmZsaWN0ID0gKGNvZGU6IEVycm9yQ29kZSwgbWVzc2FnZTogc3RyaW5nLCBlcnJvcnM/OiBGaWVsZEVycm9yW10pID0+IG5ldyBBcGlFcnJvcig0MDksIGNvZGUsIG1lc3NhZ2UsIGVycm9ycyk7XG5cbi8qKiBUcnVlIGZvciBhIHVuaXF1ZS1jb25zdHJhaW50IHZpb2xhdGlvbiwgb24gU1FMaXRlIGFuZCBvbiBQb3N0Z3JlU1FMLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGlzVW5pcXVlVmlvbGF0aW9uKGVycjogdW5rbm93bik6IGJvb2xlYW4ge1xuICBjb25zdCBjb2RlID0gKGVyciBhcyB7IGNvZGU/OiB1bmtub3duIH0pPy5jb2RlO1xuICByZXR1cm4gY29kZSA9PT0gJ1NRTElURV9DT05TVFJBSU5UX1VOSVFVRScgfHwgY29kZSA9PT0gJ1NRTElURV9DT05TVFJBSU5UX1BSSU1BUllLRVknIHx8IGNvZGUgPT09ICcyMzUwNSc7XG59XG5cbi8qKiBUcnVlIHdoZW4gdGhlIHN0b3JlIGl0c2VsZiBpcyBvdXQgb2YgcmVhY2ggKG5vdCBhIGJhZCBxdWVyeSk6IGFuc3dlcmVkIHdpdGggNTAzLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGlzU3RvcmVVbmF2YWlsYWJsZShlcnI6IHVua25vd24pOiBib29sZWFuIHtcbiAgY29uc3QgZSA9IGVyciBhcyB7IGNvZGU/OiB1bmtub3duOyBtZXNzYWdlPzogdW5rbm93biB9O1xuICBjb25zdCBjb2RlID0gdHlwZW9mIGU/LmNvZGUgPT09ICdzdHJpbmcnID8gZS5jb2RlIDogJyc7XG4gIGNvbnN0IG1lc3NhZ2UgPSB0eXBlb2YgZT8ubWVzc2FnZSA9PT0gJ3N0cmluZycgPyBlLm1lc3NhZ2UgOiAnJztcbiAgcmV0dXJuIChcbiAgICAvLyBQb3N0Z3JlU1FMIGNsYXNzZXMgMDggKGNvbm5lY3Rpb24gZXhjZXB0aW9uKSwgNTMgKGluc3VmZmljaWVudCByZXNvdXJjZXMpLCA1N1AgKHNodXRkb3duLCBjcmFzaCkuXG4gICAgL14oMDh8NTN8NTdQKS8udGVzdChjb2RlKSB8fFxuICAgIC8vIEEgcXVlcnkgb3IgYSBwb29sZWQgY29ubmVjdGlvbiBwYXN0IFNOUl9EQl9USU1FT1VUX01TIChzdG9yZS9kZWFkbGluZS50cykuXG4gICAgY29kZSA9PT0gJ1NOUl9TVE9SRV9USU1FT1VUJyB8fFxuICAgIFsnRUNPTk5SRUZVU0VEJywgJ0VDT05OUkVTRVQnLCAnRVRJTUVET1VUJywgJ0VQSVBFJywgJ0VOT1RGT1VORCcsICdFQUlfQUdBSU4nXS5pbmNsdWRlcyhjb2RlKSB8fFxuICAgIC8vIFNRTGl0ZSdzIGV4dGVuZGVkIGNvZGVzIHRvbyAoU1FMSVRFX0lPRVJSX1dSSVRFLCBTUUxJVEVfUkVBRE9OTFlfREJNT1ZFRCwgU1FMSVRFX0JVU1lfU05BUFNIT1RcdTIwMjYpLlxuICAgIC9eU1FMSVRFXyhCVVNZfENBTlRPUEVOfElPRVJSfFJFQURPTkxZfEZVTEwpKF98JCkvLnRlc3QoY29kZSkgfHxcbiAgICAvdGltZW91dCBleGNlZWRlZCB3aGVuIHRyeWluZyB0byBjb25uZWN0fENvbm5lY3Rpb24gdGVybWluYXRlZHxjb25uZWN0aW9uIGVycm9yIGFuZCBpcyBub3QgcXVlcnlhYmxlfENsaWVudCB3YXMgY2xvc2VkIGFuZCBpcyBub3QgcXVlcnlhYmxlfFRoZSBkYXRhYmFzZSBjb25uZWN0aW9uIGlzIG5vdCBvcGVufGRyaXZlciBoYXMgYWxyZWFkeSBiZWVuIGRlc3Ryb3llZHx0aGUgZGF0YWJhc2Ugc3lzdGVtIGlzIChzaHV0dGluZyBkb3dufHN0YXJ0aW5nIHVwKS9pLnRlc3QoXG4gICAgICBtZXNzYWdlLFxuICAgIClcbiAgKTtcbn1cbiIsICJpbXBvcnQgeyBjcmVhdGVIYXNoIH0gZnJvbSAnbm9kZTpjcnlwdG8nO1xuaW1wb3J0IHsgZXhpc3RzU3luYywgcmVhZGRpclN5bmMsIHJlYWRGaWxlU3luYywgc3RhdFN5bmMgfSBmcm9tICdub2RlOmZzJztcbmltcG9ydCB7IGpvaW4gfSBmcm9tICdub2RlOnBhdGgnO1xuaW1wb3J0IHsgZmlsZVVSTFRvUGF0aCB9IGZyb20gJ25vZGU6dXJsJztcbmltcG9ydCB7IHByb21pc2lmeSB9IGZyb20gJ25vZGU6dXRpbCc7XG5pbXBvcnQgeyBicm90bGlDb21wcmVzcywgY29uc3RhbnRzLCBnemlwIH0gZnJvbSAnbm9kZTp6bGliJztcbmltcG9ydCB7IHR5cGUgQ29udGV4dCwgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgc2VuZEVycm9yIH0gZnJvbSAnLi9taWRkbGV3YXJlL2Vycm9yLWhhbmRsZXIuanMnO1xuXG4vKiogV2hlcmUgdGhlIHNlcnZlciBoYW5kcyBvdXQgdGhlIGJyb3dzZXIgZmlsZXM6IGA8c2NyaXB0IHNyYz1cImh0dHBzOi8vaWQuc2hvcC5leGFtcGxlL3Nuci9raXQvc25yLWF1dGguc2lnbmluLmpzXCI+YC4gKi9cbmV4cG9ydCBjb25zdCBLSVRfUEFUSCA9ICcvc25yL2tpdCc7XG5cbi8qKlxuICogYGRpc3QvY2RuYCBiZXNpZGUgdGhpcyBtb2R1bGUncyBwYWNrYWdlOiBgc3JjL3NlcnZlci9gIGluIHRoZSByZXBvc2l0b3J5IGFuZCBgZGlzdC9zZXJ2ZXIvYCBpblxuICogdGhlIGluc3RhbGxlZCBwYWNrYWdlIGJvdGggc2l0IHR3byBsZXZlbHMgdW5kZXIgdGhlIHJvb3QgdGhhdCBob2xkcyBgZGlzdC9jZG5gLlxuICovXG5leHBvcnQgY29uc3QgREVGQVVMVF9LSVRfUk9PVCA9IGZpbGVVUkxUb1BhdGgobmV3IFVSTCgnLi4vLi4vZGlzdC9jZG4nLCBpbXBvcnQubWV0YS51cmwpKTtcblxuLyoqIEVudHJ5IG5hbWVzIG1heSBjaGFuZ2UgY29udGVudCB3aXRoIGV2ZXJ5IHJlbGVhc2U6IGEgYnJvd3NlciBhc2tzIGFnYWluIGFmdGVyIHRoaXMgbG9uZy4gKi9cbmV4cG9ydCBjb25zdCBFTlRSWV9DQUNIRSA9ICdwdWJsaWMsIG1heC1hZ2U9MzAwLCBzdGFsZS13aGlsZS1yZXZhbGlkYXRlPTg2NDAwJztcbi8qKiBIYXNoZWQgbmFtZXMgbmV2ZXIgY2hhbmdlIGNvbnRlbnQuICovXG5leHBvcnQgY29uc3QgSEFTSEVEX0NBQ0hFID0gJ3B1YmxpYywgbWF4LWFnZT0zMTUzNjAwMCwgaW1tdXRhYmxlJztcblxuaW50ZXJmYWNlIENvbnRlbnQge1xuICBib2R5OiBCdWZmZXI7XG4gIGV0YWc6IHN0cmluZztcbiAgLyoqIENvbXByZXNzZWQgb25jZSwgb24gdGhlIGZpcnN0IHJlcXVlc3QgdGhhdCBhY2NlcHRzIGl0IChvZmYgdGhlIGV2ZW50IGxvb3ApLiAqL1xuICBnemlwPzogUHJvbWlzZTxCdWZmZXI+O1xuICBicj86IFByb21pc2U8QnVmZmVyPjtcbn1cblxuaW50ZXJmYWNlIEtpdEZpbGUge1xuICBjb250ZW50OiBDb250ZW50O1xuICBpbW11dGFibGU6IGJvb2xlYW47XG59XG5cbmNvbnN0IGJyb3RsaSA9IHByb21pc2lmeShicm90bGlDb21wcmVzcyk7XG5jb25zdCBnemlwcGVkID0gcHJvbWlzaWZ5KGd6aXApO1xuXG5pbnRlcmZhY2UgS2l0IHtcbiAgLyoqIEV2ZXJ5IG5hbWUgc2VydmVkIChlbnRyeSBhbmQgaGFzaGVkKSBcdTIxOTIgaXRzIGZpbGUuICovXG4gIGZpbGVzOiBNYXA8c3RyaW5nLCBLaXRGaWxlPjtcbiAgLyoqIEVudHJ5IG5hbWUgXHUyMTkyIGhhc2hlZCBuYW1lLCBhcyBgL3Nuci9raXQvbWFuaWZlc3QuanNvbmAgbGlzdHMgaXQuICovXG4gIG1hbmlmZXN0OiBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+O1xuICAvKiogVGhlIGZvbGRlcidzIG1vZGlmaWNhdGlvbiB0aW1lIHdoZW4gaXQgd2FzIHJlYWQ6IGEgcmVidWlsZCBpcyBwaWNrZWQgdXAuICovXG4gIHN0YW1wOiBudW1iZXI7XG59XG5cbmNvbnN0IGRpZ2VzdCA9IChib2R5OiBCdWZmZXIpID0+IGNyZWF0ZUhhc2goJ3NoYTI1NicpLnVwZGF0ZShib2R5KS5kaWdlc3QoJ2hleCcpLnNsaWNlKDAsIDEwKTtcblxuLyoqIEhhc2hlZCBuYW1lIG9mIGEgZmlsZTogYHNuci1hdXRoLnNpZ25pbi5qc2AgXHUyMTkyIGBzbnItYXV0aC5zaWduaW4uPDEwIGhleCBvZiBpdHMgU0hBLTI1Nj4uanNgLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGhhc2hlZE5hbWUobmFtZTogc3RyaW5nLCBib2R5OiBCdWZmZXIpOiBzdHJpbmcge1xuICByZXR1cm4gbmFtZS5yZXBsYWNlKC9cXC5qcyQvLCBgLiR7ZGlnZXN0KGJvZHkpfS5qc2ApO1xufVxuXG4vKiogVGhlIHNjcmlwdCBmaWxlcyBvZiBgcm9vdGAgKG5vIG1hcHMsIG5vIHR5cGUgZGVjbGFyYXRpb25zKSwgd2l0aCB0aGVpciBoYXNoZWQgdHdpbnMuICovXG5mdW5jdGlvbiByZWFkS2l0KHJvb3Q6IHN0cmluZywgc3RhbXA6IG51bWJlcik6IEtpdCB7XG4gIGNvbnN0IGZpbGVzID0gbmV3IE1hcDxzdHJpbmcsIEtpdEZpbGU+KCk7XG4gIGNvbnN0IG1hbmlmZXN0OiBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+ID0ge307XG4gIGZvciAoY29uc3QgbmFtZSBvZiByZWFkZGlyU3luYyhyb290KS5zb3J0KCkpIHtcbiAgICBpZiAoIS9eW1xcdy4tXStcXC5qcyQvLnRlc3QobmFtZSkpIGNvbnRpbnVlO1xuICAgIGNvbnN0IGJvZHkgPSByZWFkRmlsZVN5bmMoam9pbihyb290LCBuYW1lKSk7XG4gICAgY29uc3QgaGFzaGVkID0gaGFzaGVkTmFtZShuYW1lLCBib2R5KTtcbiAgICBjb25zdCBjb250ZW50OiBDb250ZW50ID0geyBib2R5LCBldGFnOiBgXCIke2RpZ2VzdChib2R5KX1cImAgfTtcbiAgICBmaWxlcy5zZXQobmFtZSwgeyBjb250ZW50LCBpbW11dGFibGU6IGZhbHNlIH0pO1xuICAgIGZpbGVzLnNldChoYXNoZWQsIHsgY29udGVudCwgaW1tdXRhYmxlOiB0cnVlIH0pO1xuICAgIG1hbmlmZXN0W25hbWVdID0gaGFzaGVkO1xuICB9XG4gIHJldHVybiB7IGZpbGVzLCBtYW5pZmVzdCwgc3RhbXAgfTtcbn1cblxuLyoqXG4gKiBUaGUgYnVpbHQgYnJvd3NlciBmaWxlcyAoYG5wbSBydW4gYnVpbGQ6Y2RuYCwgc2hpcHBlZCBpbiB0aGUgcGFja2FnZSB1bmRlciBgZGlzdC9jZG5gKSB1bmRlclxuICogYC9zbnIva2l0L2AsIHNvIGEgc2l0ZSBsb2FkcyB0aGUga2l0IGZyb20gdGhlIGlkZW50aXR5IHNlcnZlciBpdCBhbHJlYWR5IHRhbGtzIHRvOlxuICpcbiAqIC0gZWFjaCBlbnRyeSBuYW1lIChgc25yLWF1dGguc2lnbmluLmpzYCwgYHNuci1hdXRoLmZvcm1zLmpzYCwgYHNuci1hdXRoLmlpZmUuanNgLCB0aGUgYWRkLW9uc1xuICogICBhbmQgbGFuZ3VhZ2VzKSBjYWNoZWQgZm9yIGZpdmUgbWludXRlcyAoe0BsaW5rIEVOVFJZX0NBQ0hFfSksIGFuZCB0aGUgc2FtZSBmaWxlIHVuZGVyIGl0c1xuICogICBjb250ZW50LWhhc2hlZCBuYW1lIChgc25yLWF1dGguc2lnbmluLjFhMmIzYzRkNWUuanNgKSBjYWNoZWQgZm9yIGEgeWVhciwgaW1tdXRhYmxlO1xuICogICBgL3Nuci9raXQvbWFuaWZlc3QuanNvbmAgbGlzdHMgZW50cnkgXHUyMTkyIGhhc2hlZCBuYW1lO1xuICogLSBgQ29udGVudC1UeXBlOiB0ZXh0L2phdmFzY3JpcHRgLCBjb21wcmVzc2VkIHdpdGggYnJvdGxpIG9yIGd6aXAgd2hlbiB0aGUgYnJvd3NlciBhY2NlcHRzIGl0O1xuICogLSBDT1JTIGFuZCB0aGUgb3RoZXIgZWRnZSBoZWFkZXJzIGFzIGZvciB0aGUgQVBJIChgZWRnZUhlYWRlcnNgOiB0aGUgb3JpZ2lucyB0aGUgQVBJIGtleXMgYWxsb3csXG4gKiAgIGZvciBgPHNjcmlwdCB0eXBlPVwibW9kdWxlXCI+YCBvciBgY3Jvc3NvcmlnaW5gKTsgYSBjbGFzc2ljIGA8c2NyaXB0IHNyYz5gIG5lZWRzIG5vbmU7XG4gKiAtIDQwNCBmb3IgZXZlcnkgb3RoZXIgbmFtZTogbmFtZXMgYXJlIGxvb2tlZCB1cCBpbiB0aGUgbGlzdCByZWFkIGZyb20gdGhlIGZvbGRlciwgbmV2ZXIgam9pbmVkXG4gKiAgIHRvIGEgcGF0aCwgc28gbm8gcmVxdWVzdCByZWFjaGVzIGEgZmlsZSBvdXRzaWRlIGl0LlxuICpcbiAqIFRoZSBmb2xkZXIgaXMgcmVhZCBvbiB0aGUgZmlyc3QgcmVxdWVzdCBhbmQgYWdhaW4gd2hlbiBpdHMgbW9kaWZpY2F0aW9uIHRpbWUgY2hhbmdlcyAoYSByZWJ1aWxkXG4gKiB3aGlsZSB0aGUgc2VydmVyIHJ1bnMpLiBXaXRob3V0IGl0IChhIGNsb25lIG5vdCBidWlsdCB5ZXQpIGV2ZXJ5IG5hbWUgYW5zd2VycyA0MDQgc2F5aW5nIHNvLlxuICovXG5leHBvcnQgZnVuY3Rpb24ga2l0Um91dGVzKHJvb3Q6IHN0cmluZyA9IERFRkFVTFRfS0lUX1JPT1QpOiBIb25vIHtcbiAgY29uc3QgYXBwID0gbmV3IEhvbm8oKTtcbiAgbGV0IGtpdDogS2l0IHwgdW5kZWZpbmVkO1xuXG4gIGNvbnN0IGN1cnJlbnQgPSAoKTogS2l0IHwgdW5kZWZpbmVkID0+IHtcbiAgICBpZiAoIWV4aXN0c1N5bmMocm9vdCkpIHJldHVybiB1bmRlZmluZWQ7XG4gICAgY29uc3Qgc3RhbXAgPSBzdGF0U3luYyhyb290KS5tdGltZU1zO1xuICAgIGlmICgha2l0IHx8IGtpdC5zdGFtcCAhPT0gc3RhbXApIGtpdCA9IHJlYWRLaXQocm9vdCwgc3RhbXApO1xuICAgIHJldHVybiBraXQ7XG4gIH07XG5cbiAgY29uc3Qgbm90QnVpbHQgPSAoYzogQ29udGV4dCkgPT4gc2VuZEVycm9yKGMsIDQwNCwgJ05PVF9GT1VORCcsIGBUaGUgYnJvd3NlciBmaWxlcyBhcmUgbm90IGJ1aWx0ICgke3Jvb3R9KTogcnVuIG5wbSBydW4gYnVpbGQ6Y2RuYCk7XG5cbiAgYXBwLmdldChgJHtLSVRfUEFUSH0vbWFuaWZlc3QuanNvbmAsIChjKSA9PiB7XG4gICAgY29uc3QgayA9IGN1cnJlbnQoKTtcbiAgICBpZiAoIWspIHJldHVybiBub3RCdWlsdChjKTtcbiAgICBjLmhlYWRlcignQ2FjaGUtQ29udHJvbCcsIEVOVFJZX0NBQ0hFKTtcbiAgICByZXR1cm4gYy5qc29uKGsubWFuaWZlc3QpO1xuICB9KTtcblxuICBhcHAub24oWydHRVQnLCAnSEVBRCddLCBgJHtLSVRfUEFUSH0vOm5hbWVgLCBhc3luYyAoYykgPT4ge1xuICAgIGNvbnN0IGsgPSBjdXJyZW50KCk7XG4gICAgaWYgKCFrKSByZXR1cm4gbm90QnVpbHQoYyk7XG4gICAgY29uc3QgbmFtZSA9IGMucmVxLnBhcmFtKCduYW1lJyk7XG4gICAgY29uc3QgZmlsZSA9IGsuZmlsZXMuZ2V0KG5hbWUpO1xuICAgIGlmICghZmlsZSkgcmV0dXJuIHNlbmRFcnJvcihjLCA0MDQsICdOT1RfRk9VTkQnLCBgTm8gZmlsZSAke25hbWV9IGluICR7S0lUX1BBVEh9LyAodGhlIG5hbWVzIGFyZSBpbiAke0tJVF9QQVRIfS9tYW5pZmVzdC5qc29uKWApO1xuICAgIGMuaGVhZGVyKCdDb250ZW50LVR5cGUnLCAndGV4dC9qYXZhc2NyaXB0OyBjaGFyc2V0PXV0Zi04Jyk7XG4gICAgYy5oZWFkZXIoJ0NhY2hlLUNvbnRyb2wnLCBmaWxlLmltbXV0YWJsZSA/IEhBU0hFRF9DQUNIRSA6IEVOVFJZX0NBQ0hFKTtcbiAgICBjb25zdCB7IGNvbnRlbnQgfSA9IGZpbGU7XG4gICAgYy5oZWFkZXIoJ0VUYWcnLCBjb250ZW50LmV0YWcpO1xuICAgIGMuaGVhZGVyKCdWYXJ5JywgYy5yZXMuaGVhZGVycy5nZXQoJ1ZhcnknKSA/IGAke2MucmVzLmhlYWRlcnMuZ2V0KCdWYXJ5Jyl9LCBBY2NlcHQtRW5jb2RpbmdgIDogJ0FjY2VwdC1FbmNvZGluZycpO1xuICAgIGlmIChjLnJlcS5oZWFkZXIoJ2lmLW5vbmUtbWF0Y2gnKSA9PT0gY29udGVudC5ldGFnKSByZXR1cm4gYy5ib2R5KG51bGwsIDMwNCk7XG4gICAgY29uc3QgYWNjZXB0cyA9IGMucmVxLmhlYWRlcignYWNjZXB0LWVuY29kaW5nJykgPz8gJyc7XG4gICAgbGV0IGJvZHkgPSBjb250ZW50LmJvZHk7XG4gICAgaWYgKC9cXGJiclxcYi8udGVzdChhY2NlcHRzKSkge1xuICAgICAgY29udGVudC5iciA/Pz0gYnJvdGxpKGNvbnRlbnQuYm9keSwgeyBwYXJhbXM6IHsgW2NvbnN0YW50cy5CUk9UTElfUEFSQU1fUVVBTElUWV06IDExLCBbY29uc3RhbnRzLkJST1RMSV9QQVJBTV9TSVpFX0hJTlRdOiBjb250ZW50LmJvZHkubGVuZ3RoIH0gfSk7XG4gICAgICBib2R5ID0gYXdhaXQgY29udGVudC5icjtcbiAgICAgIGMuaGVhZGVyKCdDb250ZW50LUVuY29kaW5nJywgJ2JyJyk7XG4gICAgfSBlbHNlIGlmICgvXFxiZ3ppcFxcYi8udGVzdChhY2NlcHRzKSkge1xuICAgICAgY29udGVudC5nemlwID8/PSBnemlwcGVkKGNvbnRlbnQuYm9keSwgeyBsZXZlbDogOSB9KTtcbiAgICAgIGJvZHkgPSBhd2FpdCBjb250ZW50Lmd6aXA7XG4gICAgICBjLmhlYWRlcignQ29udGVudC1FbmNvZGluZycsICdnemlwJyk7XG4gICAgfVxuICAgIGMuaGVhZGVyKCdDb250ZW50LUxlbmd0aCcsIFN0cmluZyhib2R5Lmxlbmd0aCkpO1xuICAgIGlmIChjLnJlcS5tZXRob2QgPT09ICdIRUFEJykgcmV0dXJuIGMuYm9keShudWxsLCAyMDApO1xuICAgIHJldHVybiBjLmJvZHkobmV3IFVpbnQ4QXJyYXkoYm9keSksIDIwMCk7XG4gIH0pO1xuXG4gIGFwcC5hbGwoYCR7S0lUX1BBVEh9LypgLCAoYykgPT4gc2VuZEVycm9yKGMsIDQwNCwgJ05PVF9GT1VORCcsIGBObyBmaWxlICR7Yy5yZXEucGF0aH1gKSk7XG4gIHJldHVybiBhcHA7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBDb250ZXh0LCBFcnJvckhhbmRsZXIgfSBmcm9tICdob25vJztcbmltcG9ydCB7IEhUVFBFeGNlcHRpb24gfSBmcm9tICdob25vL2h0dHAtZXhjZXB0aW9uJztcbmltcG9ydCB7IHR5cGUgRXJyb3JCb2R5LCB0eXBlIEVycm9yQ29kZSwgdHlwZSBGaWVsZEVycm9yLCBTVEFUVVNfVEVYVCB9IGZyb20gJy4uLy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB7IEFwaUVycm9yLCBDbGllbnRBYm9ydGVkLCBpc1N0b3JlVW5hdmFpbGFibGUgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHR5cGUgeyBQaW5vIH0gZnJvbSAnLi4vbG9nLmpzJztcblxuZXhwb3J0IGZ1bmN0aW9uIGVycm9yQm9keShjOiBDb250ZXh0LCBzdGF0dXM6IG51bWJlciwgY29kZTogRXJyb3JDb2RlLCBtZXNzYWdlOiBzdHJpbmcsIGVycm9ycz86IEZpZWxkRXJyb3JbXSwgcmV0cnlBZnRlcj86IG51bWJlcik6IEVycm9yQm9keSB7XG4gIHJldHVybiB7XG4gICAgZXJyb3I6IFNUQVRVU19URVhUW3N0YXR1c10gPz8gJ0Vycm9yJyxcbiAgICBzdGF0dXMsXG4gICAgY29kZSxcbiAgICBtZXNzYWdlLFxuICAgIHBhdGg6IGMucmVxLnBhdGgsXG4gICAgdGltZXN0YW1wOiBuZXcgRGF0ZSgpLnRvSVNPU3RyaW5nKCksXG4gICAgLi4uKGVycm9ycz8ubGVuZ3RoID8geyBlcnJvcnMgfSA6IHt9KSxcbiAgICAuLi4ocmV0cnlBZnRlciAhPT0gdW5kZWZpbmVkID8geyByZXRyeUFmdGVyIH0gOiB7fSksXG4gIH07XG59XG5cbmV4cG9ydCBmdW5jdGlvbiBzZW5kRXJyb3IoYzogQ29udGV4dCwgc3RhdHVzOiBudW1iZXIsIGNvZGU6IEVycm9yQ29kZSwgbWVzc2FnZTogc3RyaW5nLCBlcnJvcnM/OiBGaWVsZEVycm9yW10sIHJldHJ5QWZ0ZXI/OiBudW1iZXIpOiBSZXNwb25zZSB7XG4gIGlmIChyZXRyeUFmdGVyICE9PSB1bmRlZmluZWQpIGMuaGVhZGVyKCdSZXRyeS1BZnRlcicsIFN0cmluZyhyZXRyeUFmdGVyKSk7XG4gIGMuaGVhZGVyKCdDYWNoZS1Db250cm9sJywgJ25vLXN0b3JlJyk7XG4gIHJldHVybiBjLmpzb24oZXJyb3JCb2R5KGMsIHN0YXR1cywgY29kZSwgbWVzc2FnZSwgZXJyb3JzLCByZXRyeUFmdGVyKSwgc3RhdHVzIGFzIDQwMCk7XG59XG5cbi8qKlxuICogVGhlIG9uZSBwbGFjZSBhIGZhaWx1cmUgYmVjb21lcyBhbiBhbnN3ZXI6IGNvZGVkIGVycm9ycyBhcyB0aGV5IGFyZTsgYSBzdG9yZSBvdXQgb2YgcmVhY2ggYXNcbiAqIDUwMzsgYW55dGhpbmcgZWxzZSBhcyBhIGJhcmUgNTAwIChkZXRhaWxzIGdvIHRvIHRoZSBsb2csIG5ldmVyIHRvIHRoZSBjbGllbnQpLlxuICovXG5leHBvcnQgZnVuY3Rpb24gZXJyb3JIYW5kbGVyKG9wdGlvbnM6IHsgbG9nOiBQaW5vIH0pOiBFcnJvckhhbmRsZXIge1xuICBpZiAoIW9wdGlvbnM/LmxvZykgdGhyb3cgbmV3IEVycm9yKCdlcnJvckhhbmRsZXIgbmVlZHMgYSBsb2dnZXInKTtcbiAgcmV0dXJuIChlcnIsIGMpID0+IHtcbiAgICBpZiAoZXJyIGluc3RhbmNlb2YgQXBpRXJyb3IpIHJldHVybiBzZW5kRXJyb3IoYywgZXJyLnN0YXR1cywgZXJyLmNvZGUsIGVyci5tZXNzYWdlLCBlcnIuZXJyb3JzLCBlcnIucmV0cnlBZnRlcik7XG4gICAgaWYgKGVyciBpbnN0YW5jZW9mIEhUVFBFeGNlcHRpb24gJiYgZXJyLnN0YXR1cyA9PT0gNDEzKSByZXR1cm4gc2VuZEVycm9yKGMsIDQxMywgJ1BBWUxPQURfVE9PX0xBUkdFJywgJ1RoZSByZXF1ZXN0IGJvZHkgaXMgdG9vIGxhcmdlJyk7XG4gICAgLy8gTG9nZ2VkIGJ5IHRoZSByZXF1ZXN0IGxvZyBhcyB0aGUgNDA4IGl0IGlzIChOb2RlIHNlbnQgaXQsIG9yIHRoZSBjbGllbnQgbGVmdCk6IG5vIDV4eCBvZiBvdXJzLlxuICAgIGlmIChlcnIgaW5zdGFuY2VvZiBDbGllbnRBYm9ydGVkKSByZXR1cm4gc2VuZEVycm9yKGMsIDQwOCwgJ1RJTUVPVVQnLCAnVGhlIHJlcXVlc3QgZGlkIG5vdCBhcnJpdmUgaW4gdGltZScpO1xuICAgIGlmIChpc1N0b3JlVW5hdmFpbGFibGUoZXJyKSkge1xuICAgICAgb3B0aW9ucy5sb2cud2Fybih7IG1ldGhvZDogYy5yZXEubWV0aG9kLCBwYXRoOiBjLnJlcS5wYXRoLCByZWFzb246IChlcnIgYXMgRXJyb3IpLm1lc3NhZ2UgfSwgJ3N0b3JlIHVuYXZhaWxhYmxlJyk7XG4gICAgICByZXR1cm4gc2VuZEVycm9yKGMsIDUwMywgJ1VOQVZBSUxBQkxFJywgJ1RoZSBzZXJ2aWNlIGlzIHRlbXBvcmFyaWx5IHVuYXZhaWxhYmxlOyB0cnkgYWdhaW4gc2hvcnRseScsIHVuZGVmaW5lZCwgNSk7XG4gICAgfVxuICAgIG9wdGlvbnMubG9nLmVycm9yKHsgbWV0aG9kOiBjLnJlcS5tZXRob2QsIHBhdGg6IGMucmVxLnBhdGgsIGVyciB9LCAndW5leHBlY3RlZCBlcnJvcicpO1xuICAgIHJldHVybiBzZW5kRXJyb3IoYywgNTAwLCAnSU5URVJOQUxfRVJST1InLCAnU29tZXRoaW5nIHdlbnQgd3Jvbmcgb24gb3VyIHNpZGUnKTtcbiAgfTtcbn1cbiIsICJpbXBvcnQgeyByYW5kb21VVUlEIH0gZnJvbSAnbm9kZTpjcnlwdG8nO1xuaW1wb3J0IHR5cGUgeyBNaWRkbGV3YXJlSGFuZGxlciB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHBpbm8sIHsgdHlwZSBEZXN0aW5hdGlvblN0cmVhbSwgdHlwZSBMb2dnZXIgYXMgUGlubyB9IGZyb20gJ3Bpbm8nO1xuXG5leHBvcnQgdHlwZSB7IFBpbm8gfTtcblxuLyoqIEFueXRoaW5nIHRoYXQgY291bGQgY2FycnkgYSBzZWNyZXQsIHdoZXJldmVyIGl0IGFwcGVhcnMgaW4gYSBsb2cgcmVjb3JkLiAqL1xuZXhwb3J0IGNvbnN0IFJFREFDVEVEX1BBVEhTID0gW1xuICAncGFzc3dvcmQnLFxuICAnb2xkUGFzc3dvcmQnLFxuICAndG9rZW4nLFxuICAnaWRlbnRpdHlQcm92aWRlclRva2VuJyxcbiAgJ2F1dGhvcml6YXRpb24nLFxuICAnYXBpS2V5JyxcbiAgJyoucGFzc3dvcmQnLFxuICAnKi5vbGRQYXNzd29yZCcsXG4gICcqLnRva2VuJyxcbiAgJyouaWRlbnRpdHlQcm92aWRlclRva2VuJyxcbiAgJyouYXV0aG9yaXphdGlvbicsXG4gICcqLmFwaUtleScsXG4gICdyZXEuaGVhZGVycy5hdXRob3JpemF0aW9uJyxcbiAgJ3JlcS5oZWFkZXJzLmNvb2tpZScsXG5dO1xuXG4vKiogU3RydWN0dXJlZCBKU09OIGxvZ3MgKHBpbm8pIHdpdGggc2VjcmV0cyByZWRhY3RlZDsgdGhlIGxldmVsIGlzIGBTTlJfTE9HX0xFVkVMYCdzLCBjaGVja2VkIGJ5IGxvYWRDb25maWcuICovXG5leHBvcnQgZnVuY3Rpb24gY3JlYXRlTG9nZ2VyKG9wdGlvbnM6IHsgbGV2ZWw/OiBzdHJpbmc7IGRlc3RpbmF0aW9uPzogRGVzdGluYXRpb25TdHJlYW0gfSA9IHt9KTogUGlubyB7XG4gIHJldHVybiBwaW5vKFxuICAgIHtcbiAgICAgIGxldmVsOiBvcHRpb25zLmxldmVsID8/ICdpbmZvJyxcbiAgICAgIGJhc2U6IHsgc2VydmljZTogJ3Nuci1hdXRoJyB9LFxuICAgICAgcmVkYWN0OiB7IHBhdGhzOiBSRURBQ1RFRF9QQVRIUywgY2Vuc29yOiAnW3JlZGFjdGVkXScgfSxcbiAgICAgIHRpbWVzdGFtcDogcGluby5zdGRUaW1lRnVuY3Rpb25zLmlzb1RpbWUsXG4gICAgfSxcbiAgICBvcHRpb25zLmRlc3RpbmF0aW9uLFxuICApO1xufVxuXG4vKipcbiAqIE9uZSBsaW5lIHBlciByZXF1ZXN0OiBtZXRob2QsIHBhdGggKG5ldmVyIHRoZSBxdWVyeTogaXQgbWF5IGhvbGQgYSB0b2tlbiksIHN0YXR1cywgdGltZSwgYW5kIGFcbiAqIHJlcXVlc3QgaWQgKGBYLVJlcXVlc3QtSWRgLCB0YWtlbiBmcm9tIHRoZSBwcm94eSB3aGVuIGl0IHNlbmRzIG9uZSkuIEJvZGllcyBhcmUgbmV2ZXIgbG9nZ2VkLlxuICovXG5leHBvcnQgZnVuY3Rpb24gcmVxdWVzdExvZyhsb2c6IFBpbm8pOiBNaWRkbGV3YXJlSGFuZGxlciB7XG4gIGlmICghbG9nKSB0aHJvdyBuZXcgRXJyb3IoJ3JlcXVlc3RMb2cgbmVlZHMgYSBsb2dnZXInKTtcbiAgY29uc3QgZGVidWcgPSBsb2cuaXNMZXZlbEVuYWJsZWQoJ2RlYnVnJyk7XG4gIHJldHVybiBhc3luYyAoYywgbmV4dCkgPT4ge1xuICAgIGNvbnN0IHN0YXJ0ZWQgPSBwZXJmb3JtYW5jZS5ub3coKTtcbiAgICBjb25zdCBpZCA9IGMucmVxLmhlYWRlcigneC1yZXF1ZXN0LWlkJyk/LnNsaWNlKDAsIDEwMCkgfHwgcmFuZG9tVVVJRCgpO1xuICAgIC8vIFNldCBiZWZvcmUgdGhlIGhhbmRsZXIsIHNvIG5vIGZpbmlzaGVkIFJlc3BvbnNlIGlzIHJlYnVpbHQgdG8gYWRkIGl0LlxuICAgIGMuaGVhZGVyKCdYLVJlcXVlc3QtSWQnLCBpZCk7XG4gICAgYXdhaXQgbmV4dCgpO1xuICAgIGNvbnN0IHN0YXR1cyA9IGMucmVzLnN0YXR1cztcbiAgICBpZiAoc3RhdHVzIDwgNDAwICYmICFkZWJ1ZykgcmV0dXJuO1xuICAgIGNvbnN0IHJlY29yZCA9IHsgcmVxSWQ6IGlkLCBtZXRob2Q6IGMucmVxLm1ldGhvZCwgcGF0aDogYy5yZXEucGF0aCwgc3RhdHVzLCBtczogTWF0aC5yb3VuZCgocGVyZm9ybWFuY2Uubm93KCkgLSBzdGFydGVkKSAqIDEwKSAvIDEwIH07XG4gICAgLy8gNTAzIGlzIHRoZSBzdG9yZSBiZWluZyBhd2F5IChsb2dnZWQgb25jZSwgd2l0aCBpdHMgcmVhc29uLCBieSB0aGUgZXJyb3IgaGFuZGxlcik6IGEgd2FybmluZy5cbiAgICBpZiAoc3RhdHVzID49IDUwMCAmJiBzdGF0dXMgIT09IDUwMykgbG9nLmVycm9yKHJlY29yZCwgJ3JlcXVlc3QgZmFpbGVkJyk7XG4gICAgZWxzZSBpZiAoc3RhdHVzID09PSA1MDMpIGxvZy53YXJuKHJlY29yZCwgJ3JlcXVlc3QgcmVmdXNlZDogc2VydmljZSB1bmF2YWlsYWJsZScpO1xuICAgIGVsc2UgbG9nLmluZm8ocmVjb3JkLCAncmVxdWVzdCcpO1xuICB9O1xufVxuIiwgImltcG9ydCB0eXBlIHsgTWlkZGxld2FyZUhhbmRsZXIgfSBmcm9tICdob25vJztcblxuLyoqXG4gKiBTZWN1cml0eSBoZWFkZXJzIGFuZCBDT1JTIGluIG9uZSBzdGVwLCB3cml0dGVuIGZvciB0aGUgaG90IHBhdGg6IGV2ZXJ5IHJlcXVlc3QgcGF5cyBmb3IgaXQsIHNvIGl0XG4gKiBvbmx5IHNldHMgaGVhZGVycyBvbiB0aGUgY29udGV4dCBiZWZvcmUgdGhlIGhhbmRsZXIgcnVucyAobm8gUmVzcG9uc2UgcmVidWlsdCBhZnRlcndhcmRzKS5cbiAqIFByZWZsaWdodHMgY2Fycnkgbm8gQVBJIGtleTogdGhleSBhcmUgYW5zd2VyZWQgZm9yIG9yaWdpbnMgdGhhdCBzb21lIGtleSBhbGxvd3M7IGVhY2ggcmVxdWVzdFxuICogdGhlbiBjaGVja3MgdGhlIG9yaWdpbiBhZ2FpbnN0IGl0cyBvd24ga2V5IChgaWRlbnRpZnlgKS5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGVkZ2VIZWFkZXJzKG9wdGlvbnM6IHsgb3JpZ2luQWxsb3dlZDogKG9yaWdpbjogc3RyaW5nKSA9PiBib29sZWFuOyBtYXhBZ2U/OiBudW1iZXIgfSk6IE1pZGRsZXdhcmVIYW5kbGVyIHtcbiAgaWYgKHR5cGVvZiBvcHRpb25zPy5vcmlnaW5BbGxvd2VkICE9PSAnZnVuY3Rpb24nKSB0aHJvdyBuZXcgRXJyb3IoJ2VkZ2VIZWFkZXJzIG5lZWRzIG9yaWdpbkFsbG93ZWQob3JpZ2luKScpO1xuICBjb25zdCBtYXhBZ2UgPSBTdHJpbmcob3B0aW9ucy5tYXhBZ2UgPz8gNjAwKTtcbiAgcmV0dXJuIGFzeW5jIChjLCBuZXh0KSA9PiB7XG4gICAgYy5oZWFkZXIoJ1gtQ29udGVudC1UeXBlLU9wdGlvbnMnLCAnbm9zbmlmZicpO1xuICAgIGMuaGVhZGVyKCdSZWZlcnJlci1Qb2xpY3knLCAnbm8tcmVmZXJyZXInKTtcbiAgICBjLmhlYWRlcignWC1GcmFtZS1PcHRpb25zJywgJ1NBTUVPUklHSU4nKTtcbiAgICBjLmhlYWRlcignQ3Jvc3MtT3JpZ2luLVJlc291cmNlLVBvbGljeScsICdjcm9zcy1vcmlnaW4nKTtcbiAgICBjb25zdCBvcmlnaW4gPSBjLnJlcS5oZWFkZXIoJ29yaWdpbicpO1xuICAgIGNvbnN0IGFsbG93ZWQgPSBvcmlnaW4gIT09IHVuZGVmaW5lZCAmJiBvcHRpb25zLm9yaWdpbkFsbG93ZWQob3JpZ2luKTtcbiAgICBpZiAob3JpZ2luICE9PSB1bmRlZmluZWQpIGMuaGVhZGVyKCdWYXJ5JywgJ09yaWdpbicpO1xuICAgIGlmIChhbGxvd2VkKSB7XG4gICAgICBjLmhlYWRlcignQWNjZXNzLUNvbnRyb2wtQWxsb3ctT3JpZ2luJywgb3JpZ2luKTtcbiAgICAgIGMuaGVhZGVyKCdBY2Nlc3MtQ29udHJvbC1FeHBvc2UtSGVhZGVycycsICdSZXRyeS1BZnRlciwgWC1SZXF1ZXN0LUlkJyk7XG4gICAgfVxuICAgIGlmIChjLnJlcS5tZXRob2QgPT09ICdPUFRJT05TJyAmJiBjLnJlcS5oZWFkZXIoJ2FjY2Vzcy1jb250cm9sLXJlcXVlc3QtbWV0aG9kJykpIHtcbiAgICAgIGlmIChhbGxvd2VkKSB7XG4gICAgICAgIGMuaGVhZGVyKCdBY2Nlc3MtQ29udHJvbC1BbGxvdy1NZXRob2RzJywgJ0dFVCwgUE9TVCwgREVMRVRFLCBPUFRJT05TJyk7XG4gICAgICAgIGMuaGVhZGVyKCdBY2Nlc3MtQ29udHJvbC1BbGxvdy1IZWFkZXJzJywgJ0NvbnRlbnQtVHlwZSwgQXV0aG9yaXphdGlvbiwgQXBpLVZlcnNpb24sIFgtUmVxdWVzdC1JZCcpO1xuICAgICAgICBjLmhlYWRlcignQWNjZXNzLUNvbnRyb2wtTWF4LUFnZScsIG1heEFnZSk7XG4gICAgICB9XG4gICAgICByZXR1cm4gYy5ib2R5KG51bGwsIDIwNCk7XG4gICAgfVxuICAgIGF3YWl0IG5leHQoKTtcbiAgfTtcbn1cbiIsICJpbXBvcnQgeyByZWFkRmlsZVN5bmMgfSBmcm9tICdub2RlOmZzJztcbmltcG9ydCB0eXBlIHsgQ29udGV4dCB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi9jb250ZXh0LmpzJztcbmltcG9ydCB7IGVzY2FwZUh0bWwgfSBmcm9tICcuL2h0bWwuanMnO1xuaW1wb3J0IHsgb3JpZ2luQWxsb3dlZEZvckFueUtleSB9IGZyb20gJy4vaHR0cC5qcyc7XG5cbi8qKiBUaGUgcGFja2FnZSdzIHZlcnNpb24sIHJlYWQgb25jZSAodGhlIGAvYCBwYWdlIHNheXMgd2hpY2ggc2VydmVyIHJ1bnMpLiAqL1xuZXhwb3J0IGNvbnN0IFZFUlNJT046IHN0cmluZyA9ICgoKSA9PiB7XG4gIHRyeSB7XG4gICAgY29uc3QgcGtnID0gSlNPTi5wYXJzZShyZWFkRmlsZVN5bmMobmV3IFVSTCgnLi4vLi4vcGFja2FnZS5qc29uJywgaW1wb3J0Lm1ldGEudXJsKSwgJ3V0ZjgnKSkgYXMgeyB2ZXJzaW9uPzogdW5rbm93biB9O1xuICAgIHJldHVybiB0eXBlb2YgcGtnLnZlcnNpb24gPT09ICdzdHJpbmcnID8gcGtnLnZlcnNpb24gOiAndW5rbm93bic7XG4gIH0gY2F0Y2gge1xuICAgIHJldHVybiAndW5rbm93bic7XG4gIH1cbn0pKCk7XG5cbmV4cG9ydCBjb25zdCBSRUFETUVfVVJMID0gJ2h0dHBzOi8vd3d3Lm5wbWpzLmNvbS9wYWNrYWdlL3Nuci1hdXRoI3JlYWRtZSc7XG5cbi8qKlxuICogVGhlIGxvb2sgb2YgdGhlIHNlcnZlcidzIG93biBwYWdlcyAoYC9gIGFuZCBgL2xhbmRpbmdgKTogdGhlIGtpdCdzIHRva2VucyAoc2FtZSBjb2xvdXJzLCBsaWdodCBhbmRcbiAqIGRhcmssIGFuZCBhIHN5c3RlbSBmb250IHN0YWNrKSBvbiBhIGNlbnRyZWQgY2FyZC4gU2VydmVkIGFzIGEgZmlsZTogdGhlaXIgQ1NQIGFsbG93cyBubyBpbmxpbmUgc3R5bGUuXG4gKi9cbmV4cG9ydCBjb25zdCBQQUdFX0NTUyA9IGA6cm9vdCB7XG4gIGNvbG9yLXNjaGVtZTogbGlnaHQgZGFyaztcbiAgLS1iZzogbGlnaHQtZGFyaygjZjZmOGZhLCAjMGQxMDE0KTsgLS1jYXJkOiBsaWdodC1kYXJrKCNmZmZmZmYsICMxNjE5MWQpO1xuICAtLXRleHQ6IGxpZ2h0LWRhcmsoIzFmMjMyOCwgI2U2ZWRmMyk7IC0tbXV0ZWQ6IGxpZ2h0LWRhcmsoIzU5NjM2ZSwgIzliYTZiMik7XG4gIC0tYm9yZGVyOiBsaWdodC1kYXJrKCNkMGQ3ZGUsICMzZDQ0NGQpOyAtLXByaW1hcnk6IGxpZ2h0LWRhcmsoIzBiNWNkNSwgIzVhYTJmZik7XG4gIGZvbnQtZmFtaWx5OiBzeXN0ZW0tdWksIC1hcHBsZS1zeXN0ZW0sIFwiU2Vnb2UgVUlcIiwgUm9ib3RvLCBcIkhlbHZldGljYSBOZXVlXCIsIEFyaWFsLCBzYW5zLXNlcmlmO1xuICBsaW5lLWhlaWdodDogMS41O1xufVxuYm9keSB7IG1hcmdpbjogMDsgbWluLWhlaWdodDogMTAwdmg7IGJhY2tncm91bmQ6IHZhcigtLWJnKTsgY29sb3I6IHZhcigtLXRleHQpOyBkaXNwbGF5OiBncmlkOyBwbGFjZS1pdGVtczogc3RhcnQgY2VudGVyOyB9XG5tYWluIHsgYm94LXNpemluZzogYm9yZGVyLWJveDsgd2lkdGg6IG1pbigxMDAlIC0gMnJlbSwgMzJyZW0pOyBtYXJnaW46IDJyZW0gMDsgfVxuLmNhcmQgeyBiYWNrZ3JvdW5kOiB2YXIoLS1jYXJkKTsgYm9yZGVyOiAxcHggc29saWQgdmFyKC0tYm9yZGVyKTsgYm9yZGVyLXJhZGl1czogMC43NXJlbTsgcGFkZGluZzogMS41cmVtOyB9XG5oMSB7IGZvbnQtc2l6ZTogMS4zNzVyZW07IGxpbmUtaGVpZ2h0OiAxLjI1OyBtYXJnaW46IDAgMCAwLjVyZW07IH1cbnAgeyBtYXJnaW46IDAgMCAxcmVtOyB9XG4ubXV0ZWQgeyBjb2xvcjogdmFyKC0tbXV0ZWQpOyB9XG5hIHsgY29sb3I6IHZhcigtLXByaW1hcnkpOyB0ZXh0LXVuZGVybGluZS1vZmZzZXQ6IDAuMmVtOyB9XG5hOmZvY3VzLXZpc2libGUgeyBvdXRsaW5lOiAzcHggc29saWQgdmFyKC0tcHJpbWFyeSk7IG91dGxpbmUtb2Zmc2V0OiAycHg7IH1cbnVsIHsgcGFkZGluZy1pbmxpbmUtc3RhcnQ6IDEuMjVyZW07IG1hcmdpbjogMCAwIDFyZW07IH1cbmxpIHsgbWFyZ2luLWJsb2NrOiAwLjI1cmVtOyB9XG5jb2RlIHsgZm9udC1zaXplOiAwLjllbTsgfVxuLmJhY2sgeyBtYXJnaW4tYmxvY2stc3RhcnQ6IDFyZW07IHRleHQtYWxpZ246IGNlbnRlcjsgfVxuc25yLWxhbmRpbmcgeyAtLXNuci1mb250LWZhbWlseTogc3lzdGVtLXVpLCAtYXBwbGUtc3lzdGVtLCBcIlNlZ29lIFVJXCIsIFJvYm90bywgXCJIZWx2ZXRpY2EgTmV1ZVwiLCBBcmlhbCwgc2Fucy1zZXJpZjsgbWFyZ2luLWlubGluZTogYXV0bzsgfVxuQG1lZGlhIChmb3JjZWQtY29sb3JzOiBhY3RpdmUpIHsgLmNhcmQgeyBib3JkZXItY29sb3I6IENhbnZhc1RleHQ7IH0gfVxuYDtcblxuLyoqIFRoZSBzdHJpY3QgcG9saWN5IG9mIGEgcGFnZSB0aGF0IHJ1bnMgbm8gc2NyaXB0IGFuZCBsb2FkcyBvbmx5IGl0cyBvd24gc3R5bGVzaGVldC4gKi9cbmV4cG9ydCBjb25zdCBTVEFUSUNfUEFHRV9DU1AgPSBbXG4gIFwiZGVmYXVsdC1zcmMgJ25vbmUnXCIsXG4gIFwic3R5bGUtc3JjICdzZWxmJ1wiLFxuICBcImltZy1zcmMgJ3NlbGYnIGRhdGE6XCIsXG4gIFwiYmFzZS11cmkgJ25vbmUnXCIsXG4gIFwiZm9ybS1hY3Rpb24gJ25vbmUnXCIsXG4gIFwiZnJhbWUtYW5jZXN0b3JzICdub25lJ1wiLFxuXS5qb2luKCc7ICcpO1xuXG4vKipcbiAqIFdoZXJlIGEgc2VydmVyIHBhZ2UgbGlua3MgYmFjayB0bzogYFNOUl9TSVRFX1VSTGAsIGVsc2UgdGhlIG9yaWdpbiBvZiB0aGUgcGFnZSB0aGF0IHNlbnQgdGhlXG4gKiB2aXNpdG9yIGhlcmUgd2hlbiBhbiBBUEkga2V5IGFsbG93cyB0aGF0IG9yaWdpbiAoYSBzaXRlJ3Mgb3duIHBhZ2UsIG5ldmVyIGFuIHVua25vd24gb25lKTsgZWxzZSBub25lLlxuICovXG5leHBvcnQgZnVuY3Rpb24gc2l0ZVVybChjdHg6IFNlcnZlckNvbnRleHQsIGM6IENvbnRleHQpOiBzdHJpbmcgfCB1bmRlZmluZWQge1xuICBpZiAoY3R4LmNvbmZpZy5zaXRlVXJsKSByZXR1cm4gY3R4LmNvbmZpZy5zaXRlVXJsO1xuICBjb25zdCByZWZlcmVyID0gYy5yZXEuaGVhZGVyKCdyZWZlcmVyJyk7XG4gIGlmICghcmVmZXJlcikgcmV0dXJuIHVuZGVmaW5lZDtcbiAgbGV0IG9yaWdpbjogc3RyaW5nO1xuICB0cnkge1xuICAgIG9yaWdpbiA9IG5ldyBVUkwocmVmZXJlcikub3JpZ2luO1xuICB9IGNhdGNoIHtcbiAgICByZXR1cm4gdW5kZWZpbmVkO1xuICB9XG4gIGlmIChvcmlnaW4gPT09IG5ldyBVUkwoY3R4LnB1YmxpY1VybCkub3JpZ2luIHx8IG9yaWdpbiA9PT0gbmV3IFVSTChjLnJlcS51cmwpLm9yaWdpbikgcmV0dXJuIHVuZGVmaW5lZDtcbiAgcmV0dXJuIG9yaWdpbkFsbG93ZWRGb3JBbnlLZXkoY3R4LCBvcmlnaW4pID8gYCR7b3JpZ2lufS9gIDogdW5kZWZpbmVkO1xufVxuXG4vKiogXCJCYWNrIHRvIHNob3AuZXhhbXBsZVwiOiB0aGUgbGluayB0byB0aGUgc2l0ZSwgb3Igbm90aGluZy4gKi9cbmV4cG9ydCBmdW5jdGlvbiBiYWNrTGluayh1cmw6IHN0cmluZyB8IHVuZGVmaW5lZCk6IHN0cmluZyB7XG4gIGlmICghdXJsKSByZXR1cm4gJyc7XG4gIHJldHVybiBgPHAgY2xhc3M9XCJiYWNrXCI+PGEgaHJlZj1cIiR7ZXNjYXBlSHRtbCh1cmwpfVwiPkJhY2sgdG8gJHtlc2NhcGVIdG1sKG5ldyBVUkwodXJsKS5ob3N0KX08L2E+PC9wPmA7XG59XG5cbi8qKlxuICogVGhlIHNlcnZlcidzIGAvYCAoYW5kIGAvc25yL2Fib3V0YCk6IHdoYXQgcnVucyBoZXJlIChuYW1lLCB2ZXJzaW9uLCBzdG9yYWdlLCBtYWlsKSwgd2l0aCBsaW5rcyB0byBoZWFsdGgsIEpXS1MsIHRoZVxuICogcHVibGljIGNvbmZpZ3VyYXRpb24sIHRoZSBkZW1vIHdoZW4gaXQgaXMgc2VydmVkLCBhbmQgdGhlIFJFQURNRS4gSFRNTCB3aXRoIGEgc3RyaWN0IENTUC5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHBhZ2VSb3V0ZXMoY3R4OiBTZXJ2ZXJDb250ZXh0LCBvcHRpb25zOiB7IGRlbW86IGJvb2xlYW4gfSk6IEhvbm8ge1xuICBjb25zdCBhcHAgPSBuZXcgSG9ubygpO1xuICBhcHAuZ2V0KCcvc25yL3BhZ2UuY3NzJywgKGMpID0+IHtcbiAgICBjLmhlYWRlcignQ29udGVudC1UeXBlJywgJ3RleHQvY3NzOyBjaGFyc2V0PXV0Zi04Jyk7XG4gICAgYy5oZWFkZXIoJ0NhY2hlLUNvbnRyb2wnLCAncHVibGljLCBtYXgtYWdlPTMwMCcpO1xuICAgIHJldHVybiBjLmJvZHkoUEFHRV9DU1MsIDIwMCk7XG4gIH0pO1xuICAvLyBgL2Agd2hlbiB0aGUgZGVtbyBkb2VzIG5vdCB0YWtlIGl0ICh3aXRoIGAtLWRlbW9gLCBgL2AgaXMgdGhlIGRlbW8pOyBgL3Nuci9hYm91dGAgYWx3YXlzLlxuICBjb25zdCBhYm91dCA9IChjOiBDb250ZXh0KSA9PiB7XG4gICAgYy5oZWFkZXIoJ0NvbnRlbnQtU2VjdXJpdHktUG9saWN5JywgU1RBVElDX1BBR0VfQ1NQKTtcbiAgICBjLmhlYWRlcignQ2FjaGUtQ29udHJvbCcsICduby1zdG9yZScpO1xuICAgIGMuaGVhZGVyKCdSZWZlcnJlci1Qb2xpY3knLCAnbm8tcmVmZXJyZXInKTtcbiAgICBjb25zdCBvdXRib3ggPSBjdHguY29uZmlnLmxvY2FsTW9kZSAmJiBjdHgubWFpbGVyLm1vZGUgPT09ICdvdXRib3gnO1xuICAgIGNvbnN0IGxpbmtzID0gW1xuICAgICAgWycvc25yL2hlYWx0aCcsICdIZWFsdGgnXSxcbiAgICAgIFsnLy53ZWxsLWtub3duL2p3a3MuanNvbicsICdTaWduaW5nIGtleXMgKEpXS1MpJ10sXG4gICAgICBbJy9zbnIvY29uZmlnJywgJ1B1YmxpYyBjb25maWd1cmF0aW9uJ10sXG4gICAgICAuLi4ob3V0Ym94ID8gW1snL3Nuci9kZXYvb3V0Ym94JywgJ091dGJveCAodGhlIG1haWxib3ggaW4gbG9jYWwgbW9kZSknXV0gOiBbXSksXG4gICAgICAuLi4ob3B0aW9ucy5kZW1vID8gW1snLycsICdEZW1vJ11dIDogW10pLFxuICAgICAgW1JFQURNRV9VUkwsICdSRUFETUUgKG5wbSknXSxcbiAgICBdO1xuICAgIHJldHVybiBjLmh0bWwoYDwhZG9jdHlwZSBodG1sPlxuPGh0bWwgbGFuZz1cImVuXCI+XG48aGVhZD5cbjxtZXRhIGNoYXJzZXQ9XCJ1dGYtOFwiPlxuPG1ldGEgbmFtZT1cInZpZXdwb3J0XCIgY29udGVudD1cIndpZHRoPWRldmljZS13aWR0aCwgaW5pdGlhbC1zY2FsZT0xXCI+XG48dGl0bGU+c25yLWF1dGggc2VydmVyICR7ZXNjYXBlSHRtbChWRVJTSU9OKX08L3RpdGxlPlxuPGxpbmsgcmVsPVwic3R5bGVzaGVldFwiIGhyZWY9XCIvc25yL3BhZ2UuY3NzXCI+XG48L2hlYWQ+XG48Ym9keT5cbjxtYWluIGNsYXNzPVwiY2FyZFwiPlxuPGgxPnNuci1hdXRoIHNlcnZlcjwvaDE+XG48cCBjbGFzcz1cIm11dGVkXCI+VmVyc2lvbiAke2VzY2FwZUh0bWwoVkVSU0lPTil9JHtjdHguY29uZmlnLmxvY2FsTW9kZSA/ICcgXHUwMEI3IGxvY2FsIG1vZGUnIDogJyd9PC9wPlxuPHA+VGhpcyBpcyB0aGUgc25yLWF1dGggcmVmZXJlbmNlIGlkZW50aXR5IHNlcnZlcjogdGhlIHNpZ24taW4gQVBJIHRoZSBzbnItYXV0aCBlbGVtZW50cyB0YWxrIHRvLiBJdCBoYXMgbm8gcGFnZXMgZm9yIGN1c3RvbWVyczsgcHV0IHRoZSBlbGVtZW50cyBvbiB5b3VyIHNpdGUuPC9wPlxuPHVsPlxuJHtsaW5rcy5tYXAoKFtocmVmLCB0ZXh0XSkgPT4gYDxsaT48YSBocmVmPVwiJHtlc2NhcGVIdG1sKGhyZWYhKX1cIj4ke2VzY2FwZUh0bWwodGV4dCEpfTwvYT48L2xpPmApLmpvaW4oJ1xcbicpfVxuPC91bD5cbjxwIGNsYXNzPVwibXV0ZWRcIj5TdG9yYWdlOiAke2VzY2FwZUh0bWwoY3R4LnN0b3JlLmRlc2NyaWJlKX0uIE1haWw6ICR7Y3R4Lm1haWxlci5tb2RlID09PSAnc210cCcgPyAnU01UUCcgOiAnb3V0Ym94J30uIFJlZ2lzdHJhdGlvbjogJHtlc2NhcGVIdG1sKGN0eC5jb25maWcucmVnaXN0cmF0aW9uTW9kZSl9LjwvcD5cbjwvbWFpbj5cbjwvYm9keT5cbjwvaHRtbD5cbmApO1xuICB9O1xuICBhcHAuZ2V0KCcvJywgYWJvdXQpO1xuICBhcHAuZ2V0KCcvc25yL2Fib3V0JywgYWJvdXQpO1xuICByZXR1cm4gYXBwO1xufVxuIiwgImltcG9ydCB7IGNyZWF0ZUhhc2ggfSBmcm9tICdub2RlOmNyeXB0byc7XG5cbi8qKiBUZXh0IG1hZGUgc2FmZSBmb3IgSFRNTCBjb250ZW50IGFuZCBxdW90ZWQgYXR0cmlidXRlIHZhbHVlcy4gKi9cbmV4cG9ydCBjb25zdCBlc2NhcGVIdG1sID0gKHM6IHN0cmluZykgPT4gcy5yZXBsYWNlKC9bJjw+XCInXS9nLCAoY2gpID0+ICh7ICcmJzogJyZhbXA7JywgJzwnOiAnJmx0OycsICc+JzogJyZndDsnLCAnXCInOiAnJnF1b3Q7JywgXCInXCI6ICcmIzM5OycgfSlbY2hdISk7XG5cbi8qKiBUaGUgQ1NQIHNvdXJjZSBvZiBhbiBpbmxpbmUgYDxzdHlsZT5gIGVsZW1lbnQncyB0ZXh0LCBzbyB0aGUgcGFnZSBuZWVkcyBubyBgJ3Vuc2FmZS1pbmxpbmUnYC4gKi9cbmV4cG9ydCBjb25zdCBzdHlsZUhhc2ggPSAoY3NzOiBzdHJpbmcpID0+IGAnc2hhMjU2LSR7Y3JlYXRlSGFzaCgnc2hhMjU2JykudXBkYXRlKGNzcykuZGlnZXN0KCdiYXNlNjQnKX0nYDtcblxuLyoqXG4gKiBUaGUgc3RyaWN0IENvbnRlbnQtU2VjdXJpdHktUG9saWN5IG9mIGV2ZXJ5IEhUTUwgcGFnZSB0aGUgc2VydmVyIG1ha2VzIGl0c2VsZiAodGhlIGxhbmRpbmcsIHRoZVxuICogc3RhdHVzIHBhZ2UpOiBub3RoaW5nIGJ1dCB0aGUgc2VydmVyJ3Mgb3duIGZpbGVzLCBubyBpbmxpbmUgc2NyaXB0LCBubyBwbHVnaW4sIG5vIGJhc2UsIG5vIGZvcm1cbiAqIHBvc3RpbmcgZWxzZXdoZXJlLCBubyBmcmFtaW5nLiBgY29ubmVjdGAgYWRkcyBvcmlnaW5zIHRoZSBwYWdlIG1heSBjYWxsOyBgc3R5bGVzYCBpbmxpbmUgc3R5bGVzIGJ5IGhhc2guXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBzdHJpY3RDc3Aob3B0aW9uczogeyBjb25uZWN0PzogcmVhZG9ubHkgc3RyaW5nW107IHN0eWxlcz86IHJlYWRvbmx5IHN0cmluZ1tdIH0gPSB7fSk6IHN0cmluZyB7XG4gIHJldHVybiBbXG4gICAgXCJkZWZhdWx0LXNyYyAnbm9uZSdcIixcbiAgICBcInNjcmlwdC1zcmMgJ3NlbGYnXCIsXG4gICAgYHN0eWxlLXNyYyAnc2VsZicke29wdGlvbnMuc3R5bGVzPy5sZW5ndGggPyBgICR7b3B0aW9ucy5zdHlsZXMuam9pbignICcpfWAgOiAnJ31gLFxuICAgIFwiaW1nLXNyYyAnc2VsZicgZGF0YTpcIixcbiAgICBgY29ubmVjdC1zcmMgJ3NlbGYnJHtvcHRpb25zLmNvbm5lY3Q/Lmxlbmd0aCA/IGAgJHtvcHRpb25zLmNvbm5lY3Quam9pbignICcpfWAgOiAnJ31gLFxuICAgIFwiYmFzZS11cmkgJ25vbmUnXCIsXG4gICAgXCJmb3JtLWFjdGlvbiAnbm9uZSdcIixcbiAgICBcImZyYW1lLWFuY2VzdG9ycyAnbm9uZSdcIixcbiAgXS5qb2luKCc7ICcpO1xufVxuIiwgImltcG9ydCB7IEhvbm8gfSBmcm9tICdob25vJztcbmltcG9ydCB7IFJPVVRFUyB9IGZyb20gJy4uLy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB0eXBlIHsgU2VydmVyQ29udGV4dCB9IGZyb20gJy4uL2NvbnRleHQuanMnO1xuaW1wb3J0IHsgYW5zd2VyU2VudCB9IGZyb20gJy4uL2h0dHAuanMnO1xuaW1wb3J0IHsgY2hhbmdlUGFzc3dvcmQgfSBmcm9tICcuLi9pZGVudGl0eS9jaGFuZ2UtcGFzc3dvcmQuanMnO1xuaW1wb3J0IHsgY29uZmlybUVtYWlsQ2hhbmdlIH0gZnJvbSAnLi4vaWRlbnRpdHkvY29uZmlybS1lbWFpbC1jaGFuZ2UuanMnO1xuaW1wb3J0IHsgZGVsZXRlQWNjb3VudCB9IGZyb20gJy4uL2lkZW50aXR5L2RlbGV0ZS1hY2NvdW50LmpzJztcbmltcG9ydCB7IHJlcXVlc3RFbWFpbENoYW5nZSB9IGZyb20gJy4uL2lkZW50aXR5L3JlcXVlc3QtZW1haWwtY2hhbmdlLmpzJztcbmltcG9ydCB7IHNpZ25lZEluQ3VzdG9tZXIgfSBmcm9tICcuLi9pZGVudGl0eS9zaWduZWQtaW4tY3VzdG9tZXIuanMnO1xuaW1wb3J0IHsgdXBkYXRlQWNjb3VudCB9IGZyb20gJy4uL2lkZW50aXR5L3VwZGF0ZS1hY2NvdW50LmpzJztcbmltcG9ydCB7IHVwZGF0ZUJhc2ljSW5mb3JtYXRpb24gfSBmcm9tICcuLi9pZGVudGl0eS91cGRhdGUtYmFzaWMtaW5mb3JtYXRpb24uanMnO1xuaW1wb3J0IHsgbW91bnQgfSBmcm9tICcuLi9yb3V0ZS5qcyc7XG5pbXBvcnQgeyB0b0FjY291bnRJbmZvcm1hdGlvbiB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuXG5leHBvcnQgZnVuY3Rpb24gYWNjb3VudFJvdXRlcyhjdHg6IFNlcnZlckNvbnRleHQpOiBIb25vIHtcbiAgY29uc3QgYXBwID0gbmV3IEhvbm8oKTtcblxuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLmdldEFjY291bnQsIGFzeW5jICh7IGNhbGxlciB9KSA9PiB0b0FjY291bnRJbmZvcm1hdGlvbihhd2FpdCBzaWduZWRJbkN1c3RvbWVyKGN0eCwgY2FsbGVyLnRva2VuKSkpO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMudXBkYXRlQWNjb3VudCwgKHsgYm9keSwgY2FsbGVyIH0pID0+IHtcbiAgICBjb25zdCB7IGFwaUtleTogXywgLi4uY2hhbmdlcyB9ID0gYm9keTtcbiAgICByZXR1cm4gdXBkYXRlQWNjb3VudChjdHgsIHsgdG9rZW46IGNhbGxlci50b2tlbiwgY2hhbmdlcywgbm93OiBjdHgubm93KCkgfSk7XG4gIH0pO1xuXG4gIC8vIEVpdGhlciByZWFsbTogYW4gYW5vbnltb3VzIHZpc2l0b3IncyBwcm9maWxlIG1heSBjYXJyeSBuYW1lcywgYWdyZWVtZW50cyBhbmQgYXR0cmlidXRlcyB0b28uXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMudXBkYXRlQWNjb3VudEJhc2ljSW5mb3JtYXRpb24sIGFzeW5jICh7IGJvZHksIGNhbGxlciB9KSA9PiB7XG4gICAgY29uc3QgeyBhcGlLZXk6IF8sIC4uLmNoYW5nZXMgfSA9IGJvZHk7XG4gICAgYXdhaXQgdXBkYXRlQmFzaWNJbmZvcm1hdGlvbihjdHgsIHsgdG9rZW46IGNhbGxlci50b2tlbiwgY2hhbmdlcywgbm93OiBjdHgubm93KCkgfSk7XG4gICAgcmV0dXJuIHsgc3RhdHVzOiAnT0snIH0gYXMgY29uc3Q7XG4gIH0pO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuY2hhbmdlUGFzc3dvcmQsIGFzeW5jICh7IGJvZHksIGNhbGxlciwgYWRkcmVzcyB9KSA9PiB7XG4gICAgYXdhaXQgY2hhbmdlUGFzc3dvcmQoY3R4LCB7IHRva2VuOiBjYWxsZXIudG9rZW4sIG9sZFBhc3N3b3JkOiBib2R5Lm9sZFBhc3N3b3JkLCBwYXNzd29yZDogYm9keS5wYXNzd29yZCwgYWRkcmVzczogYWRkcmVzcygpLCBub3c6IGN0eC5ub3cgfSk7XG4gICAgcmV0dXJuIHsgc3RhdHVzOiAnT0snIH0gYXMgY29uc3Q7XG4gIH0pO1xuXG4gIC8vIFRoZSBzYW1lIDIwMiB3aGV0aGVyIG9yIG5vdCB0aGUgbmV3IGFkZHJlc3MgaXMgZnJlZTogdGhlIGFuc3dlciB0ZWxscyBub2JvZHkgd2hvIGhhcyBhbiBhY2NvdW50LlxuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLnJlcXVlc3RFbWFpbENoYW5nZSwgYXN5bmMgKHsgYywgYm9keSwgY2FsbGVyLCBhZGRyZXNzIH0pID0+IHtcbiAgICBhd2FpdCByZXF1ZXN0RW1haWxDaGFuZ2UoY3R4LCB7XG4gICAgICB0b2tlbjogY2FsbGVyLnRva2VuLFxuICAgICAgZW1haWw6IGJvZHkuZW1haWwsXG4gICAgICAuLi4oYm9keS5wYXNzd29yZCA9PT0gdW5kZWZpbmVkID8ge30gOiB7IHBhc3N3b3JkOiBib2R5LnBhc3N3b3JkIH0pLFxuICAgICAgLi4uKGJvZHkuZXh0ZXJuYWxUb2tlbiA9PT0gdW5kZWZpbmVkID8ge30gOiB7IGV4dGVybmFsVG9rZW46IGJvZHkuZXh0ZXJuYWxUb2tlbiB9KSxcbiAgICAgIC4uLihib2R5LmlkZW50aXR5UHJvdmlkZXIgPT09IHVuZGVmaW5lZCA/IHt9IDogeyBpZGVudGl0eVByb3ZpZGVyOiBib2R5LmlkZW50aXR5UHJvdmlkZXIgfSksXG4gICAgICBhZGRyZXNzOiBhZGRyZXNzKCksXG4gICAgICBub3c6IGN0eC5ub3coKSxcbiAgICAgIGFuc3dlcmVkOiBhbnN3ZXJTZW50KGMpLFxuICAgIH0pO1xuICAgIHJldHVybiB7IHN0YXR1czogJ0FDQ0VQVEVEJyB9IGFzIGNvbnN0O1xuICB9KTtcblxuICAvLyBPcGVuZWQgZnJvbSBhIG1haWxlZCBsaW5rLCBtYXliZSBpbiBhbm90aGVyIGJyb3dzZXI6IHRoZSBBUEkga2V5IGlzIGVub3VnaCwgYSB0b2tlbiBpcyBub3QgbmVlZGVkLlxuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLmNvbmZpcm1FbWFpbENoYW5nZSwgYXN5bmMgKHsgYm9keSwgY2FsbGVyIH0pID0+IHtcbiAgICBhd2FpdCBjb25maXJtRW1haWxDaGFuZ2UoY3R4LCB7XG4gICAgICB0b2tlbjogYm9keS50b2tlbixcbiAgICAgIC4uLihib2R5Lm5ld3NsZXR0ZXJBZ3JlZW1lbnQgPT09IHVuZGVmaW5lZCA/IHt9IDogeyBuZXdzbGV0dGVyQWdyZWVtZW50OiBib2R5Lm5ld3NsZXR0ZXJBZ3JlZW1lbnQgfSksXG4gICAgICAuLi4oJ3Rva2VuJyBpbiBjYWxsZXIgPyB7IGNhbGxlcjogY2FsbGVyLnRva2VuIH0gOiB7fSksXG4gICAgICBub3c6IGN0eC5ub3csXG4gICAgfSk7XG4gICAgcmV0dXJuIHsgc3RhdHVzOiAnT0snIH0gYXMgY29uc3Q7XG4gIH0pO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuZGVsZXRlQWNjb3VudCwgYXN5bmMgKHsgYm9keSwgY2FsbGVyLCBhZGRyZXNzIH0pID0+IHtcbiAgICBhd2FpdCBkZWxldGVBY2NvdW50KGN0eCwge1xuICAgICAgdG9rZW46IGNhbGxlci50b2tlbixcbiAgICAgIGNsaWVudEF1dGhGYWN0b3I6IGJvZHkuY2xpZW50QXV0aEZhY3RvcixcbiAgICAgIGlkZW50aXR5UHJvdmlkZXI6IGJvZHkuaWRlbnRpdHlQcm92aWRlciA/PyAnU1lORVJJU0UnLFxuICAgICAgYWRkcmVzczogYWRkcmVzcygpLFxuICAgICAgbm93OiBjdHgubm93LFxuICAgIH0pO1xuICB9KTtcblxuICByZXR1cm4gYXBwO1xufVxuIiwgImltcG9ydCB7IHBia2RmMiwgcmFuZG9tQnl0ZXMsIHRpbWluZ1NhZmVFcXVhbCB9IGZyb20gJ25vZGU6Y3J5cHRvJztcbmltcG9ydCB7IHByb21pc2lmeSB9IGZyb20gJ25vZGU6dXRpbCc7XG5cbmNvbnN0IHBia2RmMkFzeW5jID0gcHJvbWlzaWZ5KHBia2RmMik7XG5jb25zdCBLRVlfTEVOR1RIID0gMzI7XG5jb25zdCBTQUxUX0xFTkdUSCA9IDE2O1xuY29uc3QgUFJFRklYID0gJyRwYmtkZjItc2hhMjU2JCc7XG5cbi8qKlxuICogUEJLREYyLUhNQUMtU0hBMjU2IGluIGEgc2VsZi1kZXNjcmliaW5nIHN0cmluZywgYCRwYmtkZjItc2hhMjU2JGk9PGl0ZXJhdGlvbnM+JDxzYWx0PiQ8aGFzaD5gXG4gKiAoYmFzZTY0dXJsKSwgc28gaXRlcmF0aW9ucyBjYW4gYmUgcmFpc2VkIGFuZCBvbGQgaGFzaGVzIHVwZ3JhZGVkIGF0IHRoZSBuZXh0IHNpZ24taW4uXG4gKiBgY3J5cHRvLnBia2RmMmAgcnVucyBvbiBsaWJ1didzIHRocmVhZCBwb29sOiBoYXNoaW5nIG5ldmVyIGJsb2NrcyB0aGUgZXZlbnQgbG9vcC5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGhhc2hQYXNzd29yZChwYXNzd29yZDogc3RyaW5nLCBpdGVyYXRpb25zOiBudW1iZXIpOiBQcm9taXNlPHN0cmluZz4ge1xuICBjb25zdCBzYWx0ID0gcmFuZG9tQnl0ZXMoU0FMVF9MRU5HVEgpO1xuICBjb25zdCBoYXNoID0gYXdhaXQgcGJrZGYyQXN5bmMocGFzc3dvcmQubm9ybWFsaXplKCdORkMnKSwgc2FsdCwgaXRlcmF0aW9ucywgS0VZX0xFTkdUSCwgJ3NoYTI1NicpO1xuICByZXR1cm4gYCR7UFJFRklYfWk9JHtpdGVyYXRpb25zfSQke3NhbHQudG9TdHJpbmcoJ2Jhc2U2NHVybCcpfSQke2hhc2gudG9TdHJpbmcoJ2Jhc2U2NHVybCcpfWA7XG59XG5cbmV4cG9ydCBpbnRlcmZhY2UgUGFyc2VkSGFzaCB7XG4gIGl0ZXJhdGlvbnM6IG51bWJlcjtcbiAgc2FsdDogQnVmZmVyO1xuICBoYXNoOiBCdWZmZXI7XG59XG5cbmV4cG9ydCBmdW5jdGlvbiBwYXJzZUhhc2goc3RvcmVkOiBzdHJpbmcpOiBQYXJzZWRIYXNoIHwgdW5kZWZpbmVkIHtcbiAgY29uc3QgbWF0Y2ggPSAvXlxcJHBia2RmMi1zaGEyNTZcXCRpPShcXGQrKVxcJChbQS1aYS16MC05Xy1dKylcXCQoW0EtWmEtejAtOV8tXSspJC8uZXhlYyhzdG9yZWQpO1xuICBpZiAoIW1hdGNoKSByZXR1cm4gdW5kZWZpbmVkO1xuICByZXR1cm4geyBpdGVyYXRpb25zOiBOdW1iZXIobWF0Y2hbMV0pLCBzYWx0OiBCdWZmZXIuZnJvbShtYXRjaFsyXSEsICdiYXNlNjR1cmwnKSwgaGFzaDogQnVmZmVyLmZyb20obWF0Y2hbM10hLCAnYmFzZTY0dXJsJykgfTtcbn1cblxuLyoqIENvbnN0YW50LXRpbWUgY29tcGFyaXNvbjsgYW4gdW5wYXJzYWJsZSBoYXNoIG5ldmVyIG1hdGNoZXMuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdmVyaWZ5UGFzc3dvcmQocGFzc3dvcmQ6IHN0cmluZywgc3RvcmVkOiBzdHJpbmcpOiBQcm9taXNlPGJvb2xlYW4+IHtcbiAgY29uc3QgcGFyc2VkID0gcGFyc2VIYXNoKHN0b3JlZCk7XG4gIGlmICghcGFyc2VkKSByZXR1cm4gZmFsc2U7XG4gIGNvbnN0IGNhbmRpZGF0ZSA9IGF3YWl0IHBia2RmMkFzeW5jKHBhc3N3b3JkLm5vcm1hbGl6ZSgnTkZDJyksIHBhcnNlZC5zYWx0LCBwYXJzZWQuaXRlcmF0aW9ucywgcGFyc2VkLmhhc2gubGVuZ3RoLCAnc2hhMjU2Jyk7XG4gIHJldHVybiBjYW5kaWRhdGUubGVuZ3RoID09PSBwYXJzZWQuaGFzaC5sZW5ndGggJiYgdGltaW5nU2FmZUVxdWFsKGNhbmRpZGF0ZSwgcGFyc2VkLmhhc2gpO1xufVxuXG4vKiogVHJ1ZSB3aGVuIGEgc3RvcmVkIGhhc2ggd2FzIG1hZGUgd2l0aCBvdGhlciBwYXJhbWV0ZXJzIHRoYW4gdG9kYXkncyBhbmQgc2hvdWxkIGJlIHJlZG9uZS4gKi9cbmV4cG9ydCBmdW5jdGlvbiBuZWVkc1JlaGFzaChzdG9yZWQ6IHN0cmluZywgaXRlcmF0aW9uczogbnVtYmVyKTogYm9vbGVhbiB7XG4gIGNvbnN0IHBhcnNlZCA9IHBhcnNlSGFzaChzdG9yZWQpO1xuICByZXR1cm4gIXBhcnNlZCB8fCBwYXJzZWQuaXRlcmF0aW9ucyAhPT0gaXRlcmF0aW9ucyB8fCBwYXJzZWQuaGFzaC5sZW5ndGggIT09IEtFWV9MRU5HVEg7XG59XG4iLCAiaW1wb3J0IHsgY2hlY2tQYXNzd29yZCwgdHlwZSBGaWVsZEVycm9yLCB0eXBlIFBhc3N3b3JkUnVsZSB9IGZyb20gJy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB0eXBlIHsgU2VydmVyQ29udGV4dCB9IGZyb20gJy4vY29udGV4dC5qcyc7XG5pbXBvcnQgeyBoYXNoUGFzc3dvcmQgfSBmcm9tICcuL2NyeXB0by9wYXNzd29yZC5qcyc7XG5pbXBvcnQgeyBiYWRSZXF1ZXN0IH0gZnJvbSAnLi9lcnJvcnMuanMnO1xuXG5jb25zdCBSVUxFX1RFWFQ6IFJlY29yZDxQYXNzd29yZFJ1bGUsIChuPzogbnVtYmVyKSA9PiBzdHJpbmc+ID0ge1xuICBtaW5MZW5ndGg6IChuKSA9PiBgQXQgbGVhc3QgJHtufSBjaGFyYWN0ZXJzYCxcbiAgbWF4TGVuZ3RoOiAobikgPT4gYEF0IG1vc3QgJHtufSBjaGFyYWN0ZXJzYCxcbiAgdXBwZXI6ICgpID0+ICdBbiB1cHBlcmNhc2UgbGV0dGVyJyxcbiAgbG93ZXI6ICgpID0+ICdBIGxvd2VyY2FzZSBsZXR0ZXInLFxuICBkaWdpdDogKCkgPT4gJ0EgZGlnaXQnLFxuICBzeW1ib2w6ICgpID0+ICdBIGNoYXJhY3RlciB0aGF0IGlzIG5vdCBhIGxldHRlciBvciBhIGRpZ2l0Jyxcbn07XG5cbi8qKiBDaGVja3MgdGhlIHNlcnZlcidzIHBvbGljeSAoZXZlcnkgZmFpbGVkIHJ1bGUgbGlzdGVkKSBhbmQgaGFzaGVzIGEgbmV3IHBhc3N3b3JkLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGFjY2VwdE5ld1Bhc3N3b3JkKGN0eDogUGljazxTZXJ2ZXJDb250ZXh0LCAnY29uZmlnJz4sIHBhc3N3b3JkOiBzdHJpbmcsIGZpZWxkID0gJ3Bhc3N3b3JkJyk6IFByb21pc2U8c3RyaW5nPiB7XG4gIGNvbnN0IHJlc3VsdCA9IGNoZWNrUGFzc3dvcmQocGFzc3dvcmQsIGN0eC5jb25maWcucGFzc3dvcmRQb2xpY3kpO1xuICBpZiAoIXJlc3VsdC5vaykge1xuICAgIGNvbnN0IGVycm9yczogRmllbGRFcnJvcltdID0gcmVzdWx0LnJ1bGVzLmZpbHRlcigocikgPT4gIXIub2spLm1hcCgocikgPT4gKHsgZmllbGQsIGNvZGU6IHIucnVsZSwgbWVzc2FnZTogUlVMRV9URVhUW3IucnVsZV0oci52YWx1ZSkgfSkpO1xuICAgIHRocm93IGJhZFJlcXVlc3QoJ1BBU1NXT1JEX1BPTElDWScsIGBUaGUgcGFzc3dvcmQgZG9lcyBub3QgbWVldCB0aGUgcG9saWN5OiAke2Vycm9ycy5tYXAoKGUpID0+IGUubWVzc2FnZS50b0xvd2VyQ2FzZSgpKS5qb2luKCcsICcpfWAsIGVycm9ycyk7XG4gIH1cbiAgcmV0dXJuIGhhc2hQYXNzd29yZChwYXNzd29yZCwgY3R4LmNvbmZpZy5wYmtkZjJJdGVyYXRpb25zKTtcbn1cbiIsICJpbXBvcnQgeyByYW5kb21VVUlEIH0gZnJvbSAnbm9kZTpjcnlwdG8nO1xuaW1wb3J0IHR5cGUgeyBJbnNlcnRhYmxlLCBLeXNlbHksIFNlbGVjdGFibGUsIFRyYW5zYWN0aW9uLCBVcGRhdGVhYmxlIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB7IHR5cGUgQWNjb3VudEluZm9ybWF0aW9uLCBBR1JFRU1FTlRfTkFNRVMsIHR5cGUgQWdyZWVtZW50cywgdHlwZSBSZWdpc3RlclJlcXVlc3QsIHR5cGUgVXBkYXRlQWNjb3VudFJlcXVlc3QgfSBmcm9tICcuLi8uLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgeyBkZWxldGVFbWFpbFRva2VucyB9IGZyb20gJy4vZW1haWwtdG9rZW5zLmpzJztcbmltcG9ydCB7IG1vdmVFdmVudHMgfSBmcm9tICcuL2V2ZW50cy5qcyc7XG5pbXBvcnQgeyBwcmVjb21waWxlZCB9IGZyb20gJy4vcHJlY29tcGlsZWQuanMnO1xuaW1wb3J0IHR5cGUgeyBDbGllbnRTdGF0dXMsIENsaWVudHNUYWJsZSwgRGF0YWJhc2UgfSBmcm9tICcuL3NjaGVtYS5qcyc7XG5pbXBvcnQgeyBtb3ZlU2Vzc2lvbnMgfSBmcm9tICcuL3Nlc3Npb25zLmpzJztcblxuZXhwb3J0IHR5cGUgQ2xpZW50Um93ID0gU2VsZWN0YWJsZTxDbGllbnRzVGFibGU+O1xudHlwZSBEYiA9IEt5c2VseTxEYXRhYmFzZT4gfCBUcmFuc2FjdGlvbjxEYXRhYmFzZT47XG5cbmNvbnN0IGJ5VXVpZCA9IHByZWNvbXBpbGVkKFxuICAoZGIsIHV1aWQ6IHN0cmluZykgPT5cbiAgICBkYi5zZWxlY3RGcm9tKCdjbGllbnRfdXVpZHMnKS5pbm5lckpvaW4oJ2NsaWVudHMnLCAnY2xpZW50cy5pZCcsICdjbGllbnRfdXVpZHMuY2xpZW50X2lkJykuc2VsZWN0QWxsKCdjbGllbnRzJykud2hlcmUoJ2NsaWVudF91dWlkcy51dWlkJywgJz0nLCB1dWlkKSxcbiAgMSxcbik7XG5cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBmaW5kQ2xpZW50QnlVdWlkKGRiOiBEYiwgdXVpZDogc3RyaW5nKTogUHJvbWlzZTxDbGllbnRSb3cgfCB1bmRlZmluZWQ+IHtcbiAgcmV0dXJuIChhd2FpdCBieVV1aWQoZGIsIHV1aWQpKVswXTtcbn1cblxuY29uc3QgYnlJZCA9IHByZWNvbXBpbGVkKChkYiwgaWQ6IG51bWJlcikgPT4gZGIuc2VsZWN0RnJvbSgnY2xpZW50cycpLnNlbGVjdEFsbCgpLndoZXJlKCdpZCcsICc9JywgaWQpLCAxKTtcblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGZpbmRDbGllbnRCeUlkKGRiOiBEYiwgaWQ6IG51bWJlcik6IFByb21pc2U8Q2xpZW50Um93IHwgdW5kZWZpbmVkPiB7XG4gIHJldHVybiAoYXdhaXQgYnlJZChkYiwgaWQpKVswXTtcbn1cblxuLyoqIEVtYWlscyBhcmUgc3RvcmVkIGxvd2VyLWNhc2VkLCBzbyB0aGlzIGxvb2t1cCBpcyBjYXNlLWluc2Vuc2l0aXZlLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGZpbmRDbGllbnRCeUVtYWlsKGRiOiBEYiwgZW1haWw6IHN0cmluZyk6IFByb21pc2U8Q2xpZW50Um93IHwgdW5kZWZpbmVkPiB7XG4gIHJldHVybiBkYi5zZWxlY3RGcm9tKCdjbGllbnRzJykuc2VsZWN0QWxsKCkud2hlcmUoJ2VtYWlsJywgJz0nLCBlbWFpbC50b0xvd2VyQ2FzZSgpKS5leGVjdXRlVGFrZUZpcnN0KCk7XG59XG5cbi8qKiBXaG9ldmVyIGhvbGRzIGEgY3VzdG9tSWQsIHdoZXRoZXIgdGhlIHNpdGUncyBiYWNrZW5kIHNldCBpdCBvciBub3QgKGBjdXN0b21faWRfdmVyaWZpZWRgKS4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBmaW5kQ2xpZW50QnlDdXN0b21JZChkYjogRGIsIGN1c3RvbUlkOiBzdHJpbmcpOiBQcm9taXNlPENsaWVudFJvdyB8IHVuZGVmaW5lZD4ge1xuICByZXR1cm4gZGIuc2VsZWN0RnJvbSgnY2xpZW50cycpLnNlbGVjdEFsbCgpLndoZXJlKCdjdXN0b21faWQnLCAnPScsIGN1c3RvbUlkKS5leGVjdXRlVGFrZUZpcnN0KCk7XG59XG5cbi8qKlxuICogV2hhdCB0aGUgZW1haWwgcm91dGVzIG5lZWQgdG8ga25vdyBvZiBhbiBhZGRyZXNzIGJlZm9yZSB0aGV5IGFuc3dlciwgYW5kIG5vIG1vcmU6IGEgZm91bmQgcm93XG4gKiBzaG91bGQgY29zdCB3aGF0IGEgbWlzcyBjb3N0cyAoYSBmdWxsIHJvdyB0b29rIG1lYXN1cmFibHkgbG9uZ2VyIHRvIGZldGNoIGFuZCBwYXJzZSkuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBmaW5kRW1haWxSZWNpcGllbnQoXG4gIGRiOiBEYixcbiAgZW1haWw6IHN0cmluZyxcbik6IFByb21pc2U8UGljazxDbGllbnRSb3csICdpZCcgfCAnZW1haWwnIHwgJ2ZpcnN0X25hbWUnIHwgJ3N0YXR1cycgfCAnZW1haWxfY29uZmlybWVkJz4gfCB1bmRlZmluZWQ+IHtcbiAgcmV0dXJuIGRiXG4gICAgLnNlbGVjdEZyb20oJ2NsaWVudHMnKVxuICAgIC5zZWxlY3QoWydpZCcsICdlbWFpbCcsICdmaXJzdF9uYW1lJywgJ3N0YXR1cycsICdlbWFpbF9jb25maXJtZWQnXSlcbiAgICAud2hlcmUoJ2VtYWlsJywgJz0nLCBlbWFpbC50b0xvd2VyQ2FzZSgpKVxuICAgIC5leGVjdXRlVGFrZUZpcnN0KCk7XG59XG5cbmNvbnN0IGluc2VydEFub255bW91cyA9IHByZWNvbXBpbGVkKFxuICAoZGIsIHV1aWQ6IHN0cmluZywgbm93OiBudW1iZXIpID0+XG4gICAgZGJcbiAgICAgIC5pbnNlcnRJbnRvKCdjbGllbnRzJylcbiAgICAgIC52YWx1ZXMoe1xuICAgICAgICB1dWlkLFxuICAgICAgICBzdGF0dXM6ICdhbm9ueW1vdXMnLFxuICAgICAgICBlbWFpbF9jb25maXJtZWQ6IDAsXG4gICAgICAgIGFncmVlbWVudHM6ICd7fScsXG4gICAgICAgIGF0dHJpYnV0ZXM6ICd7fScsXG4gICAgICAgIHRhZ3M6ICdbXScsXG4gICAgICAgIGNyZWF0ZWRfYXQ6IG5vdyxcbiAgICAgICAgdXBkYXRlZF9hdDogbm93LFxuICAgICAgICBsYXN0X2FjdGl2aXR5X2F0OiBub3csXG4gICAgICB9KVxuICAgICAgLnJldHVybmluZ0FsbCgpLFxuICAyLFxuKTtcbmNvbnN0IGluc2VydFV1aWQgPSBwcmVjb21waWxlZChcbiAgKGRiLCB1dWlkOiBzdHJpbmcsIGNsaWVudElkOiBudW1iZXIsIG5vdzogbnVtYmVyKSA9PiBkYi5pbnNlcnRJbnRvKCdjbGllbnRfdXVpZHMnKS52YWx1ZXMoeyB1dWlkLCBjbGllbnRfaWQ6IGNsaWVudElkLCBjcmVhdGVkX2F0OiBub3cgfSksXG4gIDMsXG4pO1xuXG4vKiogQSBwcm9maWxlIHdpdGggYSBVVUlEIGFuZCBubyBwZXJzb25hbCBkYXRhLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGNyZWF0ZUFub255bW91c0NsaWVudChkYjogRGIsIHV1aWQ6IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPENsaWVudFJvdz4ge1xuICBjb25zdCBbcm93XSA9IGF3YWl0IGluc2VydEFub255bW91cyhkYiwgdXVpZCwgbm93KTtcbiAgaWYgKCFyb3cpIHRocm93IG5ldyBFcnJvcigndGhlIGluc2VydCByZXR1cm5lZCBubyByb3cnKTtcbiAgYXdhaXQgaW5zZXJ0VXVpZChkYiwgdXVpZCwgcm93LmlkLCBub3cpO1xuICByZXR1cm4gcm93O1xufVxuXG5jb25zdCB0b3VjaCA9IHByZWNvbXBpbGVkKChkYiwgaWQ6IG51bWJlciwgbm93OiBudW1iZXIpID0+IGRiLnVwZGF0ZVRhYmxlKCdjbGllbnRzJykuc2V0KHsgbGFzdF9hY3Rpdml0eV9hdDogbm93IH0pLndoZXJlKCdpZCcsICc9JywgaWQpLCAyKTtcblxuLyoqIFJlY29yZHMgdGhhdCBhIGN1c3RvbWVyIHdhcyBhY3RpdmUgKGEgc2lnbi1pbiwgYSByZWZyZXNoLCBhbiBldmVudCkuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdG91Y2hDbGllbnQoZGI6IERiLCBpZDogbnVtYmVyLCBub3c6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICBhd2FpdCB0b3VjaChkYiwgaWQsIG5vdyk7XG59XG5cbi8qKlxuICogRm9sZHMgYW4gYW5vbnltb3VzIHByb2ZpbGUgaW50byBhIGN1c3RvbWVyOiBpdHMgVVVJRHMgYmVjb21lIHRoZSBjdXN0b21lcidzIGhpc3RvcmljYWwgVVVJRHMsXG4gKiBpdHMgZXZlbnRzIGFuZCBzZXNzaW9ucyBmb2xsb3csIGFuZCB0aGUgYW5vbnltb3VzIHJvdyBnb2VzLiBPbmx5IGFub255bW91cyBwcm9maWxlcyBhcmUgbWVyZ2VkOlxuICogYW5vdGhlciBjdXN0b21lcidzIGRhdGEgbmV2ZXIgbW92ZXMuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBtZXJnZUFub255bW91c0ludG8odHJ4OiBUcmFuc2FjdGlvbjxEYXRhYmFzZT4sIGFub255bW91czogQ2xpZW50Um93LCBjdXN0b21lcklkOiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgaWYgKGFub255bW91cy5zdGF0dXMgIT09ICdhbm9ueW1vdXMnIHx8IGFub255bW91cy5pZCA9PT0gY3VzdG9tZXJJZCkgcmV0dXJuO1xuICBhd2FpdCB0cngudXBkYXRlVGFibGUoJ2NsaWVudF91dWlkcycpLnNldCh7IGNsaWVudF9pZDogY3VzdG9tZXJJZCB9KS53aGVyZSgnY2xpZW50X2lkJywgJz0nLCBhbm9ueW1vdXMuaWQpLmV4ZWN1dGUoKTtcbiAgYXdhaXQgbW92ZUV2ZW50cyh0cngsIGFub255bW91cy5pZCwgY3VzdG9tZXJJZCk7XG4gIGF3YWl0IG1vdmVTZXNzaW9ucyh0cngsIGFub255bW91cy5pZCwgY3VzdG9tZXJJZCk7XG4gIGF3YWl0IGRlbGV0ZUVtYWlsVG9rZW5zKHRyeCwgYW5vbnltb3VzLmlkKTtcbiAgYXdhaXQgdHJ4LmRlbGV0ZUZyb20oJ2NsaWVudHMnKS53aGVyZSgnaWQnLCAnPScsIGFub255bW91cy5pZCkuZXhlY3V0ZSgpO1xufVxuXG4vKiogQXBwbGllcyBjb2x1bW4gY2hhbmdlcyBhbmQgcmV0dXJucyB0aGUgcm93IGFzIGl0IG5vdyBpcy4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiB1cGRhdGVDbGllbnQoZGI6IERiLCBpZDogbnVtYmVyLCBjaGFuZ2VzOiBVcGRhdGVhYmxlPENsaWVudHNUYWJsZT4pOiBQcm9taXNlPENsaWVudFJvdz4ge1xuICByZXR1cm4gZGIudXBkYXRlVGFibGUoJ2NsaWVudHMnKS5zZXQoY2hhbmdlcykud2hlcmUoJ2lkJywgJz0nLCBpZCkucmV0dXJuaW5nQWxsKCkuZXhlY3V0ZVRha2VGaXJzdE9yVGhyb3coKTtcbn1cblxuLyoqIEEgc3Ryb25nZXIgaGFzaCBmb3IgdGhlIHNhbWUgcGFzc3dvcmQsIHVubGVzcyBhbm90aGVyIHJlcXVlc3QgY2hhbmdlZCB0aGUgcGFzc3dvcmQgbWVhbndoaWxlLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHVwZ3JhZGVQYXNzd29yZEhhc2goZGI6IERiLCBpZDogbnVtYmVyLCBmcm9tOiBzdHJpbmcsIHRvOiBzdHJpbmcpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGIudXBkYXRlVGFibGUoJ2NsaWVudHMnKS5zZXQoeyBwYXNzd29yZF9oYXNoOiB0byB9KS53aGVyZSgnaWQnLCAnPScsIGlkKS53aGVyZSgncGFzc3dvcmRfaGFzaCcsICc9JywgZnJvbSkuZXhlY3V0ZSgpO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gY3VzdG9tSWRJblVzZShkYjogRGIsIGN1c3RvbUlkOiBzdHJpbmcpOiBQcm9taXNlPGJvb2xlYW4+IHtcbiAgcmV0dXJuIChhd2FpdCBkYi5zZWxlY3RGcm9tKCdjbGllbnRzJykuc2VsZWN0KCdpZCcpLndoZXJlKCdjdXN0b21faWQnLCAnPScsIGN1c3RvbUlkKS5leGVjdXRlVGFrZUZpcnN0KCkpICE9PSB1bmRlZmluZWQ7XG59XG5cbi8qKlxuICogRXJhc2VzIGEgY3VzdG9tZXIncyBwZXJzb25hbCBkYXRhOiB0aGUgcHJvZmlsZSBzdGF5cyBhcyBhbiBhbm9ueW1vdXMgb25lIHdpdGggaXRzIGV2ZW50cyBhbmQgaXRzXG4gKiBjdXJyZW50IFVVSUQ7IHRoZSBsaW5rcyB0byBpdHMgb3RoZXIgZGV2aWNlcyAoVVVJRHMpIGFyZSBwZXJzb25hbCBkYXRhIGFuZCBnby5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGVyYXNlQ2xpZW50RGF0YShkYjogRGIsIGNsaWVudDogUGljazxDbGllbnRSb3csICdpZCcgfCAndXVpZCc+LCBub3c6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICBhd2FpdCBkYi5kZWxldGVGcm9tKCdjbGllbnRfdXVpZHMnKS53aGVyZSgnY2xpZW50X2lkJywgJz0nLCBjbGllbnQuaWQpLndoZXJlKCd1dWlkJywgJyE9JywgY2xpZW50LnV1aWQpLmV4ZWN1dGUoKTtcbiAgYXdhaXQgZGJcbiAgICAudXBkYXRlVGFibGUoJ2NsaWVudHMnKVxuICAgIC5zZXQoe1xuICAgICAgZW1haWw6IG51bGwsXG4gICAgICBwYXNzd29yZF9oYXNoOiBudWxsLFxuICAgICAgc3RhdHVzOiAnYW5vbnltb3VzJyxcbiAgICAgIGVtYWlsX2NvbmZpcm1lZDogMCxcbiAgICAgIGZpcnN0X25hbWU6IG51bGwsXG4gICAgICBsYXN0X25hbWU6IG51bGwsXG4gICAgICBkaXNwbGF5X25hbWU6IG51bGwsXG4gICAgICBwaG9uZTogbnVsbCxcbiAgICAgIGN1c3RvbV9pZDogbnVsbCxcbiAgICAgIGN1c3RvbV9pZF92ZXJpZmllZDogMCxcbiAgICAgIHNleDogbnVsbCxcbiAgICAgIGJpcnRoX2RhdGU6IG51bGwsXG4gICAgICBjb21wYW55OiBudWxsLFxuICAgICAgYWRkcmVzczogbnVsbCxcbiAgICAgIGNpdHk6IG51bGwsXG4gICAgICBwcm92aW5jZTogbnVsbCxcbiAgICAgIHppcF9jb2RlOiBudWxsLFxuICAgICAgY291bnRyeV9jb2RlOiBudWxsLFxuICAgICAgYXZhdGFyX3VybDogbnVsbCxcbiAgICAgIGFncmVlbWVudHM6ICd7fScsXG4gICAgICBhdHRyaWJ1dGVzOiAne30nLFxuICAgICAgdGFnczogJ1tdJyxcbiAgICAgIHVwZGF0ZWRfYXQ6IG5vdyxcbiAgICB9KVxuICAgIC53aGVyZSgnaWQnLCAnPScsIGNsaWVudC5pZClcbiAgICAuZXhlY3V0ZSgpO1xufVxuXG50eXBlIEN1c3RvbWVyRmllbGRzID0gT21pdDxVcGRhdGVhYmxlPENsaWVudHNUYWJsZT4sICdpZCcgfCAndXVpZCcgfCAnY3JlYXRlZF9hdCc+ICYgeyBzdGF0dXM6IENsaWVudFN0YXR1czsgdXBkYXRlZF9hdDogbnVtYmVyIH07XG5cbi8qKlxuICogTWFrZXMgYSBjdXN0b21lciBmb3IgYSB2aXNpdG9yOiB0aGVpciBhbm9ueW1vdXMgcHJvZmlsZSAoYnkgVVVJRCkgYmVjb21lcyB0aGUgY3VzdG9tZXIsIGtlZXBpbmdcbiAqIGNsaWVudElkLCBVVUlEIGFuZCBldmVudHM7IGEgVVVJRCB0aGF0IGlzIHVua25vd24gaXMgdGFrZW4gYXMgdGhlIGN1c3RvbWVyJ3M7IG9uZSB0aGF0IGJlbG9uZ3MgdG9cbiAqIGEgY3VzdG9tZXIgYWxyZWFkeSBnZXRzIGEgZnJlc2ggVVVJRC4gVGhlIHN0YXR1cyBjb25kaXRpb24gbWFrZXMgYSBzZWNvbmQgY2FsbCByYWNpbmcgdGhyb3VnaCB0aGVcbiAqIHNhbWUgVVVJRCBtaXNzIHRoZSByb3cgKFBvc3RncmVTUUwgcmUtY2hlY2tzIGl0IGFmdGVyIHRoZSBmaXJzdCBjb21taXRzKSBhbmQgbWFrZSBpdHMgb3duIGN1c3RvbWVyLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gYmVjb21lQ3VzdG9tZXIodHJ4OiBUcmFuc2FjdGlvbjxEYXRhYmFzZT4sIHZpc2l0b3JVdWlkOiBzdHJpbmcgfCB1bmRlZmluZWQsIGZpZWxkczogQ3VzdG9tZXJGaWVsZHMsIG5vdzogbnVtYmVyKTogUHJvbWlzZTxDbGllbnRSb3c+IHtcbiAgY29uc3QgYW5vbnltb3VzID0gdmlzaXRvclV1aWQgPyBhd2FpdCBmaW5kQ2xpZW50QnlVdWlkKHRyeCwgdmlzaXRvclV1aWQpIDogdW5kZWZpbmVkO1xuICBpZiAoYW5vbnltb3VzPy5zdGF0dXMgPT09ICdhbm9ueW1vdXMnKSB7XG4gICAgY29uc3QgY29udmVydGVkID0gYXdhaXQgdHJ4XG4gICAgICAudXBkYXRlVGFibGUoJ2NsaWVudHMnKVxuICAgICAgLnNldChmaWVsZHMpXG4gICAgICAud2hlcmUoJ2lkJywgJz0nLCBhbm9ueW1vdXMuaWQpXG4gICAgICAud2hlcmUoJ3N0YXR1cycsICc9JywgJ2Fub255bW91cycpXG4gICAgICAucmV0dXJuaW5nQWxsKClcbiAgICAgIC5leGVjdXRlVGFrZUZpcnN0KCk7XG4gICAgaWYgKGNvbnZlcnRlZCkgcmV0dXJuIGNvbnZlcnRlZDtcbiAgfVxuICBjb25zdCB1dWlkID0gdmlzaXRvclV1aWQgJiYgIWFub255bW91cyA/IHZpc2l0b3JVdWlkIDogcmFuZG9tVVVJRCgpO1xuICBjb25zdCByb3cgPSBhd2FpdCB0cnhcbiAgICAuaW5zZXJ0SW50bygnY2xpZW50cycpXG4gICAgLnZhbHVlcyh7IGFncmVlbWVudHM6ICd7fScsIGF0dHJpYnV0ZXM6ICd7fScsIHRhZ3M6ICdbXScsIGVtYWlsX2NvbmZpcm1lZDogMCwgLi4uZmllbGRzLCB1dWlkLCBjcmVhdGVkX2F0OiBub3cgfSBhcyBJbnNlcnRhYmxlPENsaWVudHNUYWJsZT4pXG4gICAgLnJldHVybmluZ0FsbCgpXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3RPclRocm93KCk7XG4gIGF3YWl0IHRyeC5pbnNlcnRJbnRvKCdjbGllbnRfdXVpZHMnKS52YWx1ZXMoeyB1dWlkLCBjbGllbnRfaWQ6IHJvdy5pZCwgY3JlYXRlZF9hdDogbm93IH0pLmV4ZWN1dGUoKTtcbiAgcmV0dXJuIHJvdztcbn1cblxuY29uc3QgRklFTERfQ09MVU1OUyA9IHtcbiAgZmlyc3ROYW1lOiAnZmlyc3RfbmFtZScsXG4gIGxhc3ROYW1lOiAnbGFzdF9uYW1lJyxcbiAgZGlzcGxheU5hbWU6ICdkaXNwbGF5X25hbWUnLFxuICBwaG9uZTogJ3Bob25lJyxcbiAgY3VzdG9tSWQ6ICdjdXN0b21faWQnLFxuICBzZXg6ICdzZXgnLFxuICBiaXJ0aERhdGU6ICdiaXJ0aF9kYXRlJyxcbiAgY29tcGFueTogJ2NvbXBhbnknLFxuICBhZGRyZXNzOiAnYWRkcmVzcycsXG4gIGNpdHk6ICdjaXR5JyxcbiAgcHJvdmluY2U6ICdwcm92aW5jZScsXG4gIHppcENvZGU6ICd6aXBfY29kZScsXG4gIGNvdW50cnlDb2RlOiAnY291bnRyeV9jb2RlJyxcbiAgYXZhdGFyVXJsOiAnYXZhdGFyX3VybCcsXG59IGFzIGNvbnN0IHNhdGlzZmllcyBSZWNvcmQ8c3RyaW5nLCBrZXlvZiBDbGllbnRzVGFibGU+O1xuXG50eXBlIFByb2ZpbGVJbnB1dCA9IE9taXQ8VXBkYXRlQWNjb3VudFJlcXVlc3QsICdhcGlLZXknPiB8IE9taXQ8UmVnaXN0ZXJSZXF1ZXN0LCAnYXBpS2V5JyB8ICdlbWFpbCcgfCAncGFzc3dvcmQnIHwgJ3V1aWQnPjtcblxuLyoqXG4gKiBUaGUgY29sdW1uIGNoYW5nZXMgZm9yIGEgKHBhcnRpYWwpIHByb2ZpbGU6IHBsYWluIGZpZWxkcyByZXBsYWNlLCBhZ3JlZW1lbnRzIGFuZCBhdHRyaWJ1dGVzXG4gKiBtZXJnZSBrZXkgYnkga2V5IChhbiBhdHRyaWJ1dGUgc2V0IHRvIG51bGwgaXMgcmVtb3ZlZCksIHRhZ3MgcmVwbGFjZS5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHByb2ZpbGVDaGFuZ2VzKGlucHV0OiBQcm9maWxlSW5wdXQsIGN1cnJlbnQ/OiBDbGllbnRSb3cpOiBVcGRhdGVhYmxlPENsaWVudHNUYWJsZT4ge1xuICBjb25zdCBjaGFuZ2VzOiBVcGRhdGVhYmxlPENsaWVudHNUYWJsZT4gPSB7fTtcbiAgZm9yIChjb25zdCBbZmllbGQsIGNvbHVtbl0gb2YgT2JqZWN0LmVudHJpZXMoRklFTERfQ09MVU1OUykpIHtcbiAgICBjb25zdCB2YWx1ZSA9IChpbnB1dCBhcyBSZWNvcmQ8c3RyaW5nLCB1bmtub3duPilbZmllbGRdO1xuICAgIGlmICh2YWx1ZSAhPT0gdW5kZWZpbmVkKSAoY2hhbmdlcyBhcyBSZWNvcmQ8c3RyaW5nLCB1bmtub3duPilbY29sdW1uXSA9IHZhbHVlID09PSAnJyA/IG51bGwgOiB2YWx1ZTtcbiAgfVxuICAvLyBBIGN1c3RvbUlkIGZyb20gdGhlIGN1c3RvbWVyIChvciBhIHByb3ZpZGVyKSBpcyBvbmx5IHRoZWlyIGNsYWltOyByZWNvZ25pdGlvbiwgd2hpY2ggYWxvbmVcbiAgLy8gdmVyaWZpZXMgb25lLCBzZXRzIHRoZSBmbGFnIGFmdGVyIHRoaXMuIFNlbmRpbmcgdGhlIHNhbWUgdmFsdWUgYWdhaW4gY2hhbmdlcyBub3RoaW5nLlxuICBpZiAoY2hhbmdlcy5jdXN0b21faWQgIT09IHVuZGVmaW5lZCAmJiBjaGFuZ2VzLmN1c3RvbV9pZCAhPT0gY3VycmVudD8uY3VzdG9tX2lkKSBjaGFuZ2VzLmN1c3RvbV9pZF92ZXJpZmllZCA9IDA7XG4gIGlmIChpbnB1dC5hZ3JlZW1lbnRzKSB7XG4gICAgY29uc3QgbWVyZ2VkID0geyAuLi4oY3VycmVudCA/IChKU09OLnBhcnNlKGN1cnJlbnQuYWdyZWVtZW50cykgYXMgQWdyZWVtZW50cykgOiB7fSksIC4uLmlucHV0LmFncmVlbWVudHMgfTtcbiAgICBjaGFuZ2VzLmFncmVlbWVudHMgPSBKU09OLnN0cmluZ2lmeShtZXJnZWQpO1xuICB9XG4gIGlmIChpbnB1dC5hdHRyaWJ1dGVzKSB7XG4gICAgY29uc3QgbWVyZ2VkOiBSZWNvcmQ8c3RyaW5nLCB1bmtub3duPiA9IGN1cnJlbnQgPyBKU09OLnBhcnNlKGN1cnJlbnQuYXR0cmlidXRlcykgOiB7fTtcbiAgICBmb3IgKGNvbnN0IFtrZXksIHZhbHVlXSBvZiBPYmplY3QuZW50cmllcyhpbnB1dC5hdHRyaWJ1dGVzKSkge1xuICAgICAgaWYgKHZhbHVlID09PSBudWxsKSBkZWxldGUgbWVyZ2VkW2tleV07XG4gICAgICBlbHNlIG1lcmdlZFtrZXldID0gdmFsdWU7XG4gICAgfVxuICAgIGNoYW5nZXMuYXR0cmlidXRlcyA9IEpTT04uc3RyaW5naWZ5KG1lcmdlZCk7XG4gIH1cbiAgaWYgKGlucHV0LnRhZ3MpIGNoYW5nZXMudGFncyA9IEpTT04uc3RyaW5naWZ5KFsuLi5uZXcgU2V0KGlucHV0LnRhZ3MpXSk7XG4gIHJldHVybiBjaGFuZ2VzO1xufVxuXG5leHBvcnQgZnVuY3Rpb24gdG9BY2NvdW50SW5mb3JtYXRpb24ocm93OiBDbGllbnRSb3cpOiBBY2NvdW50SW5mb3JtYXRpb24ge1xuICBjb25zdCBhZ3JlZW1lbnRzID0gSlNPTi5wYXJzZShyb3cuYWdyZWVtZW50cykgYXMgQWdyZWVtZW50cztcbiAgY29uc3QgYXR0cmlidXRlcyA9IEpTT04ucGFyc2Uocm93LmF0dHJpYnV0ZXMpIGFzIFJlY29yZDxzdHJpbmcsIHVua25vd24+O1xuICByZXR1cm4ge1xuICAgIGNsaWVudElkOiByb3cuaWQsXG4gICAgdXVpZDogcm93LnV1aWQsXG4gICAgZW1haWw6IHJvdy5lbWFpbCA/PyAnJyxcbiAgICBmaXJzdE5hbWU6IHJvdy5maXJzdF9uYW1lLFxuICAgIGxhc3ROYW1lOiByb3cubGFzdF9uYW1lLFxuICAgIGRpc3BsYXlOYW1lOiByb3cuZGlzcGxheV9uYW1lLFxuICAgIHBob25lOiByb3cucGhvbmUsXG4gICAgY3VzdG9tSWQ6IHJvdy5jdXN0b21faWQsXG4gICAgc2V4OiByb3cuc2V4IGFzIEFjY291bnRJbmZvcm1hdGlvblsnc2V4J10sXG4gICAgYmlydGhEYXRlOiByb3cuYmlydGhfZGF0ZSxcbiAgICBjb21wYW55OiByb3cuY29tcGFueSxcbiAgICBhZGRyZXNzOiByb3cuYWRkcmVzcyxcbiAgICBjaXR5OiByb3cuY2l0eSxcbiAgICBwcm92aW5jZTogcm93LnByb3ZpbmNlLFxuICAgIHppcENvZGU6IHJvdy56aXBfY29kZSxcbiAgICBjb3VudHJ5Q29kZTogcm93LmNvdW50cnlfY29kZSxcbiAgICBhdmF0YXJVcmw6IHJvdy5hdmF0YXJfdXJsLFxuICAgIGFncmVlbWVudHM6IE9iamVjdC5mcm9tRW50cmllcyhBR1JFRU1FTlRfTkFNRVMubWFwKChuKSA9PiBbbiwgYWdyZWVtZW50c1tuXSA9PT0gdHJ1ZV0pKSBhcyBBY2NvdW50SW5mb3JtYXRpb25bJ2FncmVlbWVudHMnXSxcbiAgICBhdHRyaWJ1dGVzOiB7IC4uLmF0dHJpYnV0ZXMsIHNucnNfZW1haWxfY29uZmlybWVkOiByb3cuZW1haWxfY29uZmlybWVkID09PSAxIH0sXG4gICAgdGFnczogSlNPTi5wYXJzZShyb3cudGFncykgYXMgc3RyaW5nW10sXG4gICAgYW5vbnltb3VzOiByb3cuc3RhdHVzID09PSAnYW5vbnltb3VzJyxcbiAgICBjcmVhdGVkQXQ6IG5ldyBEYXRlKHJvdy5jcmVhdGVkX2F0KS50b0lTT1N0cmluZygpLFxuICAgIGxhc3RBY3Rpdml0eURhdGU6IHJvdy5sYXN0X2FjdGl2aXR5X2F0ID09PSBudWxsID8gbnVsbCA6IG5ldyBEYXRlKHJvdy5sYXN0X2FjdGl2aXR5X2F0KS50b0lTT1N0cmluZygpLFxuICB9O1xufVxuXG5leHBvcnQgZnVuY3Rpb24gaXNDdXN0b21lcihyb3c6IFBpY2s8Q2xpZW50Um93LCAnc3RhdHVzJz4pOiBib29sZWFuIHtcbiAgcmV0dXJuIHJvdy5zdGF0dXMgPT09ICdhY3RpdmUnIHx8IHJvdy5zdGF0dXMgPT09ICdwZW5kaW5nX2FjdGl2YXRpb24nIHx8IHJvdy5zdGF0dXMgPT09ICdwZW5kaW5nX2FwcHJvdmFsJztcbn1cblxuLyoqXG4gKiBUaGUgc3RhdHVzIGFuIGFjY291bnQgdGFrZXMgb25jZSBpdHMgZW1haWwgaXMgcHJvdmVkIChhIGxpbmssIGEgY29kZSwgYSBwYXNzd29yZCByZXNldCwgYVxuICogcHJvdmlkZXIpOiBhY3RpdmUsIGV4Y2VwdCBhbiBhY2NvdW50IHRoYXQgd2FpdHMgZm9yIHRoZSBzaXRlJ3MgYXBwcm92YWwsIHdoaWNoIHByb3ZpbmcgYW5cbiAqIGFkZHJlc3MgZG9lcyBub3QgZ2l2ZS5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHN0YXR1c09uY2VFbWFpbFByb3ZlZChyb3c6IFBpY2s8Q2xpZW50Um93LCAnc3RhdHVzJz4pOiBDbGllbnRTdGF0dXMge1xuICByZXR1cm4gcm93LnN0YXR1cyA9PT0gJ3BlbmRpbmdfYXBwcm92YWwnID8gJ3BlbmRpbmdfYXBwcm92YWwnIDogJ2FjdGl2ZSc7XG59XG5cbi8qKiBSZWNvcmRzIHRoZSB2ZXJzaW9uIG9mIHRoZSB0ZXJtcyBhIGN1c3RvbWVyIGFjY2VwdGVkLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHJlY29yZFRlcm1zQWNjZXB0YW5jZShkYjogRGIsIGlkOiBudW1iZXIsIHZlcnNpb246IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGIudXBkYXRlVGFibGUoJ2NsaWVudHMnKS5zZXQoeyB0ZXJtc192ZXJzaW9uOiB2ZXJzaW9uLCB0ZXJtc19hY2NlcHRlZF9hdDogbm93IH0pLndoZXJlKCdpZCcsICc9JywgaWQpLmV4ZWN1dGUoKTtcbn1cblxuLyoqIEFwcHJvdmVzIGFuIGFjY291bnQgd2FpdGluZyBpbiB0aGUgYGFwcHJvdmFsYCBtb2RlOyBmYWxzZSB3aGVuIHRoZXJlIGlzIG5vIHN1Y2ggY3VzdG9tZXIuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gYXBwcm92ZUNsaWVudChkYjogRGIsIGlkOiBudW1iZXIsIG5vdzogbnVtYmVyKTogUHJvbWlzZTxDbGllbnRSb3cgfCB1bmRlZmluZWQ+IHtcbiAgY29uc3Qgcm93ID0gYXdhaXQgZGIuc2VsZWN0RnJvbSgnY2xpZW50cycpLnNlbGVjdEFsbCgpLndoZXJlKCdpZCcsICc9JywgaWQpLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgaWYgKCFyb3cgfHwgIWlzQ3VzdG9tZXIocm93KSkgcmV0dXJuIHVuZGVmaW5lZDtcbiAgaWYgKHJvdy5zdGF0dXMgIT09ICdwZW5kaW5nX2FwcHJvdmFsJykgcmV0dXJuIHJvdztcbiAgcmV0dXJuIGRiLnVwZGF0ZVRhYmxlKCdjbGllbnRzJykuc2V0KHsgc3RhdHVzOiAnYWN0aXZlJywgdXBkYXRlZF9hdDogbm93IH0pLndoZXJlKCdpZCcsICc9JywgaWQpLnJldHVybmluZ0FsbCgpLmV4ZWN1dGVUYWtlRmlyc3RPclRocm93KCk7XG59XG5cbmV4cG9ydCB0eXBlIHsgQ2xpZW50U3RhdHVzIH07XG4iLCAiaW1wb3J0IHR5cGUgeyBLeXNlbHksIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgRGF0YWJhc2UsIEVtYWlsVG9rZW5QdXJwb3NlIH0gZnJvbSAnLi9zY2hlbWEuanMnO1xuXG50eXBlIERiID0gS3lzZWx5PERhdGFiYXNlPiB8IFRyYW5zYWN0aW9uPERhdGFiYXNlPjtcblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGluc2VydEVtYWlsVG9rZW4oXG4gIGRiOiBEYixcbiAgcm93OiB7IHRva2VuSGFzaDogc3RyaW5nOyBjbGllbnRJZDogbnVtYmVyOyBwdXJwb3NlOiBFbWFpbFRva2VuUHVycG9zZTsgbm93OiBudW1iZXI7IGV4cGlyZXNBdDogbnVtYmVyOyBuZXdFbWFpbD86IHN0cmluZyB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRiXG4gICAgLmluc2VydEludG8oJ2VtYWlsX3Rva2VucycpXG4gICAgLnZhbHVlcyh7XG4gICAgICB0b2tlbl9oYXNoOiByb3cudG9rZW5IYXNoLFxuICAgICAgY2xpZW50X2lkOiByb3cuY2xpZW50SWQsXG4gICAgICBwdXJwb3NlOiByb3cucHVycG9zZSxcbiAgICAgIGNyZWF0ZWRfYXQ6IHJvdy5ub3csXG4gICAgICBleHBpcmVzX2F0OiByb3cuZXhwaXJlc0F0LFxuICAgICAgdXNlZF9hdDogbnVsbCxcbiAgICAgIC4uLihyb3cubmV3RW1haWwgPT09IHVuZGVmaW5lZCA/IHt9IDogeyBuZXdfZW1haWw6IHJvdy5uZXdFbWFpbCB9KSxcbiAgICB9KVxuICAgIC5leGVjdXRlKCk7XG59XG5cbi8qKiBNYXJrcyBhIHByb2ZpbGUncyB1bnVzZWQgdG9rZW5zIG9mIHRoZXNlIHB1cnBvc2VzIHVzZWQ6IHRoZWlyIGxpbmtzIHN0b3Agd29ya2luZy4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBtYXJrRW1haWxUb2tlbnNVc2VkKGRiOiBEYiwgY2xpZW50SWQ6IG51bWJlciwgcHVycG9zZXM6IHJlYWRvbmx5IEVtYWlsVG9rZW5QdXJwb3NlW10sIG5vdzogbnVtYmVyKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRiXG4gICAgLnVwZGF0ZVRhYmxlKCdlbWFpbF90b2tlbnMnKVxuICAgIC5zZXQoeyB1c2VkX2F0OiBub3cgfSlcbiAgICAud2hlcmUoJ2NsaWVudF9pZCcsICc9JywgY2xpZW50SWQpXG4gICAgLndoZXJlKCdwdXJwb3NlJywgJ2luJywgcHVycG9zZXMpXG4gICAgLndoZXJlKCd1c2VkX2F0JywgJ2lzJywgbnVsbClcbiAgICAuZXhlY3V0ZSgpO1xufVxuXG4vKiogRGVsZXRlcyBldmVyeSB0b2tlbiBvZiBhIHByb2ZpbGUgKG1lcmdlZCBhd2F5IG9yIGVyYXNlZCkuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZGVsZXRlRW1haWxUb2tlbnMoZGI6IERiLCBjbGllbnRJZDogbnVtYmVyKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRiLmRlbGV0ZUZyb20oJ2VtYWlsX3Rva2VucycpLndoZXJlKCdjbGllbnRfaWQnLCAnPScsIGNsaWVudElkKS5leGVjdXRlKCk7XG59XG5cbi8qKiBBbiBhY3RpdmF0aW9uIG9yIGNvbmZpcm1hdGlvbiB0b2tlbiwgd2l0aCB0aGUgc3RhdGUgb2YgaXRzIGFjY291bnQuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZmluZENvbmZpcm1hdGlvblRva2VuKGRiOiBEYiwgdG9rZW5IYXNoOiBzdHJpbmcpIHtcbiAgcmV0dXJuIGRiXG4gICAgLnNlbGVjdEZyb20oJ2VtYWlsX3Rva2VucycpXG4gICAgLmlubmVySm9pbignY2xpZW50cycsICdjbGllbnRzLmlkJywgJ2VtYWlsX3Rva2Vucy5jbGllbnRfaWQnKVxuICAgIC5zZWxlY3QoW1xuICAgICAgJ2VtYWlsX3Rva2Vucy50b2tlbl9oYXNoJyxcbiAgICAgICdlbWFpbF90b2tlbnMudXNlZF9hdCcsXG4gICAgICAnZW1haWxfdG9rZW5zLmV4cGlyZXNfYXQnLFxuICAgICAgJ2NsaWVudHMuaWQgYXMgY2xpZW50X2lkJyxcbiAgICAgICdjbGllbnRzLmVtYWlsX2NvbmZpcm1lZCcsXG4gICAgICAnY2xpZW50cy5zdGF0dXMnLFxuICAgIF0pXG4gICAgLndoZXJlKCdlbWFpbF90b2tlbnMudG9rZW5faGFzaCcsICc9JywgdG9rZW5IYXNoKVxuICAgIC53aGVyZSgnZW1haWxfdG9rZW5zLnB1cnBvc2UnLCAnaW4nLCBbJ2FjdGl2YXRpb24nLCAnY29uZmlybWF0aW9uJ10pXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbn1cblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGZpbmRQYXNzd29yZFJlc2V0VG9rZW4oZGI6IERiLCB0b2tlbkhhc2g6IHN0cmluZykge1xuICByZXR1cm4gZGJcbiAgICAuc2VsZWN0RnJvbSgnZW1haWxfdG9rZW5zJylcbiAgICAuc2VsZWN0KFsnY2xpZW50X2lkJywgJ3VzZWRfYXQnLCAnZXhwaXJlc19hdCddKVxuICAgIC53aGVyZSgndG9rZW5faGFzaCcsICc9JywgdG9rZW5IYXNoKVxuICAgIC53aGVyZSgncHVycG9zZScsICc9JywgJ3Bhc3N3b3JkX3Jlc2V0JylcbiAgICAuZXhlY3V0ZVRha2VGaXJzdCgpO1xufVxuXG4vKiogTWFya3Mgb25lIHRva2VuIHVzZWQ7IGZhbHNlIHdoZW4gaXQgYWxyZWFkeSB3YXMgKG9mIHR3byByYWNpbmcgdXNlcywgb25seSBvbmUgd2lucykuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdXNlRW1haWxUb2tlbihkYjogRGIsIHRva2VuSGFzaDogc3RyaW5nLCBub3c6IG51bWJlcik6IFByb21pc2U8Ym9vbGVhbj4ge1xuICBjb25zdCBjbGFpbWVkID0gYXdhaXQgZGJcbiAgICAudXBkYXRlVGFibGUoJ2VtYWlsX3Rva2VucycpXG4gICAgLnNldCh7IHVzZWRfYXQ6IG5vdyB9KVxuICAgIC53aGVyZSgndG9rZW5faGFzaCcsICc9JywgdG9rZW5IYXNoKVxuICAgIC53aGVyZSgndXNlZF9hdCcsICdpcycsIG51bGwpXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgcmV0dXJuIE51bWJlcihjbGFpbWVkLm51bVVwZGF0ZWRSb3dzKSA9PT0gMTtcbn1cblxuLyoqIEFuIGVtYWlsLWNoYW5nZSB0b2tlbjogd2hvc2UgYWNjb3VudCwgdGhlIGFkZHJlc3MgaXQgbW92ZXMgdG8sIGFuZCB3aGV0aGVyIGl0IGlzIHN0aWxsIGdvb2QuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZmluZEVtYWlsQ2hhbmdlVG9rZW4oZGI6IERiLCB0b2tlbkhhc2g6IHN0cmluZykge1xuICByZXR1cm4gZGJcbiAgICAuc2VsZWN0RnJvbSgnZW1haWxfdG9rZW5zJylcbiAgICAuc2VsZWN0KFsnY2xpZW50X2lkJywgJ25ld19lbWFpbCcsICd1c2VkX2F0JywgJ2V4cGlyZXNfYXQnXSlcbiAgICAud2hlcmUoJ3Rva2VuX2hhc2gnLCAnPScsIHRva2VuSGFzaClcbiAgICAud2hlcmUoJ3B1cnBvc2UnLCAnPScsICdlbWFpbF9jaGFuZ2UnKVxuICAgIC5leGVjdXRlVGFrZUZpcnN0KCk7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBJbnNlcnRhYmxlLCBLeXNlbHksIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgRGF0YWJhc2UsIEV2ZW50c1RhYmxlIH0gZnJvbSAnLi9zY2hlbWEuanMnO1xuXG50eXBlIERiID0gS3lzZWx5PERhdGFiYXNlPiB8IFRyYW5zYWN0aW9uPERhdGFiYXNlPjtcblxuLyoqIE5VTCAoUG9zdGdyZVNRTCB0ZXh0IGNhbm5vdCBob2xkIGl0KSBvciBhIFVURi0xNiBzdXJyb2dhdGUgd2l0aG91dCBpdHMgcGFpciAoVVRGLTggY2Fubm90OiBpdCB3b3VsZCBiZWNvbWUgVStGRkZEKS4gKi9cbmNvbnN0IFVOU1RPUkFCTEVfVEVYVCA9IC9cXDB8W1xcdUQ4MDAtXFx1REJGRl0oPyFbXFx1REMwMC1cXHVERkZGXSl8KD88IVtcXHVEODAwLVxcdURCRkZdKVtcXHVEQzAwLVxcdURGRkZdLztcblxuLyoqXG4gKiBUaGUgYGxhYmVsYCBjb2x1bW4ncyB0ZXh0IGZvciBhbiBldmVudCBsYWJlbC4gQSBsYWJlbCB0aGF0IHRleHQgY2Fubm90IGhvbGQgYXMgaXQgaXMgKE5VTCwgYW5cbiAqIHVucGFpcmVkIHN1cnJvZ2F0ZTogSlNPTiBzdHJpbmdzIHRoZSBjb250cmFjdCBhY2NlcHRzKSBpcyBzdG9yZWQgYXMgaXRzIEpTT04gc3RyaW5nIGxpdGVyYWwsIHdpdGhcbiAqIGBcXHUwMDAwYC1zdHlsZSBlc2NhcGVzLCBzbyB0aGF0IGl0IGlzIGtlcHQgb24gYm90aCBkaWFsZWN0cyBpbnN0ZWFkIG9mIGZhaWxpbmcgdGhlIGJhdGNoICg1MDApXG4gKiBvciBsb3NpbmcgY2hhcmFjdGVyczsgYSBsYWJlbCB0aGF0IHN0YXJ0cyB3aXRoIGBcImAgaXMgc3RvcmVkIHRoZSBzYW1lIHdheSwgc28gdGhhdCB3aGF0IGlzIHN0b3JlZFxuICogcmVhZHMgYmFjayB1bmFtYmlndW91c2x5IChgZGVjb2RlTGFiZWxgKS4gQW55IG90aGVyIGxhYmVsIGlzIHN0b3JlZCBhcyBpdCBpcy4gKGBwYXJhbXNgLCBhbmQgYVxuICogcHJvZmlsZSdzIGF0dHJpYnV0ZXMsIGFyZSBKU09OIHRleHQgYWxyZWFkeTogYEpTT04uc3RyaW5naWZ5YCBlc2NhcGVzIHRoZSBzYW1lIGNoYXJhY3RlcnMuKVxuICovXG5leHBvcnQgZnVuY3Rpb24gZW5jb2RlTGFiZWwobGFiZWw6IHN0cmluZyk6IHN0cmluZyB7XG4gIHJldHVybiBsYWJlbC5zdGFydHNXaXRoKCdcIicpIHx8IFVOU1RPUkFCTEVfVEVYVC50ZXN0KGxhYmVsKSA/IEpTT04uc3RyaW5naWZ5KGxhYmVsKSA6IGxhYmVsO1xufVxuXG4vKiogVGhlIGxhYmVsIGBlbmNvZGVMYWJlbGAgc3RvcmVkLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGRlY29kZUxhYmVsKHN0b3JlZDogc3RyaW5nKTogc3RyaW5nIHtcbiAgaWYgKCFzdG9yZWQuc3RhcnRzV2l0aCgnXCInKSkgcmV0dXJuIHN0b3JlZDtcbiAgdHJ5IHtcbiAgICBjb25zdCBsYWJlbDogdW5rbm93biA9IEpTT04ucGFyc2Uoc3RvcmVkKTtcbiAgICByZXR1cm4gdHlwZW9mIGxhYmVsID09PSAnc3RyaW5nJyA/IGxhYmVsIDogc3RvcmVkO1xuICB9IGNhdGNoIHtcbiAgICByZXR1cm4gc3RvcmVkO1xuICB9XG59XG5cbi8qKiBTdG9yZXMgZXZlbnRzLCBlYWNoIGBldmVudF9zYWx0YCBvbmNlIHBlciBwcm9maWxlIGFuZCBBUEkga2V5OyByZXR1cm5zIGhvdyBtYW55IHdlcmUgbmV3LiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGluc2VydEV2ZW50cyhkYjogRGIsIHJvd3M6IEluc2VydGFibGU8RXZlbnRzVGFibGU+W10pOiBQcm9taXNlPG51bWJlcj4ge1xuICBjb25zdCBpbnNlcnRlZCA9IGF3YWl0IGRiXG4gICAgLmluc2VydEludG8oJ2V2ZW50cycpXG4gICAgLnZhbHVlcyhyb3dzKVxuICAgIC5vbkNvbmZsaWN0KChvYykgPT4gb2MuY29sdW1ucyhbJ2NsaWVudF9pZCcsICdhcGlfa2V5JywgJ2V2ZW50X3NhbHQnXSkuZG9Ob3RoaW5nKCkpXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgcmV0dXJuIE51bWJlcihpbnNlcnRlZC5udW1JbnNlcnRlZE9yVXBkYXRlZFJvd3MgPz8gMCk7XG59XG5cbi8qKlxuICogQSBtZXJnZWQgYW5vbnltb3VzIHByb2ZpbGUncyBldmVudHMgZm9sbG93IGl0IGludG8gdGhlIGN1c3RvbWVyOyBvbmUgdGhlIGN1c3RvbWVyIGFscmVhZHkgaGFzXG4gKiAodGhlIHNhbWUgc2FsdCB1bmRlciB0aGUgc2FtZSBrZXk6IHRoZSBzYW1lIGV2ZW50LCBzZW50IHR3aWNlKSBzdGF5cyBvbmNlLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gbW92ZUV2ZW50cyhkYjogRGIsIGZyb21DbGllbnRJZDogbnVtYmVyLCB0b0NsaWVudElkOiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGJcbiAgICAuZGVsZXRlRnJvbSgnZXZlbnRzJylcbiAgICAud2hlcmUoJ2NsaWVudF9pZCcsICc9JywgZnJvbUNsaWVudElkKVxuICAgIC53aGVyZSgoeyBleGlzdHMsIHNlbGVjdEZyb20gfSkgPT5cbiAgICAgIGV4aXN0cyhcbiAgICAgICAgc2VsZWN0RnJvbSgnZXZlbnRzIGFzIGtlcHQnKVxuICAgICAgICAgIC5zZWxlY3QoJ2tlcHQuaWQnKVxuICAgICAgICAgIC53aGVyZSgna2VwdC5jbGllbnRfaWQnLCAnPScsIHRvQ2xpZW50SWQpXG4gICAgICAgICAgLndoZXJlUmVmKCdrZXB0LmFwaV9rZXknLCAnPScsICdldmVudHMuYXBpX2tleScpXG4gICAgICAgICAgLndoZXJlUmVmKCdrZXB0LmV2ZW50X3NhbHQnLCAnPScsICdldmVudHMuZXZlbnRfc2FsdCcpLFxuICAgICAgKSxcbiAgICApXG4gICAgLmV4ZWN1dGUoKTtcbiAgYXdhaXQgZGIudXBkYXRlVGFibGUoJ2V2ZW50cycpLnNldCh7IGNsaWVudF9pZDogdG9DbGllbnRJZCB9KS53aGVyZSgnY2xpZW50X2lkJywgJz0nLCBmcm9tQ2xpZW50SWQpLmV4ZWN1dGUoKTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IENvbXBpbGFibGUsIENvbXBpbGVkUXVlcnksIEt5c2VseSwgVHJhbnNhY3Rpb24gfSBmcm9tICdreXNlbHknO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4vc2NoZW1hLmpzJztcblxudHlwZSBEYiA9IEt5c2VseTxEYXRhYmFzZT4gfCBUcmFuc2FjdGlvbjxEYXRhYmFzZT47XG5cbi8qKiBTdGFuZHMgZm9yIHRoZSBuLXRoIGFyZ3VtZW50IHdoaWxlIGEgcXVlcnkgaXMgYnVpbHQgb25jZS4gKi9cbmNsYXNzIFNsb3Qge1xuICBjb25zdHJ1Y3RvcihyZWFkb25seSBpbmRleDogbnVtYmVyKSB7fVxufVxuXG5pbnRlcmZhY2UgQ29tcGlsZWQ8Uj4ge1xuICBxdWVyeTogQ29tcGlsZWRRdWVyeTxSPjtcbiAgLyoqIEZvciBlYWNoIHBhcmFtZXRlciBvZiBgcXVlcnlgOiB0aGUgYXJndW1lbnQgaXQgdGFrZXMsIG9yIHRoZSBjb25zdGFudCBpdCBrZWVwcy4gKi9cbiAgcGFyYW1zOiBBcnJheTxTbG90IHwgeyBjb25zdGFudDogdW5rbm93biB9Pjtcbn1cblxuLyoqXG4gKiBBIGhvdCBxdWVyeSBidWlsdCBvbmNlIHBlciBkaWFsZWN0IGFuZCB0aGVuIHJ1biB3aXRoIGZyZXNoIHZhbHVlczogS3lzZWx5IGJ1aWxkcyBhbmQgY29tcGlsZXMgYVxuICogcXVlcnkgYW5ldyBvbiBldmVyeSBjYWxsLCBhbmQgdGhhdCB3YXMgYWJvdXQgMTUgJSBvZiBhbiBhbm9ueW1vdXMgbG9naW4uIGBidWlsZGAgcmVjZWl2ZXMgc2xvdHMgaW5cbiAqIHBsYWNlIG9mIGl0cyBhcmd1bWVudHM7IGVhY2ggbXVzdCBiZSB1c2VkIGFzIGEgcGxhaW4gdmFsdWUgKGB3aGVyZShjb2wsICc9JywgeClgLCBgdmFsdWVzKHsgY29sOiB4IH0pYCksXG4gKiBuZXZlciBpbiBhbiBleHByZXNzaW9uIHRoYXQgaW5zcGVjdHMgaXQuIFRoZSBkaWFsZWN0IGlzIGZvdW5kIHRocm91Z2ggdGhlIGV4ZWN1dG9yJ3MgYWRhcHRlcixcbiAqIHdoaWNoIGEgdHJhbnNhY3Rpb24gc2hhcmVzIHdpdGggaXRzIGRhdGFiYXNlLlxuICovXG5leHBvcnQgZnVuY3Rpb24gcHJlY29tcGlsZWQ8QSBleHRlbmRzIHVua25vd25bXSwgUj4oYnVpbGQ6IChkYjogS3lzZWx5PERhdGFiYXNlPiwgLi4uYXJnczogQSkgPT4gQ29tcGlsYWJsZTxSPiwgYXJpdHk6IEFbJ2xlbmd0aCddKSB7XG4gIGNvbnN0IGJ5QWRhcHRlciA9IG5ldyBXZWFrTWFwPG9iamVjdCwgQ29tcGlsZWQ8Uj4+KCk7XG4gIGNvbnN0IGNvbXBpbGUgPSAoZGI6IERiKTogQ29tcGlsZWQ8Uj4gPT4ge1xuICAgIGNvbnN0IHNsb3RzID0gQXJyYXkuZnJvbSh7IGxlbmd0aDogYXJpdHkgfSwgKF8sIGkpID0+IG5ldyBTbG90KGkpKSBhcyB1bmtub3duIGFzIEE7XG4gICAgY29uc3QgcXVlcnkgPSBidWlsZChkYiBhcyBLeXNlbHk8RGF0YWJhc2U+LCAuLi5zbG90cykuY29tcGlsZSgpO1xuICAgIGNvbnN0IHBhcmFtcyA9IHF1ZXJ5LnBhcmFtZXRlcnMubWFwKChwKSA9PiAocCBpbnN0YW5jZW9mIFNsb3QgPyBwIDogeyBjb25zdGFudDogcCB9KSk7XG4gICAgY29uc3QgdXNlZCA9IG5ldyBTZXQocGFyYW1zLmZpbHRlcigocCk6IHAgaXMgU2xvdCA9PiBwIGluc3RhbmNlb2YgU2xvdCkubWFwKChwKSA9PiBwLmluZGV4KSk7XG4gICAgaWYgKHVzZWQuc2l6ZSAhPT0gYXJpdHkpIHRocm93IG5ldyBFcnJvcihgcHJlY29tcGlsZWQ6ICR7YXJpdHkgLSB1c2VkLnNpemV9IGFyZ3VtZW50KHMpIG5vdCBib3VuZCBhcyBwbGFpbiB2YWx1ZXMgaW4gJHtxdWVyeS5zcWx9YCk7XG4gICAgcmV0dXJuIHsgcXVlcnksIHBhcmFtcyB9O1xuICB9O1xuICByZXR1cm4gYXN5bmMgKGRiOiBEYiwgLi4uYXJnczogQSk6IFByb21pc2U8UltdPiA9PiB7XG4gICAgY29uc3QgYWRhcHRlciA9IGRiLmdldEV4ZWN1dG9yKCkuYWRhcHRlcjtcbiAgICBsZXQgY29tcGlsZWQgPSBieUFkYXB0ZXIuZ2V0KGFkYXB0ZXIpO1xuICAgIGlmICghY29tcGlsZWQpIGJ5QWRhcHRlci5zZXQoYWRhcHRlciwgKGNvbXBpbGVkID0gY29tcGlsZShkYikpKTtcbiAgICBjb25zdCBwYXJhbWV0ZXJzID0gY29tcGlsZWQucGFyYW1zLm1hcCgocCkgPT4gKHAgaW5zdGFuY2VvZiBTbG90ID8gYXJnc1twLmluZGV4XSA6IHAuY29uc3RhbnQpKTtcbiAgICBjb25zdCByZXN1bHQgPSBhd2FpdCBkYi5leGVjdXRlUXVlcnk8Uj4oeyAuLi5jb21waWxlZC5xdWVyeSwgcGFyYW1ldGVycyB9KTtcbiAgICByZXR1cm4gcmVzdWx0LnJvd3M7XG4gIH07XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBLeXNlbHksIFNlbGVjdGFibGUsIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB7IHByZWNvbXBpbGVkIH0gZnJvbSAnLi9wcmVjb21waWxlZC5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlLCBTZXNzaW9uc1RhYmxlIH0gZnJvbSAnLi9zY2hlbWEuanMnO1xuXG5leHBvcnQgdHlwZSBTZXNzaW9uUm93ID0gU2VsZWN0YWJsZTxTZXNzaW9uc1RhYmxlPjtcbnR5cGUgRGIgPSBLeXNlbHk8RGF0YWJhc2U+IHwgVHJhbnNhY3Rpb248RGF0YWJhc2U+O1xuXG5jb25zdCBpbnNlcnQgPSBwcmVjb21waWxlZChcbiAgKGRiLCBpZDogc3RyaW5nLCBjbGllbnRJZDogbnVtYmVyLCBhcGlLZXk6IHN0cmluZywgcmVhbG06IHN0cmluZywgb3JpZ2luOiBzdHJpbmcsIGNyZWF0ZWRBdDogbnVtYmVyLCBleHBpcmVzQXQ6IG51bWJlcikgPT5cbiAgICBkYi5pbnNlcnRJbnRvKCdzZXNzaW9ucycpLnZhbHVlcyh7XG4gICAgICBpZCxcbiAgICAgIGNsaWVudF9pZDogY2xpZW50SWQsXG4gICAgICBhcGlfa2V5OiBhcGlLZXksXG4gICAgICByZWFsbSxcbiAgICAgIG9yaWdpbixcbiAgICAgIGNyZWF0ZWRfYXQ6IGNyZWF0ZWRBdCxcbiAgICAgIGV4cGlyZXNfYXQ6IGV4cGlyZXNBdCxcbiAgICAgIHJlZnJlc2hlZF9hdDogbnVsbCxcbiAgICAgIHJldm9rZWRfYXQ6IG51bGwsXG4gICAgICByZXZva2VkX3JlYXNvbjogbnVsbCxcbiAgICB9KSxcbiAgNyxcbik7XG5cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBpbnNlcnRTZXNzaW9uKGRiOiBEYiwgczogU2Vzc2lvblJvdyk6IFByb21pc2U8dm9pZD4ge1xuICBhd2FpdCBpbnNlcnQoZGIsIHMuaWQsIHMuY2xpZW50X2lkLCBzLmFwaV9rZXksIHMucmVhbG0sIHMub3JpZ2luLCBzLmNyZWF0ZWRfYXQsIHMuZXhwaXJlc19hdCk7XG59XG5cbmNvbnN0IGJ5SWQgPSBwcmVjb21waWxlZCgoZGIsIHNpZDogc3RyaW5nKSA9PiBkYi5zZWxlY3RGcm9tKCdzZXNzaW9ucycpLnNlbGVjdEFsbCgpLndoZXJlKCdpZCcsICc9Jywgc2lkKSwgMSk7XG5cbi8qKiBSZWFkIG9uIGV2ZXJ5IHRva2VuIHZlcmlmaWNhdGlvbi4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBmaW5kU2Vzc2lvbihkYjogRGIsIHNpZDogc3RyaW5nKTogUHJvbWlzZTxTZXNzaW9uUm93IHwgdW5kZWZpbmVkPiB7XG4gIHJldHVybiAoYXdhaXQgYnlJZChkYiwgc2lkKSlbMF07XG59XG5cbmNvbnN0IHJlZnJlc2hlZCA9IHByZWNvbXBpbGVkKChkYiwgc2lkOiBzdHJpbmcsIG5vdzogbnVtYmVyKSA9PiBkYi51cGRhdGVUYWJsZSgnc2Vzc2lvbnMnKS5zZXQoeyByZWZyZXNoZWRfYXQ6IG5vdyB9KS53aGVyZSgnaWQnLCAnPScsIHNpZCksIDIpO1xuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gbWFya1Nlc3Npb25SZWZyZXNoZWQoZGI6IERiLCBzaWQ6IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgcmVmcmVzaGVkKGRiLCBzaWQsIG5vdyk7XG59XG5cbi8qKiBUaGUgcHJvZmlsZSBhIHNlc3Npb24gYmVsb25ncyB0byBub3cgKGEgc2lnbi1pbiBtYXkgaGF2ZSBtZXJnZWQgaXRzIGFub255bW91cyBwcm9maWxlIGludG8gYSBjdXN0b21lcikuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gc2Vzc2lvbkNsaWVudElkKGRiOiBEYiwgc2lkOiBzdHJpbmcpOiBQcm9taXNlPG51bWJlcj4ge1xuICBjb25zdCByb3cgPSBhd2FpdCBkYi5zZWxlY3RGcm9tKCdzZXNzaW9ucycpLnNlbGVjdCgnY2xpZW50X2lkJykud2hlcmUoJ2lkJywgJz0nLCBzaWQpLmV4ZWN1dGVUYWtlRmlyc3RPclRocm93KCk7XG4gIHJldHVybiByb3cuY2xpZW50X2lkO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmV2b2tlU2Vzc2lvblJvdyhkYjogRGIsIHNpZDogc3RyaW5nLCByZWFzb246IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGIudXBkYXRlVGFibGUoJ3Nlc3Npb25zJykuc2V0KHsgcmV2b2tlZF9hdDogbm93LCByZXZva2VkX3JlYXNvbjogcmVhc29uIH0pLndoZXJlKCdpZCcsICc9Jywgc2lkKS53aGVyZSgncmV2b2tlZF9hdCcsICdpcycsIG51bGwpLmV4ZWN1dGUoKTtcbn1cblxuLyoqIFJldm9rZXMgZXZlcnkgbGl2ZSBzZXNzaW9uIG9mIGEgcHJvZmlsZSwgZXhjZXB0IGBrZWVwYCB3aGVuIGdpdmVuLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHJldm9rZUNsaWVudFNlc3Npb25Sb3dzKGRiOiBEYiwgY2xpZW50SWQ6IG51bWJlciwgcmVhc29uOiBzdHJpbmcsIG5vdzogbnVtYmVyLCBrZWVwPzogc3RyaW5nKTogUHJvbWlzZTx2b2lkPiB7XG4gIGxldCBxdWVyeSA9IGRiLnVwZGF0ZVRhYmxlKCdzZXNzaW9ucycpLnNldCh7IHJldm9rZWRfYXQ6IG5vdywgcmV2b2tlZF9yZWFzb246IHJlYXNvbiB9KS53aGVyZSgnY2xpZW50X2lkJywgJz0nLCBjbGllbnRJZCkud2hlcmUoJ3Jldm9rZWRfYXQnLCAnaXMnLCBudWxsKTtcbiAgaWYgKGtlZXApIHF1ZXJ5ID0gcXVlcnkud2hlcmUoJ2lkJywgJyE9Jywga2VlcCk7XG4gIGF3YWl0IHF1ZXJ5LmV4ZWN1dGUoKTtcbn1cblxuLyoqIEEgbWVyZ2VkIGFub255bW91cyBwcm9maWxlJ3Mgc2Vzc2lvbnMgZm9sbG93IGl0IGludG8gdGhlIGN1c3RvbWVyLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIG1vdmVTZXNzaW9ucyhkYjogRGIsIGZyb21DbGllbnRJZDogbnVtYmVyLCB0b0NsaWVudElkOiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGIudXBkYXRlVGFibGUoJ3Nlc3Npb25zJykuc2V0KHsgY2xpZW50X2lkOiB0b0NsaWVudElkIH0pLndoZXJlKCdjbGllbnRfaWQnLCAnPScsIGZyb21DbGllbnRJZCkuZXhlY3V0ZSgpO1xufVxuIiwgImltcG9ydCB7IGNyZWF0ZUhhc2gsIHJhbmRvbUJ5dGVzIH0gZnJvbSAnbm9kZTpjcnlwdG8nO1xuaW1wb3J0IHR5cGUgeyBLeXNlbHksIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB7IHR5cGUgTWFpbEtpbmQsIHJlbmRlck1haWwgfSBmcm9tICcuLi9tYWlsL3RlbXBsYXRlcy5qcyc7XG5pbXBvcnQgdHlwZSB7IENsaWVudFJvdyB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgaW5zZXJ0RW1haWxUb2tlbiwgbWFya0VtYWlsVG9rZW5zVXNlZCB9IGZyb20gJy4uL3N0b3JlL2VtYWlsLXRva2Vucy5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlLCBFbWFpbFRva2VuUHVycG9zZSB9IGZyb20gJy4uL3N0b3JlL3NjaGVtYS5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5cbnR5cGUgRGIgPSBUcmFuc2FjdGlvbjxEYXRhYmFzZT4gfCBLeXNlbHk8RGF0YWJhc2U+O1xuXG4vKiogT25seSBhIGhhc2ggb2YgYW4gZW1haWxlZCB0b2tlbiBpcyBzdG9yZWQ6IGEgbGVha2VkIGRhdGFiYXNlIGRvZXMgbm90IGhhbmQgb3V0IGxpdmUgbGlua3MuICovXG5leHBvcnQgY29uc3QgaGFzaEVtYWlsVG9rZW4gPSAodG9rZW46IHN0cmluZykgPT4gY3JlYXRlSGFzaCgnc2hhMjU2JykudXBkYXRlKHRva2VuKS5kaWdlc3QoJ2Jhc2U2NHVybCcpO1xuXG5jb25zdCBBQ1RJT05TOiBSZWNvcmQ8RW1haWxUb2tlblB1cnBvc2UsIHN0cmluZz4gPSB7XG4gIGFjdGl2YXRpb246ICdhY3RpdmF0ZScsXG4gIGNvbmZpcm1hdGlvbjogJ2NvbmZpcm0tZW1haWwnLFxuICBwYXNzd29yZF9yZXNldDogJ3Jlc2V0LXBhc3N3b3JkJyxcbiAgZW1haWxfY2hhbmdlOiAnY29uZmlybS1lbWFpbC1jaGFuZ2UnLFxufTtcblxuLyoqIFdoZXJlIGFuIGVtYWlsZWQgbGluayBsYW5kczogYFNOUl9MQU5ESU5HX1VSTGAgKG9yIHRoZSBzZXJ2ZXIncyBvd24gZGVtbykgd2l0aCBgYWN0aW9uYCBhbmQgYHRva2VuYC4gKi9cbmV4cG9ydCBmdW5jdGlvbiBsYW5kaW5nTGluayhkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2NvbmZpZycgfCAncHVibGljVXJsJz4sIHB1cnBvc2U6IEVtYWlsVG9rZW5QdXJwb3NlLCB0b2tlbjogc3RyaW5nKTogc3RyaW5nIHtcbiAgY29uc3QgdXJsID0gbmV3IFVSTChkZXBzLmNvbmZpZy5sYW5kaW5nVXJsID8/IGAke2RlcHMucHVibGljVXJsfS9sYW5kaW5nYCk7XG4gIHVybC5zZWFyY2hQYXJhbXMuc2V0KCdhY3Rpb24nLCBBQ1RJT05TW3B1cnBvc2VdKTtcbiAgdXJsLnNlYXJjaFBhcmFtcy5zZXQoJ3Rva2VuJywgdG9rZW4pO1xuICByZXR1cm4gdXJsLnRvU3RyaW5nKCk7XG59XG5cbi8qKlxuICogVGhlIG9uZSBwbGFjZSB3aGVyZSBlbWFpbGVkIGxpbmtzIHN0b3Agd29ya2luZyBiZWZvcmUgdGhlaXIgdGltZTogYSBuZXdlciBsaW5rIG9mIHRoZSBzYW1lXG4gKiBwdXJwb3NlIHJlcGxhY2VzIHRoZW0sIGFuZCBhIGNoYW5nZWQgcGFzc3dvcmQgbWFrZXMgYSByZXNldCBsaW5rIHBvaW50bGVzcyAoaXQgd291bGQgdW5kbyB0aGVcbiAqIGNoYW5nZSwgYW5kIGVuZCB0aGUgc2Vzc2lvbiB0aGF0IG1hZGUgaXQpLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gaW52YWxpZGF0ZUVtYWlsTGlua3MoZGI6IERiLCBjbGllbnRJZDogbnVtYmVyLCBwdXJwb3NlczogcmVhZG9ubHkgRW1haWxUb2tlblB1cnBvc2VbXSwgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgbWFya0VtYWlsVG9rZW5zVXNlZChkYiwgY2xpZW50SWQsIHB1cnBvc2VzLCBub3cpO1xufVxuXG4vKipcbiAqIE1ha2VzIGEgc2luZ2xlLXVzZSB0b2tlbiBmb3IgYSBjdXN0b21lciBhbmQgd3JpdGVzIGl0cyBlbWFpbCB0byB0aGUgb3V0Ym94LCBpbiB0aGUgY2FsbGVyJ3NcbiAqIHRyYW5zYWN0aW9uLiBFYXJsaWVyIHVudXNlZCB0b2tlbnMgb2YgdGhlIHNhbWUgcHVycG9zZSBzdG9wIHdvcmtpbmcuIFRoZSBjdXN0b21lcidzIG5hbWUgZ29lcyBpblxuICogb25seSBvbmNlIHRoZSBhZGRyZXNzIGlzIGNvbmZpcm1lZDogdW50aWwgdGhlbiB0aGUgbWFpbCBtYXkgcmVhY2ggc29tZW9uZSB3aG8gbmV2ZXIgcmVnaXN0ZXJlZC5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGlzc3VlRW1haWxMaW5rKFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2NvbmZpZycgfCAncHVibGljVXJsJyB8ICdtYWlsZXInPixcbiAgdHJ4OiBEYixcbiAgY2xpZW50OiBQaWNrPENsaWVudFJvdywgJ2lkJyB8ICdlbWFpbCcgfCAnZmlyc3RfbmFtZScgfCAnZW1haWxfY29uZmlybWVkJz4sXG4gIHB1cnBvc2U6IEVtYWlsVG9rZW5QdXJwb3NlLFxuICBub3c6IG51bWJlcixcbik6IFByb21pc2U8dm9pZD4ge1xuICBjb25zdCB0b2tlbiA9IHJhbmRvbUJ5dGVzKDMyKS50b1N0cmluZygnYmFzZTY0dXJsJyk7XG4gIGNvbnN0IHR0bCA9IHB1cnBvc2UgPT09ICdwYXNzd29yZF9yZXNldCcgfHwgcHVycG9zZSA9PT0gJ2VtYWlsX2NoYW5nZScgPyBkZXBzLmNvbmZpZy5lbWFpbFRva2VuVHRsLnBhc3N3b3JkUmVzZXQgOiBkZXBzLmNvbmZpZy5lbWFpbFRva2VuVHRsLmFjdGl2YXRpb247XG4gIGF3YWl0IGludmFsaWRhdGVFbWFpbExpbmtzKHRyeCwgY2xpZW50LmlkLCBbcHVycG9zZV0sIG5vdyk7XG4gIGF3YWl0IGluc2VydEVtYWlsVG9rZW4odHJ4LCB7IHRva2VuSGFzaDogaGFzaEVtYWlsVG9rZW4odG9rZW4pLCBjbGllbnRJZDogY2xpZW50LmlkLCBwdXJwb3NlLCBub3csIGV4cGlyZXNBdDogbm93ICsgdHRsICogMTAwMCB9KTtcbiAgYXdhaXQgZGVwcy5tYWlsZXIuZW5xdWV1ZShcbiAgICB0cngsXG4gICAgY2xpZW50LmVtYWlsISxcbiAgICByZW5kZXJNYWlsKHB1cnBvc2UgYXMgTWFpbEtpbmQsIGxhbmRpbmdMaW5rKGRlcHMsIHB1cnBvc2UsIHRva2VuKSwgY2xpZW50LmVtYWlsX2NvbmZpcm1lZCA9PT0gMSA/IGNsaWVudC5maXJzdF9uYW1lIDogbnVsbCksXG4gICAgbm93LFxuICApO1xufVxuXG4vKipcbiAqIE1ha2VzIGEgc2luZ2xlLXVzZSBlbWFpbC1jaGFuZ2UgdG9rZW4gZm9yIGEgY3VzdG9tZXIgYW5kIG1haWxzIGl0cyBsaW5rIHRvIHRoZSBORVcgYWRkcmVzcywgaW5cbiAqIHRoZSBjYWxsZXIncyB0cmFuc2FjdGlvbi4gQW4gZWFybGllciBlbWFpbC1jaGFuZ2UgbGluayBzdG9wcyB3b3JraW5nLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gaXNzdWVFbWFpbENoYW5nZUxpbmsoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnY29uZmlnJyB8ICdwdWJsaWNVcmwnIHwgJ21haWxlcic+LFxuICB0cng6IERiLFxuICBjbGllbnQ6IFBpY2s8Q2xpZW50Um93LCAnaWQnIHwgJ2ZpcnN0X25hbWUnPixcbiAgbmV3RW1haWw6IHN0cmluZyxcbiAgbm93OiBudW1iZXIsXG4pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgdG9rZW4gPSByYW5kb21CeXRlcygzMikudG9TdHJpbmcoJ2Jhc2U2NHVybCcpO1xuICBhd2FpdCBpbnZhbGlkYXRlRW1haWxMaW5rcyh0cngsIGNsaWVudC5pZCwgWydlbWFpbF9jaGFuZ2UnXSwgbm93KTtcbiAgY29uc3QgZXhwaXJlc0F0ID0gbm93ICsgZGVwcy5jb25maWcuZW1haWxUb2tlblR0bC5wYXNzd29yZFJlc2V0ICogMTAwMDtcbiAgYXdhaXQgaW5zZXJ0RW1haWxUb2tlbih0cngsIHsgdG9rZW5IYXNoOiBoYXNoRW1haWxUb2tlbih0b2tlbiksIGNsaWVudElkOiBjbGllbnQuaWQsIHB1cnBvc2U6ICdlbWFpbF9jaGFuZ2UnLCBub3csIGV4cGlyZXNBdCwgbmV3RW1haWwgfSk7XG4gIGF3YWl0IGRlcHMubWFpbGVyLmVucXVldWUodHJ4LCBuZXdFbWFpbCwgcmVuZGVyTWFpbCgnZW1haWxfY2hhbmdlJywgbGFuZGluZ0xpbmsoZGVwcywgJ2VtYWlsX2NoYW5nZScsIHRva2VuKSwgY2xpZW50LmZpcnN0X25hbWUpLCBub3cpO1xufVxuIiwgImltcG9ydCB7IGVzY2FwZUh0bWwgfSBmcm9tICcuLi9odG1sLmpzJztcblxuZXhwb3J0IHR5cGUgTWFpbEtpbmQgPSAnYWN0aXZhdGlvbicgfCAnY29uZmlybWF0aW9uJyB8ICdwYXNzd29yZF9yZXNldCcgfCAnZW1haWxfY2hhbmdlJztcblxuZXhwb3J0IGludGVyZmFjZSBNYWlsQ29udGVudCB7XG4gIHN1YmplY3Q6IHN0cmluZztcbiAgdGV4dDogc3RyaW5nO1xuICBodG1sOiBzdHJpbmc7XG59XG5cbmNvbnN0IENPUFk6IFJlY29yZDxNYWlsS2luZCwgeyBzdWJqZWN0OiBzdHJpbmc7IGxlYWQ6IHN0cmluZzsgYWN0aW9uOiBzdHJpbmc7IGFmdGVyOiBzdHJpbmcgfT4gPSB7XG4gIGFjdGl2YXRpb246IHtcbiAgICBzdWJqZWN0OiAnQWN0aXZhdGUgeW91ciBhY2NvdW50JyxcbiAgICBsZWFkOiAnVGhhbmtzIGZvciBzaWduaW5nIHVwLiBBY3RpdmF0ZSB5b3VyIGFjY291bnQgdG8gc2lnbiBpbjonLFxuICAgIGFjdGlvbjogJ0FjdGl2YXRlIGFjY291bnQnLFxuICAgIGFmdGVyOiAnVGhlIGxpbmsgd29ya3MgZm9yIDcgZGF5cy4gSWYgeW91IGRpZCBub3Qgc2lnbiB1cCwgaWdub3JlIHRoaXMgZW1haWwuJyxcbiAgfSxcbiAgY29uZmlybWF0aW9uOiB7XG4gICAgc3ViamVjdDogJ0NvbmZpcm0geW91ciBlbWFpbCBhZGRyZXNzJyxcbiAgICBsZWFkOiAnVGhhbmtzIGZvciBzaWduaW5nIHVwLiBQbGVhc2UgY29uZmlybSB5b3VyIGVtYWlsIGFkZHJlc3M6JyxcbiAgICBhY3Rpb246ICdDb25maXJtIGVtYWlsJyxcbiAgICBhZnRlcjogJ1RoZSBsaW5rIHdvcmtzIGZvciA3IGRheXMuIElmIHlvdSBkaWQgbm90IHNpZ24gdXAsIGlnbm9yZSB0aGlzIGVtYWlsLicsXG4gIH0sXG4gIHBhc3N3b3JkX3Jlc2V0OiB7XG4gICAgc3ViamVjdDogJ1Jlc2V0IHlvdXIgcGFzc3dvcmQnLFxuICAgIGxlYWQ6ICdTb21lb25lIGFza2VkIHRvIHJlc2V0IHRoZSBwYXNzd29yZCBvZiB5b3VyIGFjY291bnQuIFRvIGNob29zZSBhIG5ldyBwYXNzd29yZCwgZm9sbG93IHRoaXMgbGluazonLFxuICAgIGFjdGlvbjogJ0Nob29zZSBhIG5ldyBwYXNzd29yZCcsXG4gICAgYWZ0ZXI6ICdUaGUgbGluayB3b3JrcyBmb3IgMSBob3VyIGFuZCBvbmx5IG9uY2UuIElmIHlvdSBkaWQgbm90IGFzayBmb3IgaXQsIGlnbm9yZSB0aGlzIGVtYWlsOiB5b3VyIHBhc3N3b3JkIHN0YXlzIGFzIGl0IGlzLicsXG4gIH0sXG4gIGVtYWlsX2NoYW5nZToge1xuICAgIHN1YmplY3Q6ICdDb25maXJtIHlvdXIgbmV3IGVtYWlsIGFkZHJlc3MnLFxuICAgIGxlYWQ6ICdTb21lb25lIGFza2VkIHRvIG1vdmUgdGhlaXIgYWNjb3VudCB0byB0aGlzIGVtYWlsIGFkZHJlc3MuIFRvIGNvbmZpcm0gdGhlIGNoYW5nZSwgZm9sbG93IHRoaXMgbGluazonLFxuICAgIGFjdGlvbjogJ0NvbmZpcm0gdGhlIG5ldyBhZGRyZXNzJyxcbiAgICBhZnRlcjogJ1RoZSBsaW5rIHdvcmtzIGZvciAxIGhvdXIgYW5kIG9ubHkgb25jZS4gSWYgeW91IGRpZCBub3QgYXNrIGZvciBpdCwgaWdub3JlIHRoaXMgZW1haWw6IG5vIGFjY291bnQgbW92ZXMgdG8gdGhpcyBhZGRyZXNzLicsXG4gIH0sXG59O1xuXG4vKiogTG9uZ2VzdCBuYW1lIGEgbWFpbCBncmVldHMgYnk7IGEgbG9uZ2VyIG9uZSBpcyBsZWZ0IG91dCwgbm90IGN1dC4gKi9cbmV4cG9ydCBjb25zdCBNQUlMX05BTUVfTUFYID0gNDA7XG5cbi8qKlxuICogQSBuYW1lIGZpdCB0byBiZSB3cml0dGVuIGludG8gb3VyIG1haWwsIG9yIHVuZGVmaW5lZC4gT3VyIHNlbmRlciB2b3VjaGVzIGZvciBldmVyeSB3b3JkIG9mIGEgbWFpbCxcbiAqIHNvIGEgbmFtZSBpcyB1c2VkIG9ubHkgd2hlbiBpdCBpcyBwbGFpbmx5IGEgbmFtZTogb25lIGxpbmUgKGNvbnRyb2wgYW5kIGJpZGlyZWN0aW9uYWwgZm9ybWF0XG4gKiBjaGFyYWN0ZXJzIGdvOyByb3dzIHdyaXR0ZW4gYmVmb3JlIHRoZSBvbmUtbGluZSBydWxlIG1heSBob2xkIHRoZW0pLCBhdCBtb3N0IGBNQUlMX05BTUVfTUFYYFxuICogY2hhcmFjdGVycywgYW5kIG5vdGhpbmcgYSBtYWlsIGNsaWVudCB3b3VsZCBtYWtlIGEgbGluayBvZiAoYSBzY2hlbWUsIGB3d3cuYCwgYW4gYWRkcmVzcywgYVxuICogZG90dGVkIGhvc3Qgc3VjaCBhcyBgZXZpbC5leGFtcGxlYCkuIEFueXRoaW5nIGVsc2UgaXMgbGVmdCBvdXQgd2hvbGU6IGEgY3V0IFVSTCBpcyBzdGlsbCBhIFVSTC5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHBsYWluTmFtZShuYW1lOiBzdHJpbmcgfCBudWxsIHwgdW5kZWZpbmVkKTogc3RyaW5nIHwgdW5kZWZpbmVkIHtcbiAgY29uc3Qgb25lTGluZSA9IG5hbWVcbiAgICA/Lm5vcm1hbGl6ZSgnTkZLQycpXG4gICAgLnJlcGxhY2UoL1tcXHB7Q2N9XFxwe0NmfVxccHtabH1cXHB7WnB9XSsvZ3UsICcgJylcbiAgICAucmVwbGFjZSgvXFxzKy9nLCAnICcpXG4gICAgLnRyaW0oKTtcbiAgaWYgKCFvbmVMaW5lKSByZXR1cm4gdW5kZWZpbmVkO1xuICBpZiAoWy4uLm9uZUxpbmVdLmxlbmd0aCA+IE1BSUxfTkFNRV9NQVgpIHJldHVybiB1bmRlZmluZWQ7XG4gIGlmICgvWzovXFxcXEA8Pl18d3d3XFwufFxcU1xcLlxccHtMfXsyLH0vaXUudGVzdChvbmVMaW5lKSkgcmV0dXJuIHVuZGVmaW5lZDtcbiAgcmV0dXJuIG9uZUxpbmU7XG59XG5cbi8qKlxuICogQSBtYWlsIG9mIG9uZSBraW5kIHdpdGggaXRzIGxpbmsuIEFjdGl2YXRpb24gYW5kIGNvbmZpcm1hdGlvbiBtYWlscyBnbyB0byBhbiBhZGRyZXNzIG5vYm9keSBoYXNcbiAqIGNvbmZpcm1lZCB5ZXQgKGFueW9uZSBtYXkgdHlwZSBhbnlvbmUncyBhZGRyZXNzIGludG8gYSByZWdpc3RyYXRpb24pLCBzbyB0aGV5IGNhcnJ5IG5vIHRleHQgdGhlXG4gKiByZWdpc3RyYW50IHR5cGVkOiBgbmFtZWAgaXMgdXNlZCBieSBhIHBhc3N3b3JkIHJlc2V0IG1haWwgb25seSwgYW5kIHRoZSBjYWxsZXIgcGFzc2VzIGl0IG9ubHkgd2hlblxuICogdGhlIGFkZHJlc3Mgd2FzIGNvbmZpcm1lZCAoZW1haWwtbGlua3MudHMpOyBldmVuIHRoZW4gb25seSBhIHBsYWluIG5hbWUgKGBwbGFpbk5hbWVgKS5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHJlbmRlck1haWwoa2luZDogTWFpbEtpbmQsIGxpbms6IHN0cmluZywgbmFtZT86IHN0cmluZyB8IG51bGwpOiBNYWlsQ29udGVudCB7XG4gIGNvbnN0IGNvcHkgPSBDT1BZW2tpbmRdO1xuICBjb25zdCBzaG93biA9IGtpbmQgPT09ICdwYXNzd29yZF9yZXNldCcgPyBwbGFpbk5hbWUobmFtZSkgOiB1bmRlZmluZWQ7XG4gIGNvbnN0IGdyZWV0aW5nID0gc2hvd24gPyBgSGVsbG8gJHtzaG93bn0sYCA6ICdIZWxsbywnO1xuICByZXR1cm4ge1xuICAgIHN1YmplY3Q6IGNvcHkuc3ViamVjdCxcbiAgICB0ZXh0OiBgJHtncmVldGluZ31cXG5cXG4ke2NvcHkubGVhZH1cXG5cXG4ke2xpbmt9XFxuXFxuJHtjb3B5LmFmdGVyfVxcbmAsXG4gICAgaHRtbDpcbiAgICAgIGA8cD4ke2VzY2FwZUh0bWwoZ3JlZXRpbmcpfTwvcD48cD4ke2VzY2FwZUh0bWwoY29weS5sZWFkKX08L3A+YCArXG4gICAgICBgPHA+PGEgaHJlZj1cIiR7ZXNjYXBlSHRtbChsaW5rKX1cIj4ke2VzY2FwZUh0bWwoY29weS5hY3Rpb24pfTwvYT48L3A+YCArXG4gICAgICBgPHAgc3R5bGU9XCJjb2xvcjojNTU1XCI+JHtlc2NhcGVIdG1sKGNvcHkuYWZ0ZXIpfTwvcD5gLFxuICB9O1xufVxuXG4vKiogTWFpbHMgdGhhdCB0ZWxsLCBhbmQgY2Fycnkgbm8gbGluay4gKi9cbmV4cG9ydCB0eXBlIE5vdGljZUtpbmQgPSAnZW1haWxfY2hhbmdlX3JlcXVlc3RlZCcgfCAnZW1haWxfY2hhbmdlX3Rha2VuJztcblxuY29uc3QgTk9USUNFUzogUmVjb3JkPE5vdGljZUtpbmQsIHsgc3ViamVjdDogc3RyaW5nOyBsaW5lczogKGRldGFpbDogc3RyaW5nKSA9PiBzdHJpbmdbXSB9PiA9IHtcbiAgLy8gVG8gdGhlIGFjY291bnQncyBjdXJyZW50IGFkZHJlc3M6IHRoZSBjaGFuZ2UgaXMgbm90IG1hZGUgdW50aWwgdGhlIG5ldyBhZGRyZXNzIGNvbmZpcm1zIGl0LlxuICBlbWFpbF9jaGFuZ2VfcmVxdWVzdGVkOiB7XG4gICAgc3ViamVjdDogJ1lvdXIgZW1haWwgYWRkcmVzcyBpcyBhYm91dCB0byBjaGFuZ2UnLFxuICAgIGxpbmVzOiAobmV3RW1haWwpID0+IFtcbiAgICAgIGBTb21lb25lIHNpZ25lZCBpbiB0byB5b3VyIGFjY291bnQgYXNrZWQgdG8gY2hhbmdlIGl0cyBlbWFpbCBhZGRyZXNzIHRvICR7bmV3RW1haWx9LmAsXG4gICAgICAnTm90aGluZyBjaGFuZ2VzIHVudGlsIHRoZSBsaW5rIHNlbnQgdG8gdGhhdCBhZGRyZXNzIGlzIGZvbGxvd2VkLicsXG4gICAgICAnSWYgdGhpcyB3YXMgbm90IHlvdSwgY2hhbmdlIHlvdXIgcGFzc3dvcmQgbm93OiB0aGF0IGVuZHMgdGhlIHJlcXVlc3QgYW5kIHNpZ25zIGV2ZXJ5b25lIGVsc2Ugb3V0LicsXG4gICAgXSxcbiAgfSxcbiAgLy8gVG8gYW4gYWRkcmVzcyB0aGF0IGFscmVhZHkgaGFzIGFuIGFjY291bnQ6IG5vdGhpbmcgbW92ZXMsIGFuZCB0aGUgcmVxdWVzdGVyIGlzIG5vdCB0b2xkLlxuICBlbWFpbF9jaGFuZ2VfdGFrZW46IHtcbiAgICBzdWJqZWN0OiAnU29tZW9uZSB0cmllZCB0byB1c2UgeW91ciBlbWFpbCBhZGRyZXNzJyxcbiAgICBsaW5lczogKCkgPT4gW1xuICAgICAgJ1NvbWVvbmUgYXNrZWQgdG8gbW92ZSBhbm90aGVyIGFjY291bnQgdG8gdGhpcyBlbWFpbCBhZGRyZXNzLiBUaGlzIGFkZHJlc3MgYWxyZWFkeSBoYXMgYW4gYWNjb3VudCwgc28gbm90aGluZyB3YXMgY2hhbmdlZC4nLFxuICAgICAgJ0lmIGl0IHdhcyB5b3UsIHNpZ24gaW4gdG8gdGhlIGFjY291bnQgdGhpcyBhZGRyZXNzIGFscmVhZHkgaGFzIChvciByZXNldCBpdHMgcGFzc3dvcmQpLiBJZiBpdCB3YXMgbm90LCBpZ25vcmUgdGhpcyBlbWFpbC4nLFxuICAgIF0sXG4gIH0sXG59O1xuXG4vKiogQSBub3RpY2U7IGBuYW1lYCBvbmx5IGZvciBhIGNvbmZpcm1lZCBhZGRyZXNzICh0aGUgY2FsbGVyJ3MgcGFydCksIGFuZCBvbmx5IGEgcGxhaW4gb25lIChgcGxhaW5OYW1lYCkuICovXG5leHBvcnQgZnVuY3Rpb24gcmVuZGVyTm90aWNlKGtpbmQ6IE5vdGljZUtpbmQsIGRldGFpbDogc3RyaW5nLCBuYW1lPzogc3RyaW5nIHwgbnVsbCk6IE1haWxDb250ZW50IHtcbiAgY29uc3QgY29weSA9IE5PVElDRVNba2luZF07XG4gIGNvbnN0IHNob3duID0gcGxhaW5OYW1lKG5hbWUpO1xuICBjb25zdCBncmVldGluZyA9IHNob3duID8gYEhlbGxvICR7c2hvd259LGAgOiAnSGVsbG8sJztcbiAgY29uc3QgbGluZXMgPSBjb3B5LmxpbmVzKGRldGFpbCk7XG4gIHJldHVybiB7XG4gICAgc3ViamVjdDogY29weS5zdWJqZWN0LFxuICAgIHRleHQ6IGAke2dyZWV0aW5nfVxcblxcbiR7bGluZXMuam9pbignXFxuXFxuJyl9XFxuYCxcbiAgICBodG1sOiBgPHA+JHtlc2NhcGVIdG1sKGdyZWV0aW5nKX08L3A+JHtsaW5lcy5tYXAoKGwpID0+IGA8cD4ke2VzY2FwZUh0bWwobCl9PC9wPmApLmpvaW4oJycpfWAsXG4gIH07XG59XG5cbi8qKlxuICogVGhlIGFjdGl2YXRpb24gbWFpbCBvZiB0aGUgYHBpbmAgcmVnaXN0cmF0aW9uIG1vZGU6IGEgNi1kaWdpdCBjb2RlIHRvIHR5cGUgaW4sIG5vIGxpbmsuIFRoZVxuICogYWRkcmVzcyBpcyBub3QgY29uZmlybWVkIHlldCwgc28gdGhlIG1haWwgY2FycmllcyBub3RoaW5nIHRoZSByZWdpc3RyYW50IHR5cGVkIChubyBuYW1lKS5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIHJlbmRlclBpbk1haWwoY29kZTogc3RyaW5nLCBtaW51dGVzOiBudW1iZXIpOiBNYWlsQ29udGVudCB7XG4gIGNvbnN0IGdyZWV0aW5nID0gJ0hlbGxvLCc7XG4gIGNvbnN0IGxlYWQgPSAnVGhhbmtzIGZvciBzaWduaW5nIHVwLiBUbyBhY3RpdmF0ZSB5b3VyIGFjY291bnQsIGVudGVyIHRoaXMgY29kZSBvbiB0aGUgcGFnZSB3aGVyZSB5b3Ugc2lnbmVkIHVwOic7XG4gIGNvbnN0IGFmdGVyID0gYFRoZSBjb2RlIHdvcmtzIGZvciAke21pbnV0ZXN9IG1pbnV0ZXMgYW5kIG9ubHkgb25jZS4gQSBuZXdlciBjb2RlIHJlcGxhY2VzIGl0LiBJZiB5b3UgZGlkIG5vdCBzaWduIHVwLCBpZ25vcmUgdGhpcyBlbWFpbC5gO1xuICByZXR1cm4ge1xuICAgIHN1YmplY3Q6IGAke2NvZGV9IGlzIHlvdXIgYWN0aXZhdGlvbiBjb2RlYCxcbiAgICB0ZXh0OiBgJHtncmVldGluZ31cXG5cXG4ke2xlYWR9XFxuXFxuJHtjb2RlfVxcblxcbiR7YWZ0ZXJ9XFxuYCxcbiAgICBodG1sOlxuICAgICAgYDxwPiR7ZXNjYXBlSHRtbChncmVldGluZyl9PC9wPjxwPiR7ZXNjYXBlSHRtbChsZWFkKX08L3A+YCArXG4gICAgICBgPHAgc3R5bGU9XCJmb250LXNpemU6MS41ZW07Zm9udC13ZWlnaHQ6Ym9sZDtsZXR0ZXItc3BhY2luZzowLjJlbVwiPiR7ZXNjYXBlSHRtbChjb2RlKX08L3A+YCArXG4gICAgICBgPHAgc3R5bGU9XCJjb2xvcjojNTU1XCI+JHtlc2NhcGVIdG1sKGFmdGVyKX08L3A+YCxcbiAgfTtcbn1cbiIsICJpbXBvcnQgeyB1bmF1dGhvcml6ZWQgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHR5cGUgeyBWZXJpZmllZFRva2VuIH0gZnJvbSAnLi4vc2Vzc2lvbnMuanMnO1xuaW1wb3J0IHsgdHlwZSBDbGllbnRSb3csIGZpbmRDbGllbnRCeUlkIH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5cbi8qKiBUaGUgY3VzdG9tZXIgYmVoaW5kIGEgY3VzdG9tZXIgdG9rZW4sIHJlYWQgYWZyZXNoOiBhbiBlcmFzZWQgYWNjb3VudCdzIHRva2VuIHJlYWRzIGFzIGVuZGVkLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHNpZ25lZEluQ3VzdG9tZXIoZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYic+LCB0b2tlbjogVmVyaWZpZWRUb2tlbik6IFByb21pc2U8Q2xpZW50Um93PiB7XG4gIGNvbnN0IHJvdyA9IGF3YWl0IGZpbmRDbGllbnRCeUlkKGRlcHMuZGIsIHRva2VuLnNlc3Npb24uY2xpZW50X2lkKTtcbiAgaWYgKCFyb3cgfHwgcm93LnN0YXR1cyA9PT0gJ2Fub255bW91cycpIHRocm93IHVuYXV0aG9yaXplZCgnU0VTU0lPTl9SRVZPS0VEJywgJ1RoZSBzZXNzaW9uIGhhcyBlbmRlZCcpO1xuICByZXR1cm4gcm93O1xufVxuIiwgImltcG9ydCB7IHZlcmlmeVBhc3N3b3JkIH0gZnJvbSAnLi4vY3J5cHRvL3Bhc3N3b3JkLmpzJztcbmltcG9ydCB7IGZvcmJpZGRlbiB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgeyBhY2NlcHROZXdQYXNzd29yZCB9IGZyb20gJy4uL3Bhc3N3b3Jkcy5qcyc7XG5pbXBvcnQgdHlwZSB7IFZlcmlmaWVkVG9rZW4gfSBmcm9tICcuLi9zZXNzaW9ucy5qcyc7XG5pbXBvcnQgeyB1cGRhdGVDbGllbnQgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcbmltcG9ydCB7IGludmFsaWRhdGVFbWFpbExpbmtzIH0gZnJvbSAnLi9lbWFpbC1saW5rcy5qcyc7XG5pbXBvcnQgeyBzaWduZWRJbkN1c3RvbWVyIH0gZnJvbSAnLi9zaWduZWQtaW4tY3VzdG9tZXIuanMnO1xuXG4vKipcbiAqIENoYW5nZXMgYSBzaWduZWQtaW4gY3VzdG9tZXIncyBwYXNzd29yZC4gR3Vlc3NlcyBvZiB0aGUgY3VycmVudCBwYXNzd29yZCBjb3VudCBhcyBmYWlsZWRcbiAqIHNpZ24taW5zIG9mIHRoZSBhY2NvdW50OiBhIHN0b2xlbiBzZXNzaW9uIG11c3Qgbm90IGJlY29tZSBhIHdheSB0byBmaW5kIHRoZSBwYXNzd29yZCBieSB0cnlpbmdcbiAqIChub3IgdG8ga2VlcCB0aGUgc2VydmVyIGhhc2hpbmcpLiBFdmVyeW9uZSBlbHNlIGhvbGRpbmcgdGhpcyBhY2NvdW50J3Mgc2Vzc2lvbiBpcyBzaWduZWQgb3V0O1xuICogdGhpcyBkZXZpY2Ugc3RheXMgaW47IGEgcmVzZXQgbGluayBtYWlsZWQgYmVmb3JlIHN0b3BzIHdvcmtpbmcuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjaGFuZ2VQYXNzd29yZChcbiAgZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYicgfCAnY29uZmlnJyB8ICdzZXNzaW9ucycgfCAnbGltaXRlcic+LFxuICBpbnB1dDogeyB0b2tlbjogVmVyaWZpZWRUb2tlbjsgb2xkUGFzc3dvcmQ6IHN0cmluZzsgcGFzc3dvcmQ6IHN0cmluZzsgYWRkcmVzczogc3RyaW5nOyBub3c6ICgpID0+IG51bWJlciB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHJvdyA9IGF3YWl0IHNpZ25lZEluQ3VzdG9tZXIoZGVwcywgaW5wdXQudG9rZW4pO1xuICBjb25zdCBhdHRlbXB0ID0gcm93LmVtYWlsID8gYXdhaXQgZGVwcy5saW1pdGVyLnNpZ25JbkF0dGVtcHQocm93LmVtYWlsLCBpbnB1dC5hZGRyZXNzLCBpbnB1dC5ub3coKSkgOiB1bmRlZmluZWQ7XG4gIGlmICghcm93LnBhc3N3b3JkX2hhc2ggfHwgIShhd2FpdCB2ZXJpZnlQYXNzd29yZChpbnB1dC5vbGRQYXNzd29yZCwgcm93LnBhc3N3b3JkX2hhc2gpKSkge1xuICAgIGF0dGVtcHQ/LnJlZnVzZWQoKTtcbiAgICB0aHJvdyBmb3JiaWRkZW4oJ0lOVkFMSURfQ1JFREVOVElBTFMnLCAnVGhlIGN1cnJlbnQgcGFzc3dvcmQgaXMgd3JvbmcnKTtcbiAgfVxuICBhd2FpdCBhdHRlbXB0Py5zdWNjZWVkZWQoKTtcbiAgY29uc3QgcGFzc3dvcmRIYXNoID0gYXdhaXQgYWNjZXB0TmV3UGFzc3dvcmQoZGVwcywgaW5wdXQucGFzc3dvcmQpO1xuICBjb25zdCBub3cgPSBpbnB1dC5ub3coKTtcbiAgYXdhaXQgZGVwcy5kYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoYXN5bmMgKHRyeCkgPT4ge1xuICAgIGF3YWl0IHVwZGF0ZUNsaWVudCh0cngsIHJvdy5pZCwgeyBwYXNzd29yZF9oYXNoOiBwYXNzd29yZEhhc2gsIHVwZGF0ZWRfYXQ6IG5vdyB9KTtcbiAgICBhd2FpdCBkZXBzLnNlc3Npb25zLnJldm9rZUNsaWVudFNlc3Npb25zKHRyeCwgcm93LmlkLCAncGFzc3dvcmQtY2hhbmdlZCcsIG5vdywgaW5wdXQudG9rZW4uc2Vzc2lvbi5pZCk7XG4gICAgYXdhaXQgaW52YWxpZGF0ZUVtYWlsTGlua3ModHJ4LCByb3cuaWQsIFsncGFzc3dvcmRfcmVzZXQnXSwgbm93KTtcbiAgfSk7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBVcGRhdGVhYmxlIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgQWdyZWVtZW50cyB9IGZyb20gJy4uLy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB7IGNvbmZsaWN0LCBpc1VuaXF1ZVZpb2xhdGlvbiwgbm90Rm91bmQgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHR5cGUgeyBWZXJpZmllZFRva2VuIH0gZnJvbSAnLi4vc2Vzc2lvbnMuanMnO1xuaW1wb3J0IHsgZmluZENsaWVudEJ5SWQsIGlzQ3VzdG9tZXIsIHVwZGF0ZUNsaWVudCB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgZmluZEVtYWlsQ2hhbmdlVG9rZW4sIHVzZUVtYWlsVG9rZW4gfSBmcm9tICcuLi9zdG9yZS9lbWFpbC10b2tlbnMuanMnO1xuaW1wb3J0IHR5cGUgeyBDbGllbnRzVGFibGUgfSBmcm9tICcuLi9zdG9yZS9zY2hlbWEuanMnO1xuaW1wb3J0IHR5cGUgeyBJZGVudGl0eURlcHMgfSBmcm9tICcuL2RlcHMuanMnO1xuaW1wb3J0IHsgaGFzaEVtYWlsVG9rZW4sIGludmFsaWRhdGVFbWFpbExpbmtzIH0gZnJvbSAnLi9lbWFpbC1saW5rcy5qcyc7XG5cbmNvbnN0IGludmFsaWQgPSAod2h5OiBzdHJpbmcpID0+IG5vdEZvdW5kKCdFTUFJTF9UT0tFTl9JTlZBTElEJywgYFRoaXMgZW1haWwgY2hhbmdlIGxpbmsgJHt3aHl9YCk7XG5jb25zdCB0YWtlbiA9ICgpID0+XG4gIGNvbmZsaWN0KCdFTUFJTF9UQUtFTicsICdUaGlzIGFkZHJlc3MgaGFzIGFuIGFjY291bnQgYWxyZWFkeScsIFt7IGZpZWxkOiAnZW1haWwnLCBjb2RlOiAndGFrZW4nLCBtZXNzYWdlOiAnVGhpcyBhZGRyZXNzIGhhcyBhbiBhY2NvdW50IGFscmVhZHknIH1dKTtcblxuLyoqXG4gKiBGb2xsb3dzIGFuIGVtYWlsLWNoYW5nZSBsaW5rOiB0aGUgYWNjb3VudCdzIGFkZHJlc3MgYmVjb21lcyB0aGUgbmV3IG9uZSwgY29uZmlybWVkIChmb2xsb3dpbmcgdGhlXG4gKiBsaW5rIHByb3ZlcyBpdCkuIEV2ZXJ5IG90aGVyIHNlc3Npb24gb2YgdGhlIGFjY291bnQgZW5kcyAodGhlIGNhbGxlcidzIHN0YXlzIHdoZW4gaXQgaXMgdGhlXG4gKiBhY2NvdW50J3Mgb3duKSwgYW5kIHRoZSBsaW5rcyBtYWlsZWQgYmVmb3JlIChyZXNldCwgYWN0aXZhdGlvbiwgb2xkZXIgZW1haWwgY2hhbmdlcykgc3RvcCB3b3JraW5nLlxuICogYG5ld3NsZXR0ZXJBZ3JlZW1lbnRgLCB3aGVuIGdpdmVuLCBzZXRzIHRoZSBhY2NvdW50J3MgZW1haWwgYWdyZWVtZW50IGZvciB0aGUgbmV3IGFkZHJlc3MuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjb25maXJtRW1haWxDaGFuZ2UoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnZGInIHwgJ3Nlc3Npb25zJz4sXG4gIGlucHV0OiB7IHRva2VuOiBzdHJpbmc7IG5ld3NsZXR0ZXJBZ3JlZW1lbnQ/OiBib29sZWFuOyBjYWxsZXI/OiBWZXJpZmllZFRva2VuOyBub3c6ICgpID0+IG51bWJlciB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHRva2VuSGFzaCA9IGhhc2hFbWFpbFRva2VuKGlucHV0LnRva2VuKTtcbiAgY29uc3QgbGl2ZSA9IGF3YWl0IGZpbmRFbWFpbENoYW5nZVRva2VuKGRlcHMuZGIsIHRva2VuSGFzaCk7XG4gIGNvbnN0IG5vdyA9IGlucHV0Lm5vdygpO1xuICBpZiAoIWxpdmUgfHwgbGl2ZS5uZXdfZW1haWwgPT09IG51bGwgfHwgbGl2ZS51c2VkX2F0ICE9PSBudWxsIHx8IGxpdmUuZXhwaXJlc19hdCA8PSBub3cpIHRocm93IGludmFsaWQoJ2lzIG5vdCB2YWxpZCBvciBoYXMgZXhwaXJlZCcpO1xuICBjb25zdCBuZXdFbWFpbCA9IGxpdmUubmV3X2VtYWlsO1xuICB0cnkge1xuICAgIGF3YWl0IGRlcHMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKGFzeW5jICh0cngpID0+IHtcbiAgICAgIC8vIENsYWltZWQgaW5zaWRlIHRoZSB0cmFuc2FjdGlvbjogb2YgdHdvIHJhY2luZyBjb25maXJtYXRpb25zIG9ubHkgb25lIHdpbnMuXG4gICAgICBpZiAoIShhd2FpdCB1c2VFbWFpbFRva2VuKHRyeCwgdG9rZW5IYXNoLCBub3cpKSkgdGhyb3cgaW52YWxpZCgnd2FzIGFscmVhZHkgdXNlZCcpO1xuICAgICAgY29uc3QgY2xpZW50ID0gYXdhaXQgZmluZENsaWVudEJ5SWQodHJ4LCBsaXZlLmNsaWVudF9pZCk7XG4gICAgICBpZiAoIWNsaWVudCB8fCAhaXNDdXN0b21lcihjbGllbnQpKSB0aHJvdyBpbnZhbGlkKCdpcyBub3QgdmFsaWQgb3IgaGFzIGV4cGlyZWQnKTtcbiAgICAgIGNvbnN0IGNoYW5nZXM6IFVwZGF0ZWFibGU8Q2xpZW50c1RhYmxlPiA9IHsgZW1haWw6IG5ld0VtYWlsLCBlbWFpbF9jb25maXJtZWQ6IDEsIHN0YXR1czogJ2FjdGl2ZScsIHVwZGF0ZWRfYXQ6IG5vdyB9O1xuICAgICAgaWYgKGlucHV0Lm5ld3NsZXR0ZXJBZ3JlZW1lbnQgIT09IHVuZGVmaW5lZCkge1xuICAgICAgICBjaGFuZ2VzLmFncmVlbWVudHMgPSBKU09OLnN0cmluZ2lmeSh7IC4uLihKU09OLnBhcnNlKGNsaWVudC5hZ3JlZW1lbnRzKSBhcyBBZ3JlZW1lbnRzKSwgZW1haWw6IGlucHV0Lm5ld3NsZXR0ZXJBZ3JlZW1lbnQgfSk7XG4gICAgICB9XG4gICAgICBhd2FpdCB1cGRhdGVDbGllbnQodHJ4LCBjbGllbnQuaWQsIGNoYW5nZXMpO1xuICAgICAgY29uc3Qga2VlcCA9IGlucHV0LmNhbGxlcj8uc2Vzc2lvbi5jbGllbnRfaWQgPT09IGNsaWVudC5pZCA/IGlucHV0LmNhbGxlci5zZXNzaW9uLmlkIDogdW5kZWZpbmVkO1xuICAgICAgYXdhaXQgZGVwcy5zZXNzaW9ucy5yZXZva2VDbGllbnRTZXNzaW9ucyh0cngsIGNsaWVudC5pZCwgJ2VtYWlsLWNoYW5nZWQnLCBub3csIGtlZXApO1xuICAgICAgYXdhaXQgaW52YWxpZGF0ZUVtYWlsTGlua3ModHJ4LCBjbGllbnQuaWQsIFsncGFzc3dvcmRfcmVzZXQnLCAnZW1haWxfY2hhbmdlJywgJ2FjdGl2YXRpb24nLCAnY29uZmlybWF0aW9uJ10sIG5vdyk7XG4gICAgfSk7XG4gIH0gY2F0Y2ggKGVycikge1xuICAgIC8vIFRoZSBhZGRyZXNzIGdvdCBhbiBhY2NvdW50IGJldHdlZW4gdGhlIHJlcXVlc3QgYW5kIG5vdzogaXRzIG93bmVyIGlzIHRoZSBvbmUgZm9sbG93aW5nIHRoZSBsaW5rLlxuICAgIGlmIChpc1VuaXF1ZVZpb2xhdGlvbihlcnIpKSB0aHJvdyB0YWtlbigpO1xuICAgIHRocm93IGVycjtcbiAgfVxufVxuIiwgImltcG9ydCB0eXBlIHsgS3lzZWx5LCBUcmFuc2FjdGlvbiB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi9zY2hlbWEuanMnO1xuXG50eXBlIERiID0gS3lzZWx5PERhdGFiYXNlPiB8IFRyYW5zYWN0aW9uPERhdGFiYXNlPjtcblxuLyoqIFN0b3JlcyBhbiBhY2NvdW50J3MgbmV3IGFjdGl2YXRpb24gY29kZSwgcmVwbGFjaW5nICh2b2lkaW5nKSB0aGUgb25lIGl0IGhhZC4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZXBsYWNlQWN0aXZhdGlvblBpbihkYjogRGIsIHJvdzogeyBjbGllbnRJZDogbnVtYmVyOyBwaW5IYXNoOiBzdHJpbmc7IG5vdzogbnVtYmVyOyBleHBpcmVzQXQ6IG51bWJlciB9KTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRiLmRlbGV0ZUZyb20oJ2FjdGl2YXRpb25fcGlucycpLndoZXJlKCdjbGllbnRfaWQnLCAnPScsIHJvdy5jbGllbnRJZCkuZXhlY3V0ZSgpO1xuICBhd2FpdCBkYlxuICAgIC5pbnNlcnRJbnRvKCdhY3RpdmF0aW9uX3BpbnMnKVxuICAgIC52YWx1ZXMoeyBjbGllbnRfaWQ6IHJvdy5jbGllbnRJZCwgcGluX2hhc2g6IHJvdy5waW5IYXNoLCBjcmVhdGVkX2F0OiByb3cubm93LCBleHBpcmVzX2F0OiByb3cuZXhwaXJlc0F0LCBhdHRlbXB0czogMCB9KVxuICAgIC5leGVjdXRlKCk7XG59XG5cbi8qKlxuICogVGFrZXMgb25lIHRyeSBvZiBhbiBhY2NvdW50J3MgbGl2ZSBjb2RlOiBjb3VudHMgaXQgZmlyc3QsIGluIG9uZSBzdGF0ZW1lbnQsIGFuZCBhbnN3ZXJzIHRoZVxuICogY29kZSdzIGhhc2ggYW5kIHRoZSB0cmllcyBzbyBmYXIgXHUyMDE0IG9yIG5vdGhpbmcgd2hlbiB0aGVyZSBpcyBubyBsaXZlIGNvZGUgKG5vbmUsIGV4cGlyZWQsIG9yIGl0c1xuICogdHJpZXMgdXNlZCB1cCkuIENvdW50aW5nIGJlZm9yZSBjb21wYXJpbmcga2VlcHMgcmFjaW5nIGd1ZXNzZXMgd2l0aGluIHRoZSBsaW1pdC5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHRha2VQaW5UcnkoZGI6IERiLCBjbGllbnRJZDogbnVtYmVyLCBtYXhUcmllczogbnVtYmVyLCBub3c6IG51bWJlcik6IFByb21pc2U8eyBwaW5faGFzaDogc3RyaW5nOyBhdHRlbXB0czogbnVtYmVyIH0gfCB1bmRlZmluZWQ+IHtcbiAgcmV0dXJuIGRiXG4gICAgLnVwZGF0ZVRhYmxlKCdhY3RpdmF0aW9uX3BpbnMnKVxuICAgIC5zZXQoKGViKSA9PiAoeyBhdHRlbXB0czogZWIoJ2F0dGVtcHRzJywgJysnLCAxKSB9KSlcbiAgICAud2hlcmUoJ2NsaWVudF9pZCcsICc9JywgY2xpZW50SWQpXG4gICAgLndoZXJlKCdhdHRlbXB0cycsICc8JywgbWF4VHJpZXMpXG4gICAgLndoZXJlKCdleHBpcmVzX2F0JywgJz4nLCBub3cpXG4gICAgLnJldHVybmluZyhbJ3Bpbl9oYXNoJywgJ2F0dGVtcHRzJ10pXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbn1cblxuLyoqIFVzZXMgdXAgYSBjb2RlOiB0cnVlIHdoZW4gdGhpcyBjYWxsIHJlbW92ZWQgaXQgKG9mIHR3byByYWNpbmcgcmlnaHQgYW5zd2Vycywgb25lIHdpbnMpLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGNvbnN1bWVBY3RpdmF0aW9uUGluKGRiOiBEYiwgY2xpZW50SWQ6IG51bWJlciwgcGluSGFzaDogc3RyaW5nKTogUHJvbWlzZTxib29sZWFuPiB7XG4gIGNvbnN0IHJlc3VsdCA9IGF3YWl0IGRiLmRlbGV0ZUZyb20oJ2FjdGl2YXRpb25fcGlucycpLndoZXJlKCdjbGllbnRfaWQnLCAnPScsIGNsaWVudElkKS53aGVyZSgncGluX2hhc2gnLCAnPScsIHBpbkhhc2gpLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgcmV0dXJuIE51bWJlcihyZXN1bHQubnVtRGVsZXRlZFJvd3MpID09PSAxO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZGVsZXRlQWN0aXZhdGlvblBpbihkYjogRGIsIGNsaWVudElkOiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGIuZGVsZXRlRnJvbSgnYWN0aXZhdGlvbl9waW5zJykud2hlcmUoJ2NsaWVudF9pZCcsICc9JywgY2xpZW50SWQpLmV4ZWN1dGUoKTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IEt5c2VseSwgVHJhbnNhY3Rpb24gfSBmcm9tICdreXNlbHknO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4vc2NoZW1hLmpzJztcblxudHlwZSBEYiA9IEt5c2VseTxEYXRhYmFzZT4gfCBUcmFuc2FjdGlvbjxEYXRhYmFzZT47XG5cbi8qKiBQcm92aWRlciBsaW5rczogd2hpY2ggY3VzdG9tZXIgYSBwcm92aWRlcidzIHN1YmplY3Qgc2lnbnMgaW4gYXMuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZmluZExpbmtlZENsaWVudElkKGRiOiBEYiwgcHJvdmlkZXI6IHN0cmluZywgc3ViamVjdDogc3RyaW5nKTogUHJvbWlzZTxudW1iZXIgfCB1bmRlZmluZWQ+IHtcbiAgY29uc3Qgcm93ID0gYXdhaXQgZGIuc2VsZWN0RnJvbSgnY2xpZW50X2lkZW50aXRpZXMnKS5zZWxlY3QoJ2NsaWVudF9pZCcpLndoZXJlKCdwcm92aWRlcicsICc9JywgcHJvdmlkZXIpLndoZXJlKCdzdWJqZWN0JywgJz0nLCBzdWJqZWN0KS5leGVjdXRlVGFrZUZpcnN0KCk7XG4gIHJldHVybiByb3c/LmNsaWVudF9pZDtcbn1cblxuLyoqIExpbmtzIGEgcHJvdmlkZXIncyBzdWJqZWN0IHRvIGEgY3VzdG9tZXIsIG1vdmluZyBpdCBmcm9tIHdob2V2ZXIgaGVsZCBpdC4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBsaW5rSWRlbnRpdHkoZGI6IERiLCBwcm92aWRlcjogc3RyaW5nLCBzdWJqZWN0OiBzdHJpbmcsIGNsaWVudElkOiBudW1iZXIsIG5vdzogbnVtYmVyKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRiLmRlbGV0ZUZyb20oJ2NsaWVudF9pZGVudGl0aWVzJykud2hlcmUoJ3Byb3ZpZGVyJywgJz0nLCBwcm92aWRlcikud2hlcmUoJ3N1YmplY3QnLCAnPScsIHN1YmplY3QpLmV4ZWN1dGUoKTtcbiAgYXdhaXQgZGIuaW5zZXJ0SW50bygnY2xpZW50X2lkZW50aXRpZXMnKS52YWx1ZXMoeyBwcm92aWRlciwgc3ViamVjdCwgY2xpZW50X2lkOiBjbGllbnRJZCwgY3JlYXRlZF9hdDogbm93IH0pLmV4ZWN1dGUoKTtcbn1cblxuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGhhc1Byb3ZpZGVyTGlua3MoZGI6IERiLCBjbGllbnRJZDogbnVtYmVyKTogUHJvbWlzZTxib29sZWFuPiB7XG4gIHJldHVybiAoYXdhaXQgZGIuc2VsZWN0RnJvbSgnY2xpZW50X2lkZW50aXRpZXMnKS5zZWxlY3QoJ2NsaWVudF9pZCcpLndoZXJlKCdjbGllbnRfaWQnLCAnPScsIGNsaWVudElkKS5leGVjdXRlVGFrZUZpcnN0KCkpICE9PSB1bmRlZmluZWQ7XG59XG5cbi8qKiBUaGUgcHJvdmlkZXIgaWRlbnRpdGllcyBsaW5rZWQgdG8gYSBjdXN0b21lciAod2hpY2ggcHJvdmlkZXIsIHdoaWNoIHN1YmplY3QpLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGZpbmRDbGllbnRJZGVudGl0aWVzKGRiOiBEYiwgY2xpZW50SWQ6IG51bWJlcik6IFByb21pc2U8QXJyYXk8eyBwcm92aWRlcjogc3RyaW5nOyBzdWJqZWN0OiBzdHJpbmcgfT4+IHtcbiAgcmV0dXJuIGRiLnNlbGVjdEZyb20oJ2NsaWVudF9pZGVudGl0aWVzJykuc2VsZWN0KFsncHJvdmlkZXInLCAnc3ViamVjdCddKS53aGVyZSgnY2xpZW50X2lkJywgJz0nLCBjbGllbnRJZCkuZXhlY3V0ZSgpO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdW5saW5rQWxsUHJvdmlkZXJzKGRiOiBEYiwgY2xpZW50SWQ6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICBhd2FpdCBkYi5kZWxldGVGcm9tKCdjbGllbnRfaWRlbnRpdGllcycpLndoZXJlKCdjbGllbnRfaWQnLCAnPScsIGNsaWVudElkKS5leGVjdXRlKCk7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBUcmFuc2FjdGlvbiB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgeyBub3RGb3VuZCB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgeyBkZWxldGVBY3RpdmF0aW9uUGluIH0gZnJvbSAnLi4vc3RvcmUvYWN0aXZhdGlvbi1waW5zLmpzJztcbmltcG9ydCB7IHR5cGUgQ2xpZW50Um93LCBlcmFzZUNsaWVudERhdGEsIGZpbmRDbGllbnRCeUN1c3RvbUlkLCBmaW5kQ2xpZW50QnlFbWFpbCwgZmluZENsaWVudEJ5SWQsIGlzQ3VzdG9tZXIgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB7IGRlbGV0ZUVtYWlsVG9rZW5zIH0gZnJvbSAnLi4vc3RvcmUvZW1haWwtdG9rZW5zLmpzJztcbmltcG9ydCB7IHVubGlua0FsbFByb3ZpZGVycyB9IGZyb20gJy4uL3N0b3JlL2lkZW50aXRpZXMuanMnO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4uL3N0b3JlL3NjaGVtYS5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5cbi8qKiBXaG8gdGhlIHNpdGUncyBiYWNrZW5kIG5hbWVzIGZvciBkZWxldGlvbjogYnkgY2xpZW50SWQsIGVtYWlsLCBvciBhIGN1c3RvbUlkIGl0IHNldCBpdHNlbGYuICovXG5leHBvcnQgdHlwZSBEZWxldGlvblRhcmdldCA9IHsgY2xpZW50SWQ6IG51bWJlciB9IHwgeyBlbWFpbDogc3RyaW5nIH0gfCB7IGN1c3RvbUlkOiBzdHJpbmcgfTtcblxuYXN5bmMgZnVuY3Rpb24gZmluZChkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJz4sIHRhcmdldDogRGVsZXRpb25UYXJnZXQpOiBQcm9taXNlPENsaWVudFJvdyB8IHVuZGVmaW5lZD4ge1xuICBpZiAoJ2NsaWVudElkJyBpbiB0YXJnZXQpIHJldHVybiBmaW5kQ2xpZW50QnlJZChkZXBzLmRiLCB0YXJnZXQuY2xpZW50SWQpO1xuICBpZiAoJ2VtYWlsJyBpbiB0YXJnZXQpIHJldHVybiBmaW5kQ2xpZW50QnlFbWFpbChkZXBzLmRiLCB0YXJnZXQuZW1haWwpO1xuICAvLyBPbmx5IGEgY3VzdG9tSWQgdGhpcyBiYWNrZW5kIHNldCBuYW1lcyBpdHMgY3VzdG9tZXI7IG9uZSBhIGN1c3RvbWVyIHR5cGVkIGlzIG5vYm9keSdzLlxuICBjb25zdCBob2xkZXIgPSBhd2FpdCBmaW5kQ2xpZW50QnlDdXN0b21JZChkZXBzLmRiLCB0YXJnZXQuY3VzdG9tSWQpO1xuICByZXR1cm4gaG9sZGVyPy5jdXN0b21faWRfdmVyaWZpZWQgPT09IDEgPyBob2xkZXIgOiB1bmRlZmluZWQ7XG59XG5cbi8qKlxuICogRXJhc2VzIGEgY3VzdG9tZXIncyBwZXJzb25hbCBkYXRhOyB0aGUgcHJvZmlsZSBzdGF5cyBhcyBhbiBhbm9ueW1vdXMgb25lIHdpdGggaXRzIGV2ZW50cy4gRXZlcnlcbiAqIHNlc3Npb24gZW5kcywgZXZlcnkgcHJvdmlkZXIgbGluayBhbmQgZW1haWxlZCBsaW5rIGdvZXMuIDQwNCB3aGVuIG5vIGN1c3RvbWVyIGlzIG5hbWVkLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZGVsZXRlQ2xpZW50KGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnZGInIHwgJ3Nlc3Npb25zJz4sIGlucHV0OiB7IHRhcmdldDogRGVsZXRpb25UYXJnZXQ7IG5vdzogKCkgPT4gbnVtYmVyIH0pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgY2xpZW50ID0gYXdhaXQgZmluZChkZXBzLCBpbnB1dC50YXJnZXQpO1xuICBpZiAoIWNsaWVudCB8fCAhaXNDdXN0b21lcihjbGllbnQpKSB0aHJvdyBub3RGb3VuZCgnTk9UX0ZPVU5EJywgJ05vIHN1Y2ggY3VzdG9tZXInKTtcbiAgY29uc3Qgbm93ID0gaW5wdXQubm93KCk7XG4gIGF3YWl0IGRlcHMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKCh0cngpID0+IGVyYXNlQ3VzdG9tZXIoZGVwcywgdHJ4LCBjbGllbnQsICdkZWxldGVkJywgbm93KSk7XG59XG5cbi8qKlxuICogVGhlIGVyYXN1cmUgaXRzZWxmLCBzaGFyZWQgYnkgdGhlIGJhY2tlbmQncyBkZWxldGlvbiBhbmQgdGhlIGN1c3RvbWVyJ3Mgb3duIChkZWxldGUtYWNjb3VudC50cyk6XG4gKiBldmVyeSBzZXNzaW9uIGVuZHMgKHdpdGggYHJlYXNvbmApLCBldmVyeSBwcm92aWRlciBsaW5rIGFuZCBlbWFpbGVkIGxpbmsgZ29lcywgdGhlIHBlcnNvbmFsIGRhdGFcbiAqIGdvZXM7IHRoZSBwcm9maWxlIHN0YXlzIGFzIGFuIGFub255bW91cyBvbmUgd2l0aCBpdHMgZXZlbnRzLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gZXJhc2VDdXN0b21lcihcbiAgZGVwczogUGljazxJZGVudGl0eURlcHMsICdzZXNzaW9ucyc+LFxuICB0cng6IFRyYW5zYWN0aW9uPERhdGFiYXNlPixcbiAgY2xpZW50OiBDbGllbnRSb3csXG4gIHJlYXNvbjogc3RyaW5nLFxuICBub3c6IG51bWJlcixcbik6IFByb21pc2U8dm9pZD4ge1xuICBhd2FpdCBkZXBzLnNlc3Npb25zLnJldm9rZUNsaWVudFNlc3Npb25zKHRyeCwgY2xpZW50LmlkLCByZWFzb24sIG5vdyk7XG4gIGF3YWl0IHVubGlua0FsbFByb3ZpZGVycyh0cngsIGNsaWVudC5pZCk7XG4gIGF3YWl0IGRlbGV0ZUVtYWlsVG9rZW5zKHRyeCwgY2xpZW50LmlkKTtcbiAgYXdhaXQgZGVsZXRlQWN0aXZhdGlvblBpbih0cngsIGNsaWVudC5pZCk7XG4gIGF3YWl0IGVyYXNlQ2xpZW50RGF0YSh0cngsIGNsaWVudCwgbm93KTtcbn1cbiIsICJpbXBvcnQgeyBjcmVhdGVIYXNoLCB0aW1pbmdTYWZlRXF1YWwgfSBmcm9tICdub2RlOmNyeXB0byc7XG5pbXBvcnQgeyBjcmVhdGVSZW1vdGVKV0tTZXQsIGVycm9ycywgdHlwZSBKV1RQYXlsb2FkLCBqd3RWZXJpZnkgfSBmcm9tICdqb3NlJztcbmltcG9ydCB0eXBlIHsgSWRUb2tlblByb3ZpZGVyQ29uZmlnIH0gZnJvbSAnLi4vY29uZmlnLmpzJztcbmltcG9ydCB7IEFwaUVycm9yIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IGZldGNoUHJvdmlkZXJKc29uLCBQUk9WSURFUl9USU1FT1VUX01TLCByZWplY3RlZCB9IGZyb20gJy4vaWRlbnRpdHkuanMnO1xuXG4vKiogSG93IGxvbmcgYW4gaXNzdWVyJ3MgZGlzY292ZXJ5IGRvY3VtZW50IGlzIGtlcHQgYmVmb3JlIGl0IGlzIGFza2VkIGFnYWluLiAqL1xuZXhwb3J0IGNvbnN0IERJU0NPVkVSWV9UVExfTVMgPSA2MCAqIDYwICogMTAwMDtcbi8qKiBUaGUgc2lnbmluZyBhbGdvcml0aG1zIEdvb2dsZSBhbmQgQXBwbGUgdXNlOyBhIHRva2VuIGluIGFueSBvdGhlciBpcyByZWZ1c2VkIChuZXZlciBgbm9uZWAgb3IgSE1BQykuICovXG5jb25zdCBBTEdPUklUSE1TID0gWydSUzI1NicsICdFUzI1NiddO1xuLyoqIExlZXdheSBmb3IgdGhlIGNsb2NrcyBvZiB0aGUgcHJvdmlkZXIgYW5kIHRoaXMgc2VydmVyLiAqL1xuY29uc3QgQ0xPQ0tfVE9MRVJBTkNFX1MgPSA2MDtcblxuaW50ZXJmYWNlIElzc3VlciB7XG4gIC8qKiBXaGVuIHRoZSBkaXNjb3ZlcnkgZG9jdW1lbnQgd2FzIHJlYWQgKHRoaXMgc2VydmVyJ3MgY2xvY2spLiAqL1xuICByZWFkQXQ6IG51bWJlcjtcbiAga2V5czogUmV0dXJuVHlwZTx0eXBlb2YgY3JlYXRlUmVtb3RlSldLU2V0Pjtcbn1cblxuLyoqXG4gKiBUaGUga2V5cyBvZiBlYWNoIGlzc3VlciwgYnkgaXRzIFVSTDogdGhlIGRpc2NvdmVyeSBkb2N1bWVudCBuYW1lcyB0aGUgSldLUywgd2hpY2ggam9zZSBmZXRjaGVzXG4gKiBhbmQga2VlcHMgKHJlLWZldGNoZWQgd2hlbiBhIHRva2VuIG5hbWVzIGEga2V5IGl0IGhhcyBub3Qgc2VlbiwgYXQgbW9zdCBldmVyeSAzMCBzLCBzbyBhIGtleVxuICogcm90YXRpb24gaXMgcGlja2VkIHVwIGFuZCBhIGZsb29kIG9mIG1hZGUtdXAga2V5IGlkcyBjb3N0cyBvbmUgcmVxdWVzdCBwZXIgMzAgcykuXG4gKi9cbmNvbnN0IGlzc3VlcnMgPSBuZXcgTWFwPHN0cmluZywgUHJvbWlzZTxJc3N1ZXI+PigpO1xuXG5hc3luYyBmdW5jdGlvbiBkaXNjb3Zlcihpc3N1ZXI6IHN0cmluZywgbmFtZTogc3RyaW5nLCBub3c6IG51bWJlcik6IFByb21pc2U8SXNzdWVyPiB7XG4gIGNvbnN0IGNhY2hlZCA9IGlzc3VlcnMuZ2V0KGlzc3Vlcik7XG4gIGlmIChjYWNoZWQpIHtcbiAgICBjb25zdCBmb3VuZCA9IGF3YWl0IGNhY2hlZC5jYXRjaCgoKSA9PiB1bmRlZmluZWQpO1xuICAgIGlmIChmb3VuZCAmJiBub3cgLSBmb3VuZC5yZWFkQXQgPCBESVNDT1ZFUllfVFRMX01TKSByZXR1cm4gZm91bmQ7XG4gICAgaWYgKGlzc3VlcnMuZ2V0KGlzc3VlcikgPT09IGNhY2hlZCkgaXNzdWVycy5kZWxldGUoaXNzdWVyKTtcbiAgfVxuICBsZXQgcGVuZGluZyA9IGlzc3VlcnMuZ2V0KGlzc3Vlcik7XG4gIGlmICghcGVuZGluZykge1xuICAgIHBlbmRpbmcgPSAoYXN5bmMgKCkgPT4ge1xuICAgICAgY29uc3QgZG9jID0gYXdhaXQgZmV0Y2hQcm92aWRlckpzb24oYCR7aXNzdWVyfS8ud2VsbC1rbm93bi9vcGVuaWQtY29uZmlndXJhdGlvbmAsIHsgaGVhZGVyczogeyBhY2NlcHQ6ICdhcHBsaWNhdGlvbi9qc29uJyB9IH0sIG5hbWUpLmNhdGNoKChlcnIpID0+IHtcbiAgICAgICAgLy8gVGhlIGlzc3VlcidzIG93biBtZXRhZGF0YSBtaXNzaW5nIGlzIHRoZSBpc3N1ZXIgYmVpbmcgZG93biwgbm90IHRoZSBjdXN0b21lcidzIHRva2VuIGJlaW5nIGJhZC5cbiAgICAgICAgdGhyb3cgZXJyIGluc3RhbmNlb2YgQXBpRXJyb3IgJiYgZXJyLmNvZGUgPT09ICdQUk9WSURFUl9SRUpFQ1RFRCdcbiAgICAgICAgICA/IG5ldyBBcGlFcnJvcig1MDIsICdQUk9WSURFUl9VTkFWQUlMQUJMRScsIGAke25hbWV9IHB1Ymxpc2hlZCBubyBPcGVuSUQgZGlzY292ZXJ5IGRvY3VtZW50YClcbiAgICAgICAgICA6IGVycjtcbiAgICAgIH0pO1xuICAgICAgaWYgKHR5cGVvZiBkb2Muandrc191cmkgIT09ICdzdHJpbmcnIHx8ICEvXmh0dHBzPzpcXC9cXC8vLnRlc3QoZG9jLmp3a3NfdXJpKSkge1xuICAgICAgICB0aHJvdyBuZXcgQXBpRXJyb3IoNTAyLCAnUFJPVklERVJfVU5BVkFJTEFCTEUnLCBgJHtuYW1lfSdzIGRpc2NvdmVyeSBkb2N1bWVudCBuYW1lcyBubyBqd2tzX3VyaWApO1xuICAgICAgfVxuICAgICAgcmV0dXJuIHtcbiAgICAgICAgcmVhZEF0OiBub3csXG4gICAgICAgIGtleXM6IGNyZWF0ZVJlbW90ZUpXS1NldChuZXcgVVJMKGRvYy5qd2tzX3VyaSksIHsgdGltZW91dER1cmF0aW9uOiBQUk9WSURFUl9USU1FT1VUX01TLCBjb29sZG93bkR1cmF0aW9uOiAzMF8wMDAsIGNhY2hlTWF4QWdlOiAxMCAqIDYwXzAwMCB9KSxcbiAgICAgIH07XG4gICAgfSkoKTtcbiAgICBpc3N1ZXJzLnNldChpc3N1ZXIsIHBlbmRpbmcpO1xuICAgIHBlbmRpbmcuY2F0Y2goKCkgPT4ge1xuICAgICAgaWYgKGlzc3VlcnMuZ2V0KGlzc3VlcikgPT09IHBlbmRpbmcpIGlzc3VlcnMuZGVsZXRlKGlzc3Vlcik7XG4gICAgfSk7XG4gIH1cbiAgcmV0dXJuIHBlbmRpbmc7XG59XG5cbi8qKiBFcXVhbCBpbiBjb25zdGFudCB0aW1lOyB0aGUgbm9uY2UncyBTSEEtMjU2IChoZXgpIGNvdW50cyB0b28sIGFzIEFwcGxlJ3MgYW5kIEZpcmViYXNlJ3MgbmF0aXZlIGZsb3dzIHNlbmQgaXQgaGFzaGVkLiAqL1xuZnVuY3Rpb24gbm9uY2VNYXRjaGVzKGNsYWltOiB1bmtub3duLCBub25jZTogc3RyaW5nKTogYm9vbGVhbiB7XG4gIGlmICh0eXBlb2YgY2xhaW0gIT09ICdzdHJpbmcnKSByZXR1cm4gZmFsc2U7XG4gIGNvbnN0IHNhbWUgPSAoYTogc3RyaW5nLCBiOiBzdHJpbmcpID0+IGEubGVuZ3RoID09PSBiLmxlbmd0aCAmJiB0aW1pbmdTYWZlRXF1YWwoQnVmZmVyLmZyb20oYSksIEJ1ZmZlci5mcm9tKGIpKTtcbiAgcmV0dXJuIHNhbWUoY2xhaW0sIG5vbmNlKSB8fCBzYW1lKGNsYWltLCBjcmVhdGVIYXNoKCdzaGEyNTYnKS51cGRhdGUobm9uY2UpLmRpZ2VzdCgnaGV4JykpO1xufVxuXG5leHBvcnQgaW50ZXJmYWNlIElkVG9rZW5DaGVjayB7XG4gIGNvbmZpZzogSWRUb2tlblByb3ZpZGVyQ29uZmlnO1xuICAvKiogRm9yIG1lc3NhZ2VzOiBcIkdvb2dsZVwiLCBcIkFwcGxlXCIuICovXG4gIG5hbWU6IHN0cmluZztcbiAgLyoqIFZhbHVlcyBvZiBgaXNzYCBhY2NlcHRlZCBiZXNpZGVzIHRoZSBjb25maWd1cmVkIGlzc3VlciAoR29vZ2xlIGFsc28gc2lnbnMgYGFjY291bnRzLmdvb2dsZS5jb21gKS4gKi9cbiAgYWxzb0lzc3VlcnM/OiBzdHJpbmdbXTtcbiAgdG9rZW46IHN0cmluZztcbiAgbm9uY2U6IHN0cmluZztcbiAgbm93OiBudW1iZXI7XG59XG5cbi8qKlxuICogVmVyaWZpZXMgYW4gT3BlbklEIENvbm5lY3QgSUQgdG9rZW46IHRoZSBzaWduYXR1cmUgYWdhaW5zdCB0aGUgaXNzdWVyJ3MgcHVibGlzaGVkIGtleXMsIGBpc3NgLFxuICogYGF1ZGAgKHRoZSBjb25maWd1cmVkIGNsaWVudCBpZCksIGBleHBgL2BpYXRgL2BuYmZgIGFnYWluc3QgdGhpcyBzZXJ2ZXIncyBjbG9jaywgYSBgc3ViYCwgYW5kIHRoZVxuICogYG5vbmNlYCBvZiB0aGlzIHNpZ24taW4gYXR0ZW1wdC4gQW55IGZhaWx1cmUgb2YgdGhlIHRva2VuIGlzIGBQUk9WSURFUl9SRUpFQ1RFRGA7IGFuIGlzc3VlciB0aGF0XG4gKiBjYW5ub3QgYmUgYXNrZWQgZm9yIGl0cyBrZXlzIGlzIGBQUk9WSURFUl9VTkFWQUlMQUJMRWAgb3IgYFBST1ZJREVSX1RJTUVPVVRgLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdmVyaWZ5SWRUb2tlbihjaGVjazogSWRUb2tlbkNoZWNrKTogUHJvbWlzZTxKV1RQYXlsb2FkICYgeyBzdWI6IHN0cmluZyB9PiB7XG4gIGNvbnN0IHsgY29uZmlnLCBuYW1lLCB0b2tlbiwgbm9uY2UsIG5vdyB9ID0gY2hlY2s7XG4gIGNvbnN0IGlzc3VlciA9IGF3YWl0IGRpc2NvdmVyKGNvbmZpZy5pc3N1ZXIsIG5hbWUsIG5vdyk7XG4gIGxldCBwYXlsb2FkOiBKV1RQYXlsb2FkO1xuICB0cnkge1xuICAgICh7IHBheWxvYWQgfSA9IGF3YWl0IGp3dFZlcmlmeSh0b2tlbiwgaXNzdWVyLmtleXMsIHtcbiAgICAgIGlzc3VlcjogW2NvbmZpZy5pc3N1ZXIsIC4uLihjaGVjay5hbHNvSXNzdWVycyA/PyBbXSldLFxuICAgICAgYXVkaWVuY2U6IGNvbmZpZy5jbGllbnRJZCxcbiAgICAgIGFsZ29yaXRobXM6IEFMR09SSVRITVMsXG4gICAgICBjdXJyZW50RGF0ZTogbmV3IERhdGUobm93KSxcbiAgICAgIGNsb2NrVG9sZXJhbmNlOiBDTE9DS19UT0xFUkFOQ0VfUyxcbiAgICAgIHJlcXVpcmVkQ2xhaW1zOiBbJ3N1YicsICdpYXQnLCAnZXhwJ10sXG4gICAgfSkpO1xuICB9IGNhdGNoIChlcnIpIHtcbiAgICBpZiAoZXJyIGluc3RhbmNlb2YgZXJyb3JzLkpXS1NUaW1lb3V0KSB0aHJvdyBuZXcgQXBpRXJyb3IoNTA0LCAnUFJPVklERVJfVElNRU9VVCcsIGAke25hbWV9IGRpZCBub3QgaGFuZCBvdXQgaXRzIGtleXMgaW4gdGltZWApO1xuICAgIGlmIChlcnIgaW5zdGFuY2VvZiBlcnJvcnMuSldURXhwaXJlZCkgdGhyb3cgcmVqZWN0ZWQoYFRoZSAke25hbWV9IElEIHRva2VuIGhhcyBleHBpcmVkYCk7XG4gICAgaWYgKGVyciBpbnN0YW5jZW9mIGVycm9ycy5KV1RDbGFpbVZhbGlkYXRpb25GYWlsZWQpIHRocm93IHJlamVjdGVkKGBUaGUgJHtuYW1lfSBJRCB0b2tlbidzIFwiJHtlcnIuY2xhaW19XCIgY2xhaW0gaXMgbm90IHJpZ2h0IGZvciB0aGlzIHNpdGVgKTtcbiAgICBpZiAoZXJyIGluc3RhbmNlb2YgZXJyb3JzLkpXS1NOb01hdGNoaW5nS2V5IHx8IGVyciBpbnN0YW5jZW9mIGVycm9ycy5KV1NTaWduYXR1cmVWZXJpZmljYXRpb25GYWlsZWQpIHtcbiAgICAgIHRocm93IHJlamVjdGVkKGBUaGUgJHtuYW1lfSBJRCB0b2tlbiBpcyBub3Qgc2lnbmVkIGJ5ICR7bmFtZX0ncyBwdWJsaXNoZWQga2V5c2ApO1xuICAgIH1cbiAgICBpZiAoZXJyIGluc3RhbmNlb2YgZXJyb3JzLkpPU0VFcnJvciAmJiBlcnIuY29kZSAhPT0gJ0VSUl9KT1NFX0dFTkVSSUMnICYmIGVyci5jb2RlICE9PSAnRVJSX0pXS1NfSU5WQUxJRCcpXG4gICAgICB0aHJvdyByZWplY3RlZChgVGhlICR7bmFtZX0gSUQgdG9rZW4gaXMgbm90IHZhbGlkYCk7XG4gICAgLy8gVGhlIGtleSBzZXQgY291bGQgbm90IGJlIGZldGNoZWQgb3IgcmVhZC5cbiAgICB0aHJvdyBuZXcgQXBpRXJyb3IoNTAyLCAnUFJPVklERVJfVU5BVkFJTEFCTEUnLCBgJHtuYW1lfSdzIGtleXMgY291bGQgbm90IGJlIGZldGNoZWRgKTtcbiAgfVxuICBpZiAodHlwZW9mIHBheWxvYWQuc3ViICE9PSAnc3RyaW5nJyB8fCBwYXlsb2FkLnN1YiA9PT0gJycpIHRocm93IHJlamVjdGVkKGBUaGUgJHtuYW1lfSBJRCB0b2tlbiBuYW1lcyBubyBzdWJqZWN0YCk7XG4gIC8vIGpvc2UgY2hlY2tzIGBpYXRgIG9ubHkgd2l0aCBhIG1heGltdW0gYWdlOiBhIHRva2VuIGRhdGVkIGluIHRoZSBmdXR1cmUgd2FzIG5vdCBpc3N1ZWQgbm93LlxuICBpZiAodHlwZW9mIHBheWxvYWQuaWF0ICE9PSAnbnVtYmVyJyB8fCBwYXlsb2FkLmlhdCA+IG5vdyAvIDEwMDAgKyBDTE9DS19UT0xFUkFOQ0VfUykgdGhyb3cgcmVqZWN0ZWQoYFRoZSAke25hbWV9IElEIHRva2VuIGlzIGRhdGVkIGluIHRoZSBmdXR1cmVgKTtcbiAgLy8gV2l0aCBzZXZlcmFsIGF1ZGllbmNlcywgdGhlIHRva2VuIG11c3QgaGF2ZSBiZWVuIGlzc3VlZCB0byB1cyAoT3BlbklEIENvbm5lY3QgQ29yZSAzLjEuMy43KS5cbiAgaWYgKEFycmF5LmlzQXJyYXkocGF5bG9hZC5hdWQpICYmIHBheWxvYWQuYXVkLmxlbmd0aCA+IDEgJiYgcGF5bG9hZC5henAgIT09IGNvbmZpZy5jbGllbnRJZClcbiAgICB0aHJvdyByZWplY3RlZChgVGhlICR7bmFtZX0gSUQgdG9rZW4gd2FzIGlzc3VlZCB0byBhbm90aGVyIHBhcnR5YCk7XG4gIGlmICghbm9uY2VNYXRjaGVzKHBheWxvYWQubm9uY2UsIG5vbmNlKSkgdGhyb3cgcmVqZWN0ZWQoYFRoZSAke25hbWV9IElEIHRva2VuIHdhcyBub3QgaXNzdWVkIGZvciB0aGlzIHNpZ24taW4gYXR0ZW1wdCAobm9uY2UpYCk7XG4gIHJldHVybiBwYXlsb2FkIGFzIEpXVFBheWxvYWQgJiB7IHN1Yjogc3RyaW5nIH07XG59XG5cbi8qKiBgZW1haWxfdmVyaWZpZWRgIGFzIE9wZW5JRCBDb25uZWN0IHNheXMgKGEgYm9vbGVhbiksIG9yIGFzIEFwcGxlIHNlbmRzIGl0ICh0aGUgc3RyaW5nIFwidHJ1ZVwiKS4gKi9cbmV4cG9ydCBjb25zdCBpc1RydWUgPSAodmFsdWU6IHVua25vd24pID0+IHZhbHVlID09PSB0cnVlIHx8IHZhbHVlID09PSAndHJ1ZSc7XG5cbi8qKiBBIHVzYWJsZSwgbG93ZXItY2FzZWQgZW1haWwgZnJvbSBhIGNsYWltLCBvciB1bmRlZmluZWQuICovXG5leHBvcnQgZnVuY3Rpb24gZW1haWxDbGFpbSh2YWx1ZTogdW5rbm93bik6IHN0cmluZyB8IHVuZGVmaW5lZCB7XG4gIHJldHVybiB0eXBlb2YgdmFsdWUgPT09ICdzdHJpbmcnICYmIC9eW15cXHNAXStAW15cXHNAXSskLy50ZXN0KHZhbHVlKSAmJiB2YWx1ZS5sZW5ndGggPD0gMjU0ID8gdmFsdWUudG9Mb3dlckNhc2UoKSA6IHVuZGVmaW5lZDtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IEVycm9yQ29kZSB9IGZyb20gJy4uLy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB7IEFwaUVycm9yIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcblxuLyoqIFdoYXQgYSBwcm92aWRlciB2b3VjaGVzIGZvciwgYWZ0ZXIgaXRzIHRva2VuIGNoZWNrZWQgb3V0LiAqL1xuZXhwb3J0IGludGVyZmFjZSBQcm92aWRlcklkZW50aXR5IHtcbiAgcHJvdmlkZXI6ICdPQVVUSCcgfCAnRkFDRUJPT0snIHwgJ0dPT0dMRScgfCAnQVBQTEUnO1xuICBzdWJqZWN0OiBzdHJpbmc7XG4gIGVtYWlsPzogc3RyaW5nO1xuICAvKiogT25seSBhIHZlcmlmaWVkIGVtYWlsIG1heSBsaW5rIHRvIGFuIGV4aXN0aW5nIGFjY291bnQuICovXG4gIGVtYWlsVmVyaWZpZWQ6IGJvb2xlYW47XG4gIHByb2ZpbGU6IFJlY29yZDxzdHJpbmcsIHN0cmluZz47XG59XG5cbmV4cG9ydCBjb25zdCBQUk9WSURFUl9USU1FT1VUX01TID0gNTAwMDtcblxuY29uc3QgcHJvdmlkZXJFcnJvciA9IChzdGF0dXM6IG51bWJlciwgY29kZTogRXJyb3JDb2RlLCBtZXNzYWdlOiBzdHJpbmcpID0+IG5ldyBBcGlFcnJvcihzdGF0dXMsIGNvZGUsIG1lc3NhZ2UpO1xuXG4vKipcbiAqIEdFVCBhIHByb3ZpZGVyJ3MgSlNPTiB3aXRoIGEgdGltZSBsaW1pdC4gTm9uLTJ4eCBcdTIxOTIgYFBST1ZJREVSX1JFSkVDVEVEYDsgdGltZS1vdXQgXHUyMTkyXG4gKiBgUFJPVklERVJfVElNRU9VVGA7IHVucmVhY2hhYmxlIG9yIG5vdCBKU09OIFx1MjE5MiBgUFJPVklERVJfVU5BVkFJTEFCTEVgLiBOZXZlciBoYW5ncyB0aGUgcmVxdWVzdC5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGZldGNoUHJvdmlkZXJKc29uKHVybDogc3RyaW5nLCBpbml0OiBSZXF1ZXN0SW5pdCwgbmFtZTogc3RyaW5nLCB0aW1lb3V0TXMgPSBQUk9WSURFUl9USU1FT1VUX01TKTogUHJvbWlzZTxSZWNvcmQ8c3RyaW5nLCB1bmtub3duPj4ge1xuICBjb25zdCBzaWduYWwgPSBBYm9ydFNpZ25hbC50aW1lb3V0KHRpbWVvdXRNcyk7XG4gIGNvbnN0IHRpbWVkT3V0ID0gKCkgPT4gcHJvdmlkZXJFcnJvcig1MDQsICdQUk9WSURFUl9USU1FT1VUJywgYCR7bmFtZX0gZGlkIG5vdCBhbnN3ZXIgaW4gdGltZWApO1xuICBsZXQgcmVzOiBSZXNwb25zZTtcbiAgdHJ5IHtcbiAgICAvLyBBIHJlZGlyZWN0IGlzIGFuIGFuc3dlciBsaWtlIGFueSBvdGhlciBub24tMnh4IChhIGxvZ2luIHBhZ2UpOiBub3QgZm9sbG93ZWQsIHJlZnVzZWQgYmVsb3cuXG4gICAgcmVzID0gYXdhaXQgZmV0Y2godXJsLCB7IC4uLmluaXQsIHJlZGlyZWN0OiAnbWFudWFsJywgc2lnbmFsIH0pO1xuICB9IGNhdGNoIChfZXJyKSB7XG4gICAgdGhyb3cgc2lnbmFsLmFib3J0ZWQgPyB0aW1lZE91dCgpIDogcHJvdmlkZXJFcnJvcig1MDIsICdQUk9WSURFUl9VTkFWQUlMQUJMRScsIGAke25hbWV9IGNvdWxkIG5vdCBiZSByZWFjaGVkYCk7XG4gIH1cbiAgbGV0IGJvZHk6IHVua25vd247XG4gIHRyeSB7XG4gICAgYm9keSA9IGF3YWl0IHJlcy5qc29uKCk7XG4gIH0gY2F0Y2gge1xuICAgIC8vIFRoZSB0aW1lIGxpbWl0IGNvdmVycyB0aGUgd2hvbGUgYW5zd2VyOiBhIGJvZHkgdGhhdCBzdGFsbHMgaGFsZi13YXkgaXMgYSB0aW1lLW91dCB0b28uXG4gICAgaWYgKHNpZ25hbC5hYm9ydGVkKSB0aHJvdyB0aW1lZE91dCgpO1xuICAgIGJvZHkgPSB1bmRlZmluZWQ7XG4gIH1cbiAgLy8gREVTSUdOLm1kIFx1MDBBNzc6IG9ubHkgYSAyeHggd2l0aCBhIEpTT04gb2JqZWN0IG9mIGNsYWltcyBpcyBhIHllczsgYW55dGhpbmcgZWxzZSBpcyBhIHJlZnVzYWwuXG4gIGlmICghcmVzLm9rIHx8IHR5cGVvZiBib2R5ICE9PSAnb2JqZWN0JyB8fCBib2R5ID09PSBudWxsIHx8IEFycmF5LmlzQXJyYXkoYm9keSkpIHRocm93IHByb3ZpZGVyRXJyb3IoNDAxLCAnUFJPVklERVJfUkVKRUNURUQnLCBgJHtuYW1lfSByZWZ1c2VkIHRoZSB0b2tlbmApO1xuICByZXR1cm4gYm9keSBhcyBSZWNvcmQ8c3RyaW5nLCB1bmtub3duPjtcbn1cblxuZXhwb3J0IGNvbnN0IHJlamVjdGVkID0gKG1lc3NhZ2U6IHN0cmluZykgPT4gcHJvdmlkZXJFcnJvcig0MDEsICdQUk9WSURFUl9SRUpFQ1RFRCcsIG1lc3NhZ2UpO1xuIiwgImltcG9ydCB0eXBlIHsgSWRUb2tlblByb3ZpZGVyQ29uZmlnIH0gZnJvbSAnLi4vY29uZmlnLmpzJztcbmltcG9ydCB7IGVtYWlsQ2xhaW0sIGlzVHJ1ZSwgdmVyaWZ5SWRUb2tlbiB9IGZyb20gJy4vaWQtdG9rZW4uanMnO1xuaW1wb3J0IHR5cGUgeyBQcm92aWRlcklkZW50aXR5IH0gZnJvbSAnLi9pZGVudGl0eS5qcyc7XG5cbi8qKlxuICogQ2hlY2tzIGEgU2lnbiBpbiB3aXRoIEFwcGxlIElEIHRva2VuIChgYXV0aG9yaXphdGlvbi5pZF90b2tlbmAgb2YgQXBwbGVJRC5hdXRoLnNpZ25JbikgaXRzZWxmOlxuICogc2lnbmVkIGJ5IEFwcGxlJ3MgcHVibGlzaGVkIGtleXMsIGlzc3VlZCBieSBBcHBsZSB0byB0aGlzIHNpdGUncyBTZXJ2aWNlcyBJRCwgbm90IGV4cGlyZWQsIGZvclxuICogdGhpcyBhdHRlbXB0J3Mgbm9uY2UuIEFwcGxlIHNlbmRzIGBlbWFpbF92ZXJpZmllZGAgYXMgYSBzdHJpbmcgKFwidHJ1ZVwiKSBhbmQgcHV0cyBubyBuYW1lIGluIHRoZVxuICogdG9rZW4gKHRoZSBuYW1lIGNvbWVzIG9uY2UsIHRvIHRoZSBwYWdlLCBhbmQgaXMgbm90IHRydXN0ZWQgaGVyZSkuIEEgcHJpdmF0ZSByZWxheSBhZGRyZXNzXG4gKiAoYGlzX3ByaXZhdGVfZW1haWxgKSBpcyBhIHdvcmtpbmcsIHZlcmlmaWVkIGFkZHJlc3MgbGlrZSBhbnkgb3RoZXIuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiB2ZXJpZnlBcHBsZVRva2VuKGNvbmZpZzogSWRUb2tlblByb3ZpZGVyQ29uZmlnLCB0b2tlbjogc3RyaW5nLCBub25jZTogc3RyaW5nLCBub3c6IG51bWJlcik6IFByb21pc2U8UHJvdmlkZXJJZGVudGl0eT4ge1xuICBjb25zdCBjbGFpbXMgPSBhd2FpdCB2ZXJpZnlJZFRva2VuKHsgY29uZmlnLCBuYW1lOiAnQXBwbGUnLCB0b2tlbiwgbm9uY2UsIG5vdyB9KTtcbiAgY29uc3QgZW1haWwgPSBlbWFpbENsYWltKGNsYWltcy5lbWFpbCk7XG4gIHJldHVybiB7IHByb3ZpZGVyOiAnQVBQTEUnLCBzdWJqZWN0OiBjbGFpbXMuc3ViLCBlbWFpbCwgZW1haWxWZXJpZmllZDogZW1haWwgIT09IHVuZGVmaW5lZCAmJiBpc1RydWUoY2xhaW1zLmVtYWlsX3ZlcmlmaWVkKSwgcHJvZmlsZToge30gfTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IFNlcnZlckNvbmZpZyB9IGZyb20gJy4uL2NvbmZpZy5qcyc7XG5pbXBvcnQgeyBmZXRjaFByb3ZpZGVySnNvbiwgdHlwZSBQcm92aWRlcklkZW50aXR5LCByZWplY3RlZCB9IGZyb20gJy4vaWRlbnRpdHkuanMnO1xuXG4vKipcbiAqIENoZWNrcyBhIEZhY2Vib29rIHVzZXIgYWNjZXNzIHRva2VuIHdpdGggdGhlIEdyYXBoIEFQSTogYGRlYnVnX3Rva2VuYCB3aXRoIHRoZSBhcHAncyB0b2tlbiBwcm92ZXNcbiAqIGl0IHdhcyBpc3N1ZWQgZm9yIHRoaXMgYXBwIGFuZCBpcyB2YWxpZCwgdGhlbiBgbWVgIGdpdmVzIHRoZSBwcm9maWxlLiBGYWNlYm9vayBvbmx5IHJldHVybnNcbiAqIGNvbmZpcm1lZCBlbWFpbCBhZGRyZXNzZXMsIHNvIGEgcmV0dXJuZWQgZW1haWwgY291bnRzIGFzIHZlcmlmaWVkLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdmVyaWZ5RmFjZWJvb2tUb2tlbihjb25maWc6IE5vbk51bGxhYmxlPFNlcnZlckNvbmZpZ1snZmFjZWJvb2snXT4sIHRva2VuOiBzdHJpbmcpOiBQcm9taXNlPFByb3ZpZGVySWRlbnRpdHk+IHtcbiAgY29uc3QgYXBwVG9rZW4gPSBgJHtjb25maWcuYXBwSWR9fCR7Y29uZmlnLmFwcFNlY3JldH1gO1xuICBjb25zdCBkZWJ1ZyA9IGF3YWl0IGZldGNoUHJvdmlkZXJKc29uKFxuICAgIGAke2NvbmZpZy5ncmFwaFVybH0vZGVidWdfdG9rZW4/JHtuZXcgVVJMU2VhcmNoUGFyYW1zKHsgaW5wdXRfdG9rZW46IHRva2VuLCBhY2Nlc3NfdG9rZW46IGFwcFRva2VuIH0pfWAsXG4gICAgeyBoZWFkZXJzOiB7IGFjY2VwdDogJ2FwcGxpY2F0aW9uL2pzb24nIH0gfSxcbiAgICAnRmFjZWJvb2snLFxuICApO1xuICBjb25zdCBkYXRhID0gKGRlYnVnLmRhdGEgPz8ge30pIGFzIFJlY29yZDxzdHJpbmcsIHVua25vd24+O1xuICBpZiAoZGF0YS5pc192YWxpZCAhPT0gdHJ1ZSkgdGhyb3cgcmVqZWN0ZWQoJ0ZhY2Vib29rIHNheXMgdGhlIHRva2VuIGlzIG5vdCB2YWxpZCcpO1xuICBpZiAoU3RyaW5nKGRhdGEuYXBwX2lkKSAhPT0gY29uZmlnLmFwcElkKSB0aHJvdyByZWplY3RlZCgnVGhlIEZhY2Vib29rIHRva2VuIHdhcyBpc3N1ZWQgZm9yIGFub3RoZXIgYXBwJyk7XG4gIGNvbnN0IG1lID0gYXdhaXQgZmV0Y2hQcm92aWRlckpzb24oXG4gICAgYCR7Y29uZmlnLmdyYXBoVXJsfS9tZT8ke25ldyBVUkxTZWFyY2hQYXJhbXMoeyBmaWVsZHM6ICdpZCxlbWFpbCxmaXJzdF9uYW1lLGxhc3RfbmFtZScsIGFjY2Vzc190b2tlbjogdG9rZW4gfSl9YCxcbiAgICB7IGhlYWRlcnM6IHsgYWNjZXB0OiAnYXBwbGljYXRpb24vanNvbicgfSB9LFxuICAgICdGYWNlYm9vaycsXG4gICk7XG4gIGNvbnN0IGlkID0gbWUuaWQgPz8gZGF0YS51c2VyX2lkO1xuICBpZiAodHlwZW9mIGlkICE9PSAnc3RyaW5nJyAmJiB0eXBlb2YgaWQgIT09ICdudW1iZXInKSB0aHJvdyByZWplY3RlZCgnRmFjZWJvb2sgbmFtZWQgbm8gdXNlcicpO1xuICBpZiAoZGF0YS51c2VyX2lkICE9PSB1bmRlZmluZWQgJiYgU3RyaW5nKGRhdGEudXNlcl9pZCkgIT09IFN0cmluZyhpZCkpIHRocm93IHJlamVjdGVkKCdUaGUgRmFjZWJvb2sgdG9rZW4gYmVsb25ncyB0byBhbm90aGVyIHVzZXInKTtcbiAgY29uc3QgcHJvZmlsZTogUmVjb3JkPHN0cmluZywgc3RyaW5nPiA9IHt9O1xuICBpZiAodHlwZW9mIG1lLmZpcnN0X25hbWUgPT09ICdzdHJpbmcnKSBwcm9maWxlLmZpcnN0TmFtZSA9IG1lLmZpcnN0X25hbWU7XG4gIGlmICh0eXBlb2YgbWUubGFzdF9uYW1lID09PSAnc3RyaW5nJykgcHJvZmlsZS5sYXN0TmFtZSA9IG1lLmxhc3RfbmFtZTtcbiAgY29uc3QgZW1haWwgPSB0eXBlb2YgbWUuZW1haWwgPT09ICdzdHJpbmcnICYmIG1lLmVtYWlsLmluY2x1ZGVzKCdAJykgPyBtZS5lbWFpbC50b0xvd2VyQ2FzZSgpIDogdW5kZWZpbmVkO1xuICByZXR1cm4geyBwcm92aWRlcjogJ0ZBQ0VCT09LJywgc3ViamVjdDogU3RyaW5nKGlkKSwgZW1haWwsIGVtYWlsVmVyaWZpZWQ6IGVtYWlsICE9PSB1bmRlZmluZWQsIHByb2ZpbGUgfTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IElkVG9rZW5Qcm92aWRlckNvbmZpZyB9IGZyb20gJy4uL2NvbmZpZy5qcyc7XG5pbXBvcnQgeyBlbWFpbENsYWltLCBpc1RydWUsIHZlcmlmeUlkVG9rZW4gfSBmcm9tICcuL2lkLXRva2VuLmpzJztcbmltcG9ydCB0eXBlIHsgUHJvdmlkZXJJZGVudGl0eSB9IGZyb20gJy4vaWRlbnRpdHkuanMnO1xuXG4vKipcbiAqIENoZWNrcyBhIEdvb2dsZSBJRCB0b2tlbiAoR29vZ2xlIElkZW50aXR5IFNlcnZpY2VzJyBgY3JlZGVudGlhbGApIGl0c2VsZjogc2lnbmVkIGJ5IEdvb2dsZSdzXG4gKiBwdWJsaXNoZWQga2V5cywgaXNzdWVkIGJ5IEdvb2dsZSB0byB0aGlzIHNpdGUncyBjbGllbnQgaWQsIG5vdCBleHBpcmVkLCBmb3IgdGhpcyBhdHRlbXB0J3Mgbm9uY2UuXG4gKiBHb29nbGUgc2lnbnMgYGlzc2Agd2l0aCBhbmQgd2l0aG91dCB0aGUgc2NoZW1lLiBJdHMgcHJvZmlsZSBjbGFpbXMgZmlsbCB0aGUgY3VzdG9tZXIncyBuYW1lcy5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHZlcmlmeUdvb2dsZVRva2VuKGNvbmZpZzogSWRUb2tlblByb3ZpZGVyQ29uZmlnLCB0b2tlbjogc3RyaW5nLCBub25jZTogc3RyaW5nLCBub3c6IG51bWJlcik6IFByb21pc2U8UHJvdmlkZXJJZGVudGl0eT4ge1xuICBjb25zdCBob3N0ID0gY29uZmlnLmlzc3Vlci5yZXBsYWNlKC9eaHR0cHM6XFwvXFwvLywgJycpO1xuICBjb25zdCBjbGFpbXMgPSBhd2FpdCB2ZXJpZnlJZFRva2VuKHsgY29uZmlnLCBuYW1lOiAnR29vZ2xlJywgYWxzb0lzc3VlcnM6IGhvc3QgIT09IGNvbmZpZy5pc3N1ZXIgPyBbaG9zdF0gOiBbXSwgdG9rZW4sIG5vbmNlLCBub3cgfSk7XG4gIGNvbnN0IGVtYWlsID0gZW1haWxDbGFpbShjbGFpbXMuZW1haWwpO1xuICBjb25zdCBwcm9maWxlOiBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+ID0ge307XG4gIGlmICh0eXBlb2YgY2xhaW1zLmdpdmVuX25hbWUgPT09ICdzdHJpbmcnKSBwcm9maWxlLmZpcnN0TmFtZSA9IGNsYWltcy5naXZlbl9uYW1lLnRyaW0oKTtcbiAgaWYgKHR5cGVvZiBjbGFpbXMuZmFtaWx5X25hbWUgPT09ICdzdHJpbmcnKSBwcm9maWxlLmxhc3ROYW1lID0gY2xhaW1zLmZhbWlseV9uYW1lLnRyaW0oKTtcbiAgaWYgKHR5cGVvZiBjbGFpbXMucGljdHVyZSA9PT0gJ3N0cmluZycpIHByb2ZpbGUuYXZhdGFyVXJsID0gY2xhaW1zLnBpY3R1cmU7XG4gIHJldHVybiB7IHByb3ZpZGVyOiAnR09PR0xFJywgc3ViamVjdDogY2xhaW1zLnN1YiwgZW1haWwsIGVtYWlsVmVyaWZpZWQ6IGVtYWlsICE9PSB1bmRlZmluZWQgJiYgaXNUcnVlKGNsYWltcy5lbWFpbF92ZXJpZmllZCksIHByb2ZpbGUgfTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IFNlcnZlckNvbmZpZyB9IGZyb20gJy4uL2NvbmZpZy5qcyc7XG5pbXBvcnQgeyBmZXRjaFByb3ZpZGVySnNvbiwgdHlwZSBQcm92aWRlcklkZW50aXR5LCByZWplY3RlZCB9IGZyb20gJy4vaWRlbnRpdHkuanMnO1xuXG4vKipcbiAqIFZlcmlmaWVzIGFuIE9BdXRoIGFjY2VzcyB0b2tlbiBieSBhc2tpbmcgdGhlIHNpdGUncyB2ZXJpZmljYXRpb24gZW5kcG9pbnQgKGFuIE9wZW5JRCBDb25uZWN0XG4gKiB1c2VyaW5mbyBlbmRwb2ludCBmaXRzKSwgdGhlbiBtYXBzIGl0cyBKU09OIGNsYWltcyB0byBjdXN0b21lciBmaWVsZHMuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiB2ZXJpZnlPQXV0aFRva2VuKGNvbmZpZzogTm9uTnVsbGFibGU8U2VydmVyQ29uZmlnWydvYXV0aCddPiwgdG9rZW46IHN0cmluZyk6IFByb21pc2U8UHJvdmlkZXJJZGVudGl0eT4ge1xuICBjb25zdCBjbGFpbXMgPSBhd2FpdCBmZXRjaFByb3ZpZGVySnNvbihcbiAgICBjb25maWcudmVyaWZ5VXJsLFxuICAgIHsgaGVhZGVyczogeyBhdXRob3JpemF0aW9uOiBgQmVhcmVyICR7dG9rZW59YCwgYWNjZXB0OiAnYXBwbGljYXRpb24vanNvbicgfSB9LFxuICAgICdUaGUgT0F1dGggdmVyaWZpY2F0aW9uIGVuZHBvaW50JyxcbiAgKTtcbiAgY29uc3Qgc3ViamVjdCA9IGNsYWltcy5zdWI7XG4gIGlmICh0eXBlb2Ygc3ViamVjdCAhPT0gJ3N0cmluZycgJiYgdHlwZW9mIHN1YmplY3QgIT09ICdudW1iZXInKSB0aHJvdyByZWplY3RlZCgnVGhlIHZlcmlmaWNhdGlvbiBlbmRwb2ludCBuYW1lZCBubyBzdWJqZWN0IChzdWIpJyk7XG4gIGNvbnN0IHByb2ZpbGU6IFJlY29yZDxzdHJpbmcsIHN0cmluZz4gPSB7fTtcbiAgLy8gVGhlIGZpZWxkcyB3ZXJlIGNoZWNrZWQgYXQgc3RhcnQgKE9BVVRIX0NMQUlNX0ZJRUxEUyk7IHRoZSB2YWx1ZXMgYXJlIGNoZWNrZWQgYXMgYSBjdXN0b21lcidzIGlucHV0LlxuICBmb3IgKGNvbnN0IFtmaWVsZCwgY2xhaW1dIG9mIE9iamVjdC5lbnRyaWVzKGNvbmZpZy5jbGFpbXMpKSB7XG4gICAgY29uc3QgdmFsdWUgPSBjbGFpbXNbY2xhaW1dO1xuICAgIGlmICgodHlwZW9mIHZhbHVlID09PSAnc3RyaW5nJyB8fCB0eXBlb2YgdmFsdWUgPT09ICdudW1iZXInKSAmJiBTdHJpbmcodmFsdWUpLnRyaW0oKSAhPT0gJycpIHByb2ZpbGVbZmllbGRdID0gU3RyaW5nKHZhbHVlKS50cmltKCk7XG4gIH1cbiAgY29uc3QgZW1haWwgPSBwcm9maWxlLmVtYWlsPy50b0xvd2VyQ2FzZSgpO1xuICBkZWxldGUgcHJvZmlsZS5lbWFpbDtcbiAgLy8gQSB2ZXJpZmllZCBlbWFpbCBsaW5rcyB0byB0aGUgYWNjb3VudCB0aGF0IGhhcyBpdCwgc28gc2lsZW5jZSBpcyBub3QgcHJvb2Y6IG9ubHkgT3BlbklEXG4gIC8vIENvbm5lY3QncyBgZW1haWxfdmVyaWZpZWRgLCBvciB0aGUgc2l0ZSdzIHdvcmQgdGhhdCBpdHMgZW5kcG9pbnQgdm91Y2hlcyBmb3IgZXZlcnkgZW1haWwuXG4gIGNvbnN0IGVtYWlsVmVyaWZpZWQgPSBlbWFpbCAhPT0gdW5kZWZpbmVkICYmIChjb25maWcudHJ1c3RFbWFpbCB8fCBjbGFpbXMuZW1haWxfdmVyaWZpZWQgPT09IHRydWUgfHwgY2xhaW1zLmVtYWlsX3ZlcmlmaWVkID09PSAndHJ1ZScpO1xuICByZXR1cm4geyBwcm92aWRlcjogJ09BVVRIJywgc3ViamVjdDogU3RyaW5nKHN1YmplY3QpLCBlbWFpbCwgZW1haWxWZXJpZmllZCwgcHJvZmlsZSB9O1xufVxuIiwgImltcG9ydCB0eXBlIHsgU2VydmVyQ29uZmlnIH0gZnJvbSAnLi4vY29uZmlnLmpzJztcbmltcG9ydCB7IEFwaUVycm9yIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IHZlcmlmeUFwcGxlVG9rZW4gfSBmcm9tICcuL2FwcGxlLmpzJztcbmltcG9ydCB7IHZlcmlmeUZhY2Vib29rVG9rZW4gfSBmcm9tICcuL2ZhY2Vib29rLmpzJztcbmltcG9ydCB7IHZlcmlmeUdvb2dsZVRva2VuIH0gZnJvbSAnLi9nb29nbGUuanMnO1xuaW1wb3J0IHR5cGUgeyBQcm92aWRlcklkZW50aXR5IH0gZnJvbSAnLi9pZGVudGl0eS5qcyc7XG5pbXBvcnQgeyB2ZXJpZnlPQXV0aFRva2VuIH0gZnJvbSAnLi9vYXV0aC5qcyc7XG5cbmV4cG9ydCBmdW5jdGlvbiBwcm92aWRlckRpc2FibGVkKHByb3ZpZGVyOiBzdHJpbmcpOiBBcGlFcnJvciB7XG4gIHJldHVybiBuZXcgQXBpRXJyb3IoNDAwLCAnUFJPVklERVJfRElTQUJMRUQnLCBgU2lnbi1pbiB3aXRoICR7cHJvdmlkZXJ9IGlzIG5vdCBlbmFibGVkIG9uIHRoaXMgc2VydmVyYCk7XG59XG5cbi8qKiBBc2tzIHRoZSBwcm92aWRlciB3aGV0aGVyIHRoZSB0b2tlbiBpcyBnb29kIGFuZCB3aG9zZSBpdCBpcyAoR29vZ2xlIGFuZCBBcHBsZTogY2hlY2tlZCBoZXJlLCBieSB0aGVpciBwdWJsaXNoZWQga2V5cykuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdmVyaWZ5UHJvdmlkZXJUb2tlbihcbiAgY29uZmlnOiBQaWNrPFNlcnZlckNvbmZpZywgJ29hdXRoJyB8ICdmYWNlYm9vaycgfCAnZ29vZ2xlJyB8ICdhcHBsZSc+LFxuICBwcm92aWRlcjogJ09BVVRIJyB8ICdGQUNFQk9PSycgfCAnR09PR0xFJyB8ICdBUFBMRScsXG4gIHRva2VuOiBzdHJpbmcsXG4gIGF0dGVtcHQ6IHsgbm9uY2U/OiBzdHJpbmc7IG5vdzogbnVtYmVyIH0sXG4pOiBQcm9taXNlPFByb3ZpZGVySWRlbnRpdHk+IHtcbiAgc3dpdGNoIChwcm92aWRlcikge1xuICAgIGNhc2UgJ09BVVRIJzpcbiAgICAgIGlmICghY29uZmlnLm9hdXRoKSB0aHJvdyBwcm92aWRlckRpc2FibGVkKCdPQXV0aCcpO1xuICAgICAgcmV0dXJuIHZlcmlmeU9BdXRoVG9rZW4oY29uZmlnLm9hdXRoLCB0b2tlbik7XG4gICAgY2FzZSAnRkFDRUJPT0snOlxuICAgICAgaWYgKCFjb25maWcuZmFjZWJvb2spIHRocm93IHByb3ZpZGVyRGlzYWJsZWQoJ0ZhY2Vib29rJyk7XG4gICAgICByZXR1cm4gdmVyaWZ5RmFjZWJvb2tUb2tlbihjb25maWcuZmFjZWJvb2ssIHRva2VuKTtcbiAgICBjYXNlICdHT09HTEUnOlxuICAgICAgaWYgKCFjb25maWcuZ29vZ2xlKSB0aHJvdyBwcm92aWRlckRpc2FibGVkKCdHb29nbGUnKTtcbiAgICAgIHJldHVybiB2ZXJpZnlHb29nbGVUb2tlbihjb25maWcuZ29vZ2xlLCB0b2tlbiwgcmVxdWlyZU5vbmNlKGF0dGVtcHQubm9uY2UpLCBhdHRlbXB0Lm5vdyk7XG4gICAgY2FzZSAnQVBQTEUnOlxuICAgICAgaWYgKCFjb25maWcuYXBwbGUpIHRocm93IHByb3ZpZGVyRGlzYWJsZWQoJ0FwcGxlJyk7XG4gICAgICByZXR1cm4gdmVyaWZ5QXBwbGVUb2tlbihjb25maWcuYXBwbGUsIHRva2VuLCByZXF1aXJlTm9uY2UoYXR0ZW1wdC5ub25jZSksIGF0dGVtcHQubm93KTtcbiAgfVxufVxuXG5mdW5jdGlvbiByZXF1aXJlTm9uY2Uobm9uY2U6IHN0cmluZyB8IHVuZGVmaW5lZCk6IHN0cmluZyB7XG4gIC8vIFRoZSByZXF1ZXN0IHNjaGVtYSByZXF1aXJlcyBpdCBhbHJlYWR5OyBrZXB0IHNvIG5vIGNhbGxlciB2ZXJpZmllcyBhbiBJRCB0b2tlbiB3aXRob3V0IG9uZS5cbiAgaWYgKG5vbmNlID09PSB1bmRlZmluZWQpIHRocm93IG5ldyBBcGlFcnJvcig0MDAsICdWQUxJREFUSU9OX0ZBSUxFRCcsICdub25jZSBpcyByZXF1aXJlZCcpO1xuICByZXR1cm4gbm9uY2U7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBJZGVudGl0eVByb3ZpZGVyIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHsgdmVyaWZ5UGFzc3dvcmQgfSBmcm9tICcuLi9jcnlwdG8vcGFzc3dvcmQuanMnO1xuaW1wb3J0IHsgYmFkUmVxdWVzdCwgZm9yYmlkZGVuIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IHZlcmlmeVByb3ZpZGVyVG9rZW4gfSBmcm9tICcuLi9wcm92aWRlcnMvdmVyaWZ5LmpzJztcbmltcG9ydCB0eXBlIHsgQ2xpZW50Um93IH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgeyBmaW5kQ2xpZW50SWRlbnRpdGllcyB9IGZyb20gJy4uL3N0b3JlL2lkZW50aXRpZXMuanMnO1xuaW1wb3J0IHR5cGUgeyBJZGVudGl0eURlcHMgfSBmcm9tICcuL2RlcHMuanMnO1xuXG4vKiogV2hhdCBhIHNpZ25lZC1pbiBjdXN0b21lciBzaG93cyBhZ2FpbiBiZWZvcmUgYSBjaGFuZ2UgYSBzdG9sZW4gc2Vzc2lvbiBtdXN0IG5vdCBtYWtlIGFsb25lLiAqL1xuZXhwb3J0IHR5cGUgQ3VzdG9tZXJQcm9vZiA9XG4gIHwgeyBwYXNzd29yZDogc3RyaW5nIH1cbiAgLyoqIEEgdG9rZW4gZnJvbSBhbiBpZGVudGl0eSBwcm92aWRlciBsaW5rZWQgdG8gdGhlIGFjY291bnQ7IGBwcm92aWRlcmAgd2hlbiB0aGUgY3VzdG9tZXIgbmFtZXMgaXQuICovXG4gIHwgeyBleHRlcm5hbFRva2VuOiBzdHJpbmc7IHByb3ZpZGVyPzogRXhjbHVkZTxJZGVudGl0eVByb3ZpZGVyLCAnU1lORVJJU0UnPiB9O1xuXG50eXBlIFByb3ZpZGVyTmFtZSA9IFBhcmFtZXRlcnM8dHlwZW9mIHZlcmlmeVByb3ZpZGVyVG9rZW4+WzFdO1xuXG5jb25zdCB3cm9uZyA9ICgpID0+IGZvcmJpZGRlbignSU5WQUxJRF9DUkVERU5USUFMUycsICdUaGUgcGFzc3dvcmQgb3IgdGhlIHByb3ZpZGVyIHRva2VuIGRvZXMgbm90IHByb3ZlIHRoaXMgYWNjb3VudCcpO1xuXG4vKipcbiAqIENoZWNrcyB0aGF0IHRoZSBwZXJzb24gYmVoaW5kIGEgY3VzdG9tZXIgc2Vzc2lvbiBpcyB0aGUgY3VzdG9tZXI6IHRoZWlyIHBhc3N3b3JkIChndWVzc2VzIGNvdW50XG4gKiBhcyBmYWlsZWQgc2lnbi1pbnMgb2YgdGhlIGFjY291bnQsIGFzIGZvciBhIHBhc3N3b3JkIGNoYW5nZSksIG9yIGEgcHJvdmlkZXIgdG9rZW4gd2hvc2Ugc3ViamVjdCBpc1xuICogbGlua2VkIHRvIHRoaXMgYWNjb3VudCAodGhlIHByb3ZpZGVyIGlzIHRoZSBvbmUgbmFtZWQsIGVsc2UgZWFjaCBvbmUgdGhlIGFjY291bnQgaXMgbGlua2VkIHRvKS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHByb3ZlQ3VzdG9tZXIoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnY29uZmlnJyB8ICdkYicgfCAnbGltaXRlcicgfCAnbm93Jz4sXG4gIHJvdzogQ2xpZW50Um93LFxuICBwcm9vZjogQ3VzdG9tZXJQcm9vZixcbiAgYWRkcmVzczogc3RyaW5nLFxuICBub3c6IG51bWJlcixcbik6IFByb21pc2U8dm9pZD4ge1xuICBpZiAoJ3Bhc3N3b3JkJyBpbiBwcm9vZikge1xuICAgIGNvbnN0IGF0dGVtcHQgPSByb3cuZW1haWwgPyBhd2FpdCBkZXBzLmxpbWl0ZXIuc2lnbkluQXR0ZW1wdChyb3cuZW1haWwsIGFkZHJlc3MsIG5vdykgOiB1bmRlZmluZWQ7XG4gICAgaWYgKCFyb3cucGFzc3dvcmRfaGFzaCB8fCAhKGF3YWl0IHZlcmlmeVBhc3N3b3JkKHByb29mLnBhc3N3b3JkLCByb3cucGFzc3dvcmRfaGFzaCkpKSB7XG4gICAgICBhdHRlbXB0Py5yZWZ1c2VkKCk7XG4gICAgICB0aHJvdyB3cm9uZygpO1xuICAgIH1cbiAgICBhd2FpdCBhdHRlbXB0Py5zdWNjZWVkZWQoKTtcbiAgICByZXR1cm47XG4gIH1cbiAgY29uc3QgbGlua3MgPSBhd2FpdCBmaW5kQ2xpZW50SWRlbnRpdGllcyhkZXBzLmRiLCByb3cuaWQpO1xuICBjb25zdCBwcm92aWRlcnMgPSBbLi4ubmV3IFNldChsaW5rcy5tYXAoKGwpID0+IGwucHJvdmlkZXIpKV0uZmlsdGVyKChwKSA9PiBwcm9vZi5wcm92aWRlciA9PT0gdW5kZWZpbmVkIHx8IHAgPT09IHByb29mLnByb3ZpZGVyKTtcbiAgaWYgKHByb3ZpZGVycy5sZW5ndGggPT09IDApIHtcbiAgICB0aHJvdyBiYWRSZXF1ZXN0KCdWQUxJREFUSU9OX0ZBSUxFRCcsICdUaGlzIGFjY291bnQgaXMgbm90IGxpbmtlZCB0byB0aGF0IGlkZW50aXR5IHByb3ZpZGVyOiBwcm92ZSBpdCB3aXRoIHRoZSBwYXNzd29yZCcsIFtcbiAgICAgIHsgZmllbGQ6ICdleHRlcm5hbFRva2VuJywgY29kZTogJ25vdF9saW5rZWQnLCBtZXNzYWdlOiAnTm8gaWRlbnRpdHkgcHJvdmlkZXIgb2YgdGhpcyBhY2NvdW50JyB9LFxuICAgIF0pO1xuICB9XG4gIGxldCBsYXN0RXJyb3I6IHVua25vd247XG4gIGZvciAoY29uc3QgcHJvdmlkZXIgb2YgcHJvdmlkZXJzKSB7XG4gICAgdHJ5IHtcbiAgICAgIC8vIE5vIG5vbmNlIHJpZGVzIG9uIGEgcHJvb2YsIHNvIEdvb2dsZSdzIGFuZCBBcHBsZSdzIElEIHRva2VucyAod2hpY2ggbmVlZCBvbmUpIGFyZSByZWZ1c2VkIGhlcmUuXG4gICAgICBjb25zdCBpZGVudGl0eSA9IGF3YWl0IHZlcmlmeVByb3ZpZGVyVG9rZW4oZGVwcy5jb25maWcsIHByb3ZpZGVyIGFzIFByb3ZpZGVyTmFtZSwgcHJvb2YuZXh0ZXJuYWxUb2tlbiwgeyBub3c6IGRlcHMubm93KCkgfSk7XG4gICAgICBpZiAobGlua3Muc29tZSgobCkgPT4gbC5wcm92aWRlciA9PT0gaWRlbnRpdHkucHJvdmlkZXIgJiYgbC5zdWJqZWN0ID09PSBpZGVudGl0eS5zdWJqZWN0KSkgcmV0dXJuO1xuICAgICAgbGFzdEVycm9yID0gd3JvbmcoKTtcbiAgICB9IGNhdGNoIChlcnIpIHtcbiAgICAgIGxhc3RFcnJvciA9IGVycjtcbiAgICB9XG4gIH1cbiAgdGhyb3cgbGFzdEVycm9yO1xufVxuIiwgImltcG9ydCB0eXBlIHsgSWRlbnRpdHlQcm92aWRlciB9IGZyb20gJy4uLy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB7IHVuYXV0aG9yaXplZCB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgdHlwZSB7IFZlcmlmaWVkVG9rZW4gfSBmcm9tICcuLi9zZXNzaW9ucy5qcyc7XG5pbXBvcnQgeyBmaW5kQ2xpZW50QnlJZCwgaXNDdXN0b21lciB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgZXJhc2VDdXN0b21lciB9IGZyb20gJy4vZGVsZXRlLWNsaWVudC5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5pbXBvcnQgeyBwcm92ZUN1c3RvbWVyIH0gZnJvbSAnLi9wcm92ZS1jdXN0b21lci5qcyc7XG5pbXBvcnQgeyBzaWduZWRJbkN1c3RvbWVyIH0gZnJvbSAnLi9zaWduZWQtaW4tY3VzdG9tZXIuanMnO1xuXG4vKipcbiAqIEEgY3VzdG9tZXIgZGVsZXRlcyB0aGVpciBvd24gYWNjb3VudCwgcHJvdmluZyBpdCBpcyB0aGVtICh0aGUgcGFzc3dvcmQsIG9yIGEgdG9rZW4gb2YgYSBwcm92aWRlclxuICogbGlua2VkIHRvIHRoZSBhY2NvdW50KS4gVGhlIGRhdGEgZ29lcyBhcyB0aGUgYmFja2VuZCdzIGRlbGV0aW9uIGVyYXNlcyBpdCAoZGVsZXRlLWNsaWVudC50cyksIGFuZFxuICogZXZlcnkgc2Vzc2lvbiBvZiB0aGUgYWNjb3VudCBlbmRzLCB0aGlzIG9uZSB0b28uXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBkZWxldGVBY2NvdW50KFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdjb25maWcnIHwgJ3Nlc3Npb25zJyB8ICdsaW1pdGVyJyB8ICdub3cnPixcbiAgaW5wdXQ6IHsgdG9rZW46IFZlcmlmaWVkVG9rZW47IGNsaWVudEF1dGhGYWN0b3I6IHN0cmluZzsgaWRlbnRpdHlQcm92aWRlcjogSWRlbnRpdHlQcm92aWRlcjsgYWRkcmVzczogc3RyaW5nOyBub3c6ICgpID0+IG51bWJlciB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHJvdyA9IGF3YWl0IHNpZ25lZEluQ3VzdG9tZXIoZGVwcywgaW5wdXQudG9rZW4pO1xuICBjb25zdCBwcm9vZiA9XG4gICAgaW5wdXQuaWRlbnRpdHlQcm92aWRlciA9PT0gJ1NZTkVSSVNFJyA/IHsgcGFzc3dvcmQ6IGlucHV0LmNsaWVudEF1dGhGYWN0b3IgfSA6IHsgZXh0ZXJuYWxUb2tlbjogaW5wdXQuY2xpZW50QXV0aEZhY3RvciwgcHJvdmlkZXI6IGlucHV0LmlkZW50aXR5UHJvdmlkZXIgfTtcbiAgYXdhaXQgcHJvdmVDdXN0b21lcihkZXBzLCByb3csIHByb29mLCBpbnB1dC5hZGRyZXNzLCBpbnB1dC5ub3coKSk7XG4gIGNvbnN0IG5vdyA9IGlucHV0Lm5vdygpO1xuICBhd2FpdCBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgLy8gUmVhZCBhZ2FpbiBpbnNpZGUgdGhlIHRyYW5zYWN0aW9uOiBhIGRlbGV0aW9uIHJhY2luZyB0aGlzIG9uZSAob3IgdGhlIGJhY2tlbmQncykgZXJhc2VzIG9uY2UuXG4gICAgY29uc3QgY3VycmVudCA9IGF3YWl0IGZpbmRDbGllbnRCeUlkKHRyeCwgcm93LmlkKTtcbiAgICBpZiAoIWN1cnJlbnQgfHwgIWlzQ3VzdG9tZXIoY3VycmVudCkpIHRocm93IHVuYXV0aG9yaXplZCgnU0VTU0lPTl9SRVZPS0VEJywgJ1RoZSBzZXNzaW9uIGhhcyBlbmRlZCcpO1xuICAgIGF3YWl0IGVyYXNlQ3VzdG9tZXIoZGVwcywgdHJ4LCBjdXJyZW50LCAnYWNjb3VudC1kZWxldGVkJywgbm93KTtcbiAgfSk7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBJZGVudGl0eVByb3ZpZGVyIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHsgYmFkUmVxdWVzdCB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgeyByZW5kZXJOb3RpY2UgfSBmcm9tICcuLi9tYWlsL3RlbXBsYXRlcy5qcyc7XG5pbXBvcnQgdHlwZSB7IFZlcmlmaWVkVG9rZW4gfSBmcm9tICcuLi9zZXNzaW9ucy5qcyc7XG5pbXBvcnQgeyBmaW5kRW1haWxSZWNpcGllbnQgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcbmltcG9ydCB7IGlzc3VlRW1haWxDaGFuZ2VMaW5rIH0gZnJvbSAnLi9lbWFpbC1saW5rcy5qcyc7XG5pbXBvcnQgeyB0eXBlIEN1c3RvbWVyUHJvb2YsIHByb3ZlQ3VzdG9tZXIgfSBmcm9tICcuL3Byb3ZlLWN1c3RvbWVyLmpzJztcbmltcG9ydCB7IHNpZ25lZEluQ3VzdG9tZXIgfSBmcm9tICcuL3NpZ25lZC1pbi1jdXN0b21lci5qcyc7XG5cbi8qKlxuICogQSBzaWduZWQtaW4gY3VzdG9tZXIgYXNrcyB0byBtb3ZlIHRoZSBhY2NvdW50IHRvIGEgbmV3IGFkZHJlc3MsIHByb3ZpbmcgaXQgaXMgdGhlbS4gVGhlIGFuc3dlclxuICogaXMgdGhlIHNhbWUgd2hldGhlciBvciBub3QgdGhlIG5ldyBhZGRyZXNzIGlzIGZyZWUsIGFuZCBjb21lcyBmaXJzdDsgYWZ0ZXIgaXQsIGEgbGluayBnb2VzIHRvXG4gKiB0aGUgbmV3IGFkZHJlc3MgKG9yLCB3aGVuIHRoYXQgYWRkcmVzcyBoYXMgYW4gYWNjb3VudCBhbHJlYWR5LCBhIG5vdGljZSB0aGF0IHNvbWVvbmUgdHJpZWQsIHdpdGhcbiAqIG5vIGxpbmspLCBhbmQgYSBub3RpY2UgdG8gdGhlIGN1cnJlbnQgYWRkcmVzcy4gTm90aGluZyBjaGFuZ2VzIHVudGlsIHRoZSBsaW5rIGlzIGZvbGxvd2VkLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmVxdWVzdEVtYWlsQ2hhbmdlKFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdjb25maWcnIHwgJ2xpbWl0ZXInIHwgJ21haWxlcicgfCAncHVibGljVXJsJyB8ICdub3cnPixcbiAgaW5wdXQ6IHtcbiAgICB0b2tlbjogVmVyaWZpZWRUb2tlbjtcbiAgICBlbWFpbDogc3RyaW5nO1xuICAgIHBhc3N3b3JkPzogc3RyaW5nO1xuICAgIGV4dGVybmFsVG9rZW4/OiBzdHJpbmc7XG4gICAgaWRlbnRpdHlQcm92aWRlcj86IElkZW50aXR5UHJvdmlkZXI7XG4gICAgYWRkcmVzczogc3RyaW5nO1xuICAgIG5vdzogbnVtYmVyO1xuICAgIGFuc3dlcmVkOiBQcm9taXNlPHZvaWQ+O1xuICB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHsgbm93IH0gPSBpbnB1dDtcbiAgY29uc3Qgcm93ID0gYXdhaXQgc2lnbmVkSW5DdXN0b21lcihkZXBzLCBpbnB1dC50b2tlbik7XG4gIGNvbnN0IHByb29mOiBDdXN0b21lclByb29mID1cbiAgICBpbnB1dC5wYXNzd29yZCAhPT0gdW5kZWZpbmVkXG4gICAgICA/IHsgcGFzc3dvcmQ6IGlucHV0LnBhc3N3b3JkIH1cbiAgICAgIDoge1xuICAgICAgICAgIGV4dGVybmFsVG9rZW46IGlucHV0LmV4dGVybmFsVG9rZW4gPz8gJycsXG4gICAgICAgICAgLi4uKGlucHV0LmlkZW50aXR5UHJvdmlkZXIgJiYgaW5wdXQuaWRlbnRpdHlQcm92aWRlciAhPT0gJ1NZTkVSSVNFJyA/IHsgcHJvdmlkZXI6IGlucHV0LmlkZW50aXR5UHJvdmlkZXIgfSA6IHt9KSxcbiAgICAgICAgfTtcbiAgYXdhaXQgcHJvdmVDdXN0b21lcihkZXBzLCByb3csIHByb29mLCBpbnB1dC5hZGRyZXNzLCBub3cpO1xuICBjb25zdCBuZXdFbWFpbCA9IGlucHV0LmVtYWlsLnRvTG93ZXJDYXNlKCk7XG4gIGlmIChuZXdFbWFpbCA9PT0gcm93LmVtYWlsKSB7XG4gICAgdGhyb3cgYmFkUmVxdWVzdCgnVkFMSURBVElPTl9GQUlMRUQnLCAnVGhpcyBpcyB0aGUgYWNjb3VudFx1MjAxOXMgYWRkcmVzcyBhbHJlYWR5JywgW1xuICAgICAgeyBmaWVsZDogJ2VtYWlsJywgY29kZTogJ3VuY2hhbmdlZCcsIG1lc3NhZ2U6ICdUaGlzIGlzIHRoZSBhY2NvdW50XHUyMDE5cyBhZGRyZXNzIGFscmVhZHknIH0sXG4gICAgXSk7XG4gIH1cbiAgYXdhaXQgZGVwcy5saW1pdGVyLmVtYWlsUmVxdWVzdChuZXdFbWFpbCwgaW5wdXQuYWRkcmVzcywgbm93KTtcbiAgY29uc3QgaG9sZGVyID0gYXdhaXQgZmluZEVtYWlsUmVjaXBpZW50KGRlcHMuZGIsIG5ld0VtYWlsKTtcbiAgZGVwcy5tYWlsZXIuYWZ0ZXJBbnN3ZXIoaW5wdXQuYW5zd2VyZWQsICgpID0+XG4gICAgZGVwcy5kYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoYXN5bmMgKHRyeCkgPT4ge1xuICAgICAgaWYgKGhvbGRlcilcbiAgICAgICAgYXdhaXQgZGVwcy5tYWlsZXIuZW5xdWV1ZSh0cngsIG5ld0VtYWlsLCByZW5kZXJOb3RpY2UoJ2VtYWlsX2NoYW5nZV90YWtlbicsIG5ld0VtYWlsLCBob2xkZXIuZW1haWxfY29uZmlybWVkID09PSAxID8gaG9sZGVyLmZpcnN0X25hbWUgOiBudWxsKSwgbm93KTtcbiAgICAgIGVsc2UgYXdhaXQgaXNzdWVFbWFpbENoYW5nZUxpbmsoZGVwcywgdHJ4LCByb3csIG5ld0VtYWlsLCBub3cpO1xuICAgICAgaWYgKHJvdy5lbWFpbClcbiAgICAgICAgYXdhaXQgZGVwcy5tYWlsZXIuZW5xdWV1ZSh0cngsIHJvdy5lbWFpbCwgcmVuZGVyTm90aWNlKCdlbWFpbF9jaGFuZ2VfcmVxdWVzdGVkJywgbmV3RW1haWwsIHJvdy5lbWFpbF9jb25maXJtZWQgPT09IDEgPyByb3cuZmlyc3RfbmFtZSA6IG51bGwpLCBub3cpO1xuICAgIH0pLFxuICApO1xufVxuIiwgImltcG9ydCB7IGNyZWF0ZUhhc2gsIHJhbmRvbUludCwgdGltaW5nU2FmZUVxdWFsIH0gZnJvbSAnbm9kZTpjcnlwdG8nO1xuaW1wb3J0IHR5cGUgeyBLeXNlbHksIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB7IGJhZFJlcXVlc3QgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHsgcmVuZGVyUGluTWFpbCB9IGZyb20gJy4uL21haWwvdGVtcGxhdGVzLmpzJztcbmltcG9ydCB7IGNvbnN1bWVBY3RpdmF0aW9uUGluLCBkZWxldGVBY3RpdmF0aW9uUGluLCByZXBsYWNlQWN0aXZhdGlvblBpbiwgdGFrZVBpblRyeSB9IGZyb20gJy4uL3N0b3JlL2FjdGl2YXRpb24tcGlucy5qcyc7XG5pbXBvcnQgeyB0eXBlIENsaWVudFJvdywgZmluZENsaWVudEJ5RW1haWwsIGZpbmRFbWFpbFJlY2lwaWVudCwgc3RhdHVzT25jZUVtYWlsUHJvdmVkLCB1cGRhdGVDbGllbnQgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB7IG1hcmtFbWFpbFRva2Vuc1VzZWQgfSBmcm9tICcuLi9zdG9yZS9lbWFpbC10b2tlbnMuanMnO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4uL3N0b3JlL3NjaGVtYS5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5cbnR5cGUgRGIgPSBUcmFuc2FjdGlvbjxEYXRhYmFzZT4gfCBLeXNlbHk8RGF0YWJhc2U+O1xuXG4vKipcbiAqIE9ubHkgYSBoYXNoIGlzIHN0b3JlZCwgc2FsdGVkIHdpdGggdGhlIGFjY291bnQ6IGEgbGVha2VkIHRhYmxlIGRvZXMgbm90IGhhbmQgb3V0IGxpdmUgY29kZXMgYXQgYVxuICogZ2xhbmNlLiAoU2l4IGRpZ2l0cyBhcmUgZmV3LCBzbyB0aGUgcmVhbCBndWFyZCBpcyB0aGUgY29kZSdzIHNob3J0IGxpZmUgYW5kIGl0cyA1IHRyaWVzLilcbiAqL1xuY29uc3QgaGFzaFBpbiA9IChjbGllbnRJZDogbnVtYmVyLCBwaW46IHN0cmluZykgPT4gY3JlYXRlSGFzaCgnc2hhMjU2JykudXBkYXRlKGBzbnItYWN0aXZhdGlvbi1waW46JHtjbGllbnRJZH06JHtwaW59YCkuZGlnZXN0KCdiYXNlNjR1cmwnKTtcblxuLyoqIFNpeCBkaWdpdHMgZnJvbSB0aGUgQ1NQUk5HLCBsZWFkaW5nIHplcm9zIGtlcHQuICovXG5jb25zdCBuZXdQaW4gPSAoKSA9PiBTdHJpbmcocmFuZG9tSW50KDAsIDFfMDAwXzAwMCkpLnBhZFN0YXJ0KDYsICcwJyk7XG5cbi8qKiBPbmUgYW5zd2VyIGZvciBldmVyeSBmYWlsZWQgY29kZTogd3JvbmcsIGV4cGlyZWQsIHVzZWQgdXAsIHJlcGxhY2VkLCBvciBubyBzdWNoIGFjY291bnQuICovXG5jb25zdCBwaW5JbnZhbGlkID0gKCkgPT5cbiAgYmFkUmVxdWVzdCgnQUNUSVZBVElPTl9QSU5fSU5WQUxJRCcsICdUaGlzIGNvZGUgaXMgd3Jvbmcgb3Igbm8gbG9uZ2VyIHZhbGlkOiBjaGVjayB0aGUgbmV3ZXN0IGVtYWlsLCBvciBhc2sgZm9yIGEgbmV3IGNvZGUnLCBbXG4gICAgeyBmaWVsZDogJ3BpbkNvZGUnLCBjb2RlOiAnaW52YWxpZCcsIG1lc3NhZ2U6ICdUaGlzIGNvZGUgaXMgd3Jvbmcgb3Igbm8gbG9uZ2VyIHZhbGlkJyB9LFxuICBdKTtcblxuLyoqIE1ha2VzIGEgbmV3IGNvZGUgZm9yIGFuIGFjY291bnQgd2FpdGluZyBpbiB0aGUgYHBpbmAgbW9kZSAodGhlIG9sZCBvbmUgZGllcykgYW5kIHdyaXRlcyBpdHMgbWFpbCwgaW4gdGhlIGNhbGxlcidzIHRyYW5zYWN0aW9uLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGlzc3VlQWN0aXZhdGlvblBpbihcbiAgZGVwczogUGljazxJZGVudGl0eURlcHMsICdjb25maWcnIHwgJ21haWxlcic+LFxuICB0cng6IERiLFxuICBjbGllbnQ6IFBpY2s8Q2xpZW50Um93LCAnaWQnIHwgJ2VtYWlsJyB8ICdmaXJzdF9uYW1lJz4sXG4gIG5vdzogbnVtYmVyLFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHBpbiA9IG5ld1BpbigpO1xuICBjb25zdCB7IHR0bCB9ID0gZGVwcy5jb25maWcuYWN0aXZhdGlvblBpbjtcbiAgYXdhaXQgcmVwbGFjZUFjdGl2YXRpb25QaW4odHJ4LCB7IGNsaWVudElkOiBjbGllbnQuaWQsIHBpbkhhc2g6IGhhc2hQaW4oY2xpZW50LmlkLCBwaW4pLCBub3csIGV4cGlyZXNBdDogbm93ICsgdHRsICogMTAwMCB9KTtcbiAgYXdhaXQgZGVwcy5tYWlsZXIuZW5xdWV1ZSh0cngsIGNsaWVudC5lbWFpbCEsIHJlbmRlclBpbk1haWwocGluLCBNYXRoLnJvdW5kKHR0bCAvIDYwKSksIG5vdyk7XG59XG5cbi8qKlxuICogQXNrcyBmb3IgYSBuZXcgYWN0aXZhdGlvbiBjb2RlLiBBcyBmb3IgbGlua3MsIHRoZSBjYWxsZXIgYW5zd2VycyAyMDIgd2hhdGV2ZXIgaGFwcGVucyBoZXJlOiB0aGVcbiAqIHJlcXVlc3QgaXMgY291bnRlZCBhbGlrZSBmb3IgZXZlcnkgZW1haWwgYW5kIHRoZSBjb2RlIGlzIG1hZGUgYWZ0ZXIgdGhlIGFuc3dlciBoYXMgZ29uZS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHJlcXVlc3RBY3RpdmF0aW9uUGluKFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdjb25maWcnIHwgJ2xpbWl0ZXInIHwgJ21haWxlcic+LFxuICBpbnB1dDogeyBlbWFpbDogc3RyaW5nOyBhZGRyZXNzOiBzdHJpbmc7IG5vdzogbnVtYmVyOyBhbnN3ZXJlZDogUHJvbWlzZTx2b2lkPiB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHsgbm93IH0gPSBpbnB1dDtcbiAgYXdhaXQgZGVwcy5saW1pdGVyLmVtYWlsUmVxdWVzdChpbnB1dC5lbWFpbCwgaW5wdXQuYWRkcmVzcywgbm93KTtcbiAgY29uc3QgY2xpZW50ID0gYXdhaXQgZmluZEVtYWlsUmVjaXBpZW50KGRlcHMuZGIsIGlucHV0LmVtYWlsKTtcbiAgaWYgKGNsaWVudD8uc3RhdHVzID09PSAncGVuZGluZ19hY3RpdmF0aW9uJykge1xuICAgIGRlcHMubWFpbGVyLmFmdGVyQW5zd2VyKGlucHV0LmFuc3dlcmVkLCAoKSA9PiBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZSgodHJ4KSA9PiBpc3N1ZUFjdGl2YXRpb25QaW4oZGVwcywgdHJ4LCBjbGllbnQsIG5vdykpKTtcbiAgfVxufVxuXG4vKipcbiAqIEFjdGl2YXRlcyBhbiBhY2NvdW50IHdpdGggdGhlIGVtYWlsZWQgY29kZS4gRWFjaCB0cnkgaXMgY291bnRlZCBhZ2FpbnN0IHRoZSBjb2RlIGJlZm9yZSBpdCBpc1xuICogY29tcGFyZWQ7IGFmdGVyIHRoZSBsYXN0IGFsbG93ZWQgd3JvbmcgdHJ5IHRoZSBjb2RlIGlzIHZvaWQuIEFuIHVua25vd24gZW1haWwsIGFuIGFjdGl2ZSBhY2NvdW50LFxuICogYSB3cm9uZywgZXhwaXJlZCwgdXNlZCBvciByZXBsYWNlZCBjb2RlIGFsbCBnZXQgdGhlIHNhbWUgYEFDVElWQVRJT05fUElOX0lOVkFMSURgLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gY29uZmlybUFjdGl2YXRpb25QaW4oZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYicgfCAnY29uZmlnJz4sIGlucHV0OiB7IGVtYWlsOiBzdHJpbmc7IHBpbjogc3RyaW5nOyBub3c6IG51bWJlciB9KTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHsgbm93IH0gPSBpbnB1dDtcbiAgY29uc3QgeyBtYXhUcmllcyB9ID0gZGVwcy5jb25maWcuYWN0aXZhdGlvblBpbjtcbiAgYXdhaXQgZGVwcy5kYlxuICAgIC50cmFuc2FjdGlvbigpXG4gICAgLmV4ZWN1dGUoYXN5bmMgKHRyeCkgPT4ge1xuICAgICAgY29uc3QgY2xpZW50ID0gYXdhaXQgZmluZENsaWVudEJ5RW1haWwodHJ4LCBpbnB1dC5lbWFpbCk7XG4gICAgICBpZiAoY2xpZW50Py5zdGF0dXMgIT09ICdwZW5kaW5nX2FjdGl2YXRpb24nKSB0aHJvdyBwaW5JbnZhbGlkKCk7XG4gICAgICBjb25zdCBsaXZlID0gYXdhaXQgdGFrZVBpblRyeSh0cngsIGNsaWVudC5pZCwgbWF4VHJpZXMsIG5vdyk7XG4gICAgICBpZiAoIWxpdmUpIHRocm93IHBpbkludmFsaWQoKTtcbiAgICAgIGNvbnN0IGdpdmVuID0gQnVmZmVyLmZyb20oaGFzaFBpbihjbGllbnQuaWQsIGlucHV0LnBpbikpO1xuICAgICAgaWYgKCF0aW1pbmdTYWZlRXF1YWwoZ2l2ZW4sIEJ1ZmZlci5mcm9tKGxpdmUucGluX2hhc2gpKSkge1xuICAgICAgICBpZiAobGl2ZS5hdHRlbXB0cyA+PSBtYXhUcmllcykgYXdhaXQgZGVsZXRlQWN0aXZhdGlvblBpbih0cngsIGNsaWVudC5pZCk7XG4gICAgICAgIC8vIFRoZSBjb3VudGVkIHRyeSBtdXN0IHN0YXkgY291bnRlZDogY29tbWl0IGl0LCB0aGVuIHJlZnVzZS5cbiAgICAgICAgcmV0dXJuICd3cm9uZycgYXMgY29uc3Q7XG4gICAgICB9XG4gICAgICBpZiAoIShhd2FpdCBjb25zdW1lQWN0aXZhdGlvblBpbih0cngsIGNsaWVudC5pZCwgbGl2ZS5waW5faGFzaCkpKSB0aHJvdyBwaW5JbnZhbGlkKCk7XG4gICAgICBhd2FpdCB1cGRhdGVDbGllbnQodHJ4LCBjbGllbnQuaWQsIHsgc3RhdHVzOiBzdGF0dXNPbmNlRW1haWxQcm92ZWQoY2xpZW50KSwgZW1haWxfY29uZmlybWVkOiAxLCB1cGRhdGVkX2F0OiBub3cgfSk7XG4gICAgICBhd2FpdCBtYXJrRW1haWxUb2tlbnNVc2VkKHRyeCwgY2xpZW50LmlkLCBbJ2FjdGl2YXRpb24nLCAnY29uZmlybWF0aW9uJ10sIG5vdyk7XG4gICAgICByZXR1cm4gJ29rJyBhcyBjb25zdDtcbiAgICB9KVxuICAgIC50aGVuKChvdXRjb21lKSA9PiB7XG4gICAgICBpZiAob3V0Y29tZSA9PT0gJ3dyb25nJykgdGhyb3cgcGluSW52YWxpZCgpO1xuICAgIH0pO1xufVxuIiwgImltcG9ydCB0eXBlIHsgVHJhbnNhY3Rpb24gfSBmcm9tICdreXNlbHknO1xuaW1wb3J0IHsgZmluZENsaWVudEJ5VXVpZCwgbWVyZ2VBbm9ueW1vdXNJbnRvIH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi4vc3RvcmUvc2NoZW1hLmpzJztcblxuLyoqXG4gKiBUaGUgdmlzaXRvciBhIHNpZ24taW4gb3IgcmVnaXN0cmF0aW9uIGNvbWVzIGZyb206IHRoZSBVVUlEIHRoZXkgc2VudCwgYW5kIHdoZXRoZXIgdGhleSBwcm92ZWQgaXRcbiAqIGlzIHRoZWlycyBieSBob2xkaW5nIGEgdG9rZW4gb2YgaXRzIGFub255bW91cyBzZXNzaW9uIChhIFVVSUQgYWxvbmUgaXMgbm8gY3JlZGVudGlhbDogaXQgdHJhdmVsc1xuICogaW4gZXZlcnkgZXZlbnQsIGFuZCBhbnlvbmUgbWF5IHR5cGUgb25lKS4gVGhlIHNpdGUncyBiYWNrZW5kIHZvdWNoZXMgZm9yIHRoZSBVVUlEcyBpdCByZWNvZ25pemVzLlxuICovXG5leHBvcnQgaW50ZXJmYWNlIFZpc2l0b3Ige1xuICB1dWlkOiBzdHJpbmcgfCB1bmRlZmluZWQ7XG4gIGhvbGRzVG9rZW46IGJvb2xlYW47XG59XG5cbi8qKlxuICogRm9sZHMgdGhlIHZpc2l0b3IncyBhbm9ueW1vdXMgcHJvZmlsZSAoZm91bmQgYnkgdGhlIFVVSUQgdGhleSBzZW50KSBpbnRvIGEgY3VzdG9tZXI6IGl0cyBldmVudHMsXG4gKiBVVUlEcyBhbmQgc2Vzc2lvbnMgZm9sbG93OyBvbmx5IGZvciBhIHZpc2l0b3IgaG9sZGluZyB0aGF0IHByb2ZpbGUncyB0b2tlbi4gQSBVVUlEIHRoYXQgaXMgdGhlXG4gKiBjdXN0b21lcidzIG93biwgb3IgYW5vdGhlciBjdXN0b21lcidzLCBtb3ZlcyBub3RoaW5nLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gbWVyZ2VBbm9ueW1vdXNQcm9maWxlKHRyeDogVHJhbnNhY3Rpb248RGF0YWJhc2U+LCB2aXNpdG9yOiBWaXNpdG9yLCBjdXN0b21lcklkOiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgaWYgKCF2aXNpdG9yLnV1aWQgfHwgIXZpc2l0b3IuaG9sZHNUb2tlbikgcmV0dXJuO1xuICBjb25zdCBhbm9ueW1vdXMgPSBhd2FpdCBmaW5kQ2xpZW50QnlVdWlkKHRyeCwgdmlzaXRvci51dWlkKTtcbiAgaWYgKGFub255bW91cykgYXdhaXQgbWVyZ2VBbm9ueW1vdXNJbnRvKHRyeCwgYW5vbnltb3VzLCBjdXN0b21lcklkKTtcbn1cblxuLyoqXG4gKiBUaGUgVVVJRCBhIG5ldyBjdXN0b21lciBpcyBtYWRlIGZyb20gKGBiZWNvbWVDdXN0b21lcmApOiB0aGUgdmlzaXRvcidzLCB3aGVuIHRoZXkgaG9sZCBpdHMgdG9rZW5cbiAqICh0aGVpciBhbm9ueW1vdXMgcHJvZmlsZSBiZWNvbWVzIHRoZSBjdXN0b21lcikgb3Igbm9ib2R5IGhhcyBpdCB5ZXQ7IG90aGVyd2lzZSBub25lIChhIGZyZXNoIFVVSUQpLFxuICogc28gbmFtaW5nIGFub3RoZXIgdmlzaXRvcidzIFVVSUQgdGFrZXMgb3ZlciBub3RoaW5nLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdXVpZEZvck5ld0N1c3RvbWVyKHRyeDogVHJhbnNhY3Rpb248RGF0YWJhc2U+LCB2aXNpdG9yOiBWaXNpdG9yKTogUHJvbWlzZTxzdHJpbmcgfCB1bmRlZmluZWQ+IHtcbiAgaWYgKCF2aXNpdG9yLnV1aWQgfHwgdmlzaXRvci5ob2xkc1Rva2VuKSByZXR1cm4gdmlzaXRvci51dWlkO1xuICByZXR1cm4gKGF3YWl0IGZpbmRDbGllbnRCeVV1aWQodHJ4LCB2aXNpdG9yLnV1aWQpKSA/IHVuZGVmaW5lZCA6IHZpc2l0b3IudXVpZDtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IFJlZ2lzdGVyUmVxdWVzdCwgUmVnaXN0ZXJSZXNwb25zZSwgUmVnaXN0cmF0aW9uTW9kZSwgUmVnaXN0cmF0aW9uU3RhdHVzIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHsgY29uZmxpY3QsIGlzVW5pcXVlVmlvbGF0aW9uIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IGFjY2VwdE5ld1Bhc3N3b3JkIH0gZnJvbSAnLi4vcGFzc3dvcmRzLmpzJztcbmltcG9ydCB7IGJlY29tZUN1c3RvbWVyLCB0eXBlIENsaWVudFJvdywgY3VzdG9tSWRJblVzZSwgZmluZENsaWVudEJ5RW1haWwsIHByb2ZpbGVDaGFuZ2VzIH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgdHlwZSB7IENsaWVudFN0YXR1cyB9IGZyb20gJy4uL3N0b3JlL3NjaGVtYS5qcyc7XG5pbXBvcnQgeyBpc3N1ZUFjdGl2YXRpb25QaW4gfSBmcm9tICcuL2FjdGl2YXRpb24tcGluLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcbmltcG9ydCB7IGlzc3VlRW1haWxMaW5rIH0gZnJvbSAnLi9lbWFpbC1saW5rcy5qcyc7XG5pbXBvcnQgeyB1dWlkRm9yTmV3Q3VzdG9tZXIsIHR5cGUgVmlzaXRvciB9IGZyb20gJy4vbWVyZ2UtYW5vbnltb3VzLmpzJztcblxuY29uc3QgZW1haWxUYWtlbiA9ICgpID0+XG4gIGNvbmZsaWN0KCdFTUFJTF9UQUtFTicsICdBbiBhY2NvdW50IHdpdGggdGhpcyBlbWFpbCBhbHJlYWR5IGV4aXN0cycsIFtcbiAgICB7IGZpZWxkOiAnZW1haWwnLCBjb2RlOiAndGFrZW4nLCBtZXNzYWdlOiAnQW4gYWNjb3VudCB3aXRoIHRoaXMgZW1haWwgYWxyZWFkeSBleGlzdHMnIH0sXG4gIF0pO1xuZXhwb3J0IGNvbnN0IGN1c3RvbUlkVGFrZW4gPSAoKSA9PlxuICBjb25mbGljdCgnQ1VTVE9NX0lEX1RBS0VOJywgJ1RoaXMgY3VzdG9tSWQgYmVsb25ncyB0byBhbm90aGVyIGN1c3RvbWVyJywgW1xuICAgIHsgZmllbGQ6ICdjdXN0b21JZCcsIGNvZGU6ICd0YWtlbicsIG1lc3NhZ2U6ICdUaGlzIGN1c3RvbUlkIGJlbG9uZ3MgdG8gYW5vdGhlciBjdXN0b21lcicgfSxcbiAgXSk7XG5cbi8qKiBXaGF0IGVhY2ggcmVnaXN0cmF0aW9uIG1vZGUgbWFrZXMgb2YgYSBuZXcgYWNjb3VudCwgYW5kIGhvdyBpdCBhbnN3ZXJzLiAqL1xuY29uc3QgTU9ERVM6IFJlY29yZDxSZWdpc3RyYXRpb25Nb2RlLCB7IHN0YXR1czogQ2xpZW50U3RhdHVzOyBhbnN3ZXI6IFJlZ2lzdHJhdGlvblN0YXR1cyB9PiA9IHtcbiAgYXV0b21hdGljOiB7IHN0YXR1czogJ2FjdGl2ZScsIGFuc3dlcjogJ1JFR0lTVEVSRUQnIH0sXG4gIGNvbmZpcm1hdGlvbjogeyBzdGF0dXM6ICdhY3RpdmUnLCBhbnN3ZXI6ICdDT05GSVJNQVRJT05fUkVRVUlSRUQnIH0sXG4gIGFjdGl2YXRpb246IHsgc3RhdHVzOiAncGVuZGluZ19hY3RpdmF0aW9uJywgYW5zd2VyOiAnQUNUSVZBVElPTl9SRVFVSVJFRCcgfSxcbiAgcGluOiB7IHN0YXR1czogJ3BlbmRpbmdfYWN0aXZhdGlvbicsIGFuc3dlcjogJ0FDVElWQVRJT05fUkVRVUlSRUQnIH0sXG4gIGFwcHJvdmFsOiB7IHN0YXR1czogJ3BlbmRpbmdfYXBwcm92YWwnLCBhbnN3ZXI6ICdBUFBST1ZBTF9SRVFVSVJFRCcgfSxcbn07XG5cbi8qKlxuICogUmVnaXN0ZXJzIGEgY3VzdG9tZXIgd2l0aCBhIHBhc3N3b3JkLCBhcyB0aGUgc2VydmVyJ3MgcmVnaXN0cmF0aW9uIG1vZGUgc2F5czogYXQgb25jZVxuICogKGBhdXRvbWF0aWNgKSwgYWJsZSB0byBzaWduIGluIHdpdGggdGhlIGVtYWlsIHRvIGJlIGNvbmZpcm1lZCAoYGNvbmZpcm1hdGlvbmApLCBvbmx5IGFmdGVyIHRoZVxuICogZW1haWxlZCBhY3RpdmF0aW9uIGxpbmsgKGBhY3RpdmF0aW9uYCkgb3IgY29kZSAoYHBpbmApLCBvciBvbmx5IG9uY2UgdGhlIHNpdGUncyBiYWNrZW5kIGFwcHJvdmVzXG4gKiB0aGUgYWNjb3VudCAoYGFwcHJvdmFsYCkuIFRoZSB2aXNpdG9yJ3MgYW5vbnltb3VzIHByb2ZpbGUgYmVjb21lcyB0aGUgY3VzdG9tZXIgd2hlbiB0aGV5IGhvbGQgaXRzXG4gKiB0b2tlbjsgYSBVVUlEIG9mIHNvbWVvbmUgZWxzZSdzIGlzIG5vdCB0YWtlbiAodGhlIGN1c3RvbWVyIGdldHMgYSBmcmVzaCBvbmUpLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmVnaXN0ZXIoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnZGInIHwgJ2NvbmZpZycgfCAnbGltaXRlcicgfCAnbWFpbGVyJyB8ICdwdWJsaWNVcmwnPixcbiAgaW5wdXQ6IHsgYm9keTogT21pdDxSZWdpc3RlclJlcXVlc3QsICdhcGlLZXknPjsgdmlzaXRvcjogVmlzaXRvcjsgYWRkcmVzczogc3RyaW5nOyBub3c6ICgpID0+IG51bWJlciB9LFxuKTogUHJvbWlzZTxSZWdpc3RlclJlc3BvbnNlPiB7XG4gIGNvbnN0IHsgYm9keSB9ID0gaW5wdXQ7XG4gIGF3YWl0IGRlcHMubGltaXRlci5yZWdpc3RyYXRpb24oaW5wdXQuYWRkcmVzcywgaW5wdXQubm93KCkpO1xuICBjb25zdCBwYXNzd29yZEhhc2ggPSBhd2FpdCBhY2NlcHROZXdQYXNzd29yZChkZXBzLCBib2R5LnBhc3N3b3JkKTtcbiAgY29uc3QgbW9kZSA9IGRlcHMuY29uZmlnLnJlZ2lzdHJhdGlvbk1vZGU7XG4gIGNvbnN0IHsgc3RhdHVzLCBhbnN3ZXIgfSA9IE1PREVTW21vZGVdO1xuICBjb25zdCBub3cgPSBpbnB1dC5ub3coKTtcbiAgbGV0IGN1c3RvbWVyOiBDbGllbnRSb3c7XG4gIHRyeSB7XG4gICAgY3VzdG9tZXIgPSBhd2FpdCBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgICBpZiAoYXdhaXQgZmluZENsaWVudEJ5RW1haWwodHJ4LCBib2R5LmVtYWlsKSkgdGhyb3cgZW1haWxUYWtlbigpO1xuICAgICAgaWYgKGJvZHkuY3VzdG9tSWQgJiYgKGF3YWl0IGN1c3RvbUlkSW5Vc2UodHJ4LCBib2R5LmN1c3RvbUlkKSkpIHRocm93IGN1c3RvbUlkVGFrZW4oKTtcbiAgICAgIGNvbnN0IGZpZWxkcyA9IHtcbiAgICAgICAgLi4ucHJvZmlsZUNoYW5nZXMoYm9keSksXG4gICAgICAgIGVtYWlsOiBib2R5LmVtYWlsLFxuICAgICAgICBwYXNzd29yZF9oYXNoOiBwYXNzd29yZEhhc2gsXG4gICAgICAgIHN0YXR1cyxcbiAgICAgICAgZW1haWxfY29uZmlybWVkOiAwLFxuICAgICAgICB1cGRhdGVkX2F0OiBub3csXG4gICAgICAgIGxhc3RfYWN0aXZpdHlfYXQ6IG5vdyxcbiAgICAgIH07XG4gICAgICBjb25zdCByb3cgPSBhd2FpdCBiZWNvbWVDdXN0b21lcih0cngsIGF3YWl0IHV1aWRGb3JOZXdDdXN0b21lcih0cngsIGlucHV0LnZpc2l0b3IpLCBmaWVsZHMsIG5vdyk7XG4gICAgICBpZiAobW9kZSA9PT0gJ2NvbmZpcm1hdGlvbicgfHwgbW9kZSA9PT0gJ2FjdGl2YXRpb24nKSBhd2FpdCBpc3N1ZUVtYWlsTGluayhkZXBzLCB0cngsIHJvdywgbW9kZSwgbm93KTtcbiAgICAgIGVsc2UgaWYgKG1vZGUgPT09ICdwaW4nKSBhd2FpdCBpc3N1ZUFjdGl2YXRpb25QaW4oZGVwcywgdHJ4LCByb3csIG5vdyk7XG4gICAgICByZXR1cm4gcm93O1xuICAgIH0pO1xuICB9IGNhdGNoIChlcnIpIHtcbiAgICAvLyBUd28gcmVnaXN0cmF0aW9ucyByYWNpbmcgZm9yIG9uZSBlbWFpbCBvciBjdXN0b21JZDogdGhlIGxvc2VyIGdldHMgdGhlIHNhbWUgYW5zd2VyLlxuICAgIGlmIChpc1VuaXF1ZVZpb2xhdGlvbihlcnIpKSB0aHJvdyAvY3VzdG9tX2lkLy50ZXN0KFN0cmluZygoZXJyIGFzIEVycm9yKS5tZXNzYWdlKSkgPyBjdXN0b21JZFRha2VuKCkgOiBlbWFpbFRha2VuKCk7XG4gICAgdGhyb3cgZXJyO1xuICB9XG4gIGRlcHMubWFpbGVyLmZsdXNoU29vbigpO1xuICByZXR1cm4geyBzdGF0dXM6IGFuc3dlciwgcmVnaXN0cmF0aW9uTW9kZTogbW9kZSwgY2xpZW50SWQ6IGN1c3RvbWVyLmlkLCB1dWlkOiBjdXN0b21lci51dWlkLCBjYW5TaWduSW46IHN0YXR1cyA9PT0gJ2FjdGl2ZScgfTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IEFjY291bnRJbmZvcm1hdGlvbiwgVXBkYXRlQWNjb3VudFJlcXVlc3QgfSBmcm9tICcuLi8uLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgeyBpc1VuaXF1ZVZpb2xhdGlvbiwgdW5hdXRob3JpemVkIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB0eXBlIHsgVmVyaWZpZWRUb2tlbiB9IGZyb20gJy4uL3Nlc3Npb25zLmpzJztcbmltcG9ydCB7IGZpbmRDbGllbnRCeUlkLCBwcm9maWxlQ2hhbmdlcywgdG9BY2NvdW50SW5mb3JtYXRpb24sIHVwZGF0ZUNsaWVudCB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHR5cGUgeyBJZGVudGl0eURlcHMgfSBmcm9tICcuL2RlcHMuanMnO1xuaW1wb3J0IHsgY3VzdG9tSWRUYWtlbiB9IGZyb20gJy4vcmVnaXN0ZXIuanMnO1xuXG4vKiogQXBwbGllcyBhIGN1c3RvbWVyJ3MgZWRpdCBvZiB0aGVpciBwcm9maWxlICh0aGUgZW1haWwgc3RheXM7IGFncmVlbWVudHMgYW5kIGF0dHJpYnV0ZXMgbWVyZ2UpLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHVwZGF0ZUFjY291bnQoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnZGInPixcbiAgaW5wdXQ6IHsgdG9rZW46IFZlcmlmaWVkVG9rZW47IGNoYW5nZXM6IE9taXQ8VXBkYXRlQWNjb3VudFJlcXVlc3QsICdhcGlLZXknPjsgbm93OiBudW1iZXIgfSxcbik6IFByb21pc2U8QWNjb3VudEluZm9ybWF0aW9uPiB7XG4gIHRyeSB7XG4gICAgY29uc3QgdXBkYXRlZCA9IGF3YWl0IGRlcHMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKGFzeW5jICh0cngpID0+IHtcbiAgICAgIGNvbnN0IGN1cnJlbnQgPSBhd2FpdCBmaW5kQ2xpZW50QnlJZCh0cngsIGlucHV0LnRva2VuLnNlc3Npb24uY2xpZW50X2lkKTtcbiAgICAgIGlmICghY3VycmVudCB8fCBjdXJyZW50LnN0YXR1cyA9PT0gJ2Fub255bW91cycpIHRocm93IHVuYXV0aG9yaXplZCgnU0VTU0lPTl9SRVZPS0VEJywgJ1RoZSBzZXNzaW9uIGhhcyBlbmRlZCcpO1xuICAgICAgcmV0dXJuIHVwZGF0ZUNsaWVudCh0cngsIGN1cnJlbnQuaWQsIHsgLi4ucHJvZmlsZUNoYW5nZXMoaW5wdXQuY2hhbmdlcywgY3VycmVudCksIHVwZGF0ZWRfYXQ6IGlucHV0Lm5vdyB9KTtcbiAgICB9KTtcbiAgICByZXR1cm4gdG9BY2NvdW50SW5mb3JtYXRpb24odXBkYXRlZCk7XG4gIH0gY2F0Y2ggKGVycikge1xuICAgIGlmIChpc1VuaXF1ZVZpb2xhdGlvbihlcnIpKSB0aHJvdyBjdXN0b21JZFRha2VuKCk7XG4gICAgdGhyb3cgZXJyO1xuICB9XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBVcGRhdGVCYXNpY0luZm9ybWF0aW9uUmVxdWVzdCB9IGZyb20gJy4uLy4uL2NvbnRyYWN0L2luZGV4LmpzJztcbmltcG9ydCB7IHVuYXV0aG9yaXplZCB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgdHlwZSB7IFZlcmlmaWVkVG9rZW4gfSBmcm9tICcuLi9zZXNzaW9ucy5qcyc7XG5pbXBvcnQgeyBmaW5kQ2xpZW50QnlJZCwgcHJvZmlsZUNoYW5nZXMsIHVwZGF0ZUNsaWVudCB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHR5cGUgeyBJZGVudGl0eURlcHMgfSBmcm9tICcuL2RlcHMuanMnO1xuXG4vKipcbiAqIEFwcGxpZXMgd2hhdCBhIHByb2ZpbGUgc2F5cyBhYm91dCBpdHNlbGYgKFN5bmVyaXNlJ3MgYHVwZGF0ZUFjY291bnRCYXNpY0luZm9ybWF0aW9uYCk6IG5hbWVzLFxuICogY29udGFjdCBhbmQgYWRkcmVzcyBmaWVsZHMsIGFncmVlbWVudHMgYW5kIGF0dHJpYnV0ZXMgKGJvdGggbWVyZ2VkKSwgZm9yIGEgc2lnbmVkLWluIGN1c3RvbWVyXG4gKiBhbmQgYW4gYW5vbnltb3VzIHZpc2l0b3IgYWxpa2UuIFRoZSByZXF1ZXN0IHNjaGVtYSBoYXMgbm8gZW1haWwsIHBhc3N3b3JkLCBjdXN0b21JZCBvciB0YWdzLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gdXBkYXRlQmFzaWNJbmZvcm1hdGlvbihcbiAgZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYic+LFxuICBpbnB1dDogeyB0b2tlbjogVmVyaWZpZWRUb2tlbjsgY2hhbmdlczogT21pdDxVcGRhdGVCYXNpY0luZm9ybWF0aW9uUmVxdWVzdCwgJ2FwaUtleSc+OyBub3c6IG51bWJlciB9LFxuKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRlcHMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKGFzeW5jICh0cngpID0+IHtcbiAgICBjb25zdCBjdXJyZW50ID0gYXdhaXQgZmluZENsaWVudEJ5SWQodHJ4LCBpbnB1dC50b2tlbi5zZXNzaW9uLmNsaWVudF9pZCk7XG4gICAgaWYgKCFjdXJyZW50KSB0aHJvdyB1bmF1dGhvcml6ZWQoJ1NFU1NJT05fUkVWT0tFRCcsICdUaGUgc2Vzc2lvbiBoYXMgZW5kZWQnKTtcbiAgICBjb25zdCBjaGFuZ2VzID0gcHJvZmlsZUNoYW5nZXMoaW5wdXQuY2hhbmdlcywgY3VycmVudCk7XG4gICAgaWYgKE9iamVjdC5rZXlzKGNoYW5nZXMpLmxlbmd0aCA9PT0gMCkgcmV0dXJuO1xuICAgIGF3YWl0IHVwZGF0ZUNsaWVudCh0cngsIGN1cnJlbnQuaWQsIHsgLi4uY2hhbmdlcywgdXBkYXRlZF9hdDogaW5wdXQubm93IH0pO1xuICB9KTtcbn1cbiIsICJpbXBvcnQgeyBjcmVhdGVIYXNoLCB0aW1pbmdTYWZlRXF1YWwgfSBmcm9tICdub2RlOmNyeXB0byc7XG5pbXBvcnQgdHlwZSB7IENvbnRleHQsIEhhbmRsZXIsIEhvbm8sIE1pZGRsZXdhcmVIYW5kbGVyIH0gZnJvbSAnaG9ubyc7XG5pbXBvcnQgdHlwZSAqIGFzIHogZnJvbSAnem9kL21pbmknO1xuaW1wb3J0IHsgaG9ub1BhdGgsIHR5cGUgUm91dGVBdXRoLCB0eXBlIFJvdXRlRGVmIH0gZnJvbSAnLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi9jb250ZXh0LmpzJztcbmltcG9ydCB7IGZvcmJpZGRlbiB9IGZyb20gJy4vZXJyb3JzLmpzJztcbmltcG9ydCB7IGJlYXJlclRva2VuLCBjbGllbnRBZGRyZXNzLCBpZGVudGlmeUJ5QXBpS2V5LCBpZGVudGlmeUJ5S2V5T3JUb2tlbiwgaWRlbnRpZnlCeVRva2VuLCB0eXBlIEtleUNhbGxlciwgcmVhZEJvZHksIHR5cGUgVG9rZW5DYWxsZXIgfSBmcm9tICcuL2h0dHAuanMnO1xuXG4vKiogV2hvIGNhbGxlZCwgYXMgdGhlIHJvdXRlJ3MgYXV0aCBraW5kIGVzdGFibGlzaGVzIGl0OiBhIHRva2VuIHJvdXRlJ3MgaGFuZGxlciBhbHdheXMgaGFzIGl0cyB0b2tlbi4gKi9cbmV4cG9ydCB0eXBlIENhbGxlck9mPEEgZXh0ZW5kcyBSb3V0ZUF1dGg+ID0ge1xuICBub25lOiBvYmplY3Q7XG4gIGFwaUtleTogS2V5Q2FsbGVyO1xuICBrZXlPclRva2VuOiBLZXlDYWxsZXIgfCBUb2tlbkNhbGxlcjtcbiAgdG9rZW46IFRva2VuQ2FsbGVyO1xuICBjdXN0b21lcjogVG9rZW5DYWxsZXI7XG4gIGJhY2tlbmQ6IG9iamVjdDtcbn1bQV07XG5cbi8qKiBUaGUgdmFsaWRhdGVkIGJvZHkgb2YgYSByb3V0ZSB3aXRoIGEgcmVxdWVzdCBzY2hlbWEgKGl0cyBvdXRwdXQ6IHRyaW1tZWQsIGxvd2VyLWNhc2VkXHUyMDI2KS4gKi9cbmV4cG9ydCB0eXBlIFJvdXRlQm9keTxSIGV4dGVuZHMgUm91dGVEZWY+ID0gUiBleHRlbmRzIHsgcmVxdWVzdDogaW5mZXIgUyBleHRlbmRzIHouWm9kTWluaVR5cGUgfSA/IHoub3V0cHV0PFM+IDogdW5kZWZpbmVkO1xuXG4vKiogV2hhdCBhIGhhbmRsZXIgYW5zd2VyczogdGhlIGlucHV0IG9mIHRoZSByb3V0ZSdzIHJlc3BvbnNlIHNjaGVtYTsgbm90aGluZyBmb3IgYSAyMDQuICovXG4vLyBiaW9tZS1pZ25vcmUgbGludC9zdXNwaWNpb3VzL25vQ29uZnVzaW5nVm9pZFR5cGU6IGEgMjA0IGhhbmRsZXIgcmV0dXJucyBub3RoaW5nXG5leHBvcnQgdHlwZSBSb3V0ZUFuc3dlcjxSIGV4dGVuZHMgUm91dGVEZWY+ID0gUiBleHRlbmRzIHsgc3RhdHVzOiAyMDQgfSA/IHZvaWQgOiBSIGV4dGVuZHMgeyByZXNwb25zZTogaW5mZXIgUyBleHRlbmRzIHouWm9kTWluaVR5cGUgfSA/IHouaW5wdXQ8Uz4gOiBuZXZlcjtcblxuLyoqIFdoYXQgdGhlIHJvdXRlJ3MgbWlkZGxld2FyZSBsZWF2ZSBvbiB0aGUgcmVxdWVzdCdzIGNvbnRleHQgZm9yIGl0cyBoYW5kbGVyLiAqL1xudHlwZSBSb3V0ZUVudjxSIGV4dGVuZHMgUm91dGVEZWY+ID0geyBWYXJpYWJsZXM6IHsgYm9keTogUm91dGVCb2R5PFI+OyBjYWxsZXI6IENhbGxlck9mPFJbJ2F1dGgnXT4gfSB9O1xuXG5leHBvcnQgaW50ZXJmYWNlIFJvdXRlQ2FsbDxSIGV4dGVuZHMgUm91dGVEZWY+IHtcbiAgYzogQ29udGV4dDxSb3V0ZUVudjxSPj47XG4gIGNhbGxlcjogQ2FsbGVyT2Y8UlsnYXV0aCddPjtcbiAgYm9keTogUm91dGVCb2R5PFI+O1xuICAvKiogVGhlIGNsaWVudCdzIGFkZHJlc3MgKGZvciByYXRlIGxpbWl0cyksIGFzIHRoZSBwcm94eSBzZXR0aW5ncyBzYXkuICovXG4gIGFkZHJlc3MoKTogc3RyaW5nO1xufVxuXG4vKiogQSBoYW5kbGVyIG1heSBhbnN3ZXIgd2l0aCBhIFJlc3BvbnNlIG9mIGl0cyBvd24gKGEgUEVNLCBhIDUwMykgaW5zdGVhZCBvZiB0aGUgdGFibGUncyBKU09OIGFuc3dlci4gKi9cbmV4cG9ydCB0eXBlIFJvdXRlSGFuZGxlcjxSIGV4dGVuZHMgUm91dGVEZWY+ID0gKGNhbGw6IFJvdXRlQ2FsbDxSPikgPT4gUHJvbWlzZTxSb3V0ZUFuc3dlcjxSPiB8IFJlc3BvbnNlPiB8IFJvdXRlQW5zd2VyPFI+IHwgUmVzcG9uc2U7XG5cbmV4cG9ydCBpbnRlcmZhY2UgTW91bnRPcHRpb25zIHtcbiAgLyoqIFRoZSBib2R5IG1heSBiZSBhYnNlbnQgKHJlZnJlc2ggYW5kIHNpZ24tb3V0LCBhcyB0aGUgU3luZXJpc2UgU0RLIHNlbmRzIHRoZW0pLiAqL1xuICBvcHRpb25hbEJvZHk/OiBib29sZWFuO1xuICAvKiogVmVyaWZ5IHRoZSB0b2tlbiBhZ2FpbnN0IHRoZSBzdG9yZSwgbm90IHRoZSB2ZXJpZmljYXRpb24gY2FjaGUgKHJlZnJlc2gpLiAqL1xuICBmcmVzaD86IGJvb2xlYW47XG59XG5cbmNvbnN0IGRpZ2VzdCA9IChzOiBzdHJpbmcpID0+IGNyZWF0ZUhhc2goJ3NoYTI1NicpLnVwZGF0ZShzKS5kaWdlc3QoKTtcbmNvbnN0IGJhY2tlbmRLZXlEaWdlc3RzID0gbmV3IFdlYWtNYXA8U2VydmVyQ29udGV4dCwgQnVmZmVyPigpO1xuXG4vKipcbiAqIFRoZSBzaXRlIGJhY2tlbmQncyBzZWNyZXQga2V5IChgU05SX0JBQ0tFTkRfS0VZYCkgYXMgYSBiZWFyZXIgdG9rZW4sIGNvbXBhcmVkIGluIGNvbnN0YW50IHRpbWUuXG4gKiBCcm93c2VyIHRva2VucyBhbmQgUHJvZmlsZSBBUEkga2V5cyBhcmUgcmVmdXNlZDogdGhlc2Ugcm91dGVzIGNhbiBuYW1lIGFueSBjdXN0b21lci5cbiAqL1xuZnVuY3Rpb24gYXV0aG9yaXNlQmFja2VuZChjdHg6IFNlcnZlckNvbnRleHQsIGM6IENvbnRleHQpOiBvYmplY3Qge1xuICBpZiAoIWN0eC5jb25maWcuYmFja2VuZEtleSkgdGhyb3cgZm9yYmlkZGVuKCdCQUNLRU5EX05PVF9DT05GSUdVUkVEJywgJ1NpdGUtYmFja2VuZCByb3V0ZXMgYXJlIG9mZjogc2V0IFNOUl9CQUNLRU5EX0tFWSBvbiB0aGUgc2VydmVyJyk7XG4gIGxldCBleHBlY3RlZCA9IGJhY2tlbmRLZXlEaWdlc3RzLmdldChjdHgpO1xuICBpZiAoIWV4cGVjdGVkKSBiYWNrZW5kS2V5RGlnZXN0cy5zZXQoY3R4LCAoZXhwZWN0ZWQgPSBkaWdlc3QoY3R4LmNvbmZpZy5iYWNrZW5kS2V5KSkpO1xuICBjb25zdCBnaXZlbiA9IGJlYXJlclRva2VuKGMpO1xuICAvLyBEaWdlc3RzIG9mIGVxdWFsIGxlbmd0aCwgY29tcGFyZWQgaW4gY29uc3RhbnQgdGltZS5cbiAgaWYgKCFnaXZlbiB8fCAhdGltaW5nU2FmZUVxdWFsKGRpZ2VzdChnaXZlbiksIGV4cGVjdGVkKSkge1xuICAgIHRocm93IGZvcmJpZGRlbignQkFDS0VORF9LRVlfUkVRVUlSRUQnLCAnVGhpcyByb3V0ZSBuZWVkcyB0aGUgc2l0ZSBiYWNrZW5kIGtleSAoQXV0aG9yaXphdGlvbjogQmVhcmVyIDxTTlJfQkFDS0VORF9LRVk+KTsgbmV2ZXIgY2FsbCBpdCBmcm9tIGEgYnJvd3NlcicpO1xuICB9XG4gIHJldHVybiB7fTtcbn1cblxudHlwZSBBdXRob3Jpc2U8QSBleHRlbmRzIFJvdXRlQXV0aD4gPSAoXG4gIGN0eDogU2VydmVyQ29udGV4dCxcbiAgYzogQ29udGV4dCxcbiAgYm9keUFwaUtleTogc3RyaW5nIHwgdW5kZWZpbmVkLFxuICBvcHRpb25zOiBNb3VudE9wdGlvbnMsXG4pID0+IENhbGxlck9mPEE+IHwgUHJvbWlzZTxDYWxsZXJPZjxBPj47XG5cbi8qKiBPbmUgYXV0aG9yaXNlciBwZXIgYXV0aCBraW5kIG9mIHRoZSByb3V0ZSB0YWJsZS4gKi9cbmNvbnN0IEFVVEhPUklTRTogeyBbQSBpbiBSb3V0ZUF1dGhdOiBBdXRob3Jpc2U8QT4gfSA9IHtcbiAgbm9uZTogKCkgPT4gKHt9KSxcbiAgYXBpS2V5OiAoY3R4LCBjLCBrZXkpID0+IGlkZW50aWZ5QnlBcGlLZXkoY3R4LCBjLCBrZXkpLFxuICBrZXlPclRva2VuOiAoY3R4LCBjLCBrZXkpID0+IGlkZW50aWZ5QnlLZXlPclRva2VuKGN0eCwgYywga2V5KSxcbiAgdG9rZW46IChjdHgsIGMsIGtleSwgb3B0aW9ucykgPT4gaWRlbnRpZnlCeVRva2VuKGN0eCwgYywgJ3Rva2VuJywga2V5LCBvcHRpb25zKSxcbiAgY3VzdG9tZXI6IChjdHgsIGMsIGtleSkgPT4gaWRlbnRpZnlCeVRva2VuKGN0eCwgYywgJ2N1c3RvbWVyJywga2V5KSxcbiAgYmFja2VuZDogKGN0eCwgYykgPT4gYXV0aG9yaXNlQmFja2VuZChjdHgsIGMpLFxufTtcblxuLyoqIFRoZSBBUEkga2V5IGEgYm9keSBuYW1lcywgd2hlbiBpdCBoYXMgb25lIChhbiBldmVudCBiYXRjaCBpcyBhbiBhcnJheSBhbmQgaGFzIG5vbmUpLiAqL1xuZnVuY3Rpb24gYXBpS2V5T2YoYm9keTogdW5rbm93bik6IHN0cmluZyB8IHVuZGVmaW5lZCB7XG4gIGlmICh0eXBlb2YgYm9keSAhPT0gJ29iamVjdCcgfHwgYm9keSA9PT0gbnVsbCB8fCAhKCdhcGlLZXknIGluIGJvZHkpKSByZXR1cm4gdW5kZWZpbmVkO1xuICByZXR1cm4gdHlwZW9mIGJvZHkuYXBpS2V5ID09PSAnc3RyaW5nJyA/IGJvZHkuYXBpS2V5IDogdW5kZWZpbmVkO1xufVxuXG4vKipcbiAqIE1vdW50cyBvbmUgcm91dGUgb2YgdGhlIHRhYmxlIChgUk9VVEVTLnhgLCBzcmMvY29udHJhY3Qvcm91dGVzLnRzKSBvbiBgYXBwYCwgYXMgaG9ubydzXG4gKiBgdmFsaWRhdG9yKClgIGFuZCBgYmVhcmVyQXV0aCgpYCB3b3VsZCwgYnV0IGZyb20gdGhlIHRhYmxlJ3MgZGF0YTogdGhlIG1ldGhvZCBhbmQgcGF0aDsgYVxuICogbWlkZGxld2FyZSB0aGF0IHBhcnNlcyB0aGUgYm9keSB3aXRoIHRoZSByb3V0ZSdzIHJlcXVlc3Qgc2NoZW1hIChhIGNvZGVkIDQwMC80MTMvNDE1IG90aGVyd2lzZSk7XG4gKiBhIG1pZGRsZXdhcmUgdGhhdCBlc3RhYmxpc2hlcyB0aGUgY2FsbGVyIGZvciB0aGUgcm91dGUncyBhdXRoIGtpbmQ7IHRoZW4gdGhlIGhhbmRsZXIsIHdoaWNoIGdldHNcbiAqIGJvdGggdHlwZWQgKGEgdG9rZW4gcm91dGUncyBjYWxsZXIgYWx3YXlzIGhhcyBpdHMgdG9rZW4pLCBhbmQgd2hvc2UgYW5zd2VyLCB0eXBlZCBieSB0aGUgcm91dGUnc1xuICogcmVzcG9uc2Ugc2NoZW1hLCBpcyBzZW50IHdpdGggdGhlIHJvdXRlJ3Mgc3RhdHVzIGFuZCBgQ2FjaGUtQ29udHJvbDogbm8tc3RvcmVgICh1bmxlc3MgdGhlIGhhbmRsZXJcbiAqIG5hbWVzIGEgY2FjaGUgcG9saWN5IG9mIGl0cyBvd24pLiBBIGJvZHkgdGhhdCBtYXkgY2FycnkgdGhlIEFQSSBrZXkgaXMgcmVhZCBmaXJzdFxuICogKHRoZSBrZXkgaXMgaW4gaXQpOyBhIGJhY2tlbmQgcm91dGUsIGFuZCBvbmUgd2hvc2UgYm9keSBoYXMgbm8ga2V5IChhbiBldmVudCBiYXRjaCksIGNoZWNrIHRoZVxuICogY2FsbGVyIGZpcnN0LCBiZWZvcmUgcmVhZGluZyBhbnl0aGluZy5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIG1vdW50PGNvbnN0IFIgZXh0ZW5kcyBSb3V0ZURlZj4oYXBwOiBIb25vLCBjdHg6IFNlcnZlckNvbnRleHQsIHJvdXRlOiBSLCBoYW5kbGVyOiBSb3V0ZUhhbmRsZXI8Uj4sIG9wdGlvbnM6IE1vdW50T3B0aW9ucyA9IHt9KTogdm9pZCB7XG4gIHR5cGUgRW52ID0gUm91dGVFbnY8Uj47XG4gIGNvbnN0IGF1dGhvcmlzZTogQXV0aG9yaXNlPFJbJ2F1dGgnXT4gPSBBVVRIT1JJU0Vbcm91dGUuYXV0aF07XG4gIGNvbnN0IHNjaGVtYSA9IHJvdXRlLnJlcXVlc3Q7XG4gIGNvbnN0IGNhbGxlckZpcnN0ID0gcm91dGUuYXV0aCA9PT0gJ2JhY2tlbmQnIHx8IChzY2hlbWEgIT09IHVuZGVmaW5lZCAmJiBzY2hlbWEuX3pvZC5kZWYudHlwZSA9PT0gJ2FycmF5Jyk7XG5cbiAgLyoqIFZhbGlkYXRpb24sIGFzIGhvbm8ncyBgdmFsaWRhdG9yKCdqc29uJywgc2NoZW1hKWA6IHRoZSBib2R5IHBhcnNlZCB3aXRoIHRoZSByb3V0ZSdzIHJlcXVlc3Qgc2NoZW1hLiAqL1xuICBjb25zdCB2YWxpZGF0ZTogTWlkZGxld2FyZUhhbmRsZXI8RW52PiA9IGFzeW5jIChjLCBuZXh0KSA9PiB7XG4gICAgLy8gVHlwZVNjcmlwdCBkb2VzIG5vdCBuYXJyb3cgYFJvdXRlQm9keTxSPmAgZnJvbSBhIGNoZWNrIG9mIGByb3V0ZS5yZXF1ZXN0YDogdGhlIG9uZSBhc3NlcnRpb25cbiAgICAvLyB0aGF0IHRpZXMgYSByb3V0ZSdzIHNjaGVtYSB0byBpdHMgaGFuZGxlcidzIGJvZHkgdHlwZSwgZm9yIGV2ZXJ5IHJvdXRlIGF0IG9uY2UuXG4gICAgY29uc3QgYm9keSA9IChcbiAgICAgIHNjaGVtYSA9PT0gdW5kZWZpbmVkID8gdW5kZWZpbmVkIDogYXdhaXQgcmVhZEJvZHkoYywgc2NoZW1hLCB7IGxpbWl0OiBjdHguY29uZmlnLmJvZHlMaW1pdCwgb3B0aW9uYWw6IG9wdGlvbnMub3B0aW9uYWxCb2R5IH0pXG4gICAgKSBhcyBSb3V0ZUJvZHk8Uj47XG4gICAgYy5zZXQoJ2JvZHknLCBib2R5KTtcbiAgICBhd2FpdCBuZXh0KCk7XG4gIH07XG4gIC8qKiBBdXRob3Jpc2F0aW9uLCBhcyBob25vJ3MgYGJlYXJlckF1dGgoKWA6IHRoZSByb3V0ZSdzIGF1dGgga2luZDsgdGhlIGtleSBpbiBhIGJvZHkgYWxyZWFkeSByZWFkLiAqL1xuICBjb25zdCBhdXRob3Jpc2VkOiBNaWRkbGV3YXJlSGFuZGxlcjxFbnY+ID0gYXN5bmMgKGMsIG5leHQpID0+IHtcbiAgICBjLnNldCgnY2FsbGVyJywgYXdhaXQgYXV0aG9yaXNlKGN0eCwgYywgYXBpS2V5T2YoYy5nZXQoJ2JvZHknKSksIG9wdGlvbnMpKTtcbiAgICBhd2FpdCBuZXh0KCk7XG4gIH07XG4gIGNvbnN0IGFuc3dlcjogSGFuZGxlcjxFbnY+ID0gYXN5bmMgKGMpID0+IHtcbiAgICAvLyBBbnN3ZXJzIGNhcnJ5IHRva2VucyBhbmQgcGVyc29uYWwgZGF0YTogbm8gY2FjaGUga2VlcHMgdGhlbS4gQSBwdWJsaWMgYW5zd2VyIChjb25maWcsIGtleXMpIHNheXMgc28gaXRzZWxmLlxuICAgIGMuaGVhZGVyKCdDYWNoZS1Db250cm9sJywgJ25vLXN0b3JlJyk7XG4gICAgY29uc3QgcmVzdWx0ID0gYXdhaXQgaGFuZGxlcih7IGMsIGNhbGxlcjogYy5nZXQoJ2NhbGxlcicpLCBib2R5OiBjLmdldCgnYm9keScpLCBhZGRyZXNzOiAoKSA9PiBjbGllbnRBZGRyZXNzKGMsIGN0eC5jb25maWcudHJ1c3RQcm94eSkgfSk7XG4gICAgaWYgKHJlc3VsdCBpbnN0YW5jZW9mIFJlc3BvbnNlKSByZXR1cm4gcmVzdWx0O1xuICAgIGlmIChyb3V0ZS5zdGF0dXMgPT09IDIwNCkgcmV0dXJuIGMuYm9keShudWxsLCAyMDQpO1xuICAgIHJldHVybiBjLmpzb24ocmVzdWx0ID8/IG51bGwsIHJvdXRlLnN0YXR1cyk7XG4gIH07XG5cbiAgaWYgKGNhbGxlckZpcnN0KSBhcHAub24ocm91dGUubWV0aG9kLCBob25vUGF0aChyb3V0ZS5wYXRoKSwgYXV0aG9yaXNlZCwgdmFsaWRhdGUsIGFuc3dlcik7XG4gIGVsc2UgYXBwLm9uKHJvdXRlLm1ldGhvZCwgaG9ub1BhdGgocm91dGUucGF0aCksIHZhbGlkYXRlLCBhdXRob3Jpc2VkLCBhbnN3ZXIpO1xufVxuIiwgImltcG9ydCB7IHR5cGUgQ29udGV4dCwgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgdHlwZSBDb25kaXRpb25hbExvZ2luUmVzcG9uc2UsIHR5cGUgTG9naW5SZXF1ZXN0LCBST1VURVMgfSBmcm9tICcuLi8uLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgdHlwZSB7IFNlcnZlckNvbnRleHQgfSBmcm9tICcuLi9jb250ZXh0LmpzJztcbmltcG9ydCB7IGZvcmJpZGRlbiwgdW5hdXRob3JpemVkIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IGJlYXJlclRva2VuIH0gZnJvbSAnLi4vaHR0cC5qcyc7XG5pbXBvcnQgeyBzaWduSW5Bbm9ueW1vdXNseSB9IGZyb20gJy4uL2lkZW50aXR5L2Fub255bW91cy1zZXNzaW9uLmpzJztcbmltcG9ydCB0eXBlIHsgVmlzaXRvciB9IGZyb20gJy4uL2lkZW50aXR5L21lcmdlLWFub255bW91cy5qcyc7XG5pbXBvcnQgeyByZWZyZXNoU2Vzc2lvbiB9IGZyb20gJy4uL2lkZW50aXR5L3JlZnJlc2guanMnO1xuaW1wb3J0IHsgdHlwZSBQYXNzd29yZFNpZ25Jbiwgc2lnbkluV2l0aFBhc3N3b3JkIH0gZnJvbSAnLi4vaWRlbnRpdHkvc2lnbi1pbi13aXRoLXBhc3N3b3JkLmpzJztcbmltcG9ydCB7IHR5cGUgUHJvdmlkZXJTaWduSW4sIHNpZ25JbldpdGhQcm92aWRlciB9IGZyb20gJy4uL2lkZW50aXR5L3NpZ24taW4td2l0aC1wcm92aWRlci5qcyc7XG5pbXBvcnQgeyBzaWduT3V0IH0gZnJvbSAnLi4vaWRlbnRpdHkvc2lnbi1vdXQuanMnO1xuaW1wb3J0IHsgdmVyaWZ5UHJvdmlkZXJUb2tlbiB9IGZyb20gJy4uL3Byb3ZpZGVycy92ZXJpZnkuanMnO1xuaW1wb3J0IHsgbW91bnQgfSBmcm9tICcuLi9yb3V0ZS5qcyc7XG5cbi8qKiBBIHByb3ZpZGVyIHNpZ24taW46IHRoZSBwcm92aWRlciB2b3VjaGVzIGZvciB0aGUgdG9rZW4gZmlyc3QuIENvbmRpdGlvbmFsIHNpZ24taW5zIG5ldmVyIHJlZ2lzdGVyLiAqL1xuYXN5bmMgZnVuY3Rpb24gdmlhUHJvdmlkZXIoXG4gIGN0eDogU2VydmVyQ29udGV4dCxcbiAgYm9keTogRXh0cmFjdDxMb2dpblJlcXVlc3QsIHsgaWRlbnRpdHlQcm92aWRlclRva2VuOiBzdHJpbmcgfT4sXG4gIGFwaUtleTogc3RyaW5nLFxuICB2aXNpdG9yOiBWaXNpdG9yLFxuICBtYXlSZWdpc3RlcjogYm9vbGVhbixcbik6IFByb21pc2U8UHJvdmlkZXJTaWduSW4+IHtcbiAgY29uc3QgaWRlbnRpdHkgPSBhd2FpdCB2ZXJpZnlQcm92aWRlclRva2VuKGN0eC5jb25maWcsIGJvZHkuaWRlbnRpdHlQcm92aWRlciwgYm9keS5pZGVudGl0eVByb3ZpZGVyVG9rZW4sIHsgbm9uY2U6IGJvZHkubm9uY2UsIG5vdzogY3R4Lm5vdygpIH0pO1xuICByZXR1cm4gc2lnbkluV2l0aFByb3ZpZGVyKGN0eCwge1xuICAgIGlkZW50aXR5LFxuICAgIHZpc2l0b3IsXG4gICAgYWdyZWVtZW50czogYm9keS5hZ3JlZW1lbnRzLFxuICAgIGF0dHJpYnV0ZXM6IGJvZHkuYXR0cmlidXRlcyxcbiAgICBhcGlLZXksXG4gICAgbWF5UmVnaXN0ZXIsXG4gICAgbm93OiBjdHgubm93KCksXG4gIH0pO1xufVxuXG4vKiogQSBwYXNzd29yZCBzaWduLWluIG9mIHRoZSB2aXNpdG9yIHdob3NlIGFub255bW91cyBVVUlEIHRoZSBib2R5IGNhcnJpZXMuICovXG5mdW5jdGlvbiB2aWFQYXNzd29yZChjdHg6IFNlcnZlckNvbnRleHQsIGJvZHk6IEV4Y2x1ZGU8TG9naW5SZXF1ZXN0LCB7IGlkZW50aXR5UHJvdmlkZXJUb2tlbjogc3RyaW5nIH0+LCBhcGlLZXk6IHN0cmluZywgdmlzaXRvcjogVmlzaXRvciwgYWRkcmVzczogc3RyaW5nKSB7XG4gIHJldHVybiBzaWduSW5XaXRoUGFzc3dvcmQoY3R4LCB7XG4gICAgZW1haWw6IGJvZHkuZW1haWwsXG4gICAgcGFzc3dvcmQ6IGJvZHkucGFzc3dvcmQsXG4gICAgdmlzaXRvcixcbiAgICBhcGlLZXksXG4gICAgYWRkcmVzcyxcbiAgICBub3c6IGN0eC5ub3coKSxcbiAgICBhY2NlcHRlZFRlcm1zVmVyc2lvbjogYm9keS5hY2NlcHRlZFRlcm1zVmVyc2lvbixcbiAgfSk7XG59XG5cbi8qKlxuICogVGhlIHZpc2l0b3Igb2YgYSBzaWduLWluOiB0aGUgYm9keSdzIFVVSUQsIGhlbGQgd2hlbiB0aGUgcmVxdWVzdCBjYXJyaWVzIChhcyBpdHMgYmVhcmVyKSBhIHRva2VuXG4gKiB0aGlzIHNlcnZlciBpc3N1ZWQgZm9yIHRoYXQgVVVJRCdzIGFub255bW91cyBzZXNzaW9uIGFuZCB0aGlzIEFQSSBrZXkuIFdpdGhvdXQgb25lLCB0aGUgc2lnbi1pblxuICogc3RpbGwgc3VjY2VlZHM7IGl0IGp1c3QgbWVyZ2VzIG5vIGFub255bW91cyBoaXN0b3J5LlxuICovXG5hc3luYyBmdW5jdGlvbiB2aXNpdG9yT2YoY3R4OiBTZXJ2ZXJDb250ZXh0LCBjOiBDb250ZXh0LCB1dWlkOiBzdHJpbmcsIGFwaUtleTogc3RyaW5nKTogUHJvbWlzZTxWaXNpdG9yPiB7XG4gIHJldHVybiB7IHV1aWQsIGhvbGRzVG9rZW46IChhd2FpdCBjdHguc2Vzc2lvbnMuYW5vbnltb3VzVXVpZE9mKGJlYXJlclRva2VuKGMpLCBhcGlLZXkpKSA9PT0gdXVpZCB9O1xufVxuXG4vKiogQSBwYXNzd29yZCBzaWduLWluJ3Mgb3V0Y29tZSBhcyBTeW5lcmlzZSdzIGNvbmRpdGlvbmFsIGFuc3dlcjogYSB0b2tlbiwgb3IgdGhlIGNvbmRpdGlvbnMgdGhhdCBzdGFuZCBiZWZvcmUgb25lLiAqL1xuZnVuY3Rpb24gY29uZGl0aW9uYWxBbnN3ZXIoY3R4OiBTZXJ2ZXJDb250ZXh0LCByZXN1bHQ6IFBhc3N3b3JkU2lnbkluKTogQ29uZGl0aW9uYWxMb2dpblJlc3BvbnNlIHtcbiAgc3dpdGNoIChyZXN1bHQuc3RhdHVzKSB7XG4gICAgY2FzZSAnU1VDQ0VTUyc6XG4gICAgICByZXR1cm4geyBzdGF0dXM6ICdTVUNDRVNTJywgY29uZGl0aW9uczogW10sIHRva2VuOiByZXN1bHQudG9rZW4gfTtcbiAgICBjYXNlICdVTkFVVEhPUklaRUQnOlxuICAgICAgcmV0dXJuIHsgc3RhdHVzOiAnVU5BVVRIT1JJWkVEJywgY29uZGl0aW9uczogW10gfTtcbiAgICBjYXNlICdBQ1RJVkFUSU9OX1JFUVVJUkVEJzpcbiAgICAgIHJldHVybiB7IHN0YXR1czogJ0FDVElWQVRJT05fUkVRVUlSRUQnLCBjb25kaXRpb25zOiBbeyB0eXBlOiBjdHguY29uZmlnLnJlZ2lzdHJhdGlvbk1vZGUgPT09ICdwaW4nID8gJ1BJTl9BQ1RJVkFUSU9OJyA6ICdFTUFJTF9BQ1RJVkFUSU9OJyB9XSB9O1xuICAgIGNhc2UgJ0FQUFJPVkFMX1JFUVVJUkVEJzpcbiAgICAgIHJldHVybiB7IHN0YXR1czogJ0FQUFJPVkFMX1JFUVVJUkVEJywgY29uZGl0aW9uczogW3sgdHlwZTogJ0FQUFJPVkFMJyB9XSB9O1xuICAgIGNhc2UgJ1RFUk1TX0FDQ0VQVEFOQ0VfUkVRVUlSRUQnOlxuICAgICAgcmV0dXJuIHtcbiAgICAgICAgc3RhdHVzOiAnVEVSTVNfQUNDRVBUQU5DRV9SRVFVSVJFRCcsXG4gICAgICAgIGNvbmRpdGlvbnM6IFt7IHR5cGU6ICdURVJNU19BQ0NFUFRBTkNFJywgdGVybXNWZXJzaW9uOiByZXN1bHQudGVybXMudmVyc2lvbiwgdGVybXNVcmw6IHJlc3VsdC50ZXJtcy51cmwgfV0sXG4gICAgICB9O1xuICB9XG59XG5cbmV4cG9ydCBmdW5jdGlvbiBhdXRoUm91dGVzKGN0eDogU2VydmVyQ29udGV4dCk6IEhvbm8ge1xuICBjb25zdCBhcHAgPSBuZXcgSG9ubygpO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuYW5vbnltb3VzTG9naW4sICh7IGMsIGJvZHksIGNhbGxlciwgYWRkcmVzcyB9KSA9PlxuICAgIHNpZ25JbkFub255bW91c2x5KGN0eCwgeyB1dWlkOiBib2R5LnV1aWQsIGhlbGRUb2tlbjogYmVhcmVyVG9rZW4oYyksIGFwaUtleTogY2FsbGVyLmFwaUtleSwgYWRkcmVzczogYWRkcmVzcygpLCBub3c6IGN0eC5ub3coKSB9KSxcbiAgKTtcblxuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLmxvZ2luLCBhc3luYyAoeyBjLCBib2R5LCBjYWxsZXIsIGFkZHJlc3MgfSkgPT4ge1xuICAgIGNvbnN0IHZpc2l0b3IgPSBhd2FpdCB2aXNpdG9yT2YoY3R4LCBjLCBib2R5LnV1aWQsIGNhbGxlci5hcGlLZXkpO1xuICAgIC8vIFRoZSB1bmlvbidzIG1lbWJlcnMgZGlmZmVyIGJ5IHRoZWlyIGZpZWxkcyAoYSBwYXNzd29yZCBsb2dpbidzIGBpZGVudGl0eVByb3ZpZGVyYCBpcyBvcHRpb25hbCxcbiAgICAvLyBzbyBUeXBlU2NyaXB0IGNhbm5vdCBuYXJyb3cgb24gaXQgaW4gYW4gZWxzZSBicmFuY2gpLlxuICAgIGlmICgnaWRlbnRpdHlQcm92aWRlclRva2VuJyBpbiBib2R5KSB7XG4gICAgICBjb25zdCByZXN1bHQgPSBhd2FpdCB2aWFQcm92aWRlcihjdHgsIGJvZHksIGNhbGxlci5hcGlLZXksIHZpc2l0b3IsIHRydWUpO1xuICAgICAgaWYgKHJlc3VsdC5zdGF0dXMgIT09ICdTVUNDRVNTJykgdGhyb3cgbmV3IEVycm9yKCdhIHByb3ZpZGVyIHNpZ24taW4gdGhhdCBtYXkgcmVnaXN0ZXIgYWx3YXlzIHN1Y2NlZWRzJyk7XG4gICAgICByZXR1cm4gcmVzdWx0LnRva2VuO1xuICAgIH1cbiAgICBjb25zdCByZXN1bHQgPSBhd2FpdCB2aWFQYXNzd29yZChjdHgsIGJvZHksIGNhbGxlci5hcGlLZXksIHZpc2l0b3IsIGFkZHJlc3MoKSk7XG4gICAgaWYgKHJlc3VsdC5zdGF0dXMgPT09ICdBQ1RJVkFUSU9OX1JFUVVJUkVEJylcbiAgICAgIHRocm93IGZvcmJpZGRlbignQUNUSVZBVElPTl9SRVFVSVJFRCcsICdUaGUgYWNjb3VudCBpcyBub3QgYWN0aXZhdGVkIHlldDogZm9sbG93IHRoZSBsaW5rIGluIHRoZSBhY3RpdmF0aW9uIGVtYWlsJyk7XG4gICAgaWYgKHJlc3VsdC5zdGF0dXMgPT09ICdVTkFVVEhPUklaRUQnKSB0aHJvdyB1bmF1dGhvcml6ZWQoJ0lOVkFMSURfQ1JFREVOVElBTFMnLCAnV3JvbmcgZW1haWwgb3IgcGFzc3dvcmQnKTtcbiAgICBpZiAocmVzdWx0LnN0YXR1cyA9PT0gJ0FQUFJPVkFMX1JFUVVJUkVEJykgdGhyb3cgZm9yYmlkZGVuKCdBUFBST1ZBTF9SRVFVSVJFRCcsICdUaGUgYWNjb3VudCB3YWl0cyBmb3IgdGhlIGFwcHJvdmFsIG9mIHRoZSBzaXRlJyk7XG4gICAgaWYgKHJlc3VsdC5zdGF0dXMgPT09ICdURVJNU19BQ0NFUFRBTkNFX1JFUVVJUkVEJylcbiAgICAgIHRocm93IGZvcmJpZGRlbignVEVSTVNfQUNDRVBUQU5DRV9SRVFVSVJFRCcsIGBUaGUgdGVybXMgKHZlcnNpb24gJHtyZXN1bHQudGVybXMudmVyc2lvbn0pIG11c3QgYmUgYWNjZXB0ZWQgZmlyc3Q6IHNpZ24gaW4gY29uZGl0aW9uYWxseWApO1xuICAgIHJldHVybiByZXN1bHQudG9rZW47XG4gIH0pO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMubG9naW5Db25kaXRpb25hbGx5LCBhc3luYyAoeyBjLCBib2R5LCBjYWxsZXIsIGFkZHJlc3MgfSk6IFByb21pc2U8Q29uZGl0aW9uYWxMb2dpblJlc3BvbnNlPiA9PiB7XG4gICAgY29uc3QgdmlzaXRvciA9IGF3YWl0IHZpc2l0b3JPZihjdHgsIGMsIGJvZHkudXVpZCwgY2FsbGVyLmFwaUtleSk7XG4gICAgaWYgKCdpZGVudGl0eVByb3ZpZGVyVG9rZW4nIGluIGJvZHkpIHtcbiAgICAgIC8vIENvbmRpdGlvbmFsOiBuZXZlciByZWdpc3RlcnM7IGFuIHVua25vd24gaWRlbnRpdHkgYW5zd2VycyBSRUdJU1RSQVRJT05fUkVRVUlSRUQuXG4gICAgICBjb25zdCByZXN1bHQgPSBhd2FpdCB2aWFQcm92aWRlcihjdHgsIGJvZHksIGNhbGxlci5hcGlLZXksIHZpc2l0b3IsIGZhbHNlKTtcbiAgICAgIHJldHVybiByZXN1bHQuc3RhdHVzID09PSAnU1VDQ0VTUydcbiAgICAgICAgPyB7IHN0YXR1czogJ1NVQ0NFU1MnLCBjb25kaXRpb25zOiBbXSwgdG9rZW46IHJlc3VsdC50b2tlbiB9XG4gICAgICAgIDogeyBzdGF0dXM6ICdSRUdJU1RSQVRJT05fUkVRVUlSRUQnLCBjb25kaXRpb25zOiBbeyB0eXBlOiAnUkVHSVNUUkFUSU9OJyB9XSB9O1xuICAgIH1cbiAgICBjb25zdCByZXN1bHQgPSBhd2FpdCB2aWFQYXNzd29yZChjdHgsIGJvZHksIGNhbGxlci5hcGlLZXksIHZpc2l0b3IsIGFkZHJlc3MoKSk7XG4gICAgcmV0dXJuIGNvbmRpdGlvbmFsQW5zd2VyKGN0eCwgcmVzdWx0KTtcbiAgfSk7XG5cbiAgLy8gVGhlIHNlc3Npb24gaXMgcmVhZCBhZnJlc2ggKG5vdCBmcm9tIHRoZSB2ZXJpZmljYXRpb24gY2FjaGUpOiBhIHJldm9jYXRpb24gaXMgbmV2ZXIgb3V0cnVuIGhlcmUuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMucmVmcmVzaFRva2VuLCAoeyBjYWxsZXIgfSkgPT4gcmVmcmVzaFNlc3Npb24oY3R4LCB7IHRva2VuOiBjYWxsZXIudG9rZW4sIG5vdzogY3R4Lm5vdygpIH0pLCB7IG9wdGlvbmFsQm9keTogdHJ1ZSwgZnJlc2g6IHRydWUgfSk7XG5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5zaWduT3V0LCAoeyBib2R5LCBjYWxsZXIgfSkgPT4gc2lnbk91dChjdHgsIHsgdG9rZW46IGNhbGxlci50b2tlbiwgZnJvbUFsbERldmljZXM6IGJvZHkuZnJvbUFsbERldmljZXMgPT09IHRydWUsIG5vdzogY3R4Lm5vdygpIH0pLCB7XG4gICAgb3B0aW9uYWxCb2R5OiB0cnVlLFxuICB9KTtcblxuICByZXR1cm4gYXBwO1xufVxuIiwgImltcG9ydCB7IHJhbmRvbVVVSUQgfSBmcm9tICdub2RlOmNyeXB0byc7XG5pbXBvcnQgdHlwZSB7IFRva2VuUmVzcG9uc2UgfSBmcm9tICcuLi8uLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgeyBpc1VuaXF1ZVZpb2xhdGlvbiB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgeyBjcmVhdGVBbm9ueW1vdXNDbGllbnQsIGZpbmRDbGllbnRCeVV1aWQgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcblxuLyoqXG4gKiBBbiBhbm9ueW1vdXMgc2Vzc2lvbiBmb3IgYSBVVUlELCBpdHMgcHJvZmlsZSBtYWRlIG9uIGZpcnN0IHNpZ2h0LCBhbGwgaW4gb25lIHRyYW5zYWN0aW9uLiBBIFVVSURcbiAqIGlzIG5vIGNyZWRlbnRpYWwgKGl0IHRyYXZlbHMgaW4gZXZlcnkgZXZlbnQ7IGFueW9uZSBtYXkgdHlwZSBvbmUpLCBzbyBhIHByb2ZpbGUgYWxyZWFkeSBtYWRlIGdldHNcbiAqIGEgc2Vzc2lvbiBvbmx5IGZvciBhIHZpc2l0b3Igd2hvIHNob3dzIGEgdG9rZW4gaXNzdWVkIGZvciB0aGF0IFVVSUQgKGBoZWxkVG9rZW5gLCBleHBpcmVkIG9yXG4gKiBub3QpOyBhbnlvbmUgZWxzZSwgYW5kIGFueW9uZSBuYW1pbmcgYSBjdXN0b21lcidzIFVVSUQsIGdldHMgYSBmcmVzaCBhbm9ueW1vdXMgcHJvZmlsZSB1bmRlciBhIG5ld1xuICogVVVJRCwgd2hpY2ggdGhlIGFuc3dlciBjYXJyaWVzLiBUd28gZmlyc3QgdmlzaXRzIHJhY2luZyB3aXRoIG9uZSBVVUlEOiB0aGUgbG9zZXIncyBpbnNlcnQgZmFpbHNcbiAqIGFuZCBpdCByZXRyaWVzLCBmaW5kaW5nIHRoZSByb3cgKGFuZCwgaG9sZGluZyBubyB0b2tlbiBmb3IgaXQsIGdldHMgYSBmcmVzaCBwcm9maWxlKS4gQ291bnRlZCBwZXJcbiAqIGFkZHJlc3MgZmlyc3QgKGBhbm9ueW1vdXNQZXJBZGRyZXNzYCk6IHBhc3QgdGhlIGxpbWl0LCA0MjkgYW5kIG5vdGhpbmcgbWFkZS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHNpZ25JbkFub255bW91c2x5KFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdzZXNzaW9ucycgfCAnbGltaXRlcic+LFxuICBpbnB1dDogeyB1dWlkOiBzdHJpbmc7IGhlbGRUb2tlbjogc3RyaW5nIHwgdW5kZWZpbmVkOyBhcGlLZXk6IHN0cmluZzsgYWRkcmVzczogc3RyaW5nOyBub3c6IG51bWJlciB9LFxuKTogUHJvbWlzZTxUb2tlblJlc3BvbnNlPiB7XG4gIGNvbnN0IHsgdXVpZCwgYXBpS2V5LCBub3cgfSA9IGlucHV0O1xuICBhd2FpdCBkZXBzLmxpbWl0ZXIuYW5vbnltb3VzTG9naW4oaW5wdXQuYWRkcmVzcywgbm93KTtcbiAgY29uc3QgaG9sZHMgPSAoYXdhaXQgZGVwcy5zZXNzaW9ucy5hbm9ueW1vdXNVdWlkT2YoaW5wdXQuaGVsZFRva2VuLCBhcGlLZXkpKSA9PT0gdXVpZDtcbiAgY29uc3QgcnVuID0gKCkgPT5cbiAgICBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgICBjb25zdCBrbm93biA9IGF3YWl0IGZpbmRDbGllbnRCeVV1aWQodHJ4LCB1dWlkKTtcbiAgICAgIGNvbnN0IGNsaWVudCA9ICFrbm93blxuICAgICAgICA/IGF3YWl0IGNyZWF0ZUFub255bW91c0NsaWVudCh0cngsIHV1aWQsIG5vdylcbiAgICAgICAgOiBrbm93bi5zdGF0dXMgPT09ICdhbm9ueW1vdXMnICYmIGhvbGRzXG4gICAgICAgICAgPyBrbm93blxuICAgICAgICAgIDogYXdhaXQgY3JlYXRlQW5vbnltb3VzQ2xpZW50KHRyeCwgcmFuZG9tVVVJRCgpLCBub3cpO1xuICAgICAgY29uc3Qgc2Vzc2lvbiA9IGF3YWl0IGRlcHMuc2Vzc2lvbnMuY3JlYXRlKHRyeCwgeyBjbGllbnRJZDogY2xpZW50LmlkLCBhcGlLZXksIHJlYWxtOiAnYW5vbnltb3VzX2NsaWVudCcsIG9yaWdpbjogJ0FOT05ZTU9VUycsIG5vdyB9KTtcbiAgICAgIHJldHVybiB7IGNsaWVudCwgc2Vzc2lvbiB9O1xuICAgIH0pO1xuICBsZXQgb3BlbmVkO1xuICB0cnkge1xuICAgIG9wZW5lZCA9IGF3YWl0IHJ1bigpO1xuICB9IGNhdGNoIChlcnIpIHtcbiAgICBpZiAoIWlzVW5pcXVlVmlvbGF0aW9uKGVycikpIHRocm93IGVycjtcbiAgICBvcGVuZWQgPSBhd2FpdCBydW4oKTtcbiAgfVxuICByZXR1cm4gZGVwcy5zZXNzaW9ucy5pc3N1ZShvcGVuZWQuc2Vzc2lvbiwgb3BlbmVkLmNsaWVudCwgbm93KTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IFRva2VuUmVzcG9uc2UgfSBmcm9tICcuLi8uLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgeyB1bmF1dGhvcml6ZWQgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHR5cGUgeyBWZXJpZmllZFRva2VuIH0gZnJvbSAnLi4vc2Vzc2lvbnMuanMnO1xuaW1wb3J0IHsgZmluZENsaWVudEJ5SWQsIHRvdWNoQ2xpZW50IH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgeyBtYXJrU2Vzc2lvblJlZnJlc2hlZCB9IGZyb20gJy4uL3N0b3JlL3Nlc3Npb25zLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcblxuLyoqIEEgbmV3IHRva2VuIGZvciBhIGxpdmUgc2Vzc2lvbiAodmVyaWZpZWQgYWZyZXNoIGJ5IHRoZSBjYWxsZXIsIG5ldmVyIGZyb20gdGhlIGNhY2hlKS4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZWZyZXNoU2Vzc2lvbihkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdzZXNzaW9ucyc+LCBpbnB1dDogeyB0b2tlbjogVmVyaWZpZWRUb2tlbjsgbm93OiBudW1iZXIgfSk6IFByb21pc2U8VG9rZW5SZXNwb25zZT4ge1xuICBjb25zdCB7IHNlc3Npb24gfSA9IGlucHV0LnRva2VuO1xuICBjb25zdCB7IG5vdyB9ID0gaW5wdXQ7XG4gIGNvbnN0IGNsaWVudCA9IGF3YWl0IGRlcHMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKGFzeW5jICh0cngpID0+IHtcbiAgICBjb25zdCByb3cgPSBhd2FpdCBmaW5kQ2xpZW50QnlJZCh0cngsIHNlc3Npb24uY2xpZW50X2lkKTtcbiAgICBpZiAoIXJvdykgcmV0dXJuIHVuZGVmaW5lZDtcbiAgICBhd2FpdCBtYXJrU2Vzc2lvblJlZnJlc2hlZCh0cngsIHNlc3Npb24uaWQsIG5vdyk7XG4gICAgaWYgKHNlc3Npb24ucmVhbG0gPT09ICdjbGllbnQnKSBhd2FpdCB0b3VjaENsaWVudCh0cngsIHJvdy5pZCwgbm93KTtcbiAgICByZXR1cm4gcm93O1xuICB9KTtcbiAgaWYgKCFjbGllbnQpIHRocm93IHVuYXV0aG9yaXplZCgnU0VTU0lPTl9SRVZPS0VEJywgJ1RoZSBzZXNzaW9uIGhhcyBlbmRlZCcpO1xuICByZXR1cm4gZGVwcy5zZXNzaW9ucy5pc3N1ZShzZXNzaW9uLCBjbGllbnQsIG5vdyk7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBUcmFuc2FjdGlvbiB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgdHlwZSB7IFRva2VuT3JpZ2luIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXNzaW9uUm93IH0gZnJvbSAnLi4vc2Vzc2lvbnMuanMnO1xuaW1wb3J0IHsgdHlwZSBDbGllbnRSb3csIHRvdWNoQ2xpZW50IH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi4vc3RvcmUvc2NoZW1hLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcbmltcG9ydCB7IG1lcmdlQW5vbnltb3VzUHJvZmlsZSwgdHlwZSBWaXNpdG9yIH0gZnJvbSAnLi9tZXJnZS1hbm9ueW1vdXMuanMnO1xuXG4vKiogV2hhdCBldmVyeSBzaWduLWluIGRvZXMgb25jZSBpdCBrbm93cyB0aGUgY3VzdG9tZXI6IG1lcmdlIHRoZSB2aXNpdG9yJ3MgYW5vbnltb3VzIHByb2ZpbGUgKHdoZW4gdGhleSBob2xkIGl0cyB0b2tlbiksIG5vdGUgdGhlIGFjdGl2aXR5LCBvcGVuIGEgc2Vzc2lvbi4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBvcGVuQ3VzdG9tZXJTZXNzaW9uKFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ3Nlc3Npb25zJz4sXG4gIHRyeDogVHJhbnNhY3Rpb248RGF0YWJhc2U+LFxuICBjdXN0b21lcjogUGljazxDbGllbnRSb3csICdpZCc+LFxuICBpbnB1dDogeyBhcGlLZXk6IHN0cmluZzsgdmlzaXRvcjogVmlzaXRvcjsgb3JpZ2luOiBUb2tlbk9yaWdpbjsgbm93OiBudW1iZXIgfSxcbik6IFByb21pc2U8U2Vzc2lvblJvdz4ge1xuICBhd2FpdCBtZXJnZUFub255bW91c1Byb2ZpbGUodHJ4LCBpbnB1dC52aXNpdG9yLCBjdXN0b21lci5pZCk7XG4gIGF3YWl0IHRvdWNoQ2xpZW50KHRyeCwgY3VzdG9tZXIuaWQsIGlucHV0Lm5vdyk7XG4gIHJldHVybiBkZXBzLnNlc3Npb25zLmNyZWF0ZSh0cngsIHsgY2xpZW50SWQ6IGN1c3RvbWVyLmlkLCBhcGlLZXk6IGlucHV0LmFwaUtleSwgcmVhbG06ICdjbGllbnQnLCBvcmlnaW46IGlucHV0Lm9yaWdpbiwgbm93OiBpbnB1dC5ub3cgfSk7XG59XG4iLCAiaW1wb3J0IHR5cGUgeyBUb2tlblJlc3BvbnNlIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHsgaGFzaFBhc3N3b3JkLCBuZWVkc1JlaGFzaCwgdmVyaWZ5UGFzc3dvcmQgfSBmcm9tICcuLi9jcnlwdG8vcGFzc3dvcmQuanMnO1xuaW1wb3J0IHsgZmluZENsaWVudEJ5RW1haWwsIGlzQ3VzdG9tZXIsIHJlY29yZFRlcm1zQWNjZXB0YW5jZSwgdXBncmFkZVBhc3N3b3JkSGFzaCB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgb3BlbkN1c3RvbWVyU2Vzc2lvbiB9IGZyb20gJy4vY3VzdG9tZXItc2Vzc2lvbi5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5pbXBvcnQgdHlwZSB7IFZpc2l0b3IgfSBmcm9tICcuL21lcmdlLWFub255bW91cy5qcyc7XG5cbmV4cG9ydCB0eXBlIFBhc3N3b3JkU2lnbkluID1cbiAgfCB7IHN0YXR1czogJ1NVQ0NFU1MnOyB0b2tlbjogVG9rZW5SZXNwb25zZSB9XG4gIHwgeyBzdGF0dXM6ICdVTkFVVEhPUklaRUQnIH1cbiAgfCB7IHN0YXR1czogJ0FDVElWQVRJT05fUkVRVUlSRUQnIH1cbiAgfCB7IHN0YXR1czogJ0FQUFJPVkFMX1JFUVVJUkVEJyB9XG4gIHwgeyBzdGF0dXM6ICdURVJNU19BQ0NFUFRBTkNFX1JFUVVJUkVEJzsgdGVybXM6IHsgdmVyc2lvbjogc3RyaW5nOyB1cmw6IHN0cmluZyB9IH07XG5cbi8qKlxuICogQ2hlY2tzIGVtYWlsIGFuZCBwYXNzd29yZCBhbmQsIHdoZW4gdGhleSBtYXRjaCBhbiBhY3RpdmUgY3VzdG9tZXIgd2hvIGhhcyBhY2NlcHRlZCB0aGUgc2l0ZSdzXG4gKiBjdXJyZW50IHRlcm1zIChgU05SX1RFUk1TX1ZFUlNJT05gOyBhY2NlcHRlZCBvbiB0aGUgd2F5IHdoZW4gYGFjY2VwdGVkVGVybXNWZXJzaW9uYCBuYW1lcyB0aGVtKSxcbiAqIG9wZW5zIGEgc2Vzc2lvbiAodGhlIHZpc2l0b3IncyBhbm9ueW1vdXMgcHJvZmlsZSBtZXJnZWQgaW4pLiBBbiBhY2NvdW50IHdhaXRpbmcgZm9yIGFjdGl2YXRpb24gb3JcbiAqIGFwcHJvdmFsLCBvciBmb3IgdGhlIHRlcm1zLCBhbnN3ZXJzIHdoYXQgaXQgd2FpdHMgZm9yLCBhbmQgb25seSB0byB0aGUgcmlnaHQgcGFzc3dvcmQuIEFuIHVua25vd24gZW1haWwgaXMgY2hlY2tlZCBhZ2FpbnN0IGEgZHVtbXkgaGFzaCwgc28gaXQgY29zdHMgdGhlXG4gKiB0aW1lIGEgd3JvbmcgcGFzc3dvcmQgY29zdHMuIFRoZSBhdHRlbXB0IGlzIGNvdW50ZWQgYmVmb3JlIHRoZSBoYXNoIHJ1bnMgKHBhcmFsbGVsIGd1ZXNzZXMgYXJlXG4gKiBlYWNoIGNvdW50ZWQpOyBhIHN1Y2Nlc3MgdGFrZXMgaXQgYmFjay4gQSBoYXNoIG1hZGUgd2l0aCBmZXdlciBpdGVyYXRpb25zIHRoYW4gY29uZmlndXJlZCBpc1xuICogdXBncmFkZWQgb24gdGhlIHdheS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHNpZ25JbldpdGhQYXNzd29yZChcbiAgZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYicgfCAnc2Vzc2lvbnMnIHwgJ2xpbWl0ZXInIHwgJ2NvbmZpZycgfCAnZHVtbXlIYXNoJz4sXG4gIGlucHV0OiB7IGVtYWlsOiBzdHJpbmc7IHBhc3N3b3JkOiBzdHJpbmc7IHZpc2l0b3I6IFZpc2l0b3I7IGFwaUtleTogc3RyaW5nOyBhZGRyZXNzOiBzdHJpbmc7IG5vdzogbnVtYmVyOyBhY2NlcHRlZFRlcm1zVmVyc2lvbj86IHN0cmluZyB8IHVuZGVmaW5lZCB9LFxuKTogUHJvbWlzZTxQYXNzd29yZFNpZ25Jbj4ge1xuICBjb25zdCB7IGVtYWlsLCBwYXNzd29yZCwgbm93IH0gPSBpbnB1dDtcbiAgY29uc3QgYXR0ZW1wdCA9IGF3YWl0IGRlcHMubGltaXRlci5zaWduSW5BdHRlbXB0KGVtYWlsLCBpbnB1dC5hZGRyZXNzLCBub3cpO1xuICBjb25zdCBjbGllbnQgPSBhd2FpdCBmaW5kQ2xpZW50QnlFbWFpbChkZXBzLmRiLCBlbWFpbCk7XG4gIGNvbnN0IG1hdGNoZXMgPSBhd2FpdCB2ZXJpZnlQYXNzd29yZChwYXNzd29yZCwgY2xpZW50Py5wYXNzd29yZF9oYXNoID8/IGRlcHMuZHVtbXlIYXNoKTtcbiAgaWYgKCFjbGllbnQ/LnBhc3N3b3JkX2hhc2ggfHwgIW1hdGNoZXMgfHwgIWlzQ3VzdG9tZXIoY2xpZW50KSkge1xuICAgIGF0dGVtcHQucmVmdXNlZCgpO1xuICAgIHJldHVybiB7IHN0YXR1czogJ1VOQVVUSE9SSVpFRCcgfTtcbiAgfVxuICBhd2FpdCBhdHRlbXB0LnN1Y2NlZWRlZCgpO1xuICBpZiAoY2xpZW50LnN0YXR1cyA9PT0gJ3BlbmRpbmdfYWN0aXZhdGlvbicpIHJldHVybiB7IHN0YXR1czogJ0FDVElWQVRJT05fUkVRVUlSRUQnIH07XG4gIGlmIChjbGllbnQuc3RhdHVzID09PSAncGVuZGluZ19hcHByb3ZhbCcpIHJldHVybiB7IHN0YXR1czogJ0FQUFJPVkFMX1JFUVVJUkVEJyB9O1xuICBjb25zdCB0ZXJtcyA9IGRlcHMuY29uZmlnLnRlcm1zO1xuICBjb25zdCBhY2NlcHRzVGVybXNOb3cgPSB0ZXJtcyAhPT0gdW5kZWZpbmVkICYmIGNsaWVudC50ZXJtc192ZXJzaW9uICE9PSB0ZXJtcy52ZXJzaW9uICYmIGlucHV0LmFjY2VwdGVkVGVybXNWZXJzaW9uID09PSB0ZXJtcy52ZXJzaW9uO1xuICBpZiAodGVybXMgJiYgY2xpZW50LnRlcm1zX3ZlcnNpb24gIT09IHRlcm1zLnZlcnNpb24gJiYgIWFjY2VwdHNUZXJtc05vdykgcmV0dXJuIHsgc3RhdHVzOiAnVEVSTVNfQUNDRVBUQU5DRV9SRVFVSVJFRCcsIHRlcm1zIH07XG4gIGlmIChuZWVkc1JlaGFzaChjbGllbnQucGFzc3dvcmRfaGFzaCwgZGVwcy5jb25maWcucGJrZGYySXRlcmF0aW9ucykpIHtcbiAgICBhd2FpdCB1cGdyYWRlUGFzc3dvcmRIYXNoKGRlcHMuZGIsIGNsaWVudC5pZCwgY2xpZW50LnBhc3N3b3JkX2hhc2gsIGF3YWl0IGhhc2hQYXNzd29yZChwYXNzd29yZCwgZGVwcy5jb25maWcucGJrZGYySXRlcmF0aW9ucykpO1xuICB9XG4gIGNvbnN0IHNlc3Npb24gPSBhd2FpdCBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgaWYgKGFjY2VwdHNUZXJtc05vdykgYXdhaXQgcmVjb3JkVGVybXNBY2NlcHRhbmNlKHRyeCwgY2xpZW50LmlkLCB0ZXJtcy52ZXJzaW9uLCBub3cpO1xuICAgIHJldHVybiBvcGVuQ3VzdG9tZXJTZXNzaW9uKGRlcHMsIHRyeCwgY2xpZW50LCB7IGFwaUtleTogaW5wdXQuYXBpS2V5LCB2aXNpdG9yOiBpbnB1dC52aXNpdG9yLCBvcmlnaW46ICdTWU5FUklTRScsIG5vdyB9KTtcbiAgfSk7XG4gIHJldHVybiB7IHN0YXR1czogJ1NVQ0NFU1MnLCB0b2tlbjogYXdhaXQgZGVwcy5zZXNzaW9ucy5pc3N1ZShzZXNzaW9uLCBjbGllbnQsIG5vdykgfTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB7IHR5cGUgQ2xpZW50Um93LCBzdGF0dXNPbmNlRW1haWxQcm92ZWQsIHVwZGF0ZUNsaWVudCB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgaGFzUHJvdmlkZXJMaW5rcywgdW5saW5rQWxsUHJvdmlkZXJzIH0gZnJvbSAnLi4vc3RvcmUvaWRlbnRpdGllcy5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi4vc3RvcmUvc2NoZW1hLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcblxuLyoqXG4gKiBIb3cgdGhlIGVtYWlsJ3Mgb3duZXIgcHJvdmVkIHRoZSBhZGRyZXNzLCB3aGljaCBkZWNpZGVzIHdoYXQgb2YgdGhlIGFjY291bnQgdGhleSBtYWRlOlxuICogLSBgdmVyaWZpZWQtcHJvdmlkZXJgOiBhIHByb3ZpZGVyIHZvdWNoZWQgZm9yIHRoZSBhZGRyZXNzIGF0IHNpZ24taW47IHRoZSBjYWxsZXIgbGlua3MgdGhhdFxuICogICBpZGVudGl0eSBuZXh0LCBhbmQgbm90aGluZyBlbHNlIGluIHRoZSBhY2NvdW50IGlzIHRoZSBvd25lcidzLlxuICogLSBgYmFja2VuZC1yZWNvZ25pdGlvbmA6IHRoZSBzaXRlJ3MgYmFja2VuZCB2b3VjaGVzIGZvciB0aGUgYWRkcmVzczsgbm90aGluZyBpbiB0aGUgYWNjb3VudCBpc1xuICogICB0aGUgb3duZXIncyAodGhlIGJhY2tlbmQncyBvd24gZGF0YSBjb21lcyBhZnRlcikuXG4gKiAtIGBwYXNzd29yZC1yZXNldGA6IGEgcmVzZXQgbGluayB3YXMgZm9sbG93ZWQ7IHRoZSBuZXcgcGFzc3dvcmQgKHNldCBieSB0aGUgY2FsbGVyKSBpcyB0aGVcbiAqICAgb3duZXIncywgbm90aGluZyBvbGRlciBpcy5cbiAqIC0gYGVtYWlsLWxpbmtgOiBhbiBhY3RpdmF0aW9uIG9yIGNvbmZpcm1hdGlvbiBsaW5rIHdhcyBmb2xsb3dlZC4gVGhlIGxpbmsgd2FzIG1pbnRlZCBmb3IgdGhlXG4gKiAgIHJlZ2lzdHJhdGlvbiB0aGF0IHNldCB0aGUgcGFzc3dvcmQgKGEgcHJvdmlkZXIgc2lnbi11cCBzZXRzIG5vbmUgYW5kIG1haWxzIG5vIGxpbmspLCBzbyB0aGVcbiAqICAgcGFzc3dvcmQgc3RheXM7IHRoZSBwcm92aWRlciBsaW5rcywgbWFkZSB3aXRoIGFuIGFkZHJlc3MgdGhlaXIgcHJvdmlkZXIgbmV2ZXIgdmVyaWZpZWQsIGdvLlxuICovXG5leHBvcnQgdHlwZSBFbWFpbFByb29mID0gJ3ZlcmlmaWVkLXByb3ZpZGVyJyB8ICdiYWNrZW5kLXJlY29nbml0aW9uJyB8ICdwYXNzd29yZC1yZXNldCcgfCAnZW1haWwtbGluayc7XG5cbmNvbnN0IFJFQVNPTlM6IFJlY29yZDxFbWFpbFByb29mLCBzdHJpbmc+ID0ge1xuICAndmVyaWZpZWQtcHJvdmlkZXInOiAnbGlua2VkLXVuY29uZmlybWVkLWFjY291bnQnLFxuICAnYmFja2VuZC1yZWNvZ25pdGlvbic6ICdyZWNvZ25pemVkLXVuY29uZmlybWVkLWFjY291bnQnLFxuICAncGFzc3dvcmQtcmVzZXQnOiAncGFzc3dvcmQtcmVzZXQtY2xhaW1lZC1hY2NvdW50JyxcbiAgJ2VtYWlsLWxpbmsnOiAnY29uZmlybWVkLWNsYWltZWQtYWNjb3VudCcsXG59O1xuXG4vKipcbiAqIFRha2VzIGFuIGFjY291bnQgYmFjayBmb3IgdGhlIG93bmVyIG9mIGl0cyBlbWFpbCwgb25jZSBzb21lb25lIGhhcyBwcm92ZWQgdGhhdCBhZGRyZXNzIChzZWVcbiAqIGBFbWFpbFByb29mYCkuIEFuIGFjY291bnQgd2hvc2UgZW1haWwgd2FzIG5ldmVyIGNvbmZpcm1lZCBtYXkgaGF2ZSBiZWVuIG1hZGUgYnkgc29tZW9uZSBlbHNlIGluXG4gKiB0aGUgb3duZXIncyBuYW1lIChwcmUtaGlqYWNraW5nOiBhIHBhc3N3b3JkIHJlZ2lzdHJhdGlvbiwgb3IgYSBwcm92aWRlciBzaWduLWluIHdpdGggYW4gYWRkcmVzc1xuICogdGhlIHByb3ZpZGVyIGRpZCBub3QgdmVyaWZ5KSwgc28gZXZlcnkgd2F5IGluIHRoYXQgdGhlIHByb29mIGRvZXMgbm90IHZvdWNoIGZvciBnb2VzOiBldmVyeVxuICogcHJvdmlkZXIgbGluaywgZXZlcnkgc2Vzc2lvbiwgYW5kIHRoZSBwYXNzd29yZCB1bmxlc3MgdGhlIHByb29mIHZvdWNoZXMgZm9yIGl0LiBUaGUgYWNjb3VudCBpc1xuICogdGhlbiBjb25maXJtZWQsIGFuZCBhY3RpdmUgdW5sZXNzIGl0IHdhaXRzIGZvciB0aGUgc2l0ZSdzIGFwcHJvdmFsLiBBIGNvbmZpcm1lZCBhY2NvdW50IChpdHMgb3duZXIgcHJvdmVkIHRoZSBhZGRyZXNzIGJlZm9yZSBhbnkgbGlua1xuICogY291bGQgYmUgYWRkZWQpLCBhbmQgb25lIG5vYm9keSBjYW4gZ2V0IGludG8gKG1hZGUgYnkgcmVjb2duaXRpb24sIG9yIGFscmVhZHkgdGFrZW4gYmFjazogaXRzXG4gKiBzZXNzaW9ucyBhcmUgdGhlIG9uZXMgdGhlIHNpdGUncyBiYWNrZW5kIHJlY29nbml6ZWQsIHRyYWNraW5nIG9ubHkpLCBhcmUgcmV0dXJuZWQgYXMgdGhleSBhcmUuXG4gKlxuICogVGhlIG9uZSBpbXBsZW1lbnRhdGlvbiBvZiBERVNJR04ubWQgXHUwMEE3MTIncyBydWxlOiBwcm92aWRlciBzaWduLWluLCByZWNvZ25pdGlvbiwgcGFzc3dvcmQgcmVzZXQgYW5kXG4gKiBhY3RpdmF0aW9uL2NvbmZpcm1hdGlvbiBsaW5rcyBhbGwgY2FsbCBpdC5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGNsYWltQWNjb3VudEZvckVtYWlsT3duZXIoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnc2Vzc2lvbnMnPixcbiAgdHJ4OiBUcmFuc2FjdGlvbjxEYXRhYmFzZT4sXG4gIGFjY291bnQ6IENsaWVudFJvdyxcbiAgaW5wdXQ6IHsgcHJvb2Y6IEVtYWlsUHJvb2Y7IG5vdzogbnVtYmVyIH0sXG4pOiBQcm9taXNlPENsaWVudFJvdz4ge1xuICBpZiAoYWNjb3VudC5lbWFpbF9jb25maXJtZWQgPT09IDEpIHJldHVybiBhY2NvdW50O1xuICBjb25zdCBsaW5rZWQgPSBhd2FpdCBoYXNQcm92aWRlckxpbmtzKHRyeCwgYWNjb3VudC5pZCk7XG4gIGlmIChhY2NvdW50LnBhc3N3b3JkX2hhc2ggPT09IG51bGwgJiYgIWxpbmtlZCkgcmV0dXJuIGFjY291bnQ7XG4gIC8vIEFuIGVtYWlsIGxpbmsgdm91Y2hlcyBmb3IgdGhlIHBhc3N3b3JkIGl0cyByZWdpc3RyYXRpb24gc2V0OyB3aXRoIG5vIHByb3ZpZGVyIGxpbmssIG5vYm9keSBlbHNlIGdvdCBpbi5cbiAgaWYgKGlucHV0LnByb29mID09PSAnZW1haWwtbGluaycgJiYgIWxpbmtlZCkgcmV0dXJuIGFjY291bnQ7XG4gIGNvbnN0IGtlZXBQYXNzd29yZCA9IGlucHV0LnByb29mID09PSAnZW1haWwtbGluayc7XG4gIGF3YWl0IHVubGlua0FsbFByb3ZpZGVycyh0cngsIGFjY291bnQuaWQpO1xuICBhd2FpdCBkZXBzLnNlc3Npb25zLnJldm9rZUNsaWVudFNlc3Npb25zKHRyeCwgYWNjb3VudC5pZCwgUkVBU09OU1tpbnB1dC5wcm9vZl0sIGlucHV0Lm5vdyk7XG4gIHJldHVybiB1cGRhdGVDbGllbnQodHJ4LCBhY2NvdW50LmlkLCB7XG4gICAgc3RhdHVzOiBzdGF0dXNPbmNlRW1haWxQcm92ZWQoYWNjb3VudCksXG4gICAgZW1haWxfY29uZmlybWVkOiAxLFxuICAgIC4uLihrZWVwUGFzc3dvcmQgPyB7fSA6IHsgcGFzc3dvcmRfaGFzaDogbnVsbCB9KSxcbiAgICB1cGRhdGVkX2F0OiBpbnB1dC5ub3csXG4gIH0pO1xufVxuIiwgImltcG9ydCB7IHR5cGUgQWdyZWVtZW50cywgcHJvZmlsZUZpZWxkcywgdHlwZSBUb2tlblJlc3BvbnNlIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHsgY29uZmxpY3QsIGZvcmJpZGRlbiwgaXNVbmlxdWVWaW9sYXRpb24gfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHR5cGUgeyBQcm92aWRlcklkZW50aXR5IH0gZnJvbSAnLi4vcHJvdmlkZXJzL2lkZW50aXR5LmpzJztcbmltcG9ydCB7XG4gIGJlY29tZUN1c3RvbWVyLFxuICB0eXBlIENsaWVudFJvdyxcbiAgZmluZENsaWVudEJ5RW1haWwsXG4gIGZpbmRDbGllbnRCeUlkLFxuICBpc0N1c3RvbWVyLFxuICBwcm9maWxlQ2hhbmdlcyxcbiAgc3RhdHVzT25jZUVtYWlsUHJvdmVkLFxuICB1cGRhdGVDbGllbnQsXG59IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgZmluZExpbmtlZENsaWVudElkLCBsaW5rSWRlbnRpdHkgfSBmcm9tICcuLi9zdG9yZS9pZGVudGl0aWVzLmpzJztcbmltcG9ydCB7IGNsYWltQWNjb3VudEZvckVtYWlsT3duZXIgfSBmcm9tICcuL2NsYWltLWFjY291bnQuanMnO1xuaW1wb3J0IHsgb3BlbkN1c3RvbWVyU2Vzc2lvbiB9IGZyb20gJy4vY3VzdG9tZXItc2Vzc2lvbi5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5pbXBvcnQgeyB1dWlkRm9yTmV3Q3VzdG9tZXIsIHR5cGUgVmlzaXRvciB9IGZyb20gJy4vbWVyZ2UtYW5vbnltb3VzLmpzJztcblxuLyoqIFByb3ZpZGVyIGRhdGEgcGFzc2VzIHRoZSBzYW1lIGZpZWxkIHJ1bGVzIGFzIGEgY3VzdG9tZXIncyBvd24gaW5wdXQ7IHdoYXQgZmFpbHMgaXMgZHJvcHBlZC4gKi9cbmZ1bmN0aW9uIGFjY2VwdGVkUHJvZmlsZShwcm9maWxlOiBSZWNvcmQ8c3RyaW5nLCBzdHJpbmc+KTogUmVjb3JkPHN0cmluZywgc3RyaW5nPiB7XG4gIGNvbnN0IG91dDogUmVjb3JkPHN0cmluZywgc3RyaW5nPiA9IHt9O1xuICBmb3IgKGNvbnN0IFtmaWVsZCwgdmFsdWVdIG9mIE9iamVjdC5lbnRyaWVzKHByb2ZpbGUpKSB7XG4gICAgY29uc3Qgc2NoZW1hID0gKHByb2ZpbGVGaWVsZHMgYXMgUmVjb3JkPHN0cmluZywgeyBzYWZlUGFyc2UodjogdW5rbm93bik6IHsgc3VjY2VzczogYm9vbGVhbiB9IH0+KVtmaWVsZF07XG4gICAgaWYgKHNjaGVtYT8uc2FmZVBhcnNlKHZhbHVlKS5zdWNjZXNzKSBvdXRbZmllbGRdID0gdmFsdWU7XG4gIH1cbiAgcmV0dXJuIG91dDtcbn1cblxuZXhwb3J0IHR5cGUgUHJvdmlkZXJTaWduSW4gPSB7IHN0YXR1czogJ1NVQ0NFU1MnOyB0b2tlbjogVG9rZW5SZXNwb25zZSB9IHwgeyBzdGF0dXM6ICdSRUdJU1RSQVRJT05fUkVRVUlSRUQnIH07XG5cbi8qKlxuICogU2lnbnMgYSBjdXN0b21lciBpbiB0aHJvdWdoIGEgcHJvdmlkZXIgaWRlbnRpdHkgKGl0cyB0b2tlbiBhbHJlYWR5IHZlcmlmaWVkKTogdGhlIGxpbmtlZFxuICogYWNjb3VudDsgZWxzZSB0aGUgYWNjb3VudCB3aXRoIHRoZSBzYW1lIGVtYWlsLCBsaW5rZWQgbm93LCBidXQgb25seSB3aGVuIHRoZSBwcm92aWRlciB2ZXJpZmllZFxuICogdGhhdCBlbWFpbCAoYW4gdW52ZXJpZmllZCBvbmUgbmV2ZXIgdGFrZXMgYW4gYWNjb3VudCBvdmVyKSBcdTIwMTQgYW4gYWNjb3VudCBuZXZlciBjb25maXJtZWQgaXMgZmlyc3RcbiAqIHRha2VuIGJhY2sgZm9yIHRoZSBlbWFpbCdzIG93bmVyIChjbGFpbS1hY2NvdW50LnRzKTsgZWxzZSwgd2hlbiBgbWF5UmVnaXN0ZXJgLCBhIG5ldyBjdXN0b21lciBtYWRlXG4gKiBmcm9tIHRoZSBwcm92aWRlcidzIHByb2ZpbGUgcGx1cyB0aGUgcmVxdWVzdCdzIGFncmVlbWVudHMgYW5kIGF0dHJpYnV0ZXMuIFRoZSB2aXNpdG9yJ3MgYW5vbnltb3VzXG4gKiBwcm9maWxlIGlzIG1lcmdlZCBhcyBhdCBhbnkgc2lnbi1pbiAob25seSBmb3IgYSB2aXNpdG9yIGhvbGRpbmcgaXRzIHRva2VuKS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHNpZ25JbldpdGhQcm92aWRlcihcbiAgZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYicgfCAnc2Vzc2lvbnMnPixcbiAgaW5wdXQ6IHtcbiAgICBpZGVudGl0eTogUHJvdmlkZXJJZGVudGl0eTtcbiAgICB2aXNpdG9yOiBWaXNpdG9yO1xuICAgIGFncmVlbWVudHM/OiBQYXJ0aWFsPEFncmVlbWVudHM+O1xuICAgIGF0dHJpYnV0ZXM/OiBSZWNvcmQ8c3RyaW5nLCB1bmtub3duPjtcbiAgICBhcGlLZXk6IHN0cmluZztcbiAgICBtYXlSZWdpc3RlcjogYm9vbGVhbjtcbiAgICBub3c6IG51bWJlcjtcbiAgfSxcbik6IFByb21pc2U8UHJvdmlkZXJTaWduSW4+IHtcbiAgY29uc3QgeyBpZGVudGl0eSwgbm93IH0gPSBpbnB1dDtcbiAgY29uc3QgcnVuID0gKCkgPT5cbiAgICBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgICBjb25zdCBsaW5rZWRJZCA9IGF3YWl0IGZpbmRMaW5rZWRDbGllbnRJZCh0cngsIGlkZW50aXR5LnByb3ZpZGVyLCBpZGVudGl0eS5zdWJqZWN0KTtcbiAgICAgIGxldCBjdXN0b21lcjogQ2xpZW50Um93IHwgdW5kZWZpbmVkID0gbGlua2VkSWQgPT09IHVuZGVmaW5lZCA/IHVuZGVmaW5lZCA6IGF3YWl0IGZpbmRDbGllbnRCeUlkKHRyeCwgbGlua2VkSWQpO1xuICAgICAgaWYgKGN1c3RvbWVyICYmICFpc0N1c3RvbWVyKGN1c3RvbWVyKSkgY3VzdG9tZXIgPSB1bmRlZmluZWQ7XG5cbiAgICAgIGlmICghY3VzdG9tZXIgJiYgaWRlbnRpdHkuZW1haWwpIHtcbiAgICAgICAgY29uc3QgZXhpc3RpbmcgPSBhd2FpdCBmaW5kQ2xpZW50QnlFbWFpbCh0cngsIGlkZW50aXR5LmVtYWlsKTtcbiAgICAgICAgaWYgKGV4aXN0aW5nICYmIGlzQ3VzdG9tZXIoZXhpc3RpbmcpKSB7XG4gICAgICAgICAgaWYgKCFpZGVudGl0eS5lbWFpbFZlcmlmaWVkKSB7XG4gICAgICAgICAgICB0aHJvdyBjb25mbGljdCgnRU1BSUxfVEFLRU4nLCAnQW4gYWNjb3VudCB3aXRoIHRoaXMgZW1haWwgZXhpc3RzOiBzaWduIGluIHdpdGggeW91ciBwYXNzd29yZCBmaXJzdCcsIFtcbiAgICAgICAgICAgICAgeyBmaWVsZDogJ2VtYWlsJywgY29kZTogJ3Rha2VuJywgbWVzc2FnZTogJ0FuIGFjY291bnQgd2l0aCB0aGlzIGVtYWlsIGV4aXN0cycgfSxcbiAgICAgICAgICAgIF0pO1xuICAgICAgICAgIH1cbiAgICAgICAgICAvLyBUaGUgcHJvdmlkZXIgcHJvdmVkIHRoZSBhZGRyZXNzOiB0aGUgb3duZXIgZ2V0cyB0aGUgYWNjb3VudCwgYW5kIGEgcGVuZGluZyBvbmUgaXMgdGhlcmVieSBhY3RpdmF0ZWQuXG4gICAgICAgICAgY29uc3QgY2xhaW1lZCA9IGF3YWl0IGNsYWltQWNjb3VudEZvckVtYWlsT3duZXIoZGVwcywgdHJ4LCBleGlzdGluZywgeyBwcm9vZjogJ3ZlcmlmaWVkLXByb3ZpZGVyJywgbm93IH0pO1xuICAgICAgICAgIGN1c3RvbWVyID1cbiAgICAgICAgICAgIGNsYWltZWQgIT09IGV4aXN0aW5nXG4gICAgICAgICAgICAgID8gY2xhaW1lZFxuICAgICAgICAgICAgICA6IGF3YWl0IHVwZGF0ZUNsaWVudCh0cngsIGV4aXN0aW5nLmlkLCB7IHN0YXR1czogc3RhdHVzT25jZUVtYWlsUHJvdmVkKGV4aXN0aW5nKSwgZW1haWxfY29uZmlybWVkOiAxLCB1cGRhdGVkX2F0OiBub3cgfSk7XG4gICAgICAgIH1cbiAgICAgIH1cblxuICAgICAgaWYgKCFjdXN0b21lcikge1xuICAgICAgICBpZiAoIWlucHV0Lm1heVJlZ2lzdGVyKSByZXR1cm4gbnVsbDtcbiAgICAgICAgY29uc3QgZmllbGRzID0ge1xuICAgICAgICAgIC4uLnByb2ZpbGVDaGFuZ2VzKHsgLi4uYWNjZXB0ZWRQcm9maWxlKGlkZW50aXR5LnByb2ZpbGUpLCBhZ3JlZW1lbnRzOiBpbnB1dC5hZ3JlZW1lbnRzLCBhdHRyaWJ1dGVzOiBpbnB1dC5hdHRyaWJ1dGVzIH0pLFxuICAgICAgICAgIGVtYWlsOiBpZGVudGl0eS5lbWFpbCA/PyBudWxsLFxuICAgICAgICAgIHBhc3N3b3JkX2hhc2g6IG51bGwsXG4gICAgICAgICAgc3RhdHVzOiAnYWN0aXZlJyBhcyBjb25zdCxcbiAgICAgICAgICBlbWFpbF9jb25maXJtZWQ6IGlkZW50aXR5LmVtYWlsVmVyaWZpZWQgPyAxIDogMCxcbiAgICAgICAgICB1cGRhdGVkX2F0OiBub3csXG4gICAgICAgICAgbGFzdF9hY3Rpdml0eV9hdDogbm93LFxuICAgICAgICB9O1xuICAgICAgICBjdXN0b21lciA9IGF3YWl0IGJlY29tZUN1c3RvbWVyKHRyeCwgYXdhaXQgdXVpZEZvck5ld0N1c3RvbWVyKHRyeCwgaW5wdXQudmlzaXRvciksIGZpZWxkcywgbm93KTtcbiAgICAgIH1cblxuICAgICAgLy8gUHJvdmluZyBhbiBhZGRyZXNzIHRocm91Z2ggYSBwcm92aWRlciBkb2VzIG5vdCBzdGFuZCBpbiBmb3IgdGhlIHNpdGUncyBhcHByb3ZhbC5cbiAgICAgIGlmIChjdXN0b21lci5zdGF0dXMgPT09ICdwZW5kaW5nX2FwcHJvdmFsJykgdGhyb3cgZm9yYmlkZGVuKCdBUFBST1ZBTF9SRVFVSVJFRCcsICdUaGUgYWNjb3VudCB3YWl0cyBmb3IgdGhlIGFwcHJvdmFsIG9mIHRoZSBzaXRlJyk7XG4gICAgICBpZiAobGlua2VkSWQgIT09IGN1c3RvbWVyLmlkKSBhd2FpdCBsaW5rSWRlbnRpdHkodHJ4LCBpZGVudGl0eS5wcm92aWRlciwgaWRlbnRpdHkuc3ViamVjdCwgY3VzdG9tZXIuaWQsIG5vdyk7XG4gICAgICBjb25zdCBzZXNzaW9uID0gYXdhaXQgb3BlbkN1c3RvbWVyU2Vzc2lvbihkZXBzLCB0cngsIGN1c3RvbWVyLCB7IGFwaUtleTogaW5wdXQuYXBpS2V5LCB2aXNpdG9yOiBpbnB1dC52aXNpdG9yLCBvcmlnaW46IGlkZW50aXR5LnByb3ZpZGVyLCBub3cgfSk7XG4gICAgICByZXR1cm4geyBjdXN0b21lciwgc2Vzc2lvbiB9O1xuICAgIH0pO1xuXG4gIGxldCByZXN1bHQ7XG4gIHRyeSB7XG4gICAgcmVzdWx0ID0gYXdhaXQgcnVuKCk7XG4gIH0gY2F0Y2ggKGVycikge1xuICAgIC8vIFR3byBmaXJzdCBzaWduLWlucyBvZiBvbmUgbmV3IGlkZW50aXR5IGF0IG9uY2U6IHRoZSBsb3NlciBmaW5kcyB0aGUgd2lubmVyJ3MgbGluay5cbiAgICBpZiAoIWlzVW5pcXVlVmlvbGF0aW9uKGVycikpIHRocm93IGVycjtcbiAgICByZXN1bHQgPSBhd2FpdCBydW4oKTtcbiAgfVxuICBpZiAoIXJlc3VsdCkgcmV0dXJuIHsgc3RhdHVzOiAnUkVHSVNUUkFUSU9OX1JFUVVJUkVEJyB9O1xuICByZXR1cm4geyBzdGF0dXM6ICdTVUNDRVNTJywgdG9rZW46IGF3YWl0IGRlcHMuc2Vzc2lvbnMuaXNzdWUocmVzdWx0LnNlc3Npb24sIHJlc3VsdC5jdXN0b21lciwgbm93KSB9O1xufVxuIiwgImltcG9ydCB0eXBlIHsgVmVyaWZpZWRUb2tlbiB9IGZyb20gJy4uL3Nlc3Npb25zLmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcblxuLyoqIEVuZHMgdGhlIGNhbGxlcidzIHNlc3Npb24sIG9yLCBmb3IgYSBjdXN0b21lciB3aG8gYXNrcywgZXZlcnkgc2Vzc2lvbiBvZiB0aGUgYWNjb3VudC4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBzaWduT3V0KFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdzZXNzaW9ucyc+LFxuICBpbnB1dDogeyB0b2tlbjogVmVyaWZpZWRUb2tlbjsgZnJvbUFsbERldmljZXM6IGJvb2xlYW47IG5vdzogbnVtYmVyIH0sXG4pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgeyBzZXNzaW9uLCBjbGFpbXMgfSA9IGlucHV0LnRva2VuO1xuICBpZiAoaW5wdXQuZnJvbUFsbERldmljZXMgJiYgY2xhaW1zLnJsbSA9PT0gJ2NsaWVudCcpIGF3YWl0IGRlcHMuc2Vzc2lvbnMucmV2b2tlQ2xpZW50U2Vzc2lvbnMoZGVwcy5kYiwgc2Vzc2lvbi5jbGllbnRfaWQsICdzaWduZWQtb3V0LWV2ZXJ5d2hlcmUnLCBpbnB1dC5ub3cpO1xuICBlbHNlIGF3YWl0IGRlcHMuc2Vzc2lvbnMucmV2b2tlU2Vzc2lvbihkZXBzLmRiLCBzZXNzaW9uLmlkLCAnc2lnbmVkLW91dCcsIGlucHV0Lm5vdyk7XG59XG4iLCAiaW1wb3J0IHsgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgUk9VVEVTIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi4vY29udGV4dC5qcyc7XG5pbXBvcnQgeyBBcGlFcnJvciB9IGZyb20gJy4uL2Vycm9ycy5qcyc7XG5pbXBvcnQgeyBhcHByb3ZlQ2xpZW50IH0gZnJvbSAnLi4vaWRlbnRpdHkvYXBwcm92ZS1jbGllbnQuanMnO1xuaW1wb3J0IHsgZGVsZXRlQ2xpZW50IH0gZnJvbSAnLi4vaWRlbnRpdHkvZGVsZXRlLWNsaWVudC5qcyc7XG5pbXBvcnQgeyByZWNvZ25pemUgfSBmcm9tICcuLi9pZGVudGl0eS9yZWNvZ25pemUuanMnO1xuaW1wb3J0IHsgbW91bnQgfSBmcm9tICcuLi9yb3V0ZS5qcyc7XG5cbi8qKlxuICogU2VydmVyLXRvLXNlcnZlciByb3V0ZXMgb2YgdGhlIHNpdGUncyBiYWNrZW5kLCBndWFyZGVkIGJ5IGBTTlJfQkFDS0VORF9LRVlgICh0aGUgYGJhY2tlbmRgIGF1dGhcbiAqIGtpbmQsIHNyYy9zZXJ2ZXIvcm91dGUudHMpLiBCcm93c2VyIHRva2VucyBhbmQgUHJvZmlsZSBBUEkga2V5cyBhcmUgcmVmdXNlZDogdGhlc2Ugcm91dGVzIGNhbiBuYW1lXG4gKiBhbnkgY3VzdG9tZXIuXG4gKi9cbmZ1bmN0aW9uIGNsaWVudElkUGFyYW0ocGFyYW06IHN0cmluZyB8IHVuZGVmaW5lZCk6IG51bWJlciB7XG4gIC8vIENhbm9uaWNhbCBkZWNpbWFsIG9ubHk6IGAxLjBgLCBgMDFgLCBgMWUwYCwgYCAxYCBvciBgMHgxYCBpcyBub3QgY3VzdG9tZXIgMSAoTnVtYmVyKCkgd291bGQgc2F5IGl0IGlzKS5cbiAgY29uc3QgcmF3ID0gcGFyYW0gPz8gJyc7XG4gIGNvbnN0IGlkID0gL15bMS05XVswLTldezAsMTV9JC8udGVzdChyYXcpID8gTnVtYmVyKHJhdykgOiBOdW1iZXIuTmFOO1xuICBpZiAoIU51bWJlci5pc1NhZmVJbnRlZ2VyKGlkKSB8fCBpZCA8PSAwKVxuICAgIHRocm93IG5ldyBBcGlFcnJvcig0MDAsICdWQUxJREFUSU9OX0ZBSUxFRCcsICdjbGllbnRJZCBtdXN0IGJlIGEgcG9zaXRpdmUgaW50ZWdlcicsIFtcbiAgICAgIHsgZmllbGQ6ICdjbGllbnRJZCcsIGNvZGU6ICdpbnZhbGlkX3R5cGUnLCBtZXNzYWdlOiAnTXVzdCBiZSBhIHBvc2l0aXZlIGludGVnZXInIH0sXG4gICAgXSk7XG4gIHJldHVybiBpZDtcbn1cblxuZXhwb3J0IGZ1bmN0aW9uIGJhY2tlbmRSb3V0ZXMoY3R4OiBTZXJ2ZXJDb250ZXh0KTogSG9ubyB7XG4gIGNvbnN0IGFwcCA9IG5ldyBIb25vKCk7XG5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5yZWNvZ25pemVDbGllbnQsICh7IGJvZHkgfSkgPT4gcmVjb2duaXplKGN0eCwgeyBib2R5LCBub3c6IGN0eC5ub3coKSB9KSk7XG5cbiAgbW91bnQoXG4gICAgYXBwLFxuICAgIGN0eCxcbiAgICBST1VURVMuYXBwcm92ZUNsaWVudCxcbiAgICBhc3luYyAoeyBjIH0pID0+IHtcbiAgICAgIGF3YWl0IGFwcHJvdmVDbGllbnQoY3R4LCB7IGNsaWVudElkOiBjbGllbnRJZFBhcmFtKGMucmVxLnBhcmFtKCdjbGllbnRJZCcpKSwgbm93OiBjdHgubm93KCkgfSk7XG4gICAgICByZXR1cm4geyBzdGF0dXM6ICdPSycgfSBhcyBjb25zdDtcbiAgICB9LFxuICAgIHsgb3B0aW9uYWxCb2R5OiB0cnVlIH0sXG4gICk7XG5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5kZWxldGVDbGllbnRCeUVtYWlsLCAoeyBjIH0pID0+IGRlbGV0ZUNsaWVudChjdHgsIHsgdGFyZ2V0OiB7IGVtYWlsOiAoYy5yZXEucGFyYW0oJ2VtYWlsJykgPz8gJycpLnRyaW0oKSB9LCBub3c6IGN0eC5ub3cgfSkpO1xuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLmRlbGV0ZUNsaWVudEJ5Q3VzdG9tSWQsICh7IGMgfSkgPT4gZGVsZXRlQ2xpZW50KGN0eCwgeyB0YXJnZXQ6IHsgY3VzdG9tSWQ6IGMucmVxLnBhcmFtKCdjdXN0b21JZCcpID8/ICcnIH0sIG5vdzogY3R4Lm5vdyB9KSk7XG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuZGVsZXRlQ2xpZW50LCAoeyBjIH0pID0+IGRlbGV0ZUNsaWVudChjdHgsIHsgdGFyZ2V0OiB7IGNsaWVudElkOiBjbGllbnRJZFBhcmFtKGMucmVxLnBhcmFtKCdjbGllbnRJZCcpKSB9LCBub3c6IGN0eC5ub3cgfSkpO1xuXG4gIHJldHVybiBhcHA7XG59XG4iLCAiaW1wb3J0IHsgbm90Rm91bmQgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHsgYXBwcm92ZUNsaWVudCBhcyBhcHByb3ZlIH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgdHlwZSB7IElkZW50aXR5RGVwcyB9IGZyb20gJy4vZGVwcy5qcyc7XG5cbi8qKlxuICogVGhlIHNpdGUncyBiYWNrZW5kIGFwcHJvdmVzIGFuIGFjY291bnQgcmVnaXN0ZXJlZCBpbiB0aGUgYGFwcHJvdmFsYCBtb2RlOiBmcm9tIG5vdyBvbiBpdCBzaWduc1xuICogaW4uIEFwcHJvdmluZyBhbiBhY2NvdW50IHRoYXQgbmVlZHMgbm8gYXBwcm92YWwgKGFueSBtb3JlKSBjaGFuZ2VzIG5vdGhpbmcgYW5kIGFuc3dlcnMgdGhlIHNhbWUsXG4gKiBzbyBhIGJhY2tlbmQgbWF5IHJldHJ5OyA0MDQgd2hlbiBubyBjdXN0b21lciBoYXMgdGhlIGlkLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gYXBwcm92ZUNsaWVudChkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJz4sIGlucHV0OiB7IGNsaWVudElkOiBudW1iZXI7IG5vdzogbnVtYmVyIH0pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3Qgcm93ID0gYXdhaXQgYXBwcm92ZShkZXBzLmRiLCBpbnB1dC5jbGllbnRJZCwgaW5wdXQubm93KTtcbiAgaWYgKCFyb3cpIHRocm93IG5vdEZvdW5kKCdOT1RfRk9VTkQnLCAnTm8gc3VjaCBjdXN0b21lcicpO1xufVxuIiwgImltcG9ydCB0eXBlIHsgUmVjb2duaXplUmVxdWVzdCwgUmVjb2duaXplUmVzcG9uc2UgfSBmcm9tICcuLi8uLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgeyBjb25mbGljdCwgaXNVbmlxdWVWaW9sYXRpb24gfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHsgYmVjb21lQ3VzdG9tZXIsIHR5cGUgQ2xpZW50Um93LCBmaW5kQ2xpZW50QnlDdXN0b21JZCwgZmluZENsaWVudEJ5RW1haWwsIGlzQ3VzdG9tZXIsIHByb2ZpbGVDaGFuZ2VzLCB1cGRhdGVDbGllbnQgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB7IGNsYWltQWNjb3VudEZvckVtYWlsT3duZXIgfSBmcm9tICcuL2NsYWltLWFjY291bnQuanMnO1xuaW1wb3J0IHR5cGUgeyBJZGVudGl0eURlcHMgfSBmcm9tICcuL2RlcHMuanMnO1xuaW1wb3J0IHsgbWVyZ2VBbm9ueW1vdXNQcm9maWxlIH0gZnJvbSAnLi9tZXJnZS1hbm9ueW1vdXMuanMnO1xuXG4vKipcbiAqIFRoZSBzaXRlJ3MgYmFja2VuZCBsaW5rcyBhIHZpc2l0b3IncyBVVUlEIHRvIGEgY3VzdG9tZXIgaXQga25vd3MsIGJ5IGVtYWlsIG9yIGJ5IGEgY3VzdG9tSWQgaXRcbiAqIHNldCwgd2l0aCBleHRyYSBkYXRhOyBhIGN1c3RvbWVyIGl0IG5hbWVzIGFuZCBub2JvZHkgaGFzIHlldCBpcyBtYWRlLiBUaGUgYmFja2VuZCB2b3VjaGVzIGZvciB0aGVcbiAqIGVtYWlsLCBzbyBhbiBhY2NvdW50IHJlZ2lzdGVyZWQgdW5kZXIgaXQgYW5kIG5ldmVyIGNvbmZpcm1lZCBpcyB0YWtlbiBiYWNrIGZvciB0aGUgb3duZXJcbiAqIChjbGFpbS1hY2NvdW50LnRzKS4gSXRzIHdvcmQgYmVhdHMgYSBjdXN0b21lcidzOiB3aG9ldmVyIHR5cGVkIHRoZSBjdXN0b21JZCBsb3NlcyBpdC5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHJlY29nbml6ZShkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdzZXNzaW9ucyc+LCBpbnB1dDogeyBib2R5OiBSZWNvZ25pemVSZXF1ZXN0OyBub3c6IG51bWJlciB9KTogUHJvbWlzZTxSZWNvZ25pemVSZXNwb25zZT4ge1xuICBjb25zdCB7IGJvZHksIG5vdyB9ID0gaW5wdXQ7XG4gIGNvbnN0IHJ1biA9ICgpID0+XG4gICAgZGVwcy5kYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoYXN5bmMgKHRyeCkgPT4ge1xuICAgICAgLy8gQSBjdXN0b21JZCBtYXRjaGVzIG9ubHkgd2hlbiB0aGlzIGJhY2tlbmQgc2V0IGl0OiBhbnlvbmUgY2FuIHR5cGUgb25lIGludG8gdGhlaXIgYWNjb3VudC5cbiAgICAgIGNvbnN0IGhvbGRlciA9IGJvZHkuY3VzdG9tSWQgPyBhd2FpdCBmaW5kQ2xpZW50QnlDdXN0b21JZCh0cngsIGJvZHkuY3VzdG9tSWQpIDogdW5kZWZpbmVkO1xuICAgICAgY29uc3QgYnlDdXN0b21JZCA9IGhvbGRlcj8uY3VzdG9tX2lkX3ZlcmlmaWVkID09PSAxID8gaG9sZGVyIDogdW5kZWZpbmVkO1xuICAgICAgY29uc3QgYnlFbWFpbCA9IGJvZHkuZW1haWwgPyBhd2FpdCBmaW5kQ2xpZW50QnlFbWFpbCh0cngsIGJvZHkuZW1haWwpIDogdW5kZWZpbmVkO1xuICAgICAgaWYgKGJ5RW1haWwgJiYgYnlDdXN0b21JZCAmJiBieUVtYWlsLmlkICE9PSBieUN1c3RvbUlkLmlkKSB7XG4gICAgICAgIHRocm93IGNvbmZsaWN0KCdDVVNUT01fSURfVEFLRU4nLCAnVGhlIGVtYWlsIGFuZCB0aGUgY3VzdG9tSWQgYmVsb25nIHRvIHR3byBkaWZmZXJlbnQgY3VzdG9tZXJzJywgW1xuICAgICAgICAgIHsgZmllbGQ6ICdjdXN0b21JZCcsIGNvZGU6ICd0YWtlbicsIG1lc3NhZ2U6ICdiZWxvbmdzIHRvIGFub3RoZXIgY3VzdG9tZXInIH0sXG4gICAgICAgIF0pO1xuICAgICAgfVxuICAgICAgLy8gVGhlIHVuaXF1ZSBpbmRleCB3b3VsZCByZWZ1c2UgdGhlIGN1c3RvbWVyIHRoZSBiYWNrZW5kIG1lYW5zIG90aGVyd2lzZS5cbiAgICAgIGlmIChob2xkZXIgJiYgIWJ5Q3VzdG9tSWQpIGF3YWl0IHVwZGF0ZUNsaWVudCh0cngsIGhvbGRlci5pZCwgeyBjdXN0b21faWQ6IG51bGwsIGN1c3RvbV9pZF92ZXJpZmllZDogMCwgdXBkYXRlZF9hdDogbm93IH0pO1xuICAgICAgbGV0IGN1c3RvbWVyOiBDbGllbnRSb3cgfCB1bmRlZmluZWQgPSBieUVtYWlsID8/IGJ5Q3VzdG9tSWQ7XG4gICAgICBpZiAoY3VzdG9tZXIgJiYgIWlzQ3VzdG9tZXIoY3VzdG9tZXIpKSBjdXN0b21lciA9IHVuZGVmaW5lZDtcbiAgICAgIGlmIChjdXN0b21lciAmJiBjdXN0b21lciA9PT0gYnlFbWFpbCkgY3VzdG9tZXIgPSBhd2FpdCBjbGFpbUFjY291bnRGb3JFbWFpbE93bmVyKGRlcHMsIHRyeCwgY3VzdG9tZXIsIHsgcHJvb2Y6ICdiYWNrZW5kLXJlY29nbml0aW9uJywgbm93IH0pO1xuICAgICAgY29uc3QgY2hhbmdlcyA9IHsgLi4ucHJvZmlsZUNoYW5nZXMoYm9keSwgY3VzdG9tZXIpLCAuLi4oYm9keS5jdXN0b21JZCA/IHsgY3VzdG9tX2lkX3ZlcmlmaWVkOiAxIH0gOiB7fSksIHVwZGF0ZWRfYXQ6IG5vdywgbGFzdF9hY3Rpdml0eV9hdDogbm93IH07XG4gICAgICBsZXQgY3JlYXRlZCA9IGZhbHNlO1xuICAgICAgaWYgKGN1c3RvbWVyKSB7XG4gICAgICAgIGN1c3RvbWVyID0gYXdhaXQgdXBkYXRlQ2xpZW50KHRyeCwgY3VzdG9tZXIuaWQsIHsgLi4uY2hhbmdlcywgLi4uKGJvZHkuZW1haWwgJiYgIWN1c3RvbWVyLmVtYWlsID8geyBlbWFpbDogYm9keS5lbWFpbCB9IDoge30pIH0pO1xuICAgICAgfSBlbHNlIHtcbiAgICAgICAgY3JlYXRlZCA9IHRydWU7XG4gICAgICAgIGN1c3RvbWVyID0gYXdhaXQgYmVjb21lQ3VzdG9tZXIodHJ4LCBib2R5LnV1aWQsIHsgLi4uY2hhbmdlcywgZW1haWw6IGJvZHkuZW1haWwgPz8gbnVsbCwgc3RhdHVzOiAnYWN0aXZlJywgZW1haWxfY29uZmlybWVkOiAwIH0sIG5vdyk7XG4gICAgICB9XG4gICAgICBhd2FpdCBtZXJnZUFub255bW91c1Byb2ZpbGUodHJ4LCB7IHV1aWQ6IGJvZHkudXVpZCwgaG9sZHNUb2tlbjogdHJ1ZSB9LCBjdXN0b21lci5pZCk7XG4gICAgICByZXR1cm4geyBjbGllbnRJZDogY3VzdG9tZXIuaWQsIHV1aWQ6IGN1c3RvbWVyLnV1aWQsIGNyZWF0ZWQgfTtcbiAgICB9KTtcbiAgdHJ5IHtcbiAgICByZXR1cm4gYXdhaXQgcnVuKCk7XG4gIH0gY2F0Y2ggKGVycikge1xuICAgIGlmIChpc1VuaXF1ZVZpb2xhdGlvbihlcnIpKSByZXR1cm4gcnVuKCk7XG4gICAgdGhyb3cgZXJyO1xuICB9XG59XG4iLCAiaW1wb3J0IHsgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgUk9VVEVTIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi4vY29udGV4dC5qcyc7XG5pbXBvcnQgeyByZWNvcmRFdmVudHMgfSBmcm9tICcuLi9pZGVudGl0eS9yZWNvcmQtZXZlbnRzLmpzJztcbmltcG9ydCB7IG1vdW50IH0gZnJvbSAnLi4vcm91dGUuanMnO1xuXG4vKipcbiAqIEV2ZW50IGluZ2VzdGlvbjogYSBiYXRjaCBpcyB2YWxpZGF0ZWQgd2hvbGUgKGEgYmFkIGV2ZW50IGZhaWxzIHRoZSBiYXRjaCB3aXRoIGl0cyBpbmRleCBpblxuICogYGVycm9yc1tdLmZpZWxkYCwgbm90aGluZyBzdG9yZWQsIHNvIHRoZSB0cmFja2VyIGNhbiBkcm9wIGp1c3QgdGhhdCBldmVudCBhbmQgcmVzZW5kIHRoZSByZXN0KTtcbiAqIGVhY2ggYGV2ZW50U2FsdGAgaXMgc3RvcmVkIG9uY2UsIHdoYXRldmVyIG51bWJlciBvZiB0aW1lcyBpdCBhcnJpdmVzLiBFdmVudHMgYmVsb25nIHRvIHRoZVxuICogcHJvZmlsZSBiZWhpbmQgdGhlIHRva2VuJ3Mgc2Vzc2lvbi5cbiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGV2ZW50Um91dGVzKGN0eDogU2VydmVyQ29udGV4dCk6IEhvbm8ge1xuICBjb25zdCBhcHAgPSBuZXcgSG9ubygpO1xuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLnRyYWNrRXZlbnRzLCAoeyBib2R5LCBjYWxsZXIgfSkgPT4gcmVjb3JkRXZlbnRzKGN0eCwgeyB0b2tlbjogY2FsbGVyLnRva2VuLCBldmVudHM6IGJvZHksIG5vdzogY3R4Lm5vdygpIH0pKTtcbiAgcmV0dXJuIGFwcDtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IEV2ZW50QmF0Y2hSZXNwb25zZSwgVHJhY2tlZEV2ZW50IH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBWZXJpZmllZFRva2VuIH0gZnJvbSAnLi4vc2Vzc2lvbnMuanMnO1xuaW1wb3J0IHsgdG91Y2hDbGllbnQgfSBmcm9tICcuLi9zdG9yZS9jbGllbnRzLmpzJztcbmltcG9ydCB7IGVuY29kZUxhYmVsLCBpbnNlcnRFdmVudHMgfSBmcm9tICcuLi9zdG9yZS9ldmVudHMuanMnO1xuaW1wb3J0IHsgc2Vzc2lvbkNsaWVudElkIH0gZnJvbSAnLi4vc3RvcmUvc2Vzc2lvbnMuanMnO1xuaW1wb3J0IHR5cGUgeyBJZGVudGl0eURlcHMgfSBmcm9tICcuL2RlcHMuanMnO1xuXG4vKipcbiAqIFN0b3JlcyBhIGJhdGNoIG9mIGV2ZW50cyAoYWxyZWFkeSB2YWxpZGF0ZWQgd2hvbGUpIG9uIHRoZSBwcm9maWxlIGJlaGluZCB0aGUgdG9rZW4ncyBzZXNzaW9uO1xuICogZWFjaCBgZXZlbnRTYWx0YCBpcyBzdG9yZWQgb25jZSBwZXIgcHJvZmlsZSBhbmQgQVBJIGtleSwgd2hhdGV2ZXIgbnVtYmVyIG9mIHRpbWVzIGl0IGFycml2ZXMgKGFcbiAqIHNhbHQgYW5vdGhlciB2aXNpdG9yIHVzZWQgc3VwcHJlc3NlcyBub3RoaW5nIGhlcmUpLiBUaGUgYmF0Y2ggaXMgY291bnRlZCAoZXZlbnRzIGFuZCBieXRlcyBvZlxuICogYWN0aW9uLCBsYWJlbCBhbmQgcGFyYW1ldGVycykgYWdhaW5zdCB0aGUgc2Vzc2lvbidzIGFuZCB0aGUgcHJvZmlsZSdzIGxpbWl0cyBiZWZvcmUgYW55dGhpbmcgaXNcbiAqIHN0b3JlZDogYSByZWZ1c2VkIGJhdGNoICg0MjkpIHN0b3JlcyBub3RoaW5nIGFuZCB1c2VzIHVwIG5vdGhpbmcuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZWNvcmRFdmVudHMoXG4gIGRlcHM6IFBpY2s8SWRlbnRpdHlEZXBzLCAnZGInIHwgJ2xpbWl0ZXInPixcbiAgaW5wdXQ6IHsgdG9rZW46IFZlcmlmaWVkVG9rZW47IGV2ZW50czogVHJhY2tlZEV2ZW50W107IG5vdzogbnVtYmVyIH0sXG4pOiBQcm9taXNlPEV2ZW50QmF0Y2hSZXNwb25zZT4ge1xuICBjb25zdCB7IHRva2VuLCBldmVudHMsIG5vdyB9ID0gaW5wdXQ7XG4gIGxldCBieXRlcyA9IDA7XG4gIGNvbnN0IHJvd3MgPSBldmVudHMubWFwKChlKSA9PiB7XG4gICAgY29uc3QgcGFyYW1zID0gSlNPTi5zdHJpbmdpZnkoZS5wYXJhbXMgPz8ge30pO1xuICAgIGNvbnN0IGxhYmVsID0gZS5sYWJlbCA9PT0gdW5kZWZpbmVkID8gbnVsbCA6IGVuY29kZUxhYmVsKGUubGFiZWwpO1xuICAgIGJ5dGVzICs9IEJ1ZmZlci5ieXRlTGVuZ3RoKHBhcmFtcykgKyBCdWZmZXIuYnl0ZUxlbmd0aChlLmFjdGlvbikgKyAobGFiZWwgPT09IG51bGwgPyAwIDogQnVmZmVyLmJ5dGVMZW5ndGgobGFiZWwpKTtcbiAgICByZXR1cm4ge1xuICAgICAgZXZlbnRfc2FsdDogZS5ldmVudFNhbHQsXG4gICAgICBjbGllbnRfaWQ6IDAsXG4gICAgICB1dWlkOiBlLmNsaWVudC51dWlkLFxuICAgICAgYWN0aW9uOiBlLmFjdGlvbixcbiAgICAgIGxhYmVsLFxuICAgICAgZXZlbnRfdGltZTogRGF0ZS5wYXJzZShlLnRpbWUpLFxuICAgICAgcGFyYW1zLFxuICAgICAgcmVjZWl2ZWRfYXQ6IG5vdyxcbiAgICAgIGFwaV9rZXk6IHRva2VuLmNsYWltcy5hdWQsXG4gICAgfTtcbiAgfSk7XG4gIC8vIFRoZSBwcm9maWxlIGFzIHRoZSB0b2tlbidzIHZlcmlmaWNhdGlvbiBzYXcgaXQgKGEgbWVyZ2UgYSBtb21lbnQgYWdvIG1heSBzdGlsbCBjb3VudCBhZ2FpbnN0IHRoZVxuICAvLyBhbm9ueW1vdXMgcHJvZmlsZSBpdCBmb2xkZWQgaW46IGEgcXVvdGEsIG5vdCBhIGxlZGdlcikuXG4gIGF3YWl0IGRlcHMubGltaXRlci5ldmVudHMoeyBzZXNzaW9uSWQ6IHRva2VuLnNlc3Npb24uaWQsIGNsaWVudElkOiB0b2tlbi5zZXNzaW9uLmNsaWVudF9pZCB9LCB7IGNvdW50OiBldmVudHMubGVuZ3RoLCBieXRlcyB9LCBub3cpO1xuICBjb25zdCBzdG9yZWQgPSBhd2FpdCBkZXBzLmRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgLy8gVGhlIHNlc3Npb24ncyBwcm9maWxlIHJlYWQgYWZyZXNoLCBub3QgZnJvbSB0aGUgdmVyaWZpY2F0aW9uIGNhY2hlOiBhIHNpZ24taW4gbWF5IGhhdmUganVzdFxuICAgIC8vIG1lcmdlZCB0aGlzIGFub255bW91cyBzZXNzaW9uIGludG8gYSBjdXN0b21lci5cbiAgICBjb25zdCBjbGllbnRJZCA9IGF3YWl0IHNlc3Npb25DbGllbnRJZCh0cngsIHRva2VuLnNlc3Npb24uaWQpO1xuICAgIGZvciAoY29uc3Qgcm93IG9mIHJvd3MpIHJvdy5jbGllbnRfaWQgPSBjbGllbnRJZDtcbiAgICBjb25zdCBpbnNlcnRlZCA9IGF3YWl0IGluc2VydEV2ZW50cyh0cngsIHJvd3MpO1xuICAgIGlmICh0b2tlbi5jbGFpbXMucmxtID09PSAnY2xpZW50JykgYXdhaXQgdG91Y2hDbGllbnQodHJ4LCBjbGllbnRJZCwgbm93KTtcbiAgICByZXR1cm4gaW5zZXJ0ZWQ7XG4gIH0pO1xuICByZXR1cm4geyBzdGF0dXM6ICdBQ0NFUFRFRCcsIHJlY2VpdmVkOiBldmVudHMubGVuZ3RoLCBkdXBsaWNhdGVzOiBldmVudHMubGVuZ3RoIC0gc3RvcmVkIH07XG59XG4iLCAiaW1wb3J0IHsgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgUk9VVEVTIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi4vY29udGV4dC5qcyc7XG5pbXBvcnQgeyBmb3JiaWRkZW4sIG5vdEZvdW5kIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IGNsaWVudEFkZHJlc3MgfSBmcm9tICcuLi9odHRwLmpzJztcbmltcG9ydCB7IGlzTG9vcGJhY2tBZGRyZXNzLCBpc0xvb3BiYWNrSG9zdCB9IGZyb20gJy4uL2xvb3BiYWNrLmpzJztcbmltcG9ydCB7IG1vdW50IH0gZnJvbSAnLi4vcm91dGUuanMnO1xuaW1wb3J0IHsgbGlzdE91dGJveCB9IGZyb20gJy4uL3N0b3JlL291dGJveC5qcyc7XG5cbmV4cG9ydCBmdW5jdGlvbiBwdWJsaWNSb3V0ZXMoY3R4OiBTZXJ2ZXJDb250ZXh0KTogSG9ubyB7XG4gIGNvbnN0IGFwcCA9IG5ldyBIb25vKCk7XG5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5wdWJsaWNDb25maWcsICh7IGMgfSkgPT4ge1xuICAgIGNvbnN0IGFwaUtleSA9IGMucmVxLnF1ZXJ5KCdhcGlLZXknKTtcbiAgICBpZiAoYXBpS2V5ICE9PSB1bmRlZmluZWQgJiYgIWN0eC5jb25maWcuYXBpS2V5cy5oYXMoYXBpS2V5KSkgdGhyb3cgZm9yYmlkZGVuKCdVTktOT1dOX0FQSV9LRVknLCAnVW5rbm93biBBUEkga2V5Jyk7XG4gICAgYy5oZWFkZXIoJ0NhY2hlLUNvbnRyb2wnLCAncHVibGljLCBtYXgtYWdlPTYwJyk7XG4gICAgcmV0dXJuIHtcbiAgICAgIHJlZ2lzdHJhdGlvbk1vZGU6IGN0eC5jb25maWcucmVnaXN0cmF0aW9uTW9kZSxcbiAgICAgIHBhc3N3b3JkUG9saWN5OiBjdHguY29uZmlnLnBhc3N3b3JkUG9saWN5LFxuICAgICAgdG9rZW5MaWZldGltZTogY3R4LmNvbmZpZy50b2tlblR0bCxcbiAgICAgIC4uLihjdHguY29uZmlnLmZhY2Vib29rID8geyBmYWNlYm9va0FwcElkOiBjdHguY29uZmlnLmZhY2Vib29rLmFwcElkIH0gOiB7fSksXG4gICAgICBvYXV0aEVuYWJsZWQ6IGN0eC5jb25maWcub2F1dGggIT09IHVuZGVmaW5lZCxcbiAgICAgIGFncmVlbWVudHM6IGN0eC5jb25maWcuYWdyZWVtZW50cyxcbiAgICAgIC4uLihjdHguY29uZmlnLmdvb2dsZSA/IHsgZ29vZ2xlQ2xpZW50SWQ6IGN0eC5jb25maWcuZ29vZ2xlLmNsaWVudElkIH0gOiB7fSksXG4gICAgICAuLi4oY3R4LmNvbmZpZy5hcHBsZSA/IHsgYXBwbGVDbGllbnRJZDogY3R4LmNvbmZpZy5hcHBsZS5jbGllbnRJZCB9IDoge30pLFxuICAgIH07XG4gIH0pO1xuXG4gIC8vIE5vdCBKU09OIG9mIHRoZSBjb250cmFjdCdzIChhIEpXSyBzZXQsIGEgUEVNKTogYW5zd2VyZWQgYXMgdGhleSBhcmUuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuandrcywgKHsgYyB9KSA9PiB7XG4gICAgYy5oZWFkZXIoJ0NhY2hlLUNvbnRyb2wnLCAncHVibGljLCBtYXgtYWdlPTMwMCcpO1xuICAgIHJldHVybiBjLmpzb24oY3R4LmtleXMuandrcygpLCAyMDApO1xuICB9KTtcblxuICAvLyBUaGUgY3VycmVudCBzaWduaW5nIGtleSwgb3Igd2l0aCBgP2tpZD1gIGFueSBrZXkgdGhlIEpXS1MgbGlzdHMgKGEgdG9rZW4ncyBoZWFkZXIgbmFtZXMgaXQpLlxuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLnB1YmxpY1BlbSwgYXN5bmMgKHsgYyB9KSA9PiB7XG4gICAgY29uc3QgcGVtID0gYXdhaXQgY3R4LmtleXMucGVtKGMucmVxLnF1ZXJ5KCdraWQnKSk7XG4gICAgaWYgKHBlbSA9PT0gdW5kZWZpbmVkKSB0aHJvdyBub3RGb3VuZCgnTk9UX0ZPVU5EJywgJ05vIHNpZ25pbmcga2V5IGhhcyB0aGlzIGtpZCcpO1xuICAgIGMuaGVhZGVyKCdDb250ZW50LVR5cGUnLCAnYXBwbGljYXRpb24veC1wZW0tZmlsZScpO1xuICAgIGMuaGVhZGVyKCdDYWNoZS1Db250cm9sJywgJ3B1YmxpYywgbWF4LWFnZT0zMDAnKTtcbiAgICByZXR1cm4gYy5ib2R5KHBlbSwgMjAwKTtcbiAgfSk7XG5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5oZWFsdGgsIGFzeW5jICh7IGMgfSkgPT4ge1xuICAgIHRyeSB7XG4gICAgICBhd2FpdCBjdHguc3RvcmUuY2hlY2soKTtcbiAgICAgIHJldHVybiB7IHN0YXR1czogJ29rJyB9IGFzIGNvbnN0O1xuICAgIH0gY2F0Y2gge1xuICAgICAgYy5oZWFkZXIoJ1JldHJ5LUFmdGVyJywgJzUnKTtcbiAgICAgIHJldHVybiBjLmpzb24oeyBzdGF0dXM6ICd1bmF2YWlsYWJsZScgfSBhcyBjb25zdCwgNTAzKTtcbiAgICB9XG4gIH0pO1xuXG4gIHJldHVybiBhcHA7XG59XG5cbi8qKlxuICogVGhlIG91dGJveCBhcyBhIG1haWxib3gsIGZvciB0aGUgZGVtbzogb25seSBpbiBsb2NhbCBtb2RlIHdpdGhvdXQgU01UUCwgd2hlcmUgZXZlcnkgY3VzdG9tZXIgaXNcbiAqIGEgZGV2ZWxvcGVyJ3MgdGVzdCBhY2NvdW50IG9uIHRoZWlyIG93biBtYWNoaW5lLiBJdCBob2xkcyBsaXZlIHJlc2V0IGxpbmtzLCBzbyBpdCBhbnN3ZXJzIG9ubHkgYVxuICogbG9vcGJhY2sgcGVlciB0aGF0IG5hbWVzIGEgbG9vcGJhY2sgaG9zdDogYSBwYWdlIHdob3NlIEROUyBuYW1lIHdhcyByZWJvdW5kIHRvIDEyNy4wLjAuMSBzZW5kcyBpdHNcbiAqIG93biBIb3N0LCBhbmQgYSBzZXJ2ZXIgbGlzdGVuaW5nIG9uIDAuMC4wLjAgaXMgcmVhY2hlZCBmcm9tIG90aGVyIG1hY2hpbmVzLiBBbnlvbmUgZWxzZSBnZXRzIHRoZVxuICogdW5rbm93bi1yb3V0ZSA0MDQuXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBkZXZNYWlsYm94Um91dGVzKGN0eDogU2VydmVyQ29udGV4dCk6IEhvbm8ge1xuICBjb25zdCBhcHAgPSBuZXcgSG9ubygpO1xuICBhcHAuZ2V0KCcvc25yL2Rldi9vdXRib3gnLCBhc3luYyAoYykgPT4ge1xuICAgIC8vIFRoZSBVUkwncyBob3N0IGlzIHRoZSBIb3N0IGhlYWRlciwgZXhjZXB0IGZvciBhbiBhYnNvbHV0ZSByZXF1ZXN0IHRhcmdldDogYm90aCBtdXN0IGJlIGxvb3BiYWNrLlxuICAgIGNvbnN0IGhvc3RIZWFkZXIgPSBjLnJlcS5oZWFkZXIoJ2hvc3QnKTtcbiAgICBjb25zdCBsb2NhbCA9XG4gICAgICAoaG9zdEhlYWRlciA9PT0gdW5kZWZpbmVkIHx8IGlzTG9vcGJhY2tIb3N0KGhvc3RIZWFkZXIpKSAmJiBpc0xvb3BiYWNrSG9zdChuZXcgVVJMKGMucmVxLnVybCkuaG9zdCkgJiYgaXNMb29wYmFja0FkZHJlc3MoY2xpZW50QWRkcmVzcyhjLCBmYWxzZSkpO1xuICAgIGlmICghbG9jYWwpIHJldHVybiBjLm5vdEZvdW5kKCk7XG4gICAgY29uc3Qgcm93cyA9IGF3YWl0IGxpc3RPdXRib3goY3R4LmRiLCBjLnJlcS5xdWVyeSgndG8nKSk7XG4gICAgLy8gTGl2ZSBsaW5rcyBhbmQgY3VzdG9tZXJzJyBuYW1lczogbmV2ZXIga2VwdCBieSBhIGNhY2hlLlxuICAgIGMuaGVhZGVyKCdDYWNoZS1Db250cm9sJywgJ25vLXN0b3JlJyk7XG4gICAgcmV0dXJuIGMuanNvbihcbiAgICAgIHJvd3MubWFwKChyKSA9PiAoe1xuICAgICAgICBpZDogci5pZCxcbiAgICAgICAgdG86IHIudG9fYWRkcmVzcyxcbiAgICAgICAgc3ViamVjdDogci5zdWJqZWN0LFxuICAgICAgICB0ZXh0OiByLnRleHRfYm9keSxcbiAgICAgICAgaHRtbDogci5odG1sX2JvZHksXG4gICAgICAgIGNyZWF0ZWRBdDogbmV3IERhdGUoci5jcmVhdGVkX2F0KS50b0lTT1N0cmluZygpLFxuICAgICAgfSkpLFxuICAgICAgMjAwLFxuICAgICk7XG4gIH0pO1xuICByZXR1cm4gYXBwO1xufVxuIiwgIi8qKiBBbiBhZGRyZXNzIG9mIHRoaXMgbWFjaGluZSdzIGxvb3BiYWNrIGludGVyZmFjZTogMTI3LjAuMC4wLzgsIDo6MSwgb3IgSVB2NC1tYXBwZWQgMTI3LnguICovXG5leHBvcnQgZnVuY3Rpb24gaXNMb29wYmFja0FkZHJlc3MoYWRkcmVzczogc3RyaW5nIHwgdW5kZWZpbmVkKTogYm9vbGVhbiB7XG4gIHJldHVybiBhZGRyZXNzICE9PSB1bmRlZmluZWQgJiYgL14oOjpmZmZmOik/MTI3KFxcLlxcZHsxLDN9KXszfSR8Xjo6MSQvaS50ZXN0KGFkZHJlc3MpO1xufVxuXG4vKiogQSBIb3N0IGhlYWRlciAob3IgVVJMIGhvc3QpIG5hbWluZyB0aGlzIG1hY2hpbmU6IGxvY2FsaG9zdCwgMTI3LjAuMC4xIG9yIFs6OjFdLCBhbnkgcG9ydC4gKi9cbmV4cG9ydCBmdW5jdGlvbiBpc0xvb3BiYWNrSG9zdChob3N0OiBzdHJpbmcgfCB1bmRlZmluZWQpOiBib29sZWFuIHtcbiAgcmV0dXJuIGhvc3QgIT09IHVuZGVmaW5lZCAmJiAvXihsb2NhbGhvc3R8MTI3XFwuMFxcLjBcXC4xfFxcWzo6MVxcXSkoOlxcZHsxLDV9KT8kL2kudGVzdChob3N0KTtcbn1cblxuLyoqIEEgbGlzdGVuaW5nIGFkZHJlc3MgcmVhY2hhYmxlIG9ubHkgZnJvbSB0aGlzIG1hY2hpbmUuICovXG5leHBvcnQgZnVuY3Rpb24gaXNMb29wYmFja0JpbmQoaG9zdDogc3RyaW5nKTogYm9vbGVhbiB7XG4gIHJldHVybiBob3N0LnRvTG93ZXJDYXNlKCkgPT09ICdsb2NhbGhvc3QnIHx8IGlzTG9vcGJhY2tBZGRyZXNzKGhvc3QpO1xufVxuIiwgImltcG9ydCB0eXBlIHsgS3lzZWx5IH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgRGF0YWJhc2UgfSBmcm9tICcuL3NjaGVtYS5qcyc7XG5cbi8qKiBUaGUgbmV3ZXN0IG1haWwgaW4gdGhlIG91dGJveCwgZm9yIHRoZSBkZW1vJ3MgbWFpbGJveC4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBsaXN0T3V0Ym94KGRiOiBLeXNlbHk8RGF0YWJhc2U+LCB0bzogc3RyaW5nIHwgdW5kZWZpbmVkKSB7XG4gIGxldCBxdWVyeSA9IGRiLnNlbGVjdEZyb20oJ291dGJveCcpLnNlbGVjdChbJ2lkJywgJ3RvX2FkZHJlc3MnLCAnc3ViamVjdCcsICd0ZXh0X2JvZHknLCAnaHRtbF9ib2R5JywgJ2NyZWF0ZWRfYXQnXSkub3JkZXJCeSgnaWQnLCAnZGVzYycpLmxpbWl0KDEwMCk7XG4gIGlmICh0bykgcXVlcnkgPSBxdWVyeS53aGVyZSgndG9fYWRkcmVzcycsICc9JywgdG8udG9Mb3dlckNhc2UoKSk7XG4gIHJldHVybiBxdWVyeS5leGVjdXRlKCk7XG59XG4iLCAiaW1wb3J0IHsgSG9ubyB9IGZyb20gJ2hvbm8nO1xuaW1wb3J0IHsgUk9VVEVTIH0gZnJvbSAnLi4vLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHR5cGUgeyBTZXJ2ZXJDb250ZXh0IH0gZnJvbSAnLi4vY29udGV4dC5qcyc7XG5pbXBvcnQgeyBhbnN3ZXJTZW50IH0gZnJvbSAnLi4vaHR0cC5qcyc7XG5pbXBvcnQgeyBjb25maXJtQWN0aXZhdGlvbiwgcmVxdWVzdEFjdGl2YXRpb25MaW5rIH0gZnJvbSAnLi4vaWRlbnRpdHkvYWN0aXZhdGlvbi5qcyc7XG5pbXBvcnQgeyBjb25maXJtQWN0aXZhdGlvblBpbiwgcmVxdWVzdEFjdGl2YXRpb25QaW4gfSBmcm9tICcuLi9pZGVudGl0eS9hY3RpdmF0aW9uLXBpbi5qcyc7XG5pbXBvcnQgeyByZWdpc3RlciB9IGZyb20gJy4uL2lkZW50aXR5L3JlZ2lzdGVyLmpzJztcbmltcG9ydCB7IHJlcXVlc3RQYXNzd29yZFJlc2V0LCByZXNldFBhc3N3b3JkIH0gZnJvbSAnLi4vaWRlbnRpdHkvcmVzZXQtcGFzc3dvcmQuanMnO1xuaW1wb3J0IHsgbW91bnQgfSBmcm9tICcuLi9yb3V0ZS5qcyc7XG5cbmV4cG9ydCBmdW5jdGlvbiByZWdpc3RyYXRpb25Sb3V0ZXMoY3R4OiBTZXJ2ZXJDb250ZXh0KTogSG9ubyB7XG4gIGNvbnN0IGFwcCA9IG5ldyBIb25vKCk7XG5cbiAgLy8gVGhlIHNhbWUgcm91dGUgdW5kZXIgaXRzIFN5bmVyaXNlIHBhdGggYW5kIGl0cyB2NCBwYXRoLlxuICBmb3IgKGNvbnN0IHJvdXRlIG9mIFtST1VURVMucmVnaXN0ZXJBY2NvdW50LCBST1VURVMucmVnaXN0ZXJBY2NvdW50VjRdKSB7XG4gICAgbW91bnQoYXBwLCBjdHgsIHJvdXRlLCAoeyBib2R5LCBjYWxsZXIsIGFkZHJlc3MgfSkgPT4ge1xuICAgICAgY29uc3QgeyBhcGlLZXk6IF8sIC4uLmZpZWxkcyB9ID0gYm9keTtcbiAgICAgIC8vIEEgYnJvd3NlciB0b2tlbidzIHZpc2l0b3IgKHdobyBob2xkcyBpdCwgdmVyaWZpZWQpLCBlbHNlIHRoZSBVVUlEIGluIHRoZSBib2R5ICh1bnByb3ZlbikuXG4gICAgICBjb25zdCB2aXNpdG9yID0gJ3Rva2VuJyBpbiBjYWxsZXIgPyB7IHV1aWQ6IGNhbGxlci50b2tlbi5jbGFpbXMudXVpZCwgaG9sZHNUb2tlbjogdHJ1ZSB9IDogeyB1dWlkOiBib2R5LnV1aWQsIGhvbGRzVG9rZW46IGZhbHNlIH07XG4gICAgICByZXR1cm4gcmVnaXN0ZXIoY3R4LCB7IGJvZHk6IGZpZWxkcywgdmlzaXRvciwgYWRkcmVzczogYWRkcmVzcygpLCBub3c6IGN0eC5ub3cgfSk7XG4gICAgfSk7XG4gIH1cblxuICAvLyBUaGUgc2FtZSAyMDIgd2hldGhlciBvciBub3QgdGhlIGVtYWlsIGV4aXN0cywgc28gdGhlIGFuc3dlciB0ZWxscyBub2JvZHkgd2hvIGhhcyBhbiBhY2NvdW50LlxuICBtb3VudChhcHAsIGN0eCwgUk9VVEVTLnJlcXVlc3RBY2NvdW50QWN0aXZhdGlvbiwgYXN5bmMgKHsgYywgYm9keSwgYWRkcmVzcyB9KSA9PiB7XG4gICAgYXdhaXQgcmVxdWVzdEFjdGl2YXRpb25MaW5rKGN0eCwgeyBlbWFpbDogYm9keS5lbWFpbCwgYWRkcmVzczogYWRkcmVzcygpLCBub3c6IGN0eC5ub3coKSwgYW5zd2VyZWQ6IGFuc3dlclNlbnQoYykgfSk7XG4gICAgcmV0dXJuIHsgc3RhdHVzOiAnQUNDRVBURUQnIH0gYXMgY29uc3Q7XG4gIH0pO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuY29uZmlybUFjY291bnRBY3RpdmF0aW9uLCBhc3luYyAoeyBib2R5IH0pID0+IHtcbiAgICBhd2FpdCBjb25maXJtQWN0aXZhdGlvbihjdHgsIHsgdG9rZW46IGJvZHkudG9rZW4sIG5vdzogY3R4Lm5vdygpIH0pO1xuICAgIHJldHVybiB7IHN0YXR1czogJ09LJyB9IGFzIGNvbnN0O1xuICB9KTtcblxuICAvLyBBcyBmb3IgbGlua3M6IHRoZSBzYW1lIDIwMiB3aGV0aGVyIG9yIG5vdCB0aGUgZW1haWwgd2FpdHMgZm9yIGEgY29kZS5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5yZXF1ZXN0QWNjb3VudEFjdGl2YXRpb25CeVBpbiwgYXN5bmMgKHsgYywgYm9keSwgYWRkcmVzcyB9KSA9PiB7XG4gICAgYXdhaXQgcmVxdWVzdEFjdGl2YXRpb25QaW4oY3R4LCB7IGVtYWlsOiBib2R5LmVtYWlsLCBhZGRyZXNzOiBhZGRyZXNzKCksIG5vdzogY3R4Lm5vdygpLCBhbnN3ZXJlZDogYW5zd2VyU2VudChjKSB9KTtcbiAgICByZXR1cm4geyBzdGF0dXM6ICdBQ0NFUFRFRCcgfSBhcyBjb25zdDtcbiAgfSk7XG5cbiAgbW91bnQoYXBwLCBjdHgsIFJPVVRFUy5jb25maXJtQWNjb3VudEFjdGl2YXRpb25CeVBpbiwgYXN5bmMgKHsgYm9keSB9KSA9PiB7XG4gICAgYXdhaXQgY29uZmlybUFjdGl2YXRpb25QaW4oY3R4LCB7IGVtYWlsOiBib2R5LmVtYWlsLCBwaW46IGJvZHkucGluQ29kZSwgbm93OiBjdHgubm93KCkgfSk7XG4gICAgcmV0dXJuIHsgc3RhdHVzOiAnT0snIH0gYXMgY29uc3Q7XG4gIH0pO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMucmVxdWVzdFBhc3N3b3JkUmVzZXQsIGFzeW5jICh7IGMsIGJvZHksIGFkZHJlc3MgfSkgPT4ge1xuICAgIGF3YWl0IHJlcXVlc3RQYXNzd29yZFJlc2V0KGN0eCwgeyBlbWFpbDogYm9keS5lbWFpbCwgYWRkcmVzczogYWRkcmVzcygpLCBub3c6IGN0eC5ub3coKSwgYW5zd2VyZWQ6IGFuc3dlclNlbnQoYykgfSk7XG4gICAgcmV0dXJuIHsgc3RhdHVzOiAnQUNDRVBURUQnIH0gYXMgY29uc3Q7XG4gIH0pO1xuXG4gIG1vdW50KGFwcCwgY3R4LCBST1VURVMuY29uZmlybVBhc3N3b3JkUmVzZXQsIGFzeW5jICh7IGJvZHkgfSkgPT4ge1xuICAgIGF3YWl0IHJlc2V0UGFzc3dvcmQoY3R4LCB7IHRva2VuOiBib2R5LnRva2VuLCBwYXNzd29yZDogYm9keS5wYXNzd29yZCwgbm93OiBjdHgubm93IH0pO1xuICAgIHJldHVybiB7IHN0YXR1czogJ09LJyB9IGFzIGNvbnN0O1xuICB9KTtcblxuICByZXR1cm4gYXBwO1xufVxuIiwgImltcG9ydCB7IGJhZFJlcXVlc3QsIG5vdEZvdW5kIH0gZnJvbSAnLi4vZXJyb3JzLmpzJztcbmltcG9ydCB7IGRlbGV0ZUFjdGl2YXRpb25QaW4gfSBmcm9tICcuLi9zdG9yZS9hY3RpdmF0aW9uLXBpbnMuanMnO1xuaW1wb3J0IHsgZmluZENsaWVudEJ5SWQsIGZpbmRFbWFpbFJlY2lwaWVudCwgdXBkYXRlQ2xpZW50IH0gZnJvbSAnLi4vc3RvcmUvY2xpZW50cy5qcyc7XG5pbXBvcnQgeyBmaW5kQ29uZmlybWF0aW9uVG9rZW4sIHVzZUVtYWlsVG9rZW4gfSBmcm9tICcuLi9zdG9yZS9lbWFpbC10b2tlbnMuanMnO1xuaW1wb3J0IHR5cGUgeyBFbWFpbFRva2VuUHVycG9zZSB9IGZyb20gJy4uL3N0b3JlL3NjaGVtYS5qcyc7XG5pbXBvcnQgeyBjbGFpbUFjY291bnRGb3JFbWFpbE93bmVyIH0gZnJvbSAnLi9jbGFpbS1hY2NvdW50LmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcbmltcG9ydCB7IGhhc2hFbWFpbFRva2VuLCBpc3N1ZUVtYWlsTGluayB9IGZyb20gJy4vZW1haWwtbGlua3MuanMnO1xuXG4vKipcbiAqIEFza3MgZm9yIGEgbmV3IGFjdGl2YXRpb24gKG9yIGVtYWlsIGNvbmZpcm1hdGlvbikgbGluay4gVGhlIGNhbGxlciBhbnN3ZXJzIDIwMiB3aGF0ZXZlciBoYXBwZW5zXG4gKiBoZXJlLCBzbyBub2JvZHkgbGVhcm5zIHdobyBoYXMgYW4gYWNjb3VudDogdGhlIHJlcXVlc3QgaXMgY291bnRlZCBhbGlrZSBmb3IgZXZlcnkgZW1haWwsIGFuZCB0aGVcbiAqIGxpbmsgaXMgbWFkZSBvbmx5IGFmdGVyIHRoZSBhbnN3ZXIgaGFzIGdvbmUgKGBhbnN3ZXJlZGApLCBzbyBrbm93biBhbmQgdW5rbm93biBlbWFpbHMgZ2V0IHRoZSBzYW1lXG4gKiBhbnN3ZXIgYXQgdGhlIHNhbWUgbW9tZW50LlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmVxdWVzdEFjdGl2YXRpb25MaW5rKFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdjb25maWcnIHwgJ2xpbWl0ZXInIHwgJ21haWxlcicgfCAncHVibGljVXJsJz4sXG4gIGlucHV0OiB7IGVtYWlsOiBzdHJpbmc7IGFkZHJlc3M6IHN0cmluZzsgbm93OiBudW1iZXI7IGFuc3dlcmVkOiBQcm9taXNlPHZvaWQ+IH0sXG4pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgeyBub3cgfSA9IGlucHV0O1xuICBhd2FpdCBkZXBzLmxpbWl0ZXIuZW1haWxSZXF1ZXN0KGlucHV0LmVtYWlsLCBpbnB1dC5hZGRyZXNzLCBub3cpO1xuICBjb25zdCBjbGllbnQgPSBhd2FpdCBmaW5kRW1haWxSZWNpcGllbnQoZGVwcy5kYiwgaW5wdXQuZW1haWwpO1xuICBjb25zdCBwdXJwb3NlOiBFbWFpbFRva2VuUHVycG9zZSB8IHVuZGVmaW5lZCA9XG4gICAgY2xpZW50Py5zdGF0dXMgPT09ICdwZW5kaW5nX2FjdGl2YXRpb24nID8gJ2FjdGl2YXRpb24nIDogY2xpZW50Py5zdGF0dXMgPT09ICdhY3RpdmUnICYmIGNsaWVudC5lbWFpbF9jb25maXJtZWQgPT09IDAgPyAnY29uZmlybWF0aW9uJyA6IHVuZGVmaW5lZDtcbiAgaWYgKGNsaWVudCAmJiBwdXJwb3NlKSBkZXBzLm1haWxlci5hZnRlckFuc3dlcihpbnB1dC5hbnN3ZXJlZCwgKCkgPT4gZGVwcy5kYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoKHRyeCkgPT4gaXNzdWVFbWFpbExpbmsoZGVwcywgdHJ4LCBjbGllbnQsIHB1cnBvc2UsIG5vdykpKTtcbn1cblxuLyoqXG4gKiBGb2xsb3dzIGFuIGFjdGl2YXRpb24gb3IgY29uZmlybWF0aW9uIGxpbms6IHRoZSBhY2NvdW50IGlzIGFjdGl2ZSBhbmQgaXRzIGVtYWlsIGNvbmZpcm1lZC4gVGhlXG4gKiBsaW5rIHByb3ZlcyB0aGUgYWRkcmVzcywgc28gYW4gYWNjb3VudCBuZXZlciBjb25maXJtZWQgaXMgZmlyc3QgdGFrZW4gYmFjayBmb3IgdGhlIGVtYWlsJ3Mgb3duZXJcbiAqIChjbGFpbS1hY2NvdW50LnRzOiBwcm92aWRlciBsaW5rcyBtYWRlIHdpdGggYW4gdW52ZXJpZmllZCBhZGRyZXNzIGdvLCBhbmQgdGhlaXIgc2Vzc2lvbnMpLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gY29uZmlybUFjdGl2YXRpb24oZGVwczogUGljazxJZGVudGl0eURlcHMsICdkYicgfCAnc2Vzc2lvbnMnPiwgaW5wdXQ6IHsgdG9rZW46IHN0cmluZzsgbm93OiBudW1iZXIgfSk6IFByb21pc2U8dm9pZD4ge1xuICBjb25zdCB7IG5vdyB9ID0gaW5wdXQ7XG4gIGF3YWl0IGRlcHMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKGFzeW5jICh0cngpID0+IHtcbiAgICBjb25zdCByb3cgPSBhd2FpdCBmaW5kQ29uZmlybWF0aW9uVG9rZW4odHJ4LCBoYXNoRW1haWxUb2tlbihpbnB1dC50b2tlbikpO1xuICAgIGlmICghcm93KSB0aHJvdyBub3RGb3VuZCgnRU1BSUxfVE9LRU5fSU5WQUxJRCcsICdUaGlzIGxpbmsgaXMgbm90IHZhbGlkJyk7XG4gICAgaWYgKHJvdy5lbWFpbF9jb25maXJtZWQgPT09IDEgJiYgcm93LnN0YXR1cyA9PT0gJ2FjdGl2ZScpIHRocm93IGJhZFJlcXVlc3QoJ0FMUkVBRFlfQ09ORklSTUVEJywgJ1RoaXMgYWNjb3VudCBpcyBhbHJlYWR5IGNvbmZpcm1lZCcpO1xuICAgIGlmIChyb3cudXNlZF9hdCAhPT0gbnVsbCB8fCByb3cuZXhwaXJlc19hdCA8PSBub3cpIHRocm93IG5vdEZvdW5kKCdFTUFJTF9UT0tFTl9JTlZBTElEJywgJ1RoaXMgbGluayBoYXMgZXhwaXJlZCBvciB3YXMgcmVwbGFjZWQgYnkgYSBuZXdlciBvbmUnKTtcbiAgICBhd2FpdCB1c2VFbWFpbFRva2VuKHRyeCwgcm93LnRva2VuX2hhc2gsIG5vdyk7XG4gICAgY29uc3QgYWNjb3VudCA9IGF3YWl0IGZpbmRDbGllbnRCeUlkKHRyeCwgcm93LmNsaWVudF9pZCk7XG4gICAgaWYgKGFjY291bnQpIGF3YWl0IGNsYWltQWNjb3VudEZvckVtYWlsT3duZXIoZGVwcywgdHJ4LCBhY2NvdW50LCB7IHByb29mOiAnZW1haWwtbGluaycsIG5vdyB9KTtcbiAgICBhd2FpdCB1cGRhdGVDbGllbnQodHJ4LCByb3cuY2xpZW50X2lkLCB7IHN0YXR1czogJ2FjdGl2ZScsIGVtYWlsX2NvbmZpcm1lZDogMSwgdXBkYXRlZF9hdDogbm93IH0pO1xuICAgIGF3YWl0IGRlbGV0ZUFjdGl2YXRpb25QaW4odHJ4LCByb3cuY2xpZW50X2lkKTtcbiAgfSk7XG59XG4iLCAiaW1wb3J0IHsgbm90Rm91bmQgfSBmcm9tICcuLi9lcnJvcnMuanMnO1xuaW1wb3J0IHsgYWNjZXB0TmV3UGFzc3dvcmQgfSBmcm9tICcuLi9wYXNzd29yZHMuanMnO1xuaW1wb3J0IHsgZGVsZXRlQWN0aXZhdGlvblBpbiB9IGZyb20gJy4uL3N0b3JlL2FjdGl2YXRpb24tcGlucy5qcyc7XG5pbXBvcnQgeyBmaW5kQ2xpZW50QnlJZCwgZmluZEVtYWlsUmVjaXBpZW50LCBpc0N1c3RvbWVyLCBzdGF0dXNPbmNlRW1haWxQcm92ZWQsIHVwZGF0ZUNsaWVudCB9IGZyb20gJy4uL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHsgZmluZFBhc3N3b3JkUmVzZXRUb2tlbiwgdXNlRW1haWxUb2tlbiB9IGZyb20gJy4uL3N0b3JlL2VtYWlsLXRva2Vucy5qcyc7XG5pbXBvcnQgeyBjbGFpbUFjY291bnRGb3JFbWFpbE93bmVyIH0gZnJvbSAnLi9jbGFpbS1hY2NvdW50LmpzJztcbmltcG9ydCB0eXBlIHsgSWRlbnRpdHlEZXBzIH0gZnJvbSAnLi9kZXBzLmpzJztcbmltcG9ydCB7IGhhc2hFbWFpbFRva2VuLCBpc3N1ZUVtYWlsTGluayB9IGZyb20gJy4vZW1haWwtbGlua3MuanMnO1xuXG4vKiogQXNrcyBmb3IgYSBwYXNzd29yZCByZXNldCBsaW5rOyBhcyBmb3IgYWN0aXZhdGlvbiwgdGhlIGFuc3dlciBmaXJzdCwgdGhlIGxpbmsgKGZvciBhIGN1c3RvbWVyIG9ubHkpIGFmdGVyIGl0LiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHJlcXVlc3RQYXNzd29yZFJlc2V0KFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdjb25maWcnIHwgJ2xpbWl0ZXInIHwgJ21haWxlcicgfCAncHVibGljVXJsJz4sXG4gIGlucHV0OiB7IGVtYWlsOiBzdHJpbmc7IGFkZHJlc3M6IHN0cmluZzsgbm93OiBudW1iZXI7IGFuc3dlcmVkOiBQcm9taXNlPHZvaWQ+IH0sXG4pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgeyBub3cgfSA9IGlucHV0O1xuICBhd2FpdCBkZXBzLmxpbWl0ZXIuZW1haWxSZXF1ZXN0KGlucHV0LmVtYWlsLCBpbnB1dC5hZGRyZXNzLCBub3cpO1xuICBjb25zdCBjbGllbnQgPSBhd2FpdCBmaW5kRW1haWxSZWNpcGllbnQoZGVwcy5kYiwgaW5wdXQuZW1haWwpO1xuICBpZiAoY2xpZW50ICYmIGlzQ3VzdG9tZXIoY2xpZW50KSlcbiAgICBkZXBzLm1haWxlci5hZnRlckFuc3dlcihpbnB1dC5hbnN3ZXJlZCwgKCkgPT4gZGVwcy5kYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoKHRyeCkgPT4gaXNzdWVFbWFpbExpbmsoZGVwcywgdHJ4LCBjbGllbnQsICdwYXNzd29yZF9yZXNldCcsIG5vdykpKTtcbn1cblxuLyoqXG4gKiBTZXRzIGEgbmV3IHBhc3N3b3JkIHRocm91Z2ggYW4gZW1haWxlZCByZXNldCBsaW5rLiBGb2xsb3dpbmcgdGhlIGxpbmsgcHJvdmVzIHRoZSBhZGRyZXNzLCBzbyBhblxuICogYWNjb3VudCBwZW5kaW5nIGFjdGl2YXRpb24gYmVjb21lcyBhY3RpdmUgKG9uZSB3YWl0aW5nIGZvciBhcHByb3ZhbCBrZWVwcyB3YWl0aW5nKSwgYW5kIG9uZSBuZXZlclxuICogY29uZmlybWVkIGlzIGZpcnN0IHRha2VuIGJhY2sgZm9yIHRoZSBlbWFpbCdzIG93bmVyIChjbGFpbS1hY2NvdW50LnRzOiBpdHMgcHJvdmlkZXIgbGlua3MgZ28pO1xuICogZXZlcnkgc2Vzc2lvbiBvZiB0aGUgYWNjb3VudCBlbmRzLCBhbmQgZXZlcnkgc2lnbi1pbiBsaW1pdCBvbiB0aGUgYWNjb3VudCBpcyBsaWZ0ZWQgKHRoZSBvd25lclxuICogcHJvdmVkIHRoZSBhZGRyZXNzOiB3aGF0ZXZlciBndWVzc2luZyB3ZW50IG9uLCBpdCBkb2VzIG5vdCBob2xkIHRoZW0gYmFjaykuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiByZXNldFBhc3N3b3JkKFxuICBkZXBzOiBQaWNrPElkZW50aXR5RGVwcywgJ2RiJyB8ICdjb25maWcnIHwgJ3Nlc3Npb25zJyB8ICdsaW1pdGVyJz4sXG4gIGlucHV0OiB7IHRva2VuOiBzdHJpbmc7IHBhc3N3b3JkOiBzdHJpbmc7IG5vdzogKCkgPT4gbnVtYmVyIH0sXG4pOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgdG9rZW5IYXNoID0gaGFzaEVtYWlsVG9rZW4oaW5wdXQudG9rZW4pO1xuICBjb25zdCBsaXZlID0gYXdhaXQgZmluZFBhc3N3b3JkUmVzZXRUb2tlbihkZXBzLmRiLCB0b2tlbkhhc2gpO1xuICBjb25zdCBub3cgPSBpbnB1dC5ub3coKTtcbiAgaWYgKCFsaXZlIHx8IGxpdmUudXNlZF9hdCAhPT0gbnVsbCB8fCBsaXZlLmV4cGlyZXNfYXQgPD0gbm93KSB0aHJvdyBub3RGb3VuZCgnRU1BSUxfVE9LRU5fSU5WQUxJRCcsICdUaGlzIHBhc3N3b3JkIHJlc2V0IGxpbmsgaXMgbm90IHZhbGlkIG9yIGhhcyBleHBpcmVkJyk7XG4gIGNvbnN0IHBhc3N3b3JkSGFzaCA9IGF3YWl0IGFjY2VwdE5ld1Bhc3N3b3JkKGRlcHMsIGlucHV0LnBhc3N3b3JkKTtcbiAgY29uc3QgY2xpZW50ID0gYXdhaXQgZGVwcy5kYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoYXN5bmMgKHRyeCkgPT4ge1xuICAgIC8vIENsYWltIHRoZSB0b2tlbiBpbnNpZGUgdGhlIHRyYW5zYWN0aW9uOiBvZiB0d28gcmFjaW5nIGNvbmZpcm1hdGlvbnMgb25seSBvbmUgd2lucy5cbiAgICBpZiAoIShhd2FpdCB1c2VFbWFpbFRva2VuKHRyeCwgdG9rZW5IYXNoLCBub3cpKSkgdGhyb3cgbm90Rm91bmQoJ0VNQUlMX1RPS0VOX0lOVkFMSUQnLCAnVGhpcyBwYXNzd29yZCByZXNldCBsaW5rIHdhcyBhbHJlYWR5IHVzZWQnKTtcbiAgICBjb25zdCBhY2NvdW50ID0gYXdhaXQgZmluZENsaWVudEJ5SWQodHJ4LCBsaXZlLmNsaWVudF9pZCk7XG4gICAgY29uc3QgY2xhaW1lZCA9IGFjY291bnQgPyBhd2FpdCBjbGFpbUFjY291bnRGb3JFbWFpbE93bmVyKGRlcHMsIHRyeCwgYWNjb3VudCwgeyBwcm9vZjogJ3Bhc3N3b3JkLXJlc2V0Jywgbm93IH0pIDogdW5kZWZpbmVkO1xuICAgIGNvbnN0IHN0YXR1cyA9IGNsYWltZWQgPyBzdGF0dXNPbmNlRW1haWxQcm92ZWQoY2xhaW1lZCkgOiAnYWN0aXZlJztcbiAgICBjb25zdCB1cGRhdGVkID0gYXdhaXQgdXBkYXRlQ2xpZW50KHRyeCwgbGl2ZS5jbGllbnRfaWQsIHsgcGFzc3dvcmRfaGFzaDogcGFzc3dvcmRIYXNoLCBzdGF0dXMsIGVtYWlsX2NvbmZpcm1lZDogMSwgdXBkYXRlZF9hdDogbm93IH0pO1xuICAgIGF3YWl0IGRlbGV0ZUFjdGl2YXRpb25QaW4odHJ4LCBsaXZlLmNsaWVudF9pZCk7XG4gICAgYXdhaXQgZGVwcy5zZXNzaW9ucy5yZXZva2VDbGllbnRTZXNzaW9ucyh0cngsIGxpdmUuY2xpZW50X2lkLCAncGFzc3dvcmQtcmVzZXQnLCBub3cpO1xuICAgIHJldHVybiB1cGRhdGVkO1xuICB9KTtcbiAgaWYgKGNsaWVudC5lbWFpbCkgYXdhaXQgZGVwcy5saW1pdGVyLmxpZnRBY2NvdW50TGltaXRzKGNsaWVudC5lbWFpbCk7XG59XG4iLCAiaW1wb3J0IHsgaXNJUCB9IGZyb20gJ25vZGU6bmV0JztcbmltcG9ydCB7IHogfSBmcm9tICd6b2QnO1xuaW1wb3J0IHtcbiAgQUdSRUVNRU5UX05BTUVTLFxuICBERUZBVUxUX1BBU1NXT1JEX1BPTElDWSxcbiAgdHlwZSBQYXNzd29yZFBvbGljeSxcbiAgcGFzc3dvcmRQb2xpY3lTY2hlbWEsXG4gIHBvbGljeVByb2JsZW1zLFxuICBSRUdJU1RSQVRJT05fTU9ERVMsXG4gIHR5cGUgUmVnaXN0cmF0aW9uTW9kZSxcbn0gZnJvbSAnLi4vY29udHJhY3QvaW5kZXguanMnO1xuaW1wb3J0IHsgaXNMb29wYmFja0JpbmQgfSBmcm9tICcuL2xvb3BiYWNrLmpzJztcblxuLyoqIFRoZSBsb2NhbCBkZXZlbG9wbWVudCBrZXkgdGhhdCBgbnBtIHN0YXJ0YCBwcmludHMgYW5kIHRoZSBkZW1vIHVzZXMuICovXG5leHBvcnQgY29uc3QgTE9DQUxfQVBJX0tFWSA9ICdzbnItbG9jYWwtZGV2LWtleSc7XG5cbmV4cG9ydCBpbnRlcmZhY2UgUmF0ZUxpbWl0Q29uZmlnIHtcbiAgLyoqXG4gICAqIEZhaWxlZCBzaWduLWlucyBvZiBvbmUgYWNjb3VudCAoZW1haWwpLCBmcm9tIGFueSBhZGRyZXNzLCBhZnRlciB3aGljaCBlYWNoIGZ1cnRoZXIgYXR0ZW1wdFxuICAgKiB3YWl0cyBhIGdyb3dpbmcgZGVsYXkgKDQyOSB3aXRoIFJldHJ5LUFmdGVyOiAxIHMsIDIgcywgNCBzXHUyMDI2IHVwIHRvIGBzaWduSW5NYXhEZWxheVNlY29uZHNgKS5cbiAgICovXG4gIHNpZ25JblBlckFjY291bnQ6IG51bWJlcjtcbiAgLyoqIEZhaWxlZCBzaWduLWlucyBmcm9tIG9uZSBjbGllbnQgYWRkcmVzcywgYWNyb3NzIGFjY291bnRzLCBhZnRlciB3aGljaCBpdCB3YWl0cyB0aGUgc2FtZSBncm93aW5nIGRlbGF5LiAqL1xuICBzaWduSW5QZXJBZGRyZXNzOiBudW1iZXI7XG4gIC8qKiBSZWdpc3RyYXRpb25zIHBlciBjbGllbnQgYWRkcmVzcyBpbnNpZGUgdGhlIHdpbmRvdy4gKi9cbiAgcmVnaXN0cmF0aW9uc1BlckFkZHJlc3M6IG51bWJlcjtcbiAgLyoqIEFjdGl2YXRpb24gYW5kIHBhc3N3b3JkLXJlc2V0IGVtYWlscyBhc2tlZCBmb3Igb25lIGFkZHJlc3MgaW5zaWRlIHRoZSB3aW5kb3cuICovXG4gIGVtYWlsUmVxdWVzdHNQZXJFbWFpbDogbnVtYmVyO1xuICAvKiogQWN0aXZhdGlvbiBhbmQgcGFzc3dvcmQtcmVzZXQgcmVxdWVzdHMgcGVyIGNsaWVudCBhZGRyZXNzIGluc2lkZSB0aGUgd2luZG93LiAqL1xuICBlbWFpbFJlcXVlc3RzUGVyQWRkcmVzczogbnVtYmVyO1xuICAvKiogVGhlIHdpbmRvdzogZml4ZWQgZm9yIHRoZSBjb3VudHMsIGFuZCBmb3IgdGhlIGdyb3dpbmcgZGVsYXlzIHRoZSBxdWlldCB0aW1lIGFmdGVyIHdoaWNoIHRoZXkgYXJlIGZvcmdvdHRlbi4gKi9cbiAgd2luZG93U2Vjb25kczogbnVtYmVyO1xuICAvKiogRmFpbGVkIHNpZ24taW5zIG9mIG9uZSBhY2NvdW50IGZyb20gb25lIGFkZHJlc3MgaW5zaWRlIHRoZSB3aW5kb3cgYmVmb3JlIHRoYXQgYWRkcmVzcyBpcyByZWZ1c2VkICg0MjkpIGZvciBpdC4gKi9cbiAgc2lnbkluUGVyQWNjb3VudEFuZEFkZHJlc3M6IG51bWJlcjtcbiAgLyoqIFRoZSBsb25nZXN0IGRlbGF5IGJldHdlZW4gYXR0ZW1wdHMgb25jZSBgc2lnbkluUGVyQWNjb3VudGAgb3IgYHNpZ25JblBlckFkZHJlc3NgIGlzIHJlYWNoZWQuICovXG4gIHNpZ25Jbk1heERlbGF5U2Vjb25kczogbnVtYmVyO1xuICAvKiogQW5vbnltb3VzIGxvZ2lucyBmcm9tIG9uZSBjbGllbnQgYWRkcmVzcyBpbnNpZGUgdGhlIHdpbmRvdy4gKi9cbiAgYW5vbnltb3VzUGVyQWRkcmVzczogbnVtYmVyO1xuICAvKiogRXZlbnRzIG9uZSBzZXNzaW9uIG1heSBzZW5kIGluc2lkZSB0aGUgd2luZG93LiAqL1xuICBldmVudHNQZXJTZXNzaW9uOiBudW1iZXI7XG4gIC8qKiBCeXRlcyBvZiBldmVudHMgKGFjdGlvbiwgbGFiZWwgYW5kIHBhcmFtZXRlcnMsIGFzIHN0b3JlZCkgb25lIHNlc3Npb24gbWF5IHNlbmQgaW5zaWRlIHRoZSB3aW5kb3cuICovXG4gIGV2ZW50Qnl0ZXNQZXJTZXNzaW9uOiBudW1iZXI7XG4gIC8qKiBFdmVudHMgc3RvcmVkIG9uIG9uZSBwcm9maWxlIChhbGwgaXRzIHNlc3Npb25zKSBpbnNpZGUgdGhlIHdpbmRvdy4gKi9cbiAgZXZlbnRzUGVyUHJvZmlsZTogbnVtYmVyO1xuICAvKiogQnl0ZXMgb2YgZXZlbnRzIHN0b3JlZCBvbiBvbmUgcHJvZmlsZSBpbnNpZGUgdGhlIHdpbmRvdy4gKi9cbiAgZXZlbnRCeXRlc1BlclByb2ZpbGU6IG51bWJlcjtcbn1cblxuLyoqIEN1c3RvbWVyIGZpZWxkcyBhbiBPQXV0aCBjbGFpbSBtYXkgZmlsbCAodGhlIGtleXMgb2YgYFNOUl9PQVVUSF9DTEFJTVNgKS4gKi9cbmV4cG9ydCBjb25zdCBPQVVUSF9DTEFJTV9GSUVMRFMgPSBbXG4gICdlbWFpbCcsXG4gICdmaXJzdE5hbWUnLFxuICAnbGFzdE5hbWUnLFxuICAnZGlzcGxheU5hbWUnLFxuICAncGhvbmUnLFxuICAnY3VzdG9tSWQnLFxuICAnY2l0eScsXG4gICdjb3VudHJ5Q29kZScsXG4gICd6aXBDb2RlJyxcbiAgJ2NvbXBhbnknLFxuICAnYXZhdGFyVXJsJyxcbl0gYXMgY29uc3Q7XG5cbmV4cG9ydCBjb25zdCBMT0dfTEVWRUxTID0gWydmYXRhbCcsICdlcnJvcicsICd3YXJuJywgJ2luZm8nLCAnZGVidWcnLCAndHJhY2UnLCAnc2lsZW50J10gYXMgY29uc3Q7XG5cbmNvbnN0IERFRkFVTFRfUkFURV9MSU1JVDogUmF0ZUxpbWl0Q29uZmlnID0gT2JqZWN0LmZyZWV6ZSh7XG4gIHNpZ25JblBlckFjY291bnQ6IDIwLFxuICBzaWduSW5QZXJBZGRyZXNzOiAxMDAsXG4gIHJlZ2lzdHJhdGlvbnNQZXJBZGRyZXNzOiAzMCxcbiAgZW1haWxSZXF1ZXN0c1BlckVtYWlsOiA1LFxuICBlbWFpbFJlcXVlc3RzUGVyQWRkcmVzczogMzAsXG4gIHdpbmRvd1NlY29uZHM6IDkwMCxcbiAgc2lnbkluUGVyQWNjb3VudEFuZEFkZHJlc3M6IDEwLFxuICBzaWduSW5NYXhEZWxheVNlY29uZHM6IDYwLFxuICBhbm9ueW1vdXNQZXJBZGRyZXNzOiA2MDAsXG4gIGV2ZW50c1BlclNlc3Npb246IDUwMDAsXG4gIGV2ZW50Qnl0ZXNQZXJTZXNzaW9uOiA1ICogMTAyNCAqIDEwMjQsXG4gIGV2ZW50c1BlclByb2ZpbGU6IDIwXzAwMCxcbiAgZXZlbnRCeXRlc1BlclByb2ZpbGU6IDIwICogMTAyNCAqIDEwMjQsXG59KTtcblxuY29uc3QgREVGQVVMVF9PQVVUSF9DTEFJTVM6IFJlY29yZDxzdHJpbmcsIHN0cmluZz4gPSB7IGVtYWlsOiAnZW1haWwnLCBmaXJzdE5hbWU6ICdnaXZlbl9uYW1lJywgbGFzdE5hbWU6ICdmYW1pbHlfbmFtZScgfTtcblxuLyoqIE9uZSBlbnZpcm9ubWVudCB2YXJpYWJsZSB0aGUgc2VydmVyIHJlYWRzLiAqL1xuZXhwb3J0IGludGVyZmFjZSBDb25maWdWYXJpYWJsZSB7XG4gIC8qKiBXaGF0IGl0IHNldHMgKG1hcmtkb3duKS4gKi9cbiAgcmVhZG9ubHkgbWVhbmluZzogc3RyaW5nO1xuICAvKiogVGhlIHZhbHVlIHRha2VuIHdoZW4gdGhlIHZhcmlhYmxlIGlzIHVuc2V0IG9yIGJsYW5rLiAqL1xuICByZWFkb25seSBkZWZhdWx0Pzogc3RyaW5nO1xuICAvKiogV2hhdCBsZWF2aW5nIGl0IHVuc2V0IG1lYW5zLCB3aGVuIHRoZSBkZWZhdWx0IGFsb25lIGRvZXMgbm90IHNheSAobWFya2Rvd24pLiAqL1xuICByZWFkb25seSB1bnNldD86IHN0cmluZztcbn1cblxuY29uc3QgY29kZSA9ICh0ZXh0OiBzdHJpbmcgfCBudW1iZXIpID0+IGBcXGAke3RleHR9XFxgYDtcbmNvbnN0IG9uZU9mID0gKHZhbHVlczogcmVhZG9ubHkgc3RyaW5nW10pID0+IGAke3ZhbHVlcy5zbGljZSgwLCAtMSkubWFwKGNvZGUpLmpvaW4oJywgJyl9IG9yICR7Y29kZSh2YWx1ZXMuYXQoLTEpISl9YDtcblxuLyoqXG4gKiBFdmVyeSB2YXJpYWJsZSBvZiB0aGUgY29uZmlndXJhdGlvbiwgZGVjbGFyZWQgb25jZTogbG9hZENvbmZpZyByZWFkcyBvbmx5IHRoZXNlIChhbmQgdGFrZXMgdGhlaXJcbiAqIGRlZmF1bHRzIGZyb20gaGVyZSksIGFuZCB0aGUgdGFibGVzIG9mIFJFQURNRS5tZCBhbmQgREVTSUdOLm1kIGFyZSBnZW5lcmF0ZWQgZnJvbSB0aGVtXG4gKiAoYG5wbSBydW4gZG9jc2AsIHNjcmlwdHMvZ2VuLWNvbmZpZy1kb2NzLnRzOyB0ZXN0L3NlcnZlci9jb25maWctZG9jcy50ZXN0LnRzIGNoZWNrcyBib3RoKS5cbiAqL1xuZXhwb3J0IGNvbnN0IENPTkZJR19WQVJJQUJMRVMgPSB7XG4gIFBPUlQ6IHsgbWVhbmluZzogJ3BvcnQgdGhlIHNlcnZlciBsaXN0ZW5zIG9uIChgLS1wb3J0YCBvdmVycmlkZXMgaXQpJywgZGVmYXVsdDogJzg3ODcnIH0sXG4gIEhPU1Q6IHsgbWVhbmluZzogJ2FkZHJlc3MgdGhlIHNlcnZlciBsaXN0ZW5zIG9uIChgLS1ob3N0YCBvdmVycmlkZXMgaXQpJywgZGVmYXVsdDogJzEyNy4wLjAuMScgfSxcbiAgREFUQUJBU0VfVVJMOiB7IG1lYW5pbmc6ICdgcG9zdGdyZXM6Ly9cdTIwMjZgIHNlbGVjdHMgUG9zdGdyZVNRTDsgYW55dGhpbmcgZWxzZSBpcyBhIFNRTGl0ZSBmaWxlIHBhdGgnLCBkZWZhdWx0OiAnLmRhdGEvc25yLWF1dGguc3FsaXRlJyB9LFxuICBTTlJfREJfVElNRU9VVF9NUzoge1xuICAgIG1lYW5pbmc6XG4gICAgICAnUG9zdGdyZVNRTDogdGhlIGRlYWRsaW5lIG9mIGVhY2ggcXVlcnkgYW5kIG9mIGVhY2ggd2FpdCBmb3IgYSBwb29sZWQgY29ubmVjdGlvbjsgcGFzdCBpdCB0aGUgcmVxdWVzdCBhbnN3ZXJzIGA1MDNgIHdpdGggYFJldHJ5LUFmdGVyYCBhbmQgdGhlIGNvbm5lY3Rpb24gaXMgZGlzY2FyZGVkJyxcbiAgICBkZWZhdWx0OiAnMzAwMCcsXG4gIH0sXG4gIFNOUl9BUElfS0VZUzoge1xuICAgIG1lYW5pbmc6ICdKU09OIG9iamVjdDogUHJvZmlsZSBBUEkga2V5IFx1MjE5MiBhbGxvd2VkIGJyb3dzZXIgb3JpZ2lucyAoYFwiKlwiYCBhbnksIGBcImxvY2FsXCJgIGxvY2FsaG9zdCBvcmlnaW5zIGFuZCB0aGUgc2VydmVyXFwncyBvd24pJyxcbiAgICB1bnNldDogYGxvY2FsIG1vZGU6IGtleSAke2NvZGUoTE9DQUxfQVBJX0tFWSl9LCBhbGxvd2VkIGZyb20gdGhlIHNlcnZlcidzIG93biBvcmlnaW4gYW5kIGFueSBcXGBodHRwOi8vbG9jYWxob3N0OipcXGAgLyBcXGBodHRwOi8vMTI3LjAuMC4xOipcXGAgb3JpZ2luOyBwcmludGVkIGF0IHN0YXJ0YCxcbiAgfSxcbiAgU05SX0JBQ0tFTkRfS0VZOiB7XG4gICAgbWVhbmluZzogJ3NlY3JldCBvZiB0aGUgc2l0ZSBiYWNrZW5kIGZvciB0aGUgc2VydmVyLXRvLXNlcnZlciByb3V0ZXMgKHJlY29nbml6ZSwgZGVsZXRpb24pLCBzZW50IGFzIGBBdXRob3JpemF0aW9uOiBCZWFyZXIgXHUyMDI2YDsgYXQgbGVhc3QgMjQgY2hhcmFjdGVycycsXG4gICAgdW5zZXQ6ICd1bnNldDogdGhvc2Ugcm91dGVzIGFuc3dlciA0MDMgd2l0aCBhIGNsZWFyIGNvZGUnLFxuICB9LFxuICBTTlJfUkVHSVNUUkFUSU9OX01PREU6IHsgbWVhbmluZzogb25lT2YoUkVHSVNUUkFUSU9OX01PREVTKSwgZGVmYXVsdDogJ2NvbmZpcm1hdGlvbicgfSxcbiAgU05SX1RPS0VOX1RUTDogeyBtZWFuaW5nOiAndG9rZW4gbGlmZXRpbWUsIHNlY29uZHMnLCBkZWZhdWx0OiAnMzYwMCcgfSxcbiAgU05SX1NFU1NJT05fTUFYX0FHRTogeyBtZWFuaW5nOiAnYWJzb2x1dGUgc2Vzc2lvbiBjYXAsIHNlY29uZHMgKGF0IGxlYXN0IGBTTlJfVE9LRU5fVFRMYCknLCBkZWZhdWx0OiBTdHJpbmcoMzAgKiA4NjQwMCksIHVuc2V0OiAnKDMwIGRheXMpJyB9LFxuICBTTlJfUkVWT0NBVElPTl9DQUNIRV9NUzogeyBtZWFuaW5nOiAnaG93IGxvbmcgYW4gaW5zdGFuY2UgbWF5IHRydXN0IGEgc2Vzc2lvbiByb3cgaXQgcmVhZCcsIGRlZmF1bHQ6ICcxMDAwJyB9LFxuICBTTlJfUEJLREYyX0lURVJBVElPTlM6IHsgbWVhbmluZzogJ1BCS0RGMi1ITUFDLVNIQTI1NiBpdGVyYXRpb25zIGZvciBuZXcgaGFzaGVzIChvbGQgb25lcyB1cGdyYWRlIGF0IHNpZ24taW4pJywgZGVmYXVsdDogJzYwMDAwMCcgfSxcbiAgU05SX1BBU1NXT1JEX1BPTElDWToge1xuICAgIG1lYW5pbmc6IGBKU09OOiAke09iamVjdC5rZXlzKERFRkFVTFRfUEFTU1dPUkRfUE9MSUNZKS5tYXAoY29kZSkuam9pbignLCAnKX1gLFxuICAgIHVuc2V0OiBgJHtERUZBVUxUX1BBU1NXT1JEX1BPTElDWS5taW5MZW5ndGh9LCAke0RFRkFVTFRfUEFTU1dPUkRfUE9MSUNZLm1heExlbmd0aH0sIGFsbCB0cnVlYCxcbiAgfSxcbiAgU05SX1JBVEVfTElNSVQ6IHtcbiAgICBtZWFuaW5nOlxuICAgICAgJ0pTT04gb2JqZWN0IHNldHRpbmcgYW55IG9mIHRoZSBsaW1pdHMgb2YgdGhlIGRlZmF1bHQgY29sdW1uLCBvciBgb2ZmYDsgY291bnRzIHBlciBgd2luZG93U2Vjb25kc2A6ICcgK1xuICAgICAgJ2Egc2lnbi1pbiBpcyByZWZ1c2VkIChgNDI5YCB3aXRoIGBSZXRyeS1BZnRlcmApIHBhc3QgYHNpZ25JblBlckFjY291bnRBbmRBZGRyZXNzYCBmYWlsdXJlcyBvZiBvbmUgYWNjb3VudCBmcm9tIG9uZSBhZGRyZXNzOyAnICtcbiAgICAgICdwYXN0IGBzaWduSW5QZXJBY2NvdW50YCBmYWlsdXJlcyBvZiBhbiBhY2NvdW50IChhbnkgYWRkcmVzcykgb3IgYHNpZ25JblBlckFkZHJlc3NgIGZhaWx1cmVzIGZyb20gYW4gYWRkcmVzcyAoYW55IGFjY291bnQpLCBlYWNoIGZ1cnRoZXIgYXR0ZW1wdCB3YWl0cyAxIHMsIDIgcywgNCBzXHUyMDI2IHVwIHRvIGBzaWduSW5NYXhEZWxheVNlY29uZHNgLCBmb3Jnb3R0ZW4gYWZ0ZXIgYSBxdWlldCB3aW5kb3c7ICcgK1xuICAgICAgJ2Egc3VjY2VzcyBjbGVhcnMgaXRzIGFjY291bnQsIGEgY29tcGxldGVkIHBhc3N3b3JkIHJlc2V0IGxpZnRzIGV2ZXJ5IGxpbWl0IG9uIHRoZSBhY2NvdW50OyAnICtcbiAgICAgICdgYW5vbnltb3VzUGVyQWRkcmVzc2AgYW5vbnltb3VzIGxvZ2lucyBwZXIgYWRkcmVzczsgYGV2ZW50c1BlclNlc3Npb25gL2BldmVudEJ5dGVzUGVyU2Vzc2lvbmAgYW5kIGBldmVudHNQZXJQcm9maWxlYC9gZXZlbnRCeXRlc1BlclByb2ZpbGVgIGV2ZW50cyBhbmQgYnl0ZXMgKGFjdGlvbiwgbGFiZWwsIHBhcmFtZXRlcnMpIHBlciBzZXNzaW9uIGFuZCBwZXIgcHJvZmlsZScsXG4gICAgdW5zZXQ6IE9iamVjdC5lbnRyaWVzKERFRkFVTFRfUkFURV9MSU1JVClcbiAgICAgIC5tYXAoKFtuYW1lLCB2YWx1ZV0pID0+IGBcXGAke25hbWV9XFxgICR7dmFsdWV9YClcbiAgICAgIC5qb2luKCcsICcpLFxuICB9LFxuICBTTlJfQU5PTllNT1VTX1JFVEVOVElPTl9EQVlTOiB7XG4gICAgbWVhbmluZzogJ2Fub255bW91cyBwcm9maWxlcyB0aGF0IG5ldmVyIHRyYWNrZWQgYW4gZXZlbnQgYW5kIGhhZCBubyBzZXNzaW9uIGZvciB0aGlzIG1hbnkgZGF5cyBhcmUgcHVyZ2VkLCB3aXRoIHRoZWlyIHNlc3Npb25zJyxcbiAgICBkZWZhdWx0OiAnMzAnLFxuICB9LFxuICBTTlJfU01UUF9VUkw6IHtcbiAgICBtZWFuaW5nOiAnU01UUCBzZXJ2ZXIgKGBzbXRwOi8vdXNlcjpwYXNzQGhvc3Q6NTg3YCknLFxuICAgIHVuc2V0OiAnb3V0Ym94IG1vZGU6IG1haWwgaXMga2VwdCBpbiB0aGUgZGF0YWJhc2UgYW5kIGxvZ2dlZCBhdCBgaW5mb2AsIGxpbmtzIGluY2x1ZGVkLCBldmVuIHdpdGggYFNOUl9BUElfS0VZU2Agc2V0JyxcbiAgfSxcbiAgU05SX01BSUxfRlJPTTogeyBtZWFuaW5nOiAnc2VuZGVyLCBgYUBiYCBvciBgTmFtZSA8YUBiPmAnLCBkZWZhdWx0OiAnc25yLWF1dGggPG5vLXJlcGx5QGxvY2FsaG9zdD4nIH0sXG4gIFNOUl9MQU5ESU5HX1VSTDoge1xuICAgIG1lYW5pbmc6ICdwYWdlIHRoZSBlbWFpbGVkIGxpbmtzIG9wZW4gKGA/YWN0aW9uPVx1MjAyNiZ0b2tlbj1cdTIwMjZgKTogYSBwYWdlIG9mIHRoZSBzaXRlIHdpdGggYDxzbnItbGFuZGluZz5gJyxcbiAgICB1bnNldDpcbiAgICAgIFwiYDxzZXJ2ZXI+L2xhbmRpbmdgOiB0aGUgZGVtbydzIHBhZ2Ugd2l0aCBgLS1kZW1vYCwgaW4gbG9jYWwgbW9kZSBhIHBhZ2Ugb2YgdGhlIHNlcnZlcidzIG93biwgb3RoZXJ3aXNlIG5vIHBhZ2UgKHdpdGggU01UUCB0aGUgc3RhcnQgbG9ncyBhIHdhcm5pbmcpOiBzZXQgaXQgaW4gcHJvZHVjdGlvblwiLFxuICB9LFxuICBTTlJfU0lURV9VUkw6IHtcbiAgICBtZWFuaW5nOiBcInRoZSBzaXRlJ3MgYWRkcmVzczogdGhlIHNlcnZlcidzIG93biBwYWdlcyAoYC9sYW5kaW5nYCwgYC9gKSBsaW5rIGJhY2sgdG8gaXRcIixcbiAgICB1bnNldDogJ3RoZSBvcmlnaW4gb2YgdGhlIHJlZmVycmluZyBwYWdlIHdoZW4gYW4gQVBJIGtleSBhbGxvd3MgaXQsIGVsc2Ugbm8gbGluaycsXG4gIH0sXG4gIFNOUl9BR1JFRU1FTlRTOiB7IG1lYW5pbmc6IGBhZ3JlZW1lbnRzIHRoZSBmb3JtcyBvZmZlciBhbmQgXFxgL3Nuci9jb25maWdcXGAgbGlzdHMgKFxcYCR7QUdSRUVNRU5UX05BTUVTLmpvaW4oJywnKX1cXGApYCwgZGVmYXVsdDogJ2VtYWlsLHNtcycgfSxcbiAgU05SX0JPRFlfTElNSVQ6IHsgbWVhbmluZzogJ2xhcmdlc3QgcmVxdWVzdCBib2R5LCBieXRlcyAobGFyZ2VyIG9uZXMgZ2V0IGA0MTNgKScsIGRlZmF1bHQ6IFN0cmluZygyNTYgKiAxMDI0KSB9LFxuICBTTlJfUkVRVUVTVF9USU1FT1VUX01TOiB7XG4gICAgbWVhbmluZzogXCJhIHJlcXVlc3QgKGhlYWRlcnMgYW5kIGJvZHkpIG11c3QgYXJyaXZlIHdpdGhpbiB0aGlzLCBlbHNlIE5vZGUncyBiYXJlIGA0MDhgIChubyBlcnJvciBib2R5OiB0aGUgb25lIGZhaWx1cmUgdGhhdCBkb2VzIG5vdCBjYXJyeSBpdClcIixcbiAgICBkZWZhdWx0OiAnMzAwMDAnLFxuICB9LFxuICBTTlJfS0VFUF9BTElWRV9USU1FT1VUX01TOiB7IG1lYW5pbmc6IFwiaWRsZSBrZWVwLWFsaXZlIGNvbm5lY3Rpb25zIGFyZSBrZXB0IHRoaXMgbG9uZyAobG9uZ2VyIHRoYW4gdGhlIGxvYWQgYmFsYW5jZXIncyBpZGxlIHRpbWVvdXQpXCIsIGRlZmF1bHQ6ICc2NTAwMCcgfSxcbiAgU05SX1RSVVNUX1BST1hZOiB7XG4gICAgbWVhbmluZzogJ2B0cnVlYCB0byB0YWtlIHRoZSBjbGllbnQgYWRkcmVzcyBmcm9tIHRoZSBsYXN0IGBYLUZvcndhcmRlZC1Gb3JgIGhvcCAob25lIHByb3h5IGluIGZyb250LCB3aGljaCBhcHBlbmRzIHRoZSBhZGRyZXNzIGl0IHNhdyknLFxuICAgIGRlZmF1bHQ6ICdmYWxzZScsXG4gIH0sXG4gIFNOUl9JU1NVRVI6IHsgbWVhbmluZzogXCJ0aGUgdG9rZW5zJyBgaXNzYFwiLCBkZWZhdWx0OiAnc25yLWF1dGgnIH0sXG4gIFNOUl9MT0dfTEVWRUw6IHtcbiAgICBtZWFuaW5nOiBgJHtvbmVPZihMT0dfTEVWRUxTKX0gKHBpbm8pOiBKU09OIGxvZ3Mgb24gc3Rkb3V0LCBvbmUgbGluZSBwZXIgZmFpbGVkIHJlcXVlc3QgKGV2ZXJ5IHJlcXVlc3QgYXQgXFxgZGVidWdcXGApLCBwYXNzd29yZHMgYW5kIHRva2VucyByZWRhY3RlZGAsXG4gICAgZGVmYXVsdDogJ2luZm8nLFxuICB9LFxuICBTTlJfRkFDRUJPT0tfQVBQX0lEOiB7IG1lYW5pbmc6ICdGYWNlYm9vayBhcHAgZm9yIEZhY2Vib29rIHNpZ24taW4gKHdpdGggYFNOUl9GQUNFQk9PS19BUFBfU0VDUkVUYCknLCB1bnNldDogJ3Vuc2V0OiBGYWNlYm9vayBkaXNhYmxlZCcgfSxcbiAgU05SX0ZBQ0VCT09LX0FQUF9TRUNSRVQ6IHsgbWVhbmluZzogXCJ0aGUgRmFjZWJvb2sgYXBwJ3Mgc2VjcmV0ICh3aXRoIGBTTlJfRkFDRUJPT0tfQVBQX0lEYClcIiwgdW5zZXQ6ICd1bnNldDogRmFjZWJvb2sgZGlzYWJsZWQnIH0sXG4gIFNOUl9GQUNFQk9PS19HUkFQSF9VUkw6IHsgbWVhbmluZzogJ0dyYXBoIEFQSSBiYXNlJywgZGVmYXVsdDogJ2h0dHBzOi8vZ3JhcGguZmFjZWJvb2suY29tJyB9LFxuICBTTlJfT0FVVEhfVkVSSUZZX1VSTDogeyBtZWFuaW5nOiBcInRoZSBzaXRlIGJhY2tlbmQncyB0b2tlbiB2ZXJpZmljYXRpb24gZW5kcG9pbnQsIGZvciBPQXV0aCBzaWduLWluXCIsIHVuc2V0OiAndW5zZXQ6IE9BdXRoIGRpc2FibGVkJyB9LFxuICBTTlJfT0FVVEhfQ0xBSU1TOiB7XG4gICAgbWVhbmluZzogYEpTT04gb2JqZWN0OiBjdXN0b21lciBmaWVsZCBcdTIxOTIgY2xhaW0gbmFtZTsgdGhlIHN1YmplY3QgaXMgXFxgc3ViXFxgOyBhIGZpZWxkIG90aGVyIHRoYW4gJHtPQVVUSF9DTEFJTV9GSUVMRFMubWFwKGNvZGUpLmpvaW4oJywgJyl9IHN0b3BzIHRoZSBzZXJ2ZXJgLFxuICAgIGRlZmF1bHQ6IEpTT04uc3RyaW5naWZ5KERFRkFVTFRfT0FVVEhfQ0xBSU1TKSxcbiAgfSxcbiAgU05SX09BVVRIX1RSVVNUX0VNQUlMOiB7XG4gICAgbWVhbmluZzpcbiAgICAgIFwiYHRydWVgIGNvdW50cyBldmVyeSBlbWFpbCB0aGUgT0F1dGggZW5kcG9pbnQgcmV0dXJucyBhcyB2ZXJpZmllZCwgZXZlbiB3aXRob3V0IGBlbWFpbF92ZXJpZmllZDogdHJ1ZWA7IG9ubHkgZm9yIHRoZSBzaXRlJ3Mgb3duIGVuZHBvaW50IHRoYXQgdm91Y2hlcyBmb3IgZWFjaCBlbWFpbFwiLFxuICAgIGRlZmF1bHQ6ICdmYWxzZScsXG4gIH0sXG4gIFNOUl9HT09HTEVfQ0xJRU5UX0lEOiB7XG4gICAgbWVhbmluZzogXCJHb29nbGUgc2lnbi1pbjogdGhlIE9BdXRoIGNsaWVudCBpZCBvZiB0aGUgc2l0ZSdzIEdvb2dsZSBDbG91ZCBwcm9qZWN0OyBhbiBJRCB0b2tlbidzIGBhdWRgIG11c3QgYmUgdGhpc1wiLFxuICAgIHVuc2V0OiAndW5zZXQ6IEdvb2dsZSBkaXNhYmxlZCcsXG4gIH0sXG4gIFNOUl9HT09HTEVfSVNTVUVSOiB7XG4gICAgbWVhbmluZzogXCJHb29nbGUncyBpc3N1ZXI6IGl0cyBPcGVuSUQgZGlzY292ZXJ5IChgLy53ZWxsLWtub3duL29wZW5pZC1jb25maWd1cmF0aW9uYCkgbmFtZXMgdGhlIGtleXMgSUQgdG9rZW5zIGFyZSBjaGVja2VkIHdpdGhcIixcbiAgICBkZWZhdWx0OiAnaHR0cHM6Ly9hY2NvdW50cy5nb29nbGUuY29tJyxcbiAgfSxcbiAgU05SX0FQUExFX0NMSUVOVF9JRDoge1xuICAgIG1lYW5pbmc6IFwiU2lnbiBpbiB3aXRoIEFwcGxlOiB0aGUgc2l0ZSdzIFNlcnZpY2VzIElEIChlLmcuIGBjb20uc2hvcC53ZWJgKTsgYW4gSUQgdG9rZW4ncyBgYXVkYCBtdXN0IGJlIHRoaXNcIixcbiAgICB1bnNldDogJ3Vuc2V0OiBBcHBsZSBkaXNhYmxlZCcsXG4gIH0sXG4gIFNOUl9BUFBMRV9JU1NVRVI6IHtcbiAgICBtZWFuaW5nOiBcIkFwcGxlJ3MgaXNzdWVyOiBpdHMgT3BlbklEIGRpc2NvdmVyeSBuYW1lcyB0aGUga2V5cyBJRCB0b2tlbnMgYXJlIGNoZWNrZWQgd2l0aFwiLFxuICAgIGRlZmF1bHQ6ICdodHRwczovL2FwcGxlaWQuYXBwbGUuY29tJyxcbiAgfSxcbiAgU05SX0FDVElWQVRJT05fUElOX1RUTDoge1xuICAgIG1lYW5pbmc6XG4gICAgICAnaW4gdGhlIGBwaW5gIHJlZ2lzdHJhdGlvbiBtb2RlLCBob3cgbG9uZyBhbiBlbWFpbGVkIGFjdGl2YXRpb24gY29kZSB3b3Jrcywgc2Vjb25kcyAoYSBjb2RlIGFsc28gZGllcyBhZnRlciA1IHdyb25nIHRyaWVzLCBvciB3aGVuIGEgbmV3IG9uZSBpcyBzZW50KScsXG4gICAgZGVmYXVsdDogJzkwMCcsXG4gIH0sXG4gIFNOUl9URVJNU19WRVJTSU9OOiB7XG4gICAgbWVhbmluZzpcbiAgICAgICd0aGUgdmVyc2lvbiBvZiB0aGUgdGVybXMgZXZlcnkgY3VzdG9tZXIgbXVzdCBoYXZlIGFjY2VwdGVkIChhbnkgdGV4dCwgZS5nLiBgMjAyNi0xMmApOiBhIGN1c3RvbWVyIHdobyBhY2NlcHRlZCBub25lIG9yIGFub3RoZXIgb25lIGlzIGFza2VkIGF0IHRoZSBuZXh0IHNpZ24taW4gKGBURVJNU19BQ0NFUFRBTkNFX1JFUVVJUkVEYCknLFxuICAgIHVuc2V0OiAndW5zZXQ6IG5vIHRlcm1zIGFyZSBhc2tlZCBmb3InLFxuICB9LFxuICBTTlJfVEVSTVNfVVJMOiB7IG1lYW5pbmc6ICd0aGUgcGFnZSB3aXRoIHRoZSB0ZXJtcyBvZiBgU05SX1RFUk1TX1ZFUlNJT05gIChyZXF1aXJlZCB3aXRoIGl0KScsIHVuc2V0OiAndW5zZXQ6IG9ubHkgYWxsb3dlZCB3aXRob3V0IGBTTlJfVEVSTVNfVkVSU0lPTmAnIH0sXG59IGFzIGNvbnN0IHNhdGlzZmllcyBSZWNvcmQ8c3RyaW5nLCBDb25maWdWYXJpYWJsZT47XG5cbmV4cG9ydCB0eXBlIENvbmZpZ1ZhcmlhYmxlTmFtZSA9IGtleW9mIHR5cGVvZiBDT05GSUdfVkFSSUFCTEVTO1xudHlwZSBXaXRoRGVmYXVsdCA9IHsgW0sgaW4gQ29uZmlnVmFyaWFibGVOYW1lXTogKHR5cGVvZiBDT05GSUdfVkFSSUFCTEVTKVtLXSBleHRlbmRzIHsgZGVmYXVsdDogc3RyaW5nIH0gPyBLIDogbmV2ZXIgfVtDb25maWdWYXJpYWJsZU5hbWVdO1xuXG5leHBvcnQgaW50ZXJmYWNlIFNlcnZlckNvbmZpZyB7XG4gIHBvcnQ6IG51bWJlcjtcbiAgaG9zdDogc3RyaW5nO1xuICBsb2dMZXZlbDogKHR5cGVvZiBMT0dfTEVWRUxTKVtudW1iZXJdO1xuICBkYXRhYmFzZVVybDogc3RyaW5nO1xuICAvKiogU05SX0RCX1RJTUVPVVRfTVMuICovXG4gIGRiVGltZW91dE1zOiBudW1iZXI7XG4gIC8qKiBBUEkga2V5IFx1MjE5MiBhbGxvd2VkIGJyb3dzZXIgb3JpZ2luczsgYCpgIGFsbG93cyBhbnk7IGBsb2NhbGAgYWxsb3dzIGxvY2FsaG9zdCBvcmlnaW5zIGFuZCB0aGUgc2VydmVyJ3Mgb3duLiAqL1xuICBhcGlLZXlzOiBNYXA8c3RyaW5nLCBzdHJpbmdbXT47XG4gIGxvY2FsTW9kZTogYm9vbGVhbjtcbiAgYmFja2VuZEtleTogc3RyaW5nIHwgdW5kZWZpbmVkO1xuICByZWdpc3RyYXRpb25Nb2RlOiBSZWdpc3RyYXRpb25Nb2RlO1xuICB0b2tlblR0bDogbnVtYmVyO1xuICBzZXNzaW9uTWF4QWdlOiBudW1iZXI7XG4gIHJldm9jYXRpb25DYWNoZU1zOiBudW1iZXI7XG4gIHBia2RmMkl0ZXJhdGlvbnM6IG51bWJlcjtcbiAgcGFzc3dvcmRQb2xpY3k6IFBhc3N3b3JkUG9saWN5O1xuICBzbXRwVXJsOiBzdHJpbmcgfCB1bmRlZmluZWQ7XG4gIG1haWxGcm9tOiBzdHJpbmc7XG4gIGxhbmRpbmdVcmw6IHN0cmluZyB8IHVuZGVmaW5lZDtcbiAgLyoqIGBTTlJfU0lURV9VUkxgOiB3aGVyZSB0aGUgc2VydmVyJ3Mgb3duIHBhZ2VzIGxpbmsgYmFjayB0by4gKi9cbiAgc2l0ZVVybDogc3RyaW5nIHwgdW5kZWZpbmVkO1xuICBpc3N1ZXI6IHN0cmluZztcbiAgZmFjZWJvb2s6IHsgYXBwSWQ6IHN0cmluZzsgYXBwU2VjcmV0OiBzdHJpbmc7IGdyYXBoVXJsOiBzdHJpbmcgfSB8IHVuZGVmaW5lZDtcbiAgLyoqIGB0cnVzdEVtYWlsYDogdGhlIGVuZHBvaW50J3MgZW1haWxzIGNvdW50IGFzIHZlcmlmaWVkIHdpdGhvdXQgYGVtYWlsX3ZlcmlmaWVkYCAoU05SX09BVVRIX1RSVVNUX0VNQUlMKS4gKi9cbiAgb2F1dGg6IHsgdmVyaWZ5VXJsOiBzdHJpbmc7IGNsYWltczogUmVjb3JkPHN0cmluZywgc3RyaW5nPjsgdHJ1c3RFbWFpbDogYm9vbGVhbiB9IHwgdW5kZWZpbmVkO1xuICAvKiogR29vZ2xlIGFuZCBBcHBsZSBzaWduLWluIGJ5IElEIHRva2VuIChTTlJfR09PR0xFXyosIFNOUl9BUFBMRV8qKTsgdW5kZWZpbmVkOiBkaXNhYmxlZC4gKi9cbiAgZ29vZ2xlOiBJZFRva2VuUHJvdmlkZXJDb25maWcgfCB1bmRlZmluZWQ7XG4gIGFwcGxlOiBJZFRva2VuUHJvdmlkZXJDb25maWcgfCB1bmRlZmluZWQ7XG4gIHJhdGVMaW1pdDogUmF0ZUxpbWl0Q29uZmlnIHwgdW5kZWZpbmVkO1xuICAvKiogQW5vbnltb3VzIHByb2ZpbGVzIHdpdGhvdXQgZXZlbnRzIGFuZCB3aXRob3V0IGEgc2Vzc2lvbiBmb3IgdGhpcyBsb25nIGFyZSBwdXJnZWQgKG1zKS4gKi9cbiAgYW5vbnltb3VzUmV0ZW50aW9uTXM6IG51bWJlcjtcbiAgYm9keUxpbWl0OiBudW1iZXI7XG4gIHJlcXVlc3RUaW1lb3V0TXM6IG51bWJlcjtcbiAga2VlcEFsaXZlVGltZW91dE1zOiBudW1iZXI7XG4gIHRydXN0UHJveHk6IGJvb2xlYW47XG4gIGFncmVlbWVudHM6ICh0eXBlb2YgQUdSRUVNRU5UX05BTUVTKVtudW1iZXJdW107XG4gIGVtYWlsVG9rZW5UdGw6IHsgYWN0aXZhdGlvbjogbnVtYmVyOyBwYXNzd29yZFJlc2V0OiBudW1iZXIgfTtcbiAgLyoqIFRoZSBgcGluYCBtb2RlJ3MgY29kZXM6IGxpZmV0aW1lIChzZWNvbmRzKSBhbmQgd3JvbmcgdHJpZXMgYmVmb3JlIGEgY29kZSBpcyB2b2lkLiAqL1xuICBhY3RpdmF0aW9uUGluOiB7IHR0bDogbnVtYmVyOyBtYXhUcmllczogbnVtYmVyIH07XG4gIC8qKiBUaGUgdGVybXMgZXZlcnkgY3VzdG9tZXIgbXVzdCBoYXZlIGFjY2VwdGVkIChgU05SX1RFUk1TX1ZFUlNJT05gLCBgU05SX1RFUk1TX1VSTGApLiAqL1xuICB0ZXJtczogeyB2ZXJzaW9uOiBzdHJpbmc7IHVybDogc3RyaW5nIH0gfCB1bmRlZmluZWQ7XG59XG5cbi8qKiBBbiBPcGVuSUQgQ29ubmVjdCBwcm92aWRlciB3aG9zZSBJRCB0b2tlbnMgdGhlIHNlcnZlciBjaGVja3MgaXRzZWxmLiAqL1xuZXhwb3J0IGludGVyZmFjZSBJZFRva2VuUHJvdmlkZXJDb25maWcge1xuICBjbGllbnRJZDogc3RyaW5nO1xuICAvKiogV2l0aG91dCBhIHRyYWlsaW5nIHNsYXNoOyBpdHMgZGlzY292ZXJ5IGRvY3VtZW50IGlzIGF0IGA8aXNzdWVyPi8ud2VsbC1rbm93bi9vcGVuaWQtY29uZmlndXJhdGlvbmAuICovXG4gIGlzc3Vlcjogc3RyaW5nO1xufVxuLyoqIFdyb25nIHRyaWVzIG9mIG9uZSBhY3RpdmF0aW9uIGNvZGUgYmVmb3JlIGl0IGlzIHZvaWQgYW5kIGEgbmV3IG9uZSBtdXN0IGJlIGFza2VkIGZvci4gKi9cbmV4cG9ydCBjb25zdCBBQ1RJVkFUSU9OX1BJTl9NQVhfVFJJRVMgPSA1O1xuXG4vKiogQSBjb25maWd1cmF0aW9uIHByb2JsZW0sIG5hbWluZyB0aGUgdmFyaWFibGUsIHRoYXQgc3RvcHMgdGhlIHNlcnZlciBhdCBzdGFydC4gKi9cbmV4cG9ydCBjbGFzcyBDb25maWdFcnJvciBleHRlbmRzIEVycm9yIHtcbiAgY29uc3RydWN0b3IoXG4gICAgcmVhZG9ubHkgdmFyaWFibGU6IHN0cmluZyxcbiAgICBtZXNzYWdlOiBzdHJpbmcsXG4gICkge1xuICAgIHN1cGVyKGAke3ZhcmlhYmxlfTogJHttZXNzYWdlfWApO1xuICAgIHRoaXMubmFtZSA9ICdDb25maWdFcnJvcic7XG4gIH1cbn1cblxudHlwZSBFbnYgPSBSZWNvcmQ8c3RyaW5nLCBzdHJpbmcgfCB1bmRlZmluZWQ+O1xuXG5mdW5jdGlvbiBqc29uKHZhcmlhYmxlOiBzdHJpbmcsIHZhbHVlOiBzdHJpbmcpOiB1bmtub3duIHtcbiAgdHJ5IHtcbiAgICByZXR1cm4gSlNPTi5wYXJzZSh2YWx1ZSk7XG4gIH0gY2F0Y2gge1xuICAgIHRocm93IG5ldyBDb25maWdFcnJvcih2YXJpYWJsZSwgJ2lzIG5vdCB2YWxpZCBKU09OJyk7XG4gIH1cbn1cblxuZnVuY3Rpb24gY2hlY2s8VD4odmFyaWFibGU6IHN0cmluZywgc2NoZW1hOiB6LlpvZFR5cGU8VD4sIHZhbHVlOiB1bmtub3duKTogVCB7XG4gIGNvbnN0IHJlc3VsdCA9IHNjaGVtYS5zYWZlUGFyc2UodmFsdWUpO1xuICBpZiAoIXJlc3VsdC5zdWNjZXNzKSB7XG4gICAgY29uc3QgZmlyc3QgPSByZXN1bHQuZXJyb3IuaXNzdWVzWzBdO1xuICAgIGNvbnN0IHdoZXJlID0gZmlyc3Q/LnBhdGgubGVuZ3RoID8gYCAoYXQgJHtmaXJzdC5wYXRoLmpvaW4oJy4nKX0pYCA6ICcnO1xuICAgIHRocm93IG5ldyBDb25maWdFcnJvcih2YXJpYWJsZSwgYCR7Zmlyc3Q/Lm1lc3NhZ2UgPz8gJ2lzIGludmFsaWQnfSR7d2hlcmV9OyBnb3QgJHtKU09OLnN0cmluZ2lmeSh2YWx1ZSl9YCk7XG4gIH1cbiAgcmV0dXJuIHJlc3VsdC5kYXRhO1xufVxuXG5jb25zdCBwb3NpdGl2ZUludCA9IChtYXg6IG51bWJlcikgPT4gei5jb2VyY2UubnVtYmVyKCkuaW50KCkucG9zaXRpdmUoKS5tYXgobWF4KTtcbmNvbnN0IHBvcnROdW1iZXIgPSB6XG4gIC5zdHJpbmcoKVxuICAucmVnZXgoL15cXGQrJC8sICdtdXN0IGJlIGEgcG9ydCBudW1iZXInKVxuICAudHJhbnNmb3JtKE51bWJlcilcbiAgLnBpcGUoei5udW1iZXIoKS5pbnQoKS5taW4oMCkubWF4KDY1NTM1LCAnbXVzdCBiZSBhIHBvcnQgbnVtYmVyICgwXHUyMDEzNjU1MzUpJykpO1xuY29uc3QgaG9zdExhYmVsID0gJ1thLXowLTldKFthLXowLTktXXswLDYxfVthLXowLTldKT8nO1xuY29uc3QgaG9zdE5hbWUgPSBuZXcgUmVnRXhwKGBeKD89LnsxLDI1M31cXFxcLj8kKSR7aG9zdExhYmVsfShcXFxcLiR7aG9zdExhYmVsfSkqXFxcXC4/JGAsICdpJyk7XG5jb25zdCBsaXN0ZW5Ib3N0ID0gei5zdHJpbmcoKS5yZWZpbmUoKGgpID0+IGlzSVAoaCkgIT09IDAgfHwgaG9zdE5hbWUudGVzdChoKSwgJ211c3QgYmUgYW4gSVAgYWRkcmVzcyAoSVB2NiB3aXRob3V0IGJyYWNrZXRzKSBvciBhIGhvc3QgbmFtZScpO1xuLy8gTGVuaWVudDogYGFAYmAgb3IgYE5hbWUgPGFAYj5gOyB0aGUgU01UUCBzZXJ2ZXIgaGFzIHRoZSBsYXN0IHdvcmQuXG5jb25zdCBtYWlsYm94ID0gei5zdHJpbmcoKS5yZWdleCgvXihbXjw+XSo8XFxzKlteXFxzPD5AXStAW15cXHM8PkBdK1xccyo+fFteXFxzPD5AXStAW15cXHM8PkBdKykkLywgJ211c3QgYmUgYW4gYWRkcmVzcywgYUBiIG9yIE5hbWUgPGFAYj4nKTtcblxuLyoqIEEgcG9ydCBnaXZlbiBvbiB0aGUgY29tbWFuZCBsaW5lIG9yIHRvIHN0YXJ0U2VydmVyLCBjaGVja2VkIGFzIGBQT1JUYCBpczsgQ29uZmlnRXJyb3IgbmFtZXMgYHNvdXJjZWAuICovXG5leHBvcnQgZnVuY3Rpb24gY2hlY2tQb3J0KHNvdXJjZTogc3RyaW5nLCB2YWx1ZTogc3RyaW5nIHwgbnVtYmVyKTogbnVtYmVyIHtcbiAgcmV0dXJuIGNoZWNrKHNvdXJjZSwgcG9ydE51bWJlciwgU3RyaW5nKHZhbHVlKSk7XG59XG5cbi8qKiBBIGxpc3RlbmluZyBhZGRyZXNzIGdpdmVuIG9uIHRoZSBjb21tYW5kIGxpbmUgb3IgdG8gc3RhcnRTZXJ2ZXIsIGNoZWNrZWQgYXMgYEhPU1RgIGlzLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGNoZWNrSG9zdChzb3VyY2U6IHN0cmluZywgdmFsdWU6IHN0cmluZyk6IHN0cmluZyB7XG4gIHJldHVybiBjaGVjayhzb3VyY2UsIGxpc3Rlbkhvc3QsIHZhbHVlKTtcbn1cbmNvbnN0IGh0dHBVcmwgPSB6XG4gIC5zdHJpbmcoKVxuICAudXJsKClcbiAgLnJlZmluZSgodSkgPT4gL15odHRwcz86XFwvXFwvLy50ZXN0KHUpLCAnbXVzdCBiZSBhbiBodHRwKHMpIFVSTCcpO1xuXG4vKiogUmVhZHMgdGhlIGNvbmZpZ3VyYXRpb24gb2YgREVTSUdOLm1kIFx1MDBBNzggZnJvbSBlbnZpcm9ubWVudCB2YXJpYWJsZXM7IHRocm93cyBDb25maWdFcnJvciBvbiBhbnkgYmFkIHZhbHVlLiAqL1xuZXhwb3J0IGZ1bmN0aW9uIGxvYWRDb25maWcoZW52OiBFbnYgPSBwcm9jZXNzLmVudik6IFNlcnZlckNvbmZpZyB7XG4gIGNvbnN0IGdldCA9IChuYW1lOiBDb25maWdWYXJpYWJsZU5hbWUpID0+IHtcbiAgICBjb25zdCB2YWx1ZSA9IGVudltuYW1lXTtcbiAgICByZXR1cm4gdmFsdWUgPT09IHVuZGVmaW5lZCB8fCB2YWx1ZS50cmltKCkgPT09ICcnID8gdW5kZWZpbmVkIDogdmFsdWUudHJpbSgpO1xuICB9O1xuICBjb25zdCBnZXRPckRlZmF1bHQgPSAobmFtZTogV2l0aERlZmF1bHQpOiBzdHJpbmcgPT4gZ2V0KG5hbWUpID8/IENPTkZJR19WQVJJQUJMRVNbbmFtZV0uZGVmYXVsdDtcblxuICBjb25zdCBwb3J0ID0gY2hlY2tQb3J0KCdQT1JUJywgZ2V0T3JEZWZhdWx0KCdQT1JUJykpO1xuICBjb25zdCBob3N0ID0gY2hlY2tIb3N0KCdIT1NUJywgZ2V0T3JEZWZhdWx0KCdIT1NUJykpO1xuICBjb25zdCBsb2dMZXZlbCA9IGNoZWNrKCdTTlJfTE9HX0xFVkVMJywgei5lbnVtKExPR19MRVZFTFMpLCBnZXRPckRlZmF1bHQoJ1NOUl9MT0dfTEVWRUwnKSk7XG5cbiAgbGV0IGFwaUtleXMgPSBuZXcgTWFwPHN0cmluZywgc3RyaW5nW10+KCk7XG4gIGxldCBsb2NhbE1vZGUgPSBmYWxzZTtcbiAgY29uc3Qga2V5c1JhdyA9IGdldCgnU05SX0FQSV9LRVlTJyk7XG4gIGlmIChrZXlzUmF3ID09PSB1bmRlZmluZWQpIHtcbiAgICBsb2NhbE1vZGUgPSB0cnVlO1xuICAgIGFwaUtleXMuc2V0KExPQ0FMX0FQSV9LRVksIFsnbG9jYWwnXSk7XG4gIH0gZWxzZSB7XG4gICAgY29uc3QgcGFyc2VkID0gY2hlY2soXG4gICAgICAnU05SX0FQSV9LRVlTJyxcbiAgICAgIHoucmVjb3JkKFxuICAgICAgICB6LnN0cmluZygpLm1pbigxKS5tYXgoMjAwKSxcbiAgICAgICAgei5hcnJheSh6LnVuaW9uKFt6LmxpdGVyYWwoJyonKSwgei5saXRlcmFsKCdsb2NhbCcpLCB6LnN0cmluZygpLnJlZ2V4KC9eaHR0cHM/OlxcL1xcL1teL1xcc10rJC8sICdhbiBvcmlnaW4gaXMgc2NoZW1lOi8vaG9zdFs6cG9ydF0sIHdpdGhvdXQgYSBwYXRoJyldKSksXG4gICAgICApLFxuICAgICAganNvbignU05SX0FQSV9LRVlTJywga2V5c1JhdyksXG4gICAgKTtcbiAgICBpZiAoT2JqZWN0LmtleXMocGFyc2VkKS5sZW5ndGggPT09IDApIHRocm93IG5ldyBDb25maWdFcnJvcignU05SX0FQSV9LRVlTJywgJ25hbWVzIG5vIEFQSSBrZXknKTtcbiAgICBhcGlLZXlzID0gbmV3IE1hcChPYmplY3QuZW50cmllcyhwYXJzZWQpKTtcbiAgfVxuXG4gIGNvbnN0IGJhY2tlbmRLZXkgPSBnZXQoJ1NOUl9CQUNLRU5EX0tFWScpO1xuICBpZiAoYmFja2VuZEtleSAhPT0gdW5kZWZpbmVkICYmIGJhY2tlbmRLZXkubGVuZ3RoIDwgMjQpIHtcbiAgICB0aHJvdyBuZXcgQ29uZmlnRXJyb3IoJ1NOUl9CQUNLRU5EX0tFWScsICdtdXN0IGJlIGF0IGxlYXN0IDI0IGNoYXJhY3RlcnMgKGl0IGd1YXJkcyBzZXJ2ZXItdG8tc2VydmVyIHJvdXRlcyknKTtcbiAgfVxuXG4gIGNvbnN0IHJlZ2lzdHJhdGlvbk1vZGUgPSBjaGVjaygnU05SX1JFR0lTVFJBVElPTl9NT0RFJywgei5lbnVtKFJFR0lTVFJBVElPTl9NT0RFUyksIGdldE9yRGVmYXVsdCgnU05SX1JFR0lTVFJBVElPTl9NT0RFJykpO1xuICBjb25zdCB0b2tlblR0bCA9IGNoZWNrKCdTTlJfVE9LRU5fVFRMJywgcG9zaXRpdmVJbnQoMzAgKiA4NjQwMCksIGdldE9yRGVmYXVsdCgnU05SX1RPS0VOX1RUTCcpKTtcbiAgY29uc3Qgc2Vzc2lvbk1heEFnZSA9IGNoZWNrKCdTTlJfU0VTU0lPTl9NQVhfQUdFJywgcG9zaXRpdmVJbnQoMzY2ICogODY0MDApLCBnZXRPckRlZmF1bHQoJ1NOUl9TRVNTSU9OX01BWF9BR0UnKSk7XG4gIGlmIChzZXNzaW9uTWF4QWdlIDwgdG9rZW5UdGwpIHRocm93IG5ldyBDb25maWdFcnJvcignU05SX1NFU1NJT05fTUFYX0FHRScsIGBtdXN0IGJlIGF0IGxlYXN0IFNOUl9UT0tFTl9UVEwgKCR7dG9rZW5UdGx9KWApO1xuICBjb25zdCByZXZvY2F0aW9uQ2FjaGVNcyA9IGNoZWNrKCdTTlJfUkVWT0NBVElPTl9DQUNIRV9NUycsIHouY29lcmNlLm51bWJlcigpLmludCgpLm1pbigwKS5tYXgoNjBfMDAwKSwgZ2V0T3JEZWZhdWx0KCdTTlJfUkVWT0NBVElPTl9DQUNIRV9NUycpKTtcbiAgY29uc3QgcGJrZGYySXRlcmF0aW9ucyA9IGNoZWNrKCdTTlJfUEJLREYyX0lURVJBVElPTlMnLCB6LmNvZXJjZS5udW1iZXIoKS5pbnQoKS5taW4oMTAwMCkubWF4KDEwXzAwMF8wMDApLCBnZXRPckRlZmF1bHQoJ1NOUl9QQktERjJfSVRFUkFUSU9OUycpKTtcblxuICBsZXQgcGFzc3dvcmRQb2xpY3k6IFBhc3N3b3JkUG9saWN5ID0geyAuLi5ERUZBVUxUX1BBU1NXT1JEX1BPTElDWSB9O1xuICBjb25zdCBwb2xpY3lSYXcgPSBnZXQoJ1NOUl9QQVNTV09SRF9QT0xJQ1knKTtcbiAgaWYgKHBvbGljeVJhdyAhPT0gdW5kZWZpbmVkKSB7XG4gICAgY29uc3QgcGFydGlhbCA9IGNoZWNrKCdTTlJfUEFTU1dPUkRfUE9MSUNZJywgei5vYmplY3QocGFzc3dvcmRQb2xpY3lTY2hlbWEuZGVmLnNoYXBlKS5wYXJ0aWFsKCkuc3RyaWN0KCksIGpzb24oJ1NOUl9QQVNTV09SRF9QT0xJQ1knLCBwb2xpY3lSYXcpKTtcbiAgICBwYXNzd29yZFBvbGljeSA9IHsgLi4ucGFzc3dvcmRQb2xpY3ksIC4uLnBhcnRpYWwgfTtcbiAgICBjb25zdCBwcm9ibGVtcyA9IHBvbGljeVByb2JsZW1zKHBhc3N3b3JkUG9saWN5KTtcbiAgICBpZiAocHJvYmxlbXMubGVuZ3RoKSB0aHJvdyBuZXcgQ29uZmlnRXJyb3IoJ1NOUl9QQVNTV09SRF9QT0xJQ1knLCBwcm9ibGVtcy5qb2luKCc7ICcpKTtcbiAgfVxuXG4gIGNvbnN0IHNtdHBVcmwgPSBnZXQoJ1NOUl9TTVRQX1VSTCcpO1xuICBpZiAoc210cFVybCAhPT0gdW5kZWZpbmVkKSBjaGVjaygnU05SX1NNVFBfVVJMJywgei5zdHJpbmcoKS5yZWdleCgvXnNtdHBzPzpcXC9cXC8vLCAnbXVzdCBzdGFydCB3aXRoIHNtdHA6Ly8gb3Igc210cHM6Ly8nKSwgc210cFVybCk7XG4gIGNvbnN0IG1haWxGcm9tID0gY2hlY2soJ1NOUl9NQUlMX0ZST00nLCBtYWlsYm94LCBnZXRPckRlZmF1bHQoJ1NOUl9NQUlMX0ZST00nKSk7XG4gIGNvbnN0IGxhbmRpbmdVcmwgPSBnZXQoJ1NOUl9MQU5ESU5HX1VSTCcpO1xuICBpZiAobGFuZGluZ1VybCAhPT0gdW5kZWZpbmVkKSBjaGVjaygnU05SX0xBTkRJTkdfVVJMJywgaHR0cFVybCwgbGFuZGluZ1VybCk7XG4gIGNvbnN0IHNpdGVVcmwgPSBnZXQoJ1NOUl9TSVRFX1VSTCcpO1xuICBpZiAoc2l0ZVVybCAhPT0gdW5kZWZpbmVkKSBjaGVjaygnU05SX1NJVEVfVVJMJywgaHR0cFVybCwgc2l0ZVVybCk7XG5cbiAgY29uc3QgZmJJZCA9IGdldCgnU05SX0ZBQ0VCT09LX0FQUF9JRCcpO1xuICBjb25zdCBmYlNlY3JldCA9IGdldCgnU05SX0ZBQ0VCT09LX0FQUF9TRUNSRVQnKTtcbiAgaWYgKChmYklkID09PSB1bmRlZmluZWQpICE9PSAoZmJTZWNyZXQgPT09IHVuZGVmaW5lZCkpIHtcbiAgICB0aHJvdyBuZXcgQ29uZmlnRXJyb3IoXG4gICAgICBmYklkID09PSB1bmRlZmluZWQgPyAnU05SX0ZBQ0VCT09LX0FQUF9JRCcgOiAnU05SX0ZBQ0VCT09LX0FQUF9TRUNSRVQnLFxuICAgICAgJ0ZhY2Vib29rIG5lZWRzIGJvdGggU05SX0ZBQ0VCT09LX0FQUF9JRCBhbmQgU05SX0ZBQ0VCT09LX0FQUF9TRUNSRVQnLFxuICAgICk7XG4gIH1cbiAgY29uc3QgZ3JhcGhVcmwgPSBjaGVjaygnU05SX0ZBQ0VCT09LX0dSQVBIX1VSTCcsIGh0dHBVcmwsIGdldE9yRGVmYXVsdCgnU05SX0ZBQ0VCT09LX0dSQVBIX1VSTCcpKTtcbiAgY29uc3QgZmFjZWJvb2sgPSBmYklkICYmIGZiU2VjcmV0ID8geyBhcHBJZDogZmJJZCwgYXBwU2VjcmV0OiBmYlNlY3JldCwgZ3JhcGhVcmw6IGdyYXBoVXJsLnJlcGxhY2UoL1xcLyQvLCAnJykgfSA6IHVuZGVmaW5lZDtcblxuICBjb25zdCB2ZXJpZnlVcmwgPSBnZXQoJ1NOUl9PQVVUSF9WRVJJRllfVVJMJyk7XG4gIGlmICh2ZXJpZnlVcmwgIT09IHVuZGVmaW5lZCkgY2hlY2soJ1NOUl9PQVVUSF9WRVJJRllfVVJMJywgaHR0cFVybCwgdmVyaWZ5VXJsKTtcbiAgY29uc3QgY2xhaW1zUmF3ID0gZ2V0KCdTTlJfT0FVVEhfQ0xBSU1TJyk7XG4gIGNvbnN0IGNsYWltcyA9IGNsYWltc1Jhd1xuICAgID8gY2hlY2soJ1NOUl9PQVVUSF9DTEFJTVMnLCB6LnJlY29yZCh6LnN0cmluZygpLCB6LnN0cmluZygpLm1pbigxKSksIGpzb24oJ1NOUl9PQVVUSF9DTEFJTVMnLCBjbGFpbXNSYXcpKVxuICAgIDogeyAuLi5ERUZBVUxUX09BVVRIX0NMQUlNUyB9O1xuICAvLyBBIG1pc3NwZWx0IGZpZWxkIHdvdWxkIHNpbGVudGx5IG1hcCBub3RoaW5nLlxuICBjb25zdCB1bmtub3duRmllbGRzID0gT2JqZWN0LmtleXMoY2xhaW1zKS5maWx0ZXIoKGYpID0+ICEoT0FVVEhfQ0xBSU1fRklFTERTIGFzIHJlYWRvbmx5IHN0cmluZ1tdKS5pbmNsdWRlcyhmKSk7XG4gIGlmICh1bmtub3duRmllbGRzLmxlbmd0aCkge1xuICAgIHRocm93IG5ldyBDb25maWdFcnJvcihcbiAgICAgICdTTlJfT0FVVEhfQ0xBSU1TJyxcbiAgICAgIGB1bmtub3duIGZpZWxkICR7dW5rbm93bkZpZWxkcy5tYXAoKGYpID0+IEpTT04uc3RyaW5naWZ5KGYpKS5qb2luKCcsICcpfTsgdGhlIGZpZWxkcyBhcmUgJHtPQVVUSF9DTEFJTV9GSUVMRFMuam9pbignLCAnKX1gLFxuICAgICk7XG4gIH1cbiAgLy8gT25seSBmb3IgYW4gZW5kcG9pbnQgb2YgdGhlIHNpdGUncyBvd24gYmFja2VuZCwgd2hpY2ggdm91Y2hlcyBmb3IgZXZlcnkgZW1haWwgaXQgcmV0dXJuczogYW5cbiAgLy8gZW1haWwgY291bnRlZCBhcyB2ZXJpZmllZCBsaW5rcyB0byAoYW5kIHRha2VzIG92ZXIpIHRoZSBhY2NvdW50IHRoYXQgaGFzIGl0LlxuICBjb25zdCB0cnVzdEVtYWlsID0gY2hlY2soJ1NOUl9PQVVUSF9UUlVTVF9FTUFJTCcsIHouZW51bShbJ3RydWUnLCAnZmFsc2UnXSksIGdldE9yRGVmYXVsdCgnU05SX09BVVRIX1RSVVNUX0VNQUlMJykpID09PSAndHJ1ZSc7XG4gIGNvbnN0IG9hdXRoID0gdmVyaWZ5VXJsID8geyB2ZXJpZnlVcmwsIGNsYWltcywgdHJ1c3RFbWFpbCB9IDogdW5kZWZpbmVkO1xuXG4gIGNvbnN0IGlkVG9rZW5Qcm92aWRlciA9IChjbGllbnRJZFZhcjogJ1NOUl9HT09HTEVfQ0xJRU5UX0lEJyB8ICdTTlJfQVBQTEVfQ0xJRU5UX0lEJywgaXNzdWVyVmFyOiAnU05SX0dPT0dMRV9JU1NVRVInIHwgJ1NOUl9BUFBMRV9JU1NVRVInKSA9PiB7XG4gICAgY29uc3QgaXNzdWVyID0gY2hlY2soaXNzdWVyVmFyLCBodHRwVXJsLCBnZXRPckRlZmF1bHQoaXNzdWVyVmFyKSkucmVwbGFjZSgvXFwvKyQvLCAnJyk7XG4gICAgY29uc3QgY2xpZW50SWQgPSBnZXQoY2xpZW50SWRWYXIpO1xuICAgIGlmIChjbGllbnRJZCAhPT0gdW5kZWZpbmVkKVxuICAgICAgY2hlY2soXG4gICAgICAgIGNsaWVudElkVmFyLFxuICAgICAgICB6XG4gICAgICAgICAgLnN0cmluZygpXG4gICAgICAgICAgLm1heCg1MDApXG4gICAgICAgICAgLnJlZ2V4KC9eW1xceDIxLVxceDdlXSskLywgJ211c3QgYmUgcHJpbnRhYmxlIEFTQ0lJIHdpdGhvdXQgc3BhY2VzJyksXG4gICAgICAgIGNsaWVudElkLFxuICAgICAgKTtcbiAgICByZXR1cm4gY2xpZW50SWQgPyB7IGNsaWVudElkLCBpc3N1ZXIgfSA6IHVuZGVmaW5lZDtcbiAgfTtcbiAgY29uc3QgZ29vZ2xlID0gaWRUb2tlblByb3ZpZGVyKCdTTlJfR09PR0xFX0NMSUVOVF9JRCcsICdTTlJfR09PR0xFX0lTU1VFUicpO1xuICBjb25zdCBhcHBsZSA9IGlkVG9rZW5Qcm92aWRlcignU05SX0FQUExFX0NMSUVOVF9JRCcsICdTTlJfQVBQTEVfSVNTVUVSJyk7XG5cbiAgbGV0IHJhdGVMaW1pdDogUmF0ZUxpbWl0Q29uZmlnIHwgdW5kZWZpbmVkID0geyAuLi5ERUZBVUxUX1JBVEVfTElNSVQgfTtcbiAgY29uc3QgcmF0ZVJhdyA9IGdldCgnU05SX1JBVEVfTElNSVQnKTtcbiAgaWYgKHJhdGVSYXcgPT09ICdvZmYnKSByYXRlTGltaXQgPSB1bmRlZmluZWQ7XG4gIGVsc2UgaWYgKHJhdGVSYXcgIT09IHVuZGVmaW5lZCkge1xuICAgIGNvbnN0IGNvdW50ID0gei5udW1iZXIoKS5pbnQoKS5wb3NpdGl2ZSgpO1xuICAgIHJhdGVMaW1pdCA9IHtcbiAgICAgIC4uLnJhdGVMaW1pdCxcbiAgICAgIC4uLmNoZWNrKFxuICAgICAgICAnU05SX1JBVEVfTElNSVQnLFxuICAgICAgICB6XG4gICAgICAgICAgLm9iamVjdCh7XG4gICAgICAgICAgICBzaWduSW5QZXJBY2NvdW50OiBjb3VudCxcbiAgICAgICAgICAgIHNpZ25JblBlckFkZHJlc3M6IGNvdW50LFxuICAgICAgICAgICAgcmVnaXN0cmF0aW9uc1BlckFkZHJlc3M6IGNvdW50LFxuICAgICAgICAgICAgZW1haWxSZXF1ZXN0c1BlckVtYWlsOiBjb3VudCxcbiAgICAgICAgICAgIGVtYWlsUmVxdWVzdHNQZXJBZGRyZXNzOiBjb3VudCxcbiAgICAgICAgICAgIHdpbmRvd1NlY29uZHM6IGNvdW50LFxuICAgICAgICAgICAgc2lnbkluUGVyQWNjb3VudEFuZEFkZHJlc3M6IGNvdW50LFxuICAgICAgICAgICAgc2lnbkluTWF4RGVsYXlTZWNvbmRzOiBjb3VudCxcbiAgICAgICAgICAgIGFub255bW91c1BlckFkZHJlc3M6IGNvdW50LFxuICAgICAgICAgICAgZXZlbnRzUGVyU2Vzc2lvbjogY291bnQsXG4gICAgICAgICAgICBldmVudEJ5dGVzUGVyU2Vzc2lvbjogY291bnQsXG4gICAgICAgICAgICBldmVudHNQZXJQcm9maWxlOiBjb3VudCxcbiAgICAgICAgICAgIGV2ZW50Qnl0ZXNQZXJQcm9maWxlOiBjb3VudCxcbiAgICAgICAgICB9KVxuICAgICAgICAgIC5wYXJ0aWFsKClcbiAgICAgICAgICAuc3RyaWN0KCksXG4gICAgICAgIGpzb24oJ1NOUl9SQVRFX0xJTUlUJywgcmF0ZVJhdyksXG4gICAgICApLFxuICAgIH07XG4gIH1cblxuICBjb25zdCBhbm9ueW1vdXNSZXRlbnRpb25NcyA9IGNoZWNrKCdTTlJfQU5PTllNT1VTX1JFVEVOVElPTl9EQVlTJywgcG9zaXRpdmVJbnQoMzY1MCksIGdldE9yRGVmYXVsdCgnU05SX0FOT05ZTU9VU19SRVRFTlRJT05fREFZUycpKSAqIDI0ICogNjAgKiA2MCAqIDEwMDA7XG5cbiAgY29uc3QgYm9keUxpbWl0ID0gY2hlY2soJ1NOUl9CT0RZX0xJTUlUJywgcG9zaXRpdmVJbnQoMTAgKiAxMDI0ICogMTAyNCksIGdldE9yRGVmYXVsdCgnU05SX0JPRFlfTElNSVQnKSk7XG4gIGNvbnN0IHJlcXVlc3RUaW1lb3V0TXMgPSBjaGVjaygnU05SX1JFUVVFU1RfVElNRU9VVF9NUycsIHouY29lcmNlLm51bWJlcigpLmludCgpLm1pbigxMDAwKS5tYXgoNjAwXzAwMCksIGdldE9yRGVmYXVsdCgnU05SX1JFUVVFU1RfVElNRU9VVF9NUycpKTtcbiAgY29uc3Qga2VlcEFsaXZlVGltZW91dE1zID0gY2hlY2soJ1NOUl9LRUVQX0FMSVZFX1RJTUVPVVRfTVMnLCB6LmNvZXJjZS5udW1iZXIoKS5pbnQoKS5taW4oMTAwMCkubWF4KDYwMF8wMDApLCBnZXRPckRlZmF1bHQoJ1NOUl9LRUVQX0FMSVZFX1RJTUVPVVRfTVMnKSk7XG4gIGNvbnN0IGRiVGltZW91dE1zID0gY2hlY2soJ1NOUl9EQl9USU1FT1VUX01TJywgei5jb2VyY2UubnVtYmVyKCkuaW50KCkubWluKDEwMCkubWF4KDYwMF8wMDApLCBnZXRPckRlZmF1bHQoJ1NOUl9EQl9USU1FT1VUX01TJykpO1xuICBjb25zdCB0cnVzdFByb3h5ID0gY2hlY2soJ1NOUl9UUlVTVF9QUk9YWScsIHouZW51bShbJ3RydWUnLCAnZmFsc2UnXSksIGdldE9yRGVmYXVsdCgnU05SX1RSVVNUX1BST1hZJykpID09PSAndHJ1ZSc7XG4gIGNvbnN0IGFncmVlbWVudHMgPSBjaGVjayhcbiAgICAnU05SX0FHUkVFTUVOVFMnLFxuICAgIHouYXJyYXkoei5lbnVtKEFHUkVFTUVOVF9OQU1FUykpLFxuICAgIGdldE9yRGVmYXVsdCgnU05SX0FHUkVFTUVOVFMnKVxuICAgICAgLnNwbGl0KCcsJylcbiAgICAgIC5tYXAoKHMpID0+IHMudHJpbSgpKVxuICAgICAgLmZpbHRlcihCb29sZWFuKSxcbiAgKTtcblxuICBjb25zdCBhY3RpdmF0aW9uUGluVHRsID0gY2hlY2soJ1NOUl9BQ1RJVkFUSU9OX1BJTl9UVEwnLCB6LmNvZXJjZS5udW1iZXIoKS5pbnQoKS5taW4oNjApLm1heCg4NjQwMCksIGdldE9yRGVmYXVsdCgnU05SX0FDVElWQVRJT05fUElOX1RUTCcpKTtcbiAgY29uc3QgdGVybXNWZXJzaW9uID0gZ2V0KCdTTlJfVEVSTVNfVkVSU0lPTicpO1xuICBjb25zdCB0ZXJtc1VybCA9IGdldCgnU05SX1RFUk1TX1VSTCcpO1xuICBpZiAodGVybXNWZXJzaW9uICE9PSB1bmRlZmluZWQpXG4gICAgY2hlY2soXG4gICAgICAnU05SX1RFUk1TX1ZFUlNJT04nLFxuICAgICAgelxuICAgICAgICAuc3RyaW5nKClcbiAgICAgICAgLm1heCgxMDApXG4gICAgICAgIC5yZWdleCgvXlxcUHtDY30qJC91LCAnbXVzdCBiZSBvbmUgbGluZSBvZiB0ZXh0JyksXG4gICAgICB0ZXJtc1ZlcnNpb24sXG4gICAgKTtcbiAgaWYgKHRlcm1zVmVyc2lvbiAhPT0gdW5kZWZpbmVkICYmIHRlcm1zVXJsID09PSB1bmRlZmluZWQpXG4gICAgdGhyb3cgbmV3IENvbmZpZ0Vycm9yKCdTTlJfVEVSTVNfVVJMJywgJ2lzIHJlcXVpcmVkIHdpdGggU05SX1RFUk1TX1ZFUlNJT046IGN1c3RvbWVycyBhcmUgc2hvd24gdGhlIHRlcm1zIHRoZXkgYWNjZXB0Jyk7XG4gIGlmICh0ZXJtc1VybCAhPT0gdW5kZWZpbmVkICYmIHRlcm1zVmVyc2lvbiA9PT0gdW5kZWZpbmVkKSB0aHJvdyBuZXcgQ29uZmlnRXJyb3IoJ1NOUl9URVJNU19WRVJTSU9OJywgJ2lzIHJlcXVpcmVkIHdpdGggU05SX1RFUk1TX1VSTCcpO1xuICBpZiAodGVybXNVcmwgIT09IHVuZGVmaW5lZCkgY2hlY2soJ1NOUl9URVJNU19VUkwnLCBodHRwVXJsLCB0ZXJtc1VybCk7XG4gIGNvbnN0IHRlcm1zID0gdGVybXNWZXJzaW9uICE9PSB1bmRlZmluZWQgJiYgdGVybXNVcmwgIT09IHVuZGVmaW5lZCA/IHsgdmVyc2lvbjogdGVybXNWZXJzaW9uLCB1cmw6IHRlcm1zVXJsIH0gOiB1bmRlZmluZWQ7XG5cbiAgcmV0dXJuIHtcbiAgICBwb3J0LFxuICAgIGhvc3QsXG4gICAgbG9nTGV2ZWwsXG4gICAgZGF0YWJhc2VVcmw6IGdldE9yRGVmYXVsdCgnREFUQUJBU0VfVVJMJyksXG4gICAgZGJUaW1lb3V0TXMsXG4gICAgYXBpS2V5cyxcbiAgICBsb2NhbE1vZGUsXG4gICAgYmFja2VuZEtleSxcbiAgICByZWdpc3RyYXRpb25Nb2RlLFxuICAgIHRva2VuVHRsLFxuICAgIHNlc3Npb25NYXhBZ2UsXG4gICAgcmV2b2NhdGlvbkNhY2hlTXMsXG4gICAgcGJrZGYySXRlcmF0aW9ucyxcbiAgICBwYXNzd29yZFBvbGljeSxcbiAgICBzbXRwVXJsLFxuICAgIG1haWxGcm9tLFxuICAgIGxhbmRpbmdVcmwsXG4gICAgc2l0ZVVybCxcbiAgICBpc3N1ZXI6IGdldE9yRGVmYXVsdCgnU05SX0lTU1VFUicpLFxuICAgIGZhY2Vib29rLFxuICAgIG9hdXRoLFxuICAgIGdvb2dsZSxcbiAgICBhcHBsZSxcbiAgICByYXRlTGltaXQsXG4gICAgYW5vbnltb3VzUmV0ZW50aW9uTXMsXG4gICAgYm9keUxpbWl0LFxuICAgIHJlcXVlc3RUaW1lb3V0TXMsXG4gICAga2VlcEFsaXZlVGltZW91dE1zLFxuICAgIHRydXN0UHJveHksXG4gICAgYWdyZWVtZW50cyxcbiAgICBlbWFpbFRva2VuVHRsOiB7IGFjdGl2YXRpb246IDcgKiA4NjQwMCwgcGFzc3dvcmRSZXNldDogMzYwMCB9LFxuICAgIGFjdGl2YXRpb25QaW46IHsgdHRsOiBhY3RpdmF0aW9uUGluVHRsLCBtYXhUcmllczogQUNUSVZBVElPTl9QSU5fTUFYX1RSSUVTIH0sXG4gICAgdGVybXMsXG4gIH07XG59XG5cbi8qKiBXaGF0IGlzIGFsbG93ZWQgYnV0IHByb2JhYmx5IGEgbWlzdGFrZSBpbiB0aGlzIGNvbmZpZ3VyYXRpb246IHRoZSBzZXJ2ZXIgc3RhcnRzLCBhbmQgc2F5cyBzby4gKi9cbmV4cG9ydCBmdW5jdGlvbiBjb25maWdXYXJuaW5ncyhjb25maWc6IFNlcnZlckNvbmZpZywgb3B0aW9uczogeyBkZW1vOiBib29sZWFuIH0pOiBzdHJpbmdbXSB7XG4gIGNvbnN0IHdhcm5pbmdzOiBzdHJpbmdbXSA9IFtdO1xuICBpZiAoY29uZmlnLmxvY2FsTW9kZSAmJiAhaXNMb29wYmFja0JpbmQoY29uZmlnLmhvc3QpKSB7XG4gICAgd2FybmluZ3MucHVzaChcbiAgICAgIGBsb2NhbCBtb2RlIChubyBTTlJfQVBJX0tFWVMpIGlzIGZvciBhIGRldmVsb3BlcidzIG1hY2hpbmUsIGJ1dCB0aGUgc2VydmVyIGxpc3RlbnMgb24gJHtjb25maWcuaG9zdH0sIHJlYWNoYWJsZSBmcm9tIG90aGVyIG1hY2hpbmVzOiBzZXQgU05SX0FQSV9LRVlTLCBvciBsaXN0ZW4gb24gMTI3LjAuMC4xIChIT1NUIG9yIC0taG9zdClgLFxuICAgICk7XG4gIH1cbiAgLy8gSW4gbG9jYWwgbW9kZSB0aGUgYmluIHNlcnZlcyBhIGxhbmRpbmcgcGFnZSBvZiBpdHMgb3duIChzcmMvc2VydmVyL2xhbmRpbmcudHMpLlxuICBpZiAoY29uZmlnLnNtdHBVcmwgIT09IHVuZGVmaW5lZCAmJiBjb25maWcubGFuZGluZ1VybCA9PT0gdW5kZWZpbmVkICYmICFvcHRpb25zLmRlbW8gJiYgIWNvbmZpZy5sb2NhbE1vZGUpIHtcbiAgICB3YXJuaW5ncy5wdXNoKFxuICAgICAgJ2VtYWlsZWQgbGlua3MgcG9pbnQgYXQgPHNlcnZlcj4vbGFuZGluZywgd2hpY2ggb25seSAtLWRlbW8gKG9yIGxvY2FsIG1vZGUpIHNlcnZlcywgc28gdGhleSB3b3VsZCBiZSBkZWFkOiBzZXQgU05SX0xBTkRJTkdfVVJMIHRvIGEgcGFnZSBvZiB0aGUgc2l0ZSB3aXRoIDxzbnItbGFuZGluZz4nLFxuICAgICk7XG4gIH1cbiAgLy8gUHJvZHVjdGlvbiBrZXlzIHdpdGhvdXQgU01UUDogZXZlcnkgYWN0aXZhdGlvbiBhbmQgcmVzZXQgbGluayBpcyB3cml0dGVuIHRvIHRoZSBsb2cgaW4gY2xlYXIuXG4gIGlmICghY29uZmlnLmxvY2FsTW9kZSAmJiBjb25maWcuc210cFVybCA9PT0gdW5kZWZpbmVkKSB7XG4gICAgd2FybmluZ3MucHVzaChcbiAgICAgICdTTlJfQVBJX0tFWVMgaXMgc2V0IGJ1dCBTTlJfU01UUF9VUkwgaXMgbm90OiBtYWlsIGlzIG5vdCBzZW50LCBhbmQgbGl2ZSBhY3RpdmF0aW9uIGFuZCBwYXNzd29yZCByZXNldCBsaW5rcyBhcmUgd3JpdHRlbiB0byB0aGUgbG9nOyBzZXQgU05SX1NNVFBfVVJMJyxcbiAgICApO1xuICB9XG4gIHJldHVybiB3YXJuaW5ncztcbn1cbiIsICJpbXBvcnQgeyBjcmVhdGVQcml2YXRlS2V5LCB0eXBlIEtleU9iamVjdCwgc2lnbiBhcyBzaWduQnl0ZXMgfSBmcm9tICdub2RlOmNyeXB0byc7XG5pbXBvcnQge1xuICBjYWxjdWxhdGVKd2tUaHVtYnByaW50LFxuICBleHBvcnRKV0ssXG4gIGV4cG9ydFNQS0ksXG4gIGdlbmVyYXRlS2V5UGFpcixcbiAgaW1wb3J0SldLLFxuICB0eXBlIEpXSyxcbiAgdHlwZSBKV1RIZWFkZXJQYXJhbWV0ZXJzLFxuICB0eXBlIEpXVFBheWxvYWQsXG4gIGp3dFZlcmlmeSxcbn0gZnJvbSAnam9zZSc7XG5pbXBvcnQgeyB0eXBlIEt5c2VseSwgc3FsLCB0eXBlIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgRGF0YWJhc2UgfSBmcm9tICcuLi9zdG9yZS9zY2hlbWEuanMnO1xuXG5jb25zdCBBTEcgPSAnRVMyNTYnO1xuLyoqIEFuIHVua25vd24gYGtpZGAgbWFrZXMgYW4gaW5zdGFuY2UgcmUtcmVhZCB0aGUga2V5IHRhYmxlIGF0IG1vc3QgdGhpcyBvZnRlbi4gKi9cbmNvbnN0IFJFTE9BRF9JTlRFUlZBTF9NUyA9IDEwMDA7XG4vKiogRXZlcnkgaW5zdGFuY2UgcmUtcmVhZHMgdGhlIGtleSB0YWJsZSB0aGlzIG9mdGVuLCBzbyBhIHJvdGF0aW9uIHJlYWNoZXMgdGhlbSBhbGwuICovXG5leHBvcnQgY29uc3QgS0VZX1JFRlJFU0hfTVMgPSA2MF8wMDA7XG5cbmludGVyZmFjZSBMb2FkZWRLZXkge1xuICBraWQ6IHN0cmluZztcbiAgcHVibGljSndrOiBKV0s7XG4gIHB1YmxpY0tleTogQ3J5cHRvS2V5O1xuICAvKiogVGhlIHNpZ25pbmcga2V5IGFzIG5vZGU6Y3J5cHRvIGhvbGRzIGl0LCB3aXRoIHRoZSBlbmNvZGVkIHByb3RlY3RlZCBoZWFkZXIgaXQgc2lnbnMgdW5kZXIuICovXG4gIHNpZ25lcj86IHsga2V5OiBLZXlPYmplY3Q7IGhlYWRlcjogc3RyaW5nIH07XG4gIHJldGlyZWRBdDogbnVtYmVyIHwgbnVsbDtcbn1cblxuY29uc3QgYmFzZTY0dXJsID0gKHRleHQ6IHN0cmluZykgPT4gQnVmZmVyLmZyb20odGV4dCkudG9TdHJpbmcoJ2Jhc2U2NHVybCcpO1xuXG4vKipcbiAqIFRoZSBzaWduaW5nIGtleXMsIGtlcHQgaW4gdGhlIHN0b3JlIHNvIGV2ZXJ5IGluc3RhbmNlIHNpZ25zIGFuZCB2ZXJpZmllcyBhbGlrZS4gVGhlIG5ld2VzdFxuICogdW5yZXRpcmVkIGtleSBzaWduczsgZXZlcnkga2V5IHN0aWxsIGxpc3RlZCB2ZXJpZmllcyAoYSByZXRpcmVkIGtleSBzdGF5cyBsaXN0ZWQgdW50aWwgdGhlXG4gKiB0b2tlbnMgaXQgc2lnbmVkIGhhdmUgZXhwaXJlZCkuXG4gKi9cbmV4cG9ydCBjbGFzcyBLZXlSaW5nIHtcbiAgcHJpdmF0ZSBrZXlzID0gbmV3IE1hcDxzdHJpbmcsIExvYWRlZEtleT4oKTtcbiAgcHJpdmF0ZSBzaWduaW5nITogTG9hZGVkS2V5O1xuICBwcml2YXRlIGxhc3RSZWxvYWQgPSAwO1xuICBwcml2YXRlIHRpbWVyOiBOb2RlSlMuVGltZW91dCB8IHVuZGVmaW5lZDtcblxuICAvKiogYG5vd2A6IHRoZSBzZXJ2ZXIncyBjbG9jaywgd2hpY2ggdG9rZW4gZXhwaXJ5IGFuZCB0aGUgcmVsb2FkIGludGVydmFsIGFyZSByZWFkIGZyb20uICovXG4gIHByaXZhdGUgY29uc3RydWN0b3IoXG4gICAgcHJpdmF0ZSByZWFkb25seSBkYjogS3lzZWx5PERhdGFiYXNlPixcbiAgICBwcml2YXRlIHJlYWRvbmx5IG5vdzogKCkgPT4gbnVtYmVyLFxuICApIHt9XG5cbiAgc3RhdGljIGFzeW5jIG9wZW4oZGI6IEt5c2VseTxEYXRhYmFzZT4sIGRpYWxlY3Q6ICdzcWxpdGUnIHwgJ3Bvc3RncmVzJywgb3B0aW9uczogeyBub3c/OiAoKSA9PiBudW1iZXIgfSA9IHt9KTogUHJvbWlzZTxLZXlSaW5nPiB7XG4gICAgY29uc3QgcmluZyA9IG5ldyBLZXlSaW5nKGRiLCBvcHRpb25zLm5vdyA/PyAoKCkgPT4gRGF0ZS5ub3coKSkpO1xuICAgIGF3YWl0IHJpbmcucmVsb2FkKCk7XG4gICAgaWYgKCFyaW5nLnNpZ25pbmcpIHtcbiAgICAgIC8vIFRoZSBmaXJzdCBrZXkgaXMgbWFkZSB1bmRlciBhIGxvY2ssIHNvIGluc3RhbmNlcyB0aGF0IHN0YXJ0IHRvZ2V0aGVyIG9uIGEgZnJlc2ggZGF0YWJhc2VcbiAgICAgIC8vIGFncmVlIG9uIG9uZSBrZXkgaW5zdGVhZCBvZiBlYWNoIG1ha2luZyBpdHMgb3duIChTUUxpdGU6IG9uZSB3cml0ZXIgYXQgYSB0aW1lIGFueXdheSkuXG4gICAgICBhd2FpdCBkYi50cmFuc2FjdGlvbigpLmV4ZWN1dGUoYXN5bmMgKHRyeCkgPT4ge1xuICAgICAgICBpZiAoZGlhbGVjdCA9PT0gJ3Bvc3RncmVzJykgYXdhaXQgc3FsYHNlbGVjdCBwZ19hZHZpc29yeV94YWN0X2xvY2soNzMxNjAwMilgLmV4ZWN1dGUodHJ4KTtcbiAgICAgICAgY29uc3QgZXhpc3RpbmcgPSBhd2FpdCB0cnguc2VsZWN0RnJvbSgnc2lnbmluZ19rZXlzJykuc2VsZWN0KCdraWQnKS53aGVyZSgncmV0aXJlZF9hdCcsICdpcycsIG51bGwpLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgICAgICAgaWYgKCFleGlzdGluZykgYXdhaXQgS2V5UmluZy5pbnNlcnRLZXkodHJ4LCByaW5nLm5vdygpKTtcbiAgICAgIH0pO1xuICAgICAgYXdhaXQgcmluZy5yZWxvYWQoKTtcbiAgICB9XG4gICAgcmV0dXJuIHJpbmc7XG4gIH1cblxuICAvKipcbiAgICogUm90YXRpb24gd2l0aG91dCBzaWduaW5nIGFueW9uZSBvdXQ6IGEgbmV3IGtleSBzaWducyBmcm9tIG5vdyBvbjsgdGhlIG9sZCBvbmVzIGFyZSByZXRpcmVkIGJ1dFxuICAgKiBrZWVwIHZlcmlmeWluZyB1bnRpbCBubyB0b2tlbiB0aGV5IHNpZ25lZCBjYW4gc3RpbGwgYmUgYWxpdmUgKGB0b2tlblR0bGAgYWZ0ZXIgcmV0aXJlbWVudCwgcGx1c1xuICAgKiB0aGUgdGltZSBvdGhlciBpbnN0YW5jZXMgbWF5IHRha2UgdG8gbm90aWNlKSwgdGhlbiB0aGV5IGFyZSByZW1vdmVkLlxuICAgKi9cbiAgYXN5bmMgcm90YXRlKG9wdGlvbnM6IHsgdG9rZW5UdGxTZWNvbmRzOiBudW1iZXI7IG5vdz86IG51bWJlciB9KTogUHJvbWlzZTxzdHJpbmc+IHtcbiAgICBjb25zdCBub3cgPSBvcHRpb25zLm5vdyA/PyB0aGlzLm5vdygpO1xuICAgIGNvbnN0IGtpZCA9IGF3YWl0IHRoaXMuZGIudHJhbnNhY3Rpb24oKS5leGVjdXRlKGFzeW5jICh0cngpID0+IHtcbiAgICAgIGF3YWl0IHRyeC51cGRhdGVUYWJsZSgnc2lnbmluZ19rZXlzJykuc2V0KHsgcmV0aXJlZF9hdDogbm93IH0pLndoZXJlKCdyZXRpcmVkX2F0JywgJ2lzJywgbnVsbCkuZXhlY3V0ZSgpO1xuICAgICAgcmV0dXJuIEtleVJpbmcuaW5zZXJ0S2V5KHRyeCwgbm93KTtcbiAgICB9KTtcbiAgICBhd2FpdCB0aGlzLnBydW5lKG9wdGlvbnMudG9rZW5UdGxTZWNvbmRzLCBub3cpO1xuICAgIGF3YWl0IHRoaXMucmVsb2FkKCk7XG4gICAgcmV0dXJuIGtpZDtcbiAgfVxuXG4gIC8qKiBSZW1vdmVzIHJldGlyZWQga2V5cyB0aGF0IGNhbiBubyBsb25nZXIgaGF2ZSBsaXZlIHRva2Vucy4gKi9cbiAgYXN5bmMgcHJ1bmUodG9rZW5UdGxTZWNvbmRzOiBudW1iZXIsIG5vdyA9IHRoaXMubm93KCkpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICBjb25zdCBrZWVwQWZ0ZXIgPSBub3cgLSB0b2tlblR0bFNlY29uZHMgKiAxMDAwIC0gMiAqIEtFWV9SRUZSRVNIX01TO1xuICAgIGF3YWl0IHRoaXMuZGIuZGVsZXRlRnJvbSgnc2lnbmluZ19rZXlzJykud2hlcmUoJ3JldGlyZWRfYXQnLCAnaXMgbm90JywgbnVsbCkud2hlcmUoJ3JldGlyZWRfYXQnLCAnPCcsIGtlZXBBZnRlcikuZXhlY3V0ZSgpO1xuICB9XG5cbiAgLyoqIFJlLXJlYWRzIHRoZSBrZXkgdGFibGUgb24gYSB0aW1lciAoYSByb3RhdGlvbiBtYWRlIGJ5IGFub3RoZXIgaW5zdGFuY2UpOyBzdG9wcGVkIGJ5IGBjbG9zZSgpYC4gKi9cbiAgd2F0Y2goKTogdm9pZCB7XG4gICAgdGhpcy50aW1lciA/Pz0gc2V0SW50ZXJ2YWwoKCkgPT4gdm9pZCB0aGlzLnJlbG9hZCgpLmNhdGNoKCgpID0+IHt9KSwgS0VZX1JFRlJFU0hfTVMpO1xuICAgIHRoaXMudGltZXIudW5yZWYoKTtcbiAgfVxuXG4gIGNsb3NlKCk6IHZvaWQge1xuICAgIGlmICh0aGlzLnRpbWVyKSBjbGVhckludGVydmFsKHRoaXMudGltZXIpO1xuICAgIHRoaXMudGltZXIgPSB1bmRlZmluZWQ7XG4gIH1cblxuICBwcml2YXRlIHN0YXRpYyBhc3luYyBpbnNlcnRLZXkoZGI6IEt5c2VseTxEYXRhYmFzZT4gfCBUcmFuc2FjdGlvbjxEYXRhYmFzZT4sIG5vdzogbnVtYmVyKTogUHJvbWlzZTxzdHJpbmc+IHtcbiAgICBjb25zdCB7IHByaXZhdGVLZXksIHB1YmxpY0tleSB9ID0gYXdhaXQgZ2VuZXJhdGVLZXlQYWlyKEFMRywgeyBleHRyYWN0YWJsZTogdHJ1ZSB9KTtcbiAgICBjb25zdCBwdWJsaWNKd2sgPSBhd2FpdCBleHBvcnRKV0socHVibGljS2V5KTtcbiAgICBjb25zdCBraWQgPSBhd2FpdCBjYWxjdWxhdGVKd2tUaHVtYnByaW50KHB1YmxpY0p3ayk7XG4gICAgYXdhaXQgZGJcbiAgICAgIC5pbnNlcnRJbnRvKCdzaWduaW5nX2tleXMnKVxuICAgICAgLnZhbHVlcyh7XG4gICAgICAgIGtpZCxcbiAgICAgICAgYWxnOiBBTEcsXG4gICAgICAgIHByaXZhdGVfandrOiBKU09OLnN0cmluZ2lmeShhd2FpdCBleHBvcnRKV0socHJpdmF0ZUtleSkpLFxuICAgICAgICBwdWJsaWNfandrOiBKU09OLnN0cmluZ2lmeSh7IC4uLnB1YmxpY0p3aywga2lkLCBhbGc6IEFMRywgdXNlOiAnc2lnJyB9KSxcbiAgICAgICAgY3JlYXRlZF9hdDogbm93LFxuICAgICAgICByZXRpcmVkX2F0OiBudWxsLFxuICAgICAgfSlcbiAgICAgIC5vbkNvbmZsaWN0KChvYykgPT4gb2MuY29sdW1uKCdraWQnKS5kb05vdGhpbmcoKSlcbiAgICAgIC5leGVjdXRlKCk7XG4gICAgcmV0dXJuIGtpZDtcbiAgfVxuXG4gIGFzeW5jIHJlbG9hZCgpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICB0aGlzLmxhc3RSZWxvYWQgPSB0aGlzLm5vdygpO1xuICAgIGNvbnN0IHJvd3MgPSBhd2FpdCB0aGlzLmRiLnNlbGVjdEZyb20oJ3NpZ25pbmdfa2V5cycpLnNlbGVjdEFsbCgpLm9yZGVyQnkoJ2NyZWF0ZWRfYXQnLCAnZGVzYycpLmV4ZWN1dGUoKTtcbiAgICBjb25zdCBrZXlzID0gbmV3IE1hcDxzdHJpbmcsIExvYWRlZEtleT4oKTtcbiAgICBsZXQgc2lnbmluZzogTG9hZGVkS2V5IHwgdW5kZWZpbmVkO1xuICAgIGZvciAoY29uc3Qgcm93IG9mIHJvd3MpIHtcbiAgICAgIGNvbnN0IGtub3duID0gdGhpcy5rZXlzLmdldChyb3cua2lkKTtcbiAgICAgIGNvbnN0IHB1YmxpY0p3ayA9IEpTT04ucGFyc2Uocm93LnB1YmxpY19qd2spIGFzIEpXSztcbiAgICAgIGNvbnN0IGtleTogTG9hZGVkS2V5ID0ga25vd25cbiAgICAgICAgPyB7IC4uLmtub3duLCByZXRpcmVkQXQ6IHJvdy5yZXRpcmVkX2F0IH1cbiAgICAgICAgOiB7IGtpZDogcm93LmtpZCwgcHVibGljSndrLCBwdWJsaWNLZXk6IChhd2FpdCBpbXBvcnRKV0socHVibGljSndrLCBBTEcpKSBhcyBDcnlwdG9LZXksIHJldGlyZWRBdDogcm93LnJldGlyZWRfYXQgfTtcbiAgICAgIGlmICghc2lnbmluZyAmJiByb3cucmV0aXJlZF9hdCA9PT0gbnVsbCkge1xuICAgICAgICBrZXkuc2lnbmVyID8/PSB7XG4gICAgICAgICAga2V5OiBjcmVhdGVQcml2YXRlS2V5KHsga2V5OiBKU09OLnBhcnNlKHJvdy5wcml2YXRlX2p3aykgYXMgSldLICYgeyBrdHk6IHN0cmluZyB9LCBmb3JtYXQ6ICdqd2snIH0pLFxuICAgICAgICAgIGhlYWRlcjogYmFzZTY0dXJsKEpTT04uc3RyaW5naWZ5KHsgYWxnOiBBTEcsIGtpZDogcm93LmtpZCwgdHlwOiAnSldUJyB9KSksXG4gICAgICAgIH07XG4gICAgICAgIHNpZ25pbmcgPSBrZXk7XG4gICAgICB9XG4gICAgICBrZXlzLnNldChyb3cua2lkLCBrZXkpO1xuICAgIH1cbiAgICB0aGlzLmtleXMgPSBrZXlzO1xuICAgIGlmIChzaWduaW5nKSB0aGlzLnNpZ25pbmcgPSBzaWduaW5nO1xuICB9XG5cbiAgLyoqXG4gICAqIEEgY29tcGFjdCBKV1MgKFJGQyA3NTE1IFx1MDBBNzcuMSkgd2l0aCBFUzI1NiAoUkZDIDc1MTggXHUwMEE3My40OiB0aGUgc2lnbmF0dXJlIGlzIFIgXHUyMDE2IFMsIDY0IGJ5dGVzKSxcbiAgICogc2lnbmVkIHN5bmNocm9ub3VzbHkgYnkgbm9kZTpjcnlwdG8uIGpvc2UncyBgU2lnbkpXVGAgbWFrZXMgdGhlIHNhbWUgdG9rZW4gdGhyb3VnaCBXZWJDcnlwdG8sXG4gICAqIHdob3NlIGFzeW5jaHJvbm91cyBoYW5kLW9mZiBjb3N0IG1vcmUgbWFpbi10aHJlYWQgdGltZSBwZXIgdG9rZW4gdGhhbiB0aGUgc2lnbmF0dXJlIGl0c2VsZlxuICAgKiAoYmVuY2ggbm90ZXMgaW4gQkVOQ0hNQVJLUy5tZCk7IHZlcmlmaWNhdGlvbiBzdGF5cyB3aXRoIGpvc2UuIEEgdGVzdCB2ZXJpZmllcyB0aGVzZSB0b2tlbnNcbiAgICogd2l0aCBqb3NlIGFnYWluc3QgdGhlIHB1Ymxpc2hlZCBKV0tTLlxuICAgKi9cbiAgYXN5bmMgc2lnbihjbGFpbXM6IEpXVFBheWxvYWQpOiBQcm9taXNlPHN0cmluZz4ge1xuICAgIGNvbnN0IHsgc2lnbmVyIH0gPSB0aGlzLnNpZ25pbmc7XG4gICAgY29uc3QgaW5wdXQgPSBgJHtzaWduZXIhLmhlYWRlcn0uJHtiYXNlNjR1cmwoSlNPTi5zdHJpbmdpZnkoY2xhaW1zKSl9YDtcbiAgICBjb25zdCBzaWduYXR1cmUgPSBzaWduQnl0ZXMoJ3NoYTI1NicsIEJ1ZmZlci5mcm9tKGlucHV0KSwgeyBrZXk6IHNpZ25lciEua2V5LCBkc2FFbmNvZGluZzogJ2llZWUtcDEzNjMnIH0pO1xuICAgIHJldHVybiBgJHtpbnB1dH0uJHtzaWduYXR1cmUudG9TdHJpbmcoJ2Jhc2U2NHVybCcpfWA7XG4gIH1cblxuICAvKiogVmVyaWZpZXMgc2lnbmF0dXJlLCBhbGdvcml0aG0sIGlzc3VlciwgYXVkaWVuY2UgYW5kIGV4cGlyeTsgdGhyb3dzIGpvc2UncyBjb2RlZCBlcnJvcnMuICovXG4gIGFzeW5jIHZlcmlmeSh0b2tlbjogc3RyaW5nLCBvcHRpb25zOiB7IGlzc3Vlcjogc3RyaW5nOyBhdWRpZW5jZT86IHN0cmluZyB9KSB7XG4gICAgcmV0dXJuIGp3dFZlcmlmeSh0b2tlbiwgKGhlYWRlcjogSldUSGVhZGVyUGFyYW1ldGVycykgPT4gdGhpcy5rZXlGb3IoaGVhZGVyKSwge1xuICAgICAgYWxnb3JpdGhtczogW0FMR10sXG4gICAgICBpc3N1ZXI6IG9wdGlvbnMuaXNzdWVyLFxuICAgICAgYXVkaWVuY2U6IG9wdGlvbnMuYXVkaWVuY2UsXG4gICAgICBjbG9ja1RvbGVyYW5jZTogMCxcbiAgICAgIGN1cnJlbnREYXRlOiBuZXcgRGF0ZSh0aGlzLm5vdygpKSxcbiAgICB9KTtcbiAgfVxuXG4gIHByaXZhdGUgYXN5bmMga2V5Rm9yKGhlYWRlcjogSldUSGVhZGVyUGFyYW1ldGVycyk6IFByb21pc2U8Q3J5cHRvS2V5PiB7XG4gICAgY29uc3Qga2V5ID0gaGVhZGVyLmtpZCA/IGF3YWl0IHRoaXMuZmluZChoZWFkZXIua2lkKSA6IHVuZGVmaW5lZDtcbiAgICBpZiAoIWtleSkgdGhyb3cgT2JqZWN0LmFzc2lnbihuZXcgRXJyb3IoJ1Vua25vd24gc2lnbmluZyBrZXknKSwgeyBjb2RlOiAnRVJSX0pXS1NfTk9fTUFUQ0hJTkdfS0VZJyB9KTtcbiAgICByZXR1cm4ga2V5LnB1YmxpY0tleTtcbiAgfVxuXG4gIHByaXZhdGUgYXN5bmMgZmluZChraWQ6IHN0cmluZyk6IFByb21pc2U8TG9hZGVkS2V5IHwgdW5kZWZpbmVkPiB7XG4gICAgY29uc3Qga2V5ID0gdGhpcy5rZXlzLmdldChraWQpO1xuICAgIGlmIChrZXkgfHwgdGhpcy5ub3coKSAtIHRoaXMubGFzdFJlbG9hZCA8PSBSRUxPQURfSU5URVJWQUxfTVMpIHJldHVybiBrZXk7XG4gICAgLy8gQW5vdGhlciBpbnN0YW5jZSBtYXkgaGF2ZSByb3RhdGVkIHRoZSBrZXk6IGxvb2sgYWdhaW4sIGF0IG1vc3Qgb25jZSBhIHNlY29uZC5cbiAgICBhd2FpdCB0aGlzLnJlbG9hZCgpO1xuICAgIHJldHVybiB0aGlzLmtleXMuZ2V0KGtpZCk7XG4gIH1cblxuICBqd2tzKCk6IHsga2V5czogSldLW10gfSB7XG4gICAgcmV0dXJuIHsga2V5czogWy4uLnRoaXMua2V5cy52YWx1ZXMoKV0ubWFwKChrKSA9PiBrLnB1YmxpY0p3aykgfTtcbiAgfVxuXG4gIC8qKlxuICAgKiBPbmUgcHVibGljIGtleSBhcyBTUEtJIFBFTTogdGhlIHNpZ25pbmcga2V5LCBvciB0aGUgbGlzdGVkIGtleSBga2lkYDsgdW5kZWZpbmVkIGZvciBhbiB1bmtub3duXG4gICAqIGtpZC4gT25lIGtleSBvbmx5LCBzaW5jZSBQRU0gcmVhZGVycyAoam9zZSdzIGltcG9ydFNQS0ksIG5vZGU6Y3J5cHRvKSB0YWtlIHRoZSBmaXJzdCBibG9jayBvclxuICAgKiBmYWlsIG9uIHNldmVyYWw7IHZlcmlmeWluZyBhY3Jvc3MgYSByb3RhdGlvbiBpcyB0aGUgSldLUydzIGpvYi5cbiAgICovXG4gIGFzeW5jIHBlbShraWQ/OiBzdHJpbmcpOiBQcm9taXNlPHN0cmluZyB8IHVuZGVmaW5lZD4ge1xuICAgIGNvbnN0IGtleSA9IGtpZCA9PT0gdW5kZWZpbmVkID8gdGhpcy5zaWduaW5nIDogYXdhaXQgdGhpcy5maW5kKGtpZCk7XG4gICAgcmV0dXJuIGtleSAmJiBleHBvcnRTUEtJKGtleS5wdWJsaWNLZXkpO1xuICB9XG5cbiAgZ2V0IGN1cnJlbnRLaWQoKTogc3RyaW5nIHtcbiAgICByZXR1cm4gdGhpcy5zaWduaW5nLmtpZDtcbiAgfVxufVxuIiwgImltcG9ydCB0eXBlIHsgS3lzZWx5LCBUcmFuc2FjdGlvbiB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgbm9kZW1haWxlciwgeyB0eXBlIFRyYW5zcG9ydGVyIH0gZnJvbSAnbm9kZW1haWxlcic7XG5pbXBvcnQgdHlwZSB7IFNlcnZlckNvbmZpZyB9IGZyb20gJy4uL2NvbmZpZy5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi4vc3RvcmUvc2NoZW1hLmpzJztcbmltcG9ydCB0eXBlIHsgTWFpbENvbnRlbnQgfSBmcm9tICcuL3RlbXBsYXRlcy5qcyc7XG5cbmNvbnN0IE1BWF9BVFRFTVBUUyA9IDEwO1xuY29uc3QgUkVUUllfSU5URVJWQUxfTVMgPSAzMF8wMDA7XG4vKiogSG93IGxvbmcgYSBjbGFpbSBob2xkczogbG9uZ2VyIHRoYW4gYW55IFNNVFAgc2VuZCB0YWtlcywgc2hvcnQgZW5vdWdoIHRvIHJldHJ5IGFmdGVyIGEgY3Jhc2guICovXG5jb25zdCBDTEFJTV9NUyA9IDEyMF8wMDA7XG5cbmV4cG9ydCBpbnRlcmZhY2UgTG9nZ2VyIHtcbiAgaW5mbyhyZWNvcmQ6IG9iamVjdCwgbWVzc2FnZTogc3RyaW5nKTogdm9pZDtcbiAgZXJyb3IocmVjb3JkOiBvYmplY3QsIG1lc3NhZ2U6IHN0cmluZyk6IHZvaWQ7XG59XG5cbi8qKlxuICogRXZlcnkgbWFpbCBpcyBmaXJzdCB3cml0dGVuIHRvIHRoZSBgb3V0Ym94YCB0YWJsZSBpbiB0aGUgc2FtZSB0cmFuc2FjdGlvbiBhcyB0aGUgY2hhbmdlIHRoYXRcbiAqIGNhdXNlZCBpdCwgc28gYSBjcmFzaCBvciBhbiBTTVRQIG91dGFnZSBjYW5ub3QgbG9zZSBpdC4gV2l0aCBTTVRQIGNvbmZpZ3VyZWQsIHRoZSBvdXRib3ggaXMgdGhlblxuICogc2VudCAoYW5kIHJldHJpZWQgd2l0aCBhIHRpbWVyKTsgd2l0aG91dCBpdCwgdGhlIG91dGJveCBpcyB0aGUgbWFpbGJveDogcHJpbnRlZCBvbiB0aGUgY29uc29sZVxuICogYW5kIHNob3duIGJ5IHRoZSBkZW1vLlxuICovXG5leHBvcnQgY2xhc3MgTWFpbGVyIHtcbiAgcHJpdmF0ZSB0cmFuc3BvcnQ6IFRyYW5zcG9ydGVyIHwgdW5kZWZpbmVkO1xuICBwcml2YXRlIHBlbmRpbmc6IFByb21pc2U8dm9pZD4gPSBQcm9taXNlLnJlc29sdmUoKTtcbiAgcHJpdmF0ZSB0aW1lcjogTm9kZUpTLlRpbWVvdXQgfCB1bmRlZmluZWQ7XG4gIC8qKiBXb3JrIHN0YXJ0ZWQgYnkgYGFmdGVyQW5zd2VyYCBhbmQgbm90IGZpbmlzaGVkIHlldDsgYGlkbGUoKWAgd2FpdHMgZm9yIGl0LiAqL1xuICBwcml2YXRlIHJlYWRvbmx5IGxhdGVyID0gbmV3IFNldDxQcm9taXNlPHZvaWQ+PigpO1xuXG4gIGNvbnN0cnVjdG9yKFxuICAgIHByaXZhdGUgcmVhZG9ubHkgZGI6IEt5c2VseTxEYXRhYmFzZT4sXG4gICAgcHJpdmF0ZSByZWFkb25seSBjb25maWc6IFNlcnZlckNvbmZpZyxcbiAgICBwcml2YXRlIHJlYWRvbmx5IGxvZzogTG9nZ2VyLFxuICAgIC8qKiBPdXRib3ggbW9kZSBvbiBhIHRlcm1pbmFsOiB3aGVyZSBlYWNoIG1haWwgaXMgcHJpbnRlZCByZWFkYWJseSAoc2VlIGBjb25zb2xlTWFpbGApLiAqL1xuICAgIHByaXZhdGUgcmVhZG9ubHkgcHJpbnQ/OiAodGV4dDogc3RyaW5nKSA9PiB2b2lkLFxuICApIHtcbiAgICBpZiAoY29uZmlnLnNtdHBVcmwpIHtcbiAgICAgIHRoaXMudHJhbnNwb3J0ID0gbm9kZW1haWxlci5jcmVhdGVUcmFuc3BvcnQoY29uZmlnLnNtdHBVcmwpO1xuICAgICAgdGhpcy50aW1lciA9IHNldEludGVydmFsKCgpID0+IHZvaWQgdGhpcy5mbHVzaCgpLCBSRVRSWV9JTlRFUlZBTF9NUyk7XG4gICAgICB0aGlzLnRpbWVyLnVucmVmKCk7XG4gICAgfVxuICB9XG5cbiAgZ2V0IG1vZGUoKTogJ3NtdHAnIHwgJ291dGJveCcge1xuICAgIHJldHVybiB0aGlzLnRyYW5zcG9ydCA/ICdzbXRwJyA6ICdvdXRib3gnO1xuICB9XG5cbiAgYXN5bmMgZW5xdWV1ZSh0cng6IFRyYW5zYWN0aW9uPERhdGFiYXNlPiB8IEt5c2VseTxEYXRhYmFzZT4sIHRvOiBzdHJpbmcsIGNvbnRlbnQ6IE1haWxDb250ZW50LCBub3c6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICAgIGF3YWl0IHRyeFxuICAgICAgLmluc2VydEludG8oJ291dGJveCcpXG4gICAgICAudmFsdWVzKHtcbiAgICAgICAgdG9fYWRkcmVzczogdG8sXG4gICAgICAgIHN1YmplY3Q6IGNvbnRlbnQuc3ViamVjdCxcbiAgICAgICAgdGV4dF9ib2R5OiBjb250ZW50LnRleHQsXG4gICAgICAgIGh0bWxfYm9keTogY29udGVudC5odG1sLFxuICAgICAgICBjcmVhdGVkX2F0OiBub3csXG4gICAgICAgIHNlbnRfYXQ6IG51bGwsXG4gICAgICAgIGF0dGVtcHRzOiAwLFxuICAgICAgICBsYXN0X2Vycm9yOiBudWxsLFxuICAgICAgICBjbGFpbWVkX3VudGlsOiBudWxsLFxuICAgICAgfSlcbiAgICAgIC5leGVjdXRlKCk7XG4gIH1cblxuICAvKipcbiAgICogRGVsaXZlcnMgb25jZSB0aGUgY3VycmVudCBhbnN3ZXIgaGFzIGdvbmUgb3V0IChhIHJlcXVlc3QgdGhhdCBlbnF1ZXVlZCBtYWlsLCBvciBhIHJlcXVlc3QgdGhhdFxuICAgKiBkaWQgdGhlIHNhbWUgd29yayBmb3Igc2hvdywgaXMgbm90IHNsb3dlZCBkb3duIGJ5IGl0LCBzbyBib3RoIHRha2UgdGhlIHNhbWUgdGltZSkuXG4gICAqL1xuICBmbHVzaFNvb24oKTogdm9pZCB7XG4gICAgdGhpcy5wZW5kaW5nID0gdGhpcy5wZW5kaW5nXG4gICAgICAudGhlbigoKSA9PiBuZXcgUHJvbWlzZTx2b2lkPigocmVzb2x2ZSkgPT4gc2V0SW1tZWRpYXRlKHJlc29sdmUpKSlcbiAgICAgIC50aGVuKCgpID0+IHRoaXMuZGVsaXZlcigpKVxuICAgICAgLmNhdGNoKChlcnIpID0+IHRoaXMubG9nLmVycm9yKHsgcmVhc29uOiBTdHJpbmcoZXJyKSB9LCAnbWFpbCBkZWxpdmVyeSBzdG9wcGVkJykpO1xuICB9XG5cbiAgLyoqIERlbGl2ZXJzIHdoYXQgdGhlIG91dGJveCBob2xkczsgY2FsbGVkIGFmdGVyIGVhY2ggY29tbWl0IHRoYXQgZW5xdWV1ZWQgbWFpbC4gT25lIGZsdXNoIGF0IGEgdGltZS4gKi9cbiAgZmx1c2goKTogUHJvbWlzZTx2b2lkPiB7XG4gICAgdGhpcy5wZW5kaW5nID0gdGhpcy5wZW5kaW5nLnRoZW4oKCkgPT4gdGhpcy5kZWxpdmVyKCkpLmNhdGNoKChlcnIpID0+IHRoaXMubG9nLmVycm9yKHsgcmVhc29uOiBTdHJpbmcoZXJyKSB9LCAnbWFpbCBkZWxpdmVyeSBzdG9wcGVkJykpO1xuICAgIHJldHVybiB0aGlzLnBlbmRpbmc7XG4gIH1cblxuICBwcml2YXRlIGFzeW5jIGRlbGl2ZXIoKTogUHJvbWlzZTx2b2lkPiB7XG4gICAgY29uc3Qgcm93cyA9IGF3YWl0IHRoaXMuZGJcbiAgICAgIC5zZWxlY3RGcm9tKCdvdXRib3gnKVxuICAgICAgLnNlbGVjdEFsbCgpXG4gICAgICAud2hlcmUoJ3NlbnRfYXQnLCAnaXMnLCBudWxsKVxuICAgICAgLndoZXJlKCdhdHRlbXB0cycsICc8JywgTUFYX0FUVEVNUFRTKVxuICAgICAgLm9yZGVyQnkoJ2lkJylcbiAgICAgIC5saW1pdCgxMDApXG4gICAgICAuZXhlY3V0ZSgpO1xuICAgIGZvciAoY29uc3Qgcm93IG9mIHJvd3MpIHtcbiAgICAgIC8vIENsYWltIHRoZSBtYWlsIGZpcnN0OiBvZiBzZXZlcmFsIGluc3RhbmNlcyBmbHVzaGluZyBhdCBvbmNlLCBvbmx5IG9uZSBzZW5kcyBpdC5cbiAgICAgIGNvbnN0IG5vdyA9IERhdGUubm93KCk7XG4gICAgICBjb25zdCBjbGFpbSA9IGF3YWl0IHRoaXMuZGJcbiAgICAgICAgLnVwZGF0ZVRhYmxlKCdvdXRib3gnKVxuICAgICAgICAuc2V0KHsgY2xhaW1lZF91bnRpbDogbm93ICsgQ0xBSU1fTVMgfSlcbiAgICAgICAgLndoZXJlKCdpZCcsICc9Jywgcm93LmlkKVxuICAgICAgICAud2hlcmUoJ3NlbnRfYXQnLCAnaXMnLCBudWxsKVxuICAgICAgICAud2hlcmUoKGViKSA9PiBlYi5vcihbZWIoJ2NsYWltZWRfdW50aWwnLCAnaXMnLCBudWxsKSwgZWIoJ2NsYWltZWRfdW50aWwnLCAnPCcsIG5vdyldKSlcbiAgICAgICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgICAgIGlmIChOdW1iZXIoY2xhaW0ubnVtVXBkYXRlZFJvd3MpICE9PSAxKSBjb250aW51ZTtcbiAgICAgIGlmICghdGhpcy50cmFuc3BvcnQpIHtcbiAgICAgICAgLy8gT3V0Ym94IG1vZGU6IHRoZSBjb25zb2xlIGlzIHRoZSBtYWlsYm94IChsb2NhbCBkZXZlbG9wbWVudCBvbmx5OiBpdCBzaG93cyB0aGUgbGluaykuXG4gICAgICAgIC8vIE9uIGEgdGVybWluYWwgKGEgZGV2ZWxvcGVyJ3MgYG5wbSBzdGFydGApIGl0IGlzIHByaW50ZWQgZm9yIHJlYWRpbmc7IGVsc2V3aGVyZSAoYSBjb250YWluZXIsXG4gICAgICAgIC8vIGEgbG9nIGNvbGxlY3RvcikgaXQgc3RheXMgb25lIEpTT04gcmVjb3JkLCBhcyBldmVyeSBvdGhlciBsb2cgbGluZS5cbiAgICAgICAgaWYgKHRoaXMucHJpbnQpIHRoaXMucHJpbnQoY29uc29sZU1haWwoeyB0bzogcm93LnRvX2FkZHJlc3MsIHN1YmplY3Q6IHJvdy5zdWJqZWN0LCB0ZXh0OiByb3cudGV4dF9ib2R5IH0pKTtcbiAgICAgICAgZWxzZSB0aGlzLmxvZy5pbmZvKHsgbWFpbDogeyB0bzogcm93LnRvX2FkZHJlc3MsIHN1YmplY3Q6IHJvdy5zdWJqZWN0IH0sIHRleHQ6IHJvdy50ZXh0X2JvZHkgfSwgJ21haWwga2VwdCBpbiB0aGUgb3V0Ym94Jyk7XG4gICAgICAgIGF3YWl0IHRoaXMuZGJcbiAgICAgICAgICAudXBkYXRlVGFibGUoJ291dGJveCcpXG4gICAgICAgICAgLnNldCh7IHNlbnRfYXQ6IERhdGUubm93KCksIGF0dGVtcHRzOiByb3cuYXR0ZW1wdHMgKyAxIH0pXG4gICAgICAgICAgLndoZXJlKCdpZCcsICc9Jywgcm93LmlkKVxuICAgICAgICAgIC5leGVjdXRlKCk7XG4gICAgICAgIGNvbnRpbnVlO1xuICAgICAgfVxuICAgICAgdHJ5IHtcbiAgICAgICAgYXdhaXQgdGhpcy50cmFuc3BvcnQuc2VuZE1haWwoeyBmcm9tOiB0aGlzLmNvbmZpZy5tYWlsRnJvbSwgdG86IHJvdy50b19hZGRyZXNzLCBzdWJqZWN0OiByb3cuc3ViamVjdCwgdGV4dDogcm93LnRleHRfYm9keSwgaHRtbDogcm93Lmh0bWxfYm9keSB9KTtcbiAgICAgICAgLy8gRGVsaXZlcmVkOiB0aGUgY29weSBrZXB0IGhlcmUgbG9zZXMgaXRzIGxpbmsncyB0b2tlbiwgc28gdGhlIHRhYmxlIG5ldmVyIGhvbGRzIGEgbGl2ZSBsaW5rXG4gICAgICAgIC8vICh0aGUgZGF0YWJhc2Ugc3RvcmVzIG9ubHkgaGFzaGVzIG9mIGVtYWlsZWQgdG9rZW5zLCBERVNJR04ubWQgXHUwMEE3MTEpLlxuICAgICAgICBhd2FpdCB0aGlzLmRiXG4gICAgICAgICAgLnVwZGF0ZVRhYmxlKCdvdXRib3gnKVxuICAgICAgICAgIC5zZXQoe1xuICAgICAgICAgICAgc2VudF9hdDogRGF0ZS5ub3coKSxcbiAgICAgICAgICAgIGF0dGVtcHRzOiByb3cuYXR0ZW1wdHMgKyAxLFxuICAgICAgICAgICAgbGFzdF9lcnJvcjogbnVsbCxcbiAgICAgICAgICAgIHRleHRfYm9keTogd2l0aG91dFRva2Vucyhyb3cudGV4dF9ib2R5KSxcbiAgICAgICAgICAgIGh0bWxfYm9keTogd2l0aG91dFRva2Vucyhyb3cuaHRtbF9ib2R5KSxcbiAgICAgICAgICB9KVxuICAgICAgICAgIC53aGVyZSgnaWQnLCAnPScsIHJvdy5pZClcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuICAgICAgfSBjYXRjaCAoZXJyKSB7XG4gICAgICAgIGF3YWl0IHRoaXMuZGJcbiAgICAgICAgICAudXBkYXRlVGFibGUoJ291dGJveCcpXG4gICAgICAgICAgLnNldCh7IGF0dGVtcHRzOiByb3cuYXR0ZW1wdHMgKyAxLCBsYXN0X2Vycm9yOiBTdHJpbmcoKGVyciBhcyBFcnJvcikubWVzc2FnZSA/PyBlcnIpLnNsaWNlKDAsIDUwMCksIGNsYWltZWRfdW50aWw6IG51bGwgfSlcbiAgICAgICAgICAud2hlcmUoJ2lkJywgJz0nLCByb3cuaWQpXG4gICAgICAgICAgLmV4ZWN1dGUoKTtcbiAgICAgICAgdGhpcy5sb2cuZXJyb3IoXG4gICAgICAgICAgeyBtYWlsOiB7IGlkOiByb3cuaWQsIHN1YmplY3Q6IHJvdy5zdWJqZWN0IH0sIGF0dGVtcHQ6IHJvdy5hdHRlbXB0cyArIDEsIHJlYXNvbjogKGVyciBhcyBFcnJvcikubWVzc2FnZSB9LFxuICAgICAgICAgICdtYWlsIGRlbGl2ZXJ5IGZhaWxlZCwgd2lsbCByZXRyeScsXG4gICAgICAgICk7XG4gICAgICB9XG4gICAgfVxuICB9XG5cbiAgLyoqXG4gICAqIFJ1bnMgYHRhc2tgICh0aGUgd3JpdGVzIHRoYXQgbWFrZSBhIG1haWwpIG9uY2UgdGhlIGFuc3dlciBoYXMgZ29uZSBvdXQgKGBzZW50YCwgc2VlXG4gICAqIGBhbnN3ZXJTZW50KClgIGluIGh0dHAudHMpLCB0aGVuIGRlbGl2ZXJzLlxuICAgKiBGb3IgcmVxdWVzdHMgd2hvc2UgYW5zd2VyIG11c3Qgbm90IGRlcGVuZCBvbiB3aGF0IHRoZSB0YXNrIGZpbmRzIHRvIGRvOiBhbiBlbWFpbCByb3V0ZSBhbnN3ZXJzXG4gICAqIDIwMiBhdCB0aGUgc2FtZSBtb21lbnQgd2hldGhlciB0aGUgYWRkcmVzcyBoYXMgYW4gYWNjb3VudCAoYSBsaW5rIGlzIG1hZGUgYW5kIG1haWxlZCkgb3Igbm90XG4gICAqIChub3RoaW5nIGlzKS4gQSBmYWlsdXJlIGlzIGxvZ2dlZDogdGhlIGFuc3dlciBoYXMgZ29uZSBhbHJlYWR5LiBgaWRsZSgpYCB3YWl0cyBmb3IgdGhlIHRhc2suXG4gICAqL1xuICBhZnRlckFuc3dlcihzZW50OiBQcm9taXNlPHZvaWQ+LCB0YXNrOiAoKSA9PiBQcm9taXNlPHZvaWQ+KTogdm9pZCB7XG4gICAgY29uc3QgcnVuID0gc2VudFxuICAgICAgLnRoZW4odGFzaylcbiAgICAgIC50aGVuKFxuICAgICAgICAoKSA9PiB0aGlzLmZsdXNoU29vbigpLFxuICAgICAgICAoZXJyOiB1bmtub3duKSA9PiB0aGlzLmxvZy5lcnJvcih7IHJlYXNvbjogU3RyaW5nKGVycikgfSwgJ2FuIGVtYWlsZWQgbGluayBjb3VsZCBub3QgYmUgbWFkZScpLFxuICAgICAgKVxuICAgICAgLmZpbmFsbHkoKCkgPT4gdGhpcy5sYXRlci5kZWxldGUocnVuKSk7XG4gICAgdGhpcy5sYXRlci5hZGQocnVuKTtcbiAgfVxuXG4gIC8qKiBSZXNvbHZlcyBvbmNlIHRoZSB3b3JrIHN0YXJ0ZWQgYnkgYGFmdGVyQW5zd2VyYCBpcyBkb25lIChpdHMgbWFpbCBpbiB0aGUgb3V0Ym94KS4gKi9cbiAgYXN5bmMgc2V0dGxlKCk6IFByb21pc2U8dm9pZD4ge1xuICAgIHdoaWxlICh0aGlzLmxhdGVyLnNpemUpIGF3YWl0IFByb21pc2UuYWxsKFsuLi50aGlzLmxhdGVyXSk7XG4gIH1cblxuICAvKiogUmVzb2x2ZXMgb25jZSB0aGUgd29yayBzdGFydGVkIGJ5IGBhZnRlckFuc3dlcmAgYW5kIHRoZSBkZWxpdmVyaWVzIHVuZGVyIHdheSBhcmUgZG9uZS4gKi9cbiAgYXN5bmMgaWRsZSgpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICBhd2FpdCB0aGlzLnNldHRsZSgpO1xuICAgIGF3YWl0IHRoaXMucGVuZGluZztcbiAgfVxuXG4gIGNsb3NlKCk6IHZvaWQge1xuICAgIGlmICh0aGlzLnRpbWVyKSBjbGVhckludGVydmFsKHRoaXMudGltZXIpO1xuICAgIHRoaXMudHJhbnNwb3J0Py5jbG9zZSgpO1xuICB9XG59XG5cbi8qKiBBIG1haWwncyB0ZXh0IHdpdGggdGhlIGB0b2tlbmAgb2YgaXRzIGxpbmtzIGJsYW5rZWQ6IHdoYXQgaXMga2VwdCBvbmNlIHRoZSBtYWlsIGlzIGRlbGl2ZXJlZC4gKi9cbmV4cG9ydCBmdW5jdGlvbiB3aXRob3V0VG9rZW5zKGJvZHk6IHN0cmluZyk6IHN0cmluZyB7XG4gIHJldHVybiBib2R5LnJlcGxhY2UoLyhbPyZdKD86YW1wOyk/dG9rZW49KVtBLVphLXowLTlfLV0rL2csICckMShzZW50KScpO1xufVxuXG4vKipcbiAqIEEgbWFpbCBhcyB0aGUgY29uc29sZSBzaG93cyBpdCBpbiBvdXRib3ggbW9kZSBvbiBhIHRlcm1pbmFsOiBhIGZyYW1lZCBibG9jaywgb25lIGxpbmUgcGVyIGxpbmUgb2ZcbiAqIHRoZSB0ZXh0LCBhbmQgZXZlcnkgbGluayBvbiBhIGxpbmUgb2YgaXRzIG93biAodGVybWluYWxzIG1ha2UgaXQgY2xpY2thYmxlOyBub3RoaW5nIHdyYXBzIGludG8gaXQpLlxuICovXG5leHBvcnQgZnVuY3Rpb24gY29uc29sZU1haWwobWFpbDogeyB0bzogc3RyaW5nOyBzdWJqZWN0OiBzdHJpbmc7IHRleHQ6IHN0cmluZyB9KTogc3RyaW5nIHtcbiAgY29uc3QgcnVsZSA9ICdcdTI1MDAnLnJlcGVhdCg3Mik7XG4gIGNvbnN0IGxpbmVzOiBzdHJpbmdbXSA9IFtdO1xuICBmb3IgKGNvbnN0IGxpbmUgb2YgbWFpbC50ZXh0LnJlcGxhY2UoL1xcclxcbj8vZywgJ1xcbicpLnNwbGl0KCdcXG4nKSkge1xuICAgIGNvbnN0IHBhcnRzID0gbGluZS5zcGxpdCgvKGh0dHBzPzpcXC9cXC9cXFMrKS8pLmZpbHRlcigocGFydCkgPT4gcGFydC50cmltKCkgIT09ICcnKTtcbiAgICBpZiAocGFydHMubGVuZ3RoIDw9IDEpIGxpbmVzLnB1c2gobGluZSk7XG4gICAgZWxzZSBmb3IgKGNvbnN0IHBhcnQgb2YgcGFydHMpIGxpbmVzLnB1c2gocGFydC50cmltKCkpO1xuICB9XG4gIHJldHVybiBbXG4gICAgYFx1MjUwQyR7cnVsZX1gLFxuICAgIGBcdTI1MDIgTWFpbCB0byAke21haWwudG99IChvdXRib3ggbW9kZTogbm90IHNlbnQpYCxcbiAgICBgXHUyNTAyIFN1YmplY3Q6ICR7bWFpbC5zdWJqZWN0fWAsXG4gICAgYFx1MjUxQyR7cnVsZX1gLFxuICAgIC4uLmxpbmVzLm1hcCgobCkgPT4gKGwgPyBgXHUyNTAyICR7bH1gIDogJ1x1MjUwMicpKSxcbiAgICBgXHUyNTE0JHtydWxlfWAsXG4gICAgJycsXG4gIF0uam9pbignXFxuJyk7XG59XG4iLCAiaW1wb3J0IHsgdHlwZSBLeXNlbHksIHNxbCwgdHlwZSBUcmFuc2FjdGlvbiB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgeyBwcmVjb21waWxlZCB9IGZyb20gJy4vcHJlY29tcGlsZWQuanMnO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4vc2NoZW1hLmpzJztcblxudHlwZSBEYiA9IEt5c2VseTxEYXRhYmFzZT4gfCBUcmFuc2FjdGlvbjxEYXRhYmFzZT47XG5cbmNvbnN0IHJhaXNlID0gcHJlY29tcGlsZWQoXG4gIChkYiwga2V5OiBzdHJpbmcsIG5vdzogbnVtYmVyLCBleHBpcmVkOiBudW1iZXIpID0+XG4gICAgZGJcbiAgICAgIC5pbnNlcnRJbnRvKCdyYXRlX2xpbWl0cycpXG4gICAgICAudmFsdWVzKHsga2V5LCB3aW5kb3dfc3RhcnQ6IG5vdywgY291bnQ6IDEgfSlcbiAgICAgIC5vbkNvbmZsaWN0KChvYykgPT5cbiAgICAgICAgb2MuY29sdW1uKCdrZXknKS5kb1VwZGF0ZVNldCh7XG4gICAgICAgICAgY291bnQ6IHNxbGBjYXNlIHdoZW4gcmF0ZV9saW1pdHMud2luZG93X3N0YXJ0IDw9ICR7ZXhwaXJlZH0gdGhlbiAxIGVsc2UgcmF0ZV9saW1pdHMuY291bnQgKyAxIGVuZGAsXG4gICAgICAgICAgd2luZG93X3N0YXJ0OiBzcWxgY2FzZSB3aGVuIHJhdGVfbGltaXRzLndpbmRvd19zdGFydCA8PSAke2V4cGlyZWR9IHRoZW4gJHtub3d9IGVsc2UgcmF0ZV9saW1pdHMud2luZG93X3N0YXJ0IGVuZGAsXG4gICAgICAgIH0pLFxuICAgICAgKVxuICAgICAgLnJldHVybmluZyhbJ2NvdW50JywgJ3dpbmRvd19zdGFydCddKSxcbiAgMyxcbik7XG5cbi8qKlxuICogUmFpc2VzIGEgZml4ZWQtd2luZG93IGNvdW50ZXIgYW5kIHJlYWRzIGl0IGluIG9uZSBzdGF0ZW1lbnQgKGEgd2luZG93IHRoYXQgZW5kZWQgc3RhcnRzIGFmcmVzaFxuICogYXQgYG5vd2ApLCBzbyByZXF1ZXN0cyByYWNpbmcgaW4gcGFyYWxsZWwgYXJlIGNvdW50ZWQgb25lIGJ5IG9uZS4gQnVpbHQgb25jZSAoaXQgaXMgb24gdGhlIHBhdGggb2ZcbiAqIGV2ZXJ5IGFub255bW91cyBsb2dpbikuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjb3VudEF0dGVtcHQoZGI6IERiLCBrZXk6IHN0cmluZywgbm93OiBudW1iZXIsIHdpbmRvd01zOiBudW1iZXIpOiBQcm9taXNlPHsgY291bnQ6IG51bWJlcjsgd2luZG93U3RhcnQ6IG51bWJlciB9PiB7XG4gIGNvbnN0IFtyb3ddID0gYXdhaXQgcmFpc2UoZGIsIGtleSwgbm93LCBub3cgLSB3aW5kb3dNcyk7XG4gIGlmICghcm93KSB0aHJvdyBuZXcgRXJyb3IoJ3RoZSB1cHNlcnQgcmV0dXJuZWQgbm8gcm93Jyk7XG4gIHJldHVybiB7IGNvdW50OiBOdW1iZXIocm93LmNvdW50KSwgd2luZG93U3RhcnQ6IE51bWJlcihyb3cud2luZG93X3N0YXJ0KSB9O1xufVxuXG5jb25zdCByYWlzZUJ5ID0gcHJlY29tcGlsZWQoXG4gIChkYiwga2V5OiBzdHJpbmcsIG5vdzogbnVtYmVyLCBjb3VudDogbnVtYmVyLCBieXRlczogbnVtYmVyLCBleHBpcmVkOiBudW1iZXIpID0+XG4gICAgZGJcbiAgICAgIC5pbnNlcnRJbnRvKCdyYXRlX2xpbWl0cycpXG4gICAgICAudmFsdWVzKHsga2V5LCB3aW5kb3dfc3RhcnQ6IG5vdywgY291bnQsIGJ5dGVzIH0pXG4gICAgICAub25Db25mbGljdCgob2MpID0+XG4gICAgICAgIG9jLmNvbHVtbigna2V5JykuZG9VcGRhdGVTZXQoe1xuICAgICAgICAgIGNvdW50OiBzcWxgY2FzZSB3aGVuIHJhdGVfbGltaXRzLndpbmRvd19zdGFydCA8PSAke2V4cGlyZWR9IHRoZW4gZXhjbHVkZWQuY291bnQgZWxzZSByYXRlX2xpbWl0cy5jb3VudCArIGV4Y2x1ZGVkLmNvdW50IGVuZGAsXG4gICAgICAgICAgYnl0ZXM6IHNxbGBjYXNlIHdoZW4gcmF0ZV9saW1pdHMud2luZG93X3N0YXJ0IDw9ICR7ZXhwaXJlZH0gdGhlbiBleGNsdWRlZC5ieXRlcyBlbHNlIHJhdGVfbGltaXRzLmJ5dGVzICsgZXhjbHVkZWQuYnl0ZXMgZW5kYCxcbiAgICAgICAgICB3aW5kb3dfc3RhcnQ6IHNxbGBjYXNlIHdoZW4gcmF0ZV9saW1pdHMud2luZG93X3N0YXJ0IDw9ICR7ZXhwaXJlZH0gdGhlbiBleGNsdWRlZC53aW5kb3dfc3RhcnQgZWxzZSByYXRlX2xpbWl0cy53aW5kb3dfc3RhcnQgZW5kYCxcbiAgICAgICAgfSksXG4gICAgICApXG4gICAgICAucmV0dXJuaW5nKFsnY291bnQnLCAnYnl0ZXMnLCAnd2luZG93X3N0YXJ0J10pLFxuICA1LFxuKTtcblxuZXhwb3J0IGludGVyZmFjZSBBbW91bnRDb3VudCB7XG4gIGNvdW50OiBudW1iZXI7XG4gIGJ5dGVzOiBudW1iZXI7XG4gIHdpbmRvd1N0YXJ0OiBudW1iZXI7XG59XG5cbi8qKlxuICogQWRkcyBgY291bnRgIGFuZCBgYnl0ZXNgIHRvIGEgZml4ZWQtd2luZG93IGNvdW50ZXIgYW5kIHJlYWRzIHRoZSB0b3RhbHMgYmFjaywgaW4gb25lIHN0YXRlbWVudFxuICogKGEgd2luZG93IHRoYXQgZW5kZWQgc3RhcnRzIGFmcmVzaCB3aXRoIHRoZW0pLCBzbyBpbnN0YW5jZXMgcmVzZXJ2aW5nIGF0IG9uY2UgYXJlIGNvdW50ZWQgb25lIGJ5IG9uZS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGFkZFRvQ291bnRlcihkYjogRGIsIGtleTogc3RyaW5nLCBhbW91bnQ6IHsgY291bnQ6IG51bWJlcjsgYnl0ZXM6IG51bWJlciB9LCBub3c6IG51bWJlciwgd2luZG93TXM6IG51bWJlcik6IFByb21pc2U8QW1vdW50Q291bnQ+IHtcbiAgY29uc3QgW3Jvd10gPSBhd2FpdCByYWlzZUJ5KGRiLCBrZXksIG5vdywgYW1vdW50LmNvdW50LCBhbW91bnQuYnl0ZXMsIG5vdyAtIHdpbmRvd01zKTtcbiAgaWYgKCFyb3cpIHRocm93IG5ldyBFcnJvcigndGhlIHVwc2VydCByZXR1cm5lZCBubyByb3cnKTtcbiAgcmV0dXJuIHsgY291bnQ6IE51bWJlcihyb3cuY291bnQpLCBieXRlczogTnVtYmVyKHJvdy5ieXRlcyksIHdpbmRvd1N0YXJ0OiBOdW1iZXIocm93LndpbmRvd19zdGFydCkgfTtcbn1cblxuLyoqIFRha2VzIGFuIGFtb3VudCBiYWNrIGZyb20gYSBjb3VudGVyIChhIHJlc2VydmF0aW9uIHRoYXQgd2FzIHJlZnVzZWQpLCB1bmxlc3MgaXRzIHdpbmRvdyBoYXMgc3RhcnRlZCBhZnJlc2ggc2luY2UuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gc3VidHJhY3RGcm9tQ291bnRlcihkYjogRGIsIGtleTogc3RyaW5nLCBhbW91bnQ6IHsgY291bnQ6IG51bWJlcjsgYnl0ZXM6IG51bWJlciB9LCB3aW5kb3dTdGFydDogbnVtYmVyKTogUHJvbWlzZTx2b2lkPiB7XG4gIGF3YWl0IGRiXG4gICAgLnVwZGF0ZVRhYmxlKCdyYXRlX2xpbWl0cycpXG4gICAgLnNldCh7IGNvdW50OiBzcWxgY291bnQgLSAke2Ftb3VudC5jb3VudH1gLCBieXRlczogc3FsYGJ5dGVzIC0gJHthbW91bnQuYnl0ZXN9YCB9KVxuICAgIC53aGVyZSgna2V5JywgJz0nLCBrZXkpXG4gICAgLndoZXJlKCd3aW5kb3dfc3RhcnQnLCAnPScsIHdpbmRvd1N0YXJ0KVxuICAgIC5leGVjdXRlKCk7XG59XG5cbi8qKiBUYWtlcyBvbmUgYXR0ZW1wdCBiYWNrIGZyb20gYSBjb3VudGVyLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHVuY291bnRBdHRlbXB0KGRiOiBEYiwga2V5OiBzdHJpbmcpOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgZGIudXBkYXRlVGFibGUoJ3JhdGVfbGltaXRzJykuc2V0KHsgY291bnQ6IHNxbGBjb3VudCAtIDFgIH0pLndoZXJlKCdrZXknLCAnPScsIGtleSkud2hlcmUoJ2NvdW50JywgJz4nLCAwKS5leGVjdXRlKCk7XG59XG5cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjbGVhckNvdW50ZXJzKGRiOiBEYiwga2V5czogc3RyaW5nW10pOiBQcm9taXNlPHZvaWQ+IHtcbiAgaWYgKGtleXMubGVuZ3RoKSBhd2FpdCBkYi5kZWxldGVGcm9tKCdyYXRlX2xpbWl0cycpLndoZXJlKCdrZXknLCAnaW4nLCBrZXlzKS5leGVjdXRlKCk7XG59XG5cbi8qKiBEZWxldGVzIGV2ZXJ5IGNvdW50ZXIgd2hvc2Uga2V5IHN0YXJ0cyB3aXRoIGBwcmVmaXhgICh0YWtlbiBsaXRlcmFsbHk6IGAlYCBhbmQgYF9gIGFyZSBlc2NhcGVkKS4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBjbGVhckNvdW50ZXJzU3RhcnRpbmdXaXRoKGRiOiBEYiwgcHJlZml4OiBzdHJpbmcpOiBQcm9taXNlPHZvaWQ+IHtcbiAgY29uc3QgcGF0dGVybiA9IGAke3ByZWZpeC5yZXBsYWNlKC9bXFxcXCVfXS9nLCAoYykgPT4gYFxcXFwke2N9YCl9JWA7XG4gIGF3YWl0IGRiLmRlbGV0ZUZyb20oJ3JhdGVfbGltaXRzJykud2hlcmUoc3FsPGJvb2xlYW4+YGtleSBsaWtlICR7cGF0dGVybn0gZXNjYXBlICdcXFxcJ2ApLmV4ZWN1dGUoKTtcbn1cblxuLyoqIEEgZ3Jvd2luZyBkZWxheSdzIHN0YXRlOiBmYWlsdXJlcyBjb3VudGVkLCB3aGVuIHRoZSBsYXN0IGF0dGVtcHQgY2FtZSwgYW5kIHRoZSBlYXJsaWVzdCB0aW1lIG9mIHRoZSBuZXh0LiAqL1xuZXhwb3J0IGludGVyZmFjZSBEZWxheVN0YXRlIHtcbiAgY291bnQ6IG51bWJlcjtcbiAgbGFzdEF0OiBudW1iZXI7XG4gIG5leHRBdDogbnVtYmVyO1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmVhZERlbGF5KGRiOiBEYiwga2V5OiBzdHJpbmcpOiBQcm9taXNlPERlbGF5U3RhdGUgfCB1bmRlZmluZWQ+IHtcbiAgY29uc3Qgcm93ID0gYXdhaXQgZGIuc2VsZWN0RnJvbSgncmF0ZV9saW1pdHMnKS5zZWxlY3QoWydjb3VudCcsICd3aW5kb3dfc3RhcnQnLCAnbmV4dF9hdCddKS53aGVyZSgna2V5JywgJz0nLCBrZXkpLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgcmV0dXJuIHJvdyAmJiB7IGNvdW50OiBOdW1iZXIocm93LmNvdW50KSwgbGFzdEF0OiBOdW1iZXIocm93LndpbmRvd19zdGFydCksIG5leHRBdDogTnVtYmVyKHJvdy5uZXh0X2F0KSB9O1xufVxuXG4vKipcbiAqIFdyaXRlcyBhIGRlbGF5J3MgbmV3IHN0YXRlIG9ubHkgaWYgaXQgaXMgc3RpbGwgYHNlZW5gIChjb21wYXJlLWFuZC1zZXQ6IG9mIGF0dGVtcHRzIHJhY2luZyBvbiBvbmVcbiAqIGFjY291bnQsIG9uZSB3aW5zIGFuZCB0aGUgb3RoZXJzIHJlYWQgYWdhaW4pLiBXaGV0aGVyIGl0IHdhcyB3cml0dGVuLlxuICovXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gcmVwbGFjZURlbGF5KGRiOiBEYiwga2V5OiBzdHJpbmcsIHNlZW46IERlbGF5U3RhdGUgfCB1bmRlZmluZWQsIG5leHQ6IERlbGF5U3RhdGUpOiBQcm9taXNlPGJvb2xlYW4+IHtcbiAgY29uc3QgdmFsdWVzID0geyBjb3VudDogbmV4dC5jb3VudCwgd2luZG93X3N0YXJ0OiBuZXh0Lmxhc3RBdCwgbmV4dF9hdDogbmV4dC5uZXh0QXQgfTtcbiAgaWYgKCFzZWVuKSB7XG4gICAgY29uc3QgaW5zZXJ0ZWQgPSBhd2FpdCBkYlxuICAgICAgLmluc2VydEludG8oJ3JhdGVfbGltaXRzJylcbiAgICAgIC52YWx1ZXMoeyBrZXksIC4uLnZhbHVlcyB9KVxuICAgICAgLm9uQ29uZmxpY3QoKG9jKSA9PiBvYy5jb2x1bW4oJ2tleScpLmRvTm90aGluZygpKVxuICAgICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgICByZXR1cm4gTnVtYmVyKGluc2VydGVkLm51bUluc2VydGVkT3JVcGRhdGVkUm93cyA/PyAwKSA+IDA7XG4gIH1cbiAgY29uc3QgdXBkYXRlZCA9IGF3YWl0IGRiXG4gICAgLnVwZGF0ZVRhYmxlKCdyYXRlX2xpbWl0cycpXG4gICAgLnNldCh2YWx1ZXMpXG4gICAgLndoZXJlKCdrZXknLCAnPScsIGtleSlcbiAgICAud2hlcmUoJ2NvdW50JywgJz0nLCBzZWVuLmNvdW50KVxuICAgIC53aGVyZSgnd2luZG93X3N0YXJ0JywgJz0nLCBzZWVuLmxhc3RBdClcbiAgICAud2hlcmUoJ25leHRfYXQnLCAnPScsIHNlZW4ubmV4dEF0KVxuICAgIC5leGVjdXRlVGFrZUZpcnN0KCk7XG4gIHJldHVybiBOdW1iZXIodXBkYXRlZC5udW1VcGRhdGVkUm93cykgPiAwO1xufVxuIiwgImltcG9ydCB0eXBlIHsgS3lzZWx5IH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgUmF0ZUxpbWl0Q29uZmlnIH0gZnJvbSAnLi9jb25maWcuanMnO1xuaW1wb3J0IHsgQXBpRXJyb3IgfSBmcm9tICcuL2Vycm9ycy5qcyc7XG5pbXBvcnQge1xuICBhZGRUb0NvdW50ZXIsXG4gIGNsZWFyQ291bnRlcnMsXG4gIGNsZWFyQ291bnRlcnNTdGFydGluZ1dpdGgsXG4gIGNvdW50QXR0ZW1wdCxcbiAgdHlwZSBEZWxheVN0YXRlLFxuICByZWFkRGVsYXksXG4gIHJlcGxhY2VEZWxheSxcbiAgc3VidHJhY3RGcm9tQ291bnRlcixcbiAgdW5jb3VudEF0dGVtcHQsXG59IGZyb20gJy4vc3RvcmUvcmF0ZS1saW1pdHMuanMnO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4vc3RvcmUvc2NoZW1hLmpzJztcblxuLyoqIEEgY291bnRlcjogd2hpY2ggbGltaXQgaXQgY291bnRzIGFnYWluc3QsIGFuZCB3aG9zZS4gKi9cbmludGVyZmFjZSBDb3VudGVyIHtcbiAga2V5OiBzdHJpbmc7XG4gIGxpbWl0OiBudW1iZXI7XG59XG5cbi8qKlxuICogQSBzaWduLWluIGF0dGVtcHQsIGNvdW50ZWQgYmVmb3JlIGFueSB3b3JrIHdhcyBkb25lLiBPbmNlIHRoZSBhbnN3ZXIgaXMga25vd246IGBzdWNjZWVkZWQoKWBcbiAqIGNsZWFycyB0aGUgYWNjb3VudCdzIGNvdW50cyBhbmQgdGFrZXMgdGhlIGF0dGVtcHQgYmFjayBmcm9tIHRoZSBhZGRyZXNzJ3M7IGByZWZ1c2VkKClgIGxlYXZlc1xuICogdGhlbSBjb3VudGVkIChhIGZhaWxlZCBndWVzcykuXG4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgU2lnbkluQXR0ZW1wdCB7XG4gIHN1Y2NlZWRlZCgpOiBQcm9taXNlPHZvaWQ+O1xuICByZWZ1c2VkKCk6IHZvaWQ7XG59XG5cbmNvbnN0IE5PX0xJTUlUOiBTaWduSW5BdHRlbXB0ID0geyBzdWNjZWVkZWQ6IGFzeW5jICgpID0+IHt9LCByZWZ1c2VkOiAoKSA9PiB7fSB9O1xuXG5jb25zdCByYXRlTGltaXRlZCA9IChyZXRyeUFmdGVyOiBudW1iZXIsIG1lc3NhZ2UgPSAnVG9vIG1hbnkgYXR0ZW1wdHM7IHRyeSBhZ2FpbiBsYXRlcicpID0+XG4gIG5ldyBBcGlFcnJvcig0MjksICdSQVRFX0xJTUlURUQnLCBtZXNzYWdlLCB1bmRlZmluZWQsIE1hdGgubWF4KDEsIE1hdGguY2VpbChyZXRyeUFmdGVyKSkpO1xuXG4vKiogVGhlIGNvdW50ZXJzIG9mIGFuIGFjY291bnQncyBzaWduLWluczogdGhlIGFjY291bnQncyBvd24sIGFuZCBvbmUgcGVyIGFkZHJlc3MgaXQgaXMgdHJpZWQgZnJvbS4gKi9cbmNvbnN0IGFjY291bnRLZXkgPSAoZW1haWw6IHN0cmluZykgPT4gYHNpZ25pbjphY2NvdW50OiR7ZW1haWx9YDtcbi8qKiBFbWFpbHMgaGF2ZSBubyBzcGFjZXMgKHRoZSBjb250cmFjdCdzIGVtYWlsIGNoZWNrKSwgc28gYHNpZ25pbjpwYWlyOjxlbWFpbD4gZnJvbSBgIGlzIHRoZSBhY2NvdW50J3MgcHJlZml4IGFsb25lLiAqL1xuY29uc3QgcGFpclByZWZpeCA9IChlbWFpbDogc3RyaW5nKSA9PiBgc2lnbmluOnBhaXI6JHtlbWFpbH0gZnJvbSBgO1xuXG4vKipcbiAqIENvdW50ZXJzIGtlcHQgaW4gdGhlIHN0b3JlLCBzbyBldmVyeSBpbnN0YW5jZSBzZWVzIHRoZSBzYW1lIGNvdW50cy4gQW4gYXR0ZW1wdCBpcyBjb3VudGVkIGJlZm9yZVxuICogYW55IHdvcmsgaXMgZG9uZSwgc28gYSBidXJzdCBvZiBwYXJhbGxlbCBndWVzc2VzIGdldHMgbm8gbW9yZSB0cmllcyB0aGFuIGEgcGF0aWVudCBndWVzc2VyLlxuICpcbiAqIFNpZ24taW4gKGRvY3MvREVTSUdOLm1kLCBcIkd1ZXNzaW5nIHBhc3N3b3Jkc1wiOyBPV0FTUCBBU1ZTIDIuMi4xKTogb25lIGFjY291bnQgZnJvbSBvbmUgYWRkcmVzc1xuICogaGFzIGEgZml4ZWQtd2luZG93IGxpbWl0IGFuZCBpcyB0aGVuIHJlZnVzZWQ7IGFuIGFjY291bnQgYWNyb3NzIGFsbCBhZGRyZXNzZXMsIGFuZCBhbiBhZGRyZXNzXG4gKiBhY3Jvc3MgYWxsIGFjY291bnRzLCBnZXQgYSBncm93aW5nIGRlbGF5IHBhc3QgdGhlaXIgbGltaXRzIChlYWNoIGF0dGVtcHQgbXVzdCBjb21lIDEgcywgMiBzLFxuICogNCBzXHUyMDI2IHVwIHRvIGBzaWduSW5NYXhEZWxheVNlY29uZHNgIGFmdGVyIHRoZSBvbmUgYmVmb3JlKSwgc28gZ3Vlc3Npbmcgc3RheXMgc2xvdyB3aGlsZSB0aGUgb3duZXJcbiAqIGlzIG5ldmVyIHJlZnVzZWQgZm9yIGxvbmdlciB0aGFuIHRoYXQgZGVsYXkuIEEgc3VjY2VzcyBjbGVhcnMgdGhlIGFjY291bnQncyBjb3VudHM7IGEgY29tcGxldGVkXG4gKiBwYXNzd29yZCByZXNldCBsaWZ0cyBldmVyeSBsaW1pdCBvbiB0aGUgYWNjb3VudC5cbiAqXG4gKiBGbG9vZHM6IHJlZ2lzdHJhdGlvbnMgcGVyIGFkZHJlc3MsIGVtYWlsIHJlcXVlc3RzIChhY3RpdmF0aW9uIGFuZCByZXNldCkgcGVyIGFkZHJlc3MgYW5kIHBlclxuICogZW1haWwgXHUyMDE0IHRoZSBsYXN0IGNvdW50ZWQgYWxpa2Ugd2hldGhlciBvciBub3QgdGhlIGVtYWlsIGhhcyBhbiBhY2NvdW50LCBzbyB0aGUgbGltaXQgdGVsbHNcbiAqIG5vdGhpbmcgXHUyMDE0IGFub255bW91cyBsb2dpbnMgcGVyIGFkZHJlc3MsIGFuZCBldmVudHMgKG51bWJlciBhbmQgYnl0ZXMpIHBlciBzZXNzaW9uIGFuZCBwZXJcbiAqIHByb2ZpbGUuXG4gKi9cbmV4cG9ydCBjbGFzcyBSYXRlTGltaXRlciB7XG4gIHByaXZhdGUgcmVhZG9ubHkgbGVhc2VzOiBMZWFzZXM7XG5cbiAgY29uc3RydWN0b3IoXG4gICAgcHJpdmF0ZSByZWFkb25seSBkYjogS3lzZWx5PERhdGFiYXNlPixcbiAgICBwcml2YXRlIHJlYWRvbmx5IGNvbmZpZzogUmF0ZUxpbWl0Q29uZmlnIHwgdW5kZWZpbmVkLFxuICApIHtcbiAgICB0aGlzLmxlYXNlcyA9IG5ldyBMZWFzZXMoZGIsIChjb25maWc/LndpbmRvd1NlY29uZHMgPz8gMCkgKiAxMDAwKTtcbiAgfVxuXG4gIHByaXZhdGUgZ2V0IHdpbmRvd01zKCk6IG51bWJlciB7XG4gICAgcmV0dXJuICh0aGlzLmNvbmZpZz8ud2luZG93U2Vjb25kcyA/PyAwKSAqIDEwMDA7XG4gIH1cblxuICAvKiogQ291bnRzIGEgc2lnbi1pbiAob3IgYSBndWVzcyBvZiB0aGUgY3VycmVudCBwYXNzd29yZCkgb2YgYGVtYWlsYCBmcm9tIGBhZGRyZXNzYDsgNDI5IHBhc3QgYSBsaW1pdC4gKi9cbiAgYXN5bmMgc2lnbkluQXR0ZW1wdChlbWFpbDogc3RyaW5nLCBhZGRyZXNzOiBzdHJpbmcsIG5vdzogbnVtYmVyKTogUHJvbWlzZTxTaWduSW5BdHRlbXB0PiB7XG4gICAgY29uc3QgY29uZmlnID0gdGhpcy5jb25maWc7XG4gICAgaWYgKCFjb25maWcpIHJldHVybiBOT19MSU1JVDtcbiAgICBjb25zdCBwYWlyID0geyBrZXk6IGAke3BhaXJQcmVmaXgoZW1haWwpfSR7YWRkcmVzc31gLCBsaW1pdDogY29uZmlnLnNpZ25JblBlckFjY291bnRBbmRBZGRyZXNzIH07XG4gICAgY29uc3QgYWNjb3VudCA9IGFjY291bnRLZXkoZW1haWwpO1xuICAgIGNvbnN0IGZyb20gPSBgc2lnbmluOmFkZHJlc3M6JHthZGRyZXNzfWA7XG4gICAgYXdhaXQgdGhpcy50YWtlKFtwYWlyXSwgbm93KTtcbiAgICB0cnkge1xuICAgICAgYXdhaXQgdGhpcy5kZWxheShmcm9tLCBjb25maWcuc2lnbkluUGVyQWRkcmVzcywgbm93KTtcbiAgICB9IGNhdGNoIChlcnIpIHtcbiAgICAgIGF3YWl0IHVuY291bnRBdHRlbXB0KHRoaXMuZGIsIHBhaXIua2V5KTtcbiAgICAgIHRocm93IGVycjtcbiAgICB9XG4gICAgdHJ5IHtcbiAgICAgIGF3YWl0IHRoaXMuZGVsYXkoYWNjb3VudCwgY29uZmlnLnNpZ25JblBlckFjY291bnQsIG5vdyk7XG4gICAgfSBjYXRjaCAoZXJyKSB7XG4gICAgICBhd2FpdCB1bmNvdW50QXR0ZW1wdCh0aGlzLmRiLCBwYWlyLmtleSk7XG4gICAgICBhd2FpdCB1bmNvdW50QXR0ZW1wdCh0aGlzLmRiLCBmcm9tKTtcbiAgICAgIHRocm93IGVycjtcbiAgICB9XG4gICAgcmV0dXJuIHtcbiAgICAgIHN1Y2NlZWRlZDogYXN5bmMgKCkgPT4ge1xuICAgICAgICBhd2FpdCBjbGVhckNvdW50ZXJzKHRoaXMuZGIsIFtwYWlyLmtleSwgYWNjb3VudF0pO1xuICAgICAgICBhd2FpdCB1bmNvdW50QXR0ZW1wdCh0aGlzLmRiLCBmcm9tKTtcbiAgICAgIH0sXG4gICAgICByZWZ1c2VkOiAoKSA9PiB7fSxcbiAgICB9O1xuICB9XG5cbiAgLyoqIEEgY29tcGxldGVkIHBhc3N3b3JkIHJlc2V0OiBldmVyeSBzaWduLWluIGxpbWl0IG9uIHRoZSBhY2NvdW50IChpdHMgb3duLCBhbmQgZWFjaCBhZGRyZXNzJ3MgZm9yIGl0KSBpcyBsaWZ0ZWQuICovXG4gIGFzeW5jIGxpZnRBY2NvdW50TGltaXRzKGVtYWlsOiBzdHJpbmcpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICBpZiAoIXRoaXMuY29uZmlnKSByZXR1cm47XG4gICAgYXdhaXQgY2xlYXJDb3VudGVycyh0aGlzLmRiLCBbYWNjb3VudEtleShlbWFpbCldKTtcbiAgICBhd2FpdCBjbGVhckNvdW50ZXJzU3RhcnRpbmdXaXRoKHRoaXMuZGIsIHBhaXJQcmVmaXgoZW1haWwpKTtcbiAgfVxuXG4gIC8qKiBDb3VudHMgYSByZWdpc3RyYXRpb24gZnJvbSBgYWRkcmVzc2A7IDQyOSBwYXN0IHRoZSBsaW1pdC4gKi9cbiAgYXN5bmMgcmVnaXN0cmF0aW9uKGFkZHJlc3M6IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICBhd2FpdCB0aGlzLnRha2UoW3RoaXMuY29uZmlnICYmIHsga2V5OiBgcmVnaXN0ZXI6YWRkcmVzczoke2FkZHJlc3N9YCwgbGltaXQ6IHRoaXMuY29uZmlnLnJlZ2lzdHJhdGlvbnNQZXJBZGRyZXNzIH1dLCBub3cpO1xuICB9XG5cbiAgLyoqIENvdW50cyBhbiBhbm9ueW1vdXMgbG9naW4gZnJvbSBgYWRkcmVzc2AgKGZyb20gdGhpcyBpbnN0YW5jZSdzIGxlYXNlLCBzZWUgYExlYXNlc2ApOyA0MjkgcGFzdCB0aGUgbGltaXQuICovXG4gIGFzeW5jIGFub255bW91c0xvZ2luKGFkZHJlc3M6IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICBjb25zdCBjb25maWcgPSB0aGlzLmNvbmZpZztcbiAgICBpZiAoIWNvbmZpZykgcmV0dXJuO1xuICAgIGF3YWl0IHRoaXMubGVhc2VzLnRha2UoYGFub255bW91czphZGRyZXNzOiR7YWRkcmVzc31gLCB7IGNvdW50OiAxLCBieXRlczogMCB9LCB7IGNvdW50OiBjb25maWcuYW5vbnltb3VzUGVyQWRkcmVzcywgYnl0ZXM6IEluZmluaXR5IH0sIG5vdyk7XG4gIH1cblxuICAvKiogQ291bnRzIGFuIGVtYWlsZWQtbGluayByZXF1ZXN0IChhY3RpdmF0aW9uLCByZXNldCkgZm9yIGBlbWFpbGAgZnJvbSBgYWRkcmVzc2A7IDQyOSBwYXN0IGEgbGltaXQuICovXG4gIGFzeW5jIGVtYWlsUmVxdWVzdChlbWFpbDogc3RyaW5nLCBhZGRyZXNzOiBzdHJpbmcsIG5vdzogbnVtYmVyKTogUHJvbWlzZTx2b2lkPiB7XG4gICAgYXdhaXQgdGhpcy50YWtlKFxuICAgICAgW1xuICAgICAgICB0aGlzLmNvbmZpZyAmJiB7IGtleTogYGVtYWlsOmFjY291bnQ6JHtlbWFpbH1gLCBsaW1pdDogdGhpcy5jb25maWcuZW1haWxSZXF1ZXN0c1BlckVtYWlsIH0sXG4gICAgICAgIHRoaXMuY29uZmlnICYmIHsga2V5OiBgZW1haWw6YWRkcmVzczoke2FkZHJlc3N9YCwgbGltaXQ6IHRoaXMuY29uZmlnLmVtYWlsUmVxdWVzdHNQZXJBZGRyZXNzIH0sXG4gICAgICBdLFxuICAgICAgbm93LFxuICAgICk7XG4gIH1cblxuICAvKipcbiAgICogQ291bnRzIGEgYmF0Y2ggb2YgZXZlbnRzIChgY291bnRgIG9mIHRoZW0sIGBieXRlc2AgYXMgc3RvcmVkKSBhZ2FpbnN0IGl0cyBzZXNzaW9uIGFuZCBpdHNcbiAgICogcHJvZmlsZSAoZnJvbSB0aGlzIGluc3RhbmNlJ3MgbGVhc2VzLCBzZWUgYExlYXNlc2ApLCBiZWZvcmUgYW55dGhpbmcgaXMgc3RvcmVkOiBhIHJlZnVzZWQgYmF0Y2hcbiAgICogKDQyOSwgdGhlIHNlY29uZHMgdW50aWwgdGhlIHdpbmRvdyBlbmRzKSBzdG9yZXMgYW5kIHVzZXMgdXAgbm90aGluZywgYW5kIG1heSBiZSBzZW50IGFnYWluLlxuICAgKi9cbiAgYXN5bmMgZXZlbnRzKG93bmVyOiB7IHNlc3Npb25JZDogc3RyaW5nOyBjbGllbnRJZDogbnVtYmVyIH0sIGFtb3VudDogeyBjb3VudDogbnVtYmVyOyBieXRlczogbnVtYmVyIH0sIG5vdzogbnVtYmVyKTogUHJvbWlzZTx2b2lkPiB7XG4gICAgY29uc3QgY29uZmlnID0gdGhpcy5jb25maWc7XG4gICAgaWYgKCFjb25maWcpIHJldHVybjtcbiAgICBjb25zdCBzZXNzaW9uID0gYGV2ZW50czpzZXNzaW9uOiR7b3duZXIuc2Vzc2lvbklkfWA7XG4gICAgYXdhaXQgdGhpcy5sZWFzZXMudGFrZShzZXNzaW9uLCBhbW91bnQsIHsgY291bnQ6IGNvbmZpZy5ldmVudHNQZXJTZXNzaW9uLCBieXRlczogY29uZmlnLmV2ZW50Qnl0ZXNQZXJTZXNzaW9uIH0sIG5vdyk7XG4gICAgdHJ5IHtcbiAgICAgIGF3YWl0IHRoaXMubGVhc2VzLnRha2UoYGV2ZW50czpwcm9maWxlOiR7b3duZXIuY2xpZW50SWR9YCwgYW1vdW50LCB7IGNvdW50OiBjb25maWcuZXZlbnRzUGVyUHJvZmlsZSwgYnl0ZXM6IGNvbmZpZy5ldmVudEJ5dGVzUGVyUHJvZmlsZSB9LCBub3cpO1xuICAgIH0gY2F0Y2ggKGVycikge1xuICAgICAgdGhpcy5sZWFzZXMuZ2l2ZUJhY2soc2Vzc2lvbiwgYW1vdW50KTtcbiAgICAgIHRocm93IGVycjtcbiAgICB9XG4gIH1cblxuICAvKipcbiAgICogQ291bnRzIHRoaXMgYXR0ZW1wdCBhZ2FpbnN0IGV2ZXJ5IGNvdW50ZXIgYW5kIHJlZnVzZXMgaXQgKDQyOSBgUkFURV9MSU1JVEVEYCwgd2l0aCB0aGVcbiAgICogc2Vjb25kcyB1bnRpbCB0aGUgd2luZG93IGVuZHMpIHdoZW4gb25lIGlzIHBhc3QgaXRzIGxpbWl0LiBFYWNoIGNvdW50ZXIgaXMgcmFpc2VkIGFuZCByZWFkIGluXG4gICAqIG9uZSBzdGF0ZW1lbnQsIHNvIHJlcXVlc3RzIHJhY2luZyBpbiBwYXJhbGxlbCBhcmUgY291bnRlZCBvbmUgYnkgb25lOiBubyBtb3JlIG9mIHRoZW0gZ2V0XG4gICAqIHRocm91Z2ggdGhhbiB0aGUgbGltaXQgYWxsb3dzLCBob3dldmVyIG1hbnkgYXJyaXZlIGJlZm9yZSB0aGUgZmlyc3QgaXMgYW5zd2VyZWQuXG4gICAqL1xuICBwcml2YXRlIGFzeW5jIHRha2UobWF5YmU6IEFycmF5PENvdW50ZXIgfCB1bmRlZmluZWQ+LCBub3c6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICAgIGNvbnN0IGNvdW50ZXJzID0gbWF5YmUuZmlsdGVyKChjKTogYyBpcyBDb3VudGVyID0+IGMgIT09IHVuZGVmaW5lZCk7XG4gICAgbGV0IHJlZnVzYWw6IHsgd2luZG93U3RhcnQ6IG51bWJlciB9IHwgbnVsbCA9IG51bGw7XG4gICAgZm9yIChjb25zdCB7IGtleSwgbGltaXQgfSBvZiBjb3VudGVycykge1xuICAgICAgY29uc3QgeyBjb3VudCwgd2luZG93U3RhcnQgfSA9IGF3YWl0IGNvdW50QXR0ZW1wdCh0aGlzLmRiLCBrZXksIG5vdywgdGhpcy53aW5kb3dNcyk7XG4gICAgICBpZiAoY291bnQgPiBsaW1pdCkgcmVmdXNhbCA/Pz0geyB3aW5kb3dTdGFydCB9O1xuICAgIH1cbiAgICBpZiAocmVmdXNhbCkge1xuICAgICAgLy8gQSByZWZ1c2VkIGF0dGVtcHQgZG9lcyBubyB3b3JrLCBzbyBpdCB1c2VzIHVwIG5vdGhpbmcgKHRoZSB3aW5kb3cgZG9lcyBub3QgbW92ZSBlaXRoZXIpLlxuICAgICAgZm9yIChjb25zdCB7IGtleSB9IG9mIGNvdW50ZXJzKSBhd2FpdCB1bmNvdW50QXR0ZW1wdCh0aGlzLmRiLCBrZXkpO1xuICAgICAgdGhyb3cgcmF0ZUxpbWl0ZWQoKHJlZnVzYWwud2luZG93U3RhcnQgKyB0aGlzLndpbmRvd01zIC0gbm93KSAvIDEwMDApO1xuICAgIH1cbiAgfVxuXG4gIC8qKlxuICAgKiBBIGdyb3dpbmcgZGVsYXk6IHRoZSBmaXJzdCBgbGltaXRgIGF0dGVtcHRzIGdvIHRocm91Z2ggYXQgb25jZTsgZnJvbSB0aGUgYGxpbWl0YC10aCBvbiwgZWFjaFxuICAgKiBzZXRzIHRoZSBlYXJsaWVzdCB0aW1lIG9mIHRoZSBuZXh0IG9uZSAxIHMsIDIgcywgNCBzXHUyMDI2IGxhdGVyIChhdCBtb3N0IGBzaWduSW5NYXhEZWxheVNlY29uZHNgKSxcbiAgICogYW5kIG9uZSB0aGF0IGNvbWVzIGJlZm9yZSB0aGF0IGlzIHJlZnVzZWQgKDQyOSwgdGhlIHNlY29uZHMgbGVmdCkgYW5kIGNvdW50cyBub3RoaW5nLiBBIHF1aWV0XG4gICAqIHdpbmRvdyBmb3JnZXRzIGl0IGFsbC4gQXR0ZW1wdHMgcmFjaW5nIG9uIG9uZSBjb3VudGVyIGFyZSBzZXR0bGVkIGJ5IGNvbXBhcmUtYW5kLXNldDogZWFjaFxuICAgKiB3aW5uZXIgaXMgY291bnRlZCwgYSBsb3NlciByZWFkcyBhZ2FpbiAoYW5kIGlzIHJlZnVzZWQgd2hlbiBhIHdpbm5lciBzZXQgYSBkZWxheSkuXG4gICAqL1xuICBwcml2YXRlIGFzeW5jIGRlbGF5KGtleTogc3RyaW5nLCBsaW1pdDogbnVtYmVyLCBub3c6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICAgIGNvbnN0IG1heERlbGF5TXMgPSAodGhpcy5jb25maWc/LnNpZ25Jbk1heERlbGF5U2Vjb25kcyA/PyAwKSAqIDEwMDA7XG4gICAgZm9yIChsZXQgdHJpZXMgPSAwOyB0cmllcyA8IDg7IHRyaWVzKyspIHtcbiAgICAgIGNvbnN0IHNlZW4gPSBhd2FpdCByZWFkRGVsYXkodGhpcy5kYiwga2V5KTtcbiAgICAgIGNvbnN0IGZvcmdvdHRlbiA9ICFzZWVuIHx8IHNlZW4ubGFzdEF0IDw9IG5vdyAtIHRoaXMud2luZG93TXM7XG4gICAgICBpZiAoIWZvcmdvdHRlbiAmJiBzZWVuLm5leHRBdCA+IG5vdykgdGhyb3cgcmF0ZUxpbWl0ZWQoKHNlZW4ubmV4dEF0IC0gbm93KSAvIDEwMDApO1xuICAgICAgY29uc3QgY291bnQgPSAoZm9yZ290dGVuID8gMCA6IHNlZW4uY291bnQpICsgMTtcbiAgICAgIGNvbnN0IG5leHQ6IERlbGF5U3RhdGUgPSB7IGNvdW50LCBsYXN0QXQ6IG5vdywgbmV4dEF0OiBjb3VudCA+PSBsaW1pdCA/IG5vdyArIE1hdGgubWluKG1heERlbGF5TXMsIDEwMDAgKiAyICoqIE1hdGgubWluKGNvdW50IC0gbGltaXQsIDMwKSkgOiAwIH07XG4gICAgICBpZiAoYXdhaXQgcmVwbGFjZURlbGF5KHRoaXMuZGIsIGtleSwgc2VlbiwgbmV4dCkpIHJldHVybjtcbiAgICB9XG4gICAgLy8gTG9zdCBldmVyeSByYWNlOiBhcyBidXN5IGFzIHRoYXQsIHRoZSBhdHRlbXB0IGNhbiB3YWl0IGEgc2Vjb25kLlxuICAgIHRocm93IHJhdGVMaW1pdGVkKDEpO1xuICB9XG59XG5cbmludGVyZmFjZSBBbW91bnQge1xuICBjb3VudDogbnVtYmVyO1xuICBieXRlczogbnVtYmVyO1xufVxuXG4vKiogV2hhdCB0aGlzIGluc3RhbmNlIG1heSBzdGlsbCBhZG1pdCBvZiBvbmUgY291bnRlcidzIHdpbmRvdywgYW5kIHdoYXQgaXQgYWRtaXR0ZWQgdGhhdCB0aGUgc3RvcmUgaGFzIG5vdCBjb3VudGVkIHlldC4gKi9cbmludGVyZmFjZSBMZWFzZSBleHRlbmRzIEFtb3VudCB7XG4gIHdpbmRvd0VuZDogbnVtYmVyO1xuICAvKiogQWRtaXR0ZWQgZnJvbSB0aGUgZnJlZSBmaXJzdCBzbGljZSBhbmQgbm90IHlldCByZXBvcnRlZCB0byB0aGUgc3RvcmUuICovXG4gIHVucmVwb3J0ZWQ6IEFtb3VudDtcbiAgLyoqIFJlc2VydmVkIGluIHRoZSBzdG9yZSBhdCBsZWFzdCBvbmNlIHRoaXMgd2luZG93IChpdHMgZnJlZSBzbGljZSByZXBvcnRlZCkuICovXG4gIGluU3RvcmU6IGJvb2xlYW47XG4gIC8qKiBUaGUgd2luZG93J3MgbGltaXQgaGFzIG5vIHJvb20gZm9yIGFub3RoZXIgcmVxdWVzdDogcmVmdXNlZCBoZXJlIHVudGlsIGB3aW5kb3dFbmRgLiAqL1xuICBmdWxsOiBib29sZWFuO1xufVxuXG4vKiogTGVhc2VzIGtlcHQgcGFzdCB0aGlzIG1hbnkgYXJlIHN3ZXB0IG9mIGVuZGVkIHdpbmRvd3M7IHBhc3QgaXQgc3RpbGwsIGFsbCBhcmUgZHJvcHBlZCAod2hhdCB0aGUgc3RvcmUgY291bnRlZCBzdGF5cyBjb3VudGVkKS4gKi9cbmNvbnN0IE1BWF9MRUFTRVMgPSA1MF8wMDA7XG5cbi8qKiBBIGZpZnRpZXRoIG9mIGEgbGltaXQ6IGFuIGluc3RhbmNlJ3MgZnJlZSBmaXJzdCBzbGljZSwgYW5kIHdoYXQgaXQgcmVzZXJ2ZXMgYXQgYSB0aW1lLiBTbWFsbCBsaW1pdHMgKHVuZGVyIDUwKSBhcmUgZXhhY3QuICovXG5jb25zdCBzbGljZU9mID0gKGxpbWl0OiBudW1iZXIpID0+IChOdW1iZXIuaXNGaW5pdGUobGltaXQpID8gTWF0aC5mbG9vcihsaW1pdCAvIDUwKSA6IDApO1xuXG4vKipcbiAqIEZpeGVkLXdpbmRvdyBxdW90YXMgZm9yIHRoZSBob3QgcGF0aHMgKGFub255bW91cyBsb2dpbnMsIGV2ZW50cykgd2l0aG91dCBhIHN0b3JlIHJvdW5kIHRyaXAgcGVyXG4gKiByZXF1ZXN0LiBBbiBpbnN0YW5jZSBhZG1pdHMgdGhlIGZpcnN0IGZpZnRpZXRoIG9mIGEga2V5J3MgbGltaXQgZnJvbSBtZW1vcnkgKG1vc3QgdmlzaXRvcnMgc2VuZFxuICogbm8gbW9yZSwgYW5kIGNvc3QgdGhlIHN0b3JlIG5vdGhpbmcpOyBwYXN0IGl0LCBpdCByZXBvcnRzIHdoYXQgaXQgYWRtaXR0ZWQgYW5kIHJlc2VydmVzIHRoZSBuZXh0XG4gKiBmaWZ0aWV0aCAob3Igd2hhdCB0aGUgcmVxdWVzdCBuZWVkcywgaWYgbW9yZSkgaW4gb25lIGF0b21pYyBzdGF0ZW1lbnQsIGFuZCBzZXJ2ZXMgZnJvbSB3aGF0IGl0XG4gKiBob2xkcy4gTmVhciB0aGUgbGltaXQgaXQgcmVzZXJ2ZXMgb25seSB3aGF0IHRoZSByZXF1ZXN0IGxhY2tzOyBhIHJlcXVlc3QgdGhhdCBkb2VzIG5vdCBmaXQgaXNcbiAqIHJlZnVzZWQgKDQyOSwgdW50aWwgdGhlIHdpbmRvdyBlbmRzKSwgdGFrZXMgaXRzIHJlc2VydmF0aW9uIGJhY2ssIGFuZCB0aGUgaW5zdGFuY2UgcmVmdXNlcyB0aGF0XG4gKiBrZXkgZnJvbSBtZW1vcnkgdW50aWwgdGhlIHdpbmRvdyBlbmRzLiBTbyBvbmUgaW5zdGFuY2UgYWRtaXRzIGV4YWN0bHkgdGhlIGxpbWl0OyBOIGluc3RhbmNlcyBhdFxuICogbW9zdCB0aGUgbGltaXQgcGx1cyBhIGZpZnRpZXRoIGVhY2ggKHdoYXQgYW4gaW5zdGFuY2UgYWRtaXR0ZWQgZnJvbSBpdHMgZnJlZSBzbGljZSBidXQgbmV2ZXJcbiAqIHJlcG9ydGVkKSwgYW5kIHdoYXQgYW4gaW5zdGFuY2UgcmVzZXJ2ZWQgYW5kIGRpZCBub3QgdXNlIGlzIGxvc3QgdG8gdGhhdCB3aW5kb3cuXG4gKi9cbmNsYXNzIExlYXNlcyB7XG4gIHByaXZhdGUgcmVhZG9ubHkgaGVsZCA9IG5ldyBNYXA8c3RyaW5nLCBMZWFzZT4oKTtcblxuICBjb25zdHJ1Y3RvcihcbiAgICBwcml2YXRlIHJlYWRvbmx5IGRiOiBLeXNlbHk8RGF0YWJhc2U+LFxuICAgIHByaXZhdGUgcmVhZG9ubHkgd2luZG93TXM6IG51bWJlcixcbiAgKSB7fVxuXG4gIGFzeW5jIHRha2Uoa2V5OiBzdHJpbmcsIG5lZWQ6IEFtb3VudCwgbGltaXQ6IEFtb3VudCwgbm93OiBudW1iZXIpOiBQcm9taXNlPHZvaWQ+IHtcbiAgICBsZXQgbGVhc2UgPSB0aGlzLmhlbGQuZ2V0KGtleSk7XG4gICAgaWYgKCFsZWFzZSB8fCBsZWFzZS53aW5kb3dFbmQgPD0gbm93KSB7XG4gICAgICBsZWFzZSA9IHtcbiAgICAgICAgd2luZG93RW5kOiBub3cgKyB0aGlzLndpbmRvd01zLFxuICAgICAgICBjb3VudDogc2xpY2VPZihsaW1pdC5jb3VudCksXG4gICAgICAgIGJ5dGVzOiBOdW1iZXIuaXNGaW5pdGUobGltaXQuYnl0ZXMpID8gc2xpY2VPZihsaW1pdC5ieXRlcykgOiBJbmZpbml0eSxcbiAgICAgICAgdW5yZXBvcnRlZDogeyBjb3VudDogMCwgYnl0ZXM6IDAgfSxcbiAgICAgICAgaW5TdG9yZTogZmFsc2UsXG4gICAgICAgIGZ1bGw6IGZhbHNlLFxuICAgICAgfTtcbiAgICAgIHRoaXMua2VlcChrZXksIGxlYXNlLCBub3cpO1xuICAgIH1cbiAgICBpZiAobGVhc2UuZnVsbCkgdGhyb3cgcmF0ZUxpbWl0ZWQoKGxlYXNlLndpbmRvd0VuZCAtIG5vdykgLyAxMDAwLCAnVG9vIG1hbnkgcmVxdWVzdHM7IHRyeSBhZ2FpbiBsYXRlcicpO1xuICAgIGlmIChsZWFzZS5jb3VudCA+PSBuZWVkLmNvdW50ICYmIGxlYXNlLmJ5dGVzID49IG5lZWQuYnl0ZXMpIHtcbiAgICAgIGxlYXNlLmNvdW50IC09IG5lZWQuY291bnQ7XG4gICAgICBsZWFzZS5ieXRlcyAtPSBuZWVkLmJ5dGVzO1xuICAgICAgLy8gT24gdGhlIGZyZWUgc2xpY2U6IHRoZSBzdG9yZSBoZWFycyBvZiBpdCB3aXRoIHRoZSBmaXJzdCByZXNlcnZhdGlvbi5cbiAgICAgIGlmICghbGVhc2UuaW5TdG9yZSkgYWRkVG8obGVhc2UudW5yZXBvcnRlZCwgbmVlZCk7XG4gICAgICByZXR1cm47XG4gICAgfVxuICAgIGNvbnN0IHJlcG9ydCA9IGxlYXNlLnVucmVwb3J0ZWQ7XG4gICAgaWYgKCFsZWFzZS5pblN0b3JlKSB7XG4gICAgICAvLyBMZWF2aW5nIHRoZSBmcmVlIHNsaWNlOiB3aGF0IGlzIGxlZnQgb2YgaXQgaXMgZHJvcHBlZCwgdGhlIHJlcXVlc3QgaXMgcmVzZXJ2ZWQgd2hvbGUuXG4gICAgICBsZWFzZS5jb3VudCA9IDA7XG4gICAgICBsZWFzZS5ieXRlcyA9IE51bWJlci5pc0Zpbml0ZShsaW1pdC5ieXRlcykgPyAwIDogSW5maW5pdHk7XG4gICAgfVxuICAgIC8vIFdoYXQgdGhlIHJlcXVlc3QgbGFja3MsIG9yIGEgc2xpY2UgaWYgbW9yZTogb25lIHJlc2VydmF0aW9uIHNlcnZlcyB0aGUgbmV4dCByZXF1ZXN0cyB0b28uXG4gICAgY29uc3QgbGFja2luZyA9IHsgY291bnQ6IE1hdGgubWF4KDAsIG5lZWQuY291bnQgLSBsZWFzZS5jb3VudCksIGJ5dGVzOiBOdW1iZXIuaXNGaW5pdGUobGVhc2UuYnl0ZXMpID8gTWF0aC5tYXgoMCwgbmVlZC5ieXRlcyAtIGxlYXNlLmJ5dGVzKSA6IDAgfTtcbiAgICBjb25zdCBleHRyYSA9IHtcbiAgICAgIGNvdW50OiBsYWNraW5nLmNvdW50ID8gTWF0aC5tYXgobGFja2luZy5jb3VudCwgc2xpY2VPZihsaW1pdC5jb3VudCkpIDogMCxcbiAgICAgIGJ5dGVzOiBsYWNraW5nLmJ5dGVzID8gTWF0aC5tYXgobGFja2luZy5ieXRlcywgc2xpY2VPZihsaW1pdC5ieXRlcykpIDogMCxcbiAgICB9O1xuICAgIGxldCB0b3RhbCA9IGF3YWl0IGFkZFRvQ291bnRlcih0aGlzLmRiLCBrZXksIHsgY291bnQ6IHJlcG9ydC5jb3VudCArIGV4dHJhLmNvdW50LCBieXRlczogcmVwb3J0LmJ5dGVzICsgZXh0cmEuYnl0ZXMgfSwgbm93LCB0aGlzLndpbmRvd01zKTtcbiAgICBsZWFzZS51bnJlcG9ydGVkID0geyBjb3VudDogMCwgYnl0ZXM6IDAgfTtcbiAgICBsZWFzZS5pblN0b3JlID0gdHJ1ZTtcbiAgICBjb25zdCBvdmVyID0gKCkgPT4gdG90YWwuY291bnQgPiBsaW1pdC5jb3VudCB8fCB0b3RhbC5ieXRlcyA+IGxpbWl0LmJ5dGVzO1xuICAgIGxldCBncmFudGVkID0gZXh0cmE7XG4gICAgaWYgKG92ZXIoKSAmJiAoZXh0cmEuY291bnQgPiBsYWNraW5nLmNvdW50IHx8IGV4dHJhLmJ5dGVzID4gbGFja2luZy5ieXRlcykpIHtcbiAgICAgIC8vIE5lYXIgdGhlIGxpbWl0OiBrZWVwIG9ubHkgd2hhdCB0aGlzIHJlcXVlc3QgbGFja3MsIGlmIHRoYXQgZml0cy5cbiAgICAgIGNvbnN0IGV4Y2VzcyA9IHsgY291bnQ6IGV4dHJhLmNvdW50IC0gbGFja2luZy5jb3VudCwgYnl0ZXM6IGV4dHJhLmJ5dGVzIC0gbGFja2luZy5ieXRlcyB9O1xuICAgICAgYXdhaXQgc3VidHJhY3RGcm9tQ291bnRlcih0aGlzLmRiLCBrZXksIGV4Y2VzcywgdG90YWwud2luZG93U3RhcnQpO1xuICAgICAgdG90YWwgPSB7IC4uLnRvdGFsLCBjb3VudDogdG90YWwuY291bnQgLSBleGNlc3MuY291bnQsIGJ5dGVzOiB0b3RhbC5ieXRlcyAtIGV4Y2Vzcy5ieXRlcyB9O1xuICAgICAgZ3JhbnRlZCA9IGxhY2tpbmc7XG4gICAgfVxuICAgIC8vIFRoZSBzdG9yZSdzIHdpbmRvdyBmcm9tIGhlcmUgb24gKGEgZnJlc2ggcm93IHN0YXJ0cyBpdCBub3c7IHRoZSBmcmVlIHNsaWNlJ3Mgd2FzIGxvY2FsKS5cbiAgICBsZWFzZS53aW5kb3dFbmQgPSB0b3RhbC53aW5kb3dTdGFydCArIHRoaXMud2luZG93TXM7XG4gICAgaWYgKG92ZXIoKSkge1xuICAgICAgYXdhaXQgc3VidHJhY3RGcm9tQ291bnRlcih0aGlzLmRiLCBrZXksIGdyYW50ZWQsIHRvdGFsLndpbmRvd1N0YXJ0KTtcbiAgICAgIE9iamVjdC5hc3NpZ24obGVhc2UsIHsgY291bnQ6IDAsIGJ5dGVzOiAwLCBmdWxsOiB0cnVlIH0pO1xuICAgICAgdGhyb3cgcmF0ZUxpbWl0ZWQoKGxlYXNlLndpbmRvd0VuZCAtIG5vdykgLyAxMDAwLCAnVG9vIG1hbnkgcmVxdWVzdHM7IHRyeSBhZ2FpbiBsYXRlcicpO1xuICAgIH1cbiAgICBsZWFzZS5jb3VudCArPSBncmFudGVkLmNvdW50IC0gbmVlZC5jb3VudDtcbiAgICBsZWFzZS5ieXRlcyArPSBncmFudGVkLmJ5dGVzIC0gbmVlZC5ieXRlcztcbiAgfVxuXG4gIC8qKiBSZXR1cm5zIHdoYXQgYSByZXF1ZXN0IHRvb2sgd2hlbiBhIGxhdGVyIGNoZWNrIHJlZnVzZWQgaXQuICovXG4gIGdpdmVCYWNrKGtleTogc3RyaW5nLCBhbW91bnQ6IEFtb3VudCk6IHZvaWQge1xuICAgIGNvbnN0IGxlYXNlID0gdGhpcy5oZWxkLmdldChrZXkpO1xuICAgIGlmICghbGVhc2UgfHwgbGVhc2UuZnVsbCkgcmV0dXJuO1xuICAgIGxlYXNlLmNvdW50ICs9IGFtb3VudC5jb3VudDtcbiAgICBsZWFzZS5ieXRlcyArPSBhbW91bnQuYnl0ZXM7XG4gICAgaWYgKCFsZWFzZS5pblN0b3JlKSBhZGRUbyhsZWFzZS51bnJlcG9ydGVkLCB7IGNvdW50OiAtYW1vdW50LmNvdW50LCBieXRlczogLWFtb3VudC5ieXRlcyB9KTtcbiAgfVxuXG4gIHByaXZhdGUga2VlcChrZXk6IHN0cmluZywgbGVhc2U6IExlYXNlLCBub3c6IG51bWJlcik6IHZvaWQge1xuICAgIHRoaXMuaGVsZC5zZXQoa2V5LCBsZWFzZSk7XG4gICAgaWYgKHRoaXMuaGVsZC5zaXplIDw9IE1BWF9MRUFTRVMpIHJldHVybjtcbiAgICBmb3IgKGNvbnN0IFtrLCBsXSBvZiB0aGlzLmhlbGQpIGlmIChsLndpbmRvd0VuZCA8PSBub3cpIHRoaXMuaGVsZC5kZWxldGUoayk7XG4gICAgaWYgKHRoaXMuaGVsZC5zaXplID4gTUFYX0xFQVNFUykgdGhpcy5oZWxkLmNsZWFyKCk7XG4gIH1cbn1cblxuZnVuY3Rpb24gYWRkVG8oaW50bzogQW1vdW50LCBhbW91bnQ6IEFtb3VudCk6IHZvaWQge1xuICBpbnRvLmNvdW50ICs9IGFtb3VudC5jb3VudDtcbiAgaW50by5ieXRlcyArPSBhbW91bnQuYnl0ZXM7XG59XG4iLCAiaW1wb3J0IHsgcmFuZG9tQnl0ZXMgfSBmcm9tICdub2RlOmNyeXB0byc7XG5pbXBvcnQgeyBlcnJvcnMgYXMgam9zZUVycm9ycyB9IGZyb20gJ2pvc2UnO1xuaW1wb3J0IHR5cGUgeyBLeXNlbHksIFRyYW5zYWN0aW9uIH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB7IHR5cGUgUmVhbG0sIHR5cGUgVG9rZW5DbGFpbXMsIHR5cGUgVG9rZW5PcmlnaW4sIHR5cGUgVG9rZW5SZXNwb25zZSwgdG9rZW5DbGFpbXNTY2hlbWEgfSBmcm9tICcuLi9jb250cmFjdC9pbmRleC5qcyc7XG5pbXBvcnQgdHlwZSB7IFNlcnZlckNvbmZpZyB9IGZyb20gJy4vY29uZmlnLmpzJztcbmltcG9ydCB0eXBlIHsgS2V5UmluZyB9IGZyb20gJy4vY3J5cHRvL2tleXMuanMnO1xuaW1wb3J0IHsgdW5hdXRob3JpemVkIH0gZnJvbSAnLi9lcnJvcnMuanMnO1xuaW1wb3J0IHR5cGUgeyBDbGllbnRSb3cgfSBmcm9tICcuL3N0b3JlL2NsaWVudHMuanMnO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4vc3RvcmUvc2NoZW1hLmpzJztcbmltcG9ydCB7IGZpbmRTZXNzaW9uLCBpbnNlcnRTZXNzaW9uLCByZXZva2VDbGllbnRTZXNzaW9uUm93cywgcmV2b2tlU2Vzc2lvblJvdywgdHlwZSBTZXNzaW9uUm93IH0gZnJvbSAnLi9zdG9yZS9zZXNzaW9ucy5qcyc7XG5cbmV4cG9ydCB0eXBlIHsgU2Vzc2lvblJvdyB9O1xuXG50eXBlIERiID0gS3lzZWx5PERhdGFiYXNlPiB8IFRyYW5zYWN0aW9uPERhdGFiYXNlPjtcblxuZXhwb3J0IGludGVyZmFjZSBWZXJpZmllZFRva2VuIHtcbiAgY2xhaW1zOiBUb2tlbkNsYWltcztcbiAgc2Vzc2lvbjogU2Vzc2lvblJvdztcbn1cblxuaW50ZXJmYWNlIENhY2hlZFNlc3Npb24ge1xuICBzZXNzaW9uOiBTZXNzaW9uUm93O1xuICB1bnRpbDogbnVtYmVyO1xufVxuXG4vKipcbiAqIFNlc3Npb25zIGFuZCB0aGUgdG9rZW5zIGlzc3VlZCBmb3IgdGhlbS4gQSB0b2tlbiBpcyB2YWxpZCB3aGlsZSBpdHMgc2lnbmF0dXJlLCBpc3N1ZXIgYW5kIGV4cGlyeVxuICogY2hlY2sgb3V0IEFORCBpdHMgc2Vzc2lvbiBpcyBuZWl0aGVyIHJldm9rZWQgbm9yIHBhc3QgaXRzIGFic29sdXRlIGNhcC4gU2Vzc2lvbiByb3dzIGFyZSBjYWNoZWRcbiAqIGZvciBhdCBtb3N0IGByZXZvY2F0aW9uQ2FjaGVNc2A7IGEgcmV2b2NhdGlvbiBtYWRlIGJ5IHRoaXMgaW5zdGFuY2UgZHJvcHMgaXRzIGNhY2hlIGVudHJpZXMgYXRcbiAqIG9uY2UsIHNvIHRoZSBzdGFsZW5lc3MgYm91bmQgb25seSBjb25jZXJucyByZXZvY2F0aW9ucyBtYWRlIGJ5IGFub3RoZXIgaW5zdGFuY2UuXG4gKi9cbmV4cG9ydCBjbGFzcyBTZXNzaW9ucyB7XG4gIHByaXZhdGUgY2FjaGUgPSBuZXcgTWFwPHN0cmluZywgQ2FjaGVkU2Vzc2lvbj4oKTtcblxuICBjb25zdHJ1Y3RvcihcbiAgICBwcml2YXRlIHJlYWRvbmx5IGRiOiBLeXNlbHk8RGF0YWJhc2U+LFxuICAgIHByaXZhdGUgcmVhZG9ubHkga2V5czogS2V5UmluZyxcbiAgICBwcml2YXRlIHJlYWRvbmx5IGNvbmZpZzogU2VydmVyQ29uZmlnLFxuICApIHt9XG5cbiAgYXN5bmMgY3JlYXRlKGRiOiBEYiwgaW5wdXQ6IHsgY2xpZW50SWQ6IG51bWJlcjsgYXBpS2V5OiBzdHJpbmc7IHJlYWxtOiBSZWFsbTsgb3JpZ2luOiBUb2tlbk9yaWdpbjsgbm93OiBudW1iZXIgfSk6IFByb21pc2U8U2Vzc2lvblJvdz4ge1xuICAgIGNvbnN0IHNlc3Npb246IFNlc3Npb25Sb3cgPSB7XG4gICAgICBpZDogcmFuZG9tQnl0ZXMoMTYpLnRvU3RyaW5nKCdiYXNlNjR1cmwnKSxcbiAgICAgIGNsaWVudF9pZDogaW5wdXQuY2xpZW50SWQsXG4gICAgICBhcGlfa2V5OiBpbnB1dC5hcGlLZXksXG4gICAgICByZWFsbTogaW5wdXQucmVhbG0sXG4gICAgICBvcmlnaW46IGlucHV0Lm9yaWdpbixcbiAgICAgIGNyZWF0ZWRfYXQ6IGlucHV0Lm5vdyxcbiAgICAgIGV4cGlyZXNfYXQ6IGlucHV0Lm5vdyArIHRoaXMuY29uZmlnLnNlc3Npb25NYXhBZ2UgKiAxMDAwLFxuICAgICAgcmVmcmVzaGVkX2F0OiBudWxsLFxuICAgICAgcmV2b2tlZF9hdDogbnVsbCxcbiAgICAgIHJldm9rZWRfcmVhc29uOiBudWxsLFxuICAgIH07XG4gICAgYXdhaXQgaW5zZXJ0U2Vzc2lvbihkYiwgc2Vzc2lvbik7XG4gICAgcmV0dXJuIHNlc3Npb247XG4gIH1cblxuICAvKiogU2lnbnMgYSB0b2tlbiBmb3IgYSBzZXNzaW9uOyBpdHMgbGlmZXRpbWUgbmV2ZXIgcGFzc2VzIHRoZSBzZXNzaW9uJ3MgY2FwLiAqL1xuICBhc3luYyBpc3N1ZShzZXNzaW9uOiBTZXNzaW9uUm93LCBjbGllbnQ6IFBpY2s8Q2xpZW50Um93LCAnaWQnIHwgJ3V1aWQnIHwgJ2N1c3RvbV9pZCc+LCBub3c6IG51bWJlcik6IFByb21pc2U8VG9rZW5SZXNwb25zZT4ge1xuICAgIGNvbnN0IGlhdCA9IE1hdGguZmxvb3Iobm93IC8gMTAwMCk7XG4gICAgY29uc3QgZXhwID0gTWF0aC5taW4oaWF0ICsgdGhpcy5jb25maWcudG9rZW5UdGwsIE1hdGguZmxvb3Ioc2Vzc2lvbi5leHBpcmVzX2F0IC8gMTAwMCkpO1xuICAgIGNvbnN0IHJlYWxtID0gc2Vzc2lvbi5yZWFsbSBhcyBSZWFsbTtcbiAgICBjb25zdCBjdXN0b21lciA9IHJlYWxtID09PSAnY2xpZW50JztcbiAgICBjb25zdCBjbGFpbXM6IFRva2VuQ2xhaW1zID0ge1xuICAgICAgaXNzOiB0aGlzLmNvbmZpZy5pc3N1ZXIsXG4gICAgICBhdWQ6IHNlc3Npb24uYXBpX2tleSxcbiAgICAgIHN1YjogY3VzdG9tZXIgPyBTdHJpbmcoY2xpZW50LmlkKSA6IGNsaWVudC51dWlkLFxuICAgICAgdXVpZDogY2xpZW50LnV1aWQsXG4gICAgICAuLi4oY3VzdG9tZXIgPyB7IGNsaWVudElkOiBjbGllbnQuaWQgfSA6IHt9KSxcbiAgICAgIHJsbTogcmVhbG0sXG4gICAgICBvcmlnaW46IHNlc3Npb24ub3JpZ2luIGFzIFRva2VuT3JpZ2luLFxuICAgICAgc2lkOiBzZXNzaW9uLmlkLFxuICAgICAgaWF0LFxuICAgICAgZXhwLFxuICAgIH07XG4gICAgY29uc3QgdG9rZW4gPSBhd2FpdCB0aGlzLmtleXMuc2lnbihjbGFpbXMpO1xuICAgIHJldHVybiB7XG4gICAgICB0b2tlbixcbiAgICAgIGV4cGlyYXRpb246IGV4cCxcbiAgICAgIGNyZWF0ZWQ6IG5vdyxcbiAgICAgIG9yaWdpbjogY2xhaW1zLm9yaWdpbixcbiAgICAgIHJlYWxtLFxuICAgICAgdXVpZDogY2xpZW50LnV1aWQsXG4gICAgICAuLi4oY3VzdG9tZXIgPyB7IGNsaWVudElkOiBjbGllbnQuaWQsIGN1c3RvbUlkOiBjbGllbnQuY3VzdG9tX2lkIH0gOiB7fSksXG4gICAgfTtcbiAgfVxuXG4gIC8qKiBWZXJpZmllcyBhIGJlYXJlciB0b2tlbiBhbmQgaXRzIHNlc3Npb247IHRocm93cyA0MDEgd2l0aCB0aGUgcHJlY2lzZSBjb2RlLiAqL1xuICBhc3luYyB2ZXJpZnkodG9rZW46IHN0cmluZywgbm93ID0gRGF0ZS5ub3coKSwgb3B0aW9uczogeyBmcmVzaD86IGJvb2xlYW4gfSA9IHt9KTogUHJvbWlzZTxWZXJpZmllZFRva2VuPiB7XG4gICAgbGV0IHBheWxvYWQ6IHVua25vd247XG4gICAgdHJ5IHtcbiAgICAgICh7IHBheWxvYWQgfSA9IGF3YWl0IHRoaXMua2V5cy52ZXJpZnkodG9rZW4sIHsgaXNzdWVyOiB0aGlzLmNvbmZpZy5pc3N1ZXIgfSkpO1xuICAgIH0gY2F0Y2ggKGVycikge1xuICAgICAgaWYgKGVyciBpbnN0YW5jZW9mIGpvc2VFcnJvcnMuSldURXhwaXJlZCkgdGhyb3cgdW5hdXRob3JpemVkKCdUT0tFTl9FWFBJUkVEJywgJ1RoZSB0b2tlbiBoYXMgZXhwaXJlZCcpO1xuICAgICAgdGhyb3cgdW5hdXRob3JpemVkKCdUT0tFTl9JTlZBTElEJywgJ1RoZSB0b2tlbiBpcyBub3QgdmFsaWQnKTtcbiAgICB9XG4gICAgY29uc3QgcGFyc2VkID0gdG9rZW5DbGFpbXNTY2hlbWEuc2FmZVBhcnNlKHBheWxvYWQpO1xuICAgIGlmICghcGFyc2VkLnN1Y2Nlc3MpIHRocm93IHVuYXV0aG9yaXplZCgnVE9LRU5fSU5WQUxJRCcsICdUaGUgdG9rZW4gaXMgbm90IHZhbGlkJyk7XG4gICAgY29uc3Qgc2Vzc2lvbiA9IG9wdGlvbnMuZnJlc2ggPyBhd2FpdCB0aGlzLmxvYWRGcmVzaChwYXJzZWQuZGF0YS5zaWQpIDogYXdhaXQgdGhpcy5sb2FkKHBhcnNlZC5kYXRhLnNpZCwgbm93KTtcbiAgICBpZiAoIXNlc3Npb24pIHRocm93IHVuYXV0aG9yaXplZCgnVE9LRU5fSU5WQUxJRCcsICdUaGUgdG9rZW4gaXMgbm90IHZhbGlkJyk7XG4gICAgaWYgKHNlc3Npb24ucmV2b2tlZF9hdCAhPT0gbnVsbCkgdGhyb3cgdW5hdXRob3JpemVkKCdTRVNTSU9OX1JFVk9LRUQnLCAnVGhlIHNlc3Npb24gaGFzIGVuZGVkJyk7XG4gICAgaWYgKHNlc3Npb24uZXhwaXJlc19hdCA8PSBub3cpIHRocm93IHVuYXV0aG9yaXplZCgnVE9LRU5fRVhQSVJFRCcsICdUaGUgc2Vzc2lvbiBoYXMgZXhwaXJlZCcpO1xuICAgIGlmIChzZXNzaW9uLmFwaV9rZXkgIT09IHBhcnNlZC5kYXRhLmF1ZCkgdGhyb3cgdW5hdXRob3JpemVkKCdUT0tFTl9JTlZBTElEJywgJ1RoZSB0b2tlbiBpcyBub3QgdmFsaWQnKTtcbiAgICByZXR1cm4geyBjbGFpbXM6IHBhcnNlZC5kYXRhLCBzZXNzaW9uIH07XG4gIH1cblxuICAvKipcbiAgICogVGhlIGFub255bW91cyBVVUlEIGEgdG9rZW4gd2FzIGlzc3VlZCBmb3IsIHdoZW4gaXQgaXMgb25lIG9mIHRoaXMgc2VydmVyJ3MgKHNpZ25hdHVyZSwgaXNzdWVyKVxuICAgKiBmb3IgYGFwaUtleWA6IHByb29mIHRoYXQgd2hvZXZlciBzZW5kcyBpdCB3YXMgaGFuZGVkIHRoYXQgVVVJRCdzIGFub255bW91cyBzZXNzaW9uLiBFeHBpcnkgYW5kXG4gICAqIHRoZSBzZXNzaW9uJ3MgbGF0ZXIgZmF0ZSBkbyBub3QgbWF0dGVyIChhbiBpZGxlIHZpc2l0b3IncyB0b2tlbiBleHBpcmVzOyBhIG1lcmdlIG1vdmVzIGl0IG9uKS5cbiAgICogQW55dGhpbmcgZWxzZSwgYSBjdXN0b21lcidzIHRva2VuIGluY2x1ZGVkLCBwcm92ZXMgbm90aGluZzogdW5kZWZpbmVkLlxuICAgKi9cbiAgYXN5bmMgYW5vbnltb3VzVXVpZE9mKHRva2VuOiBzdHJpbmcgfCB1bmRlZmluZWQsIGFwaUtleTogc3RyaW5nKTogUHJvbWlzZTxzdHJpbmcgfCB1bmRlZmluZWQ+IHtcbiAgICBpZiAoIXRva2VuKSByZXR1cm4gdW5kZWZpbmVkO1xuICAgIGxldCBwYXlsb2FkOiB1bmtub3duO1xuICAgIHRyeSB7XG4gICAgICAoeyBwYXlsb2FkIH0gPSBhd2FpdCB0aGlzLmtleXMudmVyaWZ5KHRva2VuLCB7IGlzc3VlcjogdGhpcy5jb25maWcuaXNzdWVyIH0pKTtcbiAgICB9IGNhdGNoIChlcnIpIHtcbiAgICAgIC8vIFRoZSBzaWduYXR1cmUgd2FzIGNoZWNrZWQgYmVmb3JlIHRoZSBleHBpcnkuXG4gICAgICBpZiAoIShlcnIgaW5zdGFuY2VvZiBqb3NlRXJyb3JzLkpXVEV4cGlyZWQpKSByZXR1cm4gdW5kZWZpbmVkO1xuICAgICAgcGF5bG9hZCA9IGVyci5wYXlsb2FkO1xuICAgIH1cbiAgICBjb25zdCBwYXJzZWQgPSB0b2tlbkNsYWltc1NjaGVtYS5zYWZlUGFyc2UocGF5bG9hZCk7XG4gICAgaWYgKCFwYXJzZWQuc3VjY2VzcykgcmV0dXJuIHVuZGVmaW5lZDtcbiAgICBjb25zdCBjbGFpbXMgPSBwYXJzZWQuZGF0YTtcbiAgICByZXR1cm4gY2xhaW1zLmlzcyA9PT0gdGhpcy5jb25maWcuaXNzdWVyICYmIGNsYWltcy5ybG0gPT09ICdhbm9ueW1vdXNfY2xpZW50JyAmJiBjbGFpbXMuYXVkID09PSBhcGlLZXkgPyBjbGFpbXMudXVpZCA6IHVuZGVmaW5lZDtcbiAgfVxuXG4gIHByaXZhdGUgYXN5bmMgbG9hZChzaWQ6IHN0cmluZywgbm93OiBudW1iZXIpOiBQcm9taXNlPFNlc3Npb25Sb3cgfCB1bmRlZmluZWQ+IHtcbiAgICBjb25zdCBjYWNoZWQgPSB0aGlzLmNhY2hlLmdldChzaWQpO1xuICAgIGlmIChjYWNoZWQgJiYgY2FjaGVkLnVudGlsID4gbm93KSByZXR1cm4gY2FjaGVkLnNlc3Npb247XG4gICAgY29uc3Qgc2Vzc2lvbiA9IGF3YWl0IGZpbmRTZXNzaW9uKHRoaXMuZGIsIHNpZCk7XG4gICAgaWYgKHNlc3Npb24gJiYgdGhpcy5jb25maWcucmV2b2NhdGlvbkNhY2hlTXMgPiAwKSB7XG4gICAgICBpZiAodGhpcy5jYWNoZS5zaXplID4gNTBfMDAwKSB0aGlzLmNhY2hlLmNsZWFyKCk7XG4gICAgICB0aGlzLmNhY2hlLnNldChzaWQsIHsgc2Vzc2lvbiwgdW50aWw6IG5vdyArIHRoaXMuY29uZmlnLnJldm9jYXRpb25DYWNoZU1zIH0pO1xuICAgIH1cbiAgICByZXR1cm4gc2Vzc2lvbjtcbiAgfVxuXG4gIC8qKiBGcmVzaCBmcm9tIHRoZSBzdG9yZSwgYnlwYXNzaW5nIHRoZSBjYWNoZTogcmVmcmVzaCBtdXN0IG5ldmVyIGV4dGVuZCBhIHJldm9rZWQgc2Vzc2lvbi4gKi9cbiAgYXN5bmMgbG9hZEZyZXNoKHNpZDogc3RyaW5nKTogUHJvbWlzZTxTZXNzaW9uUm93IHwgdW5kZWZpbmVkPiB7XG4gICAgcmV0dXJuIGZpbmRTZXNzaW9uKHRoaXMuZGIsIHNpZCk7XG4gIH1cblxuICBhc3luYyByZXZva2VTZXNzaW9uKGRiOiBEYiwgc2lkOiBzdHJpbmcsIHJlYXNvbjogc3RyaW5nLCBub3c6IG51bWJlcik6IFByb21pc2U8dm9pZD4ge1xuICAgIGF3YWl0IHJldm9rZVNlc3Npb25Sb3coZGIsIHNpZCwgcmVhc29uLCBub3cpO1xuICAgIHRoaXMuY2FjaGUuZGVsZXRlKHNpZCk7XG4gIH1cblxuICAvKiogUmV2b2tlcyBldmVyeSBsaXZlIHNlc3Npb24gb2YgYSBjdXN0b21lciwgZXhjZXB0IGBrZWVwYCB3aGVuIGdpdmVuLiAqL1xuICBhc3luYyByZXZva2VDbGllbnRTZXNzaW9ucyhkYjogRGIsIGNsaWVudElkOiBudW1iZXIsIHJlYXNvbjogc3RyaW5nLCBub3c6IG51bWJlciwga2VlcD86IHN0cmluZyk6IFByb21pc2U8dm9pZD4ge1xuICAgIGF3YWl0IHJldm9rZUNsaWVudFNlc3Npb25Sb3dzKGRiLCBjbGllbnRJZCwgcmVhc29uLCBub3csIGtlZXApO1xuICAgIGZvciAoY29uc3QgW3NpZCwgZW50cnldIG9mIHRoaXMuY2FjaGUpIGlmIChlbnRyeS5zZXNzaW9uLmNsaWVudF9pZCA9PT0gY2xpZW50SWQgJiYgc2lkICE9PSBrZWVwKSB0aGlzLmNhY2hlLmRlbGV0ZShzaWQpO1xuICB9XG5cbiAgZm9yZ2V0KCk6IHZvaWQge1xuICAgIHRoaXMuY2FjaGUuY2xlYXIoKTtcbiAgfVxufVxuIiwgImltcG9ydCB7IGV4aXN0c1N5bmMsIG1rZGlyU3luYywgd3JpdGVGaWxlU3luYyB9IGZyb20gJ25vZGU6ZnMnO1xuaW1wb3J0IHsgZGlybmFtZSB9IGZyb20gJ25vZGU6cGF0aCc7XG5pbXBvcnQgU3FsaXRlRGF0YWJhc2UgZnJvbSAnYmV0dGVyLXNxbGl0ZTMnO1xuaW1wb3J0IHsgS3lzZWx5LCBQb3N0Z3Jlc0RpYWxlY3QsIFNxbGl0ZURpYWxlY3QsIHNxbCB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgcGcgZnJvbSAncGcnO1xuaW1wb3J0IHsgY3JlYXRlTG9nZ2VyLCB0eXBlIFBpbm8gfSBmcm9tICcuLi9sb2cuanMnO1xuaW1wb3J0IHsgc3RhcnRDaGVja3BvaW50ZXIgfSBmcm9tICcuL2NoZWNrcG9pbnRlci5qcyc7XG5pbXBvcnQgeyBwb29sV2l0aERlYWRsaW5lIH0gZnJvbSAnLi9kZWFkbGluZS5qcyc7XG5pbXBvcnQgeyBtaWdyYXRlVG9MYXRlc3QgfSBmcm9tICcuL21pZ3JhdGlvbnMuanMnO1xuaW1wb3J0IHR5cGUgeyBEYXRhYmFzZSB9IGZyb20gJy4vc2NoZW1hLmpzJztcbmltcG9ydCB7IGd1YXJkU3FsaXRlIH0gZnJvbSAnLi9zcWxpdGUtZ3VhcmQuanMnO1xuXG5leHBvcnQgdHlwZSBEaWFsZWN0ID0gJ3NxbGl0ZScgfCAncG9zdGdyZXMnO1xuXG5leHBvcnQgaW50ZXJmYWNlIFN0b3JlIHtcbiAgZGI6IEt5c2VseTxEYXRhYmFzZT47XG4gIGRpYWxlY3Q6IERpYWxlY3Q7XG4gIC8qKiBBIG9uZS1saW5lIGRlc2NyaXB0aW9uIGZvciB0aGUgc3RhcnQtdXAgYmFubmVyLCB3aXRob3V0IGNyZWRlbnRpYWxzLiAqL1xuICBkZXNjcmliZTogc3RyaW5nO1xuICAvKiogRm9yIGhlYWx0aDogcmVzb2x2ZXMgd2hlbiB0aGUgc3RvcmUgYW5zd2VycyBhbmQgY2FuIGtlZXAgd2hhdCBpdCBhY2tub3dsZWRnZXM7IHRocm93cyAoYSA1MDMgZXJyb3IpIHdoZW4gbm90LiAqL1xuICBjaGVjaygpOiBQcm9taXNlPHZvaWQ+O1xuICBjbG9zZSgpOiBQcm9taXNlPHZvaWQ+O1xufVxuXG5jb25zdCBJTlQ4X09JRCA9IDIwO1xuXG4vKiogVGhlIGRlZmF1bHQgb2YgYFNOUl9EQl9USU1FT1VUX01TYC4gKi9cbmV4cG9ydCBjb25zdCBERUZBVUxUX0RCX1RJTUVPVVRfTVMgPSAzXzAwMDtcblxuLyoqXG4gKiBNYWtlcyB0aGUgU1FMaXRlIGZpbGUncyBmb2xkZXIuIEEgZm9sZGVyIHRoZSBzZXJ2ZXIgY3JlYXRlcyAoYC5kYXRhL2AgYnkgZGVmYXVsdDogY3VzdG9tZXJzIGFuZFxuICogc2lnbmluZyBrZXlzKSBnZXRzIGEgYC5naXRpZ25vcmVgIG9mIGl0cyBvd24gaG9sZGluZyBgKmAsIHNvIGFuIGFwcCB0aGF0IHN0YXJ0cyB0aGUgc2VydmVyIGluIGl0c1xuICogcmVwb3NpdG9yeSBuZXZlciBjb21taXRzIGl0LCB3aGF0ZXZlciB0aGUgYXBwJ3Mgb3duIGAuZ2l0aWdub3JlYCBzYXlzLiBBIGZvbGRlciB0aGF0IGFscmVhZHlcbiAqIGV4aXN0cyBpcyB0aGUgc2l0ZSdzOiBsZWZ0IGFzIGl0IGlzLlxuICovXG5leHBvcnQgZnVuY3Rpb24gbWFrZURhdGFGb2xkZXIoZGlyOiBzdHJpbmcpOiB2b2lkIHtcbiAgaWYgKGV4aXN0c1N5bmMoZGlyKSkgcmV0dXJuO1xuICBta2RpclN5bmMoZGlyLCB7IHJlY3Vyc2l2ZTogdHJ1ZSB9KTtcbiAgd3JpdGVGaWxlU3luYyhgJHtkaXJ9Ly5naXRpZ25vcmVgLCAnIyBNYWRlIGJ5IHNuci1hdXRoOiBjdXN0b21lcnMgYW5kIHNpZ25pbmcga2V5cywgbmV2ZXIgdG8gYmUgY29tbWl0dGVkLlxcbipcXG4nKTtcbn1cblxuLyoqXG4gKiBPcGVucyAoYW5kIG1pZ3JhdGVzKSB0aGUgc3RvcmU6IFBvc3RncmVTUUwgZm9yIGEgYHBvc3RncmVzOi8vYCBVUkwsIGVsc2UgYSBTUUxpdGUgZmlsZS5cbiAqIGB0aW1lb3V0TXNgIChQb3N0Z3JlU1FMKTogdGhlIGRlYWRsaW5lIG9mIGVhY2ggcXVlcnkgYW5kIG9mIGVhY2ggd2FpdCBmb3IgYSBwb29sZWQgY29ubmVjdGlvbi5cbiAqIGBsb2dgOiB3aGVyZSBhIHN0b3JlIGZhdWx0IHRoZSBvcGVyYXRvciBtdXN0IGFjdCBvbiBpcyByZXBvcnRlZCAoU1FMaXRlIGZpbGUgZGVsZXRlZCwgZGlzayBmdWxsKS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIG9wZW5TdG9yZShkYXRhYmFzZVVybDogc3RyaW5nLCBvcHRpb25zOiB7IHBvb2xTaXplPzogbnVtYmVyOyB0aW1lb3V0TXM/OiBudW1iZXI7IGxvZz86IFBpbm8gfSA9IHt9KTogUHJvbWlzZTxTdG9yZT4ge1xuICBpZiAoL15wb3N0Z3JlcyhxbCk/OlxcL1xcLy9pLnRlc3QoZGF0YWJhc2VVcmwpKSB7XG4gICAgY29uc3QgdGltZW91dE1zID0gb3B0aW9ucy50aW1lb3V0TXMgPz8gREVGQVVMVF9EQl9USU1FT1VUX01TO1xuICAgIGNvbnN0IHBvb2wgPSBuZXcgcGcuUG9vbCh7XG4gICAgICBjb25uZWN0aW9uU3RyaW5nOiBkYXRhYmFzZVVybCxcbiAgICAgIG1heDogb3B0aW9ucy5wb29sU2l6ZSA/PyAxMCxcbiAgICAgIGNvbm5lY3Rpb25UaW1lb3V0TWlsbGlzOiB0aW1lb3V0TXMsXG4gICAgICAvLyBUaW1lc3RhbXBzIGFyZSBiaWdpbnQgY29sdW1ucyBob2xkaW5nIGVwb2NoIG1pbGxpc2Vjb25kczogc2FmZSBhcyBKUyBudW1iZXJzLlxuICAgICAgdHlwZXM6IHtcbiAgICAgICAgZ2V0VHlwZVBhcnNlcjogKChvaWQ6IG51bWJlciwgZm9ybWF0Pzogc3RyaW5nKSA9PlxuICAgICAgICAgIG9pZCA9PT0gSU5UOF9PSUQgPyAodjogc3RyaW5nKSA9PiBOdW1iZXIodikgOiBwZy50eXBlcy5nZXRUeXBlUGFyc2VyKG9pZCwgZm9ybWF0IGFzICd0ZXh0JykpIGFzIHR5cGVvZiBwZy50eXBlcy5nZXRUeXBlUGFyc2VyLFxuICAgICAgfSxcbiAgICB9KTtcbiAgICAvLyBBIGNvbm5lY3Rpb24gbG9zdCB3aGlsZSBpZGxlIGluIHRoZSBwb29sLCBvciB3aGlsZSBoZWxkIGJldHdlZW4gdHdvIHN0YXRlbWVudHMgb2YgYVxuICAgIC8vIHRyYW5zYWN0aW9uLCBlbWl0cyAnZXJyb3InIG9uIGl0cyBjbGllbnQ6IHdpdGhvdXQgYSBsaXN0ZW5lciB0aGF0IHdvdWxkIGNyYXNoIHRoZSBwcm9jZXNzXG4gICAgLy8gZHVyaW5nIGEgZGF0YWJhc2Ugb3V0YWdlLiBUaGUgcXVlcnkgdW5kZXIgd2F5IGZhaWxzIG9uIGl0cyBvd24gKGFuc3dlcmVkIDUwMyksIHRoZSBwb29sXG4gICAgLy8gZHJvcHMgdGhlIGJyb2tlbiBjbGllbnQsIGFuZCB0aGUgbmV4dCBxdWVyeSBjb25uZWN0cyBhZnJlc2guXG4gICAgcG9vbC5vbignZXJyb3InLCAoKSA9PiB7fSk7XG4gICAgcG9vbC5vbignY29ubmVjdCcsIChjbGllbnQpID0+IGNsaWVudC5vbignZXJyb3InLCAoKSA9PiB7fSkpO1xuICAgIGNvbnN0IGRiID0gbmV3IEt5c2VseTxEYXRhYmFzZT4oeyBkaWFsZWN0OiBuZXcgUG9zdGdyZXNEaWFsZWN0KHsgcG9vbDogcG9vbFdpdGhEZWFkbGluZShwb29sLCB0aW1lb3V0TXMpIH0pIH0pO1xuICAgIHRyeSB7XG4gICAgICBhd2FpdCBtaWdyYXRlVG9MYXRlc3QoZGIsICdwb3N0Z3JlcycpO1xuICAgIH0gY2F0Y2ggKGVycikge1xuICAgICAgYXdhaXQgZGIuZGVzdHJveSgpO1xuICAgICAgdGhyb3cgZXJyO1xuICAgIH1cbiAgICBjb25zdCB1cmwgPSBuZXcgVVJMKGRhdGFiYXNlVXJsKTtcbiAgICByZXR1cm4geyBkYiwgZGlhbGVjdDogJ3Bvc3RncmVzJywgZGVzY3JpYmU6IGBQb3N0Z3JlU1FMICR7dXJsLmhvc3R9JHt1cmwucGF0aG5hbWV9YCwgY2hlY2s6ICgpID0+IHBpbmcoZGIpLCBjbG9zZTogKCkgPT4gZGIuZGVzdHJveSgpIH07XG4gIH1cblxuICBjb25zdCBmaWxlID0gZGF0YWJhc2VVcmwucmVwbGFjZSgvXnNxbGl0ZTooXFwvXFwvKT8vaSwgJycpO1xuICBpZiAoZmlsZSAhPT0gJzptZW1vcnk6JykgbWFrZURhdGFGb2xkZXIoZGlybmFtZShmaWxlKSk7XG4gIGNvbnN0IHNxbGl0ZSA9IG5ldyBTcWxpdGVEYXRhYmFzZShmaWxlKTtcbiAgc3FsaXRlLnByYWdtYSgnam91cm5hbF9tb2RlID0gV0FMJyk7XG4gIHNxbGl0ZS5wcmFnbWEoJ3N5bmNocm9ub3VzID0gTk9STUFMJyk7XG4gIHNxbGl0ZS5wcmFnbWEoJ2ZvcmVpZ25fa2V5cyA9IE9OJyk7XG4gIHNxbGl0ZS5wcmFnbWEoJ2J1c3lfdGltZW91dCA9IDUwMDAnKTtcbiAgY29uc3QgZ3VhcmQgPSBndWFyZFNxbGl0ZShzcWxpdGUsIGZpbGUsIG9wdGlvbnMubG9nID8/IGNyZWF0ZUxvZ2dlcih7IGxldmVsOiAnZXJyb3InIH0pKTtcbiAgY29uc3QgZGIgPSBuZXcgS3lzZWx5PERhdGFiYXNlPih7IGRpYWxlY3Q6IG5ldyBTcWxpdGVEaWFsZWN0KHsgZGF0YWJhc2U6IGd1YXJkLmRhdGFiYXNlIH0pIH0pO1xuICBhd2FpdCBtaWdyYXRlVG9MYXRlc3QoZGIsICdzcWxpdGUnKTtcbiAgY29uc3QgY2hlY2sgPSBhc3luYyAoKSA9PiB7XG4gICAgZ3VhcmQuY2hlY2soKTtcbiAgICBhd2FpdCBwaW5nKGRiKTtcbiAgfTtcbiAgaWYgKGZpbGUgPT09ICc6bWVtb3J5OicpIHJldHVybiB7IGRiLCBkaWFsZWN0OiAnc3FsaXRlJywgZGVzY3JpYmU6IGBTUUxpdGUgJHtmaWxlfWAsIGNoZWNrLCBjbG9zZTogKCkgPT4gZGIuZGVzdHJveSgpIH07XG4gIC8vIENoZWNrcG9pbnRzIGluIGEgd29ya2VyIHRocmVhZCwgbm90IGluIHdoaWNoZXZlciByZXF1ZXN0IGNvbW1pdHMgdGhlIDEwMDB0aCBXQUwgcGFnZS5cbiAgc3FsaXRlLnByYWdtYSgnam91cm5hbF9zaXplX2xpbWl0ID0gNjcxMDg4NjQnKTtcbiAgc3FsaXRlLnByYWdtYSgnd2FsX2F1dG9jaGVja3BvaW50ID0gMCcpO1xuICBjb25zdCBjaGVja3BvaW50ZXIgPSBzdGFydENoZWNrcG9pbnRlcihmaWxlLCB7XG4gICAgb25GYWlsdXJlOiAoKSA9PiB7XG4gICAgICBpZiAoc3FsaXRlLm9wZW4pIHNxbGl0ZS5wcmFnbWEoJ3dhbF9hdXRvY2hlY2twb2ludCA9IDEwMDAnKTtcbiAgICB9LFxuICB9KTtcbiAgcmV0dXJuIHtcbiAgICBkYixcbiAgICBkaWFsZWN0OiAnc3FsaXRlJyxcbiAgICBkZXNjcmliZTogYFNRTGl0ZSAke2ZpbGV9YCxcbiAgICBjaGVjayxcbiAgICBjbG9zZTogYXN5bmMgKCkgPT4ge1xuICAgICAgYXdhaXQgY2hlY2twb2ludGVyLnN0b3AoKTtcbiAgICAgIGF3YWl0IGRiLmRlc3Ryb3koKTtcbiAgICB9LFxuICB9O1xufVxuXG4vKiogV2hldGhlciB0aGUgc3RvcmUgYW5zd2VycyBhdCBhbGwgKHRoZSBoZWFsdGggcm91dGUpLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHBpbmcoZGI6IEt5c2VseTxEYXRhYmFzZT4pOiBQcm9taXNlPHZvaWQ+IHtcbiAgYXdhaXQgc3FsYHNlbGVjdCAxYC5leGVjdXRlKGRiKTtcbn1cbiIsICJpbXBvcnQgeyBjcmVhdGVSZXF1aXJlIH0gZnJvbSAnbm9kZTptb2R1bGUnO1xuaW1wb3J0IHsgV29ya2VyIH0gZnJvbSAnbm9kZTp3b3JrZXJfdGhyZWFkcyc7XG5cbi8qKlxuICogU1FMaXRlJ3MgV0FMIGNoZWNrcG9pbnRzLCBvZmYgdGhlIHJlcXVlc3QgcGF0aC4gQnkgZGVmYXVsdCB0aGUgY29ubmVjdGlvbiB0aGF0IGNvbW1pdHMgdGhlXG4gKiAxMDAwdGggcGFnZSBvZiB0aGUgd3JpdGUtYWhlYWQgbG9nIGNvcGllcyBpdCBiYWNrIGludG8gdGhlIGRhdGFiYXNlIGZpbGUgdGhlbiBhbmQgdGhlcmUsIHdpdGhcbiAqIGFuIGZzeW5jLCBvbiB0aGUgZXZlbnQgbG9vcDogb25lIHJlcXVlc3QgaW4gYSB0aG91c2FuZCBwYWdlcyB3YWl0cyBmb3IgdGhlIGRpc2ssIGFuZCBvbiB0aGlzXG4gKiBtYWNoaW5lIHRoYXQgd2FzIG1vcmUgdGhhbiBoYWxmIG9mIFNRTGl0ZSdzIHNoYXJlIG9mIGFuIGFub255bW91cyBsb2dpbiAoMjcxIFx1MDBCNXMgcGVyIGxvZ2luIHdpdGhcbiAqIGF1dG9tYXRpYyBjaGVja3BvaW50cywgMTA1IFx1MDBCNXMgd2l0aG91dDsgYmVuY2ggbm90ZXMgaW4gQkVOQ0hNQVJLUy5tZCkuXG4gKlxuICogSGVyZSB0aGUgc2VydmVyJ3MgY29ubmVjdGlvbiBuZXZlciBjaGVja3BvaW50cyAoYHdhbF9hdXRvY2hlY2twb2ludCA9IDBgKTsgYSB3b3JrZXIgdGhyZWFkIHdpdGggYVxuICogY29ubmVjdGlvbiBvZiBpdHMgb3duIHJ1bnMgYSBQQVNTSVZFIGNoZWNrcG9pbnQgZXZlcnkgYGludGVydmFsTXNgIChQQVNTSVZFIG5ldmVyIGJsb2NrcyBhIHdyaXRlclxuICogb3IgYSByZWFkZXIpLiBEdXJhYmlsaXR5IGlzIHVuY2hhbmdlZDogY29tbWl0cyByZWFjaCB0aGUgV0FMIGVpdGhlciB3YXkgKGBzeW5jaHJvbm91cyA9IE5PUk1BTGApLlxuICogSWYgdGhlIHdvcmtlciBmYWlscywgdGhlIGNvbm5lY3Rpb24gZ29lcyBiYWNrIHRvIGNoZWNrcG9pbnRpbmcgYnkgaXRzZWxmLCBzbyB0aGUgV0FMIG5ldmVyIGdyb3dzXG4gKiB3aXRob3V0IGJvdW5kLlxuICovXG5leHBvcnQgaW50ZXJmYWNlIENoZWNrcG9pbnRlciB7XG4gIHN0b3AoKTogUHJvbWlzZTx2b2lkPjtcbn1cblxuLy8gQ29tbW9uSlMsIHJ1biB3aXRoIGBldmFsYCwgc28gaXQgbmVlZHMgbm8gZmlsZSBvZiBpdHMgb3duIG5leHQgdG8gdGhlIGNvbXBpbGVkIHNlcnZlciBvciB0c3guXG5jb25zdCBXT1JLRVIgPSBgXG5jb25zdCB7IHBhcmVudFBvcnQsIHdvcmtlckRhdGEgfSA9IHJlcXVpcmUoJ25vZGU6d29ya2VyX3RocmVhZHMnKTtcbmNvbnN0IERhdGFiYXNlID0gcmVxdWlyZSh3b3JrZXJEYXRhLmRyaXZlcik7XG5jb25zdCBkYiA9IG5ldyBEYXRhYmFzZSh3b3JrZXJEYXRhLmZpbGUsIHsgZmlsZU11c3RFeGlzdDogdHJ1ZSB9KTtcbmRiLnByYWdtYSgnYnVzeV90aW1lb3V0ID0gMTAwMCcpO1xuY29uc3QgY2hlY2twb2ludCA9IChtb2RlKSA9PiB7XG4gIHRyeSB7IGRiLnByYWdtYSgnd2FsX2NoZWNrcG9pbnQoJyArIG1vZGUgKyAnKScpOyB9IGNhdGNoIChlcnIpIHsgcGFyZW50UG9ydC5wb3N0TWVzc2FnZSh7IGVycm9yOiBTdHJpbmcoZXJyICYmIGVyci5tZXNzYWdlIHx8IGVycikgfSk7IH1cbn07XG5jb25zdCB0aW1lciA9IHNldEludGVydmFsKCgpID0+IGNoZWNrcG9pbnQoJ1BBU1NJVkUnKSwgd29ya2VyRGF0YS5pbnRlcnZhbE1zKTtcbnBhcmVudFBvcnQub24oJ21lc3NhZ2UnLCAobWVzc2FnZSkgPT4ge1xuICBpZiAobWVzc2FnZSAhPT0gJ3N0b3AnKSByZXR1cm47XG4gIGNsZWFySW50ZXJ2YWwodGltZXIpO1xuICBjaGVja3BvaW50KCdQQVNTSVZFJyk7XG4gIGRiLmNsb3NlKCk7XG4gIHBhcmVudFBvcnQuY2xvc2UoKTtcbn0pO1xuYDtcblxuZXhwb3J0IGZ1bmN0aW9uIHN0YXJ0Q2hlY2twb2ludGVyKGZpbGU6IHN0cmluZywgb3B0aW9uczogeyBpbnRlcnZhbE1zPzogbnVtYmVyOyBvbkZhaWx1cmU6IChlcnJvcjogRXJyb3IpID0+IHZvaWQgfSk6IENoZWNrcG9pbnRlciB7XG4gIGNvbnN0IGRyaXZlciA9IGNyZWF0ZVJlcXVpcmUoaW1wb3J0Lm1ldGEudXJsKS5yZXNvbHZlKCdiZXR0ZXItc3FsaXRlMycpO1xuICBjb25zdCB3b3JrZXIgPSBuZXcgV29ya2VyKFdPUktFUiwgeyBldmFsOiB0cnVlLCB3b3JrZXJEYXRhOiB7IGZpbGUsIGRyaXZlciwgaW50ZXJ2YWxNczogb3B0aW9ucy5pbnRlcnZhbE1zID8/IDEwMCB9IH0pO1xuICAvLyBOZXZlciBrZWVwcyB0aGUgcHJvY2VzcyBhbGl2ZSBvbiBpdHMgb3duLlxuICB3b3JrZXIudW5yZWYoKTtcbiAgbGV0IGZhaWxlZCA9IGZhbHNlO1xuICBjb25zdCBmYWlsID0gKGVycm9yOiBFcnJvcikgPT4ge1xuICAgIGlmIChmYWlsZWQpIHJldHVybjtcbiAgICBmYWlsZWQgPSB0cnVlO1xuICAgIG9wdGlvbnMub25GYWlsdXJlKGVycm9yKTtcbiAgfTtcbiAgd29ya2VyLm9uKCdtZXNzYWdlJywgKG1lc3NhZ2U6IHsgZXJyb3I/OiBzdHJpbmcgfSkgPT4ge1xuICAgIGlmIChtZXNzYWdlPy5lcnJvcikgZmFpbChuZXcgRXJyb3IoYFdBTCBjaGVja3BvaW50IGZhaWxlZDogJHttZXNzYWdlLmVycm9yfWApKTtcbiAgfSk7XG4gIHdvcmtlci5vbignZXJyb3InLCBmYWlsKTtcbiAgbGV0IHN0b3BwaW5nID0gZmFsc2U7XG4gIGNvbnN0IGV4aXRlZCA9IG5ldyBQcm9taXNlPHZvaWQ+KChyZXNvbHZlKSA9PlxuICAgIHdvcmtlci5vbmNlKCdleGl0JywgKGNvZGUpID0+IHtcbiAgICAgIGlmICghc3RvcHBpbmcpIGZhaWwobmV3IEVycm9yKGB0aGUgV0FMIGNoZWNrcG9pbnQgd29ya2VyIGV4aXRlZCAoJHtjb2RlfSlgKSk7XG4gICAgICByZXNvbHZlKCk7XG4gICAgfSksXG4gICk7XG4gIHJldHVybiB7XG4gICAgYXN5bmMgc3RvcCgpIHtcbiAgICAgIHN0b3BwaW5nID0gdHJ1ZTtcbiAgICAgIGlmIChmYWlsZWQpIHtcbiAgICAgICAgYXdhaXQgd29ya2VyLnRlcm1pbmF0ZSgpO1xuICAgICAgICByZXR1cm47XG4gICAgICB9XG4gICAgICB3b3JrZXIucG9zdE1lc3NhZ2UoJ3N0b3AnKTtcbiAgICAgIGNvbnN0IHRpbWVvdXQgPSBzZXRUaW1lb3V0KCgpID0+IHZvaWQgd29ya2VyLnRlcm1pbmF0ZSgpLCA1XzAwMCk7XG4gICAgICBhd2FpdCBleGl0ZWQ7XG4gICAgICBjbGVhclRpbWVvdXQodGltZW91dCk7XG4gICAgfSxcbiAgfTtcbn1cbiIsICJpbXBvcnQgdHlwZSB7IFBvc3RncmVzUG9vbCwgUG9zdGdyZXNQb29sQ2xpZW50LCBQb3N0Z3Jlc1F1ZXJ5UmVzdWx0IH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHBnIGZyb20gJ3BnJztcblxuLyoqIEEgcXVlcnksIG9yIHRoZSB3YWl0IGZvciBhIHBvb2xlZCBjb25uZWN0aW9uLCByYW4gcGFzdCB0aGUgc3RvcmUncyBkZWFkbGluZSAoYFNOUl9EQl9USU1FT1VUX01TYCk6IGFuc3dlcmVkIDUwMy4gKi9cbmV4cG9ydCBjbGFzcyBTdG9yZVRpbWVvdXQgZXh0ZW5kcyBFcnJvciB7XG4gIG92ZXJyaWRlIG5hbWUgPSAnU3RvcmVUaW1lb3V0JztcbiAgcmVhZG9ubHkgY29kZSA9ICdTTlJfU1RPUkVfVElNRU9VVCc7XG59XG5cbi8qKlxuICogVGhlIHBvb2wgS3lzZWx5IHNlZXM6IGV2ZXJ5IHF1ZXJ5IGhhcyBgbXNgIHRvIGFuc3dlci4gQSBmcm96ZW4gc2VydmVyIChTSUdTVE9QKSBvciBhIGNvbm5lY3Rpb25cbiAqIHRoYXQgc3RvcHMgYW5zd2VyaW5nIHdvdWxkIG90aGVyd2lzZSBob2xkIHRoZSByZXF1ZXN0LCBhbmQgaXRzIHBvb2xlZCBjb25uZWN0aW9uLCBmb3IgYXMgbG9uZyBhc1xuICogdGhlIGZyZWV6ZSBsYXN0cy4gQSBxdWVyeSBwYXN0IGl0cyBkZWFkbGluZSBmYWlscyB3aXRoIGBTdG9yZVRpbWVvdXRgOyBpdHMgY29ubmVjdGlvbiBpcyBicm9rZW5cbiAqIGZvciBnb29kIChsYXRlciBxdWVyaWVzIG9uIGl0IGZhaWwgYXQgb25jZSwgYSB0cmFuc2FjdGlvbidzIHJvbGxiYWNrIGluY2x1ZGVkKSBhbmQsIHdoZW4gS3lzZWx5XG4gKiByZWxlYXNlcyBpdCwgdGhlIHBvb2wgZGVzdHJveXMgaXQgaW5zdGVhZCBvZiB0YWtpbmcgaXQgYmFjazogYSBsYXRlIGFuc3dlciBjYW5ub3QgcmVhY2ggdGhlIG5leHRcbiAqIHF1ZXJ5LiBUaGUgbmV4dCBjaGVja291dCBjb25uZWN0cyBhZnJlc2gsIHNvIHRoZSBzdG9yZSBzZXJ2ZXMgYWdhaW4gb25jZSB0aGUgc2VydmVyIGFuc3dlcnMuXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBwb29sV2l0aERlYWRsaW5lKHBvb2w6IHBnLlBvb2wsIG1zOiBudW1iZXIpOiBQb3N0Z3Jlc1Bvb2wge1xuICBjb25zdCB3cmFwcGVkID0gbmV3IFdlYWtNYXA8cGcuUG9vbENsaWVudCwgUG9zdGdyZXNQb29sQ2xpZW50PigpO1xuICByZXR1cm4ge1xuICAgIGFzeW5jIGNvbm5lY3QoKSB7XG4gICAgICBjb25zdCBjbGllbnQgPSBhd2FpdCBwb29sLmNvbm5lY3QoKTtcbiAgICAgIGxldCBndWFyZGVkID0gd3JhcHBlZC5nZXQoY2xpZW50KTtcbiAgICAgIGlmICghZ3VhcmRlZCkge1xuICAgICAgICBndWFyZGVkID0gZ3VhcmQoY2xpZW50LCBtcyk7XG4gICAgICAgIHdyYXBwZWQuc2V0KGNsaWVudCwgZ3VhcmRlZCk7XG4gICAgICB9XG4gICAgICByZXR1cm4gZ3VhcmRlZDtcbiAgICB9LFxuICAgIGVuZDogKCkgPT4gcG9vbC5lbmQoKSxcbiAgfTtcbn1cblxuZnVuY3Rpb24gZ3VhcmQoY2xpZW50OiBwZy5Qb29sQ2xpZW50LCBtczogbnVtYmVyKTogUG9zdGdyZXNQb29sQ2xpZW50IHtcbiAgbGV0IGJyb2tlbjogU3RvcmVUaW1lb3V0IHwgdW5kZWZpbmVkO1xuICBjb25zdCBxdWVyeSA9IDxSPihzcWw6IHN0cmluZywgcGFyYW1ldGVyczogUmVhZG9ubHlBcnJheTx1bmtub3duPik6IFByb21pc2U8UG9zdGdyZXNRdWVyeVJlc3VsdDxSPj4gPT4ge1xuICAgIGlmIChicm9rZW4pIHJldHVybiBQcm9taXNlLnJlamVjdChicm9rZW4pO1xuICAgIHJldHVybiBuZXcgUHJvbWlzZSgocmVzb2x2ZSwgcmVqZWN0KSA9PiB7XG4gICAgICBjb25zdCB0aW1lciA9IHNldFRpbWVvdXQoKCkgPT4ge1xuICAgICAgICBicm9rZW4gPSBuZXcgU3RvcmVUaW1lb3V0KGB0aGUgZGF0YWJhc2UgZGlkIG5vdCBhbnN3ZXIgd2l0aGluICR7bXN9IG1zYCk7XG4gICAgICAgIHJlamVjdChicm9rZW4pO1xuICAgICAgfSwgbXMpO1xuICAgICAgLy8gQWZ0ZXIgdGhlIGRlYWRsaW5lIHRoZSBxdWVyeSdzIG93biBvdXRjb21lICh0aGUgYW5zd2VyLCBvciB0aGUgZXJyb3Igd2hlbiB0aGUgcG9vbCBlbmRzXG4gICAgICAvLyB0aGUgY29ubmVjdGlvbikgaGFzIG5vYm9keSB3YWl0aW5nIGZvciBpdDogc2V0dGxlZCBoZXJlIHNvIGl0IGlzIG5ldmVyIHVuaGFuZGxlZC5cbiAgICAgIGNsaWVudC5xdWVyeShzcWwsIHBhcmFtZXRlcnMgYXMgdW5rbm93bltdKS50aGVuKFxuICAgICAgICAocmVzdWx0KSA9PiB7XG4gICAgICAgICAgY2xlYXJUaW1lb3V0KHRpbWVyKTtcbiAgICAgICAgICByZXNvbHZlKHJlc3VsdCBhcyB1bmtub3duIGFzIFBvc3RncmVzUXVlcnlSZXN1bHQ8Uj4pO1xuICAgICAgICB9LFxuICAgICAgICAoZXJyKSA9PiB7XG4gICAgICAgICAgY2xlYXJUaW1lb3V0KHRpbWVyKTtcbiAgICAgICAgICByZWplY3QoZXJyKTtcbiAgICAgICAgfSxcbiAgICAgICk7XG4gICAgfSk7XG4gIH07XG4gIHJldHVybiB7XG4gICAgcXVlcnk6IHF1ZXJ5IGFzIFBvc3RncmVzUG9vbENsaWVudFsncXVlcnknXSxcbiAgICAvLyBBbiBlcnJvciBtYWtlcyB0aGUgcG9vbCBlbmQgdGhlIGNsaWVudCAod2l0aCBhIHF1ZXJ5IHN0aWxsIG9uIHRoZSB3aXJlIHBnIGRlc3Ryb3lzIHRoZSBzb2NrZXQpLlxuICAgIHJlbGVhc2U6IChkZXN0cm95PzogYm9vbGVhbikgPT4gY2xpZW50LnJlbGVhc2UoYnJva2VuID8/IGRlc3Ryb3kpLFxuICB9O1xufVxuIiwgImltcG9ydCB7IHR5cGUgS3lzZWx5LCB0eXBlIE1pZ3JhdGlvbiwgdHlwZSBNaWdyYXRpb25Qcm92aWRlciwgTWlncmF0b3IsIHNxbCB9IGZyb20gJ2t5c2VseSc7XG5pbXBvcnQgdHlwZSB7IERpYWxlY3QgfSBmcm9tICcuL2RiLmpzJztcblxuLyoqXG4gKiBNaWdyYXRpb25zIGxpdmUgaW4gY29kZSAobm90IGZpbGVzKSBzbyB0aGUgYnVuZGxlZCBzZXJ2ZXIgY2FycmllcyB0aGVtLiBFYWNoIG9uZSBpcyB3cml0dGVuIGZvclxuICogYm90aCBkaWFsZWN0czogdGhlIG9ubHkgZGlmZmVyZW5jZXMgYXJlIHRoZSBhdXRvLWluY3JlbWVudCBrZXkgYW5kIHRoZSA2NC1iaXQgaW50ZWdlciB0eXBlLlxuICovXG5mdW5jdGlvbiBtaWdyYXRpb25zKGRpYWxlY3Q6IERpYWxlY3QpOiBSZWNvcmQ8c3RyaW5nLCBNaWdyYXRpb24+IHtcbiAgY29uc3QgbXMgPSAnYmlnaW50JyBhcyBjb25zdDtcbiAgY29uc3Qgc2VyaWFsS2V5ID0gZGlhbGVjdCA9PT0gJ3Bvc3RncmVzJyA/ICgnYmlnc2VyaWFsJyBhcyBjb25zdCkgOiAoJ2ludGVnZXInIGFzIGNvbnN0KTtcbiAgcmV0dXJuIHtcbiAgICAnMDAwMV9pbml0aWFsJzoge1xuICAgICAgYXN5bmMgdXAoZGI6IEt5c2VseTxhbnk+KSB7XG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYVxuICAgICAgICAgIC5jcmVhdGVUYWJsZSgnY2xpZW50cycpXG4gICAgICAgICAgLmFkZENvbHVtbignaWQnLCBzZXJpYWxLZXksIChjKSA9PiAoZGlhbGVjdCA9PT0gJ3Bvc3RncmVzJyA/IGMucHJpbWFyeUtleSgpIDogYy5wcmltYXJ5S2V5KCkuYXV0b0luY3JlbWVudCgpKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCd1dWlkJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkudW5pcXVlKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignZW1haWwnLCAndGV4dCcsIChjKSA9PiBjLnVuaXF1ZSgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3Bhc3N3b3JkX2hhc2gnLCAndGV4dCcpXG4gICAgICAgICAgLmFkZENvbHVtbignc3RhdHVzJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignZW1haWxfY29uZmlybWVkJywgJ2ludGVnZXInLCAoYykgPT4gYy5ub3ROdWxsKCkuZGVmYXVsdFRvKDApKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2ZpcnN0X25hbWUnLCAndGV4dCcpXG4gICAgICAgICAgLmFkZENvbHVtbignbGFzdF9uYW1lJywgJ3RleHQnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2Rpc3BsYXlfbmFtZScsICd0ZXh0JylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdwaG9uZScsICd0ZXh0JylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdjdXN0b21faWQnLCAndGV4dCcsIChjKSA9PiBjLnVuaXF1ZSgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3NleCcsICd0ZXh0JylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdiaXJ0aF9kYXRlJywgJ3RleHQnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2NvbXBhbnknLCAndGV4dCcpXG4gICAgICAgICAgLmFkZENvbHVtbignYWRkcmVzcycsICd0ZXh0JylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdjaXR5JywgJ3RleHQnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3Byb3ZpbmNlJywgJ3RleHQnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3ppcF9jb2RlJywgJ3RleHQnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2NvdW50cnlfY29kZScsICd0ZXh0JylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdhdmF0YXJfdXJsJywgJ3RleHQnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2FncmVlbWVudHMnLCAndGV4dCcsIChjKSA9PiBjLm5vdE51bGwoKS5kZWZhdWx0VG8oJ3t9JykpXG4gICAgICAgICAgLmFkZENvbHVtbignYXR0cmlidXRlcycsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpLmRlZmF1bHRUbygne30nKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCd0YWdzJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkuZGVmYXVsdFRvKCdbXScpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2NyZWF0ZWRfYXQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3VwZGF0ZWRfYXQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2xhc3RfYWN0aXZpdHlfYXQnLCBtcylcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuXG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYVxuICAgICAgICAgIC5jcmVhdGVUYWJsZSgnY2xpZW50X3V1aWRzJylcbiAgICAgICAgICAuYWRkQ29sdW1uKCd1dWlkJywgJ3RleHQnLCAoYykgPT4gYy5wcmltYXJ5S2V5KCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY2xpZW50X2lkJywgbXMsIChjKSA9PiBjLm5vdE51bGwoKS5yZWZlcmVuY2VzKCdjbGllbnRzLmlkJykub25EZWxldGUoJ2Nhc2NhZGUnKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdjcmVhdGVkX2F0JywgbXMsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuICAgICAgICBhd2FpdCBkYi5zY2hlbWEuY3JlYXRlSW5kZXgoJ2NsaWVudF91dWlkc19jbGllbnQnKS5vbignY2xpZW50X3V1aWRzJykuY29sdW1uKCdjbGllbnRfaWQnKS5leGVjdXRlKCk7XG5cbiAgICAgICAgYXdhaXQgZGIuc2NoZW1hXG4gICAgICAgICAgLmNyZWF0ZVRhYmxlKCdzZXNzaW9ucycpXG4gICAgICAgICAgLmFkZENvbHVtbignaWQnLCAndGV4dCcsIChjKSA9PiBjLnByaW1hcnlLZXkoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdjbGllbnRfaWQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpLnJlZmVyZW5jZXMoJ2NsaWVudHMuaWQnKS5vbkRlbGV0ZSgnY2FzY2FkZScpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2FwaV9rZXknLCAndGV4dCcsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdyZWFsbScsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ29yaWdpbicsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2NyZWF0ZWRfYXQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2V4cGlyZXNfYXQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3JlZnJlc2hlZF9hdCcsIG1zKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3Jldm9rZWRfYXQnLCBtcylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdyZXZva2VkX3JlYXNvbicsICd0ZXh0JylcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuICAgICAgICBhd2FpdCBkYi5zY2hlbWEuY3JlYXRlSW5kZXgoJ3Nlc3Npb25zX2NsaWVudCcpLm9uKCdzZXNzaW9ucycpLmNvbHVtbignY2xpZW50X2lkJykuZXhlY3V0ZSgpO1xuXG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYVxuICAgICAgICAgIC5jcmVhdGVUYWJsZSgnZW1haWxfdG9rZW5zJylcbiAgICAgICAgICAuYWRkQ29sdW1uKCd0b2tlbl9oYXNoJywgJ3RleHQnLCAoYykgPT4gYy5wcmltYXJ5S2V5KCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY2xpZW50X2lkJywgbXMsIChjKSA9PiBjLm5vdE51bGwoKS5yZWZlcmVuY2VzKCdjbGllbnRzLmlkJykub25EZWxldGUoJ2Nhc2NhZGUnKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdwdXJwb3NlJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY3JlYXRlZF9hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignZXhwaXJlc19hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbigndXNlZF9hdCcsIG1zKVxuICAgICAgICAgIC5leGVjdXRlKCk7XG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYS5jcmVhdGVJbmRleCgnZW1haWxfdG9rZW5zX2NsaWVudCcpLm9uKCdlbWFpbF90b2tlbnMnKS5jb2x1bW4oJ2NsaWVudF9pZCcpLmV4ZWN1dGUoKTtcblxuICAgICAgICBhd2FpdCBkYi5zY2hlbWFcbiAgICAgICAgICAuY3JlYXRlVGFibGUoJ2V2ZW50cycpXG4gICAgICAgICAgLmFkZENvbHVtbignaWQnLCBzZXJpYWxLZXksIChjKSA9PiAoZGlhbGVjdCA9PT0gJ3Bvc3RncmVzJyA/IGMucHJpbWFyeUtleSgpIDogYy5wcmltYXJ5S2V5KCkuYXV0b0luY3JlbWVudCgpKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdldmVudF9zYWx0JywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkudW5pcXVlKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY2xpZW50X2lkJywgbXMsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCd1dWlkJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignYWN0aW9uJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignbGFiZWwnLCAndGV4dCcpXG4gICAgICAgICAgLmFkZENvbHVtbignZXZlbnRfdGltZScsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbigncGFyYW1zJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbigncmVjZWl2ZWRfYXQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5leGVjdXRlKCk7XG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYS5jcmVhdGVJbmRleCgnZXZlbnRzX2NsaWVudCcpLm9uKCdldmVudHMnKS5jb2x1bW4oJ2NsaWVudF9pZCcpLmV4ZWN1dGUoKTtcblxuICAgICAgICBhd2FpdCBkYi5zY2hlbWFcbiAgICAgICAgICAuY3JlYXRlVGFibGUoJ3NpZ25pbmdfa2V5cycpXG4gICAgICAgICAgLmFkZENvbHVtbigna2lkJywgJ3RleHQnLCAoYykgPT4gYy5wcmltYXJ5S2V5KCkpXG4gICAgICAgICAgLmFkZENvbHVtbignYWxnJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbigncHJpdmF0ZV9qd2snLCAndGV4dCcsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdwdWJsaWNfandrJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY3JlYXRlZF9hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbigncmV0aXJlZF9hdCcsIG1zKVxuICAgICAgICAgIC5leGVjdXRlKCk7XG5cbiAgICAgICAgYXdhaXQgZGIuc2NoZW1hXG4gICAgICAgICAgLmNyZWF0ZVRhYmxlKCdvdXRib3gnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2lkJywgc2VyaWFsS2V5LCAoYykgPT4gKGRpYWxlY3QgPT09ICdwb3N0Z3JlcycgPyBjLnByaW1hcnlLZXkoKSA6IGMucHJpbWFyeUtleSgpLmF1dG9JbmNyZW1lbnQoKSkpXG4gICAgICAgICAgLmFkZENvbHVtbigndG9fYWRkcmVzcycsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3N1YmplY3QnLCAndGV4dCcsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCd0ZXh0X2JvZHknLCAndGV4dCcsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdodG1sX2JvZHknLCAndGV4dCcsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdjcmVhdGVkX2F0JywgbXMsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuYWRkQ29sdW1uKCdzZW50X2F0JywgbXMpXG4gICAgICAgICAgLmFkZENvbHVtbignYXR0ZW1wdHMnLCAnaW50ZWdlcicsIChjKSA9PiBjLm5vdE51bGwoKS5kZWZhdWx0VG8oMCkpXG4gICAgICAgICAgLmFkZENvbHVtbignbGFzdF9lcnJvcicsICd0ZXh0JylcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuXG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYVxuICAgICAgICAgIC5jcmVhdGVUYWJsZSgncmF0ZV9saW1pdHMnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2tleScsICd0ZXh0JywgKGMpID0+IGMucHJpbWFyeUtleSgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3dpbmRvd19zdGFydCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY291bnQnLCAnaW50ZWdlcicsIChjKSA9PiBjLm5vdE51bGwoKSlcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuICAgICAgfSxcbiAgICB9LFxuICAgICcwMDAyX2lkZW50aXRpZXMnOiB7XG4gICAgICBhc3luYyB1cChkYjogS3lzZWx5PGFueT4pIHtcbiAgICAgICAgLy8gQSBjdXN0b21lcidzIGFjY291bnRzIGF0IGlkZW50aXR5IHByb3ZpZGVycyAoT0F1dGggc3ViamVjdCwgRmFjZWJvb2sgdXNlciBpZCkuXG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYVxuICAgICAgICAgIC5jcmVhdGVUYWJsZSgnY2xpZW50X2lkZW50aXRpZXMnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3Byb3ZpZGVyJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignc3ViamVjdCcsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2NsaWVudF9pZCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkucmVmZXJlbmNlcygnY2xpZW50cy5pZCcpLm9uRGVsZXRlKCdjYXNjYWRlJykpXG4gICAgICAgICAgLmFkZENvbHVtbignY3JlYXRlZF9hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZFByaW1hcnlLZXlDb25zdHJhaW50KCdjbGllbnRfaWRlbnRpdGllc19waycsIFsncHJvdmlkZXInLCAnc3ViamVjdCddKVxuICAgICAgICAgIC5leGVjdXRlKCk7XG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYS5jcmVhdGVJbmRleCgnY2xpZW50X2lkZW50aXRpZXNfY2xpZW50Jykub24oJ2NsaWVudF9pZGVudGl0aWVzJykuY29sdW1uKCdjbGllbnRfaWQnKS5leGVjdXRlKCk7XG4gICAgICB9LFxuICAgIH0sXG4gICAgJzAwMDNfb3V0Ym94X2NsYWltcyc6IHtcbiAgICAgIGFzeW5jIHVwKGRiOiBLeXNlbHk8YW55Pikge1xuICAgICAgICAvLyBBbiBpbnN0YW5jZSBjbGFpbXMgYSBtYWlsIGJlZm9yZSBzZW5kaW5nIGl0LCBzbyB0d28gaW5zdGFuY2VzIG5ldmVyIHNlbmQgdGhlIHNhbWUgb25lLlxuICAgICAgICBhd2FpdCBkYi5zY2hlbWEuYWx0ZXJUYWJsZSgnb3V0Ym94JykuYWRkQ29sdW1uKCdjbGFpbWVkX3VudGlsJywgbXMpLmV4ZWN1dGUoKTtcbiAgICAgIH0sXG4gICAgfSxcbiAgICAnMDAwNF9jdXN0b21faWRfdmVyaWZpZWQnOiB7XG4gICAgICBhc3luYyB1cChkYjogS3lzZWx5PGFueT4pIHtcbiAgICAgICAgLy8gMSBvbmNlIHRoZSBzaXRlJ3MgYmFja2VuZCBoYXMgc2V0IHRoZSBjdXN0b21JZCAocmVjb2duaXRpb24pOyBhIGN1c3RvbWVyJ3Mgb3duIGN1c3RvbUlkXG4gICAgICAgIC8vIHByb3ZlcyBub3RoaW5nLiBFeGlzdGluZyBjdXN0b21JZHMgc3RheSAwLCBzaW5jZSBjdXN0b21lcnMgbWF5IGhhdmUgdHlwZWQgdGhlbSBhbmQgd2hpY2hcbiAgICAgICAgLy8gb25lcyB0aGUgYmFja2VuZCBzZXQgY2Fubm90IGJlIHRvbGQsIGV4Y2VwdCBvbiBhY2NvdW50cyBub2JvZHkgY2FuIGdldCBpbnRvIChubyBwYXNzd29yZCxcbiAgICAgICAgLy8gbm8gcHJvdmlkZXIgbGluayk6IG9ubHkgcmVjb2duaXRpb24gbWFrZXMgdGhvc2UsIHNvIHRoZWlyIGN1c3RvbUlkcyBhcmUgdGhlIGJhY2tlbmQncy5cbiAgICAgICAgLy8gTGVmdCBhdCAwLCB0aGUgbmV4dCByZWNvZ25pdGlvbiBieSBzdWNoIGEgY3VzdG9tSWQgYWxvbmUgd291bGQgc3BsaXQgdGhlIGN1c3RvbWVyLlxuICAgICAgICBhd2FpdCBkYi5zY2hlbWFcbiAgICAgICAgICAuYWx0ZXJUYWJsZSgnY2xpZW50cycpXG4gICAgICAgICAgLmFkZENvbHVtbignY3VzdG9tX2lkX3ZlcmlmaWVkJywgJ2ludGVnZXInLCAoYykgPT4gYy5ub3ROdWxsKCkuZGVmYXVsdFRvKDApKVxuICAgICAgICAgIC5leGVjdXRlKCk7XG4gICAgICAgIGF3YWl0IGRiXG4gICAgICAgICAgLnVwZGF0ZVRhYmxlKCdjbGllbnRzJylcbiAgICAgICAgICAuc2V0KHsgY3VzdG9tX2lkX3ZlcmlmaWVkOiAxIH0pXG4gICAgICAgICAgLndoZXJlKCdjdXN0b21faWQnLCAnaXMgbm90JywgbnVsbClcbiAgICAgICAgICAud2hlcmUoJ3Bhc3N3b3JkX2hhc2gnLCAnaXMnLCBudWxsKVxuICAgICAgICAgIC53aGVyZSgoeyBleGlzdHMsIG5vdCwgc2VsZWN0RnJvbSB9KSA9PlxuICAgICAgICAgICAgbm90KGV4aXN0cyhzZWxlY3RGcm9tKCdjbGllbnRfaWRlbnRpdGllcycpLnNlbGVjdCgnY2xpZW50X2lkJykud2hlcmVSZWYoJ2NsaWVudF9pZGVudGl0aWVzLmNsaWVudF9pZCcsICc9JywgJ2NsaWVudHMuaWQnKSkpLFxuICAgICAgICAgIClcbiAgICAgICAgICAuZXhlY3V0ZSgpO1xuICAgICAgfSxcbiAgICB9LFxuICAgICcwMDA1X2VtYWlsX2NoYW5nZSc6IHtcbiAgICAgIGFzeW5jIHVwKGRiOiBLeXNlbHk8YW55Pikge1xuICAgICAgICAvLyBBbiBlbWFpbC1jaGFuZ2UgbGluayBjYXJyaWVzIHRoZSBhZGRyZXNzIGl0IG1vdmVzIHRoZSBhY2NvdW50IHRvICh0aGUgYWNjb3VudCdzIG93blxuICAgICAgICAvLyBhZGRyZXNzIHN0YXlzIHVudGlsIHRoZSBsaW5rIGlzIGZvbGxvd2VkKS5cbiAgICAgICAgYXdhaXQgZGIuc2NoZW1hLmFsdGVyVGFibGUoJ2VtYWlsX3Rva2VucycpLmFkZENvbHVtbignbmV3X2VtYWlsJywgJ3RleHQnKS5leGVjdXRlKCk7XG4gICAgICB9LFxuICAgIH0sXG4gICAgJzAwMDZfZXZlbnRfc2FsdF9wZXJfcHJvZmlsZSc6IHtcbiAgICAgIGFzeW5jIHVwKGRiOiBLeXNlbHk8YW55Pikge1xuICAgICAgICAvLyBBbiBldmVudFNhbHQgaXMgdW5pcXVlIHBlciBwcm9maWxlIGFuZCBBUEkga2V5LCBubyBsb25nZXIgYWNyb3NzIHRoZSB3aG9sZSBzdG9yZTogYVxuICAgICAgICAvLyB2aXNpdG9yIHdobyBsZWFybnQgYW5vdGhlcidzIHNhbHRzIGNvdWxkIG90aGVyd2lzZSBoYXZlIHRoZSBvdGhlcidzIGV2ZW50cyBkcm9wcGVkIGFzXG4gICAgICAgIC8vIGR1cGxpY2F0ZXMuIFJvd3Mgc3RvcmVkIHNvIGZhciBiZWxvbmcgdG8gbm8ga2V5ICgnJyk7IHRoZWlyIHNhbHRzIHdlcmUgdW5pcXVlIGFueXdheS5cbiAgICAgICAgaWYgKGRpYWxlY3QgPT09ICdwb3N0Z3JlcycpIHtcbiAgICAgICAgICBhd2FpdCBkYi5zY2hlbWFcbiAgICAgICAgICAgIC5hbHRlclRhYmxlKCdldmVudHMnKVxuICAgICAgICAgICAgLmFkZENvbHVtbignYXBpX2tleScsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpLmRlZmF1bHRUbygnJykpXG4gICAgICAgICAgICAuZXhlY3V0ZSgpO1xuICAgICAgICAgIGF3YWl0IHNxbGBhbHRlciB0YWJsZSBldmVudHMgZHJvcCBjb25zdHJhaW50IGlmIGV4aXN0cyBldmVudHNfZXZlbnRfc2FsdF9rZXlgLmV4ZWN1dGUoZGIpO1xuICAgICAgICB9IGVsc2Uge1xuICAgICAgICAgIC8vIFNRTGl0ZSBjYW5ub3QgZHJvcCBhIGNvbHVtbidzIFVOSVFVRTogdGhlIHRhYmxlIGlzIG1hZGUgYWdhaW4gd2l0aG91dCBpdC5cbiAgICAgICAgICBhd2FpdCBkYi5zY2hlbWFcbiAgICAgICAgICAgIC5jcmVhdGVUYWJsZSgnZXZlbnRzXzAwMDUnKVxuICAgICAgICAgICAgLmFkZENvbHVtbignaWQnLCAnaW50ZWdlcicsIChjKSA9PiBjLnByaW1hcnlLZXkoKS5hdXRvSW5jcmVtZW50KCkpXG4gICAgICAgICAgICAuYWRkQ29sdW1uKCdldmVudF9zYWx0JywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgICAuYWRkQ29sdW1uKCdjbGllbnRfaWQnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgICAgLmFkZENvbHVtbigndXVpZCcsICd0ZXh0JywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgICAgLmFkZENvbHVtbignYWN0aW9uJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgICAuYWRkQ29sdW1uKCdsYWJlbCcsICd0ZXh0JylcbiAgICAgICAgICAgIC5hZGRDb2x1bW4oJ2V2ZW50X3RpbWUnLCBtcywgKGMpID0+IGMubm90TnVsbCgpKVxuICAgICAgICAgICAgLmFkZENvbHVtbigncGFyYW1zJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgICAuYWRkQ29sdW1uKCdyZWNlaXZlZF9hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgICAuYWRkQ29sdW1uKCdhcGlfa2V5JywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkuZGVmYXVsdFRvKCcnKSlcbiAgICAgICAgICAgIC5leGVjdXRlKCk7XG4gICAgICAgICAgYXdhaXQgc3FsYGluc2VydCBpbnRvIGV2ZW50c18wMDA1IChpZCwgZXZlbnRfc2FsdCwgY2xpZW50X2lkLCB1dWlkLCBhY3Rpb24sIGxhYmVsLCBldmVudF90aW1lLCBwYXJhbXMsIHJlY2VpdmVkX2F0KVxuICAgICAgICAgICAgc2VsZWN0IGlkLCBldmVudF9zYWx0LCBjbGllbnRfaWQsIHV1aWQsIGFjdGlvbiwgbGFiZWwsIGV2ZW50X3RpbWUsIHBhcmFtcywgcmVjZWl2ZWRfYXQgZnJvbSBldmVudHNgLmV4ZWN1dGUoZGIpO1xuICAgICAgICAgIGF3YWl0IGRiLnNjaGVtYS5kcm9wVGFibGUoJ2V2ZW50cycpLmV4ZWN1dGUoKTtcbiAgICAgICAgICBhd2FpdCBkYi5zY2hlbWEuYWx0ZXJUYWJsZSgnZXZlbnRzXzAwMDUnKS5yZW5hbWVUbygnZXZlbnRzJykuZXhlY3V0ZSgpO1xuICAgICAgICAgIGF3YWl0IGRiLnNjaGVtYS5jcmVhdGVJbmRleCgnZXZlbnRzX2NsaWVudCcpLm9uKCdldmVudHMnKS5jb2x1bW4oJ2NsaWVudF9pZCcpLmV4ZWN1dGUoKTtcbiAgICAgICAgfVxuICAgICAgICBhd2FpdCBkYi5zY2hlbWEuY3JlYXRlSW5kZXgoJ2V2ZW50c19zYWx0X3Blcl9wcm9maWxlJykub24oJ2V2ZW50cycpLmNvbHVtbnMoWydjbGllbnRfaWQnLCAnYXBpX2tleScsICdldmVudF9zYWx0J10pLnVuaXF1ZSgpLmV4ZWN1dGUoKTtcbiAgICAgIH0sXG4gICAgfSxcbiAgICAnMDAwN19hY3RpdmF0aW9uX3BpbnNfYW5kX3Rlcm1zJzoge1xuICAgICAgYXN5bmMgdXAoZGI6IEt5c2VseTxhbnk+KSB7XG4gICAgICAgIGF3YWl0IGRiLnNjaGVtYVxuICAgICAgICAgIC5jcmVhdGVUYWJsZSgnYWN0aXZhdGlvbl9waW5zJylcbiAgICAgICAgICAuYWRkQ29sdW1uKCdjbGllbnRfaWQnLCBtcywgKGMpID0+IGMucHJpbWFyeUtleSgpLnJlZmVyZW5jZXMoJ2NsaWVudHMuaWQnKS5vbkRlbGV0ZSgnY2FzY2FkZScpKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ3Bpbl9oYXNoJywgJ3RleHQnLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignY3JlYXRlZF9hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignZXhwaXJlc19hdCcsIG1zLCAoYykgPT4gYy5ub3ROdWxsKCkpXG4gICAgICAgICAgLmFkZENvbHVtbignYXR0ZW1wdHMnLCAnaW50ZWdlcicsIChjKSA9PiBjLm5vdE51bGwoKS5kZWZhdWx0VG8oMCkpXG4gICAgICAgICAgLmV4ZWN1dGUoKTtcbiAgICAgICAgYXdhaXQgZGIuc2NoZW1hLmFsdGVyVGFibGUoJ2NsaWVudHMnKS5hZGRDb2x1bW4oJ3Rlcm1zX3ZlcnNpb24nLCAndGV4dCcpLmV4ZWN1dGUoKTtcbiAgICAgICAgYXdhaXQgZGIuc2NoZW1hLmFsdGVyVGFibGUoJ2NsaWVudHMnKS5hZGRDb2x1bW4oJ3Rlcm1zX2FjY2VwdGVkX2F0JywgbXMpLmV4ZWN1dGUoKTtcbiAgICAgIH0sXG4gICAgfSxcbiAgICAnMDAwOF9yYXRlX2xpbWl0X2Ftb3VudHMnOiB7XG4gICAgICBhc3luYyB1cChkYjogS3lzZWx5PGFueT4pIHtcbiAgICAgICAgLy8gRXZlbnQgbGltaXRzIGNvdW50IGJ5dGVzIGJlc2lkZSBldmVudHM7IGEgZ3Jvd2luZyBzaWduLWluIGRlbGF5IGtlZXBzIHRoZSB0aW1lIGJlZm9yZSB3aGljaFxuICAgICAgICAvLyB0aGUgbmV4dCBhdHRlbXB0IGlzIHJlZnVzZWQgKDA6IG5vbmUpLlxuICAgICAgICBhd2FpdCBkYi5zY2hlbWFcbiAgICAgICAgICAuYWx0ZXJUYWJsZSgncmF0ZV9saW1pdHMnKVxuICAgICAgICAgIC5hZGRDb2x1bW4oJ2J5dGVzJywgbXMsIChjKSA9PiBjLm5vdE51bGwoKS5kZWZhdWx0VG8oMCkpXG4gICAgICAgICAgLmV4ZWN1dGUoKTtcbiAgICAgICAgYXdhaXQgZGIuc2NoZW1hXG4gICAgICAgICAgLmFsdGVyVGFibGUoJ3JhdGVfbGltaXRzJylcbiAgICAgICAgICAuYWRkQ29sdW1uKCduZXh0X2F0JywgbXMsIChjKSA9PiBjLm5vdE51bGwoKS5kZWZhdWx0VG8oMCkpXG4gICAgICAgICAgLmV4ZWN1dGUoKTtcbiAgICAgIH0sXG4gICAgfSxcbiAgfTtcbn1cblxuY2xhc3MgSW5Db2RlUHJvdmlkZXIgaW1wbGVtZW50cyBNaWdyYXRpb25Qcm92aWRlciB7XG4gIGNvbnN0cnVjdG9yKFxuICAgIHByaXZhdGUgcmVhZG9ubHkgZGlhbGVjdDogRGlhbGVjdCxcbiAgICBwcml2YXRlIHJlYWRvbmx5IHVwVG8/OiBzdHJpbmcsXG4gICkge31cbiAgYXN5bmMgZ2V0TWlncmF0aW9ucygpIHtcbiAgICBjb25zdCBhbGwgPSBtaWdyYXRpb25zKHRoaXMuZGlhbGVjdCk7XG4gICAgY29uc3QgeyB1cFRvIH0gPSB0aGlzO1xuICAgIHJldHVybiB1cFRvID09PSB1bmRlZmluZWQgPyBhbGwgOiBPYmplY3QuZnJvbUVudHJpZXMoT2JqZWN0LmVudHJpZXMoYWxsKS5maWx0ZXIoKFtuYW1lXSkgPT4gbmFtZSA8PSB1cFRvKSk7XG4gIH1cbn1cblxuYXN5bmMgZnVuY3Rpb24gcnVuTWlncmF0b3IoZGI6IEt5c2VseTxhbnk+LCBkaWFsZWN0OiBEaWFsZWN0LCB1cFRvPzogc3RyaW5nKTogUHJvbWlzZTx2b2lkPiB7XG4gIGNvbnN0IHsgZXJyb3IsIHJlc3VsdHMgfSA9IGF3YWl0IG5ldyBNaWdyYXRvcih7IGRiLCBwcm92aWRlcjogbmV3IEluQ29kZVByb3ZpZGVyKGRpYWxlY3QsIHVwVG8pIH0pLm1pZ3JhdGVUb0xhdGVzdCgpO1xuICBjb25zdCBmYWlsZWQgPSByZXN1bHRzPy5maW5kKChyKSA9PiByLnN0YXR1cyA9PT0gJ0Vycm9yJyk7XG4gIGlmIChlcnJvciB8fCBmYWlsZWQpIHtcbiAgICBjb25zdCByZWFzb24gPSBlcnJvciBpbnN0YW5jZW9mIEVycm9yID8gZXJyb3IubWVzc2FnZSA6IFN0cmluZyhlcnJvciA/PyAndW5rbm93biBlcnJvcicpO1xuICAgIHRocm93IG5ldyBFcnJvcihgRGF0YWJhc2UgbWlncmF0aW9uICR7ZmFpbGVkPy5taWdyYXRpb25OYW1lID8/ICcnfSBmYWlsZWQ6ICR7cmVhc29ufWApO1xuICB9XG59XG5cbi8qKlxuICogQnJpbmdzIHRoZSBzY2hlbWEgdXAgdG8gZGF0ZS4gT24gUG9zdGdyZVNRTCwgYW4gYWR2aXNvcnkgbG9jayBoZWxkIG9uIG9uZSBjb25uZWN0aW9uIG1ha2VzXG4gKiBpbnN0YW5jZXMgdGhhdCBzdGFydCBhdCB0aGUgc2FtZSBtb21lbnQgbWlncmF0ZSBvbmUgYWZ0ZXIgdGhlIG90aGVyLiBgdXBUb2AgKHRlc3RzIG9mIGFcbiAqIG1pZ3JhdGlvbikgc3RvcHMgYWZ0ZXIgdGhlIG1pZ3JhdGlvbiBvZiB0aGF0IG5hbWU6IHRoZSBkYXRhYmFzZSBhcyBhbiBvbGRlciB2ZXJzaW9uIGxlZnQgaXQuXG4gKi9cbmV4cG9ydCBhc3luYyBmdW5jdGlvbiBtaWdyYXRlVG9MYXRlc3QoZGI6IEt5c2VseTxhbnk+LCBkaWFsZWN0OiBEaWFsZWN0LCB1cFRvPzogc3RyaW5nKTogUHJvbWlzZTx2b2lkPiB7XG4gIGlmIChkaWFsZWN0ICE9PSAncG9zdGdyZXMnKSByZXR1cm4gcnVuTWlncmF0b3IoZGIsIGRpYWxlY3QsIHVwVG8pO1xuICBhd2FpdCBkYi5jb25uZWN0aW9uKCkuZXhlY3V0ZShhc3luYyAoY29ubikgPT4ge1xuICAgIGF3YWl0IHNxbGBzZWxlY3QgcGdfYWR2aXNvcnlfbG9jayg3MzE2MDAxKWAuZXhlY3V0ZShjb25uKTtcbiAgICB0cnkge1xuICAgICAgYXdhaXQgcnVuTWlncmF0b3IoY29ubiwgZGlhbGVjdCwgdXBUbyk7XG4gICAgfSBmaW5hbGx5IHtcbiAgICAgIGF3YWl0IHNxbGBzZWxlY3QgcGdfYWR2aXNvcnlfdW5sb2NrKDczMTYwMDEpYC5leGVjdXRlKGNvbm4pO1xuICAgIH1cbiAgfSk7XG59XG4iLCAiaW1wb3J0IHsgcmVhZGRpclN5bmMsIHJlYWRsaW5rU3luYywgdHlwZSBTdGF0cywgc3RhdGZzU3luYywgc3RhdFN5bmMgfSBmcm9tICdub2RlOmZzJztcbmltcG9ydCB7IGRpcm5hbWUsIHJlc29sdmUgfSBmcm9tICdub2RlOnBhdGgnO1xuaW1wb3J0IHR5cGUgU3FsaXRlRGF0YWJhc2UgZnJvbSAnYmV0dGVyLXNxbGl0ZTMnO1xuaW1wb3J0IHR5cGUgeyBQaW5vIH0gZnJvbSAnLi4vbG9nLmpzJztcblxuY29uc3QgU1RBVEVNRU5UX0NBQ0hFX1NJWkUgPSA1MDA7XG4vKiogSG93IG9mdGVuIHRoZSBmaWxlJ3MgaWRlbnRpdHkgaXMgY2hlY2tlZCB3aGlsZSBub3RoaW5nIHdyaXRlcyAodGhlIGhlYWx0aCByb3V0ZSBjaGVja3Mgb24gZXZlcnkgY2FsbCkuICovXG5jb25zdCBXQVRDSF9JTlRFUlZBTF9NUyA9IDVfMDAwO1xuLyoqIEZyZWUgc3BhY2UsIGJleW9uZCB3aGF0IHdhcyBsZWZ0IHdoZW4gYSB3cml0ZSBtZXQgYSBmdWxsIGRpc2ssIHRoYXQgY291bnRzIGFzIHRoZSBkaXNrIGhhdmluZyByb29tIGFnYWluLiAqL1xuY29uc3QgRlJFRURfQllURVMgPSAyNTYgKiAxMDI0O1xuXG4vKiogU1FMaXRlJ3Mgb3duIGNvZGUgZm9yIFwidGhlIGRhdGFiYXNlIGZpbGUgaGFzIGJlZW4gbW92ZWQgc2luY2UgaXQgd2FzIG9wZW5lZFwiOiBhbnN3ZXJlZCA1MDMgKGVycm9ycy50cykuICovXG5jb25zdCBHT05FX0NPREUgPSAnU1FMSVRFX1JFQURPTkxZX0RCTU9WRUQnO1xuXG50eXBlIFN0YXRlbWVudCA9IFBpY2s8U3FsaXRlRGF0YWJhc2UuU3RhdGVtZW50LCAncmVhZGVyJyB8ICdhbGwnIHwgJ3J1bicgfCAnaXRlcmF0ZSc+O1xuXG4vKipcbiAqIFdoYXQgS3lzZWx5J3MgU1FMaXRlIGRpYWxlY3QgaXMgZ2l2ZW4gaW5zdGVhZCBvZiB0aGUgYmFyZSBkYXRhYmFzZTogcHJlcGFyZWQgc3RhdGVtZW50cyByZXVzZWQsXG4gKiBhbmQgdGhlIHR3byBmYXVsdHMgYSBmaWxlIG9uIGRpc2sgaGFzIHRoYXQgYSBxdWVyeSBkb2VzIG5vdCBzZWUuXG4gKlxuICogLSBUaGUgZmlsZSBkZWxldGVkIChvciByZXBsYWNlZCkgdW5kZXIgdGhlIHJ1bm5pbmcgc2VydmVyOiBTUUxpdGUgZ29lcyBvbiB3cml0aW5nIGludG8gdGhlXG4gKiAgIHVubGlua2VkIGlub2RlLCBhbmQgZXZlcnkgd3JpdGUgaXQgYWNrbm93bGVkZ2VzIGlzIGxvc3QgYXQgdGhlIG5leHQgc3RhcnQuIFRoZSBwYXRoJ3NcbiAqICAgZGV2aWNlIGFuZCBpbm9kZSBhcmUgY29tcGFyZWQgd2l0aCB0aGUgb25lcyBvcGVuZWQgYWZ0ZXIgZXZlcnkgY29tbWl0IChhIGBzdGF0YCwgYSBmZXcgXHUwMEI1cywgb25seVxuICogICBmb3Igd3JpdGVzKSwgb24gZXZlcnkgaGVhbHRoIGNoZWNrIGFuZCBldmVyeSA1IHM7IG9uY2UgdGhleSBkaWZmZXIgZXZlcnkgc3RhdGVtZW50IGZhaWxzIHdpdGhcbiAqICAgYFNRTElURV9SRUFET05MWV9EQk1PVkVEYCAoNTAzKSBmb3IgZ29vZCwgYW5kIHRoZSBsb2cgc2F5cyBzbyBsb3VkbHksIHdpdGggd2hlcmUgdGhlIGxvc3RcbiAqICAgZmlsZSBjYW4gc3RpbGwgYmUgY29waWVkIGZyb20gd2hpbGUgdGhpcyBwcm9jZXNzIGxpdmVzLlxuICogLSBBIGZ1bGwgZGlzazogU1FMaXRlIHJvbGxzIHRoZSB0cmFuc2FjdGlvbiBiYWNrIGl0c2VsZiBvbiBgU1FMSVRFX0ZVTExgLCBzbyBLeXNlbHkncyBvd25cbiAqICAgYHJvbGxiYWNrYCBmYWlsZWQgKFwibm8gdHJhbnNhY3Rpb24gaXMgYWN0aXZlXCIpIGFuZCB0aGF0IGVycm9yLCBhIDUwMCwgaGlkIHRoZSByZWFsIG9uZS4gQVxuICogICByb2xsYmFjayB3aXRoIG5vIHRyYW5zYWN0aW9uIG9wZW4gaXMgYSBuby1vcCBoZXJlLCBzbyBgU1FMSVRFX0ZVTExgIHJlYWNoZXMgdGhlIGVycm9yIGhhbmRsZXJcbiAqICAgKDUwMyB3aXRoIFJldHJ5LUFmdGVyKTsgaGVhbHRoIGFuc3dlcnMgNTAzIHVudGlsIGEgd3JpdGUgc3VjY2VlZHMgb3IgdGhlIGRpc2sgaGFzIHJvb20gYWdhaW4uXG4gKi9cbmV4cG9ydCBmdW5jdGlvbiBndWFyZFNxbGl0ZShzcWxpdGU6IFNxbGl0ZURhdGFiYXNlLkRhdGFiYXNlLCBmaWxlOiBzdHJpbmcsIGxvZzogUGlubykge1xuICBjb25zdCBjYWNoZSA9IG5ldyBNYXA8c3RyaW5nLCBTdGF0ZW1lbnQ+KCk7XG4gIC8qKiBgOm1lbW9yeTpgIGhhcyBubyBmaWxlIHRvIGxvc2UsIG5vciBhIGRpc2suICovXG4gIGNvbnN0IG9wZW5lZCA9IGZpbGUgPT09ICc6bWVtb3J5OicgPyB1bmRlZmluZWQgOiBzdGF0U3luYyhmaWxlKTtcbiAgbGV0IGdvbmU6IEVycm9yIHwgdW5kZWZpbmVkO1xuICAvKiogRnJlZSBieXRlcyB3aGVuIGEgd3JpdGUgbGFzdCBtZXQgYSBmdWxsIGRpc2s7IHVuZGVmaW5lZCB3aGVuIHRoZSBsYXN0IHdyaXRlIHdlbnQgdGhyb3VnaC4gKi9cbiAgbGV0IGZ1bGxBdDogbnVtYmVyIHwgdW5kZWZpbmVkO1xuXG4gIGNvbnN0IGZyZWVCeXRlcyA9ICgpID0+IHtcbiAgICBpZiAoIW9wZW5lZCkgcmV0dXJuIE51bWJlci5QT1NJVElWRV9JTkZJTklUWTtcbiAgICBjb25zdCBmcyA9IHN0YXRmc1N5bmMoZGlybmFtZShmaWxlKSk7XG4gICAgcmV0dXJuIGZzLmJhdmFpbCAqIGZzLmJzaXplO1xuICB9O1xuXG4gIGNvbnN0IGNoZWNrRmlsZSA9ICgpOiB2b2lkID0+IHtcbiAgICBpZiAoZ29uZSkgdGhyb3cgZ29uZTtcbiAgICBpZiAoIW9wZW5lZCkgcmV0dXJuO1xuICAgIGNvbnN0IG5vdzogU3RhdHMgfCB1bmRlZmluZWQgPSBzdGF0U3luYyhmaWxlLCB7IHRocm93SWZOb0VudHJ5OiBmYWxzZSB9KTtcbiAgICBpZiAobm93ICYmIG5vdy5pbm8gPT09IG9wZW5lZC5pbm8gJiYgbm93LmRldiA9PT0gb3BlbmVkLmRldikgcmV0dXJuO1xuICAgIGdvbmUgPSBPYmplY3QuYXNzaWduKG5ldyBFcnJvcihgdGhlIGRhdGFiYXNlIGZpbGUgJHtmaWxlfSB3YXMgJHtub3cgPyAncmVwbGFjZWQnIDogJ2RlbGV0ZWQnfSB3aGlsZSB0aGUgc2VydmVyIHdhcyBydW5uaW5nYCksIHsgY29kZTogR09ORV9DT0RFIH0pO1xuICAgIGxvZy5mYXRhbChcbiAgICAgIHsgZmlsZSwgc3RpbGxPcGVuQXQ6IG9ycGhhblBhdGhzKGZpbGUpIH0sXG4gICAgICBgVEhFIERBVEFCQVNFIEZJTEUgJHtmaWxlfSBXQVMgJHtub3cgPyAnUkVQTEFDRUQnIDogJ0RFTEVURUQnfSBVTkRFUiBUSEUgUlVOTklORyBTRVJWRVI6IGV2ZXJ5IHJlcXVlc3QgdGhhdCBuZWVkcyB0aGUgc3RvcmUgbm93IGFuc3dlcnMgNTAzIGFuZCBoZWFsdGggaXMgNTAzLiBOb3RoaW5nIGlzIGxvc3QgeWV0OiB3aGlsZSB0aGlzIHByb2Nlc3MgcnVucywgaXRzIGRhdGEgY2FuIGJlIGNvcGllZCBiYWNrIGZyb20gdGhlIHBhdGhzIGluIHN0aWxsT3BlbkF0IChzdG9wIHRyYWZmaWMsIGNvcHkgdGhlbSB0byAke2ZpbGV9IGFuZCBpdHMgLXdhbCwgdGhlbiByZXN0YXJ0KS4gQSByZXN0YXJ0IHdpdGhvdXQgdGhlIGZpbGUgc3RhcnRzIGFuIGVtcHR5IHN0b3JlOiBldmVyeSBjdXN0b21lciBhbmQgdGhlIHNpZ25pbmcga2V5cyB3b3VsZCBiZSBnb25lLmAsXG4gICAgKTtcbiAgICB0aHJvdyBnb25lO1xuICB9O1xuXG4gIGNvbnN0IGd1YXJkZWQgPSAoc3RhdGVtZW50OiBTcWxpdGVEYXRhYmFzZS5TdGF0ZW1lbnQsIHNxbDogc3RyaW5nKTogU3RhdGVtZW50ID0+IHtcbiAgICBpZiAoc3RhdGVtZW50LnJlYWRlcikge1xuICAgICAgcmV0dXJuIHtcbiAgICAgICAgcmVhZGVyOiB0cnVlLFxuICAgICAgICBhbGw6ICguLi5wYXJhbXM6IHVua25vd25bXSkgPT4ge1xuICAgICAgICAgIGNoZWNrR29uZSgpO1xuICAgICAgICAgIHJldHVybiBzdGF0ZW1lbnQuYWxsKC4uLnBhcmFtcyk7XG4gICAgICAgIH0sXG4gICAgICAgIGl0ZXJhdGU6ICguLi5wYXJhbXM6IHVua25vd25bXSkgPT4ge1xuICAgICAgICAgIGNoZWNrR29uZSgpO1xuICAgICAgICAgIHJldHVybiBzdGF0ZW1lbnQuaXRlcmF0ZSguLi5wYXJhbXMpO1xuICAgICAgICB9LFxuICAgICAgICBydW46ICguLi5wYXJhbXM6IHVua25vd25bXSkgPT4gc3RhdGVtZW50LnJ1biguLi5wYXJhbXMpLFxuICAgICAgfSBhcyBTdGF0ZW1lbnQ7XG4gICAgfVxuICAgIGNvbnN0IGlzUm9sbGJhY2sgPSAvXlxccypyb2xsYmFja1xccyokL2kudGVzdChzcWwpO1xuICAgIHJldHVybiB7XG4gICAgICByZWFkZXI6IGZhbHNlLFxuICAgICAgYWxsOiAoLi4ucGFyYW1zOiB1bmtub3duW10pID0+IHN0YXRlbWVudC5hbGwoLi4ucGFyYW1zKSxcbiAgICAgIGl0ZXJhdGU6ICguLi5wYXJhbXM6IHVua25vd25bXSkgPT4gc3RhdGVtZW50Lml0ZXJhdGUoLi4ucGFyYW1zKSxcbiAgICAgIHJ1bjogKC4uLnBhcmFtczogdW5rbm93bltdKSA9PiB7XG4gICAgICAgIGlmIChpc1JvbGxiYWNrKSB7XG4gICAgICAgICAgLy8gU1FMaXRlIGFscmVhZHkgcm9sbGVkIGJhY2sgKFNRTElURV9GVUxMLCBTUUxJVEVfSU9FUlJcdTIwMjYpOiBub3RoaW5nIHRvIHVuZG8sIGFuZCB0aGUgZmFpbHVyZSB0aGF0IGRpZCBpdCBzdGF5cyB0aGUgb25lIHJlcG9ydGVkLlxuICAgICAgICAgIGlmICghc3FsaXRlLmluVHJhbnNhY3Rpb24pIHJldHVybiB7IGNoYW5nZXM6IDAsIGxhc3RJbnNlcnRSb3dpZDogMCB9O1xuICAgICAgICAgIHJldHVybiBzdGF0ZW1lbnQucnVuKC4uLnBhcmFtcyk7XG4gICAgICAgIH1cbiAgICAgICAgY2hlY2tHb25lKCk7XG4gICAgICAgIGxldCByZXN1bHQ6IFNxbGl0ZURhdGFiYXNlLlJ1blJlc3VsdDtcbiAgICAgICAgdHJ5IHtcbiAgICAgICAgICByZXN1bHQgPSBzdGF0ZW1lbnQucnVuKC4uLnBhcmFtcyk7XG4gICAgICAgIH0gY2F0Y2ggKGVycikge1xuICAgICAgICAgIGlmICgvXlNRTElURV9GVUxMLy50ZXN0KFN0cmluZygoZXJyIGFzIHsgY29kZT86IHVua25vd24gfSkuY29kZSkpKSB7XG4gICAgICAgICAgICBpZiAoZnVsbEF0ID09PSB1bmRlZmluZWQpIGxvZy5lcnJvcih7IGZpbGUsIGZyZWU6IGZyZWVCeXRlcygpIH0sIGB0aGUgZGlzayBob2xkaW5nICR7ZmlsZX0gaXMgZnVsbDogd3JpdGVzIGFuc3dlciA1MDMgdW50aWwgaXQgaGFzIHJvb21gKTtcbiAgICAgICAgICAgIGZ1bGxBdCA9IGZyZWVCeXRlcygpO1xuICAgICAgICAgIH1cbiAgICAgICAgICB0aHJvdyBlcnI7XG4gICAgICAgIH1cbiAgICAgICAgLy8gQSB3cml0ZSBpcyBhY2tub3dsZWRnZWQgb25jZSBpdCBpcyBjb21taXR0ZWQ6IG9ubHkgaWYgaXQgaXMgaW4gdGhlIGZpbGUgdGhlIG5leHQgc3RhcnQgb3BlbnMuXG4gICAgICAgIGlmICghc3FsaXRlLmluVHJhbnNhY3Rpb24pIHtcbiAgICAgICAgICBjaGVja0ZpbGUoKTtcbiAgICAgICAgICBpZiAoZnVsbEF0ICE9PSB1bmRlZmluZWQpIGxvZy5pbmZvKHsgZmlsZSB9LCAndGhlIGRpc2sgaGFzIHJvb20gYWdhaW46IHdyaXRlcyBnbyB0aHJvdWdoJyk7XG4gICAgICAgICAgZnVsbEF0ID0gdW5kZWZpbmVkO1xuICAgICAgICB9XG4gICAgICAgIHJldHVybiByZXN1bHQ7XG4gICAgICB9LFxuICAgIH0gYXMgU3RhdGVtZW50O1xuICB9O1xuICBjb25zdCBjaGVja0dvbmUgPSAoKSA9PiB7XG4gICAgaWYgKGdvbmUpIHRocm93IGdvbmU7XG4gIH07XG5cbiAgY29uc3QgdGltZXIgPSBzZXRJbnRlcnZhbCgoKSA9PiB7XG4gICAgaWYgKCFvcGVuZWQpIHJldHVybjtcbiAgICB0cnkge1xuICAgICAgY2hlY2tGaWxlKCk7XG4gICAgfSBjYXRjaCB7XG4gICAgICBjbGVhckludGVydmFsKHRpbWVyKTtcbiAgICB9XG4gIH0sIFdBVENIX0lOVEVSVkFMX01TKTtcbiAgdGltZXIudW5yZWYoKTtcblxuICByZXR1cm4ge1xuICAgIC8qKiBLeXNlbHkncyBgZGF0YWJhc2VgOiBgcHJlcGFyZWAgd2l0aCBhIGJvdW5kZWQgY2FjaGUga2V5ZWQgYnkgU1FMIHRleHQgKHRoZSB2YWx1ZXMgYXJlIHBhcmFtZXRlcnMpLiAqL1xuICAgIGRhdGFiYXNlOiB7XG4gICAgICBwcmVwYXJlKHNxbDogc3RyaW5nKSB7XG4gICAgICAgIGxldCBzdGF0ZW1lbnQgPSBjYWNoZS5nZXQoc3FsKTtcbiAgICAgICAgaWYgKCFzdGF0ZW1lbnQpIHtcbiAgICAgICAgICBpZiAoY2FjaGUuc2l6ZSA+PSBTVEFURU1FTlRfQ0FDSEVfU0laRSkgY2FjaGUuZGVsZXRlKGNhY2hlLmtleXMoKS5uZXh0KCkudmFsdWUhKTtcbiAgICAgICAgICBzdGF0ZW1lbnQgPSBndWFyZGVkKHNxbGl0ZS5wcmVwYXJlKHNxbCksIHNxbCk7XG4gICAgICAgICAgY2FjaGUuc2V0KHNxbCwgc3RhdGVtZW50KTtcbiAgICAgICAgfVxuICAgICAgICByZXR1cm4gc3RhdGVtZW50O1xuICAgICAgfSxcbiAgICAgIGNsb3NlKCkge1xuICAgICAgICBjbGVhckludGVydmFsKHRpbWVyKTtcbiAgICAgICAgY2FjaGUuY2xlYXIoKTtcbiAgICAgICAgc3FsaXRlLmNsb3NlKCk7XG4gICAgICB9LFxuICAgIH0sXG4gICAgLyoqIEZvciBoZWFsdGg6IHRocm93cyAoYSA1MDMgZXJyb3IpIHdoZW4gdGhlIGZpbGUgaXMgZ29uZSBvciB0aGUgZGlzayB3YXMgZnVsbCBhbmQgc3RpbGwgaGFzIG5vIHJvb20uICovXG4gICAgY2hlY2soKTogdm9pZCB7XG4gICAgICBjaGVja0ZpbGUoKTtcbiAgICAgIGlmIChmdWxsQXQgIT09IHVuZGVmaW5lZCkge1xuICAgICAgICBpZiAoZnJlZUJ5dGVzKCkgPCBmdWxsQXQgKyBGUkVFRF9CWVRFUykgdGhyb3cgT2JqZWN0LmFzc2lnbihuZXcgRXJyb3IoYHRoZSBkaXNrIGhvbGRpbmcgJHtmaWxlfSBpcyBmdWxsYCksIHsgY29kZTogJ1NRTElURV9GVUxMJyB9KTtcbiAgICAgICAgZnVsbEF0ID0gdW5kZWZpbmVkO1xuICAgICAgfVxuICAgIH0sXG4gIH07XG59XG5cbi8qKiBXaGVyZSB0aGlzIHByb2Nlc3Mgc3RpbGwgaG9sZHMgdGhlIGRlbGV0ZWQgZmlsZSBvcGVuIChMaW51eCk6IHRoZSBkYXRhIGNhbiBiZSBjb3BpZWQgYmFjayBmcm9tIHRoZXJlLiAqL1xuZnVuY3Rpb24gb3JwaGFuUGF0aHMoZmlsZTogc3RyaW5nKTogc3RyaW5nW10ge1xuICBjb25zdCBwYXRoID0gcmVzb2x2ZShmaWxlKTtcbiAgdHJ5IHtcbiAgICByZXR1cm4gcmVhZGRpclN5bmMoJy9wcm9jL3NlbGYvZmQnKVxuICAgICAgLm1hcCgoZmQpID0+IGAvcHJvYy8ke3Byb2Nlc3MucGlkfS9mZC8ke2ZkfWApXG4gICAgICAuZmlsdGVyKChmZCkgPT4ge1xuICAgICAgICB0cnkge1xuICAgICAgICAgIHJldHVybiByZWFkbGlua1N5bmMoZmQpLnN0YXJ0c1dpdGgocGF0aCk7XG4gICAgICAgIH0gY2F0Y2gge1xuICAgICAgICAgIHJldHVybiBmYWxzZTtcbiAgICAgICAgfVxuICAgICAgfSk7XG4gIH0gY2F0Y2gge1xuICAgIHJldHVybiBbXTtcbiAgfVxufVxuIiwgImltcG9ydCB0eXBlIHsgS3lzZWx5IH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgUGlubyB9IGZyb20gJy4uL2xvZy5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi9zY2hlbWEuanMnO1xuXG5jb25zdCBEQVlfTVMgPSAyNCAqIDYwICogNjAgKiAxMDAwO1xuXG4vKiogSG93IGxvbmcgcm93cyB0aGF0IG5vdGhpbmcgbmVlZHMgYW55IG1vcmUgYXJlIGtlcHQgYmVmb3JlIGBwdXJnZUV4cGlyZWQoKWAgZGVsZXRlcyB0aGVtLiAqL1xuZXhwb3J0IGNvbnN0IFJFVEVOVElPTiA9IHtcbiAgLyoqIFNlc3Npb25zIHBhc3QgdGhlaXIgY2FwIG9yIHJldm9rZWQ6IGEgZGF5LCBzbyBhIHRva2VuIGlzc3VlZCBiZWZvcmUgc3RpbGwgbWVldHMgaXRzIHJvdyAoaXRzIGBleHBgIGlzIGF0IG1vc3QgdGhlIHRva2VuIGxpZmV0aW1lIGF3YXkpLiAqL1xuICBkZWFkU2Vzc2lvbnNNczogREFZX01TLFxuICAvKiogRW1haWxlZC1saW5rIHRva2VucyBwYXN0IHRoZWlyIGV4cGlyeTogYSBkYXksIHNvIGEgbGF0ZSBjbGljayBzdGlsbCBoZWFycyBcIm5vdCB2YWxpZCBhbnkgbW9yZVwiIHJhdGhlciB0aGFuIG5vdGhpbmcuICovXG4gIGV4cGlyZWRFbWFpbFRva2Vuc01zOiBEQVlfTVMsXG4gIC8qKiBNYWlsIGRlbGl2ZXJlZCAob3Igc2hvd24sIGluIG91dGJveCBtb2RlKSBhIHdlZWsgYWdvLiAqL1xuICBzZW50TWFpbE1zOiA3ICogREFZX01TLFxuICAvKiogQW5vbnltb3VzIHByb2ZpbGVzIHRoYXQgbmV2ZXIgdHJhY2tlZCBhbiBldmVudCwgdW5sZXNzIGBTTlJfQU5PTllNT1VTX1JFVEVOVElPTl9EQVlTYCBzYXlzIG90aGVyd2lzZS4gKi9cbiAgaWRsZUFub255bW91c01zOiAzMCAqIERBWV9NUyxcbn0gYXMgY29uc3Q7XG5cbi8qKiBBbm9ueW1vdXMgcHJvZmlsZXMgYXJlIGRlbGV0ZWQgdGhpcyBtYW55IGF0IGEgdGltZSwgc28gbm8gb25lIHN0YXRlbWVudCBob2xkcyB0aGUgc3RvcmUgZm9yIGxvbmcuICovXG5jb25zdCBBTk9OWU1PVVNfQkFUQ0ggPSA1MDA7XG5cbmV4cG9ydCBpbnRlcmZhY2UgUHVyZ2VDb3VudHMge1xuICBzZXNzaW9uczogbnVtYmVyO1xuICBlbWFpbFRva2VuczogbnVtYmVyO1xuICByYXRlTGltaXRzOiBudW1iZXI7XG4gIG91dGJveDogbnVtYmVyO1xuICBhbm9ueW1vdXNQcm9maWxlczogbnVtYmVyO1xufVxuXG4vKipcbiAqIERlbGV0ZXMgd2hhdCBubyByZXF1ZXN0IGNhbiBuZWVkIGFueSBtb3JlLCBzbyB0aGUgc3RvcmUgZG9lcyBub3QgZ3JvdyB3aXRoIGV2ZXJ5IHZpc2l0OiBkZWFkXG4gKiBzZXNzaW9ucywgZXhwaXJlZCBlbWFpbCB0b2tlbnMsIHJhdGUtbGltaXQgd2luZG93cyB0aGF0IGhhdmUgZW5kZWQsIHNlbnQgbWFpbCwgYW5kIGFub255bW91c1xuICogcHJvZmlsZXMgdGhhdCBuZXZlciB0cmFja2VkIGFuIGV2ZW50IGFuZCBoYXZlIGhhZCBubyBzZXNzaW9uIGZvciBgYW5vbnltb3VzUmV0ZW50aW9uTXNgICh3aXRoXG4gKiB0aGVpciBzZXNzaW9ucyBhbmQgVVVJRHM6IGEgdmlzaXRvciBjb21pbmcgYmFjayB3aXRoIHRoYXQgVVVJRCBnZXRzIGEgZnJlc2ggcHJvZmlsZSkuIEN1c3RvbWVyc1xuICogYW5kIGV2ZW50cyBhcmUgZGF0YSwgbmV2ZXIgcHVyZ2VkIGhlcmUuIFNhZmUgdG8gcnVuIGZyb20gZXZlcnkgaW5zdGFuY2UgYXQgb25jZS5cbiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIHB1cmdlRXhwaXJlZChcbiAgZGI6IEt5c2VseTxEYXRhYmFzZT4sXG4gIG5vdzogbnVtYmVyLFxuICByYXRlTGltaXRXaW5kb3dNczogbnVtYmVyLFxuICBhbm9ueW1vdXNSZXRlbnRpb25NczogbnVtYmVyID0gUkVURU5USU9OLmlkbGVBbm9ueW1vdXNNcyxcbik6IFByb21pc2U8UHVyZ2VDb3VudHM+IHtcbiAgY29uc3QgZGVhZEJlZm9yZSA9IG5vdyAtIFJFVEVOVElPTi5kZWFkU2Vzc2lvbnNNcztcbiAgY29uc3Qgc2Vzc2lvbnMgPSBhd2FpdCBkYlxuICAgIC5kZWxldGVGcm9tKCdzZXNzaW9ucycpXG4gICAgLndoZXJlKChlYikgPT4gZWIub3IoW2ViKCdleHBpcmVzX2F0JywgJzwnLCBkZWFkQmVmb3JlKSwgZWIoJ3Jldm9rZWRfYXQnLCAnPCcsIGRlYWRCZWZvcmUpXSkpXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgY29uc3QgZW1haWxUb2tlbnMgPSBhd2FpdCBkYlxuICAgIC5kZWxldGVGcm9tKCdlbWFpbF90b2tlbnMnKVxuICAgIC53aGVyZSgnZXhwaXJlc19hdCcsICc8Jywgbm93IC0gUkVURU5USU9OLmV4cGlyZWRFbWFpbFRva2Vuc01zKVxuICAgIC5leGVjdXRlVGFrZUZpcnN0KCk7XG4gIGNvbnN0IHJhdGVMaW1pdHMgPSBhd2FpdCBkYlxuICAgIC5kZWxldGVGcm9tKCdyYXRlX2xpbWl0cycpXG4gICAgLndoZXJlKCd3aW5kb3dfc3RhcnQnLCAnPD0nLCBub3cgLSByYXRlTGltaXRXaW5kb3dNcylcbiAgICAuZXhlY3V0ZVRha2VGaXJzdCgpO1xuICBjb25zdCBvdXRib3ggPSBhd2FpdCBkYlxuICAgIC5kZWxldGVGcm9tKCdvdXRib3gnKVxuICAgIC53aGVyZSgnc2VudF9hdCcsICc8Jywgbm93IC0gUkVURU5USU9OLnNlbnRNYWlsTXMpXG4gICAgLmV4ZWN1dGVUYWtlRmlyc3QoKTtcbiAgY29uc3QgYW5vbnltb3VzUHJvZmlsZXMgPSBhd2FpdCBwdXJnZUlkbGVBbm9ueW1vdXMoZGIsIG5vdyAtIGFub255bW91c1JldGVudGlvbk1zKTtcbiAgcmV0dXJuIHtcbiAgICBzZXNzaW9uczogTnVtYmVyKHNlc3Npb25zLm51bURlbGV0ZWRSb3dzKSxcbiAgICBlbWFpbFRva2VuczogTnVtYmVyKGVtYWlsVG9rZW5zLm51bURlbGV0ZWRSb3dzKSxcbiAgICByYXRlTGltaXRzOiBOdW1iZXIocmF0ZUxpbWl0cy5udW1EZWxldGVkUm93cyksXG4gICAgb3V0Ym94OiBOdW1iZXIob3V0Ym94Lm51bURlbGV0ZWRSb3dzKSxcbiAgICBhbm9ueW1vdXNQcm9maWxlcyxcbiAgfTtcbn1cblxuLyoqXG4gKiBBbm9ueW1vdXMgcHJvZmlsZXMgbWFkZSBiZWZvcmUgYGJlZm9yZWAgd2l0aCBubyBldmVudCBhbmQgbm8gc2Vzc2lvbiBtYWRlIG9yIHJlZnJlc2hlZCBzaW5jZSxcbiAqIGRlbGV0ZWQgd2l0aCB0aGVpciBzZXNzaW9ucyBhbmQgVVVJRHMsIGEgYmF0Y2ggcGVyIHRyYW5zYWN0aW9uLiBFYWNoIGJhdGNoIGlzIGNob3NlbiBhZ2FpbiBpbnNpZGVcbiAqIGl0cyB0cmFuc2FjdGlvbiwgc28gYSBwcm9maWxlIHRoYXQgdHJhY2tlZCBhbiBldmVudCBvciBvcGVuZWQgYSBzZXNzaW9uIG1lYW53aGlsZSBzdGF5cy5cbiAqL1xuYXN5bmMgZnVuY3Rpb24gcHVyZ2VJZGxlQW5vbnltb3VzKGRiOiBLeXNlbHk8RGF0YWJhc2U+LCBiZWZvcmU6IG51bWJlcik6IFByb21pc2U8bnVtYmVyPiB7XG4gIGxldCBwdXJnZWQgPSAwO1xuICBmb3IgKDs7KSB7XG4gICAgY29uc3QgZGVsZXRlZCA9IGF3YWl0IGRiLnRyYW5zYWN0aW9uKCkuZXhlY3V0ZShhc3luYyAodHJ4KSA9PiB7XG4gICAgICBjb25zdCBpZHMgPSAoXG4gICAgICAgIGF3YWl0IHRyeFxuICAgICAgICAgIC5zZWxlY3RGcm9tKCdjbGllbnRzJylcbiAgICAgICAgICAuc2VsZWN0KCdpZCcpXG4gICAgICAgICAgLndoZXJlKCdzdGF0dXMnLCAnPScsICdhbm9ueW1vdXMnKVxuICAgICAgICAgIC53aGVyZSgnY3JlYXRlZF9hdCcsICc8JywgYmVmb3JlKVxuICAgICAgICAgIC53aGVyZSgoeyBleGlzdHMsIG5vdCwgc2VsZWN0RnJvbSB9KSA9PiBub3QoZXhpc3RzKHNlbGVjdEZyb20oJ2V2ZW50cycpLnNlbGVjdCgnZXZlbnRzLmlkJykud2hlcmVSZWYoJ2V2ZW50cy5jbGllbnRfaWQnLCAnPScsICdjbGllbnRzLmlkJykpKSlcbiAgICAgICAgICAud2hlcmUoKHsgZXhpc3RzLCBub3QsIHNlbGVjdEZyb20gfSkgPT5cbiAgICAgICAgICAgIG5vdChcbiAgICAgICAgICAgICAgZXhpc3RzKFxuICAgICAgICAgICAgICAgIHNlbGVjdEZyb20oJ3Nlc3Npb25zJylcbiAgICAgICAgICAgICAgICAgIC5zZWxlY3QoJ3Nlc3Npb25zLmlkJylcbiAgICAgICAgICAgICAgICAgIC53aGVyZVJlZignc2Vzc2lvbnMuY2xpZW50X2lkJywgJz0nLCAnY2xpZW50cy5pZCcpXG4gICAgICAgICAgICAgICAgICAud2hlcmUoKHMpID0+IHMub3IoW3MoJ3Nlc3Npb25zLmNyZWF0ZWRfYXQnLCAnPj0nLCBiZWZvcmUpLCBzKCdzZXNzaW9ucy5yZWZyZXNoZWRfYXQnLCAnPj0nLCBiZWZvcmUpXSkpLFxuICAgICAgICAgICAgICApLFxuICAgICAgICAgICAgKSxcbiAgICAgICAgICApXG4gICAgICAgICAgLmxpbWl0KEFOT05ZTU9VU19CQVRDSClcbiAgICAgICAgICAuZXhlY3V0ZSgpXG4gICAgICApLm1hcCgocikgPT4gci5pZCk7XG4gICAgICBpZiAoIWlkcy5sZW5ndGgpIHJldHVybiAwO1xuICAgICAgYXdhaXQgdHJ4LmRlbGV0ZUZyb20oJ3Nlc3Npb25zJykud2hlcmUoJ2NsaWVudF9pZCcsICdpbicsIGlkcykuZXhlY3V0ZSgpO1xuICAgICAgYXdhaXQgdHJ4LmRlbGV0ZUZyb20oJ2NsaWVudF91dWlkcycpLndoZXJlKCdjbGllbnRfaWQnLCAnaW4nLCBpZHMpLmV4ZWN1dGUoKTtcbiAgICAgIGF3YWl0IHRyeC5kZWxldGVGcm9tKCdlbWFpbF90b2tlbnMnKS53aGVyZSgnY2xpZW50X2lkJywgJ2luJywgaWRzKS5leGVjdXRlKCk7XG4gICAgICBjb25zdCBnb25lID0gYXdhaXQgdHJ4LmRlbGV0ZUZyb20oJ2NsaWVudHMnKS53aGVyZSgnaWQnLCAnaW4nLCBpZHMpLndoZXJlKCdzdGF0dXMnLCAnPScsICdhbm9ueW1vdXMnKS5leGVjdXRlVGFrZUZpcnN0KCk7XG4gICAgICByZXR1cm4gTnVtYmVyKGdvbmUubnVtRGVsZXRlZFJvd3MpO1xuICAgIH0pO1xuICAgIHB1cmdlZCArPSBkZWxldGVkO1xuICAgIGlmIChkZWxldGVkIDwgQU5PTllNT1VTX0JBVENIKSByZXR1cm4gcHVyZ2VkO1xuICB9XG59XG5cbi8qKiBQdXJnZXMgb25jZSBhIG1pbnV0ZSBhZnRlciBzdGFydCwgdGhlbiBldmVyeSBob3VyOyBmYWlsdXJlcyAodGhlIHN0b3JlIGF3YXkpIGFyZSBsb2dnZWQgYW5kIHRyaWVkIGFnYWluIG5leHQgdGltZS4gKi9cbmV4cG9ydCBmdW5jdGlvbiBzY2hlZHVsZVB1cmdlKFxuICBkYjogS3lzZWx5PERhdGFiYXNlPixcbiAgb3B0aW9uczogeyByYXRlTGltaXRXaW5kb3dNczogbnVtYmVyOyBhbm9ueW1vdXNSZXRlbnRpb25Ncz86IG51bWJlcjsgbG9nOiBQaW5vOyBub3c/OiAoKSA9PiBudW1iZXIgfSxcbik6IHsgc3RvcCgpOiB2b2lkIH0ge1xuICBjb25zdCBub3cgPSBvcHRpb25zLm5vdyA/PyBEYXRlLm5vdztcbiAgY29uc3QgcnVuID0gKCkgPT4ge1xuICAgIHB1cmdlRXhwaXJlZChkYiwgbm93KCksIG9wdGlvbnMucmF0ZUxpbWl0V2luZG93TXMsIG9wdGlvbnMuYW5vbnltb3VzUmV0ZW50aW9uTXMpLnRoZW4oXG4gICAgICAoY291bnRzKSA9PiBvcHRpb25zLmxvZy5kZWJ1Zyh7IHB1cmdlZDogY291bnRzIH0sICdleHBpcmVkIHJvd3MgcHVyZ2VkJyksXG4gICAgICAoZXJyOiB1bmtub3duKSA9PiBvcHRpb25zLmxvZy53YXJuKHsgcmVhc29uOiAoZXJyIGFzIEVycm9yKS5tZXNzYWdlIH0sICdwdXJnaW5nIGV4cGlyZWQgcm93cyBmYWlsZWQ7IHRyeWluZyBhZ2FpbiBsYXRlcicpLFxuICAgICk7XG4gIH07XG4gIGNvbnN0IGZpcnN0ID0gc2V0VGltZW91dChydW4sIDYwXzAwMCk7XG4gIGNvbnN0IGV2ZXJ5ID0gc2V0SW50ZXJ2YWwocnVuLCA2MCAqIDYwICogMTAwMCk7XG4gIGZpcnN0LnVucmVmKCk7XG4gIGV2ZXJ5LnVucmVmKCk7XG4gIHJldHVybiB7XG4gICAgc3RvcCgpIHtcbiAgICAgIGNsZWFyVGltZW91dChmaXJzdCk7XG4gICAgICBjbGVhckludGVydmFsKGV2ZXJ5KTtcbiAgICB9LFxuICB9O1xufVxuIiwgImltcG9ydCB0eXBlIHsgS3lzZWx5IH0gZnJvbSAna3lzZWx5JztcbmltcG9ydCB0eXBlIHsgU2VydmVyQ29uZmlnIH0gZnJvbSAnLi9jb25maWcuanMnO1xuaW1wb3J0IHsgS2V5UmluZyB9IGZyb20gJy4vY3J5cHRvL2tleXMuanMnO1xuaW1wb3J0IHsgaGFzaFBhc3N3b3JkIH0gZnJvbSAnLi9jcnlwdG8vcGFzc3dvcmQuanMnO1xuaW1wb3J0IHsgY3JlYXRlTG9nZ2VyLCB0eXBlIFBpbm8gfSBmcm9tICcuL2xvZy5qcyc7XG5pbXBvcnQgeyBNYWlsZXIgfSBmcm9tICcuL21haWwvbWFpbGVyLmpzJztcbmltcG9ydCB7IFJhdGVMaW1pdGVyIH0gZnJvbSAnLi9yYXRlLWxpbWl0LmpzJztcbmltcG9ydCB7IFNlc3Npb25zIH0gZnJvbSAnLi9zZXNzaW9ucy5qcyc7XG5pbXBvcnQgeyBvcGVuU3RvcmUsIHR5cGUgU3RvcmUgfSBmcm9tICcuL3N0b3JlL2RiLmpzJztcbmltcG9ydCB7IHNjaGVkdWxlUHVyZ2UgfSBmcm9tICcuL3N0b3JlL3JldGVudGlvbi5qcyc7XG5pbXBvcnQgdHlwZSB7IERhdGFiYXNlIH0gZnJvbSAnLi9zdG9yZS9zY2hlbWEuanMnO1xuXG4vKiogRXZlcnl0aGluZyBhIHJvdXRlIG5lZWRzLCBtYWRlIG9uY2UgcGVyIHNlcnZlciBpbnN0YW5jZS4gKi9cbmV4cG9ydCBpbnRlcmZhY2UgU2VydmVyQ29udGV4dCB7XG4gIGNvbmZpZzogU2VydmVyQ29uZmlnO1xuICBzdG9yZTogU3RvcmU7XG4gIGRiOiBLeXNlbHk8RGF0YWJhc2U+O1xuICBrZXlzOiBLZXlSaW5nO1xuICBzZXNzaW9uczogU2Vzc2lvbnM7XG4gIG1haWxlcjogTWFpbGVyO1xuICBsaW1pdGVyOiBSYXRlTGltaXRlcjtcbiAgLyoqIFZlcmlmaWVkIGFnYWluc3Qgd2hlbiBhbiBlbWFpbCBpcyB1bmtub3duLCBzbyB0aGF0IGNvc3RzIHdoYXQgYSB3cm9uZyBwYXNzd29yZCBjb3N0cy4gKi9cbiAgZHVtbXlIYXNoOiBzdHJpbmc7XG4gIC8qKiBUaGUgc2VydmVyJ3Mgb3duIG9yaWdpbiwga25vd24gb25jZSBpdCBsaXN0ZW5zLiAqL1xuICBwdWJsaWNVcmw6IHN0cmluZztcbiAgbG9nOiBQaW5vO1xuICBub3coKTogbnVtYmVyO1xuICAvKiogVGhlIGhvdXJseSBwdXJnZSBvZiBleHBpcmVkIHJvd3MgKHNyYy9zZXJ2ZXIvc3RvcmUvcmV0ZW50aW9uLnRzKS4gKi9cbiAgcHVyZ2U6IHsgc3RvcCgpOiB2b2lkIH07XG59XG5cbmV4cG9ydCBjb25zdCBzaWxlbnRMb2dnZXI6IFBpbm8gPSBjcmVhdGVMb2dnZXIoeyBsZXZlbDogJ3NpbGVudCcgfSk7XG5cbi8qKiBgbm93YDogdGhlIGNsb2NrIGV2ZXJ5IGV4cGlyeSwgd2luZG93IGFuZCBjYXAgaXMgcmVhZCBmcm9tICh0ZXN0cyBwYXNzIGEgZmFrZSBvbmUpLiAqL1xuZXhwb3J0IGFzeW5jIGZ1bmN0aW9uIGNyZWF0ZUNvbnRleHQoXG4gIGNvbmZpZzogU2VydmVyQ29uZmlnLFxuICBvcHRpb25zOiB7IGxvZz86IFBpbm87IHN0b3JlPzogU3RvcmU7IG5vdz86ICgpID0+IG51bWJlcjsgcHJpbnRNYWlsPzogKHRleHQ6IHN0cmluZykgPT4gdm9pZCB9ID0ge30sXG4pOiBQcm9taXNlPFNlcnZlckNvbnRleHQ+IHtcbiAgY29uc3QgbG9nID0gb3B0aW9ucy5sb2cgPz8gY3JlYXRlTG9nZ2VyKHsgbGV2ZWw6IGNvbmZpZy5sb2dMZXZlbCB9KTtcbiAgY29uc3Qgc3RvcmUgPSBvcHRpb25zLnN0b3JlID8/IChhd2FpdCBvcGVuU3RvcmUoY29uZmlnLmRhdGFiYXNlVXJsLCB7IHRpbWVvdXRNczogY29uZmlnLmRiVGltZW91dE1zLCBsb2cgfSkpO1xuICBjb25zdCBub3cgPSBvcHRpb25zLm5vdyA/PyAoKCkgPT4gRGF0ZS5ub3coKSk7XG4gIGNvbnN0IGtleXMgPSBhd2FpdCBLZXlSaW5nLm9wZW4oc3RvcmUuZGIsIHN0b3JlLmRpYWxlY3QsIHsgbm93IH0pO1xuICBrZXlzLndhdGNoKCk7XG4gIHJldHVybiB7XG4gICAgY29uZmlnLFxuICAgIHN0b3JlLFxuICAgIGRiOiBzdG9yZS5kYixcbiAgICBrZXlzLFxuICAgIHNlc3Npb25zOiBuZXcgU2Vzc2lvbnMoc3RvcmUuZGIsIGtleXMsIGNvbmZpZyksXG4gICAgbWFpbGVyOiBuZXcgTWFpbGVyKHN0b3JlLmRiLCBjb25maWcsIGxvZywgb3B0aW9ucy5wcmludE1haWwgPz8gKHByb2Nlc3Muc3Rkb3V0LmlzVFRZID8gKHRleHQpID0+IHByb2Nlc3Muc3Rkb3V0LndyaXRlKHRleHQpIDogdW5kZWZpbmVkKSksXG4gICAgbGltaXRlcjogbmV3IFJhdGVMaW1pdGVyKHN0b3JlLmRiLCBjb25maWcucmF0ZUxpbWl0KSxcbiAgICBkdW1teUhhc2g6IGF3YWl0IGhhc2hQYXNzd29yZCgnc25yLWF1dGgtZHVtbXktcGFzc3dvcmQnLCBjb25maWcucGJrZGYySXRlcmF0aW9ucyksXG4gICAgcHVibGljVXJsOiBgaHR0cDovLyR7Y29uZmlnLmhvc3R9OiR7Y29uZmlnLnBvcnR9YCxcbiAgICBsb2csXG4gICAgbm93LFxuICAgIHB1cmdlOiBzY2hlZHVsZVB1cmdlKHN0b3JlLmRiLCB7XG4gICAgICByYXRlTGltaXRXaW5kb3dNczogKGNvbmZpZy5yYXRlTGltaXQ/LndpbmRvd1NlY29uZHMgPz8gOTAwKSAqIDEwMDAsXG4gICAgICBhbm9ueW1vdXNSZXRlbnRpb25NczogY29uZmlnLmFub255bW91c1JldGVudGlvbk1zLFxuICAgICAgbG9nLFxuICAgICAgbm93LFxuICAgIH0pLFxuICB9O1xufVxuXG5leHBvcnQgYXN5bmMgZnVuY3Rpb24gY2xvc2VDb250ZXh0KGN0eDogU2VydmVyQ29udGV4dCk6IFByb21pc2U8dm9pZD4ge1xuICAvLyBMaW5rcyBwcm9taXNlZCBieSBhbnN3ZXJzIGFscmVhZHkgc2VudCBhcmUgd3JpdHRlbiBiZWZvcmUgdGhlIHN0b3JlIGNsb3Nlcy5cbiAgYXdhaXQgY3R4Lm1haWxlci5zZXR0bGUoKTtcbiAgY3R4LnB1cmdlLnN0b3AoKTtcbiAgY3R4LmtleXMuY2xvc2UoKTtcbiAgY3R4Lm1haWxlci5jbG9zZSgpO1xuICBhd2FpdCBjdHgubWFpbGVyLmlkbGUoKTtcbiAgYXdhaXQgY3R4LnN0b3JlLmNsb3NlKCk7XG59XG4iXSwKICAibWFwcGluZ3MiOiAiO0FBQUEsU0FBUyxjQUFBQSxtQkFBa0I7QUFDM0IsU0FBUyxhQUFhLGNBQWM7QUFDcEMsU0FBUyxjQUFjO0FBQ3ZCLFNBQVMsUUFBQUMsYUFBWTtBQUNyQixTQUFTLHlCQUF5QjtBQUVsQyxPQUFPQyxTQUFROzs7QUNOZixZQUFZLE9BQU87QUFNWixJQUFNLGNBQWM7QUFBQTtBQUFBLEVBRXpCO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBO0FBQUEsRUFFQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBO0FBQUEsRUFFQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQTtBQUFBLEVBRUE7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQTtBQUFBLEVBRUE7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUE7QUFBQSxFQUVBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUE7QUFBQSxFQUVBO0FBQUEsRUFDQTtBQUNGO0FBSU8sSUFBTSxrQkFBb0IsT0FBSyxXQUFXO0FBRTFDLElBQU0sbUJBQXFCLFNBQU87QUFBQSxFQUN2QyxPQUFTLFNBQU87QUFBQSxFQUNoQixNQUFRLFNBQU87QUFBQSxFQUNmLFNBQVcsU0FBTztBQUFBLEVBQ2xCLGVBQWlCLFdBQVcsVUFBUSxDQUFDO0FBQ3ZDLENBQUM7QUFJTSxJQUFNLGtCQUFvQixTQUFPO0FBQUEsRUFDdEMsT0FBUyxTQUFPO0FBQUEsRUFDaEIsUUFBVSxTQUFPO0FBQUEsRUFDakIsTUFBTTtBQUFBLEVBQ04sU0FBVyxTQUFPO0FBQUEsRUFDbEIsTUFBUSxTQUFPO0FBQUEsRUFDZixXQUFhLFNBQU87QUFBQSxFQUNwQixRQUFVLFdBQVcsUUFBTSxnQkFBZ0IsQ0FBQztBQUFBLEVBQzVDLFlBQWMsV0FBVyxTQUFPLENBQUM7QUFDbkMsQ0FBQztBQUlNLElBQU0sY0FBc0M7QUFBQSxFQUNqRCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQUEsRUFDTCxLQUFLO0FBQ1A7OztBQ2xHQSxZQUFZQyxRQUFPOzs7QUNJWixJQUFNLGtCQUFrQixDQUFDLFNBQVMsT0FBTyxRQUFRLGFBQWEsUUFBUSxNQUFNO0FBRzVFLElBQU0sYUFBYSxDQUFDLFVBQVUsUUFBUSxTQUFTLGVBQWU7QUFFOUQsSUFBTSx1QkFBdUI7QUFHN0IsSUFBTSxzQkFBc0I7OztBREE1QixJQUFNLHVCQUF5QixVQUFPO0FBQUEsRUFDM0MsV0FBYSxPQUFJLEVBQUUsTUFBUSxXQUFRLENBQUMsR0FBSyxXQUFRLElBQUksQ0FBQztBQUFBLEVBQ3RELFdBQWEsT0FBSSxFQUFFLE1BQVEsV0FBUSxDQUFDLEdBQUssV0FBUSxJQUFJLENBQUM7QUFBQSxFQUN0RCxjQUFnQixXQUFRO0FBQUEsRUFDeEIsY0FBZ0IsV0FBUTtBQUFBLEVBQ3hCLGNBQWdCLFdBQVE7QUFBQSxFQUN4QixlQUFpQixXQUFRO0FBQzNCLENBQUM7QUFFRCxJQUFNLE9BQU8sQ0FBQyxRQUFrQixVQUFPLEVBQUUsTUFBUSxhQUFVLEdBQUcsQ0FBQztBQU0vRCxJQUFNLGFBQWUsU0FBTSxjQUFjLGlFQUE0RDtBQU1yRyxJQUFNLE9BQU8sQ0FBQyxRQUFrQixVQUFPLEVBQUUsTUFBUSxhQUFVLEdBQUcsR0FBSyxTQUFNLGNBQWMsc0RBQXNELEdBQUcsVUFBVTtBQUMxSixJQUFNLE9BQU8sS0FBSyxHQUFHO0FBRWQsSUFBTSxhQUFlLFVBQU8sRUFBRSxNQUFRLFNBQU0sbUVBQW1FLGdCQUFnQixDQUFDO0FBQ2hJLElBQU0sY0FBZ0IsVUFBTyxFQUFFLE1BQVEsUUFBSyxHQUFLLGVBQVksR0FBSyxhQUFVLEdBQUcsR0FBSyxTQUFNLDBCQUEwQixDQUFDO0FBQ3JILElBQU0sZUFBaUIsVUFBTyxFQUFFLE1BQVEsYUFBVSxDQUFDLEdBQUssYUFBVSxHQUFHLENBQUM7QUFDdEUsSUFBTSxpQkFBbUIsWUFBUyxLQUFLLEdBQUcsQ0FBQztBQUczQyxJQUFNLGlCQUFtQixVQUFPLEVBQUUsTUFBUSxhQUFVLEdBQUcsc0JBQXNCLEdBQUssYUFBVSxJQUFJLENBQUM7QUFFakcsSUFBTSxtQkFBcUIsZ0JBQWE7QUFBQSxFQUM3QyxPQUFTLFlBQVcsV0FBUSxDQUFDO0FBQUEsRUFDN0IsS0FBTyxZQUFXLFdBQVEsQ0FBQztBQUFBLEVBQzNCLE1BQVEsWUFBVyxXQUFRLENBQUM7QUFBQSxFQUM1QixXQUFhLFlBQVcsV0FBUSxDQUFDO0FBQUEsRUFDakMsTUFBUSxZQUFXLFdBQVEsQ0FBQztBQUFBLEVBQzVCLE1BQVEsWUFBVyxXQUFRLENBQUM7QUFDOUIsQ0FBQztBQUlNLElBQU0sMEJBQTBCO0FBQUEsRUFDckM7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFDRjtBQUNBLElBQU0sV0FBVyxJQUFJLElBQVksd0JBQXdCLElBQUksQ0FBQyxNQUFNLEVBQUUsWUFBWSxDQUFDLENBQUM7QUFFcEYsSUFBTSxZQUFzQyxXQUFRO0FBQzdDLElBQU0sbUJBQXFCLFVBQVMsVUFBTyxFQUFFLE1BQVEsYUFBVSxDQUFDLEdBQUssYUFBVSxHQUFHLENBQUMsR0FBRyxTQUFTLEVBQUU7QUFBQSxFQUNwRyxVQUFPLENBQUMsVUFBVSxPQUFPLEtBQUssS0FBSyxFQUFFLFVBQVUsS0FBSyx3QkFBd0I7QUFBQSxFQUM1RSxlQUFZLENBQUMsT0FBTyxRQUFRO0FBQzVCLGVBQVcsT0FBTyxPQUFPLEtBQUssS0FBSyxHQUFHO0FBQ3BDLFVBQUksU0FBUyxJQUFJLElBQUksWUFBWSxDQUFDLEtBQUssSUFBSSxZQUFZLEVBQUUsV0FBVyxPQUFPLEdBQUc7QUFDNUUsWUFBSSxPQUFPLEtBQUssRUFBRSxNQUFNLFVBQVUsU0FBUyxJQUFJLEdBQUcsaUNBQWlDLE9BQU8sS0FBSyxNQUFNLENBQUMsR0FBRyxFQUFFLENBQUM7QUFBQSxNQUM5RztBQUFBLElBQ0Y7QUFBQSxFQUNGLENBQUM7QUFDSDtBQUNPLElBQU0sYUFBZSxTQUFNLEtBQUssR0FBRyxDQUFDLEVBQUUsTUFBUSxhQUFVLEdBQUcsQ0FBQztBQUc1RCxJQUFNLGdCQUFnQjtBQUFBLEVBQzNCLFdBQWEsWUFBUyxJQUFJO0FBQUEsRUFDMUIsVUFBWSxZQUFTLElBQUk7QUFBQSxFQUN6QixhQUFlLFlBQVMsSUFBSTtBQUFBLEVBQzVCLE9BQVMsWUFBUyxLQUFLLEVBQUUsQ0FBQztBQUFBLEVBQzFCLFVBQVksWUFBUyxLQUFLLEdBQUcsQ0FBQztBQUFBLEVBQzlCLEtBQU8sWUFBVyxRQUFLLFVBQVUsQ0FBQztBQUFBLEVBQ2xDLFdBQWEsWUFBVyxPQUFJLEtBQUssNkJBQTZCLENBQUM7QUFBQSxFQUMvRCxTQUFXLFlBQVMsSUFBSTtBQUFBLEVBQ3hCLFNBQVcsWUFBUyxLQUFLLEdBQUcsQ0FBQztBQUFBLEVBQzdCLE1BQVEsWUFBUyxJQUFJO0FBQUEsRUFDckIsVUFBWSxZQUFTLElBQUk7QUFBQSxFQUN6QixTQUFXLFlBQVMsS0FBSyxFQUFFLENBQUM7QUFBQSxFQUM1QixhQUFlLFlBQVcsVUFBTyxFQUFFLE1BQVEsU0FBTSxJQUFJLE9BQU8sVUFBVSxtQkFBbUIsSUFBSSxHQUFHLG1DQUFtQyxDQUFDLENBQUM7QUFBQSxFQUNySSxXQUFhLFlBQVcsT0FBSSxFQUFFLFVBQVUsWUFBWSxPQUFPLHlCQUF5QixDQUFDLEVBQUUsTUFBUSxhQUFVLEdBQUksQ0FBQyxDQUFDO0FBQUEsRUFDL0csWUFBYyxZQUFTLGdCQUFnQjtBQUFBLEVBQ3ZDLFlBQWMsWUFBUyxnQkFBZ0I7QUFBQSxFQUN2QyxNQUFRLFlBQVMsVUFBVTtBQUM3QjtBQUlPLElBQU0sOEJBQWdDLGdCQUFhO0FBQUEsRUFDeEQsUUFBUTtBQUFBLEVBQ1IsTUFBTTtBQUFBLEVBQ04sVUFBVTtBQUNaLENBQUM7QUFHTSxJQUFNLHFCQUFxQixDQUFDLFlBQVksU0FBUyxZQUFZLFVBQVUsT0FBTztBQU05RSxJQUFNLGNBQWdCLFVBQU8sRUFBRSxNQUFRLGFBQVUsRUFBRSxHQUFLLGFBQVUsR0FBRyxHQUFLLFNBQU0sb0JBQW9CLCtCQUErQixDQUFDO0FBT3BJLElBQU0scUJBQXVCLFVBQU8sRUFBRSxNQUFRLGFBQVUsQ0FBQyxHQUFLLGFBQVUsR0FBRyxHQUFLLFNBQU0sY0FBYywwQkFBMEIsQ0FBQztBQUV0SSxJQUFNLGNBQ0gsZ0JBQWE7QUFBQSxFQUNaLFFBQVE7QUFBQSxFQUNSLE1BQU07QUFBQSxFQUNOLFVBQVU7QUFBQSxFQUNWLGtCQUFvQixZQUFXLFFBQUssa0JBQWtCLENBQUM7QUFBQSxFQUN2RCxPQUFTLFlBQVMsV0FBVztBQUFBLEVBQzdCLFVBQVksWUFBUyxjQUFjO0FBQUEsRUFDbkMsdUJBQXlCLFlBQVcsVUFBTyxFQUFFLE1BQVEsYUFBVSxDQUFDLEdBQUssYUFBVSxJQUFJLENBQUMsQ0FBQztBQUFBLEVBQ3JGLE9BQVMsWUFBUyxXQUFXO0FBQUEsRUFDN0IsWUFBYyxZQUFTLGdCQUFnQjtBQUFBLEVBQ3ZDLFlBQWMsWUFBUyxnQkFBZ0I7QUFBQSxFQUN2QyxzQkFBd0IsWUFBUyxrQkFBa0I7QUFDckQsQ0FBQyxFQUNBO0FBQUEsRUFDRyxlQUFZLENBQUMsTUFBTSxRQUFRO0FBQzNCLFVBQU0sV0FBVyxLQUFLLG9CQUFvQjtBQUMxQyxRQUFJLGFBQWEsWUFBWTtBQUMzQixVQUFJLEtBQUssVUFBVSxPQUFXLEtBQUksT0FBTyxLQUFLLEVBQUUsTUFBTSxVQUFVLFNBQVMscUJBQXFCLE9BQU8sTUFBTSxNQUFNLENBQUMsT0FBTyxFQUFFLENBQUM7QUFDNUgsVUFBSSxLQUFLLGFBQWEsT0FBVyxLQUFJLE9BQU8sS0FBSyxFQUFFLE1BQU0sVUFBVSxTQUFTLHdCQUF3QixPQUFPLE1BQU0sTUFBTSxDQUFDLFVBQVUsRUFBRSxDQUFDO0FBQUEsSUFDdkksV0FBVyxLQUFLLDBCQUEwQixRQUFXO0FBQ25ELFVBQUksT0FBTyxLQUFLLEVBQUUsTUFBTSxVQUFVLFNBQVMscUNBQXFDLE9BQU8sTUFBTSxNQUFNLENBQUMsdUJBQXVCLEVBQUUsQ0FBQztBQUFBLElBQ2hJO0FBQ0EsU0FBSyxhQUFhLFlBQVksYUFBYSxZQUFZLEtBQUssVUFBVSxRQUFXO0FBQy9FLFVBQUksT0FBTyxLQUFLLEVBQUUsTUFBTSxVQUFVLFNBQVMsMEJBQTBCLFFBQVEsSUFBSSxPQUFPLE1BQU0sTUFBTSxDQUFDLE9BQU8sRUFBRSxDQUFDO0FBQUEsSUFDakg7QUFBQSxFQUNGLENBQUM7QUFDSDtBQWVLLElBQU0scUJBQXVCO0FBQUEsRUFDbEM7QUFBQSxFQUNFLGFBQVUsQ0FBQyxNQUFtQixRQUFzQjtBQUNwRCxVQUFNLEVBQUUsa0JBQWtCLE9BQUFDLFFBQU8sVUFBVSx1QkFBdUIsR0FBRyxPQUFPLElBQUk7QUFDaEYsUUFBSSxxQkFBcUIsVUFBYSxxQkFBcUIsWUFBWTtBQUNyRSxVQUFJLDBCQUEwQixPQUFXLFFBQU8sRUFBRSxHQUFHLFFBQVEsa0JBQWtCLHNCQUFzQjtBQUFBLElBQ3ZHLFdBQVdBLFdBQVUsVUFBYSxhQUFhLFFBQVc7QUFDeEQsYUFBTyxFQUFFLEdBQUcsUUFBUSxHQUFJLG1CQUFtQixFQUFFLGlCQUFpQixJQUFJLENBQUMsR0FBSSxPQUFBQSxRQUFPLFNBQVM7QUFBQSxJQUN6RjtBQUVBLFFBQUksT0FBTyxLQUFLLEVBQUUsTUFBTSxVQUFVLFNBQVMsNERBQTRELE9BQU8sS0FBSyxDQUFDO0FBQ3BILFdBQVM7QUFBQSxFQUNYLENBQUM7QUFDSDtBQUVPLElBQU0sU0FBUyxDQUFDLG9CQUFvQixRQUFRO0FBRTVDLElBQU0sZ0JBQWdCLENBQUMsYUFBYSxZQUFZLFNBQVMsWUFBWSxVQUFVLE9BQU87QUFHdEYsSUFBTSxzQkFBd0IsVUFBTztBQUFBLEVBQzFDLE9BQVMsVUFBTztBQUFBO0FBQUEsRUFFaEIsWUFBYyxVQUFPO0FBQUE7QUFBQSxFQUVyQixTQUFXLFVBQU87QUFBQSxFQUNsQixRQUFVLFFBQUssYUFBYTtBQUFBLEVBQzVCLE9BQVMsUUFBSyxNQUFNO0FBQUEsRUFDcEIsVUFBWSxZQUFXLFlBQVcsVUFBTyxDQUFDLENBQUM7QUFBQSxFQUMzQyxNQUFNO0FBQUEsRUFDTixVQUFZLFlBQVcsVUFBTyxDQUFDO0FBQ2pDLENBQUM7QUFPTSxJQUFNLHVCQUF1QjtBQUFBLEVBQ2xDO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQ0Y7QUFlTyxJQUFNLHNCQUF3QixVQUFPO0FBQUEsRUFDMUMsTUFBUSxVQUFPLEVBQUUsTUFBUSxhQUFVLENBQUMsR0FBSyxhQUFVLEdBQUcsQ0FBQztBQUFBLEVBQ3ZELGNBQWdCLFlBQVcsVUFBTyxDQUFDO0FBQUEsRUFDbkMsVUFBWSxZQUFXLFVBQU8sQ0FBQztBQUFBLEVBQy9CLFNBQVcsWUFBVyxTQUFRLFVBQU8sQ0FBQyxDQUFDO0FBQ3pDLENBQUM7QUFHTSxJQUFNLGlDQUFtQyxVQUFPO0FBQUEsRUFDckQsUUFBVSxRQUFLLG9CQUFvQjtBQUFBLEVBQ25DLFlBQWMsU0FBTSxtQkFBbUI7QUFBQSxFQUN2QyxPQUFTLFlBQVMsbUJBQW1CO0FBQ3ZDLENBQUM7QUFHTSxJQUFNLHVCQUF5QixnQkFBYSxFQUFFLFFBQVUsWUFBUyxZQUFZLEVBQUUsQ0FBQztBQUNoRixJQUFNLHNCQUF3QixnQkFBYTtBQUFBLEVBQ2hELFFBQVUsWUFBUyxZQUFZO0FBQUEsRUFDL0IsZ0JBQWtCLFlBQVcsV0FBUSxDQUFDO0FBQ3hDLENBQUM7QUFLTSxJQUFNLHdCQUEwQixnQkFBYTtBQUFBLEVBQ2xELFFBQVUsWUFBUyxZQUFZO0FBQUEsRUFDL0IsT0FBTztBQUFBLEVBQ1AsVUFBVTtBQUFBLEVBQ1YsTUFBUSxZQUFTLFVBQVU7QUFBQSxFQUMzQixHQUFHO0FBQ0wsQ0FBQztBQVFNLElBQU0scUJBQXFCLENBQUMsYUFBYSxnQkFBZ0IsY0FBYyxPQUFPLFVBQVU7QUFFeEYsSUFBTSx3QkFBd0IsQ0FBQyxjQUFjLHlCQUF5Qix1QkFBdUIsbUJBQW1CO0FBRWhILElBQU0seUJBQTJCLFVBQU87QUFBQSxFQUM3QyxRQUFVLFFBQUsscUJBQXFCO0FBQUEsRUFDcEMsa0JBQW9CLFFBQUssa0JBQWtCO0FBQUEsRUFDM0MsVUFBWSxVQUFPO0FBQUEsRUFDbkIsTUFBTTtBQUFBO0FBQUEsRUFFTixXQUFhLFdBQVE7QUFDdkIsQ0FBQztBQUdNLElBQU0scUJBQXVCLGdCQUFhLEVBQUUsUUFBVSxZQUFTLFlBQVksR0FBRyxPQUFPLFlBQVksQ0FBQztBQUVsRyxJQUFNLG1CQUFxQixVQUFPLEVBQUUsTUFBUSxhQUFVLEVBQUUsR0FBSyxhQUFVLEdBQUcsQ0FBQztBQUMzRSxJQUFNLDRCQUE4QixnQkFBYSxFQUFFLFFBQVUsWUFBUyxZQUFZLEdBQUcsT0FBTyxpQkFBaUIsQ0FBQztBQUM5RyxJQUFNLGtDQUFvQyxnQkFBYTtBQUFBLEVBQzVELFFBQVUsWUFBUyxZQUFZO0FBQUEsRUFDL0IsT0FBTztBQUFBLEVBQ1AsVUFBVTtBQUNaLENBQUM7QUFFTSxJQUFNLHlCQUEyQixVQUFPLEVBQUUsUUFBVSxXQUFRLFVBQVUsRUFBRSxDQUFDO0FBR3pFLElBQU0sc0JBQXdCLFVBQU8sRUFBRSxNQUFRLFNBQU0sY0FBYyx5Q0FBeUMsQ0FBQztBQUU3RyxJQUFNLCtCQUFpQyxnQkFBYSxFQUFFLFFBQVUsWUFBUyxZQUFZLEdBQUcsT0FBTyxhQUFhLFNBQVMsb0JBQW9CLENBQUM7QUFFMUksSUFBTSxtQkFBcUIsVUFBTyxFQUFFLFFBQVUsV0FBUSxJQUFJLEVBQUUsQ0FBQztBQUk3RCxJQUFNLDhCQUFnQyxnQkFBYTtBQUFBLEVBQ3hELFFBQVUsWUFBUyxZQUFZO0FBQUEsRUFDL0IsYUFBYTtBQUFBLEVBQ2IsVUFBVTtBQUNaLENBQUM7QUFJTSxJQUFNLDJCQUNWLGdCQUFhO0FBQUEsRUFDWixRQUFVLFlBQVMsWUFBWTtBQUFBLEVBQy9CLE9BQU87QUFBQSxFQUNQLFVBQVksWUFBUyxjQUFjO0FBQUEsRUFDbkMsZUFBaUIsWUFBVyxVQUFPLEVBQUUsTUFBUSxhQUFVLENBQUMsR0FBSyxhQUFVLElBQUksQ0FBQyxDQUFDO0FBQUEsRUFDN0Usa0JBQW9CLFlBQVcsUUFBSyxrQkFBa0IsQ0FBQztBQUN6RCxDQUFDLEVBQ0E7QUFBQSxFQUNHLGVBQVksQ0FBQyxNQUFNLFFBQVE7QUFDM0IsUUFBSSxLQUFLLGFBQWEsVUFBYSxLQUFLLGtCQUFrQjtBQUN4RCxVQUFJLE9BQU8sS0FBSyxFQUFFLE1BQU0sVUFBVSxTQUFTLGtEQUFrRCxPQUFPLE1BQU0sTUFBTSxDQUFDLFVBQVUsRUFBRSxDQUFDO0FBQUEsRUFDbEksQ0FBQztBQUNIO0FBRUssSUFBTSxnQ0FBa0MsZ0JBQWE7QUFBQSxFQUMxRCxRQUFVLFlBQVMsWUFBWTtBQUFBLEVBQy9CLE9BQU87QUFBQTtBQUFBLEVBRVAscUJBQXVCLFlBQVcsV0FBUSxDQUFDO0FBQzdDLENBQUM7QUFHTSxJQUFNLDZCQUErQixnQkFBYTtBQUFBLEVBQ3ZELFFBQVUsWUFBUyxZQUFZO0FBQUEsRUFDL0Isa0JBQW9CLFVBQU8sRUFBRSxNQUFRLGFBQVUsR0FBRywwQkFBMEIsR0FBSyxhQUFVLElBQUksQ0FBQztBQUFBLEVBQ2hHLGtCQUFvQixZQUFXLFFBQUssa0JBQWtCLENBQUM7QUFDekQsQ0FBQztBQUdNLElBQU0sNkJBQStCLGdCQUFhLEVBQUUsUUFBVSxZQUFTLFlBQVksR0FBRyxHQUFHLGNBQWMsQ0FBQztBQVF4RyxJQUFNLHNDQUF3QyxnQkFBYTtBQUFBLEVBQ2hFLFFBQVUsWUFBUyxZQUFZO0FBQUEsRUFDL0IsV0FBVyxjQUFjO0FBQUEsRUFDekIsVUFBVSxjQUFjO0FBQUEsRUFDeEIsYUFBYSxjQUFjO0FBQUEsRUFDM0IsT0FBTyxjQUFjO0FBQUEsRUFDckIsS0FBSyxjQUFjO0FBQUEsRUFDbkIsV0FBVyxjQUFjO0FBQUEsRUFDekIsU0FBUyxjQUFjO0FBQUEsRUFDdkIsU0FBUyxjQUFjO0FBQUEsRUFDdkIsTUFBTSxjQUFjO0FBQUEsRUFDcEIsVUFBVSxjQUFjO0FBQUEsRUFDeEIsU0FBUyxjQUFjO0FBQUEsRUFDdkIsYUFBYSxjQUFjO0FBQUEsRUFDM0IsWUFBWSxjQUFjO0FBQUEsRUFDMUIsWUFBWSxjQUFjO0FBQzVCLENBQUM7QUFHRCxJQUFNLGVBQWlCLFlBQVcsVUFBTyxDQUFDO0FBQ25DLElBQU0sMkJBQTZCLFVBQU87QUFBQSxFQUMvQyxVQUFZLFVBQU87QUFBQSxFQUNuQixNQUFNO0FBQUEsRUFDTixPQUFTLFVBQU87QUFBQSxFQUNoQixXQUFXO0FBQUEsRUFDWCxVQUFVO0FBQUEsRUFDVixhQUFhO0FBQUEsRUFDYixPQUFPO0FBQUEsRUFDUCxVQUFVO0FBQUEsRUFDVixLQUFPLFlBQVcsUUFBSyxVQUFVLENBQUM7QUFBQSxFQUNsQyxXQUFXO0FBQUEsRUFDWCxTQUFTO0FBQUEsRUFDVCxTQUFTO0FBQUEsRUFDVCxNQUFNO0FBQUEsRUFDTixVQUFVO0FBQUEsRUFDVixTQUFTO0FBQUEsRUFDVCxhQUFhO0FBQUEsRUFDYixXQUFXO0FBQUEsRUFDWCxZQUFjLFVBQU87QUFBQSxJQUNuQixPQUFTLFdBQVE7QUFBQSxJQUNqQixLQUFPLFdBQVE7QUFBQSxJQUNmLE1BQVEsV0FBUTtBQUFBLElBQ2hCLFdBQWEsV0FBUTtBQUFBLElBQ3JCLE1BQVEsV0FBUTtBQUFBLElBQ2hCLE1BQVEsV0FBUTtBQUFBLEVBQ2xCLENBQUM7QUFBQSxFQUNELFlBQWMsVUFBUyxVQUFPLEdBQUssV0FBUSxDQUFDO0FBQUEsRUFDNUMsTUFBUSxTQUFRLFVBQU8sQ0FBQztBQUFBLEVBQ3hCLFdBQWEsV0FBUTtBQUFBLEVBQ3JCLFdBQWEsVUFBTztBQUFBLEVBQ3BCLGtCQUFvQixZQUFXLFVBQU8sQ0FBQztBQUN6QyxDQUFDO0FBS00sSUFBTSxjQUFnQixnQkFBYTtBQUFBLEVBQ3hDLFFBQVUsVUFBTyxFQUFFLE1BQVEsYUFBVSxDQUFDLEdBQUssYUFBVSxHQUFHLEdBQUssU0FBTSx3QkFBd0Isb0NBQW9DLENBQUM7QUFBQSxFQUNoSSxPQUFTLFlBQVMsS0FBSyxHQUFHLENBQUM7QUFBQSxFQUMzQixNQUFRLE9BQUksU0FBUyxFQUFFLFFBQVEsS0FBSyxDQUFDO0FBQUEsRUFDckMsUUFBVSxZQUFXLFVBQVMsVUFBTyxFQUFFLE1BQVEsYUFBVSxHQUFHLENBQUMsR0FBRyxTQUFTLENBQUM7QUFBQSxFQUMxRSxXQUFhLFVBQU8sRUFBRSxNQUFRLGFBQVUsQ0FBQyxHQUFLLGFBQVUsRUFBRSxHQUFLLFNBQU0sb0JBQW9CLCtCQUErQixDQUFDO0FBQUEsRUFDekgsUUFBVSxnQkFBYSxFQUFFLE1BQU0sV0FBVyxDQUFDO0FBQzdDLENBQUM7QUFFTSxJQUFNLG1CQUNWLFNBQU0sV0FBVyxFQUNqQixNQUFRLGFBQVUsR0FBRyxvQkFBb0IsR0FBSyxhQUFVLHNCQUFzQixXQUFXLG9CQUFvQixtQkFBbUIsQ0FBQztBQUM3SCxJQUFNLDJCQUE2QixVQUFPO0FBQUEsRUFDL0MsUUFBVSxXQUFRLFVBQVU7QUFBQSxFQUM1QixVQUFZLFVBQU87QUFBQSxFQUNuQixZQUFjLFVBQU87QUFDdkIsQ0FBQztBQU1NLElBQU0seUJBQ1YsZ0JBQWE7QUFBQSxFQUNaLE1BQU07QUFBQSxFQUNOLE9BQVMsWUFBUyxXQUFXO0FBQUEsRUFDN0IsR0FBRztBQUNMLENBQUMsRUFDQTtBQUFBLEVBQ0csZUFBWSxDQUFDLE1BQU0sUUFBUTtBQUMzQixRQUFJLEtBQUssVUFBVSxVQUFhLEtBQUssYUFBYSxRQUFXO0FBQzNELFVBQUksT0FBTyxLQUFLLEVBQUUsTUFBTSxVQUFVLFNBQVMsaUNBQWlDLE9BQU8sTUFBTSxNQUFNLENBQUMsT0FBTyxFQUFFLENBQUM7QUFBQSxJQUM1RztBQUFBLEVBQ0YsQ0FBQztBQUNIO0FBRUssSUFBTSwwQkFBNEIsVUFBTztBQUFBLEVBQzlDLFVBQVksVUFBTztBQUFBLEVBQ25CLE1BQU07QUFBQTtBQUFBLEVBRU4sU0FBVyxXQUFRO0FBQ3JCLENBQUM7QUFJTSxJQUFNLHVCQUF5QixnQkFBYSxDQUFDLENBQUM7QUFJOUMsSUFBTSxxQkFBdUIsVUFBTztBQUFBLEVBQ3pDLGtCQUFvQixRQUFLLGtCQUFrQjtBQUFBLEVBQzNDLGdCQUFnQjtBQUFBLEVBQ2hCLGVBQWlCLFVBQU87QUFBQSxFQUN4QixlQUFpQixZQUFXLFVBQU8sQ0FBQztBQUFBLEVBQ3BDLGNBQWdCLFdBQVE7QUFBQSxFQUN4QixZQUFjLFNBQVEsUUFBSyxlQUFlLENBQUM7QUFBQTtBQUFBLEVBRTNDLGdCQUFrQixZQUFXLFVBQU8sQ0FBQztBQUFBLEVBQ3JDLGVBQWlCLFlBQVcsVUFBTyxDQUFDO0FBQ3RDLENBQUM7QUFHTSxJQUFNLHVCQUF5QixVQUFPLEVBQUUsUUFBVSxRQUFLLENBQUMsTUFBTSxhQUFhLENBQUMsRUFBRSxDQUFDO0FBRy9FLElBQU0sb0JBQXNCLFVBQU87QUFBQSxFQUN4QyxLQUFPLFVBQU87QUFBQSxFQUNkLEtBQU8sVUFBTztBQUFBLEVBQ2QsS0FBTyxVQUFPO0FBQUEsRUFDZCxNQUFNO0FBQUEsRUFDTixVQUFZLFlBQVcsVUFBTyxDQUFDO0FBQUEsRUFDL0IsS0FBTyxRQUFLLE1BQU07QUFBQSxFQUNsQixRQUFVLFFBQUssYUFBYTtBQUFBLEVBQzVCLEtBQU8sVUFBTztBQUFBLEVBQ2QsS0FBTyxVQUFPO0FBQUEsRUFDZCxLQUFPLFVBQU87QUFDaEIsQ0FBQzs7O0FFeGRELElBQU0sUUFBUSxDQUEyQixNQUFZO0FBRzlDLElBQU0sU0FBUztBQUFBLEVBQ3BCLGdCQUFnQixNQUFNO0FBQUEsSUFDcEIsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsT0FBTyxNQUFNO0FBQUEsSUFDWCxRQUFRO0FBQUEsSUFDUixNQUFNO0FBQUEsSUFDTixNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixTQUFXO0FBQUEsSUFDWCxVQUFZO0FBQUEsRUFDZCxDQUFDO0FBQUEsRUFDRCxvQkFBb0IsTUFBTTtBQUFBLElBQ3hCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELGNBQWMsTUFBTTtBQUFBLElBQ2xCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELFNBQVMsTUFBTSxFQUFFLFFBQVEsUUFBUSxNQUFNLGdDQUFnQyxNQUFNLFNBQVMsUUFBUSxLQUFLLFNBQVcsb0JBQW9CLENBQUM7QUFBQSxFQUNuSSxpQkFBaUIsTUFBTTtBQUFBLElBQ3JCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELG1CQUFtQixNQUFNO0FBQUEsSUFDdkIsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsMEJBQTBCLE1BQU07QUFBQSxJQUM5QixRQUFRO0FBQUEsSUFDUixNQUFNO0FBQUEsSUFDTixNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixTQUFXO0FBQUEsSUFDWCxVQUFZO0FBQUEsRUFDZCxDQUFDO0FBQUEsRUFDRCwwQkFBMEIsTUFBTTtBQUFBLElBQzlCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELCtCQUErQixNQUFNO0FBQUEsSUFDbkMsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsK0JBQStCLE1BQU07QUFBQSxJQUNuQyxRQUFRO0FBQUEsSUFDUixNQUFNO0FBQUEsSUFDTixNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixTQUFXO0FBQUEsSUFDWCxVQUFZO0FBQUEsRUFDZCxDQUFDO0FBQUEsRUFDRCxzQkFBc0IsTUFBTTtBQUFBLElBQzFCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELHNCQUFzQixNQUFNO0FBQUEsSUFDMUIsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsZ0JBQWdCLE1BQU07QUFBQSxJQUNwQixRQUFRO0FBQUEsSUFDUixNQUFNO0FBQUEsSUFDTixNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixTQUFXO0FBQUEsSUFDWCxVQUFZO0FBQUEsRUFDZCxDQUFDO0FBQUEsRUFDRCxvQkFBb0IsTUFBTTtBQUFBLElBQ3hCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELG9CQUFvQixNQUFNO0FBQUEsSUFDeEIsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsZUFBZSxNQUFNLEVBQUUsUUFBUSxRQUFRLE1BQU0saUNBQWlDLE1BQU0sWUFBWSxRQUFRLEtBQUssU0FBVywyQkFBMkIsQ0FBQztBQUFBLEVBQ3BKLFlBQVksTUFBTSxFQUFFLFFBQVEsT0FBTyxNQUFNLHVDQUF1QyxNQUFNLFlBQVksUUFBUSxLQUFLLFVBQVkseUJBQXlCLENBQUM7QUFBQSxFQUNySixlQUFlLE1BQU07QUFBQSxJQUNuQixRQUFRO0FBQUEsSUFDUixNQUFNO0FBQUEsSUFDTixNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixTQUFXO0FBQUEsSUFDWCxVQUFZO0FBQUEsRUFDZCxDQUFDO0FBQUEsRUFDRCwrQkFBK0IsTUFBTTtBQUFBLElBQ25DLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELGFBQWEsTUFBTTtBQUFBLElBQ2pCLFFBQVE7QUFBQSxJQUNSLE1BQU07QUFBQSxJQUNOLE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLFNBQVc7QUFBQSxJQUNYLFVBQVk7QUFBQSxFQUNkLENBQUM7QUFBQSxFQUNELGlCQUFpQixNQUFNO0FBQUEsSUFDckIsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsZUFBZSxNQUFNO0FBQUEsSUFDbkIsUUFBUTtBQUFBLElBQ1IsTUFBTTtBQUFBLElBQ04sTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsU0FBVztBQUFBLElBQ1gsVUFBWTtBQUFBLEVBQ2QsQ0FBQztBQUFBLEVBQ0QsY0FBYyxNQUFNLEVBQUUsUUFBUSxVQUFVLE1BQU0sMEJBQTBCLE1BQU0sV0FBVyxRQUFRLElBQUksQ0FBQztBQUFBLEVBQ3RHLHFCQUFxQixNQUFNLEVBQUUsUUFBUSxVQUFVLE1BQU0sZ0NBQWdDLE1BQU0sV0FBVyxRQUFRLElBQUksQ0FBQztBQUFBLEVBQ25ILHdCQUF3QixNQUFNLEVBQUUsUUFBUSxVQUFVLE1BQU0sc0NBQXNDLE1BQU0sV0FBVyxRQUFRLElBQUksQ0FBQztBQUFBLEVBQzVILGNBQWMsTUFBTSxFQUFFLFFBQVEsT0FBTyxNQUFNLGVBQWUsTUFBTSxRQUFRLFFBQVEsS0FBSyxVQUFZLG1CQUFtQixDQUFDO0FBQUEsRUFDckgsTUFBTSxNQUFNLEVBQUUsUUFBUSxPQUFPLE1BQU0sMEJBQTBCLE1BQU0sUUFBUSxRQUFRLElBQUksQ0FBQztBQUFBLEVBQ3hGLFdBQVcsTUFBTSxFQUFFLFFBQVEsT0FBTyxNQUFNLGtCQUFrQixNQUFNLFFBQVEsUUFBUSxJQUFJLENBQUM7QUFBQSxFQUNyRixRQUFRLE1BQU0sRUFBRSxRQUFRLE9BQU8sTUFBTSxlQUFlLE1BQU0sUUFBUSxRQUFRLEtBQUssVUFBWSxxQkFBcUIsQ0FBQztBQUNuSDtBQUtPLElBQU0sV0FBVyxDQUFDLFNBQWlCLEtBQUssUUFBUSxjQUFjLEtBQUs7OztBQzNNMUUsU0FBUyxRQUFBQyxhQUFZOzs7QUNJZCxTQUFTLFVBQVUsTUFBc0M7QUFDOUQsTUFBSSxNQUFNO0FBQ1YsYUFBVyxRQUFRLE1BQU07QUFDdkIsUUFBSSxPQUFPLFNBQVMsU0FBVSxRQUFPLElBQUksSUFBSTtBQUFBLFFBQ3hDLFFBQU8sUUFBUSxLQUFLLE9BQU8sSUFBSSxJQUFJLElBQUksT0FBTyxJQUFJLENBQUM7QUFBQSxFQUMxRDtBQUNBLFNBQU87QUFDVDtBQUVBLElBQU0sZUFBZTtBQUdkLFNBQVMsb0JBQW9CLFFBQTRDO0FBQzlFLFNBQU8sT0FBTyxJQUFJLENBQUMsVUFBVTtBQUMzQixVQUFNLFFBQVEsVUFBVSxNQUFNLElBQUksS0FBSztBQUN2QyxVQUFNLFFBQW9CLEVBQUUsT0FBTyxNQUFNLE1BQU0sTUFBTSxTQUFTLE1BQU0sUUFBUTtBQUM1RSxVQUFNLFFBQVMsTUFBOEI7QUFDN0MsVUFBTSxXQUFXLE9BQU8sVUFBVSxZQUFZLE9BQU8sVUFBVSxhQUFjLE9BQU8sVUFBVSxZQUFZLE1BQU0sVUFBVTtBQUMxSCxRQUFJLFlBQVksQ0FBQyxhQUFhLEtBQUssS0FBSyxFQUFHLE9BQU0sZ0JBQWdCO0FBQ2pFLFdBQU87QUFBQSxFQUNULENBQUM7QUFDSDs7O0FDWk8sSUFBTSwwQkFBMEMsT0FBTyxPQUFPO0FBQUEsRUFDbkUsV0FBVztBQUFBLEVBQ1gsV0FBVztBQUFBLEVBQ1gsY0FBYztBQUFBLEVBQ2QsY0FBYztBQUFBLEVBQ2QsY0FBYztBQUFBLEVBQ2QsZUFBZTtBQUNqQixDQUFDO0FBbUJELElBQU0sUUFBUTtBQUNkLElBQU0sUUFBUTtBQUNkLElBQU0sUUFBUTtBQUNkLElBQU0sU0FBUztBQUVmLElBQU0sWUFBWSxPQUFPLFNBQVMsZUFBZSxlQUFlLE9BQU8sSUFBSSxLQUFLLFVBQVUsUUFBVyxFQUFFLGFBQWEsV0FBVyxDQUFDLElBQUk7QUFNN0gsU0FBUyxlQUFlLFVBQTBCO0FBQ3ZELFFBQU1DLFFBQU8sU0FBUyxVQUFVLEtBQUs7QUFDckMsTUFBSSxXQUFXO0FBQ2IsUUFBSUMsS0FBSTtBQUNSLGVBQVcsS0FBSyxVQUFVLFFBQVFELEtBQUksRUFBRyxDQUFBQztBQUN6QyxXQUFPQTtBQUFBLEVBQ1Q7QUFDQSxNQUFJLElBQUk7QUFDUixhQUFXLEtBQUtELE1BQU07QUFDdEIsU0FBTztBQUNUO0FBR08sU0FBUyxjQUFjLE9BQWUsU0FBeUIseUJBQXdDO0FBRTVHLFFBQU0sV0FBVyxNQUFNLFVBQVUsS0FBSztBQUN0QyxRQUFNLFNBQVMsZUFBZSxRQUFRO0FBQ3RDLFFBQU0sUUFBOEI7QUFBQSxJQUNsQyxFQUFFLE1BQU0sYUFBYSxJQUFJLFVBQVUsT0FBTyxXQUFXLE9BQU8sT0FBTyxVQUFVO0FBQUEsSUFDN0UsRUFBRSxNQUFNLGFBQWEsSUFBSSxVQUFVLE9BQU8sV0FBVyxPQUFPLE9BQU8sVUFBVTtBQUFBLEVBQy9FO0FBQ0EsTUFBSSxPQUFPLGFBQWMsT0FBTSxLQUFLLEVBQUUsTUFBTSxTQUFTLElBQUksTUFBTSxLQUFLLFFBQVEsRUFBRSxDQUFDO0FBQy9FLE1BQUksT0FBTyxhQUFjLE9BQU0sS0FBSyxFQUFFLE1BQU0sU0FBUyxJQUFJLE1BQU0sS0FBSyxRQUFRLEVBQUUsQ0FBQztBQUMvRSxNQUFJLE9BQU8sYUFBYyxPQUFNLEtBQUssRUFBRSxNQUFNLFNBQVMsSUFBSSxNQUFNLEtBQUssUUFBUSxFQUFFLENBQUM7QUFDL0UsTUFBSSxPQUFPLGNBQWUsT0FBTSxLQUFLLEVBQUUsTUFBTSxVQUFVLElBQUksT0FBTyxLQUFLLFFBQVEsRUFBRSxDQUFDO0FBQ2xGLFFBQU0sU0FBUyxNQUFNLE9BQU8sQ0FBQyxNQUFNLENBQUMsRUFBRSxFQUFFLEVBQUUsSUFBSSxDQUFDLE1BQU0sRUFBRSxJQUFJO0FBQzNELFNBQU8sRUFBRSxJQUFJLE9BQU8sV0FBVyxHQUFHLE9BQU8sT0FBTztBQUNsRDtBQTBCTyxTQUFTLGVBQWUsUUFBa0M7QUFDL0QsUUFBTSxXQUFxQixDQUFDO0FBQzVCLE1BQUksT0FBTyxZQUFZLE9BQU8sVUFBVyxVQUFTLEtBQUsscUNBQXFDO0FBQzVGLFFBQU0sV0FBVyxDQUFDLE9BQU8sY0FBYyxPQUFPLGNBQWMsT0FBTyxjQUFjLE9BQU8sYUFBYSxFQUFFLE9BQU8sT0FBTyxFQUFFO0FBQ3ZILE1BQUksV0FBVyxPQUFPLFVBQVcsVUFBUyxLQUFLLDJEQUEyRDtBQUMxRyxTQUFPO0FBQ1Q7OztBQzVHQSxTQUFTLG1CQUFtQjs7O0FDS3JCLElBQU0sZ0JBQU4sY0FBNEIsTUFBTTtBQUFBLEVBQWxDO0FBQUE7QUFDTCxTQUFTLE9BQU87QUFBQTtBQUNsQjtBQUdPLElBQU0sV0FBTixjQUF1QixNQUFNO0FBQUEsRUFFbEMsWUFDVyxRQUNBRSxPQUNULFNBQ1NDLFNBQ0EsWUFDVDtBQUNBLFVBQU0sT0FBTztBQU5KO0FBQ0EsZ0JBQUFEO0FBRUEsa0JBQUFDO0FBQ0E7QUFOWCxTQUFTLE9BQU87QUFBQSxFQVNoQjtBQUFBLEVBRUEsSUFBSSxhQUFxQjtBQUN2QixXQUFPLFlBQVksS0FBSyxNQUFNLEtBQUs7QUFBQSxFQUNyQztBQUNGO0FBRU8sSUFBTSxhQUFhLENBQUNELE9BQWlCLFNBQWlCQyxZQUEwQixJQUFJLFNBQVMsS0FBS0QsT0FBTSxTQUFTQyxPQUFNO0FBQ3ZILElBQU0sZUFBZSxDQUFDRCxPQUFpQixZQUFvQixJQUFJLFNBQVMsS0FBS0EsT0FBTSxPQUFPO0FBQzFGLElBQU0sWUFBWSxDQUFDQSxPQUFpQixZQUFvQixJQUFJLFNBQVMsS0FBS0EsT0FBTSxPQUFPO0FBQ3ZGLElBQU0sV0FBVyxDQUFDQSxPQUFpQixZQUFvQixJQUFJLFNBQVMsS0FBS0EsT0FBTSxPQUFPO0FBQ3RGLElBQU0sV0FBVyxDQUFDQSxPQUFpQixTQUFpQkMsWUFBMEIsSUFBSSxTQUFTLEtBQUtELE9BQU0sU0FBU0MsT0FBTTtBQUdySCxTQUFTLGtCQUFrQixLQUF1QjtBQUN2RCxRQUFNRCxRQUFRLEtBQTRCO0FBQzFDLFNBQU9BLFVBQVMsOEJBQThCQSxVQUFTLGtDQUFrQ0EsVUFBUztBQUNwRztBQUdPLFNBQVMsbUJBQW1CLEtBQXVCO0FBQ3hELFFBQU0sSUFBSTtBQUNWLFFBQU1BLFFBQU8sT0FBTyxHQUFHLFNBQVMsV0FBVyxFQUFFLE9BQU87QUFDcEQsUUFBTSxVQUFVLE9BQU8sR0FBRyxZQUFZLFdBQVcsRUFBRSxVQUFVO0FBQzdEO0FBQUE7QUFBQSxJQUVFLGVBQWUsS0FBS0EsS0FBSTtBQUFBLElBRXhCQSxVQUFTLHVCQUNULENBQUMsZ0JBQWdCLGNBQWMsYUFBYSxTQUFTLGFBQWEsV0FBVyxFQUFFLFNBQVNBLEtBQUk7QUFBQSxJQUU1RixtREFBbUQsS0FBS0EsS0FBSSxLQUM1RCx1UUFBdVE7QUFBQSxNQUNyUTtBQUFBLElBQ0Y7QUFBQTtBQUVKOzs7QUQ1Q0EsZUFBZSxZQUFZLEdBQVksS0FBOEI7QUFDbkUsUUFBTSxXQUFXLE1BQU0sSUFBSSxTQUFTLEtBQUsscUJBQXFCLG1DQUFtQyxHQUFHLFFBQVE7QUFDNUcsUUFBTSxXQUFXLEVBQUUsSUFBSSxPQUFPLGdCQUFnQjtBQUM5QyxNQUFJLGFBQWEsVUFBYSxPQUFPLFFBQVEsSUFBSSxJQUFLLE9BQU0sU0FBUztBQUdyRSxRQUFNLFdBQVksRUFBRSxLQUEyQztBQUMvRCxNQUFJLFlBQVksQ0FBQyxTQUFTLGlCQUFpQjtBQUN6QyxXQUFPLElBQUksUUFBZ0IsQ0FBQ0UsVUFBUyxXQUFXO0FBQzlDLFlBQU1DLFVBQW1CLENBQUM7QUFDMUIsVUFBSUMsUUFBTztBQUNYLFlBQU0sT0FBTyxNQUFNO0FBQ2pCLGlCQUFTLElBQUksUUFBUSxNQUFNLEVBQUUsSUFBSSxPQUFPLEtBQUssRUFBRSxJQUFJLFNBQVMsT0FBTyxFQUFFLElBQUksV0FBVyxTQUFTO0FBQUEsTUFDL0Y7QUFDQSxZQUFNLFNBQVMsQ0FBQyxVQUFrQjtBQUNoQyxRQUFBQSxTQUFRLE1BQU07QUFDZCxZQUFJQSxTQUFRLElBQUssUUFBTyxLQUFLRCxRQUFPLEtBQUssS0FBSztBQUM5QyxhQUFLO0FBQ0wsaUJBQVMsT0FBTztBQUNoQixlQUFPLFNBQVMsQ0FBQztBQUFBLE1BQ25CO0FBQ0EsWUFBTSxRQUFRLE1BQU07QUFDbEIsYUFBSztBQUNMLFFBQUFELFNBQVEsT0FBTyxPQUFPQyxTQUFRQyxLQUFJLEVBQUUsU0FBUyxNQUFNLENBQUM7QUFBQSxNQUN0RDtBQUNBLFlBQU0sVUFBVSxDQUFDLFFBQWU7QUFDOUIsYUFBSztBQUNMLGVBQU8sR0FBRztBQUFBLE1BQ1o7QUFDQSxZQUFNLFlBQVksTUFBTSxRQUFRLElBQUksY0FBYyx3Q0FBd0MsQ0FBQztBQUMzRixlQUFTLEdBQUcsUUFBUSxNQUFNLEVBQUUsS0FBSyxPQUFPLEtBQUssRUFBRSxLQUFLLFNBQVMsT0FBTyxFQUFFLEtBQUssV0FBVyxTQUFTO0FBQUEsSUFDakcsQ0FBQztBQUFBLEVBQ0g7QUFDQSxRQUFNLE9BQU8sRUFBRSxJQUFJLElBQUk7QUFDdkIsTUFBSSxDQUFDLEtBQU0sUUFBTztBQUNsQixRQUFNLFNBQVMsS0FBSyxVQUFVO0FBQzlCLFFBQU0sU0FBdUIsQ0FBQztBQUM5QixNQUFJLE9BQU87QUFDWCxhQUFTO0FBQ1AsVUFBTSxFQUFFLE1BQU0sTUFBTSxJQUFJLE1BQU0sT0FBTyxLQUFLO0FBQzFDLFFBQUksS0FBTTtBQUNWLFlBQVEsTUFBTTtBQUNkLFFBQUksT0FBTyxLQUFLO0FBQ2QsWUFBTSxPQUFPLE9BQU8sRUFBRSxNQUFNLE1BQU07QUFBQSxNQUFDLENBQUM7QUFDcEMsWUFBTSxTQUFTO0FBQUEsSUFDakI7QUFDQSxXQUFPLEtBQUssS0FBSztBQUFBLEVBQ25CO0FBQ0EsU0FBTyxPQUFPLE9BQU8sUUFBUSxJQUFJLEVBQUUsU0FBUyxNQUFNO0FBQ3BEO0FBT08sU0FBUyxXQUFXLEdBQTJCO0FBQ3BELFFBQU0sV0FBWSxFQUFFLEtBQTJDO0FBQy9ELFNBQU8sSUFBSSxRQUFjLENBQUNGLGFBQVk7QUFDcEMsUUFBSSxDQUFDLFNBQVUsUUFBTyxLQUFLLGFBQWFBLFFBQU87QUFDL0MsUUFBSSxTQUFTLG9CQUFvQixTQUFTLFVBQVcsUUFBTyxLQUFLLGFBQWFBLFFBQU87QUFDckYsYUFBUyxLQUFLLFVBQVUsTUFBTUEsU0FBUSxDQUFDO0FBQ3ZDLGFBQVMsS0FBSyxTQUFTLE1BQU1BLFNBQVEsQ0FBQztBQUFBLEVBQ3hDLENBQUM7QUFDSDtBQUdBLGVBQXNCLFNBQWtDLEdBQVksUUFBVyxTQUFxRTtBQUNsSixRQUFNLE9BQU8sRUFBRSxJQUFJLE9BQU8sY0FBYyxLQUFLO0FBRTdDLE1BQUksUUFBUSxDQUFDLHNDQUFzQyxLQUFLLElBQUksR0FBRztBQUM3RCxVQUFNLElBQUksU0FBUyxLQUFLLDBCQUEwQix3REFBd0Q7QUFBQSxFQUM1RztBQUNBLFFBQU1HLFFBQU8sTUFBTSxZQUFZLEdBQUcsUUFBUSxLQUFLO0FBRS9DLE1BQUksUUFBUSxZQUFZQSxNQUFLLEtBQUssTUFBTSxHQUFJLFFBQU8sT0FBTyxNQUFNLENBQUMsQ0FBQztBQUNsRSxNQUFJQztBQUNKLE1BQUk7QUFDRixJQUFBQSxRQUFPLEtBQUssTUFBTUQsS0FBSTtBQUFBLEVBQ3hCLFFBQVE7QUFDTixVQUFNLFdBQVcsa0JBQWtCQSxNQUFLLEtBQUssTUFBTSxLQUFLLDhCQUE4QixvQ0FBb0M7QUFBQSxFQUM1SDtBQUNBLE1BQUksUUFBUUMsS0FBSSxHQUFHO0FBQ2pCLFVBQU0sV0FBVyxxQkFBcUIsOEJBQThCLGNBQWMsV0FBVztBQUFBLE1BQzNGLEVBQUUsT0FBTyxRQUFRLE1BQU0sWUFBWSxTQUFTLHFCQUFxQixjQUFjLFVBQVU7QUFBQSxJQUMzRixDQUFDO0FBQUEsRUFDSDtBQUNBLFFBQU0sU0FBUyxPQUFPLFVBQVVBLE9BQU0sRUFBRSxhQUFhLEtBQUssQ0FBQztBQUMzRCxNQUFJLENBQUMsT0FBTyxRQUFTLE9BQU0sZ0JBQWdCLE9BQU8sTUFBTSxNQUFNO0FBQzlELFNBQU8sT0FBTztBQUNoQjtBQUdBLElBQU0saUJBQWlCO0FBR3ZCLFNBQVMsUUFBUSxPQUF5QjtBQUN4QyxRQUFNLFFBQWtDLENBQUMsQ0FBQyxPQUFPLENBQUMsQ0FBQztBQUNuRCxTQUFPLE1BQU0sUUFBUTtBQUNuQixVQUFNLENBQUMsTUFBTSxLQUFLLElBQUksTUFBTSxJQUFJO0FBQ2hDLFFBQUksU0FBUyxRQUFRLE9BQU8sU0FBUyxTQUFVO0FBQy9DLFFBQUksU0FBUyxlQUFnQixRQUFPO0FBQ3BDLGVBQVcsU0FBUyxPQUFPLE9BQU8sSUFBSSxFQUFHLEtBQUksVUFBVSxRQUFRLE9BQU8sVUFBVSxTQUFVLE9BQU0sS0FBSyxDQUFDLE9BQU8sUUFBUSxDQUFDLENBQUM7QUFBQSxFQUN6SDtBQUNBLFNBQU87QUFDVDtBQUVPLFNBQVMsZ0JBQWdCLFFBQTZEO0FBQzNGLFFBQU1DLFVBQXVCLENBQUM7QUFDOUIsYUFBVyxTQUFTLFFBQVE7QUFDMUIsUUFBSSxNQUFNLFNBQVMscUJBQXFCO0FBRXRDLGlCQUFXLE9BQU8sTUFBTSxNQUFNO0FBQzVCLGNBQU0sUUFBUSxDQUFDLEdBQUcsTUFBTSxNQUFNLEdBQUcsRUFBRSxJQUFJLE1BQU0sRUFBRSxLQUFLLEdBQUc7QUFDdkQsUUFBQUEsUUFBTyxLQUFLLEVBQUUsT0FBTyxNQUFNLG9CQUFvQixTQUFTLFFBQVEsVUFBVSxpQ0FBaUMsa0JBQWtCLEdBQUcsSUFBSSxDQUFDO0FBQUEsTUFDdkk7QUFBQSxJQUNGLE1BQU8sQ0FBQUEsUUFBTyxLQUFLLEdBQUcsb0JBQW9CLENBQUMsS0FBSyxDQUFDLENBQUM7QUFBQSxFQUNwRDtBQUNBLFFBQU0sUUFBUUEsUUFBTyxDQUFDO0FBQ3RCLFNBQU8sV0FBVyxxQkFBcUIsUUFBUSxHQUFHLE1BQU0sS0FBSyxLQUFLLE1BQU0sT0FBTyxLQUFLLDRCQUE0QkEsT0FBTTtBQUN4SDtBQUVPLFNBQVMsWUFBWSxHQUFnQztBQUMxRCxRQUFNLFNBQVMsRUFBRSxJQUFJLE9BQU8sZUFBZTtBQUMzQyxNQUFJLENBQUMsT0FBUSxRQUFPO0FBQ3BCLFFBQU0sUUFBUSx1QkFBdUIsS0FBSyxNQUFNO0FBQ2hELFNBQU8sUUFBUSxDQUFDO0FBQ2xCO0FBUU8sU0FBUyxjQUFjLEdBQVksWUFBNkI7QUFDckUsTUFBSSxZQUFZO0FBQ2QsVUFBTSxZQUFZLEVBQUUsSUFBSSxPQUFPLGlCQUFpQixHQUFHLE1BQU0sR0FBRyxFQUFFLEdBQUcsRUFBRSxHQUFHLEtBQUs7QUFDM0UsUUFBSSxVQUFXLFFBQU87QUFBQSxFQUN4QjtBQUNBLE1BQUk7QUFDRixXQUFPLFlBQVksQ0FBQyxFQUFFLE9BQU8sV0FBVztBQUFBLEVBQzFDLFFBQVE7QUFDTixXQUFPO0FBQUEsRUFDVDtBQUNGO0FBRUEsSUFBTSxlQUFlO0FBRWQsU0FBUyxvQkFBb0IsS0FBb0IsUUFBZ0IsUUFBcUM7QUFFM0csTUFBSSxDQUFDLE9BQVEsUUFBTztBQUNwQixRQUFNLFVBQVUsSUFBSSxPQUFPLFFBQVEsSUFBSSxNQUFNO0FBQzdDLE1BQUksQ0FBQyxRQUFTLFFBQU87QUFDckIsU0FBTyxRQUFRLEtBQUssQ0FBQyxNQUFNLE1BQU0sT0FBTyxNQUFNLFVBQVcsTUFBTSxZQUFZLGFBQWEsS0FBSyxNQUFNLEtBQUssV0FBVyxJQUFJLFVBQVc7QUFDcEk7QUFHTyxTQUFTLHVCQUF1QixLQUFvQixRQUF5QjtBQUNsRixhQUFXLE9BQU8sSUFBSSxPQUFPLFFBQVEsS0FBSyxFQUFHLEtBQUksb0JBQW9CLEtBQUssS0FBSyxNQUFNLEVBQUcsUUFBTztBQUMvRixTQUFPO0FBQ1Q7QUFhQSxTQUFTLFlBQVksS0FBb0IsR0FBWSxRQUFzQjtBQUN6RSxNQUFJLENBQUMsSUFBSSxPQUFPLFFBQVEsSUFBSSxNQUFNLEVBQUcsT0FBTSxVQUFVLG1CQUFtQixpQkFBaUI7QUFDekYsTUFBSSxDQUFDLG9CQUFvQixLQUFLLFFBQVEsRUFBRSxJQUFJLE9BQU8sUUFBUSxDQUFDLEdBQUc7QUFDN0QsVUFBTSxVQUFVLHNCQUFzQiw2Q0FBNkM7QUFBQSxFQUNyRjtBQUNGO0FBR08sU0FBUyxpQkFBaUIsS0FBb0IsR0FBWSxZQUEyQztBQUMxRyxNQUFJLGVBQWUsUUFBVztBQUM1QixVQUFNLFdBQVcscUJBQXFCLCtCQUErQixDQUFDLEVBQUUsT0FBTyxVQUFVLE1BQU0sWUFBWSxTQUFTLHNCQUFzQixDQUFDLENBQUM7QUFBQSxFQUM5STtBQUNBLGNBQVksS0FBSyxHQUFHLFVBQVU7QUFDOUIsU0FBTyxFQUFFLFFBQVEsV0FBVztBQUM5QjtBQU1BLGVBQXNCLGdCQUNwQixLQUNBLEdBQ0EsTUFDQSxZQUNBLFVBQStCLENBQUMsR0FDVjtBQUN0QixRQUFNLE1BQU0sWUFBWSxDQUFDO0FBQ3pCLE1BQUksUUFBUSxPQUFXLE9BQU0sYUFBYSxpQkFBaUIsNEJBQTRCO0FBQ3ZGLFFBQU0sUUFBUSxNQUFNLElBQUksU0FBUyxPQUFPLEtBQUssSUFBSSxJQUFJLEdBQUcsT0FBTztBQUMvRCxRQUFNLFNBQVMsTUFBTSxPQUFPO0FBQzVCLE1BQUksZUFBZSxVQUFhLGVBQWUsT0FBUSxPQUFNLFVBQVUsb0JBQW9CLDBDQUEwQztBQUNySSxjQUFZLEtBQUssR0FBRyxNQUFNO0FBQzFCLE1BQUksU0FBUyxjQUFjLE1BQU0sT0FBTyxRQUFRLFVBQVU7QUFDeEQsVUFBTSxVQUFVLDJCQUEyQixxQkFBcUI7QUFBQSxFQUNsRTtBQUNBLFNBQU8sRUFBRSxRQUFRLE1BQU07QUFDekI7QUFHQSxlQUFzQixxQkFBcUIsS0FBb0IsR0FBWSxZQUFrRTtBQUMzSSxTQUFPLFlBQVksQ0FBQyxNQUFNLFNBQVksaUJBQWlCLEtBQUssR0FBRyxVQUFVLElBQUksZ0JBQWdCLEtBQUssR0FBRyxjQUFjLFVBQVU7QUFDL0g7OztBRXJPQSxTQUFTLGtCQUFrQjtBQUMzQixTQUFTLFlBQVksYUFBYSxjQUFjLGdCQUFnQjtBQUNoRSxTQUFTLFlBQVk7QUFDckIsU0FBUyxxQkFBcUI7QUFDOUIsU0FBUyxpQkFBaUI7QUFDMUIsU0FBUyxnQkFBZ0IsV0FBVyxZQUFZO0FBQ2hELFNBQXVCLFlBQVk7OztBQ0xuQyxTQUFTLHFCQUFxQjtBQUt2QixTQUFTLFVBQVUsR0FBWSxRQUFnQkMsT0FBaUIsU0FBaUJDLFNBQXVCLFlBQWdDO0FBQzdJLFNBQU87QUFBQSxJQUNMLE9BQU8sWUFBWSxNQUFNLEtBQUs7QUFBQSxJQUM5QjtBQUFBLElBQ0EsTUFBQUQ7QUFBQSxJQUNBO0FBQUEsSUFDQSxNQUFNLEVBQUUsSUFBSTtBQUFBLElBQ1osWUFBVyxvQkFBSSxLQUFLLEdBQUUsWUFBWTtBQUFBLElBQ2xDLEdBQUlDLFNBQVEsU0FBUyxFQUFFLFFBQUFBLFFBQU8sSUFBSSxDQUFDO0FBQUEsSUFDbkMsR0FBSSxlQUFlLFNBQVksRUFBRSxXQUFXLElBQUksQ0FBQztBQUFBLEVBQ25EO0FBQ0Y7QUFFTyxTQUFTLFVBQVUsR0FBWSxRQUFnQkQsT0FBaUIsU0FBaUJDLFNBQXVCLFlBQStCO0FBQzVJLE1BQUksZUFBZSxPQUFXLEdBQUUsT0FBTyxlQUFlLE9BQU8sVUFBVSxDQUFDO0FBQ3hFLElBQUUsT0FBTyxpQkFBaUIsVUFBVTtBQUNwQyxTQUFPLEVBQUUsS0FBSyxVQUFVLEdBQUcsUUFBUUQsT0FBTSxTQUFTQyxTQUFRLFVBQVUsR0FBRyxNQUFhO0FBQ3RGO0FBTU8sU0FBUyxhQUFhLFNBQXNDO0FBQ2pFLE1BQUksQ0FBQyxTQUFTLElBQUssT0FBTSxJQUFJLE1BQU0sNkJBQTZCO0FBQ2hFLFNBQU8sQ0FBQyxLQUFLLE1BQU07QUFDakIsUUFBSSxlQUFlLFNBQVUsUUFBTyxVQUFVLEdBQUcsSUFBSSxRQUFRLElBQUksTUFBTSxJQUFJLFNBQVMsSUFBSSxRQUFRLElBQUksVUFBVTtBQUM5RyxRQUFJLGVBQWUsaUJBQWlCLElBQUksV0FBVyxJQUFLLFFBQU8sVUFBVSxHQUFHLEtBQUsscUJBQXFCLCtCQUErQjtBQUVySSxRQUFJLGVBQWUsY0FBZSxRQUFPLFVBQVUsR0FBRyxLQUFLLFdBQVcsb0NBQW9DO0FBQzFHLFFBQUksbUJBQW1CLEdBQUcsR0FBRztBQUMzQixjQUFRLElBQUksS0FBSyxFQUFFLFFBQVEsRUFBRSxJQUFJLFFBQVEsTUFBTSxFQUFFLElBQUksTUFBTSxRQUFTLElBQWMsUUFBUSxHQUFHLG1CQUFtQjtBQUNoSCxhQUFPLFVBQVUsR0FBRyxLQUFLLGVBQWUsNkRBQTZELFFBQVcsQ0FBQztBQUFBLElBQ25IO0FBQ0EsWUFBUSxJQUFJLE1BQU0sRUFBRSxRQUFRLEVBQUUsSUFBSSxRQUFRLE1BQU0sRUFBRSxJQUFJLE1BQU0sSUFBSSxHQUFHLGtCQUFrQjtBQUNyRixXQUFPLFVBQVUsR0FBRyxLQUFLLGtCQUFrQixrQ0FBa0M7QUFBQSxFQUMvRTtBQUNGOzs7QURqQ08sSUFBTSxXQUFXO0FBTWpCLElBQU0sbUJBQW1CLGNBQWMsSUFBSSxJQUFJLGtCQUFrQixZQUFZLEdBQUcsQ0FBQztBQUdqRixJQUFNLGNBQWM7QUFFcEIsSUFBTSxlQUFlO0FBZTVCLElBQU0sU0FBUyxVQUFVLGNBQWM7QUFDdkMsSUFBTSxVQUFVLFVBQVUsSUFBSTtBQVc5QixJQUFNLFNBQVMsQ0FBQyxTQUFpQixXQUFXLFFBQVEsRUFBRSxPQUFPLElBQUksRUFBRSxPQUFPLEtBQUssRUFBRSxNQUFNLEdBQUcsRUFBRTtBQUdyRixTQUFTLFdBQVdDLE9BQWMsTUFBc0I7QUFDN0QsU0FBT0EsTUFBSyxRQUFRLFNBQVMsSUFBSSxPQUFPLElBQUksQ0FBQyxLQUFLO0FBQ3BEO0FBR0EsU0FBUyxRQUFRLE1BQWMsT0FBb0I7QUFDakQsUUFBTSxRQUFRLG9CQUFJLElBQXFCO0FBQ3ZDLFFBQU0sV0FBbUMsQ0FBQztBQUMxQyxhQUFXQSxTQUFRLFlBQVksSUFBSSxFQUFFLEtBQUssR0FBRztBQUMzQyxRQUFJLENBQUMsZ0JBQWdCLEtBQUtBLEtBQUksRUFBRztBQUNqQyxVQUFNLE9BQU8sYUFBYSxLQUFLLE1BQU1BLEtBQUksQ0FBQztBQUMxQyxVQUFNLFNBQVMsV0FBV0EsT0FBTSxJQUFJO0FBQ3BDLFVBQU0sVUFBbUIsRUFBRSxNQUFNLE1BQU0sSUFBSSxPQUFPLElBQUksQ0FBQyxJQUFJO0FBQzNELFVBQU0sSUFBSUEsT0FBTSxFQUFFLFNBQVMsV0FBVyxNQUFNLENBQUM7QUFDN0MsVUFBTSxJQUFJLFFBQVEsRUFBRSxTQUFTLFdBQVcsS0FBSyxDQUFDO0FBQzlDLGFBQVNBLEtBQUksSUFBSTtBQUFBLEVBQ25CO0FBQ0EsU0FBTyxFQUFFLE9BQU8sVUFBVSxNQUFNO0FBQ2xDO0FBbUJPLFNBQVMsVUFBVSxPQUFlLGtCQUF3QjtBQUMvRCxRQUFNLE1BQU0sSUFBSSxLQUFLO0FBQ3JCLE1BQUk7QUFFSixRQUFNLFVBQVUsTUFBdUI7QUFDckMsUUFBSSxDQUFDLFdBQVcsSUFBSSxFQUFHLFFBQU87QUFDOUIsVUFBTSxRQUFRLFNBQVMsSUFBSSxFQUFFO0FBQzdCLFFBQUksQ0FBQyxPQUFPLElBQUksVUFBVSxNQUFPLE9BQU0sUUFBUSxNQUFNLEtBQUs7QUFDMUQsV0FBTztBQUFBLEVBQ1Q7QUFFQSxRQUFNLFdBQVcsQ0FBQyxNQUFlLFVBQVUsR0FBRyxLQUFLLGFBQWEsb0NBQW9DLElBQUksMEJBQTBCO0FBRWxJLE1BQUksSUFBSSxHQUFHLFFBQVEsa0JBQWtCLENBQUMsTUFBTTtBQUMxQyxVQUFNLElBQUksUUFBUTtBQUNsQixRQUFJLENBQUMsRUFBRyxRQUFPLFNBQVMsQ0FBQztBQUN6QixNQUFFLE9BQU8saUJBQWlCLFdBQVc7QUFDckMsV0FBTyxFQUFFLEtBQUssRUFBRSxRQUFRO0FBQUEsRUFDMUIsQ0FBQztBQUVELE1BQUksR0FBRyxDQUFDLE9BQU8sTUFBTSxHQUFHLEdBQUcsUUFBUSxVQUFVLE9BQU8sTUFBTTtBQUN4RCxVQUFNLElBQUksUUFBUTtBQUNsQixRQUFJLENBQUMsRUFBRyxRQUFPLFNBQVMsQ0FBQztBQUN6QixVQUFNQSxRQUFPLEVBQUUsSUFBSSxNQUFNLE1BQU07QUFDL0IsVUFBTSxPQUFPLEVBQUUsTUFBTSxJQUFJQSxLQUFJO0FBQzdCLFFBQUksQ0FBQyxLQUFNLFFBQU8sVUFBVSxHQUFHLEtBQUssYUFBYSxXQUFXQSxLQUFJLE9BQU8sUUFBUSx1QkFBdUIsUUFBUSxpQkFBaUI7QUFDL0gsTUFBRSxPQUFPLGdCQUFnQixnQ0FBZ0M7QUFDekQsTUFBRSxPQUFPLGlCQUFpQixLQUFLLFlBQVksZUFBZSxXQUFXO0FBQ3JFLFVBQU0sRUFBRSxRQUFRLElBQUk7QUFDcEIsTUFBRSxPQUFPLFFBQVEsUUFBUSxJQUFJO0FBQzdCLE1BQUUsT0FBTyxRQUFRLEVBQUUsSUFBSSxRQUFRLElBQUksTUFBTSxJQUFJLEdBQUcsRUFBRSxJQUFJLFFBQVEsSUFBSSxNQUFNLENBQUMsc0JBQXNCLGlCQUFpQjtBQUNoSCxRQUFJLEVBQUUsSUFBSSxPQUFPLGVBQWUsTUFBTSxRQUFRLEtBQU0sUUFBTyxFQUFFLEtBQUssTUFBTSxHQUFHO0FBQzNFLFVBQU0sVUFBVSxFQUFFLElBQUksT0FBTyxpQkFBaUIsS0FBSztBQUNuRCxRQUFJLE9BQU8sUUFBUTtBQUNuQixRQUFJLFNBQVMsS0FBSyxPQUFPLEdBQUc7QUFDMUIsY0FBUSxPQUFPLE9BQU8sUUFBUSxNQUFNLEVBQUUsUUFBUSxFQUFFLENBQUMsVUFBVSxvQkFBb0IsR0FBRyxJQUFJLENBQUMsVUFBVSxzQkFBc0IsR0FBRyxRQUFRLEtBQUssT0FBTyxFQUFFLENBQUM7QUFDakosYUFBTyxNQUFNLFFBQVE7QUFDckIsUUFBRSxPQUFPLG9CQUFvQixJQUFJO0FBQUEsSUFDbkMsV0FBVyxXQUFXLEtBQUssT0FBTyxHQUFHO0FBQ25DLGNBQVEsU0FBUyxRQUFRLFFBQVEsTUFBTSxFQUFFLE9BQU8sRUFBRSxDQUFDO0FBQ25ELGFBQU8sTUFBTSxRQUFRO0FBQ3JCLFFBQUUsT0FBTyxvQkFBb0IsTUFBTTtBQUFBLElBQ3JDO0FBQ0EsTUFBRSxPQUFPLGtCQUFrQixPQUFPLEtBQUssTUFBTSxDQUFDO0FBQzlDLFFBQUksRUFBRSxJQUFJLFdBQVcsT0FBUSxRQUFPLEVBQUUsS0FBSyxNQUFNLEdBQUc7QUFDcEQsV0FBTyxFQUFFLEtBQUssSUFBSSxXQUFXLElBQUksR0FBRyxHQUFHO0FBQUEsRUFDekMsQ0FBQztBQUVELE1BQUksSUFBSSxHQUFHLFFBQVEsTUFBTSxDQUFDLE1BQU0sVUFBVSxHQUFHLEtBQUssYUFBYSxXQUFXLEVBQUUsSUFBSSxJQUFJLEVBQUUsQ0FBQztBQUN2RixTQUFPO0FBQ1Q7OztBRTFJQSxTQUFTLGtCQUFrQjtBQUUzQixPQUFPLFVBQTJEO0FBSzNELElBQU0saUJBQWlCO0FBQUEsRUFDNUI7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQ0Y7QUFHTyxTQUFTLGFBQWEsVUFBK0QsQ0FBQyxHQUFTO0FBQ3BHLFNBQU87QUFBQSxJQUNMO0FBQUEsTUFDRSxPQUFPLFFBQVEsU0FBUztBQUFBLE1BQ3hCLE1BQU0sRUFBRSxTQUFTLFdBQVc7QUFBQSxNQUM1QixRQUFRLEVBQUUsT0FBTyxnQkFBZ0IsUUFBUSxhQUFhO0FBQUEsTUFDdEQsV0FBVyxLQUFLLGlCQUFpQjtBQUFBLElBQ25DO0FBQUEsSUFDQSxRQUFRO0FBQUEsRUFDVjtBQUNGO0FBTU8sU0FBUyxXQUFXLEtBQThCO0FBQ3ZELE1BQUksQ0FBQyxJQUFLLE9BQU0sSUFBSSxNQUFNLDJCQUEyQjtBQUNyRCxRQUFNLFFBQVEsSUFBSSxlQUFlLE9BQU87QUFDeEMsU0FBTyxPQUFPLEdBQUcsU0FBUztBQUN4QixVQUFNLFVBQVUsWUFBWSxJQUFJO0FBQ2hDLFVBQU0sS0FBSyxFQUFFLElBQUksT0FBTyxjQUFjLEdBQUcsTUFBTSxHQUFHLEdBQUcsS0FBSyxXQUFXO0FBRXJFLE1BQUUsT0FBTyxnQkFBZ0IsRUFBRTtBQUMzQixVQUFNLEtBQUs7QUFDWCxVQUFNLFNBQVMsRUFBRSxJQUFJO0FBQ3JCLFFBQUksU0FBUyxPQUFPLENBQUMsTUFBTztBQUM1QixVQUFNQyxVQUFTLEVBQUUsT0FBTyxJQUFJLFFBQVEsRUFBRSxJQUFJLFFBQVEsTUFBTSxFQUFFLElBQUksTUFBTSxRQUFRLElBQUksS0FBSyxPQUFPLFlBQVksSUFBSSxJQUFJLFdBQVcsRUFBRSxJQUFJLEdBQUc7QUFFcEksUUFBSSxVQUFVLE9BQU8sV0FBVyxJQUFLLEtBQUksTUFBTUEsU0FBUSxnQkFBZ0I7QUFBQSxhQUM5RCxXQUFXLElBQUssS0FBSSxLQUFLQSxTQUFRLHNDQUFzQztBQUFBLFFBQzNFLEtBQUksS0FBS0EsU0FBUSxTQUFTO0FBQUEsRUFDakM7QUFDRjs7O0FDbERPLFNBQVMsWUFBWSxTQUE2RjtBQUN2SCxNQUFJLE9BQU8sU0FBUyxrQkFBa0IsV0FBWSxPQUFNLElBQUksTUFBTSx5Q0FBeUM7QUFDM0csUUFBTSxTQUFTLE9BQU8sUUFBUSxVQUFVLEdBQUc7QUFDM0MsU0FBTyxPQUFPLEdBQUcsU0FBUztBQUN4QixNQUFFLE9BQU8sMEJBQTBCLFNBQVM7QUFDNUMsTUFBRSxPQUFPLG1CQUFtQixhQUFhO0FBQ3pDLE1BQUUsT0FBTyxtQkFBbUIsWUFBWTtBQUN4QyxNQUFFLE9BQU8sZ0NBQWdDLGNBQWM7QUFDdkQsVUFBTSxTQUFTLEVBQUUsSUFBSSxPQUFPLFFBQVE7QUFDcEMsVUFBTSxVQUFVLFdBQVcsVUFBYSxRQUFRLGNBQWMsTUFBTTtBQUNwRSxRQUFJLFdBQVcsT0FBVyxHQUFFLE9BQU8sUUFBUSxRQUFRO0FBQ25ELFFBQUksU0FBUztBQUNYLFFBQUUsT0FBTywrQkFBK0IsTUFBTTtBQUM5QyxRQUFFLE9BQU8saUNBQWlDLDJCQUEyQjtBQUFBLElBQ3ZFO0FBQ0EsUUFBSSxFQUFFLElBQUksV0FBVyxhQUFhLEVBQUUsSUFBSSxPQUFPLCtCQUErQixHQUFHO0FBQy9FLFVBQUksU0FBUztBQUNYLFVBQUUsT0FBTyxnQ0FBZ0MsNEJBQTRCO0FBQ3JFLFVBQUUsT0FBTyxnQ0FBZ0Msd0RBQXdEO0FBQ2pHLFVBQUUsT0FBTywwQkFBMEIsTUFBTTtBQUFBLE1BQzNDO0FBQ0EsYUFBTyxFQUFFLEtBQUssTUFBTSxHQUFHO0FBQUEsSUFDekI7QUFDQSxVQUFNLEtBQUs7QUFBQSxFQUNiO0FBQ0Y7OztBQ2pDQSxTQUFTLGdCQUFBQyxxQkFBb0I7QUFFN0IsU0FBUyxRQUFBQyxhQUFZOzs7QUNDZCxJQUFNLGFBQWEsQ0FBQyxNQUFjLEVBQUUsUUFBUSxZQUFZLENBQUMsUUFBUSxFQUFFLEtBQUssU0FBUyxLQUFLLFFBQVEsS0FBSyxRQUFRLEtBQUssVUFBVSxLQUFLLFFBQVEsR0FBRyxFQUFFLENBQUU7OztBREs5SSxJQUFNLFdBQW1CLE1BQU07QUFDcEMsTUFBSTtBQUNGLFVBQU0sTUFBTSxLQUFLLE1BQU1DLGNBQWEsSUFBSSxJQUFJLHNCQUFzQixZQUFZLEdBQUcsR0FBRyxNQUFNLENBQUM7QUFDM0YsV0FBTyxPQUFPLElBQUksWUFBWSxXQUFXLElBQUksVUFBVTtBQUFBLEVBQ3pELFFBQVE7QUFDTixXQUFPO0FBQUEsRUFDVDtBQUNGLEdBQUc7QUFFSSxJQUFNLGFBQWE7QUFNbkIsSUFBTSxXQUFXO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUF5QmpCLElBQU0sa0JBQWtCO0FBQUEsRUFDN0I7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUNGLEVBQUUsS0FBSyxJQUFJO0FBOEJKLFNBQVMsV0FBVyxLQUFvQixTQUFrQztBQUMvRSxRQUFNLE1BQU0sSUFBSUMsTUFBSztBQUNyQixNQUFJLElBQUksaUJBQWlCLENBQUMsTUFBTTtBQUM5QixNQUFFLE9BQU8sZ0JBQWdCLHlCQUF5QjtBQUNsRCxNQUFFLE9BQU8saUJBQWlCLHFCQUFxQjtBQUMvQyxXQUFPLEVBQUUsS0FBSyxVQUFVLEdBQUc7QUFBQSxFQUM3QixDQUFDO0FBRUQsUUFBTSxRQUFRLENBQUMsTUFBZTtBQUM1QixNQUFFLE9BQU8sMkJBQTJCLGVBQWU7QUFDbkQsTUFBRSxPQUFPLGlCQUFpQixVQUFVO0FBQ3BDLE1BQUUsT0FBTyxtQkFBbUIsYUFBYTtBQUN6QyxVQUFNLFNBQVMsSUFBSSxPQUFPLGFBQWEsSUFBSSxPQUFPLFNBQVM7QUFDM0QsVUFBTSxRQUFRO0FBQUEsTUFDWixDQUFDLGVBQWUsUUFBUTtBQUFBLE1BQ3hCLENBQUMsMEJBQTBCLHFCQUFxQjtBQUFBLE1BQ2hELENBQUMsZUFBZSxzQkFBc0I7QUFBQSxNQUN0QyxHQUFJLFNBQVMsQ0FBQyxDQUFDLG1CQUFtQixvQ0FBb0MsQ0FBQyxJQUFJLENBQUM7QUFBQSxNQUM1RSxHQUFJLFFBQVEsT0FBTyxDQUFDLENBQUMsS0FBSyxNQUFNLENBQUMsSUFBSSxDQUFDO0FBQUEsTUFDdEMsQ0FBQyxZQUFZLGNBQWM7QUFBQSxJQUM3QjtBQUNBLFdBQU8sRUFBRSxLQUFLO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQSx5QkFLTyxXQUFXLE9BQU8sQ0FBQztBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQSwyQkFNakIsV0FBVyxPQUFPLENBQUMsR0FBRyxJQUFJLE9BQU8sWUFBWSxxQkFBa0IsRUFBRTtBQUFBO0FBQUE7QUFBQSxFQUcxRixNQUFNLElBQUksQ0FBQyxDQUFDLE1BQU1DLEtBQUksTUFBTSxnQkFBZ0IsV0FBVyxJQUFLLENBQUMsS0FBSyxXQUFXQSxLQUFLLENBQUMsV0FBVyxFQUFFLEtBQUssSUFBSSxDQUFDO0FBQUE7QUFBQSw0QkFFaEYsV0FBVyxJQUFJLE1BQU0sUUFBUSxDQUFDLFdBQVcsSUFBSSxPQUFPLFNBQVMsU0FBUyxTQUFTLFFBQVEsbUJBQW1CLFdBQVcsSUFBSSxPQUFPLGdCQUFnQixDQUFDO0FBQUE7QUFBQTtBQUFBO0FBQUEsQ0FJNUs7QUFBQSxFQUNDO0FBQ0EsTUFBSSxJQUFJLEtBQUssS0FBSztBQUNsQixNQUFJLElBQUksY0FBYyxLQUFLO0FBQzNCLFNBQU87QUFDVDs7O0FFbklBLFNBQVMsUUFBQUMsYUFBWTs7O0FDQXJCLFNBQVMsUUFBUSxhQUFhLHVCQUF1QjtBQUNyRCxTQUFTLGFBQUFDLGtCQUFpQjtBQUUxQixJQUFNLGNBQWNBLFdBQVUsTUFBTTtBQUNwQyxJQUFNLGFBQWE7QUFDbkIsSUFBTSxjQUFjO0FBQ3BCLElBQU0sU0FBUztBQU9mLGVBQXNCLGFBQWEsVUFBa0IsWUFBcUM7QUFDeEYsUUFBTSxPQUFPLFlBQVksV0FBVztBQUNwQyxRQUFNLE9BQU8sTUFBTSxZQUFZLFNBQVMsVUFBVSxLQUFLLEdBQUcsTUFBTSxZQUFZLFlBQVksUUFBUTtBQUNoRyxTQUFPLEdBQUcsTUFBTSxLQUFLLFVBQVUsSUFBSSxLQUFLLFNBQVMsV0FBVyxDQUFDLElBQUksS0FBSyxTQUFTLFdBQVcsQ0FBQztBQUM3RjtBQVFPLFNBQVMsVUFBVSxRQUF3QztBQUNoRSxRQUFNLFFBQVEsaUVBQWlFLEtBQUssTUFBTTtBQUMxRixNQUFJLENBQUMsTUFBTyxRQUFPO0FBQ25CLFNBQU8sRUFBRSxZQUFZLE9BQU8sTUFBTSxDQUFDLENBQUMsR0FBRyxNQUFNLE9BQU8sS0FBSyxNQUFNLENBQUMsR0FBSSxXQUFXLEdBQUcsTUFBTSxPQUFPLEtBQUssTUFBTSxDQUFDLEdBQUksV0FBVyxFQUFFO0FBQzlIO0FBR0EsZUFBc0IsZUFBZSxVQUFrQixRQUFrQztBQUN2RixRQUFNLFNBQVMsVUFBVSxNQUFNO0FBQy9CLE1BQUksQ0FBQyxPQUFRLFFBQU87QUFDcEIsUUFBTSxZQUFZLE1BQU0sWUFBWSxTQUFTLFVBQVUsS0FBSyxHQUFHLE9BQU8sTUFBTSxPQUFPLFlBQVksT0FBTyxLQUFLLFFBQVEsUUFBUTtBQUMzSCxTQUFPLFVBQVUsV0FBVyxPQUFPLEtBQUssVUFBVSxnQkFBZ0IsV0FBVyxPQUFPLElBQUk7QUFDMUY7QUFHTyxTQUFTLFlBQVksUUFBZ0IsWUFBNkI7QUFDdkUsUUFBTSxTQUFTLFVBQVUsTUFBTTtBQUMvQixTQUFPLENBQUMsVUFBVSxPQUFPLGVBQWUsY0FBYyxPQUFPLEtBQUssV0FBVztBQUMvRTs7O0FDdENBLElBQU0sWUFBMEQ7QUFBQSxFQUM5RCxXQUFXLENBQUMsTUFBTSxZQUFZLENBQUM7QUFBQSxFQUMvQixXQUFXLENBQUMsTUFBTSxXQUFXLENBQUM7QUFBQSxFQUM5QixPQUFPLE1BQU07QUFBQSxFQUNiLE9BQU8sTUFBTTtBQUFBLEVBQ2IsT0FBTyxNQUFNO0FBQUEsRUFDYixRQUFRLE1BQU07QUFDaEI7QUFHQSxlQUFzQixrQkFBa0IsS0FBb0MsVUFBa0IsUUFBUSxZQUE2QjtBQUNqSSxRQUFNLFNBQVMsY0FBYyxVQUFVLElBQUksT0FBTyxjQUFjO0FBQ2hFLE1BQUksQ0FBQyxPQUFPLElBQUk7QUFDZCxVQUFNQyxVQUF1QixPQUFPLE1BQU0sT0FBTyxDQUFDLE1BQU0sQ0FBQyxFQUFFLEVBQUUsRUFBRSxJQUFJLENBQUMsT0FBTyxFQUFFLE9BQU8sTUFBTSxFQUFFLE1BQU0sU0FBUyxVQUFVLEVBQUUsSUFBSSxFQUFFLEVBQUUsS0FBSyxFQUFFLEVBQUU7QUFDeEksVUFBTSxXQUFXLG1CQUFtQiwwQ0FBMENBLFFBQU8sSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLFlBQVksQ0FBQyxFQUFFLEtBQUssSUFBSSxDQUFDLElBQUlBLE9BQU07QUFBQSxFQUMvSTtBQUNBLFNBQU8sYUFBYSxVQUFVLElBQUksT0FBTyxnQkFBZ0I7QUFDM0Q7OztBQ3RCQSxTQUFTLGNBQUFDLG1CQUFrQjs7O0FDSzNCLGVBQXNCLGlCQUNwQixJQUNBLEtBQ2U7QUFDZixRQUFNLEdBQ0gsV0FBVyxjQUFjLEVBQ3pCLE9BQU87QUFBQSxJQUNOLFlBQVksSUFBSTtBQUFBLElBQ2hCLFdBQVcsSUFBSTtBQUFBLElBQ2YsU0FBUyxJQUFJO0FBQUEsSUFDYixZQUFZLElBQUk7QUFBQSxJQUNoQixZQUFZLElBQUk7QUFBQSxJQUNoQixTQUFTO0FBQUEsSUFDVCxHQUFJLElBQUksYUFBYSxTQUFZLENBQUMsSUFBSSxFQUFFLFdBQVcsSUFBSSxTQUFTO0FBQUEsRUFDbEUsQ0FBQyxFQUNBLFFBQVE7QUFDYjtBQUdBLGVBQXNCLG9CQUFvQixJQUFRLFVBQWtCLFVBQXdDLEtBQTRCO0FBQ3RJLFFBQU0sR0FDSCxZQUFZLGNBQWMsRUFDMUIsSUFBSSxFQUFFLFNBQVMsSUFBSSxDQUFDLEVBQ3BCLE1BQU0sYUFBYSxLQUFLLFFBQVEsRUFDaEMsTUFBTSxXQUFXLE1BQU0sUUFBUSxFQUMvQixNQUFNLFdBQVcsTUFBTSxJQUFJLEVBQzNCLFFBQVE7QUFDYjtBQUdBLGVBQXNCLGtCQUFrQixJQUFRLFVBQWlDO0FBQy9FLFFBQU0sR0FBRyxXQUFXLGNBQWMsRUFBRSxNQUFNLGFBQWEsS0FBSyxRQUFRLEVBQUUsUUFBUTtBQUNoRjtBQUdBLGVBQXNCLHNCQUFzQixJQUFRLFdBQW1CO0FBQ3JFLFNBQU8sR0FDSixXQUFXLGNBQWMsRUFDekIsVUFBVSxXQUFXLGNBQWMsd0JBQXdCLEVBQzNELE9BQU87QUFBQSxJQUNOO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxFQUNGLENBQUMsRUFDQSxNQUFNLDJCQUEyQixLQUFLLFNBQVMsRUFDL0MsTUFBTSx3QkFBd0IsTUFBTSxDQUFDLGNBQWMsY0FBYyxDQUFDLEVBQ2xFLGlCQUFpQjtBQUN0QjtBQUVBLGVBQXNCLHVCQUF1QixJQUFRLFdBQW1CO0FBQ3RFLFNBQU8sR0FDSixXQUFXLGNBQWMsRUFDekIsT0FBTyxDQUFDLGFBQWEsV0FBVyxZQUFZLENBQUMsRUFDN0MsTUFBTSxjQUFjLEtBQUssU0FBUyxFQUNsQyxNQUFNLFdBQVcsS0FBSyxnQkFBZ0IsRUFDdEMsaUJBQWlCO0FBQ3RCO0FBR0EsZUFBc0IsY0FBYyxJQUFRLFdBQW1CLEtBQStCO0FBQzVGLFFBQU0sVUFBVSxNQUFNLEdBQ25CLFlBQVksY0FBYyxFQUMxQixJQUFJLEVBQUUsU0FBUyxJQUFJLENBQUMsRUFDcEIsTUFBTSxjQUFjLEtBQUssU0FBUyxFQUNsQyxNQUFNLFdBQVcsTUFBTSxJQUFJLEVBQzNCLGlCQUFpQjtBQUNwQixTQUFPLE9BQU8sUUFBUSxjQUFjLE1BQU07QUFDNUM7QUFHQSxlQUFzQixxQkFBcUIsSUFBUSxXQUFtQjtBQUNwRSxTQUFPLEdBQ0osV0FBVyxjQUFjLEVBQ3pCLE9BQU8sQ0FBQyxhQUFhLGFBQWEsV0FBVyxZQUFZLENBQUMsRUFDMUQsTUFBTSxjQUFjLEtBQUssU0FBUyxFQUNsQyxNQUFNLFdBQVcsS0FBSyxjQUFjLEVBQ3BDLGlCQUFpQjtBQUN0Qjs7O0FDL0VBLElBQU0sa0JBQWtCO0FBVWpCLFNBQVMsWUFBWSxPQUF1QjtBQUNqRCxTQUFPLE1BQU0sV0FBVyxHQUFHLEtBQUssZ0JBQWdCLEtBQUssS0FBSyxJQUFJLEtBQUssVUFBVSxLQUFLLElBQUk7QUFDeEY7QUFjQSxlQUFzQixhQUFhLElBQVEsTUFBa0Q7QUFDM0YsUUFBTSxXQUFXLE1BQU0sR0FDcEIsV0FBVyxRQUFRLEVBQ25CLE9BQU8sSUFBSSxFQUNYLFdBQVcsQ0FBQyxPQUFPLEdBQUcsUUFBUSxDQUFDLGFBQWEsV0FBVyxZQUFZLENBQUMsRUFBRSxVQUFVLENBQUMsRUFDakYsaUJBQWlCO0FBQ3BCLFNBQU8sT0FBTyxTQUFTLDRCQUE0QixDQUFDO0FBQ3REO0FBTUEsZUFBc0IsV0FBVyxJQUFRLGNBQXNCLFlBQW1DO0FBQ2hHLFFBQU0sR0FDSCxXQUFXLFFBQVEsRUFDbkIsTUFBTSxhQUFhLEtBQUssWUFBWSxFQUNwQztBQUFBLElBQU0sQ0FBQyxFQUFFLFFBQVEsV0FBVyxNQUMzQjtBQUFBLE1BQ0UsV0FBVyxnQkFBZ0IsRUFDeEIsT0FBTyxTQUFTLEVBQ2hCLE1BQU0sa0JBQWtCLEtBQUssVUFBVSxFQUN2QyxTQUFTLGdCQUFnQixLQUFLLGdCQUFnQixFQUM5QyxTQUFTLG1CQUFtQixLQUFLLG1CQUFtQjtBQUFBLElBQ3pEO0FBQUEsRUFDRixFQUNDLFFBQVE7QUFDWCxRQUFNLEdBQUcsWUFBWSxRQUFRLEVBQUUsSUFBSSxFQUFFLFdBQVcsV0FBVyxDQUFDLEVBQUUsTUFBTSxhQUFhLEtBQUssWUFBWSxFQUFFLFFBQVE7QUFDOUc7OztBQ3REQSxJQUFNLE9BQU4sTUFBVztBQUFBLEVBQ1QsWUFBcUIsT0FBZTtBQUFmO0FBQUEsRUFBZ0I7QUFDdkM7QUFlTyxTQUFTLFlBQW9DLE9BQTRELE9BQW9CO0FBQ2xJLFFBQU0sWUFBWSxvQkFBSSxRQUE2QjtBQUNuRCxRQUFNLFVBQVUsQ0FBQyxPQUF3QjtBQUN2QyxVQUFNLFFBQVEsTUFBTSxLQUFLLEVBQUUsUUFBUSxNQUFNLEdBQUcsQ0FBQyxHQUFHLE1BQU0sSUFBSSxLQUFLLENBQUMsQ0FBQztBQUNqRSxVQUFNLFFBQVEsTUFBTSxJQUF3QixHQUFHLEtBQUssRUFBRSxRQUFRO0FBQzlELFVBQU0sU0FBUyxNQUFNLFdBQVcsSUFBSSxDQUFDLE1BQU8sYUFBYSxPQUFPLElBQUksRUFBRSxVQUFVLEVBQUUsQ0FBRTtBQUNwRixVQUFNLE9BQU8sSUFBSSxJQUFJLE9BQU8sT0FBTyxDQUFDLE1BQWlCLGFBQWEsSUFBSSxFQUFFLElBQUksQ0FBQyxNQUFNLEVBQUUsS0FBSyxDQUFDO0FBQzNGLFFBQUksS0FBSyxTQUFTLE1BQU8sT0FBTSxJQUFJLE1BQU0sZ0JBQWdCLFFBQVEsS0FBSyxJQUFJLDZDQUE2QyxNQUFNLEdBQUcsRUFBRTtBQUNsSSxXQUFPLEVBQUUsT0FBTyxPQUFPO0FBQUEsRUFDekI7QUFDQSxTQUFPLE9BQU8sT0FBVyxTQUEwQjtBQUNqRCxVQUFNLFVBQVUsR0FBRyxZQUFZLEVBQUU7QUFDakMsUUFBSSxXQUFXLFVBQVUsSUFBSSxPQUFPO0FBQ3BDLFFBQUksQ0FBQyxTQUFVLFdBQVUsSUFBSSxTQUFVLFdBQVcsUUFBUSxFQUFFLENBQUU7QUFDOUQsVUFBTSxhQUFhLFNBQVMsT0FBTyxJQUFJLENBQUMsTUFBTyxhQUFhLE9BQU8sS0FBSyxFQUFFLEtBQUssSUFBSSxFQUFFLFFBQVM7QUFDOUYsVUFBTSxTQUFTLE1BQU0sR0FBRyxhQUFnQixFQUFFLEdBQUcsU0FBUyxPQUFPLFdBQVcsQ0FBQztBQUN6RSxXQUFPLE9BQU87QUFBQSxFQUNoQjtBQUNGOzs7QUNsQ0EsSUFBTSxTQUFTO0FBQUEsRUFDYixDQUFDLElBQUksSUFBWSxVQUFrQixRQUFnQixPQUFlLFFBQWdCLFdBQW1CLGNBQ25HLEdBQUcsV0FBVyxVQUFVLEVBQUUsT0FBTztBQUFBLElBQy9CO0FBQUEsSUFDQSxXQUFXO0FBQUEsSUFDWCxTQUFTO0FBQUEsSUFDVDtBQUFBLElBQ0E7QUFBQSxJQUNBLFlBQVk7QUFBQSxJQUNaLFlBQVk7QUFBQSxJQUNaLGNBQWM7QUFBQSxJQUNkLFlBQVk7QUFBQSxJQUNaLGdCQUFnQjtBQUFBLEVBQ2xCLENBQUM7QUFBQSxFQUNIO0FBQ0Y7QUFFQSxlQUFzQixjQUFjLElBQVEsR0FBOEI7QUFDeEUsUUFBTSxPQUFPLElBQUksRUFBRSxJQUFJLEVBQUUsV0FBVyxFQUFFLFNBQVMsRUFBRSxPQUFPLEVBQUUsUUFBUSxFQUFFLFlBQVksRUFBRSxVQUFVO0FBQzlGO0FBRUEsSUFBTSxPQUFPLFlBQVksQ0FBQyxJQUFJLFFBQWdCLEdBQUcsV0FBVyxVQUFVLEVBQUUsVUFBVSxFQUFFLE1BQU0sTUFBTSxLQUFLLEdBQUcsR0FBRyxDQUFDO0FBRzVHLGVBQXNCLFlBQVksSUFBUSxLQUE4QztBQUN0RixVQUFRLE1BQU0sS0FBSyxJQUFJLEdBQUcsR0FBRyxDQUFDO0FBQ2hDO0FBRUEsSUFBTSxZQUFZLFlBQVksQ0FBQyxJQUFJLEtBQWEsUUFBZ0IsR0FBRyxZQUFZLFVBQVUsRUFBRSxJQUFJLEVBQUUsY0FBYyxJQUFJLENBQUMsRUFBRSxNQUFNLE1BQU0sS0FBSyxHQUFHLEdBQUcsQ0FBQztBQUU5SSxlQUFzQixxQkFBcUIsSUFBUSxLQUFhLEtBQTRCO0FBQzFGLFFBQU0sVUFBVSxJQUFJLEtBQUssR0FBRztBQUM5QjtBQUdBLGVBQXNCLGdCQUFnQixJQUFRLEtBQThCO0FBQzFFLFFBQU0sTUFBTSxNQUFNLEdBQUcsV0FBVyxVQUFVLEVBQUUsT0FBTyxXQUFXLEVBQUUsTUFBTSxNQUFNLEtBQUssR0FBRyxFQUFFLHdCQUF3QjtBQUM5RyxTQUFPLElBQUk7QUFDYjtBQUVBLGVBQXNCLGlCQUFpQixJQUFRLEtBQWEsUUFBZ0IsS0FBNEI7QUFDdEcsUUFBTSxHQUFHLFlBQVksVUFBVSxFQUFFLElBQUksRUFBRSxZQUFZLEtBQUssZ0JBQWdCLE9BQU8sQ0FBQyxFQUFFLE1BQU0sTUFBTSxLQUFLLEdBQUcsRUFBRSxNQUFNLGNBQWMsTUFBTSxJQUFJLEVBQUUsUUFBUTtBQUNsSjtBQUdBLGVBQXNCLHdCQUF3QixJQUFRLFVBQWtCLFFBQWdCLEtBQWEsTUFBOEI7QUFDakksTUFBSSxRQUFRLEdBQUcsWUFBWSxVQUFVLEVBQUUsSUFBSSxFQUFFLFlBQVksS0FBSyxnQkFBZ0IsT0FBTyxDQUFDLEVBQUUsTUFBTSxhQUFhLEtBQUssUUFBUSxFQUFFLE1BQU0sY0FBYyxNQUFNLElBQUk7QUFDeEosTUFBSSxLQUFNLFNBQVEsTUFBTSxNQUFNLE1BQU0sTUFBTSxJQUFJO0FBQzlDLFFBQU0sTUFBTSxRQUFRO0FBQ3RCO0FBR0EsZUFBc0IsYUFBYSxJQUFRLGNBQXNCLFlBQW1DO0FBQ2xHLFFBQU0sR0FBRyxZQUFZLFVBQVUsRUFBRSxJQUFJLEVBQUUsV0FBVyxXQUFXLENBQUMsRUFBRSxNQUFNLGFBQWEsS0FBSyxZQUFZLEVBQUUsUUFBUTtBQUNoSDs7O0FKakRBLElBQU0sU0FBUztBQUFBLEVBQ2IsQ0FBQyxJQUFJLFNBQ0gsR0FBRyxXQUFXLGNBQWMsRUFBRSxVQUFVLFdBQVcsY0FBYyx3QkFBd0IsRUFBRSxVQUFVLFNBQVMsRUFBRSxNQUFNLHFCQUFxQixLQUFLLElBQUk7QUFBQSxFQUN0SjtBQUNGO0FBRUEsZUFBc0IsaUJBQWlCLElBQVEsTUFBOEM7QUFDM0YsVUFBUSxNQUFNLE9BQU8sSUFBSSxJQUFJLEdBQUcsQ0FBQztBQUNuQztBQUVBLElBQU1DLFFBQU8sWUFBWSxDQUFDLElBQUksT0FBZSxHQUFHLFdBQVcsU0FBUyxFQUFFLFVBQVUsRUFBRSxNQUFNLE1BQU0sS0FBSyxFQUFFLEdBQUcsQ0FBQztBQUV6RyxlQUFzQixlQUFlLElBQVEsSUFBNEM7QUFDdkYsVUFBUSxNQUFNQSxNQUFLLElBQUksRUFBRSxHQUFHLENBQUM7QUFDL0I7QUFHQSxlQUFzQixrQkFBa0IsSUFBUUMsUUFBK0M7QUFDN0YsU0FBTyxHQUFHLFdBQVcsU0FBUyxFQUFFLFVBQVUsRUFBRSxNQUFNLFNBQVMsS0FBS0EsT0FBTSxZQUFZLENBQUMsRUFBRSxpQkFBaUI7QUFDeEc7QUFHQSxlQUFzQixxQkFBcUIsSUFBUSxVQUFrRDtBQUNuRyxTQUFPLEdBQUcsV0FBVyxTQUFTLEVBQUUsVUFBVSxFQUFFLE1BQU0sYUFBYSxLQUFLLFFBQVEsRUFBRSxpQkFBaUI7QUFDakc7QUFNQSxlQUFzQixtQkFDcEIsSUFDQUEsUUFDb0c7QUFDcEcsU0FBTyxHQUNKLFdBQVcsU0FBUyxFQUNwQixPQUFPLENBQUMsTUFBTSxTQUFTLGNBQWMsVUFBVSxpQkFBaUIsQ0FBQyxFQUNqRSxNQUFNLFNBQVMsS0FBS0EsT0FBTSxZQUFZLENBQUMsRUFDdkMsaUJBQWlCO0FBQ3RCO0FBRUEsSUFBTSxrQkFBa0I7QUFBQSxFQUN0QixDQUFDLElBQUksTUFBYyxRQUNqQixHQUNHLFdBQVcsU0FBUyxFQUNwQixPQUFPO0FBQUEsSUFDTjtBQUFBLElBQ0EsUUFBUTtBQUFBLElBQ1IsaUJBQWlCO0FBQUEsSUFDakIsWUFBWTtBQUFBLElBQ1osWUFBWTtBQUFBLElBQ1osTUFBTTtBQUFBLElBQ04sWUFBWTtBQUFBLElBQ1osWUFBWTtBQUFBLElBQ1osa0JBQWtCO0FBQUEsRUFDcEIsQ0FBQyxFQUNBLGFBQWE7QUFBQSxFQUNsQjtBQUNGO0FBQ0EsSUFBTSxhQUFhO0FBQUEsRUFDakIsQ0FBQyxJQUFJLE1BQWMsVUFBa0IsUUFBZ0IsR0FBRyxXQUFXLGNBQWMsRUFBRSxPQUFPLEVBQUUsTUFBTSxXQUFXLFVBQVUsWUFBWSxJQUFJLENBQUM7QUFBQSxFQUN4STtBQUNGO0FBR0EsZUFBc0Isc0JBQXNCLElBQVEsTUFBYyxLQUFpQztBQUNqRyxRQUFNLENBQUMsR0FBRyxJQUFJLE1BQU0sZ0JBQWdCLElBQUksTUFBTSxHQUFHO0FBQ2pELE1BQUksQ0FBQyxJQUFLLE9BQU0sSUFBSSxNQUFNLDRCQUE0QjtBQUN0RCxRQUFNLFdBQVcsSUFBSSxNQUFNLElBQUksSUFBSSxHQUFHO0FBQ3RDLFNBQU87QUFDVDtBQUVBLElBQU0sUUFBUSxZQUFZLENBQUMsSUFBSSxJQUFZLFFBQWdCLEdBQUcsWUFBWSxTQUFTLEVBQUUsSUFBSSxFQUFFLGtCQUFrQixJQUFJLENBQUMsRUFBRSxNQUFNLE1BQU0sS0FBSyxFQUFFLEdBQUcsQ0FBQztBQUczSSxlQUFzQixZQUFZLElBQVEsSUFBWSxLQUE0QjtBQUNoRixRQUFNLE1BQU0sSUFBSSxJQUFJLEdBQUc7QUFDekI7QUFPQSxlQUFzQixtQkFBbUIsS0FBNEIsV0FBc0IsWUFBbUM7QUFDNUgsTUFBSSxVQUFVLFdBQVcsZUFBZSxVQUFVLE9BQU8sV0FBWTtBQUNyRSxRQUFNLElBQUksWUFBWSxjQUFjLEVBQUUsSUFBSSxFQUFFLFdBQVcsV0FBVyxDQUFDLEVBQUUsTUFBTSxhQUFhLEtBQUssVUFBVSxFQUFFLEVBQUUsUUFBUTtBQUNuSCxRQUFNLFdBQVcsS0FBSyxVQUFVLElBQUksVUFBVTtBQUM5QyxRQUFNLGFBQWEsS0FBSyxVQUFVLElBQUksVUFBVTtBQUNoRCxRQUFNLGtCQUFrQixLQUFLLFVBQVUsRUFBRTtBQUN6QyxRQUFNLElBQUksV0FBVyxTQUFTLEVBQUUsTUFBTSxNQUFNLEtBQUssVUFBVSxFQUFFLEVBQUUsUUFBUTtBQUN6RTtBQUdBLGVBQXNCLGFBQWEsSUFBUSxJQUFZLFNBQXVEO0FBQzVHLFNBQU8sR0FBRyxZQUFZLFNBQVMsRUFBRSxJQUFJLE9BQU8sRUFBRSxNQUFNLE1BQU0sS0FBSyxFQUFFLEVBQUUsYUFBYSxFQUFFLHdCQUF3QjtBQUM1RztBQUdBLGVBQXNCLG9CQUFvQixJQUFRLElBQVksTUFBYyxJQUEyQjtBQUNyRyxRQUFNLEdBQUcsWUFBWSxTQUFTLEVBQUUsSUFBSSxFQUFFLGVBQWUsR0FBRyxDQUFDLEVBQUUsTUFBTSxNQUFNLEtBQUssRUFBRSxFQUFFLE1BQU0saUJBQWlCLEtBQUssSUFBSSxFQUFFLFFBQVE7QUFDNUg7QUFFQSxlQUFzQixjQUFjLElBQVEsVUFBb0M7QUFDOUUsU0FBUSxNQUFNLEdBQUcsV0FBVyxTQUFTLEVBQUUsT0FBTyxJQUFJLEVBQUUsTUFBTSxhQUFhLEtBQUssUUFBUSxFQUFFLGlCQUFpQixNQUFPO0FBQ2hIO0FBTUEsZUFBc0IsZ0JBQWdCLElBQVEsUUFBd0MsS0FBNEI7QUFDaEgsUUFBTSxHQUFHLFdBQVcsY0FBYyxFQUFFLE1BQU0sYUFBYSxLQUFLLE9BQU8sRUFBRSxFQUFFLE1BQU0sUUFBUSxNQUFNLE9BQU8sSUFBSSxFQUFFLFFBQVE7QUFDaEgsUUFBTSxHQUNILFlBQVksU0FBUyxFQUNyQixJQUFJO0FBQUEsSUFDSCxPQUFPO0FBQUEsSUFDUCxlQUFlO0FBQUEsSUFDZixRQUFRO0FBQUEsSUFDUixpQkFBaUI7QUFBQSxJQUNqQixZQUFZO0FBQUEsSUFDWixXQUFXO0FBQUEsSUFDWCxjQUFjO0FBQUEsSUFDZCxPQUFPO0FBQUEsSUFDUCxXQUFXO0FBQUEsSUFDWCxvQkFBb0I7QUFBQSxJQUNwQixLQUFLO0FBQUEsSUFDTCxZQUFZO0FBQUEsSUFDWixTQUFTO0FBQUEsSUFDVCxTQUFTO0FBQUEsSUFDVCxNQUFNO0FBQUEsSUFDTixVQUFVO0FBQUEsSUFDVixVQUFVO0FBQUEsSUFDVixjQUFjO0FBQUEsSUFDZCxZQUFZO0FBQUEsSUFDWixZQUFZO0FBQUEsSUFDWixZQUFZO0FBQUEsSUFDWixNQUFNO0FBQUEsSUFDTixZQUFZO0FBQUEsRUFDZCxDQUFDLEVBQ0EsTUFBTSxNQUFNLEtBQUssT0FBTyxFQUFFLEVBQzFCLFFBQVE7QUFDYjtBQVVBLGVBQXNCLGVBQWUsS0FBNEIsYUFBaUMsUUFBd0IsS0FBaUM7QUFDekosUUFBTSxZQUFZLGNBQWMsTUFBTSxpQkFBaUIsS0FBSyxXQUFXLElBQUk7QUFDM0UsTUFBSSxXQUFXLFdBQVcsYUFBYTtBQUNyQyxVQUFNLFlBQVksTUFBTSxJQUNyQixZQUFZLFNBQVMsRUFDckIsSUFBSSxNQUFNLEVBQ1YsTUFBTSxNQUFNLEtBQUssVUFBVSxFQUFFLEVBQzdCLE1BQU0sVUFBVSxLQUFLLFdBQVcsRUFDaEMsYUFBYSxFQUNiLGlCQUFpQjtBQUNwQixRQUFJLFVBQVcsUUFBTztBQUFBLEVBQ3hCO0FBQ0EsUUFBTSxPQUFPLGVBQWUsQ0FBQyxZQUFZLGNBQWNDLFlBQVc7QUFDbEUsUUFBTSxNQUFNLE1BQU0sSUFDZixXQUFXLFNBQVMsRUFDcEIsT0FBTyxFQUFFLFlBQVksTUFBTSxZQUFZLE1BQU0sTUFBTSxNQUFNLGlCQUFpQixHQUFHLEdBQUcsUUFBUSxNQUFNLFlBQVksSUFBSSxDQUE2QixFQUMzSSxhQUFhLEVBQ2Isd0JBQXdCO0FBQzNCLFFBQU0sSUFBSSxXQUFXLGNBQWMsRUFBRSxPQUFPLEVBQUUsTUFBTSxXQUFXLElBQUksSUFBSSxZQUFZLElBQUksQ0FBQyxFQUFFLFFBQVE7QUFDbEcsU0FBTztBQUNUO0FBRUEsSUFBTSxnQkFBZ0I7QUFBQSxFQUNwQixXQUFXO0FBQUEsRUFDWCxVQUFVO0FBQUEsRUFDVixhQUFhO0FBQUEsRUFDYixPQUFPO0FBQUEsRUFDUCxVQUFVO0FBQUEsRUFDVixLQUFLO0FBQUEsRUFDTCxXQUFXO0FBQUEsRUFDWCxTQUFTO0FBQUEsRUFDVCxTQUFTO0FBQUEsRUFDVCxNQUFNO0FBQUEsRUFDTixVQUFVO0FBQUEsRUFDVixTQUFTO0FBQUEsRUFDVCxhQUFhO0FBQUEsRUFDYixXQUFXO0FBQ2I7QUFRTyxTQUFTLGVBQWUsT0FBcUIsU0FBK0M7QUFDakcsUUFBTSxVQUFvQyxDQUFDO0FBQzNDLGFBQVcsQ0FBQyxPQUFPLE1BQU0sS0FBSyxPQUFPLFFBQVEsYUFBYSxHQUFHO0FBQzNELFVBQU0sUUFBUyxNQUFrQyxLQUFLO0FBQ3RELFFBQUksVUFBVSxPQUFXLENBQUMsUUFBb0MsTUFBTSxJQUFJLFVBQVUsS0FBSyxPQUFPO0FBQUEsRUFDaEc7QUFHQSxNQUFJLFFBQVEsY0FBYyxVQUFhLFFBQVEsY0FBYyxTQUFTLFVBQVcsU0FBUSxxQkFBcUI7QUFDOUcsTUFBSSxNQUFNLFlBQVk7QUFDcEIsVUFBTSxTQUFTLEVBQUUsR0FBSSxVQUFXLEtBQUssTUFBTSxRQUFRLFVBQVUsSUFBbUIsQ0FBQyxHQUFJLEdBQUcsTUFBTSxXQUFXO0FBQ3pHLFlBQVEsYUFBYSxLQUFLLFVBQVUsTUFBTTtBQUFBLEVBQzVDO0FBQ0EsTUFBSSxNQUFNLFlBQVk7QUFDcEIsVUFBTSxTQUFrQyxVQUFVLEtBQUssTUFBTSxRQUFRLFVBQVUsSUFBSSxDQUFDO0FBQ3BGLGVBQVcsQ0FBQyxLQUFLLEtBQUssS0FBSyxPQUFPLFFBQVEsTUFBTSxVQUFVLEdBQUc7QUFDM0QsVUFBSSxVQUFVLEtBQU0sUUFBTyxPQUFPLEdBQUc7QUFBQSxVQUNoQyxRQUFPLEdBQUcsSUFBSTtBQUFBLElBQ3JCO0FBQ0EsWUFBUSxhQUFhLEtBQUssVUFBVSxNQUFNO0FBQUEsRUFDNUM7QUFDQSxNQUFJLE1BQU0sS0FBTSxTQUFRLE9BQU8sS0FBSyxVQUFVLENBQUMsR0FBRyxJQUFJLElBQUksTUFBTSxJQUFJLENBQUMsQ0FBQztBQUN0RSxTQUFPO0FBQ1Q7QUFFTyxTQUFTLHFCQUFxQixLQUFvQztBQUN2RSxRQUFNLGFBQWEsS0FBSyxNQUFNLElBQUksVUFBVTtBQUM1QyxRQUFNLGFBQWEsS0FBSyxNQUFNLElBQUksVUFBVTtBQUM1QyxTQUFPO0FBQUEsSUFDTCxVQUFVLElBQUk7QUFBQSxJQUNkLE1BQU0sSUFBSTtBQUFBLElBQ1YsT0FBTyxJQUFJLFNBQVM7QUFBQSxJQUNwQixXQUFXLElBQUk7QUFBQSxJQUNmLFVBQVUsSUFBSTtBQUFBLElBQ2QsYUFBYSxJQUFJO0FBQUEsSUFDakIsT0FBTyxJQUFJO0FBQUEsSUFDWCxVQUFVLElBQUk7QUFBQSxJQUNkLEtBQUssSUFBSTtBQUFBLElBQ1QsV0FBVyxJQUFJO0FBQUEsSUFDZixTQUFTLElBQUk7QUFBQSxJQUNiLFNBQVMsSUFBSTtBQUFBLElBQ2IsTUFBTSxJQUFJO0FBQUEsSUFDVixVQUFVLElBQUk7QUFBQSxJQUNkLFNBQVMsSUFBSTtBQUFBLElBQ2IsYUFBYSxJQUFJO0FBQUEsSUFDakIsV0FBVyxJQUFJO0FBQUEsSUFDZixZQUFZLE9BQU8sWUFBWSxnQkFBZ0IsSUFBSSxDQUFDLE1BQU0sQ0FBQyxHQUFHLFdBQVcsQ0FBQyxNQUFNLElBQUksQ0FBQyxDQUFDO0FBQUEsSUFDdEYsWUFBWSxFQUFFLEdBQUcsWUFBWSxzQkFBc0IsSUFBSSxvQkFBb0IsRUFBRTtBQUFBLElBQzdFLE1BQU0sS0FBSyxNQUFNLElBQUksSUFBSTtBQUFBLElBQ3pCLFdBQVcsSUFBSSxXQUFXO0FBQUEsSUFDMUIsV0FBVyxJQUFJLEtBQUssSUFBSSxVQUFVLEVBQUUsWUFBWTtBQUFBLElBQ2hELGtCQUFrQixJQUFJLHFCQUFxQixPQUFPLE9BQU8sSUFBSSxLQUFLLElBQUksZ0JBQWdCLEVBQUUsWUFBWTtBQUFBLEVBQ3RHO0FBQ0Y7QUFFTyxTQUFTLFdBQVcsS0FBeUM7QUFDbEUsU0FBTyxJQUFJLFdBQVcsWUFBWSxJQUFJLFdBQVcsd0JBQXdCLElBQUksV0FBVztBQUMxRjtBQU9PLFNBQVMsc0JBQXNCLEtBQThDO0FBQ2xGLFNBQU8sSUFBSSxXQUFXLHFCQUFxQixxQkFBcUI7QUFDbEU7QUFHQSxlQUFzQixzQkFBc0IsSUFBUSxJQUFZLFNBQWlCLEtBQTRCO0FBQzNHLFFBQU0sR0FBRyxZQUFZLFNBQVMsRUFBRSxJQUFJLEVBQUUsZUFBZSxTQUFTLG1CQUFtQixJQUFJLENBQUMsRUFBRSxNQUFNLE1BQU0sS0FBSyxFQUFFLEVBQUUsUUFBUTtBQUN2SDtBQUdBLGVBQXNCLGNBQWMsSUFBUSxJQUFZLEtBQTZDO0FBQ25HLFFBQU0sTUFBTSxNQUFNLEdBQUcsV0FBVyxTQUFTLEVBQUUsVUFBVSxFQUFFLE1BQU0sTUFBTSxLQUFLLEVBQUUsRUFBRSxpQkFBaUI7QUFDN0YsTUFBSSxDQUFDLE9BQU8sQ0FBQyxXQUFXLEdBQUcsRUFBRyxRQUFPO0FBQ3JDLE1BQUksSUFBSSxXQUFXLG1CQUFvQixRQUFPO0FBQzlDLFNBQU8sR0FBRyxZQUFZLFNBQVMsRUFBRSxJQUFJLEVBQUUsUUFBUSxVQUFVLFlBQVksSUFBSSxDQUFDLEVBQUUsTUFBTSxNQUFNLEtBQUssRUFBRSxFQUFFLGFBQWEsRUFBRSx3QkFBd0I7QUFDMUk7OztBS2hTQSxTQUFTLGNBQUFDLGFBQVksZUFBQUMsb0JBQW1COzs7QUNVeEMsSUFBTSxPQUEyRjtBQUFBLEVBQy9GLFlBQVk7QUFBQSxJQUNWLFNBQVM7QUFBQSxJQUNULE1BQU07QUFBQSxJQUNOLFFBQVE7QUFBQSxJQUNSLE9BQU87QUFBQSxFQUNUO0FBQUEsRUFDQSxjQUFjO0FBQUEsSUFDWixTQUFTO0FBQUEsSUFDVCxNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixPQUFPO0FBQUEsRUFDVDtBQUFBLEVBQ0EsZ0JBQWdCO0FBQUEsSUFDZCxTQUFTO0FBQUEsSUFDVCxNQUFNO0FBQUEsSUFDTixRQUFRO0FBQUEsSUFDUixPQUFPO0FBQUEsRUFDVDtBQUFBLEVBQ0EsY0FBYztBQUFBLElBQ1osU0FBUztBQUFBLElBQ1QsTUFBTTtBQUFBLElBQ04sUUFBUTtBQUFBLElBQ1IsT0FBTztBQUFBLEVBQ1Q7QUFDRjtBQUdPLElBQU0sZ0JBQWdCO0FBU3RCLFNBQVMsVUFBVUMsT0FBcUQ7QUFDN0UsUUFBTSxVQUFVQSxPQUNaLFVBQVUsTUFBTSxFQUNqQixRQUFRLGlDQUFpQyxHQUFHLEVBQzVDLFFBQVEsUUFBUSxHQUFHLEVBQ25CLEtBQUs7QUFDUixNQUFJLENBQUMsUUFBUyxRQUFPO0FBQ3JCLE1BQUksQ0FBQyxHQUFHLE9BQU8sRUFBRSxTQUFTLGNBQWUsUUFBTztBQUNoRCxNQUFJLGtDQUFrQyxLQUFLLE9BQU8sRUFBRyxRQUFPO0FBQzVELFNBQU87QUFDVDtBQVFPLFNBQVMsV0FBVyxNQUFnQixNQUFjQSxPQUFtQztBQUMxRixRQUFNLE9BQU8sS0FBSyxJQUFJO0FBQ3RCLFFBQU0sUUFBUSxTQUFTLG1CQUFtQixVQUFVQSxLQUFJLElBQUk7QUFDNUQsUUFBTSxXQUFXLFFBQVEsU0FBUyxLQUFLLE1BQU07QUFDN0MsU0FBTztBQUFBLElBQ0wsU0FBUyxLQUFLO0FBQUEsSUFDZCxNQUFNLEdBQUcsUUFBUTtBQUFBO0FBQUEsRUFBTyxLQUFLLElBQUk7QUFBQTtBQUFBLEVBQU8sSUFBSTtBQUFBO0FBQUEsRUFBTyxLQUFLLEtBQUs7QUFBQTtBQUFBLElBQzdELE1BQ0UsTUFBTSxXQUFXLFFBQVEsQ0FBQyxVQUFVLFdBQVcsS0FBSyxJQUFJLENBQUMsbUJBQzFDLFdBQVcsSUFBSSxDQUFDLEtBQUssV0FBVyxLQUFLLE1BQU0sQ0FBQyxpQ0FDbEMsV0FBVyxLQUFLLEtBQUssQ0FBQztBQUFBLEVBQ25EO0FBQ0Y7QUFLQSxJQUFNLFVBQXdGO0FBQUE7QUFBQSxFQUU1Rix3QkFBd0I7QUFBQSxJQUN0QixTQUFTO0FBQUEsSUFDVCxPQUFPLENBQUMsYUFBYTtBQUFBLE1BQ25CLDBFQUEwRSxRQUFRO0FBQUEsTUFDbEY7QUFBQSxNQUNBO0FBQUEsSUFDRjtBQUFBLEVBQ0Y7QUFBQTtBQUFBLEVBRUEsb0JBQW9CO0FBQUEsSUFDbEIsU0FBUztBQUFBLElBQ1QsT0FBTyxNQUFNO0FBQUEsTUFDWDtBQUFBLE1BQ0E7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUNGO0FBR08sU0FBUyxhQUFhLE1BQWtCLFFBQWdCQSxPQUFtQztBQUNoRyxRQUFNLE9BQU8sUUFBUSxJQUFJO0FBQ3pCLFFBQU0sUUFBUSxVQUFVQSxLQUFJO0FBQzVCLFFBQU0sV0FBVyxRQUFRLFNBQVMsS0FBSyxNQUFNO0FBQzdDLFFBQU0sUUFBUSxLQUFLLE1BQU0sTUFBTTtBQUMvQixTQUFPO0FBQUEsSUFDTCxTQUFTLEtBQUs7QUFBQSxJQUNkLE1BQU0sR0FBRyxRQUFRO0FBQUE7QUFBQSxFQUFPLE1BQU0sS0FBSyxNQUFNLENBQUM7QUFBQTtBQUFBLElBQzFDLE1BQU0sTUFBTSxXQUFXLFFBQVEsQ0FBQyxPQUFPLE1BQU0sSUFBSSxDQUFDLE1BQU0sTUFBTSxXQUFXLENBQUMsQ0FBQyxNQUFNLEVBQUUsS0FBSyxFQUFFLENBQUM7QUFBQSxFQUM3RjtBQUNGO0FBTU8sU0FBUyxjQUFjQyxPQUFjLFNBQThCO0FBQ3hFLFFBQU0sV0FBVztBQUNqQixRQUFNLE9BQU87QUFDYixRQUFNLFFBQVEsc0JBQXNCLE9BQU87QUFDM0MsU0FBTztBQUFBLElBQ0wsU0FBUyxHQUFHQSxLQUFJO0FBQUEsSUFDaEIsTUFBTSxHQUFHLFFBQVE7QUFBQTtBQUFBLEVBQU8sSUFBSTtBQUFBO0FBQUEsRUFBT0EsS0FBSTtBQUFBO0FBQUEsRUFBTyxLQUFLO0FBQUE7QUFBQSxJQUNuRCxNQUNFLE1BQU0sV0FBVyxRQUFRLENBQUMsVUFBVSxXQUFXLElBQUksQ0FBQyx3RUFDZ0IsV0FBV0EsS0FBSSxDQUFDLDZCQUMzRCxXQUFXLEtBQUssQ0FBQztBQUFBLEVBQzlDO0FBQ0Y7OztBRHhITyxJQUFNLGlCQUFpQixDQUFDLFVBQWtCQyxZQUFXLFFBQVEsRUFBRSxPQUFPLEtBQUssRUFBRSxPQUFPLFdBQVc7QUFFdEcsSUFBTSxVQUE2QztBQUFBLEVBQ2pELFlBQVk7QUFBQSxFQUNaLGNBQWM7QUFBQSxFQUNkLGdCQUFnQjtBQUFBLEVBQ2hCLGNBQWM7QUFDaEI7QUFHTyxTQUFTLFlBQVksTUFBa0QsU0FBNEIsT0FBdUI7QUFDL0gsUUFBTUMsT0FBTSxJQUFJLElBQUksS0FBSyxPQUFPLGNBQWMsR0FBRyxLQUFLLFNBQVMsVUFBVTtBQUN6RSxFQUFBQSxLQUFJLGFBQWEsSUFBSSxVQUFVLFFBQVEsT0FBTyxDQUFDO0FBQy9DLEVBQUFBLEtBQUksYUFBYSxJQUFJLFNBQVMsS0FBSztBQUNuQyxTQUFPQSxLQUFJLFNBQVM7QUFDdEI7QUFPQSxlQUFzQixxQkFBcUIsSUFBUSxVQUFrQixVQUF3QyxLQUE0QjtBQUN2SSxRQUFNLG9CQUFvQixJQUFJLFVBQVUsVUFBVSxHQUFHO0FBQ3ZEO0FBT0EsZUFBc0IsZUFDcEIsTUFDQSxLQUNBLFFBQ0EsU0FDQSxLQUNlO0FBQ2YsUUFBTSxRQUFRQyxhQUFZLEVBQUUsRUFBRSxTQUFTLFdBQVc7QUFDbEQsUUFBTSxNQUFNLFlBQVksb0JBQW9CLFlBQVksaUJBQWlCLEtBQUssT0FBTyxjQUFjLGdCQUFnQixLQUFLLE9BQU8sY0FBYztBQUM3SSxRQUFNLHFCQUFxQixLQUFLLE9BQU8sSUFBSSxDQUFDLE9BQU8sR0FBRyxHQUFHO0FBQ3pELFFBQU0saUJBQWlCLEtBQUssRUFBRSxXQUFXLGVBQWUsS0FBSyxHQUFHLFVBQVUsT0FBTyxJQUFJLFNBQVMsS0FBSyxXQUFXLE1BQU0sTUFBTSxJQUFLLENBQUM7QUFDaEksUUFBTSxLQUFLLE9BQU87QUFBQSxJQUNoQjtBQUFBLElBQ0EsT0FBTztBQUFBLElBQ1AsV0FBVyxTQUFxQixZQUFZLE1BQU0sU0FBUyxLQUFLLEdBQUcsT0FBTyxvQkFBb0IsSUFBSSxPQUFPLGFBQWEsSUFBSTtBQUFBLElBQzFIO0FBQUEsRUFDRjtBQUNGO0FBTUEsZUFBc0IscUJBQ3BCLE1BQ0EsS0FDQSxRQUNBLFVBQ0EsS0FDZTtBQUNmLFFBQU0sUUFBUUEsYUFBWSxFQUFFLEVBQUUsU0FBUyxXQUFXO0FBQ2xELFFBQU0scUJBQXFCLEtBQUssT0FBTyxJQUFJLENBQUMsY0FBYyxHQUFHLEdBQUc7QUFDaEUsUUFBTSxZQUFZLE1BQU0sS0FBSyxPQUFPLGNBQWMsZ0JBQWdCO0FBQ2xFLFFBQU0saUJBQWlCLEtBQUssRUFBRSxXQUFXLGVBQWUsS0FBSyxHQUFHLFVBQVUsT0FBTyxJQUFJLFNBQVMsZ0JBQWdCLEtBQUssV0FBVyxTQUFTLENBQUM7QUFDeEksUUFBTSxLQUFLLE9BQU8sUUFBUSxLQUFLLFVBQVUsV0FBVyxnQkFBZ0IsWUFBWSxNQUFNLGdCQUFnQixLQUFLLEdBQUcsT0FBTyxVQUFVLEdBQUcsR0FBRztBQUN2STs7O0FFdkVBLGVBQXNCLGlCQUFpQixNQUFnQyxPQUEwQztBQUMvRyxRQUFNLE1BQU0sTUFBTSxlQUFlLEtBQUssSUFBSSxNQUFNLFFBQVEsU0FBUztBQUNqRSxNQUFJLENBQUMsT0FBTyxJQUFJLFdBQVcsWUFBYSxPQUFNLGFBQWEsbUJBQW1CLHVCQUF1QjtBQUNyRyxTQUFPO0FBQ1Q7OztBQ0tBLGVBQXNCLGVBQ3BCLE1BQ0EsT0FDZTtBQUNmLFFBQU0sTUFBTSxNQUFNLGlCQUFpQixNQUFNLE1BQU0sS0FBSztBQUNwRCxRQUFNLFVBQVUsSUFBSSxRQUFRLE1BQU0sS0FBSyxRQUFRLGNBQWMsSUFBSSxPQUFPLE1BQU0sU0FBUyxNQUFNLElBQUksQ0FBQyxJQUFJO0FBQ3RHLE1BQUksQ0FBQyxJQUFJLGlCQUFpQixDQUFFLE1BQU0sZUFBZSxNQUFNLGFBQWEsSUFBSSxhQUFhLEdBQUk7QUFDdkYsYUFBUyxRQUFRO0FBQ2pCLFVBQU0sVUFBVSx1QkFBdUIsK0JBQStCO0FBQUEsRUFDeEU7QUFDQSxRQUFNLFNBQVMsVUFBVTtBQUN6QixRQUFNLGVBQWUsTUFBTSxrQkFBa0IsTUFBTSxNQUFNLFFBQVE7QUFDakUsUUFBTSxNQUFNLE1BQU0sSUFBSTtBQUN0QixRQUFNLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDakQsVUFBTSxhQUFhLEtBQUssSUFBSSxJQUFJLEVBQUUsZUFBZSxjQUFjLFlBQVksSUFBSSxDQUFDO0FBQ2hGLFVBQU0sS0FBSyxTQUFTLHFCQUFxQixLQUFLLElBQUksSUFBSSxvQkFBb0IsS0FBSyxNQUFNLE1BQU0sUUFBUSxFQUFFO0FBQ3JHLFVBQU0scUJBQXFCLEtBQUssSUFBSSxJQUFJLENBQUMsZ0JBQWdCLEdBQUcsR0FBRztBQUFBLEVBQ2pFLENBQUM7QUFDSDs7O0FDdkJBLElBQU0sVUFBVSxDQUFDLFFBQWdCLFNBQVMsdUJBQXVCLDBCQUEwQixHQUFHLEVBQUU7QUFDaEcsSUFBTSxRQUFRLE1BQ1osU0FBUyxlQUFlLHVDQUF1QyxDQUFDLEVBQUUsT0FBTyxTQUFTLE1BQU0sU0FBUyxTQUFTLHNDQUFzQyxDQUFDLENBQUM7QUFRcEosZUFBc0IsbUJBQ3BCLE1BQ0EsT0FDZTtBQUNmLFFBQU0sWUFBWSxlQUFlLE1BQU0sS0FBSztBQUM1QyxRQUFNLE9BQU8sTUFBTSxxQkFBcUIsS0FBSyxJQUFJLFNBQVM7QUFDMUQsUUFBTSxNQUFNLE1BQU0sSUFBSTtBQUN0QixNQUFJLENBQUMsUUFBUSxLQUFLLGNBQWMsUUFBUSxLQUFLLFlBQVksUUFBUSxLQUFLLGNBQWMsSUFBSyxPQUFNLFFBQVEsNkJBQTZCO0FBQ3BJLFFBQU0sV0FBVyxLQUFLO0FBQ3RCLE1BQUk7QUFDRixVQUFNLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFFakQsVUFBSSxDQUFFLE1BQU0sY0FBYyxLQUFLLFdBQVcsR0FBRyxFQUFJLE9BQU0sUUFBUSxrQkFBa0I7QUFDakYsWUFBTSxTQUFTLE1BQU0sZUFBZSxLQUFLLEtBQUssU0FBUztBQUN2RCxVQUFJLENBQUMsVUFBVSxDQUFDLFdBQVcsTUFBTSxFQUFHLE9BQU0sUUFBUSw2QkFBNkI7QUFDL0UsWUFBTSxVQUFvQyxFQUFFLE9BQU8sVUFBVSxpQkFBaUIsR0FBRyxRQUFRLFVBQVUsWUFBWSxJQUFJO0FBQ25ILFVBQUksTUFBTSx3QkFBd0IsUUFBVztBQUMzQyxnQkFBUSxhQUFhLEtBQUssVUFBVSxFQUFFLEdBQUksS0FBSyxNQUFNLE9BQU8sVUFBVSxHQUFrQixPQUFPLE1BQU0sb0JBQW9CLENBQUM7QUFBQSxNQUM1SDtBQUNBLFlBQU0sYUFBYSxLQUFLLE9BQU8sSUFBSSxPQUFPO0FBQzFDLFlBQU0sT0FBTyxNQUFNLFFBQVEsUUFBUSxjQUFjLE9BQU8sS0FBSyxNQUFNLE9BQU8sUUFBUSxLQUFLO0FBQ3ZGLFlBQU0sS0FBSyxTQUFTLHFCQUFxQixLQUFLLE9BQU8sSUFBSSxpQkFBaUIsS0FBSyxJQUFJO0FBQ25GLFlBQU0scUJBQXFCLEtBQUssT0FBTyxJQUFJLENBQUMsa0JBQWtCLGdCQUFnQixjQUFjLGNBQWMsR0FBRyxHQUFHO0FBQUEsSUFDbEgsQ0FBQztBQUFBLEVBQ0gsU0FBUyxLQUFLO0FBRVosUUFBSSxrQkFBa0IsR0FBRyxFQUFHLE9BQU0sTUFBTTtBQUN4QyxVQUFNO0FBQUEsRUFDUjtBQUNGOzs7QUMzQ0EsZUFBc0IscUJBQXFCLElBQVEsS0FBMkY7QUFDNUksUUFBTSxHQUFHLFdBQVcsaUJBQWlCLEVBQUUsTUFBTSxhQUFhLEtBQUssSUFBSSxRQUFRLEVBQUUsUUFBUTtBQUNyRixRQUFNLEdBQ0gsV0FBVyxpQkFBaUIsRUFDNUIsT0FBTyxFQUFFLFdBQVcsSUFBSSxVQUFVLFVBQVUsSUFBSSxTQUFTLFlBQVksSUFBSSxLQUFLLFlBQVksSUFBSSxXQUFXLFVBQVUsRUFBRSxDQUFDLEVBQ3RILFFBQVE7QUFDYjtBQU9BLGVBQXNCLFdBQVcsSUFBUSxVQUFrQixVQUFrQixLQUEwRTtBQUNySixTQUFPLEdBQ0osWUFBWSxpQkFBaUIsRUFDN0IsSUFBSSxDQUFDLFFBQVEsRUFBRSxVQUFVLEdBQUcsWUFBWSxLQUFLLENBQUMsRUFBRSxFQUFFLEVBQ2xELE1BQU0sYUFBYSxLQUFLLFFBQVEsRUFDaEMsTUFBTSxZQUFZLEtBQUssUUFBUSxFQUMvQixNQUFNLGNBQWMsS0FBSyxHQUFHLEVBQzVCLFVBQVUsQ0FBQyxZQUFZLFVBQVUsQ0FBQyxFQUNsQyxpQkFBaUI7QUFDdEI7QUFHQSxlQUFzQixxQkFBcUIsSUFBUSxVQUFrQixTQUFtQztBQUN0RyxRQUFNLFNBQVMsTUFBTSxHQUFHLFdBQVcsaUJBQWlCLEVBQUUsTUFBTSxhQUFhLEtBQUssUUFBUSxFQUFFLE1BQU0sWUFBWSxLQUFLLE9BQU8sRUFBRSxpQkFBaUI7QUFDekksU0FBTyxPQUFPLE9BQU8sY0FBYyxNQUFNO0FBQzNDO0FBRUEsZUFBc0Isb0JBQW9CLElBQVEsVUFBaUM7QUFDakYsUUFBTSxHQUFHLFdBQVcsaUJBQWlCLEVBQUUsTUFBTSxhQUFhLEtBQUssUUFBUSxFQUFFLFFBQVE7QUFDbkY7OztBQ2hDQSxlQUFzQixtQkFBbUIsSUFBUSxVQUFrQixTQUE4QztBQUMvRyxRQUFNLE1BQU0sTUFBTSxHQUFHLFdBQVcsbUJBQW1CLEVBQUUsT0FBTyxXQUFXLEVBQUUsTUFBTSxZQUFZLEtBQUssUUFBUSxFQUFFLE1BQU0sV0FBVyxLQUFLLE9BQU8sRUFBRSxpQkFBaUI7QUFDMUosU0FBTyxLQUFLO0FBQ2Q7QUFHQSxlQUFzQixhQUFhLElBQVEsVUFBa0IsU0FBaUIsVUFBa0IsS0FBNEI7QUFDMUgsUUFBTSxHQUFHLFdBQVcsbUJBQW1CLEVBQUUsTUFBTSxZQUFZLEtBQUssUUFBUSxFQUFFLE1BQU0sV0FBVyxLQUFLLE9BQU8sRUFBRSxRQUFRO0FBQ2pILFFBQU0sR0FBRyxXQUFXLG1CQUFtQixFQUFFLE9BQU8sRUFBRSxVQUFVLFNBQVMsV0FBVyxVQUFVLFlBQVksSUFBSSxDQUFDLEVBQUUsUUFBUTtBQUN2SDtBQUVBLGVBQXNCLGlCQUFpQixJQUFRLFVBQW9DO0FBQ2pGLFNBQVEsTUFBTSxHQUFHLFdBQVcsbUJBQW1CLEVBQUUsT0FBTyxXQUFXLEVBQUUsTUFBTSxhQUFhLEtBQUssUUFBUSxFQUFFLGlCQUFpQixNQUFPO0FBQ2pJO0FBR0EsZUFBc0IscUJBQXFCLElBQVEsVUFBeUU7QUFDMUgsU0FBTyxHQUFHLFdBQVcsbUJBQW1CLEVBQUUsT0FBTyxDQUFDLFlBQVksU0FBUyxDQUFDLEVBQUUsTUFBTSxhQUFhLEtBQUssUUFBUSxFQUFFLFFBQVE7QUFDdEg7QUFFQSxlQUFzQixtQkFBbUIsSUFBUSxVQUFpQztBQUNoRixRQUFNLEdBQUcsV0FBVyxtQkFBbUIsRUFBRSxNQUFNLGFBQWEsS0FBSyxRQUFRLEVBQUUsUUFBUTtBQUNyRjs7O0FDaEJBLGVBQWUsS0FBSyxNQUFnQyxRQUF3RDtBQUMxRyxNQUFJLGNBQWMsT0FBUSxRQUFPLGVBQWUsS0FBSyxJQUFJLE9BQU8sUUFBUTtBQUN4RSxNQUFJLFdBQVcsT0FBUSxRQUFPLGtCQUFrQixLQUFLLElBQUksT0FBTyxLQUFLO0FBRXJFLFFBQU0sU0FBUyxNQUFNLHFCQUFxQixLQUFLLElBQUksT0FBTyxRQUFRO0FBQ2xFLFNBQU8sUUFBUSx1QkFBdUIsSUFBSSxTQUFTO0FBQ3JEO0FBTUEsZUFBc0IsYUFBYSxNQUE2QyxPQUFxRTtBQUNuSixRQUFNLFNBQVMsTUFBTSxLQUFLLE1BQU0sTUFBTSxNQUFNO0FBQzVDLE1BQUksQ0FBQyxVQUFVLENBQUMsV0FBVyxNQUFNLEVBQUcsT0FBTSxTQUFTLGFBQWEsa0JBQWtCO0FBQ2xGLFFBQU0sTUFBTSxNQUFNLElBQUk7QUFDdEIsUUFBTSxLQUFLLEdBQUcsWUFBWSxFQUFFLFFBQVEsQ0FBQyxRQUFRLGNBQWMsTUFBTSxLQUFLLFFBQVEsV0FBVyxHQUFHLENBQUM7QUFDL0Y7QUFPQSxlQUFzQixjQUNwQixNQUNBLEtBQ0EsUUFDQSxRQUNBLEtBQ2U7QUFDZixRQUFNLEtBQUssU0FBUyxxQkFBcUIsS0FBSyxPQUFPLElBQUksUUFBUSxHQUFHO0FBQ3BFLFFBQU0sbUJBQW1CLEtBQUssT0FBTyxFQUFFO0FBQ3ZDLFFBQU0sa0JBQWtCLEtBQUssT0FBTyxFQUFFO0FBQ3RDLFFBQU0sb0JBQW9CLEtBQUssT0FBTyxFQUFFO0FBQ3hDLFFBQU0sZ0JBQWdCLEtBQUssUUFBUSxHQUFHO0FBQ3hDOzs7QUNoREEsU0FBUyxjQUFBQyxhQUFZLG1CQUFBQyx3QkFBdUI7QUFDNUMsU0FBUyxvQkFBb0IsUUFBeUIsaUJBQWlCOzs7QUNZaEUsSUFBTSxzQkFBc0I7QUFFbkMsSUFBTSxnQkFBZ0IsQ0FBQyxRQUFnQkMsT0FBaUIsWUFBb0IsSUFBSSxTQUFTLFFBQVFBLE9BQU0sT0FBTztBQU05RyxlQUFzQixrQkFBa0JDLE1BQWEsTUFBbUJDLE9BQWMsWUFBWSxxQkFBdUQ7QUFDdkosUUFBTSxTQUFTLFlBQVksUUFBUSxTQUFTO0FBQzVDLFFBQU0sV0FBVyxNQUFNLGNBQWMsS0FBSyxvQkFBb0IsR0FBR0EsS0FBSSx5QkFBeUI7QUFDOUYsTUFBSTtBQUNKLE1BQUk7QUFFRixVQUFNLE1BQU0sTUFBTUQsTUFBSyxFQUFFLEdBQUcsTUFBTSxVQUFVLFVBQVUsT0FBTyxDQUFDO0FBQUEsRUFDaEUsU0FBUyxNQUFNO0FBQ2IsVUFBTSxPQUFPLFVBQVUsU0FBUyxJQUFJLGNBQWMsS0FBSyx3QkFBd0IsR0FBR0MsS0FBSSx1QkFBdUI7QUFBQSxFQUMvRztBQUNBLE1BQUk7QUFDSixNQUFJO0FBQ0YsV0FBTyxNQUFNLElBQUksS0FBSztBQUFBLEVBQ3hCLFFBQVE7QUFFTixRQUFJLE9BQU8sUUFBUyxPQUFNLFNBQVM7QUFDbkMsV0FBTztBQUFBLEVBQ1Q7QUFFQSxNQUFJLENBQUMsSUFBSSxNQUFNLE9BQU8sU0FBUyxZQUFZLFNBQVMsUUFBUSxNQUFNLFFBQVEsSUFBSSxFQUFHLE9BQU0sY0FBYyxLQUFLLHFCQUFxQixHQUFHQSxLQUFJLG9CQUFvQjtBQUMxSixTQUFPO0FBQ1Q7QUFFTyxJQUFNLFdBQVcsQ0FBQyxZQUFvQixjQUFjLEtBQUsscUJBQXFCLE9BQU87OztBRHJDckYsSUFBTSxtQkFBbUIsS0FBSyxLQUFLO0FBRTFDLElBQU0sYUFBYSxDQUFDLFNBQVMsT0FBTztBQUVwQyxJQUFNLG9CQUFvQjtBQWExQixJQUFNLFVBQVUsb0JBQUksSUFBNkI7QUFFakQsZUFBZSxTQUFTLFFBQWdCQyxPQUFjLEtBQThCO0FBQ2xGLFFBQU0sU0FBUyxRQUFRLElBQUksTUFBTTtBQUNqQyxNQUFJLFFBQVE7QUFDVixVQUFNLFFBQVEsTUFBTSxPQUFPLE1BQU0sTUFBTSxNQUFTO0FBQ2hELFFBQUksU0FBUyxNQUFNLE1BQU0sU0FBUyxpQkFBa0IsUUFBTztBQUMzRCxRQUFJLFFBQVEsSUFBSSxNQUFNLE1BQU0sT0FBUSxTQUFRLE9BQU8sTUFBTTtBQUFBLEVBQzNEO0FBQ0EsTUFBSSxVQUFVLFFBQVEsSUFBSSxNQUFNO0FBQ2hDLE1BQUksQ0FBQyxTQUFTO0FBQ1osZUFBVyxZQUFZO0FBQ3JCLFlBQU0sTUFBTSxNQUFNLGtCQUFrQixHQUFHLE1BQU0scUNBQXFDLEVBQUUsU0FBUyxFQUFFLFFBQVEsbUJBQW1CLEVBQUUsR0FBR0EsS0FBSSxFQUFFLE1BQU0sQ0FBQyxRQUFRO0FBRWxKLGNBQU0sZUFBZSxZQUFZLElBQUksU0FBUyxzQkFDMUMsSUFBSSxTQUFTLEtBQUssd0JBQXdCLEdBQUdBLEtBQUkseUNBQXlDLElBQzFGO0FBQUEsTUFDTixDQUFDO0FBQ0QsVUFBSSxPQUFPLElBQUksYUFBYSxZQUFZLENBQUMsZUFBZSxLQUFLLElBQUksUUFBUSxHQUFHO0FBQzFFLGNBQU0sSUFBSSxTQUFTLEtBQUssd0JBQXdCLEdBQUdBLEtBQUkseUNBQXlDO0FBQUEsTUFDbEc7QUFDQSxhQUFPO0FBQUEsUUFDTCxRQUFRO0FBQUEsUUFDUixNQUFNLG1CQUFtQixJQUFJLElBQUksSUFBSSxRQUFRLEdBQUcsRUFBRSxpQkFBaUIscUJBQXFCLGtCQUFrQixLQUFRLGFBQWEsS0FBSyxJQUFPLENBQUM7QUFBQSxNQUM5STtBQUFBLElBQ0YsR0FBRztBQUNILFlBQVEsSUFBSSxRQUFRLE9BQU87QUFDM0IsWUFBUSxNQUFNLE1BQU07QUFDbEIsVUFBSSxRQUFRLElBQUksTUFBTSxNQUFNLFFBQVMsU0FBUSxPQUFPLE1BQU07QUFBQSxJQUM1RCxDQUFDO0FBQUEsRUFDSDtBQUNBLFNBQU87QUFDVDtBQUdBLFNBQVMsYUFBYSxPQUFnQixPQUF3QjtBQUM1RCxNQUFJLE9BQU8sVUFBVSxTQUFVLFFBQU87QUFDdEMsUUFBTSxPQUFPLENBQUMsR0FBVyxNQUFjLEVBQUUsV0FBVyxFQUFFLFVBQVVDLGlCQUFnQixPQUFPLEtBQUssQ0FBQyxHQUFHLE9BQU8sS0FBSyxDQUFDLENBQUM7QUFDOUcsU0FBTyxLQUFLLE9BQU8sS0FBSyxLQUFLLEtBQUssT0FBT0MsWUFBVyxRQUFRLEVBQUUsT0FBTyxLQUFLLEVBQUUsT0FBTyxLQUFLLENBQUM7QUFDM0Y7QUFtQkEsZUFBc0IsY0FBY0MsUUFBNEQ7QUFDOUYsUUFBTSxFQUFFLFFBQVEsTUFBQUgsT0FBTSxPQUFPLE9BQU8sSUFBSSxJQUFJRztBQUM1QyxRQUFNLFNBQVMsTUFBTSxTQUFTLE9BQU8sUUFBUUgsT0FBTSxHQUFHO0FBQ3RELE1BQUk7QUFDSixNQUFJO0FBQ0YsS0FBQyxFQUFFLFFBQVEsSUFBSSxNQUFNLFVBQVUsT0FBTyxPQUFPLE1BQU07QUFBQSxNQUNqRCxRQUFRLENBQUMsT0FBTyxRQUFRLEdBQUlHLE9BQU0sZUFBZSxDQUFDLENBQUU7QUFBQSxNQUNwRCxVQUFVLE9BQU87QUFBQSxNQUNqQixZQUFZO0FBQUEsTUFDWixhQUFhLElBQUksS0FBSyxHQUFHO0FBQUEsTUFDekIsZ0JBQWdCO0FBQUEsTUFDaEIsZ0JBQWdCLENBQUMsT0FBTyxPQUFPLEtBQUs7QUFBQSxJQUN0QyxDQUFDO0FBQUEsRUFDSCxTQUFTLEtBQUs7QUFDWixRQUFJLGVBQWUsT0FBTyxZQUFhLE9BQU0sSUFBSSxTQUFTLEtBQUssb0JBQW9CLEdBQUdILEtBQUksb0NBQW9DO0FBQzlILFFBQUksZUFBZSxPQUFPLFdBQVksT0FBTSxTQUFTLE9BQU9BLEtBQUksdUJBQXVCO0FBQ3ZGLFFBQUksZUFBZSxPQUFPLHlCQUEwQixPQUFNLFNBQVMsT0FBT0EsS0FBSSxnQkFBZ0IsSUFBSSxLQUFLLG9DQUFvQztBQUMzSSxRQUFJLGVBQWUsT0FBTyxxQkFBcUIsZUFBZSxPQUFPLGdDQUFnQztBQUNuRyxZQUFNLFNBQVMsT0FBT0EsS0FBSSw4QkFBOEJBLEtBQUksbUJBQW1CO0FBQUEsSUFDakY7QUFDQSxRQUFJLGVBQWUsT0FBTyxhQUFhLElBQUksU0FBUyxzQkFBc0IsSUFBSSxTQUFTO0FBQ3JGLFlBQU0sU0FBUyxPQUFPQSxLQUFJLHdCQUF3QjtBQUVwRCxVQUFNLElBQUksU0FBUyxLQUFLLHdCQUF3QixHQUFHQSxLQUFJLDhCQUE4QjtBQUFBLEVBQ3ZGO0FBQ0EsTUFBSSxPQUFPLFFBQVEsUUFBUSxZQUFZLFFBQVEsUUFBUSxHQUFJLE9BQU0sU0FBUyxPQUFPQSxLQUFJLDRCQUE0QjtBQUVqSCxNQUFJLE9BQU8sUUFBUSxRQUFRLFlBQVksUUFBUSxNQUFNLE1BQU0sTUFBTyxrQkFBbUIsT0FBTSxTQUFTLE9BQU9BLEtBQUksa0NBQWtDO0FBRWpKLE1BQUksTUFBTSxRQUFRLFFBQVEsR0FBRyxLQUFLLFFBQVEsSUFBSSxTQUFTLEtBQUssUUFBUSxRQUFRLE9BQU87QUFDakYsVUFBTSxTQUFTLE9BQU9BLEtBQUksdUNBQXVDO0FBQ25FLE1BQUksQ0FBQyxhQUFhLFFBQVEsT0FBTyxLQUFLLEVBQUcsT0FBTSxTQUFTLE9BQU9BLEtBQUksMkRBQTJEO0FBQzlILFNBQU87QUFDVDtBQUdPLElBQU0sU0FBUyxDQUFDLFVBQW1CLFVBQVUsUUFBUSxVQUFVO0FBRy9ELFNBQVMsV0FBVyxPQUFvQztBQUM3RCxTQUFPLE9BQU8sVUFBVSxZQUFZLG9CQUFvQixLQUFLLEtBQUssS0FBSyxNQUFNLFVBQVUsTUFBTSxNQUFNLFlBQVksSUFBSTtBQUNySDs7O0FFaEhBLGVBQXNCLGlCQUFpQixRQUErQixPQUFlLE9BQWUsS0FBd0M7QUFDMUksUUFBTSxTQUFTLE1BQU0sY0FBYyxFQUFFLFFBQVEsTUFBTSxTQUFTLE9BQU8sT0FBTyxJQUFJLENBQUM7QUFDL0UsUUFBTUksU0FBUSxXQUFXLE9BQU8sS0FBSztBQUNyQyxTQUFPLEVBQUUsVUFBVSxTQUFTLFNBQVMsT0FBTyxLQUFLLE9BQUFBLFFBQU8sZUFBZUEsV0FBVSxVQUFhLE9BQU8sT0FBTyxjQUFjLEdBQUcsU0FBUyxDQUFDLEVBQUU7QUFDM0k7OztBQ1BBLGVBQXNCLG9CQUFvQixRQUErQyxPQUEwQztBQUNqSSxRQUFNLFdBQVcsR0FBRyxPQUFPLEtBQUssSUFBSSxPQUFPLFNBQVM7QUFDcEQsUUFBTSxRQUFRLE1BQU07QUFBQSxJQUNsQixHQUFHLE9BQU8sUUFBUSxnQkFBZ0IsSUFBSSxnQkFBZ0IsRUFBRSxhQUFhLE9BQU8sY0FBYyxTQUFTLENBQUMsQ0FBQztBQUFBLElBQ3JHLEVBQUUsU0FBUyxFQUFFLFFBQVEsbUJBQW1CLEVBQUU7QUFBQSxJQUMxQztBQUFBLEVBQ0Y7QUFDQSxRQUFNLE9BQVEsTUFBTSxRQUFRLENBQUM7QUFDN0IsTUFBSSxLQUFLLGFBQWEsS0FBTSxPQUFNLFNBQVMsc0NBQXNDO0FBQ2pGLE1BQUksT0FBTyxLQUFLLE1BQU0sTUFBTSxPQUFPLE1BQU8sT0FBTSxTQUFTLCtDQUErQztBQUN4RyxRQUFNLEtBQUssTUFBTTtBQUFBLElBQ2YsR0FBRyxPQUFPLFFBQVEsT0FBTyxJQUFJLGdCQUFnQixFQUFFLFFBQVEsaUNBQWlDLGNBQWMsTUFBTSxDQUFDLENBQUM7QUFBQSxJQUM5RyxFQUFFLFNBQVMsRUFBRSxRQUFRLG1CQUFtQixFQUFFO0FBQUEsSUFDMUM7QUFBQSxFQUNGO0FBQ0EsUUFBTSxLQUFLLEdBQUcsTUFBTSxLQUFLO0FBQ3pCLE1BQUksT0FBTyxPQUFPLFlBQVksT0FBTyxPQUFPLFNBQVUsT0FBTSxTQUFTLHdCQUF3QjtBQUM3RixNQUFJLEtBQUssWUFBWSxVQUFhLE9BQU8sS0FBSyxPQUFPLE1BQU0sT0FBTyxFQUFFLEVBQUcsT0FBTSxTQUFTLDRDQUE0QztBQUNsSSxRQUFNLFVBQWtDLENBQUM7QUFDekMsTUFBSSxPQUFPLEdBQUcsZUFBZSxTQUFVLFNBQVEsWUFBWSxHQUFHO0FBQzlELE1BQUksT0FBTyxHQUFHLGNBQWMsU0FBVSxTQUFRLFdBQVcsR0FBRztBQUM1RCxRQUFNQyxTQUFRLE9BQU8sR0FBRyxVQUFVLFlBQVksR0FBRyxNQUFNLFNBQVMsR0FBRyxJQUFJLEdBQUcsTUFBTSxZQUFZLElBQUk7QUFDaEcsU0FBTyxFQUFFLFVBQVUsWUFBWSxTQUFTLE9BQU8sRUFBRSxHQUFHLE9BQUFBLFFBQU8sZUFBZUEsV0FBVSxRQUFXLFFBQVE7QUFDekc7OztBQ3RCQSxlQUFzQixrQkFBa0IsUUFBK0IsT0FBZSxPQUFlLEtBQXdDO0FBQzNJLFFBQU0sT0FBTyxPQUFPLE9BQU8sUUFBUSxlQUFlLEVBQUU7QUFDcEQsUUFBTSxTQUFTLE1BQU0sY0FBYyxFQUFFLFFBQVEsTUFBTSxVQUFVLGFBQWEsU0FBUyxPQUFPLFNBQVMsQ0FBQyxJQUFJLElBQUksQ0FBQyxHQUFHLE9BQU8sT0FBTyxJQUFJLENBQUM7QUFDbkksUUFBTUMsU0FBUSxXQUFXLE9BQU8sS0FBSztBQUNyQyxRQUFNLFVBQWtDLENBQUM7QUFDekMsTUFBSSxPQUFPLE9BQU8sZUFBZSxTQUFVLFNBQVEsWUFBWSxPQUFPLFdBQVcsS0FBSztBQUN0RixNQUFJLE9BQU8sT0FBTyxnQkFBZ0IsU0FBVSxTQUFRLFdBQVcsT0FBTyxZQUFZLEtBQUs7QUFDdkYsTUFBSSxPQUFPLE9BQU8sWUFBWSxTQUFVLFNBQVEsWUFBWSxPQUFPO0FBQ25FLFNBQU8sRUFBRSxVQUFVLFVBQVUsU0FBUyxPQUFPLEtBQUssT0FBQUEsUUFBTyxlQUFlQSxXQUFVLFVBQWEsT0FBTyxPQUFPLGNBQWMsR0FBRyxRQUFRO0FBQ3hJOzs7QUNYQSxlQUFzQixpQkFBaUIsUUFBNEMsT0FBMEM7QUFDM0gsUUFBTSxTQUFTLE1BQU07QUFBQSxJQUNuQixPQUFPO0FBQUEsSUFDUCxFQUFFLFNBQVMsRUFBRSxlQUFlLFVBQVUsS0FBSyxJQUFJLFFBQVEsbUJBQW1CLEVBQUU7QUFBQSxJQUM1RTtBQUFBLEVBQ0Y7QUFDQSxRQUFNLFVBQVUsT0FBTztBQUN2QixNQUFJLE9BQU8sWUFBWSxZQUFZLE9BQU8sWUFBWSxTQUFVLE9BQU0sU0FBUyxrREFBa0Q7QUFDakksUUFBTSxVQUFrQyxDQUFDO0FBRXpDLGFBQVcsQ0FBQyxPQUFPLEtBQUssS0FBSyxPQUFPLFFBQVEsT0FBTyxNQUFNLEdBQUc7QUFDMUQsVUFBTSxRQUFRLE9BQU8sS0FBSztBQUMxQixTQUFLLE9BQU8sVUFBVSxZQUFZLE9BQU8sVUFBVSxhQUFhLE9BQU8sS0FBSyxFQUFFLEtBQUssTUFBTSxHQUFJLFNBQVEsS0FBSyxJQUFJLE9BQU8sS0FBSyxFQUFFLEtBQUs7QUFBQSxFQUNuSTtBQUNBLFFBQU1DLFNBQVEsUUFBUSxPQUFPLFlBQVk7QUFDekMsU0FBTyxRQUFRO0FBR2YsUUFBTSxnQkFBZ0JBLFdBQVUsV0FBYyxPQUFPLGNBQWMsT0FBTyxtQkFBbUIsUUFBUSxPQUFPLG1CQUFtQjtBQUMvSCxTQUFPLEVBQUUsVUFBVSxTQUFTLFNBQVMsT0FBTyxPQUFPLEdBQUcsT0FBQUEsUUFBTyxlQUFlLFFBQVE7QUFDdEY7OztBQ25CTyxTQUFTLGlCQUFpQixVQUE0QjtBQUMzRCxTQUFPLElBQUksU0FBUyxLQUFLLHFCQUFxQixnQkFBZ0IsUUFBUSxnQ0FBZ0M7QUFDeEc7QUFHQSxlQUFzQixvQkFDcEIsUUFDQSxVQUNBLE9BQ0EsU0FDMkI7QUFDM0IsVUFBUSxVQUFVO0FBQUEsSUFDaEIsS0FBSztBQUNILFVBQUksQ0FBQyxPQUFPLE1BQU8sT0FBTSxpQkFBaUIsT0FBTztBQUNqRCxhQUFPLGlCQUFpQixPQUFPLE9BQU8sS0FBSztBQUFBLElBQzdDLEtBQUs7QUFDSCxVQUFJLENBQUMsT0FBTyxTQUFVLE9BQU0saUJBQWlCLFVBQVU7QUFDdkQsYUFBTyxvQkFBb0IsT0FBTyxVQUFVLEtBQUs7QUFBQSxJQUNuRCxLQUFLO0FBQ0gsVUFBSSxDQUFDLE9BQU8sT0FBUSxPQUFNLGlCQUFpQixRQUFRO0FBQ25ELGFBQU8sa0JBQWtCLE9BQU8sUUFBUSxPQUFPLGFBQWEsUUFBUSxLQUFLLEdBQUcsUUFBUSxHQUFHO0FBQUEsSUFDekYsS0FBSztBQUNILFVBQUksQ0FBQyxPQUFPLE1BQU8sT0FBTSxpQkFBaUIsT0FBTztBQUNqRCxhQUFPLGlCQUFpQixPQUFPLE9BQU8sT0FBTyxhQUFhLFFBQVEsS0FBSyxHQUFHLFFBQVEsR0FBRztBQUFBLEVBQ3pGO0FBQ0Y7QUFFQSxTQUFTLGFBQWEsT0FBbUM7QUFFdkQsTUFBSSxVQUFVLE9BQVcsT0FBTSxJQUFJLFNBQVMsS0FBSyxxQkFBcUIsbUJBQW1CO0FBQ3pGLFNBQU87QUFDVDs7O0FDdkJBLElBQU0sUUFBUSxNQUFNLFVBQVUsdUJBQXVCLGdFQUFnRTtBQU9ySCxlQUFzQixjQUNwQixNQUNBLEtBQ0EsT0FDQSxTQUNBLEtBQ2U7QUFDZixNQUFJLGNBQWMsT0FBTztBQUN2QixVQUFNLFVBQVUsSUFBSSxRQUFRLE1BQU0sS0FBSyxRQUFRLGNBQWMsSUFBSSxPQUFPLFNBQVMsR0FBRyxJQUFJO0FBQ3hGLFFBQUksQ0FBQyxJQUFJLGlCQUFpQixDQUFFLE1BQU0sZUFBZSxNQUFNLFVBQVUsSUFBSSxhQUFhLEdBQUk7QUFDcEYsZUFBUyxRQUFRO0FBQ2pCLFlBQU0sTUFBTTtBQUFBLElBQ2Q7QUFDQSxVQUFNLFNBQVMsVUFBVTtBQUN6QjtBQUFBLEVBQ0Y7QUFDQSxRQUFNLFFBQVEsTUFBTSxxQkFBcUIsS0FBSyxJQUFJLElBQUksRUFBRTtBQUN4RCxRQUFNLFlBQVksQ0FBQyxHQUFHLElBQUksSUFBSSxNQUFNLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLENBQUMsRUFBRSxPQUFPLENBQUMsTUFBTSxNQUFNLGFBQWEsVUFBYSxNQUFNLE1BQU0sUUFBUTtBQUMvSCxNQUFJLFVBQVUsV0FBVyxHQUFHO0FBQzFCLFVBQU0sV0FBVyxxQkFBcUIsb0ZBQW9GO0FBQUEsTUFDeEgsRUFBRSxPQUFPLGlCQUFpQixNQUFNLGNBQWMsU0FBUyx1Q0FBdUM7QUFBQSxJQUNoRyxDQUFDO0FBQUEsRUFDSDtBQUNBLE1BQUk7QUFDSixhQUFXLFlBQVksV0FBVztBQUNoQyxRQUFJO0FBRUYsWUFBTSxXQUFXLE1BQU0sb0JBQW9CLEtBQUssUUFBUSxVQUEwQixNQUFNLGVBQWUsRUFBRSxLQUFLLEtBQUssSUFBSSxFQUFFLENBQUM7QUFDMUgsVUFBSSxNQUFNLEtBQUssQ0FBQyxNQUFNLEVBQUUsYUFBYSxTQUFTLFlBQVksRUFBRSxZQUFZLFNBQVMsT0FBTyxFQUFHO0FBQzNGLGtCQUFZLE1BQU07QUFBQSxJQUNwQixTQUFTLEtBQUs7QUFDWixrQkFBWTtBQUFBLElBQ2Q7QUFBQSxFQUNGO0FBQ0EsUUFBTTtBQUNSOzs7QUM1Q0EsZUFBc0IsY0FDcEIsTUFDQSxPQUNlO0FBQ2YsUUFBTSxNQUFNLE1BQU0saUJBQWlCLE1BQU0sTUFBTSxLQUFLO0FBQ3BELFFBQU0sUUFDSixNQUFNLHFCQUFxQixhQUFhLEVBQUUsVUFBVSxNQUFNLGlCQUFpQixJQUFJLEVBQUUsZUFBZSxNQUFNLGtCQUFrQixVQUFVLE1BQU0saUJBQWlCO0FBQzNKLFFBQU0sY0FBYyxNQUFNLEtBQUssT0FBTyxNQUFNLFNBQVMsTUFBTSxJQUFJLENBQUM7QUFDaEUsUUFBTSxNQUFNLE1BQU0sSUFBSTtBQUN0QixRQUFNLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFFakQsVUFBTSxVQUFVLE1BQU0sZUFBZSxLQUFLLElBQUksRUFBRTtBQUNoRCxRQUFJLENBQUMsV0FBVyxDQUFDLFdBQVcsT0FBTyxFQUFHLE9BQU0sYUFBYSxtQkFBbUIsdUJBQXVCO0FBQ25HLFVBQU0sY0FBYyxNQUFNLEtBQUssU0FBUyxtQkFBbUIsR0FBRztBQUFBLEVBQ2hFLENBQUM7QUFDSDs7O0FDYkEsZUFBc0IsbUJBQ3BCLE1BQ0EsT0FVZTtBQUNmLFFBQU0sRUFBRSxJQUFJLElBQUk7QUFDaEIsUUFBTSxNQUFNLE1BQU0saUJBQWlCLE1BQU0sTUFBTSxLQUFLO0FBQ3BELFFBQU0sUUFDSixNQUFNLGFBQWEsU0FDZixFQUFFLFVBQVUsTUFBTSxTQUFTLElBQzNCO0FBQUEsSUFDRSxlQUFlLE1BQU0saUJBQWlCO0FBQUEsSUFDdEMsR0FBSSxNQUFNLG9CQUFvQixNQUFNLHFCQUFxQixhQUFhLEVBQUUsVUFBVSxNQUFNLGlCQUFpQixJQUFJLENBQUM7QUFBQSxFQUNoSDtBQUNOLFFBQU0sY0FBYyxNQUFNLEtBQUssT0FBTyxNQUFNLFNBQVMsR0FBRztBQUN4RCxRQUFNLFdBQVcsTUFBTSxNQUFNLFlBQVk7QUFDekMsTUFBSSxhQUFhLElBQUksT0FBTztBQUMxQixVQUFNLFdBQVcscUJBQXFCLDhDQUF5QztBQUFBLE1BQzdFLEVBQUUsT0FBTyxTQUFTLE1BQU0sYUFBYSxTQUFTLDZDQUF3QztBQUFBLElBQ3hGLENBQUM7QUFBQSxFQUNIO0FBQ0EsUUFBTSxLQUFLLFFBQVEsYUFBYSxVQUFVLE1BQU0sU0FBUyxHQUFHO0FBQzVELFFBQU0sU0FBUyxNQUFNLG1CQUFtQixLQUFLLElBQUksUUFBUTtBQUN6RCxPQUFLLE9BQU87QUFBQSxJQUFZLE1BQU07QUFBQSxJQUFVLE1BQ3RDLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDM0MsVUFBSTtBQUNGLGNBQU0sS0FBSyxPQUFPLFFBQVEsS0FBSyxVQUFVLGFBQWEsc0JBQXNCLFVBQVUsT0FBTyxvQkFBb0IsSUFBSSxPQUFPLGFBQWEsSUFBSSxHQUFHLEdBQUc7QUFBQSxVQUNoSixPQUFNLHFCQUFxQixNQUFNLEtBQUssS0FBSyxVQUFVLEdBQUc7QUFDN0QsVUFBSSxJQUFJO0FBQ04sY0FBTSxLQUFLLE9BQU8sUUFBUSxLQUFLLElBQUksT0FBTyxhQUFhLDBCQUEwQixVQUFVLElBQUksb0JBQW9CLElBQUksSUFBSSxhQUFhLElBQUksR0FBRyxHQUFHO0FBQUEsSUFDdEosQ0FBQztBQUFBLEVBQ0g7QUFDRjs7O0FDeERBLFNBQVMsY0FBQUMsYUFBWSxXQUFXLG1CQUFBQyx3QkFBdUI7QUFnQnZELElBQU0sVUFBVSxDQUFDLFVBQWtCLFFBQWdCQyxZQUFXLFFBQVEsRUFBRSxPQUFPLHNCQUFzQixRQUFRLElBQUksR0FBRyxFQUFFLEVBQUUsT0FBTyxXQUFXO0FBRzFJLElBQU0sU0FBUyxNQUFNLE9BQU8sVUFBVSxHQUFHLEdBQVMsQ0FBQyxFQUFFLFNBQVMsR0FBRyxHQUFHO0FBR3BFLElBQU0sYUFBYSxNQUNqQixXQUFXLDBCQUEwQix3RkFBd0Y7QUFBQSxFQUMzSCxFQUFFLE9BQU8sV0FBVyxNQUFNLFdBQVcsU0FBUyx3Q0FBd0M7QUFDeEYsQ0FBQztBQUdILGVBQXNCLG1CQUNwQixNQUNBLEtBQ0EsUUFDQSxLQUNlO0FBQ2YsUUFBTSxNQUFNLE9BQU87QUFDbkIsUUFBTSxFQUFFLElBQUksSUFBSSxLQUFLLE9BQU87QUFDNUIsUUFBTSxxQkFBcUIsS0FBSyxFQUFFLFVBQVUsT0FBTyxJQUFJLFNBQVMsUUFBUSxPQUFPLElBQUksR0FBRyxHQUFHLEtBQUssV0FBVyxNQUFNLE1BQU0sSUFBSyxDQUFDO0FBQzNILFFBQU0sS0FBSyxPQUFPLFFBQVEsS0FBSyxPQUFPLE9BQVEsY0FBYyxLQUFLLEtBQUssTUFBTSxNQUFNLEVBQUUsQ0FBQyxHQUFHLEdBQUc7QUFDN0Y7QUFNQSxlQUFzQixxQkFDcEIsTUFDQSxPQUNlO0FBQ2YsUUFBTSxFQUFFLElBQUksSUFBSTtBQUNoQixRQUFNLEtBQUssUUFBUSxhQUFhLE1BQU0sT0FBTyxNQUFNLFNBQVMsR0FBRztBQUMvRCxRQUFNLFNBQVMsTUFBTSxtQkFBbUIsS0FBSyxJQUFJLE1BQU0sS0FBSztBQUM1RCxNQUFJLFFBQVEsV0FBVyxzQkFBc0I7QUFDM0MsU0FBSyxPQUFPLFlBQVksTUFBTSxVQUFVLE1BQU0sS0FBSyxHQUFHLFlBQVksRUFBRSxRQUFRLENBQUMsUUFBUSxtQkFBbUIsTUFBTSxLQUFLLFFBQVEsR0FBRyxDQUFDLENBQUM7QUFBQSxFQUNsSTtBQUNGO0FBT0EsZUFBc0IscUJBQXFCLE1BQTJDLE9BQW1FO0FBQ3ZKLFFBQU0sRUFBRSxJQUFJLElBQUk7QUFDaEIsUUFBTSxFQUFFLFNBQVMsSUFBSSxLQUFLLE9BQU87QUFDakMsUUFBTSxLQUFLLEdBQ1IsWUFBWSxFQUNaLFFBQVEsT0FBTyxRQUFRO0FBQ3RCLFVBQU0sU0FBUyxNQUFNLGtCQUFrQixLQUFLLE1BQU0sS0FBSztBQUN2RCxRQUFJLFFBQVEsV0FBVyxxQkFBc0IsT0FBTSxXQUFXO0FBQzlELFVBQU0sT0FBTyxNQUFNLFdBQVcsS0FBSyxPQUFPLElBQUksVUFBVSxHQUFHO0FBQzNELFFBQUksQ0FBQyxLQUFNLE9BQU0sV0FBVztBQUM1QixVQUFNLFFBQVEsT0FBTyxLQUFLLFFBQVEsT0FBTyxJQUFJLE1BQU0sR0FBRyxDQUFDO0FBQ3ZELFFBQUksQ0FBQ0MsaUJBQWdCLE9BQU8sT0FBTyxLQUFLLEtBQUssUUFBUSxDQUFDLEdBQUc7QUFDdkQsVUFBSSxLQUFLLFlBQVksU0FBVSxPQUFNLG9CQUFvQixLQUFLLE9BQU8sRUFBRTtBQUV2RSxhQUFPO0FBQUEsSUFDVDtBQUNBLFFBQUksQ0FBRSxNQUFNLHFCQUFxQixLQUFLLE9BQU8sSUFBSSxLQUFLLFFBQVEsRUFBSSxPQUFNLFdBQVc7QUFDbkYsVUFBTSxhQUFhLEtBQUssT0FBTyxJQUFJLEVBQUUsUUFBUSxzQkFBc0IsTUFBTSxHQUFHLGlCQUFpQixHQUFHLFlBQVksSUFBSSxDQUFDO0FBQ2pILFVBQU0sb0JBQW9CLEtBQUssT0FBTyxJQUFJLENBQUMsY0FBYyxjQUFjLEdBQUcsR0FBRztBQUM3RSxXQUFPO0FBQUEsRUFDVCxDQUFDLEVBQ0EsS0FBSyxDQUFDLFlBQVk7QUFDakIsUUFBSSxZQUFZLFFBQVMsT0FBTSxXQUFXO0FBQUEsRUFDNUMsQ0FBQztBQUNMOzs7QUNsRUEsZUFBc0Isc0JBQXNCLEtBQTRCLFNBQWtCLFlBQW1DO0FBQzNILE1BQUksQ0FBQyxRQUFRLFFBQVEsQ0FBQyxRQUFRLFdBQVk7QUFDMUMsUUFBTSxZQUFZLE1BQU0saUJBQWlCLEtBQUssUUFBUSxJQUFJO0FBQzFELE1BQUksVUFBVyxPQUFNLG1CQUFtQixLQUFLLFdBQVcsVUFBVTtBQUNwRTtBQU9BLGVBQXNCLG1CQUFtQixLQUE0QixTQUErQztBQUNsSCxNQUFJLENBQUMsUUFBUSxRQUFRLFFBQVEsV0FBWSxRQUFPLFFBQVE7QUFDeEQsU0FBUSxNQUFNLGlCQUFpQixLQUFLLFFBQVEsSUFBSSxJQUFLLFNBQVksUUFBUTtBQUMzRTs7O0FDdkJBLElBQU0sYUFBYSxNQUNqQixTQUFTLGVBQWUsNkNBQTZDO0FBQUEsRUFDbkUsRUFBRSxPQUFPLFNBQVMsTUFBTSxTQUFTLFNBQVMsNENBQTRDO0FBQ3hGLENBQUM7QUFDSSxJQUFNLGdCQUFnQixNQUMzQixTQUFTLG1CQUFtQiw2Q0FBNkM7QUFBQSxFQUN2RSxFQUFFLE9BQU8sWUFBWSxNQUFNLFNBQVMsU0FBUyw0Q0FBNEM7QUFDM0YsQ0FBQztBQUdILElBQU0sUUFBd0Y7QUFBQSxFQUM1RixXQUFXLEVBQUUsUUFBUSxVQUFVLFFBQVEsYUFBYTtBQUFBLEVBQ3BELGNBQWMsRUFBRSxRQUFRLFVBQVUsUUFBUSx3QkFBd0I7QUFBQSxFQUNsRSxZQUFZLEVBQUUsUUFBUSxzQkFBc0IsUUFBUSxzQkFBc0I7QUFBQSxFQUMxRSxLQUFLLEVBQUUsUUFBUSxzQkFBc0IsUUFBUSxzQkFBc0I7QUFBQSxFQUNuRSxVQUFVLEVBQUUsUUFBUSxvQkFBb0IsUUFBUSxvQkFBb0I7QUFDdEU7QUFTQSxlQUFzQixTQUNwQixNQUNBLE9BQzJCO0FBQzNCLFFBQU0sRUFBRSxLQUFLLElBQUk7QUFDakIsUUFBTSxLQUFLLFFBQVEsYUFBYSxNQUFNLFNBQVMsTUFBTSxJQUFJLENBQUM7QUFDMUQsUUFBTSxlQUFlLE1BQU0sa0JBQWtCLE1BQU0sS0FBSyxRQUFRO0FBQ2hFLFFBQU0sT0FBTyxLQUFLLE9BQU87QUFDekIsUUFBTSxFQUFFLFFBQVEsT0FBTyxJQUFJLE1BQU0sSUFBSTtBQUNyQyxRQUFNLE1BQU0sTUFBTSxJQUFJO0FBQ3RCLE1BQUk7QUFDSixNQUFJO0FBQ0YsZUFBVyxNQUFNLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDNUQsVUFBSSxNQUFNLGtCQUFrQixLQUFLLEtBQUssS0FBSyxFQUFHLE9BQU0sV0FBVztBQUMvRCxVQUFJLEtBQUssWUFBYSxNQUFNLGNBQWMsS0FBSyxLQUFLLFFBQVEsRUFBSSxPQUFNLGNBQWM7QUFDcEYsWUFBTSxTQUFTO0FBQUEsUUFDYixHQUFHLGVBQWUsSUFBSTtBQUFBLFFBQ3RCLE9BQU8sS0FBSztBQUFBLFFBQ1osZUFBZTtBQUFBLFFBQ2Y7QUFBQSxRQUNBLGlCQUFpQjtBQUFBLFFBQ2pCLFlBQVk7QUFBQSxRQUNaLGtCQUFrQjtBQUFBLE1BQ3BCO0FBQ0EsWUFBTSxNQUFNLE1BQU0sZUFBZSxLQUFLLE1BQU0sbUJBQW1CLEtBQUssTUFBTSxPQUFPLEdBQUcsUUFBUSxHQUFHO0FBQy9GLFVBQUksU0FBUyxrQkFBa0IsU0FBUyxhQUFjLE9BQU0sZUFBZSxNQUFNLEtBQUssS0FBSyxNQUFNLEdBQUc7QUFBQSxlQUMzRixTQUFTLE1BQU8sT0FBTSxtQkFBbUIsTUFBTSxLQUFLLEtBQUssR0FBRztBQUNyRSxhQUFPO0FBQUEsSUFDVCxDQUFDO0FBQUEsRUFDSCxTQUFTLEtBQUs7QUFFWixRQUFJLGtCQUFrQixHQUFHLEVBQUcsT0FBTSxZQUFZLEtBQUssT0FBUSxJQUFjLE9BQU8sQ0FBQyxJQUFJLGNBQWMsSUFBSSxXQUFXO0FBQ2xILFVBQU07QUFBQSxFQUNSO0FBQ0EsT0FBSyxPQUFPLFVBQVU7QUFDdEIsU0FBTyxFQUFFLFFBQVEsUUFBUSxrQkFBa0IsTUFBTSxVQUFVLFNBQVMsSUFBSSxNQUFNLFNBQVMsTUFBTSxXQUFXLFdBQVcsU0FBUztBQUM5SDs7O0FDL0RBLGVBQXNCLGNBQ3BCLE1BQ0EsT0FDNkI7QUFDN0IsTUFBSTtBQUNGLFVBQU0sVUFBVSxNQUFNLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDakUsWUFBTSxVQUFVLE1BQU0sZUFBZSxLQUFLLE1BQU0sTUFBTSxRQUFRLFNBQVM7QUFDdkUsVUFBSSxDQUFDLFdBQVcsUUFBUSxXQUFXLFlBQWEsT0FBTSxhQUFhLG1CQUFtQix1QkFBdUI7QUFDN0csYUFBTyxhQUFhLEtBQUssUUFBUSxJQUFJLEVBQUUsR0FBRyxlQUFlLE1BQU0sU0FBUyxPQUFPLEdBQUcsWUFBWSxNQUFNLElBQUksQ0FBQztBQUFBLElBQzNHLENBQUM7QUFDRCxXQUFPLHFCQUFxQixPQUFPO0FBQUEsRUFDckMsU0FBUyxLQUFLO0FBQ1osUUFBSSxrQkFBa0IsR0FBRyxFQUFHLE9BQU0sY0FBYztBQUNoRCxVQUFNO0FBQUEsRUFDUjtBQUNGOzs7QUNaQSxlQUFzQix1QkFDcEIsTUFDQSxPQUNlO0FBQ2YsUUFBTSxLQUFLLEdBQUcsWUFBWSxFQUFFLFFBQVEsT0FBTyxRQUFRO0FBQ2pELFVBQU0sVUFBVSxNQUFNLGVBQWUsS0FBSyxNQUFNLE1BQU0sUUFBUSxTQUFTO0FBQ3ZFLFFBQUksQ0FBQyxRQUFTLE9BQU0sYUFBYSxtQkFBbUIsdUJBQXVCO0FBQzNFLFVBQU0sVUFBVSxlQUFlLE1BQU0sU0FBUyxPQUFPO0FBQ3JELFFBQUksT0FBTyxLQUFLLE9BQU8sRUFBRSxXQUFXLEVBQUc7QUFDdkMsVUFBTSxhQUFhLEtBQUssUUFBUSxJQUFJLEVBQUUsR0FBRyxTQUFTLFlBQVksTUFBTSxJQUFJLENBQUM7QUFBQSxFQUMzRSxDQUFDO0FBQ0g7OztBQ3RCQSxTQUFTLGNBQUFDLGFBQVksbUJBQUFDLHdCQUF1QjtBQThDNUMsSUFBTUMsVUFBUyxDQUFDLE1BQWNDLFlBQVcsUUFBUSxFQUFFLE9BQU8sQ0FBQyxFQUFFLE9BQU87QUFDcEUsSUFBTSxvQkFBb0Isb0JBQUksUUFBK0I7QUFNN0QsU0FBUyxpQkFBaUIsS0FBb0IsR0FBb0I7QUFDaEUsTUFBSSxDQUFDLElBQUksT0FBTyxXQUFZLE9BQU0sVUFBVSwwQkFBMEIsZ0VBQWdFO0FBQ3RJLE1BQUksV0FBVyxrQkFBa0IsSUFBSSxHQUFHO0FBQ3hDLE1BQUksQ0FBQyxTQUFVLG1CQUFrQixJQUFJLEtBQU0sV0FBV0QsUUFBTyxJQUFJLE9BQU8sVUFBVSxDQUFFO0FBQ3BGLFFBQU0sUUFBUSxZQUFZLENBQUM7QUFFM0IsTUFBSSxDQUFDLFNBQVMsQ0FBQ0UsaUJBQWdCRixRQUFPLEtBQUssR0FBRyxRQUFRLEdBQUc7QUFDdkQsVUFBTSxVQUFVLHdCQUF3QiwrR0FBK0c7QUFBQSxFQUN6SjtBQUNBLFNBQU8sQ0FBQztBQUNWO0FBVUEsSUFBTSxZQUFnRDtBQUFBLEVBQ3BELE1BQU0sT0FBTyxDQUFDO0FBQUEsRUFDZCxRQUFRLENBQUMsS0FBSyxHQUFHLFFBQVEsaUJBQWlCLEtBQUssR0FBRyxHQUFHO0FBQUEsRUFDckQsWUFBWSxDQUFDLEtBQUssR0FBRyxRQUFRLHFCQUFxQixLQUFLLEdBQUcsR0FBRztBQUFBLEVBQzdELE9BQU8sQ0FBQyxLQUFLLEdBQUcsS0FBSyxZQUFZLGdCQUFnQixLQUFLLEdBQUcsU0FBUyxLQUFLLE9BQU87QUFBQSxFQUM5RSxVQUFVLENBQUMsS0FBSyxHQUFHLFFBQVEsZ0JBQWdCLEtBQUssR0FBRyxZQUFZLEdBQUc7QUFBQSxFQUNsRSxTQUFTLENBQUMsS0FBSyxNQUFNLGlCQUFpQixLQUFLLENBQUM7QUFDOUM7QUFHQSxTQUFTLFNBQVMsTUFBbUM7QUFDbkQsTUFBSSxPQUFPLFNBQVMsWUFBWSxTQUFTLFFBQVEsRUFBRSxZQUFZLE1BQU8sUUFBTztBQUM3RSxTQUFPLE9BQU8sS0FBSyxXQUFXLFdBQVcsS0FBSyxTQUFTO0FBQ3pEO0FBYU8sU0FBUyxNQUFnQyxLQUFXLEtBQW9CRyxRQUFVLFNBQTBCLFVBQXdCLENBQUMsR0FBUztBQUVuSixRQUFNLFlBQWtDLFVBQVVBLE9BQU0sSUFBSTtBQUM1RCxRQUFNLFNBQVNBLE9BQU07QUFDckIsUUFBTSxjQUFjQSxPQUFNLFNBQVMsYUFBYyxXQUFXLFVBQWEsT0FBTyxLQUFLLElBQUksU0FBUztBQUdsRyxRQUFNLFdBQW1DLE9BQU8sR0FBRyxTQUFTO0FBRzFELFVBQU0sT0FDSixXQUFXLFNBQVksU0FBWSxNQUFNLFNBQVMsR0FBRyxRQUFRLEVBQUUsT0FBTyxJQUFJLE9BQU8sV0FBVyxVQUFVLFFBQVEsYUFBYSxDQUFDO0FBRTlILE1BQUUsSUFBSSxRQUFRLElBQUk7QUFDbEIsVUFBTSxLQUFLO0FBQUEsRUFDYjtBQUVBLFFBQU0sYUFBcUMsT0FBTyxHQUFHLFNBQVM7QUFDNUQsTUFBRSxJQUFJLFVBQVUsTUFBTSxVQUFVLEtBQUssR0FBRyxTQUFTLEVBQUUsSUFBSSxNQUFNLENBQUMsR0FBRyxPQUFPLENBQUM7QUFDekUsVUFBTSxLQUFLO0FBQUEsRUFDYjtBQUNBLFFBQU0sU0FBdUIsT0FBTyxNQUFNO0FBRXhDLE1BQUUsT0FBTyxpQkFBaUIsVUFBVTtBQUNwQyxVQUFNLFNBQVMsTUFBTSxRQUFRLEVBQUUsR0FBRyxRQUFRLEVBQUUsSUFBSSxRQUFRLEdBQUcsTUFBTSxFQUFFLElBQUksTUFBTSxHQUFHLFNBQVMsTUFBTSxjQUFjLEdBQUcsSUFBSSxPQUFPLFVBQVUsRUFBRSxDQUFDO0FBQ3hJLFFBQUksa0JBQWtCLFNBQVUsUUFBTztBQUN2QyxRQUFJQSxPQUFNLFdBQVcsSUFBSyxRQUFPLEVBQUUsS0FBSyxNQUFNLEdBQUc7QUFDakQsV0FBTyxFQUFFLEtBQUssVUFBVSxNQUFNQSxPQUFNLE1BQU07QUFBQSxFQUM1QztBQUVBLE1BQUksWUFBYSxLQUFJLEdBQUdBLE9BQU0sUUFBUSxTQUFTQSxPQUFNLElBQUksR0FBRyxZQUFZLFVBQVUsTUFBTTtBQUFBLE1BQ25GLEtBQUksR0FBR0EsT0FBTSxRQUFRLFNBQVNBLE9BQU0sSUFBSSxHQUFHLFVBQVUsWUFBWSxNQUFNO0FBQzlFOzs7QS9CckhPLFNBQVMsY0FBYyxLQUEwQjtBQUN0RCxRQUFNLE1BQU0sSUFBSUMsTUFBSztBQUVyQixRQUFNLEtBQUssS0FBSyxPQUFPLFlBQVksT0FBTyxFQUFFLE9BQU8sTUFBTSxxQkFBcUIsTUFBTSxpQkFBaUIsS0FBSyxPQUFPLEtBQUssQ0FBQyxDQUFDO0FBRXhILFFBQU0sS0FBSyxLQUFLLE9BQU8sZUFBZSxDQUFDLEVBQUUsTUFBTSxPQUFPLE1BQU07QUFDMUQsVUFBTSxFQUFFLFFBQVEsR0FBRyxHQUFHLFFBQVEsSUFBSTtBQUNsQyxXQUFPLGNBQWMsS0FBSyxFQUFFLE9BQU8sT0FBTyxPQUFPLFNBQVMsS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDO0FBQUEsRUFDNUUsQ0FBQztBQUdELFFBQU0sS0FBSyxLQUFLLE9BQU8sK0JBQStCLE9BQU8sRUFBRSxNQUFNLE9BQU8sTUFBTTtBQUNoRixVQUFNLEVBQUUsUUFBUSxHQUFHLEdBQUcsUUFBUSxJQUFJO0FBQ2xDLFVBQU0sdUJBQXVCLEtBQUssRUFBRSxPQUFPLE9BQU8sT0FBTyxTQUFTLEtBQUssSUFBSSxJQUFJLEVBQUUsQ0FBQztBQUNsRixXQUFPLEVBQUUsUUFBUSxLQUFLO0FBQUEsRUFDeEIsQ0FBQztBQUVELFFBQU0sS0FBSyxLQUFLLE9BQU8sZ0JBQWdCLE9BQU8sRUFBRSxNQUFNLFFBQVEsUUFBUSxNQUFNO0FBQzFFLFVBQU0sZUFBZSxLQUFLLEVBQUUsT0FBTyxPQUFPLE9BQU8sYUFBYSxLQUFLLGFBQWEsVUFBVSxLQUFLLFVBQVUsU0FBUyxRQUFRLEdBQUcsS0FBSyxJQUFJLElBQUksQ0FBQztBQUMzSSxXQUFPLEVBQUUsUUFBUSxLQUFLO0FBQUEsRUFDeEIsQ0FBQztBQUdELFFBQU0sS0FBSyxLQUFLLE9BQU8sb0JBQW9CLE9BQU8sRUFBRSxHQUFHLE1BQU0sUUFBUSxRQUFRLE1BQU07QUFDakYsVUFBTSxtQkFBbUIsS0FBSztBQUFBLE1BQzVCLE9BQU8sT0FBTztBQUFBLE1BQ2QsT0FBTyxLQUFLO0FBQUEsTUFDWixHQUFJLEtBQUssYUFBYSxTQUFZLENBQUMsSUFBSSxFQUFFLFVBQVUsS0FBSyxTQUFTO0FBQUEsTUFDakUsR0FBSSxLQUFLLGtCQUFrQixTQUFZLENBQUMsSUFBSSxFQUFFLGVBQWUsS0FBSyxjQUFjO0FBQUEsTUFDaEYsR0FBSSxLQUFLLHFCQUFxQixTQUFZLENBQUMsSUFBSSxFQUFFLGtCQUFrQixLQUFLLGlCQUFpQjtBQUFBLE1BQ3pGLFNBQVMsUUFBUTtBQUFBLE1BQ2pCLEtBQUssSUFBSSxJQUFJO0FBQUEsTUFDYixVQUFVLFdBQVcsQ0FBQztBQUFBLElBQ3hCLENBQUM7QUFDRCxXQUFPLEVBQUUsUUFBUSxXQUFXO0FBQUEsRUFDOUIsQ0FBQztBQUdELFFBQU0sS0FBSyxLQUFLLE9BQU8sb0JBQW9CLE9BQU8sRUFBRSxNQUFNLE9BQU8sTUFBTTtBQUNyRSxVQUFNLG1CQUFtQixLQUFLO0FBQUEsTUFDNUIsT0FBTyxLQUFLO0FBQUEsTUFDWixHQUFJLEtBQUssd0JBQXdCLFNBQVksQ0FBQyxJQUFJLEVBQUUscUJBQXFCLEtBQUssb0JBQW9CO0FBQUEsTUFDbEcsR0FBSSxXQUFXLFNBQVMsRUFBRSxRQUFRLE9BQU8sTUFBTSxJQUFJLENBQUM7QUFBQSxNQUNwRCxLQUFLLElBQUk7QUFBQSxJQUNYLENBQUM7QUFDRCxXQUFPLEVBQUUsUUFBUSxLQUFLO0FBQUEsRUFDeEIsQ0FBQztBQUVELFFBQU0sS0FBSyxLQUFLLE9BQU8sZUFBZSxPQUFPLEVBQUUsTUFBTSxRQUFRLFFBQVEsTUFBTTtBQUN6RSxVQUFNLGNBQWMsS0FBSztBQUFBLE1BQ3ZCLE9BQU8sT0FBTztBQUFBLE1BQ2Qsa0JBQWtCLEtBQUs7QUFBQSxNQUN2QixrQkFBa0IsS0FBSyxvQkFBb0I7QUFBQSxNQUMzQyxTQUFTLFFBQVE7QUFBQSxNQUNqQixLQUFLLElBQUk7QUFBQSxJQUNYLENBQUM7QUFBQSxFQUNILENBQUM7QUFFRCxTQUFPO0FBQ1Q7OztBZ0N6RUEsU0FBdUIsUUFBQUMsYUFBWTs7O0FDQW5DLFNBQVMsY0FBQUMsbUJBQWtCO0FBZTNCLGVBQXNCLGtCQUNwQixNQUNBLE9BQ3dCO0FBQ3hCLFFBQU0sRUFBRSxNQUFNLFFBQVEsSUFBSSxJQUFJO0FBQzlCLFFBQU0sS0FBSyxRQUFRLGVBQWUsTUFBTSxTQUFTLEdBQUc7QUFDcEQsUUFBTSxRQUFTLE1BQU0sS0FBSyxTQUFTLGdCQUFnQixNQUFNLFdBQVcsTUFBTSxNQUFPO0FBQ2pGLFFBQU0sTUFBTSxNQUNWLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDM0MsVUFBTSxRQUFRLE1BQU0saUJBQWlCLEtBQUssSUFBSTtBQUM5QyxVQUFNLFNBQVMsQ0FBQyxRQUNaLE1BQU0sc0JBQXNCLEtBQUssTUFBTSxHQUFHLElBQzFDLE1BQU0sV0FBVyxlQUFlLFFBQzlCLFFBQ0EsTUFBTSxzQkFBc0IsS0FBS0MsWUFBVyxHQUFHLEdBQUc7QUFDeEQsVUFBTSxVQUFVLE1BQU0sS0FBSyxTQUFTLE9BQU8sS0FBSyxFQUFFLFVBQVUsT0FBTyxJQUFJLFFBQVEsT0FBTyxvQkFBb0IsUUFBUSxhQUFhLElBQUksQ0FBQztBQUNwSSxXQUFPLEVBQUUsUUFBUSxRQUFRO0FBQUEsRUFDM0IsQ0FBQztBQUNILE1BQUk7QUFDSixNQUFJO0FBQ0YsYUFBUyxNQUFNLElBQUk7QUFBQSxFQUNyQixTQUFTLEtBQUs7QUFDWixRQUFJLENBQUMsa0JBQWtCLEdBQUcsRUFBRyxPQUFNO0FBQ25DLGFBQVMsTUFBTSxJQUFJO0FBQUEsRUFDckI7QUFDQSxTQUFPLEtBQUssU0FBUyxNQUFNLE9BQU8sU0FBUyxPQUFPLFFBQVEsR0FBRztBQUMvRDs7O0FDakNBLGVBQXNCLGVBQWUsTUFBNkMsT0FBc0U7QUFDdEosUUFBTSxFQUFFLFFBQVEsSUFBSSxNQUFNO0FBQzFCLFFBQU0sRUFBRSxJQUFJLElBQUk7QUFDaEIsUUFBTSxTQUFTLE1BQU0sS0FBSyxHQUFHLFlBQVksRUFBRSxRQUFRLE9BQU8sUUFBUTtBQUNoRSxVQUFNLE1BQU0sTUFBTSxlQUFlLEtBQUssUUFBUSxTQUFTO0FBQ3ZELFFBQUksQ0FBQyxJQUFLLFFBQU87QUFDakIsVUFBTSxxQkFBcUIsS0FBSyxRQUFRLElBQUksR0FBRztBQUMvQyxRQUFJLFFBQVEsVUFBVSxTQUFVLE9BQU0sWUFBWSxLQUFLLElBQUksSUFBSSxHQUFHO0FBQ2xFLFdBQU87QUFBQSxFQUNULENBQUM7QUFDRCxNQUFJLENBQUMsT0FBUSxPQUFNLGFBQWEsbUJBQW1CLHVCQUF1QjtBQUMxRSxTQUFPLEtBQUssU0FBUyxNQUFNLFNBQVMsUUFBUSxHQUFHO0FBQ2pEOzs7QUNYQSxlQUFzQixvQkFDcEIsTUFDQSxLQUNBLFVBQ0EsT0FDcUI7QUFDckIsUUFBTSxzQkFBc0IsS0FBSyxNQUFNLFNBQVMsU0FBUyxFQUFFO0FBQzNELFFBQU0sWUFBWSxLQUFLLFNBQVMsSUFBSSxNQUFNLEdBQUc7QUFDN0MsU0FBTyxLQUFLLFNBQVMsT0FBTyxLQUFLLEVBQUUsVUFBVSxTQUFTLElBQUksUUFBUSxNQUFNLFFBQVEsT0FBTyxVQUFVLFFBQVEsTUFBTSxRQUFRLEtBQUssTUFBTSxJQUFJLENBQUM7QUFDekk7OztBQ0tBLGVBQXNCLG1CQUNwQixNQUNBLE9BQ3lCO0FBQ3pCLFFBQU0sRUFBRSxPQUFBQyxRQUFPLFVBQVUsSUFBSSxJQUFJO0FBQ2pDLFFBQU0sVUFBVSxNQUFNLEtBQUssUUFBUSxjQUFjQSxRQUFPLE1BQU0sU0FBUyxHQUFHO0FBQzFFLFFBQU0sU0FBUyxNQUFNLGtCQUFrQixLQUFLLElBQUlBLE1BQUs7QUFDckQsUUFBTSxVQUFVLE1BQU0sZUFBZSxVQUFVLFFBQVEsaUJBQWlCLEtBQUssU0FBUztBQUN0RixNQUFJLENBQUMsUUFBUSxpQkFBaUIsQ0FBQyxXQUFXLENBQUMsV0FBVyxNQUFNLEdBQUc7QUFDN0QsWUFBUSxRQUFRO0FBQ2hCLFdBQU8sRUFBRSxRQUFRLGVBQWU7QUFBQSxFQUNsQztBQUNBLFFBQU0sUUFBUSxVQUFVO0FBQ3hCLE1BQUksT0FBTyxXQUFXLHFCQUFzQixRQUFPLEVBQUUsUUFBUSxzQkFBc0I7QUFDbkYsTUFBSSxPQUFPLFdBQVcsbUJBQW9CLFFBQU8sRUFBRSxRQUFRLG9CQUFvQjtBQUMvRSxRQUFNLFFBQVEsS0FBSyxPQUFPO0FBQzFCLFFBQU0sa0JBQWtCLFVBQVUsVUFBYSxPQUFPLGtCQUFrQixNQUFNLFdBQVcsTUFBTSx5QkFBeUIsTUFBTTtBQUM5SCxNQUFJLFNBQVMsT0FBTyxrQkFBa0IsTUFBTSxXQUFXLENBQUMsZ0JBQWlCLFFBQU8sRUFBRSxRQUFRLDZCQUE2QixNQUFNO0FBQzdILE1BQUksWUFBWSxPQUFPLGVBQWUsS0FBSyxPQUFPLGdCQUFnQixHQUFHO0FBQ25FLFVBQU0sb0JBQW9CLEtBQUssSUFBSSxPQUFPLElBQUksT0FBTyxlQUFlLE1BQU0sYUFBYSxVQUFVLEtBQUssT0FBTyxnQkFBZ0IsQ0FBQztBQUFBLEVBQ2hJO0FBQ0EsUUFBTSxVQUFVLE1BQU0sS0FBSyxHQUFHLFlBQVksRUFBRSxRQUFRLE9BQU8sUUFBUTtBQUNqRSxRQUFJLGdCQUFpQixPQUFNLHNCQUFzQixLQUFLLE9BQU8sSUFBSSxNQUFNLFNBQVMsR0FBRztBQUNuRixXQUFPLG9CQUFvQixNQUFNLEtBQUssUUFBUSxFQUFFLFFBQVEsTUFBTSxRQUFRLFNBQVMsTUFBTSxTQUFTLFFBQVEsWUFBWSxJQUFJLENBQUM7QUFBQSxFQUN6SCxDQUFDO0FBQ0QsU0FBTyxFQUFFLFFBQVEsV0FBVyxPQUFPLE1BQU0sS0FBSyxTQUFTLE1BQU0sU0FBUyxRQUFRLEdBQUcsRUFBRTtBQUNyRjs7O0FDN0JBLElBQU0sVUFBc0M7QUFBQSxFQUMxQyxxQkFBcUI7QUFBQSxFQUNyQix1QkFBdUI7QUFBQSxFQUN2QixrQkFBa0I7QUFBQSxFQUNsQixjQUFjO0FBQ2hCO0FBZUEsZUFBc0IsMEJBQ3BCLE1BQ0EsS0FDQSxTQUNBLE9BQ29CO0FBQ3BCLE1BQUksUUFBUSxvQkFBb0IsRUFBRyxRQUFPO0FBQzFDLFFBQU0sU0FBUyxNQUFNLGlCQUFpQixLQUFLLFFBQVEsRUFBRTtBQUNyRCxNQUFJLFFBQVEsa0JBQWtCLFFBQVEsQ0FBQyxPQUFRLFFBQU87QUFFdEQsTUFBSSxNQUFNLFVBQVUsZ0JBQWdCLENBQUMsT0FBUSxRQUFPO0FBQ3BELFFBQU0sZUFBZSxNQUFNLFVBQVU7QUFDckMsUUFBTSxtQkFBbUIsS0FBSyxRQUFRLEVBQUU7QUFDeEMsUUFBTSxLQUFLLFNBQVMscUJBQXFCLEtBQUssUUFBUSxJQUFJLFFBQVEsTUFBTSxLQUFLLEdBQUcsTUFBTSxHQUFHO0FBQ3pGLFNBQU8sYUFBYSxLQUFLLFFBQVEsSUFBSTtBQUFBLElBQ25DLFFBQVEsc0JBQXNCLE9BQU87QUFBQSxJQUNyQyxpQkFBaUI7QUFBQSxJQUNqQixHQUFJLGVBQWUsQ0FBQyxJQUFJLEVBQUUsZUFBZSxLQUFLO0FBQUEsSUFDOUMsWUFBWSxNQUFNO0FBQUEsRUFDcEIsQ0FBQztBQUNIOzs7QUN4Q0EsU0FBUyxnQkFBZ0IsU0FBeUQ7QUFDaEYsUUFBTSxNQUE4QixDQUFDO0FBQ3JDLGFBQVcsQ0FBQyxPQUFPLEtBQUssS0FBSyxPQUFPLFFBQVEsT0FBTyxHQUFHO0FBQ3BELFVBQU0sU0FBVSxjQUFrRixLQUFLO0FBQ3ZHLFFBQUksUUFBUSxVQUFVLEtBQUssRUFBRSxRQUFTLEtBQUksS0FBSyxJQUFJO0FBQUEsRUFDckQ7QUFDQSxTQUFPO0FBQ1Q7QUFZQSxlQUFzQixtQkFDcEIsTUFDQSxPQVN5QjtBQUN6QixRQUFNLEVBQUUsVUFBVSxJQUFJLElBQUk7QUFDMUIsUUFBTSxNQUFNLE1BQ1YsS0FBSyxHQUFHLFlBQVksRUFBRSxRQUFRLE9BQU8sUUFBUTtBQUMzQyxVQUFNLFdBQVcsTUFBTSxtQkFBbUIsS0FBSyxTQUFTLFVBQVUsU0FBUyxPQUFPO0FBQ2xGLFFBQUksV0FBa0MsYUFBYSxTQUFZLFNBQVksTUFBTSxlQUFlLEtBQUssUUFBUTtBQUM3RyxRQUFJLFlBQVksQ0FBQyxXQUFXLFFBQVEsRUFBRyxZQUFXO0FBRWxELFFBQUksQ0FBQyxZQUFZLFNBQVMsT0FBTztBQUMvQixZQUFNLFdBQVcsTUFBTSxrQkFBa0IsS0FBSyxTQUFTLEtBQUs7QUFDNUQsVUFBSSxZQUFZLFdBQVcsUUFBUSxHQUFHO0FBQ3BDLFlBQUksQ0FBQyxTQUFTLGVBQWU7QUFDM0IsZ0JBQU0sU0FBUyxlQUFlLHVFQUF1RTtBQUFBLFlBQ25HLEVBQUUsT0FBTyxTQUFTLE1BQU0sU0FBUyxTQUFTLG9DQUFvQztBQUFBLFVBQ2hGLENBQUM7QUFBQSxRQUNIO0FBRUEsY0FBTSxVQUFVLE1BQU0sMEJBQTBCLE1BQU0sS0FBSyxVQUFVLEVBQUUsT0FBTyxxQkFBcUIsSUFBSSxDQUFDO0FBQ3hHLG1CQUNFLFlBQVksV0FDUixVQUNBLE1BQU0sYUFBYSxLQUFLLFNBQVMsSUFBSSxFQUFFLFFBQVEsc0JBQXNCLFFBQVEsR0FBRyxpQkFBaUIsR0FBRyxZQUFZLElBQUksQ0FBQztBQUFBLE1BQzdIO0FBQUEsSUFDRjtBQUVBLFFBQUksQ0FBQyxVQUFVO0FBQ2IsVUFBSSxDQUFDLE1BQU0sWUFBYSxRQUFPO0FBQy9CLFlBQU0sU0FBUztBQUFBLFFBQ2IsR0FBRyxlQUFlLEVBQUUsR0FBRyxnQkFBZ0IsU0FBUyxPQUFPLEdBQUcsWUFBWSxNQUFNLFlBQVksWUFBWSxNQUFNLFdBQVcsQ0FBQztBQUFBLFFBQ3RILE9BQU8sU0FBUyxTQUFTO0FBQUEsUUFDekIsZUFBZTtBQUFBLFFBQ2YsUUFBUTtBQUFBLFFBQ1IsaUJBQWlCLFNBQVMsZ0JBQWdCLElBQUk7QUFBQSxRQUM5QyxZQUFZO0FBQUEsUUFDWixrQkFBa0I7QUFBQSxNQUNwQjtBQUNBLGlCQUFXLE1BQU0sZUFBZSxLQUFLLE1BQU0sbUJBQW1CLEtBQUssTUFBTSxPQUFPLEdBQUcsUUFBUSxHQUFHO0FBQUEsSUFDaEc7QUFHQSxRQUFJLFNBQVMsV0FBVyxtQkFBb0IsT0FBTSxVQUFVLHFCQUFxQixnREFBZ0Q7QUFDakksUUFBSSxhQUFhLFNBQVMsR0FBSSxPQUFNLGFBQWEsS0FBSyxTQUFTLFVBQVUsU0FBUyxTQUFTLFNBQVMsSUFBSSxHQUFHO0FBQzNHLFVBQU0sVUFBVSxNQUFNLG9CQUFvQixNQUFNLEtBQUssVUFBVSxFQUFFLFFBQVEsTUFBTSxRQUFRLFNBQVMsTUFBTSxTQUFTLFFBQVEsU0FBUyxVQUFVLElBQUksQ0FBQztBQUMvSSxXQUFPLEVBQUUsVUFBVSxRQUFRO0FBQUEsRUFDN0IsQ0FBQztBQUVILE1BQUk7QUFDSixNQUFJO0FBQ0YsYUFBUyxNQUFNLElBQUk7QUFBQSxFQUNyQixTQUFTLEtBQUs7QUFFWixRQUFJLENBQUMsa0JBQWtCLEdBQUcsRUFBRyxPQUFNO0FBQ25DLGFBQVMsTUFBTSxJQUFJO0FBQUEsRUFDckI7QUFDQSxNQUFJLENBQUMsT0FBUSxRQUFPLEVBQUUsUUFBUSx3QkFBd0I7QUFDdEQsU0FBTyxFQUFFLFFBQVEsV0FBVyxPQUFPLE1BQU0sS0FBSyxTQUFTLE1BQU0sT0FBTyxTQUFTLE9BQU8sVUFBVSxHQUFHLEVBQUU7QUFDckc7OztBQ3RHQSxlQUFzQixRQUNwQixNQUNBLE9BQ2U7QUFDZixRQUFNLEVBQUUsU0FBUyxPQUFPLElBQUksTUFBTTtBQUNsQyxNQUFJLE1BQU0sa0JBQWtCLE9BQU8sUUFBUSxTQUFVLE9BQU0sS0FBSyxTQUFTLHFCQUFxQixLQUFLLElBQUksUUFBUSxXQUFXLHlCQUF5QixNQUFNLEdBQUc7QUFBQSxNQUN2SixPQUFNLEtBQUssU0FBUyxjQUFjLEtBQUssSUFBSSxRQUFRLElBQUksY0FBYyxNQUFNLEdBQUc7QUFDckY7OztBUElBLGVBQWUsWUFDYixLQUNBLE1BQ0EsUUFDQSxTQUNBLGFBQ3lCO0FBQ3pCLFFBQU0sV0FBVyxNQUFNLG9CQUFvQixJQUFJLFFBQVEsS0FBSyxrQkFBa0IsS0FBSyx1QkFBdUIsRUFBRSxPQUFPLEtBQUssT0FBTyxLQUFLLElBQUksSUFBSSxFQUFFLENBQUM7QUFDL0ksU0FBTyxtQkFBbUIsS0FBSztBQUFBLElBQzdCO0FBQUEsSUFDQTtBQUFBLElBQ0EsWUFBWSxLQUFLO0FBQUEsSUFDakIsWUFBWSxLQUFLO0FBQUEsSUFDakI7QUFBQSxJQUNBO0FBQUEsSUFDQSxLQUFLLElBQUksSUFBSTtBQUFBLEVBQ2YsQ0FBQztBQUNIO0FBR0EsU0FBUyxZQUFZLEtBQW9CLE1BQWdFLFFBQWdCLFNBQWtCLFNBQWlCO0FBQzFKLFNBQU8sbUJBQW1CLEtBQUs7QUFBQSxJQUM3QixPQUFPLEtBQUs7QUFBQSxJQUNaLFVBQVUsS0FBSztBQUFBLElBQ2Y7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0EsS0FBSyxJQUFJLElBQUk7QUFBQSxJQUNiLHNCQUFzQixLQUFLO0FBQUEsRUFDN0IsQ0FBQztBQUNIO0FBT0EsZUFBZSxVQUFVLEtBQW9CLEdBQVksTUFBYyxRQUFrQztBQUN2RyxTQUFPLEVBQUUsTUFBTSxZQUFhLE1BQU0sSUFBSSxTQUFTLGdCQUFnQixZQUFZLENBQUMsR0FBRyxNQUFNLE1BQU8sS0FBSztBQUNuRztBQUdBLFNBQVMsa0JBQWtCLEtBQW9CLFFBQWtEO0FBQy9GLFVBQVEsT0FBTyxRQUFRO0FBQUEsSUFDckIsS0FBSztBQUNILGFBQU8sRUFBRSxRQUFRLFdBQVcsWUFBWSxDQUFDLEdBQUcsT0FBTyxPQUFPLE1BQU07QUFBQSxJQUNsRSxLQUFLO0FBQ0gsYUFBTyxFQUFFLFFBQVEsZ0JBQWdCLFlBQVksQ0FBQyxFQUFFO0FBQUEsSUFDbEQsS0FBSztBQUNILGFBQU8sRUFBRSxRQUFRLHVCQUF1QixZQUFZLENBQUMsRUFBRSxNQUFNLElBQUksT0FBTyxxQkFBcUIsUUFBUSxtQkFBbUIsbUJBQW1CLENBQUMsRUFBRTtBQUFBLElBQ2hKLEtBQUs7QUFDSCxhQUFPLEVBQUUsUUFBUSxxQkFBcUIsWUFBWSxDQUFDLEVBQUUsTUFBTSxXQUFXLENBQUMsRUFBRTtBQUFBLElBQzNFLEtBQUs7QUFDSCxhQUFPO0FBQUEsUUFDTCxRQUFRO0FBQUEsUUFDUixZQUFZLENBQUMsRUFBRSxNQUFNLG9CQUFvQixjQUFjLE9BQU8sTUFBTSxTQUFTLFVBQVUsT0FBTyxNQUFNLElBQUksQ0FBQztBQUFBLE1BQzNHO0FBQUEsRUFDSjtBQUNGO0FBRU8sU0FBUyxXQUFXLEtBQTBCO0FBQ25ELFFBQU0sTUFBTSxJQUFJQyxNQUFLO0FBRXJCO0FBQUEsSUFBTTtBQUFBLElBQUs7QUFBQSxJQUFLLE9BQU87QUFBQSxJQUFnQixDQUFDLEVBQUUsR0FBRyxNQUFNLFFBQVEsUUFBUSxNQUNqRSxrQkFBa0IsS0FBSyxFQUFFLE1BQU0sS0FBSyxNQUFNLFdBQVcsWUFBWSxDQUFDLEdBQUcsUUFBUSxPQUFPLFFBQVEsU0FBUyxRQUFRLEdBQUcsS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDO0FBQUEsRUFDbEk7QUFFQSxRQUFNLEtBQUssS0FBSyxPQUFPLE9BQU8sT0FBTyxFQUFFLEdBQUcsTUFBTSxRQUFRLFFBQVEsTUFBTTtBQUNwRSxVQUFNLFVBQVUsTUFBTSxVQUFVLEtBQUssR0FBRyxLQUFLLE1BQU0sT0FBTyxNQUFNO0FBR2hFLFFBQUksMkJBQTJCLE1BQU07QUFDbkMsWUFBTUMsVUFBUyxNQUFNLFlBQVksS0FBSyxNQUFNLE9BQU8sUUFBUSxTQUFTLElBQUk7QUFDeEUsVUFBSUEsUUFBTyxXQUFXLFVBQVcsT0FBTSxJQUFJLE1BQU0sc0RBQXNEO0FBQ3ZHLGFBQU9BLFFBQU87QUFBQSxJQUNoQjtBQUNBLFVBQU0sU0FBUyxNQUFNLFlBQVksS0FBSyxNQUFNLE9BQU8sUUFBUSxTQUFTLFFBQVEsQ0FBQztBQUM3RSxRQUFJLE9BQU8sV0FBVztBQUNwQixZQUFNLFVBQVUsdUJBQXVCLDJFQUEyRTtBQUNwSCxRQUFJLE9BQU8sV0FBVyxlQUFnQixPQUFNLGFBQWEsdUJBQXVCLHlCQUF5QjtBQUN6RyxRQUFJLE9BQU8sV0FBVyxvQkFBcUIsT0FBTSxVQUFVLHFCQUFxQixnREFBZ0Q7QUFDaEksUUFBSSxPQUFPLFdBQVc7QUFDcEIsWUFBTSxVQUFVLDZCQUE2QixzQkFBc0IsT0FBTyxNQUFNLE9BQU8saURBQWlEO0FBQzFJLFdBQU8sT0FBTztBQUFBLEVBQ2hCLENBQUM7QUFFRCxRQUFNLEtBQUssS0FBSyxPQUFPLG9CQUFvQixPQUFPLEVBQUUsR0FBRyxNQUFNLFFBQVEsUUFBUSxNQUF5QztBQUNwSCxVQUFNLFVBQVUsTUFBTSxVQUFVLEtBQUssR0FBRyxLQUFLLE1BQU0sT0FBTyxNQUFNO0FBQ2hFLFFBQUksMkJBQTJCLE1BQU07QUFFbkMsWUFBTUEsVUFBUyxNQUFNLFlBQVksS0FBSyxNQUFNLE9BQU8sUUFBUSxTQUFTLEtBQUs7QUFDekUsYUFBT0EsUUFBTyxXQUFXLFlBQ3JCLEVBQUUsUUFBUSxXQUFXLFlBQVksQ0FBQyxHQUFHLE9BQU9BLFFBQU8sTUFBTSxJQUN6RCxFQUFFLFFBQVEseUJBQXlCLFlBQVksQ0FBQyxFQUFFLE1BQU0sZUFBZSxDQUFDLEVBQUU7QUFBQSxJQUNoRjtBQUNBLFVBQU0sU0FBUyxNQUFNLFlBQVksS0FBSyxNQUFNLE9BQU8sUUFBUSxTQUFTLFFBQVEsQ0FBQztBQUM3RSxXQUFPLGtCQUFrQixLQUFLLE1BQU07QUFBQSxFQUN0QyxDQUFDO0FBR0QsUUFBTSxLQUFLLEtBQUssT0FBTyxjQUFjLENBQUMsRUFBRSxPQUFPLE1BQU0sZUFBZSxLQUFLLEVBQUUsT0FBTyxPQUFPLE9BQU8sS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDLEdBQUcsRUFBRSxjQUFjLE1BQU0sT0FBTyxLQUFLLENBQUM7QUFFdEosUUFBTSxLQUFLLEtBQUssT0FBTyxTQUFTLENBQUMsRUFBRSxNQUFNLE9BQU8sTUFBTSxRQUFRLEtBQUssRUFBRSxPQUFPLE9BQU8sT0FBTyxnQkFBZ0IsS0FBSyxtQkFBbUIsTUFBTSxLQUFLLElBQUksSUFBSSxFQUFFLENBQUMsR0FBRztBQUFBLElBQ3pKLGNBQWM7QUFBQSxFQUNoQixDQUFDO0FBRUQsU0FBTztBQUNUOzs7QVExSEEsU0FBUyxRQUFBQyxhQUFZOzs7QUNTckIsZUFBc0JDLGVBQWMsTUFBZ0MsT0FBeUQ7QUFDM0gsUUFBTSxNQUFNLE1BQU0sY0FBUSxLQUFLLElBQUksTUFBTSxVQUFVLE1BQU0sR0FBRztBQUM1RCxNQUFJLENBQUMsSUFBSyxPQUFNLFNBQVMsYUFBYSxrQkFBa0I7QUFDMUQ7OztBQ0NBLGVBQXNCLFVBQVUsTUFBNkMsT0FBNEU7QUFDdkosUUFBTSxFQUFFLE1BQU0sSUFBSSxJQUFJO0FBQ3RCLFFBQU0sTUFBTSxNQUNWLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFFM0MsVUFBTSxTQUFTLEtBQUssV0FBVyxNQUFNLHFCQUFxQixLQUFLLEtBQUssUUFBUSxJQUFJO0FBQ2hGLFVBQU0sYUFBYSxRQUFRLHVCQUF1QixJQUFJLFNBQVM7QUFDL0QsVUFBTSxVQUFVLEtBQUssUUFBUSxNQUFNLGtCQUFrQixLQUFLLEtBQUssS0FBSyxJQUFJO0FBQ3hFLFFBQUksV0FBVyxjQUFjLFFBQVEsT0FBTyxXQUFXLElBQUk7QUFDekQsWUFBTSxTQUFTLG1CQUFtQixnRUFBZ0U7QUFBQSxRQUNoRyxFQUFFLE9BQU8sWUFBWSxNQUFNLFNBQVMsU0FBUyw4QkFBOEI7QUFBQSxNQUM3RSxDQUFDO0FBQUEsSUFDSDtBQUVBLFFBQUksVUFBVSxDQUFDLFdBQVksT0FBTSxhQUFhLEtBQUssT0FBTyxJQUFJLEVBQUUsV0FBVyxNQUFNLG9CQUFvQixHQUFHLFlBQVksSUFBSSxDQUFDO0FBQ3pILFFBQUksV0FBa0MsV0FBVztBQUNqRCxRQUFJLFlBQVksQ0FBQyxXQUFXLFFBQVEsRUFBRyxZQUFXO0FBQ2xELFFBQUksWUFBWSxhQUFhLFFBQVMsWUFBVyxNQUFNLDBCQUEwQixNQUFNLEtBQUssVUFBVSxFQUFFLE9BQU8sdUJBQXVCLElBQUksQ0FBQztBQUMzSSxVQUFNLFVBQVUsRUFBRSxHQUFHLGVBQWUsTUFBTSxRQUFRLEdBQUcsR0FBSSxLQUFLLFdBQVcsRUFBRSxvQkFBb0IsRUFBRSxJQUFJLENBQUMsR0FBSSxZQUFZLEtBQUssa0JBQWtCLElBQUk7QUFDakosUUFBSSxVQUFVO0FBQ2QsUUFBSSxVQUFVO0FBQ1osaUJBQVcsTUFBTSxhQUFhLEtBQUssU0FBUyxJQUFJLEVBQUUsR0FBRyxTQUFTLEdBQUksS0FBSyxTQUFTLENBQUMsU0FBUyxRQUFRLEVBQUUsT0FBTyxLQUFLLE1BQU0sSUFBSSxDQUFDLEVBQUcsQ0FBQztBQUFBLElBQ2pJLE9BQU87QUFDTCxnQkFBVTtBQUNWLGlCQUFXLE1BQU0sZUFBZSxLQUFLLEtBQUssTUFBTSxFQUFFLEdBQUcsU0FBUyxPQUFPLEtBQUssU0FBUyxNQUFNLFFBQVEsVUFBVSxpQkFBaUIsRUFBRSxHQUFHLEdBQUc7QUFBQSxJQUN0STtBQUNBLFVBQU0sc0JBQXNCLEtBQUssRUFBRSxNQUFNLEtBQUssTUFBTSxZQUFZLEtBQUssR0FBRyxTQUFTLEVBQUU7QUFDbkYsV0FBTyxFQUFFLFVBQVUsU0FBUyxJQUFJLE1BQU0sU0FBUyxNQUFNLFFBQVE7QUFBQSxFQUMvRCxDQUFDO0FBQ0gsTUFBSTtBQUNGLFdBQU8sTUFBTSxJQUFJO0FBQUEsRUFDbkIsU0FBUyxLQUFLO0FBQ1osUUFBSSxrQkFBa0IsR0FBRyxFQUFHLFFBQU8sSUFBSTtBQUN2QyxVQUFNO0FBQUEsRUFDUjtBQUNGOzs7QUZsQ0EsU0FBUyxjQUFjLE9BQW1DO0FBRXhELFFBQU0sTUFBTSxTQUFTO0FBQ3JCLFFBQU0sS0FBSyxxQkFBcUIsS0FBSyxHQUFHLElBQUksT0FBTyxHQUFHLElBQUksT0FBTztBQUNqRSxNQUFJLENBQUMsT0FBTyxjQUFjLEVBQUUsS0FBSyxNQUFNO0FBQ3JDLFVBQU0sSUFBSSxTQUFTLEtBQUsscUJBQXFCLHVDQUF1QztBQUFBLE1BQ2xGLEVBQUUsT0FBTyxZQUFZLE1BQU0sZ0JBQWdCLFNBQVMsNkJBQTZCO0FBQUEsSUFDbkYsQ0FBQztBQUNILFNBQU87QUFDVDtBQUVPLFNBQVMsY0FBYyxLQUEwQjtBQUN0RCxRQUFNLE1BQU0sSUFBSUMsTUFBSztBQUVyQixRQUFNLEtBQUssS0FBSyxPQUFPLGlCQUFpQixDQUFDLEVBQUUsS0FBSyxNQUFNLFVBQVUsS0FBSyxFQUFFLE1BQU0sS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDLENBQUM7QUFFOUY7QUFBQSxJQUNFO0FBQUEsSUFDQTtBQUFBLElBQ0EsT0FBTztBQUFBLElBQ1AsT0FBTyxFQUFFLEVBQUUsTUFBTTtBQUNmLFlBQU1DLGVBQWMsS0FBSyxFQUFFLFVBQVUsY0FBYyxFQUFFLElBQUksTUFBTSxVQUFVLENBQUMsR0FBRyxLQUFLLElBQUksSUFBSSxFQUFFLENBQUM7QUFDN0YsYUFBTyxFQUFFLFFBQVEsS0FBSztBQUFBLElBQ3hCO0FBQUEsSUFDQSxFQUFFLGNBQWMsS0FBSztBQUFBLEVBQ3ZCO0FBRUEsUUFBTSxLQUFLLEtBQUssT0FBTyxxQkFBcUIsQ0FBQyxFQUFFLEVBQUUsTUFBTSxhQUFhLEtBQUssRUFBRSxRQUFRLEVBQUUsUUFBUSxFQUFFLElBQUksTUFBTSxPQUFPLEtBQUssSUFBSSxLQUFLLEVBQUUsR0FBRyxLQUFLLElBQUksSUFBSSxDQUFDLENBQUM7QUFDbEosUUFBTSxLQUFLLEtBQUssT0FBTyx3QkFBd0IsQ0FBQyxFQUFFLEVBQUUsTUFBTSxhQUFhLEtBQUssRUFBRSxRQUFRLEVBQUUsVUFBVSxFQUFFLElBQUksTUFBTSxVQUFVLEtBQUssR0FBRyxHQUFHLEtBQUssSUFBSSxJQUFJLENBQUMsQ0FBQztBQUNsSixRQUFNLEtBQUssS0FBSyxPQUFPLGNBQWMsQ0FBQyxFQUFFLEVBQUUsTUFBTSxhQUFhLEtBQUssRUFBRSxRQUFRLEVBQUUsVUFBVSxjQUFjLEVBQUUsSUFBSSxNQUFNLFVBQVUsQ0FBQyxFQUFFLEdBQUcsS0FBSyxJQUFJLElBQUksQ0FBQyxDQUFDO0FBRWpKLFNBQU87QUFDVDs7O0FHOUNBLFNBQVMsUUFBQUMsYUFBWTs7O0FDY3JCLGVBQXNCLGFBQ3BCLE1BQ0EsT0FDNkI7QUFDN0IsUUFBTSxFQUFFLE9BQU8sUUFBUSxJQUFJLElBQUk7QUFDL0IsTUFBSSxRQUFRO0FBQ1osUUFBTSxPQUFPLE9BQU8sSUFBSSxDQUFDLE1BQU07QUFDN0IsVUFBTSxTQUFTLEtBQUssVUFBVSxFQUFFLFVBQVUsQ0FBQyxDQUFDO0FBQzVDLFVBQU0sUUFBUSxFQUFFLFVBQVUsU0FBWSxPQUFPLFlBQVksRUFBRSxLQUFLO0FBQ2hFLGFBQVMsT0FBTyxXQUFXLE1BQU0sSUFBSSxPQUFPLFdBQVcsRUFBRSxNQUFNLEtBQUssVUFBVSxPQUFPLElBQUksT0FBTyxXQUFXLEtBQUs7QUFDaEgsV0FBTztBQUFBLE1BQ0wsWUFBWSxFQUFFO0FBQUEsTUFDZCxXQUFXO0FBQUEsTUFDWCxNQUFNLEVBQUUsT0FBTztBQUFBLE1BQ2YsUUFBUSxFQUFFO0FBQUEsTUFDVjtBQUFBLE1BQ0EsWUFBWSxLQUFLLE1BQU0sRUFBRSxJQUFJO0FBQUEsTUFDN0I7QUFBQSxNQUNBLGFBQWE7QUFBQSxNQUNiLFNBQVMsTUFBTSxPQUFPO0FBQUEsSUFDeEI7QUFBQSxFQUNGLENBQUM7QUFHRCxRQUFNLEtBQUssUUFBUSxPQUFPLEVBQUUsV0FBVyxNQUFNLFFBQVEsSUFBSSxVQUFVLE1BQU0sUUFBUSxVQUFVLEdBQUcsRUFBRSxPQUFPLE9BQU8sUUFBUSxNQUFNLEdBQUcsR0FBRztBQUNsSSxRQUFNLFNBQVMsTUFBTSxLQUFLLEdBQUcsWUFBWSxFQUFFLFFBQVEsT0FBTyxRQUFRO0FBR2hFLFVBQU0sV0FBVyxNQUFNLGdCQUFnQixLQUFLLE1BQU0sUUFBUSxFQUFFO0FBQzVELGVBQVcsT0FBTyxLQUFNLEtBQUksWUFBWTtBQUN4QyxVQUFNLFdBQVcsTUFBTSxhQUFhLEtBQUssSUFBSTtBQUM3QyxRQUFJLE1BQU0sT0FBTyxRQUFRLFNBQVUsT0FBTSxZQUFZLEtBQUssVUFBVSxHQUFHO0FBQ3ZFLFdBQU87QUFBQSxFQUNULENBQUM7QUFDRCxTQUFPLEVBQUUsUUFBUSxZQUFZLFVBQVUsT0FBTyxRQUFRLFlBQVksT0FBTyxTQUFTLE9BQU87QUFDM0Y7OztBRHJDTyxTQUFTLFlBQVksS0FBMEI7QUFDcEQsUUFBTSxNQUFNLElBQUlDLE1BQUs7QUFDckIsUUFBTSxLQUFLLEtBQUssT0FBTyxhQUFhLENBQUMsRUFBRSxNQUFNLE9BQU8sTUFBTSxhQUFhLEtBQUssRUFBRSxPQUFPLE9BQU8sT0FBTyxRQUFRLE1BQU0sS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDLENBQUM7QUFDbEksU0FBTztBQUNUOzs7QUVoQkEsU0FBUyxRQUFBQyxhQUFZOzs7QUNDZCxTQUFTLGtCQUFrQixTQUFzQztBQUN0RSxTQUFPLFlBQVksVUFBYSx1Q0FBdUMsS0FBSyxPQUFPO0FBQ3JGO0FBR08sU0FBUyxlQUFlLE1BQW1DO0FBQ2hFLFNBQU8sU0FBUyxVQUFhLGlEQUFpRCxLQUFLLElBQUk7QUFDekY7OztBQ0pBLGVBQXNCLFdBQVcsSUFBc0IsSUFBd0I7QUFDN0UsTUFBSSxRQUFRLEdBQUcsV0FBVyxRQUFRLEVBQUUsT0FBTyxDQUFDLE1BQU0sY0FBYyxXQUFXLGFBQWEsYUFBYSxZQUFZLENBQUMsRUFBRSxRQUFRLE1BQU0sTUFBTSxFQUFFLE1BQU0sR0FBRztBQUNuSixNQUFJLEdBQUksU0FBUSxNQUFNLE1BQU0sY0FBYyxLQUFLLEdBQUcsWUFBWSxDQUFDO0FBQy9ELFNBQU8sTUFBTSxRQUFRO0FBQ3ZCOzs7QUZDTyxTQUFTLGFBQWEsS0FBMEI7QUFDckQsUUFBTSxNQUFNLElBQUlDLE1BQUs7QUFFckIsUUFBTSxLQUFLLEtBQUssT0FBTyxjQUFjLENBQUMsRUFBRSxFQUFFLE1BQU07QUFDOUMsVUFBTSxTQUFTLEVBQUUsSUFBSSxNQUFNLFFBQVE7QUFDbkMsUUFBSSxXQUFXLFVBQWEsQ0FBQyxJQUFJLE9BQU8sUUFBUSxJQUFJLE1BQU0sRUFBRyxPQUFNLFVBQVUsbUJBQW1CLGlCQUFpQjtBQUNqSCxNQUFFLE9BQU8saUJBQWlCLG9CQUFvQjtBQUM5QyxXQUFPO0FBQUEsTUFDTCxrQkFBa0IsSUFBSSxPQUFPO0FBQUEsTUFDN0IsZ0JBQWdCLElBQUksT0FBTztBQUFBLE1BQzNCLGVBQWUsSUFBSSxPQUFPO0FBQUEsTUFDMUIsR0FBSSxJQUFJLE9BQU8sV0FBVyxFQUFFLGVBQWUsSUFBSSxPQUFPLFNBQVMsTUFBTSxJQUFJLENBQUM7QUFBQSxNQUMxRSxjQUFjLElBQUksT0FBTyxVQUFVO0FBQUEsTUFDbkMsWUFBWSxJQUFJLE9BQU87QUFBQSxNQUN2QixHQUFJLElBQUksT0FBTyxTQUFTLEVBQUUsZ0JBQWdCLElBQUksT0FBTyxPQUFPLFNBQVMsSUFBSSxDQUFDO0FBQUEsTUFDMUUsR0FBSSxJQUFJLE9BQU8sUUFBUSxFQUFFLGVBQWUsSUFBSSxPQUFPLE1BQU0sU0FBUyxJQUFJLENBQUM7QUFBQSxJQUN6RTtBQUFBLEVBQ0YsQ0FBQztBQUdELFFBQU0sS0FBSyxLQUFLLE9BQU8sTUFBTSxDQUFDLEVBQUUsRUFBRSxNQUFNO0FBQ3RDLE1BQUUsT0FBTyxpQkFBaUIscUJBQXFCO0FBQy9DLFdBQU8sRUFBRSxLQUFLLElBQUksS0FBSyxLQUFLLEdBQUcsR0FBRztBQUFBLEVBQ3BDLENBQUM7QUFHRCxRQUFNLEtBQUssS0FBSyxPQUFPLFdBQVcsT0FBTyxFQUFFLEVBQUUsTUFBTTtBQUNqRCxVQUFNLE1BQU0sTUFBTSxJQUFJLEtBQUssSUFBSSxFQUFFLElBQUksTUFBTSxLQUFLLENBQUM7QUFDakQsUUFBSSxRQUFRLE9BQVcsT0FBTSxTQUFTLGFBQWEsNkJBQTZCO0FBQ2hGLE1BQUUsT0FBTyxnQkFBZ0Isd0JBQXdCO0FBQ2pELE1BQUUsT0FBTyxpQkFBaUIscUJBQXFCO0FBQy9DLFdBQU8sRUFBRSxLQUFLLEtBQUssR0FBRztBQUFBLEVBQ3hCLENBQUM7QUFFRCxRQUFNLEtBQUssS0FBSyxPQUFPLFFBQVEsT0FBTyxFQUFFLEVBQUUsTUFBTTtBQUM5QyxRQUFJO0FBQ0YsWUFBTSxJQUFJLE1BQU0sTUFBTTtBQUN0QixhQUFPLEVBQUUsUUFBUSxLQUFLO0FBQUEsSUFDeEIsUUFBUTtBQUNOLFFBQUUsT0FBTyxlQUFlLEdBQUc7QUFDM0IsYUFBTyxFQUFFLEtBQUssRUFBRSxRQUFRLGNBQWMsR0FBWSxHQUFHO0FBQUEsSUFDdkQ7QUFBQSxFQUNGLENBQUM7QUFFRCxTQUFPO0FBQ1Q7QUFTTyxTQUFTLGlCQUFpQixLQUEwQjtBQUN6RCxRQUFNLE1BQU0sSUFBSUEsTUFBSztBQUNyQixNQUFJLElBQUksbUJBQW1CLE9BQU8sTUFBTTtBQUV0QyxVQUFNLGFBQWEsRUFBRSxJQUFJLE9BQU8sTUFBTTtBQUN0QyxVQUFNLFNBQ0gsZUFBZSxVQUFhLGVBQWUsVUFBVSxNQUFNLGVBQWUsSUFBSSxJQUFJLEVBQUUsSUFBSSxHQUFHLEVBQUUsSUFBSSxLQUFLLGtCQUFrQixjQUFjLEdBQUcsS0FBSyxDQUFDO0FBQ2xKLFFBQUksQ0FBQyxNQUFPLFFBQU8sRUFBRSxTQUFTO0FBQzlCLFVBQU0sT0FBTyxNQUFNLFdBQVcsSUFBSSxJQUFJLEVBQUUsSUFBSSxNQUFNLElBQUksQ0FBQztBQUV2RCxNQUFFLE9BQU8saUJBQWlCLFVBQVU7QUFDcEMsV0FBTyxFQUFFO0FBQUEsTUFDUCxLQUFLLElBQUksQ0FBQyxPQUFPO0FBQUEsUUFDZixJQUFJLEVBQUU7QUFBQSxRQUNOLElBQUksRUFBRTtBQUFBLFFBQ04sU0FBUyxFQUFFO0FBQUEsUUFDWCxNQUFNLEVBQUU7QUFBQSxRQUNSLE1BQU0sRUFBRTtBQUFBLFFBQ1IsV0FBVyxJQUFJLEtBQUssRUFBRSxVQUFVLEVBQUUsWUFBWTtBQUFBLE1BQ2hELEVBQUU7QUFBQSxNQUNGO0FBQUEsSUFDRjtBQUFBLEVBQ0YsQ0FBQztBQUNELFNBQU87QUFDVDs7O0FHdkZBLFNBQVMsUUFBQUMsYUFBWTs7O0FDZXJCLGVBQXNCLHNCQUNwQixNQUNBLE9BQ2U7QUFDZixRQUFNLEVBQUUsSUFBSSxJQUFJO0FBQ2hCLFFBQU0sS0FBSyxRQUFRLGFBQWEsTUFBTSxPQUFPLE1BQU0sU0FBUyxHQUFHO0FBQy9ELFFBQU0sU0FBUyxNQUFNLG1CQUFtQixLQUFLLElBQUksTUFBTSxLQUFLO0FBQzVELFFBQU0sVUFDSixRQUFRLFdBQVcsdUJBQXVCLGVBQWUsUUFBUSxXQUFXLFlBQVksT0FBTyxvQkFBb0IsSUFBSSxpQkFBaUI7QUFDMUksTUFBSSxVQUFVLFFBQVMsTUFBSyxPQUFPLFlBQVksTUFBTSxVQUFVLE1BQU0sS0FBSyxHQUFHLFlBQVksRUFBRSxRQUFRLENBQUMsUUFBUSxlQUFlLE1BQU0sS0FBSyxRQUFRLFNBQVMsR0FBRyxDQUFDLENBQUM7QUFDOUo7QUFPQSxlQUFzQixrQkFBa0IsTUFBNkMsT0FBc0Q7QUFDekksUUFBTSxFQUFFLElBQUksSUFBSTtBQUNoQixRQUFNLEtBQUssR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDakQsVUFBTSxNQUFNLE1BQU0sc0JBQXNCLEtBQUssZUFBZSxNQUFNLEtBQUssQ0FBQztBQUN4RSxRQUFJLENBQUMsSUFBSyxPQUFNLFNBQVMsdUJBQXVCLHdCQUF3QjtBQUN4RSxRQUFJLElBQUksb0JBQW9CLEtBQUssSUFBSSxXQUFXLFNBQVUsT0FBTSxXQUFXLHFCQUFxQixtQ0FBbUM7QUFDbkksUUFBSSxJQUFJLFlBQVksUUFBUSxJQUFJLGNBQWMsSUFBSyxPQUFNLFNBQVMsdUJBQXVCLHNEQUFzRDtBQUMvSSxVQUFNLGNBQWMsS0FBSyxJQUFJLFlBQVksR0FBRztBQUM1QyxVQUFNLFVBQVUsTUFBTSxlQUFlLEtBQUssSUFBSSxTQUFTO0FBQ3ZELFFBQUksUUFBUyxPQUFNLDBCQUEwQixNQUFNLEtBQUssU0FBUyxFQUFFLE9BQU8sY0FBYyxJQUFJLENBQUM7QUFDN0YsVUFBTSxhQUFhLEtBQUssSUFBSSxXQUFXLEVBQUUsUUFBUSxVQUFVLGlCQUFpQixHQUFHLFlBQVksSUFBSSxDQUFDO0FBQ2hHLFVBQU0sb0JBQW9CLEtBQUssSUFBSSxTQUFTO0FBQUEsRUFDOUMsQ0FBQztBQUNIOzs7QUNuQ0EsZUFBc0IscUJBQ3BCLE1BQ0EsT0FDZTtBQUNmLFFBQU0sRUFBRSxJQUFJLElBQUk7QUFDaEIsUUFBTSxLQUFLLFFBQVEsYUFBYSxNQUFNLE9BQU8sTUFBTSxTQUFTLEdBQUc7QUFDL0QsUUFBTSxTQUFTLE1BQU0sbUJBQW1CLEtBQUssSUFBSSxNQUFNLEtBQUs7QUFDNUQsTUFBSSxVQUFVLFdBQVcsTUFBTTtBQUM3QixTQUFLLE9BQU8sWUFBWSxNQUFNLFVBQVUsTUFBTSxLQUFLLEdBQUcsWUFBWSxFQUFFLFFBQVEsQ0FBQyxRQUFRLGVBQWUsTUFBTSxLQUFLLFFBQVEsa0JBQWtCLEdBQUcsQ0FBQyxDQUFDO0FBQ2xKO0FBU0EsZUFBc0IsY0FDcEIsTUFDQSxPQUNlO0FBQ2YsUUFBTSxZQUFZLGVBQWUsTUFBTSxLQUFLO0FBQzVDLFFBQU0sT0FBTyxNQUFNLHVCQUF1QixLQUFLLElBQUksU0FBUztBQUM1RCxRQUFNLE1BQU0sTUFBTSxJQUFJO0FBQ3RCLE1BQUksQ0FBQyxRQUFRLEtBQUssWUFBWSxRQUFRLEtBQUssY0FBYyxJQUFLLE9BQU0sU0FBUyx1QkFBdUIsc0RBQXNEO0FBQzFKLFFBQU0sZUFBZSxNQUFNLGtCQUFrQixNQUFNLE1BQU0sUUFBUTtBQUNqRSxRQUFNLFNBQVMsTUFBTSxLQUFLLEdBQUcsWUFBWSxFQUFFLFFBQVEsT0FBTyxRQUFRO0FBRWhFLFFBQUksQ0FBRSxNQUFNLGNBQWMsS0FBSyxXQUFXLEdBQUcsRUFBSSxPQUFNLFNBQVMsdUJBQXVCLDJDQUEyQztBQUNsSSxVQUFNLFVBQVUsTUFBTSxlQUFlLEtBQUssS0FBSyxTQUFTO0FBQ3hELFVBQU0sVUFBVSxVQUFVLE1BQU0sMEJBQTBCLE1BQU0sS0FBSyxTQUFTLEVBQUUsT0FBTyxrQkFBa0IsSUFBSSxDQUFDLElBQUk7QUFDbEgsVUFBTSxTQUFTLFVBQVUsc0JBQXNCLE9BQU8sSUFBSTtBQUMxRCxVQUFNLFVBQVUsTUFBTSxhQUFhLEtBQUssS0FBSyxXQUFXLEVBQUUsZUFBZSxjQUFjLFFBQVEsaUJBQWlCLEdBQUcsWUFBWSxJQUFJLENBQUM7QUFDcEksVUFBTSxvQkFBb0IsS0FBSyxLQUFLLFNBQVM7QUFDN0MsVUFBTSxLQUFLLFNBQVMscUJBQXFCLEtBQUssS0FBSyxXQUFXLGtCQUFrQixHQUFHO0FBQ25GLFdBQU87QUFBQSxFQUNULENBQUM7QUFDRCxNQUFJLE9BQU8sTUFBTyxPQUFNLEtBQUssUUFBUSxrQkFBa0IsT0FBTyxLQUFLO0FBQ3JFOzs7QUZ2Q08sU0FBUyxtQkFBbUIsS0FBMEI7QUFDM0QsUUFBTSxNQUFNLElBQUlDLE1BQUs7QUFHckIsYUFBV0MsVUFBUyxDQUFDLE9BQU8saUJBQWlCLE9BQU8saUJBQWlCLEdBQUc7QUFDdEUsVUFBTSxLQUFLLEtBQUtBLFFBQU8sQ0FBQyxFQUFFLE1BQU0sUUFBUSxRQUFRLE1BQU07QUFDcEQsWUFBTSxFQUFFLFFBQVEsR0FBRyxHQUFHLE9BQU8sSUFBSTtBQUVqQyxZQUFNLFVBQVUsV0FBVyxTQUFTLEVBQUUsTUFBTSxPQUFPLE1BQU0sT0FBTyxNQUFNLFlBQVksS0FBSyxJQUFJLEVBQUUsTUFBTSxLQUFLLE1BQU0sWUFBWSxNQUFNO0FBQ2hJLGFBQU8sU0FBUyxLQUFLLEVBQUUsTUFBTSxRQUFRLFNBQVMsU0FBUyxRQUFRLEdBQUcsS0FBSyxJQUFJLElBQUksQ0FBQztBQUFBLElBQ2xGLENBQUM7QUFBQSxFQUNIO0FBR0EsUUFBTSxLQUFLLEtBQUssT0FBTywwQkFBMEIsT0FBTyxFQUFFLEdBQUcsTUFBTSxRQUFRLE1BQU07QUFDL0UsVUFBTSxzQkFBc0IsS0FBSyxFQUFFLE9BQU8sS0FBSyxPQUFPLFNBQVMsUUFBUSxHQUFHLEtBQUssSUFBSSxJQUFJLEdBQUcsVUFBVSxXQUFXLENBQUMsRUFBRSxDQUFDO0FBQ25ILFdBQU8sRUFBRSxRQUFRLFdBQVc7QUFBQSxFQUM5QixDQUFDO0FBRUQsUUFBTSxLQUFLLEtBQUssT0FBTywwQkFBMEIsT0FBTyxFQUFFLEtBQUssTUFBTTtBQUNuRSxVQUFNLGtCQUFrQixLQUFLLEVBQUUsT0FBTyxLQUFLLE9BQU8sS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDO0FBQ2xFLFdBQU8sRUFBRSxRQUFRLEtBQUs7QUFBQSxFQUN4QixDQUFDO0FBR0QsUUFBTSxLQUFLLEtBQUssT0FBTywrQkFBK0IsT0FBTyxFQUFFLEdBQUcsTUFBTSxRQUFRLE1BQU07QUFDcEYsVUFBTSxxQkFBcUIsS0FBSyxFQUFFLE9BQU8sS0FBSyxPQUFPLFNBQVMsUUFBUSxHQUFHLEtBQUssSUFBSSxJQUFJLEdBQUcsVUFBVSxXQUFXLENBQUMsRUFBRSxDQUFDO0FBQ2xILFdBQU8sRUFBRSxRQUFRLFdBQVc7QUFBQSxFQUM5QixDQUFDO0FBRUQsUUFBTSxLQUFLLEtBQUssT0FBTywrQkFBK0IsT0FBTyxFQUFFLEtBQUssTUFBTTtBQUN4RSxVQUFNLHFCQUFxQixLQUFLLEVBQUUsT0FBTyxLQUFLLE9BQU8sS0FBSyxLQUFLLFNBQVMsS0FBSyxJQUFJLElBQUksRUFBRSxDQUFDO0FBQ3hGLFdBQU8sRUFBRSxRQUFRLEtBQUs7QUFBQSxFQUN4QixDQUFDO0FBRUQsUUFBTSxLQUFLLEtBQUssT0FBTyxzQkFBc0IsT0FBTyxFQUFFLEdBQUcsTUFBTSxRQUFRLE1BQU07QUFDM0UsVUFBTSxxQkFBcUIsS0FBSyxFQUFFLE9BQU8sS0FBSyxPQUFPLFNBQVMsUUFBUSxHQUFHLEtBQUssSUFBSSxJQUFJLEdBQUcsVUFBVSxXQUFXLENBQUMsRUFBRSxDQUFDO0FBQ2xILFdBQU8sRUFBRSxRQUFRLFdBQVc7QUFBQSxFQUM5QixDQUFDO0FBRUQsUUFBTSxLQUFLLEtBQUssT0FBTyxzQkFBc0IsT0FBTyxFQUFFLEtBQUssTUFBTTtBQUMvRCxVQUFNLGNBQWMsS0FBSyxFQUFFLE9BQU8sS0FBSyxPQUFPLFVBQVUsS0FBSyxVQUFVLEtBQUssSUFBSSxJQUFJLENBQUM7QUFDckYsV0FBTyxFQUFFLFFBQVEsS0FBSztBQUFBLEVBQ3hCLENBQUM7QUFFRCxTQUFPO0FBQ1Q7OztBM0QvQkEsSUFBTSxjQUFjLElBQUksSUFBWSxPQUFPLE9BQU8sTUFBTSxFQUFFLElBQUksQ0FBQyxNQUFNLEVBQUUsSUFBSSxDQUFDO0FBR3JFLFNBQVMsVUFBVSxLQUFvQixVQUFzQixDQUFDLEdBQVM7QUFDNUUsUUFBTSxNQUFNLElBQUlDLE1BQUs7QUFFckIsTUFBSSxJQUFJLFdBQVcsSUFBSSxHQUFHLENBQUM7QUFDM0IsTUFBSSxJQUFJLFlBQVksRUFBRSxlQUFlLENBQUMsV0FBVyx1QkFBdUIsS0FBSyxNQUFNLEVBQUUsQ0FBQyxDQUFDO0FBRXZGLE1BQUksTUFBTSxLQUFLLGFBQWEsR0FBRyxDQUFDO0FBQ2hDLE1BQUksTUFBTSxLQUFLLFdBQVcsR0FBRyxDQUFDO0FBQzlCLE1BQUksTUFBTSxLQUFLLG1CQUFtQixHQUFHLENBQUM7QUFDdEMsTUFBSSxNQUFNLEtBQUssY0FBYyxHQUFHLENBQUM7QUFDakMsTUFBSSxNQUFNLEtBQUssWUFBWSxHQUFHLENBQUM7QUFDL0IsTUFBSSxNQUFNLEtBQUssY0FBYyxHQUFHLENBQUM7QUFDakMsTUFBSSxJQUFJLE9BQU8sYUFBYSxJQUFJLE9BQU8sU0FBUyxTQUFVLEtBQUksTUFBTSxLQUFLLGlCQUFpQixHQUFHLENBQUM7QUFDOUYsTUFBSSxNQUFNLEtBQUssVUFBVSxRQUFRLE9BQU8sQ0FBQztBQUN6QyxNQUFJLFFBQVEsTUFBTyxLQUFJLE1BQU0sS0FBSyxRQUFRLEtBQUs7QUFDL0MsTUFBSSxNQUFNLEtBQUssV0FBVyxLQUFLLEVBQUUsTUFBTSxRQUFRLFFBQVEsTUFBTSxDQUFDLENBQUM7QUFFL0QsTUFBSTtBQUFBLElBQVMsQ0FBQyxNQUNaLFlBQVksSUFBSSxFQUFFLElBQUksSUFBSSxJQUN0QixVQUFVLEdBQUcsS0FBSyxzQkFBc0IsR0FBRyxFQUFFLElBQUksTUFBTSxzQkFBc0IsRUFBRSxJQUFJLElBQUksRUFBRSxJQUN6RixVQUFVLEdBQUcsS0FBSyxhQUFhLGdCQUFnQixFQUFFLElBQUksTUFBTSxJQUFJLEVBQUUsSUFBSSxJQUFJLEVBQUU7QUFBQSxFQUNqRjtBQUNBLE1BQUksUUFBUSxhQUFhLEVBQUUsS0FBSyxJQUFJLElBQUksQ0FBQyxDQUFDO0FBQzFDLFNBQU87QUFDVDs7O0E4RHBEQSxTQUFTLFlBQVk7QUFDckIsU0FBUyxLQUFBQyxVQUFTO0FBYVgsSUFBTSxnQkFBZ0I7QUFtQ3RCLElBQU0scUJBQXFCO0FBQUEsRUFDaEM7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQ0Y7QUFFTyxJQUFNLGFBQWEsQ0FBQyxTQUFTLFNBQVMsUUFBUSxRQUFRLFNBQVMsU0FBUyxRQUFRO0FBRXZGLElBQU0scUJBQXNDLE9BQU8sT0FBTztBQUFBLEVBQ3hELGtCQUFrQjtBQUFBLEVBQ2xCLGtCQUFrQjtBQUFBLEVBQ2xCLHlCQUF5QjtBQUFBLEVBQ3pCLHVCQUF1QjtBQUFBLEVBQ3ZCLHlCQUF5QjtBQUFBLEVBQ3pCLGVBQWU7QUFBQSxFQUNmLDRCQUE0QjtBQUFBLEVBQzVCLHVCQUF1QjtBQUFBLEVBQ3ZCLHFCQUFxQjtBQUFBLEVBQ3JCLGtCQUFrQjtBQUFBLEVBQ2xCLHNCQUFzQixJQUFJLE9BQU87QUFBQSxFQUNqQyxrQkFBa0I7QUFBQSxFQUNsQixzQkFBc0IsS0FBSyxPQUFPO0FBQ3BDLENBQUM7QUFFRCxJQUFNLHVCQUErQyxFQUFFLE9BQU8sU0FBUyxXQUFXLGNBQWMsVUFBVSxjQUFjO0FBWXhILElBQU0sT0FBTyxDQUFDQyxVQUEwQixLQUFLQSxLQUFJO0FBQ2pELElBQU0sUUFBUSxDQUFDLFdBQThCLEdBQUcsT0FBTyxNQUFNLEdBQUcsRUFBRSxFQUFFLElBQUksSUFBSSxFQUFFLEtBQUssSUFBSSxDQUFDLE9BQU8sS0FBSyxPQUFPLEdBQUcsRUFBRSxDQUFFLENBQUM7QUFPNUcsSUFBTSxtQkFBbUI7QUFBQSxFQUM5QixNQUFNLEVBQUUsU0FBUyxzREFBc0QsU0FBUyxPQUFPO0FBQUEsRUFDdkYsTUFBTSxFQUFFLFNBQVMseURBQXlELFNBQVMsWUFBWTtBQUFBLEVBQy9GLGNBQWMsRUFBRSxTQUFTLCtFQUEwRSxTQUFTLHdCQUF3QjtBQUFBLEVBQ3BJLG1CQUFtQjtBQUFBLElBQ2pCLFNBQ0U7QUFBQSxJQUNGLFNBQVM7QUFBQSxFQUNYO0FBQUEsRUFDQSxjQUFjO0FBQUEsSUFDWixTQUFTO0FBQUEsSUFDVCxPQUFPLG1CQUFtQixLQUFLLGFBQWEsQ0FBQztBQUFBLEVBQy9DO0FBQUEsRUFDQSxpQkFBaUI7QUFBQSxJQUNmLFNBQVM7QUFBQSxJQUNULE9BQU87QUFBQSxFQUNUO0FBQUEsRUFDQSx1QkFBdUIsRUFBRSxTQUFTLE1BQU0sa0JBQWtCLEdBQUcsU0FBUyxlQUFlO0FBQUEsRUFDckYsZUFBZSxFQUFFLFNBQVMsMkJBQTJCLFNBQVMsT0FBTztBQUFBLEVBQ3JFLHFCQUFxQixFQUFFLFNBQVMsNERBQTRELFNBQVMsT0FBTyxLQUFLLEtBQUssR0FBRyxPQUFPLFlBQVk7QUFBQSxFQUM1SSx5QkFBeUIsRUFBRSxTQUFTLHdEQUF3RCxTQUFTLE9BQU87QUFBQSxFQUM1Ryx1QkFBdUIsRUFBRSxTQUFTLDhFQUE4RSxTQUFTLFNBQVM7QUFBQSxFQUNsSSxxQkFBcUI7QUFBQSxJQUNuQixTQUFTLFNBQVMsT0FBTyxLQUFLLHVCQUF1QixFQUFFLElBQUksSUFBSSxFQUFFLEtBQUssSUFBSSxDQUFDO0FBQUEsSUFDM0UsT0FBTyxHQUFHLHdCQUF3QixTQUFTLEtBQUssd0JBQXdCLFNBQVM7QUFBQSxFQUNuRjtBQUFBLEVBQ0EsZ0JBQWdCO0FBQUEsSUFDZCxTQUNFO0FBQUEsSUFLRixPQUFPLE9BQU8sUUFBUSxrQkFBa0IsRUFDckMsSUFBSSxDQUFDLENBQUNDLE9BQU0sS0FBSyxNQUFNLEtBQUtBLEtBQUksTUFBTSxLQUFLLEVBQUUsRUFDN0MsS0FBSyxJQUFJO0FBQUEsRUFDZDtBQUFBLEVBQ0EsOEJBQThCO0FBQUEsSUFDNUIsU0FBUztBQUFBLElBQ1QsU0FBUztBQUFBLEVBQ1g7QUFBQSxFQUNBLGNBQWM7QUFBQSxJQUNaLFNBQVM7QUFBQSxJQUNULE9BQU87QUFBQSxFQUNUO0FBQUEsRUFDQSxlQUFlLEVBQUUsU0FBUyxpQ0FBaUMsU0FBUyxnQ0FBZ0M7QUFBQSxFQUNwRyxpQkFBaUI7QUFBQSxJQUNmLFNBQVM7QUFBQSxJQUNULE9BQ0U7QUFBQSxFQUNKO0FBQUEsRUFDQSxjQUFjO0FBQUEsSUFDWixTQUFTO0FBQUEsSUFDVCxPQUFPO0FBQUEsRUFDVDtBQUFBLEVBQ0EsZ0JBQWdCLEVBQUUsU0FBUywyREFBMkQsZ0JBQWdCLEtBQUssR0FBRyxDQUFDLE9BQU8sU0FBUyxZQUFZO0FBQUEsRUFDM0ksZ0JBQWdCLEVBQUUsU0FBUyx1REFBdUQsU0FBUyxPQUFPLE1BQU0sSUFBSSxFQUFFO0FBQUEsRUFDOUcsd0JBQXdCO0FBQUEsSUFDdEIsU0FBUztBQUFBLElBQ1QsU0FBUztBQUFBLEVBQ1g7QUFBQSxFQUNBLDJCQUEyQixFQUFFLFNBQVMsaUdBQWlHLFNBQVMsUUFBUTtBQUFBLEVBQ3hKLGlCQUFpQjtBQUFBLElBQ2YsU0FBUztBQUFBLElBQ1QsU0FBUztBQUFBLEVBQ1g7QUFBQSxFQUNBLFlBQVksRUFBRSxTQUFTLHFCQUFxQixTQUFTLFdBQVc7QUFBQSxFQUNoRSxlQUFlO0FBQUEsSUFDYixTQUFTLEdBQUcsTUFBTSxVQUFVLENBQUM7QUFBQSxJQUM3QixTQUFTO0FBQUEsRUFDWDtBQUFBLEVBQ0EscUJBQXFCLEVBQUUsU0FBUyxzRUFBc0UsT0FBTywyQkFBMkI7QUFBQSxFQUN4SSx5QkFBeUIsRUFBRSxTQUFTLDBEQUEwRCxPQUFPLDJCQUEyQjtBQUFBLEVBQ2hJLHdCQUF3QixFQUFFLFNBQVMsa0JBQWtCLFNBQVMsNkJBQTZCO0FBQUEsRUFDM0Ysc0JBQXNCLEVBQUUsU0FBUyxxRUFBcUUsT0FBTyx3QkFBd0I7QUFBQSxFQUNySSxrQkFBa0I7QUFBQSxJQUNoQixTQUFTLDZGQUF3RixtQkFBbUIsSUFBSSxJQUFJLEVBQUUsS0FBSyxJQUFJLENBQUM7QUFBQSxJQUN4SSxTQUFTLEtBQUssVUFBVSxvQkFBb0I7QUFBQSxFQUM5QztBQUFBLEVBQ0EsdUJBQXVCO0FBQUEsSUFDckIsU0FDRTtBQUFBLElBQ0YsU0FBUztBQUFBLEVBQ1g7QUFBQSxFQUNBLHNCQUFzQjtBQUFBLElBQ3BCLFNBQVM7QUFBQSxJQUNULE9BQU87QUFBQSxFQUNUO0FBQUEsRUFDQSxtQkFBbUI7QUFBQSxJQUNqQixTQUFTO0FBQUEsSUFDVCxTQUFTO0FBQUEsRUFDWDtBQUFBLEVBQ0EscUJBQXFCO0FBQUEsSUFDbkIsU0FBUztBQUFBLElBQ1QsT0FBTztBQUFBLEVBQ1Q7QUFBQSxFQUNBLGtCQUFrQjtBQUFBLElBQ2hCLFNBQVM7QUFBQSxJQUNULFNBQVM7QUFBQSxFQUNYO0FBQUEsRUFDQSx3QkFBd0I7QUFBQSxJQUN0QixTQUNFO0FBQUEsSUFDRixTQUFTO0FBQUEsRUFDWDtBQUFBLEVBQ0EsbUJBQW1CO0FBQUEsSUFDakIsU0FDRTtBQUFBLElBQ0YsT0FBTztBQUFBLEVBQ1Q7QUFBQSxFQUNBLGVBQWUsRUFBRSxTQUFTLHFFQUFxRSxPQUFPLGtEQUFrRDtBQUMxSjtBQXdETyxJQUFNLDJCQUEyQjtBQUdqQyxJQUFNLGNBQU4sY0FBMEIsTUFBTTtBQUFBLEVBQ3JDLFlBQ1csVUFDVCxTQUNBO0FBQ0EsVUFBTSxHQUFHLFFBQVEsS0FBSyxPQUFPLEVBQUU7QUFIdEI7QUFJVCxTQUFLLE9BQU87QUFBQSxFQUNkO0FBQ0Y7QUFJQSxTQUFTLEtBQUssVUFBa0IsT0FBd0I7QUFDdEQsTUFBSTtBQUNGLFdBQU8sS0FBSyxNQUFNLEtBQUs7QUFBQSxFQUN6QixRQUFRO0FBQ04sVUFBTSxJQUFJLFlBQVksVUFBVSxtQkFBbUI7QUFBQSxFQUNyRDtBQUNGO0FBRUEsU0FBUyxNQUFTLFVBQWtCLFFBQXNCLE9BQW1CO0FBQzNFLFFBQU0sU0FBUyxPQUFPLFVBQVUsS0FBSztBQUNyQyxNQUFJLENBQUMsT0FBTyxTQUFTO0FBQ25CLFVBQU0sUUFBUSxPQUFPLE1BQU0sT0FBTyxDQUFDO0FBQ25DLFVBQU0sUUFBUSxPQUFPLEtBQUssU0FBUyxRQUFRLE1BQU0sS0FBSyxLQUFLLEdBQUcsQ0FBQyxNQUFNO0FBQ3JFLFVBQU0sSUFBSSxZQUFZLFVBQVUsR0FBRyxPQUFPLFdBQVcsWUFBWSxHQUFHLEtBQUssU0FBUyxLQUFLLFVBQVUsS0FBSyxDQUFDLEVBQUU7QUFBQSxFQUMzRztBQUNBLFNBQU8sT0FBTztBQUNoQjtBQUVBLElBQU0sY0FBYyxDQUFDLFFBQWdCQyxHQUFFLE9BQU8sT0FBTyxFQUFFLElBQUksRUFBRSxTQUFTLEVBQUUsSUFBSSxHQUFHO0FBQy9FLElBQU0sYUFBYUEsR0FDaEIsT0FBTyxFQUNQLE1BQU0sU0FBUyx1QkFBdUIsRUFDdEMsVUFBVSxNQUFNLEVBQ2hCLEtBQUtBLEdBQUUsT0FBTyxFQUFFLElBQUksRUFBRSxJQUFJLENBQUMsRUFBRSxJQUFJLE9BQU8sc0NBQWlDLENBQUM7QUFDN0UsSUFBTSxZQUFZO0FBQ2xCLElBQU0sV0FBVyxJQUFJLE9BQU8scUJBQXFCLFNBQVMsT0FBTyxTQUFTLFdBQVcsR0FBRztBQUN4RixJQUFNLGFBQWFBLEdBQUUsT0FBTyxFQUFFLE9BQU8sQ0FBQyxNQUFNLEtBQUssQ0FBQyxNQUFNLEtBQUssU0FBUyxLQUFLLENBQUMsR0FBRyw4REFBOEQ7QUFFN0ksSUFBTSxVQUFVQSxHQUFFLE9BQU8sRUFBRSxNQUFNLDZEQUE2RCx1Q0FBdUM7QUFHOUgsU0FBUyxVQUFVLFFBQWdCLE9BQWdDO0FBQ3hFLFNBQU8sTUFBTSxRQUFRLFlBQVksT0FBTyxLQUFLLENBQUM7QUFDaEQ7QUFHTyxTQUFTLFVBQVUsUUFBZ0IsT0FBdUI7QUFDL0QsU0FBTyxNQUFNLFFBQVEsWUFBWSxLQUFLO0FBQ3hDO0FBQ0EsSUFBTSxVQUFVQSxHQUNiLE9BQU8sRUFDUCxJQUFJLEVBQ0osT0FBTyxDQUFDLE1BQU0sZUFBZSxLQUFLLENBQUMsR0FBRyx3QkFBd0I7QUFHMUQsU0FBUyxXQUFXLE1BQVcsUUFBUSxLQUFtQjtBQUMvRCxRQUFNLE1BQU0sQ0FBQ0QsVUFBNkI7QUFDeEMsVUFBTSxRQUFRLElBQUlBLEtBQUk7QUFDdEIsV0FBTyxVQUFVLFVBQWEsTUFBTSxLQUFLLE1BQU0sS0FBSyxTQUFZLE1BQU0sS0FBSztBQUFBLEVBQzdFO0FBQ0EsUUFBTSxlQUFlLENBQUNBLFVBQThCLElBQUlBLEtBQUksS0FBSyxpQkFBaUJBLEtBQUksRUFBRTtBQUV4RixRQUFNLE9BQU8sVUFBVSxRQUFRLGFBQWEsTUFBTSxDQUFDO0FBQ25ELFFBQU0sT0FBTyxVQUFVLFFBQVEsYUFBYSxNQUFNLENBQUM7QUFDbkQsUUFBTSxXQUFXLE1BQU0saUJBQWlCQyxHQUFFLEtBQUssVUFBVSxHQUFHLGFBQWEsZUFBZSxDQUFDO0FBRXpGLE1BQUksVUFBVSxvQkFBSSxJQUFzQjtBQUN4QyxNQUFJLFlBQVk7QUFDaEIsUUFBTSxVQUFVLElBQUksY0FBYztBQUNsQyxNQUFJLFlBQVksUUFBVztBQUN6QixnQkFBWTtBQUNaLFlBQVEsSUFBSSxlQUFlLENBQUMsT0FBTyxDQUFDO0FBQUEsRUFDdEMsT0FBTztBQUNMLFVBQU0sU0FBUztBQUFBLE1BQ2I7QUFBQSxNQUNBQSxHQUFFO0FBQUEsUUFDQUEsR0FBRSxPQUFPLEVBQUUsSUFBSSxDQUFDLEVBQUUsSUFBSSxHQUFHO0FBQUEsUUFDekJBLEdBQUUsTUFBTUEsR0FBRSxNQUFNLENBQUNBLEdBQUUsUUFBUSxHQUFHLEdBQUdBLEdBQUUsUUFBUSxPQUFPLEdBQUdBLEdBQUUsT0FBTyxFQUFFLE1BQU0sd0JBQXdCLG1EQUFtRCxDQUFDLENBQUMsQ0FBQztBQUFBLE1BQ3RKO0FBQUEsTUFDQSxLQUFLLGdCQUFnQixPQUFPO0FBQUEsSUFDOUI7QUFDQSxRQUFJLE9BQU8sS0FBSyxNQUFNLEVBQUUsV0FBVyxFQUFHLE9BQU0sSUFBSSxZQUFZLGdCQUFnQixrQkFBa0I7QUFDOUYsY0FBVSxJQUFJLElBQUksT0FBTyxRQUFRLE1BQU0sQ0FBQztBQUFBLEVBQzFDO0FBRUEsUUFBTSxhQUFhLElBQUksaUJBQWlCO0FBQ3hDLE1BQUksZUFBZSxVQUFhLFdBQVcsU0FBUyxJQUFJO0FBQ3RELFVBQU0sSUFBSSxZQUFZLG1CQUFtQixvRUFBb0U7QUFBQSxFQUMvRztBQUVBLFFBQU0sbUJBQW1CLE1BQU0seUJBQXlCQSxHQUFFLEtBQUssa0JBQWtCLEdBQUcsYUFBYSx1QkFBdUIsQ0FBQztBQUN6SCxRQUFNLFdBQVcsTUFBTSxpQkFBaUIsWUFBWSxLQUFLLEtBQUssR0FBRyxhQUFhLGVBQWUsQ0FBQztBQUM5RixRQUFNLGdCQUFnQixNQUFNLHVCQUF1QixZQUFZLE1BQU0sS0FBSyxHQUFHLGFBQWEscUJBQXFCLENBQUM7QUFDaEgsTUFBSSxnQkFBZ0IsU0FBVSxPQUFNLElBQUksWUFBWSx1QkFBdUIsbUNBQW1DLFFBQVEsR0FBRztBQUN6SCxRQUFNLG9CQUFvQixNQUFNLDJCQUEyQkEsR0FBRSxPQUFPLE9BQU8sRUFBRSxJQUFJLEVBQUUsSUFBSSxDQUFDLEVBQUUsSUFBSSxHQUFNLEdBQUcsYUFBYSx5QkFBeUIsQ0FBQztBQUM5SSxRQUFNLG1CQUFtQixNQUFNLHlCQUF5QkEsR0FBRSxPQUFPLE9BQU8sRUFBRSxJQUFJLEVBQUUsSUFBSSxHQUFJLEVBQUUsSUFBSSxHQUFVLEdBQUcsYUFBYSx1QkFBdUIsQ0FBQztBQUVoSixNQUFJLGlCQUFpQyxFQUFFLEdBQUcsd0JBQXdCO0FBQ2xFLFFBQU0sWUFBWSxJQUFJLHFCQUFxQjtBQUMzQyxNQUFJLGNBQWMsUUFBVztBQUMzQixVQUFNLFVBQVUsTUFBTSx1QkFBdUJBLEdBQUUsT0FBTyxxQkFBcUIsSUFBSSxLQUFLLEVBQUUsUUFBUSxFQUFFLE9BQU8sR0FBRyxLQUFLLHVCQUF1QixTQUFTLENBQUM7QUFDaEoscUJBQWlCLEVBQUUsR0FBRyxnQkFBZ0IsR0FBRyxRQUFRO0FBQ2pELFVBQU0sV0FBVyxlQUFlLGNBQWM7QUFDOUMsUUFBSSxTQUFTLE9BQVEsT0FBTSxJQUFJLFlBQVksdUJBQXVCLFNBQVMsS0FBSyxJQUFJLENBQUM7QUFBQSxFQUN2RjtBQUVBLFFBQU0sVUFBVSxJQUFJLGNBQWM7QUFDbEMsTUFBSSxZQUFZLE9BQVcsT0FBTSxnQkFBZ0JBLEdBQUUsT0FBTyxFQUFFLE1BQU0sZ0JBQWdCLHFDQUFxQyxHQUFHLE9BQU87QUFDakksUUFBTSxXQUFXLE1BQU0saUJBQWlCLFNBQVMsYUFBYSxlQUFlLENBQUM7QUFDOUUsUUFBTSxhQUFhLElBQUksaUJBQWlCO0FBQ3hDLE1BQUksZUFBZSxPQUFXLE9BQU0sbUJBQW1CLFNBQVMsVUFBVTtBQUMxRSxRQUFNLFVBQVUsSUFBSSxjQUFjO0FBQ2xDLE1BQUksWUFBWSxPQUFXLE9BQU0sZ0JBQWdCLFNBQVMsT0FBTztBQUVqRSxRQUFNLE9BQU8sSUFBSSxxQkFBcUI7QUFDdEMsUUFBTSxXQUFXLElBQUkseUJBQXlCO0FBQzlDLE1BQUssU0FBUyxZQUFnQixhQUFhLFNBQVk7QUFDckQsVUFBTSxJQUFJO0FBQUEsTUFDUixTQUFTLFNBQVksd0JBQXdCO0FBQUEsTUFDN0M7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUNBLFFBQU0sV0FBVyxNQUFNLDBCQUEwQixTQUFTLGFBQWEsd0JBQXdCLENBQUM7QUFDaEcsUUFBTSxXQUFXLFFBQVEsV0FBVyxFQUFFLE9BQU8sTUFBTSxXQUFXLFVBQVUsVUFBVSxTQUFTLFFBQVEsT0FBTyxFQUFFLEVBQUUsSUFBSTtBQUVsSCxRQUFNLFlBQVksSUFBSSxzQkFBc0I7QUFDNUMsTUFBSSxjQUFjLE9BQVcsT0FBTSx3QkFBd0IsU0FBUyxTQUFTO0FBQzdFLFFBQU0sWUFBWSxJQUFJLGtCQUFrQjtBQUN4QyxRQUFNLFNBQVMsWUFDWCxNQUFNLG9CQUFvQkEsR0FBRSxPQUFPQSxHQUFFLE9BQU8sR0FBR0EsR0FBRSxPQUFPLEVBQUUsSUFBSSxDQUFDLENBQUMsR0FBRyxLQUFLLG9CQUFvQixTQUFTLENBQUMsSUFDdEcsRUFBRSxHQUFHLHFCQUFxQjtBQUU5QixRQUFNLGdCQUFnQixPQUFPLEtBQUssTUFBTSxFQUFFLE9BQU8sQ0FBQyxNQUFNLENBQUUsbUJBQXlDLFNBQVMsQ0FBQyxDQUFDO0FBQzlHLE1BQUksY0FBYyxRQUFRO0FBQ3hCLFVBQU0sSUFBSTtBQUFBLE1BQ1I7QUFBQSxNQUNBLGlCQUFpQixjQUFjLElBQUksQ0FBQyxNQUFNLEtBQUssVUFBVSxDQUFDLENBQUMsRUFBRSxLQUFLLElBQUksQ0FBQyxvQkFBb0IsbUJBQW1CLEtBQUssSUFBSSxDQUFDO0FBQUEsSUFDMUg7QUFBQSxFQUNGO0FBR0EsUUFBTSxhQUFhLE1BQU0seUJBQXlCQSxHQUFFLEtBQUssQ0FBQyxRQUFRLE9BQU8sQ0FBQyxHQUFHLGFBQWEsdUJBQXVCLENBQUMsTUFBTTtBQUN4SCxRQUFNLFFBQVEsWUFBWSxFQUFFLFdBQVcsUUFBUSxXQUFXLElBQUk7QUFFOUQsUUFBTSxrQkFBa0IsQ0FBQyxhQUE2RCxjQUF3RDtBQUM1SSxVQUFNLFNBQVMsTUFBTSxXQUFXLFNBQVMsYUFBYSxTQUFTLENBQUMsRUFBRSxRQUFRLFFBQVEsRUFBRTtBQUNwRixVQUFNLFdBQVcsSUFBSSxXQUFXO0FBQ2hDLFFBQUksYUFBYTtBQUNmO0FBQUEsUUFDRTtBQUFBLFFBQ0FBLEdBQ0csT0FBTyxFQUNQLElBQUksR0FBRyxFQUNQLE1BQU0sa0JBQWtCLHdDQUF3QztBQUFBLFFBQ25FO0FBQUEsTUFDRjtBQUNGLFdBQU8sV0FBVyxFQUFFLFVBQVUsT0FBTyxJQUFJO0FBQUEsRUFDM0M7QUFDQSxRQUFNLFNBQVMsZ0JBQWdCLHdCQUF3QixtQkFBbUI7QUFDMUUsUUFBTSxRQUFRLGdCQUFnQix1QkFBdUIsa0JBQWtCO0FBRXZFLE1BQUksWUFBeUMsRUFBRSxHQUFHLG1CQUFtQjtBQUNyRSxRQUFNLFVBQVUsSUFBSSxnQkFBZ0I7QUFDcEMsTUFBSSxZQUFZLE1BQU8sYUFBWTtBQUFBLFdBQzFCLFlBQVksUUFBVztBQUM5QixVQUFNLFFBQVFBLEdBQUUsT0FBTyxFQUFFLElBQUksRUFBRSxTQUFTO0FBQ3hDLGdCQUFZO0FBQUEsTUFDVixHQUFHO0FBQUEsTUFDSCxHQUFHO0FBQUEsUUFDRDtBQUFBLFFBQ0FBLEdBQ0csT0FBTztBQUFBLFVBQ04sa0JBQWtCO0FBQUEsVUFDbEIsa0JBQWtCO0FBQUEsVUFDbEIseUJBQXlCO0FBQUEsVUFDekIsdUJBQXVCO0FBQUEsVUFDdkIseUJBQXlCO0FBQUEsVUFDekIsZUFBZTtBQUFBLFVBQ2YsNEJBQTRCO0FBQUEsVUFDNUIsdUJBQXVCO0FBQUEsVUFDdkIscUJBQXFCO0FBQUEsVUFDckIsa0JBQWtCO0FBQUEsVUFDbEIsc0JBQXNCO0FBQUEsVUFDdEIsa0JBQWtCO0FBQUEsVUFDbEIsc0JBQXNCO0FBQUEsUUFDeEIsQ0FBQyxFQUNBLFFBQVEsRUFDUixPQUFPO0FBQUEsUUFDVixLQUFLLGtCQUFrQixPQUFPO0FBQUEsTUFDaEM7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUVBLFFBQU0sdUJBQXVCLE1BQU0sZ0NBQWdDLFlBQVksSUFBSSxHQUFHLGFBQWEsOEJBQThCLENBQUMsSUFBSSxLQUFLLEtBQUssS0FBSztBQUVySixRQUFNLFlBQVksTUFBTSxrQkFBa0IsWUFBWSxLQUFLLE9BQU8sSUFBSSxHQUFHLGFBQWEsZ0JBQWdCLENBQUM7QUFDdkcsUUFBTSxtQkFBbUIsTUFBTSwwQkFBMEJBLEdBQUUsT0FBTyxPQUFPLEVBQUUsSUFBSSxFQUFFLElBQUksR0FBSSxFQUFFLElBQUksR0FBTyxHQUFHLGFBQWEsd0JBQXdCLENBQUM7QUFDL0ksUUFBTSxxQkFBcUIsTUFBTSw2QkFBNkJBLEdBQUUsT0FBTyxPQUFPLEVBQUUsSUFBSSxFQUFFLElBQUksR0FBSSxFQUFFLElBQUksR0FBTyxHQUFHLGFBQWEsMkJBQTJCLENBQUM7QUFDdkosUUFBTSxjQUFjLE1BQU0scUJBQXFCQSxHQUFFLE9BQU8sT0FBTyxFQUFFLElBQUksRUFBRSxJQUFJLEdBQUcsRUFBRSxJQUFJLEdBQU8sR0FBRyxhQUFhLG1CQUFtQixDQUFDO0FBQy9ILFFBQU0sYUFBYSxNQUFNLG1CQUFtQkEsR0FBRSxLQUFLLENBQUMsUUFBUSxPQUFPLENBQUMsR0FBRyxhQUFhLGlCQUFpQixDQUFDLE1BQU07QUFDNUcsUUFBTSxhQUFhO0FBQUEsSUFDakI7QUFBQSxJQUNBQSxHQUFFLE1BQU1BLEdBQUUsS0FBSyxlQUFlLENBQUM7QUFBQSxJQUMvQixhQUFhLGdCQUFnQixFQUMxQixNQUFNLEdBQUcsRUFDVCxJQUFJLENBQUMsTUFBTSxFQUFFLEtBQUssQ0FBQyxFQUNuQixPQUFPLE9BQU87QUFBQSxFQUNuQjtBQUVBLFFBQU0sbUJBQW1CLE1BQU0sMEJBQTBCQSxHQUFFLE9BQU8sT0FBTyxFQUFFLElBQUksRUFBRSxJQUFJLEVBQUUsRUFBRSxJQUFJLEtBQUssR0FBRyxhQUFhLHdCQUF3QixDQUFDO0FBQzNJLFFBQU0sZUFBZSxJQUFJLG1CQUFtQjtBQUM1QyxRQUFNLFdBQVcsSUFBSSxlQUFlO0FBQ3BDLE1BQUksaUJBQWlCO0FBQ25CO0FBQUEsTUFDRTtBQUFBLE1BQ0FBLEdBQ0csT0FBTyxFQUNQLElBQUksR0FBRyxFQUNQLE1BQU0sY0FBYywwQkFBMEI7QUFBQSxNQUNqRDtBQUFBLElBQ0Y7QUFDRixNQUFJLGlCQUFpQixVQUFhLGFBQWE7QUFDN0MsVUFBTSxJQUFJLFlBQVksaUJBQWlCLCtFQUErRTtBQUN4SCxNQUFJLGFBQWEsVUFBYSxpQkFBaUIsT0FBVyxPQUFNLElBQUksWUFBWSxxQkFBcUIsZ0NBQWdDO0FBQ3JJLE1BQUksYUFBYSxPQUFXLE9BQU0saUJBQWlCLFNBQVMsUUFBUTtBQUNwRSxRQUFNLFFBQVEsaUJBQWlCLFVBQWEsYUFBYSxTQUFZLEVBQUUsU0FBUyxjQUFjLEtBQUssU0FBUyxJQUFJO0FBRWhILFNBQU87QUFBQSxJQUNMO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBLGFBQWEsYUFBYSxjQUFjO0FBQUEsSUFDeEM7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQSxRQUFRLGFBQWEsWUFBWTtBQUFBLElBQ2pDO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0E7QUFBQSxJQUNBO0FBQUEsSUFDQTtBQUFBLElBQ0EsZUFBZSxFQUFFLFlBQVksSUFBSSxPQUFPLGVBQWUsS0FBSztBQUFBLElBQzVELGVBQWUsRUFBRSxLQUFLLGtCQUFrQixVQUFVLHlCQUF5QjtBQUFBLElBQzNFO0FBQUEsRUFDRjtBQUNGOzs7QUN2aEJBLFNBQVMsa0JBQWtDLFFBQVEsaUJBQWlCO0FBQ3BFO0FBQUEsRUFDRTtBQUFBLEVBQ0E7QUFBQSxFQUNBO0FBQUEsRUFDQTtBQUFBLEVBQ0E7QUFBQSxFQUlBLGFBQUFDO0FBQUEsT0FDSztBQUNQLFNBQXNCLFdBQTZCO0FBR25ELElBQU0sTUFBTTtBQUVaLElBQU0scUJBQXFCO0FBRXBCLElBQU0saUJBQWlCO0FBVzlCLElBQU0sWUFBWSxDQUFDQyxVQUFpQixPQUFPLEtBQUtBLEtBQUksRUFBRSxTQUFTLFdBQVc7QUFPbkUsSUFBTSxVQUFOLE1BQU0sU0FBUTtBQUFBO0FBQUEsRUFPWCxZQUNXLElBQ0EsS0FDakI7QUFGaUI7QUFDQTtBQVJuQixTQUFRLE9BQU8sb0JBQUksSUFBdUI7QUFFMUMsU0FBUSxhQUFhO0FBQUEsRUFPbEI7QUFBQSxFQUVILGFBQWEsS0FBSyxJQUFzQixTQUFnQyxVQUFrQyxDQUFDLEdBQXFCO0FBQzlILFVBQU0sT0FBTyxJQUFJLFNBQVEsSUFBSSxRQUFRLFFBQVEsTUFBTSxLQUFLLElBQUksRUFBRTtBQUM5RCxVQUFNLEtBQUssT0FBTztBQUNsQixRQUFJLENBQUMsS0FBSyxTQUFTO0FBR2pCLFlBQU0sR0FBRyxZQUFZLEVBQUUsUUFBUSxPQUFPLFFBQVE7QUFDNUMsWUFBSSxZQUFZLFdBQVksT0FBTSwyQ0FBMkMsUUFBUSxHQUFHO0FBQ3hGLGNBQU0sV0FBVyxNQUFNLElBQUksV0FBVyxjQUFjLEVBQUUsT0FBTyxLQUFLLEVBQUUsTUFBTSxjQUFjLE1BQU0sSUFBSSxFQUFFLGlCQUFpQjtBQUNySCxZQUFJLENBQUMsU0FBVSxPQUFNLFNBQVEsVUFBVSxLQUFLLEtBQUssSUFBSSxDQUFDO0FBQUEsTUFDeEQsQ0FBQztBQUNELFlBQU0sS0FBSyxPQUFPO0FBQUEsSUFDcEI7QUFDQSxXQUFPO0FBQUEsRUFDVDtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQSxFQU9BLE1BQU0sT0FBTyxTQUFxRTtBQUNoRixVQUFNLE1BQU0sUUFBUSxPQUFPLEtBQUssSUFBSTtBQUNwQyxVQUFNLE1BQU0sTUFBTSxLQUFLLEdBQUcsWUFBWSxFQUFFLFFBQVEsT0FBTyxRQUFRO0FBQzdELFlBQU0sSUFBSSxZQUFZLGNBQWMsRUFBRSxJQUFJLEVBQUUsWUFBWSxJQUFJLENBQUMsRUFBRSxNQUFNLGNBQWMsTUFBTSxJQUFJLEVBQUUsUUFBUTtBQUN2RyxhQUFPLFNBQVEsVUFBVSxLQUFLLEdBQUc7QUFBQSxJQUNuQyxDQUFDO0FBQ0QsVUFBTSxLQUFLLE1BQU0sUUFBUSxpQkFBaUIsR0FBRztBQUM3QyxVQUFNLEtBQUssT0FBTztBQUNsQixXQUFPO0FBQUEsRUFDVDtBQUFBO0FBQUEsRUFHQSxNQUFNLE1BQU0saUJBQXlCLE1BQU0sS0FBSyxJQUFJLEdBQWtCO0FBQ3BFLFVBQU0sWUFBWSxNQUFNLGtCQUFrQixNQUFPLElBQUk7QUFDckQsVUFBTSxLQUFLLEdBQUcsV0FBVyxjQUFjLEVBQUUsTUFBTSxjQUFjLFVBQVUsSUFBSSxFQUFFLE1BQU0sY0FBYyxLQUFLLFNBQVMsRUFBRSxRQUFRO0FBQUEsRUFDM0g7QUFBQTtBQUFBLEVBR0EsUUFBYztBQUNaLFNBQUssVUFBVSxZQUFZLE1BQU0sS0FBSyxLQUFLLE9BQU8sRUFBRSxNQUFNLE1BQU07QUFBQSxJQUFDLENBQUMsR0FBRyxjQUFjO0FBQ25GLFNBQUssTUFBTSxNQUFNO0FBQUEsRUFDbkI7QUFBQSxFQUVBLFFBQWM7QUFDWixRQUFJLEtBQUssTUFBTyxlQUFjLEtBQUssS0FBSztBQUN4QyxTQUFLLFFBQVE7QUFBQSxFQUNmO0FBQUEsRUFFQSxhQUFxQixVQUFVLElBQThDLEtBQThCO0FBQ3pHLFVBQU0sRUFBRSxZQUFZLFVBQVUsSUFBSSxNQUFNLGdCQUFnQixLQUFLLEVBQUUsYUFBYSxLQUFLLENBQUM7QUFDbEYsVUFBTSxZQUFZLE1BQU0sVUFBVSxTQUFTO0FBQzNDLFVBQU0sTUFBTSxNQUFNLHVCQUF1QixTQUFTO0FBQ2xELFVBQU0sR0FDSCxXQUFXLGNBQWMsRUFDekIsT0FBTztBQUFBLE1BQ047QUFBQSxNQUNBLEtBQUs7QUFBQSxNQUNMLGFBQWEsS0FBSyxVQUFVLE1BQU0sVUFBVSxVQUFVLENBQUM7QUFBQSxNQUN2RCxZQUFZLEtBQUssVUFBVSxFQUFFLEdBQUcsV0FBVyxLQUFLLEtBQUssS0FBSyxLQUFLLE1BQU0sQ0FBQztBQUFBLE1BQ3RFLFlBQVk7QUFBQSxNQUNaLFlBQVk7QUFBQSxJQUNkLENBQUMsRUFDQSxXQUFXLENBQUMsT0FBTyxHQUFHLE9BQU8sS0FBSyxFQUFFLFVBQVUsQ0FBQyxFQUMvQyxRQUFRO0FBQ1gsV0FBTztBQUFBLEVBQ1Q7QUFBQSxFQUVBLE1BQU0sU0FBd0I7QUFDNUIsU0FBSyxhQUFhLEtBQUssSUFBSTtBQUMzQixVQUFNLE9BQU8sTUFBTSxLQUFLLEdBQUcsV0FBVyxjQUFjLEVBQUUsVUFBVSxFQUFFLFFBQVEsY0FBYyxNQUFNLEVBQUUsUUFBUTtBQUN4RyxVQUFNLE9BQU8sb0JBQUksSUFBdUI7QUFDeEMsUUFBSTtBQUNKLGVBQVcsT0FBTyxNQUFNO0FBQ3RCLFlBQU0sUUFBUSxLQUFLLEtBQUssSUFBSSxJQUFJLEdBQUc7QUFDbkMsWUFBTSxZQUFZLEtBQUssTUFBTSxJQUFJLFVBQVU7QUFDM0MsWUFBTSxNQUFpQixRQUNuQixFQUFFLEdBQUcsT0FBTyxXQUFXLElBQUksV0FBVyxJQUN0QyxFQUFFLEtBQUssSUFBSSxLQUFLLFdBQVcsV0FBWSxNQUFNLFVBQVUsV0FBVyxHQUFHLEdBQWlCLFdBQVcsSUFBSSxXQUFXO0FBQ3BILFVBQUksQ0FBQyxXQUFXLElBQUksZUFBZSxNQUFNO0FBQ3ZDLFlBQUksV0FBVztBQUFBLFVBQ2IsS0FBSyxpQkFBaUIsRUFBRSxLQUFLLEtBQUssTUFBTSxJQUFJLFdBQVcsR0FBNEIsUUFBUSxNQUFNLENBQUM7QUFBQSxVQUNsRyxRQUFRLFVBQVUsS0FBSyxVQUFVLEVBQUUsS0FBSyxLQUFLLEtBQUssSUFBSSxLQUFLLEtBQUssTUFBTSxDQUFDLENBQUM7QUFBQSxRQUMxRTtBQUNBLGtCQUFVO0FBQUEsTUFDWjtBQUNBLFdBQUssSUFBSSxJQUFJLEtBQUssR0FBRztBQUFBLElBQ3ZCO0FBQ0EsU0FBSyxPQUFPO0FBQ1osUUFBSSxRQUFTLE1BQUssVUFBVTtBQUFBLEVBQzlCO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQSxFQVNBLE1BQU0sS0FBSyxRQUFxQztBQUM5QyxVQUFNLEVBQUUsT0FBTyxJQUFJLEtBQUs7QUFDeEIsVUFBTSxRQUFRLEdBQUcsT0FBUSxNQUFNLElBQUksVUFBVSxLQUFLLFVBQVUsTUFBTSxDQUFDLENBQUM7QUFDcEUsVUFBTSxZQUFZLFVBQVUsVUFBVSxPQUFPLEtBQUssS0FBSyxHQUFHLEVBQUUsS0FBSyxPQUFRLEtBQUssYUFBYSxhQUFhLENBQUM7QUFDekcsV0FBTyxHQUFHLEtBQUssSUFBSSxVQUFVLFNBQVMsV0FBVyxDQUFDO0FBQUEsRUFDcEQ7QUFBQTtBQUFBLEVBR0EsTUFBTSxPQUFPLE9BQWUsU0FBZ0Q7QUFDMUUsV0FBT0QsV0FBVSxPQUFPLENBQUMsV0FBZ0MsS0FBSyxPQUFPLE1BQU0sR0FBRztBQUFBLE1BQzVFLFlBQVksQ0FBQyxHQUFHO0FBQUEsTUFDaEIsUUFBUSxRQUFRO0FBQUEsTUFDaEIsVUFBVSxRQUFRO0FBQUEsTUFDbEIsZ0JBQWdCO0FBQUEsTUFDaEIsYUFBYSxJQUFJLEtBQUssS0FBSyxJQUFJLENBQUM7QUFBQSxJQUNsQyxDQUFDO0FBQUEsRUFDSDtBQUFBLEVBRUEsTUFBYyxPQUFPLFFBQWlEO0FBQ3BFLFVBQU0sTUFBTSxPQUFPLE1BQU0sTUFBTSxLQUFLLEtBQUssT0FBTyxHQUFHLElBQUk7QUFDdkQsUUFBSSxDQUFDLElBQUssT0FBTSxPQUFPLE9BQU8sSUFBSSxNQUFNLHFCQUFxQixHQUFHLEVBQUUsTUFBTSwyQkFBMkIsQ0FBQztBQUNwRyxXQUFPLElBQUk7QUFBQSxFQUNiO0FBQUEsRUFFQSxNQUFjLEtBQUssS0FBNkM7QUFDOUQsVUFBTSxNQUFNLEtBQUssS0FBSyxJQUFJLEdBQUc7QUFDN0IsUUFBSSxPQUFPLEtBQUssSUFBSSxJQUFJLEtBQUssY0FBYyxtQkFBb0IsUUFBTztBQUV0RSxVQUFNLEtBQUssT0FBTztBQUNsQixXQUFPLEtBQUssS0FBSyxJQUFJLEdBQUc7QUFBQSxFQUMxQjtBQUFBLEVBRUEsT0FBd0I7QUFDdEIsV0FBTyxFQUFFLE1BQU0sQ0FBQyxHQUFHLEtBQUssS0FBSyxPQUFPLENBQUMsRUFBRSxJQUFJLENBQUMsTUFBTSxFQUFFLFNBQVMsRUFBRTtBQUFBLEVBQ2pFO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBLEVBT0EsTUFBTSxJQUFJLEtBQTJDO0FBQ25ELFVBQU0sTUFBTSxRQUFRLFNBQVksS0FBSyxVQUFVLE1BQU0sS0FBSyxLQUFLLEdBQUc7QUFDbEUsV0FBTyxPQUFPLFdBQVcsSUFBSSxTQUFTO0FBQUEsRUFDeEM7QUFBQSxFQUVBLElBQUksYUFBcUI7QUFDdkIsV0FBTyxLQUFLLFFBQVE7QUFBQSxFQUN0QjtBQUNGOzs7QUNwTUEsT0FBTyxnQkFBc0M7QUFLN0MsSUFBTSxlQUFlO0FBQ3JCLElBQU0sb0JBQW9CO0FBRTFCLElBQU0sV0FBVztBQWFWLElBQU0sU0FBTixNQUFhO0FBQUEsRUFPbEIsWUFDbUIsSUFDQSxRQUNBLEtBRUEsT0FDakI7QUFMaUI7QUFDQTtBQUNBO0FBRUE7QUFWbkIsU0FBUSxVQUF5QixRQUFRLFFBQVE7QUFHakQ7QUFBQSxTQUFpQixRQUFRLG9CQUFJLElBQW1CO0FBUzlDLFFBQUksT0FBTyxTQUFTO0FBQ2xCLFdBQUssWUFBWSxXQUFXLGdCQUFnQixPQUFPLE9BQU87QUFDMUQsV0FBSyxRQUFRLFlBQVksTUFBTSxLQUFLLEtBQUssTUFBTSxHQUFHLGlCQUFpQjtBQUNuRSxXQUFLLE1BQU0sTUFBTTtBQUFBLElBQ25CO0FBQUEsRUFDRjtBQUFBLEVBRUEsSUFBSSxPQUEwQjtBQUM1QixXQUFPLEtBQUssWUFBWSxTQUFTO0FBQUEsRUFDbkM7QUFBQSxFQUVBLE1BQU0sUUFBUSxLQUErQyxJQUFZLFNBQXNCLEtBQTRCO0FBQ3pILFVBQU0sSUFDSCxXQUFXLFFBQVEsRUFDbkIsT0FBTztBQUFBLE1BQ04sWUFBWTtBQUFBLE1BQ1osU0FBUyxRQUFRO0FBQUEsTUFDakIsV0FBVyxRQUFRO0FBQUEsTUFDbkIsV0FBVyxRQUFRO0FBQUEsTUFDbkIsWUFBWTtBQUFBLE1BQ1osU0FBUztBQUFBLE1BQ1QsVUFBVTtBQUFBLE1BQ1YsWUFBWTtBQUFBLE1BQ1osZUFBZTtBQUFBLElBQ2pCLENBQUMsRUFDQSxRQUFRO0FBQUEsRUFDYjtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUEsRUFNQSxZQUFrQjtBQUNoQixTQUFLLFVBQVUsS0FBSyxRQUNqQixLQUFLLE1BQU0sSUFBSSxRQUFjLENBQUNFLGFBQVksYUFBYUEsUUFBTyxDQUFDLENBQUMsRUFDaEUsS0FBSyxNQUFNLEtBQUssUUFBUSxDQUFDLEVBQ3pCLE1BQU0sQ0FBQyxRQUFRLEtBQUssSUFBSSxNQUFNLEVBQUUsUUFBUSxPQUFPLEdBQUcsRUFBRSxHQUFHLHVCQUF1QixDQUFDO0FBQUEsRUFDcEY7QUFBQTtBQUFBLEVBR0EsUUFBdUI7QUFDckIsU0FBSyxVQUFVLEtBQUssUUFBUSxLQUFLLE1BQU0sS0FBSyxRQUFRLENBQUMsRUFBRSxNQUFNLENBQUMsUUFBUSxLQUFLLElBQUksTUFBTSxFQUFFLFFBQVEsT0FBTyxHQUFHLEVBQUUsR0FBRyx1QkFBdUIsQ0FBQztBQUN0SSxXQUFPLEtBQUs7QUFBQSxFQUNkO0FBQUEsRUFFQSxNQUFjLFVBQXlCO0FBQ3JDLFVBQU0sT0FBTyxNQUFNLEtBQUssR0FDckIsV0FBVyxRQUFRLEVBQ25CLFVBQVUsRUFDVixNQUFNLFdBQVcsTUFBTSxJQUFJLEVBQzNCLE1BQU0sWUFBWSxLQUFLLFlBQVksRUFDbkMsUUFBUSxJQUFJLEVBQ1osTUFBTSxHQUFHLEVBQ1QsUUFBUTtBQUNYLGVBQVcsT0FBTyxNQUFNO0FBRXRCLFlBQU0sTUFBTSxLQUFLLElBQUk7QUFDckIsWUFBTSxRQUFRLE1BQU0sS0FBSyxHQUN0QixZQUFZLFFBQVEsRUFDcEIsSUFBSSxFQUFFLGVBQWUsTUFBTSxTQUFTLENBQUMsRUFDckMsTUFBTSxNQUFNLEtBQUssSUFBSSxFQUFFLEVBQ3ZCLE1BQU0sV0FBVyxNQUFNLElBQUksRUFDM0IsTUFBTSxDQUFDLE9BQU8sR0FBRyxHQUFHLENBQUMsR0FBRyxpQkFBaUIsTUFBTSxJQUFJLEdBQUcsR0FBRyxpQkFBaUIsS0FBSyxHQUFHLENBQUMsQ0FBQyxDQUFDLEVBQ3JGLGlCQUFpQjtBQUNwQixVQUFJLE9BQU8sTUFBTSxjQUFjLE1BQU0sRUFBRztBQUN4QyxVQUFJLENBQUMsS0FBSyxXQUFXO0FBSW5CLFlBQUksS0FBSyxNQUFPLE1BQUssTUFBTSxZQUFZLEVBQUUsSUFBSSxJQUFJLFlBQVksU0FBUyxJQUFJLFNBQVMsTUFBTSxJQUFJLFVBQVUsQ0FBQyxDQUFDO0FBQUEsWUFDcEcsTUFBSyxJQUFJLEtBQUssRUFBRSxNQUFNLEVBQUUsSUFBSSxJQUFJLFlBQVksU0FBUyxJQUFJLFFBQVEsR0FBRyxNQUFNLElBQUksVUFBVSxHQUFHLHlCQUF5QjtBQUN6SCxjQUFNLEtBQUssR0FDUixZQUFZLFFBQVEsRUFDcEIsSUFBSSxFQUFFLFNBQVMsS0FBSyxJQUFJLEdBQUcsVUFBVSxJQUFJLFdBQVcsRUFBRSxDQUFDLEVBQ3ZELE1BQU0sTUFBTSxLQUFLLElBQUksRUFBRSxFQUN2QixRQUFRO0FBQ1g7QUFBQSxNQUNGO0FBQ0EsVUFBSTtBQUNGLGNBQU0sS0FBSyxVQUFVLFNBQVMsRUFBRSxNQUFNLEtBQUssT0FBTyxVQUFVLElBQUksSUFBSSxZQUFZLFNBQVMsSUFBSSxTQUFTLE1BQU0sSUFBSSxXQUFXLE1BQU0sSUFBSSxVQUFVLENBQUM7QUFHaEosY0FBTSxLQUFLLEdBQ1IsWUFBWSxRQUFRLEVBQ3BCLElBQUk7QUFBQSxVQUNILFNBQVMsS0FBSyxJQUFJO0FBQUEsVUFDbEIsVUFBVSxJQUFJLFdBQVc7QUFBQSxVQUN6QixZQUFZO0FBQUEsVUFDWixXQUFXLGNBQWMsSUFBSSxTQUFTO0FBQUEsVUFDdEMsV0FBVyxjQUFjLElBQUksU0FBUztBQUFBLFFBQ3hDLENBQUMsRUFDQSxNQUFNLE1BQU0sS0FBSyxJQUFJLEVBQUUsRUFDdkIsUUFBUTtBQUFBLE1BQ2IsU0FBUyxLQUFLO0FBQ1osY0FBTSxLQUFLLEdBQ1IsWUFBWSxRQUFRLEVBQ3BCLElBQUksRUFBRSxVQUFVLElBQUksV0FBVyxHQUFHLFlBQVksT0FBUSxJQUFjLFdBQVcsR0FBRyxFQUFFLE1BQU0sR0FBRyxHQUFHLEdBQUcsZUFBZSxLQUFLLENBQUMsRUFDeEgsTUFBTSxNQUFNLEtBQUssSUFBSSxFQUFFLEVBQ3ZCLFFBQVE7QUFDWCxhQUFLLElBQUk7QUFBQSxVQUNQLEVBQUUsTUFBTSxFQUFFLElBQUksSUFBSSxJQUFJLFNBQVMsSUFBSSxRQUFRLEdBQUcsU0FBUyxJQUFJLFdBQVcsR0FBRyxRQUFTLElBQWMsUUFBUTtBQUFBLFVBQ3hHO0FBQUEsUUFDRjtBQUFBLE1BQ0Y7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUEsRUFTQSxZQUFZLE1BQXFCLE1BQWlDO0FBQ2hFLFVBQU0sTUFBTSxLQUNULEtBQUssSUFBSSxFQUNUO0FBQUEsTUFDQyxNQUFNLEtBQUssVUFBVTtBQUFBLE1BQ3JCLENBQUMsUUFBaUIsS0FBSyxJQUFJLE1BQU0sRUFBRSxRQUFRLE9BQU8sR0FBRyxFQUFFLEdBQUcsbUNBQW1DO0FBQUEsSUFDL0YsRUFDQyxRQUFRLE1BQU0sS0FBSyxNQUFNLE9BQU8sR0FBRyxDQUFDO0FBQ3ZDLFNBQUssTUFBTSxJQUFJLEdBQUc7QUFBQSxFQUNwQjtBQUFBO0FBQUEsRUFHQSxNQUFNLFNBQXdCO0FBQzVCLFdBQU8sS0FBSyxNQUFNLEtBQU0sT0FBTSxRQUFRLElBQUksQ0FBQyxHQUFHLEtBQUssS0FBSyxDQUFDO0FBQUEsRUFDM0Q7QUFBQTtBQUFBLEVBR0EsTUFBTSxPQUFzQjtBQUMxQixVQUFNLEtBQUssT0FBTztBQUNsQixVQUFNLEtBQUs7QUFBQSxFQUNiO0FBQUEsRUFFQSxRQUFjO0FBQ1osUUFBSSxLQUFLLE1BQU8sZUFBYyxLQUFLLEtBQUs7QUFDeEMsU0FBSyxXQUFXLE1BQU07QUFBQSxFQUN4QjtBQUNGO0FBR08sU0FBUyxjQUFjLE1BQXNCO0FBQ2xELFNBQU8sS0FBSyxRQUFRLHdDQUF3QyxVQUFVO0FBQ3hFO0FBTU8sU0FBUyxZQUFZLE1BQTZEO0FBQ3ZGLFFBQU0sT0FBTyxTQUFJLE9BQU8sRUFBRTtBQUMxQixRQUFNLFFBQWtCLENBQUM7QUFDekIsYUFBV0MsU0FBUSxLQUFLLEtBQUssUUFBUSxVQUFVLElBQUksRUFBRSxNQUFNLElBQUksR0FBRztBQUNoRSxVQUFNLFFBQVFBLE1BQUssTUFBTSxrQkFBa0IsRUFBRSxPQUFPLENBQUMsU0FBUyxLQUFLLEtBQUssTUFBTSxFQUFFO0FBQ2hGLFFBQUksTUFBTSxVQUFVLEVBQUcsT0FBTSxLQUFLQSxLQUFJO0FBQUEsUUFDakMsWUFBVyxRQUFRLE1BQU8sT0FBTSxLQUFLLEtBQUssS0FBSyxDQUFDO0FBQUEsRUFDdkQ7QUFDQSxTQUFPO0FBQUEsSUFDTCxTQUFJLElBQUk7QUFBQSxJQUNSLGtCQUFhLEtBQUssRUFBRTtBQUFBLElBQ3BCLG1CQUFjLEtBQUssT0FBTztBQUFBLElBQzFCLFNBQUksSUFBSTtBQUFBLElBQ1IsR0FBRyxNQUFNLElBQUksQ0FBQyxNQUFPLElBQUksVUFBSyxDQUFDLEtBQUssUUFBSTtBQUFBLElBQ3hDLFNBQUksSUFBSTtBQUFBLElBQ1I7QUFBQSxFQUNGLEVBQUUsS0FBSyxJQUFJO0FBQ2I7OztBQzVNQSxTQUFzQixPQUFBQyxZQUE2QjtBQU1uRCxJQUFNLFFBQVE7QUFBQSxFQUNaLENBQUMsSUFBSSxLQUFhLEtBQWEsWUFDN0IsR0FDRyxXQUFXLGFBQWEsRUFDeEIsT0FBTyxFQUFFLEtBQUssY0FBYyxLQUFLLE9BQU8sRUFBRSxDQUFDLEVBQzNDO0FBQUEsSUFBVyxDQUFDLE9BQ1gsR0FBRyxPQUFPLEtBQUssRUFBRSxZQUFZO0FBQUEsTUFDM0IsT0FBT0MsNkNBQTRDLE9BQU87QUFBQSxNQUMxRCxjQUFjQSw2Q0FBNEMsT0FBTyxTQUFTLEdBQUc7QUFBQSxJQUMvRSxDQUFDO0FBQUEsRUFDSCxFQUNDLFVBQVUsQ0FBQyxTQUFTLGNBQWMsQ0FBQztBQUFBLEVBQ3hDO0FBQ0Y7QUFPQSxlQUFzQixhQUFhLElBQVEsS0FBYSxLQUFhLFVBQW1FO0FBQ3RJLFFBQU0sQ0FBQyxHQUFHLElBQUksTUFBTSxNQUFNLElBQUksS0FBSyxLQUFLLE1BQU0sUUFBUTtBQUN0RCxNQUFJLENBQUMsSUFBSyxPQUFNLElBQUksTUFBTSw0QkFBNEI7QUFDdEQsU0FBTyxFQUFFLE9BQU8sT0FBTyxJQUFJLEtBQUssR0FBRyxhQUFhLE9BQU8sSUFBSSxZQUFZLEVBQUU7QUFDM0U7QUFFQSxJQUFNLFVBQVU7QUFBQSxFQUNkLENBQUMsSUFBSSxLQUFhLEtBQWEsT0FBZSxPQUFlLFlBQzNELEdBQ0csV0FBVyxhQUFhLEVBQ3hCLE9BQU8sRUFBRSxLQUFLLGNBQWMsS0FBSyxPQUFPLE1BQU0sQ0FBQyxFQUMvQztBQUFBLElBQVcsQ0FBQyxPQUNYLEdBQUcsT0FBTyxLQUFLLEVBQUUsWUFBWTtBQUFBLE1BQzNCLE9BQU9BLDZDQUE0QyxPQUFPO0FBQUEsTUFDMUQsT0FBT0EsNkNBQTRDLE9BQU87QUFBQSxNQUMxRCxjQUFjQSw2Q0FBNEMsT0FBTztBQUFBLElBQ25FLENBQUM7QUFBQSxFQUNILEVBQ0MsVUFBVSxDQUFDLFNBQVMsU0FBUyxjQUFjLENBQUM7QUFBQSxFQUNqRDtBQUNGO0FBWUEsZUFBc0IsYUFBYSxJQUFRLEtBQWEsUUFBMEMsS0FBYSxVQUF3QztBQUNySixRQUFNLENBQUMsR0FBRyxJQUFJLE1BQU0sUUFBUSxJQUFJLEtBQUssS0FBSyxPQUFPLE9BQU8sT0FBTyxPQUFPLE1BQU0sUUFBUTtBQUNwRixNQUFJLENBQUMsSUFBSyxPQUFNLElBQUksTUFBTSw0QkFBNEI7QUFDdEQsU0FBTyxFQUFFLE9BQU8sT0FBTyxJQUFJLEtBQUssR0FBRyxPQUFPLE9BQU8sSUFBSSxLQUFLLEdBQUcsYUFBYSxPQUFPLElBQUksWUFBWSxFQUFFO0FBQ3JHO0FBR0EsZUFBc0Isb0JBQW9CLElBQVEsS0FBYSxRQUEwQyxhQUFvQztBQUMzSSxRQUFNLEdBQ0gsWUFBWSxhQUFhLEVBQ3pCLElBQUksRUFBRSxPQUFPQSxlQUFjLE9BQU8sS0FBSyxJQUFJLE9BQU9BLGVBQWMsT0FBTyxLQUFLLEdBQUcsQ0FBQyxFQUNoRixNQUFNLE9BQU8sS0FBSyxHQUFHLEVBQ3JCLE1BQU0sZ0JBQWdCLEtBQUssV0FBVyxFQUN0QyxRQUFRO0FBQ2I7QUFHQSxlQUFzQixlQUFlLElBQVEsS0FBNEI7QUFDdkUsUUFBTSxHQUFHLFlBQVksYUFBYSxFQUFFLElBQUksRUFBRSxPQUFPQSxnQkFBZSxDQUFDLEVBQUUsTUFBTSxPQUFPLEtBQUssR0FBRyxFQUFFLE1BQU0sU0FBUyxLQUFLLENBQUMsRUFBRSxRQUFRO0FBQzNIO0FBRUEsZUFBc0IsY0FBYyxJQUFRLE1BQStCO0FBQ3pFLE1BQUksS0FBSyxPQUFRLE9BQU0sR0FBRyxXQUFXLGFBQWEsRUFBRSxNQUFNLE9BQU8sTUFBTSxJQUFJLEVBQUUsUUFBUTtBQUN2RjtBQUdBLGVBQXNCLDBCQUEwQixJQUFRLFFBQStCO0FBQ3JGLFFBQU0sVUFBVSxHQUFHLE9BQU8sUUFBUSxXQUFXLENBQUMsTUFBTSxLQUFLLENBQUMsRUFBRSxDQUFDO0FBQzdELFFBQU0sR0FBRyxXQUFXLGFBQWEsRUFBRSxNQUFNQSxnQkFBd0IsT0FBTyxjQUFjLEVBQUUsUUFBUTtBQUNsRztBQVNBLGVBQXNCLFVBQVUsSUFBUSxLQUE4QztBQUNwRixRQUFNLE1BQU0sTUFBTSxHQUFHLFdBQVcsYUFBYSxFQUFFLE9BQU8sQ0FBQyxTQUFTLGdCQUFnQixTQUFTLENBQUMsRUFBRSxNQUFNLE9BQU8sS0FBSyxHQUFHLEVBQUUsaUJBQWlCO0FBQ3BJLFNBQU8sT0FBTyxFQUFFLE9BQU8sT0FBTyxJQUFJLEtBQUssR0FBRyxRQUFRLE9BQU8sSUFBSSxZQUFZLEdBQUcsUUFBUSxPQUFPLElBQUksT0FBTyxFQUFFO0FBQzFHO0FBTUEsZUFBc0IsYUFBYSxJQUFRLEtBQWEsTUFBOEIsTUFBb0M7QUFDeEgsUUFBTSxTQUFTLEVBQUUsT0FBTyxLQUFLLE9BQU8sY0FBYyxLQUFLLFFBQVEsU0FBUyxLQUFLLE9BQU87QUFDcEYsTUFBSSxDQUFDLE1BQU07QUFDVCxVQUFNLFdBQVcsTUFBTSxHQUNwQixXQUFXLGFBQWEsRUFDeEIsT0FBTyxFQUFFLEtBQUssR0FBRyxPQUFPLENBQUMsRUFDekIsV0FBVyxDQUFDLE9BQU8sR0FBRyxPQUFPLEtBQUssRUFBRSxVQUFVLENBQUMsRUFDL0MsaUJBQWlCO0FBQ3BCLFdBQU8sT0FBTyxTQUFTLDRCQUE0QixDQUFDLElBQUk7QUFBQSxFQUMxRDtBQUNBLFFBQU0sVUFBVSxNQUFNLEdBQ25CLFlBQVksYUFBYSxFQUN6QixJQUFJLE1BQU0sRUFDVixNQUFNLE9BQU8sS0FBSyxHQUFHLEVBQ3JCLE1BQU0sU0FBUyxLQUFLLEtBQUssS0FBSyxFQUM5QixNQUFNLGdCQUFnQixLQUFLLEtBQUssTUFBTSxFQUN0QyxNQUFNLFdBQVcsS0FBSyxLQUFLLE1BQU0sRUFDakMsaUJBQWlCO0FBQ3BCLFNBQU8sT0FBTyxRQUFRLGNBQWMsSUFBSTtBQUMxQzs7O0FDNUZBLElBQU0sV0FBMEIsRUFBRSxXQUFXLFlBQVk7QUFBQyxHQUFHLFNBQVMsTUFBTTtBQUFDLEVBQUU7QUFFL0UsSUFBTSxjQUFjLENBQUMsWUFBb0IsVUFBVSx5Q0FDakQsSUFBSSxTQUFTLEtBQUssZ0JBQWdCLFNBQVMsUUFBVyxLQUFLLElBQUksR0FBRyxLQUFLLEtBQUssVUFBVSxDQUFDLENBQUM7QUFHMUYsSUFBTSxhQUFhLENBQUNDLFdBQWtCLGtCQUFrQkEsTUFBSztBQUU3RCxJQUFNLGFBQWEsQ0FBQ0EsV0FBa0IsZUFBZUEsTUFBSztBQWtCbkQsSUFBTSxjQUFOLE1BQWtCO0FBQUEsRUFHdkIsWUFDbUIsSUFDQSxRQUNqQjtBQUZpQjtBQUNBO0FBRWpCLFNBQUssU0FBUyxJQUFJLE9BQU8sS0FBSyxRQUFRLGlCQUFpQixLQUFLLEdBQUk7QUFBQSxFQUNsRTtBQUFBLEVBRUEsSUFBWSxXQUFtQjtBQUM3QixZQUFRLEtBQUssUUFBUSxpQkFBaUIsS0FBSztBQUFBLEVBQzdDO0FBQUE7QUFBQSxFQUdBLE1BQU0sY0FBY0EsUUFBZSxTQUFpQixLQUFxQztBQUN2RixVQUFNLFNBQVMsS0FBSztBQUNwQixRQUFJLENBQUMsT0FBUSxRQUFPO0FBQ3BCLFVBQU0sT0FBTyxFQUFFLEtBQUssR0FBRyxXQUFXQSxNQUFLLENBQUMsR0FBRyxPQUFPLElBQUksT0FBTyxPQUFPLDJCQUEyQjtBQUMvRixVQUFNLFVBQVUsV0FBV0EsTUFBSztBQUNoQyxVQUFNLE9BQU8sa0JBQWtCLE9BQU87QUFDdEMsVUFBTSxLQUFLLEtBQUssQ0FBQyxJQUFJLEdBQUcsR0FBRztBQUMzQixRQUFJO0FBQ0YsWUFBTSxLQUFLLE1BQU0sTUFBTSxPQUFPLGtCQUFrQixHQUFHO0FBQUEsSUFDckQsU0FBUyxLQUFLO0FBQ1osWUFBTSxlQUFlLEtBQUssSUFBSSxLQUFLLEdBQUc7QUFDdEMsWUFBTTtBQUFBLElBQ1I7QUFDQSxRQUFJO0FBQ0YsWUFBTSxLQUFLLE1BQU0sU0FBUyxPQUFPLGtCQUFrQixHQUFHO0FBQUEsSUFDeEQsU0FBUyxLQUFLO0FBQ1osWUFBTSxlQUFlLEtBQUssSUFBSSxLQUFLLEdBQUc7QUFDdEMsWUFBTSxlQUFlLEtBQUssSUFBSSxJQUFJO0FBQ2xDLFlBQU07QUFBQSxJQUNSO0FBQ0EsV0FBTztBQUFBLE1BQ0wsV0FBVyxZQUFZO0FBQ3JCLGNBQU0sY0FBYyxLQUFLLElBQUksQ0FBQyxLQUFLLEtBQUssT0FBTyxDQUFDO0FBQ2hELGNBQU0sZUFBZSxLQUFLLElBQUksSUFBSTtBQUFBLE1BQ3BDO0FBQUEsTUFDQSxTQUFTLE1BQU07QUFBQSxNQUFDO0FBQUEsSUFDbEI7QUFBQSxFQUNGO0FBQUE7QUFBQSxFQUdBLE1BQU0sa0JBQWtCQSxRQUE4QjtBQUNwRCxRQUFJLENBQUMsS0FBSyxPQUFRO0FBQ2xCLFVBQU0sY0FBYyxLQUFLLElBQUksQ0FBQyxXQUFXQSxNQUFLLENBQUMsQ0FBQztBQUNoRCxVQUFNLDBCQUEwQixLQUFLLElBQUksV0FBV0EsTUFBSyxDQUFDO0FBQUEsRUFDNUQ7QUFBQTtBQUFBLEVBR0EsTUFBTSxhQUFhLFNBQWlCLEtBQTRCO0FBQzlELFVBQU0sS0FBSyxLQUFLLENBQUMsS0FBSyxVQUFVLEVBQUUsS0FBSyxvQkFBb0IsT0FBTyxJQUFJLE9BQU8sS0FBSyxPQUFPLHdCQUF3QixDQUFDLEdBQUcsR0FBRztBQUFBLEVBQzFIO0FBQUE7QUFBQSxFQUdBLE1BQU0sZUFBZSxTQUFpQixLQUE0QjtBQUNoRSxVQUFNLFNBQVMsS0FBSztBQUNwQixRQUFJLENBQUMsT0FBUTtBQUNiLFVBQU0sS0FBSyxPQUFPLEtBQUsscUJBQXFCLE9BQU8sSUFBSSxFQUFFLE9BQU8sR0FBRyxPQUFPLEVBQUUsR0FBRyxFQUFFLE9BQU8sT0FBTyxxQkFBcUIsT0FBTyxTQUFTLEdBQUcsR0FBRztBQUFBLEVBQzVJO0FBQUE7QUFBQSxFQUdBLE1BQU0sYUFBYUEsUUFBZSxTQUFpQixLQUE0QjtBQUM3RSxVQUFNLEtBQUs7QUFBQSxNQUNUO0FBQUEsUUFDRSxLQUFLLFVBQVUsRUFBRSxLQUFLLGlCQUFpQkEsTUFBSyxJQUFJLE9BQU8sS0FBSyxPQUFPLHNCQUFzQjtBQUFBLFFBQ3pGLEtBQUssVUFBVSxFQUFFLEtBQUssaUJBQWlCLE9BQU8sSUFBSSxPQUFPLEtBQUssT0FBTyx3QkFBd0I7QUFBQSxNQUMvRjtBQUFBLE1BQ0E7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQSxFQU9BLE1BQU0sT0FBTyxPQUFnRCxRQUEwQyxLQUE0QjtBQUNqSSxVQUFNLFNBQVMsS0FBSztBQUNwQixRQUFJLENBQUMsT0FBUTtBQUNiLFVBQU0sVUFBVSxrQkFBa0IsTUFBTSxTQUFTO0FBQ2pELFVBQU0sS0FBSyxPQUFPLEtBQUssU0FBUyxRQUFRLEVBQUUsT0FBTyxPQUFPLGtCQUFrQixPQUFPLE9BQU8scUJBQXFCLEdBQUcsR0FBRztBQUNuSCxRQUFJO0FBQ0YsWUFBTSxLQUFLLE9BQU8sS0FBSyxrQkFBa0IsTUFBTSxRQUFRLElBQUksUUFBUSxFQUFFLE9BQU8sT0FBTyxrQkFBa0IsT0FBTyxPQUFPLHFCQUFxQixHQUFHLEdBQUc7QUFBQSxJQUNoSixTQUFTLEtBQUs7QUFDWixXQUFLLE9BQU8sU0FBUyxTQUFTLE1BQU07QUFDcEMsWUFBTTtBQUFBLElBQ1I7QUFBQSxFQUNGO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUEsRUFRQSxNQUFjLEtBQUssT0FBbUMsS0FBNEI7QUFDaEYsVUFBTSxXQUFXLE1BQU0sT0FBTyxDQUFDLE1BQW9CLE1BQU0sTUFBUztBQUNsRSxRQUFJLFVBQTBDO0FBQzlDLGVBQVcsRUFBRSxLQUFLLE1BQU0sS0FBSyxVQUFVO0FBQ3JDLFlBQU0sRUFBRSxPQUFPLFlBQVksSUFBSSxNQUFNLGFBQWEsS0FBSyxJQUFJLEtBQUssS0FBSyxLQUFLLFFBQVE7QUFDbEYsVUFBSSxRQUFRLE1BQU8sYUFBWSxFQUFFLFlBQVk7QUFBQSxJQUMvQztBQUNBLFFBQUksU0FBUztBQUVYLGlCQUFXLEVBQUUsSUFBSSxLQUFLLFNBQVUsT0FBTSxlQUFlLEtBQUssSUFBSSxHQUFHO0FBQ2pFLFlBQU0sYUFBYSxRQUFRLGNBQWMsS0FBSyxXQUFXLE9BQU8sR0FBSTtBQUFBLElBQ3RFO0FBQUEsRUFDRjtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUEsRUFTQSxNQUFjLE1BQU0sS0FBYSxPQUFlLEtBQTRCO0FBQzFFLFVBQU0sY0FBYyxLQUFLLFFBQVEseUJBQXlCLEtBQUs7QUFDL0QsYUFBUyxRQUFRLEdBQUcsUUFBUSxHQUFHLFNBQVM7QUFDdEMsWUFBTSxPQUFPLE1BQU0sVUFBVSxLQUFLLElBQUksR0FBRztBQUN6QyxZQUFNLFlBQVksQ0FBQyxRQUFRLEtBQUssVUFBVSxNQUFNLEtBQUs7QUFDckQsVUFBSSxDQUFDLGFBQWEsS0FBSyxTQUFTLElBQUssT0FBTSxhQUFhLEtBQUssU0FBUyxPQUFPLEdBQUk7QUFDakYsWUFBTSxTQUFTLFlBQVksSUFBSSxLQUFLLFNBQVM7QUFDN0MsWUFBTSxPQUFtQixFQUFFLE9BQU8sUUFBUSxLQUFLLFFBQVEsU0FBUyxRQUFRLE1BQU0sS0FBSyxJQUFJLFlBQVksTUFBTyxLQUFLLEtBQUssSUFBSSxRQUFRLE9BQU8sRUFBRSxDQUFDLElBQUksRUFBRTtBQUNoSixVQUFJLE1BQU0sYUFBYSxLQUFLLElBQUksS0FBSyxNQUFNLElBQUksRUFBRztBQUFBLElBQ3BEO0FBRUEsVUFBTSxZQUFZLENBQUM7QUFBQSxFQUNyQjtBQUNGO0FBbUJBLElBQU0sYUFBYTtBQUduQixJQUFNLFVBQVUsQ0FBQyxVQUFtQixPQUFPLFNBQVMsS0FBSyxJQUFJLEtBQUssTUFBTSxRQUFRLEVBQUUsSUFBSTtBQWF0RixJQUFNLFNBQU4sTUFBYTtBQUFBLEVBR1gsWUFDbUIsSUFDQSxVQUNqQjtBQUZpQjtBQUNBO0FBSm5CLFNBQWlCLE9BQU8sb0JBQUksSUFBbUI7QUFBQSxFQUs1QztBQUFBLEVBRUgsTUFBTSxLQUFLLEtBQWEsTUFBYyxPQUFlLEtBQTRCO0FBQy9FLFFBQUksUUFBUSxLQUFLLEtBQUssSUFBSSxHQUFHO0FBQzdCLFFBQUksQ0FBQyxTQUFTLE1BQU0sYUFBYSxLQUFLO0FBQ3BDLGNBQVE7QUFBQSxRQUNOLFdBQVcsTUFBTSxLQUFLO0FBQUEsUUFDdEIsT0FBTyxRQUFRLE1BQU0sS0FBSztBQUFBLFFBQzFCLE9BQU8sT0FBTyxTQUFTLE1BQU0sS0FBSyxJQUFJLFFBQVEsTUFBTSxLQUFLLElBQUk7QUFBQSxRQUM3RCxZQUFZLEVBQUUsT0FBTyxHQUFHLE9BQU8sRUFBRTtBQUFBLFFBQ2pDLFNBQVM7QUFBQSxRQUNULE1BQU07QUFBQSxNQUNSO0FBQ0EsV0FBSyxLQUFLLEtBQUssT0FBTyxHQUFHO0FBQUEsSUFDM0I7QUFDQSxRQUFJLE1BQU0sS0FBTSxPQUFNLGFBQWEsTUFBTSxZQUFZLE9BQU8sS0FBTSxvQ0FBb0M7QUFDdEcsUUFBSSxNQUFNLFNBQVMsS0FBSyxTQUFTLE1BQU0sU0FBUyxLQUFLLE9BQU87QUFDMUQsWUFBTSxTQUFTLEtBQUs7QUFDcEIsWUFBTSxTQUFTLEtBQUs7QUFFcEIsVUFBSSxDQUFDLE1BQU0sUUFBUyxPQUFNLE1BQU0sWUFBWSxJQUFJO0FBQ2hEO0FBQUEsSUFDRjtBQUNBLFVBQU0sU0FBUyxNQUFNO0FBQ3JCLFFBQUksQ0FBQyxNQUFNLFNBQVM7QUFFbEIsWUFBTSxRQUFRO0FBQ2QsWUFBTSxRQUFRLE9BQU8sU0FBUyxNQUFNLEtBQUssSUFBSSxJQUFJO0FBQUEsSUFDbkQ7QUFFQSxVQUFNLFVBQVUsRUFBRSxPQUFPLEtBQUssSUFBSSxHQUFHLEtBQUssUUFBUSxNQUFNLEtBQUssR0FBRyxPQUFPLE9BQU8sU0FBUyxNQUFNLEtBQUssSUFBSSxLQUFLLElBQUksR0FBRyxLQUFLLFFBQVEsTUFBTSxLQUFLLElBQUksRUFBRTtBQUNoSixVQUFNLFFBQVE7QUFBQSxNQUNaLE9BQU8sUUFBUSxRQUFRLEtBQUssSUFBSSxRQUFRLE9BQU8sUUFBUSxNQUFNLEtBQUssQ0FBQyxJQUFJO0FBQUEsTUFDdkUsT0FBTyxRQUFRLFFBQVEsS0FBSyxJQUFJLFFBQVEsT0FBTyxRQUFRLE1BQU0sS0FBSyxDQUFDLElBQUk7QUFBQSxJQUN6RTtBQUNBLFFBQUksUUFBUSxNQUFNLGFBQWEsS0FBSyxJQUFJLEtBQUssRUFBRSxPQUFPLE9BQU8sUUFBUSxNQUFNLE9BQU8sT0FBTyxPQUFPLFFBQVEsTUFBTSxNQUFNLEdBQUcsS0FBSyxLQUFLLFFBQVE7QUFDekksVUFBTSxhQUFhLEVBQUUsT0FBTyxHQUFHLE9BQU8sRUFBRTtBQUN4QyxVQUFNLFVBQVU7QUFDaEIsVUFBTSxPQUFPLE1BQU0sTUFBTSxRQUFRLE1BQU0sU0FBUyxNQUFNLFFBQVEsTUFBTTtBQUNwRSxRQUFJLFVBQVU7QUFDZCxRQUFJLEtBQUssTUFBTSxNQUFNLFFBQVEsUUFBUSxTQUFTLE1BQU0sUUFBUSxRQUFRLFFBQVE7QUFFMUUsWUFBTSxTQUFTLEVBQUUsT0FBTyxNQUFNLFFBQVEsUUFBUSxPQUFPLE9BQU8sTUFBTSxRQUFRLFFBQVEsTUFBTTtBQUN4RixZQUFNLG9CQUFvQixLQUFLLElBQUksS0FBSyxRQUFRLE1BQU0sV0FBVztBQUNqRSxjQUFRLEVBQUUsR0FBRyxPQUFPLE9BQU8sTUFBTSxRQUFRLE9BQU8sT0FBTyxPQUFPLE1BQU0sUUFBUSxPQUFPLE1BQU07QUFDekYsZ0JBQVU7QUFBQSxJQUNaO0FBRUEsVUFBTSxZQUFZLE1BQU0sY0FBYyxLQUFLO0FBQzNDLFFBQUksS0FBSyxHQUFHO0FBQ1YsWUFBTSxvQkFBb0IsS0FBSyxJQUFJLEtBQUssU0FBUyxNQUFNLFdBQVc7QUFDbEUsYUFBTyxPQUFPLE9BQU8sRUFBRSxPQUFPLEdBQUcsT0FBTyxHQUFHLE1BQU0sS0FBSyxDQUFDO0FBQ3ZELFlBQU0sYUFBYSxNQUFNLFlBQVksT0FBTyxLQUFNLG9DQUFvQztBQUFBLElBQ3hGO0FBQ0EsVUFBTSxTQUFTLFFBQVEsUUFBUSxLQUFLO0FBQ3BDLFVBQU0sU0FBUyxRQUFRLFFBQVEsS0FBSztBQUFBLEVBQ3RDO0FBQUE7QUFBQSxFQUdBLFNBQVMsS0FBYSxRQUFzQjtBQUMxQyxVQUFNLFFBQVEsS0FBSyxLQUFLLElBQUksR0FBRztBQUMvQixRQUFJLENBQUMsU0FBUyxNQUFNLEtBQU07QUFDMUIsVUFBTSxTQUFTLE9BQU87QUFDdEIsVUFBTSxTQUFTLE9BQU87QUFDdEIsUUFBSSxDQUFDLE1BQU0sUUFBUyxPQUFNLE1BQU0sWUFBWSxFQUFFLE9BQU8sQ0FBQyxPQUFPLE9BQU8sT0FBTyxDQUFDLE9BQU8sTUFBTSxDQUFDO0FBQUEsRUFDNUY7QUFBQSxFQUVRLEtBQUssS0FBYSxPQUFjLEtBQW1CO0FBQ3pELFNBQUssS0FBSyxJQUFJLEtBQUssS0FBSztBQUN4QixRQUFJLEtBQUssS0FBSyxRQUFRLFdBQVk7QUFDbEMsZUFBVyxDQUFDLEdBQUcsQ0FBQyxLQUFLLEtBQUssS0FBTSxLQUFJLEVBQUUsYUFBYSxJQUFLLE1BQUssS0FBSyxPQUFPLENBQUM7QUFDMUUsUUFBSSxLQUFLLEtBQUssT0FBTyxXQUFZLE1BQUssS0FBSyxNQUFNO0FBQUEsRUFDbkQ7QUFDRjtBQUVBLFNBQVMsTUFBTSxNQUFjLFFBQXNCO0FBQ2pELE9BQUssU0FBUyxPQUFPO0FBQ3JCLE9BQUssU0FBUyxPQUFPO0FBQ3ZCOzs7QUNyVEEsU0FBUyxlQUFBQyxvQkFBbUI7QUFDNUIsU0FBUyxVQUFVLGtCQUFrQjtBQThCOUIsSUFBTSxXQUFOLE1BQWU7QUFBQSxFQUdwQixZQUNtQixJQUNBLE1BQ0EsUUFDakI7QUFIaUI7QUFDQTtBQUNBO0FBTG5CLFNBQVEsUUFBUSxvQkFBSSxJQUEyQjtBQUFBLEVBTTVDO0FBQUEsRUFFSCxNQUFNLE9BQU8sSUFBUSxPQUFrSDtBQUNySSxVQUFNLFVBQXNCO0FBQUEsTUFDMUIsSUFBSUMsYUFBWSxFQUFFLEVBQUUsU0FBUyxXQUFXO0FBQUEsTUFDeEMsV0FBVyxNQUFNO0FBQUEsTUFDakIsU0FBUyxNQUFNO0FBQUEsTUFDZixPQUFPLE1BQU07QUFBQSxNQUNiLFFBQVEsTUFBTTtBQUFBLE1BQ2QsWUFBWSxNQUFNO0FBQUEsTUFDbEIsWUFBWSxNQUFNLE1BQU0sS0FBSyxPQUFPLGdCQUFnQjtBQUFBLE1BQ3BELGNBQWM7QUFBQSxNQUNkLFlBQVk7QUFBQSxNQUNaLGdCQUFnQjtBQUFBLElBQ2xCO0FBQ0EsVUFBTSxjQUFjLElBQUksT0FBTztBQUMvQixXQUFPO0FBQUEsRUFDVDtBQUFBO0FBQUEsRUFHQSxNQUFNLE1BQU0sU0FBcUIsUUFBc0QsS0FBcUM7QUFDMUgsVUFBTSxNQUFNLEtBQUssTUFBTSxNQUFNLEdBQUk7QUFDakMsVUFBTSxNQUFNLEtBQUssSUFBSSxNQUFNLEtBQUssT0FBTyxVQUFVLEtBQUssTUFBTSxRQUFRLGFBQWEsR0FBSSxDQUFDO0FBQ3RGLFVBQU0sUUFBUSxRQUFRO0FBQ3RCLFVBQU0sV0FBVyxVQUFVO0FBQzNCLFVBQU0sU0FBc0I7QUFBQSxNQUMxQixLQUFLLEtBQUssT0FBTztBQUFBLE1BQ2pCLEtBQUssUUFBUTtBQUFBLE1BQ2IsS0FBSyxXQUFXLE9BQU8sT0FBTyxFQUFFLElBQUksT0FBTztBQUFBLE1BQzNDLE1BQU0sT0FBTztBQUFBLE1BQ2IsR0FBSSxXQUFXLEVBQUUsVUFBVSxPQUFPLEdBQUcsSUFBSSxDQUFDO0FBQUEsTUFDMUMsS0FBSztBQUFBLE1BQ0wsUUFBUSxRQUFRO0FBQUEsTUFDaEIsS0FBSyxRQUFRO0FBQUEsTUFDYjtBQUFBLE1BQ0E7QUFBQSxJQUNGO0FBQ0EsVUFBTSxRQUFRLE1BQU0sS0FBSyxLQUFLLEtBQUssTUFBTTtBQUN6QyxXQUFPO0FBQUEsTUFDTDtBQUFBLE1BQ0EsWUFBWTtBQUFBLE1BQ1osU0FBUztBQUFBLE1BQ1QsUUFBUSxPQUFPO0FBQUEsTUFDZjtBQUFBLE1BQ0EsTUFBTSxPQUFPO0FBQUEsTUFDYixHQUFJLFdBQVcsRUFBRSxVQUFVLE9BQU8sSUFBSSxVQUFVLE9BQU8sVUFBVSxJQUFJLENBQUM7QUFBQSxJQUN4RTtBQUFBLEVBQ0Y7QUFBQTtBQUFBLEVBR0EsTUFBTSxPQUFPLE9BQWUsTUFBTSxLQUFLLElBQUksR0FBRyxVQUErQixDQUFDLEdBQTJCO0FBQ3ZHLFFBQUk7QUFDSixRQUFJO0FBQ0YsT0FBQyxFQUFFLFFBQVEsSUFBSSxNQUFNLEtBQUssS0FBSyxPQUFPLE9BQU8sRUFBRSxRQUFRLEtBQUssT0FBTyxPQUFPLENBQUM7QUFBQSxJQUM3RSxTQUFTLEtBQUs7QUFDWixVQUFJLGVBQWUsV0FBVyxXQUFZLE9BQU0sYUFBYSxpQkFBaUIsdUJBQXVCO0FBQ3JHLFlBQU0sYUFBYSxpQkFBaUIsd0JBQXdCO0FBQUEsSUFDOUQ7QUFDQSxVQUFNLFNBQVMsa0JBQWtCLFVBQVUsT0FBTztBQUNsRCxRQUFJLENBQUMsT0FBTyxRQUFTLE9BQU0sYUFBYSxpQkFBaUIsd0JBQXdCO0FBQ2pGLFVBQU0sVUFBVSxRQUFRLFFBQVEsTUFBTSxLQUFLLFVBQVUsT0FBTyxLQUFLLEdBQUcsSUFBSSxNQUFNLEtBQUssS0FBSyxPQUFPLEtBQUssS0FBSyxHQUFHO0FBQzVHLFFBQUksQ0FBQyxRQUFTLE9BQU0sYUFBYSxpQkFBaUIsd0JBQXdCO0FBQzFFLFFBQUksUUFBUSxlQUFlLEtBQU0sT0FBTSxhQUFhLG1CQUFtQix1QkFBdUI7QUFDOUYsUUFBSSxRQUFRLGNBQWMsSUFBSyxPQUFNLGFBQWEsaUJBQWlCLHlCQUF5QjtBQUM1RixRQUFJLFFBQVEsWUFBWSxPQUFPLEtBQUssSUFBSyxPQUFNLGFBQWEsaUJBQWlCLHdCQUF3QjtBQUNyRyxXQUFPLEVBQUUsUUFBUSxPQUFPLE1BQU0sUUFBUTtBQUFBLEVBQ3hDO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUEsRUFRQSxNQUFNLGdCQUFnQixPQUEyQixRQUE2QztBQUM1RixRQUFJLENBQUMsTUFBTyxRQUFPO0FBQ25CLFFBQUk7QUFDSixRQUFJO0FBQ0YsT0FBQyxFQUFFLFFBQVEsSUFBSSxNQUFNLEtBQUssS0FBSyxPQUFPLE9BQU8sRUFBRSxRQUFRLEtBQUssT0FBTyxPQUFPLENBQUM7QUFBQSxJQUM3RSxTQUFTLEtBQUs7QUFFWixVQUFJLEVBQUUsZUFBZSxXQUFXLFlBQWEsUUFBTztBQUNwRCxnQkFBVSxJQUFJO0FBQUEsSUFDaEI7QUFDQSxVQUFNLFNBQVMsa0JBQWtCLFVBQVUsT0FBTztBQUNsRCxRQUFJLENBQUMsT0FBTyxRQUFTLFFBQU87QUFDNUIsVUFBTSxTQUFTLE9BQU87QUFDdEIsV0FBTyxPQUFPLFFBQVEsS0FBSyxPQUFPLFVBQVUsT0FBTyxRQUFRLHNCQUFzQixPQUFPLFFBQVEsU0FBUyxPQUFPLE9BQU87QUFBQSxFQUN6SDtBQUFBLEVBRUEsTUFBYyxLQUFLLEtBQWEsS0FBOEM7QUFDNUUsVUFBTSxTQUFTLEtBQUssTUFBTSxJQUFJLEdBQUc7QUFDakMsUUFBSSxVQUFVLE9BQU8sUUFBUSxJQUFLLFFBQU8sT0FBTztBQUNoRCxVQUFNLFVBQVUsTUFBTSxZQUFZLEtBQUssSUFBSSxHQUFHO0FBQzlDLFFBQUksV0FBVyxLQUFLLE9BQU8sb0JBQW9CLEdBQUc7QUFDaEQsVUFBSSxLQUFLLE1BQU0sT0FBTyxJQUFRLE1BQUssTUFBTSxNQUFNO0FBQy9DLFdBQUssTUFBTSxJQUFJLEtBQUssRUFBRSxTQUFTLE9BQU8sTUFBTSxLQUFLLE9BQU8sa0JBQWtCLENBQUM7QUFBQSxJQUM3RTtBQUNBLFdBQU87QUFBQSxFQUNUO0FBQUE7QUFBQSxFQUdBLE1BQU0sVUFBVSxLQUE4QztBQUM1RCxXQUFPLFlBQVksS0FBSyxJQUFJLEdBQUc7QUFBQSxFQUNqQztBQUFBLEVBRUEsTUFBTSxjQUFjLElBQVEsS0FBYSxRQUFnQixLQUE0QjtBQUNuRixVQUFNLGlCQUFpQixJQUFJLEtBQUssUUFBUSxHQUFHO0FBQzNDLFNBQUssTUFBTSxPQUFPLEdBQUc7QUFBQSxFQUN2QjtBQUFBO0FBQUEsRUFHQSxNQUFNLHFCQUFxQixJQUFRLFVBQWtCLFFBQWdCLEtBQWEsTUFBOEI7QUFDOUcsVUFBTSx3QkFBd0IsSUFBSSxVQUFVLFFBQVEsS0FBSyxJQUFJO0FBQzdELGVBQVcsQ0FBQyxLQUFLLEtBQUssS0FBSyxLQUFLLE1BQU8sS0FBSSxNQUFNLFFBQVEsY0FBYyxZQUFZLFFBQVEsS0FBTSxNQUFLLE1BQU0sT0FBTyxHQUFHO0FBQUEsRUFDeEg7QUFBQSxFQUVBLFNBQWU7QUFDYixTQUFLLE1BQU0sTUFBTTtBQUFBLEVBQ25CO0FBQ0Y7OztBQzlKQSxTQUFTLGNBQUFDLGFBQVksV0FBVyxxQkFBcUI7QUFDckQsU0FBUyxXQUFBQyxnQkFBZTtBQUN4QixPQUFPLG9CQUFvQjtBQUMzQixTQUFTLFFBQVEsaUJBQWlCLGVBQWUsT0FBQUMsWUFBVztBQUM1RCxPQUFPLFFBQVE7OztBQ0pmLFNBQVMscUJBQXFCO0FBQzlCLFNBQVMsY0FBYztBQW9CdkIsSUFBTSxTQUFTO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFBQTtBQUFBO0FBQUE7QUFrQlIsU0FBUyxrQkFBa0IsTUFBYyxTQUFtRjtBQUNqSSxRQUFNLFNBQVMsY0FBYyxZQUFZLEdBQUcsRUFBRSxRQUFRLGdCQUFnQjtBQUN0RSxRQUFNLFNBQVMsSUFBSSxPQUFPLFFBQVEsRUFBRSxNQUFNLE1BQU0sWUFBWSxFQUFFLE1BQU0sUUFBUSxZQUFZLFFBQVEsY0FBYyxJQUFJLEVBQUUsQ0FBQztBQUVySCxTQUFPLE1BQU07QUFDYixNQUFJLFNBQVM7QUFDYixRQUFNLE9BQU8sQ0FBQyxVQUFpQjtBQUM3QixRQUFJLE9BQVE7QUFDWixhQUFTO0FBQ1QsWUFBUSxVQUFVLEtBQUs7QUFBQSxFQUN6QjtBQUNBLFNBQU8sR0FBRyxXQUFXLENBQUMsWUFBZ0M7QUFDcEQsUUFBSSxTQUFTLE1BQU8sTUFBSyxJQUFJLE1BQU0sMEJBQTBCLFFBQVEsS0FBSyxFQUFFLENBQUM7QUFBQSxFQUMvRSxDQUFDO0FBQ0QsU0FBTyxHQUFHLFNBQVMsSUFBSTtBQUN2QixNQUFJLFdBQVc7QUFDZixRQUFNLFNBQVMsSUFBSTtBQUFBLElBQWMsQ0FBQ0MsYUFDaEMsT0FBTyxLQUFLLFFBQVEsQ0FBQ0MsVUFBUztBQUM1QixVQUFJLENBQUMsU0FBVSxNQUFLLElBQUksTUFBTSxxQ0FBcUNBLEtBQUksR0FBRyxDQUFDO0FBQzNFLE1BQUFELFNBQVE7QUFBQSxJQUNWLENBQUM7QUFBQSxFQUNIO0FBQ0EsU0FBTztBQUFBLElBQ0wsTUFBTSxPQUFPO0FBQ1gsaUJBQVc7QUFDWCxVQUFJLFFBQVE7QUFDVixjQUFNLE9BQU8sVUFBVTtBQUN2QjtBQUFBLE1BQ0Y7QUFDQSxhQUFPLFlBQVksTUFBTTtBQUN6QixZQUFNLFVBQVUsV0FBVyxNQUFNLEtBQUssT0FBTyxVQUFVLEdBQUcsR0FBSztBQUMvRCxZQUFNO0FBQ04sbUJBQWEsT0FBTztBQUFBLElBQ3RCO0FBQUEsRUFDRjtBQUNGOzs7QUN0RU8sSUFBTSxlQUFOLGNBQTJCLE1BQU07QUFBQSxFQUFqQztBQUFBO0FBQ0wsU0FBUyxPQUFPO0FBQ2hCLFNBQVMsT0FBTztBQUFBO0FBQ2xCO0FBVU8sU0FBUyxpQkFBaUIsTUFBZSxJQUEwQjtBQUN4RSxRQUFNLFVBQVUsb0JBQUksUUFBMkM7QUFDL0QsU0FBTztBQUFBLElBQ0wsTUFBTSxVQUFVO0FBQ2QsWUFBTSxTQUFTLE1BQU0sS0FBSyxRQUFRO0FBQ2xDLFVBQUksVUFBVSxRQUFRLElBQUksTUFBTTtBQUNoQyxVQUFJLENBQUMsU0FBUztBQUNaLGtCQUFVLE1BQU0sUUFBUSxFQUFFO0FBQzFCLGdCQUFRLElBQUksUUFBUSxPQUFPO0FBQUEsTUFDN0I7QUFDQSxhQUFPO0FBQUEsSUFDVDtBQUFBLElBQ0EsS0FBSyxNQUFNLEtBQUssSUFBSTtBQUFBLEVBQ3RCO0FBQ0Y7QUFFQSxTQUFTLE1BQU0sUUFBdUIsSUFBZ0M7QUFDcEUsTUFBSTtBQUNKLFFBQU0sUUFBUSxDQUFJRSxNQUFhLGVBQXdFO0FBQ3JHLFFBQUksT0FBUSxRQUFPLFFBQVEsT0FBTyxNQUFNO0FBQ3hDLFdBQU8sSUFBSSxRQUFRLENBQUNDLFVBQVMsV0FBVztBQUN0QyxZQUFNLFFBQVEsV0FBVyxNQUFNO0FBQzdCLGlCQUFTLElBQUksYUFBYSxzQ0FBc0MsRUFBRSxLQUFLO0FBQ3ZFLGVBQU8sTUFBTTtBQUFBLE1BQ2YsR0FBRyxFQUFFO0FBR0wsYUFBTyxNQUFNRCxNQUFLLFVBQXVCLEVBQUU7QUFBQSxRQUN6QyxDQUFDLFdBQVc7QUFDVix1QkFBYSxLQUFLO0FBQ2xCLFVBQUFDLFNBQVEsTUFBMkM7QUFBQSxRQUNyRDtBQUFBLFFBQ0EsQ0FBQyxRQUFRO0FBQ1AsdUJBQWEsS0FBSztBQUNsQixpQkFBTyxHQUFHO0FBQUEsUUFDWjtBQUFBLE1BQ0Y7QUFBQSxJQUNGLENBQUM7QUFBQSxFQUNIO0FBQ0EsU0FBTztBQUFBLElBQ0w7QUFBQTtBQUFBLElBRUEsU0FBUyxDQUFDLFlBQXNCLE9BQU8sUUFBUSxVQUFVLE9BQU87QUFBQSxFQUNsRTtBQUNGOzs7QUM3REEsU0FBOEQsVUFBVSxPQUFBQyxZQUFXO0FBT25GLFNBQVMsV0FBVyxTQUE2QztBQUMvRCxRQUFNLEtBQUs7QUFDWCxRQUFNLFlBQVksWUFBWSxhQUFjLGNBQXlCO0FBQ3JFLFNBQU87QUFBQSxJQUNMLGdCQUFnQjtBQUFBLE1BQ2QsTUFBTSxHQUFHLElBQWlCO0FBQ3hCLGNBQU0sR0FBRyxPQUNOLFlBQVksU0FBUyxFQUNyQixVQUFVLE1BQU0sV0FBVyxDQUFDLE1BQU8sWUFBWSxhQUFhLEVBQUUsV0FBVyxJQUFJLEVBQUUsV0FBVyxFQUFFLGNBQWMsQ0FBRSxFQUM1RyxVQUFVLFFBQVEsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsT0FBTyxDQUFDLEVBQ3JELFVBQVUsU0FBUyxRQUFRLENBQUMsTUFBTSxFQUFFLE9BQU8sQ0FBQyxFQUM1QyxVQUFVLGlCQUFpQixNQUFNLEVBQ2pDLFVBQVUsVUFBVSxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLG1CQUFtQixXQUFXLENBQUMsTUFBTSxFQUFFLFFBQVEsRUFBRSxVQUFVLENBQUMsQ0FBQyxFQUN2RSxVQUFVLGNBQWMsTUFBTSxFQUM5QixVQUFVLGFBQWEsTUFBTSxFQUM3QixVQUFVLGdCQUFnQixNQUFNLEVBQ2hDLFVBQVUsU0FBUyxNQUFNLEVBQ3pCLFVBQVUsYUFBYSxRQUFRLENBQUMsTUFBTSxFQUFFLE9BQU8sQ0FBQyxFQUNoRCxVQUFVLE9BQU8sTUFBTSxFQUN2QixVQUFVLGNBQWMsTUFBTSxFQUM5QixVQUFVLFdBQVcsTUFBTSxFQUMzQixVQUFVLFdBQVcsTUFBTSxFQUMzQixVQUFVLFFBQVEsTUFBTSxFQUN4QixVQUFVLFlBQVksTUFBTSxFQUM1QixVQUFVLFlBQVksTUFBTSxFQUM1QixVQUFVLGdCQUFnQixNQUFNLEVBQ2hDLFVBQVUsY0FBYyxNQUFNLEVBQzlCLFVBQVUsY0FBYyxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsRUFBRSxVQUFVLElBQUksQ0FBQyxFQUNsRSxVQUFVLGNBQWMsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsVUFBVSxJQUFJLENBQUMsRUFDbEUsVUFBVSxRQUFRLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxFQUFFLFVBQVUsSUFBSSxDQUFDLEVBQzVELFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLGNBQWMsSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDOUMsVUFBVSxvQkFBb0IsRUFBRSxFQUNoQyxRQUFRO0FBRVgsY0FBTSxHQUFHLE9BQ04sWUFBWSxjQUFjLEVBQzFCLFVBQVUsUUFBUSxRQUFRLENBQUMsTUFBTSxFQUFFLFdBQVcsQ0FBQyxFQUMvQyxVQUFVLGFBQWEsSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsV0FBVyxZQUFZLEVBQUUsU0FBUyxTQUFTLENBQUMsRUFDMUYsVUFBVSxjQUFjLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFFBQVE7QUFDWCxjQUFNLEdBQUcsT0FBTyxZQUFZLHFCQUFxQixFQUFFLEdBQUcsY0FBYyxFQUFFLE9BQU8sV0FBVyxFQUFFLFFBQVE7QUFFbEcsY0FBTSxHQUFHLE9BQ04sWUFBWSxVQUFVLEVBQ3RCLFVBQVUsTUFBTSxRQUFRLENBQUMsTUFBTSxFQUFFLFdBQVcsQ0FBQyxFQUM3QyxVQUFVLGFBQWEsSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsV0FBVyxZQUFZLEVBQUUsU0FBUyxTQUFTLENBQUMsRUFDMUYsVUFBVSxXQUFXLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQy9DLFVBQVUsU0FBUyxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM3QyxVQUFVLFVBQVUsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDOUMsVUFBVSxjQUFjLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLGdCQUFnQixFQUFFLEVBQzVCLFVBQVUsY0FBYyxFQUFFLEVBQzFCLFVBQVUsa0JBQWtCLE1BQU0sRUFDbEMsUUFBUTtBQUNYLGNBQU0sR0FBRyxPQUFPLFlBQVksaUJBQWlCLEVBQUUsR0FBRyxVQUFVLEVBQUUsT0FBTyxXQUFXLEVBQUUsUUFBUTtBQUUxRixjQUFNLEdBQUcsT0FDTixZQUFZLGNBQWMsRUFDMUIsVUFBVSxjQUFjLFFBQVEsQ0FBQyxNQUFNLEVBQUUsV0FBVyxDQUFDLEVBQ3JELFVBQVUsYUFBYSxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsRUFBRSxXQUFXLFlBQVksRUFBRSxTQUFTLFNBQVMsQ0FBQyxFQUMxRixVQUFVLFdBQVcsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDL0MsVUFBVSxjQUFjLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLFdBQVcsRUFBRSxFQUN2QixRQUFRO0FBQ1gsY0FBTSxHQUFHLE9BQU8sWUFBWSxxQkFBcUIsRUFBRSxHQUFHLGNBQWMsRUFBRSxPQUFPLFdBQVcsRUFBRSxRQUFRO0FBRWxHLGNBQU0sR0FBRyxPQUNOLFlBQVksUUFBUSxFQUNwQixVQUFVLE1BQU0sV0FBVyxDQUFDLE1BQU8sWUFBWSxhQUFhLEVBQUUsV0FBVyxJQUFJLEVBQUUsV0FBVyxFQUFFLGNBQWMsQ0FBRSxFQUM1RyxVQUFVLGNBQWMsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsT0FBTyxDQUFDLEVBQzNELFVBQVUsYUFBYSxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM3QyxVQUFVLFFBQVEsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDNUMsVUFBVSxVQUFVLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFVBQVUsU0FBUyxNQUFNLEVBQ3pCLFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLFVBQVUsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDOUMsVUFBVSxlQUFlLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQy9DLFFBQVE7QUFDWCxjQUFNLEdBQUcsT0FBTyxZQUFZLGVBQWUsRUFBRSxHQUFHLFFBQVEsRUFBRSxPQUFPLFdBQVcsRUFBRSxRQUFRO0FBRXRGLGNBQU0sR0FBRyxPQUNOLFlBQVksY0FBYyxFQUMxQixVQUFVLE9BQU8sUUFBUSxDQUFDLE1BQU0sRUFBRSxXQUFXLENBQUMsRUFDOUMsVUFBVSxPQUFPLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzNDLFVBQVUsZUFBZSxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUNuRCxVQUFVLGNBQWMsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDbEQsVUFBVSxjQUFjLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFVBQVUsY0FBYyxFQUFFLEVBQzFCLFFBQVE7QUFFWCxjQUFNLEdBQUcsT0FDTixZQUFZLFFBQVEsRUFDcEIsVUFBVSxNQUFNLFdBQVcsQ0FBQyxNQUFPLFlBQVksYUFBYSxFQUFFLFdBQVcsSUFBSSxFQUFFLFdBQVcsRUFBRSxjQUFjLENBQUUsRUFDNUcsVUFBVSxjQUFjLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQ2xELFVBQVUsV0FBVyxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUMvQyxVQUFVLGFBQWEsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDakQsVUFBVSxhQUFhLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQ2pELFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLFdBQVcsRUFBRSxFQUN2QixVQUFVLFlBQVksV0FBVyxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsVUFBVSxDQUFDLENBQUMsRUFDaEUsVUFBVSxjQUFjLE1BQU0sRUFDOUIsUUFBUTtBQUVYLGNBQU0sR0FBRyxPQUNOLFlBQVksYUFBYSxFQUN6QixVQUFVLE9BQU8sUUFBUSxDQUFDLE1BQU0sRUFBRSxXQUFXLENBQUMsRUFDOUMsVUFBVSxnQkFBZ0IsSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDaEQsVUFBVSxTQUFTLFdBQVcsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQ2hELFFBQVE7QUFBQSxNQUNiO0FBQUEsSUFDRjtBQUFBLElBQ0EsbUJBQW1CO0FBQUEsTUFDakIsTUFBTSxHQUFHLElBQWlCO0FBRXhCLGNBQU0sR0FBRyxPQUNOLFlBQVksbUJBQW1CLEVBQy9CLFVBQVUsWUFBWSxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUNoRCxVQUFVLFdBQVcsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDL0MsVUFBVSxhQUFhLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxFQUFFLFdBQVcsWUFBWSxFQUFFLFNBQVMsU0FBUyxDQUFDLEVBQzFGLFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5Qyx3QkFBd0Isd0JBQXdCLENBQUMsWUFBWSxTQUFTLENBQUMsRUFDdkUsUUFBUTtBQUNYLGNBQU0sR0FBRyxPQUFPLFlBQVksMEJBQTBCLEVBQUUsR0FBRyxtQkFBbUIsRUFBRSxPQUFPLFdBQVcsRUFBRSxRQUFRO0FBQUEsTUFDOUc7QUFBQSxJQUNGO0FBQUEsSUFDQSxzQkFBc0I7QUFBQSxNQUNwQixNQUFNLEdBQUcsSUFBaUI7QUFFeEIsY0FBTSxHQUFHLE9BQU8sV0FBVyxRQUFRLEVBQUUsVUFBVSxpQkFBaUIsRUFBRSxFQUFFLFFBQVE7QUFBQSxNQUM5RTtBQUFBLElBQ0Y7QUFBQSxJQUNBLDJCQUEyQjtBQUFBLE1BQ3pCLE1BQU0sR0FBRyxJQUFpQjtBQU14QixjQUFNLEdBQUcsT0FDTixXQUFXLFNBQVMsRUFDcEIsVUFBVSxzQkFBc0IsV0FBVyxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsVUFBVSxDQUFDLENBQUMsRUFDMUUsUUFBUTtBQUNYLGNBQU0sR0FDSCxZQUFZLFNBQVMsRUFDckIsSUFBSSxFQUFFLG9CQUFvQixFQUFFLENBQUMsRUFDN0IsTUFBTSxhQUFhLFVBQVUsSUFBSSxFQUNqQyxNQUFNLGlCQUFpQixNQUFNLElBQUksRUFDakM7QUFBQSxVQUFNLENBQUMsRUFBRSxRQUFRLEtBQUssV0FBVyxNQUNoQyxJQUFJLE9BQU8sV0FBVyxtQkFBbUIsRUFBRSxPQUFPLFdBQVcsRUFBRSxTQUFTLCtCQUErQixLQUFLLFlBQVksQ0FBQyxDQUFDO0FBQUEsUUFDNUgsRUFDQyxRQUFRO0FBQUEsTUFDYjtBQUFBLElBQ0Y7QUFBQSxJQUNBLHFCQUFxQjtBQUFBLE1BQ25CLE1BQU0sR0FBRyxJQUFpQjtBQUd4QixjQUFNLEdBQUcsT0FBTyxXQUFXLGNBQWMsRUFBRSxVQUFVLGFBQWEsTUFBTSxFQUFFLFFBQVE7QUFBQSxNQUNwRjtBQUFBLElBQ0Y7QUFBQSxJQUNBLCtCQUErQjtBQUFBLE1BQzdCLE1BQU0sR0FBRyxJQUFpQjtBQUl4QixZQUFJLFlBQVksWUFBWTtBQUMxQixnQkFBTSxHQUFHLE9BQ04sV0FBVyxRQUFRLEVBQ25CLFVBQVUsV0FBVyxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsRUFBRSxVQUFVLEVBQUUsQ0FBQyxFQUM3RCxRQUFRO0FBQ1gsZ0JBQU1BLHlFQUF3RSxRQUFRLEVBQUU7QUFBQSxRQUMxRixPQUFPO0FBRUwsZ0JBQU0sR0FBRyxPQUNOLFlBQVksYUFBYSxFQUN6QixVQUFVLE1BQU0sV0FBVyxDQUFDLE1BQU0sRUFBRSxXQUFXLEVBQUUsY0FBYyxDQUFDLEVBQ2hFLFVBQVUsY0FBYyxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUNsRCxVQUFVLGFBQWEsSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDN0MsVUFBVSxRQUFRLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzVDLFVBQVUsVUFBVSxRQUFRLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLFNBQVMsTUFBTSxFQUN6QixVQUFVLGNBQWMsSUFBSSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDOUMsVUFBVSxVQUFVLFFBQVEsQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFVBQVUsZUFBZSxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUMvQyxVQUFVLFdBQVcsUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsVUFBVSxFQUFFLENBQUMsRUFDN0QsUUFBUTtBQUNYLGdCQUFNQTtBQUFBLGdIQUNnRyxRQUFRLEVBQUU7QUFDaEgsZ0JBQU0sR0FBRyxPQUFPLFVBQVUsUUFBUSxFQUFFLFFBQVE7QUFDNUMsZ0JBQU0sR0FBRyxPQUFPLFdBQVcsYUFBYSxFQUFFLFNBQVMsUUFBUSxFQUFFLFFBQVE7QUFDckUsZ0JBQU0sR0FBRyxPQUFPLFlBQVksZUFBZSxFQUFFLEdBQUcsUUFBUSxFQUFFLE9BQU8sV0FBVyxFQUFFLFFBQVE7QUFBQSxRQUN4RjtBQUNBLGNBQU0sR0FBRyxPQUFPLFlBQVkseUJBQXlCLEVBQUUsR0FBRyxRQUFRLEVBQUUsUUFBUSxDQUFDLGFBQWEsV0FBVyxZQUFZLENBQUMsRUFBRSxPQUFPLEVBQUUsUUFBUTtBQUFBLE1BQ3ZJO0FBQUEsSUFDRjtBQUFBLElBQ0Esa0NBQWtDO0FBQUEsTUFDaEMsTUFBTSxHQUFHLElBQWlCO0FBQ3hCLGNBQU0sR0FBRyxPQUNOLFlBQVksaUJBQWlCLEVBQzdCLFVBQVUsYUFBYSxJQUFJLENBQUMsTUFBTSxFQUFFLFdBQVcsRUFBRSxXQUFXLFlBQVksRUFBRSxTQUFTLFNBQVMsQ0FBQyxFQUM3RixVQUFVLFlBQVksUUFBUSxDQUFDLE1BQU0sRUFBRSxRQUFRLENBQUMsRUFDaEQsVUFBVSxjQUFjLElBQUksQ0FBQyxNQUFNLEVBQUUsUUFBUSxDQUFDLEVBQzlDLFVBQVUsY0FBYyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsQ0FBQyxFQUM5QyxVQUFVLFlBQVksV0FBVyxDQUFDLE1BQU0sRUFBRSxRQUFRLEVBQUUsVUFBVSxDQUFDLENBQUMsRUFDaEUsUUFBUTtBQUNYLGNBQU0sR0FBRyxPQUFPLFdBQVcsU0FBUyxFQUFFLFVBQVUsaUJBQWlCLE1BQU0sRUFBRSxRQUFRO0FBQ2pGLGNBQU0sR0FBRyxPQUFPLFdBQVcsU0FBUyxFQUFFLFVBQVUscUJBQXFCLEVBQUUsRUFBRSxRQUFRO0FBQUEsTUFDbkY7QUFBQSxJQUNGO0FBQUEsSUFDQSwyQkFBMkI7QUFBQSxNQUN6QixNQUFNLEdBQUcsSUFBaUI7QUFHeEIsY0FBTSxHQUFHLE9BQ04sV0FBVyxhQUFhLEVBQ3hCLFVBQVUsU0FBUyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsRUFBRSxVQUFVLENBQUMsQ0FBQyxFQUN0RCxRQUFRO0FBQ1gsY0FBTSxHQUFHLE9BQ04sV0FBVyxhQUFhLEVBQ3hCLFVBQVUsV0FBVyxJQUFJLENBQUMsTUFBTSxFQUFFLFFBQVEsRUFBRSxVQUFVLENBQUMsQ0FBQyxFQUN4RCxRQUFRO0FBQUEsTUFDYjtBQUFBLElBQ0Y7QUFBQSxFQUNGO0FBQ0Y7QUFFQSxJQUFNLGlCQUFOLE1BQWtEO0FBQUEsRUFDaEQsWUFDbUIsU0FDQSxNQUNqQjtBQUZpQjtBQUNBO0FBQUEsRUFDaEI7QUFBQSxFQUNILE1BQU0sZ0JBQWdCO0FBQ3BCLFVBQU0sTUFBTSxXQUFXLEtBQUssT0FBTztBQUNuQyxVQUFNLEVBQUUsS0FBSyxJQUFJO0FBQ2pCLFdBQU8sU0FBUyxTQUFZLE1BQU0sT0FBTyxZQUFZLE9BQU8sUUFBUSxHQUFHLEVBQUUsT0FBTyxDQUFDLENBQUNDLEtBQUksTUFBTUEsU0FBUSxJQUFJLENBQUM7QUFBQSxFQUMzRztBQUNGO0FBRUEsZUFBZSxZQUFZLElBQWlCLFNBQWtCLE1BQThCO0FBQzFGLFFBQU0sRUFBRSxPQUFPLFFBQVEsSUFBSSxNQUFNLElBQUksU0FBUyxFQUFFLElBQUksVUFBVSxJQUFJLGVBQWUsU0FBUyxJQUFJLEVBQUUsQ0FBQyxFQUFFLGdCQUFnQjtBQUNuSCxRQUFNLFNBQVMsU0FBUyxLQUFLLENBQUMsTUFBTSxFQUFFLFdBQVcsT0FBTztBQUN4RCxNQUFJLFNBQVMsUUFBUTtBQUNuQixVQUFNLFNBQVMsaUJBQWlCLFFBQVEsTUFBTSxVQUFVLE9BQU8sU0FBUyxlQUFlO0FBQ3ZGLFVBQU0sSUFBSSxNQUFNLHNCQUFzQixRQUFRLGlCQUFpQixFQUFFLFlBQVksTUFBTSxFQUFFO0FBQUEsRUFDdkY7QUFDRjtBQU9BLGVBQXNCLGdCQUFnQixJQUFpQixTQUFrQixNQUE4QjtBQUNyRyxNQUFJLFlBQVksV0FBWSxRQUFPLFlBQVksSUFBSSxTQUFTLElBQUk7QUFDaEUsUUFBTSxHQUFHLFdBQVcsRUFBRSxRQUFRLE9BQU8sU0FBUztBQUM1QyxVQUFNRCx1Q0FBc0MsUUFBUSxJQUFJO0FBQ3hELFFBQUk7QUFDRixZQUFNLFlBQVksTUFBTSxTQUFTLElBQUk7QUFBQSxJQUN2QyxVQUFFO0FBQ0EsWUFBTUEseUNBQXdDLFFBQVEsSUFBSTtBQUFBLElBQzVEO0FBQUEsRUFDRixDQUFDO0FBQ0g7OztBQ2pSQSxTQUFTLGVBQUFFLGNBQWEsY0FBMEIsWUFBWSxZQUFBQyxpQkFBZ0I7QUFDNUUsU0FBUyxTQUFTLGVBQWU7QUFJakMsSUFBTSx1QkFBdUI7QUFFN0IsSUFBTSxvQkFBb0I7QUFFMUIsSUFBTSxjQUFjLE1BQU07QUFHMUIsSUFBTSxZQUFZO0FBbUJYLFNBQVMsWUFBWSxRQUFpQyxNQUFjLEtBQVc7QUFDcEYsUUFBTSxRQUFRLG9CQUFJLElBQXVCO0FBRXpDLFFBQU0sU0FBUyxTQUFTLGFBQWEsU0FBWUEsVUFBUyxJQUFJO0FBQzlELE1BQUk7QUFFSixNQUFJO0FBRUosUUFBTSxZQUFZLE1BQU07QUFDdEIsUUFBSSxDQUFDLE9BQVEsUUFBTyxPQUFPO0FBQzNCLFVBQU0sS0FBSyxXQUFXLFFBQVEsSUFBSSxDQUFDO0FBQ25DLFdBQU8sR0FBRyxTQUFTLEdBQUc7QUFBQSxFQUN4QjtBQUVBLFFBQU0sWUFBWSxNQUFZO0FBQzVCLFFBQUksS0FBTSxPQUFNO0FBQ2hCLFFBQUksQ0FBQyxPQUFRO0FBQ2IsVUFBTSxNQUF5QkEsVUFBUyxNQUFNLEVBQUUsZ0JBQWdCLE1BQU0sQ0FBQztBQUN2RSxRQUFJLE9BQU8sSUFBSSxRQUFRLE9BQU8sT0FBTyxJQUFJLFFBQVEsT0FBTyxJQUFLO0FBQzdELFdBQU8sT0FBTyxPQUFPLElBQUksTUFBTSxxQkFBcUIsSUFBSSxRQUFRLE1BQU0sYUFBYSxTQUFTLCtCQUErQixHQUFHLEVBQUUsTUFBTSxVQUFVLENBQUM7QUFDakosUUFBSTtBQUFBLE1BQ0YsRUFBRSxNQUFNLGFBQWEsWUFBWSxJQUFJLEVBQUU7QUFBQSxNQUN2QyxxQkFBcUIsSUFBSSxRQUFRLE1BQU0sYUFBYSxTQUFTLHdPQUF3TyxJQUFJO0FBQUEsSUFDM1M7QUFDQSxVQUFNO0FBQUEsRUFDUjtBQUVBLFFBQU0sVUFBVSxDQUFDLFdBQXFDQyxTQUEyQjtBQUMvRSxRQUFJLFVBQVUsUUFBUTtBQUNwQixhQUFPO0FBQUEsUUFDTCxRQUFRO0FBQUEsUUFDUixLQUFLLElBQUksV0FBc0I7QUFDN0Isb0JBQVU7QUFDVixpQkFBTyxVQUFVLElBQUksR0FBRyxNQUFNO0FBQUEsUUFDaEM7QUFBQSxRQUNBLFNBQVMsSUFBSSxXQUFzQjtBQUNqQyxvQkFBVTtBQUNWLGlCQUFPLFVBQVUsUUFBUSxHQUFHLE1BQU07QUFBQSxRQUNwQztBQUFBLFFBQ0EsS0FBSyxJQUFJLFdBQXNCLFVBQVUsSUFBSSxHQUFHLE1BQU07QUFBQSxNQUN4RDtBQUFBLElBQ0Y7QUFDQSxVQUFNLGFBQWEsb0JBQW9CLEtBQUtBLElBQUc7QUFDL0MsV0FBTztBQUFBLE1BQ0wsUUFBUTtBQUFBLE1BQ1IsS0FBSyxJQUFJLFdBQXNCLFVBQVUsSUFBSSxHQUFHLE1BQU07QUFBQSxNQUN0RCxTQUFTLElBQUksV0FBc0IsVUFBVSxRQUFRLEdBQUcsTUFBTTtBQUFBLE1BQzlELEtBQUssSUFBSSxXQUFzQjtBQUM3QixZQUFJLFlBQVk7QUFFZCxjQUFJLENBQUMsT0FBTyxjQUFlLFFBQU8sRUFBRSxTQUFTLEdBQUcsaUJBQWlCLEVBQUU7QUFDbkUsaUJBQU8sVUFBVSxJQUFJLEdBQUcsTUFBTTtBQUFBLFFBQ2hDO0FBQ0Esa0JBQVU7QUFDVixZQUFJO0FBQ0osWUFBSTtBQUNGLG1CQUFTLFVBQVUsSUFBSSxHQUFHLE1BQU07QUFBQSxRQUNsQyxTQUFTLEtBQUs7QUFDWixjQUFJLGVBQWUsS0FBSyxPQUFRLElBQTJCLElBQUksQ0FBQyxHQUFHO0FBQ2pFLGdCQUFJLFdBQVcsT0FBVyxLQUFJLE1BQU0sRUFBRSxNQUFNLE1BQU0sVUFBVSxFQUFFLEdBQUcsb0JBQW9CLElBQUksK0NBQStDO0FBQ3hJLHFCQUFTLFVBQVU7QUFBQSxVQUNyQjtBQUNBLGdCQUFNO0FBQUEsUUFDUjtBQUVBLFlBQUksQ0FBQyxPQUFPLGVBQWU7QUFDekIsb0JBQVU7QUFDVixjQUFJLFdBQVcsT0FBVyxLQUFJLEtBQUssRUFBRSxLQUFLLEdBQUcsNENBQTRDO0FBQ3pGLG1CQUFTO0FBQUEsUUFDWDtBQUNBLGVBQU87QUFBQSxNQUNUO0FBQUEsSUFDRjtBQUFBLEVBQ0Y7QUFDQSxRQUFNLFlBQVksTUFBTTtBQUN0QixRQUFJLEtBQU0sT0FBTTtBQUFBLEVBQ2xCO0FBRUEsUUFBTSxRQUFRLFlBQVksTUFBTTtBQUM5QixRQUFJLENBQUMsT0FBUTtBQUNiLFFBQUk7QUFDRixnQkFBVTtBQUFBLElBQ1osUUFBUTtBQUNOLG9CQUFjLEtBQUs7QUFBQSxJQUNyQjtBQUFBLEVBQ0YsR0FBRyxpQkFBaUI7QUFDcEIsUUFBTSxNQUFNO0FBRVosU0FBTztBQUFBO0FBQUEsSUFFTCxVQUFVO0FBQUEsTUFDUixRQUFRQSxNQUFhO0FBQ25CLFlBQUksWUFBWSxNQUFNLElBQUlBLElBQUc7QUFDN0IsWUFBSSxDQUFDLFdBQVc7QUFDZCxjQUFJLE1BQU0sUUFBUSxxQkFBc0IsT0FBTSxPQUFPLE1BQU0sS0FBSyxFQUFFLEtBQUssRUFBRSxLQUFNO0FBQy9FLHNCQUFZLFFBQVEsT0FBTyxRQUFRQSxJQUFHLEdBQUdBLElBQUc7QUFDNUMsZ0JBQU0sSUFBSUEsTUFBSyxTQUFTO0FBQUEsUUFDMUI7QUFDQSxlQUFPO0FBQUEsTUFDVDtBQUFBLE1BQ0EsUUFBUTtBQUNOLHNCQUFjLEtBQUs7QUFDbkIsY0FBTSxNQUFNO0FBQ1osZUFBTyxNQUFNO0FBQUEsTUFDZjtBQUFBLElBQ0Y7QUFBQTtBQUFBLElBRUEsUUFBYztBQUNaLGdCQUFVO0FBQ1YsVUFBSSxXQUFXLFFBQVc7QUFDeEIsWUFBSSxVQUFVLElBQUksU0FBUyxZQUFhLE9BQU0sT0FBTyxPQUFPLElBQUksTUFBTSxvQkFBb0IsSUFBSSxVQUFVLEdBQUcsRUFBRSxNQUFNLGNBQWMsQ0FBQztBQUNsSSxpQkFBUztBQUFBLE1BQ1g7QUFBQSxJQUNGO0FBQUEsRUFDRjtBQUNGO0FBR0EsU0FBUyxZQUFZLE1BQXdCO0FBQzNDLFFBQU0sT0FBTyxRQUFRLElBQUk7QUFDekIsTUFBSTtBQUNGLFdBQU9GLGFBQVksZUFBZSxFQUMvQixJQUFJLENBQUMsT0FBTyxTQUFTLFFBQVEsR0FBRyxPQUFPLEVBQUUsRUFBRSxFQUMzQyxPQUFPLENBQUMsT0FBTztBQUNkLFVBQUk7QUFDRixlQUFPLGFBQWEsRUFBRSxFQUFFLFdBQVcsSUFBSTtBQUFBLE1BQ3pDLFFBQVE7QUFDTixlQUFPO0FBQUEsTUFDVDtBQUFBLElBQ0YsQ0FBQztBQUFBLEVBQ0wsUUFBUTtBQUNOLFdBQU8sQ0FBQztBQUFBLEVBQ1Y7QUFDRjs7O0FKNUlBLElBQU0sV0FBVztBQUdWLElBQU0sd0JBQXdCO0FBUTlCLFNBQVMsZUFBZSxLQUFtQjtBQUNoRCxNQUFJRyxZQUFXLEdBQUcsRUFBRztBQUNyQixZQUFVLEtBQUssRUFBRSxXQUFXLEtBQUssQ0FBQztBQUNsQyxnQkFBYyxHQUFHLEdBQUcsZUFBZSw2RUFBNkU7QUFDbEg7QUFPQSxlQUFzQixVQUFVLGFBQXFCLFVBQWlFLENBQUMsR0FBbUI7QUFDeEksTUFBSSx1QkFBdUIsS0FBSyxXQUFXLEdBQUc7QUFDNUMsVUFBTSxZQUFZLFFBQVEsYUFBYTtBQUN2QyxVQUFNLE9BQU8sSUFBSSxHQUFHLEtBQUs7QUFBQSxNQUN2QixrQkFBa0I7QUFBQSxNQUNsQixLQUFLLFFBQVEsWUFBWTtBQUFBLE1BQ3pCLHlCQUF5QjtBQUFBO0FBQUEsTUFFekIsT0FBTztBQUFBLFFBQ0wsZ0JBQWdCLENBQUMsS0FBYSxXQUM1QixRQUFRLFdBQVcsQ0FBQyxNQUFjLE9BQU8sQ0FBQyxJQUFJLEdBQUcsTUFBTSxjQUFjLEtBQUssTUFBZ0I7QUFBQSxNQUM5RjtBQUFBLElBQ0YsQ0FBQztBQUtELFNBQUssR0FBRyxTQUFTLE1BQU07QUFBQSxJQUFDLENBQUM7QUFDekIsU0FBSyxHQUFHLFdBQVcsQ0FBQyxXQUFXLE9BQU8sR0FBRyxTQUFTLE1BQU07QUFBQSxJQUFDLENBQUMsQ0FBQztBQUMzRCxVQUFNQyxNQUFLLElBQUksT0FBaUIsRUFBRSxTQUFTLElBQUksZ0JBQWdCLEVBQUUsTUFBTSxpQkFBaUIsTUFBTSxTQUFTLEVBQUUsQ0FBQyxFQUFFLENBQUM7QUFDN0csUUFBSTtBQUNGLFlBQU0sZ0JBQWdCQSxLQUFJLFVBQVU7QUFBQSxJQUN0QyxTQUFTLEtBQUs7QUFDWixZQUFNQSxJQUFHLFFBQVE7QUFDakIsWUFBTTtBQUFBLElBQ1I7QUFDQSxVQUFNQyxPQUFNLElBQUksSUFBSSxXQUFXO0FBQy9CLFdBQU8sRUFBRSxJQUFBRCxLQUFJLFNBQVMsWUFBWSxVQUFVLGNBQWNDLEtBQUksSUFBSSxHQUFHQSxLQUFJLFFBQVEsSUFBSSxPQUFPLE1BQU0sS0FBS0QsR0FBRSxHQUFHLE9BQU8sTUFBTUEsSUFBRyxRQUFRLEVBQUU7QUFBQSxFQUN4STtBQUVBLFFBQU0sT0FBTyxZQUFZLFFBQVEsb0JBQW9CLEVBQUU7QUFDdkQsTUFBSSxTQUFTLFdBQVksZ0JBQWVFLFNBQVEsSUFBSSxDQUFDO0FBQ3JELFFBQU0sU0FBUyxJQUFJLGVBQWUsSUFBSTtBQUN0QyxTQUFPLE9BQU8sb0JBQW9CO0FBQ2xDLFNBQU8sT0FBTyxzQkFBc0I7QUFDcEMsU0FBTyxPQUFPLG1CQUFtQjtBQUNqQyxTQUFPLE9BQU8scUJBQXFCO0FBQ25DLFFBQU1DLFNBQVEsWUFBWSxRQUFRLE1BQU0sUUFBUSxPQUFPLGFBQWEsRUFBRSxPQUFPLFFBQVEsQ0FBQyxDQUFDO0FBQ3ZGLFFBQU0sS0FBSyxJQUFJLE9BQWlCLEVBQUUsU0FBUyxJQUFJLGNBQWMsRUFBRSxVQUFVQSxPQUFNLFNBQVMsQ0FBQyxFQUFFLENBQUM7QUFDNUYsUUFBTSxnQkFBZ0IsSUFBSSxRQUFRO0FBQ2xDLFFBQU1DLFNBQVEsWUFBWTtBQUN4QixJQUFBRCxPQUFNLE1BQU07QUFDWixVQUFNLEtBQUssRUFBRTtBQUFBLEVBQ2Y7QUFDQSxNQUFJLFNBQVMsV0FBWSxRQUFPLEVBQUUsSUFBSSxTQUFTLFVBQVUsVUFBVSxVQUFVLElBQUksSUFBSSxPQUFBQyxRQUFPLE9BQU8sTUFBTSxHQUFHLFFBQVEsRUFBRTtBQUV0SCxTQUFPLE9BQU8sK0JBQStCO0FBQzdDLFNBQU8sT0FBTyx3QkFBd0I7QUFDdEMsUUFBTSxlQUFlLGtCQUFrQixNQUFNO0FBQUEsSUFDM0MsV0FBVyxNQUFNO0FBQ2YsVUFBSSxPQUFPLEtBQU0sUUFBTyxPQUFPLDJCQUEyQjtBQUFBLElBQzVEO0FBQUEsRUFDRixDQUFDO0FBQ0QsU0FBTztBQUFBLElBQ0w7QUFBQSxJQUNBLFNBQVM7QUFBQSxJQUNULFVBQVUsVUFBVSxJQUFJO0FBQUEsSUFDeEIsT0FBQUE7QUFBQSxJQUNBLE9BQU8sWUFBWTtBQUNqQixZQUFNLGFBQWEsS0FBSztBQUN4QixZQUFNLEdBQUcsUUFBUTtBQUFBLElBQ25CO0FBQUEsRUFDRjtBQUNGO0FBR0EsZUFBc0IsS0FBSyxJQUFxQztBQUM5RCxRQUFNQyxlQUFjLFFBQVEsRUFBRTtBQUNoQzs7O0FLOUdBLElBQU0sU0FBUyxLQUFLLEtBQUssS0FBSztBQUd2QixJQUFNLFlBQVk7QUFBQTtBQUFBLEVBRXZCLGdCQUFnQjtBQUFBO0FBQUEsRUFFaEIsc0JBQXNCO0FBQUE7QUFBQSxFQUV0QixZQUFZLElBQUk7QUFBQTtBQUFBLEVBRWhCLGlCQUFpQixLQUFLO0FBQ3hCO0FBR0EsSUFBTSxrQkFBa0I7QUFpQnhCLGVBQXNCLGFBQ3BCLElBQ0EsS0FDQSxtQkFDQSx1QkFBK0IsVUFBVSxpQkFDbkI7QUFDdEIsUUFBTSxhQUFhLE1BQU0sVUFBVTtBQUNuQyxRQUFNLFdBQVcsTUFBTSxHQUNwQixXQUFXLFVBQVUsRUFDckIsTUFBTSxDQUFDLE9BQU8sR0FBRyxHQUFHLENBQUMsR0FBRyxjQUFjLEtBQUssVUFBVSxHQUFHLEdBQUcsY0FBYyxLQUFLLFVBQVUsQ0FBQyxDQUFDLENBQUMsRUFDM0YsaUJBQWlCO0FBQ3BCLFFBQU0sY0FBYyxNQUFNLEdBQ3ZCLFdBQVcsY0FBYyxFQUN6QixNQUFNLGNBQWMsS0FBSyxNQUFNLFVBQVUsb0JBQW9CLEVBQzdELGlCQUFpQjtBQUNwQixRQUFNLGFBQWEsTUFBTSxHQUN0QixXQUFXLGFBQWEsRUFDeEIsTUFBTSxnQkFBZ0IsTUFBTSxNQUFNLGlCQUFpQixFQUNuRCxpQkFBaUI7QUFDcEIsUUFBTSxTQUFTLE1BQU0sR0FDbEIsV0FBVyxRQUFRLEVBQ25CLE1BQU0sV0FBVyxLQUFLLE1BQU0sVUFBVSxVQUFVLEVBQ2hELGlCQUFpQjtBQUNwQixRQUFNLG9CQUFvQixNQUFNLG1CQUFtQixJQUFJLE1BQU0sb0JBQW9CO0FBQ2pGLFNBQU87QUFBQSxJQUNMLFVBQVUsT0FBTyxTQUFTLGNBQWM7QUFBQSxJQUN4QyxhQUFhLE9BQU8sWUFBWSxjQUFjO0FBQUEsSUFDOUMsWUFBWSxPQUFPLFdBQVcsY0FBYztBQUFBLElBQzVDLFFBQVEsT0FBTyxPQUFPLGNBQWM7QUFBQSxJQUNwQztBQUFBLEVBQ0Y7QUFDRjtBQU9BLGVBQWUsbUJBQW1CLElBQXNCLFFBQWlDO0FBQ3ZGLE1BQUksU0FBUztBQUNiLGFBQVM7QUFDUCxVQUFNLFVBQVUsTUFBTSxHQUFHLFlBQVksRUFBRSxRQUFRLE9BQU8sUUFBUTtBQUM1RCxZQUFNLE9BQ0osTUFBTSxJQUNILFdBQVcsU0FBUyxFQUNwQixPQUFPLElBQUksRUFDWCxNQUFNLFVBQVUsS0FBSyxXQUFXLEVBQ2hDLE1BQU0sY0FBYyxLQUFLLE1BQU0sRUFDL0IsTUFBTSxDQUFDLEVBQUUsUUFBUSxLQUFLLFdBQVcsTUFBTSxJQUFJLE9BQU8sV0FBVyxRQUFRLEVBQUUsT0FBTyxXQUFXLEVBQUUsU0FBUyxvQkFBb0IsS0FBSyxZQUFZLENBQUMsQ0FBQyxDQUFDLEVBQzVJO0FBQUEsUUFBTSxDQUFDLEVBQUUsUUFBUSxLQUFLLFdBQVcsTUFDaEM7QUFBQSxVQUNFO0FBQUEsWUFDRSxXQUFXLFVBQVUsRUFDbEIsT0FBTyxhQUFhLEVBQ3BCLFNBQVMsc0JBQXNCLEtBQUssWUFBWSxFQUNoRCxNQUFNLENBQUMsTUFBTSxFQUFFLEdBQUcsQ0FBQyxFQUFFLHVCQUF1QixNQUFNLE1BQU0sR0FBRyxFQUFFLHlCQUF5QixNQUFNLE1BQU0sQ0FBQyxDQUFDLENBQUM7QUFBQSxVQUMxRztBQUFBLFFBQ0Y7QUFBQSxNQUNGLEVBQ0MsTUFBTSxlQUFlLEVBQ3JCLFFBQVEsR0FDWCxJQUFJLENBQUMsTUFBTSxFQUFFLEVBQUU7QUFDakIsVUFBSSxDQUFDLElBQUksT0FBUSxRQUFPO0FBQ3hCLFlBQU0sSUFBSSxXQUFXLFVBQVUsRUFBRSxNQUFNLGFBQWEsTUFBTSxHQUFHLEVBQUUsUUFBUTtBQUN2RSxZQUFNLElBQUksV0FBVyxjQUFjLEVBQUUsTUFBTSxhQUFhLE1BQU0sR0FBRyxFQUFFLFFBQVE7QUFDM0UsWUFBTSxJQUFJLFdBQVcsY0FBYyxFQUFFLE1BQU0sYUFBYSxNQUFNLEdBQUcsRUFBRSxRQUFRO0FBQzNFLFlBQU0sT0FBTyxNQUFNLElBQUksV0FBVyxTQUFTLEVBQUUsTUFBTSxNQUFNLE1BQU0sR0FBRyxFQUFFLE1BQU0sVUFBVSxLQUFLLFdBQVcsRUFBRSxpQkFBaUI7QUFDdkgsYUFBTyxPQUFPLEtBQUssY0FBYztBQUFBLElBQ25DLENBQUM7QUFDRCxjQUFVO0FBQ1YsUUFBSSxVQUFVLGdCQUFpQixRQUFPO0FBQUEsRUFDeEM7QUFDRjtBQUdPLFNBQVMsY0FDZCxJQUNBLFNBQ2tCO0FBQ2xCLFFBQU0sTUFBTSxRQUFRLE9BQU8sS0FBSztBQUNoQyxRQUFNLE1BQU0sTUFBTTtBQUNoQixpQkFBYSxJQUFJLElBQUksR0FBRyxRQUFRLG1CQUFtQixRQUFRLG9CQUFvQixFQUFFO0FBQUEsTUFDL0UsQ0FBQyxXQUFXLFFBQVEsSUFBSSxNQUFNLEVBQUUsUUFBUSxPQUFPLEdBQUcscUJBQXFCO0FBQUEsTUFDdkUsQ0FBQyxRQUFpQixRQUFRLElBQUksS0FBSyxFQUFFLFFBQVMsSUFBYyxRQUFRLEdBQUcsaURBQWlEO0FBQUEsSUFDMUg7QUFBQSxFQUNGO0FBQ0EsUUFBTSxRQUFRLFdBQVcsS0FBSyxHQUFNO0FBQ3BDLFFBQU0sUUFBUSxZQUFZLEtBQUssS0FBSyxLQUFLLEdBQUk7QUFDN0MsUUFBTSxNQUFNO0FBQ1osUUFBTSxNQUFNO0FBQ1osU0FBTztBQUFBLElBQ0wsT0FBTztBQUNMLG1CQUFhLEtBQUs7QUFDbEIsb0JBQWMsS0FBSztBQUFBLElBQ3JCO0FBQUEsRUFDRjtBQUNGOzs7QUNyR08sSUFBTSxlQUFxQixhQUFhLEVBQUUsT0FBTyxTQUFTLENBQUM7QUFHbEUsZUFBc0IsY0FDcEIsUUFDQSxVQUFpRyxDQUFDLEdBQzFFO0FBQ3hCLFFBQU0sTUFBTSxRQUFRLE9BQU8sYUFBYSxFQUFFLE9BQU8sT0FBTyxTQUFTLENBQUM7QUFDbEUsUUFBTSxRQUFRLFFBQVEsU0FBVSxNQUFNLFVBQVUsT0FBTyxhQUFhLEVBQUUsV0FBVyxPQUFPLGFBQWEsSUFBSSxDQUFDO0FBQzFHLFFBQU0sTUFBTSxRQUFRLFFBQVEsTUFBTSxLQUFLLElBQUk7QUFDM0MsUUFBTSxPQUFPLE1BQU0sUUFBUSxLQUFLLE1BQU0sSUFBSSxNQUFNLFNBQVMsRUFBRSxJQUFJLENBQUM7QUFDaEUsT0FBSyxNQUFNO0FBQ1gsU0FBTztBQUFBLElBQ0w7QUFBQSxJQUNBO0FBQUEsSUFDQSxJQUFJLE1BQU07QUFBQSxJQUNWO0FBQUEsSUFDQSxVQUFVLElBQUksU0FBUyxNQUFNLElBQUksTUFBTSxNQUFNO0FBQUEsSUFDN0MsUUFBUSxJQUFJLE9BQU8sTUFBTSxJQUFJLFFBQVEsS0FBSyxRQUFRLGNBQWMsUUFBUSxPQUFPLFFBQVEsQ0FBQ0MsVUFBUyxRQUFRLE9BQU8sTUFBTUEsS0FBSSxJQUFJLE9BQVU7QUFBQSxJQUN4SSxTQUFTLElBQUksWUFBWSxNQUFNLElBQUksT0FBTyxTQUFTO0FBQUEsSUFDbkQsV0FBVyxNQUFNLGFBQWEsMkJBQTJCLE9BQU8sZ0JBQWdCO0FBQUEsSUFDaEYsV0FBVyxVQUFVLE9BQU8sSUFBSSxJQUFJLE9BQU8sSUFBSTtBQUFBLElBQy9DO0FBQUEsSUFDQTtBQUFBLElBQ0EsT0FBTyxjQUFjLE1BQU0sSUFBSTtBQUFBLE1BQzdCLG9CQUFvQixPQUFPLFdBQVcsaUJBQWlCLE9BQU87QUFBQSxNQUM5RCxzQkFBc0IsT0FBTztBQUFBLE1BQzdCO0FBQUEsTUFDQTtBQUFBLElBQ0YsQ0FBQztBQUFBLEVBQ0g7QUFDRjtBQUVBLGVBQXNCLGFBQWEsS0FBbUM7QUFFcEUsUUFBTSxJQUFJLE9BQU8sT0FBTztBQUN4QixNQUFJLE1BQU0sS0FBSztBQUNmLE1BQUksS0FBSyxNQUFNO0FBQ2YsTUFBSSxPQUFPLE1BQU07QUFDakIsUUFBTSxJQUFJLE9BQU8sS0FBSztBQUN0QixRQUFNLElBQUksTUFBTSxNQUFNO0FBQ3hCOzs7QS9FM0RPLElBQU0sVUFBVTtBQUNoQixJQUFNLFdBQVc7QUFHakIsSUFBTSxTQUFTLFFBQVEsSUFBSTtBQUtsQyxlQUFzQixjQUFjLFNBQW1FO0FBQ3JHLE1BQUksWUFBWSxVQUFVO0FBQ3hCLFVBQU0sTUFBTSxZQUFZQyxNQUFLLE9BQU8sR0FBRyxXQUFXLENBQUM7QUFDbkQsV0FBTyxFQUFFLEtBQUtBLE1BQUssS0FBSyxhQUFhLEdBQUcsTUFBTSxZQUFZLE9BQU8sS0FBSyxFQUFFLFdBQVcsTUFBTSxPQUFPLEtBQUssQ0FBQyxFQUFFO0FBQUEsRUFDMUc7QUFDQSxNQUFJLENBQUMsT0FBUSxPQUFNLElBQUksTUFBTSx5REFBeUQ7QUFDdEYsUUFBTUMsUUFBTyxZQUFZQyxZQUFXLEVBQUUsUUFBUSxNQUFNLEVBQUUsRUFBRSxNQUFNLEdBQUcsRUFBRSxDQUFDO0FBQ3BFLFFBQU0sUUFBUSxJQUFJQyxJQUFHLE9BQU8sRUFBRSxrQkFBa0IsT0FBTyxDQUFDO0FBQ3hELFFBQU0sTUFBTSxRQUFRO0FBQ3BCLFFBQU0sTUFBTSxNQUFNLG1CQUFtQkYsS0FBSSxFQUFFO0FBQzNDLFFBQU0sTUFBTSxJQUFJO0FBQ2hCLFFBQU1HLE9BQU0sSUFBSSxJQUFJLE1BQU07QUFDMUIsRUFBQUEsS0FBSSxXQUFXLElBQUlILEtBQUk7QUFDdkIsU0FBTztBQUFBLElBQ0wsS0FBS0csS0FBSSxTQUFTO0FBQUEsSUFDbEIsTUFBTSxZQUFZO0FBQ2hCLFlBQU0sSUFBSSxJQUFJRCxJQUFHLE9BQU8sRUFBRSxrQkFBa0IsT0FBTyxDQUFDO0FBQ3BELFlBQU0sRUFBRSxRQUFRO0FBQ2hCLFlBQU0sRUFBRSxNQUFNLDJCQUEyQkYsS0FBSSxlQUFlO0FBQzVELFlBQU0sRUFBRSxJQUFJO0FBQUEsSUFDZDtBQUFBLEVBQ0Y7QUFDRjtBQVdPLFNBQVMsVUFBVSxRQUFRLEtBQUssSUFBSSxHQUFjO0FBQ3ZELE1BQUksS0FBSztBQUNULFNBQU87QUFBQSxJQUNMLEtBQUssTUFBTTtBQUFBLElBQ1gsUUFBUSxJQUFJO0FBQ1YsVUFBSSxFQUFFLE1BQU0sR0FBSSxPQUFNLElBQUksV0FBVyxzQ0FBc0MsRUFBRSxLQUFLO0FBQ2xGLFlBQU07QUFBQSxJQUNSO0FBQUEsRUFDRjtBQUNGO0FBR0EsSUFBTSxpQkFBaUIsT0FBTyxRQUFRLE1BQWtDLEVBQUUsSUFBSSxDQUFDLENBQUNBLE9BQU1JLE1BQUssT0FBTztBQUFBLEVBQ2hHLE1BQUFKO0FBQUEsRUFDQSxPQUFBSTtBQUFBLEVBQ0EsU0FBUyxJQUFJLE9BQU8sSUFBSUEsT0FBTSxLQUFLLFFBQVEscUJBQXFCLE1BQU0sRUFBRSxRQUFRLFlBQVksT0FBTyxDQUFDLEdBQUc7QUFDekcsRUFBRTtBQUVLLFNBQVMsU0FBUyxRQUFnQixNQUE2RDtBQUNwRyxRQUFNLFdBQVcsS0FBSyxNQUFNLEdBQUcsRUFBRSxDQUFDO0FBQ2xDLFNBQU8sZUFBZSxLQUFLLENBQUMsTUFBTSxFQUFFLE1BQU0sV0FBVyxVQUFVLEVBQUUsUUFBUSxLQUFLLFFBQVEsQ0FBQztBQUN6RjtBQVFPLFNBQVMsWUFBWSxRQUFnQixNQUFjLFFBQWdCLE1BQXFCO0FBQzdGLFFBQU0sUUFBUSxHQUFHLE1BQU0sSUFBSSxJQUFJLGFBQWEsTUFBTTtBQUNsRCxNQUFJLFVBQVUsS0FBSztBQUNqQixVQUFNQyxVQUFTLGdCQUFnQixVQUFVLElBQUk7QUFDN0MsUUFBSSxDQUFDQSxRQUFPO0FBQ1YsWUFBTSxJQUFJLE1BQU0sbUJBQW1CLEtBQUssNENBQTRDLEtBQUssVUFBVSxJQUFJLEdBQUcsTUFBTSxHQUFHLEdBQUcsQ0FBQztBQUFBLEVBQUtBLFFBQU8sTUFBTSxPQUFPLEVBQUU7QUFDcEosUUFBSUEsUUFBTyxLQUFLLFdBQVcsT0FBUSxPQUFNLElBQUksTUFBTSxtQkFBbUIsS0FBSyxxQ0FBcUNBLFFBQU8sS0FBSyxNQUFNLEVBQUU7QUFDcEk7QUFBQSxFQUNGO0FBQ0EsUUFBTSxRQUFRLFNBQVMsUUFBUSxJQUFJO0FBQ25DLE1BQUksQ0FBQyxTQUFTLFNBQVMsT0FBTyxVQUFVLElBQUs7QUFDN0MsUUFBTSxFQUFFLE1BQUFMLE9BQU0sT0FBQUksT0FBTSxJQUFJO0FBQ3hCLE1BQUksV0FBV0EsT0FBTSxPQUFRLE9BQU0sSUFBSSxNQUFNLG1CQUFtQixLQUFLLFlBQVlKLEtBQUksY0FBY0ksT0FBTSxNQUFNLEVBQUU7QUFDakgsTUFBSSxDQUFDQSxPQUFNLFVBQVU7QUFDbkIsUUFBSUEsT0FBTSxXQUFXLE9BQU8sU0FBUztBQUNuQyxZQUFNLElBQUksTUFBTSxtQkFBbUIsS0FBSyw4QkFBOEJKLEtBQUksY0FBYyxLQUFLLFVBQVUsSUFBSSxFQUFFLE1BQU0sR0FBRyxHQUFHLENBQUMsRUFBRTtBQUM5SDtBQUFBLEVBQ0Y7QUFDQSxRQUFNLFNBQVNJLE9BQU0sU0FBUyxVQUFVLElBQUk7QUFDNUMsTUFBSSxDQUFDLE9BQU87QUFDVixVQUFNLElBQUksTUFBTSxtQkFBbUIsS0FBSyxZQUFZSixLQUFJLHlCQUF5QixLQUFLLFVBQVUsSUFBSSxHQUFHLE1BQU0sR0FBRyxHQUFHLENBQUM7QUFBQSxFQUFLLE9BQU8sTUFBTSxPQUFPLEVBQUU7QUFDakosTUFBSSxDQUFDLGtCQUFrQixPQUFPLE1BQU0sSUFBSSxHQUFHO0FBQ3pDLFVBQU0sSUFBSTtBQUFBLE1BQ1IsbUJBQW1CLEtBQUssdUJBQXVCQSxLQUFJLCtCQUErQixLQUFLLFVBQVUsSUFBSSxFQUFFLE1BQU0sR0FBRyxHQUFHLENBQUM7QUFBQSxVQUFhLEtBQUssVUFBVSxPQUFPLElBQUksRUFBRSxNQUFNLEdBQUcsR0FBRyxDQUFDO0FBQUEsSUFDNUs7QUFBQSxFQUNGO0FBQ0Y7QUE2Qk8sU0FBUyxVQUFVLEtBQStCO0FBQ3ZELFNBQU8sT0FBTyxRQUFRLE1BQU0sT0FBTyxDQUFDLE1BQU07QUFDeEMsVUFBTSxVQUFrQyxFQUFFLEdBQUcsS0FBSyxRQUFRO0FBQzFELFFBQUksS0FBSyxTQUFTLFVBQWEsS0FBSyxRQUFRLE9BQVcsU0FBUSxjQUFjLE1BQU07QUFDbkYsUUFBSSxLQUFLLE1BQU8sU0FBUSxnQkFBZ0IsVUFBVSxLQUFLLEtBQUs7QUFDNUQsVUFBTSxNQUFNLE1BQU0sSUFBSSxRQUFRLE1BQU0sRUFBRSxRQUFRLFNBQVMsTUFBTSxLQUFLLFFBQVEsS0FBSyxTQUFTLFNBQVksU0FBWSxLQUFLLFVBQVUsS0FBSyxJQUFJLEdBQUcsQ0FBQztBQUM1SSxVQUFNTSxRQUFPLE1BQU0sSUFBSSxLQUFLO0FBQzVCLFFBQUksT0FBZ0JBO0FBQ3BCLFFBQUk7QUFDRixhQUFPQSxRQUFPLEtBQUssTUFBTUEsS0FBSSxJQUFJO0FBQUEsSUFDbkMsUUFBUTtBQUFBLElBRVI7QUFDQSxnQkFBWSxRQUFRLE1BQU0sSUFBSSxRQUFRLElBQUk7QUFDMUMsV0FBTyxFQUFFLFFBQVEsSUFBSSxRQUFRLE1BQU0sU0FBUyxJQUFJLFFBQVE7QUFBQSxFQUMxRDtBQUNGO0FBR0EsZUFBc0IsV0FBVyxNQUE4QixDQUFDLEdBQUcsVUFBb0QsQ0FBQyxHQUF3QjtBQUM5SSxRQUFNLFdBQVcsTUFBTSxjQUFjLFFBQVEsV0FBVyxRQUFRO0FBQ2hFLFFBQU0sU0FBUyxXQUFXLEVBQUUsdUJBQXVCLFFBQVEsZ0JBQWdCLE9BQU8sdUJBQXVCLGFBQWEsR0FBRyxLQUFLLGNBQWMsU0FBUyxJQUFJLENBQUM7QUFDMUosUUFBTSxNQUFNLE1BQU0sY0FBYyxRQUFRLEVBQUUsS0FBSyxjQUFjLEdBQUksUUFBUSxRQUFRLEVBQUUsS0FBSyxRQUFRLE1BQU0sSUFBSSxJQUFJLENBQUMsRUFBRyxDQUFDO0FBQ25ILFFBQU0sTUFBTSxVQUFVLEdBQUc7QUFFekIsUUFBTSxPQUFPLFVBQVUsR0FBRztBQUUxQixRQUFNLFlBQXFDLE9BQU8sT0FBT0wsWUFBVyxHQUFHLGNBQWM7QUFDbkYsVUFBTSxNQUFNLE1BQU0sS0FBSyxRQUFRLHlDQUF5QyxFQUFFLE1BQU0sRUFBRSxRQUFRLFNBQVMsS0FBSyxHQUFHLEdBQUksWUFBWSxFQUFFLE9BQU8sVUFBVSxJQUFJLENBQUMsRUFBRyxDQUFDO0FBQ3ZKLFFBQUksSUFBSSxXQUFXLElBQUssT0FBTSxJQUFJLE1BQU0sMkJBQTJCLElBQUksTUFBTSxJQUFJLEtBQUssVUFBVSxJQUFJLElBQUksQ0FBQyxFQUFFO0FBRTNHLFdBQU8sRUFBRSxPQUFPLElBQUksS0FBSyxPQUFPLE1BQU0sSUFBSSxLQUFLLFFBQVEsS0FBSztBQUFBLEVBQzlEO0FBRUEsUUFBTU0sWUFBbUMsT0FBT0MsUUFBTyxRQUFRLENBQUMsTUFBTTtBQUNwRSxVQUFNLE9BQU8sTUFBTSxVQUFVO0FBQzdCLFdBQU8sS0FBSyxRQUFRLDZCQUE2QixFQUFFLE9BQU8sS0FBSyxPQUFPLE1BQU0sRUFBRSxPQUFBQSxRQUFPLFVBQVUsVUFBVSxHQUFHLE1BQU0sRUFBRSxDQUFDO0FBQUEsRUFDdkg7QUFFQSxRQUFNLFNBQStCLE9BQU9BLFFBQU8sV0FBVyxVQUFVLFVBQVVQLFlBQVcsTUFBTTtBQUNqRyxVQUFNLEVBQUUsTUFBTSxNQUFNLElBQUksT0FBTyxZQUFZLFdBQVcsRUFBRSxNQUFNLFNBQVMsT0FBTyxPQUFVLElBQUk7QUFDNUYsV0FBTyxLQUFLLFFBQVEsK0JBQStCLEVBQUUsTUFBTSxFQUFFLFFBQVEsU0FBUyxNQUFNLE9BQUFPLFFBQU8sU0FBUyxHQUFHLEdBQUksUUFBUSxFQUFFLE1BQU0sSUFBSSxDQUFDLEVBQUcsQ0FBQztBQUFBLEVBQ3RJO0FBRUEsUUFBTSxRQUE2QixPQUFPLE9BQU87QUFFL0MsVUFBTSxJQUFJLE9BQU8sT0FBTztBQUN4QixVQUFNLE9BQU8sTUFBTSxJQUFJLEdBQUcsV0FBVyxRQUFRLEVBQUUsT0FBTyxDQUFDLFdBQVcsV0FBVyxDQUFDLEVBQUUsTUFBTSxjQUFjLEtBQUssR0FBRyxZQUFZLENBQUMsRUFBRSxRQUFRLE1BQU0sTUFBTSxFQUFFLFFBQVE7QUFDekosV0FBTyxLQUFLLElBQUksQ0FBQyxPQUFPLEVBQUUsU0FBUyxFQUFFLFNBQVMsTUFBTSxFQUFFLFVBQVUsRUFBRTtBQUFBLEVBQ3BFO0FBRUEsU0FBTztBQUFBLElBQ0w7QUFBQSxJQUNBO0FBQUEsSUFDQSxHQUFJLFFBQVEsUUFBUSxFQUFFLE9BQU8sUUFBUSxNQUFNLElBQUksQ0FBQztBQUFBLElBQ2hELGFBQWEsU0FBUztBQUFBLElBQ3RCO0FBQUEsSUFDQTtBQUFBLElBQ0EsVUFBQUQ7QUFBQSxJQUNBO0FBQUEsSUFDQSxNQUFNLFNBQVNDLFNBQVEsS0FBS1AsWUFBVyxDQUFDLGdCQUFnQjtBQUN0RCxZQUFNLE1BQU0sTUFBTU0sVUFBU0MsTUFBSztBQUNoQyxVQUFJLElBQUksV0FBVyxJQUFLLE9BQU0sSUFBSSxNQUFNLG9CQUFvQixJQUFJLE1BQU0sSUFBSSxLQUFLLFVBQVUsSUFBSSxJQUFJLENBQUMsRUFBRTtBQUNwRyxZQUFNLE1BQU0sTUFBTSxPQUFPQSxNQUFLO0FBQzlCLFVBQUksSUFBSSxXQUFXLElBQUssT0FBTSxJQUFJLE1BQU0sbUJBQW1CLElBQUksTUFBTSxJQUFJLEtBQUssVUFBVSxJQUFJLElBQUksQ0FBQyxFQUFFO0FBQ25HLGFBQU8sRUFBRSxPQUFPLElBQUksS0FBSyxPQUFPLE1BQU0sSUFBSSxLQUFLLE1BQU0sVUFBVSxJQUFJLEtBQUssVUFBVSxPQUFBQSxPQUFNO0FBQUEsSUFDMUY7QUFBQSxJQUNBO0FBQUEsSUFDQSxNQUFNLFVBQVUsSUFBSTtBQUNsQixZQUFNLENBQUMsSUFBSSxJQUFJLE1BQU0sTUFBTSxFQUFFO0FBQzdCLFlBQU0sUUFBUSxRQUFRLDZCQUE2QixLQUFLLEtBQUssSUFBSTtBQUNqRSxVQUFJLENBQUMsTUFBTyxPQUFNLElBQUksTUFBTSx1QkFBdUIsRUFBRSxFQUFFO0FBQ3ZELGFBQU8sTUFBTSxDQUFDO0FBQUEsSUFDaEI7QUFBQSxJQUNBLE1BQU0sUUFBUTtBQUNaLFlBQU0sYUFBYSxHQUFHO0FBQ3RCLFlBQU0sU0FBUyxLQUFLO0FBQUEsSUFDdEI7QUFBQSxFQUNGO0FBQ0Y7IiwKICAibmFtZXMiOiBbInJhbmRvbVVVSUQiLCAiam9pbiIsICJwZyIsICJ6IiwgImVtYWlsIiwgIkhvbm8iLCAidGV4dCIsICJuIiwgImNvZGUiLCAiZXJyb3JzIiwgInJlc29sdmUiLCAiY2h1bmtzIiwgInNpemUiLCAidGV4dCIsICJqc29uIiwgImVycm9ycyIsICJjb2RlIiwgImVycm9ycyIsICJuYW1lIiwgInJlY29yZCIsICJyZWFkRmlsZVN5bmMiLCAiSG9ubyIsICJyZWFkRmlsZVN5bmMiLCAiSG9ubyIsICJ0ZXh0IiwgIkhvbm8iLCAicHJvbWlzaWZ5IiwgImVycm9ycyIsICJyYW5kb21VVUlEIiwgImJ5SWQiLCAiZW1haWwiLCAicmFuZG9tVVVJRCIsICJjcmVhdGVIYXNoIiwgInJhbmRvbUJ5dGVzIiwgIm5hbWUiLCAiY29kZSIsICJjcmVhdGVIYXNoIiwgInVybCIsICJyYW5kb21CeXRlcyIsICJjcmVhdGVIYXNoIiwgInRpbWluZ1NhZmVFcXVhbCIsICJjb2RlIiwgInVybCIsICJuYW1lIiwgIm5hbWUiLCAidGltaW5nU2FmZUVxdWFsIiwgImNyZWF0ZUhhc2giLCAiY2hlY2siLCAiZW1haWwiLCAiZW1haWwiLCAiZW1haWwiLCAiZW1haWwiLCAiY3JlYXRlSGFzaCIsICJ0aW1pbmdTYWZlRXF1YWwiLCAiY3JlYXRlSGFzaCIsICJ0aW1pbmdTYWZlRXF1YWwiLCAiY3JlYXRlSGFzaCIsICJ0aW1pbmdTYWZlRXF1YWwiLCAiZGlnZXN0IiwgImNyZWF0ZUhhc2giLCAidGltaW5nU2FmZUVxdWFsIiwgInJvdXRlIiwgIkhvbm8iLCAiSG9ubyIsICJyYW5kb21VVUlEIiwgInJhbmRvbVVVSUQiLCAiZW1haWwiLCAiSG9ubyIsICJyZXN1bHQiLCAiSG9ubyIsICJhcHByb3ZlQ2xpZW50IiwgIkhvbm8iLCAiYXBwcm92ZUNsaWVudCIsICJIb25vIiwgIkhvbm8iLCAiSG9ubyIsICJIb25vIiwgIkhvbm8iLCAiSG9ubyIsICJyb3V0ZSIsICJIb25vIiwgInoiLCAidGV4dCIsICJuYW1lIiwgInoiLCAiand0VmVyaWZ5IiwgInRleHQiLCAicmVzb2x2ZSIsICJsaW5lIiwgInNxbCIsICJzcWwiLCAiZW1haWwiLCAicmFuZG9tQnl0ZXMiLCAicmFuZG9tQnl0ZXMiLCAiZXhpc3RzU3luYyIsICJkaXJuYW1lIiwgInNxbCIsICJyZXNvbHZlIiwgImNvZGUiLCAic3FsIiwgInJlc29sdmUiLCAic3FsIiwgIm5hbWUiLCAicmVhZGRpclN5bmMiLCAic3RhdFN5bmMiLCAic3FsIiwgImV4aXN0c1N5bmMiLCAiZGIiLCAidXJsIiwgImRpcm5hbWUiLCAiZ3VhcmQiLCAiY2hlY2siLCAic3FsIiwgInRleHQiLCAiam9pbiIsICJuYW1lIiwgInJhbmRvbVVVSUQiLCAicGciLCAidXJsIiwgInJvdXRlIiwgInBhcnNlZCIsICJ0ZXh0IiwgInJlZ2lzdGVyIiwgImVtYWlsIl0KfQo=
