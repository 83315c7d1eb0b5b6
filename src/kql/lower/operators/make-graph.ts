import type { Col, Rel } from '../../ir/types.ts';
import { colRef } from '../scope.ts';
import { scalar } from '../values.ts';
import type { SNode } from '../../parse/index.ts';
import { type Ctx, LowerError, unsupported } from '../context.ts';
import { tabular } from '../expr.ts';
import { findCol } from '../scope.ts';
import { kids, nameOf } from '../syntax.ts';

/**
 * A graph as `make-graph` builds it (kusto/query/make-graph-operator): every row of the edges
 * relation is an edge whose properties are the row's columns, from the node `src` names to the
 * node `tgt` names. Nodes come from one nodes relation (each row a node whose properties are its
 * columns, `key` its id) or, with `with_node_id=Name`, carry only their id as property `Name`.
 * A node an edge names without a row in the nodes relation has "empty properties" (the page).
 */
export interface Graph {
  edges: Rel;
  src: Col;
  tgt: Col;
  nodes?: { rel: Rel; key: Col };
  /** `with_node_id=Name`: the property holding each node's id. */
  idProperty?: string;
}

/**
 * `Edges | make-graph Src --> Tgt [with Nodes on Key | with_node_id=Name]`, read from the pipe
 * whose operator it is. It is never lowered on its own: only the graph operator after it
 * (graph-match.ts) reads it, so a graph cannot reach any other operator or the result (anywhere
 * else `make-graph` stays HB130, as before). Refused (HB132): two nodes tables (the page merges
 * their properties, taking an arbitrary value where they conflict), `partitioned-by`, node ids
 * that are not strings (a null id's meaning is not documented).
 */
export function makeGraph(pipe: SNode, cx: Ctx): Graph {
  const [left, op] = kids(pipe);
  const edges = tabular(left, cx);
  const refs = kids(op).filter((c) => c.k === 'NameReference');
  const [srcNode, tgtNode] = refs;
  if (!srcNode || !tgtNode) return unsupported(op, 'make-graph without a source and a target column', 'HB132');
  const column = (rel: Rel, ref: SNode, what: string): Col => {
    const c = findCol(rel.cols, nameOf(ref));
    if (!c) throw new LowerError('HB102', `make-graph: ${what} has no column '${nameOf(ref)}'`, ref);
    if (c.ty.kql !== 'string') return unsupported(ref, `make-graph node ids of type ${c.ty.kql} (string ids only: what a null id means is not documented)`, 'HB132');
    return c;
  };
  const graph: Graph = { edges, src: column(edges, srcNode, 'the edges table'), tgt: column(edges, tgtNode, 'the edges table') };
  for (const clause of kids(op)) {
    if (clause.k === 'MakeGraphWithImplicitIdClause') {
      graph.idProperty = nameOf(kids(clause)[0] ?? clause);
      continue;
    }
    if (clause.k === 'MakeGraphWithTablesAndKeysClause') {
      const tables = kids(kids(clause).find((c) => c.k === 'List') ?? clause).filter((c) => c.k === 'MakeGraphTableAndKeyClause');
      if (tables.length !== 1)
        return unsupported(tables[1] ?? clause, 'make-graph with two nodes tables (the page merges their properties and takes an arbitrary value where they conflict)', 'HB132');
      const [tableNode, keyNode] = kids(tables[0]);
      const rel = tabular(tableNode, cx);
      graph.nodes = { rel, key: column(rel, keyNode, 'the nodes table') };
      continue;
    }
    if (clause.k === 'NameReference' || (clause.k === 'List' && kids(clause).length === 0)) continue;
    return unsupported(clause, `make-graph ${clause.k.replace(/^MakeGraph|Clause$/g, '') || 'clause'}`, 'HB132');
  }
  return graph;
}

/** The nodes relation with, on each row, how many rows share its id (`count`). */
export interface NodeRel {
  rel: Rel;
  key: Col;
  count: Col;
}

export function nodeRows(nodes: { rel: Rel; key: Col }, cx: Ctx): NodeRel {
  const L = scalar('long');
  const { rel, key } = nodes;
  const k2 = cx.col('__node', key.ty);
  const count = cx.col('__rows', L);
  const counts: Rel = { op: 'aggregate', input: rel, keys: [{ col: k2, e: colRef(key) }], aggs: [{ col: count, e: { k: 'agg', fn: 'count', args: [], ty: L } }], cols: [k2, count] };
  const its = [
    ...rel.cols.map((c) => ({ col: cx.col(c.name, c.ty), side: 'left' as const, from: c.id })),
    { col: cx.col('__rows', L), side: 'right' as const, from: count.id },
  ];
  const joined: Rel = { op: 'join', kind: 'inner', left: rel, right: counts, on: [[colRef(key), colRef(k2)]], items: its, cols: its.map((x) => x.col) };
  return { rel: joined, key: its[rel.cols.indexOf(key)].col, count: its.at(-1)!.col };
}
