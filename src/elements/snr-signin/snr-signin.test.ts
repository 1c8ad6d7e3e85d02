import '../../i18n/pl.js'; // Polish is an opt-in module; these tests use it
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../snr-session/snr-session.js';
import './snr-signin.js';
import { addSlotted, previewFixture } from '../../../test/support/preview-fixture.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';
import { credentialFormSuite } from '../shared/credential-form.suite.js';
import {
  box,
  confirmEmail,
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
  summaryText,
  type TestServer,
  uniqueEmail,
  useServer,
  waitFor,
} from '../shared/test-helpers.js';
import type { SnrSignin } from './snr-signin.element.js';

const POLICY = JSON.stringify({ minLength: 8 });
let server: TestServer;

before(async function () {
  this.timeout(60_000); // servers start in child processes; a busy machine is slow
  // Activation mode, so "not activated yet" can be seen; a low limit, so "too many attempts" can.
  server = await startServer({
    SNR_REGISTRATION_MODE: 'activation',
    SNR_PASSWORD_POLICY: POLICY,
    SNR_RATE_LIMIT: JSON.stringify({ signInPerAccountAndAddress: 3, signInPerAddress: 1000, windowSeconds: 600 }),
  });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

const mount = () => fixture<SnrSignin>(html`<snr-signin></snr-signin>`);

async function activeAccount(): Promise<string> {
  const email = await createAccount(server);
  await confirmEmail(server, email);
  return email;
}

describe('snr-signin', () => {
  it('is accessible, in the light and the dark theme, and with errors shown', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    for (const state of ['activation-required', 'forgot'] as const) {
      const shown = await previewFixture<SnrSignin>('snr-signin', state, { attrs: { theme: 'dark' } });
      await expect(shown, state).to.be.accessible();
    }
  });

  describe('defaults', () => {
    it('shows a titled form with email, password, show-password, submit and the reset path', async () => {
      const el = await mount();
      const form = el.querySelector('form')!;
      const heading = el.querySelector('[part~="heading"]')!;
      expect(heading.textContent!.trim()).to.equal('Sign in');
      expect(form.getAttribute('aria-labelledby')).to.equal(heading.id);
      expect(control('snr-signin', 'email').type).to.equal('email');
      expect(control('snr-signin', 'email').required).to.equal(true);
      expect(control('snr-signin', 'password').type).to.equal('password');
      expect(el.querySelector('button[type="submit"]')!.textContent!.trim()).to.equal('Sign in');
      expect(el.querySelector('[part~="forgot"]')!.textContent!.trim()).to.equal('Forgot your password?');
      expect(summaryText(el)).to.equal('');
    });

    it('speaks the language of its lang attribute, and follows a change of it', async () => {
      const el = await fixture<SnrSignin>(html`<snr-signin lang="pl"></snr-signin>`);
      expect(el.querySelector('[part~="heading"]')!.textContent!.trim()).to.equal('Zaloguj się');
      el.setAttribute('lang', 'en');
      await waitFor(() => el.querySelector('[part~="heading"]')!.textContent!.trim() === 'Sign in', 'English');
    });

    it("follows a change of an ancestor's lang (a site switching one section's language)", async () => {
      const section = await fixture<HTMLElement>(html`<section lang="de"><snr-signin></snr-signin></section>`);
      const el = section.querySelector<SnrSignin>('snr-signin')!;
      await el.updateComplete;
      expect(el.querySelector('[part~="heading"]')!.textContent!.trim()).to.equal('Sign in', 'no German table: English');
      section.setAttribute('lang', 'pl');
      await waitFor(() => el.querySelector('[part~="heading"]')!.textContent!.trim() === 'Zaloguj się', 'Polish');
      expect(el.querySelector('form')!.hasAttribute('lang'), 'Polish as the section says: no lang of its own').to.equal(false);
    });

    it('takes its heading level from heading-level', async () => {
      const el = await fixture<SnrSignin>(html`<snr-signin heading-level="3"></snr-signin>`);
      expect(el.querySelector('[part~="heading"]')!.getAttribute('aria-level')).to.equal('3');
    });

    it('shows the password as text while the toggle inside the field is pressed', async () => {
      const el = await mount();
      const toggle = el.querySelector<HTMLButtonElement>('[part~="input-wrap"] > button[part~="reveal"]')!;
      expect(toggle.getAttribute('aria-label')).to.equal('Show password');
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      expect(toggle.closest('[part~="field"]')!.querySelector('input')!.name).to.equal('password', 'inside the password field');
      toggle.click();
      await el.updateComplete;
      expect(control('snr-signin', 'password').type).to.equal('text');
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      toggle.click();
      await el.updateComplete;
      expect(control('snr-signin', 'password').type).to.equal('password');
      expect(el.querySelector('input[type="checkbox"]'), 'no "show password" checkbox').to.equal(null);
    });
  });

  describe('behaviour', () => {
    it('signs in: snr-signed-in without a token, the signed-in note focused', async () => {
      const email = await activeAccount();
      const el = await mount();
      fill('snr-signin', { email, password: PASSWORD });
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      submit(el);
      const event = await signedIn;
      expect(event.detail.clientId).to.be.a('number');
      expect(event.detail.origin).to.equal('SYNERISE');
      expect(event.bubbles && event.composed).to.equal(true);
      expect(JSON.stringify(event.detail)).not.to.match(/eyJ/); // no JWT inside
      await waitFor(() => el.querySelector('form') === null, 'the form to go');
      const note = el.querySelector('[part~="summary"]')!;
      expect(note.textContent!.trim()).to.equal('You are signed in.');
      // The note shows once the session is signed in; the focus moves to it once the form's answer is
      // settled, which may be an update later.
      await waitFor(() => document.activeElement === note, 'the focus on the signed-in note');
    });

    it('works from the keyboard alone, in a sensible tab order', async () => {
      const email = await activeAccount();
      const el = await mount();
      (document.activeElement as HTMLElement | null)?.blur();
      const order: string[] = [];
      for (let i = 0; i < 5; i++) {
        await sendKeys({ press: 'Tab' });
        const active = document.activeElement as HTMLElement;
        order.push(active.getAttribute('name') ?? active.getAttribute('part') ?? active.localName);
      }
      expect(order).to.deep.equal(['email', 'password', 'reveal', 'button submit', 'link forgot']);
      await sendKeys({ press: 'Shift+Tab' });
      await sendKeys({ press: 'Shift+Tab' });
      await sendKeys({ press: 'Shift+Tab' });
      await sendKeys({ press: 'Shift+Tab' });
      expect(document.activeElement).to.equal(control('snr-signin', 'email'));
      await sendKeys({ type: email });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: PASSWORD });
      const signedIn = nextEvent(el, 'snr-signed-in');
      await sendKeys({ press: 'Enter' });
      await signedIn;
    });

    it('says wrong credentials on the password field, focuses it, and raises snr-error', async () => {
      const email = await activeAccount();
      const el = await mount();
      fill('snr-signin', { email, password: 'Wrong-pass1!' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      submit(el);
      expect((await error).detail).to.include({ code: 'INVALID_CREDENTIALS', action: 'sign-in', status: 401 });
      await summaryMatches(el, /email address or password is not right/);
      const password = control('snr-signin', 'password');
      expect(password.getAttribute('aria-invalid')).to.equal('true');
      expect(document.activeElement).to.equal(password);
      // Said once: the summary words it, the field points at the summary instead of repeating it.
      expect(document.getElementById(`${password.id}-error`)!.textContent!.trim()).to.equal('');
      expect(password.getAttribute('aria-describedby')).to.contain(el.querySelector('[part~="summary"]')!.id);
    });

    it('offers to resend the activation email to an account not activated yet', async () => {
      const email = await createAccount(server);
      const el = await mount();
      fill('snr-signin', { email, password: PASSWORD });
      submit(el);
      await summaryMatches(el, /not active yet/);
      const mails = async () => (await server.query('SELECT id FROM outbox WHERE to_address = ?', [email])).length;
      const before = await mails();
      el.querySelector<HTMLButtonElement>('[part~="resend"]')!.click();
      await summaryMatches(el, /sent it a new link/);
      expect(await mails()).to.equal(before + 1);
      expect(el.querySelector('[part~="resend"]')).to.equal(null);
    });

    it('says when to try again after too many attempts', async () => {
      const email = await activeAccount();
      const el = await mount();
      for (let i = 0; i < 3; i++) {
        fill('snr-signin', { email, password: `Wrong-pass${i}!` });
        const refused = nextEvent<SnrErrorEvent>(el, 'snr-error');
        submit(el);
        expect((await refused).detail.code).to.equal('INVALID_CREDENTIALS');
      }
      fill('snr-signin', { email, password: 'Wrong-again1!' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      submit(el);
      const { detail } = await error;
      expect(detail.code).to.equal('RATE_LIMITED');
      expect(detail.retryAfter).to.be.greaterThan(0);
      expect(await summaryMatches(el, /Too many attempts/)).to.match(/Try again in \d+ minutes \(at .+\)\./);
    });

    it('requests a reset link and answers the same whether or not the email has an account', async () => {
      const email = await activeAccount();
      const stranger = uniqueEmail('nobody');
      const el = await mount();
      fill('snr-signin', { email });
      el.querySelector<HTMLButtonElement>('[part~="forgot"]')!.click();
      await el.updateComplete;
      expect(document.activeElement).to.equal(el.querySelector('[part~="heading"]'));
      expect(control('snr-signin', 'email').value, 'the email typed is carried over').to.equal(email);
      submit(el);
      const known = (await waitFor(() => el.querySelector('[part~="summary"][data-tone="success"]'), 'the answer')).textContent!.replace(email, 'X');
      expect((await server.query('SELECT id FROM outbox WHERE to_address = ? AND subject LIKE ?', [email, '%assword%'])).length).to.equal(1);

      el.querySelector<HTMLButtonElement>('[part~="back"]')!.click();
      await el.updateComplete;
      el.querySelector<HTMLButtonElement>('[part~="forgot"]')!.click();
      await el.updateComplete;
      fill('snr-signin', { email: stranger });
      submit(el);
      await waitFor(() => el.querySelector('[part~="summary"][data-tone="success"]')?.textContent?.includes(stranger), 'the answer');
      expect(el.querySelector('[part~="summary"]')!.textContent!.replace(stranger, 'X')).to.equal(known);
    });

    it("shows the site's signed-in content instead of the form while signed in", async () => {
      const email = await activeAccount();
      const el = await fixture<SnrSignin>(html`<snr-signin><p slot="signed-in">Welcome back!</p></snr-signin>`);
      const welcome = el.querySelector<HTMLElement>('[slot="signed-in"]')!;
      expect(welcome.hidden).to.equal(true);
      fill('snr-signin', { email, password: PASSWORD });
      submit(el);
      await waitFor(() => !welcome.hidden, 'the slotted content');
      expect(el.querySelector('form')).to.equal(null);
    });

    it("lets a preview Client win over the page's session: a signed-in page still shows the previewed form", async () => {
      const email = await activeAccount();
      await pageSession().client!.signIn(email, PASSWORD);
      const withWelcome = async (state: string) => {
        const el = await previewFixture<SnrSignin>('snr-signin', state);
        return { el, welcome: await addSlotted(el, 'signed-in', 'Welcome back!') };
      };
      const busy = await withWelcome('busy');
      expect(busy.el.querySelector('form'), 'the busy form').to.exist;
      expect(busy.el.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
      expect(busy.welcome.hidden, 'the signed-in slot hidden').to.equal(true);
      for (const state of ['idle', 'error', 'forgot', 'forgot-sent'] as const) {
        const { el, welcome } = await withWelcome(state);
        expect(el.textContent, state).not.to.contain('You are signed in.');
        expect(welcome.hidden, state).to.equal(true);
      }
      expect((await withWelcome('signed-in')).welcome.hidden).to.equal(false);
      const outside = await mount();
      expect(outside.querySelector('form'), "outside the preview the page's session decides").to.equal(null);
    });

    it('keeps its layout while busy: the button keeps its size, "Forgot your password?" stays beside it', async () => {
      // Idle, against a preview Client that never answers a sign-in.
      const el = await previewFixture<SnrSignin>('snr-signin', 'busy', { state: { steps: undefined, shows: 'form' } });
      const submitButton = () => el.querySelector<HTMLElement>('[part~="submit"]')!;
      const forgot = () => el.querySelector<HTMLElement>('[part~="forgot"]')!;
      await fitRow(el, [submitButton(), forgot()]);
      const idle = { button: box(submitButton()), forgot: box(forgot()) };
      expect(idle.forgot.left, 'idle: one row').to.be.greaterThan(idle.button.left + idle.button.width);
      fill('snr-signin', { email: 'name@example.com', password: PASSWORD });
      submit(el);
      await el.updateComplete;
      expect(submitButton().querySelector('[part~="spinner"]')).to.exist;
      expect(box(submitButton())).to.deep.equal(idle.button);
      expect(box(forgot()), '"Forgot your password?" has not moved').to.deep.equal(idle.forgot);
    });

    it('names its busy button by what it is doing', async () => {
      const el = await previewFixture<SnrSignin>('snr-signin', 'busy');
      const button = el.querySelector<HTMLElement>('[part~="submit"]')!;
      const name = [...button.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE || (n instanceof HTMLElement && n.getAttribute('aria-hidden') !== 'true' && !n.hidden))
        .map((n) => n.textContent)
        .join('')
        .trim();
      expect(name).to.equal('Signing in…');
      expect(button.getAttribute('aria-disabled')).to.equal('true');
    });

    it('reaches every state of the gallery against a preview Client, without a server', async () => {
      for (const state of ['busy', 'invalid', 'error', 'activation-required', 'rate-limited', 'forgot', 'forgot-sent', 'signed-in'] as const) {
        const el = await previewFixture<SnrSignin>('snr-signin', state);
        expect(el.textContent!.trim(), state).not.to.equal('');
      }
      const el = await previewFixture<SnrSignin>('snr-signin', 'rate-limited');
      expect(summaryText(el)).to.match(/Try again in 15 minutes/);
    });
  });
});

credentialFormSuite({
  tag: 'snr-signin',
  mount,
  server: () => server,
  autocomplete: { email: 'username', password: 'current-password' },
  newPasswords: [],
  valid: () => ({ email: uniqueEmail(), password: PASSWORD }),
  request: ['POST', '/sauth/v3/auth/login/client/conditional'],
});
