import '../../i18n/pl.js'; // Polish is an opt-in module; these tests use it
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import { configure, client as exportedClient, ready, session } from '../../index.js';
import '../../global.js';
import '../snr-facebook-button/snr-facebook-button.js';
import { Tab } from '../../../test/browser/session/helpers.js';
import type { SnrSessionChangeEvent } from '../../events/snr-session-change.js';
import type { SnrSignedInEvent } from '../../events/snr-signed-in.js';
import type { SnrSignedOutEvent } from '../../events/snr-signed-out.js';
import { pageSession } from '../../page/session-hub.js';
import type { Client } from '../../session/index.js';
import { define } from '../shared/define.js';
import { SessionController } from '../shared/session-controller.js';
import { API_KEY, createAccount, nextEvent, PASSWORD, signOutPage, startServer, type TestServer, type, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrSignin } from '../snr-signin/snr-signin.element.js';
import type { SnrSession } from './snr-session.element.js';

/** A bare element of a site's own that reads the session through context. */
class TestConsumer extends LitElement {
  readonly session = new SessionController(this);
  protected override render() {
    return this.session.view;
  }
}
define('test-consumer', TestConsumer);

let server: TestServer;
let other: TestServer;

before(async function () {
  this.timeout(60_000);
  [server, other] = await Promise.all([startServer(), startServer()]);
});
after(() => Promise.all([server?.close(), other?.close()]));
afterEach(async () => {
  await signOutPage();
  await emulateMedia({ colorScheme: 'light' });
});

/** The route `<snr-signin>` signs in through (conditional: it shows what a status asks for). */
const LOGIN = '/sauth/v3/auth/login/client/conditional';

