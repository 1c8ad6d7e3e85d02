import { css } from '../shared/tokens.js';

export const registerStyles = css(`
:where(snr-register) :where([part~=names]) { display: grid; gap: var(--_snr-space); grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); }
`);
