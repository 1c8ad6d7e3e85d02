#!/usr/bin/env bash
# workspace-move.sh — issue 15, item 3: the reference server becomes its own package.
#
# Run at the root of a checkout of snr-auth (branch main, no local changes):
#
#     bash /work/wt/workspace-move.sh
#
# It turns the repository into two npm packages, the root one staying the browser package:
#
#   snr-auth          (repository root)  src/ … — depends on lit and @lit/context only
#   snr-auth-server   (server/, an npm workspace)  the identity server, its bin, its tests
#
# Moves (git mv; globs over the tracked files, so files other branches added come along):
#   src/server/**                    → server/src/**
#   test/server/**                   → server/test/**
#     except the contract's own tests (CONTRACT_TESTS below: they test src/contract and
#     scripts/gen-contract.ts, the browser package's code) → test/unit/
#   test/support/server.ts           → server/test/support/server.ts  (the server tests' harness)
#   bin/snr-auth-server.js           → server/bin/snr-auth-server.js
#
# Rewrites, in every tracked text file (moved or not):
#   - relative module paths (import/export from, import(), new URL(…, import.meta.url), tsImport,
#     import.meta.resolve, require, register) are resolved where the file was, mapped through the
#     moves and made relative to where the file is now;
#   - in the server package (server/**), imports of the shared contract (src/contract/index.ts and
#     the modules it re-exports) become the package import `snr-auth/contract`;
#   - repository-relative paths in code, configs and docs: src/server → server/src,
#     test/server → server/test, test/support/server.ts → server/test/support/server.ts,
#     bin/snr-auth-server.js → server/bin/snr-auth-server.js, dist/server → server/dist;
#   - `node --import tsx` / `'--import', 'tsx'` get `--conditions=snr-auth-source` in front: the
#     server imports `snr-auth/contract`, which resolves to the TypeScript source only under that
#     export condition (and to dist/ everywhere else, as published);
#   - package.json: `workspaces: ["server"]` and the devDependency `"snr-auth": "file:."` (so npm
#     links node_modules/snr-auth to the root, which is how the workspace finds `snr-auth`), no bin, no
#     ./server export, `snr-auth-source` condition on ./contract, dependencies lit and @lit/context
#     only (@lit/react and zod become optional peers and devDependencies), the server's
#     dependencies moved to server/package.json (and kept as devDependencies of the root where
#     root tooling — bench, demo stand-ins, the browser tests' server plugin — imports them),
#     server-only devDependencies moved too, scripts rewritten;
#   - server/package.json, server/tsconfig.json, server/tsconfig.build.json, server/README.md
#     written; tsconfig.json (customConditions, server included) and biome.json adjusted.
# Then: biome (format + organize imports) on the files it changed, stale dist/server removed,
# `npm install` (SKIP_NPM_INSTALL=1 to skip) so package-lock.json and node_modules follow.
#
# Re-running it on its own result changes nothing. FORCE=1 runs it on a tree with local changes.
set -euo pipefail

if [[ ! -f package.json ]] || [[ "$(node -p "require('./package.json').name" 2>/dev/null)" != snr-auth ]]; then
  echo "workspace-move.sh: run me at the root of the snr-auth repository" >&2
  exit 2
fi
if [[ -z ${FORCE:-} && -n "$(git status --porcelain --untracked-files=no)" ]]; then
  echo "workspace-move.sh: the tree has local changes (FORCE=1 to go on anyway)" >&2
  git status --short --untracked-files=no >&2
  exit 2
fi

CHANGED_LIST=$(mktemp)
trap 'rm -f "$CHANGED_LIST" "$CHANGED_LIST.mjs"' EXIT

cat >"$CHANGED_LIST.mjs" <<'NODE'
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, posix } from 'node:path';

const CHANGED_LIST = process.argv[2];
const CONDITION = 'snr-auth-source';
const CONTRACT_TESTS = ['compiled-contract.test.ts', 'zod-internals.test.ts'];
const git = (...args) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
const say = (line) => console.log(`workspace-move: ${line}`);
const warnings = [];
const warn = (line) => {
  warnings.push(line);
  console.warn(`workspace-move: WARNING ${line}`);
};

// ---- the moves: one mapping, used both to move and to rewrite paths ---------------------------

