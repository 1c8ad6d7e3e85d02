// <snr-signin> against a real server in the `pin` registration mode, reading the real mail from its
// outbox: a sign-in of an account not yet activated leads to the code step (one-time-code input,
// numeric, a pasted "123 456" taken whole); "Send a new code" mails a new code
// (requestAccountActivationByPin), the old one stops working; the right code activates and signs in.
import { expect, fixture, html } from '@open-wc/testing';
import './snr-signin.js';
import { pageSession } from '../../page/session-hub.js';
import {
  control,
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

let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_REGISTRATION_MODE: 'pin' });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

/** The code in the newest mail to an address (other than `not`). */
async function mailedPin(email: string, not?: string): Promise<string> {
  return waitFor(async () => {
    const [mail] = await server.query<{ text_body: string }>('SELECT text_body FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [email]);
    const pin = mail && /^(\d{6})$/m.exec(mail.text_body)?.[1];
    return pin && pin !== not ? pin : null;
  }, `the code mailed to ${email}`);
}
const mails = async (email: string) => (await server.query<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE to_address = ?', [email]))[0]!.n;

/** Types as a paste does: one input event carrying the whole text. */
function paste(input: HTMLInputElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste', data: text }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('snr-signin in the pin mode', () => {
  it('a pending account: the code step; "Send a new code" mails a new code (no link); the new code pasted activates and signs in', async () => {
    const email = await createAccount(server, uniqueEmail('pin-signin'));
    const first = await mailedPin(email);
    const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
    fill('snr-signin', { email, password: PASSWORD });
    submit(el);
    const step = await waitFor(() => el.querySelector<HTMLFormElement>('form[data-step="pin"]'), 'the code step');
    await el.updateComplete;
    const heading = step.querySelector('[part~="heading"]')!;
    expect(heading.textContent!.trim()).to.equal('Enter your activation code');
    expect(document.activeElement, 'focus on the step heading').to.equal(heading);
    const input = control('snr-signin', 'pinCode');
    expect(input.autocomplete).to.equal('one-time-code');
    expect(input.inputMode).to.equal('numeric');
    expect(el.querySelector('[part~="resend"]')!.getAttribute('aria-disabled'), 'a code can be asked for at once').to.equal(null);
    await expect(el).to.be.accessible();

    const before = await mails(email);
    el.querySelector<HTMLButtonElement>('[part~="resend"]')!.click();
    const second = await mailedPin(email, first);
    expect(await mails(email)).to.equal(before + 1);
    const [newest] = await server.query<{ text_body: string }>('SELECT text_body FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [email]);
    expect(newest!.text_body).not.to.match(/token=|https?:\/\//);
    await waitFor(() => el.querySelector('[part~="resend-status"]')!.textContent!.includes(email), 'the resend note');
    expect(el.querySelector('[part~="resend"]')!.getAttribute('aria-disabled'), 'then waits its cooldown').to.equal('true');

    // The first code was voided by the new one.
    paste(input, first);
    el.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await waitFor(() => input.getAttribute('aria-invalid') === 'true', 'the old code refused');
    expect(pageSession().client!.isSignedIn()).to.equal(false);

    paste(input, `${second.slice(0, 3)} ${second.slice(3)}`);
    expect(input.value, 'the pasted code keeps its digits').to.equal(second);
    const signedIn = nextEvent(el, 'snr-signed-in');
    el.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await signedIn;
    expect(pageSession().client!.isSignedIn()).to.equal(true);
    expect((await server.query<{ status: string }>('SELECT status FROM clients WHERE email = ?', [email]))[0]!.status).to.equal('active');
    await waitFor(() => !el.querySelector('form[data-step="pin"]'), 'the step closed');
  });

  it('back from the code step returns to the sign-in form', async () => {
    const email = await createAccount(server, uniqueEmail('pin-back'));
    const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
    fill('snr-signin', { email, password: PASSWORD });
    submit(el);
    await waitFor(() => el.querySelector('form[data-step="pin"]'), 'the code step');
    el.querySelector<HTMLButtonElement>('[part~="back"]')!.click();
    await waitFor(() => el.querySelector('[name="password"]'), 'the sign-in form');
  });
});
