import type { Col, Expr, NamedExpr, Rel, Ty } from '../../ir/types.ts';
import { str } from '../../sql/quote.ts';
import { unsupported } from '../context.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError } from '../context.ts';
import { lowerExpr, noteStored } from '../expr.ts';
import { colRef, findCol, type RowScope } from '../scope.ts';
import { items, kids, lists, nameOf } from '../syntax.ts';
import { conform, tyOfSCol } from '../tabular.ts';
import { engineItem, refuseEngineTyped } from '../engine-types.ts';
import { isInt128 } from '../values.ts';
import { callArgs, callName } from '../functions.ts';
import { namedAfterFirstArgument } from '../../parse/functions.ts';

export type OperatorLowerer = (n: SNode, input: Rel, cx: Ctx) => Rel;

export const scopeOf = (input: Rel, extra: Partial<RowScope> = {}): RowScope => ({
  cols: input.cols,
  rel: input,
  win: input.ord?.startsWith('s') ?? false,
  ...extra,
});

/** A named item of project/extend/summarize: `Name = expr` or a bare expression. */
export function splitNamed(item: SNode): { name?: string; expr: SNode } {
  if (item.k === 'SimpleNamedExpression') {
    const [decl, expr] = kids(item);
    return { name: nameOf(decl), expr };
  }
  // `(a, b) = arg_max(…)`: the analyzer already named the output columns.
  if (item.k === 'CompoundNamedExpression') return { expr: kids(item).at(-1)! };
  return { expr: item };
}

/**
 * A tuple-valued call (series_stats, series_fit_line …) lowers to a struct of Kusto's fields in
 * order; an item takes its first `count` fields as columns (all of them without names: Kusto
 * documents that a shorter list of names shows only those columns).
 */
export function tupleColumns(e: Expr, count: number | undefined, at: SNode): { field: string; e: Expr }[] {
  const s = e.ty.shape;
  if (e.ty.kql !== 'dynamic' || s.k !== 'struct') return unsupported(at, 'a tuple-valued function in this position');
  if (count !== undefined && count > s.fields.length) return unsupported(at, `${count} names for a function of ${s.fields.length} results`);
  return s.fields.slice(0, count ?? s.fields.length).map((f) => {
    const ty: Ty = f.shape.k === 'scalar' ? { kql: f.shape.t, shape: f.shape } : { kql: 'dynamic', shape: f.shape };
    return { field: f.name, e: { k: 'fn', fn: 'struct_field', args: [e, { k: 'lit', sql: str(f.name), ty: { kql: 'string', shape: { k: 'scalar', t: 'string' } } }], ty } };
  });
}

/** Items after which the analyzer lists columns Kusto does not produce (unnamed tuple results). */
const SKIP_AFTER = new WeakMap<NamedExpr, number>();

/** The analyzer's name of each lowered item of project/print (by position, past skipped ones). */
export function analyzerNames(lowered: NamedExpr[], names: string[]): (string | undefined)[] {
  let i = 0;
  return lowered.map((it) => {
    const name = names[i++];
    i += SKIP_AFTER.get(it) ?? 0;
    return name;
  });
}

/** The names of `(a, b) = f(…)`, or undefined for another item. */
export function tupleNames(item: SNode): string[] | undefined {
  if (item.k !== 'CompoundNamedExpression') return undefined;
  const list = kids(item)[0];
  return items(list).map((d) => nameOf(d));
}

/**
 * Lowers `items` of extend/project into select items; names come from the analyzer's output
 * columns `out` where the query does not give one.
 */
export function namedItems(list: SNode[], input: Rel, cx: Ctx, row: RowScope, assigned: string[]): NamedExpr[] {
  const result: NamedExpr[] = [];
  const visible = [...row.cols];
  let auto = 0;
  for (const it of list) {
    if (it.k === 'SimpleNamedExpression' && kids(it)[0]?.k === 'List') {
      throw new Error('tuple assignment');
    }
    const { name: given, expr } = splitNamed(it);
    const e = lowerExpr(expr, { ...row, cols: visible }, cx);
    if (expr.ty === 'tuple') {
      const names = tupleNames(it) ?? (given !== undefined ? [given] : undefined);
      const cols = tupleColumns(e, names?.length, it);
      for (const [j, t] of cols.entries()) {
        const name = names?.[j] ?? assigned[auto++] ?? `Column${auto}`;
        const col = cx.col(name, t.e.ty);
        result.push({ col, e: t.e });
        if (names && !row.cols.some((c) => c.name === name)) visible.push(col);
      }
      // The analyzer lists the results left unnamed as columns too; Kusto's engine shows only the
      // named ones (documented), so their analyzer names are skipped.
      const extra = (e.ty.shape.k === 'struct' ? e.ty.shape.fields.length : 0) - cols.length;
      if (extra > 0) SKIP_AFTER.set(result[result.length - 1], extra);
      continue;
    }
    const name = given ?? (expr.k === 'NameReference' ? nameOf(expr) : undefined) ?? assigned[auto++] ?? `Column${auto}`;
    const col = cx.col(name, e.ty);
    result.push({ col, e });
    // Only a name the query gives is visible to later items (a placeholder such as `Column1` must
    // not hide an input column of that name), and a name the input has keeps meaning the input's
    // column (Kusto: `extend a = c, c = a` swaps a and c).
    if (given !== undefined && !row.cols.some((c) => c.name === given)) visible.push(col);
  }
  void input;
  return result;
}

