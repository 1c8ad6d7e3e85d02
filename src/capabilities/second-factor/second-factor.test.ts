// Issue 14, item 2 in real Chromium against the real server: the authenticator enrolled in
// <snr-account> (the server's QR code, the key as text, the first code, the recovery codes shown
// once), then <snr-signin>'s MFA_REQUIRED step (loaded from the `second-factor` capability): a wrong
// code, a pasted code, a replayed code, a recovery code, and turning the factor off. Codes are
// computed here from the key the enrolment showed, at this machine's time (the server's too).
import { expect, fixture, html } from '@open-wc/testing';
import { Secret, TOTP } from 'otpauth';
import '../../elements/snr-account/snr-account.js';
import '../../elements/snr-signin/snr-signin.js';
import {
  control,
  createAccount,
  fill,
  nextEvent,
  PASSWORD,
  signOutPage,
  startServer,
  submit,
  summaryMatches,
  type TestServer,
  type,
  uniqueEmail,
  useServer,
  waitFor,
} from '../../elements/shared/test-helpers.js';
import type { SnrAccount } from '../../elements/snr-account/snr-account.element.js';
import type { SnrSignin } from '../../elements/snr-signin/snr-signin.element.js';
import { pageSession } from '../../page/session-hub.js';

const STEP = 30_000;
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer();
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

