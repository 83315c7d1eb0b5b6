import type { Col, Expr, NamedExpr, Rel } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, unsupported } from '../context.ts';
import { fn, lowerExpr } from '../expr.ts';
import { colRef, type RowScope } from '../scope.ts';
import { child, items, kids, nameOf, namedParams, toks } from '../syntax.ts';
import { dyn, lit, scalar } from '../values.ts';
import { analyzerNames, namedItems, typed } from './common.ts';
import { type Graph, makeGraph, type NodeRel, nodeRows } from './make-graph.ts';

/** A graph operator reads the unlowered pipe that builds its graph (make-graph.ts). */
export type GraphOperatorLowerer = (n: SNode, source: SNode, cx: Ctx) => Rel;

type Dir = 'right' | 'left' | 'any';
interface PatternNode {
  name?: string;
}
interface PatternEdge {
  name?: string;
  dir: Dir;
  /** A variable-length edge's occurrence bounds. */
  range?: [number, number];
}
/** One pattern edge of a branch: a fixed edge, or occurrence `occ` of the variable-length one. */
interface BranchEdge {
  name?: string;
  dir: Dir;
  occ?: number;
}

const L = scalar('long');
const B = scalar('bool');
/** The longest variable-length edge unrolled (each length is one more chain of joins). */
const MAX_LENGTH = 8;

/**
 * `G | graph-match [cycles=all|unique_edges] Pattern [where Constraints] project …`
 * (kusto/query/graph-match-operator), over `make-graph` (make-graph.ts).
 *
 * A pattern of fixed length, `(a)-[e1]->(b)<-[e2]-(c)-[e3]-(d)` with named or anonymous elements,
 * is a chain of joins: each pattern edge is the edges relation oriented as it is written (`-->`
 * source to target, `<--` target to source, `--` either way: both orientations, each a match), the
 * next edge joined on the node they share; a node variable whose properties the query reads is
 * then joined with the nodes relation by id (a left join: a node without a row has empty
 * properties, as the make-graph page says, but for the key column, which holds its id: the
 * graph-to-table page's nodes export shows such a node that way). `where` filters the joined rows through `var.Prop`
 * (lower/scope.ts `steps`), `project` makes the columns (unnamed `b.age` is the analyzer's `b_age`).
 * Each match is one row; rows are unordered.
 *
 * One variable-length edge `-[e*min..max]->` (directed, 1 <= min <= max <= 8) is unrolled: one
 * chain per length, their matches unioned. The page: a sequence matches when every edge in it
 * meets the constraints, and a property of such an edge is an array with one value per occurrence
 * (its example lists them in the pattern's reading order). So a `where` conjunct naming only that
 * edge holds for each occurrence, and `project e.Prop` is the array of the occurrences' values; a
 * conjunct mixing it with other variables, and any other expression of it, are refused (HB132).
 *
 * Cycles: by default (`unique_edges`) a match never uses one edge for two pattern edges (an edge
 * used twice always closes a cycle); `cycles=all` drops that rule. Edges are told apart by a
 * number given to each row after ordering them by all columns, so rows that are exact copies are
 * different edges, as each row is an edge.
 *
 * Refused: several comma-separated sequences, a variable named twice, `cycles=none`, more than one
 * variable-length edge, an any-direction one, zero occurrences (HB132); a graph operand that is not
 * `… | make-graph …` written before it (HB130); no `project` (the page's syntax requires it); a
 * whole variable as a value. While the query runs (HB162): a matched node whose id has several
 * rows in the nodes table (the page: an arbitrary row's properties), an empty node id, and an edge
 * from a node to itself matched by `--` (whether that is one match or two is not documented).
 */
