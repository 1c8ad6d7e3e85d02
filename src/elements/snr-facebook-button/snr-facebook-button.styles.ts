import { css, TOKENS } from '../shared/tokens.js';

/**
 * Facebook's brand rules: the white "f" logo on Facebook blue, the label beside it, no other
 * colours. #0866FF is Meta's current Facebook blue; white on it is 4.8:1 (the older #1877F2 is
 * 4.2:1, under WCAG AA for text this size).
 */
export const facebookButtonStyles = css(`
:host {
  ${TOKENS}
  display: inline-block;
  --_snr-facebook-blue: #0866ff;
  --_snr-facebook-blue-hover: #0756d6;
}
:host(:state(dark)) { color-scheme: dark; }
:host(:state(light)) { color-scheme: light; }
:host([hidden]) { display: none; }
button {
  font: 600 1em/1.25 var(--snr-font-family, Helvetica, Arial, system-ui, sans-serif);
  display: inline-flex; align-items: center; justify-content: center; gap: 0.625rem;
  width: 100%; min-height: 2.75rem; margin: 0; padding: 0.5rem 1.25rem 0.5rem 0.875rem;
  border: 0; border-radius: var(--_snr-radius);
  background: var(--_snr-facebook-blue); color: #ffffff; cursor: pointer;
}
button:hover { background: var(--_snr-facebook-blue-hover); }
/* Facebook blue for the ring: 3:1 or more against white and against the dark background alike. */
button:focus-visible { outline: var(--_snr-ring) solid var(--snr-color-focus, var(--_snr-facebook-blue)); outline-offset: 2px; }
[part~=icon] { width: 1.5rem; height: 1.5rem; flex: none; }
/* The button sits on the page's background; the message brings its own, so it reads in either scheme. */
[part~=message] {
  margin: 0.375rem 0 0; padding: 0.25rem 0.5rem; border-radius: var(--_snr-radius);
  background: var(--_snr-bg); color: var(--_snr-danger); font-size: 0.875em; font-weight: 600;
}
[part~=message]:empty { margin: 0; padding: 0; }
`);
