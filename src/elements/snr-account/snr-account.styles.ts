import { css } from '../shared/tokens.js';

export const accountStyles = css(`
:where(snr-account) :where([part~=email]) { display: grid; gap: 0.125rem; }
:where(snr-account) :where([part~=email-value]) { overflow-wrap: anywhere; }
:where(snr-account) :where([part~=sign-out]) { margin-block-start: var(--_snr-space); padding-block-start: var(--_snr-space); border-block-start: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent); }
`);
