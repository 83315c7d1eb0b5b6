/**
 * kqlToIr: plain syntax tree → IR relation for the query's last statement.
 */
import type { RenderHint } from '../api.ts';
import type { Rel } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { Ctx, LowerError, unsupported } from './context.ts';
import { lowerStatements } from './statements.ts';
import { kids } from './syntax.ts';
import './tabular.ts';

export interface LowerResult {
  rel: Rel;
  render?: RenderHint;
  ctx: Ctx;
}

export function kqlToIr(tree: SNode, text: string, catalog: Ctx['catalog'], now: string): LowerResult {
  const cx = new Ctx(text, catalog, now);
  const stmts = kids(tree).flatMap((c) => (c.k === 'List' ? kids(c) : [c]));
  const last = lowerStatements(stmts, cx, { cols: [] });
  if (!last) throw new LowerError('HB002', 'the query has no statement that returns a result', { s: 0, e: text.length });
  if (last.k !== 'tabular') return unsupported(last.node, 'a scalar expression as a query');
  return { rel: last.rel, render: cx.render, ctx: cx };
}

export { LowerError };
