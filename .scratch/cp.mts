import { startCheckpointer } from '/work/wt/testspeed/src/server/store/checkpointer.ts';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs'; import { join } from 'node:path'; import { tmpdir } from 'node:os';
const f = join(mkdtempSync(join(tmpdir(), 'cp-')), 'x.sqlite'); const d = new Database(f); d.pragma('journal_mode = WAL');
for (let i = 0; i < 3; i++) { const t0 = performance.now(); const c0 = process.cpuUsage(); const cp = startCheckpointer(f, { onFailure: (e) => console.log(e) }); await cp.stop(); console.log('start+stop', (performance.now() - t0).toFixed(0), 'ms; cpu of this thread+workers', (process.cpuUsage(c0).user / 1000).toFixed(0)); }