/** What each target hears of the session's events, in order (`type detail`, shortened). */
function hear(targets: Record<string, EventTarget>) {
  const heard: Record<string, string[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const stops: Array<() => void> = [];
  for (const [name, target] of Object.entries(targets)) {
    for (const kind of ['snr-session-change', 'snr-signed-in', 'snr-signed-out', 'snr-error']) {
      const listener = (e: Event) => {
        const d = (e as CustomEvent).detail as Record<string, unknown>;
        const what = kind === 'snr-session-change' ? d.type : kind === 'snr-signed-in' ? d.clientId : kind === 'snr-signed-out' ? d.reason : d.code;
        heard[name]!.push(`${kind} ${String(what)}${d.remote ? ' remote' : ''}`);
      };
      target.addEventListener(kind, listener);
      stops.push(() => target.removeEventListener(kind, listener));
    }
  }
  return { heard, stop: () => stops.forEach((stop) => stop()) };
}

/** Types an email and the password into a sign-in form and sends it, as a person would. */
function signInWith(el: Element, email: string): void {
  type(el.querySelector<HTMLInputElement>('[name="email"]')!, email);
  type(el.querySelector<HTMLInputElement>('[name="password"]')!, PASSWORD);
  el.querySelector('form')!.requestSubmit();
}

const clientIdOf = async (server: TestServer, email: string) => (await server.query<{ id: number }>('SELECT id FROM clients WHERE email = ?', [email]))[0]!.id;

const heading = (el: Element) => el.querySelector('[part~="heading"]')?.textContent?.trim();
const scheme = (el: Element) => getComputedStyle(el).colorScheme;

describe('snr-session', () => {
  it('is accessible, and invisible in layout (display: contents)', async () => {
    const el = await fixture<SnrSession>(html`<snr-session><p>Content</p></snr-session>`);
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el).display).to.equal('contents');
  });

  describe('defaults', () => {
    it('elements load before any configuration, find the session, and work once it comes', async () => {
      expect(session.client, 'this page starts unconfigured').to.equal(null);
      const consumer = await fixture<TestConsumer>(html`<test-consumer></test-consumer>`);
      expect(consumer.session.hub).to.equal(pageSession());
      expect(consumer.shadowRoot!.textContent).to.equal('unconfigured');
      const signin = await fixture<SnrSignin>(html`<snr-session><snr-signin></snr-signin></snr-session>`);
      // An element alone on a page may carry the server and key itself.
      await fixture(html`<snr-facebook-button api-base=${server.url} api-key=${API_KEY}></snr-facebook-button>`);
      const client = await ready;
      expect(client).to.equal(session.client);
      expect(exportedClient, 'the exported live binding').to.equal(client);
      await waitFor(() => consumer.shadowRoot!.textContent === 'anonymous', 'the consumer to see the session');
      expect(signin.querySelector('form')).to.exist;
      // <snr-session> with other storage: a new Client for everyone.
      await fixture(html`<snr-session api-base=${server.url} api-key=${API_KEY} storage="memory"></snr-session>`);
      expect(session.client).not.to.equal(client);
      expect(exportedClient).to.equal(session.client);
    });

    it('puts the same names on window.snrAuth in the script-tag build, client included', async () => {
      const snrAuth = (window as unknown as { snrAuth: { configure: unknown; ready: Promise<Client>; client: Client | undefined; session: unknown } }).snrAuth;
      expect(snrAuth.configure).to.equal(configure);
      expect(snrAuth.ready).to.equal(ready);
      expect(snrAuth.session).to.equal(session);
      await useServer(server);
      expect(snrAuth.client).to.equal(session.client);
    });
  });

  describe('behaviour', () => {
    it('keeps one Client for the same server and key; another server makes a new one', async () => {
      const first = await useServer(server);
      expect(configure({ apiBase: server.url, apiKey: API_KEY, storage: 'memory', lang: 'en' })).to.equal(first);
      const configured = nextEvent<SnrSessionChangeEvent>(document, 'snr-session-change');
      const second = configure({ apiBase: other.url, apiKey: API_KEY, storage: 'memory' });
      expect(second).not.to.equal(first);
      expect((await configured).detail.type).to.equal('configured');
      await useServer(server);
    });

    it('do-not-track: while present no profile is made for the visitor; "false" lifts it, and the visitor gets one', async () => {
      const ANONYMOUS = ['POST', '/sauth/v3/auth/login/client/anonymous'] as const;
      const before = await other.count(...ANONYMOUS);
      const el = await fixture<SnrSession>(html`<snr-session api-base=${other.url} api-key=${API_KEY} storage="memory" do-not-track></snr-session>`);
      try {
        const client = pageSession().client!;
        expect(client.doNotTrack).to.equal(true);
        await client.ready;
        expect(client.state.status).to.equal('anonymous');
        client.track('page.view');
        await client.flushEvents();
        expect(await other.count(...ANONYMOUS)).to.equal(before);
        expect(await other.count('POST', '/v4/events/batch')).to.equal(0);

        el.setAttribute('do-not-track', 'false');
        await el.updateComplete;
        expect(pageSession().client, 'the same Client').to.equal(client);
        await waitFor(() => !client.doNotTrack, 'Do Not Track to be lifted');
        await waitFor(async () => (await other.count(...ANONYMOUS)) === before + 1, 'an anonymous profile');
      } finally {
        el.remove();
        await useServer(server);
      }
    });

    it('finds the session from inside a shadow root, and from elements defined twice', async () => {
      await useServer(server);
      const host = await fixture<HTMLDivElement>(html`<div></div>`);
      const root = host.attachShadow({ mode: 'open' });
      const consumer = document.createElement('test-consumer') as TestConsumer;
      root.append(consumer);
      await consumer.updateComplete;
      expect(consumer.session.hub).to.equal(pageSession());
      expect(() => define('test-consumer', class extends TestConsumer {}), 'a second definition is ignored').not.to.throw();
      expect(customElements.get('test-consumer')).to.equal(TestConsumer);
    });

    it('tells the document about every change: session change, signed in, signed out (no tokens)', async () => {
      const client = await useServer(server);
      const email = await createAccount(server);
      const changes: SnrSessionChangeEvent[] = [];
      const onChange = (e: SnrSessionChangeEvent) => changes.push(e);
      document.addEventListener('snr-session-change', onChange);
      const signedIn = nextEvent<SnrSignedInEvent>(document, 'snr-signed-in');
      await client.signIn(email, PASSWORD);
      expect((await signedIn).detail).to.include({ remote: false, origin: 'SYNERISE' });
      const signedOut = nextEvent<SnrSignedOutEvent>(document, 'snr-signed-out');
      await client.signOut();
      expect((await signedOut).detail).to.deep.equal({ reason: 'USER_SIGN_OUT', fromAllDevices: false, remote: false });
      document.removeEventListener('snr-session-change', onChange);
      expect(changes.map((e) => e.detail.type)).to.include.members(['signed-in', 'signed-out']);
      expect(JSON.stringify(changes.map((e) => e.detail))).not.to.match(/eyJ/);
    });

    it('<snr-session> hears the changes no element caused (the Client API, another tab), once each on the document', async () => {
      const client = await useServer(server);
      const email = await createAccount(server);
      const el = await fixture<SnrSession>(html`<snr-session></snr-session>`);
      const heard: string[] = [];
      const onElement = (e: Event) => heard.push(`element ${e.type}`);
      const onDocument = (e: Event) => heard.push(`document ${e.type}`);
      for (const type of ['snr-signed-in', 'snr-signed-out']) {
        el.addEventListener(type, onElement);
        document.addEventListener(type, onDocument);
      }
      try {
        await client.signIn(email, PASSWORD);
        await client.signOut();
        await waitFor(() => heard.length === 4, 'the events');
        expect(heard).to.deep.equal(['element snr-signed-in', 'document snr-signed-in', 'element snr-signed-out', 'document snr-signed-out']);
      } finally {
        for (const type of ['snr-signed-in', 'snr-signed-out']) document.removeEventListener(type, onDocument);
      }
    });

    it('two elements acting at once each hear their own events, once each on the document, none on <snr-session>', async function () {
      this.timeout(20_000);
      await useServer(server);
      const [first, second] = [await createAccount(server), await createAccount(server)];
      const page = await fixture<HTMLDivElement>(html`<div><snr-session></snr-session><snr-signin></snr-signin><snr-signin></snr-signin></div>`);
      const [a, b] = page.querySelectorAll('snr-signin');
      const { heard, stop } = hear({ a: a!, b: b!, host: page.querySelector('snr-session')!, document });
      const logins = await server.count('POST', LOGIN);
      try {
        // The first form's answer is held 800 ms; the second form sends while it waits, and its
        // answer is held longer: the first form's sign-in lands while the second is still acting.
        // (A request keeps the hold set when it reached the proxy, so the second one's is set once
        // the first has been counted.)
        await server.delay(LOGIN, 800);
        signInWith(a!, first);
        await waitFor(async () => (await server.count('POST', LOGIN)) > logins, 'the first sign-in to reach the server');
        await server.delay(LOGIN, 1600);
        signInWith(b!, second);
        await waitFor(() => heard.document!.length === 4, 'both sign-ins', 10_000);
      } finally {
        stop();
        await server.delay(LOGIN, 0);
      }
      const [idA, idB] = [await clientIdOf(server, first), await clientIdOf(server, second)];
      expect(heard.a).to.deep.equal(['snr-session-change signed-in', `snr-signed-in ${idA}`]);
      expect(heard.b).to.deep.equal(['snr-session-change signed-in', `snr-signed-in ${idB}`]);
      expect(heard.host, 'events an element caused stay off <snr-session>').to.deep.equal([]);
      expect(heard.document).to.deep.equal([...heard.a, ...heard.b]);
    });

    it('a change made in another tab while an element acts reaches <snr-session>, not that element', async function () {
      this.timeout(20_000);
      const client = pageSession().configure({ apiBase: server.url, apiKey: API_KEY, storage: 'local' });
      await client.ready;
      const [mine, theirs] = [await createAccount(server), await createAccount(server)];
      const tab = await Tab.open({ apiBase: server.url, apiKey: API_KEY });
      const page = await fixture<HTMLDivElement>(html`<div><snr-session></snr-session><snr-signin></snr-signin></div>`);
      const form = page.querySelector('snr-signin')!;
      const { heard, stop } = hear({ form, host: page.querySelector('snr-session')!, document });
      try {
        await tab.client.ready;
        const logins = await server.count('POST', LOGIN);
        await server.delay(LOGIN, 1500);
        signInWith(form, mine);
        await waitFor(async () => (await server.count('POST', LOGIN)) > logins, "the form's sign-in to reach the server");
        // The other tab signs in through another route (not held) while the form waits for its answer.
        await tab.client.signIn(theirs, PASSWORD);
        await waitFor(() => heard.document!.length === 4, 'both sign-ins', 10_000);
      } finally {
        stop();
        await server.delay(LOGIN, 0);
        tab.close();
      }
      const [idMine, idTheirs] = [await clientIdOf(server, mine), await clientIdOf(server, theirs)];
      expect(heard.host).to.deep.equal(['snr-session-change signed-in remote', `snr-signed-in ${idTheirs} remote`]);
      expect(heard.form).to.deep.equal(['snr-session-change signed-in', `snr-signed-in ${idMine}`]);
      expect(heard.document).to.deep.equal([...heard.host, ...heard.form]);
      await signOutPage();
      await useServer(server);
    });

    it('snr-signed-out says fromAllDevices when another tab signed every device out', async () => {
      const client = pageSession().configure({ apiBase: server.url, apiKey: API_KEY, storage: 'local' });
      await client.ready;
      const email = await createAccount(server);
      const tab = await Tab.open({ apiBase: server.url, apiKey: API_KEY });
      try {
        await tab.client.ready;
        await tab.client.signIn(email, PASSWORD);
        await waitFor(() => client.isSignedIn(), 'the page to follow the other tab');
        const signedOut = nextEvent<SnrSignedOutEvent>(document, 'snr-signed-out');
        await tab.client.signOut({ fromAllDevices: true });
        expect((await signedOut).detail).to.deep.equal({ reason: 'USER_SIGN_OUT', fromAllDevices: true, remote: true });
      } finally {
        tab.close();
        await useServer(server);
      }
    });

    it('language: element lang, then <snr-session lang>, then configure({ lang }), then <html lang>', async () => {
      await useServer(server);
      session.setSettings({ lang: undefined });
      const outside = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
      expect(heading(outside)).to.equal('Sign in');
      document.documentElement.lang = 'pl';
      await waitFor(() => heading(outside) === 'Zaloguj się', 'the document language');
      document.documentElement.lang = 'en';
      await waitFor(() => heading(outside) === 'Sign in', 'back to English');
      configure({ apiBase: server.url, apiKey: API_KEY, storage: 'memory', lang: 'pl' });
      await waitFor(() => heading(outside) === 'Zaloguj się', 'the page-wide language');
      const wrapped = await fixture<SnrSession>(html`<snr-session lang="en"><snr-signin></snr-signin><snr-signin lang="pl-PL"></snr-signin></snr-session>`);
      const [english, polish] = wrapped.querySelectorAll('snr-signin');
      expect(heading(english!)).to.equal('Sign in');
      expect(heading(polish!)).to.equal('Zaloguj się');
      session.setSettings({ lang: undefined });
      await waitFor(() => heading(outside) === 'Sign in', 'no page-wide language');
    });

    it("theme: follows the system, forced by <snr-session theme> page-wide, and by the element's own", async () => {
      await useServer(server);
      const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
      const light = getComputedStyle(el).backgroundColor;
      await emulateMedia({ colorScheme: 'dark' });
      await waitFor(() => getComputedStyle(el).backgroundColor !== light, "the system's dark scheme");
      const dark = getComputedStyle(el).backgroundColor;
      expect(dark).to.equal('rgb(22, 25, 29)');
      await emulateMedia({ colorScheme: 'light' });
      const forced = await fixture<HTMLDivElement>(
        html`<div><snr-session theme="dark"></snr-session><snr-signin></snr-signin><snr-signin theme="light"></snr-signin></div>`,
      );
      const [page, own] = forced.querySelectorAll('snr-signin');
      await (page as SnrSignin).updateComplete;
      expect(scheme(page!)).to.equal('dark');
      expect(getComputedStyle(page!).backgroundColor).to.equal(dark);
      expect(scheme(own!)).to.equal('light');
      expect(getComputedStyle(own!).backgroundColor).to.equal(light);
      // A site's dark-mode switch that takes the attribute away: back to the system's (light here).
      forced.querySelector('snr-session')!.removeAttribute('theme');
      await waitFor(() => getComputedStyle(page!).backgroundColor === light, "the system's scheme again");
      session.setSettings({ theme: undefined });
    });

    it("theming: --snr-* properties restyle, and any site rule beats the kit's (zero specificity)", async () => {
      await useServer(server);
      const el = await fixture<SnrSignin>(html`<snr-signin style="--snr-color-primary: rgb(1, 2, 3); --snr-radius: 0px"></snr-signin>`);
      const submit = el.querySelector('button[type="submit"]')!;
      expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(1, 2, 3)');
      expect(getComputedStyle(el.querySelector('input')!).borderRadius).to.equal('0px');
      const style = document.createElement('style');
      style.textContent = 'button { background: rgb(4, 5, 6); } input { outline: 1px dotted rgb(7, 8, 9); }';
      document.head.append(style);
      expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(4, 5, 6)');
      const input = el.querySelector('input')!;
      input.focus();
      expect(input.matches(':focus-visible')).to.equal(true);
      expect(getComputedStyle(input).outlineColor, 'the focus ring too').to.equal('rgb(7, 8, 9)');
      style.remove();
    });
  });
});
