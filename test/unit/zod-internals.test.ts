/**
 * zod is pinned exactly (package.json), because the contract compiler (scripts/gen-contract.ts, for
 * src/contract/compiled.ts and compact.ts) and config.ts read zod's internals (`_zod.def`,
 * `_zod.traits`, `.def.shape`), which a minor release may change. One test per feature read: the
 * schema built as src/contract builds it, the internal shape the compiler relies on, and what the
 * compiler makes of it. A zod upgrade that moves any of them fails here, saying what to teach first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { compile } from '../../scripts/gen-contract.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ZOD_VERSION = (createRequire(import.meta.url)('zod/package.json') as { version: string }).version;

interface Internals {
  _zod: { def: Record<string, unknown> & { type: string; checks?: Internals[] }; traits: Set<string> };
}
const internals = (schema: unknown) => (schema as Internals)._zod;
const checkDefs = (schema: unknown) => (internals(schema).def.checks ?? []).map((c) => c._zod.def);

/** Runs the assertions of one feature; a failure names the feature, the reader and the way out. */
function reads(feature: string, where: string, body: () => void) {
  it(feature, () => {
    try {
      body();
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new Error(
        `zod ${ZOD_VERSION} changed ${feature}, which ${where} reads from zod's internals: teach scripts/gen-contract.ts (and src/contract/compact.ts) the new shape, run \`npm run gen:contract\`, then pin the new version.\n${detail}`,
        { cause: err },
      );
    }
  });
}

describe('zod pinned', () => {
  it('every package.json that names zod names one exact version, the installed one and the lock file’s', () => {
    type Deps = Record<string, string> | undefined;
    const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    const pkg = read('package.json') as { peerDependencies: Deps; devDependencies: Deps };
    const server = read('server/package.json') as { dependencies: Deps };
    const lock = read('package-lock.json') as { packages: Record<string, { version?: string; dependencies?: Deps; devDependencies?: Deps }> };
    assert.match(ZOD_VERSION, /^\d+\.\d+\.\d+$/);
    // snr-auth/contract needs zod (an optional peer of the browser package); the server depends on it.
    const named = {
      'snr-auth peerDependencies': pkg.peerDependencies?.zod,
      'snr-auth devDependencies': pkg.devDependencies?.zod,
      'snr-auth-server dependencies': server.dependencies?.zod,
      'package-lock.json root entry': lock.packages['']!.devDependencies?.zod,
      'package-lock.json server entry': lock.packages.server!.dependencies?.zod,
      'package-lock.json node_modules/zod': lock.packages['node_modules/zod']!.version,
    };
    for (const [where, version] of Object.entries(named))
      assert.equal(version, ZOD_VERSION, `${where}: zod pinned exactly (no ^ or ~) to the installed one; its internals are read by the contract compiler`);
  });
});

