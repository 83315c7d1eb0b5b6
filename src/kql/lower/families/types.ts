import type { Expr, Ty } from '../../ir/types.ts';
import type { SNode } from '../../parse/index.ts';
import type { Ctx } from '../context.ts';
import type { RowScope } from '../scope.ts';

/**
 * A scalar function: its lowered arguments, the analyzer's result type, the call node (for
 * positions in diagnostics), the argument nodes, the row scope and the lowering context. Every
 * argument must end up in the result or be consumed (lower/consume.ts), else HB120.
 */
export type Handler = (a: Expr[], out: Ty, n: SNode, args: SNode[], row: RowScope, cx: Ctx) => Expr;

/** An aggregate: arguments lowered in the row scope; returns an IR `agg` expression (or one built on several). */
export type AggHandler = (a: Expr[], out: Ty, n: SNode) => Expr;

/** An IR aggregate call. */
export const agg = (f: string, args: Expr[], ty: Ty, filter?: Expr): Expr => ({ k: 'agg', fn: f, args, ty, filter });
