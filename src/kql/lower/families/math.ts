/** math functions: KQL → IR (SQL spellings in sql/families/math.ts). */
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { convert } from '../convert.ts';
import { asScalar, fn } from '../expr.ts';
import { scalar } from '../values.ts';
import type { AggHandler, Handler } from './types.ts';

const R = scalar('real');
const L = scalar('long');

/** A number argument as a real (dynamic values read as the scalar they hold). */
const real = (x: Expr): Expr => convert(x.ty.kql === 'dynamic' ? asScalar(x, R) : x, 'real');
/** An integer argument as a long; a real or anything else is not an integer here. */
function long(x: Expr, n: SNode, name: string): Expr {
  const y = x.ty.kql === 'dynamic' ? asScalar(x, L) : x;
  if (y.ty.kql !== 'long' && y.ty.kql !== 'int') return unsupported(n, `${name}() of a ${y.ty.kql} value`, 'HB120');
  return convert(y, 'long');
}

/** One real in, one real out: the IR function of the same name (sql/families/math.ts). */
const realFn = (name: string): Handler => (a, out) => fn(`m_${name}`, a.map(real), out);

/**
 * A 64-bit integer operation: computed on longs; an int result (the analyzer's type for int
 * arguments) keeps the low 32 bits, as a 32-bit operation would.
 */
const bitsFn =
  (name: string): Handler =>
  (a, out, n) => {
    const r = fn(`m_${name}`, a.map((x) => long(x, n, name)), L);
    return narrow(r, out, n, name);
  };

function narrow(r: Expr, out: Ty, n: SNode, name: string): Expr {
  if (out.kql === 'long') return r;
  if (out.kql === 'int') return fn('long_to_int', [r], out);
  return unsupported(n, `${name}() with a ${out.kql} result`, 'HB120');
}

export const HANDLERS: Record<string, Handler> = {
  sin: realFn('sin'),
  cos: realFn('cos'),
  tan: realFn('tan'),
  asin: realFn('asin'),
  acos: realFn('acos'),
  atan: realFn('atan'),
  atan2: realFn('atan2'),
  cot: realFn('cot'),
  degrees: realFn('degrees'),
  radians: realFn('radians'),
  gamma: realFn('gamma'),
  loggamma: realFn('loggamma'),
  erf: realFn('erf'),
  erfc: realFn('erfc'),
  binary_and: bitsFn('binary_and'),
  binary_or: bitsFn('binary_or'),
  binary_xor: bitsFn('binary_xor'),
  binary_not: bitsFn('binary_not'),
  binary_shift_left: bitsFn('binary_shift_left'),
  binary_shift_right: bitsFn('binary_shift_right'),
  bitset_count_ones: (a, out, n) => {
    // The set bits of the 64-bit two's complement form; an int's width (32 or 64 bits for a
    // negative int) is not documented, so a negative int is refused where it is seen.
    const x = a[0].ty.kql === 'int' ? fn('m_nonneg_int', [long(a[0], n, 'bitset_count_ones')], L) : long(a[0], n, 'bitset_count_ones');
    return narrow(fn('m_bitset_count_ones', [x], L), out, n, 'bitset_count_ones');
  },
};

export const AGGREGATES: Record<string, AggHandler> = {};
