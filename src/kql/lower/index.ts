/**
 * kqlToIr: plain syntax tree → IR relation for the query's last statement.
 */
import { refuseEngineTyped } from './engine-types.ts';
import type { RenderHint } from '../api.ts';
import type { Rel } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { Ctx, kqlTypeOf, LowerError, unsupported } from './context.ts';
import { lowerStatements } from './statements.ts';
import { kids } from './syntax.ts';
import { refuseSketchRel } from './families/sketches.ts';
import { refuseNarrowedUnion } from './narrowed-union.ts';
import './tabular.ts';

export interface LowerResult {
  rel: Rel;
  render?: RenderHint;
  ctx: Ctx;
  /** The pipeline of the result statement, source first: each stage's text span and relation. */
  stages: { label: string; start: number; end: number; rel: Rel }[];
}

/** First-pass answers (evaluate pivot) and how a probe relation is keyed (its SQL). */
export interface Probes {
  values: Readonly<Record<string, (string | null)[]>>;
  key: (rel: Rel) => string;
}

export function kqlToIr(tree: SNode, text: string, catalog: Ctx['catalog'], now: string, externalData?: Record<string, string>, probes?: Probes): LowerResult {
  const cx = new Ctx(text, catalog, now);
  if (externalData) cx.externalData = externalData;
  if (probes) {
    cx.probeValues = probes.values;
    cx.probeKey = probes.key;
  }
  const stmts = kids(tree).flatMap((c) => (c.k === 'List' ? kids(c) : [c]));
  let last: ReturnType<typeof lowerStatements>;
  try {
    last = lowerStatements(stmts, cx, { cols: [] });
  } catch (err) {
    refuseNarrowedUnion(cx, undefined);
    throw err;
  }
  refuseNarrowedUnion(cx, last?.k === 'tabular' ? last.rel : undefined);
  if (!last) throw new LowerError('HB002', 'the query has no statement that returns a result', { s: 0, e: text.length });
  if (last.k !== 'tabular') return unsupported(last.node, 'a scalar expression as a query');
  refuseEngineTyped(last.rel, last.node);
  checkAnalyzerTypes(last.rel, last.node, cx);
  refuseSketchRel(last.rel, last.node);
  return { rel: last.rel, render: cx.render, ctx: cx, stages: pipelineStages(last.node, cx, text) };
}

/**
 * The result's column types are the analyzer's: a lowering that produced another type is a
 * compiler bug, reported as HB098 rather than answered with values of the wrong type.
 */
function checkAnalyzerTypes(rel: Rel, node: SNode, cx: Ctx): void {
  const want = node.cols ?? [];
  rel.cols.forEach((c, i) => {
    const w = want[i];
    // 'unknown': the analyzer could not type it (columns of evaluate plugins).
    if (!w || w.name !== c.name || w.type === 'unknown') return;
    // datetime_diff('week'): Kusto's engine returns a real where its analyzer says long (engine-types.ts)
    if (c.ty.kql === 'real' && (w.type === 'long' || w.type === 'dynamic') && cx.engineReal.has(c.name)) return;
    if (kqlTypeOf(w.type, node) !== c.ty.kql) {
      throw new LowerError('HB098', `internal error: result column '${c.name}' is ${c.ty.kql} here but ${w.type} in Kusto; please report the query`, node);
    }
  });
}

function pipelineStages(node: SNode, cx: Ctx, text: string): LowerResult['stages'] {
  const out: LowerResult['stages'] = [];
  let n: SNode | undefined = node;
  while (n) {
    const rel = cx.relOf.get(n);
    if (n.k === 'PipeExpression') {
      const [left, op] = kids(n);
      if (rel) out.push({ label: label(text, op), start: op.s, end: op.e, rel });
      n = left;
    } else {
      if (rel) out.push({ label: label(text, n), start: n.s, end: n.e, rel });
      n = undefined;
    }
  }
  return out.reverse();
}

function label(text: string, n: SNode): string {
  const t = text.slice(n.s, n.e).replace(/\s+/g, ' ').trim();
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}

export { LowerError };
