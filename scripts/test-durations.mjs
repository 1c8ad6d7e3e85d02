// A node:test reporter (scripts/test.mjs adds it beside `spec`): at the end of the run it writes,
// as one JSON object, the time each test file's top-level tests took, in ms, by file path relative
// to the working directory. scripts/test-shards.mjs deals files out to shards by these figures.
import { relative } from 'node:path';

export default async function* durations(source) {
  const byFile = {};
  for await (const event of source) {
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0 || !event.data.file) continue;
    const file = relative(process.cwd(), event.data.file).split('\\').join('/');
    if (file.startsWith('..')) continue; // a shard's own end-of-file marks (scripts/test-shards.mjs)
    byFile[file] = Math.round((byFile[file] ?? 0) + (event.data.details?.duration_ms ?? 0));
  }
  yield `${JSON.stringify(byFile)}\n`;
}
