// The Client's start (src/session/client.ts) on faked timers: while the server cannot give the
// first anonymous token, it asks again with backoff, and never sooner than a 429's Retry-After.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClient } from '../../src/session/client.js';
import { API_BASE, API_KEY, errorAnswer, fakeServer, json, settle, tokenAnswer } from './support.js';

const ANONYMOUS = '/sauth/v3/auth/login/client/anonymous';

describe('the Client’s first token (client.ts), on faked timers', () => {
  it('after a 429 on the anonymous login, asks again only when Retry-After is over', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.UTC(2030, 0, 1) });
    const answers = [() => errorAnswer(429, 'RATE_LIMITED', { retryAfter: 20 }), () => json(200, tokenAnswer('anonymous-1', Date.now(), 3600))];
    const server = fakeServer({ [ANONYMOUS]: () => answers.shift()!() });
    const client = createClient({
      apiBase: API_BASE,
      apiKey: API_KEY,
      storage: 'memory',
      fetch: server.fetch,
      lifecycle: { onPageHide: () => () => {}, onOnline: () => () => {} },
    });
    t.after(() => client.close());
    await settle();
    assert.deepEqual(server.paths(), [ANONYMOUS]);
    t.mock.timers.tick(19_999);
    await settle();
    assert.equal(server.requests.length, 1, 'not before the 20 s are over');
    t.mock.timers.tick(1);
    await settle();
    assert.equal(server.requests.length, 2);
    await client.ready;
    assert.equal(client.state.status, 'anonymous');
  });
});
