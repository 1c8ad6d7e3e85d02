/**
 * The npm package as a user gets it (issue 6): built once (by `npm test`'s build step, or here),
 * packed with `npm pack`, unpacked in a temporary folder whose node_modules holds only the
 * package's `dependencies` (and React for the SSR check). publint and arethetypeswrong judge the tarball; Node imports every entry with no DOM
 * (server-side rendering); the published bin runs the compiled server without tsx; browser
 * entries reach no Node built-in; the README's element reference matches the manifest.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { builtFromCurrentSources } from '../support/fresh-build.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
  sideEffects: string[];
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};

/**
 * Every file `npm run build` makes that the package's exports, bin and manifest name: when `npm
 * test`'s build step has just built them all from today's sources, the package is packed from them
 * instead of being built a second time.
 */
const BUILD_OUTPUTS = [
  ...Object.values(pkg.exports)
    .flatMap((target) => (typeof target === 'string' ? [target] : [target.types, target.default]))
    .filter((file) => file.startsWith('./dist/')),
  'server/dist/cli.js',
];

let tmp: string;
let tarball: string;
let unpacked: string;

before(
  async () => {
    if (!builtFromCurrentSources(BUILD_OUTPUTS)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    tmp = mkdtempSync(join(tmpdir(), 'snr-package-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8' }),
    ) as Array<{ filename: string }>;
    tarball = join(tmp, packed[0]!.filename);
    unpacked = join(tmp, 'package');
    execFileSync('tar', ['-xzf', tarball, '-C', tmp]);
    // Only what `npm install snr-auth` would bring: its dependencies (their own dependencies resolve
    // from the repository's node_modules, where the links point), plus React for the SSR check.
    const modules = join(unpacked, 'node_modules');
    mkdirSync(modules);
    for (const name of [...Object.keys(pkg.dependencies), 'react', 'react-dom']) {
      const target = join(modules, name);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
    }
  },
  { timeout: 300_000 },
);

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The files of the tarball, relative to its root. */
function packedFiles(dir = unpacked, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' && !prefix ? [] : e.isDirectory() ? packedFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

const BROWSER_ENTRIES = Object.entries(pkg.exports)
  .filter(([subpath]) => !['./server', './package.json', './custom-elements.json'].includes(subpath) && !subpath.startsWith('./cdn/'))
  .map(([subpath, target]) => [subpath, typeof target === 'string' ? target : target.default] as const);

describe('npm package', () => {
  it('publint finds nothing to say', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    // The unpacked tarball is exactly what is published (its node_modules aside).
    const result = await publint({ pkgDir: unpacked, level: 'suggestion', strict: true, pack: false });
    assert.deepEqual(
      result.messages.map((m) => `${m.type}: ${formatMessage(m, result.pkg)}`),
      [],
    );
  });

  it('arethetypeswrong finds no problem (ESM-only package)', async () => {
    const attw = join(ROOT, 'node_modules', '.bin', 'attw');
    // Through a file: attw exits before a piped stdout is drained.
    const out = join(tmp, 'attw.json');
    await run('sh', ['-c', `"$0" "$1" --profile esm-only --format json --no-color > "$2"`, attw, tarball, out], { cwd: tmp }).catch(() => {});
    const report = JSON.parse(readFileSync(out, 'utf8')) as { problems?: Record<string, Array<{ entrypoint: string; resolutionKind?: string }>> };
    // ESM only: what CommonJS `require` and node10 (no exports map) would see is out of scope.
    const problems = Object.entries(report.problems ?? {}).flatMap(([kind, list]) =>
      list.filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind ?? '')).map((p) => `${kind} ${p.entrypoint} (${p.resolutionKind})`),
    );
    assert.deepEqual(problems, []);
  });

  it('ships the built modules, their types, the script-tag files and the manifest, not the sources or the demo', () => {
    const files = packedFiles();
    for (const target of Object.values(pkg.exports)) {
      for (const file of typeof target === 'string' ? [target] : [target.types, target.default])
        assert.ok(files.includes(file.replace(/^\.\//, '')), `${file} is in the tarball`);
    }
    assert.ok(files.includes('server/bin/snr-auth-server.js'));
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('dist/demo/') || f.endsWith('.test.js')), 'no sources, demo or tests');
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
        const others = inputs.filter((i) => /dist\/elements\/(snr-[a-z-]+)\/\1\.element\.js$/.test(i) && !own.some((t) => i.includes(`/${t}.element.js`)));
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

  it('the published bin runs the compiled server, without tsx', async () => {
    assert.ok(!existsSync(join(unpacked, 'node_modules', 'tsx')), 'tsx is not a dependency');
    const db = join(tmp, 'bin.sqlite');
    const child = spawn(process.execPath, [join(unpacked, pkg.bin['snr-auth-server']!), '--port', '0'], {
      cwd: unpacked,
      env: { ...process.env, DATABASE_URL: db, SNR_PBKDF2_ITERATIONS: '1000', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
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
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
      });
      const health = await fetch(`${url}/snr/health`);
      assert.equal(health.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
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
