/**
 * Fixes found by an eleventh probe of public hunting queries (issue 11). Each expected value
 * follows from Kusto's documentation (the cited page); what it does not settle stays a coded
 * refusal. The queries are our own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

// OfficeActivity.Parameters as Exchange writes it: a JSON array of {Name, Value} pairs, held as text.
const PARAMS = `datatable(Parameters:string)[
  '[{"Name":"Identity","Value":"m1"},{"Name":"Force","Value":"True"},{"Name":"Confirm","Value":"False"},{"Name":"AdminAuditLogEnabled","Value":"False"}]',
  '[{"Name":"Identity","Value":"m2"}]']`;

describe('array_slice() of JSON text whose kind only the row knows', () => {
  // array-slice-function: start and end are inclusive, negative values count from the array's
  // length, out-of-bounds indices are ignored. Sentinel's "Exchange AuditLog disabled" rule slices
  // parse_json(Parameters) (before: HB100 'array_slice of a non-array value').
  it('slices an array parsed per row, as for a typed array', async () => {
    const q = `${PARAMS}
      | extend P = parse_json(Parameters)
      | project One = tostring(array_slice(P, 3, 3)), Tail = array_slice(P, -1, -1), Mid = array_length(array_slice(P, 1, 2))`;
    expect(await runKql(engine, q)).toEqual([
      ['[{"Name":"AdminAuditLogEnabled","Value":"False"}]', [{ Name: 'AdminAuditLogEnabled', Value: 'False' }], 2],
      ['[]', [{ Name: 'Identity', Value: 'm2' }], 0],
    ]);
  });
  it('reads a property of the sliced element (the rule parses it back)', async () => {
    const q = `${PARAMS}
      | extend V = tostring(parse_json(tostring(parse_json(tostring(array_slice(parse_json(Parameters), 3, 3)))[0])).Value)
      | project V`;
    expect(await runKql(engine, q)).toEqual([['False'], ['']]);
  });
  it('refuses, per row, a value that is not an array (the page documents arrays only)', async () => {
    const q = `datatable(s:string)['{"a":1}'] | project x = array_slice(parse_json(s), 0, 1)`;
    await expect(runKql(engine, q)).rejects.toThrow(/HB162: unsupported: array_slice\(\)/);
  });
});
