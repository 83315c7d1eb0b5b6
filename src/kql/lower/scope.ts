import type { Col, Expr, Rel } from '../ir/types.ts';

/** The columns an expression can see, plus what kind of expression is allowed there. */
export interface RowScope {
  cols: Col[];
  /** Aggregates allowed (summarize, make-series). */
  agg?: boolean;
  /** Window functions allowed (extend/project over a serialized input). */
  win?: boolean;
  /** Inside an aggregate's argument (window functions are refused there). */
  aggArg?: boolean;
  /** For join conditions: the two sides. */
  left?: Col[];
  right?: Col[];
  /** Lambda parameters bound inside list functions. */
  params?: Map<string, Expr>;
  /** scan: `step.var` references, step name → variable → expression. */
  steps?: Map<string, Map<string, Expr>>;
  /** The relation whose rows the expression is evaluated on (for first passes over its values:
   * lower/families/host.ts); absent where there is no such relation (print, lambdas). */
  rel?: Rel;
}

export const emptyScope: RowScope = { cols: [] };

export function findCol(cols: Col[], name: string): Col | undefined {
  for (let i = cols.length - 1; i >= 0; i--) if (cols[i].name === name) return cols[i];
  return undefined;
}

export const colRef = (c: Col): Expr => ({ k: 'col', id: c.id, ty: c.ty });
