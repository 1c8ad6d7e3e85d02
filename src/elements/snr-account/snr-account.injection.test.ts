import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-account.js';
import { pageSession } from '../../page/session-hub.js';
import { control, createAccount, PASSWORD, signOutPage, startServer, type TestServer, uniqueEmail, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrAccount } from './snr-account.element.js';

// Issue 7: SQL and HTML in every string field are stored verbatim and rendered as text.
const HTML = '<img src=x onerror="window.__snrInjected=1"><b>bold</b>';
const SQL = "Robert'); DROP TABLE clients;--";

/** Loads an image; settles once it has loaded or failed. */
const imageSettled = (src: string) =>
  new Promise((settled) => {
    const probe = new Image();
    probe.onload = probe.onerror = settled;
    probe.src = src;
  });

let server: TestServer;
before(async function () {
  this.timeout(60_000);
  server = await startServer();
  await useServer(server);
});
after(() => server?.close());
afterEach(() => signOutPage());

describe('snr-account with hostile profile data', () => {
  it('shows HTML and SQL from the server as text, never as markup', async () => {
    const email = await createAccount(server, uniqueEmail('x'), PASSWORD, { firstName: HTML, lastName: SQL, city: HTML });
    await pageSession().client!.signIn(email, PASSWORD);
    const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
    await waitFor(() => el.querySelector('form[aria-busy="false"]'), 'the account to load');
    expect(control('snr-account', 'firstName').value).to.equal(HTML);
    expect(control('snr-account', 'lastName').value).to.equal(SQL);
    expect(el.querySelector('img'), 'no element made from the data').to.equal(null);
    expect(el.querySelector('b'), 'no element made from the data').to.equal(null);
    // An <img src=x> made from the data, even detached, would fail to load and run its onerror. An
    // image of that address made now shares its failure (and may hear of it first); one made after
    // that has failed hears of it later: once it has, the onerror would have run.
    for (let i = 0; i < 2; i++) await imageSettled('x');
    expect((window as unknown as { __snrInjected?: number }).__snrInjected).to.equal(undefined);
    const rows = await server.query<{ first_name: string; last_name: string }>('SELECT first_name, last_name FROM clients WHERE email = ?', [email]);
    expect(rows[0]).to.deep.equal({ first_name: HTML, last_name: SQL });
  });
});
