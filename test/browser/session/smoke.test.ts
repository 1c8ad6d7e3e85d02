import { expect } from 'chai';
import { createClient } from '../../../src/session/index.js';
import { EVENTS, TestServer, forgetEverything } from './helpers.js';

describe('smoke', () => {
  it('starts and tracks', async () => {
    await forgetEverything();
    const server = await TestServer.start();
    const client = createClient(server.options());
    await client.ready;
    expect(client.state.status).to.equal('anonymous');
    const salt = client.track('page.view', { a: 1 });
    await client.flushEvents();
    const rows = await server.query('SELECT event_salt FROM events');
    expect(rows.map((r) => r.event_salt)).to.deep.equal([salt]);
    expect(await server.count(...EVENTS)).to.equal(1);
    client.close();
    await server.close();
  });
});
