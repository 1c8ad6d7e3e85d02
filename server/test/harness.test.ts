// The server test harness checks every answer against the contract (server/test/support/server.ts
// `checkAnswer`); these cases show that the check fails on drift, so a green server suite means
// the answers it met had the route table's statuses and shapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAnswer, routeFor, testClock } from './support/server.js';

const errorBody = (status: number) => ({
  error: 'Not Found',
  status,
  code: 'NOT_FOUND',
  message: 'No such route',
  path: '/nowhere',
  timestamp: new Date(0).toISOString(),
});

describe('the harness’s contract check', () => {
  it('finds the route of the table a request reaches, path parameters and query included', () => {
    assert.equal(routeFor('POST', '/sauth/v3/auth/logout/client')?.name, 'signOut');
    assert.equal(routeFor('DELETE', '/v4/clients/by-email/a%40example.com')?.name, 'deleteClientByEmail');
    assert.equal(routeFor('DELETE', '/v4/clients/42')?.name, 'deleteClient');
    assert.equal(routeFor('GET', '/v4/public.pem?kid=x')?.name, 'publicPem');
    assert.equal(routeFor('GET', '/v4/my-account/personal-information')?.name, 'getAccount');
    assert.equal(routeFor('POST', '/v4/my-account/personal-information')?.name, 'updateAccount');
    assert.equal(routeFor('GET', '/landing'), undefined);
  });

  it('accepts an answer of the contract’s shape and status', () => {
    checkAnswer('GET', '/snr/health', 200, { status: 'ok' });
    checkAnswer('POST', '/sauth/v3/auth/logout/client', 204, undefined);
    checkAnswer('GET', '/nowhere', 404, errorBody(404));
  });

  it('refuses another success status than the route’s, a field the schema does not declare, a missing one, a body on a 204', () => {
    assert.throws(() => checkAnswer('POST', '/sauth/v3/auth/logout/client', 200, undefined), /ROUTES\.signOut\.status is 204/);
    assert.throws(() => checkAnswer('GET', '/snr/health', 200, { status: 'ok', extra: 1 }), /does not declare/);
    assert.throws(() => checkAnswer('GET', '/snr/health', 200, {}), /ROUTES\.health\.response refuses it/);
    assert.throws(() => checkAnswer('DELETE', '/v4/clients/7', 204, { deleted: true }), /has none/);
  });

  it('refuses an error that is not the one error body, or whose status is not the HTTP status', () => {
    assert.throws(() => checkAnswer('GET', '/nowhere', 404, 'Not Found'), /not the error body/);
    assert.throws(() => checkAnswer('GET', '/nowhere', 404, { ...errorBody(404), code: 'NO_SUCH_CODE' }), /not the error body/);
    assert.throws(() => checkAnswer('GET', '/nowhere', 404, errorBody(400)), /saying status 400/);
  });
});

describe('the test clock', () => {
  it('stands still until advanced, and only moves forward', () => {
    const clock = testClock(1_000);
    assert.equal(clock.now(), 1_000);
    clock.advance(250);
    assert.equal(clock.now(), 1_250);
    assert.throws(() => clock.advance(-1), RangeError);
    assert.equal(clock.now(), 1_250);
  });
});
