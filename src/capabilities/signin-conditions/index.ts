/**
 * The conditional sign-in's rarely shown steps of `<snr-signin>` (src/elements/snr-signin/steps.ts
 * loads them when their status first comes): an account awaiting the site's approval, terms to
 * accept before the token, and the fallback for a status without a step. A capability: the script-tag page files load it as the add-on
 * `snr-auth.signin-conditions.js`, so a sign-in page that never shows these steps does not download them.
 */
import { html, nothing } from 'lit';
import { FormController } from '../../elements/shared/form-controller.js';
import { heading } from '../../elements/shared/kit.js';
import { backButton, type SignInStepFactory } from '../../elements/snr-signin/steps.js';

/** A status this page has no step for: says so, plainly, and offers the way back. */
export const fallbackStep: SignInStepFactory = (host) => ({
  render: () => html`<div part="panel step" data-step="unsupported">
    ${heading(host.headingId, host.headingLevel, host.t.stepHeading)}
    <p part="summary" data-tone="info">${host.t.stepUnsupported}</p>
    <div part="actions">${backButton(host)}</div>
  </div>`,
});

/** `APPROVAL_REQUIRED`: the account exists and waits for the site; nothing to do here but wait. */
export const approvalStep: SignInStepFactory = (host) => ({
  render: () => html`<div part="panel step" data-step="approval">
    ${heading(host.headingId, host.headingLevel, host.t.approvalHeading)}
    <p part="summary" data-tone="info">${host.t.approvalNotice}</p>
    <div part="actions">${backButton(host)}</div>
  </div>`,
});

/**
 * `TERMS_ACCEPTANCE_REQUIRED`: the terms' page (from the condition), one checkbox, and the sign-in
 * sent again carrying the accepted version.
 */
export const termsStep: SignInStepFactory = (host) => {
  let refused = false;
  let version = '';
  const form = new FormController<Record<string, never>>(host.element, {
    t: () => host.t,
    action: 'sign-in',
    busy: (t) => t.signInBusy,
    submit: async (_values, element) => {
      const box = element.elements.namedItem('acceptTerms') as HTMLInputElement;
      if (!box.checked) {
        refused = true;
        form.show({ tone: 'error', message: (t) => t.termsRequired });
        box.focus();
        return;
      }
      await host.continueSignIn({ acceptedTermsVersion: version });
    },
  });
  return {
    render(conditions) {
      const t = host.t;
      const terms = conditions.find((c) => c.type === 'TERMS_ACCEPTANCE');
      version = terms?.termsVersion ?? '';
      const errorId = `${form.id}-accept-error`;
      const introId = `${form.id}-intro`;
      return html`<form novalidate part="step" data-step="terms" aria-labelledby=${host.headingId} aria-describedby=${introId} aria-busy=${form.busy ? 'true' : 'false'} @submit=${form.onSubmit}>
        ${heading(host.headingId, host.headingLevel, t.termsHeading)}
        <p part="intro" id=${introId}>${t.termsIntro}</p>
        ${terms?.termsUrl ? html`<p><a part="link terms-link" href=${terms.termsUrl} target="_blank" rel="noopener noreferrer">${t.termsLink}</a></p>` : nothing}
        <label part="checkbox terms-accept"
          ><input
            type="checkbox"
            name="acceptTerms"
            required
            aria-invalid=${refused ? 'true' : 'false'}
            aria-describedby=${refused ? errorId : nothing}
            @change=${(e: Event) => {
              if ((e.target as HTMLInputElement).checked && refused) {
                refused = false;
                form.summary = null;
                host.element.requestUpdate();
              }
            }}
          />
          <span>${t.termsAccept}</span></label
        >
        <div part="error" id=${errorId} ?hidden=${!refused}>${refused ? t.termsRequired : nothing}</div>
        ${form.summaryRegion()}
        <div part="actions">${form.submitButton(t.termsSubmit, t.signInBusy)} ${backButton(host)}</div>
      </form>`;
    },
  };
};