export const graphMatch: GraphOperatorLowerer = (n, source, cx) => {
  let src = source;
  while (src.k === 'ParenthesizedExpression') src = kids(src)[0];
  if (src.k !== 'PipeExpression' || kids(src)[1]?.k !== 'MakeGraphOperator')
    return unsupported(source, 'graph-match over anything but `… | make-graph …` written right before it (a let-bound graph, a graph model)', 'HB130');

  let uniqueEdges = true;
  for (const [name, value] of namedParams(n)) {
    if (name !== 'cycles') return unsupported(value, `graph-match parameter ${name}`, 'HB132');
    const v = (value.ch.find((c) => c.k === 'Tok')?.text ?? nameOf(value)).toLowerCase();
    if (v === 'all') uniqueEdges = false;
    else if (v !== 'unique_edges') return unsupported(value, `graph-match cycles=${v} (only all and unique_edges, the default, are supported)`, 'HB132');
  }

  const patterns = n.ch.filter((c) => c.k === 'List').flatMap((l) => l.ch.filter((c) => c.k === 'GraphMatchPattern'));
  if (patterns.length !== 1) return unsupported(patterns[1] ?? n, 'graph-match with several comma-separated pattern sequences', 'HB132');
  const { nodes, edges } = readPattern(patterns[0]);

  const where = child(n, 'WhereClause');
  const projectClause = child(n, 'ProjectClause');
  if (!projectClause) return unsupported(n, 'graph-match without project (its syntax requires one; what it returns without is not documented)', 'HB132');
  const clauses = [where, projectClause].filter((c): c is SNode => c !== undefined);
  for (const c of clauses) refuseWholeVariables(c);
  const read = readVariables(clauses);

  // The variable-length edge, if any: its where conjuncts and project items are read per occurrence.
  const vi = edges.findIndex((e) => e.range);
  const varEdge = vi >= 0 ? edges[vi] : undefined;
  const conjuncts = where ? conjunctsOf(kids(where)[0]) : [];
  if (varEdge?.name) {
    for (const c of conjuncts) {
      const vars = readVariables([c]);
      if (vars.has(varEdge.name) && vars.size > 1)
        return unsupported(c, `a graph-match constraint mixing the variable-length edge '${varEdge.name}' with other variables (split it with and)`, 'HB132');
    }
    for (const it of items(projectClause)) {
      const expr = it.k === 'SimpleNamedExpression' ? kids(it)[1] : it;
      if (!readVariables([expr]).has(varEdge.name)) continue;
      const base = expr.k === 'PathExpression' ? kids(expr)[0] : undefined;
      if (!(base?.k === 'NameReference' && nameOf(base) === varEdge.name && kids(expr)[1]?.k === 'NameReference'))
        return unsupported(expr, `a graph-match projection of the variable-length edge '${varEdge.name}' other than ${varEdge.name}.Prop`, 'HB132');
    }
  }

  const g = makeGraph(src, cx);

  // Edges told apart by their rank among all columns (copies of a row are distinct edges).
  let edgeRel = g.edges;
  let rid: Col | undefined;
  if (uniqueEdges && (edges.length > 1 || (varEdge?.range?.[1] ?? 1) > 1)) {
    const ord = cx.ord();
    edgeRel = { op: 'sort', input: g.edges, keys: g.edges.cols.map((c) => ({ e: colRef(c), desc: false, nullsFirst: true })), cols: g.edges.cols, ord };
    rid = { name: '__edge', id: ord, ty: L };
  }
  const nodeRel = g.nodes && nodes.some((p) => p.name && read.has(p.name)) ? nodeRows(g.nodes, cx) : undefined;

  const lengths = varEdge?.range ? Array.from({ length: varEdge.range[1] - varEdge.range[0] + 1 }, (_, i) => varEdge.range![0] + i) : [1];
  const branches = lengths.map((len) => {
    const bnodes: PatternNode[] = [];
    const bedges: BranchEdge[] = [];
    for (const [i, e] of edges.entries()) {
      bnodes.push(nodes[i]);
      if (!e.range) {
        bedges.push({ name: e.name, dir: e.dir });
        continue;
      }
      for (let k = 0; k < len; k++) {
        if (k > 0) bnodes.push({});
        bedges.push({ name: e.name, dir: e.dir, occ: k });
      }
    }
    bnodes.push(nodes.at(-1)!);
    return branch({ g, edgeRel, rid, nodeRel, nodes: bnodes, edges: bedges, read, conjuncts, varName: varEdge?.name, projectClause, n, cx });
  });
  if (branches.length === 1) return branches[0];
  // The lengths' matches together, in the first one's columns (all lengths give the same types).
  const cols = branches[0].items.map((it) => it.col);
  return { op: 'union', inputs: branches.map((b) => ({ rel: b.input, items: b.items.map((it, j) => ({ col: cols[j], e: it.e })) })), cols };
};

