// <snr-account>'s signed-in devices (issue 14, item 4): the sessions capability loaded on intent,
// against a real server: the list, signing out one device (asked first) and every other one.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../snr-session/snr-session.js';
import './snr-account.js';
import '../../i18n/de.js';
import { pageSession } from '../../page/session-hub.js';
import { API_KEY, createAccount, PASSWORD, signOutPage, startServer, type TestServer, uniqueEmail, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrAccount } from './snr-account.element.js';

const SESSIONS = '/v4/my-account/sessions';
let server: TestServer;

before(async function () {
  this.timeout(60_000);
  server = await startServer();
  await useServer(server);
});
after(() => server?.close());
afterEach(async () => {
  await server.delay(SESSIONS, 0);
  await server.fault(SESSIONS, 0, { method: 'GET' });
  await server.fault(`${SESSIONS}/sign-out-others`, 0);
  await signOutPage();
});

/** Another device of the same customer: a sign-in of its own (another session). */
async function otherDevice(email: string): Promise<string> {
  const res = await fetch(`${server.url}/sauth/v3/auth/login/client`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey: API_KEY, uuid: crypto.randomUUID(), email, password: PASSWORD }),
  });
  return (await res.json()).token;
}
const refreshes = async (token: string) =>
  (
    await fetch(`${server.url}/sauth/v3/auth/refresh/client`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ apiKey: API_KEY }),
    })
  ).status;

async function signedIn(): Promise<string> {
  const email = await createAccount(server, uniqueEmail());
  await pageSession().client!.signIn(email, PASSWORD);
  return email;
}

async function openDevices(template = html`<snr-account></snr-account>`): Promise<SnrAccount> {
  const el = await fixture<SnrAccount>(template);
  await waitFor(() => el.querySelector('form[aria-busy="false"]'), 'the account to load');
  el.querySelector<HTMLButtonElement>('[part~="sessions-open"]')!.click();
  return el;
}
const listed = (el: Element) => [...el.querySelectorAll<HTMLElement>('[part~="session"]')];
const status = (el: Element) => [...el.querySelectorAll('[part~="summary"][role="status"]')].map((s) => s.textContent!.trim()).join(' ');

describe('snr-account: signed-in devices', () => {
  it('lists this device and the others, this one marked, times in words; keyboard and screen reader', async () => {
    const email = await signedIn();
    await otherDevice(email);
    const el = await openDevices();
    await waitFor(() => listed(el).length === 2, 'two devices');
    const heading = el.querySelector('[part~="sessions"] [part~="heading"]')!;
    expect(document.activeElement === heading, 'focus on the step heading').to.equal(true);
    const current = listed(el).filter((li) => li.getAttribute('aria-current') === 'true');
    expect(current.length).to.equal(1);
    expect(current[0]!.querySelector('[part~="current-device"]')!.textContent).to.equal('This device');
    expect(current[0]!.querySelector('[part~="sign-out-session"]'), 'no sign-out for this device').to.equal(null);
    expect(current[0]!.querySelector('[part~="session-name"]')!.textContent).to.match(/Chrome/);
    expect(current[0]!.querySelector('[part~="session-times"]')!.textContent).to.match(/Signed in now · Last active now/);
    const button = el.querySelector<HTMLButtonElement>('[part~="sign-out-session"]')!;
    expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent, 'the button says which device').to.match(/Chrome/);
    await expect(el).to.be.accessible();
  });

  it('says when in the element’s language (Intl.RelativeTimeFormat)', async () => {
    await signedIn();
    const el = await openDevices(html`<snr-account lang="de"></snr-account>`);
    await waitFor(() => listed(el).length === 1, 'the list');
    expect(el.querySelector('[part~="session-times"]')!.textContent).to.match(/Angemeldet jetzt · Zuletzt aktiv jetzt/);
    expect(el.querySelector('[part~="no-others"]')!.textContent).to.equal('Auf keinem anderen Gerät ist Ihr Konto angemeldet.');
  });

  it('signs one device out after asking (Escape takes the question back); that device cannot refresh', async () => {
    const email = await signedIn();
    const phone = await otherDevice(email);
    const el = await openDevices();
    await waitFor(() => listed(el).length === 2, 'two devices');
    const open = el.querySelector<HTMLButtonElement>('[part~="sign-out-session"]')!;
    open.focus();
    open.click();
    const yes = await waitFor(() => el.querySelector<HTMLButtonElement>('[part~="sign-out-confirm"]'), 'the question');
    await el.updateComplete;
    expect(document.activeElement === yes, 'focus on "Yes, sign out"').to.equal(true);
    expect(document.getElementById(yes.getAttribute('aria-describedby')!)!.textContent).to.match(/^Sign out .*\? It will have to sign in again\.$/);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.querySelector('[part~="sign-out-confirm"]')).to.equal(null);
    expect(document.activeElement?.getAttribute('part')).to.match(/sign-out-session/);
    (document.activeElement as HTMLButtonElement).click();
    (await waitFor(() => el.querySelector<HTMLButtonElement>('[part~="sign-out-confirm"]'), 'the question again')).click();
    await waitFor(() => listed(el).length === 1, 'one device left');
    expect(status(el)).to.match(/is signed out\./);
    expect(document.activeElement === el.querySelector('[part~="sessions"] [part~="heading"]'), 'focus').to.equal(true);
    expect(await refreshes(phone)).to.equal(401);
    expect(pageSession().client!.isSignedIn(), 'this device stays signed in').to.equal(true);
  });

  it('signs out every other device at once', async () => {
    const email = await signedIn();
    const others = [await otherDevice(email), await otherDevice(email)];
    const el = await openDevices();
    await waitFor(() => listed(el).length === 3, 'three devices');
    el.querySelector<HTMLButtonElement>('[part~="sign-out-others-open"]')!.click();
    (await waitFor(() => el.querySelector<HTMLButtonElement>('[part~="sign-out-others-confirm"]'), 'the question')).click();
    await waitFor(() => listed(el).length === 1, 'only this device');
    expect(status(el)).to.match(/Other devices signed out: 2\./);
    expect(el.querySelector('[part~="no-others"]')).to.exist;
    for (const token of others) expect(await refreshes(token)).to.equal(401);
  });

  it('shows loading, then a failure with a retry that works; back returns to the details', async () => {
    await signedIn();
    await server.delay(SESSIONS, 400);
    await server.fault(SESSIONS, 503, { code: 'UNAVAILABLE', method: 'GET', times: 1 });
    const el = await openDevices();
    await waitFor(() => status(el).includes('not available right now'), 'the failure');
    await expect(el).to.be.accessible();
    el.querySelector<HTMLButtonElement>('[part~="sessions"] [part~="retry"]')!.click();
    await waitFor(() => status(el).includes('Loading your devices'), 'loading');
    expect(el.querySelector('[part~="sessions"]')!.getAttribute('aria-busy')).to.equal('true');
    await waitFor(() => listed(el).length === 1, 'the list');
    el.querySelector<HTMLButtonElement>('[part~="sessions"] [part~="back"]')!.click();
    await el.updateComplete;
    expect(el.querySelector('form')).to.exist;
    expect(document.activeElement?.textContent).to.equal('Signed-in devices');
  });
});
