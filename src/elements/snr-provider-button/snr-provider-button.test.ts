import '../../i18n/pl.js'; // Polish is an opt-in module; these tests use it
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../snr-session/snr-session.js';
import './snr-provider-button.js';
import type { IdIssuers } from '../../../test/browser/session/helpers.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';
import { type IdpPlan, idpStandIn, nextEvent, signOutPage, startServer, TestServer, uniqueEmail, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrProviderButton } from './snr-provider-button.element.js';

const CONDITIONAL = '/sauth/v3/auth/login/client/conditional';
const LOGIN = '/sauth/v3/auth/login/client';
/** The Facebook JS SDK stand-in of the Facebook button's tests (tokens `fb:<id>:<email>` are valid). */
const FB_SDK = new URL('../../../test/browser/fixtures/facebook-sdk.js', import.meta.url).href;

const standIn = idpStandIn;
const plan = (kind: 'google' | 'apple', next: IdpPlan) => (standIn(kind).next = next);

let plain: TestServer;
let withIdp: TestServer;
let issuers: IdIssuers;

before(async function () {
  this.timeout(60_000);
  issuers = await TestServer.idIssuers();
  const providers = await TestServer.providers();
  [plain, withIdp] = await Promise.all([
    startServer(),
    startServer({
      ...issuers.env,
      SNR_FACEBOOK_APP_ID: providers.SNR_FACEBOOK_APP_ID!,
      SNR_FACEBOOK_APP_SECRET: providers.SNR_FACEBOOK_APP_SECRET!,
      SNR_FACEBOOK_GRAPH_URL: providers.SNR_FACEBOOK_GRAPH_URL!,
    }),
  ]);
  await useServer(withIdp);
});
after(() => Promise.all([plain?.close(), withIdp?.close()]));
afterEach(async () => {
  await signOutPage();
  standIn('google').next = null;
  standIn('apple').next = null;
});

