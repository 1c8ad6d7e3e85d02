// One reference server in a child process of the web-test-runner plugin (test/support/wtr-server-plugin.mjs),
// so a test can stop it, kill it and start it again on the same port and SQLite file.
// Options arrive as the first line on stdin (JSON): the plugin keeps a spare child that has loaded
// the server code and waits for them, so a restart takes milliseconds, not the seconds of loading.
// The address goes out as one JSON line on stdout.
import { startServer } from '../../server/src/main.js';

interface Options {
  env: Record<string, string>;
  port: number;
}

let server: Awaited<ReturnType<typeof startServer>> | undefined;
const begin = async (options: Options) => {
  server = await startServer({ env: options.env, port: options.port, host: '127.0.0.1', log: 'silent' });
  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
};

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server?.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
// The plugin holds our stdin: when it goes away (even by a crash), so do we. A line `settle` asks
// us to finish the work answers have promised (links the email routes write after their 202):
// answered by a line `settled`, so the plugin's reads of the database see it.
process.stdin.on('end', stop);
process.stdin.setEncoding('utf8');
let pending = '';
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
    const line = pending.slice(0, end).trim();
    pending = pending.slice(end + 1);
    if (line.startsWith('{') && !server) void begin(JSON.parse(line) as Options);
    else if (line === 'settle') void server?.ctx.mailer.settle().then(() => process.stdout.write('settled\n'));
  }
});
