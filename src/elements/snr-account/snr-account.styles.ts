import { css } from '../shared/tokens.js';

export const accountStyles = css(`
:where(snr-account) :where([part~=email]) { display: grid; gap: 0.125rem; }
:where(snr-account) :where([part~=email-value]) { overflow-wrap: anywhere; }
:where(snr-account) :where([part~=sign-out]) { margin-block-start: var(--_snr-space); padding-block-start: var(--_snr-space); border-block-start: 1px solid color-mix(in srgb, var(--_snr-border) 45%, transparent); }
:where(snr-account) :where([part~=passkeys], [part~=second-factor-zone], [part~=devices]) { margin-block-start: calc(var(--_snr-space) * 1.5); display: grid; gap: 0.75rem; }
:where(snr-account) :where([part~=passkey-list]) { margin: 0; padding: 0; list-style: none; display: grid; gap: 0.75rem; }
:where(snr-account) :where([part~=danger-zone]) { margin-block-start: calc(var(--_snr-space) * 2); padding: var(--_snr-space); border: 1px solid var(--_snr-danger); border-radius: var(--_snr-radius); display: grid; gap: 0.75rem; }
:where(snr-account) :where([part~=button][part~=danger]) { background: transparent; color: var(--_snr-danger); border-color: var(--_snr-danger); }
:where(snr-account) :where([part~=warning]) { margin: 0; }
:where(snr-account) :where([part~=consequences]) { margin: 0; padding-inline-start: 1.25rem; display: grid; gap: 0.25rem; }
`);
