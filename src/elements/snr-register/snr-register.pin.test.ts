// The `pin` registration mode in <snr-register>, against a real server reading the real mail from
// its outbox: the code-entry step (one-time-code input, numeric, 6-digit pattern, a pasted code
// with a space taken whole), wrong codes, "Send a new code" with its cooldown, and the sign-in
// once the code is right.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import './snr-register.js';
import { pageSession } from '../../page/session-hub.js';
import { control, fill, signOutPage, startServer, submit, type TestServer, uniqueEmail, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrRegister } from './snr-register.element.js';

const PASSWORD = 'Secret12!';
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_REGISTRATION_MODE: 'pin', SNR_PASSWORD_POLICY: JSON.stringify({ minLength: 8 }) });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

/** The code in the newest mail to an address. */
async function mailedPin(email: string, other?: string): Promise<string> {
  return waitFor(async () => {
    const [mail] = await server.query<{ text_body: string }>('SELECT text_body FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [email]);
    const pin = mail && /^(\d{6})$/m.exec(mail.text_body)?.[1];
    return pin && pin !== other ? pin : null;
  }, `the code mailed to ${email}`);
}

async function registerInPinMode(cooldown = 30): Promise<{ el: SnrRegister; email: string }> {
  const el = await fixture<SnrRegister>(html`<snr-register pin-resend-cooldown=${cooldown}></snr-register>`);
  await waitFor(() => control('snr-register', 'password').getAttribute('minlength') === '8', 'the server policy');
  const email = uniqueEmail('pin');
  fill('snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
  submit(el);
  await waitFor(() => el.querySelector('form[part~="pin"]'), 'the code step');
  await el.updateComplete;
  return { el, email };
}

/** Types as a paste does: one input event carrying the whole text. */
function paste(input: HTMLInputElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: text }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const status = async (email: string) => (await server.query<{ status: string }>('SELECT status FROM clients WHERE email = ?', [email]))[0]?.status;

describe('snr-register in the pin mode', () => {
  it('moves straight to the code step: heading focused, one-time-code numeric input of 6 digits, accessible', async () => {
    const { el, email } = await registerInPinMode();
    const step = el.querySelector<HTMLFormElement>('form[part~="pin"]')!;
    const heading = step.querySelector('[part~="heading"]')!;
    expect(heading.textContent!.trim()).to.equal('Enter your activation code');
    expect(document.activeElement).to.equal(heading);
    expect(step.querySelector('[part~="pin-intro"]')!.textContent).to.contain(email);
    const input = control('snr-register', 'pinCode');
    expect([input.autocomplete, input.inputMode, input.pattern, input.required]).to.deep.equal(['one-time-code', 'numeric', '[0-9]{6}', true]);
    expect(document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent).to.contain('6 digits');
    const resend = step.querySelector<HTMLButtonElement>('[part~="resend"]')!;
    expect(resend.getAttribute('aria-disabled'), 'resend waits for its cooldown').to.equal('true');
    expect(step.querySelector('[part~="resend-wait"]')!.textContent).to.match(/new code in \d+ s/);
    expect(await status(email)).to.equal('pending_activation');
    await expect(el).to.be.accessible();
  });

  it('a short code is refused in the form; a wrong one by the server, on the field, focused', async () => {
    const { el, email } = await registerInPinMode();
    const pin = await mailedPin(email);
    const input = control('snr-register', 'pinCode');
    paste(input, '123');
    submit(el);
    await el.updateComplete;
    expect(el.querySelector('[data-field="pinCode"] [part~="error"]')!.textContent).to.contain('Enter the 6 digits from the email.');
    expect(await server.count('POST', '/v4/clients/activation/pin/confirmation'), 'nothing sent').to.equal(0);
    const wrong = String((Number(pin) + 1) % 1_000_000).padStart(6, '0');
    paste(input, wrong);
    submit(el);
    // The server's refusal of the field is said once, in the form's summary, which the field points at.
    const describedBy = () =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
        .join(' ');
    await waitFor(() => describedBy().includes('wrong or no longer valid'), 'the refusal');
    await el.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(document.activeElement).to.equal(input);
    await expect(el).to.be.accessible();
    expect(await status(email)).to.equal('pending_activation');
  });

  it('a pasted code with a space is taken whole; the right code activates and signs the customer in', async () => {
    const { el, email } = await registerInPinMode();
    const pin = await mailedPin(email);
    const input = control('snr-register', 'pinCode');
    paste(input, ` ${pin.slice(0, 3)} ${pin.slice(3)} `);
    expect(input.value).to.equal(pin);
    // Keyboard: Enter in the field sends the form.
    input.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => pageSession().client?.isSignedIn(), 'the sign-in', 10_000);
    await waitFor(() => el.querySelector('[part~="panel"]'), 'the outcome');
    expect(el.querySelector('[part~="panel"] [part~="summary"]')!.textContent!.trim()).to.equal('Your account is active and you are signed in.');
    expect(await status(email)).to.equal('active');
  });

  it('"Send a new code" after its cooldown: a new code is mailed, the old one no longer works', async function () {
    this.timeout(20_000);
    const { el, email } = await registerInPinMode(1);
    const first = await mailedPin(email);
    const resend = () => el.querySelector<HTMLButtonElement>('[part~="resend"]')!;
    await waitFor(() => resend().getAttribute('aria-disabled') === null, 'the cooldown to end', 5000);
    expect(el.querySelector<HTMLElement>('[part~="resend-wait"]')!.hidden).to.equal(true);
    resend().focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => el.querySelector('[part~="resend-status"][data-tone="success"]'), 'the resend');
    expect(el.querySelector('[part~="resend-status"]')!.textContent).to.contain('previous code no longer works');
    expect(resend().getAttribute('aria-disabled'), 'a new cooldown').to.equal('true');
    const second = await mailedPin(email, first);
    const input = control('snr-register', 'pinCode');
    paste(input, first);
    submit(el);
    await waitFor(() => el.querySelector('[part~="summary"][data-tone="error"]'), 'the old code refused');
    paste(input, second);
    submit(el);
    await waitFor(() => pageSession().client?.isSignedIn(), 'the sign-in', 10_000);
    expect(await status(email)).to.equal('active');
  });
});
