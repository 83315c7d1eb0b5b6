/**
 * Fixes found by an eighteenth probe of public hunting queries (Defender XDR advanced hunting,
 * /work/wt/probes/probe18). Each expected value follows from the cited documentation; what it does
 * not settle stays a coded refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { refused, runKql, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const run = (kql: string) => runKql(engine, kql);

describe('a string looked up among numbers with in', () => {
  // jkerai1 Potential Credential Dumping compares `RegistryValueData == 1` (a string with a long),
  // which led here: before, `"01" == 1` was true (DuckDB cast the text) while `"01" in (1)` was
  // false (the list compared as text). The in-operator page does not say how a string meets a
  // number, so `in` now compares each value as `==` does (lower/expr.ts mixedCompare, probe17): the
  // number's own decimal text is equal, text that is no number is not, another spelling of a number
  // is refused while the query runs (HB162), and pairs other than string/whole number are HB106.
  it('a string looked up among numbers answers only where every reading agrees', async () => {
    expect(await run('print s = "1", t = "x" | project a = s in (1, 2), b = s == 1, c = t in (1, 2), d = t !in (1)')).toEqual([[true, true, false, true]]);
    await expect(run('print s = "01" | project b = s in (1)')).rejects.toThrow(/HB162/);
    expect(refused('print s = "01" | extend b = s !in (1.0)').code).toBe('HB106');
    await expect(run('print s = "true" | extend b = s in (true)')).rejects.toThrow(/HB162/);
  });

  it('a number looked up among strings answers as == does (Azure-Sentinel `EventID in ("4688", …)`)', async () => {
    expect(await run('print n = 4624 | project a = n in ("4624", "4625"), b = n == "4624", c = n !in ("1", "2"), d = n != "1"')).toEqual([[true, true, true, true]]);
  });

  it('same-typed lookups and comparisons still answer, a bool against 0/1 too (TVM IsCompliant == 1)', async () => {
    expect(await run('print s = "1", n = 1, b = true | project e1 = s == "1", e2 = n == 1, e3 = b == 1, e4 = b != 0, e5 = n in (1, 2), e6 = s in ("1"), e7 = n in (1.0)')).toEqual([
      [true, true, true, true, true, true, true],
    ]);
  });

  it('a dynamic value is not affected (its scalar is compared)', async () => {
    expect(await run('print d = dynamic({"l": 2}) | project lt = d.l < 4, eq = d.l == 2, i = d.l in (1, 2)')).toEqual([[true, true, true]]);
  });
});

describe('parse into a name the input already has (same type)', () => {
  // Found while checking the probe's parse queries for name clashes (the USB-exfiltration pattern
  // `parse FolderPath with DriveLetter '\\' *`). Kusto.Language lists a parsed name the input
  // already has twice; the result had two columns of that name, which no Kusto result has, the
  // first of them already holding the parsed value. The parse page calls parse "a streamlined way to
  // extend a table by using multiple extract applications", and extend of an existing name replaces
  // the column where it stands: one column, at its first place, holding the parsed value.
  it('replaces the column in place, as extend with extract() does', async () => {
    expect(await run("print s = 'x=5', x = 1 | parse s with 'x=' x:long")).toEqual([['x=5', 5]]);
    expect(await run("print x = '7', s = 'x=5 y=2' | parse s with 'x=' x ' y=' y:long")).toEqual([['5', 'x=5 y=2', 2]]);
    expect(await run("print s = 'x=5', x = 1 | parse-where s with 'x=' x:long")).toEqual([['x=5', 5]]);
  });

  it('the result has each name once', async () => {
    const r = await runKqlPasses(engine, "print s = 'x=5', x = 1 | parse s with 'x=' x:long");
    expect(r.columns.map((c) => c.name)).toEqual(['s', 'x']);
  });

  it('another type under the same name stays refused (HB132)', () => {
    expect(refused("print s = 'x=5', x = 'a' | parse s with 'x=' x:long").code).toBe('HB132');
  });
});
