import type { SqlShape } from '../../api.ts';
import type { Expr } from '../../ir/types.ts';
import { LowerError } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { emptyScope } from '../scope.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { castable, unify } from '../values.ts';
import { kids, type OperatorLowerer } from './common.ts';

/** `datatable(a:long, …)[v1, v2, …]`: rows from literals, in order. */
export const datatable: OperatorLowerer = (n, _input, cx) => {
  const schema = n.cols ?? [];
  const valueList = kids(n).filter((c) => c.k === 'List').at(-1);
  const values = valueList ? kids(valueList) : [];
  const width = schema.length;
  if (width === 0 || values.length % width !== 0)
    throw new LowerError('HB150', `datatable has ${values.length} values for ${width} columns`, n);
  const rows: Expr[][] = [];
  for (let i = 0; i < values.length; i += width) {
    rows.push(
      schema.map((c, j) => {
        const v = lowerExpr(values[i + j], emptyScope, cx);
        const want = tyOfSCol(c, n);
        try {
          return conform(v, want);
        } catch (e) {
          // e.g. a number in a string column (`datatable(Flag:string)[6, "..."]`): the analyzer lets
          // it through, and the datatable page does not say how Kusto converts it.
          if (e instanceof LowerError && e.code === 'HB098')
            throw new LowerError('HB100', `unsupported: a ${v.ty.kql} value in datatable column ${c.name} of type ${want.kql} (Kusto does not document the conversion); write the value as a ${want.kql} literal`, values[i + j]);
          throw e;
        }
      }),
    );
  }
  const cols = schema.map((c, j) => {
    const ty = tyOfSCol(c, n);
    if (ty.kql !== 'dynamic') return cx.col(c.name, ty);
    let shape: SqlShape | undefined = rows[0]?.[j].ty.shape ?? { k: 'null' as const };
    for (const r of rows) shape = shape && unify(shape, r[j].ty.shape);
    // Rows whose values differ in kind ([1,2] in one, {"a":1} in another) travel as JSON text, and
    // so do an empty bag beside bags with keys (unify gives the struct, but DuckDB cannot cast the
    // empty bag's MAP to it).
    const whole = shape;
    if (whole && rows.some((r) => !castable(r[j].ty.shape, whole))) shape = undefined;
    if (!shape) {
      for (const r of rows) {
        const v = r[j];
        if (v.ty.shape.k !== 'json') r[j] = { k: 'fn', fn: '$json_text', args: [v], ty: { kql: 'dynamic', shape: { k: 'json' } } };
      }
      shape = { k: 'json' };
    }
    return cx.col(c.name, { kql: 'dynamic', shape });
  });
  // Literal values of dynamic columns must be re-rendered at the unified shape.
  const fixed = rows.map((r) =>
    r.map((v, j) => (cols[j].ty.kql === 'dynamic' && v.k === 'lit' ? { ...v, ty: cols[j].ty } : v)),
  );
  return { op: 'values', cols, rows: fixed, ord: cx.ord() };
};

