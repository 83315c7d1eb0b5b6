import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, unsupported } from '../context.ts';
import { colRef } from '../scope.ts';
import { lit, scalar } from '../values.ts';
import { str } from '../../sql/quote.ts';
import { serialized } from './serialize.ts';

/**
 * `evaluate narrow()` (kusto/query/narrow-plugin): one row per input cell, `Row` (0-based row
 * number in input order), `Column` (its name), `Value` (as text). The documented example shows
 * .NET's text forms (`True`, `2017-03-14 10:59:18.9263023`), not tostring()'s, so only columns
 * whose text is the same either way are done: string, guid, int/long (decimal digits) and bool
 * (`True`/`False`, as documented). Other types are refused (HB132), and so is a null in a
 * non-string column, while the query runs (its text is not documented).
 */
export function narrow(call: SNode, input: Rel, cx: Ctx): Rel {
  const src = serialized(input, cx);
  for (const c of src.cols) {
    const t = c.ty.kql;
    if (t !== 'string' && t !== 'guid' && t !== 'long' && t !== 'int' && t !== 'bool')
      return unsupported(call, `evaluate narrow() of the ${t} column ${c.name} (the text Kusto shows for it is not documented)`, 'HB132');
  }
  const S = scalar('string');
  const L = scalar('long');
  const rowCol = cx.col('Row', L);
  const numbered: Rel = {
    op: 'select',
    input: src,
    items: [
      ...src.cols.map((c): NamedExpr => ({ col: c, e: colRef(c) })),
      { col: rowCol, e: { k: 'fn', fn: '$sub', args: [{ k: 'win', fn: 'row_number', args: [], ty: L }, lit('CAST(1 AS BIGINT)', L)], ty: L } },
    ],
    cols: [...src.cols, rowCol],
    ord: src.ord,
  };
  const out = { row: cx.col('Row', L), column: cx.col('Column', S), value: cx.col('Value', S), k: cx.col('k', L) };
  const text = (c: (typeof src.cols)[number]): Expr => {
    const x = colRef(c);
    if (c.ty.kql === 'string' || c.ty.kql === 'guid') return { ...x, ty: S };
    const err = lit(`error(${str(`HB132: unsupported: evaluate narrow() of a null ${c.ty.kql} value (its text is not documented)`)})`, S);
    const val: Expr =
      c.ty.kql === 'bool'
        ? { k: 'case', whens: [[x, lit("'True'", S)]], else: lit("'False'", S), ty: S }
        : { k: 'cast', e: x, to: 'VARCHAR', try: false, ty: S };
    return { k: 'case', whens: [[{ k: 'fn', fn: '$isnull', args: [x], ty: scalar('bool') }, err]], else: val, ty: S };
  };
  const inputs = src.cols.map((c, i) => ({
    rel: numbered,
    items: [
      { col: out.row, e: colRef(rowCol) },
      { col: out.column, e: lit(str(c.name), S) },
      { col: out.value, e: text(c) },
      { col: out.k, e: lit(`CAST(${i} AS BIGINT)`, L) },
    ],
  }));
  const all: Rel = { op: 'union', inputs, cols: [out.row, out.column, out.value, out.k] };
  const sorted: Rel = {
    op: 'sort',
    input: all,
    keys: [
      { e: colRef(out.row), desc: false, nullsFirst: false },
      { e: colRef(out.k), desc: false, nullsFirst: false },
    ],
    cols: all.cols,
    ord: cx.ord(true),
  };
  const cols = [out.row, out.column, out.value];
  return { op: 'select', input: sorted, items: cols.map((c) => ({ col: c, e: colRef(c) })), cols, ord: sorted.ord };
}
