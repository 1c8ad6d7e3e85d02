import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { sendError } from './middleware/error-handler.js';

/** Where the server hands out the browser files: `<script src="https://id.shop.example/snr/kit/snr-auth.signin.js">`. */
export const KIT_PATH = '/snr/kit';

/**
 * The folder of the browser package `snr-auth`, found the way Node finds it from here: installed,
 * the `snr-auth` this server depends on; in the repository, node_modules/snr-auth, the link npm
 * makes to the repository root.
 */
export function browserPackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('snr-auth/package.json'));
}

/** The browser package's script-tag files (`dist/cdn`, made by its `npm run build`, shipped in it). */
export const DEFAULT_KIT_ROOT = join(browserPackageDir(), 'dist', 'cdn');

/** Entry names may change content with every release: a browser asks again after this long. */
export const ENTRY_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
/** Hashed names never change content. */
export const HASHED_CACHE = 'public, max-age=31536000, immutable';

interface Content {
  body: Buffer;
  etag: string;
  /** Compressed once, on the first request that accepts it (off the event loop). */
  gzip?: Promise<Buffer>;
  br?: Promise<Buffer>;
}

interface KitFile {
  content: Content;
  immutable: boolean;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

interface Kit {
  /** Every name served (entry and hashed) → its file. */
  files: Map<string, KitFile>;
  /** Entry name → hashed name, as `/snr/kit/manifest.json` lists it. */
  manifest: Record<string, string>;
  /** The folder's modification time when it was read: a rebuild is picked up. */
  stamp: number;
}

const digest = (body: Buffer) => createHash('sha256').update(body).digest('hex').slice(0, 10);

/** Hashed name of a file: `snr-auth.signin.js` → `snr-auth.signin.<10 hex of its SHA-256>.js`. */
export function hashedName(name: string, body: Buffer): string {
  return name.replace(/\.js$/, `.${digest(body)}.js`);
}

/** The script files of `root` (no maps, no type declarations), with their hashed twins. */
function readKit(root: string, stamp: number): Kit {
  const files = new Map<string, KitFile>();
  const manifest: Record<string, string> = {};
  for (const name of readdirSync(root).sort()) {
    if (!/^[\w.-]+\.js$/.test(name)) continue;
    const body = readFileSync(join(root, name));
    const hashed = hashedName(name, body);
    const content: Content = { body, etag: `"${digest(body)}"` };
    files.set(name, { content, immutable: false });
    files.set(hashed, { content, immutable: true });
    manifest[name] = hashed;
  }
  return { files, manifest, stamp };
}

/**
 * The built browser files (`npm run build:cdn`, shipped in the package under `dist/cdn`) under
 * `/snr/kit/`, so a site loads the kit from the identity server it already talks to:
 *
 * - each entry name (`snr-auth.signin.js`, `snr-auth.forms.js`, `snr-auth.iife.js`, the add-ons
 *   and languages) cached for five minutes ({@link ENTRY_CACHE}), and the same file under its
 *   content-hashed name (`snr-auth.signin.1a2b3c4d5e.js`) cached for a year, immutable;
 *   `/snr/kit/manifest.json` lists entry → hashed name;
 * - `Content-Type: text/javascript`, compressed with brotli or gzip when the browser accepts it;
 * - CORS and the other edge headers as for the API (`edgeHeaders`: the origins the API keys allow,
 *   for `<script type="module">` or `crossorigin`); a classic `<script src>` needs none;
 * - 404 for every other name: names are looked up in the list read from the folder, never joined
 *   to a path, so no request reaches a file outside it.
 *
 * The folder is read on the first request and again when its modification time changes (a rebuild
 * while the server runs). Without it (a clone not built yet) every name answers 404 saying so.
 */
export function kitRoutes(root: string = DEFAULT_KIT_ROOT): Hono {
  const app = new Hono();
  let kit: Kit | undefined;

  const current = (): Kit | undefined => {
    if (!existsSync(root)) return undefined;
    const stamp = statSync(root).mtimeMs;
    if (!kit || kit.stamp !== stamp) kit = readKit(root, stamp);
    return kit;
  };

  const notBuilt = (c: Context) => sendError(c, 404, 'NOT_FOUND', `The browser files are not built (${root}): run npm run build:cdn`);

  app.get(`${KIT_PATH}/manifest.json`, (c) => {
    const k = current();
    if (!k) return notBuilt(c);
    c.header('Cache-Control', ENTRY_CACHE);
    return c.json(k.manifest);
  });

  app.on(['GET', 'HEAD'], `${KIT_PATH}/:name`, async (c) => {
    const k = current();
    if (!k) return notBuilt(c);
    const name = c.req.param('name');
    const file = k.files.get(name);
    if (!file) return sendError(c, 404, 'NOT_FOUND', `No file ${name} in ${KIT_PATH}/ (the names are in ${KIT_PATH}/manifest.json)`);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', file.immutable ? HASHED_CACHE : ENTRY_CACHE);
    const { content } = file;
    c.header('ETag', content.etag);
    c.header('Vary', c.res.headers.get('Vary') ? `${c.res.headers.get('Vary')}, Accept-Encoding` : 'Accept-Encoding');
    if (c.req.header('if-none-match') === content.etag) return c.body(null, 304);
    const accepts = c.req.header('accept-encoding') ?? '';
    let body = content.body;
    if (/\bbr\b/.test(accepts)) {
      content.br ??= brotli(content.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.body.length } });
      body = await content.br;
      c.header('Content-Encoding', 'br');
    } else if (/\bgzip\b/.test(accepts)) {
      content.gzip ??= gzipped(content.body, { level: 9 });
      body = await content.gzip;
      c.header('Content-Encoding', 'gzip');
    }
    c.header('Content-Length', String(body.length));
    if (c.req.method === 'HEAD') return c.body(null, 200);
    return c.body(new Uint8Array(body), 200);
  });

  app.all(`${KIT_PATH}/*`, (c) => sendError(c, 404, 'NOT_FOUND', `No file ${c.req.path}`));
  return app;
}
