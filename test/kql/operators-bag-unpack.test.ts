/**
 * evaluate bag_unpack with an output schema and a prefix (kusto/query/bag-unpack-plugin): the
 * schema is the whole output, in its order; a declared column the bag lacks is empty, an
 * undeclared key is dropped. Arguments not implemented (columnsConflict other than 'error',
 * ignoredProperties) are coded errors, never ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { compile } from '../../src/kql/index.ts';
import { NOW, runKql } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

const PEOPLE = 'datatable(d:dynamic) [ dynamic({"Name": "John", "Age": 20}), dynamic({"Name": "Dave", "Age": 40}), dynamic({"Name": "Jasmine", "Age": 30}) ]';

describe('evaluate bag_unpack', () => {
  it('with an output schema (documented)', async () => {
    expect(await runKql(engine, `${PEOPLE} | evaluate bag_unpack(d) : (Name:string, Age:long)`)).toEqual([
      ['John', 20],
      ['Dave', 40],
      ['Jasmine', 30],
    ]);
  });
  it('the schema orders the columns, fills a missing key and drops an undeclared one', async () => {
    expect(await runKql(engine, `${PEOPLE} | extend k = 1 | evaluate bag_unpack(d) : (Age:long, k:long, City:string)`)).toEqual([
      [20, 1, ''],
      [40, 1, ''],
      [30, 1, ''],
    ]);
  });
  it('with a prefix', async () => {
    expect(await runKql(engine, `${PEOPLE} | evaluate bag_unpack(d, "p_") | where p_Age > 25 | project p_Name`)).toEqual([['Dave'], ['Jasmine']]);
  });
  it('refuses what it does not implement', () => {
    const code = (kql: string) => compile(kql, { catalog: null, now: NOW }).diagnostics.map((d) => d.code);
    expect(code(`${PEOPLE} | evaluate bag_unpack(d) : (Name:string, Age:string)`)).toEqual(['HB132']);
    expect(code(`${PEOPLE} | extend Name = "x" | evaluate bag_unpack(d, columnsConflict="keep_source")`)).toEqual(['HB132']);
    expect(code(`${PEOPLE} | evaluate bag_unpack(d, ignoredProperties=dynamic(["Age"]))`)).not.toEqual([]);
    expect(code(`${PEOPLE} | evaluate bag_unpack(d, "p_", "keep_source")`)).not.toEqual([]);
  });
});
