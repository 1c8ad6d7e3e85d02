// The tab coordinator's lease (src/session/tabs.ts), the fallback of browsers without Web Locks:
// what it makes of a lease another tab wrote before the device clock was set back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryStorage } from '../../src/session/storage.js';
import { tabCoordinator } from '../../src/session/tabs.js';

const hasLocks = Boolean((globalThis.navigator as Navigator | undefined)?.locks);

describe('the lease between tabs (tabs.ts, no Web Locks)', { skip: hasLocks && 'this Node has Web Locks: the lease is not used' }, () => {
  it('a lease written before the device clock went back 40 min does not hold the other tabs off for 40 min', async () => {
    const storage = memoryStorage();
    const tabs = tabCoordinator('unit:', storage);
    try {
      // Another tab took the lease 1 s ago, and the clock has since been set back 40 minutes.
      storage.set('unit:lock:session', JSON.stringify({ id: 'other-tab', until: Date.now() + 40 * 60_000 + 9_000 }));
      // Held as written, the lease would keep the tab waiting 40 min; the race gives it 2 s.
      const ran = await Promise.race([tabs.exclusive('session', async () => 'ran'), new Promise((resolve) => setTimeout(resolve, 2000, 'still waiting'))]);
      assert.equal(ran, 'ran');
    } finally {
      tabs.close();
    }
  });

  it('a lease another tab holds now is still waited for', async () => {
    const storage = memoryStorage();
    const tabs = tabCoordinator('unit:', storage);
    try {
      storage.set('unit:lock:session', JSON.stringify({ id: 'other-tab', until: Date.now() + 300 }));
      const started = Date.now();
      await tabs.exclusive('session', async () => undefined);
      assert.ok(Date.now() - started >= 250, 'waited for the lease to end');
    } finally {
      tabs.close();
    }
  });
});
