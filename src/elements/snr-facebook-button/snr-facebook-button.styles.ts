import { css, TOKENS } from '../shared/tokens.js';

/**
 * Facebook's brand rules: the white "f" logo on Facebook blue, the label beside it, no other
 * colours. #0866FF is Meta's current Facebook blue; white on it is 4.8:1 (the older #1877F2 is
 * 4.2:1, under WCAG AA for text this size). The new-customer step is the kit's own, in its colours.
 */
/**
 * The provider buttons' own step, shared by `<snr-facebook-button>` and `<snr-provider-button>`: the
 * message under the button and the new-customer agreements step with its confirm / cancel buttons.
 */
export const PROVIDER_STEP_CSS = `
[part~=message] {
  margin: 0.375rem 0 0; padding: 0.25rem 0.5rem; border-radius: var(--_snr-radius);
  background: var(--_snr-bg); color: var(--_snr-danger); font-size: 0.875em; font-weight: 600;
}
[part~=message][data-tone=success] { color: var(--_snr-success); }
[part~=message]:empty { margin: 0; padding: 0; }

[part~=agreements] {
  display: grid; gap: calc(var(--_snr-space) * 0.75); margin: 0; padding: var(--_snr-space);
  background: var(--_snr-bg); color: var(--_snr-text);
  border: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent); border-radius: calc(var(--_snr-radius) * 2);
}
[part~=heading] { font-size: 1.125em; font-weight: 650; line-height: 1.25; }
[part~=heading]:focus { outline: none; }
[part~=intro] { margin: 0; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; display: grid; gap: 0.375rem; }
legend { padding: 0; margin-block-end: 0.25rem; font-weight: 600; }
[part~=optional] { font-weight: 400; color: var(--_snr-muted); }
[part~=checkbox] { display: flex; gap: 0.625rem; align-items: center; min-height: 1.75rem; cursor: pointer; }
[part~=checkbox] input { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: var(--_snr-primary); flex: none; }
[part~=actions] { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: center; }
[part~=confirm], [part~=cancel] {
  position: relative;
  font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1.25rem; margin: 0;
  border: 2px solid var(--_snr-primary); border-radius: var(--_snr-radius); cursor: pointer;
}
[part~=confirm] { background: var(--_snr-primary); color: var(--_snr-on-primary); }
[part~=confirm][aria-disabled=true] { cursor: progress; }
[part~=cancel] { background: transparent; color: var(--_snr-primary); }

[part~=step] {
  display: grid; gap: calc(var(--_snr-space) * 0.75); margin: 0; padding: var(--_snr-space);
  background: var(--_snr-bg); color: var(--_snr-text);
  border: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent); border-radius: calc(var(--_snr-radius) * 2);
}
[part~=step] p { margin: 0; }
[part~=step] [part~=error] { color: var(--_snr-danger); font-size: 0.875em; font-weight: 600; }
[part~=step] [part~=summary][data-tone=error] { color: var(--_snr-danger); font-weight: 600; }
[part~=step] [part~=submit], [part~=step] [part~=back] {
  position: relative; font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1.25rem; margin: 0;
  border: 2px solid var(--_snr-primary); border-radius: var(--_snr-radius); cursor: pointer;
}
[part~=step] [part~=submit] { background: var(--_snr-primary); color: var(--_snr-on-primary); }
[part~=step] [part~=back] { background: transparent; color: var(--_snr-primary); }
[part~=terms-link] { color: var(--_snr-primary); }
.snr-sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

export const facebookButtonStyles = css(`
:host {
  ${TOKENS}
  display: inline-block;
  --_snr-facebook-blue: #0866ff;
  --_snr-facebook-blue-hover: #0756d6;
  color: var(--_snr-text);
  line-height: 1.5;
}
:host(:state(dark)) { color-scheme: dark; }
:host(:state(light)) { color-scheme: light; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[part~=button] {
  position: relative;
  font: 600 1em/1.25 var(--snr-font-family, Helvetica, Arial, system-ui, sans-serif);
  display: inline-flex; align-items: center; justify-content: center; gap: 0.625rem;
  width: 100%; min-height: 2.75rem; margin: 0; padding-block: 0.5rem; padding-inline: 0.875rem 1.25rem;
  border: 0; border-radius: var(--_snr-radius);
  background: var(--_snr-facebook-blue); color: #ffffff; cursor: pointer;
}
[part~=button]:hover { background: var(--_snr-facebook-blue-hover); }
[part~=button][aria-disabled=true] { cursor: progress; }
/* Facebook blue for the ring: 3:1 or more against white and against the dark background alike. */
button:focus-visible, input:focus-visible { outline: var(--_snr-ring) solid var(--snr-color-focus, var(--_snr-facebook-blue)); outline-offset: 2px; }
[part~=icon] { width: 1.5rem; height: 1.5rem; flex: none; }
/* Busy: the spinner sits over the label, which keeps its place (and so the button its size). */
[data-busy] { visibility: hidden; position: relative; }
[part~=spinner] {
  visibility: visible;
  position: absolute; inset: 0; margin: auto; width: 1.125em; height: 1.125em;
  border: 0.15em solid currentColor; border-inline-end-color: transparent; border-radius: 50%;
  animation: snr-auth-spin 0.8s linear infinite;
}
@media (prefers-reduced-motion: reduce) { [part~=spinner] { animation-duration: 2.4s; } }
@keyframes snr-auth-spin { to { transform: rotate(1turn); } }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }

/* The button sits on the page's background; the message brings its own, so it reads in either scheme. */
${PROVIDER_STEP_CSS}[part~=confirm]:focus-visible, [part~=cancel]:focus-visible, input:focus-visible { outline-color: var(--_snr-focus); }
`);
