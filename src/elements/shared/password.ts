import { html, svg, type TemplateResult } from 'lit';
import { checkPassword, type PasswordPolicy, passwordInputAttributes } from '../../contract/password-policy.js';
import type { Translation } from '../../i18n/index.js';
import type { ConfigController } from './config-controller.js';
import type { Message } from './errors.js';
import { HOSTS } from './form.styles.js';
import type { FieldName, FormController, FormValues } from './form-controller.js';
import { css } from './tokens.js';

/**
 * The rule list's styles (only forms that set a password show one), adopted beside the shared
 * form styles when a form takes a new-password block; nothing in form.styles.ts styles these parts.
 */
const rulesStyles = css(`
:where(${HOSTS.join(', ')}) {
  :where([part~=rules]) { list-style: none; padding: 0; margin: var(--_snr-space-1) 0 0; display: grid; gap: var(--_snr-space-1); }
  :where([part~=rule]) { color: var(--_snr-muted); display: flex; gap: 0.5rem; align-items: center; }
  :where([part~=rule][data-ok]) { color: var(--_snr-success); }
  :where([part~=rule-icon]) { width: 1em; height: 1em; flex: none; }
  @media (forced-colors: active) { :where([part~=rule][data-ok]) { color: CanvasText; } }
}
`);

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

/** What a form with a new-password block sends: its own fields, the password (named by the form) and `confirmPassword`. */
export type NewPasswordValues = FormValues & { readonly confirmPassword: string };

export interface NewPasswordOptions<V extends NewPasswordValues> {
  /** The form the block belongs to. */
  form: FormController<V>;
  /** Where the published policy comes from. */
  config: ConfigController;
  /** The new password's field (its confirmation is `confirmPassword`). */
  name: FieldName<V>;
  label: (t: Translation) => string;
}

/**
 * The new-password block every form that sets a password shares (registration, change, reset):
 * the password with the policy's rules ticked off live, its `minlength` and `passwordrules`, the
 * confirmation, the "show password" switch, and the check of both.
 */
export class NewPasswordFields<V extends NewPasswordValues> {
  private readonly options: NewPasswordOptions<V>;

  constructor(options: NewPasswordOptions<V>) {
    this.options = options;
    options.form.adopt(rulesStyles);
  }

  /**
   * The password (with its visibility toggle inside) and its confirmation. No `maxlength`: the browser would cut a
   * longer pasted or generated password silently, and the customer would save one the server never saw.
   */
  render(t: Translation): TemplateResult[] {
    const { form, name, config, label } = this.options;
    const policy = config.policy;
    const { minlength, passwordrules } = passwordInputAttributes(policy);
    const rulesId = `${form.id}-rules`;
    return [
      form.field({
        name,
        type: 'password',
        label: label(t),
        autocomplete: 'new-password',
        required: true,
        minlength,
        passwordrules,
        describedBy: rulesId,
        after: passwordRules(rulesId, form.value(name), policy, t),
      }),
      form.field({ name: 'confirmPassword' as FieldName<V>, type: 'password', label: t.confirmPassword, autocomplete: 'new-password', required: true }),
    ];
  }

  /**
   * The password against the policy, and its confirmation against the password; `undefined` for
   * the form's other fields (the form checks those itself).
   */
  check(name: string, value: string, form: HTMLFormElement): Message | null | undefined {
    const own = this.options.name;
    if (name === own) {
      // The first rule not met, worded as the list words it ("Your password needs at least 12 characters.").
      const unmet = checkPassword(value, this.options.config.policy).rules.find((r) => !r.ok);
      return unmet ? (t) => t.passwordNeeds(t.rules[unmet.rule](unmet.value ?? 0)) : null;
    }
    if (name === 'confirmPassword') return value === (form.elements.namedItem(own) as HTMLInputElement).value ? null : (t) => t.passwordMismatch;
    return undefined;
  }
}
