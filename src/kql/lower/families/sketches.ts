/**
 * sketches family: hll() / tdigest(), their merges and their readers (KQL → IR; SQL spellings in
 * sql/families/sketches.ts).
 *
 * Kusto's hll() and tdigest() return an opaque binary state (printed as a dynamic array) from
 * which dcount_hll() and percentile_tdigest() … read estimates. That state cannot be reproduced,
 * so huntbench keeps an exact sketch of its own instead: for hll() the distinct non-null values,
 * for tdigest() the non-null values (with their weights when a weight is given). Every reader
 * then answers exactly what huntbench's own aggregate answers on the same rows: dcount_hll() is
 * dcount(), percentile_tdigest() is percentile() (percentilew() for a weighted sketch),
 * rank_tdigest() counts the values at or below v. Kusto's estimates are exact on small inputs
 * (the hll page: no error up to 1,000 values at the default accuracy; its tdigest state lists the
 * values and their counts), which is what the documented examples show.
 *
 * The sketch value itself is not Kusto's, so it never reaches a user as if it were: it may be
 * stored (summarize, extend, let, join, union, toscalar) and read by the functions of this family,
 * and anything else — a result column, tostring(), a comparison, an operator key — is HB111
 * (refuseSketchUse / refuseSketchRel below, called from lower/expr.ts and lower/index.ts).
 */
