import { expect } from 'chai';
import { uuidV5 } from '../../../src/session/client.js';
import { type Client, createClient } from '../../../src/session/index.js';
import { ANONYMOUS, EVENTS, forgetEverything, type IdIssuers, PASSWORD, rejection, standInIdToken, TestServer, uniqueEmail } from './helpers.js';

const LOGIN = ['POST', '/sauth/v3/auth/login/client'] as const;
const BASIC = ['POST', '/v4/my-account/basic-information'] as const;
const nonce = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24)))).replace(/[+/=]/g, (c) => ({ '+': '-', '/': '_', '=': '' })[c]!);

describe('Client: authenticate with Google and Apple, seeded UUIDs, basic information, Do Not Track', function () {
  this.timeout(20_000);
  let server: TestServer;
  let issuers: IdIssuers;
  const clients: Client[] = [];
  const open = (extra: Parameters<TestServer['options']>[0] = {}) => {
    const client = createClient(server.options({ flushInterval: 50, ...extra }));
    clients.push(client);
    return client;
  };

  before(async () => {
    issuers = await TestServer.idIssuers();
    server = await TestServer.start({ ...issuers.env, ...(await TestServer.providers()) });
  });
  beforeEach(forgetEverything);
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  after(() => server.close());

  describe('authenticate(token, provider, context)', () => {
    it('signs in with a Google ID token and the attempt’s nonce; origin GOOGLE; the profile gets the context’s agreements', async () => {
      const client = open();
      await client.ready;
      const n = nonce();
      const { id_token, email } = await standInIdToken(issuers.google, { nonce: n, fields: { given_name: 'Gale' } });
      await client.authenticate(id_token, 'GOOGLE', { nonce: n, agreements: { sms: true } });
      expect(client.isSignedIn()).to.equal(true);
      expect((await client.retrieveToken()).origin).to.equal('GOOGLE');
      const account = await client.getAccount();
      expect(account).to.include({ email, firstName: 'Gale' });
      expect(account.agreements.sms).to.equal(true);
    });

    it('signs in with an Apple ID token; a wrong nonce is refused with PROVIDER_REJECTED', async () => {
      const client = open();
      await client.ready;
      const n = nonce();
      const { id_token } = await standInIdToken(issuers.apple, { nonce: n });
      expect(await rejection(client.authenticate(id_token, 'APPLE', { nonce: nonce() }))).to.include({ code: 'PROVIDER_REJECTED', status: 401 });
      expect(client.isSignedIn()).to.equal(false);
      await client.authenticate(id_token, 'APPLE', { nonce: n });
      expect((await client.retrieveToken()).origin).to.equal('APPLE');
    });

    it('authenticateConditionally answers REGISTRATION_REQUIRED for a Google newcomer and signs in a known one', async () => {
      const client = open();
      await client.ready;
      const n = nonce();
      const first = await standInIdToken(issuers.google, { nonce: n });
      expect(await client.authenticateConditionally(first.id_token, 'GOOGLE', { nonce: n })).to.deep.equal({
        status: 'REGISTRATION_REQUIRED',
        conditions: [{ type: 'REGISTRATION' }],
      });
      await client.authenticate(first.id_token, 'GOOGLE', { nonce: n });
      const clientId = client.state.clientId;
      await client.signOut();
      const n2 = nonce();
      const again = await standInIdToken(issuers.google, { nonce: n2, person: first.sub });
      expect((await client.authenticateConditionally(again.id_token, 'GOOGLE', { nonce: n2 })).status).to.equal('SUCCESS');
      expect(client.state.clientId).to.equal(clientId);
    });

    it('with context.authId a newcomer’s profile gets getUUIDForAuthentication(authId), the same on another device', async () => {
      const authId = `member-${crypto.randomUUID()}`;
      const client = open();
      await client.ready;
      const expected = await client.getUUIDForAuthentication(authId);
      expect(expected).to.not.equal(client.getUUID());
      await client.authenticate(`good:sub-${crypto.randomUUID()}:${uniqueEmail('auth')}`, 'OAUTH', { authId });
      expect(client.getUUID()).to.equal(expected);
      const device2 = open({ storage: 'memory' });
      expect(await device2.getUUIDForAuthentication(authId)).to.equal(expected);
    });
  });

  describe('seeded UUIDs', () => {
    it('uuidV5 matches the RFC 9562 test vector', async () => {
      // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
      expect(await uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).to.equal('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    });

    it('getUUIDForAuthentication is a version-5 UUID, stable for an authID and different for another', async () => {
      const client = open({ storage: 'memory' });
      const a = await client.getUUIDForAuthentication('alice');
      expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await client.getUUIDForAuthentication('alice')).to.equal(a);
      expect(await client.getUUIDForAuthentication('bob')).to.not.equal(a);
      expect(await rejection(client.getUUIDForAuthentication(''))).to.be.instanceOf(TypeError);
    });

    it('regenerateUUID(clientIdentifier) asks for the UUID seeded by the identifier; a profile already made under it goes only to the holder of its token (issue 12: a UUID is no credential)', async () => {
      const id = `device-owner-${crypto.randomUUID()}`;
      const client = open();
      await client.ready;
      // The derivation: v5 of `client:<identifier>` in the site's namespace (v5 of the API key).
      const namespace = await uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', `snr-auth:${server.options().apiKey}`);
      const expected = await uuidV5(namespace, `client:${id}`);
      const seeded = await client.regenerateUUID(id);
      expect(seeded).to.equal(expected, 'the first to ask gets the seeded UUID and its profile');
      expect((await client.retrieveToken()).uuid).to.equal(seeded);
      const random = await client.regenerateUUID();
      expect(random).to.not.equal(seeded);
      // Another device (or this one, no longer holding its token) asking for the same seed: the
      // seeded profile exists, and knowing the identifier proves nothing, so a fresh profile.
      const other = open({ storage: 'memory' });
      await other.ready;
      const second = await other.regenerateUUID(id);
      expect(second).to.not.equal(seeded);
      expect((await other.retrieveToken()).uuid).to.equal(second);
      const fresh = `${id}-2`;
      expect(await other.regenerateUUID(fresh)).to.equal(await uuidV5(namespace, `client:${fresh}`));
      expect(seeded).to.not.equal(await client.getUUIDForAuthentication(id), 'the two derivations differ');
    });
  });

  describe('updateAccountBasicInformation(context)', () => {
    it('an anonymous visitor sets names, agreements and attributes on their own profile', async () => {
      const client = open();
      await client.ready;
      await client.updateAccountBasicInformation({ firstName: 'Vera', city: 'Kraków', agreements: { email: true }, attributes: { shoeSize: 42 } });
      await client.updateAccountBasicInformation({ lastName: 'Visitor', attributes: { colour: 'teal' } });
      const [row] = await server.query<{ first_name: string; last_name: string; city: string; agreements: string; attributes: string; status: string }>(
        'SELECT first_name, last_name, city, agreements, attributes, status FROM clients WHERE uuid = ?',
        [client.getUUID()],
      );
      expect(row).to.include({ first_name: 'Vera', last_name: 'Visitor', city: 'Kraków', status: 'anonymous' });
      expect(JSON.parse(row!.agreements)).to.deep.equal({ email: true });
      expect(JSON.parse(row!.attributes)).to.deep.equal({ shoeSize: 42, colour: 'teal' });
    });

    it('a signed-in customer’s account shows the change; an email or password in the context is refused (VALIDATION_FAILED)', async () => {
      const client = open();
      await client.ready;
      const email = uniqueEmail('basic');
      await client.registerAccount({ email, password: PASSWORD });
      await client.signIn(email, PASSWORD);
      await client.getAccount();
      await client.updateAccountBasicInformation({ displayName: 'Basic B.' });
      expect(client.getCachedAccount(), 'the cached account is stale').to.equal(null);
      expect((await client.getAccount()).displayName).to.equal('Basic B.');
      const before = await server.count(...BASIC);
      for (const field of [{ email: 'x@example.com' }, { password: 'Another2@' }, { customId: 'c-1' }]) {
        const err = await rejection(client.updateAccountBasicInformation(field as never));
        expect(err, JSON.stringify(field)).to.include({ code: 'VALIDATION_FAILED', status: 400 });
      }
      expect(await server.count(...BASIC)).to.equal(before + 3);
      expect((await client.getAccount()).email).to.equal(email);
    });
  });

  describe('doNotTrack', () => {
    it('on: no anonymous profile is made and tracked events are neither kept nor sent; kept for the next page; lifted: both start', async () => {
      const anonymousBefore = await server.count(...ANONYMOUS);
      const eventsBefore = await server.count(...EVENTS);
      const client = open({ doNotTrack: true });
      expect(await client.ready).to.equal(client);
      expect(client.doNotTrack).to.equal(true);
      expect(client.state.status).to.equal('anonymous');
      client.track('page.view', { path: '/a' });
      await client.flushEvents();
      expect(await server.count(...ANONYMOUS), 'no profile asked for').to.equal(anonymousBefore);
      expect(await server.count(...EVENTS), 'nothing sent').to.equal(eventsBefore);
      expect(await server.query('SELECT id FROM clients WHERE uuid = ?', [client.getUUID()])).to.deep.equal([]);
      client.close();

      const next = open(); // the next page of the same browser: the setting stays
      await next.ready;
      expect(next.doNotTrack).to.equal(true);
      expect(await server.count(...ANONYMOUS)).to.equal(anonymousBefore);

      await next.setDoNotTrack(false);
      expect(next.doNotTrack).to.equal(false);
      expect(await server.count(...ANONYMOUS)).to.equal(anonymousBefore + 1);
      next.track('page.view', { path: '/b' });
      await next.flushEvents();
      expect(await server.count(...EVENTS)).to.equal(eventsBefore + 1);
      expect(open().doNotTrack, 'lifted for the browser').to.equal(false);
    });

    it('turned on later: what waits is dropped, and a sign-out does not make a new anonymous profile; a sign-in still works', async () => {
      const client = open({ flushInterval: 60_000 });
      await client.ready;
      client.track('waiting.event');
      const eventsBefore = await server.count(...EVENTS);
      await client.setDoNotTrack(true);
      await client.flushEvents();
      expect(await server.count(...EVENTS)).to.equal(eventsBefore);

      const email = uniqueEmail('dnt');
      await client.registerAccount({ email, password: PASSWORD });
      await client.signIn(email, PASSWORD);
      expect(client.isSignedIn()).to.equal(true);
      const anonymousBefore = await server.count(...ANONYMOUS);
      const logins = await server.count(...LOGIN);
      expect(logins).to.be.greaterThan(0);
      await client.signOut();
      expect(client.state.status).to.equal('anonymous');
      expect(await server.count(...ANONYMOUS), 'no anonymous profile after the sign-out').to.equal(anonymousBefore);
      expect(await server.count(...EVENTS), 'not even client.logout').to.equal(eventsBefore);
    });
  });
});
