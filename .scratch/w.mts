import { Worker } from 'node:worker_threads';
const code = `const { parentPort } = require('node:worker_threads'); const D = require(${JSON.stringify(process.cwd() + '/node_modules/better-sqlite3')}); parentPort.postMessage(1); parentPort.on('message', () => parentPort.close());`;
for (const execArgv of [undefined, [], undefined, []]) {
  const t = performance.now(); const c0 = process.cpuUsage();
  const w = new Worker(code, { eval: true, ...(execArgv ? { execArgv } : {}) });
  await new Promise((r) => w.once('message', r)); const up = performance.now() - t;
  w.postMessage('stop'); await new Promise((r) => w.once('exit', r));
  console.log(execArgv ? 'execArgv []' : 'inherited  ', 'up', up.toFixed(0), 'total', (performance.now() - t).toFixed(0), 'cpu', (process.cpuUsage(c0).user / 1000).toFixed(0));
}
