import { before, after, test, describe } from 'node:test';
before(() => console.log('A before'));
after(() => console.log('A after'));
test('a1', async () => { console.log('a1'); await new Promise((r) => setTimeout(r, 1500)); });
describe('A suite', () => { test('a2', () => console.log('a2')); });
