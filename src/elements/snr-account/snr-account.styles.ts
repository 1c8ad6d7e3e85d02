import { css } from '../shared/tokens.js';

export const accountStyles = css(`
:where(snr-account) :where([part~=email]) { display: grid; gap: 0.125rem; }
:where(snr-account) :where([part~=email-value]) { overflow-wrap: anywhere; }
:where(snr-account) :where([part~=sign-out]) { margin-top: var(--_snr-space); padding-top: var(--_snr-space); border-top: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent); }
`);
