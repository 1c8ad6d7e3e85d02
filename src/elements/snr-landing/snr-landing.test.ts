import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-landing.js';
import { GALLERY } from '../../../demo/gallery-states.js';
import { previewFixture } from '../../../test/support/preview-fixture.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrPasswordChangedEvent } from '../../events/snr-password-changed.js';
import { createClient } from '../../session/index.js';
import { credentialFormSuite } from '../shared/credential-form.suite.js';
import {
  API_KEY,
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
import type { SnrLanding } from './snr-landing.element.js';

const NEW_PASSWORD = 'Brand-new12!';
let activation: TestServer;
let confirmation: TestServer;

before(async function () {
  this.timeout(60_000);
  const policy = JSON.stringify({ minLength: 8 });
  [activation, confirmation] = await Promise.all([
    startServer({ SNR_REGISTRATION_MODE: 'activation', SNR_PASSWORD_POLICY: policy }),
    startServer({ SNR_REGISTRATION_MODE: 'confirmation', SNR_PASSWORD_POLICY: policy }),
  ]);
  await useServer(activation);
});
after(() => Promise.all([activation?.close(), confirmation?.close()]));
afterEach(async () => {
  history.replaceState(null, '', location.pathname);
  await signOutPage();
});

const statusText = (el: Element) => el.querySelector('[part~="summary"]')?.textContent?.trim() ?? '';

/** A reset link's token for a (new, activated-by-reset) account on the activation server. */
async function resetToken(email = uniqueEmail()): Promise<{ email: string; token: string }> {
  await createAccount(activation, email, PASSWORD);
  await fetch(`${activation.url}/v4/clients/password-reset/request`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey: API_KEY, email }),
  });
  return { email, token: await activation.linkToken(email) };
}

async function mountReset(token: string): Promise<SnrLanding> {
  const el = await fixture<SnrLanding>(html`<snr-landing action="reset-password" token=${token}></snr-landing>`);
  await waitFor(() => el.querySelector('input[name="password"]')?.getAttribute('minlength') === '8', 'the server policy');
  return el;
}

