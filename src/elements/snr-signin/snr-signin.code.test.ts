// <snr-signin methods="…"> with the email-code capability (issue 14, item 3), against the real
// reference server: the code is read from the mail the server wrote (its outbox).
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { nothing } from 'lit';
import '../snr-session/snr-session.js';
import './snr-signin.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';
import { API_KEY, control, createAccount, nextEvent, signOutPage, startServer, TestServer, uniqueEmail, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrSignin } from './snr-signin.element.js';

let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_SIGN_IN_METHODS: 'password,code', SNR_RATE_LIMIT: JSON.stringify({ signInCodeResendSeconds: 2 }) });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

const mount = (methods?: string) => fixture<SnrSignin>(html`<snr-signin methods=${methods ?? nothing}></snr-signin>`);
const part = <T extends Element = HTMLElement>(el: Element, name: string) => el.querySelector<T & HTMLElement>(`[part~="${name}"]`);
const capabilityFetched = () => performance.getEntriesByType('resource').some((r) => r.name.includes('capabilities/email-code'));

/** The code in the newest mail to an address, as the server wrote it. */
async function mailedCode(email: string, count = 1): Promise<string> {
  const rows = await waitFor(async () => {
    const found = await server.query<{ text_body: string }>('SELECT text_body FROM outbox WHERE to_address = ? ORDER BY id DESC', [email.toLowerCase()]);
    return found.length >= count ? found : null;
  }, `mail ${count} to ${email}`);
  const match = /^(\d{6})$/m.exec(rows[0]!.text_body);
  if (!match) throw new Error(`no code in ${rows[0]!.text_body}`);
  return match[1]!;
}

/** Types an email on the password form and asks for a code: the code step shows. */
async function askForCode(el: SnrSignin, email: string): Promise<void> {
  const input = control('snr-signin', 'email');
  input.value = email;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  part(el, 'code-request')!.click();
  await waitFor(() => el.querySelector('[data-step="code"]'), 'the code step');
  await el.updateComplete;
}

