/**
 * Kusto's conversions (tostring, tolong, todouble) as data: source type → how to get there.
 * A dynamic value converts as the scalar it holds; anything else converts to null ('' for strings).
 */
import type { KqlType } from '../api.ts';
import type { Expr, Ty } from '../ir/types.ts';
import { str } from '../sql/quote.ts';
import { consume } from './consume.ts';
import { LowerError } from './context.ts';
import { wholeText } from './decimal.ts';
import { lit, nullOf, scalar } from './values.ts';

/** How one source type becomes the target: an IR function, a plain CAST, or nothing to do. */
type Step = { fn: string } | { cast: string; via?: string } | 'same' | 'retype';

const TO: Record<'string' | 'long' | 'real', Partial<Record<KqlType, Step>>> = {
  string: {
    string: 'same',
    // a null guid is '' (tostring-function: null gives an empty string); stored as VARCHAR
    guid: { fn: 'to_string' },
    bool: { fn: 'bool_to_string' },
    real: { fn: 'real_to_string' },
    decimal: { fn: 'real_to_json_string' },
    datetime: { fn: 'datetime_to_string' },
    timespan: { fn: 'timespan_to_string' },
    long: { fn: 'to_string' },
    int: { fn: 'to_string' },
  },
  long: {
    long: 'same',
    int: { cast: 'BIGINT' },
    real: { fn: 'real_to_long' },
    decimal: { fn: 'real_to_long' },
    string: { fn: 'string_to_long' },
    bool: { fn: 'bool_to_long' },
    timespan: { fn: 'ts_to_long' },
    datetime: { fn: 'dt_to_long' },
  },
  real: {
    real: 'same',
    decimal: { cast: 'DOUBLE' },
    long: { cast: 'DOUBLE' },
    int: { cast: 'DOUBLE' },
    bool: { cast: 'DOUBLE' },
    string: { fn: 'string_to_real' },
    timespan: { cast: 'DOUBLE', via: 'ts_to_long' },
    datetime: { cast: 'DOUBLE', via: 'dt_to_long' },
  },
};

const consumed = (x: Expr, r: Expr): Expr => {
  consume(x);
  return r;
};

export function convert(x: Expr, to: 'string' | 'long' | 'real'): Expr {
  const ty: Ty = scalar(to);
  if (x.ty.kql === 'dynamic') {
    const s = x.ty.shape;
    if (s.k === 'scalar') {
      // A bool or real held in a dynamic value prints as JSON does (true, 1), not as tostring() of
      // the plain value would (True, 1.0).
      if (to === 'string' && s.t === 'bool') return { k: 'fn', fn: 'bool_to_json_text', args: [{ ...x, ty: scalar('bool') }], ty };
      if (to === 'string' && s.t === 'real') return { k: 'fn', fn: 'dyn_real_to_string', args: [{ ...x, ty: scalar('real') }], ty };
      // A string (or guid) element may be missing (an index past the end, a null element): null,
      // and tostring() of null is '' (tostring-function). A plain string is never null.
      if (to === 'string' && (s.t === 'string' || s.t === 'guid')) return { k: 'fn', fn: 'to_string', args: [{ ...x, ty: scalar(s.t) }], ty };
      return convert({ ...x, ty: scalar(s.t) }, to);
    }
    if (s.k === 'json') {
      // JSON text converts by the kind of value it holds (a number as a number, a quoted string as text).
      return { k: 'fn', fn: to === 'string' ? 'json_to_string' : to === 'long' ? 'json_to_long' : 'json_to_real', args: [x], ty };
    }
    // A bag or array converts to null, dynamic(null) to '': decided by the shape, not the value.
    if (to !== 'string') return consumed(x, nullOf(ty));
    if (s.k === 'null') return consumed(x, lit("''", ty));
    // A missing array or bag (a leftouter join's unmatched row) is dynamic null: '' as for dynamic(null).
    const missing: Expr = { k: 'fn', fn: '$isnull', args: [x], ty: scalar('bool') };
    return { k: 'case', whens: [[missing, lit("''", ty)]], else: { k: 'fn', fn: '$json_text_shown', args: [x], ty }, ty };
  }
  // (parse_version()'s whole values, held exactly as HUGEINT, keep their digits)
  if (to === 'string' && x.ty.kql === 'decimal' && !(x.ty.shape.k === 'scalar' && x.ty.shape.int128)) {
    // .NET's decimal text keeps the scale (todecimal("1.50") is "1.50", decimal(1.5) * 2 is "3.0"),
    // which a DOUBLE does not: only a constant made of whole numbers has a known text.
    const text = wholeText(x);
    if (text === undefined)
      throw new LowerError('HB108', 'unsupported: the text of a decimal value (Kusto keeps its trailing zeros, as in 1.50; decimals are kept as reals here)', null);
    return consumed(x, lit(str(text), ty));
  }
  const step = TO[to][x.ty.kql];
  if (step === undefined) return consumed(x, nullOf(ty));
  if (step === 'same') return x;
  if (step === 'retype') return { ...x, ty };
  if ('fn' in step) return { k: 'fn', fn: step.fn, args: [x], ty };
  const inner: Expr = step.via ? { k: 'fn', fn: step.via, args: [x], ty: scalar('long') } : x;
  return { k: 'cast', e: inner, to: step.cast, try: false, ty };
}
