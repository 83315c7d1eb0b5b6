/**
 * What the page and the grid's worker agree on about a result's columns, kept apart from
 * results-view.ts so the page can use it without loading arquero: how the worker reads each
 * column (`columnKinds`) and which columns a view request reads (`columnsOf`).
 */
import type { KustoResult, SortDir, ValueFilter } from './results.ts';

type ResultColumn = KustoResult['columns'][number];

/**
 * How a column's keys are read: from its Arrow buffers (the plain DuckDB types of Kusto's scalar
 * types: VARCHAR, BIGINT / INTEGER, DOUBLE, BOOLEAN, TIMESTAMP in microseconds, an all-null
 * column), or `json`: from the JSON values the page sends.
 */
export type ColumnKind = 'string' | 'guid' | 'int' | 'real' | 'bool' | 'datetime' | 'timespan' | 'null' | 'json';

/** The parts of an Arrow data type the kinds depend on (apache-arrow's and flechette's alike). */
export interface ArrowTypeInfo {
  typeId: number;
  bitWidth?: number;
  precision?: number;
  unit?: number;
}

// Arrow's type ids and units (Schema.fbs), the same numbers in apache-arrow and flechette.
const NULL = 1;
const INT = 2;
const FLOAT = 3;
const UTF8 = 5;
const BOOL = 6;
const TIMESTAMP = 10;
const LARGE_UTF8 = 20;
const DOUBLE = 2;
const MICROSECOND = 2;

/** The kind of each result column, from its Kusto type and the Arrow type DuckDB gave it. */
export function columnKinds(types: ArrowTypeInfo[], columns: ResultColumn[]): ColumnKind[] {
  return columns.map((col, c) => {
    const t = types[c];
    if (!t || col.type === 'dynamic') return 'json';
    if (t.typeId === NULL) return 'null';
    switch (col.type) {
      case 'string':
      case 'guid':
        return t.typeId === UTF8 || t.typeId === LARGE_UTF8 ? col.type : 'json';
      case 'long':
      case 'int':
        return t.typeId === INT ? 'int' : 'json';
      case 'real':
      case 'decimal':
        return t.typeId === FLOAT && t.precision === DOUBLE ? 'real' : 'json';
      case 'bool':
        return t.typeId === BOOL ? 'bool' : 'json';
      case 'datetime':
        return t.typeId === TIMESTAMP && t.unit === MICROSECOND ? 'datetime' : 'json';
      case 'timespan':
        return t.typeId === INT && t.bitWidth === 64 ? 'timespan' : 'json';
      default:
        return 'json';
    }
  });
}

export interface ViewRequest {
  filters: Record<number, string>;
  sort: { col: number; dir: SortDir } | null;
  values: ValueFilter[];
  facetCols: number[] | null;
}

/** The columns a view request reads (those whose JSON values a `json` column must have). */
export function columnsOf(req: ViewRequest): number[] {
  return [
    ...Object.entries(req.filters)
      .filter(([, f]) => f.trim() !== '')
      .map(([c]) => Number(c)),
    ...(req.sort ? [req.sort.col] : []),
    ...req.values.map((v) => v.col),
    ...(req.facetCols ?? []),
  ];
}

