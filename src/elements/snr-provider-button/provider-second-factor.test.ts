// A provider proves one factor, as a password does: in real Chromium against the real server (its
// Google stand-in signs real ID tokens), a Google customer who turned an authenticator on signs in
// with the button, gets the second-factor step inside the button (the `second-factor` capability,
// as `<snr-signin>` shows it), and is signed in only by the authenticator's code.
import { expect, fixture, html } from '@open-wc/testing';
import { Secret, TOTP } from 'otpauth';
import '../snr-session/snr-session.js';
import './snr-provider-button.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';
import { fileServer, type IdpPlan, idpServer, idpStandIn, nextEvent, signOutPage, uniqueEmail, waitFor } from '../shared/test-helpers.js';
import type { SnrProviderButton } from './snr-provider-button.element.js';

const plan = (next: IdpPlan) => (idpStandIn('google').next = next);
const STEP = 30_000;
const codeAt = (secret: string, at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const file = fileServer(idpServer);

const part = <T extends Element = HTMLElement>(el: SnrProviderButton, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
/** The step's form, once its capability has loaded (a busy panel of the same step shows meanwhile). */
const mfaStep = (el: SnrProviderButton) => el.shadowRoot!.querySelector<HTMLFormElement>('form[part~="step"][data-step="mfa"]');

async function typeCode(el: SnrProviderButton, code: string): Promise<void> {
  const input = mfaStep(el)!.querySelector<HTMLInputElement>('input[name="code"]')!;
  input.value = code;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  mfaStep(el)!.requestSubmit();
}

describe('<snr-provider-button> and the second factor', () => {
  it('a Google customer with an authenticator: the button shows the code step, a wrong code is refused, the right one signs in', async function () {
    this.timeout(30_000);
    const email = uniqueEmail('gmfa');
    const el = await fixture<SnrProviderButton>(
      html`<snr-provider-button provider="google" agreements="" script-url=${file.issuers.google.scriptUrl}></snr-provider-button>`,
    );
    // The first visit makes the account; the customer then turns an authenticator on.
    plan({ kind: 'person', fields: { email } });
    part<HTMLButtonElement>(el, 'button')!.click();
    await waitFor(() => part(el, 'agreements'), 'the agreements step');
    part<HTMLButtonElement>(el, 'confirm')!.click();
    await waitFor(() => pageSession().client!.isSignedIn(), 'signed in');
    const client = pageSession().client!;
    const [row] = await file.server.query<{ subject: string }>("SELECT subject FROM client_identities WHERE provider = 'GOOGLE' AND client_id = ?", [
      client.state.clientId,
    ]);
    const { secret } = await client.enrollTotp();
    await client.confirmTotpEnrollment(codeAt(secret));
    await signOutPage();
    await el.updateComplete;

    plan({ kind: 'person', person: row!.subject });
    part<HTMLButtonElement>(el, 'button')!.click();
    const step = await waitFor(() => mfaStep(el), 'the second-factor step', 10_000);
    await el.updateComplete;
    expect(pageSession().client!.isSignedIn(), 'no token before the code').to.equal(false);
    await expect(el).to.be.accessible();

    await typeCode(el, wrong(codeAt(secret, Date.now() + STEP)));
    await waitFor(() => /not right or was already used/.test(step.textContent ?? ''), 'the wrong code refused');
    expect(pageSession().client!.isSignedIn()).to.equal(false);

    const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
    await typeCode(el, codeAt(secret, Date.now() + STEP));
    expect((await signedIn).detail.origin).to.equal('GOOGLE');
    expect((await pageSession().client!.getAccount()).email).to.equal(email);
    await waitFor(() => el.shadowRoot!.querySelector('[data-step="mfa"]') === null, 'the step closed');
  });
});
