// The root hook of test/browser/support/sendable-failures.ts: a failure whose `expected` or `actual`
// is a DOM node is reported, not lost with the file after a 300 s hang.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/snr-signin/snr-signin.js';
import { makeSendable, sendable } from './support/sendable-failures.js';

describe('failures the runner can be sent', () => {
  it('the root hook is installed in every test file (web-test-runner.config.mjs loads it)', () => {
    const suite = (window as unknown as { mocha: { suite: { _afterEach: { title: string }[] } } }).mocha.suite;
    expect(suite._afterEach.map((hook) => hook.title).join()).to.contain('makeFailuresSendable');
  });

  it('a node of a Lit element becomes its description (tag, id, part, text); cloneable values stay as they are', async () => {
    const el = await fixture(html`<snr-signin></snr-signin>`);
    const heading = el.querySelector('[part~="heading"]')!;
    const err = Object.assign(new Error('x'), { actual: document.body, expected: heading });
    makeSendable(err);
    expect(err.expected).to.match(/^<div#[\w-]+-heading\[part="heading"\]> "Sign in"$/);
    expect(err.actual).to.match(/^<body> /);
    expect(() => structuredClone(err.actual)).not.to.throw();
    expect(sendable(42)).to.equal(42);
    expect(sendable({ a: [1, 'b'] })).to.deep.equal({ a: [1, 'b'] });
    expect(sendable(() => 1)).to.equal('() => 1');
  });
});