/** The pattern's nodes and edges, checked: alternating, named at most once each, one variable-length edge at most. */
function readPattern(pattern: SNode): { nodes: PatternNode[]; edges: PatternEdge[] } {
  const elements = items(pattern);
  const nodes: PatternNode[] = [];
  const edges: PatternEdge[] = [];
  const names = new Set<string>();
  const declare = (el: SNode): string | undefined => {
    const d = child(el, 'NameDeclaration');
    if (!d) return undefined;
    const name = nameOf(d);
    if (names.has(name)) return unsupported(d, `graph-match pattern naming the variable '${name}' twice`, 'HB132');
    names.add(name);
    return name;
  };
  for (const [i, el] of elements.entries()) {
    const want = i % 2 === 0 ? 'GraphMatchPatternNode' : 'GraphMatchPatternEdge';
    if (el.k !== want) return unsupported(el, `graph-match pattern element ${el.k}`, 'HB132');
    if (el.k === 'GraphMatchPatternNode') {
      nodes.push({ name: declare(el) });
      continue;
    }
    const t = toks(el);
    const leftArrow = t[0]?.startsWith('<') ?? false;
    const rightArrow = t.at(-1)?.endsWith('>') ?? false;
    if (leftArrow && rightArrow) return unsupported(el, 'graph-match edge with arrows at both ends', 'HB132');
    const edge: PatternEdge = { name: declare(el), dir: leftArrow ? 'left' : rightArrow ? 'right' : 'any' };
    const rangeNode = child(el, 'GraphMatchPatternEdgeRange');
    if (rangeNode) {
      if (edges.some((e) => e.range)) return unsupported(rangeNode, 'graph-match with more than one variable-length edge', 'HB132');
      if (edge.dir === 'any') return unsupported(el, 'graph-match variable-length edge of any direction (whether each occurrence may take its own direction is not documented)', 'HB132');
      const bounds = kids(rangeNode).map((b) => (b.k === 'LiteralExpression' && /^[0-9]+$/.test(toks(b)[0] ?? '') ? Number(toks(b)[0]) : Number.NaN));
      const [lo, hi] = bounds;
      if (bounds.length !== 2 || !Number.isInteger(lo) || !Number.isInteger(hi)) return unsupported(rangeNode, 'graph-match variable-length edge without two whole-number bounds', 'HB132');
      if (lo < 1) return unsupported(rangeNode, 'graph-match variable-length edge of zero occurrences', 'HB132');
      if (hi < lo) return unsupported(rangeNode, 'graph-match variable-length edge whose maximum is below its minimum', 'HB132');
      if (hi > MAX_LENGTH) return unsupported(rangeNode, `graph-match variable-length edge of more than ${MAX_LENGTH} occurrences`, 'HB132');
      edge.range = [lo, hi];
    }
    edges.push(edge);
  }
  if (edges.length === 0 || nodes.length !== edges.length + 1) return unsupported(pattern, 'graph-match pattern without an edge', 'HB132');
  return { nodes, edges };
}

/** The top-level `and` operands of a constraint. */
function conjunctsOf(x: SNode): SNode[] {
  if (x.k === 'ParenthesizedExpression') {
    const inner = kids(x)[0];
    return inner.k === 'BinaryExpression' && inner.sym?.name === 'And' ? conjunctsOf(inner) : [x];
  }
  if (x.k === 'BinaryExpression' && x.sym?.name === 'And') return kids(x).flatMap(conjunctsOf);
  return [x];
}

interface BranchInput {
  g: Graph;
  edgeRel: Rel;
  rid: Col | undefined;
  nodeRel: NodeRel | undefined;
  nodes: PatternNode[];
  edges: BranchEdge[];
  read: Set<string>;
  conjuncts: SNode[];
  varName: string | undefined;
  projectClause: SNode;
  n: SNode;
  cx: Ctx;
}