describe(`zod internals the contract compiler reads (zod ${ZOD_VERSION})`, () => {
  reads("a schema's kind (`_zod.def.type`) for every kind the contract uses", 'compile() in scripts/gen-contract.ts', () => {
    const kinds: [unknown, string][] = [
      [z.string(), 'string'],
      [z.number(), 'number'],
      [z.boolean(), 'boolean'],
      [z.unknown(), 'unknown'],
      [z.optional(z.string()), 'optional'],
      [z.nullable(z.string()), 'nullable'],
      [z.enum(['A', 'B']), 'enum'],
      [z.literal('OK'), 'literal'],
      [z.array(z.string()), 'array'],
      [z.record(z.string(), z.unknown()), 'record'],
      [z.object({}), 'object'],
      [z.strictObject({}), 'object'],
    ];
    for (const [schema, type] of kinds) assert.equal(internals(schema).def.type, type);
    assert.deepEqual(compile(z.boolean()), 'b');
    assert.deepEqual(compile(z.unknown()), 'u');
  });

  reads('optional and nullable (`def.innerType`)', 'compile()', () => {
    assert.equal(internals(internals(z.optional(z.boolean())).def.innerType).def.type, 'boolean');
    assert.equal(internals(internals(z.nullable(z.number())).def.innerType).def.type, 'number');
    assert.deepEqual(compile(z.optional(z.nullable(z.string()))), ['?', ['~', 's']]);
  });

  reads('enum entries (`def.entries`) and literal values (`def.values`)', 'compile()', () => {
    assert.deepEqual(internals(z.enum(['A', 'B'])).def.entries, { A: 'A', B: 'B' });
    assert.deepEqual(internals(z.literal('OK')).def.values, ['OK']);
    assert.deepEqual(compile(z.enum(['A', 'B'])), ['e', ['A', 'B']]);
    assert.deepEqual(compile(z.literal('OK')), ['e', ['OK']]);
  });

  reads(
    'objects: `def.shape`, and `def.catchall` (a never schema when strict, none when not)',
    'compile() and loadConfig (`passwordPolicySchema.def.shape`)',
    () => {
      const strict = z.strictObject({ a: z.string() });
      assert.deepEqual(Object.keys(internals(strict).def.shape as object), ['a']);
      assert.equal((strict as unknown as { def: unknown }).def, internals(strict).def, '`schema.def` is `schema._zod.def`');
      assert.equal(internals(internals(strict).def.catchall).def.type, 'never');
      assert.equal(internals(z.object({ a: z.string() })).def.catchall, undefined);
      assert.deepEqual(compile(strict), ['O', { a: 's' }]);
      assert.deepEqual(compile(z.object({ a: z.number() })), ['o', { a: 'n' }]);
    },
  );

  reads('arrays: `def.element` and their min_length / max_length checks', 'compile()', () => {
    const list = z.array(z.string()).check(z.minLength(1), z.maxLength(5));
    assert.equal(internals(internals(list).def.element).def.type, 'string');
    assert.deepEqual(
      checkDefs(list).map((d) => [d.check, d.minimum ?? d.maximum]),
      [
        ['min_length', 1],
        ['max_length', 5],
      ],
    );
    assert.deepEqual(compile(list), ['a', 's', 1, 5]);
  });

  reads('records: `def.keyType` and `def.valueType`', 'compile()', () => {
    const map = z.record(z.string(), z.number());
    assert.equal(internals(internals(map).def.keyType).def.type, 'string');
    assert.equal(internals(internals(map).def.valueType).def.type, 'number');
    assert.deepEqual(compile(map), ['m', 's', 'n']);
  });

  reads('string length checks (`check: min_length / max_length`, `minimum` / `maximum`)', 'checkOf()', () => {
    const s = z.string().check(z.minLength(2), z.maxLength(9));
    assert.deepEqual(
      checkDefs(s).map((d) => ({ check: d.check, n: d.minimum ?? d.maximum })),
      [
        { check: 'min_length', n: 2 },
        { check: 'max_length', n: 9 },
      ],
    );
    assert.deepEqual(compile(s), ['s', ['>', 2], ['<', 9]]);
  });

  reads('regex checks (`check: string_format`, `format: regex`, `pattern`)', 'checkOf()', () => {
    const pattern = /^[A-Z]{2}$/;
    const [d] = checkDefs(z.string().check(z.regex(pattern)));
    assert.equal(d!.check, 'string_format');
    assert.equal(d!.format, 'regex');
    assert.equal(d!.pattern, pattern);
    assert.deepEqual(compile(z.string().check(z.regex(pattern))), ['s', ['r', pattern]]);
  });

  reads('trim and toLowerCase (`check: overwrite`, `tx` printing as `input.trim()` / `input.toLowerCase()`)', 'checkOf()', () => {
    const [trim, lower] = checkDefs(z.string().check(z.trim(), z.toLowerCase()));
    assert.equal(trim!.check, 'overwrite');
    assert.match(String(trim!.tx), /=> input\.trim\(\)$/);
    assert.equal(lower!.check, 'overwrite');
    assert.match(String(lower!.tx), /=> input\.toLowerCase\(\)$/);
    assert.deepEqual(compile(z.string().check(z.trim(), z.toLowerCase())), ['s', ['t'], ['l']]);
  });

  reads(
    'z.email(): a schema that is its own check (`traits` has `$ZodCheck`, `format: email`, a `pattern`), before the checks added to it',
    'compile() and checkOf()',
    () => {
      const email = z.email().check(z.trim(), z.maxLength(254));
      const zod = internals(email);
      assert.ok(zod.traits.has('$ZodCheck'));
      assert.equal(zod.def.type, 'string');
      assert.equal(zod.def.check, 'string_format');
      assert.equal(zod.def.format, 'email');
      assert.ok(zod.def.pattern instanceof RegExp);
      assert.deepEqual(compile(email), ['s', ['r', zod.def.pattern], ['t'], ['<', 254]]);
    },
  );

  reads('z.url({ protocol }) (`format: url`, `protocol`, no `hostname` / `normalize`)', 'checkOf()', () => {
    const protocol = /^https?$/;
    const url = z.url({ protocol });
    const def = internals(url).def;
    assert.ok(internals(url).traits.has('$ZodCheck'));
    assert.equal(def.format, 'url');
    assert.equal(def.protocol, protocol);
    assert.equal(def.hostname, undefined);
    assert.equal(def.normalize, undefined);
    assert.deepEqual(compile(url), ['s', ['url', protocol, true]]);
  });

  reads('number bounds (`check: greater_than / less_than`, `value`, `inclusive`)', 'checkOf()', () => {
    const n = z.number().check(z.minimum(1), z.maximum(9));
    assert.deepEqual(
      checkDefs(n).map((d) => [d.check, d.value, d.inclusive]),
      [
        ['greater_than', 1, true],
        ['less_than', 9, true],
      ],
    );
    assert.deepEqual(compile(n), ['n', ['>=', 1], ['<=', 9]]);
  });

  reads('z.int() (its own check: `format: safeint`)', 'checkOf()', () => {
    const int = z.int().check(z.minimum(0));
    assert.ok(internals(int).traits.has('$ZodCheck'));
    assert.equal(internals(int).def.type, 'number');
    assert.equal(internals(int).def.format, 'safeint');
    assert.deepEqual(compile(int), ['n', ['i'], ['>=', 0]]);
  });
});
