import { expect, fixture, html } from '@open-wc/testing';
import '../snr-change-password/snr-change-password.js';
import '../snr-facebook-button/snr-facebook-button.js';
import { pageSession } from '../../page/session-hub.js';
import type { SnrChangePassword } from '../snr-change-password/snr-change-password.element.js';
import type { SnrFacebookButton } from '../snr-facebook-button/snr-facebook-button.element.js';
import { API_KEY, startServer, type TestServer } from './test-helpers.js';

// A page of its own: nothing configures snr-auth but the elements' own `api-base` and `api-key`.
let server: TestServer;

before(async function () {
  this.timeout(60_000); // servers start in child processes; a busy machine is slow
  server = await startServer();
});
after(async () => {
  pageSession().client?.close();
  await server?.close();
});

describe('the shared attributes', () => {
  it('a form given api-base and api-key after it was connected configures the page with them, once both are there', async () => {
    const el = await fixture<SnrChangePassword>(html`<snr-change-password></snr-change-password>`);
    expect(pageSession().client).to.equal(null);
    el.apiBase = server.url;
    await el.updateComplete;
    expect(pageSession().client, 'not with api-base alone').to.equal(null);
    el.apiKey = API_KEY;
    await el.updateComplete;
    const client = pageSession().client;
    expect(client).to.not.equal(null);
    await client!.ready;
    expect(client!.state.status).to.equal('anonymous');
    // The page is configured now: another element's different server does not replace it.
    el.apiBase = `${server.url}/elsewhere`;
    await el.updateComplete;
    expect(pageSession().client).to.equal(client);
  });

  it('the shadow-DOM <snr-facebook-button> takes the same attributes as the light-DOM forms', async () => {
    const el = await fixture<SnrFacebookButton>(
      html`<snr-facebook-button api-base=${server.url} api-key=${API_KEY} theme="dark" heading-level="3"></snr-facebook-button>`,
    );
    expect([el.apiBase, el.apiKey, el.theme, el.headingLevel]).to.deep.equal([server.url, API_KEY, 'dark', 3]);
    el.theme = 'light';
    await el.updateComplete;
    expect(el.getAttribute('theme'), 'theme is reflected').to.equal('light');
    el.translations = { facebookContinue: 'Weiter mit Facebook' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="label"]')!.textContent).to.equal('Weiter mit Facebook');
  });
});
