import { html, svg, type TemplateResult } from 'lit';
import { checkPassword, passwordInputAttributes, type PasswordPolicy } from '../../contract/password-policy.js';
import type { Translation } from '../../i18n/index.js';
import type { Message } from './errors.js';

const done = svg`<path d="M3.5 8.5l3 3 6-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>`;
const todo = svg`<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.5"/>`;

/**
 * The policy checked live, rule by rule, as the customer types: the list a new-password input
 * points at with `aria-describedby`. The maximum length is listed only once it is broken.
 */
export function passwordRules(id: string, password: string, policy: PasswordPolicy, t: Translation): TemplateResult {
  const check = checkPassword(password, policy);
  return html`<div part="hint password-rules" id=${id}>
    <span>${t.passwordHint}</span>
    <ul part="rules">
      ${check.rules
        .filter((r) => r.rule !== 'maxLength' || !r.ok)
        .map(
          (r) =>
            html`<li part="rule" ?data-ok=${r.ok}>
              <svg part="rule-icon" viewBox="0 0 16 16" aria-hidden="true">${r.ok ? done : todo}</svg>
              <span part="rule-text">${t.rules[r.rule](r.value ?? 0)}</span><span class="snr-sr-only">, ${r.ok ? t.ruleMet : t.ruleNotMet}</span>
            </li>`,
        )}
    </ul>
  </div>`;
}

/**
 * `minlength` and `passwordrules` from the policy. No `maxlength`: the browser would cut a longer
 * pasted or generated password silently, and the customer would save one the server never saw.
 */
export function newPasswordAttributes(policy: PasswordPolicy): { minlength: number; passwordrules: string } {
  const { minlength, passwordrules } = passwordInputAttributes(policy);
  return { minlength, passwordrules };
}

/**
 * The field check every new-password form shares: the password against the policy, and its
 * confirmation against the password. `null` for other fields (the form checks those itself).
 */
export function checkNewPasswordField(name: string, value: string, form: HTMLFormElement, policy: PasswordPolicy, passwordField: string): Message | null | undefined {
  if (name === passwordField) return checkPassword(value, policy).ok ? null : (t) => t.passwordWeak;
  if (name === 'confirmPassword') return value === (form.elements.namedItem(passwordField) as HTMLInputElement).value ? null : (t) => t.passwordMismatch;
  return undefined;
}

export { checkPassword };
