/**
 * The sketches family (lower/families/sketches.ts): hll()/tdigest(), their merges and readers.
 * Documented examples that run on a documented input (range x from 1 to 10 / 1 to 1000) are run as
 * documented; the StormEvents examples run on a datatable in their place, with the output the
 * page's definition gives (distinct count, nearest-rank percentile, rank = count at or below v,
 * percentrank = rank / size · 100). Then every reader is checked against huntbench's own
 * aggregate on the same rows (dcount, percentile, percentilew), and every use of a sketch value
 * other than storing and reading it must be refused (HB111): the value is not Kusto's state.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/kql/index.ts';
import { NOW, runKql } from '../helpers.ts';
import { runDocCases } from './doc-harness.ts';

const STORM =
  'datatable(State:string, Source:string, EventType:string, DamageProperty:long, StartTime:datetime)[' +
  '"KANSAS","Public","Flood",0,datetime(2007-01-01 00:20),"KANSAS","Trained Spotter","Flood",5000,datetime(2007-01-01 00:25),' +
  '"KANSAS","Public","Hail",100,datetime(2007-01-01 01:05),"KANSAS","Law Enforcement","Flood",5000,datetime(2007-01-01 01:10),' +
  '"IOWA","Public","Flood",250,datetime(2007-01-01 00:21),"IOWA","Public","Flood",0,datetime(2007-01-01 02:00),' +
  '"IOWA","Broadcast Media","Tornado",62000000,datetime(2007-01-01 02:05)]';

const getEngine = runDocCases('sketches', [
  // hll_merge (scalar) page, as documented
  {
    fn: 'hll_merge',
    page: 'hll-merge-function',
    kql: 'range x from 1 to 10 step 1 | extend y = x + 10 | summarize hll_x = hll(x), hll_y = hll(y) | project merged = hll_merge(hll_x, hll_y) | project dcount_hll(merged)',
    rows: [[20]],
  },
  // hll / hll_merge (aggregate) / dcount_hll pages: hll per 10-minute bin, merged, counted
  {
    fn: 'dcount_hll',
    page: 'dcount-hll-function',
    kql: `${STORM} | summarize hllRes = hll(DamageProperty) by bin(StartTime,10m) | summarize hllMerged = hll_merge(hllRes) | project dcount_hll(hllMerged)`,
    rows: [[5]],
  },
  {
    fn: 'hll',
    page: 'hll-aggregation-function',
    kql: `${STORM} | summarize h = hll(DamageProperty) by bin(StartTime,10m) | project StartTime, n = dcount_hll(h) | order by StartTime asc`,
    rows: [
      ['2007-01-01T00:20:00Z', 3],
      ['2007-01-01T01:00:00Z', 1],
      ['2007-01-01T01:10:00Z', 1],
      ['2007-01-01T02:00:00Z', 2],
    ],
  },
  // hll accuracy: a documented level 0-4 (exact here at every level)
  { fn: 'hll', page: 'hll-aggregation-function', kql: `${STORM} | summarize h = hll(Source, 4) | project dcount_hll(h)`, rows: [[4]] },
  { fn: 'hll', page: 'hll-aggregation-function', kql: `${STORM} | summarize h = hll(Source, 5) | project dcount_hll(h)`, error: 'HB121' },
  // hll_if page: sources of flood events per state
  {
    fn: 'hll_if',
    page: 'hll-if-aggregation-function',
    kql: `${STORM} | where State in ("IOWA", "KANSAS") | summarize hll_flood = hll_if(Source, EventType == "Flood") by State | project State, SourcesOfFloodEvents = dcount_hll(hll_flood) | order by State asc`,
    rows: [
      ['IOWA', 1],
      ['KANSAS', 3],
    ],
  },
  {
    fn: 'hll_merge',
    page: 'hll-merge-aggregation-function',
    kql: `${STORM} | summarize hllRes = hll(Source) by State | summarize hllMerged = hll_merge(hllRes) | project dcount_hll(hllMerged)`,
    rows: [[4]],
  },
  // "You can't merge hll values that were created using different accuracy values"
  {
    fn: 'hll_merge',
    page: 'hll-merge-aggregation-function',
    kql: 'range x from 1 to 10 step 1 | summarize a = hll(x, 0), b = hll(x) | project dcount_hll(hll_merge(a, b))',
    error: 'HB121',
  },
  // merge_tdigest page, as documented
  {
    fn: 'merge_tdigest',
    page: 'merge-tdigest-function',
    kql: 'range x from 1 to 10 step 1 | extend y = x + 10 | summarize tdigestX = tdigest(x), tdigestY = tdigest(y) | project merged = merge_tdigest(tdigestX, tdigestY) | project percentile_tdigest(merged, 100, typeof(long))',
    rows: [[20]],
  },
  {
    fn: 'tdigest_merge',
    page: 'tdigest-merge-function',
    kql: 'range x from 1 to 10 step 1 | extend y = x + 10 | summarize tdigestX = tdigest(x), tdigestY = tdigest(y) | project merged = tdigest_merge(tdigestX, tdigestY) | project percentile_tdigest(merged, 100, typeof(long))',
    rows: [[20]],
  },
  // tdigest_merge (aggregate) page: per-state tdigests merged, read at 100
  {
    fn: 'tdigest_merge',
    page: 'tdigest-merge-aggregation-function',
    kql: `${STORM} | summarize PreAggDamageProperty=tdigest(DamageProperty) by State | summarize m = tdigest_merge(PreAggDamageProperty) | project percentile_tdigest(m, 100, typeof(long))`,
    rows: [[62000000]],
  },
  {
    fn: 'merge_tdigest',
    page: 'tdigest-merge-aggregation-function',
    kql: `${STORM} | summarize t = tdigest(DamageProperty) by State | summarize m = merge_tdigest(t) | project percentile_tdigest(m, 50)`,
    rows: [[250]],
  },
  // percentile_tdigest page: the maximum per state; without a type the result is dynamic
  {
    fn: 'percentile_tdigest',
    page: 'percentile-tdigest-function',
    kql: `${STORM} | summarize tdigestRes = tdigest(DamageProperty) by State | project State, percentile_tdigest(tdigestRes, 100) | order by State asc`,
    rows: [
      ['IOWA', 62000000],
      ['KANSAS', 5000],
    ],
  },
  // "if the type was provided … all tdigest functions must be of that type"
  { fn: 'percentile_tdigest', page: 'percentile-tdigest-function', kql: 'range x from 1 to 10 step 1 | summarize t = tdigest(x) | project percentile_tdigest(t, 50, typeof(real))', error: 'HB121' },
  // tdigests of different types in one column (the page's union example) are refused
  {
    fn: 'percentile_tdigest',
    page: 'percentile-tdigest-function',
    kql: `${STORM} | summarize tdigestRes = tdigest(DamageProperty) by State | union (${STORM} | summarize tdigestRes = tdigest(StartTime) by State) | project percentile_tdigest(tdigestRes, 100)`,
    error: 'HB110',
  },
  // percentiles_array_tdigest page: 0, 50 and 100 per state (the range(0, 100, 50) form with a type is not accepted by Kusto's analyzer)
  {
    fn: 'percentiles_array_tdigest',
    page: 'percentiles-array-tdigest-function',
    kql: `${STORM} | summarize tdigestRes = tdigest(DamageProperty) by State | project State, p = percentiles_array_tdigest(tdigestRes, 0, 50, 100), d = percentiles_array_tdigest(tdigestRes, range(0, 100, 50)) | order by State asc`,
    rows: [
      ['IOWA', [0, 250, 62000000], [0, 250, 62000000]],
      ['KANSAS', [0, 100, 5000], [0, 100, 5000]],
    ],
  },
  // rank_tdigest page, as documented
  {
    fn: 'rank_tdigest',
    page: 'rank-tdigest-function',
    kql: 'range x from 1 to 1000 step 1 | summarize t_x=tdigest(x) | project rank_of_685=rank_tdigest(t_x, 685)',
    rows: [[685]],
  },
  // percentrank_tdigest page: the rank as a percentage of the set's size (rank · 100 / count)
  {
    fn: 'percentrank_tdigest',
    page: 'percentrank-tdigest-function',
    kql: 'range x from 1 to 1000 step 1 | summarize t_x=tdigest(x), n = count() | project percentrank_tdigest(t_x, 685), rank_tdigest(t_x, 685) * 100.0 / n',
    rows: [[68.5, 68.5]],
  },
  {
    fn: 'percentrank_tdigest',
    page: 'percentrank-tdigest-function',
    kql: `${STORM} | summarize tdigestRes = tdigest(DamageProperty) | project percentrank_tdigest(tdigestRes, 250), percentile_tdigest(tdigestRes, 57, typeof(long))`,
    rows: [[(4 * 100) / 7, 250]],
  },
  // tdigest with a weight: percentilew's rule (each value counted w times)
  {
    fn: 'tdigest',
    page: 'tdigest-aggregation-function',
    kql: 'datatable (ReqCount:long, LatencyBucket:long) [ 8, 10, 6, 20, 3, 30, 1, 40 ] | summarize t = tdigest(LatencyBucket, ReqCount) | project percentiles_array_tdigest(t, 50, 75, 99.9), rank_tdigest(t, 20)',
    rows: [[[20, 20, 40], 14]],
  },
]);

/** A table of `n` rows with repeated long, real, string and datetime values and a weight. */
function rowsOf(n: number, seed: number): string {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s;
  };
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = next() % 37;
    const w = 1 + (next() % 5);
    items.push(`${v}, ${(next() % 1000) / 8}, "u${next() % 23}", datetime(2024-01-01 00:${String(next() % 50).padStart(2, '0')}), ${w}, "g${i % 3}"`);
  }
  return `datatable(v:long, r:real, s:string, t:datetime, w:long, g:string)[${items.join(', ')}]`;
}

