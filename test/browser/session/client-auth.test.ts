import { expect } from 'chai';
import { type Client, createClient, type SessionChange, SnrError } from '../../../src/session/index.js';
import { ANONYMOUS, API_KEY, forgetEverything, PASSWORD, rejection, Tab, TestServer, uniqueEmail, waitFor } from './helpers.js';

const claims = (token: string) => JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sid: string; uuid: string; rlm: string };

describe('Client: start, registration, sign-in, sign-out, tokens and UUID', function () {
  this.timeout(20_000);
  let server: TestServer;
  let activation: TestServer;
  const clients: Client[] = [];
  const open = (extra: Parameters<TestServer['options']>[0] = {}, on = server) => {
    const client = createClient(on.options({ flushInterval: 100, ...extra }));
    clients.push(client);
    return client;
  };
  const customer = async (client: Client, email = uniqueEmail()) => {
    await client.ready;
    await client.registerAccount({ email, password: PASSWORD, firstName: 'Ada' });
    await client.signIn(email, PASSWORD);
    return email;
  };

  before(async () => {
    [server, activation] = await Promise.all([TestServer.start(), TestServer.start({ SNR_REGISTRATION_MODE: 'activation' })]);
  });
  beforeEach(forgetEverything);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  after(() => Promise.all([server.close(), activation.close()]));

  describe('start', () => {
    it('makes and keeps a UUID and an anonymous token; the next page reuses both without asking', async () => {
      const first = open();
      expect(first.state.status).to.equal('starting');
      const uuid = first.getUUID();
      expect(uuid).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await first.ready).to.equal(first);
      expect(first.state).to.include({ status: 'anonymous', uuid, clientId: null, origin: 'ANONYMOUS', lastError: null });
      expect(first.isSignedIn()).to.equal(false);
      const token = await first.retrieveToken();
      expect(token).to.include({ realm: 'anonymous_client', origin: 'ANONYMOUS', uuid });
      expect(token.expiresAt).to.be.closeTo(Date.now() + 3600_000, 5000);
      expect(claims(token.token).uuid).to.equal(uuid);
      first.close();

      const logins = await server.count(...ANONYMOUS);
      const second = open();
      expect(second.state.status, 'known at once from storage').to.equal('anonymous');
      await second.ready;
      expect(second.getUUID()).to.equal(uuid);
      expect((await second.retrieveToken()).token).to.equal(token.token);
      expect(await server.count(...ANONYMOUS)).to.equal(logins);
    });

    it('keeps deployments apart: another server or API key on the same origin has its own UUID', async () => {
      const a = open();
      const b = open({}, activation);
      await Promise.all([a.ready, b.ready]);
      expect(a.getUUID()).to.not.equal(b.getUUID());
    });

    it('storage "memory" forgets at the next page, "session" keeps within the tab', async () => {
      const memory = open({ storage: 'memory' });
      await memory.ready;
      const again = open({ storage: 'memory' });
      await again.ready;
      expect(again.getUUID()).to.not.equal(memory.getUUID());
      expect(localStorage.length, 'nothing in localStorage').to.equal(0);

      const tab = open({ storage: 'session' });
      await tab.ready;
      const reloaded = open({ storage: 'session' });
      expect(reloaded.getUUID()).to.equal(tab.getUUID());
      expect(localStorage.length).to.equal(0);
      expect(sessionStorage.length).to.be.greaterThan(0);
    });
  });

  describe('registerAccount(context)', () => {
    it('registers the anonymous profile as a customer and tracks client.register', async () => {
      const client = open();
      await client.ready;
      const answer = await client.registerAccount({ email: uniqueEmail(), password: PASSWORD, lastName: 'Lovelace' });
      expect(answer).to.include({ status: 'REGISTERED', registrationMode: 'automatic', canSignIn: true, uuid: client.getUUID() });
      expect(client.isSignedIn(), 'registering does not sign in').to.equal(false);
      await client.flushEvents();
      const rows = await server.query('SELECT action, uuid FROM events WHERE client_id = ?', [answer.clientId]);
      expect(rows).to.deep.include({ action: 'client.register', uuid: client.getUUID() });
    });

    it('answers ACTIVATION_REQUIRED in activation mode', async () => {
      const client = open({}, activation);
      await client.ready;
      const answer = await client.registerAccount({ email: uniqueEmail(), password: PASSWORD });
      expect(answer).to.include({ status: 'ACTIVATION_REQUIRED', canSignIn: false });
    });

    it('rejects EMAIL_TAKEN, PASSWORD_POLICY and VALIDATION_FAILED with coded errors', async () => {
      const client = open();
      await client.ready;
      const email = uniqueEmail();
      await client.registerAccount({ email, password: PASSWORD });
      const taken = await rejection(client.registerAccount({ email: email.toUpperCase(), password: PASSWORD }));
      expect(taken).to.be.instanceOf(SnrError);
      expect(taken).to.include({ code: 'EMAIL_TAKEN', status: 409 });
      const weak = await rejection(client.registerAccount({ email: uniqueEmail(), password: 'weak' }));
      expect(weak).to.include({ code: 'PASSWORD_POLICY', status: 400 });
      const invalid = await rejection(client.registerAccount({ email: 'not-an-email', password: PASSWORD }));
      expect(invalid).to.include({ code: 'VALIDATION_FAILED', status: 400 });
      expect(invalid.errors.map((e) => e.field)).to.include('email');
    });
  });

  describe('signIn(email, password)', () => {
    it('signs in, tells subscribers, and tracks client.login', async () => {
      const client = open();
      await client.ready;
      const email = uniqueEmail();
      const { clientId } = await client.registerAccount({ email, password: PASSWORD });
      const changes: SessionChange[] = [];
      const unsubscribe = client.subscribe((_, change) => changes.push(change));
      await client.signIn(email, PASSWORD);
      unsubscribe();
      expect(changes).to.deep.equal([{ type: 'signed-in' }]);
      expect(client.state).to.include({ status: 'signed-in', clientId, origin: 'SYNERISE', endReason: null });
      expect(client.isSignedIn()).to.equal(true);
      expect((await client.retrieveToken()).realm).to.equal('client');
      await client.flushEvents();
      expect(await server.query('SELECT action FROM events WHERE client_id = ? AND action = ?', [clientId, 'client.login'])).to.have.length(1);
    });

    it("adopts the customer's UUID when signing in from a new browser", async () => {
      const first = open({ storage: 'memory' });
      await customer(first);
      const email = uniqueEmail();
      await customer(open({ storage: 'memory' }), email);
      const other = open({ storage: 'memory' });
      await other.ready;
      const anonymousUuid = other.getUUID();
      await other.signIn(email, PASSWORD);
      expect(other.getUUID()).to.not.equal(anonymousUuid);
      expect(claims((await other.retrieveToken()).token).uuid).to.equal(other.getUUID());
    });

    it('rejects INVALID_CREDENTIALS, ACTIVATION_REQUIRED, and SIGNED_IN while a customer is signed in', async () => {
      const client = open();
      const email = await customer(client);
      const again = await rejection(client.signIn(email, PASSWORD));
      expect(again).to.include({ code: 'SIGNED_IN' });

      const stranger = open({ storage: 'memory' });
      await stranger.ready;
      expect(await rejection(stranger.signIn(email, 'Wrong-pass1!'))).to.include({ code: 'INVALID_CREDENTIALS', status: 401 });
      expect(await rejection(stranger.signIn(uniqueEmail('nobody'), PASSWORD))).to.include({ code: 'INVALID_CREDENTIALS', status: 401 });
      expect(stranger.isSignedIn()).to.equal(false);

      const pending = open({ storage: 'memory' }, activation);
      await pending.ready;
      const pendingEmail = uniqueEmail();
      await pending.registerAccount({ email: pendingEmail, password: PASSWORD });
      expect(await rejection(pending.signIn(pendingEmail, PASSWORD))).to.include({ code: 'ACTIVATION_REQUIRED', status: 403 });
    });
  });

  describe('signInConditionally(email, password)', () => {
    it('answers SUCCESS (signed in), UNAUTHORIZED and ACTIVATION_REQUIRED without throwing', async () => {
      const email = await customer(open({ storage: 'memory' }));
      const client = open();
      await client.ready;
      expect(await client.signInConditionally(email, 'Wrong-pass1!')).to.deep.equal({ status: 'UNAUTHORIZED', conditions: [] });
      expect(client.isSignedIn()).to.equal(false);
      expect(await client.signInConditionally(email, PASSWORD)).to.deep.equal({ status: 'SUCCESS', conditions: [] });
      expect(client.isSignedIn()).to.equal(true);

      const pending = open({ storage: 'memory' }, activation);
      await pending.ready;
      const pendingEmail = uniqueEmail();
      await pending.registerAccount({ email: pendingEmail, password: PASSWORD });
      const answer = await pending.signInConditionally(pendingEmail, PASSWORD);
      expect(answer.status).to.equal('ACTIVATION_REQUIRED');
      expect(pending.isSignedIn()).to.equal(false);
    });
  });

  describe('authenticate(token, provider, context) and the Facebook variants', () => {
    let providers: TestServer;
    before(async () => {
      providers = await TestServer.start(await TestServer.providers());
    });
    after(() => providers.close());

    it('authenticate() with OAUTH registers a new customer from the claims and the context, and signs in', async () => {
      const client = open({}, providers);
      await client.ready;
      const email = uniqueEmail('oauth');
      await client.authenticate(`good:sub-${email}:${email}`, 'OAUTH', { agreements: { email: true }, attributes: { source: 'oauth-test' } });
      expect(client.state).to.include({ status: 'signed-in', origin: 'OAUTH' });
      const account = await client.getAccount();
      expect(account).to.include({ email, firstName: 'Oauth', lastName: 'User' });
      expect(account.agreements.email).to.equal(true);
      expect(account.attributes).to.deep.include({ source: 'oauth-test' });
    });

    it('authenticateConditionally() answers REGISTRATION_REQUIRED for a new identity and SUCCESS for a known one', async () => {
      const client = open({}, providers);
      await client.ready;
      const email = uniqueEmail('cond');
      const token = `good:sub-${email}:${email}`;
      expect(await client.authenticateConditionally(token, 'OAUTH')).to.deep.equal({ status: 'REGISTRATION_REQUIRED', conditions: [{ type: 'REGISTRATION' }] });
      expect(client.isSignedIn()).to.equal(false);
      await client.authenticate(token, 'OAUTH');
      await client.signOut();
      expect(await client.authenticateConditionally(token, 'OAUTH')).to.deep.equal({ status: 'SUCCESS', conditions: [] });
      expect(client.state).to.include({ status: 'signed-in', origin: 'OAUTH' });
    });

    it('authenticateByFacebook() and authenticateByFacebookRegistered() sign in through the Graph API', async () => {
      const client = open({}, providers);
      await client.ready;
      const email = uniqueEmail('fb');
      const fbToken = `fb:${crypto.randomUUID()}:${email}`;
      expect(await client.authenticateByFacebookRegistered(fbToken)).to.include({ status: 'REGISTRATION_REQUIRED' });
      await client.authenticateByFacebook(fbToken, { agreements: { sms: true } });
      expect(client.state).to.include({ status: 'signed-in', origin: 'FACEBOOK' });
      expect(await client.getAccount()).to.include({ email, firstName: 'Face' });
      await client.signOut();
      expect(await client.authenticateByFacebookRegistered(fbToken)).to.deep.equal({ status: 'SUCCESS', conditions: [] });
      expect(client.state.origin).to.equal('FACEBOOK');
    });

    it('rejects PROVIDER_REJECTED for a token the provider refuses and PROVIDER_UNAVAILABLE for a broken provider', async () => {
      const client = open({}, providers);
      await client.ready;
      expect(await rejection(client.authenticate('bad-token', 'OAUTH'))).to.include({ code: 'PROVIDER_REJECTED', status: 401 });
      expect(await rejection(client.authenticateByFacebook('not-a-facebook-token'))).to.include({ code: 'PROVIDER_REJECTED' });
      expect(await rejection(client.authenticateConditionally('bad-token', 'OAUTH'))).to.include({ code: 'PROVIDER_REJECTED' });
      expect(await rejection(client.authenticate('garbage', 'OAUTH')), 'a provider answering HTML').to.include({ code: 'PROVIDER_REJECTED' });
      expect(await rejection(client.authenticate('hangup', 'OAUTH'))).to.include({ code: 'PROVIDER_UNAVAILABLE', status: 502 });
      expect(client.isSignedIn()).to.equal(false);
      expect(client.state.lastError, 'a refused sign-in is not a session failure').to.equal(null);
    });

    it('reject PROVIDER_DISABLED when the server has no such provider', async () => {
      const client = open();
      await client.ready;
      const errors = await Promise.all([
        rejection(client.authenticate('oauth-access-token', 'OAUTH', { agreements: { email: true } })),
        rejection(client.authenticateConditionally('oauth-access-token', 'OAUTH')),
        rejection(client.authenticateByFacebook('fb-access-token', { attributes: { source: 'test' } })),
        rejection(client.authenticateByFacebookRegistered('fb-access-token')),
      ]);
      for (const err of errors) expect(err).to.include({ code: 'PROVIDER_DISABLED', status: 400 });
      expect(client.isSignedIn()).to.equal(false);
    });
  });

  describe('signOut({ fromAllDevices?, mode? })', () => {
    it('revokes the session on the server, gets an anonymous token under a fresh UUID and tracks client.logout', async () => {
      const client = open();
      await customer(client);
      const { clientId, uuid } = client.state;
      const old = (await client.retrieveToken()).token;
      const changes: SessionChange[] = [];
      client.subscribe((_, change) => changes.push(change));
      await client.signOut();
      expect(changes[0]).to.deep.equal({ type: 'signed-out', reason: 'USER_SIGN_OUT', fromAllDevices: false });
      // The customer's UUID is no anonymous visitor's (issue 12): the server hands out a fresh one.
      expect(client.state).to.include({ status: 'anonymous', clientId: null, endReason: 'USER_SIGN_OUT' });
      expect(client.state.uuid).to.not.equal(uuid);
      expect((await client.retrieveToken()).realm).to.equal('anonymous_client');
      expect(await rejection(client.api.refreshToken(old))).to.include({ code: 'SESSION_REVOKED', status: 401 });
      await client.flushEvents();
      expect(await server.query('SELECT action FROM events WHERE client_id = ? AND action = ?', [clientId, 'client.logout'])).to.have.length(1);
    });

    it('fromAllDevices ends the other devices too: their next call falls back to anonymous with SESSION_REVOKED', async () => {
      const phone = open({ storage: 'memory' });
      const email = await customer(phone);
      // Its sign-in event waits (no flush in the background): the call below is its next one.
      const laptop = open({ storage: 'memory', flushInterval: 60_000 });
      await laptop.ready;
      await laptop.signIn(email, PASSWORD);
      const laptopUuid = laptop.getUUID();
      await phone.signOut({ fromAllDevices: true });
      const err = await rejection(laptop.getAccount());
      expect(err).to.include({ code: 'SESSION_REVOKED' });
      expect(laptop.state).to.include({ status: 'anonymous', endReason: 'SYSTEM_SIGN_OUT' });
      expect(laptop.state.uuid).to.not.equal(laptopUuid);
      expect((await laptop.retrieveToken()).realm).to.equal('anonymous_client');
    });

    it('the signed-out change says fromAllDevices, here and in the other tabs of the origin', async () => {
      const here = open();
      await customer(here);
      const tab = await Tab.open(server.options({ flushInterval: 100 }));
      try {
        await tab.client.ready;
        await waitFor(() => tab.client.isSignedIn(), 'the other tab to see the sign-in');
        const mine: SessionChange[] = [];
        const theirs: SessionChange[] = [];
        here.subscribe((_, change) => mine.push(change));
        tab.client.subscribe((_, change) => theirs.push(change));
        await here.signOut({ fromAllDevices: true });
        expect(mine[0]).to.deep.equal({ type: 'signed-out', reason: 'USER_SIGN_OUT', fromAllDevices: true });
        await waitFor(() => theirs.some((c) => c.type === 'signed-out'), 'the other tab to see the sign-out');
        expect(theirs.find((c) => c.type === 'signed-out')).to.deep.equal({ type: 'signed-out', reason: 'USER_SIGN_OUT', fromAllDevices: true, remote: true });
      } finally {
        tab.close();
      }
    });

    it('a plain sign-out reads fromAllDevices: false in the other tabs too', async () => {
      const here = open();
      await customer(here);
      const tab = await Tab.open(server.options({ flushInterval: 100 }));
      try {
        await waitFor(() => tab.client.isSignedIn(), 'the other tab to see the sign-in');
        const theirs: SessionChange[] = [];
        tab.client.subscribe((_, change) => theirs.push(change));
        await here.signOut();
        await waitFor(() => theirs.some((c) => c.type === 'signed-out'), 'the other tab to see the sign-out');
        expect(theirs.find((c) => c.type === 'signed-out')).to.deep.equal({ type: 'signed-out', reason: 'USER_SIGN_OUT', fromAllDevices: false, remote: true });
      } finally {
        tab.close();
      }
    });

    it("mode 'destroy-session' also forgets the UUID; signing out while anonymous does nothing", async () => {
      const client = open();
      await client.ready;
      const before = client.getUUID();
      const token = (await client.retrieveToken()).token;
      await client.signOut();
      expect(client.getUUID()).to.equal(before);
      expect((await client.retrieveToken()).token, 'no new token').to.equal(token);

      await customer(client);
      const customerUuid = client.getUUID();
      await client.signOut({ mode: 'destroy-session' });
      expect(client.getUUID()).to.not.equal(customerUuid);
      expect(client.state.status).to.equal('anonymous');
      expect((await client.retrieveToken()).uuid).to.equal(client.getUUID());
    });
  });

  describe('tokens and UUID', () => {
    it('refreshToken() gets a new token for the same session', async () => {
      const client = open();
      await customer(client);
      const before = await client.retrieveToken();
      await new Promise((resolve) => setTimeout(resolve, 1100)); // a new second, so a new `iat`
      const after = await client.refreshToken();
      expect(after.token).to.not.equal(before.token);
      expect(claims(after.token).sid).to.equal(claims(before.token).sid);
      expect(after.expiresAt).to.be.greaterThan(before.expiresAt);
      expect(client.state.status).to.equal('signed-in');
    });

    it('regenerateUUID() gives an anonymous visitor a new UUID and token, and is refused (SIGNED_IN) while signed in', async () => {
      const client = open();
      await client.ready;
      const before = client.getUUID();
      const changes: SessionChange[] = [];
      client.subscribe((_, change) => changes.push(change));
      const uuid = await client.regenerateUUID();
      expect(uuid).to.not.equal(before);
      expect(client.getUUID()).to.equal(uuid);
      expect(changes.map((c) => c.type)).to.include('uuid-changed');
      expect((await client.retrieveToken()).uuid).to.equal(uuid);

      await customer(client);
      expect(await rejection(client.regenerateUUID())).to.include({ code: 'SIGNED_IN' });
      expect(client.isSignedIn()).to.equal(true);
    });

    it('destroySession() forgets session, UUID and cached account, and ends the session on the server', async () => {
      const client = open();
      await customer(client);
      await client.getAccount();
      const { uuid } = client.state;
      const token = (await client.retrieveToken()).token;
      await client.destroySession();
      expect(client.state.status).to.equal('anonymous');
      expect(client.getUUID()).to.not.equal(uuid);
      expect(client.getCachedAccount()).to.equal(null);
      expect(await rejection(client.api.refreshToken(token))).to.include({ code: 'SESSION_REVOKED' });
      await waitFor(() => client.state.expiresAt, 'the anonymous token');
    });
  });

  it('{ cause }: given back on the changes the call makes (its refused token too), and on no others', async () => {
    // No timed flush: the tracker's own request would find the revocation before getAccount does.
    const client = open({ flushInterval: 60_000 });
    await client.ready;
    const email = uniqueEmail();
    await client.registerAccount({ email, password: PASSWORD });
    const changes: SessionChange[] = [];
    client.subscribe((_, change) => changes.push(change));
    const form = document.createElement('form');
    await client.signIn(email, PASSWORD, { cause: form });
    await client.signOut({ cause: 'account page' });
    await client.signIn(email, PASSWORD);
    const elsewhere = open({ storage: 'memory' });
    await elsewhere.signIn(email, PASSWORD);
    await elsewhere.signOut({ fromAllDevices: true });
    expect(await rejection(client.getAccount({ cause: form }))).to.include({ code: 'SESSION_REVOKED' });
    expect(changes).to.deep.equal([
      { type: 'signed-in', cause: form },
      { type: 'signed-out', reason: 'USER_SIGN_OUT', fromAllDevices: false, cause: 'account page' },
      { type: 'refreshed', cause: 'account page' },
      { type: 'signed-in' },
      { type: 'signed-out', reason: 'SYSTEM_SIGN_OUT', fromAllDevices: false, cause: form },
      { type: 'refreshed', cause: form },
    ]);
  });

  it('uses the API key it was given in every body, and no token ever travels in a URL', async () => {
    const seen: string[] = [];
    const client = open({
      storage: 'memory',
      fetch: (input, init) => {
        seen.push(`${String(input)} ${String(init?.body ?? '')}`);
        return fetch(input, init);
      },
    });
    await customer(client);
    await client.getAccount();
    await client.signOut();
    for (const line of seen) {
      const [url] = line.split(' ');
      expect(url).to.not.match(/eyJ/); // no JWT in any URL
    }
    expect(seen.some((line) => line.includes(`"apiKey":"${API_KEY}"`))).to.equal(true);
  });
});
