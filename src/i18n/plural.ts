/** A count's words in each plural category of a language (CLDR, as `Intl.PluralRules` names them); `other` is required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * The form for a count, chosen by `Intl.PluralRules`: `plural('pl', { one: 'znak', few: 'znaki',
 * many: 'znaków', other: 'znaku' })(22)` is `znaki`. The rules object is made on first use.
 */
export function plural(lang: string, forms: PluralForms): (n: number) => string {
  let rules: Intl.PluralRules | undefined;
  return (n) => forms[(rules ??= new Intl.PluralRules(lang)).select(n)] ?? forms.other;
}
