import { css } from '../shared/tokens.js';

/** Nothing beyond the kit's form styles yet; the hook is here so the element's look has one home. */
export const changePasswordStyles = css(`
:where(snr-change-password) :where([part~=panel]) { justify-items: start; }
`);
