// The shared suite every credential form passes (STYLE.md §6, issue 4 item 8): a native form in
// light DOM that password managers see, the right autocomplete tokens, native validity with
// linked messages, focus to the first invalid field, a busy state, and one request per submit.
import { expect } from '@open-wc/testing';
import type { TestServer } from './test-helpers.js';
import { control, fill, sleep, submit, waitFor } from './test-helpers.js';

export interface CredentialFormCase {
  tag: string;
  /** Puts a fresh element on the page, showing its credential form, and returns it. */
  mount(): Promise<HTMLElement>;
  server: () => TestServer;
  /** Input name → the autocomplete token it must carry. */
  autocomplete: Record<string, string>;
  /** Names of new-password inputs (they carry minlength and passwordrules). */
  newPasswords: string[];
  /** Valid values for every required field. */
  valid: () => Record<string, string>;
  /** The request one submission makes. */
  request: [method: string, path: string];
}

export function credentialFormSuite(c: CredentialFormCase): void {
  describe(`${c.tag} as a credential form`, () => {
    it('renders a native form with labelled inputs in light DOM, with the autocomplete tokens', async () => {
      const el = await c.mount();
      expect(el.shadowRoot).to.equal(null);
      const form = document.querySelector(`${c.tag} form`);
      expect(form).to.be.instanceOf(HTMLFormElement);
      for (const [name, token] of Object.entries(c.autocomplete)) {
        const input = document.querySelector<HTMLInputElement>(`${c.tag} input[name="${name}"]`);
        expect(input, name).to.be.instanceOf(HTMLInputElement);
        expect(input!.getAttribute('autocomplete'), name).to.equal(token);
        expect(input!.form).to.equal(form);
        expect(input!.labels?.length, `label of ${name}`).to.equal(1);
        expect(input!.labels![0]!.textContent!.trim(), `label of ${name}`).not.to.equal('');
      }
    });

    it('gives new-password inputs minlength and passwordrules from the server policy', async () => {
      await c.mount();
      for (const name of c.newPasswords) {
        const input = control(c.tag, name);
        await waitFor(() => input.getAttribute('minlength') === '8', `minlength of ${name} from the policy`);
        expect(input.getAttribute('passwordrules')).to.contain('minlength: 8').and.contain('required: upper');
        expect(input.hasAttribute('maxlength'), 'no maxlength: it would cut a longer password silently').to.equal(false);
      }
    });

    it('reports invalid fields natively and accessibly, and focuses the first', async () => {
      const el = await c.mount();
      submit(el);
      await waitFor(() => el.querySelector('[aria-invalid="true"]'), 'a field marked invalid');
      const first = el.querySelector<HTMLInputElement>('[aria-invalid="true"]')!;
      expect(document.activeElement).to.equal(first);
      expect(first.checkValidity()).to.equal(false);
      const errorId = first
        .getAttribute('aria-describedby')!
        .split(' ')
        .find((id) => id.endsWith('-error'))!;
      const error = document.getElementById(errorId)!;
      expect(error.hidden).to.equal(false);
      expect(error.textContent!.trim()).not.to.equal('');
      const summary = el.querySelector('[part~="summary"]')!;
      expect(summary.getAttribute('aria-live')).to.equal('polite');
      expect(summary.textContent!.trim()).not.to.equal('');
    });

    it('shows a field error only once the field was touched', async () => {
      const el = await c.mount();
      const [name] = Object.keys(c.valid());
      const input = control(c.tag, name!);
      input.focus();
      input.value = 'x';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      input.value = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(input.getAttribute('aria-invalid'), 'not while typing').to.equal('false');
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(input.getAttribute('aria-invalid'), 'after leaving it').to.equal('true');
    });

    it('sent again, keeps the last outcome in place while busy: nothing below it moves', async () => {
      const el = await c.mount();
      const server = c.server();
      const [, path] = c.request;
      submit(el);
      await waitFor(() => el.querySelector('[part~="summary"][data-tone="error"]'), 'the first outcome');
      const summary = el.querySelector<HTMLElement>('[part~="summary"]')!;
      const button = () => el.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      fill(c.tag, c.valid());
      await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const [height, top] = [summary.getBoundingClientRect().height, button().getBoundingClientRect().top];
      await server.delay(path, 400);
      try {
        submit(el);
        await waitFor(() => el.querySelector('form[aria-busy="true"]'), 'the busy state');
        expect(summary.hasAttribute('data-stale'), 'the last outcome, marked stale').to.equal(true);
        expect(summary.getBoundingClientRect().height).to.equal(height);
        expect(button().getBoundingClientRect().top, 'the button stays where it was pressed').to.equal(top);
        expect(summary.querySelector('.snr-sr-only')?.textContent, 'busy, announced').to.not.equal(undefined);
        await waitFor(() => el.querySelector('form[aria-busy="true"]') === null, 'the answer', 5000);
        expect(el.querySelector('[part~="summary"][data-stale]')).to.equal(null);
      } finally {
        await server.delay(path, 0);
      }
    });

    it('is busy while sending and sends one request however often it is submitted', async () => {
      const el = await c.mount();
      const server = c.server();
      const [method, path] = c.request;
      fill(c.tag, c.valid());
      const before = await server.count(method, path);
      await server.delay(path, 400);
      try {
        submit(el);
        submit(el);
        await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        const form = el.querySelector('form')!;
        const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
        expect(form.getAttribute('aria-busy')).to.equal('true');
        expect(button.getAttribute('aria-disabled')).to.equal('true');
        expect(button.querySelector('[part~="spinner"]')).to.exist;
        button.click();
        await sleep(50);
        submit(el);
        await waitFor(async () => (await server.count(method, path)) > before, 'the request', 5000);
        await waitFor(() => el.querySelector('form[aria-busy="true"]') === null, 'the busy state to end', 5000);
        expect(await server.count(method, path)).to.equal(before + 1);
      } finally {
        await server.delay(path, 0);
      }
    });
  });
}
