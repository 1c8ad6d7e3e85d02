import { expect, fixture, html } from '@open-wc/testing';
import { ERROR_CODES } from '../contract/errors.js';
import '../elements/snr-signin/snr-signin.js';
import { waitFor } from '../elements/shared/test-helpers.js';
import type { SnrSignin } from '../elements/snr-signin/snr-signin.element.js';
import { pageSession } from '../page/session-hub.js';
import { en, errorMessage, matchLanguage, registerTranslation, setTranslations, type Translation, translation } from './index.js';
import { pl } from './pl.js';

/** Every key path of a table, functions and strings as leaves. */
function paths(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

const heading = (el: Element) => el.querySelector('[part~="heading"]')!.textContent!.trim();

describe('i18n', () => {
  it('renders an accessible element in Polish', async () => {
    const el = await fixture<SnrSignin>(html`<snr-signin lang="pl"></snr-signin>`);
    await expect(el).to.be.accessible();
  });

  describe('defaults', () => {
    it('English and Polish tables have the same keys, none empty', () => {
      expect(paths(pl).sort()).to.deep.equal(paths(en).sort());
      for (const table of [en, pl]) {
        for (const path of paths(table)) {
          const leaf = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], table);
          const text = typeof leaf === 'function' ? (leaf as (...a: unknown[]) => string)(3, 'x') : leaf;
          expect(text, `${table.lang} ${path}`).to.be.a('string').and.not.equal('');
        }
      }
    });

    it('has a message for every error code of the contract, in both languages', () => {
      for (const code of ERROR_CODES) {
        expect(errorMessage(en, code), code).to.equal(en.errors[code]);
        expect(pl.errors[code], code).to.be.a('string').and.not.equal(en.errors[code]);
      }
      expect(errorMessage(en, 'SOMETHING_NEW')).to.equal(en.errors.INTERNAL_ERROR);
    });

    it('matches language tags to tables, English by default', () => {
      expect(matchLanguage('pl-PL')).to.equal('pl');
      expect(matchLanguage('PL')).to.equal('pl');
      expect(matchLanguage('de-AT')).to.equal('en');
      expect(matchLanguage('')).to.equal('en');
    });

    it('counts in Polish plural forms', () => {
      expect([1, 2, 5, 12, 22, 25].map((n) => pl.rules.minLength(n))).to.deep.equal([
        'co najmniej 1 znak',
        'co najmniej 2 znaki',
        'co najmniej 5 znaków',
        'co najmniej 12 znaków',
        'co najmniej 22 znaki',
        'co najmniej 25 znaków',
      ]);
      expect(pl.formInvalid(2)).to.equal('2 pola wymagają poprawy.');
      expect(pl.formInvalid(5)).to.equal('5 pól wymaga poprawy.');
    });
  });

  describe('behaviour', () => {
    afterEach(() => {
      setTranslations('*', { signInHeading: undefined });
    });

    it('lets the site override any string page-wide, per language or for all, live', async () => {
      const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
      setTranslations('en', { signInHeading: 'Log in', errors: { INVALID_CREDENTIALS: 'Nope.' } });
      await el.updateComplete;
      expect(heading(el)).to.equal('Log in');
      expect(translation('en').errors.INVALID_CREDENTIALS).to.equal('Nope.');
      expect(translation('en').errors.RATE_LIMITED, 'the rest of a group stays').to.equal(en.errors.RATE_LIMITED);
      expect(translation('pl').signInHeading, 'other languages untouched').to.equal('Zaloguj się');
      setTranslations('en', { signInHeading: en.signInHeading, errors: { INVALID_CREDENTIALS: en.errors.INVALID_CREDENTIALS } });
    });

    it('lets one element override its own strings', async () => {
      const el = await fixture<SnrSignin>(html`<snr-signin .translations=${{ signInHeading: 'Members' }}></snr-signin>`);
      const other = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
      expect(heading(el)).to.equal('Members');
      expect(heading(other)).to.equal('Sign in');
    });

    it('marks its content with the language it really speaks, when the page says another', async () => {
      const before = document.documentElement.lang;
      try {
        document.documentElement.lang = 'de';
        const el = await fixture<SnrSignin>(html`<snr-signin></snr-signin>`);
        expect(el.querySelector('form')!.getAttribute('lang'), 'no German table: English, marked').to.equal('en');
        document.documentElement.lang = 'en-GB';
        await waitFor(() => !el.querySelector('form')!.hasAttribute('lang'), 'no mark on an English page');
        pageSession().setSettings({ lang: 'pl' });
        await waitFor(() => el.querySelector('form')!.getAttribute('lang') === 'pl', 'Polish, marked');
        expect(heading(el)).to.equal('Zaloguj się');
      } finally {
        pageSession().setSettings({ lang: undefined });
        document.documentElement.lang = before;
      }
    });

    it('takes a new language', async () => {
      const de: Translation = { ...en, lang: 'de', signInHeading: 'Anmelden' };
      registerTranslation(de);
      const el = await fixture<SnrSignin>(html`<snr-signin lang="de-DE"></snr-signin>`);
      expect(heading(el)).to.equal('Anmelden');
    });
  });
});
