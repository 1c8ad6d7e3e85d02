import { type CSSResult, unsafeCSS } from 'lit';

/**
 * The design tokens: every public `--snr-*` custom property with its light and dark default,
 * read into private `--_snr-*` names on each element's host. Colours use `light-dark()`, so the
 * host's `color-scheme` picks the set: the system's by default, or the one `theme` forces.
 * The pairs were checked for WCAG 2.2 AA: text 4.5:1 or more, borders and focus ring 3:1 or more.
 * What each property means is written once, in css-properties.ts. Spacing is one scale,
 * `--_snr-space-1` … `-6` (¼, ½, ¾, 1, 1½, 2 × `--snr-spacing`), used between and inside elements.
 */

/** The kit's own font stack, used when the page sets no font of its own (see ThemeController). */
export const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const TOKENS = `
  --_snr-bg: var(--snr-color-background, light-dark(#ffffff, #16191d));
  --_snr-text: var(--snr-color-text, light-dark(#1f2328, #e6edf3));
  --_snr-muted: var(--snr-color-text-muted, light-dark(#59636e, #9ba6b2));
  --_snr-border: var(--snr-color-border, light-dark(#6e7781, #7d8794));
  --_snr-input-bg: var(--snr-color-input-background, light-dark(#ffffff, #0d1014));
  --_snr-primary: var(--snr-color-primary, light-dark(#0b5cd5, #5aa2ff));
  --_snr-on-primary: var(--snr-color-on-primary, light-dark(#ffffff, #0b0f14));
  --_snr-focus: var(--snr-color-focus, light-dark(#0b5cd5, #79b8ff));
  --_snr-danger: var(--snr-color-danger, light-dark(#b3202c, #ff9492));
  --_snr-danger-bg: var(--snr-color-danger-background, light-dark(#fff1f0, #3b1a1c));
  --_snr-success: var(--snr-color-success, light-dark(#1a7f37, #62d384));
  --_snr-success-bg: var(--snr-color-success-background, light-dark(#effaf1, #12301c));
  --_snr-radius: var(--snr-radius, 0.375rem);
  --_snr-space: var(--snr-spacing, 1rem);
  --_snr-space-1: calc(var(--_snr-space) * 0.25);
  --_snr-space-2: calc(var(--_snr-space) * 0.5);
  --_snr-space-3: calc(var(--_snr-space) * 0.75);
  --_snr-space-4: var(--_snr-space);
  --_snr-space-5: calc(var(--_snr-space) * 1.5);
  --_snr-space-6: calc(var(--_snr-space) * 2);
  --_snr-ring: var(--snr-focus-ring-width, 3px);
  color-scheme: var(--snr-color-scheme, light dark);
  font-family: var(--snr-font-family, inherit);
  font-size: var(--snr-font-size, 1rem);
`;

export const css = (text: string): CSSResult => unsafeCSS(text);
