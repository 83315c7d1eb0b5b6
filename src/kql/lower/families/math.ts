/** math functions: KQL → IR (SQL spellings in sql/families/math.ts). */
import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { unsupported } from '../context.ts';
import { convert } from '../convert.ts';
import { asScalar, fn } from '../expr.ts';
import { consume } from '../consume.ts';
import { constString } from '../terms.ts';
import { lit, numSql, scalar } from '../values.ts';
import { TEMPERATURE, UNITS } from './units.ts';
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

/** convert_*(value, from, to): constant unit names from the table (units.ts), as the parser lists them. */
const convertFn =
  (name: string): Handler =>
  (a, out, n) => {
    const table = UNITS[name];
    const size = (x: Expr): Expr => {
      const u = constString(x);
      if (u === undefined) return unsupported(n, `${name}() with a computed unit`, 'HB120');
      const f = Object.hasOwn(table, u) ? table[u] : undefined;
      if (f === undefined) return unsupported(n, `${name}() unit '${u}' (not among the units whose size is known here)`, 'HB120');
      consume(x);
      return lit(numSql(f), R);
    };
    return fn('m_convert', [real(a[0]), size(a[1]), size(a[2])], out);
  };

/** convert_temperature(value, from, to): through kelvins, each scale's affine definition (units.ts). */
const convertTemperature: Handler = (a, out, n) => {
  const unit = (x: Expr): [number, number] => {
    const u = constString(x);
    if (u === undefined) return unsupported(n, 'convert_temperature() with a computed unit', 'HB120');
    const f = Object.hasOwn(TEMPERATURE, u) ? TEMPERATURE[u] : undefined;
    if (f === undefined) return unsupported(n, `convert_temperature() unit '${u}' (not among the units whose definition is known here)`, 'HB120');
    consume(x);
    return f;
  };
  const [fa, fb] = unit(a[1]);
  const [ta, tb] = unit(a[2]);
  const k = (x: number) => lit(numSql(x), R);
  return fn('m_convert_affine', [real(a[0]), k(fa), k(fb), k(ta), k(tb)], out);
};

export const HANDLERS: Record<string, Handler> = {
  convert_angle: convertFn('convert_angle'),
  convert_energy: convertFn('convert_energy'),
  convert_temperature: convertTemperature,
  convert_volume: convertFn('convert_volume'),
  convert_force: convertFn('convert_force'),
  convert_length: convertFn('convert_length'),
  convert_mass: convertFn('convert_mass'),
  convert_speed: convertFn('convert_speed'),
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
  beta_cdf: realFn('beta_cdf'),
  beta_pdf: realFn('beta_pdf'),
  beta_inv: realFn('beta_inv'),
  welch_test: realFn('welch_test'),
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
