// Right to left: an Arabic form lays out mirrored (the elements set `dir` on their content and the
// styles use logical properties), compared by the boxes the browser lays out.
import { expect, fixture, html } from '@open-wc/testing';
import '../elements/snr-signin/snr-signin.js';
import '../elements/snr-facebook-button/snr-facebook-button.js';
import { waitFor } from '../elements/shared/test-helpers.js';
import type { SnrFacebookButton } from '../elements/snr-facebook-button/snr-facebook-button.element.js';
import type { SnrSignin } from '../elements/snr-signin/snr-signin.element.js';
import { ar } from './ar.js';

/** The box of an element's text (not of the element, which may span the whole row). */
function textBox(element: Element): DOMRect {
  const range = document.createRange();
  range.selectNodeContents(element);
  return range.getBoundingClientRect();
}

/** Where the heading's text, the label's text and the input lie. */
function layout(el: SnrSignin) {
  const form = el.querySelector('form')!.getBoundingClientRect();
  const label = textBox(el.querySelector('label[part~="label"]')!);
  const input = el.querySelector('input[part~="input"]')!.getBoundingClientRect();
  const heading = textBox(el.querySelector('[part~="heading"]')!);
  return { form, label, input, heading };
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1.5;

describe('right to left', () => {
  it('lays an Arabic form out mirrored: headings, labels and inputs start on the right', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div style="width: 400px">
      <snr-signin lang="en"></snr-signin>
      <snr-signin lang="ar"></snr-signin>
    </div>`);
    const [english, arabic] = [...wrap.querySelectorAll('snr-signin')] as SnrSignin[];
    await Promise.all([english!.updateComplete, arabic!.updateComplete]);
    const form = arabic!.querySelector('form')!;
    expect(form.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(form).direction).to.equal('rtl');
    expect(english!.querySelector('form')!.hasAttribute('dir'), 'English on an English page inherits').to.equal(false);
    expect(arabic!.querySelector('[part~="heading"]')!.textContent!.trim()).to.equal(ar.signInHeading);

    const ltr = layout(english!);
    const rtl = layout(arabic!);
    // English: the label's text starts at the input's left edge and ends well before its right one.
    expect(near(ltr.label.left, ltr.input.left), 'English label starts on the left').to.equal(true);
    expect(ltr.label.right).to.be.below(ltr.input.right - 50);
    expect(near(ltr.heading.left, ltr.input.left), 'English heading starts on the left').to.equal(true);
    // Arabic: the mirror image.
    expect(near(rtl.label.right, rtl.input.right), `Arabic label starts on the right (${rtl.label.right} vs ${rtl.input.right})`).to.equal(true);
    expect(rtl.label.left).to.be.above(rtl.input.left + 50);
    expect(near(rtl.heading.right, rtl.input.right), `Arabic heading starts on the right (${rtl.heading.right} vs ${rtl.input.right})`).to.equal(true);
    expect(rtl.heading.left).to.be.above(rtl.input.left + 50);
    // The same box sizes: only the direction differs.
    expect(near(rtl.input.width, ltr.input.width)).to.equal(true);
  });

  it('follows the page: an Arabic element inside a right-to-left page inherits its direction, English inside it is set left to right', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div lang="ar" dir="rtl" style="width: 400px">
      <snr-signin></snr-signin>
      <div lang="he"><snr-signin></snr-signin></div>
      <snr-signin lang="en"></snr-signin>
    </div>`);
    const [arabic, fallback, english] = [...wrap.querySelectorAll('snr-signin')] as SnrSignin[];
    await Promise.all([arabic!.updateComplete, fallback!.updateComplete, english!.updateComplete]);
    expect(arabic!.querySelector('[part~="heading"]')!.textContent!.trim()).to.equal(ar.signInHeading);
    expect(arabic!.querySelector('form')!.hasAttribute('dir'), 'inherits').to.equal(false);
    expect(getComputedStyle(arabic!.querySelector('form')!).direction).to.equal('rtl');
    // No Hebrew table: English, marked as such and laid out left to right inside the right-to-left page.
    for (const el of [fallback!, english!]) {
      const form = el.querySelector('form')!;
      expect(form.getAttribute('dir')).to.equal('ltr');
      const { label, input } = layout(el);
      expect(near(label.left, input.left), 'English label starts on the left').to.equal(true);
    }
    expect(fallback!.querySelector('form')!.getAttribute('lang')).to.equal('en');
  });

  it('switches direction live when the language changes', async () => {
    const el = await fixture<SnrSignin>(html`<snr-signin lang="en"></snr-signin>`);
    el.setAttribute('lang', 'ar');
    await waitFor(() => el.querySelector('form')!.getAttribute('dir') === 'rtl', 'dir=rtl');
    el.setAttribute('lang', 'en');
    await waitFor(() => !el.querySelector('form')!.hasAttribute('dir'), 'no dir');
  });

  it('mirrors the Facebook button too (its content is in a shadow root)', async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <snr-facebook-button lang="en"></snr-facebook-button><snr-facebook-button lang="ar"></snr-facebook-button>
    </div>`);
    const [english, arabic] = [...wrap.querySelectorAll('snr-facebook-button')] as SnrFacebookButton[];
    await Promise.all([english!.updateComplete, arabic!.updateComplete]);
    const button = arabic!.shadowRoot!.querySelector('[part~="button"]')!;
    const ltr = getComputedStyle(english!.shadowRoot!.querySelector('[part~="button"]')!);
    const rtl = getComputedStyle(button);
    expect(button.getAttribute('dir')).to.equal('rtl');
    expect(rtl.direction).to.equal('rtl');
    // The logo side (start) has the smaller padding: on the left in English, on the right in Arabic.
    expect(ltr.paddingLeft).to.not.equal(ltr.paddingRight);
    expect([rtl.paddingRight, rtl.paddingLeft]).to.deep.equal([ltr.paddingLeft, ltr.paddingRight]);
    expect(button.textContent!.trim()).to.equal(ar.facebookContinue);
  });
});