/** A repository-relative path (file or folder, old layout) → where it is in the new layout. */
function mapPath(p) {
  for (const name of CONTRACT_TESTS) {
    if (p === `test/server/${name}`) return `test/unit/${name}`;
    if (p === `test/server/${name.replace(/\.ts$/, '.js')}`) return `test/unit/${name.replace(/\.ts$/, '.js')}`;
  }
  if (p === 'src/server') return 'server/src';
  if (p.startsWith('src/server/')) return `server/src/${p.slice('src/server/'.length)}`;
  if (p === 'test/server') return 'server/test';
  if (p.startsWith('test/server/')) return `server/test/${p.slice('test/server/'.length)}`;
  if (p === 'test/support/server.ts' || p === 'test/support/server.js') return `server/test/support/${p.slice('test/support/'.length)}`;
  if (p === 'bin/snr-auth-server.js') return 'server/bin/snr-auth-server.js';
  // The compiled server (build output, not tracked) moves with it: dist/server → server/dist.
  if (p === 'dist/server') return 'server/dist';
  if (p.startsWith('dist/server/')) return `server/dist/${p.slice('dist/server/'.length)}`;
  return p;
}

const tracked = git('ls-files', '-z').split('\0').filter(Boolean);
/** New path → old path, for the files moved by this run. */
const origin = new Map();
for (const file of tracked) {
  const to = mapPath(file);
  if (to === file) continue;
  if (existsSync(to)) throw new Error(`${to} exists already: cannot move ${file} there`);
  mkdirSync(dirname(to), { recursive: true });
  git('mv', file, to);
  origin.set(to, file);
}
say(`moved ${origin.size} files`);
const untracked = git('ls-files', '-z', '--others', '--exclude-standard', '--', 'src/server', 'test/server', 'bin').split('\0').filter(Boolean);
for (const f of untracked) warn(`untracked ${f} was not moved`);

// ---- module paths -----------------------------------------------------------------------------

/** The modules `snr-auth/contract` (src/contract/index.ts) re-exports, by repository path without extension. */
const CONTRACT_MODULES = new Set(['src/contract/index']);
for (const m of readFileSync('src/contract/index.ts', 'utf8').matchAll(/export \* from '\.\/([\w-]+)\.js'/g)) CONTRACT_MODULES.add(`src/contract/${m[1]}`);

const stripExt = (p) => p.replace(/\.(?:[cm]?[jt]s|tsx?)$/, '');
const inServer = (p) => p.startsWith('server/');

