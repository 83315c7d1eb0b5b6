import { describe, expect, it } from 'vitest';
import { chartKindOf, chartSpec, SERIES_PALETTE, seriesColor } from '../../src/state/chart.ts';
import type { KustoResult } from '../../src/state/results.ts';

const timeResult: KustoResult = {
  columns: [
    { name: 'Timestamp', type: 'datetime' },
    { name: 'DeviceName', type: 'string' },
    { name: 'count_', type: 'long' },
  ],
  rows: [
    ['2024-01-01T01:00:00Z', 'b', 2],
    ['2024-01-01T00:00:00Z', 'a', 1],
    ['2024-01-01T00:00:00Z', 'b', null],
  ],
};

describe('chartSpec', () => {
  it('timechart: datetime x, numeric y, string series, sorted by time, nulls skipped', () => {
    const s = chartSpec(timeResult, 'timechart');
    if (typeof s === 'string') throw new Error(s);
    expect(s.xType).toBe('time');
    expect(s.series).toEqual(['b', 'a']);
    expect(s.points.map((p) => p.y)).toEqual([1, 2]);
  });
  it('columnchart: first non-numeric column is the category', () => {
    const s = chartSpec({ columns: [{ name: 'n', type: 'long' }, { name: 'k', type: 'string' }], rows: [[3, 'x']] }, 'columnchart');
    if (typeof s === 'string') throw new Error(s);
    expect(s.points).toEqual([{ x: 'x', y: 3, series: 'n' }]);
  });
  it('plots timespans in a named unit instead of NaN, and counts what it does not draw', () => {
    const s = chartSpec(
      {
        columns: [
          { name: 'DeviceName', type: 'string' },
          { name: 'Span', type: 'timespan' },
        ],
        rows: [
          ['a', '3.12:00:00'],
          ['b', '06:00:00'],
          ['c', '-1.00:00:00'],
          ['d', null],
        ],
      },
      'barchart',
    );
    if (typeof s === 'string') throw new Error(s);
    expect(s.points.map((p) => p.y)).toEqual([3.5, 0.25, -1]);
    expect(s.yLabel).toBe('Span (days)');
    expect(s.skipped).toBe(1);
    const x = chartSpec({ columns: [{ name: 't', type: 'timespan' }, { name: 'y', type: 'long' }], rows: [['00:00:30', 1], ['00:01:30', 2], [null, 3]] }, 'linechart');
    if (typeof x === 'string') throw new Error(x);
    expect(x.points.map((p) => p.x)).toEqual([30, 90]);
    expect(x.xLabel).toBe('t (seconds)');
    expect(x.skipped).toBe(1);
    const nan = chartSpec({ columns: [{ name: 'k', type: 'string' }, { name: 'r', type: 'real' }], rows: [['a', 'NaN'], ['b', 'Infinity'], ['c', 2]] }, 'columnchart');
    if (typeof nan === 'string') throw new Error(nan);
    expect(nan.points.map((p) => p.y)).toEqual([2]);
    expect(nan.skipped).toBe(2);
  });

  it('explains what is missing', () => {
    expect(chartSpec({ columns: [{ name: 'k', type: 'string' }], rows: [['x']] }, 'piechart')).toMatch(/numeric/);
    expect(chartSpec({ columns: [{ name: 'k', type: 'string' }], rows: [] }, 'piechart')).toMatch(/No rows/);
  });
  it('honours render properties', () => {
    const s = chartSpec(timeResult, 'timechart', { visualization: 'timechart', properties: { title: 'T', ycolumns: ['count_'] } });
    if (typeof s === 'string') throw new Error(s);
    expect(s.title).toBe('T');
    expect(chartKindOf({ visualization: 'columnchart', properties: {} })).toBe('columnchart');
    expect(chartKindOf({ visualization: 'card', properties: {} })).toBeNull();
  });
});

describe('series colours', () => {
  it('gives twenty series twenty different colours, then starts over', () => {
    const first = Array.from({ length: 20 }, (_, i) => seriesColor(i));
    expect(new Set(first).size).toBe(20);
    expect(first.every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    expect(seriesColor(20)).toBe(seriesColor(0));
    expect(SERIES_PALETTE).toHaveLength(20);
  });
});
