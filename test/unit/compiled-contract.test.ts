/**
 * The browser checks answers and form fields with the contract compiled out of zod
 * (src/contract/compiled.ts, by scripts/gen-contract.ts). Here: the file is current, and on
 * thousands of generated values — shaped by each schema, then bent (wrong types, extra keys,
 * padded and upper-case strings, out-of-range numbers) — the compiled check and zod's `safeParse`
 * agree: same verdict, same output.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ACCOUNT_METHOD_OUTPUT,
  CLIENT_METHOD_OUTPUT,
  generate,
  generateAccountMethods,
  generateClientMethods,
  generatePasskeys,
  OUTPUT,
  PASSKEY_OUTPUT,
} from '../../scripts/gen-contract.js';
import { ACCOUNT_METHOD_ROUTES } from '../../src/capabilities/account-methods/routes.compiled.js';
import { CLIENT_METHOD_ROUTES } from '../../src/capabilities/client-methods/routes.compiled.js';
import { type Check, type Descriptor, maxLength, parse } from '../../src/contract/compact.js';
import { BROWSER_ROUTES, ERROR_BODY, FIELDS } from '../../src/contract/compiled.js';
import { errorBodySchema } from '../../src/contract/errors.js';
import { ROUTES } from '../../src/contract/routes.js';
import { emailSchema, profileFields } from '../../src/contract/schemas.js';

interface Safe {
  safeParse(v: unknown): { success: boolean; data?: unknown };
}

/** Values shaped by a descriptor, often valid, often slightly wrong. */
function shaped(d: Descriptor): fc.Arbitrary<unknown> {
  const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer(), fc.string(), fc.constant([]), fc.constant({}));
  const mix = (good: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: junk, weight: 1 });
  if (d === 's') return mix(fc.string());
  if (d === 'n') return mix(fc.oneof(fc.integer(), fc.double()));
  if (d === 'b') return mix(fc.boolean());
  if (d === 'u') return fc.jsonValue();
  const [kind, a, b, c] = d as readonly [string, unknown, unknown, unknown];
  switch (kind) {
    case 's': {
      const checks = (d as readonly [string, ...Check[]]).slice(1) as Check[];
      const options: Array<fc.Arbitrary<string>> = [fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 })];
      for (const [op, x] of checks) {
        if (op === 'r')
          options.push(
            fc.stringMatching(new RegExp((x as RegExp).source)),
            fc.stringMatching(new RegExp((x as RegExp).source)).map((v) => v.toUpperCase()),
          );
        if (op === 'url')
          options.push(
            fc.webUrl(),
            fc.webUrl().map((u) => ` ${u}\t`),
            fc.constantFrom('ftp://x.example', 'http:example.com', 'https:/path', 'mailto:a@b.c', 'not a url'),
          );
        if (op === '<' || op === '>') options.push(fc.string({ minLength: Math.max(0, (x as number) - 2), maxLength: (x as number) + 2 }));
      }
      if (checks.some(([op]) => op === 't' || op === 'l'))
        options.push(
          fc.emailAddress(),
          fc.emailAddress().map((e) => `  ${e.toUpperCase()} `),
        );
      return mix(fc.oneof(...options));
    }
    case 'n': {
      const checks = (d as readonly [string, ...Check[]]).slice(1) as Check[];
      const bounds = checks.flatMap(([op, x]) => (op === '>=' || op === '<=' ? [x as number] : []));
      return mix(fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.double(), ...bounds.map((n) => fc.constantFrom(n - 1, n, n + 1, n + 0.5))));
    }
    case '?':
      return fc.oneof(fc.constant(undefined), shaped(a as Descriptor));
    case '~':
      return fc.oneof(fc.constant(null), shaped(a as Descriptor));
    case 'e':
      return mix(fc.constantFrom(...(a as unknown[]), 'OTHER_VALUE', ''));
    case 'a':
      return mix(
        fc
          .array(shaped(a as Descriptor), { maxLength: Math.min(((c as number | undefined) ?? 4) + 1, 6) })
          .chain((arr) => (b ? fc.constant(arr) : fc.constant(arr))),
      );
    case 'm':
      return mix(fc.dictionary(fc.string({ maxLength: 5 }), shaped(b as Descriptor), { maxKeys: 4 }));
    default: {
      const shape = a as Record<string, Descriptor>;
      const known = fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, shaped(v)])), { requiredKeys: [] });
      const extra = fc.dictionary(fc.constantFrom('extra', 'other', '__proto__x'), fc.jsonValue(), { maxKeys: 2 });
      return mix(fc.tuple(known, fc.boolean(), extra).map(([obj, more, rest]) => (more ? { ...rest, ...obj } : obj)));
    }
  }
}

/** The full shape often: every required key present and valid-looking. */
function agree(name: string, descriptor: Descriptor, schema: Safe, runs = 1500): void {
  fc.assert(
    fc.property(shaped(descriptor), (value) => {
      const z = schema.safeParse(value);
      const ours = parse(descriptor, value);
      assert.equal(ours.success, z.success, `${name}: verdict on ${JSON.stringify(value)}`);
      if (ours.success && z.success) assert.deepEqual(ours.data, z.data, `${name}: output of ${JSON.stringify(value)}`);
    }),
    { numRuns: runs },
  );
}

