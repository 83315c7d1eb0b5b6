/**
 * Tabular expressions: sources (tables, let names, datatable, print, range, union, functions)
 * and pipes, dispatching each operator to its own file in operators/.
 */
import type { Col, Expr, Rel, Ty } from '../ir/types.ts';
import type { SCol, SNode } from '../parse/index.ts';
import { type Ctx, kqlTypeOf, LowerError, unsupported } from './context.ts';
import { asScalar, lowerExpr, setTabularLowerer, toStr } from './expr.ts';
import { colRef } from './scope.ts';
import type { CatalogTable } from '../../catalog/types.ts';
import { callArgs, callName, callUserFunction } from './functions.ts';
import { getWatchlist } from './hunting.ts';
import { constString } from './terms.ts';
import { dataOnlyColumn } from './operators/common.ts';
import { GRAPH_OPERATORS, OPERATORS } from './operators/index.ts';
import { shapeOfDuckType } from './values.ts';
import { dyn, isInt128, scalar } from './values.ts';
import { kids, nameOf } from './syntax.ts';
import { storageNames } from '../../catalog/storage.ts';
import { passNarrowed } from './narrowed-union.ts';

export function lowerTabular(n: SNode, cx: Ctx): Rel {
  const rel = lowerTabularNode(n, cx);
  cx.relOf.set(n, rel);
  return rel;
}

/**
 * Operators that take their columns from the relation, or from names the query writes, and so
 * stay right after an operator whose columns only the data decides (evaluate pivot, bag_unpack:
 * the analyzer does not know them). Every other operator builds its output from the analyzer's
 * columns, which would drop, misname or misplace those: refused (HB100) instead.
 */
const RELATION_COLUMNS = new Set([
  'FilterOperator', 'ProjectOperator', 'ProjectAwayOperator', 'ProjectKeepOperator', 'ProjectReorderOperator',
  'ExtendOperator', 'SerializeOperator', 'SummarizeOperator', 'CountOperator', 'SortOperator', 'TakeOperator',
  'TopOperator', 'AsOperator', 'RenderOperator', 'GetSchemaOperator', 'ParseOperator',
]);

/**
 * The evaluate plugins that also build their output from the relation's columns: pivot (its kept
 * columns are those it names, else every input column but the pivot and aggregate ones) and
 * bag_unpack (every input column but the bag, then the bag's keys), so `evaluate bag_unpack(…) |
 * evaluate pivot(…)` keeps the unpacked columns (pivot.ts, evaluate.ts).
 */
const RELATION_PLUGINS = new Set(['pivot', 'bag_unpack']);

function takesRelationColumns(op: SNode): boolean {
  if (RELATION_COLUMNS.has(op.k)) return true;
  if (op.k !== 'EvaluateOperator') return false;
  const call = kids(op).find((c) => c.k === 'FunctionCallExpression');
  return call !== undefined && RELATION_PLUGINS.has(callName(call));
}

/**
 * Operators whose output columns are the input relation's in its order (or only what they compute
 * or name), checked to follow a union whose columns are the union operator page's rather than the
 * analyzer's (operators/union.ts; a union takes the page's columns of its inputs); `extend`, `project-away` and the rest order their output by the
 * analyzer's list, which names the same columns in another order there.
 */
const RELATION_ORDER = new Set(['UnionOperator', 'FilterOperator', 'TakeOperator', 'SortOperator', 'TopOperator', 'CountOperator', 'SummarizeOperator', 'ProjectOperator', 'AsOperator', 'RenderOperator', 'SerializeOperator', 'GetSchemaOperator']);

function refuseUnknownColumns(left: SNode, input: Rel, op: SNode, cx: Ctx): void {
  if (!left.cols) return;
  const listed = left.cols;
  const moved = input.cols.find((c) => cx.unionRenamed.has(c.name));
  if (moved && !RELATION_ORDER.has(op.k) && (listed.length !== input.cols.length || input.cols.some((c, i) => c.name !== listed[i].name)))
    throw new LowerError('HB100', `unsupported: ${op.k.replace(/Operator$/, '')} after a union whose columns Kusto's analyzer lists otherwise than the union operator page (it builds its output from the analyzer's list): ${cx.unionRenamed.get(moved.name)!.why.replace(/^unsupported: /, '')}`, op);
  if (moved && op.k === 'UnionOperator') return;
  const unknown = dataOnlyColumn(input, left.cols);
  if (takesRelationColumns(op)) return;
  const renamed = unknown && cx.unionRenamed.get(unknown.name);
  if (renamed) throw new LowerError('HB100', `unsupported: ${op.k.replace(/Operator$/, '')} after a union whose columns Kusto's analyzer lists otherwise than the union operator page (it builds its output from the analyzer's list): ${renamed.why.replace(/^unsupported: /, '')}`, op);
  if (unknown) throw new LowerError('HB100', `unsupported: ${op.k.replace(/Operator$/, '')} after an operator whose columns only the data decides (${unknown.name}; evaluate pivot, bag_unpack)`, op);
}

