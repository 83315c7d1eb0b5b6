import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { lowerExpr } from '../expr.ts';
import { callArgs, callName } from '../functions.ts';
import { colRef, findCol } from '../scope.ts';
import { tyOfSCol } from '../tabular.ts';
import { lit, scalar } from '../values.ts';
import { str } from '../../sql/quote.ts';
import { kids, nameOf, scopeOf } from './common.ts';
import { NeedsProbe } from '../probe.ts';

/** More distinct pivot values than this is refused (HB132): one output column each. */
export const MAX_PIVOT_COLUMNS = 1000;

/**
 * `evaluate pivot(PivotColumn [, agg(...)] [, Col1, …]) [: (OutputSchema)]` (kusto/query/pivot-plugin).
 * Its output columns are the data's distinct pivot values, so without an output schema the query
 * is compiled twice: the first compile stops with `NeedsPivotValues`, whose probe (the distinct
 * values of the pivot column over the pivot's input, as text) the caller runs on its engine; the
 * second compile gets them through `CompileOptions.probeValues`, keyed by the probe's SQL (which
 * names the input exactly, so a pivot inside a function called on two inputs gets two probes).
 *
 * What is exact and what is refused (HB132):
 *  - the aggregate: count() (the default), sum(), dcount(); a cell whose combination has no row is
 *    0, as the documented examples show for count() and sum(). The other aggregates the page lists
 *    (min, max, take_any/any, avg, stdev, variance, make_list/bag/set) give the aggregate where a
 *    cell has rows; a cell with none (its value is not documented) is refused per row (HB162).
 *  - the pivot column: string (a value is its column name) or int/long (its decimal text); an empty
 *    or null value, or one named like an output column already there, is refused.
 *  - column order: the kept columns in input order, then the values. Kusto's value order is not
 *    specified (a documented example lists ARKANSAS before ARIZONA); huntbench sorts the values
 *    (ordinal) so an answer is reproducible. With an output schema, its order.
 */
export class NeedsPivotValues extends NeedsProbe {
  constructor(probe: Rel, column: string, node: SNode) {
    super(
      'HB133',
      `evaluate pivot: its output columns are the distinct values of ${column}, which only running the query can read (huntbench runs a first pass for them when an engine is at hand; a pure compile cannot) — or declare them: evaluate pivot(…) : (Col:type, …)`,
      node,
      probe,
      `distinct values of ${column}`,
      MAX_PIVOT_COLUMNS,
    );
  }
}

/** Aggregates whose cell with no rows is 0 (documented for count() and sum(); dcount of nothing). */
const AGGS = new Set(['count', 'sum', 'dcount']);
/**
 * The page's other aggregates (and `any`, the older name of `take_any`): a cell with rows is the
 * aggregate over them; a cell with none has a value the page does not give (null? 0? an empty
 * array?), so such a row is refused while the query runs (HB162) rather than guessed.
 */
const CELL_REFUSED = new Set(['min', 'max', 'take_any', 'any', 'avg', 'stdev', 'variance', 'make_list', 'make_bag', 'make_set']);

