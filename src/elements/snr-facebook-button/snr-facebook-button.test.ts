import '../../i18n/pl.js'; // Polish is an opt-in module; these tests use it
import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-facebook-button.js';
import { previewFixture } from '../../../test/support/preview-fixture.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import { pageSession } from '../../page/session-hub.js';
import { createClient } from '../../session/index.js';
import { API_KEY, nextEvent, signOutPage, startServer, TestServer, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrFacebookButton } from './snr-facebook-button.element.js';

/** The stand-in of Facebook's JS SDK (test/browser/fixtures/facebook-sdk.js), served by the test runner. */
const SDK = new URL('../../../test/browser/fixtures/facebook-sdk.js', import.meta.url).href;
const LOGIN = '/sauth/v3/auth/login/client';
const CONDITIONAL = '/sauth/v3/auth/login/client/conditional';

type Plan = { kind: 'connect'; token: string; delay?: number } | { kind: 'cancel' | 'blocked-unknown' | 'blocked-silent'; delay?: number };
interface FbStub {
  next: Plan | null;
  calls: [string, unknown?][];
  /** How many answers FB.getLoginStatus has given (each counted once its callback has run). */
  statusAnswers?: number;
  loads: number;
  answerLate(response: unknown): void;
  forget(): void;
}
/** The stand-in's controls; made here before it loads, so a test can plan the first FB.login. */
const fb = () => ((window as unknown as { fbStub?: Partial<FbStub> }).fbStub ??= { calls: [], loads: 0, next: null }) as FbStub;
const plan = (next: Plan) => (fb().next = next);

let plain: TestServer;
let withFacebook: TestServer;

before(async function () {
  this.timeout(60_000);
  // The server checks Facebook tokens against a local stand-in of the Graph API (app `test-app`;
  // user tokens `fb:<id>:<email>` are valid), started by the test runner's plugin.
  const providers = await TestServer.providers();
  [plain, withFacebook] = await Promise.all([
    startServer(),
    startServer({
      SNR_FACEBOOK_APP_ID: providers.SNR_FACEBOOK_APP_ID!,
      SNR_FACEBOOK_APP_SECRET: providers.SNR_FACEBOOK_APP_SECRET!,
      SNR_FACEBOOK_GRAPH_URL: providers.SNR_FACEBOOK_GRAPH_URL!,
    }),
  ]);
  await useServer(plain);
});
after(() => Promise.all([plain?.close(), withFacebook?.close()]));
afterEach(async () => {
  await signOutPage();
  fb().forget?.();
  fb().next = null;
});

