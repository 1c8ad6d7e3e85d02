/**
 * The two npm packages as users get them (issues 6 and 15), built once and packed with `npm pack`:
 *
 * - snr-auth, the browser package: unpacked in a temporary folder whose node_modules holds only its
 *   dependencies and optional peers (and react-dom for the SSR check). publint and arethetypeswrong
 *   judge the tarball; Node imports every entry with no DOM (server-side rendering); browser entries
 *   reach no Node built-in; the README's element reference matches the manifest.
 * - snr-auth-server, the reference server (the workspace server/): publint and arethetypeswrong; its
 *   built modules import only themselves, Node and its declared dependencies (snr-auth through the
 *   package's exports); its bin, installed beside the published snr-auth, runs the compiled server
 *   without tsx and hands out snr-auth's script files.
 * - A front-end app (a Vite-style folder of its own) installs the snr-auth tarball from the npm
 *   registry, with install scripts allowed: the tree is lit, @lit/context and their dependencies,
 *   nothing in it is compiled, and the app bundles.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { builtFromCurrentSources, SERVER_INPUTS, SERVER_OUTPUTS } from '../support/fresh-build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
interface Manifest {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  sideEffects: string[];
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  bin?: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const serverPkg = JSON.parse(readFileSync(join(ROOT, 'server', 'package.json'), 'utf8')) as Manifest;

/**
 * Every file `npm run build` makes that the package's exports, bin and manifest name: when `npm
 * test`'s build step has just built them all from today's sources, the package is packed from them
 * instead of being built a second time.
 */
const BUILD_OUTPUTS = [
  ...Object.values(pkg.exports)
    .flatMap((target) => (typeof target === 'string' ? [target] : [target.types, target.default]))
    .filter((file) => file.startsWith('./dist/')),
];

let tmp: string;
let tarball: string;
let unpacked: string;
let serverTarball: string;
/** Where the two published packages sit side by side: node_modules/snr-auth and node_modules/snr-auth-server. */
let installed: string;

/** `npm pack` of the root package or of a workspace into `tmp`, without building again; the tarball's path. */
function pack(workspace?: string): string {
  const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp, ...(workspace ? [`--workspace=${workspace}`] : [])];
  const packed = JSON.parse(execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8' })) as Array<{ filename: string }>;
  return join(tmp, packed[0]!.filename);
}

/** Unpacks a tarball into `dir` (made), as npm would install it there. */
function unpack(file: string, dir: string): void {
  const into = mkdtempSync(join(tmp, 'unpack-'));
  execFileSync('tar', ['-xzf', file, '-C', into]);
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(join(into, 'package'), dir);
}

/** Links the repository's copy of each package into `modules` (their own dependencies resolve from the repository, where the links point). */
function linkFromRepository(modules: string, names: string[]): void {
  for (const name of names) {
    const target = join(modules, name);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
  }
}

