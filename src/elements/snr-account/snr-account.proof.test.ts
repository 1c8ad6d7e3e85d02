// <snr-account> for an account without a password (issue 13): the account answer names the proofs
// it can give, and the email-change and deletion steps offer the account's provider button
// (purpose="reauthenticate") instead of a password field. Against a real server and the Google
// ID-token stand-in, which signs real tokens: the token carries the server's re-authentication nonce.
import '../../i18n/pl.js';
import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import '../snr-provider-button/snr-provider-button.js';
import './snr-account.js';
import { pageSession } from '../../page/session-hub.js';
import { fileServer, fill, idpServer, idpStandIn, nextEvent, uniqueEmail, waitFor } from '../shared/test-helpers.js';
import type { SnrProviderButton } from '../snr-provider-button/snr-provider-button.element.js';
import type { SnrAccount } from './snr-account.element.js';

const standIn = () => idpStandIn('google');

const file = fileServer(idpServer);

/** A new Google customer signed in through the button; answers their Google subject. */
async function googleCustomer(email: string): Promise<string> {
  const button = await fixture<SnrProviderButton>(
    html`<snr-provider-button provider="google" agreements="" script-url=${file.issuers.google.scriptUrl}></snr-provider-button>`,
  );
  standIn().next = { kind: 'person', fields: { email } };
  button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
  await waitFor(() => button.shadowRoot!.querySelector('[part~="agreements"]'), 'the agreements step');
  const signedIn = nextEvent(button, 'snr-signed-in');
  button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="confirm"]')!.click();
  await signedIn;
  const [row] = await file.server.query<{ subject: string }>(
    "SELECT i.subject FROM client_identities i JOIN clients c ON c.id = i.client_id WHERE c.email = ? AND i.provider = 'GOOGLE'",
    [email],
  );
  return row!.subject;
}

const mount = async () => {
  const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
  await waitFor(() => el.querySelector('form[aria-busy="false"]'), 'the account to load');
  return el;
};
const reauthButton = (el: SnrAccount) => el.querySelector<SnrProviderButton>('snr-provider-button[purpose="reauthenticate"]');

describe('snr-account without a password', () => {
  it('the account answer names its proofs: GOOGLE only', async () => {
    await googleCustomer(uniqueEmail('gproof'));
    expect((await pageSession().client!.getAccount({ cache: 'network' })).identityProviders).to.deep.equal(['GOOGLE']);
  });

  it('email change: no password field; Google’s button proves the customer with the server’s nonce and sends the link', async () => {
    const email = uniqueEmail('gchange');
    const sub = await googleCustomer(email);
    const el = await mount();
    el.querySelector<HTMLButtonElement>('[part~="change-email"]')!.click();
    const button = await waitFor(() => reauthButton(el), 'the provider button in the step');
    expect(el.querySelector('[name="password"]'), 'no password to ask for').to.equal(null);
    expect(button.getAttribute('provider')).to.equal('google');
    expect(el.querySelector('[part~="proof-intro"]')!.textContent).to.contain('Google');
    await expect(el).to.be.accessible();

    const to = uniqueEmail('gmoved');
    fill('snr-account', { email: to });
    const noncesBefore = await file.server.count('POST', '/v4/my-account/reauthentication-nonce');
    standIn().next = { kind: 'person', person: sub };
    button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
    await waitFor(() => el.querySelector('[part~="summary"][data-tone="success"]'), 'check your inbox');
    expect(el.textContent).to.contain(to);
    expect(await file.server.count('POST', '/v4/my-account/reauthentication-nonce')).to.equal(noncesBefore + 1);
    const init = (standIn().calls as [string, Record<string, unknown>][]).filter(([name]) => name === 'initialize').at(-1)![1]!;
    const [issued] = await file.server.query<{ nonce: string; used_at: number | null }>(
      'SELECT nonce, used_at FROM id_token_nonces WHERE session_id IS NOT NULL ORDER BY created_at DESC LIMIT 1',
    );
    expect(init.nonce, 'the prompt got the server’s nonce').to.equal(issued!.nonce);
    expect(issued!.used_at, 'spent by the proof').not.to.equal(null);
    expect(pageSession().client!.isSignedIn()).to.equal(true);
  });

  it('deletion: Google’s button in the step is the confirmation; the account is gone', async () => {
    const email = uniqueEmail('gdelete');
    const sub = await googleCustomer(email);
    const el = await mount();
    el.querySelector<HTMLButtonElement>('[part~="delete-account"]')!.click();
    const button = await waitFor(() => reauthButton(el), 'the provider button in the step');
    expect(el.querySelector('[name="password"]')).to.equal(null);
    expect(el.querySelector('[part~="consequences"]')!.querySelectorAll('li').length).to.equal(3);
    standIn().next = { kind: 'person', person: sub };
    const signedOut = nextEvent(el, 'snr-signed-out');
    button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
    await signedOut;
    await waitFor(() => el.textContent!.includes('deleted'), 'the element says so');
    const rows = await file.server.query<{ n: number }>("SELECT count(*) AS n FROM clients WHERE email = ? AND status = 'active'", [email]);
    expect(rows[0]!.n).to.equal(0);
  });

  it('another Google person in the step is refused; the account stays', async () => {
    const email = uniqueEmail('gother');
    await googleCustomer(email);
    const el = await mount();
    el.querySelector<HTMLButtonElement>('[part~="delete-account"]')!.click();
    const button = await waitFor(() => reauthButton(el), 'the provider button in the step');
    standIn().next = { kind: 'person', fields: { email: uniqueEmail('stranger') } };
    button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
    await waitFor(() => el.querySelector('[part~="summary"][data-tone="error"]'), 'the refusal');
    expect(pageSession().client!.isSignedIn()).to.equal(true);
  });
});
