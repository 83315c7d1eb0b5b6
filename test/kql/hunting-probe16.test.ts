/**
 * Fixes found by a sixteenth probe of public hunting queries (issue 11, Defender XDR advanced
 * hunting). Each expected value follows from the cited documentation; what it does not settle stays
 * a coded refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { refused, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql);

describe('mv-expand of a function of a column that is already dynamic', () => {
  // Bert-JanP MITREBehaviors: `summarize BehaviourIds = make_set(BehaviorId) … | mv-expand
  // todynamic(BehaviourIds)`. The analyzer's output schema has no new column, so the expansion
  // replaced BehaviourIds (the mv-expand page: an expression's value goes to a new column or replaces
  // the existing one). Before: the rows were multiplied but every row kept the whole array (the
  // expanded value had no column and was dropped), so a join on tostring(BehaviourIds) never matched.
  it("the page's with_itemindex example, written with todynamic(x), expands x in place", async () => {
    expect(await run('range x from 1 to 4 step 1 | summarize x = make_list(x) | mv-expand with_itemindex=Index todynamic(x)')).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });

  it("the page's array-expansion table: todynamic(b) gives the rows `mv-expand b` gives", async () => {
    const t = "datatable (a: int, b: dynamic) [1, dynamic([10, 20]), 2, dynamic(['a', 'b'])]";
    const plain = await run(`${t} | mv-expand b`);
    expect(plain).toEqual([
      [1, 10],
      [1, 20],
      [2, 'a'],
      [2, 'b'],
    ]);
    expect(await run(`${t} | mv-expand todynamic(b)`)).toEqual(plain);
  });

  it('a make_set column expanded through todynamic() gives one element per row', async () => {
    expect(await run("datatable(k:string, v:string)['a','x','a','y'] | summarize S = make_set(v) by k | mv-expand todynamic(S) | extend t = tostring(S) | project k, t | order by t asc")).toEqual([
      ['a', 'x'],
      ['a', 'y'],
    ]);
  });
});

describe('mv-expand of a function named after its column, with `to typeof()`', () => {
  // SecurityAlert hunts: `mvexpand todynamic(Techniques) to typeof(string)` of the string column
  // Techniques (JSON text of an array). Kusto names the unnamed expansion after the function's first
  // argument (ResultNameKind.FirstArgument, as `extend tostring(x)` is x), so it replaces Techniques
  // and the analyzer keeps it as typeof(string). Before: the expansion was refused (HB151) because
  // only a dynamic result was taken as a replacement.
  const t = `datatable(Techniques:string, n:long)['["T1566","T1078"]', 1, '["T1021"]', 2]`;
  it('each element replaces the text column, typed string', async () => {
    expect(await run(`${t} | mv-expand todynamic(Techniques) to typeof(string) | extend k = gettype(Techniques)`)).toEqual([
      ['T1566', 1, 'string'],
      ['T1078', 1, 'string'],
      ['T1021', 2, 'string'],
    ]);
  });
  it('the same rows as naming the expansion explicitly', async () => {
    const named = await run(`${t} | mv-expand Techniques = todynamic(Techniques) to typeof(string) | summarize c = count() by Techniques | order by Techniques asc`);
    expect(named).toHaveLength(3);
    expect(await run(`${t} | mv-expand todynamic(Techniques) to typeof(string) | summarize c = count() by Techniques | order by Techniques asc`)).toEqual(named);
  });
  it('parse_json(S) without to typeof() gives dynamic elements in S', async () => {
    expect(await run(`${t} | mv-expand parse_json(Techniques) | extend k = gettype(Techniques) | project k`)).toEqual([['string'], ['string'], ['string']]);
  });
});

describe('parse-kv with a key named like an input column', () => {
  // alexverboon MDE-ParseNetsh: `parse … with action "advfirewall firewall" …` then `parse-kv … as
  // (action:string)`. The parse-kv page does not say whether the value replaces the column, and the
  // analyzer's schema lists `action` twice. Before: a result with two columns named `action`, which
  // no Kusto result has. Now a coded refusal.
  it('is refused (HB100) rather than answered with a duplicated column', () => {
    const d = refused("print c = 'a=1 action=allow' | extend action = 'x' | parse-kv c as (action:string) with (pair_delimiter=' ', kv_delimiter='=')");
    expect(d.code).toBe('HB100');
    expect(d.message).toContain("parse-kv key 'action'");
  });

  it("the page's keys that are new columns still parse (the page's first example)", async () => {
    // parse-kv page, "Extraction with well-defined delimiters".
    expect(
      await run("print str='ThreadId:458745723, Machine:Node001, Text: The service is up, Level: Info' | parse-kv str as (Text: string, ThreadId:long, Machine: string) with (pair_delimiter=',', kv_delimiter=':') | project-away str"),
    ).toEqual([['The service is up', 458745723, 'Node001']]);
  });
});