before(
  async () => {
    if (!builtFromCurrentSources(BUILD_OUTPUTS)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    // The server's types import snr-auth/contract's built types: after the browser package's build.
    if (!builtFromCurrentSources(SERVER_OUTPUTS, SERVER_INPUTS))
      execFileSync('npm', ['run', '--silent', 'build', '--workspace=snr-auth-server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    tmp = mkdtempSync(join(tmpdir(), 'snr-package-'));
    tarball = pack();
    serverTarball = pack('snr-auth-server');
    // snr-auth alone: only what `npm install snr-auth` would bring, its dependencies, plus its optional
    // peers (React wrappers, contract schemas) and react-dom for the SSR check.
    unpacked = join(tmp, 'package');
    unpack(tarball, unpacked);
    linkFromRepository(join(unpacked, 'node_modules'), [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {}), 'react-dom']);
    // The server installed from its tarball beside snr-auth from its own, with the server's other dependencies.
    installed = join(tmp, 'server-install');
    unpack(tarball, join(installed, 'node_modules', 'snr-auth'));
    unpack(serverTarball, join(installed, 'node_modules', 'snr-auth-server'));
    linkFromRepository(
      join(installed, 'node_modules'),
      Object.keys(serverPkg.dependencies).filter((name) => name !== 'snr-auth'),
    );
  },
  { timeout: 300_000 },
);

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The files of an unpacked tarball, relative to its root. */
function packedFiles(dir = unpacked, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' && !prefix ? [] : e.isDirectory() ? packedFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const BROWSER_ENTRIES = Object.entries(pkg.exports)
  .filter(([subpath]) => !['./package.json', './custom-elements.json'].includes(subpath) && !subpath.startsWith('./cdn/'))
  .map(([subpath, target]) => [subpath, typeof target === 'string' ? target : target.default] as const);

async function publintMessages(dir: string): Promise<string[]> {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  // The unpacked tarball is exactly what is published (its node_modules aside).
  const result = await publint({ pkgDir: dir, level: 'suggestion', strict: true, pack: false });
  return result.messages.map((m) => `${m.type}: ${formatMessage(m, result.pkg)}`);
}

async function attwProblems(file: string, name: string): Promise<string[]> {
  const attw = join(ROOT, 'node_modules', '.bin', 'attw');
  // Through a file: attw exits before a piped stdout is drained.
  const out = join(tmp, `attw-${name}.json`);
  await run('sh', ['-c', `"$0" "$1" --profile esm-only --format json --no-color > "$2"`, attw, file, out], { cwd: tmp }).catch(() => {});
  const report = JSON.parse(readFileSync(out, 'utf8')) as { problems?: Record<string, Array<{ entrypoint: string; resolutionKind?: string }>> };
  // ESM only: what CommonJS `require` and node10 (no exports map) would see is out of scope.
  return Object.entries(report.problems ?? {}).flatMap(([kind, list]) =>
    list.filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind ?? '')).map((p) => `${kind} ${p.entrypoint} (${p.resolutionKind})`),
  );
}

describe('npm package snr-auth (the browser package)', () => {
  it('publint finds nothing to say', async () => {
    assert.deepEqual(await publintMessages(unpacked), []);
  });

  it('arethetypeswrong finds no problem (ESM-only package)', async () => {
    assert.deepEqual(await attwProblems(tarball, 'snr-auth'), []);
  });

  it('depends on lit, @lit/context and @simplewebauthn/browser (the passkeys add-on; no dependencies of its own) only; React, @lit/react (snr-auth/react) and zod (snr-auth/contract) are optional peers', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/context', '@simplewebauthn/browser', 'lit']);
    for (const name of Object.keys(pkg.peerDependencies ?? {})) assert.equal(pkg.peerDependenciesMeta?.[name]?.optional, true, `${name} is optional`);
    assert.equal(pkg.bin, undefined, 'no bin: the server is snr-auth-server');
  });

  it('ships the built modules, their types, the script-tag files and the manifest, not the sources or the demo', () => {
    const files = packedFiles();
    for (const target of Object.values(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : [target.types, target.default])
        assert.ok(files.includes(file.replace(/^\.\//, '')), `${file} is in the tarball`);
    }
    assert.ok(
      !files.some((f) => f.startsWith('src/') || f.startsWith('dist/demo/') || f.startsWith('dist/server/') || f.startsWith('bin/') || f.endsWith('.test.js')),
      'no sources, demo, server or tests',
    );
  });

  it('sideEffects names exactly the files that define elements or register a language, the entry and the script-tag files', () => {
    const files = packedFiles().filter((f) => f.endsWith('.js') && f.startsWith('dist/') && !f.startsWith('dist/cdn/'));
    const defining = files.filter((f) => /^\s*(?:define|registerTranslation)\(/m.test(readFileSync(join(unpacked, f), 'utf8'))).map((f) => `./${f}`);
    // The ./src entries keep the same definitions when the sources are bundled (demo, script tag).
    const listed = pkg.sideEffects.filter((p) => !p.includes('*') && p.startsWith('./dist/'));
    assert.deepEqual(listed.filter((p) => !['./dist/index.js', './dist/global.js'].includes(p)).sort(), defining.sort());
    for (const p of listed) assert.ok(existsSync(join(unpacked, p)), `${p} exists`);
  });

  it('browser entries reach no Node built-in and no zod; the headless one no lit and no element; an element only itself', async () => {
    for (const [subpath, file] of BROWSER_ENTRIES) {
      const result = await build({
        entryPoints: [join(unpacked, file)],
        bundle: true,
        write: false,
        metafile: true,
        platform: 'browser',
        format: 'esm',
        logLevel: 'silent',
        absWorkingDir: unpacked,
      });
      const inputs = Object.keys(result.metafile.inputs);
      assert.deepEqual(
        inputs.filter((i) => i.startsWith('node:') || /(^|\/)(server)\//.test(i.replace(/^.*?dist\//, ''))),
        [],
        `${subpath}: no Node code`,
      );
      if (subpath !== './contract')
        assert.deepEqual(
          inputs.filter((i) => i.includes('node_modules/zod/')),
          [],
          `${subpath}: no zod (answers are checked by the compiled contract)`,
        );
      if (subpath === './session')
        assert.deepEqual(
          inputs.filter((i) => /node_modules\/(lit|lit-html|lit-element|@lit)\/|dist\/elements\//.test(i)),
          [],
          'snr-auth/session: no lit, no element',
        );
      const tag = /^\.\/(snr-[a-z-]+)$/.exec(subpath)?.[1];
      if (tag) {
        // <snr-auth> is the card made of these four (and only these).
        const composes: Record<string, string[]> = { 'snr-auth': ['snr-signin', 'snr-register', 'snr-account', 'snr-change-password'] };
        const own = [tag, ...(composes[tag] ?? [])];
        // What importing the element defines: its static imports (a capability it loads on intent, by
        // a dynamic import, may bring another element, as the account's provider proof does).
        const meta = result.metafile.inputs;
        const defined = new Set<string>();
        const entry = inputs.find((i) => i.endsWith(file.replace(/^\.\//, '')))!;
        const visit = (input: string) => {
          if (defined.has(input)) return;
          defined.add(input);
          for (const next of meta[input]?.imports ?? []) if (next.kind !== 'dynamic-import') visit(next.path);
        };
        visit(entry);
        const others = [...defined].filter(
          (i) => /dist\/elements\/(snr-[a-z-]+)\/\1\.element\.js$/.test(i) && !own.some((t) => i.includes(`/${t}.element.js`)),
        );
        assert.deepEqual(others, [], `${subpath}: no other element`);
      }
    }
  });

  it('imports in Node without a DOM (server-side rendering) and renders the React wrappers to a string', async () => {
    const script = `
      const entries = ${JSON.stringify(BROWSER_ENTRIES.map(([s]) => s.replace(/^\./, pkg.name)))};
      for (const e of entries) await import(e);
      const { configure, ready } = await import('snr-auth');
      if (typeof configure !== 'function' || !(ready instanceof Promise)) throw new Error('snr-auth exports');
      const React = await import('react');
      const { renderToString } = await import('react-dom/server');
      const { SnrSignin, SnrSession } = await import('snr-auth/react');
      const html = renderToString(React.createElement(SnrSession, { apiBase: 'https://id.example', apiKey: 'k' }, React.createElement(SnrSignin, { onSignedIn: () => {} })));
      if (!html.includes('<snr-signin')) throw new Error('rendered: ' + html);
      if (typeof window !== 'undefined') throw new Error('window defined');
      console.log('ssr ok');
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: unpacked });
    assert.match(stdout, /ssr ok/);
  });

  it("the README's element reference is the manifest's", async () => {
    const { rewriteReadme } = (await import('../../scripts/readme-elements.mjs' as string)) as { rewriteReadme: (readme: string, manifest: unknown) => string };
    const manifest = JSON.parse(readFileSync(join(unpacked, 'dist/custom-elements.json'), 'utf8'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = (text: string) => text.slice(text.indexOf('<!-- BEGIN ELEMENT REFERENCE'), text.indexOf('<!-- END ELEMENT REFERENCE'));
    assert.equal(section(readme), section(rewriteReadme(readme, manifest)), 'README.md disagrees with the manifest: run `npm run docs`');
    const tags = (manifest.modules as Array<{ declarations?: Array<{ tagName?: string; customElement?: boolean }> }>)
      .flatMap((m) => m.declarations ?? [])
      .filter((d) => d.customElement)
      .map((d) => d.tagName);
    assert.deepEqual(tags.sort(), [
      'snr-account',
      'snr-auth',
      'snr-change-password',
      'snr-facebook-button',
      'snr-landing',
      'snr-provider-button',
      'snr-register',
      'snr-session',
      'snr-signin',
    ]);
  });
});

/** Starts the installed bin on a free port; its URL and a stop function. */
async function startInstalledBin(): Promise<{ url: string; stop(): void }> {
  const bin = join(installed, 'node_modules', 'snr-auth-server', serverPkg.bin!['snr-auth-server']!);
  const child = spawn(process.execPath, [bin, '--port', '0'], {
    cwd: installed,
    env: { ...process.env, DATABASE_URL: join(tmp, 'bin.sqlite'), SNR_PBKDF2_ITERATIONS: '1000', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 30_000);
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}:\n${output}`));
    });
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** The module specifiers a built file imports (static, dynamic and re-exports), its comments aside. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('npm package snr-auth-server (the reference server)', () => {
  const serverDir = () => join(installed, 'node_modules', 'snr-auth-server');

  it('publint finds nothing to say', async () => {
    assert.deepEqual(await publintMessages(serverDir()), []);
  });

  it('arethetypeswrong finds no problem (ESM-only package)', async () => {
    assert.deepEqual(await attwProblems(serverTarball, 'snr-auth-server'), []);
  });

  it('ships the compiled server, its types and the bin, not the sources or the tests', () => {
    const files = packedFiles(serverDir());
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'bin/snr-auth-server.js', 'package.json', 'README.md'])
      assert.ok(files.includes(file), `${file} is in the tarball`);
    assert.deepEqual(
      files.filter((f) => !f.startsWith('dist/') && !['bin/snr-auth-server.js', 'package.json', 'README.md'].includes(f)),
      [],
      'nothing else beside dist/',
    );
  });

  it('its modules import only themselves, Node and its declared dependencies (snr-auth through its exports)', () => {
    const dir = serverDir();
    const names = new Set(Object.keys(serverPkg.dependencies));
    assert.ok(names.has('snr-auth'), 'snr-auth is a dependency');
    const builtins = new Set(builtinModules);
    const bad: string[] = [];
    const contractImports = new Set<string>();
    // The modules (the bin imports dist/cli.js, or tsx only when it runs from a clone's sources).
    for (const file of packedFiles(dir).filter((f) => f.startsWith('dist/') && /\.(?:js|d\.ts)$/.test(f))) {
      for (const spec of importsOf(join(dir, file))) {
        if (spec.startsWith('.')) {
          const target = join(dir, dirname(file), spec);
          if (relative(dir, target).startsWith('..')) bad.push(`${file}: ${spec} leaves the package`);
          continue;
        }
        if (spec.startsWith('node:') || builtins.has(spec)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!names.has(name)) bad.push(`${file}: ${spec} is not a dependency`);
        if (name === 'snr-auth') contractImports.add(spec);
      }
    }
    assert.deepEqual(bad, []);
    assert.deepEqual([...contractImports], ['snr-auth/contract'], 'the server takes the shared contract from the browser package');
  });

  it('the published bin runs the compiled server against the published snr-auth, without tsx, and hands out its script files', async () => {
    assert.ok(!existsSync(join(installed, 'node_modules', 'tsx')), 'tsx is not a dependency');
    const { url, stop } = await startInstalledBin();
    try {
      const health = await fetch(`${url}/snr/health`);
      assert.equal(health.status, 200);
      // /snr/kit/ serves the installed snr-auth's dist/cdn (found through the package, not beside the server).
      const served = await fetch(`${url}/snr/kit/snr-auth.signin.js`);
      assert.equal(served.status, 200);
      assert.equal(await served.text(), readFileSync(join(installed, 'node_modules', 'snr-auth', 'dist', 'cdn', 'snr-auth.signin.js'), 'utf8'));
      // The landing page of local mode loads the forms file from there too.
      const landing = await fetch(`${url}/landing`);
      assert.equal(landing.status, 200);
    } finally {
      stop();
    }
  });
});

/** Every file under `dir` (links not followed), relative to it. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

interface NpmTree {
  name?: string;
  version?: string;
  dependencies?: Record<string, NpmTree>;
}

describe('a front-end app installs snr-auth from the registry', () => {
  let app: string;
  let installLog: string;

  before(
    async () => {
      // What `npm create vite` makes, with the kit added: a module page and its script.
      app = join(tmp, 'front-end-app');
      mkdirSync(join(app, 'src'), { recursive: true });
      writeFileSync(
        join(app, 'package.json'),
        `${JSON.stringify({ name: 'front-end-app', private: true, version: '0.0.0', type: 'module', scripts: { dev: 'vite', build: 'vite build' }, dependencies: { 'snr-auth': `file:${tarball}` } }, null, 2)}\n`,
      );
      writeFileSync(
        join(app, 'index.html'),
        '<!doctype html>\n<snr-session api-key="k"><snr-signin></snr-signin></snr-session>\n<script type="module" src="/src/main.ts"></script>\n',
      );
      writeFileSync(join(app, 'src', 'main.ts'), "import 'snr-auth/snr-session';\nimport 'snr-auth/snr-signin';\n");
      // npm's own variables of the `npm test` that runs this would point the install at the repository.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
      const { stdout, stderr } = await run(
        'npm',
        ['install', '--ignore-scripts=false', '--foreground-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=info'],
        { cwd: app, env, maxBuffer: 64 << 20 },
      );
      installLog = `${stdout}\n${stderr}`;
    },
    { timeout: 300_000 },
  );

  it('the tree is snr-auth, lit, @lit/context, @simplewebauthn/browser and their dependencies: none of the server’s', async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--json'], { cwd: app, maxBuffer: 64 << 20 });
    const tree = JSON.parse(stdout) as NpmTree;
    const names = new Set<string>();
    const visit = (deps: Record<string, NpmTree> = {}) => {
      for (const [name, node] of Object.entries(deps)) {
        // npm lists optional peers it did not install (react, @lit/react, zod) as empty entries.
        if (!node.version) {
          assert.ok(!existsSync(join(app, 'node_modules', name)), `${name} is listed without a version but installed`);
          continue;
        }
        names.add(name);
        visit(node.dependencies);
      }
    };
    visit(tree.dependencies);
    // What lit and @lit/context need, read from their installed manifests.
    const allowed = new Set(['snr-auth']);
    const need = ['lit', '@lit/context', '@simplewebauthn/browser'];
    while (need.length) {
      const name = need.pop()!;
      if (allowed.has(name) && name !== 'snr-auth') continue;
      allowed.add(name);
      const manifest = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')) as Manifest;
      need.push(...Object.keys(manifest.dependencies ?? {}));
    }
    assert.deepEqual([...names].filter((n) => !allowed.has(n)).sort(), [], 'packages beyond lit, @lit/context and @simplewebauthn/browser');
    for (const name of [...Object.keys(serverPkg.dependencies), 'node-gyp', 'prebuild-install'])
      assert.ok(name === 'snr-auth' || !names.has(name), `${name} is not installed`);
    assert.ok(names.has('lit') && names.has('@lit/context') && names.has('snr-auth'));
  });

  it('nothing is compiled: no binding.gyp, no native module, no install script, no node-gyp run', () => {
    const modules = join(app, 'node_modules');
    const files = walk(modules);
    assert.deepEqual(
      files.filter((f) => /(^|\/)binding\.gyp$|\.node$/.test(f)),
      [],
      'native code in the tree',
    );
    const scripted = files
      .filter((f) => /(^|\/)package\.json$/.test(f) && !f.includes('/test/'))
      .filter((f) => {
        const scripts = (JSON.parse(readFileSync(join(modules, f), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
        return ['preinstall', 'install', 'postinstall'].some((k) => k in scripts);
      });
    assert.deepEqual(scripted, [], 'packages with install scripts');
    assert.doesNotMatch(installLog, /node-gyp|gyp info|prebuild-install/i);
    const bytes = files.reduce((sum, f) => sum + statSync(join(modules, f)).size, 0);
    const packages = new Set(files.filter((f) => /(^|\/)package\.json$/.test(f)).map((f) => dirname(f))).size;
    console.log(`front-end install: ${packages} package.json files, ${(bytes / 2 ** 20).toFixed(1)} MiB in node_modules`);
  });

  it('the app bundles the elements from the installed package', async () => {
    const result = await build({
      entryPoints: [join(app, 'src', 'main.ts')],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      absWorkingDir: app,
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(
      inputs.some((i) => i.startsWith('node_modules/snr-auth/dist/')),
      'bundled from node_modules/snr-auth',
    );
    assert.ok(result.outputFiles[0]!.text.includes('snr-signin'));
  });
});
