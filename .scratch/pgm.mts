import pg from 'pg';
import { openStore } from '/work/wt/testspeed/src/server/store/db.ts';
const PG = process.env.SNR_TEST_PG_URL!;
const admin = new pg.Client({ connectionString: PG }); await admin.connect();
let tc = 0, tm = 0, tt = 0, tm2 = 0;
await admin.query('DROP DATABASE IF EXISTS snr_tpl_probe'); 
await admin.query('CREATE DATABASE snr_tpl_probe');
{ const u = new URL(PG); u.pathname = '/snr_tpl_probe'; const s = await openStore(u.toString()); await s.close(); }
for (let i = 0; i < 5; i++) {
  const name = `snr_probe_${i}_${Date.now()}`;
  let t = performance.now(); await admin.query(`CREATE DATABASE ${name}`); tc += performance.now() - t;
  const u = new URL(PG); u.pathname = '/' + name;
  t = performance.now(); const s = await openStore(u.toString()); tm += performance.now() - t; await s.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  const name2 = name + 't';
  t = performance.now(); await admin.query(`CREATE DATABASE ${name2} TEMPLATE snr_tpl_probe`); tt += performance.now() - t;
  u.pathname = '/' + name2;
  t = performance.now(); const s2 = await openStore(u.toString()); tm2 += performance.now() - t; await s2.close();
  await admin.query(`DROP DATABASE ${name2} WITH (FORCE)`);
}
console.log('create', (tc / 5).toFixed(0), 'migrate', (tm / 5).toFixed(0), '| create from template', (tt / 5).toFixed(0), 'open migrated', (tm2 / 5).toFixed(0));
await admin.query('DROP DATABASE snr_tpl_probe'); await admin.end();
