// The conditional sign-in's steps in <snr-signin>, against a real server in the `approval` mode with
// terms configured: the approval step, the terms step (checkbox, link, the second sign-in carrying
// the accepted version), the step registry (a registered step replaces a shipped one, no flow
// change) and the fallback for a status without a step.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './snr-signin.js';
import { approvalStep } from '../../capabilities/signin-conditions/index.js';
import { pageSession } from '../../page/session-hub.js';
import {
  createAccount,
  fill,
  nextEvent,
  PASSWORD,
  signOutPage,
  startServer,
  submit,
  type TestServer,
  uniqueEmail,
  useServer,
  waitFor,
} from '../shared/test-helpers.js';
import type { SnrSignin } from './snr-signin.element.js';
import { registerSignInStep } from './steps.js';

const BACKEND_KEY = 'backend-key-for-browser-tests-0123456789';
const TERMS_URL = 'https://shop.example/terms';
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_REGISTRATION_MODE: 'approval', SNR_BACKEND_KEY: BACKEND_KEY, SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: TERMS_URL });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

const mount = () => fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
const clientIdOf = async (email: string) => (await server.query<{ id: number }>('SELECT id FROM clients WHERE email = ?', [email]))[0]!.id;
async function approve(email: string): Promise<void> {
  const res = await server.http('POST', `/v4/clients/${await clientIdOf(email)}/approve`, { headers: { authorization: `Bearer ${BACKEND_KEY}` } });
  if (res.status !== 200) throw new Error(`approve: ${res.status}`);
}
async function signInAs(el: SnrSignin, email: string): Promise<void> {
  fill('snr-signin', { email, password: PASSWORD });
  submit(el);
}
const step = (el: Element) => el.querySelector<HTMLElement>('[part~="step"]');

describe('snr-signin steps', () => {
  it('an account awaiting approval: a step that says so, heading focused, accessible, and the way back', async () => {
    const email = await createAccount(server, uniqueEmail('approval'));
    const el = await mount();
    await signInAs(el, email);
    const shown = await waitFor(() => step(el), 'the approval step');
    expect(shown.dataset.step).to.equal('approval');
    const heading = shown.querySelector<HTMLElement>('[part~="heading"]')!;
    expect(heading.textContent!.trim()).to.equal('Account awaiting approval');
    await el.updateComplete;
    expect(document.activeElement).to.equal(heading);
    expect(shown.textContent).to.contain('must be approved');
    expect(pageSession().client!.isSignedIn()).to.equal(false);
    await expect(el).to.be.accessible();
    // Keyboard: Tab reaches "Back to sign in", Enter goes back to the form, its heading focused.
    await sendKeys({ press: 'Tab' });
    expect((document.activeElement as HTMLElement).getAttribute('part')).to.contain('back');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.querySelector('form input[name="email"]')).to.exist;
    expect(document.activeElement).to.equal(el.querySelector('[part~="heading"]'));
  });

  it('terms not yet accepted: the terms step, refused without the checkbox, then the acceptance signs in', async () => {
    const email = await createAccount(server, uniqueEmail('terms'));
    await approve(email);
    const el = await mount();
    await signInAs(el, email);
    const shown = await waitFor(() => (step(el)?.dataset.step === 'terms' ? step(el) : null), 'the terms step');
    await el.updateComplete;
    expect(document.activeElement).to.equal(shown.querySelector('[part~="heading"]'));
    const link = shown.querySelector<HTMLAnchorElement>('[part~="terms-link"]')!;
    expect([link.href, link.target, link.rel]).to.deep.equal([TERMS_URL, '_blank', 'noopener noreferrer']);
    await expect(el).to.be.accessible();
    expect(pageSession().client!.isSignedIn()).to.equal(false);

    const box = shown.querySelector<HTMLInputElement>('input[name="acceptTerms"]')!;
    const button = shown.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.click();
    await waitFor(() => box.getAttribute('aria-invalid') === 'true', 'the refusal');
    expect(document.activeElement).to.equal(box);
    const error = document.getElementById(box.getAttribute('aria-describedby')!)!;
    expect(error.textContent!.trim()).to.equal('Please accept the terms to continue.');
    expect((await server.query('SELECT terms_version FROM clients WHERE email = ?', [email]))[0]).to.deep.equal({ terms_version: null });
    await expect(el).to.be.accessible();

    // Keyboard: Space ticks the box (focused), Enter on the button sends.
    await sendKeys({ press: 'Space' });
    expect(box.checked).to.equal(true);
    const signedIn = nextEvent(el, 'snr-signed-in');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await signedIn;
    expect(pageSession().client!.isSignedIn()).to.equal(true);
    expect((await server.query('SELECT terms_version FROM clients WHERE email = ?', [email]))[0]).to.deep.equal({ terms_version: '2026-12' });
    await el.updateComplete;
    expect(step(el)).to.equal(null);
  });

  it('a registered step replaces the shipped one for its status; the flow is unchanged', async () => {
    const email = await createAccount(server, uniqueEmail('custom'));
    registerSignInStep('APPROVAL_REQUIRED', (host) => ({
      render: () => html`<div part="step" data-step="custom"><p id=${host.headingId} tabindex="-1">Custom for ${host.email}</p></div>`,
    }));
    try {
      const el = await mount();
      await signInAs(el, email);
      const shown = await waitFor(() => step(el), 'the custom step');
      expect(shown.dataset.step).to.equal('custom');
      expect(shown.textContent).to.contain(email);
    } finally {
      registerSignInStep('APPROVAL_REQUIRED', approvalStep);
    }
  });

  it('a status without a step (REGISTRATION_REQUIRED, which a password sign-in never answers) gets the fallback message, not an error', async () => {
    const email = await createAccount(server, uniqueEmail('no-step'));
    await approve(email);
    // The server never sends it to a password sign-in: its answer is rewritten on the way, as a
    // server with a status this page has no step for would send it, and checked by the contract.
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (!String(input).endsWith('/login/client/conditional')) return response;
      const body = { status: 'REGISTRATION_REQUIRED', conditions: [{ type: 'REGISTRATION' }] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    try {
      const el = await mount();
      await signInAs(el, email);
      const shown = await waitFor(() => step(el), 'the fallback step');
      expect(shown.dataset.step).to.equal('unsupported');
      expect(shown.querySelector('[part~="heading"]')!.textContent!.trim()).to.equal('One more step');
      expect(el.querySelector('[part~="summary"][data-tone="error"]')).to.equal(null);
      expect(pageSession().client!.isSignedIn()).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
