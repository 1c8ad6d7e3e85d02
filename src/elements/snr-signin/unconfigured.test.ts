import { expect, fixture, html } from '@open-wc/testing';
import './snr-signin.js';
import type { SnrErrorEvent } from '../../events/snr-error.js';
import { fill, nextEvent, submit } from '../shared/test-helpers.js';
import type { SnrSignin } from './snr-signin.element.js';

// A page of its own: nothing here configures snr-auth (no <snr-session>, no configure(), no api-base).
describe('an element on a page that never configured snr-auth', () => {
  it('tells the customer "not available" and the site\'s developer, in the console, what to add', async () => {
    const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      fill('snr-signin', { email: 'ada@example.com', password: 'Secret12!' });
      const error = nextEvent<SnrErrorEvent>(el, 'snr-error');
      submit(el);
      expect((await error).detail.code).to.equal('UNAVAILABLE');
    } finally {
      console.error = original;
    }
    expect(logged.join('\n')).to.match(/<snr-signin>: snr-auth is not configured.*<snr-session api-base/);
  });
});
