/**
 * A `where` after a union, moved into each of its inputs (`union * | where * has "x"`). A union
 * of all the lab's tables (118 when measured) has about 1,700 columns; a predicate over them, evaluated after the
 * union, needs every input widened first (its mixed-kind dynamic columns rendered as JSON text and
 * so on). (A `take N` after a union cut into each input was measured slower: docs/benchmarks.md.)
 *
 * The pushed predicate is the same expression with each union column replaced by what the input
 * puts there (its own column, a conversion of it, the typed null or '' that pads a column it
 * lacks, the withsource name), cast to the union column's type as the union's SQL casts it. It is
 * therefore the same predicate over the same values, row by row: `*` keeps meaning the union's
 * columns, a column an input lacks is its padding, `$table` is the constant, whatever kind=inner
 * or outer chose. Only predicates of the row's own values move: no window, aggregate, subquery
 * or random value.
 *
 * In a filter a row is kept when its predicate is true, and through `and`/`or` a part that is
 * never true (null or false) can be dropped without changing which rows are true. The padding
 * makes many parts so: a term or substring test of a padded column's text (null or '') for a
 * non-empty needle, the null tail of termMatchAny (lower/terms.ts), a joined text's padded
 * members. Those are dropped, which is what makes the pushed predicates small; an input left
 * with `false` is left out. Where the parts cannot be dropped (under `not`), a predicate that
 * would grow well beyond the original in all is not pushed.
 */
import type { Expr, Rel } from '../ir/types.ts';
import { childExprs, someExpr } from '../ir/walk.ts';
import { sqlType } from '../sql/types.ts';
import { lit, nullOf, scalar } from './values.ts';

type Union = Extract<Rel, { op: 'union' }>;

/** Tests support: compile the plan without the moves (the naive plan answers are compared with). */
export const unionPush = { enabled: true };

const B = scalar('bool');
const FALSE: Expr = lit('false', B);
const isFalse = (e: Expr) => e.k === 'lit' && e.sql === 'false';

/** `union … | where pred` as a union of each input's matching rows, or undefined to keep the plan. */
export function whereIntoUnion(u: Rel, pred: Expr): Rel | undefined {
  if (!unionPush.enabled || u.op !== 'union' || u.inputs.length < 2) return undefined;
  const ids = new Set(u.cols.map((c) => c.id));
  const rowOnly = !someExpr(
    pred,
    (x) =>
      x.k === 'win' ||
      x.k === 'agg' ||
      x.k === 'scalar' ||
      x.k === 'insub' ||
      (x.k === 'col' && !ids.has(x.id)) ||
      (x.k === 'fn' && /rand|guid|uuid/i.test(x.fn)) ||
      (x.k === 'lit' && /random|uuid/i.test(x.sql)),
  );
  if (!rowOnly) return undefined;
  const preds = u.inputs.map((inp) => filterForm(substitute(pred, valuesOf(u, inp))));
  const total = preds.reduce((s, p) => s + size(p), 0);
  if (total > 2 * size(pred) + 64 * u.inputs.length) return undefined;
  const inputs = u.inputs.flatMap((inp, i) =>
    isFalse(preds[i]) ? [] : [{ rel: { op: 'where', input: inp.rel, pred: preds[i], cols: inp.rel.cols, ord: inp.rel.ord } as Rel, items: inp.items }],
  );
  // (no input can match: one is kept, filtered to nothing, so the union keeps its columns)
  if (!inputs.length) inputs.push({ rel: { op: 'where', input: u.inputs[0].rel, pred: FALSE, cols: u.inputs[0].rel.cols, ord: u.inputs[0].rel.ord }, items: u.inputs[0].items });
  return { ...u, inputs };
}

/** Each union column's value in one input's rows, as the union's SQL gives it. */
function valuesOf(u: Union, inp: Union['inputs'][number]): Map<string, Expr> {
  const m = new Map<string, Expr>();
  for (const it of inp.items) {
    const to = sqlType(it.col.ty.shape);
    // (the union's SQL casts every item to the column's type: a narrower struct or list widens)
    m.set(it.col.id, sqlType(it.e.ty.shape) === to ? { ...it.e, ty: it.col.ty } : { k: 'cast', e: it.e, to, try: false, ty: it.col.ty });
  }
  for (const c of u.cols) if (!m.has(c.id)) m.set(c.id, nullOf(c.ty));
  return m;
}

