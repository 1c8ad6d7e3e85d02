/**
 * Plain values of the contract, in a module without zod, so browser code can import them without
 * bringing the schemas along (`schemas.ts` re-exports them).
 */
export const AGREEMENT_NAMES = ['email', 'sms', 'push', 'bluetooth', 'rfid', 'wifi'] as const;
export type AgreementName = (typeof AGREEMENT_NAMES)[number];

export const SEX_VALUES = ['FEMALE', 'MALE', 'OTHER', 'NOT_SPECIFIED'] as const;

export const MAX_EVENTS_PER_BATCH = 100;

/** A country code is this many capital letters (ISO 3166-1 alpha-2). */
export const COUNTRY_CODE_LENGTH = 2;

/**
 * The ways `<snr-signin>` may offer to sign in (`methods="password code passkey"`), and the server's
 * `SNR_SIGN_IN_METHODS` / `/snr/config` `signInMethods`: `password`, `code` (a one-time code emailed
 * to the address, issue 14 item 3), `passkey` (issue 14 item 1).
 */
export const SIGN_IN_METHODS = ['password', 'code', 'passkey'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** Digits of an emailed sign-in code. */
export const SIGN_IN_CODE_LENGTH = 6;
