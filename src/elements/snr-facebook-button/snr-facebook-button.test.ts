import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-facebook-button.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import { TestServer, nextEvent, startServer, useServer, waitFor } from '../shared/test-helpers.js';
import type { SnrFacebookButton } from './snr-facebook-button.element.js';

let plain: TestServer;
let withFacebook: TestServer;

before(async function () {
  this.timeout(60_000);
  [plain, withFacebook] = await Promise.all([
    startServer(),
    startServer({ SNR_FACEBOOK_APP_ID: '1234567890', SNR_FACEBOOK_APP_SECRET: 'test-secret', SNR_FACEBOOK_GRAPH_URL: 'http://127.0.0.1:9' }),
  ]);
  await useServer(plain);
});
after(() => Promise.all([plain?.close(), withFacebook?.close()]));

const button = (el: SnrFacebookButton) => el.shadowRoot!.querySelector('button')!;

describe('snr-facebook-button', () => {
  it('is accessible, in both themes, and with its message shown', async () => {
    const el = await fixture<SnrFacebookButton>(html`<snr-facebook-button></snr-facebook-button>`);
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    button(el).click();
    await waitFor(() => el.shadowRoot!.querySelector('[part~="message"]')!.textContent!.trim(), 'the message');
    await expect(el).to.be.accessible();
  });

  describe('defaults', () => {
    it('is a native button with Facebook\'s logo and label, in Facebook blue', async () => {
      const el = await fixture<SnrFacebookButton>(html`<snr-facebook-button></snr-facebook-button>`);
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
  });

  describe('behaviour', () => {
    it('without a Facebook app: marks itself unavailable and raises PROVIDER_UNAVAILABLE when pressed', async () => {
      await useServer(plain);
      const el = await fixture<SnrFacebookButton>(html`<snr-facebook-button></snr-facebook-button>`);
      await waitFor(() => el.hasAttribute('unavailable'), 'the unavailable attribute');
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      button(el).click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'PROVIDER_UNAVAILABLE', action: 'facebook' });
      expect(detail.message).to.match(/not available on this site/);
      const message = el.shadowRoot!.querySelector('[part~="message"]')!;
      expect(message.getAttribute('role')).to.equal('status');
      expect(message.textContent).to.equal(detail.message);
      expect(button(el).getAttribute('aria-describedby')).to.equal(message.id);
    });

    it('with a Facebook app configured: is not marked unavailable', async () => {
      await useServer(withFacebook);
      const el = await fixture<SnrFacebookButton>(html`<snr-facebook-button></snr-facebook-button>`);
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 200));
      expect(el.hasAttribute('unavailable')).to.equal(false);
      await useServer(plain);
    });
  });
});
