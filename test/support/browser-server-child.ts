// One reference server in a child process of the web-test-runner plugin (test/support/wtr-server-plugin.mjs),
// so a test can stop it, kill it and start it again on the same port and SQLite file.
// Options arrive as JSON in SNR_BROWSER_TEST_SERVER; the address goes out as one JSON line on stdout.
import { startServer } from '../../src/server/main.js';

const options = JSON.parse(process.env.SNR_BROWSER_TEST_SERVER ?? '{}') as { env: Record<string, string>; port: number };
const server = await startServer({ env: options.env, port: options.port, host: '127.0.0.1', log: 'silent' });
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
// The plugin holds our stdin: when it goes away (even by a crash), so do we. A line `settle` asks
// us to finish the work answers have promised (links the email routes write after their 202):
// answered by a line `settled`, so the plugin's reads of the database see it.
process.stdin.on('end', stop);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  for (const line of chunk.split('\n')) {
    if (line.trim() === 'settle') void server.ctx.mailer.settle().then(() => process.stdout.write('settled\n'));
  }
});
