/**
 * evaluate pivot (kusto/query/pivot-plugin): the documented examples run on DuckDB-WASM through
 * the two-pass compile (compileWithProbes: a first query reads the pivot column's distinct values).
 * The examples read the StormEvents sample table; here a small table with the rows the documented
 * outputs count (each documented cell is one group of rows), so each documented output is checked
 * cell by cell. Kusto's order of the value columns is not specified (the docs list ARKANSAS before
 * ARIZONA): huntbench sorts them, so rows are compared by column name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { type JsonValue, tableToKusto } from '../../src/engine/values.ts';
import { type CompileResult, compile } from '../../src/kql/index.ts';
import { compilePasses, NOW } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const compiled = (kql: string): Promise<CompileResult> => compilePasses(engine, kql);

/** Runs through the two passes; rows as records keyed by column name, plus the column names. */
async function run(kql: string): Promise<{ names: string[]; rows: Record<string, JsonValue>[] }> {
  const r = await compiled(kql);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('; '));
  const t = tableToKusto(await engine.query(r.sql!), r.columns!);
  const names = t.columns.map((c) => c.name);
  return { names, rows: t.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]]))) };
}

const byKey = (rows: Record<string, JsonValue>[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

// Rows for examples 2-4: one row per (State, EventType, Source, DeathsDirect) group.
const deaths = `let StormEvents = datatable(State:string, EventType:string, Source:string, DeathsDirect:long)[
  "ARKANSAS", "Heavy Rain", "Emergency Manager", 1,
  "ARKANSAS", "Thunderstorm Wind", "Emergency Manager", 1,
  "ARIZONA", "Lightning", "Newspaper", 1,
  "ARIZONA", "Flash Flood", "Trained Spotter", 2,
  "ARIZONA", "Flash Flood", "Broadcast Media", 3,
  "ARIZONA", "Flash Flood", "Newspaper", 1,
  "ARKANSAS", "Strong Wind", "Law Enforcement", 1,
  "ARKANSAS", "Heat", "Newspaper", 3,
  "ARKANSAS", "Hail", "Newspaper", 0,
  "ALABAMA", "Heat", "Newspaper", 4
];`;

// Rows for examples 1 and 5: the documented counts of Wind events in ALABAMA and ALASKA.
const winds = `let StormEvents = union
  (range i from 1 to 352 step 1 | project State = "ALABAMA", EventType = "Thunderstorm Wind"),
  (range i from 1 to 1 step 1 | project State = "ALASKA", EventType = "Thunderstorm Wind"),
  (range i from 1 to 95 step 1 | project State = "ALASKA", EventType = "High Wind"),
  (range i from 1 to 10 step 1 | project State = "ALASKA", EventType = "Extreme Cold/Wind Chill"),
  (range i from 1 to 22 step 1 | project State = "ALABAMA", EventType = "Strong Wind"),
  (range i from 1 to 7 step 1 | project State = "TEXAS", EventType = "Marine Strong Wind"),
  (range i from 1 to 3 step 1 | project State = "ALABAMA", EventType = "Hail");`;

const arDeaths = [
  { EventType: 'Heavy Rain', ARKANSAS: 1, ARIZONA: 0 },
  { EventType: 'Thunderstorm Wind', ARKANSAS: 1, ARIZONA: 0 },
  { EventType: 'Lightning', ARKANSAS: 0, ARIZONA: 1 },
  { EventType: 'Flash Flood', ARKANSAS: 0, ARIZONA: 6 },
  { EventType: 'Strong Wind', ARKANSAS: 1, ARIZONA: 0 },
  { EventType: 'Heat', ARKANSAS: 3, ARIZONA: 0 },
];

describe('evaluate pivot: documented examples', () => {
  it('pivot by a column (count() by default)', async () => {
    const r = await run(`${winds}
StormEvents
| project State, EventType
| where State startswith "AL"
| where EventType has "Wind"
| evaluate pivot(State)`);
    expect(r.names).toEqual(['EventType', 'ALABAMA', 'ALASKA']);
    expect(byKey(r.rows)).toEqual(
      byKey([
        { EventType: 'Thunderstorm Wind', ALABAMA: 352, ALASKA: 1 },
        { EventType: 'High Wind', ALABAMA: 0, ALASKA: 95 },
        { EventType: 'Extreme Cold/Wind Chill', ALABAMA: 0, ALASKA: 10 },
        { EventType: 'Strong Wind', ALABAMA: 22, ALASKA: 0 },
      ]),
    );
  });

  it('pivot by a column with an aggregation function', async () => {
    const r = await run(`${deaths}
StormEvents
| where State startswith "AR"
| project State, EventType, DeathsDirect
| where DeathsDirect > 0
| evaluate pivot(State, sum(DeathsDirect))`);
    expect(r.names).toEqual(['EventType', 'ARIZONA', 'ARKANSAS']);
    expect(byKey(r.rows)).toEqual(byKey(arDeaths));
  });

  it('… and a single additional column: the same result', async () => {
    const r = await run(`${deaths}
StormEvents
| where State startswith "AR"
| project State, EventType, DeathsDirect
| where DeathsDirect > 0
| evaluate pivot(State, sum(DeathsDirect), EventType)`);
    expect(byKey(r.rows)).toEqual(byKey(arDeaths));
  });

  it('… and several additional columns', async () => {
    const r = await run(`${deaths}
StormEvents
| where State startswith "AR"
| where DeathsDirect > 0
| evaluate pivot(State, sum(DeathsDirect), EventType, Source)`);
    expect(r.names).toEqual(['EventType', 'Source', 'ARIZONA', 'ARKANSAS']);
    expect(byKey(r.rows)).toEqual(
      byKey([
        { EventType: 'Heavy Rain', Source: 'Emergency Manager', ARKANSAS: 1, ARIZONA: 0 },
        { EventType: 'Thunderstorm Wind', Source: 'Emergency Manager', ARKANSAS: 1, ARIZONA: 0 },
        { EventType: 'Lightning', Source: 'Newspaper', ARKANSAS: 0, ARIZONA: 1 },
        { EventType: 'Flash Flood', Source: 'Trained Spotter', ARKANSAS: 0, ARIZONA: 2 },
        { EventType: 'Flash Flood', Source: 'Broadcast Media', ARKANSAS: 0, ARIZONA: 3 },
        { EventType: 'Flash Flood', Source: 'Newspaper', ARKANSAS: 0, ARIZONA: 1 },
        { EventType: 'Strong Wind', Source: 'Law Enforcement', ARKANSAS: 1, ARIZONA: 0 },
        { EventType: 'Heat', Source: 'Newspaper', ARKANSAS: 3, ARIZONA: 0 },
      ]),
    );
  });

  it('with an output schema: one pass, the declared columns only, in their order', async () => {
    const q = `${winds}
StormEvents
| project State, EventType
| where EventType has "Wind"
| evaluate pivot(State): (EventType:string, ALABAMA:long, ALASKA:long)`;
    // No first pass is needed: a plain compile succeeds.
    expect(compile(q, { catalog: null, now: NOW }).ok).toBe(true);
    const r = await run(q);
    expect(r.names).toEqual(['EventType', 'ALABAMA', 'ALASKA']);
    expect(byKey(r.rows)).toEqual(
      byKey([
        { EventType: 'Thunderstorm Wind', ALABAMA: 352, ALASKA: 1 },
        { EventType: 'High Wind', ALABAMA: 0, ALASKA: 95 },
        { EventType: 'Strong Wind', ALABAMA: 22, ALASKA: 0 },
        { EventType: 'Extreme Cold/Wind Chill', ALABAMA: 0, ALASKA: 10 },
        { EventType: 'Marine Strong Wind', ALABAMA: 0, ALASKA: 0 },
      ]),
    );
  });
});

describe('evaluate pivot: the two passes', () => {
  const q = 'datatable(a:string, b:string, v:long)["x","p",1, "y z","p",2, "x","q",5] | evaluate pivot(a, dcount(v)) | sort by b asc';

  it('a pure compile stops with HB133 at the pivot and hands back the probe', () => {
    const r = compile(q, { catalog: null, now: NOW });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0].code).toBe('HB133');
    expect(q.slice(r.diagnostics[0].start, r.diagnostics[0].end)).toBe('pivot(a, dcount(v))');
    expect(r.probe?.sql).toContain(r.probe?.key);
  });

  it('values that are not identifiers name columns; Explain shows the first pass as a stage', async () => {
    const r = await compiled(q);
    expect(r.ok).toBe(true);
    expect(r.columns?.map((c) => c.name)).toEqual(['b', 'x', 'y z']);
    const first = r.stages?.find((s) => s.label.startsWith('pivot pass 1'));
    expect(first?.label).toBe('pivot pass 1: distinct values of a');
    const t = tableToKusto(await engine.query(r.sql!), r.columns!);
    expect(t.rows).toEqual([
      ['p', 1, 1],
      ['q', 1, 0],
    ]);
    // the first pass's stage counts the distinct values
    const n = await engine.query(`SELECT count(*) AS n FROM (${first!.sql})`);
    expect(Number(n.getChildAt(0)?.get(0))).toBe(2);
  });

  it('a long pivot column names its columns by the decimal text', async () => {
    const r = await run('datatable(k:long, g:string)[10,"a", -2,"a", 10,"b"] | evaluate pivot(k)');
    expect(r.names).toEqual(['g', '-2', '10']);
    expect(byKey(r.rows)).toEqual(byKey([{ g: 'a', '-2': 1, '10': 1 }, { g: 'b', '-2': 0, '10': 1 }]));
  });

  it('the page\'s other aggregates: the aggregate where a cell has rows, a cell with none refused while the query runs', async () => {
    // probe queries: pivot(Key, any(Value), …) / take_any(Value) over unpacked event data
    const full = 'datatable(k:string, p:string, v:long)["a","x",1, "a","y",5, "b","x",3, "b","y",4, "a","x",7]';
    expect(byKey((await run(`${full} | evaluate pivot(p, max(v), k)`)).rows)).toEqual(byKey([{ k: 'a', x: 7, y: 5 }, { k: 'b', x: 3, y: 4 }]));
    expect(byKey((await run(`${full} | evaluate pivot(p, make_set(v), k)`)).rows)).toEqual(byKey([{ k: 'a', x: [1, 7], y: [5] }, { k: 'b', x: [3], y: [4] }]));
    const one = 'datatable(k:string, p:string, v:string)["a","x","q", "a","y","r", "b","x","s", "b","y","t"]';
    expect(byKey((await run(`${one} | evaluate pivot(p, any(v), k)`)).rows)).toEqual(byKey([{ k: 'a', x: 'q', y: 'r' }, { k: 'b', x: 's', y: 't' }]));
    // b has no row for y: the page gives no value for such a cell
    await expect(run('datatable(k:string, p:string, v:long)["a","x",1, "a","y",2, "b","x",3] | evaluate pivot(p, min(v), k)')).rejects.toThrow(/HB162/);
  });

  it('refuses what is not documented with HB132', async () => {
    const pct = await compiled('datatable(a:string, v:long)["x",1] | evaluate pivot(a, percentile(v, 50))');
    expect(pct.diagnostics[0].code).toBe('HB132');
    const empty = await compiled('datatable(a:string, v:long)["",1] | evaluate pivot(a)');
    expect(empty.diagnostics[0].code).toBe('HB132');
    const clash = await compiled('datatable(a:string, v:long)["v",1] | evaluate pivot(a)');
    expect(clash.diagnostics[0].code).toBe('HB132');
  });
});