/** `e` with every column reference replaced by its value. */
function substitute(e: Expr, values: Map<string, Expr>): Expr {
  const s = (x: Expr) => substitute(x, values);
  switch (e.k) {
    case 'col':
      return values.get(e.id) ?? e;
    case 'fn':
      return { ...e, args: e.args.map(s) };
    case 'case':
      return { ...e, whens: e.whens.map(([w, t]) => [s(w), s(t)] as [Expr, Expr]), else: s(e.else) };
    case 'cast':
      return { ...e, e: s(e.e) };
    case 'lambda':
      return { ...e, body: s(e.body) };
    default:
      if (childExprs(e).length) throw new Error(`internal error: union-push cannot substitute inside ${e.k}`);
      return e;
  }
}

/** The number of nodes of an expression. */
function size(e: Expr): number {
  return 1 + childExprs(e).reduce((s, c) => s + size(c), 0);
}

/** The predicate with the parts that are never true dropped, through its top-level and/or. */
function filterForm(e: Expr): Expr {
  if (e.k === 'fn' && (e.fn === '$and' || e.fn === '$or')) {
    const [a, b] = e.args.map(filterForm);
    if (e.fn === '$and') return isFalse(a) || isFalse(b) ? FALSE : { ...e, args: [a, b] };
    return isFalse(a) ? b : isFalse(b) ? a : { ...e, args: [a, b] };
  }
  // termMatchAny's null tail (CASE WHEN … THEN NULL ELSE false END) and the like
  if (e.k === 'case' && [...e.whens.map((w) => w[1]), e.else].every((x) => isFalse(x) || isNullLit(x))) return FALSE;
  if (e.k === 'fn' && TEXT_TESTS.has(e.fn) && nonEmptyNeedle(e)) {
    const x = e.args[0];
    if (emptyText(x)) return FALSE;
    if (x.k === 'fn' && x.fn === '$texts_joined') {
      // (a joined text tests as its members one by one: lower/terms.ts termMatchAny)
      const members = x.args.slice(1).filter((m) => !emptyText(m));
      if (!members.length) return FALSE;
      if (members.length < x.args.length - 1) return { ...e, args: [{ ...x, args: [x.args[0], ...members] }, ...e.args.slice(1)] };
    }
  }
  return e;
}

/** Text tests (first argument the text, then the needle) that are never true of '' or null for a non-empty needle. */
const TEXT_TESTS = new Set(['term_ci', 'term_cs', 'contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs']);

/** Whether a text test's needle is a non-empty constant (term_*: the pre-filter, else the second argument). */
function nonEmptyNeedle(e: Extract<Expr, { k: 'fn' }>): boolean {
  const n = e.fn.startsWith('term_') ? e.args[2] : e.args[1];
  return n?.k === 'lit' && /^'.+'$/s.test(n.sql) && n.sql !== "'(?i)'";
}

const isNullLit = (e: Expr): boolean => e.k === 'lit' && (e.sql === 'NULL' || e.sql === (nullOf(e.ty) as { sql: string }).sql);

/** A padded value: a typed null, '' for text, the JSON text `null` of a mixed-kind dynamic column. */
function padding(e: Expr): boolean {
  if (e.k === 'cast') return padding(e.e);
  return e.k === 'lit' && (isNullLit(e) || (e.sql === "''" && e.ty.kql === 'string') || (e.sql === "'null'" && e.ty.shape.k === 'json'));
}

/**
 * Text conversions (lower/convert.ts) that give '' or null for a padded value (checked on the
 * engine in test/kql/union-push.test.ts).
 */
const TO_TEXT = new Set(['to_string', 'bool_to_string', 'bool_to_json_text', 'datetime_to_string', 'timespan_to_string', 'real_to_string', 'real_to_json_string', 'dyn_real_to_string', 'json_to_string']);

/** Whether a text is '' or null: a padded value, or one of its text conversions. */
function emptyText(x: Expr): boolean {
  if (x.k === 'lit') return padding(x) && !(x.ty.shape.k === 'json');
  if (x.k === 'fn' && TO_TEXT.has(x.fn)) return padding(x.args[0]);
  // tostring() of a bag or array: CASE WHEN x IS NULL THEN '' ELSE its JSON text END
  if (x.k === 'case') {
    const [w, t] = x.whens[0] ?? [];
    return x.whens.length === 1 && w?.k === 'fn' && w.fn === '$isnull' && padding(w.args[0]) && t?.k === 'lit' && t.sql === "''";
  }
  return false;
}
