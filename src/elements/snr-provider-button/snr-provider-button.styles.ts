import { css, TOKENS } from '../shared/tokens.js';
import { PROVIDER_STEP_CSS } from '../snr-facebook-button/snr-facebook-button.styles.js';

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

${PROVIDER_STEP_CSS}[part~=confirm]:focus-visible, [part~=cancel]:focus-visible, [part~=agreements] input:focus-visible { outline-color: var(--_snr-focus); }
`);
