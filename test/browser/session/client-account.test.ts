import { expect } from 'chai';
import { type Client, createClient } from '../../../src/session/index.js';
import { forgetEverything, PASSWORD, rejection, TestServer, uniqueEmail } from './helpers.js';

const ACCOUNT = ['GET', '/v4/my-account/personal-information'] as const;
const NEW_PASSWORD = 'Another2@';
const BACKEND_KEY = 'backend-secret-for-browser-tests';

describe('Client: account, cache, password and email links', function () {
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
    await client.registerAccount({ email, password: PASSWORD, firstName: 'Ada', customId: `id-${email}` });
    await client.signIn(email, PASSWORD);
    return email;
  };

  before(async () => {
    [server, activation] = await Promise.all([TestServer.start({ SNR_BACKEND_KEY: BACKEND_KEY }), TestServer.start({ SNR_REGISTRATION_MODE: 'activation' })]);
  });
  beforeEach(forgetEverything);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  after(() => Promise.all([server.close(), activation.close()]));

  describe('getAccount({ cache })', () => {
    it("answers the customer's account and keeps it for the next page", async () => {
      const client = open();
      const email = await customer(client);
      const account = await client.getAccount();
      expect(account).to.include({ email, firstName: 'Ada', clientId: client.state.clientId, uuid: client.getUUID(), anonymous: false });
      expect(client.getCachedAccount()).to.deep.equal(account);

      const next = open(); // the next page of the same browser
      expect(next.getCachedAccount(), 'painted at once from storage').to.deep.equal(account);
      const gets = await server.count(...ACCOUNT);
      expect(await next.getAccount({ cache: 'prefer' })).to.deep.equal(account);
      expect(await next.getAccount({ cache: 'only' })).to.deep.equal(account);
      expect(await server.count(...ACCOUNT), "'prefer' and 'only' did not ask").to.equal(gets);
      await next.getAccount({ cache: 'network' });
      expect(await server.count(...ACCOUNT)).to.equal(gets + 1);
    });

    it("forgets the account at sign-out; 'only' then rejects NOT_FOUND; an anonymous visitor gets FORBIDDEN_FOR_ANONYMOUS", async () => {
      const client = open();
      await customer(client);
      await client.getAccount();
      await client.signOut();
      expect(client.getCachedAccount()).to.equal(null);
      expect(await rejection(client.getAccount({ cache: 'only' }))).to.include({ code: 'NOT_FOUND' });
      expect(await rejection(client.getAccount())).to.include({ code: 'FORBIDDEN_FOR_ANONYMOUS', status: 403 });
      expect(await rejection(client.getAccount({ cache: 'prefer' }))).to.include({ code: 'FORBIDDEN_FOR_ANONYMOUS' });
    });
  });

  it('forgets the account when the site deletes the customer: the next call ends the session', async () => {
    const client = open();
    await customer(client);
    await client.getAccount();
    const { clientId, uuid } = client.state;
    const deleted = await server.http('DELETE', `/v4/clients/${clientId}`, { headers: { authorization: `Bearer ${BACKEND_KEY}` } });
    expect(deleted.status).to.equal(204);
    expect(await rejection(client.getAccount())).to.include({ code: 'SESSION_REVOKED' });
    expect(client.state).to.include({ status: 'anonymous', endReason: 'SYSTEM_SIGN_OUT' });
    expect(client.state.uuid).to.not.equal(uuid, 'the erased profile’s UUID is not handed out again');
    expect(client.getCachedAccount()).to.equal(null);
    expect(await rejection(client.getAccount({ cache: 'only' }))).to.include({ code: 'NOT_FOUND' });
  });

  describe('updateAccount(context)', () => {
    it('updates the profile and the cache', async () => {
      const client = open();
      await customer(client);
      await client.getAccount();
      const updated = await client.updateAccount({ firstName: 'Grace', city: 'Arlington', agreements: { email: true }, attributes: { plan: 'gold' } });
      expect(updated).to.include({ firstName: 'Grace', city: 'Arlington' });
      expect(updated.agreements.email).to.equal(true);
      expect(updated.attributes).to.deep.include({ plan: 'gold' });
      expect(client.getCachedAccount()).to.deep.equal(updated);
      expect(await client.getAccount({ cache: 'only' })).to.include({ firstName: 'Grace' });
    });

    it('rejects VALIDATION_FAILED (email is not changed here; reserved attributes), CUSTOM_ID_TAKEN and FORBIDDEN_FOR_ANONYMOUS', async () => {
      const other = open({ storage: 'memory' });
      const otherEmail = await customer(other);
      const client = open();
      await customer(client);
      const emailChange = await rejection(client.updateAccount({ email: uniqueEmail() } as never));
      expect(emailChange).to.include({ code: 'VALIDATION_FAILED', status: 400 });
      expect(emailChange.errors.map((e) => e.field)).to.include('email');
      const reserved = await rejection(client.updateAccount({ attributes: { snrs_email_confirmed: true } }));
      expect(reserved).to.include({ code: 'VALIDATION_FAILED' });
      expect(await rejection(client.updateAccount({ customId: `id-${otherEmail}` }))).to.include({ code: 'CUSTOM_ID_TAKEN', status: 409 });
      await client.signOut();
      expect(await rejection(client.updateAccount({ firstName: 'X' }))).to.include({ code: 'FORBIDDEN_FOR_ANONYMOUS' });
    });
  });

  describe('changePassword(oldPassword, password)', () => {
    it('changes it; this session stays, the other devices are signed out', async () => {
      const client = open();
      const email = await customer(client);
      // Its sign-in event waits (no flush in the background): getAccount() is its next call.
      const other = open({ storage: 'memory', flushInterval: 60_000 });
      await other.ready;
      await other.signIn(email, PASSWORD);
      await client.changePassword(PASSWORD, NEW_PASSWORD);
      expect(client.isSignedIn()).to.equal(true);
      await client.getAccount();
      expect(await rejection(other.getAccount())).to.include({ code: 'SESSION_REVOKED' });
      expect(other.state.endReason).to.equal('SYSTEM_SIGN_OUT');
      expect(await rejection(other.signIn(email, PASSWORD))).to.include({ code: 'INVALID_CREDENTIALS' });
      await other.signIn(email, NEW_PASSWORD);
    });

    it('rejects INVALID_CREDENTIALS for a wrong current password, PASSWORD_POLICY for a weak new one, FORBIDDEN_FOR_ANONYMOUS when anonymous', async () => {
      const client = open();
      await customer(client);
      expect(await rejection(client.changePassword('Wrong-pass1!', NEW_PASSWORD))).to.include({ code: 'INVALID_CREDENTIALS', status: 403 });
      expect(client.isSignedIn(), 'a wrong password does not end the session').to.equal(true);
      expect(await rejection(client.changePassword(PASSWORD, 'short'))).to.include({ code: 'PASSWORD_POLICY', status: 400 });
      await client.signOut();
      expect(await rejection(client.changePassword(PASSWORD, NEW_PASSWORD))).to.include({ code: 'FORBIDDEN_FOR_ANONYMOUS' });
    });
  });

  describe('requestPasswordReset(email) and confirmPasswordReset(token, password)', () => {
    it('resets the password through the emailed link and ends every session of the customer', async () => {
      const client = open();
      const email = await customer(client);
      const stranger = open({ storage: 'memory' });
      await stranger.requestPasswordReset(uniqueEmail('nobody')); // same answer for an unknown email
      await stranger.requestPasswordReset(email);
      const token = await server.linkToken(email);
      await stranger.confirmPasswordReset(token, NEW_PASSWORD);

      expect(await rejection(client.getAccount())).to.include({ code: 'SESSION_REVOKED' });
      expect(client.state).to.include({ status: 'anonymous', endReason: 'SYSTEM_SIGN_OUT' });
      await client.signIn(email, NEW_PASSWORD);
      expect(await rejection(stranger.confirmPasswordReset(token, 'Third3#pass'))).to.include({ code: 'EMAIL_TOKEN_INVALID', status: 404 });
    });

    it('rejects PASSWORD_POLICY and VALIDATION_FAILED', async () => {
      const client = open({ storage: 'memory' });
      const email = await customer(open({ storage: 'memory' }));
      await client.requestPasswordReset(email);
      const token = await server.linkToken(email);
      expect(await rejection(client.confirmPasswordReset(token, 'weak'))).to.include({ code: 'PASSWORD_POLICY' });
      expect(await rejection(client.confirmPasswordReset('short', NEW_PASSWORD))).to.include({ code: 'VALIDATION_FAILED' });
      expect(await rejection(client.requestPasswordReset('not-an-email'))).to.include({ code: 'VALIDATION_FAILED' });
    });
  });

  describe('requestAccountActivation(email) and confirmAccountActivation(token)', () => {
    it('activates through the emailed link; then sign-in works; a second confirmation is ALREADY_CONFIRMED', async () => {
      const client = open({}, activation);
      await client.ready;
      const email = uniqueEmail();
      await client.registerAccount({ email, password: PASSWORD });
      await client.requestAccountActivation(email); // a fresh link replaces the first
      await client.requestAccountActivation(uniqueEmail('nobody'));
      const token = await activation.linkToken(email);
      await client.confirmAccountActivation(token);
      await client.signIn(email, PASSWORD);
      expect((await client.getAccount()).attributes).to.deep.include({ snrs_email_confirmed: true });
      expect(await rejection(client.confirmAccountActivation(token))).to.include({ code: 'ALREADY_CONFIRMED', status: 400 });
    });

    it('rejects EMAIL_TOKEN_INVALID for an unknown link', async () => {
      const client = open({}, activation);
      expect(await rejection(client.confirmAccountActivation('x'.repeat(43)))).to.include({ code: 'EMAIL_TOKEN_INVALID', status: 404 });
    });
  });

  describe('email change, account deletion, and why the session ended', () => {
    it('requestEmailChange mails the new address; confirmEmailChange switches it, keeps this session, ends the others (SYSTEM_SIGN_OUT)', async () => {
      const client = open();
      const email = await customer(client);
      const laptop = open({ storage: 'memory' });
      await laptop.ready;
      await laptop.signIn(email, PASSWORD);
      expect(await rejection(client.requestEmailChange(uniqueEmail('x'), 'Wrong-1!x'))).to.include({ code: 'INVALID_CREDENTIALS', status: 403 });
      const to = uniqueEmail('moved');
      await client.requestEmailChange(to, PASSWORD);
      expect((await client.getAccount()).email, 'unchanged until the link is followed').to.equal(email);
      await client.confirmEmailChange(await server.linkToken(to), true);
      expect(client.getCachedAccount(), 'the old copy is dropped').to.equal(null);
      const account = await client.getAccount();
      expect(account).to.include({ email: to });
      expect(account.agreements.email).to.equal(true);
      // The laptop learns of it from this call, or a moment before from its tracker's own 401: either
      // way the call is refused as a customer's, and the session ended as the system's sign-out.
      const refused = await rejection(laptop.getAccount());
      expect(['SESSION_REVOKED', 'FORBIDDEN_FOR_ANONYMOUS']).to.include(refused.code);
      expect(laptop.state).to.include({ status: 'anonymous', endReason: 'SYSTEM_SIGN_OUT' });
    });

    it('deleteAccount: refused with a wrong password; then erased, USER_ACCOUNT_DELETED, a new UUID and an anonymous token', async () => {
      const client = open();
      const email = await customer(client);
      await client.getAccount();
      const uuid = client.getUUID();
      const changes: string[] = [];
      client.subscribe((_state, change) => changes.push(`${change.type}:${change.reason ?? ''}`));
      expect(await rejection(client.deleteAccount('Wrong-1!x'))).to.include({ code: 'INVALID_CREDENTIALS' });
      expect(client.isSignedIn()).to.equal(true);
      await client.deleteAccount(PASSWORD);
      expect(client.state).to.include({ status: 'anonymous', endReason: 'USER_ACCOUNT_DELETED' });
      expect(changes).to.include('signed-out:USER_ACCOUNT_DELETED');
      expect(client.getUUID()).to.not.equal(uuid);
      expect(client.getCachedAccount()).to.equal(null);
      expect((await client.retrieveToken()).realm).to.equal('anonymous_client');
      expect(await rejection(client.signIn(email, PASSWORD))).to.include({ code: 'INVALID_CREDENTIALS' });
    });

    it('destroySession ends with SESSION_DESTROYED, signOut with USER_SIGN_OUT', async () => {
      const client = open();
      const email = await customer(client);
      await client.destroySession();
      expect(client.state.endReason).to.equal('SESSION_DESTROYED');
      await client.signIn(email, PASSWORD);
      await client.signOut();
      expect(client.state.endReason).to.equal('USER_SIGN_OUT');
    });
  });
});
