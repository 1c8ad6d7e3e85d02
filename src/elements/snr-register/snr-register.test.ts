import '../../i18n/pl.js'; // Polish is an opt-in module; these tests use it
import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-register.js';
import { addSlotted, previewFixture } from '../../../test/support/preview-fixture.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrRegisteredEvent } from '../../events/snr-registered.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';
import { credentialFormSuite } from '../shared/credential-form.suite.js';
import {
  check,
  control,
  createAccount,
  fill,
  nextEvent,
  signOutPage,
  startServer,
  submit,
  summaryMatches,
  type TestServer,
  uniqueEmail,
  useServer,
  waitFor,
} from '../shared/test-helpers.js';
import type { SnrRegister } from './snr-register.element.js';

const PASSWORD = 'Secret12!';
const POLICY = JSON.stringify({ minLength: 8 });
const servers: Record<'automatic' | 'confirmation' | 'activation', TestServer> = {} as never;

before(async function () {
  this.timeout(60_000); // servers start in child processes; a busy machine is slow
  const [automatic, confirmation, activation] = await Promise.all(
    (['automatic', 'confirmation', 'activation'] as const).map((mode) => startServer({ SNR_REGISTRATION_MODE: mode, SNR_PASSWORD_POLICY: POLICY })),
  );
  Object.assign(servers, { automatic, confirmation, activation });
  await useServer(servers.automatic);
});
after(() => Promise.all(Object.values(servers).map((s) => s.close())));
afterEach(signOutPage);

async function mount(template = html`<snr-register></snr-register>`): Promise<SnrRegister> {
  const el = await fixture<SnrRegister>(template);
  // The policy comes from the server: wait for it (8, not the default 6).
  await waitFor(() => control('snr-register', 'password').getAttribute('minlength') === '8', 'the server policy');
  return el;
}

const rules = (el: Element) =>
  [...el.querySelectorAll('[part~="rule"]')].map((li) => `${li.hasAttribute('data-ok') ? '✓' : '✗'} ${li.querySelector('[part~="rule-text"]')!.textContent}`);