describe('snr-signin methods (email code)', () => {
  it('a password-only form offers no code and never downloads the code steps', async () => {
    const el = await mount('password');
    await waitFor(() => pageSession().client, 'the session');
    await el.updateComplete;
    expect(part(el, 'code-request')).to.equal(null);
    expect(el.offeredMethods).to.deep.equal(['password']);
    expect(capabilityFetched()).to.equal(false);
  });

  it('offers only what both the attribute and the server allow; unset, the server decides', async () => {
    const el = await mount();
    await waitFor(() => el.offeredMethods.includes('code'), 'the server config');
    expect(el.offeredMethods).to.deep.equal(['password', 'code']);
    // Passkeys are on at this (local-mode) server, but offered only when named: their autofill loads WebAuthn at once.
    el.methods = 'code passkey';
    await el.updateComplete;
    expect(el.offeredMethods, 'both named, both on').to.deep.equal(['code', 'passkey']);
    el.methods = 'code fax';
    await el.updateComplete;
    expect(el.offeredMethods, 'a method the server does not have is left out').to.deep.equal(['code']);
    el.methods = 'fax';
    await el.updateComplete;
    expect(el.offeredMethods, 'nothing left: password').to.deep.equal(['password']);
  });

  it('is accessible: the form with "Email me a code", the code step, and a wrong code', async () => {
    const email = await createAccount(server, uniqueEmail('a11y'));
    const el = await mount('password code');
    await waitFor(() => part(el, 'code-request'), 'the code button');
    await expect(el).to.be.accessible();
    await askForCode(el, email);
    await expect(el).to.be.accessible();
    const code = control('snr-signin', 'code');
    code.value = '000000';
    code.dispatchEvent(new Event('input', { bubbles: true }));
    await waitFor(() => el.querySelector('[part~="summary"][data-tone="error"]'), 'the refusal');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('signs in with the mailed code: focus on the step, a wrong code said at the field, the whole code pasted with a space', async () => {
    const email = await createAccount(server, uniqueEmail('code'));
    const el = await mount('password code');
    await waitFor(() => part(el, 'code-request'), 'the code button');
    const views: string[] = [];
    el.addEventListener('snr-view-change', (e) => views.push((e as CustomEvent).detail.to));
    await askForCode(el, email);
    expect(views).to.deep.equal(['code']);
    const heading = el.querySelector('[data-step="code"] [part~="heading"]')!;
    expect(heading.textContent!.trim()).to.equal('Check your email');
    expect(document.activeElement).to.equal(heading);
    expect(part(el, 'code-intro')!.textContent).to.contain(email);
    const input = control('snr-signin', 'code');
    expect(input.autocomplete).to.equal('one-time-code');
    expect(input.inputMode).to.equal('numeric');

    const right = await mailedCode(email);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    input.focus();
    const refused = nextEvent<SnrErrorEvent>(el, 'snr-error');
    await sendKeys({ type: wrong });
    await sendKeys({ press: 'Enter' });
    expect((await refused).detail.code).to.equal('SIGN_IN_CODE_INVALID');
    await el.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(el.querySelector('[part~="summary"]')!.textContent).to.contain('This code is wrong or no longer valid');
    expect(document.activeElement).to.equal(input);

    // Pasted as the mail shows it, with a space: digits kept, sent at once.
    const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
    input.select();
    const paste = new DataTransfer();
    paste.setData('text/plain', `${right.slice(0, 3)} ${right.slice(3)}`);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: paste, bubbles: true, cancelable: true }));
    // Chromium does not insert a synthetic paste: do what it does for a real one.
    input.value = `${right.slice(0, 3)} ${right.slice(3)}`;
    input.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste', bubbles: true }));
    expect(input.value).to.equal(right);
    expect((await signedIn).detail.origin).to.equal('EMAIL_CODE');
    await el.updateComplete;
    expect(el.querySelector('[part~="summary"][data-tone="success"]')!.textContent).to.contain('You are signed in');
  });

  it('"Send a new code" waits for the server\'s countdown, then sends a code that replaces the first', async function () {
    // The countdown is the server's (its resend limit, 2 s here, on its own clock): it is waited out.
    this.timeout(20_000);
    const email = await createAccount(server, uniqueEmail('resend'));
    const el = await mount('password code');
    await waitFor(() => part(el, 'code-request'), 'the code button');
    await askForCode(el, email);
    // Read as soon as the step shows (the countdown starts with it), before anything else is awaited.
    const resend = part<HTMLButtonElement>(el, 'resend')!;
    expect(resend.getAttribute('aria-disabled')).to.equal('true');
    expect(part(el, 'resend-wait')!.textContent).to.match(/You can ask for a new code in [12] s\./);
    expect(resend.getAttribute('aria-describedby')).to.equal(part(el, 'resend-wait')!.id);
    const first = await mailedCode(email);
    // The countdown ends on its own.
    await waitFor(() => !resend.hasAttribute('aria-disabled'), 'the countdown to end', 10_000);
    resend.click();
    await waitFor(() => part(el, 'resend-status')!.textContent!.includes('we have sent it a new code'), 'the resend note');
    const second = await mailedCode(email, 2);
    if (second !== first) {
      const old = await fetch(`${server.url}/sauth/v3/auth/login/client/code`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiKey: API_KEY, uuid: crypto.randomUUID(), email, code: first }),
      });
      expect(old.status, 'the first code is void').to.equal(401);
    }
  });

  it('"Use my password instead" goes back to the password form with the email; an invalid email opens the code flow\'s email form', async () => {
    const email = await createAccount(server, uniqueEmail('back'));
    const el = await mount('password code');
    await waitFor(() => part(el, 'code-request'), 'the code button');
    await askForCode(el, email);
    part(el, 'use-password')!.click();
    await el.updateComplete;
    expect(control('snr-signin', 'password')).to.exist;
    expect(control('snr-signin', 'email').value).to.equal(email);

    control('snr-signin', 'email').value = '';
    part(el, 'code-request')!.click();
    await waitFor(() => el.querySelector('[data-step="code-request"]'), 'the email form');
    await el.updateComplete;
    expect(document.activeElement).to.equal(el.querySelector('[data-step="code-request"] [part~="heading"]'));
    expect(part(el, 'submit')!.textContent!.trim()).to.equal('Email me a code');
  });

  it('a code-only form asks for the email alone, by keyboard, then the code step; "Use another email address" goes back', async () => {
    const email = await createAccount(server, uniqueEmail('only'));
    const el = await mount('code');
    await waitFor(() => el.querySelector('[data-step="code-request"]'), 'the email form');
    await el.updateComplete;
    expect(document.querySelector('snr-signin [name="password"]')).to.equal(null);
    expect(part(el, 'use-password')).to.equal(null);
    control('snr-signin', 'email').focus();
    await sendKeys({ type: email });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.querySelector('[data-step="code"]'), 'the code step');
    const code = await mailedCode(email);
    control('snr-signin', 'code').focus();
    const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
    await sendKeys({ type: code });
    await sendKeys({ press: 'Enter' });
    expect((await signedIn).detail.origin).to.equal('EMAIL_CODE');
  });

  it('a failed request (asked again too soon) is said on the form it came from', async () => {
    const email = uniqueEmail('soon');
    const el = await mount('password code');
    await waitFor(() => part(el, 'code-request'), 'the code button');
    await askForCode(el, email);
    part(el, 'use-password')!.click();
    await el.updateComplete;
    const refused = nextEvent<SnrErrorEvent>(el, 'snr-error');
    part(el, 'code-request')!.click();
    const error = (await refused).detail;
    expect([error.code, error.action]).to.deep.equal(['RATE_LIMITED', 'sign-in']);
    await el.updateComplete;
    expect(el.querySelector('[part~="summary"]')!.textContent).to.contain('Too many');
    expect(el.querySelector('[data-step="code"]')).to.equal(null);
  });
});

describe('snr-signin methods, on a server with code off', () => {
  let other: TestServer;
  before(async function () {
    this.timeout(60_000);
    // Not startServer(): its clean slate would wait on the page's open session database.
    other = await TestServer.start({});
    await useServer(other);
  });
  after(async () => {
    await useServer(server);
    await other?.close();
  });

  it('offers no code, even when the attribute asks for it', async () => {
    const plain = await mount('password code');
    await waitFor(async () => (await pageSession().client!.getPublicConfig()).signInMethods, 'the config');
    await plain.updateComplete;
    expect(plain.offeredMethods).to.deep.equal(['password']);
    expect(part(plain, 'code-request')).to.equal(null);
  });
});
