import { expect, fixture, html } from '@open-wc/testing';
import './snr-auth.js';
import '../snr-session/snr-session.js';
import type { SnrActionEvent, SnrViewChangeEvent } from '../../events/snr-view-change.js';
import {
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
  type,
  uniqueEmail,
  useServer,
  waitFor,
} from '../shared/test-helpers.js';
import { pageSetsNoFont } from '../shared/theme-controller.js';
import type { SnrAuth } from './snr-auth.element.js';

let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer({ SNR_REGISTRATION_MODE: 'automatic', SNR_PASSWORD_POLICY: JSON.stringify({ minLength: 8 }) });
  await useServer(server);
});
after(() => server?.close());
afterEach(signOutPage);

const mount = (view?: string) => (view ? fixture<SnrAuth>(html`<snr-auth view=${view}></snr-auth>`) : fixture<SnrAuth>(html`<snr-auth></snr-auth>`));

/** The view the card shows, as the customer sees it: which element is visible, and which form in it. */
function visible(el: SnrAuth): string {
  const shown = (sel: string) => {
    const node = el.querySelector<HTMLElement>(sel);
    return !!node && node.offsetParent !== null;
  };
  if (shown('[part~="account"]')) return 'account';
  if (shown('snr-register')) return 'register';
  if (shown('snr-signin')) {
    const heading = el.querySelector('snr-signin [part~="heading"]')?.textContent?.trim();
    return heading === 'Sign in' ? 'signin' : 'forgot';
  }
  return 'none';
}

const link = (el: SnrAuth, text: string) => {
  const found = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.offsetParent !== null && b.textContent!.trim() === text);
  if (!found) throw new Error(`no visible button "${text}"`);
  return found;
};

async function settled(el: SnrAuth): Promise<void> {
  await waitFor(() => el.currentView !== null, 'the card to show its first view');
  await el.updateComplete;
}

