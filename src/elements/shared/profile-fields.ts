import { html, nothing, type TemplateResult } from 'lit';
import { maxLength, parse } from '../../contract/compact.js';
import { FIELDS } from '../../contract/compiled.js';
import { AGREEMENT_NAMES, type AgreementName, COUNTRY_CODE_LENGTH, SEX_VALUES } from '../../contract/values.js';
import type { ProfileFieldName, Translation } from '../../i18n/index.js';
import type { Message } from './errors.js';
import type { FieldName, FieldOptions, FormController, FormValues, SelectOptions } from './form-controller.js';

/** The profile fields a form may send (each only when the form shows it). */
export type ProfileValues = { [K in ProfileFieldName]?: string };

interface ProfileField {
  autocomplete: string;
  type?: FieldOptions['type'];
  inputmode?: string;
  /** The message when the contract refuses the value. */
  invalid?: Message;
}

/** How each profile field of the contract is asked for: autofill token, input type. */
export const PROFILE_FIELDS: Record<ProfileFieldName, ProfileField> = {
  firstName: { autocomplete: 'given-name' },
  lastName: { autocomplete: 'family-name' },
  displayName: { autocomplete: 'nickname' },
  phone: { autocomplete: 'tel', type: 'tel' },
  customId: { autocomplete: 'off' },
  sex: { autocomplete: 'sex' },
  birthDate: { autocomplete: 'bday', type: 'date', invalid: (t) => t.dateInvalid },
  company: { autocomplete: 'organization' },
  address: { autocomplete: 'address-line1' },
  city: { autocomplete: 'address-level2' },
  province: { autocomplete: 'address-level1' },
  zipCode: { autocomplete: 'postal-code' },
  countryCode: { autocomplete: 'country', invalid: (t) => t.countryCodeInvalid },
  avatarUrl: { autocomplete: 'photo', type: 'url', inputmode: 'url', invalid: (t) => t.urlInvalid },
};

/**
 * An input's `maxlength`: the contract's limit for the field (a country code's fixed length).
 * None for a URL: one is pasted whole, and a cut one would be saved broken; the contract's
 * check reports a long one instead.
 */
function inputLimit(name: ProfileFieldName): number | undefined {
  if (name === 'countryCode') return COUNTRY_CODE_LENGTH;
  return PROFILE_FIELDS[name].type === 'url' ? undefined : maxLength(FIELDS[name]!);
}

const isProfileField = (name: string): name is ProfileFieldName => Object.hasOwn(PROFILE_FIELDS, name);
const isAgreement = (name: string): name is AgreementName => (AGREEMENT_NAMES as readonly string[]).includes(name);

/** A list attribute (`"phone customId"`, commas allowed) as known field names, in order, once each. */
export function parseFields(value: string | null | undefined): ProfileFieldName[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter(isProfileField))];
}

export function parseAgreements(value: string | null | undefined): AgreementName[] {
  return [...new Set((value ?? '').split(/[\s,]+/).filter(isAgreement))];
}

/** The value as the contract wants it (country codes in capitals). */
export function normalize(name: ProfileFieldName, value: string): string {
  return name === 'countryCode' ? value.trim().toUpperCase() : value.trim();
}

/** Checks a profile field with the contract's own schema (compiled); a message, or null. */
export function checkProfileField(name: string, value: string): Message | null {
  if (!isProfileField(name) || value.trim() === '') return null;
  const result = parse(FIELDS[name]!, normalize(name, value));
  return result.success ? null : (PROFILE_FIELDS[name].invalid ?? ((t: Translation) => t.valueInvalid));
}

export { isProfileField };

/** A `<select>` field of a form: label, options, error, as `FormController.field` frames an input. */
export function select<V extends FormValues>(form: FormController<V>, t: Translation, o: SelectOptions<FieldName<V>>): TemplateResult {
  const { control, error: errorId } = form.ids(o.name);
  const error = form.error(o.name);
  return html`<div part="field" data-field=${o.name}>
    ${form.label(o)}
    <select
      part="input select"
      id=${control}
      name=${o.name}
      autocomplete=${o.autocomplete}
      ?required=${o.required ?? false}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${error ? errorId : nothing}
      @change=${form.onChange}
    >
      ${o.options.map((opt) => html`<option value=${opt.value} ?selected=${opt.value === (o.value ?? '')}>${opt.label}</option>`)}
    </select>
    <div part="error" id=${errorId} ?hidden=${!error}>${error ? error(t) : nothing}</div>
  </div>`;
}

/** One profile field of a form: a select for `sex`, an input for the others. */
export function profileField<V extends FormValues & ProfileValues>(
  form: FormController<V>,
  t: Translation,
  name: ProfileFieldName & FieldName<V>,
  value: string,
  required: boolean,
): TemplateResult {
  const field = PROFILE_FIELDS[name];
  const maxlength = inputLimit(name);
  if (name === 'sex') {
    return select(form, t, {
      name,
      label: t.fields.sex,
      autocomplete: field.autocomplete,
      value,
      required,
      options: [{ value: '', label: t.sexOptions.choose }, ...SEX_VALUES.map((v) => ({ value: v, label: t.sexOptions[v] }))],
    });
  }
  return form.field({
    name,
    label: t.fields[name],
    autocomplete: field.autocomplete,
    value,
    required,
    ...(field.type ? { type: field.type } : {}),
    ...(field.inputmode ? { inputmode: field.inputmode } : {}),
    ...(maxlength ? { maxlength } : {}),
  });
}