export function pivot(n: SNode, call: SNode, input: Rel, cx: Ctx): Rel {
  const args = callArgs(call);
  const [pivotNode, ...rest] = args;
  if (pivotNode?.k !== 'NameReference') return unsupported(pivotNode ?? call, 'evaluate pivot of an expression (name a column)', 'HB132');
  const pivotCol = findCol(input.cols, nameOf(pivotNode));
  if (!pivotCol) throw new LowerError('HB102', `unknown column ${nameOf(pivotNode)}`, pivotNode);
  const pt = pivotCol.ty.kql;
  if (pt !== 'string' && pt !== 'long' && pt !== 'int')
    return unsupported(pivotNode, `evaluate pivot of a ${pt} column (Kusto's column names for its values are not documented)`, 'HB132');
  const aggNode = rest[0]?.k === 'FunctionCallExpression' ? rest.shift() : undefined;
  const aggName = aggNode ? callName(aggNode) : 'count';
  if (!AGGS.has(aggName) && !CELL_REFUSED.has(aggName))
    return unsupported(aggNode ?? call, `evaluate pivot with ${aggName}(): not among the pivot page's aggregation functions`, 'HB132');
  const row = scopeOf(input);
  // The kept columns: those listed, else every column but the pivot column and the aggregate's.
  const aggCols = new Set<string>();
  const walk = (x: SNode) => {
    if (x.k === 'NameReference') aggCols.add(nameOf(x));
    for (const c of kids(x)) walk(c);
  };
  if (aggNode) for (const a of callArgs(aggNode)) walk(a);
  const keyCols = rest.length
    ? rest.map((a) => {
        if (a.k !== 'NameReference') return unsupported(a, 'evaluate pivot: a column list entry that is not a column name', 'HB132');
        const c = findCol(input.cols, nameOf(a));
        if (!c) throw new LowerError('HB102', `unknown column ${nameOf(a)}`, a);
        return c;
      })
    : input.cols.filter((c) => c.id !== pivotCol.id && !aggCols.has(c.name));
  const keys: NamedExpr[] = keyCols.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) }));
  const agg: Expr = aggNode ? lowerExpr(aggNode, { ...row, agg: true }, cx) : { k: 'agg', fn: 'count', args: [], ty: scalar('long') };

  const schema = n.ch.find((c) => c.k === 'EvaluateSchemaClause');
  let values: string[];
  let names: string[];
  if (schema) {
    const declared = n.cols ?? [];
    const keyNames = keys.map((k) => k.col.name);
    if (declared.length < keys.length || keyNames.some((k, i) => declared[i].name !== k))
      return unsupported(schema, `evaluate pivot output schema: it must start with the kept columns (${keyNames.join(', ')})`, 'HB132');
    for (const [i, k] of keys.entries()) {
      if (tyOfSCol(declared[i], n).kql !== k.col.ty.kql) return unsupported(schema, `evaluate pivot output schema: ${k.col.name} is ${k.col.ty.kql}`, 'HB132');
    }
    names = declared.slice(keys.length).map((c) => c.name);
    for (const c of declared.slice(keys.length)) {
      if (tyOfSCol(c, n).kql !== agg.ty.kql) return unsupported(schema, `evaluate pivot output schema: ${c.name} is ${agg.ty.kql} (the aggregate's type)`, 'HB132');
    }
    values = names;
  } else {
    const probe: Rel = {
      op: 'aggregate',
      input,
      keys: [{ col: cx.col('value', scalar('string')), e: { k: 'cast', e: colRef(pivotCol), to: 'VARCHAR', try: false, ty: scalar('string') } }],
      aggs: [],
      cols: [],
    };
    probe.cols = probe.keys.map((k) => k.col);
    const key = cx.probeKey(probe);
    const got = cx.probeValues[key];
    if (!got) throw new NeedsPivotValues(probe, pivotCol.name, call);
    cx.probesUsed.push({ key, label: `pivot pass 1: distinct values of ${pivotCol.name}`, start: call.s, end: call.e });
    if (got.length > MAX_PIVOT_COLUMNS) return unsupported(call, `evaluate pivot with more than ${MAX_PIVOT_COLUMNS} distinct values of ${pivotCol.name}`, 'HB132');
    if (got.some((v) => v === null || v === ''))
      return unsupported(call, `evaluate pivot: ${pivotCol.name} holds an empty value (Kusto's name for its column is not documented)`, 'HB132');
    values = got.filter((v): v is string => v !== null).sort((a, b) => (pt === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : Number(BigInt(a) - BigInt(b))));
    names = values;
  }
  const taken = new Set(keys.map((k) => k.col.name));
  const cells: NamedExpr[] = values.map((v, i) => {
    if (taken.has(names[i])) return unsupported(call, `evaluate pivot: the value ${JSON.stringify(names[i])} is named like another output column`, 'HB132');
    taken.add(names[i]);
    if (pt !== 'string' && !/^-?\d+$/.test(v)) return unsupported(schema ?? call, `evaluate pivot: ${JSON.stringify(v)} is not a value of the ${pt} column ${pivotCol.name}`, 'HB132');
    const pred: Expr = { k: 'fn', fn: '$eq_plain', args: [colRef(pivotCol), lit(pt === 'string' ? str(v) : `CAST(${v} AS ${pt === 'int' ? 'INTEGER' : 'BIGINT'})`, pivotCol.ty)], ty: scalar('bool') };
    const filtered = withFilter(agg, pred);
    if (aggName === 'count') return { col: cx.col(names[i], agg.ty), e: filtered };
    // A combination with no row: 0 (documented for count() and sum()); else the aggregate itself.
    const none: Expr = { k: 'agg', fn: 'count', args: [], filter: pred, ty: scalar('long') };
    const empty: Expr = AGGS.has(aggName)
      ? zero(agg.ty.kql)
      : {
          k: 'fn',
          fn: 'hb_refuse',
          args: [lit(str(`HB162: unsupported: evaluate pivot with ${aggName}(): a cell with no rows (the pivot page gives its value only for count() and sum())`), scalar('string'))],
          ty: agg.ty,
        };
    const e: Expr = {
      k: 'case',
      whens: [[{ k: 'fn', fn: '$eq_plain', args: [none, lit('0', scalar('long'))], ty: scalar('bool') }, empty]],
      else: filtered,
      ty: agg.ty,
    };
    return { col: cx.col(names[i], agg.ty), e };
  });
  return { op: 'aggregate', input, keys, aggs: cells, cols: [...keys, ...cells].map((x) => x.col) };
}

function zero(t: string): Expr {
  return t === 'real' ? lit('CAST(0 AS DOUBLE)', scalar('real')) : t === 'int' ? lit('CAST(0 AS INTEGER)', scalar('int')) : lit('CAST(0 AS BIGINT)', scalar('long'));
}

/** The aggregate restricted to the rows where `pred` holds (every aggregate call inside `e`). */
function withFilter(e: Expr, pred: Expr): Expr {
  switch (e.k) {
    case 'agg': {
      const filter: Expr = e.filter ? { k: 'fn', fn: '$and', args: [e.filter, pred], ty: scalar('bool') } : pred;
      return { ...e, filter };
    }
    case 'fn':
      return { ...e, args: e.args.map((a) => withFilter(a, pred)) };
    case 'cast':
      return { ...e, e: withFilter(e.e, pred) };
    case 'case':
      return { ...e, whens: e.whens.map(([c, v]) => [withFilter(c, pred), withFilter(v, pred)] as [Expr, Expr]), else: withFilter(e.else, pred) };
    default:
      return e;
  }
}
