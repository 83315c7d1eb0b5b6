/**
 * Fixes found by a tenth probe of public hunting queries (issue 11). Each expected value follows
 * from Kusto's documentation (the cited page); what it does not settle stays a coded refusal. The
 * queries are our own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { errorCodes, runKql, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

// Conditional-access results as Sentinel's ConditionalAccessPolicies holds them, one policy per row.
const POLICIES = `datatable(d:dynamic)[
  dynamic({"result":"success","displayName":"P1"}),
  dynamic({"result":"failure","displayName":"P1"}),
  dynamic({"result":"success","displayName":"P1"}),
  dynamic({"result":"success","displayName":"P2"})]`;

describe('evaluate pivot and bag_unpack after an operator whose columns only the data decides', () => {
  // pivot-plugin: "Rotates a table by turning the unique values from one column in the input
  // table into multiple columns in the output table"; the listed columns are kept, and a cell whose
  // combination has no row is 0 for count() (the documented example). bag_unpack-plugin: the bag's
  // keys become columns next to the other input columns. Both build their output from the input's
  // columns, so they may follow bag_unpack (before: HB100). Reprise99's conditional-access pivot
  // table unpacks each policy and pivots its result this way.
  it('pivots a column extended from bag_unpack output, keeping the listed column', async () => {
    const q = `${POLICIES}
      | evaluate bag_unpack(d)
      | extend Outcome = tostring(column_ifexists('result', '')), Policy = column_ifexists('displayName', '')
      | evaluate pivot(Outcome, count(), Policy)`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => c.name)).toEqual(['Policy', 'failure', 'success']);
    expect(r.rows).toEqual([
      ['P1', 1, 2],
      ['P2', 0, 1],
    ]);
  });
  it('without a column list keeps every other column, the unpacked ones included', async () => {
    const q = `${POLICIES} | evaluate bag_unpack(d) | evaluate pivot(result)`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => c.name)).toEqual(['displayName', 'failure', 'success']);
    expect(r.rows).toEqual([
      ['P1', 1, 2],
      ['P2', 0, 1],
    ]);
  });
  it('unpacks a bag that an earlier bag_unpack produced', async () => {
    const q = `datatable(id:long, d:dynamic)[1, dynamic({"a":{"x":1,"y":"u"}}), 2, dynamic({"a":{"x":2,"y":"v"}})]
      | evaluate bag_unpack(d) | evaluate bag_unpack(a)`;
    expect(await runKql(engine, q)).toEqual([
      [1, 1, 'u'],
      [2, 2, 'v'],
    ]);
  });
  it('still refuses an operator that builds its output from the analyzer columns (join)', () => {
    const q = `datatable(d:dynamic)[dynamic({"r":"s"})] | evaluate bag_unpack(d)
      | join kind=inner (datatable(r:string)["s"]) on r`;
    expect(errorCodes(q)).toContain('HB100');
  });
});

describe('columnifexists()', () => {
  // column-ifexists-function: "Deprecated aliases: columnifexists()". Sentinel's
  // PermutationsOnLogonNames hunt calls it on table(tableName) inside a function (that query now runs).
  it('is column_ifexists: the column when it exists, else the default', async () => {
    const q = `datatable(ResultType:string, UserId:string)['0', 'a@x', '50126', 'b@x']
      | extend Result = columnifexists('ResultType', 'none'), Status = columnifexists('ResultStatus', 'none')
      | project Result, Status`;
    expect(await runKql(engine, q)).toEqual([
      ['0', 'none'],
      ['50126', 'none'],
    ]);
  });
});