function lowerTabularNode(n: SNode, cx: Ctx): Rel {
  switch (n.k) {
    case 'PipeExpression': {
      const [left, op] = kids(n);
      // a graph operator reads the make-graph pipe before it, never lowered as a relation
      const graphOp = GRAPH_OPERATORS[op.k];
      if (graphOp) return graphOp(op, left, cx);
      const input = lowerTabular(left, cx);
      const h = OPERATORS[op.k];
      if (!h) return unsupported(op, `operator ${op.k.replace(/Operator$/, '')}`, 'HB130');
      cx.pipeInput = left;
      refuseUnknownColumns(left, input, op, cx);
      const out = h(op, input, cx);
      passNarrowed(cx, input, out, op);
      return out;
    }
    case 'ParenthesizedExpression':
      return lowerTabular(kids(n)[0], cx);
    case 'NameReference':
      return nameSource(n, cx);
    case 'FunctionCallExpression': {
      if (callName(n) === '_getwatchlist' && n.sym?.k === 'FunctionSymbol' && !cx.lookup('_GetWatchlist')) return getWatchlist(n, cx, tableRel);
      if (n.expansion) {
        const r = callUserFunction(n, { cols: [] }, cx);
        if (r.k !== 'tabular') return unsupported(n, 'scalar function used as a table');
        return r.rel;
      }
      const name = callName(n);
      if (name === 'materialize') return lowerTabular(kids(n.ch.find((c) => c.k === 'ExpressionList')!)[0].ch.filter((c) => c.k !== 'Tok')[0] ?? n, cx);
      if (name === 'table') return tableCall(n, cx);
      return unsupported(n, `tabular function ${name}()`, 'HB120');
    }
    case 'MaterializeExpression':
      return lowerTabular(kids(n)[0], cx);
    default: {
      const h = OPERATORS[n.k];
      if (h && SOURCE_OPS.has(n.k)) return h(n, null as never, cx);
      return unsupported(n, `tabular expression ${n.k}`, 'HB130');
    }
  }
}

/**
 * `table(name)`: the table whose name is a constant string, written literally or passed in as a
 * function's argument (Sentinel's `let f = (t:string) { table(t) | … }; f("SigninLogs")`). A name
 * known only from the data, or the `scope` argument, is refused.
 */
function tableCall(n: SNode, cx: Ctx): Rel {
  const args = callArgs(n);
  if (args.length !== 1) return unsupported(args[1] ?? n, 'table() with a scope argument');
  const name = constString(lowerExpr(args[0], { cols: [] }, cx));
  if (name === undefined) return unsupported(args[0], 'table() with a computed name');
  return tableRel(name, args[0], cx);
}

const SOURCE_OPS = new Set(['DataTableExpression', 'ExternalDataExpression', 'PrintOperator', 'RangeOperator', 'UnionOperator', 'SearchOperator', 'FindOperator', 'EvaluateOperator']);

setTabularLowerer(lowerTabular);

function nameSource(n: SNode, cx: Ctx): Rel {
  const name = nameOf(n);
  if (n.sym?.k !== 'TableSymbol') {
    const b = cx.lookup(name);
    if (b?.k === 'tabular') return b.rel;
    // a parameterless user function (a view) named without parentheses
    if (b?.k === 'function' && n.expansion) {
      const r = callUserFunction(n, { cols: [] }, cx);
      if (r.k !== 'tabular') return unsupported(n, 'scalar function used as a table');
      return r.rel;
    }
  }
  return tableRel(name, n, cx);
}

export function tableRel(name: string, n: SNode, cx: Ctx): Rel {
  const t = cx.catalog?.tables.find((x) => x.name === name);
  if (!t) throw new LowerError('HB141', `unknown table '${name}'`, n);
  const rel = storedRel(t, n, cx);
  if (!t.columns.some((c) => c.readAsText)) return rel;
  // Defender's typing of the JSON columns (catalog/json-text.ts): their JSON text, as tostring() gives it.
  const text = new Set(t.columns.filter((c) => c.readAsText).map((c) => c.name));
  const items = rel.cols.map((c) => (text.has(c.name) ? { col: cx.col(c.name, scalar('string')), e: toStr(colRef(c)) } : { col: c, e: colRef(c) }));
  return { op: 'select', input: rel, items, cols: items.map((i) => i.col) };
}

