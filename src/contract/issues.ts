import type { $ZodIssue } from 'zod/v4/core';
import type { FieldError } from './errors.js';

/** `a.b[2].c` from a zod path, the form the error body's `field` uses. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

const SECRET_FIELD = /password|token|secret/i;

/** zod issues as the error body's `errors`; a rejected value is echoed only when short and not a secret. */
export function issuesToFieldErrors(issues: readonly $ZodIssue[]): FieldError[] {
  return issues.map((issue) => {
    const field = fieldPath(issue.path) || '(body)';
    const error: FieldError = { field, code: issue.code, message: issue.message };
    const input = (issue as { input?: unknown }).input;
    const echoable = typeof input === 'number' || typeof input === 'boolean' || (typeof input === 'string' && input.length <= 200);
    if (echoable && !SECRET_FIELD.test(field)) error.rejectedValue = input;
    return error;
  });
}
