/**
 * `npm run bench -- --only grid`: the result grid's client-side work on a 50,000-row result —
 * sort by a datetime column, a text filter, value filters and facets over 6 columns — computed
 * with arquero (src/state/results-view.ts) and, as the baseline, with the hand-written loops it
 * replaced (kept here only for the comparison). Both produce the same indices; the ratio is
 * arquero time / loop time, so below 1 means arquero is faster.
 */
import { performance } from 'node:perf_hooks';
import { cellText, type JsonValue, type KustoResult, sortKey } from '../../src/state/results.ts';
import { facets, viewIndices } from '../../src/state/results-view.ts';

export function gridResult(n = 50_000): KustoResult {
  const users = ['alex.rivera', 'sam.lee', 'kim.ng', 'system', 'network service', 'lo.chen'];
  const files = ['powershell.exe', 'cmd.exe', 'svchost.exe', 'msedge.exe', 'WINWORD.EXE', 'wscript.exe', 'rundll32.exe'];
  const rows: JsonValue[][] = [];
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const t0 = Date.parse('2024-05-14T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const t = new Date(t0 + Math.floor(rnd() * 86_400_000)).toISOString().replace(/\.000Z$/, 'Z');
    const f = files[Math.floor(rnd() * files.length)];
    rows.push([t, `win10-lab${String(Math.floor(rnd() * 40)).padStart(2, '0')}`, users[Math.floor(rnd() * users.length)], f, `"${f}" -arg ${Math.floor(rnd() * 1000)}`, Math.floor(rnd() * 20000), rnd() < 0.05 ? null : Math.floor(rnd() * 65535)]);
  }
  return {
    columns: [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'DeviceName', type: 'string' },
      { name: 'AccountName', type: 'string' },
      { name: 'FileName', type: 'string' },
      { name: 'ProcessCommandLine', type: 'string' },
      { name: 'ProcessId', type: 'long' },
      { name: 'RemotePort', type: 'long' },
    ],
    rows,
  };
}

// ---------------------------------------------------------------- the loops arquero replaced

function loopIndices(result: KustoResult, filters: Record<number, string>, sort: { col: number; dir: 'asc' | 'desc' } | null, values: { col: number; value: JsonValue; exclude: boolean }[]): number[] {
  const rows = result.rows;
  const active = Object.entries(filters).map(([c, f]) => [Number(c), f.toLowerCase()] as const);
  const key = (v: JsonValue) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
  const idx: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    let ok = true;
    for (const [c, f] of active) if (!cellText(rows[r][c]).toLowerCase().includes(f)) ok = false;
    for (const v of values) if ((key(rows[r][v.col]) === key(v.value)) === v.exclude) ok = false;
    if (ok) idx.push(r);
  }
  if (sort) {
    const type = result.columns[sort.col].type;
    const keys = rows.map((r) => sortKey(type, r[sort.col]));
    const sign = sort.dir === 'asc' ? 1 : -1;
    idx.sort((a, b) => {
      const x = keys[a];
      const y = keys[b];
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : x > y ? 1 : 0;
      return sign * c || a - b;
    });
  }
  return idx;
}

function loopFacets(result: KustoResult, indices: ArrayLike<number>, cols: number[], top = 5) {
  return cols.map((c) => {
    const counts = new Map<unknown, number>();
    for (let i = 0; i < indices.length; i++) {
      const v = result.rows[indices[i]][c];
      const k = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, top);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown, reps: number): number {
  fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export function benchGridWork(reps: number): { task: string; arquero: number; loops: number; ratio: number }[] {
  const r = gridResult();
  const all = Uint32Array.from({ length: r.rows.length }, (_, i) => i);
  const cases: [string, () => unknown, () => unknown][] = [
    ['sort by datetime', () => viewIndices(r, {}, { col: 0, dir: 'desc' }), () => loopIndices(r, {}, { col: 0, dir: 'desc' }, [])],
    ['text filter + sort by long', () => viewIndices(r, { 4: 'power' }, { col: 5, dir: 'asc' }), () => loopIndices(r, { 4: 'power' }, { col: 5, dir: 'asc' }, [])],
    [
      'include + exclude values',
      () => viewIndices(r, {}, null, [{ col: 2, value: 'alex.rivera', exclude: false }, { col: 3, value: 'cmd.exe', exclude: true }]),
      () => loopIndices(r, {}, null, [{ col: 2, value: 'alex.rivera', exclude: false }, { col: 3, value: 'cmd.exe', exclude: true }]),
    ],
    ['facets, 6 columns', () => facets(r, all, [1, 2, 3, 4, 5, 6]), () => loopFacets(r, all, [1, 2, 3, 4, 5, 6])],
  ];
  // same answers first: a faster wrong answer is no answer
  const a = Array.from(viewIndices(r, { 4: 'power' }, { col: 5, dir: 'asc' }));
  const b = loopIndices(r, { 4: 'power' }, { col: 5, dir: 'asc' }, []);
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) throw new Error('arquero and the loops disagree');
  return cases.map(([task, aq, loops]) => {
    const ta = time(aq, reps);
    const tl = time(loops, reps);
    return { task, arquero: ta, loops: tl, ratio: ta / tl };
  });
}
