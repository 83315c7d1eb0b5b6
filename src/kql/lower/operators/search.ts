import type { Expr } from '../../ir/types.ts';
import { str } from '../../sql/quote.ts';
import { unsupported } from '../context.ts';
import { fn, toStr } from '../expr.ts';
import { colRef } from '../scope.ts';
import { namedParams, paramText } from '../syntax.ts';
import { termMatch } from '../terms.ts';
import { lit, scalar } from '../values.ts';
import { kids, type OperatorLowerer, passThrough } from './common.ts';

/**
 * `T | search [kind=case_sensitive] "term"`: rows where any column has the term (term match, as
 * `has`), with a leading `$table` column. Other search forms are reported as unsupported.
 */
export const search: OperatorLowerer = (n, input, cx) => {
  if (!input) return unsupported(n, 'search as a query source (use T | search "term")');
  const params = namedParams(n);
  const cs = params.get('kind') ? paramText(params.get('kind')!).toLowerCase() === 'case_sensitive' : false;
  const terms = kids(n).filter((c) => c.k !== 'List');
  if (terms.length !== 1 || terms[0].k !== 'LiteralExpression' || typeof terms[0].value !== 'string')
    return unsupported(n, 'search with predicates other than a single "term"');
  const term = lit(str(terms[0].value), scalar('string'));
  const B = scalar('bool');
  const tests: Expr[] = input.cols.map((c) => termMatch(toStr(colRef(c)), term, 'has', cs));
  const pred = tests.reduce((a, b) => fn('$or', [a, b], B), lit('false', B) as Expr);
  const filtered = { op: 'where' as const, input, pred, cols: input.cols, ord: input.ord };
  const tableCol = cx.col(n.cols?.[0]?.name ?? '$table', scalar('string'));
  const items = [{ col: tableCol, e: lit(str('search_arg0'), scalar('string')) }, ...input.cols.map((c) => passThrough(c, cx))];
  return { op: 'select', input: filtered, items, cols: items.map((i) => i.col), ord: input.ord };
};
