import { checkPassword, type FieldError, type PasswordRule } from '../contract/index.js';
import type { ServerContext } from './context.js';
import { hashPassword } from './crypto/password.js';
import { badRequest } from './errors.js';

const RULE_TEXT: Record<PasswordRule, (n?: number) => string> = {
  minLength: (n) => `At least ${n} characters`,
  maxLength: (n) => `At most ${n} characters`,
  upper: () => 'An uppercase letter',
  lower: () => 'A lowercase letter',
  digit: () => 'A digit',
  symbol: () => 'A character that is not a letter or a digit',
};

/** Checks the server's policy (every failed rule listed) and hashes a new password. */
export async function acceptNewPassword(ctx: Pick<ServerContext, 'config'>, password: string, field = 'password'): Promise<string> {
  const result = checkPassword(password, ctx.config.passwordPolicy);
  if (!result.ok) {
    const errors: FieldError[] = result.rules.filter((r) => !r.ok).map((r) => ({ field, code: r.rule, message: RULE_TEXT[r.rule](r.value) }));
    throw badRequest('PASSWORD_POLICY', `The password does not meet the policy: ${errors.map((e) => e.message.toLowerCase()).join(', ')}`, errors);
  }
  return hashPassword(password, ctx.config.pbkdf2Iterations);
}
