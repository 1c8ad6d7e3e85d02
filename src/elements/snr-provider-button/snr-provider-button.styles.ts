import { css, TOKENS } from '../shared/tokens.js';

/**
 * Each provider's branding rules, in the light and dark schemes:
 * - Google: white button, 1px #747775 border, #1F1F1F label, the four-colour "G" (dark: #131314,
 *   #8E918F border, #E3E3E3 label), Roboto 500 where the page has it.
 * - Apple: black button, white Apple logo and label (dark: the white style, black on white),
 *   SF / system font, the logo at the label's cap height.
 * - Facebook: the white "f" on Meta's #0866FF (white on it is 4.8:1).
 * Buttons are 44 px high at least (touch targets); the new-customer step is the kit's own.
 */
export const providerButtonStyles = css(`
:host {
  ${TOKENS}
  display: inline-block;
  color: var(--_snr-text);
  line-height: 1.5;
  --_snr-provider-bg: #ffffff;
  --_snr-provider-bg-hover: #f2f2f2;
  --_snr-provider-fg: #1f1f1f;
  --_snr-provider-border: #747775;
  --_snr-provider-font: 500 1em/1.25 Roboto, Arial, system-ui, sans-serif;
  --_snr-provider-ring: #0b57d0;
}
:host(:state(dark)) { color-scheme: dark; --_snr-provider-bg: #131314; --_snr-provider-bg-hover: #2a2a2c; --_snr-provider-fg: #e3e3e3; --_snr-provider-border: #8e918f; --_snr-provider-ring: #a8c7fa; }
:host(:state(light)) { color-scheme: light; }
:host([provider=apple]) { --_snr-provider-bg: #000000; --_snr-provider-bg-hover: #333333; --_snr-provider-fg: #ffffff; --_snr-provider-border: #000000; --_snr-provider-font: 500 1.0625em/1.25 -apple-system, BlinkMacSystemFont, 'SF Pro Text', 'Helvetica Neue', Helvetica, Arial, sans-serif; --_snr-provider-ring: #0066cc; }
:host([provider=apple]:state(dark)) { --_snr-provider-bg: #ffffff; --_snr-provider-bg-hover: #e8e8ed; --_snr-provider-fg: #000000; --_snr-provider-border: #ffffff; --_snr-provider-ring: #2997ff; }
:host([provider=facebook]) { --_snr-provider-bg: #0866ff; --_snr-provider-bg-hover: #0756d6; --_snr-provider-fg: #ffffff; --_snr-provider-border: #0866ff; --_snr-provider-font: 600 1em/1.25 Helvetica, Arial, system-ui, sans-serif; --_snr-provider-ring: #0866ff; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[part~=button] {
  position: relative;
  font: var(--_snr-provider-font);
  display: inline-flex; align-items: center; justify-content: center; gap: 0.75rem;
  width: 100%; min-height: 2.75rem; margin: 0; padding-block: 0.5rem; padding-inline: 0.75rem 1rem;
  border: 1px solid var(--_snr-provider-border); border-radius: var(--_snr-radius);
  background: var(--_snr-provider-bg); color: var(--_snr-provider-fg); cursor: pointer;
}
[part~=button]:hover { background: var(--_snr-provider-bg-hover); }
[part~=button][aria-disabled=true] { cursor: progress; }
button:focus-visible, input:focus-visible { outline: var(--_snr-ring) solid var(--snr-color-focus, var(--_snr-provider-ring)); outline-offset: 2px; }
/* Google's "G" is 18 px in a 40 px button; Apple's logo matches the label's cap height; Facebook's "f" 24 px. */
[part~=icon] { width: 1.125rem; height: 1.125rem; flex: none; }
:host([provider=apple]) [part~=icon] { width: 1rem; height: 1.2rem; margin-block-start: -0.15em; }
:host([provider=facebook]) [part~=icon] { width: 1.5rem; height: 1.5rem; }
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
@media (forced-colors: active) { [part~=button] { border-color: ButtonText; } }

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
[part~=confirm]:focus-visible, [part~=cancel]:focus-visible, [part~=agreements] input:focus-visible { outline-color: var(--_snr-focus); }
`);
