import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-account.js';
import { previewFixture } from '../../../test/support/preview-fixture.js';
import type { SnrAccountUpdatedEvent } from '../../events/snr-account-updated.js';
import type { SnrSignedOutEvent } from '../../events/snr-signed-out.js';
import { pageSession } from '../../page/session-hub.js';
import { createClient } from '../../session/index.js';
import {
  API_KEY,
  box,
  check,
  control,
  createAccount,
  fill,
  fitRow,
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
import type { SnrAccount } from './snr-account.element.js';

const PERSONAL = '/v4/my-account/personal-information';
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer();
  await useServer(server);
});
after(() => server?.close());
afterEach(async () => {
  await server.delay(PERSONAL, 0);
  await signOutPage();
});

async function signedIn(profile: Record<string, unknown> = { firstName: 'Ada', lastName: 'Lovelace' }): Promise<string> {
  const email = await createAccount(server, uniqueEmail(), PASSWORD, profile);
  await pageSession().client!.signIn(email, PASSWORD);
  return email;
}

async function mount(template = html`<snr-account></snr-account>`): Promise<SnrAccount> {
  const el = await fixture<SnrAccount>(template);
  await waitFor(() => el.querySelector('form[aria-busy="false"]'), 'the account to load');
  return el;
}

describe('snr-account', () => {
  it('is accessible loaded, signed out, with errors, and dark', async () => {
    await signedIn();
    const el = await mount();
    await expect(el).to.be.accessible();
    for (const state of [
      'loading',
      'stale',
      'invalid',
      'saved',
      'signing-out',
      'signed-out',
      'change-email',
      'change-email-wrong-password',
      'email-sent',
      'delete',
      'deleting',
      'deleted',
    ] as const) {
      const shown = await previewFixture<SnrAccount>('snr-account', state, state === 'invalid' || state === 'loading' ? { attrs: { theme: 'dark' } } : {});
      await expect(shown, state).to.be.accessible();
    }
  });

  describe('defaults', () => {
    it("shows the email as text, the name and phone fields, the server's agreements, and sign-out", async () => {
      const email = await signedIn();
      const el = await mount();
      expect(el.querySelector('[part~="email-value"]')!.textContent).to.equal(email);
      expect(document.querySelector('snr-account [name="email"]'), 'email is not editable').to.equal(null);
      const names = [...el.querySelectorAll('form [name]')].map((c) => c.getAttribute('name'));
      expect(names).to.deep.equal(['firstName', 'lastName', 'phone', 'agreement-email', 'agreement-sms']);
      expect(control('snr-account', 'firstName').value).to.equal('Ada');
      expect(control('snr-account', 'firstName').autocomplete).to.equal('given-name');
      expect(el.querySelector('[part~="sign-out-this"]')!.textContent!.trim()).to.equal('Sign out');
      expect(el.querySelector('[part~="sign-out-all"]')!.textContent!.trim()).to.equal('Sign out on all devices');
    });

    it('shows the signed-out slot, or a note, while nobody is signed in', async () => {
      const el = await fixture<SnrAccount>(html`<snr-account><p slot="signed-out">Please sign in.</p></snr-account>`);
      expect(el.querySelector('form')).to.equal(null);
      expect(el.querySelector<HTMLElement>('[slot="signed-out"]')!.hidden).to.equal(false);
      const plain = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
      expect(plain.textContent!.trim()).to.equal('You are not signed in.');
    });
  });

  describe('layout', () => {
    it('keeps the two sign-out buttons on one line while signing out', async () => {
      // Idle, against a preview Client that never answers a sign-out.
      const el = await previewFixture<SnrAccount>('snr-account', 'signing-out', { state: { steps: undefined, shows: 'form' } });
      const mine = () => el.querySelector<HTMLElement>('[part~="sign-out-this"]')!;
      const all = () => el.querySelector<HTMLElement>('[part~="sign-out-all"]')!;
      await fitRow(el, [mine(), all()]);
      const idle = { mine: box(mine()), all: box(all()) };
      expect(idle.all.top, 'idle: one row').to.equal(idle.mine.top);
      mine().click();
      await el.updateComplete;
      expect(mine().querySelector('[part~="spinner"]')).to.exist;
      expect(mine().getAttribute('aria-disabled')).to.equal('true');
      expect(box(mine())).to.deep.equal(idle.mine);
      expect(box(all()), '"Sign out on all devices" has not moved').to.deep.equal(idle.all);
    });
  });

  describe('behaviour', () => {
    it("paints from the cache at once, then the server's fresh details", async () => {
      const email = await signedIn();
      const page = pageSession().client!;
      await page.getAccount(); // fills the cache: firstName Ada
      // The account changes elsewhere (another device)…
      const other = createClient({ apiBase: server.url, apiKey: API_KEY, storage: 'memory' });
      await other.signIn(email, PASSWORD);
      await other.updateAccount({ firstName: 'Augusta' });
      other.close();
      // …and the server answers slowly.
      await server.delay(PERSONAL, 800);
      const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
      expect(control('snr-account', 'firstName').value, 'from the cache, at once').to.equal('Ada');
      expect(el.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
      await waitFor(() => control('snr-account', 'firstName').value === 'Augusta', 'the fresh details', 5000);
      expect(el.querySelector('form')!.getAttribute('aria-busy')).to.equal('false');
    });

    it('keeps what the customer typed when the fresh details arrive', async () => {
      const email = await signedIn();
      await pageSession().client!.getAccount();
      const other = createClient({ apiBase: server.url, apiKey: API_KEY, storage: 'memory' });
      await other.signIn(email, PASSWORD);
      await other.updateAccount({ firstName: 'Augusta', lastName: 'King' });
      other.close();
      await server.delay(PERSONAL, 600);
      const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
      fill('snr-account', { firstName: 'Mine' });
      await waitFor(() => control('snr-account', 'lastName').value === 'King', 'the fresh details', 5000);
      await el.updateComplete;
      expect(control('snr-account', 'firstName').value).to.equal('Mine');
    });

    it('saves only what changed, agreements included, and says so', async () => {
      await signedIn();
      const el = await mount(html`<snr-account fields="firstName lastName countryCode"></snr-account>`);
      fill('snr-account', { firstName: 'Augusta', countryCode: 'gb' });
      check(control('snr-account', 'agreement-sms'));
      const updated = nextEvent<SnrAccountUpdatedEvent>(el, 'snr-account-updated');
      submit(el);
      const { detail } = await updated;
      expect(detail.changed.sort()).to.deep.equal(['agreements', 'countryCode', 'firstName']);
      expect(detail.account).to.include({ firstName: 'Augusta', lastName: 'Lovelace', countryCode: 'GB' });
      expect(detail.account.agreements.sms).to.equal(true);
      await summaryMatches(el, /changes are saved/);
      const fresh = await pageSession().client!.getAccount();
      expect(fresh).to.include({ firstName: 'Augusta', countryCode: 'GB' });
    });

    it('sends nothing when nothing changed, and refuses invalid values before sending', async () => {
      await signedIn();
      const el = await mount(html`<snr-account fields="firstName countryCode"></snr-account>`);
      const posts = () => server.count('POST', PERSONAL);
      const before = await posts();
      submit(el);
      await summaryMatches(el, /no changes/);
      fill('snr-account', { countryCode: 'Poland' });
      submit(el);
      await summaryMatches(el, /needs your attention/);
      expect(document.activeElement).to.equal(control('snr-account', 'countryCode'));
      // A form that sends is busy from the submit on, until the answer (FormController.onSubmit).
      expect(el.querySelector('form')!.getAttribute('aria-busy'), 'nothing sent').to.equal('false');
      expect(await posts()).to.equal(before);
    });

    it('signs out this device', async () => {
      await signedIn();
      const el = await mount();
      const signedOut = nextEvent<SnrSignedOutEvent>(el, 'snr-signed-out');
      el.querySelector<HTMLButtonElement>('[part~="sign-out-this"]')!.click();
      expect((await signedOut).detail).to.deep.equal({ reason: 'USER_SIGN_OUT', fromAllDevices: false, remote: false });
      await waitFor(() => el.textContent!.includes('You are not signed in.'), 'the signed-out note');
      // The note shows when the session ends here; the focus moves to it once the server has answered.
      await waitFor(() => document.activeElement === el.querySelector('[part~="summary"]'), 'the focus on the signed-out note');
    });

    it('signs out every device', async () => {
      const email = await signedIn();
      const other = createClient({ apiBase: server.url, apiKey: API_KEY, storage: 'memory' });
      await other.signIn(email, PASSWORD);
      const el = await mount();
      const signedOut = nextEvent<SnrSignedOutEvent>(el, 'snr-signed-out');
      el.querySelector<HTMLButtonElement>('[part~="sign-out-all"]')!.click();
      expect((await signedOut).detail.fromAllDevices).to.equal(true);
      let refused = '';
      await other.getAccount().catch((err: { code: string }) => (refused = err.code));
      expect(refused).to.match(/SESSION_REVOKED|SESSION_EXPIRATION/);
      other.close();
    });
  });

  describe('steps', () => {
    it('back from a step puts the focus on the heading of the section that opened it', async () => {
      await signedIn();
      const el = await mount();
      const focused = () => document.activeElement?.textContent?.trim();
      for (const { open, step, section } of [
        { open: 'second-factor', step: 'Two-step verification', section: 'Two-step verification' },
        { open: 'sessions-open', step: 'Signed-in devices', section: 'Signed-in devices' },
        { open: 'change-email', step: 'Change your email address', section: 'Your account' },
        { open: 'delete-account', step: 'Delete your account', section: 'Delete your account' },
      ]) {
        el.querySelector<HTMLButtonElement>(`button[part~="${open}"]`)!.click();
        const back = await waitFor(() => (focused() === step ? el.querySelector<HTMLButtonElement>('[part~="back"]') : null), `the ${open} step`);
        back.click();
        await waitFor(() => el.querySelector('[part~="danger-zone"]'), 'the details again');
        await el.updateComplete;
        expect(focused(), `back from ${open}`).to.equal(section);
        expect(el.contains(document.activeElement), `back from ${open}: the focus in the element`).to.equal(true);
      }
    });
  });

  describe('change email', () => {
    const openStep = async (el: SnrAccount) => {
      el.querySelector<HTMLButtonElement>('[part~="change-email"]')!.click();
      // The step is a capability, loaded on intent.
      await waitFor(() => el.querySelector('[name="email"]') && document.activeElement?.matches('snr-account [part~="heading"]'), 'the email step');
    };

    it('opens a labelled step with the focus on its heading; a wrong password is shown on its field and announced', async () => {
      await signedIn();
      const el = await mount();
      await openStep(el);
      const head = el.querySelector('[part~="heading"]')!;
      expect(head.textContent).to.equal('Change your email address');
      expect(document.activeElement).to.equal(head);
      expect(control('snr-account', 'email').type).to.equal('email');
      expect(control('snr-account', 'email').labels![0]!.textContent).to.contain('New email address');
      expect(control('snr-account', 'password').autocomplete).to.equal('current-password');
      await expect(el).to.be.accessible();

      fill('snr-account', { email: uniqueEmail('new'), password: 'Wrong-pass1!' });
      submit(el);
      await summaryMatches(el, /current password is not right/);
      expect(el.querySelector('[part~="summary"]')!.getAttribute('role')).to.match(/status|alert/);
      expect(control('snr-account', 'password').getAttribute('aria-invalid')).to.equal('true');
      expect(document.activeElement).to.equal(control('snr-account', 'password'));
      await expect(el).to.be.accessible();
    });

    it('sends the link to the new address and says to check the inbox; the address stays until the link is followed', async () => {
      const email = await signedIn();
      const el = await mount();
      await openStep(el);
      const to = uniqueEmail('moved');
      fill('snr-account', { email: to, password: PASSWORD });
      submit(el);
      await waitFor(() => el.textContent!.includes('Check your inbox'), 'the check-your-inbox step');
      await el.updateComplete;
      expect(document.activeElement?.textContent, 'the focus on the heading').to.equal('Check your inbox');
      expect(el.querySelector('[part~="summary"]')!.textContent).to.contain(to);
      await expect(el).to.be.accessible();
      expect(await server.linkToken(to)).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect((await pageSession().client!.getAccount()).email).to.equal(email);

      el.querySelector<HTMLButtonElement>('[part~="back"]')!.click();
      await waitFor(() => el.querySelector('[part~="email-value"]'), 'the details again');
      expect(el.querySelector('[part~="email-value"]')!.textContent).to.equal(email);
    });

    it('refuses an invalid address before sending anything', async () => {
      await signedIn();
      const el = await mount();
      await openStep(el);
      const before = await server.count('POST', '/v4/my-account/email-change/request');
      fill('snr-account', { email: 'not-an-address', password: PASSWORD });
      submit(el);
      await summaryMatches(el, /needs your attention/);
      expect(document.activeElement).to.equal(control('snr-account', 'email'));
      // A form that sends is busy from the submit on, until the answer (FormController.onSubmit).
      expect(el.querySelector('form')!.getAttribute('aria-busy'), 'nothing sent').to.equal('false');
      expect(await server.count('POST', '/v4/my-account/email-change/request')).to.equal(before);
    });
  });

  describe('delete account', () => {
    const openStep = async (el: SnrAccount) => {
      el.querySelector<HTMLButtonElement>('[part~="delete-account"]')!.click();
      // The step is a capability, loaded on intent.
      await waitFor(() => el.querySelector('[part~="consequences"]') && document.activeElement?.matches('snr-account [part~="heading"]'), 'the deletion step');
    };

    it('sits in a separate danger zone; its step names the consequences, asks for the password, and takes the focus', async () => {
      await signedIn();
      const el = await mount();
      const zone = el.querySelector('[part~="danger-zone"]')!;
      expect(zone.closest('form'), 'outside the details form').to.equal(null);
      expect(zone.querySelector('[part~="delete-account"]')!.textContent!.trim()).to.equal('Delete my account');
      await openStep(el);
      const head = el.querySelector('[part~="heading"]')!;
      expect(head.textContent).to.equal('Delete your account');
      expect(document.activeElement).to.equal(head);
      const form = el.querySelector('form')!;
      const warning = document.getElementById(form.getAttribute('aria-describedby')!)!;
      expect(warning.textContent).to.contain('cannot be undone');
      expect(warning.querySelectorAll('li').length).to.equal(3);
      expect(warning.textContent).to.contain('signed out on every device');
      expect(control('snr-account', 'password').required).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('keeps the account on a wrong password, with the error on the field', async () => {
      await signedIn();
      const el = await mount();
      await openStep(el);
      fill('snr-account', { password: 'Wrong-pass1!' });
      submit(el);
      await summaryMatches(el, /current password is not right/);
      expect(control('snr-account', 'password').getAttribute('aria-invalid')).to.equal('true');
      expect(pageSession().client!.isSignedIn()).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('deletes the account: USER_ACCOUNT_DELETED, a fresh anonymous visitor, and the element says so', async () => {
      const email = await signedIn();
      const page = pageSession().client!;
      const uuid = page.getUUID();
      const el = await mount();
      await openStep(el);
      fill('snr-account', { password: PASSWORD });
      const signedOut = nextEvent<SnrSignedOutEvent>(el, 'snr-signed-out');
      // The busy button is seen as it renders (polling could miss it when the server is quick).
      let busy = false;
      const watch = new MutationObserver(() => {
        busy ||= !!el.querySelector('[part~="delete-confirm"] [part~="spinner"]');
      });
      watch.observe(el, { subtree: true, childList: true, attributes: true });
      submit(el);
      expect((await signedOut).detail).to.deep.equal({ reason: 'USER_ACCOUNT_DELETED', fromAllDevices: false, remote: false });
      watch.disconnect();
      expect(busy, 'the busy button while the deletion was under way').to.equal(true);
      await waitFor(() => el.textContent!.includes('Your account has been deleted'), 'the deleted note');
      await el.updateComplete;
      expect(document.activeElement).to.equal(el.querySelector('[part~="summary"]'));
      expect(page.state).to.include({ status: 'anonymous', endReason: 'USER_ACCOUNT_DELETED' });
      expect(page.getUUID()).to.not.equal(uuid);
      expect((await page.retrieveToken()).realm).to.equal('anonymous_client');
      let refused = '';
      await page.signIn(email, PASSWORD).catch((err: { code: string }) => (refused = err.code));
      expect(refused).to.equal('INVALID_CREDENTIALS');
      await expect(el).to.be.accessible();
    });
  });
});
