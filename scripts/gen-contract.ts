/**
 * Writes `src/contract/compiled.ts`: the answers the browser checks (one per route every page calls,
 * and the error body) and the form fields it checks (email, profile fields), compiled from the zod
 * schemas of the contract into descriptors for `compact.ts` — so the browser bundle validates
 * with the same contract and carries no zod. A schema feature the compiler does not know stops it
 * (nothing is ever left unchecked).
 *
 *   npm run gen:contract                                (re)writes the file
 *   node --conditions=snr-auth-source --import tsx scripts/gen-contract.ts --check  exits 1 when the file is stale
 *
 * test/unit/compiled-contract.test.ts checks the file is current and that compiled and zod
 * schemas agree on generated values.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Check, Descriptor } from '../src/contract/compact.js';
import { errorBodySchema } from '../src/contract/errors.js';
import { ROUTES, type RouteName } from '../src/contract/routes.js';
import { emailSchema, profileFields } from '../src/contract/schemas.js';

export const OUTPUT = fileURLToPath(new URL('../src/contract/compiled.ts', import.meta.url));

/** The routes `src/api/client.ts` calls: those of the Client's methods every page file carries. */
export const BROWSER_ROUTES = [
  'anonymousLogin',
  'login',
  'loginConditionally',
  'refreshToken',
  'signOut',
  'requestPasswordReset',
  'getAccount',
  'trackEvents',
  'publicConfig',
  'health',
] as const satisfies readonly RouteName[];

/**
 * The routes of the Client's rarely called methods (second factor, signed-in devices, email change,
 * deletion, sign-in codes, activation PIN, basic information): called by the `client-methods`
 * capability only, so their descriptors are written into its own folder (`CLIENT_METHOD_OUTPUT`)
 * and load with it, not with every page or the headless entry.
 */
export const CLIENT_METHOD_ROUTES = [
  'requestAccountActivationByPin',
  'confirmAccountActivationByPin',
  'requestEmailChange',
  'confirmEmailChange',
  'deleteAccount',
  'getReauthenticationNonce',
  'updateAccountBasicInformation',
  'getSessions',
  'signOutSession',
  'signOutOtherSessions',
  'completeSignInWithSecondFactor',
  'getSecondFactor',
  'enrollTotp',
  'confirmTotpEnrollment',
  'disableTotp',
  'regenerateRecoveryCodes',
  'requestSignInCode',
  'signInWithCode',
  'signInWithCodeConditionally',
] as const satisfies readonly RouteName[];
export const CLIENT_METHOD_OUTPUT = fileURLToPath(new URL('../src/capabilities/client-methods/routes.compiled.ts', import.meta.url));

/**
 * The routes of the Client's account methods (registration, activation links, the password reset's
 * confirmation, the password change, the account update): called by the `account-methods`
 * capability only, which the forms file and the elements that submit them carry, while the sign-in
 * file and the headless entry load it on the first such call. Their descriptors are written into
 * its own folder (`ACCOUNT_METHOD_OUTPUT`).
 */
export const ACCOUNT_METHOD_ROUTES = [
  'registerAccount',
  'requestAccountActivation',
  'confirmAccountActivation',
  'confirmPasswordReset',
  'changePassword',
  'updateAccount',
] as const satisfies readonly RouteName[];
export const ACCOUNT_METHOD_OUTPUT = fileURLToPath(new URL('../src/capabilities/account-methods/routes.compiled.ts', import.meta.url));

/**
 * The passkey routes: called by the `passkeys` capability only, so their descriptors are written
 * into the capability's own folder (`PASSKEY_OUTPUT`) and ship with it, not with every page.
 */
export const PASSKEY_ROUTES = [
  'passkeyRegistrationOptions',
  'registerPasskey',
  'getPasskeys',
  'renamePasskey',
  'passkeyReauthenticationOptions',
  'removePasskey',
  'passkeySignInOptions',
  'signInWithPasskey',
  'passkeyAccountRegistrationOptions',
  'registerAccountWithPasskey',
] as const satisfies readonly RouteName[];
export const PASSKEY_OUTPUT = fileURLToPath(new URL('../src/capabilities/passkeys/routes.compiled.ts', import.meta.url));

