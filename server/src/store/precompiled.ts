import type { Compilable, CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stands for the n-th argument while a query is built once. */
class Slot {
  constructor(readonly index: number) {}
}

interface Compiled<R> {
  query: CompiledQuery<R>;
  /** For each parameter of `query`: the argument it takes, or the constant it keeps. */
  params: Array<Slot | { constant: unknown }>;
}

/**
 * A hot query built once per dialect and then run with fresh values: Kysely builds and compiles a
 * query anew on every call, and that was about 15 % of an anonymous login. `build` receives slots in
 * place of its arguments; each must be used as a plain value (`where(col, '=', x)`, `values({ col: x })`),
 * never in an expression that inspects it. The dialect is found through the executor's adapter,
 * which a transaction shares with its database.
 */
export function precompiled<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>, arity: A['length']) {
  const byAdapter = new WeakMap<object, Compiled<R>>();
  const compile = (db: Db): Compiled<R> => {
    const slots = Array.from({ length: arity }, (_, i) => new Slot(i)) as unknown as A;
    const query = build(db as Kysely<Database>, ...slots).compile();
    const params = query.parameters.map((p) => (p instanceof Slot ? p : { constant: p }));
    const used = new Set(params.filter((p): p is Slot => p instanceof Slot).map((p) => p.index));
    if (used.size !== arity) throw new Error(`precompiled: ${arity - used.size} argument(s) not bound as plain values in ${query.sql}`);
    return { query, params };
  };
  return async (db: Db, ...args: A): Promise<R[]> => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) byAdapter.set(adapter, (compiled = compile(db)));
    const parameters = compiled.params.map((p) => (p instanceof Slot ? args[p.index] : p.constant));
    const result = await db.executeQuery<R>({ ...compiled.query, parameters });
    return result.rows;
  };
}
