/**
 * From a result (and the query's `render` hint, if any) to a chart spec: which columns are x, y and
 * series, following Kusto's defaults (first column x; numeric columns y; string columns split series).
 */
import type { RenderHint } from '../kql/api.ts';
import { type JsonValue, type KustoResult, timespanMicros } from './results.ts';

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
  /** Values not drawn: rows whose x is null or not a number, y cells that are null, NaN or infinite. */
  skipped: number;
}

const NUM = new Set(['long', 'int', 'real', 'decimal', 'timespan']);

/**
 * Series colours: ten strong hues, then the same hues lighter, so up to twenty series are told apart.
 * Past twenty a colour would stand for two series; the chart says so instead of leaving it to the eye.
 */
export const SERIES_PALETTE = [
  '#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#9498a0',
  '#1f3f8f', '#a87a00', '#c23b22', '#2e8c77', '#1f6b2e', '#c24f7d', '#6a2fb5', '#4c7fd6', '#6b4329', '#5d6068',
];

/** The colour of the i-th series (pie slices and legend order). */
export function seriesColor(i: number): string {
  return SERIES_PALETTE[i % SERIES_PALETTE.length];
}

/**
 * Timespans arrive as Kusto text (`1.02:03:04.5`), which `Number` reads as NaN: they are plotted in
 * one unit chosen from the largest magnitude, and the axis label names it.
 */
const UNITS: [string, number][] = [
  ['days', 86_400e6],
  ['hours', 3_600e6],
  ['minutes', 60e6],
  ['seconds', 1e6],
];
function timespanUnit(values: JsonValue[]): [string, number] {
  let max = 0;
  for (const v of values) if (typeof v === 'string') max = Math.max(max, Math.abs(timespanMicros(v)) || 0);
  return UNITS.find(([, us]) => max >= 2 * us) ?? UNITS[UNITS.length - 1];
}

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

  const spanY = ys.filter((i) => cols[i].type === 'timespan');
  const yUnit = spanY.length ? timespanUnit(result.rows.flatMap((r) => spanY.map((i) => r[i]))) : null;
  const xUnit = cols[x].type === 'timespan' ? timespanUnit(result.rows.map((r) => r[x])) : null;
  const num = (i: number, v: JsonValue, unit: [string, number] | null) =>
    cols[i].type === 'timespan' && unit ? timespanMicros(String(v)) / unit[1] : Number(v);
  const points: ChartPoint[] = [];
  const seriesSet = new Set<string>();
  let skipped = 0;
  for (const row of result.rows) {
    const xv = row[x];
    const xval = xv === null ? null : xType === 'time' ? new Date(String(xv)) : xType === 'number' ? num(x, xv, xUnit) : String(xv);
    if (xval === null || (typeof xval !== 'string' && !Number.isFinite(Number(xval)))) {
      skipped++;
      continue;
    }
    const s0 = seriesCols.map((i) => String(row[i] ?? '')).join(' / ');
    for (const y of ys) {
      const yv = row[y];
      const yn = yv === null ? Number.NaN : num(y, yv, yUnit);
      if (!Number.isFinite(yn)) {
        skipped++;
        continue;
      }
      const series = ys.length > 1 ? (s0 ? `${s0} / ${cols[y].name}` : cols[y].name) : s0 || cols[y].name;
      seriesSet.add(series);
      points.push({ x: xval, y: yn, series });
    }
  }
  const withUnit = (label: string, unit: [string, number] | null) => (!unit ? label : label ? `${label} (${unit[0]})` : unit[0]);
  if (timeish) points.sort((a, b) => Number(a.x) - Number(b.x));
  return {
    kind,
    title: prop(hint, 'title')[0],
    xLabel: prop(hint, 'xtitle')[0] ?? withUnit(cols[x].name, xUnit),
    yLabel: prop(hint, 'ytitle')[0] ?? withUnit(ys.length === 1 ? cols[ys[0]].name : '', yUnit),
    xType,
    points,
    series: [...seriesSet],
    skipped,
  };
}
