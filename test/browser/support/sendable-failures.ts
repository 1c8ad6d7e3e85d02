/**
 * Loaded before every browser test file (web-test-runner.config.mjs, `testRunnerHtml`). When a test
 * fails, @web/test-runner-mocha sends the failure's `expected` and `actual` to the runner over a
 * socket; a DOM node (`expect(node).to.equal(other)`) cannot be sent, so the file used to hang until
 * the runner's 300 s limit and be reported as a lost browser, with the real failure never shown.
 * This root hook turns such values into a readable description before the results are collected.
 */
type Failure = Error & { expected?: unknown; actual?: unknown };

/** A value the structured clone that carries results cannot take, as text; others unchanged. */
export function sendable(value: unknown): unknown {
  if (typeof Node !== 'undefined' && value instanceof Node) {
    if (value instanceof Element) {
      const id = value.id ? `#${value.id}` : '';
      const parts = value.getAttribute('part') ? `[part="${value.getAttribute('part')}"]` : '';
      const text = (value.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 80);
      return `<${value.localName}${id}${parts}>${text ? ` "${text}"` : ''}`;
    }
    return `${value.nodeName}${value.textContent ? ` "${value.textContent.trim().slice(0, 80)}"` : ''}`;
  }
  try {
    structuredClone(value);
    return value;
  } catch {
    return String(value);
  }
}

export function makeSendable(err: Failure | undefined): void {
  if (!err) return;
  if ('expected' in err) err.expected = sendable(err.expected);
  if ('actual' in err) err.actual = sendable(err.actual);
}

const mocha = (window as unknown as { mocha?: { suite: { afterEach(fn: (this: { currentTest?: { err?: Failure } }) => void): void } } }).mocha;
mocha?.suite.afterEach(function makeFailuresSendable() {
  makeSendable(this.currentTest?.err);
});
