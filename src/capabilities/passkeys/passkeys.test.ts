// Passkeys in real Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain,
// test/support/webauthn-plugin.mjs) against the real reference server: add, rename and remove in
// <snr-account>, sign in with the button and with autofill in <snr-signin>, register with a
// passkey in <snr-register>, and a passkey of another site refused.
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../elements/snr-account/snr-account.js';
import '../../elements/snr-register/snr-register.js';
import '../../elements/snr-signin/snr-signin.js';
import {
  control,
  createAccount,
  nextEvent,
  PASSWORD,
  signOutPage,
  startServer,
  summaryMatches,
  type TestServer,
  type,
  uniqueEmail,
  useServer,
  waitFor,
} from '../../elements/shared/test-helpers.js';
import type { SnrAccount } from '../../elements/snr-account/snr-account.element.js';
import type { SnrSignin } from '../../elements/snr-signin/snr-signin.element.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';

let server: TestServer;
type Credential = { credentialId: string; rpId: string; signCount: number };
const credentials = () => executeServerCommand<Credential[], undefined>('webauthn-credentials');

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_PASSKEY_REGISTRATION: 'true' });
  await useServer(server);
});
beforeEach(async () => {
  await executeServerCommand('webauthn-authenticator');
});
afterEach(async () => {
  await signOutPage();
});
after(async () => {
  await executeServerCommand('webauthn-remove');
  await server?.close();
});

const part = (root: Element, name: string) => root.querySelector<HTMLElement>(`[part~="${name}"]`);
const click = (root: Element, name: string) => {
  const button = part(root, name);
  if (!button) throw new Error(`no [part~="${name}"]`);
  button.click();
};

async function customerWithPasskey(): Promise<string> {
  const email = await createAccount(server, uniqueEmail(), PASSWORD);
  const client = pageSession().client!;
  await client.signIn(email, PASSWORD);
  await client.registerPasskey('Test laptop');
  await client.signOut();
  return email;
}

describe('passkeys in <snr-account>', () => {
  it('adds a passkey (the virtual authenticator makes it), renames it and removes it with the password; accessible throughout', async () => {
    const email = await createAccount(server, uniqueEmail(), PASSWORD);
    await pageSession().client!.signIn(email, PASSWORD);
    const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
    await waitFor(() => part(el, 'passkeys-open'), 'the passkeys section to be offered');
    await expect(el).to.be.accessible();
    click(el, 'passkeys-open');
    await waitFor(() => part(el, 'passkeys-empty'), 'the empty list');
    expect(document.activeElement?.getAttribute('role')).to.equal('heading', 'the section heading takes the focus');
    click(el, 'passkey-add');
    await waitFor(() => part(el, 'passkey'), 'the new passkey in the list');
    const [made] = await credentials();
    expect(made?.rpId).to.equal('localhost');
    expect(part(el, 'passkey-meta')!.textContent).to.match(/never used/);
    expect(part(el, 'passkey-meta')!.textContent).to.match(/on one device only|synced/);
    await waitFor(() => /Passkey added/.test(el.querySelector('[part~="passkeys"] [role="status"][aria-live]')?.textContent ?? ''), 'the outcome announced');
    await expect(el).to.be.accessible();

    click(el, 'passkey-rename');
    await el.updateComplete;
    const name = el.querySelector<HTMLInputElement>('[part~="passkey-rename-form"] input[name="name"]')!;
    expect(document.activeElement).to.equal(name, 'the name field takes the focus');
    type(name, 'Work laptop');
    name.form!.requestSubmit();
    await waitFor(() => part(el, 'passkey-name')?.textContent === 'Work laptop', 'the new name');

    click(el, 'passkey-remove');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const password = el.querySelector<HTMLInputElement>('[part~="passkey-remove-form"] input[name="password"]')!;
    type(password, 'Wrong1!x');
    password.form!.requestSubmit();
    await waitFor(() => password.getAttribute('aria-invalid') === 'true', 'a wrong password refused');
    type(password, PASSWORD);
    password.form!.requestSubmit();
    await waitFor(() => part(el, 'passkeys-empty'), 'the list empty again');
    expect((await pageSession().client!.getPasskeys()).length).to.equal(0);
  });

  it('removes a passkey proven with a fresh passkey assertion', async () => {
    const email = await createAccount(server, uniqueEmail(), PASSWORD);
    const client = pageSession().client!;
    await client.signIn(email, PASSWORD);
    await client.registerPasskey();
    const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
    await waitFor(() => part(el, 'passkeys-open'), 'the passkeys section');
    click(el, 'passkeys-open');
    await waitFor(() => part(el, 'passkey-remove'), 'the list');
    click(el, 'passkey-remove');
    await el.updateComplete;
    click(el, 'passkey-remove-with-passkey');
    await waitFor(() => part(el, 'passkeys-empty'), 'the passkey removed');
  });
});