const PS = [0, 1, 5, 7, 10, 12.5, 14, 25, 28, 33.3, 50, 66.6, 70, 75, 90, 95, 99, 99.9, 100];

describe('sketches read what the aggregates answer on the same rows', () => {
  for (const [n, seed] of [
    [1, 3],
    [9, 5],
    [50, 7],
    [100, 11],
    [203, 13],
  ]) {
    it(`dcount_hll = dcount, percentile_tdigest = percentile, weighted = percentilew (${n} rows)`, async () => {
      const dt = rowsOf(n, seed);
      const direct = await runKql(
        getEngine(),
        `${dt} | summarize dv = dcount(v), ds = dcount(s), dt = dcount(t), ${PS.map((p, i) => `pv${i} = percentile(v, ${p}), pr${i} = percentile(r, ${p}), pt${i} = percentile(t, ${p}), pw${i} = percentilew(v, w, ${p})`).join(', ')} by g | order by g asc`,
      );
      const sketched = await runKql(
        getEngine(),
        `${dt} | summarize hv = hll(v), hs = hll(s), ht = hll(t), tv = tdigest(v), tr = tdigest(r), tt = tdigest(t), tw = tdigest(v, w) by g` +
          ` | project g, dv = dcount_hll(hv), ds = dcount_hll(hs), dt = dcount_hll(ht), ${PS.map((p, i) => `pv${i} = percentile_tdigest(tv, ${p}, typeof(long)), pr${i} = percentile_tdigest(tr, ${p}, typeof(real)), pt${i} = percentile_tdigest(tt, ${p}, typeof(datetime)), pw${i} = percentile_tdigest(tw, ${p}, typeof(long))`).join(', ')} | order by g asc`,
      );
      expect(sketched).toEqual(direct);
    });
  }

  it('merges read as the aggregate over all the merged rows', async () => {
    const dt = rowsOf(120, 17);
    const direct = await runKql(getEngine(), `${dt} | summarize d = dcount(s), ${PS.map((p, i) => `p${i} = percentile(r, ${p}), w${i} = percentilew(v, w, ${p})`).join(', ')}`);
    const merged = await runKql(
      getEngine(),
      `${dt} | summarize h = hll(s), t = tdigest(r), tw = tdigest(v, w) by g | summarize h = hll_merge(h), t = tdigest_merge(t), tw = merge_tdigest(tw) | project d = dcount_hll(h), ${PS.map((p, i) => `p${i} = percentile_tdigest(t, ${p}, typeof(real)), w${i} = percentile_tdigest(tw, ${p}, typeof(long))`).join(', ')}`,
    );
    expect(merged).toEqual(direct);
  });

  it('rank_tdigest counts the values (their weights) at or below v; percentrank divides by the total', async () => {
    const dt = rowsOf(80, 19);
    const direct = await runKql(getEngine(), `${dt} | summarize r = countif(v <= 20), rw = sumif(w, v <= 20), n = count(), nw = sum(w)`);
    const ranks = await runKql(getEngine(), `${dt} | summarize t = tdigest(v), tw = tdigest(v, w) | project rank_tdigest(t, 20), rank_tdigest(tw, 20), percentrank_tdigest(t, 20), percentrank_tdigest(tw, 20)`);
    const [[r, rw, n, nw]] = direct as number[][];
    expect(ranks).toEqual([[r, rw, (r * 100) / n, (rw * 100) / nw]]);
  });

  it('an empty sketch reads as the aggregates of no rows do (0 distinct values, a null percentile)', async () => {
    const rows = await runKql(getEngine(), 'range x from 1 to 0 step 1 | summarize h = hll(x), t = tdigest(x) | project dcount_hll(h), percentile_tdigest(t, 50)');
    expect(rows).toEqual([[0, null]]);
  });
});

