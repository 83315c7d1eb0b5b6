/**
 * parse_version(): the documented examples of its page in the official KQL reference
 * (learn.microsoft.com/kusto/query/parse-version-function), run on the real engine. Its value is
 * a decimal of up to 32 digits, carried exactly (a HUGEINT) and shown with all its digits (as a
 * long beyond 2^53 is, as text); what could round it is refused.
 */
import { describe, expect, it } from 'vitest';
import { runKql } from '../helpers.ts';
import { type DocCase, runDocCases } from './doc-harness.ts';

const PAGE = 'parse-version-function';
const VERSIONS = 'datatable(v: string) ["0.0.0.5", "0.0.7.0", "0.0.3", "0.2", "0.1.2.0", "1.2.3.4", "1"]';
const LABS = `let dt = datatable(lab: string, v: string)
[
    "Lab A", "0.0.0.5",
    "Lab B", "0.0.7.0",
    "Lab D","0.0.3",
    "Lab C", "0.2",
    "Lab G", "0.1.2.0",
    "Lab F", "1.2.3.4",
    "Lab E", "1",
];
dt
| extend parsed_version = parse_version(v)
| extend needs_update = iff(parsed_version < parse_version("1.0.0.0"), "Yes", "No")
| project lab, v, needs_update
| sort by lab asc , v, needs_update`;

const CASES: DocCase[] = [
  {
    fn: 'parse_version',
    page: PAGE,
    kql: `let dt = ${VERSIONS};\ndt\n| extend parsedVersion = parse_version(v)`,
    rows: [
      ['0.0.0.5', 5],
      ['0.0.7.0', 700000000],
      ['0.0.3', 300000000],
      ['0.2', '20000000000000000'],
      ['0.1.2.0', '10000000200000000'],
      ['1.2.3.4', '1000000020000000300000004'],
      ['1', '1000000000000000000000000'],
    ],
  },
  {
    fn: 'parse_version',
    page: PAGE,
    kql: LABS,
    rows: [
      ['Lab A', '0.0.0.5', 'Yes'],
      ['Lab B', '0.0.7.0', 'Yes'],
      ['Lab C', '0.2', 'Yes'],
      ['Lab D', '0.0.3', 'Yes'],
      ['Lab E', '1', 'No'],
      ['Lab F', '1.2.3.4', 'No'],
      ['Lab G', '0.1.2.0', 'Yes'],
    ],
  },
  // not documented: white space or a sign around a part (a number parser might take them)
  { fn: 'parse_version', page: PAGE, kql: 'print parse_version(" 1.2")', error: 'HB162: parse_version() of text with white space or a sign' },
  { fn: 'parse_version', page: PAGE, kql: 'print parse_version("+1.2")', error: 'HB162: parse_version() of text with white space or a sign' },
  // anything that could round the 32-digit value (decimals are reals elsewhere here)
  { fn: 'parse_version', page: PAGE, kql: 'print parse_version("1.2") + 1', error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: 'print tostring(parse_version("1.2"))', error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: 'print todouble(parse_version("1.2"))', error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: `${VERSIONS} | summarize max(parse_version(v))`, error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: `${VERSIONS} | where parse_version(v) > decimal(1)`, error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: `${VERSIONS} | extend p = parse_version(v) | extend b = bag_pack("p", p)`, error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: `${VERSIONS} | extend p = parse_version(v) | union (print p = decimal(1))`, error: 'HB101' },
  { fn: 'parse_version', page: PAGE, kql: `${VERSIONS} | extend p = parse_version(v) | join (print p = decimal(1)) on p`, error: 'HB101' },
];

const getEngine = runDocCases('parse_version', CASES);

describe('parse_version: exact values', () => {
  it('the documented form; null otherwise; versions differing in the last part stay apart', async () => {
    const kql = `datatable(v: string) ["1.0.0.4", "1.0.0.5", "1.0.0.5", "99999999.99999999.99999999.99999999", "01.2", "",
      "1.2.3.4.5", "123456789", "1..2", "a.b", "1.", ".1"]
      | extend p = parse_version(v) | summarize c = count() by p | sort by p asc`;
    expect(await runKql(getEngine(), kql)).toEqual([
      [null, 7],
      ['1000000020000000000000000', 1],
      ['1000000000000000000000004', 1],
      ['1000000000000000000000005', 2],
      ['99999999999999999999999999999999', 1],
    ].sort((a, b) => (a[0] === null ? -1 : b[0] === null ? 1 : BigInt(a[0] as string) < BigInt(b[0] as string) ? -1 : 1)));
  });

  it('compared, joined and unioned with other versions exactly', async () => {
    const kql = `datatable(v: string) ["1.0.0.4", "1.0.0.5", "2"] | extend p = parse_version(v)
      | where p > parse_version("1.0.0.4") and isnotnull(p)
      | join kind=inner (datatable(w: string) ["1.0.0.5", "2.0"] | extend p = parse_version(w)) on p
      | union (print v = "x", p = parse_version("3"))
      | project v, p | sort by p desc`;
    expect(await runKql(getEngine(), kql)).toEqual([
      ['x', '3000000000000000000000000'],
      ['2', '2000000000000000000000000'],
      ['1.0.0.5', '1000000000000000000000005'],
    ]);
  });
});
