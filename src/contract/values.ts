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
