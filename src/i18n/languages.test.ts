// Every language that ships: complete, with the same arguments as English, counted in its own
// plural forms and punctuated as its native interfaces are.
import { expect } from '@open-wc/testing';
import { ERROR_CODES } from '../contract/errors.js';
import { ar } from './ar.js';
import { cs } from './cs.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { hu } from './hu.js';
import { en, errorMessage, matchLanguage, type Translation, textDirection, translation } from './index.js';
import { it as italian } from './it.js';
import { LANGUAGES } from './languages.js';
import { nl } from './nl.js';
import { pl } from './pl.js';
import { ptBR } from './pt-BR.js';
import { ro } from './ro.js';
import { sk } from './sk.js';
import { tr } from './tr.js';
import { uk } from './uk.js';

const TABLES: Translation[] = [pl, de, fr, es, italian, ptBR, nl, cs, sk, ro, hu, uk, tr, ar];

/** Every leaf of a table by key path: strings, and functions (counts, addresses, times). */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, value]];
}

/** What a leaf says for sample arguments, and which of them it must show (as English shows them). */
const SAMPLES = { email: 'anna@example.com', relative: '⟨in 5 minutes⟩', time: '⟨14:32⟩' };
function say(leaf: unknown, count: number): { text: unknown; args: string[] } {
  if (typeof leaf !== 'function') return { text: leaf, args: [] };
  const fn = leaf as (...a: unknown[]) => string;
  if (fn.length === 2) return { text: fn(SAMPLES.relative, SAMPLES.time), args: [SAMPLES.relative, SAMPLES.time] };
  const text = fn(count);
  return typeof text === 'string' && text.includes(String(count)) ? { text, args: [String(count)] } : { text: fn(SAMPLES.email), args: [] };
}

