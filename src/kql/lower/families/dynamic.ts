/** dynamic functions: KQL → IR (SQL spellings in sql/families/dynamic.ts). */
import type { SqlShape } from '../../api.ts';
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { convert } from '../convert.ts';
import { dyn, lit, nullOf, scalar, unify } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

const L = scalar('long');

const fn = (name: string, args: Expr[], ty: Ty): Expr => ({ k: 'fn', fn: name, args, ty });

/** An array argument whose element shape is known at compile time. */
function listArg(x: Expr, n: SNode, name: string): Expr {
  if (x.ty.kql === 'dynamic' && x.ty.shape.k === 'list') return x;
  return unsupported(n, `${name}() of a value that is not an array known at compile time`, 'HB120');
}

const toLong = (x: Expr): Expr => (x.ty.kql === 'long' ? x : x.ty.kql === 'int' ? { k: 'cast', e: x, to: 'BIGINT', try: false, ty: L } : convert(x, 'long'));

/** The value put in vacated positions of array_shift_*: the given default (of the elements' kind) or null ('' for strings). */
function shiftDefault(arr: Expr, d: Expr | undefined, n: SNode): Expr {
  const of = (arr.ty.shape as { of: SqlShape }).of;
  if (!d) return of.k === 'scalar' && of.t === 'string' ? lit("''", scalar('string')) : nullOf(dyn(of));
  const ds: SqlShape = d.ty.kql === 'dynamic' ? d.ty.shape : { k: 'scalar', t: d.ty.kql as never };
  const u = unify(of, ds);
  if (!u || JSON.stringify(u) !== JSON.stringify(of)) return unsupported(n, 'array_shift default value of another kind than the elements', 'HB110');
  return d;
}

function shift(sign: 1 | -1): Handler {
  return (a, _o, n, args) => {
    const arr = listArg(a[0], args[0] ?? n, sign > 0 ? 'array_shift_left' : 'array_shift_right');
    const k = toLong(a[1]);
    return fn('array_shift', [arr, sign > 0 ? k : fn('$neg', [k], L), shiftDefault(arr, a[2], args[2] ?? n)], arr.ty);
  };
}

function rotate(sign: 1 | -1): Handler {
  return (a, _o, n, args) => {
    const arr = listArg(a[0], args[0] ?? n, sign > 0 ? 'array_rotate_left' : 'array_rotate_right');
    const k = toLong(a[1]);
    return fn('array_rotate', [arr, sign > 0 ? k : fn('$neg', [k], L)], arr.ty);
  };
}

/** Two arrays of the same element kind (dynamic(null) takes the other's). */
function sameKind(a: Expr, b: Expr, n: SNode, name: string): [Expr, Expr] {
  const x = listArg(a, n, name);
  const y = listArg(b, n, name);
  const u = unify(x.ty.shape, y.ty.shape);
  if (!u) return unsupported(n, `${name}() of arrays of different kinds`, 'HB110');
  return [x, y];
}

export const HANDLERS: Record<string, Handler> = {
  array_shift_left: shift(1),
  array_shift_right: shift(-1),
  array_rotate_left: rotate(1),
  array_rotate_right: rotate(-1),
  // array_split(array, index | [indices]): the pieces [0, i1), [i1, i2) … [iN, len); negative indices count from the end
  array_split: (a, _o, n, args) => {
    const arr = listArg(a[0], args[0] ?? n, 'array_split');
    const ty = dyn({ k: 'list', of: arr.ty.shape });
    const idx = a[1];
    if (idx.ty.kql === 'dynamic') {
      const s = idx.ty.shape;
      if (s.k !== 'list' || s.of.k !== 'scalar' || (s.of.t !== 'long' && s.of.t !== 'int')) return unsupported(args[1] ?? n, 'array_split indices other than an array of integers', 'HB120');
      return fn('array_split', [arr, { k: 'cast', e: idx, to: 'BIGINT[]', try: false, ty: dyn({ k: 'list', of: L.shape }) }], ty);
    }
    return fn('array_split', [arr, fn('list_value1', [toLong(idx)], dyn({ k: 'list', of: L.shape }))], ty);
  },
  // array_strcat: strcat_array under its current name
  array_strcat: (a, out) => fn('strcat_array', [a[0], convert(a[1], 'string')], out),
  set_equals: (a, out, n) => {
    const [x, y] = sameKind(a[0], a[1], n, 'set_equals');
    return fn('set_equals', [x, y], out);
  },
  // Not here: jaccard_index. Kusto's analyzer types its result dynamic while the engine returns a
  // real (oracle case saoc-r3-dynamic-json-0007): no column type matches both.
};

export const AGGREGATES: Record<string, AggHandler> = {};
