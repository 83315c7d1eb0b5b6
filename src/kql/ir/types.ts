/**
 * The IR: a small, serialisable relational algebra with typed scalar expressions. Every relation
 * carries its output columns; column references use SQL-safe ids (c0, c1 …) so that Kusto's
 * case-sensitive names never meet DuckDB's case-insensitive resolution. `kql/sql` reads only this.
 */
import type { KqlType, SqlShape } from '../api.ts';
import type { DerivedColumn } from '../../catalog/types.ts';

export interface Ty {
  kql: KqlType;
  shape: SqlShape;
}

export interface Col {
  name: string;
  id: string;
  ty: Ty;
}

export type Expr =
  | { k: 'col'; id: string; ty: Ty }
  /** `ticks`: a timespan constant's exact value in 100 ns ticks when it is not a whole number of µs.
   * `inexact`: a datetime/timespan constant finer than a microsecond, floored to one in `sql`. */
  | { k: 'lit'; sql: string; ty: Ty; ticks?: string; inexact?: true }
  /** A scalar function or operator; `fn` names an entry of sql/functions.ts. */
  | { k: 'fn'; fn: string; args: Expr[]; ty: Ty }
  /** An aggregate; `fn` names an entry of sql/aggregates. `filter` is the *if predicate. */
  | { k: 'agg'; fn: string; args: Expr[]; filter?: Expr; distinct?: boolean; ty: Ty }
  /** A window function over the relation's serialized order. */
  | { k: 'win'; fn: 'row_number' | 'lag' | 'lead' | 'cumsum' | 'rank_dense' | 'rank_min' | 'session'; args: Expr[]; ty: Ty; reset?: Expr }
  | { k: 'case'; whens: [Expr, Expr][]; else: Expr; ty: Ty }
  | { k: 'cast'; e: Expr; to: string; try: boolean; ty: Ty }
  /** A scalar subquery: first column of the first row. */
  | { k: 'scalar'; rel: Rel; ty: Ty }
  /** `e [not] in (subquery)` */
  | { k: 'insub'; e: Expr; rel: Rel; negate: boolean; ci: boolean; ty: Ty }
  /** A lambda-bound element inside list functions (list_transform / list_filter). */
  | { k: 'lambda'; param: string; body: Expr; ty: Ty }
  | { k: 'param'; name: string; ty: Ty };

/** One `step` of a scan: its condition, the value of each declared variable, and whether its matches are output. */
export interface ScanStep {
  name: string;
  cond: Expr;
  assign: Expr[];
  output: 'all' | 'none';
}

export interface NamedExpr {
  col: Col;
  e: Expr;
}

export interface SortKey {
  e: Expr;
  desc: boolean;
  nullsFirst: boolean;
}

export type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftsemi'
  | 'leftanti'
  | 'rightsemi'
  | 'rightanti';

/**
 * Relations. `ord` (when set) is the id of a hidden column holding the row's position in a
 * serialized (ordered) relation; it is how order survives from `sort`/`datatable` to the output.
 */
export type Rel =
  /**
   * A stored table: `cols[i]` reads column `source[i]`; columns after those are `computed` from
   * the catalog (a copy of a stored column, or a constant string), in order.
   */
  | { op: 'table'; name: string; cols: Col[]; source: string[]; computed?: DerivedColumn[]; ord?: undefined }
  | { op: 'values'; cols: Col[]; rows: Expr[][]; ord?: string }
  | { op: 'range'; cols: Col[]; from: Expr; to: Expr; step: Expr; ord?: string }
  | { op: 'where'; input: Rel; pred: Expr; cols: Col[]; ord?: string }
  | { op: 'select'; input: Rel; items: NamedExpr[]; cols: Col[]; ord?: string }
  | { op: 'aggregate'; input: Rel; keys: NamedExpr[]; aggs: NamedExpr[]; cols: Col[]; ord?: undefined }
  | { op: 'sort'; input: Rel; keys: SortKey[]; cols: Col[]; ord: string }
  | { op: 'limit'; input: Rel; n: Expr; cols: Col[]; ord?: string }
  | {
      op: 'join';
      kind: JoinKind;
      left: Rel;
      right: Rel;
      on: [Expr, Expr][];
      /** A further match condition over both sides' columns (ipv4_lookup's range test). */
      cond?: Expr;
      /** Output columns, each taken from one side. */
      items: { col: Col; side: 'left' | 'right'; from: string }[];
      cols: Col[];
      ord?: undefined;
    }
  | { op: 'union'; inputs: { rel: Rel; items: NamedExpr[] }[]; cols: Col[]; ord?: undefined }
  | {
      op: 'mvexpand';
      input: Rel;
      /** Expanded columns: each `e` is a list, zipped in parallel. */
      expands: { col: Col; e: Expr }[];
      index?: Col;
      limit?: number;
      keep: Col[];
      cols: Col[];
      ord?: string;
    }
  /**
   * scan: a state machine over the ordered input (kusto/query/scan-operator, "Scan logic"); see
   * lower/operators/scan.ts. Step expressions read `refs` marker ids (`step.x`: the value of
   * input column or variable `from` in step `step`'s entry of the state the check runs against,
   * `dflt` when that state has no such entry). `vars` are in declaration order; each step's
   * `assign` gives every variable's value (its default where the step does not assign it).
   */
  | {
      op: 'scan';
      input: Rel;
      steps: ScanStep[];
      vars: { col: Col; init: Expr }[];
      refs: { id: string; step: number; from: string; dflt: Expr }[];
      matchId?: Col;
      cols: Col[];
      ord: string;
    }
  /**
   * partition by key (body): `body` runs once per distinct value of `key` over the input rows
   * holding it; `slot` is the relation the body reads, standing for those rows. Unordered.
   * `maxKeys`: more distinct keys (or a null key) is an error while the query runs.
   */
  /** `keyCol`: the key value is also output, as this last column (mv-apply joins its rows back by it).
   * `ordCol`: the body's row order (its `ord`, numbered within the key) is also output, as this
   * column before `keyCol` (mv-apply orders its rows by key, then by it). */
  | { op: 'partition'; input: Rel; key: Expr; slot: Rel; body: Rel; maxKeys?: number; keyCol?: Col; ordCol?: Col; cols: Col[]; ord?: undefined }
  /** A named shared sub-result (let T = …; materialize(); as). Emitted once as a CTE. */
  | { op: 'shared'; name: string; input: Rel; cols: Col[]; ord?: string };

/**
 * Window functions that restart or rank (row_number/row_cumsum with a restart, row_rank_*): SQL
 * computes them in passes, so lowering keeps each one a whole select item.
 */
export function isGroupedWindow(e: Expr): boolean {
  return e.k === 'win' && (e.reset !== undefined || e.fn === 'cumsum' || e.fn === 'rank_dense' || e.fn === 'rank_min' || e.fn === 'session');
}

export const tyOf = (kql: KqlType): Ty =>
  kql === 'dynamic' ? { kql, shape: { k: 'null' } } : { kql, shape: { k: 'scalar', t: kql } };
