// <snr-account>'s steps beyond the details are capabilities, loaded on intent (issue 15): pointing at
// or tabbing to a step's button starts loading its code; an account with a password never loads the
// provider button its proof would show an account without one. Against a real server. (Loading
// failures, busy and retry are in e2e/account.kit.spec.ts, where the add-ons are files that can fail.)
import { expect, fixture, html } from '@open-wc/testing';
import '../snr-session/snr-session.js';
import './snr-account.js';
import { pageSession } from '../../page/session-hub.js';
import { createAccount, fileServer, PASSWORD, uniqueEmail, waitFor } from '../shared/test-helpers.js';
import type { SnrAccount } from './snr-account.element.js';

const file = fileServer();

async function mount(): Promise<SnrAccount> {
  const email = await createAccount(file.server, uniqueEmail());
  await pageSession().client!.signIn(email, PASSWORD);
  const el = await fixture<SnrAccount>(html`<snr-account></snr-account>`);
  await waitFor(() => el.querySelector('form[aria-busy="false"]'), 'the account to load');
  return el;
}

/** Whether the page has fetched a module whose URL has `path` (the dev server serves each module as its own file). */
const fetched = (path: string) => performance.getEntriesByType('resource').some((entry) => entry.name.includes(path));

describe('snr-account: steps loaded on intent', () => {
  it('starts loading a step when the pointer reaches its button or the focus does, before any click', async () => {
    const el = await mount();
    expect(fetched('capabilities/account-delete/'), 'nothing loaded at first').to.equal(false);
    expect(fetched('capabilities/sessions/'), 'nothing loaded at first').to.equal(false);
    el.querySelector('[part~="delete-account"]')!.dispatchEvent(new PointerEvent('pointerenter'));
    await waitFor(() => fetched('capabilities/account-delete/'), 'the deletion step loading');
    el.querySelector<HTMLButtonElement>('[part~="sessions-open"]')!.focus();
    await waitFor(() => fetched('capabilities/sessions/'), 'the devices step loading');
    expect(el.querySelector('[part~="danger-zone"]'), 'still the details').to.exist;
  });

  it('an account with a password proves itself with it: its steps never load the provider button', async () => {
    const el = await mount();
    for (const open of ['change-email', 'delete-account']) {
      el.querySelector<HTMLButtonElement>(`button[part~="${open}"]`)!.click();
      await waitFor(() => el.querySelector('[name="password"]'), `the ${open} step`);
      el.querySelector<HTMLButtonElement>('[part~="back"]')!.click();
      await waitFor(() => el.querySelector('[part~="danger-zone"]'), 'the details again');
    }
    expect(customElements.get('snr-provider-button') === undefined, 'the provider button is not defined').to.equal(true);
    expect(fetched('snr-provider-button'), 'nor fetched').to.equal(false);
  });
});
