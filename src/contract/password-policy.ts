/**
 * The password policy a server enforces and publishes through `/snr/config` (its schema,
 * `passwordPolicySchema`, is in `schemas.ts`: this module has no zod, the browser checks with it).
 */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  requireUpper: boolean;
  requireLower: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = Object.freeze({
  minLength: 6,
  maxLength: 128,
  requireUpper: true,
  requireLower: true,
  requireDigit: true,
  requireSymbol: true,
});

export const PASSWORD_RULES = ['minLength', 'maxLength', 'upper', 'lower', 'digit', 'symbol'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

export interface PasswordRuleResult {
  rule: PasswordRule;
  ok: boolean;
  /** The number the rule is about (a length), when it has one. */
  value?: number;
}

export interface PasswordCheck {
  ok: boolean;
  /** Every rule the policy enables, in a stable order, passed or not: what a live checklist shows. */
  rules: PasswordRuleResult[];
  failed: PasswordRule[];
}

const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const DIGIT = /\p{Nd}/u;
const SYMBOL = /[^\p{L}\p{N}]/u;

const graphemes = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/**
 * Length in characters as the customer sees them (grapheme clusters): an emoji with a skin tone,
 * a flag or an accented letter typed as two code points each count as one.
 */
export function passwordLength(password: string): number {
  const text = password.normalize('NFC');
  if (graphemes) {
    let n = 0;
    for (const _ of graphemes.segment(text)) n++;
    return n;
  }
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Checks a password rule by rule. The browser runs it live; the server runs it authoritatively. */
export function checkPassword(input: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): PasswordCheck {
  // NFC first (NIST SP 800-63B 5.1.1.2), as the server hashes it: 'é' typed as e + U+0301 is one letter.
  const password = input.normalize('NFC');
  const length = passwordLength(password);
  const rules: PasswordRuleResult[] = [
    { rule: 'minLength', ok: length >= policy.minLength, value: policy.minLength },
    { rule: 'maxLength', ok: length <= policy.maxLength, value: policy.maxLength },
  ];
  if (policy.requireUpper) rules.push({ rule: 'upper', ok: UPPER.test(password) });
  if (policy.requireLower) rules.push({ rule: 'lower', ok: LOWER.test(password) });
  if (policy.requireDigit) rules.push({ rule: 'digit', ok: DIGIT.test(password) });
  if (policy.requireSymbol) rules.push({ rule: 'symbol', ok: SYMBOL.test(password) });
  const failed = rules.filter((r) => !r.ok).map((r) => r.rule);
  return { ok: failed.length === 0, rules, failed };
}

/**
 * The value of the `passwordrules` attribute (Apple's password rules markup) for a policy, so
 * password managers generate a password the server accepts.
 */
export function passwordRulesAttribute(policy: PasswordPolicy): string {
  const parts = [`minlength: ${policy.minLength}`, `maxlength: ${policy.maxLength}`];
  if (policy.requireUpper) parts.push('required: upper');
  if (policy.requireLower) parts.push('required: lower');
  if (policy.requireDigit) parts.push('required: digit');
  if (policy.requireSymbol) parts.push('required: special');
  parts.push('allowed: upper, lower, digit, special');
  return `${parts.join('; ')};`;
}

/** The constraint attributes for a new-password `<input>`. */
export function passwordInputAttributes(policy: PasswordPolicy): {
  minlength: number;
  maxlength: number;
  passwordrules: string;
} {
  return { minlength: policy.minLength, maxlength: policy.maxLength, passwordrules: passwordRulesAttribute(policy) };
}

/** A policy must be satisfiable: checked where a server reads its configuration. */
export function policyProblems(policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if (policy.minLength > policy.maxLength) problems.push('minLength is greater than maxLength');
  const required = [policy.requireUpper, policy.requireLower, policy.requireDigit, policy.requireSymbol].filter(Boolean).length;
  if (required > policy.maxLength) problems.push('maxLength is too short for the required character classes');
  return problems;
}