describe('a sketch value is never shown or used as a value (HB111)', () => {
  const base = 'range x from 1 to 10 step 1 | summarize h = hll(x), t = tdigest(x) by k = x % 2';
  const cases = [
    `${base}`,
    `${base} | project h`,
    `${base} | project tostring(h)`,
    `${base} | project strcat(t)`,
    `${base} | project array_length(t)`,
    `${base} | project h[0]`,
    `${base} | project gettype(h)`,
    `${base} | project a = h == h`,
    `${base} | where isnotnull(t)`,
    `${base} | extend j = iff(k == 1, h, h) | project dcount_hll(j)`,
    `${base} | project pack_array(h)`,
    `${base} | summarize make_list(t)`,
    `${base} | summarize take_any(h)`,
    `${base} | mv-expand h`,
    `${base} | mv-apply t on (take 1)`,
    `let s = toscalar(${base} | project h); print s`,
    `${base} | join kind=inner (${base}) on k`,
  ];
  for (const kql of cases) {
    it(kql.slice(base.length) || '(a result column)', () => {
      const r = compile(kql, { catalog: null, now: NOW });
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map((d) => d.code)).toContain('HB111');
      const d = r.diagnostics.find((x) => x.code === 'HB111');
      expect(d?.start).toBeTypeOf('number');
    });
  }

  it('storing and reading through summarize, extend, let, join, union and arg_max is allowed', async () => {
    const rows = await runKql(
      getEngine(),
      `let T = ${base}; let s = toscalar(T | summarize hll_merge(h)); T | extend h2 = h | join kind=inner (T | union (T | where k < 0)) on k | summarize arg_max(k, *) | project k, dcount_hll(h2), dcount_hll(hll_merge(h, h1)), dcount_hll(s), percentile_tdigest(t, 50, typeof(long))`,
    );
    expect(rows).toEqual([[1, 5, 5, 10, 5]]);
  });

  it("Kusto's own sketch states (a dynamic array) are not read", () => {
    const r = compile('print dcount_hll(dynamic([[1024,14],["3803688792395291579"],[]]))', { catalog: null, now: NOW });
    expect(r.diagnostics.map((d) => d.code)).toContain('HB121');
  });
});
