import { pathToFileURL } from 'node:url';
for (const f of process.argv.slice(2)) await import(pathToFileURL(f).href);
