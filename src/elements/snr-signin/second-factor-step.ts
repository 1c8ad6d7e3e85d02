import { html, nothing } from 'lit';
import { loadCapability } from '../shared/capabilities.js';
import { heading } from '../shared/kit.js';
import type { SignInStep, SignInStepFactory } from './steps.js';

/**
 * `MFA_REQUIRED`: the code step itself lives in the `second-factor` capability, loaded when the
 * step first shows (most sign-ins never need it). Meanwhile the step's heading and a busy note; a
 * failed load says so and offers to try again. Once loaded, the capability's step takes over, and
 * the heading keeps the focus it had.
 */
export const secondFactorStep: SignInStepFactory = (host) => {
  let step: SignInStep | null = null;
  let failed = false;
  const settle = async () => {
    const focused = document.activeElement?.id === host.headingId;
    host.element.requestUpdate();
    await host.element.updateComplete;
    if (focused) (host.element.querySelector(`#${host.headingId}`) as HTMLElement | null)?.focus();
  };
  const load = () => {
    failed = false;
    loadCapability('second-factor').then(
      (capability) => {
        step = capability.secondFactorStep(host);
        void settle();
      },
      () => {
        failed = true;
        void settle();
      },
    );
  };
  load();
  return {
    render(conditions) {
      if (step) return step.render(conditions);
      const t = host.t;
      return html`<div part="panel step" data-step="mfa" aria-busy=${failed ? 'false' : 'true'}>
        ${heading(host.headingId, host.headingLevel, t.mfaHeading)}
        <p part="summary" role="status" data-tone=${failed ? 'error' : 'info'}>${failed ? t.errors.NETWORK_ERROR : t.busy}</p>
        <div part="actions">
          ${
            failed
              ? html`<button part="button secondary retry" type="button" @click=${() => {
                  load();
                  host.element.requestUpdate();
                }}>${t.retry}</button>`
              : nothing
          }
          <button part="link back" type="button" @click=${() => host.back()}>${t.backToSignIn}</button>
        </div>
      </div>`;
    },
  };
};
