/**
 * The grid's views of a result, DOM-free: per-column text filters, value filters, sorting and
 * facets, computed with arquero. Used by the grid's worker (grid-worker.ts), or in-process where
 * there is no Worker; kept out of results.ts so the page's start-up does not load arquero.
 */
import { escape as aqEscape, table as aqTable, type ColumnTable, desc } from 'arquero';
import { cellText, type Facet, type JsonValue, type KustoResult, type SortDir, sortKey, type ValueFilter, valueKey } from './results.ts';

/**
 * The result as an arquero table over the columns a view needs: `i` (the row index), `s<c>` sort
 * keys, `t<c>` lower-cased cell text for text filters, `v<c>` value keys for value filters and
 * facets. Columns are built only when asked for; the JSON rows stay the source of truth.
 */
function frame(result: KustoResult, need: { sort?: number[]; text?: number[]; value?: number[] }): ColumnTable {
  const rows = result.rows;
  const n = rows.length;
  const cols: Record<string, ArrayLike<unknown>> = { i: Uint32Array.from({ length: n }, (_, i) => i) };
  for (const c of new Set(need.sort ?? [])) {
    const type = result.columns[c]?.type ?? '';
    cols[`s${c}`] = rows.map((r) => sortKey(type, r[c]));
  }
  for (const c of new Set(need.text ?? [])) cols[`t${c}`] = rows.map((r) => cellText(r[c]).toLowerCase());
  for (const c of new Set(need.value ?? [])) cols[`v${c}`] = rows.map((r) => valueKey(r[c]));
  return aqTable(cols);
}

/**
 * Row indices of `result` after per-column text filters (case-insensitive substring of the cell
 * text), value filters (include / exclude a value, from the facets pane) and an optional sort by
 * value (stable; nulls first ascending, last descending — Kusto's convention). Computed with
 * arquero.
 */
export function viewIndices(
  result: KustoResult,
  filters: Record<number, string>,
  sort: { col: number; dir: SortDir } | null,
  values: ValueFilter[] = [],
): Uint32Array | number[] {
  const active = Object.entries(filters)
    .filter(([, f]) => f.trim() !== '')
    .map(([c, f]) => [Number(c), f.trim().toLowerCase()] as const);
  if (!active.length && !sort && !values.length) return Uint32Array.from({ length: result.rows.length }, (_, i) => i);
  let t = frame(result, { sort: sort ? [sort.col] : [], text: active.map(([c]) => c), value: values.map((v) => v.col) });
  for (const [c, f] of active) {
    const name = `t${c}`;
    t = t.filter(aqEscape((d: Record<string, string>) => d[name].includes(f)));
  }
  for (const v of values) {
    const name = `v${v.col}`;
    const key = valueKey(v.value);
    t = t.filter(v.exclude ? aqEscape((d: Record<string, unknown>) => d[name] !== key) : aqEscape((d: Record<string, unknown>) => d[name] === key));
  }
  if (sort) t = t.orderby(sort.dir === 'asc' ? `s${sort.col}` : desc(`s${sort.col}`), 'i');
  return Uint32Array.from(t.array('i') as ArrayLike<number>);
}

/**
 * Facets (like Defender's result filters): for each of `cols`, its `top` most frequent values
 * among the rows `indices` (the grid's current view), most frequent first, ties by value text.
 */
export function facets(result: KustoResult, indices: ArrayLike<number>, cols: number[], top = 5): Facet[] {
  const sub: KustoResult = { columns: result.columns, rows: Array.from(indices, (i) => result.rows[i]) };
  const t = frame(sub, { value: cols });
  return cols.map((c) => {
    const name = `v${c}`;
    const counts = t.groupby(name).count({ as: 'n' });
    const best = counts.orderby(desc('n'), name).slice(0, top).objects() as Record<string, string | number | boolean | null>[];
    const dynamic = result.columns[c]?.type === 'dynamic';
    return {
      col: c,
      distinct: counts.numRows(),
      top: best.map((b) => {
        const key = b[name];
        // dynamic values were grouped by their JSON text; give the value back
        const value = (dynamic && typeof key === 'string' && /^[[{]/.test(key) ? JSON.parse(key) : key) as JsonValue;
        return { value, text: value === null ? 'null' : cellText(value) || '(empty)', count: Number(b.n) };
      }),
    };
  });
}