describe('snr-auth', () => {
  it('starts on sign-in, with "No account? Create one" under it', async () => {
    const el = await mount();
    await settled(el);
    expect(visible(el)).to.equal('signin');
    expect(el.querySelector('[part~="switch"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('No account? Create one');
  });

  it('the view attribute picks the first view', async () => {
    const register = await mount('register');
    await settled(register);
    expect(visible(register)).to.equal('register');
    const forgot = await mount('forgot');
    await settled(forgot);
    await waitFor(() => visible(forgot) === 'forgot', 'the reset request');
    expect(forgot.querySelector('snr-signin [part~="heading"]')!.textContent!.trim()).to.equal('Reset your password');
    const account = await mount('account');
    await settled(account);
    expect(visible(account), 'nobody signed in: sign-in').to.equal('signin');
  });

  it('passes optional-fields, required-fields and agreements to the registration inside', async () => {
    const el = await fixture<SnrAuth>(html`<snr-auth view="register" optional-fields="phone" required-fields="firstName" agreements="email"></snr-auth>`);
    await settled(el);
    const register = el.querySelector('snr-register')!;
    await waitFor(() => register.querySelector('[data-field="phone"]'), 'the phone field');
    expect(register.querySelector<HTMLInputElement>('[data-field="firstName"] input')!.required, 'first name required').to.equal(true);
    const agreementBoxes = [...register.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name^="agreement-"]')].map((i) => i.name);
    expect(agreementBoxes).to.deep.equal(['agreement-email']);
  });

  it('links switch views without a reload: an event each, focus on the new heading', async () => {
    const el = await mount();
    await settled(el);
    let change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change');
    link(el, 'Create one').click();
    expect((await change).detail).to.deep.equal({ from: 'signin', to: 'register' });
    await waitFor(() => document.activeElement?.textContent?.trim() === 'Create an account', 'focus on the register heading');
    expect(visible(el)).to.equal('register');
    expect(el.querySelector('[part~="switch"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Already have an account? Sign in');

    change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change');
    link(el, 'Sign in').click();
    expect((await change).detail).to.deep.equal({ from: 'register', to: 'signin' });
    await waitFor(
      () => document.activeElement?.textContent?.trim() === 'Sign in' && document.activeElement.getAttribute('role') === 'heading',
      'focus on the sign-in heading',
    );

    change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change');
    const inner: SnrViewChangeEvent[] = [];
    const outside = (e: Event) => inner.push(e as SnrViewChangeEvent);
    document.addEventListener('snr-view-change', outside);
    link(el, 'Forgot your password?').click();
    expect((await change).detail).to.deep.equal({ from: 'signin', to: 'forgot' });
    await el.updateComplete;
    document.removeEventListener('snr-view-change', outside);
    expect(
      inner.map((e) => e.detail),
      "the page hears the card's view, not <snr-signin>'s step",
    ).to.deep.equal([{ from: 'signin', to: 'forgot' }]);
    await waitFor(() => document.activeElement?.textContent?.trim() === 'Reset your password', 'focus on the reset heading');
    expect(el.querySelector('[part~="switch"]')).to.equal(null);

    change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change');
    link(el, 'Back to sign in').click();
    expect((await change).detail).to.deep.equal({ from: 'forgot', to: 'signin' });
  });

  it('signs in to the account view (who is signed in), and back to sign-in on sign-out', async () => {
    const email = await createAccount(server);
    const el = await mount();
    await settled(el);
    fill('snr-auth snr-signin', { email, password: PASSWORD });
    const change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change');
    submit(el.querySelector('snr-signin')!);
    expect((await change).detail).to.deep.equal({ from: 'signin', to: 'account' });
    await waitFor(
      () => el.querySelector('[part~="account"] > [part~="heading"]')?.textContent?.trim() === `Signed in as ${email}`,
      'the heading names the customer',
    );
    expect(document.activeElement).to.equal(el.querySelector('[part~="account"] > [part~="heading"]'));
    expect(el.querySelector('snr-account')).to.not.equal(null);
    expect(el.querySelector('snr-change-password')).to.not.equal(null);
    expect(el.querySelectorAll('form[aria-labelledby]').length, 'no copy of a form: the elements hold them').to.be.greaterThan(0);

    const back = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change', 10_000);
    await waitFor(() => !!el.querySelector('snr-account [part~="sign-out-this"]'), 'the sign-out button');
    el.querySelector<HTMLButtonElement>('snr-account [part~="sign-out-this"]')!.click();
    expect((await back).detail).to.deep.equal({ from: 'account', to: 'signin' });
    await waitFor(() => visible(el) === 'signin', 'the sign-in form');
  });

  it('registers to the account view', async () => {
    const el = await mount('register');
    await settled(el);
    const email = uniqueEmail();
    fill('snr-auth snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
    const change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change', 10_000);
    submit(el.querySelector('snr-register')!);
    expect((await change).detail).to.deep.equal({ from: 'register', to: 'account' });
  });

  it('EMAIL_TAKEN offers "Sign in" and "Reset password", which switch views with the email carried', async () => {
    const email = await createAccount(server);
    const el = await mount('register');
    await settled(el);
    fill('snr-auth snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
    submit(el.querySelector('snr-register')!);
    const register = el.querySelector('snr-register')!;
    await summaryMatches(register, /already an account/);
    const emailInput = control('snr-auth snr-register', 'email');
    expect(emailInput.getAttribute('aria-invalid')).to.equal('true');
    const error = register.querySelector<HTMLElement>('[data-field="email"] [part~="error"]')!;
    expect(error.hidden && error.textContent!.trim() === '', 'said once: in the summary, not again under the field').to.equal(true);
    expect(emailInput.getAttribute('aria-describedby')).to.contain(register.querySelector('[part~="summary"]')!.id);

    link(el, 'Sign in').click();
    await waitFor(() => visible(el) === 'signin', 'sign-in');
    await waitFor(() => control('snr-auth snr-signin', 'email').value === email, 'the email carried over');

    link(el, 'Create one').click();
    await waitFor(() => visible(el) === 'register', 'register again');
    link(el, 'Reset password').click();
    await waitFor(() => visible(el) === 'forgot', 'the reset request');
    await waitFor(() => control('snr-auth snr-signin', 'email').value === email, 'the email carried over');
  });

  it('alone, <snr-register> fires snr-action for EMAIL_TAKEN', async () => {
    const email = await createAccount(server);
    const el = await fixture(html`<snr-register></snr-register>`);
    fill('snr-register', { email, password: PASSWORD, confirmPassword: PASSWORD });
    submit(el);
    await summaryMatches(el, /already an account/);
    const action = nextEvent<SnrActionEvent>(el, 'snr-action');
    el.querySelector<HTMLButtonElement>('[part~="email-taken-reset"]')!.click();
    expect((await action).detail).to.deep.equal({ action: 'reset-password', email });
  });

  it('says which password rule is missing, even for one too short', async () => {
    const el = await mount('register');
    await settled(el);
    const password = control('snr-auth snr-register', 'password');
    type(password, 'abc');
    submit(el.querySelector('snr-register')!);
    await el.querySelector('snr-register')!.updateComplete;
    const error = el.querySelector('snr-register [data-field="password"] [part~="error"]')!.textContent!.trim();
    expect(error).to.equal('Your password needs at least 8 characters.');
  });

  it('with history, Back returns to the view before; without it, no history entry', async () => {
    const without = await mount();
    await settled(without);
    const length = window.history.length;
    link(without, 'Create one').click();
    await without.updateComplete;
    expect(window.history.length).to.equal(length);
    without.remove();

    const el = await fixture<SnrAuth>(html`<snr-auth history></snr-auth>`);
    await settled(el);
    link(el, 'Create one').click();
    await waitFor(() => visible(el) === 'register', 'register');
    expect(window.history.state.snrAuthView).to.equal('register');
    const change = nextEvent<SnrViewChangeEvent>(el, 'snr-view-change');
    window.history.back();
    expect((await change).detail).to.deep.equal({ from: 'register', to: 'signin' });
    await waitFor(() => visible(el) === 'signin', 'sign-in after Back');
    await waitFor(() => document.activeElement?.getAttribute('role') === 'heading', 'focus on the heading');
  });

  it('shows a brand slot at the top of the card', async () => {
    const el = await fixture<SnrAuth>(html`<snr-auth><div slot="brand"><strong>Shop</strong></div></snr-auth>`);
    await settled(el);
    const brand = el.querySelector('[slot="brand"]')!;
    const view = el.querySelector('[part~="view"]')!;
    expect(brand.getBoundingClientRect().bottom).to.be.at.most(view.getBoundingClientRect().top);
  });

  it('is accessible in the light and the dark theme, on every view', async () => {
    const el = await mount();
    await settled(el);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    link(el, 'Create one').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('uses a font stack of its own only when the page sets none', async () => {
    const bare = await fixture<SnrAuth>(html`<div><snr-auth></snr-auth></div>`);
    const card = bare.querySelector('snr-auth')!;
    await settled(card);
    expect(pageSetsNoFont(bare)).to.equal(true);
    expect(getComputedStyle(card).fontFamily).to.match(/system-ui/);
    const styled = await fixture(html`<div style="font-family: Georgia, serif"><snr-auth></snr-auth></div>`);
    const inherits = styled.querySelector('snr-auth')!;
    await settled(inherits);
    expect(getComputedStyle(inherits).fontFamily).to.equal('Georgia, serif');
    const own = await fixture(html`<div style="--snr-font-family: Verdana"><snr-auth></snr-auth></div>`);
    expect(getComputedStyle(own.querySelector('snr-auth')!).fontFamily).to.equal('Verdana');
  });
});