const button = (el: SnrProviderButton) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!;
const message = (el: SnrProviderButton) => el.shadowRoot!.querySelector('[part~="message"]')!;
const part = <T extends Element = HTMLElement>(el: SnrProviderButton, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const scripts = () => [...document.querySelectorAll<HTMLScriptElement>('script[data-snr-provider-script]')].map((s) => s.src);
const google = () => html`<snr-provider-button provider="google" script-url=${issuers.google.scriptUrl}></snr-provider-button>`;
const apple = () => html`<snr-provider-button provider="apple" script-url=${issuers.apple.scriptUrl}></snr-provider-button>`;

describe('snr-provider-button', () => {
  describe('defaults', () => {
    it("Google: a white button with the four-colour G and “Sign in with Google”, Google's border and label colours, 44 px high", async () => {
      const el = await fixture<SnrProviderButton>(google());
      const b = button(el);
      expect(b.type).to.equal('button');
      expect(b.textContent!.trim()).to.equal('Sign in with Google');
      const icon = b.querySelector('svg[part~="icon"]')!;
      expect(icon.getAttribute('aria-hidden')).to.equal('true');
      expect([...icon.querySelectorAll('path')].map((p) => p.getAttribute('fill'))).to.deep.equal(['#EA4335', '#4285F4', '#FBBC05', '#34A853']);
      const style = getComputedStyle(b);
      expect(style.backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(style.color).to.equal('rgb(31, 31, 31)');
      expect(style.borderTopColor).to.equal('rgb(116, 119, 117)');
      expect(b.getBoundingClientRect().height).to.be.at.least(44);
      expect(icon.getBoundingClientRect().width).to.equal(18);
    });

    it('Apple: black with the white Apple logo and “Sign in with Apple”; the white style in the dark theme', async () => {
      const el = await fixture<SnrProviderButton>(apple());
      const b = button(el);
      expect(b.textContent!.trim()).to.equal('Sign in with Apple');
      expect(getComputedStyle(b).backgroundColor).to.equal('rgb(0, 0, 0)');
      expect(getComputedStyle(b).color).to.equal('rgb(255, 255, 255)');
      expect(b.getBoundingClientRect().height).to.be.at.least(44);
      const dark = await fixture<SnrProviderButton>(html`<snr-provider-button provider="apple" theme="dark"></snr-provider-button>`);
      expect(getComputedStyle(button(dark)).backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(getComputedStyle(button(dark)).color).to.equal('rgb(0, 0, 0)');
    });

    it('speaks Polish; Facebook keeps its own label and blue', async () => {
      const pl = await fixture<SnrProviderButton>(html`<snr-provider-button provider="google" lang="pl"></snr-provider-button>`);
      expect(button(pl).textContent!.trim()).to.equal('Zaloguj się przez Google');
      const fb = await fixture<SnrProviderButton>(html`<snr-provider-button provider="facebook"></snr-provider-button>`);
      expect(button(fb).textContent!.trim()).to.equal('Continue with Facebook');
      expect(getComputedStyle(button(fb)).backgroundColor).to.equal('rgb(8, 102, 255)');
    });

    it('is accessible: idle for each provider in both themes, the agreements step, an error', async () => {
      for (const provider of ['google', 'apple', 'facebook']) {
        for (const theme of ['light', 'dark']) {
          const el = await fixture<SnrProviderButton>(html`<snr-provider-button provider=${provider} theme=${theme}></snr-provider-button>`);
          await expect(el, `${provider} ${theme}`).to.be.accessible();
        }
      }
      const el = await fixture<SnrProviderButton>(google());
      plan('google', { kind: 'person', fields: { email: uniqueEmail('a11y') } });
      button(el).click();
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      await expect(el).to.be.accessible();
      part(el, 'cancel')!.click();
      plan('google', { kind: 'cancel' });
      const failed = nextEvent(el, 'snr-error');
      await el.updateComplete;
      button(el).click();
      await failed;
      await expect(el).to.be.accessible();
    });
  });

  describe('behaviour', () => {
    it("loads the provider's script only on intent (focus or pointer), once", async () => {
      const el = await fixture<SnrProviderButton>(apple());
      await el.updateComplete;
      expect(
        scripts().filter((s) => s === issuers.apple.scriptUrl),
        'nothing before intent',
      ).to.have.length(0);
      button(el).focus();
      await waitFor(() => standIn('apple').loads > 0, "Apple's script");
      expect(scripts().filter((s) => s === issuers.apple.scriptUrl)).to.have.length(1);
      button(el).blur();
      button(el).focus();
      await fixture<SnrProviderButton>(apple());
      expect(standIn('apple').loads, 'loaded once per page').to.equal(1);
    });

    it('a Google newcomer: the prompt with a fresh nonce per attempt, the agreements step, an account with the ticked agreements', async () => {
      const email = uniqueEmail('gnew');
      const el = await fixture<SnrProviderButton>(google());
      const before = { conditional: await withIdp.count('POST', CONDITIONAL), login: await withIdp.count('POST', LOGIN) };
      plan('google', { kind: 'person', fields: { email, given_name: 'Greta', family_name: 'New' } });
      button(el).click();
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      expect(el.shadowRoot!.activeElement?.id, 'focus on the step heading').to.equal('new-heading');
      expect(part(el, 'intro')!.textContent).to.contain('No account here uses this profile yet');
      const init = standIn('google')
        .calls.filter(([name]) => name === 'initialize')
        .at(-1)![1]!;
      expect(init.client_id).to.equal(issuers.google.clientId);
      expect(init.nonce).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(await withIdp.count('POST', CONDITIONAL)).to.equal(before.conditional + 1);
      expect(pageSession().client!.isSignedIn()).to.equal(false);

      el.shadowRoot!.querySelector<HTMLInputElement>('input[name="agreement-email"]')!.click();
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      part<HTMLButtonElement>(el, 'confirm')!.click();
      expect((await signedIn).detail.origin).to.equal('GOOGLE');
      expect(await withIdp.count('POST', LOGIN)).to.equal(before.login + 1);
      const account = await pageSession().client!.getAccount();
      expect(account).to.include({ email, firstName: 'Greta', lastName: 'New' });
      expect(account.agreements.email).to.equal(true);
      await waitFor(() => message(el).textContent === 'You are signed in.', 'the success note');
      expect(el.shadowRoot!.activeElement?.id, 'focus back on the button').to.equal('button');

      // The next attempt has a nonce of its own.
      await signOutPage();
      plan('google', { kind: 'cancel' });
      const cancelled = nextEvent(el, 'snr-error');
      button(el).click();
      await cancelled;
      const nonces = standIn('google')
        .calls.filter(([name]) => name === 'initialize')
        .map(([, o]) => o!.nonce);
      expect(new Set(nonces).size).to.equal(nonces.length);
    });

    it('an Apple customer known already is signed in at once (conditional only), with the pop-up and the nonce', async () => {
      const email = uniqueEmail('aknown');
      // The first visit registers them.
      const el = await fixture<SnrProviderButton>(
        html`<snr-provider-button provider="apple" agreements="" script-url=${issuers.apple.scriptUrl}></snr-provider-button>`,
      );
      plan('apple', { kind: 'person', fields: { email } });
      button(el).click();
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      expect(el.shadowRoot!.querySelector('fieldset'), 'no agreements asked').to.equal(null);
      part<HTMLButtonElement>(el, 'confirm')!.click();
      await waitFor(() => pageSession().client!.isSignedIn(), 'signed in');
      const [row] = await withIdp.query<{ subject: string }>("SELECT subject FROM client_identities WHERE provider = 'APPLE' AND client_id = ?", [
        pageSession().client!.state.clientId,
      ]);
      await signOutPage();

      const login = await withIdp.count('POST', LOGIN);
      plan('apple', { kind: 'person', person: row!.subject });
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      button(el).click();
      expect((await signedIn).detail.origin).to.equal('APPLE');
      expect(await withIdp.count('POST', LOGIN), 'no registration').to.equal(login);
      const init = standIn('apple')
        .calls.filter(([name]) => name === 'init')
        .at(-1)![1]!;
      expect(init).to.include({ clientId: issuers.apple.clientId, usePopup: true, redirectURI: location.origin + location.pathname });
      expect(init.nonce).to.match(/^[A-Za-z0-9_-]{43}$/);
    });

    it('closing the provider’s window: PROVIDER_CANCELLED; Google’s prompt not shown: PROVIDER_UNAVAILABLE; ready again after each', async () => {
      const el = await fixture<SnrProviderButton>(apple());
      plan('apple', { kind: 'cancel' });
      let error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      expect((await error).detail).to.include({ code: 'PROVIDER_CANCELLED', action: 'apple' });
      expect(message(el).getAttribute('data-tone')).to.equal('error');
      expect(button(el).hasAttribute('aria-disabled')).to.equal(false);

      const g = await fixture<SnrProviderButton>(google());
      plan('google', { kind: 'not-displayed' });
      error = nextEvent<SnrErrorEvent>(g, 'snr-error');
      button(g).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'PROVIDER_UNAVAILABLE', action: 'google' });
      expect(detail.message).to.equal('The sign-in service could not be reached. Check your connection or any content blocker, then try again.');
    });

    it('a token the server refuses (another audience: a client id the server does not have) is PROVIDER_REJECTED', async () => {
      const el = await fixture<SnrProviderButton>(
        html`<snr-provider-button provider="google" client-id="someone-else.apps.googleusercontent.com" script-url=${issuers.google.scriptUrl}></snr-provider-button>`,
      );
      plan('google', { kind: 'person' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      expect((await error).detail).to.include({ code: 'PROVIDER_REJECTED', action: 'google' });
      expect(pageSession().client!.isSignedIn()).to.equal(false);
    });

    it('provider switched off on the server: unavailable, pressing says so and loads nothing', async () => {
      await useServer(plain);
      try {
        const el = await fixture<SnrProviderButton>(
          html`<snr-provider-button provider="apple" script-url="http://127.0.0.1:9/never.js"></snr-provider-button>`,
        );
        await waitFor(() => el.hasAttribute('unavailable'), 'the unavailable attribute');
        const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
        button(el).click();
        const { detail } = await error;
        expect(detail).to.include({ code: 'PROVIDER_UNAVAILABLE', action: 'apple' });
        expect(detail.message).to.equal('Signing in with this provider is not available on this site.');
        expect(scripts()).not.to.include('http://127.0.0.1:9/never.js');
      } finally {
        await useServer(withIdp);
      }
    });

    it('keyboard only: Tab to the button, Enter, Space on an agreement, Enter on “Create my account”', async () => {
      const el = await fixture<SnrProviderButton>(google());
      const email = uniqueEmail('kbd');
      plan('google', { kind: 'person', fields: { email } });
      button(el).focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      await el.updateComplete;
      await sendKeys({ press: 'Tab' });
      expect((el.shadowRoot!.activeElement as HTMLInputElement).name).to.equal('agreement-email');
      await sendKeys({ press: 'Space' });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('confirm');
      const signedIn = nextEvent(el, 'snr-signed-in');
      await sendKeys({ press: 'Enter' });
      await signedIn;
      expect((await pageSession().client!.getAccount()).agreements).to.include({ email: true, sms: false });
    });

    it('provider="facebook" signs in through Facebook’s SDK as <snr-facebook-button> does', async () => {
      const id = String(Math.floor(Math.random() * 1e15));
      const email = `pfb-${id}@example.com`;
      (window as unknown as { fbStub?: { next: unknown; calls: unknown[]; loads: number } }).fbStub ??= { next: null, calls: [], loads: 0 };
      (window as unknown as { fbStub: { next: unknown } }).fbStub.next = { kind: 'connect', token: `fb:${id}:${email}` };
      const el = await fixture<SnrProviderButton>(html`<snr-provider-button provider="facebook" script-url=${FB_SDK} agreements=""></snr-provider-button>`);
      button(el).click();
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      expect(part(el, 'intro')!.textContent).to.contain('Facebook');
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      part<HTMLButtonElement>(el, 'confirm')!.click();
      expect((await signedIn).detail.origin).to.equal('FACEBOOK');
      expect((await pageSession().client!.getAccount()).email).to.equal(email);
    });
  });

  describe('conditions before the token: the terms step and the approval step (issue 13)', () => {
    let terms: TestServer;
    let approving: TestServer;
    before(async function () {
      this.timeout(60_000);
      const providers = await TestServer.providers();
      const facebook = {
        SNR_FACEBOOK_APP_ID: providers.SNR_FACEBOOK_APP_ID!,
        SNR_FACEBOOK_APP_SECRET: providers.SNR_FACEBOOK_APP_SECRET!,
        SNR_FACEBOOK_GRAPH_URL: providers.SNR_FACEBOOK_GRAPH_URL!,
      };
      [terms, approving] = await Promise.all([
        TestServer.start({ ...issuers.env, SNR_TERMS_VERSION: '2026-12', SNR_TERMS_URL: 'https://shop.example/terms' }),
        TestServer.start({ ...issuers.env, ...facebook, SNR_REGISTRATION_MODE: 'approval' }),
      ]);
    });
    after(async () => {
      await Promise.all([terms?.close(), approving?.close()]);
      await useServer(withIdp);
    });

    it('a Google newcomer on a site with terms: agreements, then the terms step (the page linked), sent again with the version: signed in', async () => {
      await useServer(terms);
      const email = uniqueEmail('gterms');
      const el = await fixture<SnrProviderButton>(google());
      plan('google', { kind: 'person', fields: { email } });
      button(el).click();
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      part<HTMLButtonElement>(el, 'confirm')!.click();
      const step = await waitFor(() => el.shadowRoot!.querySelector<HTMLFormElement>('[data-step="terms"]'), 'the terms step');
      expect(el.shadowRoot!.activeElement?.id, 'focus on the step heading').to.equal('step-heading');
      expect(part<HTMLAnchorElement>(el, 'terms-link')!.href).to.equal('https://shop.example/terms');
      expect(pageSession().client!.isSignedIn()).to.equal(false);
      await expect(el).to.be.accessible();

      // Sent without the box ticked: said so, nothing sent.
      const conditionalBefore = await terms.count('POST', CONDITIONAL);
      part<HTMLButtonElement>(el, 'submit')!.click();
      await waitFor(() => step.querySelector('input[name="acceptTerms"]')!.getAttribute('aria-invalid') === 'true', 'the unticked box marked');
      expect(await terms.count('POST', CONDITIONAL)).to.equal(conditionalBefore);

      step.querySelector<HTMLInputElement>('input[name="acceptTerms"]')!.click();
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      part<HTMLButtonElement>(el, 'submit')!.click();
      expect((await signedIn).detail.origin).to.equal('GOOGLE');
      expect((await pageSession().client!.getAccount()).email).to.equal(email);
      await waitFor(() => message(el).textContent === 'You are signed in.', 'the success note');
      expect(el.shadowRoot!.activeElement?.id, 'focus back on the button').to.equal('button');
    });

    it('approval mode: a new Facebook account (through the button) shows the approval step, no token; back returns to the button', async () => {
      await useServer(approving);
      const id = String(Math.floor(Math.random() * 1e15));
      (window as unknown as { fbStub?: { next: unknown; calls: unknown[]; loads: number } }).fbStub ??= { next: null, calls: [], loads: 0 };
      (window as unknown as { fbStub: { next: unknown } }).fbStub.next = { kind: 'connect', token: `fb:${id}:pending-${id}@example.com` };
      const el = await fixture<SnrProviderButton>(html`<snr-provider-button provider="facebook" script-url=${FB_SDK} agreements=""></snr-provider-button>`);
      button(el).click();
      await waitFor(() => part(el, 'agreements'), 'the agreements step');
      part<HTMLButtonElement>(el, 'confirm')!.click();
      await waitFor(() => el.shadowRoot!.querySelector('[data-step="approval"]'), 'the approval step');
      expect(el.shadowRoot!.querySelector('[data-step="approval"]')!.textContent).to.contain('approv');
      expect(pageSession().client!.isSignedIn()).to.equal(false);
      part<HTMLButtonElement>(el, 'back')!.click();
      await waitFor(() => button(el), 'the button again');
    });
  });
});
