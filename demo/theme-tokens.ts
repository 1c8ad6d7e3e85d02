import type { CssPropertyName } from '../src/elements/shared/css-properties.js';
import { formStyles } from '../src/elements/shared/form.styles.js';
import { TOKENS } from '../src/elements/shared/tokens.js';
import type { DemoLang } from './i18n.js';

/** A public `--snr-*` colour with its light and dark defaults, read from the elements' own tokens. */
export interface ColourToken {
  kind: 'colour';
  name: string;
  light: string;
  dark: string;
}

/** A length (or other single value) with its default and the range a slider offers. */
export interface ValueToken {
  kind: 'length';
  name: string;
  default: string;
  unit: 'rem' | 'px';
  min: number;
  max: number;
  step: number;
}

export interface FontToken {
  kind: 'font';
  name: string;
  default: string;
}

export type Token = ColourToken | ValueToken | FontToken;

/** `--_snr-x: var(--snr-x, light-dark(#a, #b))` → the public name and both defaults. */
function parseColours(): ColourToken[] {
  const out: ColourToken[] = [];
  const re = /var\((--snr-color-[a-z-]+),\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)\)/gi;
  for (const m of TOKENS.matchAll(re)) out.push({ kind: 'colour', name: m[1]!, light: m[2]!.toLowerCase(), dark: m[3]!.toLowerCase() });
  return out;
}

/** The fallback the elements' styles give `name` (the shared tokens, then the form styles). */
function defaultOf(name: string, fallback: string): string {
  const m = new RegExp(`var\\(${name},\\s*([^)]+)\\)`).exec(TOKENS + formStyles.cssText);
  return m ? m[1]!.trim() : fallback;
}

export const COLOUR_TOKENS: readonly ColourToken[] = parseColours();

export const VALUE_TOKENS: readonly ValueToken[] = [
  { kind: 'length', name: '--snr-radius', default: defaultOf('--snr-radius', '0.375rem'), unit: 'rem', min: 0, max: 1.5, step: 0.125 },
  { kind: 'length', name: '--snr-spacing', default: defaultOf('--snr-spacing', '1rem'), unit: 'rem', min: 0.5, max: 2, step: 0.125 },
  { kind: 'length', name: '--snr-padding', default: defaultOf('--snr-padding', '1.5rem'), unit: 'rem', min: 0, max: 3, step: 0.25 },
  { kind: 'length', name: '--snr-max-width', default: defaultOf('--snr-max-width', '28rem'), unit: 'rem', min: 18, max: 40, step: 1 },
  { kind: 'length', name: '--snr-font-size', default: defaultOf('--snr-font-size', '1rem'), unit: 'rem', min: 0.75, max: 1.375, step: 0.0625 },
  { kind: 'length', name: '--snr-focus-ring-width', default: defaultOf('--snr-focus-ring-width', '3px'), unit: 'px', min: 1, max: 6, step: 1 },
];

export const FONT_TOKEN: FontToken = { kind: 'font', name: '--snr-font-family', default: 'inherit' };

export const FONT_CHOICES: readonly { value: string; label: Record<DemoLang, string> }[] = [
  { value: 'inherit', label: { en: 'The page’s font', pl: 'Krój strony' } },
  { value: 'ui-sans-serif, system-ui, sans-serif', label: { en: 'System sans-serif', pl: 'Systemowy bezszeryfowy' } },
  { value: "ui-serif, Georgia, 'Times New Roman', serif", label: { en: 'Serif', pl: 'Szeryfowy' } },
  { value: "ui-rounded, 'Nunito', 'Segoe UI', system-ui, sans-serif", label: { en: 'Rounded', pl: 'Zaokrąglony' } },
  { value: 'ui-monospace, Menlo, Consolas, monospace', label: { en: 'Monospace', pl: 'O stałej szerokości' } },
];

/**
 * What each token is for, in words a designer uses: every public property (a new one needs its label)
 * but the colour scheme, which the page offers as its Light / Dark / Both choice.
 */
