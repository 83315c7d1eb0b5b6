/**
 * Statements: the query block, `let` bindings (scalar, tabular, functions) and function bodies.
 */
import type { Expr, Rel } from '../ir/types.ts';
import type { SNode } from '../parse/index.ts';
import { type Ctx, unsupported } from './context.ts';
import { lowerExpr, tabular } from './expr.ts';
import type { RowScope } from './scope.ts';
import { kids, nameOf } from './syntax.ts';

export type StatementResult = { k: 'tabular'; rel: Rel; node: SNode } | { k: 'scalar'; e: Expr; node: SNode };

export function lowerLet(st: SNode, cx: Ctx): void {
  const [decl, value] = kids(st);
  const name = nameOf(decl);
  if (value.k === 'FunctionDeclaration') {
    const params: { name: string; tabular: boolean; dflt?: SNode }[] = [];
    const ps = value.ch.find((c) => c.k === 'FunctionParameters');
    for (const l of ps ? kids(ps) : []) {
      for (const p of l.k === 'List' ? kids(l) : [l]) {
        if (p.k !== 'FunctionParameter') continue;
        const [nt, dv] = kids(p);
        const pname = nameOf(nt);
        const tab = nt.ch.some((c) => c.k === 'SchemaTypeExpression');
        params.push({ name: pname, tabular: tab, dflt: dv ? kids(dv)[0] : undefined });
      }
    }
    const view = value.ch.some((c) => c.k === 'Tok' && c.text === 'view');
    cx.bind(name, { k: 'function', params, ...(view ? { view: true } : {}) });
    return;
  }
  if (value.cols) {
    cx.bind(name, { k: 'tabular', rel: tabular(value, cx) });
    return;
  }
  cx.bind(name, { k: 'scalar', e: lowerExpr(value, { cols: [] }, cx), node: value });
}

/** Lowers a list of statements; returns the last expression statement's value. */
export function lowerStatements(stmts: SNode[], cx: Ctx, row: RowScope): StatementResult | undefined {
  let last: StatementResult | undefined;
  for (const st of stmts) {
    switch (st.k) {
      case 'LetStatement':
        lowerLet(st, cx);
        break;
      case 'ExpressionStatement': {
        const e = kids(st)[0];
        last = e.cols ? { k: 'tabular', rel: tabular(e, cx), node: e } : { k: 'scalar', e: lowerExpr(e, row, cx), node: e };
        break;
      }
      case 'SetOptionStatement':
      case 'QueryParametersStatement':
      case 'DirectiveStatement':
        break;
      default:
        unsupported(st, `statement ${st.k}`);
    }
  }
  return last;
}

export function lowerFunctionBody(body: SNode, cx: Ctx, row: RowScope): StatementResult {
  const stmts: SNode[] = [];
  let final: SNode | undefined;
  for (const c of kids(body)) {
    if (c.k === 'List') stmts.push(...kids(c));
    else final = c;
  }
  lowerStatements(stmts, cx, row);
  if (!final) return unsupported(body, 'empty function body');
  if (final.k === 'ExpressionStatement') final = kids(final)[0];
  if (final.cols) return { k: 'tabular', rel: tabular(final, cx), node: final };
  return { k: 'scalar', e: lowerExpr(final, row, cx), node: final };
}
