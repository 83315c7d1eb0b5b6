import type { Expr, NamedExpr, Rel } from '../../ir/types.ts';
import { unsupported } from '../context.ts';
import { fn } from '../expr.ts';
import { colRef } from '../scope.ts';
import { kids, toks } from '../syntax.ts';
import { lit, nullOf, scalar } from '../values.ts';
import type { GraphOperatorLowerer } from './graph-match.ts';
import { makeGraph, nodeRows } from './make-graph.ts';

/**
 * `G | graph-to-table nodes` or `G | graph-to-table edges` (kusto/query/graph-to-table-operator),
 * over `make-graph` with a nodes table. Edges: one row per edge, its properties (the edges
 * relation's rows). Nodes: one row per node, its properties: the nodes table's rows, then one row
 * for each id the edges name that has none, its key column holding the id and the others empty
 * (as the page's example shows Mallory). Rows are unordered.
 *
 * Refused (HB132): `with_node_id=` / `with_source_id=` / `with_target_id=` (Kusto's node hashes),
 * `as` and the two-table form, nodes of a graph without a nodes table. While the query runs
 * (HB162): a node id with several rows in the nodes table (the make-graph page merges them,
 * taking arbitrary values) and an empty node id.
 */
export const graphToTable: GraphOperatorLowerer = (n, source, cx) => {
  let src = source;
  while (src.k === 'ParenthesizedExpression') src = kids(src)[0];
  if (src.k !== 'PipeExpression' || kids(src)[1]?.k !== 'MakeGraphOperator')
    return unsupported(source, 'graph-to-table over anything but `… | make-graph …` written right before it', 'HB130');
  const clauses = n.ch.filter((c) => c.k === 'List').flatMap((l) => l.ch.filter((c) => c.k === 'GraphToTableOutputClause'));
  if (clauses.length !== 1) return unsupported(clauses[1] ?? n, 'graph-to-table of nodes and edges together', 'HB132');
  const clause = clauses[0];
  const params = clause.ch.filter((c) => c.k === 'List').flatMap(kids);
  if (params.length > 0) return unsupported(params[0], 'graph-to-table with_node_id / with_source_id / with_target_id (the ids are Kusto node hashes)', 'HB132');
  const t = toks(clause);
  if (t.length !== 1) return unsupported(clause, 'graph-to-table … as Name', 'HB132');
  const g = makeGraph(src, cx);
  const want = (n.cols ?? []).map((c) => c.name);

  if (t[0] === 'edges') {
    const items: NamedExpr[] = g.edges.cols.map((c) => ({ col: cx.col(c.name, c.ty), e: colRef(c) }));
    if (want.join('\u0000') !== items.map((i) => i.col.name).join('\u0000')) return unsupported(n, "graph-to-table edges whose analyzer columns are not the edges' columns", 'HB132');
    return { op: 'select', input: g.edges, items, cols: items.map((i) => i.col) };
  }
  if (!g.nodes) return unsupported(n, 'graph-to-table nodes of a graph without a nodes table', 'HB132');
  const B = scalar('bool');
  const T = lit('true', B);
  const nodes = nodeRows(g.nodes, cx);
  const tableCols = g.nodes.rel.cols;
  if (want.join('\u0000') !== tableCols.map((c) => c.name).join('\u0000')) return unsupported(n, "graph-to-table nodes whose analyzer columns are not the nodes table's", 'HB132');
  // the table's rows, each id on one row
  const guarded: Rel = {
    op: 'where',
    input: nodes.rel,
    pred: fn('$graph_id_not_empty', [colRef(nodes.key), fn('$graph_one_node_row', [colRef(nodes.count), T], B)], B),
    cols: nodes.rel.cols,
  };
  // the ids the edges name without a row
  const id = cx.col('__id', g.src.ty);
  const ends: Rel = { op: 'union', inputs: [g.src, g.tgt].map((c) => ({ rel: g.edges, items: [{ col: id, e: colRef(c) }] })), cols: [id] };
  const id2 = cx.col('__id', g.src.ty);
  const distinct: Rel = { op: 'aggregate', input: ends, keys: [{ col: id2, e: colRef(id) }], aggs: [], cols: [id2] };
  const id3 = cx.col('__id', g.src.ty);
  const missing: Rel = { op: 'join', kind: 'leftanti', left: distinct, right: g.nodes.rel, on: [[colRef(id2), colRef(g.nodes.key)]], items: [{ col: id3, side: 'left', from: id2.id }], cols: [id3] };
  const implied: Rel = { op: 'where', input: missing, pred: fn('$graph_id_not_empty', [colRef(id3), T], B), cols: [id3] };
  const cols = tableCols.map((c) => cx.col(c.name, c.ty));
  const empty = (ty: (typeof cols)[number]['ty']): Expr => (ty.kql === 'string' ? lit("''", ty) : nullOf(ty));
  return {
    op: 'union',
    inputs: [
      { rel: guarded, items: cols.map((col, i) => ({ col, e: colRef(nodes.rel.cols[i]) })) },
      { rel: implied, items: tableCols.map((c, i) => ({ col: cols[i], e: c === g.nodes!.key ? colRef(id3) : empty(c.ty) })) },
    ],
    cols,
  };
};