function storedRel(t: CatalogTable, n: SNode, cx: Ctx): Rel {
  const stored = t.columns.filter((c) => !c.derived);
  const cols: Col[] = stored.map((c) =>
    cx.col(c.name, c.type === 'dynamic' || c.readAsText ? dyn(c.duckType ? shapeOfDuckType(c.duckType) : { k: 'null' }) : scalar(c.type)),
  );
  // Each column reads its own storage column (LogonID is stored as LogonID_1 beside LogonId).
  const source = storageNames(stored.map((c) => c.name));
  const rel: Rel = { op: 'table', name: t.name, cols, source };
  const derived = t.columns.filter((c) => c.derived);
  if (!derived.length) return rel;
  // Computed catalog columns (catalog/log-analytics.ts) come after the stored ones, with ids of
  // their own so that the ids of every other column stay what they were.
  const storageOf = (name: string) => source[stored.findIndex((c) => c.name === name)] ?? name;
  rel.computed = derived.map((c) => {
    const d = c.derived!;
    if ('copy' in d) return { copy: storageOf(d.copy) };
    if ('verdict' in d) return { verdict: { ...d.verdict, of: storageOf(d.verdict.of) } };
    return d;
  });
  for (const c of derived) {
    const d = c.derived!;
    const read = 'copy' in d ? d.copy : 'verdict' in d ? d.verdict.of : undefined;
    const from = read === undefined ? undefined : cols.find((x) => x.name === read);
    if (read !== undefined && !from) throw new LowerError('HB141', `column ${c.name} is computed from ${read}, which table ${t.name} lacks`, n);
    cols.push({ name: c.name, id: cx.derivedId(), ty: from && 'copy' in d ? from.ty : scalar('string') });
  }
  return rel;
}

/** Kusto type of an analyzer column. */
export function tyOfSCol(c: SCol, n: SNode): Ty {
  const t = kqlTypeOf(c.type, n);
  return t === 'dynamic' ? dyn({ k: 'null' }) : scalar(t);
}

/** Kusto's own conversion of a string to each type (what tolong(), todatetime() … do). */
const FROM_STRING: Partial<Record<string, string>> = {
  long: 'string_to_long', int: 'string_to_int', real: 'string_to_real', decimal: 'string_to_decimal', datetime: 'string_to_datetime',
  timespan: 'string_to_timespan', bool: 'string_to_bool', guid: 'string_to_guid',
};

/**
 * Makes `e` carry the analyzer's type `want`. Only conversions that cannot change a value are
 * done silently (int → long, int/long → real, an int-sized long literal → int); text becomes the
 * type by Kusto's own conversion (parse's typed extracts); any other mismatch is a compiler bug
 * and is refused as HB098 rather than cast (a cast could round or truncate the value).
 */
export function conform(e: Expr, want: Ty, node: SNode | null = null): Expr {
  if (want.kql === 'dynamic') return e.ty.kql === 'dynamic' ? e : { ...e, ty: dyn(e.ty.shape) };
  if (e.ty.kql === want.kql) return e;
  if (isInt128(e)) throw new LowerError('HB101', `parse_version()'s value (an exact 128-bit decimal) where Kusto's type is ${want.kql}: not supported`, node);
  const x = e.ty.kql === 'dynamic' ? asScalar(e, want) : e;
  const from = x.ty.kql;
  if (from === want.kql) return x;
  const widening =
    (from === 'int' && want.kql === 'long') ||
    ((from === 'int' || from === 'long' || from === 'decimal') && (want.kql === 'real' || want.kql === 'decimal')) ||
    (from === 'long' && want.kql === 'int' && intSizedLiteral(x)) ||
    (x.k === 'lit' && /^(CAST\()?NULL( AS \w+\))?$/.test(x.sql)); // a typed null is a null of any type
  if (widening) return { k: 'cast', e: x, to: sqlScalar(want), try: false, ty: want };
  const fromString = from === 'string' ? FROM_STRING[want.kql] : undefined;
  if (fromString) return { k: 'fn', fn: fromString, args: [x], ty: want };
  throw new LowerError('HB098', `internal error: a ${from} value where Kusto's type is ${want.kql}; please report the query`, node);
}

function intSizedLiteral(x: Expr): boolean {
  const m = x.k === 'lit' ? /^(?:CAST\()?(-?\d+)(?: AS BIGINT\))?$/.exec(x.sql) : null;
  return !!m && Number(m[1]) >= -2147483648 && Number(m[1]) <= 2147483647;
}

function sqlScalar(t: Ty): string {
  return { bool: 'BOOLEAN', datetime: 'TIMESTAMP', decimal: 'DOUBLE', guid: 'VARCHAR', int: 'INTEGER', long: 'BIGINT', real: 'DOUBLE', string: 'VARCHAR', timespan: 'BIGINT', dynamic: 'VARCHAR' }[t.kql];
}

export { lowerExpr };
