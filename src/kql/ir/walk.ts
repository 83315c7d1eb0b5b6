/**
 * Generic reads of an IR expression tree. A question about "any sub-expression" is asked through
 * `someExpr`, so that every child slot (an aggregate's filter, a window's reset, a lambda's body,
 * the left side of `in (subquery)`) is visited in one place. Sub-relations (`scalar`, the
 * subquery of `insub`) are not entered: they are queries of their own.
 */
import type { Expr } from './types.ts';

/** The direct child expressions of `e`. */
export function childExprs(e: Expr): Expr[] {
  switch (e.k) {
    case 'fn':
      return e.args;
    case 'agg':
      return e.filter ? [...e.args, e.filter] : e.args;
    case 'win':
      return e.reset ? [...e.args, e.reset] : e.args;
    case 'case':
      return [...e.whens.flat(), e.else];
    case 'cast':
    case 'insub':
      return [e.e];
    case 'lambda':
      return [e.body];
    default:
      return [];
  }
}

/** Whether `e` or any expression inside it satisfies `test`. */
export function someExpr(e: Expr, test: (x: Expr) => boolean): boolean {
  return test(e) || childExprs(e).some((c) => someExpr(c, test));
}

/** The first expression (pre-order) in `e` that satisfies `test`. */
export function findExpr(e: Expr, test: (x: Expr) => boolean): Expr | undefined {
  if (test(e)) return e;
  for (const c of childExprs(e)) {
    const hit = findExpr(c, test);
    if (hit) return hit;
  }
  return undefined;
}