describe('passkeys in <snr-signin>', () => {
  it('signs in with the button: origin PASSKEY; the email field offers passkey autofill', async () => {
    const email = await customerWithPasskey();
    const el = await fixture<SnrSignin>(html`<snr-signin methods="password passkey"></snr-signin>`);
    await waitFor(() => part(el, 'passkey'), 'the passkey button');
    expect(control('snr-signin', 'email').autocomplete).to.equal('username webauthn');
    await expect(el).to.be.accessible();
    const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
    click(el, 'passkey');
    const event = await signedIn;
    expect(event.detail.origin).to.equal('PASSKEY');
    expect(pageSession().client!.state.clientId).to.be.a('number');
    expect((await pageSession().client!.getAccount()).email).to.equal(email);
  });

  it('signs in with passkey autofill (a conditional request) without a press of the button', async () => {
    await customerWithPasskey();
    const el = await fixture<SnrSignin>(html`<snr-signin methods="password passkey"></snr-signin>`);
    const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in', 10_000);
    const email = control('snr-signin', 'email');
    email.focus();
    email.click();
    const event = await signedIn;
    expect(event.detail.origin).to.equal('PASSKEY');
  });

  it('offers no passkey without `passkey` in methods, and loads no WebAuthn code then', async () => {
    const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
    // The element has the server's config (asked once per Client, so this is the element's answer): passkeys are on there.
    const client = await waitFor(() => pageSession().client, 'the session');
    expect((await client.getPublicConfig()).passkeys).to.equal(true);
    await el.updateComplete;
    expect(part(el, 'passkey')).to.equal(null);
    expect(control('snr-signin', 'email').autocomplete).to.equal('username');
  });

  it('refuses a passkey of another site: nothing signs in, and the form says no passkey was used', async () => {
    await executeServerCommand('webauthn-foreign-credential', { rpId: 'other.example' });
    const el = await fixture<SnrSignin>(html`<snr-signin methods="passkey"></snr-signin>`);
    await waitFor(() => part(el, 'passkey'), 'the passkey button');
    click(el, 'passkey');
    await summaryMatches(el, /No passkey was used/, 15_000);
    expect(pageSession().client!.isSignedIn()).to.equal(false);
    await expect(el).to.be.accessible();
  });
});

describe('passkeys in <snr-register>', () => {
  it('registers a newcomer with a passkey and no password, signed in at once', async () => {
    const el = await fixture(html`<snr-register></snr-register>`);
    await waitFor(() => part(el, 'passkey-toggle'), 'the passkey option');
    click(el, 'passkey-toggle');
    await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(el.querySelector('input[name="password"]')).to.equal(null);
    await expect(el).to.be.accessible();
    const email = uniqueEmail();
    type(control('snr-register', 'email'), email);
    const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
    el.querySelector('form')!.requestSubmit();
    expect((await signedIn).detail.origin).to.equal('PASSKEY');
    expect((await credentials()).length).to.equal(1);
  });
});
