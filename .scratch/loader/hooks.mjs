import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
const CACHE = new URL('../../node_modules/.cache/snr-ts/', import.meta.url);
mkdirSync(CACHE, { recursive: true });
const TS = /\.(c|m)?tsx?$/;
export async function resolve(specifier, context, next) {
  if (context.parentURL && TS.test(context.parentURL) && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const ts = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(ts)) return { url: ts.href, shortCircuit: true, format: 'module' };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!TS.test(url)) return next(url, context);
  const source = readFileSync(new URL(url), 'utf8');
  const key = createHash('sha1').update(url).update(source).digest('hex');
  const cached = new URL(key + '.js', CACHE);
  let code;
  try { code = readFileSync(cached, 'utf8'); } catch {
    code = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: fileURLToPath(url), tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, verbatimModuleSyntax: true } } }).code;
    writeFileSync(cached, code);
  }
  return { format: 'module', source: code, shortCircuit: true };
}
