/**
 * Under a nonce-based Content-Security-Policy the only script the kit ever adds to a page —
 * Facebook's JS SDK, loaded by <snr-facebook-button> — carries the page's nonce.
 */
import { expect } from '@open-wc/testing';
import { loadFacebookSdk } from '../../../src/elements/snr-facebook-button/facebook-sdk.js';

const SDK = new URL('../fixtures/facebook-sdk.js', import.meta.url).href;

describe('Facebook SDK script and CSP nonces', () => {
  it('the injected SDK script carries the nonce of the page’s scripts', async () => {
    const own = document.createElement('script');
    own.nonce = 'n0nce-from-the-page';
    own.type = 'text/plain';
    document.head.append(own);
    try {
      await loadFacebookSdk(SDK, '1234567890', 'v23.0');
      const injected = document.querySelector<HTMLScriptElement>('script[data-snr-facebook-sdk]');
      expect(injected, 'the SDK script').to.exist;
      expect(injected!.nonce).to.equal('n0nce-from-the-page');
    } finally {
      own.remove();
    }
  });
});
