/**
 * From a result (and the query's `render` hint, if any) to a chart spec: which columns are x, y and
 * series, following Kusto's defaults (first column x; numeric columns y; string columns split series).
 */
import type { RenderHint } from '../kql/api.ts';
import type { KustoResult } from './results.ts';

export type ChartKind = 'timechart' | 'linechart' | 'areachart' | 'barchart' | 'columnchart' | 'piechart' | 'scatterchart';
export const CHART_KINDS: ChartKind[] = ['timechart', 'linechart', 'areachart', 'columnchart', 'barchart', 'piechart', 'scatterchart'];

export interface ChartPoint {
  x: Date | number | string;
  y: number;
  series: string;
}

export interface ChartSpec {
  kind: ChartKind;
  title?: string;
  xLabel: string;
  yLabel: string;
  xType: 'time' | 'number' | 'category';
  points: ChartPoint[];
  series: string[];
}

const NUM = new Set(['long', 'int', 'real', 'decimal', 'timespan']);

export function chartKindOf(hint: RenderHint | undefined): ChartKind | null {
  const v = hint?.visualization?.toLowerCase();
  if (!v) return null;
  if ((CHART_KINDS as string[]).includes(v)) return v as ChartKind;
  if (v === 'anomalychart') return 'timechart';
  if (v === 'stackedareachart') return 'areachart';
  return null;
}

function prop(hint: RenderHint | undefined, key: string): string[] {
  const v = hint?.properties?.[key];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map((s) => s.trim()).filter(Boolean);
}

/** A chart spec, or a message saying why this result cannot be drawn as `kind`. */
export function chartSpec(result: KustoResult, kind: ChartKind, hint?: RenderHint): ChartSpec | string {
  const cols = result.columns;
  if (!cols.length || !result.rows.length) return 'No rows to chart.';
  const idx = (name: string) => cols.findIndex((c) => c.name === name);
  const isNum = (i: number) => NUM.has(cols[i].type);
  const timeish = kind === 'timechart' || kind === 'linechart' || kind === 'areachart';

  let x = prop(hint, 'xcolumn').map(idx).find((i) => i >= 0) ?? -1;
  if (x < 0) {
    if (timeish) x = cols.findIndex((c) => c.type === 'datetime');
    if (x < 0 && kind === 'scatterchart') x = cols.findIndex((c) => NUM.has(c.type) || c.type === 'datetime');
    if (x < 0 && (kind === 'barchart' || kind === 'columnchart' || kind === 'piechart')) x = cols.findIndex((c) => !NUM.has(c.type));
    if (x < 0) x = 0;
  }
  let ys = prop(hint, 'ycolumns').map(idx).filter((i) => i >= 0 && i !== x);
  if (!ys.length) ys = cols.map((_, i) => i).filter((i) => i !== x && isNum(i));
  if (kind === 'piechart' || kind === 'scatterchart') ys = ys.slice(0, 1);
  if (!ys.length) return `A ${kind} needs a numeric column to plot.`;
  let seriesCols = prop(hint, 'series').map(idx).filter((i) => i >= 0);
  if (!seriesCols.length && kind !== 'piechart') {
    seriesCols = cols.map((_, i) => i).filter((i) => i !== x && !ys.includes(i) && (cols[i].type === 'string' || cols[i].type === 'bool'));
    seriesCols = seriesCols.slice(0, 1);
  }
  const xType: ChartSpec['xType'] = cols[x].type === 'datetime' ? 'time' : isNum(x) ? 'number' : 'category';
  if (timeish && xType === 'category') return `A ${kind} needs a datetime or numeric x column.`;

  const points: ChartPoint[] = [];
  const seriesSet = new Set<string>();
  for (const row of result.rows) {
    const xv = row[x];
    if (xv === null) continue;
    const xval = xType === 'time' ? new Date(String(xv)) : xType === 'number' ? Number(xv) : String(xv);
    const s0 = seriesCols.map((i) => String(row[i] ?? '')).join(' / ');
    for (const y of ys) {
      const yv = row[y];
      if (yv === null) continue;
      const series = ys.length > 1 ? (s0 ? `${s0} / ${cols[y].name}` : cols[y].name) : s0 || cols[y].name;
      seriesSet.add(series);
      points.push({ x: xval, y: Number(yv), series });
    }
  }
  if (timeish) points.sort((a, b) => Number(a.x) - Number(b.x));
  return {
    kind,
    title: prop(hint, 'title')[0],
    xLabel: prop(hint, 'xtitle')[0] ?? cols[x].name,
    yLabel: prop(hint, 'ytitle')[0] ?? (ys.length === 1 ? cols[ys[0]].name : ''),
    xType,
    points,
    series: [...seriesSet],
  };
}
