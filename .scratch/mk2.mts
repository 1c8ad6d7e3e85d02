import { makeServer } from '/work/wt/testspeed/test/support/server.ts';
const dialect = (process.argv[2] ?? 'sqlite') as any;
await (await makeServer({}, { dialect })).close();
let a = 0, b = 0;
for (let i = 0; i < 10; i++) { const t0 = performance.now(); const s = await makeServer({}, { dialect }); const t1 = performance.now(); await s.close(); a += t1 - t0; b += performance.now() - t1; }
console.log(dialect, 'make', (a / 10).toFixed(0), 'close', (b / 10).toFixed(0));
