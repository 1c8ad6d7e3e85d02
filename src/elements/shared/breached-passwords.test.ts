// A new password listed in a breach (issue 14, item 5): the server refuses it with
// PASSWORD_BREACHED, and each form that sets a password says why, on the password field, once.
// A real server asks a local stand-in of the Pwned Passwords range API (test/support/breached-passwords.ts).
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../snr-session/snr-session.js';
import '../snr-register/snr-register.js';
import '../snr-change-password/snr-change-password.js';
import '../snr-landing/snr-landing.js';
import '../../i18n/pl.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
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
} from './test-helpers.js';

/** Listed by the stand-in the test plugin runs (test/support/wtr-server-plugin.mjs). */
const BREACHED = 'Breached-pass-1';
const SAYS = /appeared in a data breach/;
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  const env = (await executeServerCommand('snr-breached-passwords', {})) as Record<string, string>;
  server = await startServer({ ...env, SNR_REGISTRATION_MODE: 'confirmation' });
  await useServer(server);
});
after(() => server?.close());
afterEach(() => signOutPage());

/** The password field's error and the form's summary, once the refusal is shown. */
async function refusal(el: Element, field: string): Promise<{ summary: string; fieldError: string; input: HTMLInputElement }> {
  const summary = await waitFor(() => el.querySelector('[part~="summary"][data-tone="error"]'), 'the refusal');
  const input = el.querySelector<HTMLInputElement>(`input[name="${field}"]`)!;
  const described = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  const fieldError = described.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  return { summary: summary.textContent ?? '', fieldError, input };
}

describe('a breached new password', () => {
  it('<snr-register> says the password is known from a breach, on the password field, and stores nothing', async () => {
    const el = await fixture(html`<snr-register></snr-register>`);
    const email = uniqueEmail();
    const failed = nextEvent<SnrErrorEvent>(el, 'snr-error');
    fill('snr-register', { email, password: BREACHED, confirmPassword: BREACHED });
    submit(el);
    expect((await failed).detail.code).to.equal('PASSWORD_BREACHED');
    const { summary, fieldError, input } = await refusal(el, 'password');
    expect(summary).to.match(SAYS);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(fieldError + summary).to.match(SAYS);
    expect(document.activeElement === input, 'focus on the field at fault').to.equal(true);
    await expect(el).to.be.accessible();
    // Nothing was stored: the address is still free.
    await createAccount(server, email);
  });

  it('<snr-change-password> says so on the new password; the old one still works', async () => {
    const email = await createAccount(server, uniqueEmail());
    await pageSession().client!.signIn(email, PASSWORD);
    const el = await fixture(html`<snr-change-password></snr-change-password>`);
    await waitFor(() => el.querySelector('form'), 'the form');
    fill('snr-change-password', { currentPassword: PASSWORD, newPassword: BREACHED, confirmPassword: BREACHED });
    submit(el);
    const { summary, input } = await refusal(el, 'newPassword');
    expect(summary).to.match(SAYS);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await signOutPage();
    await pageSession().client!.signIn(email, PASSWORD);
  });

  it('the reset form of <snr-landing> says so, in Polish too', async () => {
    const email = await createAccount(server, uniqueEmail());
    await pageSession().client!.requestPasswordReset(email);
    const token = await server.linkToken(email);
    const el = await fixture(html`<snr-landing action="reset-password" token=${token} lang="pl"></snr-landing>`);
    await waitFor(() => el.querySelector('input[name="password"]'), 'the reset form');
    fill('snr-landing', { password: BREACHED, confirmPassword: BREACHED });
    submit(el);
    const { summary } = await refusal(el, 'password');
    expect(summary).to.match(/wyciekło/);
  });
});