describe('the languages that ship', () => {
  it('are the modules listed in LANGUAGES, each under its own tag', () => {
    expect(TABLES.map((t) => t.lang)).to.deep.equal([...LANGUAGES]);
    for (const t of TABLES) expect(translation(t.lang).signInHeading, t.lang).to.equal(t.signInHeading);
  });

  it('have every string of English, none empty, none left in English where a language has its own word', () => {
    const english = leaves(en)
      .map(([p]) => p)
      .sort();
    for (const t of TABLES) {
      expect(
        leaves(t)
          .map(([p]) => p)
          .sort(),
        t.lang,
      ).to.deep.equal(english);
      for (const [path, leaf] of leaves(t)) {
        if (path === 'lang') continue;
        expect(typeof leaf, `${t.lang} ${path}`).to.equal(typeof leaves(en).find(([p]) => p === path)![1]);
        for (const n of [1, 2, 3, 5, 11, 22, 101]) {
          const { text } = say(leaf, n);
          expect(text, `${t.lang} ${path}(${n})`).to.be.a('string').and.match(/\S/);
        }
      }
      expect(t.signInHeading, `${t.lang} is translated`).to.not.equal(en.signInHeading);
      expect(t.errors.INVALID_CREDENTIALS, `${t.lang} errors are translated`).to.not.equal(en.errors.INVALID_CREDENTIALS);
    }
  });

  it('show the same arguments as English: the count, the address, the time', () => {
    for (const [path, leaf] of leaves(en)) {
      if (typeof leaf !== 'function') continue;
      // 3, 5, 21: every language shows the figure (for 1 and 2 Arabic says "one", "two" in words).
      for (const n of [3, 5, 21]) {
        const english = say(leaf, n);
        const shown = english.args.length ? english.args : (leaf as (e: string) => string)(SAMPLES.email).includes(SAMPLES.email) ? [SAMPLES.email] : [];
        for (const t of TABLES) {
          const own = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], t) as (...a: unknown[]) => string;
          const text = shown[0] === SAMPLES.email ? own(SAMPLES.email) : english.args.length === 2 ? own(SAMPLES.relative, SAMPLES.time) : own(n);
          for (const arg of shown) expect(text, `${t.lang} ${path}(${n}) shows ${arg}`).to.include(arg);
        }
      }
    }
  });

  it('have a message for every error code of the contract', () => {
    for (const t of TABLES) {
      for (const code of ERROR_CODES) {
        expect(t.errors[code], `${t.lang} ${code}`).to.be.a('string').and.match(/\S/);
        expect(errorMessage(t, code)).to.equal(t.errors[code]);
      }
      expect(Object.keys(t.errors).sort(), t.lang).to.deep.equal([...ERROR_CODES].sort());
    }
  });

  it('count in each language’s plural forms (Intl.PluralRules)', () => {
    const at = (t: Translation, ns: number[]) => ns.map((n) => t.rules.minLength(n));
    expect(at(cs, [1, 2, 5])).to.deep.equal(['alespoň 1 znak', 'alespoň 2 znaky', 'alespoň 5 znaků']);
    expect(at(sk, [1, 3, 8])).to.deep.equal(['aspoň 1 znak', 'aspoň 3 znaky', 'aspoň 8 znakov']);
    expect(at(uk, [1, 2, 5, 11, 21, 22])).to.deep.equal([
      'щонайменше 1 символ',
      'щонайменше 2 символи',
      'щонайменше 5 символів',
      'щонайменше 11 символів',
      'щонайменше 21 символ',
      'щонайменше 22 символи',
    ]);
    expect(at(ar, [1, 2, 3, 11, 100])).to.deep.equal(['حرف واحد على الأقل', 'حرفان على الأقل', '3 أحرف على الأقل', '11 حرفًا على الأقل', '100 حرف على الأقل']);
    expect(at(ro, [1, 8, 20, 101])).to.deep.equal(['cel puțin 1 caracter', 'cel puțin 8 caractere', 'cel puțin 20 de caractere', 'cel puțin 101 caractere']);
    expect(at(fr, [1, 8])).to.deep.equal(['au moins 1 caractère', 'au moins 8 caractères']);
    expect(at(de, [1, 8])).to.deep.equal(['mindestens 1 Zeichen', 'mindestens 8 Zeichen']);
    expect(at(hu, [1, 8])).to.deep.equal(['legalább 1 karakter', 'legalább 8 karakter']);
    expect([2, 5, 22].map((n) => pl.formInvalid(n))).to.deep.equal(['2 pola wymagają poprawy.', '5 pól wymaga poprawy.', '22 pola wymagają poprawy.']);
    expect([2, 5].map((n) => cs.formInvalid(n))).to.deep.equal(['Opravte prosím 2 pole.', 'Opravte prosím 5 polí.']);
    expect([1, 2, 3].map((n) => ar.formInvalid(n))).to.deep.equal(['يحتاج حقل واحد إلى التصحيح.', 'يحتاج حقلان إلى التصحيح.', 'يحتاج 3 حقول إلى التصحيح.']);
    expect([1, 2].map((n) => en.formInvalid(n))).to.deep.equal(['One field needs your attention.', '2 fields need your attention.']);
  });

  it('are punctuated as native interfaces are: French spaces, Arabic comma and question mark', () => {
    for (const t of TABLES) {
      for (const [path, leaf] of leaves(t)) {
        const said = say(leaf, 3).text;
        if (typeof said !== 'string' || path === 'lang' || path === 'rules.symbol') continue;
        // The text around the arguments and web addresses (their own colons are not punctuation).
        const text = Object.values(SAMPLES)
          .reduce((s, v) => s.replaceAll(v, ''), said)
          .replace(/https:\/\//g, '');
        if (t === fr) {
          expect(text, `fr ${path}: a no-break space before ? ! : ;`).to.not.match(/[^\u00a0\u202f][?!:;]/);
        } else {
          expect(text, `${t.lang} ${path}: no space before ? ! :`).to.not.match(/[ \u00a0\u202f][?!:]/);
        }
        if (t === ar) {
          expect(text, `ar ${path}: Arabic comma and question mark`).to.not.match(/[,?]/);
        }
      }
    }
    expect(ar.forgotPassword.endsWith('؟')).to.equal(true);
  });

  it('are found by tag: a region finds its language, a language finds its one regional table', () => {
    expect(matchLanguage('de-AT')).to.equal('de');
    expect(matchLanguage('pt-BR')).to.equal('pt-br');
    expect(matchLanguage('pt')).to.equal('pt-br');
    expect(matchLanguage('pt-PT')).to.equal('pt-br');
    expect(matchLanguage('ar-EG')).to.equal('ar');
    expect(matchLanguage('he')).to.equal('en');
    expect(matchLanguage('')).to.equal('en');
    expect(translation('pt').signInHeading).to.equal(ptBR.signInHeading);
  });

  it('know their direction: Arabic right to left, the rest left to right', () => {
    for (const t of TABLES) expect(textDirection(t.lang), t.lang).to.equal(t === ar ? 'rtl' : 'ltr');
    expect(textDirection('he-IL')).to.equal('rtl');
    expect(textDirection('en')).to.equal('ltr');
  });
});