describe('the contract compiled for the browser', () => {
  it('src/contract/compiled.ts is what scripts/gen-contract.ts writes today', () => {
    assert.equal(readFileSync(OUTPUT, 'utf8'), generate(), 'stale: run npm run gen:contract');
  });

  it("the passkeys capability's routes (src/capabilities/passkeys/routes.compiled.ts) are what scripts/gen-contract.ts writes today", () => {
    assert.equal(readFileSync(PASSKEY_OUTPUT, 'utf8'), generatePasskeys(), 'stale: run npm run gen:contract');
  });

  it('every answer the browser checks: compiled and zod agree', () => {
    for (const [name, route] of Object.entries(BROWSER_ROUTES)) {
      const schema = (ROUTES[name as keyof typeof ROUTES] as { response?: Safe }).response;
      const answer = (route as { answer?: Descriptor }).answer;
      assert.equal(answer === undefined, schema === undefined, `${name}: an answer schema on both sides or neither`);
      if (answer && schema) agree(name, answer, schema);
    }
    agree('error body', ERROR_BODY, errorBodySchema);
  });

  it("the rarely called Client methods' routes (src/capabilities/client-methods/routes.compiled.ts) are what scripts/gen-contract.ts writes today", () => {
    assert.equal(readFileSync(CLIENT_METHOD_OUTPUT, 'utf8'), generateClientMethods(), 'stale: run npm run gen:contract');
  });

  it("every answer the rarely called Client methods check (their capability's own table): compiled and zod agree", () => {
    for (const [name, route] of Object.entries(CLIENT_METHOD_ROUTES)) {
      assert.ok(!(name in BROWSER_ROUTES), `${name}: in one table only`);
      const schema = (ROUTES[name as keyof typeof ROUTES] as { response?: Safe }).response;
      const answer = (route as { answer?: Descriptor }).answer;
      assert.equal(answer === undefined, schema === undefined, `${name}: an answer schema on both sides or neither`);
      if (answer && schema) agree(name, answer, schema);
    }
  });

  it("the account methods' routes (src/capabilities/account-methods/routes.compiled.ts) are what scripts/gen-contract.ts writes today", () => {
    assert.equal(readFileSync(ACCOUNT_METHOD_OUTPUT, 'utf8'), generateAccountMethods(), 'stale: run npm run gen:contract');
  });

  it("every answer the account methods check (their capability's own table): compiled and zod agree", () => {
    for (const [name, route] of Object.entries(ACCOUNT_METHOD_ROUTES)) {
      assert.ok(!(name in BROWSER_ROUTES) && !(name in CLIENT_METHOD_ROUTES), `${name}: in one table only`);
      const schema = (ROUTES[name as keyof typeof ROUTES] as { response?: Safe }).response;
      const answer = (route as { answer?: Descriptor }).answer;
      assert.equal(answer === undefined, schema === undefined, `${name}: an answer schema on both sides or neither`);
      if (answer && schema) agree(name, answer, schema);
    }
  });

  it('every form field the browser checks: compiled and zod agree', () => {
    agree('email', FIELDS.email!, emailSchema, 3000);
    for (const [name, d] of Object.entries(FIELDS)) if (name !== 'email') agree(name, d, profileFields[name as keyof typeof profileFields] as Safe, 1500);
  });

  it('known cases', () => {
    assert.deepEqual(parse(FIELDS.email!, '  Ada@Example.COM '), { success: true, data: 'ada@example.com' });
    assert.equal(parse(FIELDS.avatarUrl!, 'http:example.com').success, false);
    assert.equal(parse(FIELDS.avatarUrl!, 'ftp://example.com/a.png').success, false);
    assert.equal(parse(FIELDS.avatarUrl!, ' https://example.com/a.png ').success, true);
    assert.equal(parse(FIELDS.birthDate!, '2023-02-29').success, false);
    assert.equal(parse(FIELDS.countryCode!, 'pl').success, false);
    const token = {
      token: 't',
      expiration: 1,
      created: 2,
      origin: 'ANONYMOUS',
      realm: 'anonymous_client',
      uuid: '0b6f3f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
      extra: 1,
    };
    const { extra: _extra, ...known } = token;
    assert.deepEqual(parse(BROWSER_ROUTES.refreshToken.answer, token), { success: true, data: known }, 'unknown keys dropped, as zod does');
    assert.equal(parse(BROWSER_ROUTES.refreshToken.answer, { ...token, expiration: Number.NaN }).success, false);
  });

  it('the limit a form gives an input as maxlength is the one zod enforces', () => {
    assert.equal(maxLength(FIELDS.firstName!), 200);
    assert.equal(maxLength(FIELDS.address!), 500);
    assert.equal(maxLength(FIELDS.email!), 254);
    assert.equal(maxLength(FIELDS.sex!), undefined);
    assert.equal(maxLength(FIELDS.birthDate!), undefined);
    for (const [name, d] of Object.entries(FIELDS)) {
      const max = maxLength(d);
      if (max === undefined) continue;
      const schema = (name === 'email' ? emailSchema : profileFields[name as keyof typeof profileFields]) as Safe;
      const value = (n: number) =>
        name === 'email' ? `${'a'.repeat(n - 12)}@example.com` : name === 'avatarUrl' ? `https://x.example/${'a'.repeat(n - 18)}` : '1'.repeat(n);
      assert.equal(schema.safeParse(value(max)).success, true, `${name}: ${max} code points pass`);
      assert.equal(schema.safeParse(value(max + 1)).success, false, `${name}: ${max + 1} code points fail`);
    }
  });
});
