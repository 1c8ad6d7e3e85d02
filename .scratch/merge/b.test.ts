import { before, after, test, describe } from 'node:test';
const created = Date.now();
console.log('B registered');
before(() => console.log('B before'));
after(() => console.log('B after'));
describe('B suite', () => { test('b1', () => { console.log('b1: registered', Date.now() - created, 'ms ago'); }); });