export const TOKEN_LABELS: Record<string, Record<DemoLang, string>> = {
  '--snr-color-background': { en: 'Background', pl: 'Tło' },
  '--snr-color-text': { en: 'Text', pl: 'Tekst' },
  '--snr-color-text-muted': { en: 'Secondary text', pl: 'Tekst pomocniczy' },
  '--snr-color-border': { en: 'Input borders', pl: 'Obramowanie pól' },
  '--snr-color-input-background': { en: 'Input background', pl: 'Tło pól' },
  '--snr-color-primary': { en: 'Primary (buttons, links)', pl: 'Główny (przyciski, linki)' },
  '--snr-color-on-primary': { en: 'Text on primary', pl: 'Tekst na głównym' },
  '--snr-color-focus': { en: 'Focus ring', pl: 'Obwódka fokusu' },
  '--snr-color-danger': { en: 'Error', pl: 'Błąd' },
  '--snr-color-danger-background': { en: 'Error background', pl: 'Tło błędu' },
  '--snr-color-success': { en: 'Success', pl: 'Sukces' },
  '--snr-color-success-background': { en: 'Success background', pl: 'Tło sukcesu' },
  '--snr-radius': { en: 'Corner radius', pl: 'Zaokrąglenie rogów' },
  '--snr-spacing': { en: 'Spacing', pl: 'Odstępy' },
  '--snr-padding': { en: 'Padding', pl: 'Margines wewnętrzny' },
  '--snr-max-width': { en: 'Largest width', pl: 'Największa szerokość' },
  '--snr-font-size': { en: 'Font size', pl: 'Rozmiar pisma' },
  '--snr-focus-ring-width': { en: 'Focus ring width', pl: 'Grubość obwódki fokusu' },
  '--snr-font-family': { en: 'Font', pl: 'Krój pisma' },
} satisfies Record<Exclude<CssPropertyName, '--snr-color-scheme'>, Record<DemoLang, string>>;

/** The pairs that must stay readable, with the WCAG 2.2 AA minimum for each. */
export const CONTRAST_PAIRS: readonly { fg: string; bg: string; min: number; label: Record<DemoLang, string> }[] = [
  { fg: '--snr-color-text', bg: '--snr-color-background', min: 4.5, label: { en: 'Text', pl: 'Tekst' } },
  { fg: '--snr-color-text-muted', bg: '--snr-color-background', min: 4.5, label: { en: 'Secondary text', pl: 'Tekst pomocniczy' } },
  { fg: '--snr-color-text', bg: '--snr-color-input-background', min: 4.5, label: { en: 'Typed text', pl: 'Wpisany tekst' } },
  { fg: '--snr-color-primary', bg: '--snr-color-background', min: 4.5, label: { en: 'Links', pl: 'Linki' } },
  { fg: '--snr-color-on-primary', bg: '--snr-color-primary', min: 4.5, label: { en: 'Button text', pl: 'Tekst przycisku' } },
  { fg: '--snr-color-border', bg: '--snr-color-background', min: 3, label: { en: 'Input borders', pl: 'Obramowanie pól' } },
  { fg: '--snr-color-focus', bg: '--snr-color-background', min: 3, label: { en: 'Focus ring', pl: 'Obwódka fokusu' } },
  { fg: '--snr-color-danger', bg: '--snr-color-background', min: 4.5, label: { en: 'Field error', pl: 'Błąd pola' } },
  { fg: '--snr-color-text', bg: '--snr-color-danger-background', min: 4.5, label: { en: 'Error message', pl: 'Komunikat błędu' } },
  { fg: '--snr-color-success', bg: '--snr-color-background', min: 4.5, label: { en: 'Rule met', pl: 'Spełniona reguła' } },
  { fg: '--snr-color-text', bg: '--snr-color-success-background', min: 4.5, label: { en: 'Success message', pl: 'Komunikat sukcesu' } },
];

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
