import { LowerError } from '../context.ts';
import { dataOnlyColumn, findCol, type OperatorLowerer, passThrough, pipeInputOf } from './common.ts';

/**
 * `project-away`, `project-keep`, `project-reorder`: the analyzer already resolved the column
 * list (wildcards included), so the output is its columns, taken from the input by name.
 *
 * Where the analyzer's input columns are not the input's: a column it lists that the input does
 * not have (scan's match_id without with_match_id, the other fields of `a = series_stats(x)`:
 * Kusto's operator does not output them) is left out, unless the operator names it; an input
 * column it does not know (evaluate pivot's, bag_unpack's: only the data decides them) is refused,
 * since which of them the operator keeps, and where, is not worked out here.
 */
export const projectByAnalyzer: OperatorLowerer = (n, input, cx) => {
  const known = pipeInputOf(input, cx)?.cols;
  const unknown = known && dataOnlyColumn(input, known);
  // project-reorder of plain names: those columns first, then "the columns that aren't explicitly
  // ordered … at the end of the output table, in their original order" (project-reorder operator).
  // project-away of plain names: the other columns, in their order (project-away operator).
  const away = unknown && n.k === 'ProjectAwayOperator' ? plainNames(cx.text.slice(n.s, n.e), 'project-away') : undefined;
  if (away) {
    for (const name of away) if (cx.unionRenamed.has(name) || !findCol(input.cols, name)) throw new LowerError(cx.unionRenamed.has(name) ? 'HB100' : 'HB102', cx.unionRenamed.get(name)?.why ?? `unknown column '${name}'`, n);
    const out = input.cols.filter((c) => !away.includes(c.name)).map((c) => passThrough(c, cx));
    return { op: 'select', input, items: out, cols: out.map((i) => i.col), ord: input.ord };
  }
  const listed = unknown && n.k === 'ProjectReorderOperator' ? plainNames(cx.text.slice(n.s, n.e), 'project-reorder') : undefined;
  if (listed) {
    const first = listed.map((name) => {
      const c = cx.unionRenamed.has(name) ? undefined : findCol(input.cols, name);
      if (!c) throw new LowerError(cx.unionRenamed.has(name) ? 'HB100' : 'HB102', cx.unionRenamed.get(name)?.why ?? `unknown column '${name}'`, n);
      return c;
    });
    const out = [...first, ...input.cols.filter((c) => !first.includes(c))].map((c) => passThrough(c, cx));
    return { op: 'select', input, items: out, cols: out.map((i) => i.col), ord: input.ord };
  }
  if (unknown) throw new LowerError('HB100', `unsupported: ${n.k.replace(/Operator$/, '').replace(/^Project/, 'project-').toLowerCase()} after an operator whose columns only the data decides (${unknown.name})`, n);
  const text = cx.text.slice(n.s, n.e);
  const out = (n.cols ?? []).flatMap((sc) => {
    const c = findCol(input.cols, sc.name);
    if (!c && known?.some((k) => k.name === sc.name) && !text.includes(sc.name)) return [];
    if (!c) throw new LowerError('HB102', `unknown column '${sc.name}'`, n);
    return [passThrough(c, cx)];
  });
  return { op: 'select', input, items: out, cols: out.map((i) => i.col), ord: input.ord };
};

/** The names of `project-reorder a, ['b c']`, or undefined when it has wildcards or asc/desc. */
function plainNames(text: string, keyword: string): string[] | undefined {
  const m = new RegExp(`^${keyword}\\s+([\\s\\S]*)$`).exec(text.trim());
  if (!m) return undefined;
  const names: string[] = [];
  for (const part of m[1].split(',')) {
    const t = part.trim();
    const q = /^\[\s*(['"])([^'"\\]*)\1\s*\]$/.exec(t);
    if (q) names.push(q[2]);
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) names.push(t);
    else return undefined;
  }
  return names;
}
