import { checkPassword, type FieldError, type PasswordRule } from 'snr-auth/contract';
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

/**
 * Checks a new password and hashes it: the server's policy (every failed rule listed), then the
 * breach list (`SNR_BREACHED_PASSWORDS_URL`; 400 `PASSWORD_BREACHED` when the password is known
 * from a breach, let through when the list does not answer in time). Every path that sets a
 * password (registration, change, reset) comes here before it writes anything.
 */
export async function acceptNewPassword(ctx: Pick<ServerContext, 'config' | 'breachedPasswords'>, password: string, field = 'password'): Promise<string> {
  const result = checkPassword(password, ctx.config.passwordPolicy);
  if (!result.ok) {
    const errors: FieldError[] = result.rules.filter((r) => !r.ok).map((r) => ({ field, code: r.rule, message: RULE_TEXT[r.rule](r.value) }));
    throw badRequest('PASSWORD_POLICY', `The password does not meet the policy: ${errors.map((e) => e.message.toLowerCase()).join(', ')}`, errors);
  }
  if ((await ctx.breachedPasswords.check(password)) === 'breached') {
    const message = 'This password has appeared in a data breach and is not safe to use: choose another one';
    throw badRequest('PASSWORD_BREACHED', message, [{ field, code: 'breached', message }]);
  }
  return hashPassword(password, ctx.config.pbkdf2Iterations);
}
