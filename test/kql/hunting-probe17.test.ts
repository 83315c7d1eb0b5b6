/**
 * Fixes found by a seventeenth probe of public hunting queries (Sentinel / Log Analytics flavoured:
 * SigninLogs, AuditLogs, SecurityEvent, OfficeActivity, SecurityAlert …). Each expected value
 * follows from the cited documentation or from what every reading of an undocumented rule agrees
 * on; the rest stays a coded refusal.
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

describe('a string compared with a whole number', () => {
  // Sentinel's SigninLogs.ResultType is a string, and reprise99's hunts write `ResultType == 0`,
  // `ResultType in (successCodes)` with successCodes = dynamic([0, 50055, …]) and SecurityEvent's
  // int EventID as `EventID == "4738"`. No page says whether Kusto reads the text as a number,
  // writes the number as text or never matches. Before: == read the text as a number ("01" == 1
  // true; "abc" == 0 an engine error) while `in` wrote the numbers as text ("01" in (1) false):
  // two answers for one question. Now the rows every reading agrees on are answered and the others
  // are refused.
  it("the number's own decimal text is equal, other text that is no number is not", async () => {
    expect(await run('print a = "0" == 0, b = "50126" != 50126, c = "abc" == 0, d = "" != 0, e = 4738 == "4738", f = int(7) == "7"')).toEqual([[true, false, false, true, true, true]]);
  });

  it('in and == agree over a list of values', async () => {
    const t = 'datatable(ResultType:string)["0","50126","50057","","Success"]';
    expect(await run(`${t} | where ResultType in (0, 50055, 50057) | project ResultType`)).toEqual([['0'], ['50057']]);
    expect(await run(`${t} | where ResultType !in (0, 50055, 50057) | project ResultType`)).toEqual([['50126'], [''], ['Success']]);
    expect(await run('datatable(EventID:int)[4688, 4624, 8002] | where EventID in ("4688", "8002") | project EventID')).toEqual([[4688], [8002]]);
  });

  it('a constant dynamic array is its elements written as the list (in-operator page note)', async () => {
    // reprise99 SecurityAlert-FindBlastRadiusofPasswordSpray: `ResultType in (successCodes)` with
    // successCodes = dynamic([0, 50055, …]). Probe17 refused it (HB106); the in-operator page's
    // note settles the constant array: "Nested arrays are flattened into a single list of values.
    // For example, x in (dynamic([1,[2,3]])) becomes x in (1,2,3)", so it answers as the list of
    // values above does (probe21; SlimKQL's Medusa hunt writes `LocalPort in (dynamic(["21", …]))`).
    const t = 'datatable(ResultType:string)["0","50126","50057","","Success"]';
    expect(await run(`let successCodes = dynamic([0, 50055, 50057]); ${t} | where ResultType in (successCodes) | project ResultType`)).toEqual([['0'], ['50057']]);
    expect(await run(`let successCodes = dynamic([0, 50055, 50057]); ${t} | where ResultType !in (successCodes) | project ResultType`)).toEqual([['50126'], [''], ['Success']]);
    expect(await run('let ports = dynamic(["21", "445"]); datatable(LocalPort:int)[21, 22, 445] | where LocalPort in (ports) | project LocalPort')).toEqual([[21], [445]]);
    // the page's own example, nesting included, with another kind of element
    expect(await run('print a = "2" in (dynamic([1, [2, 3]])), b = "4" in (dynamic([1, [2, 3]]))')).toEqual([[true, false]]);
    // another spelling of a number stays refused per row, as in the list of values
    await expect(run('print a = "01" in (dynamic([1, 2]))')).rejects.toThrow(/HB162/);
  });

  it('text spelling a number another way is refused under == and under in alike', async () => {
    for (const q of ['print a = "01" == 1', 'print a = "01" in (1, 2)', 'print a = " 1" != 1', 'print a = "1.0" == 1', 'print a = "-0" == 0', 'print a = long(null) == "1"']) {
      await expect(run(q), q).rejects.toThrow(/HB162/);
    }
  });
});

describe('== between scalars of other different kinds', () => {
  // The analyzer's Equal operator accepts any scalar on its right, so these compile in Kusto, but no
  // page gives their answer. Before: DuckDB's implicit casts answered ("true" == true and
  // datetime(2024-01-01) == "2024-01-01" were true).
  it.each([
    ['print a = datetime(2024-01-01) == "2024-01-01"', 'a datetime and a string'],
    ['print a = 1.0 == "1"', 'a real and a string'],
    ['print a = 1s != "00:00:01"', 'a timespan and a string'],
    ['print a = datetime(2024-01-01) in ("2024-01-01")', 'a datetime and a string'],
  ])('%s is refused (HB106)', (q, pair) => {
    const d = refused(q);
    expect(d.code).toBe('HB106');
    expect(d.message).toContain(pair);
  });

  it('a string against a bool answers for its own text "True"/"False" only (tostring(true) is "True")', async () => {
    // Defender hunts: `where IsLocalAdmin == "True"`. Read as a bool or written as text, "True" and
    // "False" compare alike; "true" does not (equal as a bool, unequal as text "True"): refused per row.
    expect(await run('print a = true == "True", b = "False" == false, c = true != "False", d = bool(null) == "True", e = true in ("True", "x")')).toEqual([[true, true, true, false, true]]);
    await expect(run('print a = "true" == true')).rejects.toThrow(/HB162/);
    await expect(run('datatable(b:bool)[true] | where b == "1"')).rejects.toThrow(/HB162/);
  });

  it('a bool against a whole number compares as its encoding (bool page: true and false are 1 and 0)', async () => {
    expect(await run('print a = true == 1, b = false == 0, c = true == 2, d = 1 == true, e = false in (0, 1)')).toEqual([[true, true, false, true, true]]);
  });

  it('numbers of different widths still compare as numbers', async () => {
    expect(await run('print a = int(3) == 3, b = 3 == 3.0, c = int(3) in (3, 4), d = 2.5 != 2')).toEqual([[true, true, true, true]]);
  });
});

describe('a JSON bool compared with a bool', () => {
  // reprise99 Audit-DetectNewPrivilegedGroupAdded: `where parse_json(tostring(…))[0] == true`. The
  // JSON text's `true` was compared as text with tostring(true), which is "True", so the test was
  // never true; a typed dynamic bool (dynamic(true) == true) already compared as a bool.
  it('JSON true equals true, JSON false equals false, JSON null and a missing element equal neither', async () => {
    expect(
      await run('datatable(s:string)["[true]","[false]","[null]","[]"] | extend a = parse_json(s)[0] == true, b = parse_json(s)[0] != true, c = false == parse_json(s)[0] | project a, b, c'),
    ).toEqual([
      [true, false, false],
      [false, true, true],
      [false, true, false],
      [false, true, false],
    ]);
  });

  it('agrees with a typed dynamic bool', async () => {
    expect(await run('datatable(s:string)["{\\"b\\":true}"] | extend d = parse_json(s) | project a = d.b == true, b = dynamic({"b":true}).b == true')).toEqual([[true, true]]);
  });

  it('a JSON value of another kind, or a typed one, is refused', async () => {
    await expect(run('datatable(s:string)["[\\"true\\"]"] | project a = parse_json(s)[0] == true')).rejects.toThrow(/HB162/);
    expect(refused('print a = dynamic({"b":"x"}).b == true').code).toBe('HB106');
  });
});
