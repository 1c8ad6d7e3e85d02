export default async function* (source) {
  for await (const e of source) if (e.type === 'test:pass' || e.type === 'test:fail') yield JSON.stringify({ t: e.type, name: e.data.name, nesting: e.data.nesting, file: e.data.file, d: e.data.details?.duration_ms, type: e.data.details?.type }) + '\n';
}
