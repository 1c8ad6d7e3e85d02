import { css } from '../shared/tokens.js';

export const signinStyles = css(`
:where(snr-signin) :where([part~=forgot]) { justify-self: start; }
`);