/**
 * The input's columns the analyzer does not list (evaluate pivot's, bag_unpack's: only the data
 * decides them), given the analyzer's columns for that input.
 */
export const dataOnlyColumn = (input: Rel, analyzer: readonly { name: string }[]): Col | undefined =>
  input.cols.find((c) => !analyzer.some((k) => k.name === c.name));

/**
 * The pipe's left-hand node when it is what produced `input` (not a subquery's slot, nor an input
 * an earlier step rebuilt): its analyzer columns describe `input`. Read it before lowering a
 * subquery, which moves `cx.pipeInput`.
 */
export const pipeInputOf = (input: Rel | undefined, cx: Ctx): SNode | undefined =>
  input && cx.pipeInput && cx.relOf.get(cx.pipeInput) === input ? cx.pipeInput : undefined;

/**
 * The analyzer's columns of the pipe's input that the input relation does not have (scan's match_id
 * without with_match_id, the other fields of `a = series_stats(x)`): Kusto's engine does not output
 * them, so an operator placing its columns by the analyzer's list skips them. Read it before
 * lowering a subquery (which moves `cx.pipeInput`).
 */
export const analyzerOnlyNames = (input: Rel, cx: Ctx): Set<string> => {
  const node = pipeInputOf(input, cx);
  return new Set((node?.cols ?? []).filter((c) => !input.cols.some((x) => x.name === c.name)).map((c) => c.name));
};

export const passThrough = (c: Col, cx: Ctx, name = c.name): NamedExpr => ({ col: cx.col(name, c.ty), e: colRef(c) });

/**
 * Gives each item the analyzer's type for the column of the same name (with `cx`, an output
 * value whose type in Kusto's engine differs keeps the engine's: lower/engine-types.ts).
 */
export function typed(items_: NamedExpr[], n: SNode, cx?: Ctx): NamedExpr[] {
  return items_.map((it) => {
    if (cx) noteStored(it.e, cx);
    const sc = n.cols?.find((c) => c.name === it.col.name);
    // 'unknown': the analyzer could not type it (columns of evaluate plugins); keep ours.
    if (!sc || sc.type === 'unknown') return it;
    // a constant of fewer than 10 ticks (`print 1tick`) would show as zero (floored to the microsecond)
    if (it.e.k === 'lit' && it.e.ticks !== undefined && it.e.ty.kql === 'timespan' && Math.abs(Number(it.e.ticks)) < 10)
      throw new LowerError('HB107', `a timespan of ${it.e.ticks} ticks as a result column: timespans are kept in microseconds here, so it would show as zero`, n);
    const engine = sc.type === 'long' || sc.type === 'dynamic' ? cx && engineItem(it.e, it.col.name, cx) : undefined;
    if (engine) return { col: { ...it.col, ty: engine.ty }, e: engine };
    // anywhere else (a summarize or distinct key, say) such a value is refused, not retyped
    refuseEngineTyped(it.e, n);
    const want = tyOfSCol(sc, n);
    const e = conform(it.e, want);
    // parse_version()'s exact decimals keep their HUGEINT shape
    return { col: { ...it.col, ty: want.kql === 'dynamic' || isInt128(e) ? { kql: want.kql, shape: e.ty.shape } : want }, e };
  });
}

export { colRef, findCol, items, kids, lists, nameOf };
export type { Expr };

/**
 * The name Kusto gives an unnamed item that replaces a column: a built-in function named after its
 * first argument (`extend round(x)` is `x = round(x)`, ResultNameKind.FirstArgument).
 */
export function firstArgumentName(expr: SNode, out: Set<string>): string | undefined {
  if (expr.k !== 'FunctionCallExpression' || expr.expansion || !namedAfterFirstArgument(callName(expr))) return undefined;
  const first = callArgs(expr)[0];
  if (first?.k !== 'NameReference') return undefined;
  const name = nameOf(first);
  return out.has(name) ? name : undefined;
}
