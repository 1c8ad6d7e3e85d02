import { css, SYSTEM_FONT, TOKENS } from './tokens.js';

/** The elements that render their forms in light DOM (STYLE.md §6). */
export const HOSTS = ['snr-signin', 'snr-register', 'snr-change-password', 'snr-account', 'snr-landing', 'snr-auth'];

/**
 * Styles of the light-DOM elements, adopted once into the document (or the shadow root they sit
 * in). Every selector is wrapped in `:where()`: zero specificity, so any rule of the site wins. The
 * inner rules are nested in the hosts' rule (a nested `:where(x)` is `:where(<hosts>) :where(x)`).
 * Inner pieces are found by their `part` attribute, the same names `::part()` uses elsewhere.
 */
export const formStyles = css(`
:where(${HOSTS.join(', ')}) {
  ${TOKENS}
  display: block;
  box-sizing: border-box;
  max-width: var(--snr-max-width, 28rem);
  padding: var(--snr-padding, 1.5rem);
  background: var(--_snr-bg);
  color: var(--_snr-text);
  border: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent);
  border-radius: calc(var(--_snr-radius) * 2);
  line-height: 1.5;

  /* The page sets no font (the browser's default serif is what it would inherit): the kit's stack. */
  &:where(:state(system-font)) { font-family: var(--snr-font-family, ${SYSTEM_FONT}); }
  &:where(:state(dark)) { color-scheme: dark; }
  &:where(:state(light)) { color-scheme: light; }
  :where(*, *::before, *::after) { box-sizing: border-box; }
  :where([hidden]) { display: none !important; }
  :where(p) { margin: 0; }

  :where([part~=heading]) { margin: 0 0 var(--_snr-space); font-size: 1.375em; line-height: 1.25; font-weight: 650; }
  :where([part~=heading]:focus) { outline: none; }
  :where([part~=intro]) { color: var(--_snr-muted); }
  :where(form, [part~=panel]) { display: grid; gap: var(--_snr-space); margin: 0; }

  :where([part~=field]) { display: grid; gap: var(--_snr-space-2); }
  :where([part~=label], legend) { font-weight: 600; }
  :where([part~=optional]) { font-weight: 400; color: var(--_snr-muted); }
  :where([part~=input]) {
    font: inherit; color: var(--_snr-text); background: var(--_snr-input-bg);
    border: 1px solid var(--_snr-border); border-radius: var(--_snr-radius);
    min-height: 2.75rem; padding: 0.5rem 0.75rem; width: 100%; margin: 0;
  }
  :where([part~=input][aria-invalid=true]) { border-color: var(--_snr-danger); box-shadow: inset 0 0 0 1px var(--_snr-danger); }
  :where([part~=input][readonly]) { background: transparent; border-style: dashed; }
  :where(:is(input, select, button, a, [tabindex]):focus-visible) { outline: var(--_snr-ring) solid var(--_snr-focus); outline-offset: 2px; }
  :where([part~=hint]) { color: var(--_snr-muted); font-size: 0.875em; }
  :where([part~=error]) { color: var(--_snr-danger); font-size: 0.875em; font-weight: 600; }

  /* The password's rules: body size (their list's own rules come with it, password.ts). */
  :where([part~=password-rules]) { font-size: 1em; color: var(--_snr-text); }

  /* The password visibility toggle sits inside the field, at its end. */
  :where([part~=input-wrap]) { position: relative; display: grid; }
  :where([part~=input-wrap] > [part~=input]) { padding-inline-end: 3rem; }
  :where([part~=reveal]) {
    position: absolute; inset-block: 0; inset-inline-end: 0; width: 2.75rem; margin: 0; padding: 0;
    display: grid; place-items: center; background: none; border: 0; border-radius: var(--_snr-radius);
    color: var(--_snr-muted); cursor: pointer;
  }
  :where([part~=reveal][aria-pressed=true]) { color: var(--_snr-primary); }
  :where([part~=reveal]:hover) { color: var(--_snr-text); }
  :where([part~=reveal-icon]) { width: 1.25rem; height: 1.25rem; }
  :where([part~=reveal]:focus-visible) { outline-offset: -4px; }
  @media (forced-colors: active) {
    :where([part~=reveal]) { color: ButtonText; }
    :where([part~=reveal][aria-pressed=true]) { color: Highlight; }
    :where([part~=summary][data-tone]) { border: 1px solid CanvasText; border-inline-start-width: 4px; }
    & { border-color: CanvasText; }
  }
  :where([part~=error-actions]) { margin-block-start: calc(var(--_snr-space-2) * -1); }

  :where(fieldset) { border: 0; padding: 0; margin: 0; display: grid; gap: 0.5rem; min-width: 0; }
  :where(legend) { padding: 0; margin-block-end: 0.25rem; }
  :where([part~=checkbox]) { display: flex; gap: 0.625rem; align-items: center; min-height: 1.75rem; cursor: pointer; }
  :where([part~=checkbox] input) { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: var(--_snr-primary); flex: none; }

  :where([part~=summary][data-tone]) { padding: var(--_snr-space-3) var(--_snr-space-4); border-radius: var(--_snr-radius); border-inline-start: 4px solid; }
  :where([part~=summary][data-tone=error]) { background: var(--_snr-danger-bg); border-color: var(--_snr-danger); }
  :where([part~=summary][data-tone=success]) { background: var(--_snr-success-bg); border-color: var(--_snr-success); }
  :where([part~=summary][data-tone=info]) { border-color: var(--_snr-border); color: var(--_snr-muted); }
  :where([part~=summary]:focus) { outline: none; }
  :where([part~=summary][data-stale]) { opacity: 0.6; }

  :where([part~=actions]) { display: flex; flex-wrap: wrap; gap: var(--_snr-space-3) var(--_snr-space-4); align-items: center; }
  /* Busy: the spinner sits over the label, which keeps its place (and so the button its size). */
  :where([part~=button]) {
    font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1.25rem; margin: 0;
    border: 2px solid var(--_snr-primary); border-radius: var(--_snr-radius);
    background: var(--_snr-primary); color: var(--_snr-on-primary); cursor: pointer;
    display: inline-flex; align-items: center; justify-content: center; gap: 0.5rem; position: relative;
  }
  :where([part~=button][part~=secondary]) { background: transparent; color: var(--_snr-primary); }
  :where([part~=button][aria-disabled=true]) { cursor: progress; }
  :where([part~=button-label][data-busy]) { visibility: hidden; }
  :where([part~=button] > [part~=spinner]) { position: absolute; inset: 0; margin: auto; }
  :where([part~=link]) {
    font: inherit; background: none; border: 0; padding: 0.125rem 0; margin: 0; min-height: 1.5rem;
    color: var(--_snr-primary); text-decoration: underline; text-underline-offset: 0.2em; cursor: pointer;
  }
  :where([part~=spinner]) {
    width: 1em; height: 1em; border: 0.15em solid currentColor; border-inline-end-color: transparent;
    border-radius: 50%; animation: snr-auth-spin 0.8s linear infinite; flex: none;
  }
  @media (prefers-reduced-motion: reduce) { :where([part~=spinner]) { animation-duration: 2.4s; } }

  :where(.snr-sr-only) {
    position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0;
  }
}
@keyframes snr-auth-spin { to { transform: rotate(1turn); } }
`);