/** The code an authenticator app shows for `secret` at `at`. */
const codeAt = (secret: string, at = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const view = (el: Element, name: string) => el.querySelector<HTMLElement>(`[part~="second-factor"][data-view="${name}"]`);
const button = (el: Element, part: string) => el.querySelector<HTMLButtonElement>(`[part~="${part}"]`)!;
const mfaStep = (el: Element) => el.querySelector<HTMLFormElement>('[part~="step"][data-step="mfa"]');

/** Enrols an authenticator for a signed-in customer through <snr-account>; answers its key and recovery codes. */
async function enrolInAccount(email: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await pageSession().client!.signIn(email, PASSWORD);
  const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
  await waitFor(() => el.querySelector('[part~="second-factor"][type="button"]'), 'the account details');
  button(el, 'second-factor').click();
  const status = await waitFor(() => view(el, 'status'), 'the second factor status view');
  // The panel focuses a new view's heading once the update that shows it is complete.
  await waitFor(() => document.activeElement === status.querySelector('[part~="heading"]'), 'the focus on the status heading');
  expect(status.querySelector('[part~="intro"]')!.getAttribute('data-state')).to.equal('off');
  await expect(el).to.be.accessible();
  submit(el);
  const enrol = await waitFor(() => view(el, 'enrol'), 'the enrolment view');
  const qr = enrol.querySelector('[part~="qr"] svg')!;
  expect(qr.getAttribute('role')).to.equal('img');
  expect(qr.getAttribute('aria-label')).to.equal('QR code for your authenticator app');
  const secret = enrol.querySelector('[part~="totp-key"]')!.textContent!.replace(/\s/g, '');
  expect(secret).to.match(/^[A-Z2-7]{32}$/);
  const code = control('snr-account', 'code');
  expect(code.autocomplete).to.equal('one-time-code');
  expect(code.inputMode).to.equal('numeric');
  await expect(el).to.be.accessible();
  // A wrong first code: the field says so, nothing is turned on.
  type(code, wrong(codeAt(secret)));
  submit(el);
  await summaryMatches(el, /not right or was already used/);
  expect(code.getAttribute('aria-invalid')).to.equal('true');
  type(code, codeAt(secret));
  submit(el);
  const codes = await waitFor(() => view(el, 'codes'), 'the recovery codes');
  const recoveryCodes = [...codes.querySelectorAll('[part~="recovery-codes"] li')].map((li) => li.textContent!.trim());
  expect(recoveryCodes).to.have.length(10);
  for (const c of recoveryCodes) expect(c).to.match(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await waitFor(() => document.activeElement === codes.querySelector('[part~="heading"]'), 'the focus on the codes heading');
  await expect(el).to.be.accessible();
  button(el, 'codes-saved').click();
  const on = await waitFor(() => view(el, 'status'), 'the status view, on');
  expect(on.querySelector('[part~="intro"]')!.getAttribute('data-state')).to.equal('on');
  expect(on.textContent).to.contain('Recovery codes left: 10');
  // Shown once: the status never carries the codes or the key again.
  expect(on.textContent).to.not.contain(recoveryCodes[0]);
  el.remove();
  await signOutPage();
  return { secret, recoveryCodes };
}

async function signInToStep(email: string): Promise<SnrSignin> {
  const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
  fill('snr-signin', { email, password: PASSWORD });
  submit(el);
  await waitFor(() => mfaStep(el), 'the second-factor step');
  await el.updateComplete;
  return el;
}

describe('second factor', () => {
  it('enrolled in <snr-account>, then <snr-signin> asks for the code: a wrong one is refused, a pasted one signs in, the same one again does not', async function () {
    this.timeout(30_000);
    const email = await createAccount(server, uniqueEmail('mfa'));
    const { secret } = await enrolInAccount(email);

    const el = await signInToStep(email);
    const form = mfaStep(el)!;
    expect(document.activeElement).to.equal(form.querySelector('[part~="heading"]'));
    const code = control('snr-signin', 'code');
    expect(code.autocomplete).to.equal('one-time-code');
    expect(code.inputMode).to.equal('numeric');
    expect(pageSession().client!.isSignedIn()).to.equal(false);
    await expect(el).to.be.accessible();

    type(code, wrong(codeAt(secret, Date.now() + STEP)));
    submit(el);
    await summaryMatches(el, /not right or was already used/);
    expect(pageSession().client!.isSignedIn()).to.equal(false);

    // The whole code pasted (with the space an app shows) sends the form.
    const next = codeAt(secret, Date.now() + STEP);
    const signedIn = nextEvent(el, 'snr-signed-in');
    const data = new DataTransfer();
    data.setData('text', `${next.slice(0, 3)} ${next.slice(3)}`);
    code.focus();
    code.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await signedIn;
    expect(pageSession().client!.isSignedIn()).to.equal(true);
    await el.updateComplete;
    expect(mfaStep(el)).to.equal(null);
    await signOutPage();
    await el.updateComplete;
    // Signed out again: the form, not the old step.
    expect(el.querySelector('input[name="password"]')).to.exist;
    el.remove();

    const again = await signInToStep(email);
    type(control('snr-signin', 'code'), next);
    submit(again);
    await summaryMatches(again, /not right or was already used/);
    expect(pageSession().client!.isSignedIn()).to.equal(false);
  });

  it('"use a recovery code" signs in with one, once; the account then turns the factor off with another', async function () {
    this.timeout(30_000);
    const email = await createAccount(server, uniqueEmail('mfa-recovery'));
    const { recoveryCodes } = await enrolInAccount(email);

    const el = await signInToStep(email);
    const toggle = button(el, 'mode');
    expect(toggle.textContent!.trim()).to.equal('Use a recovery code');
    toggle.click();
    await waitFor(() => control('snr-signin', 'code').autocomplete === 'off', 'the recovery code field');
    // The field is focused once the update that changed it is complete.
    const field = control('snr-signin', 'code');
    await waitFor(() => document.activeElement === field, 'the focus on the recovery code field');
    expect(el.querySelector('label[for]')!.textContent).to.contain('Recovery code');
    await expect(el).to.be.accessible();
    const signedIn = nextEvent(el, 'snr-signed-in');
    type(field, recoveryCodes[0]!.toUpperCase());
    submit(el);
    await signedIn;
    el.remove();

    const account = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
    await waitFor(() => account.querySelector('[part~="second-factor"][type="button"]'), 'the account details');
    button(account, 'second-factor').click();
    const on = await waitFor(() => view(account, 'status'), 'the status view');
    expect(on.textContent).to.contain('Recovery codes left: 9');
    button(account, 'disable').click();
    await waitFor(() => view(account, 'disable'), 'the turn-off view');
    const code = control('snr-account', 'code');
    type(code, recoveryCodes[0]!);
    submit(account);
    await summaryMatches(account, /not right or was already used/);
    await expect(account).to.be.accessible();
    type(code, recoveryCodes[1]!);
    submit(account);
    const off = await waitFor(() => (view(account, 'status')?.querySelector('[data-state="off"]') ? view(account, 'status') : null), 'the status view, off');
    expect(off.textContent).to.contain('Two-step verification is off.');
    account.remove();
    await signOutPage();

    // The password alone signs in again.
    const plain = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
    const signedInAgain = nextEvent(plain, 'snr-signed-in');
    fill('snr-signin', { email, password: PASSWORD });
    submit(plain);
    await signedInAgain;
    expect(mfaStep(plain)).to.equal(null);
  });
});