/** Profile fields a form asks for as text (agreements, attributes and tags are not typed in). */
export const FORM_FIELDS = [
  'firstName',
  'lastName',
  'displayName',
  'phone',
  'customId',
  'sex',
  'birthDate',
  'company',
  'address',
  'city',
  'province',
  'zipCode',
  'countryCode',
  'avatarUrl',
] as const satisfies ReadonlyArray<keyof typeof profileFields>;

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string; checks?: ZodLike[] }; traits: Set<string> };
}

const HTTP_PROTOCOL = /^https?$/.source;

function fail(what: string): never {
  throw new Error(`scripts/gen-contract.ts: cannot compile ${what}; teach compact.ts and this compiler first`);
}

/** A check of a string or number schema (its own format check comes first, as zod runs it). */
function checkOf(c: ZodLike, kind: 's' | 'n'): Check[] {
  const def = c._zod.def as Record<string, unknown>;
  const name = (def.check ?? def.type) as string;
  if (name === 'max_length' && kind === 's') return [['<', def.maximum as number]];
  if (name === 'min_length' && kind === 's') return [['>', def.minimum as number]];
  if (name === 'less_than' && kind === 'n' && def.inclusive) return [['<=', def.value as number]];
  if (name === 'greater_than' && kind === 'n' && def.inclusive) return [['>=', def.value as number]];
  if (name === 'overwrite') {
    const tx = String(def.tx);
    if (tx === String((s: string) => s.trim()) || /=> input\.trim\(\)$/.test(tx)) return [['t']];
    if (/=> input\.toLowerCase\(\)$/.test(tx)) return [['l']];
    return fail(`the transform ${tx}`);
  }
  if (name === 'string_format' || (kind === 's' && def.format)) {
    const format = def.format as string;
    if (format === 'url') {
      if (def.hostname || def.normalize) fail('a URL check with hostname or normalize');
      const protocol = def.protocol as RegExp | undefined;
      return [['url', protocol, protocol?.source === HTTP_PROTOCOL]];
    }
    if (def.pattern instanceof RegExp) return [['r', def.pattern]];
    return fail(`the string format ${format}`);
  }
  if (kind === 'n' && def.format === 'safeint') return [['i']];
  return fail(`the check ${name} on a ${kind === 's' ? 'string' : 'number'}`);
}

export function compile(schema: unknown): Descriptor {
  const z = schema as ZodLike;
  const def = z._zod.def;
  const own = z._zod.traits.has('$ZodCheck') ? [z] : [];
  const checks = [...own, ...(def.checks ?? [])];
  switch (def.type) {
    case 'string': {
      const list = checks.flatMap((c) => checkOf(c, 's'));
      return list.length ? ['s', ...list] : 's';
    }
    case 'number': {
      const list = checks.flatMap((c) => checkOf(c, 'n'));
      return list.length ? ['n', ...list] : 'n';
    }
    case 'boolean':
      if (checks.length) fail('checks on a boolean');
      return 'b';
    case 'unknown':
      return 'u';
    case 'optional':
      return ['?', compile(def.innerType)];
    case 'nullable':
      return ['~', compile(def.innerType)];
    case 'enum':
      return ['e', Object.values(def.entries as Record<string, unknown>)];
    case 'literal':
      return ['e', def.values as unknown[]];
    case 'array': {
      let min: number | undefined;
      let max: number | undefined;
      for (const c of checks) {
        const cd = c._zod.def as Record<string, unknown>;
        if (cd.check === 'min_length') min = cd.minimum as number;
        else if (cd.check === 'max_length') max = cd.maximum as number;
        else fail(`the array check ${String(cd.check)}`);
      }
      const item = compile(def.element);
      return max !== undefined ? ['a', item, min ?? 0, max] : min !== undefined ? ['a', item, min] : ['a', item];
    }
    case 'record':
      if (checks.length) fail('checks on a record');
      return ['m', compile(def.keyType), compile(def.valueType)];
    case 'object': {
      if (checks.length) fail('checks on an object');
      const catchall = (def.catchall as ZodLike | undefined)?._zod.def.type;
      if (catchall !== undefined && catchall !== 'never') fail(`an object with a ${catchall} catchall`);
      const shape = Object.fromEntries(Object.entries(def.shape as Record<string, unknown>).map(([k, v]) => [k, compile(v)]));
      return [catchall === 'never' ? 'O' : 'o', shape];
    }
    default:
      return fail(`a ${def.type} schema`);
  }
}

