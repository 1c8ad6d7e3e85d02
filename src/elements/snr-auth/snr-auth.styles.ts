import { css } from '../shared/tokens.js';

/**
 * The card: the elements inside lose their own frame (the card is the frame), the brand sits at
 * the top, the line with the link to another view at the bottom.
 */
export const authStyles = css(`
:where(snr-auth) :where(snr-signin, snr-register, snr-account, snr-change-password) {
  padding: 0; border: 0; border-radius: 0; max-width: none; background: transparent;
}
:where(snr-auth) > :where([slot=brand]) {
  display: flex; align-items: center; justify-content: center; gap: var(--_snr-space-2);
  margin-block-end: var(--_snr-space-4); font-weight: 650; font-size: 1.125em;
}
:where(snr-auth) > :where([slot=brand]) :where(img, svg) { max-height: 2.5rem; width: auto; }
:where(snr-auth) :where([part~=view]) { display: grid; gap: var(--_snr-space-5); }
:where(snr-auth) :where([part~=account]) { display: grid; gap: var(--_snr-space-5); }
:where(snr-auth) :where([part~=account] > [part~=heading]) { margin: 0; }
:where(snr-auth) :where([part~=switch]) {
  margin: 0; padding-block-start: var(--_snr-space-4); border-block-start: 1px solid color-mix(in srgb, var(--_snr-border) 35%, transparent);
  text-align: center; color: var(--_snr-muted);
}
:where(snr-auth) :where([part~=switch-link]) { font-weight: 600; }
/* In the card, a form's main button spans the card, its links centred under it (as Clerk's and Descope's). */
:where(snr-auth) :where(form > [part~=actions]) { flex-direction: column; align-items: stretch; }
:where(snr-auth) :where(form > [part~=actions] > [part~=link]) { align-self: center; }
@media (forced-colors: active) {
  :where(snr-auth) :where([part~=switch]) { border-block-start-color: CanvasText; }
}
`);
