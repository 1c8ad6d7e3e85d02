// Every language is an opt-in module: this file must not import one statically (each test file
// runs in a page of its own, so no other file's import reaches this one).
import { expect, fixture, html } from '@open-wc/testing';
import '../elements/snr-signin/snr-signin.js';
import { waitFor } from '../elements/shared/test-helpers.js';
import type { SnrSignin } from '../elements/snr-signin/snr-signin.element.js';
import { en, matchLanguage, type Translation } from './index.js';
import { LANGUAGES, type LanguageTag } from './languages.js';

const heading = (el: Element) => el.querySelector('[part~="heading"]')!.textContent!.trim();
const submit = (el: Element) => el.querySelector('button[type="submit"]')!.textContent!.trim();

/** Each module by a literal specifier, as a bundler (and the test server) needs them. */
const LOADERS: Record<LanguageTag, () => Promise<Record<string, unknown>>> = {
  pl: () => import('./pl.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  it: () => import('./it.js'),
  'pt-BR': () => import('./pt-BR.js'),
  nl: () => import('./nl.js'),
  cs: () => import('./cs.js'),
  sk: () => import('./sk.js'),
  ro: () => import('./ro.js'),
  hu: () => import('./hu.js'),
  uk: () => import('./uk.js'),
  tr: () => import('./tr.js'),
  ar: () => import('./ar.js'),
};

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

  for (const tag of LANGUAGES.filter((l) => l !== 'pl')) {
    // `pt` finds `pt-BR`: the element asks by the language alone where there is a region.
    const asked = tag.split('-')[0]!;
    it(`switches an element to ${tag} when its module loads (asked as lang="${asked}")`, async () => {
      const el = await fixture<SnrSignin>(html`<snr-signin lang=${asked}></snr-signin>`);
      expect(matchLanguage(asked), 'not loaded yet').to.equal('en');
      expect(heading(el)).to.equal(en.signInHeading);

      const module = await LOADERS[tag]();
      const table = Object.values(module)[0] as Translation;
      expect(table.lang).to.equal(tag);
      await waitFor(() => heading(el) === table.signInHeading, `the element to re-render in ${tag}`);
      expect(submit(el)).to.equal(table.signInSubmit);
      expect(el.querySelector('label[part~="label"]')!.textContent!.trim()).to.equal(table.email);
      // The element's own lang already says it; a `pt` element speaking pt-BR says so on its content.
      expect(el.querySelector('form')!.getAttribute('lang')).to.equal(asked === tag ? null : tag);
    });
  }
});