/** A specifier's new text, or null to leave it. `file` is the new path, `from` where it was. */
function rewriteSpecifier(spec, file, from, kind) {
  if (!(spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../'))) return null;
  const oldTarget = posix.normalize(posix.join(posix.dirname(from), spec));
  if (oldTarget.startsWith('../')) return null; // outside the repository
  if (kind === 'module' && inServer(file) && CONTRACT_MODULES.has(stripExt(oldTarget))) return 'snr-auth/contract';
  if (kind === 'module' && inServer(file) && !inServer(mapPath(oldTarget)) && oldTarget.startsWith('src/'))
    warn(`${file} imports ${spec} (${oldTarget}), browser package code that is not one of its exports`);
  const newTarget = mapPath(oldTarget === '.' ? '' : oldTarget);
  if (newTarget === oldTarget && file === from) return null;
  let rel = posix.relative(posix.dirname(file), newTarget || '.') || '.';
  if (!rel.startsWith('.')) rel = `./${rel}`;
  if (spec.endsWith('/') && !rel.endsWith('/')) rel += '/';
  return rel === spec ? null : rel;
}

const MODULE_PATTERNS = [
  /(\bfrom\s*)(['"])([^'"\n]+)\2/g,
  /(\bimport\s*\(\s*)(['"])([^'"\n]+)\2/g,
  /(^|[;\n]\s*)(?:import\s+)(['"])([^'"\n]+)\2/g,
  /(\brequire\(\s*)(['"])([^'"\n]+)\2/g,
  /(\bimport\.meta\.resolve\(\s*)(['"])([^'"\n]+)\2/g,
];
const URL_PATTERNS = [/(\bnew URL\(\s*)(['"`])([^'"`\n]*)\2(?=\s*,\s*import\.meta\.url)/g, /(\b(?:tsImport|register)\(\s*)(['"])([^'"\n]+)\2(?=\s*,\s*import\.meta\.url)/g];

function rewriteModulePaths(text, file) {
  const from = origin.get(file) ?? file;
  const apply = (pattern, kind) => {
    text = text.replace(pattern, (whole, lead, quote, spec) => {
      if (quote === '`' && spec.includes('${') && posix.dirname(spec).includes('${')) {
        if (origin.has(file)) warn(`${file}: left the template path ${spec} as it was`);
        return whole;
      }
      const next = rewriteSpecifier(spec, file, from, kind);
      return next === null ? whole : whole.replace(`${quote}${spec}${quote}`, `${quote}${next}${quote}`);
    });
  };
  for (const p of MODULE_PATTERNS) apply(p, 'module');
  for (const p of URL_PATTERNS) apply(p, 'url');
  return text;
}

// ---- repository-relative paths and commands ---------------------------------------------------

const NOT_PATH_BEFORE = String.raw`(?<![\w./@-])`;
const TEXT_RULES = [
  // The exclusions that only kept src/server out of the browser tests' globs: nothing to exclude now.
  [/, '!src\/server\/\*\*'\]/g, ']'],
  [/findFiles\('src', '\.test\.ts', \{ exclude: \['src\/server'\] \}\)/g, "findFiles('src', '.test.ts')"],
  ...CONTRACT_TESTS.map((name) => [new RegExp(`${NOT_PATH_BEFORE}test/server/${name.replace(/\./g, '\\.')}`, 'g'), `test/unit/${name}`]),
  [new RegExp(`${NOT_PATH_BEFORE}src/server(?![\\w.-])`, 'g'), 'server/src'],
  [new RegExp(`${NOT_PATH_BEFORE}test/server(?![\\w.-])`, 'g'), 'server/test'],
  [new RegExp(`${NOT_PATH_BEFORE}test/support/server\\.ts`, 'g'), 'server/test/support/server.ts'],
  [new RegExp(`${NOT_PATH_BEFORE}bin/snr-auth-server\\.js`, 'g'), 'server/bin/snr-auth-server.js'],
  [new RegExp(`${NOT_PATH_BEFORE}dist/server(?![\\w.-])`, 'g'), 'server/dist'],
  [new RegExp(`(?<!--conditions=${CONDITION} )--import tsx\\b`, 'g'), `--conditions=${CONDITION} --import tsx`],
  [new RegExp(`(?<!'--conditions=${CONDITION}', )'--import', 'tsx'`, 'g'), `'--conditions=${CONDITION}', '--import', 'tsx'`],
];
const rewriteText = (text) => TEXT_RULES.reduce((t, [re, to]) => t.replace(re, to), text);

const CODE = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);
const TEXT = new Set([...CODE, '.md', '.json', '.jsonc', '.html', '.css', '.yml', '.yaml', '.sh', '.txt', '']);
const SKIP = new Set(['package-lock.json', 'package.json', 'server/package.json', 'tsconfig.json']);
const changed = new Set();

const files = git('ls-files', '-z').split('\0').filter(Boolean);
for (const file of files) {
  if (SKIP.has(file) || !TEXT.has(extname(file)) || !existsSync(file)) continue;
  const before = readFileSync(file, 'utf8');
  if (before.includes('\0')) continue;
  let after = CODE.has(extname(file)) ? rewriteModulePaths(before, file) : before;
  after = rewriteText(after);
  if (after !== before) {
    writeFileSync(file, after);
    changed.add(file);
  }
}

// ---- package.json, server/package.json -------------------------------------------------------

const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'));
const writeJson = (f, value) => {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (existsSync(f) && readFileSync(f, 'utf8') === text) return;
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, text);
  changed.add(f);
};
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
/** Inserts `key: value` after `afterKey` (or sets it in place when present). */
function withKey(obj, key, value, afterKey) {
  if (key in obj) return { ...obj, [key]: value };
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === afterKey) out[key] = value;
  }
  if (!(key in out)) out[key] = value;
  return out;
}

/** The bare package names each side imports (the server package, everything else). */
function importedPackages(filter) {
  const names = new Set();
  for (const file of git('ls-files', '-z').split('\0').filter(Boolean)) {
    if (!CODE.has(extname(file)) || !filter(file) || !existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const re of [/\bfrom\s*['"]([^'".][^'"]*)['"]/g, /\bimport\s*\(\s*['"]([^'".][^'"]*)['"]/g, /\brequire(?:\.resolve)?\(\s*['"]([^'".][^'"]*)['"]/g, /\.resolve\(\s*['"]([^'".][^'"]*)['"]/g]) {
      for (const m of text.matchAll(re)) {
        const spec = m[1];
        if (spec.startsWith('node:')) continue;
        names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
  }
  return names;
}
const serverSide = importedPackages((f) => f.startsWith('server/'));
const rootSide = importedPackages((f) => !f.startsWith('server/'));
const browserSide = importedPackages((f) => f.startsWith('src/'));
const typesFor = (name) => `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;

const pkg = readJson('package.json');
const BROWSER_DEPS = ['lit', '@lit/context'];
const OPTIONAL_PEERS = ['@lit/react', 'zod']; // with react: snr-auth/react and snr-auth/contract need them
const oldDeps = { ...(pkg.dependencies ?? {}) };
const alreadyMoved = existsSync('server/package.json');
const serverPkgBefore = alreadyMoved ? readJson('server/package.json') : {};

const rootDeps = {};
const rootDev = { ...(pkg.devDependencies ?? {}) };
const serverDeps = { ...(serverPkgBefore.dependencies ?? {}) };
const serverDev = { ...(serverPkgBefore.devDependencies ?? {}) };
const peers = { ...(pkg.peerDependencies ?? {}) };
const peersMeta = { ...(pkg.peerDependenciesMeta ?? {}) };

for (const [name, range] of Object.entries(oldDeps)) {
  if (BROWSER_DEPS.includes(name)) {
    rootDeps[name] = range;
  } else if (OPTIONAL_PEERS.includes(name)) {
    peers[name] = range;
    peersMeta[name] = { optional: true };
    rootDev[name] = range;
    if (name === 'zod') serverDeps[name] = range; // snr-auth/contract's peer; the server reads zod itself too
  } else if (browserSide.has(name)) {
    rootDeps[name] = range;
    warn(`dependency ${name} is imported by src/ (browser code): kept as a dependency of snr-auth`);
  } else {
    serverDeps[name] = range;
    if (!serverSide.has(name)) warn(`dependency ${name} is imported by neither side: moved to snr-auth-server`);
    if (rootSide.has(name)) rootDev[name] = range; // root tooling (bench, demo stand-ins, browser-test plugin) imports it
  }
}
// devDependencies: those only the server package imports move there (a dependency of the server is
// not repeated there); the types of what the server uses go there too (and stay in the root when the
// root uses that package as well), and so do what builds it (typescript, @types/node).
const BUILD = ['typescript', '@types/node'];
const isTypes = (name) => name.startsWith('@types/');
for (const [name, range] of Object.entries(pkg.devDependencies ?? {})) {
  if (name === 'snr-auth' || isTypes(name) || BUILD.includes(name)) continue;
  if (!serverSide.has(name)) continue;
  if (!(name in serverDeps)) serverDev[name] = range;
  if (!rootSide.has(name)) delete rootDev[name];
}
const known = Object.keys({ ...oldDeps, ...(pkg.devDependencies ?? {}), ...serverDeps, ...serverDev });
for (const [name, range] of Object.entries(pkg.devDependencies ?? {})) {
  if (BUILD.includes(name)) {
    serverDev[name] = range;
    continue;
  }
  if (!isTypes(name)) continue;
  const typed = known.find((n) => typesFor(n) === name);
  if (!typed) continue;
  const onServer = typed in serverDeps || typed in serverDev;
  const onRoot = typed in rootDeps || typed in rootDev || typed in peers;
  if (onServer) serverDev[name] = range;
  if (onServer && !onRoot) delete rootDev[name];
}
if (serverDeps.zod) serverDeps.zod = peers.zod ?? serverDeps.zod;

const version = pkg.version;
const exportsMap = { ...pkg.exports };
delete exportsMap['./server'];
if (exportsMap['./contract'] && typeof exportsMap['./contract'] === 'object') {
  const { [CONDITION]: _, ...rest } = exportsMap['./contract'];
  exportsMap['./contract'] = { [CONDITION]: './src/contract/index.ts', ...rest };
}
const scripts = Object.fromEntries(Object.entries(pkg.scripts ?? {}).map(([k, v]) => [k, rewriteText(v)]));
scripts['build:server'] = 'npm run build --workspace=snr-auth-server';

let root = { ...pkg };
root.description = 'Drop-in customer identity kit for the web: Lit elements and a session store. The reference identity server is the package snr-auth-server.';
root = withKey(root, 'workspaces', ['server'], 'engines');
root.exports = exportsMap;
delete root.bin;
root.files = (root.files ?? []).filter((f) => f !== 'bin');
root.scripts = scripts;
root.dependencies = sorted(rootDeps);
// The server's dependency `snr-auth` must be this package, linked (node_modules/snr-auth → the root),
// not fetched: npm links a workspace's dependency only to another workspace or to what the root
// itself depends on, so the root depends on itself (devDependencies, which consumers never install).
// (Listing "." among the workspaces links it too, but then npm warns on every install that the
// root's allowScripts "in workspace snr-auth" is ignored.)
rootDev['snr-auth'] = 'file:.';
root.devDependencies = sorted(rootDev);
root.peerDependencies = sorted(peers);
root.peerDependenciesMeta = sorted(peersMeta);
writeJson('package.json', root);

const server = {
  name: 'snr-auth-server',
  version,
  description: 'The reference identity server of snr-auth (Synerise-compatible API): Hono, Kysely on SQLite or PostgreSQL, jose, nodemailer.',
  license: pkg.license,
  type: 'module',
  engines: pkg.engines,
  exports: {
    '.': { [CONDITION]: './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  types: './dist/index.d.ts',
  bin: { 'snr-auth-server': './bin/snr-auth-server.js' },
  files: ['dist', '!dist/**/*.map', 'bin/snr-auth-server.js', 'README.md'],
  scripts: { build: 'tsc -p tsconfig.build.json', prepack: 'npm run build' },
  dependencies: sorted({ ...serverDeps, 'snr-auth': serverDeps['snr-auth'] ?? `^${version}` }),
  devDependencies: sorted(serverDev),
};
writeJson('server/package.json', { ...server, ...serverPkgBefore, dependencies: server.dependencies, devDependencies: server.devDependencies });

// ---- TypeScript, biome --------------------------------------------------------------------------

const tsconfig = readJson('tsconfig.json');
tsconfig.compilerOptions = withKey(tsconfig.compilerOptions, 'customConditions', [CONDITION], 'moduleResolution');
for (const dir of ['server/src', 'server/test']) if (!tsconfig.include.includes(dir)) tsconfig.include.push(dir);
writeJson('tsconfig.json', tsconfig);
writeJson('server/tsconfig.json', {
  extends: '../tsconfig.json',
  include: ['src', 'test'],
});
writeJson('server/tsconfig.build.json', {
  extends: './tsconfig.json',
  compilerOptions: {
    noEmit: false,
    declaration: true,
    declarationMap: false,
    sourceMap: false,
    rootDir: 'src',
    outDir: 'dist',
    types: ['node'],
    // As published: snr-auth/contract is the browser package's built types (build it first).
    customConditions: [],
  },
  include: ['src'],
});

const biome = readJson('biome.json');
for (const o of biome.overrides ?? []) {
  if (o.includes?.includes('test/**') && !o.includes.includes('server/test/**')) o.includes.splice(o.includes.indexOf('test/**') + 1, 0, 'server/test/**');
}
writeJson('biome.json', biome);

if (!existsSync('server/README.md')) {
  writeFileSync(
    'server/README.md',
    `# snr-auth-server

The reference identity server of [snr-auth](../README.md): a Synerise-compatible identity API
(Hono, Kysely on SQLite or PostgreSQL, jose, nodemailer) that also hands out the browser kit's
script files under \`/snr/kit/\` (from the installed \`snr-auth\` package).

    npm install snr-auth-server
    npx snr-auth-server            # http://127.0.0.1:8787, SQLite in ./.data

As a library (Node only):

    import { startServer } from 'snr-auth-server';
    const server = await startServer({ port: 8787 });   // configuration from process.env

Configuration, routes and operations: see the snr-auth README.
`,
  );
  changed.add('server/README.md');
}

// Build output of the old layout (the server compiled into the browser package's dist/).
rmSync('dist/server', { recursive: true, force: true });

writeFileSync(CHANGED_LIST, [...changed].join('\n'));
say(`rewrote ${changed.size} files`);
if (warnings.length) say(`${warnings.length} warning(s) above`);
NODE

node "$CHANGED_LIST.mjs" "$CHANGED_LIST"

# Formatting and import order of what changed (the contract imports moved to the package's
# name, which sorts elsewhere); biome's lint rules are not applied here.
mapfile -t changed < <(grep -E '\.(ts|mts|js|mjs|json)$' "$CHANGED_LIST" || true)
if ((${#changed[@]})); then
  npx --no-install biome check --write --linter-enabled=false --files-ignore-unknown=true --no-errors-on-unmatched "${changed[@]}" >/dev/null || {
    echo "workspace-move.sh: biome could not format everything; run: npx biome check ${changed[*]}" >&2
  }
fi

if [[ -z ${SKIP_NPM_INSTALL:-} ]]; then
  npm install --no-audit --no-fund
fi
# Stage the moves, the rewrites and the new files (nothing else of the tree).
git add -u
git add server
echo "workspace-move.sh: done; review with git status / git diff --cached -M"