/** JavaScript source of a value, regular expressions as literals; `names` replaces shared parts. */
function source(value: unknown, names: Map<string, string> = new Map(), top = true): string {
  const plain = raw(value);
  if (!top && names.has(plain)) return names.get(plain)!;
  if (value instanceof RegExp) return value.toString();
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map((v) => source(v, names, false)).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${source(v, names, false)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}
const raw = (value: unknown): string =>
  value instanceof RegExp
    ? value.toString()
    : Array.isArray(value)
      ? `[${value.map(raw).join(',')}]`
      : value && typeof value === 'object'
        ? `{${Object.entries(value)
            .map(([k, v]) => `${k}:${raw(v)}`)
            .join(',')}}`
        : (JSON.stringify(value) ?? 'undefined');

/** Parts that occur more than once (the token answer, the UUID check, …), to be written once. */
function shared(descriptors: unknown[]): Map<string, unknown> {
  const count = new Map<string, { n: number; value: unknown }>();
  const walk = (v: unknown) => {
    if (!(Array.isArray(v) || (v && typeof v === 'object' && !(v instanceof RegExp)))) return;
    const key = raw(v);
    const seen = count.get(key);
    if (seen) seen.n++;
    else count.set(key, { n: 1, value: v });
    for (const child of Object.values(v as object)) walk(child);
  };
  descriptors.forEach(walk);
  return new Map([...count].filter(([key, { n }]) => n > 1 && key.length >= 24).map(([key, { value }]) => [key, value]));
}

export function generate(): string {
  const routes = BROWSER_ROUTES.map((name) => {
    const r = ROUTES[name] as { method: string; path: string; status: number; response?: unknown };
    return { name, method: r.method, path: r.path, status: r.status, answer: r.response ? compile(r.response) : undefined };
  });
  const errorBody = compile(errorBodySchema);
  const fields: Array<[string, Descriptor]> = [
    ['email', compile(emailSchema)],
    ...FORM_FIELDS.map((f) => [f, compile(profileFields[f])] as [string, Descriptor]),
  ];
  const parts = shared([...routes.map((r) => r.answer), errorBody, ...fields.map(([, d]) => d)]);
  // Shorter parts first: a longer one may use them.
  const names = new Map<string, string>();
  const lines = [
    '// Generated by scripts/gen-contract.ts from the zod schemas of src/contract: do not edit by hand.',
    '// `npm run gen:contract` rewrites it; a test fails when it is stale.',
    "import type { Descriptor } from './compact.js';",
    '',
    '// Parts used more than once, written once (each whole descriptor below is typed).',
    '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
    'type Part = any;',
  ];
  [...parts]
    .sort(([a], [b]) => a.length - b.length)
    .forEach(([key, value], i) => {
      lines.push(`const d${i}: Part = ${source(value, names)};`);
      names.set(key, `d${i}`);
    });
  lines.push('', '/** Every route the browser calls: method, path, success status and the compiled answer (if any). */', 'export const BROWSER_ROUTES = {');
  for (const r of routes) {
    const answer = r.answer === undefined ? '' : `, answer: ${names.get(raw(r.answer)) ?? source(r.answer, names)} as Descriptor`;
    lines.push(`  ${r.name}: { method: ${JSON.stringify(r.method)}, path: ${JSON.stringify(r.path)}, status: ${r.status}${answer} },`);
  }
  lines.push('} as const;', '', 'export type BrowserRouteName = keyof typeof BROWSER_ROUTES;', '');
  lines.push('/** The error body every failure carries. */', `export const ERROR_BODY: Descriptor = ${source(errorBody, names)};`, '');
  lines.push('/** Fields the forms check before sending. */', 'export const FIELDS: Record<string, Descriptor> = {');
  for (const [name, d] of fields) lines.push(`  ${name}: ${names.get(raw(d)) ?? source(d, names)},`);
  lines.push('};', '');
  return lines.join('\n');
}

/** The passkey routes' descriptors, for the capability (src/capabilities/passkeys/routes.compiled.ts). */
export function generatePasskeys(): string {
  return generateRoutes(PASSKEY_ROUTES, 'PASSKEY_ROUTES', 'The passkey routes');
}

/** The rarely called Client methods' routes, for their capability (src/capabilities/client-methods/routes.compiled.ts). */
export function generateClientMethods(): string {
  return generateRoutes(CLIENT_METHOD_ROUTES, 'CLIENT_METHOD_ROUTES', "The routes of the Client's rarely called methods");
}

/** The account methods' routes, for their capability (src/capabilities/account-methods/routes.compiled.ts). */
export function generateAccountMethods(): string {
  return generateRoutes(ACCOUNT_METHOD_ROUTES, 'ACCOUNT_METHOD_ROUTES', "The routes of the Client's account methods", true);
}

/**
 * A capability's own table of routes (its descriptors ship with it). `reuse`: an answer the core
 * table (`BROWSER_ROUTES`, in every page file) already has is read from it, not written twice.
 */
function generateRoutes(list: readonly RouteName[], constName: string, what: string, reuse = false): string {
  const routes = list.map((name) => {
    const r = ROUTES[name] as { method: string; path: string; status: number; response?: unknown };
    return { name, method: r.method, path: r.path, status: r.status, answer: r.response ? compile(r.response) : undefined };
  });
  const core = new Map<string, string>();
  if (reuse)
    for (const name of BROWSER_ROUTES) {
      const response = (ROUTES[name] as { response?: unknown }).response;
      if (response && !core.has(raw(compile(response)))) core.set(raw(compile(response)), `BROWSER_ROUTES.${name}.answer`);
    }
  const own = routes.filter((r) => r.answer !== undefined && !core.has(raw(r.answer)));
  const parts = shared(own.map((r) => r.answer));
  const names = new Map<string, string>(core);
  const lines = [
    '// Generated by scripts/gen-contract.ts from the zod schemas of src/contract: do not edit by hand.',
    '// `npm run gen:contract` rewrites it; a test fails when it is stale.',
    "import type { CompiledRoute } from '../../api/client.js';",
    ...(routes.some((r) => r.answer !== undefined && core.has(raw(r.answer))) ? ["import { BROWSER_ROUTES } from '../../contract/compiled.js';"] : []),
    '',
    '// eslint-disable-next-line @typescript-eslint/no-explicit-any',
    'type Part = any;',
  ];
  [...parts]
    .sort(([a], [b]) => a.length - b.length)
    .forEach(([key, value], i) => {
      lines.push(`const p${i}: Part = ${source(value, names)};`);
      names.set(key, `p${i}`);
    });
  lines.push('', `/** ${what}: method, path, success status and the compiled answer (if any). */`, `export const ${constName} = {`);
  for (const r of routes) {
    const answer = r.answer === undefined ? '' : `, answer: ${names.get(raw(r.answer)) ?? source(r.answer, names)}`;
    lines.push(`  ${r.name}: { method: ${JSON.stringify(r.method)}, path: ${JSON.stringify(r.path)}, status: ${r.status}${answer} },`);
  }
  lines.push('} as const satisfies Record<string, CompiledRoute>;', '');
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [output, own] of [
    [PASSKEY_OUTPUT, generatePasskeys()],
    [CLIENT_METHOD_OUTPUT, generateClientMethods()],
    [ACCOUNT_METHOD_OUTPUT, generateAccountMethods()],
  ] as const) {
    if (process.argv.includes('--check')) {
      if (readFileSync(output, 'utf8') !== own) {
        console.error(`${output} is stale: run npm run gen:contract`);
        process.exit(1);
      }
    } else writeFileSync(output, own);
  }
  const text = generate();
  let current = '';
  try {
    current = readFileSync(OUTPUT, 'utf8');
  } catch {
    /* first run */
  }
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${OUTPUT} is stale: run npm run gen:contract`);
      process.exit(1);
    }
    console.log(`${OUTPUT} is current`);
  } else {
    if (current !== text) writeFileSync(OUTPUT, text);
    console.log(`${OUTPUT}: ${current === text ? 'already current' : 'written'}`);
  }
}
