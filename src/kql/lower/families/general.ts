/**
 * general functions that belong to no value family: column_ifexists, assert, around, rand,
 * new_guid (KQL → IR; SQL spellings in sql/families/general.ts).
 */
import type { Expr } from '../../ir/types.ts';
import { LowerError, unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { arith, fn, jsonToExpr, lowerExpr } from '../expr.ts';
import { lit, scalar } from '../values.ts';
import { colRef, findCol } from '../scope.ts';
import { constString } from '../terms.ts';
import type { AggHandler, Handler } from './types.ts';

const L = scalar('long');
const NUMS = new Set(['int', 'long', 'real']);
const INTS = new Set(['int', 'long']);

/** A bool literal's value, if the expression is one. */
function constBool(e: Expr): boolean | undefined {
  if (e.k !== 'lit') return undefined;
  const s = e.sql.toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/**
 * estimate_data_size(columns | *): the documented sizes only, a long 8 bytes and a string its
 * length (the page's example: a long and a 10-character string make 18). Other types, null longs
 * and non-ASCII text (bytes or characters?) are not documented: refused.
 */
const estimateDataSize: Handler = (_a, out, n, args, row, cx) => {
  const cols: Expr[] = [];
  for (const x of args) {
    if (x.k === 'StarExpression') {
      cx.seen?.set(x, consume(lit('NULL', scalar('string'))));
      cols.push(...row.cols.map(colRef));
    } else cols.push(lowerExpr(x, row, cx));
  }
  const sizes = cols.map((c) => {
    if (c.ty.kql === 'long') return fn('eds_long', [c], L);
    if (c.ty.kql === 'string') return fn('eds_string', [c], L);
    return unsupported(n, `estimate_data_size() of a ${c.ty.kql} column (its size is not documented)`, 'HB120');
  });
  if (sizes.length === 0) return unsupported(n, 'estimate_data_size() of no columns', 'HB120');
  return { ...sizes.reduce((p, q) => fn('$add', [p, q], L)), ty: out };
};

// column_ifexists(name, default): decided at compile time from the columns in scope (the
// analyzer types the call after the column when it exists, after the default otherwise).
const columnIfExists: Handler = (a, out, n, args, row) => {
  const name = constString(a[0]);
  if (name === undefined) return unsupported(args[0] ?? n, 'column_ifexists() with a computed column name', 'HB120');
  const c = findCol(row.cols, name);
  if (!c) return a[1];
  consume(a[1]);
  // The page's Returns gives the column when it exists, while its note says "If the column data
  // type is dynamic, then it returns the default column": which one Kusto gives is open.
  if (c.ty.kql === 'dynamic')
    return unsupported(
      n,
      `column_ifexists() of column '${name}' typed dynamic (the column_ifexists page says both that an existing column is returned and that a dynamic column gives the default); use the column itself, or the default, directly`,
      'HB120',
    );
  // The analyzer types the call after its default when it cannot see the name (a parameter of a
  // let function); which type Kusto's engine then gives a column of another type, and what the
  // rest of the query computed with the analyzer's type becomes, is not documented.
  if (c.ty.kql !== out.kql)
    return unsupported(
      n,
      `column_ifexists() of column '${name}' typed ${c.ty.kql} where the analyzer says ${out.kql} (it types the call after the default, and the column_ifexists page does not say what a column of another type gives); give the default the column's type, e.g. column_ifexists(…, ${c.ty.kql}(null)), or convert the column first`,
      'HB120',
    );
  return colRef(c);
};

export const HANDLERS: Record<string, Handler> = {
  column_ifexists: columnIfExists,
  // columnifexists(): the deprecated alias column-ifexists-function lists for column_ifexists().
  columnifexists: columnIfExists,
  // assert(condition, message): Kusto evaluates it while analysing the query (the query fails
  // even when no row reaches the call), so only a condition known at compile time is supported.
  assert: (a, out, n, args) => {
    const cond = constBool(a[0]);
    const msg = constString(a[1]);
    if (cond === undefined) return unsupported(args[0] ?? n, 'assert() of a condition that is not a bool constant here', 'HB120');
    if (msg === undefined) return unsupported(args[1] ?? n, 'assert() with a computed message', 'HB120');
    consume(a[0]);
    if (!cond) throw new LowerError('HB170', `assert() has failed with message: '${msg}'`, n);
    return { ...a[0], ty: out };
  },
  // around(value, center, delta): value in [center - delta, center + delta], null when any
  // argument is null (documented). Numbers, or a datetime/timespan with a timespan delta.
  around: (a, out, n) => {
    const [v, c, d] = a;
    const t = [v.ty.kql, c.ty.kql, d.ty.kql];
    if (t.every((x) => INTS.has(x))) return fn('around_int', a.map((x) => convert(x, 'long')), out);
    if (t.every((x) => NUMS.has(x))) return fn('around_real', a.map((x) => convert(x, 'real')), out);
    const sameTime = (k: string) => t[0] === k && t[1] === k && t[2] === 'timespan';
    if (sameTime('datetime') || sameTime('timespan')) {
      const lo = arith('-', c, d, c.ty, n);
      const hi = arith('+', c, d, c.ty, n);
      return fn('around_time', [v, lo, hi, d], out);
    }
    return unsupported(n, `around() of ${t.join(', ')} values`, 'HB120');
  },
  // rand(): uniform in [0, 1); rand(N): a real from {0, 1, …, N - 1} (documented).
  rand: (a, out, n) => {
    if (!a[0]) return fn('rand', [], out);
    if (!INTS.has(a[0].ty.kql)) return unsupported(n, `rand() of a ${a[0].ty.kql} value`, 'HB120');
    return fn('rand_n', [convert(a[0], 'long')], out);
  },
  new_guid: (_a, out) => fn('new_guid', [], out),
  // column_names_of(T): the analyzer's output columns of the tabular argument, in order (read at
  // compile time: the argument is never run). A lazy handler (lower/functions.ts LAZY).
  estimate_data_size: estimateDataSize,
  column_names_of: (_a, _out, n, args) => {
    const cols = args[0]?.cols;
    if (!cols) return unsupported(args[0] ?? n, 'column_names_of() of an expression whose columns the analyzer does not give', 'HB120');
    return jsonToExpr(cols.map((c) => c.name), n);
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
