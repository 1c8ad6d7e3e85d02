import '../../i18n/pl.js'; // Polish is an opt-in module; these tests use it
import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-change-password.js';
import { previewFixture } from '../../../test/support/preview-fixture.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrPasswordChangedEvent } from '../../events/snr-password-changed.js';
import { pageSession } from '../../page/session-hub.js';
import { createClient } from '../../session/index.js';
import { credentialFormSuite } from '../shared/credential-form.suite.js';
import {
  API_KEY,
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
  uniqueEmail,
  useServer,
  waitFor,
} from '../shared/test-helpers.js';
import type { SnrChangePassword } from './snr-change-password.element.js';

const NEW_PASSWORD = 'Changed12!';
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_PASSWORD_POLICY: JSON.stringify({ minLength: 8 }) });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

/** A new account, signed in on the page. */
async function signedIn(): Promise<string> {
  const email = await createAccount(server, uniqueEmail(), PASSWORD);
  await pageSession().client!.signIn(email, PASSWORD);
  return email;
}

async function mount(): Promise<SnrChangePassword> {
  const el = await fixture<SnrChangePassword>(html`<snr-change-password></snr-change-password>`);
  await waitFor(() => el.querySelector('input[name="newPassword"]')?.getAttribute('minlength') === '8', 'the server policy');
  return el;
}

describe('snr-change-password', () => {
  it('is accessible signed in, signed out, with errors, done, and dark', async () => {
    await signedIn();
    const el = await mount();
    await expect(el).to.be.accessible();
    for (const state of ['invalid', 'error', 'done', 'signed-out'] as const) {
      const shown = await previewFixture<SnrChangePassword>('snr-change-password', state, state === 'error' ? { attrs: { theme: 'dark' } } : {});
      await expect(shown, state).to.be.accessible();
    }
  });

  describe('defaults', () => {
    it('says "not signed in" (or shows the site\'s content) while nobody is signed in', async () => {
      const el = await fixture<SnrChangePassword>(html`<snr-change-password></snr-change-password>`);
      expect(el.querySelector('form')).to.equal(null);
      expect(el.textContent!.trim()).to.equal('You are not signed in.');
      const withSlot = await fixture<SnrChangePassword>(html`<snr-change-password><a slot="signed-out" href="#signin">Sign in first</a></snr-change-password>`);
      expect(withSlot.querySelector<HTMLElement>('[slot="signed-out"]')!.hidden).to.equal(false);
      expect(withSlot.querySelector('[part~="summary"]')).to.equal(null);
    });

    it('tells password managers which account: a hidden username with the email', async () => {
      const email = await signedIn();
      await mount();
      await waitFor(() => document.querySelector<HTMLInputElement>('snr-change-password input[name="username"]')?.value === email, 'the username');
      const username = control('snr-change-password', 'username');
      expect(username.autocomplete).to.equal('username');
      expect(username.hidden).to.equal(true);
    });
  });

  describe('behaviour', () => {
    it('changes the password: snr-password-changed, success shown and focused, the new one works', async () => {
      const email = await signedIn();
      const el = await mount();
      fill('snr-change-password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      const changed = nextEvent<SnrPasswordChangedEvent>(el, 'snr-password-changed');
      submit(el);
      expect((await changed).detail).to.deep.equal({ via: 'change' });
      const note = await waitFor(() => el.querySelector('[part~="summary"][data-tone="success"]'), 'the success');
      expect(note.textContent).to.match(/password is changed/);
      expect(document.activeElement).to.equal(note);
      expect(pageSession().client!.isSignedIn(), 'this device stays signed in').to.equal(true);
      const other = createClient({ apiBase: server.url, apiKey: API_KEY, storage: 'memory' });
      await other.signIn(email, NEW_PASSWORD);
      other.close();
    });

    it('puts a wrong current password on its field', async () => {
      await signedIn();
      const el = await mount();
      fill('snr-change-password', { currentPassword: 'Not-it-12!', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      submit(el);
      const { detail } = await error;
      expect(detail).to.include({ code: 'INVALID_CREDENTIALS', action: 'change-password', status: 403 });
      expect(detail.message).to.equal('Your current password is not right.');
      await summaryMatches(el, /^Your current password is not right\.$/);
      const current = control('snr-change-password', 'currentPassword');
      expect(current.getAttribute('aria-invalid')).to.equal('true');
      expect(document.activeElement).to.equal(current);
      // Said once: in the summary; the field is marked and points at it.
      expect(document.getElementById(`${current.id}-error`)!.textContent!.trim()).to.equal('');
      expect(current.getAttribute('aria-describedby')).to.contain(el.querySelector('[part~="summary"]')!.id);
      expect(el.textContent, 'never the sign-in wording').not.to.match(/email address or password/);
    });

    it('says the current password is wrong in Polish too (and in its preview)', async () => {
      await signedIn();
      const el = await fixture<SnrChangePassword>(html`<snr-change-password lang="pl"></snr-change-password>`);
      await waitFor(() => el.querySelector('input[name="newPassword"]')?.getAttribute('minlength') === '8', 'the server policy');
      fill('snr-change-password', { currentPassword: 'Not-it-12!', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      submit(el);
      expect((await error).detail.message).to.equal('Obecne hasło jest niepoprawne.');
      await summaryMatches(el, /^Obecne hasło jest niepoprawne\.$/);
      const shown = await previewFixture<SnrChangePassword>('snr-change-password', 'error', { attrs: { lang: 'pl' } });
      await summaryMatches(shown, /^Obecne hasło jest niepoprawne\.$/);
      expect(shown.textContent).not.to.match(/e-mail/i);
    });

    it('refuses a new password the policy does not allow, before asking the server', async () => {
      await signedIn();
      const el = await mount();
      const before = await server.count('POST', '/v4/my-account/change-password');
      fill('snr-change-password', { currentPassword: PASSWORD, newPassword: 'Short1!', confirmPassword: 'Short1!' });
      submit(el);
      await summaryMatches(el, /need your attention|needs your attention/);
      expect(document.activeElement).to.equal(control('snr-change-password', 'newPassword'));
      expect(await server.count('POST', '/v4/my-account/change-password')).to.equal(before);
    });

    it('goes back to "not signed in" when the session ends', async () => {
      await signedIn();
      const el = await mount();
      await pageSession().client!.signOut();
      await waitFor(() => el.querySelector('form') === null, 'the form to go');
    });
  });
});

credentialFormSuite({
  tag: 'snr-change-password',
  mount: async () => {
    if (!pageSession().client!.isSignedIn()) await signedIn();
    return mount();
  },
  server: () => server,
  autocomplete: { currentPassword: 'current-password', newPassword: 'new-password', confirmPassword: 'new-password' },
  newPasswords: ['newPassword'],
  valid: () => ({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
  request: ['POST', '/v4/my-account/change-password'],
});