/** One chain of joins (a fixed-length pattern), its constraint and its projection. */
function branch(b: BranchInput): Extract<Rel, { op: 'select' }> {
  const { g, edgeRel, rid, nodeRel, nodes, edges, read, cx } = b;
  // The chain: slots name each value (`n0` a node id, `e1.Prop`, `e1#edge`, `n2.Prop` …).
  let cur: Bound | undefined;
  for (const [i, e] of edges.entries()) {
    const o = oriented(g, edgeRel, rid, e.dir, `e${i + 1}`, cx);
    if (!cur) {
      cur = { rel: o.rel, slots: new Map([...o.slots].map(([k, c]) => [k === '#from' ? 'n0' : k === '#to' ? 'n1' : k, c])) };
      continue;
    }
    const right = new Map([...o.slots].filter(([k]) => k !== '#from').map(([k, c]) => [k === '#to' ? `n${i + 1}` : k, c]));
    cur = joinIn(cur, o.rel, right, [cur.slots.get(`n${i}`)!, o.slots.get('#from')!], 'inner', cx);
  }
  if (!cur) return unsupported(b.n, 'graph-match pattern without an edge', 'HB132');
  for (const [p, node] of nodes.entries()) {
    if (!node.name || !read.has(node.name) || !nodeRel) continue;
    const right = new Map<string, Col>(nodeRel.rel.cols.map((c) => [c === nodeRel.count ? `n${p}#rows` : `n${p}.${c.name}`, c]));
    cur = joinIn(cur, nodeRel.rel, right, [cur.slots.get(`n${p}`)!, nodeRel.key], 'leftouter', cx);
  }
  // `var.Prop` → the column holding it (lower/scope.ts steps), read off the finished chain
  const slots = cur.slots;
  const steps = new Map<string, Map<string, Expr>>();
  for (const [p, node] of nodes.entries()) {
    if (!node.name || !read.has(node.name)) continue;
    if (g.idProperty) steps.set(node.name, new Map([[g.idProperty, colRef(slots.get(`n${p}`)!)]]));
    // A node without a row still has its id as the key property (graph-to-table page: the nodes
    // export shows an edge-only node's key column filled, its other columns empty).
    if (nodeRel)
      steps.set(
        node.name,
        new Map(nodeRel.rel.cols.filter((c) => c !== nodeRel.count).map((c) => [c.name, colRef(slots.get(c === nodeRel.key ? `n${p}` : `n${p}.${c.name}`)!)])),
      );
  }
  const propsOf = (i: number) => new Map<string, Expr>(g.edges.cols.map((c) => [c.name, colRef(slots.get(`e${i + 1}.${c.name}`)!)]));
  const occurrences: Map<string, Expr>[] = [];
  for (const [i, e] of edges.entries()) {
    if (!e.name) continue;
    if (e.occ === undefined) steps.set(e.name, propsOf(i));
    else occurrences.push(propsOf(i));
  }

  // The constraint: a conjunct of the variable-length edge holds for each of its occurrences.
  const scope: RowScope = { cols: [], steps };
  const T = lit('true', B);
  const and = (x: Expr, y: Expr): Expr => (x === T ? y : fn('$and', [x, y], B));
  let pred: Expr = T;
  for (const c of b.conjuncts) {
    if (b.varName && readVariables([c]).has(b.varName)) {
      for (const occ of occurrences) pred = and(pred, lowerExpr(c, { cols: [], steps: new Map([[b.varName, occ]]) }, cx));
    } else pred = and(pred, lowerExpr(c, scope, cx));
  }
  // The guards wrap the constraint, so they are met before it can drop a row.
  for (const [p, node] of nodes.entries()) {
    const rows = slots.get(`n${p}#rows`);
    if (rows && node.name) pred = fn('$graph_one_node_row', [colRef(rows), pred], B);
  }
  for (const [i, e] of edges.entries()) if (e.dir === 'any') pred = fn('$graph_loop_any_direction', [colRef(slots.get(`e${i + 1}#loop`)!), pred], B);
  for (let p = 0; p < nodes.length; p++) pred = fn('$graph_id_not_empty', [colRef(slots.get(`n${p}`)!), pred], B);
  if (rid)
    for (let i = 1; i <= edges.length; i++)
      for (let j = i + 1; j <= edges.length; j++) pred = fn('$and', [pred, fn('$ne', [colRef(slots.get(`e${i}#edge`)!), colRef(slots.get(`e${j}#edge`)!)], B)], B);
  const matched: Rel = { op: 'where', input: cur.rel, pred, cols: cur.rel.cols };

  // A variable-length edge's property is the array of its occurrences' values, in pattern order.
  if (b.varName) {
    const arrays = new Map<string, Expr>();
    for (const c of g.edges.cols) {
      const vals = occurrences.map((o) => o.get(c.name)!);
      const of = vals[0].ty.shape;
      if (c.ty.kql === 'dynamic' && of.k === 'json') continue;
      arrays.set(c.name, fn('pack_array', vals, dyn({ k: 'list', of })));
    }
    steps.set(b.varName, arrays);
  }
  const lowered = namedItems(items(b.projectClause), matched, cx, scope, []);
  const at = analyzerNames(lowered, (b.n.cols ?? []).map((c) => c.name));
  const out = typed(
    lowered.map((it, i) => ({ col: { ...it.col, name: at[i] ?? it.col.name }, e: it.e })),
    b.n,
    cx,
  );
  return { op: 'select', input: matched, items: out, cols: out.map((i) => i.col) };
}