describe('snr-landing', () => {
  it('is accessible: reset form, dark, done, invalid link, incomplete', async () => {
    const el = await mountReset('x'.repeat(43));
    await expect(el).to.be.accessible();
    for (const [state, action] of [
      ['invalid', 'reset-password'],
      ['done', 'reset-password'],
      ['invalid-link', 'activate'],
      ['incomplete', undefined],
    ] as const) {
      const shown = await previewFixture<SnrLanding>('snr-landing', state, { action, attrs: state === 'invalid' ? { theme: 'dark' } : {} });
      await expect(shown, state).to.be.accessible();
    }
  });

  describe('defaults', () => {
    it('says the link is incomplete without a token or with an unknown action', async () => {
      const none = await fixture<SnrLanding>(html`<snr-landing></snr-landing>`);
      expect(statusText(none)).to.match(/incomplete/);
      const odd = await fixture<SnrLanding>(html`<snr-landing action="delete" token="abc"></snr-landing>`);
      expect(statusText(odd)).to.match(/incomplete/);
      expect(odd.querySelector('[part~="heading"]')!.textContent, 'no action to name: no reset heading').to.equal('Link from an email');
    });
  });

  describe('behaviour', () => {
    it('activates an account from ?action=activate&token=…, then takes the token out of the address', async () => {
      await useServer(activation);
      const email = await createAccount(activation);
      const token = await activation.linkToken(email);
      history.replaceState(null, '', `${location.pathname}?action=activate&token=${token}&utm=mail`);
      const el = await fixture<SnrLanding>(html`<snr-landing></snr-landing>`);
      await waitFor(() => statusText(el).includes('account is active'), 'the activation');
      expect(el.querySelector('[part~="heading"]')!.textContent).to.equal('Activate your account');
      expect(document.activeElement).to.equal(el.querySelector('[part~="summary"]'));
      expect(location.search).to.equal('?action=activate&utm=mail');
      const client = createClient({ apiBase: activation.url, apiKey: API_KEY, storage: 'memory' });
      await client.signIn(email, PASSWORD);
      client.close();
    });

    it('confirms an email, and says "already confirmed" when the link is opened again', async () => {
      await useServer(confirmation);
      const email = await createAccount(confirmation);
      const token = await confirmation.linkToken(email);
      const el = await fixture<SnrLanding>(html`<snr-landing action="confirm-email" token=${token}></snr-landing>`);
      await waitFor(() => statusText(el).includes('email address is confirmed'), 'the confirmation');
      const again = await fixture<SnrLanding>(html`<snr-landing action="confirm-email" token=${token}><a slot="done" href="/">Go on</a></snr-landing>`);
      await waitFor(() => statusText(again).includes('already confirmed'), 'the second answer');
      expect(again.querySelector<HTMLElement>('[slot="done"]')!.hidden).to.equal(false);
      await useServer(activation);
    });

    it('offers a new link when the link is not valid any more', async () => {
      await useServer(activation);
      const email = await createAccount(activation);
      const el = await fixture<SnrLanding>(html`<snr-landing action="activate" token=${'y'.repeat(43)}></snr-landing>`);
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      expect((await error).detail.code).to.equal('EMAIL_TOKEN_INVALID');
      await waitFor(() => el.querySelector('input[name="email"]'), 'the new-link form');
      expect(statusText(el)).to.match(/not valid any more/);
      const mails = async () => (await activation.query('SELECT id FROM outbox WHERE to_address = ?', [email])).length;
      const before = await mails();
      fill('snr-landing', { email });
      submit(el);
      await waitFor(() => statusText(el).includes('sent it a new link'), 'the answer');
      expect(await mails()).to.equal(before + 1);
    });

    it('takes a token cut short (refused as malformed) for a broken link: the new-link form, for activation and reset', async () => {
      await useServer(activation);
      const el = await fixture<SnrLanding>(html`<snr-landing action="activate" token="cut"></snr-landing>`);
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      expect((await error).detail.code).to.equal('EMAIL_TOKEN_INVALID');
      await waitFor(() => el.querySelector('input[name="email"]'), 'the new-link form');
      expect(statusText(el)).to.match(/not valid any more/);
      const reset = await mountReset('cut');
      fill('snr-landing', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      submit(reset);
      await waitFor(() => reset.querySelector('input[name="email"]'), 'the new-link form after the reset');
      expect(statusText(reset)).to.match(/not valid any more/);
    });

    it('sets a new password from a reset link, with the policy live', async () => {
      await useServer(activation);
      const { email, token } = await resetToken();
      const el = await mountReset(token);
      fill('snr-landing', { password: 'short' });
      await el.updateComplete;
      expect(el.querySelectorAll('[part~="rule"]:not([data-ok])').length).to.be.greaterThan(0);
      fill('snr-landing', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      const changed = nextEvent<SnrPasswordChangedEvent>(el, 'snr-password-changed');
      submit(el);
      expect((await changed).detail).to.deep.equal({ via: 'reset' });
      await waitFor(() => statusText(el).includes('new password is set'), 'the success');
      const client = createClient({ apiBase: activation.url, apiKey: API_KEY, storage: 'memory' });
      await client.signIn(email, NEW_PASSWORD);
      client.close();
    });

    it('asks for a new reset link when the reset link was used', async () => {
      await useServer(activation);
      const { email, token } = await resetToken();
      await fetch(`${activation.url}/v4/clients/password-reset/confirmation`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiKey: API_KEY, token, password: NEW_PASSWORD }),
      });
      const el = await mountReset(token);
      fill('snr-landing', { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      submit(el);
      await waitFor(() => el.querySelector('input[name="email"]'), 'the new-link form');
      fill('snr-landing', { email });
      submit(el);
      await waitFor(() => statusText(el).includes('sent it a new link'), 'the answer');
      const [mail] = await activation.query<{ subject: string }>('SELECT subject FROM outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1', [email]);
      expect(mail!.subject).to.match(/password/i);
    });

    it('moves the account to the new address from ?action=confirm-email-change; the page’s own session stays', async () => {
      await useServer(confirmation);
      const email = await createAccount(confirmation);
      const page = await useServer(confirmation);
      await page.signIn(email, PASSWORD);
      const to = uniqueEmail('moved');
      await page.requestEmailChange(to, PASSWORD);
      const token = await confirmation.linkToken(to);
      history.replaceState(null, '', `${location.pathname}?action=confirm-email-change&token=${token}`);
      const el = await fixture<SnrLanding>(html`<snr-landing></snr-landing>`);
      await waitFor(() => statusText(el).includes('email address is changed'), 'the change');
      expect(el.querySelector('[part~="heading"]')!.textContent).to.equal('Confirm your new email address');
      expect(document.activeElement).to.equal(el.querySelector('[part~="summary"]'));
      expect(location.search).to.equal('?action=confirm-email-change');
      await expect(el).to.be.accessible();
      expect(page.isSignedIn()).to.equal(true);
      expect((await page.getAccount()).email).to.equal(to);
      const other = createClient({ apiBase: confirmation.url, apiKey: API_KEY, storage: 'memory' });
      await other.signIn(to, PASSWORD);
      other.close();
      await useServer(activation);
    });

    it('says an email-change link is not valid any more, and where to ask again (no new-link form)', async () => {
      await useServer(activation);
      const el = await fixture<SnrLanding>(html`<snr-landing action="confirm-email-change" token=${'z'.repeat(43)}></snr-landing>`);
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      expect((await error).detail).to.include({ code: 'EMAIL_TOKEN_INVALID', action: 'confirm-email-change' });
      await waitFor(() => el.querySelector('[part~="intro"]'), 'the advice');
      expect(statusText(el)).to.match(/not valid any more/);
      expect(el.querySelector('[part~="intro"]')!.textContent).to.contain('account page');
      expect(el.querySelector('input')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('reaches every state of the gallery against a preview Client', async () => {
      const states = GALLERY.find((el) => el.tag === 'snr-landing')!.states;
      for (const { key, attrs } of states) {
        const el = await previewFixture<SnrLanding>('snr-landing', key, { action: attrs?.action });
        expect(el.textContent!.trim(), `${attrs?.action} ${key}`).not.to.equal('');
      }
    });
  });
});

credentialFormSuite({
  tag: 'snr-landing',
  mount: async () => {
    await useServer(activation);
    return mountReset((await resetToken()).token);
  },
  server: () => activation,
  autocomplete: { password: 'new-password', confirmPassword: 'new-password' },
  newPasswords: ['password'],
  valid: () => ({ password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
  request: ['POST', '/v4/clients/password-reset/confirmation'],
});
