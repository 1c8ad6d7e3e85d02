/**
 * The contract's schemas, compiled for the browser: `scripts/gen-contract.ts` walks the zod
 * schemas of `schemas.ts` and `errors.ts` and writes them as small descriptors
 * (`compiled.ts`); `parse()` here checks a value against one, with zod's own rules (objects drop
 * unknown keys, strict objects refuse them, numbers are finite, strings are trimmed or lowercased
 * where the schema says so). The browser bundle thus carries the contract without zod, and a test
 * checks, on generated values, that `parse()` and zod agree on every descriptor.
 *
 * Descriptor forms (generated, never written by hand):
 * - `'s'` string, `'n'` number, `'b'` boolean, `'u'` unknown;
 * - `['s', ...checks]` string with checks: `['<', n]` at most n code points, `['>', n]` at least
 *   n, `['r', regex]`, `['t']` trim, `['l']` lowercase, `['url', protocol?, httpOnly]`;
 * - `['n', ...checks]` number: `['i']` safe integer, `['>=', n]`, `['<=', n]`;
 * - `['?', d]` optional, `['~', d]` nullable, `['e', values]` enum or literal;
 * - `['a', d, min?, max?]` array, `['m', keyDescriptor, valueDescriptor]` record;
 * - `['o', shape]` object (unknown keys dropped), `['O', shape]` strict object.
 */

export type Check =
  | readonly ['<' | '>' | '>=' | '<=', number]
  | readonly ['r', RegExp]
  | readonly ['t']
  | readonly ['l']
  | readonly ['i']
  | readonly ['url', RegExp | undefined, boolean];
export type Descriptor =
  | 's'
  | 'n'
  | 'b'
  | 'u'
  | readonly ['s' | 'n', ...Check[]]
  | readonly ['?' | '~', Descriptor]
  | readonly ['e', readonly unknown[]]
  | readonly ['a', Descriptor, number?, number?]
  | readonly ['m', Descriptor, Descriptor]
  | readonly ['o' | 'O', { readonly [key: string]: Descriptor }];

/** Marks a failed check; carried up, never escapes `parse()`. */
const BAD: unique symbol = Symbol('bad');

function check(d: Descriptor, v: unknown): unknown {
  if (typeof d === 'string') {
    if (d === 'u') return v;
    if (d === 's' ? typeof v === 'string' : d === 'b' ? typeof v === 'boolean' : typeof v === 'number' && Number.isFinite(v)) return v;
    return BAD;
  }
  const [kind, a, b, c] = d as readonly [string, unknown, unknown, unknown];
  switch (kind) {
    case 's':
    case 'n': {
      if (kind === 's' ? typeof v !== 'string' : typeof v !== 'number' || !Number.isFinite(v)) return BAD;
      let out = v as string | number;
      let ok = true;
      for (const [op, x, y] of (d as readonly [string, ...Check[]]).slice(1) as Check[]) {
        const len = typeof out === 'string' ? [...out].length : out;
        if (op === 't') out = (out as string).trim();
        else if (op === 'l') out = (out as string).toLowerCase();
        else if (op === '<' || op === '<=') ok &&= len <= (x as number);
        else if (op === '>' || op === '>=') ok &&= len >= (x as number);
        else if (op === 'i') ok &&= Number.isSafeInteger(out);
        else if (op === 'r') ok &&= ((x as RegExp).lastIndex = 0) === 0 && (x as RegExp).test(out as string);
        else {
          // zod's URL check: trimmed, parsed by URL, protocol (without its colon) matched.
          const trimmed = (out as string).trim();
          let url: URL | undefined;
          try {
            url = y && !/^https?:\/\//i.test(trimmed) ? undefined : new URL(trimmed);
          } catch {
            url = undefined;
          }
          if (!url || (x && !(x as RegExp).test(url.protocol.replace(/:$/, '')))) ok = false;
          else out = trimmed.replace(/[\t\n\r]/g, '');
        }
      }
      return ok ? out : BAD;
    }
    case '?':
      return v === undefined ? v : check(a as Descriptor, v);
    case '~':
      return v === null ? v : check(a as Descriptor, v);
    case 'e':
      return (a as unknown[]).includes(v) ? v : BAD;
    case 'a': {
      if (!Array.isArray(v) || (b !== undefined && v.length < (b as number)) || (c !== undefined && v.length > (c as number))) return BAD;
      const out = v.map((item) => check(a as Descriptor, item));
      return out.includes(BAD) ? BAD : out;
    }
    case 'm': {
      if (!isPlainObject(v)) return BAD;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const k = check(a as Descriptor, key);
        const value = check(b as Descriptor, v[key]);
        if (k === BAD || value === BAD) return BAD;
        out[k as string] = value;
      }
      return out;
    }
    default: {
      // 'o' and 'O'
      if (!isPlainObject(v)) return BAD;
      const shape = a as Record<string, Descriptor>;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const value = check(shape[key]!, v[key]);
        if (value === BAD) return BAD;
        if (value !== undefined || key in v) out[key] = value;
      }
      if (kind === 'O' && Object.keys(v).some((key) => !(key in shape))) return BAD;
      return out;
    }
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type Parsed<T> = { success: true; data: T } | { success: false };

/** Checks `value` against a compiled schema: its output (as zod's `safeParse` gives it), or a failure. */
export function parse<T = unknown>(descriptor: Descriptor, value: unknown): Parsed<T> {
  const data = check(descriptor, value);
  return data === BAD ? { success: false } : { success: true, data: data as T };
}

/**
 * The most code points a string descriptor allows (its `['<', n]` check, through `?` and `~`), or
 * `undefined` when it sets no limit: what a form gives its input as `maxlength`.
 */
export function maxLength(descriptor: Descriptor): number | undefined {
  const [kind, inner] = descriptor as readonly [string, Descriptor];
  if (kind === '?' || kind === '~') return maxLength(inner);
  // A string's checks follow its kind; no other descriptor holds a `['<', n]` at the top.
  for (const check of descriptor as readonly unknown[]) if ((check as Check)[0] === '<') return (check as Check)[1] as number;
  return undefined;
}
