import { expect } from 'chai';
import { createApiClient } from '../../../src/api/index.js';
import { type Client, createClient, SnrError } from '../../../src/session/index.js';
import { ANONYMOUS, API_KEY, forgetEverything, PASSWORD, rejection, sleep, TestServer, uniqueEmail, waitFor } from './helpers.js';

describe('Client: failures of the network, of the key and of the server', function () {
  this.timeout(20_000);
  let server: TestServer;
  const clients: Client[] = [];
  const open = (options: Parameters<typeof createClient>[0]) => {
    const client = createClient({ storage: 'memory', ...options });
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await TestServer.start(
      {
        SNR_API_KEYS: JSON.stringify({ [API_KEY]: ['*'], 'shop-only-key': ['https://shop.example'] }),
        SNR_RATE_LIMIT: JSON.stringify({ signInPerAccountAndAddress: 2 }),
      },
      { own: 'server' },
    ); // its tests stop it
  });
  beforeEach(forgetEverything);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  after(() => server.close());

  it('NETWORK_ERROR when nothing answers, recorded as the last error', async () => {
    const client = open({ apiBase: 'http://127.0.0.1:9', apiKey: API_KEY });
    const err = await rejection(client.retrieveToken());
    expect(err).to.be.instanceOf(SnrError);
    expect(err).to.include({ code: 'NETWORK_ERROR', status: 0 });
    expect(client.state.lastError?.code).to.equal('NETWORK_ERROR');
    expect(client.state.status).to.equal('starting');
  });

  it('TIMEOUT when the server takes longer than the timeout', async () => {
    await server.delay(ANONYMOUS[1], 1500);
    try {
      // The server answers after 1.5 s: had the client waited for it, this would be a token, not TIMEOUT.
      const client = open({ ...server.options(), timeout: 300 });
      expect(await rejection(client.retrieveToken())).to.include({ code: 'TIMEOUT', status: 0 });
    } finally {
      await server.delay(ANONYMOUS[1], 0);
    }
  });

  it('INVALID_RESPONSE when something other than the identity server answers', async () => {
    const client = open({ apiBase: location.origin, apiKey: API_KEY }); // the test runner's own server
    expect(await rejection(client.retrieveToken())).to.include({ code: 'INVALID_RESPONSE' });
  });

  it('ready rejects UNKNOWN_API_KEY and ORIGIN_NOT_ALLOWED (refusals are not retried)', async () => {
    const unknown = open({ apiBase: server.url, apiKey: 'no-such-key' });
    expect(await rejection(unknown.ready)).to.include({ code: 'UNKNOWN_API_KEY', status: 403 });
    const elsewhere = open({ apiBase: server.url, apiKey: 'shop-only-key' });
    expect(await rejection(elsewhere.ready)).to.include({ code: 'ORIGIN_NOT_ALLOWED', status: 403 });
  });

  it('ready waits through an outage and resolves once the server is back', async () => {
    await server.stop();
    try {
      const client = open(server.options());
      let ready = false;
      void client.ready.then(() => (ready = true));
      await waitFor(() => client.state.lastError?.code === 'NETWORK_ERROR', 'a failed start');
      await sleep(300);
      expect(ready).to.equal(false);
      await server.restart();
      await waitFor(() => ready, 'ready after the restart', 6000);
      expect(client.state.status).to.equal('anonymous');
    } finally {
      await server.restart();
    }
  });

  it('RATE_LIMITED after too many failed sign-ins, with the wait in retryAfter', async () => {
    const client = open(server.options());
    await client.ready;
    const email = uniqueEmail();
    await client.registerAccount({ email, password: PASSWORD });
    for (let i = 0; i < 2; i++) expect(await rejection(client.signIn(email, 'Wrong-pass1!'))).to.include({ code: 'INVALID_CREDENTIALS' });
    const limited = await rejection(client.signIn(email, PASSWORD));
    expect(limited).to.include({ code: 'RATE_LIMITED', status: 429 });
    expect(limited.retryAfter).to.be.a('number').and.greaterThan(0);
  });

  it('getPublicConfig() asks once per Client, shares the answer, and asks again after a failure', async () => {
    const client = open(server.options());
    // Counts the Client's own asking (the browser's HTTP cache may answer the requests themselves).
    const ask = client.api.publicConfig;
    let calls = 0;
    client.api.publicConfig = (options) => {
      calls++;
      return ask(options);
    };
    const [first, second] = await Promise.all([client.getPublicConfig(), client.getPublicConfig()]);
    expect(first).to.include({ registrationMode: 'automatic', tokenLifetime: 3600 });
    expect(second).to.equal(first);
    expect(await client.getPublicConfig()).to.equal(first);
    expect(calls).to.equal(1);
    const other = open(server.options());
    expect(await other.getPublicConfig(), 'another Client has its own').to.not.equal(first);

    const down = open(server.options());
    const askDown = down.api.publicConfig;
    let attempts = 0;
    down.api.publicConfig = (options) => (++attempts === 1 ? Promise.reject(new SnrError('NETWORK_ERROR', 'down')) : askDown(options));
    expect(await rejection(down.getPublicConfig())).to.include({ code: 'NETWORK_ERROR' });
    expect(await down.getPublicConfig(), 'the failure was not kept').to.include({ registrationMode: 'automatic' });
    expect(attempts).to.equal(2);
  });

  it('the API client checks answers against the contract and narrows errors by code', async () => {
    const api = createApiClient({ baseUrl: server.url, apiKey: API_KEY });
    const config = await api.publicConfig();
    expect(config).to.include({ registrationMode: 'automatic', tokenLifetime: 3600 });
    expect(await api.health()).to.deep.equal({ status: 'ok' });
    const anonymous = await api.anonymousLogin(crypto.randomUUID());
    const err = await rejection(api.getAccount({ token: anonymous.token }));
    switch (err.code) {
      case 'FORBIDDEN_FOR_ANONYMOUS':
        expect(err.status).to.equal(403);
        expect(err.message).to.be.a('string');
        break;
      default:
        throw new Error(`unexpected ${err.code}`);
    }
    expect(await rejection(api.refreshToken('not.a.token'))).to.include({ code: 'TOKEN_INVALID', status: 401 });
    expect(() => createApiClient({ baseUrl: 'ftp://x', apiKey: API_KEY })).to.throw(TypeError);
  });
});