describe('snr-register', () => {
  it('is accessible, in both themes, with errors, and after registering', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    await expect(await previewFixture('snr-register', 'invalid', { attrs: { theme: 'dark' } })).to.be.accessible();
    await expect(await previewFixture('snr-register', 'activation-required', { attrs: { theme: 'light' } })).to.be.accessible();
  });

  describe('defaults', () => {
    it("asks for email, password twice and names, with the server's agreements", async () => {
      const el = await mount();
      const names = [...el.querySelectorAll('form [name]')].map((c) => c.getAttribute('name'));
      expect(names).to.deep.equal(['email', 'password', 'confirmPassword', 'firstName', 'lastName', 'agreement-email', 'agreement-sms']);
      expect(control('snr-register', 'firstName').autocomplete).to.equal('given-name');
      expect(control('snr-register', 'lastName').autocomplete).to.equal('family-name');
      expect(control('snr-register', 'firstName').required).to.equal(false);
      expect(el.querySelector('legend')!.textContent).to.contain('Keep me informed');
    });

    it('adds optional fields and chosen agreements by attribute', async () => {
      await mount(html`<snr-register optional-fields="phone, birthDate sex bogus" required-fields="firstName phone" agreements="push"></snr-register>`);
      expect(control('snr-register', 'phone').type).to.equal('tel');
      expect(control('snr-register', 'phone').autocomplete).to.equal('tel');
      expect(control('snr-register', 'phone').required).to.equal(true);
      expect(control('snr-register', 'firstName').required).to.equal(true);
      expect(control('snr-register', 'birthDate').type).to.equal('date');
      expect(control<HTMLSelectElement>('snr-register', 'sex').getAttribute('autocomplete')).to.equal('sex');
      expect(document.querySelector('snr-register [name="bogus"]')).to.equal(null);
      expect([...document.querySelectorAll('snr-register [name^="agreement-"]')].map((c) => c.getAttribute('name'))).to.deep.equal(['agreement-push']);
    });

    it("lists the server's password rules, in Polish too", async () => {
      const el = await mount(html`<snr-register lang="pl"></snr-register>`);
      expect(rules(el)).to.deep.equal(['✗ co najmniej 8 znaków', '✗ wielką literę', '✗ małą literę', '✗ cyfrę', '✗ znak specjalny, np. ! ? # lub %']);
      const password = control('snr-register', 'password');
      expect(password.getAttribute('aria-describedby')).to.contain(el.querySelector('[part~="password-rules"]')!.id);
    });
  });

  describe('behaviour', () => {
    it('ticks the rules off as the password is typed, and checks the repeat', async () => {
      const el = await mount();
      const password = control('snr-register', 'password');
      fill('snr-register', { password: 'abc' });
      await el.updateComplete;
      expect(rules(el)).to.deep.equal(['✗ at least 8 characters', '✗ an uppercase letter', '✓ a lowercase letter', '✗ a digit', '✗ a symbol, like ! ? # or %']);
      expect(password.validity.valid).to.equal(false);
      fill('snr-register', { password: PASSWORD, confirmPassword: 'Secret12?' });
      await el.updateComplete;
      expect(rules(el).every((r) => r.startsWith('✓'))).to.equal(true);
      expect(password.validity.valid).to.equal(true);
      const confirm = control('snr-register', 'confirmPassword');
      expect(confirm.validity.valid).to.equal(false);
      expect(document.getElementById(`${confirm.id}-error`)!.textContent).to.equal('The passwords do not match.');
    });

    it('automatic mode: registers with the profile, signs in, says so', async () => {
      await useServer(servers.automatic);
      const el = await mount(html`<snr-register optional-fields="phone countryCode" agreements="email sms"></snr-register>`);
      el.profileAttributes = { source: 'test' };
      const email = uniqueEmail();
      fill('snr-register', {
        email,
        password: PASSWORD,
        confirmPassword: PASSWORD,
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+48 600 000 000',
        countryCode: 'pl',
      });
      check(control('snr-register', 'agreement-email'));
      const registered = nextEvent<SnrRegisteredEvent>(el, 'snr-registered');
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      submit(el);
      expect((await registered).detail).to.include({ status: 'REGISTERED', registrationMode: 'automatic', email });
      await signedIn;
      const note = await waitFor(() => el.querySelector('[part~="summary"][data-tone="success"]'), 'the outcome');
      expect(note.textContent).to.equal('Your account is ready and you are signed in.');
      expect(document.activeElement).to.equal(note);
      expect(el.querySelector('[part~="resend"]')).to.equal(null);
      const account = await pageSession().client!.getAccount();
      expect(account).to.include({ email, firstName: 'Ada', lastName: 'Lovelace', phone: '+48 600 000 000', countryCode: 'PL' });
      expect(account.agreements).to.include({ email: true, sms: false });
      expect(account.attributes).to.include({ source: 'test' });
    });

    it('confirmation mode: signs in, asks to confirm the email, and sends it again', async () => {
      await useServer(servers.confirmation);
      const el = await mount();
      const email = uniqueEmail();
      fill('snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
      const signedIn = nextEvent(el, 'snr-signed-in');
      submit(el);
      await signedIn;
      const note = await waitFor(() => el.querySelector('[part~="summary"][data-tone="success"]'), 'the outcome');
      expect(note.textContent).to.contain(`We have sent a link to ${email}`);
      const mails = async () => (await servers.confirmation.query('SELECT id FROM outbox WHERE to_address = ?', [email])).length;
      expect(await mails()).to.equal(1);
      el.querySelector<HTMLButtonElement>('[part~="resend"]')!.click();
      await waitFor(() => el.querySelector('[part~="resend-status"]')!.textContent!.includes('again'), 'the resend answer');
      expect(await mails()).to.equal(2);
      // Signed out (by another element, another tab…): "you are signed in" is no longer true.
      await pageSession().client!.signOut();
      await waitFor(() => el.querySelector('form'), 'the form, back after the sign-out');
      expect(el.querySelector('[part~="resend"]')).to.equal(null);
      expect(el.textContent).not.to.contain('you are signed in');
      await useServer(servers.automatic);
    });

    it('activation mode: does not sign in; says to check the inbox, with resend', async () => {
      await useServer(servers.activation);
      const el = await mount();
      const email = uniqueEmail();
      fill('snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
      const registered = nextEvent<SnrRegisteredEvent>(el, 'snr-registered');
      submit(el);
      expect((await registered).detail.status).to.equal('ACTIVATION_REQUIRED');
      const title = await waitFor(() => el.querySelector('[data-status] [part~="heading"]'), 'the outcome');
      expect(title.textContent).to.equal('Check your inbox');
      expect(document.activeElement).to.equal(title);
      expect(pageSession().client!.isSignedIn()).to.equal(false);
      expect(el.querySelector('[part~="resend"]')).to.exist;
      await useServer(servers.automatic);
    });

    it('puts "email taken" on the email field and focuses it', async () => {
      await useServer(servers.automatic);
      const email = await createAccount(servers.automatic, uniqueEmail(), PASSWORD);
      const el = await mount();
      fill('snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      submit(el);
      expect((await error).detail).to.include({ code: 'EMAIL_TAKEN', action: 'register', status: 409 });
      await summaryMatches(el, /already an account/);
      const input = control('snr-register', 'email');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(document.activeElement).to.equal(input);
      fill('snr-register', { email: uniqueEmail() });
      await el.updateComplete;
      expect(input.getAttribute('aria-invalid'), 'a new value clears it').to.equal('false');
    });

    it("lets a preview Client win over the page's session: a signed-in page still shows the previewed form", async () => {
      await useServer(servers.automatic);
      const email = await createAccount(servers.automatic, uniqueEmail(), PASSWORD);
      await pageSession().client!.signIn(email, PASSWORD);
      const el = await previewFixture<SnrRegister>('snr-register', 'invalid');
      const welcome = await addSlotted(el, 'signed-in', 'Welcome!');
      expect(el.querySelector('form'), 'the previewed form').to.exist;
      expect(el.querySelector('[aria-invalid="true"]')).to.exist;
      expect(welcome.hidden, 'the signed-in slot hidden').to.equal(true);
      for (const state of ['idle', 'busy', 'error'] as const) {
        const other = await previewFixture<SnrRegister>('snr-register', state);
        expect(other.querySelector('form'), state).to.exist;
        expect(other.textContent, state).not.to.contain('You are signed in.');
      }
      const signedIn = await previewFixture<SnrRegister>('snr-register', 'signed-in');
      expect((await addSlotted(signedIn, 'signed-in', 'Welcome!')).hidden).to.equal(false);
      const outside = await fixture<SnrRegister>(html`<snr-register></snr-register>`);
      expect(outside.querySelector('form'), "outside the preview the page's session decides").to.equal(null);
    });

    it('reaches every state of the gallery against a preview Client', async () => {
      for (const state of ['busy', 'invalid', 'error', 'registered', 'confirmation-required', 'activation-required', 'signed-in'] as const) {
        const el = await previewFixture('snr-register', state);
        expect(el.textContent!.trim(), state).not.to.equal('');
      }
    });
  });
});

credentialFormSuite({
  tag: 'snr-register',
  mount: async () => {
    await useServer(servers.automatic);
    return mount();
  },
  server: () => servers.automatic,
  autocomplete: { email: 'username', password: 'new-password', confirmPassword: 'new-password' },
  newPasswords: ['password', 'confirmPassword'].slice(0, 1),
  valid: () => ({ email: uniqueEmail(), password: PASSWORD, confirmPassword: PASSWORD }),
  request: ['POST', '/sauth/clients/registered'],
});