import type { SqlShape } from '../../api.ts';
import type { Expr, Rel, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { LowerError, unsupported } from '../context.ts';
import { consume } from '../consume.ts';
import { convert } from '../convert.ts';
import { dyn, scalar } from '../values.ts';
import { type AggHandler, agg, type Handler } from './types.ts';

type Sketch = Extract<SqlShape, { k: 'sketch' }>;

const fn = (name: string, args: Expr[], ty: Ty): Expr => ({ k: 'fn', fn: name, args, ty });

/** The sketch a value holds, if it is one. */
export function sketchOf(t: Ty): Sketch | undefined {
  return t.kql === 'dynamic' && t.shape.k === 'sketch' ? t.shape : undefined;
}

/** The functions that take a sketch argument (every other use of a sketch is HB111). */
export const SKETCH_READERS = new Set([
  'hll_merge',
  'tdigest_merge',
  'merge_tdigest',
  'dcount_hll',
  'percentile_tdigest',
  'percentiles_array_tdigest',
  'percentrank_tdigest',
  'rank_tdigest',
]);

/** Functions that are both an aggregate (one argument, in summarize) and a scalar function (several sketches). */
export const AGGREGATE_AND_SCALAR = new Set(['hll_merge', 'tdigest_merge', 'merge_tdigest']);

const HB111 = (what: string) =>
  `unsupported: ${what}: huntbench's hll()/tdigest() sketches are exact sketches of its own, not Kusto's binary state, so they can only be stored and read with dcount_hll(), percentile_tdigest(), percentiles_array_tdigest(), rank_tdigest(), percentrank_tdigest() and the merges`;

/** A sketch argument of `name`, of the wanted kind. */
function sketchArg(x: Expr, kind: Sketch['sketch'], n: SNode, name: string): Sketch {
  const s = sketchOf(x.ty);
  if (!s || s.sketch !== kind)
    return unsupported(n, `${name}() of a value that is not a ${kind === 'hll' ? 'hll()' : 'tdigest()'} result of this query (Kusto's own sketch states cannot be read)`, 'HB121');
  return s;
}

/** hll accuracy: a constant 0 to 4 (Kusto's levels); the sketch is exact at every level. */
function accuracy(x: Expr | undefined, n: SNode): number {
  if (!x) return 1;
  const m = x.k === 'lit' ? /^(?:CAST\()?(-?\d+)(?: AS (?:BIGINT|INTEGER)\))?$/.exec(x.sql) : null;
  const v = m ? Number(m[1]) : NaN;
  if (!(v >= 0 && v <= 4)) return unsupported(n, 'hll() accuracy other than a constant 0 to 4', 'HB121');
  consume(x);
  return v;
}

const HLL_TYPES = new Set(['long', 'int', 'string', 'datetime', 'timespan', 'guid']);
const TDIGEST_TYPES = new Set(['long', 'int', 'real', 'datetime', 'timespan']);

function hll(x: Expr, filter: Expr | undefined, acc: Expr | undefined, n: SNode, name: string): Expr {
  // dcount() of these types is count(DISTINCT x); dynamic and decimal values are hashed by Kusto in ways not reproduced
  if (!HLL_TYPES.has(x.ty.kql)) return unsupported(n, `${name}() of ${x.ty.kql} values`, 'HB121');
  const s: Sketch = { k: 'sketch', sketch: 'hll', of: x.ty.shape, accuracy: accuracy(acc, n) };
  return agg('hll', [x], dyn(s), filter);
}

function tdigest(x: Expr, w: Expr | undefined, n: SNode): Expr {
  // the types percentile() reads
  if (!TDIGEST_TYPES.has(x.ty.kql)) return unsupported(n, `tdigest() of ${x.ty.kql} values`, 'HB121');
  if (w && w.ty.kql !== 'long' && w.ty.kql !== 'int') return unsupported(n, `tdigest() with a ${w.ty.kql} weight`, 'HB121');
  const s: Sketch = { k: 'sketch', sketch: 'tdigest', of: x.ty.shape, weighted: !!w };
  return w ? agg('tdigest_w', [x, w], dyn(s)) : agg('tdigest', [x], dyn(s));
}

/** The common sketch of merged sketches: same kind, value type and accuracy; weighted if any is. */
function merged(a: Expr[], kind: Sketch['sketch'], n: SNode, name: string): { s: Sketch; args: Expr[] } {
  const ss = a.map((x) => sketchArg(x, kind, n, name));
  const first = ss[0];
  for (const s of ss) {
    if (JSON.stringify(s.of) !== JSON.stringify(first.of)) return unsupported(n, `${name}() of sketches of different value types`, 'HB121');
    // Kusto refuses to merge hll values of different accuracy levels (hll_merge page)
    if (s.accuracy !== first.accuracy) return unsupported(n, `${name}() of hll values of different accuracy levels (Kusto refuses them)`, 'HB121');
  }
  const weighted = ss.some((s) => s.weighted);
  const s: Sketch = kind === 'hll' ? first : { ...first, weighted };
  // an unweighted tdigest merged with a weighted one: each value weighs 1
  const args = weighted ? a.map((x, i) => (ss[i].weighted ? x : fn('tdigest_weigh', [x], dyn(s)))) : a;
  return { s, args };
}

/** The type a tdigest reader returns: the analyzer's (typeof(T) given) or dynamic holding the values' type. */
function readType(s: Sketch, out: Ty, n: SNode, name: string): Ty {
  const of = s.of.k === 'scalar' ? s.of.t : undefined;
  if (!of) return unsupported(n, `${name}() of this sketch`, 'HB121');
  if (out.kql === 'dynamic') return dyn({ k: 'scalar', t: of });
  // "all tdigest functions must be of that type" (percentile_tdigest page)
  if (out.kql !== of) return unsupported(n, `${name}() with typeof(${out.kql}) of a tdigest of ${of} values`, 'HB121');
  return out;
}

/** A percentile argument: a number (read as percent). */
function percent(p: Expr, n: SNode, name: string): Expr {
  if (p.ty.kql !== 'real' && p.ty.kql !== 'long' && p.ty.kql !== 'int') return unsupported(n, `${name}() with a ${p.ty.kql} percentile`, 'HB121');
  return p;
}

/** The value ranked by rank_tdigest / percentrank_tdigest: of the values' type (an int widens to long). */
function rankValue(s: Sketch, v: Expr, n: SNode, name: string): Expr {
  const of = s.of.k === 'scalar' ? s.of.t : undefined;
  if (v.ty.kql === of) return v;
  if (v.ty.kql === 'int' && of === 'long') return convert(v, 'long');
  // "the type of value and the type of the elements in digest should be the same"
  return unsupported(n, `${name}() of a ${v.ty.kql} value in a tdigest of ${of ?? 'other'} values`, 'HB121');
}

const R = scalar('real');
const isReal = (s: Sketch) => s.of.k === 'scalar' && s.of.t === 'real';

export const HANDLERS: Record<string, Handler> = {
  hll_merge: (a, _out, n) => {
    const { s, args } = merged(a, 'hll', n, 'hll_merge');
    return fn('hll_merge_n', args, dyn(s));
  },
  tdigest_merge: (a, _out, n) => {
    const { s, args } = merged(a, 'tdigest', n, 'tdigest_merge');
    return fn('tdigest_merge_n', args, dyn(s));
  },
  merge_tdigest: (a, _out, n) => {
    const { s, args } = merged(a, 'tdigest', n, 'merge_tdigest');
    return fn('tdigest_merge_n', args, dyn(s));
  },
  dcount_hll: (a, out, n) => {
    sketchArg(a[0], 'hll', n, 'dcount_hll');
    return fn('dcount_hll', [a[0]], out);
  },
  percentile_tdigest: (a, out, n) => {
    const s = sketchArg(a[0], 'tdigest', n, 'percentile_tdigest');
    const ty = readType(s, out, n, 'percentile_tdigest');
    // a[2] is typeof(T): read through the analyzer's result type
    return fn(s.weighted ? 'tdigest_pct_w' : 'tdigest_pct', [a[0], percent(a[1], n, 'percentile_tdigest')], ty);
  },
  percentiles_array_tdigest: (a, _out, n) => {
    const s = sketchArg(a[0], 'tdigest', n, 'percentiles_array_tdigest');
    const of = readType(s, dyn({ k: 'null' }), n, 'percentiles_array_tdigest').shape;
    const ty = dyn({ k: 'list', of });
    const ps = a.slice(1);
    if (ps.length === 1 && ps[0].ty.kql === 'dynamic') {
      const p = ps[0].ty.shape;
      if (p.k !== 'list' || p.of.k !== 'scalar' || !['real', 'long', 'int'].includes(p.of.t))
        return unsupported(n, 'percentiles_array_tdigest() percentiles other than an array of numbers', 'HB121');
      return fn(s.weighted ? 'tdigest_pcts_dyn_w' : 'tdigest_pcts_dyn', [a[0], ps[0]], ty);
    }
    return fn(s.weighted ? 'tdigest_pcts_w' : 'tdigest_pcts', [a[0], ...ps.map((p) => percent(p, n, 'percentiles_array_tdigest'))], ty);
  },
  rank_tdigest: (a, _out, n) => {
    const s = sketchArg(a[0], 'tdigest', n, 'rank_tdigest');
    const v = rankValue(s, a[1], n, 'rank_tdigest');
    return fn(`tdigest_rank${s.weighted ? '_w' : ''}${isReal(s) ? '_real' : ''}`, [a[0], v], R);
  },
  percentrank_tdigest: (a, _out, n) => {
    const s = sketchArg(a[0], 'tdigest', n, 'percentrank_tdigest');
    const v = rankValue(s, a[1], n, 'percentrank_tdigest');
    return fn(`tdigest_percentrank${s.weighted ? '_w' : ''}${isReal(s) ? '_real' : ''}`, [a[0], v], R);
  },
};

export const AGGREGATES: Record<string, AggHandler> = {
  hll: (a, _out, n) => hll(a[0], undefined, a[1], n, 'hll'),
  hll_if: (a, _out, n) => hll(a[0], a[1], a[2], n, 'hll_if'),
  hll_merge: (a, _out, n) => {
    const s = sketchArg(a[0], 'hll', n, 'hll_merge');
    return agg('hll_merge', [a[0]], dyn(s));
  },
  tdigest: (a, _out, n) => tdigest(a[0], a[1], n),
  tdigest_merge: (a, _out, n) => {
    const s = sketchArg(a[0], 'tdigest', n, 'tdigest_merge');
    return agg('tdigest_merge', [a[0]], dyn(s));
  },
  merge_tdigest: (a, _out, n) => {
    const s = sketchArg(a[0], 'tdigest', n, 'merge_tdigest');
    return agg('tdigest_merge', [a[0]], dyn(s));
  },
};

// ---------------------------------------------------------------- the guard (HB111)

/** IR aggregates that carry a row's value unchanged (arg_max(ts, *) brings a stored sketch along). */
const PASS_AGGS = new Set(['any', 'any_row', 'arg_max', 'arg_min', 'arg_min_real', 'first_of_group', 'first_nonnull']);
/** IR functions that read or merge sketches. */
const READER_FNS = new Set([
  'hll_merge_n',
  'tdigest_merge_n',
  'tdigest_weigh',
  'dcount_hll',
  'tdigest_pct',
  'tdigest_pct_w',
  'tdigest_pcts',
  'tdigest_pcts_w',
  'tdigest_pcts_dyn',
  'tdigest_pcts_dyn_w',
  'tdigest_rank',
  'tdigest_rank_w',
  'tdigest_rank_real',
  'tdigest_rank_w_real',
  'tdigest_percentrank',
  'tdigest_percentrank_w',
  'tdigest_percentrank_real',
  'tdigest_percentrank_w_real',
]);
const READER_AGGS = new Set(['hll_merge', 'tdigest_merge']);

/** Whether a shape holds a sketch anywhere (a sketch, or an array or bag of them). */
function holdsSketch(s: SqlShape): boolean {
  switch (s.k) {
    case 'sketch':
      return true;
    case 'list':
      return holdsSketch(s.of);
    case 'map':
      return holdsSketch(s.value);
    case 'struct':
      return s.fields.some((f) => holdsSketch(f.shape));
    default:
      return false;
  }
}

const isSketch = (e: Expr | undefined) => !!e && e.ty.kql === 'dynamic' && holdsSketch(e.ty.shape);

/** HB111 when an operator (mv-expand, mv-apply, bag_unpack) is handed a sketch to take apart. */
export function refuseSketchOperand(e: Expr, n: SNode, what: string): void {
  if (isSketch(e)) throw new LowerError('HB111', HB111(what), n);
}

/** Whether `e` uses a sketch other than by storing it or reading it with this family's functions. */
function misuses(e: Expr): boolean {
  switch (e.k) {
    case 'fn':
      if (READER_FNS.has(e.fn)) return e.args.some((x) => !isSketch(x) && misuses(x));
      return e.args.some((x) => isSketch(x) || misuses(x));
    case 'agg':
      if (READER_AGGS.has(e.fn)) return e.args.some((x) => !isSketch(x) && misuses(x)) || (!!e.filter && (isSketch(e.filter) || misuses(e.filter)));
      if (PASS_AGGS.has(e.fn) && e.args.length > 0) return e.args.slice(1).some((x) => isSketch(x) || misuses(x)) || (!isSketch(e.args[0]) && misuses(e.args[0]));
      return [...e.args, ...(e.filter ? [e.filter] : [])].some((x) => isSketch(x) || misuses(x));
    case 'win':
      return [...e.args, ...(e.reset ? [e.reset] : [])].some((x) => isSketch(x) || misuses(x));
    case 'case':
      return [...e.whens.flat(), e.else].some((x) => isSketch(x) || misuses(x));
    case 'cast':
      return isSketch(e.e) || misuses(e.e);
    case 'insub':
      return isSketch(e.e) || misuses(e.e) || (e.rel.cols[0] !== undefined && e.rel.cols[0].ty.kql === 'dynamic' && holdsSketch(e.rel.cols[0].ty.shape));
    case 'lambda':
      return isSketch(e.body) || misuses(e.body);
    default:
      return false;
  }
}

/** Syntax that hands a value on unchanged (a sketch may pass through it). */
const PASS_SYNTAX = new Set(['ParenthesizedExpression', 'SimpleNamedExpression', 'ToScalarExpression', 'NameReference', 'BrackettedExpression', 'TokenName']);

/**
 * HB111 when the expression lowered from `n` uses a sketch (lower/expr.ts calls this for every
 * expression): syntactically — a direct operand of `n` holds a sketch and `n` is not one of this
 * family's functions — and in the IR, in case a lowering read a sketch argument at compile time
 * or built it into something else.
 */
export function refuseSketchUse(n: SNode, e: Expr, lowered: (x: SNode) => Expr | undefined, callName: (x: SNode) => string): void {
  if (PASS_SYNTAX.has(n.k)) return;
  const reader = n.k === 'FunctionCallExpression' && (n.expansion !== undefined || SKETCH_READERS.has(callName(n)));
  if (!reader) {
    const operands = (x: SNode): SNode[] => x.ch.flatMap((c) => (lowered(c) ? [c] : c.k === 'Tok' ? [] : operands(c)));
    for (const c of operands(n)) if (isSketch(lowered(c))) throw new LowerError('HB111', HB111('this use of a sketch'), n);
  }
  if (misuses(e)) throw new LowerError('HB111', HB111('this use of a sketch'), n);
}

/**
 * HB111 for a relation that shows a sketch (a result column) or uses one as a key (sort, group,
 * join, mv-expand, partition), or an expression anywhere in it that misuses one.
 */
export function refuseSketchRel(rel: Rel, node: SNode | null): void {
  const col = rel.cols.find((c) => c.ty.kql === 'dynamic' && holdsSketch(c.ty.shape));
  if (col) throw new LowerError('HB111', HB111(`the sketch '${col.name}' as a result column (Kusto shows its binary state)`), node);
  walkRel(rel, node, new Set());
}

function walkRel(r: Rel, node: SNode | null, seen: Set<Rel>): void {
  if (seen.has(r)) return;
  seen.add(r);
  const bad = (what: string): never => {
    throw new LowerError('HB111', HB111(what), node);
  };
  const exprs = (es: (Expr | undefined)[]) => {
    for (const e of es) if (e) {
      if (misuses(e)) bad('a use of a sketch');
      for (const x of subRels(e)) walkRel(x, node, seen);
    }
  };
  const keys = (es: Expr[], what: string) => {
    for (const e of es) if (isSketch(e)) bad(`a sketch as ${what}`);
    exprs(es);
  };
  switch (r.op) {
    case 'table':
      return;
    case 'values':
      exprs(r.rows.flat());
      return;
    case 'range':
      exprs([r.from, r.to, r.step]);
      return;
    case 'where':
      exprs([r.pred]);
      walkRel(r.input, node, seen);
      return;
    case 'select':
      exprs(r.items.map((i) => i.e));
      walkRel(r.input, node, seen);
      return;
    case 'aggregate':
      keys(r.keys.map((k) => k.e), 'a summarize by key');
      exprs(r.aggs.map((a) => a.e));
      walkRel(r.input, node, seen);
      return;
    case 'sort':
      keys(r.keys.map((k) => k.e), 'a sort key');
      walkRel(r.input, node, seen);
      return;
    case 'limit':
      exprs([r.n]);
      walkRel(r.input, node, seen);
      return;
    case 'join':
      keys(r.on.flat(), 'a join key');
      walkRel(r.left, node, seen);
      walkRel(r.right, node, seen);
      return;
    case 'union':
      for (const i of r.inputs) {
        exprs(i.items.map((x) => x.e));
        walkRel(i.rel, node, seen);
      }
      return;
    case 'mvexpand':
      keys(r.expands.map((x) => x.e), 'an mv-expand column');
      walkRel(r.input, node, seen);
      return;
    case 'scan':
      exprs([...r.steps.flatMap((st) => [st.cond, ...st.assign]), ...r.vars.map((v) => v.init), ...r.refs.map((x) => x.dflt)]);
      walkRel(r.input, node, seen);
      return;
    case 'partition':
      keys([r.key], 'a partition key');
      walkRel(r.input, node, seen);
      walkRel(r.body, node, seen);
      return;
    case 'shared':
      walkRel(r.input, node, seen);
      return;
    default: {
      // a new relation kind: say here which of its expressions are keys
      const unknown: never = r;
      throw new Error(`sketch guard: relation ${(unknown as Rel).op} not covered`);
    }
  }
}

/** Relations inside an expression (toscalar, in (subquery)). */
function subRels(e: Expr): Rel[] {
  switch (e.k) {
    case 'scalar':
    case 'insub':
      return [e.rel, ...(e.k === 'insub' ? subRels(e.e) : [])];
    case 'fn':
    case 'win':
      return e.args.flatMap(subRels);
    case 'agg':
      return [...e.args, ...(e.filter ? [e.filter] : [])].flatMap(subRels);
    case 'case':
      return [...e.whens.flat(), e.else].flatMap(subRels);
    case 'cast':
      return subRels(e.e);
    case 'lambda':
      return subRels(e.body);
    default:
      return [];
  }
}
