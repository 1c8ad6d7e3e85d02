/**
 * The public `--snr-*` custom properties, documented once. The Custom Elements Manifest lists them
 * on each element that reads them (a plugin in custom-elements-manifest.config.mjs), and the
 * README's table comes from the manifest (`npm run docs`); no element's JSDoc repeats them.
 *
 * Build-time only: no element imports this file, so the words stay out of the bundle. The values
 * live in the styles (tokens.ts, form.styles.ts, snr-facebook-button.styles.ts);
 * test/package/generated.test.ts checks that the styles read exactly the properties named here.
 */
export const CSS_PROPERTIES = {
  '--snr-color-scheme': '`light dark` (default: follow the system), `light` or `dark`.',
  '--snr-font-family': "Font of every text (default: the page's font; a system font stack when the page sets none).",
  '--snr-font-size': 'Base font size (default `1rem`).',
  '--snr-color-background': 'Background of the element.',
  '--snr-color-text': 'Main text colour.',
  '--snr-color-text-muted': 'Hints and secondary text.',
  '--snr-color-border': 'Borders of inputs (keep 3:1 against the background).',
  '--snr-color-input-background': 'Background of inputs.',
  '--snr-color-primary': 'Main buttons and links.',
  '--snr-color-on-primary': 'Text on the main buttons.',
  '--snr-color-focus': 'Focus ring.',
  '--snr-color-danger': 'Error text and borders.',
  '--snr-color-danger-background': 'Background of error messages.',
  '--snr-color-success': 'Success text.',
  '--snr-color-success-background': 'Background of success messages.',
  '--snr-radius': "Corner radius of inputs and buttons (the element's own is twice it).",
  '--snr-spacing': 'Base spacing unit (default `1rem`).',
  '--snr-padding': 'Padding of the element (default `1.5rem`).',
  '--snr-max-width': 'Largest width of the element (default `28rem`).',
  '--snr-focus-ring-width': 'Width of the focus ring (default `3px`).',
} as const;

export type CssPropertyName = keyof typeof CSS_PROPERTIES;

/** What one element reads: `true` for the shared words above, or its own where its use differs. */
export type ElementCssProperties = Partial<Record<CssPropertyName, true | string>>;

const EVERY: ElementCssProperties = Object.fromEntries(Object.keys(CSS_PROPERTIES).map((name) => [name, true]));

/** Which element reads which properties (`<snr-session>` renders nothing and reads none). */
export const CSS_PROPERTIES_BY_TAG: Record<string, ElementCssProperties> = {
  'snr-signin': EVERY,
  'snr-register': EVERY,
  'snr-account': EVERY,
  'snr-change-password': EVERY,
  'snr-landing': EVERY,
  'snr-auth': EVERY,
  'snr-facebook-button': {
    '--snr-font-family': 'Font of the label (default: Helvetica, Arial, system font).',
    '--snr-font-size': true,
    '--snr-radius': 'Corner radius of the buttons.',
    '--snr-spacing': 'Base spacing unit of the agreements step (default `1rem`).',
    '--snr-color-focus': 'Focus ring (default: Facebook blue, visible on light and dark pages).',
    '--snr-focus-ring-width': true,
    '--snr-color-primary': '"Create my account" and the checkboxes.',
    '--snr-color-on-primary': 'Text on "Create my account".',
    '--snr-color-text': 'Text of the agreements step.',
    '--snr-color-text-muted': 'The "(optional)" note.',
    '--snr-color-danger': "An error message's text.",
    '--snr-color-success': "A success message's text.",
    '--snr-color-background': 'Background of the message and the agreements step.',
    '--snr-color-scheme': '`light dark` (default: follow the system), `light` or `dark`: colours of the focus ring, message and step.',
  },
  'snr-provider-button': {
    '--snr-font-size': true,
    '--snr-radius': 'Corner radius of the buttons.',
    '--snr-spacing': 'Base spacing unit of the agreements step (default `1rem`).',
    '--snr-color-focus': "Focus ring (default: the provider's blue, visible on light and dark pages).",
    '--snr-focus-ring-width': true,
    '--snr-color-primary': '"Create my account" and the checkboxes.',
    '--snr-color-on-primary': 'Text on "Create my account".',
    '--snr-color-text': 'Text of the agreements step.',
    '--snr-color-text-muted': 'The "(optional)" note.',
    '--snr-color-danger': "An error message's text.",
    '--snr-color-success': "A success message's text.",
    '--snr-color-background': 'Background of the message and the agreements step.',
    '--snr-color-scheme': "`light dark` (default: follow the system), `light` or `dark`: the provider's light or dark button style, the message and step.",
  },
};

/** The manifest's `cssProperties` of one element, in the order declared. */
export function cssPropertiesOf(tagName: string): { name: CssPropertyName; description: string }[] {
  const read = CSS_PROPERTIES_BY_TAG[tagName] ?? {};
  return (Object.entries(read) as [CssPropertyName, true | string][]).map(([name, words]) => ({
    name,
    description: words === true ? CSS_PROPERTIES[name] : words,
  }));
}