interface Bound {
  rel: Rel;
  slots: Map<string, Col>;
}

/**
 * One pattern edge: the edges relation with `#from`/`#to` the node ids in the pattern's reading
 * order, each property as `eN.Prop`, the edge's number as `eN#edge` and, for `--` (both
 * orientations), whether the edge is a loop as `eN#loop`.
 */
function oriented(g: Graph, rel: Rel, rid: Col | undefined, dir: Dir, tag: string, cx: Ctx): { rel: Rel; slots: Map<string, Col> } {
  const keys = ['#from', '#to', ...g.edges.cols.map((c) => `${tag}.${c.name}`), ...(rid ? [`${tag}#edge`] : []), ...(dir === 'any' ? [`${tag}#loop`] : [])];
  const cols = keys.map((k, i) => cx.col(k.replace(/^.*[.#]/, '__'), i < 2 ? g.src.ty : k.endsWith('#edge') ? L : k.endsWith('#loop') ? B : g.edges.cols[i - 2].ty));
  const branch = (from: Col, to: Col): NamedExpr[] =>
    keys.map((k, i) => ({
      col: cols[i],
      e:
        i === 0 ? colRef(from)
        : i === 1 ? colRef(to)
        : k.endsWith('#edge') ? colRef(rid!)
        : k.endsWith('#loop') ? fn('$eq', [colRef(g.src), colRef(g.tgt)], B)
        : colRef(g.edges.cols[i - 2]),
    }));
  const slots = new Map(keys.map((k, i) => [k, cols[i]]));
  if (dir !== 'any') {
    const its = dir === 'right' ? branch(g.src, g.tgt) : branch(g.tgt, g.src);
    return { rel: { op: 'select', input: rel, items: its, cols }, slots };
  }
  return { rel: { op: 'union', inputs: [{ rel, items: branch(g.src, g.tgt) }, { rel, items: branch(g.tgt, g.src) }], cols }, slots };
}

/** Joins `right` into the chain on one pair of columns, every slot carried on under a new id. */
function joinIn(cur: Bound, right: Rel, rslots: Map<string, Col>, on: [Col, Col], kind: 'inner' | 'leftouter', cx: Ctx): Bound {
  const slots = new Map<string, Col>();
  const its: { col: Col; side: 'left' | 'right'; from: string }[] = [];
  for (const [k, c] of cur.slots) {
    const col = cx.col(c.name, c.ty);
    its.push({ col, side: 'left', from: c.id });
    slots.set(k, col);
  }
  for (const [k, c] of rslots) {
    const col = cx.col(c.name, c.ty);
    its.push({ col, side: 'right', from: c.id });
    slots.set(k, col);
  }
  const rel: Rel = { op: 'join', kind, left: cur.rel, right, on: [[colRef(on[0]), colRef(on[1])]], items: its, cols: its.map((x) => x.col) };
  return { rel, slots };
}

/** The pattern variables whose properties the clauses read (`v.Prop`). */
function readVariables(clauses: SNode[]): Set<string> {
  const out = new Set<string>();
  const walk = (x: SNode) => {
    if (x.k === 'PathExpression') {
      const base = kids(x)[0];
      if (base?.k === 'NameReference' && base.ty === 'tuple') out.add(nameOf(base));
    }
    for (const c of x.ch) walk(c);
  };
  for (const c of clauses) walk(c);
  return out;
}

/** A variable used as a value (`project a`) rather than through a property (`a.Prop`). */
function refuseWholeVariables(clause: SNode): void {
  const walk = (x: SNode, parent: SNode | undefined) => {
    if (x.k === 'NameReference' && x.ty === 'tuple' && !(parent?.k === 'PathExpression' && kids(parent)[0] === x))
      unsupported(x, `a whole graph-match variable ('${nameOf(x)}') as a value: only its properties (${nameOf(x)}.Prop) are supported`, 'HB132');
    for (const c of x.ch) walk(c, x);
  };
  walk(clause, undefined);
}