const button = (el: SnrFacebookButton) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!;
const message = (el: SnrFacebookButton) => el.shadowRoot!.querySelector('[part~="message"]')!;
const part = <T extends Element = HTMLElement>(el: SnrFacebookButton, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
const facebookUser = (tag = 'fb') => {
  const id = String(Math.floor(Math.random() * 1e15));
  return { id, email: `${tag}-${id}@example.com`, token: `fb:${id}:${tag}-${id}@example.com` };
};
const mount = (template = html`<snr-facebook-button sdk-url=${SDK}></snr-facebook-button>`) => fixture<SnrFacebookButton>(template);

/** A customer who registered with Facebook earlier (on another device). */
async function registeredWithFacebook(token: string): Promise<void> {
  const other = createClient({ apiBase: withFacebook.url, apiKey: API_KEY, storage: 'memory' });
  try {
    await other.ready;
    await other.authenticateByFacebook(token, { agreements: { email: true } });
  } finally {
    other.close();
  }
}

describe('snr-facebook-button', () => {
  it('is accessible in every state, in both themes', async () => {
    const el = await mount();
    await expect(el).to.be.accessible();
    for (const state of ['busy', 'agreements', 'error', 'unavailable'] as const) {
      const shown = await previewFixture<SnrFacebookButton>('snr-facebook-button', state, {
        attrs: { theme: state === 'agreements' || state === 'error' ? 'dark' : 'light' },
      });
      await expect(shown, state).to.be.accessible();
    }
  });

  describe('defaults', () => {
    it("is a native button with Facebook's logo and label, in Facebook blue", async () => {
      const el = await mount();
      const b = button(el);
      expect(b.type).to.equal('button');
      expect(b.textContent!.trim()).to.equal('Continue with Facebook');
      expect(b.querySelector('svg[part~="icon"]')!.getAttribute('aria-hidden')).to.equal('true');
      const style = getComputedStyle(b);
      expect(style.backgroundColor).to.equal('rgb(8, 102, 255)');
      expect(style.color).to.equal('rgb(255, 255, 255)');
      expect(b.getBoundingClientRect().height).to.be.at.least(44);
    });

    it('speaks Polish', async () => {
      const el = await fixture<SnrFacebookButton>(html`<snr-facebook-button lang="pl"></snr-facebook-button>`);
      expect(button(el).textContent!.trim()).to.equal('Kontynuuj przez Facebooka');
    });

    it('reaches each state of the gallery against a preview Client and Facebook, without a server or the real Facebook', async () => {
      // Idle first, against a preview whose sign-in never answers; pressed, it is busy.
      const el = await previewFixture<SnrFacebookButton>('snr-facebook-button', 'busy', { state: { steps: undefined, shows: '[part~="button"]' } });
      const width = button(el).getBoundingClientRect().width;
      button(el).click();
      await el.updateComplete;
      expect(button(el).getAttribute('aria-disabled')).to.equal('true');
      expect(part(el, 'spinner')).to.exist;
      expect(button(el).textContent).to.contain('Signing in with Facebook…');
      expect(button(el).getBoundingClientRect().width, 'busy keeps the size').to.equal(width);

      {
        const el = await previewFixture<SnrFacebookButton>('snr-facebook-button', 'agreements');
        expect(part(el, 'button'), 'the step replaces the button').to.equal(null);
        expect(part(el, 'heading')!.textContent).to.equal('Create your account');
        const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[part~="checkbox"] input')].map((i) => i.name);
        expect(boxes).to.deep.equal(['agreement-email', 'agreement-sms']);
        expect(el.shadowRoot!.querySelector('legend')!.textContent).to.contain('Keep me informed');
        expect(part(el, 'confirm')!.textContent!.trim()).to.equal('Create my account');
      }

      {
        const el = await previewFixture<SnrFacebookButton>('snr-facebook-button', 'error');
        expect(message(el).textContent).to.match(/blocked the sign-in window/);
        expect(message(el).getAttribute('data-tone')).to.equal('error');
      }

      {
        const el = await previewFixture<SnrFacebookButton>('snr-facebook-button', 'unavailable');
        expect(el.hasAttribute('unavailable')).to.equal(true);
        expect(message(el).textContent).to.match(/not available on this site/);
      }
    });

    it("pressed inside a preview, signs in with the preview's Client and Facebook: never the page's server or Facebook", async () => {
      await useServer(plain);
      const scripts = document.querySelectorAll('script[data-snr-facebook-sdk]').length;
      const conditional = await plain.count('POST', CONDITIONAL);
      const el = await previewFixture<SnrFacebookButton>('snr-facebook-button', 'busy', {
        state: { answers: { authenticateByFacebookRegistered: 'SUCCESS' }, steps: undefined, shows: '[part~="button"]' },
      });
      let errors = 0;
      el.addEventListener('snr-error', () => errors++);
      button(el).click();
      await waitFor(() => message(el).getAttribute('data-tone') === 'success', "the preview's sign-in");
      expect(message(el).textContent).to.equal('You are signed in.');
      expect(errors).to.equal(0);
      expect(pageSession().client!.isSignedIn(), "the page's session").to.equal(false);
      expect(await plain.count('POST', CONDITIONAL), "no request to the page's server").to.equal(conditional);
      expect(document.querySelectorAll('script[data-snr-facebook-sdk]').length, 'no SDK loaded').to.equal(scripts);
    });
  });

  describe('behaviour', () => {
    it('without a Facebook app: marks itself unavailable and raises PROVIDER_UNAVAILABLE when pressed', async () => {
      await useServer(plain);
      const el = await mount();
      await waitFor(() => el.hasAttribute('unavailable'), 'the unavailable attribute');
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'PROVIDER_UNAVAILABLE', action: 'facebook' });
      expect(detail.message).to.match(/not available on this site/);
      expect(message(el).getAttribute('role')).to.equal('status');
      expect(message(el).textContent).to.equal(detail.message);
      expect(button(el).getAttribute('aria-describedby')).to.equal(message(el).id);
      expect(document.querySelector('script[data-snr-facebook-sdk]'), 'no SDK loaded for nothing').to.equal(null);
    });

    it('takes the app id from its app-id attribute too', async () => {
      await useServer(plain);
      const el = await mount(html`<snr-facebook-button app-id="1234567890"></snr-facebook-button>`);
      // The element has the server's config (asked once per Client, so this is the element's answer): no Facebook app there.
      const client = await waitFor(() => pageSession().client, 'the session');
      expect((await client.getPublicConfig()).facebookAppId ?? null).to.equal(null);
      await el.updateComplete;
      expect(el.hasAttribute('unavailable')).to.equal(false);
    });

    // The SDK loads once per page: these run before the stand-in is loaded for good.
    it('says so when the SDK does not load (PROVIDER_UNAVAILABLE), and tries again on the next press', async () => {
      await useServer(withFacebook);
      const el = await mount(html`<snr-facebook-button sdk-url="http://127.0.0.1:9/sdk.js"></snr-facebook-button>`);
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'PROVIDER_UNAVAILABLE', action: 'facebook' });
      expect(detail.message).to.equal('Facebook could not be reached. Check your connection or any content blocker, then try again.');
      expect(message(el).textContent).to.equal(detail.message);
      expect(button(el).hasAttribute('aria-disabled'), 'ready for another try').to.equal(false);
      expect(document.querySelectorAll('script[data-snr-facebook-sdk]').length, 'the failed script is gone').to.equal(0);

      // A script that loads but defines no window.FB (emptied by a content blocker), in Polish.
      const pl = await mount(html`<snr-facebook-button lang="pl" sdk-url="data:text/javascript,void%200"></snr-facebook-button>`);
      const again = nextEvent<SnrErrorEvent>(pl, 'snr-error', 6000);
      button(pl).click();
      expect((await again).detail).to.include({
        code: 'PROVIDER_UNAVAILABLE',
        message: 'Nie udało się połączyć z Facebookiem. Sprawdź połączenie lub blokadę treści i spróbuj ponownie.',
      });
    });

    it('signs in a customer Facebook already knows: the SDK once, email and public_profile asked, the conditional call only', async () => {
      await useServer(withFacebook);
      const user = facebookUser('known');
      await registeredWithFacebook(user.token);
      const el = await mount();
      const before = { conditional: await withFacebook.count('POST', CONDITIONAL), login: await withFacebook.count('POST', LOGIN) };
      plan({ kind: 'connect', token: user.token });
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      button(el).click();
      await el.updateComplete;
      expect(button(el).getAttribute('aria-disabled'), 'busy').to.equal('true');
      const { detail } = await signedIn;
      expect(detail.origin).to.equal('FACEBOOK');
      expect(JSON.stringify(detail)).not.to.contain(user.token);
      expect(pageSession().client!.isSignedIn()).to.equal(true);
      expect((await pageSession().client!.getAccount()).email).to.equal(user.email);
      await waitFor(() => message(el).textContent === 'You are signed in.', 'the success note');
      expect(message(el).getAttribute('data-tone')).to.equal('success');
      expect(fb().loads, 'the SDK loaded once').to.equal(1);
      const init = fb().calls.find(([name]) => name === 'init')![1] as { appId: string; version: string };
      expect(init.appId, 'the app id the server publishes').to.equal('test-app');
      expect(init.version).to.match(/^v\d+\.\d+$/);
      expect(
        fb()
          .calls.filter(([name]) => name === 'login')
          .at(-1)![1],
      ).to.deep.include({ scope: 'email,public_profile' });
      expect(await withFacebook.count('POST', CONDITIONAL)).to.equal(before.conditional + 1);
      expect(await withFacebook.count('POST', LOGIN), 'never the registering call').to.equal(before.login);
    });

    it('asks a new customer for agreements, then registers and signs them in', async () => {
      await useServer(withFacebook);
      const user = facebookUser('new');
      const el = await mount();
      const before = { conditional: await withFacebook.count('POST', CONDITIONAL), login: await withFacebook.count('POST', LOGIN) };
      plan({ kind: 'connect', token: user.token });
      button(el).click();
      const step = await waitFor(() => part<HTMLFormElement>(el, 'agreements'), 'the agreements step');
      expect(await withFacebook.count('POST', CONDITIONAL)).to.equal(before.conditional + 1);
      expect(await withFacebook.count('POST', LOGIN), 'nothing registered yet').to.equal(before.login);
      expect(pageSession().client!.isSignedIn()).to.equal(false);
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement, 'focus on the step').to.equal(part(el, 'heading'));
      await expect(el).to.be.accessible();
      // The server's agreements (email, sms by default).
      const boxes = [...step.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
      expect(boxes.map((b) => b.name)).to.deep.equal(['agreement-email', 'agreement-sms']);
      boxes[0]!.click();

      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      part<HTMLButtonElement>(el, 'confirm')!.click();
      expect((await signedIn).detail.origin).to.equal('FACEBOOK');
      const account = await pageSession().client!.getAccount();
      expect(account).to.include({ email: user.email, firstName: 'Face', lastName: 'Book' });
      expect(account.agreements).to.deep.include({ email: true, sms: false });
      expect(await withFacebook.count('POST', LOGIN)).to.equal(before.login + 1);
      await el.updateComplete;
      expect(part(el, 'agreements'), 'back to the button').to.equal(null);
      expect(message(el).textContent).to.equal('You are signed in.');
    });

    it('the agreements step can be cancelled: nothing is registered, focus returns to the button', async () => {
      await useServer(withFacebook);
      const el = await mount(html`<snr-facebook-button sdk-url=${SDK} agreements="push"></snr-facebook-button>`);
      const before = await withFacebook.count('POST', LOGIN);
      plan({ kind: 'connect', token: facebookUser('undecided').token });
      button(el).click();
      const step = await waitFor(() => part<HTMLFormElement>(el, 'agreements'), 'the agreements step');
      expect(
        [...step.querySelectorAll('input')].map((i) => i.name),
        'the agreements attribute chooses',
      ).to.deep.equal(['agreement-push']);
      part<HTMLButtonElement>(el, 'cancel')!.click();
      await el.updateComplete;
      await el.updateComplete;
      expect(part(el, 'agreements')).to.equal(null);
      expect(el.shadowRoot!.activeElement).to.equal(button(el));
      expect(await withFacebook.count('POST', LOGIN)).to.equal(before);
      expect(pageSession().client!.isSignedIn()).to.equal(false);
    });

    it("says so when the person closes Facebook's window (PROVIDER_CANCELLED)", async () => {
      await useServer(withFacebook);
      const el = await mount();
      const conditional = await withFacebook.count('POST', CONDITIONAL);
      plan({ kind: 'cancel', delay: 300 });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'PROVIDER_CANCELLED', action: 'facebook', status: 0 });
      expect(detail.message).to.equal('Signing in was cancelled. Press the button to try again.');
      expect(message(el).textContent).to.equal(detail.message);
      expect(await withFacebook.count('POST', CONDITIONAL), 'the server was not asked').to.equal(conditional);
      expect(pageSession().client!.isSignedIn()).to.equal(false);
    });

    it('says the pop-up was blocked when FB.login answers "unknown" at once, with no window shown (POPUP_BLOCKED)', async () => {
      await useServer(withFacebook);
      const el = await fixture<SnrFacebookButton>(html`<snr-facebook-button lang="pl" sdk-url=${SDK}></snr-facebook-button>`);
      plan({ kind: 'blocked-unknown' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'POPUP_BLOCKED', action: 'facebook' });
      expect(detail.message).to.equal('Przeglądarka zablokowała okno logowania. Zezwól tej stronie na wyskakujące okna i spróbuj ponownie.');
    });

    it('says the pop-up was blocked when FB.login neither answers nor shows a window; a late answer still signs in', async () => {
      await useServer(withFacebook);
      const user = facebookUser('late');
      await registeredWithFacebook(user.token);
      const el = await mount();
      plan({ kind: 'blocked-silent' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error', 4000);
      const pressed = Date.now();
      button(el).click();
      const { detail } = await error;
      expect(detail.code).to.equal('POPUP_BLOCKED');
      expect(Date.now() - pressed).to.be.within(1400, 3000);
      expect(button(el).hasAttribute('aria-disabled'), 'not busy any more').to.equal(false);
      // The person allows the pop-up after all; Facebook answers the old call.
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      fb().answerLate({ status: 'connected', authResponse: { accessToken: user.token, userID: user.id } });
      expect((await signedIn).detail.origin).to.equal('FACEBOOK');
    });

    it('a person already connected to the app (FB.getLoginStatus) is signed in without a pop-up', async () => {
      await useServer(withFacebook);
      const user = facebookUser('connected');
      await registeredWithFacebook(user.token);
      // Connected earlier in this page; signed out of the site since.
      fb().answerLate({ status: 'connected', authResponse: { accessToken: user.token, userID: user.id, expiresIn: 3600 } });
      const el = await mount();
      const answered = fb().statusAnswers ?? 0;
      button(el).focus(); // intent: the SDK and the login status are fetched before the press
      await waitFor(() => (fb().statusAnswers ?? 0) > answered, "FB.getLoginStatus's answer");
      const logins = fb().calls.filter(([name]) => name === 'login').length;
      const signedIn = nextEvent<SnrSignedInEvent>(el, 'snr-signed-in');
      button(el).click();
      await signedIn;
      expect(fb().calls.filter(([name]) => name === 'login').length, 'no FB.login').to.equal(logins);
    });

    it('a token Facebook gives but the server refuses reads as PROVIDER_REJECTED', async () => {
      await useServer(withFacebook);
      const el = await mount();
      plan({ kind: 'connect', token: 'not-a-facebook-token' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      expect((await error).detail).to.include({ code: 'PROVIDER_REJECTED', action: 'facebook' });
      expect(pageSession().client!.isSignedIn()).to.equal(false);
    });
  });
});
