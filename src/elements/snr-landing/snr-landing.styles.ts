import { css } from '../shared/tokens.js';

export const landingStyles = css(`
:where(snr-landing) :where([part~=working]) { display: flex; gap: 0.625rem; align-items: center; }
`);
