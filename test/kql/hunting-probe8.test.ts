/**
 * Fixes found by an eighth probe of public hunting queries (issue 11). Each expected value follows
 * from Kusto's documentation (the cited page); what it does not settle is a coded refusal. The
 * queries are our own, written for the construct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import { errorCodes, runKqlPasses } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine?.close();
});

describe('parse on a dynamic value', () => {
  // parse-operator: "If the parsed expression isn't of type string, it will be converted to type string."
  it('reads the value as its string and fills new string columns', async () => {
    const q = `print d=dynamic("https://sts.example/abcd1234") | parse d with * "://" Host "/" Rest | project Host, Rest`;
    const r = await runKqlPasses(engine, q);
    expect(r.columns.map((c) => [c.name, c.type])).toEqual([
      ['Host', 'string'],
      ['Rest', 'string'],
    ]);
    expect(r.rows).toEqual([['sts.example', 'abcd1234']]);
  });
  it('refuses to parse into the name of an input column of another type (HB132)', () => {
    // Kusto.Language lists the name twice (dynamic input, string parsed); the page does not say which
    // the result keeps. Before, this surfaced as an internal type error (HB098) or as HB006.
    expect(errorCodes(`print Issuer=dynamic("a://b") | parse Issuer with * "://" Issuer`)).toEqual(['HB132']);
    expect(
      errorCodes(
        `print x=1 | extend mp=dynamic([{"n":"IssuerUri","v":"a://b"}]) | mv-apply mp on (where mp.n == "IssuerUri" | extend Issuer=mp.v) | parse Issuer with * "://" Issuer`,
      ),
    ).toEqual(['HB132']);
  });
  it('still parses a string column into a new name next to it', async () => {
    const q = `print s="user=bob" | parse s with "user=" u | project s, u`;
    expect((await runKqlPasses(engine, q)).rows).toEqual([['user=bob', 'bob']]);
  });
});
