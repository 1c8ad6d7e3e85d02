// Polish is an opt-in module: this file must not import it statically (each test file runs in a
// page of its own, so no other file's import reaches this one).
import { expect, fixture, html } from '@open-wc/testing';
import '../elements/snr-signin/snr-signin.js';
import type { SnrSignin } from '../elements/snr-signin/snr-signin.element.js';
import { waitFor } from '../elements/shared/test-helpers.js';
import { en, matchLanguage } from './index.js';

const heading = (el: Element) => el.querySelector('[part~="heading"]')!.textContent!.trim();

describe('a language as an opt-in module', () => {
  it('without it, an element asking for Polish speaks English; once it loads, Polish at once', async () => {
    const el = await fixture<SnrSignin>(html`<snr-signin lang="pl"></snr-signin>`);
    expect(matchLanguage('pl')).to.equal('en');
    expect(heading(el)).to.equal(en.signInHeading);

    const { pl } = await import('./pl.js');
    expect(matchLanguage('pl-PL')).to.equal('pl');
    await waitFor(() => heading(el) === pl.signInHeading, 'the element to re-render in Polish');
    expect(pl.signInHeading).to.not.equal(en.signInHeading);
  });
});
