import { describe } from 'node:test';
for (const f of ['/work/wt/testspeed/.scratch/merge/a.test.ts', '/work/wt/testspeed/.scratch/merge/b.test.ts']) {
  await import(f);
  await describe(`${f.split('/').pop()}: end`, () => {});
}
