await import('/work/wt/testspeed/.scratch/merge/a.test.ts');
await import('/work/wt/testspeed/.scratch/merge/b.test.ts');
