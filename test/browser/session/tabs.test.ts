import { expect } from 'chai';
import type { Client } from '../../../src/session/index.js';
import { ANONYMOUS, forgetEverything, PASSWORD, sleep, Tab, TestServer, uniqueEmail, waitFor } from './helpers.js';

const TTL = 3;
const ACTIVE_MS = 1.5 * TTL * 1000;

/** The token a tab holds right now, without asking for anything (test-only peek at the store). */
const heldToken = (client: Client) => (client as unknown as { store: { tokenNow(): { token: string } | null } }).store.tokenNow()?.token;

const VARIANTS = [
  { count: 2, legacy: false },
  { count: 5, legacy: false },
  { count: 3, legacy: true },
];

let server: TestServer;
// Root hooks get mocha's 10 s default; a server starting in a child process on a busy machine can
// take longer (CI once timed out here), so these get the time the other files' hooks get.
before(async function () {
  this.timeout(60_000);
  server = await TestServer.start({ SNR_TOKEN_TTL: String(TTL) });
});
after(async function () {
  this.timeout(30_000);
  await server.close();
});

for (const { count, legacy } of VARIANTS) {
  describe(`${count} tabs sharing one session${legacy ? ', without Web Locks and BroadcastChannel' : ''}`, function () {
    this.timeout(40_000);
    let tabs: Tab[] = [];

    const action = `tab.activity.${count}${legacy ? '.legacy' : ''}`;
    before(async () => {
      await forgetEverything();
      await server.requests(true);
    });
    after(() => tabs.forEach((tab) => tab.close()));

    it('start together with one UUID and one anonymous token', async () => {
      tabs = await Promise.all(Array.from({ length: count }, () => Tab.open(server.options({ flushInterval: 200 }), { legacy })));
      await Promise.all(tabs.map((tab) => tab.client.ready));
      const uuids = new Set(tabs.map((tab) => tab.client.getUUID()));
      expect(uuids.size).to.equal(1);
      // A first visit asks for its token while it waits for the lock, so tabs opened in the same
      // instant may each ask once; one answer is kept by all.
      expect(await server.count(...ANONYMOUS)).to.be.within(1, count);
      expect(new Set(tabs.map((tab) => heldToken(tab.client))).size).to.equal(1);
      expect(new Set(tabs.map((tab) => tab.client.state.expiresAt)).size).to.equal(1);
    });

    it('a tab opened later reuses the stored session without asking', async () => {
      // The tabs that started together may each have sent one first-visit login; let the last of
      // them reach the server before counting.
      let logins = await server.count(...ANONYMOUS);
      for (let settled = 0; settled < 3; ) {
        await sleep(150);
        const now = await server.count(...ANONYMOUS);
        settled = now === logins ? settled + 1 : 0;
        logins = now;
      }
      const late = await Tab.open(server.options({ flushInterval: 200 }), { legacy });
      await late.client.ready;
      expect(late.client.getUUID()).to.equal(tabs[0]!.client.getUUID());
      expect(heldToken(late.client)).to.equal(heldToken(tabs[0]!.client));
      expect(await server.count(...ANONYMOUS)).to.equal(logins);
      late.close();
    });

    it('see a sign-in in one tab at once in all the others', async () => {
      const email = uniqueEmail(`tabs${count}`);
      await tabs[0]!.client.registerAccount({ email, password: PASSWORD });
      await tabs[0]!.client.signIn(email, PASSWORD);
      await waitFor(() => tabs.every((tab) => tab.client.state.status === 'signed-in'), 'every tab to be signed in', 1000);
      expect(new Set(tabs.map((tab) => tab.client.state.clientId)).size).to.equal(1);
      expect(new Set(tabs.map((tab) => heldToken(tab.client))).size).to.equal(1);
    });

    it('send exactly one refresh per token while every tab is active, and all hold the new token', async () => {
      await sleep(300);
      await server.requests(true);
      const tracked: string[] = [];
      const start = Date.now();
      while (Date.now() - start < ACTIVE_MS) {
        for (const tab of tabs) tracked.push(tab.client.track(action, { tab: tabs.indexOf(tab) }));
        await sleep(100);
      }
      await Promise.all(tabs.map((tab) => tab.client.flushEvents()));

      const { refreshes } = await server.requests();
      expect(refreshes.length, 'at least one refresh per lifetime').to.be.at.least(2);
      // A token is refreshed no sooner than half its life, which is at least (TTL - 1) s.
      expect(refreshes.length, 'too many refreshes').to.be.at.most(Math.floor(ACTIVE_MS / (((TTL - 1) * 1000) / 2)) + 1);
      expect(new Set(refreshes.map((r) => r.tokenTail)).size, 'some token was refreshed by two tabs').to.equal(refreshes.length);
      for (let i = 1; i < refreshes.length; i++) expect(refreshes[i]!.tokenTail, `refresh ${i} used the newest token`).to.equal(refreshes[i - 1]!.issuedTail);
      for (const r of refreshes) {
        expect(r.status).to.equal(200);
        expect(r.at).to.be.below(r.exp! * 1000);
      }
      const last = refreshes.at(-1)!.issuedTail;
      await waitFor(() => tabs.every((tab) => heldToken(tab.client)?.slice(-16) === last), 'every tab to hold the newest token', 1000);
      expect(tabs.every((tab) => tab.client.state.status === 'signed-in')).to.equal(true);

      // And every event of every tab arrived once.
      const rows = await server.query<{ n: number; distinct_salts: number }>(
        'SELECT count(*) AS n, count(DISTINCT event_salt) AS distinct_salts FROM events WHERE action = ?',
        [action],
      );
      expect(rows[0]).to.deep.equal({ n: tracked.length, distinct_salts: tracked.length });
    });

    it('see a sign-out in one tab at once in all the others, all going on under one fresh UUID (the customer’s is no anonymous visitor’s)', async () => {
      const uuid = tabs[0]!.client.getUUID();
      await tabs.at(-1)!.client.signOut();
      await waitFor(() => tabs.every((tab) => tab.client.state.status === 'anonymous'), 'every tab to be signed out', 1000);
      for (const tab of tabs) expect(tab.client.state.endReason).to.equal('USER_SIGN_OUT');
      await waitFor(() => new Set(tabs.map((tab) => heldToken(tab.client))).size === 1 && heldToken(tabs[0]!.client), 'one anonymous token');
      const fresh = tabs[0]!.client.getUUID();
      expect(fresh).to.not.equal(uuid);
      for (const tab of tabs) expect(tab.client.getUUID()).to.equal(fresh);
    });
  });
}
